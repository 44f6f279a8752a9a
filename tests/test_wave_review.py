"""Found by acting as next year's analyst on a made-up 2027 wave (tests/new_wave.py, then one more
change each): what check-year passed while the report was wrong or the run stopped. Each test fails
without its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import new_wave
from new_wave import YEAR
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.year_check import check_year
from wlzmonitor.spec.year_findings import question_lines


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    root = new_wave.repository(tmp_path_factory.mktemp("wave"))
    new_wave.new_year(root)
    new_wave.analyst_edits(root)
    load_config.cache_clear()
    return root


def _copy(wave: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(wave, root)
    return root


def _check(root: Path, monkeypatch):
    monkeypatch.chdir(root)  # findings name files relative to the working folder
    load_config.cache_clear()
    return check_year(YEAR, load_config(root))


def _of(found, level: str, kind: str) -> list[str]:
    return [f.text() for f in found.findings if f.level == level and f.kind == kind]


# -- the earlier years' files -------------------------------------------------------------------------
def test_a_missing_codebook_of_the_previous_wave_is_an_error(wave, tmp_path, monkeypatch):
    """Review: data/codebooks/2026.yml missing (config/report.yml names it): check-year compared 2027
    with 2025 and said nothing about 2026, while run_all stopped on the missing file."""
    root = _copy(wave, tmp_path)
    (root / "data" / "codebooks" / "2026.yml").unlink()
    errors = _of(_check(root, monkeypatch), "error", "files")
    assert errors == ["ERROR: [files] data/codebooks/2026.yml: the codebook of 2026 (config/report.yml) is missing: "
                      "2027 is compared with 2025 instead of 2026, and 2026's answers cannot be read. Put the file "
                      "back (or remove 2026 from config/report.yml)"], errors


def test_a_missing_export_of_a_year_the_tables_show_is_warned(wave, tmp_path, monkeypatch):
    """Review: the 2026 export missing: every 2026 column silently became the published, rounded
    figure (25% instead of 24,6%), with only notes calling it 'the long series carried forward'."""
    root = _copy(wave, tmp_path)
    (root / "data" / "raw" / "2026" / "respondenten.csv").unlink()
    found = _check(root, monkeypatch)
    assert _of(found, "error", "files") == []
    assert _of(found, "warning", "files") == [
        "WARNING: [files] data/raw/2026/respondenten.csv: the export of 2026 (config/report.yml) is missing: the 2026 "
        "columns of 2027's tables are the published figures (rounded percentages, the captions' bases), not computed "
        "from the 2026 answers. Put the export back to compute them"]


# -- question numbers -----------------------------------------------------------------------------------
def _renumber(root: Path, number) -> None:
    """Each 2027 question's number through `number(key, old)`."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    for q in doc["questions"]:
        q["number"] = number(q["key"], q["number"])
    new_wave._write(path, header, doc)


def test_a_question_number_given_twice_is_warned(wave, tmp_path, monkeypatch):
    """Review: the new question typed in as Vraag 5 (kwaliteit_dialoog's number) passed: Bijlage 4 and
    {vraag:wachtlijst_afspraken} printed a second Vraag 5."""
    root = _copy(wave, tmp_path)
    _renumber(root, lambda key, old: "5" if key == new_wave.NEW_KEY else old)
    warnings = [w for w in _of(_check(root, monkeypatch), "warning", "numbers") if "also the number" in w]
    assert len(warnings) == 1, warnings
    assert "(Vraag 5 wachtlijst_afspraken): Vraag 5 is also the number of 'kwaliteit_dialoog'" in warnings[0]


def test_a_question_number_skipped_is_warned_unless_the_previous_wave_skipped_it(wave, tmp_path, monkeypatch):
    """Review: Vraag 20 onwards moved up by one (a dropped question's number kept free) passed; the
    derived 2025 codebook skips the numbers 2024 skipped, which stays clean."""
    root = _copy(wave, tmp_path)
    _renumber(root, lambda key, old: str(int(old) + 1) if old.isdigit() and int(old) >= 20 else old)
    warnings = _of(_check(root, monkeypatch), "warning", "numbers")
    line = question_lines(root / "data" / "codebooks" / f"{YEAR}.yml")["behandeling_afspraak"]
    assert warnings == [f"WARNING: [numbers] data/codebooks/2027.yml:{line} (Vraag 21 behandeling_afspraak): Vraag 20 "
                        "skipped (after Vraag 19; 2026 had it): a question dropped without renumbering the ones "
                        "after it? The questionnaire appendix and {vraag:...} print these numbers. Number the "
                        "questions as the questionnaire does"], warnings
    load_config.cache_clear()
    assert _of(check_year(2025, load_config()), "warning", "numbers") == []


# -- a key renamed, a unit changed --------------------------------------------------------------------
def _edit_question(root: Path, key: str, edit) -> None:
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    for q in doc["questions"]:
        if q["key"] == key:
            edit(q)
    new_wave._write(path, header, doc)


def test_a_key_renamed_with_the_same_wording_is_named(wave, tmp_path, monkeypatch):
    """Review: behandeling_afspraak renamed behandeling_afspraken (same wording; layout and notebooks
    renamed too): check-year said only that the 2025 and 2026 columns had no data, not that the key
    was the cause; dropping those columns as it suggested lost the series silently."""
    root = _copy(wave, tmp_path)
    _edit_question(root, "behandeling_afspraak", lambda q: q.update(key="behandeling_afspraken"))
    layout = root / "data" / "reports" / str(YEAR) / "tables.yml"
    layout.write_text(layout.read_text(encoding="utf-8").replace("behandeling_afspraak\n", "behandeling_afspraken\n"),
                      encoding="utf-8")
    warnings = _of(_check(root, monkeypatch), "warning", "changes")
    assert len(warnings) == 1, warnings
    assert warnings[0].endswith(
        "(Vraag 20 behandeling_afspraken): 'behandeling_afspraken' is new in 2027 but has the wording of 2026's "
        "'behandeling_afspraak', which 2027 does not have: a renamed key starts a new series (the 2026 figures are "
        "not shown or compared). Keep the key 'behandeling_afspraak' (keys stay the same across years; only the "
        "number changes)"), warnings


def test_a_numeric_question_s_unit_changed_is_warned_until_declared(wave, tmp_path, monkeypatch):
    """Review: pgb_aantal asked as a percentage of the clients in 2027 (unit count -> percent, same
    wording) passed: the table then printed '12,5%' under prose that says 'gemiddeld aan … cliënten',
    and nothing marked the figures as of another question than 2026's."""
    root = _copy(wave, tmp_path)
    _edit_question(root, "pgb_aantal", lambda q: q.update(unit="percent", range=[0, 100], plausible=[0, 100]))
    warnings = _of(_check(root, monkeypatch), "warning", "changes")
    assert len(warnings) == 1, warnings
    assert warnings[0].endswith("(Vraag 23 pgb_aantal): the unit (count in 2026, percent in 2027) changed since 2026, "
                                "but the codebook has no changes: {2026: ...}: comparisons with 2026 would not be "
                                "marked. Add changes: {2026: \"gewijzigde vraagstelling\"} (or whatever changed)"), warnings

    _edit_question(root, "pgb_aantal", lambda q: q.update(changes={2026: "andere eenheid"}))
    assert _of(_check(root, monkeypatch), "warning", "changes") == []


# -- a year after a gap -------------------------------------------------------------------------------
VORIG_JAAR = 'chapter.text("{tariefpercentage:2} koos het regionale richttarief; in {vorig_jaar} was dat {tariefpercentage:2@vorig}.")\n'


def _vorig_jaar_warnings(found) -> list[str]:
    return [f.text() for f in found.findings if f.level == "warning" and "{vorig_jaar} prints" in f.text()]


def test_the_year_before_named_after_a_gap_is_warned(wave, tmp_path, monkeypatch):
    """Review: 2027 after 2025 (no 2026 wave configured): "in {vorig_jaar} was dat
    {tariefpercentage:2@vorig}" printed "in 2026 was dat 13%", the 2025 figure (12,5%) under a year without a
    survey; check-year said nothing. Without the gap the same sentence is right and not warned."""
    root = _copy(wave, tmp_path)
    notebook = root / "notebooks" / "01_tarieven.py"
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\n# %%\n" + VORIG_JAAR, encoding="utf-8")
    line = notebook.read_text(encoding="utf-8").splitlines().index(VORIG_JAAR.rstrip("\n")) + 1
    assert _vorig_jaar_warnings(_check(root, monkeypatch)) == []

    config = root / "config" / "report.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  2026:\n")
    config.write_text(text[:start] + text[text.index("  2027:\n"):], encoding="utf-8")
    assert _vorig_jaar_warnings(_check(root, monkeypatch)) == [
        f"WARNING: [prose] notebooks/01_tarieven.py:{line}: {{vorig_jaar}} prints 2026, but no survey of 2026 is "
        "configured: the previous wave is 2025, whose figures @vorig and the tables show beside 2027. Name the wave "
        "without the year ('dan in de vorige meting'), or keep {vorig_jaar} where the calendar year is meant"]
