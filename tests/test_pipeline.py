"""The data stage of run_all.py: tables, index, workbook, logs; determinism; errors."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from wlzmonitor.run.data_outputs import write_data_outputs
from wlzmonitor.spec.published import load_published

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def result(result_2026):
    return result_2026


@pytest.fixture(scope="module")
def written(result, tmp_path_factory):
    out = tmp_path_factory.mktemp("out2026")
    write_data_outputs(result, out)
    return out


def test_index_follows_the_output_contract(written):
    index = pd.read_csv(written / "tables" / "index.csv", keep_default_na=False)
    assert list(index.columns) == ["table_key", "report_number", "title", "file", "test", "p_value", "page"]
    assert index.loc[index["report_number"] == "Tabel 21", "page"].item() == "03_herschikking.html#tabel-21"
    assert index.loc[index["report_number"] == "Tabel B12", "page"].item() == "bijlage_2_omzetgroep.html#tabel-b12"
    assert index["report_number"].tolist() == [f"Tabel {i}" for i in range(1, 39)] + [f"Tabel B{i}" for i in range(1, 38)]
    assert index["table_key"].is_unique
    for file in index["file"]:
        table = pd.read_csv(written / file)
        assert list(table.columns) == ["row", "column", "value", "n", "ci_low", "ci_high", "note"]


def test_every_csv_equals_what_the_library_computes(result, written):
    for key, table in result.tables.items():
        on_disk = pd.read_csv(written / "tables" / f"{key}.csv", keep_default_na=False, dtype={"row": str, "column": str})
        assert on_disk["row"].tolist() == table["row"].astype(str).tolist()
        assert on_disk["column"].tolist() == table["column"].astype(str).tolist()
        numeric = pd.to_numeric(on_disk["value"], errors="coerce")
        expected = pd.to_numeric(table["value"], errors="coerce")
        assert ((numeric - expected).abs().fillna(0) < 1e-12).all(), key


def test_significance_flags_equal_the_reports(result):
    _, tables = load_published(2026)
    flagged_in_report = set(tables.loc[tables["significance_note"].fillna("") != "", "table"])
    numbers = {t.key: t.number for t in result.layout.tables}
    flagged_here = {numbers[k] for k, t in result.tests.items() if t.significant}
    assert len(result.tests) == 32
    assert flagged_here == flagged_in_report == {"Tabel B7", "Tabel B12", "Tabel B19", "Tabel B27", "Tabel B35"}


def test_workbook_has_an_index_and_a_sheet_per_table(written):
    wb = load_workbook(next(written.glob("*.xlsx")), read_only=True)
    assert wb.sheetnames[0] == "Inhoud" and wb.sheetnames[-1] == "Data" and len(wb.sheetnames) == 77


def test_data_quality_log_lists_every_excluded_row_without_free_text(written):
    log = pd.read_csv(written / "data_quality_log.csv")
    accounting = pd.read_csv(written / "accounting.csv").set_index("step")["n"]
    assert (log["severity"] == "excluded").sum() == accounting["rows read"] - accounting["included"] == 10
    text = (written / "data_quality_log.csv").read_text()
    assert "@" not in text


def test_outputs_are_byte_identical_between_runs(result, written, tmp_path):
    write_data_outputs(result, tmp_path)
    for path in written.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / path.relative_to(written)).read_bytes(), path.name


def test_run_all_refuses_a_year_without_data():
    proc = subprocess.run([sys.executable, str(ROOT / "run_all.py"), "--year", "2019"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert ("no survey data for 2019: 2019 is not under years: in config/report.yml (python -m wlzmonitor new-year "
            "--year 2019 adds it, with its codebook and layout; docs/survey_years.md); years with data: 2024, 2025, "
            "2026") in proc.stderr


def _break(root: Path, broken: str) -> Path:
    """Spoil one input file of a copied repository the way a careless edit would."""
    path = root / broken.split("#")[0]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    edits = {
        "config/privacy.yml": lambda: text.replace("explanations_min_group: 5", "explanations_min_group: 3"),
        "config/privacy.yml#yaml": lambda: text + "\norganisations: [unclosed\n",
        "config/report.yml": lambda: text.replace("chapters:", "chapters: [\n"),
        "data/mappings/2026.yml": lambda: "year: 2026\nheader_rows: 4\n",
        "data/codebooks/2026.yml": lambda: text.replace("type: single", "type: singel", 1),
        "data/codebooks/2026.yml#yaml": lambda: text.replace("questions:", "questions: {", 1),
        "data/reports/2026/tables.yml": lambda: text.replace('question: "maatwerk"', 'question: "maatwerkk"', 1),
        "data/reports/2026/tables.yml#yaml": lambda: "year: 2026\ntables: [\n",
        "data/raw/2026/respondenten.csv": lambda: _bad_code(text),
        "data/codeframes/2026.yml": lambda: text.replace("\nquestions:\n", "\nquestions:\n  onbekende_vraag: {}\n", 1),
    }
    path.write_text(edits[broken](), encoding="utf-8")
    return path


def _bad_code(csv_text: str) -> str:
    """The export with an option code that the codebook does not have (omzet = 9) in the first row."""
    header, first, rest = csv_text.split("\n", 2)
    columns = header.split(",")
    cells = first.split(",")
    cells[columns.index("omzet")] = "9"
    return "\n".join([header, ",".join(cells), rest])


@pytest.mark.slow
@pytest.mark.parametrize("broken, message", [
    ("config/privacy.yml", "'explanations_min_group' (3) is below 'small_group_threshold' (5)"),
    ("config/privacy.yml#yaml", "not valid YAML"),
    ("config/report.yml", "not valid YAML"),
    ("data/mappings/2026.yml", "header_rows must be 1, 2 or 3, got 4"),
    ("data/codebooks/2026.yml", "singel"),
    ("data/codebooks/2026.yml#yaml", "YAML"),
    ("data/reports/2026/tables.yml", "question 'maatwerkk' is not in the codebook"),
    ("data/reports/2026/tables.yml#yaml", "not valid YAML"),
    ("data/raw/2026/respondenten.csv", "column 'omzet'"),
    ("data/codeframes/2026.yml", "onbekende_vraag"),
])
def test_run_all_names_a_broken_input_file_without_a_traceback(tmp_path, broken, message):
    import os
    import shutil

    for folder in ("config", "data", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    path = _break(tmp_path, broken)
    proc = subprocess.run([sys.executable, str(ROOT / "run_all.py"), "--year", "2026"], capture_output=True,
                          text=True, env={**os.environ, "WLZ_MONITOR_ROOT": str(tmp_path)})
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and str(path) in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def _run_all_module():
    """run_all.py loaded as a module, so its main() runs in this process."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_all_under_test", ROOT / "run_all.py")
    run_all = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_all)
    return run_all


@pytest.mark.parametrize(("error", "said", "not_said"), [
    # Review: a full disk during the run ended in an OSError traceback from write_index (the output
    # itself stayed as it was): the run says what happened and where, exit 1.
    ((errno.ENOSPC, "No space left on device", "/uit/.2026.partial/index.html"),
     "could not write its files: No space left on device (/uit/.2026.partial/index.html)", "check that file"),
    # Hostile review: a folder where the codeframe goes ended in 'could not write its files … make
    # room'. A read that fails for another reason than room or permission says so.
    ((errno.EIO, "Input/output error", "data/raw/2026/respondenten.csv"),
     "could not read or write a file: Input/output error (data/raw/2026/respondenten.csv)", "make room"),
    # Review: a file-size limit (ulimit -f, a quota on file size) was "could not read or write a
    # file ... check that file": it is a matter of room like a full disk.
    ((errno.EFBIG, "File too large", "/uit/.2026.partial/wlz_monitor_2026.pdf"),
     "could not write its files: File too large (/uit/.2026.partial/wlz_monitor_2026.pdf)", "check that file"),
], ids=["full disk", "input/output error", "file-size limit"])
def test_a_system_error_ends_in_a_message_that_fits_it(monkeypatch, capsys, error, said, not_said):
    from wlzmonitor.run import report_run

    run_all = _run_all_module()

    def failing(*args, **kwargs):
        raise OSError(*error)

    monkeypatch.setattr(report_run, "build_report", failing)
    assert run_all.main(["--year", "2026"]) == 1
    err = capsys.readouterr().err
    assert said in err and "left as it was" in err
    assert not_said not in err and "Traceback" not in err


def test_running_out_of_memory_ends_in_a_message(monkeypatch, capsys):
    """Hostile review: an export of a few hundred megabytes of one column ended in a MemoryError
    traceback (run_all and check-export)."""
    from wlzmonitor import cli
    from wlzmonitor.run import report_run

    run_all = _run_all_module()

    def too_much(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(report_run, "build_report", too_much)
    assert run_all.main(["--year", "2026"]) == 1
    assert "ran out of memory" in capsys.readouterr().err
    monkeypatch.setattr(cli, "check_export", too_much)
    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    for action in parser._subparsers._group_actions[0].choices.values():  # the command's function
        if action.get_default("func") is not None and action.prog.endswith("check-export"):
            action.set_defaults(func=too_much)
    assert cli.main(["check-export", "--year", "2026", "x.csv"]) == 1
    err = capsys.readouterr().err
    assert "check-export: ran out of memory" in err and "Traceback" not in err


def test_a_command_piped_into_head_ends_quietly():
    """Review: `check-export … | head` ended in a BrokenPipeError traceback."""
    proc = subprocess.run(f"{sys.executable} -m wlzmonitor check-export --year 2026 "
                          f"{ROOT / 'data' / 'raw' / '2026' / 'respondenten.csv'} | head -1",
                          shell=True, capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.startswith("mapping:") and "Traceback" not in proc.stderr and "Broken" not in proc.stderr


@pytest.mark.parametrize("workers", ["0", "-1", "twee"])
def test_run_all_refuses_a_number_of_workers_that_is_none(workers, capsys):
    """Review: --workers 0 ran on every core and --workers -1 on one, without a word."""
    run_all = _run_all_module()
    with pytest.raises(SystemExit) as stopped:
        run_all.parse_args(["--year", "2026", "--workers", workers])
    assert stopped.value.code == 2 and "--workers" in capsys.readouterr().err
    assert run_all.parse_args(["--year", "2026", "--workers", "3"]).workers == 3
