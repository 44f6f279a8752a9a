"""Review h109 of review h106's prose checks. Each case fails on the code of 8b284fc.

* false positives that stopped the run (an error in check-year and when the chapter runs): "het verschil tussen de
  zorgkantoren is groot" (groups, not years), "de toename van de zorgvraag is groot" (the context), "de verandering
  is voor {x} duidelijk", and a tariff's or budget's "binnen / buiten de marge" were read as claims of a
  (non-)significant change;
* "niet buiten de foutmarge" was read as outside it (a claim of significance);
* misses: "de daling ({x:1!daling}) is groot" (the figure between noun and verb), "daalde {vorig_jaar} scherp",
  "het verschil met vorig jaar is heel erg groot";
* contradicting checks on one figure (``!stijging!daling``, ``!significant!niet-significant``) passed check-year and
  stopped the run on whichever came second; an empty check (``!daling!!significant``) was "unknown check !:";
* invisible characters inside braces that Unicode calls letters or separators (U+2028, U+3164 Hangul filler, U+2800
  braille blank, U+034F, a variation selector) gave "no row '1ㅤ'" with the character unseen.
"""

from __future__ import annotations

import pytest

from wlzmonitor.present.figures_text import FigureError
from wlzmonitor.spec import prose
from wlzmonitor.spec.prose import change_claims, comparison_problems
from test_statistics_review import _changes, _figures


@pytest.mark.parametrize("sentence", [
    "Het verschil tussen de zorgkantoren is groot: {verzoek:1} vroeg om maatwerk.",
    "Het verschil tussen de uitvoerders is groot ({verzoek:1}).",
    "De toename van de zorgvraag is groot, zegt {verzoek:1} van de organisaties.",
    "De afname van het aantal cliënten is fors volgens {verzoek:1} van de organisaties.",
    "De verandering in het beleid was voor {verzoek:1} groot.",
    "De verandering is voor {verzoek:1} duidelijk.",
    "De verandering van het beleid is duidelijk voor {verzoek:1} van de organisaties.",
    "De afname van de productie is voor {verzoek:1} behoorlijk.",
    "{verzoek:1} blijft binnen de marge van het budget.",
    "{verzoek:1} vraagt om maatwerk buiten de marge van het richttarief.",
    "Tarieven liggen voor {verzoek:1} buiten de marge die het zorgkantoor hanteert.",
])
def test_ordinary_sentences_claim_no_significance(sentence):
    assert comparison_problems(sentence) == []
    assert _figures().fill(sentence)  # the run printed none of them: it stopped


@pytest.mark.parametrize(("sentence", "check"), [
    ("De daling ({verzoek:1!daling}) is groot.", "significant"),
    ("Het aandeel daalde {vorig_jaar} scherp ({verzoek:1!daling}).", "significant"),
    ("Het verschil met vorig jaar is heel erg groot ({verzoek:1!daling}).", "significant"),
    ("De daling van {verzoek:1@2025} naar {verzoek:1!daling} is fors.", "significant"),
    ("Het verschil tussen {vorig_jaar} en {jaar} is groot ({verzoek:1!daling}).", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}; dat valt niet buiten de foutmarge.", "niet-significant"),
    # review h106's own cases stay claims
    ("Om maatwerk vroeg {verzoek:1}. Het verschil met {vorig_jaar} is groot.", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, een daling die buiten de foutmarge valt.", "significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, een daling binnen de foutmarge.", "niet-significant"),
    ("Om maatwerk vroeg {verzoek:1!daling}, buiten de statistische marge.", "significant"),
])
def test_claims_still_read(sentence, check):
    problems = comparison_problems(sentence)
    assert any(f"!{check}}}" in p for p in problems), problems


def test_not_outside_the_margin_is_within_it():
    assert ("niet-significant" in {c for _, c in change_claims("Dat valt niet buiten de foutmarge.")})
    assert "significant" not in {c for _, c in change_claims("Dat valt niet buiten de foutmarge.")}
    assert "significant" in {c for _, c in change_claims("Dat ligt niet binnen de foutmarge.")}


@pytest.mark.parametrize(("check", "named"), [
    ("stijging!daling", "!stijging and !daling contradict each other"),
    ("significant!niet-significant", "!significant and !niet-significant contradict each other"),
    ("stabiel!significant", "!stabiel and !significant contradict each other"),
    ("indicatief!significant", "!indicatief and !significant contradict each other"),
    ("max!min", "!max and !min contradict each other"),
    ("hoogste-ooit!daling", "!hoogste-ooit and !daling contradict each other"),
    ("daling!!significant", "an empty check name"),
    ("daling!", "an empty check name"),
])
def test_checks_that_cannot_hold_together_are_named(check, named):
    problem = prose.check_name_problem(check)
    assert problem and named in problem, problem
    # (a record's check in a sentence without a record word is read as the superlative 'hoogste': older than h106)
    sentence = "Meer dan ooit vroeg om maatwerk ({x})." if "ooit" in check else "Het aandeel ({x})."
    with pytest.raises(FigureError, match=named):
        _figures(_changes(significant=True, p=0.0001, indicative=False)).fill(
            sentence.replace("{x}", f"{{verzoek:1!{check}}}"))


@pytest.mark.parametrize("check", ["daling!significant", "significant!daling", "daling!daling", "daling!stabiel",
                                   "stijging!hoogste-ooit", "gt:2!lt:1@2025"])
def test_checks_that_can_hold_together_pass(check):
    assert prose.check_name_problem(check) is None


@pytest.mark.parametrize(("char", "code"), [("\u2028", "U+2028"), ("\u2029", "U+2029"), ("\u3164", "U+3164"),
                                            ("\u2800", "U+2800"), ("\u034f", "U+034F"), ("\ufe0f", "U+FE0F"),
                                            ("\u115f", "U+115F")])
def test_more_invisible_characters_in_a_placeholder_are_named(char, code):
    template = "Om maatwerk vroeg {verzoek:1" + char + "}."
    problems = prose.syntax_problems(template, ["verzoek"])
    assert any(code in p and "invisible character" in p for p in problems), problems
    with pytest.raises(FigureError, match="invisible character"):
        _figures().fill(template)


def test_check_year_reads_the_notebook_so(tmp_path):
    """End to end: the ordinary sentences are no errors, a contradicting pair of checks is one, at its line."""
    import new_wave

    result, first = new_wave.check_with_prose(tmp_path, [
        'chapter.text("Het verschil tussen de zorgkantoren is groot: {maatwerk:1} vroeg om maatwerk.")',
        'chapter.text("{maatwerk:1} vraagt om maatwerk buiten de marge van het richttarief.")',
        'chapter.text("Om maatwerk vroeg {maatwerk:1!stijging!daling} van de organisaties.")',
    ])
    lines = first + 2  # the last call's line
    for line in (lines - 2, lines - 1):
        assert not any(f"00_kerncijfers.py:{line}" in e.text() for e in result.errors), result.text()
    assert any(f"00_kerncijfers.py:{lines}" in e.text() and "!stijging and !daling contradict each other" in e.text()
               for e in result.errors), result.text()
