"""The canonical row order of an export: every output is independent of the order of its rows.

Loading decides things by order: of two copies of a response the later is excluded ("first
wins"), the same organisation under two respondent ids keeps the first, and the data-quality
log lists findings in the order the rows are read. A survey tool's export is in the order
responses came in (or any order an analyst sorted it in), so :func:`canonical_row_order`
puts the rows in one order that depends only on their content before anything is decided: by
respondent id in natural order ("R2" before "R10"), then by the cells themselves. Rows keep
their index labels and their spreadsheet row numbers (``__row__``), so every finding still
names the row as the file has it.
"""

from __future__ import annotations

import re

import pandas as pd

from wlzmonitor.inputs.reading import ROW

__all__ = ["canonical_row_order", "natural_key"]

_PARTS = re.compile(r"(\d+)")


def natural_key(value: object) -> tuple:
    """Sort key of a text in natural order: digit runs by number ("R2" < "R10")."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in _PARTS.split(str(value).strip()) if p != "")


def canonical_row_order(frame: pd.DataFrame, id_column: str | None) -> pd.DataFrame:
    """``frame``'s rows sorted by ``id_column`` (natural order), then by every cell as text.

    Rows that are identical in every cell keep their relative order (they are
    interchangeable). ``id_column`` None or absent: by the cells only. Index labels, the
    ``__row__`` numbers and ``frame.attrs`` are kept.
    """
    if len(frame) < 2:
        return frame
    cells = [c for c in frame.columns if c != ROW]
    text = frame[cells].astype(str).to_numpy(dtype=object)
    ids = (frame[id_column].astype(str).to_numpy(dtype=object)
           if id_column is not None and id_column in frame.columns else None)
    keys = [((natural_key(ids[i]) if ids is not None else ()), tuple(text[i]))
            for i in range(len(frame))]
    order = sorted(range(len(frame)), key=keys.__getitem__)
    if order == list(range(len(frame))):
        return frame
    out = frame.iloc[order]
    out.attrs = dict(frame.attrs)
    return out
