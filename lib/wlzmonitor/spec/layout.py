"""The report layout: which computation produces each published table.

`data/reports/<year>/tables.yml` lists every table of a year's report with a stable key, the
question it is computed from, its kind, and rows/columns in the printed order. Notebooks, the
reproduction test and the demo generator all read it here.

Table numbers come from the order of the file: the chapters' tables are "Tabel 1", "Tabel 2", ...
and the appendices' (a chapter whose name starts with ``bijlage``) "Tabel B1", ... in the order
they are listed; a `number` typed in the file overrides it (the layouts derived from a later
report keep that report's numbers). :func:`resolve_layout` completes a layout from its year's
codebook: the printed year of a question about the year before (``year_offset``), the changes of
a question within a table's years (``changes``, the note under the table and which comparisons
are tested), the NPS rows in year order, the prose's year words ``{jaar}``/``{vorig_jaar}`` in a
title or note (:func:`fill_year_words`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.anchors import number_anchor
from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text

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
    #: column year -> how the question asked that year differs from the survey year's (from the
    #: codebook's `changes`; None: the layout was not resolved against a codebook, see resolve_layout)
    changes: dict[int, str] | None = field(default=None, compare=False)
    #: the line of the table's entry in the layout file (for messages)
    line: int | None = field(default=None, compare=False)
    #: the number was typed in the layout file (not assigned from the order)
    typed_number: bool = field(default=False, compare=False)

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

    def changed(self, column: Any) -> str | None:
        """How the question asked in year `column` differs from the survey year's (None: the same)."""
        if self.changes is None or not isinstance(column, int):
            return None
        return self.changes.get(column)

    @property
    def where(self) -> str:
        """'Tabel 3 (maatwerk)' -- how messages name the table."""
        return f"{self.number} ({self.key})"


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

    @property
    def tables_by_key(self) -> dict[str, TableSpec]:
        return {t.key: t for t in self.tables}

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
NPS_CATEGORIES = ("Critici", "Neutralen", "Fans")
#: keys a table may not have: the prose's {jaar}, {vorig_jaar}, {tabel:KEY}, {vraag:KEY}
RESERVED_KEYS = ("jaar", "vorig_jaar", "tabel", "vraag")
NPS_YEAR_ROW = re.compile(r"^NPS (\d{4})$")


def is_appendix(chapter: str) -> bool:
    """Appendix chapters (``bijlage_...``) number their tables B1, B2, ..."""
    return chapter.startswith("bijlage")


def assigned_numbers(chapters: list[str]) -> list[str]:
    """The table numbers of tables in these chapters, in order: Tabel 1, 2, ... and Tabel B1, B2, ..."""
    main = appendix = 0
    out = []
    for chapter in chapters:
        if is_appendix(chapter):
            appendix += 1
            out.append(f"Tabel B{appendix}")
        else:
            main += 1
            out.append(f"Tabel {main}")
    return out


_FAST_LOADER = StrictLoader  # libyaml when PyYAML has it; a repeated key is an error


def _parse(text: str) -> tuple[Any, list[int]]:
    """The YAML document and the line (1-based) of every entry of its `tables` list, in one pass."""
    loader = _FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: list[int] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "tables" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    return data, lines


def _read_layout_file(path: Path) -> tuple[dict, list[int]]:
    """The layout file's YAML, checked to be a mapping with a year and a list of tables; the tables' lines."""
    try:
        data, lines = _parse(read_input_text(path))
    except FileNotFoundError:
        raise LayoutError(f"{path}: no report layout (config/report.yml names it for the year)") from None
    except yaml.YAMLError as err:
        raise LayoutError(f"{path}: not valid YAML: {yaml_error_text(err)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("tables") or [], list):
        raise LayoutError(f"{path}: expected a mapping with 'year' and a list 'tables'")
    if not isinstance(data.get("year"), int) or isinstance(data.get("year"), bool):
        raise LayoutError(f"{path}: 'year' must be the survey year, got {data.get('year')!r}")
    for i, raw in enumerate(data.get("tables") or []):
        if not isinstance(raw, dict):
            raise LayoutError(f"{path}: table #{i + 1}: expected a mapping with key, chapter, kind")
    return data, lines


#: the type of every field of a table (None: the field may be empty or left out)
_FIELD_TYPES = {"key": (str,), "chapter": (str,), "kind": (str,), "question": (str, type(None)),
                "by": (str, type(None)), "note": (str, type(None)), "title": (str, type(None)),
                "number": (str, int, type(None)), "rows": (list, type(None)), "columns": (list, type(None)),
                "share_of": (list, type(None)), "column_labels": (dict, type(None)),
                "published": (list, bool, type(None))}
_TYPE_WORDS = {str: "a text", int: "a number", list: "a list", dict: "a mapping", bool: "true or false"}


def _check_field_types(raw: dict, where: str) -> None:
    """LayoutError naming the field when a table's field has another type than the layout allows, or a row
    is listed twice (review h88: `rows: 5`, `kind: [single]`, `chapter: 7` ended check-year and
    the run in a bare TypeError or AttributeError; a row listed twice passed without a word)."""
    for name, types in _FIELD_TYPES.items():
        value = raw.get(name)
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            words = " or ".join(_TYPE_WORDS[t] for t in types if t is not type(None))
            raise LayoutError(f"{where}: '{name}' must be {words}, got {value!r}"[:400])
    rows = [row for row in raw.get("rows") or [] if isinstance(row, (str, int, float))]  # (columns: check-year)
    twice = sorted({repr(row) for row in rows if rows.count(row) > 1})
    if twice:
        raise LayoutError(f"{where}: rows: {', '.join(twice)} appears twice")


def _check_breakdown(raw: dict, where: str) -> None:
    """LayoutError when ``by`` stands on a table that is not broken down (review h116: a multi, matrix or numeric
    table with ``by: omzetgroep`` printed every respondent, the whole sample, without a word), or an NPS table
    per group has no ``by``."""
    kind, by = raw["kind"], raw.get("by")
    if isinstance(by, str) and not by.strip():  # review h125: 'by: ""' passed as no breakdown on a multi table
        raise LayoutError(f"{where}: 'by' is empty: name the derived variable whose groups the table shows "
                          "(e.g. by: omzetgroep), or remove 'by'")
    if by and by == raw.get("question"):  # review h125: a diagonal table of 100% and 0% without a word
        raise LayoutError(f"{where}: 'by: {by}' breaks the table down by its own question (every group would "
                          "answer its own option: 100%); name another variable, e.g. by: omzetgroep"[:400])
    if by and kind not in BREAKDOWN_KINDS | {"nps_by"}:
        raise LayoutError(f"{where}: 'by: {by}' breaks down only a table of kind "
                          f"{' or '.join(sorted(BREAKDOWN_KINDS | {'nps_by'}))}; a {kind} table is not broken down "
                          "and would print the whole sample: remove 'by', or make it one table per group"[:400])
    if kind == "nps_by" and not by:
        raise LayoutError(f"{where}: a table of kind nps_by needs 'by': the derived variable whose groups it shows "
                          "(e.g. by: uitvoerder)")


def _number_problem(number: str, anchors: dict[str, str]) -> str | None:
    """Why a table's number cannot be linked to: no letter or digit, or the anchor of an earlier table's number
    (review h153: 'Tabel 1' and 'tabel 1' were both #tabel-1, every link led to the first, the second was
    unreachable, and their sheets' names were one to Excel). The number's anchor is added to `anchors`."""
    anchor = number_anchor(number)
    if not anchor:
        return f"number '{number}' has no letter or digit (a-z, 0-9) for the links to its table"
    if anchor in anchors:
        return (f"number '{number}' is linked to as '{anchors[anchor]}' is (#{anchor}): a link could not tell the "
                "two tables apart; number the table otherwise")
    anchors[anchor] = number
    return None


def load_layout(path: str | Path) -> ReportLayout:
    """Read and check a report layout; a problem raises LayoutError naming the file and the table."""
    path = Path(path)
    data, lines = _read_layout_file(path)
    raws = data.get("tables") or []
    numbers = assigned_numbers([str(raw.get("chapter") or "") for raw in raws])
    tables = []
    seen_keys: set[str] = set()
    seen_numbers: set[str] = set()
    anchors: dict[str, str] = {}
    for i, raw in enumerate(raws):
        line = lines[i] if i < len(lines) else None
        where = f"{path}{f':{line}' if line else ''}: table #{i + 1} ({raw.get('key', '?')})"
        unknown = set(raw) - _ALLOWED
        if unknown:
            raise LayoutError(f"{where}: unknown field(s) {sorted(unknown)}")
        _check_field_types(raw, where)
        for required in ("key", "chapter", "kind"):
            if not raw.get(required):
                raise LayoutError(f"{where}: '{required}' is missing")
        if raw["kind"] not in KINDS:
            raise LayoutError(f"{where}: kind '{raw['kind']}' is not one of {sorted(KINDS)}")
        _check_breakdown(raw, where)
        if raw["key"] in RESERVED_KEYS:
            raise LayoutError(f"{where}: '{raw['key']}' is a word of the prose placeholders "
                              f"({', '.join(RESERVED_KEYS)}); give the table another key")
        number = str(raw.get("number") or numbers[i])
        if raw["key"] in seen_keys or number in seen_numbers:
            raise LayoutError(f"{where}: duplicate key or number ({raw['key']}, {number})")
        if (problem := _number_problem(number, anchors)) is not None:
            raise LayoutError(f"{where}: {problem}")
        seen_keys.add(raw["key"])
        seen_numbers.add(number)
        tables.append(
            TableSpec(
                key=raw["key"],
                number=number,
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
                line=line,
                typed_number=bool(raw.get("number")),
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
    problems = missing_questions(layout, codebook)
    if problems:
        raise LayoutError(f"{layout.source}: tables name questions that codebook {codebook.path or codebook.year} "
                          "does not have (drop the table from the layout or fix the key):\n"
                          + "\n".join(f"  {p}" for p in problems))


def missing_questions(layout: ReportLayout, codebook: Codebook) -> list[str]:
    """'line 123: Tabel 18 (capaciteit_gesprek): question 'capaciteit_gesprek' is not in the codebook', ..."""
    problems = []
    for spec in layout.tables:
        keys = [("question", spec.question), ("by", spec.by)]
        if spec.kind == "numeric":
            keys += [("row", r) for r in spec.rows if isinstance(r, str)]
        at = f"line {spec.line}: " if spec.line else ""
        for role, key in keys:
            if key is not None and key not in codebook:
                problems.append(f"{at}{spec.where}: {role} '{key}' is not in the codebook")
        wrong = breakdown_problem(spec, codebook)
        if wrong:
            problems.append(f"{at}{spec.where}: {wrong}")
    return problems


def breakdown_problem(spec: TableSpec, codebook: Codebook) -> str | None:
    """Why the table's ``by`` cannot break it down in `codebook` (review h125: a multi or matrix question as
    ``by`` gave a bare KeyError naming no table, a numeric or open one "has no answer options"), else None.
    Groups come from a derived variable or a single-choice question's options."""
    if not spec.by or spec.by not in codebook:
        return None
    derived = next((d for d in codebook.derived if d.key == spec.by), None)
    if derived is not None:  # (review h127: a group per answer of the table's own question, nearly a diagonal)
        return (f"by '{spec.by}' is made from the table's own question '{spec.question}': each group holds the "
                "answers of one option (a table of 100% and 0%); break it down by another variable"
                if spec.question is not None and derived.source == spec.question else None)
    question = codebook.question(spec.by)
    if question.type == "single" and question.options:
        return None
    return (f"by '{spec.by}' is a {question.type} question: a table is broken down by a derived variable or a "
            "single-choice question (one group per option)")


# ---------------------------------------------------------------------------------------------
# a layout completed from its year's codebook
# ---------------------------------------------------------------------------------------------
def nps_rows_in_order(rows: tuple, year: int | None = None) -> tuple:
    """The rows of an NPS-per-group table in their printed order: the score bands, the NPS of each
    year (oldest first; the survey year's is always there), then everything else ('Totaal (N)')."""
    years = {int(m.group(1)) for r in rows if (m := NPS_YEAR_ROW.match(str(r)))}
    if year is not None:
        years = {y for y in years if y <= year} | {year}
    bands = [r for r in NPS_CATEGORIES if r in rows]
    rest = [r for r in rows if r not in NPS_CATEGORIES and not NPS_YEAR_ROW.match(str(r))]
    return (*bands, *(f"NPS {y}" for y in sorted(years)), *rest)


def effective_changes(changes: dict[int, str], years, year: int) -> dict[int, str]:
    """How the question of each of `years` differs from the survey year's.

    A change the codebook names for year Y holds for the years beyond it as well (2027's question
    changed since 2026: 2025's, asked as 2026's, differs the same way), unless ``changes`` names
    such a year itself."""
    out = {}
    for y in years:
        if not isinstance(y, int) or y == year:
            continue
        if y in changes:
            out[y] = changes[y]
            continue
        between = [c for c in changes if (y < c < year) or (year < c < y)]
        if between:
            out[y] = changes[min(between, key=lambda c: abs(c - y))]
    return out


def derived_note(changes: dict[int, str], columns, year: int) -> str | None:
    """The note under a trend table: how the question changed within its years (None: it did not)."""
    notes = list(dict.fromkeys(effective_changes(changes, columns, year).values()))
    return "; ".join(notes) or None


def derived_labels(spec: TableSpec, offset: int) -> dict[int, str]:
    """The printed year of each year column of a question about another year (``year_offset``)."""
    if not offset:
        return {}
    return {c: str(c + offset) for c in spec.columns if isinstance(c, int)}


#: the prose's year words (``present/figures_text.py``), filled in a table's title and note as in chapter.text:
#: the survey year and the year before (review h142: a year typed there went stale next year)
YEAR_WORDS = (("{jaar}", 0), ("{vorig_jaar}", -1))


def fill_year_words(text: str, year: int) -> str:
    """`text` with {jaar} and {vorig_jaar} replaced by `year` and the year before (the one place they are filled)."""
    for word, offset in YEAR_WORDS:
        text = text.replace(word, str(year + offset))
    return text


def note_from_codebook(spec: TableSpec, codebook: Codebook) -> bool:
    """Whether the note under the table is derived from the codebook's ``changes`` (a trend table of a question
    the codebook has): then a ``note:`` in the layout is never printed, check-year compares it with the derived one."""
    if not spec.is_trend or not spec.question:
        return False
    try:
        codebook.question(spec.question)  # as resolve_spec reads it (a derived variable is no question)
    except KeyError:
        return False
    return True


def resolve_spec(spec: TableSpec, codebook: Codebook) -> TableSpec:
    """One table completed from the survey year's codebook (see :func:`resolve_layout`)."""
    year = codebook.year
    try:
        question = codebook.question(spec.question) if spec.question else None
    except KeyError:
        question = None
    changes = dict(question.changes) if question is not None else {}
    updates: dict[str, Any] = {name: fill_year_words(value, year)
                               for name, value in (("title", spec.title), ("note", spec.note)) if value}
    if spec.is_trend or spec.kind == "nps_by":
        columns = spec.columns if spec.is_trend else tuple(
            int(m.group(1)) for r in spec.rows if (m := NPS_YEAR_ROW.match(str(r))))
        updates["changes"] = effective_changes(changes, columns, year)
    if spec.is_trend and question is not None:
        updates["column_labels"] = {**derived_labels(spec, question.year_offset), **spec.column_labels}
        updates["note"] = derived_note(changes, spec.columns, year)
    if spec.kind == "nps_by":
        updates["rows"] = nps_rows_in_order(spec.rows, year)
    return replace(spec, **updates)


def resolve_layout(layout: ReportLayout, codebook: Codebook) -> ReportLayout:
    """The layout completed from its year's codebook: a trend table's printed years (a question about
    the year before prints that year), the changes of its question within its years (the note under
    it and the comparisons not tested), the NPS rows per year in order, and {jaar}/{vorig_jaar} in a title or
    note filled as in the prose. ``check-year`` reports where the file says otherwise."""
    return replace(layout, tables=tuple(resolve_spec(spec, codebook) for spec in layout.tables))


def moved_table_problem(key: str, number: str, chapter: str, stem: str) -> str:
    """A table shown in another chapter than the layout's: its number, the index, the workbook and
    the links all say the layout's chapter (review: a table moved in the layout stayed on its old
    page, out of order, with broken links)."""
    return (f"chapter.table(\"{key}\") in notebooks/{stem}.py, but the layout puts {number} ({key}) in "
            f"chapter '{chapter}' (its number, the index and the workbook's link say so): show it in "
            f"notebooks/{chapter}.py, or change its chapter: in the layout (a table is shown once, on its chapter's "
            f"page; elsewhere, refer to it with {{tabel:{key}}}); a table that moved chapter between years: "
            f"show it in both notebooks under `if chapter.shows(\"{key}\"):`")


def earlier_data_years(year: int, layout: ReportLayout, config: ReportConfig) -> list[int]:
    """The earlier survey years whose exports a run of `year` reads: those of the layout's trend (and response)
    columns that are configured and have an export (the others are published figures). The year's result reads
    them for the trend columns; the privacy gate's deny list and the scrubber of the year's open answers know
    their contacts (review h132)."""
    shown = {c for spec in layout.tables if spec.is_trend or spec.kind == "response"
             for c in spec.columns if isinstance(c, int) and c < year}
    return sorted(y for y in shown if y in config.years and config.years[y].export.exists())
