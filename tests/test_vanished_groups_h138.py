"""Review h138: a group of a breakdown (uitvoerder 'Overig') that earlier years had and the 2027 codebook no
longer has. Tabel 38 left its 2025/2026 NPS out without a word (computed from those years' exports), or, as
published, printed a column whose 2027 cells were empty with no mark. Now: a column of its own under its earlier
label, marked ‡ with a note 'Niet meer gevraagd in 2027', its 2027 cells empty (never 0) and explained in the
tidy CSV's `note`; check-year says where the figures went."""

from __future__ import annotations

import math
import re

import pandas as pd

from new_wave import YEAR
from test_new_wave_review_h116 import OVERIG, _group_findings, _nps_spec, _tabel_38
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)
from wlzmonitor.compute.report_tables import History, compute_table, vanished_groups
from wlzmonitor.present.table_files import tidy_csv_bytes, vanished_notes
from wlzmonitor.present.table_html import table_html, vanished_group_note
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.layout import load_layout, resolve_layout


def _drop_overig(root) -> None:
    """2027: 'Overig' merged into VGZ (its regions now map to group 4), the option gone; the layout's
    breakdowns list groups 1-4."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(OVERIG) == 1
    start = text.index("- key: uitvoerder\n")
    head, tail = text[:start], text[start:].replace(OVERIG, "", 1)
    end = tail.index("options:")
    tail = re.sub(r"(?m)^(    \d+): 5$", r"\1: 4", tail[:end]) + tail[end:]
    path.write_text(head + tail, encoding="utf-8")
    layout = root / "data" / "reports" / str(YEAR) / "tables.yml"
    layout.write_text(layout.read_text(encoding="utf-8").replace("columns: [1, 2, 3, 4, 5, \"Totaal\"]",
                                                                 "columns: [1, 2, 3, 4, \"Totaal\"]"), encoding="utf-8")


def _codebook(root):
    load_config.cache_clear()
    return load_codebook(load_config(root).year(YEAR).codebook)


def test_a_dropped_uitvoerder_keeps_its_earlier_nps_in_a_marked_column(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _drop_overig(root)
    codebook = _codebook(root)
    assert "Overig" not in codebook.options("uitvoerder", short=True).values()
    table = _tabel_38(root)
    spec = next(t for t in resolve_layout(load_layout(load_config(root).year(YEAR).layout), codebook).tables
                if t.kind == "nps_by")
    overig = table[table["column"].astype(str) == "Overig"].set_index("row_code")["value"]
    # the earlier years' NPS of the group, from their own exports, shown (before: silently left out)
    assert overig[["NPS 2025", "NPS 2026"]].notna().all(), overig
    # its 2027 cells are there and empty, never 0
    assert overig[["Critici", "Neutralen", "Fans", f"NPS {YEAR}", "Totaal (N)"]].isna().all(), overig
    assert list(table["column"].cat.categories)[-2:] == ["Overig", "Totaal"]
    assert vanished_groups(spec, table, codebook) == ["Overig"]
    # the page: a mark in the header and the note under the table
    page = table_html(spec, table, codebook, small_base=20)
    assert "Overig" in page and "‡" in page
    note = vanished_group_note(spec, table, codebook)
    assert note == ('<p class="note">‡ Niet meer gevraagd in 2027: de groep ‘Overig’ komt in de vragenlijst van 2027 '
                    'niet meer voor; de kolom toont alleen de cijfers van eerdere jaren (– in 2027).</p>'), note
    # the tidy CSV: every cell of the column says why, its 2027 cells empty
    csv = pd.read_csv(pd.io.common.BytesIO(tidy_csv_bytes(table, spec, vanished=vanished_notes(spec, table, codebook))),
                      keep_default_na=False)
    cells = csv[csv["column"] == "Overig"]
    assert set(cells["note"]) == {"groep niet meer gevraagd in 2027"}
    assert (cells[cells["row"] == f"NPS {YEAR}"]["value"] == "").all()
    assert (csv[csv["column"] != "Overig"]["note"] == "").all()


def test_check_year_says_where_the_dropped_groups_figures_went(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _drop_overig(root)
    found = _group_findings(_check(root, monkeypatch))
    assert [lv for lv, _ in found] == ["note"], found
    assert ("group ‘Overig’ of 'uitvoerder' (2025 en 2026) has no 2027 counterpart: its NPS of 2025 en 2026 is not "
            "shown under a 2027 group but in a column ‘Overig’ of its own, marked ‡ 'Niet meer gevraagd in 2027', "
            "its 2027 cells empty") in found[0][1]


def test_a_published_group_this_year_lacks_is_marked_and_its_cells_explained(survey_2026):
    """The published case (the year's own report printed a group the codebook lacks): the column was there with
    empty current-year cells and no mark; now the cells are there, empty, and the column is marked."""
    spec = _nps_spec()
    cells = pd.DataFrame([{"table_key": spec.key, "table": spec.number, "row": "NPS 2024", "column": "DSW",
                           "value": 12.0, "row_code": "NPS 2024", "column_code": 9}])
    table = compute_table(spec, survey_2026, History(cells, {}))
    dsw = table[table["column_code"] == 9].set_index("row_code")["value"]
    assert dsw["NPS 2024"] == 12.0
    assert all(math.isnan(dsw[r]) for r in ("Critici", "Neutralen", "Fans", "NPS 2026", "Totaal (N)"))
    codebook = survey_2026.codebook
    assert vanished_groups(spec, table, codebook) == [9]
    assert "DSW" in vanished_group_note(spec, table, codebook) and "Niet meer gevraagd in 2026" in \
        vanished_group_note(spec, table, codebook)
    assert " ‡" in table_html(spec, table, codebook, small_base=20)


def test_no_mark_without_a_vanished_group(survey_2026):
    """Control: the 2026 Tabel 38 as it is has no such group, no mark, no note."""
    spec = _nps_spec()
    table = compute_table(spec, survey_2026, History(pd.DataFrame(
        columns=["table_key", "row_code", "column_code", "row", "value"]), {}))
    assert vanished_groups(spec, table, survey_2026.codebook) == []
    assert "‡" not in table_html(spec, table, survey_2026.codebook, small_base=20)
