"""The model of ``check-year`` (:mod:`wlzmonitor.spec.year_check`): findings, the result, and the
files every check reads (:class:`Context`), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.codebook import Codebook, CodebookError
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import ReportConfig
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.layout import LayoutError, ReportLayout, load_layout, resolve_layout
from wlzmonitor.spec.notebook_scan import NotebookScan, scan_notebook
from wlzmonitor.spec.option_match import CodeMaps
from wlzmonitor.spec.paths import in_root, named_for_reader, rel_to_root, shown_path

__all__ = ["Finding", "YearCheck", "YearCheckError", "LEVELS", "Context", "load_context", "question_lines",
           "read_notebooks", "shown_path"]

LEVELS = ("error", "warning", "note")


class YearCheckError(InputError):
    """check-year found errors: the report would be wrong. The message lists every finding."""


@dataclass(frozen=True)
class Finding:
    level: str  # error | warning | note
    kind: str
    where: str  # file[:line] and what (table, question)
    message: str

    def text(self) -> str:
        return f"{self.level.upper() if self.level != 'note' else 'note'}: [{self.kind}] {self.where}: {self.message}"


@dataclass
class YearCheck:
    year: int
    findings: list[Finding] = field(default_factory=list)
    #: each check's findings, by its function's name (empty when the files did not load)
    by_check: dict[str, list[Finding]] = field(default_factory=dict)
    #: the prose check's findings by chapter (notebook stem): kept by run_all per notebook
    prose_by_notebook: dict[str, list[Finding]] = field(default_factory=dict)
    #: the repository: a file inside it is named relative to it (as config/report.yml is)
    root: Path | None = None

    def of(self, level: str) -> list[Finding]:
        return [f for f in self.findings if f.level == level]

    @property
    def errors(self) -> list[Finding]:
        return self.of("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.of("warning")

    @property
    def notes(self) -> list[Finding]:
        return self.of("note")

    @property
    def clean(self) -> bool:
        return not self.errors and not self.warnings

    def kinds(self, level: str | None = None) -> set[str]:
        return {f.kind for f in self.findings if level is None or f.level == level}

    def summary(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"
        return (f"check-year {self.year}: {count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')}, "
                f"{count(len(self.notes), 'note')}")

    def text(self, levels: tuple[str, ...] = LEVELS) -> str:
        lines = [self.summary()]
        for level in levels:
            lines += [f"  {f.text()}" for f in self.of(level)]
        text = "\n".join(lines)
        # relative to the repository only where the reader stands in it: run from elsewhere (WLZ_MONITOR_ROOT, or a
        # subfolder), 'data/codebooks/2026.yml' would name a file of the working folder, not of the repository
        return named_for_reader(text, self.root)


@dataclass
class Context:
    """Everything a check reads, loaded once."""

    year: int
    config: ReportConfig
    codebook: Codebook
    layout: ReportLayout  # resolved against the codebook
    raw_layout: ReportLayout  # as the file says
    previous: int | None = None  # the latest earlier configured year with a codebook
    codebooks: dict[int, Codebook] = field(default_factory=dict)  # every configured year that loads
    layouts: dict[int, ReportLayout] = field(default_factory=dict)  # every other configured year's (resolved)
    notebooks: list[NotebookScan] = field(default_factory=list)  # read by read_notebooks
    maps: CodeMaps | None = None
    question_lines: dict[str, int] = field(default_factory=dict)
    #: the printed texts of the year's files (reader_texts.file_texts), once read
    file_texts: tuple | None = None

    @property
    def previous_codebook(self) -> Codebook | None:
        return self.codebooks.get(self.previous) if self.previous is not None else None

    @property
    def previous_layout(self) -> ReportLayout | None:
        return self.layouts.get(self.previous) if self.previous is not None else None

    def rel(self, path: Path | None) -> str:
        """A file as check-year names it: relative to the working folder when it lies below it, else in full
        (:func:`shown_path`; from the repository's root, relative to it as :meth:`YearCheck.text` names files)."""
        return shown_path(path)

    def at_question(self, key: str) -> str:
        """'data/codebooks/2027.yml:245 (Vraag 10 tariefpercentage)'."""
        line = self.question_lines.get(key)
        label = self.codebook.question(key).label if key in self.codebook and key in self.question_lines else key
        return f"{self.rel(self.codebook.path)}{f':{line}' if line else ''} ({label})"

    def at_table(self, spec) -> str:
        return f"{self.rel(self.layout.source)}{f':{spec.line}' if spec.line else ''} ({spec.where})"




def question_lines(path: Path | None) -> dict[str, int]:
    """Question key -> the line of its entry in a codebook file."""
    if path is None or not Path(path).exists():
        return {}
    try:
        root = yaml.compose(read_input_text(Path(path)), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    out: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        if key.value == "questions" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                for k, v in getattr(item, "value", []):
                    if getattr(k, "value", None) == "key" and isinstance(v, yaml.ScalarNode):
                        out[v.value] = item.start_mark.line + 1
    return out


def _load_others(year: int, config: ReportConfig, findings: list[Finding]
                 ) -> tuple[dict[int, Codebook], dict[int, ReportLayout]]:
    codebooks: dict[int, Codebook] = {}
    layouts: dict[int, ReportLayout] = {}
    for y, sources in sorted(config.years.items()):
        if y == year:
            continue
        try:
            if sources.codebook.exists():
                codebooks[y] = load_codebook(sources.codebook)
            if sources.layout.exists() and y in codebooks:
                layouts[y] = resolve_layout(load_layout(sources.layout), codebooks[y])
        except InputError as err:
            findings.append(Finding("warning", "files", f"{y}", f"cannot be read for comparison: {err}"))
    return codebooks, layouts


def _file_named(path: Path, root: Path) -> str:
    """A file a load error names: relative to the repository `root` when working in it, else in full."""
    return rel_to_root(path, root) if in_root(root) else str(path)


def _load_error_finding(err: Exception, paths: tuple[Path, ...], root: Path) -> Finding:
    """The finding of a codebook or layout that does not load: the file as other findings name it, with the
    line the message gives (review h137: 'ERROR: [files] /abs/…/tables.yml: 48: table #4 …', split at the
    first colon, put the line number in the message). Named relative to the repository `root` when the check
    runs in it, as :meth:`YearCheck.text` names files (review h136), else in full."""
    text = str(err)
    for path in paths:
        match = re.match(rf"{re.escape(str(path))}(:\d+)?: ", text)
        if match:
            rest = text[match.end():].strip().replace(str(path), _file_named(path, root))
            return Finding("error", "files", _file_named(path, root) + (match.group(1) or ""), rest)
    where, _, message = text.partition(": ")
    return Finding("error", "files", where, message.strip())


def load_context(year: int, config: ReportConfig, findings: list[Finding]) -> Context | None:
    """The year's files and the other years' (not the notebooks: :func:`read_notebooks`); None
    (errors added) when they do not load."""
    sources = config.sources(year)
    if year not in config.years:
        findings.append(Finding("error", "files", _file_named(Path(config.root) / "config" / "report.yml", config.root),
                                f"{year} is not under years: (python -m wlzmonitor new-year --year {year} adds it)"))
    try:
        codebook = load_codebook(sources.codebook)
        raw_layout = load_layout(sources.layout)
    except (CodebookError, LayoutError) as err:
        findings.append(_load_error_finding(err, (sources.codebook, sources.layout), config.root))
        return None
    if codebook.year != year:
        findings.append(Finding("error", "files", _file_named(sources.codebook, config.root),
                                f"says year {codebook.year}, expected {year}"))
    if raw_layout.year != year:  # review: the 2026 layout under 2027 published 2026's figures as 2027's
        findings.append(Finding("error", "files", _file_named(sources.layout, config.root),
                                f"says year {raw_layout.year}, expected {year} (is config/report.yml's layout for "
                                f"{year} another year's file?)"))
    codebooks, layouts = _load_others(year, config, findings)
    earlier = [y for y in codebooks if y < year]
    ctx = Context(year, config, codebook, resolve_layout(raw_layout, codebook), raw_layout,
                  previous=max(earlier) if earlier else None, codebooks={**codebooks, year: codebook},
                  layouts=layouts, question_lines=question_lines(codebook.path))
    ctx.maps = CodeMaps(ctx.codebooks)
    return ctx


def read_notebooks(ctx: Context) -> None:
    """Scan the chapter notebooks into the context (the checks of what the pages show read them)."""
    ctx.notebooks = [scan_notebook(ctx.config.notebook(stem)) for stem in ctx.config.chapters]
