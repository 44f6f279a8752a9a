"""Significance of the differences between groups in breakdown tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wlzmonitor.spec.layout import ReportLayout, TableSpec
from wlzmonitor.inputs.survey import Survey
from wlzmonitor.compute.tables import independence_test


@dataclass(frozen=True)
class TestResult:
    test: str  # "chi2" or "chi2-permutatie" (expected counts below 5)
    p_value: float
    significant: bool
    min_expected: float
    untestable: str = ""  # why no p-value: "no answers", "one answer", "one group", "hidden groups", "only hidden groups"
    #: groups left out of the test because the small-group rule hides their figures (:func:`without_hidden_groups`)
    left_out: tuple = ()


def breakdown_test(spec: TableSpec, survey: Survey, *, alpha: float, resamples: int, seed: int,
                   leave_out: tuple = ()) -> TestResult | None:
    """The test of a single-choice breakdown; `leave_out`: group codes whose respondents are not tested."""
    if not spec.is_breakdown or spec.kind != "single":
        return None
    data = survey.responses
    groups = data[spec.by].where(~data[spec.by].isin(list(leave_out))) if leave_out else data[spec.by]
    result = independence_test(data[spec.question], groups, seed=seed, n_resamples=resamples)
    if np.isnan(result["p_value"]):
        why = result.get("untestable", "")
        if leave_out:  # one group left besides the hidden, or none (review h111: "er zijn geen antwoorden")
            why = {"one group": "hidden groups", "no answers": "only hidden groups"}.get(why, why)
        return TestResult("chi2", float("nan"), False, float("nan"), why, tuple(leave_out))
    small = result["min_expected"] < 5
    p = result["p_value_permutation"] if small else result["p_value"]
    return TestResult("chi2-permutatie" if small else "chi2", float(p), bool(p < alpha), float(result["min_expected"]),
                      left_out=tuple(leave_out))


def all_tests(layout: ReportLayout, survey: Survey, *, alpha: float, resamples: int, seed: int) -> dict[str, TestResult]:
    out = {}
    for spec in layout.tables:
        result = breakdown_test(spec, survey, alpha=alpha, resamples=resamples, seed=seed)
        if result is not None:
            out[spec.key] = result
    return out


def hidden_groups(before: pd.DataFrame, after: pd.DataFrame) -> tuple:
    """The group codes (not the total) with a figure that the small-group rule hid: a value in `before`
    (computed), none in `after` (disclosed); and, in a table the rule changed, a group of respondents with no value
    in either (weighted, all its respondents weigh 0: the rule did hide it, and its answers are in the unweighted
    test; review h111, a small group of 3 printed another p for each of its counts)."""
    n = pd.to_numeric(after["n"], errors="coerce").to_numpy(dtype=float)
    gone = after["value"].isna().to_numpy() & (before["value"].notna().to_numpy() | (n >= 1))
    codes = after.loc[gone, "column_code"]
    return tuple(dict.fromkeys(c for c in codes if str(c) != "Totaal"))


def without_hidden_groups(layout: ReportLayout, survey: Survey, tests: dict[str, TestResult], computed: dict,
                          disclosed: dict, *, alpha: float, resamples: int, seed: int) -> dict[str, TestResult]:
    """The tests, each breakdown whose groups the small-group rule hid (small ones and those hidden with them)
    tested again without them. Review h110: the p-value of all groups, printed under the table, is a function
    of the hidden cells given the printed ones (their sum follows from the total): for a group of 3 every
    possible count gave another p (0,105 / 0,534 / 0,571 / 0,185), so the printed p gave the hidden figure away."""
    out = dict(tests)
    for spec in layout.tables:
        before, after = computed.get(spec.key), disclosed.get(spec.key)
        if spec.key not in tests or before is None or after is None or after is before:
            continue
        hidden = hidden_groups(before, after)
        if hidden:
            out[spec.key] = breakdown_test(spec, survey, alpha=alpha, resamples=resamples, seed=seed, leave_out=hidden)
    return out
