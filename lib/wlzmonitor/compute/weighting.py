"""Who answered: respondents against the member population, and optional raking weights.

`representativeness(survey, population)` compares, per margin (omzetgroep, Wlz-uitvoerder), the
respondents with the members: members, respondents and response rate per group, and a
goodness-of-fit test of the respondents' distribution against the members' shares (Pearson χ²;
where an expected count is below 5, an exact multinomial test by Monte Carlo with a fixed seed).

`rake(survey, population)` gives post-stratification weights: iterative proportional fitting
(raking, weightipy's RIM) of the respondents to the population margins, scaled to mean 1 so the
weighted base equals the number of respondents. Weights depend only on a respondent's cell of the
margins (computed on the cells, so the row order of the export plays no part). `kish` gives the
effective sample size (Σw)² / Σw² and the design effect n / n_eff.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.population import Population

GOF_RESAMPLES = 100_000
GOF_SEED = 2026
CHI2 = "χ²-aanpassingstoets"
EXACT = "exacte multinomiale toets (Monte Carlo)"
#: respondents as a part of the members (representativeness): response against group (review h91)
CHI2_FINITE = "χ²-toets van respondenten tegen niet-respondenten"
EXACT_FINITE = "exacte toets van respondenten tegen niet-respondenten (Monte Carlo, trekken zonder teruglegging)"
COLUMNS = ["variable", "variable_label", "group_code", "group", "members", "respondents", "response_rate",
           "share_members", "share_respondents", "expected", "test", "statistic", "dof", "p_value"]


class WeightingError(InputError):
    """Respondents whose group the population does not have, or a group without respondents: the
    population file (or the export) a person fixes, so a clear message and exit 2, no traceback."""


@dataclass(frozen=True)
class Weights:
    """Raking weights of one survey year (mean 1) with their Kish summaries."""

    values: pd.Series  # per respondent (index of survey.responses)
    margins: tuple[str, ...]
    n: int
    n_effective: float
    design_effect: float
    iterations_converged: bool = True

    @property
    def largest(self) -> float:
        """The largest weight: how many respondents' worth one respondent counts for."""
        return float(self.values.max())

    @property
    def smallest(self) -> float:
        return float(self.values.min())

    @property
    def extreme(self) -> bool:
        """A weight above :data:`EXTREME_WEIGHT`: a few respondents carry the weighted figures (the
        methods page says so; raking does not trim weights, a trimmed weighting misses the margins)."""
        return self.largest > EXTREME_WEIGHT


#: the largest weight the methods page states without a caution: above it one respondent counts as
#: more than five, the usual bound for trimming raking weights (Battaglia et al., "Practical
#: considerations in raking survey data", Survey Practice 2009: trimming at 5 times the mean weight)
EXTREME_WEIGHT = 5.0


def kish(weights) -> tuple[float, float]:
    """(effective sample size (Σw)²/Σw², design effect n/n_eff) of a set of weights.

    A weight of 0 contributes nothing to either sum, so n_eff is that of the positive weights; it does count in
    n (a respondent weighted away is a respondent lost: the design effect says so). Weights that are all 0 give
    n_eff = 0 and no design effect (NaN): no respondent counts, there is no estimate (review h117: any weight of 0
    made n_eff NaN, and the intervals and tests of the figure with it). No weights, a negative or a non-finite
    weight: (NaN, NaN), no weights to speak of."""
    w = np.asarray(weights, dtype=float)
    if not len(w) or not np.isfinite(w).all() or (w < 0).any():
        return float("nan"), float("nan")
    positive = w[w > 0]
    if not len(positive):
        return 0.0, float("nan")
    n_eff = float(positive.sum() ** 2 / (positive ** 2).sum())
    return n_eff, float(len(w) / n_eff)


def goodness_of_fit(observed, shares, *, seed: int = GOF_SEED, resamples: int = GOF_RESAMPLES,
                    finite: bool = False) -> tuple[str, float, int, float]:
    """(test, χ² statistic, degrees of freedom, p) of observed counts against population shares.

    Pearson χ² where every expected count is at least 5; otherwise the p-value is the share of
    multinomial samples (seeded) whose χ² is at least the observed one (exact up to Monte Carlo
    error, ± 0,002 at 100.000 samples). A group without members is left out (its expected count is
    0); respondents in one are a WeightingError; fewer than two groups, or no respondents: no test (NaN, df 0).

    With `finite` the `shares` are the members per group and the respondents a part of them (122 of
    360): the test is of response independent of group, Pearson's χ² of the respondents against the
    non-respondents (the goodness-of-fit χ² times N / (N - n)), with the samples of the small-count case
    drawn without replacement from the members (multivariate hypergeometric: never more respondents in a
    group than it has members). Everyone answered (a census): no test.
    """
    observed = np.asarray(observed, dtype=float)
    shares = np.asarray(shares, dtype=float)
    if (observed[shares == 0] > 0).any():
        raise WeightingError("respondents in a group without members: the population file is not this year's")
    observed, members = observed[shares > 0], shares[shares > 0]  # a group without members is no category
    # one group, a census, or no respondents (review h159: 0/0 gave a NaN statistic and the Monte Carlo p 0,001)
    if len(observed) < 2 or (finite and observed.sum() >= members.sum()) or not observed.sum() > 0:
        return CHI2_FINITE if finite else CHI2, float("nan"), 0, float("nan")
    shares = members / np.sum(members)
    n = observed.sum()
    expected = n * shares
    factor = members.sum() / (members.sum() - n) if finite else 1.0
    smallest = min(expected.min(), ((members.sum() - n) * shares).min()) if finite else expected.min()
    statistic = float(((observed - expected) ** 2 / expected).sum() * factor)
    dof = len(observed) - 1
    if smallest >= 5:
        from scipy import stats  # scipy/statsmodels imported here: reading a cached result needs neither (~0.8 s)

        return CHI2_FINITE if finite else CHI2, statistic, dof, float(stats.chi2.sf(statistic, dof))
    rng = np.random.default_rng(seed)
    draws = (rng.multivariate_hypergeometric(np.rint(members).astype(np.int64), int(n), size=resamples) if finite
             else rng.multinomial(int(n), shares, size=resamples))
    simulated = ((draws - expected) ** 2 / expected).sum(axis=1) * factor
    exceed = int((simulated >= statistic - 1e-9 * max(1.0, statistic)).sum())
    return EXACT_FINITE if finite else EXACT, statistic, dof, (exceed + 1) / (resamples + 1)


def _groups(survey_responses: pd.DataFrame, variable: str) -> pd.Series:
    if variable not in survey_responses.columns:
        raise WeightingError(f"the survey has no variable '{variable}' to compare with the population")
    return survey_responses[variable]


def _no_more_respondents_than_members(population: Population, variable: str, respondents: dict,
                                      labels: dict | None = None) -> None:
    """A group with more respondents than members is an error: the population file is not this year's, or
    a group's number is wrong (review of the statistics: a 580% response rate was printed and weighted)."""
    for code, answered in respondents.items():
        members = population.margins[variable].get(code)
        if members and answered > members:
            shown = (labels or {}).get(code)
            raise WeightingError(
                f"{population.source}: margins: {variable}: group {code}{f' ({shown})' if shown else ''} has "
                f"{answered} respondents but {members} members: a group cannot have more respondents than members; "
                "correct the number of members (the population file must be this year's member administration)")


def representativeness(responses: pd.DataFrame, codebook: Codebook, population: Population) -> pd.DataFrame:
    """Per margin and group: members, respondents, response rate and the goodness-of-fit test."""
    rows = []
    for variable, members in population.margins.items():
        groups = _groups(responses, variable).dropna().astype(int)
        labels = codebook.options(variable, short=True) if variable in codebook else {}
        label = codebook.derived_variable(variable).label if variable in {d.key for d in codebook.derived} else variable
        unknown = sorted(set(groups) - set(members))
        if unknown:
            raise WeightingError(f"{population.source}: margins: {variable}: respondents in group {unknown[0]}, "
                                 "which the population file does not have: add that group's members to the "
                                 "margin (members and the other groups adjusted to add up)")
        observed = [int((groups == code).sum()) for code in members]
        _no_more_respondents_than_members(population, variable, dict(zip(members, observed)), labels)
        test, statistic, dof, p = goodness_of_fit(observed, list(members.values()), finite=True)
        n, total = sum(observed), sum(members.values())
        for (code, count), answered in zip(members.items(), observed):
            rows.append({"variable": variable, "variable_label": label, "group_code": code,
                         "group": labels.get(code, str(code)), "members": count, "respondents": answered,
                         "response_rate": 100.0 * answered / count if count else np.nan,
                         "share_members": 100.0 * count / total, "share_respondents": 100.0 * answered / n if n else np.nan,
                         "expected": n * count / total, "test": test, "statistic": statistic, "dof": dof,
                         "p_value": p})
        rows.append({"variable": variable, "variable_label": label, "group_code": "Totaal", "group": "Totaal",
                     "members": total, "respondents": n, "response_rate": 100.0 * n / total,
                     "share_members": 100.0, "share_respondents": 100.0, "expected": float(n), "test": test,
                     "statistic": statistic, "dof": dof, "p_value": p})
    return pd.DataFrame(rows, columns=COLUMNS)


def _respondents(ids) -> str:
    """Respondent ids for a message: the first five and how many more."""
    ids = [str(i) for i in ids]
    return ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")


def _raking_frame(responses: pd.DataFrame, margins: tuple[str, ...], export) -> pd.DataFrame:
    """Each respondent's group code per margin (whole numbers). Review h159: a margin listed twice raised a bare
    IndexError, a code like 1.5 was truncated to group 1 and text to a ValueError, and respondents without a group
    were named by neither the export nor their ids."""
    where = f"{export}: " if export else ""
    if not margins or len(set(margins)) < len(margins):
        raise WeightingError(f"weighting: margins: expected each variable once, got {list(margins)}")
    frame = pd.DataFrame({m: _groups(responses, m) for m in margins})
    for m in margins:
        missing = frame.index[frame[m].isna()]
        if len(missing):
            raise WeightingError(f"{where}{len(missing)} of {len(frame)} respondents have no {m} (respondent "
                                 f"{_respondents(missing)}): raking needs every respondent's group on each margin; "
                                 f"give them their {m}, or switch weighting off")
        codes = pd.to_numeric(frame[m], errors="coerce")
        bad = frame.index[codes.isna() | (codes != codes.round())]
        if len(bad):
            raise WeightingError(f"{where}{m}: respondent {_respondents(bad)}: expected a group code (a whole number), "
                                 f"got {_shown(frame.loc[bad[0], m])}")
        frame[m] = codes.astype(int)
    return frame


def _shown(value) -> str:
    text = repr(value.item() if isinstance(value, np.generic) else value)
    return text if len(text) <= 60 else f"{type(value).__name__} of {len(str(value))} characters"


def _largest_gap(values: pd.Series, groups: pd.Series, shares: dict) -> str:
    """'' when the weighted shares of the groups equal the members' (to 1e-6), else the group furthest off, as
    "group 1: weighted 45.0%, members 50.0%" (review h159: the message named the margin, not the group). A NaN
    weight is off everywhere."""
    weighted = values.groupby(groups).agg(lambda v: v.to_numpy().sum()) / len(values)  # a NaN stays NaN
    gaps = {c: abs(weighted.get(c, 0.0) - shares[c]) for c in sorted(set(groups))
            if not np.isclose(weighted.get(c, 0.0), shares[c], atol=1e-6)}  # as np.allclose judged it before
    if not gaps:
        return ""
    worst = max(gaps, key=lambda c: np.inf if np.isnan(gaps[c]) else gaps[c])
    share = weighted.get(worst, 0.0)
    return (f"group {worst}: weighted {share:.1%}" if np.isfinite(share) else f"group {worst}: weights not finite") \
        + f", members {shares[worst]:.1%}"


def rake(responses: pd.DataFrame, population: Population, margins: tuple[str, ...], *,
         max_iterations: int = 1000, export=None) -> Weights:
    """Raking weights (mean 1) of the respondents to the population's margins (weightipy RIM); `export`: the file
    the respondents are from, for messages."""
    frame = _raking_frame(responses, tuple(margins), export)
    for m in margins:
        if m not in population.margins:
            raise WeightingError(f"{population.source}: no margin '{m}' (weighting: margins)")
        empty = [c for c, count in population.margins[m].items() if count and not (frame[m] == c).any()]
        if empty:
            raise WeightingError(f"{population.source}: {m}: group {empty[0]} has {population.margins[m][empty[0]]} "
                                 "members but no respondents; raking cannot reach it (weighting needs a respondent in "
                                 "every group with members): check the group and its members, or switch weighting off")
        # review of the statistics: a group with respondents but no (or no listed) members gave a bare
        # KeyError or "raking did not reach …"
        unlisted = sorted(set(frame[m]) - set(population.margins[m]))
        if unlisted:
            raise WeightingError(f"{population.source}: {m}: group {unlisted[0]} has respondents but is not in the "
                                 "population file: list its members")
        _no_more_respondents_than_members(population, m, frame[m].value_counts().sort_index().to_dict())
        memberless = sorted(c for c in set(frame[m]) if not population.margins[m].get(c))
        if memberless:
            raise WeightingError(f"{population.source}: {m}: group {memberless[0]} has "
                                 f"{int((frame[m] == memberless[0]).sum())} respondent(s) but 0 members in the "
                                 "population file: correct the number of members")
    import weightipy  # imported here: only a weighted run needs it (it imports scipy)

    cells = frame.value_counts().sort_index()  # canonical: the weights do not depend on the row order
    expanded = cells.index.to_frame(index=False).loc[np.repeat(np.arange(len(cells)), cells.to_numpy())]
    scheme = weightipy.scheme_from_dict(
        {m: {c: float(v) for c, v in population.margins[m].items() if v} for m in margins},
        name="wlz", rim_params={"max_iterations": max_iterations, "convcrit": 1e-10})
    with contextlib.redirect_stdout(io.StringIO()) as said:  # weightipy prints its progress; a run's output is ours
        raw = weightipy.weight(expanded.reset_index(drop=True), scheme).to_numpy(dtype=float)
    cell_index = pd.MultiIndex.from_frame(expanded.reset_index(drop=True))
    per_cell = pd.Series(raw, index=cell_index).groupby(level=list(range(len(margins)))).first()
    if not isinstance(per_cell.index, pd.MultiIndex):  # one margin: keep the cells' index form
        per_cell.index = pd.MultiIndex.from_arrays([per_cell.index])
    per_cell = per_cell / float((per_cell * cells.reindex(per_cell.index)).sum()) * len(frame)  # mean 1
    values = pd.Series(per_cell.reindex(pd.MultiIndex.from_frame(frame)).to_numpy(), index=responses.index,
                       name="weight")
    n_eff, deff = kish(np.sort(values.to_numpy()))  # sorted: the same sum in any row order
    missed = {m: gap for m in margins if (gap := _largest_gap(values, frame[m], population.shares(m)))}
    if missed:  # the weights would not be what the methods page says they are
        stopped = re.search(r"after (\d+) iterations", said.getvalue())
        raise WeightingError(f"{population.source}: raking did not reach the members' shares of "
                             f"{', '.join(missed)} (weightipy stopped "
                             + (f"after {stopped.group(1)} iterations without improving" if stopped
                                else f"within {max_iterations} iterations")
                             + "; a combination of groups without respondents, or margins raking cannot reach from "
                             f"these respondents; {'; '.join(f'{m}: {gap}' for m, gap in missed.items())}): the "
                             "weighted figures would not represent the members")
    return Weights(values, tuple(margins), len(values), n_eff, deff, True)
