"""Reading a survey tool's choice labels as the codebook's codes: label patterns, the label
table of one column, and multi-select cells split on their labels.

A survey tool writes an option as its label, often as the questionnaire printed it: with a
prefix ("Zorgkantoor Groningen" for the codebook's "Groningen"), a routing hint ("Nee (Ga door
naar vraag 13)"), trailing dots ("Ja, want....") or a footnote marker. The export mapping
declares how such labels are cleaned (``labels:``: :class:`LabelPatterns`) and which labels
stand for which code (``values:``). :class:`LabelTable` resolves one cell of one column:

1. a code of the question, as it is -- unless the mapping declares that very code under ``values`` (the tool's own
   codes, ``{0: 1, 1: 2, 2: 3, 3: 4}``: a tool that numbers its options from 0), which then reads as declared
   (review h150: 1, 2 and 3 were read as the codebook's own 1, 2 and 3, only 0 translated);
2. the codebook's own label or short label, exactly as the codebook words it (**routine**:
   counted in one summary line of the data-quality log, not listed one by one);
3. a label the mapping declares under ``values`` (logged once per column and value);
4. the label after the mapping's label patterns, compared case- and whitespace-insensitively
   with the codebook's labels and the declared ones (routine: the analyst declared the pattern).

Anything else is left as it is: validation then reads a label that differs only in case,
spacing or trailing dots as a (logged) repair, and reports the rest as an error.

:func:`split_choices` splits a delimited multi-select cell ("Anders, namelijk,Twente") on the
labels it knows, longest first, so a label that contains the delimiter survives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from wlzmonitor.inputs.values import nfc, normalise_label

__all__ = ["LabelPatterns", "LabelTable", "Resolved", "split_choices", "PATTERN_KEYS"]

#: a code as a cell may write it: what ``int()`` reads (``isdigit()`` is also true of "¹" and
#: "²", footnote markers that ``int()`` refuses, and ``lstrip("+-")`` lets "--1" through), and no
#: longer than a code can be (``int()`` refuses more than 4300 digits)
_CODE_TEXT = re.compile(r"[+-]?\d{1,18}")
#: a whole number written with a decimal point and zeros ('11.0': the column or the mapping went through a float)
_WHOLE_DECIMAL = re.compile(r"([+-]?\d{1,18})\.0+")


def _whole_key(key: str) -> str | None:
    """``key`` as the whole number it writes ('11.0', '011' -> '11'), or None when it writes none."""
    m = _WHOLE_DECIMAL.fullmatch(key)
    return str(int(m.group(1))) if m else str(int(key)) if _CODE_TEXT.fullmatch(key) else None

#: the keys of one entry under ``labels:`` in a mapping file
PATTERN_KEYS = ("prefix", "suffix", "remove")


@dataclass(frozen=True)
class LabelPatterns:
    """How labels are cleaned before they are matched (``labels:`` in a mapping file).

    ``prefix`` / ``suffix``: literal text removed from the start / end of a label (case-
    insensitive, the first that fits); ``remove``: regular expressions whose matches are
    removed. Applied in that order, only to a label that is not recognised as it is.
    """

    prefix: tuple[str, ...] = ()
    suffix: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    _compiled: tuple[re.Pattern, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", tuple(re.compile(p) for p in self.remove))

    def __bool__(self) -> bool:
        return bool(self.prefix or self.suffix or self.remove)

    def merged(self, other: "LabelPatterns") -> "LabelPatterns":
        """These patterns followed by ``other``'s (the more specific ones)."""
        return LabelPatterns(self.prefix + other.prefix, self.suffix + other.suffix,
                             self.remove + other.remove)

    def apply(self, text: str) -> str:
        """``text`` cleaned by the patterns (stripped)."""
        t = " ".join(str(text).split())
        low = t.casefold()
        for p in self.prefix:
            if p and low.startswith(p.casefold()):
                t = t[len(p):].lstrip()
                break
        low = t.casefold()
        for s in self.suffix:
            if s and low.endswith(s.casefold()):
                t = t[: len(t) - len(s)].rstrip()
                break
        for rx in self._compiled:
            t = rx.sub("", t).strip()
        return t


@dataclass(frozen=True)
class Resolved:
    """A cell read as a code: ``how`` is ``code``, ``exact``, ``declared`` or ``pattern``;
    ``source`` names the mapping entry for ``declared``."""

    code: int
    how: str
    source: str = ""


class LabelTable:
    """The labels one column may hold, and the code each stands for.

    ``labels``: (label, code) as the codebook words them (labels and short labels; a label two
    options share is left out); ``declared``: normalised label -> (code, mapping entry);
    ``codes``: the codes the column takes; ``patterns``: the mapping's label patterns.
    """

    def __init__(self, labels: Iterable[tuple[str, int]], codes: Iterable[int],
                 declared: dict[str, tuple[int, str]] | None = None,
                 patterns: LabelPatterns | None = None):
        self.codes = frozenset(int(c) for c in codes)
        self.exact: dict[str, int] = {}
        self.normal: dict[str, int] = {}
        for label, code in labels:
            if label and label.strip():
                self.exact.setdefault(nfc(" ".join(label.split())), code)
                self.normal.setdefault(normalise_label(label), code)
        self.declared = dict(declared or {})
        #: a declared key that is a whole number, by the number it writes: '11.0' and '11' are one value (review h162)
        self._wholes = {w: k for k in reversed(list(self.declared)) for w in [_whole_key(k)] if w is not None}
        self.patterns = patterns or LabelPatterns()
        self._longest: int | None = None

    def resolve(self, text: str, loose: bool = False) -> Resolved | None:
        """The code ``text`` stands for (see the module docstring), or None. ``loose``: also
        a codebook label that differs in case, spacing or trailing dots (how an SPSS file's
        value labels are compared)."""
        t = nfc(" ".join(str(text).split()))
        if not t:
            return None
        if _CODE_TEXT.fullmatch(t) and int(t) in self.codes:
            # the tool's own code, declared ('1' or as written, '01'): a recoding, not the codebook's code
            declared = self.declared.get(t) or self.declared.get(str(int(t)))
            return Resolved(int(t), "code") if declared is None else Resolved(declared[0], "declared", declared[1])
        if t in self.exact:
            return Resolved(self.exact[t], "exact")
        key = normalise_label(t)
        if loose and key in self.normal:
            return Resolved(self.normal[key], "exact")
        if key in self.declared:
            code, source = self.declared[key]
            return Resolved(code, "declared", source)
        whole = _whole_key(key) if self._wholes else None
        if whole in self._wholes:
            code, source = self.declared[self._wholes[whole]]
            return Resolved(code, "declared", source)
        if self.patterns and len(t) <= self.longest_label():  # patterns on a longer text: no label
            cleaned = self.patterns.apply(t)
            if cleaned != t and cleaned:
                if _CODE_TEXT.fullmatch(cleaned) and int(cleaned) in self.codes:
                    return Resolved(int(cleaned), "pattern")
                ck = normalise_label(cleaned)
                if ck in self.normal:
                    return Resolved(self.normal[ck], "pattern")
                if ck in self.declared:
                    code, source = self.declared[ck]
                    return Resolved(code, "declared", source)
        return None

    def longest_label(self) -> int:
        """The longest cell the label patterns are tried on: twice the longest known label and 200
        characters. What the patterns remove is a prefix, a routing hint, trailing dots: a longer cell is no
        label, and a pattern on it could take quadratic time (trailing dots on a megabyte of dots:
        hours; review of the agency exports). Validation reports such a cell as the text it is."""
        if self._longest is None:
            known = [*self.exact, *self.declared, *self.normal]
            self._longest = 2 * max((len(k) for k in known), default=0) + 200
        return self._longest

    def max_parts(self, delimiter: str) -> int:
        """How many pieces of a cell split on ``delimiter`` one known label can span (plus
        two, for what the label patterns remove)."""
        known = list(self.exact) + list(self.declared)
        return max([k.count(delimiter) for k in known] or [0]) + 3


def split_choices(cell: str, delimiter: str, resolve: Callable[[str], Resolved | None],
                  max_parts: int | None = None) -> tuple[list[Resolved], list[str]]:
    """The choices of a delimited multi-select cell, matched longest first.

    The cell is split on ``delimiter``; from the left, the longest run of pieces that, joined
    again, ``resolve`` knows is one choice ("Anders, namelijk" stays whole when ',' is the
    delimiter). Returns (the choices, the pieces not recognised). Empty pieces (a trailing
    delimiter) are skipped. ``max_parts``: the most pieces one choice spans (default: any).
    """
    pieces = str(cell).split(delimiter)
    found: list[Resolved] = []
    unknown: list[str] = []
    i = 0
    while i < len(pieces):
        if not pieces[i].strip():
            i += 1
            continue
        last = len(pieces) if max_parts is None else min(len(pieces), i + max_parts)
        for j in range(last, i, -1):
            hit = resolve(delimiter.join(pieces[i:j]).strip())
            if hit is not None:
                found.append(hit)
                i = j
                break
        else:
            unknown.append(pieces[i].strip())
            i += 1
    return found, unknown
