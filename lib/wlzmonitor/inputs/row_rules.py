"""Row rules of an export mapping: which rows are no respondents, and which are complete.

A survey tool's export holds rows that are not responses to analyse: previews and test
responses of the people who built the survey, responses marked as spam, and responses that
were started but not finished. The tool says so in its own columns (Qualtrics: ``Status``,
``Finished``, ``Progress``; LimeSurvey: an empty ``submitdate``; any tool: a test address in
the e-mail column). A mapping file states the rules on those columns:

.. code-block:: yaml

    exclude:                                   # rows that are no respondents, with their reason
      - {column: Status, in: ["Survey Preview", "1"], reason: preview}
      - {column: Status, in: ["Survey Test", "2"], reason: test}
    complete:                                  # the completion flag (voltooid) from the status
      all:
        - {column: Finished, in: ["True", "1"]}
        - {column: Progress, at_least: 100}

``complete: true`` says every row is a complete response (a form keeps submitted responses
only; a tool without a status column leaves incomplete ones to the required answers).
A condition is one of ``{column: H, in: [...]}``, ``not_in``, ``{column: H, empty: true}``,
``filled: true``, ``at_least: N``, ``below: N``, ``matches: REGEX``, or ``{all: [...]}`` /
``{any: [...]}`` of conditions. ``in`` compares labels case- and whitespace-insensitively, with
the cell as stored and, for an SPSS file, with its value label (so ``in: ["Survey Preview"]``
also finds a stored 1 labelled "Survey Preview"). An empty cell meets neither ``at_least`` nor
``below``. A cell written with a spreadsheet's text prefix (``'R0004``, ``'50``) is also read without
it, as validation reads ids and numbers. This module parses and evaluates them; :mod:`wlzmonitor.inputs.mapping` applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from wlzmonitor.inputs.values import normalise_label, parse_number

__all__ = ["CODE_LIKE", "RowCondition", "parse_condition", "REASONS", "RuleError", "TEXT_PREFIX", "without_text_prefix"]

#: what survey tools write for a missing value: no value for ``empty`` / ``filled``
MISSING_WORDS = frozenset({"N/A", "#N/A", "#N/B", "NULL", "NAN", "NONE"})  # #N/B: a Dutch Excel's #N/A
#: a number as a re-saved export writes a code ("1.0", "01", "+1"): compared as the number for ``in``
CODE_LIKE = re.compile(r"\s*[+-]?\d{1,6}(?:[.,]0+)?\s*")

#: a spreadsheet's text prefix written into a cell as a character ("'R0004": typed so in a CSV, or a sheet that
#: kept it): the apostrophe Excel shows nothing of and never stores (validation takes it off the ids, review h152)
TEXT_PREFIX = re.compile(r"^'+")

#: ``reason:`` of an exclude rule -> the exclusion reason in the log and the accounting
#: (:data:`wlzmonitor.inputs.quality_log.RULE_EXCLUSION_REASONS`)
REASONS = {"preview": "survey preview", "test": "test response", "spam": "spam"}
_LEAF_OPS = ("in", "not_in", "empty", "filled", "at_least", "below", "matches")


class RuleError(ValueError):
    """A rule in the mapping file is malformed (the mapping turns it into a MappingError)."""


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@dataclass(frozen=True)
class RowCondition:
    """One condition on an export's own columns (see the module docstring)."""

    op: str
    column: str | None = None
    values: tuple[str, ...] = ()
    number: float | None = None
    pattern: str | None = None
    parts: tuple["RowCondition", ...] = ()

    def leaves(self) -> list["RowCondition"]:
        """The conditions on one column this condition is made of (itself when it is one)."""
        if self.op in ("all", "any"):
            return [leaf for p in self.parts for leaf in p.leaves()]
        return [] if self.op == "always" else [self]

    def headers(self) -> list[str]:
        """The export headers the condition reads."""
        if self.op == "always":
            return []
        if self.op in ("all", "any"):
            return [h for p in self.parts for h in p.headers()]
        return [self.column] if self.column else []

    def describe(self, personal: Callable[[str], bool] = lambda header: False) -> str:
        """``Status is one of 'Survey Preview', '1'`` -- the rule, never a cell's value. `personal(header)`:
        the column holds personal data (an identifying column, a header such as 'RecipientLastName' or
        'E-mail'): the rule's own values and pattern are then not shown either ("'RecipientLastName' is
        one of 2 values of the mapping"), since they are names or addresses an analyst typed in (review of
        the agency exports: 'Jansen', 'de Vries' were written into every excluded row's line of the log)."""
        if self.op == "always":
            return "every row"
        if self.op in ("all", "any"):
            joiner = " and " if self.op == "all" else " or "
            return "(" + joiner.join(p.describe(personal) for p in self.parts) + ")"
        c = f"'{self.column}'"
        if self.column is not None and personal(self.column) and self.op in ("in", "not_in", "matches"):
            counted = f"{len(self.values)} value(s) of the mapping (a column with personal data: not shown)"
            return {"in": f"{c} is one of {counted}", "not_in": f"{c} is none of {counted}",
                    "matches": f"{c} matches a pattern of the mapping (a column with personal data: not shown)"
                    }[self.op]
        shown = ", ".join(f"'{v}'" for v in self.values)
        return {"in": f"{c} is one of {shown}", "not_in": f"{c} is none of {shown}",
                "empty": f"{c} is empty", "filled": f"{c} is filled in",
                "at_least": f"{c} is at least {_text(self.number)}",
                "below": f"{c} is below {_text(self.number)}",
                "matches": f"{c} matches /{self.pattern}/"}[self.op]

    def evaluate(self, cells: Callable[[str], tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """True per row where the condition holds; ``cells(header)`` gives the column's
        stripped texts and their value labels ('' where none)."""
        if self.op == "always":
            raise ValueError("'always' has no rows of its own: evaluate with a frame length")
        if self.op in ("all", "any"):
            results = [p.evaluate(cells) for p in self.parts]
            return (np.logical_and.reduce(results) if self.op == "all"
                    else np.logical_or.reduce(results))
        text, labels = cells(self.column)  # type: ignore[arg-type]
        plain = [without_text_prefix(t) for t in text]
        if self.op in ("empty", "filled"):
            # a tool's word for a missing value is no value (LimeSurvey writes N/A for an unset submitdate
            # when asked to: "filled" took an unfinished response for a finished one)
            filled = np.array([t != "" and t.strip().upper() not in MISSING_WORDS for t in plain], dtype=bool)
            return filled if self.op == "filled" else ~filled
        if self.op in ("in", "not_in"):
            wanted = {normalise_label(v) for v in self.values}
            # the same number however it is written: Status 1 is "1.0" or "01" in an export saved again
            numbers = {n for n in map(parse_number, self.values) if n is not None}
            hit = np.array([any(normalise_label(v) in wanted
                                or (bool(numbers) and CODE_LIKE.fullmatch(v) is not None and parse_number(v) in numbers)
                                for v in {t, p}) or (lab != "" and normalise_label(lab) in wanted)
                            for t, p, lab in zip(text, plain, labels)], dtype=bool)
            return hit if self.op == "in" else ~hit
        if self.op == "matches":
            rx = re.compile(self.pattern or "")
            return np.array([bool(rx.search(t) or rx.search(p)) for t, p in zip(text, plain)], dtype=bool)
        numbers = [parse_number(t, percent=True) for t in plain]
        if self.op == "at_least":
            return np.array([v is not None and v >= self.number for v in numbers], dtype=bool)
        return np.array([v is not None and v < self.number for v in numbers], dtype=bool)


#: the words a completion column holds for a finished response (Excel in Dutch writes TRUE as WAAR)
FINISHED_WORDS = frozenset({"1", "true", "waar", "ja", "yes", "y", "j", "complete", "completed", "compleet",
                            "voltooid", "afgerond", "finished", "submitted", "ingediend", "volledig", "klaar"})
#: ... and for an unfinished one (a value a ``complete: {in: [...]}`` rule rightly does not count)
UNFINISHED_WORDS = frozenset({"0", "false", "onwaar", "nee", "no", "n", "f", "partial", "partially completed",
                              "gedeeltelijk", "deels", "onvolledig", "incomplete", "incompleet", "in progress",
                              "niet voltooid", "niet afgerond", "not finished", "unfinished", "bezig",
                              "onderbroken", "open", "started", "gestart", "abandoned", "afgebroken"})


def completion_word(text: str) -> str | None:
    """``"finished"`` or ``"unfinished"`` when ``text`` is a word (or 1 / 0 however written) that a
    completion column holds for such a response, else None."""
    t = without_text_prefix(" ".join(str(text).split()).casefold())
    if CODE_LIKE.fullmatch(t) is not None:
        number = parse_number(t)
        return {1: "finished", 0: "unfinished"}.get(number) if number is not None else None  # type: ignore[call-overload]
    return "finished" if t in FINISHED_WORDS else "unfinished" if t in UNFINISHED_WORDS else None


def without_text_prefix(text: str) -> str:
    """``text`` without a spreadsheet's text prefix (``'R0004``, ``'50``: the apostrophe Excel never stores, written
    into the cell), as validation reads the respondent id and a code or number cell (review h152); the rules read
    a cell both as written and so, else an ``exclude`` rule on ``R0004`` missed ``'R0004``, whose row validation
    then kept as respondent R0004 (review of session 44)."""
    return TEXT_PREFIX.sub("", text).strip() if text.startswith("'") else text


def parse_condition(raw: Any, where: str) -> RowCondition:
    """A condition from the mapping file; raises :class:`RuleError` naming ``where``."""
    if raw is True and where == "complete":
        return RowCondition("always")
    if not isinstance(raw, dict) or not raw:
        raise RuleError(f"{where}: a condition must be a mapping such as "
                        "{column: Status, in: [...]} or {all: [...]}")
    if set(raw) & {"all", "any"}:
        if len(raw) != 1:
            raise RuleError(f"{where}: 'all' / 'any' stand alone, got {sorted(map(str, raw))}")
        op = next(iter(raw))
        parts = raw[op]
        if not isinstance(parts, list) or not parts:
            raise RuleError(f"{where}.{op}: a list of conditions")
        return RowCondition(op, parts=tuple(parse_condition(p, f"{where}.{op}[{i + 1}]")
                                            for i, p in enumerate(parts)))
    ops = [k for k in raw if k in _LEAF_OPS]
    unknown = sorted(str(k) for k in raw if k not in _LEAF_OPS and k != "column")
    if "column" not in raw or len(ops) != 1 or unknown:
        raise RuleError(f"{where}: a condition is {{column: HEADER, OP: ...}} with one OP of "
                        f"{', '.join(_LEAF_OPS)} (or all/any)"
                        + (f"; unknown key(s) {', '.join(unknown)}" if unknown else ""))
    op, value, column = ops[0], raw[ops[0]], str(raw["column"]).strip()
    if op in ("in", "not_in"):
        vals = value if isinstance(value, list) else [value]
        return RowCondition(op, column, values=tuple(_text(v) for v in vals))
    if op in ("empty", "filled"):
        if value is not True:
            raise RuleError(f"{where}: {op}: true")
        return RowCondition(op, column)
    if op == "matches":
        try:
            re.compile(str(value))
        except re.error as e:
            raise RuleError(f"{where}: matches: not a regular expression ({e})") from None
        return RowCondition(op, column, pattern=str(value))
    number = parse_number(value) if not isinstance(value, bool) else None
    if number is None:
        raise RuleError(f"{where}: {op}: a number, got {value!r}")
    return RowCondition(op, column, number=number)
