"""Safety review h88: hostile and careless inputs the earlier reviews had not tried.

Each test names what was tried and what happened before the fix.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text

from test_run_safety import make_repo

ROOT = Path(__file__).resolve().parents[1]


# -- a YAML value PyYAML's constructors fail on with a Python error ------------------------------------
@pytest.mark.parametrize("value", [
    "2025-11-31",              # a date typed wrong: no 31 November
    "2025-13-01",              # a month 13
    "2025-11-19 25:00:00",     # an hour 25
    "!!float twee",            # an explicit tag on a text
    "!!int 0x",
    "!!bool misschien",
    "!!timestamp gisteren",
    "!!float",
])
def test_a_value_yaml_cannot_construct_is_a_yaml_error_naming_its_line(value):
    """Review h88: `fieldwork: {start: 2025-11-31, ...}` in a codebook ended check-year and run_all in a
    bare ValueError traceback ("day is out of range for month") from PyYAML's date constructor; an
    explicit tag on a text (`!!float twee`) in a ValueError, KeyError, AttributeError or IndexError. Each
    is a YAML error naming the line and column, as every other mistake of a hand-written file."""
    text = f"year: 2026\nfieldwork:\n  start: {value}\n"
    with pytest.raises(yaml.YAMLError) as err:
        yaml.load(text, Loader=StrictLoader)  # noqa: S506 (safe loader)
    message = yaml_error_text(err.value)
    assert message.startswith("line 3, column 10: "), message


def _check_year_cli(root, tmp_path):
    """`python -m wlzmonitor check-year --year 2026 --quiet` in the repository `root`: the process and its output."""
    done = subprocess.run([sys.executable, "-m", "wlzmonitor", "check-year", "--year", "2026", "--quiet"],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "lib"), "WLZ_MONITOR_ROOT": str(root),
                               "HOME": str(tmp_path)})
    return done, done.stdout + done.stderr


def test_check_year_names_the_codebook_line_of_an_impossible_date(tmp_path):
    root = make_repo(tmp_path, copy_data=True)
    codebook = root / "data" / "codebooks" / "2026.yml"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace("start: 2025-11-19", "start: 2025-11-31"), encoding="utf-8")
    line = 1 + text[:text.index("start: 2025-11-19")].count("\n")
    load_config.cache_clear()
    done, out = _check_year_cli(root, tmp_path)
    assert done.returncode == 2 and "Traceback" not in out, out[-3000:]
    assert f"2026.yml: not valid YAML: line {line}, column " in out and "day is out of range for month" in out, out


# -- a numeric respondent id written as a decimal ------------------------------------------------------
@pytest.mark.parametrize("variant", ["10.0", "10.00", "010.0"])
def test_a_numeric_id_written_as_a_decimal_is_the_same_id(tmp_path, variant):
    """Review h88: respondent 10's second response under '10.0' (an id column that went through a float,
    as pandas writes an integer column with an empty cell) was counted as a respondent of its own: n=4
    from three respondents, without a word. It is the id written differently, as 'R0005' is 'R5'."""
    from test_hostile_exports import MINI, csv_text, rows, write
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey

    data = rows()
    data.append(dict(data[2], respondent_id=variant, nps="9"))
    with pytest.raises(ExportError, match=rf"respondent id '{variant}' is the id of row 4 written differently "
                                          r"\('10'; case, leading zeros or a decimal \.0\), with different answers"):
        load_survey(write(tmp_path, csv_text(data)), MINI, mapping=None)
    data[-1]["nps"] = data[2]["nps"]  # the same answers: the copy is excluded as the duplicate it is
    survey = load_survey(write(tmp_path, csv_text(data), name="copy.csv"), MINI, mapping=None)
    assert sorted(survey.responses.index) == ["1", "10", "2"] and survey.rows_read == 4
    assert [(f.row, f.issue) for f in survey.log.exclusions] == [
        (5, "duplicate of row 4 (the same answers; its respondent id written differently)")]


def test_ids_that_differ_after_the_decimal_point_stay_two(tmp_path):
    from test_hostile_exports import MINI, csv_text, rows, write
    from wlzmonitor.inputs.survey import load_survey

    data = rows(r2={"respondent_id": "10.1"})
    survey = load_survey(write(tmp_path, csv_text(data)), MINI, mapping=None)
    assert sorted(survey.responses.index) == ["10", "10.1", "2"]


# -- an XLSX whose XML holds a character XML does not allow ------------------------------------------
def _xlsx_with_raw_xml(tmp_path: Path, raw: bytes) -> Path:
    """The mini export as a workbook whose row-3 free text is `raw`, written into the XML as it is."""
    import zipfile

    import openpyxl
    from test_hostile_exports import MINI, rows

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(MINI.columns())
    for r in rows(r3={"suggesties": "MARKER"}):
        ws.append([r.get(c, "") for c in MINI.columns()])
    src, out = tmp_path / "src.xlsx", tmp_path / "export.xlsx"
    wb.save(src)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename).replace(b"MARKER", raw))
    return out


@pytest.mark.parametrize("raw", [b"&#x1;", b"&#xD800;", b"a\x0bb", b"<i>"])
def test_an_xlsx_whose_xml_is_damaged_is_an_export_error(tmp_path, raw):
    """Review h88: a workbook whose sheet XML holds a character reference XML 1.0 does not allow (`&#x1;`, a
    lone surrogate `&#xD800;`), a raw control character (a survey tool that wrote a pasted vertical tab
    as it is) or a stray tag ended check-export and the run in a bare `xml.etree.ElementTree.ParseError`
    traceback. It is one message naming the file and the sheet."""
    from test_hostile_exports import MINI
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey

    path = _xlsx_with_raw_xml(tmp_path, raw)
    with pytest.raises(ExportError, match=r"export\.xlsx: sheet 'Sheet' cannot be read: its XML is damaged") as err:
        load_survey(path, MINI, mapping=None)
    assert "save it again" in str(err.value)


# -- a published-figures file edited by hand ----------------------------------------------------------
@pytest.mark.parametrize(("file", "change", "named"), [
    ("cells.csv", ("Tabel 1,0,", "Tabel 1,x,"), "row 2, column 'row_index': got 'x'"),
    ("cells.csv", ("Tabel 1,0,", "Tabel 1,99999999999999999999,"), "row 2, column 'row_index': got '99999999999999999999'"),
    ("cells.csv", ("Tabel 1,0,", "Tabel 1,-1,"), "row 2, column 'row_index': got '-1'"),
    ("cells.csv", (",35%,35,percent,", ",35%,35 procent,percent,"), "row 2, column 'value': got '35 procent'"),
    ("cells.csv", (",35%,35,percent,", ",35%,1e999,percent,"), "row 2, column 'value': got '1e999'"),
    ("cells.csv", ("table,row_index", "table,rowindex"), "missing column(s) row_index"),
    ("tables.csv", ("table,title,caption", "table,titel,caption"), "missing column(s) title"),
])
def test_a_published_figures_file_edited_wrongly_is_one_message(tmp_path, file, change, named):
    """Review h88: data/published/<year>/cells.csv with a row number that is no whole number, a value that
    is no number or a renamed column ended the run in a bare ValueError, OverflowError or KeyError
    traceback, and check-year said nothing. Each is one message naming the file, the line and the column."""
    from wlzmonitor.spec.errors import InputError
    from wlzmonitor.spec.published import load_published
    from wlzmonitor.spec.year_check import check_year

    root = make_repo(tmp_path, copy_data=True)
    path = root / "data" / "published" / "2026" / file
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    load_config.cache_clear()
    with pytest.raises(InputError) as err:
        load_published(2026, root)
    assert str(err.value).startswith(f"{path}: ") and named in str(err.value), str(err.value)
    found = check_year(2026, load_config(root))
    assert any(f.level == "error" and named in f.text() for f in found.findings), found.text()


# -- check-year reads the privacy settings as the run does ----------------------------------------------
@pytest.mark.parametrize(("change", "named"), [
    (("small_group_threshold: 5", "small_group_threshold: 0"), "'small_group_threshold' must be a whole number >= 1"),
    (("small_group_action: suppress", "small_group_action: show"), "'small_group_action' must be 'suppress' or 'mark'"),
    (("small_group_threshold: 5", "small_group_threshold: 5\nnamen: []"), "unknown key(s) namen"),
])
def test_check_year_reads_the_privacy_settings(tmp_path, change, named):
    """Review h88: config/privacy.yml with a small-group threshold of 0, an unknown action or a misspelt key
    passed check-year with 0 errors (it never read the file) while the run stops on it, exit 2. check-year
    reads it as the run does (as it reads the quotes file since an earlier review)."""
    from wlzmonitor.spec.year_check import check_year

    root = make_repo(tmp_path)
    path = root / "config" / "privacy.yml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    load_config.cache_clear()
    found = check_year(2026, load_config(root))
    hits = [f for f in found.findings if f.level == "error" and named in f.message]
    assert hits and hits[0].where.endswith("config/privacy.yml"), found.text()


# -- a CSV column of another dtype than object or string -------------------------------------------------
def test_text_in_a_categorical_column_is_inert_too():
    """Review h88: `inert_frame` made text inert only in object and string columns; a categorical column was
    written as it is: '=HYPERLINK(...)' reached the CSV as a formula. No output frame of the 2026 run has one
    today (checked), but the tables are computed with categorical dtypes, so one is a refactor away: every
    text cell is inert whatever its column's dtype."""
    import csv
    import io

    import pandas as pd

    from wlzmonitor.spec.file_formats import csv_bytes

    frame = pd.DataFrame({"label": pd.Categorical(['=HYPERLINK("http://x","klik")', "Ja", "@SUM(A1)"]),
                          "n": [1, 2, 3]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"))))
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://x","klik")', "Ja", "'@SUM(A1)"]


# -- an XLSX written with single-quoted attributes ------------------------------------------------------
def _requote(tmp_path: Path, edit, pattern: bytes, replacement: bytes) -> Path:
    """The mini export as a workbook edited by `edit` (openpyxl), its sheet XML then rewritten by `pattern`."""
    import re
    import zipfile

    import openpyxl
    from test_hostile_exports import MINI, rows

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(MINI.columns())
    for r in rows():
        ws.append([r.get(c, "") for c in MINI.columns()])
    edit(ws)
    src, out = tmp_path / "src.xlsx", tmp_path / "export.xlsx"
    wb.save(src)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data, n = re.subn(pattern, replacement, data)
                assert n
            zout.writestr(item, data)
    return out


@pytest.mark.parametrize("quoted", [rb"ref='\1'", rb'ref = "\1"'])
def test_merged_cells_written_with_other_quotes_are_found(tmp_path, quoted):
    """Review h88: the merged ranges of a read-only sheet are read from its XML by a pattern that knew only
    `ref="B3:B4"`; XML allows `ref='B3:B4'` and spaces around '=' (other writers than Excel and openpyxl),
    and then one answer merged over two respondents read as empty for the second without a word."""
    from test_hostile_exports import MINI
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey

    path = _requote(tmp_path, lambda ws: ws.merge_cells("C3:C4"), rb'ref="(C3:C4)"', quoted)
    with pytest.raises(ExportError, match="merged cells C3:C4"):
        load_survey(path, MINI, mapping=None)


def test_a_hidden_row_written_with_single_quotes_is_named(tmp_path):
    from test_hostile_exports import MINI
    from wlzmonitor.inputs.survey import load_survey

    def hide(ws):
        ws.row_dimensions[3].hidden = True

    path = _requote(tmp_path, hide, rb'hidden="1"', rb"hidden='1'")
    survey = load_survey(path, MINI, mapping=None)
    assert survey.n == 3
    assert any("respondent row(s) are hidden" in f.issue and "3" in f.issue for f in survey.log.warnings), [
        f.message for f in survey.log]


# -- a command's file written into a folder the next run replaces ----------------------------------------
@pytest.mark.parametrize(("target", "refused"), [
    ("outputs/2026/codering_2026.xlsx", True),           # the coding workbook an analyst then edits for hours
    ("outputs/2026/extra/log.csv", True),
    ("outputs/gewogen/2026/log.csv", True),
    ("outputs/.cache/log.csv", True),
    ("outputs/2026", True),                              # a file where the year's output goes
    ("outputs/codering/codering_2026.xlsx", False),      # docs/open_answers.md
    ("outputs/2026_log.csv", False),
    ("outputs/gewogen/log.csv", False),
])
def test_a_command_does_not_write_into_a_folder_a_run_replaces(tmp_path, target, refused):
    """Review h88: `coding --export outputs/2026/codering.xlsx` (or `check-export --log outputs/2026/log.csv`)
    was allowed; the next run of 2026 replaces outputs/2026/ whole, so the analyst's edited coding workbook
    was deleted without a word. A command's file may not go into a folder a run replaces or cleans."""
    from wlzmonitor.spec.config import output_file_problem

    root = make_repo(tmp_path)
    problem = output_file_problem(load_config(root), root / target)
    assert (problem is not None) == refused, problem
    if refused:
        assert "the next run" in problem and "outputs/codering/" in problem, problem


def test_check_export_does_not_write_its_log_over_the_mapping_it_reads(tmp_path, capsys):
    """Review h88: `check-export EXPORT --mapping m.yml --log m.yml` replaced the mapping file (outside the
    configuration, so no input of the report) by the data-quality log; the same mistake with the export was
    refused since an earlier review."""
    from wlzmonitor.cli import main

    export = tmp_path / "exp.csv"
    export.write_bytes((ROOT / "data" / "raw" / "2026" / "respondenten.csv").read_bytes())
    mapping = tmp_path / "m.yml"
    mapping.write_text("year: 2026\nignore: []\n", encoding="utf-8")
    before = mapping.read_bytes()
    assert main(["check-export", "--year", "2026", str(export), "--mapping", str(mapping),
                 "--log", str(tmp_path / "." / "m.yml")]) == 2
    assert "is the mapping being read" in capsys.readouterr().err and mapping.read_bytes() == before


# -- a named pipe planted in the published output ---------------------------------------------------------
def _returns_within(seconds: float, call):
    """`call()`'s result, or pytest.fail when it has not returned within `seconds` (it blocks on a pipe)."""
    import threading

    box = {}
    worker = threading.Thread(target=lambda: box.setdefault("value", call()), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"still waiting after {seconds} s (reading a named pipe)")
    return box.get("value")


@pytest.mark.parametrize("planted", ["manifest.json", "01_tarieven.html"])
def test_a_named_pipe_in_the_published_output_does_not_hang_the_run(tmp_path, planted):
    """Review h88: a named pipe planted as outputs/2026/manifest.json (a folder others can write: a shared or
    synced drive) hung run_all for ever while it held the year's lock ("wait_for_partner": the run read the
    old output's manifest with read_text, the PDF warm-up its pages). The cache and the lock were guarded
    against this already; what a run reads of the old output now is too: a pipe reads as missing."""
    import os

    from wlzmonitor.run import pdf
    from wlzmonitor.run.output_guard import is_owned
    from wlzmonitor.run.report_plan import read_manifest

    root = make_repo(tmp_path)
    config = load_config(root)
    folder = config.output_for(2026)
    folder.mkdir(parents=True)
    os.mkfifo(folder / planted)
    if planted != "manifest.json":  # the manifest says the page is there: the PDF warm-up reads it
        (folder / "manifest.json").write_text('{"year": 2026, "chapters": {"01_tarieven": {"status": "ok"}}}')
    if planted == "manifest.json":
        assert _returns_within(5, lambda: read_manifest(folder)) == {}
        assert _returns_within(5, lambda: is_owned(folder, 2026)) is False
    _returns_within(5, lambda: pdf.prepare(config, 2026))


@pytest.mark.parametrize("planted", ["pipe", "huge number", "link"])
def test_the_chapter_timings_cache_file_is_read_safely(tmp_path, planted):
    """Review h88: outputs/.cache/chapter-seconds-<year>.json (the chapters' durations of the last run, which
    only orders the work) was read with read_text, unlike every other cache file: a named pipe planted there
    hung the run holding its lock; a number of 400 digits ended it in an OverflowError. Either reads as no
    timings."""
    import os

    from wlzmonitor.run.chapter_runner import load_timings

    path = tmp_path / "chapter-seconds-2026.json"
    if planted == "pipe":
        os.mkfifo(path)
    elif planted == "huge number":
        path.write_text('{"01_tarieven": ' + "9" * 400 + ', "02_capaciteit": 1.5}')
    else:
        (tmp_path / "elsewhere.json").write_text('{"01_tarieven": 3}')
        path.symlink_to(tmp_path / "elsewhere.json")
    timings = _returns_within(5, lambda: load_timings(path))
    assert timings == ({"02_capaciteit": 1.5} if planted == "huge number" else {})


# -- a report layout with a field of the wrong type -----------------------------------------------------
@pytest.mark.parametrize(("change", "named"), [
    (("    rows: [1, 2, 3, 4, 5]\n", "    rows: 5\n"), "'rows' must be a list, got 5"),
    (("    kind: single\n", "    kind: [single]\n"), "'kind' must be a text, got ['single']"),
    (("    chapter: 01_tarieven\n", "    chapter: 7\n"), "'chapter' must be a text, got 7"),
    (("  - key: tariefpercentage\n", "  - key: {a: 1}\n"), "'key' must be a text, got {'a': 1}"),
    (("    question: \"tariefpercentage\"\n", "    question: [tariefpercentage]\n"), "'question' must be a text"),
    (("    rows: [1, 2, 3, 4, 5]\n", "    rows: [1, 2, 3, 4, 5, 5]\n"), "rows: 5 appears twice"),
])
def test_a_layout_field_of_the_wrong_type_is_one_message(tmp_path, change, named):
    """Review h88: data/reports/2026/tables.yml with `rows: 5`, `kind: [single]`, `chapter: 7` or a mapping as
    key ended check-year and the run in a bare TypeError or AttributeError traceback; a row listed twice
    passed check-year without a word. Each is one LayoutError naming the file, the table's line and the field."""
    from wlzmonitor.spec.layout import LayoutError, load_layout

    path = tmp_path / "tables.yml"
    text = (ROOT / "data" / "reports" / "2026" / "tables.yml").read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(LayoutError) as err:
        load_layout(path)
    assert str(err.value).startswith(f"{path}:") and "table #1" in str(err.value) and named in str(err.value), \
        str(err.value)


# -- a codeframe pattern that backtracks exponentially on a respondent's answer ------------------------------
@pytest.mark.parametrize(("pattern", "refused"), [
    (r"(\w+\s?)+\.", True),        # "words ending in a full stop": a 40-letter word without one takes hours
    (r"(a+)+$", True),
    (r"(?:zorg\w*)*kantoor", True),
    (r"((ver)?pleeg\w*\s*)+", True),
    (r"(\w+ ){0,3}zorg", False),    # a bounded repetition: fine
    (r"kwaliteit van (bestaan|leven)", False),
    (r"persoonsgericht\w*", False),
])
def test_a_codeframe_pattern_with_a_nested_repetition_is_refused(tmp_path, pattern, refused):
    """Review h88: a theme pattern that repeats a part which itself repeats (`(\\w+\\s?)+\\.`, a habit of
    regular-expression writing) backtracks exponentially on an answer it does not match: one answer of a
    word of 22 letters took 0.5 s, and each letter more about doubles it: a 40-letter word keeps the run
    (which codes the answers before any chapter, outside the cell timeout) busy for hours, holding its lock. check-year and the run refuse such a pattern, naming it; none of the
    542 shipped patterns has one."""
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.codeframes import CodeframeError, load_codeframes

    source = ROOT / "data" / "codeframes" / "2026.yml"
    text = source.read_text(encoding="utf-8")
    path = tmp_path / "2026.yml"
    path.write_text(text.replace('          - "zingeving"\n', f"          - {yaml.safe_dump(pattern).splitlines()[0]}\n", 1),
                    encoding="utf-8")
    codebook = load_codebook(ROOT / "data" / "codebooks" / "2026.yml")
    if refused:
        with pytest.raises(CodeframeError, match="repeats a part that itself repeats") as err:
            load_codeframes(path, codebook)
        assert repr(pattern) in str(err.value)
    else:
        load_codeframes(path, codebook)


_OVERLAPPING = r"""
import sys, time
from pathlib import Path
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.codeframes import CodeframeError, fold, load_codeframes
root, path = Path(sys.argv[1]), Path(sys.argv[2])
frames = load_codeframes(path, load_codebook(root / "data" / "codebooks" / "2026.yml"))
theme = next(t for qf in frames.questions.values() for t in qf.themes if "(a|aa)+" in " ".join(t.patterns))
started = time.process_time()  # the engine's timeout counts the process's CPU time (a busy machine: more wall time)
try:
    theme.match(fold("a" * 60 + "b"))
except CodeframeError as err:
    print("REFUSED", round(time.process_time() - started, 1), err)
"""


def test_a_codeframe_pattern_with_overlapping_alternatives_is_stopped_with_the_theme_named(tmp_path):
    """Left open by review h88: a pattern whose alternatives overlap under a repetition (`(a|aa)+`) passes the
    static check (nothing in it repeats a repetition) and backtracks exponentially: 60 letters would keep the
    run busy for years. The search is bounded (the regex engine's timeout): one CodeframeError naming the
    file and theme and the answer's length, never its text, after seconds of CPU time."""
    source = ROOT / "data" / "codeframes" / "2026.yml"
    path = tmp_path / "2026.yml"
    path.write_text(source.read_text(encoding="utf-8").replace('          - "zingeving"\n', '          - "(a|aa)+"\n', 1),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _OVERLAPPING, str(ROOT), str(path)], capture_output=True,
                          text=True, timeout=60, env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "lib")})
    assert done.returncode == 0, done.stderr[-2000:]
    said = done.stdout
    assert said.startswith("REFUSED") and f"{path}" in said and "theme" in said, said
    assert "61 characters" in said and "aaaa" not in said, said
    assert float(said.split()[1]) < 5, said


@pytest.mark.parametrize("seed", range(3))
def test_the_regex_engine_codes_as_re_would(seed):
    """The theme patterns run on the regex engine (for its timeout) in its re-compatible mode: the same match
    as Python's re, checked on generated patterns of the shapes codeframes use and generated answers with
    diacritics folded, case differences and word boundaries."""
    import random
    import re

    import regex

    rng = random.Random(seed)
    pieces = ["zorg", "kantoor", r"\w*", r"\w+", r"\s+", r"\s?", "(?:de |het )?", "(?:ver)?", "[ck]li[eë]nt",
              "(tarief|tarieven)", "e?n?", r"\d+", "loon", r"(\w+ ){0,3}", "|", ".", "personeel", "[a-z]{2,4}"]
    words = ["zorg", "Zorgkantoor", "kantoren", "cliënt", "client", "Klient", "tarieven", "de ", "het ", "loon ",
             "12", " ", ".", ",", "verzorging", "personeel", "ZORG", "ñ", "-", "\n"]
    for _ in range(300):
        pattern = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))).strip("|") or "zorg"
        joined = rf"(?<!\w)(?:{pattern})(?!\w)"
        ours = regex.compile(joined, regex.IGNORECASE | regex.VERSION0)
        theirs = re.compile(joined, re.IGNORECASE)
        for _ in range(20):
            text = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
            a, b = ours.search(text, timeout=5), theirs.search(text)
            assert (a and (a.span(), a.group(0))) == (b and (b.span(), b.group(0))), (pattern, text)


@pytest.mark.parametrize(("mapping", "said"), [
    ("columns: 5\n", "columns"),
    ("columns:\n  Vraag X: geen_bestaande_kolom\n", "geen_bestaande_kolom"),
])
def test_check_year_reads_the_year_s_export_mapping(tmp_path, mapping, said):
    """Review h88 (left open, then done): check-year did not read data/mappings/<year>.yml, so a mapping that
    check-export and the run refuse passed it with 0 errors. The command reads it as they do."""
    root = make_repo(tmp_path, copy_data=True)
    (root / "data" / "mappings").mkdir(parents=True, exist_ok=True)
    (root / "data" / "mappings" / "2026.yml").write_text(mapping, encoding="utf-8")
    load_config.cache_clear()
    done, out = _check_year_cli(root, tmp_path)
    assert done.returncode == 2 and "Traceback" not in out, out[-3000:]
    assert "ERROR: [mapping] data/mappings/2026.yml: " in out and said in out, out[-3000:]
