"""Published report figures, parsed from the report text (``data/published/<year>/``).

See ``docs/data_contracts.md`` section 3 and :mod:`wlzmonitor.spec.report_text`.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from wlzmonitor.spec.input_files import read_input_bytes
from wlzmonitor.spec.config import load_config

__all__ = ["load_published", "published_dir"]


def published_dir(year: int, root: str | Path | None = None) -> Path:
    """Directory holding the published CSVs of ``year`` (``published`` in ``config/report.yml``)."""
    return load_config(Path(root) if root is not None else None).sources(year).published


def load_published(year: int, root: str | Path | None = None):
    """Return ``(cells, tables)`` DataFrames read from ``data/published/<year>/``.

    ``cells``: ``table, row_index, row, col_index, column, raw, value, unit, value_pct``;
    text columns are strings (blank = ``""``), ``row_index``/``col_index`` ints,
    ``value``/``value_pct`` floats (NaN when blank or not a number).
    ``tables``: ``table, title, caption, bases, significance_note`` as strings.
    """
    folder = published_dir(year, root)
    cells = pd.read_csv(io.BytesIO(read_input_bytes(folder / "cells.csv")), dtype=str, keep_default_na=False, encoding="utf-8")
    for col in ("row_index", "col_index"):
        cells[col] = cells[col].astype(int)
    for col in ("value", "value_pct"):
        cells[col] = pd.to_numeric(cells[col].mask(cells[col] == ""), errors="raise").astype(float)
    tables = pd.read_csv(io.BytesIO(read_input_bytes(folder / "tables.csv")), dtype=str, keep_default_na=False, encoding="utf-8")
    return cells, tables
