"""The column-by-column CSV reading (inputs/csv_columns.py) gives what the strict reader gives.

Every comparison reads the same file twice: as ``read_export`` reads it (the columnar reading
where it applies) and with the columnar reading switched off (the strict ``csv`` reader for the
whole file), and asks for the same frame, the same attrs and the same error message. The corpus:
every hostile CSV export of tests/test_hostile_exports.py, thousands of generated files with
stray quotes, quoted line breaks, blank lines, short and long rows, other encodings and line
ends, and the demo exports.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.demo.generator import demo_export_path
from wlzmonitor.inputs import csv_columns, reading
from wlzmonitor.inputs.csv_columns import FACTORS, body_columns, factors_of
from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import codebook_for_year

import pyarrow  # noqa: E402,F401 - a pinned requirement: without it this file fails (never skips) and every
#                                  export would be read by the strict reader alone


def _quoted_breaks(body: bytes) -> int | None:
    """The scan's line feeds inside quotes (None: declined), its count of all checked on the way."""
    scanned = csv_columns._plain_quotes(body, 0, ",")
    assert scanned is None or scanned[1] == body.count(b"\n")
    return None if scanned is None else scanned[0]


def _strict(monkeypatch):
    monkeypatch.setattr(reading, "body_columns", lambda *args, **kwargs: None)


@dataclass(frozen=True)
class _Failed:
    message: str
    findings: list


def _outcome(read):
    try:
        return read()
    except ExportError as err:
        return _Failed(str(err), [(f.row, f.column, f.issue, f.expected) for f in err.findings])


def _same(fast, strict) -> None:
    if isinstance(strict, _Failed) or isinstance(fast, _Failed):
        assert type(fast) is type(strict), (fast, strict)
        assert fast == strict
        return
    pd.testing.assert_frame_equal(fast, strict, check_exact=True)
    assert {k: v for k, v in fast.attrs.items() if k != FACTORS} == strict.attrs


def _both(path: Path, monkeypatch, **kwargs):
    fast = _outcome(lambda: read_export(path, **kwargs))
    with monkeypatch.context() as m:
        _strict(m)
        strict = _outcome(lambda: read_export(path, **kwargs))
    return fast, strict


def _took_columns(path: Path, **kwargs) -> bool:
    frame = read_export(path, **kwargs)
    return FACTORS in frame.attrs


# --------------------------------------------------------------------------------------------
# the scan that decides


@pytest.mark.parametrize("body, breaks", [
    (b'1,2\n3,4\n', 0),
    (b'"1","2"\r\n"3","4"\r\n', 0),
    (b'1,"a ""quoted"" word"\n', 0),
    (b'1,""\n2,""""\n', 0),                      # an empty quoted field; one holding a quote
    (b'1,"a, b"\n', 0),                           # a delimiter inside quotes
    (b'1,"a\nb"\n', 1),                           # a line break inside quotes: one record
    (b'1,"a\r\nb\nc"\n2,"x"\n', 2),
    (b'1,a"b\n', None),                           # a quote inside an unquoted field
    (b'1,"a"b\n', None),                          # text after a closing quote
    (b'1, "a"\n', None),                          # a space before an opening quote
    (b'1,"a" \n', None),                          # a space after a closing quote
    (b'1,"a\n', None),                            # never closed
    (b'1,"a"""\n', 0),
    (b'1,"a""\n', None),
    (b'1,"2"', 0),                                 # no line end at the end
])
def test_the_scan_accepts_quotes_only_around_whole_fields(body, breaks):
    assert _quoted_breaks(body) == breaks


def test_a_carriage_return_alone_is_left_to_the_strict_reader():
    assert csv_columns._lone_carriage_return(b'1,2\r3,4\n', 0)
    assert not csv_columns._lone_carriage_return(b'1,2\r\n3,4\r\n', 0)
    assert body_columns(b'h1,h2\n1,2\r3,4\n', 6, ",", 2) is None


def test_the_scan_carries_the_quotes_across_its_blocks(monkeypatch):
    body = b'1,"a,b"\n' * 50 + b'2,"x\ny"\n' + b'3,"c"\n' * 50
    for block in (1, 2, 3, 7, 64, 1 << 20):
        monkeypatch.setattr(csv_columns, "_SCAN_BLOCK", block)
        assert _quoted_breaks(body) == 1
        assert _quoted_breaks(body.replace(b"x\ny", b"xy")) == 0
        assert _quoted_breaks(body.replace(b'"x\ny"', b'"x\ny')) is None


_SCAN_CASES = [
    (b'1,2\n3,4\n', 0), (b'1,"a ""quoted"" word"\n', 0), (b'1,"a\nb"\n', 1), (b'1,"a\r\nb\nc"\n2,"x"\n', 2),
    (b'1,a"b\n', None), (b'1,"a"b\n', None), (b'1, "a"\n', None), (b'1,"a\n', None), (b'1,"a""\n', None),
    (b'1,"a"""\n', 0), (b'1,"2"', 0), (b'1,"x\n\n\ny"\n2,"a"\n', 3), (b'1,"x"\n2,"y"z\n', None),
]


@pytest.mark.parametrize("body, breaks", _SCAN_CASES)
def test_a_large_body_scanned_in_two_halves_gives_what_one_scan_gives(body, breaks, monkeypatch):
    """The halves are scanned at once (_SPLIT_SCAN; forced here for small bodies): the second half
    carries the parity of the first half's quotes, wherever the middle falls (inside a quoted
    field, on a quote, on a line break), and a quote left open in either half is found."""
    for lead in range(8):  # rows before the case: the middle falls on each of its bytes in turn
        for tail in range(8):
            whole = b'0,0\n' * lead + body + (b'\n' if not body.endswith(b'\n') else b'') + b'9,"z"\n' * tail
            monkeypatch.setattr(csv_columns, "_SPLIT_SCAN", 1 << 40)
            one = _quoted_breaks(whole)
            monkeypatch.setattr(csv_columns, "_SPLIT_SCAN", 0)
            for block in (1, 3, 1 << 20):
                monkeypatch.setattr(csv_columns, "_SCAN_BLOCK", block)
                assert _quoted_breaks(whole) == one
            assert one == breaks


def test_a_large_export_s_quotes_are_scanned_in_two_halves(monkeypatch):
    """A body over _SPLIT_SCAN bytes (17 MiB) with a quoted line break around its middle and a stray
    quote near its end: the two halves find both."""
    row = b'1,"a, b",c\n'
    rows = (csv_columns._SPLIT_SCAN + len(row)) // len(row)
    body = row * (rows // 2) + b'2,"x\ny",z\n' + row * (rows // 2)
    assert len(body) > csv_columns._SPLIT_SCAN
    assert _quoted_breaks(body) == 1
    assert _quoted_breaks(body + b'3,a"b,c\n') is None
    assert _quoted_breaks(body + b'3,"open,c\n') is None
    scans = []
    original = csv_columns._quote_scan
    monkeypatch.setattr(csv_columns, "_quote_scan", lambda *args: scans.append(args[2:5]) or original(*args))
    assert _quoted_breaks(body) == 1
    assert sorted(scan[0] for scan in scans) == [0, len(body) // 2]


def test_a_quoted_line_break_reads_as_one_cell_and_a_swallowed_row_is_left_to_the_strict_reader():
    cols = body_columns(b'h1,h2\n1,"a\r\nb"\n2,c\n', 6, ",", 2)
    assert cols is not None and cols[1][1].tolist() == ["a\r\nb", "c"]
    # a field spanning lines with a whole row's delimiters: the strict reader's stray-quote error
    assert body_columns(b'h1,h2,h3\n1,"a\n2,b,c",x\n', 9, ",", 3) is None


def test_body_columns_gives_the_factors_pandas_gives():
    body = b'h1,h2\n' + b"".join(f'{i % 7},"t{i % 5}"\n'.encode() for i in range(1000))
    cols = body_columns(body, 6, ",", 2)
    assert cols is not None
    for j, (codes, cells) in enumerate(cols):
        column = [line.split(",")[j].strip('"') for line in body.decode().splitlines()[1:]]
        want_codes, want_cells = pd.factorize(np.array(column, dtype=object))
        assert codes.tolist() == want_codes.tolist() and cells.tolist() == want_cells.tolist()


@pytest.mark.parametrize("body", [
    b'h1,h2\n1,2\n3\n',            # a short row
    b'h1,h2\n1,2\n3,4,5\n',        # a long row
    b'h1,h2\n1,2\n  \n3,4\n',      # a line of spaces (one field)
    b'h1,h2\n1,\xff\n',            # not UTF-8
    b'h1,h2\n1,\xed\xa0\x80\n',    # an encoded surrogate (not UTF-8 to Python)
    b'h1,h2\n1,a\x00b\n',          # a NUL
    b'h1,h2\n\xef\xbb\xbf,2\n',     # U+FEFF first: pyarrow would drop it as a byte-order mark
])
def test_body_columns_declines_what_the_strict_reader_must_read(body):
    assert body_columns(body, 6, ",", 2) is None


def test_a_row_pyarrow_leaves_out_sends_the_file_to_the_strict_reader(monkeypatch):
    real = csv_columns._arrow_table

    def loses_the_last_row(*args):
        table = real(*args)
        return table.slice(0, table.num_rows - 1)

    body = b"h1,h2\n1,2\n3,4\n"
    assert body_columns(body, 6, ",", 2) is not None
    monkeypatch.setattr(csv_columns, "_arrow_table", loses_the_last_row)
    assert body_columns(body, 6, ",", 2) is None


def test_an_empty_line_is_a_row_of_empty_cells_as_the_strict_reader_makes_it():
    assert body_columns(b'h1,h2\n1,2\n\n3,4\n', 6, ",", 2)[1][1].tolist() == ["2", "", "4"]


def test_validation_of_a_frame_changed_after_reading_is_the_strict_reader_s(monkeypatch):
    """(Review finding.) A cell set to pd.NA after reading made the check of the reader's factors
    raise instead of factorizing the column anew."""
    from wlzmonitor.inputs.validation import validate_and_parse
    codebook = codebook_for_year(2026)

    def run():
        frame = read_export(demo_export_path(2026))
        frame.loc[3, "tariefpercentage__tekst"] = pd.NA
        frame.loc[5, codebook.id_column] = pd.NA
        try:
            rows, log, _ = validate_and_parse(frame, codebook, "demo.csv")
            return rows, [f.__dict__ for f in log]
        except ExportError as err:
            return str(err), [f.__dict__ for f in err.findings]
    fast = run()
    with monkeypatch.context() as m:
        _strict(m)
        strict = run()
    if isinstance(strict[0], str):
        assert fast == strict
    else:
        pd.testing.assert_frame_equal(fast[0], strict[0], check_exact=True)
        assert fast[1] == strict[1]


def test_without_pyarrow_the_strict_reader_reads_everything(tmp_path, monkeypatch):
    p = tmp_path / "e.csv"
    p.write_bytes(b"a,b\n1,2\n")
    monkeypatch.setattr(csv_columns, "_arrow", lambda: None)
    frame = read_export(p)
    assert FACTORS not in frame.attrs and frame["b"].tolist() == ["2"]


# --------------------------------------------------------------------------------------------
# the factors handed to validation


def test_factors_are_used_only_while_the_column_holds_what_was_read(tmp_path):
    p = tmp_path / "e.csv"
    p.write_bytes(b"a,b\n1,x\n2,y\n1,x\n")
    frame = read_export(p)
    codes, cells = factors_of(frame["b"])
    assert codes.tolist() == [0, 1, 0] and cells.tolist() == ["x", "y"]
    assert not codes.flags.writeable
    changed = frame.copy()
    changed.loc[1, "b"] = "x"                      # written into after reading
    assert factors_of(changed["b"]) is None
    assert factors_of(frame.rename(columns={"b": "c"})["c"]) is None   # another name
    assert factors_of(frame.iloc[:2]["b"]) is None                     # fewer rows
    assert factors_of(frame["a"].astype("string")) is None             # another type
    missing = frame.copy()
    missing.loc[0, "b"] = pd.NA                                        # a cell no text compares to
    assert factors_of(missing["b"]) is None
    missing.loc[0, "b"] = None
    assert factors_of(missing["b"]) is None
    assert factors_of(frame.copy()["b"]) is not None                   # a copy holds the same cells
    reordered = frame.iloc[[1, 0, 2]].reset_index(drop=True)           # the same cells, another order
    assert factors_of(reordered["b"]) is None


def test_factors_are_checked_by_reference_and_else_by_value(tmp_path):
    p = tmp_path / "e.csv"
    p.write_bytes(b"a,b\n1,first\n2,second\n3,first\n")
    frame = read_export(p)
    codes, cells = factors_of(frame["b"])
    assert csv_columns._the_very_cells(frame["b"].to_numpy(dtype=object), cells, codes)
    rebuilt = frame.copy()
    rebuilt["b"] = ["".join(list(v)) for v in frame["b"]]              # equal texts, other objects
    assert rebuilt["b"].iat[0] is not frame["b"].iat[0]
    assert not csv_columns._the_very_cells(rebuilt["b"].to_numpy(dtype=object), cells, codes)
    assert factors_of(rebuilt["b"]) is not None                        # the same texts: still its factors
    rebuilt.loc[2, "b"] = "second"                                     # now another text
    assert factors_of(rebuilt["b"]) is None


# --------------------------------------------------------------------------------------------
# the same frame, the same errors


def _hostile_csv_cases():
    import test_hostile_exports as hostile
    return hostile.CASES


@pytest.mark.parametrize("name", list(_hostile_csv_cases()))
def test_every_hostile_export_reads_the_same_both_ways(name, tmp_path, monkeypatch):
    path, codebook, kwargs = _hostile_csv_cases()[name].build(tmp_path)
    if path.suffix.lower() not in (".csv", ".tsv"):
        pytest.skip("not a CSV export")
    for header_rows in (1, 2, 3):
        fast, strict = _both(path, monkeypatch, header_rows=header_rows)
        _same(fast, strict)

    def load():
        s = load_survey(path, codebook, **kwargs)
        return s.responses, [(f.row, f.column, f.issue, f.severity) for f in s.log]
    fast = _outcome(load)
    with monkeypatch.context() as m:
        _strict(m)
        strict = _outcome(load)
    if isinstance(strict, _Failed) or isinstance(fast, _Failed):
        assert fast == strict
    else:
        pd.testing.assert_frame_equal(fast[0], strict[0], check_exact=True)
        assert fast[1] == strict[1]


_PIECES = ["a", "b", "1", "10", " ", "é", "€", '"', '""', ",", ";", "\t", "\n", "\r", "\r\n",
           "\x0b", "\u2028", "\x85", "\ufeff", "\x00", "x" * 40]


#: what a careful tool never writes (a line break inside quotes it does: "\r\n" and "\n")
_CARELESS_ONLY = {"\r", "\x00"}


def _field(rng: random.Random, careful: bool) -> str:
    pieces = [p for p in _PIECES if not careful or p not in _CARELESS_ONLY]
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
    style = rng.random()
    if style < 0.5:  # quoted as a writer quotes it
        return '"' + text.replace('"', '""') + '"'
    if style < 0.9 or careful:  # plain characters only
        return "".join(c for c in text if c not in '",;\t\r\n') or rng.choice(["", "3"])
    return text      # anything, as a careless tool writes it


def _generated_file(rng: random.Random) -> bytes:
    """A small CSV file: half of them as a careful tool writes one (the columnar reading's
    case), the others with whatever a careless one writes."""
    careful = rng.random() < 0.5
    sep = rng.choice([",", ",", ";", "\t"])
    width = rng.randint(2 if careful else 1, 5)
    end = rng.choice(["\n", "\r\n"])
    header = sep.join(rng.choice(["id", "q1", "q2", '"q 3"', "q4", ""]) if rng.random() < 0.1 else f"c{i}"
                      for i in range(width))
    lines = [header]
    for _ in range(rng.randint(0, 8)):
        odd = not careful and rng.random() < 0.05
        cells = [_field(rng, careful) for _ in range(width + (rng.choice([-1, 1]) if odd else 0))]
        lines.append(sep.join(cells) if careful or rng.random() > 0.03 else "")
    text = end.join(lines) + (end if rng.random() < 0.8 else "")
    encoding = rng.choice(["utf-8"] * 8 + ["utf-8-sig", "cp1252", "utf-16"])
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def test_thousands_of_generated_files_read_the_same_both_ways(tmp_path, monkeypatch):
    rng = random.Random(20261204)
    taken = 0
    for i in range(1500):
        data = _generated_file(rng)
        path = tmp_path / f"g{i}.{'tsv' if i % 10 == 0 else 'csv'}"
        path.write_bytes(data)
        fast, strict = _both(path, monkeypatch)
        try:
            _same(fast, strict)
        except AssertionError as err:
            raise AssertionError(f"file {i}: {data!r}") from err
        taken += not isinstance(fast, _Failed) and FACTORS in fast.attrs
    assert taken > 300, taken  # the columnar reading was really compared, on many files


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_demo_exports_are_read_column_by_column_and_load_the_same(year, monkeypatch):
    path = demo_export_path(year)
    assert _took_columns(path)
    codebook = codebook_for_year(year)
    fast = load_survey(path, codebook)
    with monkeypatch.context() as m:
        _strict(m)
        strict = load_survey(path, codebook)
    pd.testing.assert_frame_equal(fast.responses, strict.responses, check_exact=True)
    assert [f.__dict__ for f in fast.log] == [f.__dict__ for f in strict.log]
    assert fast.rows_read == strict.rows_read


def test_codes_are_put_in_order_of_first_appearance_as_pandas_factorize_gives_them():
    """_first_appearance: a few distinct cells are checked by where each first appears, many by the
    running maximum; either way the codes and cells are those pandas.factorize gives, in the
    smallest integer type."""
    rng = np.random.default_rng(16)
    for n in [1, 2, 3, 5, csv_columns._FEW_CELLS, csv_columns._FEW_CELLS + 1, 40, 300]:
        cells = np.array([f"v{i}" for i in range(n)], dtype=object)
        for _ in range(200):
            codes = rng.integers(0, n, int(rng.integers(1, 3 * n + 5))).astype(np.int32)
            if rng.random() < 0.3:  # already in order of first appearance (pyarrow's case)
                codes = pd.factorize(codes)[0].astype(np.int32)
            got_codes, got_cells = csv_columns._first_appearance(codes, cells)
            want_codes, first = pd.factorize(cells[codes])
            assert got_codes.tolist() == want_codes.tolist() and got_cells.tolist() == first.tolist()
            assert got_codes.dtype == csv_columns.small_codes(want_codes, len(first)).dtype
            assert not got_codes.flags.writeable
