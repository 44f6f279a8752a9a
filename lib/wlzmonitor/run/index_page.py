"""index.html of a year's output: the chapters (linked, or why not) and the tables as data.

The page uses the same offline template as the chapter pages (:func:`page_html`: a one-cell
notebook with HTML output through :func:`wlzmonitor.run.html_export.notebook_to_html`).
"""

from __future__ import annotations

import html
from pathlib import Path

from wlzmonitor.compute.year_result import YearResult
from wlzmonitor.run.html_export import notebook_to_html
from wlzmonitor.spec.config import ReportConfig

__all__ = ["page_html", "write_index"]


def write_index(staging: Path, config: ReportConfig, year: int, manifest: dict, result: YearResult) -> None:
    """Write index.html: every chapter with its state in `manifest`, and the data downloads."""
    n = len(result.survey.responses)
    items = []
    for stem, title in config.chapters.items():
        status = manifest["chapters"][stem]["status"]
        if status == "ok":
            items.append(f'<li><a href="{stem}.html">{html.escape(title)}</a></li>')
        elif status == "stale":
            items.append(f'<li><a href="{stem}.html">{html.escape(title)}</a> <em>(verouderd: gemaakt met '
                         "andere data, code of notebook; draai run_all.py opnieuw)</em></li>")
        else:
            word = "mislukt in deze run" if status == "failed" else "nog niet gegenereerd"
            items.append(f'<li>{html.escape(title)} <em>({word})</em></li>')
    body = (
        f"<h1>ActiZ-enquête Wlz-zorgcontractering {year}</h1>"
        f'<p class="lead">Rapportage op basis van {n} volledig ingevulde vragenlijsten. Alle tabellen, '
        "grafieken en kerncijfers zijn berekend uit de respondentdata.</p>"
        f"<h2>Hoofdstukken en bijlagen</h2><ol class=\"inhoud\">{''.join(items)}</ol>"
        "<h2>Tabellen als data</h2><ul>"
        '<li><a href="tables/index.csv">Overzicht van alle tabellen (CSV)</a></li>'
        f'<li><a href="wlz_monitor_{year}_tabellen.xlsx">Alle tabellen in één Excel-werkmap</a></li>'
        "</ul>"
    )
    (staging / "index.html").write_text(page_html(f"Wlz-zorgcontractering {year}", body), encoding="utf-8")


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
