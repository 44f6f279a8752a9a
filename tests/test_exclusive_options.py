"""An option of a multi question that excludes the others (codebook ``exclusive: true``, e.g. vraag 37's
"Niet van toepassing"): the codebook says so, the loader warns per row where it is ticked together with
another option and keeps the answers as given; nowhere else may the key stand (docs/data_contracts.md §1)."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
import yaml

from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook import CodebookError
from wlzmonitor.spec.codebook_parse import codebook_for_year, load_codebook
from wlzmonitor.spec.config import load_config

YEAR = 2026
KEY = "herschikking_knelpunten"


@pytest.fixture(scope="module")
def raw_codebook() -> dict:
    return yaml.safe_load(load_config().sources(YEAR).codebook.read_text(encoding="utf-8"))


def _question(data: dict, key: str) -> dict:
    return next(q for q in data["questions"] if q["key"] == key)


def _load_error(tmp_path, data: dict) -> str:
    path = tmp_path / "codebook.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    return str(info.value)


def test_the_codebooks_mark_niet_van_toepassing_of_vraag_37_exclusive():
    for year in (2025, 2026):
        question = next(q for q in codebook_for_year(year).questions if q.key == KEY)
        assert [o.code for o in question.options if o.exclusive] == [5], year
        assert question.options[4].label == "Niet van toepassing"


def test_exclusive_must_be_true_or_false(tmp_path, raw_codebook):
    data = copy.deepcopy(raw_codebook)
    _question(data, KEY)["options"][4]["exclusive"] = "ja"
    assert "option 5: exclusive must be true or false, got 'ja'" in _load_error(tmp_path, data)


@pytest.mark.parametrize("where", ["single", "derived"])
def test_exclusive_stands_only_on_an_option_of_a_multi_question(tmp_path, raw_codebook, where):
    data = copy.deepcopy(raw_codebook)
    if where == "single":
        question = next(q for q in data["questions"] if q.get("type") == "single")
        question["options"][0]["exclusive"] = True
    else:
        data["derived"][0]["options"][0]["exclusive"] = True
    assert "'exclusive' is for an option of a multi question" in _load_error(tmp_path, data)


def export_with(tmp_path, ticks: list[dict[int, int]], codebook=None) -> tuple:
    """The demo export read with `codebook` (default: 2026's), where the n-th row asked vraag 37 (0-based; not a
    row sent twice) ticks the options of ``ticks[n]`` (code -> 1; the options it leaves out: 0); the survey and
    those rows' (spreadsheet row, respondent id). Shared with tests/test_review_h122.py."""
    codebook = codebook or codebook_for_year(YEAR)
    raw = pd.read_csv(load_config().sources(YEAR).export, dtype=str, keep_default_na=False)
    once = ~raw[codebook.id_column].duplicated(keep=False)  # (the demo export holds a row sent twice)
    asked = raw.index[(raw[f"{KEY}__1"] != "") & once]
    rows = []
    for position, options in zip(asked, ticks):
        for code in range(1, 6):
            raw.loc[position, f"{KEY}__{code}"] = str(options.get(code, 0))
        rows.append((position + 2, raw.loc[position, codebook.id_column]))  # spreadsheet row: header + 1-based
    path = tmp_path / "export.csv"
    raw.to_csv(path, index=False)
    return load_survey(path, codebook), rows


def _exclusive_findings(survey) -> list:
    return [f for f in survey.log.findings if "excludes the others" in f.issue]


def test_ticked_with_another_option_it_is_warned_per_row_and_kept_as_given(tmp_path):
    survey, rows = export_with(tmp_path, [{2: 1, 3: 1, 5: 1}, {5: 1}])
    found = _exclusive_findings(survey)
    assert [(f.row, f.column, f.severity) for f in found] == [(rows[0][0], f"{KEY}__5", "warning")]
    assert found[0].issue == "option 5 (Niet van toepassing) excludes the others, but option(s) 2, 3 were ticked too"
    assert found[0].expected == "option 5 alone, or other options without it"
    assert found[0].action.startswith("kept as given")
    kept = survey.responses.loc[rows[0][1]]  # counted under every option ticked
    assert (kept[f"{KEY}__5"], kept[f"{KEY}__2"], kept[f"{KEY}__3"]) == (1, 1, 1)
    assert rows[1][1] in survey.responses.index  # alone: nothing to say


def test_the_demo_exports_have_no_such_rows():
    for year in (2025, 2026):
        survey = load_survey(load_config().sources(year).export, codebook_for_year(year))
        assert _exclusive_findings(survey) == [], year
