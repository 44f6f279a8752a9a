"""Charts of the report tables (wlzmonitor.present.charts), on the 2026 demo tables and small hand-made ones."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from wlzmonitor.present import charts
from wlzmonitor.present.charts import (
    ChartFiles,
    alt_text,
    category_color,
    category_colors,
    chart_html,
    make_chart,
    render,
    save_chart,
    short_label,
    year_color,
)
from wlzmonitor.spec.layout import TableSpec, layout_for_year
from wlzmonitor.compute.tables import format_mean, format_n, format_nps, format_percent
from wlzmonitor.present.figures_text import format_value

FOOTNOTE = "kleine basis (n < {})"
STACKED_KINDS = {"single", "matrix", "nps", "nps_by"}


# --------------------------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def layout():
    return layout_for_year(2026)


@pytest.fixture(scope="module")
def tables(computed_2026):
    return computed_2026


class _Charts(dict):
    """The 2026 charts by table key, each built once when a test first asks for it (not
    rendered: rendering closes a figure); ``values()`` builds every one."""

    def __init__(self, layout, tables):
        super().__init__()
        self._specs = {spec.key: spec for spec in layout.tables}
        self._tables = tables

    def __missing__(self, key: str) -> Figure | None:
        fig = self[key] = make_chart(self._specs[key], self._tables[key])
        return fig

    def values(self):
        return [self[key] for key in self._specs]


@pytest.fixture(scope="module")
def figures(layout, tables) -> dict[str, Figure | None]:
    """Every 2026 chart (built on first use)."""
    return _Charts(layout, tables)


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def legend_colours(fig: Figure) -> dict[str, str]:
    legend = fig.axes[0].get_legend()
    return {t.get_text().replace("\n", " "): to_hex(h.get_facecolor())
            for t, h in zip(legend.get_texts(), legend.legend_handles)}


def ytick_labels(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_yticklabels()]


def xtick_labels(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]


def cell(table: pd.DataFrame, row: str, column: str) -> pd.Series:
    hit = table[(table["row"].astype(str) == row) & (table["column"].astype(str) == column)]
    assert len(hit) == 1, (row, column)
    return hit.iloc[0]


def spec_of(kind: str, **kw) -> TableSpec:
    base = dict(key="demo", number="Tabel 99", chapter="x", question=None, kind=kind, rows=(), columns=())
    return TableSpec(**{**base, **kw})


def tidy(rows: list[str], columns: list[str], values: list[list[float]], n: list[float]) -> pd.DataFrame:
    """A small tidy table: values[row][column], n per column."""
    records = [(r, c, values[i][j], n[j], i + 1, c)
               for i, r in enumerate(rows) for j, c in enumerate(columns)]
    frame = pd.DataFrame(records, columns=["row", "column", "value", "n", "row_code", "column_code"])
    frame["row"] = pd.Categorical(frame["row"], categories=rows, ordered=True)
    frame["column"] = pd.Categorical(frame["column"], categories=columns, ordered=True)
    return frame


# --------------------------------------------------------------------------------------------
# Colours
# --------------------------------------------------------------------------------------------
def test_year_colours_are_fixed_distinct_and_darker_for_recent_years():
    years = range(2019, 2031)
    colours = [year_color(y) for y in years]
    assert len(set(colours)) == len(colours)
    assert year_color(2026) == year_color("2026") == charts.YEAR_COLORS[2026]
    assert year_color(2026) == "#31688e"  # the palette is part of the report's look: changes are deliberate
    assert year_color(2010) == year_color(2019) and year_color(2040) == year_color(2030)

    def luminance(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert all(luminance(a) > luminance(b) for a, b in zip(colours, colours[1:]))


def test_short_label_cuts_open_text_tails():
    assert short_label("Ten dele, want") == "Ten dele"
    assert short_label("Anders, namelijk:") == "Anders"
    assert short_label("Ik verwacht problemen, namelijk:") == "Ik verwacht problemen"
    assert short_label("Ten dele, namelijk ... % opslag. Reden") == "Ten dele"
    assert short_label("Ja, geheel, betreffende de volgende innovaties:") == "Ja, geheel"
    assert short_label("Ja, aan cliënten") == "Ja, aan cliënten"


def test_semantic_categories_have_one_colour_whatever_the_tail():
    assert category_color("Nee, want", 4) == category_color("Nee", 0) == category_color("nee", 7)
    assert category_color("Ten dele, want", 1) == category_color("Ten dele, namelijk ... % opslag", 3)
    not_needed = "Niet van toepassing: herschikking was niet nodig"
    assert category_color(not_needed, 3) == category_color("N.v.t.", 0)
    assert category_color("Critici", 0) == category_color("Nee", 2)
    assert category_color("Een optie zonder betekenis", 2) == charts.FALLBACK_COLORS[2]


def test_category_colours_within_a_chart_are_distinct_even_when_semantics_collide():
    labels = ["Ja, via omzetting", "Ja", "Nee, geweigerd", "Nee", "Niet van toepassing, a",
              "Niet van toepassing, b", *[f"optie {i}" for i in range(25)]]
    colours = category_colors(labels)
    assert len(colours) == len(labels) == len(set(colours))
    assert colours[1] == category_color("Ja", 0) and colours[3] == category_color("Nee", 0)


def test_same_category_same_colour_in_two_report_charts(figures):
    maatwerk = legend_colours(figures["maatwerk"])  # Ja / Nee
    tevreden = legend_colours(figures["tevredenheid_tarief"])  # Ja / Ten dele, want / Nee, want
    breakdown = legend_colours(figures["tevredenheid_tarief__uitvoerder"])
    assert maatwerk["Ja"] == tevreden["Ja"] == breakdown["Ja"] == category_color("Ja", 0)
    assert maatwerk["Nee"] == tevreden["Nee"] == breakdown["Nee"] == category_color("Nee", 0)
    assert tevreden["Ten dele"] == breakdown["Ten dele"]


@pytest.mark.slow  # builds all 75 charts of the report
def test_colours_within_every_stacked_chart_are_distinct(layout, figures):
    checked = 0
    for spec in layout.tables:
        fig = figures[spec.key]
        if spec.kind in STACKED_KINDS and fig is not None and fig.axes[0].get_legend() is not None:
            colours = list(legend_colours(fig).values())
            assert len(colours) == len(set(colours)), spec.key
            checked += 1
    assert checked >= 50


def test_grouped_bars_use_the_year_colours(figures, tables):
    colours = legend_colours(figures["maatwerk_redenen"])
    n_2026 = cell(tables["maatwerk_redenen"], "Het toepassen van innovatie(s)", "2026")["n"]
    assert colours[f"2026 ({format_n(n_2026)})"] == year_color(2026)
    assert set(colours.values()) == {year_color(y) for y in (2024, 2025, 2026)}


# --------------------------------------------------------------------------------------------
# Which chart, for which table
# --------------------------------------------------------------------------------------------
def test_no_chart_for_response_and_mapping_tables(layout, figures):
    kinds = {spec.kind for spec in layout.tables if figures[spec.key] is None}
    assert kinds == {"response", "mapping"}
    assert all(figures[s.key] is None for s in layout.tables if s.kind in {"response", "mapping"})


def test_a_chart_for_every_other_table_with_data(layout, tables, figures):
    expected = [s.key for s in layout.tables
                if s.kind not in {"response", "mapping"} and tables[s.key]["value"].notna().any()]
    assert len(expected) == 73
    assert all(isinstance(figures[k], Figure) for k in expected)


def test_tables_without_data_get_no_chart(layout, tables):
    for key in ("maatwerk", "tariefpercentage_hoger_lager", "nps__uitvoerder", "geldstromen_belasting"):
        empty = tables[key].assign(value=np.nan)
        assert make_chart(layout.table(key), empty) is None, key
    assert make_chart(layout.table("maatwerk"), tables["maatwerk"].iloc[0:0]) is None


@pytest.mark.slow  # builds all 75 charts of the report
def test_fixed_width_and_height_growing_with_the_bars(figures):
    widths = {round(fig.get_figwidth(), 2) for fig in figures.values() if fig is not None}
    assert widths == {charts.FIG_WIDTH}
    three_bars = figures["maatwerk__omzetgroep"].get_figheight()  # 3 groups + Totaal
    six_bars = figures["maatwerk"].get_figheight()  # 3 years
    assert figures["inkoop_wijzigingen"].get_figheight() > 2 * six_bars  # 14 items
    assert three_bars > six_bars


# --------------------------------------------------------------------------------------------
# Bases, small bases, Dutch labels
# --------------------------------------------------------------------------------------------
def test_bars_carry_their_base_and_unstated_bases_show_none(figures, tables):
    labels = ytick_labels(figures["eisen_zorgkantoor"])
    n_2026 = cell(tables["eisen_zorgkantoor"], "Het zorgkantoor hanteert redelijke eisen", "2026")["n"]
    assert labels[0] == "2021"  # published year without a stated base
    assert labels[-1] == f"2026 ({format_n(n_2026)})" == "2026 (n=122)"
    uitvoerder = ytick_labels(figures["nps__uitvoerder"])
    assert "Zilveren Kruis (n=35)" in uitvoerder and "Overig (n=9) *" in uitvoerder


def _has_small_base(table: pd.DataFrame, kind: str, threshold: int) -> bool:
    if kind in {"numeric", "frequency", "response", "mapping"}:
        return False
    return bool((table["n"].dropna() < threshold).any())


def test_small_base_footnote_exactly_when_a_base_is_small(layout, tables, figures):
    footnote = FOOTNOTE.format(20)
    flagged = []
    for spec in layout.tables:
        fig, table = figures[spec.key], tables[spec.key]
        if fig is None:
            continue
        small = _has_small_base(table, spec.kind, 20)
        assert any(footnote in t for t in texts(fig)) == small, spec.key
        assert any(t.rstrip().endswith("*") for t in texts(fig)) == small, spec.key
        if small:
            flagged.append(spec.number)
    # Overig (n=8-9) in the 15 uitvoerder breakdowns and NPS per uitvoerder; Tabel 22 (n=14),
    # 24 (n=8, 16), 25 (n=8, 19) and B18 (n=19)
    assert len(flagged) == 20
    assert {"Tabel 22", "Tabel 24", "Tabel 25", "Tabel 38", "Tabel B18"} <= set(flagged)


@pytest.mark.parametrize(("key", "threshold", "small"), [
    ("overproductie_intramuraal", 15, True),  # 2025: n=14
    ("overproductie_intramuraal", 14, False),
    ("hlo_honorering__omzetgroep", 20, True),  # < 40 mln: n=19
    ("hlo_honorering__omzetgroep", 19, False),
    ("geldstromen_belasting", 76, True),  # 2024: n=75-102 (from the 2024 demo data), 2026: n=96-115
    ("geldstromen_belasting", 75, False),
    ("kwaliteit_dialoog", 123, True),  # every item n=122: marked in the axis label
    ("kwaliteit_dialoog", 122, False),
])
def test_small_base_threshold_is_exact(layout, tables, key, threshold, small):
    fig = make_chart(layout.table(key), tables[key], small_base=threshold)
    assert any(FOOTNOTE.format(threshold) in t for t in texts(fig)) == small
    assert any(t.rstrip().endswith("*") for t in texts(fig)) == small


def test_small_base_threshold_comes_from_the_argument(layout, tables):
    spec, table = layout.table("nps__uitvoerder"), tables["nps__uitvoerder"]  # smallest base: Overig n=9
    assert any(FOOTNOTE.format(10) in t for t in texts(make_chart(spec, table, small_base=10)))
    assert not any("kleine basis" in t for t in texts(make_chart(spec, table, small_base=9)))


def test_percent_axes_have_dutch_percent_ticks(figures):
    assert xtick_labels(figures["maatwerk"]) == ["0%", "25%", "50%", "75%", "100%"]
    assert xtick_labels(figures["leveringsvormen"]) == ["0%", "25%", "50%", "75%", "100%"]


def test_segment_labels_are_formatted_percentages_from_the_table(figures, tables):
    value = cell(tables["maatwerk"], "Nee", "2026")["value"]
    assert format_percent(value) in texts(figures["maatwerk"])


def test_scale_means_have_decimal_commas(figures, tables):
    ticks = xtick_labels(figures["geldstromen_belasting"])
    assert ticks == ["1,0", "2,0", "3,0", "4,0", "5,0"]
    mean = cell(tables["geldstromen_belasting"], "Meerzorg", "2026")["value"]
    assert format_mean(mean) == "4,05"
    assert " 4,05" in texts(figures["geldstromen_belasting"])
    assert not any(re.search(r"\d\.\d", t) for t in texts(figures["geldstromen_belasting"]))


def test_nps_value_written_beside_each_bar(figures, tables):
    fig_texts = texts(figures["nps__uitvoerder"])
    table = tables["nps__uitvoerder"]
    current = table[table["row"].astype(str) == "NPS 2026"]
    assert len(current) == 6
    for value in current["value"]:
        assert f"NPS {format_nps(value)}" in fig_texts
    assert "NPS -14" in fig_texts and "NPS +32" in fig_texts
    trend = table_nps = tables["nps"]
    assert f"NPS {format_nps(cell(trend, 'NPS', '2026')['value'])}" in texts(figures["nps"])
    assert table_nps is trend


def test_numeric_range_chart_shows_min_mean_max(figures, tables):
    table = tables["tariefpercentage_hoger_lager"]
    fig_texts = texts(figures["tariefpercentage_hoger_lager"])
    row = "Een hoger tariefpercentage, namelijk ...% van het NZa maximumtarief"
    for column in ("Gemiddeld", "Minimum", "Maximum"):
        value = cell(table, row, column)["value"]
        assert format_value(value, "number") in fig_texts  # as a table of numbers prints it
    # the 'lager' row nobody answered is left out
    assert len(ytick_labels(figures["tariefpercentage_hoger_lager"])) == 1


def test_a_numeric_chart_of_percentages_says_so_as_its_table_does(layout, tables, survey_2026):
    """Review: Tabel 2 printed 96,7% / 95,8% / 98% and its chart 96,7 / 95,8 / 98,0 on an axis of
    plain numbers. With the question's unit the chart's figures are the table's, signs included."""
    from wlzmonitor.present.table_html import table_unit

    spec, table = layout.table("tariefpercentage_hoger_lager"), tables["tariefpercentage_hoger_lager"]
    unit = table_unit(spec, survey_2026.codebook)
    assert unit == "percent"
    fig = make_chart(spec, table, unit=unit)
    row = "Een hoger tariefpercentage, namelijk ...% van het NZa maximumtarief"
    shown = {column: format_value(cell(table, row, column)["value"], "percent_number")
             for column in ("Gemiddeld", "Minimum", "Maximum")}
    assert shown == {"Gemiddeld": "96,7%", "Minimum": "95,8%", "Maximum": "98%"}  # the published Tabel 2
    assert set(shown.values()) <= set(texts(fig))
    assert xtick_labels(fig) and all(t.endswith("%") for t in xtick_labels(fig))
    description = alt_text(spec, table, unit=unit)
    assert "gemiddeld 96,7%" in description and "minimum 95,8%" in description and "maximum 98%" in description
    plain = make_chart(spec, table)  # a numeric question without a unit: no percent sign anywhere
    assert not any("%" in t for t in xtick_labels(plain)) and "96,7" in texts(plain)


def test_long_labels_are_wrapped(figures):
    for fig in (figures["kwaliteit_dialoog"], figures["tariefpercentage"]):
        for text in texts(fig):
            assert max(len(line) for line in text.split("\n")) <= 100, text


# --------------------------------------------------------------------------------------------
# Alt text
# --------------------------------------------------------------------------------------------
def test_alt_text_names_bases_and_figures_from_the_table(layout, tables):
    table = tables["maatwerk"]
    text = alt_text(layout.table("maatwerk"), table)
    ja_2026 = cell(table, "Ja", "2026")
    assert text.startswith("Gestapeld staafdiagram bij Tabel 3")
    assert f"2026 ({format_n(ja_2026['n'])}): Ja {format_percent(ja_2026['value'])}" in text
    assert "n=122" in text
    assert text.index("2026 (") < text.index("2025 (")  # most recent year first


def test_alt_text_title_and_small_base(layout, tables):
    spec, table = layout.table("nps__uitvoerder"), tables["nps__uitvoerder"]
    text = alt_text(spec, table, title="Hoe waarschijnlijk is het <dat> u …")
    assert "bij Tabel 38 (Hoe waarschijnlijk is het <dat> u …)" in text
    assert "Overig (n=9, kleine basis)" in text
    assert alt_text(spec, table, small_base=9).count("kleine basis") == 0


def test_alt_text_stays_short_for_every_table(layout, tables):
    for spec in layout.tables:
        text = alt_text(spec, tables[spec.key])
        assert spec.number in text
        assert len(text) <= charts.ALT_TEXT_LIMIT, (spec.key, len(text))


def test_alt_text_tells_every_answer_apart(layout, tables):
    """Review: the description of Tabel 20 (the report's only significant change) shortened
    'Ik verwacht dat het aantal urgent wachtenden afneemt / gelijk blijft / toeneemt' to the same
    words. No description of the report repeats a shortened label within one group."""
    from wlzmonitor.present.charts import _distinct_short

    text = alt_text(layout.table("urgent_wachtenden"), tables["urgent_wachtenden"])
    assert "Ik verwacht dat … afneemt" in text
    for spec in layout.tables:
        for _header, items in charts._alt_groups(spec, charts._grid(tables[spec.key]), 20):
            names = [name for name, _v, _t in items]
            assert len(names) == len(set(names)), (spec.key, names)
    labels = ["Ik verwacht dat het aantal urgent wachtenden afneemt", "Ik verwacht dat het aantal urgent wachtenden "
              "gelijk blijft", "Weet niet"]
    assert list(_distinct_short(labels, 40).values()) == ["Ik verwacht dat … afneemt", "Ik verwacht dat … gelijk blijft",
                                                           "Weet niet"]


def test_alt_text_summarises_large_tables(layout, tables):
    text = alt_text(layout.table("inkoop_wijzigingen"), tables["inkoop_wijzigingen"])  # 14 items x 4
    assert "Per staaf de grootste categorie." in text and "En nog" in text


# --------------------------------------------------------------------------------------------
# Rendering, files, HTML
# --------------------------------------------------------------------------------------------
def test_render_is_deterministic_and_closes_the_figure(layout, tables):
    spec = layout.table("nps__uitvoerder")
    first_fig = make_chart(spec, tables[spec.key])
    png1, svg1 = render(first_fig)
    png2, svg2 = render(make_chart(spec, tables[spec.key]))
    assert png1 == png2 and svg1 == svg2
    assert png1.startswith(b"\x89PNG") and b"<svg" in svg1
    assert first_fig.axes == []  # cleared after rendering
    assert b"Software" not in png1 and b"matplotlib" not in png1.lower()


def _savefig_images(fig) -> tuple[bytes, bytes]:
    """What render gave before it drew the PNG itself: a dry draw to lay the figure out, the layout
    frozen, then matplotlib's savefig for each format (the reference render must equal)."""
    import matplotlib as mpl

    png, svg = io.BytesIO(), io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": charts.SVG_HASH_SALT, "svg.fonttype": "path", "text.parse_math": False}):
        if fig.get_layout_engine() is not None:
            fig.draw_without_rendering()
            fig.set_layout_engine(None)
        fig.savefig(png, format="png", dpi=charts.DPI, metadata={"Software": None}, facecolor="white")
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, facecolor="white")
    return png.getvalue(), svg.getvalue()


def _drawn_charts(layout, tables, keys=None):
    return [(spec.key, spec, tables[spec.key]) for spec in layout.tables if spec.key in tables
            and (keys is None or spec.key in keys) and make_chart(spec, tables[spec.key]) is not None]


@pytest.mark.parametrize("key", ["nps__uitvoerder", "maatwerk"])
def test_render_draws_twice_and_gives_savefigs_bytes(layout, tables, key, monkeypatch):
    """render lays a chart out in its PNG's draw (two draws, one per format, not a dry draw first):
    the same PNG and SVG bytes as savefig after a dry draw; a mini chart (no layout engine) too."""
    from matplotlib.figure import Figure

    spec = layout.table(key)
    expected = _savefig_images(make_chart(spec, tables[spec.key]))
    draws: list[str] = []
    real = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda fig, renderer: draws.append(type(renderer).__name__)
                        or real(fig, renderer))
    assert render(make_chart(spec, tables[spec.key])) == expected
    assert draws == ["RendererAgg", "MixedModeRenderer"]  # the PNG's, the SVG's (three with a dry draw)
    mini = (["2024", "2025", "2026"], [12.0, -3.5, 7.25], ["12", "-3,5", "7,3"])
    monkeypatch.undo()
    assert render(charts.mini_chart(*mini)) == _savefig_images(charts.mini_chart(*mini))


@pytest.mark.parametrize("dpi", [72, 150])
def test_a_figure_made_at_another_resolution_is_rendered_as_savefig_renders_it(layout, tables, dpi):
    """Laid out at its own resolution (a dry draw), printed at the report's: savefig's bytes."""
    from PIL import Image

    spec = layout.table("maatwerk")

    def made():
        fig = make_chart(spec, tables[spec.key])
        fig.set_dpi(dpi)
        return fig
    png, svg = render(made())
    assert (png, svg) == _savefig_images(made())
    assert Image.open(io.BytesIO(png)).width == int(round(charts.FIG_WIDTH * charts.DPI))


def test_a_matplotlibrcs_savefig_settings_do_not_change_a_chart(layout, tables):
    """The PNG is not printed by savefig: a caller's (or a matplotlibrc's) savefig.bbox: tight would
    have cropped the SVG alone. render uses matplotlib's own savefig settings for both."""
    import matplotlib as mpl

    spec = layout.table("nps__uitvoerder")
    plain = render(make_chart(spec, tables[spec.key]))
    with mpl.rc_context({"savefig.bbox": "tight", "savefig.pad_inches": 0.5, "savefig.transparent": True,
                         "savefig.facecolor": "red", "savefig.edgecolor": "blue"}):
        assert render(make_chart(spec, tables[spec.key])) == plain


@pytest.mark.slow  # every chart of the 2026 demo report drawn twice over
def test_every_chart_of_the_report_renders_to_savefigs_bytes(layout, tables):
    charted = _drawn_charts(layout, tables)
    assert len(charted) > 60
    for key, spec, table in charted:
        assert render(make_chart(spec, table)) == _savefig_images(make_chart(spec, table)), key


def test_svg_has_no_date_or_version(layout, tables):
    _png, svg = render(make_chart(layout.table("maatwerk"), tables["maatwerk"]))
    text = svg.decode("utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text
    assert not re.search(r"(19|20)\d\d-\d\d-\d\d", text)


DEMO = dict(rows=["Ja, want", "Ten dele, want", "Nee, want"], columns=["2025", "2026"],
            values=[[56.0, 66.7], [18.0, 22.2], [26.0, 11.1]], n=[39.0, 27.0])


def test_render_does_not_depend_on_the_callers_svg_salt():
    """With the default salt (None) matplotlib draws a random uuid per SVG: render must fix it."""
    import matplotlib as mpl

    with mpl.rc_context({"svg.hashsalt": None}):
        first = render(make_chart(spec_of("single"), tidy(**DEMO)))
    with mpl.rc_context({"svg.hashsalt": "something else"}):
        second = render(make_chart(spec_of("single"), tidy(**DEMO)))
    assert first == second


def test_save_chart_writes_png_and_svg(tmp_path):
    files = save_chart(make_chart(spec_of("single"), tidy(**DEMO)), tmp_path / "figures", "01_demo")
    assert isinstance(files, ChartFiles)
    assert files.png_path == tmp_path / "figures" / "01_demo.png"
    assert files.svg_path == tmp_path / "figures" / "01_demo.svg"
    assert files.png_path.read_bytes() == files.png_bytes
    assert files.svg_path.read_bytes().startswith(b"<?xml")


def test_chart_html_embeds_the_png_and_escapes_the_alt_text():
    png, _svg = render(make_chart(spec_of("single"), tidy(**DEMO)))
    markup = chart_html(png, 'Ja "45%" & <nee>')
    # a chart wider than a phone shows it legibly is a region that scrolls there (review h108)
    # and a keyboard stop named by the alt text's first clause, escaped as well (review h156)
    assert markup.startswith('<figure class="chart" tabindex="0" aria-label="Ja &quot;45%&quot; &amp; &lt;nee&gt;" '
                             'style="--telefoon-breedte:615px"><img src="data:image/png;base64,')
    assert 'alt="Ja &quot;45%&quot; &amp; &lt;nee&gt;"' in markup
    assert f'width="{int(round(charts.FIG_WIDTH * charts.DPI))}"' in markup
    assert "http" not in markup and "<nee>" not in markup
    data = re.search(r'base64,([^"]+)"', markup).group(1)
    assert base64.b64decode(data) == png


# --------------------------------------------------------------------------------------------
# Small hand-made tables
# --------------------------------------------------------------------------------------------
def test_hand_made_trend_table(tmp_path):
    fig = make_chart(spec_of("single"), tidy(**DEMO), small_base=30)
    assert ytick_labels(fig) == ["2025 (n=39)", "2026 (n=27) *"]
    assert list(legend_colours(fig)) == ["Ja", "Ten dele", "Nee"]
    assert any(FOOTNOTE.format(30) in t for t in texts(fig))
    assert "67%" in texts(fig) and "11%" in texts(fig)
    text = alt_text(spec_of("single"), tidy(**DEMO), small_base=30)
    assert text == ("Gestapeld staafdiagram bij Tabel 99. 2026 (n=27, kleine basis): Ja 67%, Ten dele 22%, "
                    "Nee 11%. 2025 (n=39): Ja 56%, Ten dele 18%, Nee 26%. "
                    "Kleine basis: n < 30, voorzichtig interpreteren.")


def test_hand_made_single_column_table_gets_a_bar_per_category():
    table = tidy(rows=["In grote mate", "In beperkte mate", "Helemaal niet"], columns=["2026"],
                 values=[[24.0], [57.0], [19.0]], n=[117.0])
    fig = make_chart(spec_of("single"), table)
    assert ytick_labels(fig) == ["In grote mate", "In beperkte mate", "Helemaal niet"]
    assert fig.axes[0].get_xlabel() == "Percentage van de respondenten (2026, n=117)"
    colours = [to_hex(p.get_facecolor()) for p in fig.axes[0].patches]
    assert colours == [category_color(label, i) for i, label in enumerate(ytick_labels(fig))]


def test_hand_made_multi_table_with_a_missing_year():
    table = tidy(rows=["HLO-opslag", "Meerzorg"], columns=["2025", "2026"],
                 values=[[np.nan, 92.6], [70.0, 80.3]], n=[112.0, 122.0])
    fig = make_chart(spec_of("multi"), table)
    assert ytick_labels(fig) == ["HLO-opslag", "Meerzorg"]
    assert " –" in texts(fig) and " 93%" in texts(fig)
    assert len(fig.axes[0].patches) == 3  # no bar for the year the option was not asked


def test_alt_text_of_a_single_column_table(layout, tables):
    table = tables["mpt_voorliggend"]
    text = alt_text(layout.table("mpt_voorliggend"), table)
    grote_mate = cell(table, "In grote mate", "2026")
    assert text == (f"Staafdiagram bij Tabel 19. 2026 ({format_n(grote_mate['n'])}): "
                    f"In grote mate {format_percent(grote_mate['value'])}, "
                    f"In beperkte mate {format_percent(cell(table, 'In beperkte mate', '2026')['value'])}, "
                    f"Helemaal niet {format_percent(cell(table, 'Helemaal niet', '2026')['value'])}.")


def test_trend_line_charts_of_the_long_series(layout, tables):
    from wlzmonitor.present.charts import is_long_series, trend_alt_text, trend_line_chart

    long = [spec.number for spec in layout.tables if is_long_series(spec)]
    assert long == ["Tabel 31", "Tabel 37"]
    spec = layout.table("nps")
    fig = trend_line_chart(spec, tables["nps"], data_years=[2024, 2025, 2026])
    assert "Open punt: gepubliceerd cijfer (2021, 2022, 2023; geen respondentdata)." in texts(fig)
    labels = [t for t in texts(fig) if t.startswith(("+", "-"))]
    assert labels[:3] == ["+25", "+8", "+15"]  # 2021-2023 as published (Tabel 37)
    alt = trend_alt_text(spec, tables["nps"])
    assert alt.startswith("Lijndiagram bij Tabel 37, 2021–2026. NPS: 2021 +25, 2022 +8, 2023 +15,")
    assert trend_line_chart(layout.table("maatwerk"), tables["maatwerk"]) is None  # 3 years: bars only


# --------------------------------------------------------------------------------------------
# Chart text drawn as written
# --------------------------------------------------------------------------------------------
DOLLARS = dict(rows=["kosten $5 en $10", "Nee"], columns=["2025", "2026"],
               values=[[40.0, 60.0], [60.0, 40.0]], n=[39.0, 27.0])


@pytest.mark.parametrize("kind", ["single", "multi"])
def test_dollar_signs_in_chart_text_are_drawn_as_written_not_as_mathtext(kind):
    """A '$' in a title or option label ('kosten $5 en $10') is text: matplotlib's mathtext made
    '5 en ' an italic formula and dropped both dollars (parse_math is on by default), also in the
    tick labels matplotlib creates only when it draws."""
    fig = make_chart(spec_of(kind), tidy(**DOLLARS), title="Prijs in $ per uur, $5 of $10")
    fig.draw_without_rendering()
    written = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert {t.get_text().replace("\n", " ") for t in written} >= {"Tabel 99 – Prijs in $ per uur, $5 of $10"}
    assert any("kosten $5 en $10" in t.get_text().replace("\n", " ") for t in written)
    assert [t.get_text() for t in fig.findobj(Text) if t.get_parse_math()] == []
    for text in written:
        assert text._preprocess_math(text.get_text()) == (text.get_text(), False)
    png, svg = render(fig)
    assert png and b"DejaVuSans-24" in svg  # the '$' glyph (text is drawn as paths)
    assert b"Oblique" not in svg  # no italic mathtext


def test_dollar_signs_in_the_trend_line_and_mini_charts_are_drawn_as_written():
    table = tidy(rows=["kosten $5 en $10", "Nee"], columns=["2022", "2023", "2024", "2025"],
                 values=[[40.0, 50.0, 55.0, 60.0], [60.0, 50.0, 45.0, 40.0]], n=[100.0, 90.0, 80.0, 70.0])
    table["column_code"] = table["column"].astype(str).astype(int)
    spec = spec_of("single", rows=(1, 2), columns=(2022, 2023, 2024, 2025))
    line = charts.trend_line_chart(spec, table, title="$5 of $10")
    mini = charts.mini_chart(["2025", "2026"], [5.0, 10.0], ["$5", "$10"])
    for fig in (line, mini):
        fig.draw_without_rendering()
        assert [t.get_text() for t in fig.findobj(Text) if t.get_parse_math()] == []
        assert any("$" in t.get_text() for t in fig.findobj(Text))


# --------------------------------------------------------------------------------------------
# Title and alt text end as the caption does
# --------------------------------------------------------------------------------------------
REDENEN = "Ja, met de volgende reden(en) (meerdere antwoorden mogelijk)"


def test_chart_title_and_alt_text_end_as_the_caption_does():
    """A follow-up option's title closes with ':' in the questionnaire; the caption drops it, the chart
    title and alt text printed 'Tabel 99 – …mogelijk):' and '(…mogelijk):).'."""
    spec = spec_of("multi", title=REDENEN + ":")
    table = tidy(rows=["Innovatie", "Anders"], columns=["2025", "2026"], values=[[49.0, 63.0], [26.0, 26.0]],
                 n=[39.0, 27.0])
    fig = make_chart(spec, table)
    assert fig.get_suptitle().replace("\n", " ") == f"Tabel 99 – {REDENEN}"
    assert make_chart(spec_of("multi"), table, title=" Ja, want : ").get_suptitle() == "Tabel 99 – Ja, want"
    assert alt_text(spec, table) == (f"Gegroepeerd staafdiagram bij Tabel 99 ({REDENEN}). 2026 (n=27): Innovatie 63%, "
                                     "Anders 26%. 2025 (n=39): Innovatie 49%, Anders 26%.")
    long = spec_of("single", title=REDENEN + ":", rows=(1,), columns=(2022, 2023, 2024, 2025))
    years = tidy(rows=["Ja"], columns=["2022", "2023", "2024", "2025"], values=[[40.0, 50.0, 55.0, 60.0]],
                 n=[100.0, 90.0, 80.0, 70.0])
    years["column_code"] = years["column"].astype(str).astype(int)
    line = charts.trend_line_chart(long, years)
    assert line.get_suptitle().replace("\n", " ") == f"Tabel 99 – {REDENEN} – verloop"
    assert charts.trend_alt_text(long, years).startswith(f"Lijndiagram bij Tabel 99 ({REDENEN}), 2022–2025.")


def test_the_2026_chart_of_tabel_4_ends_as_its_caption(result_2026, tmp_path):
    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.present.table_html import table_caption
    from wlzmonitor.spec.config import load_config

    chapter = Chapter("01_tarieven", "1 Tarieven", 2026, result_2026, load_config(), tmp_path)
    spec = result_2026.layout.table("maatwerk_redenen")
    caption = table_caption(spec, result_2026.tables[spec.key], result_2026.codebook)
    assert caption.startswith(f"Tabel 4 – {REDENEN} (2024: n=")
    assert chapter.chart_title(spec) == REDENEN
    markup = chapter.chart_html(spec)
    assert f'alt="Gegroepeerd staafdiagram bij Tabel 4 ({REDENEN}). ' in markup
    assert "mogelijk):" not in markup


# --------------------------------------------------------------------------------------------
# Long unbroken runs of characters
# --------------------------------------------------------------------------------------------
URL = "https://www.zorgkantoor.nl/maatwerk/aanvraagformulier-tarieven-2026"
CODE = "ZKR" + "0123456789" * 13


def test_a_long_run_of_characters_in_a_title_is_broken_to_the_width_of_the_image():
    """A word wider than the image (a code, a URL) stayed one line and ran off the chart."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    fig = make_chart(spec_of("multi"), tidy(rows=["Ja", "Nee"], columns=["2025", "2026"],
                                            values=[[40.0, 60.0], [60.0, 40.0]], n=[39.0, 27.0]),
                     title=f"Zie {CODE} voor meer")
    assert fig.get_suptitle() == ("Tabel 99 – Zie\n"
                                  "ZKR012345678901234567890123456789012345678901234567890123456789012345678901234\n"
                                  "5678901234567890123456789012345678901234567890123456789 voor meer")
    prop = FontProperties(family="DejaVu Sans", size=charts.TITLE_SIZE, weight="bold")
    widths = [TextToPath().get_text_width_height_descent(line, prop, ismath=False)[0] / 72
              for line in fig.get_suptitle().split("\n")]
    assert max(widths) <= charts.FIG_WIDTH - 0.35


def test_a_long_run_of_characters_in_an_option_or_bar_label_is_broken():
    """Tick labels are wrapped in characters; a URL longer than the width stayed whole and pushed the bars aside."""
    options = tidy(rows=[f"Zie {URL}", "Nee"], columns=["2025", "2026"], values=[[40.0, 60.0], [60.0, 40.0]],
                   n=[39.0, 27.0])
    assert ytick_labels(make_chart(spec_of("multi"), options)) == [
        "Zie https://www.zorgkantoor.nl/maa\ntwerk/aanvraagformulier-\ntarieven-2026", "Nee"]
    bars = tidy(rows=["Ja", "Nee"], columns=[f"Zie {URL}", "2026"], values=[[40.0, 60.0], [60.0, 40.0]],
                n=[39.0, 27.0])
    assert ytick_labels(make_chart(spec_of("single", by="x"), bars)) == [
        "Zie https://www.zorgkantoor.nl/maa\ntwerk/aanvraagformulier-\ntarieven-2026 (n=39)", "2026 (n=27)"]
    assert charts._wrap("a" * 60, 26) == "a" * 26 + "\n" + "a" * 26 + "\n" + "a" * 8


def test_a_long_first_word_is_cut_not_dropped_when_shortened():
    """textwrap.shorten left only '…' of a label that starts with a word longer than the width
    (the legend of a trend line, an alt text)."""
    assert charts._shorten(CODE, 20) == "ZKR012345678901234 …"
    assert charts._shorten(f"Zie {URL}", 20) == "Zie …"
    assert charts._shorten("Ja, in grote mate", 45) == "Ja, in grote mate"


@pytest.mark.parametrize("years", [3, 6, 7, 8, 10, 12])
@pytest.mark.parametrize("text", ["100%", "86%", "+25", "−100"])
def test_a_key_figure_chart_s_figures_and_years_never_touch(years, text):
    """A Kerncijfers chart gains a column each wave; its figures (bold) and years are made smaller when their
    columns stand too close (at 10 pt, eight columns of "100%" touched), and stay 10 pt while they fit."""
    labels = [str(2027 - years + i) for i in range(years)]
    values = [100.0 if "100" in text else 25.0] * years
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = charts.mini_chart(labels, values, [text] * years)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    for row in ([t for t in ax.texts], [t for t in ax.get_xticklabels() if t.get_text()]):
        boxes = sorted((t.get_window_extent(renderer) for t in row), key=lambda b: b.x0)
        assert len(boxes) == years
        assert all(left.x1 < right.x0 for left, right in zip(boxes, boxes[1:])), (years, text)
    size = charts.mini_label_size(labels, [text] * years)
    assert {t.get_fontsize() for t in ax.texts} == {size}
    if years <= 6 and len(text) <= 3:
        assert size == charts.MINI_LABEL_SIZE  # (the 2026 cards: at most six years, figures of three characters)


@pytest.mark.parametrize("years, text, shown", [(3, "100%", 3), (6, "100%", 6), (7, "100%", 6), (12, "100%", 6),
                                                (7, "86%", 7), (8, "86%", 7), (12, "+25", 7), (9, "−100", 6)])
def test_a_key_figure_chart_shows_the_latest_years_that_print_at_6_pt(years, text, shown):
    """Readers: the Kerncijfers chart shrank its figures and years to fit a column per wave, so 2027's seven
    columns of "100%" (2021-2027) printed at 5,2 pt on paper (the card prints at 70 %), twelve at 3 pt. It now shows
    the latest waves that fit at MINI_LABEL_MIN (6 pt printed) and all of them while they do (2026: six)."""
    labels = [str(2027 - years + i) for i in range(years)]
    assert charts.mini_columns_shown(labels, [text] * years) == shown
    assert charts.mini_label_size(labels[-shown:], [text] * shown) >= charts.MINI_LABEL_MIN
    if shown < years:  # one more column would not fit
        assert charts.mini_label_size(labels[-shown - 1:], [text] * (shown + 1)) < charts.MINI_LABEL_MIN
    assert charts.mini_columns_shown(["2025", "2026"], ["100,00%", "100,00%"]) == 2  # never fewer than two
    assert charts.MINI_LABEL_MIN * 0.7 >= 6.0
