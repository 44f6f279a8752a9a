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
