"""Review h126 of review h123's placeholder checks: a base typed in is a typed figure, a threshold of the
method ("groepen met n=5 of minder") is not; doubled braces around a mistyped placeholder are one message;
a Kerncijfers card of another shape is named without echoing its label (a 10 MB label, markup, an address)."""

from __future__ import annotations

import pytest

from wlzmonitor.spec.prose import card_form_problem, markdown_problems, syntax_problems, typed_figure_problems


# -- a base typed in: thresholds of the method are no typed figure ------------------------------
@pytest.mark.parametrize("sentence", ["Groepen met n=5 of minder worden niet apart getoond.",
                                      "Bij een groep van minder dan n = 10 tonen we geen percentage.",
                                      "Een uitsplitsing tonen we vanaf n=10.",
                                      "Cellen met n = 5 of kleiner zijn weggelaten."])
def test_a_threshold_of_the_method_is_no_typed_base(sentence):
    assert typed_figure_problems(sentence) == []


def test_a_method_sentence_with_a_threshold_stays_a_method():
    """Before: the threshold made the sentence no method, so its 'significant als p < 0,05' was a claim."""
    sentence = ("Een verschil met vorig jaar noemen we significant als de toets p < 0,05 geeft; groepen met n=5 "
                "of minder tonen we niet.")
    assert markdown_problems(sentence) == []


@pytest.mark.parametrize("sentence, typed", [("Van de organisaties (n=120) vroeg een deel om maatwerk.", "n=120"),
                                             ("De basis is N = 122.", "N = 122"),
                                             ("Zij (N\u00a0=\u00a0120) vroegen om maatwerk.", "N = 120"),
                                             ("Noot: n = 1.234 in deze tabel.", "n = 1.234")])
def test_a_typed_base_is_still_named_whole(sentence, typed):
    problems = typed_figure_problems(sentence)
    assert len(problems) == 1 and f"‘{typed}’" in problems[0], problems


# -- doubled braces: one message, with a pair that is a placeholder -------------------------------
@pytest.mark.parametrize("typed, fixed", [("{{ maatwerk:1 }}", "{maatwerk:1}"), ("{{Maatwerk:1}}", "{maatwerk:1}"),
                                          ("{{maatwerk:1}}", "{maatwerk:1}")])
def test_doubled_braces_are_one_message_naming_a_placeholder(typed, fixed):
    problems = syntax_problems(f"Samen {typed} van de organisaties.", ["maatwerk"])
    assert len(problems) == 1, problems
    assert "doubled braces" in problems[0] and f"‘{fixed}’" in problems[0], problems
    assert "without its braces" not in problems[0]


def test_a_spaced_placeholder_is_not_also_typed_without_braces():
    problems = syntax_problems("Samen { maatwerk:1 } van de organisaties.", ["maatwerk"])
    assert len(problems) == 1 and "‘{maatwerk:1}’" in problems[0], problems


# -- a card of another shape: the message is bounded and leaves the label out ---------------------
@pytest.mark.parametrize("card", [("maatwerk", None, "x" * 10_000_000), ("maatwerk", 1.5, "mail jan@example.nl <b>x</b>"),
                                  ("maatwerk", 1, "mail jan@example.nl", "<script>"), ("m" * 1_000_000, True, "x")])
def test_a_card_problem_does_not_echo_the_label(card):
    problem = card_form_problem(card)
    assert problem and len(problem) < 400, len(problem or "")
    assert "@" not in problem and "<" not in problem


def test_check_year_shows_the_card_without_its_label(tmp_path):
    import new_wave

    result, first = new_wave.check_with_prose(tmp_path, [
        'chapter.key_figures(("maatwerk", None, "vroeg om maatwerk, jan@example.nl <b>' + "y" * 5000 + '</b>"))'])
    found = [e.text() for e in result.errors if f"00_kerncijfers.py:{first}:" in e.text()]
    assert len(found) == 1 and "row None" in found[0], result.text()
    assert len(found[0]) < 500 and "@" not in found[0] and "<b>" not in found[0], found[0]
