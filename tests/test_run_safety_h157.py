"""Safety review h157: run safety -- a file changed mid-run, two runs at once, a run killed, a cache that lies."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from wlzmonitor.spec import input_files

OLD = b"old,complete\n1,2\n"


def _new_year(tmp_path, monkeypatch):
    from wlzmonitor.spec.new_year import Scaffold, write_scaffold

    target = tmp_path / "data" / "codebooks" / "2027.yml"
    result = Scaffold(2027, 2026, files={"data/codebooks/2027.yml": "new: codebook\n"}, overwritten=[])
    return target, lambda: write_scaffold(result, SimpleNamespace(root=tmp_path)), b"new: codebook\n"


def _new_year_config(tmp_path, monkeypatch):
    from wlzmonitor.spec.new_year import Scaffold, write_scaffold

    target = tmp_path / "config" / "report.yml"
    result = Scaffold(2027, 2026, config_text="years: {}\n")
    return target, lambda: write_scaffold(result, SimpleNamespace(root=tmp_path)), b"years: {}\n"


def _derive_year(tmp_path, monkeypatch):
    from wlzmonitor.spec import earlier_years

    monkeypatch.setattr(earlier_years, "derive", lambda *a: {"data/codebooks/2025.yml": "derived: 1\n"})
    target = tmp_path / "data" / "codebooks" / "2025.yml"
    return target, lambda: earlier_years.write(2025, 2026, SimpleNamespace(root=tmp_path)), b"derived: 1\n"


def _extract_published(tmp_path, monkeypatch):
    from wlzmonitor.spec import report_text

    monkeypatch.setattr(report_text, "render", lambda *a: {"tables.csv": "table,row\nT1,a\n"})
    folder = tmp_path / "data" / "published" / "2026"
    config = SimpleNamespace(sources=lambda year: SimpleNamespace(published=folder))
    return folder / "tables.csv", lambda: report_text.write(2026, config), b"table,row\nT1,a\n"


def _demo(tmp_path, monkeypatch):
    from wlzmonitor.demo import generator

    target = tmp_path / "data" / "raw" / "2026" / "respondenten.csv"
    monkeypatch.setattr(generator, "demo_export_path", lambda year, root: target)
    monkeypatch.setattr(generator, "generate", lambda year, root: None)
    monkeypatch.setattr(generator, "to_csv_bytes", lambda frame: b"id,v1\n1,2\n")
    return target, lambda: generator.write_demo(2026, tmp_path), b"id,v1\n1,2\n"


def _workbook(tmp_path, monkeypatch):
    from openpyxl import Workbook

    from wlzmonitor.present.table_files import save_workbook

    target = tmp_path / "correcties.xlsx"
    return target, lambda: save_workbook(Workbook(), target), None


WRITERS = [_new_year, _new_year_config, _derive_year, _extract_published, _demo, _workbook]


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__.strip("_"))
def test_a_command_killed_while_it_writes_an_input_leaves_the_file_as_it_was(tmp_path, monkeypatch, writer):
    """new-year, derive-year, demo, extract-published and a workbook wrote their files in place: a command killed
    (Ctrl-C, SIGKILL, a full disk) half-way left a truncated codebook, config or export the next run read."""
    target, write, _ = writer(tmp_path, monkeypatch)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(OLD)

    def killed(src, dst):
        raise KeyboardInterrupt  # the moment the new file is whole but not yet in place

    monkeypatch.setattr(input_files.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write()
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no half-written twin left


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__.strip("_"))
def test_a_reader_of_an_input_being_written_never_meets_half_of_it(tmp_path, monkeypatch, writer):
    """A run that opened the file before the command wrote it reads the old bytes whole (the new file is another
    one, renamed into place), and the path then holds the new bytes whole."""
    target, write, new = writer(tmp_path, monkeypatch)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(OLD)
    with open(target, "rb") as reader:
        write()
        assert reader.read() == OLD
    if new is not None:
        assert target.read_bytes() == new
    else:
        assert target.read_bytes().startswith(b"PK")
