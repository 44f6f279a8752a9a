"""Significance of the differences between groups in breakdown tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wlzmonitor.spec.layout import ReportLayout, TableSpec
from wlzmonitor.inputs.survey import Survey
from wlzmonitor.compute.tables import independence_test


@dataclass(frozen=True)
class TestResult:
    test: str  # "chi2" or "chi2-permutatie" (expected counts below 5)
    p_value: float
    significant: bool
    min_expected: float
    untestable: str = ""  # why there is no p-value: "no answers", "one answer", "one group"


def breakdown_test(spec: TableSpec, survey: Survey, *, alpha: float, resamples: int, seed: int) -> TestResult | None:
    if not spec.is_breakdown or spec.kind != "single":
        return None
    data = survey.responses
    result = independence_test(data[spec.question], data[spec.by], seed=seed, n_resamples=resamples)
    if np.isnan(result["p_value"]):
        return TestResult("chi2", float("nan"), False, float("nan"), result.get("untestable", ""))
    small = result["min_expected"] < 5
    p = result["p_value_permutation"] if small else result["p_value"]
    return TestResult("chi2-permutatie" if small else "chi2", float(p), bool(p < alpha), float(result["min_expected"]))


def all_tests(layout: ReportLayout, survey: Survey, *, alpha: float, resamples: int, seed: int) -> dict[str, TestResult]:
    out = {}
    for spec in layout.tables:
        result = breakdown_test(spec, survey, alpha=alpha, resamples=resamples, seed=seed)
        if result is not None:
            out[spec.key] = result
    return out
