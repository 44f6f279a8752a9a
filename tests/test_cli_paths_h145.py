"""Review h145: the commands h141/h143 left. `new-year` (its list of written files, its checklist, its errors) and
`derive-year --check` named the repository's files relative to it from wherever they ran, and so did the error of a
configured year without its export (config.py's own copy of rel_to_root): from notebooks/ or from another folder
'data/codebooks/2027.yml' names no file there. Each file is now named as the reader opens it from the working
folder (paths.shown_path): relative to the repository from its root, relative to the working folder below it,
else in full. The tests from the root pass before and after the change; the others fail before it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import new_wave

ROOT = new_wave.ROOT
WHERE = ["root", "subfolder", "another folder"]


def _run(*argv: str, cwd: Path, root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WLZ_MONITOR_ROOT": str(root), "PYTHONPATH": str(ROOT / "lib")}
    done = subprocess.run([sys.executable, "-m", "wlzmonitor", *argv], cwd=cwd, env=env, capture_output=True,
                          text=True, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _where(tmp_path: Path, root: Path, where: str) -> tuple[Path, str]:
    """The working folder, and how a file of the repository ('data/…') is named from there."""
    cwd = {"root": root, "subfolder": root / "notebooks", "another folder": tmp_path / "elders"}[where]
    cwd.mkdir(exist_ok=True)
    return cwd, {"root": "", "subfolder": f"{root}/", "another folder": f"{root}/"}[where]


@pytest.mark.parametrize("where", WHERE)
def test_new_year_names_what_it_wrote_and_what_is_left_to_do_as_the_reader_opens_it(tmp_path, where):
    root = new_wave.repository(tmp_path)
    cwd, at = _where(tmp_path, root, where)
    done = _run("new-year", "--year", "2027", cwd=cwd, root=root)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[:5] == ["new-year 2027 from 2026: wrote", f"  {at}data/codebooks/2027.yml",
                         f"  {at}data/reports/2027/tables.yml", f"  {at}data/codeframes/2027.yml",
                         f"  {at}config/report.yml (the year under years:)"]
    notebooks = {"root": "notebooks/*.py", "subfolder": "*.py", "another folder": f"{root}/notebooks/*.py"}[where]
    todo = [line.split(". ", 1)[1].split(": ")[0] for line in lines if line[:5].strip()[:1].isdigit()]
    assert todo == [f"{at}data/codebooks/2027.yml", f"{at}data/reports/2027/tables.yml", notebooks,
                    f"{at}data/codeframes/2027.yml", f"{at}data/quotes/2027.yml",
                    f"{at}config/population.yml serves every year", "the export",
                    "python -m wlzmonitor check-year --year 2027 until it reports no errors or warnings; then python "
                    "run_all.py --year 2027"]
    assert (f"(weighting: population: config/population_{{year}}.yml in {at}config/report.yml, and a copy per "
            "year)") in done.stdout  # the setting's value as config/report.yml takes it, relative to the repository
    assert f"  7. the export: {at}data/raw/2027/respondenten.csv (a mapping" in done.stdout


@pytest.mark.parametrize("where", WHERE)
def test_new_year_s_errors_name_the_files_as_the_reader_opens_them(tmp_path, where):
    root = new_wave.repository(tmp_path)
    cwd, at = _where(tmp_path, root, where)
    assert _run("new-year", "--year", "2027", cwd=root, root=root).returncode == 0
    done = _run("new-year", "--year", "2027", cwd=cwd, root=root)
    assert (done.returncode, done.stderr) == (
        2, f"wlzmonitor new-year: 2027 already has {at}data/codebooks/2027.yml, {at}data/reports/2027/tables.yml, "
           f"{at}data/codeframes/2027.yml: new-year does not overwrite them (--force does)\n")
    done = _run("new-year", "--year", "2028", cwd=cwd, root=root)
    assert done.returncode == 2
    assert done.stderr.startswith(f"wlzmonitor new-year: 2027, the latest configured year before 2028, has no export "
                                  f"yet ({at}data/raw/2027/respondenten.csv) and no published report"), done.stderr
    done = _run("new-year", "--year", "2028", "--source", "2019", cwd=cwd, root=root)
    assert (done.returncode, done.stderr) == (
        2, f"wlzmonitor new-year: --source 2019 is not under years: in {at}config/report.yml\n")
    # a configured year without its export (config.py's own copy of rel_to_root named it relative to the repository)
    done = _run("coding", "--year", "2027", cwd=cwd, root=root)
    assert (done.returncode, done.stderr) == (
        2, f"wlzmonitor coding: no survey data for 2027 (no export at {at}data/raw/2027/respondenten.csv: put the 2027 "
           "export there, or correct 'export' under 2027 in config/report.yml); years with data: 2024, 2025, 2026\n")


@pytest.mark.parametrize("where", WHERE)
def test_derive_year_check_names_a_differing_file_as_the_reader_opens_it(tmp_path, where):
    root = new_wave.repository(tmp_path)
    cwd, at = _where(tmp_path, root, where)
    layout = root / "data" / "reports" / "2025" / "tables.yml"
    layout.write_bytes(layout.read_bytes() + b"# edited\n")
    done = _run("derive-year", "--year", "2025", "--check", cwd=cwd, root=root)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, f"{at}data/reports/2025/tables.yml: differs from the derivation; run python -m wlzmonitor derive-year "
           "--year 2025\n", "")


def test_a_file_below_the_working_folder_is_named_relative_to_it(tmp_path):
    """From data/, as the other commands name such a file (shown_path): 'codebooks/2027.yml'."""
    root = new_wave.repository(tmp_path)
    done = _run("new-year", "--year", "2027", cwd=root / "data", root=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:5] == ["  codebooks/2027.yml", "  reports/2027/tables.yml",
                                             "  codeframes/2027.yml", f"  {root}/config/report.yml (the year under "
                                                                      "years:)"]
