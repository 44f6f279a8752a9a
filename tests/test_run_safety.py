"""A careless configuration or a concurrent edit cannot destroy work or mix two exports (quick tests).

- output_dir rules (spec/config.py, run/output_guard.py) and the marker of folders a run owns;
- the run lock (run/run_lock.py): a second run stops, waits with wait=True, a stale lock is taken;
- the input snapshot (compute/fingerprint.py): every change after planning is seen;
- the signed result cache (compute/result_cache.py): a planted pickle is never unpickled;
- the publication thresholds (run/report_build.py: check_publishable).
The whole-run versions (two run_all processes at once, an export changed mid-run, n=1) are in
tests/test_run_safety_slow.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from wlzmonitor.compute import result_cache
from wlzmonitor.compute.fingerprint import InputsChangedError, hash_files, input_snapshot, year_fingerprint
from wlzmonitor.compute.result_cache import (
    CacheKeyError,
    cache_secret,
    cached_year_result,
    read_result,
    result_path,
    store_result,
)
from wlzmonitor.run.output_guard import MARKER, check_output_dir, is_owned, make_owned, remove_owned
from wlzmonitor.run.report_build import check_publishable
from wlzmonitor.run.report_plan import RunError
from wlzmonitor.run.run_lock import RunLockedError, lock_path, year_lock
from wlzmonitor.spec.config import ConfigError, PublicationSettings, load_config
from wlzmonitor.spec.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def make_repo(tmp_path: Path, report_yml_extra: str = "", output_dir: str = "outputs", *,
              copy_data: bool = False) -> Path:
    """A repository view: config/ copied (output_dir set), data/ linked (or copied), notebooks/ copied."""
    root = tmp_path / "repo"
    root.mkdir(parents=True)
    if copy_data:
        shutil.copytree(ROOT / "data", root / "data")
    else:
        (root / "data").symlink_to(ROOT / "data")
    shutil.copytree(ROOT / "config", root / "config")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    text = (root / "config" / "report.yml").read_text(encoding="utf-8")
    text = text.replace("\noutput_dir: outputs\n", f"\noutput_dir: {json.dumps(output_dir)}\n")
    if report_yml_extra:  # replaces a section of the same name (the last one counts)
        section = report_yml_extra.split(":", 1)[0]
        text = re.sub(rf"(?m)^{section}:.*\n(?:[ #].*\n|\n)*", "", text) + report_yml_extra
    (root / "config" / "report.yml").write_text(text, encoding="utf-8")
    load_config.cache_clear()
    return root


# -- output_dir -------------------------------------------------------------------------------
@pytest.mark.parametrize(("output_dir", "why"), [
    (".", "is the repository or a folder above it"),
    ("", "expected a folder name"),
    ("..", "is the repository or a folder above it"),
    ("../..", "is the repository or a folder above it"),
    ("/", "is the repository or a folder above it"),
    ("data", "which holds input"),
    ("data/raw", "which holds input"),
    ("data/published", "which holds input"),
    ("data/raw/2026", "which holds input"),
    ("data/raw/2026/out", "inside the input folder"),
    ("data/published/2026/html", "inside the input folder"),
    ("notebooks", "which holds input"),
    ("config", "which holds input"),
    ("config/out", "inside the input folder"),
    ("data/codeframes", "which holds input"),
    ("/tmp/wlz-outputs-elders", "outside the repository"),
    (".git", "hidden folder .git/"),
    (".git/rapport", "hidden folder .git/"),
    (".venv", "hidden folder .venv/"),
    ("./.jupyter/../.ci/x", "hidden folder .ci/"),
    (".uitvoer", "hidden folder .uitvoer/"),
])
def test_an_output_dir_that_would_destroy_inputs_is_refused(tmp_path, output_dir, why):
    root = make_repo(tmp_path, output_dir=output_dir)
    with pytest.raises(ConfigError, match="output_dir") as err:
        load_config(root)
    assert why in str(err.value)
    assert (ROOT / "data" / "raw" / "2026" / "respondenten.csv").exists()


def test_a_symlink_pointing_into_data_is_followed_and_refused(tmp_path):
    root = make_repo(tmp_path, output_dir="uitvoer", copy_data=True)
    (root / "uitvoer").symlink_to(root / "data" / "raw")
    with pytest.raises(ConfigError, match=r"holds input .*respondenten\.csv|holds input"):
        load_config(root)
    (root / "uitvoer").unlink()
    (root / "uitvoer").symlink_to(root / "data")
    with pytest.raises(ConfigError, match="holds input"):
        load_config(root)


def test_an_absolute_output_dir_outside_the_repo_needs_allowed_output_roots(tmp_path):
    elsewhere = tmp_path / "elders" / "rapport"
    root = make_repo(tmp_path, output_dir=str(elsewhere))
    with pytest.raises(ConfigError, match="allowed_output_roots"):
        load_config(root)
    root2 = make_repo(tmp_path / "b", output_dir=str(elsewhere),
                      report_yml_extra=f"allowed_output_roots: [{json.dumps(str(tmp_path / 'elders'))}]\n")
    assert load_config(root2).output_dir == elsewhere
    with pytest.raises(ConfigError, match="allowed_output_roots: expected a list of absolute folders"):
        load_config(make_repo(tmp_path / "c", report_yml_extra="allowed_output_roots: [relatief/pad]\n"))


@pytest.mark.parametrize("output_dir", ["outputs", "build/rapport", "uitvoer"])
def test_an_ordinary_output_dir_is_fine(tmp_path, output_dir):
    root = make_repo(tmp_path, output_dir=output_dir)
    config = load_config(root)
    assert config.output_dir == root / output_dir
    check_output_dir(config)


def test_with_output_dir_is_on_purpose_but_keeps_the_other_rules(tmp_path):
    config = load_config().with_output_dir(tmp_path / "uit")
    assert config.output_dir == (tmp_path / "uit").resolve()
    check_output_dir(config)
    with pytest.raises(ConfigError, match="holds input"):
        load_config().with_output_dir(ROOT / "data")
    with pytest.raises(ConfigError, match="repository or a folder above it"):
        load_config().with_output_dir(ROOT.parent)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_an_output_dir_holding_tracked_files_is_refused(tmp_path):
    root = make_repo(tmp_path, output_dir="docs", copy_data=True)
    (root / "docs").mkdir()
    (root / "docs" / "handleiding.md").write_text("# Handleiding\n", encoding="utf-8")
    (root / "docs" / "concept.md").write_text("niet gevolgd\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    for args in (["init", "-q"], ["add", "docs/handleiding.md"], ["commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)
    config = load_config(root)  # docs/ holds no input: the configuration itself is fine
    with pytest.raises(ConfigError, match=r"tracked by git \(e\.g\. docs/handleiding\.md\)"):
        check_output_dir(config)
    (root / "docs" / "handleiding.md").unlink()
    subprocess.run(["git", "-C", str(root), "rm", "-q", "--cached", "docs/handleiding.md"], check=True,
                   capture_output=True)
    check_output_dir(config)


# -- folders a run owns ------------------------------------------------------------------------
def test_only_marked_folders_are_removed(tmp_path):
    own = make_owned(tmp_path / "eigen")
    assert (own / MARKER).is_file() and is_owned(own, 2026)
    remove_owned(own, 2026)
    assert not own.exists()
    remove_owned(tmp_path / "bestaat-niet", 2026)  # nothing to do

    foreign = tmp_path / "vreemd"
    foreign.mkdir()
    (foreign / "respondenten.csv").write_text("respondent_id\nR1\n", encoding="utf-8")
    with pytest.raises(RunError, match="without the marker file"):
        remove_owned(foreign, 2026)
    assert (foreign / "respondenten.csv").exists()

    link = tmp_path / "link"
    link.symlink_to(own.parent / "vreemd")
    with pytest.raises(RunError, match="symbolic link"):
        remove_owned(link, 2026)
    assert (foreign / "respondenten.csv").exists()

    marked_link = tmp_path / "gemarkeerd"
    make_owned(marked_link)
    (tmp_path / "link2").symlink_to(marked_link)
    assert not is_owned(tmp_path / "link2", 2026)  # a link is never followed, even to an owned folder


def test_an_output_from_before_the_marker_counts_by_its_manifest(tmp_path):
    old = tmp_path / "2026"
    old.mkdir()
    (old / "manifest.json").write_text(json.dumps({"year": 2026, "chapters": {}}), encoding="utf-8")
    assert is_owned(old, 2026) and not is_owned(old, 2025)
    (old / "manifest.json").write_text("[]", encoding="utf-8")
    assert not is_owned(old, 2026)


@pytest.mark.parametrize("chapters, kept", [
    ({"01_tarieven": "ok", "02_capaciteit": {"status": "ok", "fingerprint": "f"}}, {"02_capaciteit"}),
    ({"01_tarieven": ["ok"], "02_capaciteit": None, "03_herschikking": 3}, set()),
    (["01_tarieven"], set()),
    ("ok", set()),
    (None, set()),
])
def test_a_hand_edited_manifest_is_taken_for_what_it_still_says(tmp_path, chapters, kept):
    """A chapter entry that is not an object is left out (the chapter runs again); no crash."""
    from wlzmonitor.run.report_plan import plan, read_manifest

    root = make_repo(tmp_path)
    target = root / "outputs" / "2026"
    target.mkdir(parents=True)
    (target / "manifest.json").write_text(json.dumps({"year": 2026, "data": "x", "chapters": chapters}),
                                          encoding="utf-8")
    manifest = read_manifest(target)
    assert set(manifest["chapters"]) == kept and manifest["data"] == "x"
    config = load_config(root)
    assert plan(2026, config=config).to_run == list(config.chapters)  # nothing matches: every chapter runs


def test_build_report_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    from wlzmonitor.run.report_run import build_report

    root = make_repo(tmp_path)
    target = root / "outputs" / "2026"
    target.mkdir(parents=True)
    (target / "belangrijk.xlsx").write_bytes(b"eigen werk")
    with pytest.raises(RunError, match="was not written by run_all.py"):
        build_report(2026, config=load_config(root), log=lambda _: None)
    assert (target / "belangrijk.xlsx").read_bytes() == b"eigen werk"
    target.rename(root / "outputs" / "elders")
    target.symlink_to(root / "outputs" / "elders")
    with pytest.raises(RunError, match="was not written by run_all.py"):
        build_report(2026, config=load_config(root), log=lambda _: None)
    assert (root / "outputs" / "elders" / "belangrijk.xlsx").exists()


# -- the run lock ------------------------------------------------------------------------------
def test_a_second_run_of_the_same_year_is_refused_with_the_owner(tmp_path):
    config = load_config().with_output_dir(tmp_path / "uit")
    with year_lock(config, 2026):
        with pytest.raises(RunLockedError, match=rf"another run of 2026 is in progress \(process {os.getpid()} on "):
            with year_lock(config, 2026):
                pass
        with year_lock(config, 2025):  # another year: its own lock
            pass
    with year_lock(config, 2026):  # released
        pass


def test_the_lock_is_held_across_processes(tmp_path):
    config = load_config().with_output_dir(tmp_path / "uit")
    code = ("import sys, time\nfrom wlzmonitor.spec.config import load_config\n"
            "from wlzmonitor.run.run_lock import year_lock\n"
            f"c = load_config().with_output_dir({str(tmp_path / 'uit')!r})\n"
            "with year_lock(c, 2026):\n    print('held', flush=True)\n    time.sleep(float(sys.argv[1]))\n")
    holder = subprocess.Popen([sys.executable, "-c", code, "1.5"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(RunLockedError, match=f"process {holder.pid}"):
            with year_lock(config, 2026):
                pass
        began = time.monotonic()
        with year_lock(config, 2026, wait=True):  # waits for the holder to finish
            assert holder.poll() is not None or time.monotonic() - began > 0.5
    finally:
        holder.kill()
        holder.wait()


def test_a_stale_lock_of_a_dead_process_is_taken(tmp_path):
    config = load_config().with_output_dir(tmp_path / "uit")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path = lock_path(config, 2026)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"pid": dead.pid, "host": "elders", "started": 0}), encoding="utf-8")
    with year_lock(config, 2026):
        assert json.loads(path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    # a process that died holding the lock: the system released it
    code = ("import os\nfrom wlzmonitor.spec.config import load_config\nfrom wlzmonitor.run.run_lock import year_lock\n"
            f"c = load_config().with_output_dir({str(tmp_path / 'uit')!r})\n"
            "with year_lock(c, 2026):\n    os._exit(9)\n")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    with year_lock(config, 2026):
        pass


def test_wait_waits_for_a_lock_released_in_this_process(tmp_path):
    config = load_config().with_output_dir(tmp_path / "uit")
    held = threading.Event()
    release = threading.Event()

    def hold():
        with year_lock(config, 2026):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    threading.Timer(0.3, release.set).start()
    began = time.monotonic()
    with year_lock(config, 2026, wait=True):
        assert time.monotonic() - began >= 0.25
    thread.join()


# -- the input snapshot ------------------------------------------------------------------------
def test_the_key_is_unchanged_and_the_snapshot_sees_every_change(tmp_path):
    root = make_repo(tmp_path, copy_data=True)
    config = load_config(root)
    snapshot = input_snapshot(2026, config, watch=[root / "notebooks" / "01_tarieven.py"])
    assert snapshot.key == year_fingerprint(2026, config) and snapshot.changed() == []
    export = config.year(2026).export
    assert snapshot.digest_of(export) == hashlib.sha256(export.read_bytes()).hexdigest()
    assert snapshot.hash_of([root / "notebooks" / "01_tarieven.py"]) == \
        hash_files([root / "notebooks" / "01_tarieven.py"], root)

    export.write_bytes(export.read_bytes())  # the same bytes written again: still a write
    codeframe_extra = config.folder("codeframes") / "nieuw.yml"
    codeframe_extra.write_text("x: 1\n", encoding="utf-8")
    (root / "notebooks" / "01_tarieven.py").write_text("# anders\n", encoding="utf-8")
    changed = snapshot.changed()
    assert "data/raw/2026/respondenten.csv (written)" in changed
    assert "data/codeframes/nieuw.yml (added)" in changed
    assert "notebooks/01_tarieven.py (written)" in changed
    with pytest.raises(InputsChangedError, match="respondenten.csv"):
        snapshot.check("while testing")


def test_an_input_that_cannot_be_read_is_named_not_a_traceback(tmp_path, monkeypatch):
    root = make_repo(tmp_path, copy_data=True)
    config = load_config(root)
    export = config.year(2026).export
    real_open = os.open

    def refuse(path, *args, **kwargs):  # running as root, chmod 000 would not refuse
        if Path(path) == export:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError, match=r"respondenten\.csv: cannot be read \(Permission denied\)"):
        input_snapshot(2026, config)


def test_a_file_replaced_by_rename_is_seen(tmp_path):
    root = make_repo(tmp_path, copy_data=True)
    config = load_config(root)
    snapshot = input_snapshot(2026, config)
    export = config.year(2026).export
    copy = export.with_suffix(".tmp")
    shutil.copy2(export, copy)  # same bytes, same times: only the inode differs
    os.replace(copy, export)
    assert snapshot.changed() == ["data/raw/2026/respondenten.csv (written)"]


def test_a_result_computed_while_the_export_changed_is_not_stored(tmp_path, monkeypatch):
    root = make_repo(tmp_path, copy_data=True)
    config = load_config(root)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(tmp_path / "sleutel" / "key"))
    export = config.year(2026).export

    def compute_while_someone_edits(year, config):
        export.write_text(export.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return SimpleNamespace(year=year)

    monkeypatch.setattr(result_cache, "load_year_result", compute_while_someone_edits)
    with pytest.raises(InputsChangedError, match=r"respondenten\.csv \(written\).*published nothing"):
        cached_year_result(2026, config, directory=tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("result-*"))


# -- the signed result cache -------------------------------------------------------------------
class _Planted:
    """Unpickling this creates a file: proof that code from the cache folder ran."""

    def __init__(self, proof: Path):
        self.proof = proof

    def __reduce__(self):
        return (Path.write_text, (self.proof, "code uit de cache is uitgevoerd"))


@pytest.fixture
def key_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "sleutels" / "cache-key"
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(path))
    return path


def test_the_key_is_created_private(key_file):
    key = cache_secret()
    assert len(key) == 32 and cache_secret() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700


def test_a_key_others_can_read_or_replace_is_refused(key_file):
    cache_secret()
    key_file.chmod(0o644)
    with pytest.raises(CacheKeyError, match="may be read or written by others"):
        cache_secret()
    key_file.chmod(0o600)
    key_file.parent.chmod(0o777)
    with pytest.raises(CacheKeyError, match="in a folder others may write to"):
        cache_secret()
    key_file.parent.chmod(0o700)
    key_file.write_bytes(b"kort")
    with pytest.raises(CacheKeyError, match="holds 4 bytes"):
        cache_secret()


def test_a_key_being_made_is_never_found_half_written(key_file, monkeypatch):
    """Two first runs at once (or a run and its helpers): the second found the key file the first
    had created but not yet written, and stopped with "holds 0 bytes ... Delete it". Here the other
    process asks for the key at the moment this one draws its random bytes."""
    from wlzmonitor.compute import cache_key

    draw, asked, seen = cache_key.secrets.token_bytes, [], []

    def token_bytes(n):
        if n == 32 and not asked:  # the other process, once (the key, not a temporary name)
            asked.append(True)
            seen.append(cache_secret())
        return draw(n)

    monkeypatch.setattr(cache_key.secrets, "token_bytes", token_bytes)
    key = cache_secret()
    assert seen == [key] and len(key) == 32
    assert sorted(p.name for p in key_file.parent.iterdir()) == ["cache-key"]  # no temporary file left


class _FullDisk:
    """A file handle on a disk that fills up after the first bytes."""

    def __init__(self, fd, *args, **kwargs):
        import io

        self.handle = io.open(fd, *args, **kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def write(self, data):
        import errno

        self.handle.write(data[:10])
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_no_half_written_cache_file_and_names_the_file(key_file, monkeypatch, tmp_path):
    """Review (`ulimit -f`, a full disk): the result's temporary twin stayed in outputs/.cache at
    the size the disk allowed, once per attempt, and the run said "could not write ... check that
    file" without naming it. Charts, PDF parts and gate verdicts (signed files) left theirs too."""
    from wlzmonitor.compute import signed_files
    from wlzmonitor.run import notebook_run

    cache_secret()  # the key exists already
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setattr(os, "fdopen", _FullDisk)
    target = cache / "result-2026-abc.pkl"
    with pytest.raises(OSError) as caught:
        result_cache.store_result({"tabel": 1}, target)
    assert caught.value.filename == str(target)
    signed_files.write_signed(cache / "x.chart", "chart", b"png" * 100)  # a cache: no error, no file
    assert list(cache.iterdir()) == []
    monkeypatch.undo()
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(key_file))
    monkeypatch.setattr(notebook_run, "open", _FullDisk, raising=False)  # the module's open()
    page = tmp_path / "01_tarieven.html"
    with pytest.raises(OSError) as caught:
        notebook_run.write_text_atomically(page, "<p>tekst</p>")
    assert caught.value.filename == str(page) and list(tmp_path.glob(".*.tmp")) == []


def test_a_default_key_lives_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("WLZ_MONITOR_CACHE_KEY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert result_cache.cache_key_path() == tmp_path / "xdg" / "wlzmonitor" / "cache-key"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert result_cache.cache_key_path() == Path.home() / ".cache" / "wlzmonitor" / "cache-key"


def _fake_compute(calls: list):
    def compute(year, config):
        calls.append(year)
        return SimpleNamespace(year=year, marker="vers berekend")
    return compute


@pytest.mark.parametrize("tamper", ["planted pickle", "planted with our header", "edited", "other user's key",
                                    "renamed from another key"])
def test_a_planted_or_edited_cache_file_is_never_unpickled(tmp_path, monkeypatch, key_file, tamper):
    proof = tmp_path / "BEWIJS.txt"
    calls: list = []
    monkeypatch.setattr(result_cache, "load_year_result", _fake_compute(calls))
    from wlzmonitor.compute import year_result  # result_cache imports the type there when it checks

    monkeypatch.setattr(year_result, "YearResult", SimpleNamespace)
    config = load_config()
    cache = tmp_path / "cache"
    key = year_fingerprint(2026, config)
    path = result_path(2026, key, cache)
    cache.mkdir()
    payload = pickle.dumps(_Planted(proof))
    if tamper == "planted pickle":
        path.write_bytes(payload)
    elif tamper == "planted with our header":
        path.write_bytes(result_cache.MAGIC + b"\0" * 32 + payload)
    elif tamper == "edited":
        store_result(SimpleNamespace(year=2026, marker="oud"), path)
        data = bytearray(path.read_bytes())
        data[-5] ^= 1
        path.write_bytes(bytes(data))
    elif tamper == "other user's key":
        monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(tmp_path / "ander" / "key"))
        store_result(_Planted(proof), path)
        monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(key_file))
    else:  # a validly signed file of another key, renamed to this key's name
        other = result_path(2026, "0" * 64, cache)
        store_result(_Planted(proof), other)
        other.rename(path)
    assert not proof.exists()
    result = cached_year_result(2026, config, directory=cache)
    assert not proof.exists(), "code from the cache folder ran"
    assert result.marker == "vers berekend" and calls == [2026]  # recomputed
    assert path.read_bytes().startswith(result_cache.MAGIC)  # and stored signed
    assert cached_year_result(2026, config, directory=cache).marker == "vers berekend" and calls == [2026]


def test_a_chapter_handed_a_planted_result_stops_without_running_it(tmp_path, key_file):
    proof = tmp_path / "BEWIJS.txt"
    planted = tmp_path / "result-2026-abc.pkl"
    planted.write_bytes(pickle.dumps(_Planted(proof)))
    with pytest.raises(ValueError, match="not a signed result file"):
        read_result(planted, 2026)
    signed = tmp_path / "result-2026-def.pkl"
    store_result(SimpleNamespace(year=2026), signed)
    with pytest.raises(ValueError, match="not the computed result of 2026"):
        read_result(signed, 2026)  # signed, but not a YearResult
    assert not proof.exists()


# -- publication thresholds --------------------------------------------------------------------
def _result(n: int, year: int = 2026):
    return SimpleNamespace(year=year, survey=SimpleNamespace(n=n, source="data/raw/2026/respondenten.csv"))


@pytest.mark.parametrize("n", [0, 1, 2, 9])
def test_too_few_respondents_are_never_published(tmp_path, n):
    config = load_config().with_output_dir(tmp_path)
    with pytest.raises(RunError, match=rf"2026: {n} organisation\(s\) completed the survey .*at least 10 are "
                                       r"needed to publish \(publication: min_respondents in config/report.yml\)"):
        check_publishable(_result(n), {"respondents": 122}, config, accept_drop=True)  # the flag does not help


def test_a_large_drop_needs_accept_drop(tmp_path):
    config = load_config().with_output_dir(tmp_path)
    with pytest.raises(RunError, match=r"60 organisations completed the survey, against 122 in the output it would "
                                       r"replace .*51% fewer, more than publication: max_drop \(50%\).*--accept-drop"):
        check_publishable(_result(60), {"respondents": 122}, config)
    check_publishable(_result(60), {"respondents": 122}, config, accept_drop=True)
    check_publishable(_result(61), {"respondents": 122}, config)  # exactly 50%: allowed
    check_publishable(_result(130), {"respondents": 122}, config)  # more respondents: fine
    check_publishable(_result(10), {}, config)  # no earlier output (or one from before the check)
    check_publishable(_result(10), {"respondents": "122"}, config)  # not a number: no comparison


def test_publication_settings_are_read_and_checked(tmp_path):
    assert load_config().publication == PublicationSettings(min_respondents=10, max_drop=0.5)
    root = make_repo(tmp_path, report_yml_extra="publication:\n  min_respondents: 25\n  max_drop: 0.2\n")
    assert load_config(root).publication == PublicationSettings(25, 0.2)
    for i, (extra, message) in enumerate([
        ("publication:\n  min_respondents: 0\n", "min_respondents must be a whole number >= 1"),
        ("publication:\n  max_drop: 50\n", "max_drop must be a share between 0 and 1"),
        ("publication:\n  min_respondent: 5\n", "unknown key"),
    ]):
        bad = make_repo(tmp_path / str(i), report_yml_extra=extra)
        with pytest.raises(ConfigError, match=message):
            load_config(bad)


def test_run_settings_are_read_and_checked(tmp_path):
    from wlzmonitor.run.report_build import _chapter_job
    from wlzmonitor.spec.config import RunSettings

    assert load_config().run == RunSettings(cell_timeout=600)
    assert load_config(make_repo(tmp_path / "none")).run == RunSettings(cell_timeout=600)  # the default
    for i, (extra, limit) in enumerate([("run:\n  cell_timeout: 30\n", 30), ("run:\n  cell_timeout: 0\n", None),
                                        ("run:\n  cell_timeout: null\n", None), ("run: {}\n", 600)]):
        config = load_config(make_repo(tmp_path / f"ok{i}", report_yml_extra=extra))
        assert config.run.cell_timeout == limit
        assert _chapter_job(2026, config, "00_samenvatting", tmp_path, {}).timeout == limit
    for i, (extra, message) in enumerate([
        ("run:\n  cell_timeout: -5\n", "cell_timeout .* expected a whole number from 1"),
        ("run:\n  cell_timeout: tien\n", "cell_timeout .* got 'tien'"),
        ("run:\n  cell_timeout: true\n", "cell_timeout .* got True"),
        ("run:\n  cel_timeout: 5\n", "run: unknown key.*cel_timeout.*known: cell_timeout"),
        ("run: 600\n", "run: expected a mapping"),
        # the notebook client takes whole seconds: 2.5 failed every chapter with a TraitError
        ("run:\n  cell_timeout: 2.5\n", r"cell_timeout .*expected a whole number from 1 to 86400, got 2\.5"),
    ]):
        with pytest.raises(ConfigError, match=message):
            load_config(make_repo(tmp_path / f"bad{i}", report_yml_extra=extra))


def test_an_output_without_its_pdf_or_workbook_is_not_complete(tmp_path):
    """A deleted PDF or workbook was taken for "up to date" (review): the output is made again."""
    from wlzmonitor.run.report_plan import is_complete

    from wlzmonitor.run.report_plan import output_files

    for name in ("index.html", "tables/index.csv", "01_tarieven.html", "wlz_monitor_2026.pdf",
                 "wlz_monitor_2026_tabellen.xlsx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    manifest = {"year": 2026, "chapters": {"01_tarieven": {"status": "ok"}}, "files": output_files(tmp_path)}
    assert is_complete(tmp_path, manifest)
    for name in ("wlz_monitor_2026.pdf", "wlz_monitor_2026_tabellen.xlsx"):
        (tmp_path / name).rename(tmp_path / (name + ".weg"))
        assert not is_complete(tmp_path, manifest), name
        (tmp_path / (name + ".weg")).rename(tmp_path / name)
    assert not is_complete(tmp_path, {k: v for k, v in manifest.items() if k != "files"})  # nothing to check by


def test_a_file_not_as_its_run_wrote_it_is_found(tmp_path):
    """The manifest records every file's SHA-256: an edited, added, removed or replaced-by-a-link file
    of the output is 'altered' (and the output not complete); the manifest and marker are not recorded."""
    from wlzmonitor.run.report_plan import altered_files, chapter_of, is_complete, output_files

    chapters = ["01_tarieven", "bijlage_1", "bijlage_1_respons"]
    for name, text in (("index.html", "i"), ("tables/index.csv", "t"), ("01_tarieven.html", "p"),
                       ("notebooks/01_tarieven.ipynb", "{}"), ("figures/01_tarieven_tarief.svg", "<svg/>"),
                       ("wlz_monitor_2026.pdf", "%PDF"), ("wlz_monitor_2026_tabellen.xlsx", "x"),
                       ("manifest.json", "{}"), (".wlzmonitor-output", "m")):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = output_files(tmp_path)
    assert "manifest.json" not in files and ".wlzmonitor-output" not in files and len(files) == 7
    manifest = {"year": 2026, "chapters": {"01_tarieven": {"status": "ok"}}, "files": files}
    assert altered_files(tmp_path, manifest) == frozenset() and is_complete(tmp_path, manifest)
    (tmp_path / "manifest.json").write_text("[]", encoding="utf-8")  # the manifest itself is not recorded
    assert altered_files(tmp_path, manifest) == frozenset()
    (tmp_path / "01_tarieven.html").write_text("p (met de hand verbeterd: 23%)", encoding="utf-8")
    (tmp_path / "tables" / "extra.csv").write_text("a\n", encoding="utf-8")
    (tmp_path / "figures" / "01_tarieven_tarief.svg").unlink()
    (tmp_path / "figures" / "01_tarieven_tarief.svg").symlink_to(tmp_path / "index.html")
    (tmp_path / "wlz_monitor_2026_tabellen.xlsx").unlink()
    assert altered_files(tmp_path, manifest) == {"01_tarieven.html", "tables/extra.csv", "figures/01_tarieven_tarief.svg",
                                                 "wlz_monitor_2026_tabellen.xlsx"}
    assert not is_complete(tmp_path, manifest)
    assert altered_files(tmp_path, {"files": "x"}) is None and altered_files(tmp_path, {}) is None
    assert [chapter_of(r, chapters) for r in ("01_tarieven.html", "notebooks/01_tarieven.ipynb",
                                              "figures/bijlage_1_respons_x.png", "figures/bijlage_1_x.png",
                                              "tables/01_tarieven.csv", "index.html", "notebooks/x/01_tarieven.ipynb",
                                              "figures/onbekend.png")] == \
        ["01_tarieven", "01_tarieven", "bijlage_1_respons", "bijlage_1", None, None, None, None]


def test_a_population_per_year_pattern(tmp_path):
    from wlzmonitor.spec.config import ConfigError

    root = make_repo(tmp_path, report_yml_extra="weighting:\n  population: config/population_{year}.yml\n")
    config = load_config(root)
    assert config.population_per_year and config.population_for(2025) == root / "config" / "population_2025.yml"
    assert root / "config" / "population_2026.yml" in config.input_paths()
    assert not load_config(make_repo(tmp_path / "b")).population_per_year
    for i, bad in enumerate(("config/population_{jaar}.yml", "config/{}.yml", "''")):
        with pytest.raises(ConfigError, match="weighting: population"):
            load_config(make_repo(tmp_path / f"c{i}", report_yml_extra=f"weighting:\n  population: {bad}\n"))


def test_a_config_without_chapters_publishes_nothing(tmp_path, private_key):
    """chapters: {} published an index without pages over the complete report, exit 0 (review)."""
    import yaml

    import new_wave
    from wlzmonitor.run.report_plan import RunError, plan
    from wlzmonitor.spec.config import load_config

    root = new_wave.repository(tmp_path)
    path = root / "config" / "report.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["chapters"] = {}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_config.cache_clear()
    try:
        with pytest.raises(RunError, match="config/report.yml has no chapters"):
            plan(2026, config=load_config(root))
    finally:
        load_config.cache_clear()


@pytest.mark.parametrize("planted", ["fifo", "folder", "symlink"])
def test_a_planted_file_in_the_cache_is_never_read_and_never_hangs(tmp_path, private_key, planted):
    """A named pipe where a cache file goes made every run wait forever holding the year's lock; a
    folder gave a traceback (review). Anything but a regular file reads as missing."""
    from wlzmonitor.compute.signed_files import read_regular_file, read_signed, write_signed

    real = tmp_path / "real.json"
    write_signed(real, "year-check", b"{}")
    path = tmp_path / "year-check-2026.json"
    if planted == "fifo":
        os.mkfifo(path)
    elif planted == "folder":
        path.mkdir()
    else:
        path.symlink_to(real)
    assert read_regular_file(path) is None and read_signed(path, "year-check") is None
    assert read_signed(real, "year-check") == b"{}"


@pytest.mark.parametrize("planted", ["folder", "fifo"])
def test_a_planted_result_slot_or_lock_is_a_clear_error(tmp_path, planted):
    from wlzmonitor.compute.result_cache import _usable_slot
    from wlzmonitor.run.run_lock import year_lock
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.errors import InputError

    slot = tmp_path / ".cache" / "result-2026-abc.pkl"
    slot.parent.mkdir()
    slot.mkdir() if planted == "folder" else os.mkfifo(slot)
    with pytest.raises(InputError, match=r"result-2026-abc.pkl: is not a regular file .*: remove it"):
        _usable_slot(slot)
    config = load_config().with_output_dir(tmp_path / "outputs")
    lock = tmp_path / "outputs" / ".2026.lock"
    lock.parent.mkdir()
    lock.mkdir() if planted == "folder" else os.mkfifo(lock)
    with pytest.raises(InputError, match=r"\.2026\.lock: cannot be used as the run's lock"):
        with year_lock(config, 2026):
            pass


def test_an_outputs_folder_you_may_not_write_is_not_called_a_planted_lock(tmp_path, monkeypatch):
    """Review: run as a user who may not write outputs/ (a colleague's folder, a read-only share),
    the run said the lock "cannot be used ... (Permission denied): remove it", which does not help."""
    import errno

    from wlzmonitor.run import run_lock

    config = load_config().with_output_dir(tmp_path / "outputs")
    real_open = os.open

    def refused(path, *args, **kwargs):
        if str(path).endswith(".2026.lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(run_lock.os, "open", refused)
    with pytest.raises(InputError, match=r"\.2026\.lock: cannot open the run's lock \(Permission denied\)") as caught:
        with year_lock(config, 2026):
            pass
    assert "remove it" not in str(caught.value) and "output_dir" in str(caught.value)


# -- a key written twice in a hand-written YAML file -------------------------------------------------
@pytest.mark.parametrize("which", ["report", "privacy", "population", "mapping", "layout", "discrepancies"])
def test_a_key_written_twice_in_any_hand_written_yaml_file_is_an_error(tmp_path, which):
    """Review: a second `organisations:` appended to config/privacy.yml silently replaced the member
    list (PyYAML keeps the last): organisation names went into the report. Every hand-written YAML
    file is read with the strict loader; the message names the file and the key."""
    from wlzmonitor.compute.reproduction import load_known_discrepancies
    from wlzmonitor.inputs.mapping_file import load_mapping
    from wlzmonitor.spec.errors import InputError
    from wlzmonitor.spec.layout import load_layout
    from wlzmonitor.spec.population import load_population
    from wlzmonitor.spec.privacy_settings import load_privacy_settings

    root = make_repo(tmp_path, copy_data=True)
    files = {"report": (root / "config" / "report.yml", "output_dir: elders\n", lambda: load_config(root)),
             "privacy": (root / "config" / "privacy.yml", 'organisations:\n  - "Zorggroep X"\n',
                         lambda: load_privacy_settings(root / "config" / "privacy.yml")),
             "population": (root / "config" / "population.yml", "members: 10\n",
                            lambda: load_population(root / "config" / "population.yml")),
             "mapping": (root / "data" / "mappings" / "example.yml", "header_rows: 1\nheader_rows: 2\n",
                         lambda: load_mapping(root / "data" / "mappings" / "example.yml")),
             "layout": (root / "data" / "reports" / "2026" / "tables.yml", "year: 2026\n",
                        lambda: load_layout(root / "data" / "reports" / "2026" / "tables.yml")),
             "discrepancies": (root / "data" / "published" / "2026" / "known_discrepancies.yml", "discrepancies: []\n",
                               lambda: load_known_discrepancies(2026, root))}
    path, extra, load = files[which]
    load()  # as shipped: fine
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    load_config.cache_clear()
    with pytest.raises(InputError, match="appears twice") as err:
        load()
    assert path.name in str(err.value)


_ALIAS_BOMB = "".join(["zz_0: &zz_0 [x, x, x, x, x, x, x, x, x, x]\n"] + [
    f"zz_{i}: &zz_{i} [{', '.join([f'*zz_{i - 1}'] * 10)}]\n" for i in range(1, 9)])


@pytest.mark.parametrize("which", ["report", "privacy", "population", "mapping", "layout", "discrepancies",
                                   "codebook", "codeframe"])
@pytest.mark.parametrize("extra", [
    _ALIAS_BOMB,                                             # a billion laughs: 10^9 leaves in nine lines
    "zz_base: &zz_base {a: 1}\nzz_more:\n  <<: *zz_base\n",   # a merge key
    "zz_list:\n  - &zz_one 1\n  - *zz_one\n",                # one scalar used twice
], ids=["alias bomb", "merge key", "scalar alias"])
def test_an_alias_in_any_hand_written_yaml_file_is_an_error(tmp_path, which, extra):
    """Hostile review: nested aliases make a nine-line file that any code walking it takes
    exponential time and memory over. No hand-written file needs an alias: each one is an error
    naming the file and the line, before anything of the document is used."""
    from wlzmonitor.compute.reproduction import load_known_discrepancies
    from wlzmonitor.inputs.mapping_file import load_mapping
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.codeframes import load_codeframes
    from wlzmonitor.spec.errors import InputError
    from wlzmonitor.spec.layout import load_layout
    from wlzmonitor.spec.population import load_population
    from wlzmonitor.spec.privacy_settings import load_privacy_settings

    root = make_repo(tmp_path, copy_data=True)
    codebook = root / "data" / "codebooks" / "2026.yml"
    files = {"report": (root / "config" / "report.yml", lambda: load_config(root)),
             "privacy": (root / "config" / "privacy.yml",
                         lambda: load_privacy_settings(root / "config" / "privacy.yml")),
             "population": (root / "config" / "population.yml",
                            lambda: load_population(root / "config" / "population.yml")),
             "mapping": (root / "data" / "mappings" / "example.yml",
                         lambda: load_mapping(root / "data" / "mappings" / "example.yml")),
             "layout": (root / "data" / "reports" / "2026" / "tables.yml",
                        lambda: load_layout(root / "data" / "reports" / "2026" / "tables.yml")),
             "discrepancies": (root / "data" / "published" / "2026" / "known_discrepancies.yml",
                               lambda: load_known_discrepancies(2026, root)),
             "codebook": (codebook, lambda: load_codebook(codebook)),
             "codeframe": (root / "data" / "codeframes" / "2026.yml",
                           lambda: load_codeframes(root / "data" / "codeframes" / "2026.yml", load_codebook(codebook)))}
    path, load = files[which]
    load()  # as shipped: fine
    lines = path.read_text(encoding="utf-8").count("\n")
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    load_config.cache_clear()
    with pytest.raises(InputError, match="an alias") as err:
        load()
    where = [int(n) for n in re.findall(r"line (\d+)", str(err.value))]
    assert path.name in str(err.value) and where and all(n > lines for n in where)  # the lines added


def test_a_chapter_with_a_deleted_chart_is_run_not_updated_in_its_prose(tmp_path, monkeypatch):
    """Review: a chart deleted from outputs/2026/figures made its chapter 'run' prose-only, which keeps
    the charts as they are: the chart stayed missing (and left the manifest). Such a chapter runs."""
    from wlzmonitor.run.report_build import _prose_only_chapters
    from wlzmonitor.run.report_plan import Plan

    root = make_repo(tmp_path)
    config = load_config(root)
    stem = next(iter(config.chapters))
    config.output_for(2026).mkdir(parents=True)
    entry = {"status": "ok", "code": "c", "executed": "e", "fingerprint": "f"}
    from wlzmonitor.run import report_build

    monkeypatch.setattr(report_build, "notebook_code_key", lambda *a: ("c", None))  # the same code as recorded
    monkeypatch.setattr(report_build, "rewrite_prose", lambda *a, **k: type("R", (), {"ok": True})())
    monkeypatch.setattr(report_build, "_remove_chapter_files", lambda *a: None)
    clean = Plan([stem], {stem: "g"}, "key", {"chapters": {stem: entry}}, altered=frozenset())
    assert list(_prose_only_chapters(2026, config, clean, tmp_path / "staging", {})) == [stem]  # prose only
    planned = Plan([stem], {stem: "g"}, "key", {"chapters": {stem: entry}},
                   altered=frozenset({f"figures/{stem}_grafiek.png"}))
    assert _prose_only_chapters(2026, config, planned, tmp_path / "staging", {}) == {}


def test_a_weighted_report_with_a_population_per_year_needs_each_data_year_s(tmp_path):
    """Review: with only population_2026.yml, check-year 2026 was clean and the weighted run stopped at
    2024's missing file."""
    from wlzmonitor.spec.year_check import check_year

    root = make_repo(tmp_path, report_yml_extra="weighting:\n  enabled: true\n  population: config/population_{year}.yml\n")
    shutil.copy(root / "config" / "population.yml", root / "config" / "population_2026.yml")
    found = check_year(2026, load_config(root))
    missing = sorted(f.text() for f in found.findings if f.kind == "population" and "no member population for" in f.text())
    assert len(missing) == 2 and "for 2024" in missing[0] and "for 2025" in missing[1], found.text()


def test_a_write_error_without_an_errno_keeps_its_message_and_names_the_file(tmp_path):
    """Review: an OSError without an errno (a library's own, a wrapped stream's) became
    "[Errno None] None: 'page.html'" when the writer added the file name; now its own message with the file."""
    from wlzmonitor.spec.errors import naming_the_file

    page = tmp_path / "page.html"
    assert str(naming_the_file(OSError("stream closed"), page)) == f"{page}: stream closed"
    assert str(naming_the_file(OSError(), page)) == f"{page}: OSError"
    full = naming_the_file(OSError(28, "No space left on device"), page)
    assert (full.errno, full.strerror, full.filename) == (28, "No space left on device", str(page))


def test_write_text_atomically_names_the_file_of_an_error_without_an_errno(monkeypatch, tmp_path):
    from wlzmonitor.run import notebook_run

    class _Broken(_FullDisk):
        def write(self, data):
            raise OSError("the stream was closed")

    monkeypatch.setattr(notebook_run, "open", _Broken, raising=False)
    page = tmp_path / "01_tarieven.html"
    with pytest.raises(OSError) as caught:
        notebook_run.write_text_atomically(page, "<p>tekst</p>")
    assert str(caught.value) == f"{page}: the stream was closed" and "Errno" not in str(caught.value)
    assert list(tmp_path.glob(".*.tmp")) == []


def test_an_earlier_year_s_export_added_during_the_run_is_seen(tmp_path):
    """The trend columns use an earlier year's export when it exists at the time the result is
    computed: one put in place after the plan read the inputs must be seen as added, or the result
    (with that year's data) is stored and published under a key made without it."""
    root = make_repo(tmp_path, copy_data=True)
    config = load_config(root)
    earlier = config.year(2025).export
    moved = earlier.with_name("elders.csv.bak")
    earlier.rename(moved)
    snapshot = input_snapshot(2026, config)
    moved.rename(earlier)
    assert snapshot.changed() == ["data/raw/2025/respondenten.csv (added)"]


def test_a_hand_edited_page_is_not_taken_over_beside_a_named_chapter(tmp_path):
    """Review: with --chapter, the other chapters were taken over as they were, a hand-edited page
    too (the run said "what they belong to is made again"), and the new manifest recorded its bytes
    as the run's: the next run called the edited output up to date. An edited chapter runs as well."""
    from wlzmonitor.run.report_plan import output_files, plan, seal_manifest

    root = make_repo(tmp_path)
    config = load_config(root)
    stems = list(config.chapters)
    target = config.output_for(2026)
    target.mkdir(parents=True)
    for stem in stems:
        (target / f"{stem}.html").write_text(f"<p>{stem}</p>", encoding="utf-8")
    manifest = {"year": 2026, "chapters": {stem: {"status": "ok"} for stem in stems}, "files": output_files(target)}
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    seal_manifest(target, target / "manifest.json")  # as the run that wrote it (review h107)
    assert plan(2026, chapters=[stems[3]], config=config, check=False).to_run == [stems[3]]
    (target / f"{stems[1]}.html").write_text("<p>met de hand verbeterd: 23%</p>", encoding="utf-8")
    planned = plan(2026, chapters=[stems[3]], config=config, check=False)
    assert planned.to_run == [stems[1], stems[3]] and planned.requested
    assert plan(2026, chapters=[stems[3]], force=True, config=config, check=False).to_run == [stems[3]]
    (target / "manifest.json").write_text(json.dumps({k: v for k, v in manifest.items() if k != "files"}),
                                          encoding="utf-8")  # nothing to check the pages by: every one runs
    assert plan(2026, chapters=[stems[3]], config=config, check=False).to_run == stems
    shutil.rmtree(target)  # no output: nothing taken over, only the named chapter runs
    assert plan(2026, chapters=[stems[3]], config=config, check=False).to_run == [stems[3]]



def test_a_file_written_while_the_run_takes_it_over_is_not_published(tmp_path, private_key):
    """Review: what a run takes over from the output it replaces (pages, executed notebooks and charts
    of chapters it does not redo, the data outputs) was checked against the manifest when the run
    planned, then copied whenever the run got to it: a table or page saved in between was taken over
    and recorded in the new manifest as the run's own bytes. The bytes copied are checked."""
    from wlzmonitor.inputs.privacy import DenyList
    from wlzmonitor.run.report_build import _copy_previous_chapters, _data_outputs_and_gate
    from wlzmonitor.run.report_plan import Plan, output_files

    config = load_config(make_repo(tmp_path))
    target = config.output_for(2026)
    stem = next(iter(config.chapters))
    for name in (f"{stem}.html", f"notebooks/{stem}.ipynb", f"figures/{stem}_tarief.svg", "tables/index.csv",
                 "index.html", "wlz_monitor_2026.pdf", "wlz_monitor_2026_tabellen.xlsx"):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(name, encoding="utf-8")
    previous = {"year": 2026, "data": "k", "chapters": {stem: {"status": "ok"}}, "files": output_files(target)}
    planned = Plan([], {stem: "f"}, "k", previous, altered=frozenset())  # as the plan found the output
    run = SimpleNamespace(staging=tmp_path / "staging", cache=tmp_path / "cache", deny=DenyList, to_run=[])
    _data_outputs_and_gate(2026, planned, config, run, [stem])  # unchanged: taken over
    assert (run.staging / "tables" / "index.csv").read_text(encoding="utf-8") == "tables/index.csv"
    shutil.rmtree(run.staging)
    (target / "tables" / "index.csv").write_text("met de hand verbeterd: 23%", encoding="utf-8")  # meanwhile
    with pytest.raises(InputsChangedError, match=r"tables/index\.csv: written while the run"):
        _data_outputs_and_gate(2026, planned, config, run, [stem])
    assert not (run.staging / "tables" / "index.csv").exists()
    (target / "figures" / f"{stem}_tarief.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(InputsChangedError, match=f"figures/{stem}_tarief\\.svg: written while the run"):
        _copy_previous_chapters(target, run.staging, [stem], [stem], previous["files"])


def test_an_output_set_aside_by_a_killed_run_is_put_back(tmp_path):
    """Review: a run killed (SIGKILL) between its two renames left outputs/.2026.old and no outputs/2026;
    the next run started from nothing and removed the last good output once it replaced it."""
    from wlzmonitor.run.output_guard import make_owned
    from wlzmonitor.run.report_run import restore_set_aside

    target, old = tmp_path / "2026", tmp_path / ".2026.old"
    make_owned(old)
    (old / "index.html").write_text("<p>vorige</p>", encoding="utf-8")
    said = []
    assert restore_set_aside(target, 2026, said.append)
    assert (target / "index.html").read_text(encoding="utf-8") == "<p>vorige</p>" and not old.exists()
    assert said == [f"run_all: {target} put back from .2026.old, where a run stopped half-way had left it"]
    make_owned(old)  # an output in place: the one set aside stays where it is (the run removes it later)
    assert not restore_set_aside(target, 2026, said.append) and old.exists()
    stranger = tmp_path / "2025"
    (tmp_path / ".2025.old").mkdir()  # no marker: not a run's, never moved
    assert not restore_set_aside(stranger, 2025, said.append) and not stranger.exists()


# -- a control character in a hand-written file ---------------------------------------------------
@pytest.mark.parametrize("which", ["report", "privacy", "layout", "codebook", "codeframe", "quotes"])
@pytest.mark.parametrize("extra, char", [
    ('zz_text: "kosten \\a en \\x1b[31m"\n', "U+0007"),   # escapes in a quoted text: PyYAML let them through
    ('zz_text: "einde\\0"\n', "U+0000"),
    ("zz_text: kosten \x1b[31m rood\n", "U+001B"),        # typed into the file: PyYAML named its position only
    ('zz_text: "kosten \\u202e 01 rood"\n', "U+202E"),  # a text-direction override: PyYAML took it as printable
    ("zz_text: kosten \u2067rood\u2069\n", "U+2067"),
], ids=["escaped BEL", "escaped NUL", "raw ESC", "escaped RLO", "raw RLI"])
def test_a_control_character_in_any_hand_written_yaml_file_is_an_error_naming_its_line(tmp_path, which, extra, char):
    """Review: a control character written as an escape in a quoted text ('\\a', '\\x1b[31m', '\\0') was
    passed by the YAML reader into the question texts, titles and quotes of the pages; one typed into
    the file was refused by position only ('position 4711'). Each is an error naming the file, the line
    and the character."""
    from wlzmonitor.spec.quotes_file import read_quote_file
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.codeframes import load_codeframes
    from wlzmonitor.spec.errors import InputError
    from wlzmonitor.spec.layout import load_layout
    from wlzmonitor.spec.privacy_settings import load_privacy_settings

    root = make_repo(tmp_path, copy_data=True)
    codebook = root / "data" / "codebooks" / "2026.yml"
    files = {"report": (root / "config" / "report.yml", lambda: load_config(root)),
             "privacy": (root / "config" / "privacy.yml",
                         lambda: load_privacy_settings(root / "config" / "privacy.yml")),
             "layout": (root / "data" / "reports" / "2026" / "tables.yml",
                        lambda: load_layout(root / "data" / "reports" / "2026" / "tables.yml")),
             "codebook": (codebook, lambda: load_codebook(codebook)),
             "codeframe": (root / "data" / "codeframes" / "2026.yml",
                           lambda: load_codeframes(root / "data" / "codeframes" / "2026.yml", load_codebook(codebook))),
             "quotes": (root / "data" / "quotes" / "2026.yml",
                        lambda: read_quote_file(root / "data" / "quotes" / "2026.yml", 2026))}
    path, load = files[which]
    load()  # as shipped: fine
    text = path.read_text(encoding="utf-8")
    path.write_text(text + extra, encoding="utf-8")
    load_config.cache_clear()
    with pytest.raises(InputError) as err:
        load()
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert f"control character ({char}) in the text" in message
    assert f"line {text.count(chr(10)) + 1}, column " in message


def test_a_control_character_in_the_published_report_text_is_an_error_naming_its_line(tmp_path):
    from wlzmonitor.spec.report_text import SOURCES, ExtractError, render

    root = make_repo(tmp_path, copy_data=True)
    source = root / "data" / "sources" / SOURCES[2026]
    lines = source.read_text(encoding="utf-8").split("\n")
    lines[9] = lines[9] + "\x07"
    source.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ExtractError) as err:
        render(2026, load_config(root))
    assert str(err.value) == (f"{source}: line 10, column {len(lines[9])}: a control character (U+0007) in the "
                              "text, which the report would print invisibly or garbled; remove it (write a line "
                              "break or a tab as such, not as an escape)")
