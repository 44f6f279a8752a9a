"""The small-group rule: breakdown results of groups too small to be shown on their own.

Respondents are identifiable organisations. In a breakdown table (omzetgroep, Wlz-uitvoerder)
a group of two or three organisations is close to a single, recognisable member: a percentage
of such a group is in effect that member's answer. The rule, configured in
``config/privacy.yml``:

- ``small_group_threshold`` (default 5): a breakdown *cell* whose base n is at least 1 and
  below the threshold belongs to a small group. The total column is not a group and is never
  affected by the threshold (only by complementary suppression, below); neither are tables without
  groups (trend tables, numeric summaries).
- ``small_group_action``: ``suppress`` (default) replaces the value of such a cell by a missing
  value — every output (HTML, chart, CSV, workbook) then shows "–" for it, while the base n
  stays visible; ``mark`` keeps the value. Either way the column is marked in the HTML table
  and the chart and a note under the table says why.
- **Complementary suppression** (``suppress``): where a table prints the total beside its groups,
  one hidden group cell could be worked out from the total and the other groups (their counts are
  percentage × n, and n stays visible). So in a row with exactly one hidden group cell, the group
  cell with the next smallest base is hidden too: the total then gives only the two together. The
  same where several small groups are hidden but together still have fewer respondents than the
  threshold (1 + 2 organisations: the total gives the three together).
  Where no other group has respondents (a routed question only one small group answered), the
  total *is* the small group's figure and is hidden instead.
- The test of such a breakdown leaves the hidden groups out (its p-value over all groups would give their
  figures away: :func:`wlzmonitor.compute.significance.without_hidden_groups`, review h110).

Applied once, in :func:`wlzmonitor.compute.year_result.load_year_result`, so every output reads the same
disclosed tables. The open-answer side of the rule (explanations are never shown for an
answer category with fewer organisations than the threshold) lives in
:mod:`wlzmonitor.inputs.privacy` (``explanations_min_group`` may not be below the threshold).

    tables, small = apply_small_group_rule(layout, computed, threshold=5, action="suppress")
    small["b27_..."]  ->  [5]           # column codes of the groups below the threshold
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from wlzmonitor.spec.layout import ReportLayout, TableSpec

__all__ = ["ACTIONS", "TOTAL_COLUMN", "apply_small_group_rule", "complementary_cells", "has_groups",
           "small_group_cells", "withhold_in_reproduction"]

ACTIONS = ("suppress", "mark")
TOTAL_COLUMN = "Totaal"


def has_groups(spec: TableSpec) -> bool:
    """Whether the table's columns are groups of respondents (a breakdown)."""
    return bool(spec.is_breakdown or spec.kind == "nps_by")


def small_group_cells(spec: TableSpec, table: pd.DataFrame, threshold: int) -> np.ndarray:
    """Boolean mask over the rows of the tidy `table`: cells of a group below `threshold`."""
    if not has_groups(spec) or table.empty or threshold <= 1:
        return np.zeros(len(table), dtype=bool)
    n = pd.to_numeric(table["n"], errors="coerce").to_numpy(dtype=float)
    group = table["column_code"].astype(str).to_numpy() != TOTAL_COLUMN
    with np.errstate(invalid="ignore"):
        return group & (n >= 1) & (n < threshold)


def complementary_cells(table: pd.DataFrame, hidden: np.ndarray, *, threshold: int) -> np.ndarray:
    """The cells to hide besides `hidden` so that no hidden cell follows from the total: in each row
    (option, item, NPS row) of a table that prints the total, where the hidden group cells are one cell,
    or several whose bases together are still below `threshold` (the total minus the shown groups gives
    them together: two groups of 1 and 2 organisations are a group of 3), the shown group cell with the
    smallest base (then the lowest column code; a shown group has at least `threshold` respondents, so
    the hidden ones then reach it together); where no other group has respondents, the total itself (it
    is the small groups' figure)."""
    extra = np.zeros(len(table), dtype=bool)
    columns = table["column_code"].astype(str).to_numpy()
    if TOTAL_COLUMN not in set(columns):
        return extra
    n = pd.to_numeric(table["n"], errors="coerce").to_numpy(dtype=float)
    rows = table["row_code"].astype(str).to_numpy()
    for row in pd.unique(rows):
        groups = [i for i in np.flatnonzero(rows == row) if columns[i] != TOTAL_COLUMN]
        cells = [i for i in groups if hidden[i]]
        together = sum(n[i] for i in cells if np.isfinite(n[i]))
        if not cells or (len(cells) > 1 and together >= threshold):
            continue
        shown = [i for i in groups if not hidden[i] and np.isfinite(n[i]) and n[i] >= 1]
        if shown:
            extra[min(shown, key=lambda i: (n[i], columns[i]))] = True
        else:  # no other group answered: the total is the small group's figure (review of the statistics)
            extra[[i for i in np.flatnonzero(rows == row) if columns[i] == TOTAL_COLUMN]] = True
    return extra


def apply_small_group_rule(layout: ReportLayout, tables: Mapping[str, pd.DataFrame], *, threshold: int,
                           action: str = "suppress") -> tuple[dict[str, pd.DataFrame], dict[str, list]]:
    """The tables with the rule applied, and per table the column codes of small groups.

    Tables without small groups are returned as they are (the same objects).
    """
    if action not in ACTIONS:
        raise ValueError(f"small_group_action must be one of {', '.join(ACTIONS)}, got {action!r}")
    out: dict[str, pd.DataFrame] = {}
    small: dict[str, list] = {}
    for spec in layout.tables:
        if spec.key not in tables:
            continue
        table = tables[spec.key]
        mask = small_group_cells(spec, table, threshold)
        if not mask.any():
            out[spec.key] = table
            continue
        small[spec.key] = list(dict.fromkeys(table.loc[mask, "column_code"]))
        if action == "suppress":  # the value and its interval (an interval would disclose the value)
            hidden = mask | complementary_cells(table, mask, threshold=threshold)
            table = table.copy()
            table.loc[hidden, [c for c in ("value", "ci_low", "ci_high") if c in table.columns]] = np.nan
        out[spec.key] = table
    for key, table in tables.items():  # tables the layout does not list: untouched
        out.setdefault(key, table)
    return out, small




def withhold_in_reproduction(reproduction: pd.DataFrame, computed: Mapping[str, pd.DataFrame],
                             disclosed: Mapping[str, pd.DataFrame], *, weighted: bool,
                             threshold: int) -> pd.DataFrame:
    """The reproduction (published beside computed) without the computed figure of a cell the rule hid,
    unless that figure is the published one: unweighted and equal after rounding (public already).

    Review of the statistics: a weighted run printed the weighted figure of a suppressed small group (and
    of the cell hidden with it) in reproduction.csv and on Bijlage 5, a figure published nowhere."""
    if reproduction is None or reproduction.empty:
        return reproduction
    hidden: set = set()
    for key, after in disclosed.items():
        before = computed.get(key)
        if before is None or after is before or "value" not in after.columns:
            continue
        gone = before["value"].notna().to_numpy() & after["value"].isna().to_numpy()
        hidden.update((key, str(r), str(c)) for r, c in zip(after.loc[gone, "row_code"], after.loc[gone, "column_code"]))
    if not hidden:
        return reproduction
    cells = [(k, str(r), str(c)) in hidden for k, r, c in
             zip(reproduction["table_key"], reproduction["row_code"], reproduction["column_code"])]
    withheld = np.asarray(cells, dtype=bool) & (weighted | ~reproduction["equal"].to_numpy(dtype=bool))
    if not withheld.any():
        return reproduction
    out = reproduction.copy()
    out.loc[withheld, [c for c in ("computed", "rounded", "deviation") if c in out.columns]] = np.nan
    out.loc[withheld, ["equal", "within_tolerance"]] = False
    for column in ("explanation", "toelichting"):
        if column in out.columns:
            out.loc[withheld, column] = (f"Berekend cijfer niet getoond: groep kleiner dan {threshold}, of een cel "
                                         "waaruit die kleine groep via het totaal zou volgen.")
    return out
