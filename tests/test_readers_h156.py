"""Review h156 of the report as its readers meet it: the 2026 pages in Chromium at 320 px with the text at 125, 150
and 200 %, keyboard (every stop, skip link, contents links to their headings), print (headers repeated, nothing
screen-only), forced colours and a dark scheme, the charts' text alternatives against their tables, and the tagged
PDF's tables, 2026-12-07. What was found and mended:

- The tagged PDF tied no figure to its row: WeasyPrint takes a ``<th>`` without ``scope="row"`` for a column's
  header, so in every table '25%' was read as '2026' only (and the empty corner as 'Ja, Nee').
- A chart that scrolls sideways on a phone is a keyboard stop (``tabindex``) without a name: focused, it was an
  unnamed "figuur".
- A phone with its text enlarged (320 px at 125 %: the index; at 150 %: Kerncijfers; at 200 %: every page) scrolled
  the whole page sideways: contents links, the report title and the Kerncijfers cards never narrowed below their
  longest word (or 15rem).
- Bijlage 4's questions (h3) followed its h1 directly: on paper and in the tagged PDF a heading level was skipped
  (axe-core's heading-order in print; on screen the contents list's h2 hid it).

The browser tests FAIL when Chromium is missing (tests/test_browser.py's way), never skip.
"""

from __future__ import annotations

import io
import re

import pytest

from wlzmonitor.present import charts
from wlzmonitor.present.page_frame import frame_page, page_header_html

PAGE = ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<main class="report"><h1>1 Tarieven</h1><table class="rapport" aria-label="Tabel 1 – Welk tariefpercentage?">'
        '<thead><tr><td class="blank level0"></td><th class="col_heading level0 col0">2025</th>'
        '<th class="col_heading level0 col1">2026</th></tr></thead><tbody>'
        '<tr><th class="row_heading level0 row0">Ja</th><td>39%</td><td>25%</td></tr>'
        '<tr><th class="row_heading level0 row1">Nee</th><td>61%</td><td>75%</td></tr></tbody></table></main>'
        '</body></html>')


def test_every_header_cell_says_whether_it_heads_a_row_or_a_column():
    from wlzmonitor.present.page_frame import header_scopes

    framed = frame_page(PAGE)
    assert re.findall(r'<th scope="(\w+)" class="(\w+)', framed) == [
        ("col", "col_heading"), ("col", "col_heading"), ("row", "row_heading"), ("row", "row_heading")]
    # a row of header cells only (a table without <thead>) heads columns; a scope already given is kept
    page = ('<table><tr><th>Thema</th><th>Aantal</th></tr><tr><th scope="rowgroup">Geld</th><td>3</td></tr>'
            '<tr><th>Tijd</th><td>2</td></tr></table>')
    assert re.findall(r'<th scope="(\w+)">', header_scopes(page)) == ["col", "col", "rowgroup", "row"]
    assert header_scopes(header_scopes(page)) == header_scopes(page)  # nothing added twice


def _pdf_table_headers(markup: str) -> tuple[dict[str, str], list[list[str]]]:
    """({ID: text} of the PDF's TH elements, the headers of every TD in reading order) of `markup` printed tagged."""
    import pikepdf
    import weasyprint

    pdf = pikepdf.open(io.BytesIO(weasyprint.HTML(string=markup).write_pdf(pdf_tags=True)))
    cells, order = [], []

    def walk(element) -> None:
        if not isinstance(element, pikepdf.Dictionary):
            return
        if element.get("/S") == "/TH":
            order.append(str(element.get("/ID")))
        if element.get("/S") == "/TD":
            cells.append([str(h) for h in element.get("/A", {}).get("/Headers", [])])
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            walk(kid)

    walk(pdf.Root.StructTreeRoot)
    names = dict(zip(order, ["2025", "2026", "Ja", "Nee"]))  # the header cells in the order the page has them
    return names, [[names[h] for h in cell] for cell in cells]


def test_every_figure_of_the_printed_table_is_tied_to_its_row_label_and_its_column():
    """The PDF (printed from the framed pages) read '25%' as '2026' only, and the empty corner as 'Ja, Nee'."""
    _names, cells = _pdf_table_headers(frame_page(PAGE))
    assert cells == [[], ["Ja", "2025"], ["Ja", "2026"], ["Nee", "2025"], ["Nee", "2026"]]


def test_a_chart_that_scrolls_on_a_phone_is_a_named_keyboard_stop():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (880).to_bytes(4, "big") + (423).to_bytes(4, "big") + b"\x00" * 9
    alt = ("Gestapeld staafdiagram bij Tabel 1 (Welk tariefpercentage bent u overeengekomen met het zorgkantoor?). "
           "Per staaf de 2 grootste categorieën. 2026 (n=122): Anders 29%.")
    markup = charts.chart_html(png, alt, anchor="grafiek-1")
    assert markup.startswith('<figure class="chart" id="grafiek-1" tabindex="0" '
                             'aria-label="Gestapeld staafdiagram bij Tabel 1" style="--telefoon-breedte:')
    assert charts.figure_name("Lijndiagram bij Tabel 37 (Stel dat …), 2021–2026. NPS: 2021 +25.") == \
        "Lijndiagram bij Tabel 37"
    assert charts.figure_name("Staafdiagram, gemiddelde 4,05 op 1–5") == "Staafdiagram"
    assert charts.figure_name("") == "Grafiek"
    assert charts.figure_name("x" * 200).endswith(" …") and len(charts.figure_name("x" * 200)) <= 82
    narrow = png[:16] + (286).to_bytes(4, "big") + png[20:]  # a Kerncijfers card's chart: no stop, no name
    assert "tabindex" not in charts.chart_html(narrow, alt) and "aria-label" not in charts.chart_html(narrow, alt)


def _skipped_levels(levels: list[int]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]


def test_the_questionnaire_skips_no_heading_level_on_paper():
    """Bijlage 4's questions (h3) followed its h1 directly: on screen the contents list's h2 ('Op deze pagina') stood
    between them, on paper and in the tagged PDF (the contents list is not printed) a level was skipped."""
    from wlzmonitor.present.appendix import questionnaire_html
    from wlzmonitor.spec.codebook_parse import codebook_for_year

    markup = questionnaire_html(codebook_for_year(2026))
    levels = [1] + [int(h) for h in re.findall(r"<h([1-6])\b", markup)]
    assert _skipped_levels(levels) == [] and markup.count('<h2 id="vragen">Vragen</h2>') == 1
    assert re.findall(r"<h2[^>]*>([^<]*)</h2>", markup) == ["Vragen", "Afgeleide variabelen"]


# --- in the browser -----------------------------------------------------------------------------------------


from test_browser import browser  # noqa: E402,F401 - the one browser fixture (fails loudly without Chromium)

#: every element the Tab key stops at, marked so that the accessibility tree can be asked for its name
_MARK_STOPS = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && e.checkVisibility({visibilityProperty: true}))  // not the hover-only '¶'
    .map((e, i) => { e.setAttribute('data-stop', i); return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                     + (e.className ? '.' + e.className : ''); })"""


def _unnamed_stops(tab) -> list[str]:
    """The keyboard stops of the page open in `tab` whose accessible name (Chromium's, as a screen reader hears
    it on focus) is empty."""
    stops = tab.evaluate(_MARK_STOPS)
    cdp = tab.context.new_cdp_session(tab)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    unnamed = []
    for i, what in enumerate(stops):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f'[data-stop="{i}"]'})["nodeId"]
        ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
        if not (ax and str(ax[0].get("name", {}).get("value", "")).strip()):
            unnamed.append(what)
    cdp.detach()
    return unnamed


def test_a_focused_chart_is_announced_by_its_name(browser, tmp_path, nps_trend):
    from test_browser import _open, _report_css

    png, _svg = charts.render(nps_trend())
    figure = charts.chart_html(png, charts.trend_alt_text(*nps_trend.args), anchor="grafiek-37-verloop")
    page = tmp_path / "grafiek.html"
    page.write_text(f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title>'
                    f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_report_css()}</style>'
                    f'</head><body><main class="report"><p>Tekst.</p>{figure}</main></body></html>', encoding="utf-8")
    context, tab, _, _ = _open(browser, page, 375)
    unnamed = _unnamed_stops(tab)
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.getAttribute('aria-label')")
    context.close()
    assert unnamed == [] and focused == "Lijndiagram bij Tabel 37"


class _Trend:
    """Tabel 37's NPS line chart as chapter.trend_chart draws it; `.args` for its alternative text."""

    def __init__(self, spec, table):
        self.args = (spec, table)

    def __call__(self):
        return charts.trend_line_chart(*self.args, data_years=[2024, 2025, 2026])


@pytest.fixture(scope="module")
def nps_trend(computed_2026):
    from wlzmonitor.spec.layout import layout_for_year

    return _Trend(layout_for_year(2026).table("nps"), computed_2026["nps"])


#: the text sizes a phone's reader may set (Chrome's text scaling, a browser's "large" default font size)
TEXT_SIZES = ("125%", "150%", "200%")
_OVERFLOW = """(size) => { document.documentElement.style.fontSize = size;
  const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                 && !e.closest('div.tabel-scroll, figure.chart[tabindex]')
                 && ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + JSON.stringify(e.textContent.trim().slice(0, 30)));
  return over > 0 ? [over, wide] : null; }"""


def test_a_phone_with_enlarged_text_never_scrolls_the_page_sideways(browser, tmp_path):
    """320 px (WCAG's reflow width) with the text at 125-200 %: the index at 125 % was 28 px wider than the screen
    ('Bijlage 1: Onderzoeksverantwoording', an inline-block contents link), Kerncijfers at 150 % 64 px (its cards at
    least 15rem wide), every page at 200 % (the report title in the header)."""
    from test_browser import _open, _report_css

    from wlzmonitor.present.key_figures import KeyFigure, key_figure_html

    chapters = {"00_kerncijfers": "Kerncijfers", "02_capaciteit": "2 Capaciteitsontwikkeling verpleegzorg",
                "bijlage_1_respons": "Bijlage 1: Onderzoeksverantwoording"}
    card = KeyFigure("tariefpercentage", "Tabel 1", "01_tarieven.html#tabel-1",
                     "sprak het landelijk richttariefpercentage af", "25%", [], "2025: 39%",
                     "14 procentpunten gedaald ten opzichte van 2025", False)
    body = (f'{page_header_html(chapters, "00_kerncijfers", year=2026)}<!--wlz:inhoud-->'
            f'<h1>Kerncijfers</h1><h2 id="betrouwbaarheid">95%-betrouwbaarheidsintervallen</h2>'
            f'<ol class="inhoud index-inhoud"><li class="pagina"><a href="bijlage_1_respons.html">'
            f'Bijlage 1: Onderzoeksverantwoording</a></li></ol>'
            f'<div class="kerncijfers">{key_figure_html(card, chapter_title="1 Reguliere Wlz-inkoop")}</div>')
    page = tmp_path / "telefoon.html"
    page.write_text(frame_page(f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title>'
                               f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                               f'<style>{_report_css()}</style></head><body><main class="report">{body}</main>'
                               f'</body></html>'), encoding="utf-8")
    context, tab, _, _ = _open(browser, page, 320)
    wider = {size: tab.evaluate(_OVERFLOW, size) for size in TEXT_SIZES}
    context.close()
    assert wider == {size: None for size in TEXT_SIZES}


@pytest.mark.slow
def test_every_built_page_names_its_keyboard_stops_and_reflows_with_enlarged_text(browser, report_2026):
    """The whole 2026 report: every keyboard stop of every page has a name, every header cell a scope, no heading
    level is skipped on paper, and at 320 px no page is wider than the screen with the text at 125, 150 or 200 %."""
    from test_browser import _open

    problems = {}
    for path in sorted(report_2026[1].target.glob("*.html")):
        markup = path.read_text(encoding="utf-8")
        unscoped = len(re.findall(r"<th(?![^>]*\bscope=)[\s>]", markup))
        context, tab, _, _ = _open(browser, path, 320)
        unnamed = _unnamed_stops(tab)
        tab.emulate_media(media="print")
        printed = _skipped_levels(tab.evaluate("""[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter(h => h.checkVisibility()).map(h => +h.tagName[1])"""))
        tab.emulate_media(media="screen")
        wider = {}
        for size in TEXT_SIZES:
            tab.goto(path.as_uri(), wait_until="load")
            if found := tab.evaluate(_OVERFLOW, size):
                wider[size] = found
        context.close()
        if unnamed or wider or unscoped or printed:
            problems[path.name] = (unnamed[:3], wider, unscoped, printed[:3])
    assert problems == {}


@pytest.mark.slow
def test_no_accessibility_violation_with_every_open_answer_open_on_a_phone_and_on_paper(browser, report_2026):
    """tests/test_browser.py runs axe-core with the <details> closed, so the open answers inside were never checked;
    nor the page as printed, where Bijlage 4's headings skipped a level. Every page with every <details> open, at
    320 px and in print media: no violation of the rules test_browser runs."""
    from axe_playwright_python.sync_playwright import Axe
    from test_browser import AXE_TAGS, _open

    axe = Axe()
    found = {}
    for path in sorted(report_2026[1].target.glob("*.html")):
        for width, media in ((320, "screen"), (1280, "print")):
            context, tab, _, _ = _open(browser, path, width)
            tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            tab.emulate_media(media=media)
            result = axe.run(tab, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            context.close()
            if violations := [f"{v['id']} ({len(v['nodes'])}×: {v['nodes'][0]['target']})"
                              for v in result.response["violations"]]:
                found[f"{path.name} {media} {width} px"] = violations
    assert found == {}
