"""The data-quality log of loading an export: findings, their severities, and the export error.

What loading an export finds (skipped empty rows, the export mapping's changes, validation's
problems, repairs and exclusions) is a :class:`Finding` each (file, spreadsheet row, respondent
id, column, question, what was found and done); a :class:`DataQualityLog` keeps them in the
order they were found and writes them as CSV. When any finding is an ``error``, loading raises
:class:`ExportError` (``err.findings`` holds the errors, ``err.log`` the full log;
:func:`format_error_message` writes its message). A file that cannot be read at all raises
:class:`ExportError` with a message only.

Severities:

``error``     the export is wrong and must be fixed; nothing is analysed.
``excluded``  the row is left out of the analysis (incomplete response, duplicate copy).
``warning``   worth knowing, nothing excluded (e.g. an extra column that was dropped).
``repaired``  a value was changed so it can be analysed (a label read as its code, ``ca. 12``
              read as 12, ``96,7%`` read as 96.7); the finding says what was found and what
              was done. Nothing is excluded.

A finding never repeats a value that could identify someone: :func:`describe_value` shows a
cell's value only when it is a code, a short number or a short word (``got '11'``), else its kind
(``got a value that looks like a phone number``, ``got text of 34 characters``); a respondent id
is shown only when it looks like a code (:func:`shown_respondent_id`); and as a last guard every
``issue`` is passed through the e-mail, phone and web-address patterns of
:mod:`wlzmonitor.inputs.privacy`. The written log (:meth:`DataQualityLog.to_frame`) names files
relative to the repository root (or by their name when outside it), so the same run gives the
same log on every machine; messages to a person keep the path as given.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import pandas as pd

from wlzmonitor.spec.file_formats import write_csv
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.paths import log_path, repo_root
from wlzmonitor.inputs.personal_patterns import fold_letters
from wlzmonitor.inputs.common_words import NAMES, WORD_NAMES, common_dutch_word
from wlzmonitor.inputs.privacy import COMMON_WORD_SURNAMES, PLACEHOLDERS, SURNAME_STOPWORDS, Scrubber

__all__ = [
    "SEVERITIES",
    "EXCLUSION_REASONS",
    "RULE_EXCLUSION_REASONS",
    "MAX_MESSAGE_FINDINGS",
    "Finding",
    "DataQualityLog",
    "ExportError",
    "format_error_message",
    "describe_value",
    "personal_data_kind",
    "shown_respondent_id",
    "hidden_id_kind",
    "hidden_id_kinds",
    "may_hold_personal_data",
    "respondent_id_text",
    "log_path",
]

SEVERITIES = ("error", "excluded", "warning", "repaired")
MAX_MESSAGE_FINDINGS = 30

#: Reasons a row is excluded, in the order :attr:`Survey.accounting` lists them.
EXCLUSION_REASONS = (
    "duplicate of an earlier row",
    "incomplete response (voltooid = 0)",
    "incomplete (required answer missing)",
)
#: Reasons an export mapping's ``exclude`` rules give (:mod:`wlzmonitor.inputs.row_rules`); the
#: accounting lists them after :data:`EXCLUSION_REASONS` when they occur. The issue of such a
#: finding starts with the reason and a colon.
RULE_EXCLUSION_REASONS = ("survey preview", "test response", "spam")


# --------------------------------------------------------------------------------------------
# values in findings: shown only when they cannot identify anyone
# --------------------------------------------------------------------------------------------

#: a number with at most this many digits may be shown (a count, a percentage, a code; not a
#: date of birth, a citizen service number or a phone number)
MAX_SHOWN_DIGITS = 6
#: text of at most this many characters may be shown ("ja", "veel", "-"; not a name)
MAX_SHOWN_TEXT = 5
#: a column name longer than this is named by its length in a finding (an export's header cell of megabytes)
MAX_COLUMN_NAME = 200
_KINDS = {PLACEHOLDERS["email"]: "an e-mail address",
          PLACEHOLDERS["phone"]: "a value that looks like a phone number",
          PLACEHOLDERS["url"]: "a web address",
          PLACEHOLDERS["name"]: "a value that looks like a person's name",
          PLACEHOLDERS["birthdate"]: "a value that looks like a date of birth",
          PLACEHOLDERS["bsn"]: "a value that looks like a BSN",
          PLACEHOLDERS["kvk"]: "a value that looks like a KvK number",
          PLACEHOLDERS["btw"]: "a value that looks like a VAT number",
          PLACEHOLDERS["agb"]: "a value that looks like an AGB code",
          PLACEHOLDERS["iban"]: "a value that looks like a bank account number",
          PLACEHOLDERS["address"]: "a value that looks like an address"}
_NUMBER_CHARS = frozenset("0123456789 .,+-%€eE'\u00a0")
#: the word or sign before an approximate number in a cell ("ca. 12", "circa 12", "± 12", "~12"), and the spaces
#: after it: the one list (review h155: values.py kept a copy) that the reader drops (a repair,
#: :meth:`wlzmonitor.inputs.values.ColumnSpec.parse`) and :func:`describe_value` looks past to judge the number
APPROXIMATE_WORD = re.compile(r"^(ca\.?|circa|ongeveer|plm\.?|pl\.m\.|±|~|\+/-)\s*", re.IGNORECASE)
_CODE_LIKE = re.compile(r"^[\w.:/#-]{1,40}$")
#: a submission time used as the id (Google Forms' "Tijdstempel"): date, a space, a time of day
_TIMESTAMP_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4} \d{1,2}:\d{2}(?::\d{2})?$")


@lru_cache(maxsize=1)
def _patterns() -> Scrubber:
    """The privacy scrubber without names: its e-mail, phone, web-address and title patterns."""
    return Scrubber()


#: Text of only these characters (ASCII letters and digits, ``_``, ``#``, ``-``; no space, full
#: stop, colon, slash, ``@``, ``+`` or bracket) can hold personal data the scrubber's patterns
#: find only where :data:`_MAYBE_PERSONAL` matches: every pattern that can match such text at all
#: needs two letters before two digits (IBAN), eight digits with at most dashes or underscores between them
#: (phone numbers, BSN, KvK), a date with dashes, or four digits before two letters, a dash between or not (postcode).
#: E-mail addresses, web addresses, initials, titles, streets and dates with ``.`` or ``/`` need a
#: character outside the set. tests/test_quality_log_prefilter.py checks this on hostile text.
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9_#-]*")
_MAYBE_PERSONAL = re.compile(r"[A-Za-z]{2}[0-9]{2}|[0-9](?:[-_]{0,3}[0-9]){7}|[0-9]-[0-9]{1,2}-[0-9]"
                             r"|[0-9]{4}-?[A-Za-z]{2}")  # "3512-jk": a postcode alone (review h97)


def may_hold_personal_data(text: str) -> bool:
    """False only when the scrubber's patterns cannot find anything in ``text``: a prefilter
    (sound, not exact) that spares the full scrub of, say, 100,000 respondent ids like
    ``R004217``; True means "scrub to know"."""
    return _PLAIN_TEXT.fullmatch(text) is None or _MAYBE_PERSONAL.search(text) is not None


@lru_cache(maxsize=65536)
def _scrubbed_issue(issue: str) -> str:
    """An issue as the log keeps it (scrubbed); the same issue text recurs in many findings
    (``item(s) 3 not answered``), and scrubbing is a pure function of the text."""
    return _patterns().scrub(issue)


#: Placeholders of identification numbers that are plain digits (BSN, KvK number): in a number
#: field such digits are a number like any other (its plausible range decides), not personal data.
_DIGIT_IDENTIFIERS = (PLACEHOLDERS["bsn"], PLACEHOLDERS["kvk"])


def personal_data_kind(text: Any, *, digit_identifiers: bool = True) -> str | None:
    """``"an e-mail address"``, ``"a value that looks like a phone number"``, ``"a web
    address"`` or ``"a value that looks like a person's name"`` when ``text`` holds one (the
    patterns of :class:`wlzmonitor.inputs.privacy.Scrubber`), else None.

    ``digit_identifiers=False`` (number fields): a plain number that merely passes the BSN or KvK
    checks (one in eleven nine-digit amounts passes the 11-proef) is not reported; a number field's
    cell is judged on the number it writes (:meth:`wlzmonitor.inputs.values.ColumnSpec.personal_kind`)."""
    s = str(text)
    if len(s) < 4 or not may_hold_personal_data(s):
        return None
    scrubbed = _patterns().scrub(s)
    if not digit_identifiers and scrubbed.strip() in _DIGIT_IDENTIFIERS:
        return None
    if scrubbed == s or (not s.isascii() and scrubbed == fold_letters(s)):
        return None  # (the scrubber writes look-alike letters as Latin ones: "Меer" is no personal data)
    return next((kind for placeholder, kind in _KINDS.items() if placeholder in scrubbed),
                "personal data")


#: the error values of Excel and LibreOffice a formula cell shows (and an export may carry as text); a Dutch
#: Excel shows and saves to CSV its own words for them (#N/B for #N/A, #WAARDE! for #VALUE!, …: review h101,
#: they were kept as a respondent's free-text answer)
SPREADSHEET_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!",
                                "#CALC!", "#GETTING_DATA", "Err:502", "Err:504", "Err:508", "Err:511", "Err:522",
                                "#DEEL/0!", "#N/B", "#NAAM?", "#LEEG!", "#GETAL!", "#VERW!", "#WAARDE!",
                                "#OVERLOOP!"})


def describe_value(text: Any, *, personal: bool = True) -> str:
    """A cell's value as a finding names it: quoted when it cannot identify anyone (a number of
    at most :data:`MAX_SHOWN_DIGITS` digits such as ``'11'``, ``'ca. 12'`` or ``'96,7%'``; text of
    at most :data:`MAX_SHOWN_TEXT` characters such as ``'ja'``), else what kind of value it is:
    ``an e-mail address``, ``a value that looks like a phone number``, ``a number of 10 digits``,
    ``text of 34 characters``. ``personal=False``: the caller found no personal data in the value
    (a numeric question's cell judged on its number: ``ca. 123456782`` is ``a number of 9 digits``,
    :meth:`wlzmonitor.inputs.values.ColumnSpec.personal_kind`); it is not looked for again."""
    s = str(text)
    if s.strip() in SPREADSHEET_ERRORS:  # names no one; says what happened in the sheet
        return f"the spreadsheet error {s.strip()} (a formula that failed: type the value itself)"
    if len(s) > 200 or not s.isprintable():
        return f"text of {len(s)} characters"
    kind = personal_data_kind(s) if personal else None
    if kind is not None:
        return kind
    core = APPROXIMATE_WORD.sub("", s, count=1)
    digits = sum(c.isdigit() for c in core)
    if digits and set(core) <= _NUMBER_CHARS:
        return f"'{s}'" if digits <= MAX_SHOWN_DIGITS else f"a number of {digits} digits"
    if len(s) <= MAX_SHOWN_TEXT and short_text_shown(s):
        return f"'{s}'"
    return f"text of {len(s)} characters"


#: the words a short value may hold to be quoted in a finding in any case: the answers of a survey's scales and yes/no
#: questions, a respondent's ordinary reply and a spreadsheet's or program's word for no number (review h97)
SHORT_ANSWER_WORDS = frozenset("""ja nee neen matig nvt ntb nb onb wn wnt ok oke oké mwah jawel tja idk tbd
    yes no na nah nope soms vaak nooit goed geen wel niet beide weet zeer veel weinig inf nan null none""".split())
#: common Dutch words that are first names too ("toon", "rust", "job"): no ordinary word in a finding
FIRST_NAME_WORDS = frozenset("toon hoop rust lente storm wil ton lot job roos mees fleur".split())
_VOWELS = frozenset("aeiouyAEIOUY")


def _word_shown(word: str) -> bool:
    """One word of a short value that is surely no name (:func:`short_text_shown`)."""
    folded = word.casefold()
    if len(word) == 1 or folded in SHORT_ANSWER_WORDS:
        return True
    if word.isupper():  # an abbreviation: "CZ", "VGZ", "MPT"; "JAN", "BOS", "EVA" have a vowel
        return len(word) <= 3 and not _VOWELS.intersection(word)
    return word.islower() and common_dutch_word(word) and not (
        folded in NAMES or folded in WORD_NAMES or folded in FIRST_NAME_WORDS
        or folded in SURNAME_STOPWORDS or folded in COMMON_WORD_SURNAMES)


def short_text_shown(s: str) -> bool:
    """Whether short text (at most :data:`MAX_SHOWN_TEXT` characters) may be quoted in a finding. A cell's whole value
    in an unexpected place may be a person's name in any case ("Kees", "kees", "KEES", a surname that is a common
    word, "Bos", a first name that is one, "Toon"), so only what is surely no name is quoted (reviews h95, h97): text
    without letters, a code with digits ("VV5", "A1"), and words that are each a single letter, an answer word of
    :data:`SHORT_ANSWER_WORDS` in any case ("Ja", "Matig", "nee", "n.v.t."), an abbreviation in capitals of at most
    three letters without a vowel ("CZ", "VGZ", "ZK"; not "JAN", "BOS") or a common Dutch word in lower case that is
    no first name or surname ("veel"; not "kees", which is no common word, "toon", "bos"). A capitalised word other
    than an answer word is never quoted ("Bos", "Toon", "Groot"): anything else is named by its length ("text of 4
    characters")."""
    # a digit does not make a name a code (review h130: "Kees2", "Bos 1", "Eva 3" were quoted): the letters of a
    # value with digits are read as the letters of any other ("VV5", "A1", "ZZP7", "3 uur" stay quoted)
    return all(_word_shown(word) for word in re.findall(r"[^\W\d_]+", s))


#: a respondent id shaped like a person's name: a capitalised word ("Klaassen", "De-Vries") or words
#: joined by a full stop or underscore ("tessa.dehaan", "j_jansen"); a code has digits or mixed case
_NAME_SHAPED_ID = re.compile(r"[A-Z][a-z]+(?:[ ._-][A-Za-z][a-z]+)+|[A-Z][a-z]{2,}|[a-z]+[._][a-z]{2,}(?:[._][a-z]+)*")


#: words used as a respondent id that name no one (a test row, an anonymous response): shown
_ID_WORDS = frozenset({"test", "tester", "testrespondent", "preview", "voorbeeld", "proef", "pilot", "demo",
                       "dummy", "anoniem", "anonymous", "onbekend", "unknown", "respondent", "resp", "gast", "guest"})


def _id_words_only(rid: str) -> bool:
    """The id is made of words that name no one ('Test', 'Test Respondent', 'proefrespondent')."""
    words = [w for w in re.split(r"[ ._-]+", rid.casefold()) if w]
    return bool(words) and all(w in _ID_WORDS or any(w == a + b for a in _ID_WORDS for b in _ID_WORDS)
                               for w in words)


#: a respondent id made of letters only ("pjansen", "JdeVries", "P.JANSEN", "van-dijk", "Joëlle"), or of
#: letters not all in capitals with a number only tacked on ("akroeze01"): a login or a name, not a
#: code (a code has digits among its letters, "R0001", "R_1234abcd5678EfG", a prefix in capitals,
#: "ACTIZ-2026-001", or letters in random case, "R_AbcdEfGhIjKlMnO": more than three capitals in a word
#: that is not all capitals)
_LETTER_CORE = re.compile(r"[^\W\d_]+(?:[ ._'’-]+[^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")


def _without_number_ends(rid: str) -> str:
    """``rid`` without the digits, punctuation and spaces at its start and end, in linear time (a
    regular expression anchored at the end, ``[\\d\\W_]+$``, retries from every position of a long
    run of them: 25 s for 20,000 characters)."""
    start, end = 0, len(rid)
    while start < end and not _LETTER.match(rid[start]):
        start += 1
    while end > start and not _LETTER.match(rid[end - 1]):
        end -= 1
    return rid[start:end]


def _letters_only_id(rid: str) -> bool:
    """``rid`` is letters (at least four), or letters not all in capitals with a number before or
    after them: it can name someone ('pjansen', 'P.JANSEN', 'akroeze01'); ids of words that name
    no one stay shown."""
    if sum(c.isalpha() for c in rid) < 4:  # the usual id ("R0001"): no regular expression needed
        return False
    core = _without_number_ends(rid)
    if sum(c.isalpha() for c in core) < 4 or _LETTER_CORE.fullmatch(core) is None or _id_words_only(core):
        return False
    if any(not w.isupper() and sum(c.isupper() for c in w) > 3 for w in re.split(r"[ ._'’-]+", core)):
        return False
    return core == rid or not core.isupper()


#: the words a code's later part may hold without naming anyone ("ACTIZ-2026-VVT-001", "R12-test")
_CODE_WORDS = _ID_WORDS | frozenset({"actiz", "wlz", "vvt", "org", "nr", "nummer", "num", "id", "ids", "rsp",
                                     "zk", "ggz", "ghz", "vg", "nl", "wave", "golf", "jaar", "versie",
                                     "enquete", "survey", "response", "case", "form", "code", "user", "record",
                                     "lid", "leden", "deelnemer", "vragenlijst", "meting", "uid", "sid", "rij"})
_ID_SEGMENT = re.compile(r"[^ ._:/#-]+")
_LETTER_RUN = re.compile(r"[^\W\d_]{3,}")


def _random_segment(segment: str) -> bool:
    """A platform's random token ("1234abcd5678EfG" of Qualtrics' "R_1234abcd5678EfG", a Typeform
    token): at least 12 characters that change between digits, capitals and small letters at least
    four times. A code with a name in it ("DEKKERS20260001") changes once or twice."""
    if len(segment) < 12:
        return False
    kinds = ["d" if c.isdigit() else "u" if c.isupper() else "l" for c in segment]
    return sum(a != b for a, b in zip(kinds, kinds[1:])) >= 4


def _word_in_code(rid: str) -> bool:
    """A word of three letters or more in a code: "R0023-tdehaan", "R_DEKKER_2026", "R0088-Kok",
    "2026-Zonnehuis", and at its start one of four letters or more or a surname ("DEKKER_2026",
    "YDEHAAN0037", "EIKENBRUG_R0004", "KOK-0002": a respondent's or organisation's name put in the id by the
    agency). A code's own prefix of three letters ("ORG-001", "RSP12"), the words of :data:`_CODE_WORDS`
    ("ACTIZ-2026-001", "resp0001") and a platform's random token stay shown."""
    first = True
    for seg in _ID_SEGMENT.finditer(rid):
        if _random_segment(seg.group()):
            first = False
            continue
        for m in _LETTER_RUN.finditer(seg.group()):
            word = m.group().casefold()
            lead = first and seg.start() == 0 and m.start() == 0 and len(word) <= 3 and word not in SURNAME_STOPWORDS \
                and word not in NAMES  # "JAN_001", "TIM-0004": a first name, no code's prefix
            if not lead and word not in _CODE_WORDS and not _id_words_only(word):  # "Proefrespondent"
                return True
        first = False
    return False


@lru_cache(maxsize=4096)
def hidden_id_kind(rid: str) -> str | None:
    """None when the respondent id ``rid`` may be shown (it looks like a code: letters, digits
    and ``_.:/#-``, at most 40 characters, or a submission time such as ``20-11-2025 10:11:12``;
    no e-mail address or phone number, not shaped like a name, no word after the code's prefix),
    else its kind."""
    if ((_NAME_SHAPED_ID.fullmatch(rid) and not _id_words_only(rid)) or _letters_only_id(rid.strip())
            or (_CODE_LIKE.match(rid) and _word_in_code(rid))):
        return "a value that looks like a person's name"
    if (_CODE_LIKE.match(rid) or _TIMESTAMP_LIKE.match(rid)) and personal_data_kind(rid) is None:
        return None
    kind = describe_value(rid)
    return f"text of {len(rid)} characters" if kind.startswith("'") else kind


#: a respondent id that is certainly shown: at most one letter, then at most seven digits ("R004217",
#: "12"). None of :func:`hidden_id_kind`'s patterns can match one (a name needs letters, a phone
#: number or BSN eight digits or more, an IBAN or postcode two letters); tests/test_quality_log_prefilter.py
#: checks every shape of it against :func:`hidden_id_kind`.
_PLAIN_CODE = r"[A-Za-z]?[0-9]{1,7}"


def hidden_id_kinds(ids: pd.Series) -> list[str]:
    """The :func:`hidden_id_kind` of each distinct id in ``ids`` that is not shown, in order of first
    appearance: what 100,000 calls of it give, with the usual ids (:data:`_PLAIN_CODE`) cleared at
    once."""
    # dict.fromkeys, not pd.unique: pandas' string hash table ends a text at a NUL ("1\x000" is "1")
    distinct = pd.Series(list(dict.fromkeys(ids.tolist())), dtype=object)
    others = distinct[~distinct.str.fullmatch(_PLAIN_CODE).fillna(False).astype(bool)]
    return [k for k in map(hidden_id_kind, others) if k is not None]


def shown_respondent_id(rid: Any) -> str | None:
    """The respondent id as a finding shows it: the id itself when it looks like a code, else
    ``"(not shown: an e-mail address)"`` (see :func:`hidden_id_kind`); None stays None."""
    if rid is None:
        return None
    kind = hidden_id_kind(str(rid))
    return str(rid) if kind is None else f"(not shown: {kind})"


def respondent_id_text(rid: Any) -> str:
    """``'R0001'`` (quoted) or ``(not shown: an e-mail address)``: a respondent id in a message."""
    shown = shown_respondent_id(rid)
    return f"'{shown}'" if shown == str(rid) else str(shown)


#: an aggregated finding names at most this many of its rows (then "and N more")
MAX_ROWS_SHOWN = 10


def rows_text(rows: list[int]) -> str:
    """``2, 3, 4 and 7 more``: the first :data:`MAX_ROWS_SHOWN` of ``rows`` (as given) and how many more."""
    shown = ", ".join(map(str, rows[:MAX_ROWS_SHOWN]))
    return shown + (f" and {len(rows) - MAX_ROWS_SHOWN} more" if len(rows) > MAX_ROWS_SHOWN else "")


@dataclass(frozen=True)
class Finding:
    """One data-quality finding. ``row`` is the spreadsheet row (header = 1), None for a
    problem of the file as a whole (a missing column). ``question`` reads
    ``Vraag 13 tevredenheid_tarief``."""

    file: str
    row: int | None
    respondent_id: str | None
    column: str | None
    question: str | None
    severity: str
    issue: str
    expected: str | None = None
    action: str | None = None
    #: the export's own header of ``column`` when a mapping renamed it (else None)
    export_column: str | None = None
    #: the workbook's sheet the row is on, as messages show it ("'Form1'", or withheld when it may name a person:
    #: reading.sheet_label); an XLSX export's, else None: in the message, not in the written log, whose findings
    #: are all of the one sheet a load reads (review h134)
    sheet: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")
        # the last guard: no respondent id or issue that holds personal data (module docstring)
        object.__setattr__(self, "respondent_id", shown_respondent_id(self.respondent_id))
        object.__setattr__(self, "issue", _scrubbed_issue(self.issue)
                           if isinstance(self.issue, str) else _patterns().scrub(self.issue))
        # what was expected and what was done are the pipeline's words, but can quote a mapping's rule
        # ("'Afzender' is none of 'jan@…'": review of the respondents rule) or a value: scrubbed alike
        for name in ("expected", "action"):
            value = getattr(self, name)
            if isinstance(value, str) and may_hold_personal_data(value):
                object.__setattr__(self, name, _scrubbed_issue(value))
        # an export's header can hold a respondent's answers: a mapping's header_rows: 2 for an
        # export with one header row makes "E-mail | piet@zorggroep.nl" of the first respondent
        for name in ("column", "export_column"):
            value = getattr(self, name)
            if isinstance(value, str) and len(value) > MAX_COLUMN_NAME:  # a 10 MB header went into the log whole
                object.__setattr__(self, name, f"(a column name of {len(value)} characters)")
            elif isinstance(value, str) and may_hold_personal_data(value):
                object.__setattr__(self, name, _scrubbed_issue(value))

    @property
    def message(self) -> str:
        """``file:row N, column 'x' (Vraag 13 key): got '7', expected one of ...``"""
        s = self.file + (f":sheet {self.sheet}" if self.sheet else "")  # as reading.sheet_label shows it
        s += ((", " if self.sheet else ":") + f"row {self.row}") if self.row is not None else ""
        if self.column:
            s += f", column '{self.column}'"
            if self.export_column and self.export_column != self.column:
                s += f" [export column '{self.export_column}']"
        if self.question:
            s += f" ({self.question})"
        s += f": {self.issue}"
        if self.severity == "repaired":
            return s + (f"; {self.action}" if self.action else "")
        if self.expected:
            s += f", expected {self.expected}"
        return s

    def __str__(self) -> str:
        return self.message

    @property
    def exclusion_reason(self) -> str | None:
        """For an ``excluded`` finding: which of :data:`EXCLUSION_REASONS` it is."""
        if self.severity != "excluded":
            return None
        for reason in RULE_EXCLUSION_REASONS:
            if self.issue.startswith(reason + ":"):
                return reason
        if self.issue.startswith("duplicate of row"):
            return EXCLUSION_REASONS[0]
        if self.issue == "incomplete response":
            return EXCLUSION_REASONS[1]
        return EXCLUSION_REASONS[2]


class DataQualityLog:
    """The findings of loading one export, in the order they were found."""

    def __init__(self, findings: Iterable[Finding] = ()):
        self.findings: list[Finding] = list(findings)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __getitem__(self, i: int) -> Finding:
        return self.findings[i]

    def __repr__(self) -> str:
        counts = {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}
        return f"DataQualityLog({', '.join(f'{k}={v}' for k, v in counts.items())})"

    def of_severity(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def repairs(self) -> list[Finding]:
        return self.of_severity("repaired")

    @property
    def errors(self) -> list[Finding]:
        return self.of_severity("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.of_severity("warning")

    @property
    def exclusions(self) -> list[Finding]:
        return self.of_severity("excluded")

    def excluded_rows(self) -> dict[int, str]:
        """Spreadsheet row -> the (first) reason it was excluded."""
        out: dict[int, str] = {}
        for f in self.exclusions:
            if f.row is not None and f.row not in out:
                out[f.row] = f.exclusion_reason  # type: ignore[assignment]
        return out

    def to_frame(self, root: Path | None = None, labels: Mapping[Path, str] | None = None) -> pd.DataFrame:
        """The findings as the written log holds them: files relative to the repository root
        ``root`` (the run's configuration root; default :func:`repo_root`), also where a message
        names one (:func:`log_path`). `labels`: file -> the label a published log names it by instead
        (the run's exports: :func:`~wlzmonitor.spec.paths.export_label`, review h135), in messages too."""
        cols = [f.name for f in fields(Finding) if f.name != "sheet"]  # the log's columns (docs/data_contracts.md)
        df = pd.DataFrame([asdict(f) for f in self.findings], columns=cols)
        df["row"] = df["row"].astype("Int64")
        base = (root or repo_root()).resolve()
        named = {_resolved(path): label for path, label in (labels or {}).items()}
        df["file"] = df["file"].map(lambda f: (named.get(_resolved(f)) or log_path(f, base)) if isinstance(f, str) else f)
        prefix = str(base).rstrip("/\\")
        for c in ("issue", "expected", "action"):
            df[c] = df[c].map(lambda t: _labelled(_without_root(t, prefix), named, base))
        return df

    def to_csv(self, path: str | Path, root: Path | None = None, labels: Mapping[Path, str] | None = None) -> Path:
        """Write the log as the project's CSV (text cells inert: spec.file_formats)."""
        return write_csv(path, self.to_frame(root, labels))


def _resolved(file: str | Path) -> str:
    try:
        return str(Path(file).resolve())
    except (OSError, RuntimeError):
        return str(file)


def _labelled(text: Any, named: dict[str, str], base: Path) -> Any:
    """``text`` with every file of `named` (absolute, or as :func:`log_path` writes it: relative to the repository,
    by its name alone outside it) replaced by its label."""
    if not isinstance(text, str) or not named:
        return text
    for path, label in sorted(named.items(), key=lambda item: -len(item[0])):
        for form in dict.fromkeys((path, log_path(path, base))):
            if form:
                text = text.replace(form, label)
    return text


def _without_root(text: Any, root: str) -> Any:
    """``text`` with every absolute path inside the repository made relative to its root."""
    if not isinstance(text, str) or root not in text:
        return text
    return re.sub(re.escape(root) + r"[/\\]([^\s'\"():,;]+)",
                  lambda m: m.group(1).replace("\\", "/"), text)


class ExportError(InputError):
    """The export cannot be analysed. ``findings``: the errors; ``log``: every finding."""

    def __init__(self, message: str, findings: Iterable[Finding] = (),
                 log: DataQualityLog | None = None):
        super().__init__(message)
        self.findings: list[Finding] = list(findings)
        self.log = log if log is not None else DataQualityLog(self.findings)


def on_sheet(findings: Iterable[Finding], sheet: str | None) -> list[Finding]:
    """``findings`` with ``sheet`` as the sheet of those about a row (a workbook's export; unchanged for None)."""
    return [replace(f, sheet=sheet) if sheet and f.row is not None and f.sheet is None else f for f in findings]


def format_error_message(file: str, errors: list[Finding], year: int | None = None) -> str:
    """The message of an :class:`ExportError`: how many problems ``file`` has, and the first
    :data:`MAX_MESSAGE_FINDINGS` of them, one per line; the command that lists them all names ``year``
    (the codebook's) when it is known."""
    n = len(errors)
    lines = [f"{file}: {n} problem{'s' if n != 1 else ''} must be fixed before the export "
             "can be analysed:"]
    shown = _grouped(errors)
    lines += ["  " + text for text in shown[:MAX_MESSAGE_FINDINGS]]
    if len(shown) > MAX_MESSAGE_FINDINGS:
        rest = sum(count for _, count in _groups(errors)[MAX_MESSAGE_FINDINGS:])
        lines.append(f"  ... and {rest} more (every one, by row: python -m wlzmonitor "
                     f"check-export --year {year or 'YEAR'} {file} --log problems.csv)")
    return "\n".join(lines)


def _groups(errors: list[Finding]) -> list[tuple[list[Finding], int]]:
    """The errors in order, those of rows with the same column, issue and expectation as one group (review h103:
    an export of the 2027 questionnaire read with the 2026 codebook still in place gave 27 lines "got '6'" for
    one question, and the columns the codebook lacked were among 30 lines)."""
    groups: dict[tuple, list[Finding]] = {}
    order: list[tuple] = []
    for i, f in enumerate(errors):
        key = ("row", f.file, f.column, f.export_column, f.question, f.issue, f.expected) if f.row is not None \
            else ("file", i)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(f)
    return [(groups[k], len(groups[k])) for k in order]


def _grouped(errors: list[Finding]) -> list[str]:
    out = []
    for group, count in _groups(errors):
        if count == 1:
            out.append(group[0].message)
            continue
        rows = [str(f.row) for f in group]
        first = group[0]
        where = replace(first, row=None).message.split(f": {first.issue}", 1)[0]
        out.append(f"{where}: {first.issue} on {count} rows ({', '.join(rows[:8])}{', …' if count > 8 else ''})"
                   + (f", expected {first.expected}" if first.expected else ""))
    return out
