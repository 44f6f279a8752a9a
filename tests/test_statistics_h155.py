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


# --------------------------------------------------------------------------------------------
# 3. a group's figure from several sources (GroupSourceError): one cell when they print the same, else an
#    error naming every source; exit 2 through run_all

from test_vanished_groups_h146 import _parts, _published_2024, _with_nps_2024, _without_export  # noqa: E402
from test_vanished_groups_h138 import _drop_overig  # noqa: E402
from test_wave_review import _copy, wave  # noqa: E402,F401  (wave: a fixture)
from new_wave import YEAR  # noqa: E402
from wlzmonitor.compute.report_tables import GroupSourceError, compute_table  # noqa: E402


def _overig_printed_twice(wave, tmp_path):
    root = _copy(wave, tmp_path)
    _drop_overig(root)
    _with_nps_2024(root)
    _without_export(root, 2024)
    return root


def _nps_2024_of_overig(table: pd.DataFrame) -> list[float]:
    return table.loc[(table["column"] == "Overig") & (table["row"] == "NPS 2024"), "value"].tolist()


def test_figures_that_print_the_same_are_one_cell(wave, tmp_path):
    """7.6 and 8.4 both print +8: one cell, the first source's figure (was GroupSourceError: they differ by more
    than 0.5, the old tolerance, though the reader sees the same figure)."""
    spec, survey, history, _ = _parts(_overig_printed_twice(wave, tmp_path))
    table = compute_table(spec, survey, _published_2024(spec, history, [(8, "Overig", 7.6), (9, "OVERIG", 8.4)]))
    assert _nps_2024_of_overig(table) == [7.6]


def test_figures_that_print_differently_are_an_error_though_close(wave, tmp_path):
    """7.4 and 7.6 print +7 and +8: a real difference (was one cell, +7, the other figure dropped silently)."""
    spec, survey, history, _ = _parts(_overig_printed_twice(wave, tmp_path))
    with pytest.raises(GroupSourceError) as err:
        compute_table(spec, survey, _published_2024(spec, history, [(8, "Overig", 7.4), (9, "OVERIG", 7.6)]))
    assert str(err.value) == (
        "Tabel 38 (nps__uitvoerder): group ‘Overig’ has figures for NPS 2024 that differ as printed, from 2 sources "
        "(+7 (7.4) from the 2027 report, +8 (7.6) from the 2027 report as ‘OVERIG’): correct the published cells, "
        "or the group's labels or was in the codebooks")


def test_every_source_of_a_group_figure_is_named(wave, tmp_path):
    """Three printed columns of one group: the error named two of them as "two sources (-20 and 5)"."""
    spec, survey, history, _ = _parts(_overig_printed_twice(wave, tmp_path))
    with pytest.raises(GroupSourceError) as err:
        compute_table(spec, survey, _published_2024(spec, history, [(7, "Overig", -20.0), (8, "OVERIG", -20.0),
                                                                    (9, "overig ", 5.0)]))
    assert str(err.value) == (
        "Tabel 38 (nps__uitvoerder): group ‘Overig’ has figures for NPS 2024 that differ as printed, from 3 sources "
        "(-20 from the 2027 report, -20 from the 2027 report as ‘OVERIG’, +5 from the 2027 report as ‘overig ’): "
        "correct the published cells, or the group's labels or was in the codebooks")


@pytest.mark.slow  # the run up to the year result on a copied wave (about 45 s)
def test_a_group_source_error_ends_run_all_with_exit_2_and_its_message(wave, tmp_path, monkeypatch, capsys):
    """run_all --year 2027 on the wave whose year history holds the group twice (as above): exit 2 and the
    error's own line on stderr, no traceback (was untested)."""
    import importlib.util

    from wlzmonitor.compute import year_result
    from wlzmonitor.spec.config import load_config

    root = _overig_printed_twice(wave, tmp_path)
    real = year_result.year_history

    def printed_twice(year, layout, *args, **kwargs):
        history = real(year, layout, *args, **kwargs)
        spec = next(t for t in layout.tables if t.kind == "nps_by")
        return _published_2024(spec, history, [(8, "Overig", -20.0), (9, "OVERIG", 5.0)])

    monkeypatch.setattr(year_result, "year_history", printed_twice)
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    monkeypatch.chdir(root)
    load_config.cache_clear()
    module = importlib.util.spec_from_file_location("run_all_h155", Path(__file__).resolve().parents[1] / "run_all.py")
    run_all = importlib.util.module_from_spec(module)
    module.loader.exec_module(run_all)
    code = run_all.main(["--year", str(YEAR), "--force"])
    err = capsys.readouterr().err
    assert code == 2, err[-3000:]
    assert err.endswith(
        "run_all: Tabel 38 (nps__uitvoerder): group ‘Overig’ has figures for NPS 2024 that differ as printed, from 2 "
        "sources (-20 from the 2027 report, +5 from the 2027 report as ‘OVERIG’): correct the published cells, or "
        "the group's labels or was in the codebooks\n"), err[-3000:]
    assert "Traceback" not in err


# --------------------------------------------------------------------------------------------
# 4. a change over time without a sign ("hoger dan vorig jaar", "sinds vorig jaar lager") needs the trend check

from wlzmonitor.spec.prose import change_claims, comparison_problems  # noqa: E402


def _needs(sentence: str, words: str, check: str) -> str:
    return (f"the sentence “{sentence}” says '{words}' but no placeholder backs it: write {{key:ROW!{check}}} in it "
            "(checked against the column before when the chapter runs)")


@pytest.mark.parametrize("sentence, words, check", [
    # before: only "says 'hoger dan' … write {key:ROW!gt:OTHER} or {key:ROW!lt:OTHER}" (a comparison of rows)
    ("Het aandeel ({x:1}) is hoger dan vorig jaar.", "hoger dan vorig jaar", "stijging"),
    ("Het aandeel ({x:1}) ligt lager dan in 2025.", "lager dan in 2025", "daling"),
    ("Het aandeel ({x:1}) ligt vijf procentpunt hoger dan vorig jaar.", "vijf procentpunt hoger dan vorig jaar",
     "stijging"),
    ("Het aandeel ({x:1}) is kleiner dan in {vorig_jaar}.", "kleiner dan in {vorig_jaar}", "daling"),
    # before: no claim at all
    ("Het aandeel ({x:1}) is 5 procentpunt hoger sinds vorig jaar.", "hoger sinds vorig jaar", "stijging"),
    ("Sinds {vorig_jaar} ligt het aandeel ({x:1}) lager.", "Sinds {vorig_jaar} ligt het aandeel ( ) lager", "daling"),
])
def test_a_change_over_time_without_a_sign_needs_the_trend_check(sentence, words, check):
    assert comparison_problems(sentence) == [_needs(sentence, words, check)]


@pytest.mark.parametrize("sentence", [
    "Het aandeel ({x:1!stijging}) ligt 5 procentpunt hoger dan vorig jaar.",
    "Het aandeel ({x:1!daling}) vroeg minder vaak dan in {vorig_jaar} om maatwerk.",
    "Het aandeel ({x:1!stijging}) is hoger dan vorig jaar.",
])
def test_the_trend_check_backs_it_without_a_comparison_of_rows(sentence):
    """Before: the trend check was not enough, "hoger dan vorig jaar" also asked for !gt/!lt (of which rows?)."""
    assert comparison_problems(sentence) == []


def test_a_comparison_of_groups_and_an_intention_are_as_before():
    group = "Het aandeel ({x:1!stijging}) is hoger dan vorig jaar en hoger dan bij kleine organisaties."
    assert comparison_problems(group) == [
        f"the sentence “{group}” says 'hoger dan' but no placeholder backs it: write {{key:ROW!gt:OTHER}} or "
        "{key:ROW!lt:OTHER}"]
    assert change_claims("Organisaties ({x:1}) willen meer dan vorig jaar afspreken.") == []
    assert change_claims("Het aandeel ({x:1}) ligt 5 procentpunt hoger dan bij kleine organisaties.") == []


# --------------------------------------------------------------------------------------------
# 5. significance in other words: "aantoonbaar hoger", "statistisch onderbouwd", "wezenlijk lager"

@pytest.mark.parametrize("sentence, words", [
    ("Het aandeel ({x:1!stijging}) is aantoonbaar hoger dan vorig jaar.", "aantoonbaar hoger"),
    ("Het aandeel ({x:1!daling}) is wezenlijk lager dan in 2025.", "wezenlijk lager"),
    ("Het aandeel ({x:1!stijging}) is merkbaar gestegen.", "merkbaar gestegen"),
    ("Het aandeel ({x:1!stijging}) is statistisch onderbouwd gestegen.", "statistisch onderbouwd"),
    ("Het aandeel ({x:1!stijging}) is statistisch hoger dan vorig jaar.", "statistisch hoger"),
    ("De daling ({x:1!daling}) is aantoonbaar.", "daling ( ) is aantoonbaar"),
])
def test_significance_in_other_words_needs_the_test(sentence, words):
    """Before: only the direction was checked; the claim that the change is real (demonstrable, substantial) was
    not, as "duidelijk hoger" and "significant hoger" are."""
    assert comparison_problems(sentence) == [
        f"the sentence “{sentence}” says '{words}' but no placeholder backs it: write {{key:ROW!significant}} in it "
        "(checked against the year-on-year test when the chapter runs)"]
    backed = sentence.replace("!stijging}", "!stijging!significant}").replace("!daling}", "!daling!significant}")
    assert comparison_problems(backed) == []
