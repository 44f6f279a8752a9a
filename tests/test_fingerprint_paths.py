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
