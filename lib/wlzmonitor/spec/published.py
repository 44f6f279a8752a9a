"""Published report figures, parsed from the report text (``data/published/<year>/``).

See ``docs/data_contracts.md`` section 3 and :mod:`wlzmonitor.spec.report_text`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.file_formats import plain_text
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
    ``tables``: ``table, title, caption, bases, significance_note`` as strings. Text is read back as it was
    written (:func:`~wlzmonitor.spec.file_formats.plain_text`: ``'+25`` in the file is ``+25``).
    """
    folder = published_dir(year, root)
    cells = _read_published_csv(folder / "cells.csv", CELLS_COLUMNS)
    for col in ("row_index", "col_index"):
        cells[col] = _numbers(cells[col], folder / "cells.csv", "a whole number from 0", whole=True)
    for col in ("value", "value_pct"):
        cells[col] = _numbers(cells[col], folder / "cells.csv", "a number or an empty cell", whole=False)
    problem = published_year_problem(cells, year, folder)
    if problem is not None:
        raise PublishedError(problem)
    tables = _read_published_csv(folder / "tables.csv", TABLES_COLUMNS)
    return cells, tables


#: the columns of a report's cells.csv and tables.csv (docs/data_contracts.md section 3)
CELLS_COLUMNS = ("table", "row_index", "row", "col_index", "column", "raw", "value", "unit", "value_pct")
TABLES_COLUMNS = ("table", "title", "caption", "bases", "significance_note")


def _read_published_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A published-figures CSV as text; an InputError naming the file when it cannot be read as one or
    lacks a column (review h88: a column renamed by hand was a bare KeyError traceback)."""
    try:
        frame = pd.read_csv(io.BytesIO(read_input_bytes(path)), dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:  # review h128: derive-year --source 2027 (no published report) was a traceback
        raise InputError(f"{path}: not found; expected the figures of that year's published report "
                         "(python -m wlzmonitor extract-published writes them from its text)") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot be read as CSV ({err}); write it again with "
                         "python -m wlzmonitor extract-published") from None
    frame.columns = [plain_text(c) for c in frame.columns]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}; expected the columns {', '.join(columns)}")
    # text as extract-published and derive-year were given it: without the apostrophe that kept it inert ('+25)
    return frame.apply(lambda column: column.map(plain_text))


def _numbers(texts: pd.Series, path: Path, expected: str, *, whole: bool) -> pd.Series:
    """A column of a published-figures CSV as numbers (whole numbers from 0, or finite numbers with blank as
    NaN); the first cell that is none is an InputError naming its row and column (review h88: a bare
    ValueError or OverflowError traceback)."""
    numbers = pd.to_numeric(texts.mask(texts == ""), errors="coerce").astype(float)
    bad = (numbers.isna() & (texts != "")) | np.isinf(numbers)
    if whole:
        bad |= numbers.isna() | (numbers < 0) | (numbers % 1 != 0) | (numbers > 2**31)
    if bad.any():
        at = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{path}: row {at + 2}, column {texts.name!r}: got {texts.iloc[at]!r}, expected {expected}")
    return numbers.astype(int) if whole else numbers
