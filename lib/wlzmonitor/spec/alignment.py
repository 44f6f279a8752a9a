"""Align published table cells with the report layout.

The published files (`data/published/<year>/cells.csv`) know rows and columns only by their
printed position and label; the layout (`data/reports/<year>/tables.yml`) says what each printed
row and column *is* (an option code, an item, a group, a year). Aligning by position gives every
published cell a machine meaning: (table key, row code, column code).
"""

from __future__ import annotations

import pandas as pd

from wlzmonitor.spec.codebook import Option, Question
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.layout import ReportLayout, TableSpec
from wlzmonitor.spec.option_match import same_text


class AlignmentError(InputError):
    """The layout and the published table disagree on the table's shape."""


def _codes(spec: TableSpec, own: pd.DataFrame) -> tuple[list, list]:
    """(row code, column code) of each of a table's published cells `own`, by their position;
    AlignmentError when the published table's shape is not the layout's."""
    if spec.published is False:
        if not own.empty:
            raise AlignmentError(f"{spec.number} ({spec.key}): the layout says 'published: false' but there are published cells")
        return [], []
    if own.empty:
        raise AlignmentError(f"{spec.number} ({spec.key}): no published cells")
    row_index, col_index = own["row_index"].tolist(), own["col_index"].tolist()
    if spec.kind == "mapping":
        return row_index, col_index
    rows = spec.published_rows
    n_rows, n_cols = int(max(row_index)) + 1, int(max(col_index)) + 1
    if n_rows != len(rows) or n_cols != len(spec.columns):
        raise AlignmentError(
            f"{spec.number} ({spec.key}): published table has {n_rows} rows x {n_cols} columns, "
            f"the layout says {len(rows)} x {len(spec.columns)}"
        )
    return [rows[i] for i in row_index], [spec.columns[i] for i in col_index]


def align_table(spec: TableSpec, cells: pd.DataFrame) -> pd.DataFrame:
    """Published cells of one table with `row_code` and `column_code` from the layout."""
    own = cells[cells["table"] == spec.number].copy()
    own["row_code"], own["column_code"] = _codes(spec, own)
    own.insert(0, "table_key", spec.key)
    return own.reset_index(drop=True)


def published_codes(layout: ReportLayout, cells: pd.DataFrame) -> dict[str, set[tuple[str, object]]]:
    """Table key -> the (row code as text, column code) of its published cells, for every table
    whose published shape fits the layout (the others are left out). The cells are split by table
    once: a year's ~200 tables cost milliseconds instead of a filter of all cells per table."""
    by_table = dict(tuple(cells.groupby("table", sort=False))) if not cells.empty else {}
    empty = cells.iloc[0:0]
    out = {}
    for spec in layout.tables:
        try:
            rows, columns = _codes(spec, by_table.get(spec.number, empty))
        except InputError:
            continue
        out[spec.key] = {(str(r), c) for r, c in zip(rows, columns)}
    return out


def align_all(layout: ReportLayout, cells: pd.DataFrame) -> pd.DataFrame:
    """Every published cell of the year's report, aligned (raises on any shape mismatch)."""
    return pd.concat([align_table(spec, cells) for spec in layout.tables], ignore_index=True)


def current_column(spec: TableSpec, year: int):
    """The layout column holding the survey year's own figures (None if the table has none)."""
    if spec.is_breakdown or spec.kind in {"matrix", "numeric", "nps_by", "frequency", "mapping"}:
        return None
    return year if year in spec.columns else None


def rows_in_another_order(spec: TableSpec, question: Question, cells: pd.DataFrame) -> list[str]:
    """Printed rows of a published table that the layout's ``rows`` put on another option than the one
    whose label they print (review h94: the layout's rows [1, 2] against a report that printed option 2
    first; aligned by position, every published figure was put on the other answer: the back-test
    compared other answers, and a long series carried forward from that report showed them swapped).
    A printed label that is no option's word for word (the report abbreviates) is left alone."""
    if spec.published is False or spec.kind not in ("single", "multi") or spec.by:
        return []
    try:
        own = align_table(spec, cells)
    except AlignmentError:
        return []  # the shape: the run's own error
    out = []
    for cell in own.drop_duplicates("row_index").itertuples():
        try:
            meant = question.option(int(cell.row_code))
        except (KeyError, ValueError, TypeError):
            continue
        printed = str(cell.row)
        if _is_label_of(printed, meant):
            continue
        other = next((o for o in question.options if o.code != meant.code and _is_label_of(printed, o)), None)
        if other is not None:
            out.append(f"{spec.number} ({spec.key}): the report prints ‘{printed}’ in row {cell.row_index + 1}, "
                       f"which the layout's rows {list(spec.published_rows)} put on option {meant.code} "
                       f"‘{meant.display_label}’: it is option {other.code}'s label. List the rows in the order "
                       "the report prints them, or its figures are read as another answer's")
    return out


def _is_label_of(printed: str, option: Option) -> bool:
    return same_text(printed, option.label, 0) or same_text(printed, option.display_label, 0)
