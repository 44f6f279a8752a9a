"""Statistics review h110 (2026-12-06): edges of the intervals, weights and tests, with exact values."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.compute import tables as t
from wlzmonitor.compute.intervals import t_interval, table_intervals
from wlzmonitor.compute.report_tables import compute_table
from wlzmonitor.spec.layout import layout_for_year


def _with_answers(survey, key: str, answers: dict[int, float]):
    """The survey with only the given rows (position -> value) answering question `key`."""
    responses = survey.responses.copy()
    column = pd.array([pd.NA] * len(responses), dtype=responses[key].dtype)
    for position, value in answers.items():
        column[position] = value
    responses[key] = column
    return dataclasses.replace(survey, responses=responses)


def test_a_numeric_mean_s_interval_stays_inside_the_question_s_range(survey_2026):
    """A mean number of PGB clients (Vraag 'pgb_aantal', range 0 and up) of the answers 1, 1 and 30 had the
    t-interval -30,9 to 52,3: a negative number of clients. Like a scale's mean (docs/statistics.md, section 3)
    it is now cut at the question's range: 0 to 52,3 (scipy: 10,667 ± t(0,975; 2) · 16,743 / √3)."""
    from scipy import stats

    spec = next(s for s in layout_for_year(2026).tables if s.key == "pgb_aantal")
    survey = _with_answers(survey_2026, "pgb_aantal", {0: 1, 1: 1, 2: 30})
    out = table_intervals(spec, compute_table(spec, survey, None), {2026: survey}, year=2026)
    mean = out[out["column_code"] == "Gemiddeld"].iloc[0]
    x = np.array([1.0, 1.0, 30.0])
    half = stats.t.ppf(0.975, 2) * x.std(ddof=1) / math.sqrt(3)
    assert mean["value"] == pytest.approx(32 / 3)
    assert mean["ci_low"] == 0.0  # not 32/3 - half = -30,93
    assert mean["ci_high"] == pytest.approx(32 / 3 + half) and round(mean["ci_high"], 2) == 52.26
    # the shipped data are inside the range already: unchanged (7,07 to 16,93 for 30 answers)
    shipped = table_intervals(spec, compute_table(spec, survey_2026, None), {2026: survey_2026}, year=2026)
    low, high = shipped.loc[shipped["column_code"] == "Gemiddeld", ["ci_low", "ci_high"]].iloc[0]
    assert (round(low, 2), round(high, 2)) == (7.07, 16.93)


def test_a_group_whose_respondents_all_weigh_zero_has_no_share():
    """Weighted, a group whose respondents all weigh 0 has no weighted share: it printed 0% for every option
    (0% + 0% is not 100%), beside its base n = 2. Now NaN ("–"), as a group without answers; the other group
    and the total are unchanged. The same for a multiple-response question and a numeric mean (which fell
    back to the unweighted mean), and the interval of such a mean is none (it raised ZeroDivisionError)."""
    values, by = pd.Series([1, 2, 1, 2]), pd.Series([1, 1, 2, 2])
    out = t.single_choice(values, {1: "a", 2: "b"}, by=by, groups={1: "A", 2: "B"}, weights=[0.0, 0.0, 1.0, 3.0])
    cells = {(str(r), str(c)): v for r, c, v in zip(out["row"], out["column"], out["value"])}
    assert math.isnan(cells[("a", "A")]) and math.isnan(cells[("b", "A")])
    assert (cells[("a", "B")], cells[("b", "B")]) == (25.0, 75.0)
    assert (cells[("a", "Totaal")], cells[("b", "Totaal")]) == (25.0, 75.0)
    assert out["n"].tolist() == [2, 2, 4, 2, 2, 4]
    indicators = pd.DataFrame({"q__1": [1, 0, 1, 1], "q__2": [0, 1, 1, 0]})
    multi = t.multi_response(indicators, {"q__1": "a", "q__2": "b"}, by=by, groups={1: "A", 2: "B"},
                             weights=[0.0, 0.0, 1.0, 3.0])
    group_a = multi[multi["column"].astype(str) == "A"]["value"]
    assert group_a.isna().all()
    assert multi[multi["column"].astype(str) == "B"]["value"].tolist() == [100.0, 25.0]
    numeric = t.numeric_summary(pd.Series([1.0, 5.0]), row_label="x", weights=[0.0, 0.0])
    assert numeric["value"].tolist()[0] == 2.0 and math.isnan(numeric["value"].tolist()[1])
    assert all(math.isnan(v) for v in t_interval([1.0, 2.0, 3.0], weights=[0.0, 0.0, 0.0]))


def _breakdown(ja_of_small: int):
    """Ja/Nee by four groups of 3, 12, 20 and 25 organisations; groups 1 and 2 together answer Ja 8 times."""
    counts = {1: (ja_of_small, 3 - ja_of_small), 2: (8 - ja_of_small, 4 + ja_of_small), 3: (12, 8), 4: (10, 15)}
    values, groups = [], []
    for group, (ja, nee) in counts.items():
        values += [1] * ja + [2] * nee
        groups += [group] * (ja + nee)
    return pd.DataFrame({"q": values, "by": groups})


def test_a_breakdown_s_p_value_does_not_give_a_hidden_group_away():
    """The small-group rule hides group 1 (3 organisations) and group 2 (hidden with it: the total gives their sum,
    8 times Ja). The p-value of all four groups, printed under the table, was another one for every count the hidden
    group can have (0,105 / 0,534 / 0,571 / 0,185 for 0-3 times Ja): the hidden figure followed from it. The test
    now leaves the hidden groups out (Pearson χ² of groups 3 and 4, scipy: p = 0,1823 for every hidden count), and
    the verdict says so."""
    from types import SimpleNamespace

    from scipy.stats import chi2_contingency

    from wlzmonitor.compute.disclosure import apply_small_group_rule
    from wlzmonitor.compute.significance import all_tests, without_hidden_groups
    from wlzmonitor.present.table_html import verdict_html
    from wlzmonitor.spec.layout import TableSpec

    spec = TableSpec("q__by", "Tabel B9", "b", "q", "single", (1, 2), (1, 2, 3, 4, "Totaal"), by="by")
    layout = SimpleNamespace(tables=(spec,))
    expected = chi2_contingency([[12, 8], [10, 15]], correction=False)[1]
    printed_before = set()
    for ja in range(4):
        frame = _breakdown(ja)
        survey = SimpleNamespace(responses=frame)
        table = t.single_choice(frame["q"], {1: "Ja", 2: "Nee"}, by=frame["by"], groups={g: str(g) for g in (1, 2, 3, 4)})
        table["row_code"] = [1 if str(r) == "Ja" else 2 for r in table["row"]]
        table["column_code"] = [c if c == "Totaal" else int(c) for c in table["column"].astype(str)]
        disclosed, small = apply_small_group_rule(layout, {spec.key: table}, threshold=5)
        assert small == {spec.key: [1]}
        tests = all_tests(layout, survey, alpha=0.05, resamples=20000, seed=2026)
        printed_before.add(round(tests[spec.key].p_value, 3))
        after = without_hidden_groups(layout, survey, tests, {spec.key: table}, disclosed, alpha=0.05,
                                      resamples=20000, seed=2026)[spec.key]
        assert (after.test, after.left_out, after.significant) == ("chi2", (1, 2), False)
        assert after.p_value == pytest.approx(expected) and round(after.p_value, 4) == 0.1823
        assert "Getoetst zonder de groepen waarvan de uitkomsten niet worden getoond (–)" in \
            verdict_html(spec, after, alpha=0.05)
    assert printed_before == {0.105, 0.534, 0.571, 0.185}  # the old p-value: one per hidden count
    # nothing hidden: the test of all groups, unchanged
    frame = _breakdown(1)
    tests = all_tests(layout, SimpleNamespace(responses=frame), alpha=0.05, resamples=20000, seed=2026)
    same = without_hidden_groups(layout, SimpleNamespace(responses=frame), tests, {spec.key: table}, {spec.key: table},
                                 alpha=0.05, resamples=20000, seed=2026)
    assert same == tests
