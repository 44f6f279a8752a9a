"""The last gate of a run: no personal data in any file of the output.

    deny = run_deny_list(2026, config)          # from the unscrubbed export; never in the result
    problems = personal_data_problems(staging, deny)
    # ['01_tarieven.html line 212: the contact person's name of respondent R0042', ...]

Every file the run wrote is read the way a person would read it — HTML pages and the index as
text (embedded base64 images skipped), executed notebooks cell by cell (their images skipped),
CSV and other text files line by line, workbooks cell by cell (and their sheet names and
document properties), chart SVGs by their text (labels, titles, comments; not the drawing
coordinates), a PDF by its extracted text, page by page — and scanned with
:func:`wlzmonitor.inputs.privacy.scan_personal_data` against the year's deny list: the contact
question's names, e-mail addresses and phone numbers (and an export mapping's identifying
organisation names) from the *unscrubbed* survey, the terms of ``config/privacy.yml``, and the
patterns of e-mail addresses, phone numbers, IBAN, BSN, KvK numbers, birth dates and addresses.
PNG/JPEG images are not read (pixels; their alt texts are in the pages).

A problem names the file, the place in it and the respondent whose data it is (respondent id),
never the value: the message goes to a terminal and a log. The run treats any problem like a
failed chapter: nothing is published.

Verdicts: a run's :class:`OutputScan` may be given a verdicts file (``outputs/.cache/gate-<year>``).
A file found clean is remembered there as an HMAC (the user's cache key) over the gate's code
and environment (:func:`~wlzmonitor.compute.fingerprint.library_digest`), the deny list, the
file's name and the SHA-256 of its bytes; the next run does not read a file again whose
name and bytes, deny list and gate code are all the same (the pages, figures and data outputs a
run takes over unchanged). Files with a problem are never remembered; the verdicts file is signed
(:mod:`wlzmonitor.compute.signed_files`), so an edited or planted one reads as empty.

A PDF is read page by page (:func:`pdf_problems`; a problem names the page: 'rapport.pdf page 3
line 12'). A PDF whose file verdict does not hold (one chapter changed the whole report) is not
extracted whole again: each page has a key (SHA-256 over everything pypdf's text extraction of the
page reads — content streams, fonts with their ``/ToUnicode`` maps, form XObjects, boxes —
independent of object numbers), and a page found clean is remembered by the HMAC of its key in a
second signed file (``gate-<year>-pages``, :class:`PageVerdicts`) with the lines at its two ends.
Only pages not known are extracted. Where qpdf reads the file as it is (no repair, no warning), the
pages are keyed through qpdf and the pages to read are read from a PDF of just their keyed parts
(:mod:`.pdf_page_keys`: the key and the text are then of one reading of the file) by PDFium, or by
pypdf where PDFium cannot vouch for a page or a stream does not decode (:mod:`.pdf_text`); else the
whole file is keyed (:class:`PageKeys`) and read by pypdf. The text across each page break (the ends of the pages
around it, whether read or remembered) is scanned too, so a value whose words stand on two pages is
found as the whole-document scan found it. Without pypdf, poppler's ``pdftotext`` reads the whole
PDF at once (no page verdicts); a PDF or page that cannot be read is a problem (fail closed).
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import hmac
import html
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
import urllib.parse
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.input_files import read_input_bytes
from wlzmonitor.spec.paths import shown_path
from wlzmonitor.compute.fingerprint import library_digest
from wlzmonitor.compute.cache_key import cache_secret
from wlzmonitor.compute.signed_files import read_signed, write_signed
from wlzmonitor.inputs.personal_patterns import APART
from wlzmonitor.inputs.earlier_contacts import read_earlier_contacts
from wlzmonitor.inputs.privacy import (
    DenyList,
    PersonalDataHit,
    deny_list,
    earlier_contact_entries,
    earlier_export_of,
    printed_words,
    scan_personal_data,
)
from wlzmonitor.inputs.quality_log import shown_respondent_id
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.run import hidden_text, pdf_page_keys
from wlzmonitor.run.pdf_page_keys import NO_CYCLE, ObjectKeys, child_role, token
from wlzmonitor.run.pdf_text import RIGHT_TO_LEFT, document_texts, extract_elsewhere, pdfium_texts
from wlzmonitor.run.process_tree import die_with_parent
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import ReportConfig
from wlzmonitor.spec.privacy_settings import load_privacy_settings

__all__ = ["KIND_WORDS", "OutputScan", "PageKeys", "PageVerdicts", "file_problems", "file_texts", "pdf_problems",
           "personal_data_problems", "run_deny_list", "start_deny_list"]

#: kind of a hit -> how a message names it (never the value itself)
KIND_WORDS = {
    "contact-name": "the contact person's name",
    "contact-email": "the contact e-mail address",
    "contact-phone": "the contact phone number",
    "contact-organisation": "the organisation's name (identifying column of the export)",
    "organisation": "an organisation name listed in the privacy file",
    "location": "a location listed in the privacy file",
    "name": "a person name listed in the privacy file",
    "email": "an e-mail address",
    "phone": "a phone number",
    "iban": "a bank account number (IBAN)",
    "bsn": "a BSN",
    "kvk": "a KvK number",
    "btw": "a VAT number (btw-id)",
    "agb": "an AGB code",
    "birthdate": "a birth date",
    "address": "an address",
}
#: images: pixels, not text (a chart's words are in its page's alt text and its SVG)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")
#: markup read as a person reads it, its character references decoded: an answer's "O'Brien" is
#: "O&#x27;Brien" in a page, "Zorg & Co" is "Zorg &amp; Co"
_MARKUP_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xml"})
_MARKUP_MIMES = frozenset({"text/html", "image/svg+xml", "text/markdown"})
#: (an SVG's text, comments and CDATA sections, and the attribute values a reader is given, in either quotes: its
#: labels, titles and data-* values, and its links, percent escapes decoded: review h92, a mailto: link, a CDATA
#: text, a data-* value and a label in single quotes passed)
_SVG_TEXT = re.compile(r"<!\[CDATA\[(.*?)\]\]>|<!--(.*?)-->|>([^<>]+)<"
                       r"|(?<![\w:-])(?:aria-[\w-]+|alt|title|data-[\w-]+)=(?:\"([^\"]*)\"|'([^']*)')"
                       r"|(?<![\w-])(?:xlink:)?href=(?:\"([^\"]*)\"|'([^']*)')", re.DOTALL)


class PdfUnreadable(RuntimeError):
    """A PDF in the output whose text cannot be extracted (no pypdf, no pdftotext)."""


def run_deny_list(year: int, config: ReportConfig) -> DenyList:
    """The year's deny list, from its unscrubbed export and the contact columns of the earlier exports the run reads
    (:func:`read_earlier_contacts`; read here, kept in memory only; :attr:`DenyList.warnings` names an earlier export
    that could not be read, for the run to say once); the words of the
    report's own prose count as the codebook's labels do (:func:`report_prose_words`): those it writes only in lower
    case among the deny list's lower-case words, unless the codebook writes them with a capital."""
    sources, config = config.year(year), config.for_year(year)
    codebook = load_codebook(sources.codebook)
    survey = load_survey(sources.export, codebook, mapping=sources.mapping if sources.mapping.is_file() else None)
    deny = deny_list(survey, load_privacy_settings(config.privacy_file))
    # the contacts of the earlier exports the run reads for its trend columns (review h132): a 2025 contact named
    # in a 2026 answer without a cue passed the scrubber and this gate; an unreadable one is a warning
    earlier = read_earlier_contacts(year, config)
    deny = replace(deny, entries=deny.entries + tuple(earlier_contact_entries(earlier.frames)),
                   warnings=earlier.warnings)
    capitalised, lower = printed_words(report_prose_texts(config, cache=config.output_for(year).parent / ".cache"))
    known = deny.known_words | capitalised | lower
    return replace(deny, known_words=known,
                   lowercase_words=known - capitalised - (deny.known_words - deny.lowercase_words))


#: a string of the report's prose: words, not a style ("max-width: 40em; color: white") or a format
_STYLE_LIKE = re.compile(r"[;{}]\s*[\w-]+\s*:|\d(?:px|em|rem|pt|mm)\b|#[0-9a-fA-F]{3,6}\b")


def report_prose_words(config: ReportConfig) -> frozenset[str]:
    """The words of the report's own prose: the string constants of the chapter notebooks and of the library's
    page modules (method texts: "χ²-toets van Pearson", "Holm-correctie", "Wilson-interval", "per staaf"),
    casefolded, accents folded, of three letters or more. A contact's first name or surname among them counts
    only in the full name or with its particle, as one the codebook's labels print (review of the privacy: a
    contact "… Pearson" or "… Staaf" failed every run on the methods page); one the prose writes only in lower
    case ("staaf") counts also written as a name (:func:`run_deny_list`)."""
    capitalised, lower = printed_words(report_prose_texts(config))
    return frozenset(capitalised | lower)


def report_prose_texts(config: ReportConfig, *, cache: Path | None = None) -> list[str]:
    """The string constants of the chapter notebooks and the library's page modules that are prose (with a
    space; not a style or a format), see :func:`report_prose_words`.

    `cache`: a folder where each file's texts are kept by the SHA-256 of its bytes (signed, under the
    library's digest: the rule above is the library's), so that a run after a prose edit parses the
    edited notebook only (parsing all ~20 files took ~0.2 s of the deny list's ~0.8 s). The texts are
    the repository's own prose, never an answer."""
    files = [config.notebook(stem) for stem in config.chapters] + sorted(Path(__file__).parents[1].glob("present/*.py"))
    store = cache / "report-prose-texts.json" if cache is not None else None
    stored = _stored_prose_texts(store)
    texts: list[str] = []
    kept: dict[str, list[str]] = {}
    for path in files:
        try:  # a regular file only: a named pipe put in a notebook's place would hang the run (review h124)
            data = read_input_bytes(path)
        except (OSError, InputError):
            continue  # a notebook the run reports itself
        digest = hashlib.sha256(data).hexdigest()
        found = stored.get(digest)
        if found is None:
            found = _prose_constants(data)
        if found is not None:
            texts += found
            kept[digest] = found
    if store is not None and kept != stored:
        write_signed(store, _PROSE_PURPOSE, json.dumps({"library": library_digest(), "files": kept},
                                                       ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return texts


_PROSE_PURPOSE = "report prose texts"


def _prose_constants(data: bytes) -> list[str] | None:
    """The prose string constants of one Python file's bytes; None when it does not parse."""
    import ast

    try:
        tree = ast.parse(data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))  # as read_text reads it
    except (SyntaxError, ValueError):
        return None  # a notebook the run reports itself
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and " " in node.value and not _STYLE_LIKE.search(node.value)]


def _stored_prose_texts(store: Path | None) -> dict[str, list[str]]:
    """The kept texts by file digest ({} when none, not this user's, of another library or not well formed)."""
    payload = read_signed(store, _PROSE_PURPOSE) if store is not None else None
    try:
        stored = json.loads(payload.decode("utf-8")) if payload else {}
    except ValueError:
        return {}
    files = stored.get("files") if isinstance(stored, dict) and stored.get("library") == library_digest() else None
    if not isinstance(files, dict) or not all(
            isinstance(texts, list) and all(isinstance(t, str) for t in texts) for texts in files.values()):
        return {}
    return files


def start_deny_list(year: int, config: ReportConfig) -> Callable[[], DenyList]:
    """:func:`run_deny_list` started in a forked child process, so that reading the unscrubbed
    export (~0.5 s) overlaps with the run's other work; the returned function waits for it.

    The deny list comes back through a pipe (in memory only, never a file). Where processes cannot
    be forked (Windows, macOS' default), or when the child fails in any way, the deny list is
    computed in this process when asked for, so an error in the export is raised here as usual.
    Fork before any thread is started (run_all starts its chapter workers after this). The child
    is daemonic: a run that stops before it asks for the deny list (a RunError, Ctrl-C) exits at
    once, the child ended with it (it must not keep the process, or the run lock it inherited).
    """
    import multiprocessing
    import threading

    # a fork copies only the calling thread: with other threads running (a Jupyter kernel, a
    # caller's thread pool) a lock one of them holds would stay locked in the child for ever
    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin" \
            or threading.active_count() > 1:
        return lambda: run_deny_list(year, config)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_deny_list_child, args=(year, config, send), daemon=True)
    try:
        child.start()
    except (OSError, AssertionError):  # no process to spare, or this one is daemonic: read it here
        receive.close()
        return lambda: run_deny_list(year, config)
    finally:
        send.close()

    def result() -> DenyList:
        try:
            if receive.poll(DENY_LIST_WAIT):
                ok, deny = receive.recv()
                if ok:
                    return deny
        except Exception:  # noqa: BLE001 - the child died or sent nothing usable: read here
            pass
        finally:
            if child.is_alive():
                child.kill()  # a hanging child must not keep the run from exiting
            child.join(5)
            receive.close()
        return run_deny_list(year, config)  # the same work here, its error raised here

    def cancel() -> None:  # the run stops before it asks: the child (which holds the run lock's file) goes now
        if child.is_alive():
            child.kill()
        child.join(5)
    result.cancel = cancel  # type: ignore[attr-defined]
    return result


def _deny_list_child(year: int, config: ReportConfig, send) -> None:
    """In the forked child: (True, the deny list) or (False, None) back through the pipe."""
    die_with_parent()  # a run that is killed does not leave it reading the export
    try:
        payload = (True, run_deny_list(year, config))
    except BaseException:  # noqa: BLE001 - the run reads it itself and raises the error there
        payload = (False, None)
    send.send(payload)
    send.close()


#: seconds the run waits for the deny-list child before it reads the export itself (reading takes
#: ~0.5 s for the demo export, ~10 s for 100,000 respondents)
DENY_LIST_WAIT = 300.0


def _notebook_texts(path: Path) -> Iterator[tuple[str, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    yield "metadata", json.dumps(nb.get("metadata", {}), ensure_ascii=False)
    for number, cell in enumerate(nb.get("cells", []), start=1):
        parts = ["".join(cell.get("source", "")), json.dumps(cell.get("metadata", {}), ensure_ascii=False)]
        # (an output's metadata and a cell's attachments are the file's too: review h92, neither was read)
        bundles = [*(output.get("data") or {} for output in cell.get("outputs", [])),
                   *(cell.get("attachments") or {}).values()]
        for output in cell.get("outputs", []):
            if "text" in output:
                parts.append("".join(output["text"]))
            if output.get("metadata"):
                parts.append(json.dumps(output["metadata"], ensure_ascii=False))
            parts += [str(output[key]) for key in ("ename", "evalue") if key in output]
            parts.extend(output.get("traceback", []))
        for bundle in bundles:
            for mime, data in bundle.items():
                if not mime.startswith("image/") or mime == "image/svg+xml":
                    text = (data if isinstance(data, str) else
                            "".join(data) if isinstance(data, list) else json.dumps(data, ensure_ascii=False))
                    parts.append(html.unescape(text) if mime in _MARKUP_MIMES else text)
                    joins = inline_joins(text) if mime == "text/html" else None  # "06-91<b>509780</b>"
                    parts.extend([html.unescape(joins)] if joins else [])
        yield f"cell {number}", _DATA_URI.sub(" ", "\n".join(parts))


#: a workbook's parts whose text is read elsewhere (its cells, through openpyxl) or holds none (styles, theme)
_WORKBOOK_READ = re.compile(r"docProps/.*|xl/sharedStrings\.xml|xl/styles\.xml|xl/theme/.*|\[Content_Types\]\.xml"
                            r"|xl/media/.*|xl/printerSettings/.*|.*\.bin")
_SHEET_PART = re.compile(r"xl/worksheets/sheet\d+\.xml")
#: an element's text, and the attribute values of a workbook part a reader is shown: a link's target, its tooltip
#: and shown text, a comment's author
_XML_TEXT = re.compile(r">([^<>]+)<|\b(?:Target|tooltip|display|location|author|displayName)=\"([^\"]*)\"")


def _workbook_part_texts(book: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """The texts of a workbook besides its cells, sheet names and properties, part by part: comments and their
    authors, a sheet's header and footer and its lists of allowed values, links (their targets too, percent
    escapes decoded), defined names, charts and drawings (review h92: none of them was read)."""
    for name in sorted(book.namelist()):
        if _WORKBOOK_READ.fullmatch(name) or name.endswith("/"):
            continue
        text = book.read(name).decode("utf-8", errors="replace")
        if _SHEET_PART.fullmatch(name):  # the cells are read as cells: what is around them
            start, end = text.find("<sheetData"), text.find("</sheetData>")
            text = text[:start] + text[end:] if 0 <= start < end else text
        elif name == "xl/workbook.xml":  # the sheet names are read as such: the defined names
            text = re.sub(r"<sheets>.*?</sheets>", "", text, flags=re.DOTALL)
        pieces = [html.unescape(next(g for g in m.groups() if g is not None)) for m in _XML_TEXT.finditer(text)]
        if any(p.strip() for p in pieces):
            yield name, "\n".join(_link_text(p) for p in pieces if p.strip())


def _workbook_texts(path: Path) -> Iterator[tuple[str, str]]:
    from openpyxl import load_workbook  # not at the top: only a run's last step needs it

    with zipfile.ZipFile(path) as book:  # document properties (author, title, ...)
        for name in sorted(n for n in book.namelist() if n.startswith("docProps/")):
            yield name, html.unescape(book.read(name).decode("utf-8", errors="replace"))
        yield from _workbook_part_texts(book)
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        yield "sheet names", "\n".join(workbook.sheetnames)
        for sheet in workbook.worksheets:
            cells = [(cell.coordinate, str(cell.value)) for row in sheet.iter_rows() for cell in row
                     if cell.value is not None and hasattr(cell, "coordinate")]
            # one text per sheet (fast), cells apart (APART: no pattern or name runs across it)
            yield f"sheet {sheet.title!r} cells:" + APART.join(c for c, _ in cells), \
                APART.join(v.replace(APART, " ") for _, v in cells)
    finally:
        workbook.close()


def _pdftotext(path: Path) -> str:
    """The whole PDF's text by poppler's pdftotext (when pypdf is not installed): no page caching."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise PdfUnreadable(f"{path.name}: cannot read the PDF's text to check it for personal data "
                            "(install pypdf, or poppler's pdftotext)")
    done = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)
    if done.returncode != 0:
        raise PdfUnreadable(f"{path.name}: pdftotext could not read it ({done.stderr.decode(errors='replace')[:200]})")
    return done.stdout.decode("utf-8", errors="replace")


def _pypdf_reader_class():
    """pypdf's PdfReader; None without pypdf (optional: the gate then reads a PDF with pdftotext)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return PdfReader


def _pdf_reader(path: Path):
    """pypdf's reader of the PDF (the file is read into memory at once; its bytes are the reader's
    ``wlz_bytes``), None without pypdf."""
    PdfReader = _pypdf_reader_class()  # noqa: N806 - a class
    if PdfReader is None:
        return None
    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    reader.wlz_bytes = data
    return reader


def _page_text(page) -> str:
    """One page's text: as pypdf extracts it from a pypdf page, or as PDFium read it (the expensive step
    the page verdicts save; every page the gate reads in this process is read here)."""
    return page.extract_text() or ""


#: a page's own markup, which holds no data: <style> blocks, and in each tag its name, its attributes' names and
#: the values of the attributes that only style or place it ("max-width", "white", "small", "li": a contact
#: "Max …" or "… White" failed every run); the values a reader is given (alt, title, aria labels, links) stay
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(?=</style\s*>)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")
_ATTRIBUTE = re.compile(r"""([^\s=<>/"']+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+))?""")
_READ_ATTRIBUTES = frozenset({"alt", "title", "href", "src", "content", "value", "label", "placeholder", "summary",
                              "cite", "datetime", "download"})


def _blank(text: str) -> str:
    """``text`` as spaces, its line breaks kept (the places of what follows stay)."""
    return " " * len(text) if "\n" not in text else re.sub(r"[^\n]", " ", text)


#: a tag that may hold a value a reader is given (the others are blanked whole, without parsing: 0.2 s for the
#: 2026 pages became ~0.05 s)
_READ_VALUE = re.compile(r"\s(?:" + "|".join(sorted(_READ_ATTRIBUTES)) + r"|aria-[\w-]+|data-[\w-]+)\s*=", re.IGNORECASE)


#: attributes whose value is a link (read with its percent escapes decoded)
_LINK_ATTRIBUTES = frozenset({"href", "src", "cite"})


def _link_text(value: str) -> str:
    """An attribute's value with its percent escapes decoded, as a link opens it ("mailto:%74%2E%64%65…" is
    the address a mail program is given); its line breaks blanked (the places of what follows stay)."""
    if "%" not in value:
        return value
    return re.sub(r"[\r\n]", " ", urllib.parse.unquote(value, errors="replace"))


def _tag_text(tag: str) -> str:
    """A tag with everything but the values a reader is given blanked."""
    if _READ_VALUE.search(tag) is None:
        return "<" + _blank(tag[1:-1]) + ">"
    out = []
    for m in _ATTRIBUTE.finditer(tag, 1, len(tag) - 1):
        name, value = m.group(1).casefold(), m.group(3)
        if value is not None and (name in _READ_ATTRIBUTES or name.startswith(("aria-", "data-"))):
            out.append((m.start(3), m.end(3), name in _LINK_ATTRIBUTES))
    pieces, last = ["<"], 1  # the brackets stay: what a tag separates stays apart ("MPT)</td><td>2" is no address)
    for start, end, link in out:
        pieces += [_blank(tag[last:start]), _link_text(tag[start:end]) if link else tag[start:end]]
        last = end
    return "".join(pieces) + _blank(tag[last:-1]) + ">"


#: a comment: no markup but text anyone who opens the page's source reads ("<!-- R0001: t.dehaan@… -->" was
#: blanked whole as a tag, and passed)
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
#: tags a browser sets inline, without a break or a space of their own: the text on both sides of a run of them
#: reads as one word ("06-91<span>509780</span>" is "06-91509780" on the screen, "jan<wbr>@zorg.nl" one address)
_INLINE_TAGS = ("a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup"
                "|time|u|var|wbr")
_INLINE_RUN = re.compile(rf"(?<=[^\s<>])(?:</?(?:{_INLINE_TAGS})(?![\w-])[^<>]*>)+(?=[^\s<>])", re.IGNORECASE)
#: characters on each side of such a join read joined (a phone number, an e-mail address or a name around it)
JOIN_REACH = 80


def _comment_text(m: re.Match) -> str:
    """A comment as text: its delimiters blanked, the brackets of any tag in it too (same length and lines)."""
    return "    " + m.group(1).replace("<", " ").replace(">", " ") + "   "


def page_text(text: str) -> str:
    """An HTML page's text as the gate reads it: the markup of :data:`_TAG` blanked (same length and lines),
    a comment's text kept."""
    text = _STYLE_BLOCK.sub(lambda m: m.group(1) + _blank(m.group(2)), text) if "<style" in text else text
    text = _COMMENT.sub(_comment_text, text) if "<!--" in text else text
    return _TAG.sub(lambda m: _tag_text(m.group(0)), text)


def inline_joins(text: str) -> str | None:
    """The places of an HTML page where inline tags join two pieces of text with nothing between them, read as
    a browser shows them (the tags left out), at their lines, everything else blanked; None where there is none.
    :func:`page_text` keeps a tag's brackets (what a table cell's tags separate stays apart), so a value split
    over such tags was read as two."""
    if _INLINE_RUN.search(text) is None:
        return None
    pieces, spots, last, length = [], [], 0, 0
    for m in _INLINE_RUN.finditer(text):
        newlines = "\n" * m.group(0).count("\n")  # the lines stay where they were
        pieces += [text[last:m.start()], newlines]
        length += m.start() - last
        spots.append(length)
        length += len(newlines)
        last = m.end()
    joined = page_text("".join([*pieces, text[last:]]))
    # only the windows are read (a page's whole text again doubled the gate's time): each after the line breaks
    # before it, so a hit keeps its line; windows on one line apart by APART (nothing runs across it)
    out, end = [], 0
    for spot in spots:
        start, stop = max(end, spot - JOIN_REACH), min(len(joined), spot + JOIN_REACH)
        if stop > start:
            out += ["\n" * joined.count("\n", end, start) or (APART if start > end else ""), joined[start:stop]]
            end = stop
    return "".join(out)


def _svg_piece(m: re.Match) -> str:
    """One text of :data:`_SVG_TEXT`'s match: a link's with its percent escapes decoded."""
    index, piece = next((i, g) for i, g in enumerate(m.groups()) if g is not None)
    return _link_text(html.unescape(piece)) if index >= 5 else piece


def file_texts(path: Path) -> Iterator[tuple[str, str]]:
    """``(place, text)`` pieces of one output file as a reader would read them (see the module
    docstring); a place ending in ``line`` is named by line, ``sheet … cells:`` by cell."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return
    if suffix == ".ipynb":
        yield from _notebook_texts(path)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _workbook_texts(path)
    elif suffix == ".pdf":
        reader = _pdf_reader(path)
        if reader is None:
            yield "line", _pdftotext(path)
        else:
            for number, page in enumerate(reader.pages, start=1):
                yield f"page {number} line", _page_text(page)
    elif suffix == ".svg":
        text = path.read_text(encoding="utf-8", errors="replace")
        yield "text", _svg_text(text)
        yield from _hidden_texts(text, "image/svg+xml", "text")
    else:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        text = _DATA_URI.sub(" ", raw) if "base64," in raw else raw
        joins = inline_joins(text) if suffix in (".html", ".htm") else None
        text = page_text(text) if suffix in (".html", ".htm") else text
        yield "line", html.unescape(text) if suffix in _MARKUP_SUFFIXES else text
        if joins is not None:  # a hit found in both is one problem (file_problems)
            yield "line", html.unescape(joins)
        mime = "text/html" if suffix in (".html", ".htm") else "text/xml" if suffix in _MARKUP_SUFFIXES else "text/plain"
        yield from _hidden_texts(raw, mime, "line")


def _svg_text(text: str) -> str:
    """A drawing's text as the gate reads it (:data:`_SVG_TEXT`)."""
    return html.unescape("\n".join(_svg_piece(m) for m in _SVG_TEXT.finditer(text)))


def _read_payload(mime: str, text: str) -> str:
    """A decoded text (a data URI's, a base64 block's) read as the gate reads a file of its type."""
    if mime in ("text/html", "application/xhtml+xml"):
        return html.unescape(page_text(text))
    if mime == "image/svg+xml":
        return _svg_text(text)
    return html.unescape(text) if mime in ("text/xml", "application/xml") else text


def _hidden_texts(raw: str, mime: str, place: str) -> Iterator[tuple[str, str]]:
    """The texts of a file that escapes, data URIs, base64, a stylesheet's generated text and the markup's own
    values hide (:mod:`.hidden_text`, review h95); the markup's values under a place of their own ("markup …"),
    which :func:`file_problems` reads for what identifies a person whole only."""
    def read(kind: str, text: str) -> str:
        return _read_payload(mime if kind == "text/html-escaped" else kind, text)

    for text in hidden_text.decoded_texts(raw, read):
        yield place, text
    if mime in ("text/html", "image/svg+xml", "text/xml"):
        content = hidden_text.css_content_text(raw)
        if content is not None:
            yield place, content
        markup = hidden_text.markup_text(raw)
        if markup is not None:
            yield f"markup {place}", markup


def _place(place: str, text: str, hit: PersonalDataHit) -> str:
    """Where in a file a hit is: 'line 12', 'page 3 line 12', 'cell 4', "sheet 'Tabel 1' cell B3"."""
    if place == "line" or place.endswith(" line"):
        return f"{place} {text.count(chr(10), 0, hit.offset) + 1}"
    if place.startswith("sheet ") and " cells:" in place:
        title, coordinates = place.split(" cells:", 1)
        index = text.count(APART, 0, hit.offset)
        cells = coordinates.split(APART)
        return f"{title} cell {cells[index] if index < len(cells) else '?'}"
    return place


def _describe(hit: PersonalDataHit, deny: DenyList | None = None) -> str:
    """What was found and whose it is (a term of the privacy file: that file, as configured); a
    respondent id that itself looks like personal data (an e-mail address as the id) is not
    repeated, as in the data-quality log."""
    own = [r for r in hit.respondents if earlier_export_of(r) is None]
    earlier = sorted({found for r in hit.respondents if (found := earlier_export_of(r)) is not None})
    who = (f"respondent {', '.join(map(shown_respondent_id, own))}" if own else
           _earlier_owners(earlier) if earlier else
           _privacy_file(deny) if hit.kind in ("organisation", "location", "name") else "respondent unknown")
    return f"{KIND_WORDS.get(hit.kind, hit.kind)} ({who})"


def _earlier_owners(earlier: list[tuple[int, str]]) -> str:
    """Whose a contact value of only earlier exports is (no respondent of this year: review h132): "a contact of
    the 2025 export, respondent R0042 there"; of several exports, each."""
    parts = []
    for year in sorted({y for y, _ in earlier}, reverse=True):
        ids = [shown_respondent_id(rid) for y, rid in earlier if y == year]
        parts.append(f"a contact of the {year} export, respondent {', '.join(map(str, ids))} there")
    return "; ".join(parts)


def _privacy_file(deny: DenyList | None) -> str:
    """The privacy file the deny list's terms come from (privacy_file of config/report.yml)."""
    path = deny.settings.path if deny is not None else None
    return "config/privacy.yml" if path is None else shown_path(path)


# -- a PDF page by page: the key of a page's text, its verdict, and the seams between pages --------
#: lines (with text) of a page kept at each end for the seams with its neighbours; more when a deny
#: term has more words (see _seam_lines)
SEAM_LINES = 8


def _stream_bytes(stream) -> bytes:
    """A stream's bytes as stored, still encoded (its dictionary names the filters, so they fix the
    decoded bytes): decoding every chart image of the report would take seconds. pypdf keeps them in
    ``_data`` (pinned pypdf; its version is in the gate's secret)."""
    data = getattr(stream, "_data", None)
    return data if isinstance(data, bytes) else stream.get_data()


def _scalar(obj, pdf) -> bytes:
    """A PDF object that holds no other object, as a token (type and value); `pdf`: pypdf.generic."""
    if obj is None or isinstance(obj, pdf.NullObject):
        return token(b"0", b"")
    if isinstance(obj, (pdf.BooleanObject, bool)):
        return token(b"b", b"1" if bool(getattr(obj, "value", obj)) else b"0")
    if isinstance(obj, pdf.NameObject):
        return token(b"N", obj.encode("utf-8", "surrogatepass"))
    if isinstance(obj, str):
        raw = getattr(obj, "original_bytes", b"")
        return token(b"T", obj.encode("utf-8", "surrogatepass") + token(b"o", raw if isinstance(raw, bytes) else b""))
    if isinstance(obj, (bytes, bytearray)):
        return token(b"B", bytes(obj))
    if isinstance(obj, int):
        return token(b"i", str(int(obj)).encode("ascii"))
    if isinstance(obj, float):
        return token(b"f", repr(float(obj)).encode("ascii"))
    return token(b"?", f"{type(obj).__name__}:{obj!r}".encode("utf-8", "surrogatepass"))


class PageKeys(ObjectKeys):
    """The key of a PDF page's text: SHA-256 over everything pypdf's ``extract_text()`` of the page
    reads — its content streams (decoded), its ``/Resources`` (inherited ones too) with every font
    (``/ToUnicode``, ``/Encoding``, ``/DescendantFonts``, ``/Widths``, font programs) and form XObject
    (its stream and its own resources) they reach, and its ``/MediaBox``, ``/CropBox`` and ``/Rotate``.

    Canonical: dictionary keys sorted, a stream as its dictionary and the SHA-256 of its bytes, an
    indirect object as the digest of what it holds, not by its number (two PDFs holding the same page
    number their objects differently). An image among a resource dictionary's XObjects is just "an
    image": text extraction skips it. Each object of the document is hashed once (the pages of a
    report share their fonts); a reference back to an object still being hashed (a cycle) is written
    as its distance up the chain, and an object on such a cycle is hashed anew each time.
    One instance per PdfReader: object numbers are the document's."""

    def __init__(self) -> None:
        from pypdf import generic  # optional (see _pdf_reader); a PageKeys is only made for a pypdf reader

        super().__init__()
        self._pdf = generic

    def key(self, page) -> bytes:
        out = [b"wlzmonitor page text 1"]
        self._contents(page.get("/Contents"), out)
        for name in ("/Resources", "/MediaBox", "/CropBox", "/Rotate"):
            out.append(token(b"K", name.encode("ascii")))
            self._value(page.get_inherited(name, None), "resources" if name == "/Resources" else "", out)
        return hashlib.sha256(b"".join(out)).digest()

    def _contents(self, contents, out: list[bytes]) -> None:
        contents = contents.get_object() if contents is not None else None
        streams = list(contents) if isinstance(contents, self._pdf.ArrayObject) else [contents]
        out.append(token(b"c", str(len(streams)).encode("ascii")))
        for item in streams:
            item = item.get_object() if item is not None else None
            if isinstance(item, self._pdf.StreamObject):  # what extraction parses: the decoded bytes
                out.append(token(b"D", hashlib.sha256(item.get_data()).digest()))
            else:
                self._value(item, "", out)

    def _value(self, obj, role: str, out: list[bytes]) -> int:
        """Append `obj`'s token to `out` (a dictionary, array or stream: the digest of its tokens, the
        same whether it is written in place or as an indirect object); the lowest depth of an object
        being hashed that it refers back to (NO_CYCLE: none)."""
        pdf = self._pdf
        if isinstance(obj, pdf.IndirectObject):
            return self._indirect(obj, role, out)
        body: list[bytes] = []
        low = NO_CYCLE
        if isinstance(obj, pdf.ArrayObject):
            body.append(token(b"A", str(len(obj)).encode("ascii")))
            low = min([self._value(item, "", body) for item in obj], default=NO_CYCLE)
        elif not isinstance(obj, pdf.DictionaryObject):
            out.append(_scalar(obj, pdf))
            return NO_CYCLE
        else:
            stream = isinstance(obj, pdf.StreamObject)
            subtype = obj.get("/Subtype")
            if stream and role == "xobject" and subtype is not None and subtype.get_object() == "/Image":
                out.append(token(b"I", b""))
                return NO_CYCLE
            body.append(token(b"s" if stream else b"d", str(len(obj)).encode("ascii")))
            for key, value in sorted(obj.items(), key=lambda item: str(item[0])):
                body.append(token(b"N", str(key).encode("utf-8", "surrogatepass")))
                low = min(low, self._value(value, child_role(role, str(key)), body))
            if stream:
                body.append(token(b"S", hashlib.sha256(_stream_bytes(obj)).digest()))
        out.append(token(b"R", hashlib.sha256(b"".join(body)).digest()))
        return low

    def _indirect(self, ref, role: str, out: list[bytes]) -> int:
        return self.referenced((ref.idnum, ref.generation, role), out,
                               lambda body: self._value(ref.get_object(), role, body))


def _seam_lines(deny: DenyList) -> int:
    """Lines with text kept at each end of a page: at least SEAM_LINES, and two more than the words
    of the longest deny term (a name whose words stand on lines of their own is still whole)."""
    settings = deny.settings
    terms = [str(v) for _rid, _kind, v in deny.entries] + [*settings.organisations, *settings.locations,
                                                           *settings.names]
    return max([SEAM_LINES] + [len(t.split()) + 2 for t in terms])


def _edges(text: str, lines: int) -> list:
    """[head, tail, first line of the tail, lines with text in them (at most `lines`)] of a page's
    text: the text up to its `lines`-th line with text, and from its `lines`-th last such line on
    (with the blank lines around); the whole text both times for a page with no more lines."""
    rows = text.split("\n")
    filled = [i for i, row in enumerate(rows) if row.strip()]
    if len(filled) <= lines:
        return [text, text, 1, len(filled)]
    return ["\n".join(rows[:filled[lines - 1] + 1]), "\n".join(rows[filled[-lines]:]), filled[-lines] + 1, lines]


def _seam_pieces(edges: list, join: int, lines: int) -> list[tuple[str, int, int]]:
    """(text, page index, its first line) of the seam after page `join`: the tails of the pages
    before the break back to `lines` lines with text, the heads after it up to as many (a page
    with fewer lines is taken whole and the next one joined too)."""
    left: list[tuple[str, int, int]] = []
    page, count = join, 0
    while page >= 0 and count < lines:
        _head, tail, first, filled = edges[page]
        left.insert(0, (tail, page, first))
        page, count = page - 1, count + filled
    right: list[tuple[str, int, int]] = []
    page, count = join + 1, 0
    while page < len(edges) and count < lines:
        head, _tail, _first, filled = edges[page]
        right.append((head, page, 1))
        page, count = page + 1, count + filled
    return left + right


def _seam_problems(edges: list, name: str, deny: DenyList, lines: int,
                   verdicts: PageVerdicts | None = None) -> list[tuple[int, int, str]]:
    """(page, line, problem) of the hits in the seams between consecutive pages: the text the old
    whole-document scan saw across a page break ("\\n" between the pages' texts). With `verdicts`,
    a seam whose text was found clean before is not scanned again (a prose edit changes the seams
    of its own pages only)."""
    found = []
    for join in range(len(edges) - 1):
        pieces = _seam_pieces(edges, join, lines)
        text = "\n".join(piece for piece, _page, _first in pieces)
        verdict = verdicts.seam_verdict(text) if verdicts is not None else ""
        if verdict and verdicts.seam_known(verdict):
            continue
        hits = pdf_text_hits(text, deny)
        if verdict and not hits:
            verdicts.remember_seam(verdict)
        starts = list(itertools.accumulate((len(piece) + 1 for piece, _page, _first in pieces), initial=0))
        for hit in hits:
            at = bisect.bisect_right(starts, hit.offset) - 1
            _piece, page, first = pieces[at]
            line = first + text.count("\n", starts[at], hit.offset)
            found.append((page + 1, line, f"{name} page {page + 1} line {line}: {_describe(hit, deny)}"))
    return found


class PageVerdicts:
    """Pages of PDFs found clean (no hit in their own text) by earlier scans: the HMAC (the gate's
    secret) of a page's :class:`PageKeys` key -> its :func:`_edges` (for the seams with its
    neighbours), in a signed file next to the file verdicts; an edited or planted one reads as
    empty. Clean seams too: the HMAC of a seam's text -> 1 (:func:`_seam_problems`). `read`,
    `remembered`: pages extracted this scan, and pages known clean."""

    PURPOSE = "privacy-gate page verdicts"
    #: pages and seams kept: this scan's first, then earlier ones (about twenty reports' worth)
    KEPT = 8000

    def __init__(self, secret: bytes, path: Path) -> None:
        self.secret, self.path = secret, path
        stored = read_signed(path, self.PURPOSE)
        try:
            known = json.loads(stored) if stored else {}
        except ValueError:
            known = {}
        self._known: dict[str, list] = known if isinstance(known, dict) else {}
        self._clean: dict[str, list] = {}
        self.read = self.remembered = 0
        #: the last PDF keyed through qpdf: (the SHA-256 of its bytes, it as qpdf read them, each page's
        #: key or None). Bytes read ahead (the joined PDF, :meth:`OutputScan.pages_ahead`) are not
        #: keyed again when the folder's PDF turns out to be the same bytes (~0.08 s for 200 pages)
        self.keyed: tuple[bytes, object, list[bytes | None]] | None = None
        #: PDFs keyed through qpdf, and PDFs whose keys were taken from :attr:`keyed`
        self.keyings = self.keys_reused = 0

    def verdict(self, key: bytes) -> str:
        return hmac.new(self.secret, b"wlzmonitor gate page\0" + key, hashlib.sha256).hexdigest()

    def edges(self, verdict: str) -> list | None:
        """The edges of a page known clean (and it is kept), None for a page to read."""
        record = self._clean.get(verdict) or self._known.get(verdict)
        if not (isinstance(record, list) and len(record) == 4 and all(isinstance(r, str) for r in record[:2])
                and all(isinstance(r, int) and not isinstance(r, bool) for r in record[2:])):
            return None
        self._clean[verdict] = record
        self.remembered += 1
        return record

    def remember(self, verdict: str, edges: list) -> None:
        self._clean[verdict] = edges

    def seam_verdict(self, text: str) -> str:
        return hmac.new(self.secret, b"wlzmonitor gate seam\0" + text.encode("utf-8", "surrogatepass"),
                        hashlib.sha256).hexdigest()

    def seam_known(self, verdict: str) -> bool:
        """The seam with this verdict was found clean (and it is kept)."""
        if self._clean.get(verdict) != 1 and self._known.get(verdict) != 1:
            return False
        self._clean[verdict] = 1
        return True

    def remember_seam(self, verdict: str) -> None:
        self._clean[verdict] = 1

    def save(self) -> None:
        kept = sorted(self._clean.items()) + sorted(i for i in self._known.items() if i[0] not in self._clean)
        write_signed(self.path, self.PURPOSE, json.dumps(dict(kept[:self.KEPT])).encode("ascii"))


def _page_key(page, keys) -> bytes | None:
    """A page's key (`keys`: a :class:`PageKeys` and a pypdf page, or a
    :class:`~.pdf_page_keys.QpdfPageKeys` and a qpdf page); None: no key (a damaged page)."""
    if keys is None:
        return None
    try:
        return keys.key(page)
    except Exception:  # noqa: BLE001 - no key (a damaged page): the page is read, and not remembered
        return None


def _known_key(key: bytes | None, verdicts: PageVerdicts | None) -> tuple[str, list | None]:
    """The verdict name of a page with this key and, when it is known clean, its remembered edges."""
    if key is None or verdicts is None:
        return "", None
    verdict = verdicts.verdict(key)
    return verdict, verdicts.edges(verdict)


#: a hyphen at a line's end in a PDF's text (pypdf reads "-" and a line break where PDFium joins the
#: word): the text is also scanned with the line joined, the hyphen kept (a typed one, as in
#: "zorg-\nvoorbeeld.nl": the words as the page's HTML has them) and, where it may be one WeasyPrint
#: inserted (U+2010; a soft hyphen is always dropped), without it. A typed "-" is never dropped: the
#: digits of "2024-\n2025" joined would read as a number nobody wrote
_LINE_END_HYPHEN = re.compile("[-\u2010\u00ad]\n")


def _joined_variants(text: str) -> list[tuple[str, list[int], list[int]]]:
    """The text with each line-end hyphen's line joined, the hyphen kept, and (when one is U+2010)
    U+2010 dropped too: (variant, the variant's offsets where characters were taken out, how many
    were taken out up to each)."""
    ends = [m.start() for m in _LINE_END_HYPHEN.finditer(text)]
    variants = []
    for drop in ("\u00ad", "\u00ad\u2010"):
        if not ends or (len(drop) > 1 and all(text[end] != "\u2010" for end in ends)):
            break
        pieces, at, removed, starts, counts = [], 0, 0, [], []
        for end in ends:
            start = end if text[end] in drop else end + 1
            pieces.append(text[at:start])
            starts.append(start - removed)
            removed += end + 2 - start
            counts.append(removed)
            at = end + 2
        pieces.append(text[at:])
        variants.append(("".join(pieces), starts, counts))
    return variants


#: a number written in groups ("06 9150 9780", "06-91509780")
_DIGIT_GROUPS = re.compile("\\d+(?:[ \\-./\u2010-\u2015]\\d+)+")
_GROUP_SEPARATOR = re.compile("([ \\-./\u2010-\u2015])")


def _groups_turned_round(text: str) -> str:
    """`text` with the groups of every number in the reverse order ("9780 9150 06" -> "06 9150 9780"),
    the same length: how a number reads again whose groups a right-to-left line put in display order."""
    return _DIGIT_GROUPS.sub(lambda m: "".join(reversed(_GROUP_SEPARATOR.split(m.group()))), text)


def pdf_text_hits(text: str, deny: DenyList) -> list[PersonalDataHit]:
    """The hits in a PDF page's (or seam's) text, and in the text with its line-end hyphens' lines
    joined (:data:`_LINE_END_HYPHEN`: an e-mail address, name or web address broken over two lines
    at a hyphen is found whole), and, in a text with a right-to-left script, in the text with the
    groups of its numbers turned round (:func:`_groups_turned_round`: a phone number beside Hebrew or
    Arabic words may be drawn with its groups in display order, "91509780-06"); every offset is one of
    `text`."""
    hits = list(scan_personal_data(text, deny))
    if RIGHT_TO_LEFT.search(text):
        hits += scan_personal_data(_groups_turned_round(text), deny)
    for variant, starts, counts in _joined_variants(text):
        for hit in scan_personal_data(variant, deny):
            before = bisect.bisect_right(starts, hit.offset)
            hits.append(replace(hit, offset=hit.offset + (counts[before - 1] if before else 0)))
    return hits


def _page_problems(page, number: int, name: str, deny: DenyList, lines: int, verdict: str,
                   verdicts: PageVerdicts | None, extracted: tuple[str | None, str | None] | None = None,
                   ) -> tuple[list, list[tuple[int, int, str]]]:
    """One page not known clean: (its edges, its (page, line, problem)s). `extracted`: its text (or
    its error) as PDFium or another process read it (:mod:`.pdf_text`); else pypdf reads it here."""
    error = extracted[1] if extracted is not None else None
    text = extracted[0] if extracted is not None else None
    if extracted is None:
        try:
            text = _page_text(page)
        except Exception as err:  # noqa: BLE001 - pypdf raises many kinds for a damaged page: fail closed
            error = type(err).__name__
    if error is not None or text is None:
        return _edges("", lines), [(number, 0, f"{name} page {number}: cannot be read to check it for "
                                               f"personal data ({error})")]
    hits = pdf_text_hits(text, deny)
    edges = _edges(text, lines)
    if verdicts is not None:
        verdicts.read += 1
        if verdict and not hits:
            verdicts.remember(verdict, edges)
    found = []
    for hit in hits:
        line = text.count("\n", 0, hit.offset) + 1
        found.append((number, line, f"{name} page {number} line {line}: {_describe(hit, deny)}"))
    return edges, found


def pdf_problems(path: Path, name: str, deny: DenyList, verdicts: PageVerdicts | None = None) -> list[str]:
    """The problems of a PDF, page by page ('<name> page 3 line 12: …'), and across each page break;
    with `verdicts`, a page known clean is not read again: its key is taken through qpdf where qpdf
    reads the file as it is (:mod:`.pdf_page_keys`: ~0.05 s for the report's 200 pages, where
    parsing it with pypdf first took ~0.25 s), else with pypdf (:class:`PageKeys`). Without pypdf:
    poppler's pdftotext, the whole text at once ('<name> line 12: …'). A PDF or page that cannot be
    read is a problem. What the PDF holds besides its pages (metadata, bookmarks, links and
    annotations, embedded files) is read every time (~0.03 s: :func:`_document_problems`)."""
    try:
        data = path.read_bytes()
    except OSError:  # the pypdf path names the problem
        data = None
    document = _document_problems(data, name, deny, verdicts) if data is not None else []
    if verdicts is not None and data is not None:
        through_qpdf = _qpdf_pages_of(data, verdicts)
        if through_qpdf is not None:
            return document + _read_pages(name, deny, verdicts, *through_qpdf)
    return document + _pypdf_problems(path, name, deny, verdicts)


def _document_problems(data: bytes, name: str, deny: DenyList, verdicts: PageVerdicts | None = None) -> list[str]:
    """The problems of what a PDF holds besides its pages ('<name> bookmarks line 3: …', '<name> page 2
    links line 1: …', '<name> metadata line 2: …': :func:`~.pdf_text.document_texts`), each piece scanned
    as a page's text is; a piece found clean before (with `verdicts`: by its text, as a seam) is not
    scanned again (the report's bookmarks and links are mostly the same after an edit)."""
    problems: list[str] = []
    for place, text in document_texts(data) or ():
        verdict = verdicts.seam_verdict(f"\0document\0{place}\0{text}") if verdicts is not None else ""
        if verdict and verdicts.seam_known(verdict):
            continue
        hits = pdf_text_hits(text, deny)
        problems += [f"{name} {_place(place + ' line', text, hit)}: {_describe(hit, deny)}" for hit in hits]
        if verdict and not hits:
            verdicts.remember_seam(verdict)
    return list(dict.fromkeys(problems))


def _pypdf_problems(path: Path, name: str, deny: DenyList, verdicts: PageVerdicts | None) -> list[str]:
    """The problems of a PDF's pages read with pypdf (see :func:`pdf_problems`)."""
    try:
        reader = _pdf_reader(path)
        if reader is None:
            text = _pdftotext(path)
            return list(dict.fromkeys(f"{name} {_place('line', text, hit)}: {_describe(hit, deny)}"
                                      for hit in scan_personal_data(text, deny)))
        pages = list(reader.pages)
    except PdfUnreadable as err:
        return [f"{name}: {err}"]
    except Exception as err:  # noqa: BLE001 - pypdf raises many kinds for a damaged file: fail closed
        return [f"{name}: cannot be read to check it for personal data ({type(err).__name__})"]
    keys = PageKeys() if verdicts is not None else None
    known = [_known_key(_page_key(page, keys), verdicts) for page in pages]
    return _read_pages(name, deny, verdicts, known, dict(enumerate(pages, start=1)),
                       getattr(reader, "wlz_bytes", None), None)


def _qpdf_pages_of(data: bytes, verdicts: PageVerdicts) -> tuple[list, object, bytes, dict[int, int], bool] | None:
    """What :func:`_read_pages` needs, with the pages keyed by qpdf and the pages to read in a PDF of
    just those pages (:func:`~.pdf_page_keys.page_subset`, read by PDFium or pypdf): (each page's
    verdict and remembered edges, the pypdf pages to read by their number (:class:`_SubsetPages`), that
    PDF's bytes, each such page's number in it, whether PDFium may read it). None: qpdf cannot read the
    file as it is (damaged, warnings), pikepdf or pypdf is missing, or anything else fails: the file is
    read with pypdf alone."""
    if _pypdf_reader_class() is None:
        return None
    try:
        keyed = _qpdf_keyed(data, verdicts)
        if keyed is None:
            return None
        source, page_keys = keyed
        known = [_known_key(key, verdicts) for key in page_keys]
        unread = [number for number, (_, edges) in enumerate(known, start=1) if edges is None]
        subset = pdf_page_keys.page_subset(source, unread) if unread else b""
        if pdf_page_keys.qpdf_warnings(source):
            return None
    except Exception:  # noqa: BLE001 - pikepdf raises many kinds: the pypdf path decides
        return None
    positions = {number: i for i, number in enumerate(unread, start=1)}
    return known, _SubsetPages(subset, unread), subset, positions, bool(unread) and pdf_page_keys.streams_decode(subset)


class _SubsetPages:
    """The pypdf page of each page to read, by its number in the PDF, from the PDF of just those pages
    (:func:`~.pdf_page_keys.page_subset`), parsed by pypdf only when a page is asked for: PDFium reads
    them (:mod:`.pdf_text`), pypdf only the pages it cannot vouch for (~0.1 s for the report's 195
    pages, and pypdf's import). A subset pypdf cannot read as qpdf wrote it raises (the page fails closed)."""

    def __init__(self, subset: bytes, numbers: list[int]) -> None:
        self._subset, self._numbers, self._pages = subset, numbers, None

    def __getitem__(self, number: int):
        if self._pages is None:
            pages = list(_pypdf_reader_class()(io.BytesIO(self._subset)).pages) if self._numbers else []
            if len(pages) != len(self._numbers):
                raise PdfUnreadable(f"{len(pages)} pages where qpdf wrote {len(self._numbers)}")
            self._pages = dict(zip(self._numbers, pages))
        return self._pages[number]


def _qpdf_keyed(data: bytes, verdicts: PageVerdicts) -> tuple[object, list[bytes | None]] | None:
    """The PDF `data` as qpdf reads it and the key of each of its pages: taken from
    ``verdicts.keyed`` when that holds these very bytes (by their SHA-256), else keyed now and kept
    there. None: qpdf cannot read the file as it is (:func:`~.pdf_page_keys.open_pdf`)."""
    digest = hashlib.sha256(data).digest()
    if verdicts.keyed is not None and verdicts.keyed[0] == digest:
        verdicts.keys_reused += 1
        return verdicts.keyed[1], verdicts.keyed[2]
    source = pdf_page_keys.open_pdf(data)
    if source is None:
        return None
    keys = pdf_page_keys.QpdfPageKeys()
    page_keys = [_page_key(page.obj, keys) for page in source.pages]
    verdicts.keyed = (digest, source, page_keys)
    verdicts.keyings += 1
    return source, page_keys


def _read_pages(name: str, deny: DenyList, verdicts: PageVerdicts | None, known: list, pages: dict,
                data: bytes | None, positions: dict[int, int] | None, pdfium: bool = False) -> list[str]:
    """The problems of a PDF's pages (`known`: each page's verdict and remembered edges, None when
    it must be read; `pages`: the pypdf page of each page to read, by its number) and seams. `data`
    holds the pages to read, page `number` as page ``positions[number]`` (None: the same number).
    `pdfium`: `data` is the PDF qpdf wrote of just their keyed parts and every stream of it decodes
    (:func:`_qpdf_pages_of`): PDFium reads the pages, and a page it cannot vouch for is read by pypdf
    (:mod:`.pdf_text`). Else pypdf reads every page: PDFium could read the file otherwise (a reference
    to a freed object: null to qpdf, found by pypdf; a stream that does not decode: no text to PDFium,
    an error to pypdf). Many pages for pypdf: the later half is read by another process."""
    lines = _seam_lines(deny)
    unread = [number for number, (_, edges) in enumerate(known, start=1) if edges is None]
    at = positions or {number: number for number in unread}
    fast = pdfium_texts(data, [at[number] for number in unread]) if pdfium and data and unread else {}
    slow = [number for number in unread if at[number] not in fast]
    theirs = slow[len(slow) // 2:]  # many pages for pypdf: the later half in another process
    later = extract_elsewhere(data, [at[number] for number in theirs]) if data else None
    theirs = set(theirs) if later is not None else set()
    edges, found = [], []
    try:
        for number, (verdict, page_edges) in enumerate(known, start=1):
            if page_edges is None:
                extracted = later.result().get(at[number]) if number in theirs else None
                page = _ReadText(fast[at[number]]) if at[number] in fast else _pypdf_page(pages, number, extracted)
                page_edges, page_found = _page_problems(page, number, name, deny, lines, verdict, verdicts, extracted)
                found += page_found
            edges.append(page_edges)
    finally:
        if later is not None:
            later.cancel()
    found += _seam_problems(edges, name, deny, lines, verdicts)
    found.sort(key=lambda item: item[:2])
    return list(dict.fromkeys(problem for _page, _line, problem in found))


def _pypdf_page(pages, number: int, extracted: tuple | None):
    """The pypdf page to read when no text was `extracted` elsewhere; what cannot be parsed is that
    page's error (the page fails closed)."""
    if extracted is not None:
        return None
    try:
        return pages[number]
    except Exception as err:  # noqa: BLE001 - pypdf raises many kinds for a damaged file: fail closed
        return _Unparsed(err)


class _Unparsed:
    """A page pypdf could not parse: reading its text raises that error."""

    def __init__(self, err: Exception) -> None:
        self.err = err

    def extract_text(self) -> str:
        raise self.err


class _ReadText:
    """A page PDFium has read (:func:`~.pdf_text.pdfium_texts`): its text, handed out through
    :func:`_page_text` like a pypdf page's, so every page the gate reads is read there."""

    def __init__(self, text: str) -> None:
        self.text = text

    def extract_text(self) -> str:
        return self.text


def _file_name(name: str, deny: DenyList) -> tuple[str, list[str]]:
    """How the gate's messages name the file `name` (its path in the output folder), and the problems of the name
    itself: a name that holds personal data ("figures/01_tarieven_Tessa_de_Haan.png", a CSV named after an e-mail
    address; review h92: no name was read) is not repeated — its folder and "(name not shown)" instead."""
    hits = scan_personal_data(name, deny)
    if not hits:
        return name, []
    folder = name.rpartition("/")[0]  # shown when no hit is in it
    shown = f"{folder}/(name not shown)" if folder and min(h.offset for h in hits) > len(folder) else "(name not shown)"
    return shown, list(dict.fromkeys(f"{shown}: the file's name holds {_describe(hit, deny)}" for hit in hits))


#: a file's name or path as an output writes it (the data-quality log's `file` column, a manifest's entry, a message
#: naming an input): a run of characters up to a known suffix; bounded, read only in a window round a hit
_FILE_NAME = re.compile(r"[^\s\"',;:()<>|=]{1,240}\.(?:csv|tsv|txt|xlsx|xlsm|xls|sav|zsav|ya?ml|json|ipynb|py|html|pdf|png|svg)"
                        r"(?![\w.])", re.IGNORECASE)
#: what the gate's message adds for a hit in a file's name (run.report_build gives the advice once)
IN_FILE_NAME = ", in a file's name"


def _in_file_name(text: str, hit: PersonalDataHit) -> str:
    """:data:`IN_FILE_NAME` when `hit` lies in a file's name or path the output writes (the data-quality log's
    `file` column, the manifest, a message quoting an input's path: an export saved as "export_Jan_de_Vries.csv";
    review h135: the advice was to scrub answers, where the file is to be renamed), else ""."""
    start = max(0, hit.offset - 250)
    window = text[start:hit.offset + 250]
    at = hit.offset - start
    return IN_FILE_NAME if any(m.start() <= at < m.end() for m in _FILE_NAME.finditer(window)) else ""


def file_problems(path: Path, folder: Path, deny: DenyList, *, pages: PageVerdicts | None = None) -> list[str]:
    """The problems of one file (see :func:`personal_data_problems`); a PDF's pages known clean
    to `pages` are not read again (:func:`pdf_problems`)."""
    name, problems = _file_name(path.relative_to(folder).as_posix(), deny)
    if path.suffix.lower() == ".pdf":
        return problems + pdf_problems(path, name, deny, pages)
    try:
        pieces = list(file_texts(path))
    except PdfUnreadable as err:
        return [*problems, f"{name}: {err}"]
    except (OSError, ValueError, zipfile.BadZipFile) as err:
        return [*problems, f"{name}: cannot be read to check it for personal data ({type(err).__name__})"]
    for place, text in pieces:
        # the markup's own values (class, id, style): only what identifies a person whole ("max-width" is no "Max")
        whole = place.startswith("markup ")
        place = place.removeprefix("markup ")
        problems += dict.fromkeys(f"{name} {_place(place, text, hit)}: {_describe(hit, deny)}{_in_file_name(text, hit)}"
                                  for hit in scan_personal_data(text, deny, name_parts_too=not whole, patterns=not whole))
    return list(dict.fromkeys(problems))  # a page's inline joins are read again: one problem each


def _deny_text(deny: DenyList) -> bytes:
    """Everything of the deny list a verdict depends on, in a fixed order: also the words the report prints
    itself (the codebook's and its own prose's, which decide whether a bare first name or surname is a hit;
    safety review h124: a notebook edit that dropped such a word reused the clean verdict of a file that
    was then a hit)."""
    return repr((deny.entries, deny.settings, sorted(deny.answers.items()),
                 sorted(deny.known_words), sorted(deny.lowercase_words))).encode("utf-8")


class OutputScan:
    """The gate over a folder, file by file as files are finished (a run scans its data outputs and
    each chapter's files while other chapters still run); :meth:`finish` scans the rest.

    `verdicts`: the signed file of clean verdicts of earlier runs (see the module docstring); None:
    every file is read."""

    PURPOSE = "privacy-gate verdicts"
    #: verdicts kept: this scan's first, then earlier ones (about ten runs' worth of files)
    KEPT = 5000

    def __init__(self, folder: Path, deny: DenyList, *, verdicts: Path | None = None) -> None:
        self.folder, self.deny, self.verdicts = folder, deny, verdicts
        self._done: dict[Path, list[str]] = {}
        self._digests: dict[Path, bytes] = {}  # the SHA-256 of the bytes each file in _done was read as
        self._clean: set[str] = set()  # verdicts used or made by this scan
        self._known: set[str] = set()
        self._secret = b""
        #: the clean pages of PDFs (a second signed file next to the verdicts)
        self.pages: PageVerdicts | None = None
        if verdicts is not None:
            self._secret = hmac.new(cache_secret(), b"wlzmonitor gate\0" + library_digest().encode("ascii")
                                    + b"\0" + _deny_text(deny), hashlib.sha256).digest()
            self.pages = PageVerdicts(self._secret, verdicts.with_name(verdicts.name + "-pages"))
            stored = read_signed(verdicts, self.PURPOSE)
            try:
                self._known = set(json.loads(stored)) if stored else set()
            except ValueError:
                self._known = set()
        #: files read this scan, and files whose clean verdict was remembered
        self.read = self.remembered = 0

    def _verdict(self, path: Path, digest: bytes) -> str:
        name = path.relative_to(self.folder).as_posix().encode("utf-8")
        return hmac.new(self._secret, name + b"\0" + digest, hashlib.sha256).hexdigest()

    def scan(self, paths) -> None:
        """Scan these (finished) files now, remembering the SHA-256 of the bytes read. A file that is
        gone or changed before or while it is read (another process's file renamed, removed or still
        written meanwhile) is not scanned: :meth:`finish` reads what is there then, and names a file
        it cannot read as it is."""
        for path in paths:
            if not path.is_file() or path in self._done:
                continue
            try:
                digest = hashlib.sha256(path.read_bytes()).digest()
                verdict = self._verdict(path, digest) if self.verdicts is not None else ""
                if verdict and verdict in self._known:
                    self._done[path], self._digests[path] = [], digest
                    self._clean.add(verdict)
                    self.remembered += 1
                    continue
                problems = file_problems(path, self.folder, self.deny, pages=self.pages)
                self.read += 1
                after = hashlib.sha256(path.read_bytes()).digest()
            except FileNotFoundError:
                continue
            if after != digest or not path.is_file():  # changed or gone while read: what was read is not the file
                continue
            self._done[path], self._digests[path] = problems, digest
            if verdict and not problems:
                self._clean.add(verdict)

    def pages_ahead(self, data: bytes) -> None:
        """Read now the pages of `data`, a PDF whose pages the folder's PDF will have (a numbered part
        the printer child made, :mod:`.pdf_printer`), while that PDF is still being joined: a clean
        page is remembered as such, so that the PDF's scan finds it known instead of reading it then.
        Nothing else: a page with a hit is not remembered (the PDF's scan reads it and reports it
        there), pages are remembered by the key of what their text is read from (the same page in
        the joined PDF has the same key), and seams across the PDF's page breaks are checked by that
        scan. Given the joined PDF itself (the child tells it too, while it answers), its pages' keys
        are kept: the PDF's scan takes them when the folder's PDF is these very bytes
        (:attr:`PageVerdicts.keyed`), and its clean seams are remembered. Never raises: a part that
        cannot be read here is read in the PDF."""
        if self.pages is None:
            return
        with contextlib.suppress(Exception):
            found = _qpdf_pages_of(data, self.pages)
            if found is not None:
                _read_pages("(numbered part)", self.deny, self.pages, *found)

    @staticmethod
    def get_ready() -> None:
        """Import what reading a PDF takes (pypdf, pikepdf and pypdfium2, ~0.15 s), while the PDF is still
        being printed."""
        with contextlib.suppress(ImportError):
            import pypdf.generic  # noqa: F401 - optional (see _pdf_reader)
        with contextlib.suppress(ImportError):
            import pypdfium2  # noqa: F401 - optional (see pdf_text.pdfium_texts)
        with contextlib.suppress(ImportError):
            import pikepdf  # noqa: F401 - optional (see pdf_page_keys.open_pdf)

    def finish(self, recorded: dict[str, str] | None = None) -> list[str]:
        """Every problem of every file under the folder: files not scanned yet are scanned now, and so
        are files scanned earlier whose bytes are not the bytes read then (changed since). `recorded`:
        the SHA-256 (hex) of files by their path in the folder as the run has just taken them for its
        manifest (:func:`~.report_plan.output_files`); the others scanned earlier are hashed again."""
        files = sorted(p for p in self.folder.rglob("*") if p.is_file())
        for path in files:
            if path in self._done and self._now(path, recorded) != self._digests.get(path):
                del self._done[path]  # changed since it was scanned: read as it is now
        self.scan(files)
        if self.verdicts is not None:  # this scan's, then those of earlier scans (an undone edit)
            kept = sorted(self._clean) + sorted(self._known - self._clean)
            write_signed(self.verdicts, self.PURPOSE, json.dumps(kept[:self.KEPT]).encode("ascii"))
        if self.pages is not None:
            self.pages.save()
        problems: list[str] = []
        for path in files:
            if path in self._done:
                problems += self._done[path]
            else:  # listed, then gone or changed while it was read: the run does not publish unchecked
                name = _file_name(path.relative_to(self.folder).as_posix(), self.deny)[0]  # a name may hold some
                problems.append(f"{name}: removed or changed while the privacy gate read it (it was not checked "
                                "for personal data)")
        return problems

    def _now(self, path: Path, recorded: dict[str, str] | None) -> bytes | None:
        """The SHA-256 of `path`'s bytes now (from `recorded` when it has the file); None: gone."""
        rel = path.relative_to(self.folder).as_posix()
        if recorded is not None and isinstance(recorded.get(rel), str) and len(recorded[rel]) == 64:
            with contextlib.suppress(ValueError):
                return bytes.fromhex(recorded[rel])
        try:
            return hashlib.sha256(path.read_bytes()).digest()
        except OSError:
            return None


def personal_data_problems(folder: Path, deny: DenyList) -> list[str]:
    """Every place in every file under `folder` that holds personal data, as
    '<file> <place>: <what> (respondent <id>)' — never the value itself."""
    return OutputScan(folder, deny).finish()
