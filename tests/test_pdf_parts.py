"""The PDF printed in parts (run/pdf.py, run/pdf_parts.py): a front part and one part per chapter,
each rendered once for its place in the report and cached, merged by pikepdf into one document whose
page numbers, contents, links and outline are those of one print.

With a fake renderer (which parts are rendered, and numbered how) and with WeasyPrint on a small
report of three chapters (what the merged PDF holds)."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import io
import json
import os
import re
from pathlib import Path

import pytest
from test_pdf_cache import fake_pdf

from wlzmonitor.compute.signed_files import read_signed
from wlzmonitor.run import pdf, pdf_parts
from wlzmonitor.spec.config import load_config

CHAPTERS = {"01_a": "1 Alfa", "02_b": "2 Beta", "03_c": "3 Gamma"}
TEXT = ("De zorgaanbieders in de Wlz maken elk jaar afspraken met het zorgkantoor over tarieven, "
        "capaciteit en kwaliteit; deze zin vult de pagina. ")


@pytest.fixture(autouse=True)
def _private_key(private_key):
    """Every test here signs with a key of its own (conftest.private_key)."""


def _page(title: str, paragraphs: int, extra: str = "", table: str = "") -> str:
    body = "".join(f"<p>{i}. {TEXT * 3}</p>" for i in range(paragraphs))
    return (f'<html><body><main class="report"><h1 id="titel">{title}</h1>{extra}<h2 id="deel">{title} deel</h2>'
            f"{body}{table}</main></body></html>")


TABLE = ('<section class="tabel" id="tabel-1"><p class="tabel-titel">Tabel 1 – Hoe tevreden bent u? (n=12)</p>'
         "<table><tr><th>Antwoord</th><th>%</th></tr><tr><td>Ja</td><td>60%</td></tr></table></section>")


def _report(out, grow: int = 0, sentence: str = "", pages: tuple[int, ...] | None = None):
    """Three chapter pages: Alfa links to the table in Gamma; `pages` marks page counts for the fake."""
    out.mkdir(exist_ok=True)
    marks = [f"<!--pages:{n}-->" for n in pages] if pages else ["", "", ""]
    link = '<p>Zie <a href="03_c.html#tabel-1">tabel 1</a>.</p>'
    (out / "01_a.html").write_text(_page("1 Alfa", 8 + grow, link + marks[0]), encoding="utf-8")
    (out / "02_b.html").write_text(_page("2 Beta", 4, f"<p>{sentence}</p>" + marks[1]), encoding="utf-8")
    (out / "03_c.html").write_text(_page("3 Gamma", 10, marks[2], TABLE), encoding="utf-8")


def _print(out, cache, workers: int = 1) -> bytes:
    config = dataclasses.replace(load_config(), chapters=CHAPTERS)
    manifest = {"chapters": {stem: {"status": "ok"} for stem in CHAPTERS}}
    return pdf.write_pdf(out, config, 2026, manifest, respondents=12, cache=cache, workers=workers).read_bytes()


# -- with a fake renderer: what is rendered, numbered how --------------------------------------------------------
@pytest.fixture
def rendered(monkeypatch):
    """The documents rendered, by name (a part's name, or "nummers N" for the numbers sheet of N pages)."""
    calls = []

    def fake(document: str, base_url, year: int, write: bool):
        assert write  # every print is kept: layout info and PDF from one render
        if 'class="paginanummers"' in document:
            pages = document.count('<div class="blad">')
            calls.append(f"nummers {pages}")
            return {"pages": pages, "anchors": {}, "bookmarks": []}, fake_pdf(pages, f"nummers {pages}")
        name = re.search(r'<section class="(?:hoofdstuk" id="([^"]+)|titelpagina)', document).group(1) or pdf.FRONT
        assert "counter(page)" not in document  # parts carry no page numbers
        marked = re.search(r"<!--pages:(\d+)-->", document)
        pages = int(marked.group(1)) if marked else 2
        calls.append(name)
        info = {"pages": pages, "anchors": {i: [0, 10.0, 20.0] for i in re.findall(r'\bid="([^"]+)"', document)},
                "bookmarks": []}
        return info, fake_pdf(pages, name)
    monkeypatch.setattr(pdf_parts, "render_part", fake)
    return calls


def test_only_the_edited_chapter_is_rendered_again(tmp_path, rendered):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out, pages=(3, 2, 4))
    first = _print(out, cache)
    assert sorted(rendered) == sorted([pdf.FRONT, *CHAPTERS, "nummers 11"])  # 2 + 3 + 2 + 4 pages
    rendered.clear()
    assert _print(out, cache) == first and rendered == []  # nothing changed: nothing rendered
    _report(out, pages=(3, 2, 4), sentence="Een zin erbij.")
    _print(out, cache)
    assert rendered == ["02_b"]  # rendered once: its layout and its print; the numbers sheet read back
    rendered.clear()
    _report(out, pages=(3, 2, 4))
    assert _print(out, cache) == first and rendered == []  # the edit undone: read back


def _config():
    return dataclasses.replace(load_config(), chapters=CHAPTERS)


def test_a_part_printed_ahead_is_not_printed_again_and_the_pdf_is_the_same(tmp_path, rendered):
    """pdf.print_ahead (the printer child, while the run makes the rest): the part lands in the
    cache as write_pdf asks for it, and the PDF is the bytes of a print without it."""
    out, cache, plain = tmp_path / "out", tmp_path / "cache", tmp_path / "plain"
    _report(out, pages=(3, 2, 4))
    _print(out, cache)
    _report(out, pages=(3, 2, 4), sentence="Een zin erbij.")
    import shutil

    shutil.copytree(cache, plain)
    rendered.clear()
    pdf.print_ahead(out, _config(), 2026, ["02_b"], cache=cache)
    assert rendered == ["02_b"]
    rendered.clear()
    ahead = _print(out, cache)
    assert rendered == []  # found printed
    assert _print(out, plain) == ahead and rendered == ["02_b"]  # without it: printed then, the same bytes


def test_a_part_printed_ahead_of_a_change_is_printed_again(tmp_path, rendered):
    """The guess is by the part's whole document: a page changed after it was printed ahead, or a
    part whose links depend on a page that turns out missing, is printed again by write_pdf."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out, pages=(3, 2, 4))
    _print(out, cache)
    _report(out, pages=(3, 2, 4), sentence="Eerste versie.")
    pdf.print_ahead(out, _config(), 2026, ["02_b"], cache=cache)
    _report(out, pages=(3, 2, 4), sentence="Tweede versie.")
    rendered.clear()
    _print(out, cache)
    assert rendered == ["02_b"]
    # Alfa links to Gamma's table: while Gamma's page is not there it would be another document
    # (no placeholder for the table): not printed ahead (a chapter run waits for the pages it links to)
    (out / "03_c.html").unlink()
    rendered.clear()
    pdf.print_ahead(out, _config(), 2026, ["01_a", "02_b"], cache=cache)
    assert rendered == []  # Beta as it is was printed above
    _report(out, pages=(3, 2, 4), sentence="Derde versie.")  # Gamma back
    pdf.print_ahead(out, _config(), 2026, ["01_a", "02_b"], cache=cache)
    assert rendered == ["02_b"]  # Alfa unchanged: in the cache
    rendered.clear()
    ahead = _print(out, cache)
    assert rendered == [] and ahead == _print(out, None)


@pytest.fixture
def merges(monkeypatch):
    """The number of merges pdf_parts.merge_parts made (the real merge of the fake parts)."""
    count = []
    real = pdf_parts.merge_parts
    monkeypatch.setattr(pdf_parts, "merge_parts", lambda parts, year: count.append(1) or real(parts, year))
    return count


def test_the_whole_pdf_printed_ahead_for_the_job_expected_is_read_back(tmp_path, rendered, merges):
    """pdf.print_guess (the printer child, when every page is made and the job is known: a prose
    edit): the merged PDF lands in the cache, nothing in the output folder, and write_pdf with that
    job renders and merges nothing; its bytes are those of a print without any cache."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out, pages=(3, 2, 4))
    _print(out, cache)
    _report(out, pages=(3, 2, 4), sentence="Een zin erbij.")
    rendered.clear()
    merges.clear()
    before = (out / pdf.pdf_name(2026)).read_bytes()
    manifest = {"chapters": {stem: {"status": "ok"} for stem in CHAPTERS}}
    pdf.print_guess(out, _config(), 2026, manifest, respondents=12, cache=cache)
    assert rendered == ["02_b"] and merges == [1] and (out / pdf.pdf_name(2026)).read_bytes() == before
    rendered.clear()
    guessed = _print(out, cache)
    assert rendered == [] and merges == [1]  # read back: not rendered, not merged again
    assert guessed == _print(out, None)


@pytest.mark.parametrize("wrong", ["respondents", "a chapter missing", "a page changed after"])
def test_a_whole_pdf_printed_ahead_for_another_job_is_not_used(tmp_path, rendered, merges, wrong):
    """A guess that turns out wrong (other respondents on the title page, another status, a page
    changed after the guess) decides nothing: the job prints and merges its own, the same bytes as
    without the cache."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out, pages=(3, 2, 4))
    _print(out, cache)
    _report(out, pages=(3, 2, 4), sentence="Een zin erbij.")
    statuses = {stem: {"status": "ok"} for stem in CHAPTERS}
    if wrong == "a chapter missing":
        statuses["03_c"] = {"status": "failed"}
    pdf.print_guess(out, _config(), 2026, {"chapters": statuses}, respondents=13 if wrong == "respondents" else 12,
                    cache=cache)
    if wrong == "a page changed after":
        _report(out, pages=(3, 2, 4), sentence="Na de gok.")
    merges.clear()
    assert _print(out, cache) == _print(out, None) and len(merges) == 2  # merged by the job (and without cache)
    merges.clear()
    pdf.print_guess(out, _config(), 2026, {"chapters": {stem: {"status": "ok"} for stem in CHAPTERS}},
                    respondents=12, cache=cache)
    assert merges == []  # the right guess now: what the job merged above


def test_nothing_is_printed_ahead_without_a_cache_or_for_a_page_that_is_not_there(tmp_path, rendered):
    out = tmp_path / "out"
    _report(out, pages=(3, 2, 4))
    pdf.print_ahead(out, _config(), 2026, ["02_b"], cache=None)
    (out / "03_c.html").unlink()
    pdf.print_ahead(out, _config(), 2026, ["03_c", "99_x"], cache=tmp_path / "cache")
    pdf.print_guess(out, _config(), 2026, {"chapters": {}}, respondents=12, cache=None)
    assert rendered == [] and not (out / pdf.pdf_name(2026)).exists()


def _page_numbers(data: bytes) -> list[str]:
    """The numbers sheet page laid over each page of the merged (fake) PDF, by its text."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_a_chapter_growing_by_a_page_renumbers_the_later_parts_without_printing_them(tmp_path, rendered):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out, pages=(3, 2, 4))
    _print(out, cache)
    rendered.clear()
    _report(out, pages=(4, 2, 4))  # Alfa grows by a page
    grown = _print(out, cache)
    # Alfa and the contents (its numbers moved) are printed; Beta and Gamma only get their new numbers
    assert rendered == ["01_a", pdf.FRONT, "nummers 12"]
    assert len(_page_numbers(grown)) == 12
    rendered.clear()
    assert _print(out, cache) == grown and rendered == []


def test_number_part_lays_the_sheet_pages_from_first_over_the_part():
    from pypdf import PdfReader

    sheet = _text_sheet(["", "Pagina 2 van 4", "Pagina 3 van 4", "Pagina 4 van 4"])
    part = fake_pdf(2, "deel")
    numbered = pdf_parts.number_part(part, sheet, 3)
    reader = PdfReader(io.BytesIO(numbered))
    assert [page.extract_text() for page in reader.pages] == ["Pagina 3 van 4", "Pagina 4 van 4"]
    assert reader.metadata.title == "deel" and numbered == pdf_parts.number_part(part, sheet, 3)


def _text_sheet(texts: list[str]) -> bytes:
    """A PDF whose pages hold `texts` in a standard font (a stand-in for the numbers sheet)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                                NameObject("/Subtype"): NameObject("/Type1"),
                                                NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for text in texts:
        page = writer.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 8 Tf 400 30 Td ({text}) Tj ET".encode("latin-1") if text else b"")
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_cache_keeps_the_last_versions_of_each_part(tmp_path, rendered):
    out, cache = tmp_path / "out", tmp_path / "cache"
    for n in range(5):
        _report(out, pages=(3, 2, 4), sentence=f"Versie {n}.")
        _print(out, cache)
    for kind in ("pdfinfo", "pdfraw", "pdfpart"):
        assert len(list(cache.glob(f"{kind}-2026-02_b-*"))) == pdf.PARTS_KEPT
        assert len(list(cache.glob(f"{kind}-2026-01_a-*"))) == 1
    assert len(list(cache.glob("pdf-2026-*"))) == pdf.PDFS_KEPT and len(list(cache.glob("pdfnumbers-2026-*"))) == 1


@pytest.mark.parametrize("kind, gone, expected", [
    ("pdfraw", ["pdfpart", "pdf"], [pdf.FRONT, *CHAPTERS]),  # the prints refused: printed again
    ("pdfpart", ["pdf"], []),                               # the numbered parts refused: numbered again
    ("pdfnumbers", ["pdfpart", "pdf"], ["nummers 11"]),     # the sheet refused: printed again
    ("pdf", [], []),                                        # the merged PDF refused: merged again
])
def test_an_edited_cache_file_is_never_used(tmp_path, rendered, kind, gone, expected):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out, pages=(3, 2, 4))
    first = _print(out, cache)
    for path in cache.glob(f"{kind}-2026-*"):
        path.write_bytes(path.read_bytes().replace(b"/Size ", b"/Size 1"))
    for path in [p for other in gone for p in cache.glob(f"{other}-2026-*")]:
        path.unlink()
    rendered.clear()
    assert _print(out, cache) == first and sorted(rendered) == sorted(expected)


# -- with WeasyPrint: the merged PDF ----------------------------------------------------------------------------
def _reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def _page_of(reader, dest_name: str) -> int:
    return reader.get_destination_page_number(reader.named_destinations[dest_name])


def _check(data: bytes) -> None:
    """Footers, contents numbers and links of the merged PDF of the three-chapter report."""
    reader = _reader(data)
    texts = [page.extract_text() for page in reader.pages]
    total = len(texts)
    assert all(f"Pagina {n} van {total}" in texts[n - 1] for n in range(2, total + 1)), texts
    assert "Pagina" not in texts[0]  # the title page has no footer
    contents = texts[1]
    for title, anchor in [("1 Alfa", "01_a"), ("2 Beta", "02_b"), ("3 Gamma", "03_c"),
                          ("Tabel 1 – Hoe tevreden bent u?", "03_c--tabel-1")]:
        number = int(re.search(rf"{re.escape(title)} \.+ ?(\d+)", contents).group(1))
        assert _page_of(reader, anchor) == number - 1, title
        assert title in texts[number - 1] and (anchor != "03_c" or texts[number - 1].startswith("3 Gamma"))
    links = {}
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            links.setdefault(str(annot.get_object()["/Dest"]), []).append(index)
    assert set(links) == {"01_a", "02_b", "03_c", "03_c--tabel-1"}  # the contents and Alfa's link to Gamma
    assert sorted(set(links["03_c--tabel-1"])) == [1, _page_of(reader, "01_a")]
    assert "Tabel 1 – Hoe tevreden" in texts[_page_of(reader, "03_c--tabel-1")]
    def titles(items):
        return [titles(item) if isinstance(item, list) else item.title for item in items]

    outline = titles(reader.outline)
    assert outline[:2] == ["Monitor Wlz-zorgcontractering 2026", ["Inhoud"]] and "3 Gamma" in outline
    gamma = outline[outline.index("3 Gamma") + 1]  # its section, and the table under it
    assert gamma == ["3 Gamma deel", ["Tabel 1 – Hoe tevreden bent u?"]]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"  # opens with the bookmarks shown (review)
    assert reader.metadata.title == "Monitor Wlz-zorgcontractering 2026" and "/CreationDate" not in reader.metadata
    assert reader.metadata.producer.startswith("WeasyPrint") and str(reader.trailer["/ID"][0]) == "wlz-monitor-2026"
    _check_structure(data)


def _elements(element):
    """Every structure element under `element` (itself included), depth first."""
    import pikepdf

    yield element
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.get("/Type") not in ("/OBJR", "/MCR"):
            yield from _elements(kid)


def _page_content(page) -> bytes:
    import pikepdf

    contents = page.obj.Contents
    return b"\n".join(c.read_bytes() for c in (contents if isinstance(contents, pikepdf.Array) else [contents]))


def _check_structure(data: bytes, headings: int = 3) -> None:
    """The merged PDF is tagged as one print (review of the readers: it was untagged): one document element
    holding every part's pages, each page's marked content in the parent tree under its own key, every
    element on a page of this document under its parent, each link annotation in its link element, the
    chapters' headings, and the page numbers marked as page furniture (artifacts)."""
    import pikepdf

    doc = pikepdf.open(io.BytesIO(data))
    assert doc.Root.MarkInfo.Marked is True and doc.Root.Lang == "nl" and doc.Root.ViewerPreferences.DisplayDocTitle
    tree = doc.Root.StructTreeRoot
    (document,) = list(tree.K)
    assert document.S == "/Document" and document.P.objgen == tree.objgen
    parents = pikepdf.NumberTree(tree.ParentTree)
    pages = {page.obj.objgen for page in doc.pages}
    keys = []
    for index, page in enumerate(doc.pages):
        keys.append(int(page.obj.StructParents))
        marked = parents[keys[-1]]
        mcids = sorted(int(m) for m in re.findall(rb"/MCID (\d+)", _page_content(page)))
        assert mcids == list(range(len(marked))), index
        assert all(element.Pg.objgen == page.obj.objgen for element in marked if "/Pg" in element), index
        for annot in page.obj.get("/Annots", ()):
            keys.append(int(annot.StructParent))
            link = parents[keys[-1]]
            assert link.S == "/Link" and any(kid.get("/Type") == "/OBJR" and kid.Obj.objgen == annot.objgen
                                             for kid in link.K if isinstance(kid, pikepdf.Dictionary))
        forms = [x for x in page.obj.Resources.get("/XObject", {}).values() if x.get("/Subtype") == "/Form"]
        if index:  # the number laid over every page but the title page: an artifact, no marked content of its own
            assert any(b"/Artifact" in form.read_bytes() and b"/Pagination" in form.read_bytes() for form in forms)
            assert not any(b"/MCID" in form.read_bytes() for form in forms)
    assert len(set(keys)) == len(keys) and int(tree.ParentTreeNextKey) > max(keys)
    for element in _elements(document):
        assert "/Pg" not in element or element.Pg.objgen in pages
        for kid in _elements(element):
            assert kid is element or kid.P.objgen in {e.objgen for e in [element, *_elements(element)]}
    assert sum(1 for element in _elements(document) if element.S == "/H1") >= headings


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_the_merged_pdf_numbers_links_and_contents_as_one_print(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out)
    cold = _print(out, cache)
    _check(cold)
    assert _print(out, cache) == cold  # warm: read back
    (cache_file,) = cache.glob("pdf-2026-*")
    cache_file.unlink()
    assert _print(out, cache) == cold  # merged again from the cached parts: the same bytes
    assert _print(out, None) == cold  # printed without a cache: the same bytes
    _report(out, grow=12)  # Alfa grows by a page or more: every later page moves, every total changes
    grown = _print(out, cache)
    assert len(_reader(grown).pages) > len(_reader(cold).pages)
    _check(grown)


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_only_the_edited_chapter_is_rendered_by_weasyprint(tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out)
    _print(out, cache)
    calls = []
    real = pdf_parts.render_part
    monkeypatch.setattr(pdf_parts, "render_part", lambda document, *a: calls.append(document) or real(document, *a))
    _report(out, sentence="Een zin erbij in Beta.")
    edited = _print(out, cache)
    assert len(calls) == 1 and 'id="02_b"' in calls[0]
    _check(edited)
    assert "Een zin erbij in Beta." in "".join(page.extract_text() for page in _reader(edited).pages)


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_two_workers_print_the_same_bytes_as_one(tmp_path):
    out = tmp_path / "out"
    _report(out)
    one = _print(out, tmp_path / "cache1", workers=1)
    two = _print(out, tmp_path / "cache2", workers=2)
    assert one == two


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_merging_the_same_parts_twice_gives_the_same_bytes(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out)
    _print(out, cache)

    def newest(kind: str, name: str) -> bytes:
        path = max(cache.glob(f"{kind}-2026-{name}-*"), key=lambda p: p.stat().st_mtime_ns)
        return read_signed(path, kind)

    parts = [(newest("pdfpart", name), json.loads(newest("pdfinfo", name))) for name in [pdf.FRONT, *CHAPTERS]]
    merged = pdf_parts.merge_parts(parts, 2026)
    assert merged == pdf_parts.merge_parts(parts, 2026) == (out / "wlz_monitor_2026.pdf").read_bytes()


def test_a_contents_list_that_never_settles_is_padded_to_its_longest_length(tmp_path, monkeypatch):
    """The front part's length depends on its own numbers (odd first chapter page: 3 pages, even: 2):
    it is numbered for 3 pages and its 2-page print padded with an empty page; every number holds."""
    printed = []

    def fake(document: str, base_url, year: int, write: bool):
        if 'class="paginanummers"' in document:
            pages = document.count('<div class="blad">')
            return {"pages": pages, "anchors": {}, "bookmarks": []}, fake_pdf(pages, "nummers")
        marked = re.search(r"<!--pages:(\d+)-->", document)
        if marked:
            pages = int(marked.group(1))
        else:  # the front part
            first = int(re.search(r'<a href="#01_a" data-pagina="(\d+)"', document).group(1))
            pages = (3 if first % 2 else 2) + document.count('class="pdf-opvulling"')
            printed.append((first, pages))
        info = {"pages": pages, "anchors": {i: [0, 10.0, 20.0] for i in re.findall(r'\bid="([^"]+)"', document)},
                "bookmarks": []}
        return info, fake_pdf(pages, "deel")
    monkeypatch.setattr(pdf_parts, "render_part", fake)
    out = tmp_path / "out"
    _report(out, pages=(3, 2, 4))
    merged = _reader(_print(out, tmp_path / "cache"))
    # numbered for 2 pages it takes 3, for 3 it takes 2 (tries 3 and 4 read back), then: 3, padded
    assert printed == [(3, 3), (4, 2), (4, 3)]
    assert len(merged.pages) == 3 + 3 + 2 + 4  # numbered for 3: Alfa on page 4


def test_a_front_part_that_cannot_be_padded_to_its_numbers_fails_with_a_message(tmp_path, monkeypatch):
    def fake(document: str, base_url, year: int, write: bool):
        marked = re.search(r"<!--pages:(\d+)-->", document)
        if 'class="paginanummers"' in document:
            pages = document.count('<div class="blad">')
        elif marked:
            pages = int(marked.group(1))
        else:  # a contents list that grows whatever it is numbered for
            first = int(re.search(r'<a href="#01_a" data-pagina="(\d+)"', document).group(1))
            pages = first
        anchors = {i: [0, 10.0, 20.0] for i in re.findall(r'\bid="([^"]+)"', document)}
        return {"pages": pages, "anchors": anchors, "bookmarks": []}, fake_pdf(pages, "deel")
    monkeypatch.setattr(pdf_parts, "render_part", fake)
    out = tmp_path / "out"
    _report(out, pages=(3, 2, 4))
    with pytest.raises(pdf.PdfError, match="contents' page numbers do not settle"):
        _print(out, tmp_path / "cache")


# -- the order of the prints and the print pool ------------------------------------------------------------------
def test_parts_are_printed_most_elements_first_not_largest_first():
    """WeasyPrint's time grows with the elements it lays out: a part of many table cells goes first,
    before a part that is large only because of an embedded picture."""
    jobs = {"kort": ("<p>a</p>", "", 2026, True),
            "plaatje": ('<p><img src="data:image/png;base64,' + "A" * 100_000 + '"></p>', "", 2026, True),
            "tabellen": ("<table>" + "<tr><td>1</td><td>2</td></tr>" * 40 + "</table>", "", 2026, True)}
    seen = []
    pdf_parts.render_parts(jobs, 1, render=lambda document, *_: seen.append(document) or ({}, None))
    assert seen == [jobs["tabellen"][0], jobs["plaatje"][0], jobs["kort"][0]]
    assert pdf_parts.print_cost(jobs["tabellen"][0]) > pdf_parts.print_cost(jobs["plaatje"][0])


class _Recorder(pdf._Printers):
    """A pool-sized printer that records its batches and answers with `pages` pages per part."""

    def __init__(self, store, out, pages: int = 3):
        super().__init__(2, store, str(out), 2026)
        self.batches, self.pages = [], pages

    def render(self, jobs):
        self.batches.append(dict(jobs))
        return {name: ({"pages": self.pages, "anchors": {}, "bookmarks": []},
                       fake_pdf(self.pages, name) if job[3] else None) for name, job in jobs.items()}


def _parts(out):
    config = dataclasses.replace(load_config(), chapters=CHAPTERS)
    manifest = {"chapters": {stem: {"status": "ok"} for stem in CHAPTERS}}
    return pdf.report_parts(out, config, 2026, manifest, respondents=12)


def test_a_pool_lays_out_a_never_printed_front_part_with_the_chapters(tmp_path):
    """Its length (numbered with three-digit numbers, no PDF written) is the guess the front part is
    numbered with, instead of a fixed two pages; not when one process prints or the front part's
    last print is known."""
    out = tmp_path / "out"
    _report(out)
    store = pdf._Store(tmp_path / "cache", 2026)
    printers = _Recorder(store, out, pages=5)
    infos, guess = pdf._chapter_infos(_parts(out), store, printers, {})
    front = printers.batches[0][pdf.FRONT]
    assert front[3] is False and 'data-pagina="888"' in front[0] and 'data-pagina=""' not in front[0]
    assert guess == {"pages": 5} and set(infos) == set(CHAPTERS)
    alone = _Recorder(store, out)
    alone.workers = 1
    assert pdf._chapter_infos(_parts(out), pdf._Store(tmp_path / "other", 2026), alone, {})[1] is None
    assert pdf.FRONT not in alone.batches[0]
    store.put_info(pdf.FRONT, "an earlier front part", {"pages": 4, "anchors": {}, "bookmarks": []})
    again = _Recorder(store, out)
    assert pdf._chapter_infos(_parts(out), pdf._Store(tmp_path / "cache", 2026), again, {})[1] is None


def _thread_pool(monkeypatch):
    """The print pool as threads of this process: the fake renderer is used in it too."""
    monkeypatch.setattr(pdf_parts, "print_pool", lambda workers: concurrent.futures.ThreadPoolExecutor(workers))


def test_a_pool_prints_the_numbers_sheet_ahead_and_numbers_the_parts(tmp_path, printed, monkeypatch):
    _thread_pool(monkeypatch)
    out = tmp_path / "out"
    _report(out, pages=(3, 2, 4))
    two = _reader(_print(out, tmp_path / "cache", workers=2))
    total = 2 + 3 + 2 + 4
    assert len(two.pages) == total
    assert printed.sheets == [total]  # printed once, ahead, for the total the front part was numbered for
    fronts = [d for d in printed if '<nav class="pdf-inhoud"' in d]
    assert len(fronts) == 2 and sum('data-pagina="888"' in d for d in fronts) == 1  # laid out ahead, printed once
    one = _reader(_print(out, tmp_path / "cache1", workers=1))
    assert [page.extract_text() for page in one.pages] == [page.extract_text() for page in two.pages]


def test_a_sheet_printed_ahead_for_a_wrong_guess_is_not_used(tmp_path, printed, monkeypatch):
    """The front part's last print said 5 pages: the sheet printed ahead numbers 5 + 9 pages; the
    front part prints on 2, so the report has 11 pages and its own sheet."""
    _thread_pool(monkeypatch)
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out, pages=(3, 2, 4))
    pdf._Store(cache, 2026).put_info(pdf.FRONT, "an earlier front part", {"pages": 5, "anchors": {}, "bookmarks": []})
    made = _reader(_print(out, cache, workers=2))
    # both sheets are printed, in whichever order the pool's threads finish them
    assert sorted(printed.sheets) == [2 + 9, 5 + 9] and len(made.pages) == 2 + 9


def test_a_wide_table_fits_the_paper():
    """The screen's minimum column widths pushed the last column of wide tables off the PDF page
    (19 pages of the 2026 report, Bijlage 3's Totaal unreadable, review): on paper a table's
    headings have no minimum width, and every box of a ten-column table lies within the page."""
    from pathlib import Path

    weasyprint = pytest.importorskip("weasyprint")
    css = (Path(pdf.__file__).parent / "templates" / "nbconvert" / "wlz_report" / "report.css").read_text(
        encoding="utf-8")
    heads = "".join(f'<th class="col_heading">Zilveren Kruis regio {i} <span class="kolom-n">(n=12)</span></th>'
                    for i in range(9))
    cells = "".join("<td>35%</td>" for _ in range(9))
    html = (f'<html><head><style>{css}{pdf.PDF_CSS % {"title": "x"}}</style></head><body>'
            '<table class="rapport"><thead><tr><th></th>' + heads + '<th class="col_heading">Totaal</th></tr></thead>'
            '<tbody><tr><th class="row_heading">Een lange omschrijving van een antwoordcategorie</th>'
            + cells + "<td>36%</td></tr></tbody></table></body></html>")
    document = weasyprint.HTML(string=html).render()
    page = document.pages[0]

    def boxes(box):
        yield box
        for child in getattr(box, "children", []) or []:
            yield from boxes(child)

    right = max(b.position_x + b.width for b in boxes(page._page_box) if getattr(b, "width", None) is not None
                and b is not page._page_box)
    assert right <= page.width + 0.01, f"a box ends at {right:.1f}px on a page {page.width:.1f}px wide"


def _image(seed: int, size: int = 600) -> str:
    import base64
    import random

    data = base64.b64encode(random.Random(seed).randbytes(size)).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="Grafiek {seed}">'


def test_a_pages_embedded_images_are_set_aside_and_put_back_unchanged():
    """pdf._chapter_section reads a page without its base64 payloads (~90 % of its bytes): the
    same tables, section and ids as reading it whole, the images back byte for byte."""
    images = [_image(i) for i in range(4)]
    page = _page("1 Alfa", 3, images[0] + '<p>Zie <a href="#tabel-1">tabel 1</a> en ;base64,kort.</p>',
                 TABLE.replace("</p>", f"{images[1]}</p>", 1) + images[2] + images[3] + images[2])
    stems = frozenset(CHAPTERS)
    tables, section, ids = pdf._chapter_section(page, "01_a", stems)
    whole = f'<section class="hoofdstuk" id="01_a">{pdf._page_body(page, "01_a", set(stems))}</section>'
    assert section == whole and ids == frozenset(pdf._ID.findall(whole))
    assert tables == tuple((a, pdf._short(c)) for a, c in pdf._TABLE_SECTION.findall(page) if c)
    assert all(image.split('"')[1] in section for image in images)
    assert pdf._section_urls(section) == tuple(pdf._RESOURCE.findall(section))
    odd = section + '<img src="figures/a;base64,QUJDREVGR0hJSktMTU5PUA==.png" alt="">'  # a file's name
    assert pdf._section_urls(odd)[-1] == "figures/a;base64,QUJDREVGR0hJSktMTU5PUA==.png"
    short, payloads = pdf._without_payloads(page)
    assert len(short) < len(page) // 3 and len(payloads) == 5 and pdf._with_payloads(short, payloads) == page
    nul = page + "\0"  # a NUL (never in a page the run writes): read whole
    assert pdf._without_payloads(nul) == (nul, [])


def test_the_printer_child_skips_its_warm_up_print_when_work_has_come(monkeypatch):
    """pdf.prepare prints a part only to warm up: not when the run has sent work meanwhile."""
    printed = []
    monkeypatch.setattr(pdf_parts, "render_part", lambda document, *args: printed.append(document))
    config = dataclasses.replace(load_config(), chapters=CHAPTERS)
    pdf.prepare(config, 2026, waiting=lambda: True)
    assert printed == []
    pdf.prepare(config, 2026)
    assert len(printed) == 1


def test_the_bookmarks_list_every_table_under_its_section_and_no_open_answer_heading():
    """The PDF's bookmarks held every heading but no table (the reader could not jump to Tabel B12:
    Bijlage 2 had no bookmark under it), and the open answers' headings ('Toelichtingen bij Vraag 10',
    'Ten dele, want …') stood between the sections, so a table after them would nest under them.
    Now they are the page's contents: its sections, and every table (its short title) under its section."""
    pytest.importorskip("weasyprint")
    page = ('<html><body><main class="report"><h1 id="titel">2 Beta</h1><h2 id="deel">2.1 Deel</h2>'
            '<section class="tabel" id="tabel-1"><div class="tabel-blok"><p class="tabel-titel" id="t1">Tabel 1 – '
            'Hoe tevreden bent u? (n=12)</p><table><tr><td>Ja</td></tr></table></div></section>'
            '<div class="toelichtingen"><h3 id="toel" class="toelichtingen-titel geen-inhoud">Toelichtingen bij Vraag 3</h3>'
            '<section class="codering-categorie"><h4>Ten dele, want …</h4><p>Tekst.</p></section></div>'
            '<section class="tabel" id="tabel-2"><div class="tabel-blok"><p class="tabel-titel" id="t2">Tabel 2 – '
            'Wat vindt u? (2025: n=10, 2026: n=12)</p><table><tr><td>Ja</td></tr></table></div></section>'
            '<h2 id="ander">2.2 Ander deel</h2><section class="tabel" id="tabel-b3"><p class="tabel-titel" id="t3">'
            'Tabel B3 – Waarom? (n=12)</p><table><tr><td>Ja</td></tr></table></section></main></body></html>')
    _, section, _ = pdf._chapter_section(page, "02_b", frozenset({"02_b"}))
    parts = pdf.ReportParts(2026, "", "", [], {"02_b": section}, set())
    info, printed = pdf_parts.render_part(parts.document(section), ".", 2026, True)
    assert "Tabel 1 – Hoe tevreden bent u? (n=12)" in _reader(printed).pages[0].extract_text()  # still printed whole
    assert [(level, label) for level, label, *_ in info["bookmarks"]] == [
        (1, "2 Beta"), (2, "2.1 Deel"), (4, "Tabel 1 – Hoe tevreden bent u?"), (4, "Tabel 2 – Wat vindt u?"),
        (2, "2.2 Ander deel"), (4, "Tabel B3 – Waarom?")]


def test_a_title_with_less_than_and_greater_than_keeps_its_text():
    """A caption 'Tarief &lt; 95% en &gt; 90%' lost '95% en ' in the PDF's contents and bookmark: the
    entities were unescaped before the tags were stripped, and '< 95% en >' was taken for a tag."""
    assert pdf._short('Tarief &lt; 95% en &gt; 90% <span class="x">(n=12)</span>') == "Tarief < 95% en > 90%"
    assert pdf._short("<b>Tabel 3</b> A &amp; B") == "Tabel 3 A & B"


def test_a_part_prints_to_the_same_bytes_at_any_time(monkeypatch):
    """Review (determinism): fontTools stamps every embedded font subset with the time of the print, so the
    same part printed a second later had other bytes (and a cold build of the report another PDF). The
    print fixes that time (SOURCE_DATE_EPOCH while WeasyPrint writes) and sets the variable back after."""
    import fontTools.misc.timeTools as time_tools

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    document = _page("1 Alfa", 1, table=TABLE)
    printed = []
    for now in (1_700_000_000.0, 1_800_000_000.0):
        monkeypatch.setattr(time_tools.time, "time", lambda now=now: now)
        printed.append(pdf_parts.render_part(document, ".", 2026, True)[1])
    assert printed[0] == printed[1]
    assert "SOURCE_DATE_EPOCH" not in __import__("os").environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234")
    assert pdf_parts.render_part(document, ".", 2026, True)[1] == printed[0]  # the same whatever is set
    assert __import__("os").environ["SOURCE_DATE_EPOCH"] == "1234"


@pytest.mark.slow  # real WeasyPrint: the full suite runs it
def test_joined_parts_keep_their_tags_and_a_dropped_link_leaves_the_tree():
    """Review (readers): each part is printed tagged and the join keeps one structure tree: two parts'
    headings, paragraphs and a figure with its text alternative under one document element; a link to a
    name no part holds is removed from its page and from the tree (its text stays); a part without a tree
    leaves the joined PDF untagged rather than half tagged."""
    import pikepdf

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    picture = f'<img src="data:image/png;base64,{png}" alt="Grafiek: aandeel per jaar" style="width: 4cm">'
    first = ('<html lang="nl"><body><h1 id="a">1 Alfa</h1><p>Zie <a href="#elders">elders</a>.</p>'
             f'<span id="elders"></span>{picture}</body></html>')
    second = '<html lang="nl"><body><h1 id="b">2 Beta</h1><p>Tekst van Beta.</p></body></html>'
    info_a, pdf_a = pdf_parts.render_part(first, ".", 2026, True)
    info_b, pdf_b = pdf_parts.render_part(second, ".", 2026, True)
    info_a["anchors"].pop("elders")  # a placeholder no part really holds: the link is dead
    sheet = pdf_parts.as_page_furniture(pdf_parts.render_part(
        pdf.numbers_document(info_a["pages"] + info_b["pages"]), ".", 2026, True)[1])
    parts = [(pdf_parts.number_part(pdf_a, sheet, 1), info_a),
             (pdf_parts.number_part(pdf_b, sheet, 1 + info_a["pages"]), info_b)]
    merged = pdf_parts.merge_parts(parts, 2026)
    _check_structure(merged, headings=2)
    doc = pikepdf.open(io.BytesIO(merged))
    assert not any("/Annots" in page.obj and len(page.obj.Annots) for page in doc.pages)
    elements = list(_elements(doc.Root.StructTreeRoot.K[0]))
    assert [str(e.get("/Alt")) for e in elements if e.S == "/Figure"] == ["Grafiek: aandeel per jaar"]
    links = [e for e in elements if e.S == "/Link"]
    assert links and not any(isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                             for link in links for kid in link.K)
    assert merged == pdf_parts.merge_parts(parts, 2026)  # the same parts, the same bytes
    untagged = pikepdf.open(io.BytesIO(parts[1][0]))
    del untagged.Root.StructTreeRoot
    plain = io.BytesIO()
    untagged.save(plain)
    half = pikepdf.open(io.BytesIO(pdf_parts.merge_parts([parts[0], (plain.getvalue(), info_b)], 2026)))
    assert "/StructTreeRoot" not in half.Root and "/MarkInfo" not in half.Root


def _two_numbered_parts() -> list[tuple[bytes, dict]]:
    """Two tagged parts (a link from the first to the second), numbered as a report of both."""
    first = '<html lang="nl"><body><h1 id="a">1 Alfa</h1><p>Zie <a href="#b">Beta</a>.</p></body></html>'
    second = '<html lang="nl"><body><h1 id="b">2 Beta</h1><p>Tekst van Beta.</p></body></html>'
    info_a, pdf_a = pdf_parts.render_part(first, ".", 2026, True)
    info_b, pdf_b = pdf_parts.render_part(second, ".", 2026, True)
    sheet = pdf_parts.as_page_furniture(pdf_parts.render_part(
        pdf.numbers_document(info_a["pages"] + info_b["pages"]), ".", 2026, True)[1])
    return [(pdf_parts.number_part(pdf_a, sheet, 1), info_a),
            (pdf_parts.number_part(pdf_b, sheet, 1 + info_a["pages"]), info_b)]


def test_a_process_that_keeps_the_joined_documents_joins_the_same_bytes(monkeypatch):
    """The printer child leaves with os._exit, so it does not free what it joined
    (pdf_parts.keep_joined_documents: a third of a 200-page join's time): the same bytes; the joined
    document and every part it opened are still held (and usable), join after join."""
    import pikepdf

    pytest.importorskip("weasyprint")
    parts = _two_numbered_parts()
    freed = pdf_parts.merge_parts(parts, 2026)
    monkeypatch.setattr(pdf_parts, "_unfreed", None)  # restored after the test: this process frees again
    pdf_parts.keep_joined_documents()
    pdf_parts.keep_joined_documents()  # twice: the same list
    assert pdf_parts.merge_parts(parts, 2026) == freed
    held = list(pdf_parts._unfreed)
    assert len(held) == 3 and all(isinstance(doc, pikepdf.Pdf) for doc in held)
    assert len(held[0].pages) == sum(len(doc.pages) for doc in held[1:])  # the joined one, then its parts
    assert pdf_parts.merge_parts(parts, 2026) == freed and len(pdf_parts._unfreed) == 6


def test_code_text_prints_in_one_named_font_whatever_else_is_installed():
    """The PDF's code text (the question keys of Bijlage 1) used the page's font list, whose first installed
    monospace font wins: installing Chromium (which brings Liberation Mono) changed the font, and so the
    layout and bytes of the printed report, on the same machine. The print names DejaVu Sans Mono, the
    family of the rest of the PDF."""
    import pikepdf

    pytest.importorskip("weasyprint")
    page = '<html><body><main class="report"><h1 id="titel">2 Beta</h1><p>De sleutel <code>omzet</code>.</p></main></body></html>'
    _, section, _ = pdf._chapter_section(page, "02_b", frozenset({"02_b"}))
    from pathlib import Path

    css = (Path(pdf.__file__).parent / "templates" / "nbconvert" / "wlz_report" / "report.css").read_text(encoding="utf-8")
    parts = pdf.ReportParts(2026, f"<style>{css}</style>", "", [], {"02_b": section}, set())  # the pages' own styles
    _, printed = pdf_parts.render_part(parts.document(section), ".", 2026, True)
    fonts = {str(font.get("/BaseFont")).split("+")[-1] for page in pikepdf.open(io.BytesIO(printed)).pages
             for font in page.obj.Resources.get("/Font", {}).values()}
    assert "DejaVu-Sans-Mono" in fonts and not any("Liberation" in f for f in fonts), fonts


@pytest.mark.slow  # real WeasyPrint: the full suite runs it
def test_every_numbered_part_is_told_and_its_pages_read_ahead_are_known_in_the_joined_pdf(tmp_path, deny,
                                                                                          monkeypatch):
    """The real wiring of reading ahead: write_pdf gives `numbered_file` the cache file of every part it
    numbers (the front part and each chapter), then the cache file of the PDF it joined them into;
    pdf.numbered_part reads each back (the joined one: the bytes written). Once the privacy gate has
    read the parts' pages ahead, reading the joined PDF ahead extracts no page (every page is known
    under the same key), and the scan of the folder's PDF, those very bytes, neither extracts nor keys
    a page: it takes the keys made ahead, and finds nothing. Nothing is told for a PDF read back whole."""
    from wlzmonitor.run import privacy_gate
    from wlzmonitor.run.privacy_gate import OutputScan

    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out)
    config = dataclasses.replace(load_config(), chapters=CHAPTERS)
    manifest = {"chapters": {stem: {"status": "ok"} for stem in CHAPTERS}}
    told: list = []
    written = pdf.write_pdf(out, config, 2026, manifest, respondents=12, cache=cache, numbered_file=told.append)
    *numbered, joined = told
    names = sorted(path.name.split("-")[2] for path in numbered)
    assert names == sorted([pdf.FRONT, *CHAPTERS]) and all(path.parent == cache for path in told)
    assert joined.name.startswith("pdf-2026-") and pdf.numbered_part(joined) == written.read_bytes()
    parts = [pdf.numbered_part(path) for path in numbered]
    assert all(part and part.startswith(b"%PDF") for part in parts)
    extracted: list[int] = []
    real = privacy_gate._page_text
    monkeypatch.setattr(privacy_gate, "_page_text", lambda page: extracted.append(1) or real(page))
    scan = OutputScan(out, deny, verdicts=cache / "gate-2026")
    for part in parts:
        scan.pages_ahead(part)
    ahead = len(extracted)
    assert ahead == len(pdf_parts_pages(out / pdf.pdf_name(2026)))
    scan.pages_ahead(pdf.numbered_part(joined))
    assert len(extracted) == ahead and scan.pages.keyings == len(parts) + 1
    assert scan.finish() == []
    assert len(extracted) == ahead and scan.pages.keyings == len(parts) + 1 and scan.pages.keys_reused == 1
    again: list = []
    pdf.write_pdf(out, config, 2026, manifest, respondents=12, cache=cache, numbered_file=again.append)
    assert again == []  # the same report: the joined PDF read back, nothing numbered


def pdf_parts_pages(path) -> list:
    import pypdf

    return list(pypdf.PdfReader(path).pages)


# -- without a pool: the numbers sheet printed ahead by a forked copy (pdf._SheetAhead) ------------------------
BLAD = '<div class="blad">'


@pytest.fixture
def sheet_pids(tmp_path, rendered, monkeypatch):
    """(process id, pages) of every numbers sheet rendered, in any process (a forked copy writes to a
    file). The test process has native threads (numpy's, pyarrow's: idle, and the copy uses neither),
    which pdf._may_fork refuses to fork beside: here only Python's threads count (see
    test_a_native_thread_forbids_the_fork for the real check)."""
    import threading

    monkeypatch.setattr(pdf, "_may_fork", lambda: threading.active_count() == 1)
    log = tmp_path / "sheets.log"
    fake = pdf_parts.render_part

    def logging_fake(document: str, *args):
        result = fake(document, *args)
        if 'class="paginanummers"' in document:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {document.count(BLAD)}\n")
        return result
    monkeypatch.setattr(pdf_parts, "render_part", logging_fake)

    def read() -> list[tuple[int, int]]:
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        return [tuple(map(int, line.split())) for line in text.splitlines()]
    read.forked = []  # the copies' process ids
    start = pdf._SheetAhead.start

    def recording(*args):
        ahead = start(*args)
        if ahead is not None:
            read.forked.append(ahead.pid)
        return ahead
    monkeypatch.setattr(pdf._SheetAhead, "start", recording)
    return read


def _reaped(pid: int) -> bool:
    """The forked copy `pid` is gone and reaped: no child of this process by that id any more."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _merged(out, cache, *, sheet_ahead: bool) -> bytes:
    manifest = {"chapters": {stem: {"status": "ok"} for stem in CHAPTERS}}
    return pdf.merged_pdf(out, _config(), 2026, manifest, respondents=12, cache=cache, workers=1,
                          sheet_ahead=sheet_ahead)


def _grown_report(tmp_path, cache) -> Path:
    out = tmp_path / "out"
    _report(out, pages=(3, 2, 4))
    _print(out, cache)
    _report(out, pages=(4, 2, 4))  # Alfa grows by a page: a new total, a sheet not printed before
    return out


def test_without_a_pool_the_numbers_sheet_is_printed_ahead_by_a_forked_copy(tmp_path, sheet_pids, rendered):
    cache = tmp_path / "cache"
    out = _grown_report(tmp_path, cache)
    rendered.clear()
    ahead = _merged(out, cache, sheet_ahead=True)
    assert rendered == ["01_a", pdf.FRONT]  # here: the part and the contents; the sheet elsewhere
    assert [(pid != os.getpid(), pages) for pid, pages in sheet_pids()] == [(False, 11), (True, 12)]
    assert ahead == _merged(out, tmp_path / "cache2", sheet_ahead=False)  # the same bytes printed here
    _report(out, pages=(4, 2, 4))
    assert _merged(out, cache, sheet_ahead=True) == ahead  # read back
    assert len(sheet_pids.forked) == 1 and _reaped(sheet_pids.forked[0])


def test_a_forked_copy_that_fails_leaves_the_sheet_to_this_process(tmp_path, sheet_pids, rendered, monkeypatch):
    cache = tmp_path / "cache"
    out = _grown_report(tmp_path, cache)
    parent, fake = os.getpid(), pdf_parts.render_part

    def failing_elsewhere(document: str, *args):
        if os.getpid() != parent:
            raise MemoryError("the copy fails")
        return fake(document, *args)
    monkeypatch.setattr(pdf_parts, "render_part", failing_elsewhere)
    rendered.clear()
    made = _merged(out, cache, sheet_ahead=True)
    assert rendered == ["01_a", pdf.FRONT, "nummers 12"]  # printed here after all
    assert made == _merged(out, tmp_path / "cache2", sheet_ahead=False)
    assert len(sheet_pids.forked) == 1 and _reaped(sheet_pids.forked[0])


def test_no_copy_is_forked_while_another_thread_runs(tmp_path, sheet_pids, rendered):
    import threading

    cache = tmp_path / "cache"
    out = _grown_report(tmp_path, cache)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        rendered.clear()
        _merged(out, cache, sheet_ahead=True)
    finally:
        stop.set()
        other.join()
    assert rendered == ["01_a", pdf.FRONT, "nummers 12"] and all(pid == os.getpid() for pid, _ in sheet_pids())


def test_a_copy_printing_the_sheet_of_a_wrong_guess_is_ended(tmp_path, sheet_pids, rendered, monkeypatch):
    """The front part's last print said 5 pages: the copy prints the sheet of 5 + 10 pages; the front
    part prints on 2, so this process prints the sheet of 12 itself, and the copy is ended and reaped."""
    cache = tmp_path / "cache"
    out = _grown_report(tmp_path, cache)
    for path in cache.glob("pdfinfo-2026-front-*"):
        path.unlink()
    pdf._Store(cache, 2026).put_info(pdf.FRONT, "an earlier front part", {"pages": 5, "anchors": {}, "bookmarks": []})
    made = _reader(_merged(out, cache, sheet_ahead=True))
    assert len(made.pages) == 12 and (os.getpid(), 12) in sheet_pids()
    assert len(sheet_pids.forked) == 1 and _reaped(sheet_pids.forked[0])


def test_a_native_thread_forbids_the_fork():
    """A thread Python does not list (here faulthandler's watchdog, in C) may hold a lock the copy
    would need: _may_fork counts the system's threads of the process."""
    import subprocess
    import sys

    script = ("import faulthandler\nfrom wlzmonitor.run import pdf\nalone = pdf._may_fork()\n"
              "faulthandler.dump_traceback_later(100)\nprint(alone, pdf._may_fork())\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(Path(pdf.__file__).parents[2])})
    assert done.stdout.split() == ["True", "False"]


def test_each_part_is_told_as_soon_as_it_is_numbered(tmp_path, rendered, monkeypatch):
    """The run reads a numbered part's pages while the printer numbers the next ones (a chapter a page
    longer renumbers every later part): each part is told when it is numbered, not all at the end."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    _report(out, pages=(3, 2, 4))
    _print(out, cache)
    _report(out, pages=(4, 2, 4))
    numbered, told = [], []
    real = pdf_parts.number_part
    monkeypatch.setattr(pdf_parts, "number_part", lambda *a: numbered.append(1) or real(*a))
    config = dataclasses.replace(load_config(), chapters=CHAPTERS)
    manifest = {"chapters": {stem: {"status": "ok"} for stem in CHAPTERS}}
    pdf.write_pdf(out, config, 2026, manifest, respondents=12, cache=cache, workers=1,
                  numbered_file=lambda path: told.append((path.name.split("-")[2], len(numbered))))
    *parts, (joined, _count) = told
    assert joined not in CHAPTERS and [name for name, _ in parts] == [pdf.FRONT, *CHAPTERS]
    assert [count for _, count in parts] == [1, 2, 3, 4]  # each told before the next is numbered


def test_a_pool_prints_the_numbers_sheet_ahead_without_a_cache_too(tmp_path, printed, monkeypatch):
    """The pool's sheet ahead comes back as its future's result, not through the cache: without a
    cache it is printed ahead all the same (only the forked copy needs the cache)."""
    import threading

    _thread_pool(monkeypatch)
    where = []
    fake = pdf_parts.render_part
    monkeypatch.setattr(pdf_parts, "render_part", lambda document, *a: (
        where.append(threading.current_thread() is threading.main_thread())
        if 'class="paginanummers"' in document else None) or fake(document, *a))
    out = tmp_path / "out"
    _report(out, pages=(3, 2, 4))
    made = _reader(_print(out, None, workers=2))
    assert len(made.pages) == 2 + 3 + 2 + 4 and printed.sheets == [11] and where == [False]  # in the pool


# -- WeasyPrint imported without a compiler run per library name it tries ----------------------------------
_IMPORT_SCRIPT = """
import ctypes.util, json, sys, threading
real = ctypes.util.find_library
looked_up = []
ctypes.util.find_library = lambda name: looked_up.append(name) or real(name)
counted = ctypes.util.find_library
FAIL_ONCE = {fail_once}

class FailsOnce:  # the first import fails as on a system whose libraries only the compiler's search finds
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" and FAIL_ONCE:
            FAIL_ONCE.clear()
            raise OSError("cannot load library 'libgobject-2.0-0'")
        return None

sys.meta_path.insert(0, FailsOnce())
from wlzmonitor.run.pdf_parts import _weasyprint
w = _weasyprint()
print(json.dumps({{"looked_up": looked_up, "restored": ctypes.util.find_library is counted,
                  "printed": len(w.HTML(string="<p>x</p>").write_pdf()) > 100}}))
"""


@pytest.mark.slow  # a fresh process importing WeasyPrint
@pytest.mark.parametrize("fail_once", [False, True], ids=["first import", "first import fails"])
def test_weasyprint_is_imported_without_looking_up_library_names(fail_once):
    """WeasyPrint's import asked ctypes' find_library for ~20 names it could not open (a gcc run each, 0.2 s of
    every printing process); now none while the system's loader opens its libraries, and the lookup is put back.
    When that import fails, it is imported again as WeasyPrint does it (with the lookups)."""
    import subprocess
    import sys

    pytest.importorskip("weasyprint")
    script = _IMPORT_SCRIPT.format(fail_once="{1}" if fail_once else "set()")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(pdf_parts.__file__).parents[2])})
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["restored"] and seen["printed"]
    if fail_once:
        assert seen["looked_up"]  # the second import: WeasyPrint's own way, lookups and all
    else:
        assert seen["looked_up"] == []
