"""Parsing and repairing single values of an export: numbers, labels, option codes.

:func:`parse_number` reads a number written the Dutch or the English way; :func:`normalise_label`
is how labels are compared; :func:`undo_mojibake` repairs UTF-8 text that was read as
Windows-1252; :func:`option_labels` lists the labels a cell may hold instead of an option's code.
A :class:`ColumnSpec` says how the cells of one codebook column are checked and typed, and
:meth:`ColumnSpec.parse` reads one cell: its value, or the problem, and how a cell that is not in
the expected form was repaired (a label read as its code, ``ca. 12`` read as 12, ``96,7%`` read
as 96.7). :func:`format_number` writes a number the way the messages show it.

A number is only read when it is written the way a person writes one: no scientific notation
(``1.23E+08`` is how a spreadsheet shows a number it has rounded), at most 15 significant digits
(:data:`MAX_NUMBER`), spaces only between groups of three digits; a value that looks like a
phone number, an e-mail or web address is never read as a number or code; a numeric question's cell is judged for
such data on the number it writes (:func:`number_text`: ``ca. 123456782`` as ``123456782``), in which digits that pass
the BSN's 11-proef are an amount (:meth:`ColumnSpec.personal_kind`, review h144). A numeric question's
``plausible`` range (codebook) is checked after its ``range``. A cell is never repeated in an
issue when it could identify someone (:func:`wlzmonitor.inputs.quality_log.describe_value`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from wlzmonitor.spec.codebook import Question
from wlzmonitor.inputs.personal_patterns import fold_letters
from wlzmonitor.inputs.quality_log import APPROXIMATE_WORD, describe_value, personal_data_kind

__all__ = [
    "ColumnSpec",
    "decimal_separator",
    "MAX_CODED_CHARS",
    "MAX_NUMBER",
    "format_number",
    "normalise_label",
    "number_text",
    "option_labels",
    "parse_number",
    "undo_file_mojibake",
    "undo_mojibake",
]

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
#: spaces as thousands separators: "1 234 567", "1 234,5"
_THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}( \d{3})+([.,]\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_SCIENTIFIC = re.compile(r"\d\s*[eE]\s*[+-]?\d")
#: a spreadsheet's date or time cell as the reader writes it (``datetime.isoformat()``)
_DATE_CELL = re.compile(r"^(\d{4}-\d{2}-\d{2}T)?\d{2}:\d{2}:\d{2}(\.\d+)?$")
#: a number at least this large is not read: a float holds 15 significant digits exactly
MAX_NUMBER = 1e15
#: a cell of a coded or numeric column longer than this is not parsed (it is no code or number)
MAX_CODED_CHARS = 200
#: a spreadsheet's yes/no value as its CSV writes it (English, Dutch Excel), read in a 0/1 option column of a
#: multi question as the checked (1) or unchecked (0) state, as a workbook's TRUE/FALSE cell is (review h152)
BOOLEAN_WORDS = {"true": 1, "false": 0, "waar": 1, "onwaar": 0}


def parse_number(text: Any, *, percent: bool = False) -> float | None:
    """A number written the Dutch or the English way; None when it is not a number.

    Accepts a decimal comma (``96,7``), a decimal point, thousands separators when both are
    used (``1.234,5`` / ``1,234.5``), when repeated (``1.500.000``) or as spaces between groups
    of three digits (``1 500 000``), a leading ``€`` and, with ``percent=True``, a trailing
    ``%``. A single separator is always a decimal separator. Other spaces inside the number
    (``06 1234 5678``) make it no number.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return None if (isinstance(text, float) and not math.isfinite(text)) else float(text)
    t = _SPACES.sub(" ", str(text)).strip()
    if t.startswith("€"):
        t = t[1:].lstrip()
    if t.endswith("%"):
        if not percent:
            return None
        t = t[:-1].rstrip()
    if " " in t:
        if not _THOUSANDS_SPACE.match(t):
            return None
        t = t.replace(" ", "")
    if not t:
        return None
    if "," in t and "." in t:
        # the last separator is the decimal one; the other only between groups of three digits
        # ('1.23,4' and '9.5,5' are no numbers: they were read as 123.4 and 95.5)
        decimal, group = (",", ".") if t.rfind(",") > t.rfind(".") else (".", ",")
        whole, _, fraction = t.rpartition(decimal)
        if not (_THOUSANDS_DOT if group == "." else _THOUSANDS_COMMA).match(whole):
            return None
        t = whole.replace(group, "") + "." + fraction
    elif t.count(",") > 1:
        if not _THOUSANDS_COMMA.match(t):
            return None
        t = t.replace(",", "")
    elif "," in t:
        t = t.replace(",", ".")
    elif t.count(".") > 1:
        if not _THOUSANDS_DOT.match(t):
            return None
        t = t.replace(".", "")
    if not _PLAIN.match(t):
        return None
    v = float(t)
    return v if math.isfinite(v) else None


#: a number whose one decimal separator the writing shows: not followed by exactly three digits ('96,7', '0,125' is
#: a decimal too: no thousands group starts with 0), or after groups of three digits ('1.234,5')
_SHOWS_DECIMAL = {sep: re.compile(r"^[+-]?(?:[0-9]+\%s(?:[0-9]{1,2}|[0-9]{4,})|0\%s[0-9]+|[0-9]{1,3}(?:\%s[0-9]{3})+\%s[0-9]+)%%?$"
                                  % (sep, sep, other, sep))
                  for sep, other in ((",", "."), (".", ","))}


def decimal_separator(cells) -> str | None:
    """The decimal separator the number cells ``cells`` (stripped texts) show: ``,`` when some cell shows a
    decimal comma (``96,7``, ``1.234,5``) and none a decimal point, ``.`` the other way round, None when no
    cell shows either or cells show both.

    The decision of review h134: :func:`parse_number` reads a single separator as the decimal one (``1,5``,
    ``1.5``), and a whole-number question reads ``1,200`` or ``1.234`` (one separator, three digits after it)
    as a thousands separator, the only reading a whole number allows. In an export whose other numbers write
    decimals with a comma (Dutch Excel: ``96,7``), ``1,200`` in a whole-number question is 1.2 by the file's
    own writing and 1200 only by the English convention: then neither is chosen, the cell is an error that
    says so. A point stays a thousands separator whatever the file shows (``1.234`` is how a Dutch respondent
    writes 1234, also in an export whose tool writes decimals with a point: docs/data_contracts.md), and so does
    a comma in an export that shows a decimal point or none. A number question that is no whole number keeps
    its own rules (``1,234`` is ambiguous there when both readings are allowed; an amount whose only plausible
    reading is the thousands one is read so)."""
    shown = {sep for sep, pattern in _SHOWS_DECIMAL.items()
             if any(pattern.match(c.replace("€", "").replace(" ", "")) for c in cells)}
    return next(iter(shown)) if len(shown) == 1 else None


def format_number(v: float | None) -> str:
    """A number as the messages show it: ``12`` for a whole number, else ``96.7``; ``?`` for
    None."""
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _read_value(v: Any) -> str:
    """The value a repair says a cell was read as (``read as 12 (…)``): :func:`format_number`, but ``a number of 9
    digits`` for a number whose digits the privacy patterns take for an identifier (review h144: an amount of
    123456782 passes the 11-proef; the written log repeating it would stop the run at the output gate, and a finding
    never repeats such digits: :func:`~wlzmonitor.inputs.quality_log.describe_value`)."""
    text = format_number(v) if isinstance(v, float) else str(v)
    if personal_data_kind(text) is None:
        return text
    return f"a number of {sum(c.isdigit() for c in text)} digits"


#: the Dutch ",-" after a whole amount ("74261000,-", "€ 74.261.000,-"): ",00"
_WHOLE_EUROS = re.compile(r"(?<=\d),\s*[-\u2013\u2014]{1,2}$")
#: one separator followed by exactly three digits: "1.234" is 1234 or 1.234
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")


def number_text(s: str, *, euro: bool = False, percent: bool = False) -> str | None:
    """The number a cell of a numeric question writes, as :meth:`ColumnSpec.parse` reads it: the cell without what
    its repairs drop (the word or sign of an approximate value, ``ca. 12``; the ``€`` before an amount in euros; the
    ``%`` after a percentage; the ``,-`` of whole euros after an amount written without such a word) and the spaces
    round them; None when what is left is no number :func:`parse_number` reads (``1234.56.782``, ``BSN 123456782``).
    ``ca. € 123.456.782`` -> ``123.456.782``, ``123456782,-`` -> ``123456782``, ``96,7 %`` -> ``96,7``. The cell is
    judged for personal data on this text (:meth:`ColumnSpec.personal_kind`)."""
    t = s.strip()
    m = APPROXIMATE_WORD.match(t)
    if m and t[m.end():].strip():
        t = t[m.end():].strip()
    elif euro and _WHOLE_EUROS.search(t):
        t = _WHOLE_EUROS.sub("", t).rstrip()
        if parse_number(t + ",00") is None:  # as ColumnSpec._whole_euros reads it
            return None
    if euro and t.startswith("€"):
        t = t[1:].lstrip()
    if percent and t.endswith("%"):
        t = t[:-1].rstrip()
    return t if t and parse_number(t) is not None else None


#: a UTF-8 continuation byte (0x80-0xBF) as Windows-1252 shows it
_CONTINUATION = ("[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                 "\u2013-\u203a\u20ac\u2122]")
#: a two-byte letter (Ã« for ë) or a three-byte sign (â‚¬ for €, â€™ for ’) read as Windows-1252
_MOJIBAKE = re.compile(f"[\u00c2\u00c3]{_CONTINUATION}|\u00e2{_CONTINUATION}{_CONTINUATION}")


def undo_mojibake(text: str) -> str | None:
    """``"cliÃ«nten"`` -> ``"cliënten"``: UTF-8 text that was read as Windows-1252 (and saved
    again); None when ``text`` does not look like that or cannot be undone."""
    if not _MOJIBAKE.search(text):
        return None
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None


def undo_file_mojibake(text: str) -> str | None:
    """A whole file's text with a double encoding undone (UTF-8 that a program read as
    Windows-1252 and saved again as UTF-8: Excel opening a CSV without BOM), or None when the
    text does not look like that. Only when every character beyond ASCII in the file takes part
    in it: one genuine 'é' among them does not round-trip, and the text is left as it is."""
    if text.isascii() or not _MOJIBAKE.search(text):
        return None
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None


def nfc(text: str) -> str:
    """``text`` with its accents composed (NFC): "e" + U+0308 as "ë", as macOS tools and text copied from a
    PDF write them (review of the agency exports: every label and header with a diacritic failed)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def normalise_label(text: Any) -> str:
    """A label compared case- and whitespace-insensitively, without trailing dots, ellipses
    or colons (``"Ten dele, want …"`` == ``"ten dele, want"``), accents composed (:func:`nfc`)."""
    return nfc(" ".join(str(text).split())).casefold().rstrip(" .…:")


@dataclass(frozen=True)
class ColumnSpec:
    """How the cells of one column are checked and typed (built from the codebook by
    :mod:`wlzmonitor.inputs.validation`)."""

    column: str
    question: Question
    kind: str            # code | binary | int | number | text
    expected: str = ""
    codes: tuple[int, ...] = ()
    lo: float | None = None
    hi: float | None = None
    integer: bool = False
    percent: bool = False
    #: (normalised label, code): option labels a cell may hold instead of the code
    labels: tuple[tuple[str, int], ...] = ()
    #: the codebook's ``plausible`` range of a numeric question (inside lo..hi)
    plausible_lo: float | None = None
    plausible_hi: float | None = None
    #: the decimal separator the export's numbers show (:func:`decimal_separator`), None when they show none or
    #: both: a whole-number cell with one separator and three digits after it ('1,200') is read with that
    #: separator as a thousands separator (1200, a repair) only when it is not the export's decimal separator
    decimal: str | None = None

    def _valid(self, v: float) -> Any:
        """``v`` typed for this column, or None when it is not an allowed value."""
        if self.kind in ("code", "binary", "int") or self.integer:
            if not float(v).is_integer():
                return None
            v = int(v)
        if self.kind in ("code", "binary"):
            return v if v in self.codes else None
        if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
            return None
        if self._implausible(v):
            return None
        return v

    def _implausible(self, v: float) -> str | None:
        """`` (implausible: more than 5000)`` when ``v`` is outside the plausible range."""
        if self.plausible_lo is not None and v < self.plausible_lo:
            return f" (implausible: less than {format_number(self.plausible_lo)})"
        if self.plausible_hi is not None and v > self.plausible_hi:
            return f" (implausible: more than {format_number(self.plausible_hi)})"
        return None

    def _is_label(self, s: str) -> bool:
        """Whether ``s`` is one of this column's codebook labels (also after undoing a double
        encoding): the codebook's words, never personal data."""
        if not self.labels:
            return False
        fixed = undo_mojibake(s)
        keys = {normalise_label(s)} | ({normalise_label(fixed)} if fixed else set())
        return any(label in keys for label, _ in self.labels)

    def shown(self, s: str) -> str:
        """``'s'`` when the cell may be repeated in a finding (one of this column's labels, a
        code, a short number), else its kind (``text of 34 characters``; a numeric question's cell
        whose number :meth:`personal_kind` finds no personal data in is named as a number, ``a number
        of 9 digits``, also when its digits pass the 11-proef)."""
        if self._is_label(s) or s.casefold() in BOOLEAN_WORDS:
            return f"'{s}'"
        numeric = self.kind in ("int", "number") and self._number_text(s) is not None
        return describe_value(s, personal=not numeric or self.personal_kind(s) is not None)

    def _number_text(self, s: str) -> str | None:
        """:func:`number_text` of a cell of this column."""
        return number_text(s, euro=getattr(self.question, "unit", None) == "euro", percent=self.percent)

    def personal_kind(self, s: str) -> str | None:
        """The kind of personal data the cell holds (:func:`~wlzmonitor.inputs.quality_log.personal_data_kind`), or
        None. The one rule for a numeric question's cell (review h144): it is judged on the number it writes
        (:func:`number_text`: ``ca. 123456782``, ``€ 123456782``, ``123456782,-`` and ``123.456.782`` alike) exactly
        as that number written bare, and a bare number that passes the BSN or KvK check is a number, not personal
        data; a cell that writes no number is judged whole (``BSN 123456782``, ``1234.56.782``). Any other column's
        cell is judged whole, the digit identifiers included."""
        if self.kind not in ("int", "number"):
            return personal_data_kind(s)
        core = self._number_text(s)
        return personal_data_kind(s if core is None else core, digit_identifiers=False)

    def _euro_refused(self, s: str) -> bool:
        """Whether `s` holds a euro sign in a column whose question asks for no amount in euros (review
        h99: '€ 96' in a percent field was read as 96%, '€ 8' as an NPS of 8, '€ 1.234' as 1234 clients)."""
        return "€" in s and getattr(self.question, "unit", None) != "euro"

    def _plain(self, s: str) -> tuple[Any, str | None]:
        if self._euro_refused(s):
            return None, f"got {self.shown(s)} (an amount in euros, but the question asks for no amount)"
        v = parse_number(s, percent=self.percent)
        if v is None:
            shown = self.shown(s)
            if self.kind == "number" and shown.startswith("a number of "):  # not "a number ... (not a number)"
                shown = shown.replace("a number of ", "a value with ", 1) + " and other characters"
            return None, f"got {shown}" + (" (not a number)" if self.kind == "number" else "")
        if abs(v) >= MAX_NUMBER:
            return None, f"got {self.shown(s)} (too large)"
        if _SCIENTIFIC.search(s):
            return None, (f"got {self.shown(s)} (scientific notation: the number may have been "
                          "rounded; write it in full)")
        if self.kind in ("code", "binary", "int") or self.integer:
            if not v.is_integer():
                return None, f"got {self.shown(s)}"
            v = int(v)
        if self.kind in ("code", "binary"):
            return (v, None) if v in self.codes else (None, f"got {self.shown(s)}")
        if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
            return None, f"got {self.shown(s)} (out of range)"
        implausible = self._implausible(v)
        if implausible:
            return None, f"got {self.shown(s)}{implausible}"
        # "-0" read as 0, not as a negative zero (a table would print "-0")
        return (v + 0.0 if isinstance(v, float) else v), None

    def _disguised(self, s: str, clean: str) -> tuple[Any, str | None, str | None]:
        """A coded or number cell with invisible characters or look-alike letters of another script in it
        (copied from a document or a web page): read as the plain cell it shows, the characters named in
        the repair (review of the agency exports: "got text of 2 characters" and, for a label with a
        Cyrillic letter, "got personal data")."""
        odd = [c for c in dict.fromkeys(s) if not c.isascii() and c not in clean]
        hidden = [c for c in odd if unicodedata.category(c) in ("Cf", "Mn", "Zs") or not c.isprintable()]
        alike = [c for c in odd if c not in hidden]
        parts = ([", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in hidden) + " (left out)"]
                 if hidden else []) + ([", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in alike)
                                        + " (read as the Latin letter it looks like)"] if alike else [])
        what = "the cell holds " + ("; ".join(parts) or "characters of another script")
        v, issue, repair = self.parse(clean)
        if issue is not None:
            return None, f"{issue} ({what})", None
        return v, None, f"read as {_read_value(v)} ({what})"

    def parse(self, s: str) -> tuple[Any, str | None, str | None]:
        """(typed value or None, issue or None, repair or None) for a non-empty, stripped
        cell. A repair says how a cell that is not in the expected form was read."""
        if self.kind == "text":
            return s, None, None
        if len(s) > MAX_CODED_CHARS:
            return None, f"got text of {len(s)} characters", None
        if not s.isascii():
            clean = fold_letters(s)
            if clean != s and clean.strip():  # "1" + a zero-width space, "Меer" with a Cyrillic М
                return self._disguised(s, clean.strip())
        if _DATE_CELL.match(s):  # before the personal kinds: not "a date of birth" (review h162), and not quoted
            return None, ("got a date or time (a cell of the workbook formatted as a date: what was typed, "
                          "such as 3-4 or 8:30, became a date; format the column as a number or text and "
                          "type the value again)"), None
        kind = self.personal_kind(s) if len(s) >= 6 and not self._is_label(s) else None
        if kind is not None:  # never read as a number or code, never repeated
            return None, f"got {kind}", None
        spreadsheet = self._spreadsheet_text(s)
        if spreadsheet is not None:
            return spreadsheet
        v, issue = self._plain(s)
        compact = s.replace("\u00a0", "").replace(" ", "")
        if issue is None:
            if self.kind in ("number", "int") and _AMBIGUOUS.match(compact.lstrip("€")):
                other = self._valid(float(re.sub(r"[.,]", "", compact.lstrip("€"))))
                if other is not None and other != v:
                    return None, (f"got {self.shown(s)} (ambiguous: {format_number(v)} or "
                                  f"{format_number(other)}; write the number without a "
                                  "thousands separator)"), None
            if self.kind == "number" and any(c.isdigit() and not c.isascii() for c in s):
                # review h99: '９６' (full-width) and '٩٦' (Arabic-Indic) read as 96 without a word
                return v, None, f"read as {_read_value(v)} (written as {self.shown(s)}: digits of another script)"
            if self.percent and compact.endswith("%"):
                return v, None, f"read as {_read_value(v)} (percent sign dropped)"
            if self.kind in ("code", "binary", "int") and s != str(v):
                # '2.0', '02', '+2', '２' (full-width): one reading, but not as the codebook writes it
                return v, None, f"read as {_read_value(v)} (written as {self.shown(s)})"
            return v, None, None
        if self.labels:
            key = normalise_label(s)
            fixed = undo_mojibake(s)
            keys = (key,) if fixed is None else (key, normalise_label(fixed))
            for label, code in self.labels:
                if label in keys:
                    if key != label:  # matched only after undoing the double encoding
                        return code, None, (f"read as {code} (a codebook label after undoing "
                                            "a double encoding: UTF-8 read as Windows-1252)")
                    if self.kind == "binary":  # a multi option column holding its own label
                        return code, None, "read as 1 (the option's label: selected)"
                    if self.kind == "int":     # a scale's end-point label
                        return code, None, f"read as {code} (the codebook's label of {code})"
                    return code, None, f"read as {code} (the codebook's label of option {code})"
            if self.kind != "int":
                if fixed is not None:
                    issue += (" (looks like UTF-8 text read as Windows-1252: export the file "
                              "again as UTF-8)")
                return None, issue, None
        if self.kind in ("number", "int") and self.question.unit == "euro" and _WHOLE_EUROS.search(s):
            return self._whole_euros(s)
        if self.kind in ("number", "int"):
            m = APPROXIMATE_WORD.match(s)
            if m and s[m.end():].strip():
                approximate = self._approximate(s, m.group(0).strip(), s[m.end():].strip())
                if approximate is not None:
                    return approximate
            if _AMBIGUOUS.match(compact.lstrip("€")) and not self._euro_refused(s):
                # "1.234" in a whole-number field: only the thousands reading is allowed
                other = self._valid(float(re.sub(r"[.,]", "", compact.lstrip("€"))))
                sep = "." if "." in compact else ","
                if other is not None and sep == "," == self.decimal and (self.integer or self.kind == "int"):
                    return None, self._decimal_comma_issue(s, compact.lstrip("€"), other), None
                if other is not None:
                    return other, None, (f"read as {_read_value(other)} ('{sep}' as "
                                         "thousands separator)")
        return None, issue, None

    def _approximate(self, s: str, word: str, rest: str) -> tuple[Any, str | None, str | None] | None:
        """A number cell written as an approximate value ('ca. 12', 'ongeveer 120%'): read as the number after the
        word or sign (a repair), or the problem of that number with the cell named as written (review h155: a
        number out of the question's range or implausible was "not a number"); None when no number follows."""
        v, issue = self._plain(rest)
        if issue is None and not _AMBIGUOUS.match(rest.replace(" ", "")):
            return v, None, f"read as {_read_value(v)} (approximate value: '{word}' dropped)"
        if parse_number(rest, percent=self.percent) is None and not (
                getattr(self.question, "unit", None) == "euro" and _WHOLE_EUROS.search(rest)):
            return None  # 'ca. veel', 'ca. 12 34': no number after the word; the cell's own issue stands
        v, issue, repair = self.parse(rest)
        if issue is not None:
            return None, issue.replace(f"got {self.shown(rest)}", f"got {self.shown(s)}", 1), None
        why = repair[repair.index("(") + 1:-1] if repair else ""
        return v, None, f"read as {_read_value(v)} (approximate value: '{word}' dropped" + (f"; {why})" if why else ")")

    def _spreadsheet_text(self, s: str) -> tuple[Any, str | None, str | None] | None:
        """How a spreadsheet's own writing of a value is read (review h152), or None for any other cell: ``'3``
        (Excel's text prefix typed or kept: the text 3) as the value after the apostrophe when that reads; TRUE/FALSE,
        WAAR/ONWAAR by :meth:`_boolean`. A codebook label that starts so (an option labelled "Waar") is that label."""
        if s.startswith("'") and s[1:].strip() and not self._is_label(s):
            v, issue, repair = self.parse(s[1:].strip())
            if issue is None:
                return v, None, repair or f"read as {_read_value(v)} (a spreadsheet's text prefix ' dropped)"
        if s.casefold() in BOOLEAN_WORDS and not self._is_label(s):
            return self._boolean(s)
        return None

    def _boolean(self, s: str) -> tuple[Any, str | None, str | None]:
        """TRUE/FALSE or WAAR/ONWAAR (a spreadsheet's yes/no): in an option column of a multi question its checked
        (1) or unchecked (0) state, as a workbook's TRUE/FALSE cell reads; in any other column an error that says
        what it is (review h152: "got text of 4 characters")."""
        v = BOOLEAN_WORDS[s.casefold()]
        if self.kind == "binary" and v in self.codes:
            return v, None, f"read as {v} (a spreadsheet's {s}: {'selected' if v else 'not selected'})"
        return None, (f"got {self.shown(s)} (a spreadsheet's yes/no value, TRUE/FALSE or WAAR/ONWAAR, where the "
                      f"question asks for {'a number' if self.kind in ('int', 'number') else 'a code'})"), None

    def _decimal_comma_issue(self, s: str, compact: str, other: Any) -> str:
        """'1,200' in a whole-number question of an export that writes decimals with a comma: 1.2 by the file's
        writing, ``other`` (1200) by the English convention (review h134: :func:`decimal_separator`)."""
        return (f"got {self.shown(s)} (ambiguous: the export writes decimals with ',', so "
                f"{format_number(float(compact.replace(',', '.')))}, not a whole number; {format_number(other)} "
                "only if ',' separates thousands here; write the number without a thousands separator)")

    def _whole_euros(self, s: str) -> tuple[Any, str | None, str | None]:
        """A number ending in the Dutch ',-' of whole euros ('74261000,-', '€ 74.261.000,-'): read as
        ',00' (a repair), or the problem of the number it stands for, the cell named as written."""
        whole = _WHOLE_EUROS.sub("", s)
        if parse_number(whole + ",00", percent=self.percent) is None:
            return None, (f"got {describe_value(s)} (a trailing ',-' for whole euros, but before it no number "
                          "as a person writes one)"), None
        v, issue = self._plain(whole + ",00")
        if issue is not None:
            return None, issue.replace(f"got {self.shown(whole + ',00')}", f"got {self.shown(s)}", 1), None
        return v, None, f"read as {_read_value(v)} (a trailing ',-' read as ',00': whole euros)"

    @property
    def dtype(self) -> str:
        if self.kind == "text":
            return "string"
        if self.kind == "number" and not self.integer:
            return "Float64"
        return "Int64"


def option_labels(options, code: int | None = None) -> tuple[tuple[str, int], ...]:
    """(normalised label, code) of options' labels and short labels: what a cell may hold
    instead of an option's code. A label that two options share is left out (it cannot say
    which). ``code``: every label reads as this code."""
    seen: dict[str, set[int]] = {}
    for o in options:
        for text in (o.label, o.short_label):
            if text:
                seen.setdefault(normalise_label(text), set()).add(o.code)
    return tuple((lab, code if code is not None else next(iter(cs)))
                 for lab, cs in seen.items() if len(cs) == 1 and lab)
