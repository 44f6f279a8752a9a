"""Review h155 (statistics and what the report claims): the approximate-value word list in one place, the reason
an approximate value is refused, a group's figure from sources that differ only by rounding, and a change over time
written without a sign in the prose.

Every test here failed on the code before its fix."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.inputs import quality_log, values
from wlzmonitor.inputs.quality_log import ExportError, describe_value
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.inputs.validation import _numeric_spec
from wlzmonitor.spec.codebook_parse import codebook_for_year

LIB = Path(__file__).resolve().parents[1] / "lib" / "wlzmonitor"
CB = codebook_for_year(2026)


def _spec(key: str):
    return _numeric_spec(next(q for q in CB.questions if q.key == key))


# --------------------------------------------------------------------------------------------
# 1. the words and signs of an approximate number: one list, used by the reader and the log

def test_the_approximate_words_are_defined_once_and_shared():
    """Before: inputs/values.py and inputs/quality_log.py each compiled their own copy of the list."""
    assert values.APPROXIMATE_WORD is quality_log.APPROXIMATE_WORD
    sources = [p.relative_to(LIB).as_posix() for p in sorted(LIB.rglob("*.py"))
               if re.search(r"ongeveer\|plm", p.read_text(encoding="utf-8"))]
    assert sources == ["inputs/quality_log.py"]


@pytest.mark.parametrize("word", ["ca.", "ca", "circa", "ongeveer", "plm.", "pl.m.", "±", "~", "+/-", "Ongeveer"])
def test_every_approximate_word_is_read_and_described_alike(word):
    """The reader drops the word (a repair) and the log shows the cell as the short number it is."""
    cell = f"{word} 75"
    assert _spec("tariefpercentage_hoger").parse(cell) == (
        75, None, f"read as 75 (approximate value: '{word}' dropped)")
    assert describe_value(cell) == f"'{cell}'"


# --------------------------------------------------------------------------------------------
# 2. an approximate value the question cannot take says why (was "(not a number)")

@pytest.mark.parametrize("key, cell, issue", [
    ("tariefpercentage_hoger", "ongeveer 120%", "got 'ongeveer 120%' (out of range)"),
    ("tariefpercentage_hoger", "~-5", "got '~-5' (out of range)"),
    ("tariefpercentage_hoger", "ca. 12", "got 'ca. 12' (implausible: less than 50)"),
    ("tariefpercentage_hoger", "ca. 1e3",
     "got 'ca. 1e3' (scientific notation: the number may have been rounded; write it in full)"),
    ("hlo_honorering_pct", "circa 1,5", "got 'circa 1,5' (out of range)"),
    ("pgb_aantal", "± 7,5", "got '± 7,5'"),
    ("pgb_aantal", "ca. 9000", "got 'ca. 9000' (implausible: more than 5000)"),
    # no number after the word: the cell's own issue, as before
    ("pgb_aantal", "ca. veel", "got text of 8 characters (not a number)"),
    ("pgb_aantal", "ca. 12 34", "got 'ca. 12 34' (not a number)"),
])
def test_an_approximate_value_out_of_range_says_so(key, cell, issue):
    assert _spec(key).parse(cell) == (None, issue, None)


def test_an_approximate_whole_number_with_a_thousands_separator_is_read():
    """'ca. 1.234' in a whole-number question: as '1.234' is (was "(not a number)")."""
    assert _spec("pgb_aantal").parse("ca. 1.234") == (
        1234, None, "read as 1234 (approximate value: 'ca.' dropped; '.' as thousands separator)")


def test_the_export_error_names_file_row_column_question_and_the_allowed_range(demo_frame, tmp_path):
    data = demo_frame.copy()
    data.loc[data["respondent_id"] == "R0131", "tariefpercentage_hoger"] = "ongeveer 120%"
    path = tmp_path / "export.csv"
    data.to_csv(path, index=False)
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=None)
    assert [f.message for f in err.value.findings] == [
        f"{path}:row 133, column 'tariefpercentage_hoger' (Vraag 10 tariefpercentage_hoger): got 'ongeveer 120%' "
        "(out of range), expected a number from 50 to 100 (percent)"]
