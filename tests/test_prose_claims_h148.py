"""Claims the prose checks let through (review h148): a claim word in markdown emphasis with underscores
("_gestegen_"), a record in fixed text (a markdown cell, a table's title or note), "recordhoog" / "historisch laag",
the present tense of no change ("blijft … stabiel", the 2026 report's own words), "nauwelijks gewijzigd", a bare
"is teruggevallen" / "is verminderd" and a change in points with its sign ("+5 procentpunt"). Each case fails on
the code before."""

from __future__ import annotations

import pytest

from wlzmonitor.present.figures_text import FigureError
from wlzmonitor.spec.prose import as_read, change_claims, comparison_problems, label_problems, markdown_problems, \
    record_claims
from test_statistics_review import _changes, _figures


def test_an_emphasised_claim_word_with_underscores_is_read():
    """"_gestegen_" renders as an italic "gestegen": '_' is a word letter to a regex, so "\\bgestegen\\b" missed it."""
    assert comparison_problems("Het aandeel ({x:1}) is _gestegen_.") == [
        "the sentence “Het aandeel ({x:1}) is gestegen.” says 'gestegen' but no placeholder backs it: write "
        "{key:ROW!stijging} in it (checked against the column before when the chapter runs)"]
    assert [w for w, _ in change_claims("Het aandeel is __significant__ _gedaald_.")] == ["gedaald", "significant"]
    # in a markdown cell the claim of significance was missed, the rise alone named
    problems = markdown_problems("Het aandeel is _significant_ gestegen.")
    assert len(problems) == 2 and "says 'significant' in fixed text" in problems[1], problems


def test_underscores_inside_a_word_or_a_placeholder_stay():
    assert as_read("zie data_quality_log.csv, {geldstromen_belasting:1!stijging} en {vorig_jaar}") \
        == "zie data_quality_log.csv, {geldstromen_belasting:1!stijging} en {vorig_jaar}"
    assert comparison_problems("Het aandeel ({geldstromen_belasting:1!stijging}) is __gestegen__ sinds {vorig_jaar}.") == []


def test_an_emphasised_claim_stops_the_chapter():
    with pytest.raises(FigureError, match="says 'gedaald'"):
        _figures().fill("Het aandeel ({verzoek:1}) is _gedaald_.")
    assert _figures().fill("Het aandeel ({verzoek:1!daling}) is _gedaald_.") == "Het aandeel (22%) is _gedaald_."


@pytest.mark.parametrize(("text", "claims"), [
    ("In 2026 vroeg 46% om maatwerk, het hoogste aandeel ooit.", [("het hoogste aandeel ooit", "hoogste-ooit")]),
    ("Nog nooit zo laag: 12%.", [("Nog nooit zo laag", "laagste-ooit")]),
    ("Het aandeel is recordhoog.", [("recordhoog", "hoogste-ooit")]),
    ("Het aandeel is recordlaag.", [("recordlaag", "laagste-ooit")]),
    ("Een historisch laag aandeel.", [("historisch laag", "laagste-ooit")]),
    ("Het aandeel bereikte een nieuw dieptepunt.", [("nieuw dieptepunt", "laagste-ooit")]),
    ("Het aandeel ({x:1!max}) is het hoogst.", []),  # the rows of one year
])
def test_record_claims(text, claims):
    assert record_claims(text) == claims


def test_a_record_in_a_markdown_cell_is_a_warning():
    """A markdown cell (and a chapter text without a figure) was read for changes only: a record passed."""
    assert markdown_problems("In 2026 vroeg 46% om maatwerk, het hoogste aandeel ooit.") == [
        "the sentence “In 2026 vroeg 46% om maatwerk, het hoogste aandeel ooit.” says 'het hoogste aandeel ooit' in "
        "fixed text: write it with chapter.text and the placeholder of the figure with {key:ROW!hoogste-ooit} "
        "(checked against the data when the chapter runs)"]
    assert markdown_problems("Een record: nooit eerder zo weinig organisaties.") != []


def test_recordhoog_needs_its_check_in_prose_and_labels():
    assert any("!hoogste-ooit}" in p for p in comparison_problems("Het aandeel ({x:1}) is recordhoog."))
    assert any("!laagste-ooit}" in p for p in comparison_problems("Het aandeel ({x:1}) is historisch laag."))
    assert comparison_problems("Het aandeel ({x:1!hoogste-ooit}) is recordhoog.") == []
    assert label_problems("vroeg om maatwerk, recordhoog") != []


@pytest.mark.parametrize(("sentence", "needs"), [
    # the 2026 report's own sentence (data/sources, p. 587) and the present tense of "bleef gelijk"
    ("De inzet van de geldstromen ({verzoek:1}) blijft in 2026 grotendeels stabiel.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) blijft gelijk.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) is nauwelijks gewijzigd.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) is teruggevallen.", "!daling}"),
    ("Het aandeel ({verzoek:1}) is sterk verminderd.", "!daling}"),
    ("Het aandeel ({verzoek:1}) is +5 procentpunt ten opzichte van vorig jaar.", "!stijging}"),
    ("Het aandeel ({verzoek:1}): −3,5 procentpunten.", "!daling}"),
    ("Het aandeel ({verzoek:1}) is -2 pp.", "!daling}"),
])
def test_more_forms_of_a_claim_need_their_check(sentence, needs):
    problems = comparison_problems(sentence)
    assert any(needs in p for p in problems), problems


@pytest.mark.parametrize("sentence", [
    "{verzoek:3} verwacht dat het gelijk blijft.",                  # an expectation (notebooks/02_capaciteit.py)
    "Zij zijn teruggevallen op de reserves ({verzoek:1}).",          # resorted to
    "Een verminderd aanbod ({verzoek:1}).",                         # an adjective
    "Tussen 3-5 procentpunt hoger is {verzoek:1!gt:2} dan {verzoek:2}.",  # a range, no sign
])
def test_no_claim_in_these(sentence):
    assert change_claims(sentence) == [], change_claims(sentence)


def test_stays_stable_is_checked_against_the_test():
    """"blijft stabiel" is backed by !stabiel only: not significant and not indicative (22% against 35%: a fall)."""
    with pytest.raises(FigureError, match="blijft stabiel"):
        _figures().fill("Het aandeel ({verzoek:1}) blijft stabiel.")
    with pytest.raises(FigureError):
        _figures(_changes(False, 0.03, True)).fill("Het aandeel ({verzoek:1!stabiel}) blijft stabiel.")
    assert _figures(_changes(False, 0.6, False)).fill("Het aandeel ({verzoek:1!stabiel}) blijft stabiel.") \
        == "Het aandeel (22%) blijft stabiel."


def test_check_year_reads_a_record_in_a_table_note(tmp_path):
    """A table's note "Recordaantal …" is printed as written; check-year read its texts for changes only."""
    import new_wave

    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.year_check import check_year

    root = new_wave.repository(tmp_path)
    path = root / "data" / "reports" / "2026" / "tables.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('    question: "hardheidsclausule"\n',
                        '    question: "hardheidsclausule"\n    title: "Recordaantal beroepen op de hardheidsclausule"\n', 1)
    path.write_text(text, encoding="utf-8")
    load_config.cache_clear()
    try:
        result = check_year(2026, load_config(root))
    finally:
        load_config.cache_clear()
    claims = [w.text() for w in result.warnings if "printed as written and never checked" in w.text()]
    assert len(claims) == 1, result.text()
    assert "says 'Recordaantal'" in claims[0] and "{key:ROW!hoogste-ooit}" in claims[0], claims


@pytest.mark.parametrize(("sentence", "words"), [
    # a character reference the page shows as a soft hyphen: the claim was missed ("stegen" was read by luck)
    ("Het aandeel ({x:1}) is sig&shy;nificant hoger.", ["significant"]),
    ("Het aandeel ({x:1}) is sig&#173;nificant hoger.", ["significant"]),
    ("Het aandeel ({x:1}) is sig&#xAD;nificant hoger.", ["significant"]),
    # markup inside a word
    ("Het aandeel ({x:1}) is sig<wbr>nificant hoger.", ["significant"]),
    ("Het aandeel ({x:1}) is **sig**nificant hoger.", ["significant"]),
    ("Het aandeel ({x:1}) is ver<i>dubbeld</i>.", ["verdubbeld"]),
    # "&nbsp;" is a space: "niet significant", not "significant" (a backed sentence stopped the chapter)
    ("Het aandeel ({x:1}) is niet&nbsp;significant veranderd.", ["niet significant"]),
])
def test_character_references_and_markup_in_a_word_are_read_as_shown(sentence, words):
    assert [w for w, _ in change_claims(sentence)] == words


def test_a_backed_sentence_with_nbsp_passes_and_a_soft_hyphen_claim_stops_the_chapter():
    assert comparison_problems("Het aandeel ({x:1!niet-significant}) is niet&nbsp;significant veranderd.") == []
    assert comparison_problems("Het aandeel ({x:1}) is sig&shy;nificant hoger.") == [
        "the sentence “Het aandeel ({x:1}) is significant hoger.” says 'significant' but no placeholder backs it: "
        "write {key:ROW!significant} in it (checked against the year-on-year test when the chapter runs)"]


def test_ampersands_and_signs_that_are_no_markup_stay():
    assert as_read("R&D, zorg & welzijn, 5*3, a < b en c > d, x&amp;y, &onbekend; {x:1}") \
        == "R&D, zorg & welzijn, 5*3, a < b en c > d, x&y, &onbekend; {x:1}"
