"""The data stage of a report run: load, validate, scrub, compute, check — once per year.

`load_year_result(year)` returns a `YearResult` holding everything a chapter shows: the
disclosed tables, significance tests, year-on-year changes, the reproduction of the published
figures, the scrubbed open answers per question, their coding into themes, and which questions
the year asked. `run_all.py` computes it once (through `compute.result_cache`) and every chapter
kernel receives exactly that result; a chapter never runs the input stage itself.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TypeVar

import pandas as pd

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.compute.audit import audit
from wlzmonitor.compute.checks import run_build_checks
from wlzmonitor.compute.coding import code_answers
from wlzmonitor.compute.disclosure import apply_small_group_rule, withhold_in_reproduction
from wlzmonitor.compute.explanations import explainable_questions, explanations
from wlzmonitor.compute.intervals import add_intervals
from wlzmonitor.compute.report_tables import (
    History,
    carried_figures,
    earlier_group_names,
    compute_all,
    empty_history,
    history_from_published,
)
from wlzmonitor.compute.reproduction import annotate, compare, load_known_discrepancies
from wlzmonitor.compute.significance import TestResult, all_tests, without_hidden_groups
from wlzmonitor.compute.trends import all_changes
from wlzmonitor.compute.weighting import Weights, WeightingError, rake, representativeness
from wlzmonitor.inputs.earlier_contacts import read_earlier_contacts
from wlzmonitor.inputs.privacy import Scrubber, scrub_survey
from wlzmonitor.inputs.survey import Survey, load_survey
from wlzmonitor.spec.asked import AskedMap, asked_map
from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.codeframes import load_codeframes
from wlzmonitor.spec.config import ConfigError, ReportConfig, StatisticsSettings, YearSources, load_config
from wlzmonitor.spec.layout import (
    ReportLayout,
    check_against_codebook,
    earlier_data_years,
    load_layout,
    resolve_layout,
)
from wlzmonitor.spec.option_match import CodeMaps
from wlzmonitor.spec.population import Population, label_key, load_population
from wlzmonitor.spec.privacy_settings import PrivacySettings, load_privacy_settings
from wlzmonitor.spec.published import load_published
from wlzmonitor.spec.report_text import SOURCE_PATTERN, ExtractError, source_path

T = TypeVar("T")


@dataclass
class YearResult:
    year: int
    codebook: Codebook
    layout: ReportLayout
    survey: Survey  # scrubbed open answers, no contact details
    history: History | None
    tables: dict[str, pd.DataFrame]
    tests: dict[str, TestResult]
    reproduction: pd.DataFrame | None
    checks: list[str]
    changes: pd.DataFrame  # year-on-year change of every share of a trend table (trends.py)
    #: table key -> column codes of breakdown groups below the small-group threshold (disclosure.py)
    small_groups: dict[str, list] = field(default_factory=dict)
    #: which tables and rows this year asked, against the other configured years (spec.asked)
    asked: AskedMap | None = None
    #: the privacy settings the result was made with (thresholds of the notes under tables): the thresholds only,
    #: never the terms of config/privacy.yml (names to deny) nor its path — the result is stored in outputs/.cache
    #: (review h135); the privacy gate reads the terms from the file itself
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    #: question key -> its scrubbed open answers per answer category (compute.explanations)
    explanations: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: open answers coded into themes (compute.coding), None when the year has no codeframe
    coded: pd.DataFrame | None = None
    #: the statistical settings the result was made with (tests, corrections, intervals, weighting)
    settings: StatisticsSettings = field(default_factory=StatisticsSettings)
    #: respondents against the member population per group (compute.weighting), None without one
    representativeness: pd.DataFrame | None = None
    #: the member population (config/population.yml), None without the file
    population: Population | None = None
    #: survey year -> raking weights, when `weighting: enabled` (else empty: unweighted)
    weights: dict[int, Weights] = field(default_factory=dict)
    #: in an unweighted run: the weights a weighted run would use (what weighting would cost, for
    #: the methods page); None when weighted, without a population or when raking is impossible
    possible_weights: Weights | None = None
    #: the publication audit (compute.audit): contradictions the report contains, by class
    audit: pd.DataFrame | None = None

    @property
    def weighted_margins(self) -> tuple[str, ...] | None:
        """The population variables the year's figures are weighted on; None when unweighted."""
        if not self.weights:
            return None
        own = self.weights.get(self.year)
        return tuple(own.margins if own is not None else self.settings.weighting_margins)


def earlier_years(year: int, layout: ReportLayout, config: ReportConfig) -> list[int]:
    """Earlier survey years of the layout's trend columns that have respondent data (:func:`earlier_data_years`)."""
    return earlier_data_years(year, layout, config)


def read_survey(sources: YearSources, codebook: Codebook, config: ReportConfig, *,
                earlier_contacts: dict[int, pd.DataFrame] | None = None) -> Survey:
    """A year's export read through its codebook (and mapping), open answers scrubbed, no contact details.

    The scrubber knows the contacts of the export and of the earlier exports a run of the year reads
    (`earlier_contacts`, year -> contact frame; None: read here, :func:`read_earlier_contacts`, an unreadable one
    left out: the run's deny list says so). Review h132: a 2025 contact named in a 2026 answer without a cue word
    was kept."""
    if earlier_contacts is None:
        earlier_contacts = read_earlier_contacts(codebook.year, config).frames
    mapping = sources.mapping if sources.mapping.exists() else None
    survey = load_survey(sources.export, codebook, mapping=mapping)
    return scrub_survey(survey, Scrubber.from_survey(survey, config_path=config.privacy_file,
                                                     earlier_contacts=earlier_contacts))


def earlier_surveys(year: int, layout: ReportLayout, config: ReportConfig) -> dict[int, Survey]:
    """Each earlier year with data, loaded through its own codebook (for the trend columns; their open answers
    are not published: scrubbed with their own contacts)."""
    return {y: read_survey(config.years[y], load_codebook(config.years[y].codebook), config, earlier_contacts={})
            for y in earlier_years(year, layout, config)}


def open_answers(survey: Survey, codebook: Codebook, sources: YearSources,
                 config: ReportConfig) -> tuple[dict[str, pd.DataFrame], pd.DataFrame | None]:
    """The scrubbed explanations per question and, with a codeframe, the answers coded into themes."""
    scrubber = Scrubber.from_survey(survey, config_path=config.privacy_file)
    frames = {key: explanations(survey, codebook, key, scrubber) for key in explainable_questions(codebook)}
    coded = None
    if sources.codeframe.exists():
        codeframes = load_codeframes(sources.codeframe, codebook)
        coded = code_answers(survey, codebook, codeframes, scrubber)  # with the codeframe's corrections file
    return frames, coded


def population_of(config: ReportConfig, year: int, codebook: Codebook) -> Population | None:
    """The member population of survey `year` by group, in the codes of the year's `codebook` (a group
    named by its label gets the year's code), None when its file is absent (it is needed for weighting)."""
    path = config.population_for(year)
    if path is None or not path.exists():
        return None

    def elsewhere(variable: str) -> set[str]:  # read only for a label the year's variable lacks
        return {label_key(label) for y, cb in configured_codebooks(year, codebook, config).items() if y != year
                for short in (False, True) for label in _options_or_none(cb, variable, short).values()}
    return load_population(path).for_codebook(codebook, elsewhere)


def _options_or_none(codebook: Codebook, variable: str, short: bool) -> dict:
    try:
        return codebook.options(variable, short=short)
    except KeyError:
        return {}


def possible_weights(survey: Survey, population: Population | None, settings: StatisticsSettings) -> Weights | None:
    """In an unweighted run, the year's raking weights a weighted run would use (else None)."""
    if settings.weighting or population is None:
        return None
    try:
        return rake(survey.responses, population, settings.weighting_margins,
                    max_iterations=settings.raking_max_iterations, export=survey.source)
    except WeightingError:
        return None


def year_weights(surveys: dict[int, Survey], config: ReportConfig) -> dict[int, Weights]:
    """Raking weights of every year with data, each to its own year's member population (one file
    for every year, or a file per year), when weighting is switched on (else none)."""
    settings = config.statistics
    if not settings.weighting:
        return {}
    out = {}
    for year, survey in surveys.items():
        population = population_of(config, year, survey.codebook)
        if population is None:
            raise ConfigError(f"config/report.yml: weighting: enabled needs the member population of {year} "
                              f"({config.population_for(year)} not found)")
        out[year] = rake(survey.responses, population, settings.weighting_margins,
                         max_iterations=settings.raking_max_iterations, export=survey.source)
    return out


def report_text(year: int, config: ReportConfig) -> str | None:
    """The published report's text (data/sources/, :func:`~wlzmonitor.spec.report_text.source_path`), None
    when the year has none (two texts for the year are an error)."""
    try:
        path = source_path(year, config)
    except ExtractError:
        if len(list(config.folder("sources").glob(SOURCE_PATTERN.format(year=year)))) > 1:
            raise
        return None
    return read_input_text(path) if path.exists() else None  # a pipe: an error


def configured_codebooks(year: int, codebook: Codebook, config: ReportConfig) -> dict[int, Codebook]:
    """The codebook of every configured year (``codebook`` for ``year``), for matching options across years."""
    out = {y: load_codebook(s.codebook) for y, s in config.years.items() if y != year and s.codebook.exists()}
    return {**out, year: codebook}


def other_reports(year: int, codebooks: dict[int, Codebook], config: ReportConfig
                  ) -> dict[int, tuple[ReportLayout, pd.DataFrame, pd.DataFrame]]:
    """Every other configured year's published report: its layout (resolved), cells and tables."""
    out = {}
    for y, s in sorted(config.years.items()):
        if y != year and y in codebooks and s.layout.exists() and (s.published / "cells.csv").exists():
            cells, tables = load_published(y, root=config.root)
            out[y] = (resolve_layout(load_layout(s.layout), codebooks[y]), cells, tables)
    return out


def year_history(year: int, layout: ReportLayout, sources: YearSources, earlier: dict[int, Survey],
                 codebooks: dict[int, Codebook], config: ReportConfig) -> History:
    """The earlier-year columns' sources: the year's own report, earlier data (options matched by
    meaning), and what other reports published (the long series of a year without a report yet)."""
    if (sources.published / "cells.csv").exists():
        cells, tables = load_published(year, root=config.root)
        history = history_from_published(layout, cells, tables).with_surveys(earlier)
    else:
        history = empty_history(earlier)
    maps = CodeMaps(codebooks)
    reports = other_reports(year, codebooks, config)
    code_maps = {y: maps.all_mappings(y, year) for y in sorted({*earlier, *reports})}
    names = earlier_group_names(layout, codebooks, maps)
    carried = carried_figures(layout, reports, code_maps, names)
    return history.with_code_maps(code_maps).with_group_names(names).with_carried(carried)


def started(executor: Executor | None, function: Callable[..., T], *args, **kwargs) -> Callable[[], T]:
    """``function(*args, **kwargs)`` started in `executor` (a spare process of the run, which works on it
    while this one goes on), and a function that returns its result: the spare process's, or (none,
    one that takes no work, or fails or dies in any way) computed here then. The same function of the
    same data either way, so the same result; an error of the data is raised by this process's own
    computation."""
    future = None
    if executor is not None:
        try:
            future = executor.submit(function, *args, **kwargs)
        except Exception:  # noqa: BLE001 - a pool that cannot take work (broken, shut down): computed here
            future = None

    def result() -> T:
        if future is not None:
            try:
                return future.result()
            except Exception:  # noqa: BLE001 - the spare process died or failed: this process computes it
                pass
        return function(*args, **kwargs)
    return result


#: the spare process a run offers for its result (:mod:`wlzmonitor.run.spare_process` sets it around the
#: computation; callers of :func:`load_year_result` and of the result cache need not pass it)
SPARE_EXECUTOR: ContextVar[Executor | None] = ContextVar("SPARE_EXECUTOR", default=None)


def thresholds_only(privacy: PrivacySettings) -> PrivacySettings:
    """`privacy` without its deny terms (organisations, locations, names) and its file's path: what the year's
    result keeps (its small-group thresholds), as the result is stored in ``outputs/.cache``, which a colleague
    may get with a zipped ``outputs/`` (review h135: the cached result held every name of config/privacy.yml)."""
    return replace(privacy, organisations=(), locations=(), names=(), path=None)


def load_year_result(year: int, config: ReportConfig | None = None, *, executor: Executor | None = None) -> YearResult:
    """The year's result (module docstring). `executor` (default: :data:`SPARE_EXECUTOR`): a spare process
    that computes the significance tests (the permutation tests, the longest step) while this one reads the
    earlier years and computes the tables (:func:`started`; the same result without). Measured: reading
    the earlier years there too made a cold run slower (its imports and reads compete with the kernels'
    start for both CPUs)."""
    executor = executor if executor is not None else SPARE_EXECUTOR.get()
    config = config or load_config()
    settings = config.statistics
    sources = config.year(year)
    codebook = load_codebook(sources.codebook)
    layout = load_layout(sources.layout)
    check_against_codebook(layout, codebook)
    layout = resolve_layout(layout, codebook)
    survey = read_survey(sources, codebook, config)
    tests_of = started(executor, all_tests, layout, survey, alpha=config.alpha, resamples=config.permutation_resamples,
                       seed=config.permutation_seed)
    published = (sources.published / "cells.csv").exists()
    earlier = earlier_surveys(year, layout, config)
    population = population_of(config, year, codebook)
    weights = year_weights({**earlier, year: survey}, config)
    series = {y: w.values for y, w in weights.items()}
    codebooks = configured_codebooks(year, codebook, config)
    history = year_history(year, layout, sources, earlier, codebooks, config)
    if published:
        cells, tables = load_published(year, root=config.root)
    history = history.with_weights({y: w for y, w in series.items() if y != year})
    computed = compute_all(layout, survey, history, weights=series.get(year))
    computed = add_intervals(layout, computed, {**earlier, year: survey}, year=year, confidence=settings.confidence,
                             weights=series, design_effects={y: w.design_effect for y, w in weights.items()})
    tests = tests_of()
    reproduction = findings = None
    if published:
        # the known explanations of shares are about the unweighted counts: weighted shares deviate for their
        # own reason; a base (n) stays a number of respondents, so its explanation holds weighted too
        known = [k for k in load_known_discrepancies(year, config.root) if not settings.weighting or k.measure == "n"]
        reproduction = annotate(compare(layout, computed, cells, tables), known)
        findings = audit(layout, codebook, computed, cells, tables, {k: t.significant for k, t in tests.items()},
                         report_text(year, config))
    checks = run_build_checks(layout, survey, computed)
    changes = all_changes(layout, computed, year, codebook.population, alpha=config.alpha, settings=settings,
                          data_years=earlier, design_effects={y: w.design_effect for y, w in weights.items()})
    # the small-group rule last: every output reads the disclosed tables (the reproduction
    # compares the undisclosed ones with the published figures, which are public already; a hidden
    # cell's computed figure only where it is the published one: unweighted and equal after rounding)
    privacy = load_privacy_settings(config.privacy_file)
    disclosed, small = apply_small_group_rule(layout, computed, threshold=privacy.small_group_threshold,
                                              action=privacy.small_group_action)
    reproduction = withhold_in_reproduction(reproduction, computed, disclosed, weighted=bool(weights),
                                            threshold=privacy.small_group_threshold)
    # a breakdown's p-value over hidden groups would give their figures away: tested without them (review h110)
    tests = without_hidden_groups(layout, survey, tests, computed, disclosed, alpha=config.alpha,
                                  resamples=config.permutation_resamples, seed=config.permutation_seed)
    frames, coded = open_answers(survey, codebook, sources, config)
    return YearResult(year, codebook, layout, survey, history, disclosed, tests, reproduction, checks, changes,
                      small, asked=asked_map(layout, config, codebook), privacy=thresholds_only(privacy), explanations=frames, coded=coded,
                      settings=settings, population=population, weights=weights, audit=findings,
                      possible_weights=possible_weights(survey, population, settings),
                      representativeness=(representativeness(survey.responses, codebook, population)
                                          if population is not None else None))
