"""Review h164 of the report as its readers meet it (keyboard, print, the tagged PDF), 2026-12-08. What was found and
mended:

- A heading's '¶' link was shown on hover only (``visibility: hidden``): a keyboard user never reached it, nor saw it.
  Every link, summary and scrolling region now shows one 2 px focus ring in the accent (Chromium's own was a 1 px
  ring, ``outline: auto``), the '¶' link is a Tab stop and visible while focused.
- The Kerncijfers cards' small charts had the card's label and figures as their text alternative, not that it is a
  chart nor of which table ('sprak het landelijk richttariefpercentage af, per jaar: 2025 39%, 2026 25%.').
- The index page printed its links to the PDF, the workbook and the CSV without their file names: on paper a reader
  could not tell which file they were.

The browser tests FAIL when Chromium is missing (tests/test_browser.py's way), never skip.
"""

from __future__ import annotations

import io
import re

import pytest

from wlzmonitor.present import charts
from wlzmonitor.present.key_figures import KeyFigure, mini_alt_text
from wlzmonitor.present.page_frame import frame_page, page_header_html


def test_a_key_figure_s_chart_says_it_is_a_chart_of_its_table_and_every_figure_it_shows():
    card = KeyFigure("tariefpercentage", "Tabel 1", "01_tarieven.html#tabel-1",
                     "sprak het landelijk richttariefpercentage af", "25%",
                     [("2024", 0.46, "46%"), ("2025", 0.39, "39%"), ("2026", 0.25, "25%")], "2025: 39%",
                     "14 procentpunten gedaald ten opzichte van 2025", False)
    assert mini_alt_text(card) == ("Staafdiagram per jaar bij Tabel 1 (sprak het landelijk richttariefpercentage af): "
                                   "2024 46%, 2025 39%, 2026 25%.")


# --- in the browser -----------------------------------------------------------------------------------------


from test_browser import browser  # noqa: E402,F401 - the one browser fixture (fails loudly without Chromium)

#: Tab through the page: for every stop its name, outline and whether it is seen (opacity, visibility)
_TAB_STOPS = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  return [e.tagName.toLowerCase() + (e.className ? '.' + e.className.split(' ')[0] : ''), s.outlineStyle,
          parseFloat(s.outlineWidth), s.outlineColor, s.opacity, s.visibility]; }"""


def _rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(part) for part in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def _focus_problems(tab, limit: int = 400) -> tuple[list[str], list[str]]:
    """(every Tab stop of the page open in `tab`, in order; those whose focus is not seen: no 2 px solid outline
    of 3:1 against white, or the element itself transparent or hidden)."""
    stops, unseen, first = [], [], None
    for _ in range(limit):
        tab.keyboard.press("Tab")
        found = tab.evaluate(_TAB_STOPS)
        if found is None or found == first:
            break
        first = first or found
        what, style, width, colour, opacity, visibility = found
        stops.append(what)
        ratio = charts.contrast_ratio("#{:02x}{:02x}{:02x}".format(*_rgb(colour)), "#ffffff")
        if style != "solid" or width < 2 or ratio < 3 or opacity != "1" or visibility != "visible":
            unseen.append(f"{what}: {style} {width}px {colour} opacity {opacity} {visibility}")
    return stops, unseen


def test_every_keyboard_stop_shows_a_focus_ring_the_heading_links_too(browser, tmp_path):
    """A heading's '¶' was never a Tab stop (shown on hover only) and every link and summary had Chromium's own 1 px
    ring: each stop now shows a 2 px ring in the accent (9:1 on white), the '¶' link among them."""
    from test_browser import _open, _report_css

    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (880).to_bytes(4, "big") + (423).to_bytes(4, "big") + b"\x00" * 9
    figure = charts.chart_html(png, "Gestapeld staafdiagram bij Tabel 1 (Welk tariefpercentage?).", anchor="grafiek-1")
    chapters = {"01_tarieven": "1 Reguliere Wlz-inkoop", "02_capaciteit": "2 Capaciteitsontwikkeling verpleegzorg"}
    body = (f'{page_header_html(chapters, "01_tarieven", year=2026)}'
            '<h1 id="t">1 Reguliere Wlz-inkoop<a class="anchor-link" href="#t">¶</a></h1>'
            '<h2 id="a">1.1 Tariefafspraken<a class="anchor-link" href="#a">¶</a></h2>'
            '<section class="tabel" id="tabel-1"><div class="tabel-blok"><p class="tabel-titel" id="t1">Tabel 1 – '
            'Welk tariefpercentage?</p><div class="tabel-scroll" role="region" tabindex="0" aria-labelledby="t1">'
            '<table class="rapport"><thead><tr><td></td><th scope="col">2026</th></tr></thead><tbody><tr>'
            '<th scope="row">Ja</th><td>25%</td></tr></tbody></table></div></div></section>'
            f'{figure}<details><summary>Toelichtingen (12)</summary><p>Tekst.</p></details>'
            '<p class="note">Zie <a href="02_capaciteit.html#tabel-18">Tabel 18</a>.</p>')
    page = tmp_path / "toetsenbord.html"
    page.write_text(frame_page(f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title>'
                               f'<style>{_report_css()}</style></head><body><main class="report">{body}</main>'
                               f'</body></html>'), encoding="utf-8")
    context, tab, _, _ = _open(browser, page, 1280)
    stops, unseen = _focus_problems(tab)
    context.close()
    assert stops.count("a.anchor-link") == 2 and {"summary", "div.tabel-scroll", "figure.chart"} <= set(stops)
    assert unseen == []


def _printed_text(tab) -> str:
    import pypdf

    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(tab.pdf(format="A4"))).pages)


def test_the_index_prints_the_name_of_every_file_it_links(browser, tmp_path):
    """On paper 'Het hele rapport als PDF' said neither the file's name nor where it is."""
    from test_browser import _open, _report_css

    page = tmp_path / "index.html"
    page.write_text(f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title>'
                    f'<style>{_report_css()}</style></head><body><main class="report"><ul class="bestanden">'
                    '<li><a href="wlz_monitor_2026.pdf">Het hele rapport als PDF</a></li>'
                    '<li><a href="tables/index.csv">Lijst van alle tabellen</a></li></ul></main></body></html>',
                    encoding="utf-8")
    context, tab, _, _ = _open(browser, page, 1280)
    screen = tab.inner_text("ul")
    printed = " ".join(_printed_text(tab).split())
    context.close()
    assert "wlz_monitor_2026.pdf" not in screen  # the screen's link opens it; its name is for paper
    assert "Het hele rapport als PDF (bestand: wlz_monitor_2026.pdf)" in printed
    assert "Lijst van alle tabellen (bestand: tables/index.csv)" in printed


@pytest.mark.slow
def test_every_built_page_shows_where_the_keyboard_is_and_the_index_prints_its_files(browser, report_2026):
    """The whole 2026 report at 1280 px: every Tab stop of every page shows a focus ring, the '¶' links are stops;
    the printed index names the PDF, the workbook and the CSV."""
    from test_browser import _open


    out = report_2026[1].target
    problems, anchors = {}, 0
    for path in sorted(out.glob("*.html")):
        context, tab, _, _ = _open(browser, path, 1280)
        stops, unseen = _focus_problems(tab, limit=600)
        anchors += stops.count("a.anchor-link")
        if path.name == "index.html":
            printed = " ".join(_printed_text(tab).split())
            files = [name for name in ("wlz_monitor_2026.pdf", "wlz_monitor_2026_tabellen.xlsx", "tables/index.csv")
                     if f"(bestand: {name})" not in printed]
            if files:
                problems["index.html printed"] = files
        context.close()
        if unseen:
            problems[path.name] = unseen[:3]
    assert problems == {} and anchors > 0


def _structure(pdf_bytes: bytes) -> list[tuple[str, list[str]]]:
    """The tags of the children of every Table element of the tagged PDF, in order."""
    import pikepdf

    found = []

    def walk(element) -> None:
        if not isinstance(element, pikepdf.Dictionary):
            return
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        if element.get("/S") == "/Table":
            found.append([str(k.get("/S")) for k in kids if isinstance(k, pikepdf.Dictionary)])
        for kid in kids:
            walk(kid)

    with pikepdf.open(io.BytesIO(pdf_bytes)) as document:
        walk(document.Root.StructTreeRoot)
    return found


def test_the_tagged_pdf_holds_each_table_s_title_as_its_caption_as_wide_as_the_page():
    """The PDF's Table had no Caption: its title was a P before it (the page names the table by aria-labelledby).
    Printed, the title is the table's <caption>, and wraps at the page's width, not the narrow table's."""
    import weasyprint

    from test_browser import _report_css

    from wlzmonitor.run import pdf

    title = ("Tabel 18 – Hoeveel plaatsen verpleegzorg had uw organisatie op 1 januari en hoeveel verwacht u er aan "
             "het eind van het jaar te hebben? (2025: n=98, 2026: n=122)")
    page = ('<main class="report"><section class="tabel" id="tabel-18"><div class="tabel-blok">\n'
            f'<p class="tabel-titel" id="plaatsen-titel">{title}</p>\n'
            '<div class="tabel-scroll" role="region" tabindex="0" aria-labelledby="plaatsen-titel">\n'
            '<style type="text/css">\n</style>\n<table id="T_plaatsen" class="rapport" aria-labelledby="plaatsen-titel">'
            '<thead><tr><td class="blank"></td><th scope="col" class="col_heading">2026</th></tr></thead>'
            '<tbody><tr><th scope="row" class="row_heading">Plaatsen</th><td>42</td></tr></tbody></table></div>\n'
            '</div></section></main>')
    body = pdf._page_body(page, "02_capaciteit", {"02_capaciteit"})
    markup = (f'<html lang="nl"><head><style>{_report_css()}{pdf.PDF_CSS % {"title": "x"}}</style></head>'
              f'<body>{body}</body></html>')
    assert _structure(weasyprint.HTML(string=markup).write_pdf(pdf_tags=True)) == [["/Caption", "/THead", "/TBody"]]
    document = weasyprint.HTML(string=markup).render()

    def boxes(box):
        yield box
        for child in getattr(box, "children", []) or []:
            yield from boxes(child)

    caption = next(b for b in boxes(document.pages[0]._page_box) if type(b).__name__ == "TableCaptionBox")
    assert round(caption.width / 96 * 25.4) == 178  # the page's width between its margins (A4, 16 mm each side)
    assert '<p class="tabel-titel"' not in body  # the table is still named by it: the caption keeps the id
    assert re.search(r'aria-labelledby="02_capaciteit--plaatsen-titel"><caption class="tabel-titel" data-bladwijzer='
                     r'"Tabel 18 – Hoeveel [^"]*" id="02_capaciteit--plaatsen-titel">Tabel 18 – ', body)
