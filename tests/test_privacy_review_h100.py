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


def test_the_cells_of_a_workbook_row_are_read_apart(tmp_path):
    """The gate reads a sheet as one text with its cells apart; the mark between them was a NUL, which the view reads
    without since 0ab1bc7 (and as a blank since the fix above): a row of bases n = 106, 117, 117 read as "106117117"
    and "106 117 117", a BSN by the 11-test, and the made-up 2027 report failed its gate. A BSN in one cell is found."""
    from openpyxl import Workbook

    from wlzmonitor.run.privacy_gate import file_problems

    book = Workbook()
    book.active.title = "Tabel 23"
    book.active.append(["n (basis)", 106, 117, 117])
    book.active.append(["Ja, geheel", 0.7264, 0.7436, 0.7436])
    book.save(tmp_path / "tabellen.xlsx")
    assert file_problems(tmp_path / "tabellen.xlsx", tmp_path, DenyList()) == []
    book.active.append(["toelichting", "mijn bsn is 106117117"])
    book.save(tmp_path / "tabellen.xlsx")
    problems = file_problems(tmp_path / "tabellen.xlsx", tmp_path, DenyList())
    assert len(problems) == 1 and "sheet 'Tabel 23' cell B3: a BSN" in problems[0], problems
