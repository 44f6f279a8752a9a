"""Extract the numbered tables of a published report text into CSV files.

Usage::

    python -m wlzmonitor extract-published --year 2026 [--check]

Reads ``<sources folder>/<file>`` (see :data:`SOURCES`; the folder is in ``config/report.yml``)
and writes, into the year's ``published`` folder (``data/published/<year>/``):

* ``cells.csv``  -- one row per printed cell of every numbered table
* ``tables.csv`` -- one row per table (title, caption, bases, significance note)
* ``zorgkantoren_uitvoerders.csv`` -- the Wlz-uitvoerder / zorgkantoor mapping
  (only when the report has that mapping table, Tabel B5 in 2026)

The format is described in ``docs/data_contracts.md`` section 3. The output is
byte-for-byte deterministic.

How the text is read
--------------------
A table is a block of tab-separated lines (first line = header) followed, after
optional blank lines, by a caption line ``Tabel N - title (bases)`` (hyphen or en
dash). A caption whose bases wrap onto the next line is joined with one space. Blank
lines and separator lines such as ``--<TAB>------`` inside a block are skipped. A
sentence ``Dit is een statistisch significant verschil ...`` right after a caption
is that table's significance note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wlzmonitor.spec.file_formats import csv_text
from wlzmonitor.spec.input_files import read_input_bytes, read_input_text, replace_file
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.strict_yaml import control_character_at, control_character_problem

#: Report text per survey year, relative to ``data/sources/``.
SOURCES: dict[int, str] = {
    2026: "2026_rapport_wlz_zorgcontractering.txt",
}

#: Mapping table (Wlz-uitvoerder / zorgkantoor) per year, if the report has one.
MAPPING_TABLE: dict[int, str] = {
    2026: "Tabel B5",
}

#: The four large Wlz-uitvoerders; every other printed uitvoerder is grouped as "Overig".
UITVOERDER_GROUPS = ("Zilveren Kruis", "CZ", "Menzis", "VGZ")
OVERIG = "Overig"

CELL_COLUMNS = [
    "table", "row_index", "row", "col_index", "column",
    "raw", "value", "unit", "value_pct",
]
TABLE_COLUMNS = ["table", "title", "caption", "bases", "significance_note"]
MAPPING_COLUMNS = ["uitvoerder_groep", "wlz_uitvoerder", "zorgkantoor"]

CAPTION_RE = re.compile(r"^Tabel (B?\d+)\s*[-\u2013]\s*(.*)$")
SIGNIFICANCE_PREFIX = "Dit is een statistisch significant verschil"
SEPARATOR_CELL_RE = re.compile(r"^-+$")
#: a whole number may carry thousands points ("1.250", as the report prints counts since review h161; review h166:
#: "n=1.250" was read as n=1 and a cell "1.250" as 1.25)
_WHOLE = r"(?:\d{1,3}(?:\.\d{3})+|\d+)"
NUMBER_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)$")
PERCENT_RE = re.compile(r"^([+-]?\d+(?:,\d+)?)\s*%$")
COUNT_PCT_RE = re.compile(r"^(" + _WHOLE + r")\s*\(\s*(\d+(?:,\d+)?)\s*%\s*\)$")
BASE_YEAR_RE = re.compile(r"(\d{4})\s*:\s*n\s*=\s*(" + _WHOLE + ")")
BASE_SINGLE_RE = re.compile(r"\bn\s*=\s*(" + _WHOLE + ")")
BASE_RANGE_RE = re.compile(
    r"(?:(\d{4})\s*:\s*)?n\s+vari\u00eb?rend\s+van\s+(" + _WHOLE + r")\s+tot\s+(" + _WHOLE + ")"
)


class ExtractError(InputError):
    """The report text does not have the expected structure."""


@dataclass
class Table:
    name: str                     # "Tabel 1", "Tabel B5"
    caption: str                  # full caption as printed (wrapped lines joined)
    title: str                    # caption without "Tabel N - " and without the bases
    bases: str                    # "2024=107;2025=112", "*=122", "2026=96-115" or ""
    significance_note: str
    row_header: str               # header text of the row-label column (often empty)
    columns: list[str]            # data-column headers
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, cells)


# --------------------------------------------------------------------------- helpers


def norm(text: str) -> str:
    """Strip and collapse whitespace runs to one space."""
    return " ".join(text.split())


def _is_separator(cells: list[str]) -> bool:
    stripped = [c.strip() for c in cells]
    return any(stripped) and all(not c or SEPARATOR_CELL_RE.match(c) for c in stripped)


def _split_bases(caption_rest: str) -> tuple[str, str]:
    """Split ``title (bases)`` into title and the final parenthetical (balanced)."""
    text = caption_rest.rstrip()
    if not text.endswith(")"):
        return text, ""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                group = text[i:]
                if "n=" in group.replace(" ", "") or "vari" in group:
                    return text[:i].rstrip(), group
                return text, ""
    return text, ""


def parse_bases(group: str) -> str:
    """``(2024: n=107, 2025: n=112)`` -> ``2024=107;2025=112``; ``(n=122)`` -> ``*=122``."""
    if not group:
        return ""
    m = BASE_RANGE_RE.search(group)
    if m:
        year = m.group(1) or "*"
        return f"{year}={_whole(m.group(2))}-{_whole(m.group(3))}"
    pairs = BASE_YEAR_RE.findall(group)
    if pairs:
        return ";".join(f"{y}={_whole(n)}" for y, n in pairs)
    m = BASE_SINGLE_RE.search(group)
    if m:
        return f"*={_whole(m.group(1))}"
    raise ExtractError(f"cannot read bases from {group!r}")


def _whole(text: str) -> str:
    """``1.250`` -> ``1250``: a whole number without its thousands points."""
    return text.replace(".", "")


def _plain_number(text: str) -> str:
    """``+25`` -> ``25``, ``4,05`` -> ``4.05``, ``-3`` -> ``-3``, ``1.250`` -> ``1250``, ``1.234,5`` -> ``1234.5``
    (as a string, no float)."""
    if re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    return text[1:] if text.startswith("+") else text


def classify(raw: str, row: str, column: str) -> tuple[str, str, str]:
    """Return ``(value, unit, value_pct)`` for one printed cell."""
    if raw == "":
        return "", "blank", ""
    m = COUNT_PCT_RE.match(raw)
    if m:
        return _whole(m.group(1)), "count", _plain_number(m.group(2))
    m = PERCENT_RE.match(raw)
    if m:
        return _plain_number(m.group(1)), "percent", ""
    if not NUMBER_RE.match(raw):
        return "", "text", ""
    value = _plain_number(raw)
    row_l, col_l = row.lower(), column.lower()
    if row_l.startswith("nps"):
        unit = "nps"
    elif col_l.startswith("gemiddeld"):
        unit = "mean"
    elif "," in raw:
        unit = "mean"       # decimal-comma numbers without % are scale means (Tabel 34)
    elif (
        col_l.startswith("aantal")
        or row_l.startswith("aantal")
        or row_l.startswith("totaal")
        or "(n)" in row_l
    ):
        unit = "count"
    else:
        unit = "number"
    return value, unit, ""


# --------------------------------------------------------------------------- parsing


def _realign_mapping_rows(
    header: list[str], rows: list[list[str]]
) -> list[list[str]]:
    """Repair rows of a two-pair ``Wlz-uitvoerder | Zorgkantoor`` table.

    In the printed text some rows lost their leading empty cell, so every cell sits one
    column too far left (e.g. ``Friesland<TAB><TAB><TAB>``). A row is inconsistent when an
    uitvoerder cell is filled while its zorgkantoor cell is empty; such a row whose last
    cell is empty is shifted one column to the right.
    """
    width = len(header)

    def consistent(cells: list[str]) -> bool:
        return all(not (cells[i] and not cells[i + 1]) for i in range(0, width, 2))

    fixed = []
    for cells in rows:
        if not consistent(cells) and cells[-1] == "":
            shifted = [""] + cells[:-1]
            if consistent(shifted):
                cells = shifted
        if not consistent(cells):
            raise ExtractError(f"cannot align mapping row {cells!r}")
        fixed.append(cells)
    return fixed


def _is_mapping_header(header: list[str]) -> bool:
    names = [norm(h).lower() for h in header]
    return (
        len(names) >= 4
        and len(names) % 2 == 0
        and all(n == "wlz-uitvoerder" for n in names[0::2])
        and all(n == "zorgkantoor" for n in names[1::2])
    )


def parse_report(text: str) -> list[Table]:
    """Parse every numbered table of a report text, in order of appearance."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tables: list[Table] = []
    used_until = -1          # last line index consumed by a previous table (caption/note)
    for i, line in enumerate(lines):
        m = CAPTION_RE.match(line.strip())
        if not m or "\t" in line:
            continue
        name = f"Tabel {m.group(1)}"
        caption = norm(line)
        # caption wrapped onto the next line (no blank line in between)
        j = i + 1
        nxt = lines[j].strip() if j < len(lines) else ""
        if nxt and "\t" not in lines[j] and not CAPTION_RE.match(nxt) and not nxt.startswith(SIGNIFICANCE_PREFIX):
            caption = f"{caption} {norm(lines[j])}"
            j += 1
        # significance note: first non-blank line after the caption
        k = j
        while k < len(lines) and not lines[k].strip():
            k += 1
        note = norm(lines[k]) if k < len(lines) and lines[k].strip().startswith(SIGNIFICANCE_PREFIX) else ""

        # table block: tab lines above the caption; blanks and separators are skipped
        block: list[list[str]] = []
        b = i - 1
        while b > used_until:
            cur = lines[b]
            if not cur.strip():
                b -= 1
                continue
            if "\t" not in cur:
                break
            cells = cur.split("\t")
            if not _is_separator(cells):
                block.append(cells)
            b -= 1
        block.reverse()
        if len(block) < 2:
            raise ExtractError(f"{name}: no table block found above the caption (line {i + 1})")
        used_until = max(i, k if note else j - 1)

        header = [norm(c) for c in block[0]]
        body = [[norm(c) for c in cells] for cells in block[1:]]
        width = len(header)
        padded = []
        for cells in body:
            if len(cells) > width:
                if any(cells[width:]):
                    raise ExtractError(f"{name}: row wider than header: {cells!r}")
                cells = cells[:width]
            padded.append(cells + [""] * (width - len(cells)))
        if _is_mapping_header(header):
            padded = _realign_mapping_rows(header, padded)

        title, group = _split_bases(CAPTION_RE.match(caption).group(2))
        tables.append(
            Table(
                name=name,
                caption=caption,
                title=norm(title),
                bases=parse_bases(group),
                significance_note=note,
                row_header=header[0],
                columns=header[1:],
                rows=[(cells[0], cells[1:]) for cells in padded],
            )
        )
    names = [t.name for t in tables]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise ExtractError(f"duplicate tables: {dupes}")
    return tables


def table_cells(table: Table) -> list[dict[str, str]]:
    out = []
    for r, (label, cells) in enumerate(table.rows):
        for c, (column, raw) in enumerate(zip(table.columns, cells)):
            value, unit, pct = classify(raw, label, column)
            out.append({
                "table": table.name, "row_index": str(r), "row": label,
                "col_index": str(c), "column": column, "raw": raw,
                "value": value, "unit": unit, "value_pct": pct,
            })
    return out


def mapping_rows(table: Table) -> list[dict[str, str]]:
    """Flatten the mapping table: pairs of columns, empty uitvoerder = same as above."""
    full = [[label] + cells for label, cells in table.rows]
    width = len(table.columns) + 1
    out = []
    for p in range(0, width, 2):
        current = ""
        for cells in full:
            uitvoerder, zorgkantoor = cells[p], cells[p + 1]
            if uitvoerder:
                current = uitvoerder
            if not zorgkantoor:
                continue
            if not current:
                raise ExtractError(f"{table.name}: zorgkantoor {zorgkantoor!r} without uitvoerder")
            groep = current if current in UITVOERDER_GROUPS else OVERIG
            out.append({"uitvoerder_groep": groep, "wlz_uitvoerder": current, "zorgkantoor": zorgkantoor})
    order = {g: n for n, g in enumerate(UITVOERDER_GROUPS + (OVERIG,))}
    # stable sort: group order, then order of appearance within the group
    return sorted(out, key=lambda d: order[d["uitvoerder_groep"]])


# --------------------------------------------------------------------------- output


def _csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    """The rows as the project's CSV, text cells inert (spec.file_formats; load_published reads them back)."""
    return csv_text(columns, [[row.get(c) for c in columns] for row in rows])


#: the name of a year's report text in the sources folder when :data:`SOURCES` does not list the year
SOURCE_PATTERN = "{year}_rapport*.txt"
#: the title of the table of Wlz-uitvoerders and their zorgkantoren, where :data:`MAPPING_TABLE` does not name it
MAPPING_TITLE = re.compile(r"Wlz-uitvoerders en zorgkantoren", re.IGNORECASE)


def source_path(year: int, config: ReportConfig | None = None) -> Path:
    """The published report's text of `year`: :data:`SOURCES`, or the one file ``<year>_rapport*.txt`` in
    the sources folder (next year's analyst puts the report there; no code to change)."""
    folder = (config or load_config()).folder("sources")
    if year in SOURCES:
        return folder / SOURCES[year]
    found = sorted(folder.glob(SOURCE_PATTERN.format(year=year)))
    if len(found) == 1:
        return found[0]
    if found:
        raise ExtractError(f"{folder}: {len(found)} report texts for {year} ({', '.join(p.name for p in found)}): "
                           "keep one")
    raise ExtractError(f"no report text for {year}: put the published report's text in {folder} as "
                       f"{year}_rapport_wlz_zorgcontractering.txt (known: {sorted(SOURCES)})")


def render(year: int, config: ReportConfig | None = None) -> dict[str, str]:
    """Return ``{file name: CSV text}`` for one year, without writing anything."""
    source = source_path(year, config)
    text = read_input_text(source)
    if (found := control_character_at(text)) is not None:  # it would reach the titles and cells of the pages
        raise ExtractError(f"{source}: line {found[0]}, column {found[1]}: {control_character_problem(found[2])}")
    tables = parse_report(text)
    cells = [cell for t in tables for cell in table_cells(t)]
    meta = [
        {"table": t.name, "title": t.title, "caption": t.caption, "bases": t.bases,
         "significance_note": t.significance_note}
        for t in tables
    ]
    files = {
        "cells.csv": _csv_text(CELL_COLUMNS, cells),
        "tables.csv": _csv_text(TABLE_COLUMNS, meta),
    }
    mapping_name = MAPPING_TABLE.get(year)
    if mapping_name:
        mapping = next((t for t in tables if t.name == mapping_name), None)
        if mapping is None:
            raise ExtractError(f"{mapping_name} not found in {source.name}")
    else:  # a year the code does not list: the table by its title, if the report has one
        mapping = next((t for t in tables if MAPPING_TITLE.search(t.title or "")), None)
    if mapping is not None:
        files["zorgkantoren_uitvoerders.csv"] = _csv_text(MAPPING_COLUMNS, mapping_rows(mapping))
    return files


def write(year: int, config: ReportConfig | None = None) -> list[Path]:
    """Write the published figures of `year` into its `published` folder (config/report.yml)."""
    config = config or load_config()
    out_dir = config.sources(year).published
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render(year, config).items():
        path = out_dir / name
        replace_file(path, text.encode("utf-8"))  # killed half-way: the file as it was, never half of it
        written.append(path)
    return written


def stale_files(year: int, config: ReportConfig | None = None) -> list[Path]:
    """Shipped files of `year` that differ from a fresh extraction (empty: all identical)."""
    config = config or load_config()
    out_dir = config.sources(year).published
    return [out_dir / name for name, text in render(year, config).items()
            if not (out_dir / name).exists() or read_input_bytes(out_dir / name) != text.encode("utf-8")]
