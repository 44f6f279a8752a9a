"""Tests for loading exports in canonical form: wlzmonitor.inputs.reading, values, validation and survey."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.inputs.quality_log import DataQualityLog, ExportError, Finding
from wlzmonitor.inputs.reading import read_export
from wlzmonitor.inputs.survey import load_survey, Survey
from wlzmonitor.inputs.validation import validate
from wlzmonitor.inputs.values import parse_number

from mini_export import MINI_CODEBOOK as FIXTURE
from mini_export import OMZET_EXPECTED, base_rows, write_rows


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return load_codebook(FIXTURE)


def write_csv(path: Path, rows: list[dict], cb: Codebook, *, columns=None, delimiter=",",
              encoding="utf-8") -> Path:
    return write_rows(path, rows, columns or cb.columns(), delimiter=delimiter, encoding=encoding)


def errors_of(tmp_path: Path, rows: list[dict], cb: Codebook, **kw) -> ExportError:
    p = write_csv(tmp_path / "export.csv", rows, cb, **kw)
    with pytest.raises(ExportError) as ei:
        load_survey(p, cb)
    return ei.value


def only_error(err: ExportError) -> Finding:
    assert len(err.findings) == 1, [f.message for f in err.findings]
    return err.findings[0]


# -- a clean load ---------------------------------------------------------------------------


def test_load_clean_csv(tmp_path, cb):
    p = write_csv(tmp_path / "export.csv", base_rows(), cb)
    s = load_survey(p, cb)
    assert isinstance(s, Survey)
    assert s.source == p and s.codebook is cb and s.rows_read == 3
    r = s.responses
    assert r.index.name == "respondent_id"
    assert r.index.tolist() == ["1", "2", "10"]  # natural order, not "1", "10", "2"
    assert r["omzet"].dtype == "Int64"
    assert r["tarief_pct"].dtype == "Float64"
    assert r["zorgtype__tekst"].dtype == "string"
    assert r.loc["1", "tarief_pct"] == pytest.approx(96.7)
    assert pd.isna(r.loc["2", "tarief_pct"])
    assert r.loc["2", "zorgtype__tekst"] == "Dagbesteding"
    # multi: not asked -> empty everywhere; asked -> 0/1
    assert r.loc["2", ["redenen__1", "redenen__3"]].isna().all()
    assert r.loc["10", ["redenen__1", "redenen__3"]].tolist() == [0, 1]
    # derived variable
    assert r["omzetgroep"].dtype == "Int64"
    assert r["omzetgroep"].tolist() == [1, 3, 2]
    assert len(s.log) == 0


def test_private_columns_split_off(tmp_path, cb):
    s = load_survey(write_csv(tmp_path / "export.csv", base_rows(), cb), cb)
    for c in cb.private_columns():
        assert c not in s.responses.columns
    assert list(s._private.columns) == cb.private_columns()
    assert s._private.loc["1", "contact__naam"] == "Jan Jansen"
    assert s._private.loc["1", "contact__toestemming"] == 1
    assert "Jan Jansen" not in s.responses.to_csv()
    assert "Jan Jansen" not in repr(s)


def test_accounting_adds_up(tmp_path, cb):
    rows = base_rows()
    rows.append(dict(rows[0]))                                # row 5: identical copy of row 2
    rows.append(dict(respondent_id="20", voltooid="0", omzet="2"))   # row 6: incomplete
    rows.append(dict(base_rows()[1], respondent_id="21", omzet=""))  # row 7: Vraag 1 missing
    s = load_survey(write_csv(tmp_path / "export.csv", rows, cb), cb)
    acc = s.accounting
    assert acc.to_dict("records") == [
        {"step": "rows read", "n": 6},
        {"step": "included", "n": 3},
        {"step": "excluded: duplicate of an earlier row", "n": 1},
        {"step": "excluded: incomplete response (voltooid = 0)", "n": 1},
        {"step": "excluded: incomplete (required answer missing)", "n": 1},
    ]
    assert acc["n"].iloc[1] + acc["n"].iloc[2:].sum() == acc["n"].iloc[0]
    assert s.responses.index.tolist() == ["1", "2", "10"]


# -- reading formats ------------------------------------------------------------------------


def test_csv_semicolon_decimal_comma_cp1252(tmp_path, cb):
    rows = base_rows()
    rows[0]["tarief_pct"] = "96,7%"
    rows[1]["zorgtype__tekst"] = "Dagbesteding en café"
    p = write_csv(tmp_path / "export.csv", rows, cb, delimiter=";", encoding="cp1252")
    assert "é".encode("cp1252") in p.read_bytes()
    raw = read_export(p)
    assert raw.loc[0, "tarief_pct"] == "96,7%"   # read as text, not coerced
    assert raw["__row__"].tolist() == [2, 3, 4]
    s = load_survey(p, cb)
    assert s.responses.loc["1", "tarief_pct"] == pytest.approx(96.7)
    assert s.responses.loc["2", "zorgtype__tekst"] == "Dagbesteding en café"


def test_csv_utf8_bom(tmp_path, cb):
    rows = base_rows()
    rows[1]["zorgtype__tekst"] = "Zorg à la carte"
    p = write_csv(tmp_path / "export.csv", rows, cb, encoding="utf-8-sig")
    assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    raw = read_export(p)
    assert raw.columns[0] == "respondent_id"
    s = load_survey(p, cb)
    assert s.responses.loc["2", "zorgtype__tekst"] == "Zorg à la carte"


def test_csv_keeps_text_and_leading_zeros(tmp_path, cb):
    rows = base_rows()
    rows[0]["respondent_id"] = "007"
    p = write_csv(tmp_path / "export.csv", rows, cb)
    raw = read_export(p)
    assert raw.loc[0, "respondent_id"] == "007"
    assert (raw.drop(columns="__row__").map(type) == str).all().all()
    assert load_survey(p, cb).responses.index.tolist() == ["2", "007", "10"]


def test_blank_lines_keep_spreadsheet_row_numbers(tmp_path, cb):
    p = write_csv(tmp_path / "export.csv", base_rows(), cb)
    lines = p.read_text(encoding="utf-8").splitlines()
    p.write_text("\n".join(lines[:2] + [""] + lines[2:] + ["", ""]) + "\n", encoding="utf-8")
    raw = read_export(p)
    assert raw["__row__"].tolist() == [2, 4, 5]
    assert raw["respondent_id"].tolist() == ["1", "2", "10"]


def test_xlsx_hidden_rows_and_columns_are_read_and_said(tmp_path, cb):
    """Review: rows hidden under an autofilter were counted and included without a word."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    cols = cb.columns()
    ws.append(cols)
    for r in base_rows():
        ws.append([r.get(c, "") or None for c in cols])
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["C"].hidden = True
    ws.auto_filter.ref = f"A1:C{ws.max_row}"
    wb.save(tmp_path / "x.xlsx")
    s = load_survey(tmp_path / "x.xlsx", cb)
    assert len(s.responses) == 3  # read like every other row
    said = [f.issue for f in s.log.findings]
    assert "1 respondent row(s) are hidden in the sheet (a filter, or hidden by hand): row(s) 3" in said
    assert f"1 column(s) are hidden in the sheet: {cols[2]}" in said
    plain = openpyxl.load_workbook(tmp_path / "x.xlsx")
    plain.active.row_dimensions[3].hidden = False
    plain.active.column_dimensions["C"].hidden = False
    plain.save(tmp_path / "y.xlsx")
    assert not any("hidden" in f.issue for f in load_survey(tmp_path / "y.xlsx", cb).log.findings)


def test_xlsx(tmp_path, cb):
    import openpyxl

    wb = openpyxl.Workbook()
    ws0 = wb.active
    ws0.title = "Toelichting"
    ws0["A1"] = "Export uit het enquêteprogramma"
    ws = wb.create_sheet("Data")
    cols = cb.columns()
    ws.append(cols)
    for r in base_rows():
        values = []
        for c in cols:
            v = r.get(c, "")
            if c == "tarief_pct" and v:
                values.append(0.967)        # shown as 96,7% in Excel
            elif v.isdigit() and c != "respondent_id":
                values.append(int(v))
            else:
                values.append(v or None)
        ws.append(values)
    ws.cell(row=2, column=cols.index("tarief_pct") + 1).number_format = "0.0%"
    ws.append([None] * len(cols))      # trailing empty rows
    ws.append([None] * len(cols))
    p = tmp_path / "export.xlsx"
    wb.save(p)

    raw = read_export(p, sheet="Data")
    assert raw["__row__"].tolist() == [2, 3, 4]
    assert raw.loc[0, "tarief_pct"] == "96.7%"
    assert raw.loc[0, "omzet"] == "1"
    s = load_survey(p, cb, sheet="Data")
    assert s.responses.loc["1", "tarief_pct"] == pytest.approx(96.7)
    assert s.responses["omzet"].tolist() == [1, 4, 3]
    with pytest.raises(ExportError, match=r"no sheet named 'Dat' \(sheets: sheet 1 'Toelichting', sheet 2 'Data';"):
        read_export(p, sheet="Dat")
    # two visible sheets and none named: the loader does not guess which one holds the answers
    with pytest.raises(ExportError, match=r"2 visible sheets \(sheet 1 'Toelichting', sheet 2 'Data'\); say which one"):
        load_survey(p, cb)


@pytest.mark.parametrize("fmt, value, read", [
    ("0.0%", 0.967, "96.7%"),
    ('0.0%;-0.0%;"-"', 0.967, "96.7%"),   # sections: positive; negative; zero (review: read as 0.967)
    ("0.0%_);(0.0%)", 0.967, "96.7%"),    # accounting padding after the sign
    ("[Blue]0.0%;[Red]-0.0%", 0.967, "96.7%"),
    ('0.0%;-0.0%;"-"', 0, "0"),           # zero shown as '-'
    ("0.0\\%", 96.7, "96.7"),             # an escaped percent sign is shown as it is, not scaled
    ('0.0"%"', 96.7, "96.7"),             # the same, quoted
    ("General", 96.7, "96.7"),
])
def test_xlsx_percent_formats_in_every_shape_are_read_as_shown(tmp_path, cb, fmt, value, read):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    cols = cb.columns()
    ws.append(cols)
    for r in base_rows():
        ws.append([r.get(c) or None for c in cols])
    cell = ws.cell(row=2, column=cols.index("tarief_pct") + 1)
    cell.value, cell.number_format = value, fmt
    p = tmp_path / "export.xlsx"
    wb.save(p)
    assert read_export(p).loc[0, "tarief_pct"] == read


def test_sav(tmp_path, cb):
    import pyreadstat

    cols = cb.columns()
    text_cols = {"respondent_id", "zorgtype__tekst", "redenen__tekst",
                 "belasting__toelichting", "nps__toelichting", "suggesties",
                 "contact__naam", "contact__email"}
    data = {}
    for c in cols:
        vals = [r.get(c, "") for r in base_rows()]
        if c in text_cols:
            data[c] = vals
        else:
            data[c] = [float(v) if v else float("nan") for v in vals]
    df = pd.DataFrame(data)
    p = tmp_path / "export.sav"
    pyreadstat.write_sav(df, str(p), variable_value_labels={"omzet": {1.0: "Klein", 4.0: "Groot"}})
    raw = read_export(p)
    assert raw.loc[0, "omzet"] == "1"          # codes, not labels
    assert raw.loc[0, "tarief_pct"] == "96.7"
    assert raw.loc[1, "tarief_pct"] == ""
    s = load_survey(p, cb)
    assert s.responses["omzet"].tolist() == [1, 4, 3]
    assert s.responses.loc["1", "tarief_pct"] == pytest.approx(96.7)


def test_sav_user_missing_values(tmp_path, cb):
    """Review: an agency declared 'Weet niet'-like answers user-missing in the .sav; the reader made
    them empty and the respondents were excluded as incomplete without a word. A declared-missing
    value whose label is an option of the question is read as that answer (logged); one that is
    no option (Qualtrics' -99 'Seen but not answered') is no answer, logged too."""
    import pyreadstat

    cols = cb.columns()
    text_cols = {"respondent_id", "zorgtype__tekst", "redenen__tekst", "belasting__toelichting",
                 "nps__toelichting", "suggesties", "contact__naam", "contact__email"}
    data = {c: [r.get(c, "") if c in text_cols else (float(r[c]) if r.get(c) else float("nan")) for r in base_rows()]
            for c in cols}
    data["nps"][0] = -99.0  # 'Seen but not answered' (no option of the NPS question)
    df = pd.DataFrame(data)
    p = tmp_path / "export.sav"
    labels = {"omzet": {1.0: "Minder dan 20 miljoen euro", 2.0: "20 tot 40 miljoen euro",
                        3.0: "40 tot 100 miljoen euro", 4.0: "Meer dan 100 miljoen euro"},
              "nps": {-99.0: "Seen but not answered"}}
    pyreadstat.write_sav(df, str(p), variable_value_labels=labels,
                         missing_ranges={"omzet": [3.0], "nps": [{"lo": -99.0, "hi": -99.0}]})
    s = load_survey(p, cb)
    assert s.responses.loc["10", "omzet"] == 3  # the declared-missing answer, read as its option
    assert "1" not in s.responses.index  # -99 is no answer to a required question: excluded, with the reason
    assert s.responses["omzet"].tolist() == [4, 3]
    log = s.log.to_frame()
    said = " | ".join(log["issue"].astype(str) + " -> " + log["action"].astype(str))
    assert "SPSS declares value(s) 3 ('40 tot 100 miljoen euro') missing, but it is an answer option" in said
    assert "read as that answer in 1 row(s)" in said
    assert "SPSS user-missing value(s) -99 ('Seen but not answered') -> read as no answer in 1 row(s)" in said


def test_a_text_without_its_option_is_no_missing_answer(tmp_path, cb):
    """Review: SurveyMonkey writes its own 'Other (please specify)' answer only as text; the
    respondents had no option and were excluded as 'incomplete' (exit 0). An answered text box with
    no option chosen is an error naming the question and the mapping's fix."""
    rows = base_rows()
    rows[1]["zorgtype"] = ""  # respondent 2 wrote 'Dagbesteding' in the text box of 'Anders, namelijk'
    p = write_csv(tmp_path / "x.csv", rows, cb)
    with pytest.raises(ExportError) as err:
        load_survey(p, cb)
    text = str(err.value)
    assert "no option chosen, but the text of 'Anders, namelijk' is filled in" in text
    assert "selects: 3" in text and "incomplete" not in text
    rows[1]["zorgtype__tekst"] = ""  # no text either: a missing answer, excluded as before
    s = load_survey(write_csv(tmp_path / "y.csv", rows, cb), cb)
    assert "2" not in s.responses.index and len(s.responses) == 2


def test_empty_header_only_and_unsupported(tmp_path, cb):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ExportError, match=r"empty\.csv: the file is empty"):
        read_export(empty)
    header = tmp_path / "header.csv"
    header.write_text(",".join(cb.columns()) + "\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"header\.csv: the file has a header but no respondent "
                                          r"rows"):
        read_export(header)
    xls = tmp_path / "export.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ExportError, match=r"unsupported file type '\.xls'; expected one of "
                                          r"\.csv, \.tsv, \.xlsx, \.xlsm, \.sav, \.zsav \(an Excel "
                                          r"97-2003 workbook: open it in Excel and save it as \.xlsx\)$"):
        read_export(xls)
    odd = tmp_path / "export.json"
    odd.write_text("{}")
    with pytest.raises(ExportError, match=r"unsupported file type '\.json'; expected one of "
                                          r"\.csv, \.tsv, \.xlsx, \.xlsm, \.sav, \.zsav$"):
        read_export(odd)


def test_duplicate_header(tmp_path, cb):
    p = tmp_path / "dup.csv"
    p.write_text("respondent_id,voltooid,omzet,omzet\n1,1,1,1\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"column name\(s\) appear more than once in the "
                                          r"header: 'omzet'"):
        read_export(p)


def test_parse_number():
    assert parse_number("96,7") == 96.7
    assert parse_number("96.7") == 96.7
    assert parse_number("96,7%", percent=True) == 96.7
    assert parse_number("96,7%") is None
    assert parse_number("1.500.000") == 1500000
    assert parse_number("€ 1.234,50") == 1234.5
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("-1.234.567,89") == -1234567.89
    # with both separators, the other one only between groups of three digits
    for text in ("1.23,4", "9.5,5", "1,2.5", "12.34.567,8", "1.2345,6", "1.234,5.6", "1,234.5,6"):
        assert parse_number(text) is None, text
    assert parse_number("veel") is None
    assert parse_number("nan") is None
    assert parse_number("") is None


# -- columns --------------------------------------------------------------------------------


def test_missing_column_is_error(tmp_path, cb):
    cols = [c for c in cb.columns() if c != "nps"]
    err = errors_of(tmp_path, base_rows(), cb, columns=cols)
    f = only_error(err)
    assert (f.row, f.column, f.question, f.severity) == (None, "nps", "Vraag 7 nps", "error")
    assert f.message == (f"{tmp_path / 'export.csv'}, column 'nps' (Vraag 7 nps): missing "
                         "expected column, expected a column named 'nps'")
    assert str(err).splitlines()[1] == "  " + f.message


def test_extra_column_dropped_with_warning(tmp_path, cb):
    rows = base_rows()
    for r in rows:
        r["IP-adres"] = "10.0.0.1"
    p = write_csv(tmp_path / "export.csv", rows, cb, columns=cb.columns() + ["IP-adres"])
    s = load_survey(p, cb)
    assert "IP-adres" not in s.responses.columns
    assert "IP-adres" not in s._private.columns
    [w] = s.log.warnings
    assert (w.column, w.severity, w.row) == ("IP-adres", "warning", None)
    assert w.issue == "unexpected column, not in codebook 2099"
    assert w.action == "column dropped (it could hold personal data)"


# -- values ---------------------------------------------------------------------------------


def test_invalid_option_code(tmp_path, cb):
    rows = base_rows()
    rows[1]["omzet"] = "7"
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (f"{tmp_path / 'export.csv'}:row 3, column 'omzet' (Vraag 1 omzet): "
                         f"got '7', expected {OMZET_EXPECTED}")
    assert (f.file, f.row, f.respondent_id, f.column, f.question, f.expected) == (
        str(tmp_path / "export.csv"), 3, "2", "omzet", "Vraag 1 omzet", OMZET_EXPECTED)


def test_non_numeric_code_and_matrix_code(tmp_path, cb):
    rows = base_rows()
    rows[0]["omzet"] = "klein"
    rows[2]["gebruik__meerzorg"] = "3"
    err = errors_of(tmp_path, rows, cb)
    msgs = [f.message for f in err.findings]
    file = tmp_path / "export.csv"
    # (review h97: "klein" is a surname too, Klein, and no answer word: not quoted)
    assert f"{file}:row 2, column 'omzet' (Vraag 1 omzet): got text of 5 characters, expected " \
           f"{OMZET_EXPECTED}" in msgs
    assert f"{file}:row 4, column 'gebruik__meerzorg' (Vraag 4 gebruik): got '3', expected " \
           "one of 1=Ja, 2=Nee" in msgs


def test_multi_value_not_0_1(tmp_path, cb):
    rows = base_rows()
    rows[0]["redenen__2"] = "2"
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (f"{tmp_path / 'export.csv'}:row 2, column 'redenen__2' (Vraag 3 "
                         "redenen): got '2', expected 0 (not selected) or 1 (selected)")


@pytest.mark.parametrize("value, issue", [
    ("151", "got '151' (out of range)"),
    ("-1", "got '-1' (out of range)"),
    ("veel", "got 'veel' (not a number)"),
])
def test_numeric_range_and_not_a_number(tmp_path, cb, value, issue):
    rows = base_rows()
    rows[0]["tarief_pct"] = value
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (f"{tmp_path / 'export.csv'}:row 2, column 'tarief_pct' (Vraag 6 "
                         f"tarief_pct): {issue}, expected a number from 0 to 150 (percent)")


@pytest.mark.parametrize("value, issue", [
    ("11", "got '11' (out of range)"), ("7,5", "got '7,5'"), ("-", "got '-'")])
def test_nps_outside_0_10_or_not_whole(tmp_path, cb, value, issue):
    rows = base_rows()
    rows[2]["nps"] = value
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (f"{tmp_path / 'export.csv'}:row 4, column 'nps' (Vraag 7 nps): "
                         f"{issue}, expected a whole number from 0 to 10")


def test_scale_outside_range(tmp_path, cb):
    rows = base_rows()
    rows[0]["belasting__zzp"] = "6"
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (f"{tmp_path / 'export.csv'}:row 2, column 'belasting__zzp' (Vraag 5 "
                         "belasting): got '6' (out of range), expected a whole number from 1 to 5")


# -- routing --------------------------------------------------------------------------------


def test_answer_where_not_asked(tmp_path, cb):
    rows = base_rows()
    rows[1]["redenen__1"] = "1"          # zorgtype 3: Vraag 3 not asked
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (
        f"{tmp_path / 'export.csv'}:row 3, column 'redenen__1' (Vraag 3 redenen): got '1' but "
        "the question was not asked because Vraag 2 zorgtype is not one of 1, 2 (or "
        "unanswered) (this row: zorgtype = 3), expected empty")


def test_answer_where_not_asked_all_any(tmp_path, cb):
    rows = base_rows()
    rows[2]["tarief_pct"] = "80"         # reason 3 only and no zzp: Vraag 6 not asked
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (
        f"{tmp_path / 'export.csv'}:row 4, column 'tarief_pct' (Vraag 6 tarief_pct): got '80' "
        "but the question was not asked because Vraag 2 zorgtype is unanswered or one of 3 or "
        "(Vraag 3 redenen has none of 1, 2 selected and Vraag 4 gebruik item zzp is not one of "
        "1 (or unanswered)) (this row: zorgtype = 2; redenen selected: 3; gebruik__zzp = 2), "
        "expected empty")


def test_text_where_not_asked_does_not_echo_text(tmp_path, cb):
    rows = base_rows()
    rows[1]["redenen__tekst"] = "Vertrouwelijk"
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.column == "redenen__tekst"
    assert f.issue.startswith("got text but the question was not asked because")
    assert "Vertrouwelijk" not in f.message


def test_item_answer_where_item_not_asked(tmp_path, cb):
    rows = base_rows()
    rows[0]["belasting__meerzorg"] = "2"   # gebruik__meerzorg = 2
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (
        f"{tmp_path / 'export.csv'}:row 2, column 'belasting__meerzorg' (Vraag 5 belasting): "
        "got '2' but item meerzorg was not asked because Vraag 4 gebruik (same item) is not one "
        "of 1 (or unanswered) (this row: gebruik__meerzorg = 2), expected empty")


def test_multi_zeros_where_not_asked_are_empty(tmp_path, cb):
    rows = base_rows()
    rows[1].update(redenen__1="0", redenen__2="0", redenen__3="0", redenen__4="0")
    s = load_survey(write_csv(tmp_path / "export.csv", rows, cb), cb)
    assert s.responses.loc["2", [f"redenen__{i}" for i in (1, 2, 3, 4)]].isna().all()
    [w] = s.log.warnings
    assert w.issue == "4 cell(s) hold 0 where the question was not asked"


# -- required answers and completeness ------------------------------------------------------


def test_required_missing_excludes_row(tmp_path, cb):
    rows = base_rows()
    rows[2]["omzet"] = ""
    s = load_survey(write_csv(tmp_path / "export.csv", rows, cb), cb)
    [f] = s.log.exclusions
    assert f.message == (f"{tmp_path / 'export.csv'}:row 4, column 'omzet' (Vraag 1 omzet): "
                         "incomplete: Vraag 1 missing, expected an answer (asked of everyone)")
    assert (f.severity, f.action, f.respondent_id) == ("excluded", "row excluded", "10")
    assert s.responses.index.tolist() == ["1", "2"]


def test_multi_all_zero_counts_as_missing(tmp_path, cb):
    rows = base_rows()
    rows[2]["redenen__3"] = "0"
    s = load_survey(write_csv(tmp_path / "export.csv", rows, cb), cb)
    [f] = s.log.exclusions
    assert (f.row, f.column, f.issue) == (4, "redenen__*", "incomplete: Vraag 3 missing")
    assert f.expected == "an answer (asked because Vraag 2 zorgtype is one of 1, 2)"


def test_matrix_item_missing_warns_matrix_all_missing_excludes(tmp_path, cb):
    rows = base_rows()
    rows[0]["gebruik__meerzorg"] = ""
    rows[1]["gebruik__zzp"] = ""
    rows[1]["gebruik__meerzorg"] = ""
    s = load_survey(write_csv(tmp_path / "export.csv", rows, cb), cb)
    [w] = s.log.warnings
    assert (w.row, w.column, w.issue) == (2, "gebruik__meerzorg", "item(s) meerzorg not answered")
    [x] = s.log.exclusions
    assert (x.row, x.issue) == (3, "incomplete: Vraag 4 missing")


def test_text_comment_open_and_not_required_never_required(tmp_path, cb):
    rows = base_rows()
    rows[0]["belasting__zzp"] = ""        # belasting: required: false
    rows[0]["belasting__toelichting"] = ""
    rows[2]["belasting__meerzorg"] = ""
    s = load_survey(write_csv(tmp_path / "export.csv", rows, cb), cb)
    assert len(s.log) == 0                 # suggesties, toelichting, contact all empty somewhere
    assert s.responses.shape[0] == 3


def test_incomplete_response_excluded_without_routing_checks(tmp_path, cb):
    rows = base_rows()
    rows[1]["voltooid"] = "0"
    rows[1]["redenen__1"] = "1"           # would be a routing error on a complete response
    rows[1]["omzet"] = ""                 # would be a missing required answer
    s = load_survey(write_csv(tmp_path / "export.csv", rows, cb), cb)
    [f] = s.log.findings
    assert f.message == (f"{tmp_path / 'export.csv'}:row 3, column 'voltooid': incomplete "
                         "response")
    assert (f.severity, f.action) == ("excluded", "row excluded")
    assert s.responses.index.tolist() == ["1", "10"]


@pytest.mark.parametrize("value, issue", [("2", "got '2'"), ("", "empty"), ("ja", "got 'ja'")])
def test_voltooid_not_0_or_1(tmp_path, cb, value, issue):
    rows = base_rows()
    rows[0]["voltooid"] = value
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (f"{tmp_path / 'export.csv'}:row 2, column 'voltooid': {issue}, "
                         "expected 1 (complete) or 0 (incomplete)")


# -- respondent ids -------------------------------------------------------------------------


def test_empty_respondent_id(tmp_path, cb):
    rows = base_rows()
    rows[1]["respondent_id"] = " "
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (f"{tmp_path / 'export.csv'}:row 3, column 'respondent_id': empty "
                         "respondent id, expected a unique respondent id")
    assert f.respondent_id is None


def test_duplicate_identical_row_excluded(tmp_path, cb):
    rows = base_rows()
    rows.append(dict(rows[1]))
    s = load_survey(write_csv(tmp_path / "export.csv", rows, cb), cb)
    [f] = s.log.findings
    assert (f.row, f.respondent_id, f.column, f.severity, f.issue) == (
        5, "2", "respondent_id", "excluded", "duplicate of row 3")
    assert s.responses.index.tolist() == ["1", "2", "10"]


def test_duplicate_differing_rows_error(tmp_path, cb):
    rows = base_rows()
    rows.append(dict(rows[1], nps="3"))
    f = only_error(errors_of(tmp_path, rows, cb))
    assert f.message == (f"{tmp_path / 'export.csv'}:row 5, column 'respondent_id': respondent "
                         "id '2' also on row 3 with different answers (columns nps), expected "
                         "unique respondent ids")


# -- the error report -----------------------------------------------------------------------


def test_all_problems_collected_and_message_capped(tmp_path, cb):
    rows = []
    for i in range(40):
        r = dict(base_rows()[1], respondent_id=str(100 + i), omzet=str(9 + i), suggesties=f"Meer overleg ({i})")
        rows.append(r)  # (40 rows with the same answers would be one form sent 40 times)
    rows[0]["nps"] = "12"
    err = errors_of(tmp_path, rows, cb)
    assert len(err.findings) == 41
    lines = str(err).splitlines()
    assert lines[0] == (f"{tmp_path / 'export.csv'}: 41 problems must be fixed before the "
                        "export can be analysed:")
    assert len(lines) == 1 + 30 + 1
    # the command names the codebook's year (review h103: "--year YEAR", to be filled in by the reader)
    assert lines[-1] == (f"  ... and 11 more (every one, by row: python -m wlzmonitor check-export --year {cb.year} "
                         f"{tmp_path / 'export.csv'} --log problems.csv)")
    assert err.findings[0].message.startswith(f"{tmp_path / 'export.csv'}:row 2, column 'omzet'")
    assert isinstance(err.log, DataQualityLog)


def test_the_same_problem_on_many_rows_is_one_line(tmp_path, cb):
    """Review h103: an export of next year's questionnaire read with last year's codebook still in place gave one
    line per row with the new code ("got '6'" 27 times), the few lines that said why among them."""
    rows = []
    for i in range(40):
        rows.append(dict(base_rows()[1], respondent_id=str(100 + i), omzet="9", suggesties=f"Meer overleg ({i})"))
    rows[0]["nps"] = "12"
    err = errors_of(tmp_path, rows, cb)
    assert len(err.findings) == 41
    lines = str(err).splitlines()
    assert lines[0].endswith("41 problems must be fixed before the export can be analysed:") and len(lines) == 3
    omzet = next(line for line in lines if "'omzet'" in line)
    assert omzet.startswith(f"  {tmp_path / 'export.csv'}, column 'omzet'") \
        and ": got '9' on 40 rows (2, 3, 4, 5, 6, 7, 8, 9, …), expected one of" in omzet, omzet


def test_log_to_frame_and_csv(tmp_path, cb):
    rows = base_rows()
    rows.append(dict(respondent_id="30", voltooid="0", contact__naam="Piet Geheim"))
    s = load_survey(write_csv(tmp_path / "export.csv", rows, cb), cb)
    df = s.log.to_frame()
    assert list(df.columns) == ["file", "row", "respondent_id", "column", "question",
                                "severity", "issue", "expected", "action", "export_column"]
    assert df["row"].tolist() == [5]
    out = s.log.to_csv(tmp_path / "log" / "data_quality.csv")
    text = out.read_text(encoding="utf-8")
    assert "incomplete response" in text and "Piet Geheim" not in text


def test_validate_directly(tmp_path, cb):
    raw = pd.DataFrame([{c: r.get(c, "") for c in cb.columns()} for r in base_rows()])
    included, log = validate(raw, cb, "memory")
    assert included["__row__"].tolist() == [2, 3, 4]
    assert list(included.columns) == cb.columns() + ["__row__"]
    assert len(log) == 0


def test_finding_rejects_unknown_severity():
    with pytest.raises(ValueError, match="severity"):
        Finding("f", 2, "1", "x", None, "fatal", "issue")
