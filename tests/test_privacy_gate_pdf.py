"""The privacy gate reads a PDF page by page (run/privacy_gate.py): a page whose text key (its
content streams, fonts, XObjects, boxes) it found clean before is not extracted again, in whatever
PDF it is; a changed page, a changed font mapping or anything the gate cannot read is; the text
across a page break is scanned as the whole-document scan saw it."""

from __future__ import annotations

import io
import re
import shutil
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from pdf_bytes import pdf_from_objects

pypdf = pytest.importorskip("pypdf")
weasyprint = pytest.importorskip("weasyprint")

from wlzmonitor.inputs.privacy import deny_list, scan_personal_data  # noqa: E402
from wlzmonitor.run import privacy_gate  # noqa: E402
from wlzmonitor.run.privacy_gate import KIND_WORDS, OutputScan, PageKeys, pdf_problems  # noqa: E402
from wlzmonitor.spec.privacy_settings import PrivacySettings  # noqa: E402






@pytest.fixture
def extracted(monkeypatch):
    """The pages the gate extracts (their text, in order), counted by patching the extraction (PDFium's
    reading and pypdf's both come through it)."""
    pages: list[str] = []
    real = privacy_gate._page_text

    def counting(page):
        text = real(page)
        pages.append(text)
        return text

    monkeypatch.setattr(privacy_gate, "_page_text", counting)
    return pages


def _chapter(*paragraphs: str) -> bytes:
    """A one-page PDF printed by WeasyPrint (as a chapter of the report is)."""
    from wlzmonitor.run.pdf_parts import fixed_font_time

    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    with fixed_font_time():  # the same chapter printed a second later is the same page (its fonts' time fixed)
        return weasyprint.HTML(string=f'<html lang="nl"><body>{body}</body></html>').write_pdf()


def _merged(*chapters: bytes, blank_after: int | None = None) -> bytes:
    """The chapters' pages in one PDF (pypdf merge: their objects renumbered)."""
    writer = pypdf.PdfWriter()
    for number, chapter in enumerate(chapters):
        writer.append(pypdf.PdfReader(io.BytesIO(chapter)))
        if number == blank_after:
            writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


CLEAN = (("Hoofdstuk 1: tarieven", "95,5% van de organisaties (n=122) ging akkoord."),
         ("Hoofdstuk 2: capaciteit", "De wachtlijsten namen af in 2026."),
         ("Hoofdstuk 3: kwaliteit", "Zie tabel 3 voor de cijfers per regio."))


def _scan(folder: Path, deny, verdicts: Path) -> tuple[list[str], OutputScan]:
    scan = OutputScan(folder, deny, verdicts=verdicts)
    return scan.finish(), scan


def _report(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder


def test_a_clean_pdf_is_not_extracted_again(tmp_path, deny, private_key, extracted, monkeypatch):
    data = _merged(*(_chapter(*c) for c in CLEAN))
    verdicts = tmp_path / "cache" / "gate-2026"
    problems, first = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, verdicts)
    assert problems == [] and len(extracted) == 3 and first.pages.read == 3 and first.pages.remembered == 0
    # the same bytes under another name: no file verdict, but every page is known
    problems, second = _scan(_report(tmp_path / "b", "kopie.pdf", data), deny, verdicts)
    assert problems == [] and len(extracted) == 3 and second.read == 1
    assert second.pages.read == 0 and second.pages.remembered == 3
    # the same file again: the file verdict, no page work at all (no page key computed either)
    monkeypatch.setattr(PageKeys, "key", lambda self, page: pytest.fail("a page key was computed"))
    problems, third = _scan(tmp_path / "b", deny, verdicts)
    assert problems == [] and len(extracted) == 3 and third.read == 0 and third.remembered == 1


def test_a_changed_page_is_extracted_and_its_problem_names_the_page(tmp_path, deny, contact, private_key,
                                                                    extracted):
    rid, name, email, phone = contact
    verdicts = tmp_path / "cache" / "gate-2026"
    _scan(_report(tmp_path / "a", "rapport.pdf", _merged(*(_chapter(*c) for c in CLEAN))), deny, verdicts)
    extracted.clear()
    changed = _merged(_chapter(*CLEAN[0]), _chapter(CLEAN[1][0], f"Vragen? Bel {phone}.", CLEAN[1][1]),
                      _chapter(*CLEAN[2]))
    problems, scan = _scan(_report(tmp_path / "b", "rapport.pdf", changed), deny, verdicts)
    assert len(extracted) == 1 and phone in extracted[0] and scan.pages.read == 1 and scan.pages.remembered == 2
    assert problems == [f"rapport.pdf page 2 line 2: {KIND_WORDS['contact-phone']} (respondent {rid})"]
    assert not any(v in p for p in problems for v in (name, email, phone))
    extracted.clear()  # a page with a hit is never remembered: read again, found again
    problems_again, _ = _scan(_report(tmp_path / "c", "rapport.pdf", changed), deny, verdicts)
    assert problems_again == problems and len(extracted) == 1


def test_a_seam_found_clean_is_not_scanned_again_and_one_with_a_hit_always_is(tmp_path, deny, contact, private_key,
                                                                              monkeypatch):
    """The text across each page break is scanned once for a deny list and gate code: the same
    seam in another PDF (or after an edit elsewhere) is known clean; a changed page's seams are
    scanned; a seam with a hit is never remembered."""
    scanned: list[str] = []
    real = privacy_gate.scan_personal_data

    def counting(text, deny):
        if text not in ("rapport.pdf", "kopie.pdf"):  # (each file's name is scanned too: review h92)
            scanned.append(text)
        return real(text, deny)

    monkeypatch.setattr(privacy_gate, "scan_personal_data", counting)
    monkeypatch.setattr(privacy_gate, "_document_problems", lambda *args: [])  # (tested below)
    verdicts = tmp_path / "cache" / "gate-2026"
    chapters = [_chapter(*c) for c in CLEAN]
    assert _scan(_report(tmp_path / "a", "rapport.pdf", _merged(*chapters)), deny, verdicts)[0] == []
    # three pages, and the two seams once: pages this short are whole in both seams (the same text)
    assert len(scanned) == 3 + 1 and scanned[3] == "\n".join(scanned[:3])
    scanned.clear()
    assert _scan(_report(tmp_path / "b", "kopie.pdf", _merged(*chapters)), deny, verdicts)[0] == []
    assert scanned == []  # every page and every seam known clean
    rid, _name, _email, phone = contact
    label, number = _chapter("Het register", "Bel voor vragen:"), _chapter(phone, "Einde.")
    with_hit = _merged(chapters[0], label, number)
    expected = [f"rapport.pdf page 3 line 1: {KIND_WORDS['contact-phone']} (respondent {rid})"]
    for folder in ("c", "d"):  # the seam with the number in it: scanned both times
        scanned.clear()
        assert _scan(_report(tmp_path / folder, "rapport.pdf", with_hit), deny, verdicts)[0] == expected
        # its page and both seams (each holds the three short pages): a hit is never remembered
        assert sum(phone in text for text in scanned) == 3


def test_a_page_shared_by_two_pdfs_is_extracted_once(tmp_path, deny, private_key, extracted):
    verdicts = tmp_path / "cache" / "gate-2026"
    shared = _chapter(*CLEAN[1])
    _scan(_report(tmp_path / "a", "rapport.pdf", _merged(_chapter(*CLEAN[0]), shared)), deny, verdicts)
    assert len(extracted) == 2
    other = _merged(_chapter("Bijlage", "Verantwoording van de steekproef."), _chapter(*CLEAN[2]), shared)
    problems, scan = _scan(_report(tmp_path / "b", "bijlage.pdf", other), deny, verdicts)
    assert problems == [] and scan.pages.read == 2 and scan.pages.remembered == 1
    assert not any("wachtlijsten" in text for text in extracted[2:])  # the shared page was not extracted


def _tounicode_pdf(codes: int, mapping: str, *, tree: bytes = b"", inherit: bool = False) -> bytes:
    """One page drawing the character codes 1..`codes` in a font whose /ToUnicode maps code i to
    mapping[i - 1]: the same content stream, another text when the map changes. `tree`: more entries
    of the page tree's root; `inherit`: the page's resources there instead of on the page."""
    stream = ("BT /F1 12 Tf 72 720 Td <" + "".join(f"{i:02X}" for i in range(1, codes + 1)) + "> Tj ET").encode()
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def "
            "1 begincodespacerange <00> <FF> endcodespacerange "
            f"{codes} beginbfchar " + " ".join(f"<{i:02X}> <{ord(c):04X}>" for i, c in enumerate(mapping, 1))
            + " endbfchar endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    resources = b"/Resources << /Font << /F1 5 0 R >> >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 " + tree + (resources if inherit else b"") + b" >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               + (b"" if inherit else resources) + b" >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"]
    return pdf_from_objects(objects)


def test_a_page_whose_font_maps_its_codes_otherwise_is_read_again(tmp_path, deny, contact, private_key, extracted):
    rid, name, _email, _phone = contact
    verdicts = tmp_path / "cache" / "gate-2026"
    clean = _tounicode_pdf(len(name), "x" * len(name))
    problems, _ = _scan(_report(tmp_path / "a", "rapport.pdf", clean), deny, verdicts)
    assert problems == [] and extracted == ["x" * len(name)]
    leaky = _tounicode_pdf(len(name), name)  # byte for byte the same content stream
    assert leaky.split(b"6 0 obj")[0].split(b"4 0 obj")[1] == clean.split(b"6 0 obj")[0].split(b"4 0 obj")[1]
    problems, scan = _scan(_report(tmp_path / "b", "rapport.pdf", leaky), deny, verdicts)
    assert scan.pages.read == 1 and extracted[1] == name
    assert problems == [f"rapport.pdf page 1 line 1: {KIND_WORDS['contact-name']} (respondent {rid})"]


def test_an_edited_or_planted_page_verdicts_file_is_ignored(tmp_path, deny, private_key, extracted, monkeypatch):
    data = _merged(*(_chapter(*c) for c in CLEAN))
    verdicts = tmp_path / "cache" / "gate-2026"
    pages_file = verdicts.with_name("gate-2026-pages")
    _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, verdicts)
    assert pages_file.is_file() and len(extracted) == 3
    assert _scan(_report(tmp_path / "f", "f.pdf", data), deny, verdicts)[1].pages.read == 0  # the file works
    signed = pages_file.read_bytes()
    pages_file.write_bytes(signed[:-3] + b"]]}")  # edited: the signature no longer holds
    assert _scan(_report(tmp_path / "b", "b.pdf", data), deny, verdicts)[1].pages.read == 3
    other_key = tmp_path / "other-key"  # planted: signed with another user's key
    other_key.mkdir(mode=0o700)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(other_key / "cache-key"))
    planted = tmp_path / "cache-other" / "gate-2026"
    _scan(_report(tmp_path / "c", "rapport.pdf", data), deny, planted)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(tmp_path / "key" / "cache-key"))
    shutil.copy(planted.with_name("gate-2026-pages"), pages_file)
    assert _scan(_report(tmp_path / "d", "d.pdf", data), deny, verdicts)[1].pages.read == 3
    # a changed deny list is another secret: every page is read again
    other = replace(deny, entries=deny.entries + (("R9999", "name", "Zeldzame Achternaam"),))
    assert _scan(_report(tmp_path / "e", "e.pdf", data), other, verdicts)[1].pages.read == 3


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bad page stream"])
def test_a_pdf_or_page_that_cannot_be_read_fails_closed(tmp_path, deny, private_key, damage):
    data = _merged(*(_chapter(*c) for c in CLEAN))
    if damage == "garbage":
        data = b"not a PDF at all\n"
    elif damage == "truncated":
        data = data[:len(data) // 2]
    else:  # the second page's content stream: in a filter no reader knows
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
        content = writer.pages[1]["/Contents"].get_object()
        content[pypdf.generic.NameObject("/Filter")] = pypdf.generic.NameObject("/UnknownDecode")
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
    folder = _report(tmp_path / "a", "rapport.pdf", data)
    for problems in (_scan(folder, deny, tmp_path / "cache" / "gate-2026")[0],
                     privacy_gate.personal_data_problems(folder, deny)):
        assert problems and all("cannot be read to check it for personal data" in p for p in problems), problems
        if damage == "bad page stream":
            assert problems[0].startswith("rapport.pdf page 2: cannot be read"), problems
        else:
            assert problems[0].startswith("rapport.pdf: cannot be read"), problems
    assert _scan(folder, deny, tmp_path / "cache" / "gate-2026")[1].remembered == 0  # never remembered


@pytest.mark.parametrize("case", ["organisation", "kvk", "over a blank page"])
def test_a_value_across_a_page_break_is_found(tmp_path, survey_2026, private_key, extracted, case):
    """The old whole-document scan (pages joined by a newline) found a name whose words stand on
    two pages, and a KvK number on the page after its label; the seams between pages find them too,
    also when both pages are known clean (each page alone has no hit)."""
    # (a name with no shorter form: "Eikenbrug" alone is reported as a form of "Zorggroep Eikenbrug", and each
    # distinctive word of "Eikenbrug Heidezoom"; "Groene" is a common word, "Weide" too short)
    deny = deny_list(survey_2026, PrivacySettings(organisations=("Groene Weide",)))
    if case == "kvk":
        first, second = _chapter("Het register", "Ingeschreven onder KvK-nummer:"), _chapter("12345678", "Einde.")
    else:
        first = _chapter("Met dank aan de medewerkers van", "Groene")
        second = _chapter("Weide voor hun hulp.", "Einde.")
    data = _merged(first, second, blank_after=0 if case == "over a blank page" else None)
    pages = [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    old = [h.kind for h in scan_personal_data("\n".join(pages), deny)]  # what the old gate found
    assert old == (["kvk"] if case == "kvk" else ["organisation"])
    assert all(scan_personal_data(text, deny) == [] for text in pages)  # no page alone holds it
    kind = KIND_WORDS["kvk"] + " (respondent unknown)" if case == "kvk" else \
        KIND_WORDS["organisation"] + " (config/privacy.yml)"
    expected = [f"rapport.pdf page {'2 line 1' if case == 'kvk' else '1 line 2'}: {kind}"]  # where it starts
    assert pdf_problems(_report(tmp_path / "a", "rapport.pdf", data) / "rapport.pdf", "rapport.pdf", deny) == expected
    verdicts = tmp_path / "cache" / "gate-2026"
    problems, scan = _scan(tmp_path / "a", deny, verdicts)
    assert problems == expected and scan.pages.read == len(pages)
    problems, scan = _scan(_report(tmp_path / "b", "rapport.pdf", data), deny, verdicts)  # every page known
    assert problems == expected and scan.pages.read == 0 and scan.pages.remembered == len(pages)


def test_page_keys_ignore_object_numbers_and_hash_shared_objects_once(monkeypatch):
    chapters = [_chapter(*c) for c in CLEAN]
    alone = [PageKeys().key(pypdf.PdfReader(io.BytesIO(c)).pages[0]) for c in chapters]
    merged = pypdf.PdfReader(io.BytesIO(_merged(*reversed(chapters))))
    keys = PageKeys()
    assert [keys.key(page) for page in merged.pages] == alone[::-1] and len(set(alone)) == 3
    hashed = []
    real = privacy_gate._stream_bytes
    monkeypatch.setattr(privacy_gate, "_stream_bytes", lambda stream: hashed.append(1) or real(stream))
    assert [keys.key(page) for page in merged.pages] == alone[::-1] and hashed == []  # the memo
    assert [PageKeys().key(page) for page in merged.pages] == alone[::-1] and len(hashed) >= 3  # font programs


def _form_pdf(form_resources: bytes, text: bytes = b"Tabel") -> bytes:
    """A page drawing a form XObject (object 5) that shows `text`; the form's resources as given."""
    page = b"q /X1 Do Q"
    form = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET /X1 Do"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream",
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + form_resources
               + b" /Length %d >>\nstream\n" % len(form) + form + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_from_objects(objects)


def test_a_form_xobject_that_draws_itself_gets_a_key(tmp_path, deny, contact, private_key, extracted):
    """A cycle (the form's resources name the form itself) ends; the form's text is in the key."""
    _rid, name, _email, _phone = contact
    cyclic = _form_pdf(b"<< /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >>")
    key = PageKeys().key(pypdf.PdfReader(io.BytesIO(cyclic)).pages[0])
    assert key == PageKeys().key(pypdf.PdfReader(io.BytesIO(cyclic)).pages[0])
    other = _form_pdf(b"<< /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >>", b"Tabem")
    assert PageKeys().key(pypdf.PdfReader(io.BytesIO(other)).pages[0]) != key
    verdicts = tmp_path / "cache" / "gate-2026"
    assert _scan(_report(tmp_path / "a", "rapport.pdf", cyclic), deny, verdicts)[0] == []
    leaky = _form_pdf(b"<< /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >>", name.encode("latin-1"))
    problems, scan = _scan(_report(tmp_path / "b", "rapport.pdf", leaky), deny, verdicts)
    assert scan.pages.read == 1 and problems and all("contact person's name" in p for p in problems)


def test_without_pypdf_the_whole_pdf_is_read_by_pdftotext_or_fails_closed(tmp_path, deny, contact, private_key,
                                                                         monkeypatch):
    rid, name, _email, _phone = contact
    folder = _report(tmp_path / "a", "rapport.pdf", _merged(_chapter(*CLEAN[0]), _chapter("Contact", name)))
    monkeypatch.setattr(privacy_gate, "_pypdf_reader_class", lambda: None)  # as if pypdf were not installed
    if shutil.which("pdftotext"):
        problems, scan = _scan(folder, deny, tmp_path / "cache" / "gate-2026")
        assert len(problems) == 1 and re.fullmatch(  # the line of the whole text (pdftotext's layout)
            rf"rapport\.pdf line \d+: {KIND_WORDS['contact-name']} \(respondent {rid}\)", problems[0]), problems
        assert scan.pages.read == 0  # no page verdicts: whole-file only
    monkeypatch.setattr(privacy_gate.shutil, "which", lambda name: None)
    problems, _ = _scan(folder, deny, tmp_path / "cache" / "gate-2026")
    assert len(problems) == 1 and problems[0].startswith("rapport.pdf: ") and "cannot read the PDF's text" in problems[0]


# -- many pages to read: half of them in another process (run/pdf_text.py) ------------------------
def _long_report(contact) -> bytes:
    """A PDF of 30 pages: an e-mail address on page 4, a contact's name on page 26."""
    _rid, name, email, _phone = contact
    pages = [f"<p>Pagina-inhoud {n}: de wachtlijsten namen af in regio {n}.</p>" for n in range(1, 31)]
    pages[3] += f"<p>Mail naar {email} voor vragen.</p>"
    pages[25] += f"<p>Contactpersoon: {name}.</p>"
    body = "".join(f'<section style="break-after: page">{p}</section>' for p in pages)
    return weasyprint.HTML(string=f'<html lang="nl"><body>{body}</body></html>').write_pdf()


def test_many_pages_are_read_half_in_another_process_with_the_same_problems(tmp_path, deny, contact, monkeypatch):
    from wlzmonitor.run import pdf_text

    path = _report(tmp_path, "rapport.pdf", _long_report(contact)) / "rapport.pdf"
    monkeypatch.setattr(pdf_text, "MIN_PAGES", 10_000)
    alone = pdf_problems(path, "rapport.pdf", deny)
    started = []
    real = privacy_gate.extract_elsewhere
    monkeypatch.setattr(privacy_gate, "extract_elsewhere",
                        lambda data, numbers: started.append(list(numbers)) or real(data, numbers, min_pages=2))
    shared = pdf_problems(path, "rapport.pdf", deny)
    assert started == [list(range(16, 31))]  # the later half of the 30 pages to read
    assert shared == alone and len(pypdf.PdfReader(path).pages) == 30
    assert any(p.startswith("rapport.pdf page 4 ") for p in shared)
    assert any(p.startswith("rapport.pdf page 26 ") and "name" in p for p in shared), shared


class _Answer:
    def __init__(self, texts):
        self.texts = texts

    def result(self):
        return self.texts

    def cancel(self):
        pass


def test_a_worker_that_failed_or_could_not_read_a_page(tmp_path, deny, contact, monkeypatch):
    """A failed worker (no texts): the gate reads its pages itself; a page it could not read is a problem."""
    from wlzmonitor.run import pdf_text

    path = _report(tmp_path, "rapport.pdf", _long_report(contact)) / "rapport.pdf"
    monkeypatch.setattr(pdf_text, "MIN_PAGES", 10_000)
    alone = pdf_problems(path, "rapport.pdf", deny)
    monkeypatch.setattr(privacy_gate, "extract_elsewhere", lambda data, numbers: _Answer({}))
    assert pdf_problems(path, "rapport.pdf", deny) == alone
    monkeypatch.setattr(privacy_gate, "extract_elsewhere", lambda data, numbers: _Answer({20: (None, "KeyError")}))
    problems = pdf_problems(path, "rapport.pdf", deny)
    assert "rapport.pdf page 20: cannot be read to check it for personal data (KeyError)" in problems
    assert set(alone) <= set(problems)


# -- keyed and read through qpdf (run/pdf_page_keys.py) ----------------------------------------------------
@pytest.fixture
def paths(monkeypatch):
    """How each PDF was keyed: 'qpdf' per page keyed through qpdf, 'pypdf' per page keyed by PageKeys."""
    from wlzmonitor.run import pdf_page_keys

    used: list[str] = []
    for cls, label in ((pdf_page_keys.QpdfPageKeys, "qpdf"), (PageKeys, "pypdf")):
        real = cls.key
        monkeypatch.setattr(cls, "key", lambda self, page, real=real, label=label: used.append(label) or real(self, page))
    return used


def test_the_pages_are_keyed_and_read_through_qpdf_with_the_texts_pypdf_reads(tmp_path, deny, contact, private_key,
                                                                             extracted, paths):
    """A PDF qpdf reads as it is: every page keyed through qpdf, only the pages not known read, from
    a PDF of just those pages: the text pypdf reads from the file itself, and the same problems."""
    rid, name, email, phone = contact
    verdicts = tmp_path / "cache" / "gate-2026"
    clean = _merged(*(_chapter(*c) for c in CLEAN))
    assert _scan(_report(tmp_path / "a", "rapport.pdf", clean), deny, verdicts)[0] == []
    assert paths == ["qpdf"] * 3 and extracted == [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(clean)).pages]
    paths.clear()
    extracted.clear()
    changed = _merged(_chapter(*CLEAN[0]), _chapter(CLEAN[1][0], f"Mail {email} of bel {phone}."), _chapter(*CLEAN[2]))
    problems, scan = _scan(_report(tmp_path / "b", "rapport.pdf", changed), deny, verdicts)
    assert paths == ["qpdf"] * 3 and scan.pages.read == 1 and scan.pages.remembered == 2
    assert extracted == [pypdf.PdfReader(io.BytesIO(changed)).pages[1].extract_text()]
    assert problems == privacy_gate.pdf_problems(tmp_path / "b" / "rapport.pdf", "rapport.pdf", deny)  # no verdicts
    assert problems and all(p.startswith("rapport.pdf page 2 line 2: ") and rid in p for p in problems)


def test_qpdf_keys_ignore_object_numbers_and_see_what_the_text_depends_on():
    from wlzmonitor.run import pdf_page_keys

    def keys(data: bytes) -> list[bytes]:
        source = pdf_page_keys.open_pdf(data)
        keyer = pdf_page_keys.QpdfPageKeys()
        return [keyer.key(page.obj) for page in source.pages]

    chapters = [_chapter(*c) for c in CLEAN]
    alone = [keys(c)[0] for c in chapters]
    assert keys(_merged(*reversed(chapters))) == alone[::-1] and len(set(alone)) == 3
    clean, leaky = _tounicode_pdf(5, "abcde"), _tounicode_pdf(5, "abcdf")  # the same content stream
    assert keys(clean) != keys(leaky)
    cyclic = _form_pdf(b"<< /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >>")
    other = _form_pdf(b"<< /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >>", b"Tabem")
    assert keys(cyclic) == keys(cyclic) != keys(other)
    # the page's boxes and rotation, inherited from the page tree too
    assert keys(_tounicode_pdf(5, "abcde", tree=b"/Rotate 90")) != keys(clean)
    assert keys(_tounicode_pdf(5, "abcde", inherit=True)) == keys(clean)  # the same resources, inherited


def test_a_subset_page_holds_the_keyed_parts_and_its_text_is_the_pages(tmp_path):
    """page_subset: each page made anew of its content streams, resources and boxes (inherited ones
    set on it), nothing else (no links); pypdf reads the same text from it as from the file."""
    from wlzmonitor.run import pdf_page_keys

    data = _merged(*(_chapter(*c) for c in CLEAN))
    inherited = _tounicode_pdf(5, "abcde", inherit=True)
    for source_bytes, numbers in ((data, [3, 1]), (inherited, [1])):
        source = pdf_page_keys.open_pdf(source_bytes)
        subset = pypdf.PdfReader(io.BytesIO(pdf_page_keys.page_subset(source, numbers)))
        original = pypdf.PdfReader(io.BytesIO(source_bytes))
        assert [p.extract_text() for p in subset.pages] == [original.pages[n - 1].extract_text() for n in numbers]
        assert all("/Annots" not in page and "/StructParents" not in page for page in subset.pages)
    assert pypdf.PdfReader(io.BytesIO(inherited)).pages[0].extract_text() == "abcde"


def test_a_file_qpdf_reads_only_with_warnings_is_read_by_pypdf_alone(tmp_path, deny, contact, private_key, paths):
    """A stream whose /Length is wrong: qpdf reads it with a warning (its own repair), so the gate
    keys and reads the file with pypdf, as before, and finds what is in it."""
    from wlzmonitor.run import pdf_page_keys

    _rid, name, _email, _phone = contact
    broken = _tounicode_pdf(len(name), name).replace(b"<< /Length ", b"<< /Length 1", 1)
    source = pdf_page_keys.open_pdf(broken)
    if source is not None:
        list(source.pages[0].obj.Contents.read_raw_bytes())  # qpdf notices when it reads the stream
    assert source is None or pdf_page_keys.qpdf_warnings(source)
    problems, _ = _scan(_report(tmp_path / "a", "rapport.pdf", broken), deny, tmp_path / "cache" / "gate-2026")
    assert "pypdf" in paths and "qpdf" not in paths[paths.index("pypdf"):]
    assert problems == privacy_gate.pdf_problems(tmp_path / "a" / "rapport.pdf", "rapport.pdf", deny)


def _xref_entry(data: bytes, number: int, entry: bytes) -> bytes:
    """`data` (pdf_from_objects) with object `number`'s cross-reference entry replaced."""
    lines = data.split(b"\n")
    lines[lines.index(b"xref") + 2 + number] = entry
    return b"\n".join(lines)


def _without_last_object_listed(objects: list[bytes]) -> bytes:
    """pdf_from_objects with the last object left out of the cross-reference table and /Size."""
    data = pdf_from_objects(objects)
    head, xref = data.split(b"\nxref\n")
    lines = xref.split(b"\n")
    count = len(objects)
    lines[0] = b"0 %d" % count
    del lines[1 + count]
    body = b"\n".join(lines).replace(b"/Size %d" % (count + 1), b"/Size %d" % count)
    body = body.split(b"startxref\n")[0] + b"startxref\n%d\n%%%%EOF\n" % (len(head) + 1)
    return head + b"\nxref\n" + body


def _hidden(case: str, secret: str) -> bytes:
    """A PDF whose text `secret` is in an object the cross-reference table frees or leaves out:
    qpdf reads such a reference as null (as the standard says), pypdf searches the file and reads it."""
    stream = (lambda b: b"<< /Length %d >>\nstream\n" % len(b) + b + b"\nendstream")
    shown = (lambda s: stream(b"BT /F1 12 Tf 72 720 Td (" + s.encode("latin-1") + b") Tj ET"))
    page = (lambda c: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                      b"/Resources << /Font << /F1 3 0 R >> >> >>" % c)
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    if case == "a page freed in the page tree":
        data = pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                                 b"<< /Type /Pages /Kids [4 0 R 6 0 R 8 0 R] /Count 3 >>", font,
                                 page(5), shown("Pagina een"), page(7), shown("Pagina twee"), page(9), shown(secret)])
        return _xref_entry(data, 6, b"0000000000 00000 f ")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font,
               page(5), shown(secret)]
    if case == "contents beyond /Size":
        return _without_last_object_listed(objects)
    data = pdf_from_objects(objects)
    if case == "contents freed":
        return _xref_entry(data, 5, b"0000000000 00001 f ")
    prev = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])  # an update that frees it
    return data + (b"xref\n0 1\n0000000000 65535 f \n5 1\n0000000000 00001 f \ntrailer\n<< /Size 6 /Root 1 0 R "
                   b"/Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (prev, len(data)))


@pytest.mark.parametrize("case", ["contents freed", "contents beyond /Size", "an update freeing the contents",
                                  "a page freed in the page tree"])
def test_a_file_where_qpdf_and_a_search_of_the_file_read_other_objects_is_read_by_pypdf(
        tmp_path, deny, contact, private_key, paths, case):
    """Review of the qpdf path: qpdf reads a reference to an object the cross-reference table frees
    or leaves out as null (a page it drops from the page tree, with a message on its logger only);
    pypdf finds the object by searching the file. The text there was missed, and a page with a hit
    got the key of a clean page. Such a file is keyed and read by pypdf alone: the same problems,
    the same page numbers."""
    from wlzmonitor.run import pdf_page_keys

    rid, name, _email, phone = contact
    secret = f"Contact {phone}" if case == "a page freed in the page tree" else name
    data = _hidden(case, secret)
    assert pdf_page_keys.open_pdf(data) is None
    folder = _report(tmp_path / "a", "rapport.pdf", data)
    problems, _ = _scan(folder, deny, tmp_path / "cache" / "gate-2026")
    assert "qpdf" not in paths and problems == pdf_problems(folder / "rapport.pdf", "rapport.pdf", deny)
    page = 3 if case == "a page freed in the page tree" else 1
    assert problems and all(p.startswith(f"rapport.pdf page {page} line 1: ") and rid in p for p in problems), problems
    # a clean page without contents remembered first does not vouch for it (the poisoning the review found)
    blank = pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                              b"/Resources << /Font << /F1 4 0 R >> >> >>",
                              b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])
    verdicts = tmp_path / "cache2" / "gate-2026"
    assert _scan(_report(tmp_path / "b", "rapport.pdf", blank), deny, verdicts)[0] == []
    assert _scan(_report(tmp_path / "c", "rapport.pdf", data), deny, verdicts)[0] == problems


def test_the_report_pdf_is_keyed_through_qpdf(tmp_path):
    """The guards above do not send the report's own PDF (qpdf-written, 35,000 objects in object
    streams) to pypdf: a three-chapter report printed and joined as run_all does."""
    from test_pdf_parts import _print, _report as _pages

    from wlzmonitor.run import pdf_page_keys

    out = tmp_path / "out"
    _pages(out)
    data = _print(out, None)
    source = pdf_page_keys.open_pdf(data)
    assert source is not None and len(source.pages) >= 3 and not pdf_page_keys.qpdf_warnings(source)


@pytest.mark.parametrize(("inside", "through_qpdf"), [(b"~~objj~~", True), (b"x obj 3", True), (b"7 0 obj", False)])
def test_a_chance_obj_in_a_streams_bytes_keeps_the_qpdf_path(inside, through_qpdf):
    """The 2026 report's PDF holds the three letters "obj" once by chance in its compressed bytes (one in
    about four such files does): counted as an object header, it sent every page to pypdf (the gate after an
    edit that moves the page numbers 4.3 s instead of ~1 s). More "obj" than headers and "endobj"s now asks
    whether every object header in the file is of an object the cross-reference stream lists, once: a chance
    "obj" keeps the qpdf path; a header-like "7 0 obj" inside a stream still sends the file to pypdf (as does
    an object the section leaves out: the tests above)."""
    import pikepdf

    from wlzmonitor.run import pdf_page_keys

    source = pikepdf.open(io.BytesIO(_tounicode_pdf(3, "abc")))
    source.Root.Extra = source.make_stream(b"\x00\x01" + inside + b"\x02")  # kept as it is: compress_streams off
    buffer = io.BytesIO()
    source.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=False)
    data = buffer.getvalue()
    assert inside in data
    assert (pdf_page_keys.open_pdf(data) is not None) is through_qpdf


def test_a_cross_reference_stream_that_frees_an_object_sends_the_file_to_pypdf(tmp_path, deny, contact, private_key,
                                                                               paths):
    """The same with the cross-reference stream qpdf writes (as the report's PDF has): the page's
    content stream listed as free there."""
    import pikepdf

    from wlzmonitor.run import pdf_page_keys

    rid, name, _email, _phone = contact
    source = pikepdf.open(io.BytesIO(_tounicode_pdf(3, "abc")))
    source.pages[0].obj.Contents = source.make_stream(b"BT /F1 12 Tf 72 720 Td (" + name.encode("latin-1") + b") Tj ET")
    source.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=source.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))))
    buffer = io.BytesIO()
    source.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=False)
    data = buffer.getvalue()
    assert pdf_page_keys.open_pdf(data) is not None  # as written: read through qpdf
    written = pikepdf.open(io.BytesIO(data))
    number = written.pages[0].obj.Contents.objgen[0]
    head, _, rest = data.rpartition(b"/Type /XRef")
    widths = [int(w) for w in re.search(rb"/W \[ (\d+) (\d+) (\d+) \]", head[-400:] + rest[:200]).groups()]
    start = rest.index(b"stream\n") + len(b"stream\n")
    at = len(head) + len(b"/Type /XRef") + start + number * sum(widths)
    freed = data[:at] + b"\x00" + data[at + 1:]  # the entry's type: free
    assert pdf_page_keys.open_pdf(freed) is None
    folder = _report(tmp_path / "a", "rapport.pdf", freed)
    problems, _ = _scan(folder, deny, tmp_path / "cache" / "gate-2026")
    assert "qpdf" not in paths and problems == pdf_problems(folder / "rapport.pdf", "rapport.pdf", deny)


def test_with_qpdfs_messages_silenced_the_pdf_is_read_by_pypdf(monkeypatch):
    """qpdf says a repaired page tree only on pikepdf's logger: with that logger silenced, the qpdf
    path could not hear it, so it is not taken."""
    import logging

    from wlzmonitor.run import pdf_page_keys

    data = _merged(*(_chapter(*c) for c in CLEAN))
    assert pdf_page_keys.open_pdf(data) is not None
    monkeypatch.setattr(logging.getLogger("pikepdf._core"), "level", logging.CRITICAL)
    assert pdf_page_keys.open_pdf(data) is None


def test_pages_read_ahead_from_a_numbered_part_are_known_to_the_pdfs_scan(tmp_path, deny, private_key, extracted):
    """OutputScan.pages_ahead: the run reads the pages of a part the printer child numbered while the
    child joins the PDF; the PDF's own scan then finds them known (the same key in any PDF) and reads
    only the others. The problems found are the same as without reading ahead (none here)."""
    chapters = [_chapter(*c) for c in CLEAN]
    folder = _report(tmp_path / "out", "rapport.pdf", _merged(*chapters))
    scan = OutputScan(folder, deny, verdicts=tmp_path / "cache" / "gate-2026")
    scan.pages_ahead(chapters[1])
    assert len(extracted) == 1 and CLEAN[1][1] in extracted[0] and scan.pages.read == 1
    assert scan.finish() == [] and len(extracted) == 3
    assert scan.pages.read == 3 and scan.pages.remembered == 1  # the part's page was not read again
    extracted.clear()  # and remembered for later runs like any page the gate read
    assert _scan(_report(tmp_path / "again", "rapport.pdf", _merged(*chapters)), deny,
                 tmp_path / "cache" / "gate-2026")[0] == [] and extracted == []


def test_a_page_read_ahead_with_a_hit_is_read_and_reported_in_the_pdf_itself(tmp_path, deny, contact, private_key,
                                                                             extracted):
    """A page of a numbered part that holds personal data is not remembered: the PDF's scan reads it
    again and reports it there, with its page number in the PDF, exactly as without reading ahead."""
    rid, name, email, phone = contact
    leaking = _chapter(CLEAN[1][0], f"Vragen? Mail {email}.")
    data = _merged(_chapter(*CLEAN[0]), leaking, _chapter(*CLEAN[2]))
    expected, _ = _scan(_report(tmp_path / "plain", "rapport.pdf", data), deny, tmp_path / "cache-plain" / "gate-2026")
    assert expected == [f"rapport.pdf page 2 line 2: {KIND_WORDS['contact-email']} (respondent {rid})"]
    extracted.clear()
    folder = _report(tmp_path / "ahead", "rapport.pdf", data)
    scan = OutputScan(folder, deny, verdicts=tmp_path / "cache" / "gate-2026")
    scan.pages_ahead(leaking)
    assert len(extracted) == 1 and scan.pages.remembered == 0
    assert scan.finish() == expected and len(extracted) == 4 and sum(email in text for text in extracted) == 2
    assert not any(value in problem for problem in expected for value in (name, email, phone))


@pytest.fixture
def keyed_pages(monkeypatch) -> list[int]:
    """The pages keyed through qpdf (one entry per page key made), counted by patching the key maker."""
    from wlzmonitor.run import pdf_page_keys

    made: list[int] = []
    real = pdf_page_keys.QpdfPageKeys.key

    def counting(self, page):
        made.append(1)
        return real(self, page)

    monkeypatch.setattr(pdf_page_keys.QpdfPageKeys, "key", counting)
    return made


def test_the_joined_pdf_read_ahead_is_keyed_once_when_the_folders_pdf_is_the_same_bytes(
        tmp_path, deny, private_key, extracted, keyed_pages):
    """The printer child tells the run of the PDF it joined, too: the run reads it ahead (its pages and
    seams) while the child answers, and the scan of the folder's PDF, the very same bytes, takes the
    page keys made then instead of keying all its pages again. Same problems (none), nothing read twice."""
    data = _merged(*(_chapter(*c) for c in CLEAN))
    folder = _report(tmp_path / "out", "rapport.pdf", data)
    scan = OutputScan(folder, deny, verdicts=tmp_path / "cache" / "gate-2026")
    scan.pages_ahead(data)
    assert len(extracted) == 3 and len(keyed_pages) == 3 and scan.pages.keyings == 1
    assert scan.finish() == []
    assert len(extracted) == 3 and len(keyed_pages) == 3  # neither read nor keyed again
    assert scan.pages.keyings == 1 and scan.pages.keys_reused == 1 and scan.pages.remembered == 3
    extracted.clear()
    keyed_pages.clear()
    plain, later = _scan(_report(tmp_path / "again", "rapport.pdf", data), deny, tmp_path / "cache" / "gate-2026")
    assert plain == [] and extracted == [] and keyed_pages == [] and later.remembered == 1  # the file known clean


def test_a_pdf_other_than_the_one_read_ahead_is_keyed_and_read_itself(tmp_path, deny, contact, private_key,
                                                                     extracted, keyed_pages):
    """The keys made ahead are for those bytes only: a folder's PDF that differs from the joined PDF read
    ahead (a job that was not the guess, a file changed on disk) by one page holding an e-mail address is
    keyed itself, its new page read, and the address reported as by a scan without reading ahead."""
    rid, name, email, phone = contact
    clean = _merged(*(_chapter(*c) for c in CLEAN))
    leaking = _merged(_chapter(*CLEAN[0]), _chapter(CLEAN[1][0], f"Vragen? Mail {email}."), _chapter(*CLEAN[2]))
    expected, _ = _scan(_report(tmp_path / "plain", "rapport.pdf", leaking), deny, tmp_path / "cache-plain" / "gate-2026")
    assert expected == [f"rapport.pdf page 2 line 2: {KIND_WORDS['contact-email']} (respondent {rid})"]
    extracted.clear()
    keyed_pages.clear()
    scan = OutputScan(_report(tmp_path / "out", "rapport.pdf", leaking), deny, verdicts=tmp_path / "cache" / "gate-2026")
    scan.pages_ahead(clean)
    assert len(extracted) == 3 and len(keyed_pages) == 3
    assert scan.finish() == expected
    assert len(keyed_pages) == 6 and scan.pages.keyings == 2 and scan.pages.keys_reused == 0
    assert len(extracted) == 4 and email in extracted[-1]  # only the page that differs was read
    assert not any(value in problem for problem in expected for value in (name, email, phone))


def test_a_hit_in_the_joined_pdf_read_ahead_is_read_again_and_reported_by_the_scan_of_the_same_bytes(
        tmp_path, deny, contact, private_key, extracted, keyed_pages):
    """A page of the joined PDF read ahead that holds personal data is not remembered: the scan of the
    same bytes takes the keys made ahead but reads that page again (from the PDF qpdf read then) and
    reports it, exactly as a scan without reading ahead does."""
    rid, name, email, phone = contact
    data = _merged(_chapter(*CLEAN[0]), _chapter(CLEAN[1][0], f"Vragen? Mail {email}."), _chapter(*CLEAN[2]))
    expected, _ = _scan(_report(tmp_path / "plain", "rapport.pdf", data), deny, tmp_path / "cache-plain" / "gate-2026")
    extracted.clear()
    keyed_pages.clear()
    scan = OutputScan(_report(tmp_path / "out", "rapport.pdf", data), deny, verdicts=tmp_path / "cache" / "gate-2026")
    scan.pages_ahead(data)
    assert len(extracted) == 3 and scan.pages.remembered == 0
    assert scan.finish() == expected and expected
    assert len(keyed_pages) == 3 and scan.pages.keys_reused == 1
    assert len(extracted) == 4 and email in extracted[-1]


@pytest.mark.parametrize("data", [b"", b"not a PDF at all", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"])
def test_reading_ahead_what_cannot_be_read_does_nothing(tmp_path, deny, private_key, extracted, data, monkeypatch):
    """A part that cannot be read ahead (damaged, empty, not a PDF), or any failure while reading it,
    leaves the PDF to the scan: nothing is raised, nothing remembered. Without verdicts (a scan that
    remembers nothing) nothing is read ahead at all."""
    chapters = [_chapter(*c) for c in CLEAN]
    folder = _report(tmp_path / "out", "rapport.pdf", _merged(*chapters))
    scan = OutputScan(folder, deny, verdicts=tmp_path / "cache" / "gate-2026")
    scan.pages_ahead(data)
    assert scan.pages.remembered == 0 and scan.pages.read == 0 and extracted == []
    with monkeypatch.context() as patched:
        patched.setattr(privacy_gate, "_read_pages", lambda *args: 1 / 0)
        scan.pages_ahead(chapters[0])
    assert scan.finish() == [] and len(extracted) == 3
    unremembering = OutputScan(folder, deny)
    unremembering.pages_ahead(chapters[0])
    assert len(extracted) == 3


# -- PDFium reads the pages; pypdf where PDFium cannot vouch for a page (run/pdf_text.py) ----------
pdfium = pytest.importorskip("pypdfium2")


def _text_pdf(content: bytes, *, forms: int = 0, font_size: bytes = b"12", properties: bytes = b"") -> bytes:
    """One page drawing `content` (a content stream using /F1) itself, or from inside `forms` form
    XObjects nested in each other; /F1 is Helvetica (WinAnsi: byte 255 octal is a soft hyphen) at
    `font_size` where `content` sets it; `properties`: the page's and every form's ``/Properties``."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    content = content.replace(b"SIZE", font_size)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", b"", font]
    resources = b"/Font << /F1 4 0 R >>" + (b" /Properties " + properties if properties else b"")
    for _ in range(forms):
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << " + resources
                       + b" >> /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        resources = (b"/Font << /F1 4 0 R >> /XObject << /Fx %d 0 R >>" % len(objects)
                     + (b" /Properties " + properties if properties else b""))
        content = b"q /Fx Do Q"
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects[2] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << " + resources
                  + b" >> /Contents %d 0 R >>" % len(objects))
    return pdf_from_objects(objects)


def _pypdf_only(monkeypatch) -> None:
    monkeypatch.setattr(privacy_gate, "pdfium_texts", lambda data, numbers: {})


def test_pdfium_reads_a_printed_report_as_pypdf_does_and_pypdf_reads_none_of_it(tmp_path, deny, contact,
                                                                                 private_key, monkeypatch):
    """WeasyPrint's pages (hyphenated line breaks, a contact's details in three places, an address
    broken after its hyphen) are read by PDFium alone, with the same words as pypdf's (where a line
    ends in a hyphen of the text, PDFium joins the word with U+FFFE: read as "-" and a line break,
    as pypdf reads it), and the same problems as reading them with pypdf."""
    from wlzmonitor.run.pdf_text import pdfium_texts

    rid, name, email, phone = contact
    long_words = " ".join(["herschikkingsafspraken zorgkantoorregio's kwaliteitskaderontwikkeling"] * 12)
    page = ('<html lang="nl"><body style="width: 9em; hyphens: auto; font-size: 14pt">'
            f"<p>{long_words}</p><p>Contact: {name}, {email}, {phone}.</p><p>Zie www.organisatie-voorbeeld.nl "
            "of het NZa-maximumtarief.</p></body></html>")
    from wlzmonitor.run.pdf_parts import fixed_font_time

    with fixed_font_time():  # the same bytes at any time (as _chapter)
        data = weasyprint.HTML(string=page).write_pdf()
    texts = pdfium_texts(data, list(range(1, len(pypdf.PdfReader(io.BytesIO(data)).pages) + 1)))
    pypdf_texts = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert len(texts) == len(pypdf_texts) > 1
    joined = "\n".join(texts[n] for n in sorted(texts))
    assert "\u2010\n" in joined and "\ufffe" not in joined and "\r" not in joined  # the inserted hyphens, as pypdf reads them
    assert [texts[n].split() for n in sorted(texts)] == [t.split() for t in pypdf_texts]
    real = privacy_gate._page_text
    monkeypatch.setattr(privacy_gate, "_page_text", lambda page: real(page) if isinstance(page, privacy_gate._ReadText)
                        else pytest.fail("pypdf read a page PDFium reads"))
    monkeypatch.setattr(pypdf, "PdfReader", lambda *a, **k: pytest.fail("pypdf parsed a PDF PDFium reads"))
    found = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, tmp_path / "cache-a" / "gate")[0]
    monkeypatch.undo()
    _pypdf_only(monkeypatch)
    assert found == _scan(_report(tmp_path / "b", "rapport.pdf", data), deny, tmp_path / "cache-b" / "gate")[0]
    # the address broken over three lines by the hyphens WeasyPrint inserted: found with the lines joined
    assert "t.de\u2010\nhaan@" in joined or email not in joined.replace("\u2010\n", "")
    assert {p.split(": ", 1)[1] for p in found} >= {f"{KIND_WORDS[k]} (respondent {rid})"
                                                    for k in ("contact-name", "contact-email", "contact-phone")}


@pytest.mark.parametrize("case", ["font size 0", "font size 1e-6", "horizontal scaling 0", "text matrix 0",
                                  "page matrix 0", "only partly", "forms nested 60 deep", "forms nested 12 deep"])
def test_text_pdfium_gives_no_text_for_is_read_by_pypdf_and_found(tmp_path, deny, contact, private_key, extracted,
                                                                   case):
    """PDFium leaves out text it finds no size for (pypdf reads it), and text in forms nested deeper
    than it parses: such a page is read by pypdf, so a contact's e-mail address there is found."""
    from wlzmonitor.run.pdf_text import pdfium_texts

    rid, _name, email, _phone = contact
    show = b"(" + email.encode() + b") Tj"
    content = {"font size 0": b"BT /F1 0 Tf 72 700 Td " + show + b" ET",
               "font size 1e-6": b"BT /F1 0.000001 Tf 72 700 Td " + show + b" ET",
               "horizontal scaling 0": b"BT /F1 12 Tf 0 Tz 72 700 Td " + show + b" ET",
               "text matrix 0": b"BT /F1 12 Tf 0 0 0 0 72 700 Tm " + show + b" ET",
               "page matrix 0": b"q 0 0 0 0 0 0 cm BT /F1 12 Tf 72 700 Td " + show + b" ET Q",
               "only partly": b"BT /F1 12 Tf 72 700 Td (Zie tabel 3.) Tj 0 -30 Td /F1 0 Tf " + show + b" ET",
               }.get(case, b"BT /F1 12 Tf 72 700 Td " + show + b" ET")
    data = _text_pdf(content, forms=60 if "60" in case else 12 if "12" in case else 0)
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    if "12" not in case:
        assert email not in raw  # what PDFium itself leaves out (the case is not vacuous)
    assert pdfium_texts(data, [1]) == {}
    problems = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, tmp_path / "cache" / "gate-2026")[0]
    line = 2 if case == "only partly" else 1
    assert problems == [f"rapport.pdf page 1 line {line}: {KIND_WORDS['contact-email']} (respondent {rid})"]
    assert any(email in text for text in extracted)


def test_pdfium_reads_text_it_sees_in_forms_off_the_page_invisible_or_clipped(tmp_path, deny, contact):
    """What PDFium does read, it reads wherever it is drawn: in a form, outside the page, in
    render mode 3 (invisible), clipped away, white, under a filled rectangle."""
    from wlzmonitor.run.pdf_text import pdfium_texts

    _rid, _name, email, _phone = contact
    show = b"(" + email.encode() + b") Tj"
    for content, forms in ((b"BT /F1 12 Tf 72 700 Td " + show + b" ET", 3),
                           (b"BT /F1 12 Tf -5000 -5000 Td " + show + b" ET", 0),
                           (b"BT /F1 12 Tf 3 Tr 72 700 Td " + show + b" ET", 0),
                           (b"q 0 0 1 1 re W n BT /F1 12 Tf 72 700 Td " + show + b" ET Q", 0),
                           (b"1 1 1 rg BT /F1 12 Tf 72 700 Td " + show + b" ET", 0),
                           (b"BT /F1 12 Tf 72 700 Td " + show + b" ET 0 g 0 0 612 792 re f", 0)):
        assert pdfium_texts(_text_pdf(content, forms=forms), [1]) == {1: email}, content


@pytest.mark.parametrize("damage", ["unknown filter", "damaged compressed data", "truncated compressed data"])
def test_a_page_whose_stream_does_not_decode_is_read_by_pypdf(tmp_path, deny, contact, private_key, extracted,
                                                              monkeypatch, damage):
    """PDFium reads a content stream it cannot decode as no text, where pypdf raises (the page fails
    closed) or reads what decodes: such a PDF is read by pypdf, never by PDFium."""
    import zlib

    from wlzmonitor.run import pdf_page_keys

    _rid, _name, email, _phone = contact
    stream = zlib.compress(b"BT /F1 12 Tf 72 700 Td (" + email.encode() + b") Tj ET")
    if damage == "damaged compressed data":
        stream = stream[:6] + b"\x00\xff\x13" + stream[9:]
    elif damage == "truncated compressed data":
        stream = stream[:-6]
    filter_ = b"/UnknownDecode" if damage == "unknown filter" else b"/FlateDecode"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filter_) + stream + b"\nendstream"]
    data = pdf_from_objects(objects)
    source = pdf_page_keys.open_pdf(data)
    assert source is not None and not pdf_page_keys.streams_decode(pdf_page_keys.page_subset(source, [1]))
    used = []
    real = privacy_gate.pdfium_texts
    monkeypatch.setattr(privacy_gate, "pdfium_texts", lambda d, n: used.append(n) or real(d, n))
    problems = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, tmp_path / "cache" / "gate-2026")[0]
    monkeypatch.undo()
    _pypdf_only(monkeypatch)
    assert used == []  # read by pypdf, with pypdf's problems: the page cannot be read (an unknown filter), or
    assert bool(problems) is (damage != "damaged compressed data")  # what decodes is read (no text in damaged data)
    assert problems == _scan(_report(tmp_path / "b", "rapport.pdf", data), deny, tmp_path / "cache2" / "gate-2026")[0]


def test_without_pypdfium2_pypdf_reads_every_page_with_the_same_problems(tmp_path, deny, contact, private_key,
                                                                         extracted, monkeypatch):
    import builtins

    from wlzmonitor.run.pdf_text import pdfium_texts

    rid, _name, _email, phone = contact
    data = _merged(_chapter(*CLEAN[0]), _chapter(CLEAN[1][0], f"Vragen? Bel {phone}."), _chapter(*CLEAN[2]))
    with_pdfium = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, tmp_path / "cache-a" / "gate")[0]
    assert len(extracted) == 3
    real_import = builtins.__import__

    def broken_pdfium(name, *args, **kwargs):  # its native library does not load (an OSError, not an ImportError)
        if name.startswith("pypdfium2"):
            raise OSError(f"{name}: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    def no_pdfium(name, *args, **kwargs):
        if name.startswith("pypdfium2"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", broken_pdfium)
    assert pdfium_texts(data, [1, 2, 3]) == {}
    monkeypatch.setattr(builtins, "__import__", no_pdfium)
    assert pdfium_texts(data, [1, 2, 3]) == {}
    reads = []
    real_page_text = privacy_gate._page_text
    monkeypatch.setattr(privacy_gate, "_page_text", lambda page: reads.append(1) or real_page_text(page))
    without = _scan(_report(tmp_path / "b", "rapport.pdf", data), deny, tmp_path / "cache-b" / "gate")[0]
    assert len(reads) == 3 and without == with_pdfium
    assert with_pdfium == [f"rapport.pdf page 2 line 2: {KIND_WORDS['contact-phone']} (respondent {rid})"]


def test_a_value_broken_over_two_lines_at_a_hyphen_is_found_and_named_by_its_first_line(deny, contact):
    """pypdf reads a line broken after a hyphen as "-" and a line break (PDFium as the word joined):
    the text is also scanned with such lines joined, a typed hyphen kept ("kwartelveld-zorg") and
    one WeasyPrint inserts (U+2010) or a soft hyphen dropped; a hit is placed in the text as read.
    A typed hyphen is never dropped: "2024-2025" is not the number 20242025."""
    from wlzmonitor.run.privacy_gate import pdf_text_hits

    rid, _name, email, _phone = contact
    local, domain = email.split("@")
    for text in (f"Mail naar\n{local[:4]}\u2010\n{local[4:]}@{domain}.",
                 f"Mail naar\n{local[:4]}\u00ad\n{local[4:]}@{domain}."):
        assert not [h for h in scan_personal_data(text, deny) if h.kind == "contact-email"]  # not vacuous
        contact_hits = [h for h in pdf_text_hits(text, deny) if h.kind == "contact-email"]
        assert contact_hits and contact_hits[0].respondents == (rid,), text
        assert text.count("\n", 0, contact_hits[0].offset) + 1 == 2
        assert text[contact_hits[0].offset:].startswith(local[:4])
    typed = "Wlz-zorgcontractering, zie de Wlz-\nzorgcontractering 2024-\n2025 en 1234-\n5678 cliënten."
    assert [h.kind for h in pdf_text_hits(typed, deny)] == [h.kind for h in pdf_text_hits(typed.replace("-\n", "- "),
                                                                                            deny)] == []
    # a KvK number typed with a hyphen and broken there is read as typed (review h97: "kvk-nummer 1234-5678" is one)
    kvk = "zie kvk-\nnummer 1234-\n5678."
    assert [h.kind for h in pdf_text_hits(kvk, deny)] == [h.kind for h in pdf_text_hits(kvk.replace("-\n", "-"), deny)] \
        == ["kvk"]


def test_a_hyphenated_domain_broken_at_its_hyphen_is_found(deny):
    """An e-mail address whose domain holds a hyphen, broken there over two lines (as WeasyPrint breaks
    after a hyphen), is found in the joined line with the hyphen kept; not in the text as read."""
    from wlzmonitor.run.privacy_gate import pdf_text_hits

    emails = [value for _rid, kind, value in deny.entries if kind == "email" and "-" in value.split("@")[1]]
    assert emails  # the demo data has such an address (the test is not vacuous)
    email = emails[0]
    cut = email.index("-", email.index("@")) + 1
    text = f"Vragen over de enquête?\nMail {email[:cut]}\n{email[cut:]} of bel."
    assert not [h for h in scan_personal_data(text, deny) if h.kind == "contact-email"]
    hits = [h for h in pdf_text_hits(text, deny) if h.kind == "contact-email"]
    assert hits and text[hits[0].offset:].startswith(email[:cut])


# -- found by a review of PDFium's reading (session 26): each read by pypdf, or scanned so it is found --
@pytest.mark.parametrize("case", ["inline", "escaped name", "property list", "in a form", "the whole line"])
def test_text_marked_with_an_actual_text_is_read_by_pypdf_and_found(tmp_path, deny, contact, private_key, extracted,
                                                                     case):
    """Marked content with an /ActualText: PDFium reads that text instead of the glyphs it marks (the
    visible address read as "Zie tabel"), pypdf reads the glyphs: such a page is read by pypdf."""
    from wlzmonitor.run.pdf_text import pdfium_texts

    rid, _name, email, _phone = contact
    show = b"BT /F1 12 Tf 72 700 Td (" + email.encode() + b") Tj ET"
    marked = {"inline": b"/Span << /ActualText (Zie tabel) >> BDC " + show + b" EMC",
              "escaped name": b"/Span << /Actual#54ext (Zie tabel) >> BDC " + show + b" EMC",
              "property list": b"/Span /Vervanging BDC " + show + b" EMC",
              "in a form": b"/Span << /ActualText (Zie tabel) >> BDC " + show + b" EMC",
              "the whole line": b"/P << /ActualText ( ) >> BDC BT /F1 12 Tf 72 700 Td (Mail ) Tj ("
                                + email.encode() + b") Tj ET EMC"}[case]
    data = _text_pdf(marked, forms=1 if case == "in a form" else 0,
                     properties=b"<< /Vervanging << /ActualText (Zie tabel) >> >>" if case == "property list" else b"")
    assert email not in pdfium.PdfDocument(data)[0].get_textpage().get_text_range()  # PDFium's reading misses it
    assert pdfium_texts(data, [1]) == {1: "Zie tabel"} or case == "the whole line"  # … and would be taken whole
    problems = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, tmp_path / "cache" / "gate-2026")[0]
    assert problems == [f"rapport.pdf page 1 line 1: {KIND_WORDS['contact-email']} (respondent {rid})"]
    assert any(email in text for text in extracted)  # read by pypdf


def test_a_subset_without_actual_text_is_left_to_pdfium():
    from wlzmonitor.run.pdf_page_keys import streams_decode

    for content in (b"BT /F1 12 Tf 72 700 Td (ActualText) Tj ET", b"/Span << /Alt (Zie tabel) >> BDC EMC",
                    b"/Span << /Actual#74ext (x) >> BDC EMC", b"/Span << /ActualTextX (x) >> BDC EMC"):
        assert streams_decode(_text_pdf(content)), content
    assert not streams_decode(_text_pdf(b"/Span << /ActualText (x) >> BDC EMC"))


@pytest.mark.parametrize("value", ["contact-email", "contact-phone"])
def test_a_line_pdfium_breaks_into_a_line_per_glyph_is_read_by_pypdf_and_found(tmp_path, deny, contact, private_key,
                                                                               extracted, value):
    """A first text object taller than half the text's width makes PDFium take the page for vertical
    writing: a line drawn a glyph at a time comes out a line per glyph ("t", ".", "d", …). Read by pypdf."""
    from wlzmonitor.run.pdf_text import pdfium_texts

    rid, _name, email, phone = contact
    shown = email if value == "contact-email" else phone
    glyphs = b" ".join(b"(" + bytes([c]) + b") Tj" for c in shown.encode())
    data = _text_pdf(b"BT /F1 250 Tf 3 Tr 10 20 Td (l) Tj ET BT /F1 12 Tf 72 700 Td " + glyphs + b" ET")
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert shown not in raw and shown[3] + "\r\n" in raw  # broken up: the miss is real
    assert pdfium_texts(data, [1]) == {}
    problems = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, tmp_path / "cache" / "gate-2026")[0]
    assert [p.split(": ", 1)[1] for p in problems] == [f"{KIND_WORDS[value]} (respondent {rid})"]


def test_a_name_pdfium_joins_at_a_soft_hyphen_is_found(tmp_path, deny, contact, private_key, extracted):
    """PDFium joins a word broken at a line-end hyphen with U+FFFE, whichever hyphen it was: the gate scans
    the lines joined with the hyphen (a typed one in an address) and without it (a soft hyphen in a name)."""
    from wlzmonitor.run.pdf_text import pdfium_texts

    rid, name, _email, _phone = contact
    *first, last = name.split()
    surname = " ".join(w for w in first if w.islower()) + (" " if any(w.islower() for w in first) else "") + last
    cut = len(surname) - len(last) + 2
    data = _text_pdf(b"BT /F1 12 Tf 72 700 Td (mevrouw " + surname[:cut].encode() + b"\\255) Tj 0 -14 Td ("
                     + surname[cut:].encode() + b" belde terug) Tj ET")
    text = pdfium_texts(data, [1])[1]
    assert surname not in text and "\u2010\n" in text  # PDFium's reading: the word broken at a hyphen
    problems = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, tmp_path / "cache" / "gate-2026")[0]
    assert problems and all(f"(respondent {rid})" in p for p in problems), problems
    assert extracted == [text]  # the gate scanned PDFium's reading


@pytest.mark.parametrize("body", ["<p>Bel: {phone} (שלום עליכם)</p>", "<p>{phone} مرحبا، اتصل بي</p>",
                                  "<p>מספר: {phone}</p>", '<p dir="rtl">مرحبا {dashed}</p>',
                                  "<p>{email} (שלום)</p>"])
def test_a_contact_beside_a_right_to_left_script_is_found(tmp_path, deny, contact, private_key, body):
    """PDFium puts a line with Hebrew or Arabic in display order, and a phone number's groups with it
    ("9780 9150 06"); pypdf reads the drawing order, which may be the display order too: such a page is
    read by pypdf, and scanned also with the groups of its numbers turned round."""
    from wlzmonitor.run.pdf_parts import fixed_font_time
    from wlzmonitor.run.pdf_text import pdfium_texts

    rid, _name, email, phone = contact
    digits = re.sub(r"\D", "", phone)
    spaced = f"{digits[:2]} {digits[2:6]} {digits[6:]}"
    page = body.format(phone=spaced, dashed=f"{digits[:2]}-{digits[2:]}", email=email)
    with fixed_font_time():
        data = weasyprint.HTML(string=f'<html lang="nl"><body>{page}</body></html>').write_pdf()
    assert pdfium_texts(data, [1]) == {}
    problems = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, tmp_path / "cache" / "gate-2026")[0]
    kind = "contact-email" if "{email}" in body else "contact-phone"
    assert [p.split(": ", 1)[1] for p in problems] == [f"{KIND_WORDS[kind]} (respondent {rid})"]


def test_the_groups_of_numbers_are_turned_round_in_a_right_to_left_text_only(deny, contact):
    from wlzmonitor.run.privacy_gate import _groups_turned_round, pdf_text_hits

    rid, _name, _email, phone = contact
    digits = re.sub(r"\D", "", phone)
    assert _groups_turned_round("9780 9150 06, 91509780-06 en 2024-2025") == "06 9150 9780, 06-91509780 en 2025-2024"
    shown = f"{digits[6:]} {digits[2:6]} {digits[:2]}"
    assert [h.respondents for h in pdf_text_hits(f"(שלום) {shown} :Bel", deny) if h.kind == "contact-phone"] == [(rid,)]
    assert not [h for h in pdf_text_hits(f"(Tabel) {shown} :Bel", deny) if h.kind == "contact-phone"]


@pytest.mark.parametrize("carrier", ["metadata", "XMP metadata", "bookmarks", "annotation text", "form field value",
                                     "mailto link", "chained action", "embedded file", "JavaScript"])
def test_a_contact_held_by_a_pdf_beside_its_pages_is_found(tmp_path, deny, contact, private_key, carrier):
    """What a PDF holds besides its pages' text — document information, XMP metadata, bookmarks, a page's
    annotations and links, embedded files, JavaScript — is read too (found by the review: neither reader
    reads it; WeasyPrint writes the first three from the page's title, author and headings)."""
    import pikepdf

    rid, _name, email, _phone = contact
    pdf = pikepdf.open(io.BytesIO(_text_pdf(b"BT /F1 12 Tf 72 700 Td (Tabel 3) Tj ET")))
    page = pdf.pages[0]
    if carrier == "metadata":
        pdf.docinfo["/Author"] = pikepdf.String(f"Opgesteld door {email}")
    elif carrier == "XMP metadata":
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:creator"] = [email]
    elif carrier == "bookmarks":
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem("Inhoud"))
            outline.root[0].children.append(pikepdf.OutlineItem(f"Contact {email}", 0))
    elif carrier in ("annotation text", "form field value", "mailto link", "chained action"):
        entries = {"annotation text": dict(Subtype=pikepdf.Name.FreeText, Contents=pikepdf.String(email)),
                   "form field value": dict(Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("veld"),
                                            V=pikepdf.String(email)),
                   "mailto link": dict(Subtype=pikepdf.Name.Link, A=pikepdf.Dictionary(S=pikepdf.Name.URI,
                                                                                      URI=pikepdf.String(f"mailto:{email}"))),
                   "chained action": dict(Subtype=pikepdf.Name.Link, A=pikepdf.Dictionary(
                       S=pikepdf.Name.URI, URI=pikepdf.String("https://www.actiz.nl"),
                       Next=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(f"mailto:{email}"))))}
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Rect=pikepdf.Array([72, 600, 300, 620]), **entries[carrier]))]))
    elif carrier == "embedded file":
        pdf.attachments["contacten.txt"] = pikepdf.AttachedFileSpec(pdf, f"Contact: {email}\n".encode())
    else:
        script = pdf.make_stream(f'app.alert("{email}");'.encode())
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([
            pikepdf.String("start"), pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=script))])))
    out = io.BytesIO()
    with warnings.catch_warnings():  # (a widget without a form: a viewer may not show it; it is still there)
        warnings.simplefilter("ignore")
        pdf.save(out)
    data = out.getvalue()
    assert all(email not in t for t in pypdf_texts(data))  # not in the pages' text: the case is not vacuous
    problems = _scan(_report(tmp_path / "a", "rapport.pdf", data), deny, tmp_path / "cache" / "gate-2026")[0]
    place = {"annotation text": "page 1 links", "form field value": "page 1 links", "mailto link": "page 1 links",
             "chained action": "page 1 links",
             "embedded file": "Names", "JavaScript": "Names"}.get(carrier, carrier)
    assert f"rapport.pdf {place}" in [p.split(" line ")[0] for p in problems], problems  # (XMP also sets the author)
    assert all(p.endswith(f"{KIND_WORDS['contact-email']} (respondent {rid})") for p in problems)
    assert _scan(_report(tmp_path / "b", "rapport.pdf", data), deny, None)[0] == problems  # without verdicts too
    # a piece with a hit is never remembered: the same PDF elsewhere, with the same verdicts, fails again
    assert _scan(_report(tmp_path / "c", "kopie.pdf", data), deny, tmp_path / "cache" / "gate-2026")[0] == [
        p.replace("rapport.pdf", "kopie.pdf") for p in problems]


def test_what_a_pdf_holds_besides_its_pages_found_clean_is_not_scanned_again(tmp_path, deny, private_key,
                                                                              monkeypatch):
    page = ('<html lang="nl"><head><title>Monitor 2026</title></head><body><h1>Inleiding</h1>'
            '<p><a href="#b">Zie bijlage</a></p><h2 id="b">Bijlage</h2></body></html>')
    first = weasyprint.HTML(string=page).write_pdf()
    other = weasyprint.HTML(string=page.replace("Zie bijlage", "Zie de bijlage")).write_pdf()
    assert first != other
    scanned: list[str] = []
    real = privacy_gate.pdf_text_hits
    monkeypatch.setattr(privacy_gate, "pdf_text_hits", lambda text, deny: scanned.append(text) or real(text, deny))
    verdicts = tmp_path / "cache" / "gate-2026"
    assert _scan(_report(tmp_path / "a", "rapport.pdf", first), deny, verdicts)[0] == []
    assert "Inleiding\nBijlage" in scanned  # the bookmarks were scanned
    scanned.clear()
    assert _scan(_report(tmp_path / "b", "rapport.pdf", other), deny, verdicts)[0] == []
    assert "Inleiding\nBijlage" not in scanned and scanned  # the same bookmarks known clean; the new page read


def test_the_report_holds_nothing_beside_its_pages_the_gate_cannot_read():
    """The document texts of a WeasyPrint report: its title and author, its bookmarks, its links."""
    from wlzmonitor.run.pdf_text import document_texts

    page = ('<html lang="nl"><head><title>Monitor 2026</title><meta name="author" content="ActiZ"></head><body>'
            '<h1>Inleiding</h1><p><a href="#b">Zie bijlage</a></p><h2 id="b">Bijlage</h2></body></html>')
    texts = dict(document_texts(weasyprint.HTML(string=page).write_pdf()))
    assert "Monitor 2026" in texts["metadata"] and "ActiZ" in texts["metadata"]
    assert texts["bookmarks"].split("\n") == ["Inleiding", "Bijlage"]
    assert document_texts(b"not a PDF") is None


def pypdf_texts(data: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


_CANCEL_AND_LEAVE = """
import io, sys, time
sys.path[:0] = [{root!r} + "/lib", {root!r}]
import pikepdf
import run_all
from wlzmonitor.run.pdf_text import extract_elsewhere

if __name__ == "__main__":
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    for _ in range(400):
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (Tabel) Tj ET"))))
    out = io.BytesIO()
    pdf.save(out)
    later = extract_elsewhere(out.getvalue(), list(range(1, 401)), min_pages=1)
    assert later is not None
    time.sleep({seconds})  # the worker is reading the pages
    later.cancel()  # the gate failed meanwhile
    run_all.exit_now(0)  # a run leaves through its exit handlers only
"""


@pytest.mark.parametrize("seconds", [0.0, 1.5])
def test_a_run_that_leaves_while_the_pages_worker_reads_ends(tmp_path, seconds):
    """The worker that reads half of a PDF's pages is ended when the gate stops early, not left to end: at
    a run's exit multiprocessing joins it, and one never told to stop kept the run waiting for ever."""
    import subprocess
    import sys

    script = tmp_path / "run.py"
    script.write_text(_CANCEL_AND_LEAVE.format(root=str(Path(__file__).resolve().parents[1]), seconds=seconds),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
