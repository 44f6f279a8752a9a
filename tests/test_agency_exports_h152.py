"""Review h152 of agency exports (CSV, XLSX, SPSS as a research agency or survey platform hands them over).

- A respondent id written with Excel's text prefix (``'R0004``: the apostrophe a spreadsheet never stores, written
  into a CSV or a workbook's text cell) was kept as written: the respondent had a second id, matching nothing in the
  quotes file, the coding corrections or the next year's files, and ``'1`` beside ``1`` were two respondents. The
  apostrophe is now taken off with one repaired line, so a duplicate after it is caught.
- TRUE/FALSE or WAAR/ONWAAR (a spreadsheet's yes/no, as its CSV writes it) in a 0/1 option column of a multi question
  gave "got text of 4 characters"; they now read as the checked/unchecked state, as a workbook's TRUE/FALSE cell does,
  and in any other column the error says what the value is. A workbook's TRUE/FALSE cell in such a column (an NPS,
  the jaaromzet) was read as 1 with a warning only: the NPS 1, option 1; it is now an error too.
- An SPSS file's value labels and a mapping whose ``values`` recode the tool's codes: the mapping translated the
  stored values, then the labels were applied to the codes it had made (Ja/Nee stored as 2/1 with their labels and
  ``gebruik: {1: 2, 2: 1}`` read every answer back as stored, silently; codes from 0 with the codebook's labels
  stopped with "3 'Meer dan 100 miljoen euro' and 4 (a value without a label) would both be read as code 4"). Each
  declared stored value is now read once, as declared; where its label is the codebook's label of another code,
  an error names both. The same for a scale or NPS: stored 1-11 with the labels '0'-'10' and ``nps: {1: 0, ...}``
  read every score one lower again (logged as a repair).
- A free-text answer with Windows (CR LF) or old Mac (CR) line ends kept them when read from a CSV, while the same
  answer in a workbook is read with LF: the texts (quotes, coding workbook, the coding corrections' match on the
  text) depended on the file format, and a row copied with other line ends was "different answers". They are LF now.
- Two XLSX errors named the row but not the column: values right of the header, a cell without an address.
Every test failed on the code before this review.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import load_codebook

from mini_export import MINI_CODEBOOK, OMZET_EXPECTED, base_rows, write_rows
from test_export_review_h120 import _cell, _edit, _small

MINI = load_codebook(MINI_CODEBOOK)


def _load(tmp: Path, rows: list[dict], name: str = "export.csv"):
    return load_survey(write_rows(tmp / name, rows, MINI.columns()), MINI, mapping=None)


def _errors(tmp: Path, rows: list[dict]) -> list[tuple]:
    with pytest.raises(ExportError) as err:
        _load(tmp, rows)
    return [(f.row, f.column, f.issue, f.expected) for f in err.value.findings]


def _with_ids(*ids: str) -> list[dict]:
    rows = base_rows()
    for row, rid in zip(rows, ids):
        row["respondent_id"] = rid
    return rows


# --- 1. an id with Excel's text prefix -------------------------------------------------------------------------

PREFIX_ACTION = ("read without the apostrophe (as R0004 for 'R0004): an id that differs from another only by it is "
                 "the same respondent")


def test_an_id_with_a_text_prefix_is_read_without_it_and_logged(tmp_path):
    s = _load(tmp_path, _with_ids("1", "'2", "'10"))
    assert s.responses.index.tolist() == ["1", "2", "10"]
    assert [(f.row, f.column, f.severity, f.issue, f.expected, f.action) for f in s.log.findings] == [
        (None, "respondent_id", "repaired",
         "2 respondent id(s) begin with an apostrophe, a spreadsheet's text prefix written into the cell (rows 3, 4)",
         "respondent ids as the survey tool wrote them", PREFIX_ACTION)]


def test_an_id_with_a_text_prefix_beside_the_same_id_is_a_duplicate(tmp_path):
    rows = base_rows()
    copy = dict(rows[0], respondent_id="'1")
    s = _load(tmp_path, [rows[0], copy, rows[2]])
    assert s.responses.index.tolist() == ["1", "10"]
    assert [(f.row, f.severity, f.issue) for f in s.log.findings if f.severity == "excluded"] == [
        (3, "excluded", "duplicate of row 2")]


def test_an_id_with_a_text_prefix_beside_the_same_id_with_other_answers_is_an_error(tmp_path):
    rows = base_rows()
    rows[1]["respondent_id"] = "'1"
    said = _errors(tmp_path, rows)
    assert said[0][:2] == (3, "respondent_id")
    assert said[0][2].startswith("respondent id '1' also on row 2 with different answers (columns omzet, ")
    assert said[0][2].endswith(" (the id as written began with an apostrophe, removed: see the repaired line on the "
                               "ids)")


def test_an_id_that_is_only_the_text_prefix_is_an_empty_id(tmp_path):
    assert _errors(tmp_path, _with_ids("1", "'", "10")) == [
        (3, "respondent_id", "the respondent id is only an apostrophe (a spreadsheet's text prefix)",
         "a unique respondent id")]


def test_an_id_in_a_workbook_with_a_text_prefix_is_read_without_it(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(MINI.columns())
    for row in _with_ids("'R0004", "R0005", "'R0006"):
        wb.active.append([row.get(c, "") for c in MINI.columns()])
    wb.save(tmp_path / "export.xlsx")
    s = load_survey(tmp_path / "export.xlsx", MINI, mapping=None)
    assert s.responses.index.tolist() == ["R0004", "R0005", "R0006"]
    assert [f.issue for f in s.log.findings if f.severity == "repaired"] == [
        "2 respondent id(s) begin with an apostrophe, a spreadsheet's text prefix written into the cell (rows 2, 4)"]


def test_a_code_or_number_with_a_text_prefix_reads_as_the_value_after_it(tmp_path):
    """The same prefix on an answer ("'3", "'96,7") was an error per cell ("got ''1'")."""
    rows = base_rows()
    rows[0].update(omzet="'1", tarief_pct="'96,7", redenen__1="'1")
    rows[1].update(nps="'10")
    s = _load(tmp_path, rows)
    assert s.responses.loc["1", ["omzet", "tarief_pct", "redenen__1"]].tolist() == [1, 96.7, 1]
    assert s.responses.loc["2", "nps"] == 10
    assert [(f.row, f.column, f.issue, f.action) for f in s.log.findings] == [
        (2, "omzet", "got ''1'", "read as 1 (a spreadsheet's text prefix ' dropped)"),
        (2, "redenen__1", "got ''1'", "read as 1 (a spreadsheet's text prefix ' dropped)"),
        (2, "tarief_pct", "got ''96,7'", "read as 96.7 (a spreadsheet's text prefix ' dropped)"),
        (3, "nps", "got ''10'", "read as 10 (a spreadsheet's text prefix ' dropped)")]


# --- 2. TRUE/FALSE, WAAR/ONWAAR ----------------------------------------------------------------------------------

def _ticked(yes: str, no: str) -> list[dict]:
    rows = base_rows()
    rows[0].update(redenen__1=yes, redenen__2=no, redenen__3=no, redenen__4=no)
    rows[2].update(redenen__1=no, redenen__2=no, redenen__3=yes, redenen__4=no)
    return rows


@pytest.mark.parametrize("yes, no", [("TRUE", "FALSE"), ("WAAR", "ONWAAR"), ("true", "false"), ("TRUE", "0")])
def test_a_spreadsheets_yes_no_in_an_option_column_is_its_checked_state(tmp_path, yes, no):
    s = _load(tmp_path, _ticked(yes, no))
    assert s.responses.loc[["1", "10"], ["redenen__1", "redenen__2", "redenen__3", "redenen__4"]] \
        .astype(int).values.tolist() == [[1, 0, 0, 0], [0, 0, 1, 0]]
    repaired = [f for f in s.log.findings if f.severity == "repaired"]
    assert {f.column for f in repaired} == ({"redenen__1", "redenen__3"} if no == "0"
                                            else {"redenen__1", "redenen__2", "redenen__3", "redenen__4"})
    assert {f.action.split(" (as ")[0] for f in repaired} == (
        {"read as 1 (a spreadsheet's TRUE: selected)"} if no == "0"  # one cell a column: its own line
        else {"each read as 1 (TRUE, WAAR: selected) or 0 (FALSE, ONWAAR: not selected)"})


def test_a_spreadsheets_yes_no_elsewhere_is_an_error_that_says_what_it_is(tmp_path):
    rows = base_rows()
    rows[0].update(omzet="TRUE", tarief_pct="WAAR")
    rows[1].update(nps="ONWAAR")
    what = "a spreadsheet's yes/no value, TRUE/FALSE or WAAR/ONWAAR, where the question asks for"
    assert _errors(tmp_path, rows) == [
        (2, "omzet", f"got 'TRUE' ({what} a code)", OMZET_EXPECTED),
        (2, "tarief_pct", f"got 'WAAR' ({what} a number)", "a number from 0 to 150 (percent)"),
        (3, "nps", f"got 'ONWAAR' ({what} a number)", "a whole number from 0 to 10")]


def test_a_workbooks_true_false_cells_read_as_the_csvs_words(tmp_path):
    import openpyxl

    csv_survey = _load(tmp_path, _ticked("TRUE", "FALSE"))
    wb = openpyxl.Workbook()
    wb.active.append(MINI.columns())
    for row in _ticked(True, False):
        wb.active.append([row.get(c) if row.get(c) in (True, False) else row.get(c, "") for c in MINI.columns()])
    wb.save(tmp_path / "export.xlsx")
    xlsx_survey = load_survey(tmp_path / "export.xlsx", MINI, mapping=None)
    assert xlsx_survey.responses.equals(csv_survey.responses)


def _workbook_with_booleans(tmp: Path, header: list[str]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(header)
    for k, row in enumerate(_ticked(True, False)):
        cells = [row.get(c) if row.get(c) in (True, False) else row.get(c, "") for c in MINI.columns()]
        if k == 0:
            cells[MINI.columns().index("nps")] = True
        if k == 1:
            cells[MINI.columns().index("omzet")] = True
        wb.active.append(cells)
    wb.save(tmp / "export.xlsx")
    return tmp / "export.xlsx"


WORKBOOK_BOOLEAN = "got TRUE (a spreadsheet's yes/no cell, where the question asks for "  # wording of review h162


@pytest.mark.parametrize("mapped", [False, True])
def test_a_workbooks_true_false_cell_in_a_code_or_number_column_is_an_error(tmp_path, mapped):
    header = [{"omzet": "Q1", "nps": "Q7"}.get(c, c) if mapped else c for c in MINI.columns()]
    mapping = None
    if mapped:
        mapping = tmp_path / "m.yml"
        mapping.write_text("year: 2099\ncolumns:\n  Q1: omzet\n  Q7: nps\n", encoding="utf-8")
    with pytest.raises(ExportError) as err:
        load_survey(_workbook_with_booleans(tmp_path, header), MINI, mapping=mapping)
    assert [(f.row, f.column, f.issue, f.expected, f.export_column) for f in err.value.findings] == [
        (2, "nps", WORKBOOK_BOOLEAN + "a number)", "a whole number from 0 to 10", "Q7" if mapped else None),
        (3, "omzet", WORKBOOK_BOOLEAN + "a code)", OMZET_EXPECTED, "Q1" if mapped else None)]


# --- 3. SPSS value labels beside a mapping's recoding values ------------------------------------------------------

OMZET_LABELS = {0.0: "Minder dan 20 miljoen euro", 1.0: "20 tot 40 miljoen euro", 2.0: "40 tot 100 miljoen euro",
                3.0: "Meer dan 100 miljoen euro"}
FROM_ZERO = {"omzet": {"1": "0", "2": "1", "3": "2", "4": "3"}}
SWAPPED = {"gebruik__zzp": {"1": "2", "2": "1"}, "gebruik__meerzorg": {"1": "2", "2": "1"}}


def _recoded_sav(tmp: Path, labels: dict, recode: dict, values: str):
    """The mini export as an SPSS file written with the tool's codes ``recode`` (column -> codebook code -> the
    tool's code) and value ``labels``, and a mapping with ``values`` (YAML)."""
    import pandas as pd
    import pyreadstat
    from test_spss_labels_h150 import _TEXT

    rows = base_rows()
    for row in rows:
        for column, codes in recode.items():
            if row.get(column):
                row[column] = codes[row[column]]
    data = {c: [r.get(c, "") if c in _TEXT else (float(r[c]) if r.get(c) else float("nan")) for r in rows]
            for c in MINI.columns()}
    pyreadstat.write_sav(pd.DataFrame(data), str(tmp / "export.sav"), variable_value_labels=labels)
    mapping = tmp / "m.yml"
    mapping.write_text(f"year: 2099\nvalues:\n{values}", encoding="utf-8")
    return tmp / "export.sav", mapping


def test_swapped_codes_with_their_labels_are_read_once(tmp_path):
    labels = {"gebruik__zzp": {1.0: "Nee", 2.0: "Ja"}, "gebruik__meerzorg": {1.0: "Nee", 2.0: "Ja"}}
    path, mapping = _recoded_sav(tmp_path, labels, SWAPPED, "  gebruik: {1: 2, 2: 1}\n")
    s = load_survey(path, MINI, mapping=mapping)
    assert s.responses["gebruik__zzp"].tolist() == [1, 2, 2]  # before: read twice, back to the stored 2, 1, 1
    assert s.responses["gebruik__meerzorg"].tolist() == [2, 2, 1]
    assert [(f.row, f.column, f.issue, f.action) for f in s.log.findings if f.column == "gebruik__zzp"] == [
        (2, "gebruik__zzp", "got '2'", f"read as 1 ({mapping}: values.gebruik)"),
        (None, "gebruik__zzp", "got '1' in 2 rows (3, 4)", f"read as 2 ({mapping}: values.gebruik)")]


def test_codes_from_zero_with_the_codebooks_labels_are_read_once(tmp_path):
    path, mapping = _recoded_sav(tmp_path, {"omzet": OMZET_LABELS}, FROM_ZERO, "  omzet: {0: 1, 1: 2, 2: 3, 3: 4}\n")
    s = load_survey(path, MINI, mapping=mapping)
    assert s.responses["omzet"].tolist() == [1, 4, 3]
    assert [(f.row, f.issue, f.action) for f in s.log.findings if f.column == "omzet"] == [
        (2, "got '0'", f"read as 1 ({mapping}: values.omzet)"), (3, "got '3'", f"read as 4 ({mapping}: values.omzet)"),
        (4, "got '2'", f"read as 3 ({mapping}: values.omzet)")]


def test_codes_from_zero_with_the_tools_own_labels_read_as_declared_without_a_warning(tmp_path):
    labels = {"omzet": {0.0: "Klein", 1.0: "Middel", 2.0: "Groot", 3.0: "Heel groot"}}
    path, mapping = _recoded_sav(tmp_path, labels, FROM_ZERO, "  omzet: {0: 1, 1: 2, 2: 3, 3: 4}\n")
    s = load_survey(path, MINI, mapping=mapping)
    assert s.responses["omzet"].tolist() == [1, 4, 3]
    # before: also "SPSS value label(s) not recognised: ... the stored values are read as the codebook's codes",
    # which they were not
    assert [f.severity for f in s.log.findings if f.column == "omzet"] == ["repaired"] * 3


def test_a_mapping_value_that_contradicts_the_label_is_an_error(tmp_path):
    path, mapping = _recoded_sav(tmp_path, {"omzet": OMZET_LABELS}, FROM_ZERO, "  omzet: {0: 2, 1: 1, 2: 3, 3: 4}\n")
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=mapping)
    said = [(f.column, f.question, f.issue, f.expected, f.action) for f in err.value.findings
            if f.issue.startswith("SPSS")]
    fix = ("correct the mapping's 'values' for this column (the value labels are read without an entry), or fix the "
           "value label in the SPSS file")
    agree = "one reading of each stored value: the mapping's 'values' and the SPSS value labels agree"
    assert said == [
        ("omzet", "Vraag 1 omzet", "SPSS value label 0 'Minder dan 20 miljoen euro' is the codebook's label of code 1, "
         f"but the mapping reads 0 as code 2 ({mapping}: values.omzet) (1 row(s): 2)", agree, fix),
        ("omzet", "Vraag 1 omzet", "SPSS value label 1 '20 tot 40 miljoen euro' is the codebook's label of code 2, "
         f"but the mapping reads 1 as code 1 ({mapping}: values.omzet) (no row holds it)", agree, fix)]


NPS_FROM_ONE = {"nps": {str(i): str(i + 1) for i in range(11)}}  # Qualtrics' choice order: 0-10 stored as 1-11
NPS_LABELS = {"nps": {float(i + 1): str(i) for i in range(11)}}  # each value labelled with the score it stands for


def test_an_nps_stored_one_higher_with_its_labels_and_the_mappings_values_is_read_once(tmp_path):
    values = "  nps: {" + ", ".join(f"{i + 1}: {i}" for i in range(11)) + "}\n"
    path, mapping = _recoded_sav(tmp_path, NPS_LABELS, NPS_FROM_ONE, values)
    s = load_survey(path, MINI, mapping=mapping)
    assert s.responses["nps"].tolist() == [8, 10, 6]  # before: [7, 9, 5], the labels read the mapping's scores again
    assert [f.issue for f in s.log.findings if f.column == "nps"] == ["got '9'", "got '11'", "got '7'"]


def test_an_nps_whose_labels_contradict_the_mappings_values_is_an_error(tmp_path):
    values = "  nps: {11: 10}\n"  # the mapping reads 11 as 10 and the rest as stored; the labels say one lower
    path, mapping = _recoded_sav(tmp_path, NPS_LABELS, NPS_FROM_ONE, values)
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=mapping)
    assert [(f.column, f.issue, f.expected) for f in err.value.findings] == [(
        "nps", "SPSS value labels say another number than the mapping's 'values' read: 1 '0' (read as 1), 2 '1' "
        "(read as 2), 3 '2' (read as 3) and 7 more",
        "one reading of each stored value: the mapping's 'values' and the SPSS value labels agree")]


# --- 4. line ends inside an open answer ----------------------------------------------------------------------------

def test_line_ends_in_an_open_answer_are_lf_as_in_a_workbook(tmp_path):
    import openpyxl

    rows = base_rows()
    rows[1]["suggesties"] = "Meer overleg\r\nen minder regels\rdank"
    csv_survey = _load(tmp_path, rows)
    assert csv_survey.responses["suggesties"].tolist()[1] == "Meer overleg\nen minder regels\ndank"
    assert len(csv_survey.log) == 0
    wb = openpyxl.Workbook()
    wb.active.append(MINI.columns())
    for row in rows:
        wb.active.append([row.get(c, "") for c in MINI.columns()])
    wb.save(tmp_path / "export.xlsx")
    assert load_survey(tmp_path / "export.xlsx", MINI, mapping=None).responses.equals(csv_survey.responses)


def test_a_copy_with_other_line_ends_is_a_duplicate(tmp_path):
    rows = base_rows()
    rows[0]["belasting__toelichting"] = "Veel\nformulieren"
    copy = dict(rows[0], belasting__toelichting="Veel\r\nformulieren")
    s = _load(tmp_path, [rows[0], copy, rows[2]])
    assert [(f.row, f.severity, f.issue) for f in s.log.findings] == [(3, "excluded", "duplicate of row 2")]


# --- 5. XLSX errors that name the column -------------------------------------------------------------------------

def test_values_right_of_the_header_name_their_columns(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["respondent_id", "nps"])
    wb.active.append([1, 5])
    wb.active.append([2, 6, None, "x", "y"])
    wb.save(tmp_path / "export.xlsx")
    with pytest.raises(ExportError) as err:
        read_export(tmp_path / "export.xlsx")
    assert str(err.value) == (
        f"{tmp_path / 'export.xlsx'}: sheet 'Sheet', row 3: values in columns without a header (column(s) D, E, "
        "right of the last named column B); expected a name above every column that holds answers, or no values "
        "beside the header")


def test_a_cell_without_an_address_is_named_by_its_column(tmp_path):
    path = _edit(_small(tmp_path / "whole.xlsx"), tmp_path / "export.xlsx", _cell("B3", "<c><v>NaN</v></c>"))
    with pytest.raises(ExportError) as err:
        read_export(path)
    assert re.search(r"cannot be read: (.*?) \(the workbook", str(err.value)).group(1) == (
        "cell B3 (its address left out) is stored as a number but holds 'NaN', which is no number")
