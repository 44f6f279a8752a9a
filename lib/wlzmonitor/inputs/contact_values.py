"""A contact person's own values found however they are written: an e-mail address whatever the
@ and dots look like, a phone number by its digits whatever separates them. Used by the scrubber
(what a page may show) and by the privacy gate's deny list (what may never leave), so both find
the same forms; :mod:`wlzmonitor.inputs.privacy` holds both.

    contact_email_spans(text, ["t.dehaan@wilgenlanden.example"])  # "t.dehaan [at] wilgenlanden [dot] example"
    contact_phone_spans(text, ["0691509780"])                    # "06,91509780", "+31 (0)6 9150 9780"

Offsets are of the text given (the caller's normalised view, :mod:`wlzmonitor.inputs.personal_patterns`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from wlzmonitor.inputs.personal_patterns import APOSTROPHE, APOSTROPHES, ESCAPED_AT, ESCAPED_DOT, normalise

__all__ = ["contact_email_spans", "contact_phone_spans", "digit_lookalikes", "first_character_guard",
           "national_digits", "phone_digits", "trie_pattern", "DIGIT_RUN_RE"]


def phone_digits(value: str) -> str:
    """National digits of a phone number: '+31 (0)6-1234 5678' -> '0612345678'."""
    value = normalise(value)
    digits = re.sub(r"\D", "", value.replace("(0)", ""))
    if value.strip().startswith("+") and digits.startswith("31"):
        digits = "0" + digits[2:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits


#: digits with gaps of anything but letters and digits between them: a contact's phone number is
#: found by its digits however they are separated ("06-91509780", "06,91509780", "06_91 50 97 80",
#: "06 -- 91 -- 50 -- 97 -- 80", "06 ... 91509780")
#: a run of digits with short separators between them, a line break among them too ("06-915\n09780": the
#: page shows "06-915 09780"; review), at most one in a gap
DIGIT_RUN_RE = re.compile(r"\+?\d(?:(?:[^0-9A-Za-z\n]{0,8}|[^0-9A-Za-z\n]{0,3}\n[^0-9A-Za-z\n]{0,3})\d)*")
#: a letter O or l written for a zero or a one next to a digit ("O6-5O852O72")
_LOOKALIKE_DIGIT = re.compile(r"(?<=\d)[OoIl]|[OoIl](?=\d)")


def digit_lookalikes(text: str) -> str:
    """`text` with an O/o next to a digit read as 0 and an I/l as 1 (same length, same offsets):
    what a contact's phone number is looked for in."""
    return _LOOKALIKE_DIGIT.sub(lambda m: "0" if m.group(0) in "Oo" else "1", text)
#: how an "@" and a "." of an e-mail address are written to get past a filter
#: (a contact's own address also with "op", Dutch for "at": "t.dehaan op wilgenlanden.nl" is no sentence)
_AT_FORMS = (r"(?:\s?@\s?|\s?[\[({<#*]\s?(?:at|a|apenstaartje|apenstaart|@)\s?[\])}>#*]\s?"
             r"|\s+(?:at|op|apenstaartje|apenstaart)\s+|\s?[-_]at[-_]\s?"
             r"|\s?(?:" + ESCAPED_AT + r")\s?)")
_DOT_FORMS = r"(?:\s?\.\s?|\s?[\[({<]\s?(?:dot|punt|\.)\s?[\])}>]\s?|\s+(?:dot|punt)\s+|" + ESCAPED_DOT + ")"
#: a local part that names a person on its own: words joined by a full stop or underscore ("t.dehaan",
#: "jan_jansen"); a plain word ("kwaliteit@…") or a hyphenated one ("wlz-inkoop@…": "Wlz-inkoop") does not
_NAME_LOCAL = re.compile(r"[^\W\d_]+(?:[._][^\W\d_]+)+\d*")


@lru_cache(maxsize=16)
def _contact_email_finder(emails: tuple[str, ...]) -> tuple[re.Pattern | None, dict[str, tuple[str, str]]]:
    """Where the contact e-mail addresses can start (their local parts, one trie regex), and per local
    part (casefolded) the address's pattern in every written form ("t.dehaan [at] wilgenlanden
    [dot] nl", "t.dehaan @ wilgenlanden.nl", "jan[dot]jansen(at)…"; compiled by :func:`_email_form`
    when a text holds the local part) and the address. A local part that is no plain word
    ("t.dehaan", "j_jansen2") is the address on its own too (:func:`contact_email_spans`)."""
    forms: dict[str, tuple[str, str]] = {}
    for email in emails:
        local, at, domain = normalise(email).casefold().rpartition("@")
        if not at or not local or not domain:
            continue
        dotted = lambda part: _DOT_FORMS.join(re.escape(p) for p in part.split("."))  # noqa: E731
        forms[local] = (dotted(local) + _AT_FORMS + dotted(domain) + r"(?![\w-])", email)
    if not forms:
        return None, forms
    # where an address can start: its local part, or (for "jan[dot]jansen [at] …") the local part up
    # to its first dot when that is a word of three letters or more; a shorter first part only before
    # its next part ("g punt wolthuis at …", "g[.]wolthuis[@]…": an initial)
    starts, short, initials = set(), set(), set()
    for local in forms:
        first, dot, rest = local.partition(".")
        if len(first) >= 3 or not dot:
            starts.add(first if len(first) >= 3 else local)
        else:
            short.add(re.escape(first) + "(?=" + _DOT_FORMS + re.escape(rest.split(".")[0]) + ")")
            initials.add(first)
    alternatives = "|".join([trie_pattern(starts)] * bool(starts) + sorted(short))
    guard = first_character_guard(starts | initials)  # what every alternative begins with
    return re.compile(r"(?<![\w.+-])" + guard + "(?:" + alternatives + ")", re.IGNORECASE), forms


@lru_cache(maxsize=16)
def _normalised_emails(emails: tuple[str, ...]) -> tuple[str, ...]:
    """The addresses normalised and casefolded, sorted, once per list of contacts (a survey's scrubbing
    asks for every text with the same list: normalising it per text was 0.5 s of a cold run)."""
    return tuple(sorted({normalise(e).casefold() for e in emails}))


@lru_cache(maxsize=4096)
def _email_form(pattern: str) -> re.Pattern:
    """An address's pattern of :func:`_contact_email_finder`, compiled once it is needed (compiling
    every contact's at once took most of the gate's first scan)."""
    return re.compile(pattern, re.IGNORECASE)


def contact_email_spans(text: str, emails: Iterable[str]) -> list[tuple[int, int, str]]:
    """``(start, end, address)`` of the contact e-mail addresses in `text` (normalised), however the
    @ and the dots are written, and of a local part standing on its own that names a person
    (:data:`_NAME_LOCAL`)."""
    finder, forms = _contact_email_finder(_normalised_emails(emails if isinstance(emails, tuple) else tuple(emails)))
    if finder is None:
        return []
    out: list[tuple[int, int, str]] = []
    for m in finder.finditer(text):
        for local, (form, email) in forms.items():
            if not local.startswith(m.group(0).casefold()):
                continue
            full = _email_form(form).match(text, m.start())
            if full is not None:
                out.append((m.start(), full.end(), email))
                break
            alone = re.compile(re.escape(local) + r"(?![\w@])", re.IGNORECASE).match(text, m.start())
            if alone is not None and _NAME_LOCAL.fullmatch(local):
                out.append((m.start(), alone.end(), email))
                break
    return out


def contact_phone_spans(text: str, numbers: Iterable[str]) -> list[tuple[int, int, str]]:
    """``(start, end, number)`` of the digit runs of `text` (normalised) holding a contact phone
    number's national digits (also written with +31 / 0031), however the digits are separated."""
    wanted = [n for n in numbers if len(n) >= 6]
    if not wanted:
        return []
    out = []
    text = digit_lookalikes(text)
    for m in DIGIT_RUN_RE.finditer(text):
        digits = national_digits(m.group(0))
        number = next((n for n in wanted if n in digits or "31" + n[1:] in digits
                       or (len(n) >= 10 and n[1:] in digits)), None)  # "tel. 6 91509780": the 0 left out
        if number is not None:
            out.append((*_number_in_run(text, m.start(), m.end(), number), number))
    return out


def _number_in_run(text: str, start: int, end: int, number: str) -> tuple[int, int]:
    """The part of the digit run text[start:end] that holds `number` as written (with its +31, 0031
    or (0)), not the numbers around it ("06-91509780, 24/7": the 24/7 stays)."""
    places = [i for i in range(start, end) if text[i].isdigit()]
    raw = "".join(text[i] for i in places)
    rest = number[1:]
    for written in ("00310" + rest, "0031" + rest, "310" + rest, "31" + rest, number, rest):  # the longest first
        at = raw.find(written)
        if at >= 0:
            first, last = places[at], places[at + len(written) - 1] + 1
            if first > start and text[first - 1] == "+":
                first -= 1
            return first, last
    return start, end


def first_character_guard(keys: Iterable[str]) -> str:
    """A lookahead for the characters a match of ``keys`` (as :func:`trie_pattern` writes them) can
    begin with, or "" when one begins with a space (a gap may match nothing) or is empty.

    Every match begins with one of these characters, so the guard finds the same matches; but where
    the text holds none of them (most places) the regex engine tests one set of characters instead
    of trying every branch of the alternation: a text is scanned ~2.5 times as fast (a contact
    address's local parts over a report's pages: 0.53 -> 0.21 s)."""
    firsts = {key[:1] for key in keys}
    if not firsts or "" in firsts or " " in firsts:
        return ""
    return "(?=" + "|".join(sorted(APOSTROPHE if ch in APOSTROPHES else re.escape(ch) for ch in firsts)) + ")"


def trie_pattern(keys: Iterable[str], gap: str = r"\s+") -> str:
    """One regex matching any of ``keys`` (a space matches `gap`: any whitespace unless said
    otherwise), built as a trie so that a long text is scanned fast; longer keys are tried first.
    It begins with the keys' :func:`first_character_guard`."""
    keys = list(keys)
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def piece(ch: str) -> str:
        return gap if ch == " " else APOSTROPHE if ch in APOSTROPHES else re.escape(ch)

    def build(node: dict) -> str:
        # a run of nodes with one child and no key ending is written in a loop, not by recursion (review h133: a
        # contact field of 10,000 characters was a RecursionError, and the run stopped); the pattern is the same
        run = []
        while "" not in node and len(node) == 1:
            ch, node = next(iter(node.items()))
            run.append(piece(ch))
        end = "" in node
        alts = [piece(ch) + build(child) for ch, child in sorted((c, n) for c, n in node.items() if c != "")]
        if not alts:
            return "".join(run)
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "".join(run) + ("(?:" + body + ")?" if end else body)

    if _nesting(trie) > MAX_TRIE_NESTING:  # a hostile list of keys each a prefix of the next: a flat alternation
        flat = "|".join("".join(piece(ch) for ch in key) for key in sorted(set(keys), key=lambda k: (-len(k), k)))
        return "(?:" + first_character_guard(keys) + "(?:" + flat + "))"
    return "(?:" + first_character_guard(keys) + build(trie) + ")"


#: the trie's groups nest once per key ending or branch on a path; Python's regex parser recurses per group,
#: so deeper than this (review h133: ~900 contact values each a prefix of the next) the keys are one flat
#: alternation, longest first (the same matches; slower to scan, which only such a list pays)
MAX_TRIE_NESTING = 60


def _nesting(trie: dict) -> int:
    """The most key endings and branches on one path of `trie` (counted without recursion)."""
    deepest, stack = 0, [(trie, 0)]
    while stack:
        node, depth = stack.pop()
        depth += ("" in node and len(node) > 1) or len(node) - ("" in node) > 1
        deepest = max(deepest, depth)
        stack.extend((child, depth) for ch, child in node.items() if ch != "")
    return deepest


def national_digits(run: str) -> str:
    """:func:`phone_digits` of a normalised digit run (cheap: called for every number of a file)."""
    digits = _NON_DIGIT_RE.sub("", run.replace("(0)", ""))
    if digits.startswith("0031"):
        return "0" + digits[4:]
    if run.startswith("+") and digits.startswith("31"):
        return "0" + digits[2:]
    return digits


_NON_DIGIT_RE = re.compile(r"\D")
