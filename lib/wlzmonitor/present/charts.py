"""The charts of the report: one chart per table, drawn from the tidy table the library computes.

`make_chart(spec, table)` picks the chart from the table's kind (``spec.kind``) and shape:

==========================  ===================================================================
kind                        chart
==========================  ===================================================================
single (trend, breakdown)   horizontal 100%-stacked bars, one bar per year / group, segments =
matrix                      answer categories in questionnaire order (matrix: one bar per item)
multi, matrix_share         grouped horizontal bars per option, one colour per year
scale_means                 grouped horizontal bars of means per item, axis 1-5
nps, nps_by                 stacked critici / neutralen / fans bars with the NPS beside each bar
frequency                   horizontal bars of the percentages (counts when there are none)
numeric                     min - mean - max range per row
response, mapping           no chart (None)
==========================  ===================================================================

Conventions of the printed report: Dutch labels, ``35%``, ``4,05``, ``+7``, ``n=122``; every
bar or legend entry shows its base; a base below ``small_base`` is marked `` *`` with a footnote.
One colour per answer category and per year across the whole report (`category_color`,
`year_color`); colour-blind-friendly (seaborn's "colorblind" palette for categories, viridis for
years). A single-choice table with one column only gets a bar per category instead of one stacked
bar.

Figures are plain `matplotlib.figure.Figure` objects (no pyplot, so a notebook never shows a
chart twice and no figure is left open); `render` draws PNG and SVG with identical bytes on every
run, `save_chart` writes both files, `chart_html` embeds the PNG with its alt text (`alt_text`).
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import struct
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, MultipleLocator

from wlzmonitor.spec.layout import TableSpec
from wlzmonitor.spec.codebook import NPS_BANDS
from wlzmonitor.compute.tables import NPS_ROW, format_mean, format_n, format_nps, format_percent
from wlzmonitor.present.figures_text import format_value
from wlzmonitor.present.table_files import without_closing_colon

__all__ = [
    "ChartFiles",
    "alt_text",
    "category_color",
    "category_colors",
    "chart_html",
    "figure_name",
    "make_chart",
    "render",
    "save_chart",
    "short_label",
    "year_color",
]

# --------------------------------------------------------------------------------------------
# Constants: size, fonts, determinism
# --------------------------------------------------------------------------------------------
DPI = 110
FIG_WIDTH = 8.0  # inches; the height follows the number of bars
SVG_HASH_SALT = "wlzmonitor"
ALT_TEXT_LIMIT = 600
TITLE_SIZE = 10
LEGEND_SIZE = 8.5
TICK_SIZE = 8.5
#: the smallest text of a chart: the value at each bar (a chart printed at the 0.85 of its size the
#: PDF's tallest chart gets prints it at 6.4 pt; tests/test_report_pages.py checks every chart's)
VALUE_LABEL_SIZE = 7.5
#: the Kerncijfers' small charts print at 0.7 of their size (three cards a row): 10 pt prints at 7 pt
MINI_LABEL_SIZE = 10
MINI_FIGSIZE = (2.6, 1.25)  # inches: a Kerncijfers card's chart
#: the smallest size of a Kerncijfers chart's figures and years (:func:`mini_columns_shown`): a card's chart prints at
#: 70 % of its size (:data:`MINI_LABEL_SIZE`), so 8,6 pt prints at 6 pt, the least any chart's text prints at
#: (tests/test_report_pages.py); six columns of "100%" fit at 8,61 pt
MINI_LABEL_MIN = 8.6
TITLE_LINE = 0.2  # inches per title line
TOTAL_COLUMN = "Totaal"
NO_CHART_KINDS = frozenset({"response", "mapping"})  # tables of text and counts, not charts

#: the grey of a chart's text that says there is no figure ("–": not asked that year), the pages' --muted (7:1 on
#: white; its #777777 was 4,48:1, below the 4,5:1 of WCAG's small text)
_MUTED_TEXT = "#4a5159"

#: rcParams of every chart: seaborn's white grid, DejaVu Sans (ships with matplotlib).
STYLE: dict[str, Any] = {
    **sns.axes_style("whitegrid"),
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": TICK_SIZE,
    "ytick.labelsize": TICK_SIZE,
    "legend.fontsize": LEGEND_SIZE,
    "axes.grid.axis": "x",
    "ytick.major.size": 0,
    "ytick.major.pad": 4,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.left": False,
    "svg.hashsalt": SVG_HASH_SALT,
    "svg.fonttype": "path",
    "path.simplify": True,
    # Chart text is drawn as written: a '$' in a title or an option label ('kosten $5 en $10')
    # is no mathtext formula (matplotlib's default made '5 en ' italic and dropped the dollars).
    "text.parse_math": False,
    # an axis' negative ticks as the tables and the value labels print them ('-10', not matplotlib's '−10':
    # the NPS chart of Tabel 37 showed '−10' on its axis beside a point labelled '-3')
    "axes.unicode_minus": False,
}

# --------------------------------------------------------------------------------------------
# Colours
# --------------------------------------------------------------------------------------------
_CB = sns.color_palette("colorblind").as_hex()
# '#0173b2' blue, '#de8f05' orange, '#029e73' green, '#d55e00' vermilion, '#cc78bc' pink,
# '#ca9161' brown, '#fbafe4' light pink, '#949494' grey, '#ece133' yellow, '#56b4e9' light blue

#: Positive - negative scales run blue -> orange/vermilion (safe for red-green colour blindness);
#: "don't know" and "not applicable" are greys.
_POS_STRONG = _CB[0]
_POS = _CB[9]
_POS_LIGHT = "#a6d4f2"
_MIDDLE = "#f0c05a"
_NEG = _CB[3]
_NEG_STRONG = "#8f3d00"
_NEUTRAL = "#b9b9b9"
_UNKNOWN = "#7a7a7a"
_NOT_APPLICABLE = "#e2e2e2"
_OTHER = _CB[5]

_SEMANTIC_GROUPS: dict[str, tuple[str, ...]] = {
    _POS_STRONG: ("ja", "ja, geheel", "ja, volledig", "zeer tevreden", "fans", "verbeterd",
                  "volledig mee eens", "helemaal mee eens"),
    _POS: ("in grote mate", "ruime mate", "in ruime mate", "tevreden", "mee eens"),
    _POS_LIGHT: ("voldoende",),
    _MIDDLE: ("ten dele", "in beperkte mate", "beperkt", "deels", "gedeeltelijk"),
    _NEUTRAL: ("neutraal", "neutralen", "gelijk", "gelijk gebleven", "niet mee eens, niet oneens"),
    _NEG: ("nee", "niet", "helemaal niet", "nee, geheel niet", "nee, helemaal niet", "ontevreden",
           "critici", "verslechterd", "niet mee eens"),
    _NEG_STRONG: ("zeer ontevreden", "helemaal niet mee eens"),
    _UNKNOWN: ("weet niet", "weet ik niet", "weet nog niet", "nog niet bekend", "onbekend",
               "geen mening"),
    _NOT_APPLICABLE: ("niet van toepassing", "n.v.t", "nvt"),
    _OTHER: ("anders", "overig", "anders, namelijk"),
}
#: Normalised label -> colour of the recurring semantic answer categories.
SEMANTIC_COLORS: dict[str, str] = {label: colour for colour, labels in _SEMANTIC_GROUPS.items()
                                   for label in labels}

#: Colours of other categories, by position (grey left out: it means "don't know").
FALLBACK_COLORS: tuple[str, ...] = tuple(c for c in _CB if c != "#949494") + tuple(
    sns.color_palette("dark", 10).as_hex())

#: One colour per survey year: viridis from light yellow-green (old) to deep blue-purple (recent);
#: perceptually uniform and colour-blind safe, with the largest step between adjacent years of
#: the sequential palettes tried (CIE76 distance >= 12 between neighbouring years).
YEAR_RANGE = (2019, 2030)
_YEAR_CMAP = mpl.colormaps["viridis"]
YEAR_COLORS: dict[int, str] = {
    year: to_hex(_YEAR_CMAP(0.92 * (1 - i / (YEAR_RANGE[1] - YEAR_RANGE[0]))))
    for i, year in enumerate(range(YEAR_RANGE[0], YEAR_RANGE[1] + 1))
}
_SINGLE_SERIES_COLOR = _CB[0]

_TAIL = re.compile(
    # "Ja, want ...", "..., namelijk ...", "Ja, de reden hiervoor is ..." (open-text lead-ins)
    r"(,?\s+(want|omdat|namelijk|betreffende de volgende|de reden hiervoor is)\b.*$)"
    r"|(\s*(\.\.\.|…)\s*$)"  # trailing ellipsis
    r"|(\s*:\s*$)",  # trailing colon
    flags=re.IGNORECASE,
)


def short_label(label: Any) -> str:
    """The label without its open-text tail: ``"Ten dele, want"`` -> ``"Ten dele"``.

    Cuts ``", want …"``, ``", omdat …"``, ``", namelijk …"``, ``"betreffende de volgende …"``,
    ``"de reden hiervoor is …"``, a trailing ellipsis or colon; keeps the case.
    """
    text = str(label).strip()
    previous = None
    while previous != text:
        previous = text
        text = _TAIL.sub("", text).strip()
    return text or str(label).strip()


def normalise_label(label: Any) -> str:
    """Lower-case short label, also cut at ':' (``"Niet van toepassing: herschikking ..."``)."""
    text = short_label(label).lower()
    text = text.split(":", 1)[0]
    return " ".join(text.replace("…", "").split()).strip(" .,")


def _semantic_color(label: Any) -> str | None:
    key = normalise_label(label)
    if key in SEMANTIC_COLORS:
        return SEMANTIC_COLORS[key]
    if key.startswith(("niet van toepassing", "n.v.t")):
        return _NOT_APPLICABLE
    return None


def category_color(label: Any, position: int) -> str:
    """Colour of an answer category: fixed for recurring categories, else by its position.

    ``label`` is normalised (lower case, the ``", want …"`` / ``"namelijk"`` / ``"…"`` tail cut)
    and looked up in `SEMANTIC_COLORS`; other categories take `FALLBACK_COLORS[position]`.
    Within one chart `category_colors` makes the colours distinct.
    """
    semantic = _semantic_color(label)
    if semantic is not None:
        return semantic
    return FALLBACK_COLORS[position % len(FALLBACK_COLORS)]


def category_colors(labels: Sequence[Any]) -> list[str]:
    """Distinct colours of the categories of one chart (semantic ones first, then by position)."""
    colours: list[str | None] = [None] * len(labels)
    used: set[str] = set()
    for i, label in enumerate(labels):
        semantic = _semantic_color(label)
        if semantic is not None and semantic not in used:
            colours[i] = semantic
            used.add(semantic)
    palette = list(FALLBACK_COLORS)
    for i, label in enumerate(labels):
        if colours[i] is not None:
            continue
        candidate = category_color(label, i)
        if candidate in used:
            start = i % len(palette)
            candidate = next((c for c in palette[start:] + palette[:start] if c not in used), None)
            if candidate is None:  # more categories than palette colours: extend deterministically
                candidate = to_hex(sns.husl_palette(len(labels), l=0.55)[i])
        colours[i] = candidate
        used.add(candidate)
    return [c for c in colours if c is not None]


def year_color(year: int | str) -> str:
    """Fixed colour of a survey year (2019..2030; years outside take the nearest end)."""
    y = int(year)
    y = min(max(y, YEAR_RANGE[0]), YEAR_RANGE[1])
    return YEAR_COLORS[y]


def _relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance (of linear sRGB: not the gamma-encoded values)."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _text_color(background: str) -> str:
    """A value label's colour on a bar: the report's dark text or white, whichever contrasts more, or black where
    neither reaches WCAG's 4.5:1 for small text (review of the report as readers get it: a luma test picked white
    on green, 3.4:1, and on vermilion, 3.9:1)."""
    best = max(("#1a1a1a", "white"), key=lambda c: contrast_ratio(c, background))
    return best if contrast_ratio(best, background) >= 4.5 else "black"


# --------------------------------------------------------------------------------------------
# The table as a grid
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Grid:
    """A tidy table as rows x columns arrays, both in display order."""

    rows: list[str]
    columns: list[str]
    column_codes: list[Any]
    values: np.ndarray  # rows x columns
    n: np.ndarray  # rows x columns

    def column_base(self, j: int) -> tuple[float, float]:
        return _base_range(self.n[:, j])

    def row_base(self, i: int) -> tuple[float, float]:
        return _base_range(self.n[i, :])

    def row(self, label: str) -> np.ndarray:
        return self.values[self.rows.index(label)]

    def subset(self, rows: Sequence[str]) -> "_Grid":
        idx = [self.rows.index(r) for r in rows]
        return _Grid(list(rows), self.columns, self.column_codes, self.values[idx], self.n[idx])


def _order(series: pd.Series) -> list[str]:
    present = list(dict.fromkeys(series.astype(str)))
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = [str(c) for c in series.cat.categories]
        return [c for c in cats if c in set(present)] + [p for p in present if p not in set(cats)]
    return present


def _grid(table: pd.DataFrame) -> _Grid:
    rows, columns = _order(table["row"]), _order(table["column"])
    row_labels = table["row"].astype(str).to_numpy()
    column_labels = table["column"].astype(str).to_numpy()
    i = pd.Index(rows).get_indexer(row_labels)
    j = pd.Index(columns).get_indexer(column_labels)
    values = np.full((len(rows), len(columns)), np.nan)
    n = np.full((len(rows), len(columns)), np.nan)
    values[i, j] = pd.to_numeric(table["value"], errors="coerce").to_numpy(dtype=float)
    n[i, j] = pd.to_numeric(table["n"], errors="coerce").to_numpy(dtype=float)
    codes: dict[str, Any] = {}
    if "column_code" in table.columns:
        for label, code in zip(column_labels, table["column_code"].tolist()):
            codes.setdefault(label, code)
    return _Grid(rows, columns, [codes.get(c, c) for c in columns], values, n)


def _base_range(n: np.ndarray) -> tuple[float, float]:
    finite = n[np.isfinite(n)]
    if not len(finite):
        return math.nan, math.nan
    return float(finite.min()), float(finite.max())


def _has_data(values: np.ndarray) -> bool:
    return bool(np.isfinite(values).any())


def _column_year(label: str, code: Any) -> int | None:
    """The year a column shows: its printed label when that is a year, else its code."""
    for candidate in (label, code):
        text = str(candidate).strip()
        if re.fullmatch(r"(19|20)\d\d", text):
            return int(text)
    return None


# --------------------------------------------------------------------------------------------
# Labels: bases, small-base marks, wrapping
# --------------------------------------------------------------------------------------------
def _base_text(lo: float, hi: float) -> str:
    if math.isnan(lo):
        return ""
    if lo == hi:
        return format_n(lo)
    return f"{format_n(lo)}–{format_mean(hi, 0)}"


def _is_small(lo: float, small_base: int) -> bool:
    return not math.isnan(lo) and lo < small_base


def _based_label(label: str, base: tuple[float, float], small_base: int, *, width: int | None = None) -> str:
    """``"2026 (n=122)"``, ``"Overig (n=9) *"``; wrapped to ``width`` characters when given."""
    text = str(label)
    base_text = _base_text(*base)
    if base_text:
        text = f"{text} ({base_text})"
    if width:
        text = _wrap(text, width)
    if _is_small(base[0], small_base):
        text += " *"
    return text


def _wrap(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` characters; a run longer than that (a long URL or code)
    is broken inside, at a hyphen when it has one, so it never runs off the chart."""
    return "\n".join(textwrap.wrap(str(text), width=width)) or str(text)


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _shorten(text: str, width: int = 45) -> str:
    """``text`` cut at a word to ``width`` characters with " …"; a first word longer than that is cut
    inside (textwrap left only "…" of it)."""
    short = textwrap.shorten(str(text), width=width, placeholder=" …")
    if short.strip(" …") or not str(text).strip():
        return short
    return " ".join(str(text).split())[:max(width - 2, 1)].rstrip() + " …"


def _footnote(small_base: int) -> str:
    return f"* kleine basis (n < {small_base}): voorzichtig interpreteren"


def _percent_axis(ax: Axes, upper: float = 100.0, *, limit: float | None = None) -> None:
    ax.set_xlim(0, limit if limit is not None else upper)
    ax.xaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_percent(x)))


# --------------------------------------------------------------------------------------------
# Figure scaffolding
# --------------------------------------------------------------------------------------------
@dataclass
class _Frame:
    """A figure with its one axes."""

    fig: Figure
    ax: Axes


@dataclass(frozen=True)
class _LegendPlan:
    """Wrapped legend labels, their number of columns and the legend's height in inches."""

    labels: list[str]
    columns: int
    height: float


_NO_LEGEND = _LegendPlan([], 0, 0.0)


def _new_figure(plot_height: float, *, title: str | None, legend: _LegendPlan, footnote: str | None,
                xlabel: bool = False) -> _Frame:
    """A fixed-width figure whose height is the bars' height plus title, legend, axis and footnote.

    The constrained layout places title (suptitle), legend (anchored above the axes) and tick
    labels; the footnote is placed by hand below the area the layout fills (``rect``).
    """
    title_height = TITLE_LINE * _lines(title) + 0.08 if title else 0.0
    legend_height = legend.height + 0.06 if legend.labels else 0.0
    foot_height = 0.26 if footnote else 0.0
    axis_height = 0.36 + (0.2 if xlabel else 0.0)
    height = round(plot_height + title_height + legend_height + foot_height + axis_height + 0.1, 2)
    fig = Figure(figsize=(FIG_WIDTH, height), dpi=DPI)
    fig.set_layout_engine("constrained", rect=(0, foot_height / height, 1, 1 - foot_height / height),
                          h_pad=0.04, w_pad=0.06)
    ax = fig.add_subplot()
    if title:
        fig.suptitle(title, x=0.012, ha="left", fontsize=TITLE_SIZE, fontweight="bold")
    if footnote:
        fig.text(0.012, 0.06 / height, footnote, ha="left", va="bottom", fontsize=8, color="#444444",
                 style="italic")
    return _Frame(fig, ax)


def _title_text(spec: TableSpec, title: str | None) -> str:
    """The title after the table number, ending as the table's caption does (no closing ':',
    'Ja, met de volgende reden(en) (meerdere antwoorden mogelijk):')."""
    return without_closing_colon(title or spec.title or "")


def _chart_title(spec: TableSpec, title: str | None) -> str:
    text = _title_text(spec, title)
    head = f"{spec.number} – {text}" if text else spec.number
    return wrap_to_width(head, FIG_WIDTH - 0.35, TITLE_SIZE, bold=True)


def wrap_to_width(text: str, inches: float, size: float, *, bold: bool = False) -> str:
    """`text` wrapped so that no line is wider than `inches` in DejaVu Sans at `size` points
    (measured, not counted in characters: a title never runs off the image)."""
    prop = FontProperties(family="DejaVu Sans", size=size, weight="bold" if bold else "normal")

    def width(line: str) -> float:
        return _TEXT_TO_PATH.get_text_width_height_descent(line, prop, ismath=False)[0] / 72

    lines: list[str] = []
    for word in str(text).split():
        if lines and width(f"{lines[-1]} {word}") <= inches:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.extend(_pieces(word, inches, width))
    return "\n".join(lines)


def _pieces(word: str, inches: float, width: Callable[[str], float]) -> list[str]:
    """``word`` itself when it fits ``inches``, else cut into the longest pieces that fit (a long URL
    or code in a title would run off the image)."""
    if width(word) <= inches:
        return [word]
    pieces = [""]
    for char in word:
        if pieces[-1] and width(pieces[-1] + char) > inches:
            pieces.append(char)
        else:
            pieces[-1] += char
    return pieces


def _legend(ax: Axes, handles: list, plan: _LegendPlan) -> None:
    """The legend left-aligned just above the plot area (part of the constrained layout)."""
    ax.legend(handles, plan.labels, loc="lower left", bbox_to_anchor=(0, 1.01), ncols=max(1, plan.columns),
              frameon=False, fontsize=LEGEND_SIZE, handlelength=1.2, handleheight=1.0,
              handletextpad=0.6, columnspacing=1.4, labelspacing=0.35, borderaxespad=0.1, borderpad=0.2)


_TEXT_TO_PATH = TextToPath()


def _text_width(text: str, size: float = TICK_SIZE) -> float:
    """Width in inches of (multi-line) text in DejaVu Sans at ``size`` points."""
    prop = FontProperties(family="DejaVu Sans", size=size)
    widths = [_TEXT_TO_PATH.get_text_width_height_descent(line, prop, ismath=False)[0]
              for line in str(text).split("\n")]
    return max(widths, default=0.0) / 72


def _plot_width(tick_labels: Sequence[str]) -> float:
    """Estimated width in inches of the plot area beside the (widest) y tick label."""
    widest = max((_text_width(t) for t in tick_labels), default=0.0)
    return FIG_WIDTH - widest - 0.45


def _legend_plan(labels: Sequence[str], available: float) -> _LegendPlan:
    """Legend labels (wrapped), columns and height, fitting ``available`` inches.

    One row when everything fits; otherwise as many columns as fit (a legend fills column by
    column, so the entries read top to bottom, then left to right).
    """
    entry = (1.2 + 0.6 + 1.4) * LEGEND_SIZE / 72  # handle, pad and column spacing, in inches
    available -= 0.1
    choice: tuple[list[str], int] | None = None
    for width in (None, 32, 26, 20):
        wrapped = [_wrap(s, width) if width else str(s) for s in labels]
        widths = [_text_width(w, LEGEND_SIZE) + entry for w in wrapped]
        if sum(widths) <= available:
            choice = (wrapped, len(wrapped))
            break
        fits = [k for k in range(len(wrapped) - 1, 0, -1) if _columns_width(widths, k) <= available]
        if fits and (fits[0] > 1 or width == 20):
            choice = (wrapped, fits[0])
            break
    if choice is None:
        choice = ([_wrap(s, 20) for s in labels], 1)
    wrapped, columns = choice
    rows = math.ceil(len(wrapped) / columns)
    lines = sum(max(_lines(wrapped[c * rows + r]) for c in range(columns) if c * rows + r < len(wrapped))
                for r in range(rows))
    size = LEGEND_SIZE / 72
    height = lines * size * 1.2 + (rows - 1) * 0.35 * size + 0.5 * size + 0.05
    return _LegendPlan(wrapped, columns, height)


def _columns_width(widths: Sequence[float], columns: int) -> float:
    rows = math.ceil(len(widths) / columns)
    chunks = [widths[c * rows:(c + 1) * rows] for c in range(columns)]
    if any(not chunk for chunk in chunks):
        return math.inf
    return sum(max(chunk) for chunk in chunks)


def _bar_slot(labels: Sequence[str], minimum: float = 0.34) -> float:
    """Height in inches of one bar slot, enough for the tallest (wrapped) tick label."""
    lines = max((_lines(s) for s in labels), default=1)
    return max(minimum, 0.14 * lines + 0.12)


def _style_bar_axes(ax: Axes, positions: Sequence[float], labels: Sequence[str],
                    bold: Sequence[bool] = ()) -> None:
    ax.set_yticks(list(positions), list(labels))
    ax.invert_yaxis()
    for tick, is_bold in zip(ax.get_yticklabels(), bold):
        if is_bold:
            tick.set_fontweight("bold")


# --------------------------------------------------------------------------------------------
# Chart builders
# --------------------------------------------------------------------------------------------
def _stacked(
    *,
    title: str,
    bars: list[str],
    bases: list[tuple[float, float]],
    categories: list[str],
    shares: np.ndarray,  # bars x categories
    small_base: int,
    annotations: list[str] | None = None,
    bar_label_width: int = 34,
    show_bases: bool = True,
    xlabel: str | None = None,
) -> Figure:
    """Horizontal 100%-stacked bars: one bar per year / group / item, segments = categories.

    With ``show_bases`` False (every bar has the same base) the base goes in ``xlabel`` instead.
    """
    small = [_is_small(base[0], small_base) for base in bases]
    if show_bases:
        bar_labels = [_based_label(b, base, small_base, width=bar_label_width)
                      for b, base in zip(bars, bases)]
    else:
        bar_labels = [_wrap(b, bar_label_width) for b in bars]
        if xlabel and any(small):
            xlabel += " *"
    legend = _legend_plan([short_label(c) for c in categories], _plot_width(bar_labels))
    slot = _bar_slot(bar_labels)
    totals = [b == TOTAL_COLUMN for b in bars]
    positions = _positions(totals)
    frame = _new_figure(slot * (positions[-1] + 1), title=title, legend=legend,
                        footnote=_footnote(small_base) if any(small) else None, xlabel=bool(xlabel))
    ax = frame.ax
    colours = category_colors(categories)
    left = np.zeros(len(bars))
    handles = []
    for k, colour in enumerate(colours):
        widths = np.nan_to_num(shares[:, k], nan=0.0)
        patches = ax.barh(positions, widths, left=left, height=0.68, color=colour, edgecolor="white",
                          linewidth=0.8)
        handles.append(patches[0] if len(patches) else Patch(color=colour))
        for y, x0, w in zip(positions, left, widths):
            if w >= 6:
                ax.text(x0 + w / 2, y, format_percent(w), ha="center", va="center", fontsize=VALUE_LABEL_SIZE,
                        color=_text_color(colour))
        left = left + widths
    upper = max(100.0, float(left.max()))
    if annotations:
        _percent_axis(ax, upper, limit=upper + 14)
        for y, text in zip(positions, annotations):  # aligned just right of the longest bar
            ax.text(upper + 1.5, y, text, ha="left", va="center", fontsize=9, fontweight="bold")
    else:
        _percent_axis(ax, upper)
    if xlabel:
        ax.set_xlabel(xlabel)
    _style_bar_axes(ax, positions, bar_labels, totals)
    _legend(ax, handles, legend)
    return frame.fig


def _positions(totals: Sequence[bool]) -> list[float]:
    """Bar positions; a 'Totaal' bar gets a little extra space above it."""
    positions, y = [], 0.0
    for is_total in totals:
        if is_total and positions:
            y += 0.3
        positions.append(y)
        y += 1.0
    return positions


def _grouped(
    *,
    title: str,
    options: list[str],
    series: list[tuple[str, str, tuple[float, float]]],  # label, colour, base
    values: np.ndarray,  # options x series
    small_base: int,
    value_format: Callable[[float], str],
    axis: Callable[[Axes], None],
    origin: float = 0.0,
    xlabel: bool = False,
) -> Figure:
    """Grouped horizontal bars: per option one bar per series (year), value written at the end."""
    option_labels = [_wrap(o, 34) for o in options]
    series_labels = [_based_label(label, base, small_base) for label, _c, base in series]
    small = any(_is_small(base[0], small_base) for _l, _c, base in series)
    k = len(series)
    bar_height = 0.8 / k
    group_height = max(0.24 * k + 0.14, 0.14 * max(_lines(o) for o in option_labels) + 0.12)
    legend = _legend_plan(series_labels, _plot_width(option_labels))
    frame = _new_figure(group_height * len(options), title=title, legend=legend,
                        footnote=_footnote(small_base) if small else None, xlabel=xlabel)
    ax = frame.ax
    centres = np.arange(len(options), dtype=float)
    handles = []
    for s, (_label, colour, _base) in enumerate(series):
        y = centres - 0.4 + bar_height * (s + 0.5)
        vals = values[:, s]
        finite = np.isfinite(vals)
        patches = ax.barh(y[finite], vals[finite] - origin, left=origin, height=bar_height * 0.92,
                          color=colour, edgecolor="white", linewidth=0.5)
        handles.append(patches[0] if len(patches) else Patch(color=colour))
        for yy, v in zip(y[finite], vals[finite]):
            ax.text(v, yy, " " + value_format(v), ha="left", va="center", fontsize=VALUE_LABEL_SIZE, color="#333333")
        for yy in y[~finite]:  # not asked that year
            ax.text(origin, yy, " –", ha="left", va="center", fontsize=VALUE_LABEL_SIZE, color=_MUTED_TEXT)
    axis(ax)
    ax.set_ylim(len(options) - 0.5, -0.5)
    ax.set_yticks(centres, option_labels)
    _legend(ax, handles, legend)
    return frame.fig


def _single_chart(spec: TableSpec, grid: _Grid, title: str, small_base: int) -> Figure | None:
    keep = [j for j in range(len(grid.columns)) if _has_data(grid.values[:, j])]
    if not keep:
        return None
    if len(grid.columns) == 1:
        return _single_column_chart(grid, keep[0], title, small_base)
    return _stacked(
        title=title,
        bars=[grid.columns[j] for j in keep],
        bases=[grid.column_base(j) for j in keep],
        categories=grid.rows,
        shares=grid.values[:, keep].T,
        small_base=small_base,
    )


def _matrix_chart(spec: TableSpec, grid: _Grid, title: str, small_base: int) -> Figure | None:
    keep = [i for i in range(len(grid.rows)) if _has_data(grid.values[i])]
    if not keep:
        return None
    bases = [grid.row_base(i) for i in keep]
    uniform = len(set(bases)) == 1  # then the base goes in the axis label, not on every item
    xlabel = "Percentage van de respondenten" + (f" ({_base_text(*bases[0])})" if _base_text(*bases[0]) else "")
    return _stacked(
        title=title,
        bars=[grid.rows[i] for i in keep],
        bases=bases,
        categories=grid.columns,
        shares=grid.values[keep],
        small_base=small_base,
        bar_label_width=40,
        show_bases=not uniform,
        xlabel=xlabel if uniform else None,
    )


def _year_series(grid: _Grid, columns: list[int]) -> list[tuple[str, str, tuple[float, float]]]:
    series = []
    for s, j in enumerate(columns):
        label = grid.columns[j]
        year = _column_year(label, grid.column_codes[j])
        colour = year_color(year) if year is not None else FALLBACK_COLORS[s % len(FALLBACK_COLORS)]
        series.append((label, colour, grid.column_base(j)))
    if len(series) == 1 and _column_year(series[0][0], grid.column_codes[columns[0]]) is None:
        series[0] = (series[0][0], _SINGLE_SERIES_COLOR, series[0][2])
    return series


def _year_bars(grid: _Grid, title: str, small_base: int, *, means: bool) -> Figure | None:
    """Grouped bars of a multi-response / share / scale-means table: per option a bar per year."""
    columns = [j for j in range(len(grid.columns)) if _has_data(grid.values[:, j])]
    rows = [i for i in range(len(grid.rows)) if _has_data(grid.values[i, columns])] if columns else []
    if not rows:
        return None
    values = grid.values[np.ix_(rows, columns)]
    upper = max(100.0, float(np.nanmax(values)))
    return _grouped(
        title=title,
        options=[grid.rows[i] for i in rows],
        series=_year_series(grid, columns),
        values=values,
        small_base=small_base,
        value_format=format_mean if means else format_percent,
        axis=_scale_axis if means else (lambda ax: _percent_axis(ax, upper, limit=upper + 12)),
        origin=1.0 if means else 0.0,
        xlabel=means,
    )


def _multi_chart(spec: TableSpec, grid: _Grid, title: str, small_base: int) -> Figure | None:
    return _year_bars(grid, title, small_base, means=False)


def _scale_chart(spec: TableSpec, grid: _Grid, title: str, small_base: int) -> Figure | None:
    return _year_bars(grid, title, small_base, means=True)


def _scale_axis(ax: Axes) -> None:
    ax.set_xlim(1, 5.45)
    ax.xaxis.set_major_locator(FixedLocator([1, 2, 3, 4, 5]))
    ax.xaxis.set_minor_locator(MultipleLocator(0.5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_mean(x, 1)))
    ax.grid(axis="x", which="minor", color="0.92")
    ax.set_xlabel("Gemiddelde score (1–5)")


def _nps_rows(grid: _Grid) -> tuple[list[str], str | None]:
    categories = [c for c in NPS_BANDS if c in grid.rows]
    candidates = [r for r in grid.rows if r == NPS_ROW or re.fullmatch(rf"{NPS_ROW}\s+\d{{4}}", r)]
    # the NPS of the bars' own year: plain "NPS", else the latest "NPS <year>"
    nps_row = max(candidates, key=lambda r: int(r.split()[-1]) if r != NPS_ROW else 10_000, default=None)
    return categories, nps_row


def _nps_values(grid: _Grid) -> tuple[list[str], list[int], np.ndarray, list[float]]:
    """Categories, kept columns, their shares (columns x categories) and NPS per column."""
    categories, nps_row = _nps_rows(grid)
    if not categories:
        return [], [], np.empty((0, 0)), []
    shares = grid.subset(categories).values.T
    keep = [j for j in range(len(grid.columns)) if _has_data(shares[j])]
    scores = []
    for j in keep:
        value = grid.row(nps_row)[j] if nps_row else math.nan
        if not np.isfinite(value) and {"Fans", "Critici"} <= set(categories):
            value = shares[j, categories.index("Fans")] - shares[j, categories.index("Critici")]
        scores.append(float(value))
    return categories, keep, shares[keep], scores


def _nps_bases(grid: _Grid, categories: list[str], keep: list[int]) -> list[tuple[float, float]]:
    n = grid.subset(categories).n
    return [_base_range(n[:, j]) for j in keep]


def _nps_chart(spec: TableSpec, grid: _Grid, title: str, small_base: int) -> Figure | None:
    categories, keep, shares, scores = _nps_values(grid)
    if not keep:
        return None
    return _stacked(
        title=title,
        bars=[grid.columns[j] for j in keep],
        bases=_nps_bases(grid, categories, keep),
        categories=categories,
        shares=shares,
        small_base=small_base,
        annotations=[f"NPS {format_nps(s)}" if np.isfinite(s) else "" for s in scores],
    )


def _frequency_values(grid: _Grid) -> tuple[list[str], np.ndarray, np.ndarray, bool]:
    """Rows (without 'Totaal'), shown values, counts (or NaN) and whether values are percentages."""
    rows = [r for r in grid.rows if r != TOTAL_COLUMN]
    sub = grid.subset(rows)
    lower = [c.lower() for c in grid.columns]
    percent_col = next((j for j, c in enumerate(lower) if c.startswith("perc") or c == "%"), None)
    count_col = next((j for j, c in enumerate(lower) if c in {"aantal", "n", "count"}), None)
    counts = sub.values[:, count_col] if count_col is not None else np.full(len(rows), np.nan)
    if percent_col is not None and _has_data(sub.values[:, percent_col]):
        return rows, sub.values[:, percent_col], counts, True
    column = count_col if count_col is not None else 0
    return rows, sub.values[:, column], counts, False


def _category_bars(
    *,
    title: str,
    labels: list[str],
    values: np.ndarray,
    texts: list[str],
    colours: list[str],
    xlabel: str,
    percent: bool,
    footnote: str | None = None,
) -> Figure:
    """One horizontal bar per category, its value written at the end."""
    wrapped = [_wrap(label, 40) for label in labels]
    slot = _bar_slot(wrapped, minimum=0.32)
    frame = _new_figure(slot * len(labels), title=title, legend=_NO_LEGEND, footnote=footnote, xlabel=True)
    ax = frame.ax
    y = np.arange(len(labels))
    finite = np.isfinite(values)
    ax.barh(y[finite], values[finite], height=0.62, color=[c for c, f in zip(colours, finite) if f],
            edgecolor="white", linewidth=0.5)
    for yy, v, text in zip(y[finite], values[finite], [t for t, f in zip(texts, finite) if f]):
        ax.text(v, yy, " " + text, ha="left", va="center", fontsize=8)
    top = float(np.nanmax(values))
    if percent:
        upper = max(100.0, top)
        _percent_axis(ax, upper, limit=upper + 15)
    else:
        ax.set_xlim(0, top * 1.18 if top > 0 else 1)
        # whole ticks for whole counts: ticks 0.5 apart printed "0 1 1 2 2 3" (review h161)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_mean(x, 0)))
    ax.set_xlabel(xlabel)
    _style_bar_axes(ax, y, wrapped)
    return frame.fig


def _single_column_chart(grid: _Grid, j: int, title: str, small_base: int) -> Figure:
    """A single-choice table with one column: a bar per answer category."""
    base = grid.column_base(j)
    small = _is_small(base[0], small_base)
    detail = ", ".join(x for x in (grid.columns[j], _base_text(*base)) if x)
    values = grid.values[:, j]
    return _category_bars(
        title=title,
        labels=[short_label(r) for r in grid.rows],
        values=values,
        texts=[format_percent(v) for v in values],
        colours=category_colors(grid.rows),
        xlabel=f"Percentage van de respondenten ({detail})" + (" *" if small else ""),
        percent=True,
        footnote=_footnote(small_base) if small else None,
    )


def _frequency_chart(spec: TableSpec, grid: _Grid, title: str, small_base: int) -> Figure | None:
    rows, values, counts, is_percent = _frequency_values(grid)
    if not np.isfinite(values).any():
        return None
    texts = []
    for v, c in zip(values, counts):
        text = format_percent(v) if is_percent else format_mean(v, 0)
        texts.append(text + (f" ({format_mean(c, 0)})" if is_percent and np.isfinite(c) else ""))
    base = _base_text(*_base_range(grid.n))
    xlabel = ("Percentage van de respondenten" + (f" ({base})" if base else "")) if is_percent else "Aantal"
    return _category_bars(title=title, labels=rows, values=values, texts=texts,
                          colours=[_SINGLE_SERIES_COLOR] * len(rows), xlabel=xlabel, percent=is_percent)


_NUMERIC_PARTS = {"mean": ("gemiddeld", "mean"), "min": ("minimum", "min"), "max": ("maximum", "max")}


def _numeric_values(grid: _Grid) -> list[tuple[str, tuple[float, float], dict[str, float]]]:
    """Rows with data: label, base and their minimum / mean / maximum."""
    lower = [c.lower() for c in grid.columns]
    index = {part: next((j for j, c in enumerate(lower) if c.startswith(names)), None)
             for part, names in _NUMERIC_PARTS.items()}
    out = []
    for i, row in enumerate(grid.rows):
        stats = {part: grid.values[i, j] if j is not None else math.nan for part, j in index.items()}
        if not any(np.isfinite(v) for v in stats.values()):
            continue
        base = grid.row_base(i)
        if not math.isnan(base[0]) and base[1] == 0:
            continue
        out.append((row, base, stats))
    return out


def _numeric_text(value: float, unit: str | None) -> str:
    """A figure of a numeric table as its table prints it: '96,7%' / '98%' for a question asking
    a percentage (``unit`` "percent"), else '12,5' / '12'."""
    return format_value(value, "percent_number" if unit == "percent" else "number")


def _numeric_chart(spec: TableSpec, grid: _Grid, title: str, small_base: int, *,
                   unit: str | None = None) -> Figure | None:
    rows = _numeric_values(grid)
    if not rows:
        return None
    labels = [_based_label(r, base, 0, width=34) for r, base, _s in rows]
    slot = max(_bar_slot(labels), 0.55)
    legend = _legend_plan(["minimum – maximum", "gemiddelde"], _plot_width(labels))
    frame = _new_figure(slot * len(rows), title=title, legend=legend, footnote=None)
    ax = frame.ax
    everything = [v for _r, _b, s in rows for v in s.values() if np.isfinite(v)]
    lo, hi = min(everything), max(everything)
    pad = (hi - lo) * 0.12 or max(abs(hi) * 0.05, 1.0)
    colour = _SINGLE_SERIES_COLOR
    for y, (_row, _base, s) in enumerate(rows):
        if np.isfinite(s["min"]) and np.isfinite(s["max"]):
            ax.plot([s["min"], s["max"]], [y, y], color=colour, linewidth=3, alpha=0.45,
                    solid_capstyle="butt")
            for part in ("min", "max"):
                ax.plot([s[part]], [y], marker="|", markersize=14, color=colour, markeredgewidth=2)
                ax.annotate(_numeric_text(s[part], unit), (s[part], y), xytext=(0, -13),
                            textcoords="offset points", ha="center", va="top", fontsize=8)
        if np.isfinite(s["mean"]):
            ax.plot([s["mean"]], [y], marker="o", markersize=8, color=_CB[1], markeredgecolor="white")
            ax.annotate(_numeric_text(s["mean"], unit), (s["mean"], y), xytext=(0, 9),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8,
                        fontweight="bold")
    ax.set_xlim(0 if lo >= 0 > lo - pad else lo - pad, hi + pad)
    ax.set_ylim(len(rows) - 0.4, -0.6)
    sign = "%" if unit == "percent" else ""  # the axis of percentages says so, as the labels do
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_mean(x, _tick_decimals(ax)) + sign))
    ax.set_yticks(range(len(rows)), labels)
    handles = [
        mpl.lines.Line2D([], [], color=colour, linewidth=3, alpha=0.45, marker="|", markersize=12,
                         markeredgewidth=2),
        mpl.lines.Line2D([], [], color=_CB[1], marker="o", linestyle="none", markersize=8,
                         markeredgecolor="white"),
    ]
    _legend(ax, handles, legend)
    return frame.fig


def _tick_decimals(ax: Axes) -> int:
    """The fewest decimals (at most three) that print every major tick as what it is (review h161: one decimal for
    every step that is not whole labelled ticks 0.25 apart "0,0 0,3 0,5 0,8", and 0.05 apart "0,1 0,1 0,2")."""
    ticks = np.asarray(ax.xaxis.get_majorticklocs(), dtype=float)
    for decimals in range(3):
        if np.allclose(ticks, np.round(ticks, decimals), rtol=0, atol=1e-9):
            return decimals
    return 3


_BUILDERS: dict[str, Callable[[TableSpec, _Grid, str, int], Figure | None]] = {
    "single": _single_chart,
    "matrix": _matrix_chart,
    "multi": _multi_chart,
    "matrix_share": _multi_chart,
    "scale_means": _scale_chart,
    "nps": _nps_chart,
    "nps_by": _nps_chart,
    "frequency": _frequency_chart,
    "numeric": _numeric_chart,
}


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------
def make_chart(spec: TableSpec, table: pd.DataFrame, *, small_base: int = 20,
               title: str | None = None, unit: str | None = None) -> Figure | None:
    """The chart of one report table, or None (response / mapping tables, tables without data).

    ``table`` is the tidy table (row, column, value, n[, row_code, column_code]); ``title``
    overrides the text after the table number (default ``spec.title``; the presentation layer
    may pass the question wording); ``unit``: the unit of a numeric table's figures
    (:func:`wlzmonitor.present.table_html.table_unit`: "percent" prints them as its table does,
    96,7%).
    """
    builder = None if spec.kind in NO_CHART_KINDS else _BUILDERS.get(spec.kind)
    if builder is None or table is None or table.empty:
        return None
    if not _has_data(pd.to_numeric(table["value"], errors="coerce").to_numpy(dtype=float)):
        return None
    with mpl.rc_context(STYLE):
        if builder is _numeric_chart:
            fig = _numeric_chart(spec, _grid(table), _chart_title(spec, title), small_base, unit=unit)
        else:
            fig = builder(spec, _grid(table), _chart_title(spec, title), small_base)
    if fig is not None:
        _exclude_data_artists_from_layout(fig)
    return fig


def _as_written(fig: Figure) -> Figure:
    """Every text of ``fig`` drawn as written, not as mathtext ('$5 en $10'), also a text made
    outside the chart style (matplotlib copies a tick label's look to the ticks it adds while
    drawing, but not this setting; `render` draws with it off as well)."""
    for text in fig.findobj(Text):
        text.set_parse_math(False)
    return fig


def _exclude_data_artists_from_layout(fig: Figure) -> None:
    """Bars, lines and value labels sit inside the axes limits: the layout need not measure them.

    (Measuring every bar and label made the constrained layout the slowest step of a chart.)
    Every text is also set to be drawn as written (`_as_written`).
    """
    _as_written(fig)
    for ax in fig.axes:
        for artist in (*ax.patches, *ax.texts, *ax.lines, *ax.collections):
            artist.set_in_layout(False)


#: savefig's settings as matplotlib ships them, whatever a matplotlibrc or the caller set: the PNG is
#: not printed by savefig (:func:`render`), so a ``savefig.bbox: tight`` would crop the SVG alone
_SAVEFIG_DEFAULTS = {key: mpl.rcParamsDefault[key] for key in mpl.rcParamsDefault if key.startswith("savefig.")}


def render(fig: Figure) -> tuple[bytes, bytes]:
    """PNG and SVG bytes of ``fig`` (identical on every run), then close the figure.

    Two draws, one per format. The PNG's draw also lays the figure out (a figure's layout engine runs
    at the start of its draw), and the layout is then frozen for the SVG. ``savefig`` lays a figure
    with a layout engine out in a dry draw of its own before each format, and a dry draw costs about
    what the PNG's draw costs (measuring text, not painting): laid out in a dry draw ahead, three
    draws; here two, ~15 % of a chart's time. The bytes are those of ``savefig(format="png",
    dpi=DPI, facecolor="white")`` after a dry draw (the 138 charts of 2026 and 2025 compared, and
    tests/test_charts.py). A figure made at another resolution with a layout engine is laid out at its
    own in a dry draw first, as before. savefig's settings are matplotlib's own here
    (:data:`_SAVEFIG_DEFAULTS`): a matplotlibrc's savefig settings do not change the report's charts."""
    png, svg = io.BytesIO(), io.BytesIO()
    try:
        with mpl.rc_context({"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path", "text.parse_math": False,
                             "axes.unicode_minus": STYLE["axes.unicode_minus"], **_SAVEFIG_DEFAULTS}):
            if fig.get_layout_engine() is not None and fig.dpi != DPI:  # laid out at its own resolution
                fig.draw_without_rendering()
                fig.set_layout_engine(None)
            fig.dpi = DPI
            fig.patch.set_facecolor("white")  # as savefig(facecolor="white") paints it
            FigureCanvasAgg(fig).print_png(png, metadata={"Software": None})  # laid out and drawn
            fig.set_layout_engine(None)
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, facecolor="white")
    finally:
        _close(fig)
    return png.getvalue(), svg.getvalue()


def _close(fig: Figure) -> None:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # a pyplot figure (ours are not registered, this is a no-op for them)
        pyplot.close(fig)
    fig.clear()


@dataclass(frozen=True)
class ChartFiles:
    png_path: Path
    svg_path: Path
    png_bytes: bytes


def save_chart(fig: Figure, directory: str | Path, stem: str) -> ChartFiles:
    """Write ``<stem>.png`` and ``<stem>.svg`` into ``directory`` (each format rendered once)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png, svg = render(fig)
    png_path, svg_path = directory / f"{stem}.png", directory / f"{stem}.svg"
    png_path.write_bytes(png)
    svg_path.write_bytes(svg)
    return ChartFiles(png_path, svg_path, png)


def _png_width(png: bytes) -> int | None:
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return None
    return struct.unpack(">I", png[16:20])[0]


#: the least width (CSS px) a chart is shown at on a phone, where it then scrolls sideways in its own region: its
#: value labels (:data:`VALUE_LABEL_SIZE` at :data:`DPI`) at 8 px, the 6 pt the print keeps as its least. At
#: 100 % of a 375 px phone's column an 880 px chart printed them at 4,5 px, unreadable
PHONE_MIN_TEXT_PX = 8
#: the column a 375 px phone gives a chart (the page's padding off)
PHONE_COLUMN_PX = 343


def phone_min_width(width: int) -> int:
    """The width (CSS px) under which a chart of `width` image pixels is not shrunk on a phone."""
    return math.ceil(width * PHONE_MIN_TEXT_PX / (VALUE_LABEL_SIZE * DPI / 72))


def figure_name(alt: str) -> str:
    """A chart's short name from its alternative text: its first clause ('Gestapeld staafdiagram bij Tabel 1 (Welk
    …). Per staaf …' -> 'Gestapeld staafdiagram bij Tabel 1'), at most 80 characters; 'Grafiek' without one."""
    clause = re.split(r" \(|[.,:;]\s", alt.strip(), maxsplit=1)[0].strip().rstrip(".")
    return _shorten(clause, 80) if clause else "Grafiek"


def chart_html(png_bytes: bytes, alt: str, *, anchor: str = "") -> str:
    """``<figure class="chart" id="grafiek-18"><img src="data:image/png;base64,…" alt="…" width="…"></figure>``.
    A chart wider than a phone can show with legible labels (:func:`phone_min_width`) is a keyboard-reachable
    region that scrolls sideways there rather than shrink (``tabindex``, its least width in ``--telefoon-breedte``)."""
    data = base64.b64encode(png_bytes).decode("ascii")
    width = _png_width(png_bytes)
    size = f' width="{width}"' if width else ""
    ident = f' id="{html.escape(anchor)}"' if anchor else ""
    least = phone_min_width(width) if width else 0
    # a keyboard stop is named: focused, the figure was an unnamed "figuur" (review h156)
    wide = (f' tabindex="0" aria-label="{html.escape(figure_name(alt), quote=True)}" '
            f'style="--telefoon-breedte:{least}px"' if least > PHONE_COLUMN_PX else "")
    return (f'<figure class="chart"{ident}{wide}><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt, quote=True)}"{size} style="max-width:100%;height:auto">'
            "</figure>")


# --------------------------------------------------------------------------------------------
# Alt text
# --------------------------------------------------------------------------------------------
_CHART_WORDS = {
    "single": "Gestapeld staafdiagram",
    "matrix": "Gestapeld staafdiagram",
    "multi": "Gegroepeerd staafdiagram",
    "matrix_share": "Gegroepeerd staafdiagram",
    "scale_means": "Staafdiagram van gemiddelde scores (1–5)",
    "nps": "Gestapeld staafdiagram met Net Promoter Score",
    "nps_by": "Gestapeld staafdiagram met Net Promoter Score",
    "frequency": "Staafdiagram",
    "numeric": "Spreidingsdiagram (minimum, gemiddelde, maximum)",
}

_Group = tuple[str, list[tuple[str, float, str]]]  # header, [(label, sort value, text)]


def _group_header(label: str, base: tuple[float, float], small_base: int) -> str:
    base_text = _base_text(*base)
    if not base_text:
        return label
    extra = ", kleine basis" if _is_small(base[0], small_base) else ""
    return f"{label} ({base_text}{extra})"


def _distinct_short(labels: list, width: int = 45) -> dict:
    """Each label shortened for a chart's description, unless shortening makes two the same
    ("Ik verwacht dat het aantal urgent wachtenden …" for 'afneemt', 'gelijk blijft' and 'toeneemt'):
    those keep their first words and the words that tell them apart ("Ik verwacht dat … afneemt"),
    or are written in full."""
    full = {label: str(label) for label in labels}
    short = {label: _shorten(text, width) for label, text in full.items()}
    seen: dict[str, list] = {}
    for label, text in short.items():
        seen.setdefault(text, []).append(label)
    for same in (group for group in seen.values() if len(group) > 1):
        words = [full[label].split() for label in same]
        common = 0
        while all(len(w) > common for w in words) and len({w[common] for w in words}) == 1:
            common += 1
        for label, w in zip(same, words):
            tail = _shorten(" ".join(w[common:]), width)
            short[label] = (" ".join(w[:3]) + " … " + tail) if common > 3 and tail else full[label]
        if len({short[label] for label in same}) < len(same):
            short.update({label: full[label] for label in same})
    return short


def _alt_groups(spec: TableSpec, grid: _Grid, small_base: int, unit: str | None = None) -> list[_Group]:
    kind = spec.kind
    groups: list[_Group] = []
    if kind == "single":
        names = _distinct_short([short_label(r) for r in grid.rows], 50)
        for j in range(len(grid.columns)):
            items = [(names[short_label(r)], v, format_percent(v))
                     for r, v in zip(grid.rows, grid.values[:, j]) if np.isfinite(v)]
            if items:
                groups.append((_group_header(grid.columns[j], grid.column_base(j), small_base), items))
        if spec.is_trend:
            groups.reverse()
    elif kind == "matrix":
        for i, item in enumerate(grid.rows):
            items = [(short_label(c), v, format_percent(v)) for c, v in zip(grid.columns, grid.values[i])
                     if np.isfinite(v)]
            if items:
                groups.append((_group_header(_shorten(item, 60), grid.row_base(i), small_base), items))
    elif kind in {"multi", "matrix_share", "scale_means"}:
        fmt = format_mean if kind == "scale_means" else format_percent
        names = _distinct_short(list(grid.rows))
        for j in range(len(grid.columns)):
            items = [(names[r], v, fmt(v)) for r, v in zip(grid.rows, grid.values[:, j]) if np.isfinite(v)]
            if items:
                groups.append((_group_header(grid.columns[j], grid.column_base(j), small_base), items))
        groups.reverse()
    elif kind in {"nps", "nps_by"}:
        categories, keep, shares, scores = _nps_values(grid)
        bases = _nps_bases(grid, categories, keep)
        for k, j in enumerate(keep):
            items = [("NPS", math.inf, format_nps(scores[k]))] if np.isfinite(scores[k]) else []
            items += [(c.lower(), v, format_percent(v))
                      for c, v in zip(categories, shares[k]) if np.isfinite(v)]
            groups.append((_group_header(grid.columns[j], bases[k], small_base), items))
        if kind == "nps":
            groups.reverse()
    elif kind == "frequency":
        rows, values, counts, is_percent = _frequency_values(grid)
        items = []
        names = _distinct_short(list(rows))
        for r, v, c in zip(rows, values, counts):
            if np.isfinite(v):
                text = format_percent(v) if is_percent else format_mean(v, 0)
                if is_percent and np.isfinite(c):
                    text += f" ({format_mean(c, 0)})"
                items.append((names[r], v, text))
        groups.append((_base_text(*_base_range(grid.n)) or "verdeling", items))
    elif kind == "numeric":
        rows = _numeric_values(grid)
        for row, base, s in rows:
            items = [(word, 0.0, _numeric_text(s[part], unit))
                     for part, word in (("mean", "gemiddeld"), ("min", "minimum"), ("max", "maximum"))
                     if np.isfinite(s[part])]
            groups.append((_group_header(_shorten(row, 60), base, 0), items))
    return groups


def _join(groups: list[_Group], keep: int | None) -> tuple[list[str], str]:
    """One sentence per bar; with ``keep`` only its largest categories (and a sentence saying so)."""
    parts, trimmed = [], False
    for header, items in groups:
        chosen = items
        if keep is not None and len(items) > keep:
            ranked = sorted(range(len(items)), key=lambda k: -items[k][1])[:keep]
            chosen = [items[k] for k in sorted(ranked)]
            trimmed = True
        parts.append(f"{header}: " + ", ".join(f"{label} {text}" for label, _v, text in chosen) + ".")
    if not trimmed:
        return parts, ""
    intro = "Per staaf de grootste categorie." if keep == 1 else f"Per staaf de {keep} grootste categorieën."
    return parts, intro


def alt_text(spec: TableSpec, table: pd.DataFrame, *, small_base: int = 20, title: str | None = None,
             unit: str | None = None) -> str:
    """A Dutch description of the chart, generated from the data (under ~600 characters).

    ``"Gestapeld staafdiagram bij Tabel 5 (…). 2026 (n=27): Ja 67%, Ten dele 22%, Nee 11%. …"``;
    when the full text is too long only the largest categories per bar are named, then the
    first bars only.
    """
    words = _CHART_WORDS.get(spec.kind, "Tabel")
    grid = _grid(table) if table is not None and not table.empty else None
    if spec.kind == "single" and grid is not None and len(grid.columns) == 1:
        words = "Staafdiagram"  # see _single_column_chart
    name = _title_text(spec, title)
    head = f"{words} bij {spec.number}" + (f" ({_shorten(name, 110)})" if name else "") + "."
    if spec.kind not in _CHART_WORDS or grid is None:
        return head
    groups = _alt_groups(spec, grid, small_base, unit)
    if not groups:
        return head
    small = any("kleine basis" in header for header, _items in groups)
    small_tail = f" Kleine basis: n < {small_base}, voorzichtig interpreteren." if small else ""
    # a shortened description says where every figure is (review of the report as readers get it: Tabel 30's alt
    # named "Gelijk 71%" per item, never the "Verslechterd 25%" the text above it is about)
    pointer = f" Alle cijfers staan in {spec.number}."
    most = max(len(items) for _h, items in groups)
    for keep in [None, *range(min(most - 1, 4), 0, -1)]:
        parts, intro = _join(groups, keep)
        text = " ".join(x for x in (head, intro, *parts) if x)
        tail = small_tail if keep is None else pointer + small_tail
        if len(text) + len(tail) <= ALT_TEXT_LIMIT:
            return text + tail
    tail = pointer + small_tail
    # still too long: the first bars with their largest category only
    parts, intro = _join(groups, 1)
    shown = [x for x in (head, intro) if x]
    for k, part in enumerate(parts):
        more = f" En nog {len(parts) - k} andere." if k < len(parts) else ""
        if len(" ".join([*shown, part])) + len(more) + len(tail) + 20 > ALT_TEXT_LIMIT:
            return " ".join(shown) + f" En nog {len(parts) - k} andere." + tail
        shown.append(part)
    return " ".join(shown) + tail


# --------------------------------------------------------------------------------------------
# Trend lines: the long series (2021 onwards) of a trend table
# --------------------------------------------------------------------------------------------
#: a trend table with at least this many year columns gets a line chart besides its bars
LONG_SERIES = 4


def is_long_series(spec: TableSpec) -> bool:
    years = [c for c in spec.columns if isinstance(c, int)]
    return spec.is_trend and spec.kind in {"single", "nps"} and len(years) >= LONG_SERIES


def _trend_series(spec: TableSpec, table: pd.DataFrame, data_years: Sequence[int] | None = None
                  ) -> tuple[list[str], list[tuple[str, list[float], list[bool]]], str]:
    """(year labels, [(row label, values, from data?)], unit) of a long series.

    NPS tables draw the NPS itself; single-choice tables a line per answer category. A point is
    'from data' when its survey year is in `data_years` (default: when the year's base is known).
    """
    t = table.copy()
    t["column"] = t["column"].astype(str)
    codes = [c for c in spec.columns if c in set(t["column_code"])]
    years = [spec.column_label(c) for c in codes]
    rows = ["NPS"] if spec.kind == "nps" else [r for r in spec.rows if r in set(t["row_code"])]
    series = []
    for code in rows:
        own = t[t["row_code"] == code].set_index("column")
        label = str(own["row"].iloc[0]) if len(own) else str(code)
        values = [float(own.loc[y, "value"]) if y in own.index else np.nan for y in years]
        if data_years is not None:
            data = [c in set(data_years) for c in codes]
        else:
            data = [bool(y in own.index and np.isfinite(float(own.loc[y, "n"]))) for y in years]
        series.append((label, values, data))
    return years, series, "nps" if spec.kind == "nps" else "percent"


def trend_line_chart(spec: TableSpec, table: pd.DataFrame, *, title: str | None = None,
                     data_years: Sequence[int] | None = None) -> Figure | None:
    """A line chart of a long trend series (e.g. Tabel 31 and 37, 2021-2026), Dutch labels.

    One colour per answer category (`category_colors`, the colours of the bar charts); filled
    points are computed from respondent data, open points are published figures of years without
    respondent data (named in the footnote).
    """
    if not is_long_series(spec) or table is None or table.empty:
        return None
    years, series, unit = _trend_series(spec, table, data_years)
    published_only = [y for i, y in enumerate(years) if not any(d[i] for _l, _v, d in series)]
    footnote = (f"Open punt: gepubliceerd cijfer ({', '.join(published_only)}; geen respondentdata)."
                if published_only else None)
    labels = [label for label, _v, _d in series]
    colours = [_SINGLE_SERIES_COLOR] if unit == "nps" else category_colors(labels)
    plan = _legend_plan([_shorten(lab, 60) for lab in labels], FIG_WIDTH - 0.6) if unit != "nps" else _NO_LEGEND
    with mpl.rc_context({**STYLE, "axes.grid.axis": "y"}):
        frame = _new_figure(2.6, title=_chart_title(spec, f"{_title_text(spec, title)} – verloop".strip(" –")),
                            legend=plan, footnote=footnote)
        ax = frame.ax
        x = np.arange(len(years))
        handles = []
        for (label, values, data), colour in zip(series, colours):
            (line,) = ax.plot(x, values, color=colour, linewidth=2, zorder=2)
            handles.append(line)
            for xi, v, d in zip(x, values, data):
                if not np.isfinite(v):
                    continue
                ax.plot([xi], [v], marker="o", markersize=6, color=colour, zorder=3,
                        markerfacecolor=colour if d else "white", markeredgewidth=1.5)
                text = format_nps(v) if unit == "nps" else format_percent(v)
                below = v < 0  # under its point: above it, a '-3' sat on the zero line, struck through
                ax.annotate(text, (xi, v), textcoords="offset points", xytext=(0, -8 if below else 7), ha="center",
                            va="top" if below else "baseline", fontsize=8, color="#333333")
        ax.set_xticks(x, years)
        ax.set_xlim(-0.4, len(years) - 0.6)
        if unit == "nps":
            finite = [v for _l, vs, _d in series for v in vs if np.isfinite(v)]
            lo, hi = min(finite + [0.0]), max(finite + [0.0])
            ax.set_ylim(math.floor((lo - 10) / 10) * 10, math.ceil((hi + 10) / 10) * 10)
            ax.axhline(0, color="#888888", linewidth=0.8, zorder=1)
            ax.set_ylabel("NPS")
        else:
            ax.set_ylim(0, 105)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_percent(v)))
        ax.spines["bottom"].set_visible(True)
        if plan.labels:
            _legend(ax, handles, plan)
    _exclude_data_artists_from_layout(frame.fig)
    return frame.fig


def trend_alt_text(spec: TableSpec, table: pd.DataFrame, *, title: str | None = None) -> str:
    """Dutch alt text of `trend_line_chart`: the series with its values per year."""
    years, series, unit = _trend_series(spec, table)
    fmt = format_nps if unit == "nps" else format_percent
    name = _title_text(spec, title)
    head = f"Lijndiagram bij {spec.number}" + (f" ({_shorten(name, 110)})" if name else "") + f", {years[0]}–{years[-1]}."
    parts = [f"{_shorten(label, 60)}: " + ", ".join(f"{y} {fmt(v)}" for y, v in zip(years, values) if np.isfinite(v)) + "."
             for label, values, _d in series]
    return " ".join([head, *parts])[:ALT_TEXT_LIMIT * 2]


# --------------------------------------------------------------------------------------------
# Small charts of the key-figures page
# --------------------------------------------------------------------------------------------
def mini_chart(labels: Sequence[str], values: Sequence[float], texts: Sequence[str]) -> Figure:
    """A small column chart of one key figure over the survey years (the Kerncijfers page).

    One column per year in its fixed year colour, the printed figure above it, the year below;
    negative values (an NPS) hang below a zero line. No title: the card around it says what it is.
    """
    with mpl.rc_context(STYLE):
        return _as_written(_mini_chart(labels, values, texts))


def mini_label_size(labels: Sequence[str], texts: Sequence[str]) -> float:
    """The size of a Kerncijfers chart's figures and years: :data:`MINI_LABEL_SIZE`, smaller when its columns
    stand too close for the widest of them (the series grows a year each wave: eight columns of a bold "100%"
    would touch at 10 pt)."""
    pitch = MINI_FIGSIZE[0] * 0.96 / max(len(labels), 1)  # the axes' width per column, in inches
    widest = max([_text_width(str(t), MINI_LABEL_SIZE) * 1.12 for t in texts]  # (the figures are bold)
                 + [_text_width(str(label), MINI_LABEL_SIZE) for label in labels], default=0.0)
    room = 0.92 * pitch  # (a little space between neighbours)
    return MINI_LABEL_SIZE if widest <= room else round(MINI_LABEL_SIZE * room / widest, 2)


def mini_columns_shown(labels: Sequence[str], texts: Sequence[str]) -> int:
    """How many of a Kerncijfers chart's columns, the latest, it shows: all of them while their figures and years
    fit at :data:`MINI_LABEL_MIN` or more, else the most recent that do (at least two). The series grows a year each
    wave: seven columns of a bold "100%" would print at 5,2 pt (2027: 2021-2027), twelve at 3 pt; the card's
    trend table keeps every year."""
    shown = len(labels)
    while shown > 2 and mini_label_size(labels[-shown:], texts[-shown:]) < MINI_LABEL_MIN:
        shown -= 1
    return shown


def _mini_chart(labels: Sequence[str], values: Sequence[float], texts: Sequence[str]) -> Figure:
    size = mini_label_size(labels, texts)
    fig = Figure(figsize=MINI_FIGSIZE, dpi=DPI)
    ax = fig.add_axes((0.02, 0.2, 0.96, 0.62))
    x = np.arange(len(values))
    finite = [v if np.isfinite(v) else 0.0 for v in values]
    colors = [year_color(label) if str(label).isdigit() else _CB[0] for label in labels]
    ax.bar(x, finite, width=0.62, color=colors)
    low, high = min(0.0, *finite), max(0.0, *finite)
    span = (high - low) or 1.0
    for xi, value, text in zip(x, finite, texts):
        above = value >= 0
        ax.text(xi, value + (0.04 if above else -0.04) * span, text, ha="center", va="bottom" if above else "top",
                fontsize=size, fontweight="bold", color="#1f2328")
    ax.axhline(0, color="#57606a", linewidth=0.8)
    ax.set_ylim(low - (0.3 * span if low < 0 else 0), high + 0.3 * span)
    ax.set_xticks(x, [str(label) for label in labels], fontsize=size)
    ax.tick_params(axis="x", length=0, pad=2)
    ax.set_yticks([])
    ax.grid(False)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    return fig
