"""Review h159 of the weighting (raking) and the intervals on it: every mistake in what is raked is one
WeightingError / ConfigError naming the file, the respondents or the group, never a traceback or a silently
truncated code; a weighted mean whose answers count as fewer than two respondents has no interval."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from wlzmonitor.compute.intervals import t_interval
from wlzmonitor.compute.weighting import WeightingError, kish, rake
from wlzmonitor.spec.config import ConfigError, load_config
from wlzmonitor.spec.layout import TableSpec
from wlzmonitor.spec.population import Population

ROOT = Path(__file__).resolve().parents[1]
POPULATION = Population(100, {"g": {1: 40, 2: 30, 3: 30}, "h": {1: 50, 2: 50}}, source=Path("pop.yml"))


def _frame(g, h=None) -> pd.DataFrame:
    ids = pd.Index([f"R{i:03d}" for i in range(1, len(g) + 1)], name="respondent_id")
    return pd.DataFrame({"g": g, "h": h if h is not None else [1, 2] * (len(g) // 2) + [1] * (len(g) % 2)},
                        index=ids)


def test_a_margin_listed_twice_in_the_configuration_names_the_file_and_the_margin(tmp_path):
    """[omzetgroep, omzetgroep] loaded, and the weighted run stopped in raking with a bare IndexError
    ("Too many levels: Index has only 1 levels, not 2")."""
    data = yaml.safe_load((ROOT / "config" / "report.yml").read_text(encoding="utf-8"))
    data.setdefault("weighting", {})["margins"] = ["omzetgroep", "uitvoerder", "omzetgroep"]
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "report.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert str(err.value) == (f"{tmp_path / 'config' / 'report.yml'}: weighting: margins: 'omzetgroep' is listed "
                              "twice; each variable is one margin, e.g. [omzetgroep, uitvoerder]; got "
                              "['omzetgroep', 'uitvoerder', 'omzetgroep']")


@pytest.mark.parametrize("margins", [("g", "g"), ()])
def test_rake_with_a_margin_twice_or_none_is_a_weighting_error(margins):
    with pytest.raises(WeightingError) as err:
        rake(_frame([1, 2, 3, 1, 2, 3]), POPULATION, margins)
    assert str(err.value) == f"weighting: margins: expected each variable once, got {list(margins)}"


def test_respondents_without_a_group_are_named_with_the_export_and_their_ids():
    """Was "respondents without a group on g: they cannot be weighted": no file, no respondent, no count."""
    frame = _frame([1, 2, None, 3, 1, 2, None, 3, None, None, None, None, 1, 2])
    with pytest.raises(WeightingError) as err:
        rake(frame, POPULATION, ("g", "h"), export=Path("data/exports/2026.csv"))
    assert str(err.value) == ("data/exports/2026.csv: 6 of 14 respondents have no g (respondent R003, R007, R009, R010, "
                              "R011 and 1 more): raking needs every respondent's group on each margin; give them "
                              "their g, or switch weighting off")


@pytest.mark.parametrize(("code", "shown"), [(1.5, "1.5"), ("een", "'een'")])
def test_a_group_code_that_is_no_whole_number_is_named_not_truncated(code, shown):
    """1.5 was weighted as group 1 (astype(int)); text stopped the run with a bare ValueError."""
    frame = _frame([1, 2, 3, 1, 2, 3]).astype({"g": object})
    frame.loc["R004", "g"] = code
    with pytest.raises(WeightingError) as err:
        rake(frame, POPULATION, ("g", "h"), export=Path("x.csv"))
    assert str(err.value) == f"x.csv: g: respondent R004: expected a group code (a whole number), got {shown}"


def test_whole_codes_stored_as_float_or_text_still_rake_as_before():
    as_int = rake(_frame([1, 2, 3, 1, 2, 3, 1, 1]), POPULATION, ("g", "h"))
    as_float = rake(_frame([1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 1.0, 1.0]), POPULATION, ("g", "h"))
    assert as_float.values.tolist() == as_int.values.tolist()
    # the weights reach the members' shares: g 40/30/30, h 50/50 (of mean 1, summing to n = 8)
    assert as_int.values.groupby(_frame([1, 2, 3, 1, 2, 3, 1, 1])["g"]).sum().tolist() == pytest.approx([3.2, 2.4, 2.4])


def test_raking_that_cannot_reach_a_margin_names_the_group_furthest_off():
    """Group 1 of g answered only with h = 1, groups 2 and 3 only with h = 2: the members' 40% in g1 and 50% in h1
    contradict each other. Raked g then h, h is reached (50/50), so g1 carries 50% (not 40%) and g2, g3 25% each
    (not 30%): the message names g's group 1 and both shares, not only the margin."""
    frame = _frame([1] * 10 + [2] * 5 + [3] * 5, [1] * 10 + [2] * 10)
    with pytest.raises(WeightingError) as err:
        rake(frame, POPULATION, ("g", "h"))
    assert str(err.value) == ("pop.yml: raking did not reach the members' shares of g (weightipy stopped within 1000 "
                              "iterations; a combination of groups without respondents, or margins raking cannot "
                              "reach from these respondents; g: group 1: weighted 50.0%, members 40.0%): the weighted "
                              "figures would not represent the members")


def test_a_weighted_mean_whose_answers_count_as_fewer_than_two_has_no_interval():
    """Answers 1 and 5 weighted 1 and 0,2 count as 1,2²/1,04 = 1,385 respondents (Kish): n_eff - 1 = 0,385 degrees
    of freedom, which were taken as 1, giving -12,45 to 15,78: narrower than the same two answers unweighted
    (-22,41 to 28,41), as if weighting added information. Fewer than two (effective) answers: no interval."""
    assert kish([1.0, 0.2])[0] == pytest.approx(1.44 / 1.04)
    assert all(math.isnan(v) for v in t_interval([1.0, 5.0], weights=[1.0, 0.2]))
    assert all(math.isnan(v) for v in t_interval([1.0, 5.0, 5.0], weights=[1.0, 0.01, 0.01]))
    unweighted = t_interval([1.0, 5.0])
    assert unweighted == pytest.approx((3 - stats.t.ppf(0.975, 1) * 2, 3 + stats.t.ppf(0.975, 1) * 2))


def test_a_weighted_mean_with_an_effective_n_of_two_or_more_keeps_its_interval():
    x, w = np.array([1.0, 2.0, 4.0, 5.0]), np.array([1.0, 0.5, 0.5, 1.0])
    n_eff = w.sum() ** 2 / (w ** 2).sum()  # 3,6
    mean = float((w * x).sum() / w.sum())
    se = math.sqrt(4 / 3 * float((w ** 2 * (x - mean) ** 2).sum())) / w.sum()
    half = stats.t.ppf(0.975, n_eff - 1) * se
    assert t_interval(x, weights=w) == pytest.approx((mean - half, mean + half), rel=1e-12)


@pytest.mark.parametrize(("margins", "words"), [(("omzetgroep",), "omzetgroep"),
                                                (("omzetgroep", "uitvoerder"), "omzetgroep en Wlz-uitvoerder")])
def test_the_unweighted_methods_page_names_the_margins_weighting_would_use(margins, words):
    """Unweighted, the page says what weighting would cost; it said "per omzetgroep en Wlz-uitvoerder" whatever
    `weighting: margins` the weights were raked on (the weighted page, index and PDF name their own margins)."""
    from wlzmonitor.compute.weighting import Weights
    from wlzmonitor.present.appendix import methods_html

    possible = Weights(pd.Series([0.5, 1.5, 1.0]), margins, 3, 2.571, 1.17)
    html = methods_html(alpha=0.05, resamples=100, seed=1, tests={}, small_base=20, possible_weights=possible)
    assert (f"Een weging naar de ledenpopulatie per {words} zou de 3 respondenten statistisch laten tellen als 3 "
            "(design effect 1,17)") in html


@pytest.mark.parametrize("finite", [True, False])
def test_a_margin_without_respondents_has_no_test_not_p_0_001(finite):
    """No respondent in any group of a margin: the statistic was NaN (0/0, with numpy's RuntimeWarning) and the Monte
    Carlo p-value (0 + 1) / (resamples + 1) = 0,001, printed on the response page as a significant difference."""
    from wlzmonitor.compute.weighting import CHI2, CHI2_FINITE, goodness_of_fit

    test, statistic, dof, p = goodness_of_fit([0, 0], [10, 20], finite=finite, resamples=999)
    assert (test, dof) == (CHI2_FINITE if finite else CHI2, 0) and math.isnan(statistic) and math.isnan(p)


def _trend_table(n_effective=None) -> pd.DataFrame:
    table = pd.DataFrame([("Ja", "2025", 50.0, 112, 1, 2025), ("Ja", "2026", 40.0, 122, 1, 2026),
                          ("Nee", "2025", 50.0, 112, 2, 2025), ("Nee", "2026", 60.0, 122, 2, 2026)],
                         columns=["row", "column", "value", "n", "row_code", "column_code"])
    return table if n_effective is None else table.assign(n_effective=n_effective)


def test_a_weighted_year_on_year_csv_has_the_effective_bases_its_p_values_rest_on():
    """Weighted, year_on_year.csv had x = share x effective base beside n = respondents: x_current / n_current
    (30,0 / 122 = 24,6%) was not the share (40%), and the p-value could not be recomputed from the file. The
    effective bases are now columns of their own, and the p is statsmodels' score test of x of them."""
    from types import SimpleNamespace

    from statsmodels.stats.proportion import test_proportions_2indep

    from wlzmonitor.compute.trends import COLUMNS, EFFECTIVE_COLUMNS, all_changes

    spec = TableSpec("v", "Tabel 3", "x", "v", "single", (1, 2), (2025, 2026))
    layout = SimpleNamespace(tables=(spec,))
    weighted = all_changes(layout, {"v": _trend_table([66.7, 75.0, 66.7, 75.0])}, 2026, None, alpha=0.05,
                           design_effects={2025: 1.68, 2026: 1.36})
    assert list(weighted.columns) == COLUMNS + EFFECTIVE_COLUMNS
    ja = weighted.iloc[0]
    assert (ja.n_current, ja.n_previous, ja.n_effective_current, ja.n_effective_previous) == (122, 112, 75.0, 66.7)
    assert ja.x_current / ja.n_effective_current == pytest.approx(0.40)
    expected = test_proportions_2indep(0.40 * 75.0, 75.0, 0.50 * 66.7, 66.7, method="score", compare="diff").pvalue
    assert ja.p_value == pytest.approx(expected, rel=1e-9)
    # unweighted: the file's columns as before (the published reports' year_on_year.csv unchanged)
    assert list(all_changes(layout, {"v": _trend_table()}, 2026, None, alpha=0.05).columns) == COLUMNS


def test_a_weighted_csv_marks_the_published_unweighted_years_gewogen_nee():
    """The weighted NPS table's 2021-2023 columns are the published, unweighted figures (the page says so), and
    the CSV and the workbook's Data sheet said 'gewogen: ja' on them, as on every row."""
    from wlzmonitor.present.table_files import tidy_csv_bytes

    spec = TableSpec("nps", "Tabel 37", "x", "nps", "nps", ("Fans", "NPS"), (2023, 2025, 2026))
    table = pd.DataFrame([("Fans", "2023", 28.0, 104, "Fans", 2023), ("Fans", "2025", 36.0, 112, "Fans", 2025),
                          ("Fans", "2026", 20.7, 122, "Fans", 2026), ("NPS", "2023", 15.0, 104, "NPS", 2023)],
                         columns=["row", "column", "value", "n", "row_code", "column_code"])
    marks = [line.rsplit(",", 1)[1] for line in
             tidy_csv_bytes(table, spec, weighted=frozenset({2024, 2025, 2026})).decode().splitlines()]
    assert marks == ["gewogen", "nee", "ja", "ja", "nee"]
    by = TableSpec("nps__uitvoerder", "Tabel 38", "x", "nps", "nps_by", ("NPS 2023", "NPS 2026"), (1, "Totaal"),
                   by="uitvoerder")
    per_group = pd.DataFrame([("NPS 2023", "ZK", -15.0, 30, "NPS 2023", 1), ("NPS 2026", "ZK", 13.1, 35, "NPS 2026", 1)],
                             columns=["row", "column", "value", "n", "row_code", "column_code"])
    assert tidy_csv_bytes(per_group, by, weighted=frozenset({2025, 2026})).decode().splitlines()[1:] == [
        "NPS 2023,ZK,-15,30,,,,nee", "NPS 2026,ZK,13.1,35,,,,ja"]
