"""Published report figures, parsed from the report text (``data/published/<year>/``).

See ``docs/data_contracts.md`` section 3 and :mod:`wlzmonitor.spec.report_text`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.input_files import read_input_bytes
from wlzmonitor.spec.config import load_config

__all__ = ["PublishedError", "load_published", "published_dir", "published_year_problem"]


class PublishedError(InputError):
    """The published figures of a year are another report's (``published:`` names another year's folder)."""


_YEAR_COLUMN = re.compile(r"(?:19|20)\d\d")


def published_year_problem(cells: pd.DataFrame, year: int, folder: Path) -> str | None:
    """Why ``cells`` are not the ``year`` report's, else None: a report's latest year column is its own
    year (the 2025 report's tables end with 2025); a folder of another year's report (``published:``
    copied from the year before in config/report.yml) stopped the run on the first table's shape."""
    years = [int(c) for c in cells["column"].astype(str) if _YEAR_COLUMN.fullmatch(c.strip())]
    if not years or max(years) == year:
        return None
    return (f"{folder}: the published tables end with the year {max(years)}, so they are the {max(years)} report's, "
            f"not {year}'s: check 'published' under {year} in config/report.yml (data/published/{year})")


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
    problem = published_year_problem(cells, year, folder)
    if problem is not None:
        raise PublishedError(problem)
    tables = pd.read_csv(io.BytesIO(read_input_bytes(folder / "tables.csv")), dtype=str, keep_default_na=False, encoding="utf-8")
    return cells, tables
