"""Safety review h107: the run's safety (files changed mid-run, runs at once, interrupted runs, hostile
output folders).

Each test names what was tried and what happened before the fix.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from test_run_safety import make_repo

from wlzmonitor.compute import fingerprint
from wlzmonitor.run.output_guard import MARKER, is_owned, make_owned, remove_owned
from wlzmonitor.spec.config import load_config

ROOT = Path(__file__).resolve().parents[1]


# -- a data file of the library is part of every key ----------------------------------------------------
def test_the_library_s_data_files_are_in_the_key(tmp_path, monkeypatch):
    """Before: the key held the library's ``*.py`` files and templates only. The common Dutch words the
    scrubber and the gate go by (``inputs/data/common_words_nl.txt``) were not in it: an edit of that list
    left the stored result (answers scrubbed by the old list) and the gate's verdicts in use, and the run
    said "up to date"."""
    words = "lib/wlzmonitor/inputs/data/common_words_nl.txt"
    names = {state.name for state in fingerprint.input_snapshot(2026, load_config(ROOT)).states}
    assert words in names
    package = tmp_path / "wlzmonitor"
    shutil.copytree(fingerprint.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE_DIR", package)
    before = fingerprint.library_digest.__wrapped__()
    with open(package / "inputs" / "data" / "common_words_nl.txt", "a", encoding="utf-8") as handle:
        handle.write("jansen\n")
    assert fingerprint.library_digest.__wrapped__() != before


# -- a removal cut short leaves nothing that blocks the next run ----------------------------------------
def _an_output(folder: Path) -> Path:
    make_owned(folder)
    for rel in ("index.html", "01_tarieven.html", "manifest.json", "figures/01_tarieven_a.png",
                "figures/01_tarieven_b.svg", "tables/index.csv", "notebooks/01_tarieven.ipynb"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text("x", encoding="utf-8")
    return folder


def test_a_removal_cut_short_leaves_a_folder_the_next_run_removes(tmp_path, monkeypatch):
    """Before: ``remove_owned`` was ``shutil.rmtree``, which deletes in directory order; a run stopped
    during it (a second Ctrl-C while it cleaned up its staging folder, SIGKILL after a CI job's SIGTERM,
    a kill while the old output was removed) could leave a folder without its marker -- or an empty one --
    and every later run stopped with "a folder without the marker file: move it away"."""
    folder = tmp_path / ".2026.partial"
    real_unlink, real_rmdir = os.unlink, os.rmdir
    stop = 1
    while True:
        _an_output(folder)
        count = [0]

        def counted(real):
            def call(*args, **kwargs):
                count[0] += 1
                if count[0] == stop:
                    raise KeyboardInterrupt
                return real(*args, **kwargs)
            return call

        monkeypatch.setattr(os, "unlink", counted(real_unlink))
        monkeypatch.setattr(os, "rmdir", counted(real_rmdir))
        try:
            remove_owned(folder, 2026)
            finished = True
        except KeyboardInterrupt:
            finished = False
        monkeypatch.undo()
        if finished:
            break
        assert folder.exists() and is_owned(folder, 2026) or not any(folder.iterdir()), stop
        remove_owned(folder, 2026)  # the next run: no "move it away"
        assert not folder.exists()
        stop += 1
    assert stop > 10 and not folder.exists()


def test_an_empty_folder_left_by_a_killed_run_is_removed(tmp_path):
    """Before: a run killed between creating ``.<year>.partial`` and writing its marker left an empty
    folder that stopped every later run ("move it away"). An empty folder holds nothing to lose."""
    folder = tmp_path / ".2026.partial"
    folder.mkdir()
    remove_owned(folder, 2026)
    assert not folder.exists()
    (folder / "notitie.txt").parent.mkdir()
    (folder / "notitie.txt").write_text("van de analist", encoding="utf-8")
    with pytest.raises(Exception, match="without the marker"):
        remove_owned(folder, 2026)
    assert (folder / "notitie.txt").exists()
    assert MARKER not in os.listdir(folder)


# -- a manifest edited by hand to match an edited page --------------------------------------------------
def _published(tmp_path: Path):
    """A repository view with an output of 2026 whose manifest says every chapter is up to date."""
    from wlzmonitor.run.report_plan import output_files, plan

    root = make_repo(tmp_path)
    config = load_config(root)
    target = config.output_for(2026)
    make_owned(target)
    planned = plan(2026, config=config, check=False)
    for rel in ("index.html", "tables/index.csv", "wlz_monitor_2026.pdf", "wlz_monitor_2026_tabellen.xlsx",
                *(f"{stem}.html" for stem in config.chapters)):
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(f"<p>{rel}: 35%</p>", encoding="utf-8")
    chapters = {stem: {"status": "ok", "fingerprint": planned.fingerprints[stem]} for stem in config.chapters}
    manifest = {"year": 2026, "data": planned.data_key, "chapters": chapters, "files": output_files(target)}
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return config, target, manifest


def test_a_manifest_edited_to_vouch_for_an_edited_page_is_not_believed(tmp_path, private_key):
    """Before: a page edited by hand ("35%" -> "53%") with its new SHA-256 written into manifest.json was
    called up to date: the run answered "nothing changed" and the reviewer read the edited figure as the
    run's. Whoever can write outputs/ can change a page; the run now vouches only for a manifest this
    account's run sealed (a signed record of its SHA-256 in outputs/.cache)."""
    from wlzmonitor.run.report_plan import is_complete, output_files, plan, seal_manifest

    config, target, manifest = _published(tmp_path)
    seal_manifest(target, target / "manifest.json")  # as the run that wrote it
    planned = plan(2026, config=config, check=False)
    assert planned.to_run == [] and is_complete(target, planned.previous, planned.altered)

    page = target / "01_tarieven.html"
    page.write_text("<p>01_tarieven.html: 53%</p>", encoding="utf-8")
    assert plan(2026, config=config, check=False).to_run == ["01_tarieven"]  # seen (before too)
    manifest["files"] = output_files(target)  # ... and the manifest made to agree with it
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    planned = plan(2026, config=config, check=False)
    assert planned.to_run == list(config.chapters)
    assert planned.altered is None and not is_complete(target, planned.previous, planned.altered)
    assert planned.previous.get("unsealed") is True


def test_a_manifest_without_a_seal_takes_nothing_over(tmp_path, private_key):
    """An output whose seal is gone (the cache folder cleared) or was made by another account: nothing
    of it is taken over, every chapter runs once (and the run seals its own manifest)."""
    from wlzmonitor.run.report_plan import plan, seal_manifest

    config, target, _manifest = _published(tmp_path)
    assert plan(2026, config=config, check=False).to_run == list(config.chapters)
    seal_manifest(target, target / "manifest.json")
    assert plan(2026, config=config, check=False).to_run == []
    seal = target.parent / ".cache" / "manifest-2026"
    data = seal.read_bytes()
    seal.write_bytes(data[:-1] + (b"1" if data.endswith(b"0") else b"0"))  # a forged seal
    assert plan(2026, config=config, check=False).to_run == list(config.chapters)


# -- a huge file planted in the published output --------------------------------------------------------
def test_a_huge_file_planted_in_the_output_is_not_read(tmp_path, private_key):
    """Before: every file of outputs/<year> was hashed by the plan (and again when the output was replaced,
    to find the files no run wrote): a sparse file of 8 GB planted in outputs/2026/tables made the next run
    take 49 s instead of 4 (64 GB: minutes, holding the year's lock). A file larger than any a run writes is
    altered whatever its bytes, and is not read."""
    import time

    from wlzmonitor.run.report_plan import altered_files, plan, seal_manifest

    config, target, manifest = _published(tmp_path)
    seal_manifest(target, target / "manifest.json")
    huge = target / "tables" / "groot.csv"
    with open(huge, "wb") as handle:
        handle.truncate(6 * 2**30)
    started = time.perf_counter()
    assert altered_files(target, manifest) == {"tables/groot.csv"}
    planned = plan(2026, config=config, check=False)
    assert time.perf_counter() - started < 5
    assert planned.altered == {"tables/groot.csv"}
    index = target / "index.html"  # a file the run wrote, replaced by a huge one: altered, not read
    index.unlink()
    with open(index, "wb") as handle:
        handle.truncate(6 * 2**30)
    assert altered_files(target, manifest) == {"tables/groot.csv", "index.html"}


# -- the staging folder of a killed run -----------------------------------------------------------------
def test_an_up_to_date_run_removes_the_staging_folder_of_a_killed_run(tmp_path, private_key):
    """Before: after a run killed with SIGKILL (its staging folder ``outputs/.2026.partial`` left, with pages the
    privacy gate never passed), the next run found nothing changed, answered "up to date" and left the folder in
    outputs/ beside the report; only a run with work to do removed it."""
    from wlzmonitor.run.report_plan import seal_manifest
    from wlzmonitor.run.report_run import build_report

    config, target, _manifest = _published(tmp_path)
    seal_manifest(target, target / "manifest.json")
    staging = make_owned(target.parent / ".2026.partial")
    (staging / "01_tarieven.html").write_text("<p>half af</p>", encoding="utf-8")
    summary = build_report(2026, config=config, log=lambda _: None)
    assert summary.ok and "up to date" in summary.message
    assert not staging.exists()
    planted = target.parent / ".2026.partial"  # a folder no run wrote is left alone (the run that builds names it)
    planted.mkdir()
    (planted / "notitie.txt").write_text("van de analist", encoding="utf-8")
    assert build_report(2026, config=config, log=lambda _: None).ok
    assert (planted / "notitie.txt").exists()


def test_notes_kept_aside_are_never_moved_through_a_planted_link(tmp_path):
    """Review h107 (left open there, closed here): a symbolic link planted at ``.<year>.not-published`` or at a
    folder inside it (its ``tables``) took the analyst's notes to wherever it pointed; now they go into the first
    of ``.<year>.not-published``, ``-2``, ``-3`` … with no link or file on their way, and the link's target gets
    nothing."""
    import json

    from wlzmonitor.run.report_build import _keep_unwritten
    from wlzmonitor.run.report_plan import output_files

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    old, keep = tmp_path / ".2026.old", tmp_path / ".2026.not-published"
    (old / "tables").mkdir(parents=True)
    (old / "manifest.json").write_text(json.dumps({"year": 2026, "chapters": {}, "files": output_files(old)}),
                                       encoding="utf-8")
    (old / "tables" / "eigen.csv").write_text("a,b\n", encoding="utf-8")
    (old / "notities.txt").write_text("mijn aantekeningen", encoding="utf-8")
    keep.mkdir()
    (keep / "tables").symlink_to(elsewhere, target_is_directory=True)  # a folder inside it is a link
    (tmp_path / ".2026.not-published-2").symlink_to(elsewhere, target_is_directory=True)  # and its next name
    (tmp_path / ".2026.not-published-3").write_text("een bestand", encoding="utf-8")  # and the one after: a file
    kept = _keep_unwritten(old, keep)
    assert kept == (tmp_path / ".2026.not-published-4", ["notities.txt", "tables/eigen.csv"])
    assert (kept[0] / "tables" / "eigen.csv").read_text(encoding="utf-8") == "a,b\n"
    assert (kept[0] / "notities.txt").is_file()
    assert list(elsewhere.iterdir()) == []  # nothing went through a link
