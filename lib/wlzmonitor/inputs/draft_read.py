"""An export as the mapping drafter sees it: its columns, their descriptive texts and values.

:func:`read_view` reads a CSV, XLSX or SPSS export with the loader's own reader
(:func:`wlzmonitor.inputs.reading.read_export`) and works out how many header rows it has:
three when row 3 holds Qualtrics' ``{"ImportId": ...}`` cells, two when the first row has empty
cells under merged question headers or the second row holds SurveyMonkey's "Response" /
"Open-Ended Response", else one. Each :class:`ExportColumn` holds the header as the loader
will see it (the key a mapping uses), the most descriptive text the export has for it (the
question-text row of a Qualtrics export, an SPSS variable label, else the header), its SPSS
value labels and its distinct values with their counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import ROW, check_workbook_size, import_id, read_export
from wlzmonitor.inputs.values import nfc

__all__ = ["ExportColumn", "ExportView", "read_view"]

_SURVEYMONKEY_SUBHEADS = {"response", "open-ended response", "other (please specify)"}


@dataclass
class ExportColumn:
    header: str
    position: int
    text: str
    values: list[tuple[str, int]] = field(default_factory=list)
    filled: int = 0
    value_labels: dict[str, str] = field(default_factory=dict)
    import_id: str = ""

    def value_texts(self) -> list[str]:
        """The labels the column holds: its values, or for an SPSS column its value labels."""
        if self.value_labels:
            return list(self.value_labels.values())
        return [v for v, _ in self.values]


@dataclass
class ExportView:
    path: Path
    kind: str                # csv | xlsx | sav
    header_rows: int
    sheet: str | None
    columns: list[ExportColumn]
    rows: int

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _header_rows(path: Path, sheet: str | None) -> tuple[int, pd.DataFrame | None]:
    """1, 2 or 3 (see the module docstring), and the file read with one header row."""
    try:
        one = read_export(path, sheet=sheet, header_rows=1, repeats=True)
    except ExportError as one_row:
        # row 1 with empty cells (question headers merged over their options, SurveyMonkey's
        # "Response"/"Open-Ended Response" row under it) reads only as two header rows
        try:
            read_export(path, sheet=sheet, header_rows=2, repeats=True)
        except ExportError:
            raise one_row from None
        return 2, None
    first = one.head(2)
    if any(len(first) > i and sum(1 for v in first.iloc[i].drop(ROW) if import_id(str(v)))
           >= max(1, (len(first.columns) - 1) // 2) for i in (1, 0)):
        return 3, one  # row 3 the ImportIds, or row 2 (the question-text row deleted: read with a warning)
    if len(first) >= 1 and any(str(v).strip().casefold() in _SURVEYMONKEY_SUBHEADS
                               for v in first.iloc[0].drop(ROW)):
        return 2, None
    return 1, one


def _first_sheet(path: Path) -> str | None:
    import openpyxl

    check_workbook_size(path)
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return wb.sheetnames[0] if wb.sheetnames else None
    finally:
        wb.close()


def read_view(path: str | Path, sheet: str | None = None) -> ExportView:
    """The export at ``path`` for drafting a mapping (see the module docstring)."""
    path = Path(path)
    kind = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".sav": "sav", ".zsav": "sav"}.get(
        path.suffix.lower(), "")
    if kind == "sav":
        return _read_sav_view(path)
    header_rows, one = _header_rows(path, sheet)
    texts: dict[str, list[str]] = {}
    if header_rows == 3 and one is not None:  # rows 2 and 3: question texts, ImportIds
        texts_deleted = not any(import_id(str(v)) for v in one.loc[one[ROW] == 3].drop(columns=[ROW])
                                .to_numpy().ravel())
        below = one[ROW] <= (2 if texts_deleted else 3)
        texts = {c: ([""] if texts_deleted else []) + [str(v) for v in one.loc[below, c]]
                 for c in one.columns if c != ROW}
        frame = one.loc[~below].reset_index(drop=True)
    elif one is not None:
        frame = one
    else:
        frame = read_export(path, sheet=sheet, header_rows=header_rows, repeats=True)
    columns = []
    for pos, h in enumerate(c for c in frame.columns if c != ROW):
        below = texts.get(h, [])
        text = below[0].strip() if below and below[0].strip() else h
        columns.append(_column(frame[h], h, pos, text, {},
                               import_id(below[1]) if len(below) > 1 else ""))
    if kind == "xlsx" and sheet is None:
        sheet = _first_sheet(path)
    return ExportView(path, kind, header_rows, sheet, columns, len(frame))


def _column(cells: pd.Series, header: str, pos: int, text: str, labels: dict[str, str],
            import_id: str = "") -> ExportColumn:
    """One column as the drafter sees it: header, texts, values and labels with their accents
    composed (:func:`~wlzmonitor.inputs.values.nfc`), as the loader compares them, so that an
    export written in NFD (macOS: "e" + U+0308 for "ë") drafts as the same export in NFC."""
    stripped = cells.astype(str).str.strip()
    counts: dict[str, int] = {}
    for v, n in stripped[stripped != ""].value_counts(sort=True).items():
        counts[nfc(str(v))] = counts.get(nfc(str(v)), 0) + int(n)
    values = sorted(counts.items(), key=lambda t: (-t[1], t[0]))
    return ExportColumn(nfc(header), pos, nfc(text), values, int((stripped != "").sum()),
                        {k: nfc(v) for k, v in labels.items()}, import_id)


def _read_sav_view(path: Path) -> ExportView:
    import pyreadstat

    frame = read_export(path)
    try:
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except Exception as e:  # noqa: BLE001 - pyreadstat raises its own error types
        raise ExportError(f"{path}: cannot read as an SPSS .sav file: {e}") from None
    labels_of = frame.attrs.get("value_labels") or {}
    var_labels = meta.column_names_to_labels or {}
    columns = [_column(frame[h], h, pos, (var_labels.get(h) or h).strip(), labels_of.get(h, {}))
               for pos, h in enumerate(c for c in frame.columns if c != ROW)]
    return ExportView(path, "sav", 1, None, columns, len(frame))
