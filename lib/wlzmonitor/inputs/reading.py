"""Reading a survey export into text cells.

:func:`read_export` reads a CSV, XLSX or SPSS ``.sav`` export as text cells, adding a
``__row__`` column (:data:`ROW`) with the row number a spreadsheet user sees (header = row 1,
first respondent = row 2). CSV files are decoded (UTF-8 with or without BOM, else
Windows-1252) and their delimiter is taken from the header line; a header is checked for
duplicate, empty and reserved names; a two-row header (question row and option row) is combined
into one. Nothing is coerced: validation (:mod:`wlzmonitor.inputs.validation`) reads the values.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wlzmonitor.inputs.quality_log import ExportError

__all__ = ["ROW", "SUPPORTED_EXTENSIONS", "read_export"]

#: Column added by the reader: the row number a spreadsheet user sees (header = row 1).
ROW = "__row__"
SUPPORTED_EXTENSIONS = (".csv", ".xlsx", ".xlsm", ".sav")


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


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as e:
        raise ExportError(f"{path}: cannot decode the file as UTF-8 or Windows-1252 ({e})"
                          ) from None


def _delimiter(header_line: str) -> str:
    """The delimiter used in the header line: the most frequent of ``;``, ``,`` and tab."""
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(header_line, delimiters=";,\t").delimiter
        except csv.Error:
            return ","
    return best


def _check_header(columns: list[str], path: Path) -> list[str]:
    cols = [str(c).strip() for c in columns]
    if ROW in cols:
        raise ExportError(f"{path}: the export has a column named '{ROW}', which is reserved")
    seen: set[str] = set()
    dups = []
    for c in cols:
        if c in seen and c not in dups:
            dups.append(c)
        seen.add(c)
    if dups:
        raise ExportError(f"{path}: column name(s) appear more than once in the header: "
                          + ", ".join(repr(c) for c in dups))
    if "" in cols:
        pos = cols.index("") + 1
        raise ExportError(f"{path}: column {pos} of the header has no name")
    return cols


def _blank_cells(s: pd.Series) -> np.ndarray:
    """True where a cell is text of only whitespace (each distinct value is checked once)."""
    codes, uniques = pd.factorize(s.to_numpy(dtype=object), use_na_sentinel=False)
    blank = np.array([isinstance(u, str) and u.strip() == "" for u in uniques], dtype=bool)
    return blank[codes] if len(codes) else np.zeros(0, dtype=bool)


def _finish(df: pd.DataFrame, path: Path, where: str = "the file") -> pd.DataFrame:
    """Drop rows that are entirely empty (their row numbers go to ``df.attrs["empty_rows"]``,
    so the loader can log them); raise when no respondent rows remain."""
    data_cols = [c for c in df.columns if c != ROW]
    if not data_cols:
        raise ExportError(f"{path}: {where} has no columns")
    empty = np.logical_and.reduce([_blank_cells(df[c]) for c in data_cols])
    empty_rows = [int(r) for r in df.loc[empty, ROW]]
    attrs = dict(df.attrs)
    df = df.loc[~empty].reset_index(drop=True)
    df.attrs = attrs
    df.attrs["empty_rows"] = empty_rows
    if df.empty:
        raise ExportError(f"{path}: {where} has a header but no respondent rows")
    return df


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


def _read_csv(path: Path, header_rows: int = 1) -> pd.DataFrame:
    data = path.read_bytes()
    if not data.strip():
        raise ExportError(f"{path}: the file is empty")
    text, _encoding = _decode(data, path)
    if not text.strip():
        raise ExportError(f"{path}: the file is empty")
    first = text.lstrip("\r\n").splitlines()[0]
    sep = _delimiter(first)
    header = next(csv.reader([first], delimiter=sep))
    if len(header) == 1 and re.search(r"[|:\t;,]", header[0]):
        raise ExportError(f"{path}: the header reads as one column ({header[0][:60]!r}); "
                          "expected columns separated by a comma or a semicolon")
    if header_rows == 2:
        return _read_csv_two_row_header(text, sep, path)
    _check_header(header, path)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         na_filter=False, skip_blank_lines=False, quotechar='"',
                         skipinitialspace=False)
    except (pd.errors.ParserError, ValueError) as e:
        raise ExportError(f"{path}: cannot read as CSV (delimiter {sep!r}): {e}") from None
    df.columns = [str(c).strip() for c in df.columns]
    df = df.fillna("").astype(str)
    df[ROW] = range(2, len(df) + 2)
    return _finish(df, path)


def _read_csv_two_row_header(text: str, sep: str, path: Path) -> pd.DataFrame:
    try:
        grid = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                           na_filter=False, skip_blank_lines=False, quotechar='"', header=None)
    except (pd.errors.ParserError, ValueError) as e:
        raise ExportError(f"{path}: cannot read as CSV (delimiter {sep!r}): {e}") from None
    grid = grid.fillna("").astype(str)
    if len(grid) < 2:
        raise ExportError(f"{path}: the file has fewer than the 2 header rows the mapping says")
    cols = _check_header(_combine_header(list(grid.iloc[0]), list(grid.iloc[1])), path)
    df = grid.iloc[2:].reset_index(drop=True)
    df.columns = cols
    df[ROW] = range(3, len(df) + 3)
    return _finish(df, path)


def _read_xlsx(path: Path, sheet: str | None, header_rows: int = 1) -> pd.DataFrame:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds
        raise ExportError(f"{path}: cannot open as an Excel workbook: {e}") from None
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise ExportError(f"{path}: no sheet named {sheet!r} "
                              f"(sheets: {', '.join(wb.sheetnames)})")
        rows: list[list[str]] = []
        for row in ws.iter_rows():
            cells = []
            for cell in row:
                v = getattr(cell, "value", None)
                fmt = getattr(cell, "number_format", "") or ""
                if (isinstance(v, (int, float)) and not isinstance(v, bool)
                        and fmt.rstrip().endswith("%")):
                    # a percent-formatted cell holds 0.967 and shows 96,7%
                    cells.append(_cell_text(float(v) * 100).rstrip() + "%")
                else:
                    cells.append(_cell_text(v))
            rows.append(cells)
    finally:
        wb.close()
    if not rows or not any(c.strip() for c in rows[0]):
        raise ExportError(f"{path}: sheet {ws.title!r} is empty")
    header = list(rows[0])
    if header_rows == 2:
        if len(rows) < 2:
            raise ExportError(f"{path}: sheet {ws.title!r} has fewer than the 2 header rows "
                              "the mapping says")
        header = _combine_header(header, list(rows[1]))
    while header and header[-1].strip() == "":
        header.pop()
    width = len(header)
    body = rows[header_rows:]
    for r in body:
        if any(c.strip() for c in r[width:]):
            raise ExportError(f"{path}: sheet {ws.title!r} has values in columns without a "
                              "header")
    cols = _check_header(header, path)
    df = pd.DataFrame([(r + [""] * width)[:width] for r in body], columns=cols, dtype=object)
    df = df.astype(str) if len(df) else pd.DataFrame(columns=cols, dtype=str)
    df[ROW] = range(header_rows + 1, len(df) + header_rows + 1)
    return _finish(df, path, f"sheet {ws.title!r}")


def _read_sav(path: Path) -> pd.DataFrame:
    import pyreadstat

    try:
        raw, meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    except Exception as e:  # noqa: BLE001 - pyreadstat raises its own error types
        raise ExportError(f"{path}: cannot read as an SPSS .sav file: {e}") from None
    if raw.shape[1] == 0:
        raise ExportError(f"{path}: the file has no variables")
    cols = _check_header(list(raw.columns), path)
    df = pd.DataFrame({c: raw[orig].map(_cell_text).astype(str)
                       for c, orig in zip(cols, raw.columns)})
    if len(df) == 0:
        raise ExportError(f"{path}: the file has no respondent rows")
    df[ROW] = range(2, len(df) + 2)
    # value labels: stored value (as text) -> label, per variable; the loader uses them
    # (wlzmonitor.inputs.mapping.apply_value_labels)
    df.attrs["value_labels"] = {
        col: {_cell_text(k): str(v) for k, v in labels.items()}
        for orig, col in zip(raw.columns, cols)
        for labels in [(meta.variable_value_labels or {}).get(orig)] if labels}
    return _finish(df, path)


def _below_header(df: pd.DataFrame, path: Path, extra: int) -> pd.DataFrame:
    """A file with ``1 + extra`` header rows read with one: row 1 names the columns; rows
    2 .. 1 + extra (Qualtrics: the question texts and the ImportIds) are taken out of the
    respondent rows (first respondent = row ``2 + extra``)."""
    below = df[ROW] <= 1 + extra
    if int(below.sum()) < extra:
        raise ExportError(f"{path}: the file has fewer than the {1 + extra} header rows the "
                          "mapping says")
    attrs = dict(df.attrs)
    out = df.loc[~below].reset_index(drop=True)
    out.attrs = attrs
    if out.empty:
        raise ExportError(f"{path}: the file has a header but no respondent rows")
    return out


def read_export(path: str | Path, *, sheet: str | None = None, header_rows: int = 1
                ) -> pd.DataFrame:
    """Read an export as text cells plus ``__row__`` (header = row 1, first respondent = 2).

    CSV: UTF-8 with or without BOM, else Windows-1252; delimiter ``,`` or ``;`` (tab also
    works) from the header line; every cell read as text, nothing coerced. XLSX: the sheet
    named ``sheet`` or the first one; percent-formatted cells become ``96.7%``. SPSS ``.sav``:
    the stored values; the value labels go to ``df.attrs["value_labels"]`` (column -> stored
    value -> label) for the loader. ``header_rows=2`` (CSV, XLSX): a question row and an option
    row, combined into ``"question | option"`` (first respondent = row 3). ``header_rows=3``
    (CSV, XLSX; Qualtrics): row 1 names the columns, rows 2 and 3 (question texts, ImportIds)
    are skipped (first respondent = row 4). Rows that are
    entirely empty are dropped (row numbers of the others are unchanged; the dropped ones are
    listed in ``df.attrs["empty_rows"]``). Raises :class:`ExportError` for an empty or
    header-only file or an unsupported file type.
    """
    path = Path(path)
    if header_rows not in (1, 2, 3):
        raise ExportError(f"{path}: header_rows must be 1, 2 or 3, got {header_rows!r}")
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        raise ExportError(f"{path}: unsupported file type {ext or '(no extension)'!r}; "
                          f"expected one of {', '.join(SUPPORTED_EXTENSIONS)}")
    if not path.is_file():
        raise ExportError(f"{path}: file not found")
    if ext == ".csv":
        if sheet is not None:
            raise ExportError(f"{path}: 'sheet' only applies to Excel files")
        if header_rows == 3:
            return _below_header(_read_csv(path, 1), path, 2)
        return _read_csv(path, header_rows)
    if ext in (".xlsx", ".xlsm"):
        if header_rows == 3:
            return _below_header(_read_xlsx(path, sheet, 1), path, 2)
        return _read_xlsx(path, sheet, header_rows)
    if sheet is not None:
        raise ExportError(f"{path}: 'sheet' only applies to Excel files")
    if header_rows != 1:
        raise ExportError(f"{path}: an SPSS .sav file has one header (its variable names)")
    return _read_sav(path)
