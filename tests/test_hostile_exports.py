"""Hostile and careless exports: rows and answers never vanish, numbers stay plausible, the log
never repeats personal data, and a huge answer is cut.

Each case in ``CASES`` writes a small export to ``tmp_path`` (the mini codebook's three
respondents, rows 2-4, or the same with the numeric questions of ``NUMBERS``) and states the
outcome: an error with the exact finding (file, spreadsheet row, column, question, issue) or
message, or a load whose log holds the exact finding and value. Every case also says which
``secrets`` (personal data it put in the file) may appear in no message, finding or written log.
For every case that loads, the test also checks that every respondent written is accounted
for (included, or excluded with a reason) and that rows read = included + excluded.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import yaml

from wlzmonitor.spec.codebook import Codebook, CodebookError
from wlzmonitor.spec.codebook_parse import codebook_for_year, load_codebook
from wlzmonitor.spec.paths import repo_root
from wlzmonitor.inputs.quality_log import (
    DataQualityLog,
    ExportError,
    Finding,
    describe_value,
    log_path,
    shown_respondent_id,
)
from wlzmonitor.inputs.reading import read_export
from wlzmonitor.inputs.survey import Survey, load_survey
from wlzmonitor.inputs.validation import MAX_ANSWER_CHARS
from wlzmonitor.inputs.values import parse_number

from mini_export import MINI_CODEBOOK, OMZET_EXPECTED, base_rows

MINI = load_codebook(MINI_CODEBOOK)
QUOTES = 'a quote (") only around a whole field, and a quote inside a quoted field written twice ("")'

# --------------------------------------------------------------------------------------------
# the numbers codebook: the mini codebook plus numeric questions with plausible ranges

_NUMERIC = [
    {"key": "aantal", "number": "9", "text": "Aan hoeveel cliënten ...?", "type": "numeric",
     "unit": "count", "range": [0, None], "plausible": [1, 5000], "required": False},
    {"key": "bedrag", "number": "10", "text": "Omvang van de productieafspraak?",
     "type": "numeric", "unit": "euro", "range": [0, None], "plausible": [10000, 1000000000],
     "required": False},
    {"key": "bedrag_vrij", "number": "11", "text": "Een bedrag zonder plausibele grenzen",
     "type": "numeric", "unit": "euro", "range": [0, None], "required": False},
    {"key": "pct", "number": "12", "text": "Welk percentage van het NZa-maximumtarief?",
     "type": "numeric", "unit": "percent", "range": [0, 100], "plausible": [50, 100],
     "required": False},
]
_TMP = tempfile.TemporaryDirectory(prefix="wlz-hostile-")


def _numbers_codebook() -> Codebook:
    raw = yaml.safe_load(MINI_CODEBOOK.read_text(encoding="utf-8"))
    raw["questions"] += _NUMERIC
    path = Path(_TMP.name) / "numbers.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_codebook(path)


NUMBERS = _numbers_codebook()


def rows(**changes: dict[str, str]) -> list[dict[str, str]]:
    """base_rows() with changes per row: rows(r3={"omzet": "7"}) changes spreadsheet row 3."""
    out = base_rows()
    for key, change in changes.items():
        out[int(key[1:]) - 2].update(change)
    return out


def csv_text(data: list[dict[str, str]] | None = None, cb: Codebook = MINI,
             delimiter: str = ",", lineterminator: str = "\n") -> str:
    buffer = io.StringIO()
    w = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    cols = cb.columns()
    w.writerow(cols)
    for r in base_rows() if data is None else data:
        w.writerow([r.get(c, "") for c in cols])
    return buffer.getvalue()


def lines(text: str | None = None) -> list[str]:
    """The lines of an export (with their line ends): [0] header, [1] id 1, [2] id 2, [3] id 10."""
    return (csv_text() if text is None else text).splitlines(keepends=True)


def write(tmp: Path, content: str | bytes, name: str = "export.csv",
          encoding: str = "utf-8") -> Path:
    p = tmp / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return p


# --------------------------------------------------------------------------------------------
# outcomes


@dataclass
class Error:
    """Loading fails: ``finding`` (when given) is one of ``err.findings`` field by field (file
    filled in by the test); ``text`` (when given) is part of the message."""

    finding: dict | None = None
    text: str | None = None


@dataclass
class Loads:
    """Loading succeeds: ``ids`` are the included respondents; ``check(survey, path)`` asserts
    the log and the values."""

    ids: list[str]
    check: Callable[[Survey, Path], None] | None = None


@dataclass
class Case:
    build: Callable[[Path], tuple[Path, Codebook, dict]]
    outcome: Error | Loads
    secrets: tuple[str, ...] = field(default_factory=tuple)


CASES: dict[str, Case] = {}


def case(name: str, outcome: Error | Loads, secrets: tuple[str, ...] = ()):
    def register(build):
        assert name not in CASES, name
        CASES[name] = Case(build, outcome, secrets)
        return build
    return register


def only(s: Survey, severity: str) -> Finding:
    found = s.log.of_severity(severity)
    assert len(found) == 1, [f.message for f in s.log]
    return found[0]


ALL = ["1", "2", "10"]


# --------------------------------------------------------------------------------------------
# rows never vanish: quotes, line breaks, field counts


@case("an unbalanced quote mid-file (never closed)", Error(dict(
    row=3, column=None, expected=QUOTES,
    issue='lines 3-4: a quote (") in the row that starts on line 3 is never closed, so the '
          "rest of the file would be read as one answer")))
def _(tmp):
    ls = lines()
    ls[2] = ls[2].replace("Meer overleg", '"Meer overleg')
    return write(tmp, "".join(ls)), MINI, {}


@case("a stray quote that closes in the same column of the next row (swallows it)", Error(dict(
    row=3, column="suggesties", expected=QUOTES,
    issue='lines 3-4: the text of a field that starts with a quote (") runs over 2 lines and '
          "holds 21 delimiters: it seems to swallow the next row (a stray quote?)")))
def _(tmp):
    ls = lines()
    ls[2] = ls[2].replace("Meer overleg", '"Meer overleg')
    fields = ls[3].split(",")
    fields[MINI.columns().index("suggesties")] = 'en meer"'  # closes in the same column
    ls[3] = ",".join(fields)
    text = "".join(ls)
    # what a reader without the check makes of it: two respondents become one, with 22 fields
    recs = list(csv.reader(io.StringIO(text)))
    assert len(recs) == 3 and len(recs[2]) == len(MINI.columns())
    return write(tmp, text), MINI, {}


@case("a stray quote that closes in another column of a later row", Error(dict(
    row=3, expected=QUOTES,
    issue='lines 3-4: a field that starts with a quote (") on line 3 runs on to line 4, and '
          "the row then has 24 fields where the header has 22 (a stray quote?)")))
def _(tmp):
    ls = lines()
    ls[2] = ls[2].replace("Meer overleg", '"Meer overleg')
    ls[3] = ls[3].replace(",6,", ',6",')
    return write(tmp, "".join(ls)), MINI, {}


@case("a stray quote inside a quoted field (not doubled)", Error(dict(
    row=2, expected=QUOTES,
    issue='line 2: a quote (") in the row that starts on line 2 ends a field in the middle of '
          "a value on line 2 (a stray quote?)")))
def _(tmp):
    ls = lines()
    ls[1] = ls[1].replace("Veel formulieren", '"Veel "formulieren" hoor"')
    return write(tmp, "".join(ls)), MINI, {}


@case("a quote alone at the end of the file", Error(dict(
    row=5, issue='line 5: a quote (") in the row that starts on line 5 is never closed, so the '
                 "rest of the file would be read as one answer")))
def _(tmp):
    return write(tmp, csv_text() + '"'), MINI, {}


@case("a quote opened in the last row", Error(dict(
    row=4, issue='line 4: a quote (") in the row that starts on line 4 is never closed, so the '
                 "rest of the file would be read as one answer")))
def _(tmp):
    ls = lines()
    ls[3] = ls[3].replace(",6,", ',"6,')
    return write(tmp, "".join(ls)), MINI, {}


def _check_multiline(s: Survey, p: Path) -> None:
    assert s.responses.loc["2", "suggesties"] == "Meer overleg,\nen ook: \"minder\" papier"
    assert s.responses.loc["1", "belasting__toelichting"] == "Veel\nformulieren"  # CR LF read as LF (review h152)
    f = only(s, "repaired")            # on line 6 of the file, row 4 of the spreadsheet
    assert (f.row, f.column, f.respondent_id) == (4, "omzet", "10")


@case("line breaks and doubled quotes inside properly quoted fields (CRLF and LF)",
      Loads(ALL, _check_multiline))
def _(tmp):
    data = rows(r2={"belasting__toelichting": "Veel\r\nformulieren"},
                r3={"suggesties": "Meer overleg,\nen ook: \"minder\" papier"},
                r4={"omzet": "40 tot 100 miljoen euro"})
    text = csv_text(data)
    assert text.count("\n") == 6   # 4 rows on 6 lines
    return write(tmp, text), MINI, {}


@case("an error after a multi-line field names the spreadsheet row, not the line", Error(dict(
    row=4, column="nps", question="Vraag 7 nps", issue="got '11' (out of range)",
    expected="a whole number from 0 to 10")))
def _(tmp):
    data = rows(r3={"suggesties": "een\ntwee\ndrie"}, r4={"nps": "11"})
    return write(tmp, csv_text(data)), MINI, {}


@case("CRLF line ends", Loads(ALL, lambda s, p: not len(s.log) or pytest.fail(str(s.log))))
def _(tmp):
    return write(tmp, csv_text(lineterminator="\r\n")), MINI, {}


@case("mixed CRLF and LF line ends", Loads(ALL))
def _(tmp):
    ls = lines()
    return write(tmp, ls[0] + ls[1].replace("\n", "\r\n") + ls[2] + ls[3].replace("\n", "\r\n")
                 ), MINI, {}


@case("old Mac line ends (CR only)", Loads(ALL))
def _(tmp):
    return write(tmp, csv_text(lineterminator="\r")), MINI, {}


@case("an unquoted line break inside an answer", Error(dict(
    row=4, issue="line 4: 4 fields where the header has 22",
    expected="22 fields separated by ',' (an answer with the delimiter or a line break in it "
             "between quotes)")))
def _(tmp):
    ls = lines()
    ls[2] = ls[2].replace("Meer overleg", "Meer\noverleg")
    return write(tmp, "".join(ls)), MINI, {}


@case("a row with a field missing", Error(dict(
    row=3, issue="line 3: 21 fields where the header has 22")))
def _(tmp):
    ls = lines()
    ls[2] = ls[2].replace(",Meer overleg", "")
    return write(tmp, "".join(ls)), MINI, {}


@case("a row with a value beyond the last column", Error(dict(
    row=2, issue="line 2: 23 fields where the header has 22")))
def _(tmp):
    ls = lines()
    ls[1] = ls[1].rstrip("\n") + ",extra\n"
    return write(tmp, "".join(ls)), MINI, {}


def _check_trailing(n: int):
    def check(s: Survey, p: Path) -> None:
        w = only(s, "warning")
        assert (w.row, w.issue, w.action) == (
            None, f"{n} row(s) end with one or more empty fields beyond the header (a trailing "
                  "delimiter)", "the empty fields are ignored")
    return check


@case("a trailing delimiter on every line, header included", Loads(ALL, _check_trailing(3)))
def _(tmp):
    return write(tmp, "".join(x.replace("\n", ",\n") for x in lines())), MINI, {}


@case("a trailing delimiter on the data rows only", Loads(ALL, _check_trailing(2)))
def _(tmp):
    ls = lines()
    return write(tmp, ls[0] + ls[1].replace("\n", ",\n") + ls[2] + ls[3].replace("\n", ",,\n")
                 ), MINI, {}


_STRAY = ("fields where the header has 22 (the last {n} empty, and {usual}): a delimiter (',') "
          "in an answer without quotes shifts the columns after it, or a trailing delimiter only "
          "on this row")


@case("a delimiter in an unquoted answer of a row whose last field is empty (the columns after "
      "it shift: no trailing delimiter)", Error(dict(
          row=4, issue="line 4: 23 " + _STRAY.format(
              n=1, usual="the header and most rows end without one"))))
def _(tmp):
    ls = lines()
    ls[3] = ls[3].replace("2,1,,4,,,6", "2,1,,4,Veel werk, weinig tijd,,6")
    return write(tmp, "".join(ls)), MINI, {}


@case("one row with a trailing delimiter, the header and the other rows without (a stray "
      "delimiter or not: the row is named)", Error(dict(
          row=3, issue="line 3: 24 " + _STRAY.format(
              n=2, usual="the header and most rows end without one"))))
def _(tmp):
    ls = lines()
    return write(tmp, ls[0] + ls[1] + ls[2].replace("\n", ",,\n") + ls[3]), MINI, {}


@case("a trailing delimiter on every line and a delimiter in an unquoted answer of a row whose "
      "last field is empty", Error(dict(
          row=4, issue="line 4: 24 " + _STRAY.format(
              n=2, usual="the other rows end with 1 empty field(s) beyond the header"))))
def _(tmp):
    ls = [x.replace("\n", ",\n") for x in lines()]
    ls[3] = ls[3].replace("2,1,,4,,,6", "2,1,,4,Veel werk, weinig tijd,,6")
    return write(tmp, "".join(ls)), MINI, {}


@case("a trailing delimiter on most data rows, the header without: one row with a delimiter "
      "in an unquoted answer is named", Error(dict(
          row=2, issue="line 2: 24 " + _STRAY.format(
              n=2, usual="the other rows end with 1 empty field(s) beyond the header"))))
def _(tmp):
    ls = [x.replace("\n", ",\n") for x in lines()]
    extra = ls[3].replace("10,1", "11,1")
    ls[1] = "1,1,1,1,,1,0,0,0,,1,2,3,,Veel, formulieren,96.7,8,,,,,,\n"
    return write(tmp, lines()[0] + "".join(ls[1:]) + extra), MINI, {}


def _check_hidden_header(s: Survey, p: Path) -> None:
    w = only(s, "warning")
    assert (w.column, w.issue) == ("(not shown: it holds a word of a contact's name or e-mail address)",
                                   "unexpected column, not in codebook 2099")


@case("an unexpected column whose header holds a contact's surname (review: the header went into the "
      "published log as it was)", Loads(ALL, _check_hidden_header), secrets=("Jansen", "JANSEN"))
def _(tmp):
    ls = lines()
    ls = [ls[0].rstrip("\n") + ",Opmerking J. JANSEN\n"] + [x.rstrip("\n") + ",\n" for x in ls[1:]]
    return write(tmp, "".join(ls)), MINI, {}


@case("an unexpected column whose header is a contact's e-mail name", Loads(ALL, _check_hidden_header),
      secrets=("jan.jansen",))
def _(tmp):
    ls = lines()
    ls = [ls[0].rstrip("\n") + ",jan.jansen\n"] + [x.rstrip("\n") + ",\n" for x in ls[1:]]
    return write(tmp, "".join(ls)), MINI, {}


def _check_disguised(column: str, value, note: str):
    def check(s: Survey, p: Path) -> None:
        f = only(s, "repaired")
        assert (f.row, f.column) == (2, column) and f.action.endswith(note), f.message
        assert s.responses.loc["1", column] == value
    return check


@case("a coded cell with a zero-width space in it (review: 'got text of 2 characters', no word of what)",
      Loads(ALL, _check_disguised("omzet", 1, "read as 1 (the cell holds U+200B ZERO WIDTH SPACE (left out))")))
def _(tmp):
    return write(tmp, csv_text(rows(r2={"omzet": "1\u200b"}))), MINI, {}


@case("a label with look-alike Cyrillic letters (review: 'got personal data')", Loads(ALL, _check_disguised(
    "omzet", 4, "read as 4 (the cell holds U+041C CYRILLIC CAPITAL LETTER EM, U+0435 CYRILLIC SMALL LETTER IE "
                "(read as the Latin letter it looks like))")))
def _(tmp):
    return write(tmp, csv_text(rows(r2={"omzet": "\u041c\u0435er dan 100 miljoen euro"}))), MINI, {}


@case("a header with a look-alike Cyrillic letter names the letter", Error(dict(
    column="omzet", issue="missing expected column"), text="(it holds U+043E CYRILLIC SMALL LETTER O, which only "
                                                           "looks like the letter)"))
def _(tmp):
    return write(tmp, csv_text().replace("omzet", "\u043emzet", 1)), MINI, {}


_TITLE = ("row 1 holds one filled cell (text of 25 characters) above rows of several: a title above the header? The "
          "header (the column names) must be the first row: delete the row(s) above it and export or save again")


@case("a title line above the header (review: one error per row, '22 fields where the header has 1')",
      Error(text="export.csv: " + _TITLE))
def _(tmp):
    return write(tmp, "Export ActiZ enquete 2026\n" + csv_text()), MINI, {}


@case("a title line with trailing delimiters above a semicolon header", Error(text="export.csv: " + _TITLE))
def _(tmp):
    return write(tmp, "Export ActiZ enquete 2026;;;\n\n" + csv_text(delimiter=";")), MINI, {}


def test_a_title_row_above_the_header_of_a_workbook_says_so(tmp_path):
    """Review (agency exports): a workbook with a title in A1 above the header stopped with "row 2: values in
    columns without a header"."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Export ActiZ enquete 2026"])
    for r in csv.reader(io.StringIO(csv_text())):
        wb.active.append(r)
    wb.save(tmp_path / "e.xlsx")
    with pytest.raises(ExportError, match=re.escape("e.xlsx: sheet 'Sheet', " + _TITLE)):
        load_survey(tmp_path / "e.xlsx", MINI)


def _check_long_header(s: Survey, p: Path) -> None:
    w = only(s, "warning")
    assert (w.column, w.issue) == ("(a column name of 10485760 characters)", "unexpected column, not in codebook 2099")
    assert len(w.message) < 500


@case("an unexpected column whose name is ten megabytes (review: the name went into the log whole)",
      Loads(ALL, _check_long_header))
def _(tmp):
    ls = lines()
    ls = [ls[0].rstrip("\n") + "," + "X" * (10 * 1024 * 1024) + "\n"] + [x.rstrip("\n") + ",\n" for x in ls[1:]]
    return write(tmp, "".join(ls)), MINI, {}


def _check_rows_from(first: int):
    def check(s: Survey, p: Path) -> None:
        f = only(s, "repaired")
        assert (f.row, f.respondent_id, f.column) == (first, "1", "omzet")
    return check


@case("blank lines before the header (rows as the spreadsheet shows them)",
      Loads(ALL, _check_rows_from(4)))
def _(tmp):
    return write(tmp, "\n\n" + csv_text(rows(r2={"omzet": "Minder dan 20 miljoen euro"}))), \
        MINI, {}


@case("Excel's 'sep=;' first line (not a row: Excel does not show it)",
      Loads(ALL, _check_rows_from(2)))
def _(tmp):
    text = csv_text(rows(r2={"omzet": "Minder dan 20 miljoen euro"}), delimiter=";")
    return write(tmp, "sep=;\r\n" + text), MINI, {}


@case("a quoted '\"sep=,\"' first line", Loads(ALL, _check_rows_from(2)))
def _(tmp):
    return write(tmp, '"sep=,"\n' + csv_text(rows(r2={"omzet": "Minder dan 20 miljoen euro"}))
                 ), MINI, {}


@case("a 'sep=;' line over a comma-separated file", Error(
    text="export.csv: the header reads as one column (the first line says sep=;)"))
def _(tmp):
    return write(tmp, "sep=;\n" + csv_text()), MINI, {}


@case("the header repeated mid-file (two exports pasted together)", Error(
    text="export.csv: row(s) 4 repeat the header (row 1): two exports pasted together? Remove "
         "the repeated header, and check that no respondent appears twice"))
def _(tmp):
    ls = lines()
    return write(tmp, "".join(ls[:3] + [ls[0]] + ls[3:])), MINI, {}


@case("a header name twice", Error(text="column name(s) appear more than once in the header: "
                                        "'nps' (columns 17, 18)"))
def _(tmp):
    return write(tmp, csv_text().replace("nps__toelichting", "nps", 1)), MINI, {}


@case("a header name twice in another case and spacing", Error(
    text="column name(s) appear more than once in the header: 'omzet' (columns 3, 19)"))
def _(tmp):
    return write(tmp, csv_text().replace("suggesties", " OMZET", 1)), MINI, {}


@case("an empty file", Error(text="export.csv: the file is empty"))
def _(tmp):
    return write(tmp, b""), MINI, {}


@case("a file of blank lines and spaces", Error(text="export.csv: the file is empty"))
def _(tmp):
    return write(tmp, "\r\n  \n\t\n"), MINI, {}


@case("a header-only file", Error(text="export.csv: the file has a header but no respondent "
                                       "rows"))
def _(tmp):
    return write(tmp, lines()[0]), MINI, {}


@case("a header and blank lines only", Error(text="export.csv: the file has a header but no "
                                                  "respondent rows"))
def _(tmp):
    return write(tmp, lines()[0] + "\n,,,\n\n"), MINI, {}


TEN_MB = 10 * 1024 * 1024


def _check_huge(s: Survey, p: Path) -> None:
    f = only(s, "repaired")
    assert (f.row, f.column, f.question, f.issue, f.action) == (
        3, "suggesties", "Vraag 8 suggesties",
        f"text of {TEN_MB} characters (longer than the limit of {MAX_ANSWER_CHARS})",
        f"cut to its first {MAX_ANSWER_CHARS} characters")
    assert s.responses.loc["2", "suggesties"] == "x" * MAX_ANSWER_CHARS


@case("ten megabytes in one free-text cell", Loads(ALL, _check_huge))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"suggesties": "x" * TEN_MB}))), MINI, {}


@case("a megabyte in a code cell", Error(dict(
    row=3, column="omzet", question="Vraag 1 omzet", issue="got text of 1048576 characters",
    expected=OMZET_EXPECTED)))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"omzet": "7" * 1024 * 1024}))), MINI, {}


# --------------------------------------------------------------------------------------------
# encodings and bytes


def _check_clean(s: Survey, p: Path) -> None:
    assert len(s.log) == 0, [f.message for f in s.log]
    assert s.responses.loc["2", "zorgtype__tekst"] == "Dagbesteding"


@case("UTF-16 big-endian with BOM", Loads(ALL, _check_clean))
def _(tmp):
    return write(tmp, b"\xfe\xff" + csv_text().encode("utf-16-be")), MINI, {}


@case("UTF-32 little-endian with BOM", Error(text="the file is UTF-32 (its byte-order mark says so), which is "
                                                 "not read; save it as UTF-8"))
def _(tmp):
    return write(tmp, csv_text().encode("utf-32")), MINI, {}


@case("UTF-32 big-endian with BOM", Error(text="the file is UTF-32"))
def _(tmp):
    return write(tmp, b"\x00\x00\xfe\xff" + csv_text().encode("utf-32-be")), MINI, {}


@case("two UTF-8 byte-order marks", Error(text="the file starts with two UTF-8 byte-order marks"))
def _(tmp):
    return write(tmp, b"\xef\xbb\xbf\xef\xbb\xbf" + csv_text().encode("utf-8")), MINI, {}


def _check_utf16(order: str):
    def check(s: Survey, p: Path) -> None:
        w = only(s, "warning")
        assert (w.row, w.issue) == (None, "the file is UTF-16 without a byte-order mark: read "
                                          f"as UTF-16-{order}")
        assert s.responses.loc["2", "zorgtype__tekst"] == "Dagbesteding en café"
    return check


@case("UTF-16 little-endian without BOM", Loads(ALL, _check_utf16("LE")))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"zorgtype__tekst": "Dagbesteding en café"})),
                 encoding="utf-16-le"), MINI, {}


@case("UTF-16 big-endian without BOM", Loads(ALL, _check_utf16("BE")))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"zorgtype__tekst": "Dagbesteding en café"})),
                 encoding="utf-16-be"), MINI, {}


def _check_accents(s: Survey, p: Path) -> None:
    assert len(s.log) == 0
    assert s.responses.loc["2", "zorgtype__tekst"] == "Dagbesteding en café"
    assert s.responses.loc["2", "suggesties"] == "“Meer” overleg – 10 €"


@case("UTF-8 with BOM and semicolons", Loads(ALL, _check_accents))
def _(tmp):
    data = rows(r3={"zorgtype__tekst": "Dagbesteding en café", "suggesties": "“Meer” overleg – 10 €"})
    return write(tmp, csv_text(data, delimiter=";"), encoding="utf-8-sig"), MINI, {}


def _check_windows_1252(s: Survey, p: Path) -> None:
    """Review (agency exports): a file read as Windows-1252 left no note, so a DOS or Mac export read
    with other letters went unseen: one warning names the encoding and the letters it gave."""
    assert [f.issue for f in s.log] == ["the file is not UTF-8: read as Windows-1252 (its characters beyond "
                                        "ASCII: é, “, ”, –, €)"]
    assert s.responses.loc["2", "zorgtype__tekst"] == "Dagbesteding en café"
    assert s.responses.loc["2", "suggesties"] == "“Meer” overleg – 10 €"


@case("Windows-1252", Loads(ALL, _check_windows_1252))
def _(tmp):
    data = rows(r3={"zorgtype__tekst": "Dagbesteding en café", "suggesties": "“Meer” overleg – 10 €"})
    return write(tmp, csv_text(data, delimiter=";"), encoding="cp1252"), MINI, {}


@case("UTF-8 with one line saved as Windows-1252 (mixed encodings)", Error(
    text="export.csv: line 3: byte 0xE9 cannot be read as UTF-8, while other lines of the file "
         "are UTF-8 (the file mixes two encodings); save the file again as UTF-8"))
def _(tmp):
    good = csv_text(rows(r2={"belasting__toelichting": "Veel café"})).encode("utf-8")
    return write(tmp, good.replace(b"Meer overleg", "Meer café".encode("cp1252"))), MINI, {}


@case("an Excel workbook saved under a .csv name", Error(
    text="export.csv: this is an Excel workbook (.xlsx) or another zip file, not a CSV file"))
def _(tmp):
    p = _xlsx(tmp, [MINI.columns()] + [[r.get(c, "") for c in MINI.columns()]
                                       for r in base_rows()])
    return write(tmp, p.read_bytes()), MINI, {}


@case("a NUL byte in the header", Error(text="export.csv: column 3 of the header holds a "
                                              "control character (a NUL byte?)"))
def _(tmp):
    return write(tmp, csv_text().replace("omzet", "om\x00zet", 1)), MINI, {}


def _check_header_break(s: Survey, p: Path) -> None:
    assert s.responses["omzet"].tolist() == [1, 4, 3]
    assert all("omzet" != f.column for f in s.log)


@case("a line break inside a quoted header name (a tool's question text)",
      Loads(ALL, _check_header_break))
def _(tmp):
    from wlzmonitor.inputs.mapping import ExportMapping

    text = csv_text().replace(",omzet,", ',"Vraag 1\nJaaromzet",', 1)
    return write(tmp, text), MINI, {"mapping": ExportMapping(columns={"Vraag 1 Jaaromzet":
                                                                       "omzet"})}


def _check_nul_text(s: Survey, p: Path) -> None:
    f = only(s, "repaired")
    assert (f.row, f.column, f.issue, f.action) == (
        3, "suggesties", "a NUL character (byte 0) in the cell",
        "NUL character removed (the rest of the text kept)")
    assert s.responses.loc["2", "suggesties"] == "Meer overleg"   # not cut at the NUL


@case("a NUL byte inside a free-text answer", Loads(ALL, _check_nul_text))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"suggesties": "Meer\x00 overleg"}))), MINI, {}


def _check_controls(s: Survey, p: Path) -> None:
    f = only(s, "repaired")
    assert (f.row, f.column, f.issue, f.action) == (
        3, "suggesties", "control character(s) U+0001, U+001B, U+0085, U+202C, U+202E in the text",
        "removed (the rest of the text kept)")
    # tab and line feed are text (CR LF read as LF: review h152); the escape sequence's printable rest stays
    assert s.responses.loc["2", "suggesties"] == "Meer[31m\toverleg\nmet evil\nzorgkantoor"


@case("control characters in a free-text answer (a terminal escape, a bidi override)",
      Loads(ALL, _check_controls))
def _(tmp):
    text = "Meer\x01\x1b[31m\toverleg\r\nmet \u202eevil\u202c\x85zorgkantoor"
    return write(tmp, csv_text(rows(r3={"suggesties": text}))), MINI, {}


def _check_controls_and_length(s: Survey, p: Path) -> None:
    issues = sorted(f.issue for f in s.log.of_severity("repaired"))
    assert issues == ["control character(s) U+0007 in the text",
                      f"text of {TEN_MB} characters (longer than the limit of {MAX_ANSWER_CHARS})"]
    assert s.responses.loc["2", "suggesties"] == "x" * MAX_ANSWER_CHARS


@case("a bell character in ten megabytes of text", Loads(ALL, _check_controls_and_length))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"suggesties": "\x07" + "x" * TEN_MB}))), MINI, {}


@case("a NUL byte in a code cell", Error(dict(
    row=3, column="omzet", question="Vraag 1 omzet",
    issue="a NUL character (byte 0) in the cell: the export is damaged",
    expected=OMZET_EXPECTED)))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"omzet": "4\x00"}))), MINI, {}


@case("a NUL byte in a respondent id", Error(dict(
    row=4, column="respondent_id",
    issue="a NUL character (byte 0) in the cell: the export is damaged")))
def _(tmp):
    return write(tmp, csv_text(rows(r4={"respondent_id": "1\x000"}))), MINI, {}


def _check_nul_ignored(s: Survey, p: Path) -> None:
    w = [f for f in s.log.warnings if "NUL" in f.issue]
    assert [(f.row, f.column, f.issue, f.action) for f in w] == [
        (3, "Starttijd", "a NUL character (byte 0) in the cell",
         "removed (the column is not analysed)")]


@case("a NUL byte in a column the mapping ignores", Loads(ALL, _check_nul_ignored))
def _(tmp):
    from wlzmonitor.inputs.mapping import ExportMapping

    data = [dict(r, Starttijd="10:00") for r in base_rows()]
    data[1]["Starttijd"] = "10:\x0001"
    text = csv_text(data, NUMBERS).replace("respondent_id,", "Starttijd,respondent_id,", 1)
    text = "\n".join([text.splitlines()[0]] + [f"{r['Starttijd']},{line}" for r, line in
                                                 zip(data, text.splitlines()[1:])]) + "\n"
    return write(tmp, text), NUMBERS, {"mapping": ExportMapping(ignore=["Starttijd"])}


def _check_nul_row(s: Survey, p: Path) -> None:
    assert [(f.row, f.issue, f.action) for f in s.log.warnings] == [
        (None, "1 entirely empty row(s) skipped (rows 4)",
         "not respondent rows: not counted as rows read"),
        (4, "a NUL character (byte 0) in the cell of a row that is otherwise empty",
         "removed; the row is skipped as empty")]


@case("a row of nothing but a NUL byte", Loads(ALL, _check_nul_row))
def _(tmp):
    ls = lines()
    nul_row = ",".join(["", "", "\x00"] + [""] * 19) + "\n"      # the omzet cell
    return write(tmp, "".join(ls[:3] + [nul_row] + ls[3:])), MINI, {}


# --------------------------------------------------------------------------------------------
# XLSX


def _xlsx(tmp: Path, grid: list[list], formulas: dict[str, str | None] | None = None,
          name: str = "export.xlsx") -> Path:
    """A workbook of ``grid``; ``formulas``: cell -> formula, with the value a spreadsheet
    program stored for it (None: none stored, as a program that does not calculate writes)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in grid:
        ws.append([int(v) if isinstance(v, str) and v.isdigit() and len(v) < 6 else (v or None)
                   for v in r])
    for ref, _ in (formulas or {}).items():
        ws[ref] = "=5*2"
    p = tmp / name
    wb.save(p)
    stored = {ref: v for ref, v in (formulas or {}).items() if v is not None}
    if stored:  # write the stored value into the sheet's XML, as Excel does
        with zipfile.ZipFile(p) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
        for ref, v in stored.items():
            xml, n = re.subn(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/>', rf"\g<1><v>{v}</v>", xml)
            assert n == 1, xml[:500]
        parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
        with zipfile.ZipFile(p, "w") as z:
            for n, b in parts.items():
                z.writestr(n, b)
    return p


def _grid(data=None) -> list[list[str]]:
    cols = MINI.columns()
    return [cols] + [[r.get(c, "") for c in cols] for r in (data or base_rows())]


NPS = "Q"  # the nps column's letter in the mini export


@case("XLSX: a formula without a stored value (it would read as empty)", Error(dict(
    row=3, column="nps",
    issue="a formula without a computed value (the file was saved by a program that does not "
          "calculate formulas; the cell would read as empty)", expected="a value")))
def _(tmp):
    assert MINI.columns().index("nps") == 16
    return _xlsx(tmp, _grid(), {f"{NPS}3": None}), MINI, {}


def _check_formula(s: Survey, p: Path) -> None:
    w = only(s, "warning")
    assert (w.row, w.column, w.issue, w.action) == (
        3, "nps", "1 cell(s) hold a formula (row(s) 3)",
        "the value the spreadsheet program computed and stored is used")
    assert s.responses.loc["2", "nps"] == 10


@case("XLSX: a formula with a stored value", Loads(ALL, _check_formula))
def _(tmp):
    return _xlsx(tmp, _grid(), {f"{NPS}3": "10"}), MINI, {}


SPREADSHEET_ERROR = "the spreadsheet error {} (a formula that failed: type the value itself)"


@case("a spreadsheet error value (#N/A) as a free-text answer", Error(dict(
    row=3, column="suggesties", question="Vraag 8 suggesties", issue="got " + SPREADSHEET_ERROR.format("#N/A"),
    expected="the respondent's text, or an empty cell")))
def _(tmp):  # it was read as the answer '#N/A': an open answer nobody wrote, counted and shown
    return write(tmp, csv_text(rows(r3={"suggesties": "#N/A"}))), MINI, {}


@case("a spreadsheet error value with spaces around it (' #REF! ') among other answers", Error(dict(
    row=4, column="suggesties", question="Vraag 8 suggesties", issue="got " + SPREADSHEET_ERROR.format("#REF!"),
    expected="the respondent's text, or an empty cell")))
def _(tmp):  # looked for among the column's distinct stripped texts (speed, issue 16): the same finding
    return write(tmp, csv_text(rows(r3={"suggesties": "Meer overleg"}, r4={"suggesties": " #REF! "}))), MINI, {}


@case("XLSX: an error cell (#VALUE!) in a comment box", Error(dict(
    row=2, column="belasting__toelichting", question="Vraag 5 belasting",
    issue="got " + SPREADSHEET_ERROR.format("#VALUE!"), expected="the respondent's text, or an empty cell")))
def _(tmp):
    import openpyxl

    path = _xlsx(tmp, _grid())
    wb = openpyxl.load_workbook(path)
    cell = wb.active["O2"]  # belasting__toelichting of respondent 1 (a formula that failed)
    cell.value, cell.data_type = "#VALUE!", "e"
    wb.save(path)
    return path, MINI, {}


@case("XLSX: an NPS typed as 8-1 that the spreadsheet made a date", Error(dict(
    row=2, column="nps", question="Vraag 7 nps",
    issue="got a date or time (a cell of the workbook formatted as a date: what was typed, such as 3-4 or 8:30, "
          "became a date; format the column as a number or text and type the value again)",
    expected="a whole number from 0 to 10")))
def _(tmp):  # it said 'got text of 19 characters': the cell shows 8-1, nothing of 19 characters
    import datetime

    import openpyxl

    path = _xlsx(tmp, _grid())
    wb = openpyxl.load_workbook(path)
    wb.active[f"{NPS}2"] = datetime.datetime(2026, 1, 8)
    wb.active[f"{NPS}2"].number_format = "d-m"
    wb.save(path)
    return path, MINI, {}


@case("XLSX: blank rows before the header (rows as Excel numbers them)",
      Loads(ALL, _check_rows_from(4)))
def _(tmp):
    grid = [[""] * 3, [""] * 3] + _grid(rows(r2={"omzet": "Minder dan 20 miljoen euro"}))
    return _xlsx(tmp, grid), MINI, {}


@case("XLSX: the header repeated mid-sheet", Error(text="row(s) 3 repeat the header (row 1)"))
def _(tmp):
    grid = _grid()
    return _xlsx(tmp, grid[:2] + [grid[0]] + grid[2:]), MINI, {}


# --------------------------------------------------------------------------------------------
# numbers


def num(column: str, value: str, row: str = "r2") -> Callable[[Path], tuple]:
    def build(tmp: Path):
        return write(tmp, csv_text(rows(**{row: {column: value}}), NUMBERS)), NUMBERS, {}
    return build


def number_error(column: str, issue: str, expected: str, row: int = 2) -> Error:
    q = {c["key"]: c["number"] for c in _NUMERIC}[column]
    return Error(dict(row=row, column=column, question=f"Vraag {q} {column}", issue=issue,
                      expected=expected))


COUNT = "a whole number from 1 to 5000"
EURO = "a number from 10000 to 1000000000 (euro)"
PCT = "a number from 50 to 100 (percent)"

NUMBER_ERRORS = [
    # (name, column, cell, issue, expected)
    ("a count of 1e19 (overflow)", "aantal", "1e19", "got '1e19' (too large)", COUNT),
    ("a count of 20 digits", "aantal", "99999999999999999999",
     "got a number of 20 digits (too large)", COUNT),
    ("a phone number in a count", "aantal", "06-12345678",
     "got a value that looks like a phone number", COUNT),
    ("an international phone number in a count", "aantal", "+31 6 1234 5678",
     "got a value that looks like a phone number", COUNT),
    ("a phone number that lost its 0 in a count", "aantal", "612345678",
     "got a number of 9 digits (implausible: more than 5000)", COUNT),
    ("an implausible count", "aantal", "6000", "got '6000' (implausible: more than 5000)",
     COUNT),
    ("a count of 0 after 'Ja, aan ... cliënten'", "aantal", "0",
     "got '0' (implausible: less than 1)", COUNT),
    ("a negative count", "aantal", "-3", "got '-3' (out of range)", COUNT),
    ("inf in a count", "aantal", "inf", "got 'inf' (not a number)", COUNT),
    ("nan in a count", "aantal", "nan", "got 'nan' (not a number)", COUNT),
    ("Infinity in a count", "aantal", "Infinity", "got text of 8 characters (not a number)",
     COUNT),
    ("scientific notation in a count", "aantal", "1e3",
     "got '1e3' (scientific notation: the number may have been rounded; write it in full)",
     COUNT),
    ("a decimal comma in a count", "aantal", "2,5", "got '2,5'", COUNT),
    ("a decimal point in a count", "aantal", "2.5", "got '2.5'", COUNT),
    ("mixed thousands separators giving a fraction", "aantal", "1.234,5", "got '1.234,5'",
     COUNT),
    ("spaces that are no thousands separators", "aantal", "12 34",
     "got '12 34' (not a number)", COUNT),
    ("a spreadsheet's rounded number in euro", "bedrag", "1,5E+06",
     "got '1,5E+06' (scientific notation: the number may have been rounded; write it in full)",
     EURO),
    ("an amount in millions", "bedrag", "2,4", "got '2,4' (implausible: less than 10000)",
     EURO),
    ("an amount above any member's turnover", "bedrag", "5.000.000.000",
     "got a number of 10 digits (implausible: more than 1000000000)", EURO),
    ("an e-mail address in euro", "bedrag", "info@zorggroep.example",
     "got an e-mail address", EURO),
    ("a web address in euro", "bedrag", "www.zorggroep.nl", "got a web address", EURO),
    ("an ambiguous thousands separator without a plausible range", "bedrag_vrij", "1.234",
     "got '1.234' (ambiguous: 1.234 or 1234; write the number without a thousands separator)",
     "a number of at least 0 (euro)"),
    ("a percentage point difference instead of a percentage", "pct", "2",
     "got '2' (implausible: less than 50)", PCT),
    ("a percentage above 100", "pct", "101", "got '101' (out of range)", PCT),
    ("scientific notation in a percentage", "pct", "9.6E1",
     "got '9.6E1' (scientific notation: the number may have been rounded; write it in full)",
     PCT),
]
for _name, _col, _cell, _issue, _exp in NUMBER_ERRORS:
    case(_name, number_error(_col, _issue, _exp),
         secrets=(_cell,) if any(k in _issue for k in ("phone", "e-mail", "web", "digits"))
         else ())(num(_col, _cell))


def _check_value(column: str, value: float, repair: str | None = None):
    def check(s: Survey, p: Path) -> None:
        assert s.responses.loc["1", column] == pytest.approx(value)
        if repair is None:
            assert len(s.log) == 0, [f.message for f in s.log]
        else:
            assert only(s, "repaired").action == repair
    return check


NUMBER_LOADS = [
    ("a count with a space as thousands separator", "aantal", "1 234", 1234, None),
    ("a count written 2,0", "aantal", "2,0", 2, None),
    ("a count 'ca. 12'", "aantal", "ca. 12", 12, "read as 12 (approximate value: 'ca.' dropped)"),
    ("a count '1.234' (thousands separator)", "aantal", "1.234", 1234,
     "read as 1234 ('.' as thousands separator)"),
    ("an amount with repeated thousands separators", "bedrag", "1.500.000", 1500000, None),
    ("an amount in Dutch notation with a euro sign", "bedrag", "€ 2.375.000,50", 2375000.5,
     None),
    ("an amount whose only plausible reading is with a thousands separator", "bedrag",
     "123.456", 123456, "read as 123456 ('.' as thousands separator)"),
    ("a percentage with a percent sign and a decimal comma", "pct", "96,7 %", 96.7,
     "read as 96.7 (percent sign dropped)"),
]
for _name, _col, _cell, _value, _repair in NUMBER_LOADS:
    case(_name, Loads(ALL, _check_value(_col, _value, _repair)))(num(_col, _cell))


def _check_code_repair(column: str, value: int, written: str):
    def check(s: Survey, p: Path) -> None:
        assert s.responses.loc["1", column] == value
        f = only(s, "repaired")
        assert (f.row, f.column, f.action) == (2, column, f"read as {value} (written as '{written}')")
    return check


# a code or a scale value with one reading, not written as the codebook writes it: read, and
# logged (never silently): a decimal, a leading zero or plus, full-width or Arabic-Indic digits
CODE_FORMS = [("omzet", "1", "1.0"), ("omzet", "1", "1,0"), ("omzet", "1", "01"), ("omzet", "1", "+1"),
              ("omzet", "1", "\uff11"), ("nps", "8", "8.0"), ("nps", "8", "\uff18"), ("nps", "8", "08"),
              ("nps", "8", "\u0668"), ("redenen__1", "1", "1.0")]
for _col, _value, _cell in CODE_FORMS:
    case(f"{_col} written as {_cell!r}", Loads(ALL, _check_code_repair(_col, int(_value), _cell)))(
        lambda tmp, _c=_col, _v=_cell: (write(tmp, csv_text(rows(r2={_c: _v}))), MINI, {}))


# --------------------------------------------------------------------------------------------
# personal data never in the log


EMAIL_ID = "j.jansen@zorggroep.example"


def _check_email_id(s: Survey, p: Path) -> None:
    w = only(s, "warning")
    assert (w.column, w.issue, w.expected, w.action) == (
        "respondent_id", "1 respondent id(s) look like personal data or free text (an e-mail "
                         "address)", "pseudonymous ids: numbers or codes",
        "kept; these ids are not shown in this log")
    x = only(s, "excluded")
    assert (x.row, x.respondent_id) == (3, "(not shown: an e-mail address)")


@case("a respondent id that is an e-mail address (excluded row)", Loads(
    ["1", "10"], _check_email_id), secrets=(EMAIL_ID, "jansen"))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"respondent_id": EMAIL_ID, "voltooid": "0"}))), MINI, {}


@case("a respondent id that is an e-mail address, twice with different answers", Error(dict(
    row=5, respondent_id="(not shown: an e-mail address)", column="respondent_id",
    issue="respondent id (not shown: an e-mail address) also on row 3 with different answers "
          "(columns nps)")), secrets=(EMAIL_ID, "jansen"))
def _(tmp):
    data = rows(r3={"respondent_id": EMAIL_ID})
    data.append(dict(data[1], nps="3"))
    return write(tmp, csv_text(data)), MINI, {}


@case("a respondent id that is a name", Error(dict(
    row=3, respondent_id="(not shown: a value that looks like a person's name)", column="omzet",
    issue="got '9'")), secrets=("Jan Jansen",))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"respondent_id": "Jan Jansen", "omzet": "9"}))), MINI, {}


@case("a respondent id that is a surname", Error(dict(
    row=3, respondent_id="(not shown: a value that looks like a person's name)", column="omzet",
    issue="got '9'")), secrets=("Klaassen",))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"respondent_id": "Klaassen", "omzet": "9"}))), MINI, {}


@case("a respondent id that is an e-mail address's local part", Error(dict(
    row=3, respondent_id="(not shown: a value that looks like a person's name)", column="omzet",
    issue="got '9'")), secrets=("tessa.dehaan",))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"respondent_id": "tessa.dehaan", "omzet": "9"}))), MINI, {}


@case("a respondent id that is a phone number", Error(dict(
    row=2, respondent_id="(not shown: a value that looks like a phone number)", column="nps",
    issue="got '12' (out of range)")), secrets=("0612345678",))
def _(tmp):
    return write(tmp, csv_text(rows(r2={"respondent_id": "0612345678", "nps": "12"}))), MINI, {}


@case("a sentence in a code column", Error(dict(
    row=4, column="omzet", issue="got text of 30 characters", expected=OMZET_EXPECTED)),
    secrets=("Jansen",))
def _(tmp):
    return write(tmp, csv_text(rows(r4={"omzet": "Bel mij, Piet Jansen, ca 2 mln"}))), MINI, {}


@case("a phone number where the question was not asked", Error(dict(
    row=3, column="redenen__1", question="Vraag 3 redenen",
    issue="got a value that looks like a phone number")), secrets=("020-1234567",))
def _(tmp):
    return write(tmp, csv_text(rows(r3={"redenen__1": "020-1234567"}))), MINI, {}


@case("a matrix cell holding an e-mail address", Error(dict(
    row=2, column="gebruik__zzp", question="Vraag 4 gebruik", issue="got an e-mail address",
    expected="one of 1=Ja, 2=Nee")), secrets=("piet@zorg.example",))
def _(tmp):
    return write(tmp, csv_text(rows(r2={"gebruik__zzp": "piet@zorg.example"}))), MINI, {}


def _multi_export(tmp: Path, value: str) -> tuple:
    """The mini export with the multi question as one delimited column, through a mapping."""
    from wlzmonitor.inputs.mapping import ExportMapping, MultiColumn

    cols = [c for c in MINI.columns() if not re.fullmatch(r"redenen__\d", c)] + ["Redenen"]
    data = [dict(r, Redenen="|".join(lab for code, lab in ((1, "Personeel"), (3, "Zorgzwaarte"))
                                     if r.get(f"redenen__{code}") == "1")) for r in base_rows()]
    data[0]["Redenen"] = value
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(cols)
    w.writerows([[r.get(c, "") for c in cols] for r in data])
    mapping = ExportMapping(multi=[MultiColumn("redenen", "Redenen", "|")])
    return write(tmp, buffer.getvalue()), MINI, {"mapping": mapping}


@case("a delimited multi-response column holding a phone number (through a mapping)", Error(dict(
    row=2, column="redenen__*", question="Vraag 3 redenen", export_column="Redenen",
    # ("bel Piet Jansen": a name after "bel", described as one)
    issue="got a value that looks like a phone number, a value that looks like a person's name (not an option)")),
    secrets=("06-12345678", "Piet Jansen"))
def _(tmp):
    return _multi_export(tmp, "Personeel|06-12345678|bel Piet Jansen graag")


@case("a short code may be shown", Error(dict(
    row=4, column="nps", issue="got '11' (out of range)",
    expected="a whole number from 0 to 10")))
def _(tmp):
    return write(tmp, csv_text(rows(r4={"nps": "11"}))), MINI, {}


# --------------------------------------------------------------------------------------------
# the tests


def _load(name: str, tmp_path: Path):
    path, cb, kw = CASES[name].build(tmp_path)
    kw.setdefault("mapping", None)
    return path, load_survey(path, cb, **kw)


def _no_secrets(name: str, *texts: str) -> None:
    for secret in CASES[name].secrets:
        for t in texts:
            assert secret.casefold() not in t.casefold(), (secret, t[:2000])


def test_there_are_many_cases():
    assert len(CASES) >= 80


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_export(name, tmp_path):
    outcome = CASES[name].outcome
    if isinstance(outcome, Error):
        with pytest.raises(ExportError) as ei:
            _load(name, tmp_path)
        err = ei.value
        path = tmp_path / "export.csv"
        if outcome.text is not None:
            assert outcome.text in str(err), str(err)
        if outcome.finding is not None:
            hits = [f for f in err.findings
                    if all(getattr(f, k) == v for k, v in outcome.finding.items())]
            assert hits, [f.message for f in err.findings]
            f = hits[0]
            assert f.severity == "error" and f.file.startswith(str(tmp_path))
            path = Path(f.file)
            sheet = f"sheet {f.sheet}, " if f.sheet else ""  # a workbook's row is on a sheet (review h134)
            assert f.message.startswith(f"{path}:{sheet}row {f.row}" if f.row else str(path))
            assert f.message in str(err)
        log = err.log.to_frame().to_csv() if err.log is not None else ""
        _no_secrets(name, str(err), log)
        return
    path, survey = _load(name, tmp_path)
    if outcome.check is not None:
        outcome.check(survey, path)
    _no_secrets(name, "\n".join(f.message for f in survey.log), survey.log.to_frame().to_csv())
    # every respondent written is included, or excluded with a reason on its row: nothing a
    # parser merged or dropped goes unnoticed, and rows read = included + excluded
    assert sorted(survey.responses.index) == sorted(outcome.ids)
    assert survey.rows_read == survey.n + len(survey.log.excluded_rows()) == 3
    acc = survey.accounting.set_index("step")["n"]
    assert acc["rows read"] == acc["included"] + acc.drop(["rows read", "included"]).sum()


# --------------------------------------------------------------------------------------------
# the pieces


def test_the_written_log_names_files_relative_to_the_repository(tmp_path):
    root = repo_root()
    inside = root / "data" / "raw" / "2026" / "respondenten.csv"
    log = DataQualityLog([
        Finding(str(inside), 2, "R1", "nps", None, "error", "got '11'"),
        Finding(str(tmp_path / "elders" / "export.csv"), None, None, None, None, "warning",
                f"column ignored ({root / 'data' / 'mappings' / '2026.yml'}: ignore)")])
    df = log.to_frame()
    assert df["file"].tolist() == ["data/raw/2026/respondenten.csv", "export.csv"]
    assert df["issue"].tolist()[1] == "column ignored (data/mappings/2026.yml: ignore)"
    assert str(root) not in log.to_frame().to_csv()
    assert log[0].message.startswith(str(inside))      # a message keeps the path as given
    assert log_path("data/raw/2026/respondenten.csv") in ("data/raw/2026/respondenten.csv",
                                                          "respondenten.csv")


def test_the_log_is_relative_to_the_run_s_own_root_not_the_package_s(tmp_path):
    """A run on a copy of the repository (config root elsewhere) writes the same log as a run in place."""
    elsewhere = tmp_path / "kopie"
    export = elsewhere / "data" / "raw" / "2026" / "respondenten.csv"
    log = DataQualityLog([Finding(str(export), 2, "R1", "nps", None, "error",
                                  f"see {elsewhere / 'data' / 'mappings' / '2026.yml'}")])
    df = log.to_frame(elsewhere)
    assert df["file"].tolist() == ["data/raw/2026/respondenten.csv"]
    assert df["issue"].tolist() == ["see data/mappings/2026.yml"]
    assert log.to_frame()["file"].tolist() == ["respondenten.csv"]  # outside the package's root: the name only


def test_check_export_log_is_relative_and_without_personal_data(tmp_path, capsys):
    import pandas as pd

    from wlzmonitor.cli import main
    from wlzmonitor.demo.generator import demo_export_path

    demo = pd.read_csv(demo_export_path(2026), dtype=str, keep_default_na=False).head(12)
    demo.loc[3, ["respondent_id", "voltooid"]] = [EMAIL_ID, "0"]
    p = tmp_path / "export.csv"
    demo.to_csv(p, index=False)
    assert main(["check-export", str(p), "--year", "2026", "--mapping", "none",
                 "--log", str(tmp_path / "log.csv")]) == 0
    text = (tmp_path / "log.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("export.csv,")     # the file's name: outside the repo
    assert str(tmp_path) not in text and "(not shown: an e-mail address)" in text
    assert EMAIL_ID not in text and EMAIL_ID not in capsys.readouterr().out


@pytest.mark.parametrize("value, shown", [
    ("11", "'11'"), ("ca. 12", "'ca. 12'"), ("96,7%", "'96,7%'"), ("-", "'-'"), ("ja", "'ja'"),
    ("1.234", "'1.234'"), ("123456", "'123456'"),
    ("1234567", "a number of 7 digits"), ("06-12-1980", "a value that looks like a date of birth"),
        ("06-12-19800", "a number of 9 digits"), ("NL91ABNA0417164300", "a value that looks like a bank account number"),
    ("0612345678", "a value that looks like a phone number"),
    ("+32 2 123 45 67", "a value that looks like a phone number"),
    ("jan@zorg.example", "an e-mail address"), ("https://zorg.example/x", "a web address"),
    ("mevrouw De Vries", "a value that looks like a person's name"),
    ("Heel groot", "text of 10 characters"), ("a\x00b", "text of 3 characters"),
    ("x" * 5000, "text of 5000 characters"),
    # a spreadsheet's error value (a failed formula's cell, or its text): said as such (review: "#DIV/0!"
    # was "text of 7 characters")
    ("#DIV/0!", "the spreadsheet error #DIV/0! (a formula that failed: type the value itself)"),
    (" #N/A ", "the spreadsheet error #N/A (a formula that failed: type the value itself)"),
    ("Err:502", "the spreadsheet error Err:502 (a formula that failed: type the value itself)"),
    ("#DIV/0! jan@zorg.example", "an e-mail address"),  # not an error value: never shown
])
def test_describe_value(value, shown):
    assert describe_value(value) == shown


@pytest.mark.parametrize("rid, shown", [
    ("R0001", "R0001"), ("17", "17"), ("R_1234abcd5678EfG", "R_1234abcd5678EfG"),
    ("11412345678", "11412345678"), (None, None),
    ("jan@zorg.example", "(not shown: an e-mail address)"),
    ("06 1234 5678", "(not shown: a value that looks like a phone number)"),
    ("Jan Jansen", "(not shown: a value that looks like a person's name)"), ("a b", "(not shown: text of 3 characters)"),
])
def test_shown_respondent_id(rid, shown):
    assert shown_respondent_id(rid) == shown


@pytest.mark.parametrize("rid", ["pjansen", "jansen", "JANSEN", "P.JANSEN", "JdeVries", "van-dijk", "P_Jansen",
                                 "PJansen", "Joëlle", "akroeze01", "J.de.Vries", "gwolthuis"])
def test_a_respondent_id_of_letters_is_not_shown(rid):
    """Review (privacy): a login or name used as respondent id ('pjansen', 'P.JANSEN', 'JdeVries', 'Joëlle',
    'akroeze01') looked like a code and was written into the published data_quality_log.csv of an excluded
    respondent and into messages; letters alone, or letters with only a number tacked on, are hidden."""
    assert shown_respondent_id(rid) == "(not shown: a value that looks like a person's name)"


@pytest.mark.parametrize("rid", ["abcd" + "! " * 10_000 + "a!", "abcd1" + "-" * 20_000 + "a",
                                 "abcd1" + "." * 20_000 + "a", "a" + "1" * 20_000 + "a", "x" * 20_000 + "!" * 20_000], ids=["punctuation", "hyphens", "dots", "digits", "end"])
def test_a_long_respondent_id_is_judged_in_linear_time(rid):
    """Review (speed): the letters-only check stripped the number ends with ``[\\d\\W_]+$``, which
    retried from every position of a long run of punctuation: 25 s for an id of 20,000 characters."""
    import time

    started = time.perf_counter()
    shown_respondent_id(rid)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("rid", ["R0001", "ABC123", "ACTIZ-2026-001", "R-2026-0001", "resp0001", "test01",
                                 "R_1234abcd5678EfG", "10"])
def test_codes_stay_shown(rid):
    assert shown_respondent_id(rid) == rid


@pytest.mark.parametrize("rid", ["R0023-tdehaan", "R_DEKKER_2026", "R0088-Kok", "2026-Zonnehuis", "R12_vandijk",
                                 "R0023-TDH", "R_DEKKERS2026001", "ACTIZ-2026-Bosch", "org17.jansen"])
def test_a_name_after_the_code_of_a_respondent_id_is_not_shown(rid):
    """Review (privacy): ids the agency built from a code and the respondent's name ("R0023-tdehaan",
    "R_DEKKER_2026", "R0088-Kok") looked like codes and were written into the published
    data_quality_log.csv. A word of three letters or more after the code's own prefix hides the id."""
    assert shown_respondent_id(rid) == "(not shown: a value that looks like a person's name)"


@pytest.mark.parametrize("rid", ["KOK-0002", "YDEHAAN0037", "DEKKER_2026", "EIKENBRUG_R0004", "WILGENLANDEN-01",
                                 "BAKKER-0026", "Bos12", "tdehaan-2026", "JAN_001", "TIM-0004"])
def test_a_name_at_the_start_of_a_respondent_id_is_not_shown(rid):
    """Review (privacy, F05): an id that starts with a name ("KOK-0002", "DEKKER_2026", "EIKENBRUG_R0004") was
    taken for a code's prefix and shown, in the log and in the privacy gate's message. A code's prefix is at
    most three letters (a surname among the stop words is none) or a word of a code ("ACTIZ", "resp")."""
    assert shown_respondent_id(rid) == "(not shown: a value that looks like a person's name)"


@pytest.mark.parametrize("rid", ["ORG-001", "RSP12", "ABC-2026", "VVT-001", "TEST-01", "ENQUETE-2026-001",
                                 "ACTIZ2026-0001", "RESP-0001"])
def test_a_code_s_own_prefix_stays_shown(rid):
    assert shown_respondent_id(rid) == rid


@pytest.mark.parametrize("rid", ["ACTIZ-2026-VVT-001", "R12-test", "WLZ2026-R001", "R_9NGoYPPGYj72uIf",
                                 "R_AbcdEfGhIjKlMnO", "a1b2c3d4e5f6g7h8i9j0", "resp-2026-0001", "R0023-A"])
def test_codes_with_code_words_or_random_tokens_stay_shown(rid):
    assert shown_respondent_id(rid) == rid


def test_a_finding_never_holds_an_email_address_or_phone_number():
    """The last guard: whatever a check writes into an issue, the log does not repeat it."""
    f = Finding("f.csv", 2, "piet@zorg.example", "x", None, "error",
                "got 'piet@zorg.example' and 06-12345678")
    assert f.respondent_id == "(not shown: an e-mail address)"
    assert "piet" not in f.issue and "12345678" not in f.issue


@pytest.mark.parametrize("text, value", [
    ("1 234 567", 1234567), ("1\u00a0234", 1234), ("1\u202f234,5", 1234.5), ("€ 12", 12),
    ("12 34", None), ("06 1234 5678", None), ("- 5", None), ("1 23", None),
])
def test_parse_number_spaces_only_between_thousands(text, value):
    assert parse_number(text) == value


def test_2026_codebook_has_a_plausible_range_for_every_numeric_question():
    for year in (2024, 2025, 2026):
        numeric = [q for q in codebook_for_year(year).questions if q.type == "numeric"]
        assert numeric and all(q.plausible is not None for q in numeric), year
        for q in numeric:
            lo, hi = q.range
            p_lo, p_hi = q.plausible
            assert (lo is None or p_lo >= lo) and (hi is None or p_hi <= hi), q.key


def test_the_2026_demo_exports_are_plausible(survey_2026):
    """The shipped demo export loads with its plausible ranges (the conftest fixture), and the
    plausible ranges leave every demo value in."""
    for q in survey_2026.codebook.questions:
        if q.type == "numeric":
            values = survey_2026.responses[q.key].dropna()
            assert ((values >= q.plausible[0]) & (values <= q.plausible[1])).all(), q.key


@pytest.mark.parametrize("plausible, problem", [
    ("[1, 5000]", None),
    ("[null, 5000]", None),
    ("[-1, 5000]", "'plausible' [-1, 5000] must lie inside 'range' [0, None]"),
    ("[10, 5]", "'plausible' minimum 10 is above maximum 5"),
    ("[null, null]", "'plausible' must be [min, max] of numbers (one of them may be null)"),
    ("5000", "'plausible' must be [min, max] of numbers"),
    ("[1, veel]", "'plausible' must be [min, max] of numbers"),
])
def test_codebook_plausible_field(tmp_path, plausible, problem):
    text = MINI_CODEBOOK.read_text(encoding="utf-8").replace(
        "    unit: percent\n    range: [0, 150]\n",
        f"    unit: count\n    range: [0, null]\n    plausible: {plausible}\n")
    path = tmp_path / "cb.yml"
    path.write_text(text, encoding="utf-8")
    if problem is None:
        assert load_codebook(path).question("tarief_pct").plausible is not None
        return
    with pytest.raises(CodebookError) as ei:
        load_codebook(path)
    assert problem in str(ei.value)


def test_plausible_applies_to_numeric_questions_only(tmp_path):
    text = MINI_CODEBOOK.read_text(encoding="utf-8").replace(
        "    range: [0, 10]\n", "    range: [0, 10]\n    plausible: [0, 10]\n")
    path = tmp_path / "cb.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match="key 'plausible' does not apply to a nps question"):
        load_codebook(path)


def test_read_export_rows_and_lines_of_a_multiline_export(tmp_path):
    """The reader's row numbers are the spreadsheet's: one row per record, blank rows counted,
    a ``sep=`` line not."""
    data = rows(r2={"suggesties": "a\nb\nc"})
    p = write(tmp_path, "sep=,\n" + csv_text(data) + "\n" + lines()[3])
    raw = read_export(p)
    assert raw["__row__"].tolist() == [2, 3, 4, 6]
    assert raw.attrs["empty_rows"] == [5]


@pytest.mark.parametrize("amount", ["289173000", "123456782", "11111110"])  # pass the 11-proef / KvK form
def test_an_amount_that_passes_an_identifier_check_is_still_a_number(amount):
    from wlzmonitor.inputs.quality_log import personal_data_kind

    assert personal_data_kind(amount, digit_identifiers=False) is None
    assert personal_data_kind("06-12345678", digit_identifiers=False) == "a value that looks like a phone number"


def test_a_title_line_above_the_header_is_not_echoed(tmp_path):
    """The message about a one-column header names the line, its length and the separators it
    holds, never its text: a title line can hold a contact person's name and address (review)."""
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.reading import read_export

    path = tmp_path / "export.csv"
    path.write_text("Contactpersoon bureau: Jan Jansen jan.jansen@bureau-x.nl 06-12345678\n"
                    "respondent_id,voltooid\nR1,1\n", encoding="utf-8")
    with pytest.raises(ExportError) as err:
        read_export(path)
    message = str(err.value)
    assert "(line 1: 68 characters, ':' 1×)" in message and "A title line above the header?" in message
    assert "Jansen" not in message and "@" not in message and "0612" not in message.replace("-", "")


def test_an_xlsx_whose_declared_size_is_stale_is_read_to_its_last_row(tmp_path):
    """openpyxl's read-only mode trusts the sheet's <dimension>; a program that left it stale
    (A1:B3 for 6 rows) lost rows without a word (review)."""
    import re
    import zipfile

    import openpyxl

    from wlzmonitor.inputs.reading import read_export

    path = tmp_path / "export.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["respondent_id", "voltooid"])
    for i in range(1, 6):
        ws.append([f"R{i}", 1])
    wb.save(path)
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(stale, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B3"', data)
                assert n == 1
            out.writestr(item, data)
    frame = read_export(stale)
    assert list(frame["respondent_id"]) == ["R1", "R2", "R3", "R4", "R5"]


@pytest.mark.parametrize("variant", ["r0005", "R5", "R00005", "R0005"])
def test_a_copied_row_under_the_id_written_differently_is_counted_once(tmp_path, variant):
    """A row copied under its id in another case or with other leading zeros (review: counted
    twice) is excluded as the duplicate it is."""
    from wlzmonitor.inputs.survey import load_survey

    data = rows(r2={"respondent_id": "R0005"})
    data.append(dict(data[0], respondent_id=variant))
    survey = load_survey(write(tmp_path, csv_text(data)), MINI, mapping=None)
    assert survey.n == 3 and survey.rows_read == 4
    excluded = survey.log.exclusions
    assert [(f.row, f.exclusion_reason) for f in excluded] == [(5, "duplicate of an earlier row")]
    assert "duplicate of row 2" in excluded[0].issue


def test_the_id_written_differently_with_other_answers_is_an_error(tmp_path):
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey

    data = rows(r2={"respondent_id": "R0005"})
    data.append(dict(data[0], respondent_id="r05", omzet="2"))
    with pytest.raises(ExportError, match=r"respondent id 'r05' is the id of row 2 written differently \('R0005'; "
                                          r"case or leading zeros\), with different answers \(columns omzet\)"):
        load_survey(write(tmp_path, csv_text(data)), MINI, mapping=None)


def test_the_same_answers_under_another_id_are_a_form_sent_twice(tmp_path):
    from wlzmonitor.inputs.survey import load_survey

    data = rows()
    data.append(dict(data[1], respondent_id="77"))  # (row 2 has a contact e-mail: that check names it)
    survey = load_survey(write(tmp_path, csv_text(data)), MINI, mapping=None)
    assert sorted(survey.responses.index) == ["1", "10", "2"]
    assert [f.issue for f in survey.log.exclusions] == [
        "duplicate of row 3 (the same answers to every question under another respondent id: a form sent twice)"]
    # few answers alike (an almost empty row) are no evidence of a copy
    sparse = [dict(respondent_id=str(i), voltooid="0") for i in (1, 2)]
    survey = load_survey(write(tmp_path, csv_text(sparse), name="sparse.csv"), MINI, mapping=None)
    assert [f.exclusion_reason for f in survey.log.exclusions] == ["incomplete response (voltooid = 0)"] * 2


@pytest.mark.parametrize("rid", ["1²", "R²", "³"])
def test_a_respondent_id_with_a_superscript_digit_loads(tmp_path, rid):
    """'²' is a digit to str.isdigit() but no number to int(): the natural order of the ids
    raised a bare ValueError (review)."""
    survey = load_survey(write(tmp_path, csv_text(rows(r2={"respondent_id": rid}))), MINI,
                         mapping=None)
    assert sorted(survey.responses.index) == sorted([rid, "2", "10"])
    assert survey.rows_read == 3


@pytest.mark.parametrize("cell", ["1¹", "²", "--1", "+-2"])
def test_a_mapped_code_with_a_footnote_marker_or_two_signs_is_an_error(tmp_path, cell):
    """A cell of a mapped column that str.isdigit() takes for a code ('1¹': a footnote marker
    after the code; '--1') raised a bare ValueError in the label table (review); it is an error
    naming row, column and question."""
    mapping = write(tmp_path, 'year: 2099\ncolumns:\n  "Omzet": omzet\n', name="mapping.yml")
    text = csv_text(rows(r3={"omzet": cell})).replace("omzet", "Omzet", 1)
    path = write(tmp_path, text)
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=mapping)
    [finding] = ei.value.findings
    assert (finding.row, finding.column, finding.export_column, finding.question, finding.issue) == (
        3, "omzet", "Omzet", "Vraag 1 omzet", f"got '{cell}'")


@pytest.mark.parametrize("variant", ["\ufeff10", "10\u200b", "1\u00ad0", "１0", "10\u2060"])
def test_an_id_written_with_an_invisible_or_full_width_character_is_the_same_id(tmp_path, variant):
    """A second response of respondent 10 under '10' with a byte-order mark (a second export pasted
    below the first), a zero-width space or soft hyphen, or a full-width digit was counted as a
    respondent of its own (review: n=4 with one warning); it is the id written differently."""
    data = rows()
    data.append(dict(data[2], respondent_id=variant, nps="9"))
    with pytest.raises(ExportError) as ei:
        load_survey(write(tmp_path, csv_text(data)), MINI, mapping=None)
    [finding] = ei.value.findings
    if variant == "１0":
        assert (finding.row, finding.column, finding.issue) == (
            5, "respondent_id", f"respondent id '{variant}' is the id of row 4 written differently ('10'; an "
            "invisible or full-width character, case or leading zeros), with different answers (columns nps)")
    else:  # review h101: the invisible character is taken out of the id, which is then '10' itself
        assert (finding.row, finding.column, finding.issue) == (
            5, "respondent_id", "respondent id '10' also on row 4 with different answers (columns nps) (the id as "
            "written held an invisible character, removed: see the warning on the ids)")
    # the same answers: one respondent, the copy excluded as the duplicate it is
    data[-1]["nps"] = data[2]["nps"]
    survey = load_survey(write(tmp_path, csv_text(data), name="copy.csv"), MINI, mapping=None)
    assert sorted(survey.responses.index) == ["1", "10", "2"] and survey.rows_read == 4
    assert [(f.row, f.issue) for f in survey.log.exclusions] == [
        (5, "duplicate of row 4 (the same answers; its respondent id written differently)" if variant == "１0"
         else "duplicate of row 4")]


def test_the_same_contact_email_with_an_invisible_character_is_compared(tmp_path):
    """A contact e-mail address with a zero-width space is the same address (review: not compared)."""
    data = rows()
    data.append(dict(data[0], respondent_id="11", nps="3", contact__email="jan@example.nl\u200b"))
    survey = load_survey(write(tmp_path, csv_text(data)), MINI, mapping=None)
    assert survey.n == 4
    assert [(f.row, f.column, f.issue) for f in survey.log.warnings if f.column == "contact__email"] == [
        (5, "contact__email", "the same contact e-mail address as row 2 (respondent id '1'), with different "
                              "answers: possibly the same organisation twice")]


def test_a_second_export_pasted_below_with_its_byte_order_mark_is_a_repeated_header(tmp_path):
    """`cat a.csv b.csv` of two exports saved with a byte-order mark: the repeated header starts with
    one and was read as a respondent (review: one error per cell instead of the pasted-exports message)."""
    ls = lines()
    text = "\ufeff" + "".join(ls[:3]) + "\ufeff" + ls[0] + ls[3]
    with pytest.raises(ExportError) as ei:
        load_survey(write(tmp_path, text), MINI, mapping=None)
    assert str(ei.value) == (f"{tmp_path / 'export.csv'}: row(s) 4 repeat the header (row 1): two exports pasted "
                             "together? Remove the repeated header, and check that no respondent appears twice")


@pytest.mark.parametrize("char, name", [("\u200b", "U+200B ZERO WIDTH SPACE"),
                                        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
                                        ("\u00ad", "U+00AD SOFT HYPHEN")])
def test_an_invisible_character_in_a_header_is_named(tmp_path, char, name):
    """A zero-width space or soft hyphen copied in with a question text was reported as "a control
    character (a NUL byte?): the file is damaged or not a text export" (review: misleading)."""
    path = write(tmp_path, csv_text().replace("omzet", "om" + char + "zet", 1))
    with pytest.raises(ExportError) as ei:
        read_export(path)
    assert str(ei.value) == (f"{path}: column 3 of the header holds an invisible character ({name}, copied in "
                             "with the text?); expected column names without it: remove it from the header or "
                             "export again")


def test_a_respondent_id_of_thousands_of_digits_loads(tmp_path):
    """int() refuses more than 4300 digits: the natural order of the ids raised a bare ValueError
    (review); the digit runs are now compared without int(), in the same order."""
    from wlzmonitor.inputs.row_order import natural_key

    long_id = "7" * 5000
    survey = load_survey(write(tmp_path, csv_text(rows(r3={"respondent_id": long_id}))), MINI, mapping=None)
    assert survey.responses.index.tolist() == ["1", "10", long_id]
    assert [f.issue for f in survey.log.warnings if f.column == "respondent_id"] == [
        "1 respondent id(s) look like personal data or free text (text of 5000 characters)"]
    assert sorted(["R10", "R9", "R0009x", "R٣", "R" + "1" * 5000, "Rx"], key=natural_key) == [
        "R٣", "R9", "R0009x", "R10", "R" + "1" * 5000, "Rx"]
    assert natural_key("R0005") == natural_key("R5")


def test_a_mapped_code_of_thousands_of_digits_is_an_error(tmp_path):
    mapping = write(tmp_path, 'year: 2099\ncolumns:\n  "Omzet": omzet\n', name="mapping.yml")
    path = write(tmp_path, csv_text(rows(r3={"omzet": "1" * 5000})).replace("omzet", "Omzet", 1))
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=mapping)
    [finding] = ei.value.findings
    assert (finding.row, finding.column, finding.issue) == (3, "omzet", "got text of 5000 characters")


@pytest.mark.parametrize("last, hidden", [("20000", list(range(2, 16_385))), ("4000000000", list(range(2, 16_385))),
                                          ("9" * 5000, [])], ids=["20000", "4e9", "5000 digits"])
def test_a_hidden_column_range_beyond_excel_s_last_column(tmp_path, last, hidden):
    """<col min="2" max="4000000000" hidden="1"/> (six bytes in a hostile workbook) made a list of four
    billion column numbers: the memory filled for minutes (review: 100 million took 34 s); a range
    is cut at Excel's last column, and a number no sheet can have is not read."""
    import re
    import zipfile

    from wlzmonitor.inputs.reading import _xlsx_grid

    path = _xlsx(tmp_path, [MINI.columns()] + [[r.get(c, "") for c in MINI.columns()] for r in base_rows()])
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(hostile, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb"<sheetData>", b'<cols><col min="2" max="' + last.encode()
                                  + b'" hidden="1"/></cols><sheetData>', data)
                assert n == 1
            out.writestr(item, data)
    assert _xlsx_grid(hostile, None)[-1] == ([], hidden)



@pytest.mark.parametrize("head, hint", [
    (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504), "encrypted (password-protected) workbook or an old Excel "
                                                     "97-2003 (.xls) file"),
    (b"respondent_id,voltooid\n1,1\n", "no .xlsx archive (a CSV or text file named .xlsx?)"),
])
def test_a_workbook_openpyxl_cannot_open_says_what_it_probably_is(tmp_path, head, hint):
    """Review (agency exports): a password-protected workbook (Excel encrypts it into an OLE2 container, as
    agencies send it) or a CSV named .xlsx said only "File is not a zip file"."""
    from wlzmonitor.inputs.quality_log import ExportError

    path = tmp_path / "export.xlsx"
    path.write_bytes(head)
    with pytest.raises(ExportError) as err:
        read_export(path)
    assert str(err.value).startswith(f"{path}: cannot open as an Excel workbook: ") and hint in str(err.value)


@pytest.mark.parametrize("value", ["Smit", "smit"])
def test_a_short_value_that_is_the_row_s_contact_name_is_not_quoted(tmp_path, value):
    """Review (agency exports): a value of at most five characters was quoted in an error whatever it was,
    so 'Smit' typed into the NPS cell of a row whose contact is "Jan Smit" reached the message and the log.
    A quoted value that is in the row's contact details is not shown; other short values still are.
    (Review h95: a short capitalised word that is no common word, "Smit", is no longer quoted at all, contact or
    not: "text of 4 characters"; in lower case it is quoted unless a contact's, as before.)"""
    from wlzmonitor.inputs.quality_log import ExportError

    # (review h97: a lower-case word that is no common Dutch word, "smit", is not quoted either, contact or not; a common
    # word that is no name, "veel", still is)
    data = rows(r2={"nps": value, "contact__naam": "Jan Smit"}, r3={"nps": "veel"})
    path = write(tmp_path, csv_text(data))
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI)
    issues = [f.issue for f in err.value.findings if f.column == "nps"]
    shown = ("in the row's contact details (not shown)", "got text of 4 characters")
    assert value not in str(err.value).replace("Jan Smit", "") and any(x in i for i in issues for x in shown), issues
    assert any("'veel'" in i for i in issues)


def test_a_short_value_that_is_another_row_s_contact_name_is_not_quoted(tmp_path):
    """Review (agency exports): 'Kok' typed into the NPS cell of one row was quoted ("got 'Kok'") when another
    row's contact is "Niels Kok": a short value that is a word of any respondent's contact name or e-mail
    address is not shown; other short words still are."""
    from wlzmonitor.inputs.quality_log import ExportError

    # (review h95: "Kok" capitalised is no longer quoted at all, "text of 3 characters"; "kok" is the case here)
    # (review h97: "kok", a surname that is a common word, is never quoted: "text of 3 characters")
    data = rows(r2={"contact__naam": "Niels Kok"}, r3={"nps": "kok"}, r4={"nps": "veel"})
    path = write(tmp_path, csv_text(data))
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI)
    issues = [f.issue for f in err.value.findings if f.column == "nps"]
    assert "kok" not in str(err.value).replace("Niels Kok", "").casefold().replace("kokosnoot", "")
    assert any("in a respondent's contact details (not shown)" in i or "got text of 3 characters" in i
               for i in issues), issues
    assert any("'veel'" in i for i in issues), issues


def test_check_export_fails_when_no_respondent_is_included(tmp_path, capsys):
    """Review (agency exports): with a completion rule no row passed (or only incomplete responses), check-export
    reported 0 included, exit 0 and no word about it."""
    import pandas as pd

    from wlzmonitor.cli import main
    from wlzmonitor.demo.generator import demo_export_path

    demo = pd.read_csv(demo_export_path(2026), dtype=str, keep_default_na=False).head(6)
    demo["voltooid"] = "0"
    p = tmp_path / "export.csv"
    demo.to_csv(p, index=False)
    assert main(["check-export", str(p), "--year", "2026", "--mapping", "none"]) == 1
    assert "no respondent included: all 6 row(s) read were excluded" in capsys.readouterr().err


def mini_workbook():
    """(the mini export as an openpyxl workbook, its header): a header row, then the rows of rows()."""
    import openpyxl

    header = MINI.columns()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows():
        ws.append([r.get(h, "") or None for h in header])
    return wb, header


def test_a_number_in_a_date_formatted_cell_is_read_as_the_number(tmp_path):
    """Review (agency exports): a euro amount of 7,447,000 in a cell formatted d-m-yyyy (no date can be that
    serial) was reported as "the spreadsheet error #VALUE! (a formula that failed)" and openpyxl's warning went
    to stderr. The number is read as itself, with a warning naming the row."""
    import warnings

    wb, header = mini_workbook()
    ws = wb.active
    column = header.index("nps") + 1
    ws.cell(2, column).value = 8
    ws.cell(2, column).number_format = "d-m-yyyy"  # 8: a date (8 January 1900), read as such: an error
    ws.cell(3, column).value = 7447000
    ws.cell(3, column).number_format = "d-m-yyyy"  # no date: read as the number it is
    path = tmp_path / "export.xlsx"
    wb.save(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing of openpyxl's reaches the run's output
        frame = read_export(path)
    assert frame.loc[frame["__row__"] == 3, "nps"].item() == "7447000"
    assert [(f.row, f.severity) for f in frame.attrs["findings"] if "formatted as a date" in f.issue] == [(3, "warning")]
