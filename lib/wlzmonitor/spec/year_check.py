"""``check-year``: every mismatch between a year's codebook, layout, codeframe, notebooks and the previous wave.

    python -m wlzmonitor check-year --year 2027      # also at the start of every run_all.py

Each finding is an **error** (the report would be wrong: the run stops, exit 2), a **warning**
(probably wrong or incomplete: printed at every run) or a **note** (the pipeline decided
something safely and says what). A clean check (no errors, no warnings) means the report has
none of these mismatches:

==================  ===================================================================================
kind                what
==================  ===================================================================================
``files``           a year's file is missing or cannot be read (codebook, layout, export, notebook)
``dropped``         the layout, a notebook or the codeframe names a question or table this year lacks
``codes``           an option code whose meaning changed between the years without a ``was``; renumbered
                    options (note); codes elsewhere (routing, rows, text fields, derived maps) that
                    still point at the old meaning
``changes``         wording or options changed since the previous wave without ``changes`` saying so;
                    an item relabelled under the same code or another scale without it (errors);
                    another ``year_offset`` than the previous wave's (error); ``changes`` naming
                    the year itself or a later one
``note``            a layout ``note`` that does not say what the codebook's ``changes`` say for the table's years
``labels``          a trend table's printed years against the codebook's ``year_offset`` (herschikking)
``nps_rows``        the NPS rows of an NPS-per-group table out of year order or without the survey year
``population``      the codebook's members approached against the member population file's total
``series``          an earlier-year column no data and no published report provides (or which report does)
``not_shown``       a table or question no chapter shows
``comparison``      prose or a test comparing across a changed question (marked / not tested: a note)
``prose``           broken placeholders, rows a table does not have, typed numbers ("Tabel 18"), prose
                    about a question this year did not ask without ``if chapter.asked(...)``
``codeframe``       no codeframe while the previous wave had one; themes on renumbered options; titles
                    with a typed question number
==================  ===================================================================================
"""

from __future__ import annotations

from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.year_findings import LEVELS, Finding, YearCheck, YearCheckError, load_context
from wlzmonitor.spec.year_pages import CHECKS_PAGES
from wlzmonitor.spec.year_rules import CHECKS_LAYOUT, CHECKS_WAVES

__all__ = ["Finding", "YearCheck", "YearCheckError", "check_year", "raise_on_errors", "CHECKS", "LEVELS"]

CHECKS = (*CHECKS_LAYOUT, *CHECKS_WAVES, *CHECKS_PAGES)


def check_year(year: int, config: ReportConfig | None = None) -> YearCheck:
    """Every finding of `year` (see the module docstring)."""
    config = config or load_config()
    result = YearCheck(year)
    ctx = load_context(year, config, result.findings)
    if ctx is None:
        return result
    for check in CHECKS:
        result.findings.extend(check(ctx))
    order = {level: i for i, level in enumerate(LEVELS)}
    result.findings.sort(key=lambda f: order[f.level])  # stable: within a level, in the order found
    return result


def raise_on_errors(result: YearCheck) -> None:
    """YearCheckError listing every error (and warning) of a check, when it has errors."""
    if result.errors:
        raise YearCheckError(result.text(("error", "warning"))
                             + f"\n(details and decisions: python -m wlzmonitor check-year --year {result.year})")
