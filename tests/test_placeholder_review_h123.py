"""Review h123, "a mistyped placeholder": typos in placeholders, in the prose around them and in the
Kerncijfers cards must end in a clear error naming the notebook and line (check-year) or the placeholder
(the run): never a bare traceback, a misleading hint, or a hand-typed figure that passes unremarked."""

from __future__ import annotations

import pandas as pd
import pytest

from wlzmonitor.present.figures_text import FigureError, KeyFigures
from wlzmonitor.spec.layout import TableSpec
from wlzmonitor.spec.prose import card_form_problem, syntax_problems

SPEC = TableSpec(key="verzoek", number="Tabel 9", chapter="x", question="verzoek", kind="single",
                 rows=(1, 2), columns=(2025, 2026))
TABLE = pd.DataFrame([("Ja", "2025", 35.0, 112, 1, 2025), ("Ja", "2026", 22.0, 122, 1, 2026),
                      ("Nee", "2025", 65.0, 112, 2, 2025), ("Nee", "2026", 78.0, 122, 2, 2026)],
                     columns=["row", "column", "value", "n", "row_code", "column_code"])


def _errors_at(result, line: int) -> list[str]:
    return [e.text() for e in result.errors if f"00_kerncijfers.py:{line}:" in e.text()]


def _warnings_at(result, line: int) -> list[str]:
    return [w.text() for w in result.warnings if f"00_kerncijfers.py:{line}:" in w.text()]


# -- a look-alike colon: the hint suggested dropping the row ---------------------------------
@pytest.mark.parametrize("colon", ["\uff1a", "\u2236", "\ufe55"])
def test_a_lookalike_colon_gets_the_right_hint(colon):
    problems = syntax_problems("Samen {maatwerk" + colon + "1} van de organisaties.", ["maatwerk"])
    assert len(problems) == 1, problems
    assert "‘{maatwerk:1}’" in problems[0], problems  # before: did you mean ‘{maatwerk}’ (no row, not valid)
    assert "‘{maatwerk}’" not in problems[0]


# -- an empty row in a sum: "has no row  in 2026" named nothing -------------------------------
@pytest.mark.parametrize("rows", ["1++2", "1+2+", "+1"])
def test_an_empty_row_in_a_sum_is_named_at_run_time(rows):
    figures = KeyFigures(2026, {"verzoek": SPEC}, {"verzoek": TABLE})
    with pytest.raises(FigureError, match=r"empty row.*‘\+’"):
        figures.fill("Samen {verzoek:" + rows + "} vroeg om maatwerk.")


def test_an_empty_row_in_a_sum_is_named_by_check_year(tmp_path):
    import new_wave

    result, first = new_wave.check_with_prose(tmp_path, [
        'chapter.text("Samen {maatwerk:1++2} van de organisaties vroeg om maatwerk.")'])
    found = _errors_at(result, first)
    assert found and all("empty row" in e and "has no row  in" not in e for e in found), result.text()


# -- Kerncijfers cards: the shape of a card -----------------------------------------------------
@pytest.mark.parametrize("card", [("maatwerk", 1), ("maatwerk", 1, "vroeg om maatwerk", "x"), "maatwerk",
                                  ("maatwerk", None, "vroeg om maatwerk"), ("maatwerk", 1.0, "vroeg om maatwerk"),
                                  ("maatwerk", True, "vroeg om maatwerk"), (1, 1, "vroeg om maatwerk")])
def test_a_card_of_another_shape_is_named(card):
    problem = card_form_problem(card)
    assert problem and "(table key, row, label)" in problem, problem


@pytest.mark.parametrize("card", [("maatwerk", 1, "vroeg om maatwerk"), ["nps", "NPS", "de NPS"],
                                  ("herschikking_intramuraal", "1+2", "bereikte overeenstemming")])
def test_a_well_formed_card_passes(card):
    assert card_form_problem(card) is None


def test_a_card_of_another_shape_is_an_error_in_check_year(tmp_path):
    """Before: check-year said nothing; the run stopped on a bare ValueError (two parts) or a FigureError
    without the notebook's line (a row None, 1.0 or True)."""
    import new_wave

    result, first = new_wave.check_with_prose(tmp_path, [
        'chapter.key_figures(("maatwerk", 1))',
        'chapter.key_figures(("maatwerk", None, "vroeg om maatwerk"))',
        'chapter.key_figures(("maatwerk", 1.0, "vroeg om maatwerk"))',
        'chapter.key_figures(("maatwerk", True, "vroeg om maatwerk"))',
    ])
    for line in range(first, first + 4):
        assert any("(table key, row, label)" in e for e in _errors_at(result, line)), (line, result.text())


def test_a_card_built_at_run_time_is_a_warning_in_check_year(tmp_path):
    import new_wave

    result, first = new_wave.check_with_prose(tmp_path, [
        "row = 1",
        'chapter.key_figures(("maatwerk", row, "vroeg om maatwerk"))',
        'cards = [("maatwerk", 1, "vroeg om maatwerk")]',
        "chapter.key_figures(*cards)",
    ])
    for line in (first + 1, first + 3):
        assert any("built at run time" in w for w in _warnings_at(result, line)), (line, result.text())
        assert not _errors_at(result, line), result.text()


# -- a figure typed by hand into a card's label -------------------------------------------------
def test_a_typed_figure_in_a_card_label_is_a_warning(tmp_path):
    """Before: "vroeg om maatwerk (40%)" beside the card's 22% passed check-year without a word, while the
    same figure in chapter.text is a warning."""
    import new_wave

    result, first = new_wave.check_with_prose(tmp_path, [
        'chapter.key_figures(("maatwerk", 1, "vroeg om maatwerk, 40% van de organisaties"))'])
    assert any("‘40%’ typed" in w for w in _warnings_at(result, first)), result.text()


# -- doubled braces and a mistyped year word ------------------------------------------------------
@pytest.mark.parametrize("doubled, single", [("{{maatwerk:1}}", "{maatwerk:1}"), ("{{jaar}}", "{jaar}")])
def test_doubled_braces_are_named_as_such(doubled, single):
    """Before: "‘{’ has no closing brace" and "a ‘}’ without its ‘{’", which says nothing of the doubling."""
    problems = syntax_problems(f"In {doubled} vroeg men om maatwerk.", ["maatwerk"])
    assert len(problems) == 1 and "doubled braces" in problems[0] and f"‘{single}’" in problems[0], problems


@pytest.mark.parametrize("typed, word", [("{jaaar}", "{jaar}"), ("{vorigjaar}", "{vorig_jaar}"), ("{jar}", "{jaar}")])
def test_a_mistyped_year_word_gets_its_hint(typed, word):
    """Before: "a figure needs a row: {jaaar:ROW}", as if it were a table."""
    problems = syntax_problems(f"In {typed} vroeg men om maatwerk.", ["maatwerk"])
    assert len(problems) == 1 and f"did you mean ‘{word}’" in problems[0] and "needs a row" not in problems[0], problems


def test_the_run_names_doubled_braces():
    figures = KeyFigures(2026, {"verzoek": SPEC}, {"verzoek": TABLE})
    with pytest.raises(FigureError, match="doubled braces"):
        figures.fill("Samen {{verzoek:1}} vroeg om maatwerk.")


# -- a base typed by hand beside a placeholder ---------------------------------------------------
@pytest.mark.parametrize("text, typed", [("Samen {maatwerk:1} (n=120).", "n=120"),
                                         ("Samen {maatwerk:1}, N = 122 organisaties.", "N = 122")])
def test_a_typed_base_is_a_typed_figure(text, typed):
    """Before: a base typed beside its figure ('(n=120)' where {maatwerk:n} prints n=122) passed unremarked."""
    from wlzmonitor.spec.prose import typed_figure_problems

    assert any(f"‘{typed}’ typed" in p for p in typed_figure_problems(text)), typed_figure_problems(text)
    assert not typed_figure_problems("Samen {maatwerk:1} ({maatwerk:n}), ook in=3 en {jaar}.")
