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
