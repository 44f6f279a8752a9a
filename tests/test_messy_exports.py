"""Faulty and messy exports: every case ends in a clear error or in a logged repair.

Each case in ``CASES`` builds an export in ``tmp_path`` (from the mini codebook's three
respondents or from the 2026 demo export) and states the outcome: an error whose finding names
the file, row, column and question (or, for a problem of the whole file, the file), or a load
whose data-quality log holds the exact repair, warning or exclusion and the resulting value.
``test_accounting_adds_up`` then checks, for every case that loads, that the rows read are the
rows included plus the rows excluded, each excluded row with its reason.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.codebook_parse import codebook_for_year, load_codebook
from wlzmonitor.inputs.mapping import ExportMapping, MappingError, MultiColumn, load_mapping
from wlzmonitor.inputs.quality_log import EXCLUSION_REASONS, ExportError, Finding
from wlzmonitor.inputs.survey import load_survey, Survey
from wlzmonitor.demo.generator import demo_export_path as raw_export
from wlzmonitor.inputs.values import normalise_label

from mini_export import MINI_CODEBOOK
from mini_export import OMZET_EXPECTED as OMZET
from mini_export import base_rows as mini_rows  # three valid, complete respondents (rows 2-4)
from mini_export import write_rows as write_csv

MINI = load_codebook(MINI_CODEBOOK)
CB26 = codebook_for_year(2026)
DEMO = pd.read_csv(raw_export(2026), dtype=str, keep_default_na=False)


def mini_csv(tmp: Path, rows=None, columns=None, **kw) -> Path:
    return write_csv(tmp / "export.csv", mini_rows() if rows is None else rows,
                     columns or MINI.columns(), **kw)


def mini_with(**changes: dict[str, str]) -> list[dict[str, str]]:
    """mini_rows() with changes per row: mini_with(r2={"omzet": "7"}) changes row 2."""
    rows = mini_rows()
    for key, change in changes.items():
        rows[int(key[1:]) - 2].update(change)
    return rows


def demo_rows(n: int = 12) -> pd.DataFrame:
    """The first ``n`` complete demo respondents (distinct ids)."""
    d = DEMO[(DEMO["voltooid"] == "1") & ~DEMO["respondent_id"].duplicated(keep=False)]
    return d.head(n).reset_index(drop=True)


def demo_csv(tmp: Path, frame: pd.DataFrame, name: str = "export.csv") -> Path:
    p = tmp / name
    frame.to_csv(p, index=False)
    return p


def demo_row_where(column: str) -> pd.DataFrame:
    """12 demo respondents whose first one answered ``column``."""
    d = DEMO[(DEMO["voltooid"] == "1") & ~DEMO["respondent_id"].duplicated(keep=False)]
    first = d[d[column] != ""].head(1)
    return pd.concat([first, d[d.index != first.index[0]].head(11)]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# outcomes


@dataclass
class Error:
    """The load fails; ``finding`` (when given) is one of ``err.findings`` field by field
    (``file`` filled in by the test), else ``text`` is part of the error message."""

    finding: dict | None = None
    text: str | None = None
    exc: type = ExportError


@dataclass
class Loads:
    """The load succeeds; ``check(survey, path)`` asserts the log entries and values."""

    check: Callable[[Survey, Path], None]


@dataclass
class Case:
    build: Callable[[Path], tuple[Path, Codebook, dict]]
    outcome: Error | Loads


def one(survey: Survey, severity: str) -> Finding:
    found = survey.log.of_severity(severity)
    assert len(found) == 1, [f.message for f in survey.log]
    return found[0]


def fields(f: Finding, *names: str) -> tuple:
    return tuple(getattr(f, n) for n in names)


CASES: dict[str, Case] = {}


def case(name: str, outcome: Error | Loads):
    def register(build):
        assert name not in CASES
        CASES[name] = Case(build, outcome)
        return build
    return register


# --------------------------------------------------------------------------------------------
# file format, delimiter, encoding


def _check_semicolon(s: Survey, p: Path) -> None:
    assert s.responses.loc["1", "tarief_pct"] == pytest.approx(96.7)   # decimal comma: normal
    assert s.responses.loc["2", "zorgtype__tekst"] == "Dagbesteding en café"
    assert [f.issue for f in s.log] == ["the file is not UTF-8: read as Windows-1252 (its characters beyond "
                                        "ASCII: é)"]


@case("semicolon delimiter, decimal comma, Windows-1252", Loads(_check_semicolon))
def _(tmp):
    rows = mini_with(r2={"tarief_pct": "96,7"}, r3={"zorgtype__tekst": "Dagbesteding en café"})
    return mini_csv(tmp, rows, delimiter=";", encoding="cp1252"), MINI, {}


def _check_bom(s: Survey, p: Path) -> None:
    assert s.responses.loc["2", "zorgtype__tekst"] == "Zorg à la carte"
    assert len(s.log) == 0


def _check_clean(s: Survey, p: Path) -> None:
    assert s.responses.index.tolist() == ["1", "2", "10"]
    assert len(s.log) == 0


@case("UTF-8 with BOM", Loads(_check_bom))
def _(tmp):
    rows = mini_with(r3={"zorgtype__tekst": "Zorg à la carte"})
    p = mini_csv(tmp, rows, encoding="utf-8-sig")
    assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    return p, MINI, {}


@case("UTF-16 with BOM", Loads(_check_clean))
def _(tmp):
    return mini_csv(tmp, encoding="utf-16"), MINI, {}


@case("wrong delimiter (pipes)", Error(text="the header reads as one column (line 1: 294 characters, '|' 21×); "
                                      "expected columns separated by a comma or a semicolon"))
def _(tmp):
    return mini_csv(tmp, delimiter="|"), MINI, {}


@case("wrong encoding (bytes that are neither UTF-8 nor Windows-1252)",
      Error(text="line 3: byte 0x81 cannot be read as UTF-8 or Windows-1252 (another encoding, or no text "
                 "file); save the file again as UTF-8"))  # review: the codec's message, no line
def _(tmp):
    p = mini_csv(tmp)
    p.write_bytes(p.read_bytes().replace(b"Meer overleg", b"Meer \x81 overleg"))
    return p, MINI, {}


@case("empty file", Error(text="export.csv: the file is empty"))
def _(tmp):
    p = tmp / "export.csv"
    p.write_bytes(b"\r\n  \n")
    return p, MINI, {}


@case("header-only file", Error(text="export.csv: the file has a header but no respondent rows"))
def _(tmp):
    return mini_csv(tmp, rows=[]), MINI, {}


def _check_blank_lines(s: Survey, p: Path) -> None:
    w = one(s, "warning")
    assert w.message == f"{p}: 2 entirely empty row(s) skipped (rows 3, 6)"
    assert w.action == "not respondent rows: not counted as rows read"
    assert s.rows_read == 3


@case("blank lines between and after the respondents", Loads(_check_blank_lines))
def _(tmp):
    p = mini_csv(tmp)
    lines = p.read_text(encoding="utf-8").splitlines()
    p.write_text("\n".join(lines[:2] + [",,,"] + lines[2:] + [" , ,"]) + "\n", encoding="utf-8")
    return p, MINI, {}


def _xlsx(tmp: Path, frame: pd.DataFrame, *, trailing: int = 3) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Info"
    wb.active["A1"] = "Export van het enquêteprogramma"
    ws = wb.create_sheet("Data")
    ws.append(list(frame.columns))
    for r in frame.itertuples(index=False):
        ws.append([int(v) if v.isdigit() and len(v) < 9 else (v or None) for v in r])
    for _ in range(trailing):
        ws.append([None] * len(frame.columns))
    p = tmp / "export.xlsx"
    wb.save(p)
    return p


def _check_xlsx(s: Survey, p: Path) -> None:
    canon = load_survey(demo_csv(p.parent, demo_rows()), CB26)
    pd.testing.assert_frame_equal(s.responses, canon.responses)
    assert s.rows_read == 12 and len(s.log.errors) == 0
    assert [w.issue for w in s.log.warnings if w.column is None] == [
        "3 entirely empty row(s) skipped (rows 14, 15, 16)"]


@case("XLSX: data on the second sheet, trailing empty rows", Loads(_check_xlsx))
def _(tmp):
    return _xlsx(tmp, demo_rows()), CB26, {"sheet": "Data"}


@case("XLSX: sheet name that does not exist",
      Error(text="no sheet named 'Respondenten' (sheets: sheet 1 'Info', sheet 2 'Data';"))
def _(tmp):
    return _xlsx(tmp, demo_rows(3)), CB26, {"sheet": "Respondenten"}


@case("XLSX: two visible sheets and none named",
      Error(text="the workbook has 2 visible sheets (sheet 1 'Info', sheet 2 'Data'); say which one holds the answers"))
def _(tmp):
    return _xlsx(tmp, demo_rows(3)), CB26, {}


def _hidden_first(tmp: Path, rows: pd.DataFrame) -> Path:
    """An old copy of the data on a hidden first sheet, the export on the visible second one."""
    import openpyxl

    p = _xlsx(tmp, demo_rows())
    wb = openpyxl.load_workbook(p)
    old = wb["Info"]
    old.title = "Oud"
    for r in rows.itertuples(index=False):
        old.append(list(r))
    old.sheet_state = "hidden"
    wb.active = 1
    wb.save(p)
    return p


def _check_hidden_first(s: Survey, p: Path) -> None:
    canon = load_survey(demo_csv(p.parent, demo_rows()), CB26)
    pd.testing.assert_frame_equal(s.responses, canon.responses)  # the visible sheet, not the old copy
    assert s.rows_read == 12 and len(s.log.errors) == 0


@case("XLSX: a hidden first sheet is not read", Loads(_check_hidden_first))
def _(tmp):
    return _hidden_first(tmp, demo_rows(3)), CB26, {}


@case("XLSX: a hidden sheet named is read",
      Error(text="sheet 'Oud', row 1 holds one filled cell (text of"))  # its info line above rows without a header
def _(tmp):
    return _hidden_first(tmp, demo_rows(3)), CB26, {"sheet": "Oud"}  # no header row there: missing columns


def _merged(tmp: Path) -> Path:
    import openpyxl

    p = _xlsx(tmp, demo_rows())
    wb = openpyxl.load_workbook(p)
    wb.remove(wb["Info"])
    ws = wb["Data"]
    ws.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)  # one answer over two respondents
    wb.save(p)
    return p


@case("XLSX: merged cells among the respondents' rows", Error(dict(
    row=3, column="voltooid", issue="merged cells B3:B4: only the first cell holds a value, the others "
                                 "would read as empty", expected="one value in every cell")))
def _(tmp):
    return _merged(tmp), CB26, {}


def _odd_cells(tmp: Path, edit) -> Path:
    import openpyxl

    p = _xlsx(tmp, demo_rows())
    wb = openpyxl.load_workbook(p)
    wb.remove(wb["Info"])
    edit(wb["Data"])
    wb.save(p)
    return p


def _long_id(ws) -> None:
    ws.cell(row=3, column=1).value = 12345678901234567890  # typed as a number: stored as a double


@case("XLSX: an id of 20 digits stored as a number", Error(dict(
    row=3, column="respondent_id",
    issue="a number of 16 or more digits (stored as 1.23456789012346e+19): a spreadsheet keeps only 15, so it is "
          "not the value that was typed", expected="a number of at most 15 digits, or text")))
def _(tmp):
    return _odd_cells(tmp, _long_id), CB26, {}


def _booleans(ws) -> None:
    column = next(c.column for c in ws[1] if c.value == "voltooid")
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=column).value in (1, "1"):
            ws.cell(row=row, column=column).value = True


def _check_booleans(s: Survey, p: Path) -> None:
    canon = load_survey(demo_csv(p.parent, demo_rows()), CB26)
    pd.testing.assert_frame_equal(s.responses, canon.responses)
    warned = [w for w in s.log.warnings if w.column == "voltooid"]
    assert len(warned) == 1 and warned[0].issue.startswith("12 cell(s) hold TRUE or FALSE") \
        and warned[0].action == "read as 1 (TRUE) and 0 (FALSE)", [w.issue for w in s.log.warnings]


@case("XLSX: TRUE in the completion column", Loads(_check_booleans))
def _(tmp):
    return _odd_cells(tmp, _booleans), CB26, {}


def _sav(tmp: Path, labels: dict, recode: dict | None = None, **write) -> Path:
    import pyreadstat

    text_cols = {c for q in MINI.questions for c in q.columns()
                 if c in ("respondent_id",) or c.endswith(("__tekst", "__toelichting"))
                 or c in ("suggesties", "contact__naam", "contact__email")}
    text_cols.add("respondent_id")
    data = {}
    for c in MINI.columns():
        vals = [r.get(c, "") for r in mini_rows()]
        if c in text_cols:
            data[c] = vals
        else:
            vals = [(recode or {}).get(c, {}).get(v, v) for v in vals]
            data[c] = [float(v) if v else float("nan") for v in vals]
    p = tmp / "export.sav"
    pyreadstat.write_sav(pd.DataFrame(data), str(p), variable_value_labels=labels, **write)
    return p


def _sav_declaring(tmp: Path, cases: int, **write) -> Path:
    """The mini export as .sav (three respondents) whose header declares `cases` cases."""
    import struct

    p = _sav(tmp, {}, **write)
    data = bytearray(p.read_bytes())
    assert struct.unpack_from("<i", data, 80)[0] == 3
    struct.pack_into("<i", data, 80, cases)
    p.write_bytes(bytes(data))
    return p


def _check_sav(s: Survey, p: Path) -> None:
    assert s.responses["zorgtype"].tolist() == [1, 3, 2]
    rep = [f for f in s.log if f.severity == "repaired"]
    assert [(f.row, f.column, f.issue, f.action) for f in rep] == [
        (2, "zorgtype", "got '10'", "read as 1 (SPSS value label 'Intramuraal en thuis')"),
        (3, "zorgtype", "got '30'", "read as 3 (SPSS value label 'Anders, namelijk')"),
        (4, "zorgtype", "got '20'", "read as 2 (SPSS value label 'Alleen intramuraal')"),
    ]
    assert rep[0].question == "Vraag 2 zorgtype"


@case("SPSS .sav: the tool's own codes, value labels used", Loads(_check_sav))
def _(tmp):
    labels = {"zorgtype": {10.0: "Intramuraal en thuis", 20.0: "Alleen intramuraal",
                           30.0: "Anders, namelijk"}}
    return _sav(tmp, labels, {"zorgtype": {"1": "10", "2": "20", "3": "30"}}), MINI, {}


def _check_sav_unknown(s: Survey, p: Path) -> None:
    w = one(s, "warning")
    assert fields(w, "row", "column", "issue", "action") == (
        None, "omzet", "SPSS value label(s) not recognised: 'Klein', 'Groot'",
        "the stored values are read as the codebook's codes")
    assert s.responses["omzet"].tolist() == [1, 4, 3]


@case("SPSS .sav: value labels that are not the codebook's", Loads(_check_sav_unknown))
def _(tmp):
    return _sav(tmp, {"omzet": {1.0: "Klein", 4.0: "Groot"}}), MINI, {}


@case("SPSS .sav: value labels that would merge two answers (review: 'Ten dele' read as 'Nee')", Error(
    text="SPSS value labels 2 'Anders, namelijk' and 3 'Nog iets anders' would both be read as code 3 (a label not "
         "in the codebook keeps its stored value)"))
def _(tmp):
    return _sav(tmp, {"zorgtype": {1.0: "Intramuraal en thuis", 2.0: "Anders, namelijk",
                                   3.0: "Nog iets anders"}}), MINI, {}


@case("SPSS .sav: codes renumbered by the labels, one value without a label (review: read as another answer)", Error(
    text="SPSS value labels 1 'Meer dan 100 miljoen euro' and 4 (a value without a label, read as itself) would "
         "both be read as code 4"))
def _(tmp):
    # the file numbers omzet the other way round and has no label for its 4 ('Minder dan 20 miljoen'):
    # respondent 1 (stored 4) was read as code 4, 'Meer dan 100 miljoen euro', like respondent 2
    return _sav(tmp, {"omzet": {1.0: "Meer dan 100 miljoen euro", 2.0: "40 tot 100 miljoen euro",
                                3.0: "20 tot 40 miljoen euro"}},
                {"omzet": {"1": "4", "4": "1", "3": "2"}}), MINI, {}


def _check_all_three(s: Survey, p: Path) -> None:
    assert s.rows_read == 3
    assert s.responses.index.tolist() == ["1", "2", "10"]
    assert s.responses["omzet"].tolist() == [1, 4, 3]


# ReadStat reads as many cases as the header declares: the rest of the file was lost silently
for _write, _how in (({}, "uncompressed"), ({"row_compress": True}, "bytecode-compressed"),
                     ({"compress": True}, "zlib-compressed")):
    @case(f"SPSS .sav ({_how}) whose header declares 2 of its 3 cases", Error(
        text="export.sav: the file's header declares 2 cases, but its data holds 3: it would be read "
             "with 1 respondent(s) lost"))
    def _(tmp, _write=_write):
        return _sav_declaring(tmp, 2, **_write), MINI, {}

    @case(f"SPSS .sav ({_how}) whose header declares 5 cases, 3 held", Error(
        text="export.sav: the file's header declares 5 cases, but its data holds 3: it would be read "
             "with 2 respondent(s) missing"))
    def _(tmp, _write=_write):
        return _sav_declaring(tmp, 5, **_write), MINI, {}

    @case(f"SPSS .sav ({_how}) whose header says the number of cases is unknown (-1)",
          Loads(_check_all_three))
    def _(tmp, _write=_write):
        return _sav_declaring(tmp, -1, **_write), MINI, {}


@case("SPSS .zsav (SPSS's zlib-compressed file under its own extension)", Loads(_check_all_three))
def _(tmp):
    p = _sav(tmp, {}, compress=True)
    return p.rename(tmp / "export.zsav"), MINI, {}


def _check_tsv(s: Survey, p: Path) -> None:
    _check_all_three(s, p)
    assert s.responses.loc["2", "zorgtype__tekst"] == "Zorg, wonen, welzijn; en meer"
    assert len(s.log) == 0


@case("Qualtrics' TSV download: UTF-16 with tabs, commas and semicolons in the texts", Loads(_check_tsv))
def _(tmp):
    rows = mini_with(r3={"zorgtype__tekst": "Zorg, wonen, welzijn; en meer"})
    p = mini_csv(tmp, rows, delimiter="\t", encoding="utf-16")
    return p.rename(tmp / "export.tsv"), MINI, {}


def _check_tsv_commas(s: Survey, p: Path) -> None:
    _check_all_three(s, p)
    assert one(s, "warning").column == "Opmerking, vrij, veld, met, komma's"  # one column, not five


@case("a .tsv whose header holds more commas than tabs is still split at the tabs", Loads(_check_tsv_commas))
def _(tmp):
    p = mini_csv(tmp, delimiter="\t")
    lines = p.read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    header.append("Opmerking, vrij, veld, met, komma's")  # a text column of the tool: ignored
    lines[0] = "\t".join(header)
    lines = [lines[0]] + [line + "\t" if line else line for line in lines[1:]]
    (tmp / "export.tsv").write_text("\n".join(lines), encoding="utf-8")
    return tmp / "export.tsv", MINI, {}


@case("SPSS .sav cut short inside its last case", Error(
    text="export.sav: cannot read as an SPSS .sav file: its data (640 bytes) is not a whole number of "
         "cases of 216 bytes (the file is cut short or has bytes added)"))
def _(tmp):
    p = _sav(tmp, {})
    p.write_bytes(p.read_bytes()[:-8])
    return p, MINI, {}


@case("SPSS .sav (compressed) cut short inside a command block", Error(
    text="export.sav: cannot read as an SPSS .sav file: the data ends inside"))
def _(tmp):
    p = _sav(tmp, {}, row_compress=True)
    p.write_bytes(p.read_bytes()[:-3])
    return p, MINI, {}


@case("a CSV export saved under a .sav name", Error(
    text="export.sav: cannot read as an SPSS .sav file: it does not start with an SPSS system-file header"))
def _(tmp):
    p = mini_csv(tmp)
    return p.rename(tmp / "export.sav"), MINI, {}


# --------------------------------------------------------------------------------------------
# labels and codes


def _check_label(row: int, rid: str, column: str, value: str, code: int, action: str):
    def check(s: Survey, p: Path) -> None:
        f = one(s, "repaired")
        assert fields(f, "row", "respondent_id", "column", "issue", "action") == (
            row, rid, column, f"got '{value.strip()}'", action)   # shown stripped
        assert f.message.startswith(f"{p}:row {row}, column '{column}' (")
        assert s.responses.loc[rid, column] == code
    return check


@case("a label instead of a code", Loads(_check_label(
    3, "2", "omzet", "Meer dan 100 miljoen euro", 4,
    "read as 4 (the codebook's label of option 4)")))
def _(tmp):
    return mini_csv(tmp, mini_with(r3={"omzet": "Meer dan 100 miljoen euro"})), MINI, {}


@case("a label in other case and spacing, with an ellipsis", Loads(_check_label(
    4, "10", "zorgtype", "  alleen   INTRAMURAAL… ", 2,
    "read as 2 (the codebook's label of option 2)")))
def _(tmp):
    return mini_csv(tmp, mini_with(r4={"zorgtype": "  alleen   INTRAMURAAL… "})), MINI, {}


@case("a multi option column holding its label instead of 1", Loads(_check_label(
    4, "10", "redenen__3", "Zorgzwaarte", 1, "read as 1 (the option's label: selected)")))
def _(tmp):
    return mini_csv(tmp, mini_with(r4={"redenen__3": "Zorgzwaarte"})), MINI, {}


@case("an NPS given as its end-point label", Loads(_check_label(
    4, "10", "nps", "Zeer waarschijnlijk", 10, "read as 10 (the codebook's label of 10)")))
def _(tmp):
    return mini_csv(tmp, mini_with(r4={"nps": "Zeer waarschijnlijk"})), MINI, {}


def _check_mojibake(s: Survey, p: Path) -> None:
    f = one(s, "repaired")
    assert f.action == ("read as 3 (a codebook label after undoing a double encoding: UTF-8 "
                        "read as Windows-1252)")
    assert (f.row, f.column) == (2, "zorgtype") and "cliÃ«nten" in f.issue
    assert s.responses.loc[f.respondent_id, "zorgtype"] == 3


@case("a label encoded twice (UTF-8 read as Windows-1252: 'cliÃ«nten')", Loads(_check_mojibake))
def _(tmp):
    d = demo_rows(200)
    d = pd.concat([d[d["zorgtype"] == "3"].head(1), d[d["zorgtype"] != "3"].head(5)])
    assert len(d) == 6
    label = CB26.question("zorgtype").option(3).label
    d.iloc[0, d.columns.get_loc("zorgtype")] = label.encode("utf-8").decode("cp1252")
    return demo_csv(tmp, d.reset_index(drop=True)), CB26, {}


@case("an unknown label encoded twice: the error says so", Error(dict(
    row=3, column="omzet", question="Vraag 1 omzet",
    # (a short capitalised word that is no common Dutch word is not quoted: it may be a name, review h95)
    issue="got text of 5 characters (looks like UTF-8 text read as Windows-1252: export the file again as "
          "UTF-8)", expected=OMZET)))
def _(tmp):  # one genuine 'é' elsewhere: the file is not double-encoded as a whole
    rows = mini_with(r3={"omzet": "Groß".encode("utf-8").decode("cp1252")},
                     r2={"belasting__toelichting": "Veel formulieren, één per cliënt"})
    return mini_csv(tmp, rows), MINI, {}


@case("an unknown label in a file encoded twice as a whole: undone, the label is unknown", Error(dict(
    row=3, column="omzet", question="Vraag 1 omzet", issue="got text of 4 characters",  # ('Groß': see above)
    expected=OMZET)))
def _(tmp):
    return mini_csv(tmp, mini_with(r3={"omzet": "Groß".encode("utf-8").decode("cp1252")})), \
        MINI, {}


@case("unknown option (label)", Error(dict(
    row=3, respondent_id="2", column="omzet", question="Vraag 1 omzet",
    issue="got text of 10 characters", expected=OMZET)))     # free text is never repeated
def _(tmp):
    return mini_csv(tmp, mini_with(r3={"omzet": "Heel groot"})), MINI, {}


@case("unknown option (code)", Error(dict(
    row=2, respondent_id="1", column="gebruik__meerzorg", question="Vraag 4 gebruik",
    issue="got '3'", expected="one of 1=Ja, 2=Nee")))
def _(tmp):
    return mini_csv(tmp, mini_with(r2={"gebruik__meerzorg": "3"})), MINI, {}


@case("completion flag as text", Error(dict(
    row=2, respondent_id="1", column="voltooid", question=None, issue="got 'ja'",
    expected="1 (complete) or 0 (incomplete)")))
def _(tmp):
    return mini_csv(tmp, mini_with(r2={"voltooid": "ja"})), MINI, {}


# --------------------------------------------------------------------------------------------
# numbers


@case("NPS 11", Error(dict(row=4, column="nps", question="Vraag 7 nps",
                           issue="got '11' (out of range)",
                           expected="a whole number from 0 to 10")))
def _(tmp):
    return mini_csv(tmp, mini_with(r4={"nps": "11"})), MINI, {}


@case("burden 0", Error(dict(row=2, column="belasting__zzp", question="Vraag 5 belasting",
                             issue="got '0' (out of range)",
                             expected="a whole number from 1 to 5")))
def _(tmp):
    return mini_csv(tmp, mini_with(r2={"belasting__zzp": "0"})), MINI, {}


@case("burden 6 (2026 codebook)", Error(dict(
    column="geldstromen_belasting__zzp", question="Vraag 25 geldstromen_belasting",
    issue="got '6' (out of range)", expected="a whole number from 1 to 5")))
def _(tmp):
    d = demo_row_where("geldstromen_belasting__zzp")
    d.loc[0, "geldstromen_belasting__zzp"] = "6"
    return demo_csv(tmp, d), CB26, {}


def _check_number(row: int, rid: str, column: str, value: str, result: float, action: str):
    def check(s: Survey, p: Path) -> None:
        f = one(s, "repaired")
        assert fields(f, "row", "respondent_id", "column", "issue", "action") == (
            row, rid, column, f"got '{value}'", action)
        assert f.message == (f"{p}:row {row}, column '{column}' ({f.question}): "
                             f"got '{value}'; {action}")
        assert s.responses.loc[rid, column] == pytest.approx(result)
    return check


@case("'ca. 12' in a count field", Loads(_check_number(
    2, DEMO.loc[DEMO["pgb_aantal"] != "", "respondent_id"].iloc[0], "pgb_aantal", "ca. 12",
    12, "read as 12 (approximate value: 'ca.' dropped)")))
def _(tmp):
    d = demo_row_where("pgb_aantal")
    d.loc[0, "pgb_aantal"] = "ca. 12"
    return demo_csv(tmp, d), CB26, {}


@case("'96,7%' in a percent field", Loads(_check_number(
    2, "1", "tarief_pct", "96,7%", 96.7, "read as 96.7 (percent sign dropped)")))
def _(tmp):
    return mini_csv(tmp, mini_with(r2={"tarief_pct": "96,7%"})), MINI, {}


@case("'circa 96,5' in a percent field", Loads(_check_number(
    2, "1", "tarief_pct", "circa 96,5", 96.5, "read as 96.5 (approximate value: 'circa' dropped)")))
def _(tmp):
    return mini_csv(tmp, mini_with(r2={"tarief_pct": "circa 96,5"})), MINI, {}


@case("'1.234' in a count field (thousands separator)", Loads(_check_number(
    2, DEMO.loc[DEMO["pgb_aantal"] != "", "respondent_id"].iloc[0], "pgb_aantal", "1.234",
    1234, "read as 1234 ('.' as thousands separator)")))
def _(tmp):
    d = demo_row_where("pgb_aantal")
    d.loc[0, "pgb_aantal"] = "1.234"
    return demo_csv(tmp, d), CB26, {}


@case("'1.234' in a euro field (neither reading is plausible)", Error(dict(
    row=2, column="productieafspraak", question="Vraag 3 productieafspraak",
    issue="got '1.234' (implausible: less than 10000)",
    expected="a number from 10000 to 1000000000 (euro)")))
def _(tmp):
    d = demo_row_where("productieafspraak")
    d.loc[0, "productieafspraak"] = "1.234"
    return demo_csv(tmp, d), CB26, {}


@case("'12%' in a count field", Error(dict(
    row=2, column="pgb_aantal", question="Vraag 23 pgb_aantal",
    issue="got '12%' (not a number)", expected="a whole number from 1 to 5000")))
def _(tmp):
    d = demo_row_where("pgb_aantal")
    d.loc[0, "pgb_aantal"] = "12%"
    return demo_csv(tmp, d), CB26, {}


@case("'1,5' in a count field", Error(dict(
    row=2, column="pgb_aantal", question="Vraag 23 pgb_aantal", issue="got '1,5'",
    expected="a whole number from 1 to 5000")))
def _(tmp):
    d = demo_row_where("pgb_aantal")
    d.loc[0, "pgb_aantal"] = "1,5"
    return demo_csv(tmp, d), CB26, {}


@case("text in a numeric field", Error(dict(
    row=2, column="tarief_pct", question="Vraag 6 tarief_pct",
    issue="got text of 17 characters (not a number)",
    expected="a number from 0 to 150 (percent)")))
def _(tmp):
    return mini_csv(tmp, mini_with(r2={"tarief_pct": "ongeveer de helft"})), MINI, {}


# --------------------------------------------------------------------------------------------
# routing, completeness


@case("an answer where routing says the question was not asked", Error(dict(
    row=3, column="redenen__1", question="Vraag 3 redenen",
    issue="got '1' but the question was not asked because Vraag 2 zorgtype is not one of 1, "
          "2 (or unanswered) (this row: zorgtype = 3)", expected="empty")))
def _(tmp):
    return mini_csv(tmp, mini_with(r3={"redenen__1": "1"})), MINI, {}


@case("a burden score for a money stream that is not used (2026)", Error(dict(
    column="geldstromen_belasting__meerzorg", question="Vraag 25 geldstromen_belasting",
    expected="empty")))
def _(tmp):
    d = demo_row_where("geldstromen_belasting__zzp")
    d = d[d["geldstromen_gebruik__meerzorg"] == "2"].reset_index(drop=True)
    d.loc[0, "geldstromen_belasting__meerzorg"] = "3"
    return demo_csv(tmp, d), CB26, {}


def _check_excluded(row: int, issue: str, reason: str):
    def check(s: Survey, p: Path) -> None:
        f = one(s, "excluded")
        assert (f.row, f.issue, f.exclusion_reason) == (row, issue, reason)
        assert s.rows_read == s.n + 1
    return check


@case("incomplete response (voltooid 0)", Loads(_check_excluded(
    5, "incomplete response", EXCLUSION_REASONS[1])))
def _(tmp):
    return mini_csv(tmp, mini_rows() + [dict(respondent_id="30", voltooid="0", omzet="2")]), \
        MINI, {}


@case("complete flag but a required answer missing", Loads(_check_excluded(
    4, "incomplete: Vraag 1 missing", EXCLUSION_REASONS[2])))
def _(tmp):
    return mini_csv(tmp, mini_with(r4={"omzet": ""})), MINI, {}


# --------------------------------------------------------------------------------------------
# columns


@case("missing column", Error(dict(row=None, column="nps", question="Vraag 7 nps",
                                   issue="missing expected column",
                                   expected="a column named 'nps'")))
def _(tmp):
    return mini_csv(tmp, columns=[c for c in MINI.columns() if c != "nps"]), MINI, {}


@case("a column of an option the codebook does not have, holding answers (review: the row excluded as "
      "'Vraag 3 missing')", Error(dict(
          row=None, column="redenen__5", question="Vraag 3 redenen",
          issue="1 respondent(s) chose this option, but Vraag 3 redenen has no column 'redenen__5' in codebook 2099",
          expected="the question's columns redenen__1, redenen__2, redenen__3, redenen__4, redenen__tekst")))
def _(tmp):
    # respondent 10 chose only the fifth option, which the codebook lacks: its four columns were
    # all 0, read as 'not answered', and the respondent excluded as incomplete
    rows = mini_with(r2={"redenen__5": "0"}, r4={"redenen__3": "0", "redenen__5": "1"})
    rows[1]["redenen__5"] = " "
    return mini_csv(tmp, rows, columns=MINI.columns() + ["redenen__5"]), MINI, {}


@case("a column named as a question the codebook does not have, holding answers (review of the 2027 wave: "
      "a question dropped from the codebook, or added by the agency, lost its answers with a warning)", Error(dict(
          row=None, column="capaciteit_gesprek", question=None,
          issue="the column holds 2 answer(s), but codebook 2099 has no question 'capaciteit_gesprek'",
          expected="a question of codebook 2099")))
def _(tmp):
    rows = [dict(r, capaciteit_gesprek=v) for r, v in zip(mini_rows(), ["1", "", "2"])]
    return mini_csv(tmp, rows, columns=MINI.columns() + ["capaciteit_gesprek"]), MINI, {}


def _check_empty_key_column(s: Survey, p: Path) -> None:
    assert [(w.column, w.issue) for w in s.log.warnings] == [
        ("capaciteit_gesprek", "unexpected column, not in codebook 2099")]
    assert s.rows_read == len(s.responses) == len(mini_rows())


@case("a column named as a question the codebook does not have, empty: dropped with a warning",
      Loads(_check_empty_key_column))
def _(tmp):
    rows = [dict(r, capaciteit_gesprek=" ") for r in mini_rows()]
    return mini_csv(tmp, rows, columns=MINI.columns() + ["capaciteit_gesprek"]), MINI, {}


def _check_unchosen_option(s: Survey, p: Path) -> None:
    assert [(w.column, w.issue, w.action) for w in s.log.warnings] == [
        ("redenen__5", "unexpected column, not in codebook 2099", "column dropped (it could hold personal data)")]
    assert s.rows_read == len(s.responses) == len(mini_rows())  # nobody excluded: the column held no choice
    assert "redenen__5" not in s.responses.columns


@case("a column of an option the codebook does not have, which nobody chose (0, 0.0 or empty: no "
      "answer is lost when it is dropped)", Loads(_check_unchosen_option))
def _(tmp):
    rows = [dict(r, redenen__5=v) for r, v in zip(mini_rows(), ["0", "0.0", "", " 0 ", "00"] * 10)]
    return mini_csv(tmp, rows, columns=MINI.columns() + ["redenen__5"]), MINI, {}


@case("a column of an option the codebook does not have, which nobody chose, its 0 written '+0', '0,0' or "
      "full-width '０' (review: counted as chosen, an error, where the option columns read them as 0)",
      Loads(_check_unchosen_option))
def _(tmp):
    rows = [dict(r, redenen__5=v) for r, v in zip(mini_rows(), ["+0", "\uff10", "0,0"])]
    return mini_csv(tmp, rows, columns=MINI.columns() + ["redenen__5"]), MINI, {}


def _check_extra(s: Survey, p: Path) -> None:
    assert [(w.column, w.issue, w.action) for w in s.log.warnings] == [
        ("E-mail", "unexpected column, not in codebook 2099",
         "column dropped (it could hold personal data)"),
        ("Starttijd", "unexpected column, not in codebook 2099",
         "column dropped (it could hold personal data)")]
    assert "E-mail" not in s.responses.columns and "E-mail" not in s._private.columns
    assert "x@example.nl" not in s.responses.to_csv()


@case("extra columns (one with e-mail addresses) and no mapping", Loads(_check_extra))
def _(tmp):
    rows = [dict(r, **{"E-mail": "x@example.nl", "Starttijd": "2025-11-20 10:00"})
            for r in mini_rows()]
    return mini_csv(tmp, rows, columns=MINI.columns() + ["E-mail", "Starttijd"]), MINI, {}


# --------------------------------------------------------------------------------------------
# respondent ids and organisations


@case("duplicate respondent id, identical rows", Loads(_check_excluded(
    5, "duplicate of row 3", EXCLUSION_REASONS[0])))
def _(tmp):
    rows = mini_rows()
    return mini_csv(tmp, rows + [dict(rows[1])]), MINI, {}


@case("duplicate respondent id, different answers", Error(dict(
    row=5, respondent_id="2", column="respondent_id", question=None,
    issue="respondent id '2' also on row 3 with different answers (columns nps)",
    expected="unique respondent ids")))
def _(tmp):
    rows = mini_rows()
    return mini_csv(tmp, rows + [dict(rows[1], nps="3")]), MINI, {}


@case("empty respondent id", Error(dict(row=3, respondent_id=None, column="respondent_id",
                                        issue="empty respondent id")))
def _(tmp):
    return mini_csv(tmp, mini_with(r3={"respondent_id": ""})), MINI, {}


def _check_same_email(s: Survey, p: Path) -> None:
    w = one(s, "warning")
    assert fields(w, "row", "respondent_id", "column", "question", "issue") == (
        5, "11", "contact__email", "Tot slot contact",
        "the same contact e-mail address as row 2 (respondent id '1'), with different answers: "
        "possibly the same organisation twice")
    assert "jan@example.nl" not in w.message
    assert s.n == 4


@case("the same contact e-mail under two ids, different answers", Loads(_check_same_email))
def _(tmp):
    rows = mini_rows()
    return mini_csv(tmp, rows + [dict(rows[0], respondent_id="11", nps="3",
                                      contact__email=" JAN@example.nl")]), MINI, {}


@case("the same organisation under two ids, identical answers (double submission)",
      Loads(_check_excluded(5, "duplicate of row 2 (respondent id '1'): the same organisation "
                            "under another respondent id, with identical answers",
                            EXCLUSION_REASONS[0])))
def _(tmp):
    rows = [dict(r, Organisatie=f"Zorggroep {r['respondent_id']}") for r in mini_rows()]
    rows.append(dict(rows[0], respondent_id="11"))
    p = mini_csv(tmp, rows, columns=MINI.columns() + ["Organisatie"])
    return p, MINI, {"mapping": ExportMapping(identifying={"Organisatie": "organisation"})}


@case("the same organisation under two ids, different answers", Error(dict(
    row=5, respondent_id="11", column="Organisatie", question=None,
    issue="the same organisation as row 2 (respondent id '1') under another respondent id, "
          "with different answers (columns omzet, nps)",
    expected="one response per organisation")))
def _(tmp):
    rows = [dict(r, Organisatie=f"Zorggroep {r['respondent_id']}") for r in mini_rows()]
    rows.append(dict(rows[0], respondent_id="11", omzet="2", nps="9",
                     Organisatie="ZORGGROEP  1"))
    p = mini_csv(tmp, rows, columns=MINI.columns() + ["Organisatie"])
    return p, MINI, {"mapping": ExportMapping(identifying={"Organisatie": "organisation"})}


# --------------------------------------------------------------------------------------------
# exports through a mapping


TOOL_COLUMNS = {"Respondent": "respondent_id", "Status": "voltooid", "V1 Omzet": "omzet",
                "V2 Zorg": "zorgtype", "V2 Zorg | Anders": "zorgtype__tekst"}


def _tool_mini(tmp: Path, *, two_rows: bool = False, multi_value=None) -> Path:
    """The mini export as a survey tool writes it: own headers, labels, one column for
    the multi question, an organisation column and tool columns to ignore."""
    rows = []
    labels = {q.key: {o.code: o.label for o in q.options} for q in MINI.questions}
    for r in mini_rows():
        t = {k: v for k, v in r.items()}
        t["voltooid"] = "Volledig"
        t["omzet"] = labels["omzet"][int(r["omzet"])]
        t["zorgtype"] = labels["zorgtype"][int(r["zorgtype"])].upper()
        chosen = [labels["redenen"][c] for c in (1, 2, 3, 4) if r.get(f"redenen__{c}") == "1"]
        t["redenen"] = " | ".join(chosen)
        t["Organisatie"] = f"Zorggroep {r['respondent_id']}"
        t["IP"] = "10.0.0.1"
        rows.append(t)
    if multi_value is not None:
        rows[0]["redenen"] = multi_value
    rest = [c for c in MINI.columns() if c not in TOOL_COLUMNS.values()
            and c not in MINI.question("redenen").answer_columns()]
    cols = list(TOOL_COLUMNS.values()) + ["redenen"] + rest + ["Organisatie", "IP"]
    heads = list(TOOL_COLUMNS) + ["V3 Redenen"] + rest + ["Organisatie", "IP"]
    header = [heads]
    if two_rows:  # question row (merged cell over "V2 Zorg" and its text) and option row
        header = [["Respondent", "Status", "V1 Omzet", "V2 Zorg", "", "V3 Redenen"]
                  + rest + ["Organisatie", "IP"],
                  ["", "", "", "", "Anders", ""] + [""] * len(rest) + ["", ""]]
    name = "tool_export_2rows.csv" if two_rows else "tool_export.csv"
    return write_csv(tmp / name, rows, cols, header=header)


def _tool_mapping(**kw) -> ExportMapping:
    return ExportMapping(
        header_rows=kw.get("header_rows", 1),
        columns=dict(TOOL_COLUMNS), values={"voltooid": {"Volledig": 1, "Onvolledig": 0}},
        multi=[MultiColumn("redenen", "V3 Redenen", "|")], ignore=["IP"],
        identifying={"Organisatie": "organisation"})


def _check_tool(s: Survey, p: Path) -> None:
    canon = load_survey(mini_csv(p.parent), MINI)
    pd.testing.assert_frame_equal(s.responses, canon.responses)
    assert "Organisatie" not in s.responses.columns
    # identifying values never reach the responses or the data-quality log
    assert "Zorggroep" not in s.responses.to_csv() and "Zorggroep" not in s.log.to_frame().to_csv()
    assert s._private["organisatie__organisatie"].tolist() == ["Zorggroep 1", "Zorggroep 2",
                                                              "Zorggroep 10"]
    first = 3 if "2rows" in p.name else 2   # a two-row header: respondents from row 3
    msgs = [(f.severity, f.row, f.column, f.issue, f.action) for f in s.log
            if "entirely empty row" not in f.issue]    # the XLSX case has a trailing empty row
    assert msgs[:4] == [
        ("warning", None, "IP", "column ignored (the export mapping: ignore)", "column dropped"),
        ("warning", None, "Organisatie", "identifying column (organisation)",
         "kept private: never analysed or written to any output"),
        ("repaired", None, "redenen__*", "2 answer(s) in one column listing the chosen options",
         "expanded into one 0/1 column per option (the export mapping: multi.redenen)"),
        ("repaired", None, "voltooid",
         f"got 'Volledig' in 3 rows ({first}, {first + 1}, {first + 2})",
         "read as 1 (the export mapping: values.voltooid)")]
    expanded = [f for f in s.log if f.column == "redenen__*" and f.severity == "repaired"]
    assert [(f.issue, f.action, f.export_column) for f in expanded] == [
        ("2 answer(s) in one column listing the chosen options",
         "expanded into one 0/1 column per option (the export mapping: multi.redenen)",
         "V3 Redenen")]
    labels = [f for f in s.log if f.column == "zorgtype" and f.severity == "repaired"]
    # a label for its code in every row: one line for the column (review h140; before, one per cell)
    assert [(f.row, f.issue, f.action) for f in labels] == [
        (None, "got codebook labels instead of codes ('INTRAMURAAL EN THUIS', 'ALLEEN INTRAMURAAL', 'ANDERS, "
               f"NAMELIJK') in 3 rows ({first}, {first + 1}, {first + 2})",
         "each read as its label's code (as 1 for 'INTRAMURAAL EN THUIS')")]
    assert labels[0].export_column == "V2 Zorg"
    assert "[export column 'V2 Zorg']" in labels[0].message


@case("a tool export through a mapping: headers, labels, delimited multi, organisation column",
      Loads(_check_tool))
def _(tmp):
    return _tool_mini(tmp), MINI, {"mapping": _tool_mapping()}


def _check_text_untouched(s: Survey, p: Path) -> None:
    assert s.responses.loc["2", "zorgtype__tekst"] == "Ja"      # free text: never translated
    assert s.responses.loc["2", "zorgtype"] == 3
    assert [f.column for f in s.log.repairs] == ["zorgtype"]


@case("a shared value table does not touch free-text columns", Loads(_check_text_untouched))
def _(tmp):
    rows = mini_with(r3={"zorgtype": "Anders", "zorgtype__tekst": "Ja"})
    m = ExportMapping(values={"*": {"Ja": 1, "Nee": 2, "Anders": 3}})
    return mini_csv(tmp, rows), MINI, {"mapping": m}


@case("a two-row header through a mapping", Loads(_check_tool))
def _(tmp):
    return _tool_mini(tmp, two_rows=True), MINI, {"mapping": _tool_mapping(header_rows=2)}


@case("a two-row header with a merged cell in XLSX, sheet named in the mapping",
      Loads(_check_tool))
def _(tmp):
    import openpyxl

    src = _tool_mini(tmp, two_rows=True)
    with open(src, encoding="utf-8", newline="") as f:
        grid = list(csv.reader(f))
    wb = openpyxl.Workbook()
    wb.active.title = "Toelichting"
    ws = wb.create_sheet("Antwoorden")
    for r in grid:
        ws.append([v or None for v in r])
    ws.merge_cells(start_row=1, start_column=4, end_row=1, end_column=5)   # "V2 Zorg" over 2 columns
    ws.append([None] * len(grid[0]))                                        # trailing empty row
    p = tmp / "tool_export_2rows.xlsx"
    wb.save(p)
    m = _tool_mapping(header_rows=2)
    m.sheet = "Antwoorden"
    return p, MINI, {"mapping": m}


def _check_sav_mapped(s: Survey, p: Path) -> None:
    assert s.responses["omzet"].tolist() == [1, 4, 3]
    assert s.responses["zorgtype"].tolist() == [1, 3, 2]
    rep = s.log.repairs
    assert [(f.row, f.column, f.issue, f.action) for f in rep] == [
        (2, "omzet", "got '0'", "read as 1 (SPSS value label 'Minder dan 20 miljoen euro')"),
        (3, "omzet", "got '3'", "read as 4 (SPSS value label 'Meer dan 100 miljoen euro')"),
        (4, "omzet", "got '2'", "read as 3 (SPSS value label '40 tot 100 miljoen euro')"),
    ]


@case("SPSS .sav with the tool's variable names and codes, through a mapping",
      Loads(_check_sav_mapped))
def _(tmp):
    import pyreadstat

    p = _sav(tmp, {}, {"omzet": {"1": "0", "2": "1", "3": "2", "4": "3"}})
    df, meta = pyreadstat.read_sav(str(p))
    df = df.rename(columns={"omzet": "Q1", "zorgtype": "Q2"})
    pyreadstat.write_sav(df, str(p), variable_value_labels={
        "Q1": {0.0: "Minder dan 20 miljoen euro", 1.0: "20 tot 40 miljoen euro",
               2.0: "40 tot 100 miljoen euro", 3.0: "Meer dan 100 miljoen euro"}})
    return p, MINI, {"mapping": ExportMapping(columns={"Q1": "omzet", "Q2": "zorgtype"})}


@case("delimited multi-response with an unknown option", Error(dict(
    row=2, respondent_id="1", column="redenen__*", question="Vraag 3 redenen",
    # (review h97: a capitalised word other than an answer word is not quoted: "Bos", "Toon" are names too)
    issue="got text of 4 characters (not an option)", export_column="V3 Redenen",
    expected="option codes or labels separated by '|': 1=Personeel, 2=Vastgoed, "
             "3=Zorgzwaarte, 4=Anders, namelijk")))
def _(tmp):
    return _tool_mini(tmp, multi_value="Personeel | Geld"), MINI, {"mapping": _tool_mapping()}


@case("a column the mapping names is not in the export", Error(dict(
    row=None, column="omzet", question="Vraag 1 omzet", issue="missing expected column",
    expected="a column named 'V1 Omzet' (the export mapping's name for 'omzet')")))
def _(tmp):
    p = _tool_mini(tmp)
    p.write_text(p.read_text(encoding="utf-8").replace("V1 Omzet", "Omzet"), encoding="utf-8")
    return p, MINI, {"mapping": _tool_mapping()}


@case("a header in another case than the codebook's column", Error(dict(
    row=None, column="omzet", issue="missing expected column",
    # newcomer review: the hint was only in the log file's action column, not in the message on screen
    expected="a column named 'omzet'; the export has 'Omzet': rename the export's column 'Omzet' to 'omzet' "
             "(column names are case-sensitive)",
    action="rename the export's column 'Omzet' to 'omzet' (column names are case-sensitive)")))
def _(tmp):
    return demo_csv(tmp, demo_rows(3).rename(columns={"omzet": "Omzet"})), CB26, {}


@case("a mapping that would put an e-mail column into an analysed question",
      Error(exc=MappingError, text="columns: 'E-mail' looks like personal data but maps to "
                                   "'suggesties', which is analysed"))
def _(tmp):
    m = _tool_mapping()
    m.columns["E-mail"] = "suggesties"
    return _tool_mini(tmp), MINI, {"mapping": m}


@case("a mapping whose value table gives a code the question does not have",
      Error(exc=MappingError, text="values.omzet: code(s) 9 are not options of Vraag 1 omzet "
                                   "(1, 2, 3, 4)"))
def _(tmp):
    m = _tool_mapping()
    m.values["omzet"] = {"groot": 9}
    return _tool_mini(tmp), MINI, {"mapping": m}


# --------------------------------------------------------------------------------------------
# the tests


def _load(name: str, tmp_path: Path):
    path, cb, kw = CASES[name].build(tmp_path)
    kw.setdefault("mapping", None)
    return path, load_survey(path, cb, **kw)


def test_there_are_at_least_30_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", list(CASES))
def test_messy_export(name, tmp_path):
    outcome = CASES[name].outcome
    if isinstance(outcome, Error):
        with pytest.raises(outcome.exc) as ei:
            _load(name, tmp_path)
        err = ei.value
        if outcome.text is not None:
            assert outcome.text in str(err)
        if outcome.finding is not None:
            path = CASES[name].build(tmp_path)[0]
            want = dict(outcome.finding, file=str(path), severity="error")
            hits = [f for f in err.findings
                    if all(getattr(f, k) == v for k, v in want.items())]
            assert hits, [f.message for f in err.findings]
            f = hits[0]
            assert f.message.startswith(str(path))   # the message names the file ...
            if f.row is not None:
                assert f":{f'sheet {f.sheet}, ' if f.sheet else ''}row {f.row}," in f.message  # ... the (sheet,) row,
                # column and question (review h162: the reader's errors about a workbook's cells name its sheet too)
            assert f"column '{f.column}'" in f.message
            if f.question:
                assert f"({f.question})" in f.message
            assert f.message in str(err)
        return
    path, survey = _load(name, tmp_path)
    outcome.check(survey, path)


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if isinstance(c.outcome, Loads)])
def test_accounting_adds_up(name, tmp_path):
    """Rows read = included + excluded, and every excluded row has its reason in the log."""
    _, s = _load(name, tmp_path)
    excluded = s.log.excluded_rows()
    assert s.rows_read == s.n + len(excluded)
    assert all(reason in EXCLUSION_REASONS for reason in excluded.values())
    acc = s.accounting.set_index("step")["n"]
    assert acc["rows read"] == acc["included"] + acc.drop(["rows read", "included"]).sum()


def test_label_export_of_the_2026_demo_through_a_mapping_file(tmp_path):
    """The whole 2026 demo export as a tool would write it (two-row header, option labels,
    one ';'-separated column for the zorgkantoren, Dutch numbers, an organisation column,
    columns to ignore), read through a mapping file: the same responses as the canonical
    export, every changed value in the log."""
    canon = load_survey(raw_export(2026), CB26, mapping=None)
    d = DEMO.copy()
    top, sub = ["Respondent ID", "Status"], ["", ""]
    out = {"id": d["respondent_id"].to_numpy(),
           "status": d["voltooid"].map({"1": "Volledig", "0": "Onvolledig"}).to_numpy()}
    columns = {"Respondent ID": "respondent_id", "Status": "voltooid"}
    for i, q in enumerate(CB26.questions, start=3):
        qhead = f"Q{i} {q.key}"
        first = True
        if q.key == "zorgkantoren":
            lab = {str(o.code): o.label for o in q.options}
            out[qhead] = [";".join(lab[str(c)] for c in q.codes if r[f"zorgkantoren__{c}"] == "1")
                          for _, r in d.iterrows()]
            top.append(qhead)
            sub.append("")
            continue
        for c in q.columns():
            opt = c.split("__", 1)[1] if "__" in c else ""
            col = d[c]
            if q.type in ("single", "matrix") and not c.endswith(("__tekst", "__toelichting")):
                col = col.map(lambda v, q=q: q.option(int(v)).label if v else "")
            elif q.type == "numeric" and q.unit == "percent":
                col = col.str.replace(".", ",", regex=False).map(lambda v: v + "%" if v else "")
            top.append(qhead if first else "")
            sub.append(opt)
            first = False
            head = f"{qhead} | {opt}" if opt else qhead
            out[head] = col.to_numpy()
            columns[head] = c
    out["Organisatie"] = [f"Organisatie {rid}" for rid in d["respondent_id"]]
    out["IP-adres"] = ["10.0.0.1"] * len(d)
    out = pd.DataFrame(out)
    top += ["Organisatie", "IP-adres"]
    sub += ["", ""]
    path = tmp_path / "tool_2026.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(top)
        w.writerow(sub)
        for r in out.itertuples(index=False):
            w.writerow(r)
    import yaml

    mapping_file = tmp_path / "2026.yml"
    mapping_file.write_text(yaml.safe_dump({
        "year": 2026, "tool": "test: a survey tool's label export", "header_rows": 2,
        "columns": columns, "values": {"voltooid": {"Volledig": 1, "Onvolledig": 0}},
        "multi": {"zorgkantoren": {"column": "Q4 zorgkantoren", "delimiter": ";"}},
        "ignore": ["IP-adres"], "identifying": {"Organisatie": "organisation"},
    }, allow_unicode=True, sort_keys=False), encoding="utf-8")
    s = load_survey(path, CB26, mapping=mapping_file)
    pd.testing.assert_frame_equal(s.responses, canon.responses)
    assert s.rows_read == canon.rows_read and s.n == canon.n == 122
    assert s.log.excluded_rows() == {r + 1: why for r, why in canon.log.excluded_rows().items()}
    rep = s.log.repairs
    # option labels exactly as the codebook words them are routine: counted in one summary
    # line, not logged per value (the log stays readable); real repairs keep their own line
    assert {f.column for f in rep} >= {"voltooid", "zorgkantoren__*", "tariefpercentage_hoger"}
    assert not {"omzet", "zorgtype"} & {f.column for f in rep}
    routine = [f for f in rep if f.issue.startswith("routine: ")]
    assert len(routine) == 1 and "held an option's label" in routine[0].issue
    assert all(f.export_column for f in rep if f is not routine[0])
    assert "Organisatie R0001" not in s.responses.to_csv()


def test_example_mapping_file_fits_the_2026_codebook():
    """data/mappings/example.yml, the template the README shows, is a valid mapping."""
    m = load_mapping(Path(__file__).parents[1] / "data" / "mappings" / "example.yml")
    m.check(CB26)
    assert m.header_rows == 2 and m.multi[0].question == "zorgkantoren"
    assert m.values["*"][normalise_label("ja")] == 1


def test_readme_example_mapping_fits_the_2026_codebook(tmp_path):
    """The mapping shown in docs/mapping_exports.md ("Mapping a new export") is valid."""
    import re

    readme = (Path(__file__).parents[1] / "docs" / "mapping_exports.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# data/mappings/2026\.yml\n.*?)```", readme, re.S).group(1)
    (tmp_path / "2026.yml").write_text(block, encoding="utf-8")
    m = load_mapping(tmp_path / "2026.yml")
    m.check(CB26)
    assert m.identifying == {"Naam organisatie": "organisation"}


def test_identifying_email_column_feeds_the_scrubber(tmp_path):
    """An e-mail column the mapping marks as identifying stays private, and the privacy
    scrubber knows its values (as it knows the contact question's)."""
    from wlzmonitor.inputs.privacy import contact_values

    rows = [dict(r, **{"Ingelogd als": f"user{r['respondent_id']}@zorg.example"})
            for r in mini_rows()]
    p = mini_csv(tmp_path, rows, columns=MINI.columns() + ["Ingelogd als"])
    s = load_survey(p, MINI, mapping=ExportMapping(identifying={"Ingelogd als": "email"}))
    assert "ingelogd_als__email" in s._private.columns
    assert "user1@zorg.example" not in s.responses.to_csv()
    assert "user1@zorg.example" in contact_values(s)["emails"]


def test_mapping_checked_against_the_codebook():
    m = ExportMapping(year=2026, columns={"Status": "voltooid", "Vraag 9": "geen_kolom"},
                      ignore=["status"], multi=[MultiColumn("omzet", "V1")])
    with pytest.raises(MappingError) as ei:
        m.check(MINI)
    assert str(ei.value).splitlines()[1:] == [
        "  year: the mapping is for 2026, the codebook for 2099",
        "  ignore: 'status' is also listed under columns",
        "  columns: 'Vraag 9' -> 'geen_kolom': no such column in codebook 2099",
        "  multi: 'omzet' is not a multi question of codebook 2099",
    ]


def test_command_line_check(tmp_path, capsys):
    from wlzmonitor.cli import main

    d = demo_rows()
    good = demo_csv(tmp_path, d, "good.csv")
    assert main(["check-export", str(good), "--year", "2026", "--mapping", "none",
                 "--log", str(tmp_path / "log.csv")]) == 0
    out = capsys.readouterr().out
    assert "rows read                                            12" in out
    assert (tmp_path / "log.csv").read_text(encoding="utf-8").startswith("file,row,")
    d.loc[0, "nps"] = "11"
    bad = demo_csv(tmp_path, d, "bad.csv")
    assert main(["check-export", str(bad), "--year", "2026", "--mapping", "none"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:row 2, column 'nps' (Vraag 40 nps): got '11' (out of range)" in err


def test_a_wrong_delimiter_fails_before_the_rows_are_parsed(tmp_path, monkeypatch):
    """A large export with the wrong delimiter is refused on its header, not after every row
    went through the CSV reader (hundreds of megabytes took minutes and all the memory)."""
    from wlzmonitor.inputs import reading

    p = mini_csv(tmp_path, delimiter="|")
    p.write_text("\n\n" + p.read_text(encoding="utf-8") * 50, encoding="utf-8")

    def no_full_read(*a, **k):
        raise AssertionError("every row was parsed before the header was checked")

    monkeypatch.setattr(reading, "_csv_records_of", no_full_read)
    with pytest.raises(ExportError, match=r"export\.csv: the header reads as one column \(line 3: "
                                          r"294 characters, '\|' 21×\)"):
        load_survey(p, MINI)


@pytest.mark.parametrize("cell, warnings, chosen", [
    # an option named twice (a careless edit, a label and its code): counted once, and said
    ("Personeel | Personeel", [("option 1=Personeel is named 2 times in one answer", "counted once")],
     {1: "1", 2: "0"}),
    ("Personeel | 1 | Vastgoed | Vastgoed | Vastgoed",
     [("option 1=Personeel is named 2 times in one answer", "counted once"),
      ("option 2=Vastgoed is named 3 times in one answer", "counted once")], {1: "1", 2: "1"}),
    # an empty item between two options: skipped, and said
    ("Personeel || Vastgoed", [("1 empty item(s) between the delimiters '|' of one answer",
                                "skipped (no option there)")], {1: "1", 2: "1"}),
    ("Personeel | |  | Vastgoed", [("2 empty item(s) between the delimiters '|' of one answer",
                                    "skipped (no option there)")], {1: "1", 2: "1"}),
    # a delimiter at either end, as survey tools write it: routine, nothing said
    ("Personeel | Vastgoed |", [], {1: "1", 2: "1"}),
    ("| Personeel", [], {1: "1", 2: "0"}),
    # delimiters only: an error since review h101 (tests/test_export_review_h101.py)
])
def test_a_multi_select_cell_with_a_repeated_option_an_empty_item_or_only_delimiters_is_logged(
        tmp_path, cell, warnings, chosen):
    s = load_survey(_tool_mini(tmp_path, multi_value=cell), MINI, mapping=_tool_mapping())
    logged = [(f.row, f.respondent_id, f.column, f.severity, f.issue, f.action, f.export_column)
              for f in s.log if f.column == "redenen__*" and f.severity == "warning"]
    assert logged == [(2, "1", "redenen__*", "warning", issue, action, "V3 Redenen") for issue, action in warnings]
    assert {code: str(s.responses.loc["1", f"redenen__{code}"]) for code in chosen} == chosen
    assert not s.log.exclusions


def test_a_free_text_answer_a_spreadsheet_turned_into_a_date_is_a_warning_on_its_row(tmp_path):
    """A careless file: the export was opened in a spreadsheet, which made dates of typed text
    ("1-2", "3/4"); a free-text answer that is a date now is said, row by row, and kept as read.
    A date typed inside a sentence, or a number, is no such answer."""
    import datetime

    import openpyxl

    rows = mini_rows()
    rows[1]["suggesties"] = datetime.datetime(2026, 2, 1)            # row 3: "1-2" became 1 February
    rows[0]["belasting__toelichting"] = datetime.date(2026, 3, 4)     # row 2: a date cell
    rows[2]["suggesties"] = "Overleg vanaf 2026-02-01 graag"          # row 4: a date in a sentence
    rows[2]["belasting__toelichting"] = "2026-13-45"                   # row 4: typed so, no date at all
    rows[0]["contact__naam"] = datetime.datetime(2001, 5, 4, 13, 45)  # row 2: a contact field (never quoted)
    columns = MINI.columns()
    wb = openpyxl.Workbook()
    wb.active.append(columns)
    for r in rows:
        wb.active.append([r.get(c, "") or None for c in columns])
    p = tmp_path / "export.xlsx"
    wb.save(p)
    s = load_survey(p, MINI)
    dates = [(f.row, f.respondent_id, f.column, f.severity, f.issue, f.action) for f in s.log
             if "a date" in f.issue]
    action = "kept as it is; look the answer up in the survey tool, and export free text as text"
    issue = "the answer is a date and time, not text: a spreadsheet may have made a date of what was typed (1-2, 3/4)"
    assert sorted(dates) == [(2, "1", "belasting__toelichting", "warning", issue, action),
                             (2, "1", "contact__naam", "warning", issue, action),
                             (3, "2", "suggesties", "warning", issue, action)]
    assert s.responses.loc["2", "suggesties"] == "2026-02-01T00:00:00"  # kept as read, nothing dropped
    assert s.n == 3 and not s.log.errors
    logged = s.log.to_frame().to_csv()  # a free-text value is never repeated in the log (a date can be a birth date)
    assert "2001-05-04" not in logged and "2026-03-04" not in logged and "2026-02-01" not in logged


def _qualtrics_workbook(path, *, import_ids: bool = True, merge: str = "C2:D2"):
    """A Qualtrics workbook: column ids, question texts, ImportIds (or not), two respondents; `merge`
    merged, and a TRUE typed into the question-text row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ResponseId", "Status", "Q1", "Q2"])
    ws.append(["Response ID", "Response Type", "Vraag 1: hoeveel cliënten", "Vraag 2"])
    if import_ids:
        ws.append(['{"ImportId":"_recordId"}', '{"ImportId":"status"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2"}'])
    ws.append(["R_1", "IP Address", "3", "4"])
    ws.append(["R_2", "IP Address", "5", "6"])
    ws.merge_cells(merge)
    ws["B2"] = True
    wb.save(path)
    return path


def test_merged_and_odd_cells_in_qualtrics_header_rows_are_no_respondent_s(tmp_path):
    """A question text merged over two columns in row 2 of a Qualtrics workbook (header_rows: 3) was an
    error "merged cells C2:D2: ... would read as empty": rows 2 and 3 are read as rows and taken out later,
    and the checks of the respondents' cells started at row 2. Merges in the header rows are fine."""
    from wlzmonitor.inputs.reading import read_export

    df = read_export(_qualtrics_workbook(tmp_path / "q.xlsx"), header_rows=3, repeats=True)
    assert df["ResponseId"].tolist() == ["R_1", "R_2"] and df["__row__"].tolist() == [4, 5]
    assert df.attrs["findings"] == []  # nor the TRUE of row 2 ("cell(s) hold TRUE or FALSE")


@pytest.mark.parametrize("import_ids, merge, row", [(True, "C4:C5", 4), (False, "C3:C4", 3)])
def test_merged_cells_among_the_respondents_below_three_header_rows_are_still_an_error(tmp_path, import_ids,
                                                                                     merge, row):
    """Below the header rows a merge is an error as before, also where the ImportId row is missing (the
    respondents then start in row 3)."""
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.reading import read_export

    with pytest.raises(ExportError) as ei:
        read_export(_qualtrics_workbook(tmp_path / "q.xlsx", import_ids=import_ids, merge=merge), header_rows=3,
                    repeats=True)
    assert [(f.row, f.column, f.issue) for f in ei.value.findings] == [
        (row, "Q1", f"merged cells {merge}: only the first cell holds a value, the others would read as empty")]


def test_the_quick_look_for_dates_never_misses_an_answer_that_is_a_date():
    """Free text is looked at value by value only when one search over all of a column's answers finds a
    line that could be a date (validation._may_hold_a_date; ~0.07 s less for 100,000 distinct answers).
    It must never say no where a value is all a date: whitespace of any kind around it, line breaks in
    and around values, other kinds of values, NaN and None; generated cases against the value-by-value test."""
    import random

    import numpy as np

    from wlzmonitor.inputs.validation import _may_hold_a_date, _read_as_date

    pieces = ["2026-02-01", "2026-02-01T00:00:00", "2026-02-01T13:45", "2026-02-01T13:45:07.5", "2026-13-45",
              "1-2", "Overleg vanaf 2026-02-01 graag", "12 mei", "tekst", "", " ", "\n", "\r", "\t", "\xa0",
              "\u2028", "\x0b", "\x85"]
    rng = random.Random(2026)
    for _ in range(3000):
        values = []
        for _ in range(rng.randint(0, 4)):
            kind = rng.random()
            if kind < 0.08:
                values.append(None)
            elif kind < 0.12:
                values.append(float("nan"))
            elif kind < 0.15:
                values.append(np.str_("2026-02-01"))
            elif kind < 0.17:
                values.append(3.5)
            else:
                values.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))))
        if any(_read_as_date(v) for v in values):
            assert _may_hold_a_date(values), values
    assert not _may_hold_a_date(["Overleg vanaf 2026-02-01 graag", "1-2", None, float("nan"), "tekst\n12 mei"])
    assert _may_hold_a_date(["tekst\n2026-02-01\nmeer"])  # a line that could be one: each value is then looked at
    assert not any(_read_as_date(v) for v in ["tekst\n2026-02-01\nmeer"])
    assert _may_hold_a_date([" 2026-02-01T00:00:00\r\n", "tekst"]) and _may_hold_a_date(np.array(["2026-02-01"]))
