"""Review h162 of survey exports (CSV, XLSX, SPSS as an agency delivers them).

- A workbook's TRUE/FALSE cell in a coded column gave two lines for one cell when it was FALSE ("got a TRUE/FALSE
  cell ..." and "got '0'"), and the error did not say which of the two the cell held. In the respondent id column
  it was read as the id '1' or '0' with a warning: another respondent's id, or a duplicate error about id '1' that
  the file does not hold. Now one line per cell, naming TRUE or FALSE; in the id column an error.
Every test failed on the code before this review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import load_codebook

from mini_export import MINI_CODEBOOK, base_rows

MINI = load_codebook(MINI_CODEBOOK)
COLUMNS = MINI.columns()


def _workbook(tmp: Path, cells: dict[tuple[int, str], object]) -> Path:
    """The mini export as a workbook, with ``cells`` ((sheet row, column) -> value) written over it."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for row in base_rows():
        ws.append([row.get(c, "") for c in COLUMNS])
    for (r, c), value in cells.items():
        ws.cell(r, COLUMNS.index(c) + 1, value)
    wb.save(tmp / "export.xlsx")
    return tmp / "export.xlsx"


def _errors(path: Path, mapping=None) -> list[tuple]:
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=mapping)
    return [(f.row, f.respondent_id, f.column, f.issue, f.expected) for f in err.value.findings]


# --- 1. a workbook's TRUE/FALSE cell ---------------------------------------------------------------------------

def test_a_false_cell_in_a_coded_column_is_one_line_naming_false(tmp_path):
    path = _workbook(tmp_path, {(3, "contact__toestemming"): False, (4, "nps"): True})
    assert _errors(path) == [
        (3, "2", "contact__toestemming", "got FALSE (a spreadsheet's yes/no cell, where the question asks for a code)",
         "one of 1=Ja, 2=Nee"),
        (4, "10", "nps", "got TRUE (a spreadsheet's yes/no cell, where the question asks for a number)",
         "a whole number from 0 to 10")]


@pytest.mark.parametrize("value", [True, False])
def test_a_true_false_cell_as_respondent_id_is_an_error(tmp_path, value):
    # before: read as the id '1' (row 3 then "respondent id '1' also on row 2") or '0' with a warning only
    path = _workbook(tmp_path, {(3, "respondent_id"): value})
    word = "TRUE" if value else "FALSE"
    assert _errors(path) == [
        (3, None, "respondent_id",
         f"got {word} (a spreadsheet's yes/no cell, where the column asks for a respondent id)",
         "a unique respondent id")]


# --- 2. an SPSS value the mapping's values do not name, with a label of the tool's own --------------------------

OWN_LABELS = {"omzet": {0.0: "Klein", 1.0: "Middel", 2.0: "Groot", 3.0: "Heel groot"}}
LABEL_FIX = ("give the mapping's 'values' for this column an entry for the value or its label, or fix the value label "
             "in the SPSS file")
OMZET = ("one of 1=Minder dan 20 miljoen euro, 2=20 tot 40 miljoen euro, 3=40 tot 100 miljoen euro, "
         "4=Meer dan 100 miljoen euro")


def _sav_errors(tmp: Path, labels: dict, values: str) -> list[tuple]:
    from test_agency_exports_h152 import FROM_ZERO, _recoded_sav

    path, mapping = _recoded_sav(tmp, labels, FROM_ZERO, values)
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=mapping)
    return [(f.row, f.column, f.issue, f.expected, f.action) for f in err.value.findings]


def test_a_value_the_mapping_misses_names_its_label_and_the_mappings_values(tmp_path):
    # before: "got '0'", neither the label 'Klein' the file gives 0 nor what the mapping reads
    assert _sav_errors(tmp_path, OWN_LABELS, "  omzet: {1: 2, 2: 3, 3: 4}\n") == [
        (2, "omzet", "got '0' (its SPSS value label is 'Klein', none of the codebook's labels nor of the mapping's "
         "'values' (1, 2, 3))", OMZET, LABEL_FIX)]


def test_a_value_left_unread_by_a_column_error_says_what_its_label_reads_as(tmp_path):
    said = _sav_errors(tmp_path, OWN_LABELS, "  omzet: {Klein: 1, Middel: 2, Groot: 3, Reus: 4}\n")
    assert said == [
        (None, "omzet", "SPSS value labels 2 'Groot' and 3 'Heel groot' would both be read as code 3 (a label not in "
         "the codebook nor the mapping's 'values' keeps its stored value)",
         "value labels that match the codebook's options one to one",
         "fix the value labels in the SPSS file, or give the export mapping 'values' for this column"),
        (2, "omzet", "got '0' (its SPSS value label 'Klein' is code 1, not read so because of the error about this "
         "column's value labels)", OMZET, LABEL_FIX)]


def test_an_unlabelled_export_without_mapping_names_the_label(tmp_path):
    import pandas as pd
    import pyreadstat

    from test_agency_exports_h152 import FROM_ZERO
    from test_spss_labels_h150 import _TEXT

    rows = base_rows()
    for row in rows:
        row["omzet"] = FROM_ZERO["omzet"][row["omzet"]]
    data = {c: [r.get(c, "") if c in _TEXT else (float(r[c]) if r.get(c) else float("nan")) for r in rows]
            for c in COLUMNS}
    pyreadstat.write_sav(pd.DataFrame(data), str(tmp_path / "export.sav"), variable_value_labels=OWN_LABELS)
    with pytest.raises(ExportError) as err:
        load_survey(tmp_path / "export.sav", MINI, mapping=None)
    assert [(f.row, f.column, f.issue) for f in err.value.findings] == [
        (2, "omzet", "got '0' (its SPSS value label is 'Klein', none of the codebook's labels)")]


# --- 3. an SPSS variable with a date or time format ------------------------------------------------------------

DATE_FIX = "give the variable a number format (such as F8.2) in SPSS and save the file again, or export again"


def _sav(tmp: Path, formats: dict[str, str], renames: dict[str, str] | None = None) -> Path:
    import pandas as pd
    import pyreadstat

    from test_spss_labels_h150 import _TEXT

    data = {c: [r.get(c, "") if c in _TEXT else (float(r[c]) if r.get(c) else float("nan")) for r in base_rows()]
            for c in COLUMNS}
    frame = pd.DataFrame(data).rename(columns=renames or {})
    pyreadstat.write_sav(frame, str(tmp / "export.sav"), variable_format=formats)
    return tmp / "export.sav"


def test_a_number_question_with_a_date_format_names_the_format_and_the_stored_number(tmp_path):
    # before: "got a value with 8 digits and other characters (not a number)" (DATE11), or a workbook's date cell
    path = _sav(tmp_path, {"tarief_pct": "DATE11", "nps": "TIME8"})
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=None)
    said = "the SPSS variable has the date or time format"
    assert [(f.row, f.column, f.issue, f.expected, f.action) for f in err.value.findings] == [
        (2, "tarief_pct", f"got 1582-10-14: {said} DATE11, so its stored number 96.7 is read as a date or time",
         "a number from 0 to 150 (percent)", DATE_FIX),
        (2, "nps", f"got 00:00:08: {said} TIME8, so its stored number 8 is read as a date or time",
         "a whole number from 0 to 10", DATE_FIX),
        (3, "nps", f"got 00:00:10: {said} TIME8, so its stored number 10 is read as a date or time",
         "a whole number from 0 to 10", DATE_FIX),
        (4, "nps", f"got 00:00:06: {said} TIME8, so its stored number 6 is read as a date or time",
         "a whole number from 0 to 10", DATE_FIX)]


def test_a_date_formatted_code_column_renamed_by_a_mapping_names_the_format(tmp_path):
    path = _sav(tmp_path, {"Q1": "DATETIME20"}, {"omzet": "Q1"})
    mapping = tmp_path / "m.yml"
    mapping.write_text("year: 2099\ncolumns:\n  Q1: omzet\nvalues:\n  omzet: {11: 1}\n", encoding="utf-8")
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=mapping)
    assert [(f.row, f.column, f.export_column, f.issue) for f in err.value.findings] == [
        (r, "omzet", "Q1", f"got 1582-10-14T00:00:0{n}: the SPSS variable has the date or time format DATETIME20, so its "
         f"stored number {n} is read as a date or time") for r, n in ((2, 1), (3, 4), (4, 3))]


# --- 4. a mapping's code and a cell that write one whole number differently ('11' and '11.0') ---------------------

@pytest.mark.parametrize("cell, key", [("{}.0", "{}"), ("{}", "{}.0"), ("{}", "'{}.0'")])
def test_a_whole_number_with_decimal_zeros_matches_the_mappings_code(tmp_path, cell, key):
    # before: "got '11.0'" beside values {11: 1}, and "got '11'" beside values {11.0: 1} (as a tool's float wrote it)
    from mini_export import write_rows

    rows = base_rows()
    for row in rows:
        row["omzet"] = cell.format(int(row["omzet"]) + 10)
    mapping = tmp_path / "m.yml"
    mapping.write_text("year: 2099\nvalues:\n  omzet: {" + ", ".join(f"{key.format(c + 10)}: {c}" for c in range(1, 5))
                       + "}\n", encoding="utf-8")
    s = load_survey(write_rows(tmp_path / "export.csv", rows, COLUMNS), MINI, mapping=mapping)
    assert s.responses["omzet"].tolist() == [1, 4, 3]
    assert [(f.row, f.severity, f.issue, f.action) for f in s.log.findings if f.column == "omzet"] == [
        (r, "repaired", f"got '{cell.format(v)}'", f"read as {v - 10} ({mapping}: values.omzet)")
        for r, v in ((2, 11), (3, 14), (4, 13))]


# --- 5. a workbook's date cell in a number question --------------------------------------------------------------

DATE_CELL = ("got a date or time (a cell of the workbook formatted as a date: what was typed, such as 3-4 or 8:30, "
             "became a date; format the column as a number or text and type the value again)")


def test_a_number_in_a_date_formatted_cell_is_a_date_cell_not_a_date_of_birth(tmp_path):
    import datetime

    # before: "got a value that looks like a date of birth" (96.7 shown as 5-4-1900; 1965-03-01 as typed)
    path = _workbook(tmp_path, {(2, "tarief_pct"): 96.7, (3, "nps"): datetime.datetime(1965, 3, 1)})
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb.active.cell(2, COLUMNS.index("tarief_pct") + 1).number_format = "dd-mm-yyyy"
    wb.save(path)
    assert _errors(path) == [(2, "1", "tarief_pct", DATE_CELL, "a number from 0 to 150 (percent)"),
                             (3, "2", "nps", DATE_CELL, "a whole number from 0 to 10")]


# --- 6. the reader's errors about a workbook's cells name the sheet --------------------------------------------

def test_the_readers_cell_errors_name_the_sheet_as_validations_do(tmp_path):
    import openpyxl

    path = _workbook(tmp_path, {(3, "nps"): 8, (4, "nps"): None})
    wb = openpyxl.load_workbook(path)
    wb.active.title = "Antwoorden"
    column = openpyxl.utils.get_column_letter(COLUMNS.index("nps") + 1)
    wb.active.merge_cells(f"{column}3:{column}4")
    wb.save(path)
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=None)
    # before: "export.xlsx:row 3, column 'nps': merged cells ..." (validation's errors say "sheet 'Antwoorden', ")
    assert str(err.value).splitlines()[1] == (
        f"  {path}:sheet 'Antwoorden', row 3, column 'nps': merged cells {column}3:{column}4: only the first cell "
        "holds a value, the others would read as empty, expected one value in every cell")
    assert [f.sheet for f in err.value.findings] == ["'Antwoorden'"]
