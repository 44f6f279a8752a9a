"""Review h106 (statistics: what the report says): claims and placeholders that went through check-year and the
run unreported or with a misleading message. Each case fails on the code before.

* a mistyped check name (``!stijgng``, ``!Significant``) passed check-year; only the run stopped;
* two checks on one figure (``{x:1!daling!significant}``, for "significant gedaald") were refused by the run as an
  unknown check, and check-year asked for the very check the placeholder carried;
* a ``chapter.text`` without a table's figure ("Het aandeel … is significant gedaald.") was read by no check at all
  and printed, while the same sentence in a markdown cell was a warning;
* "statistische significantie", "signifikant", "p-waarde 0,03" and a Cyrillic look-alike letter inside a claim word
  ("significаnt") were no claims to the checks.
"""

from __future__ import annotations

import pytest

from wlzmonitor.present.figures_text import FigureError
from wlzmonitor.spec import prose
from wlzmonitor.spec.prose import change_claims, comparison_problems
from test_statistics_review import _changes, _figures


@pytest.mark.parametrize(("check", "hint"), [
    ("stijgng", "did you mean !stijging?"),
    ("Significant", "did you mean !significant?"),
    ("niet_significant", "did you mean !niet-significant?"),
    ("gt", "write !gt:ROW"),
    ("daling!!significant", "unknown check !:"),
])
def test_a_mistyped_check_is_named_before_the_run(check, hint):
    problem = prose.check_name_problem(check)
    assert problem and hint in problem, problem


@pytest.mark.parametrize("check", ["stijging", "daling!significant", "gt:2", "lt:1@2025!daling", "meerderheid",
                                   "meer-dan-verdubbeling", "stabiel", "hoogste-ooit"])
def test_known_checks_have_no_problem(check):
    assert prose.check_name_problem(check) is None


def test_check_year_names_a_mistyped_check_with_its_line(tmp_path):
    import new_wave

    result, first = new_wave.check_with_prose(tmp_path, [
        'chapter.text("Om maatwerk vroeg {maatwerk:1!stijgng} van de organisaties.")',
        'chapter.text("Het aandeel dat om maatwerk vroeg is significant gedaald.")',
        'chapter.text("Afspraken: {transitie_afspraken:1!stabiel}, stabiel gebleven sinds vorig jaar.")',
        'chapter.text("Leveringsvormen: {leveringsvormen:1!hoogste-ooit}, meer dan ooit.")',
        'chapter.text("Ondersteunend: {inkoopbeleid_innovatie__omzetgroep:1!significant}, een significant verschil.")',
        'chapter.key_figures(("maatwerk", "1@2025", "vroeg om maatwerk"))',
        'chapter.themes("tevredenheid_tarief", title="Thema {jaar}, significant gedaald")',
    ])
    lines = first + 1  # (the line numbers below count from the second call)
    assert any(f"00_kerncijfers.py:{lines - 1}" in e.text() and "unknown check !stijgng (did you mean !stijging?)"
               in e.text() for e in result.errors), result.text()
    # a claim in a chapter.text without a figure: a warning, as in a markdown cell (it printed unreported)
    assert any(f"00_kerncijfers.py:{lines}" in w.text() and "says 'significant' in a text without a table's figure"
               in w.text() for w in result.warnings), result.text()
    # a claim across a changed question: check-year named only !stijging/!daling/!significant/!niet-significant
    assert any(f"00_kerncijfers.py:{lines + 1}" in e.text() and "no stabiel can be claimed" in e.text()
               for e in result.errors), result.text()
    assert any(f"00_kerncijfers.py:{lines + 2}" in e.text() and "no hoogste-ooit can be claimed" in e.text()
               for e in result.errors), result.text()
    # a breakdown has no year-on-year test: said so, here and not only by the run
    assert any(f"00_kerncijfers.py:{lines + 3}" in e.text() and "is a breakdown" in e.text()
               for e in result.errors), result.text()
    # a card's row with a column or a check: the run stopped on a row '1@2025', check-year said nothing
    assert any(f"00_kerncijfers.py:{lines + 4}" in e.text() and "a card names a row of its table only" in e.text()
               for e in result.errors), result.text()
    # a section title with two claims: the warning named the first ('gedaald') alone
    assert any(f"00_kerncijfers.py:{lines + 5}" in w.text() and "says 'gedaald', 'significant'" in w.text()
               for w in result.warnings), result.text()


def test_a_breakdown_figure_called_significant_gets_the_reason():
    """The run said the breakdown's row "was not tested against the column before (a changed question, no earlier
    figure or no answers)": none of these was the reason."""
    from test_presentation import BREAKDOWN, BREAKDOWN_TABLE
    from wlzmonitor.present.figures_text import KeyFigures

    figures = KeyFigures(2026, {"verzoek__groep": BREAKDOWN}, {"verzoek__groep": BREAKDOWN_TABLE},
                         changes=_changes(significant=True, p=0.0001, indicative=False))
    with pytest.raises(FigureError, match="is a breakdown: its columns are groups"):
        figures.fill("Kleine organisaties ({verzoek__groep:1@1!significant}) verschillen significant.")


def test_two_checks_on_one_figure_back_both_words():
    """"significant gedaald" needs !daling and !significant: joined on one placeholder both are read and run."""
    text = "Het aandeel ({verzoek:1!daling!significant}) is significant gedaald."
    assert comparison_problems(text) == []
    significant = _changes(significant=True, p=0.0001, indicative=False)
    assert _figures(significant).fill(text) == "Het aandeel (22%) is significant gedaald."
    with pytest.raises(FigureError, match="not significant after the correction"):
        _figures(_changes(significant=False, p=0.03, indicative=True)).fill(text)
    with pytest.raises(FigureError, match="is no stijging"):  # each check runs: the second one too
        _figures(significant).fill("Het aandeel ({verzoek:1!significant!stijging}) is significant gestegen.")
    with pytest.raises(FigureError, match="unknown check !stijgng"):
        _figures(significant).fill("Het aandeel ({verzoek:1!stijgng}).")


@pytest.mark.parametrize("text", [
    "Het aandeel dat om maatwerk vroeg is significant gedaald.",
    "In {jaar} is het aandeel statistisch significant gedaald ten opzichte van {vorig_jaar}.",
    "Zie {tabel:verzoek}: het aandeel is sterk gedaald.",
])
def test_a_text_without_a_figure_that_claims_a_change_is_reported(text):
    assert prose.figureless_text_problems(text), text


@pytest.mark.parametrize("text", [
    "Onder elke tabel staat of een verandering statistisch significant is.",
    "Om maatwerk vroeg {verzoek:1!daling}, een daling.",  # a figure: comparison_problems reads it
    "De zorgkantoren kopen zorg in voor {jaar}.",
])
def test_a_text_without_a_claim_or_with_a_figure_is_left_to_the_other_checks(text):
    assert prose.figureless_text_problems(text) == []


@pytest.mark.parametrize(("sentence", "check"), [
    ("Om maatwerk vroeg {verzoek:1!daling}; deze daling bereikt statistische significantie.", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, een daling zonder statistische significantie.", "niet-significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, signifikant minder dan vorig jaar.", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling} (p-waarde 0,03).", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling} (p-waarde van 0,20).", "niet-significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, een statistisch significаnte daling.", "significant"),  # Cyrillic а
    ("Om maatwerk vroeg {verzoek:1}, een dаling.", "daling"),  # Cyrillic а in the rise/fall word
    # words of size the strength check did not know, and the margin of error
    ("Om maatwerk vroeg {verzoek:1!daling}, een scherpe daling.", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, een opmerkelijke daling.", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, daalde scherp.", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, een daling van betekenis.", "significant"),
    ("Om maatwerk vroeg {verzoek:1}. Het verschil met {vorig_jaar} is groot.", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, een daling die buiten de foutmarge valt.", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, een daling binnen de foutmarge.", "niet-significant"),
    ("Om maatwerk vroeg {verzoek:1}, een stuk minder dan vorig jaar.", "daling"),
])
def test_claim_words_the_checks_did_not_read(sentence, check):
    problems = comparison_problems(sentence)
    assert any(f"!{check}}}" in p for p in problems), problems


def test_what_is_no_claim_stays_none():
    assert change_claims("zie p.12 van het rapport") == []  # a page number is no p-value
    assert change_claims("Het verschil met vorig jaar is niet groot.") == [] or all(
        check != "significant" for _, check in change_claims("Het verschil met vorig jaar is niet groot."))


@pytest.mark.parametrize(("template", "named"), [
    ("Om maatwerk vroeg {verzoek:1\u200b}.", "U+200B"),  # was "no row 1​": the character unseen in the message
    ("Om maatwerk vroeg {verzoek:\u00a01}.", "U+00A0"),  # was filled as "1": a space the placeholder forms forbid
    ("Om maatwerk vroeg {verzoek\u2060:1}.", "U+2060"),
])
def test_an_invisible_character_in_a_placeholder_is_named(template, named):
    problems = prose.syntax_problems(template, ["verzoek"])
    assert any(named in p and "invisible character" in p for p in problems), problems
    with pytest.raises(FigureError, match="invisible character"):
        _figures().fill(template)
