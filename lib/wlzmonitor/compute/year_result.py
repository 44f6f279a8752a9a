"""The data stage of a report run: load, validate, compute, check, write tables.

`build_year(year)` is what `run_all.py` calls (and what the tests call): it returns a
`YearResult` that the chapter notebooks receive through `load_year_result` as well, so a
notebook and the pipeline compute every figure through the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wlzmonitor.compute.checks import run_build_checks
from wlzmonitor.spec.codebook import Codebook, load_codebook
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.compute.disclosure import apply_small_group_rule
from wlzmonitor.spec.layout import ReportLayout, load_layout
from wlzmonitor.inputs.survey import Survey, load_survey
from wlzmonitor.inputs.privacy import Scrubber, load_privacy_settings, scrub_survey
from wlzmonitor.present.table_files import write_csv, write_tables, write_workbook
from wlzmonitor.spec.published import load_published
from wlzmonitor.compute.report_tables import History, compute_all, empty_history, history_from_published
from wlzmonitor.compute.reproduction import annotate, compare, load_known_discrepancies
from wlzmonitor.compute.significance import TestResult, all_tests
from wlzmonitor.compute.trends import all_changes


@dataclass
class YearResult:
    year: int
    codebook: Codebook
    layout: ReportLayout
    survey: Survey
    history: History | None
    tables: dict[str, pd.DataFrame]
    tests: dict[str, TestResult]
    reproduction: pd.DataFrame | None
    checks: list[str]
    changes: pd.DataFrame  # year-on-year change of every share of a trend table (trends.py)
    #: table key -> column codes of breakdown groups below the small-group threshold (disclosure.py)
    small_groups: dict[str, list] = field(default_factory=dict)


def earlier_years(year: int, layout: ReportLayout, config: ReportConfig) -> list[int]:
    """Earlier survey years of the layout's trend columns that have respondent data."""
    shown = {c for spec in layout.tables if spec.is_trend or spec.kind == "response"
             for c in spec.columns if isinstance(c, int) and c < year}
    return sorted(y for y in shown if y in config.years and config.years[y].export.exists())


def earlier_surveys(year: int, layout: ReportLayout, config: ReportConfig) -> dict[int, Survey]:
    """Each earlier year with data, loaded through its own codebook (for the trend columns)."""
    out = {}
    for y in earlier_years(year, layout, config):
        sources = config.years[y]
        survey = load_survey(sources.export, load_codebook(sources.codebook))
        # kept in the (cached) result: scrubbed and without contact details, as the year's own
        out[y] = scrub_survey(survey, Scrubber.from_survey(survey, config_path=config.privacy_file))
    return out


def load_year_result(year: int, config: ReportConfig | None = None) -> YearResult:
    config = config or load_config()
    sources = config.year(year)
    codebook = load_codebook(sources.codebook)
    layout = load_layout(sources.layout)
    survey = load_survey(sources.export, codebook)
    # what the chapters see: open answers scrubbed, no contact details (the result is cached)
    survey = scrub_survey(survey, Scrubber.from_survey(survey, config_path=config.privacy_file))
    reproduction = None
    published = (sources.published / "cells.csv").exists()
    earlier = earlier_surveys(year, layout, config)
    if published:
        cells, tables = load_published(year, root=config.root)
        history = history_from_published(layout, cells, tables).with_surveys(earlier)
    else:
        history = empty_history(earlier)
    computed = compute_all(layout, survey, history)
    tests = all_tests(layout, survey, alpha=config.alpha, resamples=config.permutation_resamples,
                      seed=config.permutation_seed)
    if published:
        reproduction = annotate(compare(layout, computed, cells, tables), load_known_discrepancies(year, config.root))
    checks = run_build_checks(layout, survey, computed)
    changes = all_changes(layout, computed, year, codebook.population, alpha=config.alpha)
    # the small-group rule last: every output reads the disclosed tables (the reproduction
    # compares the undisclosed ones with the published figures, which are public already)
    privacy = load_privacy_settings(config.privacy_file)
    disclosed, small = apply_small_group_rule(layout, computed, threshold=privacy.small_group_threshold,
                                              action=privacy.small_group_action)
    return YearResult(year, codebook, layout, survey, history, disclosed, tests, reproduction, checks, changes,
                      small)


def write_data_outputs(result: YearResult, out_dir: Path) -> pd.DataFrame:
    """tables/*.csv, tables/index.csv, the workbook, the data-quality log and the reproduction."""
    out_dir.mkdir(parents=True, exist_ok=True)
    index = write_tables(out_dir, result.layout, result.codebook, result.tables, result.tests)
    write_workbook(out_dir / f"wlz_monitor_{result.year}_tabellen.xlsx", result.layout, index, result.tables)
    log = result.survey.log.to_frame()
    write_csv(out_dir / "data_quality_log.csv", log)
    write_csv(out_dir / "accounting.csv", result.survey.accounting)
    if result.reproduction is not None:
        write_csv(out_dir / "reproduction.csv", result.reproduction)
    write_csv(out_dir / "tables" / "year_on_year.csv", result.changes)
    return index
