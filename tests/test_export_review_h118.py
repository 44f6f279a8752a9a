"""Review h118 of the agency-export path for the binary formats (SPSS .sav/.zsav, Excel .xlsx): hostile
and careless files built from the mini export. Each test is a case that was refused without naming its
cause, and states what the loader says now."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import load_codebook

from mini_export import MINI_CODEBOOK, base_rows

MINI = load_codebook(MINI_CODEBOOK)


def _workbook(path: Path, *, hidden_answers: bool = False) -> Path:
    """The mini export as a workbook; `hidden_answers`: in a hidden sheet beside an empty visible one
    (a sheet the agency hid, and a blank one added by hand)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    ws.append(MINI.columns())
    for r in base_rows():
        ws.append([r.get(c, "") for c in MINI.columns()])
    if hidden_answers:
        ws.sheet_state = "hidden"
        wb.create_sheet("Blad1")
        wb.active = 1
    wb.save(path)
    return path


# --------------------------------------------------------------------------------------------
# 1. the answers in a hidden sheet, the one visible sheet empty: was only "sheet 'Blad1' is empty"


def test_an_empty_visible_sheet_beside_a_hidden_one_names_the_hidden_sheet(tmp_path):
    path = _workbook(tmp_path / "export.xlsx", hidden_answers=True)
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=None)
    said = str(ei.value)
    assert said.startswith(f"{path}: sheet 'Blad1' is empty; the workbook also has 1 hidden sheet(s) "
                           "('Antwoorden')"), said
    assert "name it (sheet: in the export mapping, or --sheet)" in said


def test_the_hidden_sheet_is_read_when_named_and_an_empty_only_sheet_says_no_more(tmp_path):
    path = _workbook(tmp_path / "export.xlsx", hidden_answers=True)
    assert len(read_export(path, sheet="Antwoorden")) == len(base_rows())
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "empty.xlsx")
    with pytest.raises(ExportError) as ei:
        read_export(tmp_path / "empty.xlsx")
    assert str(ei.value) == f"{tmp_path / 'empty.xlsx'}: sheet 'Sheet' is empty"


# --------------------------------------------------------------------------------------------
# 2. a workbook cut short (a download that stopped part-way): was "cannot open as an Excel workbook:
#    File is not a zip file", which an analyst holding an .xlsx file cannot act on


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_a_workbook_cut_short_says_so(tmp_path, keep):
    data = _workbook(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "export.xlsx"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=None)
    said = str(ei.value)
    assert said.startswith(f"{path}: cannot open as an Excel workbook: "), said
    assert "its end is missing (cut short or damaged" in said and "download or export it again" in said


def test_a_whole_zip_that_is_no_workbook_is_not_called_cut_short(tmp_path):
    import zipfile

    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("export.csv", "respondent_id,voltooid\n1,1\n")
    with pytest.raises(ExportError) as ei:
        read_export(path)
    assert "cut short" not in str(ei.value)


# --------------------------------------------------------------------------------------------
# 3. a cell stored as a number whose text is none (<v>NaN</v>, <v>inf</v>, <v>1,5</v>: a program that
#    wrote the workbook itself, with a Dutch locale or a float it did not check): was a bare
#    "ValueError: invalid literal for int() with base 10: 'NaN'" traceback out of openpyxl


def _with_cell(src: Path, dst: Path, ref: str, xml: str) -> Path:
    """`src` with the cell `ref` of its sheet replaced by `xml` (the worksheet's XML edited in place)."""
    import re
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, data.decode(), count=1)
                assert n == 1, ref
                data = text.encode()
            zout.writestr(item, data)
    return dst


def _nps_ref(path: Path, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(MINI.columns().index('nps') + 1)}{row}"


@pytest.mark.parametrize("stored, shown", [("NaN", "'NaN'"), ("inf", "'inf'"), ("-inf", "'-inf'"),
                                           ("1,5", "'1,5'"), ("abc", "text of 3 characters")])
def test_a_number_cell_that_holds_no_number_is_an_error_naming_sheet_and_row(tmp_path, stored, shown):
    src = _workbook(tmp_path / "whole.xlsx")
    path = _with_cell(src, tmp_path / "export.xlsx", _nps_ref(src, 4), f'<c r="{_nps_ref(src, 4)}"><v>{stored}</v></c>')
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=None)
    assert str(ei.value) == (
        f"{path}: sheet 'Antwoorden' cannot be read: cell {_nps_ref(src, 4)} is stored as a number but holds "
        f"{shown}, which is no number (the workbook was not written by a spreadsheet program); open the file in Excel or "
        "LibreOffice, correct the cell and save it again, or export the answers again")


def test_the_stored_value_of_a_formula_that_is_no_number_is_an_error_too(tmp_path):
    src = _workbook(tmp_path / "whole.xlsx")
    ref = _nps_ref(src, 4)
    path = _with_cell(src, tmp_path / "export.xlsx", ref, f'<c r="{ref}"><f>WEBSERVICE("http://x.example/")</f>'
                                                           '<v>NaN</v></c>')
    with pytest.raises(ExportError, match=rf"sheet 'Antwoorden' cannot be read: cell {ref} is stored as a "
                                          r"number but holds 'NaN'"):
        read_export(path)


def test_a_formula_s_stored_value_is_read_and_the_formula_never_evaluated(tmp_path):
    """=WEBSERVICE / =HYPERLINK: the value the spreadsheet stored is read (a warning per column), the
    formula is neither evaluated nor passed on."""
    src = _workbook(tmp_path / "whole.xlsx")
    ref = _nps_ref(src, 4)
    path = _with_cell(src, tmp_path / "export.xlsx", ref, f'<c r="{ref}"><f>WEBSERVICE("http://x.example/")</f>'
                                                           '<v>9</v></c>')
    df = read_export(path)
    assert df.loc[df["respondent_id"] == base_rows()[2]["respondent_id"], "nps"].tolist() == ["9"]
    assert not df.isin(['WEBSERVICE("http://x.example/")']).any().any()
