"""The whole report as one PDF: ``outputs/<year>/wlz_monitor_<year>.pdf``.

    write_pdf(out_dir, config, year, manifest, workers=2)   # after the pages and index.html are written

The report is printed in PARTS by WeasyPrint (a real print engine: CSS paged media, Pango for
text; :mod:`wlzmonitor.run.pdf_parts`): the front matter (a title page and a contents list with
page numbers) and one part per chapter page, each a whole HTML document with the pages' own print
stylesheet (``templates/nbconvert/wlz_report/report.css``, ``@media print``) and :data:`PDF_CSS`:
A4, the report's title in the footer, open answers expanded. Parts are printed without page
numbers: "Pagina N van M" is printed once for the whole report on a numbers sheet
(:data:`NUMBERS_CSS`) and laid over every part's pages by pypdf, so a part's print depends on its
content alone. The contents list gets the page of every chapter and table from where its anchor
landed in its part. pikepdf joins the numbered parts into one PDF whose links, outline and metadata
are those of one printed document.

What a page does not need on paper is left out: the header with Vorige/Volgende, the page's
contents list (the PDF has one for the whole report) and the navigation at the end. Every id is
prefixed with its page (``02_capaciteit--tabel-18``) so that ids stay unique, and links between
pages (``02_capaciteit.html#tabel-18``) become links inside the PDF.

Cached per part (see :func:`write_pdf`): after an edit in one chapter only that chapter is
rendered again, plus the small front part when its page numbers moved; when the chapter's page
count changed, the later parts are numbered again (not printed again), and the parts are merged.

Deterministic: no date, fixed metadata and a fixed PDF identifier, so two runs give identical
bytes, however the parts were printed (cached, in this process or in worker processes). Pages
that failed or were never made are named in the contents, not printed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import hashlib
import html
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from wlzmonitor.spec.errors import naming_the_file
from wlzmonitor.spec.paths import pdf_name  # noqa: F401 - pdf.pdf_name, as callers use it
from wlzmonitor.compute.fingerprint import library_digest
from wlzmonitor.compute.signed_files import read_signed, write_signed
from wlzmonitor.present.page_frame import report_title, weighted_notice
from wlzmonitor.run import pdf_parts
from wlzmonitor.run.html_export import TEMPLATE_DIR, TEMPLATE_NAME
from wlzmonitor.run.pdf_parts import PdfError
from wlzmonitor.run.process_tree import die_with_parent
from wlzmonitor.run.report_plan import read_output_text
from wlzmonitor.spec.config import ReportConfig

__all__ = ["FRONT", "PDF_CSS", "PdfError", "ReportParts", "merged_pdf", "pdf_name", "prepare", "print_ahead",
           "print_guess", "report_parts", "write_pdf"]

PDF_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-left { content: "%(title)s"; font-family: "DejaVu Sans", sans-serif; font-size: 8pt; color: #57606a; } }
@page titel { @bottom-left { content: none; } }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 9.5pt; }
code, pre, kbd, samp { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; }
table.rapport, table.rapport th.col_heading, table.rapport th.row_heading { min-width: 0; }
table.rapport th.row_heading { overflow-wrap: anywhere; }
section.titelpagina { page: titel; text-align: left; padding-top: 70mm; }
section.titelpagina h1 { font-size: 26pt; color: #8c1d40; margin: 0 0 6mm; }
section.titelpagina p { font-size: 12pt; margin: 0 0 3mm; }
nav.pdf-inhoud { break-before: page; }
nav.pdf-inhoud ol { list-style: none; padding: 0; }
nav.pdf-inhoud li { margin: 0 0 1.5mm; }
nav.pdf-inhoud li.tabel { margin-left: 8mm; font-size: 8.5pt; }
nav.pdf-inhoud a { color: #1f2328; text-decoration: none; }
nav.pdf-inhoud a::after { content: leader(".") attr(data-pagina); }
section.hoofdstuk { break-before: page; }
div.pdf-ankers { position: absolute; }
details > summary { font-weight: 600; break-after: avoid; break-inside: avoid; }
h2, h3, h4 { break-after: avoid; break-inside: avoid; }
.tabel-scroll { overflow: visible; }
.kerncijfers { display: block; }
.kerncijfer { display: inline-block; vertical-align: top; width: 31%%; margin: 0 1.5%% 4mm 0; }
.kerncijfer .getal { font-size: 20pt; }
h4, h5, h6, .geen-inhoud, .codering-categorie > h3 { bookmark-level: none; }
p.tabel-titel, caption.tabel-titel { bookmark-level: 4; bookmark-label: attr(data-bladwijzer); }
caption.tabel-titel { width: 178mm; font-size: 9.5pt; font-weight: 700; font-variant-numeric: normal; padding: 0 0 0.4rem; }
"""

#: the name of the front part (title page and contents); the chapter parts are named by their page
FRONT = "voorwerk"

#: the numbers sheet: as many empty A4 pages as the report has, each with only its page number
#: where :data:`PDF_CSS` leaves room for it ("Pagina N van M"; none on the title page)
NUMBERS_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-right { content: "Pagina " counter(page) " van %(total)s"; font-family: "DejaVu Sans", sans-serif;
    font-size: 8pt; color: #57606a; } }
@page :first { @bottom-right { content: none; } }
div.blad { break-after: page; }
div.blad:last-child { break-after: auto; }
"""


def numbers_document(total: int) -> str:
    """The HTML of the numbers sheet of a report of `total` pages (:data:`NUMBERS_CSS`)."""
    return ('<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><style>'
            f'{NUMBERS_CSS % {"total": total}}</style></head><body class="paginanummers">'
            + '<div class="blad"></div>' * total + "</body></html>\n")


_MAIN = re.compile(r'<main class="report">(.*)</main>', re.DOTALL)
_DROP = (
    re.compile(r'<header class="paginakop">.*?</header>', re.DOTALL),
    re.compile(r'<nav class="inhoud-pagina".*?</nav>', re.DOTALL),
    re.compile(r'<nav class="bladeren[^"]*".*?</nav>', re.DOTALL),
    re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.DOTALL),
    re.compile(r'<a class="naar-tekst"[^>]*>.*?</a>', re.DOTALL),  # the skip link: no navigation on paper
)
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="([^"]*)"')
#: a relative URL a part may load (not a fragment, not data: or another scheme: the offline check)
_RESOURCE = re.compile(r'(?:\bsrc|\bxlink:href|<image\b[^>]*?\shref)="(?![#/])(?![a-zA-Z][a-zA-Z0-9+.\-]*:)([^"]+)"')
_LABELLED = re.compile(r'\baria-labelledby="([^"]+)"')
_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")
_TABLE_SECTION = re.compile(r'<section class="tabel[^"]*" id="([^"]+)">\s*(?:<div class="tabel-blok">\s*)?'
                            r'(?:<p class="tabel-titel"[^>]*>(.*?)</p>)?',
                            re.DOTALL)


#: a table's title: its bookmark in the PDF is its short title (:data:`PDF_CSS`), as in the contents
_TABLE_TITLE = re.compile(r'(<p class="tabel-titel")([^>]*>)(.*?)</p>', re.DOTALL)
#: a table's title directly above its scrolling region: printed as the table's <caption> (as wide as the page,
#: :data:`PDF_CSS`), so the tagged PDF's Table holds its Caption (a P before it named nothing: review h164); the
#: page keeps the title outside the region (it wraps at the page's width there, and never scrolls away)
_TITLE_ABOVE_TABLE = re.compile(r'<p (class="tabel-titel"[^>]*)>((?:(?!</p>).)*)</p>\s*'
                                r'(<div class="tabel-scroll"[^>]*>\s*(?:<style[^>]*>(?:(?!</style>).)*</style>\s*)?)'
                                r'(<table\b[^>]*>)', re.DOTALL)


def _page_body(page: str, stem: str, stems: set[str]) -> str:
    """The printable content of a chapter page, its ids and links made unique in the report."""
    match = _MAIN.search(page)
    body = match.group(1) if match else page
    for pattern in _DROP:
        body = pattern.sub("", body)
    body = _ID.sub(lambda m: f'id="{stem}--{m.group(1)}"', body)
    body = _LABELLED.sub(lambda m: f'aria-labelledby="{stem}--{m.group(1)}"', body)

    def link(m: re.Match) -> str:
        target = m.group(1)
        if target.startswith("#"):
            return f'href="#{stem}--{target[1:]}"'
        page_part, _, anchor = target.partition("#")
        other = page_part.removesuffix(".html")
        if page_part.endswith(".html") and other in stems:
            return f'href="#{other}--{anchor}"' if anchor else f'href="#{other}"'
        return m.group(0)

    body = _HREF.sub(link, body)
    body = _TABLE_TITLE.sub(lambda m: f'{m.group(1)} data-bladwijzer="{html.escape(_short(m.group(3)))}"'
                                      f"{m.group(2)}{m.group(3)}</p>", body)
    body = _TITLE_ABOVE_TABLE.sub(r"\3\4<caption \1>\2</caption>", body)
    return _DETAILS.sub("<details open", body)


def _contents(entries: list[tuple[str, str, str, list[tuple[str, str]]]], numbers: dict[str, int]) -> str:
    """Contents with page numbers (`numbers`: the page of each link target): every page and, under
    it, its tables."""
    items = []

    def link(target: str, text: str) -> str:
        return f'<a href="#{target}" data-pagina="{numbers.get(target, "")}">{html.escape(text)}</a>'

    for stem, title, state, tables in entries:
        if state:
            items.append(f"<li>{html.escape(title)} <em>({html.escape(state)})</em></li>")
            continue
        items.append(f"<li>{link(stem, title)}</li>")
        items.extend(f'<li class="tabel">{link(f"{stem}--{anchor}", text)}</li>' for anchor, text in tables)
    return '<nav class="pdf-inhoud"><h2>Inhoud</h2><ol>' + "".join(items) + "</ol></nav>"


def _short(text: str, limit: int = 95) -> str:
    # the tags out first, then the entities: "&lt; 95% en &gt; 90%" is text, not a tag to strip
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
    text = re.sub(r"\s*\((?:n=|n variërend|\d{4}: n)[^()]*\)\s*$", "", text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


@dataclass
class ReportParts:
    """What the PDF is printed from: the front part (made for given page numbers) and the chapter
    parts in report order, each the body of one HTML document (:meth:`document`)."""

    year: int
    head: str                                  # <head> content up to the print stylesheet
    title_page: str
    entries: list[tuple[str, str, str, list[tuple[str, str]]]]  # (stem, title, state, tables)
    chapters: dict[str, str]                   # stem -> section html
    ids: set[str]                              # every id in the report
    bodies: dict[str, str] = field(default_factory=dict)     # chapter bodies made (with placeholders)
    owned: dict[str, set[str]] = field(default_factory=dict)  # the ids of each chapter
    folder: Path | None = None                 # the output folder relative URLs point into
    weighted: bool = False                     # a weighted report: its title and footer say so
    files: dict[str, str] = field(default_factory=dict)       # relative URL -> SHA-256 of its file

    def front(self, numbers: dict[str, int]) -> str:
        return self.title_page + _contents(self.entries, numbers)

    def body(self, name: str, numbers: dict[str, int] | None = None) -> str:
        """A part's body with, at its end, an empty anchor for every id it links to in another part
        (WeasyPrint keeps a link only to an anchor in the same document; the merge points it at the real one)."""
        if name != FRONT and name in self.bodies:
            return self.bodies[name]
        body = self.front(numbers or {}) if name == FRONT else self.chapters[name]
        targets = _fragment_targets(body)
        elsewhere = sorted((targets - self.own(name, numbers)) & self.ids)
        spans = "".join(f'<span id="{html.escape(target)}"></span>' for target in elsewhere)
        body += f'{_PLACEHOLDERS}{spans}</div>' if spans else ""
        if name != FRONT:
            self.bodies[name] = body
        return body

    def own(self, name: str, numbers: dict[str, int] | None = None) -> set[str]:
        """The ids a part holds (not its placeholders)."""
        if name == FRONT:
            return set(_ID.findall(self.front(numbers or {})))
        if name not in self.owned:
            self.owned[name] = set(_ID.findall(self.chapters[name]))
        return self.owned[name]

    def real(self, name: str, info: dict, numbers: dict[str, int] | None = None) -> dict:
        """`info` of a part's render without the anchors of its placeholders."""
        own = self.own(name, numbers)
        return {**info, "anchors": {k: v for k, v in info["anchors"].items() if k in own}}

    def document(self, body: str) -> str:
        """The HTML document of a part (without page numbers: they are laid over it, see :func:`write_pdf`)."""
        css = PDF_CSS % {"title": report_title(self.year, self.weighted)}
        return (f'<!DOCTYPE html>\n<html lang="nl"><head>{self.head}<style>{css}</style></head>'
                f'<body><main class="report">{body}</main>{self.resources(body)}</body></html>\n')

    def resources(self, body: str) -> str:
        """A comment naming the SHA-256 of every file of the output folder the body points to (an
        ``<img src="figures/…">``): the document, and so every cache key made from it, changes
        with the picture it prints (the comment prints nothing)."""
        if self.folder is None:
            return ""
        found = []
        for url in _resource_urls(body):
            if url not in self.files:
                path = (self.folder / html.unescape(url).partition("#")[0].partition("?")[0]).resolve()
                inside = path.is_relative_to(self.folder.resolve()) and path.is_file()  # not '../…'
                try:
                    self.files[url] = hashlib.sha256(path.read_bytes()).hexdigest() if inside else "-"
                except OSError:
                    self.files[url] = "-"
            found.append(f"{url} {self.files[url]}")
        return f"<!-- files: {html.escape(' '.join(found))} -->" if found else ""


def report_parts(out_dir: Path, config: ReportConfig, year: int, manifest: dict, *, respondents: int) -> ReportParts:
    """The parts the PDF is printed from, read from the chapter pages in `out_dir`."""
    stems = frozenset(config.chapters)
    entries, chapters, owned = [], {}, {}
    for stem, title in config.chapters.items():
        status = manifest["chapters"].get(stem, {}).get("status", "missing")
        # a page that is no regular file (a pipe planted in an old output: never a wait) counts as missing
        text = read_output_text(out_dir / f"{stem}.html") if status in ("ok", "stale") else None
        if text is None:
            entries.append((stem, title, "ontbreekt in deze uitvoer", []))
            continue
        tables, chapters[stem], owned[stem] = _chapter_section(text, stem, stems)
        entries.append((stem, title, "", list(tables)))
    css = (TEMPLATE_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")
    name = report_title(year, config.statistics.weighting)
    title_page = (f'<section class="titelpagina"><h1>{html.escape(name)}</h1>'
                  f"<p>Rapportage ActiZ-ledenenquête Wlz-zorgcontractering {year}</p>"
                  f"<p>{respondents} volledig ingevulde vragenlijsten</p>"
                  "<p>Alle tabellen, grafieken en kerncijfers zijn berekend uit de respondentdata.</p>"
                  + (f'<p class="gewogen"><strong>{html.escape(weighted_notice(config.statistics.weighting_margins))}'
                     "</strong></p>" if config.statistics.weighting else "")
                  + "</section>")
    head = (f'<meta charset="utf-8"><title>{html.escape(name)}</title>'
            f'<meta name="author" content="ActiZ"><meta name="generator" content="wlz-monitor"><style>{css}</style>')
    owned = {stem: set(ids) for stem, ids in owned.items()}
    ids = set().union(*owned.values())
    return ReportParts(year, head, title_page, entries, chapters, ids, owned=owned, folder=out_dir,
                       weighted=config.statistics.weighting)


#: what :meth:`ReportParts.body` appends to a part: placeholders for the ids it links to elsewhere
_PLACEHOLDERS = '<div class="pdf-ankers">'


def _resource_urls(body: str) -> list[str]:
    """The relative URLs a part's body loads, sorted (:data:`_RESOURCE`). The section before the
    placeholders is remembered; no match can span them (they hold quotes and '>')."""
    section, mark, placeholders = body.rpartition(_PLACEHOLDERS)
    if not mark:
        section, placeholders = body, ""
    return sorted(set(_section_urls(section)) | set(_RESOURCE.findall(mark + placeholders)))


@functools.lru_cache(maxsize=64)
def _section_urls(section: str) -> tuple[str, ...]:
    short, payloads = _without_payloads(section)
    return tuple(_with_payloads(url, payloads) for url in _RESOURCE.findall(short))


@functools.lru_cache(maxsize=64)
def _chapter_section(text: str, stem: str, stems: frozenset[str]) -> tuple[tuple, str, frozenset[str]]:
    """A chapter page's tables (anchor, short caption), its printable section and the ids in it;
    remembered by the page's text (:func:`prepare` reads the published pages before a run needs them).
    The page's embedded images are set aside meanwhile (:func:`_without_payloads`)."""
    short, payloads = _without_payloads(text)
    tables = tuple((anchor, _short(_with_payloads(caption, payloads)))
                   for anchor, caption in _TABLE_SECTION.findall(short) if caption)
    section = f'<section class="hoofdstuk" id="{stem}">{_page_body(short, stem, set(stems))}</section>'
    return tables, _with_payloads(section, payloads), frozenset(_ID.findall(section))


#: the data of a base64 ``data:`` URI (a chart embedded in a page: ~90 % of a chapter page's bytes)
_PAYLOAD = re.compile(r";base64,([A-Za-z0-9+/]{16,}={0,2})")
_PAYLOAD_MARK = re.compile(r"[A-Za-z0-9+/=]\0(\d+)\0[A-Za-z0-9+/=]")


def _without_payloads(text: str) -> tuple[str, list[str]]:
    """`text` with every base64 payload but its first and last character set aside (the regular
    expressions of this module then read ~10 % of a page's bytes: none of them matches inside a
    payload, and its first and last character keep what stands next to it), and the payloads;
    :func:`_with_payloads` puts them back. A text that holds a NUL is returned as it is."""
    if "\0" in text:
        return text, []
    payloads: list[str] = []

    def mark(m: re.Match) -> str:
        data = m.group(1)
        payloads.append(data)
        return f";base64,{data[0]}\0{len(payloads) - 1}\0{data[-1]}"

    return _PAYLOAD.sub(mark, text), payloads


def _fragment_targets(html_text: str) -> set[str]:
    """The ids the links of `html_text` point to in the same document (``href="#…"``), read with its
    images set aside."""
    return {target[1:] for target in _HREF.findall(_without_payloads(html_text)[0]) if target.startswith("#")}


def _with_payloads(text: str, payloads: list[str]) -> str:
    return _PAYLOAD_MARK.sub(lambda m: payloads[int(m.group(1))], text) if payloads else text


def prepare(config: ReportConfig, year: int, *, waiting: Callable[[], bool] = lambda: False) -> None:
    """Get this process ready to print the year's PDF soon (:mod:`wlzmonitor.run.pdf_printer`):
    import the print engine, read the published chapter pages into their parts and print the
    smallest of them (fonts, images and the print engine's C types loaded: ~0.1 s less for the
    first real part), then import what numbers and joins the parts (:func:`get_ready_to_join`).
    The last two only while `waiting()` says no work has come (a page to print ahead needs the
    print engine at once; the rest is done when the child is idle, or by the print itself).
    Raises PdfError without the print engine."""
    pdf_parts._weasyprint()  # ~0.5 s: first, a page printed ahead needs it
    folder = config.output_for(year)
    stems = frozenset(config.chapters)
    for stem in config.chapters:  # a pipe planted among the pages is not read (never a wait: review h88)
        if (page := read_output_text(folder / f"{stem}.html")) is not None:
            _section_urls(_chapter_section(page, stem, stems)[1])
    try:
        manifest = json.loads(read_output_text(folder / "manifest.json") or "")
        parts = report_parts(folder, config, year, manifest, respondents=0)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # no usable output yet
        parts = None
    if waiting():  # work has come (a page to print ahead, the job): the print itself warms up
        return
    if parts is not None and parts.chapters:
        smallest = min(parts.chapters, key=lambda name: (len(parts.chapters[name]), name))
        pdf_parts.render_part(parts.document(parts.body(smallest)), str(folder), year, True)
    else:
        pdf_parts.render_part('<p style="font-family: DejaVu Sans, sans-serif">Pagina 1</p>', str(folder), year, True)
    if not waiting():
        get_ready_to_join()


def get_ready_to_join() -> None:
    """Import pypdf (the page numbers) and pikepdf (the join): ~0.1 s the print need not wait for."""
    import pikepdf  # noqa: F401
    import pypdf  # noqa: F401


def print_ahead(out_dir: Path, config: ReportConfig, year: int, stems: list[str], *, cache: Path | None) -> None:
    """Print the parts of these finished chapter pages ahead, into the cache, as :func:`write_pdf`
    will ask for them if every chapter page now in `out_dir` is in the report (the printer child
    does it while the run makes the rest, :mod:`wlzmonitor.run.pdf_printer`). A guess that decides
    nothing: a part is cached by its whole document (its page, the ids of the other pages it links
    to, the stylesheet and the images it shows), so a part whose document turns out different is
    printed again by :func:`write_pdf`, and one that is the same is what it would have printed."""
    if cache is None:
        return
    present = {stem: {"status": "ok"} for stem in config.chapters if (out_dir / f"{stem}.html").is_file()}
    parts = report_parts(out_dir, config, year, {"chapters": present}, respondents=0)
    store = _Store(cache, year)
    missing = set(config.chapters) - set(parts.chapters)  # pages not made yet (other chapters still run)
    for name in stems:
        if name not in parts.chapters:
            continue
        linked = {target.partition("--")[0] for target in _fragment_targets(parts.chapters[name])}
        if linked & missing:  # its links to those pages would make it another document: not printed yet
            continue
        document = parts.document(parts.body(name))
        if store.info(name, document) is None:
            info, pdf = pdf_parts.render_part(document, str(out_dir), year, True)
            store.put_info(name, document, parts.real(name, info))
            store.write("pdfraw", name, document, pdf)


def print_guess(out_dir: Path, config: ReportConfig, year: int, manifest: dict, *, respondents: int,
                cache: Path | None, numbered_file: Callable[[Path], None] | None = None) -> None:
    """Print the whole PDF into the cache ahead, as :func:`write_pdf` will ask for it if the run's
    job turns out to be this one (the printer child does it while the run checks the year and
    takes the data outputs over, when every chapter page is made and what the job will say is
    known: a prose edit). Nothing is written to `out_dir`. Like :func:`print_ahead`, a guess that
    decides nothing: the merged PDF is cached by its numbered parts (each by its whole document,
    its first page and the total), so a job with other pages, statuses or respondents prints
    its own, and one that is the same reads back these bytes. `numbered_file`: see :func:`write_pdf`."""
    if cache is not None:
        merged_pdf(out_dir, config, year, manifest, respondents=respondents, cache=cache, workers=1,
                   numbered_file=numbered_file, sheet_ahead=True)


#: versions kept per part and kind (layout info, printed part) and merged PDFs kept per year (the
#: last used): an edit and its undo both read back
PARTS_KEPT = 3
PDFS_KEPT = 3
#: renders of the front part at most, to settle its own page count (the contents' numbers depend on it)
FRONT_TRIES = 4


class _Store:
    """The signed cache files of one year's PDF (none when `folder` is None), named by kind, part and
    the SHA-256 of the document, the library source and environment and the system's fonts."""

    def __init__(self, folder: Path | None, year: int):
        self.folder, self.year = folder, year
        self.salt = f"{library_digest()}\0{system_digest()}\0".encode("ascii") if folder is not None else b""

    def path(self, kind: str, name: str, document: str) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(self.salt + document.encode("utf-8")).hexdigest()
        return self.folder / (f"{kind}-{self.year}-{name}-{key}" if name else f"{kind}-{self.year}-{key}")

    def read(self, kind: str, name: str, document: str) -> bytes | None:
        path = self.path(kind, name, document)
        return read_signed(path, kind) if path is not None else None

    def write(self, kind: str, name: str, document: str, payload: bytes, kept: int = PARTS_KEPT) -> None:
        path = self.path(kind, name, document)
        if path is not None:
            write_signed(path, kind, payload)
            _keep_last(self.folder, f"{kind}-{self.year}-{name}-*" if name else f"{kind}-{self.year}-*", kept)

    def info(self, name: str, template: str) -> dict | None:
        stored = self.read("pdfinfo", name, template)
        return json.loads(stored) if stored is not None else None

    def put_info(self, name: str, template: str, info: dict) -> None:
        self.write("pdfinfo", name, template, json.dumps(info, sort_keys=True).encode("utf-8"))

    def hint(self, name: str) -> dict | None:
        """The layout info this part had when it was last printed (any content, library or fonts):
        a guess of its page count (the front part's contents are numbered with it)."""
        if self.folder is None:
            return None
        newest = sorted(((p.stat().st_mtime_ns, p) for p in self.folder.glob(f"pdfinfo-{self.year}-{name}-*")),
                        reverse=True)
        for _, path in newest:
            stored = read_signed(path, "pdfinfo")
            if stored is not None:
                return json.loads(stored)
        return None


def write_pdf(out_dir: Path, config: ReportConfig, year: int, manifest: dict, *, respondents: int,
              cache: Path | None = None, workers: int = 1, numbered_file: Callable[[Path], None] | None = None) -> Path:
    """Print the report to ``out_dir/wlz_monitor_<year>.pdf`` (identical bytes for identical pages).

    Every part is printed without page numbers, so its print depends on its content alone; the
    numbers ("Pagina N van M") are printed once for the whole report on a numbers sheet of M empty
    pages (:func:`numbers_document`) and laid over each part's pages by pypdf
    (:func:`~wlzmonitor.run.pdf_parts.number_part`). An edit that makes a chapter a page longer
    renumbers the later parts instead of printing them again.

    `cache`: a folder of signed files (:mod:`wlzmonitor.compute.signed_files`) named by the SHA-256
    of what they were made from, the library source and the environment
    (:func:`~wlzmonitor.compute.fingerprint.library_digest`, WeasyPrint's version with it) and the
    system's fonts and text libraries (:func:`system_digest`): per part its layout info and its
    print (``pdfinfo``, ``pdfraw``: by its content), its numbered print (``pdfpart``: by its content,
    first page and total), the numbers sheet (``pdfnumbers``: by the total) and the merged PDF
    (``pdf``: by its numbered parts). Nothing is printed again for the same document; the
    :data:`PARTS_KEPT` and :data:`PDFS_KEPT` last used are kept. `workers` > 1: the parts that must
    be printed are printed in that many processes (the most elements first), which then also lay
    out a never-printed front part, print the numbers sheet ahead and number the parts
    (:class:`_Printers`).

    `numbered_file`: called with the cache file of every part numbered now, before the parts are joined,
    and then with the cache file of the PDF they were joined into (:func:`numbered_part` reads either):
    the printer child tells the run, which reads the part's pages for the privacy gate while the child
    joins, and keys the joined PDF's pages while the child answers
    (:meth:`.privacy_gate.OutputScan.pages_ahead`)."""
    merged = merged_pdf(out_dir, config, year, manifest, respondents=respondents, cache=cache, workers=workers,
                        numbered_file=numbered_file)
    target = out_dir / pdf_name(year)
    try:
        target.write_bytes(merged)
    except OSError as err:  # a full disk: the message names the file
        if err.filename:
            raise
        raise naming_the_file(err, target) from err
    return target


def merged_pdf(out_dir: Path, config: ReportConfig, year: int, manifest: dict, *, respondents: int,
               cache: Path | None = None, workers: int = 1, numbered_file: Callable[[Path], None] | None = None,
               sheet_ahead: bool | None = None) -> bytes:
    """The bytes :func:`write_pdf` writes (see there), the merged PDF kept in `cache`. `sheet_ahead`
    (default: `workers` > 1): when no pool of print processes is started (one part or none to print),
    a forked copy of this process prints the numbers sheet into `cache` while this one prints the
    front part (:class:`_SheetAhead`)."""
    parts = report_parts(out_dir, config, year, manifest, respondents=respondents)
    store = _Store(cache, year)
    base_url = str(out_dir)
    printed: dict[str, tuple[str, bytes]] = {}  # name -> (document, print) of the parts printed in this call
    with _Printers(workers, store, base_url, year, workers > 1 if sheet_ahead is None else sheet_ahead) as printers:
        infos, guess = _chapter_infos(parts, store, printers, printed)
        front, firsts, total = _front(parts, infos, store, base_url, printed, printers, guess)
        documents = {FRONT: front, **{name: parts.document(parts.body(name)) for name in parts.chapters}}
        places = {name: f"{document}\0{firsts[name]}\0{total}" for name, document in documents.items()}
        keys = "\0".join(hashlib.sha256(places[name].encode("utf-8")).hexdigest() for name in [FRONT, *parts.chapters])
        merged = store.read("pdf", "", keys)
        if merged is None:
            pdfs = _numbered_parts(parts, documents, places, firsts, total, store, printed, printers, numbered_file)
            merged = pdf_parts.merge_parts([(pdfs[name], infos[name]) for name in [FRONT, *parts.chapters]], year)
            store.write("pdf", "", keys, merged, PDFS_KEPT)
            path = store.path("pdf", "", keys)
            if numbered_file is not None and path is not None:
                numbered_file(path)
    return merged


class _Printers:
    """Where one :func:`write_pdf` prints: in this process, or (`workers` > 1) in a pool of print
    processes started for the first batch of two or more parts and kept to the end of the print.
    While the pool is there it also prints the numbers sheet ahead, for the total the front part is
    being numbered for (:meth:`expect_sheet`), and lays the page numbers over the parts. Without a
    pool, with `sheet_ahead`, the sheet is printed ahead by a forked copy of this process
    (:class:`_SheetAhead`); else nothing is printed ahead (the same prints, one after another)."""

    def __init__(self, workers: int, store: _Store, base_url: str, year: int, sheet_ahead: bool = False) -> None:
        self.workers, self.store, self.base_url, self.year = workers, store, base_url, year
        self.sheet_ahead = sheet_ahead
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.sheets: dict[int, concurrent.futures.Future | _SheetAhead] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        for ahead in self.sheets.values():
            if isinstance(ahead, _SheetAhead):
                ahead.end()

    def render(self, jobs: dict[str, tuple[str, str, int, bool]]) -> dict:
        """:func:`~wlzmonitor.run.pdf_parts.render_parts` of `jobs`, in the pool when there is one
        (started here for two or more jobs)."""
        if self.pool is None and self.workers > 1 and len(jobs) > 1:
            self.pool = pdf_parts.print_pool(min(self.workers, len(jobs)))
        return pdf_parts.render_parts(jobs, self.workers, pool=self.pool)

    def expect_sheet(self, total: int) -> None:
        """Print the numbers sheet of `total` pages ahead in the pool (when there is one and the
        cache does not hold it): the front part is printed for that total meanwhile."""
        if self.sheets or (self.pool is None and (not self.sheet_ahead or self.store.folder is None)):
            return  # the forked copy hands its sheet over through the cache: none, no copy
        document = numbers_document(total)
        if self.store.read("pdfnumbers", "", document) is not None:
            return
        if self.pool is not None:
            self.sheets[total] = self.pool.submit(pdf_parts.render_part, document, self.base_url, self.year, True)
        else:
            ahead = _SheetAhead.start(self.store, document, total, self.base_url, self.year)
            if ahead is not None:
                self.sheets[total] = ahead

    def sheet(self, total: int) -> bytes:
        """The numbers sheet of a report of `total` pages: from the cache, printed ahead, or printed now."""
        document = numbers_document(total)
        ahead = self.sheets.get(total)
        if isinstance(ahead, _SheetAhead):  # printed into the cache by the forked copy (or not: printed here)
            ahead.end(wait=True)
            ahead = None
        sheet = self.store.read("pdfnumbers", "", document)
        if sheet is None:
            info, sheet = ahead.result() if ahead is not None else pdf_parts.render_part(document, self.base_url,
                                                                                         self.year, True)
            if info["pages"] != total:
                raise PdfError(f"the page numbers could not be printed: {info['pages']} numbered pages for {total}")
            sheet = pdf_parts.as_page_furniture(sheet)
            self.store.write("pdfnumbers", "", document, sheet)
        return sheet

    def numbered(self, raws: dict[str, bytes], sheet: bytes, firsts: dict[str, int]) -> Iterator[tuple[str, bytes]]:
        """``(name, numbered part)`` of every part in `raws` as each is done
        (:func:`~wlzmonitor.run.pdf_parts.number_part`), in the pool when there is one: the run reads a
        part's pages while the next ones are numbered (:func:`_numbered_parts`)."""
        if self.pool is None or len(raws) < 2:
            for name, raw in raws.items():
                yield name, pdf_parts.number_part(raw, sheet, firsts[name])
            return
        futures = {self.pool.submit(pdf_parts.number_part, raw, sheet, firsts[name]): name for name, raw in raws.items()}
        for future in concurrent.futures.as_completed(futures):
            yield futures[future], future.result()


class _SheetAhead:
    """The numbers sheet printed into the cache by a forked copy of this process (while this one
    prints the front part), where no pool of print processes is started: a prose edit that moves
    the total (a chapter a page longer) printed the sheet (~0.5 s) after the front part (~0.4 s).
    The copy has the print engine loaded and warm, so it starts at once; it prints with the same
    function as the pool (the same bytes), checks the page count, and writes the sheet into the
    cache only when it is right; :meth:`_Printers.sheet` then reads it from there, and prints it
    itself when it is not there (the copy failed). Forked only with no other thread in this process
    (counted by the system where it can: a native thread may hold a lock the copy would need);
    the copy dies with this process and never runs its exit handlers."""

    def __init__(self, pid: int) -> None:
        self.pid: int | None = pid

    @classmethod
    def start(cls, store: _Store, document: str, total: int, base_url: str, year: int) -> _SheetAhead | None:
        if not _may_fork():
            return None
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: printed here
            return None
        if pid == 0:
            code = 1
            try:
                die_with_parent(parent)
                info, sheet = pdf_parts.render_part(document, base_url, year, True)
                if info["pages"] == total:
                    store.write("pdfnumbers", "", document, pdf_parts.as_page_furniture(sheet))
                    code = 0
            except BaseException:  # noqa: BLE001 - the sheet is then printed by the parent
                pass
            finally:
                os._exit(code)
        return cls(pid)

    def end(self, *, wait: bool = False) -> None:
        """Wait for the copy (`wait`), or stop it; reap it either way."""
        if self.pid is None:
            return
        if not wait:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)
        self.pid = None


def _may_fork() -> bool:
    """Forking this process is safe: fork exists (not macOS), and no other thread runs, native ones
    included where the system lists them."""
    if not hasattr(os, "fork") or sys.platform == "darwin" or threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: Python's own count
        return True


def _chapter_infos(parts: ReportParts, store: _Store, printers: _Printers, printed: dict) -> tuple[dict, dict | None]:
    """The layout info of every chapter part, from the cache or printed now (the print kept in
    the cache and in `printed`: name -> (document, pdf)), and a guess of the front part's length
    (None: none better than its last print's). When the chapters are printed by a pool and the
    front part was never printed, the pool also lays it out once without page numbers, at the end
    of the batch (every number "888"): its length then is the length it will have (the numbers are
    a few characters at the end of its lines), and the front part is mostly printed once instead of
    twice."""
    infos, jobs = {}, {}
    for name in parts.chapters:
        document = parts.document(parts.body(name))
        info = store.info(name, document)
        if info is None:
            jobs[name] = (document, printers.base_url, parts.year, True)
        else:
            infos[name] = info
    if printers.workers > 1 and len(jobs) > 1 and store.hint(FRONT) is None:
        wide = {target: 888 for stem, _, _, tables in parts.entries
                for target in [stem, *(f"{stem}--{anchor}" for anchor, _ in tables)]}  # three digits each
        jobs[FRONT] = (parts.document(parts.body(FRONT, wide)), printers.base_url, parts.year, False)
    rendered = printers.render(jobs)
    guess = {"pages": rendered.pop(FRONT)[0]["pages"]} if FRONT in rendered else None
    for name, (info, pdf) in rendered.items():
        document = jobs[name][0]
        infos[name] = info = parts.real(name, info)
        store.put_info(name, document, info)
        store.write("pdfraw", name, document, pdf)
        printed[name] = (document, pdf)
    return infos, guess


def _numbering(infos: dict[str, dict], chapters: list[str]) -> tuple[dict[str, int], int]:
    """The first page number of every part and the total, from the parts' page counts."""
    firsts, page = {}, 1
    for name in [FRONT, *chapters]:
        firsts[name] = page
        page += infos[name]["pages"]
    return firsts, page - 1


def _front(parts: ReportParts, infos: dict, store: _Store, base_url: str, printed: dict,
           printers: _Printers | None = None, guess: dict | None = None) -> tuple[str, dict, int]:
    """The front part's document, numbered from where every chapter and table landed, and the first
    page of every part and the total. The front part's own length is guessed from its last print
    and printed again (at most :data:`FRONT_TRIES` times) until the numbers it was made with hold.
    When it never settles (the contents' own numbers move it across a page break and back), it is
    numbered for the longest length it had and a shorter print is padded with empty pages to that
    length (:data:`PAD`); PdfError if even that does not hold."""
    guess, seen = guess or store.hint(FRONT) or {"pages": 2}, []
    for attempt in range(FRONT_TRIES + 1):
        if attempt == FRONT_TRIES:
            guess = {"pages": max(seen)}
        firsts, total = _numbering({**infos, FRONT: guess}, list(parts.chapters))
        if printers is not None:
            printers.expect_sheet(total)
        numbers = {}
        for name in parts.chapters:
            for anchor, (page, _, _) in infos[name]["anchors"].items():
                numbers.setdefault(anchor, firsts[name] + page)
        body = parts.body(FRONT, numbers)
        document, info = _front_print(parts, body, numbers, store, base_url, printed)
        if attempt == FRONT_TRIES and info["pages"] < guess["pages"]:
            body += PAD * (guess["pages"] - info["pages"])
            document, info = _front_print(parts, body, numbers, store, base_url, printed)
        if info["pages"] == guess["pages"]:
            break
        seen.append(info["pages"])
        guess = info
    else:
        raise PdfError(f"the contents' page numbers do not settle: printed on {info['pages']} pages when "
                       f"numbered for {guess['pages']}")
    infos[FRONT] = info
    return document, firsts, total


#: an empty page at the end of the front part (see :func:`_front`)
PAD = '<div class="pdf-opvulling" style="break-before: page"></div>'


def _front_print(parts: ReportParts, body: str, numbers: dict[str, int], store: _Store, base_url: str,
                 printed: dict) -> tuple[str, dict]:
    """The front part's document for `body` and its layout info, from the cache or printed now."""
    document = parts.document(body)
    info = store.info(FRONT, document)
    if info is None:
        info, pdf = pdf_parts.render_part(document, base_url, parts.year, True)
        info = parts.real(FRONT, info, numbers)
        store.put_info(FRONT, document, info)
        store.write("pdfraw", FRONT, document, pdf)
        printed[FRONT] = (document, pdf)
    return document, info


def _numbered_parts(parts: ReportParts, documents: dict[str, str], places: dict[str, str], firsts: dict[str, int],
                    total: int, store: _Store, printed: dict, printers: _Printers,
                    numbered_file: Callable[[Path], None] | None = None) -> dict[str, bytes]:
    """The numbered print of every part: from the cache, or its print (printed now, cached, or
    printed again) with the numbers sheet laid over it (its cache file then given to `numbered_file`)."""
    pdfs, raws, jobs = {}, {}, {}
    for name, document in documents.items():
        pdf = store.read("pdfpart", name, places[name])
        if pdf is not None:
            pdfs[name] = pdf
            continue
        raw = printed[name][1] if name in printed and printed[name][0] == document else store.read("pdfraw", name, document)
        if raw is None:
            jobs[name] = (document, printers.base_url, parts.year, True)
        else:
            raws[name] = raw
    for name, (_, raw) in printers.render(jobs).items():
        raws[name] = raw
        store.write("pdfraw", name, documents[name], raw)
    if raws:
        for name, numbered in printers.numbered(raws, printers.sheet(total), firsts):
            pdfs[name] = numbered
            store.write("pdfpart", name, places[name], numbered)
            path = store.path("pdfpart", name, places[name])
            if numbered_file is not None and path is not None:
                numbered_file(path)
    return pdfs


def numbered_part(path: Path) -> bytes | None:
    """The numbered part or the joined PDF in the cache file `path` (given to a ``numbered_file``
    callback, see :func:`write_pdf`); None when it is not there or not signed as the kind its name says."""
    return read_signed(path, "pdf" if path.name.startswith("pdf-") else "pdfpart")


def _keep_last(folder: Path, pattern: str, count: int) -> None:
    """Remove all but the `count` most recently used files matching `pattern` in `folder`."""
    files = []
    for path in folder.glob(pattern):
        with contextlib.suppress(OSError):
            files.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(files, reverse=True)[count:]:
        with contextlib.suppress(OSError):
            path.unlink()


#: where the fonts and the text libraries WeasyPrint prints with live (Debian and the like)
SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts", "~/.fonts", "~/.local/share/fonts")
SYSTEM_LIBRARY_DIRS = ("/usr/lib", "/usr/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                       "/usr/local/lib", "/opt/homebrew/lib")
_TEXT_LIBRARIES = re.compile(r"^lib(pango|harfbuzz|fontconfig|freetype|cairo|gobject|glib|fribidi)")


def system_digest() -> str:
    """SHA-256 over the name, size and time of every font file and text library (Pango, HarfBuzz,
    fontconfig, FreeType …) in the usual places: an upgraded font or library prints the PDF again."""
    digest = hashlib.sha256()
    for folder in SYSTEM_FONT_DIRS:
        root = Path(folder).expanduser()
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                with contextlib.suppress(OSError):
                    st = path.stat()
                    digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "replace"))
    for folder in SYSTEM_LIBRARY_DIRS:
        with contextlib.suppress(OSError):
            for name in sorted(os.listdir(folder)):
                if _TEXT_LIBRARIES.match(name):
                    with contextlib.suppress(OSError):
                        st = os.stat(os.path.join(folder, name))
                        digest.update(f"{folder}/{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "replace"))
    return digest.hexdigest()


