"""Review h146: a group of Tabel 38 (uitvoerder 'Overig') that the 2027 codebook no longer has (review h138 gave
it a column of its own, marked ‡).

1. Its figures **carried** from another report (a year without an export, as the 2021-2023 series) were left
   out of that column without a word: now they are in it, under the group's name.
2. A group whose years come from different sources (an export under the codebook's name, a report under its
   printed label, or renamed with ``was`` between two earlier years) got a column per spelling: now one
   column, and two different figures of one group and year are an error naming the table, group and year.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from new_wave import YEAR
from test_new_wave_review_h116 import OVERIG
from test_vanished_groups_h138 import _drop_overig
from test_wave_review import _copy, wave  # noqa: F401  (wave: a fixture)
from wlzmonitor.compute.report_tables import GroupSourceError, compute_table, vanished_groups
from wlzmonitor.compute.year_result import configured_codebooks, earlier_surveys, read_survey, year_history
from wlzmonitor.present.table_html import vanished_group_note
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.layout import load_layout, resolve_layout

NPS_2025_OVERIG = 2 / 9 * 100 - 0.0  # the 2025 export's Overig: NPS +22,2 (computed, unrounded)
NPS_2026_OVERIG = 1 / 9 * 100  # the 2026 export's Overig: +11,1


def _without_export(root, year: int) -> None:
    """``year`` without an export: its figures come from the reports that printed them (carried)."""
    (root / "data" / "raw" / str(year) / "respondenten.csv").unlink()


def _with_nps_2024(root) -> None:
    """The 2027 Tabel 38 prints the NPS of 2024 too (the 2026 report printed it per uitvoerder)."""
    path = root / "data" / "reports" / str(YEAR) / "tables.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  - Fans\n  - NPS 2025\n") == 1
    path.write_text(text.replace("  - Fans\n  - NPS 2025\n", "  - Fans\n  - NPS 2024\n  - NPS 2025\n"),
                    encoding="utf-8")


def _parts(root):
    load_config.cache_clear()
    config = load_config(root)
    sources = config.year(YEAR)
    codebook = load_codebook(sources.codebook)
    layout = resolve_layout(load_layout(sources.layout), codebook)
    history = year_history(YEAR, layout, sources, earlier_surveys(YEAR, layout, config),
                           configured_codebooks(YEAR, codebook, config), config)
    spec = next(t for t in layout.tables if t.kind == "nps_by")
    return spec, read_survey(sources, codebook, config), history, codebook


def _grid(table: pd.DataFrame) -> dict:
    """column label -> row -> value (NaN as None)."""
    out: dict = {}
    for r in table.itertuples():
        out.setdefault(str(r.column), {})[str(r.row)] = None if pd.isna(r.value) else round(float(r.value), 4)
    return out


# -- 1. carried figures of a vanished group -----------------------------------------------------------
def test_a_vanished_groups_carried_figures_are_in_its_column(wave, tmp_path):
    """2024 without an export: the 2027 Tabel 38's NPS 2024 is the 2026 report's. 'Overig' (dropped in 2027)
    showed its computed 2025/2026 NPS but not its carried 2024 one (-20), silently."""
    root = _copy(wave, tmp_path)
    _drop_overig(root)
    _with_nps_2024(root)
    _without_export(root, 2024)
    spec, survey, history, codebook = _parts(root)
    table = compute_table(spec, survey, history)
    grid = _grid(table)
    assert list(table["column"].cat.categories) == ["Zilveren Kruis", "CZ", "Menzis", "VGZ", "Overig", "Totaal"]
    assert grid["Overig"] == {"Critici": None, "Neutralen": None, "Fans": None, "NPS 2024": -20.0,
                              "NPS 2025": round(NPS_2025_OVERIG, 4), "NPS 2026": round(NPS_2026_OVERIG, 4),
                              f"NPS {YEAR}": None, "Totaal (N)": None}, grid["Overig"]
    # the other groups' carried 2024 figures as the 2026 report printed them, each in its own column
    assert {c: grid[c]["NPS 2024"] for c in grid} == {"Zilveren Kruis": 0.0, "CZ": -12.0, "Menzis": -7.0,
                                                     "VGZ": 13.0, "Overig": -20.0, "Totaal": -3.0}
    assert vanished_groups(spec, table, codebook) == ["Overig"]
    assert vanished_group_note(spec, table, codebook) == (
        '<p class="note">‡ Niet meer gevraagd in 2027: de groep ‘Overig’ komt in de vragenlijst van 2027 '
        'niet meer voor; de kolom toont alleen de cijfers van eerdere jaren (– in 2027).</p>')


# -- 2. one column per group, whatever the source of each year ---------------------------------------
def _rename_in_2026(root) -> None:
    """2026's codebook calls 2025's 'Overig' (code 5) 'Overige uitvoerders', was: {2025: 5}."""
    path = root / "data" / "codebooks" / "2026.yml"
    text = path.read_text(encoding="utf-8")
    line = '      - {code: 5, label: "Overig"}\n'
    assert text.count(line) == 1
    path.write_text(text.replace(line, '      - {code: 5, label: "Overige uitvoerders", was: {2025: 5}}\n'),
                    encoding="utf-8")


def test_a_group_renamed_between_earlier_years_keeps_one_column(wave, tmp_path):
    """'Overig' (2025) renamed 'Overige uitvoerders' (2026, was: {2025: 5}), gone in 2027: its
    2025 NPS (the 2025 export) and its 2026 NPS (the 2026 export) were two columns, each half empty."""
    root = _copy(wave, tmp_path)
    _drop_overig(root)
    _rename_in_2026(root)
    spec, survey, history, codebook = _parts(root)
    table = compute_table(spec, survey, history)
    grid = _grid(table)
    assert list(table["column"].cat.categories) == ["Zilveren Kruis", "CZ", "Menzis", "VGZ",
                                                    "Overige uitvoerders", "Totaal"]
    assert grid["Overige uitvoerders"] == {
        "Critici": None, "Neutralen": None, "Fans": None, "NPS 2025": round(NPS_2025_OVERIG, 4),
        "NPS 2026": round(NPS_2026_OVERIG, 4), f"NPS {YEAR}": None, "Totaal (N)": None}
    assert vanished_groups(spec, table, codebook) == ["Overige uitvoerders"]


def test_a_renamed_groups_carried_year_joins_its_computed_years(wave, tmp_path):
    """As above, 2024 without an export (the 2026 report's NPS 2024, printed under 'Overig'): all three years
    in the one column 'Overige uitvoerders'."""
    root = _copy(wave, tmp_path)
    _drop_overig(root)
    _rename_in_2026(root)
    _with_nps_2024(root)
    _without_export(root, 2024)
    spec, survey, history, codebook = _parts(root)
    grid = _grid(compute_table(spec, survey, history))
    assert list(grid) == ["Zilveren Kruis", "CZ", "Menzis", "VGZ", "Overige uitvoerders", "Totaal"]
    assert [grid["Overige uitvoerders"][f"NPS {y}"] for y in (2024, 2025, 2026, YEAR)] == [
        -20.0, round(NPS_2025_OVERIG, 4), round(NPS_2026_OVERIG, 4), None]


def _published_2024(spec, history, overig: list[tuple[int, str, float]]):
    """The 2027 report's own NPS 2024 per group, its 'Overig' under a code and label of the layout's own."""
    printed = [(1, "Zilveren Kruis", 0.0), (2, "CZ", -12.0), (3, "Menzis", -7.0), (4, "VGZ", 13.0),
               *overig, ("Totaal", "Totaal", -3.0)]
    cells = pd.DataFrame([{"table_key": spec.key, "table": spec.number, "row": "NPS 2024", "column": label,
                           "value": value, "row_code": "NPS 2024", "column_code": code}
                          for code, label, value in printed])
    return history.__class__(cells, {}, surveys=history.surveys, carried=history.carried,
                             code_maps=history.code_maps, group_names=history.group_names)


def test_a_published_and_a_computed_year_of_a_group_share_its_column(wave, tmp_path):
    """2024 printed by the year's own report under 'overig ' (code 9 of its layout), 2025/2026 computed under
    the codebook's 'Overig': two columns, 'overig ' holding 2024 only and 'Overig' 2025/2026 only."""
    root = _copy(wave, tmp_path)
    _drop_overig(root)
    _with_nps_2024(root)
    _without_export(root, 2024)
    spec, survey, history, codebook = _parts(root)
    table = compute_table(spec, survey, _published_2024(spec, history, [(9, "overig ", -20.0)]))
    grid = _grid(table)
    assert list(grid) == ["Zilveren Kruis", "CZ", "Menzis", "VGZ", "Overig", "Totaal"]
    assert [grid["Overig"][f"NPS {y}"] for y in (2024, 2025, 2026, YEAR)] == [
        -20.0, round(NPS_2025_OVERIG, 4), round(NPS_2026_OVERIG, 4), None]
    assert set(table.loc[table["column"] == "Overig", "column_code"]) == {9}
    assert vanished_groups(spec, table, codebook) == [9]
    assert len(table) == 8 * 6 and not table.duplicated(["row", "column"]).any()


def test_two_figures_of_one_group_and_year_that_differ_are_an_error(wave, tmp_path):
    """The report printing the group twice (two spellings, two codes) with different NPS 2024: the error
    names the table, the group and the year, instead of two columns or one figure silently kept."""
    root = _copy(wave, tmp_path)
    _drop_overig(root)
    _with_nps_2024(root)
    _without_export(root, 2024)
    spec, survey, history, _ = _parts(root)
    with pytest.raises(GroupSourceError) as err:
        compute_table(spec, survey, _published_2024(spec, history, [(8, "Overig", -20.0), (9, "OVERIG", 5.0)]))
    # (review h155: every source named with its figure as printed; was "two different figures … from two
    # sources (-20 and 5)")
    assert str(err.value) == ("Tabel 38 (nps__uitvoerder): group ‘Overig’ has figures for NPS 2024 that differ as "
                              "printed, from 2 sources (-20 from the 2027 report, +5 from the 2027 report as "
                              "‘OVERIG’): correct the published cells, or the group's labels or was in the "
                              "codebooks"), str(err.value)
    # the same figure twice (the report's rounding aside) is one cell
    table = compute_table(spec, survey, _published_2024(spec, history, [(8, "Overig", -20.0), (9, "OVERIG", -20.0)]))
    overig = table[(table["column"] == "Overig") & (table["row"] == "NPS 2024")]
    assert overig["value"].tolist() == [-20.0] and not math.isnan(overig["value"].iloc[0])
