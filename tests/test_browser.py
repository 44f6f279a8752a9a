"""Every page of the built 2026 report opened in a real browser (headless Chromium, driven by
Playwright): nothing is fetched from outside the file, no console error, no horizontal overflow
at 1280 and 420 px, every image has an alt text, and axe-core reports no accessibility violation
(WCAG 2.0-2.2 A/AA, its best practices and AAA contrast) at either width.

Chromium is Debian's package (/usr/bin/chromium; `.ci/run` and `python tasks.py test` install it
when it is missing). Playwright never downloads a browser here. Without Chromium these tests
FAIL with the reason — a missing browser must not look like a pass.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # opens every page of the whole report (conftest.report_2026)

CHROMIUM = os.environ.get("WLZ_CHROMIUM", "/usr/bin/chromium")
#: the flags this machine needs: no sandbox as root, and no background traffic to Google's hosts
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = (1280, 420)


def _browser_missing() -> str:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return (f"Chromium is not installed ({CHROMIUM} missing). Install Debian's package: "
                "apt-get install -y chromium (python3 tasks.py test does this when it may)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as err:
        return f"Playwright for Python is not installed ({err}); pip install -r requirements.txt"
    return ""


@pytest.fixture(scope="module")
def browser():
    reason = _browser_missing()
    if reason:
        pytest.fail(reason, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                     args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def pages(report_2026):
    out = report_2026[1].target
    return sorted(out.glob("*.html"))


def _open(browser, path: Path, width: int):
    """The page opened at `width`, with every request it makes and every console error recorded."""
    context = browser.new_context(viewport={"width": width, "height": 900}, offline=True)
    page = context.new_page()
    requests, errors = [], []

    def route(r):
        requests.append(r.request.url)
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    return context, page, requests, errors


def test_every_page_stays_in_its_file_without_errors_or_overflow(browser, pages):
    problems = []
    for path in pages:
        for width in WIDTHS:
            context, page, requests, errors = _open(browser, path, width)
            outside = [u for u in requests if not u.startswith(("file://", "data:"))]
            other_files = [u for u in requests if u.startswith("file://") and u != path.as_uri()]
            if outside or other_files:
                problems.append(f"{path.name} @{width}: requests {outside + other_files}")
            if errors:
                problems.append(f"{path.name} @{width}: console errors {errors[:3]}")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
                problems.append(f"{path.name} @{width}: {overflow} px wider than the window ({wide})")
            no_alt = page.evaluate("[...document.images].filter(i => !(i.getAttribute('alt') || '').trim()).length")
            if no_alt:
                problems.append(f"{path.name} @{width}: {no_alt} image(s) without alt text")
            context.close()
    assert problems == []


def test_captions_are_never_cut_off_on_a_narrow_screen(browser, pages):
    problems = []
    for path in pages:
        context, page, _, _ = _open(browser, path, 420)
        cut = page.evaluate("""() => [...document.querySelectorAll('p.tabel-titel')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.textContent.slice(0, 40))""")
        if cut:
            problems.append(f"{path.name}: {cut[:3]}")
        context.close()
    assert problems == []


def test_a_narrow_table_title_wraps_at_the_page_not_at_the_table(browser, report_2026):
    """Tabel 18 is three numbers wide; its title used to wrap into 13 lines as narrow as the table."""
    context, page, _, _ = _open(browser, report_2026[1].target / "02_capaciteit.html", 1280)
    title = page.locator("#tabel-18 p.tabel-titel")
    lines = page.evaluate("(e) => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))",
                          title.element_handle())
    context.close()
    assert lines <= 4


def test_printing_expands_open_answers(browser, report_2026):
    context, page, _, _ = _open(browser, report_2026[1].target / "02_capaciteit.html", 1280)
    closed = page.evaluate("[...document.querySelectorAll('details li')].filter(e => e.checkVisibility()).length")
    page.emulate_media(media="print")
    printed = page.evaluate("[...document.querySelectorAll('details li')].filter(e => e.checkVisibility()).length")
    total = page.evaluate("document.querySelectorAll('details li').length")
    context.close()
    assert closed == 0 and printed == total > 0


#: axe-core's rules of WCAG 2.0-2.2 A and AA (2.2 brings the 24 px target size), its best practices
#: (heading order, empty table headers, landmarks …) and AAA (7:1 contrast): the report's readers
#: include older board members reading on a phone or on paper
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "wcag2aaa"]


def test_no_accessibility_violation_at_either_width(browser, pages):
    """No axe-core violation of any impact (minor ones too) on any page at 1280 and 420 px."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in pages:
        for width in WIDTHS:
            context, page, _, _ = _open(browser, path, width)
            result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            violations = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×: {v['nodes'][0]['target']}): {v['help']}"
                          for v in result.response["violations"]]
            if violations:
                found[f"{path.name} at {width} px"] = violations
            context.close()
    assert found == {}


def _report_css() -> str:
    from wlzmonitor.run.html_export import TEMPLATE_DIR, TEMPLATE_NAME

    return (TEMPLATE_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")


def test_printing_a_page_never_splits_a_note_from_its_table(browser, tmp_path):
    """Printed from the browser (Ctrl+P, page.pdf), a table's two-line note under it was cut over two
    sheets: 'voorzichtig interpreteren.' and the verdict after it stood alone at the top of the next
    sheet (Bijlage 3, Tabel B25). Tables at every height on the sheet: each note is printed whole,
    on the sheet of its table, with its verdict."""
    import base64
    import io

    import pypdf

    note = ("* Kleine basis (n &lt; 20): de percentages zijn gevoelig voor enkele antwoorden; "
            "voorzichtig interpreteren, uitgebreid met enkele woorden zodat de noot twee regels telt.")
    chart = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="880" height="423">'
                             b'<rect width="880" height="423" fill="#ddd"/></svg>').decode()
    sections = []
    for i in range(40):
        filler = "".join(f"<p>Tekst {i}.{k} van de pagina.</p>" for k in range(i % 7))
        rows = "".join(f"<tr><th class='row_heading'>Rij {r}</th><td>{r}%</td><td>{r + 1}%</td></tr>" for r in range(3))
        sections.append(
            f'{filler}<section class="tabel" id="tabel-{i}"><div class="tabel-blok">'
            f'<p class="tabel-titel">Tabel {i} – Begin{i}</p><div class="tabel-scroll"><table class="rapport">'
            f"<thead><tr><th></th><th class='col_heading'>A</th><th class='col_heading'>B</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div></div>"
            f'<p class="note">Noot{i}: {note} Einde{i}.</p>'
            f'<p class="verdict">Oordeel{i}: geen statistisch significant verschil tussen de groepen.</p>'
            f'<figure class="chart"><img alt="Grafiek {i}" width="880" height="423" style="max-width:100%;height:auto" '
            f'src="data:image/svg+xml;base64,{chart}"></figure></section>')
    page = tmp_path / "noten.html"
    page.write_text(f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>{_report_css()}</style>'
                    f'</head><body><main class="report">{"".join(sections)}</main></body></html>', encoding="utf-8")
    context, tab, _, _ = _open(browser, page, 1280)
    pdf = pypdf.PdfReader(io.BytesIO(tab.pdf(format="A4")))
    context.close()
    sheet = {}
    for number, printed in enumerate(pdf.pages):
        for mark, i in re.findall(r"(Begin|Noot|Einde|Oordeel)(\d+)", "".join(printed.extract_text().split())):
            sheet.setdefault(i, {})[mark] = number
    split = {i: where for i, where in sheet.items() if len(set(where.values())) > 1}
    assert len(sheet) == 40 and split == {}


#: the words of the row labels of a report table that a phone showed broken inside the word
_BROKEN_WORDS = """() => [...document.querySelectorAll('table.rapport th.row_heading')].flatMap(th => {
  const broken = [];
  for (const node of th.childNodes) {
    if (node.nodeType !== Node.TEXT_NODE) continue;
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
})"""


def test_a_phone_never_breaks_a_row_label_inside_a_word(browser, tmp_path):
    """On a phone (420 px) the label column of a wide table was squeezed to 7rem and its words broken
    anywhere: 'Kwaliteitsbeel/d', 'zorgorganisati/e', '(contractering/s)gesprek' (Tabel 26). The table
    scrolls sideways in its own region, so its label column is as wide as its longest word."""
    labels = ["Ons Kwaliteitsbeeld is onderdeel van het (contracterings)gesprek met het zorgkantoor.",
              "Het zorgkantoor biedt ruimte voor de eigen afwegingen van de zorgorganisatie omtrent kwaliteit.",
              "Het landelijk richttariefpercentage zoals vastgesteld"]
    heads = "".join(f'<th class="col_heading">{h} <span class="kolom-n">(n=122)</span></th>'
                    for h in ("Ja, geheel", "Ruime mate", "Voldoende", "Beperkt", "Geheel niet", "Weet niet"))
    rows = "".join(f'<tr><th class="row_heading">{label}</th>' + "<td>23%</td>" * 6 + "</tr>" for label in labels)
    page = tmp_path / "telefoon.html"
    page.write_text(f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
                    f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_report_css()}</style>'
                    f'</head><body><main class="report"><section class="tabel"><div class="tabel-scroll">'
                    f'<table class="rapport"><thead><tr><th class="blank"></th>{heads}</tr></thead><tbody>{rows}'
                    f"</tbody></table></div></section></main></body></html>", encoding="utf-8")
    context, tab, _, _ = _open(browser, page, 420)
    broken = tab.evaluate(_BROKEN_WORDS)
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert broken == [] and overflow <= 0


def test_printing_the_built_pages_never_cuts_a_note(browser, pages):
    """Every page of the report printed from the browser: every note (under a table, or a footnote in
    the text: '¹ In 2025 was de vraag anders gesteld …', 1 Reguliere Wlz-inkoop, was cut over two sheets)
    begins and ends on the same sheet."""
    import io

    import pypdf

    cut = []
    for path in pages:
        context, tab, _, _ = _open(browser, path, 1280)
        notes = tab.evaluate("[...document.querySelectorAll('main p.note, main p.table-note')].map(p => p.innerText)")
        sheets = ["".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(tab.pdf(format="A4"))).pages]
        context.close()
        for note in notes:
            words = "".join(note.split()).replace("ﬁ", "fi")
            head, tail = words[:25], words[-25:]
            on = [i for i, sheet in enumerate(sheets) if head in sheet.replace("ﬁ", "fi")]
            if on and tail not in sheets[on[0]].replace("ﬁ", "fi"):
                cut.append(f"{path.name}, sheet {on[0] + 1}: {note[:60]}")
    assert cut == []


def test_a_wide_table_on_a_phone_shows_the_side_it_continues_on(browser, tmp_path):
    """A table wider than a phone (Bijlage 2 and 3: the last column, "Totaal", out of sight) gave no sign that it
    scrolls (readers review). A shadow marks the side it continues on: at the start the right edge only, at the
    end the left edge only; a table that fits has neither. The row colours stay as they were on white."""
    heads = "".join(f'<th class="col_heading">Omzetgroep {i} <span class="kolom-n">(n=122)</span></th>' for i in range(8))
    rows = "".join('<tr><th class="row_heading">Ja, want</th>' + "<td></td>" * 8 + "</tr>" for _ in range(5))
    narrow = '<tr><th class="row_heading">Ja</th><td></td></tr>' * 5

    def table(body: str, head: str) -> str:
        return (f'<section class="tabel"><div class="tabel-scroll" tabindex="0"><table class="rapport"><thead><tr>'
                f'<th class="blank"></th>{head}</tr></thead><tbody>{body}</tbody></table></div></section>')

    page = tmp_path / "breed.html"
    page.write_text(f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
                    f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_report_css()}</style>'
                    f'</head><body><main class="report">{table(rows, heads)}'
                    f'{table(narrow, "<th class=col_heading>2026</th>")}</main></body></html>', encoding="utf-8")
    context, tab, _, _ = _open(browser, page, 360)
    from PIL import Image
    import io

    def edges(index: int) -> tuple[int, int]:
        """The darkness (255 - the grey level) at the region's left and right edge, in an empty odd row."""
        region = tab.query_selector_all("div.tabel-scroll")[index]
        shot = Image.open(io.BytesIO(region.screenshot())).convert("L")
        y = shot.height - 5  # the last row (odd rows have no row colour of their own)
        return 255 - shot.getpixel((1, y)), 255 - shot.getpixel((shot.width - 2, y))

    start = edges(0)
    tab.query_selector_all("div.tabel-scroll")[0].evaluate("d => d.scrollLeft = d.scrollWidth")
    end = edges(0)
    fits = edges(1)
    zebra = tab.evaluate("getComputedStyle(document.querySelector('tbody tr:nth-child(2)')).backgroundColor")
    context.close()
    assert start[0] < 3 and start[1] > 20, start   # the right edge shaded: there is more to the right
    assert end[0] > 20 and end[1] < 3, end         # at the end the left edge shaded
    assert fits == (0, 0), fits
    assert zebra == "rgba(75, 115, 155, 0.05)"  # #f6f8fa on white, translucent over the shadow
