"""The report layout: which computation produces each published table.

`data/reports/<year>/tables.yml` lists every table of a year's report with a stable key, the
number the report gives it, the question it is computed from, its kind, and rows/columns in the
printed order. Notebooks, the reproduction test and the demo generator all read it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.errors import InputError

KINDS = {
    "single", "multi", "matrix", "matrix_share", "scale_means", "numeric",
    "nps", "nps_by", "frequency", "response", "mapping",
}
BREAKDOWN_KINDS = {"single"}


class LayoutError(InputError):
    """The layout file is malformed; the message names the file and the table."""


@dataclass(frozen=True)
class TableSpec:
    key: str
    number: str
    chapter: str
    question: str | None
    kind: str
    rows: tuple[Any, ...]
    columns: tuple[Any, ...]
    by: str | None = None
    column_labels: dict[int, str] = field(default_factory=dict)
    note: str | None = None
    share_of: tuple[int, ...] = ()
    title: str | None = None
    # False: the year's report published no figures for this table (a year derived from a later
    # report): it is computed from the year's data but not aligned, targeted or back-tested.
    # A tuple of row codes: only those rows are published (in that order).
    published: bool | tuple = True

    @property
    def published_rows(self) -> tuple:
        """The rows the published cells cover, in their printed order."""
        if self.published is True:
            return self.rows
        return tuple(self.published) if self.published else ()

    @property
    def is_breakdown(self) -> bool:
        return self.by is not None

    @property
    def is_trend(self) -> bool:
        """Columns are survey years."""
        return self.kind in {"single", "multi", "matrix_share", "scale_means", "nps"} and not self.by

    def column_label(self, column: Any) -> str:
        """Printed label of a column (survey years may be printed as another year)."""
        if isinstance(column, int) and column in self.column_labels:
            return self.column_labels[column]
        return str(column)


@dataclass(frozen=True)
class ReportLayout:
    year: int
    tables: tuple[TableSpec, ...]
    source: Path
    numbering: int | None = None  # the year whose report gave the table numbers (None: this year's)

    @property
    def numbers_are_own(self) -> bool:
        """The table numbers are those of this year's own report."""
        return self.numbering in (None, self.year)

    def table(self, key_or_number: str) -> TableSpec:
        for spec in self.tables:
            if key_or_number in (spec.key, spec.number):
                return spec
        raise KeyError(f"{self.source}: no table '{key_or_number}'")

    def chapter(self, chapter: str) -> list[TableSpec]:
        return [t for t in self.tables if t.chapter == chapter]

    @property
    def chapters(self) -> list[str]:
        seen: list[str] = []
        for t in self.tables:
            if t.chapter not in seen:
                seen.append(t.chapter)
        return seen


_ALLOWED = {"key", "number", "chapter", "question", "kind", "rows", "columns", "by",
            "column_labels", "note", "share_of", "title", "published"}


def _read_layout_file(path: Path) -> dict:
    """The layout file's YAML, checked to be a mapping with a year and a list of tables."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LayoutError(f"{path}: no report layout (config/report.yml names it for the year)") from None
    except yaml.YAMLError as err:
        raise LayoutError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("tables") or [], list):
        raise LayoutError(f"{path}: expected a mapping with 'year' and a list 'tables'")
    if not isinstance(data.get("year"), int) or isinstance(data.get("year"), bool):
        raise LayoutError(f"{path}: 'year' must be the survey year, got {data.get('year')!r}")
    for i, raw in enumerate(data.get("tables") or []):
        if not isinstance(raw, dict):
            raise LayoutError(f"{path}: table #{i + 1}: expected a mapping with key, number, chapter, kind")
    return data


def load_layout(path: str | Path) -> ReportLayout:
    """Read and check a report layout; a problem raises LayoutError naming the file and the table."""
    path = Path(path)
    data = _read_layout_file(path)
    tables = []
    seen_keys: set[str] = set()
    seen_numbers: set[str] = set()
    for i, raw in enumerate(data.get("tables") or []):
        where = f"{path}: table #{i + 1} ({raw.get('key', '?')})"
        unknown = set(raw) - _ALLOWED
        if unknown:
            raise LayoutError(f"{where}: unknown field(s) {sorted(unknown)}")
        for required in ("key", "number", "chapter", "kind"):
            if not raw.get(required):
                raise LayoutError(f"{where}: '{required}' is missing")
        if raw["kind"] not in KINDS:
            raise LayoutError(f"{where}: kind '{raw['kind']}' is not one of {sorted(KINDS)}")
        if raw["key"] in seen_keys or raw["number"] in seen_numbers:
            raise LayoutError(f"{where}: duplicate key or number")
        seen_keys.add(raw["key"])
        seen_numbers.add(raw["number"])
        tables.append(
            TableSpec(
                key=raw["key"],
                number=raw["number"],
                chapter=raw["chapter"],
                question=raw.get("question"),
                kind=raw["kind"],
                rows=tuple(raw.get("rows") or ()),
                columns=tuple(raw.get("columns") or ()),
                by=raw.get("by"),
                column_labels={int(k): str(v) for k, v in (raw.get("column_labels") or {}).items()},
                note=raw.get("note"),
                share_of=tuple(raw.get("share_of") or ()),
                title=raw.get("title"),
                published=(tuple(raw["published"]) if isinstance(raw.get("published"), list)
                           else bool(raw.get("published", True))),
            )
        )
    numbering = data.get("numbering")
    return ReportLayout(year=int(data["year"]), tables=tuple(tables), source=path,
                        numbering=int(numbering) if numbering is not None else None)


@lru_cache(maxsize=None)
def layout_for_year(year: int, root: str | None = None) -> ReportLayout:
    """The layout of ``year`` named in ``config/report.yml`` (root: the repository root)."""
    return load_layout(load_config(Path(root) if root else None).sources(year).layout)


def check_against_codebook(layout: ReportLayout, codebook: Codebook) -> None:
    """Every question a table is computed from (and its breakdown) is in the year's codebook.

    Raises LayoutError naming the layout file, the table and the codebook file, so a question
    dropped from a new questionnaire but left in the layout is reported before anything is computed.
    """
    problems = []
    for spec in layout.tables:
        for role, key in (("question", spec.question), ("by", spec.by)):
            if key is not None and key not in codebook:
                problems.append(f"  {spec.number} ({spec.key}): {role} '{key}' is not in the codebook")
    if problems:
        raise LayoutError(f"{layout.source}: tables name questions that codebook {codebook.path or codebook.year} "
                          "does not have (drop the table from the layout or fix the key):\n" + "\n".join(problems))
