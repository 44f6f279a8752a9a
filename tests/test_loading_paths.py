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


@pytest.mark.parametrize("other", reading._OTHER_LINE_BREAKS)
def test_csv_lines_sees_every_other_line_break_wherever_it_is(other):
    for text in (f"a{other}b\n", f"{other}\n", f"a,b\r\n{other}", f"a{other}", f"{other}",
                 f"a\r{other}\n", f"a{other}\r\nb", f"a{other}{other}", f'"x{other}y",1\n2,3\n'):
        lines = reading._csv_lines(text)
        assert list(lines) == list(io.StringIO(text, newline="")), repr(text)
        if isinstance(lines, list):  # only where the split is the stream's: at the very end
            assert text.endswith(other) and other not in text[:-1], repr(text)


def test_csv_lines_and_the_line_count_match_a_text_stream_on_random_text():
    import random

    rng = random.Random(16)
    alphabet = ["a", ",", '"', "\r", "\n", "\r\n", "\u00e9", "\u20ac", *reading._OTHER_LINE_BREAKS]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        lines = reading._csv_lines(text)
        stream = list(io.StringIO(text, newline=""))
        assert list(lines) == stream, repr(text)
        if isinstance(lines, list):  # the reader's line count is then the list's length
            assert len(lines) == reading._physical_lines(text) == len(stream), repr(text)


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

    from wlzmonitor.inputs.csv_columns import small_codes

    codes = np.array([0, 5, 3], dtype=np.intp)
    assert small_codes(codes, 128).dtype == np.int16
    assert small_codes(codes, 127).dtype == np.int8
    assert small_codes(codes, 2**15).dtype == np.int32
    assert list(small_codes(codes, 6)) == [0, 5, 3]


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


@pytest.mark.parametrize("text", ["id,a\r\n1,x\r\n2,y\r\n", "id,a\n1,x\n2,y", "id,a\r1,x\r2,y\r",
                                  "id,a\n1,\"x\ny\"\n2,y\n", "id,a\n1,x\x0cz\n2,y\n"])
def test_a_row_the_csv_reader_leaves_out_is_an_error_naming_the_lines(tmp_path, monkeypatch, text):
    """The line count (the split's, or a count for a stream) is independent of the CSV reader: a
    reader that stops a row early is caught, with the file's and the last row's line numbers."""
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    assert len(reading.read_export(path)) == 2
    real = reading._csv_records_of

    def loses_the_last_row(lines, sep, problems, first_line):
        records = real(lines, sep, problems, first_line)
        return reading._Records(records.fields[:-1], records.ends[:-1], first_line)

    monkeypatch.setattr(reading, "_csv_records_of", loses_the_last_row)
    # the strict reader's own check (the columnar reading counts its rows against the lines too:
    # tests/test_csv_columns.py)
    monkeypatch.setattr(reading, "body_columns", lambda *args: None)
    lines = reading._physical_lines(text)
    with pytest.raises(reading.ExportError, match=rf"export.csv: the file has {lines} lines, but "
                       rf"its last row ends on line {lines - 1}: rows may have been lost"):
        reading.read_export(path)
