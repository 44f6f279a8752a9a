"""Review h134: edges of reading an agency's export left open by earlier reviews.

Each test failed on the code before this review (checked by running it with lib/ as it was). The variants are
the demo export rewritten with the helpers of reviews h129 and h131 (their tests build the same way).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from wlzmonitor.demo.generator import demo_export_path
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import codebook_for_year

CB = codebook_for_year(2026)


def _demo(tmp: Path, name: str, change) -> Path:
    """The demo export as text cells, ``change``d (a function of the frame), written as CSV to ``tmp/name``."""
    frame = pd.read_csv(demo_export_path(2026), dtype=str, keep_default_na=False)
    frame = change(frame) if change is not None else frame
    path = tmp / name
    frame.to_csv(path, index=False)
    return path


# --------------------------------------------------------------------------------------------
# 1. a float-typed export: every code written as 1.0 (before: one repaired line per cell, 14,181 for the demo)

def _codes_as_floats(frame: pd.DataFrame, sep: str = ".") -> pd.DataFrame:
    for c in frame.columns:
        if c != CB.id_column:
            frame[c] = [v + sep + "0" if re.fullmatch(r"-?[0-9]+", v) else v for v in frame[c]]
    return frame


def test_codes_written_as_floats_are_one_repaired_line_per_column(tmp_path):
    plain = load_survey(demo_export_path(2026), CB)
    s = load_survey(_demo(tmp_path, "floats.csv", _codes_as_floats), CB, mapping=None)
    assert s.responses.equals(plain.responses)
    repaired = s.log.repairs
    columns = [f.column for f in repaired]
    assert len(columns) == len(set(columns)) and len(repaired) < 150  # one per column, not one per cell
    omzet = next(f for f in repaired if f.column == "omzet")
    assert omzet.row is None and omzet.question == "Vraag 1 omzet"
    n = int(re.search(r" in ([0-9]+) rows \(2, 3, 4", omzet.issue).group(1))
    assert n == plain.rows_read - 1  # every row but the duplicate's copy (excluded, its cells not logged)
    assert omzet.issue.startswith("got whole numbers written with decimal zeros ('1.0', '2.0', '3.0', …)")
    assert "and %d more" % (n - 10) in omzet.issue
    assert "the column went through a float" in omzet.action
    assert [f.severity for f in s.log if f.severity != "repaired"] == \
        [f.severity for f in plain.log if f.severity != "repaired"]
    again = load_survey(_demo(tmp_path, "floats2.csv", _codes_as_floats), CB, mapping=None)
    assert [f.message.replace("floats2", "floats") for f in again.log] == [f.message for f in s.log]


def test_a_decimal_comma_float_and_a_single_float_cell(tmp_path):
    """'1,0' (a Dutch float column) is the same form; one cell written '2.0' among plain codes keeps its own
    line with its row (as before)."""
    s = load_survey(_demo(tmp_path, "floats_comma.csv", lambda f: _codes_as_floats(f, ",")), CB, mapping=None)
    assert len({f.column for f in s.log.repairs}) == len(s.log.repairs) < 150

    def one(frame):
        frame.loc[0, "omzet"] = frame.loc[0, "omzet"] + ".0"
        return frame
    single = load_survey(_demo(tmp_path, "one.csv", one), CB, mapping=None)
    (f,) = single.log.repairs
    assert (f.row, f.column, f.action) == (2, "omzet", f"read as {single.responses.iloc[0]['omzet']} "
                                                       f"(written as '{single.responses.iloc[0]['omzet']}.0')")


# --------------------------------------------------------------------------------------------
# 2. Google Forms' Tijdstempel (the respondent id) as a date-and-time cell of a workbook (before: the id
# '2025-11-19T09:35:00' where the CSV gives '19-11-2025 09:35:00': every answer id changed with the format)

def test_google_forms_timestamps_in_a_workbook_are_the_ids_of_the_csv(platforms, tmp_path):
    from test_xlsx_variants_h131 import _google_workbook

    s = load_survey(_google_workbook(platforms, tmp_path / "g.xlsx", cut=False), CB,
                    mapping=platforms.mapping_file("google_forms.csv"))
    original = platforms.survey("google_forms.csv")
    assert list(s.responses.index) == list(original.responses.index)
    assert s.responses.equals(original.responses)
    assert re.fullmatch(r"[0-9]{2}-[0-9]{2}-2025 [0-9]{2}:[0-9]{2}:[0-9]{2}", s.responses.index[0])
    (f,) = [f for f in s.log.repairs if f.column == CB.id_column]
    assert f.issue.startswith("all ") and "date-and-time cells of the workbook" in f.issue


def test_google_forms_timestamps_cut_to_dates_in_a_workbook_still_say_so(platforms, tmp_path):
    """A Tijdstempel column formatted as a date only, the cells still datetimes at midnight: not rewritten (the
    ids would hide the cut), the error of repeated ids says why."""
    import openpyxl
    from wlzmonitor.inputs.quality_log import ExportError
    from test_xlsx_variants_h131 import _google_workbook
    import pytest

    path = _google_workbook(platforms, tmp_path / "g.xlsx", cut=False)
    wb = openpyxl.load_workbook(path)
    for r in range(2, wb.active.max_row + 1):
        cell = wb.active.cell(r, 1)
        cell.value = cell.value.replace(hour=0, minute=0, second=0)
    wb.save(path)
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=platforms.mapping_file("google_forms.csv"))
    assert any("was cut to a date" in f.issue for f in err.value.findings)
