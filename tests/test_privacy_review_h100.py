"""Review h100 of the control-character change (0ab1bc7): the scrubber and the gate read text without its control
characters, so that one inside a contact ("j\\x00an@zorg.nl") hides nothing; but one *between* two words (a NUL, a
unit or record separator, a C1 NEL between the fields of a pasted record) then glued them ("Naam\\x1fKarel
Pietersen" read as "NaamKarel Pietersen"), and the name, an IBAN or the own part of an address after it passed
both, where the code before that change found them (the scrubber's output dropped the control characters, so the gate
read the glued text after it too). Both readings count now, in the gate and in the scrubber."""

from __future__ import annotations

import pytest

from wlzmonitor.inputs.privacy import PLACEHOLDERS, DenyList, Scrubber, scan_personal_data
from wlzmonitor.spec.privacy_settings import PrivacySettings

CONTROLS = ["\x00", "\x07", "\x1e", "\x1f", "\x85"]


@pytest.fixture(scope="module")
def deny() -> DenyList:
    return DenyList((("r1", "name", "Karel Pietersen"), ("r1", "email", "jan@zorg.nl")), PrivacySettings())


@pytest.mark.parametrize("control", CONTROLS)
def test_a_control_character_between_words_glues_nothing_for_the_gate(deny, control):
    text = f"Naam{control}Karel Pietersen{control}functie"
    hits = scan_personal_data(text, deny)
    assert [(h.kind, h.value, h.offset) for h in hits] == [("contact-name", "Karel Pietersen", 5)]
    iban = scan_personal_data(f"Ref{control}NL91ABNA0417164300{control}", DenyList())
    assert [(h.kind, h.offset) for h in iban] == [("iban", 4)]
    email = scan_personal_data(f"mail{control}piet.smit@zorg.nl", DenyList())
    assert ("email", "piet.smit@zorg.nl", 5) in [(h.kind, h.value, h.offset) for h in email]
    # inside a word it still hides nothing (0ab1bc7's case)
    assert "contact-email" in {h.kind for h in scan_personal_data(f"mail j{control}an@zorg.nl", deny)}



@pytest.mark.parametrize("control", CONTROLS)
def test_a_control_character_between_words_glues_nothing_for_the_scrubber(control):
    scrubber = Scrubber(names=["Karel Pietersen"])
    out = scrubber.scrub(f"Naam{control}Karel Pietersen{control}functie, Ref{control}NL91ABNA0417164300")
    assert "Pietersen" not in out and "NL91" not in out and PLACEHOLDERS["iban"] in out
    assert "@" not in scrubber.scrub(f"mail{control}piet.smit@zorg.nl")
    assert scrubber.scrub(f"mail j{control}an@zorg.nl") == f"mail {PLACEHOLDERS['email']}"


def test_an_answer_s_own_paragraph_separator_is_kept_apart():
    """(The scrubber marks a control character's break with U+2029 and takes it out afterwards: one the answer held
    itself stays a break.)"""
    scrubber = Scrubber(names=["Karel Pietersen"])
    out = scrubber.scrub("zie\u2029Karel Pietersen\x00en Ref\x1fNL91ABNA0417164300")
    assert "Pietersen" not in out and "NL91" not in out and "\u2029" in out
