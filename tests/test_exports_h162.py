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
