"""Year-on-year change: is a share's change from the previous survey year beyond chance?

Every row of a trend table of shares (single choice, multiple response, matrix share) is tested:
the survey year against the column before it, as two independent binomial samples.

* The test (``significance: change_test``) is the **score test** for the difference of two
  proportions (Miettinen-Nurminen; for a zero difference it is the pooled z-test with the factor
  n/(n-1), statsmodels ``test_proportions_2indep(method="score")``), or **Fisher's exact test**
  (scipy). Both are valid for small counts and zero cells, unlike the unpooled Wald z-test, which
  has no variance at 0% and calls 0/112 -> 4/122 significant (p = 0,0125; score 0,054, Fisher 0,123).
* The **finite-population correction** (``significance: finite_population_correction``, off by
  default) multiplies each year's variance under the null by (N - n) / (N - 1), N = members
  approached. It is earned only by a random sample of the members; the respondents select
  themselves (122 of 360), so by default it is not applied (docs/statistics.md).
* The **multiple-testing correction** (``significance: multiple_testing``, default Holm) controls
  the error rate over all year-on-year tests of the report (statsmodels ``multipletests``).
  A row significant before but not after the correction is *indicative* (``indicative``).

The counts are the share times its base: exact where the earlier year is computed from its own
respondent data, reconstructed (rounded to a whole respondent) where the earlier year is a
published, rounded percentage with its caption base. A row is not tested when the question asked in
the previous year differs from the survey year's (the codebook's ``changes`` for that year, see
``spec.layout.resolve_layout``): a change in an older year of the table (its note) does not stop
the test of the two latest years.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from wlzmonitor.compute.intervals import N_EFFECTIVE
from wlzmonitor.compute.tables import round_half_up
from wlzmonitor.spec.config import StatisticsSettings
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.layout import TableSpec

TEST_NAMES = {"score": "scoretoets voor het verschil tussen twee proporties",
              "fisher": "exacte toets van Fisher"}
TEST_NAME = TEST_NAMES["score"]
CORRECTION_NAMES = {"holm": "Holm-correctie", "fdr_bh": "Benjamini-Hochberg-correctie", "none": "geen correctie"}
KINDS = {"single", "multi", "matrix_share"}
COLUMNS = ["table_key", "row", "row_code", "previous", "current", "p_previous", "p_current",
           "n_previous", "n_current", "x_previous", "x_current", "source_previous", "statistic", "p_value",
           "p_adjusted", "significant", "indicative", "test", "correction", "tests_in_family", "hypothesis"]
#: a weighted report's bases of the test (Kish's effective base of each year; `x_…` are counts of these, while
#: `n_…` stay the respondents: review h159 found x / n of the CSV was no share and its p not reproducible)
EFFECTIVE_COLUMNS = ["n_effective_previous", "n_effective_current"]


def fpc_factor(n: float, population: float | None) -> float:
    """(N - n) / (N - 1): the share of a finite population's variance a sample of n leaves."""
    if population and population > 1 and n <= population:
        return (population - n) / (population - 1)
    return 1.0


def fpc_variance(p: float, n: float, population: float | None) -> float:
    """Variance of a sample share p (0-1) with base n, finite-population corrected."""
    return p * (1.0 - p) / n * fpc_factor(n, population)


def score_test(x_now: float, n_now: float, x_prev: float, n_prev: float, *, fpc_now: float = 1.0,
               fpc_prev: float = 1.0) -> tuple[float, float]:
    """(z, two-sided p) of the score test of equal proportions (NaN when both shares are 0 or 1).

    Without finite-population factors this is statsmodels' Miettinen-Nurminen score test for a
    zero difference; with them each year's variance under the null is multiplied by its factor.
    Effective (weighted) counts need not be whole numbers: then the same formula is evaluated here.
    """
    from scipy.stats import norm
    from statsmodels.stats.proportion import test_proportions_2indep  # scipy/statsmodels imported here: reading a cached result needs neither (~0.8 s)

    whole = all(float(v).is_integer() for v in (x_now, n_now, x_prev, n_prev))
    if fpc_now == 1.0 and fpc_prev == 1.0 and whole:
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            result = test_proportions_2indep(x_now, n_now, x_prev, n_prev, method="score", compare="diff")
        z, p = float(result.statistic), float(result.pvalue)
        return (z, p) if np.isfinite(p) else (math.nan, math.nan)
    pooled = (x_now + x_prev) / (n_now + n_prev)
    if pooled < 1e-9 or pooled > 1 - 1e-9:  # 0% or 100% in both years (weighted shares: 99.99999999999999)
        return math.nan, math.nan
    total = n_now + n_prev
    var = pooled * (1 - pooled) * (fpc_now / n_now + fpc_prev / n_prev) * total / (total - 1)
    if var <= 0:
        return math.nan, math.nan
    z = (x_now / n_now - x_prev / n_prev) / math.sqrt(var)
    return z, float(2 * norm.sf(abs(z)))


def change_test(x_now: int, n_now: int, x_prev: int, n_prev: int, *, method: str = "score",
                population_now: float | None = None, population_prev: float | None = None) -> tuple[float, float]:
    """(statistic, two-sided p) for the change of a count x of n between two waves; NaN when untestable.

    `method` "score" or "fisher"; populations (members approached) only for the score test's
    finite-population correction (None: no correction). Fisher's statistic is the odds ratio.
    """
    if n_now <= 0 or n_prev <= 0 or any(not np.isfinite(v) for v in (x_now, n_now, x_prev, n_prev)):
        return math.nan, math.nan
    # a count below 0 or above its base is no share of it (h119: Fisher raised scipy's bare ValueError, the score
    # test gave a p-value); 100% of an effective base may be a hair above it in floating point
    if min(x_now, x_prev) < -1e-9 or x_now > n_now * (1 + 1e-9) or x_prev > n_prev * (1 + 1e-9):
        return math.nan, math.nan
    x_now, x_prev = min(max(x_now, 0.0), n_now), min(max(x_prev, 0.0), n_prev)
    if method == "fisher":
        if x_now + x_prev <= 1e-9 or x_now + x_prev >= n_now + n_prev - 1e-9:  # 0% or 100% in both years: no spread
            return math.nan, math.nan
        # Fisher's test is of whole respondents (scipy): weighted (effective) counts are rounded half up, each on its
        # own. Where that leaves a zero row or column while the shares do differ from 0%/100% (0,3% of an effective
        # 90), scipy's p is 1 (nothing left to vary); it was "not tested" with the reason "no sampling error" (h117)
        x_now, n_now, x_prev, n_prev = (int(round_half_up(v)) for v in (x_now, n_now, x_prev, n_prev))
        if n_now < 1 or n_prev < 1:  # an effective base below half a respondent: no one to test (scipy: p = 1; h119)
            return math.nan, math.nan
        from scipy.stats import fisher_exact  # see score_test()

        with np.errstate(divide="ignore", invalid="ignore"):  # the odds ratio of a table with a zero margin: NaN
            statistic, p = fisher_exact([[x_now, n_now - x_now], [x_prev, n_prev - x_prev]])
        return float(statistic), float(p)
    return score_test(x_now, n_now, x_prev, n_prev, fpc_now=fpc_factor(n_now, population_now),
                      fpc_prev=fpc_factor(n_prev, population_prev))


def adjust(p_values: pd.Series, method: str) -> np.ndarray:
    """p-values adjusted over the whole family (NaN stays NaN and is not counted)."""
    p = p_values.to_numpy(dtype=float)
    out = np.full(len(p), np.nan)
    finite = np.isfinite(p)
    if method == "none" or not finite.any():
        out[finite] = p[finite]
        return out
    from statsmodels.stats.multitest import multipletests  # see score_test()

    out[finite] = multipletests(p[finite], method=method)[1]
    return out


def population_by_year(tables: dict[str, pd.DataFrame], fallback: float | None) -> dict:
    """Members approached per survey year, from the response table (Tabel B1) where it has them."""
    out: dict = {}
    respons = tables.get("respons")
    if respons is not None:
        rows = respons[respons["row_code"].astype(str).str.contains("benaderde")]
        out = {int(c): float(v) for c, v in zip(rows["column_code"], rows["value"]) if pd.notna(v)}
    return {"fallback": fallback, **out}


def previous_column(spec: TableSpec, year: int):
    """The column before the survey year's in a trend table (None: it has none)."""
    if year not in spec.columns or list(spec.columns).index(year) == 0:
        return None
    return spec.columns[list(spec.columns).index(year) - 1]


def testable(spec: TableSpec, year: int) -> bool:
    """A trend table of shares with a previous year, whose question did not change since that year
    (the codebook's `changes` of the resolved layout; an unresolved layout: no `note`)."""
    previous = previous_column(spec, year)
    if spec.kind not in KINDS or spec.is_breakdown or previous is None:
        return False
    if spec.changes is None:
        return not spec.note
    return spec.changed(previous) is None


def _count(share: float, n: float, deff: float = 1.0, n_effective: float = math.nan) -> tuple[float, float]:
    """(count, base) behind a share (percent) of base n: whole respondents; with weights the
    effective base (the row's own, `n_effective`, where known; else n / deff) and the weighted share
    of it (Kish)."""
    if not (np.isfinite(share) and np.isfinite(n)) or n <= 0:
        return math.nan, math.nan
    if n_effective == 0:  # its respondents all weigh 0 (Kish, h117): no one counts, nothing to test (h119; it fell
        return 0.0, 0.0  # back to n / deff of the whole year, as if they counted); change_test: no base, NaN
    if np.isfinite(n_effective) and n_effective > 0:
        return share * n_effective / 100.0, n_effective
    if deff != 1.0:
        return share * (n / deff) / 100.0, n / deff
    return float(round_half_up(share * n / 100.0)), n


def _effective(row: pd.DataFrame) -> float:
    """The row's own effective base (`intervals.N_EFFECTIVE`, a weighted table's), NaN where it has none."""
    return float(row[N_EFFECTIVE].iloc[0]) if N_EFFECTIVE in row.columns else math.nan


def year_on_year(spec: TableSpec, table: pd.DataFrame, year: int, populations: dict, *,
                 settings: StatisticsSettings, data_years: frozenset = frozenset(),
                 design_effects: dict | None = None) -> pd.DataFrame:
    """Every row of a trend table, the survey year against the column before it (unadjusted p).

    `data_years`: earlier years computed from their own respondent data (else published figures);
    `design_effects`: per year with weights, the Kish design effect (bases become effective bases).
    """
    design_effects = design_effects or {}
    if not testable(spec, year):
        return pd.DataFrame(columns=COLUMNS + EFFECTIVE_COLUMNS)
    previous = spec.columns[list(spec.columns).index(year) - 1]
    fpc = settings.finite_population_correction
    rows = []
    for code in dict.fromkeys(table["row_code"]):
        own = table[table["row_code"] == code]
        now, before = own[own["column_code"] == year], own[own["column_code"] == previous]
        if now.empty:
            continue
        if before.empty:  # a row the year before did not have (a new option): listed as not tested, never
            # covered by "geen significante verandering" (review of the statistics)
            rows.append({"table_key": spec.key, "row": str(now["row"].iloc[0]), "row_code": code,
                         "previous": spec.column_label(previous), "current": spec.column_label(year),
                         "p_previous": np.nan, "p_current": float(now["value"].iloc[0]), "n_previous": np.nan,
                         "n_current": float(now["n"].iloc[0]), "x_previous": np.nan, "x_current": np.nan,
                         "n_effective_previous": np.nan, "n_effective_current": np.nan,
                         "source_previous": "data" if previous in data_years else "gepubliceerd",
                         "statistic": np.nan, "p_value": np.nan, "test": TEST_NAMES[settings.change_test]})
            continue
        p_now, n_now = float(now["value"].iloc[0]), float(now["n"].iloc[0])
        p_prev, n_prev = float(before["value"].iloc[0]), float(before["n"].iloc[0])
        x_now, m_now = _count(p_now, n_now, design_effects.get(year, 1.0), _effective(now))
        x_prev, m_prev = _count(p_prev, n_prev, design_effects.get(previous, 1.0), _effective(before))
        pop_now = populations.get(year, populations.get("fallback")) if fpc else None
        pop_prev = populations.get(previous, populations.get("fallback")) if fpc else None
        for label, base, members in ((year, n_now, pop_now), (previous, n_prev, pop_prev)):
            if members and np.isfinite(base) and base > members:  # the correction was silently 1 (review)
                raise InputError(f"finite_population_correction: {spec.number} ({spec.key}): {int(base)} organisations "
                                 f"answered in {label}, more than the {int(members)} members approached (the response "
                                 "table's 'benaderde' row, or the codebook's population): correct the number of members, "
                                 "or set finite_population_correction: false in config/report.yml")
        statistic, p = change_test(x_now, m_now, x_prev, m_prev, method=settings.change_test,
                                   population_now=pop_now, population_prev=pop_prev)
        rows.append({"table_key": spec.key, "row": str(now["row"].iloc[0]), "row_code": code,
                     "previous": spec.column_label(previous), "current": spec.column_label(year),
                     "p_previous": p_prev, "p_current": p_now, "n_previous": n_prev, "n_current": n_now,
                     "x_previous": x_prev, "x_current": x_now,
                     "n_effective_previous": m_prev, "n_effective_current": m_now,
                     "source_previous": "data" if previous in data_years else "gepubliceerd",
                     "statistic": statistic, "p_value": p, "test": TEST_NAMES[settings.change_test]})
    return pd.DataFrame(rows, columns=COLUMNS + EFFECTIVE_COLUMNS)


def all_changes(layout, tables: dict[str, pd.DataFrame], year: int, population: float | None, *,
                alpha: float, settings: StatisticsSettings | None = None,
                data_years=(), design_effects: dict | None = None) -> pd.DataFrame:
    """The year-on-year tests of the whole report, corrected for multiple testing as one family.

    `significant`: adjusted p below alpha; `indicative`: unadjusted p below alpha, adjusted not. Weighted (with
    `design_effects`), also the effective bases the tests used (:data:`EFFECTIVE_COLUMNS`).
    """
    settings = settings or StatisticsSettings()
    columns = COLUMNS + (EFFECTIVE_COLUMNS if design_effects else [])
    populations = population_by_year(tables, population)
    parts = [year_on_year(spec, tables[spec.key], year, populations, settings=settings,
                          data_years=frozenset(data_years), design_effects=design_effects) for spec in layout.tables]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    # one hypothesis, one test in the family: the two rows of a yes/no question ("Ja" 35% -> 22%,
    # "Nee" 65% -> 78%) are the same comparison, tested twice with the same p
    kinds = {spec.key: spec.kind for spec in layout.tables}
    hypothesis = pd.Series(_hypotheses(out, kinds))
    out["hypothesis"] = [f"{table}:{row}" for table, row, _ in hypothesis]  # the row whose test it is
    first = ~hypothesis.duplicated().to_numpy()
    once = pd.Series(out["p_value"].to_numpy(dtype=float)[first])
    adjusted_once = pd.Series(adjust(once, settings.multiple_testing), index=hypothesis[first].to_numpy())
    out["p_adjusted"] = adjusted_once.reindex(hypothesis.to_numpy()).to_numpy()
    raw = out["p_value"].to_numpy(dtype=float)
    adjusted = out["p_adjusted"].to_numpy(dtype=float)
    out["significant"] = np.isfinite(adjusted) & (adjusted < alpha)
    out["indicative"] = np.isfinite(raw) & (raw < alpha) & ~out["significant"].to_numpy()
    out["correction"] = CORRECTION_NAMES[settings.multiple_testing]
    out["tests_in_family"] = int(np.isfinite(once.to_numpy()).sum())
    return out[columns]


def _hypotheses(out: pd.DataFrame, kinds: dict) -> list[tuple]:
    """What each year-on-year test compares: every row its own comparison, except the two rows of a
    single-choice table with exactly two rows whose counts are each other's complement in both
    years (a yes/no question: "Ja" 35% -> 22% is "Nee" 65% -> 78%; an option with 0% in both years, untested,
    not counted among the two), which are one: by their counts
    (whole respondents, also behind rounded published percentages) or by their shares (weighted
    counts are of the effective base, not of the printed n). Rows of a larger table with equal
    counts stay two comparisons."""
    keys = [(t, str(r), "row") for t, r in zip(out["table_key"], out["row_code"])]
    for table, rows in out.groupby("table_key", sort=False).groups.items():
        # an option nobody chose in either year has no test: Ja/Nee beside it are still one (review h91)
        rows = [r for r in rows if np.isfinite(float(out.loc[r, "p_value"]))]
        if kinds.get(table) != "single" or len(rows) != 2:
            continue
        a, b = out.loc[rows[0]], out.loc[rows[1]]
        if a.n_previous != b.n_previous or a.n_current != b.n_current:
            continue
        counts = [(a.x_previous, b.x_previous, a.n_previous), (a.x_current, b.x_current, a.n_current)]
        shares = [(a.p_previous, b.p_previous, 100.0), (a.p_current, b.p_current, 100.0)]
        if any(all(np.isfinite([x, y, n]).all() and abs(x + y - n) < 1e-9 for x, y, n in pairs)
               for pairs in (counts, shares)):
            keys[out.index.get_loc(rows[1])] = keys[out.index.get_loc(rows[0])]
    return keys
