"""index.html of a year's output: every page with its sections and tables, and the downloads.

The index lists the pages in report order (``chapters:`` in ``config/report.yml``), under each
page its sections and every table by number ("Tabel 27", "Tabel B12") with a direct link to the
table's anchor, read from the pages as they were written (:func:`page_outline`). A page that
failed or was never made is named with the reason. The page uses the same offline template as
the chapter pages (:func:`page_html`: a one-cell notebook with HTML output through
:func:`wlzmonitor.run.html_export.notebook_to_html`).
"""

from __future__ import annotations

import html
from pathlib import Path

from wlzmonitor.spec.paths import workbook_name
from wlzmonitor.compute.year_result import YearResult
from wlzmonitor.present.page_frame import (
    TEXT_START,
    contents_html,
    page_header_html,
    page_outline,
    report_title,
    weighted_notice,
)
from wlzmonitor.run.html_export import notebook_to_html
from wlzmonitor.run.pdf import pdf_name
from wlzmonitor.spec.config import ReportConfig

__all__ = ["page_html", "write_index"]


_STATE = {
    "stale": "verouderd: gemaakt met andere data, code of notebook; draai run_all.py opnieuw",
    "failed": "mislukt in deze run",
    "missing": "nog niet gegenereerd",
}


def _page_item(staging: Path, stem: str, title: str, status: str) -> str:
    """One page of the report in the index: its link and, below it, its sections and tables."""
    page = staging / f"{stem}.html"
    if status not in ("ok", "stale") or not page.exists():
        return f"<li>{html.escape(title)} <em>({_STATE.get(status, status)})</em></li>"
    note = f" <em>({_STATE['stale']})</em>" if status == "stale" else ""
    outline = page_outline(page.read_text(encoding="utf-8"))
    return (f'<li class="pagina"><a href="{stem}.html">{html.escape(title)}</a>{note}'
            + contents_html(outline, page=f"{stem}.html") + "</li>")


def index_body(staging: Path, config: ReportConfig, year: int, manifest: dict, result: YearResult) -> str:
    """The index's HTML (inside the page template)."""
    n = len(result.survey.responses)
    items = [_page_item(staging, stem, title, manifest["chapters"][stem]["status"])
             for stem, title in config.chapters.items()]
    pdf = pdf_name(year)
    # the files first, then the contents: the PDF and the workbook were ~175 links (11 phone screens) down
    # (review of the readers); the skip link jumps past the header to the title
    return (
        page_header_html(config.chapters, None, year=year, weighted=bool(result.weights))
        + TEXT_START
        + f"<h1>{html.escape(report_title(year, bool(result.weights)))}</h1>"
        + f'<p class="lead">ActiZ-enquête Wlz-zorgcontractering {year}: rapportage op basis van {n} volledig '
        "ingevulde vragenlijsten. Alle tabellen, grafieken en kerncijfers zijn berekend uit de respondentdata.</p>"
        + (f'<p class="note gewogen"><strong>{_weighted_html(result)}</p>' if result.weights else "")
        + '<h2 id="downloads">Het rapport en de tabellen als bestand</h2><ul class="bestanden">'
        + f'<li><a href="{pdf}">Het hele rapport als PDF (om te printen of door te sturen)</a></li>'
        + f'<li><a href="{workbook_name(year)}">Alle tabellen in één Excel-werkmap</a></li>'
        # (the CSV is for analysts' scripts: comma-separated, no BOM; a reader double-clicking it in Dutch Excel gets one
        # column, so the workbook above is the readers' table of tables; review of the report as readers get it)
        + '<li><a href="tables/index.csv">Lijst van alle tabellen als gegevensbestand (CSV voor analisten en '
        "scripts; om te lezen in Excel: de werkmap hierboven)</a></li>"
        + "</ul>"
        + '<h2 id="hoofdstukken">Inhoud: hoofdstukken, bijlagen en tabellen</h2>'
        + f'<ol class="inhoud index-inhoud">{"".join(items)}</ol>'
    )


def _weighted_html(result: YearResult) -> str:
    """:func:`weighted_notice` as HTML, its first words bold (the margins the year was weighted on)."""
    head, _, rest = weighted_notice(result.weighted_margins).partition(":")
    return f"{html.escape(head)}:</strong>{html.escape(rest)}"


def write_index(staging: Path, config: ReportConfig, year: int, manifest: dict, result: YearResult) -> None:
    """Write index.html: every page with its state in `manifest`, its sections and tables, the downloads."""
    body = index_body(staging, config, year, manifest, result)
    (staging / "index.html").write_text(page_html(f"Inhoud – {report_title(year, bool(result.weights))}", body),
                                        encoding="utf-8")


def page_html(title: str, body: str) -> str:
    """A page in the same offline template as the chapters (a one-cell notebook with HTML output)."""
    # imported here, not at the top: the main process of a run imports this module before it starts
    # the chapter workers, and nbformat would delay their start by ~0.1 s (measured after pandas on
    # this 2-core machine); the index is written after the chapters ran
    import nbformat

    cell = nbformat.v4.new_code_cell(source="", id="cell-000")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": body})]
    nb = nbformat.v4.new_notebook(cells=[cell])
    return notebook_to_html(nb, title=title)
