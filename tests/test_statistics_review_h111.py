"""Statistics review h111 (2026-12-06) of review h110's fixes: edges of the breakdown test without hidden groups."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd

from wlzmonitor.compute import tables as t
from wlzmonitor.compute.disclosure import apply_small_group_rule
from wlzmonitor.compute.significance import all_tests, breakdown_test, without_hidden_groups
from wlzmonitor.present.table_html import verdict_html
from wlzmonitor.spec.layout import TableSpec

SPEC = TableSpec("q__by", "Tabel B9", "b", "q", "single", (1, 2), (1, 2, 3, 4, "Totaal"), by="omzetgroep")
LAYOUT = SimpleNamespace(tables=(SPEC,))


def _tested(counts: dict[int, tuple[int, int]], threshold: int = 5):
    """Ja/Nee counts per group 1-4 -> (disclosed table, the test after the small-group rule)."""
    values, groups = [], []
    for group, (ja, nee) in counts.items():
        values += [1] * ja + [2] * nee
        groups += [group] * (ja + nee)
    frame = pd.DataFrame({"q": values, "omzetgroep": groups})
    table = t.single_choice(frame["q"], {1: "Ja", 2: "Nee"}, by=frame["omzetgroep"],
                            groups={g: str(g) for g in (1, 2, 3, 4)})
    table["row_code"] = [1 if str(r) == "Ja" else 2 for r in table["row"]]
    table["column_code"] = [c if c == "Totaal" else int(c) for c in table["column"].astype(str)]
    disclosed, _ = apply_small_group_rule(LAYOUT, {SPEC.key: table}, threshold=threshold)
    survey = SimpleNamespace(responses=frame)
    tests = all_tests(LAYOUT, survey, alpha=0.05, resamples=2000, seed=2026)
    return disclosed[SPEC.key], without_hidden_groups(LAYOUT, survey, tests, {SPEC.key: table}, disclosed,
                                                      alpha=0.05, resamples=2000, seed=2026)[SPEC.key]


def _workbook_verdict(test) -> str:
    from wlzmonitor.present import workbook

    return workbook._verdict(SPEC, test, 0.05)[0]  # noqa: SLF001 - the sentence the workbook prints


def test_a_breakdown_untestable_without_its_hidden_groups_does_not_say_everyone_agreed():
    """Groups 1 (3 organisations: 1 Ja, 2 Nee) and 2 (12: 4 Ja, 8 Nee, hidden with it) are hidden; groups 3 and 4
    answered Ja only. Left out, the shown groups are untestable ("one answer"), and the verdict said "Geen toets
    mogelijk: alle organisaties gaven hetzelfde antwoord." beside a total of 90% Ja / 10% Nee: false. It now says
    that the shown groups gave the same answer and why the others are not tested."""
    disclosed, test = _tested({1: (1, 2), 2: (4, 8), 3: (20, 0), 4: (25, 0)})
    total = disclosed[disclosed["column_code"] == "Totaal"]["value"].round(1).tolist()
    assert total == [83.3, 16.7]  # not everyone answered the same
    assert (test.untestable, test.left_out) == ("one answer", (1, 2)) and math.isnan(test.p_value)
    sentence = ("Geen toets mogelijk: de getoonde groepen gaven allemaal hetzelfde antwoord, en een toets met de "
                "groepen waarvan de uitkomsten niet worden getoond (–) zou die uitkomsten prijsgeven.")
    assert verdict_html(SPEC, test, alpha=0.05) == f'<p class="verdict">{sentence}</p>'
    assert _workbook_verdict(test) == sentence


def test_a_breakdown_whose_answering_groups_are_all_hidden_does_not_say_nobody_answered():
    """Only groups 1 and 2 (2 organisations each) answered a routed question: both are hidden, and the total with
    them (it is their figure). Left out, nothing is left ("no answers"), and the verdict said "Geen toets mogelijk:
    er zijn geen antwoorden." under the bases n=2 and n=2: false. Now it says only hidden groups answered."""
    disclosed, test = _tested({1: (1, 1), 2: (0, 2)})
    assert disclosed["value"].isna().all() and disclosed["n"].tolist() == [2, 2, 0, 0, 4] * 2
    assert (test.untestable, test.left_out) == ("only hidden groups", (1, 2)) and math.isnan(test.p_value)
    sentence = ("Geen toets mogelijk: alleen groepen waarvan de uitkomsten niet worden getoond (–) gaven antwoord, "
                "en een toets zou die uitkomsten prijsgeven.")
    assert verdict_html(SPEC, test, alpha=0.05) == f'<p class="verdict">{sentence}</p>'
    assert _workbook_verdict(test) == sentence


def test_the_verdict_of_a_test_without_hidden_groups_names_no_group_small_that_is_not():
    """Group 2 (12 organisations) is hidden only so that group 1 (3) does not follow from the total. The verdict
    said the test left out "de groepen die vanwege hun kleine aantal niet worden getoond": group 2 is not small.
    It now says what the table's notes say: the groups whose results are not shown. With one group left, the same
    words ("te klein om te tonen" was said of both)."""
    _, test = _tested({1: (1, 2), 2: (4, 8), 3: (12, 8), 4: (10, 15)})
    assert test.left_out == (1, 2) and round(test.p_value, 4) == 0.1823
    said = (" Getoetst zonder de groepen waarvan de uitkomsten niet worden getoond (–): een toets over alle groepen "
            "zou die uitkomsten prijsgeven.")
    assert verdict_html(SPEC, test, alpha=0.05) == (
        '<p class="verdict">Geen statistisch significant verschil tussen de groepen (χ²-toets (Pearson), p = 0,182, α = 0,05).'
        f"{said}</p>")
    assert _workbook_verdict(test) == ("Geen statistisch significant verschil tussen de groepen (χ²-toets (Pearson), p = 0,182, "
                                       f"α = 0,05).{said}")
    _, one_left = _tested({1: (1, 2), 2: (4, 8), 3: (12, 8)})
    assert (one_left.untestable, one_left.left_out) == ("hidden groups", (1, 2))
    assert verdict_html(SPEC, one_left, alpha=0.05) == (
        '<p class="verdict">Geen toets mogelijk: zonder de groepen waarvan de uitkomsten niet worden getoond (–) '
        "blijft één omzetgroep over, en een toets met die groepen zou hun uitkomsten prijsgeven.</p>")


def test_a_small_group_without_a_weighted_share_is_left_out_of_the_test_too():
    """Weighted, group 1 (3 organisations) all weigh 0: it has no share before the small-group rule (NaN, review
    h110), so the rule's "value before, none after" did not see it hidden, and only group 2 (hidden with it) was
    left out of the (unweighted) test: groups 1, 3 and 4 were tested, and each count of Ja of group 1 printed
    another p (permutation, 2.000 resamples: 0,115 / 0,411 / 0,411 / 0,094), the answers of three organisations the table does not show. Now both
    are left out: Pearson χ² of groups 3 and 4, p = 0,1823 whatever group 1 answered."""
    printed = set()
    for ja in range(4):
        counts = {1: (ja, 3 - ja), 2: (8 - ja, 4 + ja), 3: (12, 8), 4: (10, 15)}
        values, groups = [], []
        for group, (yes, no) in counts.items():
            values += [1] * yes + [2] * no
            groups += [group] * (yes + no)
        frame = pd.DataFrame({"q": values, "omzetgroep": groups})
        weights = [0.0 if g == 1 else 1.0 for g in groups]
        table = t.single_choice(frame["q"], {1: "Ja", 2: "Nee"}, by=frame["omzetgroep"],
                                groups={g: str(g) for g in (1, 2, 3, 4)}, weights=weights)
        table["row_code"] = [1 if str(r) == "Ja" else 2 for r in table["row"]]
        table["column_code"] = [c if c == "Totaal" else int(c) for c in table["column"].astype(str)]
        assert table[table["column_code"] == 1]["value"].isna().all()
        disclosed, small = apply_small_group_rule(LAYOUT, {SPEC.key: table}, threshold=5)
        assert small == {SPEC.key: [1]}
        survey = SimpleNamespace(responses=frame)
        tests = all_tests(LAYOUT, survey, alpha=0.05, resamples=2000, seed=2026)
        test = without_hidden_groups(LAYOUT, survey, tests, {SPEC.key: table}, disclosed, alpha=0.05,
                                     resamples=2000, seed=2026)[SPEC.key]
        assert test.left_out == (1, 2)
        printed.add(round(test.p_value, 4))
        old = breakdown_test(SPEC, survey, alpha=0.05, resamples=2000, seed=2026, leave_out=(2,))
        assert round(old.p_value, 3) == (0.115, 0.411, 0.411, 0.094)[ja]  # what was printed: group 1 in the test
    assert printed == {0.1823}


def test_the_methods_page_says_which_breakdowns_were_tested_without_hidden_groups():
    """The methods page said every breakdown was tested between "the groups", and nothing of the groups left out
    (review h110 put it under the tables only). Now a paragraph says how many were tested without them and how
    many had nothing left to test; with none left out, the page is as it was."""
    from wlzmonitor.compute.significance import TestResult
    from wlzmonitor.present.appendix import _breakdown_methods  # noqa: PLC2701 - the page's paragraph on breakdowns

    plain = {"a": TestResult("chi2", 0.2, False, 6.0), "b": TestResult("chi2", 0.01, True, 7.0)}
    before = _breakdown_methods(alpha=0.05, resamples=20000, seed=2026, tests=plain, small_base=20)
    assert "niet worden getoond" not in before
    tests = {**plain, "c": TestResult("chi2", 0.3, False, 6.0, left_out=(5,)),
             "d": TestResult("chi2", float("nan"), False, float("nan"), "hidden groups", (3, 5))}
    page = _breakdown_methods(alpha=0.05, resamples=20000, seed=2026, tests=tests, small_base=20)
    assert ("<p>Bij 2 uitsplitsingen worden de uitkomsten van een of meer groepen niet getoond (–), omdat de groep te "
            "klein is of de kleine groep anders uit het totaal volgt. Daar is getoetst zonder die groepen: een toets "
            "over alle groepen zou hun uitkomsten prijsgeven. Bij 1 daarvan bleef zo niets te toetsen over.</p>") in page
    assert "In totaal zijn 3 uitsplitsingen getoetst" in page
    one = _breakdown_methods(alpha=0.05, resamples=20000, seed=2026, tests={**plain, "c": tests["c"]}, small_base=20)
    assert ("<p>Bij 1 uitsplitsing worden de uitkomsten van een of meer groepen niet getoond (–), omdat de groep te "
            "klein is of de kleine groep anders uit het totaal volgt. Daar is getoetst zonder die groepen: een toets "
            "over alle groepen zou hun uitkomsten prijsgeven.</p>") in one
