"""check-year on routing between waves: another group of respondents asked than in the previous
wave (:func:`changed_routing`), and routing notes that name questions by numbers the questionnaire
has renumbered since (:func:`stale_routing_note`). Part of ``check_changes``
(:mod:`wlzmonitor.spec.year_rules`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wlzmonitor.spec.codebook import Question
from wlzmonitor.spec.option_match import same_text
from wlzmonitor.spec.year_findings import Context, Finding

__all__ = ["changed_routing", "routed_on_changed", "routed_on_reworded", "routed_under_changed_routing",
           "stale_routing_note"]


#: question numbers in a routing note: "vraag 13", "De vragen 31, 35 en 36"
_NOTE_NUMBERS = re.compile(r"\b[Vv]ra(?:ag|gen)\s+(\d+(?:\s*(?:,|en|of)\s*\d+)*)")


def stale_routing_note(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """A routing note copied unchanged from the previous wave that names questions by numbers the
    questionnaire has renumbered since (review: Bijlage 4 kept 'De vragen 31, 35 en 36' where Vraag 31
    is now another question): a warning naming the numbers, for the analyst to update the note."""
    if not q.routing_note or not same_text(q.routing_note, old.routing_note, ctx.year - then):
        return []
    before = {x.number: x.key for x in ctx.codebooks[then].questions}
    now = {x.number: x.key for x in ctx.codebook.questions}
    moved = []
    for m in _NOTE_NUMBERS.finditer(q.routing_note):
        for number in re.findall(r"\d+", m.group(1)):
            if before.get(number) is not None and now.get(number) != before[number]:
                where = next((x.number for x in ctx.codebook.questions if x.key == before[number]), None)
                moved.append(f"vraag {number} ({before[number]}, "
                             + (f"now vraag {where})" if where else f"not asked in {ctx.year})"))
    if not moved:
        return []
    return [Finding("warning", "codes", ctx.at_question(q.key),
                    f"routing_note is {then}'s, but the questions it names were renumbered: "
                    f"{', '.join(dict.fromkeys(moved))}. Update the numbers in the note (Bijlage 4 prints it)")]


def changed_routing(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """Another group of respondents asked than in the previous wave (review: ``not_in [4]`` became
    ``in [1, 2]``: 2026's base of 113 tested against 2027's 85, unmarked): the routing compared as
    the answers that lead to the question, in this year's codes (a renumbered option counts as the
    same answer; an option one of the years lacks is left out of the comparison). An error until
    ``changes`` says so; routing that only kept old codes after a renumbering is a warning of its
    own (_code_references)."""
    out = []
    for field in ("asked_if", "item_asked_if"):
        now, before = getattr(q, field), getattr(old, field)
        if now is None and before is None:
            continue
        shared: dict[str, set | None] = {}
        forms = (_routing_form(ctx, now, None, shared), _routing_form(ctx, before, then, shared))
        if _UNCOMPARABLE not in repr(forms):
            forms = (_routing_form(ctx, now, None, shared, restrict=True),
                     _routing_form(ctx, before, then, shared, restrict=True))
        if _UNCOMPARABLE in repr(forms):  # review of the 2027 wave: skipped, so a dropped parent went unmarked
            out.append(Finding("error", "changes", ctx.at_question(q.key),
                               f"{field} in {then} ({_routing_text(before, ctx.codebooks[then])}) routes on answers "
                               f"{ctx.year}'s codebook cannot match (a question dropped, renamed or asked with other "
                               f"options), {'now ' + _routing_text(now, ctx.codebook) if now is not None else 'now asked of everyone'}"
                               f": its figures may be of another group of respondents. Add changes: "
                               f"{{{then}: \"gewijzigde routering\"}} (the comparison is then not tested and marked), "
                               "or give the question a key of its own"))
            continue
        if forms[0] != forms[1]:
            said_then, said_now = _routing_text(before, ctx.codebooks[then]), _routing_text(now, ctx.codebook)
            # written alike, it differs in what the codes mean (review: the message showed two equal sides)
            why = ("" if said_then != said_now else
                   f" (written alike, but the options it names were matched otherwise between the years — a `was` "
                   f"or a changed label —, so its {then} answers are others in {ctx.year}'s codes: check the "
                   f"`was` of those options first)")
            out.append(Finding("error", "changes", ctx.at_question(q.key),
                               f"{field} differs from {then}'s ({said_then} in {then}, {said_now} in {ctx.year})"
                               f"{why}: its figures are of another group of respondents. Add changes: "
                               f"{{{then}: \"gewijzigde routering\"}} (the comparison is then not tested and marked), "
                               "or give the question a key of its own"))
    return out


def routed_on_changed(ctx: Context, q: Question, then: int) -> list[Finding]:
    """A question asked of the respondents who gave answers that changed since ``then`` -- an option the
    routing selects (``in``) or leaves (``not_in``) that is new, gone or worded otherwise in a question
    whose ``changes`` name ``then`` --, while its own ``changes`` do not: the same routing picks another
    group of respondents, but the follow-up's figures were compared and tested unmarked (review of the
    2027 wave: tariefpercentage's option 3 reworded, tariefpercentage_hoger still compared). An error until
    its ``changes`` say so too. (A parent asked differently whose routed answers stayed the same, 2026's
    transitie_afspraken, picks the same group.)"""
    out = []
    for field in ("asked_if", "item_asked_if"):
        cond = getattr(q, field)
        for leaf in cond.leaves() if cond is not None else []:
            moved = _routed_answers_changed(ctx, leaf, then)
            if not moved:
                continue
            parent = ctx.codebook.question(leaf.question)
            out.append(Finding("error", "changes", ctx.at_question(q.key),
                               f"{field} reads {parent.label}, whose answers it routes on changed since {then} "
                               f"({'; '.join(moved)}; changes: {parent.changes[then]}): the same routing picks another "
                               f"group of respondents, so its figures cannot be compared with {then}'s unmarked. Add "
                               f"changes: {{{then}: \"gewijzigde routering\"}} (the comparison is then not tested "
                               "and marked)"))
    return out


def routed_on_reworded(ctx: Context, q: Question, then: int) -> list[Finding]:
    """A question asked of the respondents who gave an answer to a question *worded* otherwise since ``then``
    (its ``changes`` name ``then``, its options and so the routing's answers the same): the same answer to
    another question may come from another group, while the follow-up's figures are compared and tested
    unmarked (review of the 2027 wave, F6b). A warning — a rewording can leave the group as it was — until
    the follow-up's ``changes`` name ``then`` (marked, not tested) or its ``same_group`` does (the analyst's
    judgement that the reworded question picks the same group)."""
    if then in q.same_group:
        return []
    out = []
    for field, key in _routing_parents(ctx, q, then, set()):
        parent, before = ctx.codebook.question(key), ctx.codebooks[then].question(key)
        if then not in parent.changes or same_text(parent.text, before.text, ctx.year - then):
            continue
        out.append(Finding("warning", "changes", ctx.at_question(q.key),
                           f"{field} reads {parent.label}, worded otherwise since {then} (‘{before.text}’ in "
                           f"{then}; changes: {parent.changes[then]}): the same answer to another question may "
                           f"come from another group of respondents, and its figures are compared with {then}'s "
                           f"unmarked. Add changes: {{{then}: \"gewijzigde routering\"}} (the comparison is then "
                           f"not tested and marked), or same_group: [{then}] when the reworded question picks the "
                           "same group"))
    return out


def routed_under_changed_routing(ctx: Context, q: Question, then: int) -> list[Finding]:
    """A question asked of the respondents who gave an answer to a question whose own routing changed since
    ``then`` (or whose parent's did, up the chain), while its own ``changes`` do not name ``then`` (review h94:
    maatwerk asked of intramural organisations only in 2027, its changes saying so; maatwerk_gehonoreerd and
    maatwerk_redenen, asked of those who requested maatwerk, were compared and tested against 2026 unmarked,
    their 2027 base without the organisations giving only care at home). An error until its ``changes`` say
    so too, or ``same_group`` says the analyst judged the group the same."""
    if then in q.same_group:
        return []
    changed = _ancestor_routing_changed(ctx, q, then, set())
    if changed is None:
        return []
    parent, via = changed
    return [Finding("error", "changes", ctx.at_question(q.key),
                    f"asked_if reads {via.label}, "
                    + ("whose" if parent is via else f"which is asked of respondents routed on {parent.label}, whose")
                    + f" routing changed since {then} ({_routing_text(ctx.codebooks[then].question(parent.key).asked_if, ctx.codebooks[then])}"
                    f" in {then}, {_routing_text(parent.asked_if, ctx.codebook)} in {ctx.year}): the respondents who "
                    f"reach this question are another group, so its figures cannot be compared with {then}'s "
                    f"unmarked. Add changes: {{{then}: \"gewijzigde routering\"}} (the comparison is then not tested "
                    f"and marked), or same_group: [{then}] when the group stayed the same")]


def _ancestor_routing_changed(ctx: Context, q: Question, then: int, seen: set) -> tuple[Question, Question] | None:
    """(the question up the routing chain whose routing changed since ``then``, the parent of ``q`` that
    leads to it), or None."""
    for _, key in _routing_parents(ctx, q, then, seen):
        parent = ctx.codebook.question(key)
        if changed_routing(ctx, parent, ctx.codebooks[then].question(key), then):
            return parent, parent
        up = _ancestor_routing_changed(ctx, parent, then, seen)
        if up is not None:
            return up[0], parent
    return None


def _routing_parents(ctx: Context, q: Question, then: int, seen: set) -> Iterator[tuple[str, str]]:
    """``(field, key)`` of each question ``q``'s routing (``asked_if``, ``item_asked_if``) reads that both
    the year's codebook and ``then``'s have, each once (``seen``: the keys met so far, added to)."""
    for field in ("asked_if", "item_asked_if"):
        cond = getattr(q, field)
        for leaf in cond.leaves() if cond is not None else []:
            key = leaf.question
            if not key or key in seen or key not in ctx.codebook or key not in ctx.codebooks[then]:
                continue
            seen.add(key)
            yield field, key


def _item_reworded(ctx: Context, leaf, now_q, old_q, then: int) -> list[str]:
    """The matrix item a routing leaf reads, worded otherwise (or gone) since ``then``: the same answer to another
    item picks another group."""
    if not getattr(leaf, "item", None) or old_q is None or not now_q.items:
        return []
    now = next((i for i in now_q.items if str(i.code) == str(leaf.item)), None)
    old = next((i for i in old_q.items if str(i.code) == str(leaf.item)), None)
    if now is None or old is None or same_text(str(now.label), str(old.label), ctx.year - then):
        return []
    return [f"item {leaf.item} ‘{now.label}’, ‘{old.label}’ in {then}"]


def _routed_answers_changed(ctx: Context, leaf, then: int) -> list[str]:
    """The options of the leaf's question that decide the routing and are new or gone since ``then`` (only for
    a question whose ``changes`` name ``then``; an option reworded under a ``was`` is the same answer)."""
    key = leaf.question
    if not key or key not in ctx.codebook or then not in ctx.codebook.question(key).changes:
        return []
    now_q = ctx.codebook.question(key)
    old_q = ctx.codebooks[then].question(key) if key in ctx.codebooks[then] else None
    item = _item_reworded(ctx, leaf, now_q, old_q, then)
    if item:  # review of the 2027 wave (F6): the HLO-opslag item broadened, its follow-ups compared unmarked
        return item
    mapping = ctx.maps.mapping(key, then, ctx.year) if old_q is not None and now_q.options else None
    if mapping is None or now_q.type == "multi":
        return []
    codes = set(leaf.codes)
    routed = codes if leaf.op == "in" else set(now_q.codes) - codes
    back = {b: a for a, b in mapping.items()}
    out = [f"new: {code} ‘{now_q.option(code).label}’" for code in sorted(routed) if code not in back]
    if leaf.op == "not_in":  # an option gone since then led here unless the routing left it out by its code
        out += [f"gone: {c} ‘{old_q.option(c).label}’ ({then})" for c in old_q.codes if c not in mapping and c not in codes]
    return out


_UNCOMPARABLE = "not comparable"


def _routing_form(ctx: Context, cond, then: int | None, shared: dict, restrict: bool = False):
    """A routing condition as the answers that lead to the question, in this year's codes (`then`:
    the condition is of that year and is translated); `shared` collects per question the codes of
    this year that both years have (the first pass), which the second (`restrict`) keeps to."""
    if cond is None:
        return None
    if not cond.is_leaf:
        return _merged(cond.op, [_routing_form(ctx, c, then, shared, restrict) for c in cond.conditions])
    cb = ctx.codebook if then is None else ctx.codebooks[then]
    source = (cb.question(cond.question) if cond.question in cb else None)
    options = set(source.codes) if source is not None and source.options else None
    multi = source is not None and source.type == "multi"
    allowed = set(cond.codes) if cond.op == "in" or multi or options is None else options - set(cond.codes)
    op = cond.op if multi or options is None else "in"
    if then is not None and options is not None:
        mapping = ctx.maps.mapping(cond.question, then, ctx.year)
        if mapping is None:
            return _UNCOMPARABLE
        allowed = {mapping[c] for c in allowed if c in mapping}
        both = set(mapping.values())
    else:  # this year's, or a scale or number (its values are compared as they are)
        both = options
    if not restrict:
        known = shared.get(cond.question, both)
        shared[cond.question] = known & both if known is not None and both is not None else known or both
    elif shared.get(cond.question) is not None:
        kept = allowed & shared[cond.question]
        if allowed and not kept:  # none of the answers it routes on is in the other year: no comparison
            return _UNCOMPARABLE
        allowed = kept
    return ("leaf", cond.question, cond.item, op, frozenset(allowed))


def _merged(op: str, forms: list):
    """An ``any`` / ``all`` of routing forms in one shape: its leaves on the same question (and item)
    answered ``in`` joined (any: the answers of either; all: the answers of both), nested ones of the
    same kind flattened, one condition left on its own ("any: [zorgtype in [1], zorgtype in [2]]" is
    "zorgtype in [1, 2]")."""
    flat: list = []
    for form in forms:
        flat += list(form[1]) if isinstance(form, tuple) and form and form[0] == op else [form]
    joined: dict[tuple, frozenset] = {}
    rest = []
    for form in flat:
        if isinstance(form, tuple) and form and form[0] == "leaf" and form[3] == "in":
            key = form[1:4]
            joined[key] = (joined[key] | form[4] if op == "any" else joined[key] & form[4]) if key in joined else form[4]
        else:
            rest.append(form)
    out = [("leaf", *key, codes) for key, codes in joined.items()] + rest
    return out[0] if len(out) == 1 else (op, frozenset(out))


def _routing_text(cond, codebook) -> str:
    """A routing condition as the message shows it, each code with its label in that year's codebook
    ("geldstromen_gebruik item same in [1 ‘Ja’]"): the same codes can be other answers in two years."""
    if cond is None:
        return "asked of everyone"
    if cond.is_leaf:
        source = codebook.question(cond.question) if cond.question in codebook else None
        labels = {o.code: o.label for o in source.options} if source is not None and source.options else {}
        codes = ", ".join(f"{c} ‘{labels[c]}’" if c in labels else str(c) for c in cond.codes)
        return (f"{cond.question}{f' item {cond.item}' if cond.item else ''} "
                f"{'in' if cond.op == 'in' else 'not in'} [{codes}]")
    return f" {cond.op} ".join(f"({_routing_text(c, codebook)})" for c in cond.conditions)
