"""Review h120 of review h118's XLSX reader changes: every fault openpyxl meets in a sheet's cells was
called "a cell below row N is stored as a number" (a bad style, shared-text index, TRUE/FALSE, date,
row number, cell address), some were bare IndexError tracebacks, N was the count of rows read (0 for the
header, 2 for a cell in row 6 after missing rows), the value came from a repr in the error text ("a
value" for text with a quote or of 5,000 digits); the hidden sheets of an empty one were read from a
second reading of the file (one replaced in between: a bare BadZipFile); an .ods cut short was called
"an .xlsx archive"."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from test_export_review_h118 import _workbook
from wlzmonitor.inputs import reading
from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export

TAIL = ("(the workbook was not written by a spreadsheet program); open the file in Excel or LibreOffice, "
        "correct the cell and save it again, or export the answers again")


def _small(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    ws.append(["respondent_id", "nps"])
    for i in range(1, 6):
        ws.append([i, i])
    wb.save(path)
    return path


def _edit(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            zout.writestr(item, data)
    return dst


def _cell(ref: str, xml: str):
    return lambda text: re.sub(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, text, count=1)


def _said(tmp_path, change) -> str:
    path = _edit(_small(tmp_path / "whole.xlsx"), tmp_path / "export.xlsx", change)
    with pytest.raises(ExportError) as ei:
        read_export(path)
    said = str(ei.value)
    assert said.startswith(f"{path}: sheet 'Antwoorden' cannot be read: ") and said.endswith(TAIL), said
    return said[len(f"{path}: sheet 'Antwoorden' cannot be read: "):-len(TAIL) - 1]


def _without_rows(numbers: str):
    return lambda text: re.sub(rf'<row r="[{numbers}]".*?</row>', "", text)


@pytest.mark.parametrize("ref, xml, said", [
    ("B1", '<c r="B1"><v>NaN</v></c>', "cell B1 is stored as a number but holds 'NaN', which is no number"),
    ("B3", '<c r="B3"><v>it\'s</v></c>', "cell B3 is stored as a number but holds text of 4 characters, which is no number"),
    ("B3", '<c r="B3"><v>' + "1" * 5000 + "</v></c>",
     "cell B3 is stored as a number but holds text of 5000 characters, which is no number"),
    ("B3", '<c r="B3"><v>jan@zorg.nl</v></c>', "cell B3 is stored as a number but holds an e-mail address, which is no number"),
    ("B3", '<c r="B3" t="s"><v>999</v></c>',
     "cell B3 is stored as a reference to the workbook's shared texts but holds '999', which is no such reference"),
    ("B3", '<c r="B3" s="999"><v>3</v></c>', "cell B3 names a cell format (style) the workbook does not have"),
    ("B3", '<c r="B3" s="x"><v>3</v></c>', "cell B3 names a cell format (style) the workbook does not have"),
    ("B3", '<c r="B3" t="b"><v>x</v></c>', "cell B3 is stored as TRUE/FALSE but holds 'x', which is neither"),
    ("B3", '<c r="B3" t="d"><v>garbage</v></c>', "cell B3 is stored as a date but holds text of 7 characters, which is no date"),
    ("B3", '<c r="ZZZZ3"><v>3</v></c>', "a cell in row 3 (the one after A3) has an address that is no cell address"),
])
def test_each_fault_of_a_cell_is_named_with_the_cell(tmp_path, ref, xml, said):
    assert _said(tmp_path, _cell(ref, xml)) == said


def test_a_row_number_that_is_none_is_not_called_a_number_cell(tmp_path):
    assert _said(tmp_path, lambda t: t.replace('<row r="3"', '<row r="x"')) == \
        "the row after row 2 has a row number that is none"


def test_the_cell_is_named_after_rows_the_file_leaves_out_and_in_the_stored_values_pass(tmp_path):
    nan = _cell("B6", '<c r="B6"><v>NaN</v></c>')
    assert _said(tmp_path, lambda t: nan(_without_rows("345")(t))) == \
        "cell B6 is stored as a number but holds 'NaN', which is no number"
    formula = _cell("B6", '<c r="B6"><f>1+1</f><v>NaN</v></c>')
    assert _said(tmp_path, lambda t: formula(_without_rows("345")(t))) == \
        "cell B6 is stored as a number but holds 'NaN', which is no number"


def test_a_fault_of_our_own_is_not_called_a_fault_of_the_file(tmp_path, monkeypatch):
    def broken(cell):
        raise ValueError("invalid literal for int() with base 10: 'ours'")

    monkeypatch.setattr(reading, "_xlsx_text", broken)
    with pytest.raises(ValueError, match="ours"):
        read_export(_small(tmp_path / "export.xlsx"))


def test_the_hidden_sheets_come_from_the_one_reading_of_the_file(tmp_path, monkeypatch):
    """The file replaced by something else after it was read: the message is about the file as read."""
    path = _workbook(tmp_path / "export.xlsx", hidden_answers=True)
    first = reading.read_input_bytes

    def read_then_replace(p, *args, **kwargs):
        data = first(p, *args, **kwargs)
        Path(p).write_bytes(b"not a workbook any more")
        return data

    monkeypatch.setattr(reading, "read_input_bytes", read_then_replace)
    with pytest.raises(ExportError) as ei:
        read_export(path)
    assert str(ei.value).startswith(f"{path}: sheet 'Blad1' is empty; the workbook also has 1 hidden sheet(s) "
                                    "('Antwoorden')"), str(ei.value)


@pytest.mark.parametrize("first, said", [
    ("mimetype", "starts as a zip archive (as an .xlsx workbook is, but its first part is no part of one)"),
    ("META-INF/MANIFEST.MF", "starts as a zip archive (as an .xlsx workbook is, but its first part is no part of one)"),
    ("", "starts as a zip archive (as an .xlsx workbook is, but its first part is missing)"),
])
def test_a_zip_cut_short_that_is_no_workbook_is_not_called_an_xlsx(tmp_path, first, said):
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as z:
        z.writestr(first or "x", "<x/>" * 2000)
    path = tmp_path / "export.xlsx"
    path.write_bytes(whole.read_bytes()[:300] if first else b"PK\x03\x04")
    with pytest.raises(ExportError) as ei:
        read_export(path)
    assert said + " but its end is missing" in str(ei.value), str(ei.value)
    assert "an .xlsx archive" not in str(ei.value)
