"""Review h150: a mapping's ``values`` that recode the tool's own option codes.

``values`` maps "label (or the tool's own code) -> codebook code" (docs/data_contracts.md §6). A tool that numbers
its options from 0 (``omzet: {0: 1, 1: 2, 2: 3, 3: 4}``) or in another order (Ja/Nee as 2/1:
``gebruik: {1: 2, 2: 1}``) was read wrong: a cell that is also one of the codebook's codes was read as that code
before the mapping's table was looked at, so only 0 was translated (omzet 3 read as 3, not 4) and the swapped
Ja/Nee were read as written, without a line in the log. A code the mapping declares now reads as declared (one
``repaired`` line per column and value, as every declared value); a code it does not declare reads as before. A
delimited multi-select column of such codes is split through the values, and the option columns the split writes
(1 = chosen) are not read through them again. The recoding tests failed on the code before this review.
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


def test_a_delimited_multi_column_of_codes_from_zero_reads_through_the_mapping(tmp_path):
    """The tool lists the chosen options of Vraag 3 in one cell, numbered from 0 ('0' = Personeel, '2' = Zorgzwaarte).
    Before: '1' and '2' were read as the codebook's 1 and 2; with only the declared code read first, the option
    columns the split wrote (1 = chosen) were read through the same values again ('got 2, expected 0 or 1')."""
    rows = base_rows()
    columns = [c for c in MINI.columns() if not (c.startswith("redenen__") and c[-1].isdigit())] + ["Redenen"]
    for row in rows:
        row["Redenen"] = ";".join(str(k - 1) for k in range(1, 5) if row.get(f"redenen__{k}") == "1")
    rows[0]["Redenen"] = "0;2"  # respondent 1: Personeel and Zorgzwaarte
    mapping = tmp_path / "m.yml"
    mapping.write_text('year: 2099\nmulti:\n  redenen: {column: Redenen, delimiter: ";"}\n'
                       "values:\n  redenen: {0: 1, 1: 2, 2: 3, 3: 4}\n", encoding="utf-8")
    survey = load_survey(write_rows(tmp_path / "export.csv", rows, columns), MINI, mapping=mapping)
    chosen = survey.responses[[f"redenen__{k}" for k in range(1, 5)]]
    assert chosen.loc["1"].tolist() == [1, 0, 1, 0]
    assert chosen.loc["10"].tolist() == [0, 0, 1, 0]
