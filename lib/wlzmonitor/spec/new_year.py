"""``new-year``: a new survey wave scaffolded from the latest one.

    python -m wlzmonitor new-year --year 2027            # from the latest configured year before it
    python -m wlzmonitor new-year --year 2027 --force    # overwrite the 2027 files

writes, for the new year,

- the **codebook**: the source year's, the source wave's years in its wording moved along ("voor 2026" ->
  "voor 2027"; a year further than one from the source is a fixed date, left and listed; fieldwork dates a year
  later); ``changes`` and ``was`` kept (they say how earlier
  years differ, which is still true of an unchanged question); to be edited into the new questionnaire;
- the **layout**: every table in the same order (numbers follow from the order: none is typed),
  trend columns extended with the new year (the last ``window`` waves; a long series whose first
  years come from published reports keeps them all), the NPS rows per year likewise; printed
  years and notes are left to the codebook (``year_offset``, ``changes``);
- the **codeframe**: inherited by question key (the themes of the source year's open answers);
- ``config/report.yml``: the year under ``years:``.

It refuses to overwrite a file of the new year unless ``force`` (an edited file it replaces is kept
as ``<file>~``), refuses to start from a year with neither an export nor a published report unless
``source`` names it, and returns the checklist of what a person still has to do (printed by the command).
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wlzmonitor.spec.input_files import read_input_text, replace_file
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.earlier_years import carried_changes
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.layout import NPS_YEAR_ROW, load_layout, nps_rows_in_order
from wlzmonitor.spec.option_match import FIGURE_IN_LABEL, shift_years
from wlzmonitor.spec.strict_yaml import StrictLoader, dump_yaml

__all__ = ["NewYearError", "Scaffold", "scaffold", "write_scaffold"]

TREND_KINDS = {"single", "multi", "matrix_share", "scale_means", "nps"}  # trend tables when not a breakdown


class NewYearError(InputError):
    """new-year cannot scaffold the year (files exist, no source year, ...); the message says why."""


@dataclass
class Scaffold:
    """What new-year writes (relative path -> text) and what a person still has to do."""

    year: int
    source: int
    files: dict[str, str] = field(default_factory=dict)
    config_text: str | None = None  # config/report.yml with the year added (None: already there)
    done: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)  # files of the year that --force replaces (kept as <file>~)


def _dump(doc) -> str:
    return dump_yaml(doc)


def _read(path: Path) -> dict:
    return yaml.load(read_input_text(path), Loader=StrictLoader)  # noqa: S506 (safe loader)


# ---------------------------------------------------------------------------------------------
# codebook
# ---------------------------------------------------------------------------------------------
_A_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _moved(text: str, source: int, delta: int, kept: list[str]) -> str:
    """``text`` with every year of the source wave (the year before it, its own and the next: "in 2025 en/of 2026",
    "voor 2027") moved by ``delta``; a year further off is a fixed date ("sinds de invoering in 2015", "het
    Generiek Kompas van 2024") and stays, its text appended to ``kept`` for the checklist (review h151: new-year
    moved every year, so 'sinds 2015' became 'sinds 2016' in the new codebook and check-year, which takes a year
    moved with the survey as the same wording, said nothing)."""
    if not delta:
        return text
    fixed = [int(y) for y in _A_YEAR.findall(text) if abs(int(y) - source) > 1]
    moved = _A_YEAR.sub(lambda m: str(int(m.group(1)) + delta) if abs(int(m.group(1)) - source) <= 1
                        else m.group(0), text)
    if fixed:
        kept.append(moved)
    return moved


def _shift_question(q: dict, delta: int, source: int, year: int) -> list[str]:
    """Move the years of the source wave in a question's texts; the texts with a year left as it was."""
    kept: list[str] = []
    for key in ("text", "short_label", "routing_note"):
        if isinstance(q.get(key), str):
            q[key] = _moved(q[key], source, delta, kept)
    for entry in (q.get("options") or []) + (q.get("items") or []):
        for key in ("label", "short_label"):
            if isinstance(entry.get(key), str):
                entry[key] = _moved(entry[key], source, delta, kept)
    changes = carried_changes({int(k): v for k, v in (q.get("changes") or {}).items()}, source, year)
    q.pop("changes", None)
    if changes:
        q["changes"] = changes
    return list(dict.fromkeys(kept))


def new_codebook(source_doc: dict, year: int) -> tuple[dict, list[str], list[str]]:
    """The new year's codebook from the source's, the options whose label names a figure of the year, and the
    texts whose year (a fixed date, :func:`_moved`) was left as it was."""
    source = int(source_doc["year"])
    delta = year - source
    doc = copy.deepcopy(source_doc)
    doc["year"] = year
    doc["title"] = shift_years(str(doc.get("title", "")), delta)
    fieldwork = doc.get("fieldwork") or {}
    for key, value in list(fieldwork.items()):
        if isinstance(value, _dt.date):
            try:
                fieldwork[key] = value.replace(year=value.year + delta)
            except ValueError:  # 29 February
                fieldwork[key] = value.replace(year=value.year + delta, day=28)
    figures, fixed = [], []
    for q in doc.get("questions") or []:
        fixed += [f"{q['key']}: ‘{text}’" for text in _shift_question(q, delta, source, year)]
        for o in q.get("options") or []:
            if FIGURE_IN_LABEL.search(str(o.get("label", ""))):
                figures.append(f"{q['key']} option {o['code']}: ‘{o['label']}’")
    return doc, figures, fixed


def _codebook_header(year: int, source: int) -> str:
    return (f"# Codebook {year}: scaffolded by `python -m wlzmonitor new-year --year {year}` from the {source}\n"
            f"# codebook (years in the wording moved to {year}). Make it the {year} questionnaire (schema:\n"
            "# docs/data_contracts.md section 1; the steps: docs/survey_years.md, 'Adding a new year'):\n"
            f"#   - title, fieldwork, population (members approached), every question's number and text;\n"
            f"#   - a question that changed: changes: {{{source}: \"gewijzigde vraagstelling\"}} (how {source} differed);\n"
            f"#   - a new option: add it with its code (questionnaire order is fine); an option reworded or\n"
            f"#     renumbered: was: {{{source}: <its {source} code>}}; an option that is new although {source} had its\n"
            f"#     code: was: {{{source}: null}};\n"
            "#   - a new question: a new key; a dropped question: delete it (and its tables in the layout);\n"
            "#   - a question the report leaves out on purpose: reported: false.\n"
            f"# Then: python -m wlzmonitor check-year --year {year}\n")


# ---------------------------------------------------------------------------------------------
# layout
# ---------------------------------------------------------------------------------------------
def _data_years(config: ReportConfig) -> set[int]:
    return {y for y, s in config.years.items() if s.export.exists()}


def _columns(columns: list, year: int, window: int, data_years: set[int]) -> list:
    years = [c for c in columns if isinstance(c, int)]
    if not years:
        return columns
    extended = years + ([year] if year not in years else [])
    long_series = min(years) < min(data_years, default=min(years))  # its first years: published only
    if window and not long_series:
        extended = extended[-window:]
    return extended


def new_table(raw: dict, year: int, window: int, data_years: set[int], offsets: dict[str, int],
              source: int | None = None, kept: list[str] | None = None) -> dict:
    """One table of the new layout from the source's entry. A trend table's note is left out (the codebook's
    ``changes`` give it); any other table's note (a breakdown's, a derived variable's) is carried, the years of
    the source wave in it moved as in the codebook's wording (review h154: every note was dropped, so a breakdown
    table's note vanished from the new report without a word); a fixed year is kept and appended to ``kept``."""
    kind, by = raw.get("kind"), raw.get("by")
    derived_note = kind in TREND_KINDS and not by and (raw.get("question") or "") in offsets
    entry = {k: v for k, v in raw.items() if k not in {"number", "published"} and (k != "note" or not derived_note)}
    if isinstance(entry.get("note"), str) and source is not None:
        fixed: list[str] = []
        entry["note"] = _moved(entry["note"], source, year - source, fixed)
        (kept if kept is not None else []).extend(f"table {raw.get('key')} note: ‘{text}’" for text in fixed)
    if (kind in TREND_KINDS and not by) or kind == "response":
        columns = _columns(list(raw.get("columns") or []), year, window, data_years)
        width = len(raw.get("columns") or []) if kind == "response" else None
        entry["columns"] = columns[-width:] if width else columns
        labels = raw.get("column_labels") or {}
        if labels and not offsets.get(raw.get("question") or ""):
            entry["column_labels"] = {c: v for c, v in labels.items() if c in entry["columns"]}
        else:
            entry.pop("column_labels", None)  # printed years follow from the codebook's year_offset
    if kind == "nps_by":
        rows = list(raw.get("rows") or [])
        years = [int(m.group(1)) for r in rows if (m := NPS_YEAR_ROW.match(str(r)))]
        kept = _columns(years, year, window, data_years) if years else [year]
        rows = [r for r in rows if not NPS_YEAR_ROW.match(str(r))] + [f"NPS {y}" for y in kept]
        entry["rows"] = list(nps_rows_in_order(tuple(rows), year))
    return entry


def new_layout(source_doc: dict, year: int, window: int, data_years: set[int], offsets: dict[str, int],
               kept: list[str] | None = None) -> dict:
    source = int(source_doc["year"]) if isinstance(source_doc.get("year"), int) else None
    tables = [new_table(raw, year, window, data_years, offsets, source, kept) for raw in source_doc.get("tables") or []]
    return {"year": year, "tables": tables}


def _layout_header(year: int, source: int, window: int) -> str:
    return (f"# Report layout {year}: scaffolded by `python -m wlzmonitor new-year --year {year}` from the {source}\n"
            f"# layout: trend tables extended with {year} (the last {window or 'all'} waves; a long series keeps its\n"
            "# published years), NPS rows per year likewise. Table numbers follow from the order (chapters:\n"
            "# Tabel 1, 2, ...; bijlage_*: Tabel B1, ...): put a new question's table where the report shows it,\n"
            "# remove the tables of dropped questions. Printed years (herschikking: year_offset) and the notes\n"
            "# under changed questions (changes) come from the codebook. Fields: see data/reports/2026/tables.yml.\n")


# ---------------------------------------------------------------------------------------------
# codeframe and config
# ---------------------------------------------------------------------------------------------
def new_codeframe(text: str, source: int, year: int) -> str:
    """The source codeframe for the new year: year, salt and titles moved; the corrections file is the year's own."""
    delta = year - source
    out = []
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        if line.startswith("year:"):
            line = f"year: {year}\n"
        elif line.startswith("answer_id_salt:"):
            line = shift_years(line, delta)
        elif stripped.startswith("title:"):  # a heading: the wave's years, not a fixed date (as the codebook's)
            line = _moved(line, source, delta, [])
        elif line.startswith("corrections:"):
            continue  # default: corrections_<year>.xlsx next to the file
        out.append(line)
    header = (f"# Codeframe {year}: inherited by `python -m wlzmonitor new-year --year {year}` from the {source}\n"
              "# codeframe (themes by question key). Check the themes against the new answers; add new open\n"
              "# questions; remove dropped ones (check-year names them).\n")
    return header + "".join(out)


def config_with_year(text: str, year: int, paths: dict[str, str], chapters: dict[str, str] | None = None) -> str:
    """config/report.yml with `year` added at the end of `years:` (the file's comments kept); with `chapters`
    (the source year's own list: a wave that dropped a chapter) the new year lists them too."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "years:"), None)
    block = [f"  {year}:\n"] + [f"    {k}: {v}\n" for k, v in paths.items()]
    if chapters:  # (a JSON string is a YAML string: any title, quoted)
        block += ["    chapters:\n"] + [f"      {stem}: {json.dumps(title, ensure_ascii=False)}\n"
                                         for stem, title in chapters.items()]
    if start is None:
        return text + ("" if text.endswith("\n") else "\n") + "years:\n" + "".join(block)
    end = start + 1
    while end < len(lines) and (lines[end].startswith("  ") or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return "".join(lines[:end] + block + lines[end:])


# ---------------------------------------------------------------------------------------------
# the scaffold
# ---------------------------------------------------------------------------------------------
def _source_year(year: int, config: ReportConfig, source: int | None, name: Callable[[Path], str]) -> int:
    if source is not None:
        if source not in config.years:
            raise NewYearError(f"--source {source} is not under years: in {name(_config_file(config))}")
        if source >= year:  # review h128: new-year --year 2025 --source 2026 --force rewrote 2025 as 2026's successor
            raise NewYearError(f"--source {source}: expected a year before {year} (a new wave starts from an "
                               f"earlier one; an earlier year's files from a later report: derive-year)")
        return source
    candidates = [y for y, s in config.years.items() if y < year and s.codebook.exists() and s.layout.exists()]
    if not candidates:
        raise NewYearError(f"no configured year before {year} with a codebook and a layout to start from")
    return max(candidates)


def _rel(config: ReportConfig, path: Path) -> str:
    return path.resolve().relative_to(config.root.resolve()).as_posix()


def _config_file(config: ReportConfig) -> Path:
    return config.root / "config" / "report.yml"


def scaffold(year: int, config: ReportConfig | None = None, *, source: int | None = None, window: int = 3,
             force: bool = False, named: Callable[[Path], str] | None = None) -> Scaffold:
    """The new year's files (nothing written yet; see write_scaffold). `named` names a file in its checklist
    (``done``, ``todo``) and its errors: by default relative to the repository, as the keys of ``files``; the command
    line passes :func:`wlzmonitor.spec.paths.shown_path`, the file as the reader opens it from the working folder
    (review h145: run from notebooks/, 'data/codebooks/2027.yml' named no file there)."""
    if window < 0:  # review h128: window -1 kept every wave but the first
        raise NewYearError(f"window {window}: expected the number of waves a trend table shows, at least 1 (0: all)")
    config = config or load_config()
    name = named or (lambda path: _rel(config, path))
    chosen, source = source, _source_year(year, config, source, name)
    src, new = config.sources(source), config.sources(year)
    existing = [p for p in (new.codebook, new.layout, new.codeframe) if p.exists()]
    if existing and not force:
        raise NewYearError(f"{year} already has {', '.join(name(p) for p in existing)}: new-year does not "
                           "overwrite them (--force does)")
    source_layout = load_layout(src.layout)
    if source_layout.numbering not in (None, source):
        raise NewYearError(f"{name(src.layout)} is derived from the {source_layout.numbering} report; start from a "
                           "year with a layout of its own (--source)")
    if chosen is None and not src.export.exists() and not src.published.exists():
        # review h103: `new-year --year 2028` while 2027 was scaffolded but has no export yet started 2028 from
        # 2027's unedited copy of the 2026 questionnaire, and every 2028 trend table got an empty 2027 column
        raise NewYearError(
            f"{source}, the latest configured year before {year}, has no export yet ({name(src.export)}) and "
            f"no published report: its wave is not done, so {year} would start from an unfinished {source} "
            f"questionnaire and every trend table of {year} would have an empty {source} column. Finish {source} "
            f"first (did you mean --year {source}?), or say --source {source} to start from its files anyway "
            f"(--source <year> for another year)")
    out = Scaffold(year, source)
    out.overwritten = [_rel(config, p) for p in existing]
    codebook, figures, fixed = new_codebook(_read(src.codebook), year)
    offsets = {q["key"]: int(q.get("year_offset") or 0) for q in codebook.get("questions") or []}
    out.files[_rel(config, new.codebook)] = _codebook_header(year, source) + _dump(codebook)
    layout_doc = new_layout(yaml.load(read_input_text(src.layout), Loader=StrictLoader), year, window,  # noqa: S506
                            _data_years(config), offsets, fixed)
    out.files[_rel(config, new.layout)] = _layout_header(year, source, window) + _dump(layout_doc)
    if src.codeframe.exists():
        out.files[_rel(config, new.codeframe)] = new_codeframe(read_input_text(src.codeframe), source, year)
    population, last = config.population_for(year), config.population_for(source)
    if config.population_per_year and last is not None and last.exists() and population is not None \
            and (force or not population.exists()):  # a file per year: the new year starts from the last one's
        out.files[_rel(config, population)] = read_input_text(last)
        if population.exists():  # --force: this year's members, perhaps already entered, kept as <file>~
            out.overwritten.append(_rel(config, population))
    if year not in config.years:
        paths = {k: _rel(config, getattr(new, k)) for k in ("export", "codebook", "layout", "published")}
        out.config_text = config_with_year(read_input_text(_config_file(config)),
                                           year, paths, dict(src.chapters) if src.chapters else None)
    _checklist(out, config, figures, src.codeframe.exists(), name, fixed)
    return out


def _checklist(out: Scaffold, config: ReportConfig, figures: list[str], codeframe: bool,
               name: Callable[[Path], str], fixed: list[str] = ()) -> None:
    year, source = out.year, out.source
    new = config.sources(year)
    out.done = [name(config.root / rel) for rel in out.files] + (
        [f"{name(_config_file(config))} (the year under years:)"] if out.config_text else [])
    population = config.population_for(year)
    out.todo = [
        f"{name(new.codebook)}: make it the {year} questionnaire: title, fieldwork, population, every "
        f"question's number, wording and options. A changed question: changes: {{{source}: \"...\"}}; a reworded or "
        f"renumbered option: was: {{{source}: <code>}}; a new question: a new key; a dropped one: delete it. "
        f"The population is {source}'s: update it, or confirm it (population_was: {{{source}: <members>}}).",
        *[f"  a label that names a figure of the year (update it, and add was: {{{source}: <code>}}): {f}"
          for f in figures],
        *[f"  a year left as it is (further from {source} than a year: taken as a fixed date; if it follows "
          f"the survey year, move it to {year}'s): {f}" for f in fixed],
        f"{name(new.layout)}: a table for every new question, in the place the report shows it (the order "
        "gives the numbers); remove the tables of dropped questions.",
        f"{name(config.notebook('*'))}: prose and chapter.table(\"key\") for new questions, under if "
        "chapter.asked(\"key\"): when earlier years did not ask them; numbers as {tabel:KEY} / {vraag:KEY}, never "
        "typed.",
        (f"{name(new.codeframe)}: check the inherited themes; add themes for new open questions."
         if codeframe else "no codeframe to inherit: open answers are not coded into themes"),
        f"{name(config.folder('quotes') / f'{year}.yml')}: the Kerncijfers page's quotes, chosen and approved "
        "from this year's scrubbed answers (none are inherited: docs/reading_the_report.md, Quotes).",
        (f"{name(population)}: the members approached this year and their numbers per group (the "
         "codebook's population says how many; check-year compares them)" if config.population_per_year else
         f"{name(population or config.root / 'config' / 'population.yml')} serves every year: before you "
         "change it to this year's members, give each year a file of its own (weighting: population: "
         f"config/population_{{year}}.yml in {name(_config_file(config))}, and a copy per year), or the earlier "
         "reports' comparison with the members (and their weights) change with it"),
        f"the export: {name(new.export)} (a mapping when its headers differ: python -m wlzmonitor "
        f"check-export --year {year} <export>)",
        f"python -m wlzmonitor check-year --year {year} until it reports no errors or warnings; then "
        f"python run_all.py --year {year}",
    ]


def write_scaffold(result: Scaffold, config: ReportConfig | None = None) -> list[Path]:
    """Write the scaffold's files (and config/report.yml); the paths written."""
    config = config or load_config()
    written = []
    for rel, text in result.files.items():
        path = config.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel in result.overwritten and path.exists() and path.read_bytes() != text.encode("utf-8"):
            # review h103: --force replaced a codebook the analyst had edited for weeks without a trace;
            # its content is kept beside it (an editor's backup name: no run or check reads it)
            backup = path.with_name(path.name + "~")
            replace_file(backup, path.read_bytes())
            written.append(backup)
        replace_file(path, text.encode("utf-8"))  # killed half-way: the file as it was, never half of it
        written.append(path)
    if result.config_text is not None:
        path = _config_file(config)
        replace_file(path, result.config_text.encode("utf-8"))
        written.append(path)
        load_config.cache_clear()
    return written

