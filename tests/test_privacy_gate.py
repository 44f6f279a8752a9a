"""The last gate of a run (run/privacy_gate.py): personal data planted in a staged output is found
in a page, a CSV cell, a workbook cell, a notebook, a chart and a PDF; the message names the file,
the place and the respondent, never the value."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
from pdf_bytes import pdf_from_objects
from openpyxl import Workbook

from wlzmonitor.inputs.privacy import DenyList, contact_entries, deny_list
from wlzmonitor.run.privacy_gate import KIND_WORDS, file_texts, personal_data_problems, run_deny_list
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.privacy_settings import PrivacySettings

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="




def _clean_output(folder: Path) -> Path:
    """A staged output with one file of every kind, all clean."""
    (folder / "tables").mkdir(parents=True)
    (folder / "figures").mkdir()
    (folder / "notebooks").mkdir()
    (folder / "01_tarieven.html").write_text(
        f'<html lang="nl"><body><h1>Tarieven</h1><p>95,5% in 2026 (n=122), Vraag 12, € 1.234.</p>'
        f'<img src="data:image/png;base64,{PNG}" alt="Figuur 1"></body></html>\n', encoding="utf-8")
    (folder / "tables" / "tarief.csv").write_text("row,column,value,n\nJa,2026,35.24590163934426,122\n"
                                                  "Nee,2026,64.75409836065574,122\n", encoding="utf-8")
    book = Workbook()
    book.active.title = "Inhoud"
    book.active.append(["Tabel 1", "Heeft u om maatwerk verzocht?"])
    book.create_sheet("Tabel 1").append(["Ja", "2026", 35.2, 122])
    book.save(folder / "wlz_monitor_2026_tabellen.xlsx")
    (folder / "figures" / "01_tarieven_x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><!-- 35% --><path d="M 0612345678 L 1 2 z"/>'
        "<title>Tarieven 2026</title></svg>\n", encoding="utf-8")
    (folder / "figures" / "01_tarieven_x.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    notebook = {"metadata": {"papermill": {"parameters": {"year": 2026}}}, "nbformat": 4, "nbformat_minor": 5,
                "cells": [{"cell_type": "code", "source": "print(x)", "metadata": {}, "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": "95,5%\n"},
                    {"output_type": "display_data", "metadata": {}, "data": {"image/png": PNG + "06123456780A"}}]}]}
    (folder / "notebooks" / "01_tarieven.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"year": 2026, "respondents": 122}), encoding="utf-8")
    (folder / "data_quality_log.csv").write_text("file,row,respondent_id,issue\nrespondenten.csv,28,R0026,"
                                                 "duplicate\n", encoding="utf-8")
    return folder


def test_a_clean_output_passes(tmp_path, deny):
    assert personal_data_problems(_clean_output(tmp_path / "out"), deny) == []


def test_planted_in_a_page_a_csv_cell_and_a_workbook_cell(tmp_path, deny, contact):
    rid, name, email, phone = contact
    out = _clean_output(tmp_path / "out")
    page = out / "01_tarieven.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</h1>", f"</h1>\n<p>Met dank aan {html.escape(name)}.</p>"), encoding="utf-8")
    (out / "tables" / "tarief.csv").write_text(
        f"row,column,value,n\nJa,2026,35.2,122\n\"Bel {phone}\",2026,1,1\n", encoding="utf-8")
    book = Workbook()
    book.active.title = "Tabel 1"
    book.active.append(["Ja", 35.2])
    book.active.append(["Nee", f"mail {email.upper()}"])
    book.save(out / "wlz_monitor_2026_tabellen.xlsx")
    problems = personal_data_problems(out, deny)
    assert problems == [
        f"01_tarieven.html line 2: {KIND_WORDS['contact-name']} (respondent {rid})",
        f"tables/tarief.csv line 3: {KIND_WORDS['contact-phone']} (respondent {rid})",
        f"wlz_monitor_2026_tabellen.xlsx sheet 'Tabel 1' cell B2: {KIND_WORDS['contact-email']} (respondent {rid})",
    ]
    joined = "\n".join(problems)
    for value in (name, email, phone, name.split()[0], email.upper()):
        assert value not in joined  # never the value itself


@pytest.mark.parametrize("where", ["notebook stream", "notebook html", "notebook metadata", "svg comment",
                                   "svg title", "index", "manifest", "log", "sheet name", "workbook author"])
def test_planted_anywhere_else(tmp_path, deny, contact, where):
    rid, name, email, phone = contact
    out = _clean_output(tmp_path / "out")
    nb_path = out / "notebooks" / "01_tarieven.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    if where == "notebook stream":
        nb["cells"][0]["outputs"][0]["text"] = f"Contact: {name}\n"
    elif where == "notebook html":
        nb["cells"][0]["outputs"].append({"output_type": "display_data", "metadata": {},
                                          "data": {"text/html": f"<td>{html.escape(email)}</td>"}})
    elif where == "notebook metadata":
        nb["metadata"]["papermill"]["parameters"]["contact"] = phone
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    svg = out / "figures" / "01_tarieven_x.svg"
    if where == "svg comment":
        svg.write_text(svg.read_text(encoding="utf-8").replace("<!-- 35% -->", f"<!-- {name} -->"), encoding="utf-8")
    elif where == "svg title":
        svg.write_text(svg.read_text(encoding="utf-8").replace("Tarieven 2026", f"Bel {phone}"), encoding="utf-8")
    elif where == "index":
        (out / "index.html").write_text(f"<p>{email}</p>\n", encoding="utf-8")
    elif where == "manifest":
        (out / "manifest.json").write_text(json.dumps({"year": 2026, "by": name}), encoding="utf-8")
    elif where == "log":
        (out / "data_quality_log.csv").write_text(f"file,row,issue\nx.csv,3,telefoon {phone} ongeldig\n",
                                                  encoding="utf-8")
    elif where in ("sheet name", "workbook author"):
        book = Workbook()
        book.active.title = name[:31] if where == "sheet name" else "Inhoud"
        if where == "workbook author":
            book.properties.creator = name
        book.save(out / "wlz_monitor_2026_tabellen.xlsx")
    problems = personal_data_problems(out, deny)
    assert problems and all(f"(respondent {rid})" in p for p in problems), problems
    assert not any(v in p for p in problems for v in (name, email, phone))


def test_respondent_unknown_and_configured_terms(tmp_path, survey_2026):
    settings = PrivacySettings(organisations=("Zorggroep Eikenbrug",))
    deny = deny_list(survey_2026, settings)
    out = _clean_output(tmp_path / "out")
    (out / "extra.html").write_text("<p>Bij Zorggroep Eikenbrug, IBAN NL91ABNA0417164300, bel 020-7654321.</p>\n",
                                    encoding="utf-8")
    assert personal_data_problems(out, deny) == [
        "extra.html line 1: an organisation name listed in the privacy file (config/privacy.yml)",
        "extra.html line 1: a bank account number (IBAN) (respondent unknown)",
        "extra.html line 1: a phone number (respondent unknown)",
    ]


def test_a_respondent_id_that_is_personal_data_is_not_repeated_in_the_message(tmp_path):
    from wlzmonitor.inputs.privacy import DenyList

    deny = DenyList((("piet.hoekstra@zorg.nl", "phone", "06-12345678"), ("R0007", "phone", "06-87654321")),
                    PrivacySettings())
    out = _clean_output(tmp_path / "out")
    (out / "extra.html").write_text("<p>bel 06 1234 5678 of 06 8765 4321</p>\n", encoding="utf-8")
    problems = personal_data_problems(out, deny)
    assert problems == [
        "extra.html line 1: the contact phone number (respondent (not shown: an e-mail address))",
        "extra.html line 1: the contact phone number (respondent R0007)",
    ]
    assert not any("hoekstra" in p for p in problems)


def test_a_leak_from_an_open_answer_names_its_respondent(tmp_path, survey_2026, deny):
    """A pattern hit is traced to the unscrubbed open answer that holds it."""
    key, rids = next(iter(sorted(deny.answers.items())))
    from wlzmonitor.inputs.privacy import scan_personal_data, text_columns

    texts = [str(survey_2026.responses.at[rids[0], c]) for c in text_columns(survey_2026.codebook)
             if c in survey_2026.responses.columns and isinstance(survey_2026.responses.at[rids[0], c], str)]
    leaky = next(t for t in texts if any(h.respondents == rids for h in scan_personal_data(t, deny)
                                         if h.kind in ("email", "phone", "address")))
    out = _clean_output(tmp_path / "out")
    (out / "05_inkoopbeleid_nps.html").write_text(f"<li>{html.escape(leaky)}</li>\n", encoding="utf-8")
    problems = personal_data_problems(out, deny)
    assert problems and any(f"(respondent {rids[0]})" in p for p in problems)


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF with `text` (Helvetica, uncompressed stream)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_from_objects(objects)


def test_a_pdf_is_read_too(tmp_path, deny, contact):
    rid, name, _email, phone = contact
    out = _clean_output(tmp_path / "out")
    (out / "rapport.pdf").write_bytes(_minimal_pdf(f"Contact {name} {phone}"))
    problems = personal_data_problems(out, deny)
    readable = shutil.which("pdftotext") is not None
    place = "line 1"  # pdftotext: the whole text at once
    try:
        import pypdf  # noqa: F401
        readable, place = True, "page 1 line 1"  # pypdf: page by page
    except ImportError:
        pass
    if readable:
        assert any(p.startswith(f"rapport.pdf {place}:") and f"(respondent {rid})" in p for p in problems), problems
    else:  # fail closed: a PDF that cannot be read is not published
        assert any("cannot read the PDF's text" in p for p in problems)


def test_images_are_not_read_and_base64_is_skipped(tmp_path, deny, contact):
    _rid, name, _email, phone = contact
    out = _clean_output(tmp_path / "out")
    digits = "".join(c for c in phone if c.isdigit())
    (out / "figures" / "x.png").write_bytes(f"{name} {phone}".encode())  # pixels are not text
    (out / "02.html").write_text(f'<img src="data:image/png;base64,AAAA{digits}AAAA">\n', encoding="utf-8")
    assert personal_data_problems(out, deny) == []
    assert list(file_texts(out / "figures" / "x.png")) == []


def test_the_run_deny_list_comes_from_the_unscrubbed_export(survey_2026):
    deny = run_deny_list(2026, load_config())
    assert {e[1] for e in deny.entries} >= {"name", "email", "phone"}
    assert len({e[0] for e in deny.entries}) >= 80  # respondents with contact details
    own = tuple(contact_entries(survey_2026))
    assert deny.entries[:len(own)] == own
    # then the contacts of the earlier exports the run reads (review h132), owned by no respondent of 2026
    assert {e[0].split("\x00")[1] for e in deny.entries[len(own):]} == {"2024", "2025"}


# -- remembered verdicts: a file read clean before is not read again, anything else is ---------------


def _scan(out: Path, deny, verdicts: Path):
    from wlzmonitor.run.privacy_gate import OutputScan

    scan = OutputScan(out, deny, verdicts=verdicts)
    return scan.finish(), scan


def test_a_file_found_clean_is_not_read_again_unless_it_changed(tmp_path, deny, contact, private_key):
    _rid, name, _email, _phone = contact
    out, verdicts = _clean_output(tmp_path / "out"), tmp_path / "cache" / "gate-2026"
    problems, first = _scan(out, deny, verdicts)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    assert problems == [] and first.read == files and first.remembered == 0
    problems, second = _scan(out, deny, verdicts)
    assert problems == [] and second.read == 0 and second.remembered == files
    page = out / "01_tarieven.html"  # the same name, other bytes: read again, and the hit found
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", f"</h1><p>{html.escape(name)}</p>"),
                    encoding="utf-8")
    problems, third = _scan(out, deny, verdicts)
    assert third.read == 1 and any(p.startswith("01_tarieven.html") for p in problems)
    problems, fourth = _scan(out, deny, verdicts)  # a file with a problem is never remembered
    assert fourth.read == 1 and any(p.startswith("01_tarieven.html") for p in problems)


@pytest.mark.parametrize("remembering", [True, False])
def test_a_file_gone_before_or_while_an_early_scan_reads_it_is_left_to_finish(tmp_path, deny, contact, private_key,
                                                                              monkeypatch, remembering):
    """A run scans finished files early, while chapter workers still write theirs; a file listed then
    and renamed or removed before or while the gate reads it (a writer's temporary twin, renamed once
    whole) is not scanned then and stops nothing: finish() reads whatever is there at the end, here
    the file the twin became, with a hit in it, reported as always. Found by a benchmark run that
    stopped with "No such file or directory" on a chapter page's twin."""
    from wlzmonitor.run import privacy_gate
    from wlzmonitor.run.privacy_gate import OutputScan

    _rid, name, _email, _phone = contact
    out = _clean_output(tmp_path / "out")
    twin = out / ".02_capaciteit.html-k3x9_q.tmp"
    twin.write_text(f"<p>{html.escape(name)}</p>\n", encoding="utf-8")
    vanished = out / "tables" / ".weg.csv-ab_12.tmp"
    scan = OutputScan(out, deny, verdicts=tmp_path / "cache" / "gate-2026" if remembering else None)
    real = privacy_gate.file_problems

    def renamed_while_read(path, *args, **kwargs):
        found = real(path, *args, **kwargs)
        if path == twin:
            twin.rename(out / "02_capaciteit.html")
        return found

    monkeypatch.setattr(privacy_gate, "file_problems", renamed_while_read)
    scan.scan(sorted(p for p in out.rglob("*") if p.is_file()) + [vanished])
    assert twin not in scan._done and vanished not in scan._done and not twin.exists()
    problems = scan.finish()
    assert problems == [f"02_capaciteit.html line 1: {KIND_WORDS['contact-name']} (respondent {_rid})"]


def test_a_file_gone_while_the_last_scan_reads_it_is_a_problem_not_a_traceback(tmp_path, deny, private_key,
                                                                             monkeypatch):
    """finish() lists every file of the folder and reads each: one removed meanwhile by someone else is
    named as not checked (the run then publishes nothing), not raised as "No such file"."""
    from wlzmonitor.run import privacy_gate
    from wlzmonitor.run.privacy_gate import OutputScan

    out = _clean_output(tmp_path / "out")
    victim = out / "tables" / "tarief.csv"
    real = privacy_gate.file_problems

    def removed_while_read(path, *args, **kwargs):
        if path == victim:
            victim.unlink()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(privacy_gate, "file_problems", removed_while_read)
    problems = OutputScan(out, deny, verdicts=tmp_path / "cache" / "gate-2026").finish()
    assert problems == ["tables/tarief.csv: removed or changed while the privacy gate read it "
                        "(it was not checked for personal data)"]


@pytest.mark.parametrize("recorded", [True, False])
def test_a_file_changed_after_an_early_scan_is_read_again_by_the_last(tmp_path, deny, contact, private_key, recorded):
    """The gate scans finished files early; a file that is changed afterwards (by anyone: an editor's
    autosave into the staging folder, a process still writing) must not be published as the clean
    bytes it was: finish() compares the bytes now (as the run recorded them for its manifest, or hashed
    again) with the bytes it read, reads a changed file again and reports what it holds now."""
    from wlzmonitor.run.privacy_gate import OutputScan
    from wlzmonitor.run.report_plan import output_files

    rid, name, _email, _phone = contact
    out = _clean_output(tmp_path / "out")
    scan = OutputScan(out, deny, verdicts=tmp_path / "cache" / "gate-2026")
    scan.scan(sorted(p for p in out.rglob("*") if p.is_file()))
    read = scan.read
    table = out / "tables" / "tarief.csv"
    table.write_text(table.read_text(encoding="utf-8") + f"{name},2026,1,122\n", encoding="utf-8")
    problems = scan.finish(output_files(out) if recorded else None)
    assert problems == [f"tables/tarief.csv line 4: {KIND_WORDS['contact-name']} (respondent {rid})"]
    assert scan.read == read + 1  # only the changed file read again


def test_a_file_changed_while_it_is_read_is_read_again_as_it_is_then(tmp_path, deny, contact, private_key,
                                                                    monkeypatch):
    """A file whose bytes change while the gate reads it is not taken as read: finish() reads it as it is
    then (here with a name in it, reported); one that changes again while finish() reads it is named as not
    checked, and the run publishes nothing."""
    from wlzmonitor.run import privacy_gate
    from wlzmonitor.run.privacy_gate import OutputScan

    rid, name, _email, _phone = contact
    out = _clean_output(tmp_path / "out")
    table = out / "tables" / "tarief.csv"
    real = privacy_gate.file_problems
    changes = [f"{name},2026,1,122\n"]

    def written_while_read(path, *args, **kwargs):
        found = real(path, *args, **kwargs)
        if path == table and changes:
            table.write_text(table.read_text(encoding="utf-8") + changes.pop(0), encoding="utf-8")
        return found

    monkeypatch.setattr(privacy_gate, "file_problems", written_while_read)
    scan = OutputScan(out, deny, verdicts=tmp_path / "cache" / "gate-2026")
    scan.scan([table])
    assert table not in scan._done
    assert scan.finish() == [f"tables/tarief.csv line 4: {KIND_WORDS['contact-name']} (respondent {rid})"]
    changes[:] = ["Nee,2025,3,120\n"] * 50  # every read of it changes it again
    again = OutputScan(out, deny, verdicts=tmp_path / "cache" / "gate-2026")
    assert again.finish() == ["tables/tarief.csv: removed or changed while the privacy gate read it "
                              "(it was not checked for personal data)"]


def test_a_changed_deny_list_or_an_edited_verdicts_file_reads_everything_again(tmp_path, deny, private_key):
    from dataclasses import replace

    out, verdicts = _clean_output(tmp_path / "out"), tmp_path / "cache" / "gate-2026"
    _scan(out, deny, verdicts)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    other = replace(deny, entries=deny.entries + (("R9999", "name", "Zeldzame Achternaam"),))
    assert _scan(out, other, verdicts)[1].read == files
    _scan(out, deny, verdicts)
    verdicts.write_bytes(verdicts.read_bytes()[:-3] + b'"]')  # edited: the signature no longer holds
    assert _scan(out, deny, verdicts)[1].read == files


def test_a_run_stopped_by_the_gate_says_what_to_do(tmp_path):
    """Review of the outputs: "de haan" (ordinary Dutch) in an answer stopped the run with a clear place
    but no word on what to do about it."""
    from wlzmonitor.run.report_build import _keep_failed_run
    from wlzmonitor.run.report_plan import RunSummary

    staging = tmp_path / "outputs" / ".2026.staging"
    staging.mkdir(parents=True)
    summary = RunSummary(2026, tmp_path / "outputs" / "2026", ok=False)
    gate = ["personal data: 05_inkoopbeleid_nps.html line 824: the contact person's name (respondent R0001)"]
    message = _keep_failed_run(summary, staging, [], gate, 0.0).message
    assert "delete it when you have looked" in message and gate[0] in message
    assert "add the name to `names` or `organisations` in config/privacy.yml" in message
    assert _keep_failed_run(RunSummary(2026, tmp_path / "o2" / "2026", ok=False), _staged(tmp_path / "o2"), [],
                            ["offline: 01_tarieven.html loads https://x"], 0.0).message.count("privacy.yml") == 0


def _staged(out):
    staging = out / ".2026.staging"
    staging.mkdir(parents=True)
    return staging


def test_the_gate_reports_an_organisations_short_form_the_scrubber_replaces():
    """Review (privacy): the scrubber replaces "Wilgenlanden", the core of "Stichting Wilgenlanden Zorg",
    but the gate looked for the full name only, so an output holding the core passed it."""
    from wlzmonitor.inputs.privacy import Scrubber, find_personal_data

    settings = PrivacySettings(organisations=("Stichting Wilgenlanden Zorg", "Zorggroep Eikenbrug"))
    text = "Bij Wilgenlanden ging het goed, bij wilgenlanden zorg ook; Eikenbrug niet. Zorg en Stichting blijven."
    assert find_personal_data(text, settings=settings) == ["Stichting Wilgenlanden Zorg", "Zorggroep Eikenbrug"]
    assert find_personal_data(Scrubber.from_settings(settings).scrub(text), settings=settings) == []
    assert find_personal_data("Zorg, stichting en zorggroep zijn gewone woorden.", settings=settings) == []


def test_the_gate_reports_the_parts_of_a_listed_full_name_the_scrubber_replaces():
    """Review (privacy): the scrubber replaces the first name and surname of a full name listed under
    `names` of the privacy file ("Meijer" of "Femke Meijer", "v.d. Heijden"), but the gate looked for the
    full name only, so an output holding a part passed it (contact names were looked for by their parts)."""
    from wlzmonitor.inputs.privacy import Scrubber, find_personal_data

    settings = PrivacySettings(names=("Femke Meijer", "Gerrit van der Heijden"))
    for text in ("Meijer belde.", "Femke belde.", "Volgens van der Heijden niet.", "Gerrit v.d. Heijden zei het."):
        assert Scrubber.from_settings(settings).scrub(text) != text
        assert find_personal_data(text, settings=settings), text
        assert find_personal_data(Scrubber.from_settings(settings).scrub(text), settings=settings) == []
    assert find_personal_data("Meijer belde.", settings=settings, name_parts_too=False) == []


@pytest.mark.parametrize("where", ["page", "notebook html", "svg"])
def test_a_name_escaped_in_markup_is_found(tmp_path, where):
    """Review (privacy): the gate read pages, a notebook's HTML and a chart's SVG as markup, not as a
    reader does: an answer's "Anne O'Brien" is "Anne O&#x27;Brien" in a page (every text is escaped),
    so the surname of a contact passed the gate (the full name was not found, only "Anne")."""
    deny = DenyList((("R0001", "name", "Anne O'Brien"),), PrivacySettings(organisations=("Zorg & Co",)))
    out = _clean_output(tmp_path / "out")
    escaped = html.escape("Volgens O'Brien van Zorg & Co klopt het.", quote=True)
    if where == "page":
        (out / "extra.html").write_text(f"<p>\n{escaped}</p>\n", encoding="utf-8")
    elif where == "notebook html":
        nb_path = out / "notebooks" / "01_tarieven.ipynb"
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        nb["cells"][0]["outputs"].append({"output_type": "display_data", "metadata": {},
                                          "data": {"text/html": f"<td>{escaped}</td>"}})
        nb_path.write_text(json.dumps(nb), encoding="utf-8")
    else:
        (out / "figures" / "01_tarieven_y.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg"><title>{escaped}</title></svg>\n', encoding="utf-8")
    problems = personal_data_problems(out, deny)
    assert len(problems) == 2, problems
    assert any(KIND_WORDS["contact-name"] in p and "(respondent R0001)" in p for p in problems)
    assert any(KIND_WORDS["organisation"] in p for p in problems)
    if where == "page":
        assert all(p.startswith("extra.html line 2: ") for p in problems)
