"""The checks of ``check-year`` on what the pages show: the notebooks' prose and calls, and the codeframe.

See :mod:`wlzmonitor.spec.year_check` for the kinds; :mod:`wlzmonitor.spec.year_rules` holds the
checks of the files against each other and the previous wave.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.codeframes import CodeframeError, load_codeframes
from wlzmonitor.spec.option_match import same_text
from wlzmonitor.spec.layout import TableSpec, moved_table_problem
from wlzmonitor.spec.notebook_scan import YEAR_GUARD, Call, NotebookScan, shown_in
from wlzmonitor.spec.prose import (
    BEFORE_CHECKS,
    PLACEHOLDER,
    SENTENCE,
    TYPED_NUMBER,
    WORDS,
    Placeholder,
    FIRST_TIME,
    TEST_CHECKS,
    breakdown_test_problem,
    check_name_problem,
    check_parts,
    claim_coverage_problems,
    comparison_problems,
    figureless_text_problems,
    label_problems,
    markdown_problems,
    placeholder_typos,
    placeholders,
    syntax_problems,
    typed_figure_problems,
    typed_date_problems,
    typed_year_problems,
)
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.quotes_file import read_quotes, unknown_theme_problem
from wlzmonitor.spec.year_findings import Context, Finding, shown_path
from wlzmonitor.spec.year_renamed import renamed_from, renamed_to
from wlzmonitor.spec.year_rules import and_years, label_of, question_of, valid_rows
from wlzmonitor.spec.strict_yaml import StrictLoader, control_character_problem

__all__ = ["CHECKS_PAGES", "shown_tables", "shown_questions"]


def _at(scan: NotebookScan, call_or_line) -> str:
    line = call_or_line if isinstance(call_or_line, int) else call_or_line.line
    return f"{shown_path(scan.path)}:{line}"


# ---------------------------------------------------------------------------------------------
# what the chapters show
# ---------------------------------------------------------------------------------------------
def shown_tables(ctx: Context) -> set[str]:
    """The table keys some chapter shows (chapter.table, trend_chart, remaining_tables of its chapter)."""
    out: set[str] = set()
    for scan in ctx.notebooks:
        out |= {c.arg for c in scan.of("table", "trend_chart") if c.arg}
        if scan.shows_remaining:
            out |= {t.key for t in ctx.layout.tables if t.chapter == scan.stem}
    return out


def shown_questions(ctx: Context, tables: set[str]) -> set[str]:
    """The question keys some chapter shows: through a shown table, a derived variable it uses,
    themes, explanations or a placeholder."""
    cb = ctx.codebook
    derived = {d.key: d.source for d in cb.derived}
    out: set[str] = set()
    for spec in ctx.layout.tables:
        if spec.key not in tables:
            continue
        for key in (spec.question, spec.by, *[r for r in spec.rows if spec.kind == "numeric"]):
            if isinstance(key, str):
                out |= {key, derived.get(key, key)}
        if spec.kind == "mapping" and spec.question:
            out |= {d.source for d in cb.derived if d.source == spec.question}
    for scan in ctx.notebooks:
        out |= {c.arg for c in scan.of("themes", "explanations") if c.arg}
        for call in scan.of("text"):
            for ph in placeholders(call.arg or ""):
                if ph.key == "vraag" and ph.rows:
                    out.add(ph.rows)
    return out


def _items_in_no_table(ctx: Context) -> list[Finding]:
    """Items (matrix rows, scale statements) of a question whose tables list items as rows, that no
    table of the question lists: a new item was left out of every table without a word (review of the
    2027 path), while a new option of a single-choice question is shown anyway."""
    listed: dict[str, set[str]] = {}
    first: dict[str, TableSpec] = {}
    for spec in ctx.layout.tables:
        q = question_of(ctx.codebook, spec.question) if spec.question else None
        if q is None or not q.items:
            continue
        codes = {str(item.code) for item in q.items}
        rows = {str(r) for r in spec.rows}
        if rows & codes:
            listed.setdefault(q.key, set()).update(rows)
            first.setdefault(q.key, spec)
    out = []
    for key, rows in listed.items():
        q = ctx.codebook.question(key)
        for item in q.items:
            if str(item.code) not in rows:
                out.append(Finding("warning", "not_shown", ctx.at_table(first[key]),
                                   f"item '{item.code}' ‘{item.label}’ of '{key}' is in no table's rows: its answers "
                                   "are in no table or page. Add it to the rows of the question's tables"))
    return out


def _options_in_no_table(ctx: Context) -> list[Finding]:
    """Options of a multiple-response question that no 'multi' table of it lists in its rows (review h151: an
    option added to hlo_themas, `changes` declared, the layout's rows left as the year before: a multi table
    counts the options of its rows only (report_tables._multi), so the new option's answers were in no table
    or page and check-year said nothing; a single-choice table prints an answered option it does not list)."""
    listed: dict[str, set[str]] = {}
    first: dict[str, TableSpec] = {}
    for spec in ctx.layout.tables:
        q = question_of(ctx.codebook, spec.question) if spec.kind == "multi" and spec.question else None
        if q is not None and q.options:
            listed.setdefault(q.key, set()).update(str(r) for r in spec.rows)
            first.setdefault(q.key, spec)
    out = []
    for key, rows in listed.items():
        q = ctx.codebook.question(key)
        left = [o for o in q.options if str(o.code) not in rows]
        if not left:
            continue
        then = ctx.previous if ctx.previous_codebook is not None and key in ctx.previous_codebook else None
        new = set(ctx.maps.step(key, then, ctx.year).new) if then is not None else set()
        named = ", ".join(f"{o.code} ‘{o.label}’" + (f" (new since {then})" if o.code in new else "") for o in left)
        out.append(Finding("warning", "not_shown", ctx.at_table(first[key]),
                           f"option(s) {named} of '{key}' in no table's rows: a multiple-response table counts only "
                           "the options of its rows, so their answers are in no table or page. Add them to the rows "
                           "of the question's tables, in printed order"))
    return out


def check_shown(ctx: Context) -> list[Finding]:
    """Tables of the layout and questions of the codebook that no chapter shows."""
    tables = shown_tables(ctx)
    unconfigured = {t.key for t in ctx.layout.tables if t.chapter not in ctx.config.chapters}  # reported once
    out = []
    for spec in ctx.layout.tables:
        if spec.key not in tables and spec.chapter in ctx.config.chapters:
            out.append(Finding("warning", "not_shown", ctx.at_table(spec),
                               "no chapter shows this table (only the CSV, the workbook and the questionnaire "
                               f"appendix would): add chapter.table(\"{spec.key}\") with its prose to "
                               f"notebooks/{spec.chapter}.py"))
    out += _items_in_no_table(ctx) + _options_in_no_table(ctx)
    questions = shown_questions(ctx, tables | unconfigured)
    for q in ctx.codebook.questions:
        if q.private or not q.reported or q.key in questions:
            continue
        new = ctx.previous_codebook is not None and q.key not in ctx.previous_codebook
        out.append(Finding("warning", "not_shown", ctx.at_question(q.key),
                           ("new in this wave, and " if new else "") + "no table and no chapter shows this question: "
                           "give it a table in the layout and a place in a chapter (or reported: false in the "
                           "codebook when the report leaves it out on purpose)" + (renamed_from(ctx, q.key) if new else "")))
    return out


# ---------------------------------------------------------------------------------------------
# prose
# ---------------------------------------------------------------------------------------------
def _elsewhere(ctx: Context, key: str) -> list[int]:
    """Other configured years whose layout has table `key`."""
    return sorted(y for y, layout in ctx.layouts.items() if key in layout.tables_by_key)


def _question_elsewhere(ctx: Context, key: str) -> list[int]:
    return sorted(y for y, cb in ctx.codebooks.items() if y != ctx.year and key in cb)


def _table_key_lost(ctx: Context, scan: NotebookScan, call: Call, key: str, what: str,
                    years: list[int]) -> Finding | None:
    """An error when table `key` of other years' layouts is not in this year's layout although its
    question is in this year's codebook: a mistyped or dropped table key in the layout, not a question
    the year did not ask (review: the page said "in 2027 niet gesteld" of a question it asked)."""
    asked = sorted({q for y in years for spec in [ctx.layouts[y].tables_by_key.get(key) if y in ctx.layouts else None]
                    for q in ([spec.question] if spec is not None else []) + [key]
                    if q in ctx.codebook and ctx.codebook.question(q).reported})  # reported: false = left out on purpose
    if not asked:
        return None
    guess = difflib.get_close_matches(key, list(ctx.layout.tables_by_key), n=1, cutoff=0.6)
    return Finding("error", "prose", _at(scan, call),
                   f"the {what} names table '{key}', which is not in the {ctx.year} layout "
                   f"({ctx.rel(ctx.config.sources(ctx.year).layout)}), though its question '{asked[0]}' is in the "
                   f"{ctx.year} codebook: the page would say it was not asked. Is the table's key mistyped or "
                   "dropped in the layout" + (f" ('{guess[0]}' is there)?" if guess else "?"))


def _not_asked(ctx: Context, scan: NotebookScan, call: Call, key: str, what: str, years: list[int]) -> Finding | None:
    """A finding for prose about a table or question this year did not ask (None when guarded)."""
    if key in call.guards:
        return None
    mistake = _table_key_lost(ctx, scan, call, key, what if call.method != "key_figure"
                              else f"Kerncijfers card {call.arg}", years)
    if mistake is not None:
        return mistake
    if call.method == "key_figure":
        return Finding("warning", "prose", _at(scan, call),
                       f"the Kerncijfers card {call.arg} is about '{key}', which {ctx.year} did not ask (asked in "
                       f"{and_years(years)}); it is left out of the {ctx.year} page. Make that explicit: take the "
                       "card out of chapter.key_figures (or put the call under "
                       f"`if chapter.asked(\"{key}\"):`)" + renamed_to(ctx, key))
    if call.method == "text":  # review: the warning said "the sentence", the page lost the whole call
        return Finding("warning", "prose", _at(scan, call),
                       f"the {what} names '{key}', which {ctx.year} did not ask (asked in {and_years(years)}): the "
                       f"whole chapter.text call, every sentence in it, is left out of the {ctx.year} report. Make "
                       "that explicit: put the sentences about it in a chapter.text of their own under "
                       f"`if chapter.asked(\"{key}\"):`" + renamed_to(ctx, key))
    return Finding("warning", "prose", _at(scan, call),
                   f"the {what} names '{key}', which {ctx.year} did not ask (asked in {and_years(years)}); it is "
                   f"left out of the {ctx.year} report. Make that explicit: put it under "
                   f"`if chapter.asked(\"{key}\"):`" + renamed_to(ctx, key))


def _check_rows(ctx: Context, scan: NotebookScan, call: Call, ph: Placeholder, spec: TableSpec) -> list[Finding]:
    valid = valid_rows(spec, ctx.codebook)
    rows = {str(r) for r in spec.rows} | (valid or set())
    if spec.kind == "nps":
        rows |= {"NPS", "Critici", "Neutralen", "Fans"}
    out: list[Finding] = []
    if spec.kind == "matrix":  # ITEM/OPTION: the option is one of the table's columns
        options = {str(c) for c in spec.columns}
        for part in [*(ph.rows or "").split("+"), *ph.other_rows]:
            option = part.split("/", 1)[1].strip() if "/" in part else None
            if option is not None and option not in options:
                out.append(Finding("error", "prose", _at(scan, call),
                                   f"{ph.text}: table '{spec.key}' has no option {option} in {ctx.year} (options: "
                                   f"{', '.join(str(c) for c in spec.columns)})"))
    bad = [r for r in ph.row_codes if r not in rows]
    if not bad:
        return out + _code_meaning(ctx, scan, call, ph, spec) + _wording_meaning(ctx, scan, call, ph, spec)
    if "" in bad:  # review h123: "{key:1++2}" was "has no row  in 2026", naming nothing
        out.append(Finding("error", "prose", _at(scan, call),
                           f"{ph.text}: an empty row before, between or after its ‘+’ signs; write the rows joined "
                           f"by single ‘+’ signs ({{{spec.key}:1+2}})"))
    for row in [r for r in bad if r]:
        years = sorted(y for y, layout in ctx.layouts.items()
                       if spec.key in layout.tables_by_key and row in {str(r) for r in layout.tables_by_key[spec.key].rows})
        if years and f"{spec.key}:{row}" not in call.guards:
            out.append(Finding("warning", "prose", _at(scan, call),
                               f"{ph.text}: row {row} of '{spec.key}' was not asked in {ctx.year} (asked in "
                               f"{and_years(years)}); the sentence is left out of the {ctx.year} report. Make that "
                               f"explicit: put it under `if chapter.asked(\"{spec.key}\", \"{row}\"):`"))
        elif not years:
            out.append(Finding("error", "prose", _at(scan, call),
                               f"{ph.text}: table '{spec.key}' has no row {row} in {ctx.year} "
                               f"(rows: {', '.join(sorted(rows, key=str))})"))
    return out


def _shared_by_year(ctx: Context, call: Call) -> bool:
    """A call under conditions on ``chapter.year`` that this year's report and the previous wave's both show
    (review of the 2027 wave: ``if chapter.year >= 2027:`` made a sentence one wave's own for good, and in 2028
    it went unchecked against 2027's codes)."""
    return ctx.previous is not None and shown_in(call.guards, ctx.year) is True \
        and shown_in(call.guards, ctx.previous) is True


def _year_specific(ctx: Context, call: Call, spec: TableSpec) -> bool:
    """The call is under (or in the else of) ``if chapter.asked("key", "row")`` for a row of the table
    that this year has and the previous wave had not, or the other way round, or under a condition on
    ``chapter.year``: its sentence is not shared by the two reports (one reads the new codes, the other
    the old)."""
    if YEAR_GUARD in call.guards and not _shared_by_year(ctx, call):  # under `if chapter.year >= 2027:` (or else)
        return True
    before = ctx.previous_layout.tables_by_key.get(spec.key) if ctx.previous_layout is not None else None
    if before is None:
        return False
    differ = {str(r) for r in spec.rows} ^ {str(r) for r in before.rows}
    return any(f"{spec.key}:{row}" in call.guards for row in differ)


def _code_meaning(ctx: Context, scan: NotebookScan, call: Call, ph: Placeholder, spec: TableSpec) -> list[Finding]:
    """A placeholder's option code that means another option than in the previous wave (of a matrix: the
    option after the item, ``{kwaliteit_dialoog:dialoog_constructief/1+dialoog_constructief/2}``)."""
    if spec.kind not in {"single", "multi", "matrix"} or not spec.question or ctx.previous is None:
        return []
    if _year_specific(ctx, call, spec):
        return []
    old = question_of(ctx.previous_codebook, spec.question)
    now = question_of(ctx.codebook, spec.question)
    mapping = ctx.maps.mapping(spec.question, ctx.previous, ctx.year) if old is not None else None
    out = []
    codes = (ph.row_codes if spec.kind != "matrix" else
             list(dict.fromkeys(r.split("/", 1)[1].strip() for r in [*(ph.rows or "").split("+"), *ph.other_rows]
                                if "/" in r)))
    for row in codes:
        if mapping is None or not row.isdigit() or int(row) not in old.codes:
            continue
        if mapping.get(int(row)) != int(row):
            is_now = label_of(now, row) if now is not None and int(row) in now.codes else "no option"
            out.append(Finding("warning", "codes", _at(scan, call),
                               f"{ph.text}: code {row} is {is_now} in {ctx.year} but "
                               f"{label_of(old, row)} in {ctx.previous}; the shared sentence says something else "
                               f"in each report (the {ctx.previous} option is {mapping.get(int(row), 'gone')} in "
                               f"{ctx.year}). Changing the code here breaks the {ctx.previous} report: write the "
                               f"sentence for each wave, under `if chapter.year >= {ctx.year}:` with the {ctx.year} "
                               f"codes and `else:` with the {ctx.previous} codes"))
    return out + _group_meaning(ctx, scan, call, ph, spec)


_CONTENT_WORD = re.compile(r"[^\W\d_]{5,}")


def _wording_meaning(ctx: Context, scan: NotebookScan, call: Call, ph: Placeholder, spec: TableSpec) -> list[Finding]:
    """A shared sentence about a question reworded since the previous wave that repeats words only the previous
    wording had (review of the 2027 wave, F4: "… tevreden over de manier waarop het gesprek … heeft
    plaatsgevonden" printed beside the 2027 figure of "tevreden over het tariefpercentage …"): it describes the
    earlier question. Once per sentence and question."""
    if not spec.question or ctx.previous is None or not call.arg or _year_specific(ctx, call, spec):
        return []
    first = next((p for p in placeholders(call.arg) if p.table_key == spec.key), None)
    if first is None or first.text != ph.text:
        return []
    old, now = question_of(ctx.previous_codebook, spec.question), question_of(ctx.codebook, spec.question)
    if old is None or now is None or same_text(now.text, old.text, ctx.year - ctx.previous):
        return []
    gone = {w.casefold() for w in _CONTENT_WORD.findall(old.text)} - {w.casefold() for w in _CONTENT_WORD.findall(now.text)}
    said = sorted(w for w in {w.casefold() for w in _CONTENT_WORD.findall(PLACEHOLDER.sub(" ", call.arg))} if w in gone)
    if not said:
        return []
    return [Finding("warning", "prose", _at(scan, call),
                    f"{ph.text}: {spec.question} is asked otherwise in {ctx.year} (‘{now.text}’) than in {ctx.previous} "
                    f"(‘{old.text}’), and the shared sentence says what only the {ctx.previous} question said "
                    f"({', '.join(said)}): check that it describes the {ctx.year} question, or write it for each wave "
                    f"under `if chapter.year >= {ctx.year}:`")]


def _group_meaning(ctx: Context, scan: NotebookScan, call: Call, ph: Placeholder, spec: TableSpec) -> list[Finding]:
    """A breakdown table's group column (``@1`` of a table ``by: uitvoerder``) whose group has another code than in
    the previous wave (review of the 2027 wave, F9: Zilveren Kruis 1 -> 2, "Bij Zilveren Kruis … {x:1@1}" printed
    CZ's figure)."""
    by = getattr(spec, "by", None)
    column = (ph.column or "").strip()
    if not by or not column.isdigit():
        return []
    mapping = ctx.maps.mapping(by, ctx.previous, ctx.year)
    if mapping is None or int(column) not in mapping or mapping[int(column)] == int(column):
        return []
    try:
        old, now = ctx.previous_codebook.options(by), ctx.codebook.options(by)
    except KeyError:
        return []
    code = int(column)
    return [Finding("warning", "codes", _at(scan, call),
                    f"{ph.text}: group {code} of {by} is ‘{now.get(code, 'no group')}’ in {ctx.year} but ‘{old.get(code)}’ in "
                    f"{ctx.previous}; the shared sentence says something else in each report (the {ctx.previous} group "
                    f"is {mapping[code]} in {ctx.year}). Write the sentence for each wave, under `if chapter.year >= "
                    f"{ctx.year}:` with the {ctx.year} codes and `else:` with the {ctx.previous} codes")]


def _scale_ends(q) -> tuple[str, str] | None:
    """The labels of a scale's lowest and highest value (None without both)."""
    if q is None or not q.range or not q.range_labels:
        return None
    low, high = q.range
    if low not in q.range_labels or high not in q.range_labels:
        return None
    return q.range_labels[low], q.range_labels[high]


def _reversed_scale(ctx: Context, scan: NotebookScan, call: Call, ph: Placeholder, spec: TableSpec) -> list[Finding]:
    """``{key:max}`` / ``{key:min}`` of a scale whose direction turned since the previous wave (its lowest
    value's label is the highest's then: "1 = zeer hoog" after "1 = zeer laag"): the shared sentence names
    the most burdensome item in one report and the least in the other (review of the 2027 wave). A call
    under a condition on ``chapter.year`` is one wave's own."""
    if ph.rows not in ("max", "min") or not spec.question or ctx.previous is None \
            or YEAR_GUARD in call.guards and not _shared_by_year(ctx, call):
        return []
    now = _scale_ends(question_of(ctx.codebook, spec.question))
    then = _scale_ends(question_of(ctx.previous_codebook, spec.question))
    delta = ctx.year - ctx.previous
    if now is None or then is None or not (same_text(now[0], then[1], delta) or same_text(now[1], then[0], delta)):
        return []
    other = "min" if ph.rows == "max" else "max"
    return [Finding("error", "codes", _at(scan, call),
                    f"{ph.text}: the scale of '{spec.question}' runs from ‘{now[0]}’ to ‘{now[1]}’ in {ctx.year} but "
                    f"from ‘{then[0]}’ to ‘{then[1]}’ in {ctx.previous}: the shared sentence names the opposite item "
                    f"in each report. Write it for each wave under `if chapter.year >= {ctx.year}:` / `else:` "
                    f"({{{ph.key}:{other}}} in one of them)")]


def _check_placeholder(ctx: Context, scan: NotebookScan, call: Call, ph: Placeholder) -> list[Finding]:
    if ph.key in WORDS:
        return []
    layout = ctx.layout.tables_by_key
    if ph.key == "vraag" and "vraag" not in layout:
        key = ph.rows or ""
        if key in ctx.codebook:
            return []
        years = _question_elsewhere(ctx, key)
        if years:
            found = _not_asked(ctx, scan, call, key, "sentence", years)
            return [found] if found else []
        return [Finding("error", "prose", _at(scan, call), f"{ph.text}: no question '{key}' in any configured year")]
    key = ph.table_key
    if key in layout:
        if ph.key == "tabel":
            return []
        out = _check_rows(ctx, scan, call, ph, layout[key])
        out += _reversed_scale(ctx, scan, call, ph, layout[key])
        if ph.check is not None and check_name_problem(ph.check):
            out.append(Finding("error", "prose", _at(scan, call), f"{ph.text}: {check_name_problem(ph.check)}"))
        columns = list(layout[key].columns)
        before = columns[columns.index(ctx.year) - 1] if ctx.year in columns[1:] else None
        # review h106: !stabiel, !indicatief, a factor and a record too (they passed here; only the run stopped)
        records = [c for c in check_parts(ph.check) if c in ("hoogste-ooit", "laagste-ooit")]
        claimed = [c for c in check_parts(ph.check) if c in BEFORE_CHECKS] + records
        compared = columns[:columns.index(ctx.year)] if records and ctx.year in columns else [before]
        changed = next((c for c in compared if c is not None and layout[key].changed(c)), None)
        if layout[key].is_breakdown and any(c in TEST_CHECKS for c in check_parts(ph.check)):
            out.append(Finding("error", "prose", _at(scan, call), f"{ph.text}: {breakdown_test_problem(key)}"))
        elif claimed and changed is not None:
            out.append(Finding("error", "prose", _at(scan, call),
                               f"{ph.text}: in {layout[key].column_label(changed)} the question was asked differently "
                               f"({layout[key].changed(changed)}): no {claimed[0]} can be claimed against it"))
        printed = [layout[key].column_label(c) for c in layout[key].columns]
        if ph.column and ph.column not in ("trend", "vorig", *printed):
            out.append(Finding("error", "prose", _at(scan, call),
                               f"{ph.text}: table '{key}' has no column '{ph.column}' in {ctx.year} (its columns as "
                               f"printed: {', '.join(printed)}; or @trend, @vorig)"))
        if ph.column and ph.column not in ("n",) and layout[key].changes:
            changed = [layout[key].column_label(c) for c in layout[key].changes]
            out.append(Finding("note", "comparison", _at(scan, call),
                               f"{ph.text} compares with years whose question differed ({and_years(changed)}): "
                               "their figures get a footnote mark"))
        return out
    years = _elsewhere(ctx, key)
    if years:
        found = _not_asked(ctx, scan, call, key, "sentence", years)
        return [found] if found else []
    guess = difflib.get_close_matches(key or "", list(layout), n=1, cutoff=0.6)
    return [Finding("error", "prose", _at(scan, call), f"{ph.text}: no table '{key}' in any configured year's layout"
                    + (f" (did you mean '{guess[0]}'?)" if guess else ""))]


#: a scale typed into prose: "op een schaal van 1 tot 5", "schaal van 0 t/m 10", "schaal 1-5"
_TYPED_SCALE = re.compile(r"\bschaal\s+(?:van\s+)?(\d+)\s*(?:tot(?:\s+en\s+met)?|t/m|-|–)\s*(\d+)\b", re.IGNORECASE)


def _scale_problems(ctx: Context, scan: NotebookScan, call: Call, text: str) -> list[Finding]:
    """A scale typed into a sentence that is not the scale of the question its figures come from this
    year (review of the 2027 path: "gemiddeld op een schaal van 1 tot 5" beside a mean of 8,10 after
    the question went to 1-10)."""
    out = []
    for sentence in SENTENCE.split(text):
        for m in _TYPED_SCALE.finditer(sentence):
            typed = (int(m.group(1)), int(m.group(2)))
            for ph in placeholders(sentence):
                spec = ctx.layout.tables_by_key.get(ph.table_key or "")
                q = question_of(ctx.codebook, spec.question) if spec is not None and spec.question else None
                if q is None or not q.range or None in q.range or tuple(int(v) for v in q.range) == typed:
                    continue
                out.append(Finding("error", "prose", _at(scan, call),
                                   f"the sentence says ‘{m.group(0)}’, but {ph.text} comes from '{q.key}', whose "
                                   f"scale in {ctx.year} is {int(q.range[0])} to {int(q.range[1])} (the codebook's "
                                   "range): correct the sentence"))
                break
    return out


def _year_before_no_wave(ctx: Context, scan: NotebookScan, call: Call) -> Finding:
    """{vorig_jaar} in a year after a gap (2029 after 2027, no 2028 wave): it prints the calendar year
    before, while every figure beside it (``@vorig``, the trend table's previous column, the test of a
    claim of change) is the previous wave's: "meer dan in 2028 (2027: 20%)" (review of the 2027 path)."""
    return Finding("warning", "prose", _at(scan, call),
                   f"{{vorig_jaar}} prints {ctx.year - 1}, but no survey of {ctx.year - 1} is configured: the previous "
                   f"wave is {ctx.previous}, whose figures @vorig and the tables show beside {ctx.year}. Name the "
                   f"wave without the year ('dan in de vorige meting'), or keep {{vorig_jaar}} where the calendar "
                   "year is meant")


def _year_before_beside_typed_year(ctx: Context, scan: NotebookScan, call: Call, text: str) -> list[Finding]:
    """A sentence naming {vorig_jaar} beside the figure of a typed column year that is not the year before
    (review h89: "In {vorig_jaar} verzocht {maatwerk:1@2025} …", right in the 2026 report, printed the 2025
    figure under 2026 in 2027's). A sentence that types that year itself names it on purpose."""
    out = []
    for sentence in SENTENCE.split(text):
        if "{vorig_jaar}" not in sentence:
            continue
        for ph in placeholders(sentence):
            column = (ph.column or "").strip()
            if ph.table_key is None or not re.fullmatch(r"(?:19|20)\d\d", column) \
                    or int(column) == ctx.year - 1 or re.search(rf"(?<![@\d]){column}(?!\d)", sentence):
                continue
            out.append(Finding("warning", "prose", _at(scan, call),
                               f"{ph.text} is the figure of {column}, but the sentence names {{vorig_jaar}}, which "
                               f"prints {ctx.year - 1} in the {ctx.year} report: write "
                               f"{ph.text.replace('@' + ph.column, '@vorig')} (the previous wave's figure, in every "
                               "report)"))
    return out


#: the year before named in a sentence: {vorig_jaar}, or in words
_YEAR_BEFORE_WORDS = re.compile(r"\{vorig_jaar\}|\bvorig(?:e)?\s+jaar\b", re.IGNORECASE)


def _year_before_not_asked(ctx: Context, scan: NotebookScan, call: Call, text: str) -> list[Finding]:
    """The year before named beside a figure compared with the column before, in a table whose question
    the year before did not ask (review h94: 'urgent_wachtenden' asked in 2025 and 2027, not in 2026:
    "In {vorig_jaar} was dat {urgent_wachtenden:4@vorig}" printed 2026 beside the 2025 figure, and
    "meer dan in {vorig_jaar}" with !stijging compared 2027 with 2025), or of a year after a gap in the waves
    named in words ("vorig jaar"; ``{vorig_jaar}`` there is :func:`_year_before_no_wave`'s). A Kerncijfers card
    (``key_figure``: its label the sentence) always compares with the column before (review h96: the check read
    ``chapter.text`` only)."""
    out = []
    card = call.method == "key_figure"
    for sentence in SENTENCE.split(text):
        named = _YEAR_BEFORE_WORDS.search(sentence)
        if named is None or (ctx.previous != ctx.year - 1 and named.group(0) == "{vorig_jaar}"):
            continue
        for ph in placeholders(sentence):
            compares = card or ph.column == "vorig" or (ph.column is None and ph.check is not None
                                                        and bool(BEFORE_CHECKS & set(ph.check.split("!"))))
            before = _column_before(ctx, ph.table_key) if compares else None
            if before is None:
                continue
            spec = ctx.layout.tables_by_key[ph.table_key]
            why = (f"{ctx.year - 1} did not ask '{spec.question}'" if ctx.year - 1 in ctx.codebooks
                   else f"no survey of {ctx.year - 1} is configured")
            what = (f"the key figure {ph.text} (‘{call.title}’) prints the change since the column before {ctx.year}"
                    if card else f"{ph.text} compares with the column before {ctx.year}")
            out.append(Finding("warning", "prose", _at(scan, call),
                               f"{what} in '{spec.key}', which is {before}: {why}. The "
                               f"{'label' if card else 'sentence'} names ‘{named.group(0)}’, which is "
                               f"{ctx.year - 1}: name the year of the figure ({before}, under `if chapter.year == "
                               f"{ctx.year}:`) or the wave without a year ('de vorige meting waarin dit gevraagd is')"))
            break
    return out


def _column_before(ctx: Context, table_key: str | None) -> int | None:
    """The column before the survey year in table ``table_key`` when it is not the year before (that year
    asked no such question, or was no wave); None when it is, or the table has no column before."""
    spec = ctx.layout.tables_by_key.get(table_key or "")
    years = [c for c in spec.columns if isinstance(c, int)] if spec is not None else []
    if ctx.year not in years[1:]:
        return None
    before = years[years.index(ctx.year) - 1]
    asked = ctx.codebooks.get(ctx.year - 1)
    if before == ctx.year - 1 or (asked is not None and spec.question in asked):
        return None  # a column left out although asked: check_codes warns of the columns
    return before


def _asked_row_problem(ctx: Context, scan: NotebookScan, call: Call, key: str, row: str) -> list[Finding]:
    """``chapter.asked(key, row)`` with a row no configured year's table ``key`` has (review h89: "hlo_opslg",
    a typo of hlo_opslag): the condition is false in every year, and what it guards is never printed."""
    rows = {y: [str(r) for r in layout.tables_by_key[key].rows]
            for y, layout in sorted({**ctx.layouts, ctx.year: ctx.layout}.items()) if key in layout.tables_by_key}
    if any(row in r for r in rows.values()) or (not rows and key not in ctx.codebook and not _elsewhere(ctx, key)):
        return []  # a key no year knows is reported as such
    shown = f" ({ctx.year}: {', '.join(rows[ctx.year])})" if ctx.year in rows else ""
    return [Finding("error", "prose", _at(scan, call),
                    f"chapter.asked(\"{key}\", \"{row}\"): '{row}' is no row of table '{key}' in any configured "
                    f"year{shown}: the condition is never true and what it guards is never printed")]


def _first_time_problems(ctx: Context, scan: NotebookScan, call: Call, text: str) -> list[Finding]:
    """A sentence printed this year that says its question is new, while an earlier configured year asked it
    (review h89: "Dit jaar is voor het eerst gevraagd …", true in 2027, printed again in 2028 by the shared
    notebook). A typed year ("in 2027 voor het eerst") dates the claim and is left alone."""
    out = []
    for sentence in SENTENCE.split(text):
        claim = FIRST_TIME.search(sentence)
        if claim is None or re.search(r"(?<![\w{@])(?:19|20)\d\d(?!\d)", PLACEHOLDER.sub(" ", sentence)):
            continue
        for ph in placeholders(sentence):
            spec = ctx.layout.tables_by_key.get(ph.table_key or "")
            before = [y for y, cb in sorted(ctx.codebooks.items()) if y < ctx.year and spec is not None
                      and spec.question and spec.question in cb]
            if before:
                out.append(Finding("warning", "prose", _at(scan, call),
                                   f"the sentence says the question is new ('{claim.group(0)}'), but {ph.text} is of "
                                   f"'{spec.question}', which {and_years(before)} asked too: untrue in the {ctx.year} "
                                   f"report. Type the year it was first asked ('in {before[0]} voor het eerst'), or "
                                   "write the sentence under `if chapter.year == <that year>:`"))
                break
    return out


_NAMES_SURVEY = re.compile(r"\b(?:enqu[eê]te|vragenlijst|meting|peiling|editie)\b", re.IGNORECASE)


def _year_word_offset_problems(ctx: Context, scan: NotebookScan, call: Call, text: str) -> list[Finding]:
    """{jaar} beside this year's figure, or {vorig_jaar} beside the @vorig figure, of a question about another
    year than the survey's (``year_offset``; review h89: "In {jaar} bereikte {herschikking_intramuraal:1}
    overeenstemming over de herschikking" printed 2027 for the herschikking of 2026). A sentence naming the
    survey ("in de enquête van {jaar}") means the survey year."""
    out = []
    for sentence in SENTENCE.split(text):
        for ph in placeholders(sentence):
            spec = ctx.layout.tables_by_key.get(ph.table_key or "")
            q = question_of(ctx.codebook, spec.question) if spec is not None and spec.question else None
            if q is None or not q.year_offset or ph.rows in (None, "n"):
                continue
            column = (ph.column or "").strip()
            if column == "" and "{jaar}" in sentence and not _NAMES_SURVEY.search(sentence):
                word, printed, about = "{jaar}", ctx.year, ctx.year + q.year_offset
            elif column == "vorig" and "{vorig_jaar}" in sentence and ctx.previous is not None:
                word, printed, about = "{vorig_jaar}", ctx.year - 1, ctx.previous + q.year_offset
            else:
                continue
            out.append(Finding("warning", "prose", _at(scan, call),
                               f"{word} prints {printed}, but {ph.text} is about {about} ({q.key}: year_offset "
                               f"{q.year_offset}): write the year the answers are about ({{vorig_jaar}} for this "
                               "year's figure), or name the survey ('in de enquête van {jaar}')"))
            break
    return out


def _check_call(ctx: Context, scan: NotebookScan, call: Call) -> list[Finding]:
    out = []
    texts = [t for t in (call.arg if call.method in ("text", "key_figure") else None, call.title) if t]
    if call.method == "key_figure" and call.title:  # the card's label
        out += [Finding("error", "prose", _at(scan, call), p) for p in label_problems(call.title)]
        # review h123: "vroeg om maatwerk (40%)" beside the card's 22% passed; in chapter.text it is a warning
        out += [Finding("warning", "prose", _at(scan, call), p + " (a card's label is printed as written, beside the "
                        "card's own figure)") for p in typed_figure_problems(call.title)]
    if call.method == "key_figure" and any(ph.column or ph.check for ph in placeholders(call.arg or "")):
        # review h106: ("maatwerk", "1@2025", …) passed here; the run stopped on a row '1@2025'
        out.append(Finding("error", "prose", _at(scan, call),
                           f"the key figure {call.arg}: a card names a row of its table only (\"1\", not \"1@2025\" or "
                           "\"1!significant\"): it prints the survey year's figure, the year before and the test itself"))
    if call.method == "text" and not call.literal:  # review of the statistics: it reported 0 errors for one
        out.append(Finding("warning", "prose", _at(scan, call),
                           "chapter.text is given a text built at run time (a variable, an f-string, a call): "
                           "check-year cannot check its placeholders and claims, only the run does; write the "
                           "sentence as a string literal"))
    for text in texts:
        for problem in syntax_problems(text, list(ctx.layout.tables_by_key)):
            out.append(Finding("error", "prose", _at(scan, call), problem))
        if call.method == "text":
            out += [Finding("error", "prose", _at(scan, call), p) for p in comparison_problems(text)]
            out += [Finding("warning", "prose", _at(scan, call), p) for p in figureless_text_problems(text)]
            out += [Finding("warning", "prose", _at(scan, call), p) for p in claim_coverage_problems(text)]
            # a policy figure (the richttarief's 95,5%) can be meant: checked by a person each year
            out += [Finding("warning", "prose", _at(scan, call), p + "; a policy figure that is no result: "
                            "check it every year") for p in typed_figure_problems(text)]
            out += [Finding("warning", "prose", _at(scan, call), p) for p in typed_year_problems(text, ctx.year)
                    + typed_date_problems(text, ctx.year)]
            if shown_in(call.guards, ctx.year) is not False:  # a sentence for another wave's scale (h103)
                out += _scale_problems(ctx, scan, call, text)
        if "{vorig_jaar}" in text and ctx.previous is not None and ctx.previous != ctx.year - 1:
            out.append(_year_before_no_wave(ctx, scan, call))
        if "{vorig_jaar}" in text:
            out += _year_before_beside_typed_year(ctx, scan, call, text)
        if call.method == "text":
            out += _year_before_not_asked(ctx, scan, call, text)
        elif call.method == "key_figure" and text == call.title:  # the card's label beside its figure
            out += _year_before_not_asked(ctx, scan, call, f"{call.title} {call.arg}")
        if call.method == "text" and shown_in(call.guards, ctx.year) is not False:
            out += _first_time_problems(ctx, scan, call, text)
        if call.method == "text" and ("{jaar}" in text or "{vorig_jaar}" in text):
            out += _year_word_offset_problems(ctx, scan, call, text)
        for ph in placeholders(text):
            out += _check_placeholder(ctx, scan, call, ph)
    key = call.arg
    spec = ctx.layout.tables_by_key.get(key) if key else None
    if call.method == "table" and spec is not None and spec.chapter != scan.stem and key not in call.shows:
        out.append(Finding("error", "prose", _at(scan, call),
                           moved_table_problem(key, spec.number, spec.chapter, scan.stem)))
    if call.method in ("table", "trend_chart") and key and key not in ctx.layout.tables_by_key:
        years = _elsewhere(ctx, key)
        if not years:
            out.append(Finding("error", "prose", _at(scan, call), f"chapter.{call.method}(\"{key}\"): no table "
                                                                  f"'{key}' in any configured year's layout"))
        elif (lost := _table_key_lost(ctx, scan, call, key, f"chapter.{call.method} call", years)) is not None:
            out.append(lost)
        elif min(years) < ctx.year and key not in call.guards:
            out.append(Finding("note", "dropped", _at(scan, call),
                               f"'{key}' was asked in {and_years([y for y in years if y < ctx.year])}, not in "
                               f"{ctx.year}: the page says so in a note instead of the table"))
    if call.method == "shows" and key and key not in ctx.layout.tables_by_key and not _elsewhere(ctx, key):
        out.append(Finding("error", "prose", _at(scan, call),
                           f"chapter.shows(\"{key}\"): no table '{key}' in any configured year's layout"))
    if call.method == "asked" and key and call.row is not None:
        out += _asked_row_problem(ctx, scan, call, key, call.row)
    if call.method in ("themes", "explanations", "asked") and key and key not in ctx.codebook \
            and key not in ctx.layout.tables_by_key:
        years = sorted(set(_question_elsewhere(ctx, key)) | set(_elsewhere(ctx, key)))
        if not years:
            out.append(Finding("error", "prose", _at(scan, call),
                               f"chapter.{call.method}(\"{key}\"): no question or table '{key}' in any configured year"))
        elif call.method != "asked" and key not in call.guards:
            found = _not_asked(ctx, scan, call, key, f"chapter.{call.method} call", years)
            out += [found] if found else []
    return out


def _questions_not_asked_named(ctx: Context, paragraph: str) -> list[tuple[str, list[int]]]:
    """(key, years asked) of the questions other configured years asked and this year does not, whose key
    a paragraph of fixed text names as a word ("de hardheidsclausule" in the chapter's introduction of a
    year that dropped the question: review of the 2027 wave). A heading is not meant: it names the section
    in which the table's call prints that the year did not ask the question."""
    if paragraph.lstrip().startswith("#"):
        return []
    keys = sorted({q.key for y, cb in ctx.codebooks.items() if y != ctx.year for q in cb.questions
                   if q.key not in ctx.codebook})
    return [(key, _question_elsewhere(ctx, key)) for key in keys
            if re.search(rf"(?<!\w){re.escape(key).replace('_', '[ _]')}(?!\w)", paragraph, re.IGNORECASE)]


def check_prose(ctx: Context) -> list[Finding]:
    """Typed numbers, broken placeholders, rows a table lacks, prose about what the year did not ask."""
    return list(dict.fromkeys(f for scan in ctx.notebooks for f in notebook_prose_findings(ctx, scan)))


def notebook_prose_findings(ctx: Context, scan: NotebookScan) -> list[Finding]:
    """:func:`check_prose` of one notebook: a function of the year's files and that notebook alone (run_all
    keeps each notebook's findings and checks only the notebooks that changed again)."""
    out = []
    for line, typed in scan.typed_numbers:
        out.append(Finding("error", "prose", _at(scan, line),
                           f"‘{typed}’ typed into the notebook: numbers change between years; write "
                           "{tabel:KEY} or {vraag:KEY} (the number is assigned from the layout and the codebook)"))
    for call in scan.calls:
        out += _check_call(ctx, scan, call)
    for line, column, char in scan.controls:  # one in a markdown cell is printed into the page
        out.append(Finding("error", "prose", f"{_at(scan, line)}:{column}", control_character_problem(char)))
    for line, brace in scan.markdown_braces:
        out.append(Finding("error", "prose", _at(scan, line),
                           f"‘{brace}’ in a markdown cell: a markdown cell is printed as written, so the page "
                           "would show the braces; write the sentence with chapter.text(\"…\") (placeholders "
                           "are filled and checked there)"))
    for line, paragraph in scan.markdown:  # fixed text: no figure in it follows the data
        out += [Finding("error", "prose", _at(scan, line), p + " (in a markdown cell: write the sentence with "
                        "chapter.text(\"…\"), where placeholders are filled)")
                for p in placeholder_typos(paragraph, list(ctx.layout.tables_by_key))]
        out += [Finding("warning", "prose", _at(scan, line), p + " (if it is a policy figure, not a result: "
                        "check it every year)") for p in markdown_problems(paragraph)]
        out += [Finding("warning", "prose", _at(scan, line), p + " (this is fixed text: write it with chapter.text; "
                        "a policy figure that is no result: check it every year)")
                for p in typed_figure_problems(paragraph)]
        out += [Finding("warning", "prose", _at(scan, line), p + " (in a markdown cell: write it with chapter.text)")
                for p in typed_year_problems(paragraph, ctx.year) + typed_date_problems(paragraph, ctx.year)]
        out += [Finding("warning", "prose", _at(scan, line),
                        f"the fixed text names '{key}', which {ctx.year} did not ask (asked in {and_years(years)}): "
                        f"a markdown cell is printed every year; write the sentence with chapter.text under "
                        f"if chapter.asked(\"{key}\"):" + renamed_to(ctx, key))
                for key, years in _questions_not_asked_named(ctx, paragraph)]
    return list(dict.fromkeys(out))  # one finding per call, however often the sentence names the key


# ---------------------------------------------------------------------------------------------
# codeframe
# ---------------------------------------------------------------------------------------------
def _raw_frames(path: Path) -> dict:
    try:
        data = yaml.load(read_input_text(path), Loader=StrictLoader) or {}  # noqa: S506
    except (OSError, yaml.YAMLError):
        return {}
    questions = data.get("questions") if isinstance(data, dict) else None
    return questions if isinstance(questions, dict) else {}


def _frame_lines(path: Path) -> dict[str, int]:
    """Question key -> the line of its entry in a codeframe file."""
    try:
        root = yaml.compose(read_input_text(path), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError):
        return {}
    for key, value in getattr(root, "value", []):
        if getattr(key, "value", None) == "questions" and isinstance(value, yaml.MappingNode):
            return {k.value: k.start_mark.line + 1 for k, _ in value.value}
    return {}


def check_codeframe(ctx: Context) -> list[Finding]:
    """The year's codeframe: present when the previous wave had one, loadable, its themes on the same options."""
    path = ctx.config.sources(ctx.year).codeframe
    before = ctx.config.sources(ctx.previous).codeframe if ctx.previous is not None else None
    rel = ctx.rel(path)
    if not path.exists():
        if before is not None and before.exists():
            return [Finding("warning", "codeframe", rel,
                            f"no codeframe for {ctx.year}, while {ctx.previous} has one ({ctx.rel(before)}): the "
                            f"chapters would show no themes of the open answers. python -m wlzmonitor new-year "
                            f"inherits it by question key (or copy it and set year: {ctx.year})")]
        return []
    dropped = [k for k in _raw_frames(path) if k not in ctx.codebook]
    if dropped:
        lines = _frame_lines(path)
        return [Finding("error", "dropped", f"{rel}:{lines.get(k, '?')} ({k})",
                        f"themes for '{k}', which the {ctx.year} codebook does not have"
                        + (f" (asked in {ctx.previous}, dropped since)" if ctx.previous_codebook is not None
                           and k in ctx.previous_codebook else "") + ": remove them from the codeframe" + renamed_to(ctx, k))
                for k in dropped]
    try:
        frames = load_codeframes(path, ctx.codebook)
    except (CodeframeError, FileNotFoundError) as err:
        return [Finding("error", "codeframe", rel, str(err).replace(f"{path}, ", "").replace(f"{path}: ", ""))]
    out = []
    raw = _raw_frames(path)
    old_raw = _raw_frames(before) if before is not None and before.exists() else {}
    lines = _frame_lines(path) if old_raw else {}
    for key, frame in raw.items():
        title = frame.get("title") if isinstance(frame, dict) else None
        out += _stale_frame_title(ctx, f"{rel}:{lines.get(key, '?')} ({key})", title, old_raw.get(key))
        q = question_of(ctx.codebook, key)
        for typed in TYPED_NUMBER.findall(title or ""):
            if q is not None and typed.split()[-1] != q.number:
                out.append(Finding("error", "codeframe", f"{rel} ({key})",
                                   f"title says ‘{typed}’ but the {ctx.year} codebook numbers it {q.number_label}: "
                                   "write {vraag} in the title"))
    out += _categories(ctx, frames, before, rel)
    if before is not None and before.exists() and ctx.previous_codebook is not None:
        for q in ctx.codebook.questions:
            coded = q.type == "open" or q.text_field_options or q.comment
            if coded and not q.private and q.key not in ctx.previous_codebook and q.key not in frames.keys():
                # review h94: a question asked in 2025, not in 2026, again in 2027 was called new in 2027
                earlier = [y for y, cb in sorted(ctx.codebooks.items()) if y < ctx.year and q.key in cb]
                what = (f"is new in {ctx.year} and has open answers, but no themes" if not earlier else
                        f"has open answers, but no themes: it was not asked in {ctx.previous} (asked in "
                        f"{and_years(earlier)}), so the codeframe inherited from {ctx.previous} has none")
                out.append(Finding("warning", "codeframe", f"{rel} ({q.key})",
                                   f"{q.label} {what}: add it to the codeframe (or leave its answers uncoded on "
                                   "purpose)" + (renamed_from(ctx, q.key) if not earlier else "")))
    return out


def _stale_frame_title(ctx: Context, where: str, title, old_frame) -> list[Finding]:
    """A theme section's title word for word the previous wave's while that named a year of its wave (the year
    before, its own or the next: review h151, a codeframe copied by hand: 'Gevolgen van de contractering 2026'
    and 'Suggesties voor het inkoopbeleid 2027' headed the 2027 report's sections on the 2027 and 2028 questions,
    check-year silent; new-year moves these years). A fixed year further off (‘sinds 2020’) is left."""
    old_title = old_frame.get("title") if isinstance(old_frame, dict) else None
    if not isinstance(title, str) or title != old_title or ctx.previous is None:
        return []
    years = [y for y in dict.fromkeys(int(m) for m in re.findall(r"\b((?:19|20)\d\d)\b", title))
             if abs(y - ctx.previous) <= 1]
    if not years:
        return []
    delta = ctx.year - ctx.previous
    moved = re.sub(r"\b((?:19|20)\d\d)\b", lambda m: str(int(m.group(1)) + delta), title)
    return [Finding("warning", "codeframe", where,
                    f"title ‘{title}’ is word for word {ctx.previous}'s, which named {and_years(years)}: the {ctx.year} "
                    f"report would head this section with the year(s) of {ctx.previous}'s. Write ‘{moved}’ "
                    f"(new-year moves such years); if the {ctx.year} question does name {and_years(years)}, leave it "
                    "(this warning then stays)")]


def _categories(ctx: Context, frames, before: Path | None, rel: str) -> list[Finding]:
    """Themes for answer categories whose codes were renumbered since the previous wave."""
    if before is None or not before.exists():
        return []
    old_raw = _raw_frames(before)
    out = []
    for frame in frames:
        old = old_raw.get(frame.key) if isinstance(old_raw.get(frame.key), dict) else {}
        old_themes = {t.get("code"): t.get("categories") for t in old.get("themes") or [] if isinstance(t, dict)}
        mapping = ctx.maps.mapping(frame.key, ctx.previous, ctx.year)
        if mapping is None or all(a == b for a, b in mapping.items()):
            continue
        for theme in frame.themes:
            was = old_themes.get(theme.code)
            if not was or theme.categories is None:
                continue
            expected = sorted(mapping[c] for c in was if c in mapping)
            if sorted(theme.categories) != expected:
                out.append(Finding("error", "codeframe", f"{rel} ({frame.key}, theme {theme.code})",
                                   f"categories {list(theme.categories)}, but {ctx.previous}'s {was} are {expected} "
                                   f"in {ctx.year} (options renumbered)"))
    return out


def check_quote_themes(ctx: Context) -> list[Finding]:
    """The themes of the Kerncijfers page's approved quotes against the notebooks' ``chapter.quotes`` calls (review
    h153): a call of a theme that no quote has and the file's ``themes`` does not name stops its chapter (said here
    before the run), and an approved quote whose theme no call shows is never printed, without a word. A call whose
    theme is built at run time leaves the second unchecked; a file the run cannot read is named by the files check."""
    path = ctx.config.folder("quotes") / f"{ctx.year}.yml"
    calls = [(scan, call) for scan in ctx.notebooks for call in scan.of("quotes")]
    if not calls or not path.exists():
        return []
    try:
        entries, declared = read_quotes(path, ctx.year)
    except InputError:
        return []
    themes = [str(e.get("theme", "")) for e in entries]
    known = list(dict.fromkeys([*declared, *filter(None, themes)]))
    out = [Finding("error", "prose", _at(scan, call), unknown_theme_problem(call.arg, known, ctx.rel(path)))
           for scan, call in calls if call.arg is not None and known and call.arg not in known]
    shown = {call.arg for _, call in calls}
    if None in shown or not all(call.literal for _, call in calls):
        return out  # chapter.quotes() shows every quote; a theme built at run time is not read here
    for i, (entry, theme) in enumerate(zip(entries, themes), 1):
        if theme not in shown:
            whose = (f"its theme {theme!r} is shown by no chapter.quotes call" if theme
                     else "it has no theme, and every chapter.quotes call names one")
            out.append(Finding("error", "files", ctx.rel(path),
                               f"quote {i} (answer_id {entry['answer_id']}): {whose} of the notebooks (they show "
                               f"{', '.join(map(repr, sorted(shown)))}), so the approved quote is never printed: give "
                               "it one of those themes, or show it"))
    return out


CHECKS_PAGES = (check_shown, check_prose, check_codeframe, check_quote_themes)
