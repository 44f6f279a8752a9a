"""Review h125 of four changes of 2026-12-06: 'by' in a layout (spec/layout._check_breakdown,
missing_questions, year_rules.check_layout) and the header cell without a name (inputs/reading._check_header)."""

from __future__ import annotations

import copy
import time
from dataclasses import replace

import pytest
import yaml

from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export
from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.layout import LayoutError, layout_for_year, load_layout, missing_questions


@pytest.fixture(scope="module")
def layout_2026() -> dict:
    return yaml.safe_load(load_config().sources(2026).layout.read_text(encoding="utf-8"))


def _with(tmp_path, layout: dict, change: dict, kind: str = "single"):
    data = copy.deepcopy(layout)
    table = next(t for t in data["tables"] if t["kind"] == kind and (kind != "single" or t.get("by")))
    table.update(change)
    path = tmp_path / "tables.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, table


@pytest.mark.parametrize("kind", ["multi", "single", "nps_by"])
def test_an_empty_by_is_an_error(tmp_path, layout_2026, kind):
    """'by: ""' on a multi table passed the new check as no breakdown at all."""
    path, table = _with(tmp_path, layout_2026, {"by": ""}, kind)
    with pytest.raises(LayoutError, match=rf"\({table['key']}\): 'by' is empty"):
        load_layout(path)


def test_by_its_own_question_is_an_error(tmp_path, layout_2026):
    """A single table broken down by its own question printed 100% on the diagonal and 0% elsewhere."""
    path, table = _with(tmp_path, layout_2026, {})
    path, table = _with(tmp_path, layout_2026, {"by": table["question"]})
    with pytest.raises(LayoutError, match=rf"\({table['key']}\): 'by: {table['question']}' breaks the table down "
                                          "by its own question"):
        load_layout(path)


@pytest.mark.parametrize("by, kind", [("zorgkantoren", "multi"), ("kwaliteit_dialoog", "matrix"),
                                      ("productieafspraak", "numeric"), ("nps", "nps")])
def test_by_a_question_that_has_no_groups_names_the_table(by, kind):
    """A multi or matrix question as 'by' gave a bare KeyError('zorgkantoren') when the table was computed;
    a numeric one "has no answer options", neither naming the table."""
    cb = codebook_for_year(2026)
    layout = layout_for_year(2026)
    spec = next(t for t in layout.tables if t.kind == "single" and t.by)
    changed = replace(layout, tables=tuple(replace(t, by=by) if t is spec else t for t in layout.tables))
    problems = missing_questions(changed, cb)
    assert problems == [f"line {spec.line}: {spec.where}: by '{by}' is a {kind} question: a table is broken down "
                        "by a derived variable or a single-choice question (one group per option)"]


def test_the_published_layouts_break_down_by_groups():
    for year in (2024, 2025, 2026):
        assert missing_questions(layout_for_year(year), codebook_for_year(year)) == [], year


def _said(path) -> str:
    with pytest.raises(ExportError) as info:
        read_export(path)
    return str(info.value)


def test_a_long_header_cell_before_an_empty_one_is_named_by_its_length_quickly(tmp_path):
    """The name before an empty header cell was scanned whole for personal data (17 s for 10 MB) to quote
    60 characters of it."""
    name = "Opmerking " + "x" * 2_000_000
    path = tmp_path / "export.csv"
    path.write_text(f"respondent_id,{name},,nps\nR1,a,b,8\n", encoding="utf-8")
    start = time.perf_counter()
    said = _said(path)
    assert time.perf_counter() - start < 2
    assert f"column 3 (after a column whose name has {len(name)} characters) of the header has no name" in said


@pytest.mark.parametrize("name, kind", [("jan.devries@zorg-de-linde.nl", "an e-mail address"),
                                        ("Bel 06-12345678", "a value that looks like a phone number")])
def test_a_personal_header_before_an_empty_one_is_not_quoted(tmp_path, name, kind):
    path = tmp_path / "export.csv"
    path.write_text(f"respondent_id,{name},,nps\nR1,a,b,8\n", encoding="utf-8")
    said = _said(path)
    assert f"column 3 (after {kind})" in said and "06-1234" not in said and "devries" not in said


def test_the_first_header_cell_empty_names_no_column_before_it(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(",,respondent_id,nps\nR1,a,b,8\n", encoding="utf-8")
    said = _said(path)
    assert ": column 1 of the header has no name;" in said


def test_by_a_derived_variable_made_from_the_tables_own_question_names_the_table():
    """Review h127: 'by: omzetgroep' on the table of omzet (omzetgroep is made from omzet) gave a table of 100%
    and 0% without a word, as 'by' naming the table's own question did before it was refused."""
    cb = codebook_for_year(2026)
    layout = layout_for_year(2026)
    source = next(d for d in cb.derived if d.key == "omzetgroep").source
    spec = next(t for t in layout.tables if t.kind == "single" and t.by == "omzetgroep")
    own = replace(spec, question=source)
    changed = replace(layout, tables=tuple(own if t is spec else t for t in layout.tables))
    assert missing_questions(changed, cb) == [
        f"line {spec.line}: {own.where}: by 'omzetgroep' is made from the table's own question '{source}': each "
        "group holds the answers of one option (a table of 100% and 0%); break it down by another variable"]
    assert missing_questions(layout, cb) == []  # by omzetgroep on other questions' tables: as before
