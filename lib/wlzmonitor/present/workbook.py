"""The workbook a reviewer opens: every table as the report prints it, the data in one sheet.

    write_workbook(path, layout, codebook, index, tables, tests=..., changes=..., year=2026)

Sheets:

- ``Inhoud``: every table (number, title, test, p-value) with a hyperlink to its sheet and the
  page of the report it is on;
- one sheet per table, named by its number (``Tabel 18``, ``Tabel B12``; a number no sheet can be named by as it is
  gets a safe name, :func:`~wlzmonitor.present.table_files.sheet_title`, which ``Inhoud`` lists): the caption with the
  bases, the table as rows × columns with the base (n) of every column, percentages as numbers in
  a percent format (0,35 shown as 35%), means with two decimals, NPS with a sign; the
  significance of a change or a difference marked beside the row and in words under the table;
  the notes (the layout's note and, when the tidy table has a ``note`` column, its notes); frozen
  headers and readable column widths;
- ``Data``: all tables in the tidy long form of ``tables/<key>.csv`` (unrounded values).

:func:`wlzmonitor.present.table_files.save_workbook` writes it: text cells inert against formula
injection, fixed timestamps, identical bytes for identical content.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from wlzmonitor.present.figures_text import column_order, display_kind
from wlzmonitor.compute.tables import format_alpha, format_mean, format_p
from wlzmonitor.compute.trends import CORRECTION_NAMES
from wlzmonitor.present.table_files import (
    cell_notes,
    hidden_notes,
    save_workbook,
    sheet_reference,
    sheet_title,
    table_cell_notes,
    vanished_notes,
    weighted_mark,
)
from wlzmonitor.present.table_html import (
    GROUP_WORDS,
    TEST_NAMES,
    column_bases,
    interval_label,
    left_out_text,
    small_columns,
    table_caption,
    table_unit,
    untested_text,
    vanished_group_text,
)
from wlzmonitor.spec.layout import ReportLayout, TableSpec

__all__ = ["NUMBER_FORMATS", "write_workbook"]

#: Excel number formats per display kind (the reader's Excel shows them in its own locale: 35%, 4,05, 1.000;
#: review h161: a count, mean or number of 1000 or more showed "1000", the pages print "1.000"; a share of all
#: (0-100%) and an NPS (-100..+100) never reach a thousand)
NUMBER_FORMATS = {
    "percent": "0%",
    "percent_number": "#,##0.0%",
    "mean": "#,##0.00",
    "nps": "+0;-0;0",
    "count": "#,##0",
    "number": "#,##0.0",
}
BOLD = Font(bold=True)
SIGNIFICANT = Font(bold=True, color="A3001B")
MUTED = Font(italic=True, color="57606A")
HEADER_FILL = PatternFill("solid", fgColor="F6F8FA")
def data_columns(confidence: float) -> list[str]:
    """The Data sheet's headings (the interval's level as computed: `significance: confidence`)."""
    label = interval_label(confidence)
    return ["tabel", "sleutel", "rij", "kolom", "waarde", "n", f"{label} onder", f"{label} boven"]


def _cell_value(value, how: str):
    """The number as stored: a share as a fraction (the percent format shows it as 35%)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) or how == "text":
        return str(value)
    if how in ("percent", "percent_number"):
        return float(value) / 100
    return float(value)


def _base_cell(lo: float, hi: float):
    """A column's base: a number (shown "#,##0") or its range as the pages print it, "96–115", "1.000–1.250"
    (review h161: "1000–1250")."""
    if np.isnan(lo):
        return None
    return int(lo) if lo == hi else f"{format_mean(lo, 0)}–{format_mean(hi, 0)}"


def _change_marks(spec: TableSpec, changes: pd.DataFrame) -> dict[str, str]:
    """Row code -> 'significant gestegen' / 'indicatief gedaald' against the previous year."""
    if changes is None or not len(changes):
        return {}
    own = changes[changes["table_key"] == spec.key]
    marks = {}
    for r in own.itertuples():
        way = "gestegen" if r.p_current > r.p_previous else "gedaald"
        if r.significant:
            marks[str(r.row_code)] = f"significant {way}"
        elif r.indicative:
            marks[str(r.row_code)] = f"indicatief {way}"
    return marks


def _mark_header(spec: TableSpec, changes: pd.DataFrame) -> str:
    """The change column's header: 'vorig jaar', or the year compared with where the column before is
    another (review h94: a question not asked the year before, its 2027 marks against 2025 were headed
    'Verandering t.o.v. vorig jaar')."""
    own = changes[changes["table_key"] == spec.key]
    try:
        gap = {int(c) - int(p) for c, p in zip(own["current"], own["previous"])}
    except (TypeError, ValueError):
        return "Verandering t.o.v. vorig jaar"
    return "Verandering t.o.v. vorig jaar" if gap <= {1} else f"Verandering t.o.v. {own['previous'].iloc[0]}"


def _marks_note(spec: TableSpec, changes: pd.DataFrame, alpha: float) -> str:
    """What the marks of the change column mean, with the report's α and its correction (it said
    'p < 0,05' and 'Holm' whatever config/report.yml set: at α = 0,01 or with Benjamini-Hochberg both wrong)."""
    corrections = changes.loc[changes["table_key"] == spec.key, "correction"]
    correction = str(corrections.iloc[0]) if len(corrections) else ""
    if correction == CORRECTION_NAMES["none"]:
        return f"Significant: p < {format_alpha(alpha)}, zonder correctie voor het aantal toetsen."
    name = correction.removesuffix("-correctie") or "Holm"
    return (f"Significant: na correctie voor het aantal toetsen ({name}); indicatief: p < {format_alpha(alpha)} "
            "alleen zonder die correctie.")


def _verdict(spec: TableSpec, test, alpha: float) -> tuple[str, bool]:
    if test is None:
        return "", False
    group = GROUP_WORDS.get(spec.by or "", spec.by or "groep")
    if np.isnan(test.p_value):
        return untested_text(test, group), False
    detail = f"{TEST_NAMES.get(test.test, test.test)}, {format_p(test.p_value, alpha=alpha)}, α = {format_alpha(alpha)}"
    if test.significant:
        return (f"Significant verschil tussen de groepen ({detail}); slechts richtinggevend vanwege de beperkte "
                f"omvang van de respons per {group}, en niet gecorrigeerd voor het aantal uitsplitsingen dat is "
                f"getoetst.{left_out_text(test)}"), True
    return f"Geen statistisch significant verschil tussen de groepen ({detail}).{left_out_text(test)}", False


def _notes(spec: TableSpec, table: pd.DataFrame, small_base: int, hidden: tuple = (),
           threshold: int | None = None) -> list[str]:
    notes = []
    if spec.note:
        notes.append(f"Let op: {spec.note}.")
    notes.extend(dict.fromkeys(n for n in cell_notes(table, spec) if n))  # figures across a changed question
    # a suppressed small group's empty cells: said, not read as "no answers"
    notes.extend(dict.fromkeys(f"Lege cel, {n}." for n in hidden_notes(table, hidden, threshold) if n))
    if small_columns(table, small_base, spec):
        notes.append(f"* Kleine basis (n < {small_base}): voorzichtig interpreteren.")
    return notes


def _table_sheet(wb: Workbook, spec: TableSpec, table: pd.DataFrame, codebook, *, test, changes: pd.DataFrame,
                 alpha: float, small_base: int, notice: str | None = None, hidden: tuple = (),
                 threshold: int | None = None, title: str = "") -> str:
    """One table as the report prints it on the sheet `title` (default: its number; `notice`: a weighted report's
    sentence, in row 2 of every sheet, so that a sheet copied on its own still says so); returns the sheet name."""
    ws = wb.create_sheet(title or sheet_title(spec.number, {"inhoud", "data"}))
    ws.append([table_caption(spec, table, codebook)])
    ws["A1"].font = Font(bold=True, size=12)
    if notice:
        ws["A2"] = notice
        ws["A2"].font = SIGNIFICANT
    unit = table_unit(spec, codebook)
    rows = list(dict.fromkeys(table["row_code"]))
    cols = column_order(spec, table)
    row_labels = dict(zip(table["row_code"], table["row"].astype(str)))
    col_labels = dict(zip(table["column_code"], table["column"].astype(str)))
    cells = {(r.row_code, r.column_code): r.value for r in table.itertuples(index=False)}
    small = set(small_columns(table, small_base, spec))
    bases = column_bases(table)
    marks = _change_marks(spec, changes)
    mark_header = [_mark_header(spec, changes)] if marks else []
    header_row = 3  # row 2 stays empty
    header = [None] + [col_labels[c] + (" *" if c in small else "") for c in cols] + mark_header
    for j, value in enumerate(header, start=1):
        ws.cell(header_row, j, value)
    # a table whose columns are no groups of respondents (a numeric summary: Aantal, Gemiddeld, …) has
    # its bases per row (its "Aantal"), not per column: a range over its rows ("0–36") would mislead
    per_column = spec.kind not in {"numeric", "response", "frequency", "mapping"}
    for j, value in enumerate(["n (basis)" if per_column else None]
                              + [_base_cell(*bases[c]) if per_column else None for c in cols], start=1):
        cell = ws.cell(header_row + 1, j, value)
        if isinstance(value, int):
            cell.number_format = NUMBER_FORMATS["count"]
    for cell in ws[header_row] + ws[header_row + 1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="left" if cell.column == 1 else "right", vertical="bottom",
                                   wrap_text=True)
    for r in rows:
        line = [row_labels[r]]
        formats = []
        for c in cols:
            how = display_kind(spec, r, c, unit)
            value = cells.get((r, c), np.nan)
            suppressed = (r, c) in cells and (value is None or (isinstance(value, float) and math.isnan(value)))
            line.append("–" if suppressed and c in bases and not np.isnan(bases[c][0]) else _cell_value(value, how))
            formats.append(NUMBER_FORMATS.get(how, "General"))
        mark = marks.get(str(r), "")
        ws.append(line + ([mark] if marks else []))
        for j, fmt in enumerate(formats, start=2):
            ws.cell(ws.max_row, j).number_format = fmt
        if mark:
            ws.cell(ws.max_row, len(cols) + 2).font = SIGNIFICANT if mark.startswith("significant") else MUTED
    ws.freeze_panes = ws.cell(header_row + 2, 2)
    verdict, significant = _verdict(spec, test, alpha)
    gone = vanished_group_text(spec, table, codebook)  # a group this year's questionnaire no longer has
    footer = ([verdict] if verdict else []) + _notes(spec, table, small_base, hidden, threshold) + ([gone] if gone else [])
    if marks:
        footer.append(_marks_note(spec, changes, alpha))
    ws.append([])
    for i, text in enumerate(footer):
        ws.append([text])
        ws.cell(ws.max_row, 1).font = SIGNIFICANT if (i == 0 and significant) else MUTED
    _widths(ws, header_row, len(cols) + 1 + len(mark_header))
    return ws.title


def _widths(ws, header_row: int, columns: int) -> None:
    """Readable widths: the label column as wide as its labels (at most 70), the others as their header."""
    labels = [str(ws.cell(r, 1).value or "") for r in range(header_row, ws.max_row + 1)
              if ws.cell(r, 2).value is not None or r == header_row]
    ws.column_dimensions["A"].width = min(70, max([12, *(len(t) + 2 for t in labels)]))
    for j in range(2, columns + 1):
        header = str(ws.cell(header_row, j).value or "")
        ws.column_dimensions[get_column_letter(j)].width = min(28, max(10, len(header) + 3))
    ws.row_dimensions[header_row].height = 30 if any(
        len(str(ws.cell(header_row, j).value or "")) > 25 for j in range(2, columns + 1)) else None


def _index_sheet(wb: Workbook, layout: ReportLayout, index: pd.DataFrame, sheets: dict[str, str],
                 notice: str | None = None) -> None:
    ws = wb.active
    ws.title = "Inhoud"
    if notice:  # a weighted workbook says so above everything else
        ws.append([notice])
        ws.cell(1, 1).font = SIGNIFICANT
    ws.append(["Tabel", "Titel", "Toets", "p-waarde", "Blad", "Pagina in het rapport"])
    for cell in ws[ws.max_row]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    rows = index.set_index("table_key")
    for spec in layout.tables:
        row = rows.loc[spec.key]
        p_value = float(row["p_value"]) if row["p_value"] else None
        test = TEST_NAMES.get(row["test"], row["test"]) if row["test"] else None  # in words, as the pages say
        ws.append([spec.number, row["title"], test, p_value, sheets[spec.key], row.get("page", "")])
        link = ws.cell(ws.max_row, 5)
        link.hyperlink = _internal(link.coordinate, sheets[spec.key])
        link.style = "Hyperlink"
        if row.get("page", ""):
            page = ws.cell(ws.max_row, 6)
            page.hyperlink = str(row["page"])  # the HTML page next to the workbook, at the table
            page.style = "Hyperlink"
        ws.cell(ws.max_row, 4).number_format = "0.000"
    ws.append([])
    ws.append(["Data", "Alle tabellen in lange vorm (onafgeronde waarden), zoals tables/<sleutel>.csv"])
    ws.cell(ws.max_row, 1).hyperlink = _internal(f"A{ws.max_row}", "Data")
    ws.cell(ws.max_row, 1).style = "Hyperlink"
    ws.freeze_panes = "A3" if notice else "A2"
    for letter, width in zip("ABCDEF", (12, 80, 22, 10, 12, 34)):
        ws.column_dimensions[letter].width = width


def _internal(coordinate: str, sheet: str) -> Hyperlink:
    """A link to cell A1 of another sheet of this workbook."""
    return Hyperlink(ref=coordinate, location=sheet_reference(sheet))


def _data_sheet(wb: Workbook, layout: ReportLayout, computed: dict[str, pd.DataFrame], confidence: float,
                weighted=False, small_groups: dict | None = None, small_threshold: int | None = None,
                small_base: int | None = None, codebook=None) -> None:
    """Every table in long form; in a weighted workbook (`weighted`: True, or the years with weights) a last column
    'gewogen' says so on every row, 'nee' on a published year's (a row copied elsewhere still says it)."""
    ws = wb.create_sheet("Data")
    ws.append(data_columns(confidence) + ["opmerking"] + (["gewogen"] if weighted else []))
    for cell in ws[1]:
        cell.font = BOLD
    for spec in layout.tables:
        table = computed[spec.key]
        lows = table["ci_low"].tolist() if "ci_low" in table.columns else [None] * len(table)
        highs = table["ci_high"].tolist() if "ci_high" in table.columns else [None] * len(table)
        notes = table_cell_notes(table, spec, (small_groups or {}).get(spec.key, ()), small_threshold,
                                 small_columns(table, small_base, spec) if small_base else (), small_base,
                                 vanished_notes(spec, table, codebook) if codebook is not None else None)
        for r, low, high, note in zip(table.itertuples(index=False), lows, highs, notes):
            ws.append([spec.number, spec.key, str(r.row), str(r.column), _plain(r.value), _plain(r.n), _plain(low),
                       _plain(high), note or None]
                      + ([weighted_mark(spec, r.row_code, r.column_code, weighted)] if weighted else []))
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (10, 30, 50, 22, 12, 8, 12, 12, 40)):
        ws.column_dimensions[letter].width = width


def _plain(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, str) else float(value)


def write_workbook(path: Path, layout: ReportLayout, codebook, index: pd.DataFrame, computed: dict[str, pd.DataFrame],
                   *, tests: dict | None = None, changes: pd.DataFrame | None = None, alpha: float = 0.05,
                   small_base: int = 20, confidence: float = 0.95, weighted_notice: str | None = None,
                   small_groups: dict | None = None, small_threshold: int | None = None,
                   weighted_years: frozenset = frozenset()) -> None:
    """The report-shaped workbook (see the module docstring; `confidence`: the level the
    intervals were computed at; `weighted_notice`: the first line of the contents sheet of a
    weighted report; `weighted_years`: its years with weights, the others' figures marked unweighted)."""
    wb = Workbook()
    tests = tests or {}
    taken = {"inhoud", "data"}  # the contents and the data sheet's names (a table numbered 'Data' gets 'Data~2')
    titles = {spec.key: sheet_title(spec.number, taken, fallback=spec.key) for spec in layout.tables}
    sheets = {spec.key: _table_sheet(wb, spec, computed[spec.key], codebook, test=tests.get(spec.key),
                                     changes=changes, alpha=alpha, small_base=small_base, notice=weighted_notice,
                                     hidden=tuple((small_groups or {}).get(spec.key, ())), threshold=small_threshold,
                                     title=titles[spec.key])
              for spec in layout.tables}
    _index_sheet(wb, layout, index, sheets, weighted_notice)
    _data_sheet(wb, layout, computed, confidence, weighted=frozenset(weighted_years) or bool(weighted_notice),
                small_groups=small_groups or {},
                small_threshold=small_threshold, small_base=small_base, codebook=codebook)
    save_workbook(wb, path)

