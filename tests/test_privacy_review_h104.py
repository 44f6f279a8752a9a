"""Privacy review h104 of the h102 commit: ordinary Dutch text the h102 patterns replaced (false positives, which
also failed the gate for a postcode), and personal data in the same classes that still passed. Each leak case
failed on the code before the fix; each false-positive case failed on the h102 code (checked with git stash)."""

from __future__ import annotations

import time

import pytest

from wlzmonitor.inputs.privacy import PLACEHOLDERS, DenyList, Scrubber, scan_personal_data

NAME = PLACEHOLDERS["name"]
ADDRESS = PLACEHOLDERS["address"]
EMAIL = PLACEHOLDERS["email"]
WEBSITE = PLACEHOLDERS["url"]
PHONE = PLACEHOLDERS["phone"]


@pytest.fixture(scope="module")
def bare() -> Scrubber:
    """No contacts at all: only the patterns and the titles find personal data."""
    return Scrubber()


def kinds(text: str) -> set[str]:
    return {h.kind for h in scan_personal_data(text, DenyList())}


# -- false positives of h102 --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    # a care title before where the person works, a shift or a manner: no name
    "De dokter van de huisartsenpost kwam pas na een uur.",
    "De zuster van de afdeling psychogeriatrie belde de familie.",
    "De dokter ter plaatse gaf advies.",
    "We hebben de dokter van de huisartsenpraktijk ingeschakeld.",
    "De pastor van de zorginstelling bezocht de bewoners.",
    "Een broeder van de thuiszorg belde de cliënt.",
    "De dokter wijkverpleging belde gisteren.",
    "De zuster nachtdienst belde de dokter.",
    "De zuster avonddienst meldde het incident.",
    "Onze pastoor van de parochie sprak de bewoners toe.",
    "De dokter van de spoedeisende hulp belde.",
    "De dokter telefonisch belde.",
    # LinkedIn in a list of platforms
    "Via LinkedIn/Twitter delen we nieuws.",
    "Wij zijn actief op LinkedIn/Facebook en Instagram.",
    "Onze vacatures staan op LinkedIn / Indeed.",
    "We plaatsen vacatures via linkedin/indeed/werkenbij.",
    # a year and a two-letter word after an address: no postcode
    "De Parkweg 12 2024 in gebruik genomen.",
    "De Wilhelminalaan 4 2026 op de planning.",
    "Vanaf Hoofdweg 12 2024 op afgebouwd.",
    "We openen in Hoofdstraat 12, 2027 af.",
    # "br." is also bruto
    "Br. Salaris", "br. Zorgkosten stegen", "Het bedrag br. Januari was hoger", "br. salaris is hoger",
])
def test_ordinary_text_stays(bare, text):
    scrubbed = bare.scrub(text)
    assert NAME not in scrubbed and WEBSITE not in scrubbed
    assert scrubbed.count(ADDRESS) <= 1  # the street itself is an address, the year after it no postcode


@pytest.mark.parametrize("text", ["De Parkweg 12 2024 in gebruik genomen.", "We openen in Hoofdstraat 12, 2027 af."])
def test_a_year_after_an_address_is_no_postcode_for_the_gate(text):
    values = {h.value for h in scan_personal_data(text, DenyList())}
    assert not any(v.startswith("20") for v in values)


@pytest.mark.parametrize(("text", "expected"), [  # what h102 found stays found
    ("zuster haverkamp belde gisteren", f"zuster {NAME} belde gisteren"),
    ("dokter van dijk belde", f"dokter {NAME} belde"),
    ("zuster de vries-bakker", f"zuster {NAME}"),
    ("dokter jan kwam", f"dokter {NAME} kwam"),
    ("linkedin/jandevries", f"linkedin/{WEBSITE}"),
    ("Kerkstraat 5, 2012 AB", f"{ADDRESS}, {ADDRESS}"),
])
def test_what_h102_found_stays_found(bare, text, expected):
    assert bare.scrub(text) == expected


# -- leaks in the same classes ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("mail jan.devries\\u0040zorgwaard.nl", f"mail {EMAIL}"),  # was "mail jan.devries\[website]"
    ("mail jan.devries\\x40zorgwaard.nl", f"mail {EMAIL}"),
    ("mail jan.devries%u0040zorgwaard.nl", f"mail {EMAIL}"),
    ("mail jan\\u002edevries@zorg\\u002enl", f"mail {EMAIL}"),  # was kept whole
    ('{"mail": "jan.devries\\\\u0040zorg.nl"}', f'{{"mail": "{EMAIL}"}}'),  # JSON escaped twice
])
def test_a_programs_escape_of_at_and_dot(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize("text", ["mail jan.devries\\u0040zorgwaard.nl", "mail jan\\u002edevries@zorg\\u002enl"])
def test_a_programs_escape_of_at_and_dot_for_the_gate(text):
    assert "email" in kinds(text)


@pytest.mark.parametrize("text", ["zie C:\\x40\\data en \\u00e9", "pad C:\\users\\x2e", "Zie \\u0040VGZ"])
def test_escapes_without_an_address_stay(bare, text):
    assert bare.scrub(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("bel \x1b(B0612345678 aub", f"bel {PHONE} aub"),  # a character set ("tput sgr0"): was "bel (B0612345678 aub"
    ("bel \x1b(B\x1b[m0612345678", f"bel {PHONE}"),
    ("bel \x1b]8;;tel:0612345678\x07nu\x1b]8;;\x07", f"bel tel:{PHONE} nu "),  # a hyperlink's address
])
def test_more_terminal_sequences(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize("text", [
    "bel \x1b]8;;tel:0612345678\x07nu\x1b]8;;\x07",  # h102 read the command as nothing: the gate found no number
    "bel \x1b(B0612345678 aub",
    "\x1b]8;;https://x.nl/\x1b\\0612345678\x1b]8;;\x1b\\",
])
def test_more_terminal_sequences_for_the_gate(text):
    assert "phone" in kinds(text)


def test_a_character_set_takes_no_letter_of_a_word(bare):
    assert bare.scrub("\x1b(Bakker") == "(Bakker"


@pytest.mark.parametrize(("text", "expected"), [
    ("Kerkstraat huisnummer 5a, 2012 AB", f"{ADDRESS}, {ADDRESS}"),  # was kept whole
    ("Kerkstraat 5 bis, 2012 AB", f"{ADDRESS} bis, {ADDRESS}"),  # was "[adres] bis, 2012 AB"
    ("Kerkstraat 5 hs, 3512 EN", f"{ADDRESS} hs, {ADDRESS}"),
])
def test_a_postcode_after_a_house_number_written_out(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("br. jansen belde", f"br. {NAME} belde"),
    ("br. Jansen belde", f"br. {NAME} belde"),
    ("br. Piet kwam langs", f"br. {NAME} kwam langs"),
    ("ing. jansen belde", f"ing. {NAME} belde"),
    ("mr. jansen belde", f"mr. {NAME} belde"),
    ("mr. van dijk belde", f"mr. {NAME} belde"),
])
def test_names_after_more_titles(bare, text, expected):
    assert bare.scrub(text) == expected


@pytest.mark.parametrize("text", ["ing. 1 januari 2026", "ing. volgend jaar", "mr. en drs. in de raad van bestuur"])
def test_titles_before_ordinary_words_stay(bare, text):
    assert bare.scrub(text) == text


def test_the_new_forms_take_linear_time(bare):
    for text in ("\\u0040" * 40_000, "a\\u002e" * 40_000, "\x1b]8;;" * 20_000, "\x1b(" * 20_000,
                 "Kerkstraat 5 bis " * 12_000, "br. Aa " * 25_000, "zuster van de " * 16_000):
        started = time.perf_counter()
        bare.scrub(text)
        assert time.perf_counter() - started < 5.0, text[:20]
