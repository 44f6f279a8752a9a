"""Review h117 of the weighted statistics: Kish's effective n with weights of 0, Fisher's test on weighted
counts, and population files a person gets wrong (docs/statistics.md, sections 1, 3 and 5)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.compute.intervals import N_EFFECTIVE, t_interval, table_intervals, wilson
from wlzmonitor.compute.report_tables import compute_table
from wlzmonitor.compute.trends import change_test
from wlzmonitor.compute.weighting import WeightingError, kish, rake
from wlzmonitor.spec.layout import layout_for_year
from wlzmonitor.spec.population import Population, PopulationError, load_population


# -- 1. Kish's effective sample size with weights of 0 --------------------------------------------------------
def test_a_weight_of_zero_contributes_nothing_to_kish():
    """(Σw)²/Σw² over the positive weights: 1, 0, 2 is 9/5 = 1,8 (it was NaN); the respondent weighted away counts
    in n, so the design effect is 3/1,8. All weights 0: no respondent counts (0) and no design effect."""
    assert kish([1.0, 0.0, 2.0]) == pytest.approx((1.8, 3 / 1.8), rel=1e-15)
    assert kish([1.0, 0.0, 2.0])[0] == kish([1.0, 2.0])[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        n_eff, deff = kish([0.0, 0.0])
    assert n_eff == 0.0 and math.isnan(deff)
    assert all(math.isnan(v) for v in kish([]) + kish([1.0, -1.0]) + kish([1.0, np.nan]))


def test_a_mean_s_interval_ignores_an_answer_that_weighs_zero():
    """The interval of a weighted mean with one answer weighing 0 is that of the other answers (it was NaN: the
    effective n NaN is truthy and gave NaN degrees of freedom). 2, 3, 4 weighted 1, 1, 2: mean 3,25, linearised
    SE √(3/2·(1,5625+0,0625+2,25))/4 = 0,6027, n_eff 16/6 = 2,667, t(1,667) ... = the same with the 0 left out."""
    from scipy import stats

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with_zero = t_interval([1.0, 2.0, 3.0, 4.0], weights=[0.0, 1.0, 1.0, 2.0],
                               n_effective=kish([0.0, 1.0, 1.0, 2.0])[0])
    without = t_interval([2.0, 3.0, 4.0], weights=[1.0, 1.0, 2.0], n_effective=kish([1.0, 1.0, 2.0])[0])
    assert with_zero == without
    se = math.sqrt(1.5 * (1.5625 * 1 + 0.0625 * 1 + 0.5625 * 4)) / 4
    half = stats.t.ppf(0.975, df=16 / 6 - 1) * se
    assert with_zero == pytest.approx((3.25 - half, 3.25 + half), rel=1e-12)
    # an effective n given as NaN: the answers' own, not NaN degrees of freedom
    assert t_interval([2.0, 3.0, 4.0], weights=[1.0, 1.0, 2.0], n_effective=math.nan) == without


def _breakdown_with_zero_weights(survey):
    """A breakdown by omzetgroep of the 2026 demo: every weight 1, except one respondent of group 2 (0) and
    every respondent of group 3 (0)."""
    spec = next(s for s in layout_for_year(2026).tables if s.key == "maatwerk__omzetgroep")
    responses = survey.responses
    weights = pd.Series(1.0, index=responses.index)
    answered = responses[spec.question].notna()
    one = responses.index[(responses[spec.by] == 2) & answered][0]
    weights[one] = 0.0
    weights[responses[spec.by] == 3] = 0.0
    return spec, weights, one


def test_a_breakdown_with_weights_of_zero_has_its_own_bases_and_intervals(survey_2026):
    """Group 2 with one respondent weighted 0: effective base n - 1 and the Wilson interval of it (both were NaN:
    the base fell back to n / deff, and deff of the year was NaN too). Group 3, all weighing 0: no share, effective
    base 0, no interval, nothing that a CSV prints as "nan"; no warning on the way."""
    from wlzmonitor.present.table_files import tidy_csv_bytes

    spec, weights, one = _breakdown_with_zero_weights(survey_2026)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = compute_table(spec, survey_2026, weights=weights)
        out = table_intervals(spec, table, {2026: survey_2026}, year=2026, weights={2026: weights},
                              design_effects={2026: kish(weights)[1]})
    group2 = out[out["column_code"] == 2]
    n = int(group2["n"].iloc[0])
    assert (group2[N_EFFECTIVE] == n - 1).all()
    for value, low, high in zip(group2["value"], group2["ci_low"], group2["ci_high"]):
        assert (low, high) == pytest.approx(wilson(value / 100 * (n - 1), n - 1), rel=1e-12)
    group3 = out[out["column_code"] == 3]
    assert group3["value"].isna().all() and (group3[N_EFFECTIVE] == 0).all()
    assert group3["ci_low"].isna().all() and group3["ci_high"].isna().all()
    assert b"nan" not in tidy_csv_bytes(out, spec, weighted=True).lower()


# -- 2. Fisher's exact test on weighted (effective) counts ------------------------------------------------------
def test_fisher_on_rounded_weighted_counts_without_spread_is_p_1_not_untested():
    """A weighted share of 0,3% of an effective 90,2 against 0% of 85,3: rounded half up to whole respondents
    (Fisher's test is of counts, scipy), the table has a zero column; scipy's p for it is 1. It was NaN, which the
    page printed as "niet getoetst" because "de toets gaf geen uitkomst (geen steekproefonzekerheid …)"."""
    from scipy.stats import fisher_exact

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        statistic, p = change_test(0.27, 90.2, 0.0, 85.3, method="fisher")
    assert p == fisher_exact([[0, 90], [0, 85]]).pvalue == 1.0
    assert math.isnan(statistic)
    # 0% (or 100%) in both years, weighted or not: no spread, not tested (as before)
    assert all(math.isnan(v) for v in change_test(0.0, 90.2, 0.0, 85.3, method="fisher"))
    assert all(math.isnan(v) for v in change_test(90.2, 90.2, 85.3, 85.3, method="fisher"))
    # unweighted counts are whole: unchanged (docs/statistics.md: 0/112 -> 4/122, Fisher p = 0,123)
    assert change_test(4, 122, 0, 112, method="fisher")[1] == pytest.approx(0.12315813040986935, rel=1e-12)


# -- 3. Population files a person gets wrong --------------------------------------------------------------------
def _population(tmp_path, omzet: str, uitvoerder: str = "1: 105\n    2: 85\n    3: 60\n    4: 80\n    5: 30"):
    path = tmp_path / "population.yml"
    path.write_text(f"members: 360\nmargins:\n  omzetgroep:\n    {omzet}\n  uitvoerder:\n    {uitvoerder}\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("omzet", "got"), [("1: -5\n    2: 270\n    3: 95", "-5"),
                                           ("1: veel\n    2: 115\n    3: 95", "'veel'"),
                                           ("1: 150.5\n    2: 114.5\n    3: 95", "150.5")])
def test_a_negative_or_non_numeric_count_names_the_file_the_group_and_the_value(tmp_path, omzet, got):
    path = _population(tmp_path, omzet)
    with pytest.raises(PopulationError) as err:
        load_population(path)
    text = str(err.value)
    assert str(path) in text and "omzetgroep: group 1" in text and f"got {got}" in text
    assert "whole number >= 0" in text


def test_a_group_with_members_and_no_respondents_names_the_file(survey_2026, tmp_path):
    """A sixth uitvoerder nobody answered for: raking cannot reach it; the message named no file."""
    path = _population(tmp_path, "1: 150\n    2: 115\n    3: 95",
                       "1: 95\n    2: 85\n    3: 60\n    4: 80\n    5: 30\n    6: 10")
    population = load_population(path)
    with pytest.raises(WeightingError) as err:
        rake(survey_2026.responses, population, ("omzetgroep", "uitvoerder"))
    text = str(err.value)
    assert str(path) in text and "uitvoerder: group 6" in text and "10 members but no respondents" in text


def test_a_group_with_respondents_and_zero_or_no_members_names_the_file(survey_2026, tmp_path):
    zero = load_population(_population(tmp_path, "1: 0\n    2: 265\n    3: 95"))
    with pytest.raises(WeightingError, match=r"population\.yml: omzetgroep: group 1 has \d+ respondent\(s\) but 0 members"):
        rake(survey_2026.responses, zero, ("omzetgroep", "uitvoerder"))
    unlisted = Population(360, {"omzetgroep": {1: 150, 2: 115, 3: 95}, "uitvoerder": {1: 135, 2: 85, 3: 60, 4: 80}},
                          source=tmp_path / "population.yml")
    with pytest.raises(WeightingError, match=r"population\.yml: uitvoerder: group 5 has respondents but is not in"):
        rake(survey_2026.responses, unlisted, ("omzetgroep", "uitvoerder"))
