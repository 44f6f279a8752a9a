"""Writing the tables: one tidy CSV per table, tables/index.csv, and one Excel workbook.

Formats follow the output contract (docs/data_contracts.md §5, README "Outputs"): CSV columns
`row,column,value,n` with the value unrounded; index columns
`table_key,report_number,title,file,test,p_value`. Everything is written with fixed formatting
and fixed timestamps so two runs give identical bytes.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.layout import ReportLayout, TableSpec
from wlzmonitor.compute.significance import TestResult

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
INDEX_COLUMNS = ["table_key", "report_number", "title", "file", "test", "p_value"]


def table_title(spec: TableSpec, codebook: Codebook) -> str:
    if spec.title:
        return spec.title
    key = spec.question or spec.rows[0]
    text = codebook.question(key).text
    if spec.by:
        text += f" (naar {codebook.derived_variable(spec.by).label.lower()})"
    return text


def _number(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    f = float(value)
    return str(int(f)) if f.is_integer() else repr(f)


def tidy_csv_bytes(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["row", "column", "value", "n"])
    for r in table.itertuples(index=False):
        writer.writerow([str(r.row), str(r.column), _number(r.value), _number(r.n)])
    return buffer.getvalue().encode("utf-8")


def write_tables(out_dir: Path, layout: ReportLayout, codebook: Codebook, computed: dict[str, pd.DataFrame],
                 tests: dict[str, TestResult]) -> pd.DataFrame:
    tables_dir = out_dir / "tables"
    tables_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for spec in layout.tables:
        file = f"{spec.key}.csv"
        (tables_dir / file).write_bytes(tidy_csv_bytes(computed[spec.key]))
        test = tests.get(spec.key)
        rows.append({
            "table_key": spec.key,
            "report_number": spec.number if layout.year == codebook.year and layout.numbers_are_own else "",
            "title": table_title(spec, codebook),
            "file": f"tables/{file}",
            "test": test.test if test else "",
            "p_value": _number(test.p_value) if test else "",
        })
    index = pd.DataFrame(rows, columns=INDEX_COLUMNS)
    buffer = io.StringIO()
    index.to_csv(buffer, index=False, lineterminator="\n")
    (tables_dir / "index.csv").write_bytes(buffer.getvalue().encode("utf-8"))
    return index


def write_workbook(path: Path, layout: ReportLayout, index: pd.DataFrame, computed: dict[str, pd.DataFrame]) -> None:
    """All tables in one workbook: an index sheet, then one sheet per table (named by its number)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Inhoud"
    ws.append(["Tabel", "Sleutel", "Titel", "Toets", "p-waarde", "Blad"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for spec, row in zip(layout.tables, index.itertuples()):
        ws.append([spec.number, spec.key, row.title, row.test or None,
                   float(row.p_value) if row.p_value else None, _sheet_name(spec)])
    for spec in layout.tables:
        sheet = wb.create_sheet(_sheet_name(spec))
        sheet.append([f"{spec.number}: {index.set_index('table_key').loc[spec.key, 'title']}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(["rij", "kolom", "waarde", "n"])
        for r in computed[spec.key].itertuples(index=False):
            sheet.append([str(r.row), str(r.column), _cell(r.value), _cell(r.n)])
    fixed = pd.Timestamp("2000-01-01").to_pydatetime()
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "wlz-monitor"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue()))


def _sheet_name(spec: TableSpec) -> str:
    return spec.number[:31]


def _cell(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, str) else float(value)


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


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    path.write_bytes(buffer.getvalue().encode("utf-8"))
