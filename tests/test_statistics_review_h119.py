"""Review h119 of review h117 (weighted statistics): Fisher's test on weighted counts that round to no respondent
or to an impossible table, a weighted mean with a negative weight, and population messages quoting a whole file."""

from __future__ import annotations

import math

import pytest

from wlzmonitor.compute.intervals import t_interval
from wlzmonitor.compute.trends import change_test
from wlzmonitor.spec.population import PopulationError, load_population


# -- Fisher's exact test on weighted (effective) counts -------------------------------------------------------
@pytest.mark.parametrize("counts", [
    (0.2, 0.4, 5.0, 10.0),   # a year whose effective base rounds to 0 respondents: a row [0, 0] gave p = 1
    (0.0, 0.4, 5.0, 10.0),
    (5.0, 10.0, 0.49, 0.49),
])
def test_fisher_does_not_test_a_year_of_no_whole_respondent(counts):
    """An effective base that rounds to 0 (n / deff of a small routed group) leaves a year without a respondent:
    scipy answers p = 1 on such a table, which the report would print as tested and not significant. Not tested."""
    statistic, p = change_test(*counts, method="fisher")
    assert math.isnan(p) and math.isnan(statistic)


def test_fisher_on_one_effective_respondent_a_year_is_p_1():
    """0,4 of an effective 0,6 in both years rounds to 0 of 1: one whole respondent a year, whose table Fisher's test
    cannot find significant whatever it holds (1 of 1 against 0 of 1 is p = 1 too): p = 1 is what it says (h117)."""
    assert change_test(0.4, 0.6, 0.4, 0.6, method="fisher")[1] == 1.0


@pytest.mark.parametrize("method", ["fisher", "score"])
@pytest.mark.parametrize("counts", [(2.5, 2.4, 1.0, 5.0), (6.0, 5.0, 2.0, 5.0), (-0.1, 5.0, 2.0, 5.0),
                                    (2.0, 5.0, -1.0, 5.0)])
def test_a_count_outside_its_base_is_not_tested(counts, method):
    """x above n or below 0 is no share: Fisher raised scipy's bare ValueError ("All values in `table` must be
    nonnegative") or tested a negative count rounded to 0, the score test gave a p-value (6 of 5: p = 0,003)."""
    statistic, p = change_test(*counts, method=method)
    assert math.isnan(p) and math.isnan(statistic)


def test_fisher_and_score_on_ordinary_counts_are_unchanged():
    from scipy.stats import fisher_exact

    assert change_test(3, 10, 7, 10, method="fisher") == pytest.approx(fisher_exact([[3, 7], [7, 3]]))
    assert change_test(2.6, 9.6, 6.5, 10.4, method="fisher") == pytest.approx(fisher_exact([[3, 7], [7, 3]]))
    z, p = change_test(3, 10, 7, 10, method="score")
    assert (z, p) == pytest.approx((-1.7435595774162693, 0.08123591708598542), rel=1e-12)  # as at 101f1d9
    # 100% of an effective base may be a hair above it in floating point: still tested
    assert not math.isnan(change_test(10.4 * (1 + 1e-15), 10.4, 6.5, 10.4, method="fisher")[1])


# -- a weighted mean's interval --------------------------------------------------------------------------------
def test_a_mean_with_a_negative_weight_has_no_interval():
    """Kish gives no effective n for a negative weight (NaN); the interval left the answer out silently since h117
    (before, it entered np.average with its negative weight): no interval, as for a non-finite weight."""
    assert all(math.isnan(v) for v in t_interval([1.0, 2.0, 3.0, 4.0], weights=[1.0, 1.0, 1.0, -1.0]))
    assert all(math.isnan(v) for v in t_interval([1.0, 2.0, 3.0, 4.0], weights=[1.0, 1.0, 1.0, math.inf]))
    assert not math.isnan(t_interval([1.0, 2.0, 3.0, 4.0], weights=[1.0, 1.0, 1.0, 0.0])[0])


# -- population messages ---------------------------------------------------------------------------------------
def _write(tmp_path, text):
    path = tmp_path / "populatie.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [
    "members: 360\nmargins:\n  omzetgroep:\n    ? '{long}'\n    : -1\n",
    "members: '{long}'\nmargins: {{}}\n",
    "members: 360\nmargins:\n  ? '{long}'\n  : {{1: 300}}\n",   # a margin's name: "adds up to 300, not to members"
])
def test_a_population_message_does_not_quote_a_whole_value(tmp_path, text):
    """A group label (an explicit YAML key has no length limit) or a members value of 100.000 characters was
    quoted whole in the message (h117 cut only the count it got)."""
    long = "<b>jan.jansen@example.nl</b> " * 4000
    with pytest.raises(PopulationError) as err:
        load_population(_write(tmp_path, text.format(long=long)))
    message = str(err.value)
    assert len(message) < 400 and "str of 116000 characters" in message, message[:500]


# -- a row whose respondents all weigh 0 ----------------------------------------------------------------------
def test_a_row_whose_respondents_all_weigh_zero_is_not_tested():
    """Since h117 Kish says n_eff = 0 for respondents who all weigh 0 (it was NaN): no respondent counts. The
    year-on-year test took 0 as "no own effective base" and tested the row on n / deff of the whole year (30% of
    122 / 1,5 = 81 respondents) as if they counted."""
    import pandas as pd

    from wlzmonitor.compute.intervals import N_EFFECTIVE
    from wlzmonitor.compute.trends import year_on_year
    from wlzmonitor.spec.config import StatisticsSettings
    from wlzmonitor.spec.layout import TableSpec

    spec = TableSpec("vraag", "Tabel 3", "x", "vraag", "single", (1, 2), (2025, 2026))
    table = pd.DataFrame([("Ja", "2025", 60.0, 112, 1, 2025, 80.0), ("Ja", "2026", 30.0, 122, 1, 2026, 0.0),
                          ("Nee", "2025", 40.0, 112, 2, 2025, 80.0), ("Nee", "2026", 70.0, 122, 2, 2026, 0.0)],
                         columns=["row", "column", "value", "n", "row_code", "column_code", N_EFFECTIVE])
    for method in ("score", "fisher"):
        out = year_on_year(spec, table, 2026, {}, settings=StatisticsSettings(change_test=method),
                           design_effects={2025: 1.4, 2026: 1.5})
        assert out["p_value"].isna().all(), (method, out["p_value"].tolist())
        assert out["x_current"].tolist() == [0.0, 0.0]  # what untested_reason reads as "no one counts"


def test_an_untested_weighted_row_says_why():
    """The rows h119 leaves untested (no respondent counts after weighting; Fisher's effective base rounding to no
    respondent) were said to have "geen steekproefonzekerheid, bijvoorbeeld als alle leden antwoordden": the census
    reason of the finite-population correction, which Fisher's test never has."""
    import pandas as pd

    from wlzmonitor.compute.trends import TEST_NAMES, change_test
    from wlzmonitor.present.table_html import untested_reason

    base = {"table_key": "t", "row": "Ja", "row_code": 1, "previous": "2025", "current": "2026", "p_previous": 50.0,
            "p_current": 50.0, "n_previous": 10.0, "n_current": 1.0, "p_value": math.nan}
    assert math.isnan(change_test(0.2, 0.4, 5.0, 10.0, method="fisher")[1])
    fisher = pd.DataFrame([base | {"x_previous": 5.0, "x_current": 0.2, "test": TEST_NAMES["fisher"]}])
    weighed_away = pd.DataFrame([base | {"x_previous": 5.0, "x_current": 0.0, "test": TEST_NAMES["score"]}])
    census = pd.DataFrame([base | {"x_previous": 5.0, "x_current": 0.5, "test": TEST_NAMES["score"]}])
    for rows in (fisher, weighed_away):
        assert untested_reason(rows) == "door de weging telt minder dan één respondent mee (effectieve basis)"
    assert "alle leden antwoordden" in untested_reason(census)
