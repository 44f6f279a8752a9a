"""Found by acting as next year's analyst on a made-up 2027 wave (tests/new_wave.py, then one more
change each, review h94): what check-year passed while the report was wrong. Each test fails without
its fix."""

from __future__ import annotations

from pathlib import Path

import new_wave
from new_wave import YEAR
# the analysed 2027 wave, a copy of it per test and its check: the wave review's own (one place for them)
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)


def _not_notes(found) -> list[str]:
    return [f.text() for f in found.findings if f.level != "note"]


def _edit_layout(root: Path, edit) -> None:
    path = root / "data" / "reports" / str(YEAR) / "tables.yml"
    header, doc = new_wave._yaml(path)
    edit(doc)
    new_wave._write(path, header, doc)


# -- chapters' tables in another order than the chapters ----------------------------------------------
def test_a_chapter_s_tables_listed_before_an_earlier_chapter_s_are_warned(wave, tmp_path, monkeypatch):
    """Review: the 2027 layout with the herschikking tables moved before the capaciteit tables as a block
    (the 2027 questionnaire asks herschikking first), config/report.yml's chapters left as they were:
    check-year passed, and chapter 2 printed Tabel 21-25, chapter 3 Tabel 16-20 (the published report's
    numbers and the back-test then pair other tables)."""
    root = _copy(wave, tmp_path)

    def herschikking_first(doc: dict) -> None:
        tables = doc["tables"]
        capaciteit = [t for t in tables if t.get("chapter") == "02_capaciteit"]
        herschikking = [t for t in tables if t.get("chapter") == "03_herschikking"]
        rest = [t for t in tables if t not in capaciteit and t not in herschikking]
        at = tables.index(capaciteit[0])
        doc["tables"] = rest[:at] + herschikking + capaciteit + rest[at:]

    _edit_layout(root, herschikking_first)
    found = _not_notes(_check(root, monkeypatch))
    assert len(found) == 1, found
    assert found[0].startswith("WARNING: [numbers] data/reports/2027/tables.yml:"), found
    assert found[0].endswith(
        "(Tabel 21 (capaciteit_afspraken)): 02_capaciteit's tables (Tabel 21–25) are listed in the layout after "
        "03_herschikking's (Tabel 16–20), but config/report.yml (chapters:) prints 02_capaciteit before "
        "03_herschikking: the report would print Tabel 21–25 before Tabel 16–20. Move 02_capaciteit's tables "
        "before 03_herschikking's in the layout (numbers follow the order of the file), or the chapters in "
        "config/report.yml"), found


def test_appendix_tables_are_numbered_apart_from_the_chapters(wave, tmp_path, monkeypatch):
    """The appendices' tables (B1, B2, ...) listed before the chapters' are no chapter out of order: the
    two series are numbered apart."""
    root = _copy(wave, tmp_path)

    def appendices_first(doc: dict) -> None:
        tables = doc["tables"]
        doc["tables"] = ([t for t in tables if str(t.get("chapter")).startswith("bijlage")]
                         + [t for t in tables if not str(t.get("chapter")).startswith("bijlage")])

    _edit_layout(root, appendices_first)
    assert _not_notes(_check(root, monkeypatch)) == []
