"""From a survey tool's export to the codebook's columns: the per-year export mapping.

A survey tool names its columns after its own question ids or texts, writes labels instead of
codes (often with the questionnaire's prefixes and routing hints), may put a multi-response
question in one delimited column, writes a text box per choice, may use two or three header
rows, and mixes previews, test and unfinished responses with the real ones. The mapping file
``data/mappings/<year>.yml`` (:mod:`wlzmonitor.inputs.mapping_file`: schema and checks; the
keys in ``docs/mapping_exports.md``) says how such an export becomes the canonical export of
``docs/data_contracts.md`` §2. No file = the export already uses the codebook's column names
and codes (as the demo export does).

:func:`apply_mapping` runs between :func:`wlzmonitor.inputs.reading.read_export` and validation:

0. the rows are put in the canonical order (:mod:`wlzmonitor.inputs.row_order`);
1. ``exclude`` rules drop rows that are no respondents (preview, test, spam: one ``excluded``
   finding each, with its own reason), and ``complete`` sets the completion flag from the
   export's status columns (:mod:`wlzmonitor.inputs.row_rules`);
2. columns listed under ``ignore`` are dropped (one warning each);
3. ``identifying`` columns (organisation name, e-mail address, IP address, ... that are no
   codebook question) go to the private side: never analysed, never written; the organisation
   and e-mail columns are used to find the same organisation under two respondent ids; then
   the values ``missing`` declares the tool's mark for no answer ("N/A", -99) are emptied (one
   line per column with the count);
4. ``columns`` renames the export's headers to codebook columns (case- and
   whitespace-insensitive); several headers may feed one free-text column (a text box per
   choice: their texts are combined);
5. ``multi`` expands one delimited column into the codebook's one 0/1 column per option,
   splitting on the known labels, longest first; ``selects`` makes a filled text column select
   its option;
6. labels become codes (:class:`wlzmonitor.inputs.labels.LabelTable`): the codebook's own
   labels and labels cleaned by the mapping's ``labels`` patterns are routine (one summary
   line); labels the mapping declares under ``values`` are logged once per column and value;
   empty option cells of an answered multi question become 0 (routine);
7. a column the mapping does not mention that holds answers is an error (nothing is lost
   silently); an empty one is dropped by validation with a warning.

:func:`apply_value_labels` applies an SPSS file's value labels. A value that cannot be mapped
is left as it is, and validation reports it as an error naming the file, row, column,
question and the expected values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wlzmonitor.spec.codebook import Codebook, Question
from wlzmonitor.inputs.labels import LabelPatterns, LabelTable, Resolved, split_choices
from wlzmonitor.inputs.mapping_file import (
    HEADER_ROWS,
    IDENTIFYING_ROLES,
    ExcludeRule,
    ExportMapping,
    MappingError,
    MultiColumn,
    header_key,
    looks_personal,
    load_mapping,
    mapping_for_year,
)
from wlzmonitor.inputs.quality_log import ExportError, Finding, describe_value, format_error_message, rows_text
from wlzmonitor.inputs.reading import ROW, SAV_DATES
from wlzmonitor.inputs.row_order import canonical_row_order, finding_ids
from wlzmonitor.inputs.row_rules import CODE_LIKE, MISSING_WORDS, REASONS, completion_word, without_text_prefix
from wlzmonitor.inputs.values import format_number, normalise_label, parse_number

__all__ = ["ExportMapping", "ExcludeRule", "MappingError", "MultiColumn", "load_mapping",
           "mapping_for_year", "apply_mapping", "apply_value_labels", "LABEL_NOTES", "IDENTIFYING_ROLES",
           "HEADER_ROWS", "label_table", "Routine", "DELIMITERS_ONLY"]



class Routine:
    """Counts of routine normalisations (one summary line in the log, not one per cell)."""

    def __init__(self) -> None:
        self.exact = 0
        self.pattern = 0
        self.columns: set[str] = set()
        self.blank_options = 0

    def finding(self, file: str, mapping: ExportMapping) -> Finding | None:
        parts = []
        labels = self.exact + self.pattern
        if labels:
            how = [f"{self.exact} exactly as the codebook words it"] if self.exact else []
            how += [f"{self.pattern} after {mapping.name}'s label patterns"] if self.pattern else []
            parts.append(f"{labels} cell(s) in {len(self.columns)} column(s) held an option's "
                         f"label ({', '.join(how)})")
        if self.blank_options:
            parts.append(f"{self.blank_options} empty option cell(s) of answered "
                         "multi-response questions")
        if not parts:
            return None
        return Finding(file, None, None, None, None, "repaired", "routine: " + "; ".join(parts),
                       None, "labels read as their option's code, empty option cells as 0 "
                       "(not selected); not listed one by one")


def _slug(h: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", h.casefold()).strip("_") or "kolom"


def _coded_columns(q: Question) -> list[str]:
    """The columns of ``q`` that hold codes or numbers (not its free-text columns)."""
    if q.type == "contact":
        cols = q.field_columns()
        return [cols[f.code] for f in q.fields if f.options]
    if q.type == "open":
        return []
    return q.answer_columns()


def _value_table(mapping: ExportMapping | None, codebook: Codebook, column: str,
                 q: Question | None) -> tuple[dict[str, int], dict[str, str]]:
    """The label -> code table that applies to ``column`` and where each entry comes from
    (empty for a free-text column)."""
    out: dict[str, int] = {}
    source: dict[str, str] = {}
    if mapping is None or (q is not None and column not in _coded_columns(q)):
        return out, source
    shared = q is not None and q.type in ("single", "matrix", "contact")
    for target in (["*"] if shared else []) + ([q.key] if q is not None else []) + [column]:
        for label, code in mapping.values.get(target, {}).items():
            out[label] = code
            source[label] = f"values.{target}"
    return out, source


def _label_pairs(options, code: int | None = None) -> list[tuple[str, int]]:
    """(label, code) of options' labels and short labels, as the codebook words them; a label
    two options share is left out. ``code``: every label reads as this code."""
    owners: dict[str, set[int]] = {}
    for o in options:
        for text in (o.label, o.short_label):
            if text:
                owners.setdefault(normalise_label(text), set()).add(o.code)
    return [(text, code if code is not None else o.code) for o in options
            for text in (o.label, o.short_label)
            if text and len(owners[normalise_label(text)]) == 1]


def label_table(mapping: ExportMapping | None, codebook: Codebook, column: str,
                q: Question | None) -> LabelTable | None:
    """The labels ``column`` may hold and their codes; None for a column without codes."""
    if q is None:
        if column != codebook.complete_column:
            return None
        pairs, codes = [], (0, 1)
    elif column not in _coded_columns(q):
        return None
    elif q.type == "multi":
        code = int(column.rsplit("__", 1)[1])
        pairs, codes = _label_pairs([q.option(code)], 1), (0, 1)
    elif q.type in ("scale", "nps"):
        lo, hi = q.range  # type: ignore[misc]
        pairs = [(lab, int(v)) for v, lab in (q.range_labels or {}).items() if lab]
        codes = tuple(range(int(lo), int(hi) + 1))
    elif q.type == "contact":
        fld = next(f for f in q.fields if q.field_columns()[f.code] == column)
        pairs, codes = _label_pairs(fld.options), tuple(o.code for o in fld.options)
    elif q.type in ("single", "matrix"):
        pairs, codes = _label_pairs(q.options), q.codes
    else:
        return None
    table, why = _value_table(mapping, codebook, column, q)
    source = mapping.name if mapping is not None else ""
    declared = {k: (v, f"{source}: {why[k]}") for k, v in table.items()}
    patterns = LabelPatterns()
    if mapping is not None:
        for target in ("*",) + ((q.key,) if q is not None else ()) + (column,):
            if target in mapping.labels:
                patterns = patterns.merged(mapping.labels[target])
    return LabelTable(pairs, codes, declared, patterns)


# --------------------------------------------------------------------------------------------
# applying a mapping
# --------------------------------------------------------------------------------------------


def apply_mapping(raw: pd.DataFrame, mapping: ExportMapping, codebook: Codebook,
                  source: str | Path
                  ) -> tuple[pd.DataFrame, list[Finding], pd.DataFrame,
                             list[tuple[str, str, pd.Series]]]:
    """The export in canonical form; see the module docstring.

    Returns ``(frame, findings, private, identity)``: ``frame`` has codebook column names
    (plus empty columns the mapping does not mention, which validation drops with a warning)
    and ``frame.attrs["export_columns"]`` (codebook column -> export header); ``private`` the
    identifying columns (same index); ``identity`` the organisation and e-mail columns for
    :func:`wlzmonitor.inputs.validation.validate_and_parse`. Rows the ``exclude`` rules drop
    are not in ``frame`` (their findings are).
    """
    mapping.check(codebook)
    file = str(source)
    _check_headers_found(raw, mapping, codebook, file)
    export_columns: dict[str, str] = {}
    routine = Routine()
    work = raw.copy()
    work.attrs = {}  # pandas deep-copies attrs on every column taken: keep them aside
    frame = canonical_row_order(work, _id_header(raw, mapping, codebook))
    frame, findings = _apply_row_rules(frame, mapping, codebook, file,
                                       raw.attrs.get("value_labels") or {})
    frame, found = _drop_ignored(frame, mapping, file)
    findings += found
    frame, found, private, identity = _split_identifying(frame, mapping, file)
    findings += found
    findings += _empty_missing_marks(frame, mapping, codebook, file)
    frame, found, renames = _rename_columns(frame, mapping, codebook, file, export_columns)
    findings += found
    frame, found, pending = _expand_multi_columns(frame, mapping, codebook, file, export_columns,
                                                  routine)
    findings += found
    _apply_selects(frame, mapping, codebook, export_columns)
    labelled = {renames.get(h, h) for h in (raw.attrs.get("value_labels") or {})}
    findings += _translate_labels(frame, mapping, codebook, file, export_columns, routine, labelled)
    routine.blank_options += _fill_blank_options(frame, mapping, codebook)
    findings += _unmapped_columns(frame, mapping, codebook, file)
    summary = routine.finding(file, mapping)
    findings += [summary] if summary is not None else []
    frame.attrs = {k: v for k, v in raw.attrs.items()}
    for key in ("value_labels", "user_missing", SAV_DATES):  # per export column: now per codebook column
        if key in raw.attrs:
            frame.attrs[key] = {renames.get(h, h): value for h, value in raw.attrs[key].items()}
    frame.attrs["export_columns"] = export_columns
    if pending:
        frame.attrs[DELIMITERS_ONLY] = pending
    return frame, findings, private, identity


def _check_headers_found(raw: pd.DataFrame, mapping: ExportMapping, codebook: Codebook, file: str) -> None:
    """An ExportError when the export has no respondent id column under the name the mapping (or
    the codebook) gives it: the mapping is another export's, or its ``header_rows`` is a row too
    many -- then the first respondent was read as a header row ("respondent_id | 17") and every
    column would be listed with that respondent's answers ("E-mail | piet@zorggroep.nl")."""
    if _id_header(raw, mapping, codebook) is not None:
        return
    named = next((h for h, target in mapping.columns.items() if target == codebook.id_column),
                 codebook.id_column)
    finding = Finding(file, None, None, codebook.id_column, None, "error",
                      f"no column '{named}' (the respondent ids) in the export, read with header_rows: "
                      f"{mapping.header_rows} ({mapping.name}); a header row too many reads the first "
                      "respondent as a header",
                      f"a column '{named}'", "check header_rows in the mapping, or the mapping's name "
                      "for the id column")
    raise ExportError(format_error_message(file, [finding]), [finding])


def _find_header(frame: pd.DataFrame, header: str) -> str | None:
    """The column of ``frame`` that ``header`` names: the header itself, else the one column
    whose header matches it case- and whitespace-insensitively (None: none or several)."""
    if header in frame.columns:
        return header
    key = header_key(header)
    hits = [c for c in frame.columns if c != ROW and header_key(c) == key]
    return hits[0] if len(hits) == 1 else None


def _id_header(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook) -> str | None:
    """The export column that holds the respondent ids."""
    for header, target in mapping.columns.items():
        if target == codebook.id_column:
            return _find_header(frame, header)
    return codebook.id_column if codebook.id_column in frame.columns else None


def _cells(frame: pd.DataFrame, header: str, value_labels: dict[str, dict[str, str]]
           ) -> tuple[np.ndarray, np.ndarray]:
    """A column's stripped texts and their SPSS value labels ('' where none)."""
    text = np.array([str(v).strip() for v in frame[header].to_numpy(dtype=object)],
                    dtype=object)
    labels_of = value_labels.get(header) or {}
    labels = np.array([labels_of.get(t, "") for t in text], dtype=object)
    return text, labels


def _apply_row_rules(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook,
                     file: str, value_labels: dict[str, dict[str, str]]
                     ) -> tuple[pd.DataFrame, list[Finding]]:
    """Step 1: rows the ``exclude`` rules match dropped (an ``excluded`` finding each, the
    first matching rule's reason); the completion flag from ``complete``; the columns only
    the rules read dropped."""
    heads = mapping.rule_headers()
    if mapping.complete is not None and mapping.complete.op == "always" and not mapping.exclude \
            and mapping.respondents is None:
        return frame.assign(**{codebook.complete_column: "1"}), []
    if not heads:
        return frame, []
    findings: list[Finding] = []
    found = {h: _find_header(frame, h) for h in heads}
    for h, col in found.items():
        if col is None:
            findings.append(Finding(file, None, None, h, None, "error",
                                    "missing column (read by the mapping's row rules)",
                                    f"a column named '{h}'",
                                    f"fix the export or the rules in {mapping.name}"))
    if findings:
        return frame, findings

    def cells(h: str) -> tuple[np.ndarray, np.ndarray]:
        return _cells(frame, found[h], value_labels)  # type: ignore[arg-type]
    excluded = np.zeros(len(frame), dtype=bool)
    id_h = _id_header(frame, mapping, codebook)
    rows = frame[ROW].to_numpy()
    ids = finding_ids(frame[id_h]) if id_h is not None else None
    hits = [(k, rule, rule.condition.evaluate(cells)) for k, rule in enumerate(mapping.exclude, 1)]
    for pos in range(len(frame)):
        rule_hit = next(((k, rule) for k, rule, hit in hits if hit[pos]), None)
        if rule_hit is None:
            continue
        k, rule = rule_hit
        excluded[pos] = True
        findings.append(_excluded(file, int(rows[pos]), ids[pos] if ids is not None else None,
                                  rule, k, mapping))
    if mapping.respondents is not None:
        findings += _not_respondents(mapping, cells, ~excluded, rows, ids, file)
    if mapping.complete is not None:
        complete = (np.ones(len(frame), dtype=bool) if mapping.complete.op == "always"
                    else mapping.complete.evaluate(cells))
        findings += _unknown_completion(mapping, cells, ~excluded, rows, file)
        frame = frame.assign(**{codebook.complete_column: np.where(complete, "1", "0")})
    findings += _not_numbers(mapping, cells, ~excluded, rows, file)
    listed = {header_key(h) for h in list(mapping.columns) + mapping.ignore
              + list(mapping.identifying) + [m.column for m in mapping.multi]}
    listed |= {header_key(c) for c in codebook.columns()}  # a codebook column a rule reads stays
    only_rules = [c for h, c in found.items() if header_key(h) not in listed
                  and header_key(c) not in listed]  # type: ignore[arg-type]
    out = frame.loc[~excluded].drop(columns=list(dict.fromkeys(only_rules)))
    out.attrs = dict(frame.attrs)
    return out, findings


def _not_respondents(mapping: ExportMapping, cells, kept: np.ndarray, rows: np.ndarray,
                     ids: np.ndarray | None, file: str) -> list[Finding]:
    """An error for every row the exclude rules keep that does not meet ``respondents``: a status
    value the mapping does not know (a new one of the tool, a typing error, an edited export) is
    neither kept as a response nor dropped without a word. The row's values in the columns the rule
    reads are shown (personal data scrubbed), the rule's own values too (not for a personal column)."""
    condition = mapping.respondents
    assert condition is not None
    identifying = {header_key(h) for h in mapping.identifying}

    def personal(header: str) -> bool:
        return header_key(header) in identifying or looks_personal(header)

    heads = condition.headers()
    texts = {h: cells(h)[0] for h in heads}
    expected = f"a row the tool marks as a response: {condition.describe(personal)}"
    action = f"add the value to 'respondents', or to an 'exclude' rule with its reason, in {mapping.name}"
    findings = []
    for pos in np.flatnonzero(kept & ~condition.evaluate(cells)):
        got = ", ".join(f"{h} " + ("(a column with personal data)" if personal(h) else _status_value(texts[h][pos]))
                        for h in heads)
        rid = str(ids[pos]).strip() if ids is not None else ""
        findings.append(Finding(file, int(rows[pos]), rid or None, heads[0] if len(heads) == 1 else None, None,
                                "error", f"got {got}: not a status of a response the mapping knows",
                                expected, action))
    return findings


def _unknown_completion(mapping: ExportMapping, cells, kept: np.ndarray, rows: np.ndarray,
                        file: str) -> list[Finding]:
    """An error for each value of a column the ``complete`` rule reads with ``in`` / ``not_in`` that
    would decide a kept row's completion without the mapping knowing it: with ``in``, a filled value
    not listed that is no word for an unfinished response (a Qualtrics export saved by Excel in Dutch
    writes Finished as WAAR, not True: every response was excluded as incomplete, silently); with
    ``not_in``, a value not listed that is a word for an unfinished response ("Gedeeltelijk" beside a
    listed "Partial"). One error per column and value, with its number of rows and the first row."""
    findings = []
    for leaf in mapping.complete.leaves() if mapping.complete is not None else []:
        if leaf.op not in ("in", "not_in"):
            continue
        text = cells(leaf.column)[0]
        hit = leaf.evaluate(cells)
        counted = hit if leaf.op == "not_in" else ~hit
        seen: dict[str, list[int]] = {}
        for pos in np.flatnonzero(kept & counted):
            value = text[pos]
            if not value.strip() or value.strip().upper() in MISSING_WORDS:
                continue
            word = completion_word(value)
            if (leaf.op == "in" and word != "unfinished") or (leaf.op == "not_in" and word == "unfinished"):
                seen.setdefault(value, []).append(int(rows[pos]))
        for value, at in seen.items():
            shown = f"'{value.strip()}'" if completion_word(value) is not None else _status_value(value)
            counts = "counts as finished" if leaf.op == "not_in" else "counts as not finished"
            findings.append(Finding(
                file, at[0], None, leaf.column, None, "error",
                f"{len(at)} row(s) (rows {', '.join(map(str, at[:5]))}{', …' if len(at) > 5 else ''}) have "
                f"{shown}, which the mapping's complete rule ({leaf.describe()}) {counts} without "
                "listing it: a response would be " + ("kept" if leaf.op == "not_in" else "excluded as incomplete")
                + " by a value the mapping does not know",
                f"a value the complete rule lists, or {'no' if leaf.op == 'not_in' else 'a'} word for an "
                "unfinished response (0, False, Nee, Partial)",
                f"add the value to the complete rule in {mapping.name} (Excel in Dutch writes TRUE as WAAR)"))
    return findings


def _not_numbers(mapping: ExportMapping, cells, kept: np.ndarray, rows: np.ndarray, file: str) -> list[Finding]:
    """An error for each filled value that is no number in a column an ``exclude`` or ``complete`` rule
    compares with ``at_least`` / ``below`` (review h99: Progress 'abc' or 'honderd' excluded a response
    as incomplete without a word, Duration 'n.v.t.' kept a response a spam rule was meant to test). One
    error per rule, column and value, with its number of rows and the first row; rows an earlier
    ``exclude`` rule dropped are not counted (the value decided nothing)."""
    leaves = [leaf for rule in mapping.exclude for leaf in rule.condition.leaves()]
    leaves += mapping.complete.leaves() if mapping.complete is not None else []
    findings = []
    for leaf in dict.fromkeys(leaf for leaf in leaves if leaf.op in ("at_least", "below")):
        text = cells(leaf.column)[0]
        seen: dict[str, list[int]] = {}
        for pos in np.flatnonzero(kept):
            value = text[pos]
            plain = without_text_prefix(value)
            if plain and plain.upper() not in MISSING_WORDS and parse_number(plain, percent=True) is None:
                seen.setdefault(value, []).append(int(rows[pos]))
        for value, at in seen.items():
            findings.append(Finding(
                file, at[0], None, leaf.column, None, "error",
                f"{len(at)} row(s) (rows {', '.join(map(str, at[:5]))}{', …' if len(at) > 5 else ''}) have "
                f"{_status_value(value)}, which is no number: the mapping's rule ({leaf.describe()}) cannot "
                "compare it, and would decide without it whether the row is a response", "a number",
                f"fix the value in the export, or the rule in {mapping.name}"))
    return findings


def _status_value(text: str) -> str:
    """A status cell as a respondents error names it: a code as it is ('3', '17'), text by its length only
    (a short word can be a name typed into the wrong column: 'Piet'), so the row is looked up, not read here."""
    if not text:
        return "empty"
    if CODE_LIKE.fullmatch(text):
        return describe_value(text)
    return f"text of {len(text)} character(s)"


def _excluded(file: str, row: int, rid: object, rule: ExcludeRule, k: int,
              mapping: ExportMapping) -> Finding:
    rid_text = str(rid).strip() if rid is not None else ""
    identifying = {header_key(h) for h in mapping.identifying}

    def personal(header: str) -> bool:
        return header_key(header) in identifying or looks_personal(header)

    return Finding(file, row, rid_text or None, None, None, "excluded",
                   f"{REASONS[rule.reason]}: {rule.condition.describe(personal)}", None,
                   f"row excluded ({mapping.name}: exclude rule {k})")


def _drop_ignored(frame: pd.DataFrame, mapping: ExportMapping, file: str
                  ) -> tuple[pd.DataFrame, list[Finding]]:
    """Step 2: the columns listed under ``ignore`` dropped (one warning each)."""
    findings: list[Finding] = []
    for header in mapping.ignore:
        h = _find_header(frame, header)
        if h is not None:
            frame = frame.drop(columns=[h])
            findings.append(Finding(file, None, None, h, None, "warning",
                                    f"column ignored ({mapping.name}: ignore)", None,
                                    "column dropped"))
    return frame, findings


def _split_identifying(frame: pd.DataFrame, mapping: ExportMapping, file: str
                       ) -> tuple[pd.DataFrame, list[Finding], pd.DataFrame,
                                  list[tuple[str, str, pd.Series]]]:
    """Step 3: the ``identifying`` columns moved to the private side only.

    Returns ``(frame, findings, private, identity)``: ``private`` holds them as
    ``<header>__<role>``, ``identity`` the organisation and e-mail columns as
    ``(header, role, cells)``.
    """
    findings: list[Finding] = []
    private = pd.DataFrame(index=frame.index)
    identity: list[tuple[str, str, pd.Series]] = []
    for header, role in mapping.identifying.items():
        h = _find_header(frame, header)
        if h is None:
            continue
        name = f"{_slug(h)}__{IDENTIFYING_ROLES[role]}"
        private[name] = frame[h].astype(str)
        if role in ("organisation", "email"):
            identity.append((h, role, frame[h].astype(str)))
        frame = frame.drop(columns=[h])
        findings.append(Finding(file, None, None, h, None, "warning",
                                f"identifying column ({role})", None,
                                "kept private: never analysed or written to any output"))
    return frame, findings, private, identity


def _is_missing_mark(cell: str, marks: tuple[str, ...]) -> bool:
    """The cell is one of ``marks`` (labels compared as the mapping's labels are; a number the
    same however it is written: -99 is also "-99.0")."""
    key = normalise_label(cell)
    number = parse_number(cell) if key else None
    return bool(key) and any(key == normalise_label(m) or (number is not None and parse_number(m) == number)
                             for m in marks)


def _empty_missing_marks(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook, file: str
                         ) -> list[Finding]:
    """Step 3b: the cells holding a value that ``missing`` declares the tool's mark for no answer
    (LimeSurvey's "N/A", a numeric Qualtrics CSV's -99) emptied, in place, before the headers are
    renamed (a text box's "N/A" is not combined with another box's text); one ``repaired`` line per
    column with its count and rows. ``"*"`` applies to every column but the respondent id."""
    if not mapping.missing:
        return []
    owner = codebook.column_owner()
    targets = {header_key(h): t for h, t in mapping.columns.items()}
    targets.update({header_key(m.column): m.question for m in mapping.multi})
    findings: list[Finding] = []
    for h in [c for c in frame.columns if c not in (ROW, _id_header(frame, mapping, codebook))]:
        target = targets.get(header_key(h), h)
        q = owner.get(target) or (codebook.question(target) if target in codebook else None)
        keys = [k for k in dict.fromkeys(["*", q.key if q else "*", target]) if k in mapping.missing]
        marks = tuple(m for k in keys for m in mapping.missing[k])
        cells = frame[h].astype(str)
        hits = {v for v in cells.unique() if v.strip() and _is_missing_mark(v, marks)} if marks else set()
        if not hits:
            continue
        mask = cells.isin(hits).to_numpy()
        rows = sorted(int(r) for r in frame.loc[mask, ROW])
        shown = ", ".join(describe_value(v.strip()) for v in sorted(hits)[:5])
        findings.append(Finding(file, None, None, target, q.label if q else None, "repaired",
                                f"got {shown} in {len(rows)} row(s) ({rows_text(rows)})", None,
                                f"read as no answer, an empty cell ({mapping.name}: "
                                f"{', '.join('missing.' + k for k in keys)})", h if h != target else None))
        frame.loc[mask, h] = ""
    return findings


def _rename_columns(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook, file: str,
                    export_columns: dict[str, str]
                    ) -> tuple[pd.DataFrame, list[Finding], dict[str, str]]:
    """Step 4: the export's headers renamed to codebook columns (``columns``); several headers
    of one free-text column combined.

    Records codebook column -> export header in ``export_columns``; returns ``(frame,
    findings, renames)`` with ``renames`` export header -> codebook column.
    """
    owner = codebook.column_owner()
    findings: list[Finding] = []
    renames: dict[str, str] = {}
    by_target: dict[str, list[str]] = {}
    for header, target in mapping.columns.items():
        by_target.setdefault(target, []).append(header)
    for target, headers in by_target.items():
        export_columns[target] = " + ".join(headers)
        present = [h for h in (_find_header(frame, x) for x in headers) if h is not None]
        if not present:
            continue  # validation reports the missing column under the export's name
        if target in frame.columns and target not in present:
            q = owner.get(target)
            findings.append(Finding(file, None, None, target, q.label if q else None, "error",
                                    f"the export has a column '{target}' and a column "
                                    f"'{present[0]}' that {mapping.name} maps to it",
                                    "one of the two", "remove one of the columns", present[0]))
            continue
        export_columns[target] = " + ".join(present)
        if len(present) == 1:
            renames[present[0]] = target
            continue
        frame, found = _combine_text(frame, present, target, owner.get(target), file)
        findings += found
        renames.update({h: target for h in present})
    return frame.rename(columns={h: t for h, t in renames.items() if h in frame.columns}), \
        findings, renames


def _combine_text(frame: pd.DataFrame, headers: list[str], target: str, q: Question | None,
                  file: str) -> tuple[pd.DataFrame, list[Finding]]:
    """Several export columns (a text box per choice) into one free-text column: the
    non-empty texts of a row, one per line."""
    parts = [[str(v).strip() for v in frame[h].to_numpy(dtype=object)] for h in headers]
    combined = ["\n".join(t for t in row if t) for row in zip(*parts)]
    several = sum(1 for row in zip(*parts) if sum(1 for t in row if t) > 1)
    frame = frame.drop(columns=headers).assign(**{target: combined})
    if not several:
        return frame, []
    return frame, [Finding(file, None, None, target, q.label if q else None, "warning",
                           f"{several} row(s) have text in more than one of the columns "
                           f"{', '.join(headers)}", None, "combined, one text per line",
                           " + ".join(headers))]


def _expand_multi_columns(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook,
                          file: str, export_columns: dict[str, str], routine: Routine
                          ) -> tuple[pd.DataFrame, list[Finding], list[Finding]]:
    """Step 5: each ``multi`` question's delimited column expanded into its 0/1 option columns; the findings,
    and the errors about cells of delimiters only (:data:`DELIMITERS_ONLY`)."""
    findings: list[Finding] = []
    pending: list[Finding] = []
    for m in mapping.multi:
        q = codebook.question(m.question)
        h = _find_header(frame, m.column)
        option_cols = q.option_columns()
        for c in option_cols.values():
            export_columns[c] = m.column if h is None else h
        if h is None:
            continue  # validation reports the missing option columns under the export's name
        findings += _expand_multi(frame, h, m, q, mapping, codebook, file, routine, pending)
        frame = frame.drop(columns=[h])
    return frame, findings, pending


def _question_table(mapping: ExportMapping, codebook: Codebook, q: Question) -> LabelTable:
    """The labels of all options of a multi question (-> option code)."""
    declared = {k: (v, f"{mapping.name}: values.{q.key}")
                for k, v in mapping.values.get(q.key, {}).items()}
    patterns = LabelPatterns()
    for target in ("*", q.key):
        if target in mapping.labels:
            patterns = patterns.merged(mapping.labels[target])
    return LabelTable(_label_pairs(q.options), q.codes, declared, patterns)


def _expand_multi(frame: pd.DataFrame, h: str, m: MultiColumn, q: Question,
                  mapping: ExportMapping, codebook: Codebook, file: str,
                  routine: Routine, pending: list[Finding]) -> list[Finding]:
    """Add ``{key}__{code}`` 0/1 columns from the delimited column ``h`` (in place); the errors about cells of
    delimiters only go to ``pending`` (validation logs them where the question was asked)."""
    table = _question_table(mapping, codebook, q)
    max_parts = table.max_parts(m.delimiter)
    cells = frame[h].to_numpy(dtype=object)
    codes, uniques = pd.factorize(cells)
    chosen: list[set[int]] = []
    unknown: list[list[str]] = []
    odd: list[list[tuple[str, str]]] = []  # per distinct cell: what it holds besides its choices
    loose: dict[str, int] = {}  # a label in another case or spacing ("personeel", "VASTGOED") -> its rows

    def resolve(text: str):
        hit = table.resolve(text)
        if hit is None and (hit := table.resolve(text, loose=True)) is not None:
            loose[text] = loose.get(text, 0)
        return hit
    for u in uniques:
        found, bad = split_choices(str(u), m.delimiter, resolve, max_parts)
        n_cells = int((codes == len(chosen)).sum())
        for piece in [p.strip() for p in str(u).split(m.delimiter)]:
            if piece in loose:
                loose[piece] += n_cells
        chosen.append({r.code for r in found})
        unknown.append(bad)
        odd.append(_odd_choices(str(u), m.delimiter, [r.code for r in found], bad, q))
        n = int((codes == len(chosen) - 1).sum())
        if any(r.how == "pattern" for r in found):
            routine.pattern += n
            routine.columns.add(h)
    # a cell of delimiters only ("|", " , ") names no option: an error below (unanswered? nothing chosen? the
    # options lost?); its option columns are left empty
    blank = np.array([not picked and not bad for picked, bad in zip(chosen, unknown)], dtype=bool)
    findings: list[Finding] = []
    rows = frame[ROW].to_numpy()
    ids = finding_ids(frame[codebook.id_column]) if codebook.id_column in frame \
        else np.full(len(frame), "", dtype=object)
    expected = (f"option codes or labels separated by '{m.delimiter}': "
                + ", ".join(f"{o.code}={o.label}" for o in q.options))
    for j in [j for j, bad in enumerate(unknown) if bad]:
        for pos in np.flatnonzero(codes == j):
            findings.append(Finding(
                file, int(rows[pos]), str(ids[pos]).strip() or None, f"{q.key}__*", q.label,
                "error", "got " + ", ".join(describe_value(b) for b in unknown[j])
                + " (not an option)", expected, "fix the export or the mapping's values", h))
    # an error where the question was asked; validation, which knows the routing, decides (review h105: a cell
    # of a question not asked was an error, where either reading of it gives the same: not asked)
    pending.extend(_delimiters_only(file, h, m, q, [str(u) for u in uniques], codes, rows, ids, expected))
    odd_cells = [j for j, said in enumerate(odd) if said]  # per distinct cell, then its rows in row order
    for pos in np.flatnonzero(np.isin(codes, odd_cells)) if odd_cells else ():
        findings += [Finding(file, int(rows[pos]), str(ids[pos]).strip() or None, f"{q.key}__*", q.label,
                             "warning", issue, expected, action, h) for issue, action in odd[codes[pos]]]
    for code, col in q.option_columns().items():
        sel = np.array([code in picked for picked in chosen], dtype=bool)
        out = np.where(blank, "", np.where(sel, "1", "0")) if len(uniques) else np.array([])
        frame[col] = out[codes] if len(codes) else ""
    if loose:  # as validation reads a single choice's label in another case: a logged repair
        findings.append(Finding(
            file, None, None, f"{q.key}__*", q.label, "repaired",
            f"{sum(loose.values())} choice(s) written in another case or spacing than the codebook's label: "
            + ", ".join(f"'{t}'" for t in list(loose)[:5]) + (" …" if len(loose) > 5 else ""),  # codebook words
            None, "read as the codebook's option", h))
    answered = int((~blank[codes]).sum()) if len(codes) else 0
    if answered:
        findings.append(Finding(
            file, None, None, f"{q.key}__*", q.label, "repaired",
            f"{answered} answer(s) in one column listing the chosen options",
            None, f"expanded into one 0/1 column per option ({mapping.name}: multi.{q.key})", h))
    return findings


#: ``frame.attrs`` key of the errors of :func:`_delimiters_only`, which validation logs for the rows that were asked
#: the question (for the others: one warning, as for the 0s of a question not asked)
DELIMITERS_ONLY = "delimiters_only"


def _delimiters_only(file: str, h: str, m: MultiColumn, q: Question, uniques: list[str], codes: np.ndarray,
                     rows: np.ndarray, ids: np.ndarray, expected: str) -> list[Finding]:
    """An error per row whose delimited multi cell holds only delimiters (";", " ; ;"): it names no option,
    and whether the question was not answered, answered with nothing chosen or had its options lost on the
    way cannot be told (review h101: it read as not answered, and the row was then excluded as "incomplete:
    Vraag 3 missing" with only a warning saying why), as a cell with an unknown option is an error."""
    only = [j for j, u in enumerate(uniques) if u.strip() and not u.replace(m.delimiter, "").strip()]
    findings: list[Finding] = []
    for pos in np.flatnonzero(np.isin(codes, only)) if only else ():
        findings.append(Finding(
            file, int(rows[pos]), str(ids[pos]).strip() or None, f"{q.key}__*", q.label, "error",
            f"the answer holds only the delimiter '{m.delimiter}', no option", expected,
            "fix the export: the chosen options, or an empty cell when the question was not answered (a tool "
            f"that writes '{uniques[codes[pos]].strip()}' for no answer: declare it under the mapping's missing: "
            f"{q.key})", h))
    return findings


def _odd_choices(cell: str, delimiter: str, picked: list[int], unknown: list[str],
                 q: Question) -> list[tuple[str, str]]:
    """What a multi-select cell holds besides a plain list of options, as (issue, action): an option
    named more than once (counted once) or an empty item between two delimiters (skipped); delimiters only
    is an error (:func:`_delimiters_only`). A delimiter at the end, as survey tools write it, is routine."""
    if not cell.strip():
        return []
    pieces = [piece.strip() for piece in cell.split(delimiter)]
    if not picked and not unknown:
        return []
    labels = {o.code: o.label for o in q.options}
    odd = [(f"option {code}={labels.get(code, code)} is named {picked.count(code)} times in one answer",
            "counted once") for code in sorted(set(picked)) if picked.count(code) > 1]
    filled = [i for i, piece in enumerate(pieces) if piece]
    gaps = sum(1 for i, piece in enumerate(pieces) if not piece and filled[0] < i < filled[-1])
    if gaps:
        odd.append((f"{gaps} empty item(s) between the delimiters '{delimiter}' of one answer",
                    "skipped (no option there)"))
    return odd


def _apply_selects(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook,
                   export_columns: dict[str, str]) -> None:
    """``selects``: a filled text column selects its option (LimeSurvey's '[other]' box has
    no column of its own for the option), in place."""
    for header, code in mapping.selects.items():
        target = mapping.columns[header]
        q = next(q for q in codebook.questions if q.text_column == target)
        if target not in frame.columns:
            continue
        filled = np.array([str(v).strip() != "" for v in frame[target].to_numpy(dtype=object)])
        col = q.option_columns()[code] if q.type == "multi" else q.key
        export_columns.setdefault(col, header)
        on = "1" if q.type == "multi" else str(code)
        if col not in frame.columns:
            others = [c for c in q.answer_columns() if c in frame.columns and c != col]
            answered = np.logical_or.reduce(
                [np.array([str(v).strip() != "" for v in frame[c].to_numpy(dtype=object)])
                 for c in others] or [np.zeros(len(frame), dtype=bool)])
            frame[col] = np.where(filled, on, np.where(answered & (q.type == "multi"), "0", ""))
            continue
        empty = np.array([str(v).strip() == "" for v in frame[col].to_numpy(dtype=object)])
        frame[col] = np.where(filled & empty, on, frame[col].to_numpy(dtype=object))


def _translate_labels(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook,
                      file: str, export_columns: dict[str, str], routine: Routine,
                      labelled: set[str] = frozenset()) -> list[Finding]:  # type: ignore[assignment]
    """Step 6: labels replaced by the codebook's codes, in place (see the module docstring).
    A label the mapping declares is logged once per question and value (with the columns and
    rows it was found in). A coded column with SPSS value labels (``labelled``) is left as stored:
    :func:`apply_value_labels` reads each stored value once, through the mapping's declared code or its label
    (review h152: translated here first, the labels then read the codebook's codes as stored values again)."""
    owner = codebook.column_owner()
    declared: list[_Declared] = []
    # the option columns step 5 wrote from a delimited column hold the loader's own 0/1, already read through the
    # question's values (review h150: values {0: 1, 1: 2} of a tool's codes would read each chosen 1 as 2 again)
    expanded = {c for m in mapping.multi for c in codebook.question(m.question).option_columns().values()}
    for c in list(frame.columns):
        q = owner.get(c)
        if c == ROW or c in expanded or (c in labelled and _read_with_value_labels(c, q)):
            continue
        table = label_table(mapping, codebook, c, q)
        if table is not None:
            declared += _translate(frame, c, table, q, codebook.id_column,
                                   export_columns.get(c), routine)
    return _declared_findings(declared, file, by_question=True)


@dataclass
class _Declared:
    """Cells of one column holding one value that was read as a code (not routine)."""

    column: str
    q: Question | None
    value: str
    code: str
    reason: str
    rows: list[int]
    first_id: str | None
    export_column: str | None


def _read_with_value_labels(column: str, q: Question | None) -> bool:
    """Whether :func:`apply_value_labels` reads ``column``'s SPSS value labels through a label table."""
    return q is not None and q.type in ("single", "matrix", "multi", "contact") and column in _coded_columns(q)


def _translate(frame: pd.DataFrame, column: str, table: LabelTable, q: Question | None,
               id_column: str, export_column: str | None, routine: Routine | None = None,
               why: dict[str, str] | None = None, declared: dict[str, Resolved] | None = None) -> list[_Declared]:
    """Replace the cells of ``column`` that ``table`` resolves; routine ones counted, the
    others returned (``why``: stored value -> its SPSS value label; ``declared``: stored value -> the mapping's
    code of it, read instead of its label's)."""
    cells = frame[column].to_numpy(dtype=object)
    codes, uniques = pd.factorize(cells)
    resolved = [table.resolve(u) if isinstance(u, str) else None for u in uniques]
    declared = declared or {}
    if why is not None:  # SPSS value labels: the stored value -> its label's code, or the mapping's
        resolved = [declared.get(u) or (table.resolve(why[u], loose=True) if u in why else None)
                    if isinstance(u, str) else None for u in uniques]
    new = np.array([str(r.code) if r is not None else u for r, u in zip(resolved, uniques)],
                   dtype=object)
    changed = np.array([isinstance(u, str) and u.strip() != "" and new[j] != u.strip()
                        for j, u in enumerate(uniques)], dtype=bool)
    if not changed.any():
        return []
    frame[column] = new[codes] if len(codes) else cells
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques)) if len(codes) else []
    out = []
    rows = frame[ROW].to_numpy()
    ids = finding_ids(frame[id_column]) if id_column in frame else None
    for j in np.flatnonzero(changed):
        r = resolved[j]
        if why is None and r is not None and r.how in ("exact", "pattern") and routine:
            setattr(routine, r.how, getattr(routine, r.how) + int(counts[j]))
            routine.columns.add(column)
            continue
        where = np.flatnonzero(codes == j)
        reason = (r.source if uniques[j] in declared and r is not None and r.source
                  else f"SPSS value label '{why[uniques[j]]}'" if why is not None
                  else r.source if r is not None and r.source else "the codebook's label")
        first = (str(ids[where[0]]).strip() or None) if ids is not None else None
        out.append(_Declared(column, q, str(uniques[j]), str(new[j]), reason,
                             [int(rows[p]) for p in where], first, export_column))
    return out


def _declared_findings(declared: list[_Declared], file: str, by_question: bool
                       ) -> list[Finding]:
    """One finding per column and value, or (``by_question``) per question and value: the
    same label in the 31 option columns of one question is one line."""
    groups: dict[tuple, list[_Declared]] = {}
    for d in declared:
        key = ((d.q.key if d.q is not None and by_question else d.column), d.value, d.code,
               d.reason)
        groups.setdefault(key, []).append(d)
    findings = []
    for ds in groups.values():
        d = ds[0]
        rows = sorted(r for x in ds for r in x.rows)
        single = len(rows) == 1
        several = len(ds) > 1
        column = f"{d.q.key}__*" if several and d.q is not None else d.column
        if several:  # the same label in several columns of one question
            issue = (f"got '{d.value}' in {len(rows)} cells of {len(ds)} columns (rows "
                     f"{rows_text(sorted(set(rows)))})")
        else:
            issue = f"got '{d.value}'" + ("" if single else
                                          f" in {len(rows)} rows ({rows_text(rows)})")
        findings.append(Finding(file, rows[0] if single else None,
                                d.first_id if single else None, column,
                                d.q.label if d.q is not None else None, "repaired", issue, None,
                                f"read as {d.code} ({d.reason})",
                                None if several else d.export_column))
    return findings


def _fill_blank_options(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook) -> int:
    """Empty option cells of a multi question exported one column per option (a tool writes
    the chosen options only) read as 0 where the row chose an option; returns how many."""
    delimited = {m.question for m in mapping.multi}
    filled = 0
    for q in codebook.questions:
        cols = q.answer_columns()
        if q.type != "multi" or q.key in delimited or not all(c in frame.columns for c in cols):
            continue
        grid = np.array([[str(v).strip() for v in frame[c].to_numpy(dtype=object)]
                         for c in cols], dtype=object)
        blank = grid == ""
        answered = (grid == "1").any(axis=0)
        fill = blank & answered[None, :]
        if fill.any():
            for k, c in enumerate(cols):
                frame[c] = np.where(fill[k], "0", grid[k])
            filled += int(fill.sum())
    return filled


def _unmapped_columns(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook,
                      file: str) -> list[Finding]:
    """Step 7: columns the mapping does not mention that hold answers (errors: nothing is
    dropped silently); empty ones are left to validation (dropped with a warning)."""
    known = set(codebook.columns()) | {ROW}
    findings = []
    for c in frame.columns:
        if c in known:
            continue
        n = sum(1 for v in frame[c].to_numpy(dtype=object) if str(v).strip())
        if n:
            findings.append(Finding(file, None, None, str(c), None, "error",
                                    f"the column holds {n} answer(s) but {mapping.name} does "
                                    "not say what it is",
                                    "the column under columns (a codebook column), multi, "
                                    "ignore or identifying",
                                    "add it to the mapping (draft-mapping lists what it "
                                    "could not match)"))
    return findings


def _answer_of_stored(q: Question, column: str, stored: str) -> str | None:
    """The answer a stored SPSS value of ``column`` would be were it not declared missing ("option
    3 ('40 tot 100 miljoen euro')", "a chosen option", "score 3"), or None when it is none (-99, 99)."""
    try:
        number = float(stored)
    except ValueError:
        return None
    if q.type == "numeric" and column == q.key:
        shown = _allowed_number(q, number)
        return None if shown is None else f"an answer (a number {shown})"
    if not number.is_integer():
        return None
    code = int(number)
    if q.type in ("single", "matrix") and code in q.codes:
        return f"option {code} ({q.option(code).label!r})"
    if q.type == "multi" and code == 1 and column in q.option_columns().values():
        return "1 (the option chosen)"
    if q.type in ("scale", "nps") and q.range is not None and q.range[0] <= code <= q.range[1]:
        return f"score {code}"
    return None


def _allowed_number(q: Question, number: float) -> str | None:
    """The numbers the question allows ("from 50 to 100") when ``number`` is inside the numeric question's ``range``
    and ``plausible`` range (a whole number for a count), else None (-99, 99999999: no answer it allows)."""
    ends = [e for e in (q.range, q.plausible) if e]
    lows = [lo for lo, _ in ends if lo is not None]
    highs = [hi for _, hi in ends if hi is not None]
    lo, hi = (max(lows) if lows else None), (min(highs) if highs else None)
    if (q.unit == "count" and not number.is_integer()) or (lo is not None and number < lo) or (
            hi is not None and number > hi):
        return None
    return (f"from {format_number(lo)} to {format_number(hi)}" if lo is not None and hi is not None else
            f"of at least {format_number(lo)}" if lo is not None else f"of at most {format_number(hi)}"
            if hi is not None else "of any size")


def _unlabelled_options(cells: dict[int, str], q: Question | None, column: str, unlabelled: set[str],
                        file: str) -> list[Finding]:
    """An error per user-missing value without a value label that is an answer of the question
    (``unlabelled``: 3 of a question whose option 3 is '40 tot 100 miljoen euro'): the file does not
    say what it means, and read as no answer it would remove real answers (review finding 4). A
    value that is no answer (-99, 99) stays no answer, as does one whose label says what it is."""
    if q is not None and q.type == "numeric":
        return _unlabelled_numbers(cells, q, column, unlabelled, file)
    findings: list[Finding] = []
    for stored in sorted(unlabelled):
        answer = _answer_of_stored(q, column, stored) if q is not None else None
        if answer is None:
            continue
        rows = sorted(r for r, v in cells.items() if v == stored)
        shown = rows_text(rows)
        findings.append(Finding(
            file, None, None, column, q.label, "error",
            f"SPSS declares value {stored} missing, but {stored} has no value label and is {answer} of the "
            f"question: what it means cannot be checked, and read as no answer it would remove "
            f"{len(rows)} answer(s) (row(s) {shown})",
            f"a value label for {stored} in the SPSS file (an option's label: read as that answer; "
            "another label, such as 'Weet niet': no answer), or user-missing values that are no "
            "answer of the question (such as -99)",
            "export the SPSS file again with the value labels, or without declaring the value missing"))
    return findings


def _unlabelled_numbers(cells: dict[int, str], q: Question, column: str, unlabelled: set[str], file: str
                        ) -> list[Finding]:
    """:func:`_unlabelled_options` of a number question, one error for the column (review h150: a missing range
    declared over answers, 90 thru 100 on a tariff percentage, emptied every percentage in it with one warning)."""
    allowed = sorted((v for v in unlabelled if _answer_of_stored(q, column, v) is not None), key=float)
    if not allowed:
        return []
    rows = sorted(r for r, v in cells.items() if v in allowed)
    values = ", ".join(allowed[:5]) + (f" and {len(allowed) - 5} more" if len(allowed) > 5 else "")
    return [Finding(
        file, None, None, column, q.label, "error",
        f"SPSS declares value(s) {values} missing, but they have no value label and are "
        f"numbers the question allows ({_allowed_number(q, float(allowed[0]))}): read as no answer they "
        f"would remove {len(rows)} answer(s) (row(s) {rows_text(rows)})",
        "user-missing values that are no answer of the question (such as -99), or a value label saying what a "
        "missing value means ('Weet niet')",
        "export the SPSS file again without declaring answers missing, or with the value labels")]


def _user_missing(frame: pd.DataFrame, codebook: Codebook, mapping: ExportMapping | None, file: str,
                  owner: dict) -> list[Finding]:
    """An SPSS file's user-missing values (``frame.attrs["user_missing"]``, emptied by the reader), in
    place: a value whose label is one of the column's options in the codebook (agencies declare
    "Weet niet" or "n.v.t." missing) is put back and read as that answer; any other stays no
    answer. Logged either way, per column: never a respondent silently without an answer."""
    stored_of = frame.attrs.get("user_missing") or {}
    labels_of = frame.attrs.get("value_labels") or {}
    findings: list[Finding] = []
    for c, cells in stored_of.items():
        if c not in frame.columns or not cells:
            continue
        q = owner.get(c)
        table = label_table(mapping, codebook, c, q) if q is not None and q.type in (
            "single", "matrix", "multi", "contact") and c in _coded_columns(q) else None
        labels = labels_of.get(c, {})
        answers = {stored for stored in set(cells.values()) if table is not None and stored in labels
                   and table.resolve(labels[stored], loose=True) is not None}
        back = {row: stored for row, stored in cells.items() if stored in answers}
        if back:
            rows = frame[ROW].map(back)
            frame.loc[rows.notna(), c] = rows[rows.notna()]
            findings.append(Finding(
                file, None, None, c, q.label if q is not None else None, "warning",
                f"SPSS declares value(s) {', '.join(sorted(answers))} "
                f"({', '.join(repr(labels[a]) for a in sorted(answers))}) missing, but "
                f"{'it is an answer option' if len(answers) == 1 else 'they are answer options'} of the question",
                None, f"read as that answer in {len(back)} row(s)"))
        unlabelled = {v for v in set(cells.values()) - answers - set(labels)
                      if q is not None and _answer_of_stored(q, c, v) is not None}
        findings += _unlabelled_options(cells, q, c, unlabelled, file)
        rest = {stored for stored in cells.values() if stored not in answers | unlabelled}
        if rest:
            n = sum(1 for stored in cells.values() if stored in rest)
            findings.append(Finding(
                file, None, None, c, q.label if q is not None else None, "warning",
                f"SPSS user-missing value(s) {', '.join(sorted(rest)[:5])}"
                + "".join(f" ({labels[v]!r})" for v in sorted(rest)[:5] if v in labels),
                None, f"read as no answer in {n} row(s)"))
    return findings


def _declared_codes(table: LabelTable, stored: set[str]) -> dict[str, Resolved]:
    """The stored values of an SPSS column that the mapping's ``values`` declare (the tool's own codes), with the
    code each is read as: read so once, not through their value labels as well (review h152)."""
    return {s: hit for s in sorted(stored) for hit in [table.resolve(s)] if hit is not None and hit.how == "declared"}


def _disagreeing_labels(frame: pd.DataFrame, c: str, q: Question, labels: dict[str, str], table: LabelTable,
                        declared: dict[str, Resolved], file: str) -> list[Finding]:
    """An error for each stored value of coded column ``c`` that the mapping's ``values`` declare as one code while
    its SPSS value label is the codebook's label of another (review h152: the file's labels were applied to the
    codes the mapping had already made, so a value was translated twice, or the two readings disagreed without a
    word)."""
    findings = []
    cells = frame[c].astype(str).str.strip().to_numpy()
    rows = frame[ROW].to_numpy() if ROW in frame.columns else np.arange(2, len(frame) + 2)
    for stored, mine in declared.items():
        hit = table.resolve(labels[stored], loose=True) if stored in labels else None
        if hit is None or hit.code == mine.code:
            continue
        at = [int(r) for r in rows[cells == stored]]
        findings.append(Finding(
            file, None, None, c, q.label, "error",
            f"SPSS value label {stored} '{labels[stored]}' is the codebook's label of code {hit.code}, but the "
            f"mapping reads {stored} as code {mine.code} ({mine.source}) ("
            + (f"{len(at)} row(s): {rows_text(at)})" if at else "no row holds it)"),
            "one reading of each stored value: the mapping's 'values' and the SPSS value labels agree",
            "correct the mapping's 'values' for this column (the value labels are read without an entry), or fix "
            "the value label in the SPSS file"))
    return findings


def _misread_labels(frame: pd.DataFrame, c: str, q: Question, labels: dict[str, str], table: LabelTable,
                    file: str) -> list[Finding]:
    """Errors for the SPSS value labels of coded column ``c`` that are not recognised, but whose stored value the
    file holds and would be read as an answer the label does not say (review h150; a label not recognised was a
    warning, the value read as the codebook's code):

    - a multi-response column whose value is labelled with another option of the question ('Vastgoed' on the
      column of option 1 'Personeel'): the column is another option's, and each choice would count as this one;
    - a single-choice or matrix column whose other value labels are the codebook's, and a value labelled otherwise
      that is a code of the question (3 'Weet niet' where option 3 is '40 tot 100 miljoen euro'): each such answer
      would count as the codebook's option. When none of the labels is the codebook's (the tool's own words,
      'Klein', 'Groot') the stored values stay the codebook's codes, with a warning."""
    held = frame[c].astype(str).str.strip()
    unresolved = {stored: label for stored, label in labels.items() if table.resolve(label, loose=True) is None}
    if q.type == "multi":
        own = int(c.rsplit("__", 1)[1])
        whole = LabelTable(_label_pairs(q.options), q.codes)
        wrong = {s: (lab, hit.code) for s, lab in unresolved.items()
                 for hit in [whole.resolve(lab, loose=True)] if hit is not None and hit.code != own}
        said = {s: f"the label of option {code} ('{q.option(code).label}'), but the column is option {own} "
                   f"('{q.option(own).label}'): read as stored, every choice of option {code} would count as "
                   f"option {own}" for s, (lab, code) in wrong.items()}
        hint = "check which export column is which option (the mapping's 'columns'), or fix the value labels"
    elif q.type in ("single", "matrix") and len(unresolved) < len(labels):
        said = {s: f"not the codebook's label of option {s} ('{q.option(int(s)).label}'), while the column's other "
                   f"value labels are the codebook's: read as stored, it would count as option {s}"
                for s in unresolved if s.isdigit() and int(s) in q.codes}
        hint = ("fix the value label in the SPSS file, or give the export mapping 'values' for this column (the "
                "label's code) or 'missing' (a value that is no answer, such as 'Weet niet')")
    else:
        return []
    out = []
    for stored in sorted(said, key=lambda s: float(s)):
        rows = sorted(int(r) for r in frame.loc[(held == stored).to_numpy(), ROW])
        if rows:
            out.append(Finding(file, None, None, c, q.label, "error",
                               f"SPSS value label {stored} '{labels[stored]}' is {said[stored]} "
                               f"({len(rows)} row(s): {rows_text(rows)})",
                               "value labels that match the codebook's options one to one", hint))
    return out


#: the whole number a scale's value label starts with ('0 (zeer waarschijnlijk niet)', '5 zeer hoog')
_LEADING_NUMBER = re.compile(r"\s*([+-]?\d+)(?![\d.,]\d)")


def _whole(text: str) -> str | None:
    try:
        v = float(text)
    except ValueError:
        return None
    return str(int(v)) if v.is_integer() else None


#: the number a label starts with ('96,5%', '1.000 cliënten', '0 (geen)')
_LABEL_NUMBER = re.compile(r"\s*(?:€\s*)?([+-]?\d[\d.,]*)")


#: the words a label may write after its number and still be that number ('96,5 procent', '0 (geen)')
_UNIT_WORDS = frozenset({"procent", "percent", "euro", "eur", "cliënten", "clienten", "cliënt", "client", "geen",
                         "nul"})


def _label_numbers(label: str) -> set[float]:
    """The numbers ``label`` may be read as when it is a number, perhaps with a unit: with its one separator as the
    decimal one or as a thousands separator ('1.000' -> 1.0 and 1000.0); empty when it starts with no number or goes
    on with other words ('99 = weet niet', '99 Weet niet')."""
    m = _LABEL_NUMBER.match(label)
    if not m or any(w not in _UNIT_WORDS for w in re.findall(r"[^\W\d_]+", label[m.end():].casefold())):
        return set()
    token = m.group(1).rstrip(".,")
    return {v for v in (parse_number(token), parse_number(re.sub(r"[.,]", "", token))) if v is not None}


#: what a number question's SPSS value label of 0 may say and still mean the number 0
_ZERO_WORDS = frozenset({"geen", "nul", "none", "zero"})


def _labelled_numbers(frame: pd.DataFrame, c: str, q: Question, labels: dict[str, str], file: str) -> list[Finding]:
    """An error per value of a number question's column that the SPSS file labels with other words than the number
    itself (review h150: 99 labelled 'Weet niet', not declared user-missing, was read as 99% without a word). A label
    that starts with the stored number ('100%', '0 cliënten') or calls 0 'Geen' is the number; a value the file
    declares missing, or the mapping's ``missing`` names, was emptied before and is no cell's value here."""
    held = frame[c].astype(str).str.strip()
    out = []
    for stored, label in sorted(labels.items(), key=lambda kv: (parse_number(kv[0]) or 0.0, kv[0])):
        value = parse_number(stored)
        if value is not None and (value in _label_numbers(label) or (
                value == 0 and normalise_label(label) in _ZERO_WORDS)):
            continue
        rows = sorted(int(r) for r in frame.loc[(held == stored).to_numpy(), ROW])
        if rows:
            out.append(Finding(
                file, None, None, c, q.label, "error",
                f"SPSS value label {stored} '{label}' on a number question: the value is a code the label explains, "
                f"not the number {stored} ({len(rows)} row(s): {rows_text(rows)})",
                "numbers only: a value that is no answer declared user-missing",
                "declare the value missing in the SPSS file, or under the export mapping's 'missing' "
                f"(missing: {{{q.key}: [{stored}]}})"))
    return out


def _numbers_declared(c: str, q: Question, labels: dict[str, str], declared: dict[str, Resolved],
                      file: str) -> list[Finding]:
    """A scale's or NPS's SPSS value labels beside a mapping whose ``values`` declare its stored values (``{1: 0, ...,
    11: 10}``): the mapping has read the cells, once; a label whose number is not what the mapping reads its value
    as is an error (review h152: the labels were applied to the numbers the mapping had made, every score one lower
    again, logged as a repair)."""
    said = []
    for stored, label in labels.items():
        m = _LEADING_NUMBER.match(label)
        read = str(declared[stored].code) if stored in declared else _whole(stored)
        if m and str(int(m.group(1))) != read:
            said.append(f"{stored} '{label}' (read as {read})")
    if not said:
        return []
    return [Finding(file, None, None, c, q.label, "error",
                    f"SPSS value labels say another number than the mapping's 'values' read: {', '.join(said[:3])}"
                    + (f" and {len(said) - 3} more" if len(said) > 3 else ""),
                    "one reading of each stored value: the mapping's 'values' and the SPSS value labels agree",
                    "correct the mapping's 'values' for this column (the labels' numbers are read without it), or fix "
                    "the value labels in the SPSS file")]


def _numbered_labels(frame: pd.DataFrame, c: str, q: Question, labels: dict[str, str],
                     file: str) -> list[Finding]:
    """A scale's or NPS's SPSS value labels that say another number than the value stored
    (Qualtrics' recode values left at the choice order: stored 1 labelled '0 (zeer waarschijnlijk
    niet)', ..., 11 labelled '10'), in place: the cells are read as their labels' numbers, logged
    once (review h90: read as stored, every score one too high -- silently when nobody gave the
    top score). Two stored values labelled with one number, or a value the file holds without a
    numbered label beside such labels, is an error: the reading would be a guess."""
    numbers = {stored: str(int(m.group(1))) for stored, label in labels.items()
               for m in [_LEADING_NUMBER.match(label)] if m}
    shifted = sorted((s for s, n in numbers.items() if _whole(s) != n), key=lambda s: float(s))
    if not shifted:
        return []
    held = {str(v).strip() for v in frame[c].to_numpy(dtype=object)} - {""}
    by_number: dict[str, list[str]] = {}
    for stored, n in numbers.items():
        by_number.setdefault(n, []).append(stored)
    merged = sorted((n, pairs) for n, pairs in by_number.items() if len(pairs) > 1)
    unnumbered = sorted(held - set(numbers))
    shown = ", ".join(f"{s} '{labels[s]}'" for s in shifted[:3]) + (
        f" and {len(shifted) - 3} more" if len(shifted) > 3 else "")
    if merged or unnumbered:
        issue = (" and ".join(f"{s} '{labels[s]}'" for s in merged[0][1])
                 + f" would both be read as {merged[0][0]}" if merged else
                 f"the values {', '.join(unnumbered[:5])} have no numbered label, while {shown} "
                 "say another number than the value stored")
        return [Finding(file, None, None, c, q.label, "error", "SPSS value labels " + issue,
                        "value labels that give every stored value its own number",
                        "fix the value labels in the SPSS file, or export the values again")]
    cells = frame[c].map(lambda v: numbers.get(str(v).strip(), v))
    n = int((cells != frame[c]).sum())
    frame[c] = cells
    return [Finding(file, None, None, c, q.label, "repaired",
                    f"SPSS value labels say another number than the value stored: {shown}",
                    None, f"read as the labels' numbers in {n} row(s) (stored "
                    f"{shifted[0]} read as {numbers[shifted[0]]})")]


_NOR_VALUES = " nor the mapping's 'values'"

#: the key of ``frame.attrs`` :func:`apply_value_labels` leaves for validation: codebook column -> stored value ->
#: what its SPSS value label says, for each value that is no code and whose label nothing reads (review h162)
LABEL_NOTES = "label_notes"


def _note_unread_labels(frame: pd.DataFrame, c: str, labels: dict[str, str], table: LabelTable,
                        held: set[str]) -> None:
    """For each value column ``c`` holds that is none of its codes and whose SPSS value label is neither a codebook
    label nor an entry of the mapping's ``values``: what the label says, for validation's "got '0'" (review h162:
    the error named the stored value only, not the label 'Klein' the file gave it, nor what the mapping reads)."""
    notes = {}
    for stored in sorted(held):
        label = labels.get(stored)
        if label is None or table.resolve(stored) is not None:
            continue
        hit = table.resolve(label, loose=True)
        if hit is not None:  # read as its code, unless an error about the column's labels stopped that
            notes[stored] = (f"its SPSS value label '{label}' is code {hit.code}, not read so because of the error "
                             "about this column's value labels")
            continue
        keys = sorted(table.declared)
        notes[stored] = (f"its SPSS value label is '{label}', none of the codebook's labels" + (
            f" nor of the mapping's 'values' ({', '.join(keys[:8])}{' ...' if len(keys) > 8 else ''})"
            if keys else ""))
    if notes:
        frame.attrs.setdefault(LABEL_NOTES, {})[c] = notes


def apply_value_labels(frame: pd.DataFrame, codebook: Codebook, mapping: ExportMapping | None,
                       source: str | Path) -> list[Finding]:
    """Use an SPSS file's value labels (``frame.attrs["value_labels"]``), in place.

    Per coded column: a stored value whose label is a label of the codebook (or of the
    mapping's ``values``, or one after its ``labels`` patterns) becomes that label's code
    (logged when it differs from the stored value); where the labels are not recognised, the
    stored values are kept as codes and one warning says so.
    """
    labels_of = frame.attrs.get("value_labels") or {}
    file, owner = str(source), codebook.column_owner()
    findings: list[Finding] = _user_missing(frame, codebook, mapping, file, owner)
    for c, labels in labels_of.items():
        q = owner.get(c)
        if c in frame.columns and q is not None and q.type in ("scale", "nps") and c in q.answer_columns():
            table = label_table(mapping, codebook, c, q) if mapping is not None else None
            declared = _declared_codes(table, set(labels)) if table is not None else {}
            findings += (_numbers_declared(c, q, labels, declared, file) if declared
                         else _numbered_labels(frame, c, q, labels, file))
            continue
        if c in frame.columns and q is not None and q.type == "numeric" and c in q.answer_columns():
            findings += _labelled_numbers(frame, c, q, labels, file)
            continue
        if c not in frame.columns or q is None or q.type not in (
                "single", "matrix", "multi", "contact") or c not in _coded_columns(q):
            continue
        table = label_table(mapping, codebook, c, q)
        if table is None:
            continue
        held = {str(v).strip() for v in frame[c].to_numpy(dtype=object)} - {""}
        declared = _declared_codes(table, set(labels) | held)
        _note_unread_labels(frame, c, labels, table, held)
        disagree = _disagreeing_labels(frame, c, q, labels, table, declared, file)
        if disagree:
            findings += disagree
            continue
        translate: dict[str, str] = {}
        unresolved: list[str] = []
        read_as: dict[str, list[tuple[str, str | None]]] = {}  # code -> the (stored value, label)s read as it
        for stored, label in labels.items():
            if stored in declared:  # read as the mapping declares it (the label agrees, or is none of the codebook's)
                continue
            hit = table.resolve(label, loose=True)
            if hit is None:
                unresolved.append(label)
            elif str(hit.code) != stored:
                translate[stored] = label
            read_as.setdefault(str(hit.code) if hit is not None else stored, []).append((stored, label))
        if translate:  # a value the file holds without a label keeps its stored value: as another's code?
            for stored in sorted(held - set(labels) - set(declared)):
                if stored in read_as:
                    read_as[stored].append((stored, None))
        merged = {code: pairs for code, pairs in read_as.items() if len(pairs) > 1}
        if merged:  # two answers of the file would become one of the codebook: the figures would be wrong
            code, pairs = sorted(merged.items())[0]
            findings.append(Finding(
                file, None, None, c, q.label, "error",
                "SPSS value labels " + " and ".join(f"{s} '{label}'" if label is not None
                                                    else f"{s} (a value without a label, read as itself)"
                                                    for s, label in pairs)
                + f" would both be read as code {code}"
                + (f" (a label not in the codebook{_NOR_VALUES * bool(table.declared)} keeps its stored value)"
                   if unresolved else ""),
                "value labels that match the codebook's options one to one",
                "fix the value labels in the SPSS file, or give the export mapping 'values' for this column"))
            continue
        misread = _misread_labels(frame, c, q, {s: lab for s, lab in labels.items() if s not in declared}, table, file)
        if misread:  # read as stored, an answer would count as another option (review h150)
            findings += misread
            continue
        if translate or declared:
            findings += _declared_findings(_translate(frame, c, table, q, codebook.id_column,
                                                      None, why=translate, declared=declared), file, False)
        if unresolved:
            findings.append(Finding(
                file, None, None, c, q.label, "warning",
                "SPSS value label(s) not recognised: "
                + ", ".join(f"'{u}'" for u in unresolved[:10]), None,
                "the stored values are read as the codebook's codes"))
    return findings
