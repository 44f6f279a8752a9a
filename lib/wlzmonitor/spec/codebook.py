"""The survey codebook: ``data/codebooks/<year>.yml`` (docs/data_contracts.md, section 1).

The codebook is the single description of a survey year's questionnaire: question keys,
wording, answer options, routing and derived variables. It is validated strictly when it is
loaded (:func:`load_codebook`): a typo in a key, a duplicate code or routing that points at a
question asked later raises :class:`CodebookError` naming the file and the question.

It also knows the column layout of an export in canonical form (section 2):
:meth:`Question.columns` and :meth:`Codebook.columns`.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd
import yaml

from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.strict_yaml import StrictLoader

__all__ = [
    "CodebookError",
    "Option",
    "Item",
    "Field",
    "Condition",
    "Question",
    "Derived",
    "Fieldwork",
    "Codebook",
    "QUESTION_TYPES",
    "load_codebook",
    "codebook_for_year",
]

QUESTION_TYPES = ("single", "multi", "matrix", "scale", "numeric", "open", "nps", "contact")
NUMERIC_UNITS = ("percent", "euro", "count")

#: NPS question (0-10) score bands: name -> inclusive score range; NPS = % fans - % critici.
NPS_BANDS: dict[str, tuple[int, int]] = {"Critici": (0, 6), "Neutralen": (7, 8), "Fans": (9, 10)}
#: The same bands as answer categories of the NPS comments: code -> (label, lowest, highest score).
NPS_BAND_CATEGORIES: dict[int, tuple[str, int, int]] = {
    code: (f"{name} ({lo}–{hi})", lo, hi) for code, (name, (lo, hi)) in enumerate(NPS_BANDS.items(), start=1)
}

#: Column suffixes (section 2 of the data contract).
TEXT_SUFFIX = "__tekst"
COMMENT_SUFFIX = "__toelichting"

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
THEME_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


class CodebookError(InputError):
    """The codebook file breaks the schema, or data do not fit it (e.g. an unmapped code).

    ``problems`` holds every problem found (the message lists them all).
    """

    def __init__(self, message: str, problems: Sequence[str] = ()):
        super().__init__(message)
        self.problems = list(problems) if problems else [message]


# --------------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One answer option: ``code`` (1..k in questionnaire order) and its Dutch ``label``."""

    code: int
    label: str
    short_label: str | None = None

    @property
    def display_label(self) -> str:
        """The wording the report uses in tables (``short_label`` when given)."""
        return self.short_label or self.label


@dataclass(frozen=True)
class Item:
    """A row of a matrix question or an item of a multi-item scale."""

    code: str
    label: str
    short_label: str | None = None

    @property
    def display_label(self) -> str:
        return self.short_label or self.label


@dataclass(frozen=True)
class Field:
    """A text field of an open question (codes ``"1"``..``"n"``) or a contact question."""

    code: str
    label: str = ""
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Condition:
    """A routing condition (``asked_if`` / ``item_asked_if``), a small tree.

    ``op`` is ``in`` / ``not_in`` (leaves: ``question``, optional ``item``, ``codes``) or
    ``all`` / ``any`` (``conditions``). ``item`` is an item code, ``"same"`` (only in
    ``item_asked_if``: the item with the same code as the one being asked) or None.
    ``multi_codes`` is filled in for leaves on a multi question (its option codes): ``in``
    then means "one of these options selected".

    A leaf on a question that is unanswered is **false**, for ``in`` as well as ``not_in``.
    """

    op: str
    question: str | None = None
    item: str | None = None
    codes: tuple[int, ...] = ()
    conditions: tuple["Condition", ...] = ()
    multi_codes: tuple[int, ...] = ()

    # -- structure -----------------------------------------------------------------------
    @property
    def is_leaf(self) -> bool:
        return self.op in ("in", "not_in")

    def leaves(self) -> list["Condition"]:
        if self.is_leaf:
            return [self]
        out: list[Condition] = []
        for c in self.conditions:
            out.extend(c.leaves())
        return out

    def questions(self) -> list[str]:
        """Keys of the questions this condition reads, in order, without repeats."""
        seen: list[str] = []
        for leaf in self.leaves():
            if leaf.question not in seen:
                seen.append(leaf.question)  # type: ignore[arg-type]
        return seen

    def columns(self, item: str | None = None) -> list[str]:
        """The export columns this condition reads (``item`` resolves ``item: same``)."""
        cols: list[str] = []
        for leaf in self.leaves():
            for c in leaf._leaf_columns(item):
                if c not in cols:
                    cols.append(c)
        return cols

    def _leaf_columns(self, item: str | None) -> list[str]:
        if self.multi_codes:
            return [f"{self.question}__{c}" for c in self.multi_codes]
        it = self._resolve_item(item)
        return [self.question if it is None else f"{self.question}__{it}"]  # type: ignore[list-item]

    def _resolve_item(self, item: str | None) -> str | None:
        if self.item == "same":
            if item is None:
                raise ValueError(
                    f"condition on {self.question!r} uses 'item: same'; evaluate it per item "
                    "(pass item=...)"
                )
            return item
        return self.item

    # -- evaluation ----------------------------------------------------------------------
    def evaluate(self, df: pd.DataFrame, item: str | None = None) -> pd.Series:
        """Boolean Series (index of ``df``): True where the condition holds.

        Works on typed responses and on raw text exports (values are read as numbers;
        anything that is not a number counts as unanswered).
        """
        if self.op == "all":
            out = pd.Series(True, index=df.index)
            for c in self.conditions:
                out &= c.evaluate(df, item)
            return out
        if self.op == "any":
            out = pd.Series(False, index=df.index)
            for c in self.conditions:
                out |= c.evaluate(df, item)
            return out
        cols = self._leaf_columns(item)
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise KeyError(
                f"routing on {self.question!r} needs column(s) {', '.join(missing)} "
                "which the data do not have"
            )
        if self.multi_codes:
            sel = pd.DataFrame(
                {code: _as_number(df[f"{self.question}__{code}"]) for code in self.multi_codes},
                index=df.index,
            )
            chosen = sel.eq(1).fillna(False)
            answered = chosen.any(axis=1)
            hit = chosen[[c for c in self.codes]].any(axis=1) if self.codes else answered & False
            res = hit if self.op == "in" else answered & ~hit
        else:
            vals = _as_number(df[cols[0]])
            answered = vals.notna()
            hit = vals.isin(list(self.codes)).fillna(False) & answered
            res = hit if self.op == "in" else answered & ~hit
        return res.astype(bool)

    # -- words ---------------------------------------------------------------------------
    def describe(self, codebook: "Codebook | None" = None, negate: bool = False) -> str:
        """The condition in words; ``negate=True`` describes when it does *not* hold."""
        if self.op in ("all", "any"):
            joiner_true = " and " if self.op == "all" else " or "
            joiner_false = " or " if self.op == "all" else " and "
            parts = [f"({c.describe(codebook, negate)})"
                     if not c.is_leaf and len(c.conditions) > 1 and len(self.conditions) > 1
                     else c.describe(codebook, negate) for c in self.conditions]
            return (joiner_false if negate else joiner_true).join(parts)
        name = self.question or "?"
        if codebook is not None:
            try:
                name = codebook.question(self.question).label  # type: ignore[arg-type]
            except KeyError:
                pass
        if self.item == "same":
            name += " (same item)"
        elif self.item:
            name += f" item {self.item}"
        codes = ", ".join(str(c) for c in self.codes)
        if self.multi_codes:
            if self.op == "in":
                return (f"{name} has none of {codes} selected" if negate
                        else f"{name} has one of {codes} selected")
            return (f"{name} is unanswered or has one of {codes} selected" if negate
                    else f"{name} is answered without any of {codes} selected")
        if self.op == "in":
            return (f"{name} is not one of {codes} (or unanswered)" if negate
                    else f"{name} is one of {codes}")
        return (f"{name} is unanswered or one of {codes}" if negate
                else f"{name} is answered and not one of {codes}")


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire (see docs/data_contracts.md, section 1).

    ``fields`` holds the text fields of an ``open`` question (codes ``"1"``..``"n"``) or the
    fields of a ``contact`` question. ``required`` is resolved at load: default True, but
    ``open`` and ``contact`` questions are only required when the codebook says
    ``required: true``. ``range`` is ``(min, max)`` (either may be None for numeric).
    """

    key: str
    number: str
    text: str
    type: str
    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = ()
    text_field_options: tuple[int, ...] = ()
    comment: bool = False
    asked_if: Condition | None = None
    item_asked_if: Condition | None = None
    routing_note: str | None = None
    required: bool = True
    private: bool = False
    unit: str | None = None
    range: tuple[float | None, float | None] | None = None
    range_labels: dict[int, str] = field(default_factory=dict, hash=False)
    fields: tuple[Field, ...] = ()
    short_label: str | None = None
    # survey year -> how the question asked that year differs from this one (Dutch, as the
    # report's captions say it: "gewijzigde antwoordcategorieën"); the stable key stays the same
    changes: dict[int, str] = field(default_factory=dict, hash=False)

    # -- labels --------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """``Vraag 13 tevredenheid_tarief`` -- how messages name the question."""
        if self.number[:1].isdigit():
            return f"Vraag {self.number} {self.key}"
        return f"{self.number} {self.key}"

    @property
    def number_label(self) -> str:
        """``Vraag 13`` (or the printed number when it is not a number, e.g. ``Tot slot``)."""
        return f"Vraag {self.number}" if self.number[:1].isdigit() else self.number

    @property
    def short_labels(self) -> dict[int, str]:
        """Option code -> the label the report uses (``short_label`` when given)."""
        return {o.code: o.display_label for o in self.options}

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(o.code for o in self.options)

    def option(self, code: int) -> Option:
        for o in self.options:
            if o.code == code:
                return o
        raise KeyError(f"{self.label}: no option with code {code!r}")

    def item(self, code: str) -> Item:
        for it in self.items:
            if it.code == code:
                return it
        raise KeyError(f"{self.label}: no item {code!r}")

    @property
    def has_items(self) -> bool:
        return bool(self.items)

    # -- columns -------------------------------------------------------------------------
    @property
    def text_column(self) -> str | None:
        return f"{self.key}{TEXT_SUFFIX}" if self.text_field_options else None

    @property
    def comment_column(self) -> str | None:
        return f"{self.key}{COMMENT_SUFFIX}" if self.comment else None

    def item_columns(self) -> dict[str, str]:
        """Item code -> column (matrix, scale with items)."""
        return {it.code: f"{self.key}__{it.code}" for it in self.items}

    def option_columns(self) -> dict[int, str]:
        """Option code -> 0/1 column (multi)."""
        if self.type != "multi":
            return {}
        return {o.code: f"{self.key}__{o.code}" for o in self.options}

    def field_columns(self) -> dict[str, str]:
        """Field code -> column (open, contact)."""
        if self.type == "open" and len(self.fields) == 1:
            return {self.fields[0].code: self.key}
        return {f.code: f"{self.key}__{f.code}" for f in self.fields}

    def answer_columns(self) -> list[str]:
        """The columns that hold the answer itself (not the ``__tekst``/``__toelichting`` text)."""
        if self.type == "multi":
            return list(self.option_columns().values())
        if self.type in ("matrix", "scale") and self.items:
            return list(self.item_columns().values())
        if self.type in ("open", "contact"):
            return list(self.field_columns().values())
        return [self.key]

    def columns(self) -> list[str]:
        """All columns of the question in an export: answers, then text, then comment."""
        cols = self.answer_columns()
        if self.text_column:
            cols.append(self.text_column)
        if self.comment_column:
            cols.append(self.comment_column)
        return cols


@dataclass(frozen=True)
class Derived:
    """A variable computed from an answer: ``source`` (the YAML ``from``) recoded by ``map``."""

    key: str
    label: str
    source: str
    map: dict[int, int] = field(default_factory=dict, hash=False)
    options: tuple[Option, ...] = ()

    def option(self, code: int) -> Option:
        for o in self.options:
            if o.code == code:
                return o
        raise KeyError(f"derived {self.key}: no option with code {code!r}")


@dataclass(frozen=True)
class Fieldwork:
    start: _dt.date
    end: _dt.date


@dataclass(frozen=True)
class Codebook:
    """A validated codebook. Build it with :func:`load_codebook` / :func:`codebook_for_year`."""

    year: int
    title: str
    fieldwork: Fieldwork | None
    population: int | None
    id_column: str
    complete_column: str
    questions: tuple[Question, ...]
    derived: tuple[Derived, ...] = ()
    path: Path | None = field(default=None, compare=False)
    _by_key: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {q.key: q for q in self.questions})

    # -- lookup --------------------------------------------------------------------------
    def question(self, key: str | Question) -> Question:
        if isinstance(key, Question):
            return key
        try:
            return self._by_key[key]
        except KeyError:
            hint = difflib.get_close_matches(str(key), list(self._by_key), n=1)
            raise KeyError(
                f"codebook {self.year} has no question {key!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
            ) from None

    def __contains__(self, key: object) -> bool:
        return key in self._by_key or any(d.key == key for d in self.derived)

    def derived_variable(self, key: str) -> Derived:
        for d in self.derived:
            if d.key == key:
                return d
        raise KeyError(f"codebook {self.year} has no derived variable {key!r}")

    def _options_of(self, key: str) -> tuple[Option, ...]:
        if key in self._by_key:
            q = self._by_key[key]
            if not q.options:
                raise KeyError(f"{q.label} ({q.type}) has no answer options")
            return q.options
        return self.derived_variable(key).options

    def options(self, key: str, short: bool = False) -> dict[int, str]:
        """Code -> label of a question's (or derived variable's) options, in order."""
        return {o.code: (o.display_label if short else o.label) for o in self._options_of(key)}

    def label(self, key: str, code: int, short: bool = False) -> str:
        """The label of option ``code`` of question (or derived variable) ``key``."""
        for o in self._options_of(key):
            if o.code == code:
                return o.display_label if short else o.label
        raise KeyError(f"{key}: no option with code {code!r}")

    def item_label(self, key: str, item: str, short: bool = False) -> str:
        it = self.question(key).item(item)
        return it.display_label if short else it.label

    def items(self, key: str, short: bool = False) -> dict[str, str]:
        """Item code -> label of a matrix / multi-item scale question."""
        return {it.code: (it.display_label if short else it.label)
                for it in self.question(key).items}

    # -- columns -------------------------------------------------------------------------
    def columns(self) -> list[str]:
        """Every column of an export in canonical form: id, complete, then each question's."""
        cols = [self.id_column, self.complete_column]
        for q in self.questions:
            cols.extend(q.columns())
        return cols

    def private_columns(self) -> list[str]:
        """Columns of private questions (contact details): they never leave the loader."""
        return [c for q in self.questions if q.private for c in q.columns()]

    def column_owner(self) -> dict[str, Question]:
        """Column -> the question it belongs to (id and complete columns are not included)."""
        return {c: q for q in self.questions for c in q.columns()}

    # -- routing -------------------------------------------------------------------------
    def asked_mask(self, question: str | Question, df: pd.DataFrame,
                   item: str | None = None) -> pd.Series:
        """True where ``question`` was asked (``asked_if``); with ``item``, where that item
        was asked as well (``item_asked_if``)."""
        q = self.question(question)
        mask = (q.asked_if.evaluate(df) if q.asked_if is not None
                else pd.Series(True, index=df.index))
        if item is not None:
            if item not in {it.code for it in q.items}:
                raise KeyError(f"{q.label}: no item {item!r}")
            if q.item_asked_if is not None:
                mask = mask & q.item_asked_if.evaluate(df, item=item)
        return mask.astype(bool)

    def item_asked_masks(self, question: str | Question, df: pd.DataFrame) -> pd.DataFrame:
        """One boolean column per item (named by item code): asked of that respondent."""
        q = self.question(question)
        return pd.DataFrame({it.code: self.asked_mask(q, df, it.code) for it in q.items},
                            index=df.index)

    # -- derived -------------------------------------------------------------------------
    def derive(self, df: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``df`` with every derived variable added (nullable Int64).

        Raises :class:`CodebookError` when the source holds a code the ``map`` lacks.
        """
        out = df.copy()
        for d in self.derived:
            if d.source not in out.columns:
                raise KeyError(f"derived {d.key}: the data have no column {d.source!r}")
            src = _as_number(out[d.source])
            present = src.dropna()
            unmapped = sorted({v for v in present.unique() if v not in d.map})
            if unmapped:
                shown = ", ".join(_fmt_code(v) for v in unmapped)
                raise CodebookError(
                    f"{self.path or f'codebook {self.year}'}: derived '{d.key}': "
                    f"code(s) {shown} of '{d.source}' not in its map "
                    f"(mapped: {', '.join(str(k) for k in d.map)})"
                )
            out[d.key] = src.map(lambda v: d.map.get(v) if pd.notna(v) else pd.NA).astype("Int64")
        return out


def _fmt_code(v: Any) -> str:
    try:
        f = float(v)
        return str(int(f)) if f.is_integer() else str(f)
    except (TypeError, ValueError):
        return repr(v)


def _as_number(s: pd.Series) -> pd.Series:
    """A Series as float (NaN where empty / not a number)."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("float")
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s.astype("Float64").astype(float)
    return pd.to_numeric(s.astype("string").str.strip(), errors="coerce").astype(float)


# --------------------------------------------------------------------------------------------
# Loading and schema validation
# --------------------------------------------------------------------------------------------


_TOP_KEYS = ("year", "title", "fieldwork", "population", "id_column", "complete_column",
             "questions", "derived")
_COMMON_KEYS = ("key", "number", "text", "type", "comment", "asked_if", "routing_note",
                "required", "private", "short_label", "changes")
_TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "single": ("options", "text_field"),
    "multi": ("options", "text_field"),
    "matrix": ("items", "options", "item_asked_if"),
    "scale": ("items", "range", "range_labels", "item_asked_if"),
    "numeric": ("unit", "range"),
    "open": ("fields",),
    "nps": ("range", "range_labels"),
    "contact": ("fields",),
}
_ALL_QUESTION_KEYS = tuple(dict.fromkeys(
    _COMMON_KEYS + tuple(k for ks in _TYPE_KEYS.values() for k in ks)))
_DERIVED_KEYS = ("key", "label", "from", "map", "options")


class _Problems:
    """Collects schema problems, each prefixed with the file and the question."""

    def __init__(self, path: Path | str):
        self.path = str(path)
        self.items: list[str] = []

    def add(self, where: str, msg: str) -> None:
        self.items.append(f"{self.path}: {where}{': ' if where else ''}{msg}")

    def raise_if_any(self) -> None:
        if self.items:
            n = len(self.items)
            head = f"{self.path}: codebook has {n} problem{'s' if n > 1 else ''}:\n  "
            raise CodebookError(head + "\n  ".join(self.items) if n > 1 else self.items[0],
                                self.items)


def _unknown_keys(mapping: Mapping, allowed: Iterable[str], where: str, probs: _Problems,
                  context: str = "") -> None:
    allowed = list(allowed)
    for k in mapping:
        if k not in allowed:
            hint = difflib.get_close_matches(str(k), allowed, n=1, cutoff=0.6)
            probs.add(where, f"unknown key {k!r}{context}"
                      + (f" (did you mean {hint[0]!r}?)" if hint else "")
                      + f"; allowed: {', '.join(allowed)}")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _str(v: Any) -> bool:
    return isinstance(v, str) and v.strip() != ""


def _parse_options(raw: Any, where: str, probs: _Problems, what: str = "options"
                   ) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        probs.add(where, f"'{what}' must be a non-empty list of {{code, label}}")
        return ()
    out: list[Option] = []
    seen: set[int] = set()
    for i, o in enumerate(raw, 1):
        if not isinstance(o, dict):
            probs.add(where, f"{what} #{i} must be a mapping {{code, label}}, got {o!r}")
            continue
        _unknown_keys(o, ("code", "label", "short_label"), where, probs, f" in {what} #{i}")
        code, label = o.get("code"), o.get("label")
        if not _is_int(code):
            probs.add(where, f"{what} #{i}: code must be a whole number, got {code!r}")
            continue
        if code in seen:
            probs.add(where, f"duplicate option code {code}")
            continue
        seen.add(code)
        if not _str(label):
            probs.add(where, f"option {code}: label must be a non-empty string, got {label!r}")
            continue
        sl = o.get("short_label")
        if sl is not None and not _str(sl):
            probs.add(where, f"option {code}: short_label must be a non-empty string")
            sl = None
        out.append(Option(code, label, sl))
    return tuple(out)


def _parse_items(raw: Any, where: str, probs: _Problems) -> tuple[Item, ...]:
    if not isinstance(raw, list) or not raw:
        probs.add(where, "'items' must be a non-empty list of {code, label}")
        return ()
    out: list[Item] = []
    seen: set[str] = set()
    for i, o in enumerate(raw, 1):
        if not isinstance(o, dict):
            probs.add(where, f"item #{i} must be a mapping {{code, label}}, got {o!r}")
            continue
        _unknown_keys(o, ("code", "label", "short_label"), where, probs, f" in item #{i}")
        code, label = o.get("code"), o.get("label")
        if not isinstance(code, str) or not THEME_CODE_RE.match(code) or "__" in code:
            probs.add(where, f"item #{i}: code must be lower-case letters, digits and single "
                             f"underscores, got {code!r}")
            continue
        if code in seen:
            probs.add(where, f"duplicate item code {code!r}")
            continue
        seen.add(code)
        if not _str(label):
            probs.add(where, f"item {code!r}: label must be a non-empty string")
            continue
        sl = o.get("short_label")
        out.append(Item(code, label, sl if _str(sl) else None))
    return tuple(out)


def _parse_range(raw: Any, where: str, probs: _Problems, *, nullable: bool, integer: bool
                 ) -> tuple[Any, Any] | None:
    ok = isinstance(raw, list) and len(raw) == 2
    if ok:
        for v in raw:
            if v is None and nullable:
                continue
            if not (_is_int(v) if integer else _is_num(v)):
                ok = False
    if not ok:
        probs.add(where, f"'range' must be [min, max] of {'whole numbers' if integer else 'numbers'}"
                         f"{' (either may be null)' if nullable else ''}, got {raw!r}")
        return None
    lo, hi = raw
    if lo is not None and hi is not None and lo > hi:
        probs.add(where, f"'range' minimum {lo} is above maximum {hi}")
        return None
    return (lo, hi)


def _parse_range_labels(raw: Any, rng: tuple | None, where: str, probs: _Problems
                        ) -> dict[int, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        probs.add(where, f"'range_labels' must be a mapping {{value: label}}, got {raw!r}")
        return {}
    out: dict[int, str] = {}
    for k, v in raw.items():
        if not _is_int(k) or not _str(v):
            probs.add(where, f"range_labels entry {k!r}: {v!r} must be whole number: text")
            continue
        if rng is not None and not (rng[0] <= k <= rng[1]):
            probs.add(where, f"range_labels value {k} is outside the range {list(rng)}")
            continue
        out[k] = v
    return out


def _parse_condition(raw: Any, where: str, probs: _Problems, *, earlier: dict[str, Question],
                     later: set[str], this: dict, allow_same: bool, what: str,
                     broken: set[str] = frozenset()) -> Condition | None:
    """Parse one routing condition; ``earlier`` are the questions before this one."""
    if not isinstance(raw, dict) or not raw:
        probs.add(where, f"{what}: a condition must be a mapping, got {raw!r}")
        return None
    if "all" in raw or "any" in raw:
        op = "all" if "all" in raw else "any"
        _unknown_keys(raw, (op,), where, probs, f" in {what}")
        subs = raw[op]
        if not isinstance(subs, list) or not subs:
            probs.add(where, f"{what}: '{op}' needs a non-empty list of conditions")
            return None
        parsed = [_parse_condition(s, where, probs, earlier=earlier, later=later, this=this,
                                   allow_same=allow_same, what=what, broken=broken)
                  for s in subs]
        if any(p is None for p in parsed):
            return None
        return Condition(op, conditions=tuple(parsed))  # type: ignore[arg-type]
    _unknown_keys(raw, ("question", "item", "in", "not_in"), where, probs, f" in {what}")
    qkey = raw.get("question")
    has_in, has_not = "in" in raw, "not_in" in raw
    if has_in == has_not:
        probs.add(where, f"{what}: a condition needs exactly one of 'in' / 'not_in' "
                         "(or 'all' / 'any')")
        return None
    op = "in" if has_in else "not_in"
    codes = raw[op]
    if not isinstance(codes, list) or not codes or not all(_is_int(c) for c in codes):
        probs.add(where, f"{what}: '{op}' must be a non-empty list of whole-number codes, "
                         f"got {codes!r}")
        return None
    if not isinstance(qkey, str):
        probs.add(where, f"{what}: 'question' is required, got {qkey!r}")
        return None
    if qkey not in earlier:
        if qkey in broken:  # its own problems are reported; do not repeat them here
            pass
        elif qkey == this.get("key"):
            probs.add(where, f"{what} refers to the question itself")
        elif qkey in later:
            probs.add(where, f"{what} refers to question '{qkey}', which comes LATER in the "
                             "questionnaire (routing may only depend on earlier questions)")
        else:
            hint = difflib.get_close_matches(qkey, list(earlier), n=1)
            probs.add(where, f"{what} refers to unknown question '{qkey}'"
                             + (f" (did you mean {hint[0]!r}?)" if hint else ""))
        return None
    ref = earlier[qkey]
    if ref.private:
        probs.add(where, f"{what}: routing may not depend on private question '{qkey}'")
        return None
    item = raw.get("item")
    if ref.type in ("numeric", "open", "contact"):
        probs.add(where, f"{what}: cannot route on '{qkey}', a {ref.type} question")
        return None
    if ref.items:
        if item is None:
            probs.add(where, f"{what}: '{qkey}' has items; name one with 'item:'")
            return None
        if item == "same":
            if not allow_same:
                probs.add(where, f"{what}: 'item: same' is only allowed in item_asked_if")
                return None
            own = [it.get("code") for it in (this.get("items") or []) if isinstance(it, dict)]
            ref_codes = {it.code for it in ref.items}
            lacking = [c for c in own if c not in ref_codes]
            if lacking:
                probs.add(where, f"{what}: 'item: same' but '{qkey}' has no item(s) "
                                 f"{', '.join(map(str, lacking))}")
                return None
        elif item not in {it.code for it in ref.items}:
            probs.add(where, f"{what}: '{qkey}' has no item {item!r} "
                             f"(items: {', '.join(it.code for it in ref.items)})")
            return None
    elif item is not None:
        probs.add(where, f"{what}: '{qkey}' has no items, so 'item: {item}' is meaningless")
        return None
    if ref.options:
        valid = set(ref.codes)
        bad = [c for c in codes if c not in valid]
        if bad:
            probs.add(where, f"{what}: '{qkey}' has no code(s) {', '.join(map(str, bad))} "
                             f"(codes: {', '.join(map(str, ref.codes))})")
            return None
    elif ref.range is not None:
        lo, hi = ref.range
        bad = [c for c in codes if not (lo <= c <= hi)]
        if bad:
            probs.add(where, f"{what}: value(s) {', '.join(map(str, bad))} outside "
                             f"'{qkey}' range {lo}-{hi}")
            return None
    multi_codes = ref.codes if ref.type == "multi" else ()
    return Condition(op, question=qkey, item=item, codes=tuple(codes), multi_codes=multi_codes)


def _parse_question(raw: Any, index: int, probs: _Problems, earlier: dict[str, Question],
                    later: set[str], broken: set[str] = frozenset()) -> Question | None:
    if not isinstance(raw, dict):
        probs.add(f"question #{index}", f"must be a mapping, got {raw!r}")
        return None
    key = raw.get("key")
    number = raw.get("number")
    where = (f"question '{key}'" if isinstance(key, str) else f"question #{index}")
    if isinstance(number, str):
        where += f" (Vraag {number})" if number[:1].isdigit() else f" ({number})"
    n_before = len(probs.items)

    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        hint = difflib.get_close_matches(str(qtype), QUESTION_TYPES, n=1)
        probs.add(where, f"unknown type {qtype!r}"
                  + (f" (did you mean {hint[0]!r}?)" if hint else "")
                  + f"; expected one of {', '.join(QUESTION_TYPES)}")
        _unknown_keys(raw, _ALL_QUESTION_KEYS, where, probs)
        return None
    allowed = _COMMON_KEYS + _TYPE_KEYS[qtype]
    if qtype == "contact":
        allowed = tuple(k for k in allowed if k != "comment")
    for k in raw:
        if k not in allowed and k in _ALL_QUESTION_KEYS:
            probs.add(where, f"key {k!r} does not apply to a {qtype} question "
                             f"(allowed: {', '.join(allowed)})")
    _unknown_keys(raw, [k for k in _ALL_QUESTION_KEYS], where, probs)

    if not isinstance(key, str) or not _KEY_RE.match(key) or "__" in key:
        probs.add(where, f"'key' must be lower-case letters, digits and single underscores, "
                         f"starting with a letter; got {key!r}")
    if not _str(number):
        probs.add(where, f"'number' must be a non-empty string (quote it: number: \"13\"), "
                         f"got {number!r}")
    if not _str(raw.get("text")):
        probs.add(where, "'text' (the question wording) is required")
    for flag in ("comment", "required", "private"):
        if flag in raw and not isinstance(raw[flag], bool):
            probs.add(where, f"'{flag}' must be true or false, got {raw[flag]!r}")
    for s in ("routing_note", "short_label"):
        if s in raw and not _str(raw[s]):
            probs.add(where, f"'{s}' must be a non-empty string")

    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = ()
    text_opts: tuple[int, ...] = ()
    unit = None
    rng = None
    range_labels: dict[int, str] = {}
    fields: tuple[Field, ...] = ()

    if qtype in ("single", "multi", "matrix"):
        if "options" not in raw:
            probs.add(where, f"a {qtype} question needs 'options'")
        else:
            options = _parse_options(raw["options"], where, probs)
    if qtype == "matrix" or (qtype == "scale" and "items" in raw):
        if "items" not in raw:
            probs.add(where, "a matrix question needs 'items'")
        else:
            items = _parse_items(raw["items"], where, probs)
    if "text_field" in raw and qtype in ("single", "multi"):
        tf = raw["text_field"]
        if not isinstance(tf, dict) or "options" not in tf:
            probs.add(where, f"'text_field' must be {{options: [codes]}}, got {tf!r}")
        else:
            _unknown_keys(tf, ("options",), where, probs, " in text_field")
            codes = tf["options"]
            if not isinstance(codes, list) or not codes or not all(_is_int(c) for c in codes):
                probs.add(where, f"text_field options must be a list of codes, got {codes!r}")
            else:
                valid = {o.code for o in options}
                bad = [c for c in codes if c not in valid]
                if bad and options:
                    probs.add(where, f"text_field refers to non-existent option code(s) "
                                     f"{', '.join(map(str, bad))}")
                text_opts = tuple(codes)
    if qtype == "scale":
        if "range" not in raw:
            probs.add(where, "a scale question needs 'range: [min, max]'")
        else:
            rng = _parse_range(raw["range"], where, probs, nullable=False, integer=True)
        range_labels = _parse_range_labels(raw.get("range_labels"), rng, where, probs)
        if "item_asked_if" in raw and "items" not in raw:
            probs.add(where, "'item_asked_if' needs 'items'")
    if qtype == "nps":
        rng = (0, 10)
        if "range" in raw and raw["range"] != [0, 10]:
            probs.add(where, f"an nps question's range is [0, 10], got {raw['range']!r}")
        range_labels = _parse_range_labels(raw.get("range_labels"), rng, where, probs)
    if qtype == "numeric":
        unit = raw.get("unit")
        if unit not in NUMERIC_UNITS:
            probs.add(where, f"'unit' must be one of {', '.join(NUMERIC_UNITS)}, got {unit!r}")
        if "range" in raw:
            rng = _parse_range(raw["range"], where, probs, nullable=True,
                               integer=False)
    if qtype == "open":
        n = raw.get("fields", 1)
        if not _is_int(n) or n < 1:
            probs.add(where, f"an open question's 'fields' must be a whole number >= 1, got {n!r}")
            n = 1
        fields = tuple(Field(str(i)) for i in range(1, n + 1))
    if qtype == "contact":
        fr = raw.get("fields")
        if not isinstance(fr, list) or not fr:
            probs.add(where, "a contact question needs 'fields: [{code, label}, ...]'")
        else:
            seen: set[str] = set()
            fl: list[Field] = []
            for i, f in enumerate(fr, 1):
                if not isinstance(f, dict):
                    probs.add(where, f"field #{i} must be a mapping {{code, label}}")
                    continue
                _unknown_keys(f, ("code", "label", "options"), where, probs, f" in field #{i}")
                code = f.get("code")
                if not isinstance(code, str) or not THEME_CODE_RE.match(code) or "__" in code:
                    probs.add(where, f"field #{i}: code must be lower-case letters, digits and "
                                     f"underscores, got {code!r}")
                    continue
                if code in seen:
                    probs.add(where, f"duplicate field code {code!r}")
                    continue
                seen.add(code)
                fopts = (_parse_options(f["options"], where, probs, f"field {code} options")
                         if "options" in f else ())
                fl.append(Field(code, f.get("label") or "", fopts))
            fields = tuple(fl)
        if raw.get("private", True) is not True:
            probs.add(where, "a contact question is always private (private: true)")

    this_ctx = dict(raw)
    asked_if = None
    if "asked_if" in raw:
        asked_if = _parse_condition(raw["asked_if"], where, probs, earlier=earlier, later=later,
                                    this=this_ctx, allow_same=False, what="asked_if",
                                    broken=broken)
    item_asked_if = None
    if "item_asked_if" in raw and (qtype == "matrix" or "items" in raw):
        item_asked_if = _parse_condition(raw["item_asked_if"], where, probs, earlier=earlier,
                                         later=later, this=this_ctx, allow_same=True,
                                         what="item_asked_if", broken=broken)

    changes: dict[int, str] = {}
    raw_changes = raw.get("changes")
    if raw_changes is not None:
        if not isinstance(raw_changes, dict) or not all(
                _is_int(y) and isinstance(t, str) and t.strip() for y, t in raw_changes.items()):
            probs.add(where, "changes: must map survey years to a non-empty description "
                             f"(e.g. {{2025: \"gewijzigde antwoordcategorieën\"}}), got {raw_changes!r}")
        else:
            changes = {int(y): str(t).strip() for y, t in sorted(raw_changes.items())}

    if len(probs.items) > n_before:
        return None
    default_required = qtype not in ("open", "contact")
    return Question(
        key=key, number=number, text=raw["text"], type=qtype, options=options, items=items,
        text_field_options=text_opts, comment=bool(raw.get("comment", False)),
        asked_if=asked_if, item_asked_if=item_asked_if, routing_note=raw.get("routing_note"),
        required=bool(raw.get("required", default_required)),
        private=bool(raw.get("private", qtype == "contact")), unit=unit, range=rng,
        range_labels=range_labels, fields=fields, short_label=raw.get("short_label"),
        changes=changes,
    )


def _parse_derived(raw: Any, index: int, probs: _Problems, questions: dict[str, Question],
                   broken: set[str] = frozenset()) -> Derived | None:
    if not isinstance(raw, dict):
        probs.add(f"derived #{index}", f"must be a mapping, got {raw!r}")
        return None
    key = raw.get("key")
    where = f"derived '{key}'" if isinstance(key, str) else f"derived #{index}"
    n_before = len(probs.items)
    _unknown_keys(raw, _DERIVED_KEYS, where, probs)
    if not isinstance(key, str) or not _KEY_RE.match(key) or "__" in key:
        probs.add(where, f"'key' must be lower-case letters, digits and underscores, got {key!r}")
    if not _str(raw.get("label")):
        probs.add(where, "'label' is required")
    src = raw.get("from")
    srcq = questions.get(src) if isinstance(src, str) else None
    if srcq is None:
        if src not in broken:  # a broken question's own problems are reported already
            probs.add(where, f"'from' refers to unknown question {src!r}")
    elif srcq.type != "single":
        probs.add(where, f"'from' must be a single-choice question; '{src}' is {srcq.type}")
    options = _parse_options(raw.get("options"), where, probs)
    mp = raw.get("map")
    mapping: dict[int, int] = {}
    if not isinstance(mp, dict) or not mp:
        probs.add(where, f"'map' must be a mapping {{source code: derived code}}, got {mp!r}")
    else:
        own = {o.code for o in options}
        for k, v in mp.items():
            if not _is_int(k) or not _is_int(v):
                probs.add(where, f"map entry {k!r}: {v!r} must be whole-number codes")
                continue
            if srcq is not None and srcq.type == "single" and k not in srcq.codes:
                probs.add(where, f"map: '{src}' has no code {k}")
            if options and v not in own:
                probs.add(where, f"map: {k} -> {v}, but {v} is not one of its options")
            mapping[k] = v
    if len(probs.items) > n_before:
        return None
    return Derived(key=key, label=raw["label"], source=src, map=mapping, options=options)


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file; raises :class:`CodebookError` on any problem."""
    path = Path(path)
    probs = _Problems(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebookError(f"{path}: codebook file not found") from None
    except UnicodeDecodeError as e:
        raise CodebookError(f"{path}: codebook must be UTF-8 ({e})") from None
    try:
        data = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise CodebookError(f"{path}: not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: a codebook must be a YAML mapping (year, title, ...)")

    _unknown_keys(data, _TOP_KEYS, "", probs, " at top level")
    year = data.get("year")
    if not _is_int(year):
        probs.add("", f"'year' must be a whole number, got {year!r}")
    title = data.get("title")
    if not _str(title):
        probs.add("", "'title' is required")
    fieldwork = None
    fw = data.get("fieldwork")
    if fw is not None:
        if not isinstance(fw, dict):
            probs.add("", f"'fieldwork' must be {{start: date, end: date}}, got {fw!r}")
        else:
            _unknown_keys(fw, ("start", "end"), "", probs, " in fieldwork")
            dates = []
            for k in ("start", "end"):
                v = fw.get(k)
                if isinstance(v, str):
                    try:
                        v = _dt.date.fromisoformat(v)
                    except ValueError:
                        pass
                if not isinstance(v, _dt.date):
                    probs.add("", f"fieldwork {k} must be a date (YYYY-MM-DD), got {v!r}")
                dates.append(v)
            if all(isinstance(d, _dt.date) for d in dates):
                if dates[0] > dates[1]:
                    probs.add("", "fieldwork start is after its end")
                fieldwork = Fieldwork(dates[0], dates[1])
    population = data.get("population")
    if population is not None and (not _is_int(population) or population <= 0):
        probs.add("", f"'population' must be a positive whole number, got {population!r}")
    id_col = data.get("id_column")
    complete_col = data.get("complete_column")
    for name, v in (("id_column", id_col), ("complete_column", complete_col)):
        if not _str(v):
            probs.add("", f"'{name}' is required (a column name)")

    raw_qs = data.get("questions")
    questions: list[Question] = []
    if not isinstance(raw_qs, list) or not raw_qs:
        probs.add("", "'questions' must be a non-empty list")
        raw_qs = []
    all_keys = [q.get("key") for q in raw_qs if isinstance(q, dict)]
    earlier: dict[str, Question] = {}
    broken: set[str] = set()
    seen_keys: set[str] = set()
    for i, rq in enumerate(raw_qs, 1):
        key = rq.get("key") if isinstance(rq, dict) else None
        if isinstance(key, str) and key in seen_keys:
            probs.add(f"question '{key}'", f"duplicate key (question #{i})")
            continue
        if isinstance(key, str):
            seen_keys.add(key)
        later = {k for k in all_keys[i:] if isinstance(k, str)} - set(earlier)
        q = _parse_question(rq, i, probs, earlier, later, broken)
        if q is not None:
            earlier[q.key] = q
            questions.append(q)
        elif isinstance(key, str):
            broken.add(key)

    derived: list[Derived] = []
    raw_d = data.get("derived") or []
    if not isinstance(raw_d, list):
        probs.add("", "'derived' must be a list")
        raw_d = []
    by_key = {q.key: q for q in questions}
    for i, rd in enumerate(raw_d, 1):
        d = _parse_derived(rd, i, probs, by_key, broken)
        if d is None:
            continue
        if d.key in seen_keys or any(x.key == d.key for x in derived):
            probs.add(f"derived '{d.key}'", "duplicate key (already a question or derived "
                                            "variable)")
            continue
        derived.append(d)

    # Column names must be unique across the whole export.
    cols: dict[str, str] = {}
    for owner, cs in ([("meta", [c for c in (id_col, complete_col) if _str(c)])]
                      + [(q.key, q.columns()) for q in questions]
                      + [(d.key, [d.key]) for d in derived]):
        for c in cs:
            if c in cols:
                probs.add("", f"column {c!r} of {owner} clashes with a column of {cols[c]}")
            cols[c] = owner

    probs.raise_if_any()
    return Codebook(year=year, title=title, fieldwork=fieldwork, population=population,
                    id_column=id_col, complete_column=complete_col,
                    questions=tuple(questions), derived=tuple(derived), path=path)


def codebook_for_year(year: int, root: str | Path | None = None) -> Codebook:
    """Load the codebook of ``year`` named in ``config/report.yml`` (root: the repository root)."""
    path = load_config(Path(root) if root is not None else None).sources(year).codebook
    if not path.is_file():
        raise CodebookError(f"{path}: no codebook for {year}")
    cb = load_codebook(path)
    if cb.year != year:
        raise CodebookError(f"{path}: says year {cb.year}, expected {year}")
    return cb
