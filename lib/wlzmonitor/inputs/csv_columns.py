"""A CSV export's respondent lines read column by column, when they provably read as the strict
reader reads them.

The strict reader (:func:`wlzmonitor.inputs.reading.read_export`) reads every record with
Python's ``csv`` module, so that quotes, field counts and line ends are checked as the export has
them. For a large export that is most of the loading time and memory: every cell becomes a Python
string, and validation then hashes each column again to work per distinct value. This module
reads the lines below a one-line header (the *body*) with pyarrow's CSV reader into each column's
distinct cells and codes (what :func:`validation._raw_factors` needs) — but only when a scan of
the bytes proves that both readers split the body into the same fields:

- no NUL byte, a carriage return only before a line feed, and no U+FEFF at the body's start
  (pyarrow drops it there as a byte-order mark; the strict reader keeps it in the cell);
- every quote either opens a field (at the start of a line or after a delimiter), closes one
  (before a delimiter, a line end or the end of the file), or is one of a doubled pair inside a
  quoted field; so every line feed outside quotes ends a record, and a field that spans lines is
  a quoted one that does not hold a whole row's delimiters (the strict reader reports that one
  as a row swallowed by a stray quote);
- pyarrow finds the header's number of fields in every record (it raises otherwise; an empty
  line it reads as a row of empty cells, as the strict reader reads a blank record), valid UTF-8
  in every cell (it raises otherwise), and as many rows as the body has line feeds outside quotes.

Each record is then split at the delimiters outside quotes, and a quoted field loses its quotes
and has its doubled quotes made single: what ``csv.reader(strict=True, doublequote=True)`` gives.
Anything else — a stray quote, a field that swallows a row, a short or long row, another
encoding, anything pyarrow raises on, pyarrow not installed — gives None, and the strict
reader reads the whole file and reports what it finds. ``tests/test_csv_columns.py`` compares
the two readers on the hostile-export cases and on generated files.

pyarrow was chosen because its CSV reader is multi-threaded C++ that hands columns over without
a Python object per cell (pandas' C parser makes one per cell for text), and its
``dictionary_encode`` gives the distinct values in order of first appearance, as
``pandas.factorize`` does.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ColumnFactors", "body_columns", "factors_of", "small_codes", "FACTORS"]

#: the key of ``df.attrs`` under which the reader leaves each column's factors for validation
FACTORS = "column_factors"

#: the scan of the quotes and line ends goes through the body in blocks of this many bytes, so
#: its temporary arrays stay small for a file of any size
_SCAN_BLOCK = 1 << 20
#: pyarrow's read block (a longer line it reads too: its blocks grow to hold one)
_READ_BLOCK = 1 << 22
#: a body at least this long is scanned in two halves at once (:func:`_plain_quotes`)
_SPLIT_SCAN = 1 << 24
_QUOTE, _LF, _CR = ord('"'), ord("\n"), ord("\r")


@dataclass(frozen=True, eq=False)
class ColumnFactors:
    """Each column's ``(codes, distinct cells)`` as read (``cells[codes]`` is the column, the
    distinct cells in order of first appearance), by column name. Immutable and shared: a copy of
    a frame's ``attrs`` (pandas deep-copies them at every operation) shares it."""

    by_column: dict[str, tuple[np.ndarray, np.ndarray]]

    def __deepcopy__(self, memo: dict) -> "ColumnFactors":
        return self


def factors_of(s: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """The reader's ``(codes, distinct cells)`` of the column ``s`` when ``s`` still holds exactly
    those cells (every cell compared: a frame changed since it was read, a renamed or shortened
    column, gets None and is factorized anew), else None."""
    held = s.attrs.get(FACTORS) if s.attrs else None
    if not isinstance(held, ColumnFactors):
        return None
    pair = held.by_column.get(s.name)
    if pair is None or len(pair[0]) != len(s) or s.dtype != object:
        return None
    codes, cells = pair
    values = np.ascontiguousarray(s.to_numpy(dtype=object))
    if not len(values) or _the_very_cells(values, cells, codes):
        return pair
    try:  # the same texts in other objects (a copy made by hand)
        same = bool((cells.take(codes) == values).all())
    except (TypeError, ValueError):  # a cell written since that compares to no text (pd.NA)
        return None
    return pair if same else None


def _the_very_cells(values: np.ndarray, cells: np.ndarray, codes: np.ndarray) -> bool:
    """Whether every cell of ``values`` is the very object ``cells[codes]`` holds (compared as
    the references the object arrays hold, at C speed: both arrays keep their objects alive, so
    the same reference is the same object)."""
    held = np.frombuffer(np.ascontiguousarray(cells), dtype=np.uintp)
    return bool((np.frombuffer(values, dtype=np.uintp) == held.take(codes)).all())


def _plain_quotes(data: bytes, start: int, sep: str) -> tuple[int, int] | None:
    """The number of line feeds inside quotes in ``data[start:]`` and of all its line feeds, when
    it holds quotes only around whole fields (doubled inside them; see the module's docstring),
    else None. A large
    body is scanned in two halves at once (numpy lets go of the interpreter lock while it
    compares and searches: on two cores the scan takes about half the time); the second half
    starts with the parity of the quotes before it, counted first."""
    buf = np.frombuffer(data, dtype=np.uint8)
    n = len(buf)
    if n - start < _SPLIT_SCAN:
        parts = [_quote_scan(buf, start, start, n, 0, ord(sep))]
    else:
        middle = start + (n - start) // 2
        seen = data.count(b'"', start, middle)
        with ThreadPoolExecutor(2) as pool:
            parts = list(pool.map(lambda part: _quote_scan(buf, start, *part, ord(sep)),
                                  [(start, middle, 0), (middle, n, seen)]))
    if None in parts or sum(quotes for _, quotes, _ in parts) % 2:  # (a quote left open)
        return None
    return sum(breaks for breaks, _, _ in parts), sum(feeds for _, _, feeds in parts)


def _quote_scan(buf: np.ndarray, start: int, first: int, stop: int, seen: int, delimiter: int
                ) -> tuple[int, int, int] | None:
    """:func:`_plain_quotes` of ``buf[first:stop]`` (a part of the body ``buf[start:]``), with
    ``seen`` quotes of the body before it: the line feeds inside quotes in it, its number of
    quotes and of line feeds; None when one of its quotes neither opens nor closes a field."""
    n = len(buf)
    quoted_breaks, before_it, feeds = 0, seen, 0
    for block_start in range(first, stop, _SCAN_BLOCK):
        block = buf[block_start:min(block_start + _SCAN_BLOCK, stop)]
        quotes = np.flatnonzero(block == _QUOTE)
        ends = np.flatnonzero(block == _LF)
        feeds += len(ends)
        if len(ends):
            quoted_breaks += int(((np.searchsorted(quotes, ends) + seen) & 1).sum())
        if len(quotes):
            at = quotes + block_start
            opening = ((np.arange(len(quotes)) + seen) & 1) == 0
            before = buf[np.maximum(at - 1, 0)]
            after = buf[np.minimum(at + 1, n - 1)]
            opens = (at == start) | (before == delimiter) | (before == _LF) | (before == _QUOTE)
            closes = (at == n - 1) | (after == delimiter) | (after == _LF) | (after == _CR) | (after == _QUOTE)
            if not np.where(opening, opens, closes).all():
                return None
        seen += len(quotes)
    return quoted_breaks, seen - before_it, feeds


def _swallows_a_row(columns: list[tuple[np.ndarray, np.ndarray]], sep: str, width: int) -> bool:
    """Whether a cell that spans lines holds a whole row's delimiters: the strict reader reports
    it as a stray quote that swallowed the next row (``reading._swallowed``)."""
    least = max(width - 1, 1)
    return any(("\n" in cell or "\r" in cell) and cell.count(sep) >= least
               for _, cells in columns for cell in cells)


def _lone_carriage_return(data: bytes, start: int) -> bool:
    """Whether ``data[start:]`` holds a carriage return that is not followed by a line feed."""
    if data.find(b"\r", start) < 0:  # (the usual file: one quick search)
        return False
    returns = data.count(b"\r", start)
    return bool(returns) and returns != data.count(b"\r\n", start)


def _first_appearance(codes: np.ndarray, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, cells)`` with the cells in order of first appearance (as ``pandas.factorize``
    gives them): checked (pyarrow's are), else they are renumbered; the codes in the smallest
    integer type that holds them (:func:`small_codes`), made before the check, which reads less so."""
    codes = small_codes(codes, len(cells))
    if len(codes) and not _in_order_of_first_appearance(codes, len(cells)):
        renumbered, first = pd.factorize(codes)
        codes, cells = small_codes(renumbered, len(first)), cells[first]
    codes.flags.writeable = False
    return codes, cells


#: at most this many distinct cells: :func:`_in_order_of_first_appearance` looks for where each
#: first appears (a search per cell) instead of going through the running maximum
_FEW_CELLS = 16


def _in_order_of_first_appearance(codes: np.ndarray, n: int) -> bool:
    """Whether the ``n`` codes 0 … n-1 each occur in ``codes`` (not empty), first in that order:
    code k appears first before code k+1 does."""
    if codes[0] != 0 or int(codes.max()) != n - 1:
        return False
    if n <= _FEW_CELLS:  # where each code first appears (a code that never does: 0, not after)
        firsts = [0] + [int(np.argmax(codes == k)) for k in range(1, n)]
        return all(a < b for a, b in zip(firsts, firsts[1:]))
    return bool((np.diff(np.maximum.accumulate(codes)) <= 1).all())


def small_codes(codes: np.ndarray, n: int) -> np.ndarray:
    """``codes`` (indices into ``n`` distinct values) in the smallest integer type that holds
    them: a column of a handful of codes takes one byte a cell instead of eight."""
    dtype = np.int8 if n < 2**7 else np.int16 if n < 2**15 else np.int32 if n < 2**31 else np.intp
    return codes.astype(dtype, copy=False)


def _column_factors(cells: Any, pool: Any) -> tuple[np.ndarray, np.ndarray]:
    """A column's ``(codes, distinct cells)`` from its dictionary-encoded chunks as pyarrow read
    them: the chunks' dictionaries unified into one (the first chunk's, then each later chunk's
    new cells in turn: the order of first appearance, which :func:`_first_appearance` checks)."""
    chunks = cells.unify_dictionaries(memory_pool=pool).chunks
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks])
    distinct = chunks[0].dictionary.to_numpy(zero_copy_only=False)
    return _first_appearance(codes, np.asarray(distinct, dtype=object))


def body_columns(data: bytes, start: int, sep: str, width: int
                 ) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """Each of the ``width`` columns of the lines ``data[start:]`` as ``(codes, distinct
    cells)``, the cells in order of first appearance (as ``pandas.factorize`` gives them), when
    the lines provably read as ``csv.reader`` reads them (the module's docstring); else None."""
    if (width < 2 or start >= len(data) or sep not in (",", ";", "\t") or b"\x00" in data
            or data.startswith(b"\xef\xbb\xbf", start)  # pyarrow would take it for a byte-order mark
            or _lone_carriage_return(data, start)):
        return None
    scanned = _plain_quotes(data, start, sep)
    if scanned is None:
        return None
    quoted_breaks, line_feeds = scanned
    # a record per line, but for the line feeds inside quotes
    lines = line_feeds - quoted_breaks + (0 if data.endswith(b"\n") else 1)
    arrow = _arrow()
    if arrow is None:
        return None
    pa, pa_csv = arrow
    # pyarrow's allocator, asked at the end to give back what it keeps for later use
    pool = pa.default_memory_pool()
    columns = []
    try:
        table = _arrow_table(pa, pa_csv, pool, data, start, sep, width, quoted_breaks > 0)
        if table.num_rows != lines or table.num_columns != width or not lines:
            return None
        while table.num_columns:  # each column let go of once it is encoded
            cells, table = table.column(0), table.remove_column(0)
            columns.append(_column_factors(cells, pool))
            del cells
        return None if quoted_breaks and _swallows_a_row(columns, sep, width) else columns
    except (pa.ArrowException, UnicodeDecodeError, ValueError):
        return None  # a row of another length, a cell that is not UTF-8, anything else it raises on
    finally:
        table = None
        pool.release_unused()


def _arrow() -> tuple[Any, Any] | None:
    """pyarrow and its CSV module, or None when pyarrow is not installed."""
    try:
        import pyarrow as pa
        from pyarrow import csv as pa_csv
    except (ImportError, OSError):  # not installed, or its libraries do not load here
        return None
    return pa, pa_csv


def _arrow_table(pa: Any, pa_csv: Any, pool: Any, data: bytes, start: int, sep: str,
                 width: int, quoted_breaks: bool = False) -> Any:
    """pyarrow's reading of ``data[start:]`` as ``width`` text columns, each chunk dictionary
    encoded (no cell made missing, nothing converted; it raises on a row of another length and
    on a cell that is not UTF-8). ``quoted_breaks``: a quoted field may span lines (pyarrow then
    cannot cut the file into blocks at any line feed: slower)."""
    names = [f"c{i}" for i in range(width)]
    return pa_csv.read_csv(
        pa.py_buffer(memoryview(data)[start:]),
        read_options=pa_csv.ReadOptions(column_names=names, use_threads=True,
                                        block_size=_READ_BLOCK, encoding="utf8"),
        parse_options=pa_csv.ParseOptions(delimiter=sep, quote_char='"', double_quote=True,
                                          escape_char=False, newlines_in_values=quoted_breaks,
                                          ignore_empty_lines=False),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.dictionary(pa.int32(), pa.string()) for name in names},
            null_values=[], true_values=[], false_values=[], strings_can_be_null=False,
            quoted_strings_can_be_null=False, check_utf8=True, auto_dict_encode=False),
        memory_pool=pool)
