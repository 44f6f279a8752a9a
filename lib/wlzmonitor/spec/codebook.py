"""The survey codebook model: ``data/codebooks/<year>.yml`` (docs/data_contracts.md, section 1).

The codebook is the single description of a survey year's questionnaire: question keys,
wording, answer options, routing and derived variables. This module holds the model (the
classes below, routing evaluation, derived variables); reading the YAML file and validating it
strictly is :mod:`wlzmonitor.spec.codebook_parse` (``load_codebook``, ``codebook_for_year``):
a typo in a key, a duplicate code or routing that points at a question asked later raises
:class:`CodebookError` naming the file and the question.

It also knows the column layout of an export in canonical form (section 2):
:meth:`Question.columns` and :meth:`Codebook.columns`.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from wlzmonitor.spec.errors import InputError

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

#: Codes of items, fields and text options: lower case letters, digits and _ (may start with a digit).
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


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
    """One answer option: ``code`` (1..k in questionnaire order) and its Dutch ``label``.

    ``was``: survey year -> this option's code in that year's questionnaire (``None``: the option
    was not asked that year), where the label alone does not say it (reworded, renumbered);
    see :mod:`wlzmonitor.spec.option_match`. ``exclusive``: see below.
    """

    code: int
    label: str
    short_label: str | None = None
    was: dict[int, int | None] = field(default_factory=dict, hash=False, compare=False)
    #: a multi question's option that excludes the others ("Niet van toepassing", "Geen van deze"): ticked
    #: with another option, the loader warns (the answers are kept as given)
    exclusive: bool = field(default=False, hash=False, compare=False)

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
            for c in leaf.leaf_columns(item):
                if c not in cols:
                    cols.append(c)
        return cols

    def leaf_columns(self, item: str | None) -> list[str]:
        """The export columns a leaf condition reads (for `item` when it is "same")."""
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
        cols = self.leaf_columns(item)
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise KeyError(
                f"routing on {self.question!r} needs column(s) {', '.join(missing)} "
                "which the data do not have"
            )
        if self.multi_codes:
            chosen = {code: _numbers(df[f"{self.question}__{code}"]) == 1 for code in self.multi_codes}
            answered = np.logical_or.reduce(list(chosen.values()))
            hit = (np.logical_or.reduce([chosen[c] for c in self.codes]) if self.codes
                   else np.zeros(len(df), dtype=bool))
        else:
            vals = _numbers(df[cols[0]])
            answered = ~np.isnan(vals)
            hit = np.isin(vals, np.array(list(self.codes), dtype=float)) & answered
        res = hit if self.op == "in" else answered & ~hit
        # (named as before: a leaf on one column by that column)
        return pd.Series(res, index=df.index, dtype=bool, name=None if self.multi_codes else cols[0])

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
    ``required: true``. ``range`` is ``(min, max)`` (either may be None for numeric);
    ``plausible`` (numeric only) the narrower ``(min, max)`` a real organisation can answer.
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
    #: numeric: ``(min, max)`` an organisation can plausibly answer (either may be None),
    #: inside ``range``; a value outside is an error of the export (a phone number, a typo)
    plausible: tuple[float | None, float | None] | None = None
    short_label: str | None = None
    # survey year -> how the question asked that year differs from this one (Dutch, as the
    # report's captions say it: "gewijzigde antwoordcategorieën"); the stable key stays the same
    changes: dict[int, str] = field(default_factory=dict, hash=False)
    # earlier survey years whose group of respondents this routed question was asked of is the same as this
    # year's although a question it is routed on was reworded since (check-year warns otherwise: F6b)
    same_group: tuple[int, ...] = field(default=(), hash=False)
    # the answers are about survey year + year_offset (herschikking: -1, the year before); trend
    # tables print that year above each survey-year column
    year_offset: int = 0
    # False: the report shows no table or prose of this question on purpose (it is in the data and
    # the questionnaire appendix); check-year warns about any other question no chapter shows
    reported: bool = True

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
    """A validated codebook. Build it with ``load_codebook`` / ``codebook_for_year``
    (:mod:`wlzmonitor.spec.codebook_parse`)."""

    year: int
    title: str
    fieldwork: Fieldwork | None
    population: int | None
    id_column: str
    complete_column: str
    questions: tuple[Question, ...]
    derived: tuple[Derived, ...] = ()
    path: Path | None = field(default=None, compare=False)
    #: ``population_was: {2026: 360}``: the population checked to equal that year's (check-year)
    population_was: dict[int, int] = field(default_factory=dict, compare=False, hash=False)
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
    def derive(self, df: pd.DataFrame, *, copy: bool = True) -> pd.DataFrame:
        """A copy of ``df`` with every derived variable added (nullable Int64).

        Raises :class:`CodebookError` when the source holds a code the ``map`` lacks.
        ``copy=False``: the columns are added to ``df`` itself and it is returned (for a caller
        that made the frame for this: a copy of 100,000 rows costs a tenth of a second).
        """
        out = df.copy() if copy else df
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
            out[d.key] = _mapped(src, d.map)
        return out


def _mapped(src: pd.Series, mapping: dict) -> pd.Series:
    """``src.map(lambda v: mapping.get(v) if pd.notna(v) else pd.NA).astype("Int64")``, with
    each distinct value looked up once (a source holds a handful of codes)."""
    codes, uniques = pd.factorize(src.to_numpy(dtype=float))  # NaN: code -1
    values = np.array([mapping.get(v) for v in uniques.tolist()] + [pd.NA], dtype=object)
    return pd.Series(values[codes], index=src.index, name=src.name, dtype=object).astype("Int64")


def _fmt_code(v: Any) -> str:
    try:
        f = float(v)
        return str(int(f)) if f.is_integer() else str(f)
    except (TypeError, ValueError):
        return repr(v)


def _numbers(s: pd.Series) -> np.ndarray:
    """:func:`_as_number` of ``s`` as a float array (NaN where empty / not a number); a numeric
    column in one conversion."""
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=float, na_value=np.nan)
    return _as_number(s).to_numpy(dtype=float)


def _as_number(s: pd.Series) -> pd.Series:
    """A Series as float (NaN where empty / not a number)."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("float")
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s.astype("Float64").astype(float)
    return pd.to_numeric(s.astype("string").str.strip(), errors="coerce").astype(float)
