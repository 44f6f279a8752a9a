"""How the project writes spreadsheets a person opens: CSV dialect and inert text.

A CSV or workbook cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is read by Excel, LibreOffice and Google Sheets as a formula (CSV injection, OWASP). Respondent
text, labels and log messages reach such files, so every text cell is made inert by a leading
apostrophe — the convention spreadsheet programs themselves use for "this is text". Numbers are
never touched (a negative number is a number, not text).
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from wlzmonitor.spec.input_files import replace_file

#: Characters that make a spreadsheet program read a cell as a formula, and their full-width forms (an East Asian
#: input method types "＝" for "=", and a spreadsheet in such a locale may take it for one; review h97)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


#: what may stand before a formula character unseen: blanks, and a byte-order mark, zero-width characters or a NUL
#: (review h100: "\ufeff=HYPERLINK(…)" was not looked past)
_UNSEEN = " \t\n\r\x0b\x0c\x00\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029" \
    "\u202f\u205f\u3000\ufeff\u200b\u200c\u200d\u2060"


#: a negative number written as text ("-3", "-0.25"): a spreadsheet reads it as that number, no formula
NEGATIVE_NUMBER = re.compile(r"-[0-9]+(?:\.[0-9]+)?")


def formula_like(value: Any) -> bool:
    """Whether `value` is text a spreadsheet may read as a formula: it starts with a formula character, also after
    blanks (LibreOffice's CSV import trims them when asked, and " =HYPERLINK(…)" is then a formula) or characters
    that show nothing (a byte-order mark, a zero-width space, a NUL). A negative number as text (``-3``, an NPS of a
    published report) is none: a spreadsheet reads it as the number it is (review h160: ``'-3`` in a column of
    numbers was text there)."""
    return isinstance(value, str) and not NEGATIVE_NUMBER.fullmatch(value) and (
        value.startswith(FORMULA_START) or _unseen(value[:1]) and _after_unseen(value).startswith(FORMULA_START))


def _unseen(char: str) -> bool:
    """A blank or a character that shows nothing: also every format character (Unicode category Cf: direction
    marks U+200E/U+200F, bidi embeddings and isolates, a soft hyphen; review h114 — only some were looked past)."""
    return bool(char) and (char in _UNSEEN or unicodedata.category(char) == "Cf")


def _after_unseen(value: str) -> str:
    """`value` without the blanks and characters that show nothing at its start."""
    start = 0
    while start < len(value) and _unseen(value[start]):
        start += 1
    return value[start:]


def inert_text(value: Any) -> Any:
    """`value` itself, or for text that a spreadsheet would read as a formula: the text after an apostrophe. Text
    that already starts with apostrophes before such a start (``'=1``) gets one more, so that :func:`plain_text`
    gives back exactly what was written (review h160: ``'=1`` was left as it was and read back as ``=1``)."""
    return "'" + value if formula_like(value) or _escaped_like(value) else value


def _escaped_like(value: Any) -> bool:
    """Text of apostrophes before a formula start (``'=1``, ``''-2``): what :func:`inert_text` makes of a formula."""
    return isinstance(value, str) and value.startswith("'") and formula_like(value.lstrip("'"))


def plain_text(value: Any) -> Any:
    """What :func:`inert_text` was given: `value` without the apostrophe it added (any other value as it is). A
    reader of a file the project wrote (a published-figures CSV, a coding workbook filled in) reads text back so
    (review h160: a coding workbook's answer '- te duur' came back as "'- te duur" and differed from the data)."""
    if isinstance(value, str) and value.startswith("'") and (formula_like(value[1:]) or _escaped_like(value[1:])):
        return value[1:]
    return value


def _csv_text(value: Any) -> Any:
    """Inert text with line breaks as LF (a bare CR is no line break to the CSV writer: it would split a row)."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    return inert_text(value) if not isinstance(value, str) or not value.startswith("\n") else "'" + value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells (and column names) are inert (see `inert_text`), line breaks LF."""
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if dtype == object or pd.api.types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
            out[column] = out[column].map(_csv_text)  # a category's text too (review h88)
    out.columns = [inert_text(c) for c in out.columns]
    return out


def csv_text(columns: list[str], rows: list[list[Any]]) -> str:
    """Rows of text as the project's CSV (comma, LF line ends, minimal quoting), every cell as :func:`inert_frame`
    makes it (inert, line breaks LF): for a writer that formats its own cells (extract-published, derive-year;
    review h160: their CSVs wrote '=…' from a report's text as it was)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([inert_text(c) for c in columns])
    writer.writerows([_csv_text(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The project's CSV: UTF-8, comma, LF line ends, no index, text cells inert. A file name that is no UTF-8 (its
    bytes as Python decodes them, lone surrogates) is written with the byte escaped, ``caf\\udce9.csv`` (review
    h136: check-export --log of such an export ended in a UnicodeEncodeError traceback, the log not written)."""
    buffer = io.StringIO()
    inert_frame(frame).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8", errors="backslashreplace")


def write_csv(path: str | Path, frame: pd.DataFrame) -> Path:
    """Write `frame` as the project's CSV (see `csv_bytes`); creates the folder. The file is replaced
    whole (:func:`replace_file`): an interrupted write leaves the file as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, csv_bytes(frame))
    return path
