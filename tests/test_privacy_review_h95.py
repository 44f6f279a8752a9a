"""Privacy review h95: personal data an adversarial review found passing the scrubber and the gate, and the
ordinary text beside it that stays. Each case failed on the code before the review's fix."""

from __future__ import annotations

import pytest

from wlzmonitor.inputs.privacy import PLACEHOLDERS, DenyList, Scrubber, scan_personal_data
from wlzmonitor.spec.privacy_settings import PrivacySettings

NAME = PLACEHOLDERS["name"]
ADDRESS = PLACEHOLDERS["address"]
EMAIL = PLACEHOLDERS["email"]
WEBSITE = PLACEHOLDERS["url"]
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(names=["Tessa de Haan"], organisations=["Zorggroep Eikenbrug"], locations=["Dorpsstraat"])


@pytest.fixture(scope="module")
def bare() -> Scrubber:
    """No contacts at all: only the patterns and the titles find a name."""
    return Scrubber()


# -- 1. a title and an initial without full stops ----------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("dhr p bakker belde", f"dhr {NAME} belde"),  # was "dhr [naam] bakker belde"
    ("Gesprek met mevr j jansen", f"Gesprek met mevr {NAME}"),
    ("mw a de vries belde", f"mw {NAME} belde"),
    ("mw a van der berg", f"mw {NAME}"),
    ("DHR P BAKKER", f"DHR {NAME}"),  # was "DHR [naam] BAKKER"
    ("MW A DE VRIES", f"MW {NAME}"),
    ("drs k smit komt", f"drs {NAME} komt"),
    ("Volgens dr. jansen", f"Volgens dr. {NAME}"),
    (f"dhr{NBSP}p{NBSP}bakker", f"dhr{NBSP}{NAME}"),
    ("mevrouw p bakker\nvolgende regel", f"mevrouw {NAME}\nvolgende regel"),
    ("Dhr P Bakker", f"Dhr {NAME}"),
    ("Mw A de Vries", f"Mw {NAME}"),
])
def test_a_title_with_an_initial_without_its_full_stop(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize("text", ["mw zijn overbelast", "de heer a en b", "mw a", "de mw heeft het druk"])
def test_a_form_of_address_without_a_name_stays(bare, text):
    assert bare.scrub(text) == text


# -- 2. a malformed e-mail address ---------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("mail jan@@zorg.nl", f"mail {EMAIL}"),
    ("mail jan @@ zorg . nl graag", f"mail {EMAIL} graag"),
    ("jan@ @zorg.nl", EMAIL),
    ("jan@zorg..nl", EMAIL),
    ("jan@zorg,nl", EMAIL),
    ("jan @ zorg,nl", EMAIL),
    ("jan@zorg;nl", EMAIL),
    ("jan@zorg@nl", EMAIL),
    ("jan@zorg nl.", f"{EMAIL}."),
    ("JAN@@ZORG.NL", EMAIL),
    ("jan.de.vries@@zorgwaard.nl", EMAIL),
    ("jan@zorg\u00b7nl", EMAIL),
    ("jan@zorg_nl", EMAIL),
])
def test_a_malformed_e_mail_address(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize("text", ["zie x@y en nl", "@Tessa de vergadering ging goed", "a@b", "5 @ 10 euro"])
def test_text_around_an_at_sign_that_is_no_address_stays(bare, text):
    assert EMAIL not in bare.scrub(text)


# -- 3. a LinkedIn profile without its domain -------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("linkedin: /in/jan-de-vries-12345", f"linkedin: {WEBSITE}"),
    ("zie in/jan-devries", f"zie {WEBSITE}"),
    ("mijn profiel /in/jdevries-1a2b3c.", f"mijn profiel {WEBSITE}."),
    ("LinkedIn: jandevries", f"LinkedIn: {WEBSITE}"),
    ("LinkedIn profiel: /in/jdevries", f"LinkedIn profiel: {WEBSITE}"),
    ("LINKEDIN: jan-de-vries", f"LINKEDIN: {WEBSITE}"),
])
def test_a_linkedin_profile_without_its_domain(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize("text", ["de in/uitstroom", "in/door-stroom van cliënten", "in/uit-stroom",
                                  "LinkedIn is handig", "kosten in/excl-btw"])
def test_in_and_out_and_linkedin_as_a_word_stay(bare, text):
    assert bare.scrub(text) == text


# -- 4. a postcode alone ----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("adres (3512 JK)", f"adres ({ADDRESS})"),
    ("adres (3512JK)", f"adres ({ADDRESS})"),
    ("[3512 jk]", f"[{ADDRESS}]"),
    ("(3512-JK)", f"({ADDRESS})"),
    ("( 3512 JK )", f"( {ADDRESS} )"),
    ("Kerkweg\n3512 JK\nUtrecht", f"Kerkweg\n{ADDRESS}\nUtrecht"),
])
def test_a_postcode_alone_in_brackets_or_on_its_line(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize("text", ["(2026 CZ)", "(2400 ZK)", "(1200 VV)", "(1200 of)", "(1200 pg)", "1200 VV"])
def test_a_count_in_brackets_stays(bare, text):
    assert bare.scrub(text) == text


def test_the_gate_finds_a_postcode_alone():
    deny = DenyList((), PrivacySettings())
    assert [h.kind for h in scan_personal_data("Bezoekadres (3512 JK)", deny)] == ["address"]
    assert scan_personal_data("(2026 CZ)", deny) == []


# -- 5. German spellings: umlaut or ß written out, and the other way round --------------------------
def test_transliterations():
    from wlzmonitor.inputs.privacy import transliterations

    assert "Juergen Mueller" in transliterations("Jürgen Müller")
    assert "Jurgen" in transliterations("Juergen")
    assert "Kerkstrasse" in transliterations("Kerkstraße")
    assert "Kerkstraße" in transliterations("Kerkstrasse")
    assert transliterations("Hoek") == []  # Dutch "oe" is no "ö"


@pytest.fixture(scope="module")
def german() -> Scrubber:
    return Scrubber(names=["Jürgen Müller", "Juergen Krause"], locations=["Kerkstraße", "Lindenstrasse"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Juergen Mueller belde", f"{NAME} belde"),
    ("JUERGEN MUELLER", NAME),
    ("Jürgen Krause", NAME),
    ("Jurgen", NAME),
    ("Kerkstrasse 5", f"{PLACEHOLDERS['location']} 5"),
    ("Lindenstraße", PLACEHOLDERS["location"]),
])
def test_the_scrubber_reads_a_german_spelling_both_ways(german, text, expected):
    assert german.scrub(text) == expected


@pytest.mark.parametrize(("text", "kind"), [
    ("Juergen Mueller", "contact-name"), ("Jürgen", "contact-name"), ("Jürgen Krause", "contact-name"),
    ("Mueller", "contact-name"), ("Kerkstrasse", "location"), ("Lindenstraße", "location"),
])
def test_the_gate_reads_a_german_spelling_both_ways(text, kind):
    deny = DenyList((("R0001", "name", "Jürgen Müller"), ("R0002", "name", "Juergen Krause")),
                    PrivacySettings(locations=("Kerkstraße", "Lindenstrasse")))
    hits = scan_personal_data(text, deny)
    assert [h.kind for h in hits] == [kind]
    if kind == "contact-name":
        assert hits[0].respondents in (("R0001",), ("R0002",))
