"""Safety review h114: hostile values from the export followed to every output surface."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from wlzmonitor.present.table_files import save_workbook
from wlzmonitor.spec.file_formats import csv_bytes, formula_like, inert_text

# characters that show nothing (Unicode category Cf) that the formula check did not look past: a left-to-right
# or right-to-left mark, a bidi embedding, override or isolate, a soft hyphen, the Mongolian vowel separator
UNSEEN_FORMAT = ["\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u00ad", "\u180e", "\u061c"]


@pytest.mark.parametrize("mark", UNSEEN_FORMAT)
@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x","klik")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"])
def test_a_formula_behind_a_direction_mark_or_format_character_is_inert(mark, formula):
    value = mark + formula
    assert formula_like(value)
    assert inert_text(value) == "'" + value
    assert formula_like(" " + mark + " " + formula)  # blanks and marks mixed


@pytest.mark.parametrize("mark", UNSEEN_FORMAT)
def test_the_csv_and_the_workbook_keep_such_a_cell_as_text(mark, tmp_path):
    value = mark + '=HYPERLINK("http://x","klik")'
    frame = pd.DataFrame({"row": [value], "value": [1.0]})
    (cell,) = [r[0] for r in csv.reader(io.StringIO(csv_bytes(frame).decode()))][1:]
    assert cell == "'" + value
    wb = Workbook()
    wb.active.append([value])
    save_workbook(wb, tmp_path / "t.xlsx")
    assert load_workbook(tmp_path / "t.xlsx").active["A1"].value == "'" + value


@pytest.mark.parametrize("text", ["Zorgkantoor \u200emet mark", "\u200eZorgkantoor", "\u00adNormaal", "3 \u2212 2", ""])
def test_ordinary_text_with_marks_is_left_alone(text):
    assert not formula_like(text)
    assert inert_text(text) == text
