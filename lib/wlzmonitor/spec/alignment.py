"""Align published table cells with the report layout.

The published files (`data/published/<year>/cells.csv`) know rows and columns only by their
printed position and label; the layout (`data/reports/<year>/tables.yml`) says what each printed
row and column *is* (an option code, an item, a group, a year). Aligning by position gives every
published cell a machine meaning: (table key, row code, column code).
"""

from __future__ import annotations

import pandas as pd

from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.layout import ReportLayout, TableSpec


class AlignmentError(InputError):
    """The layout and the published table disagree on the table's shape."""


def align_table(spec: TableSpec, cells: pd.DataFrame) -> pd.DataFrame:
    """Published cells of one table with `row_code` and `column_code` from the layout."""
    own = cells[cells["table"] == spec.number].copy()
    if spec.published is False:
        if not own.empty:
            raise AlignmentError(f"{spec.number} ({spec.key}): the layout says 'published: false' but there are published cells")
        own["row_code"], own["column_code"] = [], []
        own.insert(0, "table_key", spec.key)
        return own.reset_index(drop=True)
    if own.empty:
        raise AlignmentError(f"{spec.number} ({spec.key}): no published cells")
    n_rows = int(own["row_index"].max()) + 1
    n_cols = int(own["col_index"].max()) + 1
    if spec.kind == "mapping":
        own["row_code"] = own["row_index"]
        own["column_code"] = own["col_index"]
    else:
        rows = spec.published_rows
        if n_rows != len(rows) or n_cols != len(spec.columns):
            raise AlignmentError(
                f"{spec.number} ({spec.key}): published table has {n_rows} rows x {n_cols} columns, "
                f"the layout says {len(rows)} x {len(spec.columns)}"
            )
        own["row_code"] = [rows[i] for i in own["row_index"]]
        own["column_code"] = [spec.columns[i] for i in own["col_index"]]
    own.insert(0, "table_key", spec.key)
    return own.reset_index(drop=True)


def align_all(layout: ReportLayout, cells: pd.DataFrame) -> pd.DataFrame:
    """Every published cell of the year's report, aligned (raises on any shape mismatch)."""
    return pd.concat([align_table(spec, cells) for spec in layout.tables], ignore_index=True)


def current_column(spec: TableSpec, year: int):
    """The layout column holding the survey year's own figures (None if the table has none)."""
    if spec.is_breakdown or spec.kind in {"matrix", "numeric", "nps_by", "frequency", "mapping"}:
        return None
    return year if year in spec.columns else None
