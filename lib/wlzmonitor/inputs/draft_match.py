"""Matching an export's columns to the codebook, for drafting a mapping.

Each column is matched on what the export says about it, in this order:

1. the platform's own columns (:mod:`wlzmonitor.inputs.platforms`): the respondent id, the
   columns its row rules read, bookkeeping to ignore, identifying columns with their role;
2. the question: the codebook question whose text the column's descriptive text starts with
   (the question-text row of Qualtrics, the combined "question | option" header of
   SurveyMonkey, LimeSurvey's "code. text [subquestion]" heading, a form's numbered title, an
   SPSS variable label), after a question number or code in front; when none starts it, the
   most similar question text (a guess); what follows the question text names the item, the
   option, the field or a text box;
3. the part of the question: an item, an option or a field by its label (or, failing that,
   its position in the tool's numbering: a guess); a text box ("_TEXT", "[comment]",
   "[other]", "Other (please specify)", "Toelichting") feeds the question's text field -- or,
   for an option that asks for a number ("namelijk ...%"), that numeric question -- else its
   comment field;
4. a column no question text starts ("Eventuele toelichting:", a form's "10. Toelichting"):
   the comment or text field of the question with the number in its title, else of the
   question just before it (a guess); the fields of a contact form by their labels.

Columns left over are reported, never dropped.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from wlzmonitor.spec.codebook import Codebook, Question
from wlzmonitor.inputs.draft_read import ExportColumn, ExportView
from wlzmonitor.inputs.draft_values import GENERIC_PATTERNS
from wlzmonitor.inputs.mapping_file import looks_personal
from wlzmonitor.inputs.platforms import Platform, plain_header

__all__ = ["Match", "match_columns", "norm"]

_FOOTNOTES = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_NUMBERING = re.compile(r"^\s*(?:(?P<code>[A-Za-z][A-Za-z_]*\d[A-Za-z0-9_]*(?:\[[^\]]*\])?)\.\s+"
                        r"|(?:vraag\s+)?(?P<num>\d+[a-z]?)\s*[.):]\s+|(?P<slot>tot slot)[.:]\s+)",
                        re.IGNORECASE)
_BOX_WORDS = ("other (please specify)", "opmerking", "anders (geef aan)", "tekst", "text",
              "toelichting", "comment", "other")
#: the box words that name a tool's own "Other" answer
_OTHER_WORDS = ("other (please specify)", "anders (geef aan)", "other")
_COMMENT_START = re.compile(r"^(eventuele\s+)?(toelichting|opmerkingen?|opmerking)\b"
                            r"(\s+bij\s+vraag\s+(?P<num>\d+))?", re.IGNORECASE)
_QUALTRICS = re.compile(r"^(?P<q>Q[A-Za-z0-9]*?)(?:_(?P<k>\d+))?(?:_(?P<j>\d+))?"
                        r"(?P<text>_TEXT)?$")
_LIME = re.compile(r"^(?P<q>[A-Za-z][A-Za-z0-9]*)(?:\[|_)(?P<sub>SQ(?P<k>\d+)|other|comment)"
                   r"(?P<comment>comment)?[\]_]?$", re.IGNORECASE)


def norm(text: str) -> str:
    """Text as compared: case-folded, footnote markers out, quotes and spaces unified."""
    t = _FOOTNOTES.sub("", str(text)).replace("’", "'").replace("‘", "'").replace("–", "-")
    return " ".join(t.split()).casefold()


@dataclass
class Match:
    column: ExportColumn
    kind: str                       # target | multi | ignore | identifying | rule | same | unmatched
    target: str | None = None       # the codebook column
    question: Question | None = None
    option: int | None = None       # the option a per-option column or a text box belongs to
    role: str | None = None         # identifying role
    note: str = ""
    guessed: bool = False
    selects: int | None = None


@dataclass
class _Parsed:
    number: str | None
    text: str                       # normalised, numbering removed
    code: str                       # Qualtrics id / LimeSurvey code (plain header)
    index: int | None               # the tool's own number of the item/option (_k, SQ00k)
    box: bool
    other: bool


def _parse(col: ExportColumn) -> _Parsed:
    text, number = col.text, None
    m = _NUMBERING.match(text)
    code = plain_header(col.header)
    if m:
        number = m.group("num") or ("Tot slot" if m.group("slot") else None)
        text = text[m.end():]
    index, box, other = None, False, False
    qm = _QUALTRICS.match(code)
    lm = _LIME.match(code)
    if qm and (qm.group("k") or qm.group("text")):
        index = int(qm.group("k")) if qm.group("k") else None
        box = bool(qm.group("text"))
    elif lm:
        sub = lm.group("sub").casefold()
        index = int(lm.group("k")) if lm.group("k") else None
        box = sub in ("other", "comment") or bool(lm.group("comment"))
        other = sub == "other"
    return _Parsed(number, norm(text), code, index, box, other)


class _Questions:
    """The codebook's questions by their (normalised) text."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self.by_text = sorted(((norm(q.text).rstrip(" .:?"), q) for q in codebook.questions),
                              key=lambda t: -len(t[0]))
        self.longest = max((len(t) for t, _ in self.by_text), default=0)

    def find(self, text: str) -> tuple[Question | None, str, bool]:
        """(question, what follows its text, guessed)."""
        for qt, q in self.by_text:
            if text.startswith(qt) and (len(text) == len(qt) or not text[len(qt)].isalnum()):
                return q, _sub(text[len(qt):]), False
        head = re.split(r" - | \| | \[|\.(?=\S)", text, maxsplit=1)[0]
        if len(head) > self.longest + 200:  # no question's text: a similarity guess would take ~80 µs a character
            return None, text, False  # (review of the agency exports: a 2.4 MB header took 218 s)
        scored = sorted(((difflib.SequenceMatcher(None, head, qt).ratio(), -len(qt), q)
                         for qt, q in self.by_text if qt), key=lambda t: (-t[0], t[1]))
        if scored and scored[0][0] >= 0.85:
            q = scored[0][2]
            return q, _sub(text[len(head):]), True
        return None, text, False

    def numbered(self, number: str | None) -> list[Question]:
        return [q for q in self.codebook.questions if number and q.number == number]


def _sub(rest: str) -> str:
    """What follows the question text, without separators and brackets."""
    rest = re.sub(r"^[\s\-|:?.\[]+", "", rest)
    return re.sub(r"[\s\]]+$", "", rest).strip()


def _box_sub(sub: str) -> tuple[bool, str]:
    """Whether ``sub`` names a text box, and the option text in it ("Ja, want - Tekst" ->
    "ja, want")."""
    s = re.sub(r"\s*\((opmerking|comment|tekst|text)\)$", "", sub)
    s = re.sub(r"\s*-\s*(tekst|text)$", "", s)
    return (s != sub or sub in _BOX_WORDS), s


def _label_code(sub: str, pairs: list[tuple[str, object]]) -> tuple[object | None, bool]:
    """The code whose label ``sub`` names (exact, or after a shared prefix / routing hint:
    not a guess; the closest: a guess)."""
    s = sub
    for rx in GENERIC_PATTERNS:
        s = re.sub(rx, "", s).strip()
    s = s.rstrip(" .…:")
    labels = [(norm(t).rstrip(" .…:"), c) for t, c in pairs if t]
    for t, c in labels:
        if t == s:
            return c, False
    ends = {c for t, c in labels if s.endswith(" " + t)}
    if len(ends) == 1:
        return ends.pop(), False
    starts = {c for t, c in labels if t and (s.startswith(t) or t.startswith(s)) and s}
    if len(starts) == 1:
        return starts.pop(), True
    ratios = sorted(((difflib.SequenceMatcher(None, s, t).ratio(), str(c), c) for t, c in labels),
                    key=lambda r: -r[0])
    if ratios and ratios[0][0] >= 0.8:
        return ratios[0][2], True
    return None, False


def _inside_option(codebook: Codebook, q: Question, code: int) -> Question | None:
    """The numeric question asked inside option ``code`` of ``q`` ("namelijk ...%")."""
    for other in codebook.questions:
        cond = other.asked_if
        if other.type == "numeric" and other.number == q.number and cond is not None \
                and cond.is_leaf and cond.question == q.key and tuple(cond.codes) == (code,):
            return other
    return None


def _text_target(codebook: Codebook, q: Question, option: object | None,
                 prefer_comment: bool) -> tuple[str | None, Question]:
    """The column a text box of ``q`` feeds (see the module docstring)."""
    if isinstance(option, int):
        if option in q.text_field_options:
            return q.text_column, q
        inside = _inside_option(codebook, q, option)
        if inside is not None:
            return inside.key, inside
    order = (q.comment_column, q.text_column) if prefer_comment else (q.text_column,
                                                                       q.comment_column)
    return next((c for c in order if c), None), q


def _part_of(codebook: Codebook, q: Question, p: _Parsed, sub: str, col: ExportColumn,
             guessed: bool) -> Match:
    """The column of ``q`` that a column with ``sub`` after the question text is."""
    is_box, box_text = _box_sub(sub)
    if p.box or is_box:
        option = None
        if box_text and box_text not in _BOX_WORDS and q.options:
            option, g = _label_code(box_text, [(o.label, o.code) for o in q.options])
            guessed |= g
        elif p.index is not None and q.type in ("single", "multi") and p.code.endswith("TEXT"):
            option = p.index if p.index in q.codes else None
        # the tool's own "Other" box (LimeSurvey's [other], SurveyMonkey's "Other (please specify)"):
        # the text of the question's 'Anders, namelijk' option, which it also selects (a tool can write
        # that answer only as its text)
        other = p.other or box_text in _OTHER_WORDS
        if p.other and option is None:
            option = next((o.code for o in q.options if o.code in q.text_field_options), None)
        elif other and option is None and len(q.text_field_options) == 1 \
                and q.option(q.text_field_options[0]).label.casefold().startswith(("anders", "other", "overig")):
            option = q.text_field_options[0]
        target, owner = _text_target(codebook, q, option, prefer_comment=False)
        where = (f"the text box of option {option} ('{q.option(option).label}') of "
                 f"{q.number_label}" if isinstance(option, int) else
                 f"a text box of {q.number_label}")
        if owner is not q:
            where += f": the number asked there ({owner.key})"
        m = Match(col, "target" if target else "unmatched", target, owner,
                  option if isinstance(option, int) else None, guessed=guessed, note=where)
        if other and q.type in ("single", "multi") and isinstance(option, int) and q.text_field_options == (option,) \
                and q.option(option).label.casefold().startswith(("anders", "other", "overig")):
            m.selects = option  # only the one 'Anders' option: a box shared by 'Ja, want' and 'Nee, want' selects none
        return m
    if sub.endswith("group") or p.code.upper().endswith("_NPS_GROUP"):
        return Match(col, "ignore", note="the tool's NPS group (derived from the score)")
    return _answer_part(q, p, sub, col, guessed)


def _answer_part(q: Question, p: _Parsed, sub: str, col: ExportColumn, guessed: bool) -> Match:
    """An answer column of ``q``: the question's own, an item, an option or a field."""
    generic = sub in ("", "response", "open-ended response", "antwoord")
    if q.type == "multi":
        if generic and p.index is None:
            return Match(col, "multi", question=q, guessed=guessed, note=q.number_label)
        return _by_label_or_index(q, [(o.label, o.code) for o in q.options]
                                  + [(o.short_label or "", o.code) for o in q.options],
                                  sub, p, col, guessed, lambda c: q.option_columns()[c], "option")
    if q.type in ("matrix", "scale") and q.items:
        return _by_label_or_index(q, [(it.label, it.code) for it in q.items], sub, p, col, guessed,
                                  lambda c: q.item_columns()[c], "item")
    if q.type == "open" and len(q.fields) > 1:
        return _by_label_or_index(q, [(f.label or f.code, f.code) for f in q.fields], sub, p,
                                  col, guessed, lambda c: q.field_columns()[c], "field")
    if q.type == "contact":
        return _by_label_or_index(q, [(f.label, f.code) for f in q.fields[1:]],
                                  "" if generic else sub, p, col, guessed,
                                  lambda c: q.field_columns()[c], "field",
                                  default=q.field_columns()[q.fields[0].code])
    if not generic:
        return Match(col, "unmatched", question=q, note=f"'{sub}' after {q.number_label}'s text")
    return Match(col, "target", q.answer_columns()[0], q, guessed=guessed, note=q.number_label)


def _by_label_or_index(q: Question, pairs: list[tuple[str, object]], sub: str, p: _Parsed,
                       col: ExportColumn, guessed: bool, column_of, what: str,
                       default: str | None = None) -> Match:
    if not sub and default is not None:
        return Match(col, "target", default, q, guessed=guessed, note=q.number_label)
    code, g = _label_code(sub, [(t, c) for t, c in pairs if t]) if sub else (None, False)
    if code is None and p.index is not None:
        codes = list(dict.fromkeys(c for _, c in pairs))
        if 1 <= p.index <= len(codes):
            code, g = codes[p.index - 1], True
            return Match(col, "target", column_of(code), q, code if what == "option" else None,
                         guessed=True, note=f"{q.number_label}, {what} {p.index} of the tool "
                                            "(by position: no label to compare)")
    if code is None:
        return Match(col, "unmatched", question=q,
                     note=f"'{sub}' is no {what} of {q.number_label}")
    label = next((t for t, c in pairs if c == code and t), str(code))
    return Match(col, "target", column_of(code), q, code if what == "option" else None,
                 guessed=guessed or g, note=f"{q.number_label}, {what} '{label}'"
                 + (f" (the export: '{sub}')" if g else ""))


def _platform_match(col: ExportColumn, platform: Platform, codebook: Codebook,
                    rule_headers: set[str]) -> Match | None:
    name = plain_header(col.header)
    key = name.casefold()
    if key in {h.casefold() for h in platform.id_columns}:
        return Match(col, "target", codebook.id_column, note=f"{platform.name}'s response id")
    if key in rule_headers:
        return Match(col, "rule", note="read by the row rules")
    if key in {h.casefold() for h in platform.ignore} or any(
            re.search(rx, name) for rx in platform.ignore_patterns):
        return Match(col, "ignore", note=f"{platform.name} bookkeeping")
    roles = {h.casefold(): r for h, r in platform.identifying.items()}
    if key in roles:
        return Match(col, "identifying", role=roles[key], note=f"{platform.name}: {name}")
    return None


def _identifying_role(header: str) -> str | None:
    """The role of a column that looks like personal data and is no question."""
    if not looks_personal(header):
        return None
    h = header.casefold()
    for word, role in (("mail", "email"), ("organi", "organisation"), ("telefoon", "phone"),
                       ("phone", "phone"), ("naam", "name"), ("name", "name")):
        if word in h:
            return role
    return "other"


def match_columns(view: ExportView, codebook: Codebook, platform: Platform,
                  rule_headers: set[str]) -> list[Match]:
    """A :class:`Match` per column of ``view`` (see the module docstring)."""
    questions = _Questions(codebook)
    out: list[Match] = []
    last: Question | None = None
    own = set(codebook.columns())
    owner = codebook.column_owner()
    for col in view.columns:
        if col.header.strip() in own:  # the codebook's own name: read as it is, nothing to map (newcomer
            # review: an export with this year's names and a few others had all of them "not matched")
            out.append(Match(col, "same", question=owner.get(col.header.strip()),
                             note="the codebook's own column name: read as it is"))
            last = owner.get(col.header.strip(), last)
            continue
        m = _platform_match(col, platform, codebook, rule_headers)
        if m is None:
            m = _question_match(col, questions, codebook, last)
        if m is None:
            role = _identifying_role(col.header)
            m = Match(col, "identifying", role=role, note=f"looks like personal data ({role})") \
                if role else Match(col, "unmatched", note="no question text matches")
        if m.question is not None:
            last = m.question
        out.append(m)
    return _resolve_conflicts(out)


def _question_match(col: ExportColumn, questions: _Questions, codebook: Codebook,
                    last: Question | None) -> Match | None:
    p = _parse(col)
    q, sub, guessed = questions.find(p.text)
    if q is not None:
        return _part_of(codebook, q, p, sub, col, guessed)
    cm = _COMMENT_START.match(p.text)
    if cm or p.box or p.text in _BOX_WORDS:
        number = p.number or (cm.group("num") if cm else None)
        prefer_comment = bool(cm and (cm.group(1) or cm.group(2).startswith("opmerking")))
        candidates = questions.numbered(number) or ([last] if last is not None else [])
        if last is not None and not number:
            candidates += [q for q in questions.numbered(last.number) if q is not last]
        for q in candidates:
            target, owner = _text_target(codebook, q, None, prefer_comment)
            if target:
                how = f"the number {number} in its title" if number else \
                    "the question before it"
                return Match(col, "target", target, owner, guessed=True,
                             note=f"a comment box, given to {owner.number_label} by {how}")
    if last is not None and last.type == "contact" or "contact" in p.text:
        contact = next((q for q in codebook.questions if q.type == "contact"), None)
        tail = re.split(r" - | \| | \[|\.(?=\S)", p.text)[-1].strip(" ]")
        if contact is not None:
            code, g = _label_code(tail, [(f.label, f.code) for f in contact.fields[1:]])
            if code is not None:
                label = next(f.label for f in contact.fields if f.code == code)
                return Match(col, "target", contact.field_columns()[code], contact, guessed=g,
                             note=f"the contact question's field '{label}' (private)")
    return None


def _resolve_conflicts(matches: list[Match]) -> list[Match]:
    """Two columns for one coded column: the second is reported as unmatched."""
    seen: dict[str, Match] = {}
    free = set()
    for m in matches:
        if m.question is not None:
            free |= {c for c in (m.question.text_column, m.question.comment_column) if c}
            if m.question.type in ("open", "contact"):
                free |= set(m.question.answer_columns()) - {
                    m.question.field_columns().get("toestemming", "")}
    for m in matches:
        if m.kind != "target" or m.target is None or m.target in free:
            continue
        if m.target in seen:
            m.kind = "unmatched"
            m.note = (f"also matches {m.target}, which column '{seen[m.target].column.header}' "
                      "feeds already")
        else:
            seen[m.target] = m
    return matches

