"""Year-on-year change: is a share's change from the previous survey year beyond chance?

Each wave is a sample of the ~360 ActiZ members, and a large one (122 of 360 in 2026), so the
sampling variance of a share is smaller than the infinite-population formula says. The test is a
two-sided z-test for the difference of two independent proportions with the finite-population
correction applied to each year's variance:

    var_t = p_t (1 - p_t) / n_t * (N_t - n_t) / (N_t - 1)
    z = (p_now - p_prev) / sqrt(var_now + var_prev)

with N_t the number of members approached that year (Tabel B1) and n_t the base of the share. The
two waves are treated as independent samples; organisations answering in both years make the
test conservative. Earlier years' shares are the published, rounded percentages. Tables whose
question or answer categories changed between the years (the layout's `note`) are not tested.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import norm

from wlzmonitor.spec.layout import TableSpec

TEST_NAME = "z-toets voor twee proporties met eindige-populatiecorrectie"
KINDS = {"single", "multi", "matrix_share"}


def fpc_variance(p: float, n: float, population: float | None) -> float:
    """Variance of a sample share p (0-1) with base n, finite-population corrected."""
    var = p * (1.0 - p) / n
    if population and population > 1 and n <= population:
        var *= (population - n) / (population - 1)
    return var


def change_test(p_now: float, n_now: float, p_prev: float, n_prev: float, *,
                population_now: float | None, population_prev: float | None) -> tuple[float, float]:
    """(z, two-sided p) for the change of a share (0-1) between two waves; NaN when untestable."""
    if any(not np.isfinite(x) for x in (p_now, n_now, p_prev, n_prev)) or n_now <= 0 or n_prev <= 0:
        return math.nan, math.nan
    var = fpc_variance(p_now, n_now, population_now) + fpc_variance(p_prev, n_prev, population_prev)
    if var <= 0:
        return math.nan, math.nan  # both shares 0% or 100%, or a census: no sampling variance
    z = (p_now - p_prev) / math.sqrt(var)
    return z, float(2 * norm.sf(abs(z)))


def population_by_year(tables: dict[str, pd.DataFrame], fallback: float | None) -> dict:
    """Members approached per survey year, from the response table (Tabel B1) where it has them."""
    out: dict = {}
    respons = tables.get("respons")
    if respons is not None:
        rows = respons[respons["row_code"].astype(str).str.contains("benaderde")]
        out = {int(c): float(v) for c, v in zip(rows["column_code"], rows["value"]) if pd.notna(v)}
    return {"fallback": fallback, **out}


def testable(spec: TableSpec, year: int) -> bool:
    """A trend table of shares with a previous year, whose question did not change (no `note`)."""
    return (spec.kind in KINDS and not spec.is_breakdown and year in spec.columns
            and list(spec.columns).index(year) > 0 and not spec.note)


def year_on_year(spec: TableSpec, table: pd.DataFrame, year: int, populations: dict, *,
                 alpha: float) -> pd.DataFrame:
    """Every row of a trend table: the survey year against the column before it."""
    columns = ["table_key", "row", "row_code", "previous", "current", "p_previous", "p_current",
               "n_previous", "n_current", "z", "p_value", "significant", "test"]
    if not testable(spec, year):
        return pd.DataFrame(columns=columns)
    position = list(spec.columns).index(year)
    previous = spec.columns[position - 1]
    rows = []
    for code in dict.fromkeys(table["row_code"]):
        own = table[table["row_code"] == code]
        now = own[own["column_code"] == year]
        before = own[own["column_code"] == previous]
        if now.empty or before.empty:
            continue
        p_now, n_now = float(now["value"].iloc[0]) / 100, float(now["n"].iloc[0])
        p_prev, n_prev = float(before["value"].iloc[0]) / 100, float(before["n"].iloc[0])
        z, p = change_test(p_now, n_now, p_prev, n_prev,
                           population_now=populations.get(year, populations.get("fallback")),
                           population_prev=populations.get(previous, populations.get("fallback")))
        rows.append({"table_key": spec.key, "row": str(now["row"].iloc[0]), "row_code": code,
                     "previous": spec.column_label(previous), "current": spec.column_label(year),
                     "p_previous": 100 * p_prev, "p_current": 100 * p_now, "n_previous": n_prev, "n_current": n_now,
                     "z": z, "p_value": p, "significant": bool(np.isfinite(p) and p < alpha), "test": TEST_NAME})
    return pd.DataFrame(rows, columns=columns)


def all_changes(layout, tables: dict[str, pd.DataFrame], year: int, population: float | None, *,
                alpha: float) -> pd.DataFrame:
    populations = population_by_year(tables, population)
    parts = [year_on_year(spec, tables[spec.key], year, populations, alpha=alpha) for spec in layout.tables]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
