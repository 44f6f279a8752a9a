"""Year-on-year change: score / Fisher test on counts, multiple-testing correction over the report."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats import proportion

from wlzmonitor.compute.trends import adjust, all_changes, change_test, fpc_factor, fpc_variance, score_test, year_on_year
from wlzmonitor.spec.config import StatisticsSettings
from wlzmonitor.spec.layout import TableSpec

SCORE = StatisticsSettings()


def test_fpc_variance():
    assert fpc_variance(0.5, 100, None) == pytest.approx(0.0025)
    assert fpc_variance(0.5, 100, 200) == pytest.approx(0.0025 * 100 / 199)
    assert fpc_variance(0.5, 200, 200) == 0.0  # a census has no sampling variance
    assert fpc_factor(122, 360) == pytest.approx(238 / 359)


def test_zero_cell_0_of_112_against_4_of_122():
    """The unpooled Wald z-test gave p = 0,0125 here (no variance at 0%); score and Fisher do not."""
    z, p = change_test(4, 122, 0, 112)  # score test (Miettinen-Nurminen, diff = 0)
    assert z == pytest.approx(1.928737543144478, rel=1e-12)
    assert p == pytest.approx(0.05376345296117097, rel=1e-12)
    odds, p_fisher = change_test(4, 122, 0, 112, method="fisher")
    assert math.isinf(odds) and p_fisher == pytest.approx(0.12315813040986935, rel=1e-12)
    # hand: pooled p = 4/234; var = p(1-p)(1/122 + 1/112) * 234/233; z = (4/122) / sqrt(var)
    pooled = 4 / 234
    var = pooled * (1 - pooled) * (1 / 122 + 1 / 112) * 234 / 233
    assert z == pytest.approx((4 / 122) / math.sqrt(var), rel=1e-12)


def test_score_formula_equals_statsmodels_and_applies_the_fpc():
    reference = proportion.test_proportions_2indep(27, 122, 39, 112, method="score", compare="diff")
    z, p = score_test(27.0, 122.0, 39.0, 112.0, fpc_now=1.0 + 0.0, fpc_prev=1.0)
    assert (z, p) == pytest.approx((reference.statistic, reference.pvalue), rel=1e-12)
    z_float, _ = score_test(27.5, 122.0, 39.0, 112.0)  # effective (weighted) counts use the same formula
    assert abs(z_float) < abs(z)
    z_fpc, p_fpc = change_test(27, 122, 39, 112, population_now=360, population_prev=360)
    pooled = 66 / 234
    var = pooled * (1 - pooled) * (fpc_factor(122, 360) / 122 + fpc_factor(112, 360) / 112) * 234 / 233
    assert z_fpc == pytest.approx((27 / 122 - 39 / 112) / math.sqrt(var), rel=1e-12)
    assert p_fpc < p
    assert all(math.isnan(x) for x in change_test(0, 50, 0, 60))  # nothing to test at 0% twice


def test_holm_and_benjamini_hochberg_on_a_small_vector():
    p = pd.Series([0.01, 0.02, 0.03, 0.04, 0.5, np.nan])
    holm = adjust(p, "holm")
    assert holm[:5].tolist() == pytest.approx([0.05, 0.08, 0.09, 0.09, 0.5])  # 5·0,01, 4·0,02, 3·0,03, ...
    assert math.isnan(holm[5])  # an untestable row is not counted in the family
    assert adjust(p, "fdr_bh")[:5].tolist() == pytest.approx([0.05, 0.05, 0.05, 0.05, 0.5])  # 0,04·5/4 = 0,05
    assert adjust(p, "none")[:5].tolist() == pytest.approx([0.01, 0.02, 0.03, 0.04, 0.5])


def _table(values, n_prev=112, n_now=122):
    rows = []
    for code, label, prev, now in values:
        rows.append((label, "2025", prev, n_prev, code, 2025))
        rows.append((label, "2026", now, n_now, code, 2026))
    return pd.DataFrame(rows, columns=["row", "column", "value", "n", "row_code", "column_code"])


def test_year_on_year_tests_counts_of_the_survey_year_against_the_one_before():
    spec = TableSpec("vraag", "Tabel 3", "x", "vraag", "single", (1, 2), (2024, 2025, 2026))
    table = _table([(1, "Ja", 100 * 39 / 112, 100 * 27 / 122), (2, "Nee", 100 * 73 / 112, 100 * 95 / 122)])
    out = year_on_year(spec, table, 2026, {}, settings=SCORE, data_years=frozenset({2025}))
    assert out["row"].tolist() == ["Ja", "Nee"]
    assert out["previous"].tolist() == ["2025", "2025"] and set(out["source_previous"]) == {"data"}
    assert out[["x_previous", "x_current"]].iloc[0].tolist() == [39, 27]
    z, p = change_test(27, 122, 39, 112)
    assert out["statistic"].iloc[0] == pytest.approx(z) and out["p_value"].iloc[0] == pytest.approx(p)


def test_all_changes_corrects_over_the_whole_report_and_names_indicative_changes():
    big = TableSpec("big", "Tabel 1", "x", "big", "single", (1, 2), (2025, 2026))
    small = TableSpec("small", "Tabel 2", "x", "small", "single", (1, 2), (2025, 2026))
    extra = TableSpec("extra", "Tabel 3", "x", "extra", "multi", (1, 2), (2025, 2026))  # two hypotheses
    tables = {"big": _table([(1, "Ja", 5.0, 50.0), (2, "Nee", 95.0, 50.0)], 100, 100),
              "small": _table([(1, "Ja", 30.0, 45.0), (2, "Nee", 70.0, 55.0)], 100, 100),
              "extra": _table([(1, "A", 50.0, 50.0), (2, "B", 50.0, 50.0)], 100, 100)}
    layout = SimpleNamespace(tables=(big, small, extra))
    out = all_changes(layout, tables, 2026, None, alpha=0.05, settings=SCORE)
    # a yes/no question's two rows are one comparison: tested once in the family (4, not 6)
    assert out["tests_in_family"].unique().tolist() == [4]
    once = out.drop_duplicates("table_key").set_index("table_key")["p_value"]
    holm = dict(zip(["big", "small"], adjust(pd.concat([once[["big", "small"]], out["p_value"][out["table_key"] == "extra"]]),
                                          "holm")[:2]))
    assert out.loc[out["table_key"] == "big", "p_adjusted"].tolist() == pytest.approx([holm["big"]] * 2)
    assert out.loc[out["table_key"] == "small", "p_adjusted"].tolist() == pytest.approx([holm["small"]] * 2)
    raw = dict(zip(zip(out["table_key"], out["row_code"]), out["p_value"]))
    assert raw[("small", 1)] < 0.05  # 30% -> 45% of 100: p = 0,028 on its own ...
    flags = dict(zip(zip(out["table_key"], out["row_code"]), zip(out["significant"], out["indicative"])))
    assert flags[("big", 1)] == (True, False)
    assert flags[("small", 1)] == (False, True)  # ... but not after Holm over 4 tests: indicatief
    none = all_changes(layout, tables, 2026, None, alpha=0.05, settings=StatisticsSettings(multiple_testing="none"))
    assert none["significant"].tolist() == (none["p_value"] < 0.05).tolist() and not none["indicative"].any()


def test_changed_questions_are_not_tested():
    spec = TableSpec("vraag", "Tabel 8", "x", "vraag", "single", (1, 2), (2025, 2026),
                     note="gewijzigde antwoordcategorieën")
    table = _table([(1, "Ja", 35.0, 20.0), (2, "Nee", 65.0, 80.0)])
    assert year_on_year(spec, table, 2026, {}, settings=SCORE).empty


def test_only_a_row_and_its_complement_are_one_hypothesis():
    """Three options: three comparisons (no row is another's complement); two options: one."""
    three = TableSpec("three", "Tabel 1", "x", "three", "single", (1, 2, 3), (2025, 2026))
    two = TableSpec("two", "Tabel 2", "x", "two", "single", (1, 2), (2025, 2026))
    tables = {"three": _table([(1, "A", 20.0, 30.0), (2, "B", 30.0, 30.0), (3, "C", 50.0, 40.0)], 100, 100),
              "two": _table([(1, "Ja", 20.0, 30.0), (2, "Nee", 80.0, 70.0)], 100, 100)}
    out = all_changes(SimpleNamespace(tables=(three, two)), tables, 2026, None, alpha=0.05, settings=SCORE)
    assert out["tests_in_family"].unique().tolist() == [4]
    # two rows of a larger table with the same counts (10/100 -> 12/100) are still two comparisons
    same = {"three": _table([(1, "A", 10.0, 12.0), (2, "B", 10.0, 12.0), (3, "C", 80.0, 76.0)], 100, 100),
            "two": tables["two"]}
    again = all_changes(SimpleNamespace(tables=(three, two)), same, 2026, None, alpha=0.05, settings=SCORE)
    assert again["tests_in_family"].unique().tolist() == [4]
    two_rows = out[out["table_key"] == "two"]
    assert two_rows["p_value"].round(12).nunique() == 1 and two_rows["p_adjusted"].nunique() == 1


def test_a_yes_no_question_is_one_test_when_weighted_too():
    """Weighted counts are of the effective base n / deff, not of the printed n: the two rows of a
    yes/no question complement each other by their shares, and are one test (84 -> 78 in 2026)."""
    two = TableSpec("two", "Tabel 2", "x", "two", "single", (1, 2), (2025, 2026))
    other = TableSpec("other", "Tabel 3", "x", "other", "multi", (1, 2), (2025, 2026))
    tables = {"two": _table([(1, "Ja", 100 * 39.4 / 112, 100 * 27.3 / 122), (2, "Nee", 100 * 72.6 / 112,
                                                                                  100 * 94.7 / 122)]),
              "other": _table([(1, "A", 20.0, 30.0), (2, "B", 30.0, 30.0)])}
    layout = SimpleNamespace(tables=(two, other))
    for deffs in ({}, {2025: 1.3, 2026: 1.2}):
        out = all_changes(layout, tables, 2026, None, alpha=0.05, settings=SCORE, design_effects=deffs)
        assert out["tests_in_family"].unique().tolist() == [3], deffs
        assert out["hypothesis"].tolist() == ["two:1", "two:1", "other:1", "other:2"]
        assert out.loc[out["table_key"] == "two", "p_adjusted"].nunique() == 1


def test_the_methods_page_counts_tests_not_rows():
    """Two yes/no questions significant before correction are two tests, not four rows."""
    from wlzmonitor.present.appendix import _change_methods

    specs = [TableSpec(k, f"Tabel {i}", "x", k, "single", (1, 2), (2025, 2026)) for i, k in enumerate("ab", 1)]
    specs.append(TableSpec("c", "Tabel 3", "x", "c", "multi", (1, 2, 3), (2025, 2026)))
    tables = {"a": _table([(1, "Ja", 5.0, 50.0), (2, "Nee", 95.0, 50.0)], 100, 100),
              "b": _table([(1, "Ja", 30.0, 45.0), (2, "Nee", 70.0, 55.0)], 100, 100),
              "c": _table([(1, "A", 50.0, 50.0), (2, "B", 40.0, 41.0), (3, "C", 10.0, 11.0)], 100, 100)}
    out = all_changes(SimpleNamespace(tables=specs), tables, 2026, None, alpha=0.05, settings=SCORE)
    text = _change_methods(out, SCORE, alpha=0.05, population=None)
    assert "Van de 5 toetsen hebben er 2 een p-waarde onder 0,05 zonder correctie; 1 daarvan blijft significant " \
           "na correctie. De andere heet onder de tabel ‘indicatief’" in text
    from wlzmonitor.present.appendix import _counts_text

    assert _counts_text(78, 0, 0, 0.05) == "Geen van de 78 toetsen heeft een p-waarde onder 0,05 zonder correctie."
    assert _counts_text(78, 10, 10, 0.05).endswith("10 daarvan blijven significant na correctie.")
    assert _counts_text(78, 1, 0, 0.05) == ("Van de 78 toetsen heeft er 1 een p-waarde onder 0,05 zonder correctie; "
                                            "geen daarvan blijft significant na correctie. De andere heet onder de "
                                            "tabel ‘indicatief’: een aanwijzing, geen vastgestelde verandering.")


def test_a_weighted_share_of_100_in_both_years_is_not_tested():
    """Weighted shares of 100% come out as 99.99999999999999: the pooled share is then just below 1
    and the test gave p ~ 1 where an unweighted run gives none (review)."""
    share = 100 * (1 - 1e-16)
    x_now, n_now = share * 90.0 / 100, 90.0
    x_prev, n_prev = share * 80.5 / 100, 80.5
    assert all(math.isnan(v) for v in score_test(x_now, n_now, x_prev, n_prev))
    assert all(math.isnan(v) for v in score_test(0.0, 90.0, 1e-14, 80.5))
