"""`by:` in a report layout breaks a table down by a variable's groups: only a single-choice table (by omzetgroep)
and the NPS per group (Tabel 38, by uitvoerder) are computed per group. On any other kind it was ignored and the
table printed the whole sample under a breakdown's place (review h116); it is now an error naming the table."""

from __future__ import annotations

import copy

import pytest
import yaml

from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.layout import LayoutError, load_layout


@pytest.fixture(scope="module")
def layout_2026() -> dict:
    return yaml.safe_load(load_config().sources(2026).layout.read_text(encoding="utf-8"))


def _with(tmp_path, layout: dict, kind: str, change: dict):
    """The layout (a copy) with the first table of `kind` changed (a field set to None is left out)."""
    data = copy.deepcopy(layout)
    table = next(t for t in data["tables"] if t["kind"] == kind)
    table.update(change)
    for name in [k for k, v in table.items() if v is None]:
        del table[name]
    path = tmp_path / "tables.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, table["key"]


@pytest.mark.parametrize("kind", ["multi", "matrix_share", "scale_means", "numeric", "nps"])
def test_by_on_a_table_that_is_not_broken_down_is_an_error(tmp_path, layout_2026, kind):
    path, key = _with(tmp_path, layout_2026, kind, {"by": "omzetgroep"})
    with pytest.raises(LayoutError) as info:
        load_layout(path)
    message = str(info.value)
    assert f"({key})" in message and str(path) in message
    assert f"'by: omzetgroep' breaks down only a table of kind nps_by or single; a {kind} table" in message


def test_an_nps_table_per_group_needs_by(tmp_path, layout_2026):
    path, key = _with(tmp_path, layout_2026, "nps_by", {"by": None})
    with pytest.raises(LayoutError, match=rf"\({key}\): a table of kind nps_by needs 'by'"):
        load_layout(path)


def test_the_published_layouts_break_down_single_and_nps_by_tables_only():
    for year in (2024, 2025, 2026):
        layout = load_layout(load_config().sources(year).layout)
        assert {t.kind for t in layout.tables if t.by} <= {"single", "nps_by"}, year
        assert any(t.by for t in layout.tables), year
