"""The Kerncijfers page: headline figures as large numbers, and approved quotes from open answers.

    card = key_figure(figures, changes, spec, table, "maatwerk", "1", "vroeg om maatwerk", year=2026)
    key_figure_html(card, chart)               # a card: 22%, '2025: 35%', direction, small chart
    quotes = approved_quotes(path, year, coded, codebook)    # QuoteError when a quote no longer matches
    quote_html(quote)

Every figure comes from the computed tables (``KeyFigures``), formatted as the report writes
it. The direction of change is called significant only where the year-on-year test says so
after the correction for multiple testing (``result.changes``: ``significant``), 'indicatief'
where it was below α only before the correction, and otherwise 'geen significante verandering'.

Quotes: only answers an analyst approved in ``data/quotes/<year>.yml``, each named by the
``answer_id`` of ``compute.coding`` with the scrubbed text as the analyst saw it. When the
answer id is not in the year's coded answers, or its text differs from the scrubbed text (the
data or the scrubbing changed), or it comes from an answer category given by fewer
organisations than the small-group threshold, the page stops with a :class:`QuoteError` that
names the file and the quote. A raw answer never reaches the page: the text shown is the
scrubbed text from the coded answers, not the file's.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wlzmonitor.compute.tables import round_half_up
from wlzmonitor.present.explanations_html import summary_label
from wlzmonitor.present.figures_text import FigureError, KeyFigures, column_order, default_column, format_value
from wlzmonitor.present.page_frame import table_anchor
from wlzmonitor.present.table_html import untested_reason
from wlzmonitor.spec.layout import TableSpec
from wlzmonitor.spec.quotes_file import QuoteError, read_quote_file, read_quotes, unknown_theme_problem

__all__ = ["KeyFigure", "Quote", "QuoteError", "approved_quotes", "key_figure", "key_figure_html", "quote_html",
           "quote_themes", "quotes_of_theme"]


@dataclass(frozen=True)
class KeyFigure:
    key: str
    number: str
    page: str
    label: str
    text: str  # '22%'
    history: list[tuple[str, float, str]]  # (column label, value, printed) oldest first, current last
    previous: str  # '2025: 35%' or ''
    direction: str  # Dutch sentence on the change
    significant: bool


def _direction(changes: pd.DataFrame, key: str, row: str, previous_value: float | None, current: float,
               how: str, previous_label: str) -> tuple[str, bool]:
    """The change since the previous year in words, significant only where the test says so."""
    if previous_value is None or math.isnan(previous_value):
        return "Geen vergelijking met een eerder jaar.", False
    own = changes[(changes["table_key"] == key) & (changes["row_code"].astype(str) == str(row))] if len(changes) else changes
    # the difference of the figures as printed: a reader subtracts "+4" from "+7" and expects 3
    digits = 0 if how in ("percent", "nps", "count") else 2 if how == "mean" else 1
    diff = round_half_up(current, digits) - round_half_up(previous_value, digits)
    # printed as the figures are: "0,5" between "4,3" and "3,8" (not "0,50"), "2" between "12" and "10"
    size = format_value(abs(diff), {0: "count", 2: "mean"}.get(digits, "number"))
    one = size == "1"
    points = " procentpunt" if one else " procentpunten"  # a share printed with its decimal ("96,7%") too
    unit = {"percent": points, "percent_number": points, "nps": " punt" if one else " punten"}.get(how, "")
    way = "gestegen" if diff > 0 or (diff == 0 and current > previous_value) else "gedaald"
    if own is None or not len(own):
        if diff == 0:
            return f"Gelijk aan {previous_label}; niet getoetst.", False
        return f"{size}{unit} {way} ten opzichte van {previous_label}; dit verschil is niet getoetst.", False
    change = own.iloc[0]
    if not np.isfinite(float(change["p_value"])):  # in the family's table, but not tested (no base, no spread)
        why = untested_reason(own)
        if diff == 0:
            return f"Gelijk aan {previous_label}; niet getoetst ({why}).", False
        return f"{size}{unit} {way} ten opzichte van {previous_label}; niet getoetst ({why}).", False
    if bool(change["significant"]):
        arrow = "▲" if diff > 0 else "▼"
        return (f"{arrow} Statistisch significant {way} ten opzichte van {previous_label} "
                f"({size}{unit}, na correctie voor het aantal toetsen).", True)
    if bool(change["indicative"]):
        return (f"{size}{unit} {way} ten opzichte van {previous_label}: indicatief, niet significant na "
                "correctie voor het aantal toetsen.", False)
    return f"Geen statistisch significante verandering ten opzichte van {previous_label}.", False


def key_figure(figures: KeyFigures, changes: pd.DataFrame, spec: TableSpec, table: pd.DataFrame, row: str,
               label: str, *, year: int) -> KeyFigure:
    """One headline figure of table `spec` (row `row`, the survey year's column) with its history."""
    now = default_column(spec, year, table)
    columns = column_order(spec, table)
    shown = columns[: columns.index(now) + 1] if spec.is_trend and now in columns else [now]
    history, codes = [], []
    for column in shown:
        try:  # a column is named as printed (year_offset: herschikking prints the year before)
            value, _, how = figures.value(spec.key, row, spec.column_label(column))
        except FigureError as err:  # a figure no reader may see ("inf"): named, not left out of the history
            raise FigureError(f"key figure {spec.key}:{row}: {err}") from None
        except LookupError:
            continue
        if not math.isnan(value):
            history.append((spec.column_label(column), value, format_value(value, how)))
            codes.append(column)
    try:
        current, base, how = figures.value(spec.key, row, None)
    except FigureError as err:  # (a FigureError is a LookupError: it read "has no placeholder {…}: …")
        raise FigureError(f"key figure {spec.key}:{row}: {err}") from None
    except LookupError as err:
        raise FigureError(f"key figure {spec.key}:{row}: table '{spec.key}' has no {err.args[0]}") from None
    if math.isnan(current):  # review h158: the card printed no number and "Geen vergelijking met een eerder jaar."
        why = "nobody answered it (no base)" if not base > 0 else "the table has no figure there (a suppressed cell)"
        raise FigureError(f"key figure {spec.key}:{row}: no figure to print in {spec.column_label(now)}: {why}. Leave "
                          "the card out for such a year (e.g. `if chapter.asked(...)`)")
    previous = history[-2] if len(history) > 1 and history[-1][0] == spec.column_label(now) else None
    changed = spec.changed(codes[-2]) if previous else None
    if changed:  # asked differently the year before: no direction, no test, and the figure marked
        direction, significant = (f"Niet vergelijkbaar met {previous[0]} ({changed}); niet getoetst.", False)
        shown_previous = f"{previous[0]}: {previous[2]} (anders gevraagd)"
    else:
        direction, significant = _direction(changes, spec.key, row, previous[1] if previous else None, current,
                                            how, previous[0] if previous else "")
        shown_previous = f"{previous[0]}: {previous[2]}" if previous else ""
    if spec.is_trend and spec.column_label(now) != str(year):  # herschikking: the year before the survey's
        label = f"{label} (cijfer over {spec.column_label(now)})"  # (review of the report as readers get it)
    return KeyFigure(spec.key, spec.number, f"{spec.chapter}.html#{table_anchor(spec.number)}", label,
                     format_value(current, how), history, shown_previous, direction, significant)


def key_figure_html(card: KeyFigure, chart: str = "", *, chapter_title: str = "") -> str:
    """A card: the large number, what it is, the previous year, the direction, a small chart, the source."""
    where = ""
    if chapter_title:
        where = f", in {'hoofdstuk ' if chapter_title[:1].isdigit() else ''}{html.escape(chapter_title)}"
    direction_class = "richting significant" if card.significant else "richting"
    previous = f'<p class="vorig">{html.escape(card.previous)}</p>' if card.previous else ""
    return (f'<div class="kerncijfer" id="kerncijfer-{html.escape(card.key)}">'
            f'<p class="getal">{html.escape(card.text)}</p>'
            f'<p class="omschrijving">{html.escape(card.label)}</p>{previous}'
            f'<p class="{direction_class}">{html.escape(card.direction)}</p>{chart}'
            f'<p class="bron"><a href="{html.escape(card.page)}">{html.escape(card.number)}{where}</a></p></div>')


def mini_alt_text(card: KeyFigure) -> str:
    """'Staafdiagram per jaar bij Tabel 1 (sprak het landelijk richttariefpercentage af): 2024 46%, 2025 35%,
    2026 22%.' -- that it is a chart, of which table, and every figure it shows (it said only the card's label and the
    figures: review h164)."""
    return (f"Staafdiagram per jaar bij {card.number} ({card.label}): "
            + ", ".join(f"{label} {text}" for label, _, text in card.history) + ".")


# -- quotes -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Quote:
    answer_id: str
    text: str  # the scrubbed text of the coded answer
    question: str  # key
    question_label: str  # 'Vraag 13 – Bent u tevreden …?'
    category: str  # 'Ten dele, want'
    theme: str  # the Kerncijfers theme it belongs with ('' = any)


def approved_quotes(path: Path, year: int, coded: pd.DataFrame | None, codebook, *, min_group: int = 1) -> list[Quote]:
    """The approved quotes of `path`, each checked against the year's coded (scrubbed) answers."""
    if not path.exists():
        return []
    entries = read_quote_file(path, year)
    if entries and (coded is None or coded.empty):
        raise QuoteError(f"{path}: {len(entries)} quote(s) approved, but {year} has no coded open answers")
    answers = coded.drop_duplicates("answer_id").set_index("answer_id") if entries else None
    quotes = []
    for i, entry in enumerate(entries, 1):
        aid, text = str(entry["answer_id"]), " ".join(str(entry["text"]).split())
        where = f"{path}: quote {i} (answer_id {aid})"
        if aid not in answers.index:
            raise QuoteError(f"{where}: no such answer in the {year} data; the data or the coding changed. "
                             "Choose the quote again from the coding workbook (python -m wlzmonitor coding).")
        answer = answers.loc[aid]
        if " ".join(str(answer["text"]).split()) != text:
            # the answer's text is not repeated: a console or CI log is no output the privacy gate reads
            raise QuoteError(f"{where}: the text no longer matches the scrubbed answer (its text now is in the "
                             "coding workbook: python -m wlzmonitor coding). Approve the quote again or remove it.")
        group = coded[(coded["question"] == answer["question"]) & (coded["category"] == answer["category"])]
        if group["case_id"].nunique() < min_group:
            raise QuoteError(f"{where}: its answer category was given by fewer than {min_group} organisations; "
                             "such answers are never shown (config/privacy.yml)")
        question = codebook.question(answer["question"])
        quotes.append(Quote(aid, str(answer["text"]), answer["question"], f"{question.number_label} – {question.text}",
                            str(answer["category"]), str(entry.get("theme", ""))))
    return quotes


def year_quotes(result, config) -> list[Quote]:
    """The approved quotes of `result`'s year (``data/quotes/<year>.yml``), checked against its coded answers
    with the privacy settings' smallest group: what the Kerncijfers chapter shows, and what a run checks
    before any chapter runs (QuoteError)."""
    coded = result.coded
    min_group = int(coded.attrs.get("min_group", 1) or 1) if coded is not None else 1
    return approved_quotes(config.folder("quotes") / f"{result.year}.yml", result.year, coded, result.codebook,
                           min_group=min_group)


def quote_themes(result, config) -> list[str]:
    """The themes the year's quotes file names under ``themes`` (none: no file, or no such list)."""
    path = config.folder("quotes") / f"{result.year}.yml"
    return read_quotes(path, result.year)[1] if path.exists() else []


def quotes_of_theme(quotes: list[Quote], theme: object, declared: list[str], path: Path) -> list[Quote]:
    """The quotes of `theme` (None: all). A theme that no quote of `path` has and its ``themes`` does not name is a
    :class:`FigureError` naming it and the known themes (review h153: chapter.quotes('Financeering') showed nothing,
    without a word); a year without quotes or themes shows none, and a theme named with no quote this year none."""
    if theme is None:
        return list(quotes)
    if not isinstance(theme, str):
        raise FigureError(f"chapter.quotes: the theme must be a text (a section's name in quotes), got "
                          f"{type(theme).__name__} {theme!r}")
    known = list(dict.fromkeys([*declared, *(q.theme for q in quotes if q.theme)]))
    if known and theme not in known:
        raise FigureError(unknown_theme_problem(theme, known, path))
    return [q for q in quotes if q.theme == theme]


def quote_html(quote: Quote) -> str:
    """A pull quote with the question it answers."""
    category = quote.category if quote.category and quote.category != "Alle antwoorden" else ""
    answer = f" (antwoord: {html.escape(summary_label(category))})" if category else ""
    return (f'<blockquote class="citaat"><p>“{html.escape(quote.text)}”</p>'
            f"<footer>Zorgorganisatie, bij {html.escape(quote.question_label)}{answer}</footer></blockquote>")
