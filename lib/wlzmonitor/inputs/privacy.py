"""Privacy of open answers: scrub personal data before a text reaches any output.

Respondents are identifiable care organisations, and open answers sometimes contain what
should never be published: e-mail addresses, phone numbers, web addresses, the names of
people and the names of organisations or their locations. :class:`Scrubber` replaces them
with visible Dutch placeholders:

==========================  ===================
what                        placeholder
==========================  ===================
e-mail address              ``[e-mailadres]``
phone number (NL, intl.)    ``[telefoonnummer]``
URL / domain name           ``[website]``
person name                 ``[naam]``
organisation / location     ``[organisatie]``
==========================  ===================

Patterns (e-mail, phone, URL) need no configuration. Names do: :meth:`Scrubber.from_survey`
takes them from the survey's contact question (``Survey._private``) and from
``config/privacy.yml`` (organisations, locations, extra person names; see that file's header).

:func:`find_personal_data` is the check that goes with it: it lists every contact-field value
(names, e-mail addresses, phone numbers compared by their digits), every configured term and
every other e-mail address or phone number that occurs in a text, e.g. an output file of a
run. A clean output gives ``[]``.

Limits: a person name that is in no list (not a contact, not in ``names``) is only caught
after a title ("mevrouw Bos", "dhr. J. Jansen"); a single name that is a common word
(:data:`STOPWORDS`: Bos, Groot, Ben, Jan, ...) is only caught in a full name, as surname with
its particle and capital ("de Groot"), right next to another name, or after a title.

Scrubbing is deterministic (terms are ordered longest first, then alphabetically) and
idempotent (``scrub(scrub(t)) == scrub(t)``; placeholders are never matched).
"""

from __future__ import annotations

import re
import unicodedata
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from wlzmonitor.spec.privacy_settings import PrivacySettings, load_privacy_settings

__all__ = [
    "PLACEHOLDERS",
    "Scrubber",
    "contact_values",
    "find_personal_data",
    "scrub_survey",
    "text_columns",
    "STOPWORDS",
    "name_parts",
    "organisation_variants",
]

#: kind -> the visible placeholder put in place of it.
PLACEHOLDERS: dict[str, str] = {
    "email": "[e-mailadres]",
    "phone": "[telefoonnummer]",
    "url": "[website]",
    "name": "[naam]",
    "organisation": "[organisatie]",
    "location": "[locatie]",
}

#: Name particles (tussenvoegsels): part of a surname, never a name on their own.
PARTICLES = frozenset(
    "van de der den het ter ten te 't in op aan bij von vom la le du da di del d' v.d. vd".split()
)

#: Words never scrubbed on their own (first or last names that are common Dutch words,
#: function words, placeholder words). A name in this list is still scrubbed as part of a full
#: name ("Rianne Bos"), as a surname with its particle ("de Groot", core capitalised), right
#: next to another scrubbed name ("[naam] Bos"), and after a title ("mevrouw Bos").
STOPWORDS = frozenset(
    """
    aan als bij dat die dit door een en geen het hoe ik in is maar met na naar niet nog of om
    onze ook op over per te ten ter tot uit van voor wat we wel wie wij zij zo zijn
    naam organisatie locatie website telefoonnummer mailadres e-mailadres
    aan alle andere deze door dus hun kan kunnen meer omdat onder tegen toch want werd worden
    baas berg beek bos boer broek brink brug bruin dam dijk graaf groen groot haan haas ham
    hamer heuvel hof hoek hout kamp keizer klein knol kok koning laan lang lange leeuwen linden
    meer mol oud poort post prins put roos schaap sluis stam steen veen veld vis vos wal
    winter wit wolf zee zomer zwart jong nieuw
    ben els fleur jan job lot mark rob wil
    zorg wonen thuis regio
    """.split()
)

#: Generic words of organisation names; stripped from the ends of a configured organisation
#: name to find its distinctive core ("Zorggroep Eikenbrug" -> "Eikenbrug").
ORGANISATION_WORDS = frozenset(
    """
    stichting zorggroep zorgcentra zorgcentrum zorgorganisatie zorgcombinatie woonzorg
    woonzorgcentrum woonzorgcentra ouderenzorg thuiszorg zorg wonen welzijn groep vereniging
    centrum centra coöperatie cooperatie bv b.v. nv n.v. noord oost zuid west midden nieuw
    de het van en
    """.split()
)

#: Titles before a name: "mevrouw Bos", "dhr. J. de Vries".
_TITLES = r"(?:dhr|mevr|mw|mr|drs|dr|ir|ing|prof)\.?|de\s+heer|mevrouw|meneer"


# --------------------------------------------------------------------------------------------
# patterns that need no configuration
# --------------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+'-]*"
    r"(?:@|\s?[\[\(\{]at[\]\)\}]\s?)"
    r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)

_TLDS = ("nl|com|org|net|eu|be|de|info|io|nu|biz|online|zorg|frl|amsterdam|example|test|"
         "invalid|localhost")
_URL_RE = re.compile(
    # scheme or www.
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'\]\[]+"
    # or a bare domain name with a known top-level domain (lower case: "Kompas.De" is no URL)
    r"|(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?-i:" + _TLDS + r")"
    r"(?![\w-])(?:/[^\s<>\"'\]\[]*)?",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)"

_SEP = r"[ \t./-]{0,3}"  # between digit groups: "06 - 1234 5678", "020.123.45.67"
_PHONE_RE = re.compile(
    r"(?<![\w+])(?<!\d[.,])(?:"
    # +31 / 0031, optional (0), then 9 digits: +31 6 1234 5678, +31(0)20-1234567, 0031 20 ...
    r"(?:\+|00)\s?31" + _SEP + r"(?:\(0\)" + _SEP + r")?[1-9](?:" + _SEP + r"\d){8}"
    # other countries: +32 2 123 45 67, +49 (0)30 1234567
    r"|\+(?!31)[1-9]\d{0,2}" + _SEP + r"(?:\(0\)" + _SEP + r")?\d(?:" + _SEP + r"\d){6,11}"
    # service numbers with 7 digits after 0800/0900/0906/0909
    r"|0(?:800|900|906|909)(?:" + _SEP + r"\d){7}"
    # area code in brackets: (010) 123 45 67, (0511) 12 34 56, (06) 12345678
    r"|\(0[1-9]\d\)\s?\d(?:" + _SEP + r"\d){6}"
    r"|\(0[1-9]\d\d\)\s?\d(?:" + _SEP + r"\d){5}"
    r"|\(06\)\s?\d(?:" + _SEP + r"\d){7}"
    # national 10 digits: 06-12345678, 06 12 34 56 78, 020-1234567, 088-123 45 67, 0511-123456
    r"|0[1-9](?:" + _SEP + r"\d){8}"
    # short service numbers: 0800-1234, 0900 1234
    r"|0(?:800|900|906|909)(?:" + _SEP + r"\d){4}"
    r")(?!\d)(?![.,]\d)(?!\s?%)"
)
#: A date inside a phone-like match ("06-12-2025 12 ...") means it is not a phone number.
_DATE_RE = re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)")


def _scrub_urls(text: str) -> str:
    def repl(m: re.Match) -> str:
        s = m.group(0)
        core = s.rstrip(_URL_TRAILING)
        # keep a closing bracket that belongs to the sentence, not to the URL
        return PLACEHOLDERS["url"] + s[len(core):]

    return _URL_RE.sub(repl, text)


def _scrub_phones(text: str) -> str:
    def repl(m: re.Match) -> str:
        s = m.group(0)
        if _DATE_RE.search(s):
            return s
        tail = len(s) - len(s.rstrip(" \t./-"))
        return PLACEHOLDERS["phone"] + (s[len(s) - tail:] if tail else "")

    return _PHONE_RE.sub(repl, text)


# --------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """``Zoë`` -> ``Zoe``: the same name typed without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _is_stopword(token: str) -> bool:
    return token.casefold() in STOPWORDS or _fold(token).casefold() in STOPWORDS


def _name_tokens(full_name: str) -> list[str]:
    """Tokens of a person's name without titles and initials ("dhr. J. de Vries" -> de, Vries)."""
    tokens = [t.strip(",;()") for t in full_name.split()]
    out = []
    for t in tokens:
        if not t:
            continue
        if re.fullmatch(_TITLES, t, re.IGNORECASE) or re.fullmatch(r"(?:[A-Za-z]\.)+", t):
            continue
        out.append(t)
    return out


def name_parts(full_name: str) -> tuple[list[str], list[str]]:
    """``(given names, surnames)`` of a full name.

    The first token is the first name; from the first particle on (van, de, ter, ...) the rest
    is the surname ("de Vries", "van der Heijden"); without a particle the last token is the
    surname. A double surname "Jansen-de Vries" also gives its parts.
    """
    tokens = _name_tokens(full_name)
    if len(tokens) < 2:
        return (tokens, [])
    given: list[str] = [tokens[0]]
    rest = tokens[1:]
    idx = next((i for i, t in enumerate(rest) if t.casefold() in PARTICLES), None)
    if idx is None:
        given += rest[:-1]
        surname_tokens = rest[-1:]
    else:
        given += rest[:idx]
        surname_tokens = rest[idx:]
    surnames = [" ".join(surname_tokens)]
    joined = " ".join(surname_tokens)
    if "-" in joined:
        for part in joined.split("-"):
            part = part.strip()
            if part:
                surnames.append(part)
    return given, surnames


def _strip_particles(surname: str) -> str:
    tokens = surname.split()
    while tokens and tokens[0].casefold() in PARTICLES:
        tokens = tokens[1:]
    return " ".join(tokens)


def organisation_variants(name: str) -> list[str]:
    """The configured name and its shorter forms around the distinctive core.

    "Stichting Wilgenlanden Zorg" -> itself, "Stichting Wilgenlanden", "Wilgenlanden Zorg",
    "Wilgenlanden". The core is what remains after stripping generic words
    (:data:`ORGANISATION_WORDS`) from both ends; it must have at least 4 letters and not be a
    common word.
    """
    tokens = name.split()
    lo, hi = 0, len(tokens)
    while lo < hi and tokens[lo].casefold() in ORGANISATION_WORDS:
        lo += 1
    while hi > lo and tokens[hi - 1].casefold() in ORGANISATION_WORDS:
        hi -= 1
    out = [name]
    core = " ".join(tokens[lo:hi])
    if not core or _letters(core) < 4 or _is_stopword(core):
        return out
    for i in range(0, lo + 1):
        for j in range(hi, len(tokens) + 1):
            out.append(" ".join(tokens[i:j]))
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class _Term:
    text: str
    kind: str  # name / organisation / location
    strict_core: bool = False  # surname whose core is a common word: core must be capitalised


def _term_pattern(term: _Term) -> str:
    words = term.text.split()
    parts = []
    for i, w in enumerate(words):
        if term.strict_core and i == len(words) - 1:
            parts.append("(?-i:" + re.escape(w) + ")")
        else:
            parts.append(re.escape(w))
    body = r"\s+".join(parts)
    # possessives: Anouks, Jansen's, Zoë's; after s/x/z only the apostrophe (Iris', Bas')
    if term.text[-1:].casefold() in ("s", "x", "z"):
        suffix = r"(?:['’]s|['’])?"
    else:
        suffix = r"(?:['’]s|s)?"
    if term.kind == "name":
        # initials before a surname belong to the name: "J. Jansen", "A.B. de Vries"
        body = r"(?:(?-i:[A-Z])\.\s?){0,3}" + body
    return body + suffix


def _build_terms(names: Iterable[str], organisations: Iterable[str],
                 locations: Iterable[str]) -> tuple[dict[str, _Term], set[str]]:
    """The terms to match (casefolded text -> term) and the common-word names left out."""
    terms: dict[str, _Term] = {}
    stop_names: set[str] = set()

    def add(text: str, kind: str, strict_core: bool = False) -> None:
        text = " ".join(text.split())
        if not text or text.casefold() in STOPWORDS:
            return
        for variant in dict.fromkeys([text, _fold(text)]):
            key = variant.casefold()
            if key in terms and (terms[key].kind == "name" or kind != "name"):
                # first come stays; only a person name replaces an organisation/location
                continue
            terms[key] = _Term(variant, kind, strict_core)

    def add_name_token(token: str) -> None:
        if _letters(token) < 3:
            return
        if _is_stopword(token):
            stop_names.add(token)
            stop_names.add(_fold(token))
            return
        add(token, "name")

    for raw in names:
        raw = " ".join(str(raw).split())
        if not raw:
            continue
        tokens = _name_tokens(raw)
        if len(tokens) >= 2:
            add(" ".join(tokens), "name")
            given, surnames = name_parts(raw)
            for g in given:
                add_name_token(g)
            for s in surnames:
                core = _strip_particles(s)
                if core != s and core:
                    # "de Vries" as a unit; "de Groot" only with a capital G
                    add(s, "name", strict_core=_is_stopword(core))
                if core and " " not in core:
                    add_name_token(core)
                elif core:
                    add(core, "name")
        elif tokens:
            add_name_token(tokens[0])
    for org in organisations:
        for variant in organisation_variants(" ".join(str(org).split())):
            add(variant, "organisation")
    for loc in locations:
        add(str(loc), "location")

    return terms, stop_names


class Scrubber:
    """Replace personal data in a text by placeholders (:data:`PLACEHOLDERS`).

    ``names``: person names (full names, or single first/last names); full names also add
    their parts (first names, surnames with and without particle) of at least 3 letters that
    are not common words (:data:`STOPWORDS`). ``organisations``: organisation names (their
    distinctive core is added, see :func:`organisation_variants`). ``locations``: place,
    street or location names, taken as they are.

    Matching is case-insensitive, on word boundaries, longest term first, possessive forms
    included. Order of the passes: e-mail, URLs, phone numbers, then names.
    """

    def __init__(self, names: Iterable[str] = (), organisations: Iterable[str] = (),
                 locations: Iterable[str] = (), *, settings: PrivacySettings | None = None):
        self.settings = settings or PrivacySettings()
        terms, stop_names = _build_terms(names, organisations, locations)
        self.terms: tuple[_Term, ...] = tuple(
            sorted(terms.values(), key=lambda t: (-len(t.text), t.text.casefold(), t.text))
        )
        self.stop_names: tuple[str, ...] = tuple(sorted(stop_names))
        self._kind = {t.text.casefold(): t.kind for t in self.terms}
        if self.terms:
            alternation = "|".join(f"(?:{_term_pattern(t)})" for t in self.terms)
            self._terms_re: re.Pattern | None = re.compile(
                r"(?<![\w@])(?:" + alternation + r")(?![\w@])", re.IGNORECASE
            )
        else:
            self._terms_re = None
        particles = r"(?:(?:van|de|der|den|ter|ten|te|het|in|op)\s+)*"
        capital_word = r"(?-i:[A-Z][\w'’-]*)"
        stop_alt = "|".join(re.escape(s) for s in sorted(self.stop_names, key=lambda s: (-len(s), s)))
        name = re.escape(PLACEHOLDERS["name"])
        # "[naam] Bos", "Bas [naam]": a common-word name next to a scrubbed name
        self._stop_next_re = (
            re.compile(
                rf"{name}(?:\s+{particles}(?-i:(?:{stop_alt})))+(?:['’]s)?(?!\w)"
                rf"|(?<!\w)(?-i:(?:{stop_alt}))\s+{name}",
                re.IGNORECASE,
            )
            if stop_alt else None
        )
        # "mevrouw Bos", "dhr. J. van Dijk": a title followed by a capitalised word
        self._title_re = re.compile(
            rf"(?<!\w)({_TITLES})(\s+)(?:(?-i:[A-Z])\.\s?){{0,3}}{particles}{capital_word}"
            rf"(?:\s+{particles}(?-i:[A-Z][a-zà-ÿ][\w'’-]*))?",
            re.IGNORECASE,
        )
        self._collapse_re = re.compile(rf"{name}(?:\s+{name})+")

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_settings(cls, settings: PrivacySettings, names: Iterable[str] = ()) -> "Scrubber":
        return cls(names=[*names, *settings.names], organisations=settings.organisations,
                   locations=settings.locations, settings=settings)

    @classmethod
    def from_survey(cls, survey: Any, config_path: str | Path | None = None) -> "Scrubber":
        """Names from the survey's contact question plus the lists of ``config/privacy.yml``.

        ``config_path`` None = the repository's ``config/privacy.yml``.
        """
        settings = load_privacy_settings(config_path)
        return cls.from_settings(settings, names=contact_values(survey)["names"])

    # -- scrubbing ----------------------------------------------------------------------
    def scrub(self, text: Any) -> Any:
        """``text`` with personal data replaced by placeholders; non-strings pass unchanged."""
        if not isinstance(text, str) or not text:
            return text
        out = _EMAIL_RE.sub(PLACEHOLDERS["email"], text)
        out = _scrub_urls(out)
        out = _scrub_phones(out)
        if self._terms_re is not None:
            out = self._terms_re.sub(self._replace_term, out)
        out = self._title_re.sub(lambda m: m.group(1) + m.group(2) + PLACEHOLDERS["name"], out)
        if self._stop_next_re is not None:
            out = self._stop_next_re.sub(PLACEHOLDERS["name"], out)
        out = self._collapse_re.sub(PLACEHOLDERS["name"], out)
        return out

    __call__ = scrub

    def scrub_series(self, series):
        """A pandas Series of texts, scrubbed (missing values stay missing)."""
        return series.map(self.scrub, na_action="ignore")

    def _replace_term(self, m: re.Match) -> str:
        s = m.group(0)
        key = s.casefold()
        kind = self._kind.get(key)
        if kind is None:
            # possessive or initials around the term: find the term inside the match
            kind = next((k for t, k in self._kind.items() if t in key), "name")
        return PLACEHOLDERS.get(kind, PLACEHOLDERS["name"])

    # -- information --------------------------------------------------------------------
    def term_list(self) -> list[tuple[str, str]]:
        """``(term, kind)`` of every term the scrubber matches, longest first."""
        return [(t.text, t.kind) for t in self.terms]


# --------------------------------------------------------------------------------------------
# finding personal data (tests and output scans)
# --------------------------------------------------------------------------------------------


def text_columns(codebook: Any) -> list[str]:
    """Every free-text column of the non-private questions: "want …"/"Anders, namelijk …"
    fields, comment fields and open questions (the contact question is private)."""
    columns: list[str] = []
    for q in codebook.questions:
        if q.private:
            continue
        if q.type == "open":
            columns.extend(q.field_columns().values())
        columns.extend(c for c in (q.text_column, q.comment_column) if c)
    return list(dict.fromkeys(columns))


def scrub_survey(survey: Any, scrubber: "Scrubber") -> Any:
    """The survey as notebooks may see it: every free-text answer scrubbed, no contact details.

    Returns a copy (the input is not changed) whose ``responses`` hold the scrubbed texts and
    whose ``_private`` (the contact question) is empty. Build `scrubber` from the *unscrubbed*
    survey first (:meth:`Scrubber.from_survey`), so the contact names are known to it.
    """
    responses = survey.responses.copy()
    for column in text_columns(survey.codebook):
        if column in responses.columns:
            responses[column] = scrubber.scrub_series(responses[column]).astype(responses[column].dtype)
    return dataclasses.replace(survey, responses=responses, _private=pd.DataFrame(index=responses.index))


def _private_frame(survey: Any):
    if survey is None:
        return None
    private = getattr(survey, "_private", None)
    if private is None and hasattr(survey, "columns"):
        private = survey
    return private


def contact_values(survey: Any) -> dict[str, list[str]]:
    """Contact-field values of a survey: ``{"names": [...], "emails": [...], "phones": [...]}``.

    Read from ``survey._private`` (columns ending in ``__naam``, ``__email``,
    ``__telefoon``), sorted, without duplicates. The function (``__functie``) is not included:
    job titles such as "controller" are ordinary words.
    """
    out: dict[str, list[str]] = {"names": [], "emails": [], "phones": []}
    private = _private_frame(survey)
    if private is None:
        return out
    for suffix, key in (("__naam", "names"), ("__email", "emails"), ("__telefoon", "phones")):
        values: set[str] = set()
        for col in private.columns:
            if str(col).endswith(suffix):
                for v in private[col].dropna():
                    v = " ".join(str(v).split())
                    if v:
                        values.add(v)
        out[key] = sorted(values)
    return out


def _phone_digits(value: str) -> str:
    """National digits of a phone number: '+31 (0)6-1234 5678' -> '0612345678'."""
    digits = re.sub(r"\D", "", value.replace("(0)", ""))
    if value.strip().startswith("+") and digits.startswith("31"):
        digits = "0" + digits[2:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits


_DIGIT_RUN_RE = re.compile(r"\+?\d[\d \t().\-/]*\d")
_DATA_URI_RE = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")


@lru_cache(maxsize=16)
def _term_finder(names: tuple[str, ...], organisations: tuple[str, ...], locations: tuple[str, ...],
                 extra_names: tuple[str, ...], name_parts_too: bool
                 ) -> tuple[re.Pattern | None, dict[str, str]]:
    """One regex for all terms (longest first) and matched text (casefolded) -> value to report."""
    report: dict[str, str] = {}
    for n in names:
        report.setdefault(" ".join(n.split()).casefold(), n)
        if name_parts_too:
            for t in _build_terms([n], (), ())[0].values():
                report.setdefault(t.text.casefold(), t.text)
    for t in (*organisations, *locations, *extra_names):
        report.setdefault(" ".join(t.split()).casefold(), t)
    report = {k: v for k, v in report.items() if k}
    if not report:
        return None, report
    return re.compile(r"(?<![\w@])" + _trie_pattern(report) + r"(?!\w)", re.IGNORECASE), report


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regex matching any of ``keys`` (a space matches any whitespace), built as a trie so
    that a long text is scanned fast; longer keys are tried first."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(child)
                for ch, child in sorted((c, n) for c, n in node.items() if c != "")]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return "(?:" + build(trie) + ")"


def find_personal_data(text: str | bytes, survey: Any = None, *,
                       config_path: str | Path | None = None,
                       settings: PrivacySettings | None = None,
                       name_parts_too: bool = True, patterns: bool = True) -> list[str]:
    """Every contact-field value and configured term found in ``text``, sorted.

    Looks for: contact names (full name; with ``name_parts_too`` also the first names and
    surnames the scrubber would scrub), e-mail addresses (case-insensitive), phone numbers
    (by their digits, whatever the spacing or +31 prefix), and the ``organisations``,
    ``locations`` and ``names`` of ``config/privacy.yml``. Names and terms match on word
    boundaries, case-insensitively. ``bytes`` are decoded as UTF-8 (invalid bytes replaced);
    embedded base64 images (``data:...;base64,``) are skipped. With ``patterns`` (default)
    every other e-mail address and phone number the :class:`Scrubber` would replace is
    reported as well, as written in the text. Returns the values as they are written in the
    contact fields / configuration: ``[]`` means clean.
    """
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    text = _DATA_URI_RE.sub(" ", str(text))
    if settings is None:
        settings = load_privacy_settings(config_path)
    contact = contact_values(survey)
    found: set[str] = set()
    folded = text.casefold()

    for email in contact["emails"]:
        if email.casefold() in folded:
            found.add(email)

    wanted = {_phone_digits(p): p for p in contact["phones"] if len(_phone_digits(p)) >= 6}
    if wanted:
        runs = "|".join(_phone_digits(m.group(0)) for m in _DIGIT_RUN_RE.finditer(text))
        for digits, original in wanted.items():
            if digits in runs or ("31" + digits[1:]) in runs:
                found.add(original)

    if patterns:
        for m in _EMAIL_RE.finditer(text):
            if not any(e.casefold() == m.group(0).casefold() for e in contact["emails"]):
                found.add(m.group(0))
        for m in _PHONE_RE.finditer(text):
            if not _DATE_RE.search(m.group(0)) and _phone_digits(m.group(0)) not in wanted:
                found.add(m.group(0))

    pattern, report = _term_finder(tuple(contact["names"]), settings.organisations,
                                   settings.locations, settings.names, name_parts_too)
    if pattern is not None:
        for m in pattern.finditer(text):
            found.add(report.get(" ".join(m.group(0).split()).casefold(), m.group(0)))
    return sorted(found)
