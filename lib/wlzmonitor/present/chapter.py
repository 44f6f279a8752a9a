"""What a chapter notebook shows: tables as the report prints them, charts, verdicts, key figures.

A chapter notebook is a parameters cell, `chapter = Chapter.open(...)`, and calls such as
`chapter.text("... {maatwerk:1} ...")` and `chapter.table("maatwerk")` between the analyst's
Dutch narrative. Everything printed is computed here from the year's result (see
`wlzmonitor.compute.result_cache`), formatted the report's way (35%, 4,05, +7, n=122), in Dutch.

Every function that builds HTML returns a string (testable without a notebook); the `Chapter`
methods display it. Charts are written to `<output>/figures/<chapter>_<table>.png|svg` and shown
inline from the same PNG bytes, so each chart is rendered once per format.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wlzmonitor.compute.result_cache import cached_year_result
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.compute.disclosure import small_group_note
from wlzmonitor.present.figures_text import KeyFigures, column_order, display_kind, format_value
from wlzmonitor.spec.layout import TableSpec
from wlzmonitor.present.table_files import table_title
from wlzmonitor.compute.significance import TestResult
from wlzmonitor.compute.tables import format_mean, format_n

TEST_NAMES = {
    "chi2": "χ²-toets (Pearson)",
    "chi2-permutatie": "χ²-toets met p-waarde uit een permutatietoets (verwachte aantallen kleiner dan 5)",
}
GROUP_WORDS = {"omzetgroep": "omzetgroep", "uitvoerder": "Wlz-uitvoerder"}


# --------------------------------------------------------------------------------------------
# Pure builders (strings in, strings out)
# --------------------------------------------------------------------------------------------
def _unit(spec: TableSpec, codebook) -> str | None:
    key = spec.question or (spec.rows[0] if spec.rows and isinstance(spec.rows[0], str) else None)
    if key and key in codebook:
        try:
            return codebook.question(key).unit
        except KeyError:
            return None
    return None


def _row_labels(table: pd.DataFrame) -> dict:
    return dict(zip(table["row_code"], table["row"].astype(str)))


def _column_labels(table: pd.DataFrame) -> dict:
    return dict(zip(table["column_code"], table["column"].astype(str)))


def column_bases(table: pd.DataFrame) -> dict[Any, tuple[float, float]]:
    """Column code -> (smallest, largest) base n in that column (NaN when not stated)."""
    out = {}
    for code in column_order(None, table):  # type: ignore[arg-type]
        n = table.loc[table["column_code"] == code, "n"].dropna()
        out[code] = (float(n.min()), float(n.max())) if len(n) else (np.nan, np.nan)
    return out


def _base_text(lo: float, hi: float) -> str:
    if np.isnan(lo):
        return ""
    if lo == hi:
        return format_n(lo)
    return f"n variërend van {format_mean(lo, 0)} tot {format_mean(hi, 0)}"


def bases_caption(spec: TableSpec, table: pd.DataFrame) -> str:
    """The caption's bases, as the report writes them: '(2024: n=107, 2025: n=112, 2026: n=122)'.

    Trend tables name every year with a stated base; breakdowns give the total's base; tables with
    one base give '(n=122)'; where the base differs per row: 'n variërend van 96 tot 115'.
    """
    if spec.kind in {"mapping", "response"}:
        return ""
    labels = _column_labels(table)
    stated = {code: b for code, b in column_bases(table).items() if not np.isnan(b[0])}
    if spec.kind == "numeric":  # a base per row; rows nobody answered do not count
        n = table["n"].dropna()
        n = n[n > 0]
        return f"({_base_text(float(n.min()), float(n.max()))})" if len(n) else ""
    if not stated:
        return ""
    if spec.is_trend:
        return "(" + ", ".join(f"{labels[c]}: {_base_text(*b)}" for c, b in stated.items()) + ")"
    if "Totaal" in stated:
        return f"({_base_text(*stated['Totaal'])})"
    lo = min(b[0] for b in stated.values())
    hi = max(b[1] for b in stated.values())
    return f"({_base_text(lo, hi)})"


def small_columns(table: pd.DataFrame, small_base: int, spec: TableSpec | None = None) -> list:
    """Columns whose base is below the small-base threshold (not counting unstated bases).

    Tables whose columns are not groups of respondents (numeric summaries, counts) have none.
    """
    if spec is not None and spec.kind in {"numeric", "response", "frequency", "mapping"}:
        return []
    return [c for c, (lo, _) in column_bases(table).items() if not np.isnan(lo) and lo < small_base]


def wide_table(spec: TableSpec, table: pd.DataFrame, codebook, *, small_base: int,
               small_groups: Collection = ()) -> pd.DataFrame:
    """The table as printed: rows in questionnaire order, columns as the report has them, text cells.

    Columns in `small_groups` (groups below the small-group threshold, :mod:`.disclosure`) are
    marked with †; a base below `small_base` with *."""
    unit = _unit(spec, codebook)
    rows = list(dict.fromkeys(table["row_code"]))
    cols = column_order(spec, table)
    row_labels, col_labels = _row_labels(table), _column_labels(table)
    cells = {(r.row_code, r.column_code): r.value for r in table.itertuples(index=False)}
    small = set(small_columns(table, small_base, spec))
    show_n = spec.is_breakdown or spec.kind == "nps_by"
    bases = column_bases(table)
    headers = []
    for c in cols:
        label = col_labels[c]
        if show_n and not np.isnan(bases[c][0]):
            label = f"{label} ({_base_text(*bases[c])})"
        headers.append(label + (" *" if c in small else "") + (" †" if c in small_groups else ""))
    data = [[format_value(cells.get((r, c), np.nan), display_kind(spec, r, c, unit)) for c in cols] for r in rows]
    for j, c in enumerate(cols):  # a small group's suppressed cells (disclosure.py): a visible dash
        if c in small_groups:
            for i, r in enumerate(rows):
                if data[i][j] == "" and (r, c) in cells:
                    data[i][j] = "–"
    frame = pd.DataFrame(data, index=[row_labels[r] for r in rows], columns=headers)
    frame.index.name = None
    return frame


def table_html(spec: TableSpec, table: pd.DataFrame, codebook, *, small_base: int,
               small_groups: Collection = ()) -> str:
    """A pandas Styler rendering with a fixed uuid (identical bytes on every run)."""
    wide = wide_table(spec, table, codebook, small_base=small_base, small_groups=small_groups)
    title = table_title(spec, codebook)
    caption = f"{spec.number} – {title} {bases_caption(spec, table)}".strip()
    styler = (wide.style.set_uuid(spec.key.replace("_", "-"))
              .set_caption(html.escape(caption))
              .set_table_attributes('class="rapport"'))
    return styler.to_html()


def verdict_html(spec: TableSpec, test: TestResult | None, *, alpha: float) -> str:
    """The verdict under a breakdown table, worded as the report words it."""
    if test is None:
        return ""
    group = GROUP_WORDS.get(spec.by or "", spec.by or "groep")
    name = TEST_NAMES.get(test.test, test.test)
    if np.isnan(test.p_value):
        return f'<p class="verdict">Geen toets mogelijk: te weinig antwoorden per {group}.</p>'
    p = "p < 0,001" if test.p_value < 0.001 else f"p = {format_mean(test.p_value, 3)}"
    detail = f"{name}, {p}, α = {format_mean(alpha, 2)}"
    if test.significant:
        return ('<p class="verdict significant">Dit is een statistisch significant verschil, maar dit is '
                f"slechts richtinggevend vanwege beperkte omvang respons per {group} ({html.escape(detail)}).</p>")
    return f'<p class="verdict">Geen statistisch significant verschil tussen de groepen ({html.escape(detail)}).</p>'


def change_html(spec: TableSpec, changes: pd.DataFrame, year: int, *, alpha: float,
                population: int | None) -> str:
    """Under a trend table: which shares changed significantly since the previous survey year."""
    from wlzmonitor.compute.trends import KINDS, TEST_NAME, testable

    if spec.kind not in KINDS or spec.is_breakdown or year not in spec.columns or list(spec.columns).index(year) == 0:
        return ""
    previous = spec.column_label(spec.columns[list(spec.columns).index(year) - 1])
    if not testable(spec, year):
        return f'<p class="verdict">Niet getoetst tegen {html.escape(previous)}: {html.escape(spec.note or "")}.</p>'
    own = changes[changes["table_key"] == spec.key] if len(changes) else changes
    method = f"{TEST_NAME}{f' (N = {population})' if population else ''}, α = {format_mean(alpha, 2)}"
    hits = own[own["significant"]] if len(own) else own
    if not len(hits):
        return (f'<p class="verdict">Geen statistisch significante verandering ten opzichte van '
                f"{html.escape(previous)} ({html.escape(method)}).</p>")
    items = ", ".join(
        f"‘{html.escape(r.row)}’ ({format_value(r.p_previous, 'percent')} → {format_value(r.p_current, 'percent')}, "
        f"p {'< 0,001' if r.p_value < 0.001 else '= ' + format_mean(r.p_value, 3)})" for r in hits.itertuples())
    return (f'<p class="verdict change">Statistisch significant veranderd ten opzichte van {html.escape(previous)}: '
            f"{items} ({html.escape(method)}).</p>")


def small_base_note(spec: TableSpec, table: pd.DataFrame, small_base: int) -> str:
    if not small_columns(table, small_base, spec):
        return ""
    return (f'<p class="note">* Kleine basis (n &lt; {small_base}): de percentages zijn '
            "gevoelig voor enkele antwoorden; voorzichtig interpreteren.</p>")


# --------------------------------------------------------------------------------------------
# The chapter
# --------------------------------------------------------------------------------------------
def _display_html(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


@dataclass
class Chapter:
    stem: str
    title: str
    year: int
    result: Any  # pipeline.YearResult
    config: ReportConfig
    output_dir: Path
    figures: KeyFigures = field(init=False)
    shown: list[str] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        units = {q.key: q.unit for q in self.result.codebook.questions}
        specs = {spec.key: spec for spec in self.result.layout.tables}
        self.figures = KeyFigures(self.year, specs, self.result.tables, units)
        self._scrubber = None

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def open(cls, stem: str, *, year: int, output_dir: str = "", root: str = "") -> "Chapter":
        """The chapter `stem` of `year`.

        `output_dir` empty = outputs/scratch/<year> (interactive runs never touch a complete output).
        The computed result is shared through the cache folder `.cache` beside the output folder
        (outputs/.cache for run_all's staging folder outputs/.<year>.partial).
        """
        config = load_config(Path(root).resolve() if root else None)
        if stem not in config.chapters:
            raise KeyError(f"config/report.yml has no chapter '{stem}'; chapters: {', '.join(config.chapters)}")
        out = Path(output_dir) if output_dir else config.output_dir / "scratch" / str(year)
        if not out.is_absolute():
            out = (config.root / out).resolve()
        result = cached_year_result(year, config, directory=out.parent / ".cache" if output_dir else None)
        (out / "figures").mkdir(parents=True, exist_ok=True)
        return cls(stem, config.chapters[stem], year, result, config, out)

    @property
    def changes(self) -> pd.DataFrame:
        return self.result.changes

    @property
    def small_base(self) -> int:
        return self.config.small_base

    @property
    def specs(self) -> list[TableSpec]:
        return self.result.layout.chapter(self.stem)

    @property
    def scrubber(self):
        if self._scrubber is None:
            from wlzmonitor.inputs.privacy import Scrubber

            self._scrubber = Scrubber.from_survey(self.result.survey, config_path=self.config.privacy_file)
        return self._scrubber

    # -- building blocks (strings) -----------------------------------------------------------
    def fill(self, template: str) -> str:
        return self.figures.fill(template)

    def table_section(self, key: str, *, chart: bool = True, explanations: bool = True) -> str:
        spec = self.result.layout.table(key)
        table = self.result.tables[spec.key]
        codebook = self.result.codebook
        small_groups = self.result.small_groups.get(spec.key, [])
        parts = [f'<section class="tabel" id="{html.escape(spec.number.lower().replace(" ", "-"))}">',
                 table_html(spec, table, codebook, small_base=self.small_base, small_groups=small_groups)]
        if spec.note:
            parts.append(f'<p class="note">Let op: {html.escape(spec.note)}.</p>')
        parts.append(small_base_note(spec, table, self.small_base))
        if small_groups:
            privacy = self.scrubber.settings
            parts.append(small_group_note(privacy.small_group_threshold, privacy.small_group_action))
        parts.append(verdict_html(spec, self.result.tests.get(spec.key), alpha=self.config.alpha))
        parts.append(change_html(spec, self.changes, self.year, alpha=self.config.alpha,
                                 population=self.result.codebook.population))
        if chart:
            parts.append(self.chart_html(spec))
        if explanations and spec.question and not spec.is_breakdown:
            parts.append(self.themes_html(spec.question))
            parts.append(self.explanations_html(spec.question))
        parts.append("</section>")
        return "\n".join(p for p in parts if p)

    def chart_html(self, spec: TableSpec) -> str:
        from wlzmonitor.present.charts import alt_text, chart_html, make_chart, save_chart

        table = self.result.tables[spec.key]
        question = table_title(spec, self.result.codebook)
        fig = make_chart(spec, table, small_base=self.small_base, title=question)
        if fig is None:
            return ""
        files = save_chart(fig, self.output_dir / "figures", f"{self.stem}_{spec.key}")
        description = alt_text(spec, table, small_base=self.small_base, title=question)
        small_groups = self.result.small_groups.get(spec.key, [])
        if small_groups and self.scrubber.settings.small_group_action == "suppress":
            labels = dict(zip(table["column_code"], table["column"]))
            description += (" Niet getoond (groep kleiner dan "
                            f"{self.scrubber.settings.small_group_threshold}): "
                            + ", ".join(str(labels.get(c, c)) for c in small_groups) + ".")
        return chart_html(files.png_bytes, description)

    def explanations_html(self, question: str, title: str | None = None) -> str:
        from wlzmonitor.compute.explanations import explanations, explanations_html

        codebook = self.result.codebook
        if question not in {q.key for q in codebook.questions}:  # a derived variable has no explanations
            return ""
        q = codebook.question(question)
        if not (q.text_column or q.comment_column or q.type == "open"):
            return ""
        frame = explanations(self.result.survey, codebook, question, self.scrubber)
        if frame.empty:
            return ""
        return explanations_html(frame, title=title or f"Toelichtingen bij {q.number_label}")

    @property
    def coded(self) -> pd.DataFrame | None:
        """Open answers coded into themes (data/codeframes/<year>.yml), None without a codeframe."""
        if getattr(self, "_coded", None) is None:
            from wlzmonitor.compute.coding import code_answers, codeframe_path, load_codeframes

            path = codeframe_path(self.year, self.config.root)
            if not path.exists():
                return None
            frames = load_codeframes(path, self.result.codebook)
            self._coded = code_answers(self.result.survey, self.result.codebook, frames, self.scrubber)
        return self._coded

    def themes_html(self, question: str, title: str | None = None) -> str:
        """Per theme the count and share of answers, examples, and the uncoded share."""
        from wlzmonitor.compute.coding import coding_html

        coded = self.coded
        if coded is None or question not in set(coded["question"]):
            return ""
        return coding_html(coded, question, title=title)

    # -- notebook calls (display) -------------------------------------------------------------
    def themes(self, question: str, title: str | None = None) -> None:
        _display_html(self.themes_html(question, title))

    def header(self) -> None:
        survey = self.result.survey
        n = len(survey.responses)
        population = self.result.codebook.population
        response = f" van de {population} benaderde leden ({format_value(100 * n / population, 'percent')})" if population else ""
        _display_html(f"<h1>{html.escape(self.title)}</h1>\n<p class=\"lead\">ActiZ-enquête Wlz-zorgcontractering "
                      f"{self.year}: {n} volledig ingevulde vragenlijsten{response}.</p>")

    def text(self, template: str) -> None:
        """A paragraph of prose with key figures filled in from the data (left out in a year that
        did not ask a question it names: years.template_not_asked)."""
        from wlzmonitor.spec.earlier_years import template_not_asked

        if template_not_asked(self.result.layout, template, self.config.root):
            return
        _display_html(f"<p>{html.escape(self.fill(template), quote=False)}</p>")

    def table(self, key: str, *, chart: bool = True, explanations: bool = True) -> None:
        from wlzmonitor.spec.earlier_years import not_asked_note

        note = not_asked_note(self.result.layout, key, self.config.root)
        if note:
            _display_html(note)
            return
        self.shown.append(key)
        _display_html(self.table_section(key, chart=chart, explanations=explanations))

    def trend_chart(self, key: str) -> None:
        """Line chart of a long trend series (charts.trend_line_chart), saved with the other figures."""
        from wlzmonitor.present.charts import chart_html, save_chart, trend_alt_text, trend_line_chart

        spec = self.result.layout.table(key)
        table = self.result.tables[spec.key]
        question = table_title(spec, self.result.codebook)
        history = self.result.history
        data_years = sorted({self.year, *(history.surveys if history is not None else {})})
        fig = trend_line_chart(spec, table, title=question, data_years=data_years)
        if fig is not None:
            files = save_chart(fig, self.output_dir / "figures", f"{self.stem}_{spec.key}_verloop")
            _display_html(chart_html(files.png_bytes, trend_alt_text(spec, table, title=question)))

    def remaining_tables(self) -> None:
        """Every table of this chapter not shown yet, in report order."""
        for spec in self.specs:
            if spec.key not in self.shown:
                self.table(spec.key)

    def explanations(self, question: str, title: str | None = None) -> None:
        _display_html(self.explanations_html(question, title))

    # -- appendix pages -----------------------------------------------------------------------
    def methods(self) -> None:
        from wlzmonitor.present.appendix import methods_html

        _display_html(methods_html(alpha=self.config.alpha, resamples=self.config.permutation_resamples,
                                   seed=self.config.permutation_seed, tests=self.result.tests,
                                   small_base=self.small_base))

    def data_quality(self) -> None:
        from wlzmonitor.present.appendix import data_quality_html

        _display_html(data_quality_html(self.result.survey.accounting))

    def questionnaire(self) -> None:
        from wlzmonitor.present.appendix import questionnaire_html

        _display_html(questionnaire_html(self.result.codebook))

    def reproduction(self) -> None:
        from wlzmonitor.present.appendix import column_labels, reproduction_html, row_labels

        if self.result.reproduction is None:
            _display_html(f"<p>Voor {self.year} is geen gepubliceerd rapport om mee te vergelijken.</p>")
            return
        titles = {spec.key: table_title(spec, self.result.codebook) for spec in self.result.layout.tables}
        _display_html(reproduction_html(self.result.reproduction, titles, row_labels(self.result.tables),
                                        column_labels(self.result.tables)))
