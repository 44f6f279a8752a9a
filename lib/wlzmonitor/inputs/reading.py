"""Reading a survey export into text cells, losing no row and no character silently.

:func:`read_export` reads a CSV, XLSX or SPSS ``.sav`` export as text cells, adding a
``__row__`` column (:data:`ROW`) with the row number a spreadsheet user sees (header = row 1,
first respondent = row 2; blank rows counted, Excel's ``sep=;`` line not). CSV files are
decoded (UTF-8 with or without BOM, UTF-16 with or without BOM, else Windows-1252; a file that
mixes UTF-8 with another encoding is an error) and their delimiter is taken from the header
line (or the ``sep=`` line). A CSV is read record by record with strict quoting, and every
record must have the header's number of fields (a trailing delimiter is allowed) and may not
swallow the next row through a stray quote; the lines the records span are counted against the
file's own line breaks. Each problem is an error naming the line and the spreadsheet row. A
header is checked for duplicate (also case-insensitively), empty, damaged and reserved names, a
row that repeats the header is an error, and a two-row header (question row and option row) is
combined into one. XLSX formulas: without a stored value an error, with one the stored value
(a warning). NUL characters are taken out of every cell (:func:`remove_nul`; validation logs
them). Warnings about the file go to ``df.attrs["findings"]``. Nothing is coerced: validation
(:mod:`wlzmonitor.inputs.validation`) reads the values.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd

from wlzmonitor.spec.input_files import EXPORT_SUFFIXES, NotARegularFileError, open_input, read_input_bytes
from wlzmonitor.inputs.csv_columns import FACTORS, ColumnFactors, body_columns
from wlzmonitor.inputs.values import undo_file_mojibake
from wlzmonitor.inputs.quality_log import (
    DataQualityLog,
    ExportError,
    Finding,
    describe_value,
    format_error_message,
    on_sheet,
    personal_data_kind,
)

__all__ = ["ROW", "ROW_INDEX_LEFT_OUT", "SUPPORTED_EXTENSIONS", "other_file_format", "read_export", "remove_nul"]

#: Column added by the reader: the row number a spreadsheet user sees (header = row 1).
ROW = "__row__"
#: .tsv: tab-separated text (Qualtrics' "TSV" download: UTF-16 with tabs); .zsav: SPSS with zlib
SUPPORTED_EXTENSIONS = EXPORT_SUFFIXES
#: the words of the reader's warning on a nameless first column of row numbers it left out (_without_empty_columns):
#: validation names it where the id column is then missing (review h139: they may be the ids, their name lost)
ROW_INDEX_LEFT_OUT = "has no name and holds only the row numbers"
#: the key of ``df.attrs`` that lists a workbook's TRUE/FALSE cells among the respondents, (row, header): read as 1/0
BOOLEAN_CELLS = "boolean_cells"
#: the key of ``df.attrs`` that lists an SPSS file's variables with a date or time format: column -> (format, row ->
#: the number stored, as text). SPSS keeps a number and shows it as a date (seconds since 14 October 1582); the
#: reader reads the date, and validation names the format and the number when a question asks for a number or a code
#: (review h162: 96.7 under format DATE11 was "a value with 8 digits and other characters", 1582-10-14)
SAV_DATES = "sav_dates"
#: SPSS's date and time formats (pyreadstat reads their values as dates, datetimes or times)
_SAV_DATE_FORMAT = re.compile(r"(?:A|E|J|S)?DATE|DATETIME|YMDHMS|D?TIME|MTIME|QYR|MOYR|WKYR")


def _cell_text(v: Any) -> str:
    """A cell value as text, without float artefacts (``1.0`` -> ``1``)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return format(v, ".15g")
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, pd.Timestamp):
        return "" if pd.isna(v) else v.isoformat()
    return str(v)


def _check_header(columns: list[str], path: Path, repeats: "_Problems | None" = None) -> list[str]:
    """The header's names, stripped; raises for a reserved, repeated (also in another case or
    spacing), empty or damaged name. With `repeats` (an export read through a mapping, whose
    columns the mapping names: a form repeats "Toelichting" after every question) a repeated name
    is numbered from its second column on ("Toelichting", "Toelichting (2)", …) and said there."""
    cols = [str(c).strip() for c in columns]
    if ROW in cols:
        raise ExportError(f"{path}: the export has a column named '{ROW}', which is reserved")
    damaged = [i + 1 for i, c in enumerate(cols)
               if not "".join(c.split()).isprintable()]  # a line break in a name is fine
    if damaged:
        bad = next(ch for ch in "".join(cols[damaged[0] - 1].split()) if not ch.isprintable())
        if unicodedata.category(bad) == "Cc":
            raise ExportError(f"{path}: column {damaged[0]} of the header holds a control character "
                              "(a NUL byte?): the file is damaged or not a text export; expected "
                              "column names")
        # a format character (zero-width space, byte-order mark, soft hyphen, direction mark):
        # invisible in every program, copied in with a question text
        raise ExportError(f"{path}: column {damaged[0]} of the header holds an invisible character "
                          f"(U+{ord(bad):04X} {unicodedata.name(bad, 'unnamed')}, copied in with the "
                          "text?); expected column names without it: remove it from the header or "
                          "export again")
    positions: dict[str, list[int]] = {}
    for i, c in enumerate(cols, 1):
        positions.setdefault(" ".join(c.split()).casefold(), []).append(i)
    dups = [pos for pos in positions.values() if len(pos) > 1 and cols[pos[0] - 1]]
    if dups and repeats is not None:
        taken = {" ".join(c.split()).casefold() for c in cols}
        for pos in dups:
            k = 1
            for i in pos[1:]:
                k += 1
                while " ".join(f"{cols[i - 1]} ({k})".split()).casefold() in taken:
                    k += 1
                cols[i - 1] = f"{cols[i - 1]} ({k})"
                taken.add(" ".join(cols[i - 1].split()).casefold())
            repeats.add(None, f"column name {cols[pos[0] - 1]!r} appears {len(pos)} times (columns "
                        f"{', '.join(map(str, pos))})", None,
                        f"read as {', '.join(repr(cols[i - 1]) for i in pos)}: the export mapping names them so",
                        severity="warning")
    elif dups:
        raise ExportError(f"{path}: column name(s) appear more than once in the header: "
                          + ", ".join(f"{cols[pos[0] - 1]!r} (columns "
                                      f"{', '.join(map(str, pos))})" for pos in dups)
                          + " (an export mapping names repeated columns 'Toelichting', 'Toelichting (2)', …; "
                          "python -m wlzmonitor draft-mapping drafts one)")
    if "" in cols:
        pos = cols.index("") + 1
        before = next((c for c in reversed(cols[:pos - 1]) if c), None)
        after = f" (after {_column_named(before)})" if before else ""
        raise ExportError(f"{path}: column {pos}{after} of the header has no name; expected a name above every column: "
                          "a header cell left empty, or merged with the one beside it (unmerge the cells and name "
                          "each column), or a header over two rows (an export mapping says header_rows: 2)")
    return cols


def _blank_cells(s: pd.Series) -> np.ndarray:
    """True where a cell is text of only whitespace (each distinct value is checked once)."""
    codes, uniques = pd.factorize(s.to_numpy(dtype=object), use_na_sentinel=False)
    blank = np.array([isinstance(u, str) and u.strip() == "" for u in uniques], dtype=bool)
    return blank.take(codes) if len(codes) else np.zeros(0, dtype=bool)


def _candidates(cells: np.ndarray, text: str) -> range | list[int]:
    """Positions of the cells that may hold `text` in any case (all of them, unless no text cell
    contains it: one search at C speed over the joined cells answers that for the usual export)."""
    try:
        if text.casefold() not in "\x00".join(cells).casefold():
            return []
    except TypeError:  # not all text
        pass
    return range(len(cells))


def _blank_rows(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """True for the rows whose cells are all blank (:func:`_blank_cells`); each further column is
    looked at only in the rows still blank so far (after the first columns, usually none)."""
    rows = np.arange(len(df))
    for c in columns:
        if not len(rows):
            break
        rows = rows[_blank_cells(df[c].iloc[rows])]
    empty = np.zeros(len(df), dtype=bool)
    empty[rows] = True
    return empty


def remove_nul(df: pd.DataFrame, columns: list[str]) -> list[tuple[int, str]]:
    """Remove NUL characters (byte 0) from the cells, in place; returns their (row, column).

    Done before anything else looks at the cells: pandas compares text only up to a NUL
    (``"1\\x000"`` and ``"1"`` count as the same value), so a NUL would silently cut an answer
    or merge two ids. Validation logs each one (a repair in free text, else an error).
    """
    found: list[tuple[int, str]] = []
    rows = df[ROW].to_numpy()
    for c in columns:
        cells = df[c].to_numpy(dtype=object)
        try:
            if "\x00" not in "".join(cells):  # the usual case, at C speed
                continue
        except TypeError:  # not all text: look cell by cell
            pass
        hits = [i for i, v in enumerate(cells) if isinstance(v, str) and "\x00" in v]
        if hits:
            found += [(int(rows[i]), c) for i in hits]
            df[c] = [v.replace("\x00", "") if isinstance(v, str) else v for v in cells]
    return sorted(found)


def _header_key(text: str) -> str:
    """A column name as a repeated header is compared: case and spacing ignored."""
    return " ".join(text.split()).casefold()


def _finish(df: pd.DataFrame, path: Path, where: str = "the file", header_row: int = 1,
            nul_free: bool = False, also_empty: Iterable[int] = ()) -> pd.DataFrame:
    """Drop rows that are entirely empty (their row numbers go to ``df.attrs["empty_rows"]``,
    so the loader can log them); raise when no respondent rows remain or when a row repeats
    the header (two exports pasted together). ``nul_free``: the reader knows that no cell holds
    a NUL character (the CSV text has none), so :func:`remove_nul` need not look."""
    data_cols = [c for c in df.columns if c != ROW]
    if not data_cols:
        raise ExportError(f"{path}: {where} has no columns")
    first = df[data_cols[0]].to_numpy(dtype=object)
    # a row's first cell may start with a byte-order mark: the second export's, pasted below
    # the first (`cat a.csv b.csv`)
    # and may be written in another case or spacing (review h99: 'RESPONDENT_ID,VOLTOOID,...' gave an
    # error per cell of the row, none saying it was a header)
    rows = [int(df[ROW].iat[i]) for i in _candidates(first, data_cols[0])
            if isinstance(first[i], str) and _header_key(first[i].strip().lstrip("\ufeff")) == _header_key(data_cols[0])
            and all(_header_key(str(df[c].iat[i])) == _header_key(c) for c in data_cols[1:])]
    if len(data_cols) > 1 and rows:
        raise ExportError(f"{path}: row(s) {', '.join(map(str, rows))} repeat the header (row "
                          f"{header_row}): two exports pasted together? Remove the repeated "
                          "header, and check that no respondent appears twice")
    df.attrs["nul_cells"] = [] if nul_free else remove_nul(df, data_cols)
    empty = _blank_rows(df, data_cols)
    empty_rows = [int(r) for r in df.loc[empty, ROW]]
    if empty.any() or not isinstance(df.index, pd.RangeIndex) or df.index.start != 0 \
            or df.index.step != 1:  # else the frame is already what this gives: no copy
        attrs = dict(df.attrs)
        df = df.loc[~empty].reset_index(drop=True)
        df.attrs = attrs
    df.attrs["empty_rows"] = empty_rows + [r for r in also_empty if r > header_row]  # taken off before
    if df.empty:
        raise ExportError(f"{path}: {where} has a header but no respondent rows")
    _check_total_row(df, data_cols, path, where)
    return df


#: the label of a row a person adds below the answers in a spreadsheet (a sum, a count, a mean), in any case, with
#: a colon or a note in brackets after it ('Totaal:', 'TOTAAL', 'Gemiddeld', 'Total (n=122)')
_TOTAL_ROW = re.compile(r"(?i)\s*(?:eind|sub|grand\s*)?(?:totaal|totalen|totaal\s*generaal|totals?|som|sum|gemiddelde?"
                        r"|gem\.|mean|average|avg|mediaan|median|aantal|count)\s*:?\s*(?:\([^()]*\)\s*)?")
#: a cell before the label of a total row: a count or sum (a number as a spreadsheet shows one) or a dash
_BEFORE_TOTAL_LABEL = re.compile(r"\s*(?:[-+]?[0-9][0-9.,\s]*%?|[-\u2013\u2014x]?)\s*")
#: the rows at the bottom of a sheet looked at for a total row (a block of sums, means and a note below them)
TOTAL_ROWS_LOOKED_AT = 5


def _total_label(row: pd.Series, data_cols: list[str]) -> tuple[str, str] | None:
    """(label, column) when ``row`` is a total row: its first filled cell is a total's label, or its second
    is and the first is a count or sum (``122 | Totaal``). A later cell is never looked at: a respondent's
    answer "Totaal" to an open question stands after the id and the first answers (review h134)."""
    filled = [c for c in data_cols[:64] if str(row[c]).strip()][:2]
    for i, c in enumerate(filled):
        if _TOTAL_ROW.fullmatch(str(row[c])):
            return str(row[c]).strip(), c
        if not _BEFORE_TOTAL_LABEL.fullmatch(str(row[c])):
            return None
    return None


def _check_total_row(df: pd.DataFrame, data_cols: list[str], path: Path, where: str) -> None:
    """Raise when a row among the last :data:`TOTAL_ROWS_LOOKED_AT` is a total row (:func:`_total_label`): a
    row added in a spreadsheet below the respondents, not one of them (review h131: it was read as a respondent,
    excluded as incomplete or refused for an implausible sum, the message not saying why; review h134: also a
    label after a count, 'Gemiddeld', 'Totaal (n=122)', and a total row with a mean or a note row below it;
    rows left empty below it are taken off before)."""
    found = [(int(row[ROW]), *hit) for _, row in df.iloc[-TOTAL_ROWS_LOOKED_AT:].iterrows()
             if (hit := _total_label(row, data_cols)) is not None]
    if not found:
        return
    labels = "; ".join(f"{label!r} in column {_column_named(column)}" for _, label, column in found)
    if len(found) == 1:
        raise ExportError(f"{path}: {where}, row {found[0][0]} is a total row ({labels}), not a respondent: a sum "
                          "or count added below the answers in a spreadsheet; expected respondents only: delete the "
                          "row and save again")
    raise ExportError(f"{path}: {where}, rows {', '.join(str(r) for r, _, _ in found)} are total rows ({labels}), "
                      "not respondents: sums or counts added below the answers in a spreadsheet; expected "
                      "respondents only: delete the rows and save again")


def _combine_header(top: list[str], sub: list[str]) -> list[str]:
    """One header from a two-row header: the question row (a merged cell spans the empty
    cells to its right) and the option row, as ``"question | option"``."""
    out, current = [], ""
    for i in range(max(len(top), len(sub))):
        t = top[i].strip() if i < len(top) else ""
        o = sub[i].strip() if i < len(sub) else ""
        if t:
            current = t
        elif not o:
            current = ""
        head = t or current
        out.append(f"{head} | {o}" if head and o else (head or o))
    return out


# --------------------------------------------------------------------------------------------
# problems of the file itself
# --------------------------------------------------------------------------------------------


class _Problems:
    """Findings about the file itself (CSV lines, XLSX formulas): errors and warnings."""

    def __init__(self, path: Path):
        self.file = str(path)
        self.findings: list[Finding] = []

    def add(self, row: int | None, issue: str, expected: str | None = None,
            action: str | None = None, column: str | None = None,
            severity: str = "error") -> None:
        self.findings.append(Finding(self.file, row, None, column, None, severity, issue,
                                     expected, action))

    def raise_errors(self) -> None:
        errors = [f for f in self.findings if f.severity == "error"]
        if errors:
            raise ExportError(format_error_message(self.file, errors), errors,
                              DataQualityLog(self.findings))

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "error"]


# --------------------------------------------------------------------------------------------
# CSV: bytes to text
# --------------------------------------------------------------------------------------------

#: UTF-8 byte sequences of the characters a Dutch text uses (à-ÿ, ‘’“”–—…, €): when a file
#: that is not valid UTF-8 holds them, it mixes UTF-8 with another encoding
_UTF8_DUTCH = re.compile(rb"\xc3[\x80-\xbf]|\xe2\x80[\x90-\xbf]|\xe2\x82\xac")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when the bytes look like UTF-16 text without a byte-order
    mark (every other byte 0 in the first 4 kB), else None."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0:2 * half:2].count(0), sample[1:2 * half:2].count(0)
    if odd >= 0.3 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


#: the first bytes of files of other formats that reach the reader under an export's name (a PDF of
#: the answers, an SPSS file or a compressed download renamed .csv): (start, what the file is, what to do)
_OTHER_FORMATS = (
    (b"%PDF-", "a PDF document", "export the answers from the survey tool as CSV, .xlsx or .sav"),
    (b"$FL2", "an SPSS data file (.sav)", "give it the extension .sav"),
    (b"$FL3", "an SPSS data file (.zsav)", "give it the extension .zsav"),
    (b"\x1f\x8b", "a gzip-compressed file", "unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it first"),
    (b"{\\rtf", "an RTF document (Word, WordPad)", "export the answers from the survey tool as CSV"),
    (b"\x89PNG", "a PNG image", "export the answers from the survey tool as CSV"),
    (b"\xff\xd8\xff", "a JPEG image", "export the answers from the survey tool as CSV"),
)
#: the opening tag of a markup file, after a byte-order mark and white space (case ignored)
_MARKUP = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(!doctype\s+html|html|table|\?xml)", re.IGNORECASE)


def other_file_format(head: bytes) -> tuple[str, str] | None:
    """``(what the file is, what to do)`` when the first bytes of a file (64 are enough) are those of a
    format that is no export (a PDF, a renamed SPSS file, an archive, an image, a web page or XML
    file), else None. A zip archive and an OLE2 file (an .xlsx or .xls) are left to the callers,
    whose advice differs."""
    for magic, what, advice in _OTHER_FORMATS:
        if head.startswith(magic):
            return what, advice
    m = _MARKUP.match(head)
    if m is None:
        return None
    if m.group(1).lower() == b"?xml":
        return ("an XML file (an Excel 2003 XML spreadsheet?)",
                "open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV")
    return ("an HTML page (a web page, or an 'Excel' download that is HTML inside)",
            "open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV")


def _not_a_text_file(data: bytes, path: Path) -> None:
    """Raise for a workbook or another binary file saved under a ``.csv`` name."""
    if data.startswith(b"PK\x03\x04"):
        raise ExportError(f"{path}: this is an Excel workbook (.xlsx) or another zip file, not "
                          "a CSV file: save it as CSV, or give it the extension .xlsx")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExportError(f"{path}: this is an old Excel workbook (.xls), not a CSV file: save "
                          "it as CSV or .xlsx")
    other = other_file_format(data[:64])
    if other is not None:
        raise ExportError(f"{path}: this is {other[0]}, not a CSV file: {other[1]}")


def _decode_error(data: bytes, path: Path, e: UnicodeDecodeError, encoding: str) -> ExportError:
    line = data.count(b"\n", 0, e.start) + 1
    return ExportError(f"{path}: line {line}: byte 0x{data[e.start]:02X} cannot be read as "
                       f"{encoding}; save the file again as UTF-8")


def _decode(data: bytes, path: Path) -> tuple[str, str | None]:
    """The file's text and, when its encoding had to be guessed, a note saying which it is.

    UTF-8 with or without BOM, UTF-16 with BOM, UTF-16 without BOM (noted), else
    Windows-1252 (noted, with the letters beyond ASCII it gave) -- unless the file is partly UTF-8 (é as two bytes) and partly not: mixed
    encodings are an error naming the first line that is not UTF-8. UTF-32 (by its BOM) and a
    doubled UTF-8 BOM are errors that say so.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ExportError(f"{path}: the file is UTF-32 (its byte-order mark says so), which is not read; save "
                          "it as UTF-8 (CSV UTF-8 in Excel) and run again")
    if data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf"):
        raise ExportError(f"{path}: the file starts with two UTF-8 byte-order marks (a tool added one to a "
                          "file that had one); save it again as UTF-8 (CSV UTF-8 in Excel), or remove the "
                          "first three bytes")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError as e:
            raise _decode_error(data, path, UnicodeDecodeError(
                e.encoding, e.object, e.start + 3, e.end + 3, e.reason),
                "UTF-8 (the file starts with a UTF-8 byte-order mark)") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as e:
            raise _decode_error(data, path, e, "UTF-16 (the file starts with a UTF-16 "
                                "byte-order mark)") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), (f"the file is UTF-16 without a byte-order mark: read as "
                                        f"{utf16.upper()}")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        if _UTF8_DUTCH.search(data):
            raise _decode_error(data, path, e, "UTF-8, while other lines of the file are "
                                "UTF-8 (the file mixes two encodings)") from None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as e:
        raise _decode_error(data, path, e, "UTF-8 or Windows-1252 (another encoding, or no text file)") from None
    # a guess too (a DOS or Mac export reads as other letters): the analyst sees which letters it gave
    shown = ", ".join(dict.fromkeys(c for c in text if ord(c) > 127 and c.isprintable()))
    shown = shown if len(shown) <= 60 else shown[:60] + " …"
    return text, f"the file is not UTF-8: read as Windows-1252 (its characters beyond ASCII: {shown})"


# --------------------------------------------------------------------------------------------
# CSV: text to records
# --------------------------------------------------------------------------------------------

_SEP_LINE = re.compile(r'^"?sep=(.)"?[ \t]*(\r\n|\r|\n|$)', re.IGNORECASE)
_EXPECTED_QUOTES = ('a quote (") only around a whole field, and a quote inside a quoted field '
                    'written twice ("")')


@dataclass
class _Record:
    """One CSV record: its spreadsheet row, the file's lines it spans, its fields."""

    row: int
    line: int
    end: int
    fields: list[str]

    @property
    def where(self) -> str:
        lines = f"line {self.line}" if self.end == self.line else f"lines {self.line}-{self.end}"
        return lines if self.row == self.line else f"{lines} (spreadsheet row {self.row})"

    @property
    def blank(self) -> bool:
        return all(not f.strip() for f in self.fields)


def _delimiter(header_line: str) -> str:
    """The delimiter of the header line: the most frequent of ``;``, ``,`` and tab outside
    quotes."""
    bare = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: bare.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(header_line, delimiters=";,\t").delimiter
        except csv.Error:
            return ","
    return best


def _quote_error(problems: _Problems, e: csv.Error, line: int, end: int, row: int) -> None:
    lines = f"line {line}" if end == line else f"lines {line}-{end}"
    where = lines if row == line else f"{lines} (spreadsheet row {row})"
    if "unexpected end of data" in str(e):
        issue = (f"{where}: a quote (\") in the row that starts on line {line} is never closed, "
                 f"so the rest of the file would be read as one answer")
    elif "expected after" in str(e):
        issue = (f"{where}: a quote (\") in the row that starts on line {line} ends a field in "
                 f"the middle of a value on line {end} (a stray quote?)")
    else:
        issue = f"{where}: cannot read the row ({e})"
    problems.add(row, issue, _EXPECTED_QUOTES, "fix the quote in the export (or export again)")


@dataclass
class _Records:
    """The records of a CSV text as the reader gave them: each record's fields and the line of
    the text it ends on (``csv.reader.line_num``). A :class:`_Record` (row, lines, fields) is
    made only for a record a message must name, not for each of 100,000 rows."""

    fields: list[list[str]]
    ends: list[int]
    #: the line of the file that is the text's first line (2 after a ``sep=`` line)
    first_line: int

    def __len__(self) -> int:
        return len(self.fields)

    def record(self, i: int) -> _Record:
        """Record ``i`` (0-based) with its spreadsheet row and the file's lines it spans."""
        start = (self.ends[i - 1] if i else 0) + 1
        return _Record(i + 1, start + self.first_line - 1, self.ends[i] + self.first_line - 1,
                       self.fields[i])

    def blank(self, i: int) -> bool:
        """True when record ``i`` has no field or only fields of whitespace."""
        fields = self.fields[i]
        return not fields or (not fields[0].strip() and not "".join(fields).strip())


#: The line breaks ``str.splitlines`` knows besides ``\r``, ``\n`` and ``\r\n`` (which are the
#: only ones a text stream with ``newline=""`` ends a line at).
_OTHER_LINE_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _csv_lines(text: str) -> Iterable[str]:
    """The lines of ``text`` exactly as ``io.StringIO(text, newline="")`` yields them (ended by
    ``\r\n``, ``\r`` or ``\n``, the ends kept), for the CSV reader.

    ``str.splitlines`` gives the same lines when the text holds none of the other characters
    it also breaks at: then a list of the lines is used, because a StringIO holds its own copy
    of the text at four bytes a character (370 MB for a 90 MB export) while the rows are read.
    Whether it holds one is seen in the split itself (one pass over the text instead of one
    search per character): a line split at another break ends with it, and only the last line
    can end with neither ``\r`` nor ``\n`` (it is the same line in both then).
    """
    lines = text.splitlines(keepends=True)
    for line in lines[:-1] if len(lines) > 1 else ():
        if line[-1] not in "\r\n":  # ended by one of the other line breaks
            return io.StringIO(text, newline="")
    return lines


def _csv_records(text: str, sep: str, problems: _Problems, first_line: int) -> _Records:
    """Every record of ``text`` with the line it ends on (a record is one row, however many
    lines its quoted fields span; ``first_line`` = the line of ``text``'s first line in the
    file). A quote error stops the reading and is added to ``problems``."""
    return _csv_records_of(_csv_lines(text), sep, problems, first_line)


def _csv_records_of(lines: Iterable[str], sep: str, problems: _Problems, first_line: int
                    ) -> _Records:
    """:func:`_csv_records` of the lines :func:`_csv_lines` gives (the caller may then let go of
    the text before the rows are read)."""
    reader = csv.reader(lines, delimiter=sep, quotechar='"', doublequote=True, strict=True)
    fields: list[list[str]] = []
    ends: list[int] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)  # a cell of ten megabytes is read (and cut later)
    try:
        add_fields, add_end = fields.append, ends.append
        for record in reader:  # the loop does no more than keep what the reader gives
            add_fields(record)
            add_end(reader.line_num)
    except csv.Error as e:
        start = (ends[-1] if ends else 0) + 1
        _quote_error(problems, e, start + first_line - 1, reader.line_num + first_line - 1,
                     len(fields) + 1)
    finally:
        csv.field_size_limit(limit)
    return _Records(fields, ends, first_line)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _physical_lines(text: str) -> int:
    """The number of lines of ``text`` (``\\r\\n``, ``\\r`` and ``\\n`` each end one; a line
    break at the very end starts no further line), counted at C speed without the CSV reader
    and without splitting the text: the same as ``len(_LINE_BREAK.split(text))`` less a
    trailing empty piece."""
    if not text:
        return 0
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + 1 - (1 if text.endswith(("\n", "\r")) else 0)


def _first_nonblank_line(text: str) -> str:
    """The first line of ``text`` that is not only whitespace (the last line if none is)."""
    pos = 0
    while True:
        m = _LINE_BREAK.search(text, pos)
        line = text[pos:m.start()] if m else text[pos:]
        if line.strip() or m is None:
            return line
        pos = m.end()


def _check_all_lines_read(records: _Records, physical: int, path: Path) -> None:
    """Raise when the records do not end on the file's last line: a count of the lines that
    does not depend on the CSV reader (``physical``: :func:`_physical_lines` of the text)."""
    first_line = records.first_line
    read = records.ends[-1] if len(records) else 0
    if read != physical:
        raise ExportError(f"{path}: the file has {physical + first_line - 1} lines, but its "
                          f"last row ends on line {read + first_line - 1}: rows may have been "
                          "lost; expected every line to belong to a row")


def _swallowed(rec: _Record, sep: str, width: int) -> int | None:
    """The index of a field that spans lines and holds a whole row's delimiters (a stray quote
    that swallowed the line break and the next row), else None."""
    if rec.end == rec.line:
        return None
    for i, f in enumerate(rec.fields):
        if ("\n" in f or "\r" in f) and f.count(sep) >= max(width - 1, 1):
            return i
    return None


def _unusual_records(records: _Records, start: int, width: int) -> np.ndarray:
    """Positions (from ``start``) of the records :func:`_check_records` must look at one by one:
    those with another number of fields than ``width``, spanning more than one line, or perhaps
    blank (no field, or a first field of only whitespace). Every other record is a row as it is."""
    n = len(records) - start
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    fields = records.fields[start:]
    counts = np.fromiter(map(len, fields), dtype=np.int64, count=n)
    ends = np.asarray(records.ends[max(start - 1, 0):], dtype=np.int64)
    spans = np.diff(ends) if start else np.diff(ends, prepend=0)
    first_blank = np.fromiter((not f or not f[0].strip() for f in fields), dtype=bool, count=n)
    return np.flatnonzero((counts != width) | (spans != 1) | first_blank)


def _allowed_trailing(records: _Records, start: int, width: int, header_extra: int) -> int:
    """How many empty fields beyond the header a row may end with as a trailing delimiter: the
    header's own number when it ends with a delimiter, else the number most rows end with when
    more than half the rows end so (the export writes one after every line). Otherwise 0: one
    row with an empty field too many has a stray delimiter in an answer, shifting the columns
    after it, and is an error."""
    if header_extra:
        return header_extra
    fields = records.fields[start:]
    extras = [len(f) - width for f in fields
              if len(f) > width and not any(x.strip() for x in f[width:])]
    if not fields or 2 * len(extras) <= len(fields):
        return 0
    counts: dict[int, int] = {}
    for n in extras:
        counts[n] = counts.get(n, 0) + 1
    top = max(counts.values())
    return max(n for n, c in counts.items() if c == top)


def _check_records(records: _Records, start: int, header: list[str], sep: str,
                   problems: _Problems, header_extra: int = 0) -> list[list[str]]:
    """The data records (from position ``start``) as rows of ``len(header)`` cells; wrong field
    counts, swallowed lines and trailing delimiters go to ``problems``. Only the records
    :func:`_unusual_records` names are looked at one by one (in file order, so the findings
    come out as a record-by-record scan gives them); the others are rows as they are.
    ``header_extra``: the empty fields the header line ends with (a trailing delimiter)."""
    width = len(header)
    rows: list[list[str]] = records.fields[start:]
    unusual = _unusual_records(records, start, width).tolist()
    allowed = _allowed_trailing(records, start, width, header_extra) if unusual else 0
    trailing = 0
    for k in unusual:
        if records.blank(start + k):
            rows[k] = [""] * width
            continue
        rec = records.record(start + k)
        fields = rec.fields
        i = _swallowed(rec, sep, width)
        if i is not None:
            column = header[i] if i < width else None
            problems.add(rec.row, f"{rec.where}: the text of a field that starts with a quote "
                         f"(\") runs over {rec.end - rec.line + 1} lines and holds "
                         f"{rec.fields[i].count(sep)} delimiters: it seems to swallow the "
                         "next row (a stray quote?)", _EXPECTED_QUOTES,
                         "fix the quote in the export", column)
        elif (len(fields) > width and rec.end == rec.line
              and not any(f.strip() for f in fields[width:])):
            if len(fields) - width <= allowed:
                trailing += 1
            else:
                _stray_delimiter(rec, header, sep, allowed, problems)
            fields = fields[:width]
        elif len(fields) != width and rec.end > rec.line:
            problems.add(rec.row, f"{rec.where}: a field that starts with a quote (\") on line "
                         f"{rec.line} runs on to line {rec.end}, and the row then has "
                         f"{len(fields)} fields where the header has {width} (a stray quote?)",
                         _EXPECTED_QUOTES, "fix the quote in the export")
        elif len(fields) != width:
            problems.add(rec.row, f"{rec.where}: {len(fields)} fields where the header has "
                         f"{width}", f"{width} fields separated by '{sep}' (an answer with the "
                         "delimiter or a line break in it between quotes)",
                         "fix the row in the export")
        rows[k] = (fields + [""] * width)[:width]
    if trailing:
        problems.add(None, f"{trailing} row(s) end with one or more empty fields beyond the "
                     "header (a trailing delimiter)", None, "the empty fields are ignored",
                     severity="warning")
    return rows


def _stray_delimiter(rec: _Record, header: list[str], sep: str, allowed: int,
                     problems: _Problems) -> None:
    """A row with more fields than the header whose extra fields are empty, in a file whose other
    rows do not end so: a delimiter in an unquoted answer has shifted every column after it
    (their last one empty), so the row cannot be read by position."""
    width = len(header)
    extra = len(rec.fields) - width
    usual = (f"the other rows end with {allowed} empty field(s) beyond the header" if allowed
             else "the header and most rows end without one")
    problems.add(rec.row, f"{rec.where}: {len(rec.fields)} fields where the header has {width} "
                 f"(the last {extra} empty, and {usual}): a delimiter ('{sep}') in an answer "
                 "without quotes shifts the columns after it, or a trailing delimiter only on "
                 "this row",
                 f"{width} fields separated by '{sep}' (an answer with the delimiter in it "
                 "between quotes)", "fix the row in the export")


def _csv_text(held: list[bytes], path: Path) -> tuple[str, str | None, _Problems]:
    """The file's text (decoded from the bytes in ``held``, which are taken out of it so that
    they are freed once decoded), its delimiter when a ``sep=`` line names it (the line taken
    off), and the problems so far (a note on the encoding)."""
    data = held.pop()
    text, note = _decode(data, path)
    del data  # the text is all that is needed from here on (a large file: tens of megabytes)
    if not text.strip():
        raise ExportError(f"{path}: the file is empty")
    problems = _Problems(path)
    if note:
        problems.add(None, note, None, "read as UTF-16" if "UTF-16" in note else
                     "read so: if these letters are not the export's, save it again as UTF-8 (CSV UTF-8 in Excel)",
                     severity="warning")
    text = _undo_double_encoding(text, problems)
    m = _SEP_LINE.match(text)
    if m is None:
        return text, None, problems
    sep = m.group(1)  # Excel's "sep=;" line: names the delimiter, is no row (Excel hides it)
    text = text[m.end():]
    if not text.strip():
        raise ExportError(f"{path}: the file is empty (only a 'sep=' line)")
    return text, sep, problems


def _undo_double_encoding(text: str, problems: _Problems) -> str:
    """``text``, or when the whole file is UTF-8 that was read as Windows-1252 and saved again
    ('cliÃ«nten', 'â‚¬ 40'), the text as it was, with a warning (review h90: the open answers
    were read as 'cliÃ«nten' without a word; only coded labels were repaired)."""
    fixed = undo_file_mojibake(text)
    if fixed is None:
        return text
    _note_double_encoding(fixed, problems)
    return fixed


def _note_double_encoding(fixed: str, problems: _Problems) -> None:
    shown = ", ".join(sorted({c for c in fixed if ord(c) > 127 and c.isprintable()}))
    shown = shown if len(shown) <= 40 else shown[:40] + " …"
    problems.add(None, "the file is UTF-8 that a program read as Windows-1252 and saved again "
                 f"(Ã« for ë, â‚¬ for €): read with that undone (its characters beyond ASCII: {shown})",
                 None, "read as the original UTF-8: if these letters are not the export's, export the "
                 "file again from the survey tool", severity="warning")


def _undo_grid_double_encoding(rows: list[list[str]]) -> tuple[list[list[str]], str | None]:
    """A sheet's cells with a double encoding undone when the sheet as a whole has one (a CSV opened
    as Windows-1252 in Excel and saved as a workbook), and the undone text (None: left as it is)."""
    cells = [c for r in rows for c in r]
    fixed = undo_file_mojibake("\x00".join(cells))
    parts = fixed.split("\x00") if fixed is not None else []
    if fixed is None or len(parts) != len(cells) or "\x00" in "".join(cells):
        return rows, None
    it = iter(parts)
    return [[next(it) for _ in r] for r in rows], fixed


def _check_title_line(first: list[str], below: list[str], row: int, path: Path, *, several: bool,
                      where: str = "") -> None:
    """A first row with one filled cell above rows of several (a title typed or exported above the header:
    "Export ActiZ-enquête 2026"): an error that says so, not one per row ("22 fields where the header has
    1") or "values in columns without a header" (review of the agency exports). The title is not quoted."""
    filled = [c for c in first if c.strip()]
    if len(filled) != 1 or not first or not first[0].strip() or not several:
        return  # (one filled cell that is not the first: a header with empty names, said as such)
    raise ExportError(f"{path}: {where}row {row} holds one filled cell (text of {len(filled[0].strip())} "
                      f"characters) above rows of several: a title above the header? The header (the column "
                      f"names) must be the first row: delete the row(s) above it and export or save again")


def _check_not_one_column(header: list[str], line: int, sep: str, sep_line: str | None,
                          path: Path) -> None:
    """Raise when the header reads as one column holding separators (the wrong delimiter, or a
    title line above the header)."""
    if len(header) == 1 and re.search(r"[|:\t;,]", header[0]):
        said = f" (the first line says sep={sep})" if sep_line is not None else ""
        marks = ", ".join(f"{'tab' if c == chr(9) else repr(c)} {header[0].count(c)}×" for c in "|\t:;,"
                          if c in header[0])
        raise ExportError(f"{path}: the header reads as one column{said} (line {line}: "
                          f"{len(header[0])} characters, {marks}); expected columns separated by a comma or a "
                          "semicolon. A title line above the header? Then remove it")


def _check_header_first(lines: list[str], sep: str, sep_line: str | None, first_line: int,
                        path: Path) -> None:
    """:func:`_check_not_one_column` on the first non-blank record, read before the others: a
    file of hundreds of megabytes with the wrong delimiter fails at once instead of after every
    row was parsed. The same reader on the same lines reads the same first records as the full
    read; a quote error here is left to the full read, which reports it."""
    reader = csv.reader(iter(lines), delimiter=sep, quotechar='"', doublequote=True, strict=True)
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        previous_end = 0
        for record in reader:
            if record and (record[0].strip() or "".join(record).strip()):
                _check_not_one_column(record, previous_end + first_line, sep, sep_line, path)
                return
            previous_end = reader.line_num
    except csv.Error:
        return
    finally:
        csv.field_size_limit(limit)


#: Ã, Â and â€/â‚ in UTF-8: what a UTF-8 file read as Windows-1252 and saved again as UTF-8 holds
#: (one search: the four marks searched for one by one took 0.25 s of a 94 MB export, this 0.03 s)
_DOUBLE_ENCODED = re.compile(rb"\xc3(?:[\x82\x83]|\xa2\xe2[\x80\x82])")


def _read_csv_columns(held: list[bytes], path: Path, header_rows: int, repeats: bool
                      ) -> pd.DataFrame | None:
    """The frame :func:`_read_csv` gives, read column by column (:mod:`csv_columns`), when the
    file is UTF-8 (with or without its byte-order mark) with one header row on its first line
    and respondent lines that provably read as the strict reader reads them; else None (the
    strict reader then reads the file: every case this declines is one it reads or reports).
    ``held``: the file's bytes, let go of (taken out of the list) once the columns are read."""
    data = held[0]
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    end = data.find(b"\n", start)
    if header_rows != 1 or end < 0 or data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf"):
        return None
    if _DOUBLE_ENCODED.search(data):  # the strict reader undoes it, with a warning
        return None
    try:
        line = data[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    line = line[:-1] if line.endswith("\r") else line
    if not line.strip() or "\r" in line or _SEP_LINE.match(line):
        return None
    sep = "\t" if path.suffix.lower() == ".tsv" else _delimiter(line)
    try:
        records = list(csv.reader([line], delimiter=sep, quotechar='"', doublequote=True, strict=True))
    except csv.Error:
        return None
    header = records[0] if len(records) == 1 else []
    if len(header) < 2 or not all(h.strip() for h in header):  # a nameless column: the strict reader's
        return None
    columns = body_columns(data, end + 1, sep, len(header))
    if columns is None:
        return None
    held.clear()
    del data  # the cells are all that is needed from here on
    problems = _Problems(path)
    cols = _check_header(header, path, problems if repeats else None)
    n = len(columns[0][0])
    cells = np.empty((n, len(cols)), dtype=object, order="F")  # a column's cells side by side
    for j, (codes, distinct) in enumerate(columns):
        distinct.take(codes, out=cells[:, j])
    df = pd.DataFrame(cells, columns=cols, dtype=object)
    df[ROW] = np.arange(2, n + 2, dtype=np.int64)
    df.attrs["findings"] = problems.warnings
    df.attrs[FACTORS] = ColumnFactors(dict(zip(cols, columns)))
    return _finish(df, path, header_row=1, nul_free=True)


#: how far from its end the file is searched for its last line break (a last line without one
#: that is longer than this holds a value anyway)
_LAST_LINE_SEARCH = 65536


def _ends_inside_a_row(data: bytes) -> bool:
    """True when the file's last line holds a value, no line break ends it and its last field is
    no quoted text that was closed: a copy or download cut short there leaves a row with every
    field, its last value cut ('74815000' read as '74815'), which nothing else can notice. The
    bytes are looked at as they are: a UTF-16 character's zero byte is left out, so the test is
    the same in every encoding the reader accepts."""
    tail = data[-_LAST_LINE_SEARCH:].rstrip(b"\x00")
    if not tail or tail.endswith((b"\n", b"\r")) or tail.endswith(b'"'):
        return False
    last = tail[max(tail.rfind(b"\n"), tail.rfind(b"\r")) + 1:]
    return bool(last.replace(b"\x00", b"").strip(b" \t,;"))


def _cut_short_finding(df: pd.DataFrame, path: Path) -> Finding:
    """The warning about a last row without a line break (:func:`_ends_inside_a_row`). A warning,
    not an error: some tools write no line break after the last row (a Google Sheets download), and
    the reader cannot tell such a file from one cut short; the loader adds the row's respondent id."""
    column = [c for c in df.columns if c != ROW][-1]
    return Finding(str(path), int(df[ROW].iat[-1]), None, column, None, "warning",
                   "the file ends inside this row, without a line break, where every earlier row ends "
                   "with one: the export may have been cut short, and this row's last value with it (read "
                   "as it is)", "a line break after the last row: check this value against the survey "
                   "tool, or export again",
                   "read as it is: check the row's last value against the survey tool (or export again); "
                   "a tool that ends its files without a line break gives this warning every time")


def _read_csv(path: Path, header_rows: int = 1, repeats: bool = False) -> pd.DataFrame:
    """A CSV export's cells (:func:`read_export`), read column by column when it can be
    (:func:`_read_csv_columns`), else record by record (:func:`_read_csv_records`)."""
    data = read_input_bytes(path)
    _not_a_text_file(data, path)
    cut_short = _ends_inside_a_row(data)
    held = [data]
    del data  # held until the columns are read, or decoded (then let go of by _csv_text)
    df = _read_csv_columns(held, path, header_rows, repeats)
    if df is None:
        df = _read_csv_records(held, path, header_rows, repeats)
    if cut_short:
        df.attrs["findings"] = [*df.attrs.get("findings", []), _cut_short_finding(df, path)]
    return df


def _read_csv_records(held: list[bytes], path: Path, header_rows: int, repeats: bool) -> pd.DataFrame:
    """A CSV export's cells read record by record by the strict reader (every file the column
    reader declines: see the module docstring for what is an error)."""
    text, sep_line, problems = _csv_text(held, path)
    first_line = 2 if sep_line is not None else 1
    if sep_line is not None:
        sep = sep_line
    elif path.suffix.lower() == ".tsv":  # tab-separated by its name: commas in the texts do not count
        sep = "\t"
    else:
        sep = _delimiter(_first_nonblank_line(text))
    nul_free = "\x00" not in text  # every cell is a piece of the text: no NUL in any of them
    lines = _csv_lines(text)
    # the lines counted without the CSV reader: a list of them holds every line of the text
    # (``_physical_lines`` counts the same, as a test checks; it is kept for a StringIO)
    physical = len(lines) if isinstance(lines, list) else _physical_lines(text)
    del text  # the lines hold the text from here on (its copy, when it has to be a StringIO)
    if isinstance(lines, list):  # (a StringIO is read once: its header is checked below)
        _check_header_first(lines, sep, sep_line, first_line, path)
    records = _csv_records_of(lines, sep, problems, first_line)
    del lines
    problems.raise_errors()
    _check_all_lines_read(records, physical, path)
    start = next((i for i in range(len(records)) if not records.blank(i)), None)
    if start is None:
        raise ExportError(f"{path}: the file is empty")
    header = records.fields[start]
    below = next((records.fields[i] for i in range(start + 1, len(records)) if not records.blank(i)), [])
    _check_title_line(header, below, records.record(start).row, path,
                      several=len(below) > 1 or any(d in f for f in below for d in ";,\t"))
    _check_not_one_column(header, records.record(start).line, sep, sep_line, path)
    if header_rows == 2:
        if start + 1 >= len(records):
            raise ExportError(f"{path}: the file has fewer than the 2 header rows the mapping "
                              "says")
        header = _combine_header(header, records.fields[start + 1])
    width = len(header)
    while width > 1 and not header[width - 1].strip():
        width -= 1  # a trailing delimiter after the header: checked with the rows
    rows = _check_records(records, start + header_rows, header[:width], sep, problems,
                          header_extra=len(header) - width)
    problems.raise_errors()
    named, rows = _without_empty_columns(header[:width], rows, problems, letters=False)
    cols = _check_header(named, path, problems if repeats else None)
    cells = np.empty((len(rows), len(cols)), dtype=object)
    if rows:
        cells[:] = rows  # one 2-D array of the cells: a third of the time of a frame from lists
    n_records, header_row = len(records), start + 1
    del rows, records  # the lists of fields: as large as the cells
    df = pd.DataFrame(cells, columns=cols, dtype=object)
    if not len(df):
        df = pd.DataFrame(columns=cols, dtype=object)
    df[ROW] = np.arange(start + header_rows + 1, n_records + 1, dtype=np.int64)
    df.attrs["findings"] = problems.warnings
    return _finish(df, path, header_row=header_row, nul_free=nul_free)


#: the parts of a number format that show no digit and scale nothing: a quoted text, an escaped
#: character (``\%``: a percent sign shown as it is), ``_x`` (a space as wide as x), ``*x`` (x
#: repeated), ``[Red]`` / ``[$-413]`` / ``[>=100]``
_FORMAT_LITERAL = re.compile(r'"[^"]*"?|\\.|_.|\*.|\[[^\]]*\]?')


def _shown_as_percent(fmt: str, value: float) -> bool:
    """Whether a number format shows `value` times 100: a ``%`` in the section that applies to it
    (``0.0%;-0.0%;"-"``: positive; negative; zero), outside quotes and escapes."""
    sections = _FORMAT_LITERAL.sub("", fmt).split(";")
    i = 1 if value < 0 and len(sections) > 1 else 2 if value == 0 and len(sections) > 2 else 0
    return "%" in sections[i]


def _xlsx_text(cell: Any) -> str:
    """A worksheet cell as text; a percent-formatted number (0.967 shown as 96,7%) as ``96.7%``."""
    v = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and "%" in fmt and _shown_as_percent(fmt, v):
        return _cell_text(float(v) * 100).rstrip() + "%"
    return _cell_text(v)


#: what a workbook may unpack to in all, and one part of it at most many times its packed size:
#: a survey export of 100,000 respondents unpacks to well under a gigabyte, packed 5-20 times; a
#: few megabytes that unpack to gigabytes (millions of empty rows, a string of a gigabyte) are a
#: compression bomb that openpyxl would read for minutes into all the memory there is
XLSX_MAX_UNPACKED = 1 << 30
XLSX_MAX_RATIO, XLSX_RATIO_FROM = 200, 64 << 20
#: Excel's last row: a sheet that says it has a row beyond it is no spreadsheet's
XLSX_MAX_ROW = 1_048_576
#: Excel's last column (XFD)
XLSX_MAX_COLUMN = 16_384


def check_workbook_size(path: Path, data: bytes | None = None) -> None:
    """An ExportError when the workbook's parts would unpack to more than `XLSX_MAX_UNPACKED`, or
    one part of more than `XLSX_RATIO_FROM` bytes to more than `XLSX_MAX_RATIO` times its packed
    size (the sizes the archive declares: Python's zip reader never unpacks more than declared).
    `data`: the file's bytes as read (then the file is not opened again)."""
    import zipfile

    try:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip archive: openpyxl says so in its own words
    total = sum(p.file_size for p in parts)
    bomb = next((p for p in parts if p.file_size > XLSX_RATIO_FROM
                 and p.file_size > XLSX_MAX_RATIO * max(p.compress_size, 1)), None)
    if total > XLSX_MAX_UNPACKED or bomb is not None:
        what = (f"its part {bomb.filename} unpacks from {bomb.compress_size:,} bytes to {bomb.file_size:,}"
                if bomb is not None else f"it unpacks to {total:,} bytes (at most {XLSX_MAX_UNPACKED:,})")
        raise ExportError(f"{path}: not read: {what}; an export of this survey is far smaller. Save the "
                          "answers again from the survey tool (CSV if the workbook is this large)")


#: the first bytes of an OLE2 compound file: a workbook saved with a password (Excel encrypts it into
#: one) or an old .xls, not the zip archive an .xlsx is
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def _not_a_workbook_hint(head: bytes) -> str:
    """What a file that openpyxl cannot open probably is, from its first bytes ('' when nothing is known)."""
    if head.startswith(_OLE2_MAGIC):
        return ("; the file is an encrypted (password-protected) workbook or an old Excel 97-2003 (.xls) "
                "file: open it in Excel, remove the password (File > Info > Protect Workbook) and save it as "
                "an Excel Workbook (.xlsx), or export the answers again as CSV")
    other = other_file_format(head)
    if other is not None:
        return f"; it is {other[0]}, no .xlsx workbook: {other[1]}"
    if head and not head.startswith(b"PK"):
        return "; it is no .xlsx archive (a CSV or text file named .xlsx?): give it the extension it has"
    return ""


def _cut_short_hint(data: bytes) -> str:
    """A zip archive's first bytes without its directory (which a zip keeps at its end): a download
    or copy that stopped part-way (review h118: said only "File is not a zip file")."""
    import zipfile

    if not data.startswith(b"PK\x03\x04") or zipfile.is_zipfile(io.BytesIO(data)):
        return ""
    # review h120: an .ods, .docx or .jar cut short was called "an .xlsx archive"; the first part's name says
    first = data[30:30 + int.from_bytes(data[26:28], "little")] if len(data) >= 30 else b""
    what = "an .xlsx workbook" if first.startswith((b"[Content_Types].xml", b"_rels/", b"docProps/", b"xl/")) else (
        "a zip archive (as an .xlsx workbook is, but its first part "
        f"{'is missing' if not first else 'is no part of one'})")
    return (f"; the file starts as {what} but its end is missing (cut short or damaged: a "
            "download or copy that stopped part-way?): download or export it again")


def _open_sheet(path: Path, data: bytes, sheet: str | None, data_only: bool):
    """The workbook of the bytes `data` (the file `path` as read once: a file replaced between the
    reading of the formulas and of their stored values cannot mix two versions) and its sheet."""
    import openpyxl

    check_workbook_size(path, data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds
        raise ExportError(f"{path}: cannot open as an Excel workbook: {e}"
                          f"{_not_a_workbook_hint(data[:64]) or _cut_short_hint(data)}") from None
    if sheet is None:  # the one visible sheet: a hidden one is never read unless named
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        if len(visible) == 1:
            return wb, _every_row(visible[0])
        wb.close()
        raise ExportError(f"{path}: the workbook has {len(visible)} visible sheets ({_sheet_list(wb)}); "
                          "say which one holds the answers by its name or number (sheet: in the export mapping, or --sheet)")
    if sheet in wb.sheetnames:
        return wb, _every_row(wb[sheet])
    if sheet.strip().isdigit() and 1 <= int(sheet) <= len(wb.worksheets):  # `--sheet 2`: the listed number
        return wb, _every_row(wb.worksheets[int(sheet) - 1])
    wb.close()
    raise ExportError(f"{path}: no sheet named {sheet!r} (sheets: {_sheet_list(wb)}; --sheet or sheet: takes a "
                      "name or a number)")


def _every_row(ws):
    """The read-only worksheet without the size its file declares: openpyxl's read-only mode stops
    at the file's own ``<dimension>``, which a program that wrote the file can leave stale (rows
    after it were lost without a word); the rows are read as far as the sheet's data goes."""
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    return ws


def _other_sheets(others: list[str]) -> str:
    """For an empty sheet that was read as the workbook's one visible sheet: the hidden sheets beside
    it (review h118: the answers in a hidden sheet gave only "sheet 'Leeg' is empty"). `others`: their
    titles as the one reading of the file gave them (review h120: the file was opened a second time,
    and one replaced in between gave a bare BadZipFile traceback or named another file's sheets)."""
    if not others:
        return ""
    return (f"; the workbook also has {len(others)} hidden sheet(s) (" + ", ".join(map(sheet_label, others))
            + "), which are only read when named: if one of them holds the answers, name it (sheet: in the "
            "export mapping, or --sheet)")


def _sheet_list(wb) -> str:
    return ", ".join(f"sheet {i} " + sheet_label(ws.title) + ("" if ws.sheet_state == "visible" else f" ({ws.sheet_state})")
                     for i, ws in enumerate(wb.worksheets, 1))


#: words a sheet is named by that are no common Dutch words (the list holds Dutch words only), the survey platforms'
#: own sheet names among them (Microsoft Forms' 'Form1', Google Forms' 'Formulierreacties 1' / 'Form Responses 1')
SHEET_WORDS = frozenset("""sheet sheets blad werkblad export exports data raw ruwe ruw responses response results result
    survey enquete enquête antwoorden labels values codes codering tabel table tab page pagina tabblad toelichting
    respondenten respondent info uitleg instructies vragen codeboek overzicht form forms formulier formulieren
    formulierreacties reacties qualtrics surveymonkey limesurvey typeform checkmarket dataset export_
    totaal inhoud microsoft google nps csv xlsx""".split())


def sheet_label(title: str) -> str:
    """A sheet's name as a message prints it: in full when it is made of common words and numbers
    ('Antwoorden', 'Sheet1', 'Blad 2'); else withheld. Review h136: agencies name the sheet after the
    person who exported ('Export Petra Jansen'), and check-export's output is pasted into tickets; the
    sheet list numbers every sheet, and --sheet (or sheet:) takes that number."""
    from wlzmonitor.inputs.common_words import common_dutch_word
    from wlzmonitor.inputs.privacy import Scrubber

    words = re.findall(r"[^\W\d_]+", title)
    plain = all(common_dutch_word(w) or w.casefold() in SHEET_WORDS for w in words)
    if plain and re.fullmatch(r"[\w .()-]*", title) and Scrubber().scrub(title) == title:
        return repr(title)
    return "(name withheld: it may name a person)"


#: a merged range in a worksheet's XML (an attribute in either quotes, spaces around '=': XML allows both,
#: and a writer other than Excel and openpyxl uses them; review h88)
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref\s*=\s*["\']([A-Z]{1,3}[0-9]+(?::[A-Z]{1,3}[0-9]+)?)["\']')


def _merged_ranges(wb, ws) -> list[str]:
    """The merged ranges of a read-only worksheet ("B2:B3"), read from its XML (openpyxl's
    read-only mode, which keeps memory flat, does not report them)."""
    data = wb._archive.read(ws._worksheet_path)  # openpyxl is pinned; tests cover this
    return [m.group(1).decode("ascii") for m in _MERGE_REF.finditer(data)]


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden\s*=\s*["\'](?:1|true)["\']')


def _hidden_rows_and_columns(wb, ws) -> tuple[list[int], list[int]]:
    """The rows and columns (1-based) a read-only worksheet hides (a filter, or hidden by hand),
    from its XML like :func:`_merged_ranges`."""
    data = wb._archive.read(ws._worksheet_path)
    if b"hidden" not in data:
        return [], []
    rows = [int(m.group(1)) for tag in _ROW_TAG.finditer(data) if _HIDDEN.search(tag.group(1))
            for m in [re.search(rb'\br\s*=\s*["\'](\d{1,9})["\']', tag.group(1))] if m]
    columns: list[int] = []
    for tag in _COL_TAG.finditer(data):
        if _HIDDEN.search(tag.group(1)):
            low, high = (re.search(rb'\b%s\s*=\s*["\'](\d{1,12})["\']' % end, tag.group(1)) for end in (b"min", b"max"))
            if low and high:  # at most Excel's last column: a range to a billion filled the memory
                columns += range(int(low.group(1)), min(int(high.group(1)), XLSX_MAX_COLUMN) + 1)
    return sorted(set(rows)), sorted(set(columns))


def _no_cells(row, empty) -> bool:
    """True for a row of the read-only reader that holds no cell of the file (openpyxl's filler)."""
    return not row or (row[0] is empty and all(cell is empty for cell in row))


def _column_named(name: str) -> str:
    """A header name as a message quotes it: cut at 60 characters, not at all when it looks like personal data;
    a name of more than 200 characters by its length (review h125: a 10 MB header cell was scanned whole for
    personal data, 17 s before the message)."""
    if len(name) > 200:
        return f"a column whose name has {len(name)} characters"
    return personal_data_kind(name) or repr(name[:60])


def _xlsx_grid(path: Path, sheet: str | None
               ) -> tuple[str, list[list[str]], dict[tuple[int, int], bool], list[str], dict[tuple[int, int], str],
                          list[str], tuple[list[int], list[int]]]:
    """The sheet's title, its cells as text (row by row), its formula cells: (row, column),
    1-based -> whether the file holds the value the formula computed (then it is in the grid;
    else the cell is empty), its merged ranges, its odd cells: (row, column) -> "boolean"
    (TRUE/FALSE, read as 1/0), "long number" (16 or more digits: not stored exactly) or "date-formatted
    number" (:func:`_date_formatted_numbers`), the workbook's other (hidden) sheets when `sheet` is None
    (taken from this one reading of the file: review h120) and its hidden rows and columns."""
    from openpyxl.cell.read_only import EMPTY_CELL

    data = read_input_bytes(path)  # read once (review h99: opened up to three times)
    wb, ws = _open_sheet(path, data, sheet, data_only=False)
    title = ws.title
    rows: list[list[str]] = []
    formulas: dict[tuple[int, int], bool] = {}
    odd: dict[tuple[int, int], str] = {}
    try:
        merged = _merged_ranges(wb, ws)
        hidden = _hidden_rows_and_columns(wb, ws)
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            _read_xlsx_rows(path, ws, rows, formulas, odd)
        _date_formatted_numbers(said, rows, odd)
    except ParseError as e:
        raise _damaged_sheet(path, title, e) from None
    except (ValueError, IndexError, KeyError) as e:
        raise _unreadable_cell(path, title, len(rows), e) from None
    finally:
        others = [ws.title for ws in wb.worksheets if ws.title != title] if sheet is None else []
        wb.close()
    if formulas:  # read again for the values the spreadsheet program computed and stored
        wb, ws = _open_sheet(path, data, title, data_only=True)
        r = 0
        try:
            # a stored number formatted as a date no date can be: openpyxl's warning, read as in the first pass
            with warnings.catch_warnings(record=True) as said:
                warnings.simplefilter("always")
                for r, row in enumerate(ws.iter_rows(), 1):
                    if _no_cells(row, EMPTY_CELL):
                        continue
                    for c, cell in enumerate(row, 1):
                        if (r, c) in formulas and getattr(cell, "value", None) is not None:
                            formulas[(r, c)] = True
                            rows[r - 1][c - 1] = _xlsx_text(cell)
            _date_formatted_numbers(said, rows, odd)
        except ParseError as e:
            raise _damaged_sheet(path, title, e) from None
        except (ValueError, IndexError, KeyError) as e:
            raise _unreadable_cell(path, title, r, e) from None
        finally:
            wb.close()
    return title, rows, formulas, merged, odd, others, hidden


def _damaged_sheet(path: Path, title: str, err: ParseError) -> ExportError:
    """A sheet whose XML the parser refuses (a character XML does not allow, such as ``&#x1;`` or a raw
    vertical tab a survey tool wrote as it is; a stray tag): review h88, a bare ParseError traceback."""
    return ExportError(f"{path}: sheet {sheet_label(title)} cannot be read: its XML is damaged ({err}); open the file in "
                       "Excel or LibreOffice and save it again, or export the answers again")


#: what a cell's XML holds that openpyxl could not read, by the cell's type attribute t (review h120)
_CELL_TYPES = {"n": ("a number", "no number"), "b": ("TRUE/FALSE", "neither"), "d": ("a date", "no date"),
               "s": ("a reference to the workbook's shared texts", "no such reference")}


def _failed_cell(err: BaseException) -> tuple[dict[str, str], str | None, int | None, int | None] | None:
    """Where in openpyxl's reading of a sheet `err` arose: the attributes of the cell element it was
    reading, the cell's stored text, the row it was in and the column openpyxl had counted to (the cell's own
    for a cell without an address; the one before it for a cell whose address is none); None when it did not
    arise in openpyxl (a fault of ours: not described as a fault of the file)."""
    import traceback

    frames = [frame for frame, _ in traceback.walk_tb(err.__traceback__)]
    if not frames or "openpyxl" not in frames[-1].f_code.co_filename:
        return None
    for frame in reversed(frames):
        found = frame.f_locals
        if frame.f_code.co_name == "parse_cell" and "element" in found:
            element = found["element"]
            text = next((child.text or "" for child in element if child.tag.endswith("}v")), None)
            parser = found.get("self")
            return (dict(element.attrib), text, getattr(parser, "row_counter", None),
                    getattr(parser, "col_counter", None))
        if frame.f_code.co_name == "parse_row" and "row" in found:
            return {}, None, getattr(found.get("self"), "row_counter", None), None
        if frame.f_code.co_name == "_read_xlsx_rows" and "r" in found:  # the cell's format, looked up
            from openpyxl.utils import get_column_letter

            return {"r": get_column_letter(found.get("c", 1)) + str(found["r"]), "style": ""}, None, found["r"], None
    return {}, None, None, None


def _unreadable_cell(path: Path, title: str, read: int, err: BaseException) -> ExportError:
    """A cell (or row) whose XML openpyxl could not read: a number cell whose text is none (``<v>NaN</v>``,
    ``<v>1,5</v>``), a TRUE/FALSE, date or shared-text cell that holds no such thing, a cell format (style)
    or shared text the workbook does not have, a row number or cell address that is none: a program that
    wrote the workbook itself. Review h118 took every ValueError for a number cell and named only the rows
    read before it; review h120: the cell, what is wrong with it, and the value only as
    :func:`describe_value` names it. `read`: the rows read before it."""
    found = _failed_cell(err)
    if found is None:
        raise err
    attrs, text, row, column = found
    ref = attrs.get("r", "")
    where = (f"cell {ref}" if re.fullmatch(r"[A-Z]{1,3}[1-9]\d{0,6}", ref)
             else _cell_in_row(ref, row, column) if row else f"a cell below row {read}")
    kind = attrs.get("t", "n")
    if "r" in attrs and ref != attrs["r"].strip() or (ref and where.startswith("a cell")):
        what = "has an address that is no cell address"
    elif "style" in attrs or not attrs.get("s", "0").strip().isdigit():
        what = "names a cell format (style) the workbook does not have"
    elif text is not None and kind in _CELL_TYPES:
        stored, none = _CELL_TYPES[kind]
        what = f"is stored as {stored} but holds {describe_value(text)}, which is {none}"
    elif not attrs:
        where, what = (f"the row after row {row}" if row else f"a row below row {read}"), "has a row number that is none"
    else:
        what = "holds a value that cannot be read"
    return ExportError(f"{path}: sheet {sheet_label(title)} cannot be read: {where} {what} (the workbook was not written by a "
                       "spreadsheet program); open the file in Excel or LibreOffice, correct the cell and save it "
                       "again, or export the answers again")


def _cell_in_row(ref: str, row: int, column: int | None) -> str:
    """How :func:`_unreadable_cell` names a cell of row `row` whose address does not name it (review h152: the row
    only): a cell without an address by the column openpyxl counted it in (``cell D3``, "the cell's address was
    left out"), one whose address is none by the column before it (``the cell after C3``)."""
    from openpyxl.utils import get_column_letter

    if not column or column > 16384:
        return f"a cell in row {row}"
    if not ref:
        return f"cell {get_column_letter(column)}{row} (its address left out)"
    return f"a cell in row {row} (the one after {get_column_letter(column)}{row})"


def _read_xlsx_rows(path: Path, ws, rows: list[list[str]], formulas: dict[tuple[int, int], bool],
                    odd: dict[tuple[int, int], str]) -> None:
    """The sheet's cells as text into `rows` (see :func:`_xlsx_grid`), its formula and odd cells noted."""
    from openpyxl.cell.read_only import EMPTY_CELL

    gap = None
    for r, row in enumerate(ws.iter_rows(), 1):
        if r > XLSX_MAX_ROW:  # openpyxl fills a gap up to a row number the file names, one by one
            raise ExportError(f"{path}: sheet {sheet_label(ws.title)} has a row beyond row {XLSX_MAX_ROW:,}, Excel's "
                              "last; the file was not written by a spreadsheet program")
        if row is gap or _no_cells(row, EMPTY_CELL):  # a gap openpyxl fills (one object, over and over)
            gap = row
            rows.append([])
            continue
        cells = []
        for c, cell in enumerate(row, 1):
            if getattr(cell, "data_type", None) == "f":
                formulas[(r, c)] = False
                cells.append("")
                continue
            value = getattr(cell, "value", None)
            if isinstance(value, bool):
                odd[(r, c)] = "boolean"
            elif isinstance(value, (int, float)) and math.isfinite(value) and abs(value) >= 1e15:
                odd[(r, c)] = "long number"
            cells.append(_xlsx_text(cell))
        rows.append(cells)


#: openpyxl's warning for a number in a date-formatted cell that is no date (it then reads "#VALUE!")
_NOT_A_DATE = re.compile(r"Cell ([A-Z]{1,3})(\d+) is marked as a date but the serial value (\S+) is outside the limits")


def _date_formatted_numbers(said: list, rows: list[list[str]], odd: dict[tuple[int, int], str]) -> None:
    """A number in a cell formatted as a date that no date can be (a euro amount of 7,447,000 with format
    d-m-yyyy) read as "#VALUE!" by openpyxl, which only says so in a warning on stderr: the number itself is
    put back and the cell noted (review of the agency exports: it was reported as a formula that failed)."""
    from openpyxl.utils.cell import column_index_from_string

    for warning in said:
        m = _NOT_A_DATE.search(str(warning.message))
        if m is None:
            continue
        r, c = int(m.group(2)), column_index_from_string(m.group(1))
        if r - 1 < len(rows) and c - 1 < len(rows[r - 1]) and rows[r - 1][c - 1] == "#VALUE!":
            number = float(m.group(3))
            rows[r - 1][c - 1] = _cell_text(number)
            odd[(r, c)] = "date-formatted number"


def _formula_findings(formulas: dict[tuple[int, int], bool], header: list[str],
                      problems: _Problems) -> None:
    """A formula without a stored value: an error per cell (it would read as empty); with
    one: a warning per column (the stored value is used)."""
    def name(c: int) -> str | None:
        return header[c - 1].strip() if c - 1 < len(header) and header[c - 1].strip() else None

    def where(c: int) -> str:
        return "" if name(c) else f"column {c} (no header): "

    computed: dict[int, list[int]] = {}
    for (r, c), has_value in sorted(formulas.items()):
        if has_value:
            computed.setdefault(c, []).append(r)
            continue
        problems.add(r, f"{where(c)}a formula without a computed value (the file was saved "
                     "by a program that does not calculate formulas; the cell would read as "
                     "empty)", "a value", "open the file in Excel and save it again, or replace "
                     "the formula by its value", name(c))
    for c, rows in computed.items():
        shown = ", ".join(map(str, rows[:10])) + (f" and {len(rows) - 10} more"
                                                  if len(rows) > 10 else "")
        problems.add(rows[0] if len(rows) == 1 else None,
                     f"{where(c)}{len(rows)} cell(s) hold a formula (row(s) {shown})", None,
                     "the value the spreadsheet program computed and stored is used", name(c),
                     severity="warning")


def _merged_findings(merged: list[str], header: list[str], first: int, problems: _Problems) -> None:
    """A merged range that reaches the respondents' rows (from row `first`) is an error: only its
    first cell holds the value, the others read as empty (merges in the header rows are fine)."""
    from openpyxl.utils.cell import range_boundaries

    for ref in merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_row < first:
            continue
        name = header[min_col - 1].strip() if min_col - 1 < len(header) else ""
        problems.add(max(min_row, first), f"merged cells {ref}: only the first cell holds a value, the "
                     "others would read as empty", "one value in every cell",
                     "unmerge the cells and fill each one, or export the data again", name or None)


def _odd_cell_findings(odd: dict[tuple[int, int], str], rows: list[list[str]], header: list[str], first: int,
                       problems: _Problems) -> list[tuple[int, str]]:
    """A number of 16 or more digits among the respondents' rows is an error per cell (a spreadsheet
    keeps 15 significant digits: an id typed as 12345678901234567890 is stored as 1.23456789012346e+19,
    and two such ids can become one); TRUE/FALSE cells a warning per column (read as 1/0). Returns the
    TRUE/FALSE cells, (row, header): validation refuses them in a column that is no 0/1 option (review h152)."""
    booleans: dict[int, list[int]] = {}
    for (r, c), kind in sorted(odd.items()):
        if r < first:
            continue
        name = header[c - 1].strip() if c - 1 < len(header) and header[c - 1].strip() else None
        if kind == "date-formatted number":
            problems.add(r, f"a number in a cell formatted as a date ({rows[r - 1][c - 1]}: no date)", None,
                         "read as the number; format the column as a number in the export", name, severity="warning")
            continue
        if kind == "long number":
            problems.add(r, f"a number of 16 or more digits (stored as {rows[r - 1][c - 1]}): a spreadsheet keeps "
                         "only 15, so it is not the value that was typed", "a number of at most 15 digits, or text",
                         "format the column as text in the survey tool or spreadsheet and export again", name)
        else:
            booleans.setdefault(c, []).append(r)
    for c, found in booleans.items():
        name = header[c - 1].strip() if c - 1 < len(header) and header[c - 1].strip() else None
        shown = ", ".join(map(str, found[:10])) + (f" and {len(found) - 10} more" if len(found) > 10 else "")
        problems.add(found[0] if len(found) == 1 else None, f"{len(found)} cell(s) hold TRUE or FALSE (row(s) {shown})",
                     None, "read as 1 (TRUE) and 0 (FALSE)", name, severity="warning")
    return [(r, header[c - 1].strip()) for c, found in booleans.items() if c - 1 < len(header) for r in found]


def _hidden_findings(hidden: tuple[list[int], list[int]], header: list[str], first: int, last: int,
                     problems: _Problems) -> None:
    """Hidden respondent rows and hidden columns are read like every other (a warning each: hiding
    a row in the spreadsheet, or filtering it away, is no way to leave a respondent out)."""
    rows, columns = hidden
    rows = [r for r in rows if first <= r <= last]
    if rows:
        shown = ", ".join(map(str, rows[:10])) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
        problems.add(rows[0] if len(rows) == 1 else None,
                     f"{len(rows)} respondent row(s) are hidden in the sheet (a filter, or hidden by hand): row(s) {shown}",
                     None, "read like every other row (to leave a respondent out, use the export mapping's exclude "
                     "rules or remove the row)", severity="warning")
    names = [header[c - 1].strip() or f"column {c}" for c in columns if c - 1 < len(header)]
    if names:
        problems.add(None, f"{len(names)} column(s) are hidden in the sheet: {', '.join(names[:10])}"
                     + (" …" if len(names) > 10 else ""), None, "read like every other column", severity="warning")


def _read_xlsx(path: Path, sheet: str | None, header_rows: int = 1, repeats: bool = False,
               below: int = 0) -> pd.DataFrame:
    """The sheet read with `header_rows` header rows. `below`: header rows under those that are read as
    rows and taken out later (:func:`_below_header`: Qualtrics' question texts and ImportIds); the
    checks of the respondents' cells (merged, odd, hidden) start below them."""
    title, rows, formulas, merged, odd, others, hidden = _xlsx_grid(path, sheet)
    rows, undone = _undo_grid_double_encoding(rows)
    trailing = _trailing_blank_rows(rows)  # a cell far below the answers: no frame of empty rows
    start = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if start is None:
        raise ExportError(f"{path}: sheet {sheet_label(title)} is empty{_other_sheets(others)}")
    header = list(rows[start])
    next_row = next((list(r) for r in rows[start + 1:] if any(c.strip() for c in r)), [])
    _check_title_line(header, next_row, start + 1, path, several=sum(1 for c in next_row if c.strip()) >= 2,
                      where=f"sheet {sheet_label(title)}, ")
    if header_rows == 2:
        if len(rows) < start + 2:
            raise ExportError(f"{path}: sheet {sheet_label(title)} has fewer than the 2 header rows "
                              "the mapping says")
        header = _combine_header(header, list(rows[start + 1]))
    while header and header[-1].strip() == "":
        header.pop()
    width = len(header)
    body = rows[start + header_rows:]
    first = start + header_rows + 1
    for r, cells in enumerate(body, first):
        if any(c.strip() for c in cells[width:]):
            from openpyxl.utils import get_column_letter

            filled = [get_column_letter(c) for c, v in enumerate(cells[width:], width + 1) if v.strip()]
            raise ExportError(f"{path}: sheet {sheet_label(title)}, row {r}: values in columns without a "
                              f"header (column(s) {', '.join(filled[:5])}{', …' if len(filled) > 5 else ''}, right "
                              f"of the last named column {get_column_letter(width) if width else ''}); expected "
                              "a name above every column that holds answers, or no values beside the header")
    problems = _Problems(path)
    if undone is not None:
        _note_double_encoding(undone, problems)
    _formula_findings(formulas, header, problems)
    respondents = first + _header_rows_below(rows, start + header_rows, below)
    _merged_findings(merged, header, respondents, problems)
    booleans = _odd_cell_findings(odd, rows, header, respondents, problems)
    _hidden_findings(hidden, header, respondents, len(rows), problems)
    problems.findings = on_sheet(problems.findings, sheet_label(title))  # as validation's (review h162)
    problems.raise_errors()
    header, body = _without_empty_columns(header, body, problems)
    width = len(header)
    cols = _check_header(header, path, problems if repeats else None)
    df = pd.DataFrame([(r + [""] * width)[:width] for r in body], columns=cols, dtype=object)
    df = df.astype(str) if len(df) else pd.DataFrame(columns=cols, dtype=str)
    df[ROW] = range(first, len(df) + first)
    df.attrs["findings"] = problems.warnings
    df.attrs[BOOLEAN_CELLS] = booleans
    # for the location of a finding about a row (quality_log.on_sheet), as messages name the sheet (review h136)
    df.attrs["sheet"] = sheet_label(title)
    return _finish(df, path, f"sheet {sheet_label(title)}", header_row=start + 1, also_empty=trailing)


def _without_empty_columns(header: list[str], body: list[list[str]], problems: _Problems, *, letters: bool = True
                           ) -> tuple[list[str], list[list[str]]]:
    """`header` and `body` without the columns that have neither a name nor a value (an empty first
    column, a blank column between the answers: review h131, they were "a header cell left empty"), and without a
    nameless first column of row numbers (:func:`_row_numbers`: review h134), with a warning for each kind. Any
    other nameless column that holds a value stays, for :func:`_check_header` to refuse: its values may be
    answers whose question lost its name. `letters`: columns named as a spreadsheet names them (A, B), else by
    number (a CSV)."""
    if all(h.strip() for h in header):
        return header, body

    def named(i: int) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(i + 1) if letters else str(i + 1)

    empty = [i for i, h in enumerate(header) if not h.strip() and not any(i < len(r) and r[i].strip() for r in body)]
    index = [0] if 0 not in empty and not header[0].strip() and _row_numbers(body) else []
    if empty:
        problems.add(None, f"{len(empty)} column(s) without a name or a value: column(s) "
                     + ", ".join(named(i) for i in empty), None,
                     "left out (nothing to read in them)", severity="warning")
    if index:
        problems.add(None, f"column {named(0)} {ROW_INDEX_LEFT_OUT} {_row_numbers(body)}: a row "
                     "index (pandas' to_csv with its index, a spreadsheet's counter), no answers", None,
                     "left out (no answer in it)", severity="warning")
    if not empty and not index:
        return header, body
    keep = [i for i in range(len(header)) if i not in set(empty) | set(index)]
    return [header[i] for i in keep], [[r[i] if i < len(r) else "" for i in keep] for r in body]


def _row_numbers(body: list[list[str]]) -> str | None:
    """``0, 1, 2, …`` (or from 1) when the first cell of every row that holds a value counts the rows from 0 or 1,
    one by one (at least two rows): an index written before the answers; else None."""
    values = [r[0].strip() if r else "" for r in body if any(c.strip() for c in r[1:])]
    if len(values) < 2 or not values[0] in ("0", "1"):
        return None
    first = int(values[0])
    if values != [str(first + k) for k in range(len(values))]:
        return None
    return f"{first}, {first + 1}, {first + 2}, …" if len(values) > 2 else f"{first}, {first + 1}"


def _trailing_blank_rows(rows: list[list[str]]) -> range:
    """Take the blank rows at the end off `rows` (in place) and return their row numbers."""
    end = len(rows)
    while end and not any(c.strip() for c in rows[end - 1]):
        end -= 1
    numbers = range(end + 1, len(rows) + 1)
    del rows[end:]
    return numbers


def _read_sav(path: Path) -> pd.DataFrame:
    raw, meta, stored = _sav_cases_read(path)
    if raw.shape[1] == 0:
        raise ExportError(f"{path}: the file has no variables")
    cols = _check_header(list(raw.columns), path)
    df = pd.DataFrame({c: raw[orig].map(_cell_text).astype(str)
                       for c, orig in zip(cols, raw.columns)})
    if len(df) == 0:
        raise ExportError(f"{path}: the file has no respondent rows")
    df[ROW] = range(2, len(df) + 2)
    # a value the file declares user-missing ("Weet niet" = 3 as missing) is no answer unless its
    # label is one of the question's options (inputs.mapping.apply_value_labels decides, and logs
    # either way): here the cell is emptied and its stored value kept by row
    missing: dict[str, dict[int, str]] = {}
    for orig, col in zip(raw.columns, cols):
        ranges = (meta.missing_ranges or {}).get(orig) or []
        if not ranges:
            continue
        values = raw[orig]
        mask = pd.Series(False, index=values.index)
        for r in ranges:
            low, high = r.get("lo"), r.get("hi")
            try:
                mask |= values.notna() & (values >= low) & (values <= high)
            except TypeError:  # a text variable's missing value
                mask |= values.astype(str).eq(str(low))
        if mask.any():
            missing[col] = dict(zip(df.loc[mask.to_numpy(), ROW].tolist(), df.loc[mask.to_numpy(), col].tolist()))
            df.loc[mask.to_numpy(), col] = ""
    df.attrs["user_missing"] = missing
    # value labels: stored value (as text) -> label, per variable; the loader uses them
    # (wlzmonitor.inputs.mapping.apply_value_labels)
    df.attrs["value_labels"] = {
        col: {_cell_text(k): str(v) for k, v in labels.items()}
        for orig, col in zip(raw.columns, cols)
        for labels in [(meta.variable_value_labels or {}).get(orig)] if labels}
    df.attrs[SAV_DATES] = {
        col: (meta.original_variable_types[orig], {int(r): _cell_text(v) for r, v in zip(df[ROW], stored[orig])
                                                   if not (isinstance(v, float) and math.isnan(v))})
        for orig, col in zip(raw.columns, cols) if orig in stored}
    return _finish(df, path)


def _date_formatted(raw: pd.DataFrame, meta: Any) -> list[str]:
    """The variables of an SPSS file that have a date or time format and that pyreadstat read as dates."""
    types = meta.original_variable_types or {}
    return [c for c in raw.columns if _SAV_DATE_FORMAT.match(str(types.get(c, "")).upper())
            and raw[c].dtype.kind not in "fiu"]


def _sav_cases_read(path: Path) -> tuple[pd.DataFrame, Any, dict[str, pd.Series]]:
    """pyreadstat's frame and metadata of every case the file holds, and the stored numbers of its variables with a
    date or time format (variable -> values).

    ReadStat reads as many cases as the header declares: fewer declared than held would lose
    respondents silently, so the cases are counted from the data records first
    (`wlzmonitor.inputs.sav_cases`) and a header that disagrees is refused. A header that says
    "unknown" (-1, as some tools write) is read through a private copy whose header holds the
    counted cases (ReadStat reads an uncompressed file with -1 as empty)."""
    import pyreadstat

    from wlzmonitor.inputs.sav_cases import SavLayoutError, count_cases, patched_case_count, private_copy

    data = read_input_bytes(path)
    try:
        cases = count_cases(data)
    except SavLayoutError as e:
        other = (("an Excel workbook (.xlsx) or another zip file", "give it the extension .xlsx")
                 if data.startswith(b"PK\x03\x04") else other_file_format(data[:64]))
        said = f" (it is {other[0]}: {other[1]})" if other is not None and "SPSS" not in other[0] else ""
        raise ExportError(f"{path}: cannot read as an SPSS .sav file: {e}{said}") from None
    if cases.declared >= 0 and cases.declared != cases.counted:
        raise ExportError(
            f"{path}: the file's header declares {cases.declared} cases, but its data holds "
            f"{cases.counted}: it would be read with {abs(cases.counted - cases.declared)} "
            f"respondent(s) {'lost' if cases.counted > cases.declared else 'missing'}. The file was "
            "changed or cut short after it was saved: export it again from the survey tool (or "
            "open it in SPSS and save it again)")
    try:  # user-missing values kept as stored: a declared "missing" value can be a real answer
        # the bytes counted are the bytes read (review h99: the file was opened again by name)
        with (patched_case_count(data, cases) if cases.declared < 0 else private_copy(data)) as copy:
            raw, meta = pyreadstat.read_sav(str(copy), apply_value_formats=False, user_missing=True)
            dated = _date_formatted(raw, meta)  # their numbers as stored, too (SAV_DATES)
            stored = pyreadstat.read_sav(str(copy), apply_value_formats=False, user_missing=True, usecols=dated,
                                         disable_datetime_conversion=True)[0] if dated else {}
    except Exception as e:  # noqa: BLE001 - pyreadstat raises its own error types
        raise ExportError(f"{path}: cannot read as an SPSS .sav file: {e}") from None
    if len(raw) != cases.counted:  # the file changed between the count and the read
        raise ExportError(f"{path}: {len(raw)} cases were read, but the file held {cases.counted} when "
                          "they were counted: was the file changed while it was read? Run again")
    return raw, meta, {c: stored[c].tolist() for c in dated}


def import_id(cell: str) -> str:
    """The ImportId of a Qualtrics third header row's cell (``{"ImportId": "QID3"}``), else ""."""
    if not cell.startswith("{"):
        return ""
    try:
        v = json.loads(cell)
    except (ValueError, TypeError):
        return ""
    return str(v.get("ImportId", "")) if isinstance(v, dict) else ""


#: Qualtrics' metadata columns and the text its second header row gives them
_QUALTRICS_TEXTS = {"ResponseId": "Response ID", "StartDate": "Start Date", "EndDate": "End Date",
                    "RecordedDate": "Recorded Date", "IPAddress": "IP Address", "Duration (in seconds)":
                    "Duration (in seconds)", "ResponseType": "Response Type", "Status": "Response Type",
                    "DistributionChannel": "Distribution Channel", "UserLanguage": "User Language"}


def _qualtrics_text_row(df: pd.DataFrame) -> bool:
    """Whether row 2 of an export read with one header row is Qualtrics' question-text row: at least two of its
    metadata columns hold the text Qualtrics writes there ("Response ID" under ResponseId), which no
    respondent's answers are."""
    second = df.loc[df[ROW] == 2]
    if second.empty:
        return False
    row = second.iloc[0]
    return sum(1 for column, text in _QUALTRICS_TEXTS.items()
               if column in df.columns and str(row[column]).strip() == text) >= 2


def _import_id_row(df: pd.DataFrame, row: int) -> bool:
    """Whether spreadsheet row ``row`` of ``df`` is Qualtrics' ImportId row: {"ImportId": …} in at
    least half of its cells."""
    found = df.loc[df[ROW] == row].drop(columns=[ROW])
    if found.empty:
        return False
    cells = [str(v) for v in found.iloc[0]]
    return sum(1 for v in cells if import_id(v)) >= max(1, len(cells) // 2)


def _header_rows_below(rows: list[list[str]], at: int, below: int) -> int:
    """How many of the `below` rows from index `at` are header rows, as :func:`_below_header` will take
    them out: Qualtrics' ImportId row missing (its question-text row alone is there), one."""
    if below == 2 and at + 1 < len(rows) and not any(import_id(str(v)) for v in rows[at + 1]):
        return 1
    return below


def _below_header(df: pd.DataFrame, path: Path, extra: int) -> pd.DataFrame:
    """A file with ``1 + extra`` header rows read with one: row 1 names the columns; rows
    2 .. 1 + extra (Qualtrics: the question texts and the ImportIds) are taken out of the
    respondent rows (first respondent = row ``2 + extra``)."""
    below = df[ROW] <= 1 + extra
    if int(below.sum()) < extra:
        raise ExportError(f"{path}: the file has fewer than the {1 + extra} header rows the "
                          "mapping says")
    last = df.loc[df[ROW] == 1 + extra].drop(columns=[ROW])
    if extra == 2 and not any(import_id(str(v)) for v in (last.iloc[0] if len(last) else [])):
        # three header rows are Qualtrics' (column ids, question texts, ImportIds): a third row
        # without an ImportId is a respondent's (an export without that row, or with it deleted)
        if _qualtrics_text_row(df):  # row 2 is the question texts: the ImportId row alone is missing
            out = _below_header(df, path, 1)
            out.attrs["findings"] = [*out.attrs.get("findings", []), Finding(
                str(path), None, None, None, None, "warning",
                "the export has Qualtrics' column ids and question texts but no third header row of ImportIds "
                "(deleted, or an older download)", None,
                "read with two header rows: the ids name the columns, the question texts are no respondent")]
            return out
        if _import_id_row(df, 2):  # row 2 is the ImportIds: the question-text row alone was deleted
            out = _below_header(df, path, 1)
            out.attrs["findings"] = [*out.attrs.get("findings", []), Finding(
                str(path), None, None, None, None, "warning",
                "the export has Qualtrics' column ids and ImportIds but no header row of question texts "
                "(deleted)", None, "read with two header rows: the ids name the columns, the ImportIds "
                "are no respondent")]
            return out
        raise ExportError(f"{path}: the mapping says header_rows: 3 (Qualtrics: column ids, question texts, "
                          f'ImportIds), but row 3 holds no {{"ImportId": …}} cell: it would be read as a header '
                          "and its respondent lost. When row 2 holds the question texts, this export has 2 header "
                          "rows: set header_rows: 2; when row 2 is a respondent (both Qualtrics rows deleted), it "
                          "has 1: set header_rows: 1 in the export mapping (or draft the mapping again)")
    attrs = dict(df.attrs)
    out = df.loc[~below].reset_index(drop=True)
    out.attrs = attrs
    if out.empty:
        raise ExportError(f"{path}: the file has a header but no respondent rows")
    return out


#: what to do with a file type that is not read, where it is a known one
_SAVE_AS = {
    ".xls": " (an Excel 97-2003 workbook: open it in Excel and save it as .xlsx)",
    ".ods": " (an OpenDocument spreadsheet: save it as .xlsx or .csv)",
    ".txt": " (text: when it is separated by tabs, name it .tsv; by commas or semicolons, .csv)",
    ".por": " (an SPSS portable file: save it as .sav in SPSS)",
}


def _check_is_a_file(path: Path) -> None:
    """A missing export, or one that is a pipe, a device or a folder, is an error naming it (a
    pipe would block the read, a device be read forever)."""
    try:
        open_input(path).close()
    except FileNotFoundError:
        raise ExportError(f"{path}: file not found") from None
    except NotARegularFileError as err:
        raise ExportError(str(err)) from None
    except OSError as err:
        raise ExportError(f"{path}: cannot be read ({err.strerror or err})") from None


def read_export(path: str | Path, *, sheet: str | None = None, header_rows: int = 1, repeats: bool = False
                ) -> pd.DataFrame:
    """Read an export as text cells plus ``__row__`` (header = row 1, first respondent = 2).

    CSV: UTF-8 with or without BOM, UTF-16, else Windows-1252; delimiter ``,`` or ``;`` (tab
    also works) from the header line or a ``sep=`` first line; every cell read as text, nothing
    coerced; see the module docstring for what is an error. XLSX: the sheet named ``sheet`` or
    the workbook's one visible sheet (hidden ones are never read unless named; several visible
    sheets: an error naming them; empty rows above the header skipped; merged cells among the
    respondents' rows: an error naming the range); percent-formatted cells become
    ``96.7%``; formulas give their stored value. SPSS ``.sav``:
    the stored values; the value labels go to ``df.attrs["value_labels"]`` (column -> stored
    value -> label) for the loader. ``header_rows=2`` (CSV, XLSX): a question row and an option
    row, combined into ``"question | option"`` (first respondent = row 3). ``header_rows=3``
    (CSV, XLSX; Qualtrics): row 1 names the columns, rows 2 and 3 (question texts, ImportIds)
    are skipped (first respondent = row 4). Rows that are
    entirely empty are dropped (row numbers of the others are unchanged; the dropped ones are
    listed in ``df.attrs["empty_rows"]``), NUL characters removed (their cells in
    ``df.attrs["nul_cells"]``), warnings about the file in ``df.attrs["findings"]``. Raises
    :class:`ExportError` for an empty or header-only file, an unsupported file type and every
    problem of the file's structure (``err.findings`` names line and row where there is one).
    ``repeats`` (an export read through a mapping): a repeated column name is numbered
    ("Toelichting (2)") instead of an error.
    """
    path = Path(path)
    if header_rows not in (1, 2, 3):
        raise ExportError(f"{path}: header_rows must be 1, 2 or 3, got {header_rows!r}")
    ext = path.suffix.lower()
    _check_is_a_file(path)  # first: a folder or /dev/null is no "unsupported file type '(no extension)'" (review h128)
    if ext not in SUPPORTED_EXTENSIONS:
        hint = _SAVE_AS.get(ext, "")
        raise ExportError(f"{path}: unsupported file type {ext or '(no extension)'!r}; "
                          f"expected one of {', '.join(SUPPORTED_EXTENSIONS)}{hint}")
    if ext in (".csv", ".tsv"):
        if sheet is not None:
            raise ExportError(f"{path}: 'sheet' only applies to Excel files")
        if header_rows == 3:
            return _below_header(_read_csv(path, 1, repeats), path, 2)
        return _read_csv(path, header_rows, repeats)
    if ext in (".xlsx", ".xlsm"):
        if header_rows == 3:
            return _below_header(_read_xlsx(path, sheet, 1, repeats, below=2), path, 2)
        return _read_xlsx(path, sheet, header_rows, repeats)
    if sheet is not None:
        raise ExportError(f"{path}: 'sheet' only applies to Excel files")
    if header_rows != 1:
        raise ExportError(f"{path}: an SPSS .sav file has one header (its variable names)")
    return _read_sav(path)
