"""Back-test: the demo data, through loader and table functions, reproduces the 2026 report."""

from __future__ import annotations

import pandas as pd
import pytest

from wlzmonitor.spec.layout import layout_for_year
from wlzmonitor.compute.reproduction import annotate, check, compare, load_known_discrepancies


@pytest.fixture(scope="module")
def comparison(computed_2026, published_2026):
    cells, tables = published_2026
    return compare(layout_for_year(2026), computed_2026, cells, tables)


def test_every_published_table_is_computed(computed_2026):
    layout = layout_for_year(2026)
    numbers = [t.number for t in layout.tables]
    assert numbers == [f"Tabel {i}" for i in range(1, 39)] + [f"Tabel B{i}" for i in range(1, 38)]
    assert set(computed_2026) == {t.key for t in layout.tables}
    assert all(len(t) for t in computed_2026.values())


def test_no_deviation_outside_the_known_discrepancies(comparison):
    assert check(comparison, load_known_discrepancies(2026)) == []


def test_at_least_95_percent_of_figures_equal_after_rounding(comparison):
    figures = comparison[comparison["measure"] != "n"]
    assert len(figures) > 750
    assert figures["equal"].mean() >= 0.95


def test_every_figure_within_tolerance_except_caption_bases(comparison):
    figures = comparison[~comparison["measure"].isin(["n", "count"])]
    assert figures["within_tolerance"].all(), figures[~figures["within_tolerance"]]


def test_known_discrepancies_all_carry_a_reason(comparison):
    known = load_known_discrepancies(2026)
    assert len(known) == 7
    annotated = annotate(comparison, known)
    assert (annotated["explanation"] != "").sum() == len(known)


@pytest.mark.parametrize(
    "table,expected_n",
    [("Tabel 1", 122), ("Tabel 2", 36), ("Tabel 4", 27), ("Tabel 5", 27), ("Tabel 9", 113),
     ("Tabel 12", 30), ("Tabel 13", 115), ("Tabel 14", 115), ("Tabel 21", 115), ("Tabel 22", 14),
     ("Tabel 23", 117), ("Tabel 24", 8), ("Tabel 25", 8), ("Tabel 35", 113), ("Tabel 36", 113),
     ("Tabel 37", 122), ("Tabel B20", 117), ("Tabel B22", 117), ("Tabel B12", 113)],
)
def test_routed_bases_as_published(comparison, table, expected_n):
    row = comparison[(comparison["table"] == table) & (comparison["measure"] == "n")]
    assert row["computed"].tolist() == [expected_n]


def test_burden_bases_vary_from_96_to_115(computed_2026):
    burden = computed_2026["geldstromen_belasting"]
    now = burden[burden["column_code"] == 2026]
    assert now["n"].min() == 96 and now["n"].max() == 115


def test_numeric_summaries(computed_2026):
    t2 = computed_2026["tariefpercentage_hoger_lager"].set_index(["row_code", "column_code"])["value"]
    assert t2[("tariefpercentage_hoger", "Aantal")] == 36
    assert round(t2[("tariefpercentage_hoger", "Gemiddeld")], 1) == 96.7
    assert t2[("tariefpercentage_hoger", "Minimum")] == pytest.approx(95.8)
    assert t2[("tariefpercentage_hoger", "Maximum")] == pytest.approx(98.0)
    assert t2[("tariefpercentage_lager", "Aantal")] == 0
    t12 = computed_2026["pgb_aantal"].set_index("column_code")["value"]
    assert (round(t12["Gemiddeld"]), t12["Minimum"], t12["Maximum"]) == (12, 1, 70)


def test_nps_counts_per_uitvoerder(survey_2026):
    data = survey_2026.responses
    category = pd.cut(data["nps"].astype(float), [-1, 6, 8, 10], labels=["critici", "neutralen", "fans"])
    counts = pd.crosstab(data["uitvoerder"], category)
    assert counts.loc[1].tolist() == [10, 20, 5]   # Zilveren Kruis
    assert counts.loc[2].tolist() == [1, 24, 5]    # CZ
    assert counts.loc[3].tolist() == [2, 19, 2]    # Menzis
    assert counts.loc[4].tolist() == [1, 15, 9]    # VGZ
    assert counts.loc[5].tolist() == [1, 6, 2]     # Overig


def test_group_sizes(survey_2026):
    data = survey_2026.responses
    assert data["omzetgroep"].value_counts().sort_index().tolist() == [25, 39, 58]
    assert data["uitvoerder"].value_counts().sort_index().tolist() == [35, 30, 23, 25, 9]
    assert data["zorgtype"].value_counts().sort_index().tolist() == [110, 5, 7]
