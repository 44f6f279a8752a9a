"""Review h150: a mapping's ``values`` that recode the tool's own option codes.

``values`` maps "label (or the tool's own code) -> codebook code" (docs/data_contracts.md §6). A tool that numbers
its options from 0 (``omzet: {0: 1, 1: 2, 2: 3, 3: 4}``) or in another order (Ja/Nee as 2/1:
``gebruik: {1: 2, 2: 1}``) was read wrong: a cell that is also one of the codebook's codes was read as that code
before the mapping's table was looked at, so only 0 was translated (omzet 3 read as 3, not 4) and the swapped
Ja/Nee were read as written, without a line in the log. A code the mapping declares now reads as declared (one
``repaired`` line per column and value, as every declared value); a code it does not declare reads as before. The
recoding tests failed on the code before this review.
"""

from __future__ import annotations

from pathlib import Path

from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import load_codebook

from mini_export import MINI_CODEBOOK, base_rows, write_rows

MINI = load_codebook(MINI_CODEBOOK)


def _load(tmp: Path, values: str, recode: dict[str, dict[str, str]]):
    """The mini export (respondents 1, 2, 10: omzet 1, 4, 3) written with the tool's codes ``recode`` (column ->
    codebook code -> the tool's code), loaded through a mapping whose ``values`` are ``values`` (YAML)."""
    rows = base_rows()
    for row in rows:
        for column, codes in recode.items():
            if row.get(column):
                row[column] = codes[row[column]]
    mapping = tmp / "m.yml"
    mapping.write_text(f"year: 2099\nvalues:\n{values}", encoding="utf-8")
    return load_survey(write_rows(tmp / "export.csv", rows, MINI.columns()), MINI, mapping=mapping)


def _repairs(survey, column: str) -> list[tuple]:
    return [(f.row, f.issue, f.action.rsplit(": ", 1)[-1]) for f in survey.log
            if f.column == column and f.severity == "repaired"]


def test_codes_from_zero_read_through_the_mapping(tmp_path):
    survey = _load(tmp_path, "  omzet: {0: 1, 1: 2, 2: 3, 3: 4}\n",
                   {"omzet": {"1": "0", "2": "1", "3": "2", "4": "3"}})
    assert survey.responses["omzet"].tolist() == [1, 4, 3]  # before: [1, 3, 2]
    assert _repairs(survey, "omzet") == [(2, "got '0'", "values.omzet)"), (3, "got '3'", "values.omzet)"),
                                         (4, "got '2'", "values.omzet)")]


def test_swapped_codes_of_a_matrix_read_through_the_mapping(tmp_path):
    """The tool writes Ja as 2 and Nee as 1; before, every answer was read as written, without a word."""
    survey = _load(tmp_path, "  gebruik: {1: 2, 2: 1}\n",
                   {"gebruik__zzp": {"1": "2", "2": "1"}, "gebruik__meerzorg": {"1": "2", "2": "1"}})
    assert survey.responses["gebruik__zzp"].tolist() == [1, 2, 2]
    assert survey.responses["gebruik__meerzorg"].tolist() == [2, 2, 1]


def test_a_code_the_mapping_does_not_declare_reads_as_the_codebooks(tmp_path):
    """Guard (passes before and after): a declared label beside codes written as the codebook's."""
    survey = _load(tmp_path, "  omzet: {\"Klein\": 1}\n", {"omzet": {"1": "Klein", "3": "3", "4": "4"}})
    assert survey.responses["omzet"].tolist() == [1, 4, 3]
    assert _repairs(survey, "omzet") == [(2, "got 'Klein'", "values.omzet)")]
