"""Review h142: a year typed into a table's note or title in the layout (``data/reports/<year>/tables.yml``) is the
prose's typed year. "Bron: enquête 2026" in a note passed check-year, while the same words in chapter.text were
warned; a title's typed year was told to "leave the year out" (a title that names its year cannot). A table's title
and note now fill {jaar} and {vorig_jaar} as chapter.text does (``layout.fill_year_words``), and check-year warns a
year typed there with the prose's rule, message and advice (``prose.typed_year_problems``). Each test fails without
the change; the controls (no finding, the shipped years) pass both ways."""

from __future__ import annotations

import pytest

from new_wave import check_with_prose, repository
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.prose import typed_year_problems
from wlzmonitor.spec.year_check import check_year

LAYOUT = "data/reports/2026/tables.yml"
NOTE_TABLE = "tariefpercentage_hoger_lager"  # a numeric table: its note is printed as written
AT_NOTE = f"{LAYOUT}:31 (Tabel 2 ({NOTE_TABLE}))"
AT_TITLE = f"{LAYOUT}:258 (Tabel 38 (nps__uitvoerder))"
ADVICE = "(stale in next year's report; a fixed date such as 'in 2027 voor het eerst gesteld' stays as it is)"


def _edit_layout(root, old: str, new: str) -> None:
    path = root / LAYOUT
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _note_on(root, note: str) -> None:
    anchor = f"  - key: {NOTE_TABLE}\n"
    _edit_layout(root, anchor, f"{anchor}    note: \"{note}\"\n")


def _title_of_nps(root, title: str) -> None:
    _edit_layout(root, 'title: "NPS per zorgkantoor"', f'title: "{title}"')


def _findings(root, monkeypatch, year: int = 2026) -> list[str]:
    monkeypatch.chdir(root)
    load_config.cache_clear()
    try:
        found = check_year(year, load_config(root))
    finally:
        load_config.cache_clear()
    return [f.text() for f in found.findings if f.level in ("error", "warning")]


@pytest.mark.parametrize("note, expected", [
    ("Bron: enquête 2026", [("2026", "jaar")]),
    ("Tabel 5: tarieven 2026 t.o.v. 2025", [("2026", "jaar"), ("2025", "vorig_jaar")]),
    ("Afspraken gemaakt in 2025", [("2025", "vorig_jaar")]),
    # fixed years: a law's year, a cited source, a finished series (the prose lets them pass: not the survey year
    # or the year before)
    ("Sinds de invoering van de Wlz in 2015; bron: NZa-beleidsregel 2021", []),
    ("Reeks 2021-2023 uit eerdere rapporten", []),
    # the year words, filled as in chapter.text
    ("Bron: enquête {jaar}, vergeleken met {vorig_jaar}", []),
])
def test_a_year_typed_into_a_table_note_is_warned_as_in_prose(tmp_path, monkeypatch, note, expected):
    root = repository(tmp_path)
    _note_on(root, note)
    assert _findings(root, monkeypatch) == [
        f"WARNING: [prose] {AT_NOTE}: ‘{typed}’ typed into the table note (note) ‘{note}’: write {{{word}}} {ADVICE}"
        for typed, word in expected]


@pytest.mark.parametrize("title, expected", [
    ("NPS per zorgkantoor in 2026", [("2026", "jaar")]),
    ("NPS per zorgkantoor, 2025 en 2026", [("2025", "vorig_jaar"), ("2026", "jaar")]),
    ("NPS per zorgkantoor ({vorig_jaar} en {jaar})", []),
    ("NPS per zorgkantoor (Wlz 2015)", []),
])
def test_a_year_typed_into_a_table_title_is_warned_as_in_prose(tmp_path, monkeypatch, title, expected):
    """Before: 'types 2026: it is printed as written in every report that shows it … Leave the year out'."""
    root = repository(tmp_path)
    _title_of_nps(root, title)
    assert _findings(root, monkeypatch) == [
        f"WARNING: [prose] {AT_TITLE}: ‘{typed}’ typed into the table title (title) ‘{title}’: write {{{word}}} "
        f"{ADVICE}" for typed, word in expected]


def test_the_note_is_told_what_the_prose_is_told(tmp_path):
    """One rule: the same words in chapter.text get the same message, but for where they stand."""
    found, line = check_with_prose(tmp_path / "prose", ['chapter.text("Tarieven 2026 t.o.v. 2025.")'])
    prose = [f.message for f in found.findings if f.level == "warning" and "typed into the prose" in f.message]
    assert prose == typed_year_problems("Tarieven 2026 t.o.v. 2025.", 2026) and len(prose) == 2
    root = repository(tmp_path / "note")
    _note_on(root, "Tarieven 2026 t.o.v. 2025.")
    load_config.cache_clear()
    try:
        notes = [f.message for f in check_year(2026, load_config(root)).findings if f.level == "warning"]
    finally:
        load_config.cache_clear()
    assert notes == [m.replace("typed into the prose", "typed into the table note (note) ‘Tarieven 2026 t.o.v. "
                                                     "2025.’") for m in prose]


def test_year_words_in_a_title_and_note_are_filled_with_the_reports_year(tmp_path, monkeypatch):
    """{jaar}/{vorig_jaar} in a table's title and note: no printed-text error (it was one), and every output
    reads the year (the layout is resolved once for HTML, CSV index, workbook and charts)."""
    from wlzmonitor.present.table_files import table_title
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.layout import load_layout, resolve_layout

    root = repository(tmp_path)
    _title_of_nps(root, "NPS per zorgkantoor, {vorig_jaar} en {jaar}")
    _note_on(root, "Bron: enquête {jaar}")
    assert _findings(root, monkeypatch) == []
    codebook = load_codebook(root / "data" / "codebooks" / "2026.yml")
    layout = resolve_layout(load_layout(root / LAYOUT), codebook)
    assert table_title(layout.table("nps__uitvoerder"), codebook) == "NPS per zorgkantoor, 2025 en 2026"
    assert layout.table(NOTE_TABLE).note == "Bron: enquête 2026"


@pytest.mark.parametrize("title, held", [
    ("NPS per zorgkantoor {{jaar}}", "‘{’"),        # doubled braces: not filled
    ("NPS per zorgkantoor {jaar:1}", "‘{’"),        # a year word takes nothing after its name
    ("NPS per zorgkantoor {nps:1}", "‘{’"),         # a figure is filled in chapter.text alone
])
def test_other_placeholders_in_a_title_stay_an_error(tmp_path, monkeypatch, title, held):
    root = repository(tmp_path)
    _title_of_nps(root, title)
    found = _findings(root, monkeypatch)
    assert found == [f"ERROR: [printed text] {AT_TITLE}: title ‘{title}’ holds {held}: only {{jaar}} and "
                     "{vorig_jaar} are filled in it (other placeholders work in chapter.text); write the words or "
                     "the year themselves, or move the sentence into the chapter's notebook"], found


def test_a_year_in_a_column_label_is_pinned_to_its_column():
    """The herschikking tables print the herschikking year above each column (``column_labels: {2026: "2025"}``):
    the label belongs to its column and is right in every report; no finding, though the prose's rule would
    warn the text on its own."""
    from wlzmonitor.spec.layout import load_layout

    layout = load_layout(load_config().sources(2026).layout)
    assert layout.table("herschikking_intramuraal").column_labels[2026] == "2025"
    assert typed_year_problems("2025", 2026)
    found = check_year(2026, load_config())
    assert not [f for f in found.findings if "herschikking_intramuraal" in f.where and f.level != "note"]


def test_a_trend_tables_note_says_the_codebooks_changes():
    """2025's note 'iets gewijzigde vraagstelling in 2024' under tarief_kwaliteit_van_bestaan types the year before
    2025, but it is the codebook's ``changes`` (check_notes requires the layout's note to say the same; a trend
    table prints the codebook's): the questionnaire's own year, not warned."""
    from wlzmonitor.spec.layout import load_layout

    layout = load_layout(load_config().sources(2025).layout)
    note = layout.table("tarief_kwaliteit_van_bestaan").note
    assert note == "iets gewijzigde vraagstelling in 2024" and typed_year_problems(note, 2025)
    found = check_year(2025, load_config())
    assert [f.text() for f in found.findings if f.level != "note"] == []


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_shipped_years_get_no_new_findings(year):
    """Control: the shipped layouts type no year into a printed title or note."""
    found = check_year(year, load_config())
    assert [f.text() for f in found.findings if f.level != "note"] == []
    assert found.by_check["check_printed_texts"] == []


def test_the_shipped_titles_and_notes_are_printed_as_before():
    """Filling the year words changes no shipped title or note (the 2025 and 2026 outputs were compared byte for
    byte before and after the change: identical)."""
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.layout import derived_note, load_layout, note_from_codebook, resolve_layout

    config = load_config()
    for year in (2024, 2025, 2026):
        raw = load_layout(config.sources(year).layout)
        codebook = load_codebook(config.sources(year).codebook)
        resolved = resolve_layout(raw, codebook)
        for before, after in zip(raw.tables, resolved.tables):
            assert after.title == before.title
            derived = note_from_codebook(before, codebook)
            assert after.note == (derived_note(codebook.question(before.question).changes, before.columns, year)
                                  if derived else before.note), before.key


def test_new_year_copies_a_title_with_year_words_that_then_says_the_new_year(tmp_path):
    """The point of the year words: new-year copies a title as it is, and the 2027 report prints 2027 (a typed
    2026 would have stayed)."""
    from new_wave import new_year
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.layout import load_layout, resolve_layout

    root = repository(tmp_path)
    _title_of_nps(root, "NPS per zorgkantoor, {vorig_jaar} en {jaar}")
    new_year(root)
    layout = resolve_layout(load_layout(root / "data" / "reports" / "2027" / "tables.yml"),
                            load_codebook(root / "data" / "codebooks" / "2027.yml"))
    assert layout.table("nps__uitvoerder").title == "NPS per zorgkantoor, 2026 en 2027"
