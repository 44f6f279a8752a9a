"""Year-on-year change with the finite-population correction."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wlzmonitor.spec.layout import TableSpec
from wlzmonitor.compute.trends import change_test, fpc_variance, year_on_year


def test_fpc_variance():
    assert fpc_variance(0.5, 100, None) == pytest.approx(0.0025)
    assert fpc_variance(0.5, 100, 200) == pytest.approx(0.0025 * 100 / 199)
    assert fpc_variance(0.5, 200, 200) == 0.0  # a census has no sampling variance


def test_change_test_exact_values():
    z, p = change_test(0.5, 100, 0.3, 100, population_now=200, population_prev=200)
    assert z == pytest.approx(4.159849495605215)
    z, p = change_test(0.5, 100, 0.3, 100, population_now=None, population_prev=None)
    assert z == pytest.approx(2.948839123097943)
    assert p == pytest.approx(0.0031896997062168643)
    assert all(math.isnan(x) for x in change_test(0.0, 50, 0.0, 60, population_now=360, population_prev=360))


def _table(values):
    rows = []
    for code, label, prev, now in values:
        rows.append((label, "2025", prev, 112, code, 2025))
        rows.append((label, "2026", now, 122, code, 2026))
    return pd.DataFrame(rows, columns=["row", "column", "value", "n", "row_code", "column_code"])


def test_year_on_year_tests_the_survey_year_against_the_one_before():
    spec = TableSpec("vraag", "Tabel 3", "x", "vraag", "single", (1, 2), (2024, 2025, 2026))
    table = _table([(1, "Ja", 35.0, 100 * 27 / 122), (2, "Nee", 65.0, 100 * 95 / 122)])
    out = year_on_year(spec, table, 2026, {2025: 360, 2026: 360}, alpha=0.05)
    assert out["row"].tolist() == ["Ja", "Nee"]
    assert out["previous"].tolist() == ["2025", "2025"]
    z, p = change_test(27 / 122, 122, 0.35, 112, population_now=360, population_prev=360)
    assert out["z"].iloc[0] == pytest.approx(z) and out["p_value"].iloc[0] == pytest.approx(p)
    assert out["significant"].tolist() == [p < 0.05] * 2


def test_changed_questions_are_not_tested():
    spec = TableSpec("vraag", "Tabel 8", "x", "vraag", "single", (1, 2), (2025, 2026),
                     note="gewijzigde antwoordcategorieën")
    table = _table([(1, "Ja", 35.0, 20.0), (2, "Nee", 65.0, 80.0)])
    assert year_on_year(spec, table, 2026, {}, alpha=0.05).empty
