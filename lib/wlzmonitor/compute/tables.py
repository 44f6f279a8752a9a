"""Report tables computed from respondent-level data.

Pure pandas/numpy functions: no file I/O and no knowledge of the codebook. Callers pass the
respondent columns plus ordered mappings ``{code: label}`` (insertion order = display order).

Every table function returns a tidy ``DataFrame`` with exactly the columns ``row, column, value,
n`` (see ``docs/data_contracts.md`` section 5):

* ``row`` and ``column`` are ordered ``pd.Categorical`` whose categories are the display order;
* ``value`` is an unrounded float (percent 0-100, mean, count or NPS);
* ``n`` is the integer base of that value (column base; item base for matrices).

Missing values (NaN / None / ``pd.NA``) mean "not asked / not answered" and never count in a
base. Codes may arrive as ints, integral floats (``1.0``) or nullable ``Int64``. A code present
in the data but absent from its mapping raises ``ValueError`` naming the code and the series:
data is never silently dropped.

The module also holds the test of independence used for significance notes and the rounding /
formatting rules of the printed report (round half away from zero, decimal comma).
"""

from __future__ import annotations

import math
from decimal import Decimal
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from wlzmonitor.spec.codebook import NPS_BANDS

__all__ = [
    "single_choice",
    "multi_response",
    "matrix",
    "scale_means",
    "numeric_summary",
    "format_p",
    "format_alpha",
    "nps",
    "nps_counts",
    "frequency_table",
    "stack_columns",
    "independence_test",
    "table_respondents",
    "round_half_up",
    "format_percent",
    "printed_number",
    "format_mean",
    "format_nps",
    "format_n",
]

TABLE_COLUMNS = ["row", "column", "value", "n"]

NPS_ROW = "NPS"
NPS_TOTAL_ROW = "Totaal (N)"

#: Distance (in units of the last kept digit) within which a value counts as an exact half.
HALF_TOLERANCE = 1e-9


# --------------------------------------------------------------------------------------------
# Input normalisation
# --------------------------------------------------------------------------------------------


def _name(obj: Any) -> str:
    """Printable name of a Series / column for error messages."""
    name = getattr(obj, "name", None)
    return "<unnamed>" if name is None else str(name)


def _to_float(values: pd.Series, name: str) -> np.ndarray:
    """Values as a float array with NaN for missing; non-numeric data raises ValueError."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        # numbers already (Int64, Float64, float64 ...): one conversion, no Series in between
        # (a Series subset rebuilds the hash table of a 100,000-id index)
        return values.to_numpy(dtype=float, na_value=np.nan)
    missing = values.isna().to_numpy()
    out = np.full(len(values), np.nan)
    present = values[~missing]
    if len(present):
        try:
            numeric = pd.to_numeric(present, errors="raise")
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{name}: non-numeric value in data ({exc})") from None
        out[~missing] = np.asarray(numeric, dtype=float)
    return out


def _to_int_codes(values: pd.Series, name: str) -> np.ndarray:
    """Values as float array of integral codes (NaN for missing); non-integers raise."""
    codes = _to_float(values, name)
    present = codes[~np.isnan(codes)]
    bad = present[(present != np.round(present)) | ~np.isfinite(present)]
    if len(bad):
        raise ValueError(f"{name}: non-integer code {bad[0]!r} in data")
    return codes


def _normalise_key(key: Any, what: str) -> int:
    """Mapping key as int (accepts 1, 1.0, np.int64(1), "1")."""
    if isinstance(key, bool):
        raise ValueError(f"{what}: boolean code {key!r} in mapping")
    try:
        number = float(key)
    except (TypeError, ValueError):
        raise ValueError(f"{what}: mapping code {key!r} is not a number") from None
    if not number.is_integer():
        raise ValueError(f"{what}: mapping code {key!r} is not an integer")
    return int(number)


def _labels(mapping: Mapping, what: str) -> list:
    """The mapping's labels in order; they become categories, so they must be unique."""
    labels = list(mapping.values())
    duplicated = sorted({str(x) for x in labels if labels.count(x) > 1})
    if duplicated:
        raise ValueError(f"{what}: duplicate labels {duplicated}")
    if not labels:
        raise ValueError(f"{what}: empty mapping")
    return labels


def _positions(values: pd.Series, mapping: Mapping, name: str | None = None) -> np.ndarray:
    """Position of each value's code in ``mapping`` (display order); -1 where missing.

    Raises ValueError naming the code and the series for codes absent from the mapping.
    """
    name = _name(values) if name is None else name
    keys = [_normalise_key(k, name) for k in mapping]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{name}: duplicate codes in mapping {list(mapping)}")
    lookup = {k: i for i, k in enumerate(keys)}
    fast = _integer_positions(values, lookup, keys, name)
    if fast is not None:
        return fast
    codes = _to_int_codes(values, name)
    out = np.full(len(codes), -1, dtype=np.int64)
    present = ~np.isnan(codes)
    unique = np.unique(codes[present])
    for code in unique:
        code_int = int(code)
        if code_int not in lookup:
            raise ValueError(
                f"{name}: code {code_int} occurs in the data but not in the mapping "
                f"(known codes: {keys})"
            )
    if len(unique):  # each present code -> its mapping position, in one pass
        low, high = int(unique[0]), int(unique[-1])
        if high - low < 100_000:  # codes are small integers: a lookup table
            table = np.full(high - low + 1, -1, dtype=np.int64)
            table[unique.astype(np.int64) - low] = [lookup[int(code)] for code in unique]
            out[present] = table[codes[present].astype(np.int64) - low]
        else:
            position_of_unique = np.array([lookup[int(code)] for code in unique], dtype=np.int64)
            out[present] = position_of_unique[np.searchsorted(unique, codes[present])]
    return out


def _integer_positions(values: pd.Series, lookup: dict, keys: list, name: str) -> np.ndarray | None:
    """``_positions`` for integer columns (``Int64``: the loader's codes) without float
    conversion or sorting: the codes seen are counted in one pass. None when it does not apply
    (another dtype, or codes spread too widely for a lookup table)."""
    if not pd.api.types.is_integer_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return None
    missing = values.isna().to_numpy()
    ints = values.to_numpy(dtype=np.int64, na_value=0)
    present = ints[~missing] if missing.any() else ints
    out = np.full(len(ints), -1, dtype=np.int64)
    if not len(present):
        return out
    low, high = int(present.min()), int(present.max())
    if high - low >= 100_000:
        return None
    seen = np.flatnonzero(np.bincount(present - low, minlength=high - low + 1)) + low
    for code_int in seen.tolist():  # ascending, as np.unique: the same first unknown code is named
        if code_int not in lookup:
            raise ValueError(
                f"{name}: code {code_int} occurs in the data but not in the mapping "
                f"(known codes: {keys})"
            )
    table = np.full(high - low + 1, -1, dtype=np.int64)
    table[seen - low] = [lookup[code] for code in seen.tolist()]
    out[~missing] = table[present - low]
    return out


def _one_hot(positions: np.ndarray, width: int) -> np.ndarray:
    """(n, width) 0/1 matrix; all-zero rows where the position is -1 (missing)."""
    out = np.zeros((len(positions), width))
    answered = positions >= 0
    out[np.flatnonzero(answered), positions[answered]] = 1.0
    return out


def _check_aligned(data: pd.Series | pd.DataFrame, by: pd.Series) -> None:
    if not data.index.equals(by.index):
        raise ValueError(
            f"by ({_name(by)}) must have the same index as the data it splits "
            f"({len(by)} vs {len(data)} rows or a different order)"
        )


def _columns(
    data: pd.Series | pd.DataFrame,
    by: pd.Series | None,
    groups: Mapping | None,
    total: bool,
    total_label: str,
    column_label: str,
) -> tuple[list, list[np.ndarray]]:
    """Column labels and the boolean respondent mask of each column.

    Without ``by`` there is a single column ``column_label`` holding everyone (``total`` is then
    irrelevant). With ``by`` there is one column per group in ``groups`` order, then (if
    ``total``) ``total_label`` holding everyone - including respondents whose group is missing.
    """
    everyone = np.ones(len(data), dtype=bool)
    if by is None:
        if groups is not None:
            raise ValueError("groups given without by")
        return [column_label], [everyone]
    if groups is None:
        raise ValueError(f"by ({_name(by)}) given without a groups mapping")
    _check_aligned(data, by)
    group_pos = _positions(by, groups)
    labels = _labels(groups, f"groups of {_name(by)}")
    masks = [group_pos == i for i in range(len(labels))]
    if total:
        if total_label in labels:
            raise ValueError(f"total_label {total_label!r} is also a group label")
        labels.append(total_label)
        masks.append(everyone)
    return labels, masks


def _tidy(
    row_labels: Sequence, col_labels: Sequence, value: np.ndarray, n: np.ndarray
) -> pd.DataFrame:
    """Tidy frame from (rows x columns) value and base arrays, rows major.

    ``n`` is broadcast to (rows x columns): a scalar, one base per column, or a full array.
    """
    n_rows, n_cols = len(row_labels), len(col_labels)
    value = np.asarray(value, dtype=float).reshape(n_rows, n_cols)
    n = np.broadcast_to(np.asarray(n, dtype=np.int64), (n_rows, n_cols))
    rows = np.repeat(np.arange(n_rows), n_cols)
    cols = np.tile(np.arange(n_cols), n_rows)
    return pd.DataFrame(
        {
            "row": pd.Categorical.from_codes(rows, categories=list(row_labels), ordered=True),
            "column": pd.Categorical.from_codes(cols, categories=list(col_labels), ordered=True),
            "value": value.ravel(),
            "n": n.ravel().astype(np.int64),
        }
    )


def _percent(counts: np.ndarray, bases: np.ndarray) -> np.ndarray:
    """100 * counts / bases per column; NaN where the base is 0."""
    bases = np.asarray(bases, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(bases > 0, 100.0 * counts / np.where(bases > 0, bases, 1.0), np.nan)


def _position_counts(
    positions: np.ndarray, width: int, masks: list[np.ndarray], weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``_group_counts(_one_hot(positions, width), positions >= 0, masks)`` without building
    the one-hot matrix: counts per position (``width`` x columns, float) and bases.

    With ``weights`` the counts are weighted counts scaled to the unweighted base of their
    column (so ``counts / bases`` is the weighted share), while the bases stay respondents."""
    answered = positions >= 0
    selected = [mask & answered for mask in masks]
    bases = np.array([int(sel.sum()) for sel in selected], dtype=np.int64)
    if weights is None:
        counts = np.column_stack([np.bincount(positions[sel], minlength=width) for sel in selected])
        return counts.astype(float), bases
    counts = np.column_stack([
        np.bincount(positions[sel], weights=weights[sel], minlength=width) for sel in selected])
    return _rescale(counts, bases), bases


def _rescale(weighted: np.ndarray, bases: np.ndarray) -> np.ndarray:
    """Weighted counts per column scaled so each column adds up to its unweighted base; NaN in a column whose
    respondents all weigh 0 (no weighted share exists: review h110, it printed 0% for every option)."""
    totals = weighted.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, weighted * (bases / np.where(totals > 0, totals, 1.0)), np.nan)


def _weights(weights, length: int) -> np.ndarray | None:
    """Respondent weights as a float array (None: unweighted)."""
    if weights is None:
        return None
    array = np.asarray(weights, dtype=float)
    if array.shape != (length,) or not np.isfinite(array).all() or (array < 0).any():
        raise ValueError("weights must be one finite, non-negative number per respondent")
    return array


def _group_counts(
    members: np.ndarray, asked: np.ndarray, masks: list[np.ndarray], weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per column: sums of the (n x rows) 0/1 ``members`` and base (asked respondents).

    Returns ``counts`` (rows x columns) and ``bases`` (columns). With ``weights``: weighted
    counts scaled to the unweighted base (``counts / bases`` = weighted share).
    """
    selected = np.column_stack([mask & asked for mask in masks]).astype(float)
    bases = selected.sum(axis=0).astype(np.int64)
    if weights is None:
        return members.T @ selected, bases  # sums of 0/1 values: exact, as the column sums they replace
    weighted = selected * weights[:, None]
    totals = weighted.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(totals > 0, bases / np.where(totals > 0, totals, 1.0), np.nan)  # all weights 0: no share
    return (members.T @ weighted) * scale, bases


# --------------------------------------------------------------------------------------------
# Table functions
# --------------------------------------------------------------------------------------------


def single_choice(
    values: pd.Series,
    options: Mapping,
    *,
    by: pd.Series | None = None,
    groups: Mapping | None = None,
    total: bool = True,
    total_label: str = "Totaal",
    column_label: str = "Totaal",
    weights=None,
) -> pd.DataFrame:
    """Percentage of respondents choosing each option of a single-choice question.

    Rows are the option labels (zero-count options included with 0.0); the base of a column
    is its number of respondents with an answer. See ``_columns`` for ``by``/``groups``/
    ``total``. A group without answers gets value NaN and n 0.
    """
    row_labels = _labels(options, f"options of {_name(values)}")
    col_labels, masks = _columns(values, by, groups, total, total_label, column_label)
    positions = _positions(values, options)
    counts, bases = _position_counts(positions, len(row_labels), masks, _weights(weights, len(values)))
    return _tidy(row_labels, col_labels, _percent(counts, bases), bases)


def multi_response(
    indicators: pd.DataFrame,
    options: Mapping,
    *,
    by: pd.Series | None = None,
    groups: Mapping | None = None,
    total: bool = True,
    total_label: str = "Totaal",
    column_label: str = "Totaal",
    weights=None,
) -> pd.DataFrame:
    """Percentage of respondents selecting each option of a multiple-response question.

    ``options`` maps each indicator column name to its label (e.g. ``{"reden__1": "Tarief"}``);
    other columns of ``indicators`` are ignored. Indicators are 0/1 (anything else raises).
    The base is the respondents with at least one non-missing indicator (i.e. asked); within
    such a respondent a missing indicator counts as "not selected". Percentages need not sum
    to 100.
    """
    row_labels = _labels(options, "options of multi-response question")
    absent = [c for c in options if c not in indicators.columns]
    if absent:
        raise ValueError(f"indicator columns not in data: {absent}")
    col_labels, masks = _columns(indicators, by, groups, total, total_label, column_label)
    arrays = []
    for column in options:
        array = _to_float(indicators[column], str(column))
        bad = array[~np.isnan(array) & (array != 0) & (array != 1)]
        if len(bad):
            raise ValueError(f"{column}: indicator value {bad[0]!r} is not 0 or 1")
        arrays.append(array)
    matrix_ = np.column_stack(arrays)
    asked = ~np.isnan(matrix_).all(axis=1)
    counts, bases = _group_counts(np.nan_to_num(matrix_, nan=0.0), asked, masks,
                                  _weights(weights, len(indicators)))
    return _tidy(row_labels, col_labels, _percent(counts, bases), bases)


def matrix(frame: pd.DataFrame, items: Mapping, options: Mapping, *, weights=None) -> pd.DataFrame:
    """Matrix question: one row per item, one column per option, value = % of the item base.

    ``items`` maps column name -> item label; ``options`` maps code -> label. ``n`` is the
    item's base (respondents who answered that item) in every cell of its row.
    """
    row_labels = _labels(items, "matrix items")
    col_labels = _labels(options, "matrix options")
    values = np.empty((len(row_labels), len(col_labels)))
    bases = np.empty((len(row_labels), 1), dtype=np.int64)
    for i, column in enumerate(items):
        if column not in frame.columns:
            raise ValueError(f"matrix item column {column!r} not in data")
        positions = _positions(frame[column], options, str(column))
        counts, base = _position_counts(positions, len(col_labels), [np.ones(len(frame), bool)],
                                        _weights(weights, len(frame)))
        values[i] = _percent(counts, base)[:, 0]
        bases[i] = base[0]
    return _tidy(row_labels, col_labels, values, bases)


def scale_means(
    frame: pd.DataFrame,
    items: Mapping,
    *,
    column_label: str = "Gemiddelde",
    valid_range: tuple[float, float] | None = (1, 5),
    weights=None,
) -> pd.DataFrame:
    """Mean score per item (rows = items, one column); n = number of answers.

    Values outside ``valid_range`` (inclusive; ``None`` = no check) raise ValueError naming
    the item and the value. An item without answers gets NaN with n 0.
    """
    row_labels = _labels(items, "scale items")
    w = _weights(weights, len(frame))
    values = np.empty(len(row_labels))
    bases = np.empty(len(row_labels), dtype=np.int64)
    for i, column in enumerate(items):
        if column not in frame.columns:
            raise ValueError(f"scale item column {column!r} not in data")
        array = _to_float(frame[column], str(column))
        answered = array[~np.isnan(array)]
        if valid_range is not None:
            low, high = valid_range
            bad = answered[(answered < low) | (answered > high)]
            if len(bad):
                raise ValueError(
                    f"{column}: value {bad[0]!r} outside valid range [{low}, {high}]"
                )
        bases[i] = len(answered)
        if w is None:
            values[i] = answered.mean() if len(answered) else np.nan
        else:
            own = w[~np.isnan(array)]
            values[i] = float(np.average(answered, weights=own)) if own.sum() > 0 else np.nan
    return _tidy(row_labels, [column_label], values, bases[:, None])


def numeric_summary(values: pd.Series, *, row_label: str, weights=None) -> pd.DataFrame:
    """Count, mean, minimum and maximum of a numeric question in one row.

    Columns ``Aantal, Gemiddeld, Minimum, Maximum``; ``n`` is the count in every cell. Without
    answers: Aantal 0 and NaN elsewhere. With `weights` (one per respondent) the mean is weighted
    (the count, minimum and maximum are of the answers themselves).
    """
    array = _to_float(values, _name(values))
    w = _weights(weights, len(array))
    present = ~np.isnan(array)
    answered = array[present]
    count = len(answered)
    if count:  # weighted, answers that all weigh 0 have no mean (as scale_means; review h110: it fell back to unweighted)
        mean = answered.mean() if w is None else np.average(answered, weights=w[present]) if w[present].sum() > 0 \
            else np.nan
        cells = [float(count), mean, answered.min(), answered.max()]
    else:
        cells = [0.0, np.nan, np.nan, np.nan]
    return _tidy([row_label], ["Aantal", "Gemiddeld", "Minimum", "Maximum"], np.array(cells), count)


def _nps_positions(scores: pd.Series) -> np.ndarray:
    """NPS category position (0 critici, 1 neutralen, 2 fans) per respondent; -1 missing."""
    name = _name(scores)
    array = _to_float(scores, name)
    present = array[~np.isnan(array)]
    bad = present[(present != np.round(present)) | (present < 0) | (present > 10)]
    if len(bad):
        raise ValueError(f"{name}: NPS score {bad[0]!r} is not an integer from 0 to 10")
    positions = np.full(len(array), -1, dtype=np.int64)
    for i, (low, high) in enumerate(NPS_BANDS.values()):
        positions[(array >= low) & (array <= high)] = i
    return positions


def _nps_counts(scores, by, groups, total, total_label, column_label, weights=None):
    col_labels, masks = _columns(scores, by, groups, total, total_label, column_label)
    positions = _nps_positions(scores)
    counts, bases = _position_counts(positions, len(NPS_BANDS), masks, _weights(weights, len(scores)))
    return col_labels, counts, bases


def nps(
    scores: pd.Series,
    *,
    by: pd.Series | None = None,
    groups: Mapping | None = None,
    total: bool = True,
    total_label: str = "Totaal",
    column_label: str = "Totaal",
    weights=None,
) -> pd.DataFrame:
    """Net Promoter Score table: % Critici (0-6), Neutralen (7-8), Fans (9-10), then NPS.

    ``NPS = % fans - % critici`` (unrounded; compute it from unrounded shares, as here, not
    from printed percentages). n = base of each column. Scores must be integers 0-10.
    """
    col_labels, counts, bases = _nps_counts(scores, by, groups, total, total_label, column_label, weights)
    shares = _percent(counts, bases)
    values = np.vstack([shares, shares[2] - shares[0]])
    return _tidy([*NPS_BANDS, NPS_ROW], col_labels, values, bases)


def nps_counts(
    scores: pd.Series,
    *,
    by: pd.Series | None = None,
    groups: Mapping | None = None,
    total: bool = True,
    total_label: str = "Totaal",
    column_label: str = "Totaal",
) -> pd.DataFrame:
    """Counts of Critici, Neutralen and Fans plus ``Totaal (N)`` (= base) per column."""
    col_labels, counts, bases = _nps_counts(scores, by, groups, total, total_label, column_label)
    values = np.vstack([counts, bases])
    return _tidy([*NPS_BANDS, NPS_TOTAL_ROW], col_labels, values, bases)


def frequency_table(
    values: pd.Series,
    options: Mapping,
    *,
    count_label: str = "Aantal",
    percent_label: str = "Percentage",
) -> pd.DataFrame:
    """Count and percentage per option (two columns); n = number answered in every cell."""
    row_labels = _labels(options, f"options of {_name(values)}")
    positions = _positions(values, options)
    counts, bases = _position_counts(positions, len(row_labels), [np.ones(len(values), bool)])
    table = np.column_stack([counts[:, 0], _percent(counts, bases)[:, 0]])
    return _tidy(row_labels, [count_label, percent_label], table, bases[0])


def stack_columns(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Put single-column tables side by side, one column per key (e.g. per survey year).

    Each table keeps its own values and bases; its column is renamed to its key. The row
    order is the first table's row order, followed by rows that only later tables have (in
    their order). A row missing from a table is absent from the result (no value), while its
    category still exists.
    """
    if not tables:
        raise ValueError("stack_columns needs at least one table")
    keys = list(tables)
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate column keys {keys}")
    row_order: list[Hashable] = []
    parts = []
    for key, table in tables.items():
        missing = [c for c in TABLE_COLUMNS if c not in table.columns]
        if missing:
            raise ValueError(f"table {key!r} lacks columns {missing}")
        if table["column"].nunique() != 1:
            raise ValueError(
                f"table {key!r} has {table['column'].nunique()} columns; expected exactly 1"
            )
        rows = table["row"]
        if isinstance(rows.dtype, pd.CategoricalDtype):
            order = list(rows.cat.categories)
        else:
            order = list(pd.unique(rows))
        row_order.extend(r for r in order if r not in row_order)
        part = {
            "row": list(rows),
            "column": key,
            "value": table["value"].to_numpy(float),
            "n": table["n"].to_numpy(np.int64),
        }
        parts.append(pd.DataFrame(part))
    result = pd.concat(parts, ignore_index=True)
    result["row"] = pd.Categorical(result["row"], categories=row_order, ordered=True)
    result["column"] = pd.Categorical(result["column"], categories=keys, ordered=True)
    result = result.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    return result[TABLE_COLUMNS]


# --------------------------------------------------------------------------------------------
# Test of independence
# --------------------------------------------------------------------------------------------


def _chi2_statistics(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Pearson chi-square over the last two axes."""
    return (((observed - expected) ** 2) / expected).sum(axis=(-2, -1))


def table_respondents(observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row code, column code) of every respondent of a contingency table, cell by cell in
    row-major order: the canonical respondent order a permutation test starts from."""
    counts = np.asarray(observed).astype(np.int64)
    cells = np.repeat(np.arange(counts.size), counts.ravel())
    return cells // counts.shape[1], cells % counts.shape[1]


def _resample_counter(row_codes: np.ndarray, shape: tuple[int, int]):
    """A function from resampled column codes ``(resamples, n)`` (against the fixed `row_codes`) to
    their contingency tables ``(resamples, rows, columns)`` of int64 counts.

    Where the row codes come in runs (as :func:`table_respondents` gives them) and a row's count fits
    the fields, each column code is counted as a bit field of one 64-bit integer (column c at bits
    ``c * width``) and a row's run summed at once (``np.add.reduceat``): the counts of every column
    in one pass, about a tenth of the time of the general way, which numbers every (resample, cell)
    and counts them with ``np.bincount`` (used otherwise). The same counts either way (a test compares
    them), so the same statistics and p-values."""
    n_rows, n_cols = shape
    n = len(row_codes)
    runs = np.flatnonzero(np.r_[True, row_codes[1:] != row_codes[:-1]]) if n else np.zeros(0, dtype=np.intp)
    longest = int(np.diff(np.r_[runs, n]).max(initial=0))
    width = next((w for w in (8, 16, 32) if longest < 2 ** w and n_cols * w <= 64), None)
    if n and width is not None and len(np.unique(row_codes[runs])) == len(runs):
        fields = np.left_shift(np.uint64(1), np.arange(n_cols, dtype=np.uint64) * np.uint64(width))
        mask, rows = np.uint64(2 ** width - 1), row_codes[runs]

        def packed(shuffled: np.ndarray) -> np.ndarray:
            sums = np.add.reduceat(fields[shuffled], runs, axis=1)
            tables = np.zeros((len(shuffled), n_rows, n_cols), dtype=np.int64)
            for column in range(n_cols):
                tables[:, rows, column] = (sums >> np.uint64(column * width)) & mask
            return tables
        return packed
    cells = n_rows * n_cols
    base = row_codes * n_cols

    def general(shuffled: np.ndarray) -> np.ndarray:
        size = len(shuffled)
        flat = base + shuffled + (np.arange(size) * cells)[:, None]
        return np.bincount(flat.ravel(), minlength=size * cells).reshape(size, n_rows, n_cols)
    return general


def _permutation_p_value(
    row_codes: np.ndarray,
    col_codes: np.ndarray,
    shape: tuple[int, int],
    expected: np.ndarray,
    observed_statistic: float,
    *,
    seed: int,
    n_resamples: int,
) -> float:
    """Monte-Carlo p-value of the chi-square statistic with both margins fixed.

    Shuffles the group labels against the answers ``n_resamples`` times (in chunks to bound
    memory) and returns ``(k + 1) / (n_resamples + 1)``, where k counts resampled statistics
    at least as large as the observed one (up to floating-point noise).
    """
    rng = np.random.default_rng(seed)
    n = len(row_codes)
    tolerance = 1e-9 * max(1.0, abs(observed_statistic))
    chunk = max(1, min(n_resamples, 2_000_000 // max(n, 1)))
    count = _resample_counter(row_codes, shape)
    exceed = 0
    done = 0
    while done < n_resamples:
        size = min(chunk, n_resamples - done)
        shuffled = rng.permuted(np.broadcast_to(col_codes, (size, n)), axis=1)
        statistics = _chi2_statistics(count(shuffled), expected)
        exceed += int((statistics >= observed_statistic - tolerance).sum())
        done += size
    return (exceed + 1) / (n_resamples + 1)


def independence_test(
    values: pd.Series,
    by: pd.Series,
    *,
    seed: int = 2026,
    n_resamples: int = 20000,
    permutation: bool | None = None,
) -> dict[str, Any]:
    """Chi-square test of independence between ``by`` (group) and ``values`` (answer).

    Uses the crosstab of respondents with both present; empty rows/columns are dropped.
    Returns ``test`` ("chi2"), ``statistic``, ``dof``, ``p_value`` (Pearson, no continuity
    correction), ``min_expected``, ``share_expected_below_5``, ``n`` and
    ``p_value_permutation``. The latter is a Monte-Carlo permutation p-value of the same
    statistic with both margins fixed, seeded and computed from the contingency table alone (the
    same table in any row order gives the same p, byte for byte), computed when any expected count is below 5
    (``permutation=None``), always (``True``) or never (``False``); NaN when not computed.
    The caller decides which p-value to use. With fewer than two answers or groups left the
    test is undefined: statistic and p-values are NaN, dof 0, and ``untestable`` says why ("no
    answers", "one answer": everyone gave the same, "one group"; "" when tested).
    """
    _check_aligned(values, by)
    both = (values.notna() & by.notna()).to_numpy()
    row_codes, _ = pd.factorize(values[both], sort=True)
    col_codes, _ = pd.factorize(by[both], sort=True)
    observed = np.zeros((row_codes.max(initial=-1) + 1, col_codes.max(initial=-1) + 1))
    np.add.at(observed, (row_codes, col_codes), 1)
    keep_rows, keep_cols = observed.sum(axis=1) > 0, observed.sum(axis=0) > 0
    observed = observed[keep_rows][:, keep_cols]
    n = int(observed.sum())
    result: dict[str, Any] = {
        "test": "chi2",
        "statistic": math.nan,
        "dof": 0,
        "p_value": math.nan,
        "min_expected": math.nan,
        "share_expected_below_5": math.nan,
        "n": n,
        "p_value_permutation": math.nan,
        "untestable": "",
    }
    if observed.shape[0] < 2 or observed.shape[1] < 2:
        result["untestable"] = ("no answers" if n == 0 else "one answer" if observed.shape[0] < 2
                                else "one group")
        return result
    from scipy import stats  # scipy/statsmodels imported here: reading a cached result needs neither (~0.8 s)

    statistic, p_value, dof, expected = stats.chi2_contingency(observed, correction=False)
    result.update(
        statistic=float(statistic),
        dof=int(dof),
        p_value=float(p_value),
        min_expected=float(expected.min()),
        share_expected_below_5=float((expected < 5).mean()),
    )
    if permutation or (permutation is None and expected.min() < 5):
        # The respondents rebuilt from the table in a canonical order (cell by cell), so the
        # p-value depends on the table only, never on the order of the rows in the export.
        row_codes, col_codes = table_respondents(observed)
        result["p_value_permutation"] = _permutation_p_value(
            row_codes,
            col_codes,
            observed.shape,
            expected,
            float(_chi2_statistics(observed, expected)),
            seed=seed,
            n_resamples=n_resamples,
        )
    return result


# --------------------------------------------------------------------------------------------
# Rounding and formatting
# --------------------------------------------------------------------------------------------


def round_half_up(x, decimals: int = 0):
    """Round halves away from zero (0.5 -> 1, 2.5 -> 3, -2.5 -> -3), as a report reader expects.

    Values within ``HALF_TOLERANCE`` (1e-9, in units of the last kept digit) of a half count
    as a half, so ``96.65`` (stored as 96.6499999...) rounds to 96.7 with one decimal, while
    96.6499 rounds to 96.6. Works on scalars (returns float), numpy arrays and Series
    (returns the same kind, index kept); NaN/None/pd.NA stay NaN. Never returns -0.0.
    """
    if isinstance(x, pd.Series):
        array = x.to_numpy(dtype=float, na_value=np.nan)
        return pd.Series(_round_array(array, decimals), index=x.index, name=x.name)
    if np.ndim(x) == 0:
        if x is None or x is pd.NA:
            return math.nan
        return float(_round_array(np.array([float(x)]), decimals)[0])
    array = pd.array(np.asarray(x, dtype=object).ravel()).to_numpy(dtype=float, na_value=np.nan)
    return _round_array(array, decimals).reshape(np.shape(x))


def _round_array(array: np.ndarray, decimals: int) -> np.ndarray:
    factor = 10.0**decimals
    scaled = np.abs(array) * factor
    whole = np.floor(scaled)
    rounded = whole + ((scaled - whole) >= 0.5 - HALF_TOLERANCE)
    return np.sign(array) * rounded / factor + 0.0


def _is_missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float | np.floating) and np.isnan(x))


def format_percent(x, decimals: int = 0) -> str:
    """``35.4 -> "35%"``; decimal comma with ``decimals``; "" for missing."""
    if _is_missing(x):
        return ""
    return f"{_format_number(x, decimals)}%"


def format_p(p: float, label: str = "p", alpha: float = 0.05) -> str:
    """'p = 0,032', 'p < 0,001'; a p-value just below α that three decimals would round up to α
    gets four ('p = 0,0498', not 'p = 0,050' beside 'p < 0,05'). With α at or below 0,001 (config allows
    0,0001) the floor is a tenth of α's first digit's place and a p below 0,001 gets two significant
    digits: 'p = 0,00050' beside α = 0,0001, not 'p < 0,001', which would not say on which side of α it is."""
    floor = 0.001 if alpha > 0.001 else 10.0 ** (math.floor(math.log10(alpha)) - 1)
    if p < floor:
        places = -math.floor(math.log10(floor) + 1e-9)
        return f"{label} < {_format_number(floor, places)}"
    decimals = 3 if p >= 0.001 else 1 - math.floor(math.log10(p))
    shown = format_mean(p, decimals)
    if p < alpha <= float(shown.replace(",", ".")):
        scale = 10 ** (decimals + 1)  # (the small addition: 0.0498 * 10_000 is 497.99999999999994)
        shown = format_mean(math.floor(p * scale + 1e-9) / scale, decimals + 1)
    return f"{label} = {shown}"


def format_alpha(alpha: float) -> str:
    """A significance level as printed: '0,05', '0,01', '0,005', '0,10' (at least two decimals, as many as
    it has: two decimals printed α = 0,005 as "0,01"; 0,00015 is not 0,0002; 1e-11 is not "0,00"). The
    decimals are those of the shortest text that reads back as ``alpha``: the value as config/report.yml
    writes it."""
    text = format(Decimal(repr(float(alpha))), "f")
    decimals = max(2, len(text.split(".", 1)[1]) if "." in text else 0)
    return _format_number(alpha, decimals)


def format_mean(x, decimals: int = 2) -> str:
    """``4.049999 -> "4,05"`` (round half up, decimal comma); "" for missing."""
    if _is_missing(x):
        return ""
    return _format_number(x, decimals)


def format_nps(x) -> str:
    """NPS with explicit sign: ``"+7"``, ``"-3"``, ``"0"``; "" for missing."""
    if _is_missing(x):
        return ""
    text = _format_number(x, 0)
    return f"+{text}" if round_half_up(x) > 0 else text


def format_n(n) -> str:
    """Base as printed: ``"n=122"``, ``"n=1.250"``; "" for missing."""
    if _is_missing(n):
        return ""
    return f"n={_format_number(n, 0)}"


def _format_number(x, decimals: int) -> str:
    """The one way a figure is printed for a reader: rounded half away from zero, a decimal comma and a
    point between thousands ("1.000", "12.345,6"; review h161: counts of 1000 or more printed "1000"), never
    "-0". A figure that is not finite has no printed form: ValueError (compute refuses such a table first,
    :class:`~wlzmonitor.compute.report_tables.NonFiniteFigureError`; before, a cell printed "inf")."""
    value = round_half_up(x, decimals)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} has no printed form: a reader's figure must be finite")
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def printed_number(text: str) -> float:
    """The value of a figure as :func:`format_percent` / :func:`format_mean` print it ("1.000,5%" -> 1000.5),
    for a check that compares what a reader sees."""
    return float(text.strip().rstrip("%").replace(".", "").replace(",", "."))
