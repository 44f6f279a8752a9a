"""Tables as printed, captions with bases, verdicts and key figures in the prose."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.present.figures_text import FigureError, KeyFigures, format_value
from wlzmonitor.spec.layout import TableSpec
from wlzmonitor.present.table_html import bases_caption, small_columns, table_html, verdict_html, wide_table
from wlzmonitor.compute.significance import TestResult as SigResult


# -- hand-made tables ------------------------------------------------------------------------
def _tidy(rows):
    return pd.DataFrame(rows, columns=["row", "column", "value", "n", "row_code", "column_code"])


TREND = TableSpec(key="verzoek", number="Tabel 9", chapter="x", question="verzoek", kind="single",
                  rows=(1, 2), columns=(2024, 2025, 2026), title="Heeft u om maatwerk verzocht?")
TREND_TABLE = _tidy([
    ("Ja", "2024", 46.0, 107, 1, 2024), ("Ja", "2025", 35.0, 112, 1, 2025), ("Ja", "2026", 100 * 27 / 122, 122, 1, 2026),
    ("Nee", "2024", 54.0, 107, 2, 2024), ("Nee", "2025", 65.0, 112, 2, 2025), ("Nee", "2026", 100 * 95 / 122, 122, 2, 2026),
])
BREAKDOWN = TableSpec(key="verzoek__groep", number="Tabel B9", chapter="x", question="verzoek", kind="single",
                      rows=(1, 2), columns=(1, 2, "Totaal"), by="omzetgroep")
BREAKDOWN_TABLE = _tidy([
    ("Ja", "Klein", 50.0, 8, 1, 1), ("Ja", "Groot", 25.0, 100, 1, 2), ("Ja", "Totaal", 100 * 29 / 108, 108, 1, "Totaal"),
    ("Nee", "Klein", 50.0, 8, 2, 1), ("Nee", "Groot", 75.0, 100, 2, 2), ("Nee", "Totaal", 100 * 79 / 108, 108, 2, "Totaal"),
])
MEANS = TableSpec(key="last", number="Tabel 34", chapter="x", question="last", kind="scale_means",
                  rows=("a", "b"), columns=(2025, 2026))
MEANS_TABLE = _tidy([
    ("A", "2025", 4.13, np.nan, "a", 2025), ("A", "2026", 4.049999, 98, "a", 2026),
    ("B", "2025", 3.0, np.nan, "b", 2025), ("B", "2026", 2.3, 115, "b", 2026),
])
NPS = TableSpec(key="nps", number="Tabel 37", chapter="x", question="nps", kind="nps",
                rows=("Critici", "Neutralen", "Fans", "NPS"), columns=(2025, 2026))
NPS_TABLE = _tidy([
    ("Critici", "2025", 15.0, 112, "Critici", 2025), ("Critici", "2026", 12.3, 122, "Critici", 2026),
    ("Neutralen", "2025", 65.0, 112, "Neutralen", 2025), ("Neutralen", "2026", 68.9, 122, "Neutralen", 2026),
    ("Fans", "2025", 20.0, 112, "Fans", 2025), ("Fans", "2026", 18.8, 122, "Fans", 2026),
    ("NPS", "2025", 5.0, 112, "NPS", 2025), ("NPS", "2026", 6.5, 122, "NPS", 2026),
])


class _Codebook:
    """Just enough codebook for the builders: no question has a unit."""

    def __contains__(self, key):
        return False


def _figures():
    specs = {s.key: s for s in (TREND, BREAKDOWN, MEANS, NPS)}
    tables = {"verzoek": TREND_TABLE, "verzoek__groep": BREAKDOWN_TABLE, "last": MEANS_TABLE, "nps": NPS_TABLE}
    return KeyFigures(2026, specs, tables)


def test_wide_table_prints_the_reports_way():
    wide = wide_table(TREND, TREND_TABLE, _Codebook(), small_base=20)
    assert list(wide.columns) == ["2024", "2025", "2026"]
    assert list(wide.index) == ["Ja", "Nee"]
    assert wide.loc["Ja"].tolist() == ["46%", "35%", "22%"]
    assert wide.loc["Nee"].tolist() == ["54%", "65%", "78%"]
    means = wide_table(MEANS, MEANS_TABLE, _Codebook(), small_base=20)
    assert means.loc["A"].tolist() == ["4,13", "4,05"]
    nps = wide_table(NPS, NPS_TABLE, _Codebook(), small_base=20)
    assert nps.loc["NPS"].tolist() == ["+5", "+7"]
    assert nps.loc["Fans"].tolist() == ["20%", "19%"]


def test_breakdown_headers_carry_the_base_and_mark_small_groups():
    wide = wide_table(BREAKDOWN, BREAKDOWN_TABLE, _Codebook(), small_base=20)
    assert list(wide.columns) == ["Klein (n=8) *", "Groot (n=100)", "Totaal (n=108)"]
    assert small_columns(BREAKDOWN_TABLE, 20, BREAKDOWN) == [1]
    assert small_columns(BREAKDOWN_TABLE, 8, BREAKDOWN) == []


def test_caption_bases():
    assert bases_caption(TREND, TREND_TABLE) == "(2024: n=107, 2025: n=112, 2026: n=122)"
    assert bases_caption(BREAKDOWN, BREAKDOWN_TABLE) == "(n=108)"
    assert bases_caption(MEANS, MEANS_TABLE) == "(2026: n variërend van 98 tot 115)"


def test_verdicts_word_it_as_the_report_does():
    sig = verdict_html(BREAKDOWN, SigResult("chi2", 0.0123, True, 6.0), alpha=0.05)
    assert "Dit is een statistisch significant verschil, maar dit is slechts richtinggevend" in sig
    assert "omzetgroep" in sig and "p = 0,012" in sig and 'class="verdict significant"' in sig
    # review of the statistics: the year-on-year changes are corrected for the number of tests, the breakdowns
    # (as the publication did) are not; the verdict says so where the reader sees it, not only the methods page
    assert "niet gecorrigeerd voor het aantal uitsplitsingen dat is getoetst" in sig
    not_sig = verdict_html(BREAKDOWN, SigResult("chi2-permutatie", 0.42, False, 1.2), alpha=0.05)
    assert "Geen statistisch significant verschil" in not_sig and "permutatietoets" in not_sig
    assert "p = 0,420" in not_sig
    assert verdict_html(TREND, None, alpha=0.05) == ""


@pytest.mark.parametrize(("why", "words"), [
    ("no answers", "Geen toets mogelijk: er zijn geen antwoorden."),
    ("one answer", "Geen toets mogelijk: alle organisaties gaven hetzelfde antwoord."),
    ("one group", "Geen toets mogelijk: alle antwoorden komen uit één omzetgroep."),
    ("", "Geen toets mogelijk: te weinig antwoorden per omzetgroep."),
])
def test_an_untested_breakdown_says_why(why, words):
    assert verdict_html(BREAKDOWN, SigResult("chi2", float("nan"), False, float("nan"), why), alpha=0.05) \
        == f'<p class="verdict">{words}</p>'


def test_the_test_says_why_it_could_not_test():
    from wlzmonitor.compute.tables import independence_test

    same = independence_test(pd.Series(["Nee"] * 6), pd.Series([1, 1, 2, 2, 3, 3]))
    one_group = independence_test(pd.Series(["Ja", "Nee", "Ja"]), pd.Series([1, 1, 1]))
    none = independence_test(pd.Series([None, None], dtype=object), pd.Series([1, 2]))
    tested = independence_test(pd.Series(["Ja", "Nee", "Ja", "Nee"]), pd.Series([1, 1, 2, 2]))
    assert [r["untestable"] for r in (same, one_group, none, tested)] == ["one answer", "one group", "no answers", ""]
    assert np.isnan(same["p_value"]) and not np.isnan(tested["p_value"])


def test_a_trend_with_nothing_tested_claims_no_change():
    """A column without answers gives NaN p-values: the verdict says it was not tested instead of
    'no significant change', which no test found."""
    from wlzmonitor.compute.trends import COLUMNS
    from wlzmonitor.present.table_html import change_html

    rows = [{c: None for c in COLUMNS} | {"table_key": "verzoek", "row": r, "row_code": code, "previous": "2025",
                                           "current": "2026", "n_previous": 112.0, "n_current": 0.0,
                                           "p_value": float("nan"), "p_adjusted": float("nan"),
                                           "significant": False, "indicative": False, "test": "z",
                                           "correction": "Holm", "tests_in_family": 2}
            for r, code in (("Ja", 1), ("Nee", 2))]
    changes = pd.DataFrame(rows, columns=COLUMNS)
    out = change_html(TREND, changes, 2026, alpha=0.05)
    assert out == '<p class="verdict">Niet getoetst tegen 2025: geen antwoorden in 2026.</p>'
    assert change_html(TREND, changes.iloc[0:0], 2026, alpha=0.05) == \
        '<p class="verdict">Niet getoetst tegen 2025: geen antwoorden om te vergelijken.</p>'


def test_a_row_without_a_test_is_not_covered_by_no_significant_change():
    """Review of the statistics: a table with one tested row and one without spread (0% in both
    years) said only 'Geen statistisch significante verandering', also of the row no test looked at."""
    from wlzmonitor.compute.trends import all_changes
    from wlzmonitor.present.table_html import change_html

    spec = TableSpec(key="redenen", number="Tabel 4", chapter="x", question="redenen", kind="multi",
                     rows=(1, 2), columns=(2025, 2026), title="Redenen")
    table = _tidy([("Kosten", "2025", 40.0, 100, 1, 2025), ("Kosten", "2026", 45.0, 100, 1, 2026),
                   ("Anders", "2025", 0.0, 100, 2, 2025), ("Anders", "2026", 0.0, 100, 2, 2026)])
    layout = type("Layout", (), {"tables": [spec]})
    changes = all_changes(layout, {"redenen": table}, 2026, None, alpha=0.05)
    assert change_html(spec, changes, 2026, alpha=0.05).split("\n") == [
        '<p class="verdict">Geen statistisch significante verandering ten opzichte van 2025 (scoretoets voor het '
        "verschil tussen twee proporties, Holm-correctie over de 1 jaar-op-jaartoets van het rapport, α = 0,05).</p>",
        '<p class="verdict">Niet getoetst tegen 2025: ‘Anders’ (geen spreiding: in beide jaren 0% of 100%).</p>']


def test_a_placeholder_on_a_cell_without_a_figure_stops_with_a_message():
    """'Van de verzoeken is {verzoek:1} gehonoreerd' in a year nobody answered printed an empty
    string: now an error naming the placeholder and what to do."""
    empty = TREND_TABLE.copy()
    now = empty["column_code"] == 2026
    empty.loc[now, "value"], empty.loc[now, "n"] = np.nan, 0
    kf = KeyFigures(2026, {"verzoek": TREND}, {"verzoek": empty})
    with pytest.raises(FigureError, match=r"placeholder \{verzoek:1\}: no figure to print: nobody answered"):
        kf.fill("Van de verzoeken is {verzoek:1} gehonoreerd")
    assert kf.fill("{verzoek:1@vorig}") == "35%"  # the other columns still print


def test_a_year_in_prose_is_the_year_printed_above_the_column():
    """Herschikking is about the year before: columns 2024-2026 print 2023-2025. '{...@2024}' is the
    column the reader sees as 2024 (code 2025); a survey year that is not printed is an error
    naming the printed years; @trend and @vorig are unchanged."""
    spec = TableSpec(key="hers", number="Tabel 21", chapter="x", question="hers", kind="single", rows=(1, 2),
                     columns=(2024, 2025, 2026), column_labels={2024: "2023", 2025: "2024", 2026: "2025"})
    table = _tidy([("Ja", "2023", 75.0, 100, 1, 2024), ("Ja", "2024", 71.0, 110, 1, 2025),
                   ("Ja", "2025", 75.5, 120, 1, 2026), ("Nee", "2023", 25.0, 100, 2, 2024),
                   ("Nee", "2024", 29.0, 110, 2, 2025), ("Nee", "2025", 24.5, 120, 2, 2026)])
    kf = KeyFigures(2026, {"hers": spec}, {"hers": table})
    assert kf.fill("{hers:1@2024} / {hers:1@2023} / {hers:1@vorig} / {hers:1} / {hers:n@2024}") == \
        "71% / 75% / 71% / 76% / n=110"
    assert kf.fill("{hers:1@trend}") == "2024: 71%, 2023: 75%"
    with pytest.raises(FigureError, match=r"no column '2026' \(the table prints its columns as 2023, 2024, 2025"):
        kf.fill("{hers:1@2026}")


def _changes(significant: bool, p: float = 0.01) -> pd.DataFrame:
    from wlzmonitor.compute.trends import COLUMNS

    rows = [{c: None for c in COLUMNS} | {"table_key": "verzoek", "row": r, "row_code": code, "p_value": p,
                                           "p_adjusted": p * 3, "significant": significant, "indicative": False}
            for r, code in (("Ja", 1), ("Nee", 2))]
    return pd.DataFrame(rows, columns=COLUMNS)


def test_a_claim_of_change_is_checked_against_the_table_and_the_test():
    """'gedaald', 'significant': the sentence needs the check, and the check must hold (22% in 2026
    against 35% in 2025: a fall)."""
    specs = {s.key: s for s in (TREND, BREAKDOWN, MEANS, NPS)}
    tables = {"verzoek": TREND_TABLE, "verzoek__groep": BREAKDOWN_TABLE, "last": MEANS_TABLE, "nps": NPS_TABLE}
    kf = KeyFigures(2026, specs, tables, changes=_changes(True))
    assert kf.fill("Het aandeel daalde: {verzoek:1!daling}, gedaald.") == "Het aandeel daalde: 22%, gedaald."
    assert kf.fill("Dat is {verzoek:1!significant} en significant.") == "Dat is 22% en significant."
    with pytest.raises(FigureError, match=r"22% against 35% the column before is no stijging"):
        kf.fill("Het aandeel is {verzoek:1!stijging} gestegen.")
    with pytest.raises(FigureError, match=r"is significant after the correction"):
        kf.fill("Het aandeel {verzoek:1!niet-significant} is niet significant veranderd.")
    quiet = KeyFigures(2026, specs, tables, changes=_changes(False, 0.2))
    assert quiet.fill("{verzoek:1!niet-significant} is niet significant.") == "22% is niet significant."
    with pytest.raises(FigureError, match=r"is not significant after the correction for multiple testing \(p = 0,600\)"):
        quiet.fill("Een significante daling: {verzoek:1!significant}, {verzoek:1!daling}.")
    untested = KeyFigures(2026, specs, tables, changes=_changes(False, float("nan")))
    with pytest.raises(FigureError, match="was not tested against the column before"):
        untested.fill("{verzoek:1!niet-significant} is niet significant veranderd.")
    # the printed figures decide: 4,05 against 4,05 is no change, whatever the digits behind them
    level = MEANS_TABLE.copy()
    level.loc[(level["row_code"] == "a") & (level["column_code"] == 2025), "value"] = 4.0501
    flat = KeyFigures(2026, {"last": MEANS}, {"last": level})
    with pytest.raises(FigureError, match="4,05 against 4,05 the column before is no daling"):
        flat.fill("Gedaald: {last:a!daling}.")


@pytest.mark.parametrize(("sentence", "missing"), [
    ("Het aandeel is {verzoek:1} ({verzoek:1@trend}), een statistisch significante stijging.", "stijging"),
    ("Het aandeel is {verzoek:1} ({verzoek:1@trend}), een statistisch significante stijging.", "!significant}"),
    ("Het aandeel is {verzoek:1}, gedaald sinds {vorig_jaar}.", "!daling}"),
    ("Het aandeel is {verzoek:1} en toegenomen.", "!stijging}"),
    ("Het aandeel {verzoek:1} is niet significant veranderd.", "!niet-significant}"),
    ("Geen statistisch significante verandering: {verzoek:1}.", "!niet-significant}"),
    # every form of the verb, the nouns, separable verbs, "meer dan in <year>" (review)
    ("Het aandeel dat om maatwerk vroeg steeg naar {verzoek:1}.", "!stijging}"),
    ("Het aandeel daalde naar {verzoek:1}.", "!daling}"),
    ("Het aandeel daalt tot {verzoek:1}.", "!daling}"),
    ("Het aandeel nam flink toe tot {verzoek:1}.", "!stijging}"),
    ("Het aandeel nam in {jaar} af tot {verzoek:1}.", "!daling}"),
    ("Het aandeel liep terug tot {verzoek:1}.", "!daling}"),
    ("Een forse toename: {verzoek:1} vroeg erom.", "!stijging}"),
    ("Een afname: {verzoek:1} vroeg erom.", "!daling}"),
    ("Het aandeel ({verzoek:1}) is verdubbeld.", "!verdubbeling}"),
    ("Het aandeel is afgenomen tot {verzoek:1}.", "!daling}"),
    ("Het aandeel liep op tot {verzoek:1}.", "!stijging}"),
    ("Het aandeel stijgt naar {verzoek:1}.", "!stijging}"),
    ("Het aandeel is gezakt naar {verzoek:1}.", "!daling}"),
    ("Een verdubbeling ten opzichte van {vorig_jaar}: {verzoek:1}.", "!verdubbeling}"),
    # a claim in the next sentence is about the figure before it
    ("{verzoek:1} vroeg om maatwerk. Dit is een statistisch significante stijging ten opzichte van {vorig_jaar}.",
     "!significant}"),
    ("{verzoek:1} vroeg om maatwerk. Dat is fors gestegen.", "!stijging}"),
    # the review of the outputs: comparisons with an earlier year, more verbs, invisible characters
    ("In {jaar} vroeg {verzoek:1} om maatwerk; dat is meer dan in 2025.", "!stijging}"),
    ("Het aandeel ({verzoek:1}) is hoger uitgevallen dan in {vorig_jaar}.", "!stijging}"),
    ("Het aandeel ({verzoek:1}) is minder dan in 2025.", "!daling}"),
    ("Het aandeel ({verzoek:1}) viel lager uit dan het jaar ervoor.", "!daling}"),
    ("Het aandeel ({verzoek:1}) groeide sterk.", "!stijging}"),
    ("Het aandeel ({verzoek:1}) ging flink omhoog.", "!stijging}"),
    ("Het aandeel ({verzoek:1}) ging omlaag.", "!daling}"),
    ("Het aandeel ({verzoek:1}) kromp.", "!daling}"),
    ("Het aandeel ({verzoek:1}) is gest\u00adegen.", "!stijging}"),
    ("Het aandeel ({verzoek:1}) is sig\u200bnificant veranderd.", "!significant}"),
    ("Het aandeel ({verzoek:1}) is statistisch betekenisvol hoger.", "!significant}"),
    # the review of the statistics: a claim of no change, synonyms of a significant change
    ("Dat aandeel ({verzoek:1}) is stabiel gebleven ten opzichte van {vorig_jaar}.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) is onveranderd.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) is vergelijkbaar met vorig jaar.", "!stabiel}"),
    ("{verzoek:1} vroeg erom ({verzoek:1@trend}), een statistisch aantoonbare verbetering.", "!significant}"),
    ("Een aanzienlijk verschil met vorig jaar: {verzoek:1}.", "!significant}"),
    # the review of the statistics: the past tense of doubling, halving, sinking ("verdubbelde tot 24%"
    # beside a fall from 51% passed unchecked)
    ("Het aandeel verdubbelde tot {verzoek:1}.", "!verdubbeling}"),
    ("Het aandeel verdrievoudigde tot {verzoek:1}.", "!verdrievoudiging}"),
    ("Het aandeel halveerde tot {verzoek:1}.", "!halvering}"),
    # the factor is a claim of its own: a rise alone does not back it (review of the statistics)
    ("Het aandeel verdubbelde tot {verzoek:1!stijging}.", "!verdubbeling}"),
    ("Het aandeel is gehalveerd tot {verzoek:1!daling}.", "!halvering}"),
    ("Het aandeel is meer dan verdubbeld: {verzoek:1!verdubbeling}.", "!meer-dan-verdubbeling}"),
    ("Het aandeel verviervoudigde tot {verzoek:1}.", "!verviervoudiging}"),
    ("Het aandeel zakte naar {verzoek:1}.", "!daling}"),
    ("Het aandeel slonk tot {verzoek:1}.", "!daling}"),
    # a later review: more claims of no change ("vergelijkbaar met {vorig_jaar}." slipped: no word boundary
    # after the brace), and a change for the better or the worse, which needs the direction it means
    ("Het aandeel ({verzoek:1}) is vergelijkbaar met {vorig_jaar}.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) is ongewijzigd ten opzichte van {vorig_jaar}.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) is hetzelfde als vorig jaar.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) is gelijk aan 2025.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) is evenveel als in {vorig_jaar}.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) ligt in lijn met het jaar ervoor.", "!stabiel}"),
    ("Het aandeel ({verzoek:1}) is constant gebleven.", "!stabiel}"),
    ("Het oordeel over het zorgkantoor is verbeterd: {verzoek:1} is tevreden.", "!stijging} or {key:ROW!daling}"),
    ("Het oordeel verslechterde tot {verzoek:1}.", "!stijging} or {key:ROW!daling}"),
    ("Een verbetering: {verzoek:1} is tevreden.", "!stijging} or {key:ROW!daling}"),
    ("De tevredenheid ging flink achteruit, naar {verzoek:1}.", "!stijging} or {key:ROW!daling}"),
    ("De tevredenheid is vooruitgegaan naar {verzoek:1}.", "!stijging} or {key:ROW!daling}"),
    # more verbs of a rise or fall, and of no change
    ("Het aandeel is verhoogd naar {verzoek:1}.", "!stijging}"),
    ("Het aandeel schoot omhoog naar {verzoek:1}.", "!stijging}"),
    ("Het aandeel klom naar {verzoek:1}.", "!stijging}"),
    ("Het aandeel kwam hoger uit, op {verzoek:1}.", "!stijging}"),
    ("Het aandeel is verlaagd tot {verzoek:1}.", "!daling}"),
    ("Het aandeel viel terug naar {verzoek:1}.", "!daling}"),
    ("Het aandeel is gekelderd naar {verzoek:1}.", "!daling}"),
    ("Het aandeel is ingezakt tot {verzoek:1}.", "!daling}"),
    ("Het aandeel bleef nagenoeg stabiel op {verzoek:1}.", "!stabiel}"),
    # more words for a significant change
    ("Het aandeel ({verzoek:1}) toont een opvallend verschil met {vorig_jaar}.", "!significant}"),
    ("Een betrouwbaar verschil met vorig jaar: {verzoek:1}.", "!significant}"),
    ("Een substantieel verschil met vorig jaar: {verzoek:1}.", "!significant}"),
    ("Het aandeel ({verzoek:1}) is statistisch gezien hoger dan in {vorig_jaar}.", "!significant}"),
    ("Het aandeel ({verzoek:1}) verschilt van {vorig_jaar}, en dat berust niet op toeval.", "!significant}"),
    ("Het aandeel ({verzoek:1}) is met 95% zekerheid anders dan in {vorig_jaar}.", "!significant}"),
    ("Een groot verschil met vorig jaar: {verzoek:1}.", "!significant}"),   # a later review
    ("Een forse toename, naar {verzoek:1}.", "!significant}"),
    # more superlatives, as whole words
    ("Meerzorg is het zwaarst belastend ({verzoek:1}).", "!max}"),
    ("Meerzorg wordt het vaakste genoemd ({verzoek:1}).", "!max}"),
    ("Meerzorg is de meest genoemde ({verzoek:1}).", "!max}"),
    ("Meerzorg is koploper ({verzoek:1}).", "!max}"),
    ("Het tarief is het hoogst bij kleine organisaties ({verzoek:1}).", "!max}"),
    ("De allergrootste groep ({verzoek:1}).", "!max}"),
    ("De belangrijkste reden is meerzorg ({verzoek:1}).", "!max}"),      # a later review
    ("Meerzorg staat bovenaan ({verzoek:1}).", "!max}"),
    ("Op de eerste plaats staat meerzorg ({verzoek:1}).", "!max}"),
    # a comparative with words before its "dan"
    ("Grote organisaties vroegen vaker om maatwerk ({verzoek:1}) dan kleine.", "!gt:OTHER}"),
    ("Kleine organisaties ({verzoek:1}) zijn minder tevreden dan grote.", "!gt:OTHER}"),
    ("Kleine organisaties zijn positiever over het zorgkantoor ({verzoek:1}) dan grote.", "!gt:OTHER}"),
])
def test_a_claim_of_change_without_its_check_is_refused(sentence, missing):
    from wlzmonitor.spec.prose import comparison_problems

    assert any(missing in p for p in comparison_problems(sentence)), comparison_problems(sentence)
    with pytest.raises(FigureError, match="no placeholder backs it"):
        _figures().fill(sentence)


@pytest.mark.parametrize("sentence", ["Het aandeel is 35% ({verzoek:1@trend}).", "Dat is {verzoek:1} (96,4 %).",
                                      "Bijna 22 % zei ja.", "Het is 46 procent ({verzoek:n}).",
                                      "In {jaar} vroegen er 43 van de 122 ({verzoek:n})."])
def test_a_typed_percentage_is_found(sentence):
    """check-year warns (a policy figure such as the richttarief's 95,5% can be meant; the chapter runs)."""
    from wlzmonitor.spec.prose import typed_figure_problems

    assert len(typed_figure_problems(sentence)) == 1
    assert _figures().fill(sentence)


@pytest.mark.parametrize("sentence", [
    "De vragenlijst is in november afgenomen bij {verzoek:n} leden.",  # administered, no fall
    "Het aandeel {verzoek:1!niet-significant} is niet-significant veranderd.",
    "Het aandeel {verzoek:1} is niet gestegen.",  # a change denied is no change claimed
    "Het aandeel ({verzoek:1!stijging}) is hoger uitgevallen dan in 2025.",
    "Meer dan de helft ({verzoek:1!meerderheid}) vroeg om maatwerk.",  # a quantifier, no year
    "{verzoek:1} vindt de lasten verslechterd.",  # an answer category, not a change of the figure
    "{verzoek:1} vroeg meer dan twee keer om maatwerk.",  # no earlier year
    # the regression review: what respondents report or want about the year before is no moving figure
    "{verzoek:1} ervaart meer administratieve lasten dan vorig jaar.",
    "{verzoek:1} van de organisaties vindt een hoger tarief dan in {vorig_jaar} nodig.",
    "Het aandeel ({verzoek:1!stabiel}) is onveranderd.",
    "Het aandeel ({verzoek:1}) is niet onveranderd gebleven, zegt {verzoek:n}.",  # denied: no claim of no change
    "Het aandeel {verzoek:1}, bij een significantieniveau van 0,05.",
    "Wij namen de vragenlijst af bij {verzoek:n} leden.",  # administered
    "De afname van de vragenlijst: {verzoek:n} leden.",
    "Het aandeel {verzoek:1} nam niet toe.",  # denied
    "{verzoek:1!stijging} vroeg erom. Dat is gestegen.",  # backed in the sentence before
    "Een daling tot {verzoek:1!daling}.",
    # found by the review of the claim words: explanations beside a figure, nouns naming a subject,
    # adjectives, forecasts, "afnemen" as purchasing, "toe te lichten", intentions, a denial further back
    "{verzoek:1} ({verzoek:1@trend}). Onder elke tabel staat of een verandering significant is.",
    "{verzoek:1} is er. Significante verschillen staan in rood onder de tabel.",
    "{verzoek:1} is er. De afname liep van oktober tot december {jaar}.",
    "{verzoek:1} is tevreden. Landelijk groeit de vraag naar verpleeghuiszorg.",
    "{verzoek:1} noemt de toename van de zorgvraag als reden.",
    "{verzoek:1} noemt stijgende kosten en dalende tarieven als knelpunt.",
    "{verzoek:1} verwacht dat de kosten de komende jaren stijgen.",
    "Van de aanbieders met een afname van de Wlz-productie is {verzoek:1} tevreden.",
    "Het zorgkantoor neemt bij {verzoek:1} van de aanbieders alle productie af.",
    "Zorgkantoren namen de tijd om het beleid toe te lichten: {verzoek:1} is tevreden.",
    "{verzoek:1} wil meer dan vorig jaar afspraken maken over innovatie.",
    "{verzoek:1} ziet geen reden tot een stijging.",
    # a change for the better or the worse that respondents report, a subject, no change, denied, backed
    "Ten opzichte van vorig jaar vindt {verzoek:1} dat de lasten zijn verslechterd.",
    "{verzoek:1} ziet een verbetering ten opzichte van vorig jaar.",
    "Er is ruimte voor verbetering: {verzoek:1} is tevreden.",
    "Ter verbetering van de inkoop vraagt {verzoek:1} om maatwerk.",
    "De verbetering van de zorg staat voorop bij {verzoek:1}.",
    "Het oordeel is niet verbeterd: {verzoek:1} is tevreden.",
    "Het oordeel is verbeterd: {verzoek:1!stijging} is tevreden.",
    "Het oordeel verslechterde tot {verzoek:1!daling}.",
    "De vraag is gelijk aan die van vorig jaar; {verzoek:1} antwoordde ja.",
    "Het resultaat ({verzoek:1}) is beter dan verwacht.",
    "Het bestuur ({verzoek:1}) is tevreden.",
    "Organisaties met een verhoogd risico ({verzoek:1}) vroegen om maatwerk.",
    "{verzoek:1} viel terug op de reserves.",
    "Er is geen opvallend verschil met vorig jaar ({verzoek:1!niet-significant}).",  # "het best" is a superlative, "het bestuur" none
    "Kleine organisaties ({verzoek:1!gt:2}) vroegen vaker om maatwerk dan grote.",
])
def test_ordinary_dutch_is_no_claim_of_change(sentence):
    from wlzmonitor.spec.prose import comparison_problems

    assert comparison_problems(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Onder elke tabel staat of een verandering statistisch significant is.",  # no figure: the method
    "In {jaar} is de vragenlijst gewijzigd en de groei van het aantal vragen gestopt.",  # a year word only
])
def test_explanations_without_a_figure_are_no_claims(sentence):
    assert _figures().fill(sentence)


def test_table_html_is_deterministic_and_captioned():
    first = table_html(TREND, TREND_TABLE, _Codebook(), small_base=20)
    assert first == table_html(TREND, TREND_TABLE, _Codebook(), small_base=20)
    assert 'id="T_verzoek"' in first
    assert ">Tabel 9 – Heeft u om maatwerk verzocht? (2024: n=107, 2025: n=112, 2026: n=122)</p>" in first


def test_table_html_has_no_empty_header_cell():
    """The Styler's corner above the row labels is a data cell: an empty <th> heads nothing (a
    screen reader announces a blank header; axe-core's empty-table-header)."""
    import re

    page = table_html(TREND, TREND_TABLE, _Codebook(), small_base=20)
    assert '<thead>\n    <tr>\n      <td class="blank level0"></td>\n' in page
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", page, re.DOTALL)
    assert headers and all(h.replace("&nbsp;", "").strip() for h in headers)


def test_the_corner_of_a_table_with_two_header_rows_is_data_cells_too():
    from wlzmonitor.present.table_html import _without_empty_header

    styled = pd.DataFrame([[1, 2]], index=["a"], columns=pd.MultiIndex.from_tuples([("x", "1"), ("x", "2")])).style
    page = _without_empty_header(styled.set_uuid("t").to_html())
    assert '<th class="blank' not in page and page.count('<td class="blank level') == 2
    assert _without_empty_header('<th class="row_heading level0 row0" >&nbsp;</th>') == (
        '<th class="row_heading level0 row0" >&nbsp;</th>')  # only the Styler's blank corner cells


# -- key figures -----------------------------------------------------------------------------
def test_fill_puts_in_the_computed_figures():
    kf = _figures()
    text = kf.fill("In {jaar} heeft {verzoek:1} ja gezegd ({verzoek:1@trend}); vorig jaar {verzoek:1@vorig}, {verzoek:n}.")
    assert text == "In 2026 heeft 22% ja gezegd (2025: 35%, 2024: 46%); vorig jaar 35%, n=122."
    assert kf.fill("{verzoek:1+2}") == "100%"
    assert kf.fill("{verzoek__groep:1} / {verzoek__groep:1@1} / {verzoek__groep:n@1}") == "27% / 50% / n=8"
    assert kf.fill("{last:a} ({last:a@trend}), {last:n}") == "4,05 (2025: 4,13), n=98–115"
    assert kf.fill("NPS {nps:NPS} ({nps:NPS@vorig})") == "NPS +7 (+5)"


@pytest.mark.parametrize("template, message", [
    ("{verzoek:3}", "has no row '3'"),
    ("{verzoek:1@2019}", "has no column '2019'"),
    ("{onbekend:1}", "unknown table 'onbekend'"),
    ("{verzoek}", "needs a row"),
    # a sum that is no share of one group of respondents
    ("{verzoek:1+1}", "counted twice"),
    ("{verzoek:1+2+1@trend}", "counted twice"),
    ("{last:a+b}", "'scale_means' table do not add up"),
    ("{nps:Fans+NPS}", "'nps' table do not add up"),
])
def test_fill_refuses_what_the_table_does_not_have(template, message):
    with pytest.raises(FigureError, match=message):
        _figures().fill(template)


def test_format_value():
    assert format_value(96.66, "percent_number") == "96,7%"
    assert format_value(98.0, "percent_number") == "98%"
    assert format_value(12.0, "number") == "12"
    assert format_value(-14.3, "nps") == "-14"
    assert format_value(np.nan, "percent") == ""


# -- on the 2026 demo data -------------------------------------------------------------------
@pytest.fixture(scope="module")
def result(result_2026):
    return result_2026


def test_demo_tables_print_the_published_figures(result):
    spec = result.layout.table("maatwerk")
    wide = wide_table(spec, result.tables["maatwerk"], result.codebook, small_base=20)
    assert wide.loc["Ja"].tolist() == ["46%", "35%", "22%"]  # Tabel 3 of the 2026 report
    spec = result.layout.table("tariefpercentage_hoger_lager")
    assert bases_caption(spec, result.tables[spec.key]) == "(n=36)"  # Tabel 2
    wide = wide_table(spec, result.tables[spec.key], result.codebook, small_base=20)
    assert wide.iloc[0].tolist() == ["36", "96,7%", "95,8%", "98%"]
    spec = result.layout.table("geldstromen_belasting")
    caption = bases_caption(spec, result.tables[spec.key])  # Tabel 34; 2024/2025 computed from their demo data
    assert caption.startswith("(2024: n variërend van ") and caption.endswith(", 2026: n variërend van 96 tot 115)")
    spec = result.layout.table("nps__uitvoerder")
    assert small_columns(result.tables[spec.key], 20, spec) == [3, 5]  # Menzis (NPS 2024: n=15), Overig (n=9)


def test_every_table_of_the_layout_renders(result):
    for spec in result.layout.tables:
        markup = table_html(spec, result.tables[spec.key], result.codebook, small_base=20)
        assert f"\">{spec.number} – " in markup


def test_no_rise_or_fall_across_a_changed_question():
    """{key:ROW!daling} where the column before was asked differently: the figures are not
    comparable, the claim is refused (review: "gedaald naar 11%" printed without a footnote)."""
    import dataclasses

    changed = dataclasses.replace(TREND, changes={2025: "gewijzigde antwoordcategorieën"})
    figures = KeyFigures(2026, {"verzoek": changed}, {"verzoek": TREND_TABLE})
    with pytest.raises(FigureError, match=r"in 2025 the question was asked differently \(gewijzigde "
                                          r"antwoordcategorieën\): the figures are not comparable"):
        figures.fill("Het aandeel is gedaald naar {verzoek:1!daling}.")
    assert _figures().fill("Het aandeel is gedaald naar {verzoek:1!daling}.") == "Het aandeel is gedaald naar 22%."


@pytest.mark.parametrize("template, printed, message", [
    # 2025 35% (rows: Ja 35%, Nee 65%), 2026 22% / 78%
    ("Het aandeel is gehalveerd tot {verzoek:1!halvering}.", None, "22% against 35% the column before is no "
     r"halvering \(!halvering: 0,45–0,55 times"),
    ("Het aandeel is verdubbeld tot {verzoek:2!verdubbeling}.", None, "78% against 65% the column before is no "
     r"verdubbeling \(!verdubbeling: 1,80–2,20 times"),
    ("Het aandeel is meer dan gehalveerd tot {verzoek:1!meer-dan-halvering}.", None, "no meer-dan-halvering"),
    ("Het aandeel verdubbelde tot {verzoek:1!verdubbeling}.", None, "no verdubbeling"),  # a fall
    ("De NPS verdubbelde tot {nps:NPS!verdubbeling}.", None, "'nps' figures .* have no factor"),
    ("Het aandeel is gehalveerd tot {verzoek:1!halvering}.", 17.0, None),  # 17% against 35%: 0,49
    ("Het aandeel is meer dan gehalveerd tot {verzoek:1!meer-dan-halvering}.", 17.0, None),
    ("Het aandeel is gehalveerd tot {verzoek:1!halvering}.", 15.0, "no halvering"),  # 15% against 35%: 0,43
    ("Het aandeel is verdubbeld tot {verzoek:1!verdubbeling}.", 70.0, None),  # 70% against 35%
    ("Het aandeel is verdubbeld tot {verzoek:1!verdubbeling}.", 78.0, "no verdubbeling"),  # 2,23 times
    ("Het aandeel is meer dan verdubbeld tot {verzoek:1!meer-dan-verdubbeling}.", 78.0, None),
    ("Het aandeel is meer dan verdubbeld tot {verzoek:1!meer-dan-verdubbeling}.", 70.0, "no meer-dan-verdubbeling"),
])
def test_a_factor_of_change_is_checked(template, printed, message):
    """Review of the statistics: "verdubbelde" / "gehalveerd" needed only !stijging / !daling, so
    'Het aandeel verdubbelde tot 76%' passed beside 71% the year before and 'gehalveerd tot 22%'
    beside 35%. The factor is checked on the figures as printed, within 10% (or beyond it with
    'meer dan')."""
    figures = _figures()
    if printed is not None:
        table = TREND_TABLE.copy()
        table.loc[(table["row_code"] == 1) & (table["column_code"] == 2026), "value"] = printed
        figures = KeyFigures(2026, {"verzoek": TREND}, {"verzoek": table})
    if message is None:
        assert figures.fill(template) == template.split("{")[0] + f"{printed:.0f}%."
    else:
        with pytest.raises(FigureError, match=message):
            figures.fill(template)


@pytest.mark.parametrize("template, message", [
    # the column before a breakdown's "Totaal" is a group (Groot: 25%), not the year before
    ("Het aandeel is gedaald naar {verzoek__groep:1!daling}.", "has no column before the survey year"),
    ("Vorig jaar was het {verzoek__groep:1@vorig}.", "has no column of an earlier year"),
    ("Het aandeel is {verzoek__groep:1} ({verzoek__groep:1@trend}).", "has no column of a survey year"),
])
def test_a_breakdown_has_no_year_before(template, message):
    """Review of the statistics: {key:ROW!daling} on a breakdown compared the total (27%) with the
    last group's figure (25%) and passed 'gedaald naar 27%'; @vorig printed that group's 25% as last
    year's and @trend listed the groups by code ('2: 25%, 1: 50%')."""
    figures = _figures()
    with pytest.raises(FigureError, match=message):
        figures.fill(template)
    assert figures.fill("{verzoek__groep:1} / {verzoek__groep:1@2}") == "27% / 25%"


def test_a_figure_of_a_small_base_gets_the_tables_caution():
    """A prose figure of fewer than small_base respondents is marked as its table's column is
    (review: "63%" of 8 organisations printed without a word)."""
    small = TREND_TABLE.assign(n=TREND_TABLE["n"].where(TREND_TABLE["column_code"] != 2024, 16)
                               .where(TREND_TABLE["column_code"] != 2026, 8))
    figures = KeyFigures(2026, {"verzoek": TREND}, {"verzoek": small}, small_base=20)
    text, notes = figures.fill_notes("Het is {verzoek:1} ({verzoek:1@trend}); vorig jaar {verzoek:1@vorig}.")
    assert text == "Het is 22%¹ (2025: 35%, 2024: 46%¹); vorig jaar 35%."
    assert notes == ["¹ Kleine basis (n < 20): het percentage is gevoelig voor enkele antwoorden; "
                     "voorzichtig interpreteren."]
    assert KeyFigures(2026, {"verzoek": TREND}, {"verzoek": TREND_TABLE}, small_base=20).fill_notes(
        "Het is {verzoek:1}.") == ("Het is 22%.", [])


def test_an_untested_row_is_never_called_unchanged():
    """A published earlier figure without its base gives no test: the card, the table's verdict and
    the methods page say so (review: the 2024 Kerncijfers said 'Geen statistisch significante
    verandering' of a 12-point fall nobody tested, the table 'geen antwoorden in 2023')."""
    from wlzmonitor.compute.trends import COLUMNS
    from wlzmonitor.present.appendix import _change_methods
    from wlzmonitor.present.key_figures import _direction
    from wlzmonitor.present.table_html import change_html, untested_reason
    from wlzmonitor.spec.config import StatisticsSettings

    spec = TableSpec(key="eisen", number="Tabel 31", chapter="x", question="eisen", kind="single",
                     rows=(1, 2), columns=(2023, 2024), title="Redelijke eisen?")
    rows = pd.DataFrame([{c: None for c in COLUMNS} | {
        "table_key": "eisen", "row": label, "row_code": code, "previous": "2023", "current": "2024",
        "p_previous": prev, "p_current": now, "n_previous": float("nan"), "n_current": 107.0,
        "p_value": float("nan"), "p_adjusted": float("nan"), "significant": False, "indicative": False,
        "tests_in_family": 0, "correction": "Holm-correctie", "hypothesis": f"eisen:{code}"}
        for code, label, prev, now in ((1, "Ja", 91.0, 79.0), (2, "Nee", 9.0, 21.0))])
    assert untested_reason(rows) == "de basis (n) van 2023 is niet bekend"
    text, significant = _direction(rows, "eisen", "1", 91.0, 79.0, "percent", "2023")
    assert text == "12 procentpunten gedaald ten opzichte van 2023; niet getoetst (de basis (n) van 2023 is niet bekend)."
    assert not significant
    verdict = change_html(spec, rows, 2024, alpha=0.05)
    assert verdict == '<p class="verdict">Niet getoetst tegen 2023: de basis (n) van 2023 is niet bekend.</p>'
    methods = _change_methods(rows, StatisticsSettings(), alpha=0.05, population=None)
    assert "Geen verandering ten opzichte van het voorgaande enquêtejaar kon worden getoetst" in methods
    assert "alle 0 toetsen" not in methods
    same = rows.assign(n_previous=112.0, p_previous=[100.0, 0.0], p_current=[100.0, 0.0])
    assert untested_reason(same) == "geen spreiding: in beide jaren 0% of 100%"


def test_a_change_s_p_value_is_printed_against_the_report_s_alpha():
    """Review of the statistics: at α = 0,01 a corrected p of 0,00996 was printed "gecorrigeerde p = 0,010"
    beside "Statistisch significant veranderd", as if p were not below α."""
    from wlzmonitor.compute.trends import COLUMNS
    from wlzmonitor.present.table_html import change_html

    rows = [{c: None for c in COLUMNS} | {"table_key": "verzoek", "row": r, "row_code": code, "previous": "2025",
                                           "current": "2026", "p_previous": before, "p_current": now,
                                           "n_previous": 112.0, "n_current": 122.0, "p_value": p, "p_adjusted": adjusted,
                                           "significant": significant, "indicative": indicative,
                                           "test": "scoretoets", "correction": "Holm-correctie", "tests_in_family": 2}
            for r, code, before, now, p, adjusted, significant, indicative in (
                ("Ja", 1, 35.0, 22.0, 0.00498, 0.00996, True, False),
                ("Nee", 2, 20.0, 12.0, 0.00997, 0.0199, False, True))]
    out = change_html(TREND, pd.DataFrame(rows, columns=COLUMNS), 2026, alpha=0.01)
    assert "‘Ja’ (35% → 22%, gecorrigeerde p = 0,0099)" in out
    assert "‘Nee’ (20% → 12%, p = 0,0099)" in out
    assert "0,010" not in out


@pytest.mark.parametrize("alpha, correction, expected", [
    (0.05, "Holm-correctie",
     "Significant: na correctie voor het aantal toetsen (Holm); indicatief: p < 0,05 alleen zonder die correctie."),
    (0.01, "Benjamini-Hochberg-correctie",
     "Significant: na correctie voor het aantal toetsen (Benjamini-Hochberg); indicatief: p < 0,01 alleen zonder "
     "die correctie."),
    (0.005, "geen correctie", "Significant: p < 0,005, zonder correctie voor het aantal toetsen."),
])
def test_a_workbook_sheet_explains_its_change_marks_with_the_report_s_alpha_and_correction(alpha, correction, expected):
    """The note under a sheet's change column said 'p < 0,05' and 'Holm' whatever α and multiple_testing
    config/report.yml set."""
    from openpyxl import Workbook

    from wlzmonitor.compute.trends import COLUMNS
    from wlzmonitor.present.workbook import _table_sheet

    rows = [{c: None for c in COLUMNS} | {"table_key": "verzoek", "row": "Ja", "row_code": 1, "previous": "2025",
                                           "current": "2026", "p_previous": 35.0, "p_current": 22.0,
                                           "n_previous": 112.0, "n_current": 122.0, "p_value": alpha / 2,
                                           "p_adjusted": alpha / 2, "significant": True, "indicative": False,
                                           "test": "scoretoets", "correction": correction, "tests_in_family": 1}]
    wb = Workbook()
    name = _table_sheet(wb, TREND, TREND_TABLE, _Codebook(), test=None, changes=pd.DataFrame(rows, columns=COLUMNS),
                        alpha=alpha, small_base=20)
    texts = [c.value for row in wb[name].iter_rows() for c in row if isinstance(c.value, str)]
    assert "significant gedaald" in texts
    assert texts[-1] == expected


@pytest.mark.parametrize(("previous", "header"), [("2025", "Verandering t.o.v. vorig jaar"),
                                                   ("2024", "Verandering t.o.v. 2024")])
def test_a_workbook_change_column_names_the_year_compared_with_when_it_is_not_the_year_before(previous, header):
    """Review h94: a question not asked the year before (its table 2024 | 2026): the sheet's change column,
    the test against 2024, was headed 'Verandering t.o.v. vorig jaar'."""
    from openpyxl import Workbook

    from wlzmonitor.compute.trends import COLUMNS
    from wlzmonitor.present.workbook import _table_sheet

    rows = [{c: None for c in COLUMNS} | {"table_key": "verzoek", "row": "Ja", "row_code": 1, "previous": previous,
                                           "current": "2026", "p_previous": 35.0, "p_current": 22.0,
                                           "n_previous": 112.0, "n_current": 122.0, "p_value": 0.001,
                                           "p_adjusted": 0.001, "significant": True, "indicative": False,
                                           "test": "scoretoets", "correction": "Holm-correctie", "tests_in_family": 1}]
    wb = Workbook()
    name = _table_sheet(wb, TREND, TREND_TABLE, _Codebook(), test=None, changes=pd.DataFrame(rows, columns=COLUMNS),
                        alpha=0.05, small_base=20)
    texts = [c.value for row in wb[name].iter_rows() for c in row if isinstance(c.value, str)]
    assert header in texts and [t for t in texts if t.startswith("Verandering")] == [header]


def test_the_methods_refer_to_the_published_report_only_in_a_year_that_has_one():
    """Review of the 2027 wave: Bijlage 1 of 2027 said 'zoals in het gepubliceerde rapport' (not
    corrected for multiple testing, unweighted) in a year without a published report to be like."""
    import re

    from wlzmonitor.present.appendix import methods_html

    def says(published: bool) -> list[str]:
        page = methods_html(alpha=0.05, resamples=1000, seed=1, tests={}, small_base=20, published=published)
        return re.findall(r"[Zz]oals in [^:]*:", page)

    assert says(True) == ["Zoals in het gepubliceerde rapport is hier niet gecorrigeerd voor het aantal toetsen:",
                          "zoals in het gepubliceerde rapport:"]
    assert says(False) == ["Zoals in de eerdere edities van de monitor is hier niet gecorrigeerd voor het aantal "
                           "toetsen:", "zoals in de eerdere edities van de monitor:"]


def test_a_matrix_option_is_named_once():
    """Review of the statistics: {key:ITEM/1@2} printed option 1 (10%) and silently dropped the '@2'
    that named option 2 (85%): a placeholder that names its column twice is refused."""
    spec = TableSpec(key="wijz", number="Tabel 36", chapter="x", question="wijz", kind="matrix",
                     rows=("relatie", "lasten"), columns=(1, 2))
    table = _tidy([("Relatie", "Verbeterd", 100 * 12 / 122, 122, "relatie", 1),
                   ("Relatie", "Gelijk", 100 * 104 / 122, 122, "relatie", 2),
                   ("Lasten", "Verbeterd", 100 * 2 / 122, 122, "lasten", 1),
                   ("Lasten", "Gelijk", 100 * 87 / 122, 122, "lasten", 2)])
    figures = KeyFigures(2026, {"wijz": spec}, {"wijz": table})
    assert figures.fill("{wijz:relatie/1} / {wijz:relatie/2} / {wijz:relatie@2} / {wijz:lasten/1+lasten/2}") == \
        "10% / 85% / 85% / 73%"
    with pytest.raises(FigureError, match=r"\{wijz:relatie/1@2\}: ITEM/OPTION names the column \(the option\) "
                                          r"already; write \{wijz:relatie/1\} or \{wijz:relatie@2\}, not both"):
        figures.fill("{wijz:relatie/1@2}")


def test_a_table_without_bases_says_so_in_plain_words():
    """Review: '{pgb_aantal:n}' said "table 'pgb_aantal' has no a base in column 'None'"."""
    table = TREND_TABLE.assign(n=np.nan)
    with pytest.raises(FigureError, match=r"table 'verzoek' has no base \(n\) in column '2026'$"):
        KeyFigures(2026, {"verzoek": TREND}, {"verzoek": table}).fill("{verzoek:n}")


def test_one_test_in_the_family_is_named_in_the_singular():
    from wlzmonitor.present.table_html import change_method

    one = pd.DataFrame({"test": ["Score-toets"], "correction": ["Holm-correctie"], "tests_in_family": [1]})
    assert change_method(one, alpha=0.05) == "Score-toets, Holm-correctie over de 1 jaar-op-jaartoets van het rapport, α = 0,05"
    two = one.assign(tests_in_family=2)
    assert "over de 2 jaar-op-jaartoetsen van" in change_method(two, alpha=0.05)


def test_a_key_figures_change_has_the_figures_own_decimals():
    """Review: between figures printed with one decimal (4,3 and 3,8) the card said '0,50 gedaald'."""
    from wlzmonitor.present.key_figures import _direction

    empty = pd.DataFrame(columns=["table_key", "row_code"])
    assert _direction(empty, "x", "1", 4.3, 3.8, "number", "2025")[0] == \
        "0,5 gedaald ten opzichte van 2025; dit verschil is niet getoetst."
    assert _direction(empty, "x", "1", 4.13, 4.05, "mean", "2025")[0] == \
        "0,08 gedaald ten opzichte van 2025; dit verschil is niet getoetst."
    assert _direction(empty, "x", "1", 12.0, 10.0, "number", "2025")[0] == \
        "2 gedaald ten opzichte van 2025; dit verschil is niet getoetst."
    assert _direction(empty, "x", "1", 95.7, 96.7, "percent_number", "2025")[0] == \
        "1 procentpunt gestegen ten opzichte van 2025; dit verschil is niet getoetst."


def test_a_row_without_an_earlier_figure_is_listed_as_not_tested_with_its_own_reason():
    """Review of the statistics: a row published blank the year before ("geen spreiding: in beide jaren 0% of
    100%" was printed for 30%) and a new option (left out of the tests, so "Geen statistisch significante
    verandering" read as covering it). Each untested row now has its own reason, a new row is listed."""
    import re
    from types import SimpleNamespace

    from wlzmonitor.compute.trends import all_changes
    from wlzmonitor.present.table_html import change_html, untested_reason
    from wlzmonitor.spec.config import StatisticsSettings

    spec = TableSpec("v", "Tabel 3", "x", "v", "single", (1, 2, 3), (2025, 2026))
    rows = [("A", "2025", 50.0, 112, 1, 2025), ("A", "2026", 40.0, 122, 1, 2026), ("B", "2025", np.nan, 112, 2, 2025),
            ("B", "2026", 30.0, 122, 2, 2026), ("C (nieuw)", "2026", 30.0, 122, 3, 2026)]
    table = pd.DataFrame(rows, columns=["row", "column", "value", "n", "row_code", "column_code"])
    changes = all_changes(SimpleNamespace(tables=(spec,)), {"v": table}, 2026, None, alpha=0.05,
                          settings=StatisticsSettings())
    assert list(changes["row"]) == ["A", "B", "C (nieuw)"] and int(changes["tests_in_family"].iloc[0]) == 1
    text = re.sub("<[^>]+>", "", change_html(spec, changes, 2026, alpha=0.05))
    assert text.endswith("Niet getoetst tegen 2025: ‘B’ (geen cijfer voor 2025); ‘C (nieuw)’ (geen cijfer voor 2025).")
    untested = changes[changes["row"] != "A"]
    mixed = untested.assign(p_previous=[0.0, 30.0], n_previous=[112.0, 112.0], p_current=[0.0, np.nan])
    assert untested_reason(mixed) == ("‘B’: geen spreiding: in beide jaren 0% of 100%; "
                                      "‘C (nieuw)’: geen cijfer voor 2026")
    census = untested.assign(p_previous=[20.0, 30.0], n_previous=[112.0, 112.0])  # FPC with every member
    assert untested_reason(census).startswith("de toets gaf geen uitkomst")


def test_a_chapter_opened_without_a_year_is_the_latest_wave_with_answers(tmp_path, monkeypatch, result_2026):
    """Newcomer review: every notebook's parameters cell said year = 2026, so writing next year's prose in
    JupyterLab showed 2026's figures. The cell now says 0: the latest survey year whose export exists."""
    from wlzmonitor.present import chapter as chapter_module

    asked = []
    monkeypatch.setattr(chapter_module, "cached_year_result", lambda year, config: asked.append(year) or result_2026)
    opened = chapter_module.Chapter.open("02_capaciteit", year=0, output_dir=str(tmp_path))
    assert asked == [2026] and opened.year == 2026
    notebooks = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.py"))
    assert notebooks and all("\nyear = 0  # 0: the latest survey year" in p.read_text(encoding="utf-8")
                             for p in notebooks)


def test_a_key_figure_card_with_a_long_series_charts_its_latest_years_and_says_which(tmp_path, monkeypatch,
                                                                                    result_2026):
    """Readers (2027 and later): a card's chart of seven or more waves printed its figures below 6 pt. The chart
    and its alternative text now hold the latest waves that fit (the card's table keeps every year)."""
    from dataclasses import replace

    from wlzmonitor.present import chapter as chapter_module

    real = chapter_module.key_figure
    monkeypatch.setenv("WLZ_MONITOR_CHART_CACHE", "0")  # drawn, not taken from an earlier run's chart cache
    long = [(str(year), 100.0, "100%") for year in range(2021, 2028)]
    monkeypatch.setattr(chapter_module, "key_figure", lambda *a, **k: replace(real(*a, **k), history=long))
    monkeypatch.setattr(chapter_module, "cached_year_result", lambda year, config: result_2026)
    drawn = []
    real_chart = chapter_module.mini_chart
    monkeypatch.setattr(chapter_module, "mini_chart", lambda *h: drawn.append(h) or real_chart(*h))
    opened = chapter_module.Chapter.open("00_kerncijfers", year=2026, output_dir=str(tmp_path))
    markup = opened.key_figures_html(("maatwerk", 1, "vroeg om maatwerk"))
    assert drawn and drawn[0][0] == [str(year) for year in range(2022, 2028)]
    assert "(vroeg om maatwerk): 2022 100%, 2023 100%" in markup and "2021 100%" not in markup


def test_a_changed_question_s_earlier_column_that_leaves_out_a_dropped_answer_says_how_far_it_falls_short():
    """Review h103 (2027 without 'Weet niet' for pgb): the 2026 column printed Ja 25% + Nee 55% and the note said
    only that the answers had changed; a reader took 80% for all of 2026. The note now says what it adds up to,
    for each such column; a column short by rounding only (half a point a row), or of a question asked alike, or
    a figure of a mean, says nothing more."""
    from wlzmonitor.present.table_html import note_html, short_columns

    spec = TableSpec(key="pgb", number="Tabel 9", chapter="x", question="pgb", kind="single", rows=(1, 2),
                     columns=(2025, 2026, 2027), changes={2026: "gewijzigde antwoordcategorieën", 2025: "gewijzigde "
                                                          "antwoordcategorieën"})
    table = pd.DataFrame({"row_code": [1, 2] * 3, "column_code": [2025, 2025, 2026, 2026, 2027, 2027],
                          "value": [40.0, 59.0, 25.0, 55.0, 30.0, 70.0], "n": 100.0})
    assert short_columns(spec, table, 2027) == [("2026", 80.0)]  # 2025: 99% is rounding
    note = note_html(spec, 2027, table=table)
    assert "De percentages van 2026 tellen op tot 80%: antwoorden van toen die in 2027 niet meer konden worden " \
           "gekozen, staan niet in de tabel." in note and "van 2025 tellen" not in note
    alike = TableSpec(**{**spec.__dict__, "changes": {2025: "gewijzigde antwoordcategorieën"}})
    assert short_columns(alike, table, 2027) == [] and "tellen op tot" not in note_html(alike, 2027, table=table)
    means = TableSpec(**{**spec.__dict__, "kind": "scale_means"})
    assert short_columns(means, table, 2027) == []
    assert note_html(spec, 2027) == note_html(spec, 2027, table=table.assign(value=[40.0, 59.0, 45, 55, 30, 70]))
    only_ja = table.assign(value=[40.0, 59.0, 25.0, np.nan, 30.0, 70.0])  # a report that printed only "Ja" in 2026
    assert short_columns(spec, only_ja, 2027) == []
