"""A mapping's row rules read a cell written with a spreadsheet's text prefix (``'R0004``, ``'30``) as validation
reads it (review h152 took the apostrophe off ids and code or number cells): an ``exclude`` rule on an id missed the
row whose id was written ``'2`` -- which validation then kept as respondent 2 -- and a ``below: 60`` spam rule read
``'30`` as no number. Every test failed on the code before this change."""

from __future__ import annotations

import numpy as np
import pytest

from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.row_rules import completion_word, parse_condition, without_text_prefix
from wlzmonitor.inputs.survey import load_survey

from mini_export import base_rows, write_rows
from test_export_review_h99 import MINI, _status_export


def _cells(*texts: str):
    return lambda header: (np.array(texts, dtype=object), np.array([""] * len(texts), dtype=object))


@pytest.mark.parametrize("rule, texts, hits", [
    ({"column": "id", "in": ["R0004"]}, ("'R0004", "R0004", "R00045", "''R0004"), [True, True, False, True]),
    ({"column": "id", "not_in": ["R0004"]}, ("'R0004", "R0005"), [False, True]),
    ({"column": "id", "matches": "^R000[0-9]$"}, ("'R0004", "xR0004"), [True, False]),
    ({"column": "Status", "in": ["1"]}, ("'1", "'1.0", "'01", "'2"), [True, True, True, False]),
    ({"column": "Duration", "below": 60}, ("'30", "' 30", "'90", "30"), [True, True, False, True]),
    ({"column": "Progress", "at_least": 100}, ("'100", "'100%", "'99"), [True, True, False]),
    ({"column": "submitdate", "filled": True}, ("'", "' ", "'2026-01-05", ""), [False, False, True, False]),
    # a value that begins with an apostrophe of its own is still found as written
    ({"column": "plaats", "in": ["'s-Hertogenbosch"]}, ("'s-Hertogenbosch", "s-Hertogenbosch"), [True, False]),
])
def test_a_rule_reads_a_cell_with_and_without_its_text_prefix(rule, texts, hits):
    assert parse_condition(rule, "exclude 1").evaluate(_cells(*texts)).tolist() == hits


def test_the_prefix_is_taken_off_as_validation_takes_it_off_an_id():
    assert [without_text_prefix(t) for t in ("'R0004", "''R0004 ", "'", "R0004", "a'b", "")] == [
        "R0004", "R0004", "", "R0004", "a'b", ""]
    assert [completion_word(t) for t in ("'1", "'0", "'WAAR", "'x")] == ["finished", "unfinished", "finished", None]


def test_an_exclude_rule_on_an_id_finds_it_written_with_the_prefix(tmp_path):
    rows = base_rows()
    rows[1]["respondent_id"] = "'2"
    path = write_rows(tmp_path / "export.csv", rows, MINI.columns())
    (tmp_path / "m.yml").write_text("year: 2099\nexclude:\n  - {column: respondent_id, in: ['2'], reason: test}\n",
                                    encoding="utf-8")
    s = load_survey(path, MINI, mapping=tmp_path / "m.yml")
    assert s.responses.index.tolist() == ["1", "10"]
    assert [(f.row, f.severity) for f in s.log.findings if f.severity == "excluded"] == [(3, "excluded")]


@pytest.mark.parametrize("column, value, n", [("Duration", "'30", 2), ("Progress", "'100", 3), ("Progress", "'99", 2)])
def test_a_number_rule_reads_a_number_with_the_prefix(tmp_path, column, value, n):
    s = load_survey(_status_export(tmp_path, column, value), MINI, mapping=tmp_path / "m.yml")
    assert s.n == n and s.rows_read == 3


def test_a_number_rule_on_a_prefixed_cell_that_is_no_number_is_still_an_error(tmp_path):
    with pytest.raises(ExportError) as ei:
        load_survey(_status_export(tmp_path, "Duration", "'n.v.t."), MINI, mapping=tmp_path / "m.yml")
    [f] = ei.value.findings
    assert (f.row, f.column, f.severity) == (3, "Duration", "error")
    assert "which is no number" in f.issue
