"""Review h98: the checks of what the report says (a question called new, a typed year, a claim of change) read
only the chapters' prose (chapter.text), not the other texts a reader sees: a Kerncijfers card's label, a table's
title or note, the title of a themes or explanations section, a codeframe's heading, a chapter's title. They now
read one list of every text a reader sees (spec/reader_texts.py). Each test fails without the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from new_wave import NEW_KEY, YEAR
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _not_notes(found) -> list[str]:
    return [f.text() for f in found.findings if f.level != "note"]


CARD = '"vroeg het zorgkantoor om maatwerk voor een hoger tariefpercentage"'
EXPLAINED = 'title="Alle suggesties voor het inkoopbeleid ({vraag:suggesties_inkoopbeleid})"'
NEW_TABLE = f"- key: {NEW_KEY}\n"


# -- 1. a question called new outside the prose ---------------------------------------------------------------
@pytest.mark.parametrize("where, old, new", [
    ("notebooks/00_kerncijfers.py", CARD, '"vroeg om maatwerk (voor het eerst gevraagd)"'),
    ("notebooks/00_kerncijfers.py", CARD, '"vroeg om maatwerk, een nieuwe vraag"'),
    ("notebooks/05_inkoopbeleid_nps.py", EXPLAINED, 'title="Nieuw dit jaar: alle suggesties ({vraag:suggesties_inkoopbeleid})"'),
    ("data/reports/2027/tables.yml", "- key: maatwerk\n", "- key: maatwerk\n  title: Maatwerk, nieuw in deze editie\n"),
    ("data/codeframes/2027.yml", 'title: "Speerpunten kwaliteit ({vraag})"',
     'title: "Speerpunten kwaliteit, dit jaar voor het eerst gevraagd ({vraag})"'),
])
def test_a_question_called_new_in_any_printed_text_is_warned(wave, tmp_path, monkeypatch, where, old, new):
    root = _copy(wave, tmp_path)
    _replace(root, where, old, new)
    found = [f for f in _not_notes(_check(root, monkeypatch)) if "says the question is new" in f]
    assert len(found) == 1 and "was asked in 2024, 2025 en 2026 too" in found[0], _not_notes(_check(root, monkeypatch))


def test_a_new_question_may_be_called_new_and_a_typed_year_dates_the_claim(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _replace(root, "data/reports/2027/tables.yml", NEW_TABLE, NEW_TABLE + "  title: Wachtlijst, voor het eerst gevraagd\n")
    _replace(root, "notebooks/00_kerncijfers.py", CARD, '"vroeg om maatwerk (in 2015 voor het eerst gevraagd)"')
    assert not [f for f in _not_notes(_check(root, monkeypatch)) if "says the question is new" in f]


# -- 2. typed years, and {jaar} beside another typed year ---------------------------------------------------------
def test_a_typed_year_in_a_card_label_a_title_or_a_chapter_title_is_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _replace(root, "notebooks/00_kerncijfers.py", CARD, '"vroeg in 2025 om maatwerk"')
    _replace(root, "data/reports/2027/tables.yml", "- key: maatwerk\n", "- key: maatwerk\n  title: Maatwerk in 2027\n")
    _replace(root, "config/report.yml", '"2 Capaciteitsontwikkeling verpleegzorg"',
             '"2 Capaciteitsontwikkeling verpleegzorg 2026"')
    found = [f for f in _not_notes(_check(root, monkeypatch)) if " types 20" in f or "typed into the table" in f]
    assert len(found) == 3, found
    assert any("card label ‘vroeg in 2025 om maatwerk’ types 2025" in f for f in found)
    # a table's title fills {jaar} as the prose does: its typed year is told as the prose's (review h142)
    assert any("‘2027’ typed into the table title (title) ‘Maatwerk in 2027’: write {jaar}" in f for f in found)
    assert any(f.startswith("WARNING: [prose] config/report.yml") and "types 2026" in f for f in found)


@pytest.mark.parametrize("where, old, new", [
    ("notebooks/01_tarieven.py", "chapter.header()\n",
     'chapter.header()\nchapter.text("In 2025 steeg het aandeel dat om maatwerk vroeg tot {maatwerk:1} in {jaar}.")\n'),
    ("notebooks/05_inkoopbeleid_nps.py", EXPLAINED, 'title="Suggesties uit 2025 tot {jaar} ({vraag:suggesties_inkoopbeleid})"'),
    ("notebooks/00_kerncijfers.py", CARD, '"vroeg om maatwerk, in 2025 minder tot {jaar}"'),
])
def test_a_year_word_beside_another_typed_year_is_warned(wave, tmp_path, monkeypatch, where, old, new):
    root = _copy(wave, tmp_path)
    _replace(root, where, old, new)
    found = [f for f in _not_notes(_check(root, monkeypatch)) if "beside a typed 2025" in f]
    assert len(found) == 1, _not_notes(_check(root, monkeypatch))


def test_a_typed_year_beside_its_own_figure_is_pinned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _replace(root, "notebooks/01_tarieven.py", "chapter.header()\n",
             'chapter.header()\nchapter.text("In 2025 vroeg {maatwerk:1@2025} om maatwerk, in {jaar} {maatwerk:1}.")\n')
    assert not [f for f in _not_notes(_check(root, monkeypatch)) if "beside a typed" in f]


# -- 3. claims of change outside the prose ------------------------------------------------------------------------
def test_a_claim_about_a_table_with_nothing_to_compare_with_is_an_error(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _replace(root, "data/reports/2027/tables.yml", NEW_TABLE, NEW_TABLE + "  title: Wachtlijst, gestegen\n")
    errors = [f for f in _check(root, monkeypatch).errors if "nothing to compare with" in f.message]
    assert len(errors) == 1 and "'wachtlijst_afspraken' is new or shown for 2027 alone" in errors[0].message


@pytest.mark.parametrize("where, old, new", [
    ("notebooks/05_inkoopbeleid_nps.py", EXPLAINED, 'title="Suggesties, meer dan vorig jaar ({vraag:suggesties_inkoopbeleid})"'),
    ("data/codeframes/2027.yml", 'title: "Speerpunten kwaliteit ({vraag})"', 'title: "Speerpunten kwaliteit, sterk gestegen ({vraag})"'),
    ("config/report.yml", '"2 Capaciteitsontwikkeling verpleegzorg"', '"2 Capaciteit verpleegzorg, minder dan vorig jaar"'),
])
def test_a_claim_in_a_text_no_other_check_reads_is_warned(wave, tmp_path, monkeypatch, where, old, new):
    root = _copy(wave, tmp_path)
    _replace(root, where, old, new)
    found = [f for f in _not_notes(_check(root, monkeypatch)) if "never checked against the data" in f]
    assert len(found) == 1, _not_notes(_check(root, monkeypatch))


@pytest.mark.parametrize("text", ["meer dan vorig jaar", "vaker om maatwerk dan in 2026", "hoger dan een jaar eerder",
                                  "minder tevreden dan de vorige meting"])
def test_a_comparison_with_an_earlier_year_is_a_claim_in_a_card_label_and_a_table_note(text):
    """'meer dan vorig jaar' was no claim for change_claims (it wants a figure's subject): a card's label or a
    table's note saying it passed."""
    from wlzmonitor.spec.prose import earlier_comparisons, label_problems

    assert earlier_comparisons(text), text
    assert any("says" in p for p in label_problems(f"vroeg om maatwerk, {text}"))
    assert not earlier_comparisons("niet meer dan vorig jaar") and not earlier_comparisons("meer dan 10 procent")


def test_a_comparison_in_a_table_note_is_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _replace(root, "data/reports/2027/tables.yml", "- key: maatwerk\n", "- key: maatwerk\n  title: Maatwerk, vaker dan vorig jaar\n")
    found = [f for f in _not_notes(_check(root, monkeypatch)) if "[printed text]" in f and "vaker dan vorig jaar" in f]
    assert len(found) == 1, _not_notes(_check(root, monkeypatch))


def test_the_analysed_wave_is_clean(wave, tmp_path, monkeypatch):
    assert _not_notes(_check(_copy(wave, tmp_path), monkeypatch)) == []


# -- the prose's own gaps: a first-time claim away from its figure, a comparison with no column before -----------
def test_a_first_time_claim_in_a_sentence_without_a_figure_or_in_markdown_is_warned(wave, tmp_path, monkeypatch):
    """year_pages' check reads a claim beside a placeholder only: 'Deze vraag is voor het eerst gesteld.' after the
    figure's sentence, or in a markdown paragraph before the table, passed."""
    root = _copy(wave, tmp_path)
    _replace(root, "notebooks/01_tarieven.py", "chapter.header()\n", 'chapter.header()\nchapter.text("{maatwerk:1} '
             'vroeg om maatwerk. Deze vraag is dit jaar voor het eerst gesteld.")\n')
    (root / "notebooks" / "01_tarieven.py").write_text((root / "notebooks" / "01_tarieven.py").read_text(
        encoding="utf-8") + '\n# %% [markdown]\n# De volgende vraag is nieuw dit jaar.\n\n# %%\nchapter.table("hardheidsclausule")\n',
        encoding="utf-8")
    found = [f for f in _not_notes(_check(root, monkeypatch)) if "says a question is new" in f]
    assert len(found) == 2 and "about 'maatwerk'" in found[0] + found[1] and "about 'hardheidsclausule'" in \
        found[0] + found[1], found


def test_a_comparison_with_the_column_before_in_a_table_without_one_is_an_error(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _replace(root, "notebooks/02_capaciteit.py", f'    chapter.text(\n        "{{{NEW_KEY}:1}}',
             f'    chapter.text(\n        "{{{NEW_KEY}:1!stijging}}')
    errors = [f.message for f in _check(root, monkeypatch).errors]
    assert any(f"{{{NEW_KEY}:1!stijging}} compares with the column before 2027, but table '{NEW_KEY}' has no earlier "
               "column" in e for e in errors), errors


def test_a_card_label_built_at_run_time_is_warned(wave, tmp_path, monkeypatch):
    """A label that is no string literal was skipped by the scan: none of the label's checks read it."""
    root = _copy(wave, tmp_path)
    _replace(root, "notebooks/00_kerncijfers.py", CARD, 'f"vroeg om maatwerk in {chapter.year}"')
    found = [f for f in _not_notes(_check(root, monkeypatch)) if "label built at run time" in f]
    assert found == ["WARNING: [prose] notebooks/00_kerncijfers.py:37: the Kerncijfers card {maatwerk:1} is given a "
                     "label built at run time (a variable, an f-string, a call): check-year cannot read what it says; "
                     "write the label as a string literal"], found


@pytest.mark.parametrize("call, title", [
    ("chapter.themes", 'f"Thema\'s in {chapter.year}"'),
    ("chapter.explanations", 'title=TITEL'),
    ("chapter.explanations", 'title=" ".join(["Alle", "suggesties"])'),
])
def test_a_section_title_built_at_run_time_is_warned(wave, tmp_path, monkeypatch, call, title):
    """The card labels' class (review h98 left it open): a themes or explanations section's title that is no string
    literal was skipped by the scan, so none of the title checks read it. A literal title, or none, is not warned."""
    root = _copy(wave, tmp_path)
    path = root / "notebooks" / "05_inkoopbeleid_nps.py"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith(f'{call}("suggesties_inkoopbeleid"'))
    lines = text.splitlines()
    lines[line - 1] = f'TITEL = "x"; {call}("suggesties_inkoopbeleid", {title})'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [f for f in _not_notes(_check(root, monkeypatch)) if "section title built at run time" in f]
    assert found == [f"WARNING: [prose] notebooks/05_inkoopbeleid_nps.py:{line}: {call}(suggesties_inkoopbeleid) is "
                     "given a section title built at run time (a variable, an f-string, a call): check-year cannot read "
                     "what it says; write the title as a string literal"], found


def test_a_literal_section_title_or_none_is_not_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    path = root / "notebooks" / "05_inkoopbeleid_nps.py"
    text = path.read_text(encoding="utf-8").replace('chapter.themes("suggesties_inkoopbeleid")',
                                                    'chapter.themes("suggesties_inkoopbeleid", title=None)')
    path.write_text(text, encoding="utf-8")
    assert [f for f in _not_notes(_check(root, monkeypatch)) if "built at run time" in f] == []
