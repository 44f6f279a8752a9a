"""Adding a survey year (README: "Adding a new year") works: a small made-up 2027 wave.

The steps of the README, in a temporary repository view: copy the 2026 codebook and change one
question (new wording, `changes: {2026: ...}`), copy the layout with 2027 as the new column and
the note under the changed table, drop an export, add the year to config/report.yml. The pipeline
then computes the 2027 tables with 2026 beside them, aligned by stable key, the change noted and
not tested; unchanged questions get the year-on-year test.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from wlzmonitor.spec.config import load_config
from wlzmonitor.compute.year_result import earlier_years, load_year_result
from wlzmonitor.run.data_outputs import write_data_outputs
from wlzmonitor.compute.trends import TEST_NAME

ROOT = Path(__file__).resolve().parents[1]
KEEP = ["maatwerk", "tevredenheid_tarief", "hardheidsclausule", "eisen_zorgkantoor", "nps"]
NEW_TEXT = "Heeft u het zorgkantoor gevraagd om maatwerk voor een hoger tariefpercentage?"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    data = root / "data"
    for rel in ("codebooks/2026.yml", "reports/2026/tables.yml", "raw/2026/respondenten.csv"):
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "data" / rel, data / rel)
    shutil.copytree(ROOT / "config", root / "config")

    # 1. codebook: copy 2026, change one question's wording and say how it changed
    text = (ROOT / "data" / "codebooks" / "2026.yml").read_text(encoding="utf-8")
    text = text.replace("year: 2026", "year: 2027", 1).replace(
        'title: "Enquête Wlz-zorgcontractering 2026"', 'title: "Enquête Wlz-zorgcontractering 2027"', 1)
    old = "Heeft u bij het zorgkantoor om maatwerk verzocht om tot een hoger tariefpercentage te komen?"
    assert text.count(old) == 1
    text = text.replace(f'text: "{old}"', f'text: "{NEW_TEXT}"\n    changes: {{2026: "gewijzigde vraagstelling"}}')
    (data / "codebooks" / "2027.yml").write_text(text, encoding="utf-8")

    # 2. layout: copy 2026, 2027 the new column, the note under the changed table
    layout = yaml.safe_load((ROOT / "data" / "reports" / "2026" / "tables.yml").read_text(encoding="utf-8"))
    tables = []
    for t in layout["tables"]:
        if t["key"] not in KEEP:
            continue
        t["columns"] = [c for c in t["columns"] if c >= 2025] + [2027]
        if t["key"] == "maatwerk":
            t["note"] = "gewijzigde vraagstelling"
        tables.append(t)
    (data / "reports" / "2027").mkdir(parents=True)
    (data / "reports" / "2027" / "tables.yml").write_text(
        yaml.safe_dump({"year": 2027, "tables": tables}, allow_unicode=True, sort_keys=False), encoding="utf-8")

    # 3. the export: a small wave (every second of the first 120 rows of the 2026 demo export)
    export = pd.read_csv(ROOT / "data" / "raw" / "2026" / "respondenten.csv", dtype=str, keep_default_na=False)
    (data / "raw" / "2027").mkdir(parents=True)
    export.head(120).iloc[::2].to_csv(data / "raw" / "2027" / "respondenten.csv", index=False, lineterminator="\n")

    # 4. the control panel: 2026 and 2027
    config = (root / "config" / "report.yml").read_text(encoding="utf-8")
    config = re.sub(r"years:\n(  .*\n|    .*\n)+", (
        "years:\n"
        "  2026: {export: data/raw/2026/respondenten.csv, codebook: data/codebooks/2026.yml, "
        "layout: data/reports/2026/tables.yml, published: data/published/2026}\n"
        "  2027: {export: data/raw/2027/respondenten.csv, codebook: data/codebooks/2027.yml, "
        "layout: data/reports/2027/tables.yml, published: data/published/2027}\n"), config)
    (root / "config" / "report.yml").write_text(config, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def result(root):
    load_config.cache_clear()
    return load_year_result(2027, load_config(root))


def _shares(series: pd.Series, codes) -> dict:
    answered = series.dropna()
    return {code: 100.0 * int((answered == code).sum()) / len(answered) for code in codes}


def test_2027_beside_2026_aligned_by_key(root, result):
    config = load_config(root)
    assert earlier_years(2027, result.layout, config) == [2026]
    survey_2026 = result.history.surveys[2026]
    assert len(result.survey.responses) < 60 < len(survey_2026.responses)
    for key in ("maatwerk", "tevredenheid_tarief"):
        table = result.tables[key]
        assert list(dict.fromkeys(table["column_code"])) == [2026, 2027]  # 2025: no data, nothing published
        for year, survey in ((2027, result.survey), (2026, survey_2026)):
            own = table[table["column_code"] == year].set_index("row_code")["value"].to_dict()
            assert own == pytest.approx(_shares(survey.responses[key].astype(float), own))
            assert 0 < own[1] < 100


def test_the_changed_question_is_noted_and_not_tested(result):
    assert result.codebook.question("maatwerk").text == NEW_TEXT
    assert result.codebook.question("maatwerk").changes == {2026: "gewijzigde vraagstelling"}
    assert result.layout.table("maatwerk").note == "gewijzigde vraagstelling"
    tested = set(result.changes["table_key"])
    assert "maatwerk" not in tested
    assert {"tevredenheid_tarief", "hardheidsclausule", "eisen_zorgkantoor"} <= tested
    assert set(result.changes["test"]) == {TEST_NAME}
    assert set(result.changes["previous"]) == {"2026"}


def test_2027_outputs_without_a_published_report(result, tmp_path):
    assert result.reproduction is None
    index = write_data_outputs(result, tmp_path)
    assert list(index["table_key"]) == KEEP
    tidy = pd.read_csv(tmp_path / "tables" / "maatwerk.csv")
    assert list(tidy.columns) == ["row", "column", "value", "n", "ci_low", "ci_high", "note"]
    assert sorted(set(tidy["column"].astype(str))) == ["2026", "2027"]
