"""Review h140: a repair made in many rows of a column is one line of the data-quality log per column and kind.

Session 40 (h134) made whole numbers written '1.0' / '02' / '+2' in many rows one ``repaired`` line per column and
form; every other repair of a cell still gave one line per cell ('ca. 12' read as 12, '96,7%' read as 96.7, a
label read as its code, a thousands separator, ',-' for whole euros, an invisible character, a control character
in free text). They now share that mechanism (validation._log_repairs): one line per column and kind, counting and
naming the rows (quality_log.rows_text); a kind made in one row keeps that row's line. The tests of one repaired
cell, of the same export loaded twice and of the demo exports guard what must not change and hold before and after;
every other test failed on the code before this review (checked by running it with lib/ as it was).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.demo.generator import demo_export_path
from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import codebook_for_year

CB = codebook_for_year(2026)
OMZET = {o.code: o.label for q in CB.questions if q.key == "omzet" for o in q.options}
#: the demo export's row 28 (frame row 26) is a copy of row 27: its cells are not read, and so never repaired
DUPLICATE_COPY = 26


def _load(tmp: Path, name: str, change):
    """The 2026 demo export as text cells, ``change``d (a function of the frame), written as CSV and loaded
    without a mapping; the survey and the frame written."""
    frame = pd.read_csv(demo_export_path(2026), dtype=str, keep_default_na=False)
    frame = change(frame)
    path = tmp / name
    frame.to_csv(path, index=False)
    return load_survey(path, CB, mapping=None), frame


def _rows(frame: pd.DataFrame, column: str, test=lambda v: v != "") -> list[int]:
    """The spreadsheet rows (header = 1) of ``column``'s cells that pass ``test``, the duplicate's copy left out."""
    return [i + 2 for i, v in enumerate(frame[column]) if test(v) and i != DUPLICATE_COPY]


def _rows_text(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:10])) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")


def _of(survey, column: str) -> list:
    return [f for f in survey.log.repairs if f.column == column]


def test_fifty_approximate_answers_are_one_line_naming_the_rows(tmp_path):
    """50 answers 'ca. N' (before: 50 lines, one per cell)."""
    def change(frame):
        frame["productieafspraak"] = [f"ca. {20000 + i}" if 30 <= i < 80 else v
                                      for i, v in enumerate(frame["productieafspraak"])]
        return frame
    s, frame = _load(tmp_path, "ca.csv", change)
    (line,) = _of(s, "productieafspraak")
    rows = list(range(32, 82))
    assert (line.row, line.respondent_id, line.question) == (None, None, "Vraag 3 productieafspraak")
    assert line.issue == ("got approximate values ('ca. 20030', 'ca. 20031', 'ca. 20032', …) in 50 rows "
                          "(32, 33, 34, 35, 36, 37, 38, 39, 40, 41 and 40 more)")
    assert line.action == "each read as the number after the word or sign (as 20030 for 'ca. 20030')"
    assert rows == _rows(frame, "productieafspraak", lambda v: v.startswith("ca. "))
    excluded = {37, 52, 55, 81}  # incomplete responses (the demo's)
    assert sorted(v for v in s.responses["productieafspraak"] if v < 100_000) == \
        [20000 + r - 2 for r in rows if r not in excluded]
    assert len(s.log.repairs) == 1 and len(s.log) == 16  # the demo's 15 lines and this one
    assert len(s.responses) == 122  # every respondent still there


def test_approximate_words_of_every_kind_are_one_line(tmp_path):
    """'ca.', 'circa', '±' and 'ongeveer' are one kind of repair: one line listing the first three values."""
    words = ("ca.", "circa", "±", "ongeveer")
    s, frame = _load(tmp_path, "words.csv", lambda f: f.assign(pgb_aantal=[
        f"{words[int(v) % 4]} {v}" if v else v for v in f["pgb_aantal"]]))
    (line,) = _of(s, "pgb_aantal")
    rows = _rows(frame, "pgb_aantal")
    assert line.issue == (f"got approximate values ('circa 1', 'circa 5', '± 6', …) in {len(rows)} rows "
                          f"({_rows_text(rows)})")
    assert line.action == "each read as the number after the word or sign (as 1 for 'circa 1')"
    assert {v.split()[0] for v in frame["pgb_aantal"] if v} == set(words)


def test_a_percent_sign_in_many_rows_is_one_line(tmp_path):
    s, frame = _load(tmp_path, "percent.csv", lambda f: f.assign(tariefpercentage_hoger=[
        v.replace(".", ",") + "%" if v else v for v in f["tariefpercentage_hoger"]]))
    (line,) = _of(s, "tariefpercentage_hoger")
    rows = _rows(frame, "tariefpercentage_hoger")
    assert len(rows) == 37
    assert line.issue == ("got percentages written with a percent sign ('95,8%', '95,9%', '96%', …) in 37 rows "
                          f"({_rows_text(rows)})")
    assert line.action == "each read as the number before the sign (as 95.8 for '95,8%')"
    assert len(s.log.repairs) == 1


def test_labels_instead_of_codes_in_many_rows_are_one_line(tmp_path):
    """A label for its code without a mapping (omzet: 131 lines before), and the label of a yes/no option."""
    def change(frame):
        frame["omzet"] = [OMZET[int(v)] for v in frame["omzet"]]
        frame["zorgkantoren__4"] = ["Zwolle" if v == "1" else v for v in frame["zorgkantoren__4"]]
        return frame
    s, frame = _load(tmp_path, "labels.csv", change)
    omzet, zwolle = s.log.repairs
    rows = _rows(frame, "omzet")
    assert (omzet.column, zwolle.column) == ("omzet", "zorgkantoren__4")
    assert omzet.issue == (f"got codebook labels instead of codes ('{OMZET[1]}', '{OMZET[2]}', '{OMZET[3]}', …) "
                           f"in 131 rows ({_rows_text(rows)})")
    assert omzet.action == f"each read as its label's code (as 1 for '{OMZET[1]}')"
    assert zwolle.issue == "got codebook labels instead of codes ('Zwolle') in 3 rows (2, 43, 109)"
    assert zwolle.action == "each read as its label's code (as 1 for 'Zwolle')"
    plain = load_survey(demo_export_path(2026), CB)
    assert s.responses.equals(plain.responses)


def test_two_kinds_of_repair_in_one_column_are_two_lines(tmp_path):
    """'ca. N' in some rows and 'N,-' (whole euros) in others of one column: a line for each kind, in the order
    their first cells come."""
    def change(frame):
        frame["productieafspraak"] = [v if not v or i >= 60 else (f"ca. {v}" if int(rid[1:]) % 2 else f"{v},-")
                                      for i, (rid, v) in enumerate(zip(frame["respondent_id"],
                                                                       frame["productieafspraak"]))]
        return frame
    s, frame = _load(tmp_path, "mix.csv", change)
    approximate, euros = _of(s, "productieafspraak")  # row 2 (R0001) is 'ca. N'
    odd = _rows(frame, "productieafspraak", lambda v: v.startswith("ca. "))
    even = _rows(frame, "productieafspraak", lambda v: v.endswith(",-"))
    assert (len(odd), len(even), odd[0], even[0]) == (30, 29, 2, 3)
    assert approximate.issue == f"got approximate values (a number of 7 digits, …) in 30 rows ({_rows_text(odd)})"
    assert approximate.action == "each read as the number after the word or sign"  # no example: no amount shown
    assert euros.issue == ("got amounts ending in ',-' for whole euros (a number of 7 digits, a number of 8 digits, "
                           f"…) in 29 rows ({_rows_text(even)})")
    assert euros.action == "each read with the trailing ',-' as ',00'"
    for line in (euros, approximate):  # no amount written in the export is repeated
        assert not any(v in line.message for v in frame["productieafspraak"].str.extract(r"([0-9]{7,})")[0].dropna())
    assert len(s.log.repairs) == 2


@pytest.mark.parametrize("cell, action", [
    ("ca. 1500", "read as 1500 (approximate value: 'ca.' dropped)"),
    ("1.500", "read as 1500 ('.' as thousands separator)"),
])
def test_one_repaired_cell_keeps_its_own_line(tmp_path, cell, action):
    """One cell repaired in a column: its line with its row and respondent id, as before."""
    def change(frame):
        frame.loc[2, "pgb_aantal"] = cell  # (a row asked the question)
        frame["tariefpercentage_hoger"] = [v + "%" if i == 1 and v else v
                                           for i, v in enumerate(frame["tariefpercentage_hoger"])]
        return frame
    s, frame = _load(tmp_path, "one.csv", change)
    percent, pgb = s.log.repairs
    assert (pgb.row, pgb.respondent_id, pgb.column, pgb.issue, pgb.action) == \
        (4, frame.loc[2, "respondent_id"], "pgb_aantal", f"got '{cell}'", action)
    assert (percent.row, percent.issue, percent.action) == \
        (3, f"got '{frame.loc[1, 'tariefpercentage_hoger']}'", "read as 97.5 (percent sign dropped)")


def test_control_characters_in_many_answers_are_one_line_without_the_text(tmp_path):
    """A line tab (U+000B, how some tools write a line break in a cell) in every answer of a free-text column:
    one line naming the rows and the characters, never the text."""
    column = "kwaliteit_dialoog__toelichting"
    s, frame = _load(tmp_path, "controls.csv", lambda f: f.assign(**{column: [
        v.replace(" ", "\x0b", 1) + ("\x1b" if i % 2 else "") if v else v for i, v in enumerate(f[column])]}))
    (line,) = _of(s, column)
    rows = [i + 2 for i, v in enumerate(frame[column]) if v]  # (free text: the duplicate's copy too, as before)
    assert line.issue == f"got control characters in the text (U+000B, U+001B) in {len(rows)} rows ({_rows_text(rows)})"
    assert line.action == "each removed (the rest of the text kept)"
    assert not any(v[:12] in line.message or v[-12:] in line.message for v in frame[column] if v)


def test_long_texts_and_nul_characters_in_many_answers_are_one_line_each(tmp_path):
    """Answers cut to the limit and NUL characters taken out of free text in several rows: a line each."""
    column = "kwaliteit_dialoog__toelichting"
    def change(frame):
        longest = [i for i, v in enumerate(frame[column]) if v][:3]
        frame[column] = [("x " * 5001 if i in longest else v + "\x00") if v else v for i, v in enumerate(frame[column])]
        return frame
    s, frame = _load(tmp_path, "long.csv", change)
    long, nul = _of(s, column)
    rows = [i + 2 for i, v in enumerate(frame[column]) if v]
    assert long.issue == f"got texts longer than the limit of 10000 characters in 3 rows ({_rows_text(rows[:3])})"
    assert long.action == "each cut to its first 10000 characters"
    assert nul.issue == f"got NUL characters (byte 0) in the text in {len(rows) - 3} rows ({_rows_text(rows[3:])})"
    assert nul.action == "each removed (the rest of the text kept)"
    assert [f.row for f in s.log.repairs] == [None, None]


def test_an_error_in_a_repaired_column_still_names_its_row(tmp_path):
    """Errors are not aggregated: the run stops naming file, row, column and what was expected."""
    def change(frame):
        frame["productieafspraak"] = [f"ca. {v}" if 0 < len(v) < 9 else v for v in frame["productieafspraak"]]
        frame.loc[5, "productieafspraak"] = "ca. veel"
        return frame
    with pytest.raises(ExportError) as err:
        _load(tmp_path, "error.csv", change)
    (error,) = err.value.findings
    assert (error.row, error.column, error.severity) == (7, "productieafspraak", "error")
    assert "expected a number from 10000 to 1000000000 (euro)" in error.message
    assert "got approximate values (" in "\n".join(f.message for f in err.value.log.repairs)


def test_the_same_export_gives_the_same_log(tmp_path):
    change = (lambda f: f.assign(omzet=[OMZET[int(v)] for v in f["omzet"]],
                                 tariefpercentage_hoger=[v + "%" if v else v for v in f["tariefpercentage_hoger"]]))
    one, _ = _load(tmp_path, "a.csv", change)
    two, _ = _load(tmp_path, "b.csv", change)
    assert [f.message.replace("b.csv", "a.csv") for f in two.log] == [f.message for f in one.log]


#: sha256 of the demo exports' written logs (DataQualityLog.to_frame as CSV) before this review
DEMO_LOGS = {2024: "f24123a83161cd2b4698f2add35b75440e6f128a87a3091ed3b7ff9613fc6dbb",
             2025: "963eb756c5feeacd59a527f853ae02f5b53cc6bf1c7e91e980e541237c52c31d",
             2026: "fec6e207d4434eaf25b8aa9554a12a04b5eae1c6ed734379ef485b97f249cee3"}


@pytest.mark.parametrize("year", sorted(DEMO_LOGS))
def test_the_demo_exports_log_is_unchanged(year):
    """The demo exports hold no repair: their logs are byte for byte as before (passes on the old code too)."""
    s = load_survey(demo_export_path(year), codebook_for_year(year))
    assert hashlib.sha256(s.log.to_frame().to_csv(index=False).encode()).hexdigest() == DEMO_LOGS[year]
