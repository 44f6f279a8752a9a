"""Review h150: a respondent id that is a spreadsheet's error value or a tool's word for no value.

An empty id is an error ("empty respondent id"), but an id cell holding ``#N/A`` (the VLOOKUP or formula that gave the
id in the agency's sheet failed; a Dutch Excel writes ``#N/B``), ``NULL`` (a database export), ``nan`` or ``None`` (a
column that went through pandas), or ``N/A`` was read as the respondent's id without a word: the respondent was
analysed under an id that names no one, matched nothing in the quotes file or the next year's, and two such rows were
reported as "the same id on two rows". Each is now an error naming the row and the value, as an empty id is (not also
a repeated id). Every test failed on the code before this review (the export loaded).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import load_codebook

from mini_export import MINI_CODEBOOK, base_rows, write_rows

MINI = load_codebook(MINI_CODEBOOK)
EXPECTED = "a unique respondent id"
ACTION = "fill in the id (export it again, or copy it from the survey tool)"


def _errors(tmp: Path, ids: list[str]) -> list[tuple]:
    rows = base_rows()
    for row, rid in zip(rows, ids):
        row["respondent_id"] = rid
    path = write_rows(tmp / "export.csv", rows, MINI.columns())
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=None)
    return [(f.row, f.column, f.severity, f.issue, f.expected, f.action) for f in err.value.findings]


@pytest.mark.parametrize("rid, said", [
    ("#N/A", "the spreadsheet error #N/A (a formula that failed), not an id"),
    ("#N/B", "the spreadsheet error #N/B (a formula that failed), not an id"),
    ("#REF!", "the spreadsheet error #REF! (a formula that failed), not an id"),
    ("NULL", "'NULL', a tool's word for no value, not an id"),
    ("nan", "'nan', a tool's word for no value, not an id"),
    ("None", "'None', a tool's word for no value, not an id"),
    (" N/A ", "'N/A', a tool's word for no value, not an id"),
])
def test_an_id_that_is_no_id_is_an_error(tmp_path, rid, said):
    assert _errors(tmp_path, ["1", rid, "10"]) == [
        (3, "respondent_id", "error", f"the respondent id is {said}", EXPECTED, ACTION)]


def test_two_rows_without_an_id_are_not_also_one_id_twice(tmp_path):
    said = "the respondent id is the spreadsheet error #N/A (a formula that failed), not an id"
    assert _errors(tmp_path, ["#N/A", "#N/A", "10"]) == [
        (2, "respondent_id", "error", said, EXPECTED, ACTION),
        (3, "respondent_id", "error", said, EXPECTED, ACTION)]
