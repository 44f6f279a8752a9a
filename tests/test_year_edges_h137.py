"""Review h137: edges of check-year left open by earlier reviews, on the made-up 2027 wave (tests/new_wave.py):
a ``was`` naming the codebook's own year, a layout that does not load named by its absolute path. Each test fails
without its fix (its control case passes both ways)."""

from __future__ import annotations

import pytest

from new_wave import YEAR
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)


def _was_year(root, year: int) -> None:
    """2027's option 3 of tariefpercentage (reworded, declared ``was: {2026: 3}``) given another year's code."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    was:\n      2026: 1\n      2025: 1\n") == 1
    path.write_text(text.replace("    was:\n      2026: 1\n      2025: 1\n",
                                 f"    was:\n      2026: 1\n      {year}: 1\n      2025: 1\n"), encoding="utf-8")


@pytest.mark.parametrize("year, error", [(YEAR, True), (YEAR + 1, True), (None, False)])
def test_a_was_naming_the_codebooks_own_year_is_an_error(wave, tmp_path, monkeypatch, year, error):
    """``was: {2027: 1}`` in 2027's codebook (a typo for 2026) was dropped without a word: ``was`` gives an earlier
    year's code. Control: the option as the analyst wrote it (``was: {2026: 1, 2025: 1, 2024: 1}``)."""
    root = _copy(wave, tmp_path)
    if year is not None:
        _was_year(root, year)
    found = _check(root, monkeypatch)
    errors = [f.text() for f in found.findings if f.level == "error"]
    assert len(errors) == (1 if error else 0), errors
    if error:
        assert errors[0].startswith(f"ERROR: [codes] data/codebooks/{YEAR}.yml:"), errors
        assert "(Vraag 10 tariefpercentage): option 1 " in errors[0]
        assert f"says was: {{{year}: 1}}" in errors[0] and f"was: {{{YEAR - 1}: 1}}" in errors[0]


def test_a_layout_that_does_not_load_is_named_relative_with_its_line(wave, tmp_path, monkeypatch):
    """A table of an unknown kind: check-year printed 'ERROR: [files] /tmp/…/data/reports/2027/tables.yml: 48: table
    #4 …' (the absolute path, the line number split off into the message)."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "reports" / str(YEAR) / "tables.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- key: maatwerk_redenen\n")
    line = text[:start].count("\n") + 1
    kind = text.index("  kind: ", start)
    end = text.index("\n", kind)
    path.write_text(text[:kind] + "  kind: bogus" + text[end:], encoding="utf-8")
    errors = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"ERROR: [files] data/reports/{YEAR}/tables.yml:{line}: table #"), errors
    assert "kind 'bogus' is not one of" in errors[0]
    assert str(tmp_path) not in errors[0]


def test_a_codebook_that_does_not_load_is_named_relative(wave, tmp_path, monkeypatch):
    """The same for a codebook with problems: every line of the message names the file as other findings do."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  type: single\n", "  type: singel\n", 1), encoding="utf-8")
    errors = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"ERROR: [files] data/codebooks/{YEAR}.yml: question 'omzet'"), errors
    assert str(tmp_path) not in errors[0]
