"""A workbook that unpacks to far more than it is, or names rows beyond Excel's last, is refused
with a message naming the file; a stray cell far below the answers costs no frame of empty rows.

Hostile review: a 120 KB workbook with one space in A1048576 took 41 s and 4 GB (a frame of a
million rows of 164 empty cells), `<row r="2000000000">` 88 s and a MemoryError, a few megabytes
of `<row/>` or shared strings that unpack to gigabytes a MemoryError or a hang in openpyxl."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from test_hostile_exports import _grid, _xlsx
from wlzmonitor.inputs import reading
from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export


def _rewrite(path: Path, change) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_a_stray_cell_far_below_the_answers_is_an_empty_row_not_a_million(tmp_path):
    import openpyxl

    path = _xlsx(tmp_path, _grid())
    plain = read_export(path)
    wb = openpyxl.load_workbook(path)
    wb.active.cell(row=reading.XLSX_MAX_ROW, column=1, value=" ")
    wb.save(path)
    df = read_export(path)  # before: a frame of a million rows x 22 columns, then most of it dropped
    assert df.equals(plain)
    last = int(plain[reading.ROW].max())
    assert df.attrs["empty_rows"] == list(range(last + 1, reading.XLSX_MAX_ROW + 1))


def test_a_row_beyond_excel_s_last_is_an_error(tmp_path):
    path = _xlsx(tmp_path, _grid())

    def far(parts):
        xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
        parts["xl/worksheets/sheet1.xml"] = xml.replace(
            "</sheetData>", '<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>'
                            "</sheetData>").encode("utf-8")
    _rewrite(path, far)
    with pytest.raises(ExportError, match=r"export\.xlsx: sheet '.*' has a row beyond row 1,048,576"):
        read_export(path)


def test_a_part_that_unpacks_to_hundreds_of_times_its_size_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "XLSX_RATIO_FROM", 1 << 20)  # the same rule on a small bomb
    bomb = b"<si><t></t></si>" * 400_000
    path = _rewrite(_xlsx(tmp_path, _grid()), lambda parts: parts.__setitem__("xl/sharedStrings2.xml", bomb))
    with pytest.raises(ExportError, match=r"export\.xlsx: not read: its part xl/sharedStrings2\.xml unpacks from "
                                          rf"[\d,]+ bytes to {len(bomb):,}") as err:
        read_export(path)
    assert "CSV" in str(err.value)
    from wlzmonitor.inputs.draft_read import read_view

    with pytest.raises(ExportError, match="not read"):
        read_view(path)


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused(tmp_path, monkeypatch):
    path = _xlsx(tmp_path, _grid())
    read_export(path)  # within the limit
    with zipfile.ZipFile(path) as z:
        total = sum(i.file_size for i in z.infolist())
    monkeypatch.setattr(reading, "XLSX_MAX_UNPACKED", total - 1)
    with pytest.raises(ExportError, match=re.escape(f"it unpacks to {total:,} bytes (at most {total - 1:,})")):
        read_export(path)


def test_a_stray_cell_far_below_a_wide_export_costs_no_cell_per_empty_row(tmp_path, monkeypatch):
    """Regression review: the demo export (164 columns) with one space in A1048576 took 2 min 24 s and
    1.5 GB: openpyxl fills the gap with one row object of 164 empty cells, read cell by cell a million
    times. A row that holds no cell of the file is read as blank at once."""
    import openpyxl

    from wlzmonitor.inputs.reading import _no_cells
    from openpyxl.cell.read_only import EMPTY_CELL

    assert _no_cells((), EMPTY_CELL) and _no_cells((EMPTY_CELL,) * 164, EMPTY_CELL)
    assert not _no_cells((EMPTY_CELL, "a cell"), EMPTY_CELL)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"kolom_{c}" for c in range(164)])
    ws.append(["x"] * 164)
    ws.cell(row=reading.XLSX_MAX_ROW, column=164, value=" ")
    path = tmp_path / "breed.xlsx"
    wb.save(path)
    calls = []
    real = reading._xlsx_text
    monkeypatch.setattr(reading, "_xlsx_text", lambda cell: calls.append(1) or real(cell))
    df = read_export(path)
    assert len(df) == 1 and len(calls) < 1000  # the header, the row and the last cell: not 164 million
    assert df.attrs["empty_rows"] == list(range(3, reading.XLSX_MAX_ROW + 1))
