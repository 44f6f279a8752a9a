"""Review h154 of next year's questionnaire (the 2027 wave of tests/new_wave.py, then one more change each).
Each test fails on main before its fix.

1. A matrix item (or scale statement) reworded under the same code while its short label, the label the tables
   print, stayed the same passed check-year: the trend table printed the two questions' figures as one row.
2. A year in the codebook's texts that is no year of the wave ('Overeenkomst Wlz 2028' in 2027 once `changes` was
   declared, a typo 2072 in a new question) passed; only last year's year left in a label was warned.
3. new-year dropped every table's note, also those the codebook's `changes` do not give (a breakdown's).
4. Ranges typed "2021--2025", "2021-25" or "2009-10" had their end year (or both) unread by the typed-year check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import new_wave
from new_wave import YEAR
from test_next_wave_h151 import _edit, _texts
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture, the 2027 test wave)
from wlzmonitor.spec.prose import typed_year_problems, typed_years
from wlzmonitor.spec.year_findings import question_lines


def _question_line(root: Path, key: str) -> int:
    return question_lines(root / "data" / "codebooks" / f"{YEAR}.yml")[key]


# -- 1. a matrix item reworded, its short label kept ---------------------------------------------------------
OLD_ITEM = "De dialoog met het zorgkantoor over kwaliteit en ons kwaliteitsbeeld ervaren we als constructief."
NEW_ITEM = "Het zorgkantoor neemt ons kwaliteitsbeeld mee in de inkoopafspraken."


def _short_label(label: str | None = None):
    def edit(q: dict) -> None:
        item = next(i for i in q["items"] if i["code"] == "dialoog_constructief")
        item["short_label"] = "Dialoog over kwaliteit"
        if label is not None:
            item["label"] = label
    return edit


def test_a_matrix_item_reworded_under_its_short_label_is_an_error(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _edit(root, "data/codebooks/2026.yml", "kwaliteit_dialoog", _short_label())
    _edit(root, f"data/codebooks/{YEAR}.yml", "kwaliteit_dialoog", _short_label())
    assert [t for t in _texts(_check(root, monkeypatch), "changes") if "item dialoog_constructief" in t] == []

    _edit(root, f"data/codebooks/{YEAR}.yml", "kwaliteit_dialoog", _short_label(NEW_ITEM))
    found = _check(root, monkeypatch)
    line = _question_line(root, "kwaliteit_dialoog")
    assert [f.text() for f in found.findings if f.level == "error" and "item dialoog_constructief" in f.text()] == [
        f"ERROR: [changes] data/codebooks/2027.yml:{line} (Vraag 5 kwaliteit_dialoog): item dialoog_constructief is "
        f"‘{NEW_ITEM}’ in 2027 but ‘{OLD_ITEM}’ in 2026: only its short label ‘Dialoog over kwaliteit’ (the label the "
        "tables print) is the same, so its 2026 figures would be printed beside the new statement's as the same row. "
        "Give the item a new code (its 2026 figures are then not shown), or add changes: {2026: \"gewijzigde "
        "vraagstelling\"} (the comparison is then not tested and marked)"]

    _edit(root, f"data/codebooks/{YEAR}.yml", "kwaliteit_dialoog",
          lambda q: q.update(changes={**(q.get("changes") or {}), 2026: "gewijzigde vraagstelling"}))
    assert [t for t in _texts(_check(root, monkeypatch), "changes") if "item dialoog_constructief" in t] == []


# -- 3. new-year: the notes of tables whose note the codebook does not give ----------------------------------
NPS_NOTE = "Groepen kleiner dan 10 niet getoond (enquête 2026; indeling sinds 2015)."


def test_new_year_carries_a_breakdown_table_s_note_with_the_wave_s_years_moved(tmp_path):
    root = new_wave.repository(tmp_path)
    _edit(root, "data/reports/2026/tables.yml", "nps__uitvoerder", lambda t: t.update(note=NPS_NOTE))
    result = new_wave.new_year(root)
    tables = {t["key"]: t for t in new_wave._yaml(root / "data" / "reports" / str(YEAR) / "tables.yml")[1]["tables"]}
    assert tables["nps__uitvoerder"]["note"] == "Groepen kleiner dan 10 niet getoond (enquête 2027; indeling sinds 2015)."
    assert "note" not in tables["transitie_afspraken"]  # a trend table's note: from the codebook's changes
    assert [line for line in result.todo if line.startswith("  a year left")] == [
        "  a year left as it is (further from 2026 than a year: taken as a fixed date; if it follows the survey "
        "year, move it to 2027's): table nps__uitvoerder note: ‘Groepen kleiner dan 10 niet getoond (enquête 2027; "
        "indeling sinds 2015).’"]


# -- 2. a year no text of the wave names ---------------------------------------------------------------------
def _named(found) -> list[str]:
    return [t.split(": ", 2)[2] for t in _texts(found, "changes") if "a typo?" in t]


def _overeenkomst(label: str):
    def edit(q: dict) -> None:
        next(i for i in q["items"] if i["code"] == "overeenkomst")["label"] = label
        q["changes"] = {2026: "gewijzigde vraagstelling"}  # what the relabelling error advised: it silenced the year
    return edit


def test_a_label_naming_a_year_after_the_wave_is_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _edit(root, f"data/codebooks/{YEAR}.yml", "inkoop_wijzigingen", _overeenkomst("Overeenkomst Wlz 2028"))
    assert _named(_check(root, monkeypatch)) == [
        "item overeenkomst's label ‘Overeenkomst Wlz 2028’ names 2028 where 2026's (‘Overeenkomst Wlz 2026’) named "
        "2026: a year of the wave moves with it (2027), a fixed date stays (2026); 2028 is neither, a typo? The 2027 "
        "report prints it as written. Write 2027 (or 2026); if the 2027 questionnaire does print 2028, leave it (this "
        "warning then stays)"]
    _edit(root, f"data/codebooks/{YEAR}.yml", "inkoop_wijzigingen", _overeenkomst("Overeenkomst Wlz 2017"))
    assert [t.split(";")[0] for t in _named(_check(root, monkeypatch))] == [
        "item overeenkomst's label ‘Overeenkomst Wlz 2017’ names 2017 where 2026's (‘Overeenkomst Wlz 2026’) named "
        "2026: a year of the wave moves with it (2027), a fixed date stays (2026)"]
    for fine in ("Overeenkomst Wlz 2027", "Overeenkomst Wlz 2026"):  # moved with the wave; kept (h151's warning)
        _edit(root, f"data/codebooks/{YEAR}.yml", "inkoop_wijzigingen", _overeenkomst(fine))
        assert _named(_check(root, monkeypatch)) == []


def test_a_new_question_naming_a_year_after_the_next_is_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    typo = "Heeft u voor 2072 met het zorgkantoor afspraken gemaakt over de wachtlijst?"
    _edit(root, f"data/codebooks/{YEAR}.yml", new_wave.NEW_KEY, lambda q: q.update(text=typo))
    found = _check(root, monkeypatch)
    line = _question_line(root, new_wave.NEW_KEY)
    assert [t for t in _texts(found, "changes") if "a typo?" in t] == [
        f"WARNING: [changes] data/codebooks/2027.yml:{line} (Vraag 32 wachtlijst_afspraken): the wording ‘{typo}’ "
        "names 2072, after 2028: the 2027 wave's texts name its own year, the years before it and at most the next "
        "(2028); a typo? The 2027 report prints it as written. Correct the year; if the 2027 questionnaire does "
        "print 2072, leave it (this warning then stays)"]
    fine = "Heeft u voor 2028 en sinds 2015 met het zorgkantoor afspraken gemaakt over de wachtlijst?"
    _edit(root, f"data/codebooks/{YEAR}.yml", new_wave.NEW_KEY, lambda q: q.update(text=fine))
    assert _named(_check(root, monkeypatch)) == []


def test_the_analysts_wave_names_no_implausible_year(wave, monkeypatch):
    assert _named(_check(wave, monkeypatch)) == []


# -- 4. ranges of years typed in other ways ------------------------------------------------------------------
ADVICE = "(stale in next year's report; a fixed date such as 'in 2027 voor het eerst gesteld' stays as it is)"


@pytest.mark.parametrize("text, years", [
    ("Reeks 2021--2025.", [2021, 2025]),  # a double hyphen (an en dash in markdown): the end was not read
    ("Reeks 2021---2025.", [2021, 2025]),
    ("Reeks _2021-2025_ en **2021–2025**.", [2021, 2025, 2021, 2025]),  # emphasis: read before too
    ("Reeks 2021-25.", [2021, 2025]),  # a two-digit end: not read
    ("Reeks 2021–25, 2021/25 en 2021-'25.", [2021, 2025, 2021, 2025, 2021, 2025]),
    ("Reeks 2024-25.", [2024, 2025]),
])
def test_a_range_ending_in_the_year_before_is_read_however_its_end_is_written(text, years):
    assert typed_years(text) == years
    assert set(typed_year_problems(text, 2026)) == {f"‘2025’ typed into the prose: write {{vorig_jaar}} {ADVICE}"}


def test_a_range_with_a_two_digit_end_is_no_month():
    assert typed_years("Het seizoen 2009-10.") == [2009, 2010]  # was no year at all: read as October 2009
    assert typed_year_problems("Het seizoen 2009-10.", 2010) == [
        f"‘2009’ typed into the prose: write {{vorig_jaar}} {ADVICE}", f"‘2010’ typed into the prose: write {{jaar}} {ADVICE}"]
    # an end before the start is a month, a date stays a date
    assert typed_years("Peildatum 2025-12 of 2025-12-01; bestand export_2021-25.csv.") == []
