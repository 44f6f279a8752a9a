"""Codeframes (`data/codeframes/<year>.yml`): the themes of each open question, as data.

A codeframe lists per open question the themes with their keyword patterns (schema in the header
of `data/codeframes/2026.yml`). :func:`load_codeframes` reads and checks it strictly: a problem
raises :class:`CodeframeError` naming the file, question and theme. Coding the answers with it is
:mod:`wlzmonitor.compute.coding`.
"""

from __future__ import annotations

import re
import unicodedata
from re import _constants as sre_constants, _parser as sre_parse  # the engine's own parser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import regex
import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.codebook import NPS_BAND_CATEGORIES, Codebook, Question
from wlzmonitor.spec.codeframe_files import corrections_path
from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text

#: Theme code and label of an answer that no theme covers.
UNCODED = "overig"


UNCODED_LABEL = "Overig / niet gecodeerd"


THEME_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")


_TOP_KEYS = ("year", "answer_id_salt", "corrections", "questions")


_QUESTION_KEYS = ("title", "columns", "by_category", "themes")


_THEME_KEYS = ("code", "label", "patterns", "categories")


class CodeframeError(InputError):
    """A codeframe file that cannot be used; the message names file, question and theme."""


#: the longest one theme's patterns may search one answer (seconds of the process's CPU time, as the regex
#: engine counts it; on a busy machine more wall time): a usual search takes microseconds
MATCH_SECONDS = 2.0


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
    #: the patterns as one expression of the ``regex`` engine (the same matches as ``re``; it can stop a search)
    regex: Any = field(default=None, compare=False, repr=False)
    #: file, question and theme, for a message
    where: str = field(default="", compare=False, repr=False)

    def applies_to(self, category_code: int | None) -> bool:
        return self.categories is None or (category_code is not None and category_code in self.categories)

    def match(self, folded_text: str) -> str | None:
        """The fragment of ``folded_text`` the first matching pattern found, or None. A search that takes
        more than :data:`MATCH_SECONDS` of CPU time raises :class:`CodeframeError` (a pattern whose alternatives can
        match the same text in many ways, such as ``(a|aa)+``, backtracks exponentially: no static check
        finds every such pattern, so the search itself is bounded)."""
        try:
            m = self.regex.search(folded_text, timeout=MATCH_SECONDS)
        except TimeoutError:
            raise CodeframeError(
                f"{self.where}: its patterns searched one answer of {len(folded_text)} characters for more "
                f"than {MATCH_SECONDS:g} s of processor time: a pattern whose parts can match the same text in "
                "many ways (such as (a|aa)+ or (\\w|[a-z])+) backtracks exponentially; write the alternatives so "
                "that they cannot overlap, or bound the repetition ({0,3})") from None
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
    """The codeframe of ``year`` (``codeframe`` in ``config/report.yml``; root: the repository root)."""
    return load_config(Path(root) if root else None).sources(year).codeframe


def _text_columns(q: Question) -> list[str]:
    """The text columns of ``q`` that can be coded, in questionnaire order."""
    if q.type == "open":
        return list(q.field_columns().values())
    return [c for c in (q.text_column, q.comment_column) if c]


def _category_codes(q: Question) -> set[int]:
    if q.type == "nps":
        return set(NPS_BAND_CATEGORIES)
    return {o.code for o in q.options}


def question_number_prefix(q: Question) -> str:
    return f"V{q.number}" if q.number[:1].isdigit() else q.number


_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


def nested_repetition(pattern: str, items: Any = None, inside: bool = False) -> bool:
    """True when `pattern` (a valid regular expression) repeats without bound a part that itself repeats
    (``(\\w+\\s?)+``, ``(a+)+``, ``(?:x*)*``): Python's engine backtracks exponentially on a text such a
    pattern does not match (review h88: 0.5 s on a word of 22 letters, about doubling with every letter more)."""
    for op, av in sre_parse.parse(pattern) if items is None else items:
        if op in _REPEATS:
            low, high, sub = av
            if inside and high > 1:
                return True
            if nested_repetition(pattern, sub, inside or high == sre_constants.MAXREPEAT):
                return True
        elif op == sre_constants.SUBPATTERN and nested_repetition(pattern, av[-1], inside):
            return True
        elif op == sre_constants.BRANCH and any(nested_repetition(pattern, b, inside) for b in av[1]):
            return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT) and nested_repetition(pattern, av[1], inside):
            return True
    return False


def _compile_theme(raw: Any, where: str, q: Question, index: int) -> Theme:
    if not isinstance(raw, Mapping):
        raise CodeframeError(f"{where}, theme {index + 1}: expected a mapping with code, label and patterns")
    code = raw.get("code")
    tag = f"{where}, theme {code!r}" if isinstance(code, str) else f"{where}, theme {index + 1}"
    unknown = sorted(set(raw) - set(_THEME_KEYS))
    if unknown:
        raise CodeframeError(f"{tag}: unknown key(s) {', '.join(map(str, unknown))}; "
                             f"allowed: {', '.join(_THEME_KEYS)}")
    if not isinstance(code, str) or not THEME_CODE_RE.match(code):
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
        if nested_repetition(fold(p)):
            raise CodeframeError(f"{tag}: pattern {p!r} repeats a part that itself repeats (such as (\\w+\\s?)+): "
                                 "on an answer it does not match it takes exponential time; write the part once, "
                                 "or bound the outer repetition ({0,3})")
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
    joined = rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"
    try:  # each pattern was checked with re above; VERSION0 is the regex engine's re-compatible mode
        compiled = regex.compile(joined, regex.IGNORECASE | regex.VERSION0)
    except regex.error as err:
        raise CodeframeError(f"{tag}: the patterns are not a valid regular expression: {err}") from None
    return Theme(code=code, label=label.strip(), patterns=tuple(patterns), categories=categories,
                 regex=compiled, where=tag)


def load_codeframes(path: str | Path, codebook: Codebook | None = None) -> Codeframes:
    """Read and check a codeframe file; see the header of ``data/codeframes/2026.yml``.

    ``codebook`` None = the codebook of the file's ``year``. Raises :class:`CodeframeError`
    naming the file, question and theme on: invalid YAML or a repeated key, unknown keys,
    an unknown or private question, a column that is not a text column of the question, a
    bad or duplicate theme code, a duplicate label, an invalid regular expression, a pattern
    that matches the empty text, and categories that are not answer codes.
    """
    path = Path(path)
    data = _read_codeframe_file(path)
    year = data.get("year")
    codebook = _checking_codebook(year, codebook, path)
    salt = data.get("answer_id_salt", "")
    if not isinstance(salt, str):
        raise CodeframeError(f"{path}: 'answer_id_salt' must be a text")
    try:
        corrections = corrections_path(data.get("corrections"), year, path)
    except ValueError as err:
        raise CodeframeError(str(err)) from None
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, Mapping) or not raw_questions:
        raise CodeframeError(f"{path}: 'questions' must be a non-empty mapping of question keys")
    questions = {key: _parse_question_frame(key, raw, codebook, f"{path}, question {key!r}")
                 for key, raw in raw_questions.items()}
    return Codeframes(path=path, year=year if year is not None else codebook.year, salt=salt,
                      corrections_path=corrections, questions=questions)


def _read_codeframe_file(path: Path) -> Mapping:
    """The codeframe file as a YAML mapping with known top-level keys only."""
    if not path.exists():
        raise FileNotFoundError(f"codeframe file {path} does not exist "
                                f"(one per survey year: data/codeframes/<year>.yml)")
    try:
        data = yaml.load(read_input_text(path), Loader=StrictLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as err:
        raise CodeframeError(f"{path}: not valid YAML: {yaml_error_text(err)}") from None
    if not isinstance(data, Mapping):
        raise CodeframeError(f"{path}: expected a mapping with 'questions'")
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise CodeframeError(f"{path}: unknown key(s) {', '.join(map(str, unknown))}; "
                             f"allowed: {', '.join(_TOP_KEYS)}")
    return data


def _checking_codebook(year: Any, codebook: Codebook | None, path: Path) -> Codebook:
    """The codebook to check the file against: ``codebook``, else that of the file's ``year``."""
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise CodeframeError(f"{path}: 'year' must be a year number, got {year!r}")
    if codebook is None:
        if year is None:
            raise CodeframeError(f"{path}: no 'year' and no codebook given; cannot check the questions")
        return codebook_for_year(year)
    if year is not None and codebook.year != year:
        raise CodeframeError(f"{path}: codeframe for {year}, codebook for {codebook.year}")
    return codebook


def _parse_question_frame(key: Any, raw: Any, codebook: Codebook, where: str) -> QuestionFrame:
    """The codeframe of question ``key``, checked against the codebook."""
    q, available = _coded_question(key, codebook, where)
    if not isinstance(raw, Mapping):
        raise CodeframeError(f"{where}: expected a mapping with 'themes'")
    unknown = sorted(set(raw) - set(_QUESTION_KEYS))
    if unknown:
        raise CodeframeError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}; "
                             f"allowed: {', '.join(_QUESTION_KEYS)}")
    columns = _frame_columns(raw.get("columns", available), available, q, where)
    by_category = raw.get("by_category", False)
    if not isinstance(by_category, bool):
        raise CodeframeError(f"{where}: 'by_category' must be true or false")
    if by_category and q.type == "open":
        raise CodeframeError(f"{where}: 'by_category' needs answer categories; {key} is an open question")
    themes = _frame_themes(raw.get("themes"), q, where)
    title = raw.get("title") or "{vraag}"
    if not isinstance(title, str):
        raise CodeframeError(f"{where}: 'title' must be a text")
    title = _filled_title(title, q, where)
    return QuestionFrame(
        key=key, number=q.number, title=title, columns=tuple(columns), by_category=by_category,
        themes=tuple(themes), noun="antwoord" if q.type == "open" else "toelichting",
    )


#: a brace left in a codeframe title once {vraag} is filled: printed as written on the page (review h149)
_TITLE_BRACE = re.compile(r"\{[^{}]*\}?|\}")


def _filled_title(title: str, q: Question, where: str) -> str:
    """The heading with ``{vraag}`` filled (the question's number in this year's codebook); a brace left over (a
    mistyped ``{vraaag}``, ``{jaar}``, ``{maatwerk:1}``, a brace without its pair) is a CodeframeError naming it:
    the heading is printed as written, so the page would show it raw (review h149: check-year and the run passed it)."""
    filled = title.replace("{vraag}", q.number_label)
    left = _TITLE_BRACE.search(filled)
    if left:
        raise CodeframeError(f"{where}: the title “{title[:120]}” has ‘{left.group(0)[:60]}’, which is no placeholder of a "
                             "codeframe title and would be printed as written: the only one is {vraag} (the "
                             "question's number)")
    return filled


def _coded_question(key: Any, codebook: Codebook, where: str) -> tuple[Question, list[str]]:
    """The codebook question ``key`` and its text columns; it must be a question that can be coded."""
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
    return q, available


def _frame_columns(columns: Any, available: list[str], q: Question, where: str) -> list[str]:
    """``columns``: a non-empty list of distinct text columns of ``q`` (a single name is allowed)."""
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
    return columns


def _frame_themes(raw_themes: Any, q: Question, where: str) -> list[Theme]:
    """The themes of a question, compiled; codes and labels (ignoring case) must be unique."""
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
    return themes
