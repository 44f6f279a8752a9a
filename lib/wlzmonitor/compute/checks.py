"""Checks that run on every build, not only in CI."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wlzmonitor.spec.layout import ReportLayout
from wlzmonitor.inputs.survey import Survey


class BuildCheckError(AssertionError):
    pass


def run_build_checks(layout: ReportLayout, survey: Survey, computed: dict[str, pd.DataFrame]) -> list[str]:
    """Return a list of the checks passed; raise BuildCheckError listing every failure."""
    cb, data, year = survey.codebook, survey.responses, survey.codebook.year
    failures: list[str] = []
    passed: list[str] = []
    accounting = survey.accounting.set_index("step")["n"]
    excluded = accounting[[s for s in accounting.index if s.startswith("excluded")]].sum()
    if accounting["included"] + excluded != accounting["rows read"] or accounting["included"] != len(data):
        failures.append(f"row counts do not reconcile: {accounting.to_dict()}")
    else:
        passed.append(f"rows reconcile: {accounting['rows read']} read = {accounting['included']} included + {excluded} excluded")
    passed += _log_notice(survey)
    for spec in layout.tables:
        table = computed[spec.key]
        if spec.kind == "single":
            current = table[table["column_code"] == year] if not spec.is_breakdown else table[table["column_code"] == "Totaal"]
            routed = int(cb.asked_mask(spec.question, data).sum())
            if not (current["n"] == routed).all():
                failures.append(f"{spec.number}: base {current['n'].unique().tolist()} but routing asks {routed}")
            sums = (table[table["column_code"].isin([year] if not spec.is_breakdown else table["column_code"].unique())]
                    .groupby("column_code", observed=True)["value"].sum())
            sums = sums[table.groupby("column_code", observed=True)["n"].max().reindex(sums.index) > 0]
            # options the report does not print are left out only when nobody chose them
            if not np.allclose(sums.to_numpy(dtype=float), 100.0):
                failures.append(f"{spec.number}: single-choice percentages sum to {sums.round(3).tolist()}, not 100")
    if failures:
        raise BuildCheckError("build checks failed:\n  " + "\n  ".join(failures))
    passed.append("bases match routing and single-choice columns sum to 100% on every table")
    return passed


def _log_notice(survey: Survey) -> list[str]:
    """A line saying how many warnings and repairs the export's data-quality log holds (printed by every run:
    a newcomer review found that an export still in last year's option codes gave a warning on every
    'Anders' answer, in the log only, while the run printed nothing and published wrong figures)."""
    severities = [f.severity for f in survey.log]
    warned, repaired = severities.count("warning"), severities.count("repaired")
    if not warned and not repaired:
        return []
    return [f"the export's data-quality log has {warned} warning(s) and {repaired} repair(s): read them in "
            "data_quality_log.csv before trusting the figures (a warning on many rows of one question can "
            "mean the export uses another year's option codes)"]
