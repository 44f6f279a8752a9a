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
