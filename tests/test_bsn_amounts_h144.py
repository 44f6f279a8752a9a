"""Review h144: a BSN-shaped amount is judged on the number the reader reads from it, in every form it repairs.

A bare nine-digit amount that passes the 11-proef (``123456782``) in a numeric question was read as the number it is
(``quality_log.personal_data_kind(..., digit_identifiers=False)``), but the same amount in a form the reader repairs
was not: ``ca. 123456782``, ``circa …``, ``± …`` (also with a non-breaking space) were refused as "a value that looks
like a BSN" (the whole export refused); ``123456782,-``, ``€ 123.456.782,-``, ``ca. € 123.456.782``, the number with an
invisible character or in full-width digits were read, but the log's line said ``read as [bsn]`` (the last guard of
the log took the amount for a BSN) or ``got a value that looks like a BSN``; the bare number out of a question's range
was named "a value that looks like a BSN" where 123456789 is "a number of 9 digits". Now one rule
(``values.ColumnSpec.personal_kind``): a numeric question's cell is judged on the number it writes
(``values.number_text``), exactly as that number written bare. The log names such a number by its size where a
non-BSN-shaped amount's line gives its digits (``read as a number of 9 digits``): the written log is scanned by the
run's output gate, which takes ``123456782`` for a BSN and would stop the run.

Privacy is unchanged: the same digits in an open answer or a contact field, a BSN written in its own grouping
(``1234.56.782``) or next to the word BSN are treated as before. Checked by running this file with lib/ as it was:
the tests of section 1 and 2 of BSN-shaped cells failed there; the comparison with a non-BSN-shaped amount, the forms
already read without a line (the bare number, ``€``, ``123.456.782``) and the privacy tests of section 3 passed, as
they must (the last test calls the new ``ColumnSpec.personal_kind``, so it cannot pass there).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.inputs.privacy import DenyList, Scrubber, scan_personal_data, scrub_survey
from wlzmonitor.inputs.quality_log import ExportError, Finding
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.inputs.values import ColumnSpec
from wlzmonitor.spec.codebook_parse import codebook_for_year

CB = codebook_for_year(2026)
AMOUNT = "productieafspraak"
QUESTION = "Vraag 3 productieafspraak"
EURO_EXPECTED = "a number from 10000 to 1000000000 (euro)"
#: respondent R0131 is spreadsheet row 133 of the demo export (R0130 row 132), both complete
ROW = {"R0131": 133, "R0130": 132}


def _load(demo_frame: pd.DataFrame, folder: Path, column: str, values: dict[str, str]):
    """The 2026 demo export with ``column`` of the respondents ``values`` names written as given; (path, survey)."""
    data = demo_frame.copy()
    for rid, value in values.items():
        data.loc[data["respondent_id"] == rid, column] = value
    path = folder / "export.csv"
    data.to_csv(path, index=False)
    return path, load_survey(path, CB, mapping=None)


def _errors(demo_frame: pd.DataFrame, folder: Path, column: str, value: str) -> list[tuple[int, str, str]]:
    """The errors of loading the demo export with R0131's ``column`` written as ``value``: (row, column, issue)."""
    with pytest.raises(ExportError) as err:
        _load(demo_frame, folder, column, {"R0131": value})
    return [(f.row, f.column, f.issue) for f in err.value.findings]


# --------------------------------------------------------------------------------------------
# 1. every form the reader repairs reads a BSN-shaped amount as the number, as a non-BSN-shaped one

def _dutch(number: int) -> str:
    """``number`` with Dutch thousands separators: 123.456.782."""
    return f"{number:,}".replace(",", ".")


#: (how the cell writes the number, what the log's line says was found, the repair after "read as <the number> ")
FORMS = [
    (lambda n: f"ca. {n}", "a number of 9 digits", "(approximate value: 'ca.' dropped)"),
    (lambda n: f"circa {n}", "a number of 9 digits", "(approximate value: 'circa' dropped)"),
    (lambda n: f"± {n}", "a number of 9 digits", "(approximate value: '±' dropped)"),
    (lambda n: f"ongeveer {n}", "a number of 9 digits", "(approximate value: 'ongeveer' dropped)"),
    (lambda n: f"ca.\u00a0{n}", "text of 13 characters", "(approximate value: 'ca.' dropped)"),
    (lambda n: f"{n},-", "a number of 9 digits", "(a trailing ',-' read as ',00': whole euros)"),
    (lambda n: f"€ {_dutch(n)},-", "a number of 9 digits", "(a trailing ',-' read as ',00': whole euros)"),
    (lambda n: f"ca. € {_dutch(n)}", "a number of 9 digits", "(approximate value: 'ca.' dropped)"),
    (lambda n: f"{n}\u200b", "text of 10 characters", "(the cell holds U+200B ZERO WIDTH SPACE (left out))"),
    (lambda n: f"{str(n)[:3]}\u200b{str(n)[3:]}", "text of 10 characters",
     "(the cell holds U+200B ZERO WIDTH SPACE (left out))"),
    (lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)), "text of 9 characters",  # full-width digits
     "(written as text of 9 characters: digits of another script)"),
]
FORM_IDS = ["ca.", "circa", "plusminus", "ongeveer", "ca.-nbsp", "comma-dash", "euro-dotted-comma-dash",
            "ca.-euro-dotted", "zero-width-after", "zero-width-inside", "full-width"]


@pytest.mark.parametrize("form, got, why", FORMS, ids=FORM_IDS)
def test_a_bsn_shaped_amount_in_a_repaired_form_is_read_as_the_number(demo_frame, tmp_path, form, got, why):
    """Before: the approximate forms were errors ("got a value that looks like a BSN"), the others read with the
    line "read as [bsn] (…)" or "got a value that looks like a BSN; read as [bsn] (written as a value that looks
    like a BSN: …)"."""
    path, survey = _load(demo_frame, tmp_path, AMOUNT, {"R0131": form(123456782)})
    assert survey.responses.loc["R0131", AMOUNT] == 123456782
    assert [f for f in survey.log if f.column == AMOUNT] == [
        Finding(str(path), 133, "R0131", AMOUNT, QUESTION, "repaired", f"got {got}", None,
                f"read as a number of 9 digits {why}")]


@pytest.mark.parametrize("form, got, why", FORMS, ids=FORM_IDS)
def test_a_non_bsn_shaped_amount_in_the_same_form_is_read_as_before(demo_frame, tmp_path, form, got, why):
    """The line the BSN-shaped amount's is compared with (123456789 fails the 11-proef): the same, its digits given
    (holds before and after this review)."""
    path, survey = _load(demo_frame, tmp_path, AMOUNT, {"R0131": form(123456789)})
    assert survey.responses.loc["R0131", AMOUNT] == 123456789
    assert [f for f in survey.log if f.column == AMOUNT] == [
        Finding(str(path), 133, "R0131", AMOUNT, QUESTION, "repaired", f"got {got}", None,
                f"read as 123456789 {why}")]


@pytest.mark.parametrize("cell", ["123456782", "€ 123456782", "€123456782", "123.456.782", "123 456 782",
                                  "123456782\u00a0"])
def test_a_bsn_shaped_amount_written_as_a_number_is_read_without_a_line(demo_frame, tmp_path, cell):
    """The bare number, a euro sign, thousands separators (``123.456.782`` is 123456782 in an amount field, read as
    parse_number reads '1.500.000'; not the BSN grouping 1234.56.782): read, nothing to repair (as before)."""
    _, survey = _load(demo_frame, tmp_path, AMOUNT, {"R0131": cell})
    assert survey.responses.loc["R0131", AMOUNT] == 123456782
    assert [f for f in survey.log if f.column == AMOUNT] == []


def test_bsn_shaped_amounts_in_several_rows_are_the_one_line_of_their_kind(demo_frame, tmp_path):
    """Two approximate amounts, one BSN-shaped: one line (review h140), as for two amounts that are not."""
    path, survey = _load(demo_frame, tmp_path, AMOUNT, {"R0130": "ca. 123456782", "R0131": "circa 123456789"})
    assert survey.responses.loc[["R0130", "R0131"], AMOUNT].tolist() == [123456782, 123456789]
    assert [f for f in survey.log if f.column == AMOUNT] == [
        Finding(str(path), None, None, AMOUNT, QUESTION, "repaired",
                "got approximate values (a number of 9 digits) in 2 rows (132, 133)", None,
                "each read as the number after the word or sign")]


def test_the_written_log_holds_no_bsn_and_names_no_amount_as_one(demo_frame, tmp_path):
    """The log the run writes (outputs/<year>/data_quality_log.csv) is scanned by the output gate: a line
    'read as 123456782 (…)' would be a BSN there and stop the run; 'read as [bsn]' (before) called an amount a BSN
    (and 'ca. 123456782' refused the export)."""
    _, survey = _load(demo_frame, tmp_path, AMOUNT, {"R0130": "ca. 123456782", "R0131": "€ 123.456.782,-"})
    text = survey.log.to_csv(tmp_path / "log.csv").read_text(encoding="utf-8")
    assert "[bsn]" not in text and "BSN" not in text
    assert [(f.row, f.action) for f in survey.log if f.column == AMOUNT] == [
        (132, "read as a number of 9 digits (approximate value: 'ca.' dropped)"),
        (133, "read as a number of 9 digits (a trailing ',-' read as ',00': whole euros)")]
    assert scan_personal_data(text, DenyList()) == []
    assert [h.kind for h in scan_personal_data("read as 123456782 (approximate value: 'ca.' dropped)",
                                               DenyList())] == ["bsn"]


# --------------------------------------------------------------------------------------------
# 2. a BSN-shaped number the question cannot take is named as the bare number is

@pytest.mark.parametrize("column, cells, issue", [
    ("tariefpercentage_hoger", ["123456782", "123456782 %", "123456782%", "123456789 %"],
     "got a number of 9 digits (out of range)"),
    # review h155: an approximate value out of the question's range is out of range, as the bare number (was
    # "got a value with 9 digits and other characters (not a number)")
    ("tariefpercentage_hoger", ["ca. 123456782", "ca. 123456782 %"], "got a number of 9 digits (out of range)"),
    ("pgb_aantal", ["123456782", "123.456.782"], "got a number of 9 digits (implausible: more than 5000)"),
    ("pgb_aantal", ["ca. 123456782", "± 123456782", "ca. 123456789"],
     "got a number of 9 digits (implausible: more than 5000)"),
])
def test_a_bsn_shaped_number_out_of_range_is_named_as_a_number(demo_frame, tmp_path, column, cells, issue):
    """Before: "got a value that looks like a BSN" for the bare number (with "(out of range)"), the approximate forms
    and '123456782%', where the non-BSN-shaped number and '123456782 %' were "a number of 9 digits". (An approximate
    value out of a question's range said "not a number" whatever its digits until review h155: now its reason.)"""
    for cell in cells:
        assert _errors(demo_frame, tmp_path, column, cell) == [(133, column, issue)], cell


def test_a_percent_sign_after_a_bsn_shaped_number_is_a_repair_like_any_other():
    """A percent question with no upper bound (a codebook's own): '123456782 %' reads as the bare number does."""
    q = next(q for q in CB.questions if q.key == "tariefpercentage_hoger")
    spec = ColumnSpec(q.key, q, "number", "a number (percent)", lo=0, percent=True)
    assert spec.parse("123456782") == (123456782, None, None)
    assert spec.parse("123456782 %") == (123456782, None, "read as a number of 9 digits (percent sign dropped)")
    assert spec.parse("ca. 123456782%") == (123456782, None,
                                            "read as a number of 9 digits (approximate value: 'ca.' dropped)")
    assert spec.parse("123456789 %") == (123456789, None, "read as 123456789 (percent sign dropped)")
    assert replace(spec, percent=False).parse("123456782 %")[1] == \
        "got a value with 9 digits and other characters (not a number)"


def test_the_number_a_cell_writes():
    """values.number_text: what the rule judges (None: the cell writes no number the reader reads)."""
    from wlzmonitor.inputs.values import number_text  # (new in this review: the module imports without it)

    cases = {("ca. 123456782", False, False): "123456782", ("± 123456782", False, False): "123456782",
             ("ca. € 123.456.782", True, False): "123.456.782", ("123456782,-", True, False): "123456782",
             ("€ 123.456.782,-", True, False): "123.456.782", ("123456782 %", False, True): "123456782",
             ("€ 123456782", True, False): "123456782", ("123456782,-", False, False): None,
             ("123456782 %", False, False): None, ("1234.56.782", True, False): None,
             ("BSN 123456782", True, False): None, ("ca. 123456782,-", True, False): None,
             ("123 456 782", True, False): "123 456 782", ("ca.", True, False): None}
    assert {k: number_text(k[0], euro=k[1], percent=k[2]) for k in cases} == cases


# --------------------------------------------------------------------------------------------
# 3. privacy as before: identifiers in a numeric question, open answers, contact fields

@pytest.mark.parametrize("cell, issue", [
    ("BSN 123456782", "got a value that looks like a BSN"),
    ("bsn: 123456782", "got a value that looks like a BSN"),
    ("burgerservicenummer 123456782", "got a value that looks like a BSN"),
    ("1234.56.782", "got a value that looks like a BSN (not a number)"),
    ("ca. 1234.56.782", "got a value that looks like a BSN"),
    ("123-456-782", "got a value that looks like a BSN (not a number)"),
    ("0612345678", "got a value that looks like a phone number"),
    ("ca. 0612345678", "got a value that looks like a phone number"),
    ("€ 0612345678", "got a value that looks like a phone number"),
    ("kvk 12345678", "got a value that looks like a KvK number"),
])
def test_an_identifier_in_an_amount_field_is_still_refused(demo_frame, tmp_path, cell, issue):
    assert _errors(demo_frame, tmp_path, AMOUNT, cell) == [(133, AMOUNT, issue)]


@pytest.mark.parametrize("cell, scrubbed", [
    ("123456782", "[bsn]"),
    ("ca. 123456782", "ca. [bsn]"),
    ("circa 123456782", "circa [bsn]"),
    ("1234.56.782", "[bsn]"),
    ("123 456 782", "[bsn]"),
    ("BSN 123456782", "BSN [bsn]"),
    ("ons burgerservicenummer is 123456782", "ons burgerservicenummer is [bsn]"),
])
def test_the_same_digits_in_an_open_answer_are_scrubbed(demo_frame, tmp_path, cell, scrubbed):
    _, survey = _load(demo_frame, tmp_path, "suggesties_inkoopbeleid", {"R0131": cell})
    assert survey.responses.loc["R0131", "suggesties_inkoopbeleid"] == cell
    assert [f for f in survey.log if f.column == "suggesties_inkoopbeleid"] == []
    shown = scrub_survey(survey, Scrubber.from_survey(survey)).responses
    assert shown.loc["R0131", "suggesties_inkoopbeleid"] == scrubbed


@pytest.mark.parametrize("column", ["contact__telefoon", "contact__functie"])
@pytest.mark.parametrize("cell", ["123456782", "ca. 123456782", "123 456 782"])
def test_the_same_digits_in_a_contact_field_stay_private(demo_frame, tmp_path, column, cell):
    _, survey = _load(demo_frame, tmp_path, column, {"R0131": cell})
    assert survey._private.loc["R0131", column] == cell
    assert column not in survey.responses.columns
    assert [f for f in survey.log if f.column == column] == []
    assert column not in scrub_survey(survey, Scrubber.from_survey(survey)).responses.columns


def test_a_text_column_judges_the_whole_cell_with_the_digit_identifiers():
    q = next(q for q in CB.questions if q.key == "suggesties_inkoopbeleid")
    spec = ColumnSpec(q.key, q, "text")
    for cell in ("123456782", "ca. 123456782", "123456782,-", "1234.56.782"):
        assert spec.personal_kind(cell) == ("a value that looks like a BSN" if cell != "123456782,-" else None), cell
        assert spec.parse(cell) == (cell, None, None)
