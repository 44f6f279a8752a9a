"""Review h121 of h116's 2027-wave changes: a derived group's (an uitvoerder's) ``was`` was never checked by
check-year (a was naming a code the earlier year lacks, two groups saying they were the same group: dropped
silently, the first group took the other's NPS series), and the note for a group without counterpart quoted
``was: {2026: null}`` for any was. Each test fails on the code before the fix."""

from __future__ import annotations

import pytest

from new_wave import YEAR
from test_new_wave_review_h116 import OVERIG, _tabel_38
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)

VGZ = "  - code: 4\n    label: VGZ\n"


def _codebook_edit(root, *pairs) -> None:
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _errors(found) -> list[str]:
    return [f.text() for f in found.findings if f.level == "error" and "derived 'uitvoerder'" in f.text()]


def test_a_group_was_naming_a_code_the_earlier_year_lacks_is_an_error(wave, tmp_path, monkeypatch):
    """'Overig' renamed with was: {2026: 9} (2026 has groups 1-5): nothing said but a note quoting
    'was: {2026: null}'; now an error naming the codebook file and the derived variable."""
    root = _copy(wave, tmp_path)
    _codebook_edit(root, (OVERIG, "  - code: 5\n    label: Overige uitvoerders\n    was: {2026: 9}\n"))
    found = _check(root, monkeypatch)
    errors = _errors(found)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"ERROR: [codes] data/codebooks/{YEAR}.yml (derived 'uitvoerder'): group 5 says "
                                "was: {2026: 9}, but the 2026 question has no option 9")
    notes = [f.text() for f in found.findings if "has no 2027 counterpart" in f.text()]
    assert notes and all("was: {2026: null}" not in n for n in notes), notes
    assert any("says was: {2026: 9}" in n for n in notes), notes


def test_two_groups_saying_they_were_the_same_group_is_an_error(wave, tmp_path, monkeypatch):
    """VGZ and the renamed 'Overig' both say was: {2026: 5}: 2026's 'Overig' NPS went under VGZ in Tabel 38
    and check-year said only that VGZ's own series had no counterpart. Now an error."""
    root = _copy(wave, tmp_path)
    _codebook_edit(root, (VGZ, VGZ + "    was: {2026: 5}\n"),
                   (OVERIG, "  - code: 5\n    label: Overige uitvoerders\n    was: {2026: 5}\n"))
    errors = _errors(_check(root, monkeypatch))
    assert any("options 4 and 5 both say they were 2026 option 5" in e for e in errors), errors


def test_a_correct_group_was_is_no_error(wave, tmp_path, monkeypatch):
    """Control: 'Overig' renamed with was: {2026: 5} keeps its series, no error."""
    root = _copy(wave, tmp_path)
    _codebook_edit(root, (OVERIG, "  - code: 5\n    label: Overige uitvoerders\n    was: {2026: 5}\n"))
    assert _errors(_check(root, monkeypatch)) == []
    overig = _tabel_38(root)
    overig = overig[overig["column_code"] == 5].set_index("row")["value"]
    assert overig[["NPS 2025", "NPS 2026"]].notna().all()


def test_the_analysts_wave_has_no_derived_error(wave, tmp_path, monkeypatch):
    """Control: the analyst's 2027 (groups unchanged)."""
    assert _errors(_check(_copy(wave, tmp_path), monkeypatch)) == []
