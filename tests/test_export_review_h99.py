"""Review h99 of what the loader accepts: real agency exports, careless and hostile files. Each test
is a case that was read silently wrong, or refused without naming its cause, and states what the
loader does with it now."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export
from wlzmonitor.inputs.survey import load_survey

from mini_export import MINI_CODEBOOK, base_rows, write_rows

MINI = load_codebook(MINI_CODEBOOK)


def _export(tmp: Path, name: str = "export.csv", **changes: str) -> Path:
    """The mini export with `changes` in its first respondent (row 2)."""
    rows = base_rows()
    rows[0].update(changes)
    return write_rows(tmp / name, rows, MINI.columns())


def _sav_bytes(tmp: Path) -> bytes:
    pyreadstat.write_sav(pd.DataFrame({"respondent_id": [1.0], "voltooid": [1.0]}), str(tmp / "x.sav"))
    return (tmp / "x.sav").read_bytes()


# --------------------------------------------------------------------------------------------
# 1. a file of another format under an export's name: was "22 problems: missing expected column
#    'respondent_id', ..." (a PDF), "row 1 holds one filled cell ... a title above the header?" (an
#    SPSS file), "byte 0x8B cannot be read as UTF-8 ... mixes two encodings" (a gzip download), "the
#    file has a header but no respondent rows" (an HTML 'Excel' download)


@pytest.mark.parametrize("make, said", [
    (lambda tmp: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "this is a PDF document, not a CSV file"),
    (_sav_bytes, "this is an SPSS data file (.sav), not a CSV file: give it the extension .sav"),
    (lambda tmp: gzip.compress(b"respondent_id,voltooid\n1,1\n"), "this is a gzip-compressed file, not a CSV file"),
    (lambda tmp: b"\xef\xbb\xbf<!DOCTYPE html>\n<html><body><table><tr><td>1</td></tr></table></body></html>\n",
     "this is an HTML page"),
    (lambda tmp: b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>\n',
     "this is an XML file (an Excel 2003 XML spreadsheet?)"),
    (lambda tmp: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG image"),
])
def test_a_file_of_another_format_named_csv_says_what_it_is(tmp_path, make, said):
    path = tmp_path / "export.csv"
    path.write_bytes(make(tmp_path))
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=None)
    assert str(ei.value).startswith(f"{path}: {said}"), str(ei.value)
    assert not ei.value.findings


def test_a_file_of_another_format_named_xlsx_or_sav_says_what_it_is(tmp_path):
    pdf = tmp_path / "export.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(ExportError, match=r"it is a PDF document, no \.xlsx workbook"):
        read_export(pdf)
    spss = tmp_path / "spss.xlsx"
    spss.write_bytes(_sav_bytes(tmp_path))
    with pytest.raises(ExportError, match=r"it is an SPSS data file \(\.sav\), no \.xlsx workbook: give it the "
                                          r"extension \.sav"):
        read_export(spss)
    workbook = tmp_path / "export.sav"
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(["respondent_id"])
    wb.save(tmp_path / "w.xlsx")
    shutil.copy(tmp_path / "w.xlsx", workbook)
    with pytest.raises(ExportError, match=r"does not start with an SPSS system-file header \(it is an Excel workbook "
                                          r"\(\.xlsx\) or another zip file: give it the extension \.xlsx\)"):
        read_export(workbook)
    text = tmp_path / "text.sav"
    text.write_text("respondent_id\n1\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"system-file header$"):
        read_export(text)


# --------------------------------------------------------------------------------------------
# 2. a euro sign in a field that asks for no amount: '€ 96' in a percent field was read as 96%,
#    '€ 8' as an NPS of 8, '€ 1' as option 1, all without a line in the log


@pytest.mark.parametrize("column, value", [("tarief_pct", "€ 96"), ("tarief_pct", "ca. € 96"), ("tarief_pct", "€96%"),
                                           ("nps", "€ 8"), ("omzet", "€ 1")])
def test_a_euro_sign_where_no_amount_is_asked_is_an_error(tmp_path, column, value):
    with pytest.raises(ExportError) as ei:
        load_survey(_export(tmp_path, **{column: value}), MINI, mapping=None)
    [f] = ei.value.findings
    assert (f.row, f.column, f.issue) == (2, column, f"got '{value}' (an amount in euros, but the question asks "
                                                     "for no amount)")


def test_a_euro_sign_in_an_amount_and_in_an_option_label_still_reads():
    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.inputs.values import ColumnSpec, option_labels

    cb = codebook_for_year(2026)
    amount = next(q for q in cb.questions if getattr(q, "unit", None) == "euro")
    spec = ColumnSpec(amount.key, amount, "number", integer=True, lo=0)
    assert spec.parse("€ 74.261.000,-")[0] == 74261000
    assert spec.parse("€ 1.234")[0] == 1234
    omzet = cb.question("omzet")
    spec = ColumnSpec("omzet", omzet, "code", codes=omzet.codes, labels=option_labels(omzet.options))
    assert spec.parse("Jaaromzet tussen € 10 en € 40 miljoen")[:2] == (2, None)


# --------------------------------------------------------------------------------------------
# 3. the export read once: an XLSX was opened up to three times by name (the size check, the
#    formulas, their stored values), an SPSS file twice (the count of its cases, then pyreadstat);
#    a file saved again meanwhile (a sync client, Excel's autosave) gave one read of two versions:
#    the rows of the first, the formulas' values of the second


def _formula_book(path: Path, stored: int) -> Path:
    """The mini export as a workbook whose row-2 NPS is a formula with the stored value `stored`."""
    import re
    import zipfile

    import openpyxl

    cols = MINI.columns()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(cols)
    for r in base_rows():
        ws.append([int(r[c]) if r.get(c, "").isdigit() else (r.get(c) or None) for c in cols])
    ref = f"{openpyxl.utils.get_column_letter(cols.index('nps') + 1)}2"
    ws[ref] = "=4*2"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml, n = re.subn(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/>', rf"\g<1><v>{stored}</v>",
                     parts["xl/worksheets/sheet1.xml"].decode("utf-8"))
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_an_xlsx_saved_again_while_it_is_read_is_read_as_it_was(tmp_path, monkeypatch):
    from wlzmonitor.inputs import reading

    path = _formula_book(tmp_path / "export.xlsx", 8)
    later = _formula_book(tmp_path / "later.xlsx", 3)
    read_rows = reading._read_xlsx_rows

    def saved_again_after_the_formulas(*args, **kw):
        read_rows(*args, **kw)
        shutil.copy(later, path)  # the file replaced before the formulas' stored values are read

    monkeypatch.setattr(reading, "_read_xlsx_rows", saved_again_after_the_formulas)
    s = load_survey(path, MINI, mapping=None)
    assert s.responses.loc["1", "nps"] == 8


def test_an_sav_saved_again_while_it_is_read_is_read_as_it_was(tmp_path, monkeypatch):
    from wlzmonitor.inputs import sav_cases

    def book(path: Path, nps: float) -> Path:
        frame = pd.DataFrame({"respondent_id": ["1"], "voltooid": [1.0], "nps": [nps]})
        pyreadstat.write_sav(frame, str(path))
        return path

    path, later = book(tmp_path / "export.sav", 8.0), book(tmp_path / "later.sav", 3.0)
    count = sav_cases.count_cases

    def saved_again_after_the_count(data):
        cases = count(data)
        shutil.copy(later, path)
        return cases

    monkeypatch.setattr(sav_cases, "count_cases", saved_again_after_the_count)
    assert read_export(path)["nps"].tolist() == ["8"]


# --------------------------------------------------------------------------------------------
# 4. numbers in another script and a negative zero: '９６' (full-width) and '٩٦' (Arabic-Indic) in a
#    percent field read as 96 without a word (a code or scale cell so written was logged); '-0' as
#    -0.0, which a table prints as '-0'


@pytest.mark.parametrize("value, read", [("９６", 96.0), ("٩٦", 96.0), ("９６,７", 96.7)])
def test_a_number_in_digits_of_another_script_is_a_logged_repair(tmp_path, value, read):
    s = load_survey(_export(tmp_path, tarief_pct=value), MINI, mapping=None)
    assert s.responses.loc["1", "tarief_pct"] == read
    [f] = [f for f in s.log.repairs if f.column == "tarief_pct"]
    assert (f.row, f.issue, f.action) == (2, f"got '{value}'", f"read as {read:g} (written as '{value}': digits "
                                                                "of another script)")


@pytest.mark.parametrize("value", ["-0", "-0.0", "-0,0"])
def test_a_negative_zero_reads_as_zero(tmp_path, value):
    import math

    s = load_survey(_export(tmp_path, tarief_pct=value), MINI, mapping=None)
    v = s.responses.loc["1", "tarief_pct"]
    assert v == 0 and math.copysign(1.0, float(v)) == 1.0


# --------------------------------------------------------------------------------------------
# 5. a row rule that compares numbers, on a cell that is no number: Progress 'abc' excluded a
#    response as incomplete without a word (a Finished value the rule does not list was already an
#    error); Duration 'n.v.t.' under a spam rule `below: 60` kept the row unchecked


def _status_export(tmp: Path, column: str, value: str) -> Path:
    import csv

    cols = ["Progress", "Duration"] + [c for c in MINI.columns() if c != "voltooid"]
    rows = [dict(r, Progress="100", Duration="300") for r in base_rows()]
    rows[1][column] = value
    with open(tmp / "status.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerows([cols] + [[r.get(c, "") for c in cols] for r in rows])
    (tmp / "m.yml").write_text("year: 2099\n"
                               "exclude:\n  - {column: Duration, below: 60, reason: spam}\n"
                               "complete: {column: Progress, at_least: 100}\n", encoding="utf-8")
    return tmp / "status.csv"


@pytest.mark.parametrize("column, value, got, rule", [
    ("Progress", "abc", "text of 3 character(s)", "'Progress' is at least 100"),
    ("Duration", "n.v.t.", "text of 6 character(s)", "'Duration' is below 60"),
])
def test_a_number_rule_on_a_cell_that_is_no_number_is_an_error(tmp_path, column, value, got, rule):
    path = _status_export(tmp_path, column, value)
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=tmp_path / "m.yml")
    [f] = ei.value.findings
    assert (f.row, f.column, f.severity) == (3, column, "error")
    assert f.issue == (f"1 row(s) (rows 3) have {got}, which is no number: the mapping's rule ({rule}) cannot "
                       "compare it, and would decide without it whether the row is a response")


@pytest.mark.parametrize("column, value, n", [("Progress", "100%", 3), ("Progress", "", 2), ("Duration", "", 3),
                                              ("Progress", "N/A", 2)])
def test_a_number_rule_reads_numbers_and_takes_an_empty_cell_as_before(tmp_path, column, value, n):
    s = load_survey(_status_export(tmp_path, column, value), MINI, mapping=tmp_path / "m.yml")
    assert s.n == n and s.rows_read == 3


# --------------------------------------------------------------------------------------------
# 6. the header repeated in another case or spacing (a second export pasted below the first, by a
#    tool version that writes its headers in capitals): was an error per cell of that row ("got text
#    of 8 characters, expected 1 (complete) or 0 (incomplete)", ...), none saying it was a header


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("repeat", [str.upper, lambda h: f" {h.title()} "])
def test_a_header_repeated_in_another_case_or_spacing_is_named_as_such(tmp_path, suffix, repeat):
    cols = MINI.columns()
    grid = [cols] + [[r.get(c, "") for c in cols] for r in base_rows()[:2]] + [[repeat(c) for c in cols]] + [
        [r.get(c, "") for c in cols] for r in base_rows()[2:]]
    path = tmp_path / f"export{suffix}"
    if suffix == ".csv":
        import csv
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(grid)
    else:
        import openpyxl
        wb = openpyxl.Workbook()
        for row in grid:
            wb.active.append([v or None for v in row])
        wb.save(path)
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=None)
    assert str(ei.value) == (f"{path}: row(s) 4 repeat the header (row 1): two exports pasted together? Remove "
                             "the repeated header, and check that no respondent appears twice")


# --------------------------------------------------------------------------------------------
# 7. a respondent id a spreadsheet made a date of (typed 1-2 or 3-11): read as
#    '2026-01-02T00:00:00' without a word (a code or number cell so changed is an error, a free-text
#    answer a warning)


def test_a_respondent_id_that_became_a_date_is_a_warning(tmp_path):
    import datetime

    import openpyxl

    cols = MINI.columns()
    wb = openpyxl.Workbook()
    wb.active.append(cols)
    for r in base_rows():
        wb.active.append([int(r[c]) if r.get(c, "").isdigit() else (r.get(c) or None) for c in cols])
    wb.active["A3"] = datetime.datetime(2026, 1, 2)
    wb.save(tmp_path / "export.xlsx")
    s = load_survey(tmp_path / "export.xlsx", MINI, mapping=None)
    assert s.n == 3
    [f] = [f for f in s.log.warnings if f.column == "respondent_id"]
    assert f.row == 3 and f.issue.startswith("the respondent id is a date and time: a spreadsheet may have made")
    assert "2026" not in f.issue + f.expected + f.action


# --------------------------------------------------------------------------------------------
# 8. an invisible character in a respondent id (a byte-order mark at the start of a row: a second
#    export pasted below the first without its header; a zero-width space copied along): the one
#    warning called it "personal data or free text (text of 2 characters)"


@pytest.mark.parametrize("rid, name", [("\ufeff2", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
                                       ("R5\u200b", "U+200B ZERO WIDTH SPACE"), ("2\u00ad", "U+00AD SOFT HYPHEN")])
def test_an_invisible_character_in_an_id_is_named_as_such(tmp_path, rid, name):
    rows = base_rows()
    rows[1]["respondent_id"] = rid
    s = load_survey(write_rows(tmp_path / "export.csv", rows, MINI.columns()), MINI, mapping=None)
    assert s.n == 3
    [f] = [f for f in s.log.warnings if f.column == "respondent_id"]
    assert f.issue.startswith(f"1 respondent id(s) hold an invisible character ({name}) (rows 3): a byte-order "
                              "mark at the start of a row is a second file pasted below the first")
