"""Review h112 of the speed commit 47f172f: the quote scan in two halves (csv_columns), the
respondent ids' numbers read digit by digit (row_order.prefixed_numbers) and ``ndarray.take``
in place of fancy indexing.

No case here failed on 47f172f: these tests pin the risky behaviours the review attacked (the
middle of the body falling on every byte of a hostile case, two bad quotes whose parities cancel
out, a real body over ``_SPLIT_SCAN``), so that a later change of the split is caught.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.inputs import csv_columns, reading
from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export
from wlzmonitor.inputs.row_order import _CODE_PREFIX, prefixed_numbers

import pyarrow  # noqa: F401 - pinned: without it the columnar reading is never compared

_FACTORS = csv_columns.FACTORS
_HEADER = b"id,q\n"


def _outcome(path):
    try:
        return read_export(path)
    except ExportError as err:
        return ("error", str(err), [(f.row, f.column, f.issue, f.expected) for f in err.findings])


def _both(path, monkeypatch):
    fast = _outcome(path)
    with monkeypatch.context() as m:
        m.setattr(reading, "body_columns", lambda *args, **kwargs: None)
        strict = _outcome(path)
    return fast, strict


def _same(fast, strict) -> None:
    if isinstance(fast, tuple) or isinstance(strict, tuple):
        assert fast == strict
        return
    pd.testing.assert_frame_equal(fast, strict, check_exact=True)
    assert {k: v for k, v in fast.attrs.items() if k != _FACTORS} == strict.attrs


def _with_middle_at(case: bytes, offset: int, extra: int) -> bytes:
    """A file whose body (below ``_HEADER``) has its middle byte — where the second half of the
    two-half scan starts — at ``case[offset]`` (a row before and a row after the case)."""
    lead = b"0," + b"x" * (len(case) + 1) + b"\n"          # len(case) + 4 bytes
    tail_len = 2 * offset + len(case) + 4 - len(case) + extra  # (lead + case + tail) // 2 = lead + offset
    tail = b"9," + b"y" * (tail_len - 3) + b"\n"
    body = lead + case + tail
    assert (len(body) // 2) - len(lead) == offset
    return _HEADER + body


#: hostile cases around the middle: each must read as the strict reader reads it (frame, attrs,
#: findings, message) wherever the middle falls
_MIDDLE_CASES = {
    "stray quote": b'1,a"b\n',
    "quoted field with line breaks": b'1,"a\nb\r\nc"\n',
    "doubled quote": b'1,"a""b"\n',
    "field of doubled quotes": b'1,""""\n',
    "crlf": b'1,a\r\n2,b\r\n',
    "two stray quotes (parity cancels)": b'1,a"b\n2,c"d\n',
    "open quote, stray close": b'1,"ab\n2,cd"x\n',
    "multi-byte utf-8": b'1,\xc3\xa9\xe2\x82\xac\n',
    "quote after a multi-byte character": b'1,\xc3\xa9"\n',
    "a bom inside": b'1,\xef\xbb\xbfa\n',
    "lone cr": b'1,a\rb\n',
    "short row": b'1\n',
}


#: the cases the columnar reading must take (so that it, not only the strict reader, is compared)
_COLUMNAR = {"quoted field with line breaks", "doubled quote", "field of doubled quotes", "crlf",
             "multi-byte utf-8", "a bom inside"}


@pytest.mark.parametrize("name", list(_MIDDLE_CASES))
def test_the_middle_on_every_byte_of_a_hostile_case_reads_as_the_strict_reader(name, tmp_path, monkeypatch):
    monkeypatch.setattr(csv_columns, "_SPLIT_SCAN", 0)  # every body scanned in two halves
    case = _MIDDLE_CASES[name]
    for offset in range(len(case) + 1):
        for extra in (0, 1):
            path = tmp_path / f"m{offset}_{extra}.csv"
            path.write_bytes(_with_middle_at(case, offset, extra))
            fast, strict = _both(path, monkeypatch)
            _same(fast, strict)
            if name in _COLUMNAR:
                assert _FACTORS in fast.attrs, (name, offset, extra)


def test_two_bad_quotes_one_in_each_half_are_refused_though_their_parities_cancel(tmp_path, monkeypatch):
    """An even number of quotes in all, an odd number in each half: each half checks its own
    quotes with the parity of the quotes before it, so both stray quotes are still found."""
    body = b'1,a"b\n' + b'2,c\n' * 10 + b'3,d"e\n'
    middle = len(body) // 2
    assert body.count(b'"', 0, middle) == 1 and body.count(b'"', middle) == 1
    for split in (0, 1 << 40):
        monkeypatch.setattr(csv_columns, "_SPLIT_SCAN", split)
        assert csv_columns._plain_quotes(body, 0, ",") is None
        path = tmp_path / f"p{split}.csv"
        path.write_bytes(_HEADER + body)
        fast, strict = _both(path, monkeypatch)
        assert isinstance(strict, tuple) or _FACTORS not in fast.attrs  # the strict reader read it
        _same(fast, strict)


def test_an_open_quote_closed_by_a_stray_one_in_the_other_half_is_refused(monkeypatch):
    """``"ab`` opening a field that a quote inside a value of the second half would close: the
    closing quote is followed by a letter, so the second half refuses it."""
    body = b'1,"ab\n' + b'2,c\n' * 10 + b'3,d"e\n'
    monkeypatch.setattr(csv_columns, "_SPLIT_SCAN", 0)
    assert csv_columns._plain_quotes(body, 0, ",") is None


def test_a_real_body_over_the_split_size_with_two_stray_quotes_is_refused():
    """Not monkeypatched: a 17 MiB body, one stray quote in each half (the total even), and the
    same body with a quoted line break exactly at its middle byte."""
    row = b'1,"a, b",c\n'
    rows = (csv_columns._SPLIT_SCAN + len(row)) // len(row) // 2
    half = row * rows
    stray = half + b'2,x"y,z\n' + half + b'3,u"v,w\n'
    assert len(stray) >= csv_columns._SPLIT_SCAN and stray.count(b'"') % 2 == 0
    assert csv_columns._plain_quotes(stray, 0, ",") is None
    fine = half + b'2,"x\ny",z\n' + half
    assert len(fine) >= csv_columns._SPLIT_SCAN
    middle = len(fine) // 2
    assert fine.count(b'"', 0, middle) % 2 == 1  # the middle is inside the quoted field
    assert csv_columns._plain_quotes(fine, 0, ",") == (1, fine.count(b"\n"))


@pytest.mark.parametrize("body", [b'"', b'""', b'"""', b'""""', b'"' * 7 + b"\n", b'"' * 8 + b"\n"])
def test_a_body_of_quotes_only_scans_the_same_in_halves(body, monkeypatch):
    monkeypatch.setattr(csv_columns, "_SPLIT_SCAN", 1 << 40)
    one = csv_columns._plain_quotes(body, 0, ",")
    monkeypatch.setattr(csv_columns, "_SPLIT_SCAN", 0)
    for block in (1, 2, 1 << 20):
        monkeypatch.setattr(csv_columns, "_SCAN_BLOCK", block)
        assert csv_columns._plain_quotes(body, 0, ",") == one


def test_a_last_row_without_a_line_end_reads_the_same_with_the_middle_anywhere(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_columns, "_SPLIT_SCAN", 0)
    for tail in (b'5,"a\nb"', b'5,a', b'5,"a"'):
        for lead in range(6):
            path = tmp_path / f"t{lead}_{len(tail)}.csv"
            path.write_bytes(_HEADER + b'0,0\n' * lead + tail)
            fast, strict = _both(path, monkeypatch)
            _same(fast, strict)


# --------------------------------------------------------------------------------------------
# row_order.prefixed_numbers against its docstring's definition


def _defined(values, prefix: re.Pattern):
    lead = prefix.match(values[0])
    p = values[0][:lead.end() if lead else 0]
    out = []
    for v in values:
        m = re.fullmatch("(" + re.escape(p) + ")([0-9]{1,18})", v)
        if m is None:
            return None
        out.append(int(m.group(2)))
    return out


@pytest.mark.parametrize("values", [
    ["R" + "9" * 18, "R" + "0" * 17 + "1", "R1"],       # 18 digits, leading zeros, mixed lengths
    ["9" * 18, "1"], ["R" + "1" * 19],                  # 19 digits: another shape
    ["R0001", "R01", "R1"], ["R1", "R1\x00"], ["R1", "R\x001"], ["R1\x002"],
    ["R\u0663"], ["R1", "R\u0663"], ["R\uff11"],       # Arabic-Indic, full-width digits: no ASCII digits
    ["R1", "S1"], ["R1", "R"], ["", "1"], ["_a_7", "_a_08"],
])
def test_prefixed_numbers_is_its_docstring_s_definition(values):
    got = prefixed_numbers(values, _CODE_PREFIX)
    assert (None if got is None else got.tolist()) == _defined(values, _CODE_PREFIX)


# --------------------------------------------------------------------------------------------
# take in place of fancy indexing


def test_take_reads_a_missing_code_as_fancy_indexing_did():
    """The code -1 (pd.factorize of a missing cell) takes the last value with ``take`` as with
    ``arr[codes]``: _option_reading appends a sentinel for it, which both reach."""
    arr = np.array([False, True, False, True])
    for codes in (np.array([-1, 0, 1], dtype=np.int8), np.array([3, -1], dtype=np.intp),
                  np.zeros(0, dtype=np.int16)):
        assert arr.take(codes).tolist() == arr[codes].tolist()


# --------------------------------------------------------------------------------------------
# generated bodies, every one scanned in two halves


def _generated_body(rng) -> bytes:
    """Rows of two fields, quoted ones holding quotes, delimiters and line breaks, some with a
    quote, a line feed or a delimiter dropped in anywhere (a careless tool's)."""
    inner = [b"a", b'"', b",", b"\n", b"\r\n", b" ", b"\xc3\xa9", b"1"]

    def field() -> bytes:
        if rng.random() < 0.4:
            text = b"".join(rng.choice(inner) for _ in range(rng.randint(0, 4)))
            return b'"' + text.replace(b'"', b'""') + b'"'
        return b"".join(rng.choice([b"a", b"1", b" ", b""]) for _ in range(rng.randint(0, 3)))
    body = b"\n".join(b",".join((field(), field())) for _ in range(rng.randint(1, 5)))
    body += b"\n" if rng.random() < 0.8 else b""
    for _ in range(rng.choice([0, 0, 1, 2])):
        at = rng.randrange(len(body) + 1)
        body = body[:at] + rng.choice([b'"', b'""', b"\n", b",", b'"\n"']) + body[at:]
    return body


def test_generated_bodies_scanned_in_halves_read_as_the_strict_reader(tmp_path, monkeypatch):
    import random
    monkeypatch.setattr(csv_columns, "_SPLIT_SCAN", 0)
    rng = random.Random(112)
    taken = 0
    for i in range(400):
        body = _generated_body(rng)
        path = tmp_path / f"g{i}.csv"
        path.write_bytes(_HEADER + body)
        fast, strict = _both(path, monkeypatch)
        try:
            _same(fast, strict)
        except AssertionError as err:
            raise AssertionError(f"body {body!r}") from err
        taken += not isinstance(fast, tuple) and _FACTORS in fast.attrs
    assert taken > 100, taken
