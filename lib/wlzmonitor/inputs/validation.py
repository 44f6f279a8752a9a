"""Validation of a survey export against its codebook.

:func:`validate` checks a raw export (all cells as text, see
:func:`wlzmonitor.inputs.reading.read_export`) against the codebook: columns, answer codes and
ranges, routing, required answers, the completion flag, respondent ids and the same organisation
under two respondent ids. It collects *every* problem first, as findings in the data-quality
log (:mod:`wlzmonitor.inputs.quality_log`, which describes the severities); when any of them is
an ``error`` it raises :class:`~wlzmonitor.inputs.quality_log.ExportError` listing them
(``err.findings`` holds the errors, ``err.log`` the full log). Otherwise it returns the rows
that can be analysed and the log of warnings and exclusions. Single cells are read by
:mod:`wlzmonitor.inputs.values`; :func:`convert_types` types the rows that passed.

Values of free-text columns are never repeated in messages: they may hold personal data.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from wlzmonitor.spec.codebook import Codebook, Condition, Question
from wlzmonitor.inputs.quality_log import DataQualityLog, ExportError, Finding, format_error_message
from wlzmonitor.inputs.reading import ROW
from wlzmonitor.inputs.values import ColumnSpec, format_number, normalise_label, option_labels

__all__ = [
    "validate",
    "validate_and_parse",
    "convert_types",
    "normalise_multi_routing",
]


# --------------------------------------------------------------------------------------------
# Typing the cells
# --------------------------------------------------------------------------------------------


def _options_expected(q: Question, options=None) -> str:
    opts = options if options is not None else q.options
    return "one of " + ", ".join(f"{o.code}={o.label}" for o in opts)


def _column_specs(codebook: Codebook) -> dict[str, ColumnSpec]:
    specs: dict[str, ColumnSpec] = {}
    for q in codebook.questions:
        if q.text_column:
            specs[q.text_column] = ColumnSpec(q.text_column, q, "text")
        if q.comment_column:
            specs[q.comment_column] = ColumnSpec(q.comment_column, q, "text")
        if q.type in ("single", "matrix"):
            exp = _options_expected(q)
            cols = [q.key] if q.type == "single" else list(q.item_columns().values())
            labels = option_labels(q.options)
            for c in cols:
                specs[c] = ColumnSpec(c, q, "code", exp, codes=q.codes, labels=labels)
        elif q.type == "multi":
            for code, c in q.option_columns().items():
                specs[c] = ColumnSpec(c, q, "binary", "0 (not selected) or 1 (selected)",
                                      codes=(0, 1), labels=option_labels([q.option(code)], 1))
        elif q.type in ("scale", "nps"):
            lo, hi = q.range  # type: ignore[misc]
            exp = f"a whole number from {lo} to {hi}"
            ends = tuple((normalise_label(lab), int(v)) for v, lab in (q.range_labels or {}).items()
                         if normalise_label(lab))
            for c in q.answer_columns():
                specs[c] = ColumnSpec(c, q, "int", exp, lo=lo, hi=hi, integer=True, labels=ends)
        elif q.type == "numeric":
            lo, hi = q.range if q.range else (None, None)
            integer = q.unit == "count"
            what = "a whole number" if integer else "a number"
            if lo is not None and hi is not None:
                exp = f"{what} from {format_number(lo)} to {format_number(hi)}"
            elif lo is not None:
                exp = f"{what} of at least {format_number(lo)}"
            elif hi is not None:
                exp = f"{what} of at most {format_number(hi)}"
            else:
                exp = what
            exp += {"percent": " (percent)", "euro": " (euro)", "count": ""}[q.unit or "count"]
            specs[q.key] = ColumnSpec(q.key, q, "number", exp, lo=lo, hi=hi, integer=integer,
                                      percent=q.unit == "percent")
        elif q.type == "open":
            for c in q.answer_columns():
                specs[c] = ColumnSpec(c, q, "text")
        elif q.type == "contact":
            cols = q.field_columns()
            for f in q.fields:
                c = cols[f.code]
                if f.options:
                    specs[c] = ColumnSpec(c, q, "code", _options_expected(q, f.options),
                                          codes=tuple(o.code for o in f.options),
                                          labels=option_labels(f.options))
                else:
                    specs[c] = ColumnSpec(c, q, "text")
    return specs


def _all_text(s: pd.Series) -> bool:
    """True when every cell is a str (what the readers produce): the fast paths apply."""
    return s.dtype == object and pd.api.types.infer_dtype(s, skipna=False) in ("string", "empty")


def _text_cells(s: pd.Series) -> pd.Series:
    """Cells as stripped text ('' for empty / missing)."""
    if _all_text(s):  # strip each distinct text once, not each cell
        codes, uniques = pd.factorize(s.to_numpy(dtype=object))
        stripped = np.array([u.strip() for u in uniques] or [""], dtype=object)
        return pd.Series(stripped[codes] if len(codes) else [], index=s.index, name=s.name, dtype=object)

    def one(v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()
    return s.map(one).astype(object)


def _parse_frame(df: pd.DataFrame, codebook: Codebook
                 ) -> tuple[pd.DataFrame, list[tuple[Any, str, str, str]],
                            list[tuple[Any, str, str, str]]]:
    """Typed copy of ``df`` (invalid cells -> NA), the problems (index, column, issue,
    expected) and the repairs (index, column, cell text, what was done). Routing is not
    applied here."""
    specs = _column_specs(codebook)
    out: dict[str, pd.Series] = {}
    problems: list[tuple[Any, str, str, str]] = []
    repairs: list[tuple[Any, str, str, str]] = []
    for c in df.columns:
        if c == ROW:
            out[c] = df[c]
            continue
        if c == codebook.id_column:
            out[c] = _text_cells(df[c]).astype("string")
            continue
        cells = _text_cells(df[c])
        if c == codebook.complete_column:
            spec = ColumnSpec(c, None, "binary", "1 (complete) or 0 (incomplete)",  # type: ignore
                              codes=(0, 1))
        else:
            spec = specs.get(c)
            if spec is None:  # not a codebook column: leave as text
                out[c] = cells.replace("", pd.NA).astype("string")
                continue
        if spec.kind == "text":
            if _all_text(df[c]):
                raw = df[c].astype(object).where(cells.ne(""), pd.NA)
            else:
                raw = df[c].map(lambda v: pd.NA if v is None or v is pd.NA
                                or (isinstance(v, float) and math.isnan(v))
                                or str(v).strip() == "" else str(v))
            out[c] = raw.astype("string")
            continue
        # parse each distinct cell text once (a column holds a handful of codes), then spread
        codes, uniques = pd.factorize(cells.to_numpy(dtype=object))
        parsed = np.empty(len(uniques), dtype=object)
        issues: list[str | None] = []
        fixes: list[str | None] = []
        for j, text in enumerate(uniques):
            if text == "":
                parsed[j] = pd.NA
                issues.append("empty" if c == codebook.complete_column else None)
                fixes.append(None)
                continue
            v, issue, fix = spec.parse(text)
            parsed[j] = pd.NA if issue is not None else v
            issues.append(issue)
            fixes.append(fix)
        for pos in np.flatnonzero(np.array([i is not None for i in issues], dtype=bool)[codes]) if len(codes) else ():
            problems.append((df.index[pos], c, issues[codes[pos]], spec.expected))
        if any(f is not None for f in fixes):
            for pos in np.flatnonzero(np.array([f is not None for f in fixes], dtype=bool)[codes]):
                repairs.append((df.index[pos], c, uniques[codes[pos]], fixes[codes[pos]]))
        out[c] = pd.Series(_typed_array(parsed, codes, spec.dtype), index=df.index)
    return pd.DataFrame(out, index=df.index), problems, repairs


def _typed_array(parsed: np.ndarray, codes: np.ndarray, dtype: str):
    """The column of ``dtype`` whose cell i is ``parsed[codes[i]]`` (pd.NA = missing).

    Builds the masked array directly; the same as ``Series(object values).astype(dtype)``
    without converting every cell on its own.
    """
    missing = np.array([v is pd.NA for v in parsed], dtype=bool)
    if dtype == "Int64":
        data = np.array([0 if m else v for v, m in zip(parsed, missing)], dtype=np.int64)
        return pd.arrays.IntegerArray(data[codes], missing[codes])
    if dtype == "Float64":
        data = np.array([0.0 if m else v for v, m in zip(parsed, missing)], dtype=np.float64)
        return pd.arrays.FloatingArray(data[codes], missing[codes])
    return pd.Series(parsed[codes], dtype=object).astype(dtype).array


def normalise_multi_routing(typed: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Typed rows with the options of multi questions set by routing: not asked -> every
    option NA (an export may hold 0s there); asked and at least one option selected -> empty
    options are 0 (not selected). The last step of :func:`convert_types`."""
    typed = typed.copy()
    for q in codebook.questions:
        if q.type != "multi" or not all(c in typed.columns for c in q.answer_columns()):
            continue
        cols = q.answer_columns()
        asked = codebook.asked_mask(q, typed)
        chosen = typed[cols].eq(1).fillna(False).any(axis=1)
        for c in cols:
            typed.loc[~asked, c] = pd.NA
            typed.loc[asked & chosen, c] = typed.loc[asked & chosen, c].fillna(0)
    return typed


def convert_types(df: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Typed copy of validated rows: codes -> Int64, numeric -> Float64 (count: Int64),
    text -> string; multi options normalised for routing (see :func:`validate`)."""
    typed, _, _ = _parse_frame(df, codebook)
    return normalise_multi_routing(typed, codebook)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def _facts(cond: Condition, typed_row: pd.Series, item: str | None) -> str:
    """``zorgtype = 3`` -- what this row answered to the questions a condition reads."""
    parts: list[str] = []
    for leaf in cond.leaves():
        if leaf.multi_codes:
            sel = [str(c) for c in leaf.multi_codes
                   if typed_row.get(f"{leaf.question}__{c}") is not pd.NA
                   and typed_row.get(f"{leaf.question}__{c}") == 1]
            part = f"{leaf.question} selected: {', '.join(sel) if sel else 'none'}"
        else:
            col = leaf._leaf_columns(item)[0]
            v = typed_row.get(col, pd.NA)
            part = f"{col} = {'empty' if v is pd.NA or pd.isna(v) else format_number(float(v))}"
        if part not in parts:
            parts.append(part)
    return "; ".join(parts)


def _same_organisation(column: str, role: str, cells: pd.Series, labels: pd.Index,
                       rows: pd.Series, ids: pd.Series, text: dict[str, pd.Series],
                       answer_cols: list[str], skip: set, add, owner) -> set:
    """Rows that give the same organisation (``role='organisation'``) or the same contact
    e-mail address (``role='email'``) as an earlier row under another respondent id.

    Identical answers to every question: a double submission, the later row is excluded as a
    duplicate. Different answers: for the same organisation an error (one response per
    organisation; the loader cannot know which one counts), for the same e-mail address a
    warning only (a contact person may answer for two member organisations). Only complete
    rows that are not already excluded are compared; the value itself is never repeated.
    Returns the rows excluded.
    """
    what = "organisation" if role == "organisation" else "contact e-mail address"
    codes, uniques = pd.factorize(cells.to_numpy(dtype=object))
    norm = np.array([normalise_label(u) for u in uniques] or [""], dtype=object)
    key = pd.Series(norm[codes] if len(codes) else [], index=labels, dtype=object)
    key = key[(key != "") & ~labels.isin(list(skip))]
    repeated = key[key.duplicated(keep=False)]
    excluded: set = set()
    if repeated.empty:
        return excluded
    q = owner.get(column)
    first_of = repeated.index.to_series().groupby(repeated.to_numpy(), sort=False
                                                  ).transform("first")
    later = first_of[first_of.index != first_of.to_numpy()]
    later = later[[ids[i] != ids[f] for i, f in later.items()]]  # same id: reported above
    if later.empty:
        return excluded
    pos = labels.get_indexer(later.index)
    fpos = labels.get_indexer(later.to_numpy())
    differs = np.column_stack([text[c].to_numpy(dtype=object)[pos]
                               != text[c].to_numpy(dtype=object)[fpos] for c in answer_cols])
    for k, (idx, first) in enumerate(later.items()):
        where = f"row {int(rows[first])} (respondent id '{ids[first]}')"
        diff = [answer_cols[j] for j in np.flatnonzero(differs[k])]
        if not diff:
            excluded.add(idx)
            add(idx, column, q, "excluded",
                f"duplicate of {where}: the same {what} under another respondent id, "
                "with identical answers", "one response per organisation",
                "row excluded (double submission)")
            continue
        shown = ", ".join(diff[:5]) + (f" and {len(diff) - 5} more" if len(diff) > 5 else "")
        if role == "organisation":
            add(idx, column, q, "error",
                f"the same {what} as {where} under another respondent id, with different "
                f"answers (columns {shown})", "one response per organisation",
                "fix the export: keep the response that counts, remove the other")
        else:
            add(idx, column, q, "warning",
                f"the same {what} as {where}, with different answers: possibly the same "
                "organisation twice", None,
                "kept (one person may answer for two organisations); check the export")
    return excluded


def validate(raw: pd.DataFrame, codebook: Codebook, source: str | Path
             ) -> tuple[pd.DataFrame, DataQualityLog]:
    """Check an export against ``codebook``; return (analysable rows, log).

    ``raw`` holds the export's cells (text) and a ``__row__`` column (spreadsheet row numbers).
    The returned rows keep the codebook's columns (extra columns dropped) and ``__row__``,
    still as text: :func:`convert_types` types them. Raises :class:`ExportError` when any
    finding is an ``error``.
    """
    rows, log, _ = validate_and_parse(raw, codebook, source)
    return rows, log


def validate_and_parse(raw: pd.DataFrame, codebook: Codebook, source: str | Path, *,
                       log: DataQualityLog | None = None,
                       identity: Iterable[tuple[str, str, pd.Series]] = ()
                       ) -> tuple[pd.DataFrame, DataQualityLog, pd.DataFrame]:
    """:func:`validate`, plus the typed cells it parsed to check them (all rows it read).

    ``parsed.loc[rows.index]`` holds what ``_parse_frame`` gives for the returned rows, so
    ``normalise_multi_routing(parsed.loc[rows.index], codebook)`` equals ``convert_types(rows,
    codebook)`` without parsing every cell a second time.

    ``log``: findings made before (the export mapping); validation adds to it.
    ``identity``: identifying columns that are not codebook columns (an export's organisation
    name), as ``(column, role, cells)`` with role ``organisation`` or ``email``; they are
    only compared between rows (see :func:`_same_organisation`), never kept.
    ``raw.attrs["export_columns"]`` (codebook column -> the export's header, set by the
    mapping) makes findings name the export's header too.
    """
    file = str(source)
    log = log if log is not None else DataQualityLog()
    export_columns: dict[str, str] = dict(raw.attrs.get("export_columns") or {})
    raw = raw.copy()
    if ROW not in raw.columns:
        raw[ROW] = range(2, len(raw) + 2)
    expected = codebook.columns()
    owner = codebook.column_owner()
    present = [c for c in raw.columns if c != ROW]

    # -- columns --------------------------------------------------------------------------
    missing_cols = [c for c in expected if c not in present]
    for c in missing_cols:
        q = owner.get(c)
        want = (f"a column named '{export_columns[c]}' (the export mapping's name for '{c}')"
                if c in export_columns else f"a column named '{c}'")
        log.add(Finding(file, None, None, c, q.label if q else None, "error",
                        "missing expected column", want, "add the column to the export",
                        export_columns.get(c)))
    for c in present:
        if c not in expected:
            log.add(Finding(file, None, None, str(c), None, "warning",
                            f"unexpected column, not in codebook {codebook.year}", None,
                            "column dropped (it could hold personal data)"))
    if codebook.id_column in missing_cols or codebook.complete_column in missing_cols:
        raise ExportError(format_error_message(file, log.errors), log.errors, log)

    df = raw[[c for c in expected if c in present] + [ROW]].copy()
    for c in missing_cols:
        df[c] = ""
    df = df[expected + [ROW]]
    text = {c: _text_cells(df[c]) for c in expected}
    rows = df[ROW].astype(int)
    ids = text[codebook.id_column]
    id_of = {idx: (v or None) for idx, v in ids.items()}

    def add(idx: Any, column: str | None, q: Question | None, severity: str, issue: str,
            expected_: str | None = None, action: str | None = None) -> None:
        log.add(Finding(file, int(rows[idx]), id_of[idx], column, q.label if q else None,
                        severity, issue, expected_, action,
                        export_columns.get(column) if column else None))

    # -- respondent ids and duplicates ----------------------------------------------------
    for idx in df.index[ids == ""]:
        add(idx, codebook.id_column, None, "error", "empty respondent id",
            "a unique respondent id", "fill in the id")
    dup_copy: set[Any] = set()
    nonempty = ids[ids != ""]
    repeated = nonempty[nonempty.duplicated(keep=False)]  # only ids on more than one row
    for rid, group in repeated.groupby(repeated, sort=False):
        first = group.index[0]
        for idx in group.index[1:]:
            diff = [c for c in expected if text[c].at[idx] != text[c].at[first]]
            if not diff:
                dup_copy.add(idx)
                add(idx, codebook.id_column, None, "excluded",
                    f"duplicate of row {int(rows[first])}", "unique respondent ids",
                    "row excluded (identical copy)")
            else:
                shown = ", ".join(diff[:5]) + (f" and {len(diff) - 5} more" if len(diff) > 5
                                               else "")
                add(idx, codebook.id_column, None, "error",
                    f"respondent id '{rid}' also on row {int(rows[first])} with different "
                    f"answers (columns {shown})", "unique respondent ids",
                    "fix the export: remove or renumber one of the rows")

    # -- values ---------------------------------------------------------------------------
    typed, problems, repairs = _parse_frame(df[expected + [ROW]], codebook)
    for idx, col, issue, exp in problems:
        if idx in dup_copy:
            continue
        q = owner.get(col)
        add(idx, col, q, "error", issue, exp, "fix the export")
    for idx, col, cell, done in repairs:
        if idx in dup_copy:
            continue
        add(idx, col, owner.get(col), "repaired", f"got '{cell}'", None, done)

    complete = typed[codebook.complete_column]
    incomplete = set(df.index[complete.eq(0).fillna(False)]) - dup_copy
    for idx in sorted(incomplete, key=lambda i: rows[i]):
        add(idx, codebook.complete_column, None, "excluded", "incomplete response",
            None, "row excluded")

    # -- the same organisation under two respondent ids -----------------------------------
    keys: list[tuple[str, str, pd.Series]] = [
        (c, role, _text_cells(cells.reindex(raw.index)).set_axis(df.index))
        for c, role, cells in sorted(identity, key=lambda k: k[1] != "organisation")]
    for q in codebook.questions:
        if q.type == "contact":
            for code, c in q.field_columns().items():
                if code in ("email", "e-mail", "e_mail"):
                    keys.append((c, "email", text[c]))
                elif code in ("organisatie", "organisation"):
                    keys.append((c, "organisation", text[c]))
    private = set(codebook.private_columns())
    answer_cols = [c for c in expected if c != codebook.id_column and c not in private]
    for column, role, cells in keys:
        dup_copy |= _same_organisation(column, role, cells, df.index, rows, ids, text,
                                       answer_cols, dup_copy | incomplete, add, owner)
    # Row checks below work on numpy arrays by position and visit only the rows a check can
    # flag, in row order, so the findings come out as a row-by-row scan would give them.
    labels = df.index
    routed = ~(labels.isin(list(dup_copy)) | labels.isin(list(incomplete)))
    is_complete = complete.eq(1).fillna(False).to_numpy(dtype=bool)
    text_of = {c: text[c].to_numpy(dtype=object) for c in expected}
    filled = {c: text_of[c] != "" for c in expected}

    # -- routing and required answers -----------------------------------------------------
    required_missing: set[Any] = set()
    for q in codebook.questions:
        cols = [c for c in q.columns()]
        if any(c in missing_cols for c in cols) or (
                q.asked_if is not None and any(c in missing_cols for c in q.asked_if.columns())):
            continue
        asked = codebook.asked_mask(q, typed).to_numpy(dtype=bool)
        if q.type == "multi":
            opt_cols = q.answer_columns()
            content_of = {c: (typed[c].eq(1).fillna(False).to_numpy(dtype=bool)
                              | (filled[c] & typed[c].isna().to_numpy(dtype=bool))) for c in opt_cols}
        else:
            content_of = {}
        for c in q.columns():
            if c not in content_of:
                content_of[c] = filled[c]

        # answers where the question was not asked (content implies a non-empty cell)
        zero_only = 0
        for pos in np.flatnonzero(routed & ~asked & np.logical_or.reduce([filled[c] for c in cols])):
            idx = labels[pos]
            for c in cols:
                if content_of[c][pos]:
                    spec_text = c in (q.text_column, q.comment_column) or q.type in ("open",) \
                        or (q.type == "contact" and typed[c].dtype == "string")
                    got = "got text" if spec_text else f"got '{text_of[c][pos]}'"
                    add(idx, c, q, "error",
                        f"{got} but the question was not asked because "
                        f"{q.asked_if.describe(codebook, negate=True)}"  # type: ignore[union-attr]
                        f" (this row: {_facts(q.asked_if, typed.loc[idx], None)})",  # type: ignore
                        "empty", "fix the export (or the routing in the codebook)")
                elif q.type == "multi" and text_of[c][pos] != "":
                    zero_only += 1
        if zero_only:
            log.add(Finding(file, None, None, f"{q.key}__*", q.label, "warning",
                            f"{zero_only} cell(s) hold 0 where the question was not asked",
                            "empty", "treated as empty (not asked)"))

        # items that were not asked
        item_asked: dict[Any, np.ndarray] = {}
        if q.items:
            masks = codebook.item_asked_masks(q, typed)
            item_asked = {it.code: masks[it.code].to_numpy(dtype=bool) for it in q.items}
            if q.item_asked_if is not None:
                flagged = np.logical_or.reduce(
                    [~item_asked[it.code] & content_of[f"{q.key}__{it.code}"] for it in q.items])
                for pos in np.flatnonzero(routed & asked & flagged):
                    idx = labels[pos]
                    for it in q.items:
                        c = f"{q.key}__{it.code}"
                        if not item_asked[it.code][pos] and content_of[c][pos]:
                            add(idx, c, q, "error",
                                f"got '{text_of[c][pos]}' but item {it.code} was not asked because "
                                f"{q.item_asked_if.describe(codebook, negate=True)} (this row: "
                                f"{_facts(q.item_asked_if, typed.loc[idx], it.code)})",
                                "empty", "fix the export (or the routing in the codebook)")

        # required answers missing (complete responses only)
        answer_cols = q.answer_columns()
        considered = routed & asked & is_complete
        if q.items:
            n_asked = np.sum([item_asked[it.code] for it in q.items], axis=0)
            n_answered = np.sum([item_asked[it.code] & content_of[f"{q.key}__{it.code}"]
                                 for it in q.items], axis=0)
            considered &= n_asked > 0  # no item asked: nothing to answer
            missing = n_answered == 0
            gaps_left = (n_answered > 0) & (n_answered < n_asked)
        else:
            missing = ~np.logical_or.reduce([content_of[c] for c in answer_cols])
            gaps_left = np.zeros(len(labels), dtype=bool)
        for pos in np.flatnonzero(considered & (gaps_left | (missing & bool(q.required)))):
            idx = labels[pos]
            if gaps_left[pos]:
                asked_items = [it.code for it in q.items if item_asked[it.code][pos]]
                gaps = [i for i in asked_items if not content_of[f"{q.key}__{i}"][pos]]
                add(idx, f"{q.key}__{gaps[0]}", q, "warning",
                    f"item(s) {', '.join(gaps)} not answered", "an answer to every item",
                    "kept; the item counts as not answered")
            if missing[pos] and q.required:
                required_missing.add(idx)
                col = answer_cols[0] if len(answer_cols) == 1 else f"{q.key}__*"
                why = (f"asked because {q.asked_if.describe(codebook)}" if q.asked_if
                       else "asked of everyone")
                add(idx, col, q, "excluded", f"incomplete: {q.number_label} missing",
                    f"an answer ({why})", "row excluded")
        if q.type == "multi":
            answered_rows = considered & ~missing
            blank_multi = int(sum(int((answered_rows & ~filled[c]).sum()) for c in answer_cols))
            if blank_multi:
                log.add(Finding(file, None, None, f"{q.key}__*", q.label, "warning",
                                f"{blank_multi} empty option cell(s) in answered rows",
                                "0 or 1", "treated as 0 (not selected)"))

        # text belonging to an option that was not chosen
        if q.text_column and q.type in ("single", "multi"):
            if q.type == "single":
                ok = typed[q.key].isin(list(q.text_field_options)).fillna(False).to_numpy(dtype=bool)
            else:
                ok = np.logical_or.reduce(
                    [typed[f"{q.key}__{c}"].eq(1).fillna(False).to_numpy(dtype=bool)
                     for c in q.text_field_options] or [np.zeros(len(labels), dtype=bool)])
            for pos in np.flatnonzero(routed & asked & content_of[q.text_column] & ~ok):
                add(labels[pos], q.text_column, q, "warning",
                    "text given although no option with a text field was chosen",
                    "text only with option(s) "
                    + ", ".join(map(str, q.text_field_options)), "kept")

    # -- outcome --------------------------------------------------------------------------
    if log.errors:
        raise ExportError(format_error_message(file, log.errors), log.errors, log)
    excluded = dup_copy | incomplete | required_missing
    keep = [i for i in df.index if i not in excluded]
    return df.loc[keep, expected + [ROW]], log, typed
