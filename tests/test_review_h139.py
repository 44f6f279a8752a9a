"""Review h139: bugs found in the changes of reviews h134–h138.

Each test failed on the code before this review (checked by running it with lib/ as it was).
"""

from __future__ import annotations

import dataclasses
import types
from pathlib import Path

import pandas as pd

from wlzmonitor.inputs.quality_log import DataQualityLog, Finding
from wlzmonitor.spec.config import load_config


# --------------------------------------------------------------------------------------------
# 1. the data-quality log's export labels (review h135) asked config.year() of every configured year, which
# refuses a year without an export: a year of published figures only (config/report.yml's own comment: "other
# earlier years are published figures") made every run fail at writing data_quality_log.csv

def test_the_data_outputs_are_written_when_an_earlier_year_has_no_export(tmp_path, monkeypatch):
    from wlzmonitor.run import data_outputs

    config = load_config()
    years = dict(config.years)
    years[2024] = dataclasses.replace(years[2024], export=config.root / "data" / "raw" / "2024" / "not_here.csv")
    config = dataclasses.replace(config, years=years)
    for name in ("write_tables", "write_workbook", "write_statistics_files"):  # (not what this test is about)
        monkeypatch.setattr(data_outputs, name, lambda *a, **k: pd.DataFrame())
    export = str(config.years[2026].export)
    log = DataQualityLog([Finding(export, 3, "R0001", "omzet", None, "warning", "got 'x'", None, None)])
    result = types.SimpleNamespace(
        year=2026, privacy=types.SimpleNamespace(small_group_action="note", small_group_threshold=5),
        small_groups={}, layout=types.SimpleNamespace(tables=[]), tables={}, codebook=None, tests={}, weights=None,
        changes=pd.DataFrame(), settings=types.SimpleNamespace(confidence=0.95), reproduction=None,
        survey=types.SimpleNamespace(log=log, accounting=pd.DataFrame()))
    data_outputs.write_data_outputs(result, tmp_path, config)
    written = pd.read_csv(tmp_path / "data_quality_log.csv", dtype=str, keep_default_na=False)
    assert list(written["file"]) == ["export 2026"]


# --------------------------------------------------------------------------------------------
# 2. a nameless first column of 1, 2, 3, … is left out as a row index since review h134; where they were the
# respondent ids whose header cell was emptied, the error said only that the id column was missing and to add
# it (before h134: that column 1 had no name), the warning naming the column never on screen

def test_ids_1_to_n_in_a_nameless_first_column_are_named_where_the_id_column_is_missing(tmp_path):
    import pytest
    from wlzmonitor.demo.generator import demo_export_path
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.spec.codebook_parse import codebook_for_year

    cb = codebook_for_year(2026)
    frame = pd.read_csv(demo_export_path(2026), dtype=str, keep_default_na=False)
    frame[cb.id_column] = [str(k + 1) for k in range(len(frame))]
    path = tmp_path / "ids.csv"
    frame.rename(columns={cb.id_column: ""}).to_csv(path, index=False)
    with pytest.raises(ExportError) as err:
        load_survey(path, cb, mapping=None)
    (f,) = err.value.findings
    assert f.column == cb.id_column and f.issue == "missing expected column"
    assert "column 1, without a name, holds only 1, 2, 3, … and was left out as a row index" in f.expected
    assert f.action == f"if the numbers in column 1 are the respondent ids, give that column the name '{cb.id_column}'"
    assert "column 1, without a name" in str(err.value)
