"""95% intervals for every share, mean and NPS of the report's tables (`ci_low`, `ci_high`).

* **Shares** (percentages of respondents): the Wilson score interval (statsmodels
  ``proportion_confint(method="wilson")``), which stays inside 0-100% and is not empty at 0% or
  100% (0 of 112: 0-3,3%), unlike the Wald interval.
* **Means** (scale scores, numeric questions): the t-interval mean ± t(n-1) · s / √n from the
  respondents' answers; not available for published figures of years without respondent data.
* **NPS** (% fans - % critici): NPS ± z · √((p_F + p_C - (p_F - p_C)²) / n) · 100, the variance of
  the difference of two shares of one multinomial sample, clipped to -100..+100.
* Counts, bases, minimum/maximum, the response table and the mapping table get no interval.

With weights (compute.weighting) the base n is replaced by the effective base (Kish, (Σw)²/Σw²) of the
respondents the figure is of: those who answered the question (the item, for a matrix), in the column's group
for a breakdown (:func:`effective_bases`); n / deff of the whole year where they cannot be told (a published
column). The effective bases are kept in the table's `n_effective` column for the year-on-year tests.
The interval describes sampling variation only: it says nothing about self-selection of the
respondents (docs/statistics.md). Cells that the small-group rule suppresses get no interval
(compute.disclosure blanks them with the value).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from wlzmonitor.compute.weighting import kish
from wlzmonitor.inputs.survey import Survey
from wlzmonitor.spec.layout import ReportLayout, TableSpec

CI_COLUMNS = ["ci_low", "ci_high"]
SHARE_KINDS = {"single", "multi", "matrix", "matrix_share"}
#: the column of a weighted table with each row's effective base (NaN: n / deff of the whole year applies)
N_EFFECTIVE = "n_effective"


def wilson(count: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson interval of count/n in percent; (NaN, NaN) without a base."""
    low, high = wilson_many([count], [n], confidence)[0]
    return float(low), float(high)


def wilson_many(counts, ns, confidence: float = 0.95) -> np.ndarray:
    """:func:`wilson` of every pair ``(counts[i], ns[i])``, one row each (low, high in percent):
    one call of statsmodels for all of them (its set-up, not the arithmetic, is most of a call)."""
    counts, ns = np.asarray(counts, dtype=float), np.asarray(ns, dtype=float)
    out = np.full((len(counts), 2), np.nan)
    based = np.isfinite(counts) & np.isfinite(ns) & (ns > 0)
    if not based.any():
        return out
    from statsmodels.stats.proportion import proportion_confint  # scipy/statsmodels imported here: reading a cached result needs neither (~0.8 s)

    n = ns[based]
    count = np.minimum(np.maximum(counts[based], 0.0), n)  # 100% of n may be n + 1e-14 in floating point
    low, high = proportion_confint(count, n, alpha=1 - confidence, method="wilson")
    out[based, 0] = 100.0 * np.where(count <= 0, 0.0, low)  # exactly 0 / 100 at the edges (no 1e-18 noise)
    out[based, 1] = 100.0 * np.where(count >= n, 1.0, high)
    return out


def t_interval(values, confidence: float = 0.95, weights=None, n_effective: float | None = None,
               bounds: tuple[float | None, float | None] | None = None) -> tuple[float, float]:
    """t-interval of a mean (weighted: weighted mean, linearised standard error, n_eff - 1 degrees of freedom), within
    `bounds` (the scale's ends: a mean of answers 1-5 has no interval beyond them). None (NaN, NaN)
    when it cannot be estimated: fewer than two answers (weighted: an effective n below 2), or all answers
    the same (a zero-width interval would claim certainty that two or three equal answers do not give)."""
    x = np.asarray(values, dtype=float)
    keep = ~np.isnan(x)
    x = x[keep]
    if len(x) < 2:
        return math.nan, math.nan
    if weights is None:
        mean, sd, n = float(x.mean()), float(x.std(ddof=1)), float(len(x))
        se = None  # t * sd / sqrt(n), in that order (the same floats as before the weighted SE changed)
    else:
        w = np.asarray(weights, dtype=float)[keep]
        if not w.sum() > 0:  # answers that all weigh 0: no weighted mean (review h110: ZeroDivisionError)
            return math.nan, math.nan
        if not np.isfinite(w).all() or (w < 0).any():  # no weights to speak of, as kish() says (h119: a negative
            return math.nan, math.nan                  # weight was dropped silently with the zeros)
        x, w = x[w > 0], w[w > 0]  # an answer that weighs 0 counts for nothing: not in n, not in the spread (h117)
        if len(x) < 2:
            return math.nan, math.nan
        mean = float(np.average(x, weights=w))
        sd = math.sqrt(float(np.average((x - mean) ** 2, weights=w)) * len(x) / (len(x) - 1))
        # the given effective n, or the answers' own (Kish) when it is none: NaN is truthy and gave NaN degrees of freedom
        n = float(n_effective) if n_effective is not None and n_effective > 0 else kish(w)[0]
        if not n >= 2:  # answers that count as fewer than two respondents: none, as fewer than two answers (review
            return math.nan, math.nan  # h159: n - 1 = 0,3 degrees of freedom were taken as 1, narrower than unweighted)
        # the linearised (Taylor) standard error of a weighted mean: Kish's sd / sqrt(n_eff) understates it
        # when the weights go with the answers (a statistics review: 8% on a synthetic case; bootstrap agrees)
        se = math.sqrt(len(x) / (len(x) - 1) * float(np.sum(w ** 2 * (x - mean) ** 2))) / float(np.sum(w))
    from scipy import stats  # see wilson()

    if not sd > 0 or np.ptp(x) == 0:  # all answers the same: weighted, sd may be 1e-16 and not 0
        return math.nan, math.nan
    t = float(stats.t.ppf(0.5 + confidence / 2, df=max(n - 1, 1)))
    half = t * sd / math.sqrt(n) if se is None else t * se
    low, high = mean - half, mean + half
    if bounds is not None:
        low = low if bounds[0] is None else max(low, float(bounds[0]))
        high = high if bounds[1] is None else min(high, float(bounds[1]))
    return low, high


def nps_interval(fans: float, critics: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Interval of NPS = fans% - critici% (both percent of the same n respondents), within -100..+100;
    (NaN, NaN) when everyone is a fan, or everyone a critic (the normal approximation gives a
    zero-width interval there: certainty that a few equal answers do not give)."""
    if not (np.isfinite(fans) and np.isfinite(critics) and np.isfinite(n)) or n <= 0:
        return math.nan, math.nan
    f, c = fans / 100.0, critics / 100.0
    variance = max(f + c - (f - c) ** 2, 0.0) / n
    # everyone a fan or everyone a critic: weighted shares add up to 99.99999999999999%, not 100%
    if not variance > 0 or max(f, c) > 1.0 - 1e-9:
        return math.nan, math.nan
    from scipy import stats  # see wilson()

    half = float(stats.norm.ppf(0.5 + confidence / 2)) * math.sqrt(variance) * 100.0
    nps = 100.0 * (f - c)
    return max(nps - half, -100.0), min(nps + half, 100.0)


def _share_intervals(table: pd.DataFrame, confidence: float, deff: float, rows=None) -> np.ndarray:
    """Wilson intervals of the shares (of the `rows` codes only, when given) with the rows' effective bases
    (`n_effective`, where the table has them), else n / deff respondents."""
    n_eff = _bases(table, deff)
    counts = table["value"].to_numpy(dtype=float, na_value=np.nan) / 100.0 * n_eff
    if rows is not None:
        counts = np.where([code in rows for code in table["row_code"]], counts, np.nan)
    return wilson_many(counts, n_eff, confidence)


def _nps_intervals(table: pd.DataFrame, confidence: float, deff: float, year) -> np.ndarray:
    """Wilson for the shares of critici, neutralen and fans; the NPS interval for the NPS rows
    whose shares are in the same column ("NPS", or "NPS <year>" of a table per group; the earlier
    years' NPS per group is printed without its shares and gets none)."""
    codes = table["row_code"].astype(str).tolist()
    out = _share_intervals(table.assign(row_code=codes), confidence, deff, rows={"Critici", "Neutralen", "Fans"})
    bases = _bases(table, deff)
    shares = {(r, c): v for r, c, v in zip(codes, table["column_code"], table["value"])}
    for i, (code, column, n) in enumerate(zip(codes, table["column_code"], table["n"])):
        if code in ("NPS", f"NPS {year}") and np.isfinite(n):
            fans, critics = shares.get(("Fans", column), math.nan), shares.get(("Critici", column), math.nan)
            out[i] = nps_interval(fans, critics, float(bases[i]), confidence)
    return out


def _bases(table: pd.DataFrame, deff: float) -> np.ndarray:
    """Each row's effective base: its `n_effective` where the table has one, else n / deff (NaN stays NaN)."""
    bases = table["n"].to_numpy(dtype=float, na_value=np.nan) / deff
    if N_EFFECTIVE in table.columns:
        own = table[N_EFFECTIVE].to_numpy(dtype=float, na_value=np.nan)
        bases = np.where(np.isfinite(own), own, bases)
    return bases


def _mean_intervals(spec: TableSpec, table: pd.DataFrame, surveys: dict[int, Survey], confidence: float,
                    weights: dict, year: int) -> np.ndarray:
    """t-intervals of the means whose respondents' answers are at hand (the survey years with data)."""
    out = np.full((len(table), 2), np.nan)
    for i, (code, column) in enumerate(zip(table["row_code"], table["column_code"])):
        if spec.kind == "scale_means":
            survey = surveys.get(column)
            key = f"{spec.question}__{code}"
        else:  # numeric: the Gemiddeld column, every row is a question of the survey year
            survey = surveys.get(year) if column == "Gemiddeld" else None
            key = str(code)
        if survey is None or key not in survey.responses.columns:
            continue
        year = survey.codebook.year
        w = weights.get(year)
        values = survey.responses[key].astype(float)
        # the question's range bounds its mean: the scale's ends, or a count's 0 (a numeric question's range;
        # review h110: a mean number of clients of 1, 1 and 30 had the interval -30,9 to 52,3)
        asked = spec.question if spec.kind == "scale_means" else key
        question = survey.codebook.question(asked) if asked in survey.codebook else None
        out[i] = t_interval(values.to_numpy(), confidence,
                            None if w is None else w.reindex(values.index).to_numpy(),
                            None if w is None else _effective_answers(values, w),
                            bounds=question.range if question is not None else None)
    return out


def _effective_answers(values: pd.Series, weights: pd.Series) -> float:
    """Kish's effective n of the respondents who answered (one formula: `weighting.kish`)."""
    return kish(weights.reindex(values.index)[values.notna()].to_numpy(dtype=float))[0]


def effective_bases(spec: TableSpec, table: pd.DataFrame, surveys: dict, weights: dict, year: int) -> np.ndarray:
    """Per row of `table`: the effective base (Kish, (Σw)²/Σw²) of the respondents its figure is of -- who
    answered the question (a matrix: the row's item; a multiple-response question: any of its options), in the
    column's group for a breakdown -- from that year's respondents and weights; NaN where they are not at hand
    (a published column, a year without weights) or are not as many as the row's base n (then n / deff of the
    whole year applies). One design effect for the whole year took a routed subgroup's base as the sample's:
    n = 8 respondents whose weights give 6,77 were counted as 5,90 (docs/statistics.md)."""
    out = np.full(len(table), np.nan)
    known: dict[tuple, tuple[int, float]] = {}
    by_table = spec.kind not in {"nps", "matrix_share"} and not spec.is_trend
    for i, (code, column, n) in enumerate(zip(table["row_code"], table["column_code"], table["n"])):
        data_year = year if by_table or not isinstance(column, (int, np.integer)) else int(column)
        survey, w = surveys.get(data_year), weights.get(data_year)
        if survey is None or w is None or not np.isfinite(n) or str(code).startswith("NPS ") and str(code) != f"NPS {year}":
            continue
        key = (data_year, code if spec.kind in {"matrix", "matrix_share"} else None, column if spec.by else None)
        if key not in known:
            known[key] = _base_weights(spec, survey, w, code, column)
        count, n_eff = known[key]
        if count == int(n):
            out[i] = n_eff
    return out


def _base_weights(spec: TableSpec, survey: Survey, weights: pd.Series, code, column) -> tuple[int, float]:
    """(respondents, effective base) of who a row's figure is of (:func:`effective_bases`); (-1, NaN) when the
    kind or the data does not say."""
    responses = survey.responses
    if spec.kind in {"matrix", "matrix_share"}:
        keys = [f"{spec.question}__{code}"]
    elif spec.kind == "multi":
        keys = [c for c in responses.columns if c.startswith(f"{spec.question}__")]
    else:
        keys = [spec.question]
    if not keys or any(k not in responses.columns for k in keys):
        return -1, math.nan
    answered = responses[keys].notna().any(axis=1).to_numpy()
    if spec.by and spec.by in responses.columns and column in survey.codebook.options(spec.by):
        answered &= (responses[spec.by] == column).fillna(False).to_numpy(dtype=bool)
    w = np.sort(weights.reindex(responses.index).to_numpy(dtype=float)[answered])
    return int(answered.sum()), kish(w)[0] if len(w) else math.nan


def table_intervals(spec: TableSpec, table: pd.DataFrame, surveys: dict, *, year: int, confidence: float = 0.95,
                    weights: dict | None = None, design_effects: dict | None = None) -> pd.DataFrame:
    """The table with `ci_low` and `ci_high` (percent, mean or NPS points; NaN where none applies).

    `surveys`: survey year -> Survey for the columns computed from respondent data (the survey year too);
    `weights` / `design_effects`: per survey year, when the report is weighted.
    """
    weights, design_effects = weights or {}, design_effects or {}
    out = table.copy()
    if weights and spec.kind in SHARE_KINDS | {"nps", "nps_by"}:
        table = table.assign(**{N_EFFECTIVE: effective_bases(spec, table, surveys, weights, year)})
        out[N_EFFECTIVE] = table[N_EFFECTIVE]
    deff_now = design_effects.get(year, 1.0)
    kind = spec.kind
    if kind in SHARE_KINDS:
        if spec.is_trend:
            cis = np.full((len(table), 2), np.nan)
            for column in dict.fromkeys(table["column_code"]):
                mask = (table["column_code"] == column).to_numpy()
                cis[mask] = _share_intervals(table[mask], confidence, design_effects.get(column, 1.0))
        else:
            cis = _share_intervals(table, confidence, deff_now)
    elif kind == "frequency":
        cis = _share_intervals(table, confidence, 1.0)
        cis[(table["column_code"] != "Percentage").to_numpy() | (table["row_code"] == "Totaal").to_numpy()] = np.nan
    elif kind == "nps":  # one column per year, each with its own shares
        cis = np.full((len(table), 2), np.nan)
        for column in dict.fromkeys(table["column_code"]):
            mask = (table["column_code"] == column).to_numpy()
            cis[mask] = _nps_intervals(table[mask], confidence, design_effects.get(column, 1.0), column)
    elif kind == "nps_by":
        cis = _nps_intervals(table, confidence, deff_now, year)
    elif kind in {"scale_means", "numeric"}:
        cis = _mean_intervals(spec, table, surveys, confidence, weights, year)
    else:
        cis = np.full((len(table), 2), np.nan)
    out["ci_low"], out["ci_high"] = cis[:, 0], cis[:, 1]
    return out


def add_intervals(layout: ReportLayout, tables: dict[str, pd.DataFrame], surveys: dict, *, year: int,
                  confidence: float = 0.95, weights: dict | None = None,
                  design_effects: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the layout with its intervals (tables the layout does not list: unchanged)."""
    out = dict(tables)
    for spec in layout.tables:
        if spec.key in tables:
            out[spec.key] = table_intervals(spec, tables[spec.key], surveys, year=year, confidence=confidence,
                                            weights=weights, design_effects=design_effects)
    return out
