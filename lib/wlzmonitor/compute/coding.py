"""Coding open answers into themes: codeframes as data, counts, examples, hand corrections.

A *codeframe* (``data/codeframes/<year>.yml``, schema in that file's header) lists per open
question the themes with their keyword patterns. :func:`code_answers` gives every answer the
themes whose patterns match its (scrubbed) text, several per answer if need be; an answer
that matches none is coded :data:`UNCODED` ("Overig / niet gecodeerd").

The result is a long table, one row per (answer, theme)::

    question  answer_id        case_id     field  category_code  category        text  theme  label  source    evidence
    nps       V40-3f1c0a9b2e   3f1c0a9b2e         2              Neutralen (7–8)  ...   relatie_samenwerking ...

* ``answer_id`` identifies the answer for hand corrections: ``V<question number>-<hash>`` (plus
  ``-<field>`` when a question has more than one coded text field, e.g. the three speerpunten
  of Vraag 6). ``<hash>`` (``case_id``) is the first 10 hex digits of SHA-256 over the
  codeframe's ``answer_id_salt``, the question key and the respondent id: the same for every
  run on the same data, not the respondent id, and different for every question. No
  respondent id is kept.
* ``source`` is ``"patroon"`` (a pattern matched) or ``"correctie"`` (set by hand);
  ``evidence`` the text fragment that matched (accents removed), empty for hand-set themes.
* Rows are sorted by question (codeframe order), answer category, text, answer id, theme.

:func:`theme_summary` counts answers per theme (count, share of answers, organisations, base);
:func:`examples` picks a few example answers per theme, deterministically, never from a theme
or category given by fewer organisations than ``explanations_min_group``
(``config/privacy.yml``); :func:`coding_html` renders the Dutch HTML for a chapter.

Hand corrections: :func:`export_coding_workbook` writes an .xlsx (one sheet per question:
answer id, category, scrubbed text, one 0/1 column per theme, an "opmerking" column). The
analyst changes 0/1 cells and saves it as the codeframe's corrections file (default
``data/codeframes/corrections_<year>.xlsx``). :func:`read_corrections` reads it back and the
next :func:`code_answers` applies it: a hand-set 1 or 0 overrides the pattern result for that
answer and theme. Only cells that differ from the pattern result at export time count as
corrections (the workbook keeps that result on a hidden sheet), so improving the patterns later
still reaches every answer nobody corrected by hand. An empty cell means "no correction".

Run ``python -m wlzmonitor.compute.coding --year 2026`` for the uncoded share per question and
``--export <path.xlsx>`` to write the workbook.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import re
import sys
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd
import yaml

from wlzmonitor.spec.codebook import Codebook, Question, _StrictLoader, codebook_for_year
from wlzmonitor.compute.explanations import (
    NPS_BANDS,
    OPEN_CATEGORY,
    _rows_comment_column,
    _labels,
    _rows_text_column,
    _summary_label,
    _texts,
)

__all__ = [
    "UNCODED",
    "UNCODED_LABEL",
    "CodeframeError",
    "CorrectionsError",
    "CorrectionsWarning",
    "Theme",
    "QuestionFrame",
    "Codeframes",
    "Corrections",
    "codeframe_path",
    "load_codeframes",
    "fold",
    "code_answers",
    "theme_summary",
    "examples",
    "coding_html",
    "export_coding_workbook",
    "read_corrections",
    "uncoded_report",
]

#: Theme code and label of an answer that no theme covers.
UNCODED = "overig"
UNCODED_LABEL = "Overig / niet gecodeerd"

COLUMNS = ["question", "answer_id", "case_id", "field", "category_code", "category", "text",
           "theme", "label", "source", "evidence"]
SUMMARY_COLUMNS = ["theme", "label", "count", "share_of_answers", "organisations", "n"]

_SOURCE_PATTERN = "patroon"
_SOURCE_CORRECTION = "correctie"
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = ("year", "answer_id_salt", "corrections", "questions")
_QUESTION_KEYS = ("title", "columns", "by_category", "themes")
_THEME_KEYS = ("code", "label", "patterns", "categories")
_HASH_DIGITS = 10

# workbook layout
_SHEET_HELP = "Uitleg"
_SHEET_PATTERNS = "_patronen"
_COL_ID = "antwoord_id"
_COL_CATEGORY = "categorie"
_COL_TEXT = "tekst"
_COL_REMARK = "opmerking"
_FIXED_COLUMNS = (_COL_ID, _COL_CATEGORY, _COL_TEXT, _COL_REMARK)
_PLACEHOLDER_RE = re.compile(r"\[(?:e-mailadres|telefoonnummer|website|naam|organisatie|locatie)\]")


class _Shared(dict):
    """A dict stored in ``DataFrame.attrs`` that pandas does not deep-copy on every operation.

    pandas deep-copies ``attrs`` into every derived frame (each filter, each column); the
    per-answer pattern results would make that the bulk of the run time. The contents are
    never modified after :func:`code_answers`, so sharing them is safe.
    """

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self


class CodeframeError(ValueError):
    """A codeframe file that cannot be used; the message names file, question and theme."""


class CorrectionsError(ValueError):
    """A corrections workbook that cannot be applied; the message names file, sheet, row/column."""


class CorrectionsWarning(UserWarning):
    """A correction whose answer text differs from the text in the data now."""


# --------------------------------------------------------------------------------------------
# the codeframe
# --------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """``text`` without accents (NFKD, combining marks removed): 'cliënt' -> 'client'.

    Patterns and answers are both folded, so a pattern matches with or without diacritics.
    Case is handled by the regex flag (no case folding here: it would turn ``\\W`` into ``\\w``).
    """
    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(c for c in nfkd if not unicodedata.combining(c))


@dataclass(frozen=True)
class Theme:
    """One theme of a question: its code, Dutch label, patterns and (optional) categories."""

    code: str
    label: str
    patterns: tuple[str, ...]
    categories: tuple[int, ...] | None = None
    regex: re.Pattern = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def applies_to(self, category_code: int | None) -> bool:
        return self.categories is None or (category_code is not None and category_code in self.categories)

    def match(self, folded_text: str) -> str | None:
        """The fragment of ``folded_text`` the first matching pattern found, or None."""
        m = self.regex.search(folded_text)
        return m.group(0) if m else None


@dataclass(frozen=True)
class QuestionFrame:
    """The codeframe of one question."""

    key: str
    number: str
    title: str
    columns: tuple[str, ...]
    by_category: bool
    themes: tuple[Theme, ...]
    noun: str = "antwoord"  # "antwoord" (open question) or "toelichting"

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.themes]

    def theme(self, code: str) -> Theme:
        for t in self.themes:
            if t.code == code:
                return t
        raise KeyError(f"{self.key}: no theme {code!r}; themes: {', '.join(self.codes)}")


@dataclass(frozen=True)
class Codeframes:
    """All codeframes of one survey year (the contents of ``data/codeframes/<year>.yml``)."""

    path: Path
    year: int | None
    salt: str
    corrections_path: Path | None
    questions: dict[str, QuestionFrame]

    def __getitem__(self, key: str) -> QuestionFrame:
        try:
            return self.questions[key]
        except KeyError:
            raise KeyError(f"{self.path}: no codeframe for question {key!r}; "
                           f"coded questions: {', '.join(self.questions)}") from None

    def __iter__(self):
        return iter(self.questions.values())

    def __len__(self) -> int:
        return len(self.questions)

    def keys(self) -> list[str]:
        return list(self.questions)


def codeframe_path(year: int, root: str | Path | None = None) -> Path:
    """``<root>/data/codeframes/<year>.yml`` (root: the repository root)."""
    from wlzmonitor.spec.paths import repo_root

    base = Path(root) if root else repo_root()
    return base / "data" / "codeframes" / f"{year}.yml"


def _text_columns(q: Question) -> list[str]:
    """The text columns of ``q`` that can be coded, in questionnaire order."""
    if q.type == "open":
        return list(q.field_columns().values())
    return [c for c in (q.text_column, q.comment_column) if c]


def _category_codes(q: Question) -> set[int]:
    if q.type == "nps":
        return set(NPS_BANDS)
    return {o.code for o in q.options}


def _question_number_prefix(q: Question) -> str:
    return f"V{q.number}" if q.number[:1].isdigit() else q.number


def _compile_theme(raw: Any, where: str, q: Question, index: int) -> Theme:
    if not isinstance(raw, Mapping):
        raise CodeframeError(f"{where}, theme {index + 1}: expected a mapping with code, label and patterns")
    code = raw.get("code")
    tag = f"{where}, theme {code!r}" if isinstance(code, str) else f"{where}, theme {index + 1}"
    unknown = sorted(set(raw) - set(_THEME_KEYS))
    if unknown:
        raise CodeframeError(f"{tag}: unknown key(s) {', '.join(map(str, unknown))}; "
                             f"allowed: {', '.join(_THEME_KEYS)}")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise CodeframeError(f"{tag}: 'code' must be lowercase letters, digits and _ "
                             f"(starting with a letter), got {code!r}")
    if code == UNCODED:
        raise CodeframeError(f"{tag}: the code {UNCODED!r} is reserved for uncoded answers")
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        raise CodeframeError(f"{tag}: 'label' must be a non-empty text")
    patterns = raw.get("patterns")
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list) or not patterns:
        raise CodeframeError(f"{tag}: 'patterns' must be a non-empty list")
    parts = []
    for p in patterns:
        if not isinstance(p, str) or not p.strip():
            raise CodeframeError(f"{tag}: every pattern must be a non-empty text, got {p!r}")
        try:
            compiled = re.compile(rf"(?<!\w)(?:{fold(p)})(?!\w)", re.IGNORECASE)
        except re.error as err:
            raise CodeframeError(f"{tag}: pattern {p!r} is not a valid regular expression: {err}") from None
        if compiled.search("") is not None or compiled.search(" ") is not None:
            raise CodeframeError(f"{tag}: pattern {p!r} matches an empty text and so every answer")
        parts.append(f"(?:{fold(p)})")
    categories = raw.get("categories")
    if categories is not None:
        if q.type == "open":
            raise CodeframeError(f"{tag}: 'categories' needs answer categories; "
                                 f"{q.key} is an open question")
        if not isinstance(categories, list) or not categories or not all(
                isinstance(c, int) and not isinstance(c, bool) for c in categories):
            raise CodeframeError(f"{tag}: 'categories' must be a non-empty list of option codes")
        known = _category_codes(q)
        bad = [c for c in categories if c not in known]
        if bad:
            raise CodeframeError(f"{tag}: categories {bad} are not answer codes of {q.key} "
                                 f"(codes: {sorted(known)})")
        categories = tuple(categories)
    regex = re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)
    return Theme(code=code, label=label.strip(), patterns=tuple(patterns), categories=categories, regex=regex)


def load_codeframes(path: str | Path, codebook: Codebook | None = None) -> Codeframes:
    """Read and check a codeframe file; see the header of ``data/codeframes/2026.yml``.

    ``codebook`` None = the codebook of the file's ``year``. Raises :class:`CodeframeError`
    naming the file, question and theme on: invalid YAML or a repeated key, unknown keys,
    an unknown or private question, a column that is not a text column of the question, a
    bad or duplicate theme code, a duplicate label, an invalid regular expression, a pattern
    that matches the empty text, and categories that are not answer codes.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"codeframe file {path} does not exist "
                                f"(one per survey year: data/codeframes/<year>.yml)")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as err:
        raise CodeframeError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(data, Mapping):
        raise CodeframeError(f"{path}: expected a mapping with 'questions'")
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise CodeframeError(f"{path}: unknown key(s) {', '.join(map(str, unknown))}; "
                             f"allowed: {', '.join(_TOP_KEYS)}")
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise CodeframeError(f"{path}: 'year' must be a year number, got {year!r}")
    if codebook is None:
        if year is None:
            raise CodeframeError(f"{path}: no 'year' and no codebook given; cannot check the questions")
        codebook = codebook_for_year(year)
    elif year is not None and codebook.year != year:
        raise CodeframeError(f"{path}: codeframe for {year}, codebook for {codebook.year}")
    salt = data.get("answer_id_salt", "")
    if not isinstance(salt, str):
        raise CodeframeError(f"{path}: 'answer_id_salt' must be a text")
    corrections = data.get("corrections")
    if corrections is not None and not isinstance(corrections, str):
        raise CodeframeError(f"{path}: 'corrections' must be a file name")
    if corrections:
        corrections_path: Path | None = (path.parent / corrections)
    else:
        corrections_path = path.parent / f"corrections_{year}.xlsx" if year is not None else None

    raw_questions = data.get("questions")
    if not isinstance(raw_questions, Mapping) or not raw_questions:
        raise CodeframeError(f"{path}: 'questions' must be a non-empty mapping of question keys")
    questions: dict[str, QuestionFrame] = {}
    for key, raw in raw_questions.items():
        where = f"{path}, question {key!r}"
        if key not in codebook:
            coded = [q.key for q in codebook.questions if _text_columns(q) and not q.private]
            raise CodeframeError(f"{where}: unknown question (not in the {codebook.year} codebook); "
                                 f"questions with text: {', '.join(coded)}")
        try:
            q = codebook.question(key)
        except KeyError:
            raise CodeframeError(f"{where}: {key!r} is a derived variable, not a question") from None
        if q.private:
            raise CodeframeError(f"{where}: {q.label} is private (contact details) and is never coded")
        available = _text_columns(q)
        if not available:
            raise CodeframeError(f"{where}: {q.label} ({q.type}) has no text field to code")
        if not isinstance(raw, Mapping):
            raise CodeframeError(f"{where}: expected a mapping with 'themes'")
        unknown = sorted(set(raw) - set(_QUESTION_KEYS))
        if unknown:
            raise CodeframeError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}; "
                                 f"allowed: {', '.join(_QUESTION_KEYS)}")
        columns = raw.get("columns", available)
        if isinstance(columns, str):
            columns = [columns]
        if not isinstance(columns, list) or not columns:
            raise CodeframeError(f"{where}: 'columns' must be a non-empty list of column names")
        for c in columns:
            if c not in available:
                raise CodeframeError(f"{where}: column {c!r} is not a text column of {q.label}; "
                                     f"text columns: {', '.join(available)}")
        if len(set(columns)) != len(columns):
            raise CodeframeError(f"{where}: a column is listed twice in 'columns'")
        by_category = raw.get("by_category", False)
        if not isinstance(by_category, bool):
            raise CodeframeError(f"{where}: 'by_category' must be true or false")
        if by_category and q.type == "open":
            raise CodeframeError(f"{where}: 'by_category' needs answer categories; {key} is an open question")
        raw_themes = raw.get("themes")
        if not isinstance(raw_themes, list) or not raw_themes:
            raise CodeframeError(f"{where}: 'themes' must be a non-empty list")
        themes: list[Theme] = []
        for i, rt in enumerate(raw_themes):
            theme = _compile_theme(rt, where, q, i)
            for other in themes:
                if other.code == theme.code:
                    raise CodeframeError(f"{where}, theme {theme.code!r}: duplicate theme code "
                                         f"(themes {themes.index(other) + 1} and {i + 1})")
                if other.label.casefold() == theme.label.casefold():
                    raise CodeframeError(f"{where}, theme {theme.code!r}: same label as theme "
                                         f"{other.code!r}: {theme.label!r}")
            themes.append(theme)
        title = raw.get("title") or f"{q.number_label}"
        if not isinstance(title, str):
            raise CodeframeError(f"{where}: 'title' must be a text")
        questions[key] = QuestionFrame(
            key=key, number=q.number, title=title, columns=tuple(columns), by_category=by_category,
            themes=tuple(themes), noun="antwoord" if q.type == "open" else "toelichting",
        )
    return Codeframes(path=path, year=year if year is not None else codebook.year, salt=salt,
                      corrections_path=corrections_path, questions=questions)


# --------------------------------------------------------------------------------------------
# coding
# --------------------------------------------------------------------------------------------


def _responses(survey: Any) -> pd.DataFrame:
    return survey.responses if hasattr(survey, "responses") else survey


def _case_id(salt: str, key: str, respondent: Any) -> str:
    digest = hashlib.sha256(f"{salt}\x1f{key}\x1f{respondent}".encode("utf-8")).hexdigest()
    return digest[:_HASH_DIGITS]


def _raw_answers(q: Question, qf: QuestionFrame, df: pd.DataFrame, codebook: Codebook) -> list[tuple]:
    """``(order, category_code, category, respondent, field, text)`` for the coded columns.

    Categories as :func:`wlzmonitor.compute.explanations.explanations` gives them (same helpers)."""
    rows: list[tuple] = []
    labels = _labels(codebook, q.key) if q.options else {}
    fields = {col: code for code, col in q.field_columns().items()} if q.type == "open" else {}
    for col in qf.columns:
        if col not in df.columns:
            continue
        if q.type == "open":
            for rid, text in _texts(df[col]).items():
                rows.append(((0, 0), None, OPEN_CATEGORY, rid, str(fields[col]), text))
        elif col == q.text_column:
            for order, code, cat, rid, text in _rows_text_column(q, df, labels):
                rows.append((order, code, cat, rid, "tekst", text))
        elif col == q.comment_column:
            for order, code, cat, rid, text in _rows_comment_column(q, df, labels):
                rows.append((order, code, cat, rid, "toelichting", text))
    return rows


def _resolve_corrections(corrections: Any, frames: Codeframes) -> "Corrections | None":
    if corrections is False:
        return None
    if corrections is None:
        p = frames.corrections_path
        return read_corrections(p) if p is not None and p.is_file() else None
    if isinstance(corrections, Corrections):
        return corrections
    return read_corrections(corrections)


def code_answers(survey: Any, codebook: Codebook, frame: Codeframes, scrubber,
                 corrections: Any = None, *, questions: Sequence[str] | None = None) -> pd.DataFrame:
    """Code the open answers of the questions in ``frame``: one row per (answer, theme).

    Columns: see :data:`COLUMNS` and the module docstring. Every text is scrubbed with
    ``scrubber`` before it is matched or stored; answers empty after scrubbing are dropped.
    ``questions`` limits the coding to some of the frame's questions (codeframe order kept).

    ``corrections``: None = the codeframe's corrections file when it exists (default
    ``corrections_<year>.xlsx`` next to the codeframe file); False = patterns only; a path or a
    :class:`Corrections` from :func:`read_corrections`. A correction naming an answer id that is
    not in the data or a theme that the question does not have raises
    :class:`CorrectionsError`; a correction whose stored text differs from the answer's text
    now gives a :class:`CorrectionsWarning` (and is applied).

    ``frame.attrs``: ``questions`` (per question: title, number, noun, by_category, themes,
    categories), ``min_group`` (``explanations_min_group`` of the scrubber's settings),
    ``pattern_themes`` (per question and answer id the themes the patterns gave, for the
    workbook), ``remarks`` (the "opmerking" cells of the corrections) and ``corrections``
    (file and number of cells applied).
    """
    df = _responses(survey)
    keys = list(frame.keys()) if questions is None else [k for k in frame.keys() if k in set(questions)]
    if questions is not None:
        missing = [k for k in questions if k not in frame.questions]
        if missing:
            raise KeyError(f"{frame.path}: no codeframe for {', '.join(missing)}; "
                           f"coded questions: {', '.join(frame.keys())}")
    corr = _resolve_corrections(corrections, frame)
    by_answer: dict[tuple[str, str], dict[str, int]] = {}
    if corr is not None:
        by_answer = _check_corrections(corr, frame)

    settings = getattr(scrubber, "settings", None)
    min_group = int(getattr(settings, "explanations_min_group", 1) or 1)
    records: list[tuple] = []
    meta: dict[str, dict] = {}
    pattern_themes: dict[str, dict[str, list[str]]] = {}
    remarks: dict[str, dict[str, str]] = {}
    applied = 0
    mismatches: list[str] = []
    for key in keys:
        qf = frame[key]
        q = codebook.question(key)
        multi_field = len(qf.columns) > 1 or (q.type == "open" and len(q.field_columns()) > 1)
        prefix = _question_number_prefix(q)
        answers = []
        for order, code, category, rid, fld, text in _raw_answers(q, qf, df, codebook):
            clean = scrubber.scrub(text)
            if not isinstance(clean, str) or not clean.strip():
                continue
            case = _case_id(frame.salt, key, rid)
            aid = f"{prefix}-{case}" + (f"-{fld}" if multi_field else "")
            answers.append((order, code, category, case, fld, aid, " ".join(clean.split())))
        ids = [a[5] for a in answers]
        if len(set(ids)) != len(ids):
            raise CodeframeError(f"{frame.path}, question {key!r}: two answers got the same answer id; "
                                 f"change 'answer_id_salt'")
        known_ids = set(ids)
        for (qk, aid) in by_answer:
            if qk == key and aid not in known_ids:
                where = corr.where(key, aid)  # type: ignore[union-attr]
                raise CorrectionsError(f"{where}: answer id {aid!r} does not occur in the data of "
                                       f"{key} (the workbook belongs to other data; export it again)")
        answers.sort(key=lambda a: (a[0], a[2], a[6].casefold(), a[6], a[5]))
        order_of_theme = {t.code: i for i, t in enumerate(qf.themes)}
        pattern_themes[key] = {}
        for order, code, category, case, fld, aid, text in answers:
            folded = fold(text)
            matched = {t.code: t.match(folded) for t in qf.themes if t.applies_to(code)}
            matched = {c: ev for c, ev in matched.items() if ev is not None}
            pattern_themes[key][aid] = list(matched)
            final = dict(matched)
            hand = by_answer.get((key, aid), {})
            if hand and corr is not None:
                stored = corr.texts.get((key, aid))
                if stored is not None and stored.strip() and " ".join(stored.split()) != text:
                    mismatches.append(aid)
                    warnings.warn(
                        f"{corr.where(key, aid)}: the text of answer {aid} differs from the data "
                        f"now ({stored!r} vs {text!r}); the correction is applied",
                        CorrectionsWarning, stacklevel=2)
                for theme, value in hand.items():
                    applied += 1
                    if value:
                        final.setdefault(theme, None)
                    else:
                        final.pop(theme, None)
            themes = sorted(final, key=lambda c: order_of_theme[c])
            base = (key, aid, case, fld if multi_field else "", code, category, text)
            if not themes:
                records.append(base + (UNCODED, UNCODED_LABEL,
                                       _SOURCE_CORRECTION if hand else _SOURCE_PATTERN, ""))
            for c in themes:
                by_hand = c in hand and (hand[c] == 1) and c not in matched
                records.append(base + (c, qf.theme(c).label,
                                       _SOURCE_CORRECTION if by_hand else _SOURCE_PATTERN,
                                       final[c] or ""))
        if corr is not None:
            remarks[key] = {aid: r for (qk, aid), r in corr.remarks.items() if qk == key and aid in known_ids}
        categories: list[tuple[Any, str]] = []
        for order, code, category, *_ in answers:
            if (code, category) not in categories:
                categories.append((code, category))
        meta[key] = {
            "title": qf.title,
            "number": q.number,
            "noun": qf.noun,
            "by_category": qf.by_category,
            "themes": [(t.code, t.label, list(t.categories) if t.categories else None) for t in qf.themes],
            "categories": [(None if c is None else int(c), str(lab)) for c, lab in categories],
        }

    out = pd.DataFrame.from_records(records, columns=COLUMNS)
    out["category_code"] = pd.array([None if pd.isna(v) else int(v) for v in out["category_code"]],
                                    dtype="Int64")
    out.attrs["questions"] = _Shared(meta)
    out.attrs["min_group"] = min_group
    out.attrs["pattern_themes"] = _Shared(pattern_themes)
    out.attrs["remarks"] = _Shared(remarks)
    out.attrs["corrections"] = _Shared({"path": str(corr.path) if corr is not None else "",
                                        "cells": applied, "text_mismatches": mismatches})
    return out


# --------------------------------------------------------------------------------------------
# summaries and examples
# --------------------------------------------------------------------------------------------


def _one_question(coded: pd.DataFrame, question: str | None) -> str:
    present = list(dict.fromkeys(coded["question"].tolist())) or list(coded.attrs.get("questions", {}))
    if question is None:
        if len(present) != 1:
            raise ValueError(f"the coded answers hold {len(present)} questions ({', '.join(present)}); "
                             f"name one with question=")
        return present[0]
    known = set(present) | set(coded.attrs.get("questions", {}))
    if question not in known:
        raise KeyError(f"no coded answers for {question!r}; questions: {', '.join(present)}")
    return question


def _meta(coded: pd.DataFrame, question: str) -> dict:
    meta = (coded.attrs.get("questions") or {}).get(question)
    if meta:
        return meta
    sub = coded[coded["question"] == question]
    themes = [(c, lab, None) for c, lab in dict.fromkeys(zip(sub["theme"], sub["label"])) if c != UNCODED]
    cats = list(dict.fromkeys(zip(sub["category_code"], sub["category"])))
    return {"title": question, "number": "", "noun": "antwoord", "by_category": False,
            "themes": themes, "categories": cats}


def _counts(rows: pd.DataFrame, themes: list[tuple], n: int, category_code: Any = None,
            restrict: bool = False) -> list[dict]:
    out = []
    for code, label, cats in [*themes, (UNCODED, UNCODED_LABEL, None)]:
        hit = rows[rows["theme"] == code]
        count = int(hit["answer_id"].nunique())
        if restrict and cats is not None and category_code not in cats and count == 0:
            continue
        out.append({
            "theme": code,
            "label": label,
            "count": count,
            "share_of_answers": (100.0 * count / n) if n else float("nan"),
            "organisations": int(hit["case_id"].nunique()),
            "n": n,
        })
    return out


def theme_summary(coded: pd.DataFrame, question: str | None = None, *,
                  by_category: bool = False) -> pd.DataFrame:
    """Answers per theme: ``theme, label, count, share_of_answers, organisations, n``.

    ``count``: answers with the theme; ``share_of_answers``: percent (0–100) of the ``n``
    answers of the question (the base, equal on every row); ``organisations``: distinct
    organisations among them. One row per theme in codeframe order (zero counts included),
    the last row :data:`UNCODED` ("Overig / niet gecodeerd": answers without any theme). As an
    answer can have several themes, the shares add up to 100% or more.

    ``by_category``: one block per answer category (column ``category`` first, ``n`` the
    category's base); themes limited to other categories are left out of a block unless
    corrections put answers there. ``attrs``: ``question``, ``n``, ``uncoded_share``.
    """
    q = _one_question(coded, question)
    meta = _meta(coded, q)
    sub = coded[coded["question"] == q]
    n_all = int(sub["answer_id"].nunique())
    if by_category:
        parts = []
        for code, label in meta["categories"]:
            if code is None:
                rows = sub[sub["category_code"].isna() & (sub["category"] == label)]
            else:
                rows = sub[sub["category_code"].eq(code).fillna(False).to_numpy(dtype=bool)]
            n = int(rows["answer_id"].nunique())
            for r in _counts(rows, meta["themes"], n, code, restrict=True):
                parts.append({"category": label, **r})
        table = pd.DataFrame(parts, columns=["category", *SUMMARY_COLUMNS])
    else:
        table = pd.DataFrame(_counts(sub, meta["themes"], n_all), columns=SUMMARY_COLUMNS)
    uncoded = int(sub.loc[sub["theme"] == UNCODED, "answer_id"].nunique())
    table.attrs["question"] = q
    table.attrs["n"] = n_all
    table.attrs["uncoded_share"] = (100.0 * uncoded / n_all) if n_all else float("nan")
    return table


def _has_personal_data(text: str) -> bool:
    from wlzmonitor.inputs.privacy import PrivacySettings, find_personal_data

    return bool(find_personal_data(text, settings=PrivacySettings(), name_parts_too=False))


def examples(coded: pd.DataFrame, theme: str, k: int = 3, *, question: str | None = None,
             category: str | None = None, min_group: int | None = None) -> list[str]:
    """Up to ``k`` example answers (scrubbed texts) of ``theme``, chosen deterministically.

    Empty when the theme (within ``category``, an answer-category label, if given) was given
    by fewer than ``min_group`` organisations (default ``coded.attrs["min_group"]``, i.e.
    ``explanations_min_group`` of ``config/privacy.yml``). Preference: texts without a
    privacy placeholder, answers with this theme only (clear examples), texts given most
    often; ties broken by a hash of the text (stable, not alphabetical). Texts in which
    :func:`wlzmonitor.inputs.privacy.find_personal_data` still finds an e-mail address or phone
    number are never returned.
    """
    q = _one_question(coded, question)
    if min_group is None:
        min_group = int(coded.attrs.get("min_group", 1) or 1)
    sub = coded[coded["question"] == q]
    if category is not None:
        sub = sub[sub["category"] == category]
    rows = sub[sub["theme"] == theme]
    if rows.empty or rows["case_id"].nunique() < min_group:
        return []
    themes_per_answer = sub.groupby("answer_id")["theme"].nunique()
    stats: dict[str, list] = {}
    for r in rows.itertuples(index=False):
        s = stats.setdefault(r.text, [0, 99])
        s[0] += 1
        s[1] = min(s[1], int(themes_per_answer[r.answer_id]))
    ranked = sorted(
        stats,
        key=lambda t: (bool(_PLACEHOLDER_RE.search(t)), stats[t][1] > 1, -stats[t][0],
                       hashlib.sha256(t.encode("utf-8")).hexdigest()),
    )
    out = []
    for t in ranked:
        if len(out) >= k:
            break
        if not _has_personal_data(t):
            out.append(t)
    return out


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_NOUNS = {"antwoord": ("antwoord", "antwoorden"), "toelichting": ("toelichting", "toelichtingen")}


def _count_word(n: int, noun: str) -> str:
    singular, plural = _NOUNS.get(noun, (noun, noun + "en"))
    return f"{n} {singular if n == 1 else plural}"


def _pct(x: float) -> str:
    from wlzmonitor.compute.tables import format_percent

    return format_percent(x)


def _table_html(table: pd.DataFrame, caption: str) -> str:
    rows = []
    for r in table.itertuples(index=False):
        cls = ' class="codering-overig"' if r.theme == UNCODED else ""
        rows.append(f'<tr{cls}><th scope="row">{html.escape(r.label)}</th>'
                    f"<td>{r.count}</td><td>{_pct(r.share_of_answers)}</td></tr>")
    return ('<table class="codering-tabel">\n'
            f"<caption>{html.escape(caption)}</caption>\n"
            '<thead><tr><th>Thema</th><th>Aantal</th><th>Aandeel</th></tr></thead>\n'
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


def _details_html(coded: pd.DataFrame, table: pd.DataFrame, question: str, noun: str,
                  min_group: int, k: int, category: str | None) -> list[str]:
    parts = []
    for r in table.itertuples(index=False):
        if r.count == 0:
            continue
        summary = f"{html.escape(r.label)} ({_count_word(int(r.count), noun)})"
        if r.organisations < min_group:
            parts.append(f"<details><summary>{summary}</summary>\n<p class=\"codering-weggelaten\">"
                         f"Geen voorbeelden: genoemd door minder dan {min_group} organisaties.</p>\n"
                         f"</details>")
            continue
        texts = examples(coded, r.theme, k, question=question, category=category, min_group=min_group)
        if not texts:
            continue
        items = "\n".join(f"<li>{html.escape(t)}</li>" for t in texts)
        parts.append(f"<details><summary>{summary}</summary>\n<ul>\n{items}\n</ul>\n</details>")
    return parts


def coding_html(coded: pd.DataFrame, question: str | None = None, *, title: str | None = None,
                k: int = 3, by_category: bool | None = None, min_group: int | None = None) -> str:
    """Dutch HTML of the themes of one question: table, uncoded share, examples per theme.

    A table *thema, aantal, aandeel* with the caption ``n=… antwoorden`` (or *toelichtingen*),
    a note with the uncoded share, and per theme a ``<details>`` with up to ``k`` example
    answers (:func:`examples`). ``by_category`` (default: the codeframe's ``by_category``) gives
    one such block per answer category; a category given by fewer than ``min_group``
    organisations shows only its number of answers. Texts are HTML-escaped; no external
    resources, ids or timestamps (same input, same bytes). ``title`` None = the codeframe's
    title; "" = no heading.
    """
    q = _one_question(coded, question)
    meta = _meta(coded, q)
    noun = meta.get("noun", "antwoord")
    if by_category is None:
        by_category = bool(meta.get("by_category"))
    if min_group is None:
        min_group = int(coded.attrs.get("min_group", 1) or 1)
    heading = meta.get("title") if title is None else title
    overall = theme_summary(coded, q)
    n = int(overall.attrs["n"])
    parts = ['<div class="codering">']
    if heading:
        parts.append(f'<h4 class="codering-titel">{html.escape(heading)}</h4>')
    if n == 0:
        parts.append(f"<p>Geen {_NOUNS.get(noun, (noun, noun + 'en'))[1]}.</p>\n</div>")
        return "\n".join(parts)
    uncoded = int(overall.loc[overall["theme"] == UNCODED, "count"].iloc[0])
    note = (f'<p class="table-note">Aandeel: percentage van de {_count_word(n, noun)}; een '
            f"{noun} kan bij meer thema's horen, de aandelen tellen dan op tot meer dan 100%. "
            f"Niet gecodeerd: {_pct(overall.attrs['uncoded_share'])} ({uncoded} van {n}).</p>")
    if not by_category:
        organisations = int(coded.loc[coded["question"] == q, "case_id"].nunique())
        caption = f"n={_count_word(n, noun)}"
        if organisations != n:
            caption += f" van {organisations} organisaties"
        parts.append(_table_html(overall, caption))
        parts.append(note)
        parts.extend(_details_html(coded, overall, q, noun, min_group, k, None))
    else:
        parts.append(note)
        per = theme_summary(coded, q, by_category=True)
        sub = coded[coded["question"] == q]
        for _, label in meta["categories"]:
            block = per[per["category"] == label].drop(columns="category")
            n_cat = int(block["n"].iloc[0]) if len(block) else 0
            orgs = sub.loc[sub["category"] == label, "case_id"].nunique()
            shown = html.escape(_summary_label(str(label)))
            if orgs < min_group:
                parts.append(f'<p class="codering-weggelaten">{shown} ({_count_word(n_cat, noun)}): '
                             f"niet naar thema getoond, want gegeven door minder dan {min_group} "
                             f"organisaties.</p>")
                continue
            parts.append(f'<section class="codering-categorie">\n<h5>{shown}</h5>')
            parts.append(_table_html(block, f"{_summary_label(str(label))} (n={_count_word(n_cat, noun)})"))
            parts.extend(_details_html(coded, block, q, noun, min_group, k, label))
            parts.append("</section>")
    parts.append("</div>")
    return "\n".join(parts)


def uncoded_report(coded: pd.DataFrame) -> pd.DataFrame:
    """Per question: ``question, n, uncoded, uncoded_share`` (percent), in codeframe order."""
    rows = []
    for q in coded.attrs.get("questions") or dict.fromkeys(coded["question"]):
        s = theme_summary(coded, q)
        rows.append({"question": q, "n": s.attrs["n"],
                     "uncoded": int(s.loc[s["theme"] == UNCODED, "count"].iloc[0]),
                     "uncoded_share": s.attrs["uncoded_share"]})
    return pd.DataFrame(rows, columns=["question", "n", "uncoded", "uncoded_share"])


# --------------------------------------------------------------------------------------------
# hand corrections: workbook out, corrections in
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corrections:
    """Hand corrections read from a workbook.

    ``cells``: DataFrame ``question, answer_id, theme, value, row, column`` (``value`` 0/1,
    ``row``/``column`` the Excel cell, for messages); ``texts`` and ``remarks``:
    ``(question, answer_id) -> text`` as in the workbook.
    """

    path: Path
    cells: pd.DataFrame
    texts: dict[tuple[str, str], str]
    remarks: dict[tuple[str, str], str]
    rows: dict[tuple[str, str], int] = field(default_factory=dict)
    theme_columns: dict[str, dict[str, str]] = field(default_factory=dict)

    def where(self, question: str, answer_id: str) -> str:
        row = self.rows.get((question, answer_id))
        return f"{self.path}, sheet {question!r}" + (f", row {row}" if row else "")

    def __len__(self) -> int:
        return len(self.cells)


def _check_corrections(corr: Corrections, frame: Codeframes) -> dict[tuple[str, str], dict[str, int]]:
    """Check sheets and theme columns against the codeframe; (question, id) -> {theme: 0/1}."""
    for question, columns in corr.theme_columns.items():
        if question not in frame.questions:
            raise CorrectionsError(f"{corr.path}, sheet {question!r}: not a coded question; "
                                   f"coded questions: {', '.join(frame.keys())}")
        codes = frame[question].codes
        for theme, letter in columns.items():
            if theme not in codes:
                raise CorrectionsError(f"{corr.path}, sheet {question!r}, column {letter} ({theme!r}): "
                                       f"unknown theme of {question}; themes: {', '.join(codes)}")
    out: dict[tuple[str, str], dict[str, int]] = {}
    for r in corr.cells.itertuples(index=False):
        out.setdefault((r.question, r.answer_id), {})[r.theme] = int(r.value)
    return out


def _sheet_title(key: str) -> str:
    return key[:31]


def export_coding_workbook(coded: pd.DataFrame, path: str | Path) -> Path:
    """Write the coded answers to ``path`` (.xlsx) for correction by hand; returns the path.

    Sheets: "Uitleg" (how to correct, the themes of every question), then one sheet per
    question named by its key: ``antwoord_id, categorie, tekst, <theme code>..., opmerking``
    with the current coding (patterns plus earlier corrections) as 0/1 and the remarks of
    earlier corrections. A hidden sheet keeps the pattern result, so that
    :func:`read_corrections` can tell a hand correction from an untouched cell. The bytes
    are deterministic (fixed workbook and zip timestamps).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from wlzmonitor.present.table_files import _normalise_zip

    path = Path(path)
    meta_all = coded.attrs.get("questions") or {}
    pattern_all = coded.attrs.get("pattern_themes") or {}
    remarks_all = coded.attrs.get("remarks") or {}
    questions = list(meta_all) or list(dict.fromkeys(coded["question"]))
    bold = Font(bold=True)

    wb = Workbook()
    info = wb.active
    info.title = _SHEET_HELP
    lines = [
        "Codering van open antwoorden: handmatige correcties",
        "",
        "Elk tabblad is één vraag. Een 1 in een themakolom betekent: het antwoord hoort bij dat thema; 0: niet.",
        "Zet een 0 op 1 of een 1 op 0 om de codering te corrigeren. Laat de kolommen antwoord_id en de "
        "kolomkoppen ongewijzigd; een lege cel betekent 'geen correctie'.",
        "Een antwoord met alleen nullen telt als 'Overig / niet gecodeerd'. Kolom 'opmerking' is vrij.",
        "Sla het bestand op als het correctiebestand van de codeframe (standaard "
        "data/codeframes/corrections_<jaar>.xlsx); de volgende run past de correcties toe.",
        "Alleen cellen die afwijken van de automatische codering tellen als correctie; verbeteringen van "
        "de patronen blijven zo gelden voor alle niet-gecorrigeerde antwoorden.",
        "",
    ]
    for line in lines:
        info.append([line])
    info["A1"].font = bold
    info.append(["vraag", "thema", "label", "alleen bij categorie"])
    for cell in info[info.max_row]:
        cell.font = bold
    for q in questions:
        meta = meta_all.get(q) or _meta(coded, q)
        for code, label, cats in meta["themes"]:
            info.append([q, code, label, ", ".join(str(c) for c in cats) if cats else None])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 30
    info.column_dimensions["C"].width = 80

    hidden_rows: list[list[Any]] = []
    for q in questions:
        meta = meta_all.get(q) or _meta(coded, q)
        codes = [c for c, _, _ in meta["themes"]]
        sub = coded[coded["question"] == q]
        ws = wb.create_sheet(_sheet_title(q))
        header = [_COL_ID, _COL_CATEGORY, _COL_TEXT, *codes, _COL_REMARK]
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        answers = sub.drop_duplicates("answer_id")
        themes_of = sub.groupby("answer_id", sort=False)["theme"].apply(set).to_dict()
        pattern = pattern_all.get(q, {})
        remarks = remarks_all.get(q, {})
        for a in answers.itertuples(index=False):
            have = themes_of.get(a.answer_id, set())
            ws.append([a.answer_id, a.category, a.text, *(1 if c in have else 0 for c in codes),
                       remarks.get(a.answer_id) or None])
            auto = set(pattern.get(a.answer_id, ()))
            for c in codes:
                hidden_rows.append([q, a.answer_id, c, 1 if c in auto else 0])
        ws.freeze_panes = "D2"
        ws.column_dimensions["A"].width = 20
        ws.column_dimensions["B"].width = 22
        ws.column_dimensions["C"].width = 70
        for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if codes and ws.max_row > 1:
            first, last = get_column_letter(4), get_column_letter(3 + len(codes))
            dv = DataValidation(type="list", formula1='"0,1"', allow_blank=True)
            dv.add(f"{first}2:{last}{ws.max_row}")
            ws.add_data_validation(dv)
        ws.column_dimensions[get_column_letter(len(header))].width = 30

    hidden = wb.create_sheet(_SHEET_PATTERNS)
    hidden.append(["vraag", _COL_ID, "thema", "patroon"])
    for r in hidden_rows:
        hidden.append(r)
    hidden.sheet_state = "hidden"

    fixed = pd.Timestamp("2000-01-01").to_pydatetime()
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "wlz-monitor"
    wb.properties.lastModifiedBy = "wlz-monitor"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_normalise_zip(buffer.getvalue()))
    return path


def _cell_value(value: Any, where: str) -> int | None:
    """0/1 of a workbook cell; None for an empty cell; CorrectionsError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return int(value)
    elif isinstance(value, str):
        s = value.strip()
        if s == "":
            return None
        if s in ("0", "1"):
            return int(s)
    raise CorrectionsError(f"{where}: {value!r} is not 0, 1 or empty")


def read_corrections(path: str | Path) -> Corrections:
    """Read a corrections workbook written by :func:`export_coding_workbook` and edited by hand.

    A cell counts as a correction when it holds 0 or 1 and differs from the pattern result
    stored at export (hidden sheet); without that sheet every filled theme cell counts. Raises
    :class:`CorrectionsError` naming file, sheet and cell on: a sheet without an
    ``antwoord_id`` column, an invalid theme column name, an empty or repeated answer id, a
    cell that is not 0, 1 or empty. Unknown answer ids and themes are found when
    :func:`code_answers` applies the corrections to the data.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"corrections workbook {path} does not exist")
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as err:  # openpyxl raises several types for a file that is no workbook
        raise CorrectionsError(f"{path}: not a readable .xlsx workbook ({err})") from None

    auto: dict[tuple[str, str, str], int] | None = None
    if _SHEET_PATTERNS in wb.sheetnames:
        auto = {}
        for i, row in enumerate(wb[_SHEET_PATTERNS].iter_rows(min_row=2, values_only=True), start=2):
            if not row or row[0] is None:
                continue
            q, aid, theme, value = (list(row) + [None] * 4)[:4]
            v = _cell_value(value, f"{path}, sheet {_SHEET_PATTERNS!r}, row {i}")
            auto[(str(q), str(aid), str(theme))] = v if v is not None else 0

    cells: list[dict] = []
    texts: dict[tuple[str, str], str] = {}
    remarks: dict[tuple[str, str], str] = {}
    rows_of: dict[tuple[str, str], int] = {}
    theme_columns: dict[str, dict[str, str]] = {}
    for ws in wb.worksheets:
        if ws.title in (_SHEET_HELP, _SHEET_PATTERNS):
            continue
        question = ws.title
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if not header or all(h is None for h in header):
            continue
        names = ["" if h is None else str(h).strip() for h in header]
        where_sheet = f"{path}, sheet {question!r}"
        if _COL_ID not in names:
            raise CorrectionsError(f"{where_sheet}: no column {_COL_ID!r} in the first row")
        seen_cols: set[str] = set()
        themes: dict[int, str] = {}
        for j, name in enumerate(names):
            letter = get_column_letter(j + 1)
            if name == "":
                continue
            if name in seen_cols:
                raise CorrectionsError(f"{where_sheet}, column {letter}: {name!r} appears twice")
            seen_cols.add(name)
            if name in _FIXED_COLUMNS:
                continue
            if not _CODE_RE.match(name) or name == UNCODED:
                raise CorrectionsError(f"{where_sheet}, column {letter}: {name!r} is not a theme code")
            themes[j] = name
        theme_columns[question] = {name: get_column_letter(j + 1) for j, name in themes.items()}
        col_id = names.index(_COL_ID)
        col_text = names.index(_COL_TEXT) if _COL_TEXT in names else None
        col_remark = names.index(_COL_REMARK) if _COL_REMARK in names else None
        for i, row in enumerate(rows, start=2):
            row = list(row) + [None] * (len(names) - len(row))
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue  # trailing empty rows
            aid = row[col_id]
            if aid is None or not str(aid).strip():
                raise CorrectionsError(f"{where_sheet}, row {i}: empty {_COL_ID}")
            aid = str(aid).strip()
            if (question, aid) in rows_of:
                raise CorrectionsError(f"{where_sheet}, row {i}: answer id {aid!r} also on row "
                                       f"{rows_of[(question, aid)]}")
            rows_of[(question, aid)] = i
            if col_text is not None and row[col_text] is not None:
                texts[(question, aid)] = str(row[col_text])
            if col_remark is not None and row[col_remark] is not None and str(row[col_remark]).strip():
                remarks[(question, aid)] = str(row[col_remark]).strip()
            for j, theme in themes.items():
                letter = get_column_letter(j + 1)
                value = _cell_value(row[j], f"{where_sheet}, cell {letter}{i} ({theme})")
                if value is None:
                    continue
                if auto is not None and auto.get((question, aid, theme)) == value:
                    continue  # untouched: the pattern result at export
                cells.append({"question": question, "answer_id": aid, "theme": theme, "value": value,
                              "row": i, "column": letter})
    frame = pd.DataFrame(cells, columns=["question", "answer_id", "theme", "value", "row", "column"])
    return Corrections(path=path, cells=frame, texts=texts, remarks=remarks, rows=rows_of,
                       theme_columns=theme_columns)


# --------------------------------------------------------------------------------------------
# command line: python -m wlzmonitor.compute.coding --year 2026 [--export path.xlsx]
# --------------------------------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wlzmonitor.compute.coding",
        description="Code the open answers of a survey year; print the uncoded share per question.")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--root", default="", help="repository root (default: this repository)")
    parser.add_argument("--export", default="", help="write the correction workbook to this .xlsx")
    parser.add_argument("--no-corrections", action="store_true", help="ignore the corrections file")
    parser.add_argument("--themes", action="store_true", help="print the counts per theme as well")
    args = parser.parse_args(list(argv) if argv is not None else None)

    from wlzmonitor.spec.config import load_config
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.inputs.privacy import Scrubber

    root = Path(args.root) if args.root else None
    config = load_config(root)
    sources = config.year(args.year)
    codebook = codebook_for_year(args.year, root)
    survey = load_survey(sources.export, codebook)
    scrubber = Scrubber.from_survey(survey, config_path=config.privacy_file)
    frames = load_codeframes(codeframe_path(args.year, root), codebook)
    coded = code_answers(survey, codebook, frames, scrubber,
                         corrections=False if args.no_corrections else None)
    report = uncoded_report(coded)
    applied = coded.attrs["corrections"]
    print(f"codeframe: {frames.path}")
    print(f"corrections: {applied['path'] or 'none'} ({applied['cells']} cells applied)")
    for r in report.itertuples(index=False):
        print(f"{r.question:32s} n={r.n:4d}  niet gecodeerd {r.uncoded:3d} ({r.uncoded_share:5.1f}%)")
        if args.themes:
            for t in theme_summary(coded, r.question).itertuples(index=False):
                print(f"    {t.label[:70]:70s} {t.count:4d} {t.share_of_answers:5.1f}%")
    if args.export:
        out = export_coding_workbook(coded, args.export)
        print(f"workbook: {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
