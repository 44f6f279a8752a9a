"""Safety review h93: the run's edges (its environment, concurrent commands, interruptions).

Each test names what was tried and what happened before the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planted import plant_failed

from wlzmonitor.compute import cache_key
from wlzmonitor.compute.cache_key import CacheKeyError, cache_key_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _signal_handlers_restored(monkeypatch):
    """run_all.main() installs its Ctrl-C and SIGTERM handlers (interruptions.install): put back
    what was there, so that no later test runs with them."""
    import signal
    import sys

    from wlzmonitor.run import interruptions

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    monkeypatch.setitem(interruptions._previous_hook, "hook", interruptions._previous_hook["hook"])
    yield
    for s, handler in before.items():
        signal.signal(s, handler)
    interruptions._hold.update(depth=0, pending=None, lost=None)


# -- the signing key's place does not depend on the working folder --------------------------------------
@pytest.mark.parametrize("variables", [
    {"XDG_CACHE_HOME": "relcache"},     # a relative XDG_CACHE_HOME: invalid (XDG spec), ignored
    {"HOME": ""},                       # HOME set but empty: Path.home() was Path("")
    {"HOME": "."},
    {"HOME": "thuis", "XDG_CACHE_HOME": ""},
])
def test_the_key_path_is_the_same_in_every_working_folder(tmp_path, monkeypatch, variables):
    """Review h93: run_all with XDG_CACHE_HOME=relcache made one key in the repository for the run
    (relcache/wlzmonitor/cache-key) and another for the chapter kernels, which work in notebooks/
    (notebooks/relcache/...): every chapter failed with "its signature is not this user's (planted,
    edited or copied)". A relative HOME (HOME=thuis) did the same through Path.home(); an empty one
    gave "/" (now: the account's home)."""
    monkeypatch.delenv("WLZ_MONITOR_CACHE_KEY", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    seen = set()
    for folder in (tmp_path, tmp_path / "notebooks"):
        folder.mkdir(exist_ok=True)
        monkeypatch.chdir(folder)
        path = cache_key_path()
        assert path.is_absolute(), path
        assert not path.resolve().is_relative_to(tmp_path.resolve())
        seen.add(path)
    assert len(seen) == 1


def test_a_relative_key_file_is_an_error_naming_the_variable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", "sleutel/cache-key")
    with pytest.raises(CacheKeyError, match=r"WLZ_MONITOR_CACHE_KEY=sleutel/cache-key: .*absolute path"):
        cache_key.cache_secret()
    assert not (tmp_path / "sleutel").exists()


def test_an_absolute_xdg_cache_home_and_key_file_are_used_as_given(tmp_path, monkeypatch):
    monkeypatch.delenv("WLZ_MONITOR_CACHE_KEY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_key_path() == tmp_path / "xdg" / "wlzmonitor" / "cache-key"
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(tmp_path / "k"))
    assert cache_key_path() == tmp_path / "k"


def _run_all_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_all_under_test_h93", ROOT / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("variables", "expected"), [
    ({"XDG_CACHE_HOME": "relcache"}, {"XDG_CACHE_HOME": None}),
    ({"XDG_CACHE_HOME": "/tmp/xdg-h93"}, {"XDG_CACHE_HOME": "/tmp/xdg-h93"}),
    ({"HOME": ""}, {"HOME": "absolute"}),
    ({"HOME": "thuis"}, {"HOME": "absolute"}),
])
def test_run_all_hands_its_processes_absolute_cache_folders(monkeypatch, variables, expected):
    """Review h93: with XDG_CACHE_HOME=relcache the chapter kernels (working in notebooks/) wrote
    matplotlib's font cache to notebooks/relcache/ in the repository; run_all now settles the
    variables before it starts anything."""
    import os

    from wlzmonitor.run import report_run

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    seen = {}

    def build_report(*args, **kwargs):
        seen.update({name: os.environ.get(name) for name in expected})
        raise KeyboardInterrupt

    monkeypatch.setattr(report_run, "build_report", build_report)
    assert _run_all_module().main(["--year", "2026"]) == 130
    for name, value in expected.items():
        if value == "absolute":
            assert seen[name] and Path(seen[name]).is_absolute(), seen
        else:
            assert seen[name] == value, seen


# -- Ctrl-C in a terminal reaches every process of the run ----------------------------------------------
def test_processes_started_in_the_block_ignore_ctrl_c():
    """Review h93: Ctrl-C (SIGINT to the terminal's whole process group) printed "Exception in
    initializer: Traceback ... KeyboardInterrupt" for every chapter worker still importing, above
    the run's one line. Processes spawned in the block start with SIGINT ignored; this process's
    handler and signal mask are as before after it."""
    import concurrent.futures
    import multiprocessing
    import signal

    from wlzmonitor.run.interruptions import children_ignore_ctrl_c

    before, mask = signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, [])
    pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    try:
        with children_ignore_ctrl_c():
            child = pool.submit(signal.getsignal, signal.SIGINT)
        assert child.result(timeout=60) == signal.SIG_IGN
    finally:
        pool.shutdown(wait=True)
    assert signal.getsignal(signal.SIGINT) is before
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == mask


def test_the_chapter_workers_ignore_ctrl_c():
    import signal

    from wlzmonitor.run.chapter_runner import ChapterRunner

    runner = ChapterRunner(2, workers=2, warm=False, cwd=ROOT / "notebooks")
    try:
        assert runner._pool.submit(signal.getsignal, signal.SIGINT).result(timeout=120) == signal.SIG_IGN
    finally:
        runner.abort(seconds=5)


@pytest.mark.slow
def test_ctrl_c_in_the_terminal_while_the_workers_start_prints_one_line(tmp_path):
    """The same through run_all: SIGINT to the process group (as a terminal sends it) while the
    two chapter workers import: exit 130, the run's one line, no traceback, nothing published."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from test_run_safety_slow import _processes_of, repo_view

    root = repo_view(tmp_path, {"bijlage_4_vragenlijst": "Bijlage 4", "bijlage_1_respons": "Bijlage 1"})
    run = subprocess.Popen([sys.executable, str(ROOT / "run_all.py"), "--year", "2026", "--workers", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                           env={**os.environ, "WLZ_MONITOR_ROOT": str(root)})

    def workers() -> int:
        found = 0
        for pid in _processes_of(root):
            try:
                found += b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                pass
        return found

    deadline = time.monotonic() + 120
    while workers() < 2 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # the workers import jupytext and papermill
    os.killpg(run.pid, signal.SIGINT)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, (stdout, stderr)
    assert "interrupted (Ctrl-C) before it finished" in stderr and "Traceback" not in stderr, stderr
    assert not (root / "outputs" / "2026").exists() and not (root / "outputs" / ".2026.partial").exists()
    deadline = time.monotonic() + 30
    while _processes_of(root) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_of(root) == []


# -- config/report.yml saved between the run's reading it and its snapshot --------------------------------
def test_a_config_saved_after_the_run_read_it_is_seen(tmp_path):
    """Review h93: config/report.yml is read when the run starts (the lock's place depends on it),
    before the snapshot of the inputs; a save in between -- or while --wait waited for another run --
    was not seen: the run went on with the old settings (chapter titles, statistics) while its
    chapter kernels read the new file, and its manifest recorded the new bytes (the next run said
    "up to date"). The plan now stops, naming the file."""
    from wlzmonitor.compute.fingerprint import InputsChangedError
    from wlzmonitor.run.report_plan import plan
    from wlzmonitor.spec.config import load_config

    from test_run_safety import make_repo

    root = make_repo(tmp_path)
    config = load_config(root)
    assert plan(2026, config=config, check=False).data_key  # as read: fine
    path = root / "config" / "report.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('"3 Herschikking en overproductie"',
                                                             '"3 Herschikking"'), encoding="utf-8")
    with pytest.raises(InputsChangedError, match=r"config/report\.yml: changed after the run had read it"):
        plan(2026, config=config, check=False)
    load_config.cache_clear()
    assert plan(2026, config=load_config(root), check=False).data_key  # read again: fine


def test_a_config_built_in_code_is_not_compared(tmp_path):
    from dataclasses import replace

    from wlzmonitor.run.report_plan import plan
    from wlzmonitor.spec.config import load_config

    from test_run_safety import make_repo

    root = make_repo(tmp_path)
    config = replace(load_config(root), source_sha256="")
    assert plan(2026, config=config, check=False).data_key


# -- after publishing, a failed-run folder no run wrote ---------------------------------------------------
@pytest.mark.parametrize("planted", ["link", "folder", "file"])
def test_a_failed_run_folder_no_run_wrote_does_not_fail_a_published_run(tmp_path, planted):
    """Review h93: outputs/.2026.failed as a symbolic link, a folder without the marker or a file made
    a run that had just put its new output in place end in "... it was not written by run_all.py ...
    Move it away and run again", exit 2: the new output was published, the message said the run had
    failed. The run now succeeds and names the folder it left."""
    import time

    from wlzmonitor.run.output_guard import make_owned
    from wlzmonitor.run.report_build import _put_in_place
    from wlzmonitor.run.report_plan import RunSummary

    outputs = tmp_path / "outputs"
    staging = make_owned(outputs / ".2026.partial")
    (staging / "index.html").write_text("<p>nieuw</p>", encoding="utf-8")
    elsewhere = tmp_path / "elders"
    failed = plant_failed(outputs, elsewhere, planted)
    (elsewhere / "notitie.txt").write_text("van de analist", encoding="utf-8")
    summary = _put_in_place(RunSummary(2026, outputs / "2026", ok=False), staging, {"chapters": {}}, time.perf_counter())
    assert summary.ok and (outputs / "2026" / "index.html").read_text(encoding="utf-8") == "<p>nieuw</p>"
    assert f"{failed} was left where it is" in summary.message
    assert failed.exists() or failed.is_symlink()
    assert (elsewhere / "notitie.txt").exists()


# -- the cell named when a chapter's kernel dies ----------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("warm", [True, False])
def test_a_dead_kernel_names_the_cell_it_died_in(tmp_path, warm):
    """Review h93: a chapter whose cell 2 ended its kernel (os._exit) was reported as failing in a
    later cell ("cell 4 (DeadKernelError: Kernel died) ... x = 2"): papermill marks the cells after
    the dead kernel's as started too; the cell named is now the last one the kernel began."""
    from wlzmonitor.run.kernel import WarmKernel
    from wlzmonitor.run.notebook_run import ChapterJob, run_chapter

    notebook = tmp_path / "sterft.py"
    notebook.write_text('# %% tags=["parameters"]\nyear = 2000\n\n# %%\nimport os\nos._exit(3)\n\n'
                        "# %% [markdown]\n# Tekst\n\n# %%\nx = 2\n\n# %%\ny = 3\n", encoding="utf-8")
    cwd = tmp_path / "werkmap"
    cwd.mkdir()
    job = ChapterJob(stem="sterft", notebook_path=notebook, parameters={"year": 2026},
                     html_path=tmp_path / "sterft.html", executed_path=tmp_path / "notebooks" / "sterft.ipynb",
                     title="Test", cwd=cwd)
    kernel = WarmKernel(cwd, preload=("pandas",)) if warm else None
    try:
        if kernel:
            kernel.start()
        result = run_chapter(job, kernel=kernel)
    finally:
        if kernel:
            kernel.shutdown()
    assert not result.ok and result.error.startswith("DeadKernelError")
    assert result.failed_cell == 2 and "os._exit(3)" in result.error and "x = 2" not in result.error, result.error


# -- a huge (sparse) file planted in the cache or the published output -----------------------------------
def test_a_huge_planted_cache_file_reads_as_missing(tmp_path, monkeypatch):
    """Review h93: a sparse file of 64 GB planted as outputs/.cache/year-check-2026.json (or any cache
    file, or the published output's manifest) was read whole: the run ended in "ran out of memory; is
    every input what it should be (an export of a few megabytes)?", pointing at the inputs. It now
    reads as missing (the cache's bytes are made again), without reading it."""
    import os

    from wlzmonitor.compute import result_cache
    from wlzmonitor.compute.signed_files import read_signed, write_signed
    from wlzmonitor.run.report_plan import read_manifest

    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(tmp_path / "sleutel" / "cache-key"))
    cache = tmp_path / "cache"
    write_signed(cache / "year-check-2026.json", "year-check", b"{}")
    assert read_signed(cache / "year-check-2026.json", "year-check") == b"{}"
    for path in (cache / "year-check-2026.json", cache / "result-2026-abc.pkl", tmp_path / "2026" / "manifest.json"):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.truncate(64 * 2**30)  # sparse: no room taken
    assert read_signed(cache / "year-check-2026.json", "year-check") is None
    assert read_manifest(tmp_path / "2026") == {}
    with pytest.raises(ValueError, match="not a readable regular file"):
        result_cache.read_result(cache / "result-2026-abc.pkl", 2026)
    assert os.path.getsize(cache / "year-check-2026.json") == 64 * 2**30


@pytest.mark.parametrize("name", ["respondenten.csv", "respondenten.xlsx"])
def test_a_huge_input_is_an_error_naming_it(tmp_path, name):
    """Review h93: a 64 GB (sparse) file as the export ended check-export and the run in "ran out of
    memory" without naming it; it is one input error naming the file and its size, exit 2."""
    import os
    import subprocess
    import sys

    from wlzmonitor.compute.fingerprint import hash_files
    from wlzmonitor.spec.input_files import InputTooLargeError

    export = tmp_path / name
    with open(export, "wb") as handle:
        handle.truncate(64 * 2**30)
    with pytest.raises(InputTooLargeError, match=rf"{name}: 68,719,476,736 bytes, more than any input"):
        hash_files([export], tmp_path)
    done = subprocess.run([sys.executable, "-m", "wlzmonitor", "check-export", "--year", "2026", str(export)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "WLZ_MONITOR_ROOT": str(ROOT)})
    assert done.returncode == 2, done.stderr
    assert f"{export}: 68,719,476,736 bytes" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("given", "used"), [(None, None), (1, 1), (999, "cores")])
def test_workers_above_the_cpu_count_are_the_cpu_count(monkeypatch, capsys, given, used):
    """Review h93: --workers 999 started a worker process and a kernel per chapter (12 of each) and as
    many PDF print processes on a 2-core machine; it is capped at the CPU count, said in one line."""
    import os

    from wlzmonitor.run import report_run

    seen = {}

    def build_report(year, **kwargs):
        seen.update(kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(report_run, "build_report", build_report)
    argv = ["--year", "2026"] + (["--workers", str(given)] if given else [])
    assert _run_all_module().main(argv) == 130
    cores = os.cpu_count() or 1
    assert seen["workers"] == (cores if used == "cores" and given > cores else given)
    assert ("CPU core(s)" in capsys.readouterr().err) == (given is not None and given > cores)
