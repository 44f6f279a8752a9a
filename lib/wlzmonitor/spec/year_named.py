"""``check-year``: a year named in the codebook's texts that is no year of the wave (review h154).

The texts of a wave's codebook (a question's wording, short label and routing note, its items' and options'
labels and short labels) name the years of the wave: its own, the years before it (the fieldwork, the
herschikking, the earlier waves it compares) and at most the next ('het inkoopbeleid voor 2028 en verder' in
2027), plus fixed dates ('sinds de invoering van de Wlz in 2015'). Two rules, both warnings:

- a text worded as its counterpart of the previous wave apart from its years: each year is the counterpart's
  (a fixed date) or that moved by the distance between the waves (a year of the wave, as new-year moves it), or
  the wave's own year or the year its answers are about (a question asked about another year: ``_other_period``
  of :mod:`wlzmonitor.spec.year_rules` says what that means); any other year is a typo ('Overeenkomst Wlz 2028' or '2072' where 2026 said 'Overeenkomst Wlz 2026'). A year
  left as the previous wave's own is :func:`wlzmonitor.spec.year_rules._stale_label_years`' warning;
- any other text (a new question, option or item, or one reworded): a year after the year after the wave.

Until review h154 only last year's year left in a label was warned; a year after the wave passed (the item's
relabelling was an error whose advice, ``changes``, silenced it) and a new question's did too.
"""

from __future__ import annotations

import re

from wlzmonitor.spec.codebook import Question
from wlzmonitor.spec.option_match import same_text
from wlzmonitor.spec.year_findings import Context, Finding

__all__ = ["check_named_years"]

_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _years(text: str | None) -> list[int]:
    return [int(y) for y in _YEAR.findall(text or "")]


def _same_but_years(now: str, then: str) -> bool:
    """Whether two texts say the same but for their years (as many, in the same places)."""
    return len(_years(now)) == len(_years(then)) and same_text(_YEAR.sub("#", now), _YEAR.sub("#", then), 0)


def _option_pairs(ctx: Context, q: Question, old: Question, then: int) -> list[tuple]:
    """(option now, its counterpart in ``then`` or None): as matched, else the option of the same code that
    nothing matched (a label whose year was mistyped matches no label)."""
    if not (q.options and old.options):
        return [(o, None) for o in q.options]
    mapping = ctx.maps.step(q.key, then, ctx.year).mapping
    back = {now: was for was, now in mapping.items()}
    before = {o.code: o for o in old.options}
    pairs = []
    for option in q.options:
        code = back.get(option.code, option.code if option.code not in mapping and option.code not in back else None)
        pairs.append((option, before.get(code) if code is not None else None))
    return pairs


def _texts(ctx: Context, q: Question, old: Question | None, then: int | None) -> list[tuple[str, str, str | None]]:
    """(what, the text now, its counterpart in ``then`` or None) of every text of ``q`` that names a year."""
    out = [(what, getattr(q, attr), getattr(old, attr) if old is not None else None)
           for what, attr in (("the wording", "text"), ("the short label", "short_label"),
                               ("the routing note", "routing_note"))]
    before = {item.code: item for item in old.items} if old is not None else {}
    entries = [("item", item, before.get(item.code)) for item in q.items]
    entries += [("option", o, was) for o, was in (_option_pairs(ctx, q, old, then) if old is not None and then
                                                 else [(o, None) for o in q.options])]
    for kind, entry, was in entries:
        for attr, name in (("label", "label"), ("short_label", "short label")):
            out.append((f"{kind} {entry.code}'s {name}", getattr(entry, attr), getattr(was, attr, None)))
    return [(what, now, was) for what, now, was in out if _years(now)]


def _named_years(ctx: Context, q: Question, old: Question | None, then: int | None) -> list[Finding]:
    out, last = [], ctx.year + 1
    for what, now, was in _texts(ctx, q, old, then):
        if was and then is not None and _same_but_years(now, was):
            delta = ctx.year - then
            for year, before in zip(_years(now), _years(was)):
                if year not in (before, before + delta, ctx.year, ctx.year + q.year_offset):
                    out.append(Finding("warning", "changes", ctx.at_question(q.key),
                                       f"{what} ‘{now}’ names {year} where {then}'s (‘{was}’) named {before}: a year "
                                       f"of the wave moves with it ({before + delta}), a fixed date stays ({before}); "
                                       f"{year} is neither, a typo? The {ctx.year} report prints it as written. Write "
                                       f"{before + delta} (or {before}); if the {ctx.year} questionnaire does print "
                                       f"{year}, leave it (this warning then stays)"))
            continue
        for year in dict.fromkeys(y for y in _years(now) if y > last):
            out.append(Finding("warning", "changes", ctx.at_question(q.key),
                               f"{what} ‘{now}’ names {year}, after {last}: the {ctx.year} wave's texts name its own "
                               f"year, the years before it and at most the next ({last}); a typo? The {ctx.year} "
                               f"report prints it as written. Correct the year; if the {ctx.year} questionnaire does "
                               f"print {year}, leave it (this warning then stays)"))
    return out


def check_named_years(ctx: Context) -> list[Finding]:
    """Every year named in the year's codebook texts that is no year of the wave (the module's docstring)."""
    out = []
    for q in ctx.codebook.questions:
        then = max((y for y, cb in ctx.codebooks.items() if y < ctx.year and q.key in cb), default=None)
        old = ctx.codebooks[then].question(q.key) if then is not None else None
        out += _named_years(ctx, q, old, then)
    return out
