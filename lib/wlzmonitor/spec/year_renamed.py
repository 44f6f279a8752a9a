"""``check-year``: a question of the previous wave this year lacks and the new question that probably is it under
another key (review h163).

A key renamed by hand between two waves starts a new series: the earlier columns stay empty, the old key's tables,
prose and codeframe entry are reported as naming a dropped question, and the page says the question was "niet
gesteld" while it was. check-year warned the rename only when the new question kept the old wording word for word
(``_renamed_key`` of :mod:`wlzmonitor.spec.year_rules`); reworded as well, the findings named the old key alone (the
layout's "dropped since", the prose's "did not ask") or the new key alone ("no table shows this question"), and
nothing said the two are one question. A new question is taken for the old one renamed when it has the same type
and either the same wording (years moved with the wave) or the same number and the same answers (options or items,
labelled alike, at least two). The findings about either key then name both keys, numbers and wordings
(:func:`renamed_to`, :func:`renamed_from`).
"""

from __future__ import annotations

from wlzmonitor.spec.codebook import Question
from wlzmonitor.spec.option_match import same_text
from wlzmonitor.spec.year_findings import Context

__all__ = ["renamed_pair", "renamed_to", "renamed_from"]


def _same_answers(now: Question, then: Question, delta: int) -> bool:
    """Whether two questions have the same answers: options and items labelled alike, in order (at least two)."""
    pairs = [(a.label, b.label) for kind in ("options", "items")
             for a, b in zip(getattr(now, kind), getattr(then, kind))]
    same_count = len(now.options) == len(then.options) and len(now.items) == len(then.items)
    return same_count and len(pairs) >= 2 and all(same_text(a, b, delta) for a, b in pairs)


def renamed_pair(ctx: Context, new: Question, old: Question) -> str | None:
    """How ``new`` (this year, a key the previous wave lacks) matches ``old`` (the previous wave, a key this year
    lacks): 'wording', 'number and answers', or None (another question)."""
    if new.type != old.type or new.key == old.key or ctx.previous is None:
        return None
    delta = ctx.year - ctx.previous
    if new.text and same_text(new.text, old.text, delta):
        return "wording"
    if str(new.number) == str(old.number) and _same_answers(new, old, delta):
        return "number and answers"
    return None


def _candidates(ctx: Context) -> list[tuple[Question, Question, str]]:
    before = ctx.previous_codebook
    if before is None or ctx.previous == ctx.year:
        return []
    gone = [o for o in before.questions if o.key not in ctx.codebook]
    new = [q for q in ctx.codebook.questions if q.key not in before]
    return [(q, o, how) for q in new for o in gone if (how := renamed_pair(ctx, q, o)) is not None]


def _both(ctx: Context, new: Question, old: Question, how: str) -> str:
    same = "has the wording of" if how == "wording" else "has the number and the answers of"
    reworded = not same_text(new.text, old.text, ctx.year - (ctx.previous or ctx.year))
    return (f"{ctx.year}'s new question '{new.key}' (Vraag {new.number} ‘{new.text}’) {same} {ctx.previous}'s "
            f"'{old.key}' (Vraag {old.number} ‘{old.text}’): if it is that question under a new key, keep the key "
            f"'{old.key}' in the {ctx.year} codebook"
            + (f" with changes: {{{ctx.previous}: \"gewijzigde vraagstelling\"}}" if reworded else "")
            + " (keys stay the same across years: a renamed key starts a new series)")


def renamed_to(ctx: Context, old_key: str | None) -> str:
    """For a finding about ``old_key``, a previous-wave question this year lacks: ' (…)' naming the new question
    that probably is it renamed, with both keys, numbers and wordings; '' when there is none."""
    found = [(q, o, how) for q, o, how in _candidates(ctx) if o.key == old_key]
    return f" ({_both(ctx, *found[0])})" if found else ""


def renamed_from(ctx: Context, new_key: str | None) -> str:
    """For a finding about ``new_key``, a question new this year: as :func:`renamed_to`, the other way round."""
    found = [(q, o, how) for q, o, how in _candidates(ctx) if q.key == new_key]
    return f" ({_both(ctx, *found[0])})" if found else ""
