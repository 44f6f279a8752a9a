"""A header cell without a name: the message says after which column and what to do (a merged header cell in a
workbook gave only "column 3 of the header has no name": left open by review h118)."""

from __future__ import annotations

import pytest

from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export

ADVICE = ("of the header has no name; expected a name above every column: a header cell left empty, or merged with "
          "the one beside it (unmerge the cells and name each column), or a header over two rows (an export mapping "
          "says header_rows: 2)")


def _said(path) -> str:
    with pytest.raises(ExportError) as info:
        read_export(path)
    return str(info.value)


def test_an_empty_header_cell_in_a_csv(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("respondent_id,nps,,toelichting\nR1,8,x,y\n", encoding="utf-8")
    assert _said(path) == f"{path}: column 3 (after 'nps') {ADVICE}"


def test_a_merged_header_cell_in_a_workbook(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["respondent_id", "Vraag 3", None, "toelichting"])
    ws.append(["R1", 1, 2, "x"])
    ws.merge_cells("B1:C1")
    path = tmp_path / "export.xlsx"
    wb.save(path)
    said = _said(path)
    assert said.endswith(f"column 3 (after 'Vraag 3') {ADVICE}"), said


def test_a_header_name_that_may_be_personal_data_is_not_quoted(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("respondent_id,jan@zorg.nl,,toelichting\nR1,8,x,y\n", encoding="utf-8")
    said = _said(path)
    assert "jan@zorg.nl" not in said and "column 3 (after an e-mail address)" in said
