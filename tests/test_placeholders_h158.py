"""Review h158, "a mistyped placeholder, and every other way the narrative can print a number the data does not
support": an infinite figure or base ("inf%", a bare OverflowError for an NPS), a share of no respondents ("0%" of
n=0), a doubled unit hidden by an invisible character or a character reference ("{x:1}\u200b%" printed "22%%"),
and hand-typed figures the typed-number checker missed ("35 pct", "vijf procent", "1.234 organisaties", "het
gemiddelde is 4,05", "een NPS van 7") or named by half ("35-40%" named '40%'). Each case fails on the code before."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wlzmonitor.present.figures_text import FigureError, KeyFigures
from wlzmonitor.spec.layout import TableSpec
from wlzmonitor.spec.prose import syntax_problems, typed_figure_problems

SPEC = TableSpec(key="verzoek", number="Tabel 9", chapter="x", question="verzoek", kind="single",
                 rows=(1, 2), columns=(2025, 2026))
NPS = TableSpec(key="nps", number="Tabel 38", chapter="x", question="nps", kind="nps", rows=("NPS",),
                columns=(2025, 2026))
MEANS = TableSpec(key="belasting", number="Tabel 20", chapter="x", question="belasting", kind="scale_means",
                  rows=("a",), columns=(2025, 2026))
COLUMNS = ["row", "column", "value", "n", "row_code", "column_code"]


def _shares(now: float, before: float = 35.0, n: float = 122) -> KeyFigures:
    table = pd.DataFrame([("Ja", "2025", before, 112, 1, 2025), ("Ja", "2026", now, n, 1, 2026),
                          ("Nee", "2025", 100 - before, 112, 2, 2025), ("Nee", "2026", 100 - now, n, 2, 2026)],
                         columns=COLUMNS)
    return KeyFigures(2026, {"verzoek": SPEC}, {"verzoek": table})


def _single(spec: TableSpec, row: str, now: float, n: float = 122) -> KeyFigures:
    table = pd.DataFrame([(row, "2025", 5.0, 112, row, 2025), (row, "2026", now, n, row, 2026)], columns=COLUMNS)
    return KeyFigures(2026, {spec.key: spec}, {spec.key: table})


# -- a figure no reader may see -------------------------------------------------------------------
@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_an_infinite_share_is_no_figure(value):
    """Before: "inf%" / "-inf%" was printed into the page."""
    with pytest.raises(FigureError) as err:
        _shares(value).fill("Samen {verzoek:1} vroeg om maatwerk.")
    assert str(err.value).startswith("placeholder {verzoek:1}: table 'verzoek' holds no printable figure in column "
                                     f"2026: an infinite value ({value:g}, n=122)"), str(err.value)


@pytest.mark.parametrize("spec, row", [(NPS, "NPS"), (MEANS, "a")])
def test_an_infinite_nps_or_mean_is_no_figure(spec, row):
    """Before: an NPS of inf was a bare OverflowError ("cannot convert float infinity to integer"), a mean "inf"."""
    with pytest.raises(FigureError, match=r"holds no printable figure in column 2026: an infinite value \(inf, n=122\)"):
        _single(spec, row, math.inf).fill(f"De score is {{{spec.key}:{row}}}.")


def test_an_infinite_earlier_figure_is_no_figure_in_a_trend():
    """Before: "(2025: inf%)"."""
    with pytest.raises(FigureError, match=r"in column 2025: an infinite value \(inf, n=112\)"):
        _shares(22.0, before=math.inf).fill("Samen {verzoek:1} ({verzoek:1@trend}).")


def test_an_infinite_base_is_named():
    """Before: a bare OverflowError from format_n."""
    with pytest.raises(FigureError, match=r"^placeholder \{verzoek:n\}: table 'verzoek' has an infinite base \(n\) in "
                                          r"column '2026'"):
        _shares(22.0, n=math.inf).fill("Van de organisaties ({verzoek:n}) vroeg een deel om maatwerk.")


def test_a_share_of_no_respondents_is_no_figure():
    """Before: a 0 of a base of 0 printed "0%" of nobody (with the small-base footnote at most)."""
    with pytest.raises(FigureError, match=r"a percent of no respondents \(n=0\)"):
        _shares(0.0, n=0).fill("Samen {verzoek:1} vroeg om maatwerk.")


def test_a_zero_count_of_no_respondents_still_prints():
    """A count of 0 over a base of 0 is a true figure ("0 organisaties", tariefpercentage_hoger_lager in 2026)."""
    spec = TableSpec(key="hoger_lager", number="Tabel 2", chapter="x", question=None, kind="numeric",
                     rows=("lager",), columns=("Aantal", "Gemiddeld"))
    table = pd.DataFrame([("lager", "Aantal", 0.0, 0.0, "lager", "Aantal"),
                          ("lager", "Gemiddeld", math.nan, 0.0, "lager", "Gemiddeld")], columns=COLUMNS)
    figures = KeyFigures(2026, {"hoger_lager": spec}, {"hoger_lager": table})
    assert figures.fill("Lager: {hoger_lager:lager@Aantal} organisaties.") == "Lager: 0 organisaties."


@pytest.mark.parametrize("value, shown", [(0.0, "0"), (-0.0, "0"), (-0.4, "0"), (0.5, "+1"), (-0.5, "-1")])
def test_an_nps_near_zero_prints_no_negative_zero(value, shown):
    assert _single(NPS, "NPS", value).fill("De NPS is {nps:NPS}.") == f"De NPS is {shown}."


# -- a doubled unit behind an invisible character or a character reference --------------------------
@pytest.mark.parametrize("between", ["\u200b%", "\u2060 procent", "&nbsp;%", "&#37;", "\u00ad%", "\u066a"])
def test_a_hidden_doubled_unit_stops_the_chapter(between):
    """Before: "22%\u200b%" (read "22%%") was printed; check-year said nothing either."""
    with pytest.raises(FigureError, match="would print the unit twice"):
        _shares(22.0).fill("Samen {verzoek:1}" + between + " vroeg om maatwerk.")
    problems = syntax_problems("Samen {maatwerk:1}" + between + " vroeg om maatwerk.", ["maatwerk"])
    assert len(problems) == 1 and "would print the unit twice" in problems[0], problems


@pytest.mark.parametrize("before", ["n=\u200b", "n&nbsp;=", "Tabel&nbsp;"])
def test_a_hidden_doubled_word_is_named(before):
    key = "{tabel:maatwerk}" if before.startswith("Tabel") else "{maatwerk:n}"
    problems = syntax_problems(f"Zie {before}{key} hierna.", ["maatwerk"])
    assert len(problems) == 1 and "would print the word twice" in problems[0], problems


def test_a_figure_beside_other_words_is_no_doubled_unit():
    assert syntax_problems("Samen {maatwerk:1}\u200b van de organisaties, in {jaar}&nbsp;%.", ["maatwerk"]) == []


def _typed(typed: str) -> str:
    """check-year's message for a figure typed into the prose."""
    return (f"‘{typed}’ typed into the prose: a figure must come from its table — write the placeholder ({{key:ROW}}) "
            "that prints it")


# -- figures typed into the prose ---------------------------------------------------------------------
@pytest.mark.parametrize("sentence, typed", [
    ("Samen vroeg 35 pct om maatwerk.", "35 pct"),
    ("Samen vroeg 35pct om maatwerk.", "35pct"),
    ("Samen vroeg 35 per cent om maatwerk.", "35 per cent"),
    ("Samen vroeg 35 percent om maatwerk.", "35 percent"),
    ("Samen vroeg 35\u066a om maatwerk.", "35\u066a"),
    ("Samen vroeg vijf procent om maatwerk.", "vijf procent"),
    ("Het aandeel steeg met vijf procentpunten.", "vijf procentpunten"),
    ("Het aandeel daalde met vijfendertig procentpunt.", "vijfendertig procentpunt"),
    ("Dat zijn 1.234 organisaties.", "1.234 organisaties"),
    ("Dat zijn 1,234 organisaties.", "1,234 organisaties"),
    ("Het gemiddelde is 4,05.", "gemiddelde is 4,05"),
    ("Het gemiddelde bedroeg 4.05 op een schaal.", "gemiddelde bedroeg 4.05"),
    ("De organisaties geven een NPS van 7.", "NPS van 7"),
    ("De NPS is 0 dit jaar.", "NPS is 0"),
])
def test_a_typed_figure_the_checker_missed(sentence, typed):
    """Before: none of these was named (a share, a count, a mean or a score that does not follow the data)."""
    assert typed_figure_problems(sentence) == [_typed(typed)]


@pytest.mark.parametrize("sentence, typed", [
    ("Samen vroeg 35-40% om maatwerk.", "35-40%"),
    ("Samen vroeg 35–40 procent om maatwerk.", "35–40 procent"),
    ("Samen vroeg 35\u00a0% tot 40\u00a0% om maatwerk.", "35 % tot 40 %"),
    ("Samen vroeg tussen 35 en 40 procent om maatwerk.", "tussen 35 en 40 procent"),
    ("Samen vroeg 35,5 t/m 40,5% om maatwerk.", "35,5 t/m 40,5%"),
])
def test_a_typed_range_is_named_whole(sentence, typed):
    """Before: only the range's end was named ('40%'), as if the start were no figure."""
    assert typed_figure_problems(sentence) == [_typed(typed)]


@pytest.mark.parametrize("sentence", [
    "Samen {maatwerk:1} van de organisaties, in {jaar} en {vorig_jaar}.",
    "In 2021-2025 vroegen organisaties om maatwerk.",      # a range of years: a typed year, not a share
    "De NPS (Vraag 40, schaal 0–10) meet de aanbeveling.",
    "Honderd procent is het totaal van de rij.",
    "Een score tussen 1 en 5, waarbij 5 het zwaarst is.",
])
def test_no_typed_figure_in_these(sentence):
    assert typed_figure_problems(sentence) == []


# -- a Kerncijfers card without its figure ------------------------------------------------------------
def _card(now: float, n: float, before: float = 35.0):
    from wlzmonitor.present.key_figures import key_figure

    figures = _shares(now, before=before, n=n)
    changes = pd.DataFrame(columns=["table_key", "row_code", "p_value", "p_adjusted", "significant", "indicative"])
    return key_figure(figures, changes, SPEC, figures.tables["verzoek"], "1", "vroeg om maatwerk", year=2026)


@pytest.mark.parametrize("n, why", [(0, "nobody answered it (no base)"),
                                    (122, "the table has no figure there (a suppressed cell)")])
def test_a_card_without_its_figure_is_named(n, why):
    """Before: the card printed an empty number and "Geen vergelijking met een eerder jaar." beside a 2025 of 35%."""
    with pytest.raises(FigureError) as err:
        _card(math.nan, n)
    assert str(err.value) == (f"key figure verzoek:1: no figure to print in 2026: {why}. Leave the card out for such "
                              "a year (e.g. `if chapter.asked(...)`)")


@pytest.mark.parametrize("now, before, column", [(math.inf, 35.0, "2026"), (22.0, math.inf, "2025")])
def test_a_card_with_an_infinite_figure_is_named_once(now, before, column):
    """Before: the current year's read "table 'verzoek' has no placeholder …" (a FigureError is a LookupError), and an
    infinite earlier year was left out of the card's history without a word."""
    with pytest.raises(FigureError) as err:
        _card(now, 122, before=before)
    assert str(err.value).startswith(f"key figure verzoek:1: placeholder {{verzoek:1}}: table 'verzoek' holds no "
                                     f"printable figure in column {column}: an infinite value"), str(err.value)
    assert "has no placeholder" not in str(err.value)


def test_a_card_with_its_figure_still_prints():
    card = _card(22.0, 122)
    assert (card.text, card.previous, card.history) == ("22%", "2025: 35%", [("2025", 35.0, "35%"), ("2026", 22.0, "22%")])


# -- an order claimed over a figure the table hides -------------------------------------------------
BREAKDOWN = TableSpec(key="verzoek__omzetgroep", number="Tabel B9", chapter="x", question="verzoek", kind="single",
                      rows=(1, 2, 3), columns=(1, 2, "Totaal"), by="omzetgroep")


def _breakdown(hidden: bool) -> KeyFigures:
    """Group 1 (n=3) is a suppressed small group; in group 2 row 2 is hidden with it when `hidden`."""
    cells = [(1, 1, math.nan, 3), (2, 1, math.nan, 3), (3, 1, math.nan, 3),
             (1, 2, 40.0, 60), (2, 2, math.nan if hidden else 50.0, 60), (3, 2, 10.0, 60),
             (1, "Totaal", 40.0, 63), (2, "Totaal", 50.0, 63), (3, "Totaal", 10.0, 63)]
    table = pd.DataFrame([(str(r), str(c), v, n, r, c) for r, c, v, n in cells], columns=COLUMNS)
    return KeyFigures(2026, {BREAKDOWN.key: BREAKDOWN}, {BREAKDOWN.key: table})


@pytest.mark.parametrize("template, claim", [("Zij kozen het vaakst {verzoek__omzetgroep:1@2!max}.", "largest"),
                                             ("Zij kozen het minst vaak {verzoek__omzetgroep:3@2!min}.", "smallest")])
def test_an_extreme_over_a_hidden_cell_is_no_claim(template, claim):
    """Before: "40% het vaakst" beside a hidden cell that may be 50% (a claim the page cannot show)."""
    with pytest.raises(FigureError) as err:
        _breakdown(hidden=True).fill(template)
    assert str(err.value).endswith(f"row 2 of 'verzoek__omzetgroep' has no figure shown in this column (a suppressed "
                                   f"small group): the sentence cannot say which is the {claim}"), str(err.value)


def test_an_extreme_without_a_hidden_cell_still_prints():
    assert _breakdown(hidden=False).fill("Zij kozen het vaakst {verzoek__omzetgroep:2@2!max}.") \
        == "Zij kozen het vaakst 50%."
    assert _breakdown(hidden=True).fill("Zij kozen het vaakst {verzoek__omzetgroep:max}.") \
        == "Zij kozen het vaakst 2 (50%)."  # the total column hides nothing


@pytest.mark.parametrize("check, why", [("gt:2@2", "the table shows none there (a suppressed cell)"),
                                        ("gt:1@1", "the table shows none there (a suppressed cell)")])
def test_a_comparison_with_a_hidden_cell_says_so(check, why):
    """Before: "40% is not above 2 () as printed", as if the order were wrong."""
    with pytest.raises(FigureError) as err:
        _breakdown(hidden=True).fill(f"Groep 2 koos dit vaker ({{verzoek__omzetgroep:1@2!{check}}}) dan de andere.")
    other = check.split(":", 1)[1]
    assert str(err.value) == (f"placeholder {{verzoek__omzetgroep:1@2!{check}}}: row {other} of 'verzoek__omzetgroep' "
                              f"has no figure to compare with: {why}")
