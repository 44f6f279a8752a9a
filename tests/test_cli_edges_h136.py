"""Review h136: the command line's edges, as a newcomer meets them. Each mistake is one message naming the
option or file and what was expected, exit 2; nothing written under a wrong name or in a folder made by mistake."""

from __future__ import annotations

import pytest

import new_wave
from wlzmonitor.cli import main

EXPORT = new_wave.ROOT / "data" / "raw" / "2026" / "respondenten.csv"


# -- 1. check-export --log: a .csv in an existing folder ----------------------------------------------------
@pytest.mark.parametrize("name", ["report.html", "notes.txt", "log"])
def test_check_export_log_must_be_a_csv(tmp_path, capsys, name):
    target = tmp_path / name
    assert main(["check-export", "--year", "2026", str(EXPORT), "--log", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"--log {target}: expected a file name ending in .csv" in err and "Traceback" not in err
    assert not target.exists()


def test_check_export_log_in_a_missing_folder_is_refused(tmp_path, capsys):
    target = tmp_path / "typo" / "sub" / "log.csv"
    assert main(["check-export", "--year", "2026", str(EXPORT), "--log", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"its folder {target.parent} does not exist" in err
    assert not (tmp_path / "typo").exists()


def test_check_export_log_in_a_folder_that_is_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    target = tmp_path / "file" / "log.csv"
    assert main(["check-export", "--year", "2026", str(EXPORT), "--log", str(target)]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_check_export_log_csv_in_an_existing_folder_is_written(tmp_path):
    assert main(["check-export", "--year", "2026", str(EXPORT), "--log", str(tmp_path / "Log.CSV")]) == 0
    assert (tmp_path / "Log.CSV").is_file()


# -- 2. check-year of a year not configured: every file named relative to the repository -----------------------
@pytest.mark.parametrize("cwd", ["root", "subfolder", "elsewhere"])
def test_check_year_names_files_relative_to_the_repository(tmp_path, monkeypatch, capsys, cwd):
    from wlzmonitor.spec.config import load_config

    where = {"root": load_config().root, "subfolder": load_config().root / "data", "elsewhere": tmp_path}[cwd]
    monkeypatch.chdir(where)
    assert main(["check-year", "--year", "2031"]) == 2
    out = capsys.readouterr().out
    assert "config/report.yml: 2031 is not under years" in out
    assert "  ERROR: [files] data/codebooks/2031.yml: codebook file not found" in out
    assert str(load_config().root) not in out


def test_repo_relative_leaves_a_sibling_folder_alone():
    from wlzmonitor.spec.paths import repo_relative

    assert repo_relative("/r/a.yml and /r-old/b.yml and /r", "/r") == "a.yml and /r-old/b.yml and ."
