"""Privacy review h102: personal data that still passed the scrubber (and, being patterns, the gate), with the ordinary
survey text beside it that stays. Each case of the first kind failed on the code before the review's fix."""

from __future__ import annotations

import time

import pytest

from wlzmonitor.inputs.privacy import PLACEHOLDERS, DenyList, Scrubber, scan_personal_data
from wlzmonitor.spec.privacy_settings import PrivacySettings

NAME = PLACEHOLDERS["name"]
ADDRESS = PLACEHOLDERS["address"]
EMAIL = PLACEHOLDERS["email"]
WEBSITE = PLACEHOLDERS["url"]
PHONE = PLACEHOLDERS["phone"]
IBAN = PLACEHOLDERS["iban"]


@pytest.fixture(scope="module")
def bare() -> Scrubber:
    """No contacts at all: only the patterns and the titles find personal data."""
    return Scrubber()


@pytest.fixture(scope="module")
def deny() -> DenyList:
    return DenyList((("r1", "name", "Tessa de Haan"), ("r1", "email", "t.dehaan@wilgenlanden.nl"),
                     ("r1", "phone", "06-91509780")), PrivacySettings())


# -- 1. an address's "." escaped for HTML or a URL ------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("mail jan&#46;devries&#64;zorg&#46;nl graag", f"mail {EMAIL} graag"),
    ("mail jan&period;devries&commat;zorg&period;nl", f"mail {EMAIL}"),
    ("jan&amp;#46;devries&amp;#64;zorg&amp;#46;nl", EMAIL),  # escaped twice (a page copied)
    ("jan&#x2E;devries&#x40;zorg&#x2e;nl", EMAIL),
    ("mailto:jan%40zorg%2Enl", f"mailto:{EMAIL}"),
    ("mailto:jan%2540zorg%252enl", f"mailto:{EMAIL}"),
])
def test_an_address_with_an_escaped_full_stop(bare, deny, text, expected):
    assert bare.scrub(text) == expected
    assert "email" in {h.kind for h in scan_personal_data(text, DenyList())}


def test_a_contact_s_own_address_with_escaped_full_stops_names_the_respondent(deny):
    hits = scan_personal_data("mail t&#46;dehaan&#64;wilgenlanden&#46;nl", deny)
    assert ("contact-email", "r1") in {(h.kind, h.respondents[0]) for h in hits if h.respondents}


@pytest.mark.parametrize("text", ["zie &#46; hierboven", "100%2E", "5 &period; 6", "www&#46;actiz"])
def test_an_escaped_full_stop_alone_is_no_address(bare, text):
    assert bare.scrub(text) == text


# -- 2. an address a character at a time, full stops between ---------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("j.a.n @ z.o.r.g . n.l", EMAIL),
    ("mail j.a.n@z.o.r.g.n.l graag", f"mail {EMAIL} graag"),
    ("mail j . a . n @ z . o . r . g . n . l", f"mail {EMAIL}"),
    ("t.d.e.h.a.a.n @ w.i.l.g.e.n.l.a.n.d.e.n . n.l", EMAIL),
])
def test_an_address_spelt_with_full_stops(bare, text, expected):
    assert bare.scrub(text) == expected
    assert "email" in {h.kind for h in scan_personal_data(text, DenyList())}


@pytest.mark.parametrize("text", ["o.a. @ b.v. n.v.t.", "we zitten @ d.e.z.e plek", "zie o.a. at d.w.z. nl",
                                  "m.b.t. @ h.l.o. z.s.m."])
def test_dotted_abbreviations_around_an_at_stay(bare, text):
    assert bare.scrub(text) == text


# -- 3. a terminal's escape sequence -----------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("bel \x1b[31m0612345678\x1b[0m", f"bel {PHONE}"),  # was "bel [31m0612345678[0m": the number kept
    ("\x1b[31mNL91ABNA0417164300", IBAN),
    ("\x1b[1mKerkstraat 5\x1b[0m", ADDRESS),
    ("\x1b[31mpiet.smit@zorg.nl", EMAIL),  # was "[[e-mailadres]"
    # (a window title's text stays, read between blanks, so that the gate reads it too: review h104)
    ("\x1b]0;titel\x07bel 0612345678", f"titel bel {PHONE}"),
])
def test_a_terminal_colour_code_hides_nothing_from_the_scrubber(bare, text, expected):
    assert bare.scrub(text) == expected


def test_a_terminal_colour_code_hides_nothing_from_the_gate(deny):
    assert {h.kind for h in scan_personal_data("bel \x1b[31m0612345678\x1b[0m", DenyList())} == {"phone"}
    assert {h.kind for h in scan_personal_data("\x1b[31mNL91ABNA0417164300", DenyList())} == {"iban"}
    hits = scan_personal_data("mail \x1b[31mt.dehaan@wilgenlanden.nl\x1b[0m", deny)
    assert [(h.kind, h.value) for h in hits] == [("contact-email", "t.dehaan@wilgenlanden.nl")]  # was a plain e-mail
    hits = scan_personal_data("\x1b[1mTessa de Haan\x1b[0m belde", deny)
    assert [(h.kind, h.value) for h in hits] == [("contact-name", "Tessa de Haan")]


def test_a_contact_s_first_name_after_a_colour_code_is_scrubbed():
    assert Scrubber(names=["Tessa de Haan"]).scrub("\x1b[1mTessa de Haan\x1b[0m belde") == f"{NAME} belde"


@pytest.mark.parametrize("text", ["\x1bPieter", "\x1b[mark", "\x1b[Bos"])
def test_an_escape_takes_no_letter_of_a_word(text):
    """A two-character escape or a sequence without a parameter before a lower-case letter is no sequence."""
    word = text.lstrip("\x1b[")
    assert word in Scrubber().scrub(text)


# -- 4. a combining mark right after a control character -------------------------------------------------
@pytest.mark.parametrize("text", ["Tessa\x01\u0301de Haan belde", "Tessa \x01\u0301de Haan belde",
                                  "Tessa\x00\u0301\u0308de Haan belde"])
def test_a_combining_mark_after_a_control_character_splits_no_name(deny, text):
    hits = scan_personal_data(text, deny)
    assert [(h.kind, h.value) for h in hits] == [("contact-name", "Tessa de Haan")]  # was "Tessa" and "de Haan"
    assert Scrubber(names=["Tessa de Haan"]).scrub(text) == f"{NAME} belde"  # was "[naam]\u0301[naam] belde"


def test_a_combining_mark_on_a_letter_stays():
    assert Scrubber().scrub("Cafe\u0301 de Flore") == "Cafe\u0301 de Flore"


# -- 5. postcodes in an address's context ----------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Kerkstraat 5, 3512 J K Utrecht", f"{ADDRESS}, {ADDRESS} Utrecht"),  # was "[adres], 3512 J K Utrecht"
    ("Kerkstraat 5\n3512 J K\nUtrecht", f"{ADDRESS}\n{ADDRESS}\nUtrecht"),
    ("Kerkstraat 5 2012 AB", f"{ADDRESS} {ADDRESS}"),  # year-like, no place after it
    ("Kerkstraat 5, 3512 EN", f"{ADDRESS}, {ADDRESS}"),
    ("Laan van Meerdervoort 52 2517 ab", f"{ADDRESS} {ADDRESS}"),
    ("3512 J K Utrecht", f"{ADDRESS} Utrecht"),
    ("postcode 3512 J K", f"postcode {ADDRESS}"),
])
def test_a_postcode_in_an_address_s_context(bare, text, expected):
    assert bare.scrub(text) == expected
    assert sum(h.kind == "address" for h in scan_personal_data(text, DenyList())) == expected.count(ADDRESS)


@pytest.mark.parametrize("text", [
    "in 2012 AB-contracten afgesloten", "in 2012 AB en 2013 CD", "sinds 2012 EN ook", "de cijfers 2025 EN 2026",
    "Kerkstraat 5 2012 AB-contracten", "in 2026 A B C-categorieën", "we hadden 2012 A B Ctest",
])
def test_year_like_numbers_and_letters_outside_an_address_stay(bare, text):
    assert ADDRESS not in bare.scrub(text).replace(f"{ADDRESS} 2012 AB-", "")


def test_a_street_s_number_before_a_year_and_word_is_no_postcode(bare):
    assert bare.scrub("de Hoofdweg 12 2025 EN 2026 stijgt") == f"de {ADDRESS} 2025 EN 2026 stijgt"


# -- 6. a lower-case name after a care or religious title ----------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("zuster haverkamp belde gisteren", f"zuster {NAME} belde gisteren"),
    ("dokter jansen zei dat", f"dokter {NAME} zei dat"),
    ("dokter jan kwam", f"dokter {NAME} kwam"),
    ("dokter van dijk belde", f"dokter {NAME} belde"),
    ("zuster de vries-bakker", f"zuster {NAME}"),
    ("zr. haverkamp belde", f"zr. {NAME} belde"),
])
def test_a_lower_case_name_after_a_care_title(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize("text", [
    "de dokter ingeschakeld", "de zuster zorgde goed", "de dokter van dienst", "dokter dan bellen",
    "zuster en broeder", "de dokter komt langs", "een dokter nodig", "dokter op afstand", "de dokter van het team",
    "broeder in de zorg", "de dominee preekte",
])
def test_ordinary_words_after_a_care_title_stay(bare, text):
    assert bare.scrub(text) == text


# -- 7. LinkedIn ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("via LinkedIn: Jan de Vries", f"via LinkedIn: {NAME}"),  # was "[website]"
    ("op linkedin jan de vries", f"op linkedin {NAME}"),
    ("mijn linkedin is jandevries", f"mijn linkedin is {WEBSITE}"),  # was kept
    ("linkedin/jandevries", f"linkedin/{WEBSITE}"),  # was kept
])
def test_linkedin_names_and_handles(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize("text", ["LinkedIn is handig", "onze linkedin is actief", "linkedin is nuttig voor werving"])
def test_linkedin_in_a_sentence_stays(bare, text):
    assert bare.scrub(text) == text


# -- linear time -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("unit", ["a.", "a . ", "a.@", "\x1b[1", "\x1b[", "\x01\u0301", "&#46;a", "%2Ea",
                                  "Kerkstraat 5 ", "1234 A ", "zuster a "])
def test_the_new_passes_take_linear_time(bare, unit):
    text = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    bare.scrub(text[:10_000])
    scan_personal_data(text, DenyList())
    assert time.perf_counter() - started < 20.0, unit
