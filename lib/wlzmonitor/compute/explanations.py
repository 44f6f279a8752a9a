"""Open-text explanations per answer category, scrubbed, as a table.

A question's free text comes in three shapes (docs/data_contracts.md, section 2):

* ``<key>__tekst``: the text field of an option ("Ja, want ...", "Anders, namelijk ...").
  Its category is the respondent's answer (single choice) or the option carrying the text
  field (multi response).
* ``<key>__toelichting``: a general "Eventuele toelichting" field. For the NPS question
  (0-10) the category is the score band (critici 0-6, neutralen 7-8, fans 9-10); for a
  single-choice question the respondent's answer; otherwise (matrix, scale, numeric) one
  category "Toelichting".
* the fields of an ``open`` question (one category "Alle antwoorden").

:func:`explanations` gives one row per non-empty text (columns ``code, category, text``),
every text scrubbed with a :class:`wlzmonitor.inputs.privacy.Scrubber`, no respondent ids.
:func:`wlzmonitor.present.explanations_html.explanations_html` renders it as collapsible Dutch
lists.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from wlzmonitor.spec.codebook import NPS_BAND_CATEGORIES, Codebook, Question

__all__ = [
    "COMMENT_CATEGORY",
    "OPEN_CATEGORY",
    "explanations",
    "explanation_questions",
]

#: The category of a general comment that belongs to no answer option.
COMMENT_CATEGORY = "Toelichting"
#: The category of the answers to an open question.
OPEN_CATEGORY = "Alle antwoorden"

COLUMNS = ["code", "category", "text"]
# last words of an option label that announce the text field: "Ja, want" -> "Ja, want …"


def explainable_questions(codebook: Codebook) -> list[str]:
    """Keys of the questions with any free text (text field, comment field, open question)."""
    return [q.key for q in codebook.questions
            if not q.private and (q.text_column or q.comment_column or q.type == "open")]


def explanation_questions(codebook: Codebook) -> list[str]:
    """Keys of the questions with a text field or a comment field, in questionnaire order."""
    return [q.key for q in codebook.questions
            if not q.private and (q.text_column or q.comment_column)]


def _responses(survey: Any) -> pd.DataFrame:
    return survey.responses if hasattr(survey, "responses") else survey


def nonempty_texts(series: pd.Series) -> pd.Series:
    """The non-empty texts of a column (stripped), index kept."""
    s = series.dropna().astype(str).str.strip()
    return s[s != ""]


def answer_labels(codebook: Codebook, key: str) -> dict[int, str]:
    try:
        return codebook.options(key, short=True)
    except KeyError:
        return {}


def _as_int(value: Any) -> int | None:
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _nps_band(score: int | None) -> int | None:
    if score is None:
        return None
    for code, (_, lo, hi) in NPS_BAND_CATEGORIES.items():
        if lo <= score <= hi:
            return code
    return None


def rows_text_column(q: Question, df: pd.DataFrame, labels: dict[int, str]) -> list[tuple]:
    """(order, code, category, respondent, text) for the ``__tekst`` column of ``q``."""
    rows = []
    order = {code: i for i, code in enumerate(labels)}
    for rid, text in nonempty_texts(df[q.text_column]).items():
        code: int | None = None
        if q.type == "multi":
            chosen = [c for c in q.text_field_options
                      if _as_int(df.at[rid, f"{q.key}__{c}"]) == 1]
            code = chosen[0] if chosen else (q.text_field_options[0] if len(q.text_field_options) == 1 else None)
        elif q.key in df.columns:
            code = _as_int(df.at[rid, q.key])
        if code is not None and code in labels:
            rows.append(((0, order[code]), code, labels[code], rid, text))
        else:
            rows.append(((1, 0), None, COMMENT_CATEGORY, rid, text))
    return rows


def rows_comment_column(q: Question, df: pd.DataFrame, labels: dict[int, str]) -> list[tuple]:
    rows = []
    order = {code: i for i, code in enumerate(labels)}
    for rid, text in nonempty_texts(df[q.comment_column]).items():
        if q.type == "nps":
            band = _nps_band(_as_int(df.at[rid, q.key]) if q.key in df.columns else None)
            if band is not None:
                rows.append(((0, band), band, NPS_BAND_CATEGORIES[band][0], rid, text))
                continue
        elif q.type == "single" and q.key in df.columns:
            code = _as_int(df.at[rid, q.key])
            if code is not None and code in labels:
                rows.append(((0, order[code]), code, labels[code], rid, text))
                continue
        rows.append(((2, 0), None, COMMENT_CATEGORY, rid, text))
    return rows


def _rows_open(q: Question, df: pd.DataFrame) -> list[tuple]:
    rows = []
    for col in q.field_columns().values():
        if col in df.columns:
            for rid, text in nonempty_texts(df[col]).items():
                rows.append(((0, 0), None, OPEN_CATEGORY, rid, text))
    return rows


def explanations(survey: Any, codebook: Codebook, question_key: str, scrubber) -> pd.DataFrame:
    """The explanations given at ``question_key``: columns ``code, category, text``.

    One row per non-empty text, every text passed through ``scrubber.scrub``. ``category`` is
    the Dutch answer label as the report prints it (the short label where the codebook has
    one), an NPS band, "Toelichting" or "Alle antwoorden" (see the module docstring); ``code``
    is the option code or NPS band code (nullable integer, missing for the last two). Rows
    are sorted by the questionnaire's option order, then by text; the index is 0..n-1 (no
    respondent ids).

    ``frame.attrs`` carries ``question`` (the key), ``noun`` ("toelichting" or "antwoord"),
    ``organisations`` (category -> number of organisations that gave a text there) and
    ``min_group`` (``explanations_min_group`` of the scrubber's settings), which
    :func:`explanations_html` uses.
    """
    q = codebook.question(question_key)
    if q.private:
        raise ValueError(f"{q.label} is private (contact details); it has no explanations to show")
    if not (q.text_column or q.comment_column or q.type == "open"):
        raise ValueError(f"{q.label} ({q.type}) has no text field, comment field or open answer")
    df = _responses(survey)
    labels = answer_labels(codebook, q.key) if q.options else {}
    rows: list[tuple] = []
    if q.type == "open":
        rows += _rows_open(q, df)
    if q.text_column and q.text_column in df.columns:
        rows += rows_text_column(q, df, labels)
    if q.comment_column and q.comment_column in df.columns:
        rows += rows_comment_column(q, df, labels)

    scrub = scrubber.scrub
    scrubbed = [(order, code, cat, rid, scrub(text)) for order, code, cat, rid, text in rows]
    scrubbed = [r for r in scrubbed if r[4].strip()]
    scrubbed.sort(key=lambda r: (r[0], r[2], r[4].casefold(), r[4]))

    frame = pd.DataFrame(
        {
            "code": pd.array([r[1] for r in scrubbed], dtype="Int64"),
            "category": pd.Series([r[2] for r in scrubbed], dtype="object"),
            "text": pd.Series([r[4] for r in scrubbed], dtype="object"),
        },
        columns=COLUMNS,
    )
    organisations: dict[str, int] = {}
    for _, _, cat, rid, _ in scrubbed:
        organisations.setdefault(cat, set()).add(rid)  # type: ignore[arg-type]
    frame.attrs["question"] = q.key
    frame.attrs["noun"] = "antwoord" if q.type == "open" else "toelichting"
    frame.attrs["organisations"] = {c: len(v) for c, v in organisations.items()}  # type: ignore[arg-type]
    settings = getattr(scrubber, "settings", None)
    frame.attrs["min_group"] = int(getattr(settings, "explanations_min_group", 1) or 1)
    return frame


