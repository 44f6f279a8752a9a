"""The control panel (`config/report.yml`): years and their files, chapters, thresholds.

This is the one place that turns the configuration into paths. Every file of a survey year
(export, codebook, layout, published figures, export mapping, codeframe, demo settings) is
named under `years:` or, when left out there, follows the pattern under `files:` with `{year}`
filled in; the patterns have defaults (``FILE_PATTERNS``). No other module builds a `data/...`
path of its own.

The output folder is where a run deletes and replaces things, so `output_dir` is checked when
the configuration is read (:func:`output_dir_problem`): it must resolve (symbolic links
followed) inside the repository, or inside a folder listed under `allowed_output_roots`
(absolute paths, for an output on purpose outside the repository); it may not be the
repository or a folder above it, may not contain any input (exports, codebooks, layouts,
published figures, mappings, codeframes, `config/`, `notebooks/`, the library) and may not lie
inside an input folder. `wlzmonitor.run.output_guard` adds the tracked files of git at run time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from wlzmonitor.spec.input_files import decode_input_text, exports_beside, read_input_bytes
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.paths import repo_root, shown_path
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text

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
    #: weighting.population: member counts per group; a path with ``{year}`` is a file per survey year
    #: (:meth:`ReportConfig.population_for`), one without it serves every year
    population_file: Path | None = None
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
    #: the year's own chapters in report order (`years: <year>: chapters:`), stem -> title; None: the
    #: report's `chapters:` (a wave that drops or adds a chapter leaves the other years' reports as they are)
    chapters: tuple[tuple[str, str], ...] | None = None

    @property
    def known_discrepancies(self) -> Path:
        return self.published / "known_discrepancies.yml"


@dataclass(frozen=True)
class PublicationSettings:
    """When a run may replace the published output (`publication:` in config/report.yml)."""

    min_respondents: int = 10  # fewer organisations than this: nothing is published
    max_drop: float = 0.5  # a larger share fewer respondents than the output it replaces: only with --accept-drop


@dataclass(frozen=True)
class RunSettings:
    """How run_all.py runs the chapters (`run:` in config/report.yml)."""

    #: seconds one notebook cell may run before its chapter fails (None: no limit); a loop that never
    #: ends would otherwise keep the run, and every run that waits for it (--wait), waiting
    cell_timeout: float | None = 600.0


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
    #: absolute folders outside the repository that an output_dir may lie in
    allowed_output_roots: tuple[Path, ...] = ()
    publication: PublicationSettings = PublicationSettings()
    run: RunSettings = RunSettings()
    #: the SHA-256 (hex) of the config/report.yml bytes this configuration was read from ("" when built in
    #: code): a run checks that its snapshot of the inputs holds these very bytes (run.report_plan)
    source_sha256: str = field(default="", compare=False)

    def year(self, year: int) -> YearSources:
        """The files of a configured year that has an export (else a ConfigError listing those that do)."""
        if year not in self.years or not self.years[year].export.exists():
            have = ", ".join(str(y) for y in sorted(self.years) if self.years[y].export.exists())
            if year in self.years:
                export = self.years[year].export
                beside = exports_beside(export)
                # the export as the reader opens it from the working folder (review h145: its own copy of
                # rel_to_root named it relative to the repository from a subfolder too)
                where = (f" (no export at {shown_path(export)}: put the {year} export there, "
                         f"or correct 'export' under {year} in config/report.yml"
                         + (f"; its folder holds {', '.join(beside)}" if beside else "") + ")")
            else:
                where = (f": {year} is not under years: in config/report.yml (python -m wlzmonitor new-year --year "
                         f"{year} adds it, with its codebook and layout; docs/survey_years.md)")
            raise ConfigError(f"no survey data for {year}{where}; years with data: {have or 'none'}")
        return self.years[year]

    def sources(self, year: int) -> YearSources:
        """The files of any year: as configured, or by the `files:` patterns (nothing checked)."""
        if year in self.years:
            return self.years[year]
        return _year_sources(self.root / "config" / "report.yml", self.root, year, {}, dict(self.patterns))

    def folder(self, name: str) -> Path:
        """A folder that is not per year: 'sources', 'mappings' or 'codeframes'."""
        return self.root / dict(self.folders)[name]

    def output_for(self, year: int) -> Path:
        return self.output_dir / str(year)

    def population_for(self, year: int) -> Path | None:
        """The member population file of survey `year` (``weighting: population``; with ``{year}`` in
        it a file per year, else one file for every year)."""
        path = self.statistics.population_file
        return None if path is None else Path(str(path).replace("{year}", str(year)))

    @property
    def population_per_year(self) -> bool:
        """Each survey year has a population file of its own (``{year}`` in ``weighting: population``)."""
        return self.statistics.population_file is not None and "{year}" in str(self.statistics.population_file)

    def notebook(self, stem: str) -> Path:
        """The committed notebook (jupytext py:percent) of chapter `stem`."""
        return self.root / "notebooks" / f"{stem}.py"

    def with_output_dir(self, path: str | Path) -> "ReportConfig":
        """This configuration writing to `path`, given on purpose (allowed even outside the
        repository; the other output_dir rules still hold, see :func:`output_dir_problem`)."""
        folder = Path(path).resolve()
        changed = replace(self, output_dir=folder, allowed_output_roots=(*self.allowed_output_roots, folder))
        problem = output_dir_problem(changed)
        if problem:
            raise ConfigError(f"output folder {folder}: {problem}")
        return changed

    def input_paths(self) -> list[Path]:
        """Every file and folder the report reads (of every configured year), for the output rules."""
        paths = [p for y in self.years.values() for p in (y.export, y.codebook, y.layout, y.published, y.mapping,
                                                        y.codeframe, y.demo)]
        paths += [self.root / rel for _, rel in self.folders]
        paths += [self.root / "config", self.root / "notebooks", self.root / "lib", self.root / "tests"]
        if self.privacy_file is not None:
            paths.append(self.privacy_file)
        paths += [p for y in self.years if (p := self.population_for(y)) is not None]
        return list(dict.fromkeys(paths))

    def weighted(self, enabled: bool = True) -> "ReportConfig":
        """This configuration with post-stratification weighting switched on (or off)."""
        return replace(self, statistics=replace(self.statistics, weighting=enabled))

    def for_year(self, year: int) -> "ReportConfig":
        """This configuration as `year`'s report reads it: its `chapters` are the year's own where
        ``years: <year>: chapters:`` lists them (else the report's `chapters:`). Every entry point of one
        year's report (run_all, check-year, a chapter notebook, the deny list) reads this; applying it twice
        is applying it once."""
        sources = self.years.get(year)
        own = sources.chapters if sources is not None else None
        same = own is None or list(own) == list(self.chapters.items())  # the order too: a dict's == ignores it
        return self if same else replace(self, chapters=dict(own))


def _year_sources(path: Path, root: Path, year: int, entry: dict, patterns: dict[str, str]) -> YearSources:
    paths = {k: root / str(entry.get(k) or patterns[k].format(year=year)) for k in FILE_PATTERNS}
    chapters = None
    if "chapters" in entry:
        value = entry["chapters"]
        if not isinstance(value, dict) or not value:
            raise ConfigError(f"{path}: years: {year}: chapters: expected the year's chapters in report order, "
                              f"notebook stem -> page title (as under chapters:); got {value!r}")
        chapters = tuple(_chapters(path, root, value, f"years: {year}: chapters").items())
    return YearSources(year=year, **paths, chapters=chapters)


def _config_data(root: Path, path: Path) -> tuple[bytes, object]:
    """config/report.yml of `root`: its bytes and YAML data; a ConfigError when it cannot be read."""
    try:
        raw = read_input_bytes(path)
        return raw, yaml.load(decode_input_text(path, raw), Loader=StrictLoader)  # noqa: S506 (safe loader)
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found (the control panel of the report)") from None
    except NotADirectoryError:  # coding --root FILE, WLZ_MONITOR_ROOT=FILE (review h128: a traceback)
        raise ConfigError(f"{root}: not a folder; expected the repository root, the folder that holds "
                          "config/report.yml") from None
    except OSError as err:  # a symbolic link loop, no permission (review h136: a traceback)
        raise ConfigError(f"{path}: cannot be read ({err.strerror}); expected the repository root, the folder "
                          "that holds config/report.yml") from None
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {yaml_error_text(err)}") from None
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None


@lru_cache(maxsize=None)
def load_config(root: Path | None = None) -> ReportConfig:
    """Read `<root>/config/report.yml` (root: the repository, see `paths.repo_root`)."""
    root = Path(root) if root else repo_root()
    path = root / "config" / "report.yml"
    raw, data = _config_data(root, path)
    if data is None:
        raise ConfigError(f"{path}: the file is empty; expected the years, chapters and settings "
                          "(see docs/data_contracts.md)")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    _check_sections(path, data)
    files = data.get("files") or {}
    unknown = sorted(set(files) - set(FILE_PATTERNS) - set(FOLDERS))
    if unknown:
        raise ConfigError(f"{path}: files: unknown key(s) {', '.join(unknown)}; "
                          f"known: {', '.join([*FILE_PATTERNS, *FOLDERS])}")
    if not isinstance(files, dict):
        raise ConfigError(f"{path}: files: expected a mapping of file patterns (export: data/raw/{{year}}/...)")
    for key, value in files.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: files: {key}: expected a path (text), got {value!r}")
        if key in FILE_PATTERNS:
            try:
                value.format(year=2026)
            except (KeyError, IndexError, ValueError) as err:
                raise ConfigError(f"{path}: files: {key}: {value!r} is no pattern of the year: write {{year}} "
                                  f"where the year goes (and no other braces) ({type(err).__name__}: {err})") from None
    patterns = {k: str(files.get(k, v)) for k, v in FILE_PATTERNS.items()}
    folders = {k: str(files.get(k, v)) for k, v in FOLDERS.items()}
    years = {}
    for y, entry in (data.get("years") or {}).items():
        if isinstance(y, bool) or not isinstance(y, int) or not 2000 <= y <= 2100:
            raise ConfigError(f"{path}: years: {y!r} is not a survey year (a year such as 2026)")
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}: years: {y}: expected a mapping of files (export, codebook, ...)")
        wrong = sorted(set(entry) - set(FILE_PATTERNS) - {"chapters"})
        if wrong:
            raise ConfigError(f"{path}: years: {y}: unknown key(s) {', '.join(wrong)}; "
                              f"known: {', '.join([*FILE_PATTERNS, 'chapters'])}")
        years[int(y)] = _year_sources(path, root, int(y), entry, patterns)
    sig = data.get("significance") or {}
    statistics = _statistics(path, root, sig, data.get("presentation") or {}, data.get("weighting") or {})
    allowed = _allowed_roots(path, data.get("allowed_output_roots"))
    output_dir = _output_dir(path, root, data.get("output_dir", "outputs"))
    config = ReportConfig(
        root=root,
        years=years,
        output_dir=output_dir,
        chapters=_chapters(path, root, data.get("chapters") or {}),
        alpha=_number(path, "significance: alpha", sig.get("alpha", 0.05), 0.0001, 0.5),
        permutation_resamples=int(_number(path, "significance: permutation_resamples",
                                          sig.get("permutation_resamples", 20000), 100, 10_000_000, whole=True)),
        permutation_seed=int(_number(path, "significance: permutation_seed", sig.get("permutation_seed", 2026),
                                     0, 2**32 - 1, whole=True)),
        small_base=int(_number(path, "presentation: small_base",
                               (data.get("presentation") or {}).get("small_base", 20), 0, 10_000, whole=True)),
        privacy_file=root / _text(path, "privacy_file", data.get("privacy_file", "config/privacy.yml")),
        statistics=statistics,
        patterns=tuple(patterns.items()),
        folders=tuple(folders.items()),
        allowed_output_roots=allowed,
        publication=_publication(path, data.get("publication") or {}),
        run=_run_settings(path, data.get("run") or {}),
        source_sha256=hashlib.sha256(raw).hexdigest(),
    )
    problem = output_dir_problem(config)
    if problem:
        raise ConfigError(f"{path}: output_dir: {data.get('output_dir', 'outputs')!r} {problem}")
    return config


#: The sections of config/report.yml (docs/data_contracts.md); anything else is a typo.
SECTIONS = ("years", "files", "output_dir", "allowed_output_roots", "publication", "run", "chapters",
            "significance", "presentation", "weighting", "privacy_file")
_MAPPINGS = ("years", "files", "publication", "run", "chapters", "significance", "presentation", "weighting")
#: The settings of the sections whose keys are fixed (a misspelt one would silently keep the default).
SETTINGS = {
    "significance": ("alpha", "permutation_resamples", "permutation_seed", "change_test", "multiple_testing",
                     "finite_population_correction", "confidence"),
    "presentation": ("small_base", "intervals"),
    "weighting": ("enabled", "population", "margins", "max_iterations"),
}


def _check_sections(path: Path, data: dict) -> None:
    """Every top-level key known, every section that holds settings a mapping."""
    unknown = sorted(str(k) for k in data if k not in SECTIONS)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(repr(k[:40]) for k in unknown)}; "
                          f"known: {', '.join(SECTIONS)}")
    for name in _MAPPINGS:
        if data.get(name) is not None and not isinstance(data[name], dict):
            raise ConfigError(f"{path}: {name}: expected a mapping (key: value lines), "
                              f"got {type(data[name]).__name__}")
    for name, known in SETTINGS.items():
        wrong = sorted(str(k) for k in (data.get(name) or {}) if k not in known)
        if wrong:
            raise ConfigError(f"{path}: {name}: unknown key(s) {', '.join(wrong)}; known: {', '.join(known)}")


def _number(path: Path, where: str, value, lo: float, hi: float, *, whole: bool = False) -> float:
    """A number setting between ``lo`` and ``hi`` (a whole number when ``whole``), or a ConfigError."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and lo <= value <= hi
    if ok and whole and float(value) != int(value):
        ok = False
    if not ok:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"{path}: {where}: expected {kind} from {lo:g} to {hi:g}, got {value!r}")
    return float(value)


def _text(path: Path, where: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: {where}: expected a file name, got {value!r}")
    return value


def _margins(path: Path, value) -> tuple[str, ...]:
    """`weighting: margins:` a list of variable names (a single name, an empty value or a number
    was split into letters or gave a traceback)."""
    if not isinstance(value, (list, tuple)) or not value or not all(isinstance(m, str) and m.strip() for m in value):
        raise ConfigError(f"{path}: weighting: margins: expected a list of the population file's variables, "
                          f"e.g. [omzetgroep, uitvoerder]; got {value!r}")
    twice = next((m for i, m in enumerate(value) if m.strip() in [v.strip() for v in value[:i]]), None)
    if twice is not None:  # review h159: [omzetgroep, omzetgroep] stopped raking with a bare IndexError
        raise ConfigError(f"{path}: weighting: margins: {twice.strip()!r} is listed twice; each variable is one "
                          f"margin, e.g. [omzetgroep, uitvoerder]; got {value!r}")
    return tuple(value)


def _chapters(path: Path, root: Path, value: dict, where: str = "chapters") -> dict[str, str]:
    """`chapters:` (or a year's, `where`) notebook stem -> page title; each stem a notebook in notebooks/."""
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {where}: expected notebook stem -> page title, got {value!r}")
    out = {}
    for stem, title in value.items():
        if not isinstance(stem, str) or not re.fullmatch(r"[A-Za-z0-9_]+", stem):
            raise ConfigError(f"{path}: {where}: {stem!r} is not a notebook name (letters, digits, _)")
        if not isinstance(title, str) or not title.strip():
            raise ConfigError(f"{path}: {where}: {stem}: expected the page title, got {title!r}")
        out[stem] = title
    # a chapter's charts are named <stem>_<table key>: with one stem the start of another
    # (bijlage_1 and bijlage_1_respons) a chart file could belong to either
    clash = next(((a, b) for a in out for b in out if a != b and b.startswith(a + "_")), None)
    if clash:
        raise ConfigError(f"{path}: {where}: {clash[0]!r} is the start of {clash[1]!r}; chart files are named "
                          "<chapter>_<table>, so one chapter name may not begin with another followed by '_': "
                          "rename one of them")
    return out


def _output_dir(path: Path, root: Path, value) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: output_dir: expected a folder name such as 'outputs', got {value!r}")
    return root / value


def _allowed_roots(path: Path, value) -> tuple[Path, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and Path(v).expanduser().is_absolute()
                                              for v in value):
        raise ConfigError(f"{path}: allowed_output_roots: expected a list of absolute folders, got {value!r}")
    return tuple(Path(v).expanduser() for v in value)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_dir_problem(config: ReportConfig) -> str | None:
    """Why `config.output_dir` may not be written to and cleaned by a run (None when it may).

    Symbolic links are followed: what counts is the folder the run would really write in.
    """
    out, root = config.output_dir.resolve(), config.root.resolve()
    if _inside(root, out):
        return (f"resolves to {out}, which is the repository or a folder above it: a run replaces folders in "
                "its output folder; use a folder of its own such as 'outputs'")
    if _inside(out, root):
        top = out.relative_to(root).parts[0]
        if top.startswith("."):  # .git, .venv, .jupyter, .ci: the repository's own machinery
            return (f"resolves to {out}, inside the repository's hidden folder {top}/ (git, the environment, "
                    "settings); use a folder of its own such as 'outputs'")
    inputs = [item.resolve() for item in config.input_paths()]
    # input folders: the folders among the inputs and the folders of input files (data/raw/2026, ...)
    folders = [i for i in inputs if i.is_dir()] + [i.parent for i in inputs if i.is_file() and i.parent != root]
    for item in inputs:
        if _inside(item, out):
            return (f"resolves to {out}, which holds input {item}: a run replaces folders in its output folder; "
                    "use a folder of its own such as 'outputs'")
    for folder in folders:
        if _inside(out, folder):
            return f"resolves to {out}, inside the input folder {folder}; use a folder of its own such as 'outputs'"
    allowed = [root, *(a.resolve() for a in config.allowed_output_roots)]
    if not any(_inside(out, a) for a in allowed):
        return (f"resolves to {out}, outside the repository ({root}); to write there on purpose, list that "
                "folder (or one above it) under allowed_output_roots in config/report.yml")
    return None


def output_file_problem(config: ReportConfig, path: str | Path) -> str | None:
    """Why a command may not write the file `path` (a data-quality log, the coding workbook): it
    would overwrite an input of the report (an export is in no version control: it would be lost),
    or it is a folder, a pipe or a device. None when it may. Symbolic links are followed."""
    target = Path(path).resolve()
    if target.exists() and not target.is_file():
        kind = "a folder" if target.is_dir() else "not a regular file (a pipe or a device)"
        return f"{path} is {kind}; give the name of a file to write"
    root = config.root.resolve()
    if _inside(target, root) and target != root and target.relative_to(root).parts[0].startswith("."):
        return f"{path} is inside the repository's hidden folder {target.relative_to(root).parts[0]}/"
    inputs = [item.resolve() for item in config.input_paths()]
    # an input folder, or the folder of an input file (data/raw/2026 of the export)
    folders = [i for i in inputs if i.is_dir()] + [i.parent for i in inputs if i.is_file() and i.parent != root]
    for item in [*inputs, *folders]:
        if _inside(target, item):
            what = "an input of the report" if target == item else f"inside the input folder {item}"
            return f"{path} is {what}; a command writes its files elsewhere, e.g. in outputs/"
    return _replaced_by_a_run(config, path, target)


def _replaced_by_a_run(config: ReportConfig, path: str | Path, target: Path) -> str | None:
    """Why `target` may not be written: it lies in a folder a run replaces whole or cleans (``outputs/<year>/``,
    ``outputs/gewogen/<year>/``, ``outputs/.cache``, a staging folder). Review h88: a coding workbook exported
    into outputs/2026/ and edited there for hours was deleted by the next run, without a word."""
    out = config.output_dir.resolve()
    for base in (out, out / WEIGHTED_OUTPUT):
        if _inside(target, base) and target != base:
            first = target.relative_to(base).parts[0]
            if first.isdigit() or first.startswith("."):
                return (f"{path} is inside {base / first}, which a run replaces or cleans: the next run would delete "
                        "it; write it elsewhere, e.g. in outputs/codering/")
    return None


def _publication(path: Path, section: dict) -> PublicationSettings:
    """`publication:` of config/report.yml, checked."""
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: publication: expected a mapping (min_respondents, max_drop)")
    unknown = sorted(set(section) - {"min_respondents", "max_drop"})
    if unknown:
        raise ConfigError(f"{path}: publication: unknown key(s) {', '.join(unknown)}; known: min_respondents, max_drop")
    default = PublicationSettings()
    minimum = section.get("min_respondents", default.min_respondents)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        raise ConfigError(f"{path}: publication: min_respondents must be a whole number >= 1, got {minimum!r}")
    drop = section.get("max_drop", default.max_drop)
    if isinstance(drop, bool) or not isinstance(drop, (int, float)) or not 0 < drop <= 1:
        raise ConfigError(f"{path}: publication: max_drop must be a share between 0 and 1 (0.5 = half), "
                          f"got {drop!r}")
    return PublicationSettings(min_respondents=minimum, max_drop=float(drop))


def _run_settings(path: Path, section: dict) -> RunSettings:
    """`run:` of config/report.yml, checked."""
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: run: expected a mapping (cell_timeout)")
    unknown = sorted(set(section) - {"cell_timeout"})
    if unknown:
        raise ConfigError(f"{path}: run: unknown key(s) {', '.join(unknown)}; known: cell_timeout")
    limit = section.get("cell_timeout", RunSettings().cell_timeout)
    if limit is None or (not isinstance(limit, bool) and limit == 0):  # no limit
        return RunSettings(cell_timeout=None)
    # whole seconds: the notebook client's timeout is an integer setting, and 1.5 failed every chapter
    # with "The 'timeout' trait of a NotebookClient instance expected an int, not the float 1.5"
    return RunSettings(cell_timeout=_number(path, "run: cell_timeout (seconds a notebook cell may run; 0: no limit)",
                                            limit, 1, 86_400, whole=True))


def _choice(path: Path, where: str, value, allowed: tuple[str, ...]) -> str:
    if str(value) not in allowed:
        raise ConfigError(f"{path}: {where}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _flag(path: Path, where: str, value) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: {where}: expected true or false, got {value!r}")
    return value


def _population_pattern(path: Path, value) -> str:
    """`weighting: population:` a path, with ``{year}`` for a file per survey year (no other braces)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: weighting: population: expected a path (text), got {value!r}")
    try:
        value.format(year=2026)
    except (KeyError, IndexError, ValueError) as err:
        raise ConfigError(f"{path}: weighting: population: {value!r}: write {{year}} where the year goes for a file "
                          f"per year (and no other braces) ({type(err).__name__}: {err})") from None
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
        confidence=_number(path, "significance: confidence", sig.get("confidence", default.confidence), 0.5, 0.999),
        show_intervals=_flag(path, "presentation: intervals", presentation.get("intervals", False)),
        weighting=_flag(path, "weighting: enabled", weighting.get("enabled", False)),
        population_file=root / _population_pattern(path, weighting.get("population", "config/population.yml")),
        weighting_margins=_margins(path, weighting.get("margins", default.weighting_margins)),
        raking_max_iterations=int(_number(path, "weighting: max_iterations",
                                          weighting.get("max_iterations", default.raking_max_iterations),
                                          1, 100_000, whole=True)),
    )
    if settings.change_test == "fisher" and settings.finite_population_correction:
        raise ConfigError(f"{path}: significance: finite_population_correction needs change_test: score "
                          "(Fisher's exact test has no finite-population form)")
    if not 0.5 < settings.confidence < 1:
        raise ConfigError(f"{path}: significance: confidence must lie between 0.5 and 1, got {settings.confidence}")
    return settings


#: Where a weighted run writes (inside the output folder, beside the unweighted years).
WEIGHTED_OUTPUT = "gewogen"


def weighted_config(root: Path | None = None) -> ReportConfig:
    """The configuration of a weighted run: weighting on, output in `<output_dir>/gewogen/<year>/`."""
    config = load_config(root)
    return replace(config.weighted(), output_dir=config.output_dir / WEIGHTED_OUTPUT)
