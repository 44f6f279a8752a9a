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
