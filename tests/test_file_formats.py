"""Spreadsheets the project writes store respondent text as inert text, never as a formula (CSV injection)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from wlzmonitor.inputs.quality_log import DataQualityLog, Finding
from wlzmonitor.present.table_files import save_workbook, tidy_csv_bytes
from wlzmonitor.spec.file_formats import csv_bytes, inert_text

HOSTILE = ["=HYPERLINK(\"http://x\",\"klik\")", "+31 6 12345678", "-2+3", "@SUM(A1:A2)", "\tverborgen",
           "\rregel", "=1+1",
           # after spaces (a CSV import that trims them reads a formula), and full-width (review h97)
           " =HYPERLINK(\"http://x\")", "\u00a0\u00a0=1+1", "\u3000@SUM(A1)", "\uff1dHYPERLINK(\"http://x\")", "\uff0b31 6",
           "\uff0d2", "\uff20SUM(A1)",
           # after characters that show nothing (review h100)
           "\ufeff=HYPERLINK(\"http://x\")", "\u200b@SUM(A1)", "\u2060\u200d+1"]


@pytest.mark.parametrize("text", [*HOSTILE, "\x00=1+1"])  # (a NUL: CSV only, a workbook cannot hold one)
def test_formula_text_gets_an_apostrophe(text):
    assert inert_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Ja, want het tarief", "95%", "–", "", 3, -2.5, None, "'al tekst", " Ja",
                                   "  tekst = iets", " "])
def test_other_values_are_unchanged(value):
    assert inert_text(value) == value


def test_csv_cells_and_header_are_inert_numbers_untouched():
    frame = pd.DataFrame({"tekst": HOSTILE, "waarde": [-1.5] * len(HOSTILE), "=kop": ["x"] * len(HOSTILE)})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"))))
    assert rows[0] == ["tekst", "waarde", "'=kop"]
    assert [r[0] for r in rows[1:]] == ["'" + h.replace("\r", "\n") for h in HOSTILE]  # one row each
    assert {r[1] for r in rows[1:]} == {"-1.5"}


def test_tidy_table_rows_are_inert():
    table = pd.DataFrame({"row": ["=cmd()", "Ja"], "column": ["@x", "Totaal"], "value": [10.0, -3.0],
                          "n": [5.0, 5.0], "row_code": [1, 2], "column_code": ["a", "b"]})
    rows = list(csv.reader(io.StringIO(tidy_csv_bytes(table).decode("utf-8"))))
    assert rows[1][:3] == ["'=cmd()", "'@x", "10"] and rows[2][:3] == ["Ja", "Totaal", "-3"]


def test_data_quality_log_is_inert(tmp_path):
    log = DataQualityLog()
    log.add(Finding("export.csv", 2, "r1", "=evil()", None, "warning", "=HYPERLINK(\"x\")", None, "-kept"))
    text = log.to_csv(tmp_path / "log.csv").read_text(encoding="utf-8")
    assert "'=evil()" in text and "'=HYPERLINK" in text and ",'-kept" in text


def test_a_workbook_holds_no_formula(tmp_path):
    wb = Workbook()
    ws = wb.active
    for text in HOSTILE:
        ws.append([text, 1, -2.0])
    save_workbook(wb, tmp_path / "boek.xlsx")
    cells = [c for row in load_workbook(tmp_path / "boek.xlsx").active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c.value for c in cells if c.column == 1] == ["'" + h.replace("\r", "\n") for h in HOSTILE]
    assert {c.value for c in cells if c.column == 3} == {-2.0}


def _python(code: str, tmp_path) -> subprocess.CompletedProcess:
    """`code` in a fresh Python with the library on its path and no OPENPYXL_LXML of its own."""
    env = {k: v for k, v in os.environ.items() if k != "OPENPYXL_LXML"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "lib")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env=env)


def test_workbooks_are_written_without_lxml_although_pikepdf_installs_it(tmp_path):
    """lxml is installed (pikepdf needs it) and openpyxl would write through it: a '\\r' in a cell
    would be kept. wlzmonitor turns that off, so a workbook's bytes do not depend on it."""
    code = ("import lxml, wlzmonitor.present.table_files as t, openpyxl.xml, openpyxl, pathlib\n"
            "wb = openpyxl.Workbook(); wb.active['A1'] = 'regel\\reen'\n"
            "t.save_workbook(wb, pathlib.Path('a.xlsx'))\n"
            "print(openpyxl.xml.LXML, repr(openpyxl.load_workbook('a.xlsx').active['A1'].value))\n")
    done = _python(code, tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, "False 'regel\\neen'"), done.stderr


def test_a_workbook_is_not_written_when_openpyxl_was_imported_with_lxml_first(tmp_path):
    code = ("import openpyxl, pathlib\n"
            "import wlzmonitor.present.table_files as t\n"
            "t.save_workbook(openpyxl.Workbook(), pathlib.Path('a.xlsx'))\n")
    done = _python(code, tmp_path)
    assert done.returncode == 1 and not (tmp_path / "a.xlsx").exists()
    assert "openpyxl was imported with lxml on, before wlzmonitor" in done.stderr


def test_a_csv_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    """`check-export --log` (and every CSV the project writes) wrote the file in place: a Ctrl-C or a full
    disk in the one write left half a log where a whole one was (left open by review h88). The new file is
    written beside it and renamed over it: interrupted at the rename, the old file is intact and no part
    file is left; a finished write has the mode a plain write gives; a link at the path is replaced, its
    target untouched."""
    from wlzmonitor.spec import file_formats

    path = tmp_path / "log.csv"
    path.write_bytes(b"old,log\n1,2\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(file_formats.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        file_formats.write_csv(path, pd.DataFrame({"a": range(1000)}))
    monkeypatch.undo()
    assert path.read_bytes() == b"old,log\n1,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]

    file_formats.write_csv(path, pd.DataFrame({"a": [1, 2]}))
    assert path.read_bytes() == csv_bytes(pd.DataFrame({"a": [1, 2]}))
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask

    target = tmp_path / "elders.csv"
    target.write_bytes(b"keep\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    file_formats.write_csv(link, pd.DataFrame({"a": [3]}))
    assert target.read_bytes() == b"keep\n" and not link.is_symlink()
