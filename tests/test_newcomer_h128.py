"""Review h128: next year's analyst, new to the repository, runs every command of README and docs/,
and the mistakes a careless user makes. Each error is one message naming the file or argument and
what was expected, exit 2 (check-export: 1 for the export it checks, as documented); no traceback,
no exit 0 with nothing done, no file written under a wrong name."""

from __future__ import annotations

import pytest

import new_wave
from wlzmonitor.cli import build_parser, main
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.new_year import scaffold


@pytest.fixture
def scaffolded_2027(tmp_path, monkeypatch):
    """A copy of the repository with 2027 scaffolded (no export, no published report), as the root."""
    root = new_wave.repository(tmp_path)
    new_wave.new_year(root)
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    load_config.cache_clear()
    yield root
    load_config.cache_clear()


# -- demo --check of a year the generator cannot make ----------------------------------------------
def test_demo_check_of_a_year_without_inputs_says_why_exit_2(capsys):
    assert main(["demo", "--year", "2031", "--check"]) == 2  # was 1: "differs from the generator's output"
    err = capsys.readouterr().err
    assert "no demo data can be made for 2031" in err and "cells.csv" in err and "Traceback" not in err


# -- new-year --window and --source -----------------------------------------------------------------
@pytest.mark.parametrize("value", ["-1", "-3"])
def test_new_year_window_must_be_a_number_from_0(value, capsys):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["new-year", "--year", "2031", "--window", value])
    assert stop.value.code == 2
    assert "--window" in capsys.readouterr().err


def test_new_year_scaffold_refuses_a_negative_window():
    with pytest.raises(InputError, match=r"window -1: expected the number of waves"):
        scaffold(2031, load_config(), window=-1)


def test_new_year_source_must_be_before_the_year():
    with pytest.raises(InputError, match=r"--source 2026: expected a year before 2025"):
        scaffold(2025, load_config(), source=2026, force=True)


# -- an export that is a folder or a device, named without an extension --------------------------
def test_check_export_of_a_folder_without_extension_says_it_is_a_folder(tmp_path, capsys):
    folder = tmp_path / "export"
    folder.mkdir()
    assert main(["check-export", "--year", "2026", str(folder)]) == 1  # the export it checks: 1, as documented
    err = capsys.readouterr().err
    assert f"{folder}: is a folder, not a file" in err and "unsupported file type" not in err


def test_draft_mapping_of_a_device_says_it_is_a_device(capsys):
    assert main(["draft-mapping", "--year", "2026", "/dev/null"]) == 2
    err = capsys.readouterr().err
    assert "/dev/null: is a device, not a file" in err and "unsupported file type" not in err


# -- check-export --mapping naming no file --------------------------------------------------------
def test_check_export_mapping_that_does_not_exist_names_the_choices(tmp_path, capsys):
    export = new_wave.ROOT / "data" / "raw" / "2026" / "respondenten.csv"
    assert main(["check-export", "--year", "2026", str(export), "--mapping", "NONE"]) == 2
    err = capsys.readouterr().err
    assert "--mapping NONE: no such file" in err and "'none' or 'auto'" in err and "Errno" not in err


# -- coding: --root a file, --export not .xlsx -------------------------------------------------------
def test_coding_root_that_is_a_file_is_one_message(tmp_path, capsys):
    file = tmp_path / "export.csv"
    file.write_text("a,b\n", encoding="utf-8")
    load_config.cache_clear()
    assert main(["coding", "--year", "2026", "--root", str(file)]) == 2  # was a NotADirectoryError traceback
    err = capsys.readouterr().err
    assert f"{file}: not a folder; expected the repository root" in err


def test_coding_export_must_be_an_xlsx(tmp_path, capsys):
    target = tmp_path / "codering.csv"
    assert main(["coding", "--year", "2026", "--export", str(target)]) == 2
    assert "expected a file name ending in .xlsx" in capsys.readouterr().err
    assert not target.exists()


# -- derive-year ------------------------------------------------------------------------------------
def test_derive_year_from_a_year_without_published_report_is_one_message(scaffolded_2027, capsys):
    assert main(["derive-year", "--year", "2024", "--source", "2027", "--check"]) == 2  # was a traceback
    err = capsys.readouterr().err
    assert "data/published/2027/cells.csv: not found" in err and "extract-published" in err


def test_derive_year_check_names_the_source_it_was_given(capsys):
    assert main(["derive-year", "--year", "2024", "--source", "2025", "--check"]) == 1
    out = capsys.readouterr().out
    assert "run python -m wlzmonitor derive-year --year 2024 --source 2025" in out


def test_passing_checks_say_so(capsys):
    assert main(["derive-year", "--year", "2025", "--check"]) == 0
    assert "2025's files equal their derivation from the 2026 report" in capsys.readouterr().out
    assert main(["extract-published", "--year", "2026", "--check"]) == 0
    assert "published figures of 2026 are up to date" in capsys.readouterr().out



# -- check-year of a year whose export is a folder or empty ----------------------------------------
@pytest.mark.parametrize("kind", ["folder", "empty"])
def test_check_year_names_an_export_that_is_no_export(scaffolded_2027, kind):
    from wlzmonitor.spec.year_check import check_year

    export = scaffolded_2027 / "data" / "raw" / "2027" / "respondenten.csv"
    export.parent.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        export.mkdir()
    else:
        export.write_bytes(b"")
    errors = [f for f in check_year(2027, load_config(scaffolded_2027)).findings if f.level == "error"]
    expected = "is a folder, not a file" if kind == "folder" else "the file is empty; expected the 2027 export"
    assert any(f.where.endswith("data/raw/2027/respondenten.csv") and expected in f.message for f in errors), errors


# -- the export saved as .xlsx beside the configured respondenten.csv --------------------------------
def test_an_export_of_another_type_beside_the_configured_one_is_named(scaffolded_2027, capsys):
    from wlzmonitor.spec.year_check import check_year

    folder = scaffolded_2027 / "data" / "raw" / "2027"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "respondenten.xlsx").write_bytes(b"PK")
    warnings = [f.message for f in check_year(2027, load_config(scaffolded_2027)).findings if f.level == "warning"]
    assert any("no export for 2027 yet" in m and "its folder holds respondenten.xlsx" in m for m in warnings), warnings
    assert main(["coding", "--year", "2027"]) == 2
    assert "its folder holds respondenten.xlsx" in capsys.readouterr().err
