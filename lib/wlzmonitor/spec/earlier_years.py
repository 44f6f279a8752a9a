"""Survey years as a dimension: earlier waves described from what a later report tells.

The 2025 and 2024 questionnaires and reports are not available in full. What we have is the 2026
report, whose trend tables print the 2024 and 2025 figures beside 2026 (with captions noting
"gewijzigde antwoordcategorieën" / "gewijzigde vraagstelling"), and the 2025 edition's infographic
text. From these this module *derives*, by code and never by hand-typed numbers:

- ``data/codebooks/<year>.yml``: the source year's codebook minus the questions (and matrix items)
  the source report shows no figure for in that year ("nieuw": no earlier-year column, or 'nvt'),
  minus the questions routed through them; years in the wording shifted; the national
  richttariefpercentage of that year (2025 edition) in the option that names it; `changes`
  carried over (the question as asked in year X differs from this one: how, in Dutch).
- ``data/reports/<year>/tables.yml``: the source layout's trend tables that have a column for the
  year, cut at that year, the caption note recomputed from the year's codebook `changes`.
- ``data/published/<year>/cells.csv`` and ``tables.csv``: the cells of those columns (the source
  report's figures for the year and the years before it) and the caption bases, plus the figures
  of the 2025 edition that are clear (``edition_figures``).

    python -m wlzmonitor derive-year --year 2025            # (re)write the derived files
    python -m wlzmonitor derive-year --year 2025 --check    # exit 1 if the shipped files differ

Table numbers in a derived layout are those of the source report (the earlier report's own
numbering is not available); the layout says so (`numbering`), and `tables/index.csv` then leaves
`report_number` empty.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from wlzmonitor.spec.file_formats import csv_text
from wlzmonitor.spec.input_files import read_input_text, replace_file
from wlzmonitor.spec.alignment import align_table
from wlzmonitor.spec.layout import load_layout
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.published import load_published
from wlzmonitor.spec.strict_yaml import StrictLoader, dump_yaml

# The 2025 edition (infographic text): only figures stated unambiguously in a sentence.
EDITION_2025 = "2025_infographic_wlz_zorgcontractering.txt"  # in the sources folder (config/report.yml)
_RICHTTARIEF = [
    re.compile(r"hanteren voor (?P<year>20\d\d) een richttariefpercentage van\s+(?P<value>\d+,\d)%"),
    re.compile(r"richttariefpercentage\s+\d+,\d% zoals beschreven.*?\((?P<year>20\d\d): (?P<value>\d+,\d)%\)", re.S),
]
_HOGER_MEAN = re.compile(
    r"gemiddelde tariefpercentage van de organisaties die een hoger\s+tariefpercentage zijn\s+overeengekomen,"
    r"\s+bedraagt (?P<value>\d+,\d)%")
_EDITION_YEAR = re.compile(r"monitor Wlz\s*zorgcontractering (?P<year>20\d\d)")


class DeriveError(InputError):
    pass


@dataclass(frozen=True)
class EditionFigure:
    figure: str  # richttariefpercentage | tariefpercentage_hoger_gemiddeld
    year: int
    raw: str
    value: float
    source: str


def edition_figures(config: ReportConfig | None = None) -> list[EditionFigure]:
    """The clear figures of the 2025 edition: richttariefpercentages per year and Tabel 2's mean."""
    config = config or load_config()
    path = config.folder("sources") / EDITION_2025
    text = read_input_text(path)
    out: list[EditionFigure] = []
    for pattern in _RICHTTARIEF:
        m = pattern.search(text)
        if not m:
            raise DeriveError(f"{path}: no richttariefpercentage sentence matching {pattern.pattern!r}")
        out.append(EditionFigure("richttariefpercentage", int(m["year"]), f"{m['value']}%",
                                 float(m["value"].replace(",", ".")), " ".join(m.group(0).split())))
    edition = _EDITION_YEAR.search(text)
    m = _HOGER_MEAN.search(text)
    if not (edition and m):
        raise DeriveError(f"{path}: the mean tariff percentage of 'hoger' agreements was not found")
    out.append(EditionFigure("tariefpercentage_hoger_gemiddeld", int(edition["year"]), f"{m['value']}%",
                             float(m["value"].replace(",", ".")), " ".join(m.group(0).split())))
    return out


# ---------------------------------------------------------------------------------------
# what the source report shows per year
# ---------------------------------------------------------------------------------------
TREND_KINDS = {"single", "multi", "matrix_share", "scale_means", "nps"}


def _numeric_cell(unit: str) -> bool:
    return unit not in {"text", "blank"}


def years_shown(source_layout, cells: pd.DataFrame) -> tuple[dict[str, set[int]], dict[tuple[str, str], set[int]]]:
    """Question key -> survey years with figures; (question, item) -> years, for item tables."""
    questions: dict[str, set[int]] = {}
    items: dict[tuple[str, str], set[int]] = {}
    for spec in source_layout.tables:
        if spec.kind not in TREND_KINDS or spec.is_breakdown:
            continue
        aligned = align_table(spec, cells)
        shown = aligned[[_numeric_cell(u) for u in aligned["unit"]]]
        years = {int(c) for c in shown["column_code"]}
        questions.setdefault(spec.question, set()).update(years)
        if spec.kind in {"matrix_share", "scale_means"}:
            for row, part in shown.groupby("row_code"):
                items.setdefault((spec.question, str(row)), set()).update(int(c) for c in part["column_code"])
            for row in spec.rows:
                items.setdefault((spec.question, str(row)), set())
    return questions, items


def _condition_refs(cond) -> list[tuple[str, str | None]]:
    if not isinstance(cond, dict):
        return []
    out = []
    for key in ("all", "any"):
        for sub in cond.get(key) or []:
            out += _condition_refs(sub)
    if "not" in cond:
        out += _condition_refs(cond["not"])
    if "question" in cond:
        out.append((cond["question"], cond.get("item")))
    return out


def _shift_years(text: str, delta: int) -> str:
    return re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) - delta), text)


def carried_changes(source_changes: dict[int, str], source_year: int, year: int,
                    years: set[int] = frozenset()) -> dict[int, str]:
    """`changes` of a question in `year`, from those of the same question in `source_year`.

    The source says how the source version differs from the versions of other years. The
    version of `year` differs from the source's as the source says (`source_changes[year]`); from
    another year X it differs only where the source distinguishes X from `year` (X changed and
    `year` not, or changed differently). Versions the source describes alike are taken as equal;
    a year of `years` (those the question was asked) that the source does not name was asked as
    in the source year, so it differs from `year` as the source does.
    """
    out: dict[int, str] = {}
    if year in source_changes:
        out[source_year] = source_changes[year]
        for other in years:
            if other not in source_changes and other not in (year, source_year):
                out[other] = source_changes[year]
    for other, how in source_changes.items():
        if other != year and source_changes.get(year) != how:
            out[other] = how
    return dict(sorted(out.items()))


def derive_codebook(source: dict, year: int, dropped: set[str], dropped_items: dict[str, set[str]],
                    richttarief: dict[int, str], population: int | None,
                    asked_years: dict[str, set[int]] | None = None) -> dict:
    source_year = int(source["year"])
    delta = source_year - year
    cb = copy.deepcopy(source)
    cb["year"] = year
    cb["title"] = _shift_years(cb["title"], delta)
    fw = cb.get("fieldwork") or {}
    cb["fieldwork"] = {k: v.replace(year=v.year - delta) if hasattr(v, "replace") else v for k, v in fw.items()}
    if population is not None:
        cb["population"] = population
    questions = []
    for q in cb["questions"]:
        if q["key"] in dropped:
            continue
        for field in ("text", "short_label", "routing_note"):
            if isinstance(q.get(field), str):
                q[field] = _shift_years(q[field], delta)
        for opt in (q.get("options") or []) + (q.get("items") or []):
            for field in ("label", "short_label"):
                if isinstance(opt.get(field), str):
                    opt[field] = _shift_years(opt[field], delta)
                    opt[field] = _richttarief_label(opt[field], richttarief, year)
            if "was" in opt:  # the option's codes in earlier years: only those before the year
                was = {y: c for y, c in opt.pop("was").items() if int(y) < year}
                if was:
                    opt["was"] = was
        if q["key"] in dropped_items:
            q["items"] = [i for i in q["items"] if i["code"] not in dropped_items[q["key"]]]
        changes = carried_changes({int(k): v for k, v in (q.get("changes") or {}).items()}, source_year, year,
                                  (asked_years or {}).get(q["key"], set()))
        q.pop("changes", None)
        if changes:
            q["changes"] = changes
        questions.append(q)
    cb["questions"] = questions
    return cb


def _richttarief_label(label: str, richttarief: dict[int, str], year: int) -> str:
    m = re.search(r"richttariefpercentage (\d+,\d)%", label)
    if not m:
        return label
    if year not in richttarief:
        raise DeriveError(f"no richttariefpercentage for {year} in {EDITION_2025}; the option '{label}' names it")
    return label.replace(m.group(0), f"richttariefpercentage {richttarief[year]}")


def _note(changes: dict[int, str], columns: list, year: int) -> str | None:
    notes = list(dict.fromkeys(how for y, how in changes.items() if y in columns and y != year))
    return "; ".join(notes) or None


def derive(year: int, source_year: int = 2026, config: ReportConfig | None = None) -> dict[str, str]:
    """Path relative to the root -> file text of every derived file of `year`."""
    config = config or load_config()
    if year >= source_year:
        raise DeriveError(f"can only derive a year before the source report ({source_year}), not {year}")
    source, target = config.sources(source_year), config.sources(year)
    source_layout = load_layout(source.layout)
    layout_raw = yaml.load(read_input_text(source.layout), Loader=StrictLoader)  # noqa: S506 (safe loader)
    source_cb = yaml.load(read_input_text(source.codebook), Loader=StrictLoader)  # noqa: S506 (safe loader)
    cells, tables = load_published(source_year, root=config.root)
    figures = edition_figures(config)

    q_years, dropped, dropped_items = _not_asked(source_layout, cells, source_cb, year)
    richttarief = {f.year: f.raw for f in figures if f.figure == "richttariefpercentage"}
    population = _population(source_layout, cells, year)
    codebook = derive_codebook(source_cb, year, dropped, dropped_items, richttarief, population, q_years)
    cut = _Cut(
        year=year, source_year=source_year, cells=cells, tables=tables,
        asked={q["key"] for q in codebook["questions"]} | {d["key"] for d in codebook.get("derived") or []},
        items_of={q["key"]: [i["code"] for i in q.get("items") or []] for q in codebook["questions"]},
        changes_of={q["key"]: {int(k): v for k, v in (q.get("changes") or {}).items()}
                    for q in codebook["questions"]},
    )
    hoger = [f for f in figures if f.figure == "tariefpercentage_hoger_gemiddeld" and f.year == year]
    out_tables, out_cells, out_captions = _cut_layout(layout_raw, source_layout, cut, hoger)
    _add_edition_mean(layout_raw, source_layout, cut, hoger, out_tables, out_cells, out_captions)
    _mark_unreported(codebook, source_layout, out_tables)

    order = {t["number"]: i for i, t in enumerate(out_tables)}
    out_cells.sort(key=lambda c: (order[c["table"]], c["row_index"], c["col_index"]))
    out_captions.sort(key=lambda c: order[c["table"]])
    layout_doc = {"year": year, "numbering": source_year, "tables": out_tables}

    def rel(path: Path) -> str:
        return path.relative_to(config.root).as_posix()

    edition_rows = [{"figure": f.figure, "year": f.year, "raw": f.raw, "value": f.value, "source": f.source}
                    for f in figures]
    return {
        rel(target.codebook): _codebook_header(year, source_year, dropped, dropped_items) + _dump(codebook),
        rel(target.layout): _layout_header(year, source_year, rel(source.layout)) + _dump(layout_doc),
        rel(target.published / "cells.csv"): _csv(["table", "row_index", "row", "col_index", "column", "raw",
                                                   "value", "unit", "value_pct"], out_cells),
        rel(target.published / "tables.csv"): _csv(["table", "title", "caption", "bases", "significance_note"],
                                                   out_captions),
        rel(target.published / "edition_figures.csv"): _csv(["figure", "year", "raw", "value", "source"],
                                                            edition_rows),
    }


def _covered(tables) -> set[str]:
    """The questions a layout's tables are computed from (question, breakdown, numeric rows)."""
    out: set[str] = set()
    for t in tables:
        get = t.get if isinstance(t, dict) else (lambda k, t=t: getattr(t, k))
        out |= {k for k in (get("question"), get("by")) if k}
        if get("kind") == "numeric":
            out |= {r for r in get("rows") or () if isinstance(r, str)}
    return out


def _mark_unreported(codebook: dict, source_layout, out_tables: list[dict]) -> None:
    """`reported: false` on a question the source report shows in a table but the year's report does
    not (check-year would otherwise warn that no chapter shows it)."""
    lost = _covered(source_layout.tables) - _covered(out_tables)
    for q in codebook["questions"]:
        if q["key"] in lost and q.get("reported", True):
            q["reported"] = False


@dataclass(frozen=True)
class _Cut:
    """What cutting the source layout at `year` needs: the source's figures and what was asked."""

    year: int
    source_year: int
    cells: pd.DataFrame  # the source report's published cells
    tables: pd.DataFrame  # the source report's table titles, captions and bases
    asked: set[str]  # questions and derived variables of the year's codebook
    items_of: dict[str, list[str]]  # question -> its item codes in the year's codebook
    changes_of: dict[str, dict[int, str]]  # question -> its `changes` in the year's codebook


def _not_asked(source_layout, cells: pd.DataFrame, source_cb: dict, year: int
               ) -> tuple[dict[str, set[int]], set[str], dict[str, set[str]]]:
    """Years shown per question, and the questions and items not asked in `year`."""
    # -- questions and items without a figure for the year: not asked that year ----------
    q_years, item_years = years_shown(source_layout, cells)
    dropped = {q for q, ys in q_years.items() if year not in ys}
    dropped_items: dict[str, set[str]] = {}
    for (q, item), ys in item_years.items():
        if year not in ys and q not in dropped:
            dropped_items.setdefault(q, set()).add(item)
    # routed through a dropped question or item: not asked either
    changed = True
    while changed:
        changed = False
        for q in source_cb["questions"]:
            if q["key"] in dropped:
                continue
            refs = _condition_refs(q.get("asked_if")) + _condition_refs(q.get("item_asked_if"))
            if any(r in dropped or (i not in (None, "same") and i in dropped_items.get(r, set())) for r, i in refs):
                dropped.add(q["key"])
                changed = True
    return q_years, dropped, dropped_items


def _population(source_layout, cells: pd.DataFrame, year: int) -> int | None:
    """The members approached in `year`, from the source report's response table (None if absent)."""
    respons = next((s for s in source_layout.tables if s.kind == "response"), None)
    if respons is None:
        return None
    aligned = align_table(respons, cells)
    hit = aligned[(aligned["column_code"] == year) & aligned["row_code"].astype(str).str.contains("benaderde")]
    return int(hit["value"].iloc[0]) if len(hit) else None


def _cut_layout(layout_raw: dict, source_layout, cut: _Cut, hoger: list[EditionFigure]
                ) -> tuple[list[dict], list[dict], list[dict]]:
    """The source tables asked in the year, cut at it: layout entries, published cells, captions."""
    out_tables, out_cells, out_captions = [], [], []
    year, asked = cut.year, cut.asked
    for raw, spec in zip(layout_raw["tables"], source_layout.tables):
        raw = _with_number(raw, spec.number)
        if spec.question is not None and spec.question not in asked or spec.by and spec.by not in asked:
            continue  # not asked that year
        if hoger and spec.kind == "numeric" and "tariefpercentage_hoger" in spec.rows:
            continue  # published in part by the edition (_add_edition_mean)
        if spec.kind == "nps_by":
            entry, cells, caption = _cut_nps_by(raw, spec, cut)
        else:
            trend = (spec.kind in TREND_KINDS and not spec.is_breakdown) or spec.kind == "response"
            if trend and year not in spec.columns and spec.kind != "response":
                continue
            if not trend or year not in spec.columns:
                # no figure of the year in the source report: computed from the year's data only
                entry = _unpublished_entry(raw, spec, cut)
                if entry is not None:
                    out_tables.append(entry)
                continue
            entry, cells, caption = _cut_trend(raw, spec, cut)
        out_tables.append(entry)
        out_cells.extend(cells)
        out_captions.append(caption)
    return out_tables, out_cells, out_captions


def _with_number(raw: dict, number: str) -> dict:
    """A layout entry with its table number (assigned from the order when the file has none),
    written before `chapter`: a derived layout keeps the source report's numbers."""
    if "number" in raw:
        return raw
    out: dict = {}
    for k, v in raw.items():
        if k == "chapter":
            out["number"] = number
        out[k] = v
    return out


def _cut_nps_by(raw: dict, spec, cut: _Cut) -> tuple[dict, list[dict], dict]:
    """An NPS-by-group table: its layout entry, published cells and caption for the year."""
    # the source prints the NPS per group of earlier years (rows "NPS 2024", "NPS 2025"):
    # those rows up to the year are published; the category counts are not
    nps_rows = [r for r in spec.rows if str(r).startswith("NPS ") and int(str(r)[4:]) <= cut.year]
    rows = [r for r in spec.rows if not str(r).startswith("NPS ") or r in nps_rows]
    entry = {k: v for k, v in raw.items() if k not in {"rows", "columns"}}
    entry.update({"rows": rows, "columns": list(spec.columns), "published": nps_rows})
    aligned = align_table(spec, cut.cells)
    cells = [{
        "table": spec.number, "row_index": nps_rows.index(cell.row_code), "row": cell.row,
        "col_index": list(spec.columns).index(cell.column_code), "column": cell.column,
        "raw": cell.raw, "value": cell.value, "unit": cell.unit, "value_pct": cell.value_pct,
    } for cell in aligned[aligned["row_code"].isin(nps_rows)].itertuples()]
    src = cut.tables[cut.tables["table"] == spec.number].iloc[0]
    caption = {"table": spec.number, "title": src["title"],
               "caption": f"{spec.number} – {src['title']} (NPS {', '.join(r[4:] for r in nps_rows)})",
               "bases": "", "significance_note": ""}
    return entry, cells, caption


def _unpublished_entry(raw: dict, spec, cut: _Cut) -> dict | None:
    """The layout entry of a table the source has no figure of the year for; None if no rows are left."""
    year = cut.year
    entry = {k: v for k, v in raw.items() if k not in {"rows", "columns", "note", "column_labels"}}
    if entry.get("title"):
        entry["title"] = _shift_years(entry["title"], cut.source_year - year)
    rows = list(spec.rows)
    if spec.kind == "numeric":
        rows = [r for r in rows if r in cut.asked]
    if spec.kind == "nps_by":
        rows = [r for r in rows if not str(r).startswith("NPS ") or r == f"NPS {year}"]
    if spec.kind in {"matrix", "matrix_share", "scale_means"}:
        rows = [r for r in rows if r in cut.items_of[spec.question]]
    if not rows and spec.kind != "mapping":
        return None
    columns = [year] if spec.kind == "response" else list(spec.columns)
    entry.update({"rows": rows, "columns": columns, "published": False})
    return entry


def _cut_trend(raw: dict, spec, cut: _Cut) -> tuple[dict, list[dict], dict]:
    """A trend table with a column of the year, cut at it: layout entry, published cells, caption."""
    year = cut.year
    columns = [c for c in spec.columns if c <= year]
    rows = list(spec.rows)
    if spec.kind in {"matrix_share", "scale_means"}:
        rows = [r for r in rows if r in cut.items_of[spec.question]]
    entry = {k: v for k, v in raw.items() if k not in {"note", "column_labels", "columns", "rows"}}
    entry["rows"] = rows
    entry["columns"] = columns
    labels = {c: spec.column_labels[c] for c in columns if c in spec.column_labels}
    if labels:
        entry["column_labels"] = labels
    note = _note(cut.changes_of.get(spec.question, {}), columns, year) if spec.question else None
    if note:
        entry["note"] = note
    aligned = align_table(spec, cut.cells)
    aligned = aligned[aligned["column_code"].isin(columns) & aligned["row_code"].isin(rows)]
    cells = [{
        "table": spec.number, "row_index": rows.index(cell.row_code), "row": cell.row,
        "col_index": columns.index(cell.column_code), "column": cell.column, "raw": cell.raw,
        "value": cell.value, "unit": cell.unit, "value_pct": cell.value_pct,
    } for cell in aligned.itertuples()]
    return entry, cells, _trend_caption(spec, cut, columns, note)


def _trend_caption(spec, cut: _Cut, columns: list, note: str | None) -> dict:
    """The tables.csv row of a cut trend table: title with years shifted, bases of the kept columns."""
    src = cut.tables[cut.tables["table"] == spec.number].iloc[0]
    bases = dict(p.split("=", 1) for p in str(src["bases"]).split(";") if "=" in p)
    kept = [spec.column_label(c) for c in columns]
    bases = {k: v for k, v in bases.items() if k in kept}
    title = _shift_years(src["title"], cut.source_year - cut.year)
    caption_bases = ", ".join(f"{k}: n={v}" for k, v in bases.items())
    caption = f"{spec.number} – {title}" + (f" ({(note + ' ') if note else ''}{caption_bases})" if caption_bases else "")
    return {"table": spec.number, "title": title, "caption": caption,
            "bases": ";".join(f"{k}={v}" for k, v in bases.items()), "significance_note": ""}


def _add_edition_mean(layout_raw: dict, source_layout, cut: _Cut, hoger: list[EditionFigure],
                      out_tables: list[dict], out_cells: list[dict], out_captions: list[dict]) -> None:
    """Add the edition's mean of the 'hoger' agreements (Tabel 2 in 2026) where it is the year's."""
    numeric = next((s for s in source_layout.tables if s.kind == "numeric" and "tariefpercentage_hoger" in s.rows), None)
    if not (hoger and numeric is not None):
        return
    raw = _with_number(next(r for r in layout_raw["tables"] if r["key"] == numeric.key), numeric.number)
    entry = {k: v for k, v in raw.items() if k not in {"rows", "columns"}}
    entry["title"] = _shift_years(entry.get("title", ""), cut.source_year - cut.year) if entry.get("title") else None
    entry = {k: v for k, v in entry.items() if v is not None}
    entry["rows"], entry["columns"] = ["tariefpercentage_hoger"], ["Gemiddeld"]
    position = next(i for i, t in enumerate(out_tables) if t["key"] == "tariefpercentage") + 1
    out_tables.insert(position, entry)
    src_cells = align_table(numeric, cut.cells)
    row_text = src_cells[src_cells["row_code"] == "tariefpercentage_hoger"]["row"].iloc[0]
    f = hoger[0]
    out_cells.append({"table": numeric.number, "row_index": 0, "row": row_text, "col_index": 0,
                      "column": "Gemiddeld", "raw": f.raw, "value": f.value, "unit": "percent", "value_pct": ""})
    out_captions.append({"table": numeric.number, "title": entry.get("title", ""),
                         "caption": f"{numeric.number} – {entry.get('title', '')} (bron: editie {f.year}: '{f.source}')",
                         "bases": "", "significance_note": ""})


def _codebook_header(year: int, source_year: int, dropped: set[str], dropped_items: dict[str, set[str]]) -> str:
    """The comment block on top of a derived codebook: how it was made and what was dropped."""
    return (f"# Codebook {year}: DERIVED by `python -m wlzmonitor derive-year --year {year}` from the\n"
            f"# {source_year} codebook and the {source_year} report (do not edit by hand; edit the\n"
            f"# derivation or, for a real {year} questionnaire, replace this file and drop the derivation).\n"
            f"# Dropped (no {year} figure in the {source_year} report): {', '.join(sorted(dropped)) or '-'}\n"
            f"# Dropped items: {', '.join(f'{q}.{i}' for q, its in sorted(dropped_items.items()) for i in sorted(its)) or '-'}\n"
            f"# Question numbers are those of {source_year} (the {year} questionnaire is not published).\n")


def _layout_header(year: int, source_year: int, source_layout: str) -> str:
    """The comment block on top of a derived layout (`source_layout`: the source layout's path)."""
    return (f"# Report layout {year}: DERIVED by `python -m wlzmonitor derive-year --year {year}` from\n"
            f"# {source_layout}: the trend tables with a {year} column, cut at {year}.\n"
            f"# `numbering: {source_year}`: table numbers are those of the {source_year} report.\n")


def _dump(doc) -> str:
    return dump_yaml(doc)


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _csv(columns: list[str], rows: list[dict]) -> str:
    """The rows as the project's CSV, text cells inert (spec.file_formats; load_published reads them back)."""
    return csv_text(columns, [[_fmt(row.get(c)) for c in columns] for row in rows])


def write(year: int, source_year: int = 2026, config: ReportConfig | None = None) -> list[Path]:
    config = config or load_config()
    written = []
    for rel, text in derive(year, source_year, config).items():
        path = config.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, text.encode("utf-8"))  # killed half-way: the file as it was, never half of it
        written.append(path)
    return written


def check(year: int, source_year: int = 2026, config: ReportConfig | None = None) -> list[str]:
    """Derived files that differ from a fresh derivation (empty: all identical)."""
    config = config or load_config()
    root = config.root
    return [rel for rel, text in derive(year, source_year, config).items()
            if not (root / rel).exists() or read_input_text(root / rel) != text]
