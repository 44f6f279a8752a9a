"""The built 2026 report as a reader gets it: every page checked for the classes of language and
layout defect of tests/page_checks.py, the navigation and the contents, the index of every table,
the front pages (Samenvatting, Kerncijfers) and the PDF read back."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import page_checks as pc

pytestmark = pytest.mark.slow  # reads the whole report built once per session (conftest.report_2026)


@pytest.fixture(scope="module")
def config(report_2026):
    return report_2026[0]


@pytest.fixture(scope="module")
def out(report_2026):
    return report_2026[1].target


@pytest.fixture(scope="module")
def pages(out):
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}


@pytest.mark.parametrize("check", [pc.doubled_punctuation, pc.unseparated_thousands, pc.minus_signs,
                                   pc.repeated_headings, pc.unlabelled_examples, pc.skipped_heading_levels,
                                   pc.empty_header_cells, pc.contents_entries_that_are_no_sections],
                         ids=lambda c: c.__name__)
def test_no_page_has_the_defect(pages, check):
    found = {name: check(page) for name, page in pages.items()}
    assert {name: f for name, f in found.items() if f} == {}


def test_terms_are_written_one_way_on_every_page(pages):
    assert pc.capitalisation(pages) == []


def test_every_page_has_the_header_and_the_neighbours_in_report_order(config, pages):
    stems = list(config.chapters)
    for i, stem in enumerate(stems):
        page = pages[f"{stem}.html"]
        assert 'class="rapporttitel"><a href="index.html">Monitor Wlz-zorgcontractering 2026</a>' in page, stem
        previous = f"{stems[i - 1]}.html" if i else "index.html"
        assert f'rel="prev" href="{previous}"' in page, stem
        if i + 1 < len(stems):
            assert f'rel="next" href="{stems[i + 1]}.html"' in page, stem
        assert page.count('class="bladeren') == 2, stem  # at the top and at the end


def _ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_every_link_between_pages_lands_on_an_anchor(out, pages):
    ids = {name: _ids(page) for name, page in pages.items()}
    broken = []
    for name, page in pages.items():
        for target in re.findall(r'href="([^"]+)"', page):
            file, _, anchor = target.partition("#")
            file = file or name
            if file.endswith(".html"):
                if file not in pages or (anchor and anchor not in ids[file]):
                    broken.append(f"{name} -> {target}")
            elif not target.startswith("#"):
                assert (out / file).exists(), f"{name} -> {target}"
    assert broken == []


def test_the_index_lists_every_table_by_number_with_a_direct_link(out, pages):
    index = pd.read_csv(out / "tables" / "index.csv", keep_default_na=False)
    home = pages["index.html"]
    for row in index.itertuples():
        page, anchor = row.page.split("#")
        assert f'id="{anchor}"' in pages[page], row.page
        assert f'href="{row.page}">{row.report_number} – ' in home, row.report_number
    assert 'href="wlz_monitor_2026.pdf"' in home and 'href="wlz_monitor_2026_tabellen.xlsx"' in home
    # the files before the ~175 contents links, and a skip link as on every page (review of the readers)
    assert home.index('href="wlz_monitor_2026.pdf"') < home.index('id="hoofdstukken"')
    assert 'class="naar-tekst" href="#begin-tekst"' in home and 'id="begin-tekst"' in home


def test_every_table_and_chart_has_an_anchor(pages):
    for name, page in pages.items():
        sections = re.findall(r'<section class="tabel[^"]*" id="(tabel-[a-z0-9]+)"', page)
        assert len(sections) == len(set(sections)), name
        for figure in re.findall(r'<figure class="chart"([^>]*)>', page):
            assert 'id="grafiek-' in figure, name


def test_samenvatting_has_findings_with_trends_a_conclusion_and_a_reading_guide(pages):
    page = pages["00_samenvatting.html"]
    for heading in ("1 Reguliere Wlz-inkoop en gevolgen", "5 Wlz-inkoopbeleid, geldstromen, suggesties en NPS",
                    "Conclusie", "Leeswijzer"):
        assert f">{heading}<" in page, heading
    assert "22% heeft bij het zorgkantoor om maatwerk verzocht" in page and "(2025: 35%, 2024: 46%)" in page


def test_kerncijfers_figures_come_from_the_tables_with_tested_directions_and_quotes(out, pages):
    page = pages["00_kerncijfers.html"]
    maatwerk = pd.read_csv(out / "tables" / "maatwerk.csv", dtype=str)
    now = float(maatwerk[(maatwerk["row"] == "Ja") & (maatwerk["column"] == "2026")]["value"].item())
    assert f'<p class="getal">{round(now)}%</p>' in page  # 22%, from the computed table
    assert "2025: 35%" in page and "indicatief" in page and "Statistisch significant gedaald" in page
    assert page.count('<blockquote class="citaat">') == 5 and "Vraag 13 – Bent u tevreden" in page
    assert page.count('<div class="kerncijfer"') == 12


def test_the_pdf_holds_every_page_and_table_with_page_numbers(out, config):
    from pypdf import PdfReader

    reader = PdfReader(out / "wlz_monitor_2026.pdf")
    assert 100 < len(reader.pages) < 300
    assert reader.metadata.title == "Monitor Wlz-zorgcontractering 2026" and "/CreationDate" not in reader.metadata
    text = "\n".join(page.extract_text() for page in reader.pages)
    index = pd.read_csv(out / "tables" / "index.csv", keep_default_na=False)
    missing = [n for n in index["report_number"] if not re.search(rf"\b{n} – ", text)]
    assert missing == []
    contents = reader.pages[1].extract_text()
    assert "Inhoud" in contents and re.search(r"Kerncijfers \.+ \d+", contents)
    assert f"Pagina 3 van {len(reader.pages)}" in reader.pages[2].extract_text()
    for title in config.chapters.values():
        assert title in text, title


def test_no_pdf_page_begins_with_a_table_s_verdict(out):
    """Review of the readers: a page break after a note under a table put the verdict ("Significant
    verschil" of B27 and B34 too) at the top of the next page, its table on the page before (19 pages)."""
    from pypdf import PdfReader

    # "Significant verschil." (the verdict), not the publication audit's section "Significant verschil niet in de tekst"
    verdicts = ("Geen statistisch", "Significant verschil.", "Significante verandering", "Niet getoetst", "Geen toets")
    starts = {i: (page.extract_text() or "").strip().splitlines()[:1]
              for i, page in enumerate(PdfReader(out / "wlz_monitor_2026.pdf").pages, 1)}
    assert [i for i, first in starts.items() if first and first[0].startswith(verdicts)] == []


def test_no_reproduction_list_starts_with_one_row_at_the_foot_of_a_pdf_page(out):
    """Review of the readers: Bijlage 5's lists may run over pages, but one began with its header and
    a single row at the foot of a page (page 143 of 193), the rest on the next."""
    from pypdf import PdfReader

    header = "Rij Kolom Maat Gepubliceerd Berekend Verschil Status"
    feet = []
    for i, page in enumerate(PdfReader(out / "wlz_monitor_2026.pdf").pages, 1):
        lines = [line for line in (page.extract_text() or "").strip().splitlines()
                 if not line.startswith("Monitor Wlz-zorgcontractering") and not line.startswith("Pagina ")]
        if header in lines[-2:]:
            feet.append((i, lines[-2:]))
    assert feet == []


def test_no_pdf_page_holds_a_single_line(out):
    """Review of the readers: the last sheet of the PDF held one line, Bijlage 5's last finding, cut
    from its list (a list of two findings); no page is a lone line of a paragraph or list."""
    from pypdf import PdfReader

    lonely = []
    for i, page in enumerate(PdfReader(out / "wlz_monitor_2026.pdf").pages, 1):
        lines = [line for line in (page.extract_text() or "").strip().splitlines()
                 if line.strip() not in ("", "•") and not line.startswith("Monitor Wlz-zorgcontractering")]
        if len(lines) <= 1 and not page.images:  # (a tall chart may fill a page alone: its text is in the image)
            lonely.append((i, lines))
    assert lonely == []


def test_every_chart_s_smallest_text_prints_at_6_pt_or_more(out):
    """On paper a chart is scaled to the page's width, a tall one to at most 180 mm high: its smallest
    text (the values at its bars; a Kerncijfers card's labels) prints at 6 pt or more. Review of the
    readers: at most 120 mm high, the three tallest charts printed it at 4-5 pt, and the cards' at 5.6 pt."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from wlzmonitor.present import charts

    smallest = {round(charts.FIG_WIDTH * charts.DPI): charts.VALUE_LABEL_SIZE,
                round(charts.MINI_FIGSIZE[0] * charts.DPI): charts.MINI_LABEL_SIZE}
    pdf = pdfium.PdfDocument(out / "wlz_monitor_2026.pdf")
    printed = []
    for number in range(len(pdf)):
        for image in pdf[number].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=5):
            left, _bottom, right, _top = image.get_bounds()
            width = image.get_px_size()[0]
            assert width in smallest, f"page {number + 1}: an image {width} px wide, not a chart of charts.py"
            printed.append((round(smallest[width] * (right - left) / (width / charts.DPI * 72), 2), number + 1))
    assert len(printed) >= 80
    assert min(printed)[0] >= 6.0, sorted(printed)[:5]


def test_no_pdf_page_is_left_mostly_empty_by_the_table_or_chart_after_it(out):
    """Review of the readers: a table, its verdict and its chart were kept together on paper, so when the whole did
    not fit below a chapter's opening text it moved on and left the chapter's first page 70 % blank (1 Reguliere
    Wlz-inkoop, 5 Wlz-inkoopbeleid), and a table with a chart too tall to share a sheet with it was moved on and
    then cut anyway: 23 pages were less than 60 % filled before a page opening with 'Tabel …'. A chart may now start
    on the next sheet; no page is left less than 40 % filled before one (a table too long for the rest of a page,
    Tabel B5's 32 rows, may still start on a sheet of its own)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(out / "wlz_monitor_2026.pdf")
    _, height = pdf[0].get_size()
    top, foot = height - 18 / 25.4 * 72, 20 / 25.4 * 72  # the print stylesheet's @page margins
    empty = []
    for number in range(len(pdf) - 1):
        bottoms = [obj.get_bounds()[1] for obj in pdf[number].get_objects(max_depth=5)]
        bottoms = [b for b in bottoms if foot <= b <= top]  # the running footer is in the margin
        filled = (top - min(bottoms)) / (top - foot) if bottoms else 0.0
        following = (pdf[number + 1].get_textpage().get_text_range() or "").strip()
        if filled < 0.4 and following.startswith("Tabel "):
            empty.append((number + 1, round(filled, 2), following[:40]))
    assert empty == [], empty


def test_no_pdf_page_opens_with_a_footnote_away_from_its_paragraph(out):
    """Review h100: a footnote under the prose (``p.note`` outside a table's section: "¹ 85% in 2023 is berekend uit de
    onafgeronde percentages …") opened the next sheet, its "¹" on the page before (PDF pages 6, 30 and 45)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(out / "wlz_monitor_2026.pdf")
    opening = [(number + 1, text[:40]) for number in range(len(pdf))
               for text in [(pdf[number].get_textpage().get_text_range() or "").strip()]
               if text[:1] in "¹²³⁴⁵⁶⁷⁸⁹" and text]
    assert opening == [], opening
