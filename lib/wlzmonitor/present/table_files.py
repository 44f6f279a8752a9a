"""Writing the tables: one tidy CSV per table, tables/index.csv, and how every workbook is saved.

The report-shaped workbook itself is built in `present/workbook.py`; :func:`save_workbook` writes it.

Formats follow the output contract (docs/data_contracts.md): CSV columns `row,column,value,n,ci_low,ci_high,note`
with the value unrounded and its 95% interval (compute.intervals; empty for counts, bases and
suppressed cells) and, for a figure of a year whose question differed from the survey year's, how
it differed (`note`, from the codebook's `changes`; empty otherwise); index columns
`table_key,report_number,title,file,test,p_value,page` (page: the chapter page and the table's
anchor, `03_herschikking.html#tabel-21`). Everything is written with fixed formatting and fixed
timestamps so two runs give identical bytes.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wlzmonitor.spec.file_formats import csv_text, inert_text, write_csv
from wlzmonitor.spec.input_files import replace_file
from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.layout import ReportLayout, TableSpec
from wlzmonitor.compute.report_tables import vanished_groups
from wlzmonitor.compute.significance import TestResult
from wlzmonitor.present.page_frame import table_anchor

if TYPE_CHECKING:  # openpyxl (0.08 s to import) only where a workbook is made: a run that makes none does not import it
    from openpyxl import Workbook

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
INDEX_COLUMNS = ["table_key", "report_number", "title", "file", "test", "p_value", "page"]


def table_title(spec: TableSpec, codebook: Codebook) -> str:
    if spec.title:
        return house_style(spec.title)
    key = spec.question or spec.rows[0]
    text = codebook.question(key).text
    if spec.by:
        text += f" (naar {lower_first(codebook.derived_variable(spec.by).label)})"
    return house_style(text)


def caption_title(spec: TableSpec, codebook: Codebook) -> str:
    """The title as it stands before something else in a caption: without a closing ':' (a follow-up
    option such as 'Ja, met de volgende reden(en) (meerdere antwoorden mogelijk):'), so a caption
    never reads '…mogelijk): (2024: n=49 …)'."""
    return without_closing_colon(table_title(spec, codebook))


def without_closing_colon(text: str) -> str:
    """A title as it ends in a caption, a chart title and an alt text alike: 'Ja, want:' -> 'Ja, want'."""
    return str(text).rstrip().rstrip(":").rstrip()


#: names written one way on every page, whatever the questionnaire's text had
HOUSE_STYLE = ((re.compile(r"\bNZA\b"), "NZa"), (re.compile(r"\bWLZ\b|\bwlz\b"), "Wlz"))


def house_style(text: str) -> str:
    """'Nederlandse Zorgautoriteit (NZA)' -> '(NZa)': the organisation's own spelling on every page."""
    for pattern, canonical in HOUSE_STYLE:
        text = pattern.sub(canonical, text)
    return text


#: words that keep their capital inside a sentence (abbreviations and names), however they start it
PROPER_WORDS = frozenset({"wlz", "nza", "zzp", "pgb", "vpt", "mpt", "hlo", "nps", "actiz", "azwa", "hla", "nhc"})


def lower_first(label: str) -> str:
    """A label put inside a sentence: 'Omzetgroep' -> 'omzetgroep', but 'Wlz-uitvoerder' stays
    'Wlz-uitvoerder' (Wlz is an abbreviation and keeps its capital on every page)."""
    first = re.split(r"[\s\-/]", label.strip(), maxsplit=1)[0]
    if not first or first.casefold() in PROPER_WORDS or (len(first) > 1 and first[1].isupper()):
        return label
    return label[:1].lower() + label[1:]


def _number(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    f = float(value)
    return str(int(f)) if f.is_integer() else repr(f)


TIDY_COLUMNS = ["row", "column", "value", "n", "ci_low", "ci_high", "note"]
NPS_ROW = re.compile(r"^NPS (\d{4})$")


def cell_notes(table: pd.DataFrame, spec: TableSpec | None) -> list[str]:
    """Per cell: how the question asked in the cell's year differs from the survey year's ("" if not)."""
    if spec is None or not spec.changes:
        return [""] * len(table)
    out = []
    for row, column in zip(table["row_code"], table["column_code"]):
        m = NPS_ROW.match(str(row))
        year = int(m.group(1)) if m else column
        how = spec.changed(year)
        out.append(f"{how} (vraag {year} anders dan in het enquêtejaar)" if how else "")
    return out


def hidden_notes(table: pd.DataFrame, small_columns, threshold: int | None) -> list[str]:
    """Per cell: why a cell of a table with a suppressed small group is empty ("" elsewhere). The small
    group's own cells, and the cells hidden with it so that it does not follow from the total
    (review: the CSV and the workbook left both empty without a word, read as "no answers")."""
    if not small_columns or "value" not in table.columns:
        return [""] * len(table)
    small = set(small_columns)
    out = []
    for column, value, n in zip(table["column_code"], table["value"], table["n"]):
        if not pd.isna(value) or pd.isna(n) or n <= 0:
            out.append("")
        elif column in small:
            out.append(f"niet getoond: groep kleiner dan {threshold}")
        else:
            out.append("niet getoond: anders volgt de kleine groep uit het totaal")
    return out


def vanished_notes(spec: TableSpec, table: pd.DataFrame, codebook: Codebook) -> dict:
    """Column code -> the note on each cell of a group of earlier years that this year's codebook no longer has
    (an NPS-per-group table; its cells of this year are empty): 'groep niet meer gevraagd in 2027'."""
    return {c: f"groep niet meer gevraagd in {codebook.year}" for c in vanished_groups(spec, table, codebook)}


def table_cell_notes(table: pd.DataFrame, spec: TableSpec | None, small_columns=(),
                     threshold: int | None = None, small_bases=(), small_base: int | None = None,
                     vanished: dict | None = None) -> list[str]:
    """:func:`cell_notes` and :func:`hidden_notes` of each cell, and for a cell of a column with a base
    below `small_base` (`small_bases`: those columns, as the pages mark them with *) "kleine basis (n <
    20)" (review of the statistics: the CSV and the Data sheet never said it), joined by "; ". A cell of
    such a column whose own base is not small says that the column has one: "kleine basis in deze kolom (n <
    20)" (a Menzis cell with n=23 said "kleine basis" because the column's NPS of another year had n=15)."""
    bases = set(small_bases)
    own = table["n"].to_numpy(dtype=float) if "n" in table.columns else np.full(len(table), np.nan)
    small = [("" if c not in bases else f"kleine basis in deze kolom (n < {small_base})"
              if small_base is not None and np.isfinite(n) and n >= small_base else f"kleine basis (n < {small_base})")
             for c, n in zip(table["column_code"], own)] if bases else [""] * len(table)
    gone = [(vanished or {}).get(c, "") for c in table["column_code"]]
    return ["; ".join(n for n in notes if n) for notes in zip(cell_notes(table, spec),
                                                               hidden_notes(table, small_columns, threshold), small,
                                                               gone)]


def _interval(table: pd.DataFrame) -> tuple[list, list]:
    """The table's interval columns (all missing for a table without them)."""
    if "ci_low" in table.columns:
        return table["ci_low"].tolist(), table["ci_high"].tolist()
    return [None] * len(table), [None] * len(table)


def weighted_mark(spec: TableSpec | None, row_code, column_code, weighted) -> str:
    """'ja' for a weighted figure, 'nee' for one of a year without weights in a weighted table: a trend table's
    column of a published year (2021-2023 of the 2026 report), or the row "NPS <year>" of such a year. `weighted`:
    True (every figure) or the years with weights. Review h159: the 2023 NPS, published and unweighted (as the
    page says), was marked 'gewogen: ja'."""
    if weighted is True or not weighted:
        return "ja"
    year = None
    if spec is not None and spec.is_trend and isinstance(column_code, (int, np.integer)):
        year = int(column_code)
    elif (found := re.fullmatch(r"NPS (\d{4})", str(row_code))) is not None:
        year = int(found.group(1))
    return "nee" if year is not None and year not in weighted else "ja"


def tidy_csv_bytes(table: pd.DataFrame, spec: TableSpec | None = None, *, weighted: bool | Collection[int] = False,
                   small_columns=(), threshold: int | None = None, small_bases=(),
                   small_base: int | None = None, vanished: dict | None = None) -> bytes:
    """A table as tidy CSV; `spec` (resolved) gives the `note` of figures across a changed question,
    `small_columns` (the columns of small groups suppressed, with the rule's `threshold`) the note of a
    cell left empty. A weighted table (`weighted`: True, or the years with weights) has a last column ``gewogen``
    saying ``ja`` on every row (``nee`` on a published year's, :func:`weighted_mark`), as the workbook's Data sheet:
    a file (or a row) copied out of ``outputs/gewogen/`` still says what it holds."""
    rows = []
    lows, highs = _interval(table)
    notes = table_cell_notes(table, spec, small_columns, threshold, small_bases, small_base, vanished)
    for r, low, high, note in zip(table.itertuples(index=False), lows, highs, notes):
        mark = ([weighted_mark(spec, getattr(r, "row_code", None), getattr(r, "column_code", None), weighted)]
                if weighted else [])
        # text (labels, notes, a mapping table's group label as value; review h149) is made inert by csv_text, its
        # line breaks LF (review h160: a bare CR in a label split the row); a number is never touched
        value = r.value if isinstance(r.value, str) else _csv_number(r.value)
        rows.append([str(r.row), str(r.column), value, _csv_number(r.n), _csv_number(low), _csv_number(high),
                     note] + mark)
    return csv_text(TIDY_COLUMNS + (["gewogen"] if weighted else []), rows).encode("utf-8")


def _csv_number(value) -> int | float | str:
    """A figure as :func:`_number` writes it, as a number (csv_text leaves numbers as they are; "" when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    f = float(value)
    return int(f) if f.is_integer() else f


def table_note(spec: TableSpec) -> str:
    """One line on a table whose question changed within its years ("" when it did not)."""
    if not spec.changes:
        return ""
    hows = "; ".join(f"{how} ({', '.join(spec.column_label(y) for y, h in spec.changes.items() if h == how)})"
                     for how in dict.fromkeys(spec.changes.values()))
    return f"Let op: {hows}: de vraag van die jaren verschilt van die van het enquêtejaar."


def write_tables(out_dir: Path, layout: ReportLayout, codebook: Codebook, computed: dict[str, pd.DataFrame],
                 tests: dict[str, TestResult], *, weighted: bool | Collection[int] = False,
                 small_groups: dict | None = None,
                 threshold: int | None = None, small_bases: dict | None = None,
                 small_base: int | None = None, chapters: Collection[str] | None = None) -> pd.DataFrame:
    """Every table's tidy CSV and tables/index.csv. `chapters`: the pages of the year's report; a table whose
    chapter is not one of them (a wave that dropped the chapter) has no page to link to (`page` empty)."""
    tables_dir = out_dir / "tables"
    tables_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for spec in layout.tables:
        file = f"{spec.key}.csv"
        (tables_dir / file).write_bytes(tidy_csv_bytes(computed[spec.key], spec, weighted=weighted,
                                                                small_columns=(small_groups or {}).get(spec.key, ()),
                                                                threshold=threshold,
                                                                small_bases=(small_bases or {}).get(spec.key, ()),
                                                                small_base=small_base,
                                                                vanished=vanished_notes(spec, computed[spec.key],
                                                                                        codebook)))
        test = tests.get(spec.key)
        rows.append({
            "table_key": spec.key,
            "report_number": spec.number if layout.year == codebook.year and layout.numbers_are_own else "",
            "title": table_title(spec, codebook),
            "file": f"tables/{file}",
            "test": test.test if test and not pd.isna(test.p_value) else "",  # no p-value: not tested
            "p_value": _number(test.p_value) if test else "",
            "page": f"{spec.chapter}.html#{table_anchor(spec.number)}" if chapters is None or spec.chapter in chapters
            else "",
        })
    index = pd.DataFrame(rows, columns=INDEX_COLUMNS)
    write_csv(tables_dir / "index.csv", index)
    return index


#: the longest name Excel gives a sheet (counted in UTF-16 units, as Excel counts), the characters it refuses in one
#: (and control characters, which no XML file holds), and the name it keeps for itself (in any case)
SHEET_NAME_MAX = 31
_SHEET_REFUSED = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
RESERVED_SHEET_NAMES = frozenset({"history"})


def _utf16_cut(text: str, units: int) -> str:
    """The start of `text` that is at most `units` UTF-16 units long (a character outside the BMP counts two)."""
    out, used = [], 0
    for char in text:
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            break
        out.append(char)
    return "".join(out)


def sheet_title(name: object, taken: set[str], fallback: str = "Blad") -> str:
    """A sheet's name that Excel opens without repairing the file, for every workbook a run writes: `name` without the
    characters a sheet's name may not hold ([]:*?/\\ and control characters) nor an apostrophe at its start or end, at
    most 31 characters, never 'History' (Excel's own) and not one of `taken` (the casefolded names given so far: Excel's
    sheet names ignore case) -- made so by '~2', '~3', … at its end; `fallback` when nothing is left; 'Blad ' before a
    name a spreadsheet would read as a formula ('Blad =1+1': a cell naming the sheet is then its name). The name is
    added to `taken` (review h153: openpyxl wrote a second 'Tabel 1' as 'Tabel 11', kept 'History', a leading
    apostrophe and 32 characters, and the results workbook's link to a sheet with an apostrophe led nowhere)."""
    base = _SHEET_REFUSED.sub("", str(name)).strip("'").strip() or fallback
    if inert_text(base) != base:  # '=1+1': its name in a cell (the contents' 'Blad') would need an apostrophe, and
        base = f"Blad {base}"  # name another sheet than the tab's; 'Blad =1+1' is its own text (review h160)
    title, n = _utf16_cut(base, SHEET_NAME_MAX).rstrip("'"), 1
    while title.casefold() in taken or title.casefold() in RESERVED_SHEET_NAMES:
        n += 1
        title = _utf16_cut(base, SHEET_NAME_MAX - len(f"~{n}")) + f"~{n}"
    taken.add(title.casefold())
    return title


def sheet_reference(title: str, cell: str = "A1") -> str:
    """A cell of the sheet `title` as a link's location names it: the name quoted, its apostrophes doubled."""
    return "'" + title.replace("'", "''") + f"'!{cell}"


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save a workbook with inert text cells, fixed timestamps and author (equal content, equal bytes).
    RuntimeError when openpyxl writes through lxml (imported before :mod:`wlzmonitor`, which turns that off)."""
    import openpyxl.xml

    if openpyxl.xml.LXML:
        raise RuntimeError("openpyxl was imported with lxml on, before wlzmonitor: its workbooks would not be the "
                           "bytes a run writes. Import wlzmonitor first (or set OPENPYXL_LXML=False) and start again.")
    for ws in wb.worksheets:
        inert_cells(ws)
    from openpyxl.packaging.core import DocumentProperties

    fixed = pd.Timestamp("2000-01-01").to_pydatetime()
    # fresh properties: no lastModifiedBy, title, keywords … a workbook opened and saved by someone carries (an
    # account's name; review h135), fixed times and author
    wb.properties = DocumentProperties(creator="wlz-monitor", created=fixed, modified=fixed)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, normalise_zip(buffer.getvalue()))  # (coding --export: never half a workbook)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip (xlsx) with fixed member timestamps, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' at save time
                content = re.sub(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>",
                                 rb"<dcterms:modified\1>2000-01-01T00:00:00Z</dcterms:modified>", content)
            target.writestr(fixed, content)
    return out.getvalue()


def inert_cells(ws) -> None:
    """Every text cell of a worksheet stored as text, never as a formula (see spec.file_formats).

    openpyxl stores a string that starts with '=' as a formula; it is turned back into text. The
    other formula characters only matter when a sheet is exported to CSV, so they get the apostrophe
    that spreadsheet programs use for text."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and (value := inert_text(cell.value)) != cell.value:
                # also text with an apostrophe before a formula start ("'=1"), which reads back as "=1" without one
                # more (review h160: the coding workbook's answer "'=1" came back as "=1")
                cell.value = value
                cell.data_type = "s"
