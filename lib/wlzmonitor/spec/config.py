"""The control panel (`config/report.yml`): years and their files, chapters, thresholds.

This is the one place that turns the configuration into paths. Every file of a survey year
(export, codebook, layout, published figures, export mapping, codeframe, demo settings) is
named under `years:` or, when left out there, follows the pattern under `files:` with `{year}`
filled in; the patterns have defaults (``FILE_PATTERNS``). No other module builds a `data/...`
path of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.paths import repo_root

#: Where a year's files are when `config/report.yml` does not name them (relative to the root).
FILE_PATTERNS = {
    "export": "data/raw/{year}/respondenten.csv",
    "codebook": "data/codebooks/{year}.yml",
    "layout": "data/reports/{year}/tables.yml",
    "published": "data/published/{year}",
    "mapping": "data/mappings/{year}.yml",
    "codeframe": "data/codeframes/{year}.yml",
    "demo": "data/demo/{year}.yml",
}
#: Folders that are not per year.
FOLDERS = {"sources": "data/sources", "mappings": "data/mappings", "codeframes": "data/codeframes",
           "quotes": "data/quotes"}  # quotes: the analyst-approved pull quotes of the Kerncijfers page


class ConfigError(InputError):
    """`config/report.yml` is wrong or names a year without data; the message says which."""


#: Multiple-testing corrections of the year-on-year tests (statsmodels `multipletests` names).
MULTIPLE_TESTING = ("holm", "fdr_bh", "none")
#: Tests of a share's change between two survey years (compute.trends).
CHANGE_TESTS = ("score", "fisher")


@dataclass(frozen=True)
class StatisticsSettings:
    """How the report's statistical claims are made (`significance:`, `presentation:`, `weighting:`).

    See docs/statistics.md for every choice and why it is the default.
    """

    multiple_testing: str = "holm"  # year-on-year tests: holm (family-wise) | fdr_bh | none
    change_test: str = "score"  # score (pooled score test) | fisher (Fisher's exact test)
    finite_population_correction: bool = False  # only for a random sample of the members
    confidence: float = 0.95  # level of every interval
    show_intervals: bool = False  # presentation.intervals: the 95% interval under each table cell
    weighting: bool = False  # weighting.enabled: raking weights on the population margins
    population_file: Path | None = None  # weighting.population: member counts per group (and year)
    weighting_margins: tuple[str, ...] = ("omzetgroep", "uitvoerder")
    raking_max_iterations: int = 1000


@dataclass(frozen=True)
class YearSources:
    """Every file of one survey year (a path may not exist: an optional mapping, codeframe, ...)."""

    year: int
    export: Path
    codebook: Path
    layout: Path
    published: Path
    mapping: Path
    codeframe: Path
    demo: Path

    @property
    def known_discrepancies(self) -> Path:
        return self.published / "known_discrepancies.yml"


@dataclass(frozen=True)
class ReportConfig:
    root: Path
    years: dict[int, YearSources]
    output_dir: Path
    chapters: dict[str, str]
    alpha: float
    permutation_resamples: int
    permutation_seed: int
    small_base: int = 20
    privacy_file: Path | None = None
    statistics: StatisticsSettings = StatisticsSettings()
    patterns: tuple[tuple[str, str], ...] = tuple(FILE_PATTERNS.items())
    folders: tuple[tuple[str, str], ...] = tuple(FOLDERS.items())

    def year(self, year: int) -> YearSources:
        """The files of a configured year that has an export (else a ConfigError listing those that do)."""
        if year not in self.years or not self.years[year].export.exists():
            have = ", ".join(str(y) for y in sorted(self.years) if self.years[y].export.exists())
            raise ConfigError(f"no survey data for {year}; years with data: {have or 'none'}")
        return self.years[year]

    def sources(self, year: int) -> YearSources:
        """The files of any year: as configured, or by the `files:` patterns (nothing checked)."""
        if year in self.years:
            return self.years[year]
        return _year_sources(self.root, year, {}, dict(self.patterns))

    def folder(self, name: str) -> Path:
        """A folder that is not per year: 'sources', 'mappings' or 'codeframes'."""
        return self.root / dict(self.folders)[name]

    def output_for(self, year: int) -> Path:
        return self.output_dir / str(year)

    def weighted(self, enabled: bool = True) -> "ReportConfig":
        """This configuration with post-stratification weighting switched on (or off)."""
        return replace(self, statistics=replace(self.statistics, weighting=enabled))


def _year_sources(root: Path, year: int, entry: dict, patterns: dict[str, str]) -> YearSources:
    paths = {k: root / str(entry.get(k) or patterns[k].format(year=year)) for k in FILE_PATTERNS}
    return YearSources(year=year, **paths)


@lru_cache(maxsize=None)
def load_config(root: Path | None = None) -> ReportConfig:
    """Read `<root>/config/report.yml` (root: the repository, see `paths.repo_root`)."""
    root = Path(root) if root else repo_root()
    path = root / "config" / "report.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found (the control panel of the report)") from None
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    files = data.get("files") or {}
    unknown = sorted(set(files) - set(FILE_PATTERNS) - set(FOLDERS))
    if unknown:
        raise ConfigError(f"{path}: files: unknown key(s) {', '.join(unknown)}; "
                          f"known: {', '.join([*FILE_PATTERNS, *FOLDERS])}")
    patterns = {k: str(files.get(k, v)) for k, v in FILE_PATTERNS.items()}
    folders = {k: str(files.get(k, v)) for k, v in FOLDERS.items()}
    years = {}
    for y, entry in (data.get("years") or {}).items():
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}: years: {y}: expected a mapping of files (export, codebook, ...)")
        wrong = sorted(set(entry) - set(FILE_PATTERNS))
        if wrong:
            raise ConfigError(f"{path}: years: {y}: unknown key(s) {', '.join(wrong)}; "
                              f"known: {', '.join(FILE_PATTERNS)}")
        years[int(y)] = _year_sources(root, int(y), entry, patterns)
    sig = data.get("significance") or {}
    statistics = _statistics(path, root, sig, data.get("presentation") or {}, data.get("weighting") or {})
    return ReportConfig(
        root=root,
        years=years,
        output_dir=root / data.get("output_dir", "outputs"),
        chapters=dict(data.get("chapters") or {}),
        alpha=float(sig.get("alpha", 0.05)),
        permutation_resamples=int(sig.get("permutation_resamples", 20000)),
        permutation_seed=int(sig.get("permutation_seed", 2026)),
        small_base=int((data.get("presentation") or {}).get("small_base", 20)),
        privacy_file=root / data.get("privacy_file", "config/privacy.yml"),
        statistics=statistics,
        patterns=tuple(patterns.items()),
        folders=tuple(folders.items()),
    )


def _choice(path: Path, where: str, value, allowed: tuple[str, ...]) -> str:
    if str(value) not in allowed:
        raise ConfigError(f"{path}: {where}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _flag(path: Path, where: str, value) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: {where}: expected true or false, got {value!r}")
    return value


def _statistics(path: Path, root: Path, sig: dict, presentation: dict, weighting: dict) -> StatisticsSettings:
    """The statistical settings of `config/report.yml`, checked (a wrong value names its key)."""
    default = StatisticsSettings()
    settings = StatisticsSettings(
        multiple_testing=_choice(path, "significance: multiple_testing",
                                 sig.get("multiple_testing", default.multiple_testing), MULTIPLE_TESTING),
        change_test=_choice(path, "significance: change_test", sig.get("change_test", default.change_test),
                            CHANGE_TESTS),
        finite_population_correction=_flag(path, "significance: finite_population_correction",
                                           sig.get("finite_population_correction", False)),
        confidence=float(sig.get("confidence", default.confidence)),
        show_intervals=_flag(path, "presentation: intervals", presentation.get("intervals", False)),
        weighting=_flag(path, "weighting: enabled", weighting.get("enabled", False)),
        population_file=root / str(weighting.get("population", "config/population.yml")),
        weighting_margins=tuple(str(m) for m in weighting.get("margins", default.weighting_margins)),
        raking_max_iterations=int(weighting.get("max_iterations", default.raking_max_iterations)),
    )
    if settings.change_test == "fisher" and settings.finite_population_correction:
        raise ConfigError(f"{path}: significance: finite_population_correction needs change_test: score "
                          "(Fisher's exact test has no finite-population form)")
    if not 0.5 < settings.confidence < 1:
        raise ConfigError(f"{path}: significance: confidence must lie between 0.5 and 1, got {settings.confidence}")
    return settings
