"""Statistics review h91 (2026-12-05): what the computations and the printed verdicts must say."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.compute import trends
from wlzmonitor.compute.audit import share_findings
from wlzmonitor.compute.trends import COLUMNS
from wlzmonitor.present.table_html import change_html
from wlzmonitor.spec.layout import TableSpec

NPS = TableSpec(key="nps", number="Tabel 37", chapter="x", question="nps", kind="nps",
                rows=("Critici", "Neutralen", "Fans", "NPS"), columns=(2024, 2025, 2026))
MEANS = TableSpec(key="last", number="Tabel 34", chapter="x", question="last", kind="scale_means",
                  rows=("a", "b"), columns=(2024, 2025, 2026))


def test_an_nps_or_mean_trend_table_says_it_was_not_tested():
    """The methods page says every trend table states whether a figure changed; the NPS (Tabel 37) and the
    means of Tabel 34 have no year-on-year test, and nothing under them said so: a reader could take the
    silence for "no change". They now say "niet getoetst" and why."""
    empty = pd.DataFrame(columns=COLUMNS)
    for spec, what in ((NPS, "NPS"), (MEANS, "gemiddelden")):
        out = change_html(spec, empty, 2026, alpha=0.05)
        assert "Niet getoetst tegen 2025" in out and what in out, out
    assert change_html(NPS, empty, 2024, alpha=0.05) == ""  # no earlier column: nothing to say


def test_yes_no_rows_are_one_test_also_beside_an_option_nobody_chose():
    """'Ja' and 'Nee' are one comparison when their counts are complements in both years; a third option
    with 0% in both years (no p-value) does not make them two tests in the Holm family."""
    rows = []
    for code, prev, now in (("1", 40, 27), ("2", 72, 95), ("3", 0, 0)):
        rows.append({"table_key": "t", "row": code, "row_code": code, "p_previous": 100 * prev / 112,
                     "p_current": 100 * now / 122, "n_previous": 112.0, "n_current": 122.0,
                     "x_previous": float(prev), "x_current": float(now),
                     "p_value": 0.03 if code != "3" else np.nan})
    keys = trends._hypotheses(pd.DataFrame(rows), {"t": "single"})
    assert keys[0] == keys[1] and keys[2] != keys[0]


def test_a_count_and_share_cell_rounded_half_to_even_is_no_impossible_share():
    """'1 (12%)' of 8 (12,5% rounded half to even, as R or Python print it) was called impossible by the
    count check, while the base check accepts half-to-even (review 2026-12-04); both now accept it."""
    cells = pd.DataFrame([
        {"table": "Tabel 38", "column": "Overig", "col_index": 1, "row": "Critici", "row_index": 0,
         "unit": "count", "value": 1, "value_pct": 12.0},
        {"table": "Tabel 38", "column": "Overig", "col_index": 1, "row": "Neutralen", "row_index": 1,
         "unit": "count", "value": 2, "value_pct": 25.0},
        {"table": "Tabel 38", "column": "Overig", "col_index": 1, "row": "Fans", "row_index": 2,
         "unit": "count", "value": 5, "value_pct": 62.0},
    ])
    meta = pd.DataFrame([{"table": "Tabel 38", "bases": ""}])
    spec = TableSpec(key="nps__u", number="Tabel 38", chapter="x", question="nps", kind="nps_by",
                     rows=("Critici", "Neutralen", "Fans"), columns=(1,), by="uitvoerder")

    class Layout:
        tables = [spec]

    assert share_findings(Layout(), cells, meta) == []
    wrong = cells.assign(value_pct=[12.0, 25.0, 60.0])  # 5 of 8 is 62,5%: 62 or 63, never 60
    assert [f["published"] for f in share_findings(Layout(), wrong, meta)] == ["60%"]


def _exact_response_p(observed, members):
    """The exact p-value by enumeration: n respondents drawn at random without replacement from the
    members (three groups), Pearson χ² of respondents against non-respondents."""
    m = np.asarray(members, dtype=float)
    total, n = m.sum(), sum(observed)
    expected = n * m / total

    def statistic(x):
        return float(((np.asarray(x) - expected) ** 2 / expected).sum()) * total / (total - n)

    observed_statistic, p = statistic(observed), 0.0
    for a in range(members[0] + 1):
        for b in range(members[1] + 1):
            c = n - a - b
            if 0 <= c <= members[2] and statistic([a, b, c]) >= observed_statistic - 1e-9:
                p += math.comb(members[0], a) * math.comb(members[1], b) * math.comb(members[2], c) / math.comb(int(total), n)
    return observed_statistic, p


def test_representativeness_test_treats_the_respondents_as_a_part_of_the_members():
    """The respondents are a part of a finite set of members (122 of 360), not draws with replacement from
    the members' shares: the goodness-of-fit χ² understated the statistic by (N - n) / N, and its Monte Carlo
    drew samples with more respondents in a group than it has members. 3 of a group of 4 answered (10 of 50):
    p = 0,063 'not significant' with the multinomial, 0,033 exactly."""
    from scipy import stats

    from wlzmonitor.compute.weighting import goodness_of_fit, representativeness
    from wlzmonitor.spec.population import Population

    # the response page (Bijlage 1): Pearson χ² of respondents against non-respondents (scipy)
    responses = pd.DataFrame({"omzetgroep": [1] * 25 + [2] * 39 + [3] * 58})

    class Codebook:
        derived = ()

        def __contains__(self, key):
            return False

    population = Population(members=360, margins={"omzetgroep": {1: 150, 2: 115, 3: 95}}, assumption=True,
                            source="population.yml")
    frame = representativeness(responses, Codebook(), population)
    chi2, p, dof, _ = stats.chi2_contingency([[25, 39, 58], [125, 76, 37]], correction=False)
    assert frame["statistic"].iloc[0] == pytest.approx(chi2) and frame["p_value"].iloc[0] == pytest.approx(p)
    statistic, p = _exact_response_p([3, 1, 6], [4, 6, 40])
    test, got_statistic, dof, got_p = goodness_of_fit([3, 1, 6], [4, 6, 40], finite=True, resamples=20000)
    assert dof == 2 and got_statistic == pytest.approx(statistic) and got_p == pytest.approx(p, abs=0.006)
    assert "zonder teruglegging" in test
    # large counts: Pearson's χ² of the 2 x k table respondents / non-respondents (scipy)
    chi2, p, dof, _ = stats.chi2_contingency([[25, 39, 58], [125, 76, 37]], correction=False)
    assert goodness_of_fit([25, 39, 58], [150, 115, 95], finite=True)[1:] == pytest.approx((chi2, dof, p))
    # everyone answered: a census, nothing to test
    assert np.isnan(goodness_of_fit([4, 6], [4, 6], finite=True)[3])
