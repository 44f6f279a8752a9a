"""Review h131: agency exports as workbooks, as a Dutch Excel leaves them.

Each platform fixture (tests/platform_writers.py) saved again as a Dutch office would: Excel booleans and
WAAR/ONWAAR, numbers as text or as floats, real date/time cells, merged header cells, a title row, an
empty first column, a notes sheet first, an autofilter and frozen panes, formulas, rich text, a total
row, hidden columns (the whole list, and what each gave, in /tmp/h131-FINDINGS.md of the review). The
variants that read as the canonical export already are kept here as a guard in one test; the others are
the ones that failed before this review.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from wlzmonitor.inputs.draft_mapping import draft_mapping
from wlzmonitor.inputs.platforms import MS_FORMS, detect
from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import codebook_for_year

CB = codebook_for_year(2026)
MS, Q = "ms_forms.xlsx", "qualtrics_numeric.xlsx"


def _column(ws, name: str) -> int:
    return next(c.column for c in ws[1] if c.value == name)


def _same(s, original) -> None:
    assert (s.n, s.rows_read) == (original.n, original.rows_read)
    assert s.responses.equals(original.responses)


def _drafted(path: Path, tmp: Path, sheet: str | None = None) -> Path:
    draft = draft_mapping(path, CB, sheet=sheet)
    assert draft.unmatched == [], draft.text
    mapping = tmp / (path.stem + ".yml")
    mapping.write_text(draft.text, encoding="utf-8")
    return mapping


# --------------------------------------------------------------------------------------------
# variants that read as the canonical export (a guard: they did before this review too)

def _booleans(wb):
    ws = wb.active
    at = _column(ws, "Finished")
    for r in range(4, ws.max_row + 1):
        ws.cell(r, at).value = bool(ws.cell(r, at).value)


def _numbers_as_text(wb):
    for row in wb.active.iter_rows(min_row=4):
        for c in row:
            if isinstance(c.value, int) and not isinstance(c.value, bool):
                c.value, c.number_format = str(c.value), "@"


def _numbers_as_floats(wb):
    for row in wb.active.iter_rows(min_row=4):
        for c in row:
            if isinstance(c.value, int) and not isinstance(c.value, bool):
                c.value = float(c.value)


def _real_datetimes(wb):
    ws = wb.active
    for name in ("Begintijd", "Tijd van voltooien"):
        at = _column(ws, name)
        for r in range(2, ws.max_row + 1):
            ws.cell(r, at).value = datetime.datetime.strptime(ws.cell(r, at).value, "%d-%m-%Y %H:%M:%S")
            ws.cell(r, at).number_format = "d-m-yyyy h:mm"


def _filter_frozen_hidden(wb):
    ws = wb.active
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "B2"
    ws.column_dimensions["D"].hidden = True


def _rich_text(wb):
    for row in wb.active.iter_rows(min_row=2, min_col=7):
        for c in row:
            if isinstance(c.value, str) and len(c.value) > 40 and " " in c.value:
                head, tail = c.value.split(" ", 1)
                c.value = CellRichText(TextBlock(InlineFont(b=True), head + " "), tail)


def _notes_sheet_first(wb):
    wb.create_sheet("Toelichting", 0)["A1"] = "Export van Microsoft Forms, gedownload 15-12-2025"


@pytest.mark.parametrize("name, change", [(Q, _booleans), (Q, _numbers_as_text), (Q, _numbers_as_floats),
                                          (MS, _real_datetimes), (MS, _filter_frozen_hidden), (MS, _rich_text),
                                          (MS, _notes_sheet_first)])
def test_a_workbook_saved_again_by_excel_reads_as_the_export(platforms, tmp_path, name, change):
    wb = openpyxl.load_workbook(platforms.export(name).path)
    change(wb)
    path = tmp_path / name
    wb.save(path)
    original = platforms.survey(name)
    _same(load_survey(path, CB, mapping=platforms.mapping_file(name)), original)
    sheet = wb.worksheets[-1].title if change is _notes_sheet_first else None
    _same(load_survey(path, CB, mapping=_drafted(path, tmp_path, sheet), sheet=sheet), original)


# --------------------------------------------------------------------------------------------
# an empty first column (before: "column 1 of the header has no name", an error)

@pytest.mark.parametrize("name", [MS, Q])
def test_an_empty_first_column_is_left_out_with_a_warning(platforms, tmp_path, name):
    wb = openpyxl.load_workbook(platforms.export(name).path)
    wb.active.insert_cols(1)
    path = tmp_path / name
    wb.save(path)
    s = load_survey(path, CB, mapping=platforms.mapping_file(name))
    _same(s, platforms.survey(name))
    assert [f.issue for f in s.log.findings if "without a name or a value" in f.issue] == \
        ["1 column(s) without a name or a value: column(s) A"]
    _same(load_survey(path, CB, mapping=_drafted(path, tmp_path)), platforms.survey(name))


def test_a_nameless_column_that_holds_a_value_is_still_an_error(platforms, tmp_path):
    wb = openpyxl.load_workbook(platforms.export(MS).path)
    wb.active.insert_cols(1)
    wb.active["A5"] = "x"
    path = tmp_path / MS
    wb.save(path)
    with pytest.raises(ExportError, match="column 1 of the header has no name"):
        load_survey(path, CB, mapping=platforms.mapping_file(MS))


# --------------------------------------------------------------------------------------------
# a total row below the respondents (before: read as a respondent, excluded as incomplete when
# empty, refused for an implausible amount when it held a sum; the message never said why)

@pytest.mark.parametrize("total", [None, 9123456000])
def test_a_total_row_is_an_error_that_says_so(platforms, tmp_path, total):
    wb = openpyxl.load_workbook(platforms.export(MS).path)
    ws = wb.active
    amount = next(c.column for c in ws[1] if str(c.value).startswith("3. "))
    row = ws.max_row + 1
    ws.cell(row, 1).value = "Totaal"
    ws.cell(row, amount).value = total
    path = tmp_path / MS
    wb.save(path)
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=platforms.mapping_file(MS))
    assert str(err.value) == (f"{path}: sheet 'Form1', row {row} is a total row ('Totaal' in column 'Id'), not a "
                              "respondent: a sum or count added below the answers in a spreadsheet; expected "
                              "respondents only: delete the row and save again")


# --------------------------------------------------------------------------------------------
# Google Forms' Tijdstempel (the respondent id) in a workbook, as date and time, and cut to a date

def _google_workbook(platforms, path: Path, *, cut: bool) -> Path:
    with open(platforms.export("google_forms.csv").path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(rows[0])
    for r in rows[1:]:
        when = datetime.datetime.strptime(r[0], "%d-%m-%Y %H:%M:%S")
        ws.append([when.date() if cut else when] + [v or None for v in r[1:]])
        ws.cell(ws.max_row, 1).number_format = "d-m-yyyy" if cut else "d-m-yyyy h:mm:ss"
    wb.save(path)
    return path


def test_google_forms_timestamps_as_dates_and_times_read_the_same_answers(platforms, tmp_path):
    s = load_survey(_google_workbook(platforms, tmp_path / "g.xlsx", cut=False), CB,
                    mapping=platforms.mapping_file("google_forms.csv"))
    original = platforms.survey("google_forms.csv")
    assert (s.n, s.rows_read) == (original.n, original.rows_read)
    assert s.responses.reset_index(drop=True).equals(original.responses.reset_index(drop=True))


def test_google_forms_timestamps_cut_to_dates_say_why_respondents_share_an_id(platforms, tmp_path):
    """Before, 119 errors 'respondent id ... also on row 6 with different answers', none saying why."""
    path = _google_workbook(platforms, tmp_path / "g.xlsx", cut=True)
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=platforms.mapping_file("google_forms.csv"))
    shared = [f for f in err.value.findings if "also on row" in f.issue]
    assert shared and all("the submission time (a Google Forms 'Tijdstempel') was cut to a date" in f.issue
                          for f in shared)


# --------------------------------------------------------------------------------------------
# Microsoft Forms' newer Dutch header 'Voltooiingstijd' (before: an unrecognised tool, no id column drafted)

def test_ms_forms_with_voltooiingstijd_is_microsoft_forms(platforms, tmp_path):
    assert detect(["Id", "Begintijd", "Voltooiingstijd", "E-mail", "Naam"]) is MS_FORMS
    wb = openpyxl.load_workbook(platforms.export(MS).path)
    ws = wb.active
    ws.cell(1, _column(ws, "Tijd van voltooien")).value = "Voltooiingstijd"
    path = tmp_path / MS
    wb.save(path)
    _same(load_survey(path, CB, mapping=_drafted(path, tmp_path)), platforms.survey(MS))


# --------------------------------------------------------------------------------------------
# merged header cells

def test_merged_header_cells_draft_an_error_that_names_them(platforms, tmp_path):
    """Two header cells of a Microsoft Forms export merged: the draft read the first respondent as a second
    header row and said "the export has no header row" (the loader says "merged with the one beside it")."""
    wb = openpyxl.load_workbook(platforms.export(MS).path)
    wb.active.merge_cells(start_row=1, start_column=7, end_row=1, end_column=8)
    path = tmp_path / MS
    wb.save(path)
    with pytest.raises(ExportError) as err:
        draft_mapping(path, CB)
    message = str(err.value)
    assert "column 4 of row 2 holds an e-mail address" in message and "merged with the one beside it" in message
    assert "@" not in message.replace(str(path), "")
    with pytest.raises(ExportError, match="merged with the one beside it"):
        load_survey(path, CB, mapping=platforms.mapping_file(MS))
