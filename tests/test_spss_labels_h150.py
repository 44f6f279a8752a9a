"""Review h150: an SPSS value label that is not the codebook's, on a value the file holds as an answer.

A value label the loader did not recognise was one warning ("SPSS value label(s) not recognised: ...", "the stored
values are read as the codebook's codes"), and the cells were read as the codes they store. Two agency exports read
wrong so, the run going on:

- a multi-response column whose selected value is labelled with *another* option of the question ('Vastgoed' on the
  column of option 1 'Personeel': the export's columns in another order than the codebook's options, or a mapping
  that names the wrong one): every choice of Vastgoed counted as Personeel. The same cell in a CSV ('Vastgoed' in
  redenen__1) is an error;
- a single-choice or matrix column whose labels are the codebook's but for one value that the codebook has as
  another option ('Weet niet' stored as 3, the codebook's option 3 '40 tot 100 miljoen euro', the value not declared
  user-missing): the respondent who did not know counted as 40-100 million.

Both are now an error naming the file, the column, the question, the stored value, its label, the option it would be
read as and the rows. An export whose labels are none of the codebook's (the tool's own words, 'Klein', 'Groot')
keeps the warning and the stored codes (tests/test_messy_exports.py), and so does an unrecognised label on a value no
cell holds. The first two tests failed on the code before this review (the export loaded, with the warning).

A number question's value labelled with words ('Weet niet' on 99, not declared user-missing) was read as the number,
99%, without a line in the log; it is now an error that says how to declare it missing. A label that is the number
('99%', '96,5 procent', '0 (geen)', 'Geen' on 0) reads as before (those tests and the mapping's way out pass before
and after; the error tests failed before).

A number question's user-missing values declared over answers it allows, without a value label (a range 90 thru 100
on a tariff percentage, or 96.7 itself), emptied those answers with one warning: now one error for the column, as an
unlabelled user-missing option code or score is (tests/test_export_review.py). A declared value outside the question's
range (-99, 999 on a percentage up to 150) stays no answer (those tests pass before and after).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.inputs.quality_log import ExportError, Finding
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import load_codebook

from mini_export import MINI_CODEBOOK, base_rows

MINI = load_codebook(MINI_CODEBOOK)
_TEXT = {"respondent_id", "zorgtype__tekst", "redenen__tekst", "belasting__toelichting", "nps__toelichting",
         "suggesties", "contact__naam", "contact__email"}
OMZET = {1.0: "Minder dan 20 miljoen euro", 2.0: "20 tot 40 miljoen euro", 3.0: "Weet niet",
         4.0: "Meer dan 100 miljoen euro"}
EXPECTED = "value labels that match the codebook's options one to one"
SINGLE_HINT = ("fix the value label in the SPSS file, or give the export mapping 'values' for this column (the "
               "label's code) or 'missing' (a value that is no answer, such as 'Weet niet')")


def _sav(path: Path, labels: dict) -> Path:
    """The mini export (respondents 1, 2, 10 on rows 2-4) as an SPSS file with numeric variables and ``labels``."""
    import pyreadstat

    data = {c: [r.get(c, "") if c in _TEXT else (float(r[c]) if r.get(c) else float("nan")) for r in base_rows()]
            for c in MINI.columns()}
    pyreadstat.write_sav(pd.DataFrame(data), str(path), variable_value_labels=labels)
    return path


def _errors(path: Path, mapping=None) -> list[Finding]:
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=mapping)
    return err.value.findings


def test_a_multi_column_labelled_with_another_option_is_an_error(tmp_path):
    path = _sav(tmp_path / "e.sav", {"redenen__1": {1.0: "Vastgoed"}})  # respondent 1 (row 2) chose option 1
    assert _errors(path) == [Finding(
        str(path), None, None, "redenen__1", "Vraag 3 redenen", "error",
        "SPSS value label 1 'Vastgoed' is the label of option 2 ('Vastgoed'), but the column is option 1 "
        "('Personeel'): read as stored, every choice of option 2 would count as option 1 (1 row(s): 2)",
        EXPECTED, "check which export column is which option (the mapping's 'columns'), or fix the value labels")]


@pytest.mark.parametrize("column, question, labels, said", [
    ("omzet", "Vraag 1 omzet", OMZET,
     "SPSS value label 3 'Weet niet' is not the codebook's label of option 3 ('40 tot 100 miljoen euro'), while "
     "the column's other value labels are the codebook's: read as stored, it would count as option 3 (1 row(s): 4)"),
    ("gebruik__meerzorg", "Vraag 4 gebruik", {1.0: "Ja", 2.0: "Weet niet"},  # a matrix item: rows 2, 3 hold 2
     "SPSS value label 2 'Weet niet' is not the codebook's label of option 2 ('Nee'), while the column's other "
     "value labels are the codebook's: read as stored, it would count as option 2 (2 row(s): 2, 3)"),
])
def test_one_label_unlike_the_codebooks_among_its_labels_is_an_error(tmp_path, column, question, labels, said):
    path = _sav(tmp_path / "e.sav", {column: labels})
    assert _errors(path) == [Finding(str(path), None, None, column, question, "error", said, EXPECTED,
                                     SINGLE_HINT)]


def test_the_mapping_that_declares_the_value_missing_reads_it_as_no_answer(tmp_path):
    """The error's way out: ``missing`` names the stored value; respondent 10 then lacks a required answer."""
    mapping = tmp_path / "m.yml"
    mapping.write_text("year: 2099\nmissing: {omzet: [3]}\n", encoding="utf-8")
    survey = load_survey(_sav(tmp_path / "e.sav", {"omzet": OMZET}), MINI, mapping=mapping)
    assert survey.responses["omzet"].tolist() == [1, 4]
    assert survey.log.excluded_rows() == {4: "incomplete (required answer missing)"}


@pytest.mark.parametrize("labels", [
    {"omzet": {1.0: "Klein", 4.0: "Groot"}},                      # none of the codebook's words: the tool's own
    {"omzet": {**OMZET, 3.0: "40 tot 100 miljoen euro", 5.0: "Weet niet"}},  # 5 is no cell's value
    {"redenen__2": {1.0: "Personeel"}},                           # no respondent chose option 2
])
def test_an_unrecognised_label_that_misreads_no_cell_stays_a_warning(tmp_path, labels):
    survey = load_survey(_sav(tmp_path / "e.sav", labels), MINI, mapping=None)
    assert survey.responses["omzet"].tolist() == [1, 4, 3]
    assert [f.severity for f in survey.log if f.issue.startswith("SPSS value label")] == ["warning"]


# --------------------------------------------------------------------------------------------
# a number question's value labelled with words: a code for no answer, not the number (not declared user-missing)

NUMBER_HINT = "declare the value missing in the SPSS file, or under the export mapping's 'missing' (missing: {tarief_pct: [99]})"


def _percentage_sav(path: Path, value: str, **options) -> Path:
    """The mini export as SPSS, respondent 1's (row 2) percentage stored as ``value``; ``options`` for
    ``pyreadstat.write_sav`` (the percentage's value labels or missing ranges)."""
    import pyreadstat

    rows = base_rows()
    rows[0]["tarief_pct"] = value
    data = {c: [r.get(c, "") if c in _TEXT else (float(r[c]) if r.get(c) else float("nan")) for r in rows]
            for c in MINI.columns()}
    pyreadstat.write_sav(pd.DataFrame(data), str(path), **options)
    return path


def _number_sav(path: Path, labels: dict, value: str = "99") -> Path:
    """The percentage ``value`` (row 2), the column labelled ``labels``."""
    return _percentage_sav(path, value, variable_value_labels={"tarief_pct": labels})


@pytest.mark.parametrize("label", ["Weet niet", "99 = weet niet", "99. Weet niet"])
def test_a_number_labelled_with_words_is_an_error(tmp_path, label):
    """Before: read as 99% without a line in the log."""
    path = _number_sav(tmp_path / "e.sav", {99.0: label, 98.0: "Wil ik niet zeggen"})  # 98: no cell's value
    assert _errors(path) == [Finding(
        str(path), None, None, "tarief_pct", "Vraag 6 tarief_pct", "error",
        f"SPSS value label 99 '{label}' on a number question: the value is a code the label explains, not the "
        "number 99 (1 row(s): 2)", "numbers only: a value that is no answer declared user-missing", NUMBER_HINT)]


@pytest.mark.parametrize("labels, value, read", [
    ({99.0: "99%"}, "99", 99.0),
    ({96.5: "96,5 procent"}, "96.5", 96.5),
    ({0.0: "Geen"}, "0", 0.0),
    ({0.0: "0 (geen)"}, "0", 0.0),
])
def test_a_label_that_is_the_number_reads_as_the_number(tmp_path, labels, value, read):
    survey = load_survey(_number_sav(tmp_path / "e.sav", labels, value), MINI, mapping=None)
    assert survey.responses.loc["1", "tarief_pct"] == read


def test_the_value_named_missing_in_the_mapping_is_no_answer(tmp_path):
    mapping = tmp_path / "m.yml"
    mapping.write_text("year: 2099\nmissing: {tarief_pct: [99]}\n", encoding="utf-8")
    survey = load_survey(_number_sav(tmp_path / "e.sav", {99.0: "Weet niet"}), MINI, mapping=mapping)
    assert survey.log.excluded_rows() == {2: "incomplete (required answer missing)"}  # respondent 1 was asked it
    assert [f.issue for f in survey.log if f.column == "tarief_pct" and f.severity == "repaired"] == [
        "got '99' in 1 row(s) (2)"]


# --------------------------------------------------------------------------------------------
# a number question's user-missing values declared over answers it allows, without a value label

def _missing_sav(path: Path, missing: list, value: str = "96.7") -> Path:
    """The percentage ``value`` (row 2), ``missing`` declared for the column."""
    return _percentage_sav(path, value, missing_ranges={"tarief_pct": missing})


@pytest.mark.parametrize("missing", [[{"lo": 90.0, "hi": 100.0}], [96.7]])
def test_a_number_declared_missing_that_the_question_allows_is_an_error(tmp_path, missing):
    """Before: the percentage was emptied, one warning 'SPSS user-missing value(s) 96.7 -> read as no answer'."""
    path = _missing_sav(tmp_path / "e.sav", missing)
    assert _errors(path) == [Finding(
        str(path), None, None, "tarief_pct", "Vraag 6 tarief_pct", "error",
        "SPSS declares value(s) 96.7 missing, but they have no value label and are numbers the question allows "
        "(from 0 to 150): read as no answer they would remove 1 answer(s) (row(s) 2)",
        "user-missing values that are no answer of the question (such as -99), or a value label saying what a "
        "missing value means ('Weet niet')",
        "export the SPSS file again without declaring answers missing, or with the value labels")]


@pytest.mark.parametrize("missing, value", [([-99.0], "-99"), ([999.0], "999"), ([{"lo": 200.0, "hi": 999.0}], "500")])
def test_a_number_declared_missing_outside_the_questions_range_is_no_answer(tmp_path, missing, value):
    """As before: respondent 1 was asked the percentage, so is incomplete, with the reason and the warning."""
    survey = load_survey(_missing_sav(tmp_path / "e.sav", missing, value), MINI, mapping=None)
    assert survey.log.excluded_rows() == {2: "incomplete (required answer missing)"}
    assert [(f.severity, f.issue, f.action) for f in survey.log if f.issue.startswith("SPSS")] == [
        ("warning", f"SPSS user-missing value(s) {value}", "read as no answer in 1 row(s)")]
