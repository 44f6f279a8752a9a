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

Values of free-text columns are never repeated in messages: they may hold personal data; other
cells only when they cannot identify anyone (:func:`~wlzmonitor.inputs.quality_log.describe_value`).
A free-text answer longer than :data:`MAX_ANSWER_CHARS` is cut to that length, and a NUL character
or another control character in it (:data:`CONTROL_CHARACTERS`: C0 and C1 controls but tab, line
feed and carriage return; the bidirectional embeddings, overrides and isolates, which reorder
the text a reader sees) removed (the C1 "next line" becomes a line break; each logged as
``repaired``); its line ends are LF (CR LF and CR read as LF, as a workbook's cells are: not logged); a NUL
character in any other cell
is an error.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from collections.abc import Iterator, Mapping
from typing import Any, Callable, Iterable, NamedTuple

import numpy as np
import pandas as pd

from wlzmonitor.spec.codebook import Codebook, Condition, Question
from wlzmonitor.inputs.quality_log import (
    DataQualityLog,
    ExportError,
    MAX_SHOWN_TEXT,
    Finding,
    SPREADSHEET_ERRORS,
    describe_value,
    format_error_message,
    hidden_id_kinds,
    respondent_id_text,
    rows_text,
)
from wlzmonitor.inputs.csv_columns import factors_of, small_codes
from wlzmonitor.inputs.mapping import DELIMITERS_ONLY, LABEL_NOTES
from wlzmonitor.inputs.personal_patterns import fold_letters
from wlzmonitor.inputs.privacy import holds_name_word, name_words
from wlzmonitor.inputs.reading import BOOLEAN_CELLS, ROW, ROW_INDEX_LEFT_OUT, SAV_DATES, remove_nul
from wlzmonitor.inputs.row_order import INVISIBLE_IN_ID, OTHER_SPACE_IN_ID, prefixed_numbers
from wlzmonitor.inputs.row_rules import MISSING_WORDS, TEXT_PREFIX
from wlzmonitor.inputs.values import (ColumnSpec, decimal_separator, format_number, normalise_label, option_labels,
                                      parse_number)

__all__ = [
    "MAX_ANSWER_CHARS",
    "validate",
    "validate_and_parse",
    "validated_rows",
    "convert_types",
    "normalise_multi_routing",
]


#: A free-text answer longer than this is cut to this many characters (logged as ``repaired``):
#: generous for any real answer, and it keeps a pasted document out of the pages.
MAX_ANSWER_CHARS = 10_000
#: characters taken out of free text (see the module docstring): they are invalid in HTML and in
#: a workbook, move a terminal's cursor or colour ("\x1b[31m"), or show the text in another order
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# --------------------------------------------------------------------------------------------
# Typing the cells
# --------------------------------------------------------------------------------------------


def _options_expected(q: Question, options=None) -> str:
    opts = options if options is not None else q.options
    return "one of " + ", ".join(f"{o.code}={o.label}" for o in opts)


def _column_specs(codebook: Codebook) -> dict[str, ColumnSpec]:
    """Codebook column -> how its cells are checked and typed (id and completion flag: none)."""
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
            specs[q.key] = _numeric_spec(q)
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


def _numeric_spec(q: Question) -> ColumnSpec:
    """How a numeric question's cells are read: its ``range``, then its ``plausible`` range
    (``expected`` names the narrower of the two)."""
    lo, hi = q.range if q.range else (None, None)
    p_lo, p_hi = q.plausible if q.plausible else (None, None)
    integer = q.unit == "count"
    what = "a whole number" if integer else "a number"
    show_lo = p_lo if p_lo is not None else lo
    show_hi = p_hi if p_hi is not None else hi
    if show_lo is not None and show_hi is not None:
        exp = f"{what} from {format_number(show_lo)} to {format_number(show_hi)}"
    elif show_lo is not None:
        exp = f"{what} of at least {format_number(show_lo)}"
    elif show_hi is not None:
        exp = f"{what} of at most {format_number(show_hi)}"
    else:
        exp = what
    exp += {"percent": " (percent)", "euro": " (euro)", "count": ""}[q.unit or "count"]
    return ColumnSpec(q.key, q, "number", exp, lo=lo, hi=hi, integer=integer,
                      percent=q.unit == "percent", plausible_lo=p_lo, plausible_hi=p_hi)


def _all_text(s: pd.Series) -> bool:
    """True when every cell is a str (what the readers produce): the fast paths apply."""
    return s.dtype == object and pd.api.types.infer_dtype(s, skipna=False) in ("string", "empty")


def _text_factors(s: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """``(codes, texts)``: the cells stripped, as ``pd.factorize`` of :func:`_text_cells` gives
    them (``texts[codes]`` are the stripped cells, ``texts`` the distinct ones in order of first
    appearance), when every cell is a str (what the readers produce; else None).

    The column is hashed once and each distinct cell stripped once; the distinct stripped texts
    come from factorizing the (few) distinct cells again, so every later step (parsing, the
    empty-cell masks) works on the distinct texts instead of on each of 100,000 cells.
    """
    raw = _raw_factors(s)
    return _stripped_factors(raw) if raw is not None else None


def _raw_factors(s: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """``(codes, cells)``: the column's distinct cells as read (``cells[codes]`` is the column),
    when every cell is a str (else None, as :func:`_all_text`). The per-cell work of the checks
    (length, stripping, parsing) is then done once per distinct cell."""
    if s.dtype != object:
        return None
    read = factors_of(s)  # the reader's, when the column still holds what it read
    if read is not None:
        return small_codes(read[0], len(read[1])), read[1]
    codes, uniques = pd.factorize(s.to_numpy(dtype=object))  # a missing cell: code -1
    if not all(isinstance(u, str) for u in uniques) or (len(codes) and codes.min() < 0):
        return None  # as _all_text: a number, or None / NaN / NA in a cell
    return small_codes(codes, len(uniques)), uniques


def _stripped_factors(raw: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_text_factors` from the :func:`_raw_factors` of the column: ``raw`` itself when
    stripping changes no cell (``str.strip`` gives back the very string then)."""
    codes, uniques = raw
    stripped = np.array([u.strip() for u in uniques], dtype=object)
    if all(a is b for a, b in zip(stripped, uniques)):
        return raw
    inner, texts = pd.factorize(stripped) if len(stripped) else (np.zeros(0, np.intp), stripped)
    return small_codes(inner, len(texts)).take(codes), texts


def _text_array(raw: tuple[np.ndarray, np.ndarray]) -> pd.api.extensions.ExtensionArray:
    """A text column as the string dtype from its :func:`_raw_factors`: each cell as read, NA
    where it is only whitespace; each distinct cell converted once (the same array as
    ``cells.where(stripped != "", NA).astype("string")``)."""
    codes, uniques = raw
    distinct = pd.array(np.array([u if u.strip() != "" else pd.NA for u in uniques],
                                 dtype=object), dtype="string")
    return distinct.take(codes.astype(np.intp, copy=False))


def _text_cells(s: pd.Series, factors: tuple[np.ndarray, np.ndarray] | None = None
                ) -> pd.Series:
    """Cells as stripped text ('' for empty / missing); ``factors``: :func:`_text_factors` of
    ``s`` when the caller has them."""
    factors = factors if factors is not None else _text_factors(s)
    if factors is not None:  # strip each distinct text once, not each cell
        codes, texts = factors
        return pd.Series(texts.take(codes) if len(codes) else [], index=s.index, name=s.name,
                         dtype=object)

    def one(v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()
    return s.map(one).astype(object)


def _parse_frame(df: pd.DataFrame, codebook: Codebook, text: dict[str, pd.Series] | None = None,
                 factors: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
                 raw_factors: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
                 columns: list[str] | None = None, decimal: str | None = None
                 ) -> tuple[pd.DataFrame, list[tuple[Any, str, str, str]],
                            list[tuple[Any, str, str, str]]]:
    """Typed copy of ``df`` (invalid cells -> NA), the problems (index, column, issue,
    expected) and the repairs (index, column, cell text, what was done). Routing is not
    applied here. ``text``: ``_text_cells`` of the columns, when the caller has them already;
    ``factors``: their :func:`_text_factors` (the same as factorizing ``text``);
    ``raw_factors``: :func:`_raw_factors` of text columns; ``columns``: the columns to type (all of
    ``df``'s when None; a column ``df`` no longer holds is read from ``text`` and ``factors``); ``decimal``: the
    export's decimal separator (:func:`_decimal_of`), for its number columns."""
    text = text if text is not None else {}
    factors = factors or {}
    raw_factors = raw_factors or {}
    specs = {c: replace(sp, decimal=decimal) if decimal and sp.kind == "number" else sp
             for c, sp in _column_specs(codebook).items()}
    out: dict[str, pd.Series] = {}
    problems: list[tuple[Any, str, str, str]] = []
    repairs: list[tuple[Any, str, str, str]] = []
    for c in (columns if columns is not None else df.columns):
        if c == ROW:
            out[c] = df[c].copy()  # the typed frame holds its own (below: no copy of the columns)
            continue
        cells = _Lazy(lambda c=c: text[c] if c in text else _text_cells(df[c]))  # type: ignore[misc]
        if c == codebook.id_column:
            out[c] = cells().astype("string")
            continue
        if c == codebook.complete_column:
            spec = _complete_spec(c)
        else:
            spec = specs.get(c)
            if spec is None:  # not a codebook column: leave as text
                out[c] = cells().replace("", pd.NA).astype("string")
                continue
        if spec.kind == "text":
            _check_spreadsheet_errors(c, cells, factors.get(c), problems)
            if c in raw_factors:
                out[c] = pd.Series(_text_array(raw_factors[c]), index=df.index)
                continue
            if _all_text(df[c]):
                raw = df[c].astype(object).where(cells().ne(""), pd.NA)
            else:
                raw = df[c].map(lambda v: pd.NA if v is None or v is pd.NA
                                or (isinstance(v, float) and math.isnan(v))
                                or str(v).strip() == "" else str(v))
            out[c] = raw.astype("string")
            continue
        # parse each distinct cell text once (a column holds a handful of codes), then spread
        codes, uniques = (factors[c] if c in factors
                          else pd.factorize(cells().to_numpy(dtype=object)))
        parsed = np.empty(len(uniques), dtype=object)
        issues: list[str | None] = []
        fixes: list[str | None] = []
        for j, unique in enumerate(uniques):  # (not `text`: that is the columns' cells)
            if unique == "":
                parsed[j] = pd.NA
                issues.append("empty" if c == codebook.complete_column else None)
                fixes.append(None)
                continue
            v, issue, fix = spec.parse(unique)
            parsed[j] = pd.NA if issue is not None else v
            issues.append(issue)
            fixes.append(fix)
        for pos in np.flatnonzero(np.array([i is not None for i in issues], dtype=bool).take(codes)) if len(codes) else ():
            problems.append((df.index[pos], c, issues[codes[pos]], spec.expected))
        if any(f is not None for f in fixes):
            for pos in np.flatnonzero(np.array([f is not None for f in fixes], dtype=bool).take(codes)):
                repairs.append((df.index[pos], c, uniques[codes[pos]], fixes[codes[pos]]))
        out[c] = pd.Series(_typed_array(parsed, codes, spec.dtype), index=df.index)
    # each column above is a new array of its own: the frame takes them as they are (a copy of
    # every typed cell costs 0.1-0.4 s and 140 MB for 100,000 respondents)
    return pd.DataFrame(out, index=df.index, copy=False), problems, repairs


def _complete_spec(column: str) -> ColumnSpec:
    """How the completion flag's cells are read (the codebook has no question for it)."""
    return ColumnSpec(column, None, "binary", "1 (complete) or 0 (incomplete)",  # type: ignore[arg-type]
                      codes=(0, 1))


def _check_spreadsheet_errors(c: str, cells: "_Lazy", factors: tuple[np.ndarray, np.ndarray] | None,
                              problems: list[tuple[Any, str, str, str]]) -> None:
    """A free-text cell that is a spreadsheet's error value ('#N/A' where the answer's text was: the
    formula that held it failed) is a problem; looked for among the column's distinct texts when it
    has them (``factors``: the stripped cells' codes and texts), else cell by cell."""
    if factors is not None and SPREADSHEET_ERRORS.isdisjoint(factors[1]):
        return  # the usual case: no distinct text is one, so no cell is
    text = cells()
    failed = text.isin(SPREADSHEET_ERRORS)
    if failed.any():
        for idx in text.index[failed]:
            problems.append((idx, c, f"got {describe_value(text.at[idx])}",
                             "the respondent's text, or an empty cell"))


class _Lazy:
    """A value made by ``make`` when first asked for (``lazy()``), then kept."""

    def __init__(self, make: Any) -> None:
        self._make, self._made, self._value = make, False, None

    def __call__(self) -> Any:
        if not self._made:
            self._value, self._made = self._make(), True
        return self._value


def _typed_array(parsed: np.ndarray, codes: np.ndarray, dtype: str):
    """The column of ``dtype`` whose cell i is ``parsed[codes[i]]`` (pd.NA = missing).

    Builds the masked array directly; the same as ``Series(object values).astype(dtype)``
    without converting every cell on its own.
    """
    missing = np.array([v is pd.NA for v in parsed], dtype=bool)
    if dtype == "Int64":
        data = np.array([0 if m else v for v, m in zip(parsed, missing)], dtype=np.int64)
        return pd.arrays.IntegerArray(data.take(codes), missing.take(codes))
    if dtype == "Float64":
        data = np.array([0.0 if m else v for v, m in zip(parsed, missing)], dtype=np.float64)
        return pd.arrays.FloatingArray(data.take(codes), missing.take(codes))
    return pd.Series(parsed.take(codes), dtype=object).astype(dtype).array


def normalise_multi_routing(typed: pd.DataFrame, codebook: Codebook, *, copy: bool = True
                            ) -> pd.DataFrame:
    """Typed rows with the options of multi questions set by routing: not asked -> every
    option NA (an export may hold 0s there); asked and at least one option selected -> empty
    options are 0 (not selected). The last step of :func:`convert_types`. ``copy=False``: the
    caller's own frame is changed and returned (the loader's, which it made for this)."""
    if copy:
        typed = typed.copy()
    for q in codebook.questions:
        if q.type != "multi" or not all(c in typed.columns for c in q.answer_columns()):
            continue
        cols = q.answer_columns()
        asked = codebook.asked_mask(q, typed)
        # an option chosen (1) in the row: ``typed[cols].eq(1).fillna(False).any(axis=1)``, on
        # numpy arrays (a row-wise reduction over nullable columns takes pandas milliseconds each)
        chosen = pd.Series(np.logical_or.reduce(
            [typed[c].to_numpy(dtype=float, na_value=np.nan) == 1 for c in cols]), index=typed.index)
        for c in cols:
            if isinstance(typed[c].dtype, pd.api.extensions.ExtensionDtype) and typed[c].dtype.kind in "iuf":
                # the same as the two assignments below, as two whole-column operations (the
                # assignments cost a millisecond each, for hundreds of option columns)
                cells = typed[c].mask(~asked)
                typed[c] = cells.where(~(asked & chosen) | cells.notna(), 0)
                continue
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
            col = leaf.leaf_columns(item)[0]
            v = typed_row.get(col, pd.NA)
            part = f"{col} = {'empty' if v is pd.NA or pd.isna(v) else format_number(float(v))}"
        if part not in parts:
            parts.append(part)
    return "; ".join(parts)


#: a short value a finding quotes ("got 'Smit'"): see _Export.add
_QUOTED_SHORT = re.compile(r"'([^'\s][^']{0,%d})'" % (MAX_SHOWN_TEXT + 2))


class _Texts(Mapping):
    """Column -> its cells as stripped text ('' for empty), as :class:`_Export` reads them.

    A column with factors (its distinct stripped texts and a code per cell: every column whose
    cells are all text) is made into a Series each time it is asked for, and one cell is read
    from the factors (:meth:`cell`), so that no per-cell copy of the export is held and the
    cells as read can be let go of once the checks that read them are done (100,000
    respondents: 130 MB less at the loader's highest memory). A column without factors, and the
    respondent ids (read again and again), are held as made."""

    def __init__(self, index: pd.Index, factors: dict[str, tuple[np.ndarray, np.ndarray]],
                 held: dict[str, pd.Series]) -> None:
        self._index, self._factors, self._held = index, factors, held

    def __getitem__(self, column: str) -> pd.Series:
        if column in self._held:
            return self._held[column]
        codes, texts = self._factors[column]
        return pd.Series(texts.take(codes) if len(codes) else [], index=self._index, name=column,
                         dtype=object)

    def __setitem__(self, column: str, cells: pd.Series) -> None:
        self._held[column] = cells

    def __contains__(self, column: object) -> bool:
        return column in self._held or column in self._factors

    def __iter__(self) -> Iterator[str]:
        return iter([*self._held, *(c for c in self._factors if c not in self._held)])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def at(self, column: str, idx: Any) -> str:
        """The text of the cell of row label ``idx``."""
        return self.cell(column, self._index.get_loc(idx))

    def cell(self, column: str, pos: int) -> str:
        """The text of the cell at position ``pos``."""
        if column in self._held:
            return self._held[column].iat[pos]
        codes, texts = self._factors[column]
        return texts[codes[pos]]

    def cells(self, column: str, positions: np.ndarray) -> np.ndarray:
        """The texts of the cells at ``positions``."""
        if column in self._held:
            return self._held[column].to_numpy(dtype=object)[positions]
        codes, texts = self._factors[column]
        return texts[codes[positions]]


class _CellsOf(Mapping):
    """Column -> its cells' texts by position (``cells_of[c][pos]``), read from :class:`_Texts`
    when asked for (a message quotes a handful of cells)."""

    def __init__(self, text: _Texts) -> None:
        self._text = text

    def __getitem__(self, column: str) -> "_ColumnCells":
        return _ColumnCells(self._text, column)

    def __iter__(self) -> Iterator[str]:
        return iter(self._text)

    def __len__(self) -> int:
        return len(self._text)


@dataclass(frozen=True)
class _ColumnCells:
    text: _Texts
    column: str

    def __getitem__(self, pos: int) -> str:
        return self.text.cell(self.column, pos)


@dataclass
class _Export:
    """The export being validated: the codebook's columns as text, and where findings go."""

    file: str
    codebook: Codebook
    log: DataQualityLog
    #: the codebook's columns in codebook order (a column missing from the export: empty)
    columns: list[str]
    missing_columns: list[str]
    #: the cells as read (``columns`` and ROW)
    df: pd.DataFrame
    #: column -> the cells as stripped text ('' for empty)
    text: _Texts
    #: column -> :func:`_text_factors` of its cells (the columns whose cells are all text)
    factors: dict[str, tuple[np.ndarray, np.ndarray]]
    #: free-text column -> :func:`_raw_factors` of its cells (when they are all text)
    raw_factors: dict[str, tuple[np.ndarray, np.ndarray]]
    #: index -> spreadsheet row
    rows: pd.Series
    #: index -> respondent id (None when empty)
    id_of: dict[Any, str | None]
    #: codebook column -> the export's header, when a mapping renamed it
    export_columns: dict[str, str]
    owner: dict[str, Question]
    #: codebook column -> how its cells are read (not the id and completion columns)
    specs: dict[str, ColumnSpec]
    #: a mapping's errors about multi cells of delimiters only (mapping.DELIMITERS_ONLY): logged by the routing check
    delimiters_only: list[Finding] = field(default_factory=list)
    #: (index, codebook column) of the cells an error was logged for by their own check (a workbook's TRUE/FALSE
    #: cell): the value checks skip them, so one cell gets one line (review h162)
    reported: set[tuple[Any, str]] = field(default_factory=set)
    #: codebook column -> stored value -> what its SPSS value label says (mapping.LABEL_NOTES)
    label_notes: dict[str, dict[str, str]] = field(default_factory=dict)
    #: codebook column -> (SPSS date or time format, row -> the number stored) (reading.SAV_DATES)
    sav_dates: dict[str, tuple[str, dict[int, str]]] = field(default_factory=dict)

    @property
    def ids(self) -> pd.Series:
        """The respondent ids as stripped text ('' for empty)."""
        return self.text[self.codebook.id_column]

    def _contact_words(self, idx: Any) -> set[str]:
        """The row's contact details (the codebook's private columns) as casefolded words and whole values."""
        words: set[str] = set()
        for column in self.codebook.private_columns():
            value = self.text.at(column, idx) if column in self.text else ""
            if value:  # words of letters: a name's parts ('1' of "lid1@…" is no one's)
                words |= {w.casefold() for w in re.findall(r"[^\W\d_]{2,}", value)}
                words |= {value.casefold()} if any(c.isalpha() for c in value) else set()
        return words

    def _unquoted(self, m: re.Match, idx: Any) -> str:
        """A short quoted value as the finding may show it: not when it is in the row's contact details, or a
        word of any respondent's contact name or e-mail address ("got 'Kok'" in another row than Niels
        Kok's: review of the agency exports)."""
        value = m.group(1).casefold()
        if value.strip().upper() in MISSING_WORDS:  # a tool's word for no value ('N/A'): names no one
            return m.group(0)
        if value in self._contact_words(idx):
            return "a value that is in the row's contact details (not shown)"
        if holds_name_word(value, self._all_contact_words()) and value.isalpha():
            return "a value that is in a respondent's contact details (not shown)"
        return m.group(0)

    def _all_contact_words(self) -> frozenset[str]:
        """:func:`~wlzmonitor.inputs.privacy.name_words` of every row's contact details, read once."""
        cached = self.__dict__.get("_contact_name_words")
        if cached is None:
            values = {v for c in self.codebook.private_columns() if c in self.text
                      for v in self.text[c].tolist() if v}
            cached = self.__dict__["_contact_name_words"] = name_words(values)
        return cached

    def shown(self, column: str, cell: str) -> str:
        """A cell as a finding may repeat it: ``'3'`` or its kind (``text of 34 characters``)."""
        spec = self.specs.get(column)
        return spec.shown(cell) if spec is not None else describe_value(cell)

    def add(self, idx: Any, column: str | None, q: Question | None, severity: str, issue: str,
            expected: str | None = None, action: str | None = None) -> None:
        """Log a finding about row ``idx`` (with its spreadsheet row and respondent id); a short value the
        issue quotes that is in the row's contact details ("got 'Smit'" beside a contact "Jan Smit") is not
        quoted (review of the agency exports: short values were quoted whatever they were)."""
        if "'" in issue:
            issue = _QUOTED_SHORT.sub(lambda m: self._unquoted(m, idx), issue)
        self.log.add(Finding(self.file, int(self.rows[idx]), self.id_of[idx], column,
                             q.label if q else None, severity, issue, expected, action,
                             self.export_columns.get(column) if column else None))


@dataclass
class _Rows:
    """The rows as the routing checks read them: numpy arrays by position, in row order."""

    typed: pd.DataFrame
    labels: pd.Index
    #: rows not excluded so far (not a duplicate, not an incomplete response)
    routed: np.ndarray
    #: rows whose completion flag is 1
    is_complete: np.ndarray
    text_of: "_CellsOf"
    filled: "_Filled"


class _Filled(Mapping):
    """Column -> ``text != ""`` of its stripped cells, worked out when asked for (from the
    column's distinct texts: a fraction of a millisecond) rather than held for every column at
    once (a byte a cell: 16 MB for 100,000 respondents at the loader's highest memory)."""

    def __init__(self, export: "_Export") -> None:
        self._export = export

    def __getitem__(self, column: str) -> np.ndarray:
        return _filled(self._export, column)

    def __iter__(self) -> Iterator[str]:
        return iter(self._export.columns)

    def __len__(self) -> int:
        return len(self._export.columns)


def _row_index_left_out(log: DataQualityLog) -> tuple[str, str] | None:
    """("column 1", "1, 2, 3, …") when the reader left out a nameless first column of row numbers (review h139: when
    the id column is then missing, those numbers may be the ids whose column lost its name; before review h134
    the error said the column had no name, after it only that the id column was missing), else None."""
    for f in log:
        if f.severity == "warning" and ROW_INDEX_LEFT_OUT in f.issue:
            column, _, numbers = f.issue.partition(f" {ROW_INDEX_LEFT_OUT} ")
            return column, numbers.split(":")[0]
    return None


def _check_columns(raw: pd.DataFrame, codebook: Codebook, file: str, log: DataQualityLog,
                   export_columns: dict[str, str]) -> list[str]:
    """Checks the header: missing codebook columns (errors), columns not in the codebook."""
    expected = codebook.columns()
    owner = codebook.column_owner()
    present = [c for c in raw.columns if c != ROW]
    missing_cols = [c for c in expected if c not in present]
    # a header in another case, or with a look-alike letter of another script ("оmzet", a Cyrillic о)
    folded = {" ".join(fold_letters(str(p)).split()).casefold(): str(p) for p in present if p not in expected}
    names: frozenset[str] | None = None  # the contacts' name words, read once an unexpected column needs them
    for c in missing_cols:
        q = owner.get(c)
        want = (f"a column named '{export_columns[c]}' (the export mapping's name for '{c}')"
                if c in export_columns else f"a column named '{c}'")
        name = export_columns.get(c, c)
        near = folded.get(" ".join(name.split()).casefold())
        odd = [c for c in dict.fromkeys(near or "") if not c.isascii()]
        why = ("column names are case-sensitive" if not odd else "it holds " + ", ".join(
            f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in odd) + ", which only looks like the letter")
        action = (f"rename the export's column '{near}' to '{name}' ({why})"
                  if near is not None else "add the column to the export")
        if near is not None:  # on screen too, not only in the log file's action column (newcomer review)
            want += f"; the export has '{near}': {action}"
        elif c == codebook.id_column and (index := _row_index_left_out(log)):
            column, numbers = index
            action = f"if the numbers in {column} are the respondent ids, give that column the name '{name}'"
            want += (f"; the export's {column}, without a name, holds only {numbers} and was left out as a row "
                     f"index: {action}")
        log.add(Finding(file, None, None, c, q.label if q else None, "error",
                        "missing expected column", want, action, export_columns.get(c)))
    for c in present:
        if c not in expected:
            q = _question_of_unknown_column(str(c), codebook)
            answers = _answers_in_unknown_column(raw[c], q) if q is not None else 0
            if answers:  # an option, item or field the codebook does not have: never dropped silently
                # (a multi question's other columns all 0 read as "not answered": the row excluded)
                held = (f"{answers} respondent(s) chose this option" if q.type == "multi"
                        else f"the column holds {answers} answer(s)")
                log.add(Finding(file, None, None, str(c), q.label, "error",
                                f"{held}, but {q.label} has no column '{c}' in codebook {codebook.year}",
                                "the question's columns " + ", ".join(q.columns()),
                                "add the option, item or field to the codebook, or remove the column"))
                continue
            if q is None and _QUESTION_KEY_SHAPE.fullmatch(str(c)) and (filled := _filled_cells(raw[c])):
                # named as the codebook names a question ("capaciteit_gesprek", dropped from the year's codebook
                # or added by the agency and not to the codebook): its answers are never dropped silently
                log.add(Finding(file, None, None, str(c), None, "error",
                                f"the column holds {filled} answer(s), but codebook {codebook.year} has no "
                                f"question '{c}'", f"a question of codebook {codebook.year}",
                                "add the question to the codebook (docs/survey_years.md), or remove the column "
                                "from the export if the year did not ask it"))
                continue
            if names is None:
                names = _contact_name_words(raw, codebook)
            shown = (str(c) if not holds_name_word(str(c), names)
                     else "(not shown: it holds a word of a contact's name or e-mail address)")
            log.add(Finding(file, None, None, shown, None, "warning",
                            f"unexpected column, not in codebook {codebook.year}", None,
                            "column dropped (it could hold personal data)"))
    if codebook.id_column in missing_cols or codebook.complete_column in missing_cols:
        raise ExportError(format_error_message(file, log.errors, codebook.year), log.errors, log)
    return missing_cols


def _contact_name_words(raw: pd.DataFrame, codebook: Codebook) -> frozenset[str]:
    """The words of the contact names and e-mail addresses in the export's private columns
    (:func:`wlzmonitor.inputs.privacy.name_words`): an unexpected column whose header holds one
    (a respondent's row taken for the header, a column "Opmerking T. de Haan") is not named."""
    values: dict[str, None] = {}
    for c in codebook.private_columns():
        if c in raw.columns:
            values.update(dict.fromkeys(str(v) for v in raw[c].tolist() if isinstance(v, str) and v.strip()))
    return name_words(values)


#: a column named as the codebook names a question or its columns: lower case, digits and underscores
#: ("capaciteit_gesprek", "redenen__5"); a platform's own columns are written otherwise ("E-mail",
#: "IP-adres", "Starttijd")
_QUESTION_KEY_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:__?[a-z0-9]+)*")


def _filled_cells(cells: pd.Series) -> int:
    """The cells of a column that hold something (not empty, not only white space)."""
    text = cells.map(lambda v: "" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                     else str(v).strip())
    return int(text.ne("").sum())


def _answers_in_unknown_column(cells: pd.Series, q: Question) -> int:
    """The answers in a column of question `q` that the codebook lacks: its filled cells; of a multi
    question's option column the options chosen (a 0 there is "not chosen": an option nobody chose
    loses nothing when its column is dropped; a 0 as the option columns read it, "+0", "0,0" and
    full-width "０" too)."""
    text = cells.map(lambda v: "" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                     else str(v).strip())
    filled = text.ne("")
    if q.type == "multi":
        filled &= ~text.isin([v for v in text[filled].unique() if parse_number(v) == 0])
    return int(filled.sum())


def _question_of_unknown_column(column: str, codebook: Codebook) -> Question | None:
    """The question a column not in the codebook is named after (``zorgkantoren__32``), else None."""
    key = column.split("__", 1)[0] if "__" in column else None
    return codebook.question(key) if key and key in codebook else None


def _export_cells(raw: pd.DataFrame, codebook: Codebook, file: str, log: DataQualityLog,
                  export_columns: dict[str, str], missing_cols: list[str]) -> _Export:
    """The codebook's columns of ``raw`` as text (a missing one empty), ready for the checks."""
    expected = codebook.columns()
    present = [c for c in raw.columns if c != ROW]
    if not missing_cols and list(raw.columns) == expected + [ROW]:
        df = raw.copy(deep=False)  # already the columns in order: no copy of the cells (the
        # checks replace a column they repair, they never write into one)
    else:
        df = raw[[c for c in expected if c in present] + [ROW]].copy()
        for c in missing_cols:
            df[c] = ""
        df = df[expected + [ROW]]
    specs = _column_specs(codebook)
    raw_all = {c: f for c in expected for f in [_raw_factors(df[c])] if f is not None}
    factors = {c: _stripped_factors(f) for c, f in raw_all.items()}
    raw = {c: f for c, f in raw_all.items() if c in specs and specs[c].kind == "text"}
    held = {c: _text_cells(df[c]) for c in expected if c not in factors}
    if codebook.id_column not in held:
        held[codebook.id_column] = _text_cells(df[codebook.id_column], factors[codebook.id_column])
    text = _Texts(df.index, factors, held)
    ids = text[codebook.id_column]
    return _Export(file=file, codebook=codebook, log=log, columns=expected,
                   missing_columns=missing_cols, df=df, text=text, factors=factors,
                   raw_factors=raw,
                   rows=df[ROW].astype(int),
                   id_of={idx: (v or None) for idx, v in ids.items()},
                   export_columns=export_columns, owner=codebook.column_owner(),
                   specs=specs)


#: an id a spreadsheet wrote in scientific notation ('1,14803E+11'): its digits are lost
_SCIENTIFIC_ID = re.compile(r"^\s*\d(?:[.,]\d+)?[eE][+]?\d+\s*$")
_SHORTENED = (" (the id is written in scientific notation: a spreadsheet shortened the ids, and "
              "respondents now share one; export again, or format the id column as text before saving)")

#: an id that is a date without its time of day, as the reader writes a workbook's date cell: a submission
#: time (Google Forms' Tijdstempel) a spreadsheet cut to a date, so that one day's respondents share it
_DATE_ONLY_ID = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:T00:00(?::00)?)?\s*$")
_CUT_TO_A_DATE = (" (the id is a date without a time of day: the submission time (a Google Forms 'Tijdstempel') "
                  "was cut to a date, and the respondents of one day now share one; export again, or format the "
                  "column as date and time (d-m-jjjj u:mm:ss) before saving)")


#: a respondent id that is a spreadsheet's error value (the formula that gave the id failed) or a tool's word for
#: no value (a database's NULL, pandas' nan): no id, though the cell is filled (upper case; review h150)
_NO_ID = frozenset(e.upper() for e in SPREADSHEET_ERRORS) | MISSING_WORDS


def _no_id_text(rid: str) -> str:
    """How an error names a respondent id of :data:`_NO_ID`."""
    if rid.upper() in {e.upper() for e in SPREADSHEET_ERRORS}:
        return f"the spreadsheet error {rid} (a formula that failed), not an id"
    return f"'{rid}', a tool's word for no value, not an id"


def _check_respondent_ids(export: _Export) -> set:
    """Checks respondent ids: empty (error), repeated (identical copy excluded, else error)."""
    id_column, rows = export.codebook.id_column, export.rows
    invisible = _remove_invisible_characters(export)
    prefixed = _remove_text_prefix(export)
    _ids_written_as_floats(export)
    _ids_as_workbook_datetimes(export)
    ids = export.ids
    for idx in export.df.index[ids == ""]:
        export.add(idx, id_column, None, "error",
                   "the respondent id holds only invisible characters" if idx in invisible
                   else "the respondent id is only an apostrophe (a spreadsheet's text prefix)" if idx in prefixed
                   else "empty respondent id", "a unique respondent id", "fill in the id")
    no_id = ids.str.upper().isin(_NO_ID)
    for idx in export.df.index[no_id]:  # review h150: kept as an id, silently
        export.add(idx, id_column, None, "error", f"the respondent id is {_no_id_text(ids.at[idx])}",
                   "a unique respondent id", "fill in the id (export it again, or copy it from the survey tool)")
    dup_copy: set[Any] = set()
    nonempty = ids[(ids != "") & ~no_id & ~ids.index.isin(  # not also 'the same id on two rows'
        [idx for idx, column in export.reported if column == id_column])]
    repeated = nonempty[nonempty.duplicated(keep=False)]  # only ids on more than one row
    for rid, group in repeated.groupby(repeated, sort=False):
        first = group.index[0]
        for idx in group.index[1:]:
            diff = _differing(export, export.columns, idx, first)
            if not diff:
                dup_copy.add(idx)
                export.add(idx, id_column, None, "excluded",
                           f"duplicate of row {int(rows[first])}", "unique respondent ids",
                           "row excluded (identical copy)")
            else:
                shown = ", ".join(diff[:5]) + (f" and {len(diff) - 5} more" if len(diff) > 5
                                               else "")
                export.add(idx, id_column, None, "error",
                           f"respondent id {respondent_id_text(rid)} also on row "
                           f"{int(rows[first])} with "
                           f"different answers (columns {shown})" + (
                               _SHORTENED if _SCIENTIFIC_ID.match(str(rid)) else
                               _CUT_TO_A_DATE if _DATE_ONLY_ID.match(str(rid)) else "") + (
                               _INVISIBLE_REMOVED if invisible.intersection((idx, first)) else "") + (
                               _PREFIX_REMOVED if prefixed.intersection((idx, first)) else ""),
                           "unique respondent ids",
                           "fix the export: remove or renumber one of the rows")
    dup_copy |= _other_spelling_of_an_id(export, nonempty, dup_copy)
    kinds = hidden_id_kinds(nonempty)
    if kinds:
        export.log.add(Finding(
            export.file, None, None, id_column, None, "warning",
            f"{len(kinds)} respondent id(s) look like personal data or free text "
            f"({', '.join(sorted(set(kinds))[:5])})", "pseudonymous ids: numbers or codes",
            "kept; these ids are not shown in this log"))
    return dup_copy


def _differing(export: _Export, columns: list[str], idx: Any, first: Any) -> list[str]:
    """The columns in which rows ``idx`` and ``first`` (one respondent twice) hold different answers: cells
    whose texts differ but read as the same answer ("1" and "1.0" or "1,0", "01", a label and its code, a
    label in another case, "96,7" and "96.7") are the same answer (review h101: they were "different
    answers", an error, where the copy is a duplicate). Cells that do not read (an invalid value) and
    free text are compared as text."""
    text = export.text
    diff = [c for c in columns if (a := text.at(c, idx)) != (b := text.at(c, first))
            and not _read_alike(export, c, a, b)]
    return [c for c in diff if not _unchosen_alike(export, c, idx, first)]


def _unchosen_alike(export: _Export, column: str, idx: Any, first: Any) -> bool:
    """Whether ``column``, an option column of a multi question, is empty in one row and 0 in the other while
    both rows chose an option of that question: an unchosen option either way (as
    :func:`normalise_multi_routing` reads it; a copy saved again with its empty cells made 0)."""
    spec = export.specs.get(column)
    if spec is None or spec.question is None or spec.question.type != "multi":
        return False
    cells = {export.text.at(column, idx), export.text.at(column, first)}
    if "" not in cells or not _read_alike(export, column, "0", (cells - {""}).pop() or "0"):
        return False
    return all(any(_read_alike(export, c, "1", v) or v == "1" for c in spec.question.answer_columns()
                   if (v := export.text.at(c, row)))
               for row in (idx, first))


def _read_alike(export: _Export, column: str, a: str, b: str) -> bool:
    """Whether the stripped, different cells ``a`` and ``b`` of ``column`` are read as one and the same
    answer: both valid and typed to equal values (the codebook's columns but free text; the completion flag)."""
    spec = (_complete_spec(column) if column == export.codebook.complete_column
            else export.specs.get(column))
    if spec is None or spec.kind == "text" or not a or not b:
        return False
    va, issue_a, _ = spec.parse(a)
    vb, issue_b, _ = spec.parse(b)
    return issue_a is None and issue_b is None and va == vb


_INVISIBLE_REMOVED = " (the id as written held an invisible character, removed: see the warning on the ids)"


def _remove_invisible_characters(export: _Export) -> set:
    """Takes the invisible characters out of the respondent ids (a no-break space becomes a space), with
    one warning naming the characters and the rows; returns the labels of the rows whose id changed.

    The id is the respondent's key in every output (the quotes file's answer_id, the private contact
    side, next year's files): "R5" + U+200B would print as "R5" and match nothing. Two ids that differ only
    by such a character are one respondent to any reader, and are now one id, so the duplicate rules apply
    (identical answers: the later row excluded; other answers: an error). Review h99 named them in a
    warning and kept them (compared without them); review h101 removes them. One search over the joined ids
    when none has one."""
    ids = export.ids
    joined = "\n".join(ids.tolist())
    if not len(ids) or (INVISIBLE_IN_ID.search(joined) is None and OTHER_SPACE_IN_ID.search(joined) is None):
        return set()
    clean = (ids.str.replace(INVISIBLE_IN_ID, "", regex=True)
             .str.replace(OTHER_SPACE_IN_ID, " ", regex=True).str.strip())
    found = ids[clean != ids]
    if found.empty:
        return set()
    names = sorted({f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for rid in found
                    for c in INVISIBLE_IN_ID.findall(rid) + OTHER_SPACE_IN_ID.findall(rid)})
    at = sorted(int(export.rows[idx]) for idx in found.index)
    export.log.add(Finding(
        export.file, None, None, export.codebook.id_column, None, "warning",
        f"{len(found)} respondent id(s) hold an invisible character ({', '.join(names)}) (rows "
        f"{', '.join(map(str, at[:5]))}{', …' if len(at) > 5 else ''}): a byte-order mark at the start of a "
        "row is a second file pasted below the first without its header; others come from a copied text",
        "respondent ids of visible characters",
        "removed from the id" + (" (a no-break space read as a space)" if any(
            OTHER_SPACE_IN_ID.search(rid) for rid in found) else "")
        + ": an id that differs from another only by such a character is the same respondent"))
    _replace_ids(export, clean, found)
    return set(found.index)


def _replace_ids(export: _Export, clean: pd.Series, found: pd.Series) -> None:
    """Stores ``clean`` as the respondent ids (``found``: the ids it changed) wherever the export keeps them."""
    id_column = export.codebook.id_column
    export.text[id_column] = clean
    if id_column in export.factors:
        codes, texts = pd.factorize(clean.to_numpy(dtype=object))
        export.factors[id_column] = small_codes(codes, len(texts)), texts
    export.id_of.update({idx: (v or None) for idx, v in clean[found.index].items()})
    if id_column in export.df.columns:  # validate_and_parse's rows as text hold the id as stored (review h105)
        export.df = export.df.assign(**{id_column: export.df[id_column].where(~export.df.index.isin(found.index),
                                                                              clean)})


_PREFIX_REMOVED = " (the id as written began with an apostrophe, removed: see the repaired line on the ids)"


def _remove_text_prefix(export: _Export) -> set:
    """Takes the leading apostrophe (Excel's "this is text" prefix, written into the cell: ``'R0004``) off the
    respondent ids, with one repaired line naming the rows; returns the labels of the rows whose id changed.

    To a spreadsheet ``'R0004`` is the text ``R0004``: kept, it was a second id of the respondent, matching nothing
    in the quotes file, the coding corrections or the next year's files (review h152). Removed as the invisible
    characters are, so the duplicate rules apply to ``'R0004`` beside ``R0004`` (identical answers: the later row
    excluded; other answers: an error)."""
    ids = export.ids
    if not len(ids) or "\n'" not in "\n" + "\n".join(ids.tolist()):  # one search when none has one
        return set()
    starts = ids.str.startswith("'")
    clean = ids.where(~starts, ids.str.replace(TEXT_PREFIX, "", regex=True).str.strip())
    found = ids[starts]
    at = sorted(int(export.rows[idx]) for idx in found.index)
    export.log.add(Finding(
        export.file, None, None, export.codebook.id_column, None, "repaired",
        f"{len(found)} respondent id(s) begin with an apostrophe, a spreadsheet's text prefix written into the "
        f"cell (rows {', '.join(map(str, at[:5]))}{', …' if len(at) > 5 else ''})",
        "respondent ids as the survey tool wrote them",
        "read without the apostrophe (as R0004 for 'R0004): an id that differs from another only by it is the "
        "same respondent"))
    _replace_ids(export, clean, found)
    return set(found.index)


_WHOLE_NUMBER_AS_FLOAT = re.compile(r"^[0-9]+\.0+$")


def _ids_written_as_floats(export: _Export) -> None:
    """A column of numeric ids that went through a float (Excel, pandas: every id "37.0") gets its ids back
    ("37"), with one repaired line. The id is the key of the answer ids (quotes, coding corrections) and
    of next year's files: an export saved again by Excel must keep them (review h129). Only when every
    id is written so: "37.0" beside "R38" or "38" is left as it is."""
    ids = export.ids
    if any(rid and not _WHOLE_NUMBER_AS_FLOAT.fullmatch(rid) for rid in ids.iloc[:64]):
        return  # one id not so written is enough (the usual export: 100,000 ids are not all matched)
    nonempty = ids[ids != ""]
    if nonempty.empty or not nonempty.str.fullmatch(_WHOLE_NUMBER_AS_FLOAT).all():
        return
    clean = ids.str.replace(r"\.0+$", "", regex=True)
    export.log.add(Finding(
        export.file, None, None, export.codebook.id_column, None, "repaired",
        f"all {len(nonempty)} respondent ids are whole numbers written with a decimal point "
        f"({respondent_id_text(nonempty.iloc[0])}): the id column went through a float (Excel, pandas)",
        "respondent ids as the survey tool wrote them", "read without '.0' (as 37 for 37.0)"))
    _replace_ids(export, clean, ids[clean != ids])


#: a workbook's date-and-time cell as the reader writes it (``2025-11-19T09:35:00``, isoformat)
_WORKBOOK_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?$")
#: the text of a submission time used as the id (Google Forms' Tijdstempel) in the CSV the platform writes for a
#: Dutch form (tests/platform_writers.py, docs/platform_exports.md): day-month-year, 24-hour time with seconds
TIMESTAMP_ID_FORMAT = "%d-%m-%Y %H:%M:%S"


def _ids_as_workbook_datetimes(export: _Export) -> None:
    """Ids that are all date-and-time cells of a workbook (Google Forms' Tijdstempel, the row's key, in a sheet
    saved as .xlsx) get the text of :data:`TIMESTAMP_ID_FORMAT`, with one repaired line (review h134: the
    workbook gave ``2025-11-19T09:35:00`` where the CSV gives ``19-11-2025 09:35:00``, so saving the export in the
    other format changed every answer id). Only a workbook's, only when every id is such a cell, and not when
    every one is at midnight: that is a submission time cut to a date (the check of repeated ids says so). The
    time is rounded to the second (a serial number of a day holds a time to about a microsecond). Which text a
    platform writes depends on the form's language: a CSV of a form in another language keeps its own text, and
    its ids differ from a workbook's (docs/platform_exports.md)."""
    if Path(export.file).suffix.lower() not in (".xlsx", ".xlsm"):
        return
    ids = export.ids
    if any(rid and not _WORKBOOK_DATETIME.fullmatch(rid) for rid in ids.iloc[:64]):
        return
    nonempty = ids[ids != ""]
    if nonempty.empty or not nonempty.str.fullmatch(_WORKBOOK_DATETIME).all() \
            or nonempty.str.endswith("T00:00:00").all():
        return
    clean = ids.map(lambda rid: _timestamp_text(rid) if rid else rid)
    export.log.add(Finding(
        export.file, None, None, export.codebook.id_column, None, "repaired",
        f"all {len(nonempty)} respondent ids are date-and-time cells of the workbook (a submission time, such as "
        "Google Forms' Tijdstempel)", "respondent ids as the survey tool's CSV writes them",
        f"written as day-month-year and time, as the CSV of the export (as "
        f"{respondent_id_text(_timestamp_text(nonempty.iloc[0]))})"))
    _replace_ids(export, clean, ids[clean != ids])


def _timestamp_text(iso: str) -> str:
    """A workbook's date and time (isoformat) as :data:`TIMESTAMP_ID_FORMAT`, rounded to the second."""
    when = datetime.datetime.fromisoformat(iso)
    return (when + datetime.timedelta(microseconds=500_000)).replace(microsecond=0).strftime(TIMESTAMP_ID_FORMAT)


#: leading zeros of a number inside an id ("R0005" is "R5")
_LEADING_ZEROS = r"(?<![0-9])0+(?=[0-9])"
#: a decimal point and zeros ending a number ("10.0": an id column that went through a float) is "10"
_DECIMAL_ZEROS = r"(?<=[0-9])\.0+$"
#: the prefix of the usual id ("R" of "R0005"): ASCII, so comparable() leaves it and casefold() lowers it
_ID_LETTERS = re.compile(r"[A-Za-z_]*")


def comparable(text: str) -> str:
    """``text`` as two ids, organisations or e-mail addresses are compared: in its compatibility
    form (NFKC: full-width "１０" is "10") and without invisible characters (format and control
    characters: the byte-order mark of a second export pasted below the first, a zero-width space
    or soft hyphen copied from a web page), which no reader of the log can see."""
    if text.isascii() and text.isprintable():  # the usual id: NFKC leaves it, it has no such character
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))
#: a row with fewer answers than this is not compared with the others (empty rows are alike)
MIN_ANSWERS_COMPARED = 5


def _other_spelling_of_an_id(export: _Export, nonempty: pd.Series, done: set) -> set:
    """Rows whose respondent id is the id of a row higher up in the file written differently (case,
    leading zeros: a copied row under ``r0005``, ``R5`` or ``R00005`` was counted twice): excluded
    as its duplicate when the answers are the same, else an error."""
    id_column, rows = export.codebook.id_column, export.rows
    numbers = prefixed_numbers(nonempty.to_numpy(dtype=object), _ID_LETTERS)
    if numbers is not None:  # one prefix of ASCII letters and a number: the same key, the same number
        nonempty = nonempty[pd.Series(numbers).duplicated(keep=False).to_numpy()]
    keys = (nonempty.map(comparable).str.casefold().str.replace(_DECIMAL_ZEROS, "", regex=True)
            .str.replace(_LEADING_ZEROS, "", regex=True))
    alike = keys[keys.duplicated(keep=False)]  # vectorised: the loop below sees only these rows
    excluded: set = set()
    if alike.empty:
        return excluded
    answers = [c for c in export.columns if c != id_column]
    first_of: dict[str, Any] = {}
    for idx in sorted(alike.index, key=lambda label: int(rows[label])):  # the file's first row first
        if idx in done:
            continue
        first = first_of.setdefault(alike.at[idx], idx)
        rid = nonempty.at[idx]
        if first == idx or nonempty.at[first] == rid:
            continue
        diff = _differing(export, answers, idx, first)
        if not diff:
            excluded.add(idx)
            export.add(idx, id_column, None, "excluded",
                       f"duplicate of row {int(rows[first])} (the same answers; its respondent id written "
                       "differently)", "unique respondent ids", "row excluded (identical copy)")
        else:
            shown = ", ".join(diff[:5]) + (f" and {len(diff) - 5} more" if len(diff) > 5 else "")
            export.add(idx, id_column, None, "error",
                       f"respondent id {respondent_id_text(rid)} is the id of row {int(rows[first])} written "
                       f"differently ({respondent_id_text(nonempty.at[first])}; {_how_written(rid, nonempty.at[first])}), with "
                       f"different answers (columns {shown})", "unique respondent ids",
                       "fix the export: remove the row or give it an id of its own")
    return excluded


def _how_written(rid: str, other: str) -> str:
    """How two spellings of one respondent id may differ, as the messages say it."""
    how = "case or leading zeros"
    if re.search(_DECIMAL_ZEROS, rid) or re.search(_DECIMAL_ZEROS, other):
        how = "case, leading zeros or a decimal .0"
    if comparable(rid) == rid and comparable(other) == other:
        return how
    return f"an invisible or full-width character, {how}"


#: a column with at most this many distinct texts has them read to find texts of one answer ("1", "1.0")
_MAX_READ_DISTINCT = 256
#: a number as the codebook writes it ("0", "12", "96.7"): two different ones never read as one answer, so a column of
#: only these is not read to find texts of one answer (review h105: reading them cost the 100,000-row load 0.1 s)
_CANONICAL_NUMBER = re.compile(r"(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{0,5}[1-9])?")


def _answer_codes(export: _Export, column: str) -> tuple[np.ndarray, int]:
    """A column's cells as integer codes (equal answers, equal codes) and the code of an empty cell (-2: none).
    Cells are equal when their texts are, or (a coded or number column of at most :data:`_MAX_READ_DISTINCT`
    distinct texts: each read once) when they read as the same answer ("1" and "1.0", a label and its code;
    review h101: a form sent twice and saved again in between was counted twice)."""
    codes, texts = export.factors[column] if column in export.factors else pd.factorize(
        export.text[column].to_numpy(dtype=object))
    texts = np.asarray(texts, dtype=object)
    codes = np.asarray(codes).astype(np.int64)
    spec = (_complete_spec(column) if column == export.codebook.complete_column
            else export.specs.get(column))
    if (spec is not None and spec.kind != "text" and 1 < len(texts) <= _MAX_READ_DISTINCT
            and not all(not t or _CANONICAL_NUMBER.fullmatch(t) for t in texts)):  # (else no two read alike)
        keys = [("value", read[0]) if t and (read := spec.parse(t))[1] is None else ("text", t) for t in texts]
        first: dict[Any, int] = {}
        canon = np.array([first.setdefault(key, j) for j, key in enumerate(keys)], dtype=np.int64)
        if len(first) < len(texts):  # two texts of one answer: the codes of the first of them
            codes = canon.take(codes)
    empty = np.flatnonzero(texts == "")
    return codes, (int(empty[0]) if len(empty) else -2)


def _check_same_answers(export: _Export, skip: set) -> set:
    """Rows whose answers are all those of a row higher up in the file under another respondent id
    (at least :data:`MIN_ANSWERS_COMPARED` answered; rows in `skip` not compared): a form sent
    twice, the later one excluded as its duplicate (review: counted twice). Runs after the checks
    of the same organisation or e-mail address, which say more where the export has them. One
    hash per row over every answer column's codes finds the candidates; they are then compared
    with the first of their group column by column, all at once."""
    id_column, rows = export.codebook.id_column, export.rows
    answers = [c for c in export.columns if c != id_column]
    excluded: set = set()
    n = len(export.df)
    if n < 2 or not answers:
        return excluded
    digest = np.zeros(n, dtype=np.uint64)
    answered = np.zeros(n, dtype=np.int64)
    zeros = _unchosen_as_zero(export, answers)
    for c in answers:  # (one column's codes at a time: all of them at once are 130 MB for 100,000 rows)
        codes, empty = _answer_codes(export, c)
        answered += codes != empty
        codes = _with_zeros(codes, empty, zeros.get(c))
        digest = digest * np.uint64(1000003) ^ (codes + 1).astype(np.uint64)
    labels = export.df.index
    candidates = pd.Series(digest, index=labels)[(answered >= MIN_ANSWERS_COMPARED) & ~labels.isin(list(skip))]
    repeated = candidates[candidates.duplicated(keep=False)]
    if repeated.empty:
        return excluded
    order = np.argsort(rows.loc[repeated.index].to_numpy(), kind="stable")  # the file's first row first
    ordered = repeated.iloc[order]
    firsts: dict[int, Any] = {}
    later, earlier = [], []
    for label, value in ordered.items():
        if value in firsts:
            later.append(label)
            earlier.append(firsts[value])
        else:
            firsts[value] = label
    pos, fpos = labels.get_indexer(later), labels.get_indexer(earlier)
    differs = np.zeros(len(later), dtype=bool)
    for c in answers:
        codes = _with_zeros(*_answer_codes(export, c), zeros.get(c))
        differs |= codes[pos] != codes[fpos]
    for idx, first_idx, other in zip(later, earlier, differs):
        if not other:
            excluded.add(idx)
            export.add(idx, id_column, None, "excluded",
                       f"duplicate of row {int(rows[first_idx])} (the same answers to every question under "
                       f"another respondent id: a form sent twice)", "unique respondent ids",
                       "row excluded (identical copy)")
    return excluded


def _unchosen_as_zero(export: _Export, answers: list[str]) -> dict[str, tuple[np.ndarray, int]]:
    """Of the option columns of multi questions: the rows whose empty cell is an unchosen option (the row chose an
    option of that question), and the position of a row whose cell reads 0 -- an unchosen option either way, as
    :func:`normalise_multi_routing` reads it (review h105: a form sent twice whose copy was saved with its empty
    option cells made 0 was counted twice, as :func:`_unchosen_alike` already reads one id's two rows). Only
    questions with such rows (usually none)."""
    out: dict[str, tuple[np.ndarray, int]] = {}
    for q in export.codebook.questions:
        columns = [c for c in q.answer_columns() if c in answers and c in export.specs] if q.type == "multi" else []
        if len(columns) < 2:
            continue
        reads = {c: _option_reading(export, c) for c in columns}
        fix = (np.logical_or.reduce([read[0] for read in reads.values()])
               & np.logical_or.reduce([read[1] for read in reads.values()]))
        if fix.any():
            out.update({c: (fix, zero) for c in columns if (zero := reads[c][2]()) >= 0})
    return out


def _with_zeros(codes: np.ndarray, empty: int, zeros: tuple[np.ndarray, int] | None) -> np.ndarray:
    """:func:`_answer_codes`' ``codes`` (a new array: changed in place) with the empty cells that
    :func:`_unchosen_as_zero` reads as 0 given the code of a 0."""
    if zeros is not None and empty != -2:
        fix, zero = zeros
        codes[fix & (codes == empty)] = codes[zero]
    return codes


def _option_reading(export: _Export, column: str) -> tuple[np.ndarray, np.ndarray, Callable[[], int]]:
    """Of an option column: which rows read as 1, which are empty (booleans per row), and a function giving the
    position of a row that reads 0 (-1: none; found only when asked)."""
    codes, texts = export.factors[column] if column in export.factors else pd.factorize(
        export.text[column].to_numpy(dtype=object))
    spec = export.specs[column]
    read = [spec.parse(t) if t else (None, "empty", None) for t in texts]
    one = np.array([issue is None and v == 1 for v, issue, _ in read] + [False], dtype=bool)  # (+ a NaN's -1)
    zero = np.array([issue is None and v == 0 for v, issue, _ in read] + [False], dtype=bool)
    blank = np.array([t == "" for t in texts] + [True], dtype=bool)
    codes = np.asarray(codes)

    def zero_at() -> int:
        at = int(np.argmax(zero.take(codes))) if zero.any() else -1
        return at if at < 0 or zero[codes[at]] else -1
    return one.take(codes), blank.take(codes), zero_at


def _check_cells(export: _Export, nul_cells: Iterable[tuple[int, str]]) -> None:
    """Logs the NUL characters (byte 0: a damaged export) removed from the cells, removes the
    other control characters from free text and cuts free text longer than :data:`MAX_ANSWER_CHARS`.

    ``nul_cells``: (spreadsheet row, export header) of each cell a NUL was taken out of
    (:func:`wlzmonitor.inputs.reading.remove_nul`). In free text that is a repair; in a code,
    number, id or completion flag an error; in a column that is not analysed a warning.
    """
    codebook_column = {h: c for c, h in export.export_columns.items()}
    repairs: list[_Repair] = []
    for c in export.columns:
        if not _is_text(export, c):
            continue  # a code or number that long is an error of its own (values.py)
        raw = export.raw_factors.get(c)
        if raw is not None and _plain_text(raw[1]):
            continue  # no cell too long or with a control (the usual case: each distinct cell once)
        cells = export.df[c].to_numpy(dtype=object)
        if _all_text(export.df[c]) and _plain_text(cells):
            continue  # the same, at C speed
        to_repair = [i for i, v in enumerate(cells) if isinstance(v, str) and not _plain_text((v,))]
        if not to_repair:
            continue
        cut = cells.copy()  # a new column: the cells of the caller's frame stay as they were
        for pos in to_repair:
            idx, cell = export.df.index[pos], cells[pos]
            if "\r" in cell:  # a line end as Windows (CR LF) or an old Mac (CR) writes it: LF, as a workbook's reads
                cell = cell.replace("\r\n", "\n").replace("\r", "\n")  # (review h152: kept in a CSV's answers)
            controls = sorted(set(CONTROL_CHARACTERS.findall(cell)))
            if controls:
                cell = CONTROL_CHARACTERS.sub("", cell.replace("\x85", "\n"))  # NEL: a line break
                repairs.append(_Repair(idx, c, None, "removed (the rest of the text kept)", "control character(s) "
                                       f"{', '.join(f'U+{ord(x):04X}' for x in controls)} in the text"))
            if len(cell) > MAX_ANSWER_CHARS:
                repairs.append(_Repair(idx, c, None, f"cut to its first {MAX_ANSWER_CHARS} characters",
                                       f"text of {len(cell)} characters (longer than the limit of {MAX_ANSWER_CHARS})"))
                cell = cell[:MAX_ANSWER_CHARS]
            cut[pos] = cell
        export.df[c] = pd.Series(cut, index=export.df.index, dtype=export.df[c].dtype)
        raw = _raw_factors(export.df[c])
        factors = _stripped_factors(raw) if raw is not None else None
        if raw is not None and factors is not None:
            export.raw_factors[c], export.factors[c] = raw, factors
        else:
            export.raw_factors.pop(c, None)
            export.factors.pop(c, None)
        export.text[c] = _text_cells(export.df[c], factors)
    _log_repairs(export, repairs)
    nul_cells = sorted(set(nul_cells))
    index_of = {int(r): idx for idx, r in export.rows.items()} if nul_cells else {}
    _log_repairs(export, [r for row, header in nul_cells
                          if (r := _log_nul(export, index_of.get(row), row, codebook_column.get(header, header)))])


def _check_boolean_cells(export: _Export, cells: list[tuple[int, str]]) -> None:
    """An error for each TRUE/FALSE cell of a workbook ((row, export header); the reader read it as 1/0) in a coded
    or number column other than a 0/1 option of a multi question or the completion flag: TRUE in an NPS or
    jaaromzet column was an NPS of 1 or option 1 with a warning only, where the same word in a CSV is an error
    (review h152). The same in the respondent id column: TRUE was the id '1', another respondent's (review h162).
    Free text and columns that are not analysed keep the reader's warning. The error says which of the two the cell
    holds and is the cell's only line: the value checks skip it (review h162: FALSE gave a second line "got '0'")."""
    if not cells:
        return
    codebook_column = {h: c for c, h in export.export_columns.items()}
    index_of = {int(r): idx for idx, r in export.rows.items()}
    for row, header in sorted(set(cells)):
        column = codebook_column.get(header, header)
        is_id = column == export.codebook.id_column
        spec = (_complete_spec(column) if column == export.codebook.complete_column
                else export.specs.get(column))
        idx = index_of.get(int(row))
        if idx is None or not is_id and (spec is None or spec.kind in ("binary", "text")):
            continue
        word = "TRUE" if export.text.at(column, idx) == "1" else "FALSE"
        asks = ("a respondent id" if is_id else "a number" if spec.kind in ("int", "number") else "a code")
        export.reported.add((idx, column))
        if is_id:  # not the id '1' or '0': another respondent's
            export.id_of[idx] = None
        export.add(idx, column, None if is_id else spec.question, "error",
                   f"got {word} (a spreadsheet's yes/no cell, where the {'column' if is_id else 'question'} asks for "
                   f"{asks})", "a unique respondent id" if is_id else spec.expected,
                   f"type the {'id' if is_id else 'answer'} itself in the cell (format the column as "
                   f"{'text' if is_id else 'a number'}), or export again")


#: a free-text cell that is all a date and time as the reader writes a workbook's date cell
#: (``datetime.isoformat``): no respondent types that; a spreadsheet made it of what was typed
_READ_AS_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*")


def _check_dates_in_text(export: _Export) -> None:
    """A warning for every free-text answer that is a date (2026-02-01T00:00:00): a spreadsheet the
    export passed through turned what was typed ("1-2", "3/4", "12 mei") into a date, and only the
    date is left. The text is kept as it is; the warning says where to look it up. The same for a
    respondent id (review h99: an id typed 3-11 was read as 2026-11-03T00:00:00 without a word)."""
    for c in export.columns:
        is_id = c == export.codebook.id_column
        if not (is_id or _is_text(export, c)):
            continue
        raw = export.raw_factors.get(c)
        values = raw[1] if raw is not None else export.df[c].to_numpy(dtype=object)
        if not _may_hold_a_date(values) or not any(_read_as_date(v) for v in values):
            continue  # the usual case: looked at once per distinct answer
        cells = export.df[c].to_numpy(dtype=object)
        for pos in [i for i, v in enumerate(cells) if _read_as_date(v)]:
            # the date itself is not quoted: a free-text value, and a date can be a birth date
            if is_id:
                export.add(export.df.index[pos], c, None, "warning",
                           "the respondent id is a date and time: a spreadsheet may have made a date of the id "
                           "that was typed (1-2, 3/4), and two ids typed differently (1-2, 01-02) one",
                           "the respondent id as the survey tool wrote it",
                           "kept as it is; format the id column as text before saving, or export again")
                continue
            export.add(export.df.index[pos], c, export.owner.get(c), "warning",
                       "the answer is a date and time, not text: a spreadsheet may have made a date of what was "
                       "typed (1-2, 3/4)", "the respondent's text",
                       "kept as it is; look the answer up in the survey tool, and export free text as text")


#: :data:`_READ_AS_DATE` as a line of a text: a value that is all a date is such a line of the values
#: joined by line breaks (a value with a line break of its own can make a line that is not a value;
#: :func:`_read_as_date` decides)
_DATE_LINE = re.compile(r"^[^\S\n]*\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?[^\S\n]*$", re.MULTILINE)


def _may_hold_a_date(values) -> bool:
    """False when no text of `values` can be all a date: one search over them all, where looking at
    each value took ~0.07 s for the 100,000 distinct answers of a large export."""
    texts = [v for v in values if type(v) is str]
    others = [v for v in values if type(v) is not str]
    if any(not (v is None or (isinstance(v, float) and v != v)) for v in others):
        return True  # a value of another kind (a str subclass, a number): each value is looked at
    return _DATE_LINE.search("\n".join(texts)) is not None


def _read_as_date(value: Any) -> bool:
    """A text that is all a real date (and time) in the form :data:`_READ_AS_DATE`."""
    if not isinstance(value, str) or _READ_AS_DATE.fullmatch(value) is None:
        return False
    try:
        datetime.datetime.fromisoformat(value.strip())
    except ValueError:  # 2026-13-45: written so, not made by a spreadsheet
        return False
    return True


def _plain_text(values) -> bool:
    """No text of `values` is longer than :data:`MAX_ANSWER_CHARS` or holds a control character or a carriage
    return (non-text values are passed over)."""
    texts = [v for v in values if isinstance(v, str)]
    if max(map(len, texts), default=0) > MAX_ANSWER_CHARS:
        return False
    joined = "\n".join(texts)
    return "\r" not in joined and CONTROL_CHARACTERS.search(joined) is None


def _is_text(export: _Export, column: str) -> bool:
    spec = export.specs.get(column)
    return spec is not None and spec.kind == "text"


def _log_nul(export: _Export, idx: Any, row: int, c: str) -> _Repair | None:
    """The finding of a cell that held a NUL character (see _check_cells): logged, or the repair of a free-text
    cell (logged by :func:`_log_repairs`, one line for a column's cells)."""
    issue = "a NUL character (byte 0) in the cell"
    if idx is None:  # nothing else in the row: the reader skipped it as empty
        export.log.add(Finding(export.file, row, None, c, None, "warning",
                               issue + " of a row that is otherwise empty", None,
                               "removed; the row is skipped as empty"))
    elif c not in export.columns:  # dropped, ignored or identifying: never analysed
        export.log.add(Finding(export.file, row, None, c, None, "warning", issue, None,
                               "removed (the column is not analysed)"))
    elif _is_text(export, c):
        return _Repair(idx, c, None, "NUL character removed (the rest of the text kept)", issue)
    else:
        spec = export.specs.get(c)
        expected = (spec.expected if spec is not None else "a unique respondent id"
                    if c == export.codebook.id_column else "1 (complete) or 0 (incomplete)")
        export.add(idx, c, export.owner.get(c), "error", issue + ": the export is damaged",
                   expected, "export the file again (or remove the character)")


def _check_values(export: _Export, dup_copy: set) -> pd.DataFrame:
    """Checks every cell's value (codes, ranges, numbers); logs repairs; returns the typed cells."""
    typed, problems, repairs = _parse_frame(export.df, export.codebook, export.text, export.factors,
                                            export.raw_factors, columns=export.columns + [ROW],
                                            decimal=_decimal_of(export))
    _check_scale_one_higher(export, typed, [(idx, col) for idx, col, issue, _ in problems
                                            if idx not in dup_copy and issue.endswith("(out of range)")])
    _check_header_like_rows(export, problems)
    for idx, col, issue, exp in problems:
        if idx in dup_copy or (idx, col) in export.reported:
            continue
        q = export.owner.get(col)
        if col in export.sav_dates:
            _date_format_error(export, idx, col, exp)
            continue
        note = export.label_notes.get(col, {}).get(export.text.at(col, idx)) if export.label_notes else None
        export.add(idx, col, q, "error", issue if note is None else f"{issue} ({note})", exp, "fix the export" if
                   note is None else "give the mapping's 'values' for this column an entry for the value or its "
                   "label, or fix the value label in the SPSS file")
    _log_repairs(export, [r for r in repairs if r[0] not in dup_copy])
    return typed


def _date_format_error(export: _Export, idx: Any, col: str, expected: str | None) -> None:
    """The error of a cell of an SPSS variable with a date or time format in a question that asks for a number or a
    code: the file stores a number and shows it as a date; the reader read the date. Says the format, the date and
    the number (review h162: "got a value with 8 digits and other characters", or a workbook's date cell)."""
    fmt, stored = export.sav_dates[col]
    number = stored.get(int(export.rows[idx]))
    # a date's stored number is its seconds since 1582: a date of birth as 11 digits the scrubber does not see
    shown = "" if number is None else describe_value(number)
    shown = f" {number}" if shown.startswith("'") else f" ({shown})" if shown else ""
    export.add(idx, col, export.owner.get(col), "error",
               f"got {export.text.at(col, idx)}: the SPSS variable has the date or time format {fmt}, so its stored "
               f"number{shown} is read as a date or time", expected,
               "give the variable a number format (such as F8.2) in SPSS and save the file again, or export again")


def _decimal_of(export: _Export) -> str | None:
    """The decimal separator the number cells of a CSV or TSV export show (:func:`decimal_separator`: the
    decision on '1,200' in a whole-number question is in its docstring). None for a workbook or an SPSS file:
    their number cells are numbers, which the reader writes with a point whatever the spreadsheet showed."""
    if Path(export.file).suffix.lower() not in (".csv", ".tsv"):
        return None
    cells: set[str] = set()
    for c in export.columns:
        spec = export.specs.get(c)
        if spec is not None and spec.kind == "number":
            cells.update(export.factors[c][1] if c in export.factors else export.text[c].unique())
    return decimal_separator(sorted(cells))


class _Repair(NamedTuple):
    """A repaired cell as :func:`_log_repairs` logs it: its index and column, its text (None for free text,
    never shown), what was done and, when its own line says more than ``got <the cell as shown>``, its issue."""

    idx: Any
    column: str
    cell: str | None
    done: str
    issue: str | None = None


class _RepairKind(NamedTuple):
    """A kind of repair :func:`_log_repairs` logs once per column when it was made in more than one row: the
    repairs it takes (``done``: a pattern searched in what was done; ``cell``: one the cell's text matches, or
    None for any), what the column's line says the rows held, how each was read, why (or None), and ``detail``:
    a pattern whose matches in a repair's issue (else what was done) the line lists instead of the cells."""

    done: re.Pattern
    cell: re.Pattern | None
    what: str
    how: str
    why: str | None = None
    detail: re.Pattern | None = None


#: a whole number of a code, yes/no or whole-number column not written as the codebook writes it ('2.0', '02')
_WRITTEN_AS = re.compile(r" \(written as (?!.*: digits of another script\)$)")
_HOW_WHOLE = "each read as the whole number it writes"
#: the repairs made in more than one row of a column that are one line per column and kind (first match counts):
#: a whole number in a form of its own (a decimal point or comma and zeros: the column went through a float;
#: leading zeros; a plus: review h134), and every other repair of a cell (review h140)
_REPAIR_KINDS = (
    _RepairKind(_WRITTEN_AS, re.compile(r"[+-]?[0-9]+[.,]0+"), "whole numbers written with decimal zeros",
                _HOW_WHOLE, "the column went through a float (Excel, pandas, SPSS)"),
    _RepairKind(_WRITTEN_AS, re.compile(r"0+[0-9]+"), "whole numbers written with leading zeros", _HOW_WHOLE,
                "a text column with padded codes"),
    _RepairKind(_WRITTEN_AS, re.compile(r"\+[0-9]+"), "whole numbers written with a plus sign", _HOW_WHOLE,
                "a column formatted to show the sign"),
    _RepairKind(_WRITTEN_AS, None, "whole numbers written in another form", _HOW_WHOLE),
    _RepairKind(re.compile(r" \(percent sign dropped\)$"), None, "percentages written with a percent sign",
                "each read as the number before the sign"),
    _RepairKind(re.compile(r" \(approximate value: '[^']*' dropped\)$"), None, "approximate values",
                "each read as the number after the word or sign"),
    _RepairKind(re.compile(r" \('[.,]' as thousands separator\)$"), None,
                "whole numbers written with a thousands separator",
                "each read with its one separator as a thousands separator"),
    _RepairKind(re.compile(r" \(a trailing ',-' read as ',00': whole euros\)$"), None,
                "amounts ending in ',-' for whole euros", "each read with the trailing ',-' as ',00'"),
    _RepairKind(re.compile(r" \(the codebook's label of (?:option )?[+-]?[0-9]+\)$| \(the option's label: selected\)$"),
                None, "codebook labels instead of codes", "each read as its label's code"),
    _RepairKind(re.compile(r" \(a codebook label after undoing a double encoding: UTF-8 read as Windows-1252\)$"),
                None, "codebook labels in a double encoding", "each read as its label's code after undoing it",
                "UTF-8 read as Windows-1252"),
    _RepairKind(re.compile(r" \(a spreadsheet's text prefix ' dropped\)$"), None,
                "values written with a spreadsheet's text prefix (an apostrophe)",
                "each read as the value after the apostrophe"),
    _RepairKind(re.compile(r" \(a spreadsheet's [A-Za-z]+: (?:not )?selected\)$"), None,
                "a spreadsheet's yes/no values (TRUE/FALSE, WAAR/ONWAAR)",
                "each read as 1 (TRUE, WAAR: selected) or 0 (FALSE, ONWAAR: not selected)"),
    _RepairKind(re.compile(r": digits of another script\)$"), None, "numbers written in digits of another script",
                "each read as the number the digits write"),
    _RepairKind(re.compile(r"^read as .* \(the cell holds "), None,
                "values with invisible characters or letters of another script",
                "each read as the value it shows (invisible characters left out, a letter of another script read "
                "as the Latin letter it looks like)", detail=re.compile(r"U\+[0-9A-F]{4,6} [A-Z0-9 -]*[A-Z0-9]")),
    _RepairKind(re.compile(r"^removed \(the rest of the text kept\)$"), None, "control characters in the text",
                "each removed (the rest of the text kept)", detail=re.compile(r"U\+[0-9A-F]{4}")),
    _RepairKind(re.compile(r"^cut to its first [0-9]+ characters$"), None,
                f"texts longer than the limit of {MAX_ANSWER_CHARS} characters",
                f"each cut to its first {MAX_ANSWER_CHARS} characters"),
    _RepairKind(re.compile(r"^NUL character removed \(the rest of the text kept\)$"), None,
                "NUL characters (byte 0) in the text", "each removed (the rest of the text kept)"),
)


def _repair_kind(repair: _Repair) -> int | None:
    """Which of :data:`_REPAIR_KINDS` ``repair`` is, or None (then it keeps a line of its own)."""
    return next((i for i, kind in enumerate(_REPAIR_KINDS) if kind.done.search(repair.done)
                 and (kind.cell is None or (repair.cell is not None and kind.cell.fullmatch(repair.cell)))), None)


def _log_repairs(export: _Export, repairs: Iterable[_Repair | tuple]) -> None:
    """One ``repaired`` line per cell, but one per column and kind (:data:`_REPAIR_KINDS`) for a repair made in
    more than one row of a column (review h134: an export that went through a float, every code '1.0', gave one
    line per cell, 14,000 for the demo export; review h140: every other repair alike, 'ca. 12', '96,7%', a label
    for its code). The column's line counts the rows and names them (:func:`rows_text`), and has no row of its
    own (as the mapping's translations); a kind made in one row of a column keeps that row's line."""
    repairs = [r if isinstance(r, _Repair) else _Repair(*r) for r in repairs]
    known: dict[tuple[str | None, str], int | None] = {}  # a column's cells repeat a handful of texts
    for r in repairs:
        if (r.cell, r.done) not in known:
            known[r.cell, r.done] = _repair_kind(r)
    kinds = [known[r.cell, r.done] for r in repairs]
    groups: dict[tuple[str, int], list[_Repair]] = {}
    for r, kind in zip(repairs, kinds):
        if kind is not None:
            groups.setdefault((r.column, kind), []).append(r)
    logged: set[tuple[str, int]] = set()
    for r, kind in zip(repairs, kinds):
        key = (r.column, kind)
        if kind is None or len(groups[key]) == 1:
            issue = r.issue if r.issue is not None else f"got {export.shown(r.column, r.cell)}"
            export.add(r.idx, r.column, export.owner.get(r.column), "repaired", issue, None, r.done)
        elif key not in logged:
            logged.add(key)
            _log_repair_kind(export, _REPAIR_KINDS[kind], groups[key])


def _repair_examples(export: _Export, kind: _RepairKind, repairs: list[_Repair]) -> tuple[str, str | None]:
    """What the line of :func:`_log_repair_kind` lists of ``repairs`` (the kind's ``detail``, or the cells as
    shown, smallest value first; three, then ``…``), and the example its action gives (``as 12 for 'ca. 12'``;
    only for a cell shown as written, not as ``a number of 8 digits``)."""
    if kind.detail is not None:
        found = sorted({m for r in repairs for m in kind.detail.findall(r.issue or r.done)})
        return ", ".join(found[:3]) + (", …" if len(found) > 3 else ""), None
    if any(r.cell is None for r in repairs):
        return "", None
    first: dict[str, tuple[Any, str]] = {}  # cell -> (its first index, the value it was read as)
    for r in repairs:
        if r.cell not in first:
            m = _READ_AS.match(r.done)
            first[r.cell] = (r.idx, m.group(1) if m else "")
    written = sorted(first, key=lambda c: (_number_or_inf(first[c][1]), c))
    shown = [_QUOTED_SHORT.sub(lambda m, c=c: export._unquoted(m, first[c][0]), export.shown(repairs[0].column, c))
             for c in written[:3]]
    value = first[written[0]][1]
    return (", ".join(dict.fromkeys(shown)) + (", …" if len(written) > 3 else ""),
            f"as {value} for {shown[0]}" if value and shown[0].startswith("'") else None)


#: the value a repair of :class:`~wlzmonitor.inputs.values.ColumnSpec` reads a cell as: ``read as 12 (…)``
_READ_AS = re.compile(r"read as (\S+) \(")


def _number_or_inf(text: str) -> float:
    """``text`` as a number, or infinity (it sorts last)."""
    try:
        return float(text)
    except ValueError:
        return math.inf


def _log_repair_kind(export: _Export, kind: _RepairKind, repairs: list[_Repair]) -> None:
    """The one line of :func:`_log_repairs` for the ``repairs`` of one column and ``kind``."""
    column = repairs[0].column
    rows = sorted(int(export.rows[r.idx]) for r in repairs)
    shown, example = _repair_examples(export, kind, repairs)
    q = export.owner.get(column)
    export.log.add(Finding(
        export.file, None, None, column, q.label if q else None, "repaired",
        f"got {kind.what}{f' ({shown})' if shown else ''} in {len(rows)} rows ({rows_text(rows)})", None,
        kind.how + (f" ({example})" if example else "") + (f": {kind.why}" if kind.why else ""),
        export.export_columns.get(column)))


#: a row among the first two with at least this many coded cells, almost none of which reads, is a header row
_HEADER_LIKE_MIN_CELLS = 5


def _check_header_like_rows(export: _Export, problems: list[tuple[Any, str, str, str]]) -> None:
    """An error per row among the first two whose filled coded cells (at least :data:`_HEADER_LIKE_MIN_CELLS`)
    almost all fail to read: a second or third header row (the question texts, Qualtrics' ImportIds,
    SurveyMonkey's option row) under the column names, read as a respondent. Review h101: it gave one
    "got text of 19 characters" per column and no word of the cause. The cells' own errors still follow."""
    if not problems or not len(export.rows):
        return
    first_rows = set(np.sort(export.rows.to_numpy())[:2].tolist())
    counts: dict[Any, int] = {}
    for idx, *_ in problems:
        if int(export.rows[idx]) in first_rows:
            counts[idx] = counts.get(idx, 0) + 1
    for idx, n in counts.items():
        coded = [c for c in export.columns if c == export.codebook.complete_column or (
            (spec := export.specs.get(c)) is not None and spec.kind != "text")]
        filled = sum(1 for c in coded if export.text.at(c, idx) != "")
        if n >= _HEADER_LIKE_MIN_CELLS and n >= 0.9 * filled:
            export.add(idx, None, None, "error",
                       f"the row reads as no respondent: {n} of its {filled} filled coded cells hold text that is "
                       "no answer (a second header row below the column names: question texts, option labels or "
                       "a survey tool's ImportIds?)", "one header row of column names, then one row per respondent",
                       "delete the extra header row(s), or read the export through a mapping with header_rows: 2 "
                       "(3 for Qualtrics)")


#: the answers a scale column needs before its answers one above the scale are taken for a scale stored higher
_SHIFT_MIN_ANSWERS = 20


def _check_scale_one_higher(export: _Export, typed: pd.DataFrame, out_of_range: list[tuple[Any, str]]) -> None:
    """An error per scale or NPS column whose answers run one above the codebook's scale: every answer out of
    range is the top plus one and none is the bottom (review h96: a CSV export storing the NPS 1-11 for 0-10
    gave one "got '11' (out of range)" per such cell, and changing those cells to 10 would have read every
    other answer a point too high, without a word). Not detectable: a scale asked 1-10 under a codebook
    saying 0-10 (0 is rarely chosen: the demo NPS of 2024-2026 never has 0 or 1)."""
    for q in export.codebook.questions:
        if q.type not in ("scale", "nps") or q.range is None:
            continue
        lo, hi = q.range
        if not (float(lo).is_integer() and float(hi).is_integer()):
            continue
        for col in q.answer_columns():
            rows = [idx for idx, c in out_of_range if c == col]
            if col not in typed.columns or not rows:
                continue
            values = {parse_number(export.text.at(col, idx)) for idx in rows}
            answers = pd.to_numeric(typed[col], errors="coerce").dropna()
            if values != {hi + 1} or (answers == lo).any() or len(answers) + len(rows) < _SHIFT_MIN_ANSWERS:
                continue  # (a few answers: an 11 is as likely a typing error)
            export.log.add(Finding(export.file, None, None, col, q.label, "error",
                                   f"{len(rows)} answer(s) are {int(hi) + 1}, one above the scale, and none is "
                                   f"{int(lo)}: the export seems to store the scale one higher ({int(lo) + 1} to "
                                   f"{int(hi) + 1}, a tool counting from 1), which reads every other answer a point "
                                   f"too high. Do not change the {int(hi) + 1}s into {int(hi)}: recode the whole "
                                   f"column ({int(hi) + 1} as {int(hi)}, …, {int(lo) + 1} as {int(lo)}), or export it "
                                   "as the questionnaire codes it",
                                   f"a whole number from {int(lo)} to {int(hi)}", "fix the export",
                                   export.export_columns.get(col)))


def _check_completion(export: _Export, typed: pd.DataFrame, dup_copy: set) -> set:
    """Checks the completion flag: rows with 0 are excluded as incomplete responses."""
    complete = typed[export.codebook.complete_column]
    incomplete = set(export.df.index[complete.eq(0).fillna(False)]) - dup_copy
    for idx in [i for i in export.df.index if i in incomplete] if incomplete else ():  # in row order
        export.add(idx, export.codebook.complete_column, None, "excluded", "incomplete response",
                   None, "row excluded")
    return incomplete


def _identity_keys(export: _Export, identity: Iterable[tuple[str, str, pd.Series]]
                   ) -> list[tuple[str, str, pd.Series]]:
    """The ``(column, role, cells)`` compared between rows: identifying columns, contact fields."""
    index = export.df.index
    keys: list[tuple[str, str, pd.Series]] = [
        (c, role, _text_cells(cells.reindex(index)).set_axis(index))
        for c, role, cells in sorted(identity, key=lambda k: k[1] != "organisation")]
    for q in export.codebook.questions:
        if q.type == "contact":
            for code, c in q.field_columns().items():
                if code in ("email", "e-mail", "e_mail"):
                    keys.append((c, "email", export.text[c]))
                elif code in ("organisatie", "organisation"):
                    keys.append((c, "organisation", export.text[c]))
    return keys


def _check_same_organisation(export: _Export, identity: Iterable[tuple[str, str, pd.Series]],
                             dup_copy: set, incomplete: set) -> set:
    """Checks for one organisation under two ids; returns ``dup_copy`` plus double submissions."""
    private = set(export.codebook.private_columns())
    answer_cols = [c for c in export.columns
                   if c != export.codebook.id_column and c not in private]
    excluded = set(dup_copy)
    for column, role, cells in _identity_keys(export, identity):
        excluded |= _same_organisation(export, column, role, cells, answer_cols,
                                       excluded | incomplete)
    return excluded


def _same_organisation(export: _Export, column: str, role: str, cells: pd.Series,
                       answer_cols: list[str], skip: set) -> set:
    """Rows that give the same organisation (``role='organisation'``) or the same contact
    e-mail address (``role='email'``) as an earlier row under another respondent id.

    Identical answers to every question: a double submission, the later row is excluded as a
    duplicate. Different answers: for the same organisation an error (one response per
    organisation; the loader cannot know which one counts), for the same e-mail address a
    warning only (a contact person may answer for two member organisations). Only complete
    rows that are not already excluded are compared; the value itself is never repeated.
    Returns the rows excluded.
    """
    labels, rows, ids, text = export.df.index, export.rows, export.ids, export.text
    what = "organisation" if role == "organisation" else "contact e-mail address"
    codes, uniques = pd.factorize(cells.to_numpy(dtype=object))
    norm = np.array([normalise_label(comparable(u)) for u in uniques] or [""], dtype=object)
    key = pd.Series(norm.take(codes) if len(codes) else [], index=labels, dtype=object)
    key = key[(key != "") & ~labels.isin(list(skip))]
    repeated = key[key.duplicated(keep=False)]
    excluded: set = set()
    if repeated.empty:
        return excluded
    q = export.owner.get(column)
    first_of = repeated.index.to_series().groupby(repeated.to_numpy(), sort=False
                                                  ).transform("first")
    later = first_of[first_of.index != first_of.to_numpy()]
    later = later[[ids[i] != ids[f] for i, f in later.items()]]  # same id: reported above
    if later.empty:
        return excluded
    pos = labels.get_indexer(later.index)
    fpos = labels.get_indexer(later.to_numpy())
    differs = np.column_stack([text.cells(c, pos) != text.cells(c, fpos) for c in answer_cols])
    for k, (idx, first) in enumerate(later.items()):
        where = f"row {int(rows[first])} (respondent id {respondent_id_text(ids[first])})"
        diff = [c for c in (answer_cols[j] for j in np.flatnonzero(differs[k]))  # as read: "1" is "1.0"
                if not _read_alike(export, c, text.at(c, idx), text.at(c, first))]
        if not diff:
            excluded.add(idx)
            export.add(idx, column, q, "excluded",
                       f"duplicate of {where}: the same {what} under another respondent id, "
                       "with identical answers", "one response per organisation",
                       "row excluded (double submission)")
            continue
        shown = ", ".join(diff[:5]) + (f" and {len(diff) - 5} more" if len(diff) > 5 else "")
        if role == "organisation":
            export.add(idx, column, q, "error",
                       f"the same {what} as {where} under another respondent id, with "
                       f"different answers (columns {shown})", "one response per organisation",
                       "fix the export: keep the response that counts, remove the other")
        else:
            export.add(idx, column, q, "warning",
                       f"the same {what} as {where}, with different answers: possibly the "
                       "same organisation twice", None,
                       "kept (one person may answer for two organisations); check the export")
    return excluded


def _check_routing(export: _Export, typed: pd.DataFrame, excluded: set) -> set:
    """Checks routing and required answers per question; returns rows missing a required one."""
    # The row checks work on numpy arrays by position and visit only the rows a check can
    # flag, in row order, so the findings come out as a row-by-row scan would give them.
    labels = export.df.index
    complete = typed[export.codebook.complete_column]
    rows = _Rows(typed=typed, labels=labels, routed=~labels.isin(list(excluded)),
                 is_complete=complete.eq(1).fillna(False).to_numpy(dtype=bool),
                 text_of=_CellsOf(export.text), filled=_Filled(export))
    missing_cols = export.missing_columns
    required_missing: set[Any] = set()
    for q in export.codebook.questions:
        if any(c in missing_cols for c in q.columns()) or (
                q.asked_if is not None and any(c in missing_cols for c in q.asked_if.columns())):
            continue
        required_missing |= _check_question_routing(export, rows, q)
    for finding in export.delimiters_only:  # of a question whose routing could not be checked: an error
        export.log.add(finding)
    return required_missing


def _filled(export: _Export, column: str) -> np.ndarray:
    """``text != ""`` of a column's stripped cells, from its distinct texts when it has them."""
    factors = export.factors.get(column)
    if factors is None:
        return export.text[column].to_numpy(dtype=object) != ""
    codes, texts = factors
    return (texts != "").take(codes) if len(codes) else np.zeros(0, dtype=bool)


def _check_question_routing(export: _Export, rows: _Rows, q: Question) -> set:
    """Checks one question's routing, items, required answer and text field; see the callees."""
    asked = export.codebook.asked_mask(q, rows.typed).to_numpy(dtype=bool)
    content_of = _content_of(q, rows)
    _check_not_asked(export, rows, q, asked, content_of)
    if export.delimiters_only and q.type == "multi":
        _check_delimiters_only(export, rows, q, asked)
    item_asked = _check_items_not_asked(export, rows, q, asked, content_of)
    required_missing = _check_required_answer(export, rows, q, asked, content_of, item_asked)
    _check_option_text(export, rows, q, asked, content_of)
    _check_exclusive_options(export, rows, q, asked)
    return required_missing


def _content_of(q: Question, rows: _Rows) -> dict[str, np.ndarray]:
    """Per column of ``q``: the rows with an answer (a multi option: 1, or a cell not read)."""
    typed, filled = rows.typed, rows.filled
    if q.type == "multi":
        content_of = {c: (typed[c].eq(1).fillna(False).to_numpy(dtype=bool)
                          | (filled[c] & typed[c].isna().to_numpy(dtype=bool)))
                      for c in q.answer_columns()}
    else:
        content_of = {}
    for c in q.columns():
        if c not in content_of:
            content_of[c] = filled[c]
    return content_of


def _check_not_asked(export: _Export, rows: _Rows, q: Question, asked: np.ndarray,
                     content_of: dict[str, np.ndarray]) -> None:
    """Checks for answers where ``q`` was not asked (errors; a multi question's 0s: warning)."""
    cols = q.columns()
    zero_only = 0
    for pos in np.flatnonzero(rows.routed & ~asked
                              & np.logical_or.reduce([rows.filled[c] for c in cols])):
        idx = rows.labels[pos]
        for c in cols:
            if content_of[c][pos]:
                spec_text = c in (q.text_column, q.comment_column) or q.type in ("open",) \
                    or (q.type == "contact" and rows.typed[c].dtype == "string")
                got = "got text" if spec_text else f"got {export.shown(c, rows.text_of[c][pos])}"
                cond = q.asked_if  # not None: the question was not asked
                export.add(idx, c, q, "error",
                           f"{got} but the question was not asked because "
                           f"{cond.describe(export.codebook, negate=True)}"  # type: ignore[union-attr]
                           f" (this row: {_facts(cond, rows.typed.loc[idx], None)})",  # type: ignore
                           "empty", "fix the export (or the routing in the codebook)")
            elif q.type == "multi" and rows.text_of[c][pos] != "":
                zero_only += 1
    if zero_only:
        export.log.add(Finding(export.file, None, None, f"{q.key}__*", q.label, "warning",
                               f"{zero_only} cell(s) hold 0 where the question was not asked",
                               "empty", "treated as empty (not asked)"))


def _check_delimiters_only(export: _Export, rows: _Rows, q: Question, asked: np.ndarray) -> None:
    """Logs the mapping's errors about ``q``'s cells of delimiters only (";": unanswered or nothing chosen, which
    cannot be told) in the rows that were asked ``q``; where it was not asked, either reading is "not asked", so
    one warning counts them, as for a not-asked multi question's 0s (review h105: an error stopped the run)."""
    column = f"{q.key}__*"
    mine = [f for f in export.delimiters_only if f.column == column]
    export.delimiters_only = [f for f in export.delimiters_only if f.column != column]
    position = dict(zip(export.rows.loc[rows.labels].tolist(), range(len(rows.labels))))
    where = [f.row in position and not asked[position[f.row]] for f in mine]
    not_asked = [f for f, skipped in zip(mine, where) if skipped]
    for f, skipped in zip(mine, where):
        if not skipped:
            export.log.add(f)
    if not_asked:
        export.log.add(Finding(export.file, None, None, column, q.label, "warning",
                               f"{len(not_asked)} cell(s) hold only the delimiter where the question was not asked "
                               f"(rows {', '.join(str(f.row) for f in not_asked[:5])}{', …' if len(not_asked) > 5 else ''})",
                               "empty", "treated as empty (not asked)", not_asked[0].export_column))


def _check_items_not_asked(export: _Export, rows: _Rows, q: Question, asked: np.ndarray,
                           content_of: dict[str, np.ndarray]) -> dict[Any, np.ndarray]:
    """Checks for answers to items not asked (errors); returns item code -> rows it was asked."""
    item_asked: dict[Any, np.ndarray] = {}
    if not q.items:
        return item_asked
    masks = export.codebook.item_asked_masks(q, rows.typed)
    item_asked = {it.code: masks[it.code].to_numpy(dtype=bool) for it in q.items}
    if q.item_asked_if is None:
        return item_asked
    flagged = np.logical_or.reduce(
        [~item_asked[it.code] & content_of[f"{q.key}__{it.code}"] for it in q.items])
    for pos in np.flatnonzero(rows.routed & asked & flagged):
        idx = rows.labels[pos]
        for it in q.items:
            c = f"{q.key}__{it.code}"
            if not item_asked[it.code][pos] and content_of[c][pos]:
                export.add(idx, c, q, "error",
                           f"got {export.shown(c, rows.text_of[c][pos])} but item {it.code} was "
                           "not asked "
                           f"because {q.item_asked_if.describe(export.codebook, negate=True)} "
                           f"(this row: {_facts(q.item_asked_if, rows.typed.loc[idx], it.code)})",
                           "empty", "fix the export (or the routing in the codebook)")
    return item_asked


def _check_required_answer(export: _Export, rows: _Rows, q: Question, asked: np.ndarray,
                           content_of: dict[str, np.ndarray],
                           item_asked: dict[Any, np.ndarray]) -> set:
    """Checks complete responses: required answer missing (excluded), items unanswered."""
    answer_cols = q.answer_columns()
    considered = rows.routed & asked & rows.is_complete
    if q.items:
        n_asked = np.sum([item_asked[it.code] for it in q.items], axis=0)
        n_answered = np.sum([item_asked[it.code] & content_of[f"{q.key}__{it.code}"]
                             for it in q.items], axis=0)
        considered &= n_asked > 0  # no item asked: nothing to answer
        missing = n_answered == 0
        gaps_left = (n_answered > 0) & (n_answered < n_asked)
    else:
        missing = ~np.logical_or.reduce([content_of[c] for c in answer_cols])
        gaps_left = np.zeros(len(rows.labels), dtype=bool)
    required_missing: set[Any] = set()
    for pos in np.flatnonzero(considered & (gaps_left | (missing & bool(q.required)))):
        idx = rows.labels[pos]
        if gaps_left[pos]:
            asked_items = [it.code for it in q.items if item_asked[it.code][pos]]
            gaps = [i for i in asked_items if not content_of[f"{q.key}__{i}"][pos]]
            export.add(idx, f"{q.key}__{gaps[0]}", q, "warning",
                       f"item(s) {', '.join(gaps)} not answered", "an answer to every item",
                       "kept; the item counts as not answered")
        if missing[pos] and q.required and q.text_column and q.type in ("single", "multi") \
                and content_of[q.text_column][pos]:
            # no option chosen, but the option's text box filled: the export wrote the tool's own
            # "Other (please specify)" answer only as its text (SurveyMonkey): not a missing answer
            export.add(idx, q.text_column, q, "error",
                       f"{q.number_label}: no option chosen, but the text of "
                       f"{' / '.join(repr(q.option(c).label) for c in q.text_field_options)} is filled in",
                       "the option chosen as well (an export that writes only the text of its 'Other' answer needs "
                       f"'selects: {next(iter(q.text_field_options), '?')}' on that column in the export mapping)",
                       "fix the export or the mapping")
            continue
        if missing[pos] and q.required:
            required_missing.add(idx)
            col = answer_cols[0] if len(answer_cols) == 1 else f"{q.key}__*"
            why = (f"asked because {q.asked_if.describe(export.codebook)}" if q.asked_if
                   else "asked of everyone")
            export.add(idx, col, q, "excluded", f"incomplete: {q.number_label} missing",
                       f"an answer ({why})", "row excluded")
    if q.type == "multi":
        _check_blank_options(export, rows, q, considered & ~missing)
    if len(required_missing) >= 3 and q.required:
        _routing_hint(export, rows, q, considered, considered & missing)
    return required_missing


def _routing_hint(export: _Export, rows: _Rows, q: Question, considered: np.ndarray, missing: np.ndarray) -> None:
    """A warning when every response excluded for a missing answer to ``q`` gave one answer to an earlier question
    and no response with that answer answered ``q`` (review of the 2027 wave: the questionnaire skipped Vraag 23
    for organisations with intramural care only, the codebook did not say so, and five organisations were left
    out of every table as incomplete, the cause named nowhere): routing the codebook lacks."""
    for p in export.codebook.questions:
        if p.key == q.key:
            return
        if p.type != "single" or p.key not in rows.typed.columns:
            continue
        column = rows.typed[p.key]
        found = set(column.to_numpy(dtype=object)[missing].tolist())
        if len(found) != 1 or pd.isna(next(iter(found))):
            continue
        value = next(iter(found))
        same = considered & column.eq(value).fillna(False).to_numpy(dtype=bool)
        if (same & ~missing).any():
            continue
        label = p.option(value).label if value in p.codes else value
        export.log.add(Finding(export.file, None, None, q.answer_columns()[0], q.label, "warning",
                               f"the {int(missing.sum())} response(s) excluded for a missing {q.number_label} all "
                               f"answered {p.number_label} with {value} ‘{label}’, and no response with that answer "
                               f"answered {q.number_label}", "routing in the codebook as in the questionnaire",
                               f"if the questionnaire skips it for them, add asked_if: {{question: {p.key}, "
                               f"not_in: [{value}]}} to {q.key} in the codebook (they are then kept)"))
        return


def _check_blank_options(export: _Export, rows: _Rows, q: Question,
                         answered_rows: np.ndarray) -> None:
    """Checks for empty option cells of a multi question in rows that answered it (warning)."""
    answer_cols = q.answer_columns()
    blank_multi = int(sum(int((answered_rows & ~rows.filled[c]).sum()) for c in answer_cols))
    if blank_multi:
        export.log.add(Finding(export.file, None, None, f"{q.key}__*", q.label, "warning",
                               f"{blank_multi} empty option cell(s) in answered rows",
                               "0 or 1", "treated as 0 (not selected)"))


def _check_option_text(export: _Export, rows: _Rows, q: Question, asked: np.ndarray,
                       content_of: dict[str, np.ndarray]) -> None:
    """Checks for text given although no option with a text field was chosen (warning)."""
    if not (q.text_column and q.type in ("single", "multi")):
        return
    typed, labels = rows.typed, rows.labels
    if q.type == "single":
        ok = typed[q.key].isin(list(q.text_field_options)).fillna(False).to_numpy(dtype=bool)
    else:
        ok = np.logical_or.reduce(
            [typed[f"{q.key}__{c}"].eq(1).fillna(False).to_numpy(dtype=bool)
             for c in q.text_field_options] or [np.zeros(len(labels), dtype=bool)])
    for pos in np.flatnonzero(rows.routed & asked & content_of[q.text_column] & ~ok):
        export.add(labels[pos], q.text_column, q, "warning",
                   "text given although no option with a text field was chosen",
                   "text only with option(s) " + ", ".join(map(str, q.text_field_options)),
                   "kept")


def _check_exclusive_options(export: _Export, rows: _Rows, q: Question, asked: np.ndarray) -> None:
    """A multi question's option that excludes the others ("Niet van toepassing", codebook ``exclusive: true``)
    ticked together with another: one warning per row, naming the first such option ticked and every other option
    ticked (two exclusive options ticked together are one contradiction, not two: review h122). The answers are
    kept as given (the respondent counts under every option ticked): which the respondent meant, the export does
    not say."""
    exclusive = [o for o in q.options if o.exclusive] if q.type == "multi" else []
    if not exclusive:
        return
    ticked = {o.code: rows.typed[f"{q.key}__{o.code}"].eq(1).fillna(False).to_numpy(dtype=bool) for o in q.options}
    count = np.sum(list(ticked.values()), axis=0)
    with_another = np.logical_or.reduce([ticked[o.code] for o in exclusive]) & (count > 1)
    for pos in np.flatnonzero(rows.routed & asked & with_another):
        option = next(o for o in exclusive if ticked[o.code][pos])
        also = [str(code) for code, mask in ticked.items() if code != option.code and mask[pos]]
        export.add(rows.labels[pos], f"{q.key}__{option.code}", q, "warning",
                   f"option {option.code} ({option.label}) excludes the others, but option(s) "
                   f"{', '.join(also)} were ticked too", f"option {option.code} alone, or other options without it",
                   "kept as given: the respondent counts under every option ticked; check the answer")


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

    The checks run in this order, and the findings are logged in it: columns, respondent ids,
    values, completion flag, the same organisation under two ids, a form sent twice under two ids,
    then per question routing, items, required answers and text fields.
    """
    export, keep, typed = _validated(raw, codebook, source, log, identity)
    return export.df.loc[list(keep), export.columns + [ROW]], export.log, typed


def validated_rows(raw: pd.DataFrame | list[pd.DataFrame], codebook: Codebook, source: str | Path, *,
                   log: DataQualityLog | None = None,
                   identity: Iterable[tuple[str, str, pd.Series]] = (),
                   nul_free: bool = False) -> tuple[pd.Index, DataQualityLog, pd.DataFrame]:
    """:func:`validate_and_parse` without the copy of the analysable rows as text, which the
    loader does not need: their index labels (in row order), the log and the typed cells
    (``typed.loc[labels]`` is ``validate_and_parse``'s ``parsed.loc[rows.index]``).

    ``raw`` may be a list holding the frame: it is taken out of the list, and the frame's cells
    are let go of as soon as the checks that read them cell by cell are done (before the typed
    cells are made: for 100,000 respondents 130 MB less at the loader's highest memory).

    ``nul_free``: the caller knows that no cell holds a NUL character (the reader took them
    out, ``raw.attrs["nul_cells"]`` names them, and nothing wrote a cell since), so the search
    through every cell is skipped."""
    export, keep, typed = _validated(raw, codebook, source, log, identity, nul_free)
    return keep, export.log, typed


def _validated(raw: pd.DataFrame | list[pd.DataFrame], codebook: Codebook, source: str | Path,
               log: DataQualityLog | None, identity: Iterable[tuple[str, str, pd.Series]],
               nul_free: bool = False) -> tuple[_Export, pd.Index, pd.DataFrame]:
    """The checks of :func:`validate_and_parse`: the export, the labels of the rows kept, the
    typed cells. ``raw`` is not changed (a shallow copy whose repaired columns are replaced).
    ``raw`` a list holding the frame (:func:`validated_rows`): taken out of it, and the export's
    cells as read are let go of once the respondent ids are checked, when every column can be
    read from its factors."""
    release = isinstance(raw, list)
    raw = raw.pop() if isinstance(raw, list) else raw
    file = str(source)
    log = log if log is not None else DataQualityLog()
    export_columns: dict[str, str] = dict(raw.attrs.get("export_columns") or {})
    raw = raw.copy(deep=False)
    if ROW not in raw.columns:
        raw[ROW] = range(2, len(raw) + 2)
    # NUL characters first: pandas compares text only up to one (reading.remove_nul)
    nul_cells = list(raw.attrs.get("nul_cells") or ()) + ([] if nul_free else remove_nul(
        raw, [c for c in raw.columns if c != ROW]))
    missing_cols = _check_columns(raw, codebook, file, log, export_columns)
    export = _export_cells(raw, codebook, file, log, export_columns, missing_cols)
    export.delimiters_only = list(raw.attrs.get(DELIMITERS_ONLY) or ())
    export.label_notes = dict(raw.attrs.get(LABEL_NOTES) or {})
    export.sav_dates = dict(raw.attrs.get(SAV_DATES) or {})
    booleans = list(raw.attrs.get(BOOLEAN_CELLS) or ())
    del raw  # the export holds the cells from here on
    _check_cells(export, nul_cells)
    _check_boolean_cells(export, booleans)
    _check_dates_in_text(export)
    dup_copy = _check_respondent_ids(export)
    if release and all(c in export.factors for c in export.columns) and all(
            c in export.raw_factors for c in export.columns if _is_text(export, c)):
        export.df = export.df[[ROW]]  # every later check reads the cells from the factors
    typed = _check_values(export, dup_copy)
    incomplete = _check_completion(export, typed, dup_copy)
    dup_copy = _check_same_organisation(export, identity, dup_copy, incomplete)
    dup_copy |= _check_same_answers(export, dup_copy | incomplete)
    required_missing = _check_routing(export, typed, dup_copy | incomplete)
    if log.errors:
        raise ExportError(format_error_message(file, log.errors, codebook.year), log.errors, log)
    excluded = dup_copy | incomplete | required_missing
    labels = export.df.index
    keep = labels[~labels.isin(list(excluded))] if excluded else labels
    return export, keep, typed
