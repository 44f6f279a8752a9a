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


# --------------------------------------------------------------------------------------------
# 3. '1,200' in a count question of an export that writes decimals with a comma (before: read as 1200 with a
# repaired line; by the file's own writing it is 1.2)

def _dutch_numbers(frame: pd.DataFrame, count: str) -> pd.DataFrame:
    """Every decimal written with a comma ('96,7', '0,2': Dutch Excel's CSV), the first filled pgb_aantal
    written ``count``."""
    for c in frame.columns:
        frame[c] = frame[c].str.replace(r"^([0-9]+)\.([0-9]+)$", r"\1,\2", regex=True)
    first = frame.index[frame["pgb_aantal"] != ""][0]
    frame.loc[first, "pgb_aantal"] = count
    return frame


def test_a_thousands_comma_in_a_decimal_comma_export_is_an_error_that_says_why(tmp_path):
    import pytest
    from wlzmonitor.inputs.quality_log import ExportError

    path = _demo(tmp_path, "komma.csv", lambda f: _dutch_numbers(f, "1,200"))
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=None)
    (f,) = err.value.findings
    assert f.column == "pgb_aantal" and f.row is not None
    assert f.issue == ("got '1,200' (ambiguous: the export writes decimals with ',', so 1.2, not a whole number; "
                       "1200 only if ',' separates thousands here; write the number without a thousands separator)")


def test_a_thousands_separator_the_export_does_not_use_for_decimals_is_still_read(tmp_path):
    """'1.200' beside '96,7' (Dutch: a point groups thousands), and '1,200' in an export that shows no decimal
    separator, read as 1200 as before, each with its repaired line."""
    for name, change, sep in (("punt.csv", lambda f: _dutch_numbers(f, "1.200"), "."),
                              ("geen.csv", lambda f: _dutch_numbers(f.assign(tariefpercentage_hoger="", hlo_honorering_pct=""), "1,200"),
                               ",")):
        s = load_survey(_demo(tmp_path, name, change), CB, mapping=None)
        assert 1200 in set(s.responses["pgb_aantal"].dropna())
        assert [f.action for f in s.log.repairs if f.column == "pgb_aantal"] == \
            [f"read as 1200 ('{sep}' as thousands separator)"]


def test_the_decimal_separator_an_export_shows():
    from wlzmonitor.inputs.values import decimal_separator

    assert decimal_separator(["96,7", "1,200", ""]) == ","
    assert decimal_separator(["96.7", "1,200"]) == "."
    assert decimal_separator(["1.234,5"]) == "," and decimal_separator(["0,125"]) == ","
    assert decimal_separator(["1,200", "1.200", "12", "€ 1.234.567"]) is None  # three digits: no decimal shown
    assert decimal_separator(["96,7", "96.7"]) is None  # both: not decided


# --------------------------------------------------------------------------------------------
# 4. a total row below the respondents (before: only a label in the last row's first filled cell, in a few
# spellings; 'Gemiddeld', a count before the label and a total row with a mean or a note below it were read as
# respondents)

def _with_rows(frame: pd.DataFrame, *rows: dict[str, str]) -> pd.DataFrame:
    added = pd.DataFrame([{c: row.get(c, "") for c in frame.columns} for row in rows])
    return pd.concat([frame, added], ignore_index=True)


_SUM = {"productieafspraak": "9123456000"}


import pytest  # noqa: E402


@pytest.mark.parametrize("rows, labels", [
    (({"respondent_id": "Gemiddeld", "productieafspraak": "47000000"},), ["'Gemiddeld' in column 'respondent_id'"]),
    (({"respondent_id": "Totaal (n=132)"} | _SUM,), ["'Totaal (n=132)' in column 'respondent_id'"]),
    (({"respondent_id": "132", "voltooid": "TOTAAL:"} | _SUM,), ["'TOTAAL:' in column 'voltooid'"]),
    (({"respondent_id": "Totaal"} | _SUM, {"respondent_id": "Gemiddelde", "productieafspraak": "70000000"}),
     ["'Totaal' in column 'respondent_id'", "'Gemiddelde' in column 'respondent_id'"]),
    (({"voltooid": "Total"} | _SUM, {}, {"respondent_id": "Bron: export 15-12-2025"}),
     ["'Total' in column 'voltooid'"]),
])
def test_total_rows_in_other_spellings_and_places_are_errors_that_say_so(tmp_path, rows, labels):
    from wlzmonitor.inputs.quality_log import ExportError

    path = _demo(tmp_path, "totaal.csv", lambda f: _with_rows(f, *rows))
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=None)
    message = str(err.value)
    assert (" is a total row (" if len(labels) == 1 else " are total rows (") in message, message
    assert "; ".join(labels) in message and "added below the answers in a spreadsheet" in message


def _open_column(frame: pd.DataFrame) -> str:
    return next(c for q in CB.questions if q.type == "open" for c in q.answer_columns() if c in frame.columns)


@pytest.mark.parametrize("numeric_ids", [False, True])
def test_an_open_answer_totaal_of_the_last_respondent_is_an_answer(tmp_path, numeric_ids):
    def change(frame):
        frame.loc[len(frame) - 1, _open_column(frame)] = "Totaal"
        frame.loc[len(frame) - 2, _open_column(frame)] = "Gemiddelde:"
        if numeric_ids:
            frame["respondent_id"] = [r[1:].lstrip("0") for r in frame["respondent_id"]]
        return frame
    s = load_survey(_demo(tmp_path, "antwoord.csv", change), CB, mapping=None)
    assert s.rows_read == load_survey(demo_export_path(2026), CB).rows_read


# --------------------------------------------------------------------------------------------
# 5. a nameless first column in a CSV (before: "column 1 of the header has no name", an error, where a
# workbook's empty first column is left out with a warning since review h131)

def _csv_with_first_column(tmp: Path, name: str, values) -> Path:
    """The demo export with a first column without a name holding ``values(k)`` in respondent row k."""
    def change(frame):
        frame.insert(0, "", [values(k) for k in range(len(frame))])
        return frame
    return _demo(tmp, name, change)


def _index_warnings(s) -> list[str]:
    return [f.issue for f in s.log.warnings if "no name" in f.issue or "without a name" in f.issue]


def test_a_leading_delimiter_on_every_line_is_an_empty_column_left_out(tmp_path):
    plain = load_survey(demo_export_path(2026), CB)
    s = load_survey(_csv_with_first_column(tmp_path, "leeg.csv", lambda k: ""), CB, mapping=None)
    assert s.responses.equals(plain.responses) and s.rows_read == plain.rows_read
    assert _index_warnings(s) == ["1 column(s) without a name or a value: column(s) 1"]


def test_a_pandas_index_before_the_answers_is_left_out_with_a_warning(tmp_path):
    plain = load_survey(demo_export_path(2026), CB)
    path = tmp_path / "index.csv"
    pd.read_csv(demo_export_path(2026), dtype=str, keep_default_na=False).to_csv(path)  # index=True
    s = load_survey(path, CB, mapping=None)
    assert s.responses.equals(plain.responses)
    assert _index_warnings(s) == ["column 1 has no name and holds only the row numbers 0, 1, 2, …: a row index "
                                  "(pandas' to_csv with its index, a spreadsheet's counter), no answers"]


def test_a_nameless_first_column_with_other_values_is_still_an_error(tmp_path):
    from wlzmonitor.inputs.quality_log import ExportError

    for name, values in (("codes.csv", lambda k: str(k % 3)), ("gaten.csv", lambda k: str(k) if k != 5 else "")):
        with pytest.raises(ExportError, match="column 1 of the header has no name"):
            load_survey(_csv_with_first_column(tmp_path, name, values), CB, mapping=None)


# --------------------------------------------------------------------------------------------
# 6. a finding about a row of a workbook names the sheet (before: "file:row 5", whichever sheet it was)

def test_an_error_in_a_cell_of_a_workbook_names_its_sheet(platforms, tmp_path):
    import openpyxl
    from test_xlsx_variants_h131 import MS, _column
    from wlzmonitor.inputs.quality_log import ExportError

    wb = openpyxl.load_workbook(platforms.export(MS).path)
    ws = wb.active
    amount = next(c.column for c in ws[1] if str(c.value).startswith("3. "))
    ws.cell(5, amount).value = "veel"
    wb.create_sheet("Toelichting", 0)["A1"] = "Export van Microsoft Forms"
    path = tmp_path / MS
    wb.save(path)
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=platforms.mapping_file(MS), sheet=ws.title)
    (f,) = err.value.findings
    assert (f.row, f.sheet) == (5, repr(ws.title))
    assert f"{path}:sheet '{ws.title}', row 5, column " in str(err.value)
    assert _column(ws, "Id") == 1


@pytest.mark.parametrize("title", ["Export Petra Jansen", "Jansen"])
def test_a_sheet_named_after_a_person_is_withheld_where_a_finding_names_its_sheet(platforms, tmp_path, title):
    """h134 located a row's finding on its sheet by the sheet's name, and h136 withholds a sheet's name that may
    name the person who exported (check-export's output is pasted into tickets): a finding withholds it too."""
    import openpyxl
    from test_xlsx_variants_h131 import MS
    from wlzmonitor.inputs.quality_log import ExportError

    wb = openpyxl.load_workbook(platforms.export(MS).path)
    ws = wb.active
    ws.title = title
    amount = next(c.column for c in ws[1] if str(c.value).startswith("3. "))
    ws.cell(5, amount).value = "veel"
    path = tmp_path / MS
    wb.save(path)
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=platforms.mapping_file(MS), sheet=title)
    assert "Jansen" not in str(err.value) and "Jansen" not in str(err.value.findings[0])
    assert f"{path}:sheet (name withheld: it may name a person), row 5, column " in str(err.value)


def test_a_repair_in_a_workbook_names_its_sheet_and_the_log_keeps_its_columns(platforms, tmp_path):
    import openpyxl
    from test_xlsx_variants_h131 import MS

    wb = openpyxl.load_workbook(platforms.export(MS).path)
    ws = wb.active
    amount = next(c.column for c in ws[1] if str(c.value).startswith("3. "))
    row = 5  # a respondent's row (the test above: its cell is read)
    ws.cell(row, amount).value = f"ca. {ws.cell(row, amount).value}"
    path = tmp_path / MS
    wb.save(path)
    s = load_survey(path, CB, mapping=platforms.mapping_file(MS))
    found = [f for f in s.log.repairs if "approximate" in (f.action or "")]
    assert len(found) == 1, [str(f) for f in s.log.repairs]
    f = found[0]
    assert f.message.startswith(f"{path}:sheet '{ws.title}', row {row}, column ")
    assert "sheet" not in s.log.to_frame().columns
