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
    if cwd == "root":
        assert "  ERROR: [files] data/codebooks/2031.yml: codebook file not found" in out
        assert str(load_config().root) not in out
    else:  # named relative to the repository, 'data/codebooks/2031.yml' would be a file of the working folder
        assert f"  ERROR: [files] {load_config().root / 'data' / 'codebooks' / '2031.yml'}: codebook file not found" in out


def test_repo_relative_leaves_a_sibling_folder_alone():
    from wlzmonitor.spec.paths import repo_relative

    assert repo_relative("/r/a.yml and /r-old/b.yml and /r", "/r") == "a.yml and /r-old/b.yml and ."


# -- 3. draft-mapping --out: written only on success; stdout redirected: the message says the file may be empty ------
def test_draft_mapping_out_writes_the_draft(tmp_path, capsys):
    out = tmp_path / "2026.yml"
    assert main(["draft-mapping", "--year", "2026", str(EXPORT), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and f"wrote {out}" in captured.err
    assert "year: 2026" in out.read_text(encoding="utf-8")


def test_draft_mapping_out_is_not_written_when_the_draft_fails(tmp_path, capsys):
    out = tmp_path / "2031.yml"
    assert main(["draft-mapping", "--year", "2031", str(EXPORT), "--out", str(out)]) == 2
    assert "no codebook for 2031" in capsys.readouterr().err
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("target, expected", [
    ("data/mappings/example.yml", "exists and is an input of the report (data/mappings/example.yml)"),
    ("config/report.yml", "exists and is an input of the report (config/report.yml)"),
    ("notes.txt", "expected a file name ending in .yml or .yaml"),
    ("missing/m.yml", "does not exist; create it first"),
])
def test_draft_mapping_out_refuses_an_input_or_a_wrong_name(target, expected, capsys, monkeypatch):
    from wlzmonitor.spec.config import load_config

    root = load_config().root
    monkeypatch.chdir(root)
    before = (root / target).read_bytes() if (root / target).is_file() else None
    assert main(["draft-mapping", "--year", "2026", str(EXPORT), "--out", target]) == 2
    assert expected in capsys.readouterr().err
    assert ((root / target).read_bytes() if (root / target).is_file() else None) == before


def test_draft_mapping_out_may_not_be_the_export(tmp_path, capsys):
    export = tmp_path / "export.yml"
    export.write_text("a: 1\n", encoding="utf-8")
    assert main(["draft-mapping", "--year", "2026", str(export), "--out", str(export)]) == 2
    assert "is the export being read" in capsys.readouterr().err
    assert export.read_text(encoding="utf-8") == "a: 1\n"


def test_draft_mapping_redirected_failure_says_the_file_may_be_empty(tmp_path):
    import os
    import subprocess
    import sys

    target = tmp_path / "2031.yml"
    with target.open("wb") as handle:
        done = subprocess.run([sys.executable, "-m", "wlzmonitor", "draft-mapping", "--year", "2031", str(EXPORT)],
                              stdout=handle, stderr=subprocess.PIPE, text=True, env=os.environ.copy(), check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "may be left empty" in done.stderr and "--out FILE" in done.stderr
    assert target.read_bytes() == b""


# -- 4. sheet names in check-export's messages: numbered, a name that may be a person's withheld ----------------
def _two_sheets(path, first="Export Petra Jansen", second="Kees Bakker"):
    import pandas as pd

    frame = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    with pd.ExcelWriter(path) as writer:
        frame.to_excel(writer, sheet_name=first, index=False)
        frame.head(0).to_excel(writer, sheet_name=second, index=False)
    return path


@pytest.mark.parametrize("extra", [[], ["--sheet", "Nope"]])
def test_check_export_withholds_sheet_names_that_may_name_a_person(tmp_path, capsys, extra):
    path = _two_sheets(tmp_path / "export.xlsx")
    assert main(["check-export", "--year", "2026", str(path), *extra]) == 1
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "Petra" not in said and "Jansen" not in said and "Kees" not in said and "Bakker" not in said
    assert "sheet 1 (name withheld: it may name a person), sheet 2 (name withheld" in said


def test_plain_sheet_names_are_shown_and_a_number_selects_a_sheet(tmp_path, capsys):
    path = _two_sheets(tmp_path / "export.xlsx", first="Antwoorden", second="Blad2")
    assert main(["check-export", "--year", "2026", str(path)]) == 1
    assert "(sheet 1 'Antwoorden', sheet 2 'Blad2')" in capsys.readouterr().err
    assert main(["check-export", "--year", "2026", str(path), "--sheet", "1"]) == 0


# -- 5. hostile and careless arguments --------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [["new-year", "--year", "99999"], ["derive-year", "--year", "0", "--check"],
                                  ["check-year", "--year", "0"], ["derive-year", "--year", "2025", "--source", "0"],
                                  ["new-year", "--year", "2027", "--source", "-1"]])
def test_a_year_no_survey_can_have_is_refused_by_the_parser(argv, capsys):
    with pytest.raises(SystemExit) as stop:  # new-year 99999 and derive-year 0 were a ValueError traceback
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "expected a survey year such as 2026 (from 2000 to 2099)" in err and "Traceback" not in err


@pytest.mark.parametrize("year", ["0", "99999", "20266"])
def test_run_all_refuses_a_year_no_survey_can_have(year, capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_all_h136", new_wave.ROOT / "run_all.py")
    run_all = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_all)
    with pytest.raises(SystemExit) as stop:
        run_all.parse_args(["--year", year])
    assert stop.value.code == 2 and "expected a survey year such as 2026" in capsys.readouterr().err


def _non_utf8_copy(tmp_path):
    import os
    import shutil

    path = tmp_path / os.fsdecode(b"caf\xe9.csv")  # a name from a Latin-1 system: no UTF-8
    shutil.copyfile(EXPORT, path)
    return path


def test_check_export_log_of_an_export_whose_name_is_no_utf8(tmp_path):
    log = tmp_path / "log.csv"
    assert main(["check-export", "--year", "2026", str(_non_utf8_copy(tmp_path)), "--log", str(log)]) == 0
    text = log.read_bytes().decode("utf-8")  # was a UnicodeEncodeError traceback, no log
    assert "caf\\udce9.csv,28,R0026" in text


def test_draft_mapping_of_an_export_whose_name_is_no_utf8_stays_utf8(tmp_path):
    out = tmp_path / "m.yml"
    assert main(["draft-mapping", "--year", "2026", str(_non_utf8_copy(tmp_path)), "--out", str(out)]) == 0
    assert out.read_bytes().decode("utf-8").startswith("# caf\\udce9.csv already uses")


@pytest.mark.parametrize("argv", [["check-export", "--year", "2026", str(EXPORT), "--log", "{loop}/x.csv"],
                                  ["check-export", "--year", "2026", str(EXPORT), "--log", "{loop}"],
                                  ["coding", "--year", "2026", "--export", "{loop}/x.xlsx"],
                                  ["draft-mapping", "--year", "2026", str(EXPORT), "--out", "{loop}/x.yml"]])
def test_a_file_to_write_behind_a_symlink_loop_is_one_message(tmp_path, capsys, argv):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)  # a link to itself: Path.resolve raised RuntimeError("Symlink loop")
    assert main([a.replace("{loop}", str(loop)) for a in argv]) == 2
    err = capsys.readouterr().err
    assert ("cannot be resolved" in err and "points to itself" in err) or "its folder" in err and "does not exist" in err


def test_a_repository_root_that_is_a_symlink_loop_is_one_message(tmp_path, capsys, monkeypatch):
    from wlzmonitor.spec.config import load_config

    loop = tmp_path / "root"
    loop.symlink_to(loop)
    load_config.cache_clear()
    try:
        assert main(["coding", "--year", "2026", "--root", str(loop)]) == 2  # was an OSError traceback
        assert "config/report.yml: cannot be read" in capsys.readouterr().err
        monkeypatch.setenv("WLZ_MONITOR_ROOT", str(loop))  # was a RuntimeError traceback
        assert main(["check-year", "--year", "2026"]) == 2
        assert "expected the repository root" in capsys.readouterr().err
    finally:
        load_config.cache_clear()
