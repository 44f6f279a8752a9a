"""Privacy of open answers: scrub personal data before a text reaches any output.

Respondents are identifiable care organisations, and open answers sometimes contain what
should never be published: e-mail addresses, phone numbers, web addresses, bank account,
BSN and KvK numbers, birth dates, addresses, the names of people and the names of
organisations or their locations. :class:`Scrubber` replaces them with visible Dutch
placeholders:

===============================  =====================
what                             placeholder
===============================  =====================
e-mail address                   ``[e-mailadres]``
phone number (NL, intl.)         ``[telefoonnummer]``
URL / domain name                ``[website]``
IBAN                             ``[rekeningnummer]``
BSN (11-proef)                   ``[bsn]``
KvK number                       ``[kvk-nummer]``
VAT number (btw-id)              ``[btw-nummer]``
AGB code                         ``[agb-code]``
birth date                       ``[geboortedatum]``
postcode + number, street + nr.  ``[adres]``
person name                      ``[naam]``
organisation                     ``[organisatie]``
location                         ``[locatie]``
===============================  =====================

Patterns (:mod:`wlzmonitor.inputs.personal_patterns`) need no configuration; they are matched
on the Unicode-normalised text (NFKC, every dash as ``-``, invisible characters dropped: a
phone number typed with full-width digits, a non-breaking space or a non-breaking hyphen is
still a phone number) and only what matched is replaced; the rest of the text stays as
written. Names need configuration: :meth:`Scrubber.from_survey` takes them from the
survey's contact question (``Survey._private``) and from ``config/privacy.yml``
(organisations, locations, extra person names; see that file's header).

:func:`find_personal_data` is the check that goes with it: it lists every contact-field value
(names, e-mail addresses, phone numbers compared by their digits), every configured term and
every other e-mail address, phone number, IBAN, BSN, KvK number, birth date or address that
occurs in a text, e.g. an output file of a run. A clean output gives ``[]``.
:func:`scan_personal_data` gives the same as :class:`PersonalDataHit` records (kind,
respondent, position) for the run's last gate, which must name the respondent, not the value.

Limits: a person name that is in no list (not a contact, not in ``names``) is only caught
after a title ("mevrouw Bos", "dhr. J. Jansen", "mevrouw haverkamp", "mevr. de haan"); a single
name that is a common word (:data:`STOPWORDS`: Bos, Groot, Ben, Jan, ...) is only caught in a
full name, as surname with its particle and capital ("de Groot"), right next to another name,
or after a title.

Scrubbing is deterministic (terms are ordered longest first, then alphabetically) and
idempotent (``scrub(scrub(t)) == scrub(t)``; placeholders are never matched).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple

import pandas as pd

from wlzmonitor.inputs.common_words import NAMES as COMMON_NAMES, common_dutch_word
from wlzmonitor.inputs.contact_values import (
    DIGIT_RUN_RE,
    contact_email_spans,
    contact_phone_spans,
    digit_lookalikes,
    national_digits,
    phone_digits,
    trie_pattern,
)
from wlzmonitor.inputs.personal_patterns import (
    APART,
    APOSTROPHE,
    APOSTROPHES,
    MAIL_PROVIDERS,
    PATTERN_PLACEHOLDERS,
    NormalisedText,
    controls_as_spaces,
    fold_letters,
    normalise,
    normalised_view,
    pattern_spans,
    replace_spans,
)
from wlzmonitor.spec.privacy_settings import PrivacySettings, load_privacy_settings

__all__ = [
    "PLACEHOLDERS",
    "DenyList",
    "PersonalDataHit",
    "Scrubber",
    "contact_entries",
    "contact_values",
    "earlier_contact_entries",
    "earlier_export_of",
    "earlier_export_owner",
    "merged_contact_values",
    "deny_list",
    "find_personal_data",
    "holds_name_word",
    "printed_words",
    "report_lowercase_words",
    "report_words",
    "name_words",
    "scan_personal_data",
    "scrub_survey",
    "text_columns",
    "STOPWORDS",
    "name_parts",
    "organisation_variants",
]

#: kind -> the visible placeholder put in place of it.
PLACEHOLDERS: dict[str, str] = {
    **PATTERN_PLACEHOLDERS,  # e-mail, URL, IBAN, phone, BSN, KvK, birth date, address
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

#: the surnames among the stop words ("Bos", "Kok", "de Haan"): never scrubbed in lower case ("in het bos",
#: "de kok"), but a contact's surname written as a name in the middle of a sentence ("overleg met Kok", "Bos,
#: R."), before a verb of a person at its start, or with its particle ("de Haan", "DE HAAN") is the contact
#: (:func:`surname_counts`), as a surname that is another common word ("Hoog") is
SURNAME_STOPWORDS = frozenset(
    """
    baas berg beek bos boer broek brink brug bruin dam dijk graaf groen groot haan haas ham
    hamer heuvel hof hoek hout kamp keizer klein knol kok koning laan lang lange leeuwen linden
    mol oud poort post prins put roos schaap sluis stam steen veen veld vis vos wal
    winter wit wolf zee zomer zwart jong nieuw
    """.split()
)

#: Dutch words that are also surnames and may open a sentence or a table cell written with a capital
#: ("Hoog tijd", "Snel handelen", "Kort gezegd", a row "Hoog" / "Laag"; adjectives, adverbs, times and
#: directions: a noun such as "Bakker" or "Visser" opens a sentence with its article): a contact surname that is one of
#: these (or a :data:`STOPWORDS` word) counts at the start of a sentence only before a verb a person does
#: ("Hoog belde ons"; :func:`surname_counts`). Mid-sentence a capital marks a name whatever the word.
COMMON_WORD_SURNAMES = frozenset(
    """
    hoog hoge laag lage snel kort korte goed goede lang lange klein kleine groot grote oud oude nieuw jong
    jonge wit witte zwart rood groen bruin blauw grijs geel sterk zwak vrij stil wijs rijk arm vroeg laat
    hard zacht warm koud koel droog nat recht vast los fijn mooi blij trots vlug dik dun breed smal zoet
    zuur scherp vet kaal schoon puur vaak eerst later verder samen boven beneden achter zeker eens toch
    wel niet maar dus daarom dan nu hier daar zo al weer ook alleen even eigen vooral midden noord zuid
    oost west winter zomer lente herfst mei maart april juni juli augustus meer minder min plus
    langs groots nieuws ouds rechts link links
    """.split()
)
#: verbs of a person: a common-word surname at the start of a sentence followed by one of these is a name
PERSON_VERBS = frozenset(
    """
    belde belt mailde mailt appte appt schreef schrijft zei zegt meldde meldt vroeg vraagt stuurde stuurt
    liet gaf geeft antwoordde antwoordt reageerde reageert sprak spreekt bevestigde bevestigt beloofde
    belooft adviseerde adviseert legde legt
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
    verpleeghuis verpleeghuizen verzorgingshuis verzorgingshuizen wijkverpleging dagbesteding zorghuis
    zorgpartners zorgverlening zorgaanbieder ouderen senioren huize residentie locatie locaties plus
    woonzorgcentrum woongroep hospice revalidatie kliniek instelling
    """.split()
)

#: Capital and small letters of the Latin scripts (Python's ``re`` has no ``\p{Lu}``): names
#: such as "Ç. Öztürk", "Łukasz", "Yılmaz" are names too.
_UPPER = "[" + "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper()) + "]"
_LOWER = "[" + "".join(c for c in map(chr, range(0x61, 0x250)) if c.islower()) + "]"

#: Titles before a name: "mevrouw Bos", "dhr. J. de Vries"; academic ("bc. Jansen"), religious and care titles
#: ("ds. Klaassen", "zuster Anneke", "broeder Pieter", "pastor Klaassen", "dokter Jansen": care homes of a
#: religious foundation name their staff so).
_TITLES = (r"(?:dhr|mevr|mw|mr|drs|dr|ir|ing|prof|bc|ds|zr)\.?|de\s+heer|mevrouw|mijnheer|meneer"
           r"|zuster|broeder|dominee|pastor|pastoor|pater|kapelaan|dokter")
#: Titles after which a lower-case word is a name too ("mevrouw haverkamp", "mevr. de haan"):
#: only forms of address ("mw" without a full stop is also short for "medewerker(s)").
_ADDRESS_TITLES = r"mevrouw|mijnheer|meneer|de\s+heer|mevr\.?|mnr\.?|dhr\.?|mw\."
#: Lower-case words that follow a form of address without being a name ("mevrouw is", "de heer
#: en mevrouw", "meneer heeft gebeld"): function words and common verbs.
NOT_A_NAME_AFTER_TITLE = frozenset(
    """
    aan als bij dat die dit door een en geen het hoe ik in is maar met na naar niet nog of om
    onze ook op over per te tot uit voor wat we wel wie wij zij zo zijn er hier daar dan toen
    al alle andere deze dus hun kan kunnen meer omdat onder tegen toch want werd worden wordt
    was waren heeft hebben had hadden wil wilde wilden zal zou zouden moet moest mag mocht
    gaat ging kwam komt zegt zei zeggen vond vindt vroeg vraagt belde belt mailde mailt schreef
    schrijft gaf geeft liet laat stelt stelde nam neemt kreeg krijgt weet wist is zelf
    directeur bestuurder manager teamleider controller adviseur medewerker(s) collega
    mevrouw meneer heer bestuur gemeente zorgkantoor organisatie afdeling team raad directie
    wethouder burgemeester minister cliënt(en) bewoner(s) dochter zoon
    """.replace("(s)", "").replace("(en)", "").split()
)


# --------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """``Zoë`` -> ``Zoe``: the same name typed without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _accent_table() -> dict[int, str]:
    """Each accented Latin letter (Latin-1, Extended-A and -B, Extended Additional) -> its base
    letter, where that is one ASCII letter; and the letters without a decomposition ("ø", "ł")."""
    table = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        c = chr(code)
        d = unicodedata.normalize("NFD", c)
        if c.isalpha() and len(d) > 1 and d[0].isascii() and d[0].isalpha():
            table[code] = d[0]
    table.update({ord(a): b for a, b in zip("øØłŁđĐıħĦŧŦ", "oOlLdDihHtT")})
    return table


_ACCENTS = _accent_table()


def fold_accents(text: str) -> str:
    """``text`` with every accented letter written as its base letter, one character for one
    ("Öztürk" -> "Ozturk", "Łukasz" -> "Lukasz"): a name is found in the folded text at the same
    place as in the text, whichever of the two spellings the contact field and the answer use.
    (A letter written with a separate combining mark is composed first: the scrubber through
    :func:`normalised_view` in :func:`_sub_folded`, the gate in its own normalised view. Unlike
    :func:`_fold`, which drops the marks of a term's variant, this keeps the text's length.)"""
    return text if text.isascii() else text.translate(_ACCENTS)


_GERMAN_ASCII = str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "Ü": "Ue", "Ö": "Oe", "Ä": "Ae", "ß": "ss", "ẞ": "SS"})


def transliterations(text: str) -> list[str]:
    """The German spellings of a name or place that a reader takes for the same word (review h95): an umlaut
    or "ß" written out ("Jürgen" -> "Juergen", "Straße" -> "Strasse") and the other way round ("Juergen" ->
    "Jurgen", as :func:`fold_accents` reads "Jürgen"; "Strasse" -> "Straße"). Not "oe"/"ae" read as "ö"/"ä":
    Dutch writes them as letters of their own ("Hoek", "Maes")."""
    out = []
    if not text.isascii():
        out.append(text.translate(_GERMAN_ASCII))
    if re.search(r"(?i:ue)", text):
        out.append(re.sub(r"(?<=[^\W\d_])(u)e", r"\1", text, flags=re.IGNORECASE))
    if "ss" in text:
        out.append(text.replace("ss", "ß"))
    return [t for t in dict.fromkeys(out) if t != text]


def _term_key(text: str) -> str:
    """A term's key: casefolded, but an "ß" kept ("Straße" and "Strasse" are two terms: the regex of one does
    not match the other)."""
    return text.casefold() if "ß" not in text and "ẞ" not in text else text.lower()


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _is_stopword(token: str) -> bool:
    return token.casefold() in STOPWORDS or _fold(token).casefold() in STOPWORDS


#: a title of two words in a contact field ("de heer P. Bakker": "de" was read as the surname's particle and the
#: name as "de heer Bakker", which no answer writes; review h92)
_TWO_WORD_TITLE = re.compile(r"(?<![\w.])de\s+heer(?!\w)", re.IGNORECASE)


def _name_tokens(full_name: str) -> list[str]:
    """Tokens of a person's name without titles and initials ("dhr. J. de Vries" -> de, Vries;
    "Dhr.Kuipers", "P.Wolters": a title or initial glued to the name is one of its own)."""
    full_name = _TWO_WORD_TITLE.sub(" ", full_name)
    tokens = [t.strip(",;()") for t in re.sub(r"(?<=\.)(?=[^\W\d_])", " ", full_name).split()]
    out = []
    for t in tokens:
        if not t:
            continue
        if re.fullmatch(_TITLES, t, re.IGNORECASE) or re.fullmatch(r"(?:[A-Za-z]\.)+", t):
            continue
        out.append(t)
    return out


#: what separates two people in one contact field: "Lotte de Wit; Bram Verbeek", "Anouk van Dam en Ruud
#: Hoekstra", "Marloes van Rijn, Hidde Postma", "A / B", "A & B", "A (B)", one per line
_PERSON_SEPARATORS = re.compile(r"\s*(?:[;,&/+|()\[\]]|\s(?:en|and|of|or)\s)\s*", re.IGNORECASE)


def one_line(value: Any) -> str:
    """A contact value on one line: its lines joined by "; " (two people one under the other are
    two people), white space collapsed."""
    lines = [" ".join(line.split()) for line in str(value).splitlines()]
    return "; ".join(line for line in lines if line)


#: what a contact field holds when it holds nothing ("geen", "n.v.t.", "zie e-mail"): no name
_NO_CONTACT_WORDS = frozenset(
    """
    geen nvt n.v.t. nee ja onbekend idem zie boven onder mail e-mail email telefoon tel privé prive
    niet nvt. anoniem volgt later vervanger collega secretariaat teamleider receptie algemeen
    """.split())


def _looks_like_a_name(text: str) -> bool:
    """Capitalised words that are no placeholder, role or organisation word: two of them ("Jan de
    Boer", "Bram Verbeek"), or one that is no common word either ("Postma"); not "geen", "N.v.t.",
    "Zie boven", "vervanger", "Directeur", "Zorggroep Oost"."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’‘ʼ′`.-]*", text)
             if w[0].isupper() and not {w.casefold(), w.casefold().rstrip(".")} & _NOT_A_PERSON_WORD]
    return len(words) >= 2 or any(w.casefold() not in STOPWORDS for w in words)


def contact_persons(value: str) -> list[str]:
    """The people a contact-name field names, when it names more than one (else []): each is then
    a name of its own, with its own parts (a second person after a first with a particle was taken
    for part of the first one's surname). Pieces with an "@" or a phone number are no names."""
    pieces = [" ".join(p.split()) for p in _PERSON_SEPARATORS.split(value)]
    pieces = [p for p in pieces if _letters(p) >= 2 and "@" not in p and sum(c.isdigit() for c in p) < 6
              and _looks_like_a_name(p)]
    return pieces if len(pieces) > 1 or (pieces and pieces[0] != " ".join(value.split())) else []


def name_parts(full_name: str) -> tuple[list[str], list[str]]:
    """``(given names, surnames)`` of a full name.

    The first token is the first name (none when it is a particle: "C. van Dijk" written with its
    initials, "de Berk", "C.J. Jansen-van Dijk"); from the first particle on (van, de, ter, ...) the
    rest is the surname ("de Vries", "van der Heijden"); without a particle the last token is the
    surname. A double surname "Jansen-de Vries" also gives its parts.
    """
    tokens = _name_tokens(full_name)
    if len(tokens) < 2:
        return (tokens, [])
    # a name that begins with a particle has no first name here: "C. van Dijk", "dhr. van der Meer", "de Berk"
    # ("van" taken for a first name was a common word beside the name: "de mail van [naam]" lost its "van")
    first = tokens[0].casefold()
    given: list[str] = [] if first in PARTICLES or first.rsplit("-", 1)[-1] in PARTICLES else [tokens[0]]
    rest = tokens[len(given):]
    # a particle, or a double surname joined before one ("Timmermans-van Beek", "Jansen-de Vries")
    idx = next((i for i, t in enumerate(rest)
                if t.casefold() in PARTICLES or t.rsplit("-", 1)[-1].casefold() in PARTICLES), None)
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


_WORD = re.compile(r"[^\W\d_]+")
#: the words of a contact value that name no one: function words, particles, placeholders ("geen",
#: "n.v.t."); a surname that is a common word ("Kok", "Bos", "de Haan") is a name word here
_NOT_NAME_WORDS = frozenset(
    """
    aan als bij dat die dit door een en geen het hoe ik in is maar met na naar niet nog of om onze ook op
    over per te ten ter tot uit van voor wat we wel wie wij zij zo zijn der den des alle andere deze dus
    hun kan meer onder tegen toch want naam organisatie locatie website telefoonnummer mailadres
    e-mailadres dhr mevr mevrouw heer meneer drs ing prof info contact
    """.split()) | _NO_CONTACT_WORDS


def name_words(values: Iterable[str]) -> frozenset[str]:
    """The words of the contact values ``values`` (names, e-mail addresses, organisations) that can
    identify someone, casefolded and without accents: every word of three letters or more that is
    no function word, particle or placeholder ("Tessa de Haan" -> tessa, haan; an e-mail address's
    part before the @, "t.dehaan@zorg.nl" -> dehaan). For
    :func:`holds_name_word`: a header, an id or a label that holds one is not shown."""
    out: set[str] = set()
    for value in values:
        text = one_line(value)
        if not text:
            continue
        local = text.split("@", 1)[0] if "@" in text else text
        words = _WORD.findall(fold_accents(local).casefold())
        if "@" in text:  # the organisation the domain names ("Opmerking Wilgenlanden" of …@wilgenlanden.nl)
            domain = text.split("@", 1)[1].casefold().split(".")[:-1]
            words += [w for label in domain for w in _WORD.findall(fold_accents(label))
                      if len(w) >= 5 and w not in MAIL_PROVIDERS]
        if "@" not in text and any(w in _ROLE_WORDS or w in _ROLE_QUALIFIERS for w in words):
            continue  # a role ("Manager bedrijfsvoering", the contact's function field): no name
        if "@" not in text:  # the surname with its particles as one word ("dehaan" of "Tessa de Haan": "tdehaan")
            words += [re.sub(r"\W", "", fold_accents(sur).casefold()) for sur in name_parts(text)[1] if " " in sur]
        for word in words:
            if (len(word) >= 3 and word not in _NOT_NAME_WORDS and word not in _GENERIC_WORDS
                    and not any(word.endswith(role) for role in _ROLE_WORDS)):  # "regiomanager"
                out.add(word)
    return frozenset(out)




def _generic_words() -> frozenset[str]:
    """Words of a contact value that name a mailbox, a department or an organisation's kind ("zorg" of
    zorg.inkoop@…, "inkoop", "stichting") and the stop words that are no surname: no name words (a
    header "Zorgtype" or a label "Intramurale zorg" holds them)."""
    return (_MAILBOX_WORDS | ORGANISATION_WORDS | (STOPWORDS - SURNAME_STOPWORDS) | _ROLE_WORDS | _ROLE_QUALIFIERS
            | frozenset({"lid", "leden", "raad", "test", "anoniem"})
            | frozenset(fold_accents(w).casefold() for w in _MAILBOX_WORDS))


def holds_name_word(text: str, words: frozenset[str]) -> bool:
    """``text`` holds one of ``words`` (:func:`name_words`): as a word of its own, or, for a word of
    five letters or more, inside a longer one ("tdehaan" holds "dehaan", the surname written with its
    particle), also a surname written apart with its particles ("Opmerking Tessa de Haan" holds "dehaan" of
    t.dehaan@…)."""
    if not words:
        return False
    tokens = _WORD.findall(fold_accents(str(text)).casefold())
    joined = ["".join(tokens[i:j + 1]) for i, t in enumerate(tokens) if t in PARTICLES
              for j in range(i + 1, min(i + 4, len(tokens))) if all(x in PARTICLES for x in tokens[i:j])]
    for token in tokens + joined:
        if token in words or any(len(w) >= 5 and w in token for w in words):
            return True
    return False


def _strip_particles(surname: str) -> str:
    tokens = surname.split()
    while tokens and tokens[0].casefold() in PARTICLES:
        tokens = tokens[1:]
    return " ".join(tokens)


#: legal forms, their abbreviations and connectors in an organisation's name: generic, as
#: :data:`ORGANISATION_WORDS` ("Stg. Zonnewende", "Coöperatie Dalmeer U.A.", "Amberhof Wonen & Zorg")
_LEGAL_FORMS = frozenset(
    "stg stg. st st. sticht. b.v. bv n.v. nv u.a. ua w.a. v.o.f. vof coöp coöp. coop coop. & + 't ’t t".split())
#: what an organisation's name may carry after its name proper: a place ("te Apeldoorn") or a part after a
#: dash ("- regio Noord")
_ORGANISATION_TAIL = re.compile(r"\s+(?:te\s+\S.*|[-–—]\s.*)$")
#: abbreviations in brackets that are the sector's, not an organisation's ("Zorggroep Oost (VVT)")
_SECTOR_ABBREVIATIONS = frozenset("vvt wlz zzp vpt mpt pgb nza ggz wmo zvw cak vws ciz ecd ghz gz vg".split())


def _generic_organisation_word(token: str) -> bool:
    word = token.casefold()
    return word in ORGANISATION_WORDS or word in _LEGAL_FORMS or word.strip(",;:") in ORGANISATION_WORDS \
        or word.strip(",;:") in _LEGAL_FORMS or not any(c.isalnum() for c in word)


def _core_bounds(tokens: list[str]) -> tuple[int, int]:
    """Where an organisation name's distinctive core lies among its words: without the generic words
    (:data:`ORGANISATION_WORDS`, legal forms, "&") at both ends."""
    lo, hi = 0, len(tokens)
    while lo < hi and _generic_organisation_word(tokens[lo]):
        lo += 1
    while hi > lo and _generic_organisation_word(tokens[hi - 1]):
        hi -= 1
    return lo, hi


def organisation_parts(name: str) -> list[str]:
    """The names an organisation's name is written with: itself and, cleaned, each name it joins with "/"
    ("Sonnehaert/Heidezoom"), without what it says in brackets, its place ("te Apeldoorn") or a part after a
    dash ("- regio Noord"); an abbreviation in brackets ("(ZGK)") a name of its own. Words keep no comma
    ("Amaris, Stichting")."""
    name = " ".join(name.split())
    out = [name]
    bracketed = re.findall(r"\(([^()]*)\)", name)
    plain = re.sub(r"\s*\([^()]*\)\s*", " ", name)
    for part in re.split(r"\s*[/;|]\s*", plain):
        part = _ORGANISATION_TAIL.sub("", part)
        part = " ".join(t.strip(",;:") for t in part.split() if t.strip(",;:"))
        if part:
            out.append(part)
    for inner in bracketed:  # an abbreviation ("ZGK"); not the sector's ("VVT"), no word ("ONS"), no remark
        inner = inner.strip()  # ("(inkoop)", "(intramuraal)": a word about the organisation, no name of it)
        if re.fullmatch(r"[A-Z][A-Z0-9&]{2,7}", inner) and inner.casefold() not in _SECTOR_ABBREVIATIONS \
                and not _is_stopword(inner) and not common_dutch_word(inner):
            out.append(inner)
    return list(dict.fromkeys(out))


def _ordinary_word(word: str, known_words: frozenset[str]) -> bool:
    """A word no organisation owns: a stop word, a common Dutch word ("Kern", "Respect", "Nieuwe") or a word the
    report prints itself (``known_words``, :func:`report_words`: a zorgkantoor region, "Flevoland", "Midden-Holland";
    a word of the questionnaire or a codeframe theme, "verpleeghuis", "Leefcirkels")."""
    folded = fold_accents(word).casefold()
    if _is_stopword(word) or common_dutch_word(word) or folded in known_words:
        return True
    parts = [p for p in folded.split("-") if p]  # "Midden-Holland": each part ordinary or generic
    return len(parts) > 1 and all(p in known_words or common_dutch_word(p) or p in ORGANISATION_WORDS for p in parts)


def _core_words(tokens: list[str], known_words: frozenset[str] = frozenset()) -> list[str]:
    """The distinctive words of a core of several words ("Careyn Lindestede"): of at least six letters, no
    ordinary word (:func:`_ordinary_word`), no generic word of an organisation's name; none of a core that is a
    person's name ("Pieter van Foreest": its particle says so)."""
    if any(t.casefold() in PARTICLES for t in tokens):
        return []
    return [t for t in tokens if _letters(t) >= 6 and t.replace("-", "").isalpha()
            and not _generic_organisation_word(t) and not _ordinary_word(t, known_words)]


def organisation_variants(name: str, known_words: frozenset[str] = frozenset()) -> list[str]:
    """The configured name and its shorter forms around the distinctive core.

    "Stichting Wilgenlanden Zorg" -> itself, "Stichting Wilgenlanden", "Wilgenlanden Zorg",
    "Wilgenlanden". The core is what remains after stripping generic words
    (:data:`ORGANISATION_WORDS`, legal forms) from both ends; it must have at least 4 letters and not be a
    common word. Each name of :func:`organisation_parts` gives its own ("Stg. Zonnewende" -> "Zonnewende",
    "Sonnehaert/Heidezoom" -> both, "… (ZGK)" -> "ZGK"); a core of several words also each distinctive word
    (:func:`_core_words`: "Careyn Lindestede" -> "Careyn", "Lindestede"). A core that is an ordinary word
    (:func:`_ordinary_word`: "Woonzorg Flevoland", "Zorgcentrum De Kern") gives no shorter form: only the name as
    written counts (its own forms would fail every report that names the region, and scrub "de kern van").
    """
    parts = organisation_parts(name)
    out = [parts[0]]
    for part in parts[1:] or parts:  # the name cleaned ("te Apeldoorn" is no core word of "Marisstede")
        tokens = part.split()
        lo, hi = _core_bounds(tokens)
        core = " ".join(tokens[lo:hi])
        if not core or _letters(core) < (3 if core.isupper() else 4) or _is_stopword(core):
            continue
        if all(_ordinary_word(t, known_words) or (_letters(t) < 4 and not t.isupper())  # "Eigen Regie"; not "ZGK"
               for t in tokens[lo:hi]):
            if lo > 0 or hi < len(tokens):
                out.append(part)  # the name cleaned, whole ("Woonzorg Flevoland" of "Stg. Woonzorg Flevoland")
            continue
        for i in range(0, lo + 1):
            for j in range(hi, len(tokens) + 1):
                out.append(" ".join(tokens[i:j]))
        if hi - lo > 1:
            out += _core_words(tokens[lo:hi], known_words)
    return list(dict.fromkeys(out))


def report_words(codebook: Any) -> frozenset[str]:
    """The words the report prints from the codebook: its answer labels (options, items, derived groups, their
    short labels), the codeframe's theme labels and the question texts (the questionnaire appendix prints them),
    casefolded, accents folded, of three letters or more. A contact's first name or surname that is one
    ("Anna van Zeeland", "Piet Kruis") counts only in the full name or with its particle, or every page naming
    the zorgkantoor Zeeland or Zilveren Kruis failed the run and the advice could not help (review of the
    privacy); unless the report prints it only in lower case (:func:`report_lowercase_words`). An organisation's
    core that is one counts only as written (:func:`organisation_variants`)."""
    capitalised, other = printed_words(_report_texts(codebook))
    return frozenset(capitalised | other)


def report_lowercase_words(codebook: Any) -> frozenset[str]:
    """The words of :func:`report_words` the report prints only in lower case ("lange" of a theme "… en lange
    doorlooptijd van vastgoed"), never one a label or question writes with a capital ("Groot", "Zeeland"). A
    contact's surname or first name that is one stays a term, counted only written as a name, as a surname that
    is a common word is (:func:`surname_counts`): "Lange belde" is Sanne de Lange, "lange doorlooptijd" is not;
    were it no term, an answer's "Lange belde" reached the report (review of the privacy)."""
    capitalised, other = printed_words(_report_texts(codebook))
    return frozenset(other - capitalised)


def printed_words(texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """The words of ``texts`` (casefolded, accents folded, three letters or more) written with a capital
    anywhere ("Wlz", "Zilveren Kruis", a label's or sentence's first word: another page may print it after a
    number or a dash, where a capital marks a name) and the others, written in lower case only."""
    capitalised: set[str] = set()
    other: set[str] = set()
    for text in texts:
        for word in _WORD.findall(fold_accents(str(text))):
            if len(word) >= 3:
                (capitalised if word[0].isupper() else other).add(word.casefold())
    return capitalised, other


def _report_texts(codebook: Any) -> list[str]:
    """The texts the report prints from the codebook (see :func:`report_words`); none without a codebook."""
    if codebook is None:
        return []
    texts: list[str] = []
    for q in getattr(codebook, "questions", ()):
        texts.append(getattr(q, "text", "") or "")  # the questionnaire appendix prints it
        for o in (*q.options, *q.items):
            texts += [o.label, getattr(o, "short_label", None) or ""]
    for d in getattr(codebook, "derived", ()):
        texts += [x for o in d.options for x in (o.label, getattr(o, "short_label", None) or "")]
    return texts + list(_codeframe_labels(getattr(codebook, "year", None)))


def _codeframe_labels(year: int | None) -> tuple[str, ...]:
    """The theme labels of the year's codeframe (the report prints them: "Leefcirkels"); none when the year has
    no codeframe (the file is read as YAML only: its checks are the coding's). Read again whenever the file is
    another (its size, times or inode): safety review h157, kept per year for the life of the process, a label
    edited in a JupyterLab session, or between two runs in one process, left the scrubber and the gate with the
    old words, and a year result computed with them was stored under the new codeframe's key."""
    if year is None:
        return ()
    try:
        import os

        from wlzmonitor.spec.config import load_config

        path = Path(load_config().sources(year).codeframe).resolve()
        st = os.stat(path)
    except Exception:  # noqa: BLE001 - a year without a codeframe (or a configuration that names none): no labels
        return ()
    return _codeframe_file_labels(path, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))


@lru_cache(maxsize=8)
def _codeframe_file_labels(path: Path, _identity: tuple[int, ...]) -> tuple[str, ...]:
    """The labels of the codeframe file `path` as :func:`_codeframe_labels` says (`_identity`: the file's size,
    times and inode, the cache's key beside the path)."""
    try:
        import yaml

        from wlzmonitor.spec.input_files import read_input_text

        data = yaml.safe_load(read_input_text(path))  # (a named pipe there: an error, never a wait)
    except Exception:  # noqa: BLE001 - one the coding rejects: no labels
        return ()
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.extend(str(v) for k, v in node.items() if k in ("label", "short_label") and isinstance(v, str))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    return tuple(found)


def organisation_cores(name: str, known_words: frozenset[str] = frozenset()) -> list[str]:
    """The distinctive words of an organisation's name ("Eikenbrug" of "Zorggroep Eikenbrug", "Zonnewende" of
    "Stg. Zonnewende", both of "Sonnehaert/Heidezoom"): of each name (:func:`organisation_parts`) whose core
    (:func:`organisation_variants`) is one word of at least six letters and no common word."""
    out = []
    parts = organisation_parts(name)
    for part in parts[1:] or parts:
        tokens = part.split()
        lo, hi = _core_bounds(tokens)
        if hi - lo == 1 and _letters(tokens[lo]) >= 6 and tokens[lo].isalpha() \
                and not _ordinary_word(tokens[lo], known_words):
            out.append(tokens[lo])
    return list(dict.fromkeys(out))


#: what a derived or compound form adds to an organisation's core: the ending of an adjective or of its
#: people ("Eikenbrugse", "Eikenbrugsche", "Eikenbrugger"; not a plural or another word, "Eikenbruggen" is
#: another organisation's name) or a word of an organisation's name ("EikenbrugZorg", "Eikenbrugwonen")
_ORGANISATION_SUFFIX = r"(?:se|sche|e|er|ers|ger|gers|(?:" + "|".join(
    sorted((re.escape(w) for w in ORGANISATION_WORDS if len(w) >= 4 and w.isalpha()), key=lambda w: (-len(w), w))
) + r")[^\W\d_]*)"


@lru_cache(maxsize=16)
def organisation_forms(organisations: tuple[str, ...], known_words: frozenset[str] = frozenset()
                       ) -> tuple[re.Pattern | None, dict[str, str]]:
    """A pattern of the forms of the organisations' cores (the core itself too: the terms find it as well),
    and core (casefolded, accents folded) -> organisation: the core with an ending or an organisation's word
    joined to it
    ("Eikenbrugse aanpak", "EikenbrugZorg"), and a core of eight letters or more split by one space or
    hyphen ("Boekweit stede" of "Boekweitstede"). Matched on text with its accents folded, in any case;
    the scrubber replaces and the gate reports them alike (review of the privacy: all three were
    published)."""
    cores: dict[str, str] = {}
    for org in organisations:
        for core in organisation_cores(str(org), known_words):
            cores.setdefault(fold_accents(core).casefold(), org)
    if not cores:
        return None, {}
    keys = set(cores)
    for core in cores:
        if len(core) >= 8:  # its last letter changed ("Wilgenlanders"), split in two ("Boekweit stede")
            keys |= {core[:-1] + ending for ending in ("rs", "rse", "se")}
            keys |= {core[:i] + " " + core[i:] for i in range(3, len(core) - 2)}
    # one trie of the forms (a scan of every output page: an alternation of each form took 60 ms per 200,000
    # characters for 20 organisations), then the ending of an adjective, its people or an organisation's word
    body = trie_pattern(sorted(keys), gap=r"[ \t-]")
    # (a digit or "_" is a boundary: "Eikenbrug_Zorg", "Eikenbrug2026-project"; not an address's "@" or ".")
    return re.compile(r"(?<![^\W\d_])(?<![@.])(?P<form>" + body + _ORGANISATION_SUFFIX + r"?)(?![^\W\d_]|@|\.\w)",
                      re.IGNORECASE), cores


def organisation_of_form(form: str, cores: dict[str, str]) -> str:
    """The organisation a form found by :func:`organisation_forms` belongs to."""
    key = re.sub(r"[ \t-]", "", fold_accents(form).casefold())
    return next((org for core, org in cores.items() if key.startswith(core)),
                next((org for core, org in cores.items() if key.startswith(core[:-1])), next(iter(cores.values()))))


#: between the words of a name: spaces, or "_", ".", "-" or nothing ("Tessa_de_Haan", "Tessa-de-Haan",
#: "TessadeHaan" — also what is left of "Tessa\u200bde\u200bHaan" once its invisible characters are gone)
NAME_GAP = r"[\s_.\-\u2010-\u2015\u2212]*"
_GAP_CHARS = re.compile(r"[\s_.\-\u2010-\u2015\u2212]+")


def compact_key(text: str) -> str:
    """A term as the gate looks it up whatever joined its words: casefolded, separators taken out, every
    apostrophe written as ``'`` ("O’Brien" is "O'Brien")."""
    return _GAP_CHARS.sub("", text).translate(_PLAIN_APOSTROPHE).casefold()


_PLAIN_APOSTROPHE = {ord(c): "'" for c in APOSTROPHES}


#: particles written short: "v. Leeuwen", "v.d. Berg", "v/d Berg", "vd Berg"
_SHORT_PARTICLES = {("van",): ("v.",), ("van", "der"): ("v.d.", "v/d", "vd"), ("van", "den"): ("v.d.", "v/d", "vd"),
                    ("van", "de"): ("v.d.", "v/d", "vd"), ("van", "'t"): ("v.'t",)}


def short_particle_forms(name: str) -> list[str]:
    """`name` with its particles written short, where it has them ("Koen van Leeuwen" -> "Koen v.
    Leeuwen"; "van der Berg" -> "v.d. Berg", "v/d Berg", "vd Berg")."""
    tokens = name.split()
    out = []
    for i in range(len(tokens)):
        for length in (2, 1):
            run = tuple(t.casefold() for t in tokens[i:i + length])
            if len(run) == length and run in _SHORT_PARTICLES and i + length < len(tokens):
                out += [" ".join([*tokens[:i], short, *tokens[i + length:]]) for short in _SHORT_PARTICLES[run]]
        if out:
            break
    return out


@dataclass(frozen=True)
class _Term:
    text: str
    kind: str  # name / organisation / location
    strict_core: bool = False  # surname whose core is a common word: core must be capitalised
    #: a surname without the first name: the particles before its core (``()`` for the core alone, None:
    #: no such term); it counts only written as a name (:func:`surname_counts`)
    surname_particles: tuple[str, ...] | None = None


def _written_as_name(word: str) -> bool:
    """A capital and then small letters ("Hoog", "O'Brien", "IJzerman"), not "hoog" or "HOOG"."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and any(c.islower() for c in letters[1:])


#: what may stand between the start of a sentence (or a table cell, a tag, a line) and its first word
_SENTENCE_LEAD = " \t\"'“”‘’«»([*•·–—-"
_SENTENCE_END = frozenset(".!?:;,|>\x00\n\r\v\f\u2028\u2029" + APART)
_NEXT_WORD = re.compile(r"[^\S\r\n]+([^\W\d_]+)")


#: a full stop that ends an initial or an abbreviated form of address ("J. Hoog", "dhr. Hoog"), not a sentence
_ABBREVIATION_END = re.compile(r"(?:(?<![^\W\d_])[^\W\d_]|\b(?:dhr|mevr|mw|mnr|dr|drs|ir|ing|mr|prof))\.$",
                               re.IGNORECASE)


def at_sentence_start(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens a sentence, a line, a table cell (after a comma, a tab, a NUL or a
    tag's ">") or the text, what opens it (quotes, brackets, a bullet) skipped; the full stop of an
    initial or a form of address ("J. Hoog", "dhr. Hoog") ends no sentence."""
    before = text[max(0, start - 40):start].rstrip(_SENTENCE_LEAD)
    if before.endswith(".") and _ABBREVIATION_END.search(before):
        return False
    return not before or before[-1] in _SENTENCE_END


def _common_word(word: str) -> bool:
    """A surname that is also an ordinary Dutch word (:data:`COMMON_WORD_SURNAMES`, :data:`STOPWORDS`, or one of
    the common Dutch words of :mod:`wlzmonitor.inputs.common_words`: "van Wijk", "Slot", "de Raad"), or one of
    two letters ("Li", "Ng": "<li>", "ng" in a word list)."""
    word = word.casefold()
    return len(word) <= 2 or word in COMMON_WORD_SURNAMES or word in STOPWORDS or _fold(word) in COMMON_WORD_SURNAMES \
        or common_dutch_word(word)


#: an initial and particles right before a surname ("met t. de haan", "T. de haan"): a name however its words are
#: written (one letter: "t.o.v. de raad", "z.i. de lange termijn" are abbreviations; without a particle, "a. bos"
#: is an option's letter as often as a name)
_LOWER_INITIALS_BEFORE = re.compile(r"(?<![\w.])([^\W\d_]\.[^\S\r\n]?)[^\S\r\n]*"
                                    r"(?P<particles>(?:(?:van|de|der|den|ter|ten|'t|’t)[^\S\r\n]+)*)$")
#: a first name after a surname and a comma ("Groot, Jan", "SNEL, PETER"): the name written the other way round
_GIVEN_AFTER = re.compile(r",[^\S\r\n]*([^\W\d_]+(?:-[^\W\d_]+)?)(?![\w'’‘ʼ′`-])")


#: lower-case initials (and particles) before a replaced surname ("met t. de [naam]", "r. [naam]"): the name's
_LOWER_INITIALS_NAME = re.compile(r"(?<![\w.])(?P<initials>[^\W\d_]\.[^\S\r\n]?)[^\S\r\n]*"
                                  r"(?P<particles>(?:(?:van|de|der|den|ter|ten|'t|’t)[^\S\r\n]+)*)"
                                  + re.escape(PLACEHOLDERS["name"]))


def _lower_initials_name(m: re.Match) -> str:
    """The replacement of :data:`_LOWER_INITIALS_NAME`: one initial goes with the name ("t. [naam]", "T. de
    [naam]"); in capitals only with particles between (without, the initials pass decides)."""
    if m.group("initials")[:1].isupper() and not m.group("particles"):
        return m.group(0)
    return PLACEHOLDERS["name"]


def _written_the_other_way(text: str, start: int, end: int, core: str, given: frozenset[str],
                           particles: tuple[str, ...] = ()) -> bool:
    """A surname written as in a list of names: in capitals or as a name before initials ("KOK, N.", "Bos R.",
    "HAAN, T. DE"), before a contact's first name after a comma ("Groot, Jan", "SNEL, PETER"), or after lower-case
    initials ("met t. de haan"; not an abbreviation: "o.a. de kok")."""
    as_name = core.isupper() or _written_as_name(core)  # "te laat, ben benieuwd": no name
    if as_name and _INITIALS_AFTER.match(text, end):
        return True
    given_after = _GIVEN_AFTER.match(text, end)
    if as_name and given_after is not None and fold_accents(given_after.group(1)).casefold() in given:
        return True
    window = max(0, start - 24)
    before = _LOWER_INITIALS_BEFORE.search(text[window:start])
    # (a letter opening a line is a list's: "b. de lange lijst")
    return before is not None and (bool(particles) or bool(before.group("particles"))) \
        and not _line_start(text, window + before.start(1))


#: a form of address right before a surname, its initials between ("dhr. kok", "mevrouw de haan", "mw. j. kok"): a
#: person whatever the case (the scrubber replaces a lower-case word after one, :data:`_LOWER_TITLE_RE`)
_TITLE_BEFORE = re.compile(rf"(?<![\w.])(?:{_ADDRESS_TITLES})(?:[^\S\r\n]+|(?<=\.))(?:[^\W\d_]\.[^\S\r\n]?){{0,3}}"
                           r"[^\S\r\n]*$", re.IGNORECASE)


#: an article right before a common-word surname found without its particles: a thing's or a place's name ("via De
#: Post", "in De Wijk", "het Slot"); the contact's own particle before it is matched with it ("de Raad" of "Anna de
#: Raad"), so the article is another word
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’])(?:de|het|den|der|des|een|['’]t)[^\S\r\n]+$", re.IGNORECASE)


def _line_start(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens the text or a line (blanks, a bullet or a bracket before it)."""
    before = text[max(0, start - 12):start].rstrip(" \t•·*-–(")
    return not before and start <= 12 or before.endswith(("\n", "\r"))


#: what makes a common-word surname with its particle a body or a place, not a person: "de Raad van Bestuur /
#: Toezicht / State", and a care home's name after its kind ("Woonzorgcentrum De Linden", "Huize De Wit")
_INSTITUTION_AFTER = re.compile(r"[^\S\r\n]+van[^\S\r\n]+(?:bestuur|toezicht|state|commissarissen|advies|"
                                r"cli[eë]nten|beroep|bestuurders|europa)\b", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:woonzorgcentrum|zorgcentrum|verpleeghuis|verzorgingshuis|huize|locatie|"
                           r"woonvoorziening|zorglocatie|woonlocatie|kliniek|hospice|wijk|straat|laan)[^\S\r\n]+"
                           r"(?:(?:de|het|den|'t|’t)[^\S\r\n]+)?$", re.IGNORECASE)


def surname_counts(text: str, start: int, end: int, matched: str, particles: tuple[str, ...],
                   given: frozenset[str] = frozenset(), ordinary: frozenset[str] = frozenset()) -> bool:
    """Whether a contact's surname found without the first name, ``matched`` at ``text[start:end]``, is a
    name. A surname that is no common word ("Wouda") always. One that is (:func:`_common_word`: "Hoog",
    "Snel", "de Jong") only with its core written as a name ("Hoog", not "hoog" in "te hoog" or "HOOG"):
    then with its particles ("de Hoog", "De Hoog"), in the middle of a sentence, or in a possessive form
    (``text[start:end]`` longer than ``matched``: "Hoogs", "Hoog's"); at the start of a sentence
    (:func:`at_sentence_start`) only before a verb of a person ("Hoog belde ons" counts, "Hoog tijd" does
    not). Written as in a list of names it counts in any case (:func:`_written_the_other_way`; ``given``: the
    contacts' first names, casefolded without accents; ``ordinary``: words that count as common words here, the
    report's lower-case words, :func:`report_lowercase_words`). The scrubber and the gate decide with this same
    function."""
    def common(word: str) -> bool:
        return _common_word(word) or fold_accents(word).casefold() in ordinary

    if "," in matched:  # the full name the other way round ("Groot, Jan"): its surname written as a name
        head = matched.split(",", 1)[0].strip()
        return not common(head) or head.isupper() or _written_as_name(head)
    core = matched
    for particle in particles:
        m = re.match(re.escape(particle) + NAME_GAP, core, re.IGNORECASE)
        core = core[m.end():] if m else core
    if not common(core):  # "Wouda", "wouda", "WOUDA": a name however it is written
        return True
    if _INSTITUTION_AFTER.match(text, end) or _PLACE_BEFORE.search(text[max(0, start - 40):start]):
        return False  # "de Raad van Bestuur", "DE RAAD VAN BESTUUR", "Huize De Wit": no person
    if _written_the_other_way(text, start, end, core, given, particles) \
            or _TITLE_BEFORE.search(text[max(0, start - 24):start]):
        return True  # ... or after a form of address: "dhr. kok", "mevrouw de haan", "de heer Snel"
    if not particles and _ARTICLE_BEFORE.search(text[max(0, start - 8):start]):
        return False  # "via De Post", "in De Wijk" (of "Els Post", "Jan van Wijk"): an article not their particle
    if particles and core.isupper() and matched[:len(matched) - len(core)].strip().isupper():
        return True  # "DE HAAN", "VAN LEEUWEN": particle and core in capitals
    if particles and _GAP_CHARS.search(matched) is None:
        return True  # particles and core written as one word ("Vandenberg", "dehaan"): no ordinary word
    if not _written_as_name(core):
        return False
    possessive = len(text[start:end]) > len(matched) and not _common_word(text[start:end])  # not "Langs"
    if particles or not at_sentence_start(text, start) or possessive:
        return True  # with its particle, in a sentence, or possessive ("Hoogs mail", "Hoog's")
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).casefold() in PERSON_VERBS


#: capitals without full stops right before a replaced name ("JH [naam]"): a contact's initials when they are
#: theirs ("CZ [naam]" stays)
_BARE_INITIALS_BEFORE = re.compile(r"(?<![\w.])([A-Z]{1,3})[^\S\r\n]+(?=\[naam\])")


#: words after a name written the other way round with its particles at the end ("Haan, T. de is ..."):
#: a verb or a function word; a noun ("Bos, R. van de afdeling") makes the particles a preposition
_AFTER_NAME_WORDS = "|".join(sorted(PERSON_VERBS | {
    "is", "was", "heeft", "had", "zal", "kan", "wil", "gaat", "ging", "moet", "wordt", "werd", "en", "of", "maar",
    "voor", "met", "over", "naar", "bij", "aan", "uit", "die", "dat", "als", "ook", "nog", "al", "zou", "komt"},
    key=lambda w: (-len(w), w)))


#: initials after a surname (a name written the other way round: "Bos, R.", "Haan, T. de", "Bos R.J.")
_INITIALS_AFTER = re.compile(r",?[^\S\r\n]*(?-i:[A-Z])\.(?:[^\S\r\n]?(?-i:[A-Z])\.){0,2}(?![^\W\d_])"
                             # without full stops after a comma: "Haan, T", "Kok, NJ" (review L5)
                             r"|,[^\S\r\n]*(?!(?:CZ|ZK|BV|NV|UA|VG|GZ|OK|PG|NB|IC)\b)(?-i:[A-Z]){1,2}(?![^\W\d_])")


def _word_pattern(word: str) -> str:
    """One word of a term as a pattern: "O’Brien" is "O'Brien"; a hyphen inside a name any dash, a line break
    after it, or none ("Annemarie", "Anne‑Marie", "Anne-⏎Marie" of "Anne-Marie": the gate finds them so)."""
    # (a full stop in a word may be left out, as the gate's joined keys leave it: "koenvleeuwen" of "Koen v. Leeuwen")
    return "".join(APOSTROPHE if c in APOSTROPHES else NAME_GAP if c == "-" else r"\.?" if c == "." else re.escape(c)
                   for c in word)


def _term_pattern(term: _Term) -> str:
    words = term.text.split()
    parts = []
    for i, w in enumerate(words):
        word = _word_pattern(w)
        # a core that is a common word counts written as a name, or in capitals after its particle ("DE HAAN")
        strict = "(?-i:" + word + "|" + _word_pattern(w.upper()) + ")" if w.upper() != w else "(?-i:" + word + ")"
        parts.append(strict if term.strict_core and i == len(words) - 1 else word)
    body = NAME_GAP.join(parts)
    if term.strict_core and len(words) > 1:  # written as one word, in any case: "Vandenberg", "dehaan"
        body = "(?:" + body + "|" + "".join(re.escape(w) for w in words) + ")"
    # possessives: Anouks, Jansen's, Zoë's; after s/x/z only the apostrophe (Iris', Bas')
    if term.text[-1:].casefold() in ("s", "x", "z"):
        suffix = r"(?:['’‘ʼ′`]s|['’‘ʼ′`])?"
    else:
        suffix = r"(?:['’‘ʼ′`]s|s)?"
    if term.kind == "name":
        # initials before a surname belong to the name: "J. Jansen", "A.B. de Vries"
        body = r"(?:(?-i:[A-Z])\.[\s_]?){0,3}" + body  # "H.J._Krol" too
    return body + suffix


def _build_terms(names: Iterable[str], organisations: Iterable[str],
                 locations: Iterable[str], known_words: frozenset[str] = frozenset(),
                 lowercase_words: frozenset[str] = frozenset()) -> tuple[dict[str, _Term], set[str]]:
    """The terms to match (casefolded text -> term) and the common-word names left out. A first name or
    surname among ``known_words`` (:func:`report_words`: "Zeeland", "Kruis", which the report prints as a
    zorgkantoor's name) is no term on its own: only the full name, or the surname with its particle; one the
    report prints only in lower case (``lowercase_words``, :func:`report_lowercase_words`: "lange") is a term
    counted only written as a name."""
    terms: dict[str, _Term] = {}
    stop_names: set[str] = set()

    def add(text: str, kind: str, strict_core: bool = False, surname_particles: tuple[str, ...] | None = None,
            stopword_surname: bool = False) -> None:
        text = " ".join(text.split())
        if not text or (text.casefold() in STOPWORDS and not stopword_surname):
            return
        # as written, without diacritics, and with its letters as the scrubber reads the text's
        # (a name written in Greek or Cyrillic look-alike letters, "Αννα", reads "Avva" there)
        for variant in dict.fromkeys([text, _fold(text), fold_letters(text), fold_accents(text),
                                      *transliterations(text)]):
            key = _term_key(variant)
            old = terms.get(key)
            if old is not None and (old.kind == "name" or kind != "name"):
                # first come stays; only a person name replaces an organisation/location, and a name
                # counted in any case (a first name, a full name) a surname counted only written as one
                if not (kind == "name" and old.kind == "name" and surname_particles is None
                        and old.surname_particles is not None):
                    continue
            terms[key] = _Term(variant, kind, strict_core, surname_particles)

    def add_name_token(token: str, surname: bool = False) -> None:
        folded = fold_accents(token).casefold()
        if folded in known_words and folded not in lowercase_words:  # a word the report prints: no term of its own
            return
        if _letters(token) < 3:  # "Li", "Ng", "Wu" of "Mei Li": a surname, counted only written as a name
            if surname and _letters(token) == 2 and token.isalpha() and not _is_stopword(token):
                add(token, "name", surname_particles=())
            return
        if _is_stopword(token):
            stop_names.add(token)
            stop_names.add(_fold(token))
            if surname and _fold(token).casefold() in SURNAME_STOPWORDS:  # "Kok": counted written as a name
                add(token, "name", surname_particles=(), stopword_surname=True)
            return
        # a first name that is a common word ("Elke", "Toon", "Lieve"): counted written as a name, as a surname
        # that is one ("elke tabel", "de toon van het gesprek" are no name)
        add(token, "name", surname_particles=() if surname or common_dutch_word(token) or folded in lowercase_words
            else None)

    people = []
    for raw in names:
        raw = one_line(raw)
        people += [raw, *contact_persons(raw)] if raw else []
    for raw in dict.fromkeys(people):
        _add_person_terms(raw, add, add_name_token)
    for org in organisations:
        for variant in organisation_variants(" ".join(str(org).split()), known_words):
            add(variant, "organisation")
    for loc in locations:
        add(str(loc), "location")

    return terms, stop_names


def _add_person_terms(raw: str, add, add_name_token) -> None:
    """The terms of one person's name (see :func:`_build_terms`): the full name in any case, also with its
    particles written short or left out ("Marit Hoog" of "Marit de Hoog"); the first names; each surname
    with its particles and its core alone, both counted only written as a name (:func:`surname_counts`)."""
    tokens = _name_tokens(raw)
    initials = contact_initials(raw)
    if initials and tokens:  # written as a login: "PBakker", "pbakker", "TdeHaan", "HJKrol" (the gate finds them)
        add(initials + "".join(tokens), "name")
    joined = re.sub(r"[\W_]", "", raw)
    if len(raw.split()) > 1 and _letters(joined) >= 6 and joined.casefold() != compact_key("".join(tokens)):
        add(joined, "name")  # the whole field joined, its title too ("dhrpbakker"), as the gate's keys join it
    if len(tokens) < 2:
        if tokens:  # one word: a surname when initials or a title stand before it ("H. Krol", "dhr. Krol")
            add_name_token(tokens[0], surname=len(raw.split()) > 1)
        return
    add(" ".join(tokens), "name")
    for short in short_particle_forms(" ".join(tokens)):
        add(short, "name")
    given, surnames = name_parts(raw)
    for g in given:
        add_name_token(g)
    if given and surnames:  # written the other way round, as in a list: "Hoog, Marit de", "KOK, NIELS"
        core = _strip_particles(surnames[0])
        particles = surnames[0][:len(surnames[0]) - len(core)].strip()
        rule = () if " " not in core and _common_word(core) else None  # "groot, jan" in "te groot, jan": no name
        for first in dict.fromkeys([" ".join(given), given[0]]):
            for tail in dict.fromkeys([particles, ""]):
                add(" ".join(f"{core}, {first} {tail}".split()), "name", surname_particles=rule)
    for s in surnames:
        core = _strip_particles(s)
        if core != s and core:
            # "de Vries" as a unit, its core written as a name; "de Groot" only with a capital G
            particles = tuple(s.split()[:len(s.split()) - len(core.split())])
            add(s, "name", strict_core=_is_stopword(core), surname_particles=particles)
            for short in short_particle_forms(s):
                add(short, "name", strict_core=_is_stopword(core),
                    surname_particles=tuple(short.split()[:len(short.split()) - len(core.split())]))
            if given and s == surnames[0]:  # "Marit Hoog": the full name without its particles
                add(" ".join([*given, core]), "name")
        if core and " " not in core:
            add_name_token(core, surname=True)
        elif core:
            add(core, "name", surname_particles=())


_LEADING_INITIALS = re.compile(r"(?:[A-Z]\.\s?)+")


#: words that open a sentence or clause before a surname written alone ("Volgens Krol", "Helaas heeft"), never a
#: first name: a capitalised word before a replaced surname is taken for the first name only when it is none
#: of these (nor a stop word or a word of a role, team or organisation)
_NOT_A_FIRST_NAME = frozenset(
    """
    volgens dankzij helaas hoewel hierdoor daardoor gisteren vandaag morgen eerder later nadat omdat doordat
    zodat terwijl sinds tijdens namens via zowel daarnaast verder bovendien echter inmiddels afgelopen
    volgende vorige vorig samen mede alleen vooral graag ondanks zonder behalve binnen buiten tussen
    hierover daarover waarover hiervoor daarvoor wanneer indien zoals toen zodra totdat voordat als dat
    zelfs ook nog wel vanaf richting rond rondom langs naast achter boven beneden onder tegenover jegens
    beste geachte lieve hoi hallo hai dag goedemorgen goedemiddag goedenavond dank bedankt groet groeten
    heer mevrouw meneer mijnheer juffrouw familie fam
    """.split())


#: the first names among the stop words ("Jan", "Els"): a first name for :func:`first_names_before`
_FIRST_NAME_STOPWORDS = frozenset("ben els fleur jan job lot mark rob wil".split())


def contact_initials(raw: str) -> str:
    """The initials a contact is written with before the surname, as capitals ("H. Krol" -> "H",
    "dhr. H.J. Krol" -> "HJ", "A.B. de Vries" -> "AB"); "" when the name has a first name or no initials."""
    initials = ""
    for token in re.sub(r"(?<=\.)(?=[^\W\d_])", " ", _TWO_WORD_TITLE.sub(" ", one_line(raw))).split():
        token = token.strip(",;()")
        if re.fullmatch(_TITLES, token, re.IGNORECASE):
            continue
        if re.fullmatch(r"(?:[^\W\d_]\.)+", token) and token[0].isupper():  # "v.d." is a particle
            initials += _spelt_initials([c for c in token if c.isalpha()])
            continue
        return initials if initials and (token[0].islower() or _letters(token) >= 2) else ""
    return ""


def _spelt_initials(words: list[str]) -> str:
    """The initials of first names as written ("Hendrik-Jan" -> "HJ"), accents folded ("Émile" -> "E")."""
    return "".join(_fold(w[0]).upper() for w in words)


def first_names_before(text: str, start: int, words: str, initials: frozenset[str]) -> int:
    """Where in ``words`` (capitalised words at ``text[start:]``, right before a replaced surname) the first
    names of a contact written with initials begin ("Volgens Hans" for "H. Krol": at "Hans"), or -1: the
    words from there spell a prefix of the contact's initials ("Hans", "Hendrik-Jan", "Hendrik Jan" for
    "H.J."), and none is a stop word, a word of a role, a greeting or a word that opens a sentence or
    clause before a name (:data:`_NOT_A_FIRST_NAME`: "Volgens Krol", "Hoewel Krol", "Beste Krol")."""
    parts = [(m.start(), m.group()) for m in re.finditer(r"[^\s-]+", words)]
    for i, (offset, _) in enumerate(parts):
        chosen = [w for _, w in parts[i:]]
        spelt = _spelt_initials(chosen)
        if not any(full.startswith(spelt) for full in initials):
            continue
        if any((_is_stopword(w) and w.casefold() not in _FIRST_NAME_STOPWORDS) or w.casefold() in _NOT_A_PERSON_WORD
               or w.casefold() in _NOT_A_FIRST_NAME for w in chosen):
            continue
        return offset
    return -1
_POSSESSIVE = re.compile(r"(?:['’‘ʼ′`]s|['’‘ʼ′`s])$")


def possessive_stems(text: str) -> list[str]:
    """``text`` and what it is without a possessive ending ("Hoogs", "Hoog's", "Jans'" -> also "Hoog",
    "Jans"), longest first."""
    m = _POSSESSIVE.search(text)
    return [text] if m is None else [text, text[:m.start()], *([text[:-1]] if m.end() - m.start() == 2 else [])]


def given_names(names: Iterable[str]) -> frozenset[str]:
    """The first names of the contacts ``names`` (each person of a field), casefolded without accents, for
    :func:`surname_counts` ("Groot, Jan")."""
    people = [p for raw in names for p in [one_line(raw), *contact_persons(one_line(raw))]]
    return frozenset(fold_accents(g).casefold() for p in people for g in name_parts(p)[0] if _letters(g) >= 2)


def surname_rules(terms: Iterable[_Term]) -> dict[str, tuple[str, ...]]:
    """Compact key (:func:`compact_key`) -> particles of every surname term counted only written as a
    name, unless another term of the same key is counted in any case (a first name, a full name)."""
    terms = list(terms)
    free = {compact_key(t.text) for t in terms if t.surname_particles is None}
    return {compact_key(t.text): t.surname_particles for t in terms
            if t.surname_particles is not None and compact_key(t.text) not in free}


def disguised_counts(words: str, rules: dict[str, tuple[str, ...]]) -> bool:
    """Whether words spelt in disguise ("H o o g") that name a surname counted only written as a name are
    written as one (their last word); other words count as they are."""
    rule = rules.get(compact_key(words))
    return rule is None or _written_as_name(words.split()[-1])


#: "mevrouw haverkamp", "mevr. de haan", "dhr. j. van dijk": a form of address, then a lower-case word
#: (also an initial without its full stop, "dhr p bakker", "mevr j jansen", and the academic titles in lower case,
#: "drs k smit", "dr. jansen"; "mw" without a full stop only before such an initial, "mw a de vries": alone it
#: usually means "medewerkers"; review h95)
_LOWER_TITLES = _ADDRESS_TITLES + r"|mw(?=\s+[a-z]\s+[a-zà-ÿ'\[])|drs\.?|dr\.|ir\.|prof\.?"
#: academic titles after a form of address or another title, kept with it ("Mw. drs. A. de Jong", "dhr. mr. drs. J.
#: Bakker", "Dhr. ir. J. van 't Hof"): before, the name after the second title was read as a name of its own or not at
#: all ("mw. drs. a. de jong-smit" kept "a. de jong-smit"; privacy review h97)
_TITLE_CHAIN = r"(?:\s?(?<![\w])(?:drs|dr|ir|ing|mr|prof|bc|ds)\.(?!\w)){0,3}"
#: the second part of a double surname in lower case after a title: "bakker-de vries", "jansen-van der berg", "bakker -
#: de vries" (a dash with spaces only before a particle); before, "mevrouw a bakker-de vries" kept "vries" (review h97)
_LOWER_DOUBLE_SURNAME = (r"(?:[^\S\r\n]?-[^\S\r\n]?(?:(?:van|de|der|den|ter|ten|'t)[^\S\r\n]+){1,3}"
                         r"(?-i:[a-zà-ÿ][\w'’‘ʼ′`]*(?:-[\w'’‘ʼ′`]+)?)|(?<=-(?:de|te|'t))[^\S\r\n]+"
                         r"(?-i:[a-zà-ÿ][\w'’‘ʼ′`]*)|(?<=-(?:van|der|den|ter|ten))[^\S\r\n]+"
                         r"(?:(?:de|der|den|'t)[^\S\r\n]+)?(?-i:[a-zà-ÿ][\w'’‘ʼ′`]*))?")
_LOWER_TITLE_RE = re.compile(
    rf"(?<!\w)((?:{_LOWER_TITLES}){_TITLE_CHAIN})(\s+|(?<=\.))((?:[a-z]\.\s?|[a-z]\s+(?=[a-zà-ÿ'\[])){{0,3}}"
    r"(?:(?:van|de|der|den|ter|ten|'t)\s+)*)"
    # (a surname replaced already: its initials go with it, "mw. j. [naam]"; an initial is no name, "mw. j.")
    r"(?-i:(\[naam\]|(?![a-z]\.)[a-zà-ÿ][\w'’‘ʼ′`]*(?:-[\w'’‘ʼ′`]+)*))" + _LOWER_DOUBLE_SURNAME + r"(?!\w)",
    re.IGNORECASE,
)


def _lower_title_name(m: re.Match) -> str:
    """The replacement of :data:`_LOWER_TITLE_RE`: the title kept, the name replaced (unless the
    word after the title is no name: "mevrouw is", "de heer en mevrouw")."""
    title, space, _lead, word = m.groups()
    if word.casefold() in NOT_A_NAME_AFTER_TITLE:
        return m.group(0)
    return title + space + PLACEHOLDERS["name"]


#: a care or religious title, then a lower-case word ("zuster haverkamp belde", "dokter jansen zei", "zuster anneke",
#: "dokter de vries"; review h102: only a capitalised name after these was replaced). These titles also stand before
#: ordinary words ("de dokter ingeschakeld", "zuster zorgde", "dokter van dienst"), so the word counts only as a first
#: name of `common_words.NAMES` (not an ordinary word as well, "dan"), or as no common Dutch word after a particle
#: ("dokter van dijk") or before a verb of a person ("zuster haverkamp belde")
_CARE_TITLE_LOWER_RE = re.compile(
    # ("br.", "ing.", "mr.": review h104, "br. jansen belde", "ing. jansen belde", "mr. jansen belde" were kept)
    r"(?<![\w.])((?i:zuster|zr\.|broeder|br\.|dokter|dominee|ds\.|pastor|pastoor|pater|kapelaan|ing\.|mr\.))([^\S\r\n]+)"
    r"((?:(?:van|de|der|den|ter|ten|'t)[^\S\r\n]+){0,3})"
    r"([a-zà-ÿ][\w'’‘ʼ′`]*(?:-[a-zà-ÿ][\w'’‘ʼ′`]*)?)(?!\w)(?=([^\S\r\n]+[a-z]+)?)")
#: "br." (broeder, also bruto: "br. Salaris") before a capitalised name, with the same evidence as a lower-case one
#: ("br. Jansen belde", "br. Piet"; review h104: kept, "br." was no title)
_BROTHER_TITLE_RE = re.compile(
    r"(?<![\w.])(br\.)([^\S\r\n]+)((?:(?:van|de|der|den|ter|ten|'t)[^\S\r\n]+){0,3})"
    r"([A-Z][a-zà-ÿ][\w'’‘ʼ′`]*(?:-[A-Za-zà-ÿ][\w'’‘ʼ′`]*)?)(?!\w)(?=([^\S\r\n]+[a-z]+)?)")


#: the particles before a lower-case surname after a care title; "van de", "ter", "ten" read as prose there ("dokter van
#: de huisartsenpost", "zuster van de afdeling", "dokter ter plaatse": review h104), so a lower-case "van de ven" stays
_CARE_TITLE_PARTICLES = frozenset({(), ("de",), ("van",), ("van", "der"), ("van", "den"), ("der",), ("den",), ("'t",),
                                   ("van", "'t")})
#: endings of a care setting or a shift, no surname after a care title ("dokter wijkverpleging belde", "zuster
#: nachtdienst belde", "pastor van zorginstelling"; review h104: the common-word list has no such compounds)
_CARE_SETTING_ENDS = ("dienst", "diensten", "post", "praktijk", "zorg", "verpleging", "instelling", "organisatie",
                      "afdeling", "locatie", "team", "centrum", "kliniek", "ziekenhuis", "verpleeghuis", "tehuis",
                      "hulp", "groep", "regio", "parochie", "gemeente", "kerk", "abdij")
#: adverbs the common-word list lacks, before a person verb ("de dokter telefonisch belde")
_CARE_TITLE_ADVERB_ENDS = ("isch", "lijk", "baar")
_CARE_TITLE_ADVERBS = frozenset("spontaan vanmiddag vanmorgen vannacht zelfstandig onmiddellijk ".split())


def _care_setting_word(word: str) -> bool:
    """A word after a care title that names a setting, a shift or a manner, no person (review h104)."""
    w = word.lower()
    return (w.endswith(_CARE_SETTING_ENDS) or w in _CARE_TITLE_ADVERBS
            or (len(w) >= 7 and w.endswith(_CARE_TITLE_ADVERB_ENDS)))


def _care_title_name(m: re.Match) -> str:
    """The replacement of :data:`_CARE_TITLE_LOWER_RE`: the title kept, the name replaced where it is one."""
    title, space, particles, word, after = m.groups()
    if tuple(particles.split()) not in _CARE_TITLE_PARTICLES or _care_setting_word(word):
        return m.group(0)
    known_first = word.lower() in COMMON_NAMES and not common_dutch_word(word) and not particles
    plain = not common_dutch_word(word) and word.lower() not in NOT_A_NAME_AFTER_TITLE
    by_verb = after is not None and after.strip() in PERSON_VERBS
    if known_first or (plain and (particles or by_verb)):
        return title + space + PLACEHOLDERS["name"]
    return m.group(0)


#: Dotted abbreviations that are no initials ("B.V. Nederland", "N.B. Het", "H.L.O. Opslag").
DOTTED_ABBREVIATIONS = frozenset(
    "b.v. n.v. n.b. p.s. h.l.o. v.v.t. w.l.z. z.s.m. m.b.t. i.v.m. t.a.v. o.a. e.d. e.a. a.u.b. "
    "c.q. d.w.z. m.a.w. t.z.t. v.w.b. i.p.v. o.b.v. n.a.v. z.g.a. g.g.z. n.z.a. m.p.t. p.g.b. "
    "v.p.t. z.z.p. e.c.d. w.m.o. z.v.w. i.o.v. t.b.v. i.s.m. i.o.m. a.d.h.v. m.i.v. m.u.v. i.c.m. v.a. z.o.z. "
    "t.w. o.i.d. e.e.a. a.s. j.l. p.p. m.n. o.l.v.".split()
)
_PREVIOUS_WORD = re.compile(r"([\w'’‘ʼ′`-]+)[^\w.]*$")
#: Words after which a capital letter with a full stop is a label, not an initial ("Tabel B.",
#: "optie C.", "bijlage A."): the letter ends a sentence, the next word starts one.
LETTER_LABEL_WORDS = frozenset(
    """
    tabel bijlage vraag optie opties categorie variant scenario fase groep punt versie type
    model klasse niveau artikel lid paragraaf hoofdstuk figuur stap deel regio zone code plan
    route antwoord kolom rij sectie onderdeel prestatie profiel vpt mpt zzp pgb
    """.split()
)


#: anyone's surname written before the initials, as a list writes it ("Klaassen, A.B.C.", "Vries, J.P. de", "Bakker,
#: P."): the initials after "J.P. Klaassen" were replaced, the other way round nothing (review h92)
_SURNAME_INITIALS_RE = re.compile(
    rf"(?<![\w.'’‘ʼ′`-])(?P<surname>(?-i:{_UPPER}{_LOWER}[\w'’‘ʼ′`]*(?:-[\w'’‘ʼ′`]+)*)),[^\S\r\n]?"
    rf"(?P<initials>(?-i:{_UPPER}\.(?:[^\S\r\n]?{_UPPER}\.){{0,3}}))"
    # the particles after them only where a sentence goes on after the name ("Vries, J.P. de belde"; not "Klaassen,
    # A.B.C. van het zorgkantoor")
    r"(?:[^\S\r\n]+(?:van der|van den|van de|van 't|van|de|der|den|ter|ten|'t)(?![\w'’‘ʼ′`])"
    rf"(?=[^\S\r\n]*(?:[^\w\s]|$|(?:{_AFTER_NAME_WORDS})(?![^\W\d_]))))?(?![\w.])")


def _surname_initials(m: re.Match) -> str:
    """The replacement of :data:`_SURNAME_INITIALS_RE`: a name, unless the word before the comma is no surname (a
    common word, a label's or an organisation's: "Tabel, B.", "Zorg, A.") or the initials an abbreviation ("N.B.")."""
    surname, initials = m.group("surname"), re.sub(r"\s", "", m.group("initials")).casefold()
    folded = surname.casefold()
    if (initials in DOTTED_ABBREVIATIONS or folded in LETTER_LABEL_WORDS or folded in _NOT_A_PERSON_WORD
            or (folded not in COMMON_NAMES and common_dutch_word(surname) and folded not in SURNAME_STOPWORDS)):
        return m.group(0)
    return PLACEHOLDERS["name"]


def _initials_name(m: re.Match) -> str:
    """The replacement of ``Scrubber._initials_re``: initials and surname become one name
    placeholder ("J.P. Jansen", "met T. Bos"), unless the initials are an abbreviation ("B.V.
    Nederland"), the word after them is no name ("A. Zorgkantoor"), or they follow a word that
    names a lettered item ("Tabel B. Daarna", "optie C. Het")."""
    initials = re.sub(r"\s|\(.*", "", m.group(0)[:m.start(1) - m.start()]).casefold()
    if initials in DOTTED_ABBREVIATIONS or m.group(2).casefold() in NOT_A_NAME_AFTER_TITLE:
        return m.group(0)
    before = _PREVIOUS_WORD.search(m.string[max(0, m.start() - 40):m.start()])
    if before is not None and before.group(1).casefold() in LETTER_LABEL_WORDS:
        return m.group(0)
    return PLACEHOLDERS["name"]


#: a social-media handle ("Twitter: @janvdvries", "@jan_devries"): it names its holder as
#: a name does (a mention of a known contact, "@Tessa", is replaced as that name before); only after white space,
#: a bracket or a quote (not an e-mail address's "@", nor "[naam]@wilgenlanden"), not "@ 12 euro", and not an
#: abbreviation in capitals ("@VGZ", "@CZ": a zorgkantoor) or a domain ("@zorgkantoor.nl adressen")
_HANDLE_RE = re.compile(r"(?<![^\s(\[{\"'“‘])@(?![A-Z]{2,6}(?![\w@]))(?=\w*[^\W\d_])\w+(?![\w@]|\.\w)")


#: a calling name in brackets between the initials and the surname, as formal Dutch writes a name
#: ("dhr. P.J.M. (Piet) Klaassen", "drs. A. (Anna) de Vries"): part of the name
_CALLING_NAME = rf"(?:\([^\S\r\n]*(?-i:{_UPPER}{_LOWER}+(?:-{_UPPER}{_LOWER}+)?)[^\S\r\n]*\)\s*)?"


#: particles inside a name after a title ("de heer Jan van 't Hek", "Ahmed el Amrani", "v.d. Berg"), and the
#: ones that are also prepositions: a name only before its first word ("mevrouw te Velde")
_NAME_PARTICLES = ("van", "de", "der", "den", "ter", "ten", "'t", "’t", "el", "al", "la", "le", "du", "da", "di",
                   "del", "von", "vom", "d'", "v.", "v.d.")
_PREPOSITION_PARTICLES = ("te", "het", "in", "op")


def _particle_run(words: tuple[str, ...]) -> str:
    """A regex for any run of these particles, each followed by white space."""
    return r"(?:(?:" + "|".join(re.escape(w) for w in words) + r")\s+)*"


#: the closing words of a message: a name after them signs it ("Met vriendelijke groet, Hidde", "Mvg Sanne",
#: "Gr. Hidde Bakker", "Groetjes,\nSanne")
#: (each optional part a group of its own: "\s*:?\s*" would backtrack quadratically on long white space)
_CLOSING_CUES = (r"(?:(?:met\s+)?(?:vriendelijke|hartelijke)\s+groet(?:en)?(?!\w)|groet(?:en|jes)?(?:\s+van)?(?!\w)"
                 r"|gegroet(?!\w)|hgr\b\.?|(?:(?:veel|hartelijk)\s+)?dank(?!\w)(?=\s*[,:;/–—-])"
                 r"|m?vgr?\b\.?|m\.v\.g\.?|(?<!\d)(?<!\d\s)gr\b\.?|(?:(?:kind|best|warm)\s+)?regards(?!\w)|sincerely(?!\w)"
                 r"|(?:alvast\s+)?(?:hartelijk\s+)?bedankt(?!\w)(?=\s*[,:;/–—-])|(?:alvast|bij\s+voorbaat)\s+dank(?!\w)"
                 r"|hoogachtend(?!\w))"
                 # "Met vriendelijke groet / Pieter Klaassen", "groet: …", "groet - …", "groet; …", "groet.\n…"
                 # (a dash only after a space: "5-gr-Suiker" is a code, no signature)
                 r"(?:[^\S\r\n]*[,:;/]|[^\S\r\n]+[–—-]|\.(?=[^\S\r\n]*[\r\n]))?")
#: words after which a person's name follows: "Contactpersoon: Pieter Klaassen", "contactpersoon is Pieter
#: Klaassen", "Contactpersoon Pieter Klaassen", "Ingevuld door Hidde Bakker", "namens Karin Smit", "neem contact
#: op met Anne de Vries", "Met vriendelijke groet, Hendrik Zwanenburg" (or the name on the next line), "mvg J.
#: Bos", "Mvg, J. Bos"; the name is a first name and a surname, or initials and a surname. Words of an
#: organisation, a team or a role after them are kept (:data:`_CUE_NOT_A_PERSON`: "de contactpersoon Zilveren
#: Kruis", "namens Raad van Bestuur")
#: the cues that also stand before other things than a person: "gesprek met", "bel", "contact met" ("bel
#: Sanne Bakker", "gesprek met Pieter Klaassen") and a role ("onze accountmanager Pieter Klaassen", "de zorginkoper,
#: Pieter Klaassen,", "Accountmanager: Pieter Klaassen", "de zorginkoper (Pieter Klaassen)", but "de directeur Zorg
#: Noord"); what follows them is a person's name only when it does not start with an article
_WEAK_CUES = (r"(?:(?:bel|bellen|gebeld|gesproken|gesprek|overleg|afgestemd|contact)\s+met(?!\w)|bel(?!\w)"
              # "mail van Joost Timmer", "met dank aan Joost Timmer" (but "mail van De Zorgcirkel")
              r"|(?:e-?mail|mail|mailtje|bericht|brief|reactie|telefoontje|antwoord)\s+van(?!\w)|dank\s+aan(?!\w)"
              # a role, also compounded ("casemanager", "zorgbemiddelaar", "projectleider", "privacyfunctionaris"),
              # and the public and care roles a named third party holds ("wethouder", "huisarts"; a later review)
              r"|(?:[a-zà-ÿ]*(?:manager|adviseur|inkoper|medewerker|leider|co[öo]rdinator|bemiddelaar|consulent"
              r"|functionaris|directeur|bestuurder|secretaris|controller)"
              r"|accounthouder|relatiebeheerder|collega|voorzitter|wethouder|burgemeester|minister|gedeputeerde"
              r"|[a-zà-ÿ]*arts|verpleegkundige|specialist\s+ouderengeneeskunde)(?!\w)(?:[^\S\r\n]*[,:(])?)")
_WEAK_CUE = re.compile(_WEAK_CUES, re.IGNORECASE)
#: the cues that stand before a person only
_STRONG_CUES = (r"(?:(?:contactperso(?:on|nen)|aanspreekpunt(?:en)?)(?!\w)(?:\s*(?::|is\b|was\b|zijn\b))?"
                # "Contactpersoon bij het zorgkantoor: …", "Ons aanspreekpunt bij Menzis, …", "Contactpersoon voor
                # dit onderzoek is …", "namens het MT: …": up to four words of where or what for, then a colon,
                # comma, "is" or "was"
                r"|(?:contactperso(?:on|nen)|aanspreekpunt(?:en)?)\s+(?:bij|van|voor|namens)(?:[^\S\r\n]+[\w'’‘ʼ′`.-]+){1,4}?"
                r"(?:[^\S\r\n]*[:,]|[^\S\r\n]+(?:is|was|zijn)(?!\w))"
                r"|namens(?:[^\S\r\n]+[\w'’‘ʼ′`.-]+){1,3}?[^\S\r\n]*:"
                # "Contactpersoon zorgkantoor Joost Timmer": one word in lower case of where, then the name
                r"|(?:contactperso(?:on|nen)|aanspreekpunt(?:en)?)[^\S\r\n]+(?-i:[a-zà-ÿ][\w-]*)(?=[^\S\r\n]+(?-i:[A-Z]))"
                # "Voor vragen: …", "Voor meer informatie: …"
                r"|voor\s+(?:vragen|meer\s+informatie)\s*:"
                # a mention: "@Joost Timmer" (not inside an address: "jan@Zorg Oost" is no mention)
                r"|(?<![\w.%+'-])@"
                r"|(?:ingevuld|opgesteld|geschreven|beantwoord|ondertekend)\s+door(?!\w)(?:\s*:)?|namens(?!\w)(?:\s*:)?"
                # "Auteur: …", "Ondertekend, …" (the name on the next line too), "Mijn naam is …", "ik heet …"
                r"|auteurs?\s*:|ondertekend\s*[,:]|mijn\s+naam\s+is(?!\w)(?:\s*:)?|ik\s+heet(?!\w)"
                r"|(?:neem|neemt|nemen)\s+(?:gerust\s+)?contact\s+op\s+met|contact\s+opnemen\s+met"
                # the lines of a signature or a letter: "Naam: Pieter Klaassen", "t.a.v. Pieter Klaassen", "i.o.v. P. Klaassen"
                r"|naam\s*:|t\.a\.v\.?(?:\s*:)?|i\.o\.v\.?"
                r"|contact\s*:)")
_NAME_CUES = r"(?<!\w)(?:" + _STRONG_CUES + r"|" + _WEAK_CUES + r"|" + _CLOSING_CUES + r")"
#: between the people of a list: a comma, semicolon, slash, "&" or "en"
_LIST_SEPARATOR = r"(?:[^\S\r\n]*[,;/&][^\S\r\n]*|[^\S\r\n]+en[^\S\r\n]+)"
#: articles ("De Zorgcirkel", "Het Servicepunt", "Den Haag")
_ARTICLES = frozenset({"de", "het", "den", "der", "'t", "een"})
#: words of an organisation, a team or a role after a cue: no person ("contactpersoon is Zilveren Kruis
#: Zorgkantoor", "Met vriendelijke groet Team Inkoop", "Mvg, Zorggroep Oost", "Raad van Bestuur", "Ingevuld door
#: Hoofd Financiën", "namens Zorgverzekeraars Nederland", "neem contact op met Zorginstituut Nederland")
#: roles a person signs with ("Groet, Hidde Directeur")
_ROLE_WORDS = frozenset(
    """
    directeur bestuurder manager teamleider controller adviseur medewerker collega voorzitter secretaris
    bestuurssecretaris coördinator coordinator beleidsmedewerker beleidsadviseur inkoper zorginkoper
    contractmanager hoofd accountmanager relatiebeheerder accounthouder
    """.split())
#: degrees written after a name ("Anna Jansen MSc", "Pieter Klaassen, MBA"): a name signs with them as with a role
#: (case-sensitive: "ma" and "ba" are words)
_DEGREES = r"MSc|MBA|EMBA|BSc|PhD|LLM|LLB|MPH|MHA|MCM|MMC|EMIA|MA|BA|RA|RC"
#: words that qualify a role ("Groet, Algemeen Directeur", "Ingevuld door Financieel Manager"): no first name
_ROLE_QUALIFIERS = frozenset(
    """
    algemeen algemene financieel financiële medisch medische zakelijk zakelijke adjunct adjunct-directeur
    regionaal regionale senior junior operationeel operationele interim plaatsvervangend plaatsvervangende
    waarnemend waarnemende eerste tweede strategisch strategische commercieel commerciële
    """.split())
#: words of a sentence written in capitals after a cue ("CONTACTPERSOON WISSELT STEEDS", "NAMENS ONZE
#: LEDEN"): function words, common verbs and adverbs are no name
_SENTENCE_WORDS = NOT_A_NAME_AFTER_TITLE - PARTICLES | frozenset(
    """
    steeds vaak soms altijd nooit weer nu sinds sindsdien telkens regelmatig lastig moeilijk makkelijk goed
    slecht snel traag wisselt wisselde wisselen verandert veranderde blijft bleef leden jaren jaar maanden
    weken graag helaas ook nog al zeer erg heel onbekend vacant niemand iedereen bekend
    sinds volgens tijdens vanaf
    """.split())
_CUE_NOT_A_PERSON = frozenset(
    """
    zorgkantoor zorgkantoren zilveren kruis menzis vgz cz dsw zorgverzekeraar gemeente ministerie nza actiz
    wlz uitvoerder regio team inkoop raad bestuur directie afdeling secretariaat kantoor management namens
    cliëntenraad ondernemingsraad ledenraad organisatie zorgaanbieder locatie
    directeur bestuurder bestuurders manager teamleider controller adviseur medewerker medewerkers collega
    voorzitter secretaris bestuurssecretaris coördinator coordinator beleidsmedewerker beleidsadviseur inkoper
    zorginkoper contractmanager hoofd hoofdkantoor
    zorgverzekeraars zorgverzekeringen zorgaanbieders zorginstituut kenniscentrum nederland
    volksgezondheid welzijn sport vws financiën langdurige ouderenzorg gezondheidszorg
    pakket modulair modulaire volledig volledige intramuraal intramurale extramuraal extramurale verblijf thuis
    behandeling zorgprofiel zorgprofielen zorgzwaartepakket zorgzwaartepakketten indicatie dagbesteding
    """.split()) | ORGANISATION_WORDS - {"de", "het", "van", "en"}
#: no person's name in a contact field: placeholders, roles, organisation words
_NOT_A_PERSON_WORD = _NO_CONTACT_WORDS | NOT_A_NAME_AFTER_TITLE | _CUE_NOT_A_PERSON


class _Cues(NamedTuple):
    """The compiled patterns of the names after (or before, or beside) a cue."""

    cue: re.Pattern  # a name after a cue
    closing: re.Pattern  # a first name alone after closing words or a strong cue
    split: re.Pattern  # a first name and a surname on lines of their own
    role_after: re.Pattern  # a name before the role it signs with
    listed: re.Pattern  # people listed beside a replaced name
    listed_part: re.Pattern  # one separator and person of such a list
    header: re.Pattern  # a name on an e-mail's header line ("Van: …", "Aan: …")
    signature: re.Pattern  # a name alone on its line above a role, a phone number or an e-mail address
    surname_after: re.Pattern  # a surname right after a replaced name ("[naam] Wouda")


@lru_cache(maxsize=1)
def _cue_patterns() -> _Cues:
    """The name after a cue, the first name alone after closing words, a name whose first name and
    surname stand on lines of their own, and a name before the role it signs with (see :class:`Scrubber`);
    the same for every scrubber, compiled once."""
    # "Contactpersoon: Pieter Klaassen", "Met vriendelijke groet, Hendrik Zwanenburg", "mvg J. Bos":
    # the capitalised words after a cue that a name follows
    # "Klaassen", "O'Brien", "OBrien", "IJsbrand" (the Dutch IJ is one capital), not "VGZ"
    name_word = rf"(?-i:{_UPPER}(?:['’‘ʼ′`]?{_UPPER})?{_LOWER}[\w'’‘ʼ′`-]*)"
    # the words of one name are on one line ("Hidde Bakker", not "Hidde" and the "Manager" under it)
    lower_particles = r"(?-i:(?:(?:van|de|der|den|ter|ten|te|het)[^\S\r\n]+)*)"
    # one person: initials and a surname, or a first name and a surname; "Ingevuld door Hidde Bakker en
    # Sanne de Vries": a second person after "en" or "&" too
    # a name in capitals ("Contactpersoon: SANNE DE JONG"): words of two capitals or more, its particles
    # in capitals too (one word alone, "VGZ", is no name; organisation words are kept by _cue_name)
    caps_word = rf"(?-i:{_UPPER}[{_UPPER[1:-1]}'’‘ʼ′`-]+)"  # (not "X{2,}[X]*": its two parts backtrack)
    caps_particles = r"(?-i:(?:(?:VAN|DE|DER|DEN|TER|TEN|TE|HET)[^\S\r\n]+)*)"
    # a name in capitals ends the line or is followed by punctuation or a second person ("CONTACTPERSOON
    # MEER SINDS DE FUSIE" is a sentence in capitals)
    ends_name = (r"(?=[^\S\r\n]*(?:$|[\r\n.,;:!?()\[\]/]|(?:en|&)[^\S\r\n]"  # or the role it signs with:
                 r"|(?:" + "|".join(sorted(_ROLE_WORDS)) + r")(?!\w)))")  # "MVG PIETER KLAASSEN DIRECTEUR"
    # "Bakker-de Vries", "Jansen-van der Berg": a surname joined to a second one that has a particle
    double_surname = (r"(?:(?:" + "|".join(rf"(?<=-{p})" for p in ("van", "de", "der", "den", "ter", "ten"))
                      + rf")[^\S\r\n]+{lower_particles}{name_word})?")
    person = (rf"(?:(?:(?-i:{_UPPER})\.[^\S\r\n]?){{1,3}}{lower_particles}{name_word}{double_surname}"
              rf"|{name_word}[^\S\r\n]+{lower_particles}{name_word}{double_surname}"
              rf"|{caps_word}[^\S\r\n]+{caps_particles}{caps_word}(?![\w'’‘ʼ′`-]){ends_name})")
    # the second person may be a first name alone that ends the line or is followed by punctuation
    # ("Groet, Hidde Bakker en Sanne")
    first_name_alone = rf"(?:{name_word}|{caps_word})(?![\w'’‘ʼ′`-])(?=[^\S\r\n]*(?:$|[\r\n.,;:!?()\[\]/]))"
    cue = re.compile(
        rf"({_NAME_CUES}\s*)(?P<person>{person})(?:(?P<joint>[^\S\r\n]+(?:en|&)[^\S\r\n]+)"
        rf"(?P<second>{person}|{first_name_alone}))?",
        re.IGNORECASE,
    )
    # "Met vriendelijke groet,\nHidde", "Mvg Sanne", "Mvg, Sanne (teamleider)": one name word after closing
    # words that ends the line (any line break, after any white space of the line: a pasted answer's
    # non-breaking space) or is followed by the role or team it signs for, after a comma, semicolon,
    # bracket or dash; the same after a strong cue ("Contactpersoon: Joost.", "onze contactpersoon (Joost)")
    closing = re.compile(
        rf"((?<!\w)(?:{_CLOSING_CUES}|{_STRONG_CUES}(?:[^\S\r\n]*\()?)\s*)(?:{name_word}|{caps_word}(?![\w'’‘ʼ′`-]))"
        r"(?=[^\S\r\n\v\f\x1c-\x1e\x85\u2028\u2029]*(?:$|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029.!?,;:()]|[-–—]\s))",
        re.IGNORECASE)
    # "Met vriendelijke groet,\nPieter\nKlaassen", "Contactpersoon:\nPIETER\nVAN DER KLAASSEN": the first
    # name on a line of its own and the surname on the next (blank lines between them too), both written
    # alike (a first name and "VGZ" under it is a name and an organisation)
    line_end = r"[^\S\r\n]*(?:\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029])\s*"
    split = re.compile(
        rf"(?P<cue>(?<!\w)(?:{_STRONG_CUES}|{_CLOSING_CUES})\s*)"
        rf"(?P<first>{name_word})(?P<gap>{line_end})(?P<last>{lower_particles}{name_word}{double_surname})"
        rf"(?![\w'’‘ʼ′`-])(?=[^\S\r\n]*(?:$|[\r\n.,;]))"
        rf"|(?P<caps_cue>(?<!\w)(?:{_STRONG_CUES}|{_CLOSING_CUES})\s*)"
        rf"(?P<caps_first>{caps_word})(?P<caps_gap>{line_end})(?P<caps_last>{caps_particles}{caps_word})"
        rf"(?![\w'’‘ʼ′`-])(?=[^\S\r\n]*(?:$|[\r\n.,;]))",
        re.IGNORECASE)
    # "Marieke van den Berg | Bestuurder | 06-…", "Joost Timmer (controller)", "Joost Timmer, Financieel
    # Manager": a first name and surname before the role they sign with, without a cue
    role_after = re.compile(
        rf"(?<![\w'’‘ʼ′`.@-])(?P<person>{name_word}[^\S\r\n]+{lower_particles}{name_word}{double_surname})(?![\w'’‘ʼ′`-])"
        rf"(?P<role>[^\S\r\n]*(?:[,|/(]|[–—-](?=[^\S\r\n]))[^\S\r\n]*"
        rf"(?:(?:{'|'.join(sorted(_ROLE_QUALIFIERS))})[^\S\r\n]+)?(?:{'|'.join(sorted(_ROLE_WORDS))})(?!\w)"
        rf"|,?[^\S\r\n]+(?-i:{_DEGREES})(?![\w-]))",
        re.IGNORECASE)
    # "[naam], Marieke van den Berg, Sanne de Vries", "[naam] en Joost Timmer": the people listed beside a name
    # already replaced (each checked as after a weak cue: "[naam], Zilveren Kruis" stays)
    part = rf"(?P<sep>{_LIST_SEPARATOR})(?P<person>{person})(?![\w'’‘ʼ′`-])"
    listed = re.compile(rf"{re.escape(PLACEHOLDERS['name'])}(?:{part})+", re.IGNORECASE)
    # "Van: Joost Timmer <…>", "Aan: Marieke van den Berg; …": an e-mail's header line, the name ending the line
    # or followed by its address or the next name ("Van: Intramuraal Naar: Thuis" is no header)
    header = re.compile(rf"^([^\S\r\n]*(?:van|aan|cc|bcc|afzender|from|to)[^\S\r\n]*:[^\S\r\n]*)(?P<person>{person})"
                        rf"(?![\w'’‘ʼ′`-])(?=[^\S\r\n]*(?:$|[<(\[;,]))", re.IGNORECASE | re.MULTILINE)
    return _Cues(cue, closing, split, role_after, listed, re.compile(part, re.IGNORECASE), header,
                 *_uncued_patterns(name_word, lower_particles, double_surname))


def _uncued_patterns(name_word: str, lower_particles: str, double_surname: str) -> tuple[re.Pattern, re.Pattern]:
    """The signature and surname-after-a-name patterns of :class:`_Cues` (names without a cue)."""
    # a signature without closing words: "Petra Jansen" alone on its line, a role, a phone number or an e-mail
    # address (as replaced) on the next ("Zilveren Kruis\nZorgkantoor", "De Zorgcirkel\nBestuurder" stay)
    under = "|".join(re.escape(PLACEHOLDERS[k]) for k in ("phone", "email"))
    signature = re.compile(
        rf"^(?P<lead>[^\S\r\n]*)(?P<person>{name_word}[^\S\r\n]+{lower_particles}{name_word}{double_surname})"
        rf"(?P<role>[^\S\r\n]*\r?\n[^\S\r\n]*(?:(?:(?:{'|'.join(sorted(_ROLE_QUALIFIERS))})[^\S\r\n]+)?"
        rf"(?:{'|'.join(sorted(_ROLE_WORDS))})(?!\w)|{under}))", re.IGNORECASE | re.MULTILINE)
    # "[naam] Wouda", "[naam] van Dijk": a first name replaced (a contact's) and a surname of someone else left
    # beside it; the surname counts as after a weak cue ("[naam] Zorgkantoor", "[naam] De Zorgcirkel" stay;
    # "te" and "het" are no particles here: "De heer [naam] te Zwolle")
    particles = r"(?-i:(?:(?:van|de|der|den|ter|ten)[^\S\r\n]+)*)"
    surname_after = re.compile(rf"{re.escape(PLACEHOLDERS['name'])}(?P<sep>[^\S\r\n]+)"
                               rf"(?P<person>{particles}{name_word}{double_surname})(?![\w'’‘ʼ′`-])")
    return signature, surname_after


def _contact_initial_forms(names: tuple[str, ...], address_names: tuple[str, ...]
                           ) -> tuple[frozenset[str], frozenset[str]]:
    """(initials, bare initials) of the contacts. Initials: of contacts written without a first name ("H. Krol":
    "H"): a first name spelt with them right before their replaced surname ("Hans [naam]") is theirs. Not of a
    name an address gives ("P. Bakker" of p.bakker@…): every contact has one, and any capitalised word before
    any replaced name ("Bel [naam]") would spell some contact's initial. Bare initials: those and the initials
    of a contact's first names, all and the first ("JH", "J" of "Jan Hendrik Krol", "HJ" of "Hendrik-Jan"), as
    they may stand in capitals without full stops before the replaced surname ("JH [naam]"; review)."""
    people = [p for raw in names if raw not in address_names for p in [one_line(raw), *contact_persons(one_line(raw))]]
    initials = frozenset(contact_initials(p) for p in people) - {""}
    bare = set(initials)
    for p in people:
        given = [_spelt_initials([part]) for w in name_parts(p)[0] if not re.fullmatch(r"(?:\w\.)+", w)
                 for part in w.split("-") if part]
        if given:
            bare |= {"".join(given), given[0]}
    return initials, frozenset(bare - {""})


def _initial_surname_pattern(terms: Iterable[_Term]) -> re.Pattern | None:
    """One initial, then a contact's surname with its particles in any case ("A. van der meer", "s. de lange"),
    as the gate counts it (:func:`_written_the_other_way`): the strict term of a common-word core wants it
    written as a name. Not a list's letter at a line's or sentence's start (:meth:`Scrubber._initial_surname`)."""
    texts = sorted({t.text for t in terms if t.kind == "name" and t.surname_particles}, key=lambda t: (-len(t), t))
    if not texts:
        return None
    body = "|".join(NAME_GAP.join(_word_pattern(w) for w in t.split()) for t in texts)
    return re.compile(rf"(?<![\w.])[^\W\d_]\.[^\S\r\n]?[^\S\r\n]*(?:{body})(?![^\W_])", re.IGNORECASE)


def _surname_before_pattern(terms: Iterable[_Term]) -> re.Pattern | None:
    """"Slot [naam]", "KOK [naam]", "Haan ([naam])": a common-word surname (a term counted only written as a name)
    written as a name right before a replaced first name, as in a staff list (surname first, no comma)."""
    cores = sorted({t.text for t in terms if t.kind == "name" and t.surname_particles == ()
                    and " " not in t.text and _letters(t.text) >= 2}, key=lambda c: (-len(c), c))
    if not cores:
        return None
    forms = "|".join(f"{re.escape(c[0].upper() + c[1:])}|{re.escape(c.upper())}" for c in cores)
    name = re.escape(PLACEHOLDERS["name"])
    return re.compile(rf"(?<![\w'’‘ʼ′`-])(?:{forms})[^\S\r\n]*(?:\([^\S\r\n]*{name}[^\S\r\n]*\)|"
                      rf"(?:[-–—][^\S\r\n]*)?{name})")


class Scrubber:
    """Replace personal data in a text by placeholders (:data:`PLACEHOLDERS`).

    ``names``: person names (full names, or single first/last names); full names also add
    their parts (first names, surnames with and without particle) of at least 3 letters that
    are not common words (:data:`STOPWORDS`). ``organisations``: organisation names (their
    distinctive core is added, see :func:`organisation_variants`). ``locations``: place,
    street or location names, taken as they are. ``address_names``: names the contacts' e-mail addresses
    give (:func:`names_in_address`), matched as names are, but no contact's initials.

    Matching is case-insensitive, on word boundaries, longest term first, possessive forms
    included. Order of the passes: the contacts' own e-mail addresses and phone numbers however
    written (``emails``, ``phones``), the patterns (e-mail, URL, IBAN, phone, BSN, KvK, birth
    date, address; :mod:`wlzmonitor.inputs.personal_patterns`), then the listed names, then
    names after a title or a cue ("Contactpersoon:", "Met vriendelijke groet,").
    """

    def __init__(self, names: Iterable[str] = (), organisations: Iterable[str] = (),
                 locations: Iterable[str] = (), *, settings: PrivacySettings | None = None,
                 emails: Iterable[str] = (), phones: Iterable[str] = (), address_names: Iterable[str] = (),
                 known_words: Iterable[str] = (), lowercase_words: Iterable[str] = ()):
        self.settings, self._ordinary = settings or PrivacySettings(), frozenset(lowercase_words)
        #: the contacts' own addresses and numbers: replaced however they are written (the gate
        #: finds them so; the patterns alone miss "t.dehaan [at] … [dot] nl" and "06,91509780")
        self.emails = tuple(sorted({normalise(e).casefold() for e in emails if "@" in e}))
        self.phones = tuple(sorted({d for d in map(phone_digits, phones) if len(d) >= 6}))
        names, address_names, organisations = tuple(names), tuple(address_names), tuple(organisations)
        terms, stop_names = _build_terms(dict.fromkeys([*names, *address_names]), organisations, locations,
                                         frozenset(known_words), self._ordinary)
        #: an organisation's core with an ending or split ("Eikenbrugse", "Boekweit stede")
        self._organisation_forms = organisation_forms(tuple(str(o) for o in organisations),
                                                      frozenset(known_words))[0]
        #: the initials of contacts written without a first name ("H. Krol": "H"), and every form of a contact's
        #: initials in capitals before a replaced surname (see :func:`_contact_initial_forms`)
        self._initials, self._bare_initials = _contact_initial_forms(names, address_names)
        self.terms: tuple[_Term, ...] = tuple(sorted(terms.values(), key=lambda t: (-len(t.text), t.text.casefold(), t.text)))
        self.stop_names: tuple[str, ...] = tuple(sorted(stop_names))
        self._kind = {t.text.casefold(): t.kind for t in self.terms}
        #: a surname without the first name (compact key -> its particles): counted only written as a name
        self._rules = surname_rules(self.terms)
        self._given = given_names(names)
        if self.terms:
            alternation = "|".join(f"(?:{_term_pattern(t)})" for t in self.terms)
            self._terms_re: re.Pattern | None = re.compile(
                # "tessa@wilgenlanden": an address without its domain; "@TessadeHaan", "@Tessa": a mention
                r"(?<![^\W_])(?:" + alternation + r")(?![^\W_])", re.IGNORECASE  # "_" a boundary: "P_Bakker"
            )
        else:
            self._terms_re = None
        particles = _particle_run(_NAME_PARTICLES + _PREPOSITION_PARTICLES)
        # after a name, "te", "het", "in", "op" are prepositions ("de heer Wouters te Zwolle"), not particles
        tail_particles = _particle_run(_NAME_PARTICLES)
        capital_word = rf"(?-i:{_UPPER}[\w'’‘ʼ′`-]*)"
        stop_alt = "|".join(re.escape(s) for s in sorted(self.stop_names, key=lambda s: (-len(s), s)))
        name = re.escape(PLACEHOLDERS["name"])
        # "[naam] Bos", "Bas [naam]": a common-word name next to a scrubbed name
        self._stop_next_re = (
            re.compile(
                rf"{name}(?:,?\s+{particles}(?-i:(?:{stop_alt})))+(?:['’‘ʼ′`]s)?(?!\w)"
                rf"|(?<!\w)(?-i:(?:{stop_alt})),?\s+{name}",  # "Kok, [naam]" (Kok, Niels): the other way round
                re.IGNORECASE,
            )
            if stop_alt else None
        )
        # "[naam], R.", "[naam], T. de": the initials (and particles) of a surname written before them
        self._initials_after_re = re.compile(
            rf"{name}(?:,?[^\S\r\n]*(?-i:{_UPPER})\.(?:[^\S\r\n]?(?-i:{_UPPER})\.){{0,2}}"
            rf"|,[^\S\r\n]*(?!(?-i:CZ|ZK|BV|NV|UA|VG|GZ|OK|PG|NB|IC)\b)(?-i:{_UPPER}){{1,2}}(?![^\W\d_]))"
            rf"(?:[^\S\r\n]+(?:van der|van den|van de|van 't|van|de|der|den|ter|ten|te|in 't|op de|'t)"
            rf"(?![^\W\d_])(?=[^\S\r\n]*(?:[^\w\s]|$|(?:{_AFTER_NAME_WORDS})(?![^\W\d_]))))?"
            rf"(?![^\W\d_])", re.IGNORECASE)
        # "mevrouw Bos", "dhr. J. van Dijk", "Mevrouw Anna Maria Verhoeven", "de heer Ahmed El Amrani",
        # "MEVROUW ANNA VERHOEVEN": a title followed by a capitalised word and up to three more name
        # words (capitalised; in capitals only after a first word in capitals: "mevrouw Bos VGZ")
        self._title_re = re.compile(
            rf"(?<!\w)((?:{_TITLES}){_TITLE_CHAIN})(\s+|(?<=\.))(?:(?-i:{_UPPER})\.\s?){{0,3}}{_CALLING_NAME}{particles}(?P<first>{capital_word})"
            rf"(?P<tail>(?:\s+{tail_particles}(?-i:{_UPPER}[\w'’‘ʼ′`-]*)){{0,3}})",
            re.IGNORECASE,
        )
        self._tail_word_re = re.compile(rf"\s+{tail_particles}(?-i:({_UPPER}[\w'’‘ʼ′`-]*))", re.IGNORECASE)
        # "J.P. Jansen", "A. van der Berg", "Ç. Öztürk": initials, then a surname (not a
        # function word: "N.B. Het tarief" stays)
        self._initials_re = re.compile(
            rf"(?<![\w.])(?-i:(?:{_UPPER}\.\s?){{1,3}})\s*{_CALLING_NAME}({particles})"
            rf"(?-i:({_UPPER}(?:['’‘ʼ′`]?{_UPPER})?{_LOWER}[\w'’‘ʼ′`]*(?:-[\w'’‘ʼ′`]+)*))(?!\w|\.\w)",  # "J. IJzerman"
            re.IGNORECASE,
        )
        self._collapse_re = re.compile(rf"{name}(?:\s+{name})+")
        # "Hans [naam]", "Hendrik-Jan [naam]": capitalised words before a replaced name (first names of a
        # contact written with initials: first_names_before decides)
        self._first_before_re = re.compile(
            rf"(?<![\w.'’‘ʼ′`-])(?P<words>(?-i:{_UPPER}{_LOWER}+)(?:(?:-|[^\S\r\n]+)(?-i:{_UPPER}{_LOWER}+)){{0,2}})"
            rf"(?=[^\S\r\n]+{name})") if self._initials else None
        self._cues = _cue_patterns()
        self._surname_before_re, self._initial_surname_re = (_surname_before_pattern(self.terms),
                                                             _initial_surname_pattern(self.terms))

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_settings(cls, settings: PrivacySettings, names: Iterable[str] = ()) -> "Scrubber":
        return cls(names=[*names, *settings.names], organisations=settings.organisations,
                   locations=settings.locations, settings=settings)

    @classmethod
    def from_survey(cls, survey: Any, config_path: str | Path | None = None, *,
                    earlier_contacts: Mapping[int, Any] | None = None) -> "Scrubber":
        """Names from the survey's contact question plus the lists of ``config/privacy.yml``.

        ``config_path`` None = the repository's ``config/privacy.yml``. ``earlier_contacts``: the contact
        columns of the earlier years' exports the run reads (year -> frame, ``survey.load_contacts``): their
        contacts are replaced too (review h132: a 2025 contact named in a 2026 answer without a cue was kept).
        """
        settings = load_privacy_settings(config_path)
        contacts = merged_contact_values([survey, *(earlier_contacts or {}).values()])
        address_names = set(contacts["address_names"]) - set(settings.names)
        return cls(names=[n for n in [*contacts["names"], *settings.names] if n not in address_names],
                   organisations=[*settings.organisations, *contacts["organisations"]],
                   locations=settings.locations, settings=settings, emails=contacts["emails"],
                   phones=contacts["phones"], address_names=sorted(address_names),
                   known_words=report_words(getattr(survey, "codebook", None)),
                   lowercase_words=report_lowercase_words(getattr(survey, "codebook", None)))

    # -- scrubbing ----------------------------------------------------------------------
    def scrub(self, text: Any) -> Any:
        """``text`` with personal data replaced by placeholders; non-strings pass unchanged.

        A control character is read both ways (review h100): left out inside a word ("j\x00an@zorg.nl",
        "Ka\x00rel") and as a break between two ("Naam\x1fKarel Pietersen", a record's fields): the patterns first
        read without them, then every pass with each left as a break (:data:`_CONTROL_BREAK`), then without."""
        if not isinstance(text, str) or not text:
            return text
        if controls_as_spaces(text) == text:
            return self._scrub_text(text)
        mark = _CONTROL_BREAK if _CONTROL_BREAK not in text else " "  # (an answer's own one is not taken out)
        broken = self._scrub_text(controls_as_spaces(self._scrub_patterns(text), mark))
        return self._scrub_text(broken.replace(_CONTROL_BREAK, "") if mark == _CONTROL_BREAK else broken)

    def _scrub_patterns(self, text: str) -> str:
        """The contacts' own addresses and numbers and the patterns replaced (read in the normalised view)."""
        view = normalised_view(text)
        contact = tuple((start, end, "email") for start, end, _ in contact_email_spans(view.text, self.emails)) \
            + tuple((start, end, "phone") for start, end, _ in contact_phone_spans(view.text, self.phones))
        return replace_spans(text, pattern_spans(view, first=_without_overlaps(contact)), PLACEHOLDERS)

    def _scrub_text(self, text: str) -> str:
        out = self._scrub_patterns(text)
        out = fold_letters(out)  # the name passes below see "Ｊａｎｓｅｎ" and "Jan\u00adsen" as "Jansen"
        out = self._disguised_terms(out)
        if self._terms_re is not None:  # found in the text with its accents folded: "Öztürk" for "Ozturk"
            out = _sub_folded(self._terms_re, out, self._replace_term)
        if self._initial_surname_re is not None:
            out = self._initial_surname_re.sub(
                lambda m: m.group(0) if _line_start(m.string, m.start()) else PLACEHOLDERS["name"], out)
        if self._organisation_forms is not None:
            out = _sub_folded(self._organisation_forms, out, lambda m: PLACEHOLDERS["organisation"])
        out = self._title_re.sub(self._title_name, out)
        out = self._cues.split.sub(self._split_name, out)
        out = self._cues.cue.sub(self._cue_name, out)
        out = self._cues.header.sub(lambda m: m.group(1) + self._person_after_cue(m.group("person"), weak=True), out)
        out = self._cues.closing.sub(self._cue_name, out)
        out = self._cues.role_after.sub(self._name_before_role, out)
        out = self._cues.signature.sub(lambda m: m.group("lead") + self._name_before_role(m), out)
        out = self._cues.listed.sub(self._listed_names, out)
        # a particle in lower case ("[naam] de Groot") makes a surname; "[naam] De Zorgcirkel" is an article
        out = self._cues.surname_after.sub(lambda m: PLACEHOLDERS["name"] + m.group("sep") + self._person_after_cue(
            m.group("person"), weak=not m.group("person")[0].islower()), out)
        out = self._initials_re.sub(_initials_name, out)
        if self._first_before_re is not None:
            out = self._first_before_re.sub(self._first_names_before, out)
        out = _LOWER_TITLE_RE.sub(_lower_title_name, out)
        out = _CARE_TITLE_LOWER_RE.sub(_care_title_name, out)
        out = _BROTHER_TITLE_RE.sub(_care_title_name, out)
        if self._stop_next_re is not None:
            out = self._stop_next_re.sub(PLACEHOLDERS["name"], out)
        out = self._initials_after_re.sub(PLACEHOLDERS["name"], out)
        out = _LOWER_INITIALS_NAME.sub(_lower_initials_name, out)
        out = _SURNAME_INITIALS_RE.sub(_surname_initials, out)
        if self._surname_before_re is not None:
            out = self._surname_before_re.sub(PLACEHOLDERS["name"], out)
        if self._bare_initials:
            out = _BARE_INITIALS_BEFORE.sub(
                lambda m: "" if m.group(1) in self._bare_initials else m.group(0), out)
        out = _HANDLE_RE.sub(PLACEHOLDERS["name"], out)
        out = self._collapse_re.sub(PLACEHOLDERS["name"], out)
        return out

    __call__ = scrub

    def scrub_series(self, series):
        """A pandas Series of texts, scrubbed (missing values stay missing)."""
        return series.map(self.scrub, na_action="ignore")

    def _disguised_terms(self, text: str) -> str:
        """`text` with the names and terms spelt in disguise replaced: letters spaced out ("K o e n
        v a n  L e e u w e n", "P.i.e.t.e.r") or a word split by hyphens ("Klaas-sen")."""
        if not self._kind:
            return text
        for start, end, words in reversed(list(disguised_words(text))):
            kind = next((self._kind[c.casefold()] for c in (" ".join(words), *words) if c.casefold() in self._kind
                         and disguised_counts(c, self._rules)), None)
            if kind is not None:
                text = text[:start] + PLACEHOLDERS.get(kind, PLACEHOLDERS["name"]) + text[end:]
        return text

    def _cue_name(self, m: re.Match) -> str:
        """The replacement of the cue pattern: the cue kept and the name replaced, unless the words
        after the cue name an organisation, a team or a role (:data:`_CUE_NOT_A_PERSON`, or an
        organisation or location of ``config/privacy.yml``): those the report may name."""
        if "second" in m.re.groupindex and m.group("second") is not None:  # two people: each on its own
            weak = _WEAK_CUE.fullmatch(m.group(1).strip()) is not None
            # (the second may be an organisation that starts with an article: "… en De Zorgcirkel")
            return (m.group(1) + self._person_after_cue(m.group("person"), weak) + m.group("joint")
                    + self._person_after_cue(m.group("second"), weak=True))
        return m.group(1) + self._person_after_cue(m.group(0)[len(m.group(1)):],
                                                   _WEAK_CUE.fullmatch(m.group(1).strip()) is not None)

    def _person_after_cue(self, rest: str, weak: bool = False) -> str:
        """The words of one person after a cue, replaced (see :meth:`_cue_name`). After a weak cue (a
        role, "gesprek met", "bel") words that start with an article are a name of something else
        ("overleg met De Zorgcirkel", "Den Haag", "bel Het Servicepunt")."""
        words = re.findall(r"[^\W\d_][\w'’‘ʼ′`-]*", rest)
        if weak and words and words[0].casefold() in _ARTICLES:
            return rest
        named = " ".join(words).casefold()
        if any(named in t.casefold() for t in (*self.settings.organisations, *self.settings.locations)):
            return rest
        if words and all(w.isupper() and len(w) > 1 for w in words) \
                and any(w.casefold() in _SENTENCE_WORDS for w in words):
            return rest  # a sentence in capitals: "CONTACTPERSOON WISSELT STEEDS", "NAMENS ONZE LEDEN"
        if len(words) == 1 and words[0].casefold() in _SENTENCE_WORDS | _ROLE_QUALIFIERS | _NOT_A_PERSON_WORD:
            return rest  # "Contactpersoon: Onbekend", "Contact: Secretariaat", "Groet, Algemeen"
        if words and words[0].casefold() in _ROLE_QUALIFIERS | _NO_CONTACT_WORDS:
            return rest  # "Groet, Algemeen Directeur": a role, no first name; "Voor vragen: Zie Website"
        if len(words) == 2 and words[0].casefold() not in _CUE_NOT_A_PERSON and words[1].casefold() in _ROLE_WORDS:
            # "Groet, Hidde Directeur": a first name and the role it signs with; the role stays
            return PLACEHOLDERS["name"] + rest[rest.index(words[0]) + len(words[0]):]
        if any(w.casefold() in _CUE_NOT_A_PERSON for w in words):
            return rest
        return PLACEHOLDERS["name"]

    def _split_name(self, m: re.Match) -> str:
        """The replacement of the split-name pattern: the cue kept, the first name and the surname on the
        lines under it replaced, unless either is a word of a role, an organisation or a sentence
        ("Groet,\nHidde\nTeamleider", "Mvg,\nSanne\nZorgkantoor": then the passes after this one decide on
        the first name alone) or the two name an organisation or a location of ``config/privacy.yml``."""
        caps = m.group("caps_first") is not None
        cue, first, gap, last = (m.group(i) for i in (("caps_cue", "caps_first", "caps_gap", "caps_last")
                                                      if caps else ("cue", "first", "gap", "last")))
        words = [first, *re.findall(r"[^\W\d_][\w'’‘ʼ′`-]*", last)]
        folded = [w.casefold() for w in words]
        not_a_name = _NOT_A_PERSON_WORD | _ROLE_WORDS | _ROLE_QUALIFIERS | _SENTENCE_WORDS | _ARTICLES
        if folded[0] in not_a_name or folded[-1] in not_a_name:
            return m.group(0)
        named = " ".join(folded)
        if any(named in t.casefold() for t in (*self.settings.organisations, *self.settings.locations)):
            return m.group(0)
        return cue + PLACEHOLDERS["name"] + gap + PLACEHOLDERS["name"]

    def _listed_names(self, m: re.Match) -> str:
        """The replacement of the listed-names pattern: each person after the replaced name, replaced as after a
        weak cue, with the separators kept."""
        text, name = m.group(0), PLACEHOLDERS["name"]
        out, last = [name], len(name)
        for part in self._cues.listed_part.finditer(text, len(name)):
            out.append(part.group("sep") + self._person_after_cue(part.group("person"), weak=True))
            last = part.end()
        return "".join(out) + text[last:]

    def _name_before_role(self, m: re.Match) -> str:
        """The replacement of the role-after-name pattern: the name replaced as after a weak cue (words that
        start with an article, or name an organisation or team, stay: "De Zorgcirkel, directeur", "Zorggroep
        Oost, bestuurder"), the role kept."""
        if m.group("person").split()[0].casefold() in _SENTENCE_WORDS:  # "Sinds Januari, directeur"
            return m.group(0)
        return self._person_after_cue(m.group("person"), weak=True) + m.group("role")

    def _first_names_before(self, m: re.Match) -> str:
        """The replacement of the first-name pattern: the first names of a contact written with initials
        replaced (see :func:`first_names_before`), the words before them kept."""
        words = m.group("words")
        offset = first_names_before(m.string, m.start(), words, self._initials)
        return words if offset < 0 else words[:offset] + PLACEHOLDERS["name"]

    def _title_name(self, m: re.Match) -> str:
        """The replacement of the title pattern: the title kept, the name words after it replaced
        (the tail words while they are name words: capitalised, or in capitals after a first word
        in capitals)."""
        first = m.group("first")
        capitals = first.isupper() and len(first) > 1
        tail, kept = m.group("tail"), 0
        for w in self._tail_word_re.finditer(tail):
            word = w.group(1)
            if kept == 0 and len(first) == 1:  # an initial without its full stop ("DHR P BAKKER"): the next word says
                capitals = word.isupper() and len(word) > 1
            if (word.isupper() and len(word) > 1) != capitals:
                break
            kept = w.end()
        return m.group(1) + m.group(2) + PLACEHOLDERS["name"] + tail[kept:]

    def _replace_term(self, m: re.Match) -> str:
        s = m.group(0)
        if self._rules and not _LEADING_INITIALS.match(s):  # "J. Hoog": initials make a name
            for stem in possessive_stems(s):
                rule = self._rules.get(compact_key(stem))
                if rule is not None:
                    if not surname_counts(m.string, m.start(), m.end(), stem, rule, self._given, self._ordinary):
                        if "," in stem:  # "slot, Karin" in "Tot slot, Karin": the first name after it is hers
                            cut = s.index(",")
                            return s[:cut] + self._terms_re.sub(self._replace_term, s[cut:])
                        return s  # "te hoog", "HOOG", "Hoog tijd"
                    break
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


_COMBINING_MARK = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _sub_folded(pattern: re.Pattern, text: str, replace) -> str:
    """``pattern.sub(replace, text)`` with the matches found in :func:`fold_accents` of ``text``
    (each letter its base letter, the same length; a letter written with a separate combining mark,
    "O\u0308zturk", through :func:`normalised_view`, which maps each match back to the characters
    it was read from): the text outside the matches stays as written."""
    if _COMBINING_MARK.search(text) is None:
        folded = fold_accents(text)
        if folded == text:
            return pattern.sub(replace, text)
        spans = [(m.start(), m.end(), m) for m in pattern.finditer(folded)]
    else:
        view = normalised_view(text)
        spans = [(*view.span(m.start(), m.end()), m) for m in pattern.finditer(fold_accents(view.text))]
    parts, last = [], 0
    for start, end, m in spans:
        if start < last:
            continue
        parts += [text[last:start], replace(m)]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _without_overlaps(spans: tuple) -> tuple:
    """Spans sorted by start, each dropped that overlaps one before it."""
    kept: list = []
    for span in sorted(spans):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return tuple(kept)


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
    return dataclasses.replace(survey, responses=responses, _private=pd.DataFrame(index=responses.index),
                               _contacts=pd.DataFrame())


def _private_frame(survey: Any):
    """The contact columns of every row read (a Survey's ``_contacts``, else its ``_private``)."""
    if survey is None:
        return None
    contacts = getattr(survey, "_contacts", None)
    if contacts is not None and len(contacts.columns):
        return contacts
    private = getattr(survey, "_private", None)
    if private is None and hasattr(survey, "columns"):
        private = survey
    return private


#: suffix of a private column -> the kind of contact value it holds (``__functie`` is left out:
#: job titles such as "controller" are ordinary words)
CONTACT_FIELDS = (("__naam", "name"), ("__email", "email"), ("__telefoon", "phone"),
                  ("__organisatie", "organisation"))


def contact_entries(survey: Any, *, from_addresses: bool = True) -> list[tuple[str, str, str]]:
    """``(respondent id, kind, value)`` of every contact-field value of a survey, sorted.

    Read from ``survey._contacts`` (every row read, excluded ones too; else ``survey._private``:
    columns ending in ``__naam``, ``__email``, ``__telefoon``
    and, from an export mapping's identifying columns, ``__organisatie``); kind is ``name``,
    ``email``, ``phone`` or ``organisation``; whitespace collapsed, lines joined by "; "
    (:func:`one_line`). A value that holds another kind than its field's is listed as that kind too
    (:func:`_contact_kinds`: a name typed into the e-mail field is looked for as a name). With
    `from_addresses`, a respondent whose contact fields hold no name has the name its e-mail address's local
    part gives (:func:`names_in_address`: "P. Bakker" of p.bakker@…, "J. de Vries" of jan.devries@…).
    """
    fields = _field_entries(survey)
    return sorted(fields | _address_entries(fields) if from_addresses else fields)


def _field_entries(survey: Any) -> set[tuple[str, str, str]]:
    """The entries of :func:`contact_entries` that the contact fields hold."""
    private = _private_frame(survey)
    out: set[tuple[str, str, str]] = set()
    for col in private.columns if private is not None else ():
        kind = next((k for suffix, k in CONTACT_FIELDS if str(col).endswith(suffix)), None)
        if kind is None and str(col).endswith("__functie"):  # a name typed into the function field
            for rid, v in private[col].dropna().items():
                out.update((str(rid), "name", person) for person in names_in_function(one_line(v)))
        if kind is None:
            continue
        values = private[col].dropna()
        for rid, v in zip(values.index.tolist(), values.tolist()):
            v = one_line(v)
            if v:
                out.update((str(rid), k, v) for k in _contact_kinds(kind, v))
                out.update((str(rid), k, part) for k, part in contact_parts(v))
                turned = surname_first(v) if kind == "name" else None
                out.update([(str(rid), "name", turned)] if turned else [])
                if kind in ("email", "phone"):  # "0612345678 (Pieter Bakker)": the person beside the number
                    out.update((str(rid), "name", person) for person in names_beside_contact(v))
    return out


#: the endings of a role's word ("Regiomanager", "Beleidsadviseur", "Specialist"): no name word in a function field
_ROLE_ENDINGS = ("manager", "adviseur", "inkoper", "medewerker", "leider", "coördinator", "coordinator",
                 "bemiddelaar", "consulent", "functionaris", "directeur", "bestuurder", "secretaris", "controller",
                 "arts", "kundige", "specialist", "analist", "officer", "lid", "hoofd")


def names_in_function(value: str) -> list[str]:
    """The people a contact's function field names ("Pieter Bakker, bestuurder", "bestuurder (Tessa de Haan)"):
    pieces of two capitalised words or more, each a people's name or no common Dutch word, and none a role, its
    qualifier, an organisation's or a department's word ("Manager Financiën", "Lid Raad van Bestuur", "Regiomanager
    Wonen en Zorg", "Business Controller" name no one). The field is otherwise no contact's (job titles are words);
    a name typed into it was found nowhere (review h92)."""
    out = []
    for piece in _PERSON_SEPARATORS.split(value):
        words = re.findall(r"[^\W\d_][\w'’‘ʼ′`-]*", piece)
        capitals = [w for w in words if w[0].isupper()]
        if len(capitals) < 2 or any(w.casefold() not in PARTICLES for w in words if not w[0].isupper()):
            continue
        if all(_name_word_of_function(w) for w in capitals):
            out.append(" ".join(piece.split()))
    return out


def _name_word_of_function(word: str) -> bool:
    folded = word.casefold()
    if folded in _NOT_A_PERSON_WORD | _ROLE_WORDS | _ROLE_QUALIFIERS | _MAILBOX_WORDS or folded.endswith(_ROLE_ENDINGS):
        return False
    return folded in COMMON_NAMES or not common_dutch_word(word)


#: a name written surname first, as a list or a member system exports it: "Haan, Tessa de", "Bakker, P.", "Vries,
#: J.P. de", "Heuvel-Smit, Anne-Marie van den" (one surname before the comma, first names or initials and the
#: particles after it)
_SURNAME_FIRST = re.compile(r"(?P<surname>[^\W\d_][\w'’‘ʼ′`-]*)\s*,\s*(?P<rest>(?:(?:[^\W\d_]\.)+\s?|[^\W\d_][\w'’‘ʼ′`-]*\s?){1,5})")


def surname_first(value: str) -> str | None:
    """The name `value` written the usual way round when it is written surname first ("Haan, Tessa de" -> "Tessa
    de Haan", "Bakker, P." -> "P. Bakker"), else None. Such a field was read as two people ("Haan" and "Tessa
    de"; "Bakker" and "P."): "De Haan belde" and the "Pieter" of "Pieter Bakker" passed (review h92). Not a role
    or an organisation after the comma ("Jansen, directeur", "Bakker, Zorggroep Oost")."""
    m = _SURNAME_FIRST.fullmatch(value.strip())
    if m is None:
        return None
    words = re.findall(r"[^\W\d_][\w'’‘ʼ′`-]*\.?", m.group("rest"))
    if any(w.casefold() in _NOT_A_PERSON_WORD | _ROLE_WORDS | _ROLE_QUALIFIERS for w in [m.group("surname"), *words]):
        return None
    if not any(w[0].isupper() for w in words):  # a first name or initials, written as a name
        return None
    return f"{m.group('rest').strip()} {m.group('surname')}"


#: an e-mail address and a phone number inside a contact value (what :func:`names_beside_contact` takes out)
_ADDRESS_IN_VALUE = re.compile(r"[^\s;,<>()\[\]\"']+@[^\s;,<>()\[\]\"']+")
_NUMBER_IN_VALUE = re.compile(r"(?:\+|\b)[\d()][\d ()./-]{5,}\d")


def contact_parts(value: str) -> set[tuple[str, str]]:
    """``(kind, part)`` of each e-mail address and phone number a contact value (:func:`one_line`) holds beside
    something else: two addresses one under the other ("a.smit@x.nl\\r\\nb.smit@x.nl", read as "a.smit@x.nl;
    b.smit@x.nl"), a name with an address ("Pieter Bakker <p.bakker@x.nl>"), two numbers. The value as a whole was
    the only entry, an address no answer writes: the scrubber found neither address written '[at]' or alone by its
    local part (review h160)."""
    parts = {("email", a.rstrip(".:")) for a in _ADDRESS_IN_VALUE.findall(value)}
    parts |= {("phone", n.strip()) for n in _NUMBER_IN_VALUE.findall(value) if len(phone_digits(n)) >= 6}
    return {(kind, part) for kind, part in parts if part != value}


def _address_entries(fields: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """The names the e-mail addresses of respondents without a name give (:func:`names_in_address`): a
    filled name field names the person better."""
    named = {rid for rid, kind, _ in fields if kind == "name"}
    return {(rid, "name", n) for rid, kind, v in fields if kind == "email" and rid not in named
            for a in re.findall(r"[^\s;,<>()]+@[^\s;,<>()]+", v) for n in names_in_address(a)}


#: local-part words of a mailbox that is no person's ("secretariaat.rvb@", "inkoop.wlz@", "wonen.zuid@",
#: "thuiszorg.noord@"): a department, a place, a direction
_MAILBOX_WORDS = frozenset("""
    info informatie secretariaat administratie directie bestuur rvb rvt zorg contact receptie office mail post
    postbus noreply no-reply reply inkoop wlz kwaliteit communicatie hr pz personeelszaken planning finance
    financien financiën facturen factuur facturatie team afdeling algemeen helpdesk support service
    klantenservice servicedesk clientenraad cliëntenraad ondernemingsraad or cr zorgkantoor stichting groep
    zorggroep locatie regio bureau management controller controlling privacy fg avg security it ict beheer
    noord zuid oost west midden centrum centraal stad wonen thuis thuiszorg wijkteam wijk verpleeghuis
    zorgcentrum woonzorg huize intake aanmelding data analyse sales nl vragen cliënt client bemiddeling
    zorgbemiddeling zorgadministratie administratief backoffice frontoffice medewerker medewerkers
    """.split())
#: the words of a contact value that name no one (:func:`_generic_words`)
_GENERIC_WORDS = _generic_words()
#: a local part of words joined by a full stop or an underscore (a word may hold a hyphen: "pieter-jan.smit")
_PERSON_LOCAL = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*(?:[._][^\W\d_]+(?:-[^\W\d_]+)*)+")
#: a surname's particles as a local part writes them glued to it ("devries", "vanderberg"), longest first
_GLUED_PARTICLES = ("vanden", "vander", "vande", "van", "den", "der", "ter", "ten", "de")


def names_in_address(address: str) -> list[str]:
    """The person a contact's e-mail address names in its local part, written with initials, as names to look
    for when the name field is empty: "jan.devries@…" → "J. Devries" and "J. de Vries"; "p.bakker@…" →
    "P. Bakker"; "anna_van_dijk@…" → "A. van Dijk". Words joined by a full stop or an underscore only
    (:data:`_PERSON_LOCAL`); none from a one-word local part ("pbakker", "info") or a mailbox's
    ("secretariaat.rvb", "inkoop_wlz", "wonen.zuid": :data:`_MAILBOX_WORDS`), or with a surname under three
    letters."""
    local = normalise(address).casefold().rpartition("@")[0].partition("+")[0].rstrip("0123456789")
    if not _PERSON_LOCAL.fullmatch(local):
        return []
    words = [w for w in re.split(r"[._]", local) if w]
    if len(words) == 2 and len(words[1]) <= 2 < len(words[0]):
        words = words[::-1]  # "dekker.j": the surname first
    if words[0] in _NAME_PARTICLES:  # "de.berk@", "van.der.linden@": a surname with its particles alone
        words = ["", *words]
    given, middle, surname = words[0], words[1:-1], words[-1]
    particles = [w for w in middle if w in _NAME_PARTICLES]
    others = [w for w in middle if w not in _NAME_PARTICLES]
    if len(surname) < 3 or any(w in _MAILBOX_WORDS for w in words) \
            or (particles and middle[-len(particles):] != particles):
        return []
    capital = lambda word: "-".join(p.capitalize() for p in word.split("-"))  # noqa: E731 - "Jansen-Smit"
    # the first names as initials ("jan.devries": "J. de Vries"): a surname, counted only written as a name,
    # and no first name counted in any case (a department's "wonen.zuid@" would make every "wonen" a name)
    first = " ".join("".join(f"{c.upper()}." for c in (w if len(w) <= 2 else [p[0] for p in w.split("-")]))
                     for w in [given, *others] if w)
    names = [" ".join([first, *particles, capital(surname)]).strip()]
    glued = next((p for p in _GLUED_PARTICLES
                  if not particles and surname.startswith(p) and len(surname) - len(p) >= 3), None)
    if glued:  # "devries": "de Vries" too ("dekker" gives "de Kker" beside "Dekker": a name nobody writes)
        rest = surname[len(glued):]
        spaced = {"vanden": "van den", "vander": "van der", "vande": "van de"}.get(glued, glued)
        names.append(f"{first} {spaced} {capital(rest)}".strip())
    return names


def _no_name(value: str) -> bool:
    """A name field's placeholder or department: "-", "x", "nvt", "n.v.t.", "geen", "nee", "Inkoop", "Kwaliteit"
    (review: a "-" made every hyphen of every page the contact's name, and the run failed)."""
    words = _WORD.findall(fold_accents(value).casefold())
    if sum(len(w) for w in words) < 2 or re.sub(r"\W", "", value).casefold() in ("nvt", "nb", "na"):
        return True
    if _PLACEHOLDER_PHRASE.fullmatch(" ".join(words)):
        return True
    # a particle makes a surname typed alone ("Van Wijk", "De Post"); a direction may be one ("Noord", "West")
    return not any(w in PARTICLES for w in words) and all(
        w in _NO_CONTACT_WORDS or w in _MAILBOX_WORDS or w in _ROLE_WORDS or w in _ROLE_QUALIFIERS for w in words)


#: what a name field says when it names no one, in words ("niet van toepassing", "weet niet", "zie e-mail")
_PLACEHOLDER_PHRASE = re.compile(r"(?:niet van toepassing|weet (?:ik )?niet|zie (?:e ?mail|mail|boven|onder|hierboven)"
                                 r"|geen (?:idee|naam|contactpersoon)|nog niet bekend|volgt(?: later)?|n v t)")


def _contact_kinds(kind: str, value: str) -> list[str]:
    """The kinds a contact value is looked for as: its field's, and what it holds when that is
    another (a name typed into the e-mail or phone field, an address or number in the name field:
    the scrubber and the gate know it as what it is). A name field's placeholder is nothing
    (:func:`_no_name`)."""
    if kind in ("name", "organisation") and "@" not in value and len(phone_digits(value)) < 6 and _no_name(value):
        return []  # "-", "n.v.t.", "Inkoop", "Stichting": no name of anyone
    kinds = [kind]
    digits = len(phone_digits(value))
    if "@" in value and kind != "email":
        kinds.append("email")
    if digits >= 6 and kind not in ("phone", "email"):
        kinds.append("phone")
    if kind in ("email", "phone") and "@" not in value and digits < 6 and _looks_like_a_name(value):
        kinds.append("name")  # not "geen", "n.v.t.", "zie boven": a field's placeholder is no name
    return kinds


#: an e-mail address or a phone number in a contact field (what is left beside them may be a name)
_ADDRESS_OR_NUMBER = re.compile(r"[^\s<>()\[\],;]*@[^\s<>()\[\],;]*|(?:\+|\b)[\d()][\d ()./-]{5,}\d")


def names_beside_contact(value: str) -> list[str]:
    """The people named beside the address or number in an e-mail or phone field ("0612345678 (Pieter Bakker)",
    "Pieter Bakker <secretariaat@zorg.nl>", "06-12345678 Tessa de Haan"): each piece of two capitalised words or
    more that is no role, organisation or placeholder ("06-12345678 (mobiel)", "030-1234567 Secretariaat" name
    no one). Such a name was no contact's at all (review h92: only a field holding a name alone was read as one)."""
    rest = _ADDRESS_OR_NUMBER.sub(" ; ", value)
    if rest == value:
        return []
    out = []
    for piece in _PERSON_SEPARATORS.split(rest):
        piece = " ".join(piece.split()).strip(" .:-<>")
        capitals = [w for w in re.findall(r"[^\W\d_][\w'’‘ʼ′`-]*", piece) if w[0].isupper()]
        if len(capitals) >= 2 and _looks_like_a_name(piece) and not any(
                w.casefold() in _NOT_A_PERSON_WORD | _ROLE_WORDS | _ROLE_QUALIFIERS | _MAILBOX_WORDS for w in capitals):
            out.append(piece)
    return out


def contact_values(survey: Any) -> dict[str, list[str]]:
    """Contact-field values of a survey: ``{"names": [...], "emails": [...], "phones": [...],
    "organisations": [...], "address_names": [...]}``, sorted, without duplicates (see
    :func:`contact_entries`); ``address_names`` are the names among ``names`` that only an e-mail address
    gives (:func:`names_in_address`)."""
    out: dict[str, list[str]] = {"names": [], "emails": [], "phones": [], "organisations": []}
    fields = _field_entries(survey)
    for _rid, kind, value in fields | _address_entries(fields):
        out[kind + "s"].append(value)
    values = {k: sorted(set(v)) for k, v in out.items()}
    # the names only an address gives ("P. Bakker" of p.bakker@…, no field holding it): among the names,
    # and apart, as they are no contact written with initials (:class:`Scrubber`'s ``address_names``)
    written = {v for _rid, kind, v in fields if kind == "name"}
    values["address_names"] = [n for n in values["names"] if n not in written]
    return values


def merged_contact_values(sources: Iterable[Any]) -> dict[str, list[str]]:
    """:func:`contact_values` of several surveys or contact frames (this year's and the earlier exports' a run
    reads) together; a name is an ``address_names`` one only where no source's contact field writes it."""
    out: dict[str, set[str]] = {}
    written: set[str] = set()
    for source in sources:
        values = contact_values(source)
        for key, found in values.items():
            out.setdefault(key, set()).update(found)
        written.update(set(values["names"]) - set(values["address_names"]))
    merged = {k: sorted(out.get(k, ())) for k in ("names", "emails", "phones", "organisations", "address_names")}
    merged["address_names"] = [n for n in merged["address_names"] if n not in written]
    return merged


#: marks the owner of an earlier export's contact in :attr:`DenyList.entries` (a respondent id never holds a NUL
#: character: the reader takes every one out of an export), see :func:`earlier_export_owner`
_EARLIER_MARK = "\x00"


def earlier_export_owner(year: int, respondent_id: str) -> str:
    """The owner of a contact of the `year` export that is no respondent of the year the deny list is for (review
    h132): the gate names it "a contact of the 2025 export" (:func:`earlier_export_of`)."""
    return f"{_EARLIER_MARK}{int(year)}{_EARLIER_MARK}{respondent_id}"


def earlier_export_of(owner: str) -> tuple[int, str] | None:
    """``(year, respondent id in that export)`` of an owner made by :func:`earlier_export_owner`, else None (a
    respondent of the year itself)."""
    if not owner.startswith(_EARLIER_MARK):
        return None
    year, _, rid = owner[1:].partition(_EARLIER_MARK)
    return int(year), rid


def earlier_contact_entries(contacts: Mapping[int, Any]) -> list[tuple[str, str, str]]:
    """:func:`contact_entries` of the earlier years' contact frames (year -> frame, ``survey.load_contacts``),
    each owned by :func:`earlier_export_owner` (no respondent of this year), sorted."""
    return sorted((earlier_export_owner(year, rid), kind, value) for year, frame in sorted(contacts.items())
                  for rid, kind, value in contact_entries(frame))


_DATA_URI_RE = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")
#: the pattern kinds the finder reports (a URL alone is no personal data)
FINDER_KINDS = frozenset({"email", "phone", "iban", "bsn", "kvk", "btw", "agb", "birthdate", "address"})


@lru_cache(maxsize=16)
def _term_finder(names: tuple[str, ...], organisations: tuple[str, ...], locations: tuple[str, ...],
                 extra_names: tuple[str, ...], name_parts_too: bool, known_words: frozenset[str] = frozenset(),
                 lowercase_words: frozenset[str] = frozenset()) -> tuple[re.Pattern | None, dict[str, tuple[str, str, str]], dict[str, tuple[str, ...]],
                            frozenset[str]]:
    """One regex for all terms (longest first), matched text (casefolded) -> (value to report, kind:
    contact-name, name, organisation or location, the full contact name), and the surnames counted only
    written as a name (:func:`surname_rules`: compact key -> particles), as the scrubber counts them."""
    report: dict[str, tuple[str, str, str]] = {}
    parts: list[_Term] = []  # the name parts, with their rules
    for n in names:
        report.setdefault(" ".join(n.split()).casefold(), (n, "contact-name", n))
        if name_parts_too:
            for t in _build_terms([n], (), (), known_words, lowercase_words)[0].values():
                report.setdefault(t.text.casefold(), (t.text, "contact-name", n))
                parts.append(t)
    for kind, terms in (("organisation", organisations), ("location", locations), ("name", extra_names)):
        for t in terms:
            report.setdefault(" ".join(t.split()).casefold(), (t, kind, t))
    if name_parts_too:  # a listed full name's parts, as the scrubber replaces them ("Meijer" of "Femke Meijer")
        for n in extra_names:
            for t in _build_terms([n], (), (), known_words, lowercase_words)[0].values():
                report.setdefault(t.text.casefold(), (t.text, "name", n))
                parts.append(t)
    for t in organisations:  # its shorter forms as the scrubber replaces them ("Wilgenlanden" of
        # "Stichting Wilgenlanden Zorg"): an output holding one is reported, under the full name
        for variant in organisation_variants(" ".join(t.split()), known_words):
            report.setdefault(variant.casefold(), (t, "organisation", t))
    ruled = {t.text.casefold() for t in parts if t.surname_particles is not None}
    parts += [_Term(key, "name") for key in report if key not in ruled]  # every other term: in any case
    # each also as the gate reads the text (normalised: look-alike letters as Latin, one by one;
    # accents folded: the text is searched so)
    for key, value in list(report.items()):
        for variant in (normalise(key).casefold(), fold_accents(normalise(key)).casefold(),
                        *(_term_key(fold_accents(t)) for t in transliterations(normalise(key)))):
            if variant not in report:
                report[variant] = value
                parts += [dataclasses.replace(t, text=variant) for t in parts if t.text.casefold() == key][:1]
    report = {k: v for k, v in report.items() if k}
    if not report:
        return None, report, {}, frozenset()
    for key, value in list(report.items()):  # found however its words are joined: look up without them
        report.setdefault(compact_key(key), value)
    # also right after an "@" ("@TessadeHaan"); a name inside an address found as such is the address's;
    # and in a possessive form, as the scrubber replaces it ("Klaassens", "Tessa's", "Bas'")
    return re.compile(r"(?<![^\W_])(?P<term>" + trie_pattern(report, gap=NAME_GAP) + r")(?:['’‘ʼ′`]s|['’‘ʼ′`]|s)?(?![^\W_])",
                      re.IGNORECASE), report, surname_rules(parts), given_names((*names, *extra_names))


@dataclass(frozen=True)
class PersonalDataHit:
    """One piece of personal data found in a text.

    ``kind``: ``contact-name``, ``contact-email``, ``contact-phone``, ``contact-organisation``
    (a value of the contact question), ``organisation``, ``location``, ``name`` (a term of
    ``config/privacy.yml``) or a pattern kind (``email``, ``phone``, ``iban``, ``bsn``,
    ``kvk``, ``agb``, ``birthdate``, ``address``). ``value``: the contact value or configured term as
    written there, or for a pattern the text as found — for tests and the analyst's own
    checks; a message that may be published or logged names ``kind``, ``respondents`` and
    ``offset``, never the value. ``respondents``: the respondent ids the value belongs to
    (their contact field, or their unscrubbed open answer holding it), when known.
    """

    kind: str
    value: str
    offset: int
    respondents: tuple[str, ...] = ()


def _value_key(kind: str, value: str) -> str:
    """What two spellings of one value have in common (digits of a number, folded text)."""
    if kind in ("phone", "contact-phone"):
        return "tel:" + phone_digits(value)
    if kind in ("iban", "bsn", "kvk", "btw", "agb"):
        return kind + ":" + re.sub(r"[^0-9A-Za-z]", "", normalise(value)).upper()
    return kind.removeprefix("contact-") + ":" + " ".join(normalise(value).casefold().split())


@dataclass(frozen=True)
class DenyList:
    """What must never be in an output: the contact question's values (with their respondent
    ids), the terms of ``config/privacy.yml`` and, to name the respondent of a pattern hit,
    where the unscrubbed open answers hold which pattern value."""

    entries: tuple[tuple[str, str, str], ...] = ()  # (respondent id, kind, value): contact_entries
    settings: PrivacySettings = field(default_factory=PrivacySettings)
    #: _value_key of a pattern value -> respondent ids whose raw open answers hold it
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    #: the words the report prints from the codebook's labels and questions (:func:`report_words`), and those it
    #: prints only in lower case (:func:`report_lowercase_words`)
    known_words: frozenset[str] = frozenset()
    lowercase_words: frozenset[str] = frozenset()
    #: what the run should say once (an earlier year's export that could not be read for its contacts); no value
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def respondents(self, kind: str, value: str) -> tuple[str, ...]:
        key = _value_key(kind, value)
        return self.owners.get(key, ()) or self.answers.get(key, ())

    @functools.cached_property
    def owners(self) -> dict[str, tuple[str, ...]]:
        """_value_key of every contact value -> its respondent ids."""
        out: dict[str, set[str]] = {}
        for rid, kind, value in self.entries:
            out.setdefault(_value_key(kind, value), set()).add(rid)
        return {k: tuple(sorted(v)) for k, v in out.items()}

    @functools.cached_property
    def names(self) -> tuple[str, ...]:
        """The contact values looked for as names (a name field's, or a name typed into another
        contact field: :func:`_contact_kinds`), each once, in entry order."""
        return tuple(dict.fromkeys(v for _rid, k, v in self.entries if "name" in _contact_kinds(k, v)))

    @functools.cached_property
    def organisations(self) -> tuple[str, ...]:
        """The organisations of ``config/privacy.yml`` and of the contact entries, each once."""
        return tuple(dict.fromkeys([*self.settings.organisations,
                                    *(v for _rid, k, v in self.entries if k == "organisation")]))

    @functools.cached_property
    def entry_owners(self) -> dict[str, frozenset[str]]:
        """``"<kind>:<value>"`` of every contact entry, for every kind it is looked for as
        (:func:`_contact_kinds`: a name typed into the e-mail field is a name too) -> its respondent ids."""
        out: dict[str, set[str]] = {}
        for rid, kind, value in self.entries:
            for looked_for in _contact_kinds(kind, value):
                out.setdefault(f"{looked_for}:{value}", set()).add(rid)
        return {key: frozenset(rids) for key, rids in out.items()}

    @functools.cached_property
    def emails(self) -> dict[str, list[tuple[str, str]]]:
        """A contact e-mail address (normalised, casefolded) -> its (respondent id, value)s."""
        out: dict[str, list[tuple[str, str]]] = {}
        for rid, kind, value in self.entries:
            if kind == "email":
                out.setdefault(normalise(value).casefold(), []).append((rid, value))
        return out

    @functools.cached_property
    def phones(self) -> dict[str, list[tuple[str, str]]]:
        """A contact phone number's national digits -> its (respondent id, value)s."""
        out: dict[str, list[tuple[str, str]]] = {}
        for rid, kind, value in self.entries:
            if kind == "phone" and len(phone_digits(value)) >= 6:
                out.setdefault(phone_digits(value), []).append((rid, value))
        return out


def deny_list(survey: Any, settings: PrivacySettings | None = None, *,
              config_path: str | Path | None = None) -> DenyList:
    """The :class:`DenyList` of an *unscrubbed* survey (its contact question and open answers)."""
    if settings is None:
        settings = load_privacy_settings(config_path)
    answers: dict[str, set[str]] = {}
    responses = getattr(survey, "responses", None)
    codebook = getattr(survey, "codebook", None)
    if responses is not None and codebook is not None:
        for column in text_columns(codebook):
            if column not in responses.columns:
                continue
            for rid, text in responses[column].dropna().items():
                for start, end, kind in pattern_spans(normalised_view(str(text)), FINDER_KINDS):
                    answers.setdefault(_value_key(kind, str(text)[start:end]), set()).add(str(rid))
    return DenyList(tuple(contact_entries(survey)), settings, {k: tuple(sorted(v)) for k, v in answers.items()},
                    report_words(codebook), report_lowercase_words(codebook))


def _blank_data_uris(text: str) -> str:
    """Embedded base64 images (``data:...;base64,``) as spaces: skipped, offsets kept."""
    if "base64," not in text:
        return text
    return _DATA_URI_RE.sub(lambda m: " " * len(m.group(0)), text)




#: letters spaced out or dotted ("K o e n  v a n  L e e u w e n", "P.i.e.t.e.r"): three or more single
#: letters, one separator between the letters of a word, two (or a double space) between words. The
#: two ways to separate letters, spaces only or one of ``._-`` with a space either side, never match
#: the same text: overlapping alternatives (``[ ._-]`` and `` ?[._-] ?``) backtracked exponentially
#: ("A-" 25 times took 3.7 s)
_SPACED_LETTERS = re.compile(r"(?<![\w.-])(?:[^\W\d_](?: +| ?[._-] ?)){2,}[^\W\d_](?![\w-])")
#: a word split by hyphens into pieces of two letters or more ("Pie-ter", "Klaas-sen")
#: (also at a line's end: "Tes-\nsa", a word broken over two lines)
_SPLIT_WORD = re.compile(r"(?<![\w-])[^\W\d_]{2,}(?:[-\u2010-\u2015\u2212](?:[^\S\r\n]*\r?\n[^\S\r\n]*)?"
                         r"[^\W\d_]{2,})+(?![\w-])")


def disguised_words(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Runs of `text` that spell words in disguise, with the words they spell: letters spaced out
    or dotted (``"K o e n  v a n  L e e u w e n"`` -> Koen, van, Leeuwen) and words split by
    hyphens (``"Klaas-sen"`` -> Klaassen). The scrubber and the gate look the words up among the
    names and terms they know (never a word on its own: ``"Wlz-inkoop"`` spells nothing known)."""
    for m in _SPACED_LETTERS.finditer(text):
        words = [re.sub(r"[ ._-]", "", w) for w in re.split(r"[ ._-]{2,}", m.group(0))]
        yield m.start(), m.end(), [w for w in words if w]
    for m in _SPLIT_WORD.finditer(text):
        yield m.start(), m.end(), [re.sub(r"[-\u2010-\u2015\u2212]\s*", "", m.group(0))]


def _contact_hits(view: NormalisedText, deny: DenyList, email_spans: list | None = None) -> list[PersonalDataHit]:
    """Contact e-mail addresses (case-insensitive, however the @ and dots are written) and phone
    numbers (by their digits, however separated)."""
    hits = []
    emails = deny.emails
    for start, _end, email in contact_email_spans(view.text, emails) if emails else ():
        if email_spans is not None:
            email_spans.append(view.span(start, _end))
        owners = emails.get(email, [("", email)])
        hits.append(PersonalDataHit("contact-email", owners[0][1], view.offset(start),
                                    tuple(sorted({r for r, _ in owners if r}))))
    wanted = deny.phones
    if not wanted:
        return hits
    runs = list(DIGIT_RUN_RE.finditer(digit_lookalikes(view.text)))
    digits = [national_digits(m.group(0)) for m in runs]
    joined = "|".join(digits)
    bounds = list(itertools.accumulate((len(d) + 1 for d in digits), initial=0))
    for number, owners in wanted.items():
        seen: set[int] = set()
        # also without its leading 0 ("tel. 6 91509780"), for a full national number only
        for needle in (number, "31" + number[1:]) + ((number[1:],) if len(number) >= 10 else ()):
            at = joined.find(needle)
            while at >= 0:
                k = bisect.bisect_right(bounds, at) - 1
                if k not in seen:
                    seen.add(k)
                    hits.append(PersonalDataHit("contact-phone", owners[0][1], view.offset(runs[k].start()),
                                                tuple(sorted({r for r, _ in owners}))))
                at = joined.find(needle, at + 1)
    return hits


def _pattern_hits(view: NormalisedText, deny: DenyList, email_spans: list | None = None) -> list[PersonalDataHit]:
    """E-mail addresses, phone numbers, IBAN, BSN, KvK numbers, birth dates and addresses
    that are no contact value (those are reported as such)."""
    contact_keys = deny.owners
    hits = []
    for start, end, kind in pattern_spans(view, FINDER_KINDS):
        if kind == "email" and email_spans is not None:
            email_spans.append((start, end))
        value = view.original[start:end]
        if _value_key(kind, value) in contact_keys:
            continue
        hits.append(PersonalDataHit(kind, value, start, deny.respondents(kind, value)))
    return hits


def _counted_matches(pattern: re.Pattern, folded: str, rules: dict[str, tuple[str, ...]], given: frozenset[str],
                     start: int, end: int, ordinary: frozenset[str] = frozenset()) -> list[re.Match]:
    """The term matches in ``folded[start:end]`` that count: a possessive "s" only after a term that does not end
    in s, x or z ("Bos" + "s" is "Boss", as the scrubber reads it: only "Bos'" and "Bos's" are Bos's); a surname
    without the first name only written as a name ("te hoog" is no "Hoog", :func:`surname_counts`); after a name
    the other way round that does not count ("slot, Karin" in "Tot slot, Karin"), what follows its comma."""
    out = []
    for m in pattern.finditer(folded, start, end):
        term = m.group("term")
        if m.end() - m.end("term") == 1 and folded[m.end() - 1] in "sS" and term[-1:].casefold() in "sxz":
            continue
        if compact_key(term) in rules and not surname_counts(folded, m.start(), m.end(), term,
                                                             rules[compact_key(term)], given, ordinary):
            if "," in term:
                out += _counted_matches(pattern, folded, rules, given, m.start() + term.index(",") + 1, m.end(),
                                        ordinary)
            continue
        out.append(m)
    return out


#: what a control character is read as where it may separate two words (:meth:`Scrubber.scrub`): a paragraph
#: separator, a break to every pattern and name pass that no text of an answer holds
_CONTROL_BREAK = "\u2029"


def scan_personal_data(text: str | bytes, deny: DenyList, *, name_parts_too: bool = True,
                       patterns: bool = True) -> list[PersonalDataHit]:
    """Every piece of personal data in ``text`` (see :func:`find_personal_data`), in text order.

    ``offset`` is the position in ``text`` (after decoding ``bytes`` as UTF-8)."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    hits = _scan_text(str(text), deny, name_parts_too, patterns)
    spaced = controls_as_spaces(str(text))  # a control character between two words glues them in the view
    if spaced != text:
        hits += [hit for hit in _scan_text(spaced, deny, name_parts_too, patterns) if hit not in hits]
    return sorted(hits, key=lambda h: (h.offset, h.kind, h.value))


def _scan_text(text: str, deny: DenyList, name_parts_too: bool, patterns: bool) -> list[PersonalDataHit]:
    """:func:`scan_personal_data` of text read as its normalised view (without control characters)."""
    view = normalised_view(_blank_data_uris(text))
    emails: list[tuple[int, int]] = []  # the addresses found (original offsets)
    hits = _contact_hits(view, deny, emails)
    if patterns:
        hits += _pattern_hits(view, deny, emails)
    else:
        emails += [(start, end) for start, end, _ in pattern_spans(view, frozenset({"email"}))]
    # (what depends on the deny list alone is its own, computed once: a run scans thousands of texts)
    pattern, report, rules, given = _term_finder(deny.names, deny.organisations, deny.settings.locations,
                                          deny.settings.names, name_parts_too, deny.known_words,
                                          deny.lowercase_words)
    if pattern is not None:
        owners = deny.entry_owners
        folded = fold_accents(view.text)  # "Öztürk" found for a contact "Ozturk" and the other way round
        matches = _counted_matches(pattern, folded, rules, given, 0, len(folded), deny.lowercase_words)
        found = [(m.start(), report.get(" ".join(m.group("term").split()).casefold())
                  or report.get(compact_key(m.group("term")), (m.group("term"), "name", ""))) for m in matches]
        spans = [(m.start(), m.end()) for m in matches]
        for start, _end, words in disguised_words(folded):  # "K o e n  v a n  L e e u w e n", "Klaas-sen"
            found += [(start, report[c.casefold()]) for c in (" ".join(words), *words)
                      if c.casefold() in report and disguised_counts(c, rules)][:1]
        forms, cores = organisation_forms(deny.organisations, deny.known_words)
        if forms is not None:  # "Eikenbrugse", "EikenbrugZorg", "Boekweit stede" (not inside a term found)
            found += [(m.start(), (org, "organisation", org)) for m in forms.finditer(folded)
                      if not any(a <= m.start() < b for a, b in spans)
                      for org in [organisation_of_form(m.group("form"), cores)]]
        for start, (value, kind, source) in found:
            at = view.offset(start)
            if kind in ("contact-name", "name", "organisation") and any(a <= at < b for a, b in emails):
                continue  # "t.dehaan@…", "h.vandijk@…", "…@eikenbrug-zorg.example": part of an address found
                #           as such (a name before a bare "@", "tessa@wilgenlanden", is a name)
            if kind == "organisation" and f"organisation:{source}" in owners:
                kind = "contact-organisation"
            rids = owners.get(f"{kind.removeprefix('contact-')}:{source}", set()) if kind.startswith("contact-") else ()
            hits.append(PersonalDataHit(kind, value, view.offset(start), tuple(sorted(rids))))
    return sorted(hits, key=lambda h: (h.offset, h.kind, h.value))


def find_personal_data(text: str | bytes, survey: Any = None, *,
                       config_path: str | Path | None = None,
                       settings: PrivacySettings | None = None,
                       name_parts_too: bool = True, patterns: bool = True) -> list[str]:
    """Every contact-field value and configured term found in ``text``, sorted.

    Looks for: contact names (full name; with ``name_parts_too`` also the first names and
    surnames the scrubber would scrub), e-mail addresses (case-insensitive), phone numbers
    (by their digits, whatever the spacing, +31 prefix, dashes, non-breaking spaces or
    full-width digits), organisation names of an export mapping's identifying columns, and
    the ``organisations``, ``locations`` and ``names`` of ``config/privacy.yml``. Names and
    terms match on word boundaries, case-insensitively. ``bytes`` are decoded as UTF-8
    (invalid bytes replaced); embedded base64 images (``data:...;base64,``) are skipped. With
    ``patterns`` (default) every other e-mail address, phone number, IBAN, BSN, KvK number,
    birth date and address the :class:`Scrubber` would replace is reported as well, as written
    in the text. Returns the values as they are written in the contact fields / configuration:
    ``[]`` means clean. :func:`scan_personal_data` gives kind, position and respondent.
    """
    if settings is None:
        settings = load_privacy_settings(config_path)
    deny = _deny_list_of(tuple(contact_entries(survey)), settings)
    return sorted({h.value for h in scan_personal_data(text, deny, name_parts_too=name_parts_too,
                                                       patterns=patterns)})


@lru_cache(maxsize=8)
def _deny_list_of(entries: tuple[tuple[str, str, str], ...], settings: PrivacySettings) -> DenyList:
    """The same deny list for the same contacts and settings (its lookups are built once)."""
    return DenyList(entries, settings)
