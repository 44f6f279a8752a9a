"""Privacy review h92: personal data the scrubber and the gate let through before, and the ordinary
text beside it that stays."""

from __future__ import annotations

import pytest

from wlzmonitor.inputs.privacy import PLACEHOLDERS, Scrubber

NAME = PLACEHOLDERS["name"]
ADDRESS = PLACEHOLDERS["address"]


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(names=["Tessa de Haan"], organisations=["Zorggroep Eikenbrug"], locations=["Dorpsstraat"])


# -- a calling name in brackets between initials and surname -------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("dhr. P.J.M. (Piet) Klaassen belde", f"dhr. {NAME} belde"),  # was "dhr. [naam]. (Piet) Klaassen belde"
    ("drs. A. (Anna) de Vries", f"drs. {NAME}"),
    ("P.J.M. (Piet) Klaassen heeft dit ingevuld", f"{NAME} heeft dit ingevuld"),
    ("Volgens mevrouw J. (Jet) van den Berg-Bakker", f"Volgens mevrouw {NAME}"),
])
def test_a_calling_name_in_brackets_goes_with_the_name(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize("text", ["N.B. (Zie) bijlage 2", "zie optie B. (Anders) hieronder"])
def test_an_abbreviation_or_label_before_brackets_stays(scrubber, text):
    assert scrubber.scrub(text) == text


# -- a postcode alone after the word postcode ------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Onze locatie heeft postcode 1234 AB.", f"Onze locatie heeft postcode {ADDRESS}."),
    ("Postcode: 3512 jk", f"Postcode: {ADDRESS}"),
    ("postcode is 1234-AB", f"postcode is {ADDRESS}"),
    ("pc 3512 JK", f"pc {ADDRESS}"),
    ("postcode 2025 AB", f"postcode {ADDRESS}"),  # year-like digits: after the word, still a postcode
])
def test_a_postcode_after_its_word_is_an_address(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize("text", [
    "postcode 1234 en verder", "Het postcodegebied 1234 telt 40 cliënten", "2400 ZK-cliënten in 2026 CZ",
])
def test_a_postcode_area_or_a_count_stays(scrubber, text):
    assert scrubber.scrub(text) == text


def test_the_gate_finds_a_postcode_after_its_word(deny):
    from wlzmonitor.inputs.privacy import scan_personal_data

    assert [h.kind for h in scan_personal_data("Bezoekadres: postcode 1234 AB", deny)] == ["address"]
    assert scan_personal_data("postcode 1234 en verder", deny) == []


# -- degrees after a name, religious and care titles before it --------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Anna Jansen MSc", NAME),  # the degree looks like a name word and goes with it
    ("Pieter van der Klaassen MBA", f"{NAME} MBA"),
    ("Anna Jansen, MSc, bestuurder", f"{NAME}, MSc, bestuurder"),
])
def test_a_name_before_a_degree(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize("text", ["Zorggroep Oost MSc", "De Zorgcirkel, MBA", "Goede Zorg MA"])
def test_an_organisation_before_a_degree_stays(scrubber, text):
    assert scrubber.scrub(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("zuster Anneke Jansen kwam", f"zuster {NAME} kwam"),
    ("Zuster Anneke", f"Zuster {NAME}"),
    ("broeder Pieter", f"broeder {NAME}"),
    ("pastor Klaassen", f"pastor {NAME}"),
    ("dominee Klaassen", f"dominee {NAME}"),
    ("ds. Klaassen", f"ds. {NAME}"),
    ("bc. Pieter Klaassen", f"bc. {NAME}"),
    ("dokter Jansen kwam", f"dokter {NAME} kwam"),
])
def test_a_name_after_a_religious_care_or_academic_title(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize("text", ["de zuster kwam langs", "de zusterorganisatie doet mee", "een dokter is duur"])
def test_the_title_words_alone_stay(scrubber, text):
    assert scrubber.scrub(text) == text


# -- social-media handles ----------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Twitter: @janvdvries", f"Twitter: {NAME}"),
    ("X: @jan_devries, LinkedIn", f"X: {NAME}, LinkedIn"),
    ("volg @pieter_klaassen82 op insta", f"volg {NAME} op insta"),
])
def test_a_social_media_handle_is_a_name(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize("text", ["prijs @ 12 euro", "10 @ 2026", "zie @ hieronder", "@VGZ en @CZ",
                                  "Stuur een mail (@zorgkantoor.nl adressen zijn goed)"])
def test_an_at_sign_without_a_handle_stays(scrubber, text):
    assert scrubber.scrub(text) == text


# -- closing words before a signature ----------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Gegroet, Anna Jansen", f"Gegroet, {NAME}"),
    ("Hgr, Anna Jansen", f"Hgr, {NAME}"),
    ("Dank, Anna Jansen", f"Dank, {NAME}"),
    ("Hartelijk dank, Anna Jansen", f"Hartelijk dank, {NAME}"),
    ("Veel dank,\nAnna", f"Veel dank,\n{NAME}"),
])
def test_a_name_after_more_closing_words(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize("text", ["Dank, Zilveren Kruis", "Met dank, Team Inkoop", "dankzij Anna", "dank - Het Zorgkantoor"])
def test_closing_words_before_no_person_stay(scrubber, text):
    assert scrubber.scrub(text) == text


# -- the gate: an HTML page read as a browser shows it and as its source reads ------------------------------
def _page_problems(tmp_path, body: str, deny) -> list[str]:
    from wlzmonitor.run.privacy_gate import file_problems

    page = tmp_path / "hoofdstuk.html"
    page.write_text(f"<!DOCTYPE html>\n<html>\n<body>\n{body}\n</body>\n</html>\n", encoding="utf-8")
    return file_problems(page, tmp_path, deny)


def test_the_gate_reads_a_phone_number_split_over_inline_tags(tmp_path, deny, contact):
    """A browser shows '06-91<span>509780</span>' as one number; the gate read it as two pieces and passed it."""
    rid, _name, _email, phone = contact
    body = f"<p>Tabel 3</p>\n<p>Bel <span class=\"x\">{phone[:5]}</span><b>{phone[5:]}</b> gerust.</p>"
    problems = _page_problems(tmp_path, body, deny)
    assert problems == [f"hoofdstuk.html line 5: the contact phone number (respondent {rid})"]
    assert phone not in " ".join(problems)


def test_a_value_found_in_both_readings_is_one_problem(tmp_path, deny, contact):
    rid, _name, email, _phone = contact
    problems = _page_problems(tmp_path, f"<p>Mail <b>{email}</b>.</p>", deny)  # "</b>." is a join
    assert problems == [f"hoofdstuk.html line 4: the contact e-mail address (respondent {rid})"]


def test_the_gate_reads_a_comment(tmp_path, deny, contact):
    """A comment is blanked as a tag was: '<!-- R0001 t.dehaan@… -->' in a page's source passed."""
    rid, _name, email, _phone = contact
    problems = _page_problems(tmp_path, f"<p>x</p>\n<!-- debug: {email} -->", deny)
    assert problems == [f"hoofdstuk.html line 5: the contact e-mail address (respondent {rid})"]


def test_the_gate_reads_a_link_with_percent_escapes(tmp_path, deny, contact):
    rid, _name, email, _phone = contact
    escaped = "".join(f"%{ord(c):02X}" for c in email)
    problems = _page_problems(tmp_path, f'<a href="mailto:{escaped}">mail</a>', deny)
    assert problems == [f"hoofdstuk.html line 4: the contact e-mail address (respondent {rid})"]


def test_inline_tags_between_table_cells_and_ordinary_markup_join_nothing(tmp_path, deny):
    body = ('<table><tr><td>06</td><td><span>12</span></td></tr></table>\n'
            '<p>n=<b>122</b>, <a href="#tabel-3">Tabel<span> 3</span></a>; 2024<sup>1</sup></p>\n'
            '<p>Vorige<span class="nav-titel">: Samenvatting</span></p>')
    assert _page_problems(tmp_path, body, deny) == []


# -- the gate: a workbook's texts besides its cells ----------------------------------------------------
def _book(tmp_path, add) -> "Path":
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tabel 1"
    ws["A1"], ws["A2"] = "Tabel 1", 35.2
    add(wb, ws)
    path = tmp_path / "tabellen.xlsx"
    wb.save(path)
    return path


def _comment(value):
    from openpyxl.comments import Comment

    def add(_wb, ws):
        ws["A2"].comment = Comment(value, "analist")
    return add


def _comment_author(value):
    from openpyxl.comments import Comment

    def add(_wb, ws):
        ws["A2"].comment = Comment("nagekeken", value)
    return add


def _header(value):
    def add(_wb, ws):
        ws.oddFooter.center.text = f"Vragen: {value}"
    return add


def _link(value):
    def add(_wb, ws):
        ws["A1"].hyperlink = f"mailto:{value}"
    return add


def _defined_name(value):
    from openpyxl.workbook.defined_name import DefinedName

    def add(wb, _ws):
        wb.defined_names["contact"] = DefinedName("contact", attr_text=f'"{value}"')
    return add


def _allowed_values(value):
    from openpyxl.worksheet.datavalidation import DataValidation

    def add(_wb, ws):
        dv = DataValidation(type="list", formula1=f'"{value},anders"')
        ws.add_data_validation(dv)
        dv.add("B2")
    return add


@pytest.mark.parametrize(("add", "field", "where", "kind"), [
    (_comment, "email", "xl/comments/comment1.xml", "the contact e-mail address"),
    (_comment_author, "name", "xl/comments/comment1.xml", "the contact person's name"),
    (_header, "phone", "xl/worksheets/sheet1.xml", "the contact phone number"),
    (_link, "email", "xl/worksheets/_rels/sheet1.xml.rels", "the contact e-mail address"),
    (_defined_name, "email", "xl/workbook.xml", "the contact e-mail address"),
    (_allowed_values, "name", "xl/worksheets/sheet1.xml", "the contact person's name"),
])
def test_the_gate_reads_a_workbooks_comments_headers_links_names_and_lists(tmp_path, deny, contact, add, field,
                                                                            where, kind):
    """The gate read a workbook's cells, sheet names and properties only: a contact's details in a cell comment
    (or as its author), a header or footer, a link, a defined name or a list of allowed values passed."""
    from wlzmonitor.run.privacy_gate import file_problems

    rid, name, email, phone = contact
    value = {"name": name, "email": email, "phone": phone}[field]
    path = _book(tmp_path, add(value))
    problems = file_problems(path, tmp_path, deny)
    assert problems == [f"tabellen.xlsx {where}: {kind} (respondent {rid})"]
    assert value not in " ".join(problems)


def test_a_clean_workbook_with_links_and_a_footer_passes(tmp_path, deny):
    from wlzmonitor.run.privacy_gate import file_problems

    def add(_wb, ws):
        ws["A1"].hyperlink = "01_tarieven.html#tabel-1"
        ws.oddFooter.center.text = "Monitor Wlz-zorgcontractering 2026, pagina &P"
    assert file_problems(_book(tmp_path, add), tmp_path, deny) == []


# -- the gate: a chart's SVG and an executed notebook ------------------------------------------------------
_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


@pytest.mark.parametrize(("body", "field", "kind"), [
    ('<a href="mailto:{}"><rect/></a>', "email", "the contact e-mail address"),
    ('<a xlink:href="mailto:{}"><rect/></a>', "email", "the contact e-mail address"),
    ("<g aria-label='{}'><rect/></g>", "name", "the contact person's name"),
    ('<g data-label="{}"><rect/></g>', "name", "the contact person's name"),
    ("<text><![CDATA[{}]]></text>", "phone", "the contact phone number"),
])
def test_the_gate_reads_an_svgs_links_labels_and_cdata(tmp_path, deny, contact, body, field, kind):
    """A chart's SVG was read by its text, comments and double-quoted aria-label/alt/title only: a mailto: link, a
    label in single quotes, a data-* value or a CDATA text passed."""
    from wlzmonitor.run.privacy_gate import file_problems

    rid, name, email, phone = contact
    path = tmp_path / "figuur.svg"
    path.write_text(_SVG.format(body.format({"name": name, "email": email, "phone": phone}[field])), encoding="utf-8")
    assert file_problems(path, tmp_path, deny) == [f"figuur.svg text: {kind} (respondent {rid})"]


def test_a_matplotlib_svgs_glyph_links_pass(tmp_path, deny):
    from wlzmonitor.run.privacy_gate import file_problems

    path = tmp_path / "figuur.svg"
    path.write_text(_SVG.format('<!-- Tabel 3 -->\n<use xlink:href="#DejaVuSans-54" transform="scale(0.1)"/>'
                                '<path id="DejaVuSans-54" d="M 4 7 L 9 8 z"/>'), encoding="utf-8")
    assert file_problems(path, tmp_path, deny) == []


def _notebook(tmp_path, cell: dict) -> "Path":
    import json

    path = tmp_path / "hoofdstuk.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "code", "source": "x", "metadata": {}, "outputs": [],
                                           **cell}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


@pytest.mark.parametrize(("cell", "field", "kind"), [
    ({"outputs": [{"output_type": "display_data", "data": {"text/plain": "ok"}, "metadata": {"note": "VALUE"}}]},
     "email", "the contact e-mail address"),
    ({"cell_type": "markdown", "attachments": {"notitie.txt": {"text/plain": "VALUE"}}}, "email",
     "the contact e-mail address"),
    ({"outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                   "data": {"text/html": "<b>{phone_a}</b><b>{phone_b}</b>"}}]}, "phone", "the contact phone number"),
])
def test_the_gate_reads_a_notebooks_output_metadata_attachments_and_split_html(tmp_path, deny, contact, cell, field,
                                                                                kind):
    """An executed notebook's output metadata and a cell's attachments were not read, nor an HTML output's value
    split over inline tags."""
    import json

    from wlzmonitor.run.privacy_gate import file_problems

    rid, name, email, phone = contact
    text = json.dumps(cell).replace("VALUE", {"name": name, "email": email, "phone": phone}[field])
    text = text.replace("{phone_a}", phone[:5]).replace("{phone_b}", phone[5:])
    path = _notebook(tmp_path, json.loads(text))
    assert file_problems(path, tmp_path, deny) == [f"hoofdstuk.ipynb cell 1: {kind} (respondent {rid})"]


# -- the gate: a file's name ---------------------------------------------------------------------------
def test_the_gate_reads_file_names_without_repeating_them(tmp_path, deny, contact):
    """No file's name was read: a chart saved as 'figures/01_tarieven_Tessa_de_Haan.png' or a CSV named after an
    e-mail address was published. The message names the folder, never the name."""
    from wlzmonitor.run.privacy_gate import personal_data_problems

    rid, name, email, _phone = contact
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / f"01_tarieven_{name.replace(' ', '_')}.png").write_bytes(b"\x89PNG")
    (tmp_path / f"{email}.csv").write_text("row,column,value,n\nJa,Totaal,35.2,122\n", encoding="utf-8")
    (tmp_path / name.split()[0]).mkdir()
    (tmp_path / name.split()[0] / "tabel.csv").write_text("row,column,value,n\n", encoding="utf-8")
    (tmp_path / "figures" / "01_tarieven_maatwerk.png").write_bytes(b"\x89PNG")
    problems = personal_data_problems(tmp_path, deny)
    assert f"figures/(name not shown): the file's name holds the contact person's name (respondent {rid})" in problems
    assert f"(name not shown): the file's name holds the contact e-mail address (respondent {rid})" in problems
    assert f"(name not shown): the file's name holds the contact person's name (respondent {rid})" in problems
    text = " ".join(problems)
    assert email not in text and name.split()[0] not in text and "maatwerk" not in text


# -- an address's own part written apart ------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("mail jan punt devries at zorgwaard punt nl", "mail [e-mailadres]"),  # was "mail jan punt [e-mailadres]"
    ("jan . devries @ zorgwaard . nl", "[e-mailadres]"),
    ("jan [dot] de [dot] vries [at] zorgwaard [dot] nl", "[e-mailadres]"),
    ("jan (punt) devries (at) zorgwaard (punt) nl", "[e-mailadres]"),
    ("het ging om punt jan [at] zorg [dot] nl", "het ging om punt [e-mailadres]"),
    ("Wij doen dat . jan @ zorg . nl", "Wij doen dat . [e-mailadres]"),
    ("Zie punt 3 en mail jan@zorg.nl", "Zie punt 3 en mail [e-mailadres]"),
    ("Zie punt jan@zorg.nl", "Zie punt [e-mailadres]"),  # an address written plainly: its own part is plain too
])
def test_an_addresss_own_part_written_apart_goes_with_it(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


def test_the_gate_finds_an_addresss_own_part_written_apart(deny):
    from wlzmonitor.inputs.privacy import scan_personal_data

    [hit] = scan_personal_data("mail jan punt devries at zorgwaard punt nl", deny)
    assert (hit.kind, hit.offset) == ("email", 5)


# -- a contact's name written surname first, or after "de heer" ----------------------------------------
class _Contacts:
    """A survey's contact fields only (what contact_values and deny_list read)."""

    def __init__(self, name: str) -> None:
        import pandas as pd

        self._contacts = pd.DataFrame({"contact__naam": [name]}, index=["R0007"])


@pytest.mark.parametrize(("field", "text"), [
    ("Haan, Tessa de", "De Haan belde ons."),  # was read as "Haan" and "Tessa de": "De Haan" passed
    ("Vries, J.P. de", "Jan Pieter de Vries belde ons."),
    ("Bakker, P.", "Pieter Bakker belde ons."),  # was "Pieter [naam] belde ons."
    ("de heer P. Bakker", "Pieter Bakker belde ons."),  # was read as "de heer Bakker": nothing was found
    ("de heer P. Bakker", "Bakker belde ons."),
    ("De heer Kuipers", "Kuipers belde ons."),
    ("Heuvel-Smit, Anne-Marie van den", "Van den Heuvel-Smit belde ons."),
])
def test_a_contact_written_surname_first_or_after_de_heer_is_found(field, text):
    from wlzmonitor.inputs.privacy import contact_values, deny_list, scan_personal_data
    from wlzmonitor.spec.privacy_settings import PrivacySettings

    survey = _Contacts(field)
    assert Scrubber(names=contact_values(survey)["names"]).scrub(text) == f"{NAME} belde ons."
    hits = scan_personal_data(text, deny_list(survey, PrivacySettings()))
    assert hits and {h.kind for h in hits} == {"contact-name"} and {h.respondents for h in hits} == {("R0007",)}


@pytest.mark.parametrize("field", ["Jansen, directeur", "Bakker, Zorggroep", "Marloes van Rijn, Hidde Postma",
                                   "Jansen, teamleider inkoop", "jansen, de"])
def test_no_name_turned_round_from_a_role_an_organisation_or_two_people(field):
    from wlzmonitor.inputs.privacy import surname_first

    assert surname_first(field) is None


def test_a_role_after_the_comma_stays_a_word():
    from wlzmonitor.inputs.privacy import contact_values

    text = "De directeur belde ons."
    assert Scrubber(names=contact_values(_Contacts("Jansen, directeur"))["names"]).scrub(text) == text


# -- a person named beside the number or address in a phone or e-mail field ---------------------------------
class _Fields:
    def __init__(self, **fields: str) -> None:
        import pandas as pd

        self._contacts = pd.DataFrame({f"contact__{k}": [v] for k, v in fields.items()}, index=["R0009"])


@pytest.mark.parametrize("fields", [
    {"telefoon": "0612345678 (Pieter Bakker)"},  # was no contact name at all: "Pieter Bakker belde" passed
    {"telefoon": "06-12345678 Pieter Bakker"},
    {"email": "Pieter Bakker <secretariaat@zorgwaard.nl>"},
    {"email": "secretariaat@zorgwaard.nl t.a.v. Pieter Bakker"},
])
def test_a_name_beside_the_number_or_address_is_a_contact(fields):
    from wlzmonitor.inputs.privacy import contact_values, deny_list, scan_personal_data
    from wlzmonitor.spec.privacy_settings import PrivacySettings

    survey = _Fields(**fields)
    text = "Pieter Bakker belde ons."
    assert Scrubber(names=contact_values(survey)["names"]).scrub(text) == f"{NAME} belde ons."
    hits = scan_personal_data(text, deny_list(survey, PrivacySettings()))
    assert hits and {(h.kind, h.respondents) for h in hits} == {("contact-name", ("R0009",))}


@pytest.mark.parametrize("value", ["06-12345678 (mobiel)", "030-1234567 Secretariaat", "06-12345678 / 030-1234567",
                                   "030 - 123 45 67, Zorggroep Oost", "06-12345678 Manager Zorg",
                                   "06-12345678 (na 17 uur)", "p.bakker@zorg.nl", "Inkoop Wlz <inkoop@zorg.nl>"])
def test_no_name_beside_a_number_or_address_that_names_no_one(value):
    from wlzmonitor.inputs.privacy import names_beside_contact

    assert names_beside_contact(value) == []


# -- a phone number written in words ---------------------------------------------------------------------
PHONE = PLACEHOLDERS["phone"]


@pytest.mark.parametrize(("text", "expected"), [
    ("mobiel: nul zes twaalf vierendertig zesenvijftig achtenzeventig", f"mobiel: {PHONE}"),
    ("bel nul zes een twee drie vier vijf zes zeven acht", f"bel {PHONE}"),
    ("Bel Nul Zes, een twee drie vier, vijf zes zeven acht.", f"Bel {PHONE}."),
])
def test_a_phone_number_in_words(scrubber, text, expected, deny):
    from wlzmonitor.inputs.privacy import scan_personal_data

    assert scrubber.scrub(text) == expected
    assert [h.kind for h in scan_personal_data(text, deny)] == ["phone"]


@pytest.mark.parametrize("text", ["nul komma vijf procent", "van nul naar een, twee of drie locaties",
                                  "score nul een twee drie vier vijf", "nul-zes-een-twee-drie-vier"])
def test_numbers_in_words_that_are_no_phone_number(scrubber, text):
    assert scrubber.scrub(text) == text


def test_a_file_gone_while_read_is_named_without_its_name_when_that_holds_personal_data(tmp_path, deny, contact,
                                                                                       private_key, monkeypatch):
    """The message for a file removed while the gate read it printed its path as it was, a contact's name in it."""
    from wlzmonitor.run import privacy_gate
    from wlzmonitor.run.privacy_gate import OutputScan

    _rid, name, _email, _phone = contact
    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    victim = out / "tables" / f"{name.replace(' ', '_')}.csv"
    victim.write_text("row,column,value,n\n", encoding="utf-8")
    real = privacy_gate.file_problems

    def removed_while_read(path, *args, **kwargs):
        if path == victim:
            victim.unlink()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(privacy_gate, "file_problems", removed_while_read)
    problems = OutputScan(out, deny).finish()
    assert problems == ["tables/(name not shown): removed or changed while the privacy gate read it "
                        "(it was not checked for personal data)"]


# -- a name typed into the contact's function field ----------------------------------------------------------
@pytest.mark.parametrize("function", ["Pieter Bakker, bestuurder", "bestuurder (Pieter Bakker)"])
def test_a_name_in_the_function_field_is_a_contact(function):
    """The function field is no contact's (job titles are words), so a name typed into it was found nowhere:
    'Pieter Bakker belde' passed the scrubber and the gate."""
    from wlzmonitor.inputs.privacy import contact_values, deny_list, scan_personal_data
    from wlzmonitor.spec.privacy_settings import PrivacySettings

    survey = _Fields(functie=function)
    text = "Pieter Bakker belde ons."
    assert Scrubber(names=contact_values(survey)["names"]).scrub(text) == f"{NAME} belde ons."
    hits = scan_personal_data(text, deny_list(survey, PrivacySettings()))
    assert hits and {(h.kind, h.respondents) for h in hits} == {("contact-name", ("R0009",))}


@pytest.mark.parametrize("function", [
    "Manager Financiën", "Lid Raad van Bestuur", "Regiomanager Wonen en Zorg", "Business Controller",
    "Specialist Ouderengeneeskunde", "Directeur Zorg", "Hoofd Financiën", "Senior Beleidsadviseur",
    "Manager Zorgcontractering", "lid raad van bestuur", "Chief Financial Officer", "Financieel Directeur",
    "Zorginkoper Wlz", "Teamleider Intramuraal", "Coördinator Kwaliteit en Veiligheid", "Voorzitter RvB",
])
def test_a_role_in_the_function_field_names_no_one(function):
    from wlzmonitor.inputs.privacy import contact_values, names_in_function

    assert names_in_function(function) == []
    assert contact_values(_Fields(functie=function))["names"] == []


# -- anyone's surname before the initials ----------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Klaassen, A.B.C.", NAME),  # "A.B.C. Klaassen" was replaced, this way round nothing
    ("Gesproken met Klaassen, A.B.C. van het zorgkantoor.", f"Gesproken met {NAME} van het zorgkantoor."),
    ("Vries, J.P. de belde ons", f"{NAME} belde ons"),
    ("Bakker, P. en Jansen, K.", f"{NAME} en {NAME}"),
])
def test_anyones_surname_before_the_initials(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize("text", ["Zie Tabel, B. hieronder", "Menzis, N.B. het tarief", "De Zorg, A. gaat door",
                                  "Wonen, B. en C. zijn de opties", "Uitvoering, A.B. plan"])
def test_a_word_or_label_before_letters_stays(scrubber, text):
    assert scrubber.scrub(text) == text
