"""A weighted report's intervals and year-on-year tests count each figure's own respondents as their weights say
(Kish, (Σw)²/Σw²): who answered the question -- the item of a matrix, any option of a multiple-response question --
in the column's group for a breakdown. One design effect for the whole year took a routed subgroup's base as the
whole sample's (docs/statistics.md: 8 respondents whose weights give 6,77 were counted as 5,90)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.compute.intervals import N_EFFECTIVE, effective_bases, table_intervals, wilson
from wlzmonitor.compute.weighting import kish
from wlzmonitor.spec.config import load_config


@pytest.fixture(scope="module")
def weighted_2026():
    from wlzmonitor.compute.year_result import load_year_result

    return load_year_result(2026, load_config().weighted())


def _own_base(survey, weights, columns, group=None) -> tuple[int, float]:
    """By hand: who answered any of `columns` (in `group`: (variable, code)), and their Kish base."""
    answered = survey.responses[columns].notna().any(axis=1)
    if group is not None:
        answered &= survey.responses[group[0]].eq(group[1]).fillna(False).astype(bool)
    w = weights.reindex(survey.responses.index)[answered].to_numpy(dtype=float)
    return int(answered.sum()), float(w.sum() ** 2 / (w ** 2).sum())


def _surveys(result) -> dict:
    return {**result.history.surveys, result.year: result.survey}


def test_a_routed_question_s_interval_counts_its_own_respondents(weighted_2026):
    result = weighted_2026
    table = result.tables["overproductie_thuis"]
    weights = result.weights[2026]
    now = table[table["column_code"] == 2026]
    n, own = _own_base(result.survey, weights.values, ["overproductie_thuis"])
    assert set(now["n"]) == {n} == {8}
    assert now[N_EFFECTIVE].tolist() == [pytest.approx(own, rel=1e-12)] * len(now)
    assert round(own, 2) == 6.77 and round(n / weights.design_effect, 2) == 5.90  # the whole year's deff: 5,90
    for row in now.itertuples():
        assert (row.ci_low, row.ci_high) == pytest.approx(wilson(row.value / 100 * own, own), rel=1e-12)
        assert (row.ci_low, row.ci_high) != pytest.approx(wilson(row.value / 100 * 8 / weights.design_effect,
                                                                 8 / weights.design_effect), rel=1e-3)


def test_each_group_of_a_breakdown_and_each_item_of_a_matrix_has_its_own_base(weighted_2026):
    result = weighted_2026
    w = result.weights[2026].values
    nps = result.tables["nps__uitvoerder"]
    for row in nps[nps["row_code"] == "Fans"].itertuples():
        group = None if row.column_code == "Totaal" else ("uitvoerder", row.column_code)
        n, own = _own_base(result.survey, w, ["nps"], group)
        assert row.n == n and getattr(row, N_EFFECTIVE) == pytest.approx(own, rel=1e-12)
    groups = nps[(nps["row_code"] == "Fans") & (nps["column_code"] != "Totaal")][N_EFFECTIVE]
    assert groups.nunique() == len(groups) and not np.allclose(groups, nps["n"][groups.index] / result.weights[2026].design_effect)
    matrices = [s for s in result.layout.tables if s.kind == "matrix" and s.key in result.tables]
    assert matrices
    for spec in matrices:
        table = result.tables[spec.key]
        for row in table.drop_duplicates("row_code").itertuples():
            n, own = _own_base(result.survey, w, [f"{spec.question}__{row.row_code}"])
            assert (row.n, getattr(row, N_EFFECTIVE)) == (n, pytest.approx(own, rel=1e-12)), (spec.key, row.row_code)


def test_a_multiple_response_question_s_base_is_who_chose_any_option(weighted_2026):
    result = weighted_2026
    specs = [s for s in result.layout.tables if s.kind == "multi" and s.key in result.tables]
    assert specs
    for spec in specs:
        table = result.tables[spec.key]
        for row in table.drop_duplicates("column_code").itertuples():
            if not isinstance(row.column_code, (int, np.integer)) or row.column_code not in _surveys(result):
                continue
            survey = _surveys(result)[row.column_code]
            columns = [c for c in survey.responses.columns if c.startswith(f"{spec.question}__")]
            n, own = _own_base(survey, result.weights[row.column_code].values, columns)
            assert (row.n, getattr(row, N_EFFECTIVE)) == (n, pytest.approx(own, rel=1e-12)), (spec.key, row.column_code)


def test_the_year_on_year_test_counts_the_row_s_own_effective_bases(weighted_2026):
    result = weighted_2026
    changes = result.changes.set_index(["table_key", "row_code"])
    row = changes.loc[("overproductie_thuis", 1)]
    table = result.tables["overproductie_thuis"]
    for year, count, base, share in ((2026, row.x_current, row.n_current, row.p_current),
                                     (2025, row.x_previous, row.n_previous, row.p_previous)):
        own = table[(table["column_code"] == year) & (table["row_code"] == 1)][N_EFFECTIVE].iloc[0]
        assert count == pytest.approx(share * own / 100, rel=1e-12)
        assert not math.isclose(count, share * base / result.weights[year].design_effect / 100, rel_tol=1e-3)


def test_no_base_is_guessed_where_the_respondents_are_not_as_many_as_the_printed_base(weighted_2026):
    """A published column (no respondent data) and a row whose respondents the kind cannot tell keep n / deff."""
    result = weighted_2026
    spec = next(s for s in result.layout.tables if s.key == "overproductie_thuis")
    table = result.tables["overproductie_thuis"].drop(columns=[N_EFFECTIVE, "ci_low", "ci_high"])
    doctored = table.assign(n=table["n"] + 1)  # not the respondents the data holds
    assert np.isnan(effective_bases(spec, doctored, _surveys(result), {y: w.values for y, w in result.weights.items()},
                                    2026)).all()
    nps = result.tables["nps"]
    assert nps[~nps["column_code"].isin(list(result.weights))][N_EFFECTIVE].isna().all()


def test_an_unweighted_table_gets_no_effective_bases(result_2026):
    assert all(N_EFFECTIVE not in t.columns for t in result_2026.tables.values())
    spec = next(s for s in result_2026.layout.tables if s.key == "overproductie_thuis")
    table = table_intervals(spec, result_2026.tables["overproductie_thuis"].drop(columns=["ci_low", "ci_high"]),
                            {2026: result_2026.survey}, year=2026)
    assert N_EFFECTIVE not in table.columns
    assert kish([1.0, 1.0])[0] == 2.0
