"""Review h113: next year's analyst played through questionnaire changes the earlier reviews did not (a new
uitvoerder group, a multi-answer question gaining an exclusive 'geen van deze', a question split into a/b, the
export's id format and column order). Each test fails without its fix."""

from __future__ import annotations

from dataclasses import replace

import pytest

from new_wave import YEAR
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)
from wlzmonitor.compute.report_tables import compute_table
from wlzmonitor.spec.layout import layout_for_year


def test_a_group_the_nps_layout_does_not_list_is_printed_before_the_total(survey_2026):
    """A new uitvoerder in 2027 (DSW split from Overig, the layout's columns copied as [1..5, Totaal]): the
    single-choice breakdowns print its column before 'Totaal', but Tabel 38 (NPS per uitvoerder) printed it
    after 'Totaal', where a reader takes the last column for the total. Here: the 2026 layout without
    group 5, as a layout written before the group existed."""
    spec = next(t for t in layout_for_year(2026).tables if t.kind == "nps_by")
    spec = replace(spec, columns=[c for c in spec.columns if c != 5])
    table = compute_table(spec, survey_2026, None)
    columns = list(dict.fromkeys(table["column_code"]))
    assert columns == [1, 2, 3, 4, 5, "Totaal"]
    assert list(table["column"].cat.categories)[-1] == "Totaal"


def _split_off_dsw(root, *, relabel: bool) -> None:
    """2027: region 19 (Delft/Westland/Oostland, DSW) taken out of 'Overig' into a new uitvoerder 'DSW'."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    19: 5\n") == 1 and text.count("    label: Overig\n") == 1
    text = text.replace("    19: 5\n", "    19: 6\n")
    overig = "Overig (zonder DSW)" if relabel else "Overig"
    text = text.replace("  - code: 5\n    label: Overig\n",
                        f"  - code: 5\n    label: {overig}\n  - code: 6\n    label: DSW\n")
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("relabel", [False, True])
def test_a_region_moved_to_a_relabelled_group_is_no_group_under_the_same_label(wave, tmp_path, monkeypatch, relabel):
    """A new uitvoerder split off 'Overig': check-year warned 'the groups hold other organisations than in 2026
    under the same labels. Check the groups' labels ...' — and kept warning after the analyst did as it said and
    relabelled 'Overig' (then no group of 2027 has 2026's label: Tabel 38 no longer puts 2026's 'Overig' beside
    2027's). Only a moved option whose old or new group keeps its label is warned."""
    root = _copy(wave, tmp_path)
    _split_off_dsw(root, relabel=relabel)
    found = _check(root, monkeypatch)
    warned = [f.text() for f in found.findings if f.level == "warning" and "(derived uitvoerder)" in f.text()]
    if relabel:
        assert warned == []
    else:
        assert len(warned) == 1 and "Delft/Westland/Oostland’ in group 6 (was 5)" in warned[0]


def _split(root, second_wording: str) -> None:
    """Vraag 13 split in 13a (intramuraal, the key kept) and 13b (a new key, its block copied from 13)."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("- key: tevredenheid_tarief\n"), text.index("- key: hardheidsclausule\n")
    block = text[start:end]
    assert block.count("tariefpercentage voor 2027 te komen?") == 1
    first = block.replace("number: '13'", "number: 13a").replace(
        "tariefpercentage voor 2027", "tariefpercentage voor intramurale zorg voor 2027")
    second = block.replace("key: tevredenheid_tarief", "key: tevredenheid_tarief_thuis").replace(
        "number: '13'", "number: 13b").replace("tariefpercentage voor 2027", second_wording)
    path.write_text(text[:start] + first + second + text[end:], encoding="utf-8")


@pytest.mark.parametrize("second_wording, warned", [
    ("tariefpercentage voor intramurale zorg voor 2027", True),  # the copied block's wording left as 13a's
    ("tariefpercentage voor zorg thuis (VPT/MPT) voor 2027", False),
])
def test_a_new_question_worded_as_another_of_the_same_year_is_warned(wave, tmp_path, monkeypatch,
                                                                     second_wording, warned):
    """A question split in two (13 → 13a and 13b), the new 13b's block copied and its wording not changed:
    check-year was silent (only a new key with the wording of a question the year *lacks* was named), Bijlage 4
    printed the same question twice."""
    root = _copy(wave, tmp_path)
    _split(root, second_wording)
    found = _check(root, monkeypatch)
    texts = [f.text() for f in found.findings if f.level == "warning" and "tevredenheid_tarief_thuis)" in f.text()
             and "worded word for word as 'tevredenheid_tarief'" in f.text()]
    assert len(texts) == (1 if warned else 0)
