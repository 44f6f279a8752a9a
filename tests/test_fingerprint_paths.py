"""Files config/report.yml may name outside the default folders are part of the year's key (review):
a per-year export mapping, a codeframe and its corrections workbook, a privacy file and the
population file. An edit of any of them makes the next run compute the year again (it said "up to
date" and kept test responses and unscrubbed names)."""

from __future__ import annotations

import pytest
import yaml

import new_wave
from wlzmonitor.compute.fingerprint import input_paths, input_snapshot
from wlzmonitor.spec.config import load_config


def _configure(root, edit) -> None:
    path = root / "config" / "report.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _key(root) -> str:
    load_config.cache_clear()
    try:
        return input_snapshot(2026, load_config(root)).key
    finally:
        load_config.cache_clear()


@pytest.mark.parametrize(("name", "setting", "text"), [
    ("data/raw/2026/mapping_2026.yml", ("years", 2026, "mapping"), "year: 2026\n"),
    ("data/raw/2026/codes_2026.yml", ("years", 2026, "codeframe"), "year: 2026\n"),
    ("data/privacy_alt.yml", ("privacy_file",), "names: []\n"),
])
def test_a_file_named_outside_the_folders_is_in_the_key(tmp_path, name, setting, text):
    root = new_wave.repository(tmp_path)
    path = root / name
    path.write_text(text, encoding="utf-8")

    def edit(doc):
        target = doc
        for part in setting[:-1]:
            target = target[part]
        target[setting[-1]] = name

    _configure(root, edit)
    before = _key(root)
    path.write_text(text + "# changed\n", encoding="utf-8")
    assert _key(root) != before


def test_a_codeframe_elsewhere_brings_its_corrections(tmp_path):
    root = new_wave.repository(tmp_path)
    folder = root / "data" / "raw" / "2026"
    (folder / "codes_2026.yml").write_text("year: 2026\ncorrections: handwerk.xlsx\n", encoding="utf-8")
    (folder / "handwerk.xlsx").write_bytes(b"v1")
    _configure(root, lambda doc: doc["years"][2026].update(codeframe="data/raw/2026/codes_2026.yml"))
    load_config.cache_clear()
    assert folder / "handwerk.xlsx" in input_paths(2026, load_config(root))
    before = _key(root)
    (folder / "handwerk.xlsx").write_bytes(b"v2")
    assert _key(root) != before


CLUTTER = [".DS_Store", "Thumbs.db", "desktop.ini", "DESKTOP.INI", "._2026.yml", "~$coding_2026.xlsx",
           ".~lock.coding_2026.xlsx#", ".#report.yml", "report.yml~", ".report.yml.swp", ".2026.yml.swo"]


def test_what_is_clutter_and_what_is_not():
    from wlzmonitor.compute.fingerprint import is_clutter

    assert all(is_clutter(name) for name in CLUTTER)
    for name in ["report.yml", "2026.yml", "coding_2026.xlsx", "~coding.xlsx", "lock.txt", ".gitkeep", "notes.swp",
                 "Thumbs.db.yml", "desktop.ini.bak", "a~b.yml", "x.DS_Store"]:
        assert not is_clutter(name), name


@pytest.mark.parametrize("folder", ["config", "data/codeframes", "data/mappings", "data/sources", "data/quotes"])
def test_clutter_beside_the_inputs_changes_neither_the_key_nor_a_run(tmp_path, folder):
    """Opening the corrections workbook in Excel or LibreOffice (a lock file beside it), or browsing a
    folder in Finder (.DS_Store), made the next run rebuild everything, and during a run failed it as
    'input changed'. No loader lists a folder, so such files cannot change an output."""
    root = new_wave.repository(tmp_path)
    where = root / folder
    where.mkdir(parents=True, exist_ok=True)
    load_config.cache_clear()
    snapshot = input_snapshot(2026, load_config(root))
    for name in CLUTTER:
        (where / name).write_bytes(b"\x00\x01 not an input")
    (where / "sub").mkdir(exist_ok=True)
    (where / "sub" / ".DS_Store").write_bytes(b"\x00")
    assert snapshot.changed() == []
    assert _key(root) == snapshot.key
    (where / "extra.yml").write_text("a: 1\n", encoding="utf-8")  # a real file in the folder counts
    assert any(name.endswith("extra.yml (added)") for name in snapshot.changed())
    assert _key(root) != snapshot.key


def test_a_configured_file_named_like_clutter_still_counts(tmp_path):
    root = new_wave.repository(tmp_path)
    folder = root / "data" / "codeframes"
    (folder / "._codes_2026.yml").write_text("year: 2026\n", encoding="utf-8")
    _configure(root, lambda doc: doc["years"][2026].update(codeframe="data/codeframes/._codes_2026.yml"))
    before = _key(root)
    load_config.cache_clear()
    assert folder / "._codes_2026.yml" in input_paths(2026, load_config(root))
    (folder / "._codes_2026.yml").write_text("year: 2026\n# changed\n", encoding="utf-8")
    assert _key(root) != before
