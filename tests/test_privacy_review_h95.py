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


# -- 6. the data-quality log quotes short values: not a name ---------------------------------------
@pytest.mark.parametrize("value", ["Kees", "KEES", "Wim", "Anna", "Smit", "Eva", "jan", "Ad"])
def test_a_short_value_written_as_a_name_is_not_quoted(value):
    from wlzmonitor.inputs.quality_log import describe_value

    assert describe_value(value) == f"text of {len(value)} characters"


@pytest.mark.parametrize("value", ["Ja", "Nee", "Matig", "ja", "nee", "Goed", "Soms", "-", "?", "VV5", "CZ", "VGZ",
                                   "veel", "inf", "x", "12", "Mwah"])  # review h97: "abc" is no longer quoted
def test_a_short_answer_label_or_code_is_still_quoted(value):
    from wlzmonitor.inputs.quality_log import describe_value

    assert describe_value(value) == f"'{value}'"


# -- the gate reads what a browser shows or a page's source holds beyond its text ----------------------
_B64 = __import__("base64").b64encode


def _b64(text: str) -> str:
    return _B64(text.encode("utf-8")).decode("ascii")


GATE_PAGES = {
    "class": '<div class="tessa-de-haan">x</div>',
    "id": "<span id='TessadeHaan'>x</span>",
    "style attribute, phone": '<p style="--x: 0691509780">x</p>',
    "style block, content": '<style>p::before { content: "Tessa"; }</style><p>x</p>',
    "style block, phone": '<style>.a::after{content:"06-9150 9780"}</style>',
    "CSS escape": '<style>.a::after{content:"\\54 essa de Haan"}</style>',
    "CSS escape in a style attribute": "<p style=\"content: '\\54 essa'\">x</p>",
    "JS \\u escape": '<script>var n = "\\u0054essa de \\u0048aan";</script>',
    "JS \\x escape": '<script>var n = "\\x54\\x65\\x73\\x73\\x61 \\x64\\x65 \\x48\\x61\\x61\\x6e";</script>',
    "JS \\u{} escape": '<script>var n = "\\u{54}essa";</script>',
    "data URI, text": f'<a href="data:text/plain;base64,{_b64("Tessa de Haan")}">x</a>',
    "data URI, charset": f'<a href="data:text/plain;charset=utf-8;base64,{_b64("bel 06-91509780")}">x</a>',
    "data URI, SVG": f'<img src="data:image/svg+xml;base64,{_b64("<svg><text>Tessa de Haan</text></svg>")}">',
    "data URI, HTML": f'<iframe src="data:text/html;base64,{_b64("<p>06 91 50 97 80</p>")}"></iframe>',
    "base64 block, name": f'<script>var x = atob("{_b64("Tessa")}");</script>',
    "base64 block, phone": f'<p data-x="{_b64("0691509780")}">x</p>',
    "base64 block, e-mail": f'<div>{_b64("t.dehaan@wilgenlanden.nl")}</div>',
}


@pytest.fixture(scope="module")
def gate_deny() -> DenyList:
    return DenyList((("R0001", "name", "Tessa de Haan"), ("R0001", "phone", "06-91509780"),
                     ("R0001", "email", "t.dehaan@wilgenlanden.nl"), ("R0002", "name", "Max White")),
                    PrivacySettings())


@pytest.mark.parametrize("form", list(GATE_PAGES))
def test_the_gate_reads_a_page_as_a_browser_shows_it_and_its_source(tmp_path, gate_deny, form):
    from wlzmonitor.run.privacy_gate import file_problems

    page = tmp_path / "p.html"
    page.write_text(f"<html><body>\n{GATE_PAGES[form]}\n</body></html>\n", encoding="utf-8")
    problems = file_problems(page, tmp_path, gate_deny)
    assert problems and all(p.startswith("p.html line 2: ") and "R0001" in p for p in problems), problems
    assert not any(v in " ".join(problems) for v in ("Tessa", "9150", "dehaan"))


def test_the_gate_reads_a_drawing_s_markup_and_stylesheet(tmp_path, gate_deny):
    from wlzmonitor.run.privacy_gate import file_problems

    svg = tmp_path / "c.svg"
    svg.write_text('<svg><g class="tessa-de-haan"><text>x</text></g></svg>', encoding="utf-8")
    assert file_problems(svg, tmp_path, gate_deny)
    svg.write_text('<svg><style>text::before{content:"Tessa"}</style><text>x</text></svg>', encoding="utf-8")
    assert file_problems(svg, tmp_path, gate_deny)


@pytest.mark.parametrize("markup", [
    '<div style="max-width: 20em; color: white" class="max-w white-bg">x</div>',  # a contact "Max White"
    '<style>.max{max-width:1px;color:white} p::before{content:"\\2022"}</style>',
    '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">',
    '<p class="tessa">x</p>',  # a first name alone in the markup: no name ("tessa" could be a class of the report)
    "<p>Zorgkantoor Wijkverpleging Dagbesteding Verpleeghuiszorg</p>",  # words: no base64 text
])
def test_the_gate_leaves_the_page_s_own_markup_alone(tmp_path, gate_deny, markup):
    from wlzmonitor.run.privacy_gate import file_problems

    page = tmp_path / "p.html"
    page.write_text(f"<html><body>\n{markup}\n</body></html>\n", encoding="utf-8")
    assert file_problems(page, tmp_path, gate_deny) == []


@pytest.mark.parametrize("unit", ["a@", "@@", "a@a,", "a@a ", "in/a-", "/in/a-", "linkedin: a-", "(1234 AB",
                                  "1234 AB\n", "dhr p ", "mw a ", "DHR P ", "\\6a ", "\\u006a", "SmFu", "SmFu=",
                                  'content:"a" ', "class=a ", "data:text/plain;base64,SmFu"])
def test_the_new_patterns_take_linear_time(unit):
    import time

    from wlzmonitor.run import hidden_text

    text = unit * (10_000 // len(unit))
    start = time.process_time()
    Scrubber(names=["Tessa de Haan"]).scrub(text)
    hidden_text.decoded_texts(text, lambda mime, t: t)
    hidden_text.markup_text(text)
    hidden_text.css_content_text(text)
    assert time.process_time() - start < 3


def test_only_the_lines_an_escape_changes_are_read_again():
    """The text of a page's escapes is the lines they change and the line on either side (the rest is the
    page's plain reading, read as such): not the whole page a second time."""
    from wlzmonitor.run.hidden_text import changed_lines

    assert changed_lines("a\nb \\54 x\nc\nd\ne", "a\nb T x\nc\nd\ne") == "a\nb T x\nc\n\n"
    assert changed_lines("a\n\\54\nc", "a\nT\nc") == "a\nT\nc"
    assert changed_lines("a\nb", "a b") == "a b"  # lines that do not correspond: all of it


@pytest.mark.parametrize("script", [
    '<script>var n = "\\u0054essa de Haan";</script>',
    '<script>var n = "Tessa de \\u0048aan";</script>',
    '<script>var n = "\\u0054essa de\nHaan";</script>',  # the name across a line break, one part escaped
    '<script>var n = "Tessa\n\\u0064e Haan";</script>',
])
def test_an_escaped_name_in_a_long_page_is_found_at_its_line(tmp_path, gate_deny, script):
    from wlzmonitor.run.privacy_gate import file_problems

    page = tmp_path / "p.html"
    filler = "".join(f"<p>Regel {i}: zorg en welzijn in de regio.</p>\n" for i in range(300))
    page.write_text(f"<html><body>\n{filler}{script}\n<p>Einde.</p>\n</body></html>\n", encoding="utf-8")
    problems = file_problems(page, tmp_path, gate_deny)
    assert problems and all(p.startswith(("p.html line 302: ", "p.html line 303: ")) and "R0001" in p
                            for p in problems), problems
