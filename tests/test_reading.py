"""The report as its readers get it, on small hand-made input (quick): page frame and navigation,
contents, table titles and headers, key figures and their wording, approved quotes, the workbook,
the PDF's document, and that the page checks of tests/page_checks.py find each class of defect."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

import page_checks as pc
from wlzmonitor.present.coding_html import coding_html
from wlzmonitor.present.key_figures import QuoteError, approved_quotes, key_figure, key_figure_html
from wlzmonitor.present.page_frame import (
    contents_html,
    fill_contents,
    frame_page,
    navigation_html,
    page_header_html,
    page_outline,
    table_anchor,
)
from wlzmonitor.present.table_files import caption_title, house_style, lower_first
from wlzmonitor.present.table_html import column_header_html, verdict_html

CHAPTERS = {"00_samenvatting": "Samenvatting", "01_tarieven": "1 Tarieven", "bijlage_1_respons": "Bijlage 1: Respons"}


# -- the page frame -------------------------------------------------------------------------------
def test_navigation_follows_the_report_order():
    first = navigation_html(CHAPTERS, "00_samenvatting")
    assert 'href="index.html">Inhoud' in first and 'rel="prev" href="index.html"' in first
    assert 'rel="next" href="01_tarieven.html"' in first and "Volgende<span class=\"nav-titel\">: 1 Tarieven" in first
    middle = navigation_html(CHAPTERS, "01_tarieven")
    assert 'rel="prev" href="00_samenvatting.html"' in middle and 'rel="next" href="bijlage_1_respons.html"' in middle
    last = navigation_html(CHAPTERS, "bijlage_1_respons")
    assert 'rel="next"' not in last and "Vorige" in last
    index = navigation_html(CHAPTERS, None)
    assert 'rel="prev"' not in index and 'rel="next" href="00_samenvatting.html"' in index
    assert "Monitor Wlz-zorgcontractering 2026" in page_header_html(CHAPTERS, "01_tarieven", year=2026)


PAGE = """<html><body><main class="report">
<header class="paginakop"><p class="rapporttitel"><a href="index.html">Monitor</a></p>
<nav class="bladeren bladeren-boven" aria-label="Bladeren"><a class="nav-inhoud" href="index.html">Inhoud</a></nav></header>
<h1 id="titel">1 Tarieven</h1><!--wlz:inhoud-->
<h2 id="1-1-tariefafspraken">1.1 Tariefafspraken<a class="anchor-link" href="#1-1-tariefafspraken">¶</a></h2>
<section class="tabel" id="tabel-1">
<p class="tabel-titel" id="t1-titel">Tabel 1 – Welk tariefpercentage? (2024: n=107, 2026: n=122)</p></section>
<h3 id="sub">Sub</h3>
<section class="tabel niet-gesteld" id="tabel-b12"><p class="note">Niet gesteld.</p></section>
</main></body></html>"""


def test_outline_and_contents_list_sections_and_tables():
    outline = page_outline(PAGE)
    assert outline == [(2, "1-1-tariefafspraken", "1.1 Tariefafspraken"), (4, "tabel-1", "Tabel 1 – Welk tariefpercentage?"),
                       (3, "sub", "Sub"), (4, "tabel-b12", "Tabel B12 (niet gesteld)")]
    contents = contents_html(outline, page="01_tarieven.html")
    assert '<a href="01_tarieven.html#tabel-1">Tabel 1 – Welk tariefpercentage?</a>' in contents
    assert contents.count("<ol") == contents.count("</ol>") and contents.count("<li") == contents.count("</li>")
    page = frame_page(PAGE)
    assert "<!--wlz:inhoud-->" not in page and 'class="inhoud-pagina"' in page and "Op deze pagina" in page
    assert page.count('class="bladeren') == 2 and page.index("bladeren-onder") > page.index("tabel-b12")
    assert fill_contents("<main>no mark</main>") == "<main>no mark</main>"
    assert table_anchor("Tabel B12") == "tabel-b12" and table_anchor("Tabel 18") == "tabel-18"


def test_contents_entries_that_would_read_the_same_are_cut_in_the_middle():
    """Review: the index listed 'Tabel 21 – Heeft u overeenstemming bereikt met het zorgkantoor over
    een herschikking van …' and Tabel 23 with the same words: the questions differ only at their
    end. Entries that read the same once cut keep their start and end; where even that reads the
    same they are written out in full; an entry without a clash is cut at its end as before."""
    same = ("Heeft u overeenstemming bereikt met het zorgkantoor over een herschikking van de "
            "productieafspraken 2025 die nodig is om recht te doen aan de ")
    middle = ("Welke afspraken heeft u gemaakt met het zorgkantoor over de vergoeding van {} voor cliënten met een "
              "indicatie voor verblijf in 2026?")
    long_one = "Vraag 6 Wat is de top drie van speerpunten op het gebied van kwaliteit waar uw organisatie zich op richt?"
    page = ('<main><h1 id="t">X</h1>'
            f'<section class="tabel" id="tabel-21"><p class="tabel-titel">Tabel 21 – {same}intramurale cliëntenmix? '
            '(2023: n=97, 2024: n=108)</p></section>'
            f'<section class="tabel" id="tabel-23"><p class="tabel-titel">Tabel 23 – {same}zorgvraag voor zelfstandig '
            'wonende Wlz-cliënten? (2023: n=102)</p></section>'
            f'<section class="tabel" id="tabel-30"><p class="tabel-titel">Tabel 30 – {middle.format("tarieven")}</p></section>'
            f'<section class="tabel" id="tabel-31"><p class="tabel-titel">Tabel 31 – {middle.format("toeslagen")}</p></section>'
            f'<h2 id="v6">{long_one}</h2></main>')
    assert page_outline(page) == [
        (4, "tabel-21", "Tabel 21 – Heeft u overeenstemming bereikt met het … de intramurale cliëntenmix?"),
        (4, "tabel-23", "Tabel 23 – Heeft u overeenstemming bereikt met het zorgkantoor … wonende Wlz-cliënten?"),
        (4, "tabel-30", "Tabel 30 – " + middle.format("tarieven")),
        (4, "tabel-31", "Tabel 31 – " + middle.format("toeslagen")),
        (2, "v6", "Vraag 6 Wat is de top drie van speerpunten op het gebied van kwaliteit waar uw …"),
    ]
    same_table = page.replace('id="tabel-23"', 'id="tabel-23a"').replace("Tabel 23 – " + same + "zorgvraag voor "
                                                                         "zelfstandig wonende Wlz-cliënten?",
                                                                         "Tabel 23 – " + same + "intramurale cliëntenmix?")
    assert page_outline(same_table)[1] == (4, "tabel-23a", "Tabel 23 – Heeft u overeenstemming bereikt met het "
                                           "zorgkantoor over een herschikking van …")


def test_a_skip_link_leads_past_the_navigation_and_contents():
    """Review: some 48 Tab presses before Bijlage 4's text (title, Inhoud, Vorige, Volgende, every
    contents link). The first thing a keyboard reaches is a link to where the text begins."""
    page = frame_page(PAGE)
    main = page.split('<main class="report">', 1)[1]
    assert main.startswith('<a class="naar-tekst" href="#begin-tekst">')
    start = page.index('<span id="begin-tekst" tabindex="-1"></span>')
    assert page.index("</nav>", page.index('class="inhoud-pagina"')) < start < page.index('id="1-1-tariefafspraken"')
    assert frame_page(page).count('class="naar-tekst"') == 1
    assert 'class="naar-tekst"' not in frame_page("<html><body><main class=\"report\"><h1>Inhoud</h1></main></body></html>")


def test_every_heading_gets_an_id_and_a_place_in_the_contents():
    """The appendices' headings written as HTML (Weging, Toetsing …, Bijlage 4's questions) had no id:
    missing from 'Op deze pagina' and unreachable by a link. Ids come from the text, unique in the
    page (two headings 'Weging', a heading 'weging-2' already there), never replacing one."""
    page = ('<html><head><h2>not in main</h2></head><body><main><h1 id="titel">B</h1><!--wlz:inhoud-->'
            '<h2 id="weging-2">Gegeven</h2><h2>Weging</h2><h2 class="x">Weging</h2>'
            '<h3><span class="nummer">Vraag 6</span> Wat is de top drie van speerpunten op het gebied van kwaliteit '
            'waar uw organisatie zich op richt in 2026? De speerpunten zijn:</h3>'
            '<h2>95%-betrouwbaarheidsintervallen</h2><h2> </h2><h3>Één &amp; ∑</h3></main></body></html>')
    framed = frame_page(page)
    assert '<h2>not in main</h2>' in framed
    assert '<h2 id="weging">Weging</h2>' in framed and '<h2 id="weging-3" class="x">Weging</h2>' in framed
    assert '<h2 id="weging-2">Gegeven</h2>' in framed and '<h2 id="95-betrouwbaarheidsintervallen">' in framed
    assert '<h3 id="vraag-6-wat-is-de-top-drie-van">' in framed and '<h3 id="een">' in framed
    contents = framed.split('class="inhoud-pagina"')[1].split("</nav>")[0]
    assert '<a href="#weging-3">Weging</a>' in contents and '<a href="#een">Één &amp; ∑</a>' in contents
    assert ('<a href="#vraag-6-wat-is-de-top-drie-van">Vraag 6 Wat is de top drie van speerpunten op het gebied '
            'van kwaliteit waar uw …</a>') in contents
    assert 'href="#sectie"' not in contents  # a heading without words: an id, but no nameless link


def test_the_open_answers_headings_keep_the_levels_and_stay_out_of_the_contents():
    """'Toelichtingen bij Vraag 10' (h3 since no level may be skipped after a section's h2) and a
    coded question's title and categories are no sections: they get an id (a link can reach them) but
    no place in 'Op deze pagina' or the index, and the tables after them stay under their section."""
    import pandas as pd

    from wlzmonitor.present.explanations_html import explanations_html

    frame = pd.DataFrame({"code": pd.array([1], dtype="Int64"), "category": ["Ja, want"], "text": ["Omdat"]})
    answers = explanations_html(frame, title="Toelichtingen bij Vraag 10")
    page = ('<html><body><main class="report"><h1 id="titel">1 Tarieven</h1><!--wlz:inhoud-->'
            '<h2 id="s1">1.1 Tariefafspraken</h2><section class="tabel" id="tabel-1"><p class="tabel-titel">Tabel 1 – A</p>'
            f'{answers}</section><section class="tabel" id="tabel-2"><p class="tabel-titel">Tabel 2 – B</p></section>'
            '<h3 class="codering-titel geen-inhoud">Speerpunten</h3><h3 class="GEEN-inhoudx">Echt</h3>'
            '<h3 class="x geen-inhoud y">Nee, want …</h3><h3 class="x-geen-inhoud">Ook echt</h3></main></body></html>')
    framed = frame_page(page)
    assert '<h3 id="toelichtingen-bij-vraag-10" class="toelichtingen-titel geen-inhoud">' in framed
    assert page_outline(framed) == [(2, "s1", "1.1 Tariefafspraken"), (4, "tabel-1", "Tabel 1 – A"),
                                    (4, "tabel-2", "Tabel 2 – B"), (3, "echt", "Echt"), (3, "ook-echt", "Ook echt")]
    assert frame_page(framed).count(' id="weging') == framed.count(' id="weging')  # nothing added twice


# -- tables: titles, headers, verdicts ------------------------------------------------------------
def test_column_headers_keep_the_base_short_and_on_one_line():
    header = column_header_html("Zilveren Kruis (n variërend van 32 tot 35) *")
    assert header == 'Zilveren Kruis<br><span class="kolom-n">(n=32–35)</span> *'
    assert column_header_html("Totaal (n=122)") == 'Totaal<br><span class="kolom-n">(n=122)</span>'
    assert column_header_html("2026") == "2026"


class _Spec:
    title = "Ja, met de volgende reden(en) (meerdere antwoorden mogelijk):"
    number = "Tabel 4"
    by = None


def test_titles_lose_a_closing_colon_and_keep_house_style():
    assert caption_title(_Spec(), None) == "Ja, met de volgende reden(en) (meerdere antwoorden mogelijk)"
    assert house_style("Nederlandse Zorgautoriteit (NZA)?") == "Nederlandse Zorgautoriteit (NZa)?"
    assert lower_first("Wlz-uitvoerder") == "Wlz-uitvoerder" and lower_first("Jaaromzet") == "jaaromzet"
    assert lower_first("NPS-groep") == "NPS-groep"


def test_a_significant_difference_is_red_bold_and_says_so():
    from types import SimpleNamespace

    spec = SimpleNamespace(by="uitvoerder")
    markup = verdict_html(spec, SimpleNamespace(test="chi2", p_value=0.01, significant=True), alpha=0.05)
    assert 'class="verdict significant"' in markup and "<strong class=\"markering\">Significant verschil.</strong>" in markup
    css = (Path(__file__).resolve().parents[1] / "lib/wlzmonitor/run/templates/nbconvert/wlz_report/report.css").read_text()
    assert "p.verdict.significant { color: var(--significant); font-weight: 700;" in css


def test_examples_say_they_are_examples(result_2026):
    markup = coding_html(result_2026.coded, "kwaliteit_speerpunten")
    assert "Drie voorbeelden uit de " in markup
    assert pc.unlabelled_examples(markup) == []


# -- key figures -----------------------------------------------------------------------------------
def _figure(result_2026, key, row, significant=None, indicative=None):
    from wlzmonitor.present.figures_text import KeyFigures

    specs = {s.key: s for s in result_2026.layout.tables}
    units = {q.key: q.unit for q in result_2026.codebook.questions}
    changes = result_2026.changes.copy()
    own = (changes["table_key"] == key) & (changes["row_code"].astype(str) == str(row))
    if significant is not None:
        changes.loc[own, "significant"] = significant
        changes.loc[own, "indicative"] = indicative
    figures = KeyFigures(2026, specs, result_2026.tables, units)
    return key_figure(figures, changes, specs[key], result_2026.tables[key], str(row), "vroeg om maatwerk", year=2026)


def test_key_figure_comes_from_the_table_and_calls_significant_only_what_the_test_says(result_2026):
    card = _figure(result_2026, "maatwerk", 1)
    assert card.text == "22%" and card.previous == "2025: 35%" and [h[2] for h in card.history] == ["46%", "35%", "22%"]
    assert "indicatief" in card.direction and "significant na" in card.direction and not card.significant
    significant = _figure(result_2026, "maatwerk", 1, significant=True, indicative=False)
    assert significant.significant and significant.direction.startswith("▼ Statistisch significant gedaald")
    plain = _figure(result_2026, "maatwerk", 1, significant=False, indicative=False)
    assert plain.direction == "Geen statistisch significante verandering ten opzichte van 2025."
    markup = key_figure_html(card, chapter_title="1 Reguliere Wlz-inkoop en gevolgen")
    assert 'href="01_tarieven.html#tabel-3"' in markup and "in hoofdstuk 1 Reguliere" in markup


def test_a_key_figure_s_change_is_the_difference_of_the_printed_figures(result_2026):
    """NPS +7 (6,56) against 2025's +4 (4,46): a reader subtracts the printed figures and expects 3
    punten, not the 2 of the unrounded difference."""
    card = _figure(result_2026, "nps", "NPS", significant=False, indicative=True)
    assert card.text == "+7" and card.previous == "2025: +4"
    assert card.direction.startswith("3 punten gestegen ten opzichte van 2025")


def test_a_key_figure_of_a_table_printing_the_year_before_reads_its_own_columns(result_2026):
    """Herschikking columns 2024-2026 print 2023-2025: the history pairs each printed year with the
    figure printed under it in the table (Tabel 21: 75%, 71%, 75%)."""
    card = _figure(result_2026, "herschikking_intramuraal", 1)
    table = result_2026.tables["herschikking_intramuraal"]
    own = table[table["row_code"].astype(str) == "1"].set_index("column_code")["value"]
    assert [(label, value) for label, value, _ in card.history] == \
        [("2023", own[2024]), ("2024", own[2025]), ("2025", own[2026])]
    assert card.previous.startswith("2024: ")


def test_a_key_figure_compared_across_a_changed_question_is_marked_and_not_tested(result_2026):
    import dataclasses

    from wlzmonitor.present.figures_text import KeyFigures

    specs = {s.key: s for s in result_2026.layout.tables}
    specs["maatwerk"] = dataclasses.replace(specs["maatwerk"], changes={2025: "gewijzigde antwoordcategorieën"})
    figures = KeyFigures(2026, specs, result_2026.tables)
    card = key_figure(figures, result_2026.changes, specs["maatwerk"], result_2026.tables["maatwerk"], "1",
                      "vroeg om maatwerk", year=2026)
    assert card.previous == "2025: 35% (anders gevraagd)"
    assert card.direction == "Niet vergelijkbaar met 2025 (gewijzigde antwoordcategorieën); niet getoetst."
    assert not card.significant


# -- quotes ------------------------------------------------------------------------------------------
def _quote_file(tmp_path, answer_id, text):
    path = tmp_path / "2026.yml"
    path.write_text(f'year: 2026\nquotes:\n  - answer_id: {answer_id}\n    text: "{text}"\n    theme: T\n',
                    encoding="utf-8")
    return path


def test_an_approved_quote_shows_the_scrubbed_text_and_its_question(result_2026, tmp_path):
    coded = result_2026.coded
    row = coded.drop_duplicates("answer_id").iloc[0]
    quotes = approved_quotes(_quote_file(tmp_path, row.answer_id, row.text), 2026, coded, result_2026.codebook)
    assert len(quotes) == 1 and quotes[0].text == row.text and quotes[0].question_label.startswith("Vraag ")


def test_a_quote_that_no_longer_matches_stops_the_page(result_2026, tmp_path):
    coded = result_2026.coded
    row = coded.drop_duplicates("answer_id").iloc[0]
    with pytest.raises(QuoteError, match="no such answer"):
        approved_quotes(_quote_file(tmp_path, "V99-0000000000", row.text), 2026, coded, result_2026.codebook)
    with pytest.raises(QuoteError, match="no longer matches the scrubbed answer") as err:
        approved_quotes(_quote_file(tmp_path, row.answer_id, "Een ander antwoord."), 2026, coded, result_2026.codebook)
    assert row.text not in str(err.value)  # review: the answer was printed to the console, which no gate reads
    with pytest.raises(QuoteError, match="fewer than 500 organisations"):
        approved_quotes(_quote_file(tmp_path, row.answer_id, row.text), 2026, coded, result_2026.codebook,
                        min_group=500)
    assert approved_quotes(tmp_path / "none.yml", 2026, coded, result_2026.codebook) == []


def test_the_shipped_quotes_match_the_demo_data(result_2026):
    from wlzmonitor.spec.config import load_config

    path = load_config().folder("quotes") / "2026.yml"
    assert len(approved_quotes(path, 2026, result_2026.coded, result_2026.codebook, min_group=5)) >= 4


# -- the workbook ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def workbook(result_2026, tmp_path_factory):
    from wlzmonitor.run.data_outputs import write_data_outputs

    out = tmp_path_factory.mktemp("workbook")
    write_data_outputs(result_2026, out)
    return load_workbook(out / "wlz_monitor_2026_tabellen.xlsx")


def test_a_table_sheet_looks_like_the_report(workbook):
    ws = workbook["Tabel 3"]
    assert ws["A1"].value.startswith("Tabel 3 – Heeft u bij het zorgkantoor om maatwerk verzocht")
    assert [c.value for c in ws[3]][:4] == [None, "2024", "2025", "2026"]
    assert [c.value for c in ws[4]][:4] == ["n (basis)", 107, 112, 122]
    ja = [c for c in ws[5]]
    assert ja[0].value == "Ja" and ja[3].number_format == "0%" and abs(ja[3].value - 0.2213) < 1e-3
    assert ja[4].value == "indicatief gedaald"
    assert ws.freeze_panes == "B5" and ws.column_dimensions["A"].width >= 12
    numeric = workbook["Tabel 2"]  # a numeric summary: its bases are per row (Aantal), no '0–36' per column
    assert [c.value for c in numeric[4]][:5] == [None, None, None, None, None]
    assert numeric["B3"].value == "Aantal"


def test_breakdown_sheets_mark_significance_and_small_bases(workbook):
    ws = workbook["Tabel B27"]
    texts = [row[0].value for row in ws.iter_rows() if isinstance(row[0].value, str)]
    assert any(t.startswith("Significant verschil tussen de groepen") for t in texts)
    assert any(t.startswith("* Kleine basis") for t in texts)
    nps = workbook["Tabel 37"]
    formats = {c.number_format for row in nps.iter_rows(min_row=5) for c in row[1:] if isinstance(c.value, float)}
    assert "+0;-0;0" in formats


def test_index_sheet_links_every_sheet_and_data_sheet_holds_the_long_form(workbook, result_2026):
    index = workbook["Inhoud"]
    links = {row[4].value: row[4].hyperlink.location for row in index.iter_rows(min_row=2) if row[4].hyperlink}
    assert len(links) == len(result_2026.layout.tables) and links["Tabel B12"] == "'Tabel B12'!A1"
    data = workbook["Data"]
    assert [c.value for c in data[1]][:6] == ["tabel", "sleutel", "rij", "kolom", "waarde", "n"]
    assert data.max_row - 1 == sum(len(t) for t in result_2026.tables.values())


# -- the PDF's document (the print engine itself runs in tests/test_report_pages.py) ---------------------
def test_pdf_document_prints_every_page_once_with_unique_ids(tmp_path):
    from wlzmonitor.run.html_export import notebook_to_html  # noqa: F401  (the template's stylesheet exists)
    from wlzmonitor.run.pdf import FRONT, report_parts
    from wlzmonitor.spec.config import load_config

    config = load_config()
    chapters = {"00_samenvatting": "Samenvatting", "01_tarieven": "1 Tarieven"}
    for stem in chapters:
        page = frame_page(PAGE).replace("<h3 ", '<a href="01_tarieven.html#tabel-1">x</a><h3 ')
        (tmp_path / f"{stem}.html").write_text(page, encoding="utf-8")
    import dataclasses

    manifest = {"chapters": {s: {"status": "ok"} for s in chapters}}
    parts = report_parts(tmp_path, dataclasses.replace(config, chapters=chapters), 2026, manifest, respondents=122)
    document = parts.front({}) + "".join(parts.chapters.values())  # the printed content, placeholders aside
    assert document.count('id="00_samenvatting--tabel-1"') == 1 and document.count('id="01_tarieven--tabel-1"') == 1
    assert 'href="#01_tarieven--tabel-1"' in document and '<nav class="bladeren' not in document
    assert "Op deze pagina" not in document
    assert '<a href="#01_tarieven" data-pagina="">1 Tarieven</a>' in document
    part = parts.document(parts.body(FRONT))
    assert list(parts.chapters) == list(chapters) and "counter(page)" not in part  # numbers are laid over it
    from wlzmonitor.run.pdf import numbers_document

    assert '" van 9"' in numbers_document(9) and numbers_document(9).count('<div class="blad">') == 9


# -- the page checks find each class ------------------------------------------------------------------
def test_page_checks_find_each_class_of_defect():
    bad = ("<main><p>Tabel 4 – reden(en) (meerdere antwoorden mogelijk): (2024: n=49)</p><p>zorgkantoor?: ja</p>"
           "<p>20000 herschikkingen</p><p>NPS −14</p><h4>Ten dele, want …</h4><h5>Ten dele, want … (n=24)</h5>"
           "<h3>Vraag 10 Een</h3><h3>Vraag 10 Twee</h3>"
           "<details><summary>Thema (64 antwoorden)</summary><ul><li>a</li><li>b</li><li>c</li></ul></details></main>")
    assert len(pc.doubled_punctuation(bad)) == 2
    assert pc.unseparated_thousands(bad) == ["‘20000 herschikkingen’"]
    assert len(pc.minus_signs(bad)) == 1
    assert len(pc.repeated_headings(bad)) == 2
    assert len(pc.unlabelled_examples(bad)) == 1
    found = pc.capitalisation({"a.html": "<p>per Wlz-uitvoerder</p>", "b.html": "<p>(naar wlz-uitvoerder)</p>"})
    assert len(found) == 1 and "b.html" in found[0]
    good = ("<main><p>20.000 herschikkingen, 2026, p = 0,00012, ... en NPS -14.</p><p>Vraag 9 …</p>"
            "<details><summary>Ja (3 toelichtingen)</summary><ul><li>a (2×)</li><li>b</li></ul></details></main>")
    assert [check(good) for check in (pc.doubled_punctuation, pc.unseparated_thousands, pc.minus_signs,
                                      pc.repeated_headings, pc.unlabelled_examples)] == [[], [], [], [], []]


def test_a_chart_title_is_wrapped_to_the_width_of_the_image():
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    from wlzmonitor.present.charts import FIG_WIDTH, TITLE_SIZE, wrap_to_width

    title = ("Tabel 16 – Heeft u voor de komende jaren toereikende afspraken kunnen maken met het zorgkantoor over "
             "de voorgenomen capaciteitsontwikkeling verpleeg(huis)zorg?")
    wrapped = wrap_to_width(title, FIG_WIDTH - 0.35, TITLE_SIZE, bold=True)
    prop = FontProperties(family="DejaVu Sans", size=TITLE_SIZE, weight="bold")
    widths = [TextToPath().get_text_width_height_descent(line, prop, ismath=False)[0] / 72
              for line in wrapped.split("\n")]
    assert len(widths) == 2 and max(widths) <= FIG_WIDTH - 0.35
    assert wrapped.replace("\n", " ") == title
