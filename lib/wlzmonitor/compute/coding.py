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

Run ``python -m wlzmonitor coding --year 2026`` for the uncoded share per question and
``--export <path.xlsx>`` to write the workbook.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from wlzmonitor.compute.explanations import (
    OPEN_CATEGORY,
    answer_labels,
    nonempty_texts,
    rows_comment_column,
    rows_text_column,
)
from wlzmonitor.inputs.coding_corrections import Corrections, CorrectionsError, CorrectionsWarning, read_corrections
from wlzmonitor.inputs.earlier_contacts import read_earlier_contacts
from wlzmonitor.inputs.privacy import Scrubber, find_personal_data
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook import Codebook, Question
from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.spec.codeframes import (
    UNCODED,
    UNCODED_LABEL,
    CodeframeError,
    Codeframes,
    QuestionFrame,
    codeframe_path,
    fold,
    load_codeframes,
    question_number_prefix,
)
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.privacy_settings import PrivacySettings


COLUMNS = ["question", "answer_id", "case_id", "field", "category_code", "category", "text",
           "theme", "label", "source", "evidence"]
SUMMARY_COLUMNS = ["theme", "label", "count", "share_of_answers", "organisations", "n"]

_SOURCE_PATTERN = "patroon"
_SOURCE_CORRECTION = "correctie"
_HASH_DIGITS = 10

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


# --------------------------------------------------------------------------------------------
# the codeframe
# --------------------------------------------------------------------------------------------


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
    labels = answer_labels(codebook, q.key) if q.options else {}
    fields = {col: code for code, col in q.field_columns().items()} if q.type == "open" else {}
    for col in qf.columns:
        if col not in df.columns:
            continue
        if q.type == "open":
            for rid, text in nonempty_texts(df[col]).items():
                rows.append(((0, 0), None, OPEN_CATEGORY, rid, str(fields[col]), text))
        elif col == q.text_column:
            for order, code, cat, rid, text in rows_text_column(q, df, labels):
                rows.append((order, code, cat, rid, "tekst", text))
        elif col == q.comment_column:
            for order, code, cat, rid, text in rows_comment_column(q, df, labels):
                rows.append((order, code, cat, rid, "toelichting", text))
    return rows


def _resolve_corrections(corrections: Any, frames: Codeframes) -> "Corrections | None":
    if corrections is False:
        return None
    if corrections is None:
        p = frames.corrections_path
        return read_corrections(p) if p is not None and p.exists() else None
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
    coding = _Coding(corr, _check_corrections(corr, frame) if corr is not None else {})
    for key in keys:
        q = codebook.question(key)
        answers = _scrubbed_answers(q, frame, df, codebook, scrubber)
        _check_answer_ids(answers, key, frame, coding)
        coding.code_question(key, q, frame[key], answers)

    settings = getattr(scrubber, "settings", None)
    out = pd.DataFrame.from_records(coding.records, columns=COLUMNS)
    out["category_code"] = pd.array([None if pd.isna(v) else int(v) for v in out["category_code"]],
                                    dtype="Int64")
    out.attrs["questions"] = _Shared(coding.meta)
    out.attrs["min_group"] = int(getattr(settings, "explanations_min_group", 1) or 1)
    out.attrs["pattern_themes"] = _Shared(coding.pattern_themes)
    out.attrs["remarks"] = _Shared(coding.remarks)
    out.attrs["corrections"] = _Shared({"path": str(corr.path) if corr is not None else "",
                                        "cells": coding.applied, "text_mismatches": coding.mismatches})
    return out


def _multi_field(q: Question, qf: QuestionFrame) -> bool:
    """Whether answer ids of `q` need the field (more than one coded text field)."""
    return len(qf.columns) > 1 or (q.type == "open" and len(q.field_columns()) > 1)


def _scrubbed_answers(q: Question, frame: Codeframes, df: pd.DataFrame, codebook: Codebook,
                      scrubber) -> list[tuple]:
    """``(order, code, category, case, field, answer_id, text)`` of `q`, scrubbed, in coding order."""
    qf = frame[q.key]
    multi_field = _multi_field(q, qf)
    prefix = question_number_prefix(q)
    answers = []
    for order, code, category, rid, fld, text in _raw_answers(q, qf, df, codebook):
        clean = scrubber.scrub(text)
        if not isinstance(clean, str) or not clean.strip():
            continue
        case = _case_id(frame.salt, q.key, rid)
        aid = f"{prefix}-{case}" + (f"-{fld}" if multi_field else "")
        answers.append((order, code, category, case, fld, aid, " ".join(clean.split())))
    return answers


def _check_answer_ids(answers: list[tuple], key: str, frame: Codeframes, coding: "_Coding") -> None:
    """Answer ids are unique, and every correction names an answer that is in the data."""
    ids = [a[5] for a in answers]
    if len(set(ids)) != len(ids):
        raise CodeframeError(f"{frame.path}, question {key!r}: two answers got the same answer id; "
                             f"change 'answer_id_salt'")
    known_ids = set(ids)
    for (qk, aid) in coding.by_answer:
        if qk == key and aid not in known_ids:
            where = coding.corrections.where(key, aid)  # type: ignore[union-attr]
            raise CorrectionsError(f"{where}: answer id {aid!r} does not occur in the data of "
                                   f"{key} (the workbook belongs to other data; export it again)")
    answers.sort(key=lambda a: (a[0], a[2], a[6].casefold(), a[6], a[5]))


@dataclass
class _Coding:
    """What :func:`code_answers` collects while it codes question after question."""

    corrections: Corrections | None
    by_answer: dict[tuple[str, str], dict[str, int]]
    records: list[tuple] = field(default_factory=list)
    meta: dict[str, dict] = field(default_factory=dict)
    pattern_themes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    remarks: dict[str, dict[str, str]] = field(default_factory=dict)
    applied: int = 0
    mismatches: list[str] = field(default_factory=list)

    def code_question(self, key: str, q: Question, qf: QuestionFrame, answers: list[tuple]) -> None:
        """Code every answer of one question; record its themes, remarks and metadata."""
        multi_field = _multi_field(q, qf)
        order_of_theme = {t.code: i for i, t in enumerate(qf.themes)}
        self.pattern_themes[key] = {}
        for order, code, category, case, fld, aid, text in answers:
            matched, final, hand = self._themes(key, qf, code, aid, text)
            themes = sorted(final, key=lambda c: order_of_theme[c])
            base = (key, aid, case, fld if multi_field else "", code, category, text)
            if not themes:
                self.records.append(base + (UNCODED, UNCODED_LABEL,
                                            _SOURCE_CORRECTION if hand else _SOURCE_PATTERN, ""))
            for c in themes:
                by_hand = c in hand and (hand[c] == 1) and c not in matched
                self.records.append(base + (c, qf.theme(c).label,
                                            _SOURCE_CORRECTION if by_hand else _SOURCE_PATTERN,
                                            final[c] or ""))
        known_ids = {a[5] for a in answers}
        if self.corrections is not None:
            self.remarks[key] = {aid: r for (qk, aid), r in self.corrections.remarks.items()
                                 if qk == key and aid in known_ids}
        self.meta[key] = _question_meta_entry(q, qf, answers)

    def _themes(self, key: str, qf: QuestionFrame, code: Any, aid: str, text: str) -> tuple[dict, dict, dict]:
        """(themes the patterns gave with evidence, final themes after corrections, the corrections)."""
        folded = fold(text)
        matched = {t.code: t.match(folded) for t in qf.themes if t.applies_to(code)}
        matched = {c: ev for c, ev in matched.items() if ev is not None}
        self.pattern_themes[key][aid] = list(matched)
        final = dict(matched)
        hand = self.by_answer.get((key, aid), {})
        corr = self.corrections
        if hand and corr is not None:
            stored = corr.texts.get((key, aid))
            if stored is not None and stored.strip() and " ".join(stored.split()) != text:
                self.mismatches.append(aid)
                warnings.warn(
                    f"{corr.where(key, aid)}: the text of answer {aid} differs from the data "
                    f"now ({stored!r} vs {text!r}); the correction is applied",
                    CorrectionsWarning, stacklevel=4)
            for theme, value in hand.items():
                self.applied += 1
                if value:
                    final.setdefault(theme, None)
                else:
                    final.pop(theme, None)
        return matched, final, hand


def _question_meta_entry(q: Question, qf: QuestionFrame, answers: list[tuple]) -> dict:
    """Title, number, noun, themes and answer categories of one coded question."""
    categories: list[tuple[Any, str]] = []
    for order, code, category, *_ in answers:
        if (code, category) not in categories:
            categories.append((code, category))
    return {
        "title": qf.title,
        "number": q.number,
        "noun": qf.noun,
        "by_category": qf.by_category,
        "themes": [(t.code, t.label, list(t.categories) if t.categories else None) for t in qf.themes],
        "categories": [(None if c is None else int(c), str(lab)) for c, lab in categories],
    }


# --------------------------------------------------------------------------------------------
# summaries and examples
# --------------------------------------------------------------------------------------------


def one_question(coded: pd.DataFrame, question: str | None) -> str:
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


def question_meta(coded: pd.DataFrame, question: str) -> dict:
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
    q = one_question(coded, question)
    meta = question_meta(coded, q)
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
    q = one_question(coded, question)
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


def code_year(year: int, *, root: Path | None = None, corrections: Any = None) -> tuple[pd.DataFrame, Codeframes]:
    """The open answers of `year`'s export coded with its codeframe (for the `coding` command)."""
    config = load_config(root)
    sources = config.year(year)
    codebook = codebook_for_year(year, root)
    survey = load_survey(sources.export, codebook)
    # the earlier exports' contacts too, as the year's result scrubs its answers (review h132)
    scrubber = Scrubber.from_survey(survey, config_path=config.privacy_file,
                                    earlier_contacts=read_earlier_contacts(year, config).frames)
    path = codeframe_path(year, root)
    if not path.exists():  # the command's one purpose: an error naming the file, not a traceback
        raise CodeframeError(f"{path}: no codeframe for {year}; the coding command codes open answers with "
                             "it (python -m wlzmonitor new-year starts one from the latest year's)")
    frames = load_codeframes(path, codebook)
    return code_answers(survey, codebook, frames, scrubber, corrections=corrections), frames
