"""Review h108 of the report as its readers meet it (browser at 1280 and 375 px, 200 % zoom, keyboard, axe-core's
whole rule set, forced colours, print and the PDF), 2026-12-06: what was found and mended.

- A screen reader's list of regions named 74 tables of Bijlage 5 and one of Bijlage 1 all "Tabel", and every
  open-answer theme table by its base only ("n=61 toelichtingen", the same words under every question).
- On a phone a chart was shrunk to the column's width: its value labels 4,5 px high, unreadable.
- The NPS trend chart's axis printed '−10' (matplotlib's minus) beside points labelled '-3', as the tables print.

The browser tests FAIL when Chromium is missing (tests/test_browser.py's way), never skip.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from wlzmonitor.present import charts
from wlzmonitor.present.page_frame import scrolling_tables


def _regions(page: str) -> list[str]:
    return re.findall(r'role="region" tabindex="0" aria-label="([^"]*)"', page)


def test_a_table_without_a_telling_caption_is_named_by_what_it_stands_under():
    page = ('<h2>Per tabel</h2>'
            '<details><summary>Tabel 1 – Welk tariefpercentage? (alle cijfers gelijk)</summary>'
            '<table class="rapport"><tr><th>a</th></tr></table></details>'
            '<details><summary>Tabel 2 – Heeft u maatwerk gevraagd? (1 verschil)</summary>'
            '<table class="rapport"><tr><th>a</th></tr></table></details>'
            '<h2 id="v">Verantwoording van de respons<a class="anchor-link" href="#v">¶</a></h2><p>Elke rij.</p>'
            '<table class="rapport"><tr><th>a</th></tr></table>'
            '<h3 class="codering-titel">Tariefpercentage en kwaliteit van bestaan (Vraag 7)</h3>'
            '<section><h4>Ja, want …</h4><table class="codering-tabel"><caption>n=61 toelichtingen</caption></table>'
            '<details><summary>Thema (3 toelichtingen)</summary><ul><li>x</li></ul></details></section>'
            '<section><h4>Nee, want …</h4><table class="codering-tabel"><caption>n=7 toelichtingen</caption></table>'
            '</section>'
            '<h3>Respons</h3><table><caption>Respons naar omzetgroep</caption></table>')
    framed = scrolling_tables(page)
    assert _regions(framed) == [
        "Tabel 1 – Welk tariefpercentage? (alle cijfers gelijk)",
        "Tabel 2 – Heeft u maatwerk gevraagd? (1 verschil)",
        "Verantwoording van de respons",
        "Tariefpercentage en kwaliteit van bestaan (Vraag 7) – Ja, want … (n=61 toelichtingen)",
        "Tariefpercentage en kwaliteit van bestaan (Vraag 7) – Nee, want … (n=7 toelichtingen)",
        "Respons naar omzetgroep",  # a caption that says what the table is stays its name
    ]
    # the table itself has the same name (a screen reader's list of tables reads it, not the region's)
    assert '<table aria-label="Verantwoording van de respons" class="rapport">' in framed
    assert "<caption>n=61 toelichtingen</caption>" in framed  # what the eye sees is unchanged
    assert '<table><caption>Respons naar omzetgroep</caption>' in framed


@pytest.mark.slow
def test_no_two_table_regions_of_a_built_page_share_a_name(report_2026):
    """Bijlage 5 had 74 regions named "Tabel"; open-answer tables were named by their base only."""
    problems = {}
    for path in sorted(report_2026[1].target.glob("*.html")):
        names = _regions(path.read_text(encoding="utf-8"))
        doubled = sorted({n for n in names if names.count(n) > 1})
        bare = [n for n in names if n == "Tabel" or n.startswith("n=")]
        if doubled or bare:
            problems[path.name] = (doubled[:3], bare[:3])
    assert problems == {}


def test_a_chart_keeps_its_labels_legible_on_a_phone_by_its_least_width(nps_trend):
    png, _svg = charts.render(nps_trend())
    markup = charts.chart_html(png, "Grafiek", anchor="grafiek-37")
    least = charts.phone_min_width(880)
    # value labels (7,5 pt at 110 dpi: 11,5 image px) at >= 8 CSS px, the print's 6 pt
    assert least * charts.VALUE_LABEL_SIZE * charts.DPI / 72 / 880 >= charts.PHONE_MIN_TEXT_PX
    assert (f'<figure class="chart" id="grafiek-37" tabindex="0" aria-label="Grafiek" '
            f'style="--telefoon-breedte:{least}px"><img') in markup  # named since h156
    small = charts.chart_html(png[:16] + (286).to_bytes(4, "big") + png[20:], "Kaart")  # a Kerncijfers card's width
    assert small.startswith('<figure class="chart"><img')


@pytest.fixture(scope="module")
def nps_trend(computed_2026):
    """Tabel 37's NPS 2021-2026 (2024: -3) as its line chart draws it; a new figure each call (render closes one)."""
    from wlzmonitor.spec.layout import layout_for_year

    spec = layout_for_year(2026).table("nps")
    return lambda: charts.trend_line_chart(spec, computed_2026["nps"], data_years=[2024, 2025, 2026])


def test_a_chart_axis_prints_a_negative_figure_as_the_tables_do(nps_trend, monkeypatch):
    """'−10' on the NPS chart's axis (U+2212) beside '-3' at a point: the ticks as drawn into the PNG."""
    fig = nps_trend()
    monkeypatch.setattr(charts, "_close", lambda _fig: None)  # keep the figure as drawn to read its ticks
    charts.render(fig)
    ticks = [t.label1.get_text() for t in fig.axes[0].yaxis.majorTicks]  # as drawn (get_yticklabels formats anew)
    assert any(t.startswith("-") for t in ticks) and not any("\u2212" in t for t in ticks), ticks


# --- in the browser -----------------------------------------------------------------------------------------


from test_browser import browser  # noqa: E402,F401 - the one browser fixture (fails loudly without Chromium)


def test_on_a_phone_a_chart_scrolls_in_its_own_region_at_a_legible_width(browser, tmp_path, nps_trend):
    from test_browser import _open, _report_css

    png, _svg = charts.render(nps_trend())
    figure = charts.chart_html(png, "NPS per jaar", anchor="grafiek-37")
    page = tmp_path / "grafiek.html"
    page.write_text(f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
                    f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_report_css()}</style>'
                    f'</head><body><main class="report"><p>Tekst.</p>{figure}</main></body></html>', encoding="utf-8")
    sizes = {}
    for width in (375, 1280):
        context, tab, _, _ = _open(browser, page, width)
        sizes[width] = tab.evaluate("""() => { const f = document.querySelector('figure.chart');
            const i = f.querySelector('img'); f.focus();
            return [Math.round(i.getBoundingClientRect().width), f.scrollWidth > f.clientWidth,
                    document.activeElement === f,
                    document.documentElement.scrollWidth - document.documentElement.clientWidth]; }""")
        context.close()
    least = charts.phone_min_width(880)
    assert sizes[375] == [least, True, True, 0], sizes   # legible, scrolls inside, reachable, page not wider
    assert sizes[1280][0] == 880 and sizes[1280][1] is False, sizes


def test_a_negative_point_of_a_trend_line_has_its_label_under_it(nps_trend):
    """The NPS of 2024 (-3) had its label 7 pt above the point: on the zero line, struck through by it."""
    fig = nps_trend()
    labels = {a.get_text(): a for a in fig.axes[0].texts}
    assert labels["-3"].xyann[1] < 0 and labels["-3"].get_va() == "top"
    assert labels["+7"].xyann[1] > 0


def test_every_trend_in_the_prose_stands_in_parentheses():
    """'{key:row@trend}' prints '2025: 4,13, 2024: 4,24' or, in a year without earlier figures, 'geen eerdere
    cijfers': written bare into a sentence the 2024 report read "Voor meerzorg was dat eerder geen eerdere
    cijfers." Every chapter writes it in parentheses after the figure: '4,05 (2025: 4,13, 2024: 4,24)'."""
    from pathlib import Path

    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    bare = [f"{path.name}: {m.group(0)}" for path in sorted(notebooks.glob("*.py"))
            for m in re.finditer(r".{0,30}\{[^{}]*@trend\}.?", path.read_text(encoding="utf-8"))
            if not re.search(r"\(\{[^{}]*@trend\}\)$", m.group(0))]
    assert bare == []


def test_the_dash_of_a_year_without_a_figure_has_the_contrast_small_text_needs(computed_2026):
    """Tabel 33's HLO-opslag (first asked in 2026) shows '–' for 2024 and 2025 in its chart: grey #777777 on white,
    4,48:1, below WCAG's 4,5:1 (an image of text is text)."""
    from matplotlib.text import Text

    from wlzmonitor.spec.layout import layout_for_year

    fig = charts.make_chart(layout_for_year(2026).table("geldstromen_gebruik"), computed_2026["geldstromen_gebruik"])
    dashes = [t for t in fig.findobj(Text) if t.get_text().strip() == "–"]
    assert len(dashes) == 2
    from matplotlib.colors import to_hex

    assert all(charts.contrast_ratio(to_hex(t.get_color()), "#ffffff") >= 4.5 for t in dashes)
