"""The data stage of run_all.py: tables, index, workbook, logs; determinism; errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from wlzmonitor.compute.year_result import load_year_result
from wlzmonitor.run.data_outputs import write_data_outputs
from wlzmonitor.spec.published import load_published

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def result():
    return load_year_result(2026)


@pytest.fixture(scope="module")
def written(result, tmp_path_factory):
    out = tmp_path_factory.mktemp("out2026")
    write_data_outputs(result, out)
    return out


def test_index_follows_the_output_contract(written):
    index = pd.read_csv(written / "tables" / "index.csv", keep_default_na=False)
    assert list(index.columns) == ["table_key", "report_number", "title", "file", "test", "p_value"]
    assert index["report_number"].tolist() == [f"Tabel {i}" for i in range(1, 39)] + [f"Tabel B{i}" for i in range(1, 38)]
    assert index["table_key"].is_unique
    for file in index["file"]:
        table = pd.read_csv(written / file)
        assert list(table.columns) == ["row", "column", "value", "n", "ci_low", "ci_high"]


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
    assert wb.sheetnames[0] == "Inhoud" and len(wb.sheetnames) == 76


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
    assert "no survey data for 2019; years with data: 2024, 2025, 2026" in proc.stderr


@pytest.mark.parametrize("broken, message", [
    ("config/privacy.yml", "'explanations_min_group' (3) is below 'small_group_threshold' (5)"),
    ("data/mappings/2026.yml", "header_rows must be 1 or 2, got 3"),
])
def test_run_all_names_a_broken_configuration_file_without_a_traceback(tmp_path, broken, message):
    import os
    import shutil

    for folder in ("config", "data", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    path = tmp_path / broken
    if broken.endswith("privacy.yml"):
        path.write_text(path.read_text(encoding="utf-8").replace("explanations_min_group: 5",
                                                                 "explanations_min_group: 3"), encoding="utf-8")
    else:
        path.write_text("year: 2026\nheader_rows: 3\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(ROOT / "run_all.py"), "--year", "2026"], capture_output=True,
                          text=True, env={**os.environ, "WLZ_MONITOR_ROOT": str(tmp_path)})
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and str(path) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "outputs" / "2026").exists()
