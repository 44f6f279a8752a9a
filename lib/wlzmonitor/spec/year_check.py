"""``check-year``: every mismatch between a year's codebook, layout, codeframe, notebooks and the previous wave.

    python -m wlzmonitor check-year --year 2027      # also in every run_all.py, before it publishes

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
                    the year itself or a later one; a year in the codebook's texts that is no year of the
                    wave (:mod:`wlzmonitor.spec.year_named`)
``note``            a layout ``note`` that does not say what the codebook's ``changes`` say for the table's years
``labels``          a trend table's printed years against the codebook's ``year_offset`` (herschikking)
``nps_rows``        the NPS rows of an NPS-per-group table out of year order or without the survey year
``population``      the codebook's members approached against the member population file's total
``series``          an earlier-year column no data and no published report provides (or which report does)
``not_shown``       a table or question no chapter shows
``comparison``      prose or a test comparing across a changed question (marked / not tested: a note)
``prose``           broken placeholders, rows a table does not have, typed numbers ("Tabel 18"), prose
                    about a question this year did not ask without ``if chapter.asked(...)``; what every
                    text a reader sees says (cards' labels, tables' titles and notes, section and chapter
                    titles: :mod:`wlzmonitor.spec.year_texts` over :mod:`wlzmonitor.spec.reader_texts`)
``codeframe``       no codeframe while the previous wave had one; themes on renumbered options; titles
                    with a typed question number
==================  ===================================================================================
"""

from __future__ import annotations

from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.year_named import check_named_years
from wlzmonitor.spec.year_findings import (
    LEVELS,
    Context,
    Finding,
    YearCheck,
    YearCheckError,
    load_context,
    read_notebooks,
)
from wlzmonitor.spec.year_pages import CHECKS_PAGES, check_prose, check_quote_themes, check_shown, notebook_prose_findings
from wlzmonitor.spec.year_rules import CHECKS_LAYOUT, CHECKS_WAVES, check_notebook_files
from wlzmonitor.spec.year_texts import check_file_texts, check_reader_texts

__all__ = ["Finding", "YearCheck", "YearCheckError", "check_year", "raise_on_errors", "CHECKS", "LEVELS",
           "NOTEBOOK_CHECKS", "file_findings"]

CHECKS = (*CHECKS_LAYOUT, *CHECKS_WAVES, check_named_years, *CHECKS_PAGES, check_file_texts, check_reader_texts)
#: the checks that read the chapter notebooks. Every other check is a function of the year's other
#: files alone: it runs before the notebooks are read and cannot read them (:class:`_NotRead`), so
#: run_all keeps its findings while only notebooks change (:mod:`wlzmonitor.run.year_check_cache`)
NOTEBOOK_CHECKS = (check_notebook_files, check_shown, check_prose, check_quote_themes, check_reader_texts)


class _NotRead:
    """The context's notebooks while the checks that may not read them run."""

    def _refuse(self, *_args):
        raise RuntimeError("a check-year check outside NOTEBOOK_CHECKS read the notebooks: add it there")

    __iter__ = __len__ = __bool__ = __getitem__ = _refuse


def check_year(year: int, config: ReportConfig | None = None, *,
               known: dict[str, list[Finding]] | None = None,
               known_prose: dict[str, list[Finding]] | None = None,
               loaded: tuple[Context | None, list[Finding]] | None = None) -> YearCheck:
    """Every finding of `year` (see the module docstring), and in ``result.by_check`` each check's.

    `known`: the findings of the checks outside :data:`NOTEBOOK_CHECKS`, by check name, from a check
    of the same files but the notebooks (:func:`file_findings` of it): those checks are not run again.
    `known_prose`: with `known`, the prose check's findings of chapters whose notebook is as it was then
    (``result.prose_by_notebook`` of that check, by stem): only the other notebooks' prose is checked.
    `loaded`: what :func:`load_context` gave for these files (the context, as loaded and not yet
    checked, and its findings), kept by the run (:mod:`wlzmonitor.run.year_check_cache`); default:
    loaded now."""
    config = (config or load_config()).for_year(year)
    result = YearCheck(year, root=config.root)
    if loaded is None:
        ctx = load_context(year, config, result.findings)
    else:
        ctx = loaded[0]
        result.findings.extend(loaded[1])
    if ctx is None:
        return result
    ctx.notebooks = _NotRead()
    for check in CHECKS:
        if check not in NOTEBOOK_CHECKS:
            stored = (known or {}).get(check.__name__)
            result.by_check[check.__name__] = list(stored) if stored is not None else check(ctx)
    read_notebooks(ctx)
    kept = known_prose if known is not None and known_prose is not None else {}
    result.prose_by_notebook = {scan.stem: list(kept[scan.stem]) if scan.stem in kept
                                else notebook_prose_findings(ctx, scan) for scan in ctx.notebooks}
    for check in NOTEBOOK_CHECKS:
        result.by_check[check.__name__] = check(ctx) if check is not check_prose else list(dict.fromkeys(
            f for found in result.prose_by_notebook.values() for f in found))  # as check_prose(ctx) finds them
    for check in CHECKS:  # in the checks' order, whichever ran first
        result.findings.extend(result.by_check[check.__name__])
    order = {level: i for i, level in enumerate(LEVELS)}
    result.findings.sort(key=lambda f: order[f.level])  # stable: within a level, in the order found
    return result


def file_findings(result: YearCheck) -> dict[str, list[Finding]]:
    """The findings of the checks outside :data:`NOTEBOOK_CHECKS` (``known`` of :func:`check_year`)."""
    notebook = {check.__name__ for check in NOTEBOOK_CHECKS}
    return {name: found for name, found in result.by_check.items() if name not in notebook}


def raise_on_errors(result: YearCheck) -> None:
    """YearCheckError listing every error (and warning) of a check, when it has errors."""
    if result.errors:
        raise YearCheckError(result.text(("error", "warning"))
                             + f"\n(details and decisions: python -m wlzmonitor check-year --year {result.year})")
