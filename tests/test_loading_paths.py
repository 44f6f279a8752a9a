"""The loader's fast paths give exactly what the plain ones give (exact values)."""

from __future__ import annotations

import io

import pytest

from wlzmonitor.inputs import reading


@pytest.mark.parametrize("text", [
    "a,b\r\n1,2\r\n", "a,b\n1,2", "a,b\r1,2\r\r\n3,4\n\n", '"x\ny",b\r\n"1\r2",3\n', "",
    "\n\n\r", "a\x0bb,c\n1\x0c2,3\n", "a,b\x1c\n\x1d1\x1e,\x85\u2028\u2029\n",
])
def test_csv_lines_are_the_lines_a_text_stream_gives(text):
    assert list(reading._csv_lines(text)) == list(io.StringIO(text, newline=""))


def test_csv_lines_is_a_list_unless_other_line_breaks_are_in_the_text():
    assert reading._csv_lines("a,b\r\n1,2\r3\n") == ["a,b\r\n", "1,2\r", "3\n"]
    assert isinstance(reading._csv_lines("a\x0cb\n"), io.StringIO)


@pytest.mark.parametrize("text", ['a,b\n1,2\n"3\n4",5\n', 'a;b\r\n1;"x"y\r\n', 'a\x0cb,c\n1,2\n'])
def test_csv_records_match_a_text_stream(text):
    sep = ";" if ";" in text else ","
    fast_problems = reading._Problems("f.csv")
    slow_problems = reading._Problems("f.csv")
    fast = reading._csv_records(text, sep, fast_problems, 1)
    slow = reading._csv_records_of(io.StringIO(text, newline=""), sep, slow_problems, 1)
    assert (fast.fields, fast.ends) == (slow.fields, slow.ends)
    assert fast_problems.findings == slow_problems.findings
    assert bool(fast_problems.findings) == ("x\"y" in text)


HOSTILE = ["", " ", "1", " 1 ", "1", "\t2\n", "=SUM(A1)", "x" * 10_001, "  x" * 3, "\u00a0",
           "tekst met spaties  ", "1", "", "é ", "a\u3000", "\r\n"]


def test_raw_and_stripped_factors_give_the_cells_per_distinct_value():
    import numpy as np
    import pandas as pd

    from wlzmonitor.inputs import validation

    s = pd.Series(HOSTILE, dtype=object)
    codes, cells = validation._raw_factors(s)
    assert codes.dtype == np.int8
    assert list(cells[codes]) == HOSTILE
    scodes, texts = validation._stripped_factors((codes, cells))
    assert list(texts[scodes]) == [v.strip() for v in HOSTILE]
    assert len(set(texts)) == len(texts)
    assert validation._raw_factors(pd.Series(["1", None], dtype=object)) is None
    assert validation._raw_factors(pd.Series([1, 2])) is None


def test_text_array_is_the_cells_as_string_with_blank_as_missing():
    import pandas as pd

    from wlzmonitor.inputs import validation

    s = pd.Series(HOSTILE, dtype=object)
    want = s.where(s.map(str.strip).ne(""), pd.NA).astype("string")
    got = pd.Series(validation._text_array(validation._raw_factors(s)))
    pd.testing.assert_series_equal(got, want, check_dtype=True)
    assert got[7] == "x" * 10_001 and got[0] is pd.NA and got[3] == " 1 "


def test_small_codes():
    import numpy as np

    from wlzmonitor.inputs import validation

    codes = np.array([0, 5, 3], dtype=np.intp)
    assert validation._small_codes(codes, 128).dtype == np.int16
    assert validation._small_codes(codes, 127).dtype == np.int8
    assert validation._small_codes(codes, 2**15).dtype == np.int32
    assert list(validation._small_codes(codes, 6)) == [0, 5, 3]


def test_derived_map_per_distinct_value_equals_the_cell_by_cell_map():
    import numpy as np
    import pandas as pd

    from wlzmonitor.spec import codebook

    src = pd.Series([1.0, np.nan, 3.0, 1.0, 2.0, np.nan], index=[5, 3, 1, 0, 2, 4], name="q")
    mapping = {1: 10, 2: 20, 3: None}
    want = src.map(lambda v: mapping.get(v) if pd.notna(v) else pd.NA).astype("Int64")
    got = codebook._mapped(src, mapping)
    pd.testing.assert_series_equal(got, want, check_dtype=True)
    assert got.tolist() == [10, pd.NA, pd.NA, 10, 20, pd.NA]
    empty = pd.Series([], dtype=float)
    pd.testing.assert_series_equal(codebook._mapped(empty, mapping), empty.astype("Int64"))
