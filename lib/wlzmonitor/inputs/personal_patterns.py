"""Personal data recognised by its form: the patterns of the scrubber and the personal-data finder.

Every pattern is matched on a *normalised view* of the text (:func:`normalised_view`): Unicode
NFKC (full-width digits and letters become ASCII, a non-breaking or narrow space becomes a space),
every dash-like character (U+2010–U+2015, the minus sign, small and full-width hyphen-minus)
becomes ``-``, invisible characters (zero-width space/joiners, word joiner, BOM, soft hyphen)
disappear and the decimal digits of every script ("٠٦-٩١٥٠٩٧٨٠") become ASCII digits. A match
is mapped back to the characters of the original text, so only what matched is replaced and the
rest of the text stays exactly as it was written.

==========================================  =========================  ==================
what                                        how it is recognised       placeholder
==========================================  =========================  ==================
e-mail address (also non-ASCII letters,     pattern                    ``[e-mailadres]``
"naam (at) domein.nl")
URL / domain name                           pattern, known TLDs        ``[website]``
IBAN                                        pattern + ISO 13616 mod 97 ``[rekeningnummer]``
phone number (NL, international)            pattern                    ``[telefoonnummer]``
BSN                                         9 digits + 11-proef        ``[bsn]``
KvK number                                  8 digits after "KvK" …     ``[kvk-nummer]``
VAT number (btw-id, NL…B01)                 pattern                    ``[btw-nummer]``
AGB code (a care provider's Vektis code)    8 digits after "AGB" …     ``[agb-code]``
birth date                                  date after "geboren" …,    ``[geboortedatum]``
                                            or a date in 1900–1989
postcode + house number, street + number    pattern                    ``[adres]``
==========================================  =========================  ==================

:func:`pattern_spans` gives the non-overlapping matches (earlier rows of the table win over later
ones where they overlap), :func:`replace_spans` puts the placeholders in.

What is *not* matched (ordinary survey language): percentages ("96,4%"), years and year ranges,
amounts ("€ 1.234", "€ 1.250.000", "45.000.000 euro"), tariffs, table and question numbers
("Vraag 12", "Tabel B12"), dates of meetings ("12-11-2025"), ZZP/VPT codes ("VV5"), counts.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterator

from wlzmonitor.inputs.common_words import NAMES, common_dutch_word

__all__ = [
    "PATTERN_PLACEHOLDERS",
    "NormalisedText",
    "iban_valid",
    "bsn_valid",
    "APART",
    "controls_as_spaces",
    "fold_letters",
    "normalise",
    "normalised_view",
    "pattern_spans",
    "replace_spans",
    "EMAIL_RE",
    "PHONE_RE",
    "MAIL_PROVIDERS",
    "DATE_RE",
    "phone_is_date",
    "INVISIBLE_RANGES",
]

#: kind -> placeholder of the patterns in this module (the scrubber adds the name placeholders).
PATTERN_PLACEHOLDERS: dict[str, str] = {
    "email": "[e-mailadres]",
    "url": "[website]",
    #: a person the patterns find by its context alone ("LinkedIn: Jan de Vries"; the gate does not count it)
    "name": "[naam]",
    "iban": "[rekeningnummer]",
    "phone": "[telefoonnummer]",
    "bsn": "[bsn]",
    "kvk": "[kvk-nummer]",
    "btw": "[btw-nummer]",
    "agb": "[agb-code]",
    "birthdate": "[geboortedatum]",
    "address": "[adres]",
}

# --------------------------------------------------------------------------------------------
# the normalised view
# --------------------------------------------------------------------------------------------

#: the apostrophe and the characters typed for it (right and left quotation marks, the modifier letter
#: apostrophe, the prime, the grave accent): a name or a possessive is found with any of them ("O’Brien",
#: "dʼHondt", "Jans′ mail"); the scrubber keeps the one written
APOSTROPHES = "'’‘ʼ′`"
APOSTROPHE = f"[{APOSTROPHES}]"
#: dash-like characters read as "-" (NFKC leaves most of them alone)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"
#: characters that are dropped (invisible; they split a phone number or name for the eye only):
#: every format character (Unicode category Cf: zero-width spaces and joiners, direction marks and
#: isolates, the soft hyphen, invisible operators, tag characters, …; a test compares the list with
#: the category), the combining grapheme joiner, variation selectors and the Hangul fillers
_INVISIBLE_RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD),
                     (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x115F, 0x1160), (0x17B4, 0x17B5),
                     (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
                     (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB),
                     (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3),
                     (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F), (0xE0100, 0xE01EF))
#: (public: the respondent ids are read without the same characters, row_order.INVISIBLE_IN_ID)
INVISIBLE_RANGES = _INVISIBLE_RANGES
_INVISIBLE = frozenset(chr(c) for low, high in _INVISIBLE_RANGES for c in range(low, high + 1))
#: control characters but the line breaks, tab, vertical tab and form feed (which separate words): the loader
#: takes NUL and its kin out of an export's cells, but text that reaches the scrubber or the gate another way
#: ("j\x00a\x00n@zorg.nl" in a file a person edits, a page) is read without them too (review h97)
_CONTROLS = frozenset(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)])
#: an ASCII control character of `_CONTROLS`: text without one (and without non-ASCII) is read as it is
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _as_it_is(text: str) -> bool:
    """Whether `text` normalises to itself character by character: ASCII without a control character."""
    return text.isascii() and not _ASCII_CONTROL.search(text)


#: what the gate puts between two texts it reads as one (a sheet's cells, a page's windows) so that no pattern or name
#: runs across: a noncharacter, which no text holds, that the normalised view keeps as it is and no pattern reads as a
#: letter, digit or blank. (It was a NUL; since the view reads text without control characters, "106", "117", "117" in
#: three cells of a workbook's row of bases read as the BSN "106117117": review h100)
APART = "\uffff"
#: every character of `_CONTROLS`, as a space
_CONTROLS_AS_SPACES = {ord(c): " " for c in _CONTROLS}
#: a control character and the non-ASCII characters after it: a combining mark right after a control character has no
#: letter to belong to ("Tessa\x01\u0301de Haan"): the view drops it and the spaced reading reads it as a blank with
#: the control character (review h102: it split the name into a first name and a surname for the gate, and the
#: scrubber kept the mark between two placeholders)
_MARKS_AFTER_CONTROL = re.compile(r"([\x00-\x08\x0e-\x1f\x7f-\x9f])([\u0300-\U0010ffff]+)")
#: a terminal's escape sequence (ANSI colour codes, "\x1b[31m", "\x1b[1;4m", "\x1b[m"; a title, "\x1b]0;…\x07"):
#: text pasted from a terminal or a log. The view reads it as nothing and the spaced reading as blanks, like one
#: control character (review h102: the view dropped only the ESC, so "\x1b[31m0612345678" read as "[31m0612345678"
#: and the number, glued to the "m", passed the scrubber and the gate; a contact's address after one was found only
#: as some address, "31mt.dehaan@…"). A sequence with no parameter only before no lower-case letter ("\x1b[mark"
#: keeps its "m"), so that none takes a letter of a word; a two-character escape ("\x1bP") takes none either.
#: A character set's designation ("\x1b(B", which `tput sgr0` writes before "\x1b[m"; before no lower-case letter) and
#: a string terminator ("\x1b\\") are sequences too (review h104: "\x1b(B0612345678" passed the scrubber and the gate).
_ESCAPE_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)(?:[0-?]{1,32}[ -/]{0,4}[@-~]|m(?![a-z]))"
                              r"|\x1b\][^\x07\x1b\x9c]{0,256}(?:\x07|\x1b\\|\x9c)|\x1b\\|\x1b[()*+][0-9A-Z](?![a-z])")
#: The same for the spaced reading, but an operating-system command is its introducer and its terminator only
#: ("\x1b]8;;", "\x07"): its text (a hyperlink's address, "tel:0612345678", a window title) stays for the checks, which
#: read it between blanks (review h104: read as blanks, the number in "\x1b]8;;tel:0612345678\x07" passed the gate;
#: the scrubber's view still drops the command with its text)
#: an operating-system command with its text and terminator: the terminator reads as a blank in the spaced reading, which
#: the scrubbed text keeps (the title of "\x1b]0;titel\x07bel" no word with the text after it)
_OSC_RE = re.compile(r"(\x1b\](?:8;[^;\x07\x1b\x9c]{0,256};|\d{1,4};?))([^\x07\x1b\x9c]{0,256})(\x07|\x1b\\|\x9c)")
_ESCAPE_FRAMES = re.compile(r"(?:\x1b\[|\x9b)(?:[0-?]{1,32}[ -/]{0,4}[@-~]|m(?![a-z]))"
                            r"|\x1b\](?:8;[^;\x07\x1b\x9c]{0,256};|\d{1,4};?)|\x1b\\|\x1b[()*+][0-9A-Z](?![a-z])")


def _leading_marks_as(m: re.Match, space: str) -> str:
    """A match of :data:`_MARKS_AFTER_CONTROL` with the combining marks right after its control character as `space`."""
    rest = m.group(2)
    k = 0
    while k < len(rest) and unicodedata.combining(rest[k]):
        k += 1
    return m.group(1) + space * k + rest[k:]


def controls_as_spaces(text: str, space: str = " ") -> str:
    """`text` with each control character of the normalised view's (NUL, ESC, DEL, C1 …) as a space: the same
    length, so offsets stay (`space`: another character of one for them). The view reads text without them ("j\x00an@zorg.nl"); one between two words (a NUL or
    unit separator between the fields of a pasted record) glued them ("Naam\x1fKarel" as "NaamKarel"): the scrubber
    and the gate read this form too (review h100)."""
    if _as_it_is(text):
        return text
    if "\x1b" in text or "\x9b" in text:
        text = _OSC_RE.sub(lambda m: space * len(m.group(1)) + m.group(2) + " " * len(m.group(3)), text)
        text = _ESCAPE_FRAMES.sub(lambda m: space * len(m.group(0)), text)
    if not text.isascii():  # a combining mark right after one is of the break too (review h102)
        text = _MARKS_AFTER_CONTROL.sub(lambda m: _leading_marks_as(m, space), text)
    return text.translate(_CONTROLS_AS_SPACES if space == " " else {c: space for c in _CONTROLS_AS_SPACES})
#: letters of other scripts that look like Latin ones (Cyrillic "а", Greek "Ο", …): a name or an
#: address typed with one of them reads as the Latin letter for the eye, so it does for the checks
_CONFUSABLE = dict(zip(
    "АВЕЅІЈКМНОРСТХУаеіјорсухѕһԁԛԝӏкΑΒΕΖΗΙΚΜΝΟΡΤΥΧοκνρυχαιε"
    # Latin small capitals, which NFKC leaves as they are ("ᴛᴇssᴀ ᴅᴇ ʜᴀᴀɴ": review), and Lisu / hooked D
    "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢꓓƊ",
    "ABESIJKMHOPCTXYaeijopcyxshdqwlkABEZHIKMNOPTYXokvpuxaie"
    "abcdefghijklmnoprstuvwyzDD"))
#: full stops NFKC leaves as they are: the ideographic and the halfwidth ideographic one ("jan@zorg。nl")
_DOTS = "\u3002\uff61"
_TRANSLATE = {ord(c): "-" for c in _DASHES} | {ord(c): None for c in _INVISIBLE | _CONTROLS} \
    | {ord(c): latin for c, latin in _CONFUSABLE.items()} | {ord(c): "." for c in _DOTS}


@dataclass(frozen=True)
class NormalisedText:
    """``text``: ``original`` normalised, with a map back to the original characters.

    Most characters normalise to one character (ASCII, a dash, a full-width digit, a
    non-breaking space): their offset is unchanged but for the shift of the clusters before
    them that changed length. ``changes`` lists those clusters as ``(normalised start,
    normalised length, original start, original length)``, sorted.
    """

    original: str
    text: str
    changes: tuple[tuple[int, int, int, int], ...] = ()

    def _bounds(self, index: int) -> tuple[int, int]:
        """The original characters of ``text[index]`` as ``(start, end)``."""
        k = bisect.bisect_right(self._starts, index) - 1
        if k < 0:
            return index, index + 1
        n_start, n_len, o_start, o_len = self.changes[k]
        if index < n_start + n_len:
            return o_start, o_start + o_len
        at = o_start + o_len + (index - n_start - n_len)
        return at, at + 1

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [c[0] for c in self.changes]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]`` (``end > start``)."""
        if not self.changes:
            return start, end
        return self._bounds(start)[0], self._bounds(end - 1)[1]

    def offset(self, index: int) -> int:
        """The original offset of ``text[index]``."""
        return self._bounds(index)[0] if self.changes else index


#: a decimal digit of another script (Arabic-Indic "٠٦", Devanagari, ...): NFKC leaves them alone
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digit(m: re.Match) -> str:
    return str(unicodedata.decimal(m.group(0)))


def normalise(text: str) -> str:
    """NFKC, dashes as ``-``, invisible characters removed, the decimal digits of every script as
    ASCII digits (see the module docstring)."""
    out = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return out if out.isascii() else _OTHER_DIGIT.sub(_ascii_digit, out)


def fold_letters(text: str) -> str:
    """`text` with its invisible characters removed and every letter written in a compatibility
    form of one ASCII letter (full-width "Ｊａｎｓｅｎ", mathematical "𝐉𝐚𝐧𝐬𝐞𝐧", circled, ...) as that
    letter; everything else (accents, ligatures, digits, dashes, symbols) stays as written. The
    name passes of the scrubber match on this, so that a name is found however its letters were
    typed (the gate reads the same letters in its normalised view)."""
    if _as_it_is(text):
        return text
    out = []
    for c in text:
        if c in _INVISIBLE or c in _CONTROLS:
            continue
        if c.isascii():
            out.append(c)
        else:
            plain = unicodedata.normalize("NFKC", c)
            out.append(plain if len(plain) == 1 and plain.isascii() and plain.isalpha() else c)
    folded = "".join(out)
    return _LETTER_WORD.sub(_disguised_word, folded) if any(c in _CONFUSABLE for c in folded) else folded


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def _disguised_word(m: re.Match) -> str:
    """A word written with look-alike letters of another script read as Latin: one that mixes Latin
    letters with them ("Tessа", "Кoen"), or is spelt with look-alikes only ("Таос"); a word of that
    script ("Обсуждение", "Ευχαριστώ") and a single letter ("ρ = 0,5") are left as they are."""
    word = m.group(0)
    looks = sum(c in _CONFUSABLE for c in word)
    if not looks:
        return word
    latin = sum((c.isascii() or unicodedata.name(c, "").startswith("LATIN")) and c not in _CONFUSABLE
                for c in word)  # ë, é, ş are Latin; a small capital ᴅ is a look-alike
    if latin + looks == len(word) and (latin or looks == len(word)):
        return "".join(_CONFUSABLE.get(c, c) for c in word)
    return word


#: a run of non-ASCII (and control) characters, with the character before it when the run starts with a
#: combining mark (the mark belongs to that character)
#: (a terminal's escape sequence, :data:`_ESCAPE_SEQUENCE`, is one such run: it normalises to nothing)
_NON_ASCII_RUN = re.compile(r"[\t-\r\x20-\x7e]?(?:" + _ESCAPE_SEQUENCE.pattern + r"|[^\t-\r\x20-\x7e])+")


def normalised_view(text: str) -> NormalisedText:
    """The normalised text with a map back to the original, cluster by cluster (a base
    character and its combining marks are normalised together); ASCII is left as it is."""
    if _as_it_is(text):
        return NormalisedText(text, text)
    out: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    last = n_len = 0  # original offset copied up to; length of the normalised text so far
    for m in _NON_ASCII_RUN.finditer(text):
        run = m.group(0)
        leading_ascii = run[0].isascii() and run[0] not in _CONTROLS  # (a control character is of the run)
        # the ASCII character before the run belongs to it only as the base of a combining mark
        run_start = m.start() + 1 if leading_ascii and not unicodedata.combining(run[1]) else m.start()
        out.append(text[last:run_start])
        n_len += run_start - last
        i, end = run_start, m.end()
        while i < end:
            escape = _ESCAPE_SEQUENCE.match(text, i, end) if text[i] in "\x1b\x9b" else None
            j = escape.end() if escape else i + 1
            while j < end and unicodedata.combining(text[j]):
                j += 1
            piece = "" if escape else normalise(text[i:j])
            if text[i] in _CONTROLS and all(map(unicodedata.combining, piece)):  # marks without their letter
                piece = ""
            if len(piece) != j - i:
                changes.append((n_len, len(piece), i, j - i))
            out.append(piece)
            n_len += len(piece)
            i = j
        last = end
    out.append(text[last:])
    return NormalisedText(text, "".join(out), tuple(changes))


# --------------------------------------------------------------------------------------------
# the patterns (on normalised text)
# --------------------------------------------------------------------------------------------

#: (not words a sentence can run into after a full stop without a space: "ons.care", "Zorgkantoor.me")
_TLDS = ("nl|com|org|net|eu|be|de|info|io|nu|biz|online|zorg|frl|amsterdam|example|test|"
         "invalid|localhost|dev|ly|app|uk|fr|ai|tv|xyz|ch|lu|pl")
#: an "@" escaped for HTML or a URL, also escaped more than once ("&#64;", "&#x40;", "&commat;", "%40";
#: "&amp;#64;", "&amp;amp;#64;", "%2540": an answer copied out of a page or a link that escaped it again)
#: (also a program's escape, "\\u0040", "\\x40", "%u0040": review h104, "jan.devries\\u0040zorg.nl" kept "jan.devries")
ESCAPED_AT = r"&(?:amp;)*(?:#0*64|#x0*40|commat);|%(?:25)*40|\\{1,4}(?:u0{0,4}40|x40)|%u0{0,4}40"
#: an "@" and a "." written to get past a filter: "jan [at] zorg [dot] nl", "jan(at)zorg(punt)nl",
#: "jan @ zorg.nl", "jan at zorg.nl", "jan[@]zorg.nl", "jan (@) zorg.nl", "jan&#64;zorg.nl", "jan&#x40;zorg.nl";
#: "[AT]" in capitals too; a bracketed one written up to three times ("jan(at)(at)zorg.nl", "jan [at][@] zorg.nl": review
#: h97, the first kept "jan(at)(at)"); "apestaartje" and "apenstaartje" alike
_AT = (r"(?i:\s?@\s?|(?:\s?[\[\(\{<]\s?(?:@|at)\s?[\]\)\}>]){1,3}\s?|(?<=\w)[\[\(\{]a[\]\)\}](?=\w)"  # "(a)": only inside a word
       r"|\s?(?:" + ESCAPED_AT + r")\s?"
       # the "@" spelled out in Dutch: "jan.jansen apenstaartje zorg.nl", "jan (apenstaartje) zorg.nl"
       # (one run of blanks each side: "\s*[(]?\s*" read 20,000 spaces quadratically)
       r"|\s*(?:[\[\(\{]\s*)?ape(?:n|n?s)?staart(?:je)?\s*(?:[\]\)\}]\s*)?"
       # "jan#at#zorg.nl", "jan *at* zorg.nl", "jan -at- zorg.nl": the "at" between two of the same marks, up to three
       # each side ("jan__at__zorg.nl", "jan--at--zorg.nl": review h97)
       r"|\s?#{1,3}\s?at\s?#{1,3}\s?|\s?\*{1,3}\s?at\s?\*{1,3}\s?|\s?-{1,3}at-{1,3}\s?|\s?_{1,3}at_{1,3}\s?)")

#: a "." escaped for HTML or a URL, also escaped more than once ("&#46;", "&#x2e;", "&period;", "%2E", "&amp;#46;",
#: "%252E": review h102, "jan&#46;devries&#64;zorg&#46;nl" and "mailto:jan%40zorg%2Enl" passed the scrubber and the gate)
#: (also a program's escape, "\\u002e", "\\x2e", "%u002E": review h104)
ESCAPED_DOT = r"&(?:amp;)*(?:#0*46|#[xX]0*2[eE]|period);|%(?:25)*2[eE]|\\{1,4}(?:u0{0,4}2[eE]|x2[eE])|%u0{0,4}2[eE]"
#: "[DOT]" in capitals too; a bare "dot" or "punt" between spaces ("zorg punt nl": after an "@" written out)
_DOT = r"(?:\.|\s?[\[\(\{<]\s?(?i:dot|punt|\.)\s?[\]\)\}>]\s?|\s+(?i:dot|punt)\s+|" + ESCAPED_DOT + ")"
#: an address's own part, at most 64 characters (RFC 5321): unbounded, the pattern tried every
#: character after an apostrophe or "%" in a long word as a start and read on to the word's end (12,000
#: characters of "a'" took over a minute)
_LOCAL_PLAIN = r"(?<![\w.+-])[^\W_][\w.%+'-]{0,63}"
#: the same with escaped full stops inside it ("jan&#46;devries"): read only in a text that holds one
#: (:func:`_email`): its lookbehinds and per-character alternation made every address search ~40 % slower (the gate's
#: read of a report: +2,4 s), and they kept an address after "46;" or "period;" from being found at all
_LOCAL = (r"(?<![\w.+-])(?<!46;)(?<!2[eE];)(?<!period;)(?<!\\u002[eE])(?<!\\x2[eE])"  # (not after an escaped ".",
          r"(?!(?<=[\\%])(?:u0{0,4}|x)(?:2[eE]|40))"  # nor inside one, "\u002e": each such start read on)
          r"[^\W_](?:[\w.%+'-]|" + ESCAPED_DOT + r"){0,63}")
#: a domain after an "op" written for the "@": a known, lower-case top-level domain ("zorgwaard.nl", "zorgwaard
#: punt nl")
_OP_DOMAIN = r"[^\W_][\w-]*(?:" + _DOT + r"[\w-]+)*" + _DOT + r"(?-i:" + _TLDS + "|" + _TLDS.upper() + r")(?![\w-])"
#: the mail providers' domains: an address "pdevries op hotmail punt com" is no website, and no organisation of
#: a respondent
MAIL_PROVIDERS = frozenset("""gmail hotmail outlook live icloud yahoo ziggo kpnmail kpnplanet planet xs4all
    home chello zonnet quicknet telfort tele2 hetnet casema upcmail online protonmail proton gmx""".split())
_MAIL_PROVIDER_NAMES = "|".join(sorted(MAIL_PROVIDERS, key=lambda w: (-len(w), w)))


def _email_pattern(local: str) -> re.Pattern:
    """The e-mail address pattern with `local` for an address's own part."""
    return re.compile(
        local + _AT + r"[^\W_][\w-]*(?:" + _DOT + r"[\w-]+)*" + _DOT + r"[^\W\d_]{2,}(?![\w-])"
        # "jan.jansen at zorg.nl": a bare "at" only before a domain with a known, lower-case top-level domain
        # ("we meten at random.Daarna" is English and a missing space)
        # ("jan AT zorg DOT nl", "JAN AT ZORG.NL": in capitals too)
        + r"|" + local + r"\s+(?:at|AT)\s+[^\W_][\w-]*(?:" + _DOT + r"[\w-]+)*" + _DOT
        + r"(?-i:" + _TLDS + "|" + _TLDS.upper() + r")(?![\w-])"
        # "jan.devries @ zorgpunt . nl", "jan [at] zorg . nl", "jan AT zorg . nl": dots with spaces around them
        # only after a real "@", one in brackets or "AT" in capitals, and before a known top-level domain (review h97: also
        # after "(a)", "jan (a) zorg . nl"; not after a bare lower-case "at": "kijk at random . nl" is English)
        + r"|" + local + r"(?:\s?@\s?|(?:\s?[\[\(\{<]\s?(?i:at|@)\s?[\]\)\}>]){1,3}\s?|\s+AT\s+)[^\W_][\w-]*(?:\s?\.\s?[\w-]+)*\s?\.\s?(?-i:" + _TLDS + r")(?![\w-])"
        # "jan.devries (a) zorgpunt.nl": a spaced "(a)" before a domain written without spaces, ending in a
        # known top-level domain ("om (a) o.a. de" is no address)
        + r"|" + local + r"\s?[\[\(\{]\s?a\s?[\]\)\}]\s?[^\W_][\w-]*(?:\.[\w-]+)*\.(?-i:" + _TLDS + r")(?![\w.-])"
        # "jan.jansen@zorg", "j.bakker@eikenbrug": an address cut off before its top-level domain, when its own
        # part has a full stop, hyphen or underscore in it (a person's address; "@Tessa", "team@VGZ" are mentions;
        # a chapter's placeholder "{pgb_aantal:pgb_aantal@Gemiddeld}", "{x:a.b@trend!stijging}" is none)
        + r"|(?<![\w.+-])[^\W\d_][\w%+'-]{0,30}[._-][\w.%+'-]{1,32}@[^\W\d_][\w-]{1,62}(?![\w@}-]|\.\w|!\w)"
        # "jan(at)zorg", "jan [at] zorgwaard": an "at" in brackets is written for an address only, also one cut off before its
        # top-level domain (review h97; "at" in lower case: "Oostenrijk (AT) heeft" is a country code)
        + r"|" + local + r"(?:\s?[\[\(\{<]\s?(?:at|@)\s?[\]\)\}>]){1,3}\s?[^\W\d_][\w-]{1,62}(?![\w@}-]|\.\w|\s?[\[\(\{<])"
        # "j.smit op zorgwaard.nl", "p_devries op zorg punt nl": "op" (Dutch for "at") between an own part with a
        # full stop or underscore inside it (not a hyphen: "co-creatie op zorg.nl") and a domain with a known top-level domain ("kijk op
        # zorgwaard.nl" is a website; "o.a. op www.actiz.nl": an own part ends in a letter or digit)
        + r"|(?<![\w.+-])(?:[^\W_]|[%+'-]){1,30}(?:[._](?:[^\W_]|[%+'-]){1,30}){1,4}(?<!['-])\s+(?:op|OP)\s+"
        + _OP_DOMAIN
        # "pdevries op hotmail punt com", "mail jan op zorgwaard punt nl": any own part before a mail provider's
        # domain, or after "mail (naar)" or "e-mailadres:"
        + r"|" + local + r"(?<![.'-])\s+(?:op|OP)\s+(?i:" + _MAIL_PROVIDER_NAMES + r")(?:" + _DOT + r"[\w-]+)*" + _DOT
        + r"(?-i:" + _TLDS + "|" + _TLDS.upper() + r")(?![\w-])"
        + r"|(?<![\w-])(?i:(?:e-?)?mail(?:adres|en)?)\s?:?\s+(?:(?i:naar)\s?:?\s+)?(?!(?i:ons|mij|me|hem|haar|hen|ze|u|jou|je|even|gerust)\s)"
        + r"(?P<cued>(?<![\w.+-])[^\W_][\w.%+'-]{0,63}(?<![.'-])\s+(?:op|OP)\s+" + _OP_DOMAIN + ")"
    )


EMAIL_RE = _email_pattern(_LOCAL_PLAIN)
_ESCAPED_EMAIL_RE = _email_pattern(_LOCAL)

#: an address typed wrongly that a reader still recognises (review h95): the "@" doubled ("jan@@zorg.nl", "jan @@ zorg
#: . nl", "jan@ @zorg.nl"), a comma, semicolon, colon, middle dot, underscore, second "@" or a space for the dot
#: before a known top-level domain ("jan@zorg,nl", "jan@zorg;nl", "jan@zorg@nl", "jan@zorg nl", "jan@zorg..nl");
#: only after a real "@" and before a top-level domain that is no Dutch word ("@Tessa de" is no address); the
#: domain's labels are bounded (linear time)
_LOOSE_DOT = r"(?:[ \t]?[.,;:\u00b7_@]{1,2}[ \t]?)"
_LOOSE_SEP = r"(?:" + _LOOSE_DOT + r"|[ \t])"
_LOOSE_TAIL = (r"[ \t]?@(?:[ \t]?@){0,2}[ \t]?[^\W_][\w-]{0,62}(?:" + _LOOSE_DOT + r"[^\W_][\w-]{0,62}){0,3}?"
               + _LOOSE_SEP + r"(?i:nl|com|org|net|eu|frl|biz)(?![\w@-])")
_LOOSE_EMAIL_RE = re.compile(_LOCAL_PLAIN + _LOOSE_TAIL)
_ESCAPED_LOOSE_EMAIL_RE = re.compile(_LOCAL + _LOOSE_TAIL)
#: an escaped full stop anywhere in a text: only then are the escaped forms of an address's own part read
_ESCAPED_DOT_RE = re.compile(ESCAPED_DOT)


_URL_RE = re.compile(
    # scheme or www.
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'\]\[]+"
    # or a bare domain name with a known top-level domain (lower case: "Kompas.De" is no URL)
    r"|(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?-i:" + _TLDS + r")"
    r"(?![\w-])(?:/[^\s<>\"'\]\[]*)?",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)"

#: between digit groups: "06 - 1234 5678", "020.123.45.67", "06_12345678", or a line break ("06-1234\n5678":
#: a number wrapped in a text box or a PDF's line; review of the privacy)
#: (also "06-⏎12345678", "020-⏎1234567": a number broken at its hyphen; not a full stop before the break, "01.⏎02."
#: is a numbered list, nor a dash after it, a line's "- " is a bullet)
_SEP = r"(?:[ \t./_-]{0,3}|[ \t]*-?[ \t]*\r?\n[ \t]*)"
#: a country code, in brackets or not: "+31", "0031", "(+31)", "( 0031 )"
_COUNTRY = r"(?:\(\s?(?:\+|00)\s?{code}\s?\)|(?:\+|00)\s?{code})"
#: the first digits after +31 in brackets, then the rest of the 9: "+31 (6) 1234 5678", "+31 (20) 123 4567";
#: a bracket is never taken elsewhere ("toename +3 (12.345.678 euro)" is no phone number)
_NL_REST = ("(?:" + "|".join(rf"\([1-9]\d{{{k}}}\)(?:{_SEP}\d){{{8 - k}}}" for k in range(3))
            + rf"|[1-9](?:{_SEP}\d){{8}})")
PHONE_RE = re.compile(
    r"(?<![\w+])(?<!\d[.,])(?:"
    # +31 / 0031 / (+31), optional (0), then 9 digits: +31 6 1234 5678, +31(0)20-1234567,
    # 0031 20 ..., (+31) 6 12345678, +31 (6) 1234 5678
    + _COUNTRY.format(code="31") + _SEP + r"(?:\(0\)" + _SEP + r")?" + _NL_REST
    # other countries: +32 2 123 45 67, +49 (0)30 1234567, 0044 20 7946 0958, (+32) 2 123 45 67
    # (and an area code in brackets: +1 (555) 123-4567, +44 (20) 7946 0958)
    + r"|" + _COUNTRY.format(code=r"(?!31)[1-9]\d{0,2}") + _SEP + r"(?:\(0\)" + _SEP + r")?"
    + r"(?:\((?!(?:19|20)\d\d\))\d{1,4}\)" + _SEP + r")?\d(?:" + _SEP + r"\d){6,11}"
    # service numbers with 7 digits after 0800/0900/0906/0909
    r"|0(?:800|900|906|909)(?:" + _SEP + r"\d){7}"
    # area code in brackets: (010) 123 45 67, (0511) 12 34 56, (06) 12345678
    r"|\(0[1-9]\d\)\s?\d(?:" + _SEP + r"\d){6}"
    r"|\(0[1-9]\d\d\)\s?\d(?:" + _SEP + r"\d){5}"
    r"|\(06\)\s?\d(?:" + _SEP + r"\d){7}"
    # national 10 digits: 06-12345678, 06 12 34 56 78, 020-1234567, 088-123 45 67, 0511-123456
    r"|0[1-9](?:" + _SEP + r"\d){8}"
    # the letter o written for the 0: "o6-12345678", "O30 1234567" (review h97)
    r"|[oO][1-9](?:" + _SEP + r"\d){8}"
    # short service numbers: 0800-1234, 0900 1234
    r"|0(?:800|900|906|909)(?:" + _SEP + r"\d){4}"
    # written to get past a filter: "06,12,34,56,78" (pairs after a comma), "0 6 1 2 3 4 5 6 7 8" (one digit
    # at a time; an ascending run such as a scale "0 1 2 3 4 5 6 7 8 9" is none: _phone)
    r"|0[1-9](?:,\s?\d\d){4}"
    r"|0[ \t][1-9](?:[ \t]\d){8}|0[ \t][1-9][ \t]?-[ \t]?\d(?:[ \t]\d){7}"  # "0 6 - 1 2 3 4 5 6 7 8" (review h97)
    # "(0)30-1234567", "(0)6 12345678": the trunk zero in brackets without the country code before it (review h97)
    r"|\(0\)[ \t]?[1-9](?:" + _SEP + r"\d){8}"
    r")(?!\d)(?![.,]\d)(?!\s?%)"
)
#: A date inside a phone-like match ("06-12-2025 12 ...") means it is not a phone number.
DATE_RE = re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)")

# IBAN: a known country, check digits, the country's length in alphanumerics (spaces allowed
# between them), then ISO 13616 mod 97
_IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "GB": 22, "LU": 20, "ES": 24, "IT": 27, "AT": 20,
                 "CH": 21, "IE": 22, "PT": 25, "DK": 18, "PL": 28, "SE": 24, "NO": 15, "FI": 18}
_IBAN_RE = re.compile(r"(?<![\w])(?:(?:" + "|".join(_IBAN_LENGTHS) + r")\d{2}"
                      # "NL 91 ABNA …": a space after the country only in capitals ("de 10.092.000 euro" is none)
                      r"|(?-i:(?:" + "|".join(_IBAN_LENGTHS) + r"))[ ]\d{2})(?=[ .-]?[A-Z0-9])", re.IGNORECASE)

# BSN: 9 digits (or 8, an old number written without its leading 0) passing the 11-proef
_BSN_CONTEXT_RE = re.compile(
    r"\b(?:bsn|burgerservicenummer|burgerservice-nummer|sofinummer|sofi-nummer|sofi)(?![^\W\d_])"
    r"(?:[\s.:#-]*(?:nr|nummer|no)\b)?[\s.:#-]{0,4}"
    r"(?P<number>\d(?:[ .-]?\d){7,8})(?!\d)",
    re.IGNORECASE,
)
_BSN_PLAIN_RE = re.compile(
    r"(?<![\w€$])(?<!\d[.,])(?<!€ )(?<!\d )"
    # (with dashes too, "123-456-782", "1234-56-782": review h97)
    r"(?P<number>\d{9}|\d{4} \d{2} \d{3}|\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}|\d{3}-\d{3}-\d{3}|\d{4}-\d{2}-\d{3})"
    r"(?![\w])(?![.,-]\d)(?!\s\d)"
    r"(?!\s?(?:%|euro\b|eur\b|,-))"
)

# KvK: 8 digits after the word, also with a few words between ("ingeschreven bij de KvK onder nummer 12345678", "onze
# KvK is 12345678") and in groups of any size ("kvk 123 456 78"; review h97: both passed)
_KVK_RE = re.compile(
    r"\b(?:kvk|k\.v\.k\.?|kamer\s+van\s+koophandel|handelsregister)"
    r"(?:[\s.:#-]{0,4}(?:nr|nummer|no|inschrijving(?:snummer)?|inschrijfnummer|dossiernummer|dossier|onder|met|is|luidt|heeft"
    r"|het|de|ons|onze|op)\b\.?){0,3}[\s.:#-]{0,4}"
    r"(?P<number>\d(?:[ .-]?\d){7})(?![\d.,]\d|\d)",
    re.IGNORECASE,
)

# a Dutch VAT number (btw-identificatienummer): NL, nine digits, B and two digits ("NL123456789B01", "NL 1234.56.789.B.01");
# it names the organisation as its KvK number does, and a sole trader's held the BSN until 2020 (review h97)
_BTW_RE = re.compile(r"(?<![\w])(?P<number>(?i:NL)[ .]?\d{4}[ .]?\d{2}[ .]?\d{3}[ .]?(?i:B)[ .]?\d{2})(?![\w])")

# AGB code: the 8 digits that name a care provider in the Vektis register ("AGB-code 73-123456", "agb: 73123456");
# a respondent organisation's own code names it as surely as its KvK number (a later privacy review)
_AGB_RE = re.compile(
    r"\bagb(?:[\s-]*(?:code|nummer|nr|registratie)\b)?(?:[\s.:#-]*(?:nr|nummer|no)\b)?(?:\s+(?:is|luidt))?[\s.:#-]{0,4}"
    r"(?P<number>\d{2}(?:[ .-]?\d{2}){3})(?!\d)",
    re.IGNORECASE,
)

_MONTHS = (r"jan(?:uari)?|feb(?:ruari)?|maart|mrt|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?|aug(?:ustus)?"
           r"|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE_ANY = (r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2}"
             r"|\d{1,2}\s+(?:" + _MONTHS + r")\.?\s+(?:19|20)\d{2})")
_BIRTH_CONTEXT_RE = re.compile(
    r"\b(?:geboren|geb\.\s?datum|geb\.|geboortedatum|geboortedag|geboorte)"
    r"(?:\s+(?:op|in|d\.d\.))?[\s:,]{0,3}(?P<number>" + _DATE_ANY + r")(?!\d)"
    # "geb" without its full stop: also "gebouw" ("geb 12-05-2025 opgeleverd"), so only a date before 2010
    r"|\bgeb[\s:,]{1,3}(?P<old>\d{1,2}[-/.]\d{1,2}[-/.](?:19\d\d|200\d)|\d{1,2}\s+(?:" + _MONTHS
    + r")\.?\s+(?:19\d\d|200\d))(?!\d)",
    re.IGNORECASE,
)
# a full date in 1900-1989 is no meeting or contract date in this survey: a birth date
_OLD_DATE_RE = re.compile(
    r"(?<![\d.,/-])(?P<number>\d{1,2}[-/.]\d{1,2}[-/.]19[0-8]\d"
    r"|\d{1,2}\s+(?:" + _MONTHS + r")\.?\s+19[0-8]\d|19[0-8]\d-\d{1,2}-\d{1,2})(?![\d/-])",
    re.IGNORECASE,
)

#: two-letter words and abbreviations that follow a number in Dutch prose: no postcode's letters
_TWO_LETTER_WORDS = (r"(?:en|of|is|in|op|te|de|na|om|al|nu|zo|ja|ik|we|je|ze|er|ga|ca|nr|af|oh|eh|ah|la|km|kg|cm|mm|ml|uw|me|tm|"
                     r"mn|mw|pp|ct|eu|ie|hr|hh|gr|st|ha|uu|jr|kw|mb|gb|kb|ms|mg|pk|ex|vs|ok|vv|pg|cq|lg|vg|zg|gz|ic|wz|pv|bv|nb|oa|pm|mt|wk|ma|di|wo|do|vr|za|nv|bg|tv)(?![a-z])")
# addresses: postcode (with a house number, a place or without a space), street + house number
_HOUSE_NUMBER = r"(?!(?:19|20)\d\d(?!\d))\d{1,4}(?:\s?[a-zA-Z](?![\w]))?(?:[-/]\d{1,4}[a-zA-Z]?)?"
_POSTCODE_RE = re.compile(
    r"(?<![\w-])(?:"
    # 1234 AB 12, 1234 AB Utrecht; a year-like 19xx/20xx only before a place ("2025 CZ 7" is a
    # table row, "2026 ZK Zwolle" the zorgkantoor)
    # (also with a dash between its digits and letters: "3512-JK 12")
    # ("1500 EN 2000": a word in capitals between two numbers is no postcode and house number; review h97)
    r"(?:(?!19\d\d|20\d\d)[1-9]\d{3}(?:[ ]?-[ ]?|[ ]?)(?!SA|SD|SS)(?!(?i:" + _TWO_LETTER_WORDS + r")[ ]*,?[ ]*\d{4})"
    r"[A-Z]{2}(?![\w-])(?=[ ]*,?[ ]*(?:\d|[A-Z][a-zà-ÿ]{2,}))"
    r"|(?:19|20)\d\d[ ]?(?!SA|SD|SS|CZ|ZK)[A-Z]{2}(?![\w-])(?=[ ]*,?[ ]*[A-Z][a-zà-ÿ]{2,}(?![\w-])))"
    r"(?:[ ]*,?[ ]*" + _HOUSE_NUMBER + r"(?![\w,.]\d))?"
    # "3512 jk 12 Utrecht", "3512 jk Utrecht": lower-case letters only before a place (with or without a
    # house number between), not a two-letter word or abbreviation ("1200 of 300", "4000 pg 12 locaties",
    # "1200 vv 5 plaatsen": the sector writes vv, pg, cq after numbers)
    r"|(?!19\d\d|20\d\d)[1-9]\d{3}(?:[ ]?-[ ]?|[ ]?)(?!sa|sd|ss)(?!" + _TWO_LETTER_WORDS + r")[a-z]{2}(?![\w-])"
    r"(?=(?:[ ]*,?[ ]*" + _HOUSE_NUMBER + r")?[ ]*,?[ ]*[A-Z][a-zà-ÿ]{2,}(?![\w-]))"
    r"(?:[ ]*,?[ ]*" + _HOUSE_NUMBER + r"(?![\w,.]\d))?"
    # 1234AB, 1234ab; with the house number glued on (1234AB12, 3511LK7), not a year ("2025KW1")
    r"|[1-9]\d{3}(?!sa|sd|ss|SA|SD|SS)(?:[A-Z]{2}|[a-z]{2})(?![\w-])"
    r"|(?!19\d\d|20\d\d)[1-9]\d{3}(?!SA|SD|SS)[A-Z]{2}\d{1,4}[a-zA-Z]?(?![\w])"
    r")"
)
_STRONG_SUFFIX = r"straat|straatweg|laan|plein|gracht|kade|singel|dreef|steeg|plantsoen|boulevard|allee"
_WEAK_SUFFIX = r"weg|hof|dijk|markt|pad|park|wal|ring|baan|erf|hoven|oord|veld|burcht|haven|poort"
# street and number on one line: a list item "2 Arbeidsmarkt" above "3 Duurzaamheid" is no address.
# A street's word is at most 60 characters: unbounded, every letter after an apostrophe in a long word
# was a start that read on to the word's end (12,000 characters of "A'" took 2.7 s)
_STREET_RE = re.compile(
    r"(?<![\w-])(?:[A-Z][a-zà-ÿ]{1,60}[ \t]+(?:(?:van|de|der|den|het|ter|ten|'t)[ \t]+)+)?"
    r"(?:"
    r"(?:[A-Z][\w'’‘ʼ′`-]{0,60}|[a-zà-ÿ][\w'’‘ʼ′`-]{2,60})(?:" + _STRONG_SUFFIX + r")"  # Dorpsstraat, dorpsstraat
    r"|[A-Z][\w'’‘ʼ′`-]{0,60}str\."  # Kerkstr.
    r"|[A-Z][\w'’‘ʼ′`-]{1,60}(?:" + _WEAK_SUFFIX + r")"  # Hoofdweg, Eikenhof (capitalised only)
    r"|Laan[ \t]+(?:van|der|de)[ \t]+(?:[\w'’‘ʼ′`-]{1,60}[ \t]+)??[A-Z][\w'’‘ʼ′`-]{1,60}"  # Laan van Meerdervoort
    r")"
    r"[ \t]+(?:(?:nr|no|nummer|huisnummer|huisnr)\.?[ \t]*)?"  # "Dorpsstraat nr 12", "… huisnummer 12" (review h104)
    + _HOUSE_NUMBER + r"(?!\s?%)(?![\w])(?![.,]\d)(?!\s?(?:euro|eur|uur|jaar|keer|x)\b)"
)


def iban_valid(candidate: str) -> bool:
    """ISO 13616: the IBAN's check digits (mod 97 == 1); spaces, dashes, full stops and line breaks ignored."""
    s = re.sub(r"[ .\r\n-]", "", candidate).upper()
    if len(s) != _IBAN_LENGTHS.get(s[:2], -1) or not s[2:4].isdigit() or not s.isalnum():
        return False
    if sum(c.isdigit() for c in s) < 8:
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def bsn_valid(candidate: str) -> bool:
    """The 11-proef of a BSN (8 digits: a leading 0 added); 000000000 is not valid."""
    digits = re.sub(r"\D", "", candidate)
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def phone_is_date(match_text: str) -> bool:
    """A phone-like match that holds a date ("06-12-2025 12") is a date."""
    return DATE_RE.search(match_text) is not None


Span = tuple[int, int, str]  # start, end (normalised text), kind


#: the words of an address's own part written apart before the part the pattern found: "jan punt devries at
#: zorgwaard punt nl", "jan . devries @ zorgwaard . nl", "jan [dot] de [dot] vries [at] …" (the pattern's own part
#: has no spaces: "jan punt" was kept before "[e-mailadres]"; review h92)
_LOCAL_WORDS_BEFORE = re.compile(r"(?:(?<![\w.+-])[^\W_][\w'-]{0,30}(?:\s+(?i:punt|dot)\s+|\s\.\s|\s?[\[\(\{<]\s?(?i:dot|punt|\.)"
                                 r"\s?[\]\)\}>]\s?))+$")


def _email(text: str) -> Iterator[Span]:
    # with an escaped full stop in the text, the addresses whose own part holds one first (the first of two
    # overlapping spans is taken: "jan&#46;devries&#64;zorg.nl" whole, not from "devries"), then every address
    escaped = _ESCAPED_DOT_RE.search(text) is not None
    for pattern in (_ESCAPED_EMAIL_RE, EMAIL_RE) if escaped else (EMAIL_RE,):
        for m in pattern.finditer(text):
            start = m.start("cued") if m.group("cued") else m.start()  # "mail naar " kept
            if re.search(r"\s|[\[\(\{<]", m.group(0)):  # written to get past a filter: its own part may be too
                start = _local_words_start(text, start)
            yield start, m.end(), "email"
    yield from _spaced_email(text)
    yield from _dotted_email(text)
    if "@" in text:
        for pattern in (_ESCAPED_LOOSE_EMAIL_RE, _LOOSE_EMAIL_RE) if escaped else (_LOOSE_EMAIL_RE,):
            for m in pattern.finditer(text):  # the forms above take precedence where both match
                yield (_local_words_start(text, m.start()) if re.search(r"\s", m.group(0)) else m.start(), m.end(),
                       "email")


#: an address spelt out a character at a time ("j a n @ z o r g . n l", "j a n . d e v r i e s (at) z o r g . n l", review
#: h97): single characters with one or two blanks between them, an "@" (or "at" in brackets or alone) among them; the run
#: is read without its blanks and counts when that reads as an address with a known top-level domain (bounded: linear)
_SPACED_CHAR = r"(?:[^\W_]|[.+-])"
_SPACED_EMAIL_RE = re.compile(
    r"(?<![^\s(\[<:;,\"'])[^\W_](?:[ \t]{1,2}" + _SPACED_CHAR + r"){0,63}[ \t]{1,2}"
    r"(?P<at>@|(?i:[\[\(\{<]at[\]\)\}>]|at))[ \t]{1,2}[^\W_](?:[ \t]{1,2}" + _SPACED_CHAR + r"){2,80}"
    r"(?![^\s.,;:!?)\]>\"'])")
_SPACED_EMAIL_READ = re.compile(r"[^\W_][\w.+-]*@[^\W_][\w-]*(?:\.[\w-]+)*\.(?:" + _TLDS + r")", re.IGNORECASE)


def _spaced_email(text: str) -> Iterator[Span]:
    for m in _SPACED_EMAIL_RE.finditer(text):
        joined = re.sub(r"\s", "", text[m.start():m.start("at")]) + "@" + re.sub(r"\s", "", text[m.end("at"):m.end()])
        if _SPACED_EMAIL_READ.fullmatch(joined):
            yield m.start(), m.end(), "email"


#: an address written a character at a time with full stops between them ("j.a.n @ z.o.r.g . n.l", "j.a.n@z.o.r.g.n.l";
#: review h102): single characters with a full stop between them (blanks around it too; with blanks alone it is
#: :data:`_SPACED_EMAIL_RE`'s), a real "@" among them (not "at": "o.a. at ..." is no address); it counts when the domain's characters end in a known
#: top-level domain after two or more characters of its own (bounded: linear)
_DOTTED_SEP = r"[ \t]{0,2}\.[ \t]{0,2}"
_DOTTED_EMAIL_RE = re.compile(
    r"(?<![^\s(\[<:;,\"'])[^\W_](?:" + _DOTTED_SEP + r"[^\W_]){1,63}\.?[ \t]{0,2}@[ \t]{0,2}"
    r"(?P<domain>[^\W_](?:" + _DOTTED_SEP + r"[^\W_]){3,80})(?![^\s.,;:!?)\]>\"'])")
_TLD_SET = frozenset(_TLDS.split("|"))


def _dotted_email(text: str) -> Iterator[Span]:
    if "@" not in text:
        return
    for m in _DOTTED_EMAIL_RE.finditer(text):
        letters = re.sub(r"[\s.]", "", m.group("domain")).lower()
        if any(letters.endswith(t) and len(letters) - len(t) >= 2
                                            for t in _TLD_SET if len(t) <= 3):
            yield m.start(), m.end(), "email"


#: short words of a sentence that stand before "punt" ("het ging om punt …"): no part of an address
_SENTENCE_SHORT_WORDS = frozenset("om op in en is te of al nu zo ja na bij".split())


def _local_words_start(text: str, start: int) -> int:
    """Where the words of an address's own part written apart (:data:`_LOCAL_WORDS_BEFORE`) begin before `start`;
    a common Dutch word leading them is the sentence's ("Wij doen dat . jan @ …" keeps "dat")."""
    before = _LOCAL_WORDS_BEFORE.search(text, max(0, start - 160), start)
    if before is None:
        return start
    words = list(re.finditer(r"[^\W_][\w'-]*", text[before.start():start]))
    for word in words:
        w = word.group(0)
        if w.casefold() not in _SENTENCE_SHORT_WORDS and not (w.casefold() not in NAMES and common_dutch_word(w)):
            return before.start() + word.start()
    return start


#: a bare "domain" made of initials or a title: "J.de Jong", "J.P.de Wit", "dhr.de Jong", "Dhr.J.de
#: Vries" (the surname's particle read as the German top-level domain) is a name, left to the name passes; so is
#: "t.de haan", "a.de raad" (lower-case initials before the particle "de"; review of the privacy, L3)
_INITIALS_DOMAIN = re.compile(r"(?:(?i:dhr|mevr|mw|mr|drs|dr|ir|ing|prof)\.)?(?:[A-Z]\.)*[a-z]+|(?:[a-z]\.){1,3}de")


#: a LinkedIn profile's path without its domain (review h95): "/in/jan-de-vries-12345", "in/jan-devries" (a slug
#: of two parts or more joined by hyphens; not "in/uitstroom", "in/door-stroom"), or any slug after the word
#: "LinkedIn" with a colon ("linkedin: jandevries", "LinkedIn profiel: /in/jdevries") or of a hyphen, slash or digit
_PROFILE_SLUG = r"[^\W_][\w%]{0,40}(?:-[\w%]{1,40}){0,6}"
_PROFILE_RE = re.compile(
    r"(?<![\w/.-])(?:/)?in/(?!(?i:uit|door|af|over|out|op|aan|excl|exclusief|ex)(?![\w]))"
    r"[^\W_][\w%]{0,40}(?:-[\w%]{1,40}){1,6}(?![\w-])"
    # ("linkedin/jandevries", "mijn linkedin is jandevries": review h102; the word after "is" only as a handle)
    r"|(?<![\w-])(?i:linked[ -]?in)(?:[ \t-]?(?i:profiel|profile|pagina|page))?"
    r"(?:[ \t]*(?P<colon>[:=])[ \t]*|[ \t]*(?P<slash>/)[ \t]*|[ \t]+(?:(?i:is|heet)[ \t]+)?)"
    r"(?P<slug>(?:/?in/)?"
    + _PROFILE_SLUG + r")(?![\w-])")


#: after the word "LinkedIn" (review h97): a profile's address written with spaces or without its dot ("linkedin . com /
#: in / jandevries", "linkedin com/in/jandevries"), and the person it names: "LinkedIn: Jan de Vries", "via LinkedIn (Jan de
#: Vries)", "op linkedin jan de vries" (a first name and a surname, capitalised, or in lower case with a particle between)
_LINKEDIN = r"(?<![\w-])(?i:linked[ \t-]?in)"
_PROFILE_SPACED_RE = re.compile(_LINKEDIN + r"(?:[ \t]?\.?[ \t]?(?i:com))?[ \t]?/[ \t]?(?i:in)[ \t]?/[ \t]?"
                                + _PROFILE_SLUG + r"(?![\w-])")
_PARTICLES_LOWER = r"(?:(?:van|de|der|den|ter|ten|'t|el|al)[ \t]+){1,3}"
_LINKEDIN_NAME_RE = re.compile(
    _LINKEDIN + r"(?:[ \t-]?(?i:profiel|profile|pagina|page|account))?(?:[ \t]+(?i:van|of))?(?:[ \t]*[:=(\[-][ \t]*|[ \t]+)"
    r"(?P<name>(?-i:(?:[A-Z][a-zà-ÿ'-]{1,30}[ \t]+|(?:[A-Z]\.[ \t]?){1,3})(?:(?:van|de|der|den|ter|ten|'t|el|al|Van|De)[ \t]+){0,3}"
    r"[A-Z][\w'-]{1,40})|(?P<first>(?-i:[a-zà-ÿ]{3,30}))[ \t]+" + _PARTICLES_LOWER + r"(?-i:[a-zà-ÿ][\w'-]{1,40}))"
    r"(?![\w-])")
#: a LinkedIn handle written after the word without any mark ("via linkedin jandevries"): a lower-case word of five
#: letters or more that is no common Dutch word, nor a word said of LinkedIn itself
_LINKEDIN_WORDS = frozenset("""account accounts berichten bericht posts post groep groepen group groups learning premium
    netwerk netwerken campagne campagnes advertenties ads vacatures vacature profiel profielen pagina paginas page
    connecties volgers followers recruiter sales navigator""".split())


def _linkedin(text: str) -> Iterator[Span]:
    for m in _PROFILE_SPACED_RE.finditer(text):
        yield m.start(), m.end(), "url"
    for m in _LINKEDIN_NAME_RE.finditer(text):
        first = m.group("first")
        if first is None or first in NAMES or not common_dutch_word(first):  # "linkedin en de rest" stays
            yield m.start("name"), m.end("name"), "name"  # a person: "[naam]", not "[website]" (review h102)
    for m in _PROFILE_RE.finditer(text):
        slug = m.group("slug")
        if slug is None:
            yield m.start(), m.end(), "url"
        elif m.group("slash") and not slug.islower():  # "LinkedIn/Twitter", "LinkedIn / Indeed": a list (review h104)
            continue
        elif m.group("colon") or "/" in slug or "-" in slug or any(c.isdigit() for c in slug) or _handle(slug):
            yield m.start("slug"), m.end("slug"), "url"  # "LinkedIn is handig", "via linkedin werving" stay


#: a handle that reads as a person's name: a known first name or a particle inside it ("jandevries", "pvandijk",
#: "annavanderberg")
_HANDLE_NAME_RE = re.compile(r"(?:" + "|".join(sorted(NAMES, key=lambda w: (-len(w), w))) + r")[a-z]{3,}"
                             r"|[a-z]{1,12}(?:de|van|vd|vander|vanden|ter|ten)[a-z]{3,}")


def _handle(slug: str) -> bool:
    """A word after "LinkedIn" without a mark is a handle ("via linkedin jandevries"): lower case, a name's shape
    (:data:`_HANDLE_NAME_RE`), no common Dutch word nor a word said of LinkedIn itself."""
    return (slug.islower() and len(slug) >= 6 and slug not in _LINKEDIN_WORDS and not common_dutch_word(slug)
            and _HANDLE_NAME_RE.fullmatch(slug) is not None)


def _url(text: str) -> Iterator[Span]:
    for m in _URL_RE.finditer(text):
        core = m.group(0).rstrip(_URL_TRAILING)  # a closing bracket or full stop belongs to the sentence
        if core and not (_INITIALS_DOMAIN.fullmatch(core) and "." in core):
            yield m.start(), m.start() + len(core), "url"
    if "in/" in text or "linked" in text.lower():
        yield from _linkedin(text)


def _iban(text: str) -> Iterator[Span]:
    for m in _IBAN_RE.finditer(text):
        length, count, stop = _IBAN_LENGTHS[m.group(0)[:2].upper()], 0, m.start()
        while stop < len(text) and count < length:  # the country's characters, a single space or dash between
            c = text[stop]
            if c.isascii() and c.isalnum():
                count += 1
            elif not ((c in " .-\r\n" and text[stop - 1] not in " .-\r\n")
                      or (c == "\n" and text[stop - 1] == "\r" and text[stop - 2] not in " .-\r\n")):
                break  # a single space, dash, full stop or line break between its characters
            stop += 1
        if count == length and not (stop < len(text) and text[stop].isalnum()) \
                and iban_valid(text[m.start():stop]):
            yield m.start(), stop, "iban"


#: a run of hexadecimal characters this long is a digest (a SHA-256 in a manifest, a cache key), not words
#: (20: the run's own 24-character cache keys, "result-2026-0849185044f9281b64efb19d.pkl", read as a phone
#: number once in a thousand keys and failed a run's gate)
_HEX_RUN = 20
_HEX = frozenset("0123456789abcdefABCDEF")


def _inside_digest(text: str, start: int, stop: int) -> bool:
    """The match text[start:stop] lies inside a run of at least :data:`_HEX_RUN` hex characters that
    holds a letter ("0620170129e485…" of a SHA-256 is no phone number)."""
    left, right = start, stop
    while left > 0 and text[left - 1] in _HEX:
        left -= 1
    while right < len(text) and text[right] in _HEX:
        right += 1
    run = text[left:right]
    return right - left >= _HEX_RUN and stop <= right and any(c.isalpha() for c in run) \
        and all(c in _HEX for c in text[start:stop])


def _ascending_digits(match: str) -> bool:
    """The digits count up one by one ("0 1 2 3 4 5 6 7 8 9": a scale, no phone number)."""
    digits = [int(c) for c in match if c.isdigit()]
    return len(digits) >= 8 and all(b == a + 1 for a, b in zip(digits, digits[1:]))


def _phone(text: str) -> Iterator[Span]:
    for m in PHONE_RE.finditer(text):
        s = m.group(0)
        if phone_is_date(s) or _inside_digest(text, m.start(), m.end()) or _ascending_digits(s):
            continue
        yield m.start(), m.start() + len(s.rstrip(" \t./-")), "phone"


#: a Dutch number word: a digit, ten to nineteen, a ten, or a ten with its unit ("vierendertig", "zesenvijftig")
_UNIT_WORDS = r"een|één|twee|drie|vier|vijf|zes|zeven|acht|negen"
_TEN_WORDS = r"twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
_NUMBER_WORD = (rf"(?:(?:{_UNIT_WORDS})(?:en|ën)(?:{_TEN_WORDS})|{_TEN_WORDS}|tien|elf|twaalf|dertien|veertien"
                rf"|vijftien|zestien|zeventien|achttien|negentien|nul|{_UNIT_WORDS})")
#: a phone number written in words ("nul zes twaalf vierendertig zesenvijftig achtenzeventig", "nul zes een twee drie
#: vier vijf zes zeven acht"): "nul" and five number words or more after it (review h92: it passed the scrubber and
#: the gate); "nul komma vijf" and "een twee drie" are no phone number
_PHONE_WORDS_RE = re.compile(rf"(?<![\w-])nul(?:[ \t,.]+{_NUMBER_WORD}){{5,}}(?![\w-])", re.IGNORECASE)


_DIGIT_WORDS = {w: i for i, w in enumerate("nul een twee drie vier vijf zes zeven acht negen".split())} | {"één": 1}


def _phone_words(text: str) -> Iterator[Span]:
    for m in _PHONE_WORDS_RE.finditer(text):
        digits = [_DIGIT_WORDS.get(w.casefold(), -1) for w in re.findall(r"[^\W\d_]+", m.group(0))]
        if all(b == a + 1 for a, b in zip(digits, digits[1:])):  # a scale read out, "nul een twee drie vier vijf"
            continue
        yield m.start(), m.end(), "phone"


def _numbered(regex: re.Pattern, kind: str, valid: Callable[[str], bool] | None = None) -> Callable:
    def spans(text: str) -> Iterator[Span]:
        for m in regex.finditer(text):
            group = "number" if m.group("number") is not None else "old"  # the pattern's other form
            if valid is None or valid(m.group(group)):
                yield m.start(group), m.end(group), kind
    return spans


#: a post-office box or a freepost number ("Postbus 123", "postbus nr. 4500", "Antwoordnummer 1234"): an
#: organisation's address as much as a street
#: (a space or a full stop before the number: text of letters and digits alone is left to the prefilter
#: of quality_log.may_hold_personal_data, which lets such text skip the patterns)
_POSTBOX_RE = re.compile(r"(?<![\w-])(?i:postbus|antwoordnummer)"
                         r"(?:[ \t]+(?:(?i:nr|nummer)\.?[ \t]*)?|[ \t]*(?i:nr|nummer)\.[ \t]*)\d{1,6}(?![\d])")


#: a postcode alone after the word that names it ("Postcode 1234 AB", "pc: 3512 jk", "postcode is 1234-AB"; not
#: "postcode 1234 en …", a postcode area and a word): without
#: a house number or a place the other forms leave "1234 AB" alone ("2400 ZK" is a count of a zorgkantoor's
#: clients), but after "postcode" it is one, and it points to a street (a care home's, the organisation's)
_POSTCODE_CUE_RE = re.compile(
    r"(?<![\w-])(?i:postcode|post-code|pc|p\.c\.)(?:[ \t]*[:=][ \t]*|[ \t]+(?:(?i:is|was)[ \t]+)?)"
    r"(?P<number>[1-9]\d{3}(?:[ \t]?-[ \t]?|[ \t]?)(?!(?i:sa|sd|ss)(?![\w-]))"
    r"(?:[A-Z]{2}|(?!" + _TWO_LETTER_WORDS + r")[a-z]{2}|[A-Z][ \t][A-Z]))(?![\w-])")

#: a postcode in an address's own context (review h102): right after a street and house number ("Kerkstraat 5, 2012 AB",
#: "Kerkstraat 5 3512 EN", "Kerkstraat 5⏎3512 J K"), where a year-like number and word-like or spaced letters are a
#: postcode too (not before another number: "Hoofdweg 12 2025 EN 2026"); and one with its letters spaced before a place
#: ("3512 J K Utrecht"). Elsewhere "in 2012 AB-contracten", "2025 EN 2026" stay (:data:`_POSTCODE_RE`, :data:`_POSTCODE_BARE_RE`)
#: (lower-case letters not a two-letter word: "Parkweg 12 2024 in gebruik", "Hoofdweg 12 2024 op afgebouwd" stay:
#: review h104)
_POSTCODE_LETTERS = (r"(?!(?i:sa|sd|ss)(?![\w-]))(?:[A-Z]{2}|(?!" + _TWO_LETTER_WORDS + r")[a-z]{2}|[A-Z][ \t][A-Z])")
_POSTCODE_SPACED = (r"(?<![\w-])(?P<spaced>(?!19\d\d|20\d\d)[1-9]\d{3}[ \t]?[A-Z][ \t][A-Z])(?![\w-])"
                    r"(?=[ \t]*,?[ \t]*[A-Z][a-zà-ÿ]{2,}(?![\w-]))")
_POSTCODE_CONTEXT_RE = re.compile(
    # (a house number's addition written apart: "Kerkstraat 5 bis, 2012 AB", "… 5 hs", "… 5 zwart": review h104)
    r"(?:" + _STREET_RE.pattern + r")(?:[ \t]+(?i:bis|ter|hs|huis|bg|boven|beneden|rood|zwart|zw|rd)(?![\w-]))?"
    r"[ \t]*,?[ \t]*(?:\r?\n[ \t]*)?"
    r"(?P<number>[1-9]\d{3}(?:[ \t]?-[ \t]?|[ \t]?)" + _POSTCODE_LETTERS + r")(?![\w-])(?![ \t]*,?[ \t]*\d)"
    r"|" + _POSTCODE_SPACED)
#: the second form alone: what :data:`_POSTCODE_CONTEXT_RE` finds in a text in which no street is (its first form begins
#: with a street), without trying the street's pattern at every character once more (the gate's read of a report: +0,4 s)
_POSTCODE_SPACED_RE = re.compile(r"(?P<number>(?!))|" + _POSTCODE_SPACED)


#: a postcode alone in brackets or alone on a line, without the word "postcode" (review h95): "(3512 JK)",
#: "[3512jk]", "Kerkweg 5⏎3512 JK⏎Utrecht"; not a count before a zorgkantoor's or the sector's letters or a
#: two-letter word, in either case ("(2026 CZ)", "(2400 ZK)", "(1200 VV)", "(1200 of)")
_POSTCODE_ALONE_RE = re.compile(
    r"(?<=[(\[])[ \t]*(?P<number>(?!(?:19|20)\d\d[ \t]?-?[ \t]?(?i:CZ|ZK|VGZ)(?![\w]))[1-9]\d{3}"
    r"(?:[ \t]?-[ \t]?|[ \t]?)(?!(?i:sa|sd|ss|cz|zk|" + _TWO_LETTER_WORDS + r"))(?:[A-Z]{2}|[a-z]{2}))[ \t]*(?=[)\]])"
    # alone on its line: not year-like ("2025 AB" is a table's row), no dash ("2025-ab" is a code)
    r"|^[ \t]*(?P<line>(?!19\d\d|20\d\d)[1-9]\d{3}[ \t]?(?!(?i:sa|sd|ss|cz|zk|" + _TWO_LETTER_WORDS
    + r"))(?:[A-Z]{2}|[a-z]{2}))[ \t]*$", re.MULTILINE)


#: a postcode alone anywhere in a sentence (review h97: "ons kantoor zit in 3512 JK.", "3512 jk", "in 6811AB is"): four
#: digits not year-like (1900-2099 is a year: "2025 EN 2026", "2026 CZ") and two letters, both capitals or both small,
#: that are no two-letter word or abbreviation of the sector ("1200 VV", "2400 ZK", "4000 pg", "1200 of", "1500 EN 2000",
#: "100 ZZ" has three digits); not inside an amount or a code ("€ 1.234 AB", "1400 VV4", "3512 JK-zorg")
_POSTCODE_BARE_RE = re.compile(
    r"(?<![\w€$.,/-])(?<!€ )(?!19\d\d|20\d\d)[1-9]\d{3}(?:[ ]?-[ ]?|[ ]?)"
    r"(?!(?i:sa|sd|ss|cz|zk|zn|nz|ad|" + _TWO_LETTER_WORDS + r"))(?:[A-Z]{2}|[a-z]{2})(?![\w-])(?!\s?%)(?![.,]\d)")


def _address(text: str) -> Iterator[Span]:
    street = False
    for regex in (_STREET_RE, _POSTCODE_RE, _POSTBOX_RE, _POSTCODE_BARE_RE):
        for m in regex.finditer(text):
            street = street or regex is _STREET_RE
            s = m.group(0).rstrip(" ,")
            if s:
                yield m.start(), m.start() + len(s), "address"
    context = _POSTCODE_CONTEXT_RE if street else _POSTCODE_SPACED_RE  # (no street: the same matches)
    for regex, other in ((_POSTCODE_CUE_RE, "line"), (_POSTCODE_ALONE_RE, "line"), (context, "spaced")):
        for m in regex.finditer(text):
            group = "number" if m.group("number") is not None else other
            yield m.start(group), m.end(group), "address"


#: the passes in order of precedence (an earlier pass wins where two overlap), each with the
#: words (lower case) of which one must occur in the text for the pass to be worth running
_PASSES: tuple[tuple[Callable[[str], Iterator[Span]], tuple[str, ...]], ...] = (
    (_email, ("@", "at", "(a)", "[a]", "{a}", "( a )", "&#", ";#", "%40", "%25", "staart", " op ", "x40", "u00", "u40")),
    (_url, ()), (_iban, ()), (_phone, ()), (_phone_words, ("nul",)),
    (_numbered(_BSN_CONTEXT_RE, "bsn", bsn_valid), ("bsn", "sofi", "burgerservice")),
    (_numbered(_BSN_PLAIN_RE, "bsn", bsn_valid), ()),
    (_numbered(_KVK_RE, "kvk"), ("kvk", "k.v.k", "koophandel", "handelsregister")),
    (_numbered(_BTW_RE, "btw"), ("nl",)),
    (_numbered(_AGB_RE, "agb"), ("agb",)),
    (_numbered(_BIRTH_CONTEXT_RE, "birthdate"), ("geb",)), (_numbered(_OLD_DATE_RE, "birthdate"), ("19",)),
    (_address, ()),
)


def pattern_spans(view: NormalisedText, kinds: frozenset[str] | None = None, first: tuple[Span, ...] = ()
                  ) -> list[Span]:
    """Non-overlapping matches of the patterns in ``view.text``, in text order, as spans of the
    *original* text (kinds: only these). `first`: spans of ``view.text`` taken before the patterns
    (a contact's own e-mail address or phone number, however written), returned with them."""
    taken: list[Span] = list(first)
    # what is taken, as sorted disjoint (start, end) runs: a new match is looked up by bisection (checked
    # against every span taken, 33,000 phone-like matches took 7 s)
    starts: list[int] = []
    ends: list[int] = []
    for s, e, _ in sorted(first):
        if starts and s < ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    lower = view.text.lower()
    for find, needles in _PASSES:
        if needles and not any(n in lower for n in needles):
            continue
        for start, end, kind in find(view.text):
            if kinds is not None and kind not in kinds:
                continue
            i = bisect.bisect_left(starts, end)  # the runs before i start before this match ends
            if end <= start or (i and ends[i - 1] > start):
                continue
            taken.append((start, end, kind))
            starts.insert(i, start)
            ends.insert(i, end)
    return sorted((*view.span(s, e), kind) for s, e, kind in taken)


def replace_spans(text: str, spans: list[Span], placeholders: dict[str, str] = PATTERN_PLACEHOLDERS) -> str:
    """``text`` with each span (original offsets, sorted, not overlapping) replaced by its placeholder."""
    if not spans:
        return text
    out, last = [], 0
    for start, end, kind in spans:
        out.append(text[last:start])
        out.append(placeholders[kind])
        last = end
    out.append(text[last:])
    return "".join(out)
