"""Review h161, "every number a reviewer reads": a figure printed that is no proper Dutch figure or that the data
cannot support. Counts of 1000 or more printed without the thousands point ("1000" for "1.000") in the tables,
the narrative, the captions, the methods pages and the workbook; a table with an infinite figure printed "inf" in
its cell; a ``{key:n}`` placeholder printed "n=0" (a base of nobody) and "n=0–36" where the table's caption says
"(n=36)". Each case fails on the code before."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest

from wlzmonitor.compute.report_tables import NonFiniteFigureError, compute_table
from wlzmonitor.compute.tables import format_mean, format_n, format_nps, format_percent, printed_number
from wlzmonitor.present.charts import make_chart
from wlzmonitor.present.explanations_html import count_word
from wlzmonitor.present.figures_text import FigureError, KeyFigures, format_value
from wlzmonitor.present.workbook import NUMBER_FORMATS
from wlzmonitor.spec.layout import TableSpec, layout_for_year

COLUMNS = ["row", "column", "value", "n", "row_code", "column_code"]
COUNTS = TableSpec(key="aantal", number="Tabel 1", chapter="x", question=None, kind="numeric",
                   rows=("hoger", "lager"), columns=("Aantal", "Gemiddeld"))
MEANS = TableSpec(key="belasting", number="Tabel 20", chapter="x", question="belasting", kind="scale_means",
                  rows=("a",), columns=(2025, 2026))
SHARES = TableSpec(key="verzoek", number="Tabel 9", chapter="x", question="verzoek", kind="single",
                   rows=(1, 2), columns=(2025, 2026))


# -- the thousands point: one formatter for every figure a reader sees ------------------------------
@pytest.mark.parametrize("printed, expected", [
    (lambda: format_n(1000), "n=1.000"),
    (lambda: format_n(999), "n=999"),
    (lambda: format_n(1234567), "n=1.234.567"),
    (lambda: format_mean(1234.567), "1.234,57"),
    (lambda: format_mean(-1234.5, 1), "-1.234,5"),
    (lambda: format_mean(999.995), "1.000,00"),
    (lambda: format_percent(1000), "1.000%"),
    (lambda: format_nps(1000), "+1.000"),
    (lambda: format_nps(-1000), "-1.000"),
    (lambda: format_value(12345.0, "count"), "12.345"),
    (lambda: format_value(1234.5, "number"), "1.234,5"),
    (lambda: format_value(1000.0, "number"), "1.000"),
    (lambda: format_value(1234.56, "percent_number"), "1.234,6%"),
    (lambda: count_word(1500, "toelichting"), "1.500 toelichtingen"),
])
def test_a_figure_of_a_thousand_or_more_has_a_thousands_point(printed, expected):
    """Before: "n=1000", "1234,57", "12345", "1500 toelichtingen"."""
    assert printed() == expected


@pytest.mark.parametrize("value, expected", [(-0.3, "0"), (-0.004, "0,00"), (2.5, "3"), (-2.5, "-3"), (0.125, "0,13")])
def test_rounding_stays_half_away_from_zero_without_a_negative_zero(value, expected):
    """The thousands point must not bring back Python's own rounding (banker's: 2,5 -> 2) or "-0"."""
    assert format_mean(value, 0 if expected.count(",") == 0 else 2) == expected


@pytest.mark.parametrize("text, value", [("1.234,5%", 1234.5), ("1.000", 1000.0), ("-0,5", -0.5), ("35%", 35.0)])
def test_a_printed_figure_reads_back(text, value):
    assert printed_number(text) == value


def test_a_ratio_check_reads_a_figure_with_a_thousands_point():
    """A !verdubbeling check compares the figures as printed; "1.250,00" must read as 1250, not fail to parse."""
    table = pd.DataFrame([("a", "2025", 600.0, 112, "a", 2025), ("a", "2026", 1250.0, 122, "a", 2026)],
                         columns=COLUMNS)
    figures = KeyFigures(2026, {"belasting": MEANS}, {"belasting": table})
    assert figures.fill("Het gemiddelde is {belasting:a!verdubbeling}.") == "Het gemiddelde is 1.250,00."


def test_a_count_and_a_base_in_the_narrative_have_a_thousands_point():
    table = pd.DataFrame([("hoger", "Aantal", 1250.0, 1250.0, "hoger", "Aantal"),
                          ("hoger", "Gemiddeld", 97.25, 1250.0, "hoger", "Gemiddeld")], columns=COLUMNS)
    figures = KeyFigures(2026, {"aantal": COUNTS}, {"aantal": table})
    assert figures.fill("{aantal:hoger@Aantal} organisaties ({aantal:n@Aantal}).") == "1.250 organisaties (n=1.250)."


def test_the_workbook_groups_thousands_in_counts_means_and_numbers():
    """Before: "0", "0.00", "0.0": Excel showed 1000 where the pages print 1.000."""
    assert {k: NUMBER_FORMATS[k] for k in ("count", "mean", "number", "percent_number")} == {
        "count": "#,##0", "mean": "#,##0.00", "number": "#,##0.0", "percent_number": "#,##0.0%"}


# -- an infinite figure: an error in compute, named by table, row and column --------------------------
@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_a_non_finite_figure_has_no_printed_form(value):
    """Before: "inf", "inf%", "-inf" in a table cell (format_value)."""
    with pytest.raises(ValueError, match="has no printed form"):
        format_value(value, "percent")
    with pytest.raises(ValueError, match="has no printed form"):
        format_mean(value)


def test_a_computed_table_with_an_infinite_mean_is_an_error_naming_table_row_and_column(survey_2026):
    """Two numeric answers of 1e308 add up to inf: before, Tabel 2's cell printed "inf"."""
    spec = next(s for s in layout_for_year(2026).tables if s.key == "tariefpercentage_hoger_lager")
    data = survey_2026.responses.copy()
    answered = data["tariefpercentage_hoger"].dropna().index[:2]
    data.loc[answered, "tariefpercentage_hoger"] = 1e308
    with pytest.raises(NonFiniteFigureError) as err:
        compute_table(spec, replace(survey_2026, responses=data))
    assert str(err.value) == (
        "Tabel 2 (tariefpercentage_hoger_lager): row 'Een hoger tariefpercentage, namelijk ...% van het NZa "
        "maximumtarief', column 'Gemiddeld' has an infinite value inf: no figure of the report can be infinite; "
        "check the answers to the table's questions in the export (a number too large to compute with) and the "
        "published figures of earlier years")


# -- {key:n}: a base of nobody ---------------------------------------------------------------------
def _shares(n_now: float) -> KeyFigures:
    table = pd.DataFrame([("Ja", "2025", 35.0, 112, 1, 2025), ("Ja", "2026", math.nan, n_now, 1, 2026),
                          ("Nee", "2025", 65.0, 112, 2, 2025), ("Nee", "2026", math.nan, n_now, 2, 2026)],
                         columns=COLUMNS)
    return KeyFigures(2026, {"verzoek": SHARES}, {"verzoek": table})


def test_a_base_of_no_respondents_is_no_figure():
    """Before: "(n=0)" was printed, while a share, mean or NPS of that column is an error (review h158)."""
    with pytest.raises(FigureError) as err:
        _shares(0.0).fill("Zo antwoordden de organisaties ({verzoek:n}).")
    assert str(err.value) == (
        "placeholder {verzoek:n}: table 'verzoek' has a base of no respondents (n=0) in column '2026': nobody "
        "answered the question that year; leave the sentence out for such a year")
    assert _shares(0.0).fill("Vorig jaar ({verzoek:n@2025}).") == "Vorig jaar (n=112)."


def test_a_base_range_leaves_out_rows_nobody_answered_as_the_caption_does():
    """Before: "n=0–36" beside a caption "(n=36)" (Tabel 2 of 2026: nobody reported a lower percentage)."""
    table = pd.DataFrame([("hoger", "Aantal", 36.0, 36.0, "hoger", "Aantal"),
                          ("lager", "Aantal", 0.0, 0.0, "lager", "Aantal")], columns=COLUMNS)
    figures = KeyFigures(2026, {"aantal": COUNTS}, {"aantal": table})
    assert figures.fill("Zo antwoordden {aantal:n@Aantal}.") == "Zo antwoordden n=36."


# -- chart ticks: every tick label is the value at its tick ------------------------------------------
def _tick_labels(fig) -> list[tuple[str, float]]:
    ax = fig.axes[0]
    fig.canvas.draw()
    return [(label.get_text(), tick) for label, tick in zip(ax.get_xticklabels(), ax.get_xticks())]


def test_a_count_axis_has_whole_ticks():
    """Before: a frequency chart of counts 1 and 2 had ticks 0.5 apart labelled "0 1 1 2 2 3"."""
    spec = TableSpec(key="freq", number="Tabel 30", chapter="x", question=None, kind="frequency",
                     rows=("a", "b"), columns=("Aantal",))
    table = pd.DataFrame([("a", "Aantal", 1.0, 3.0, "a", "Aantal"), ("b", "Aantal", 2.0, 3.0, "b", "Aantal")],
                         columns=COLUMNS)
    assert [text for text, _ in _tick_labels(make_chart(spec, table))] == ["0", "1", "2", "3"]


@pytest.mark.parametrize("low, high, expected", [
    (0.0, 2.0, ["0,00", "0,25", "0,50", "0,75", "1,00", "1,25", "1,50", "1,75", "2,00", "2,25"]),
    (1000.0, 3000.0, ["1.000", "1.500", "2.000", "2.500", "3.000"]),
])
def test_a_numeric_chart_labels_each_tick_with_its_value(low, high, expected):
    """Before: ticks 0.25 apart printed with one decimal, "0,0 0,3 0,5 0,8 1,0 1,3 …" (0,25 read "0,3")."""
    spec = TableSpec(key="num", number="Tabel 2", chapter="x", question=None, kind="numeric",
                     rows=("a",), columns=("Aantal", "Gemiddeld", "Minimum", "Maximum"))
    table = pd.DataFrame([("a", column, value, 10.0, "a", column) for column, value in
                          (("Aantal", 10.0), ("Gemiddeld", (low + high) / 2), ("Minimum", low), ("Maximum", high))],
                         columns=COLUMNS)
    shown = [(text, tick) for text, tick in _tick_labels(make_chart(spec, table)) if low - 1e-9 <= tick <= high + 1e-9]
    assert [text for text, _ in shown] == [t for t in expected if low <= printed_number(t) <= high]
    assert all(printed_number(text) == pytest.approx(tick) for text, tick in shown)


def test_a_workbook_base_range_has_thousands_points():
    """Before: the sheet's base row read "1000–1250" (and a single base showed 1000: no number format)."""
    from wlzmonitor.present.workbook import _base_cell
    assert _base_cell(1000.0, 1250.0) == "1.000–1.250"
    assert _base_cell(96.0, 115.0) == "96–115"
    assert _base_cell(1250.0, 1250.0) == 1250


def test_the_summary_of_an_open_answers_category_counts_with_a_thousands_point():
    """Before: "Ja, want … (1500 toelichtingen)", "Overige toelichtingen (1500)"."""
    from wlzmonitor.present.explanations_html import explanations_html
    frame = pd.DataFrame({"category": ["Ja, want …"] * 1500, "text": [f"antwoord {i}" for i in range(1500)],
                          "respondent": [f"R{i}" for i in range(1500)]})
    assert "(1.500 toelichtingen)" in explanations_html(frame)
    frame["category"] = "Overige toelichtingen"  # a label that names its noun itself gets the bare count
    assert "Overige toelichtingen (1.500)" in explanations_html(frame)


@pytest.mark.parametrize("low, high, how, expected", [
    (96.84, 97.71, "percent_number", "(95%-BI 96,8–97,7%)"),
    (10.5, 13.55, "number", "(95%-BI 10,5–13,6)"),
    (1000.0, 1250.0, "number", "(95%-BI 1.000–1.250)"),
    (3.874, 4.231, "mean", "(95%-BI 3,87–4,23)"),
])
def test_an_interval_prints_its_bounds_as_the_cell_prints_its_figure(low, high, how, expected):
    """Before: '97,3% (95%-BI 96,84–97,71)' (no unit, two decimals beside one) and '12 (95%-BI 10,50–13,55)'."""
    from wlzmonitor.present.table_html import interval_text
    assert interval_text(low, high, how) == expected
