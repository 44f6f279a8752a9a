"""What a chapter notebook shows: tables as the report prints them, charts, verdicts, key figures.

A chapter notebook is a parameters cell, `chapter = Chapter.open(...)`, and calls such as
`chapter.text("... {maatwerk:1} ...")` and `chapter.table("maatwerk")` between the analyst's
Dutch narrative. Everything printed is computed here from the year's result (see
`wlzmonitor.compute.result_cache`), formatted the report's way (35%, 4,05, +7, n=122), in Dutch.

Every function that builds HTML returns a string (testable without a notebook); the `Chapter`
methods display it. Charts are written to `<output>/figures/<chapter>_<table>.png|svg` and shown
inline from the same PNG bytes, so each chart is rendered once per format; a chart whose data,
specification, style and code did not change since it was last drawn is read back from
`charts/` in the run's cache folder (interactively `outputs/.cache/charts/`) instead
(`wlzmonitor.present.chart_cache`; ``WLZ_MONITOR_CHART_CACHE=0`` draws every chart).
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display

from wlzmonitor.compute.result_cache import cached_year_result, read_result
from wlzmonitor.compute.year_result import YearResult
from wlzmonitor.present.appendix import (
    column_labels,
    data_quality_html,
    methods_html,
    questionnaire_html,
    representativeness_html,
    reproduction_html,
    row_labels,
)
from wlzmonitor.present.audit_html import audit_html
from wlzmonitor.present.chart_cache import ChartCache
from wlzmonitor.present.charts import (
    alt_text,
    chart_html,
    make_chart,
    mini_chart,
    mini_columns_shown,
    trend_alt_text,
    trend_line_chart,
)
from wlzmonitor.present.coding_html import coding_html
from wlzmonitor.present.explanations_html import explanations_html
from wlzmonitor.present.figures_text import FigureError, KeyFigures, check_syntax, format_value, template_not_asked
from wlzmonitor.present.key_figures import (
    Quote,
    key_figure,
    key_figure_html,
    mini_alt_text,
    quote_html,
    quote_themes,
    quotes_of_theme,
    year_quotes,
)
from wlzmonitor.present.page_frame import (
    chart_anchor,
    contents_placeholder,
    page_header_html,
    table_anchor,
    weighting_words,
)
from wlzmonitor.present.table_files import caption_title, hidden_notes
from wlzmonitor.present.table_html import (
    change_html,
    not_asked_note,
    note_html,
    small_base_note,
    small_group_note,
    table_html,
    table_unit,
    vanished_group_note,
    verdict_html,
)
from wlzmonitor.spec.config import ConfigError, ReportConfig, load_config
from wlzmonitor.spec.layout import TableSpec, moved_table_problem
from wlzmonitor.spec.option_match import same_text
from wlzmonitor.spec.prose import card_form_problem, label_problems
from wlzmonitor.spec.strict_yaml import CONTROL_CHARACTER, control_character_problem
from wlzmonitor.spec.year_rules import and_years


def _display_html(markup: str) -> None:
    display(HTML(markup))


@dataclass
class Chapter:
    stem: str
    title: str
    year: int
    result: YearResult
    config: ReportConfig
    output_dir: Path
    figures: KeyFigures = field(init=False)
    shown: list[str] = field(default_factory=list, init=False)
    _quotes: list[Quote] | None = field(default=None, init=False, repr=False)
    #: where charts are read back from by content key (default: none, every chart is drawn)
    charts: ChartCache = field(default_factory=lambda: ChartCache(None), repr=False)

    def __post_init__(self) -> None:
        units = {q.key: q.unit for q in self.result.codebook.questions}
        specs = {spec.key: spec for spec in self.result.layout.tables}
        numbers = {q.key: q.number_label for q in self.result.codebook.questions}
        self.figures = KeyFigures(self.year, specs, self.result.tables, units, numbers, self.result.changes,
                                  small_base=self.small_base)

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def open(cls, stem: str, *, year: int, output_dir: str = "", root: str = "",
             result_file: str = "") -> "Chapter":
        """The chapter `stem` of `year` (0: the latest survey year of config/report.yml whose export exists).

        `result_file`: the year's result as `run_all.py` computed it for this run; the chapter reads
        exactly that and never runs the input stage. Empty (interactive work): the result from the
        cache (`compute.result_cache`), computed first when its inputs changed.
        `output_dir` empty = outputs/scratch/<year> (interactive runs never touch a complete output).
        """
        if not result_file:  # interactive: config/report.yml as it is now, not as the kernel first read it
            load_config.cache_clear()
        config = load_config(Path(root).resolve() if root else None)
        if not year:  # interactive: the newest wave there are answers for (newcomer review: 2026 was typed in)
            with_export = [y for y, sources in config.years.items() if sources.export.exists()]
            year = max(with_export or config.years)
        config = config.for_year(year)  # the year's own chapters, where it lists them
        if stem not in config.chapters:
            raise ConfigError(f"config/report.yml has no chapter '{stem}'; chapters: {', '.join(config.chapters)}")
        out = Path(output_dir) if output_dir else config.output_dir / "scratch" / str(year)
        if not out.is_absolute():
            out = (config.root / out).resolve()
        result = read_result(Path(result_file), year) if result_file else cached_year_result(year, config)
        (out / "figures").mkdir(parents=True, exist_ok=True)
        # a run's cache folder holds the result it passes; interactive work uses outputs/.cache
        cache = Path(result_file).resolve().parent if result_file else config.output_dir / ".cache"
        charts = ChartCache(cache / "charts" if os.environ.get("WLZ_MONITOR_CHART_CACHE", "1") != "0" else None)
        return cls(stem, config.chapters[stem], year, result, config, out, charts=charts)

    @property
    def changes(self) -> pd.DataFrame:
        return self.result.changes

    @property
    def small_base(self) -> int:
        return self.config.small_base

    @property
    def specs(self) -> list[TableSpec]:
        return self.result.layout.chapter(self.stem)

    # -- prose: conditions and numbers ------------------------------------------------------------
    def asked(self, key: str, row: str | None = None) -> bool:
        """Whether this year asked `key` (a table key of the layout or a question key of the codebook),
        and with `row` that row of the table (an option or item: ``chapter.asked("geldstromen_gebruik",
        "hlo_opslag")``).

        Prose about a question only some years asked is written once, under ``if chapter.asked("key"):``.
        A key no configured year knows is a typing error (FigureError)."""
        asked = self.result.asked
        tables = self.result.layout.tables_by_key
        if asked is not None and not asked.knows(key) and key not in tables and key not in self.result.codebook:
            raise FigureError(f"chapter.asked('{key}'): no table or question '{key}' in any configured year")
        if row is not None:
            return key in tables and str(row) in {str(r) for r in tables[key].rows}
        return key in tables or key in self.result.codebook

    def shows(self, key: str) -> bool:
        """Whether this year's layout puts table `key` in this chapter.

        A table that moved to another chapter between years is shown in both notebooks (they serve
        every year), each under ``if chapter.shows("key"):``, with the prose about it; each year's
        report then shows it once, in the chapter its layout names. A key no configured year knows is
        a typing error (FigureError)."""
        asked = self.result.asked
        tables = self.result.layout.tables_by_key
        if key not in tables and (asked is None or not asked.knows(key)):
            raise FigureError(f"chapter.shows('{key}'): no table '{key}' in any configured year")
        return key in tables and tables[key].chapter == self.stem

    def changed(self, key: str) -> list[int]:
        """The earlier years of table `key` whose question differed from this year's (the codebook's
        ``changes``, as the note under the table says); empty when every year shown asked the same.

        A caveat about a changed question is written once, under ``if chapter.changed("key"):``, so
        that next year's report does not print it when the question is the same again."""
        tables = self.result.layout.tables_by_key
        if key not in tables:
            raise FigureError(f"chapter.changed('{key}'): no table '{key}' in the {self.year} layout")
        spec = tables[key]
        return sorted(c for c in spec.columns if isinstance(c, int) and c != self.year and spec.changed(c))

    # -- building blocks (strings) -----------------------------------------------------------
    def fill(self, template: str) -> str:
        return self.figures.fill(template)

    def earlier_wording(self, spec: TableSpec) -> dict[str, str]:
        """Printed year -> the question's wording that year, for the years whose question changed and
        whose wording differs from this year's (from those years' codebooks)."""
        if not spec.question or not spec.changes or self.result.history is None:
            return {}
        now = self.result.codebook.question(spec.question).text
        out = {}
        for year in sorted(spec.changes, reverse=True):
            survey = self.result.history.surveys.get(year)
            if survey is None or spec.question not in survey.codebook:
                continue
            then = survey.codebook.question(spec.question).text
            if not same_text(now, then, self.year - year):
                out[spec.column_label(year)] = then
            break  # the latest changed year is enough
        return out

    def chart_title(self, spec: TableSpec) -> str:
        """The chart's title: the table's as its caption ends it (no closing ':'), with the change of its
        question within its years."""
        title = caption_title(spec, self.result.codebook)
        changed = [c for c in spec.columns if spec.changed(c)] if spec.is_trend else []
        if not changed:
            return title
        years = [spec.column_label(c) for c in changed]
        years = years[0] if len(years) == 1 else ", ".join(years[:-1]) + " en " + years[-1]
        hows = "; ".join(dict.fromkeys(spec.changed(c) for c in changed))
        return f"{title} (let op: vraag {years} anders gesteld: {hows})"

    def table_section(self, key: str, *, chart: bool = True, explanations: bool = True) -> str:
        spec = self.result.layout.table(key)
        table = self.result.tables[spec.key]
        codebook = self.result.codebook
        small_groups = self.result.small_groups.get(spec.key, [])
        parts = [f'<section class="tabel" id="{table_anchor(spec.number)}">',
                 table_html(spec, table, codebook, small_base=self.small_base, small_groups=small_groups,
                            intervals=self.config.statistics.show_intervals,
                            confidence=self.result.settings.confidence)]
        parts.append(note_html(spec, self.year, self.earlier_wording(spec), table))
        parts.append(small_base_note(spec, table, self.small_base))
        parts.append(vanished_group_note(spec, table, codebook))
        if small_groups:
            privacy = self.result.privacy
            parts.append(small_group_note(privacy.small_group_threshold, privacy.small_group_action))
        parts.append(verdict_html(spec, self.result.tests.get(spec.key), alpha=self.config.alpha))
        fpc = self.result.settings.finite_population_correction
        parts.append(change_html(spec, self.changes, self.year, alpha=self.config.alpha,
                                 population=self.result.codebook.population if fpc else None))
        if chart:
            parts.append(self.chart_html(spec))
        if explanations and spec.question and not spec.is_breakdown:
            parts.append(self.themes_html(spec.question))
            parts.append(self.explanations_html(spec.question))
        parts.append("</section>")
        return "\n".join(p for p in parts if p)

    def chart_html(self, spec: TableSpec) -> str:
        table = self.result.tables[spec.key]
        question = self.chart_title(spec)
        unit = table_unit(spec, self.result.codebook)
        files = self.charts.save(("table", spec, table, self.small_base, question, unit),
                                 lambda: make_chart(spec, table, small_base=self.small_base, title=question, unit=unit),
                                 self.output_dir / "figures", f"{self.stem}_{spec.key}")
        if files is None:
            return ""
        description = alt_text(spec, table, small_base=self.small_base, title=question, unit=unit)
        small_groups = self.result.small_groups.get(spec.key, [])
        if small_groups and self.result.privacy.small_group_action == "suppress":
            labels = dict(zip(table["column_code"], table["column"]))
            description += (" Niet getoond (groep kleiner dan "
                            f"{self.result.privacy.small_group_threshold}): "
                            + ", ".join(str(labels.get(c, c)) for c in small_groups) + ".")
            # the groups hidden with it, so that it does not follow from the total (review: the alt text
            # named only the small group, the chart lacked both)
            notes = hidden_notes(table, small_groups, self.result.privacy.small_group_threshold)
            also = list(dict.fromkeys(c for c, n in zip(table["column_code"], notes)
                                      if n and c not in set(small_groups)))
            if also:
                description += (" Ook niet getoond, omdat de kleine groep anders uit het totaal volgt: "
                                + ", ".join(str(labels.get(c, c)) for c in also) + ".")
        return chart_html(files.png_bytes, description, anchor=chart_anchor(spec.number))

    def explanations_html(self, question: str, title: str | None = None) -> str:
        """The scrubbed open answers of `question` per answer category ("" when it has none)."""
        frame = self.result.explanations.get(question)  # a derived variable has no explanations
        if frame is None or frame.empty:
            return ""
        number = self.result.codebook.question(question).number_label
        return explanations_html(frame, title=self.fill(title) if title else f"Toelichtingen bij {number}")

    @property
    def coded(self) -> pd.DataFrame | None:
        """Open answers coded into themes (the year's codeframe), None without a codeframe."""
        return self.result.coded

    def themes_html(self, question: str, title: str | None = None) -> str:
        """Per theme the count and share of answers, examples, and the uncoded share."""
        coded = self.coded
        if coded is None or question not in set(coded["question"]):
            return ""
        return coding_html(coded, question, title=self.fill(title) if title else None)

    # -- notebook calls (display) -------------------------------------------------------------
    def themes(self, question: str, title: str | None = None) -> None:
        _display_html(self.themes_html(question, title))

    def header(self) -> None:
        """The page's header (report title, Inhoud, Vorige/Volgende), its title, the response line
        and its contents list (filled in from the page's sections and tables when it is exported)."""
        _display_html(self.header_html())

    def header_html(self) -> str:
        survey = self.result.survey
        n = len(survey.responses)
        population = self.result.codebook.population
        response = f" van de {format_value(population, 'count')} benaderde leden ({format_value(100 * n / population, 'percent')})" if population else ""
        return (page_header_html(self.config.chapters, self.stem, year=self.year, weighted=bool(self.result.weights))
                + f"<h1>{html.escape(self.title)}</h1>\n<p class=\"lead\">ActiZ-enquête Wlz-zorgcontractering "
                f"{self.year}: {format_value(n, 'count')} volledig ingevulde vragenlijsten{response}.</p>\n" + self._weighted_note()
                + contents_placeholder())

    def _weighted_note(self) -> str:
        """On every page of a weighted run: the figures are weighted, the published report was not."""
        if not self.result.weights:
            return ""
        weighted = set(self.result.weights)
        published = sorted({c for spec in self.result.layout.tables if spec.is_trend for c in spec.columns
                            if isinstance(c, int) and c not in weighted})
        unweighted = (f" De cijfers van {and_years(published)} komen uit eerdere rapporten (er zijn geen "
                      "respondentdata van) en zijn ongewogen." if published else "")
        margins = self.result.weighted_margins
        return ('<p class="note gewogen"><strong>Gewogen uitkomsten.</strong> De respondenten zijn gewogen naar de '
                f"ledenpopulatie per {html.escape(weighting_words(margins))} (zie Bijlage 1); het gepubliceerde rapport en de "
                f"ongewogen versie van deze rapportage tellen elke respondent even zwaar.{unweighted}</p>\n")

    def text(self, template: str) -> None:
        """A paragraph of prose with key figures filled in from the data (left out in a year that
        did not ask a question it names: figures_text.template_not_asked; better: write it under
        ``if chapter.asked("key"):``). A broken placeholder stops the chapter (FigureError)."""
        check_syntax(template, [spec.key for spec in self.result.layout.tables])
        if template_not_asked(template, self.result.asked):
            return
        text, notes = self.figures.fill_notes(template)
        _display_html(f"<p>{html.escape(text, quote=False)}</p>"
                      + "".join(f'<p class="note">{html.escape(n, quote=False)}</p>' for n in notes))

    def table(self, key: str, *, chart: bool = True, explanations: bool = True) -> None:
        asked = self.result.asked
        if asked is not None and asked.not_asked(key):  # a note when earlier years asked it, else nothing
            note = not_asked_note(key, asked)
            if note:
                specs = {spec.key: spec for spec in self.result.layout.tables}
                anchor = f' id="{table_anchor(specs[key].number)}"' if key in specs else ""
                _display_html(f'<section class="tabel niet-gesteld"{anchor}>{note}</section>')
            return
        spec = next((t for t in self.result.layout.tables if t.key == key), None)
        if spec is not None and spec.chapter != self.stem:
            raise FigureError(moved_table_problem(key, spec.number, spec.chapter, self.stem))
        self.shown.append(key)
        _display_html(self.table_section(key, chart=chart, explanations=explanations))

    def trend_chart(self, key: str) -> None:
        """Line chart of a long trend series (charts.trend_line_chart), saved with the other figures."""
        if self.result.asked is not None and self.result.asked.not_asked(key):
            return
        spec = self.result.layout.table(key)
        table = self.result.tables[spec.key]
        question = self.chart_title(spec)
        history = self.result.history
        data_years = sorted({self.year, *(history.surveys if history is not None else {})})
        files = self.charts.save(("trend", spec, table, question, data_years),
                                 lambda: trend_line_chart(spec, table, title=question, data_years=data_years),
                                 self.output_dir / "figures", f"{self.stem}_{spec.key}_verloop")
        if files is not None:
            _display_html(chart_html(files.png_bytes, trend_alt_text(spec, table, title=question),
                                     anchor=chart_anchor(spec.number) + "-verloop"))

    def remaining_tables(self) -> None:
        """Every table of this chapter not shown yet, in report order."""
        for spec in self.specs:
            if spec.key not in self.shown:
                self.table(spec.key)

    def explanations(self, question: str, title: str | None = None) -> None:
        _display_html(self.explanations_html(question, title))

    # -- the front of the report: key figures and quotes (Kerncijfers) -------------------------
    def key_figures(self, *figures: tuple[str, object, str]) -> None:
        """Headline figures as large numbers, side by side: ``("maatwerk", 1, "vroeg om maatwerk")``
        per figure (table key, row, what it is). Each with the previous year, the direction of
        change (significant only where the year-on-year test says so) and a small chart."""
        _display_html(self.key_figures_html(*figures))

    def key_figures_html(self, *figures: tuple[str, object, str]) -> str:
        cards = []
        for problem in filter(None, map(card_form_problem, figures)):
            raise FigureError(problem)
        for key, row, label in figures:
            if template_not_asked(f"{{{key}:{row}}}", self.result.asked):
                continue
            for problem in label_problems(str(label)):
                raise FigureError(problem)
            for char in CONTROL_CHARACTER.findall(str(label))[:1]:  # (review h149: printed into the page and the PDF)
                raise FigureError(f"the label of key figure {key}:{row}: {control_character_problem(char)}")
            spec = self.result.layout.table(key)
            card = key_figure(self.figures, self.changes, spec, self.result.tables[spec.key], str(row), label,
                              year=self.year)
            chart = ""
            if len(card.history) > 1:
                shown = card.history[-mini_columns_shown([h[0] for h in card.history], [h[2] for h in card.history]):]
                history = ([h[0] for h in shown], [h[1] for h in shown], [h[2] for h in shown])
                files = self.charts.save(("mini", *history), lambda: mini_chart(*history),
                                         self.output_dir / "figures", f"{self.stem}_{spec.key}_{row}")
                chart = chart_html(files.png_bytes, mini_alt_text(replace(card, history=shown)),
                                   anchor=f"grafiek-kerncijfer-{spec.key}-{row}")
            cards.append(key_figure_html(card, chart, chapter_title=self.config.chapters.get(spec.chapter, "")))
        return f'<div class="kerncijfers">{"".join(cards)}</div>' if cards else ""

    def quotes(self, theme: str | None = None) -> None:
        """The approved quotes (data/quotes/<year>.yml) of `theme` (None: all), each with its question; a theme that
        neither a quote nor the file's ``themes`` names is a FigureError (:func:`quotes_of_theme`)."""
        _display_html(self.quotes_html(theme))

    def quotes_html(self, theme: str | None = None) -> str:
        path = self.config.folder("quotes") / f"{self.year}.yml"
        chosen = quotes_of_theme(self.approved_quotes(), theme, quote_themes(self.result, self.config), path)
        return "\n".join(quote_html(q) for q in chosen)

    def approved_quotes(self) -> list[Quote]:
        if self._quotes is None:
            self._quotes = year_quotes(self.result, self.config)
        return self._quotes

    # -- appendix pages -----------------------------------------------------------------------
    def methods(self) -> None:
        result = self.result
        _display_html(methods_html(alpha=self.config.alpha, resamples=self.config.permutation_resamples,
                                   seed=self.config.permutation_seed, tests=result.tests,
                                   small_base=self.small_base, changes=result.changes, settings=result.settings,
                                   weights=result.weights, year=self.year, population=result.codebook.population,
                                   shown_intervals=self.config.statistics.show_intervals,
                                   possible_weights=result.possible_weights,
                                   respondents=len(result.survey.responses),
                                   members=result.population.members if result.population is not None else None,
                                   members_source=self._population_source(),
                                   published=result.reproduction is not None))

    def _population_source(self) -> str:
        """The population file, relative to the repository (empty when there is none or it lies outside)."""
        source = self.result.population.source if self.result.population is not None else None
        root = self.config.root
        return source.relative_to(root).as_posix() if source and source.is_relative_to(root) else ""

    def representativeness(self) -> None:
        """Respondents against the member population per group (nothing without a population file)."""
        result = self.result
        if result.representativeness is None or result.population is None:
            return
        _display_html(representativeness_html(result.representativeness, alpha=self.config.alpha,
                                              assumption=result.population.assumption,
                                              source=self._population_source(), members=result.population.members,
                                              approached=result.codebook.population, year=self.year))

    def audit(self) -> None:
        """The publication audit: the report's own contradictions, by class (compute.audit)."""
        if self.result.audit is not None:
            _display_html(audit_html(self.result.audit))

    def data_quality(self) -> None:
        _display_html(data_quality_html(self.result.survey.accounting))

    def questionnaire(self) -> None:
        _display_html(questionnaire_html(self.result.codebook))

    def reproduction(self) -> None:
        if self.result.reproduction is None:
            _display_html(f"<p>Voor {self.year} is geen gepubliceerd rapport om mee te vergelijken.</p>")
            return
        if self.result.weights:
            _display_html('<p class="note">Let op: deze uitvoer is gewogen naar de ledenpopulatie (weighting: enabled); '
                          "het gepubliceerde rapport was ongewogen. Afwijkingen in de percentages zijn daardoor te "
                          "verwachten.</p>")
        titles = {spec.key: caption_title(spec, self.result.codebook) for spec in self.result.layout.tables}
        _display_html(reproduction_html(self.result.reproduction, titles, row_labels(self.result.tables),
                                        column_labels(self.result.tables)))
