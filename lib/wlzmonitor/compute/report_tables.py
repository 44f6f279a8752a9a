"""Every table of a year's report, computed from respondent data through the report layout.

`compute_table(spec, survey, history)` turns one layout entry into a tidy table with the columns
of the output contract (`row, column, value, n`) plus `row_code` and `column_code`, the
machine meaning of each cell (option code / item code / group code / year). The survey year's
columns are computed from the respondent data. An earlier year's column is computed from that
year's own respondent data where it exists (`History.surveys`: its export through its own codebook,
aligned by the stable question key and option/item codes), otherwise it is the published figure of
the year's report (`History.cells`), or, where that report did not print the column (a new
year before its report exists), the figure of the latest other report that did (`History.carried`:
the long series 2021-2023 are published in the 2026 report only).

Earlier years are aligned by meaning, not by code: an option renumbered between the years
(`spec.option_match`, the codebook's `was`) is put in its row of the survey year; an earlier option
without a counterpart is left out of that year's column.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np
import pandas as pd

from wlzmonitor.compute import tables as tf
from wlzmonitor.spec.alignment import align_table
from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.layout import NPS_YEAR_ROW, LayoutError, ReportLayout, TableSpec, nps_rows_in_order
from wlzmonitor.inputs.survey import Survey
from wlzmonitor.spec.errors import InputError

TOTAL = "Totaal"


class GroupSourceError(InputError):
    """The sources of one group's figure of one year in an NPS-per-group table (an export, a report, another
    report) give figures that print differently."""


class NonFiniteFigureError(InputError):
    """A computed table holds an infinite figure or base (review h161: a cell printed "inf"). No figure of the
    report (a share, a mean, a count, an NPS) is legitimately infinite, so this is an error, not a dash."""

NPS_ROWS = {"Critici": "Critici", "Neutralen": "Neutralen", "Fans": "Fans", "NPS": "NPS"}


@dataclass(frozen=True)
class History:
    """Published figures of the survey year's report, for its earlier-year columns."""

    cells: pd.DataFrame  # aligned published cells (alignment.align_all)
    bases: dict[str, dict[str, int]]  # table number -> printed year label -> caption n
    surveys: dict[int, Survey] = field(default_factory=dict)  # earlier years with respondent data
    #: earlier year -> respondent weights (compute.weighting), when the report is weighted
    weights: dict[int, pd.Series] = field(default_factory=dict)
    #: figures of earlier years published in other reports (carried_figures), for the columns the
    #: year's own report does not print: table_key, row_code, column_code, value, n, source_year
    carried: pd.DataFrame | None = None
    #: earlier year -> question key -> that year's option code -> the survey year's (option_match);
    #: a question missing here keeps its codes
    code_maps: dict[int, dict[str, dict[int, int]]] = field(default_factory=dict)
    #: earlier year -> group variable (an NPS table's ``by``) -> that year's code -> the group's name in the
    #: latest earlier year that has it (earlier_group_names): one name for a group this year lacks
    group_names: dict[int, dict[str, dict[int, str]]] = field(default_factory=dict)

    def with_surveys(self, surveys: dict[int, Survey]) -> "History":
        return replace(self, surveys=dict(surveys))

    def with_weights(self, weights: dict[int, pd.Series]) -> "History":
        return replace(self, weights=dict(weights))

    def with_carried(self, carried: pd.DataFrame | None) -> "History":
        return replace(self, carried=carried)

    def with_code_maps(self, code_maps: dict[int, dict[str, dict[int, int]]]) -> "History":
        return replace(self, code_maps=dict(code_maps))

    def with_group_names(self, group_names: dict[int, dict[str, dict[int, str]]]) -> "History":
        return replace(self, group_names=dict(group_names))

    def carried_column(self, spec: TableSpec, column_code: Any) -> pd.DataFrame:
        """Another report's published cells of `column_code` of this table (empty when none)."""
        if self.carried is None or self.carried.empty:
            return self.carried if self.carried is not None else pd.DataFrame()
        own = self.carried[self.carried["table_key"] == spec.key]
        return own[own["column_code"] == column_code]

    def column(self, spec: TableSpec, column_code: Any) -> pd.DataFrame:
        own = self.cells[(self.cells["table_key"] == spec.key) & (self.cells["column_code"] == column_code)]
        return own

    def base(self, spec: TableSpec, column_code: Any) -> float:
        bases = self.bases.get(spec.number, {})
        label = spec.column_label(column_code) if isinstance(column_code, int) else str(column_code)
        value = bases.get(label, bases.get("*") if len(bases) == 1 else None)
        return float(value) if value is not None and str(value).isdigit() else np.nan


def empty_history(surveys: dict[int, Survey] | None = None) -> History:
    """No published figures (a new year before its report exists): earlier years from data only."""
    cells = pd.DataFrame(columns=["table_key", "row_code", "column_code", "row", "value"])
    return History(cells, {}, dict(surveys or {}))


def own_column(spec: TableSpec, column: int, survey: Survey,
               history_weights: dict[int, pd.Series] | None = None,
               code_map: dict[int, int] | None = None) -> pd.DataFrame | None:
    """The `column` (an earlier survey year) of a trend table, computed from that year's own data.

    The table is computed through the earlier year's codebook with the same stable keys; rows
    (option or item codes) that year's questionnaire did not have are left out. `code_map` (that
    year's option code -> the survey year's, `spec.option_match`) puts a renumbered option in its
    row; an earlier option it does not map is left out; a share (``matrix_share``) is of the same
    answers in that year's codes, and empty when one of them has no counterpart that year. None when
    the question was not asked that year.
    """
    cb = survey.codebook
    if cb.year != column:
        raise ValueError(f"{spec.number} ({spec.key}): the survey for column {column} is of {cb.year}")
    rows, share_of = spec.rows, spec.share_of
    if spec.kind == "matrix_share" and code_map is not None:  # the share of the same answers that year
        back = {now: then for then, now in code_map.items()}
        if not all(code in back for code in spec.share_of):  # an answer that year did not have: no figures
            return pd.DataFrame(columns=["row", "column", "value", "n", "row_code", "column_code"])
        share_of = tuple(back[code] for code in spec.share_of)
    # also when no code moved: an option of this year that the earlier year did not have (declared
    # `was: {year: null}`) may carry the code of one that year dropped; it gets no figure of that year
    renumber = code_map is not None and spec.kind in {"single", "multi"}
    if renumber:
        back = {now: then for then, now in code_map.items()}
        rows = tuple(back[r] for r in rows if r in back)
    if spec.question is not None:
        if spec.question not in cb:
            return None
        known = (set(cb.items(spec.question)) if spec.kind in {"matrix_share", "scale_means"}
                 else set(cb.options(spec.question)) if spec.kind in {"single", "multi"} else None)
        if known is not None:
            rows = tuple(r for r in rows if r in known)
            if not rows:
                return None
    table = compute_table(replace(spec, rows=rows, columns=(column,), share_of=share_of), survey, None,
                          weights=history_weights.get(column) if history_weights else None)
    table = table[table["column_code"] == column]
    if renumber:
        table = table[table["row_code"].isin(list(code_map))].copy()
        table["row_code"] = [code_map[c] for c in table["row_code"]]
    return table


def caption_bases(tables: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Table number -> printed year label -> the caption's n, from a report's tables.csv."""
    bases: dict[str, dict[str, str]] = {}
    for _, row in tables.iterrows():
        parts = [p.split("=", 1) for p in str(row["bases"] if pd.notna(row["bases"]) else "").split(";") if "=" in p]
        bases[row["table"]] = {k: v for k, v in parts}
    return bases


def history_from_published(layout: ReportLayout, cells: pd.DataFrame, tables: pd.DataFrame) -> History:
    aligned = pd.concat([align_table(spec, cells) for spec in layout.tables], ignore_index=True)
    return History(aligned, caption_bases(tables))


CARRIED_COLUMNS = ["table_key", "row_code", "column_code", "value", "n", "source_year"]


def _carried_table(spec: TableSpec, source: TableSpec, cells: pd.DataFrame, bases: dict, year: int,
                   source_year: int, code_map: dict[int, int] | None, names: dict[int, str] | None = None
                   ) -> pd.DataFrame:
    """One table's earlier-year cells as another report (`source`) published them, in this year's codes."""
    aligned = align_table(source, cells)
    if spec.kind == "nps_by":
        years = [int(m.group(1)) if (m := NPS_YEAR_ROW.match(str(r))) else None for r in aligned["row_code"]]
        keep = [y is not None and y < year and f"NPS {y}" in spec.rows for y in years]
    else:
        keep = [isinstance(c, int) and c < year and c in spec.columns for c in aligned["column_code"]]
    aligned = aligned[keep]
    if aligned.empty:
        return pd.DataFrame(columns=CARRIED_COLUMNS)
    rows = list(aligned["row_code"])
    if code_map is not None and spec.kind in {"single", "multi"}:
        mapped = [r in code_map for r in rows]
        aligned, rows = aligned[mapped], [code_map[r] for r in rows if r in code_map]
    columns = list(aligned["column_code"])
    if code_map is not None and spec.kind == "nps_by":  # the groups (uitvoerders) in this year's codes
        # a group without a counterpart this year keeps its name (review h146: it was left out, while its
        # computed and published years had a column of their own): a text, never another group's code
        columns = [c if c == TOTAL else code_map[c] if c in code_map
                   else (names or {}).get(c, source.column_label(c)) for c in columns]
    own_bases = bases.get(source.number, {})

    def n_of(column) -> float:
        if spec.kind == "nps_by":
            return np.nan
        label = source.column_label(column)
        value = own_bases.get(label, own_bases.get("*") if len(own_bases) == 1 else None)
        return float(value) if value is not None and str(value).isdigit() else np.nan

    return pd.DataFrame({"table_key": spec.key, "row_code": rows, "column_code": columns,
                         "value": aligned["value"].astype(float).to_numpy(),
                         "n": [n_of(c) for c in aligned["column_code"]], "source_year": source_year})


def carried_figures(layout: ReportLayout, reports: dict[int, tuple[ReportLayout, pd.DataFrame, pd.DataFrame]],
                    code_maps: dict[int, dict[str, dict[int, int]]] | None = None,
                    group_names: dict[int, dict[str, dict[int, str]]] | None = None) -> pd.DataFrame:
    """The earlier-year figures other reports published for this layout's trend tables.

    `reports`: report year -> (its layout, resolved; its published cells; its tables.csv). Each
    (table, row, column) comes from the latest report that printed it; option codes are translated
    into this year's (`code_maps[report year][question]`, option_match), an option without a
    counterpart is left out; a group of an NPS-per-group table without one is kept under its name
    (`group_names[report year][by]`, else the report's label) as its column code, a text. Used only
    where the year's own data and report do not have the column.
    """
    parts = []
    specs = {spec.key: spec for spec in layout.tables if spec.is_trend or spec.kind in {"nps_by", "response"}}
    for source_year, (source_layout, cells, tables) in sorted(reports.items(), reverse=True):
        bases = caption_bases(tables)
        for source in source_layout.tables:
            spec = specs.get(source.key)
            if spec is None or spec.kind != source.kind or source.published is False:
                continue
            code_map = (code_maps or {}).get(source_year, {}).get(
                (spec.by if spec.kind == "nps_by" else spec.question) or "")
            names = (group_names or {}).get(source_year, {}).get(spec.by or "") if spec.kind == "nps_by" else None
            parts.append(_carried_table(spec, source, cells, bases, layout.year, source_year, code_map, names))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=CARRIED_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    key = out["table_key"] + "\0" + out["row_code"].astype(str) + "\0" + out["column_code"].astype(str)
    return out[~key.duplicated()].reset_index(drop=True)


def earlier_group_names(layout: ReportLayout, codebooks: dict[int, Codebook], maps: Any
                        ) -> dict[int, dict[str, dict[int, str]]]:
    """Earlier year -> group variable of an NPS-per-group table -> that year's code -> the group's name: its
    label in the latest earlier codebook that still has it (``maps``: option_match.CodeMaps, ``was`` chains),
    else its own. A group this year lacks is one column under this one name, whichever year's export,
    report or carried series its figures come from (review h146: a group renamed with ``was`` between two
    earlier years got a column per name)."""
    keys = {spec.by for spec in layout.tables if spec.kind == "nps_by" and spec.by}
    years = sorted(y for y in codebooks if y < layout.year)
    out: dict[int, dict[str, dict[int, str]]] = {}
    for y in years:
        for key in sorted(k for k in keys if k in codebooks[y]):
            names = dict(codebooks[y].options(key, short=True))
            for code in names:
                for later in reversed([x for x in years if x > y and key in codebooks[x]]):
                    target = (maps.mapping(key, y, later) or {}).get(code)
                    if target is not None:
                        names[code] = codebooks[later].options(key, short=True)[target]
                        break
            out.setdefault(y, {})[key] = names
    return out


# ---------------------------------------------------------------------------------------
def _options(cb: Codebook, key: str, codes) -> dict:
    """Code -> display label (the report's short wording where the codebook gives one)."""
    labels = cb.options(key, short=True)
    return {code: labels[code] for code in codes}


def _ordered(cb: Codebook, key: str, rows) -> dict:
    """Rows in the printed order, then any option the report left out (kept if answered)."""
    labels = cb.options(key, short=True)
    out = {code: labels[code] for code in rows}
    out.update({code: label for code, label in labels.items() if code not in out})
    return out


def _with_codes(table: pd.DataFrame, row_codes: dict, column_codes: dict) -> pd.DataFrame:
    """``table`` with each row's and column's code beside its label (a new frame)."""
    return table.assign(row_code=[row_codes[str(r)] for r in table["row"]],
                        column_code=[column_codes[str(c)] for c in table["column"]])


def _drop_unprinted(table: pd.DataFrame, rows) -> pd.DataFrame:
    """Leave out options the report does not print, but only when nobody gave them."""
    kept = table["row_code"].isin(list(rows)) | (table["value"].fillna(0) > 0)
    return table if kept.all() else table[kept]


def _year_label(spec: TableSpec, year: int) -> str:
    return spec.column_label(year)


def _add_history(spec: TableSpec, current: pd.DataFrame, year: int, history: History | None,
                 row_labels: dict) -> pd.DataFrame:
    """Put the earlier years beside the computed current-year column: computed from the year's
    own data where `history` has it, else the published figures."""
    frames = []
    own = history.cells[history.cells["table_key"] == spec.key] if history is not None else None
    for column in spec.columns:
        if column == year:
            frames.append(current)
            continue
        if own is None:
            continue
        if isinstance(column, int) and column in history.surveys and column < year:
            code_map = history.code_maps.get(column, {}).get(spec.question or "")
            computed = own_column(spec, column, history.surveys[column], history.weights, code_map)
            if computed is not None:
                computed = computed.copy()
                computed["row"] = [row_labels.get(code, row) for code, row in zip(computed["row_code"], computed["row"].astype(str))]
                computed["column"] = _year_label(spec, column)
                frames.append(computed)
                continue
        published = own[own["column_code"] == column]  # = history.column(spec, column)
        if published.empty:
            carried = history.carried_column(spec, column)  # printed in another report
            if carried.empty:
                continue
            frames.append(pd.DataFrame({
                "row": [row_labels.get(code, str(code)) for code in carried["row_code"]],
                "column": _year_label(spec, column), "value": carried["value"].astype(float).to_numpy(),
                "n": carried["n"].astype(float).to_numpy(), "row_code": carried["row_code"].to_numpy(),
                "column_code": column,
            }))
            continue
        frames.append(pd.DataFrame({
            "row": [row_labels.get(code, row) for code, row in zip(published["row_code"], published["row"])],
            "column": _year_label(spec, column),
            "value": published["value"].astype(float).to_numpy(),
            "n": history.base(spec, column),
            "row_code": published["row_code"].to_numpy(),
            "column_code": column,
        }))
    # the years in the layout's order (frames follow spec.columns), whichever row holds them first
    column_order = list(dict.fromkeys(str(c) for frame in frames for c in frame["column"]))
    return _finish(pd.concat(frames, ignore_index=True), spec, [*row_labels.values()], column_order)


def _finish(table: pd.DataFrame, spec: TableSpec, row_order: list | None = None,
            column_order: list | None = None) -> pd.DataFrame:
    """The table in its printed order: rows, then columns, in ``row_order`` / ``column_order``
    and then as they first occur (ordered categoricals of the texts), ``n`` as float. Each
    row's category is looked up once and the order taken by one stable sort of the codes (the
    same frame as sorting the categoricals with pandas: a third of the tables' fixed cost)."""
    row_text = [str(r) for r in table["row"]]
    column_text = [str(c) for c in table["column"]]
    row_codes, rows = _category_codes(row_text, row_order)
    column_codes, cols = _category_codes(column_text, column_order)
    order = np.lexsort((column_codes, row_codes))  # stable: ties keep the table's order
    # the columns' arrays taken in that order (each keeps its dtype, as Series.take does, without
    # an index per column for the frame to align)
    return pd.DataFrame({
        "row": pd.Categorical.from_codes(row_codes[order], dtype=pd.CategoricalDtype(rows, ordered=True)),
        "column": pd.Categorical.from_codes(column_codes[order], dtype=pd.CategoricalDtype(cols, ordered=True)),
        "value": table["value"].array.take(order),
        "n": table["n"].astype(float).array.take(order),
        "row_code": table["row_code"].array.take(order),
        "column_code": table["column_code"].array.take(order),
    })


def _category_codes(texts: list[str], order: list | None) -> tuple[np.ndarray, list]:
    """The categories (``order``, then the texts as they first occur) and each text's code."""
    categories = list(dict.fromkeys((order or []) + texts))
    position = {c: i for i, c in enumerate(categories)}
    return np.array([position[t] for t in texts], dtype=np.int64), categories


# ---------------------------------------------------------------------------------------
def compute_table(spec: TableSpec, survey: Survey, history: History | None = None, *,
                  weights: pd.Series | None = None) -> pd.DataFrame:
    """One table; with `weights` (per respondent of `survey`) its shares and means are weighted
    (bases stay numbers of respondents; frequency tables and counts describe the respondents)."""
    compute: Callable = _KINDS[spec.kind]
    return _finite(spec, compute(spec, survey, history, weights))


def _finite(spec: TableSpec, table: pd.DataFrame) -> pd.DataFrame:
    """`table`, or NonFiniteFigureError naming its first infinite cell (value or base) by table, row and column:
    a numeric answer too large to add up (two answers of 1e308 make a mean of inf) or an earlier year's figure
    "inf" would otherwise print "inf" in a cell. A missing figure (NaN) stays: the table says why it has none."""
    if spec.kind == "mapping" or table.empty:
        return table
    values = pd.to_numeric(table["value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bases = table["n"].to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(np.isinf(values) | np.isinf(bases))
    if not len(bad):
        return table
    i = int(bad[0])
    what = f"value {values[i]:g}" if np.isinf(values[i]) else f"base n={bases[i]:g}"
    raise NonFiniteFigureError(
        f"{spec.number} ({spec.key}): row '{table['row'].iloc[i]}', column '{table['column'].iloc[i]}' has an "
        f"infinite {what}" + (f" ({len(bad)} cells in all)" if len(bad) > 1 else "") + ": no figure of the "
        f"report can be infinite; check the answers to {spec.question or 'the table' + chr(39) + 's questions'} in "
        "the export (a number too large to compute with) and the published figures of earlier years")


def _w(weights: pd.Series | None, data: pd.DataFrame) -> np.ndarray | None:
    """The weights in the order of the respondent rows (None: unweighted)."""
    return None if weights is None else weights.reindex(data.index).to_numpy(dtype=float)


def _single(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb, data, year = survey.codebook, survey.responses, survey.codebook.year
    options = _ordered(cb, spec.question, spec.rows)
    row_codes = {label: code for code, label in options.items()}
    if spec.by:
        groups = cb.options(spec.by, short=True)
        table = tf.single_choice(data[spec.question], options, by=data[spec.by], groups=groups, total_label=TOTAL,
                                 weights=_w(weights, data))
        col_codes = {label: code for code, label in groups.items()} | {TOTAL: TOTAL}
        table = _drop_unprinted(_with_codes(table, row_codes, col_codes), spec.rows)
        return _finish(table, spec)
    label = _year_label(spec, year)
    table = tf.single_choice(data[spec.question], options, column_label=label, weights=_w(weights, data))
    table = _drop_unprinted(_with_codes(table, row_codes, {label: year}), spec.rows)
    return _add_history(spec, table, year, history, {c: options[c] for c in spec.rows})


def _multi(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb, data, year = survey.codebook, survey.responses, survey.codebook.year
    labels = cb.options(spec.question, short=True)
    columns = {f"{spec.question}__{code}": labels[code] for code in spec.rows}
    label = _year_label(spec, year)
    table = tf.multi_response(data[list(columns)], columns, column_label=label, weights=_w(weights, data))
    table = _with_codes(table, {labels[c]: c for c in spec.rows}, {label: year})
    return _add_history(spec, table, year, history, {c: labels[c] for c in spec.rows})


def _matrix(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb, data = survey.codebook, survey.responses
    items = cb.items(spec.question, short=True)
    options = _options(cb, spec.question, spec.columns)
    columns = {f"{spec.question}__{code}": items[code] for code in spec.rows}
    table = tf.matrix(data[list(columns)], columns, options, weights=_w(weights, data))
    table = _with_codes(table, {items[c]: c for c in spec.rows}, {v: k for k, v in options.items()})
    return _finish(table, spec)


def _matrix_share(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb, data, year = survey.codebook, survey.responses, survey.codebook.year
    items = cb.items(spec.question, short=True)
    label = _year_label(spec, year)
    w = pd.Series(1.0, index=data.index) if weights is None else weights.reindex(data.index).astype(float)
    parts = []
    for code in spec.rows:
        values = data[f"{spec.question}__{code}"]
        answered = values.notna()
        chosen = values.isin(list(spec.share_of)) & answered
        base = int(answered.sum())
        weighted_base = float(w[answered].sum())
        share = 100.0 * float(w[chosen].sum()) / weighted_base if base and weighted_base > 0 else np.nan
        parts.append({"row": items[code], "column": label, "value": share,
                      "n": base, "row_code": code, "column_code": year})
    return _add_history(spec, pd.DataFrame(parts), year, history, {c: items[c] for c in spec.rows})


def _scale_means(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb, data, year = survey.codebook, survey.responses, survey.codebook.year
    question = cb.question(spec.question)
    items = cb.items(spec.question, short=True)
    columns = {f"{spec.question}__{code}": items[code] for code in spec.rows}
    label = _year_label(spec, year)
    table = tf.scale_means(data[list(columns)], columns, column_label=label, valid_range=tuple(question.range),
                           weights=_w(weights, data))
    table = _with_codes(table, {items[c]: c for c in spec.rows}, {label: year})
    return _add_history(spec, table, year, history, {c: items[c] for c in spec.rows})


def _numeric(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb, data = survey.codebook, survey.responses
    parts = []
    for key in spec.rows:
        question = cb.question(key)
        table = tf.numeric_summary(data[key].astype(float), row_label=question.text, weights=_w(weights, data))
        table = table[table["column"].astype(str).isin([str(c) for c in spec.columns])]
        parts.append(_with_codes(table, {question.text: key}, {str(c): c for c in spec.columns}))
    return _finish(pd.concat(parts, ignore_index=True), spec)


def _nps(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    data, year = survey.responses, survey.codebook.year
    label = _year_label(spec, year)
    table = tf.nps(data[spec.question].astype(float), column_label=label, weights=_w(weights, data))
    table = _with_codes(table, {r: r for r in NPS_ROWS}, {label: year})
    return _add_history(spec, table, year, history, {r: r for r in spec.rows})


def _nps_by(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb, data, year = survey.codebook, survey.responses, survey.codebook.year
    groups = cb.options(spec.by, short=True)
    scores = data[spec.question].astype(float)
    shares = tf.nps(scores, by=data[spec.by], groups=groups, total_label=TOTAL, weights=_w(weights, data))
    counts = tf.nps_counts(scores, by=data[spec.by], groups=groups, total_label=TOTAL)
    col_codes = {label: code for code, label in groups.items()} | {TOTAL: TOTAL}
    rows = []
    for _, r in shares.iterrows():
        code = "NPS " + str(year) if str(r["row"]) == "NPS" else str(r["row"])
        rows.append({"row": code, "column": str(r["column"]), "value": r["value"], "n": r["n"],
                     "row_code": code, "column_code": col_codes[str(r["column"])]})
    for _, r in counts[counts["row"].astype(str) == "Totaal (N)"].iterrows():
        rows.append({"row": "Totaal (N)", "column": str(r["column"]), "value": r["value"], "n": r["n"],
                     "row_code": "Totaal (N)", "column_code": col_codes[str(r["column"])]})
    if history is not None:
        rows += _nps_by_history(spec, history, year, groups, weights)
    table = pd.DataFrame(rows)
    table["row"] = table["row"].astype(str)
    order = list(nps_rows_in_order(spec.rows, year))  # NPS of every year before 'Totaal (N)'
    gone = [c for c in dict.fromkeys(table["column_code"]) if c != TOTAL and c not in groups]
    if gone:  # its cells of this year there, empty (NaN, never 0), for the outputs to say why (vanished_groups)
        labels = dict(zip(table["column_code"], table["column"]))
        now = [r for r in order if not (r.startswith("NPS ") and r != f"NPS {year}")]
        table = pd.concat([table, pd.DataFrame([{"row": r, "column": str(labels[c]), "value": np.nan, "n": np.nan,
                                                 "row_code": r, "column_code": c} for c in gone for r in now])],
                          ignore_index=True)
    table["_r"] = table["row"].map({r: i for i, r in enumerate(order)})
    # a group the layout's columns lack (a new uitvoerder) before 'Totaal', as the other breakdowns print it
    # a group of an earlier year that this year's codebook lacks (dropped or renamed without ``was``) keeps the
    # label the report printed (or its year's codebook gave), before 'Totaal' (as _add_history keeps a
    # published row of a vanished option under its own label; check-year names the group, the outputs mark it)
    listed = [c for c in spec.columns if c != TOTAL]
    col_order = {c: i for i, c in enumerate(listed + [c for c in groups if c not in listed] + gone + [TOTAL])}
    table["_c"] = table["column_code"].map(col_order)
    table = table.sort_values(["_r", "_c"], kind="stable")
    table["column"] = [TOTAL if c == TOTAL else groups.get(c, str(label))
                       for c, label in zip(table["column_code"], table["column"])]
    columns = list(dict.fromkeys(table.sort_values("_c", kind="stable")["column"]))
    return _finish(table.drop(columns=["_r", "_c"]), spec, order, columns)


def _earlier_group_code(label: str, groups: dict, year: int) -> str:
    """The column of an earlier year's group this year lacks: its label, or, where a group of this year
    bears that label (a new group on purpose, ``was: {year: null}``), the label with 'vóór' the survey year."""
    return label if label not in groups.values() else f"{label} (vóór {year})"


def vanished_groups(spec: TableSpec, table: pd.DataFrame, codebook: Codebook) -> list:
    """The columns of an NPS-per-group table that are no group of this year's codebook: groups of earlier
    years that this year's questionnaire no longer has (their cells of this year are empty)."""
    if spec.kind != "nps_by" or not spec.by or spec.by not in codebook:
        return []
    groups = codebook.options(spec.by)
    return [c for c in dict.fromkeys(table["column_code"]) if c != TOTAL and c not in groups]


def _nps_by_history(spec: TableSpec, history: History, year: int, groups: dict, weights=None) -> list[dict]:
    """Earlier years' NPS per group: from their own data, else as published (this report, else another).
    `groups`: this year's groups (code -> label); an earlier group without a code among them is never put in
    another group's column: it has one column of its own under its name (History.group_names; published: the
    printed label), whichever source each year's figure has (_one_column_per_group). A carried group the code
    maps did not translate (no map: its code is no group's of this year) is left out (it has no label)."""
    rows = []
    published = history.cells[history.cells["table_key"] == spec.key]
    own_years = {y for y in history.surveys if y < year and f"NPS {y}" in spec.rows}
    for y in sorted(own_years):
        other = history.surveys[y]
        other_groups = other.codebook.options(spec.by, short=True)
        other_codes = {label: code for code, label in other_groups.items()} | {TOTAL: TOTAL}
        names = history.group_names.get(y, {}).get(spec.by or "", {})
        # the group in this year's codes (option_match: a renumbered uitvoerder keeps its NPS in its own
        # column); a group this year lacks has no column
        to_now = history.code_maps.get(y, {}).get(spec.by or "")
        earlier = tf.nps(other.responses[spec.question].astype(float), by=other.responses[spec.by],
                         groups=other_groups, total_label=TOTAL,
                         weights=_w(history.weights.get(y), other.responses))
        for _, r in earlier[earlier["row"].astype(str) == "NPS"].iterrows():
            own = code = other_codes[str(r["column"])]
            if to_now is not None and code != TOTAL:
                code = to_now.get(code)  # None: no counterpart this year
            if code is None or (code != TOTAL and code not in groups):
                # a group this year lacks (dropped, split, renamed without ``was``): its NPS in a column of its
                # own under its name (never in another group's column), marked as published groups are
                code = names.get(own, str(r["column"]))
            column = code if isinstance(code, str) and code != TOTAL else str(r["column"])
            rows.append({"row": f"NPS {y}", "column": column, "value": r["value"], "n": r["n"],
                         "row_code": f"NPS {y}", "column_code": code, _SOURCE: f"the {y} export"})
    done = set(own_years)
    for _, r in published[published["row_code"].astype(str).str.startswith("NPS ")].iterrows():
        if r["row_code"] == f"NPS {year}" or int(str(r["row_code"])[4:]) in own_years:
            continue
        done.add(int(str(r["row_code"])[4:]))
        rows.append({"row": r["row_code"], "column": r["column"], "value": float(r["value"]), "n": np.nan,
                     "row_code": r["row_code"], "column_code": r["column_code"], _SOURCE: f"the {year} report"})
    carried = history.carried
    if carried is not None and not carried.empty:
        for r in carried[carried["table_key"] == spec.key].itertuples():
            # a text: a group without a counterpart this year, under its name (carried_figures); a code no
            # group of this year has (no code map translated it): left out, it has no label to print
            if r.column_code != TOTAL and r.column_code not in groups and not isinstance(r.column_code, str):
                continue
            if int(str(r.row_code)[4:]) not in done and str(r.row_code) != f"NPS {year}":
                rows.append({"row": r.row_code, "column": str(r.column_code), "value": float(r.value), "n": np.nan,
                             "row_code": r.row_code, "column_code": r.column_code,
                             _SOURCE: f"the {r.source_year} report"})
    return _one_column_per_group(spec, rows, groups, year)


def _group_key(label: str) -> str:
    """A group's label as compared across sources: case, spaces, punctuation and marks (*, ‡) aside. Not
    symbols (review h147: '< €40 mln' and '> €40 mln', two groups, were one column holding one group's figure
    under the other's label): only what Unicode calls punctuation."""
    plain = "".join(" " if c == "_" or unicodedata.category(c).startswith("P") else c for c in str(label))
    return " ".join(plain.split()).casefold()


def _one_column_per_group(spec: TableSpec, rows: list[dict], groups: dict, year: int) -> list[dict]:
    """The figures of each group this year lacks in one column (review h146: a year computed under the
    codebook's name and one published under the printed label, spelled another way or under another code, got
    a column each): the groups are the same when their names are (_group_key). The column keeps a published
    code (the layout's) where there is one, else the name, under the latest year's name. Figures of one group
    and year from several sources are one cell when they print the same (format_nps: review h155, 7.6 and 8.4
    are both +8), else an error naming the table, group, year and every source with its figure."""
    gone = [r for r in rows if r["column_code"] != TOTAL and r["column_code"] not in groups]
    latest: dict[str, dict] = {}
    for r in sorted(gone, key=lambda r: str(r["row_code"])):
        latest[_group_key(r["column"])] = r
    code = {k: next((r["column_code"] for r in gone if _group_key(r["column"]) == k
                     and not isinstance(r["column_code"], str)), None) for k in latest}
    gone_ids = {id(r) for r in gone}
    cells: dict[tuple, list[tuple[dict, str]]] = {}
    for r in rows:
        shown = str(r["column"])
        if id(r) in gone_ids:
            k = _group_key(r["column"])
            label = str(latest[k]["column"])
            new = code[k] if code[k] is not None else _earlier_group_code(label, groups, year)
            r = dict(r, column=new if isinstance(new, str) else label, column_code=new)
        r = {key: value for key, value in r.items() if key != _SOURCE} | {_SOURCE: (r.get(_SOURCE), shown)}
        cells.setdefault((str(r["row_code"]), r["column_code"]), []).append(r)
    for same in cells.values():
        _one_figure(spec, same)
    return [{key: value for key, value in same[0].items() if key != _SOURCE} for same in cells.values()]


#: the key of a history row that names where its figure comes from (the 2025 export, the 2026 report)
_SOURCE = "_source"


def _one_figure(spec: TableSpec, same: list[dict]) -> None:
    """Raise GroupSourceError when the figures of one group's cell from its sources print differently."""
    figures = [r for r in same if not pd.isna(r["value"])]
    if len({tf.format_nps(r["value"]) for r in figures}) <= 1:
        return
    cell = same[0]
    shown = ", ".join(f"{_printed(r['value'])} from {r[_SOURCE][0] or 'this year'}"
                      + (f" as ‘{r[_SOURCE][1]}’" if r[_SOURCE][1] != str(cell["column"]) else "")
                      for r in figures)
    raise GroupSourceError(
        f"{spec.number} ({spec.key}): group ‘{cell['column']}’ has figures for {cell['row_code']} that differ as "
        f"printed, from {len(figures)} sources ({shown}): correct the published cells, or the group's labels or "
        "was in the codebooks")


def _printed(value) -> str:
    """A figure as the error names it: as printed (+8), with its unrounded value where that differs (+8 (7.6))."""
    printed = tf.format_nps(value)
    return printed if float(value).is_integer() else f"{printed} ({float(value):g})"


def _frequency(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb, data = survey.codebook, survey.responses
    options = cb.options(spec.question, short=True)
    table = tf.frequency_table(data[spec.question], options)
    table = _with_codes(table, {v: k for k, v in options.items()}, {"Aantal": "Aantal", "Percentage": "Percentage"})
    if TOTAL in spec.rows:
        n = int(data[spec.question].notna().sum())
        table = pd.concat([table, pd.DataFrame([
            {"row": TOTAL, "column": "Aantal", "value": float(n), "n": n, "row_code": TOTAL, "column_code": "Aantal"},
            {"row": TOTAL, "column": "Percentage", "value": 100.0, "n": n, "row_code": TOTAL, "column_code": "Percentage"},
        ])], ignore_index=True)
    return _finish(table, spec)


def _response(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb, year = survey.codebook, survey.codebook.year
    n = len(survey.responses)
    current = pd.DataFrame([
        {"row": spec.rows[0], "value": float(cb.population)},
        {"row": spec.rows[1], "value": float(n)},
        {"row": spec.rows[2], "value": 100.0 * n / cb.population},
    ])
    current["column"], current["n"], current["row_code"], current["column_code"] = str(year), float(cb.population), current["row"], year
    return _add_history(spec, current, year, history, {r: r for r in spec.rows})


def _mapping(spec: TableSpec, survey: Survey, history: History | None, weights=None) -> pd.DataFrame:
    cb = survey.codebook
    derived = next(d for d in cb.derived if d.source == spec.question)
    regions = cb.options(spec.question)
    groups = cb.options(derived.key)
    rows = [{"row": regions[code], "column": derived.label, "value": groups[group], "n": np.nan,
             "row_code": code, "column_code": derived.key}
            for group in groups for code, g in derived.map.items() if g == group]
    return _finish(pd.DataFrame(rows), spec)


_KINDS: dict[str, Callable] = {
    "single": _single, "multi": _multi, "matrix": _matrix, "matrix_share": _matrix_share,
    "scale_means": _scale_means, "numeric": _numeric, "nps": _nps, "nps_by": _nps_by,
    "frequency": _frequency, "response": _response, "mapping": _mapping,
}


def compute_all(layout: ReportLayout, survey: Survey, history: History | None = None, *,
                weights: pd.Series | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the layout, by table key, in report order (weighted shares with `weights`).

    A table the codebook cannot serve (a question, item or option the layout names and the
    codebook does not have) raises LayoutError naming the layout file and the table."""
    out = {}
    for spec in layout.tables:
        try:
            out[spec.key] = compute_table(spec, survey, history, weights=weights)
        except KeyError as err:
            what = err.args[0] if err.args and isinstance(err.args[0], str) else repr(err)
            raise LayoutError(f"{layout.source}: {spec.number} ({spec.key}): {what} "
                              f"(codebook {survey.codebook.path or survey.codebook.year})") from err
        except ValueError as err:  # a code the table's rows or columns leave out (review: a bare traceback)
            if "occurs in the data but not in the mapping" not in str(err):
                raise
            raise LayoutError(f"{layout.source}: {spec.number} ({spec.key}): {err}: the table's rows or columns "
                              "leave out an option of the question; add it (python -m wlzmonitor check-year names "
                              "them)") from err
    return out
