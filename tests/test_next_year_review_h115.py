"""Review h115 of h113's fixes: a derived group relabelled with its short_label (the label the tables print)
left as it was is still a group under the same label; a follow-up question worded as its answer ("Ten dele,
namelijk ... % opslag") after another question than its twin is no copied block. Each test fails without its
fix (its control case passes both ways)."""

from __future__ import annotations

import pytest

from new_wave import YEAR
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)


def _split_off_dsw(root, overig: str) -> None:
    """2027: region 19 (Delft/Westland/Oostland, DSW) taken out of 'Overig' into a new uitvoerder 'DSW'."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    19: 5\n") == 1 and text.count("  - code: 5\n    label: Overig\n") == 1
    text = text.replace("    19: 5\n", "    19: 6\n").replace(
        "  - code: 5\n    label: Overig\n", f"  - code: 5\n{overig}  - code: 6\n    label: DSW\n")
    path.write_text(text, encoding="utf-8")


def _uitvoerder_warnings(root, monkeypatch) -> list[str]:
    found = _check(root, monkeypatch)
    return [f.text() for f in found.findings if f.level == "warning" and "(derived uitvoerder)" in f.text()]


@pytest.mark.parametrize("overig, warned", [
    ("    label: Overig (zonder DSW)\n    short_label: Overig\n", True),  # the tables still print 'Overig'
    ("    label: Overig (zonder DSW)\n", False),  # control: relabelled where the tables print it
])
def test_a_group_relabelled_but_printed_under_its_old_short_label_is_still_warned(wave, tmp_path, monkeypatch,
                                                                                   overig, warned):
    """h113's fix counted a group as relabelled when its ``label`` changed; the tables (Tabel 38, Bijlage 3) print
    its ``short_label``: left 'Overig', the report printed other organisations under 2026's label, silently."""
    root = _copy(wave, tmp_path)
    _split_off_dsw(root, overig)
    texts = _uitvoerder_warnings(root, monkeypatch)
    assert len(texts) == (1 if warned else 0)
    if warned:
        assert "Delft/Westland/Oostland’ in group 6 (was 5)" in texts[0]


def _follow_up(root, asked_if: str) -> None:
    """2027: a new numeric follow-up worded as 2026's HLO follow-up ('Ten dele, namelijk ... % opslag')."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    block = ("- key: extra_opslag_pct\n  number: 27a\n  text: Ten dele, namelijk ... % opslag\n  type: numeric\n"
             "  reported: false\n  unit: percent\n  range: [0, 5]\n"
             f"  asked_if: {asked_if}\n")
    assert text.count("- key: capaciteit_afspraken\n") == 1
    path.write_text(text.replace("- key: capaciteit_afspraken\n", block + "- key: capaciteit_afspraken\n"),
                    encoding="utf-8")


@pytest.mark.parametrize("asked_if, warned", [
    ("{question: hardheidsclausule, in: [1]}", False),  # a follow-up of another question
    ("{question: hlo_honorering, in: [2]}", True),  # control: the same question's follow-up twice
])
def test_a_follow_up_worded_as_one_of_another_question_is_no_copied_block(wave, tmp_path, monkeypatch,
                                                                          asked_if, warned):
    """h113's check warned every new question worded as another of the year: follow-ups are worded as the answer
    that routes to them ("Ja, aan ... cliënten", "Ten dele, namelijk ... % opslag"), so a new one after another
    question got a warning it can only silence by rewording the questionnaire's own text."""
    root = _copy(wave, tmp_path)
    _follow_up(root, asked_if)
    found = _check(root, monkeypatch)
    texts = [f.text() for f in found.findings if f.level == "warning"
             and "'extra_opslag_pct' is new in" in f.text() and "word for word" in f.text()]
    assert len(texts) == (1 if warned else 0)
