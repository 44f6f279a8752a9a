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
import unicodedata

import numpy as np
import pandas as pd

from wlzmonitor.inputs.personal_patterns import INVISIBLE_RANGES
from wlzmonitor.inputs.reading import ROW

__all__ = ["INVISIBLE_IN_ID", "OTHER_SPACE_IN_ID", "finding_ids", "visible_id", "canonical_row_order", "natural_key", "prefixed_numbers"]

_PARTS = re.compile(r"(\d+)")
#: the invisible characters a respondent id picks up: a byte-order mark (a second file's, pasted below the
#: first without its header), a zero-width space or joiner, a soft hyphen, a word joiner, direction marks.
#: Validation takes them out of the id; the order of the rows reads the id without them too, so that
#: "1" + U+00AD + "0" and "10" are in the order of "10" and "10" (the same respondent; review h101).
#: Review h105: the characters the letter folding drops (personal_patterns.INVISIBLE_RANGES: every format
#: character, bidi isolates and embeddings U+2066-2069 / U+202A-202E, the Arabic letter mark, U+180E, tag
#: characters, the combining grapheme joiner, variation selectors, Hangul fillers), not only the first few:
#: "1" + U+2066 or U+3164 was kept in the stored id, printed as "1" and matched nothing
INVISIBLE_IN_ID = re.compile("[" + "".join(re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "")
                                           for lo, hi in INVISIBLE_RANGES) + "]")
#: spaces that show as a blank but are other characters (no-break, figure, narrow no-break, ideographic)
OTHER_SPACE_IN_ID = re.compile("[\u00a0\u2007\u202f\u3000]")


def visible_id(value: object) -> object:
    """A respondent id as validation stores it: without :data:`INVISIBLE_IN_ID`, an :data:`OTHER_SPACE_IN_ID`
    read as a space, stripped (a value that is no text as it is)."""
    if not isinstance(value, str) or (value.isascii() and value.isprintable()):
        return value
    return OTHER_SPACE_IN_ID.sub(" ", INVISIBLE_IN_ID.sub("", value)).strip()


def finding_ids(ids: pd.Series) -> np.ndarray:
    """A column of respondent ids as the findings about its rows name them: :func:`visible_id` of each (one
    pass over the joined ids when all are printable ASCII text)."""
    values = ids.to_numpy(dtype=object)
    if all(isinstance(v, str) for v in values) and "".join(values).isascii() and "".join(values).isprintable():
        return values
    return np.array([visible_id(v) for v in values], dtype=object)


def _number_key(digits: str) -> tuple:
    """A digit run's key, ordered and equal as its number ("0005" is "5"), without ``int()``
    (which refuses a run of more than 4300 digits: an id of a hostile file)."""
    if not digits.isascii():  # other scripts' digits ("٥"): their values
        digits = "".join(str(unicodedata.decimal(c)) for c in digits)
    digits = digits.lstrip("0") or "0"
    return (len(digits), digits)


def natural_key(value: object) -> tuple:
    """Sort key of a text in natural order: digit runs by number ("R2" < "R10"). A run is what
    ``_PARTS`` splits out (``isdecimal``); "²" is a digit to ``isdigit`` but no number."""
    return tuple((0, _number_key(p), "") if p.isdecimal() else (1, (0, ""), p)
                 for p in _PARTS.split(visible_id(str(value)).strip()) if p != "")  # type: ignore[union-attr]


def _ranks(values: np.ndarray, key=None) -> np.ndarray:
    """Each value's rank among the distinct values (equal values, or equal keys, the same rank),
    in the order Python's ``<`` gives them (of ``key(value)`` when given)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    keys = [key(u) for u in uniques] if key is not None else list(uniques)
    order = sorted(range(len(uniques)), key=keys.__getitem__)
    rank = np.empty(len(uniques), dtype=np.int64)
    current = -1
    for position, u in enumerate(order):
        if position == 0 or keys[u] != keys[order[position - 1]]:
            current += 1
        rank[u] = current
    return rank.take(codes)


_CODE = re.compile(r"([A-Za-z_]*)([0-9]{1,18})")
_CODE_PREFIX = re.compile(r"[A-Za-z_]*")


def prefixed_numbers(values: list | np.ndarray, prefix: re.Pattern) -> np.ndarray | None:
    """The numbers of ``values`` when each is one shared prefix — what ``prefix`` matches at the
    start of the first value — followed by 1 to 18 ASCII digits, worked out for all values at once
    (the same as ``int(m.group(2))`` of a ``fullmatch`` of ``(prefix)([0-9]{1,18})`` on each, with
    every ``group(1)`` equal); None when one value has another shape (or is no text): the caller
    then matches value by value."""
    if not len(values) or not all(type(v) is str for v in values):
        return None
    lead = prefix.match(values[0])
    k = lead.end() if lead is not None else 0
    text = np.array(values, dtype=np.str_)
    lengths = np.strings.str_len(text)
    if int(lengths.sum()) != sum(map(len, values)):  # a NUL at a value's end (numpy drops it)
        return None
    if "\x00" in values[0][:k] or not bool(np.strings.startswith(text, values[0][:k]).all()):
        return None  # (numpy would drop a NUL at the prefix's end, and find it at every start)
    count = lengths - k
    if not len(text) or int(count.min()) < 1 or int(count.max()) > 18:
        return None
    digits = text.view(np.uint32).reshape(len(text), -1)[:, k:].astype(np.int64) - ord("0")
    inside = np.arange(digits.shape[1])[None, :] < count[:, None]
    if bool((((digits < 0) | (digits > 9)) & inside).any()):
        return None
    number = np.zeros(len(text), dtype=np.int64)
    for place in range(digits.shape[1]):  # digit by digit, each value up to its own length
        number = np.where(inside[:, place], number * 10 + digits[:, place], number)
    return number


def _id_ranks(ids: np.ndarray) -> np.ndarray:
    """:func:`_ranks` of the ids by :func:`natural_key`; for the usual ids — one prefix of letters
    and a number, as ``R0042`` — from the numbers alone (their natural keys differ in the number only)."""
    numbers = prefixed_numbers(ids, _CODE_PREFIX)
    if numbers is not None:
        return np.unique(numbers, return_inverse=True)[1].astype(np.int64).reshape(-1)
    matches = [_CODE.fullmatch(v) if isinstance(v, str) else None for v in ids]
    if len(ids) and all(matches) and len({m.group(1) for m in matches}) == 1:  # type: ignore[union-attr]
        numbers = np.array([int(m.group(2)) for m in matches], dtype=np.int64)  # type: ignore[union-attr]
        return np.unique(numbers, return_inverse=True)[1].astype(np.int64).reshape(-1)
    return _ranks(ids, natural_key)


def _sorted_positions(frame: pd.DataFrame, cells: list[str], ids: np.ndarray | None) -> list[int]:
    """The row positions sorted by (natural key of the id, every cell as text), stable: what
    ``sorted(range(n), key=lambda i: (natural_key(ids[i]), tuple(text[i])))`` gives, with the
    comparisons done per distinct value and the sort by numpy (``lexsort`` is stable). The cells
    are compared only among rows whose ids have the same key (usually none: ids are unique)."""
    rank = _id_ranks(ids) if ids is not None else np.zeros(len(frame), dtype=np.int64)
    tied = np.flatnonzero(np.isin(rank, np.flatnonzero(np.bincount(rank) > 1)))
    if len(tied):
        part = frame.iloc[tied]
        keys = [_ranks(part[c].astype(str).to_numpy(dtype=object)) for c in reversed(cells)]
        within = np.empty(len(frame), dtype=np.int64)
        within[tied] = np.argsort(np.lexsort(keys), kind="stable") if keys else np.arange(len(tied))
        within[np.setdiff1d(np.arange(len(frame)), tied)] = 0
    else:
        within = np.zeros(len(frame), dtype=np.int64)
    return np.lexsort([within, rank]).tolist()


def canonical_row_order(frame: pd.DataFrame, id_column: str | None) -> pd.DataFrame:
    """``frame``'s rows sorted by ``id_column`` (natural order), then by every cell as text.

    Rows that are identical in every cell keep their relative order (they are
    interchangeable). ``id_column`` None or absent: by the cells only. Index labels, the
    ``__row__`` numbers and ``frame.attrs`` are kept.
    """
    if len(frame) < 2:
        return frame
    cells = [c for c in frame.columns if c != ROW]
    ids = (frame[id_column].astype(str).to_numpy(dtype=object)
           if id_column is not None and id_column in frame.columns else None)
    order = _sorted_positions(frame, cells, ids)
    if order == list(range(len(frame))):
        return frame
    out = frame.iloc[order]
    out.attrs = dict(frame.attrs)
    return out
