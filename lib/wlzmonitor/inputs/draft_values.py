"""Drafting how a tool's choice labels read as the codebook's codes.

Given the labels a column holds and the codebook question it feeds, :func:`analyse_labels`
finds the label patterns the questionnaire's printed wording needs (a footnote marker, a
routing hint "(Ga door naar vraag 13)", "De vragen 31, 35 en 36 zijn niet van toepassing.",
trailing dots, a prefix such as "Zorgkantoor " shared by the options) and, for labels that
still do not match, a guess each, said to be a guess:

- the label starts with exactly one option's label followed by punctuation ("Ja, met de
  volgende reden(en) ..." -> "Ja");
- the label is the start of exactly one option's label ("Anders" -> "Anders, namelijk");
- a scale or NPS label that starts with its number ("0 (zeer waarschijnlijk niet)" -> 0);
- a multi-select option column holding "Ja" / "Yes" / "Selected" for chosen (and "Nee" / "No" for not);
- the closest option label (difflib ratio at least 0.8).

Labels the patterns resolve are matched at load time with the same
:class:`wlzmonitor.inputs.labels.LabelTable` the loader uses, so what the draft says matches is
what loading matches.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from wlzmonitor.spec.codebook import Question
from wlzmonitor.inputs.labels import LabelPatterns, LabelTable
from wlzmonitor.inputs.values import normalise_label

__all__ = ["NUMBER_FIRST", "GENERIC_PATTERNS", "LabelDraft", "Guess", "analyse_labels", "choice_pairs",
           "choice_codes", "ordered_patterns"]

#: patterns the draft may declare for every question ("*"), with what each removes
GENERIC_PATTERNS = {
    "[¹²³⁴⁵⁶⁷⁸⁹⁰]": "footnote markers",
    r"\.?\s*De vragen [\d, en]+ zijn niet van toepassing\.?\s*$":
        "'De vragen 31, 35 en 36 zijn niet van toepassing.'",
    r"\s*\((?=[^()]*\bvraag\s*\d)[^()]*\)\s*$": "a routing hint in brackets at the end, "
                                               "such as '(Ga door naar vraag 13)'",
    r"\s*[.…:]+$": "trailing dots, ellipses and colons ('Ja, want....')",
}
#: a scale or NPS label that starts with its number ("1 zeer laag", "0 (zeer waarschijnlijk
#: niet)", "10 - zeer waarschijnlijk", "1. zeer laag"): the words after the number are removed (declared
#: for that question only). Only a label's shape: one or two digits opening the cell, then white space
#: and words without a digit; never a number's own rest ("3.5", "3,5", "2-3", "5+", "2 à 3", "1 of 2"
#: stay as they are and are read or reported as what they are: review of the agency exports, the
#: earlier pattern cut everything after the first digit and read "3.5" as 3 without a word)
NUMBER_FIRST = r"(?:(?<=^\d)|(?<=^\d\d))[.)]?\s+(?:[-–:]\s*)?[^\d\s][^\d]*$"
_YES = {"ja", "yes", "y", "selected", "geselecteerd", "checked", "aangevinkt", "true", "x"}
#: what a multi-select option column holds for an option not chosen (LimeSurvey's full answers: "Nee")
_NO = {"nee", "no", "n", "not selected", "niet geselecteerd", "unchecked", "false"}
_SCALE_START = re.compile(r"^\s*(\d+)\b\D")


@dataclass
class Guess:
    label: str
    code: int
    why: str


@dataclass
class LabelDraft:
    """What a question's labels need: generic patterns, a prefix, guesses, leftovers."""

    generic: set[str] = field(default_factory=set)
    prefix: str | None = None
    #: patterns for this question only (NUMBER_FIRST)
    remove: tuple[str, ...] = ()
    guesses: list[Guess] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def choice_pairs(q: Question, option: int | None = None) -> list[tuple[str, int]]:
    """(label, code) a column of ``q`` may hold: options (``option``: that option's labels,
    read as 1), scale end-point labels, contact field options."""
    if q.type == "multi" and option is not None:
        o = q.option(option)
        return [(t, 1) for t in (o.label, o.short_label) if t]
    if q.type in ("scale", "nps"):
        return [(lab, int(v)) for v, lab in (q.range_labels or {}).items() if lab]
    if q.type == "contact":
        return [(o.label, o.code) for o in q.fields[0].options]
    return [(t, o.code) for o in q.options for t in (o.label, o.short_label) if t]


def choice_codes(q: Question, option: int | None = None) -> tuple[int, ...]:
    if q.type == "multi" and option is not None:
        return (0, 1)
    if q.type in ("scale", "nps"):
        lo, hi = q.range  # type: ignore[misc]
        return tuple(range(int(lo), int(hi) + 1))
    if q.type == "contact":
        return tuple(o.code for o in q.fields[0].options)
    return q.codes


def _table(q: Question, option: int | None, patterns: LabelPatterns,
           declared: dict[str, tuple[int, str]] | None = None) -> LabelTable:
    return LabelTable(choice_pairs(q, option), choice_codes(q, option), declared or {}, patterns)


def _prefix(q: Question, labels: list[str], option_of: dict[str, int | None]) -> str | None:
    """A text shared before the option labels ("Zorgkantoor "), when it makes at least two
    labels match."""
    found: dict[str, int] = {}
    for lab in labels:
        for text, _ in choice_pairs(q, option_of.get(lab)):
            t = " ".join(lab.split())
            if len(t) > len(text) + 1 and t.casefold().endswith(" " + text.casefold()):
                pre = t[: len(t) - len(text)]
                found[pre] = found.get(pre, 0) + 1
    best = max(found.items(), key=lambda kv: (kv[1], len(kv[0])), default=None)
    return best[0] if best and best[1] >= 2 else None


def analyse_labels(q: Question, labels: list[str], option_of: dict[str, int | None] | None = None,
                   declared_generic: set[str] | None = None) -> LabelDraft:
    """What the labels of question ``q`` need (see the module docstring). ``option_of``:
    label -> the option whose own column holds it (multi-select, one column per option)."""
    option_of = option_of or {}
    draft = LabelDraft(generic=set(declared_generic or ()))
    open_ = [lab for lab in labels if _table(q, option_of.get(lab), LabelPatterns()
                                             ).resolve(lab) is None]
    draft.prefix = _prefix(q, open_, option_of)
    prefix = (draft.prefix,) if draft.prefix else ()
    if q.type in ("scale", "nps") and any(_SCALE_START.match(lab) for lab in open_):
        draft.remove = (NUMBER_FIRST,)
    full = LabelPatterns(prefix=prefix, remove=tuple(GENERIC_PATTERNS) + draft.remove)
    for lab in open_:
        if _table(q, option_of.get(lab), full).resolve(lab) is not None:
            draft.generic |= {rx for rx in GENERIC_PATTERNS if re.search(rx, lab)}
    final = LabelPatterns(prefix=prefix, remove=ordered_patterns(draft.generic) + draft.remove)
    for lab in open_:
        if _table(q, option_of.get(lab), final).resolve(lab) is not None:
            continue
        guess = _guess(q, lab, option_of.get(lab), final)
        if guess is None:
            draft.unmatched.append(lab)
        else:
            draft.guesses.append(guess)
    return draft


def ordered_patterns(chosen: set[str]) -> tuple[str, ...]:
    """The chosen generic patterns in the order they are applied."""
    return tuple(rx for rx in GENERIC_PATTERNS if rx in chosen)


def _guess(q: Question, label: str, option: int | None, patterns: LabelPatterns) -> Guess | None:
    cleaned = patterns.apply(label) or label
    key = normalise_label(cleaned)
    pairs = [(normalise_label(t), c) for t, c in choice_pairs(q, option)]
    if q.type == "multi" and option is not None and key in _YES:
        return Guess(label, 1, f"'{label}' marks a chosen option")
    if q.type == "multi" and option is not None and key in _NO:
        return Guess(label, 0, f"'{label}' marks an option not chosen")
    if q.type in ("scale", "nps"):
        m = _SCALE_START.match(cleaned)
        lo, hi = choice_codes(q)[0], choice_codes(q)[-1]
        if m and lo <= int(m.group(1)) <= hi:
            return Guess(label, int(m.group(1)), "the number it starts with")
    starts = {c for t, c in pairs if t and key.startswith(t) and len(key) > len(t)
              and not key[len(t)].isalnum()}
    if len(starts) == 1:
        code = starts.pop()
        return Guess(label, code, f"starts with the codebook's '{_label(q, code, option)}'")
    begins = {c for t, c in pairs if key and t.startswith(key) and len(t) > len(key)
              and not t[len(key)].isalnum()}
    if len(begins) == 1:
        code = begins.pop()
        return Guess(label, code, f"the start of the codebook's '{_label(q, code, option)}'")
    ratios = sorted(((difflib.SequenceMatcher(None, key, t).ratio(), c) for t, c in pairs),
                    reverse=True)
    if ratios and ratios[0][0] >= 0.8 and (len(ratios) == 1 or ratios[1][0] < ratios[0][0]):
        code = ratios[0][1]
        return Guess(label, code, f"closest to the codebook's '{_label(q, code, option)}' "
                                  f"({ratios[0][0]:.0%} alike)")
    return None


def _label(q: Question, code: int, option: int | None) -> str:
    if q.type == "multi" and option is not None:
        return q.option(option).label
    if q.type in ("scale", "nps"):
        return str(code)
    if q.type == "contact":
        return next(o.label for o in q.fields[0].options if o.code == code)
    return q.option(code).label
