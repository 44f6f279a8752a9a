"""Reading a codebook file (``data/codebooks/<year>.yml``) and validating it strictly.

:func:`load_codebook` reads one file and checks it against the schema of
docs/data_contracts.md, section 1: a typo in a key, a duplicate code or routing that points at
a question asked later raises :class:`~wlzmonitor.spec.codebook.CodebookError` naming the file
and the question, with every problem found. :func:`codebook_for_year` loads the codebook that
``config/report.yml`` names for a survey year. The model itself is
:mod:`wlzmonitor.spec.codebook`.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.codebook import (
    NUMERIC_UNITS,
    QUESTION_TYPES,
    CODE_RE,
    Codebook,
    CodebookError,
    Condition,
    Derived,
    Field,
    Fieldwork,
    Item,
    Option,
    Question,
)
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text

__all__ = ["load_codebook", "codebook_for_year"]

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")

_TOP_KEYS = ("year", "title", "fieldwork", "population", "population_was", "id_column", "complete_column",
             "questions", "derived")
_COMMON_KEYS = ("key", "number", "text", "type", "comment", "asked_if", "routing_note",
                "required", "private", "short_label", "changes", "same_group", "year_offset", "reported")
_TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "single": ("options", "text_field"),
    "multi": ("options", "text_field"),
    "matrix": ("items", "options", "item_asked_if"),
    "scale": ("items", "range", "range_labels", "item_asked_if"),
    "numeric": ("unit", "range", "plausible"),
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
    """Report every key of ``mapping`` that is not ``allowed`` (with a did-you-mean hint)."""
    allowed = list(allowed)
    for k in mapping:
        if k not in allowed:
            hint = difflib.get_close_matches(str(k), allowed, n=1, cutoff=0.6)
            probs.add(where, f"unknown key {k!r}{context}"
                      + (f" (did you mean {hint[0]!r}?)" if hint else "")
                      + f"; allowed: {', '.join(allowed)}")


def _is_int(v: Any) -> bool:
    """Whether ``v`` is a whole number (not a bool)."""
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    """Whether ``v`` is a number (not a bool)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _str(v: Any) -> bool:
    """Whether ``v`` is a string with more than white space."""
    return isinstance(v, str) and v.strip() != ""


def _parse_options(raw: Any, where: str, probs: _Problems, what: str = "options"
                   ) -> tuple[Option, ...]:
    """Answer options ``[{code, label, short_label?}, ...]``; the valid ones, in order."""
    if not isinstance(raw, list) or not raw:
        probs.add(where, f"'{what}' must be a non-empty list of {{code, label}}")
        return ()
    out: list[Option] = []
    seen: set[int] = set()
    for i, o in enumerate(raw, 1):
        if not isinstance(o, dict):
            probs.add(where, f"{what} #{i} must be a mapping {{code, label}}, got {o!r}")
            continue
        _unknown_keys(o, ("code", "label", "short_label", "was", "exclusive"), where, probs, f" in {what} #{i}")
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
        exclusive = o.get("exclusive", False)
        if not isinstance(exclusive, bool):
            probs.add(where, f"option {code}: exclusive must be true or false, got {exclusive!r}")
            exclusive = False
        out.append(Option(code, label, sl, _parse_was(o.get("was"), code, where, probs), exclusive))
    return tuple(out)


def _parse_was(raw: Any, code: int, where: str, probs: _Problems) -> dict[int, int | None]:
    """``was: {2026: 5}``: the option's code in an earlier year (null: not asked that year)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not raw or not all(
            _is_int(y) and (c is None or _is_int(c)) for y, c in raw.items()):
        merged = isinstance(raw, dict) and next((y for y, c in raw.items() if isinstance(c, (list, tuple))), None)
        probs.add(where, f"option {code}: 'was' must map survey years to that year's option code "
                         f"(or null: not asked that year), e.g. {{2026: 4}}; got {raw!r}" + (
                             f". An option that merges several {merged} options has no {merged} figure (they are not "
                             f"added up): say was: {{{merged}: null}} on it and changes: {{{merged}: \"gewijzigde "
                             f"antwoordcategorieën\"}} on the question" if merged else ""))
        return {}
    return {int(y): c for y, c in sorted(raw.items())}


def _parse_items(raw: Any, where: str, probs: _Problems) -> tuple[Item, ...]:
    """Items ``[{code, label, short_label?}, ...]`` of a matrix or scale; the valid ones."""
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
        if not isinstance(code, str) or not CODE_RE.match(code) or "__" in code:
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
    """``range: [min, max]``; None when it is not valid."""
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
    """``range_labels: {value: label}`` (values inside ``rng`` when given); the valid entries."""
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
        if _NON_ANSWER.search(v):  # review of the 2027 wave: "weet niet" as 6 of a 1-5 scale, averaged as a 6
            probs.add(where, f"range_labels value {k} ‘{v}’ is no point of the scale but a non-answer: every mean "
                             f"would count it as the score {k}. Keep it out of the range (range: "
                             f"[{rng[0] if rng else '…'}, {k - 1}]) and leave its cells empty in the export (an empty "
                             "cell is no answer), or ask it as a question of its own")
            continue
        out[k] = v
    if rng is not None and len(out) >= 2 and (min(out) > rng[0] or max(out) < rng[1]):
        probs.add(where, f"range_labels name the ends {min(out)} ‘{out[min(out)]}’ and {max(out)} ‘{out[max(out)]}’, "
                         f"but the range is {list(rng)}: a value beyond the labelled ends (a 'weet niet' added as "
                         "the next number?) would count as a score in every mean. Make the range the labelled ends, "
                         "or label its ends")
    return out


#: labels of a scale value that is no point of the scale ("weet niet", "n.v.t.", "geen mening")
_NON_ANSWER = re.compile(r"\b(?:weet\s+(?:ik\s+)?niet|geen\s+(?:mening|idee|antwoord)|n\.?v\.?t\.?|niet\s+van\s+"
                         r"toepassing|onbekend|wil\s+(?:ik\s+)?niet\s+zeggen|don'?t\s+know|not\s+applicable)\b",
                         re.IGNORECASE)


def _parse_condition(raw: Any, where: str, probs: _Problems, *, earlier: dict[str, Question],
                     later: set[str], this: dict, allow_same: bool, what: str,
                     broken: set[str] = frozenset()) -> Condition | None:
    """Parse one routing condition; ``earlier`` are the questions before this one."""
    if not isinstance(raw, dict) or not raw:
        probs.add(where, f"{what}: a condition must be a mapping, got {raw!r}")
        return None
    if "all" in raw or "any" in raw:
        return _parse_condition_group(raw, where, probs, earlier=earlier, later=later, this=this,
                                      allow_same=allow_same, what=what, broken=broken)
    return _parse_condition_leaf(raw, where, probs, earlier=earlier, later=later, this=this,
                                 allow_same=allow_same, what=what, broken=broken)


def _parse_condition_group(raw: dict, where: str, probs: _Problems, *,
                           earlier: dict[str, Question], later: set[str], this: dict,
                           allow_same: bool, what: str, broken: set[str]) -> Condition | None:
    """Parse an ``all`` / ``any`` condition: a non-empty list of conditions."""
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


def _parse_condition_leaf(raw: dict, where: str, probs: _Problems, *,
                          earlier: dict[str, Question], later: set[str], this: dict,
                          allow_same: bool, what: str, broken: set[str]) -> Condition | None:
    """Parse a leaf condition: ``question`` (optional ``item``) with ``in`` or ``not_in`` codes."""
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
    ref = _routing_question(qkey, where, probs, earlier=earlier, later=later, this=this,
                            what=what, broken=broken)
    if ref is None:
        return None
    item = raw.get("item")
    if not _routing_item_ok(ref, item, where, probs, this=this, allow_same=allow_same, what=what):
        return None
    if not _routing_codes_ok(ref, codes, where, probs, what):
        return None
    multi_codes = ref.codes if ref.type == "multi" else ()
    return Condition(op, question=qkey, item=item, codes=tuple(codes), multi_codes=multi_codes)


def _routing_question(qkey: str, where: str, probs: _Problems, *, earlier: dict[str, Question],
                      later: set[str], this: dict, what: str, broken: set[str]
                      ) -> Question | None:
    """The earlier question a condition routes on; None (problem reported) when it may not."""
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
    if ref.type in ("numeric", "open", "contact"):
        probs.add(where, f"{what}: cannot route on '{qkey}', a {ref.type} question")
        return None
    return ref


def _routing_item_ok(ref: Question, item: Any, where: str, probs: _Problems, *, this: dict,
                     allow_same: bool, what: str) -> bool:
    """Whether a condition's ``item`` fits the question it routes on (problem reported if not)."""
    qkey = ref.key
    if ref.items:
        if item is None:
            probs.add(where, f"{what}: '{qkey}' has items; name one with 'item:'")
            return False
        if item == "same":
            if not allow_same:
                probs.add(where, f"{what}: 'item: same' is only allowed in item_asked_if")
                return False
            own = [it.get("code") for it in (this.get("items") or []) if isinstance(it, dict)]
            ref_codes = {it.code for it in ref.items}
            lacking = [c for c in own if c not in ref_codes]
            if lacking:
                probs.add(where, f"{what}: 'item: same' but '{qkey}' has no item(s) "
                                 f"{', '.join(map(str, lacking))}")
                return False
        elif item not in {it.code for it in ref.items}:
            probs.add(where, f"{what}: '{qkey}' has no item {item!r} "
                             f"(items: {', '.join(it.code for it in ref.items)})")
            return False
    elif item is not None:
        probs.add(where, f"{what}: '{qkey}' has no items, so 'item: {item}' is meaningless")
        return False
    return True


def _routing_codes_ok(ref: Question, codes: list[int], where: str, probs: _Problems,
                      what: str) -> bool:
    """Whether a condition's codes are codes (or values in range) of the question it routes on."""
    qkey = ref.key
    if ref.options:
        valid = set(ref.codes)
        bad = [c for c in codes if c not in valid]
        if bad:
            probs.add(where, f"{what}: '{qkey}' has no code(s) {', '.join(map(str, bad))} "
                             f"(codes: {', '.join(map(str, ref.codes))})")
            return False
    elif ref.range is not None:
        lo, hi = ref.range
        bad = [c for c in codes if not (lo <= c <= hi)]
        if bad:
            probs.add(where, f"{what}: value(s) {', '.join(map(str, bad))} outside "
                             f"'{qkey}' range {lo}-{hi}")
            return False
    return True


def _parse_question(raw: Any, index: int, probs: _Problems, earlier: dict[str, Question],
                    later: set[str], broken: set[str] = frozenset()) -> Question | None:
    """Parse question #``index``; None when it has problems (reported to ``probs``)."""
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
    if not _question_keys_ok(raw, qtype, where, probs):
        return None
    _check_question_basics(raw, key, number, where, probs)
    answers = _parse_answer_format(raw, qtype, where, probs)
    asked_if, item_asked_if = _parse_routing(raw, qtype, where, probs, earlier, later, broken)
    changes = _parse_changes(raw.get("changes"), where, probs)
    same_group = raw.get("same_group", [])
    if not isinstance(same_group, list) or not all(_is_int(y) and 1990 <= y <= 2100 for y in same_group):
        probs.add(where, f"same_group: must list survey years (e.g. [2026]), got {same_group!r}")
        same_group = []
    year_offset = raw.get("year_offset", 0)
    if not _is_int(year_offset) or not -5 <= year_offset <= 5:
        probs.add(where, f"'year_offset' must be a whole number of years (herschikking: -1), got {year_offset!r}")

    if len(probs.items) > n_before:
        return None
    default_required = qtype not in ("open", "contact")
    return Question(
        key=key, number=number, text=raw["text"], type=qtype, **answers,
        comment=bool(raw.get("comment", False)),
        asked_if=asked_if, item_asked_if=item_asked_if, routing_note=raw.get("routing_note"),
        required=bool(raw.get("required", default_required)),
        private=bool(raw.get("private", qtype == "contact")), short_label=raw.get("short_label"),
        changes=changes, same_group=tuple(sorted({int(y) for y in same_group})), year_offset=year_offset,
        reported=bool(raw.get("reported", True)),
    )


def _question_keys_ok(raw: dict, qtype: Any, where: str, probs: _Problems) -> bool:
    """Check the type and that every key is known and applies to it; False on an unknown type."""
    if qtype not in QUESTION_TYPES:
        hint = difflib.get_close_matches(str(qtype), QUESTION_TYPES, n=1)
        probs.add(where, f"unknown type {qtype!r}"
                  + (f" (did you mean {hint[0]!r}?)" if hint else "")
                  + f"; expected one of {', '.join(QUESTION_TYPES)}")
        _unknown_keys(raw, _ALL_QUESTION_KEYS, where, probs)
        return False
    allowed = _COMMON_KEYS + _TYPE_KEYS[qtype]
    if qtype == "contact":
        allowed = tuple(k for k in allowed if k != "comment")
    for k in raw:
        if k not in allowed and k in _ALL_QUESTION_KEYS:
            probs.add(where, f"key {k!r} does not apply to a {qtype} question "
                             f"(allowed: {', '.join(allowed)})")
    _unknown_keys(raw, [k for k in _ALL_QUESTION_KEYS], where, probs)
    return True


def _check_question_basics(raw: dict, key: Any, number: Any, where: str, probs: _Problems
                           ) -> None:
    """Check the keys every question has: key, number, text, flags and optional texts."""
    if not isinstance(key, str) or not _KEY_RE.match(key) or "__" in key:
        probs.add(where, f"'key' must be lower-case letters, digits and single underscores, "
                         f"starting with a letter; got {key!r}")
    if not _str(number):
        probs.add(where, f"'number' must be a non-empty string (quote it: number: \"13\"), "
                         f"got {number!r}")
    if not _str(raw.get("text")):
        probs.add(where, "'text' (the question wording) is required")
    for flag in ("comment", "required", "private", "reported"):
        if flag in raw and not isinstance(raw[flag], bool):
            probs.add(where, f"'{flag}' must be true or false, got {raw[flag]!r}")
    for s in ("routing_note", "short_label"):
        if s in raw and not _str(raw[s]):
            probs.add(where, f"'{s}' must be a non-empty string")


def _parse_answer_format(raw: dict, qtype: str, where: str, probs: _Problems) -> dict[str, Any]:
    """The answer part of a question by type: its Question fields from options to fields."""
    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = ()
    if qtype in ("single", "multi", "matrix"):
        if "options" not in raw:
            probs.add(where, f"a {qtype} question needs 'options'")
        else:
            options = _parse_options(raw["options"], where, probs)
            if qtype != "multi":
                _no_exclusive_option(options, where, probs)
    if qtype == "matrix" or (qtype == "scale" and "items" in raw):
        if "items" not in raw:
            probs.add(where, "a matrix question needs 'items'")
        else:
            items = _parse_items(raw["items"], where, probs)
    text_opts: tuple[int, ...] = ()
    if "text_field" in raw and qtype in ("single", "multi"):
        text_opts = _parse_text_field(raw["text_field"], options, where, probs)
    unit, rng, range_labels = _parse_scale_spec(raw, qtype, where, probs)
    plausible = _parse_plausible(raw, rng, where, probs) if qtype == "numeric" else None
    fields: tuple[Field, ...] = ()
    if qtype == "open":
        fields = _parse_open_fields(raw.get("fields", 1), where, probs)
    if qtype == "contact":
        fields = _parse_contact_fields(raw.get("fields"), where, probs)
        if raw.get("private", True) is not True:
            probs.add(where, "a contact question is always private (private: true)")
    return dict(options=options, items=items, text_field_options=text_opts, unit=unit,
                range=rng, range_labels=range_labels, fields=fields, plausible=plausible)


def _no_exclusive_option(options: tuple[Option, ...], where: str, probs: _Problems) -> None:
    """``exclusive: true`` belongs to an option of a multi question: elsewhere one answer excludes the others."""
    for o in options:
        if o.exclusive:
            probs.add(where, f"option {o.code}: 'exclusive' is for an option of a multi question (here only "
                             "one option can be chosen anyway); remove it")


def _parse_text_field(tf: Any, options: tuple[Option, ...], where: str, probs: _Problems
                      ) -> tuple[int, ...]:
    """The option codes of a ``text_field: {options: [codes]}`` (single and multi questions)."""
    if not isinstance(tf, dict) or "options" not in tf:
        probs.add(where, f"'text_field' must be {{options: [codes]}}, got {tf!r}")
        return ()
    _unknown_keys(tf, ("options",), where, probs, " in text_field")
    codes = tf["options"]
    if not isinstance(codes, list) or not codes or not all(_is_int(c) for c in codes):
        probs.add(where, f"text_field options must be a list of codes, got {codes!r}")
        return ()
    valid = {o.code for o in options}
    bad = [c for c in codes if c not in valid]
    if bad and options:
        probs.add(where, f"text_field refers to non-existent option code(s) "
                         f"{', '.join(map(str, bad))}")
    return tuple(codes)


def _parse_scale_spec(raw: dict, qtype: str, where: str, probs: _Problems
                      ) -> tuple[str | None, tuple | None, dict[int, str]]:
    """``unit``, ``range`` and ``range_labels`` of a scale, nps or numeric question."""
    unit = None
    rng = None
    range_labels: dict[int, str] = {}
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
            # review h94: a 2027 questionnaire asking 1-10 got only this, not what to do
            probs.add(where, f"an nps question's range is [0, 10] (critici 0-6, neutralen 7-8, fans 9-10), got "
                             f"{raw['range']!r}: a score asked on another scale gives no NPS comparable with the "
                             "earlier years'. Ask it 0-10, or make it a question of its own: another key, type: scale "
                             "(its mean, a new series) and tables of that kind instead of the nps tables")
        range_labels = _parse_range_labels(raw.get("range_labels"), rng, where, probs)
    if qtype == "numeric":
        unit = raw.get("unit")
        if unit not in NUMERIC_UNITS:
            probs.add(where, f"'unit' must be one of {', '.join(NUMERIC_UNITS)}, got {unit!r}")
        if "range" in raw:
            rng = _parse_range(raw["range"], where, probs, nullable=True,
                               integer=False)
    return unit, rng, range_labels


def _parse_plausible(raw: dict, rng: tuple | None, where: str, probs: _Problems
                     ) -> tuple | None:
    """``plausible: [min, max]`` of a numeric question: inside its ``range``; None when absent."""
    if "plausible" not in raw:
        return None
    got = raw["plausible"]
    ok = (isinstance(got, list) and len(got) == 2 and any(v is not None for v in got)
          and all(v is None or _is_num(v) for v in got))
    if not ok:
        probs.add(where, "'plausible' must be [min, max] of numbers (one of them may be null), "
                         f"got {got!r}")
        return None
    lo, hi = got
    if lo is not None and hi is not None and lo > hi:
        probs.add(where, f"'plausible' minimum {lo} is above maximum {hi}")
        return None
    r_lo, r_hi = rng if rng is not None else (None, None)

    def inside(v: Any) -> bool:
        return v is None or ((r_lo is None or v >= r_lo) and (r_hi is None or v <= r_hi))
    if not (inside(lo) and inside(hi)):
        probs.add(where, f"'plausible' {got!r} must lie inside 'range' {list(rng)!r}")
        return None
    return (lo, hi)


def _parse_open_fields(n: Any, where: str, probs: _Problems) -> tuple[Field, ...]:
    """The text fields ``"1"``..``"n"`` of an open question (``fields: n``, default 1)."""
    if not _is_int(n) or n < 1:
        probs.add(where, f"an open question's 'fields' must be a whole number >= 1, got {n!r}")
        n = 1
    return tuple(Field(str(i)) for i in range(1, n + 1))


def _parse_contact_fields(fr: Any, where: str, probs: _Problems) -> tuple[Field, ...]:
    """The fields of a contact question: ``fields: [{code, label, options?}, ...]``."""
    if not isinstance(fr, list) or not fr:
        probs.add(where, "a contact question needs 'fields: [{code, label}, ...]'")
        return ()
    seen: set[str] = set()
    fl: list[Field] = []
    for i, f in enumerate(fr, 1):
        if not isinstance(f, dict):
            probs.add(where, f"field #{i} must be a mapping {{code, label}}")
            continue
        _unknown_keys(f, ("code", "label", "options"), where, probs, f" in field #{i}")
        code = f.get("code")
        if not isinstance(code, str) or not CODE_RE.match(code) or "__" in code:
            probs.add(where, f"field #{i}: code must be lower-case letters, digits and "
                             f"underscores, got {code!r}")
            continue
        if code in seen:
            probs.add(where, f"duplicate field code {code!r}")
            continue
        seen.add(code)
        fopts = (_parse_options(f["options"], where, probs, f"field {code} options")
                 if "options" in f else ())
        _no_exclusive_option(fopts, where, probs)
        fl.append(Field(code, f.get("label") or "", fopts))
    return tuple(fl)


def _parse_routing(raw: dict, qtype: str, where: str, probs: _Problems,
                   earlier: dict[str, Question], later: set[str], broken: set[str]
                   ) -> tuple[Condition | None, Condition | None]:
    """A question's ``asked_if`` and ``item_asked_if`` conditions (None where absent or broken)."""
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
    return asked_if, item_asked_if


def _parse_changes(raw_changes: Any, where: str, probs: _Problems) -> dict[int, str]:
    """``changes``: survey year -> how the question asked that year differs, sorted by year."""
    if raw_changes is None:
        return {}
    if not isinstance(raw_changes, dict) or not all(
            _is_int(y) and isinstance(t, str) and t.strip() for y, t in raw_changes.items()):
        probs.add(where, "changes: must map survey years to a non-empty description "
                         f"(e.g. {{2025: \"gewijzigde antwoordcategorieën\"}}), got {raw_changes!r}")
        return {}
    return {int(y): str(t).strip() for y, t in sorted(raw_changes.items())}


def _parse_derived(raw: Any, index: int, probs: _Problems, questions: dict[str, Question],
                   broken: set[str] = frozenset()) -> Derived | None:
    """Parse derived variable #``index``; None when it has problems (reported to ``probs``)."""
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
    _no_exclusive_option(options, where, probs)
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
        missing = [c for c in (srcq.codes if srcq is not None and srcq.type == "single" else ()) if c not in mapping]
        if missing:  # a respondent with that answer would stop the run (review: an option added to the source)
            probs.add(where, f"map: code(s) {', '.join(map(str, missing))} of '{src}' "
                             f"({'; '.join(srcq.option(c).label for c in missing)}) in no group: every answer of "
                             f"'{src}' needs one (add it to the map)")
    if len(probs.items) > n_before:
        return None
    return Derived(key=key, label=raw["label"], source=src, map=mapping, options=options)


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file; raises :class:`CodebookError` on any problem."""
    path = Path(path)
    probs = _Problems(path)
    data = _read_codebook_yaml(path)
    header = _parse_header(data, probs)
    questions, broken, seen_keys = _parse_questions(data.get("questions"), probs)
    derived = _parse_derived_list(data.get("derived") or [], probs, questions, broken, seen_keys)
    _check_unique_columns(header["id_column"], header["complete_column"], questions, derived,
                          probs)
    probs.raise_if_any()
    return Codebook(**header, questions=tuple(questions), derived=tuple(derived), path=path)


def _read_codebook_yaml(path: Path) -> dict:
    """The codebook file as a YAML mapping; :class:`CodebookError` when it cannot be read."""
    try:
        text = read_input_text(path)
    except FileNotFoundError:
        raise CodebookError(f"{path}: codebook file not found") from None
    except UnicodeDecodeError as e:
        raise CodebookError(f"{path}: codebook must be UTF-8 ({e})") from None
    try:
        data = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise CodebookError(f"{path}: not valid YAML: {yaml_error_text(e)}") from None
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: a codebook must be a YAML mapping (year, title, ...)")
    return data


def _parse_header(data: dict, probs: _Problems) -> dict[str, Any]:
    """The top-level keys other than questions and derived, as :class:`Codebook` fields."""
    _unknown_keys(data, _TOP_KEYS, "", probs, " at top level")
    year = data.get("year")
    if not _is_int(year):
        probs.add("", f"'year' must be a whole number, got {year!r}")
    title = data.get("title")
    if not _str(title):
        probs.add("", "'title' is required")
    fieldwork = _parse_fieldwork(data.get("fieldwork"), probs)
    population = data.get("population")
    if population is not None and (not _is_int(population) or population <= 0):
        probs.add("", f"'population' must be a positive whole number, got {population!r}")
    population_was = _parse_population_was(data.get("population_was"), probs)
    id_col = data.get("id_column")
    complete_col = data.get("complete_column")
    for name, v in (("id_column", id_col), ("complete_column", complete_col)):
        if not _str(v):
            probs.add("", f"'{name}' is required (a column name)")
    return dict(year=year, title=title, fieldwork=fieldwork, population=population,
                population_was=population_was, id_column=id_col, complete_column=complete_col)


def _parse_population_was(was: Any, probs: _Problems) -> dict[int, int]:
    """``population_was: {2026: 360}``: the analyst checked that the members approached are, this year, as
    many as that year's (check-year warns on a population copied unchanged from the previous wave)."""
    if was is None:
        return {}
    if not isinstance(was, dict) or not all(_is_int(y) and _is_int(n) and n > 0 for y, n in was.items()):
        probs.add("", f"'population_was' must be {{year: members approached that year}} (e.g. {{2026: 360}}), "
                      f"got {was!r}")
        return {}
    return {int(y): int(n) for y, n in was.items()}


def _parse_fieldwork(fw: Any, probs: _Problems) -> Fieldwork | None:
    """``fieldwork: {start: date, end: date}``; None when absent or not valid."""
    if fw is None:
        return None
    if not isinstance(fw, dict):
        probs.add("", f"'fieldwork' must be {{start: date, end: date}}, got {fw!r}")
        return None
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
    if not all(isinstance(d, _dt.date) for d in dates):
        return None
    if dates[0] > dates[1]:
        probs.add("", "fieldwork start is after its end")
    return Fieldwork(dates[0], dates[1])


def _parse_questions(raw_qs: Any, probs: _Problems
                     ) -> tuple[list[Question], set[str], set[str]]:
    """The questions in order, the keys of broken questions, and every question key seen."""
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
    return questions, broken, seen_keys


def _parse_derived_list(raw_d: Any, probs: _Problems, questions: list[Question],
                        broken: set[str], seen_keys: set[str]) -> list[Derived]:
    """The derived variables, each checked against the questions and for a unique key."""
    derived: list[Derived] = []
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
    return derived


def _check_unique_columns(id_col: Any, complete_col: Any, questions: list[Question],
                          derived: list[Derived], probs: _Problems) -> None:
    """Column names must be unique across the whole export."""
    cols: dict[str, str] = {}
    for owner, cs in ([("meta", [c for c in (id_col, complete_col) if _str(c)])]
                      + [(q.key, q.columns()) for q in questions]
                      + [(d.key, [d.key]) for d in derived]):
        for c in cs:
            if c in cols:
                probs.add("", f"column {c!r} of {owner} clashes with a column of {cols[c]}")
            cols[c] = owner


def codebook_for_year(year: int, root: str | Path | None = None) -> Codebook:
    """Load the codebook of ``year`` named in ``config/report.yml`` (root: the repository root)."""
    path = load_config(Path(root) if root is not None else None).sources(year).codebook
    if not path.exists():
        raise CodebookError(f"{path}: no codebook for {year}")
    cb = load_codebook(path)
    if cb.year != year:
        raise CodebookError(f"{path}: says year {cb.year}, expected {year}")
    return cb
