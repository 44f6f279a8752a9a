"""The report's statistical claims: intervals, row-order-free permutation p, representativeness,
raking, the publication audit and the checked comparison words in the prose (docs/statistics.md)."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.compute import tables as t
from wlzmonitor.compute.audit import (
    audit,
    caption_findings,
    nps_findings,
    prose_findings,
    significance_findings,
)
from wlzmonitor.compute.disclosure import apply_small_group_rule
from wlzmonitor.compute.intervals import nps_interval, t_interval, table_intervals, wilson, wilson_many
from wlzmonitor.compute.significance import all_tests
from wlzmonitor.compute.weighting import goodness_of_fit, kish, rake, representativeness
from wlzmonitor.present.figures_text import FigureError, KeyFigures
from wlzmonitor.present.table_files import tidy_csv_bytes
from wlzmonitor.present.table_html import interval_text, wide_table
from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.spec.config import ConfigError, StatisticsSettings, load_config
from wlzmonitor.spec.layout import TableSpec, layout_for_year
from wlzmonitor.spec.population import Population, load_population


# ---------------------------------------------------------------- intervals
def test_many_wilson_intervals_at_once_are_each_one_bit_for_bit():
    """One statsmodels call for a table's rows gives the same floats as one call per row, the edges
    (no base, 0 and n, a share a hair above n, a count below 0) included."""
    pairs = [(0, 112), (112, 112), (112 + 1e-12, 112), (-1e-12, 50), (50, 100), (1, 3), (97.6, 122.0),
             (13.0, 14.6), (0, 0), (3, -1), (math.nan, 10), (5, math.nan), (5, math.inf)]
    many = wilson_many([c for c, _ in pairs], [n for _, n in pairs], 0.9)
    for (count, n), (low, high) in zip(pairs, many):
        one = wilson(count, n, 0.9)
        assert (math.isnan(low) and math.isnan(one[0]) and math.isnan(high) and math.isnan(one[1])) or \
            (low, high) == one, (count, n)
    assert wilson_many([], []).shape == (0, 2)


def test_wilson_at_zero_and_at_n():
    assert wilson(0, 112) == (0.0, pytest.approx(3.316134706694389, rel=1e-12))
    low, high = wilson(112, 112)
    assert low == pytest.approx(96.68386529330562, rel=1e-12) and high == 100.0
    # hand: p = 0,5, n = 100, z = 1,959964: centre 0,5, half = z/(1+z²/n) * sqrt(p(1-p)/n + z²/4n²)
    z = 1.959963984540054
    half = z / (1 + z * z / 100) * math.sqrt(0.25 / 100 + z * z / 40000)
    assert wilson(50, 100) == pytest.approx((100 * (0.5 - half), 100 * (0.5 + half)), rel=1e-12)
    assert all(math.isnan(x) for x in wilson(0, 0))


def test_t_interval_and_nps_interval_by_hand():
    low, high = t_interval([1, 2, 3, 4, 5])  # mean 3, s = 1,5811, t(4; 0,975) = 2,776445
    half = 2.7764451051977987 * math.sqrt(2.5) / math.sqrt(5)
    assert (low, high) == pytest.approx((3 - half, 3 + half), rel=1e-12)
    low, high = nps_interval(20.0, 10.0, 100)  # var = (0,2 + 0,1 - 0,1²) / 100
    half = 100 * 1.959963984540054 * math.sqrt(0.29 / 100)
    assert (low, high) == pytest.approx((10 - half, 10 + half), rel=1e-12)
    # everyone a fan: the normal approximation has no spread there; no interval rather than (100, 100)
    assert all(math.isnan(x) for x in nps_interval(100.0, 0.0, 3))
    assert all(math.isnan(x) for x in nps_interval(0.0, 100.0, 10))
    assert nps_interval(95.0, 0.0, 20)[1] == 100.0  # clipped, never above +100


def test_a_mean_s_interval_stays_on_the_scale_and_needs_spread():
    assert all(math.isnan(x) for x in t_interval([5, 5, 5]))  # no spread: no interval, not (5, 5)
    assert all(math.isnan(x) for x in t_interval([4]))
    low, high = t_interval([4, 5])  # 4,5 +- 12,7 * 0,5: far beyond a 1-5 scale
    assert low < 1 and high > 5
    assert t_interval([4, 5], bounds=(1, 5)) == (1.0, 5.0)
    low, high = t_interval([1, 2, 3, 4, 5], bounds=(1, 5))
    assert 1 < low < 3 < high < 5  # inside the scale: unchanged
    assert t_interval([4, 5], bounds=(None, 5))[1] == 5.0 and t_interval([4, 5], bounds=(None, 5))[0] < 1


def test_table_intervals_leave_counts_empty_and_disclosure_blanks_them():
    spec = TableSpec("q__omzetgroep", "Tabel B9", "b", "q", "single", (1, 2), (1, 2, "Totaal"), by="omzetgroep")
    table = pd.DataFrame({"row": ["Ja"] * 3 + ["Nee"] * 3, "column": ["A", "B", "Totaal"] * 2,
                          "value": [50.0, 100 / 3, 40.0, 50.0, 200 / 3, 60.0], "n": [2.0, 3.0, 5.0] * 2,
                          "row_code": [1, 1, 1, 2, 2, 2], "column_code": [1, 2, "Totaal"] * 2})
    out = table_intervals(spec, table, {}, year=2026)
    assert out.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx(list(wilson(1, 2)))
    layout = type("L", (), {"tables": (spec,)})()
    disclosed, small = apply_small_group_rule(layout, {spec.key: out}, threshold=3, action="suppress")
    cells = disclosed[spec.key]
    assert small == {spec.key: [1]}
    assert cells.loc[cells["column_code"] == 1, ["value", "ci_low", "ci_high"]].isna().all().all()
    # the other group is hidden too (complementary: the total would give group 1 away), the total is not
    assert cells.loc[cells["column_code"] == 2, ["value", "ci_low"]].isna().all().all()
    assert cells.loc[cells["column_code"] == "Totaal", "ci_low"].notna().all()
    csv = tidy_csv_bytes(cells).decode().splitlines()
    assert csv[0] == "row,column,value,n,ci_low,ci_high,note"
    assert csv[1] == "Ja,A,,2,,,"  # suppressed: no value, no interval, base kept


def test_frequency_counts_get_no_interval():
    spec = TableSpec("verdeling", "Tabel B2", "b", "q", "frequency", (1, 2, "Totaal"), ("Aantal", "Percentage"))
    table = pd.DataFrame({"row": ["a", "a", "Totaal", "Totaal"], "column": ["Aantal", "Percentage"] * 2,
                          "value": [3.0, 30.0, 10.0, 100.0], "n": [10.0] * 4, "row_code": [1, 1, "Totaal", "Totaal"],
                          "column_code": ["Aantal", "Percentage"] * 2})
    out = table_intervals(spec, table, {}, year=2026)
    assert out["ci_low"].isna().tolist() == [True, False, True, True]


def test_interval_text_is_dutch():
    assert interval_text(30.4, 41.2, "percent") == "(95%-BI 30–41%)"
    assert interval_text(3.87, 4.231, "mean") == "(95%-BI 3,87–4,23)"
    assert interval_text(-3.2, 16.4, "nps") == "(95%-BI -3 tot +16)"  # the sign as the NPS cells print it
    assert interval_text(float("nan"), 1.0, "percent") == ""


# ---------------------------------------------------------------- permutation p from the table
def test_permutation_p_does_not_depend_on_row_order():
    observed = np.array([[30, 25, 20], [10, 12, 15], [2, 5, 3]])
    answers = np.repeat([1, 1, 1, 2, 2, 2, 3, 3, 3], observed.ravel())
    groups = np.repeat([1, 2, 3] * 3, observed.ravel())
    first = t.independence_test(pd.Series(answers, dtype=float), pd.Series(groups, dtype=float))
    for seed in (1, 2, 3):
        order = np.random.default_rng(seed).permutation(len(answers))
        shuffled = t.independence_test(pd.Series(answers[order], dtype=float), pd.Series(groups[order], dtype=float))
        assert shuffled["p_value_permutation"] == first["p_value_permutation"]  # byte for byte


def test_breakdown_flags_are_the_same_for_any_row_order(survey_2026):
    layout = layout_for_year(2026)
    kwargs = dict(alpha=0.05, resamples=2000, seed=2026)
    first = all_tests(layout, survey_2026, **kwargs)
    shuffled = dataclasses.replace(survey_2026, responses=survey_2026.responses.sample(frac=1.0, random_state=7))
    again = all_tests(layout, shuffled, **kwargs)
    assert {k: r.p_value for k, r in again.items()} == {k: r.p_value for k, r in first.items()}
    assert {k: r.significant for k, r in again.items()} == {k: r.significant for k, r in first.items()}


# ---------------------------------------------------------------- who answered, weighting
POPULATION = Population(100, {"g": {1: 60, 2: 40}, "h": {1: 50, 2: 50}}, assumption=True)


def _respondents() -> pd.DataFrame:
    g = [1] * 10 + [2] * 30
    h = [1] * 5 + [2] * 5 + [1] * 25 + [2] * 5
    return pd.DataFrame({"g": g, "h": h}, index=[f"R{i:02d}" for i in range(40)])


def test_raking_reproduces_the_population_margins():
    frame = _respondents()
    weights = rake(frame, POPULATION, ("g", "h"))
    assert weights.values.mean() == pytest.approx(1.0, rel=1e-12)
    for variable, counts in POPULATION.margins.items():
        shares = weights.values.groupby(frame[variable]).sum() / len(frame)
        assert shares.to_dict() == pytest.approx({c: n / 100 for c, n in counts.items()}, abs=1e-8)
    assert weights.iterations_converged
    assert (weights.n_effective, weights.design_effect) == pytest.approx(kish(weights.values.to_numpy()))
    shuffled = rake(frame.sample(frac=1.0, random_state=3), POPULATION, ("g", "h"))
    assert shuffled.values.reindex(frame.index).tolist() == weights.values.tolist()  # order-free


def test_kish_and_goodness_of_fit_by_hand():
    assert kish([1, 1, 2, 2]) == pytest.approx((36 / 10, 4 / 3.6))
    test, statistic, dof, p = goodness_of_fit([25, 39, 58], [150, 115, 95])
    assert (test, dof) == ("χ²-aanpassingstoets", 2)
    expected = 122 * np.array([150, 115, 95]) / 360
    assert statistic == pytest.approx(float(((np.array([25, 39, 58]) - expected) ** 2 / expected).sum()))
    assert p == pytest.approx(4.545793e-08, rel=1e-5)
    small = goodness_of_fit([3, 1, 0], [1, 1, 1], resamples=2000)
    assert small[0].startswith("exacte multinomiale toets") and small == goodness_of_fit([3, 1, 0], [1, 1, 1], resamples=2000)


def test_representativeness_rows_and_shipped_population(survey_2026):
    population = load_population(load_config().statistics.population_file)
    assert population.assumption and population.members == 360
    frame = representativeness(survey_2026.responses, survey_2026.codebook, population)
    total = frame[(frame["variable"] == "omzetgroep") & (frame["group_code"] == "Totaal")].iloc[0]
    assert (total["members"], total["respondents"]) == (360, 122)
    assert round(total["response_rate"]) == 34  # the report's response: 122 of 360
    from wlzmonitor.present.appendix import representativeness_html

    page = representativeness_html(frame, alpha=0.05, assumption=True, source="population.csv")
    # every header cell heads something: the corner names the groups of the rows
    assert '<caption>Respons naar omzetgroep</caption><thead><tr><th scope="col">Omzetgroep</th><th>Leden</th>' in page
    assert "<th></th>" not in page


def test_config_defaults_and_errors(tmp_path):
    settings = load_config().statistics
    assert (settings.multiple_testing, settings.change_test, settings.finite_population_correction,
            settings.show_intervals, settings.weighting) == ("holm", "score", False, False, False)
    assert load_config().weighted().statistics.weighting
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "report.yml").write_text("significance:\n  multiple_testing: bonferonni\n")
    with pytest.raises(ConfigError, match="multiple_testing"):
        load_config(tmp_path)
    assert StatisticsSettings().confidence == 0.95


# ---------------------------------------------------------------- publication audit
def _cells(rows):
    return pd.DataFrame(rows, columns=["table", "row_index", "row", "col_index", "column", "raw", "value", "unit",
                                       "value_pct"])


def test_audit_finds_each_class_on_a_small_case():
    trend = TableSpec("q", "Tabel 5", "c", "q", "single", (1, 2), (2025, 2026))
    computed = {"q": pd.DataFrame({"row": ["Ja", "Ja"], "column": ["2025", "2026"], "value": [40.0, 50.0],
                                   "n": [80.0, 60.0], "row_code": [1, 1], "column_code": [2025, 2026]})}
    meta = pd.DataFrame({"table": ["Tabel 5"], "title": ["t"], "caption": ["c"], "bases": ["2024=70;2026=50"],
                         "significance_note": [""]})
    layout = type("L", (), {"tables": (trend,), "year": 2026})()
    kinds = [(f["kind"], f["column"]) for f in caption_findings(layout, meta, computed)]
    assert kinds == [("bijschrift_jaar", "2024"), ("bijschrift_jaar", "2025"), ("bijschrift_basis", "2026")]

    nps = TableSpec("nps", "Tabel 37", "c", "nps", "nps", ("Critici", "Neutralen", "Fans", "NPS"), (2026,))
    cells = _cells([("Tabel 37", 0, "Critici", 0, "2026", "10%", 10, "percent", None),
                    ("Tabel 37", 1, "Neutralen", 0, "2026", "60%", 60, "percent", None),
                    ("Tabel 37", 2, "Fans", 0, "2026", "30%", 30, "percent", None),
                    ("Tabel 37", 3, "NPS", 0, "2026", "+25", 25, "nps", None)])
    found = nps_findings(type("L", (), {"tables": (nps,), "year": 2026})(), cells)
    assert [(f["published"], f["computed"]) for f in found] == [("+25", "+20")]  # 30 - 10, beyond rounding

    paragraph = ("Uit tabel 5 blijkt dat 40% ja zegt en 30% nee; samen 70%. Daarnaast noemt de tekst 12%, "
                 "een cijfer dat nergens in de tabel staat (2025: 33%).")
    cells = _cells([("Tabel 5", 0, "Ja", 0, "2026", "40%", 40, "percent", None),
                    ("Tabel 5", 1, "Nee", 0, "2026", "30%", 30, "percent", None)])
    assert [f["published"] for f in prose_findings(paragraph, cells)] == ["12%"]

    breakdown = TableSpec("q__omzetgroep", "Tabel B9", "b", "q", "single", (1, 2), (1, 2, "Totaal"), by="omzetgroep")
    layout = type("L", (), {"tables": (trend, breakdown), "year": 2026})()
    text = "Tabel 4 - vorige\nDe meeste organisaties zeggen ja.\nTabel 5 - deze\nTabel 6 - volgende\n"
    assert [f["table"] for f in significance_findings(text, layout, {"q__omzetgroep": True})] == ["Tabel B9"]
    mentioned = text.replace("zeggen ja.", "zeggen ja; grote organisaties (bijlage 2) vaker.")
    assert significance_findings(mentioned, layout, {"q__omzetgroep": True}) == []
    assert significance_findings(text, layout, {"q__omzetgroep": False}) == []


@pytest.fixture(scope="module")
def audit_2026(computed_2026, published_2026, survey_2026):
    cells, meta = published_2026
    text = (load_config().folder("sources") / "2026_rapport_wlz_zorgcontractering.txt").read_text(encoding="utf-8")
    significant = {k: k in {"tevredenheid_tarief__omzetgroep", "transitie_tevredenheid__omzetgroep"} for k in computed_2026}
    significant.update({spec.key: True for spec in layout_for_year(2026).tables
                        if spec.number in {"Tabel B7", "Tabel B12", "Tabel B19", "Tabel B27", "Tabel B35"}})
    return audit(layout_for_year(2026), codebook_for_year(2026), computed_2026, cells, meta, significant, text)


def test_audit_of_the_2026_report_finds_every_class(audit_2026):
    found = {(r.table, r.kind, r.column, r.published, r.computed) for r in audit_2026.itertuples()}
    assert ("Tabel 38", "bijschrift_basis", "", "112", "122") in found  # the 2025 base under 2026's table
    assert ("Tabel 19", "bijschrift_basis", "", "122", "117") in found  # Vraag 31 is routed
    assert ("Tabel 38", "nps", "Zilveren Kruis", "−15", "−14") in found  # rounded shares subtracted
    assert ("Tabel 38", "nps", "CZ", "+14", "+13") in found
    assert ("Tabel 10", "bijschrift_jaar", "", "2025", "2026") in found  # caption says 2025, Vraag 17 2026
    assert ("Tabel 9", "bijschrift_jaar", "2024", "", "2024") in found
    assert {r.published for r in audit_2026.itertuples() if r.table == "Tabel B37" and r.kind == "tekstverwijzing"} \
        == {"10%", "5%", "45%"}  # the paragraph on MPT voorliggend names tabel B37 (herschikking thuis)
    assert ("Tabel B19", "tekstverwijzing", "", "8%", "") in found  # B19 prints 7%
    assert ("Tabel B27", "significantie_tekst", "", "niet genoemd", "significant") in found
    assert ("Tabel 17", "formulering", "", "VPT gespikkeld", "VPT gesprekkeld") in found
    assert set(audit_2026["kind"]) == {"bijschrift_jaar", "bijschrift_basis", "nps", "tekstverwijzing",
                                       "significantie_tekst", "formulering", "onmogelijk_aandeel"}
    # review: two of the report's known contradictions were found by no rule
    assert ("Tabel 24", "onmogelijk_aandeel", "2025", "37%", "n=8") in found
    assert ("Tabel 38", "onmogelijk_aandeel", "Menzis", "82%", "83%") in found
    assert len(audit_2026[audit_2026["kind"] == "onmogelijk_aandeel"]) == 2


# ---------------------------------------------------------------- prose that says what the table shows
SPEC = TableSpec("vorm", "Tabel 17", "c", "vorm", "multi", (1, 2, 3), (2025, 2026))
TABLE = pd.DataFrame({"row": ["Met behandeling", "Zonder behandeling", "MPT"] * 2,
                      "column": ["2025"] * 3 + ["2026"] * 3, "value": [36.0, 9.0, 40.0, 90.2, 79.5, 91.0],
                      "n": [112.0] * 3 + [122.0] * 3, "row_code": [1, 2, 3] * 2, "column_code": [2025] * 3 + [2026] * 3})
FIGURES = KeyFigures(2026, {"vorm": SPEC}, {"vorm": TABLE.sort_values(["row_code", "column_code"])})


def test_comparison_words_need_a_checked_placeholder():
    with pytest.raises(FigureError, match="het vaakst"):
        FIGURES.fill("Afspraken zijn het vaakst gemaakt zonder behandeling ({vorm:2}).")
    with pytest.raises(FigureError, match="not the largest"):
        FIGURES.fill("Afspraken zijn het vaakst gemaakt zonder behandeling ({vorm:2!max}).")
    assert FIGURES.fill("Het vaakst genoemd: {vorm:max}.") == "Het vaakst genoemd: MPT (91%)."
    assert FIGURES.fill("Het vaakst: MPT ({vorm:3!max}).") == "Het vaakst: MPT (91%)."
    with pytest.raises(FigureError, match="hoger dan"):
        FIGURES.fill("Met behandeling ({vorm:1}) is hoger dan in 2025.")
    assert FIGURES.fill("Met behandeling ({vorm:1!gt:1@2025}) is hoger dan in 2025.") == \
        "Met behandeling (90%) is hoger dan in 2025."
    with pytest.raises(FigureError, match="not below"):
        FIGURES.fill("Zonder ({vorm:2!lt:2@2025}) wordt minder vaak genoemd.")


def test_a_sum_beside_its_rounded_parts_gets_a_footnote():
    # shares of one single-choice question (a sum over a multiple-response table is refused)
    single = dataclasses.replace(SPEC, kind="single")
    FIGURES = KeyFigures(2026, {"vorm": single}, {"vorm": TABLE.sort_values(["row_code", "column_code"])})
    text, notes = FIGURES.fill_notes("Samen {vorm:1+2}.")  # 90,2 + 79,5 = 169,7 -> 170; parts 90 + 80 = 170
    assert notes == [] and text == "Samen 170%."
    text, notes = FIGURES.fill_notes("Samen {vorm:2+3}.")  # 79,5 + 91,0 = 170,5 -> 171; parts 80 + 91 = 171
    assert notes == []
    figures = KeyFigures(2026, {"vorm": single}, {"vorm": TABLE.assign(value=[0, 0, 0, 19.4, 1.5, 0.0])})
    text, notes = figures.fill_notes("Uitbreiding {vorm:1+2}.")  # 19,4 + 1,5 = 20,9 -> 21; parts 19 + 2 = 21
    assert notes == []
    figures = KeyFigures(2026, {"vorm": single}, {"vorm": TABLE.assign(value=[0, 0, 0, 18.4, 1.5, 0.0])})
    text, notes = figures.fill_notes("Uitbreiding {vorm:1+2}.")  # 18,4 + 1,5 = 19,9 -> 20; parts 18 + 2 = 20
    assert notes == []
    figures = KeyFigures(2026, {"vorm": single}, {"vorm": TABLE.assign(value=[0, 0, 0, 18.6, 1.6, 0.0])})
    text, notes = figures.fill_notes("Uitbreiding {vorm:1+2}.")  # 18,6 + 1,6 = 20,2 -> 20; parts 19 + 2 = 21
    assert text == "Uitbreiding 20%¹."
    assert notes == ["¹ 20% is berekend uit de onafgeronde percentages; de afgeronde delen in de tabel "
                     "(19% + 2%) tellen op tot 21%."]


def test_intervals_shown_only_when_switched_on():
    table = table_intervals(SPEC, TABLE, {}, year=2026)
    codebook = type("C", (), {"__contains__": lambda self, key: False})()
    plain = wide_table(SPEC, table, codebook, small_base=20)
    shown = wide_table(SPEC, table, codebook, small_base=20, intervals=True)
    assert plain.iloc[0, 1] == "90%"
    low, high = wilson(90.2 * 122 / 100, 122)  # 83,8–94,3
    assert (round(low), round(high)) == (84, 94)
    assert shown.iloc[0, 1].startswith("90%<br><span class=\"bi\"") and "(95%-BI 84–94%)" in shown.iloc[0, 1]


@pytest.mark.parametrize("confidence, label", [(0.9, "90%-BI"), (0.995, "99,5%-BI"), (0.975, "97,5%-BI"),
                                               (0.999, "99,9%-BI")])
def test_an_interval_is_labelled_at_the_level_it_was_computed_at(confidence, label, tmp_path):
    """`significance: confidence: 0.9` computed 90% intervals that every table, the workbook and the
    methods text called '95%-BI'. The level printed is the level computed, never rounded to another."""
    import openpyxl

    from wlzmonitor.present.appendix import _interval_methods
    from wlzmonitor.present.workbook import _data_sheet

    table = table_intervals(SPEC, TABLE, {}, year=2026, confidence=confidence)
    codebook = type("C", (), {"__contains__": lambda self, key: False})()
    shown = wide_table(SPEC, table, codebook, small_base=20, intervals=True, confidence=confidence)
    low, high = wilson(90.2 * 122 / 100, 122, confidence)
    assert f"({label} {round(low)}–{round(high)}%)" in shown.iloc[0, 1]
    assert "95%-BI" not in shown.iloc[0, 1]
    wb = openpyxl.Workbook()
    layout = type("L", (), {"tables": [SPEC]})()
    _data_sheet(wb, layout, {SPEC.key: table}, confidence)
    headers = [c.value for c in wb["Data"][1]]
    assert headers[6:8] == [f"{label} onder", f"{label} boven"]
    settings = dataclasses.replace(StatisticsSettings(), confidence=confidence)
    methods = _interval_methods(settings, True)
    level = label.removesuffix("-BI")
    assert f"{level}-betrouwbaarheidsintervallen" in methods and f"({label} 30–41%)" in methods
    assert "95%" not in methods


def test_a_weighted_run_writes_beside_the_unweighted_report():
    from wlzmonitor.spec.config import load_config, weighted_config

    config, weighted = load_config(), weighted_config()
    assert not config.statistics.weighting and weighted.statistics.weighting
    assert weighted.output_for(2026) == config.output_dir / "gewogen" / "2026"
    assert weighted.years == config.years and weighted.chapters == config.chapters


def test_a_weighted_result_says_so_on_every_page_and_the_index(result_2026, tmp_path):
    import dataclasses

    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.spec.config import load_config

    config = load_config()
    assert result_2026.possible_weights is not None and not result_2026.weights  # computed in the data stage
    plain = Chapter("01_tarieven", "1 Tarieven", 2026, result_2026, config, tmp_path)
    weighted = Chapter("01_tarieven", "1 Tarieven", 2026,
                       dataclasses.replace(result_2026, weights={2026: result_2026.possible_weights}), config, tmp_path)
    assert "Gewogen uitkomsten" not in plain.header_html()
    assert "Gewogen uitkomsten" in weighted.header_html()
    # the report title in the header of every page (printed with the page too) and the index's title said
    # 'Monitor Wlz-zorgcontractering 2026' in the weighted report, as in the published one
    title = '<p class="rapporttitel"><a href="index.html">Monitor Wlz-zorgcontractering 2026{}</a></p>'
    assert title.format(" (gewogen)") in weighted.header_html() and title.format("") in plain.header_html()
    from wlzmonitor.run.index_page import index_body

    manifest = {"chapters": {stem: {"status": "missing"} for stem in config.chapters}}
    weighted_index = index_body(tmp_path, config, 2026, manifest, weighted.result)
    assert title.format(" (gewogen)") in weighted_index and "<h1>Monitor Wlz-zorgcontractering 2026 (gewogen)</h1>" in weighted_index
    plain_index = index_body(tmp_path, config, 2026, manifest, result_2026)
    assert title.format("") in plain_index and "<h1>Monitor Wlz-zorgcontractering 2026</h1>" in plain_index


@pytest.mark.slow
def test_a_weighted_report_says_so_with_its_own_margins_in_the_index_pdf_and_workbook(result_2026, tmp_path):
    """The index named 'omzetgroep en Wlz-uitvoerder' whatever `weighting: margins` was; the PDF's title
    page and the workbook did not say that the figures are weighted at all."""
    import openpyxl

    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.run.data_outputs import write_data_outputs
    from wlzmonitor.run.index_page import index_body
    from wlzmonitor.run.pdf import report_parts
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.paths import workbook_name

    config = load_config()
    own = dataclasses.replace(result_2026.possible_weights, margins=("omzetgroep",))
    weighted = dataclasses.replace(result_2026, weights={2026: own})
    manifest = {"chapters": {stem: {"status": "missing"} for stem in config.chapters}}
    said = "gewogen naar de ledenpopulatie per omzetgroep;"
    assert said in index_body(tmp_path, config, 2026, manifest, weighted)
    assert "Gewogen" not in index_body(tmp_path, config, 2026, manifest, result_2026)
    assert "per omzetgroep (zie Bijlage 1)" in Chapter("01_tarieven", "1 Tarieven", 2026, weighted, config,
                                                      tmp_path).header_html()
    stats = dataclasses.replace(config.statistics, weighting=True, weighting_margins=("omzetgroep", "regio", "uitvoerder"))
    weighted_parts = report_parts(tmp_path, dataclasses.replace(config, statistics=stats), 2026, manifest,
                                  respondents=122)
    assert "<title>Monitor Wlz-zorgcontractering 2026 (gewogen)</title>" in weighted_parts.head
    assert "Monitor Wlz-zorgcontractering 2026 (gewogen)" in weighted_parts.document("")  # the footer of every page
    title = weighted_parts.title_page
    assert "gewogen naar de ledenpopulatie per omzetgroep, regio en Wlz-uitvoerder;" in title
    assert "ewogen" not in report_parts(tmp_path, config, 2026, manifest, respondents=122).title_page
    write_data_outputs(weighted, tmp_path / "w", config)
    write_data_outputs(result_2026, tmp_path / "u", config)
    book = openpyxl.load_workbook(tmp_path / "w" / workbook_name(2026))
    sheet = book["Inhoud"]
    assert said in sheet["A1"].value and sheet["A2"].value == "Tabel" and sheet.freeze_panes == "A3"
    assert said in book["Tabel 1"]["A2"].value  # every table sheet, so a sheet copied alone says so
    data = book["Data"]
    assert data.cell(1, data.max_column).value == "gewogen"
    marks = {str(row[3]): row[-1] for row in data.iter_rows(min_row=2, max_row=20, values_only=True)}
    assert marks["2026"] == "ja" and marks["2025"] == "nee"  # only 2026 has weights here (review h159)
    plain = openpyxl.load_workbook(tmp_path / "u" / workbook_name(2026))["Data"]
    assert plain.cell(1, plain.max_column).value == "opmerking"
    # the tidy CSVs say it on every row too (a file copied out of outputs/gewogen/ still says so)
    w_lines = (tmp_path / "w" / "tables" / "maatwerk.csv").read_text(encoding="utf-8").splitlines()
    u_lines = (tmp_path / "u" / "tables" / "maatwerk.csv").read_text(encoding="utf-8").splitlines()
    assert w_lines[0] == "row,column,value,n,ci_low,ci_high,note,gewogen"
    assert u_lines[0] == "row,column,value,n,ci_low,ci_high,note"
    # only 2026 has weights here: the 2024 and 2025 columns say they are not weighted (review h159)
    assert len(w_lines) == len(u_lines) > 2 and all(line.endswith(",ja" if ",2026," in line else ",nee")
                                                    for line in w_lines[1:])
    assert "χ²-toets" in " ".join(str(c.value) for c in sheet["C"] if c.value)  # the test in words
    sheet = openpyxl.load_workbook(tmp_path / "u" / workbook_name(2026))["Inhoud"]
    assert sheet["A1"].value == "Tabel" and sheet.freeze_panes == "A2"


def test_a_weighted_page_names_the_unweighted_published_years_and_the_methods_every_weighted_year(
        result_2026, tmp_path):
    """Weighted 2024-2026 stand beside the published, unweighted 2021-2023 of the long series: the
    page says which years are unweighted; the methods page gives every weighted year's design effect."""
    import dataclasses

    from wlzmonitor.present.appendix import _weighting_methods
    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.spec.config import load_config

    own = result_2026.possible_weights
    earlier = dataclasses.replace(own, n=112, design_effect=1.68)
    weights = {2024: dataclasses.replace(own, n=107, design_effect=1.61), 2025: earlier, 2026: own}
    page = Chapter("01_tarieven", "1 Tarieven", 2026, dataclasses.replace(result_2026, weights=weights),
                   load_config(), tmp_path).header_html()
    assert "De cijfers van 2021, 2022 en 2023 komen uit eerdere rapporten" in page and "zijn ongewogen" in page
    methods = _weighting_methods(None, weights, 2026)
    assert "2024 (107 respondenten, design effect 1,61), 2025 (112 respondenten, design effect 1,68)" in methods
    assert "2026 (" not in methods.split("eerdere jaren")[-1]
    assert "eerdere jaren" not in _weighting_methods(None, {2026: own}, 2026)


def test_the_methods_page_gives_the_range_of_the_weights_and_cautions_above_five(result_2026):
    """Raking does not trim: a group with few respondents gets large weights. The methods page gave only the
    design effect; now the smallest and largest weight, and a caution when one respondent counts as more than 5."""
    import dataclasses

    from wlzmonitor.present.appendix import _weighting_methods

    own = result_2026.possible_weights
    values = own.values.to_numpy()
    methods = _weighting_methods(None, {2026: own}, 2026)
    shown = f"De gewichten liggen tussen {values.min():.2f} en {values.max():.2f} (gemiddeld 1).".replace(".", ",", 2)
    assert shown in methods and values.max() <= 5 and "Let op" not in methods
    heavy = own.values.copy()
    heavy.iloc[0], heavy.iloc[1:] = 6.25, (len(heavy) - 6.25) / (len(heavy) - 1)  # mean 1, one respondent at 6.25
    extreme = _weighting_methods(None, {2026: dataclasses.replace(own, values=heavy)}, 2026)
    assert "tussen 0,96 en 6,25 (gemiddeld 1). <strong>Let op:</strong> het grootste gewicht is meer dan 5: een " \
           "respondent telt mee als 6,25 respondenten" in extreme
    at_bound = heavy.copy()
    at_bound.iloc[0], at_bound.iloc[1:] = 5.0, (len(heavy) - 5.0) / (len(heavy) - 1)
    assert "Let op" not in _weighting_methods(None, {2026: dataclasses.replace(own, values=at_bound)}, 2026)


def test_order_claims_hold_as_printed_and_name_every_tie():
    """Review: "gestegen naar {x:1!gt:2@2025}" passed for a fall, "nam toe tot 21% (2025: 21%)" passed,
    and {key:min} named one of two equal rows."""
    tied = TABLE.copy()
    tied.loc[(tied["row_code"] == 3) & (tied["column_code"] == 2026), "value"] = 90.2  # = row 1 as printed
    figures = KeyFigures(2026, {"vorm": SPEC}, {"vorm": tied})
    assert figures.fill("Het vaakst: {vorm:max}.") == "Het vaakst: met behandeling en MPT (elk 90%)."
    with pytest.raises(FigureError, match="is not the only largest in 'vorm': 3 prints the same"):
        figures.fill("Het vaakst: {vorm:1!max}.")
    equal = TABLE.copy()
    equal.loc[(equal["row_code"] == 2) & (equal["column_code"] == 2025), "value"] = 79.6  # 80% as printed
    with pytest.raises(FigureError, match=r"80% is not above 2@2025 \(80%\) as printed"):
        KeyFigures(2026, {"vorm": SPEC}, {"vorm": equal}).fill("Nam toe tot {vorm:2!gt:2@2025}.")


@pytest.mark.parametrize(("sentence", "error"), [
    ("Vrijwel alle organisaties: {vorm:3!vrijwel-alle}.", None),           # 91%
    ("Vrijwel alle organisaties: {vorm:2!vrijwel-alle}.", "80% is not what the sentence's word says"),
    ("Vrijwel alle organisaties: {vorm:3}.", "says 'vrijwel alle' but no placeholder backs it"),
    ("Bijna alle organisaties ({vorm:1!vrijwel-alle}).", None),            # 90,2% prints 90%
    ("De meerderheid ({vorm:2!meerderheid}) kiest zonder behandeling.", None),
    ("Meer dan de helft: {vorm:1@2025!meerderheid}.", "36% is not what"),
    ("Minder dan de helft ({vorm:1@2025!minderheid}).", None),
    ("Een minderheid ({vorm:3!minderheid}).", "91% is not what"),
    ("Ongeveer de helft ({vorm:2@2025!helft}).", "9% is not what"),
    ("Bijna niemand ({vorm:2@2025!vrijwel-niemand}).", None),
    ("Vrijwel niemand: {vorm:2@2025}.", "says 'vrijwel niemand'"),
    ("De meerderheidsregel geldt niet; {vorm:3}.", None),                  # no quantifier word
    ("De helft van de organisaties ({vorm:3}) is tevreden.", "says 'de helft'"),
    ("Bijna de helft ({vorm:3!bijna-de-helft}).", "91% is not what"),
    ("Het overgrote deel ({vorm:3!overgrote-deel}).", None),
    ("Vrijwel alle ({vorm:3!vrijwel-alle}) en een minderheid ({vorm:2@2025}).", "says 'minderheid'"),
    ("Vrijwel alle ({vorm:3!vrijwel-alle}) en een minderheid ({vorm:2@2025!minderheid}).", None),
    ("Organisaties die minder dan de helft van hun omzet uit de Wlz halen: {vorm:3}.", None),  # a group
    ("Een cel wordt niet getoond als minder dan de helft antwoordde.", None),   # a rule, no figure
    ("Dit is een derde meting: {vorm:3}.", None),                         # a fraction of no organisations
    ("In de helft van het jaar was {vorm:3} tevreden.", None),
    ("Meer dan een kwart ({vorm:2@2025}).", "says 'meer dan een kwart'"),
    ("Meer dan een kwart ({vorm:1@2025!meer-dan-een-kwart}).", None),     # 36%
    ("Een ruime meerderheid ({vorm:1@2025!ruime-meerderheid}).", "36% is not what"),
    ("Een ruime meerderheid ({vorm:1@2025!meerderheid}).", "says 'ruime meerderheid'"),
    ("Het merendeel ({vorm:3}).", "says 'merendeel'"),
    ("Een derde van alle organisaties ({vorm:1@2025!een-derde}).", None),  # 36%: 28–38
    # "N op de D" (a later review: "Twee op de drie organisaties ({x:1})" passed beside any figure)
    ("Negen op de tien organisaties ({vorm:3!negen-op-de-tien}).", None),  # 91%: 85–95
    ("Twee op de drie organisaties ({vorm:3}).", "says 'twee op de drie'"),
    ("Twee op de drie organisaties ({vorm:3!twee-op-de-drie}).", "91% is not what"),
    ("Een op de drie ({vorm:1@2025!een-op-de-drie}).", None),              # 36%: 28–38
    ("Ruim één op de tien ({vorm:2@2025!ruim-een-op-de-tien}).", "9% is not what"),
    ("Bijna een op de tien ({vorm:2@2025!bijna-een-op-de-tien}).", None),  # 9%: 0–9
    ("Zo goed als alle organisaties ({vorm:3}).", "says 'zo goed als alle'"),
    ("Een op de drie keer was {vorm:3} tevreden.", None),                  # a fraction of no organisations
    # a later review: "iedereen" and "niemand" on their own (all and none, as printed)
    ("Iedereen ({vorm:3}) koos dit.", "says 'iedereen'"),
    ("Iedereen ({vorm:3!iedereen}) koos dit.", "91% is not what"),
    ("Niemand koos dit ({vorm:2@2025!niemand}).", "9% is not what"),
    ("Geen enkele organisatie ({vorm:2@2025}) koos dit.", "says 'geen enkele organisatie'"),
])
def test_words_of_size_need_a_checked_figure(sentence, error):
    """Review: 'Vrijwel alle organisaties … : 50%' passed (only superlatives, comparatives and change
    words were checked)."""
    if error is None:
        FIGURES.fill(sentence)
    else:
        with pytest.raises(FigureError, match=re.escape(error)):
            FIGURES.fill(sentence)


def test_a_sum_of_rows_in_a_trend_list_is_footnoted_per_year():
    """Review: '{key:1+2@trend}' printed 'samen 85% (2024: 84%, 2023: 85%)' above a table whose
    2023 cells are 75% + 9%: the earlier years' sums were never footnoted."""
    spec = dataclasses.replace(SPEC, kind="single")
    table = TABLE.assign(value=[36.4, 9.4, 54.2, 40.0, 30.0, 30.0])  # 2025: 36 + 9 printed, 45,8 -> 46
    figures = KeyFigures(2026, {"vorm": spec}, {"vorm": table})
    text, notes = figures.fill_notes("Samen {vorm:1+2} ({vorm:1+2@trend}).")
    assert text == "Samen 70% (2025: 46%¹)."
    assert notes == ["¹ 46% in 2025 is berekend uit de onafgeronde percentages; de afgeronde delen in de tabel "
                     "(36% + 9%) tellen op tot 45%."]
    text, notes = figures.fill_notes("Samen ({vorm:2+3@trend}).")  # 9 + 54 = 63,6 -> 64 against 63: noted
    assert text == "Samen (2025: 64%¹)." and "(9% + 54%) tellen op tot 63%" in notes[0]
    text, notes = figures.fill_notes("Samen ({vorm:1+3@trend}).")  # 36,4 + 54,2 = 90,6 -> 91 against 90
    assert text == "Samen (2025: 91%¹)."


def test_raking_with_one_margin_and_one_that_cannot_be_reached():
    """One margin crashed (a plain index reindexed by a MultiIndex); weights that do not reach the
    members' shares were used without a word (review)."""
    from wlzmonitor.compute.weighting import WeightingError

    frame = _respondents()
    one = rake(frame, POPULATION, ("g",))
    shares = one.values.groupby(frame["g"]).sum() / len(frame)
    assert shares.to_dict() == pytest.approx({1: 0.6, 2: 0.4}, abs=1e-8)
    # g 1 only with h 1 and g 2 only with h 2: 60/40 and 50/50 at once cannot be reached
    tied = pd.DataFrame({"g": [1] * 30 + [2] * 30, "h": [1] * 30 + [2] * 30})
    with pytest.raises(WeightingError, match="raking did not reach the members' shares of"):
        rake(tied, POPULATION, ("g", "h"))


def test_goodness_of_fit_leaves_out_a_group_without_members():
    """A group with 0 members gave expected 0, a NaN statistic and p = 1e-5 ('significant', review)."""
    from wlzmonitor.compute.weighting import WeightingError

    with_empty = goodness_of_fit([35, 30, 23, 25, 9, 0], [105, 85, 60, 80, 30, 0])
    without = goodness_of_fit([35, 30, 23, 25, 9], [105, 85, 60, 80, 30])
    assert with_empty == without and without[2] == 4 and without[3] > 0.9
    with pytest.raises(WeightingError, match="respondents in a group without members"):
        goodness_of_fit([35, 30, 1], [105, 85, 0])
    test, statistic, dof, p = goodness_of_fit([40], [100])
    assert dof == 0 and np.isnan(statistic) and np.isnan(p)


def test_a_share_the_base_cannot_give_is_an_audit_finding():
    from wlzmonitor.compute.audit import share_findings

    spec = TableSpec("t", "Tabel 9", "c", "t", "single", (1, 2), (2025, 2026))
    layout = type("L", (), {"tables": [spec]})()
    cells = pd.DataFrame({"table": "Tabel 9", "row": ["Ja", "Nee", "Ja", "Nee"], "column": ["2025", "2025", "2026", "2026"],
                          "value": ["63", "37", "50", "50"], "unit": "percent", "value_pct": ""})
    meta = pd.DataFrame({"table": ["Tabel 9"], "bases": ["2025=8;2026=122"]})
    found = share_findings(layout, cells, meta)
    assert [(f["column"], f["row"], f["published"]) for f in found] == [("2025", "Nee", "37%")]  # 3/8 = 38%, 5/8 = 63%
    counts = pd.DataFrame({"table": "Tabel 9", "row": ["Critici", "Neutralen", "Fans"], "column": "Menzis",
                           "value": ["2", "19", "2"], "unit": "count", "value_pct": ["9", "82", "9"]})
    found = share_findings(layout, counts, pd.DataFrame({"table": ["Tabel 9"], "bases": ["*=112"]}))
    assert [(f["row"], f["published"], f["computed"]) for f in found] == [("Neutralen", "82%", "83%")]


@pytest.mark.slow  # computes the weighted 2026 result
def test_a_weighted_reproduction_explains_nothing_by_the_unweighted_counts():
    """Review: the weighted Bijlage 5 called 7 deviations 'verklaard' by reasons about unweighted
    counts (Tabel 18: '87/26/9 …') while the weighted figure was 14%."""
    from wlzmonitor.compute.year_result import load_year_result
    from wlzmonitor.spec.config import weighted_config

    result = load_year_result(2026, weighted_config())
    repro = result.reproduction
    assert set(repro.loc[repro["measure"] != "n", "explanation"]) == {""}
    explained = repro[repro["explanation"] != ""]
    assert len(explained) >= 2 and set(explained["measure"]) == {"n"}  # bases are respondents, weighted too


def test_the_methods_page_computes_its_finite_population_figure_and_counts_only_tested_breakdowns():
    """Review of the statistics: 'bij een respons van ruim een derde ongeveer 19% kleiner' was typed (wrong
    for 2025: 31%, 17%); breakdowns without a p-value ('Geen toets mogelijk') were counted as tested."""
    from wlzmonitor.compute.significance import TestResult
    from wlzmonitor.present.appendix import _breakdown_methods, _fpc_effect

    assert _fpc_effect(112, 360) == ("maakt de standaardfout bij de respons van dit jaar (112 van 360 benaderde "
                                     "leden, 31%) ongeveer 17% kleiner")
    assert _fpc_effect(122, 360).endswith("(122 van 360 benaderde leden, 34%) ongeveer 19% kleiner")
    assert _fpc_effect(122, None) == "maakt de standaardfout kleiner naarmate een groter deel van de leden heeft geantwoord"
    tests = {"a": TestResult("chi2", 0.01, True, 6.0), "b": TestResult("chi2-permutatie", 0.3, False, 2.0),
             "c": TestResult("chi2", float("nan"), False, float("nan"), untestable="one answer")}
    text = _breakdown_methods(alpha=0.05, resamples=20000, seed=2026, tests=tests, small_base=20)
    assert "Dat gold voor 1 van de 2 uitsplitsingen." in text
    assert "In totaal zijn 2 uitsplitsingen getoetst" in text and "2 × 0,05 = 0,1" in text
    assert "1 van de 2 uitsplitsingen tonen een statistisch significant verschil" in text


def test_the_methods_page_prints_the_expected_false_positives_exactly():
    """Review of the statistics: 'count × α = …' was rounded to one decimal, so the 2025 methods page (79
    year-on-year tests) said '79 × 0,05 = 4,0'; 79 breakdowns at α = 0,05 the same."""
    from wlzmonitor.compute.significance import TestResult
    from wlzmonitor.compute.trends import COLUMNS
    from wlzmonitor.present.appendix import _breakdown_methods, _change_methods

    tests = {str(i): TestResult("chi2", 0.5, False, 6.0) for i in range(79)}
    assert "79 × 0,05 = 3,95 uitsplitsingen met p &lt; 0,05" in _breakdown_methods(
        alpha=0.05, resamples=20000, seed=2026, tests=tests, small_base=20)
    assert "32 × 0,01 = 0,32 uitsplitsingen" in _breakdown_methods(
        alpha=0.01, resamples=20000, seed=2026, tests=dict(list(tests.items())[:32]), small_base=20)
    changes = pd.DataFrame([dict.fromkeys(COLUMNS)])
    changes = changes.assign(table_key="t", row="Ja", row_code=1, previous="2024", current="2025", p_value=0.5,
                             p_adjusted=1.0, significant=False, indicative=False, source_previous="data",
                             correction="Holm-correctie", tests_in_family=79, hypothesis="t:1")
    text = _change_methods(changes, StatisticsSettings(), alpha=0.05, population=360, respondents=112)
    assert "gemiddeld 79 × 0,05 = 3,95 veranderingen ten onrechte significant" in text
    assert "gemiddeld 78 × 0,05 = 3,9 veranderingen" in _change_methods(
        changes.assign(tests_in_family=78), StatisticsSettings(), alpha=0.05, population=360, respondents=122)


def test_raking_names_a_group_with_respondents_but_no_members():
    """Review of the statistics: a group with respondents but 0 (or no listed) members gave "raking did not
    reach … (a combination of groups without respondents?)" or a bare KeyError."""
    from wlzmonitor.compute.weighting import WeightingError

    frame = _respondents()
    zero = Population(100, {"g": {1: 100, 2: 0}, "h": {1: 50, 2: 50}}, source=Path("population.yml"))
    with pytest.raises(WeightingError, match=r"^population.yml: g: group 2 has 30 respondent\(s\) but 0 members in "
                                             r"the population file: correct the number of members$"):
        rake(frame, zero, ("g", "h"))
    unlisted = Population(100, {"g": {1: 100}, "h": {1: 50, 2: 50}}, source=Path("population.yml"))
    with pytest.raises(WeightingError, match=r"^population.yml: g: group 2 has respondents but is not in the "
                                             r"population file: list its members$"):
        rake(frame, unlisted, ("g", "h"))


def test_weighted_shares_of_everyone_give_no_zero_width_interval():
    """Review of the statistics: with raking weights "everyone a fan" adds up to 99.99999999999999% and
    equal answers have an sd of 1e-16, so the no-spread guards (exact zero) let a (100-100) NPS interval
    or a (5,00-5,00) mean interval through in a weighted run."""
    import numpy as np
    import pandas as pd

    from wlzmonitor.compute import tables as tf

    w = np.array([0.7437005, 2.1120357, 1.0])
    fans = tf.nps(pd.Series([10.0, 10.0, 10.0]), weights=w)
    assert all(math.isnan(x) for x in nps_interval(fans.value.iloc[2], fans.value.iloc[0], 3 / 1.3))
    assert all(math.isnan(x) for x in nps_interval(99.99999999999999, 0.0, 2.3))
    assert all(math.isnan(x) for x in nps_interval(0.0, 99.99999999999999, 2.3))
    assert all(math.isnan(x) for x in t_interval([5.0] * 6, weights=[1.682, 2.866, 0.689, 2.861, 1.142, 1.443],
                                                 n_effective=4.5, bounds=(1, 5)))
    low, high = nps_interval(99.0, 0.0, 100)  # one critic-free spread left: an interval
    assert low < 99 < high


def test_a_group_with_more_respondents_than_members_is_an_error(survey_2026):
    """Review of the statistics: a population file with 10 members in a group that 58 organisations answered
    for printed a response rate of 580% and weighted as if nothing were wrong."""
    from wlzmonitor.compute.weighting import WeightingError

    small = Population(100, {"g": {1: 60, 2: 20}, "h": {1: 50, 2: 50}}, source=Path("population.yml"))
    with pytest.raises(WeightingError, match=r"^population.yml: margins: g: group 2 has 30 respondents but 20 "
                                             r"members: a group cannot have more respondents than members"):
        rake(_respondents(), small, ("g", "h"))
    codebook = survey_2026.codebook
    groups = survey_2026.responses["omzetgroep"].value_counts().to_dict()
    big = max(groups, key=groups.get)
    margins = {"omzetgroep": {code: (groups[big] - 1 if code == big else 500) for code in groups}}
    wrong = Population(2000, margins, source=Path("population.yml"))
    with pytest.raises(WeightingError, match=rf"omzetgroep: group {big} \(.+\) has {groups[big]} respondents but "
                                             rf"{groups[big] - 1} members"):
        representativeness(survey_2026.responses, codebook, wrong)
    fits = Population(2000, {"omzetgroep": {code: groups[code] for code in groups}}, source=Path("population.yml"))
    assert (representativeness(survey_2026.responses, codebook, fits)["response_rate"] == 100.0).all()


def test_raking_that_stops_early_says_so_and_prints_nothing(capsys):
    """Review of the statistics: weightipy stopped after 4 iterations on margins it could not improve and
    printed its progress into the run's output; the error said "in 1000 iterations"."""
    from wlzmonitor.compute.weighting import WeightingError

    population = Population(100, {"g": {1: 60, 2: 40}, "h": {1: 50, 2: 50}}, source=Path("pop.yml"))
    frame = pd.DataFrame({"g": [1] * 30 + [2] * 30 + [1], "h": [1] * 30 + [2] * 30 + [2]})
    with pytest.raises(WeightingError, match=r"^pop.yml: raking did not reach the members' shares of g \(weightipy "
                                             r"stopped after \d+ iterations without improving"):
        rake(frame, population, ("g", "h"))
    assert capsys.readouterr().out == ""


def test_every_run_says_how_many_warnings_the_export_s_log_holds(survey_2026):
    """Newcomer review: an export still in last year's option codes gave a warning on every 'Anders'
    answer, in the data-quality log only; the run printed nothing and published wrong figures. The build
    checks (printed by every run) now say how many warnings and repairs the log holds."""
    import dataclasses as dc

    from wlzmonitor.compute.checks import _log_notice
    from wlzmonitor.inputs.quality_log import DataQualityLog

    severities = [f.severity for f in survey_2026.log]
    (line,) = _log_notice(survey_2026)
    assert line.startswith(f"the export's data-quality log has {severities.count('warning')} warning(s) and "
                           f"{severities.count('repaired')} repair(s): read them in data_quality_log.csv")
    quiet = dc.replace(survey_2026, log=DataQualityLog([f for f in survey_2026.log
                                                        if f.severity not in ("warning", "repaired")]))
    assert _log_notice(quiet) == []


def test_a_weighted_mean_s_interval_uses_the_linearised_standard_error():
    """Review of the statistics: the weighted mean's interval used Kish's s_w / sqrt(n_eff), which understates
    the standard error when the weights go with the answers (small organisations up-weighted answering at the
    scale's ends: 0.278 against 0.301 linearised and bootstrapped). The linearised (Taylor) SE is used."""
    import numpy as np
    from scipy import stats

    x = np.array([1.0] * 10 + [5.0] * 10 + [3.0] * 40)
    w = np.where((x == 1) | (x == 5), 3.0, 0.7)
    mean = float(np.average(x, weights=w))
    se = math.sqrt(len(x) / (len(x) - 1) * float(np.sum(w ** 2 * (x - mean) ** 2))) / float(np.sum(w))
    n_eff = float(w.sum() ** 2 / (w ** 2).sum())
    half = float(stats.t.ppf(0.975, df=n_eff - 1)) * se
    assert t_interval(x, weights=w, n_effective=n_eff) == pytest.approx((mean - half, mean + half), rel=1e-12)
    kish = math.sqrt(float(np.average((x - mean) ** 2, weights=w)) * 60 / 59) / math.sqrt(n_eff)
    assert se > kish * 1.05  # the understatement the review found
    # unweighted: unchanged (s / sqrt(n))
    assert t_interval([1, 2, 3, 4, 5]) == pytest.approx((3 - 2.7764451051977987 * math.sqrt(2.5 / 5),
                                                         3 + 2.7764451051977987 * math.sqrt(2.5 / 5)), rel=1e-12)


def test_the_finite_population_correction_refuses_more_respondents_than_members():
    """Review of the statistics: with the correction on, a base above the members approached (a wrong member
    count) silently left the variance uncorrected (the factor became 1). It is an error naming the table."""
    from types import SimpleNamespace

    from wlzmonitor.compute.trends import all_changes
    from wlzmonitor.spec.errors import InputError

    spec = TableSpec("v", "Tabel 3", "x", "v", "single", (1, 2), (2025, 2026))
    table = pd.DataFrame([("Ja", "2025", 50.0, 112, 1, 2025), ("Ja", "2026", 40.0, 122, 1, 2026),
                          ("Nee", "2025", 50.0, 112, 2, 2025), ("Nee", "2026", 60.0, 122, 2, 2026)],
                         columns=["row", "column", "value", "n", "row_code", "column_code"])
    settings = dataclasses.replace(StatisticsSettings(), finite_population_correction=True)
    layout = SimpleNamespace(tables=(spec,))
    with pytest.raises(InputError, match=r"Tabel 3 \(v\): 122 organisations answered in 2026, more than the 100 "
                                         r"members approached"):
        all_changes(layout, {"v": table}, 2026, 100, alpha=0.05, settings=settings)
    assert len(all_changes(layout, {"v": table}, 2026, 360, alpha=0.05, settings=settings)) == 2


@pytest.mark.parametrize("percent, n, possible", [(12, 8, True), (62, 8, True), (88, 8, True), (13, 8, True),
                                                  (87, 8, False), (37, 8, False), (50, 8, True), (1, 8, False)])
def test_an_impossible_share_is_impossible_under_either_rounding(percent, n, possible):
    """Review of the statistics: the audit called 12% and 62% of n=8 impossible, which half-to-even rounding
    (R, numpy, Python) prints for 1 and 5 of 8; only a share no rounding gives is reported (37% of 8; 87%: 7 of 8
    is 87.5, 88 either way)."""
    from wlzmonitor.compute.audit import _achievable

    assert _achievable(percent, n) is possible
