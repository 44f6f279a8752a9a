"""The text of PDF pages for the privacy gate: read by PDFium, and by pypdf where PDFium cannot vouch for it.

    texts = pdfium_texts(data, [3, 4, ...])            # {page number: text}; a page left out is read by pypdf
    later = extract_elsewhere(data, [101, 102, ...])   # pypdf in a second process; None when not worth it
    texts = later.result()                              # {page number: (text, None) or (None, error)}

Why PDFium (``pypdfium2``): pypdf's text extraction was the gate's slowest step (~20-45 ms a page: 4 s
for a report of 195 pages read for the first time, or after an edit that moved every page number);
PDFium, the C++ reader of Chromium's PDF viewer, reads the same 195 pages in ~0.3 s. It reads what a
reviewer selects and searches in that viewer; the same characters as pypdf for the report's pages
(190 of 195 pages word for word, the others differ in dot leaders and a bullet's place), with these
differences, handled here:

- a line broken after a hyphen of the text ("NZa-" / "maximumtarief") comes as the word joined with
  U+FFFE in the hyphen's place, whichever hyphen it was (a typed one, U+2010 or a soft hyphen): read as
  U+2010 and a line break, so that the gate scans the lines joined both with the hyphen (an address
  "…@kwartelveld-" / "zorg.example") and without it (a name "de Ha" / "an" broken at a soft hyphen), as it
  does with pypdf's reading; lines end in CR LF: read as LF;
- a page whose text PDFium broke into lines of a glyph or three (it took the page for vertical
  writing: :data:`_BROKEN_UP`), or with a right-to-left script (PDFium reorders such lines for display,
  a phone number's groups with them: :data:`RIGHT_TO_LEFT`), is read by pypdf;
- PDFium leaves out the text of a text object it finds no size for: a font size of 0 or nearly 0,
  a matrix or horizontal scaling of 0 (pypdf reads it; nobody sees it, but extraction finds it). A
  page with a text object PDFium gives no text for is therefore not taken from PDFium: it is read by
  pypdf, as before (:func:`pdfium_texts` leaves it out), and so is a page with forms nested deeper
  than :data:`_FORM_DEPTH` (PDFium stops parsing nested forms at some depth). Its verdict is kept like
  any other: whichever reader read a page, it was found clean by the gate's reading of those keyed
  bytes (the reader depends on them, and on whether every stream of the pages read with it decodes).

The gate gives PDFium only a PDF qpdf wrote of the keyed parts of the pages to read, and only when
every stream of it decodes (:func:`~.pdf_page_keys.streams_decode`: PDFium reads a stream it cannot
decode as no text, where pypdf raises) and no marked content of it has an ``/ActualText`` (PDFium reads
that instead of the glyphs). Not vouched for, and not seen by either reader: a ``Tj`` with no font set
(PDFium neither draws nor reads it, pypdf reads it) and glyphs drawn on top of each other (PDFium reads
one of them); WeasyPrint writes neither, and neither is legible. Pypdf reads the pages of any other PDF, and every page
without pypdfium2 or when PDFium cannot open the PDF: then the gate hands
half of the pages it must read to one spawned process (only pypdf is imported there) and reads the
other half itself. The worker reads the same bytes the gate read (handed over, not read again from
the file), so both halves are of one file. What the worker returns is exactly what
``page.extract_text()`` returns in the gate; a page the worker cannot read comes back as its error's
type (the gate reports it as it reports its own); a worker that cannot start or fails leaves those
pages to the gate.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import multiprocessing
import os
import re

from wlzmonitor.run.interruptions import children_ignore_ctrl_c
from wlzmonitor.run.process_tree import die_with_parent

__all__ = ["MIN_PAGES", "RIGHT_TO_LEFT", "document_texts", "extract_elsewhere", "page_texts", "pdfium_texts"]

#: how deep form XObjects inside form XObjects are looked into for text objects; a page with forms
#: nested deeper is read by pypdf (PDFium stops parsing nested forms at some depth, pypdf does not)
_FORM_DEPTH = 12
#: fewer pages to read than this: the gate reads them all itself (starting a worker costs ~0.3 s)
MIN_PAGES = 24


def pdfium_texts(data: bytes, numbers: list[int]) -> dict[int, str]:
    """``{number: text}`` of the 1-based pages PDFium reads whole (see the module docstring); a page
    left out (a text object without text, a page PDFium fails on) is for pypdf. Empty without
    pypdfium2 or when PDFium cannot open `data`. Never raises."""
    try:
        import pypdfium2
        import pypdfium2.raw as pdfium_c
    except Exception:  # noqa: BLE001 - not installed, or its library does not load here: pypdf reads every page
        return {}
    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # noqa: BLE001 - PDFium cannot open it (damaged, encrypted): pypdf reads it
        return {}
    texts: dict[int, str] = {}
    try:
        for number in numbers:
            with contextlib.suppress(Exception):  # a page PDFium fails on is read by pypdf
                text = _pdfium_page_text(document, number - 1, pdfium_c) if 0 < number <= len(document) else None
                if text is not None:
                    texts[number] = text
    finally:
        document.close()
    return texts


def _pdfium_page_text(document, index: int, pdfium_c) -> str | None:
    """One page's text as the gate reads it, None when a text object of the page has none to PDFium."""
    page = document[index]
    textpage = page.get_textpage()
    try:
        if not _vouched(pdfium_c, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, textpage.raw):
            return None
        text = textpage.get_text_range()
    finally:
        textpage.close()
        page.close()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BROKEN_UP.search(text) or RIGHT_TO_LEFT.search(text):
        return None
    return text.replace("\ufffe", "\u2010\n")


#: three lines or more in a row of at most three letters, digits or address characters each: PDFium took
#: the page's text for vertical (a first text object taller than half the width of all the text makes it
#: so) and broke a line that is one on the page into a line per glyph ("t", ".", "d", "e", …): pypdf reads
#: the line whole. None of the report's pages reads so.
_BROKEN_UP = re.compile(r"(?:^|\n)(?:[ \t]*[\w@.+\-]{1,3}[ \t]*\n){3,}")
#: a character of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko, …) or a right-to-left mark:
#: PDFium puts a line with one in display order, which moves the groups of a phone number written with
#: spaces ("Bel: 06 9150 9780 (שלום)" read as "(שלום) 9780 9150 06 :Bel"); pypdf reads the order the
#: glyphs are drawn in, which was the order written there (the gate also scans such a text with the
#: groups of every number turned round: :func:`.privacy_gate.pdf_text_hits`)
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefe"
                           "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _vouched(pdfium_c, count, get, holder, textpage, level: int = 0) -> bool:
    """Every text object of a page (`holder`, or a form XObject in it) has text to PDFium, and no form is
    nested deeper than looked into (PDFium's C calls, not its Python objects: ~18,000 text objects on
    the report's pages)."""
    for i in range(count(holder)):
        item = get(holder, i)
        kind = pdfium_c.FPDFPageObj_GetType(item)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            # the length in bytes of the object's text in UTF-16 with its terminator: 2 is no text
            if pdfium_c.FPDFTextObj_GetText(item, textpage, None, 0) <= 2:
                return False
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if level >= _FORM_DEPTH - 1 or not _vouched(pdfium_c, pdfium_c.FPDFFormObj_CountObjects,
                                                        pdfium_c.FPDFFormObj_GetObject, item, textpage, level + 1):
                return False
    return True


def page_texts(data: bytes, numbers: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """``{number: (text, None)}`` for each 1-based page number, or ``(None, error type)``."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    texts: dict[int, tuple[str | None, str | None]] = {}
    for number in numbers:
        try:
            texts[number] = (reader.pages[number - 1].extract_text() or "", None)
        except Exception as err:  # noqa: BLE001 - the gate fails such a page closed, as its own
            texts[number] = (None, type(err).__name__)
    return texts


class _Later:
    """The worker's texts when asked for (an empty dict when it failed: the gate reads them)."""

    def __init__(self, pool: concurrent.futures.ProcessPoolExecutor, future: concurrent.futures.Future):
        self._pool, self._future, self._texts = pool, future, None

    def result(self) -> dict[int, tuple[str | None, str | None]]:
        if self._texts is None:
            try:
                self._texts = self._future.result()
            except Exception:  # noqa: BLE001 - the worker failed: the gate reads these pages itself
                self._texts = {}
            finally:
                self._pool.shutdown(wait=True, cancel_futures=True)
        return self._texts

    def cancel(self) -> None:
        """Stop the worker (done already after :meth:`result`): ended, not left to end on its own, and
        waited for: a run leaves through its exit handlers only (``run_all.exit_now``), where
        multiprocessing joins a worker the executor may never tell to stop (a run failing while the worker
        read its pages waited for ever)."""
        workers = getattr(self._pool, "_processes", None) or {}  # (Python 3.14: terminate_workers())
        for process in list(workers.values()):
            with contextlib.suppress(Exception):  # gone already
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


def extract_elsewhere(data: bytes, numbers: list[int], *, min_pages: int | None = None) -> _Later | None:
    """Start extracting `numbers` in one spawned process; None when they are fewer than
    `min_pages`, this machine has one CPU, or no process can be started."""
    if len(numbers) < (MIN_PAGES if min_pages is None else min_pages) or (os.cpu_count() or 1) < 2:
        return None
    try:
        pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                      initializer=die_with_parent, initargs=(os.getpid(),))
        with children_ignore_ctrl_c():  # its process starts now; Ctrl-C is the run's to handle
            return _Later(pool, pool.submit(page_texts, data, list(numbers)))
    except (OSError, RuntimeError, AssertionError):  # AssertionError: this process is daemonic
        return None


#: objects whose strings are not the document's own text: pages (read as pages), fonts, images and forms
#: (drawn on pages), the structure tree (the pages' text, tagged)
_NOT_DOCUMENT_TEXT = ("/Page", "/Pages", "/Font", "/FontDescriptor", "/XObject", "/StructElem", "/StructTreeRoot",
                      "/ExtGState", "/Pattern", "/Shading", "/Annot")
#: the entries of an annotation a reader may show or follow: its text, a form field's name and value, its actions
_ANNOTATION_TEXT = ("/Contents", "/T", "/TU", "/TM", "/V", "/DV", "/RC", "/Subj", "/NM", "/A", "/AA")


def document_texts(data: bytes) -> list[tuple[str, str]] | None:
    """``(place, text)`` of what a PDF holds besides its pages' text, which a reader may see or a tool
    reads: the document information (author, title …) and XMP metadata, the bookmarks, every page's
    links and annotations (their text, a form field's value, a link's address: "mailto:…"), and what the
    catalogue names (embedded files and their content, JavaScript, form fields, the action on opening).
    Strings as they are, streams decoded; destinations (names of places in the document) left out. None
    when qpdf cannot read `data` (the pages' reading names that). ~0.03 s for the report."""
    try:
        import pikepdf

        pdf = pikepdf.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - pikepdf missing, or qpdf cannot read it
        return None
    try:
        root, found = pdf.Root, []
        if "/Info" in pdf.trailer:
            found.append(("metadata", _strings(pdf.trailer.Info)))
        if "/Metadata" in root:
            found.append(("XMP metadata", _strings(root.Metadata)))
        found.append(("bookmarks", _bookmarks(root.get("/Outlines"))))
        for number, page in enumerate(pdf.pages, start=1):
            annotations = page.obj.get("/Annots")
            if isinstance(annotations, pikepdf.Array) and len(annotations):
                found.append((f"page {number} links", "\n".join(
                    _strings(annotation[key]) for annotation in annotations if isinstance(annotation, pikepdf.Dictionary)
                    for key in _ANNOTATION_TEXT if key in annotation)))
        found += [(key[1:], _strings(root[key])) for key in ("/Names", "/AcroForm", "/OpenAction", "/AA") if key in root]
        return [(place, text) for place, text in found if text]
    except Exception:  # noqa: BLE001 - a structure qpdf reads but not as expected: the pages' reading decides
        return None
    finally:
        pdf.close()


def _bookmarks(outline) -> str:
    """Every bookmark's title and action, the tree walked once (a cycle ends the walk)."""
    import pikepdf

    titles, seen, stack = [], set(), [outline]
    while stack:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or (item.is_indirect and item.objgen in seen):
            continue
        if item.is_indirect:
            seen.add(item.objgen)
        titles += [_strings(item[key]) for key in ("/Title", "/A") if key in item]
        stack += [item[key] for key in ("/Next", "/First") if key in item]
    return "\n".join(titles)


def _strings(value, seen: set | None = None, depth: int = 0) -> str:
    """Every string in `value`, containers followed (an indirect object once, 60 deep at most), streams
    decoded as UTF-8; not into the objects of :data:`_NOT_DOCUMENT_TEXT`, images or forms."""
    import pikepdf

    seen = set() if seen is None else seen
    if depth > 60 or (isinstance(value, pikepdf.Object) and value.is_indirect and value.objgen in seen):
        return ""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        seen.add(value.objgen)
    if isinstance(value, pikepdf.String):
        return str(value)
    if isinstance(value, (pikepdf.Dictionary, pikepdf.Stream)) and (
            value.get("/Type") in _NOT_DOCUMENT_TEXT or value.get("/Subtype") in ("/Image", "/Form")):
        return ""
    if isinstance(value, pikepdf.Array):
        return "\n".join(_strings(item, seen, depth + 1) for item in value)
    if isinstance(value, pikepdf.Stream):
        try:
            text = value.read_bytes().decode("utf-8", "replace")
        except Exception:  # noqa: BLE001 - a stream that does not decode: its bytes as they are
            text = value.read_raw_bytes().decode("utf-8", "replace")
        return "\n".join([text, *(_strings(item, seen, depth + 1) for item in value.stream_dict.values())])
    if isinstance(value, pikepdf.Dictionary):
        return "\n".join(_strings(item, seen, depth + 1) for key, item in value.items() if key not in _NOT_FOLLOWED)
    return ""


#: entries not followed: links up to a parent or a page (read as pages), and destinations: the names of
#: places in the document (the report's ids, ~2,000 of them), which no reader shows. An action's /Next (the
#: actions chained after it) is followed; the bookmarks' tree is walked by :func:`_bookmarks`
_NOT_FOLLOWED = ("/Parent", "/P", "/Pg", "/Dests", "/D", "/Dest")
