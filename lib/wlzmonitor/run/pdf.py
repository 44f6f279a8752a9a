"""The whole report as one PDF: ``outputs/<year>/wlz_monitor_<year>.pdf``.

    write_pdf(out_dir, config, year, manifest)   # after the pages and index.html are written

The chapter pages as they were written are put one after another in one HTML document, with a
title page and a contents list with page numbers, and printed by WeasyPrint (a real print
engine: CSS paged media, Pango for text) with the pages' own print stylesheet
(``templates/nbconvert/wlz_report/report.css``, ``@media print``) and :data:`PDF_CSS`:
A4, page numbers in the footer, each chapter on a new page, open answers expanded.

What a page does not need on paper is left out: the header with Vorige/Volgende, the page's
contents list (the PDF has one for the whole report) and the navigation at the end. Every id is
prefixed with its page (``02_capaciteit--tabel-18``) so that ids stay unique, and links between
pages (``02_capaciteit.html#tabel-18``) become links inside the PDF.

Deterministic: no date, fixed metadata and a fixed PDF identifier, so two runs give identical
bytes. Pages that failed or were never made are named in the contents, not printed.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import re
from pathlib import Path

from wlzmonitor.compute.fingerprint import library_digest
from wlzmonitor.compute.signed_files import read_signed, write_signed
from wlzmonitor.present.page_frame import report_title
from wlzmonitor.run.html_export import TEMPLATE_DIR, TEMPLATE_NAME
from wlzmonitor.spec.config import ReportConfig

__all__ = ["PDF_CSS", "PdfError", "pdf_document", "pdf_name", "write_pdf"]

PDF_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-left { content: "%(title)s"; font-family: "DejaVu Sans", sans-serif; font-size: 8pt; color: #57606a; }
  @bottom-right { content: "Pagina " counter(page) " van " counter(pages); font-family: "DejaVu Sans", sans-serif;
    font-size: 8pt; color: #57606a; } }
@page titel { @bottom-left { content: none; } @bottom-right { content: none; } }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 9.5pt; }
section.titelpagina { page: titel; text-align: left; padding-top: 70mm; }
section.titelpagina h1 { font-size: 26pt; color: #8c1d40; margin: 0 0 6mm; }
section.titelpagina p { font-size: 12pt; margin: 0 0 3mm; }
nav.pdf-inhoud { break-before: page; }
nav.pdf-inhoud ol { list-style: none; padding: 0; }
nav.pdf-inhoud li { margin: 0 0 1.5mm; }
nav.pdf-inhoud li.tabel { margin-left: 8mm; font-size: 8.5pt; }
nav.pdf-inhoud a { color: #1f2328; text-decoration: none; }
nav.pdf-inhoud a::after { content: leader(".") target-counter(attr(href), page); }
section.hoofdstuk { break-before: page; }
details > summary { font-weight: 600; }
.tabel-scroll { overflow: visible; }
.kerncijfers { display: block; }
.kerncijfer { display: inline-block; vertical-align: top; width: 31%%; margin: 0 1.5%% 4mm 0; }
.kerncijfer .getal { font-size: 20pt; }
"""


class PdfError(RuntimeError):
    """The PDF could not be printed (the print engine is missing a system library)."""


def pdf_name(year: int) -> str:
    return f"wlz_monitor_{year}.pdf"


_MAIN = re.compile(r'<main class="report">(.*)</main>', re.DOTALL)
_DROP = (
    re.compile(r'<header class="paginakop">.*?</header>', re.DOTALL),
    re.compile(r'<nav class="inhoud-pagina".*?</nav>', re.DOTALL),
    re.compile(r'<nav class="bladeren[^"]*".*?</nav>', re.DOTALL),
    re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.DOTALL),
)
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="([^"]*)"')
_LABELLED = re.compile(r'\baria-labelledby="([^"]+)"')
_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")
_TABLE_SECTION = re.compile(r'<section class="tabel[^"]*" id="([^"]+)">\s*(?:<div class="tabel-blok">\s*)?'
                            r'(?:<p class="tabel-titel"[^>]*>(.*?)</p>)?',
                            re.DOTALL)


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
    return _DETAILS.sub("<details open", body)


def _contents(entries: list[tuple[str, str, str, list[tuple[str, str]]]]) -> str:
    """Contents with page numbers: every page and, under it, its tables."""
    items = []
    for stem, title, state, tables in entries:
        if state:
            items.append(f"<li>{html.escape(title)} <em>({html.escape(state)})</em></li>")
            continue
        items.append(f'<li><a href="#{stem}">{html.escape(title)}</a></li>')
        items.extend(f'<li class="tabel"><a href="#{stem}--{anchor}">{html.escape(text)}</a></li>'
                     for anchor, text in tables)
    return '<nav class="pdf-inhoud"><h2>Inhoud</h2><ol>' + "".join(items) + "</ol></nav>"


def _short(text: str, limit: int = 95) -> str:
    text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(text)).split())
    text = re.sub(r"\s*\((?:n=|n variërend|\d{4}: n)[^()]*\)\s*$", "", text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def pdf_document(out_dir: Path, config: ReportConfig, year: int, manifest: dict, *, respondents: int) -> str:
    """The one HTML document the PDF is printed from."""
    stems = set(config.chapters)
    entries, sections = [], []
    for stem, title in config.chapters.items():
        status = manifest["chapters"].get(stem, {}).get("status", "missing")
        page = out_dir / f"{stem}.html"
        if status not in ("ok", "stale") or not page.exists():
            entries.append((stem, title, "ontbreekt in deze uitvoer", []))
            continue
        text = page.read_text(encoding="utf-8")
        tables = [(anchor, _short(caption)) for anchor, caption in _TABLE_SECTION.findall(text) if caption]
        entries.append((stem, title, "", tables))
        sections.append(f'<section class="hoofdstuk" id="{stem}">{_page_body(text, stem, stems)}</section>')
    css = (TEMPLATE_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")
    name = report_title(year)
    title_page = (f'<section class="titelpagina"><h1>{html.escape(name)}</h1>'
                  f"<p>Rapportage ActiZ-ledenenquête Wlz-zorgcontractering {year}</p>"
                  f"<p>{respondents} volledig ingevulde vragenlijsten</p>"
                  "<p>Alle tabellen, grafieken en kerncijfers zijn berekend uit de respondentdata.</p></section>")
    return ("<!DOCTYPE html>\n"
            f'<html lang="nl"><head><meta charset="utf-8"><title>{html.escape(name)}</title>'
            '<meta name="author" content="ActiZ"><meta name="generator" content="wlz-monitor">'
            f"<style>{css}</style><style>{PDF_CSS % {'title': name}}</style></head>"
            f'<body><main class="report">{title_page}{_contents(entries)}{"".join(sections)}</main></body></html>\n')


def write_pdf(out_dir: Path, config: ReportConfig, year: int, manifest: dict, *, respondents: int,
              cache: Path | None = None) -> Path:
    """Print the report to ``out_dir/wlz_monitor_<year>.pdf`` (identical bytes for identical pages).

    `cache`: a folder of signed files (:mod:`wlzmonitor.compute.signed_files`), each a PDF printed
    before, named by the SHA-256 of the document it was printed from, the library source and the
    environment (:func:`~wlzmonitor.compute.fingerprint.library_digest`, WeasyPrint's version with
    it) and the system's fonts and text libraries (:func:`system_digest`): the same document is not
    printed again (a run whose pages did not change, or changed back). The :data:`PDFS_KEPT` last
    used are kept."""
    document = pdf_document(out_dir, config, year, manifest, respondents=respondents)
    target = out_dir / pdf_name(year)
    key = hashlib.sha256(f"{library_digest()}\0{system_digest()}\0".encode("ascii")
                         + document.encode("utf-8")).hexdigest()
    path = cache / f"pdf-{year}-{key}" if cache is not None else None
    stored = read_signed(path, "pdf") if path is not None else None
    if stored is not None:
        target.write_bytes(stored)
        return target
    pdf = _print(document, out_dir, year)
    target.write_bytes(pdf)
    if path is not None:
        write_signed(path, "pdf", pdf)
        _keep_last(cache, f"pdf-{year}-*", PDFS_KEPT)
    return target


#: printed PDFs kept per year (the last used): an edit and its undo both read back
PDFS_KEPT = 3


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


def _print(document: str, out_dir: Path, year: int) -> bytes:
    """WeasyPrint: the document as PDF bytes."""
    try:  # imported here: WeasyPrint takes about a second to import and only this step needs it
        import weasyprint
    except OSError as err:  # its system libraries (Pango) are missing
        raise PdfError(f"the PDF needs WeasyPrint's system libraries (Debian: apt-get install libpango-1.0-0 "
                       f"libpangoft2-1.0-0): {err}") from err

    return weasyprint.HTML(string=document, base_url=str(out_dir)).write_pdf(
        pdf_identifier=f"wlz-monitor-{year}".encode(), custom_metadata=False)
