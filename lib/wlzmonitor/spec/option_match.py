"""Answer options matched across survey years by meaning, not by code.

Option codes are 1..k in questionnaire order, so a new option printed in the middle of a list
moves the codes below it: "Anders, namelijk" is code 5 in 2026 and code 6 in 2027. A trend table
must put 2026's "Anders" in the 2027 "Anders" row, never in the row of the option that took over
code 5. Options are therefore matched per question key between two years' codebooks:

1. declared: ``was: {2026: 5}`` on the later year's option (``null``: not asked that year);
2. by label: the same label (or short label), ignoring case, white space, a trailing colon or
   dot, how a letter is encoded (a label pasted from a PDF: "ë" as e + U+0308, the "ﬁ" ligature, a
   soft hyphen or zero-width space: it prints the same), and years that moved with the survey
   year ("Overeenkomst Wlz 2026" in 2026 is "Overeenkomst Wlz 2027" in 2027);
3. anything else is not matched. An option whose code exists in both years with another label
   and no declaration is a **problem** (its meaning changed silently): the earlier figure is not
   shown, and ``check-year`` stops the run until the codebook says what it is.

:func:`match_options` compares two codebooks' versions of one question; :class:`CodeMaps` chains
the comparisons over every configured year in between (2024 -> 2025 -> 2026 -> 2027), so a
``was`` needs to name only the year before (it may name more).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from wlzmonitor.spec.codebook import Codebook, Option, Question

__all__ = ["OptionMatch", "CodeMaps", "match_options", "same_text", "shift_years"]

_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
#: soft hyphen, zero-width space / non-joiner / joiner, word joiner, byte-order mark: printed as nothing
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


#: a figure of the year in an option's label (the richttariefpercentage "96,0%", the HLO-opslag "0,9%"):
#: new-year lists such labels, check-year asks for one copied unchanged from the previous wave
FIGURE_IN_LABEL = re.compile(r"\d+,\d+\s?%")


def shift_years(text: str, delta: int) -> str:
    """``text`` with every year moved by ``delta`` ("voor 2026" -> "voor 2027" for +1)."""
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text) if delta else text


def _normal(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", (text or "").translate(_INVISIBLE))  # review h89: pasted from a PDF
    # trailing punctuation is no other wording: 'te komen?' is 'te komen', 'te komen ?', 'te komen.' (review
    # h116: a split question's copied block, its '?' dropped, was not warned as the same wording)
    return " ".join(text.replace("…", "...").split()).casefold().rstrip(" :.?!;")


def same_text(now: str | None, then: str | None, delta: int) -> bool:
    """Whether two wordings say the same, the years in them moved with the survey year (delta)."""
    if now is None or then is None:
        return now is then
    return _normal(now) in (_normal(then), _normal(shift_years(then, delta)))


def _same_option(now: Option, then: Option, delta: int) -> bool:
    return same_text(now.label, then.label, delta) or (
        now.short_label is not None and then.short_label is not None
        and same_text(now.short_label, then.short_label, delta))


@dataclass(frozen=True)
class OptionMatch:
    """The options of one question in an earlier year (``then``) against a later one (``now``)."""

    question: str
    then: int
    now: int
    mapping: dict[int, int]  # earlier code -> the code now
    how: dict[int, str] = field(default_factory=dict)  # earlier code -> "was" | "label"
    new: tuple[int, ...] = ()  # codes now that the earlier year did not have
    gone: tuple[int, ...] = ()  # earlier codes without a counterpart now
    problems: tuple[str, ...] = ()  # codes whose meaning changed without a declaration

    @property
    def renumbered(self) -> dict[int, int]:
        """Earlier code -> code now, where they differ."""
        return {a: b for a, b in self.mapping.items() if a != b}

    @property
    def identity(self) -> bool:
        return not self.renumbered and not self.gone and not self.problems


def _declared(now_q: Question, then_q: Question, then: int, claimed: dict[int, int],
              problems: list[str]) -> set[int]:
    """Apply the ``was`` declarations of the later options; returns the codes declared new."""
    then_codes = set(then_q.codes)
    declared_new: set[int] = set()
    for o in now_q.options:
        if then not in o.was:
            continue
        code = o.was[then]
        if code is None:
            declared_new.add(o.code)
        elif code not in then_codes:
            problems.append(f"option {o.code} says was: {{{then}: {code}}}, but the {then} question has no "
                            f"option {code} (codes: {', '.join(map(str, then_q.codes))})")
        elif code in claimed:
            problems.append(f"options {claimed[code]} and {o.code} both say they were {then} option {code}")
        else:
            claimed[code] = o.code
    return declared_new


def _slipped_was(now_q: Question, then_q: Question, then: int, claimed: dict[int, int], delta: int) -> list[str]:
    """A ``was`` that names an earlier option with another label while another option now has
    that very label (review: "Nee, want" said was: {2026: 2}, 2026's "Ten dele, want", which 2027
    still asks as option 2: 2026's "Ten dele" figures were printed as "Nee")."""
    out = []
    then_by_code = {t.code: t for t in then_q.options}
    for old_code, code in claimed.items():
        option, old = now_q.option(code), then_by_code[old_code]
        if same_text(option.label, old.label, delta):
            continue
        twin = next((o for o in now_q.options if o.code != code and same_text(o.label, old.label, delta)), None)
        if twin is not None:
            out.append(f"option {code} ‘{option.label}’ says was: {{{then}: {old_code}}}, but {then}'s option "
                       f"{old_code} was ‘{old.label}’, which is option {twin.code} now: a slip? Its {then} figures "
                       f"would be shown as ‘{option.label}’")
    return out


def match_options(now_q: Question, then_q: Question, now: int, then: int) -> OptionMatch:
    """Match the options of ``now_q`` (survey year ``now``) with ``then_q`` (an earlier year)."""
    problems: list[str] = []
    claimed: dict[int, int] = {}  # earlier code -> code now
    declared_new = _declared(now_q, then_q, then, claimed, problems)
    how = {c: "was" for c in claimed}
    delta = now - then
    problems += _slipped_was(now_q, then_q, then, claimed, delta)
    pending = [o for o in now_q.options
               if o.code not in declared_new and o.code not in claimed.values() and then not in o.was]
    for o in pending:
        hits = [t for t in then_q.options if t.code not in claimed and _same_option(o, t, delta)]
        if len(hits) == 1:
            claimed[hits[0].code] = o.code
            how[hits[0].code] = "label"
            if not same_text(o.label, hits[0].label, delta) and then not in now_q.changes:
                # review: a reworded option kept its short label and was compared with the old one as if
                # nothing changed (no was, no changes, no mark on the figures)
                problems.append(
                    f"option {o.code} is ‘{o.label}’ in {now} but {then}'s option {hits[0].code} was "
                    f"‘{hits[0].label}’; only their short label ‘{o.short_label}’ is the same. The same answer "
                    f"reworded: add was: {{{then}: {hits[0].code}}} to it (its {then} figures are then shown as "
                    f"this option's); another answer: give it another short label, or say changes: {{{then}: ...}}")
    unmatched_now = [o for o in pending if o.code not in claimed.values()]
    then_by_code = {t.code: t for t in then_q.options}
    new: list[int] = sorted(declared_new)
    for o in unmatched_now:
        old = then_by_code.get(o.code)
        if old is not None and old.code not in claimed:
            problems.append(
                f"option {o.code} is ‘{o.label}’ in {now} but ‘{old.label}’ in {then}: the code changed its "
                f"meaning. The same option reworded: add was: {{{then}: {o.code}}} to it; a new option: "
                f"was: {{{then}: null}} (and give {then}'s ‘{old.label}’ its own code if it is still asked)")
        else:
            new.append(o.code)
    problem_codes = {o.code for o in unmatched_now if o.code in then_by_code and o.code not in claimed}
    gone = tuple(c for c in then_q.codes if c not in claimed and c not in problem_codes)
    return OptionMatch(now_q.key, then, now, dict(sorted(claimed.items())), how, tuple(sorted(new)), gone,
                       tuple(problems))


@dataclass(frozen=True)
class _DerivedOptions:
    """A derived variable's options (``uitvoerder``) as :func:`match_options` reads a question's."""

    key: str
    options: tuple[Option, ...]
    changes: dict = field(default_factory=dict)

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(o.code for o in self.options)

    def option(self, code: int) -> Option:
        """The group of ``code`` (as ``Question.option``: a group's ``was`` is checked as an option's; review
        h116: a renamed uitvoerder given ``was`` stopped the run on an AttributeError)."""
        for o in self.options:
            if o.code == code:
                return o
        raise KeyError(f"{self.key}: no group {code}")


def _subject(cb: Codebook, key: str) -> Question | _DerivedOptions:
    """Question ``key`` of ``cb``, or its derived variable ``key`` (matched by label as an answer list is:
    a renumbered uitvoerder keeps its earlier figures in its own column)."""
    try:
        return cb.question(key)
    except KeyError:
        d = cb.derived_variable(key)
        return _DerivedOptions(d.key, d.options)


class CodeMaps:
    """Option codes translated between configured years, chained over the years in between.

    ``codebooks``: survey year -> codebook (every configured year). ``mapping(key, 2026, 2027)``
    translates 2026 codes into 2027's; the other way round it is the inverse.
    """

    def __init__(self, codebooks: dict[int, Codebook]):
        self.codebooks = dict(sorted(codebooks.items()))
        self._steps: dict[tuple[str, int, int], OptionMatch] = {}

    def step(self, key: str, then: int, now: int) -> OptionMatch:
        """The direct match of question ``key`` between two configured years (then < now)."""
        if (key, then, now) not in self._steps:
            self._steps[(key, then, now)] = match_options(
                _subject(self.codebooks[now], key), _subject(self.codebooks[then], key), now, then)  # type: ignore[arg-type]
        return self._steps[(key, then, now)]

    def _chain(self, key: str, then: int, now: int) -> list[int]:
        return [y for y in self.codebooks if then <= y <= now and _has_options(self.codebooks[y], key)]

    def matches(self, key: str, then: int, now: int) -> list[OptionMatch]:
        """Every step of the chain from ``then`` to ``now`` (then < now; empty when not comparable)."""
        if not self.comparable(key, then, now):
            return []
        years = self._chain(key, then, now)
        return [self.step(key, a, b) for a, b in zip(years, years[1:])]

    def comparable(self, key: str, a: int, b: int) -> bool:
        return all(y in self.codebooks and _has_options(self.codebooks[y], key) for y in (a, b))

    def mapping(self, key: str, source: int, target: int) -> dict[int, int] | None:
        """Option code in ``source`` -> code in ``target`` of question ``key``; None when either
        year lacks the question (or its options). Codes without a counterpart are left out."""
        if not self.comparable(key, source, target):
            return None
        then, now = sorted((source, target))
        mapping = {c: c for c in _subject(self.codebooks[then], key).codes}
        for step in self.matches(key, then, now):
            mapping = {c: step.mapping[m] for c, m in mapping.items() if m in step.mapping}
        return mapping if source <= target else {b: a for a, b in mapping.items()}

    def all_mappings(self, source: int, target: int) -> dict[str, dict[int, int]]:
        """Question key -> code in ``source`` -> code in ``target``, for every question with options
        both years ask."""
        if source not in self.codebooks or target not in self.codebooks:
            return {}
        out = {}
        keys = [q.key for q in self.codebooks[target].questions if q.options] \
            + [d.key for d in self.codebooks[target].derived if d.options]
        for key in keys:
            m = self.mapping(key, source, target)
            if m is not None:
                out[key] = m
        return out


def _has_options(cb: Codebook, key: str) -> bool:
    try:
        return bool(_subject(cb, key).options)
    except KeyError:
        return False
