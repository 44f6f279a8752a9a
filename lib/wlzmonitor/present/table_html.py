"""A table as the report prints it, as HTML: Dutch cells, caption with bases, verdicts, notes.

Every function returns a string (testable without a notebook); `present.chapter.Chapter` puts
them together into a table section.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

from wlzmonitor.compute.report_tables import vanished_groups
from wlzmonitor.compute.significance import TestResult
from wlzmonitor.compute.tables import format_alpha, format_mean, format_n, format_p
from wlzmonitor.compute.trends import KINDS, previous_column, testable
from wlzmonitor.compute.trends import TEST_NAMES as CHANGE_TEST_NAMES
from wlzmonitor.present.figures_text import column_order, display_kind, format_value
from wlzmonitor.present.page_frame import WEIGHT_WORDS
from wlzmonitor.present.table_files import caption_title
from wlzmonitor.spec.asked import AskedMap
from wlzmonitor.spec.layout import TableSpec

TEST_NAMES = {
    "chi2": "χ²-toets (Pearson)",
    "chi2-permutatie": "χ²-toets met p-waarde uit een permutatietoets (verwachte aantallen kleiner dan 5)",
}


#: the groups a breakdown is by, as the report names them (the same words as the weighting's margins)
GROUP_WORDS = WEIGHT_WORDS


def table_unit(spec: TableSpec, codebook) -> str | None:
    """The unit of a table's figures (``percent`` for a question asking a percentage), from the
    codebook question it shows; None when it has none."""
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


def interval_level(confidence: float) -> str:
    """The level of an interval as the report writes it: 0.95 -> '95%', 0.9 -> '90%',
    0.995 -> '99,5%' (never rounded to a level it is not: `significance: confidence` decides)."""
    percent = 100 * float(confidence)
    for decimals in range(4):
        if abs(round(percent, decimals) - percent) < 1e-9:
            break
    return f"{format_mean(percent, decimals)}%"


def interval_label(confidence: float) -> str:
    """'95%-BI' (betrouwbaarheidsinterval) at the configured level."""
    return f"{interval_level(confidence)}-BI"


def interval_text(low: float, high: float, how: str, confidence: float = 0.95) -> str:
    """An interval as a reader reads it: '(95%-BI 30–41%)', '(95%-BI 3,87–4,23)', '(95%-BI -3 tot +16)', a numeric
    table's mean as its cell, '(95%-BI 96,8–97,7%)', '(95%-BI 10,5–13,6)' (the level is `confidence`'s, the one the interval was computed at)."""
    if low is None or high is None or np.isnan(low) or np.isnan(high):
        return ""
    label = interval_label(confidence)
    if how == "percent":
        return f"({label} {format_mean(low, 0)}–{format_value(high, 'percent')})"
    if how == "nps":
        return f"({label} {format_value(low, 'nps')} tot {format_value(high, 'nps')})"  # signs as in the cells
    if how in {"number", "percent_number"}:  # as the cell prints its figure (review h161: '97,3% (95%-BI 96,84–97,71)')
        return f"({label} {format_value(low, 'number')}–{format_value(high, how)})"
    if how == "mean":
        return f"({label} {format_mean(low)}–{format_mean(high)})"
    return ""


def _with_interval(text: str, low, high, how: str, confidence: float) -> str:
    line = interval_text(low, high, how, confidence)
    return f'{text}<br><span class="bi" style="color:#6b6b6b;font-size:85%">{line}</span>' if text and line else text


def wide_table(spec: TableSpec, table: pd.DataFrame, codebook, *, small_base: int,
               small_groups: Collection = (), intervals: bool = False, confidence: float = 0.95) -> pd.DataFrame:
    """The table as printed: rows in questionnaire order, columns as the report has them, text cells as
    HTML (escaped; the labels of rows and columns are escaped when the Styler renders them).

    Columns in `small_groups` (groups below the small-group threshold, :mod:`.disclosure`) are
    marked with †; a base below `small_base` with *. With `intervals` every cell that has an
    interval (`ci_low`, `ci_high`, computed at `confidence`) gets it on a muted second line."""
    unit = table_unit(spec, codebook)
    rows = list(dict.fromkeys(table["row_code"]))
    cols = column_order(spec, table)
    row_labels, col_labels = _row_labels(table), _column_labels(table)
    cells = {(r.row_code, r.column_code): r.value for r in table.itertuples(index=False)}
    small = set(small_columns(table, small_base, spec))
    show_n = spec.is_breakdown or spec.kind == "nps_by"
    bases = column_bases(table)
    gone = set(vanished_groups(spec, table, codebook))
    headers = []
    for c in cols:
        label = col_labels[c]
        if show_n and not np.isnan(bases[c][0]):
            label = f"{label} ({_base_text(*bases[c])})"
        headers.append(label + (" *" if c in small else "") + (" †" if c in small_groups else "")
                       + (" ‡" if c in gone else ""))
    # a cell's text escaped (a mapping table prints the codebook's group labels: review h149, '<b>…</b>' as a
    # Wlz-uitvoerder's label was markup in Tabel B5); the Styler puts cell data into the page as it is
    data = [[html.escape(format_value(cells.get((r, c), np.nan), display_kind(spec, r, c, unit)), quote=False)
             for c in cols] for r in rows]
    if intervals and "ci_low" in table.columns:
        bounds = {(r.row_code, r.column_code): (r.ci_low, r.ci_high) for r in table.itertuples(index=False)}
        data = [[_with_interval(text, *bounds.get((r, c), (np.nan, np.nan)), display_kind(spec, r, c, unit), confidence)
                 for c, text in zip(cols, line)] for r, line in zip(rows, data)]
    # a small group's suppressed cells (disclosure.py), and the cells hidden with it so that it does not
    # follow from the total (another group's, or the total itself): a visible dash, not an empty cell
    # that reads as "nobody answered" (review of the statistics)
    answered = {(r.row_code, r.column_code): r.n for r in table.itertuples(index=False)}
    for j, c in enumerate(cols):
        for i, r in enumerate(rows):
            if data[i][j] == "" and (r, c) in cells and (c in small_groups or (
                    small_groups and pd.notna(answered.get((r, c))) and answered[(r, c)] >= 1)):
                data[i][j] = "–"
    # any other cell without a figure (a year that did not ask the row, a statistic with no answers) prints the
    # dash its chart prints, not an empty cell a screen reader reads as "leeg" (review of the report as readers
    # get it: Tabel 2, 33, 34)
    data = [[text if text != "" else "–" for text in line] for line in data]
    frame = pd.DataFrame(data, index=[row_labels[r] for r in rows], columns=headers)
    frame.index.name = None
    return frame


def _label_text(label: Any) -> str:
    """A row or column label (an option label of the codebook, a group, a year) as HTML text:
    ``<``, ``>`` and ``&`` escaped (the Styler puts index labels into the page as they are)."""
    return html.escape(str(label), quote=False)
_HEADER_BASE = re.compile(r"^(?P<label>.*?) \((?P<base>n=[\d.]+|n variërend van (?P<lo>[\d.]+) tot (?P<hi>[\d.]+))\)(?P<marks>.*)$")


def column_header_html(label: str) -> str:
    """A column header as HTML: the group on one line, its base below it, compact and unbroken.

    'Zilveren Kruis (n variërend van 32 tot 35) *' -> 'Zilveren Kruis<br><span class="kolom-n">(n=32–35)</span> *'
    (the caption's 'n variërend van … tot …' written short, so a header never wraps over four lines)."""
    match = _HEADER_BASE.match(str(label))
    if match is None:
        return html.escape(str(label))
    base = match["base"] if match["lo"] is None else f"n={match['lo']}–{match['hi']}"
    return (f'{html.escape(match["label"])}<br><span class="kolom-n">({html.escape(base)})</span>'
            f"{html.escape(match['marks'])}")


def table_caption(spec: TableSpec, table: pd.DataFrame, codebook) -> str:
    """'Tabel 4 – Ja, met de volgende reden(en) (meerdere antwoorden mogelijk) (2024: n=49, …)'.

    A title that ends in ':' (a follow-up option such as 'Ja, want:') loses it before the bases,
    so the caption never reads '…mogelijk): (2024 …'."""
    return f"{spec.number} – {caption_title(spec, codebook)} {bases_caption(spec, table)}".strip()


def table_html(spec: TableSpec, table: pd.DataFrame, codebook, *, small_base: int,
               small_groups: Collection = (), intervals: bool = False, confidence: float = 0.95) -> str:
    """The caption as a title above the table, and the table (a pandas Styler rendering with a fixed
    uuid: identical bytes on every run) in a region that scrolls sideways on its own; every label
    (row and column headers, title) escaped like any other text.

    The title sits outside the scrolling region so it wraps at the width of the page, not of a
    narrow table, and is never cut off on a narrow screen; the table is labelled by it. Title and
    table are one block, which a printed page does not split."""
    wide = wide_table(spec, table, codebook, small_base=small_base, small_groups=small_groups, intervals=intervals,
                      confidence=confidence)
    title_id = f"{spec.key.replace('_', '-')}-titel"
    styler = (wide.style.set_uuid(spec.key.replace("_", "-"))
              .format_index(_label_text, axis=0)
              .format_index(column_header_html, axis=1)
              .set_table_attributes(f'class="rapport" aria-labelledby="{title_id}"'))
    return (f'<div class="tabel-blok">\n<p class="tabel-titel" id="{title_id}">'
            f"{html.escape(table_caption(spec, table, codebook))}</p>\n"
            f'<div class="tabel-scroll" role="region" tabindex="0" aria-labelledby="{title_id}">\n'
            f"{_without_empty_header(styler.to_html())}</div>\n</div>")


#: the Styler's corner cell above the row labels: a header cell with nothing in it
_EMPTY_CORNER = re.compile(r'<th class="(blank(?: level[0-9]+)*)" >&nbsp;</th>')


def _without_empty_header(table: str) -> str:
    """The Styler's table with its empty corner cell as a data cell: a header cell heads nothing
    without a text (screen readers announce an empty header; axe-core's empty-table-header)."""
    return _EMPTY_CORNER.sub(r'<td class="\1"></td>', table)


def untested_text(test: TestResult, group: str) -> str:
    """Why a breakdown has no test, in the report's words (without the groups the small-group rule hides: of the
    groups shown; review h111: "alle organisaties gaven hetzelfde antwoord" beside a total of 83% / 17%)."""
    hidden = "groepen waarvan de uitkomsten niet worden getoond (–)"
    why = {"no answers": "er zijn geen antwoorden",
           "one answer": "alle organisaties gaven hetzelfde antwoord",
           "one group": f"alle antwoorden komen uit één {group}",
           "hidden groups": f"zonder de {hidden} blijft één {group} over, en een toets met die groepen zou hun "
                            "uitkomsten prijsgeven",
           "only hidden groups": f"alleen {hidden} gaven antwoord, en een toets zou die uitkomsten prijsgeven"}
    if getattr(test, "left_out", ()):
        why["one answer"] = (f"de getoonde groepen gaven allemaal hetzelfde antwoord, en een toets met de {hidden} "
                             "zou die uitkomsten prijsgeven")
    return f"Geen toets mogelijk: {why.get(test.untestable, f'te weinig antwoorden per {group}')}."


def left_out_text(test) -> str:
    """Under a breakdown tested without the groups the small-group rule hides (compute.significance): says so, in
    the words of the table's notes (the group hidden with a small one is not small itself: review h111)."""
    if not getattr(test, "left_out", ()):
        return ""
    return (" Getoetst zonder de groepen waarvan de uitkomsten niet worden getoond (–): een toets over alle groepen "
            "zou die uitkomsten prijsgeven.")


def verdict_html(spec: TableSpec, test: TestResult | None, *, alpha: float) -> str:
    """The verdict under a breakdown table, worded as the report words it."""
    if test is None:
        return ""
    group = GROUP_WORDS.get(spec.by or "", spec.by or "groep")
    name = TEST_NAMES.get(test.test, test.test)
    if np.isnan(test.p_value):
        return f'<p class="verdict">{html.escape(untested_text(test, group))}</p>'
    detail = f"{name}, {format_p(test.p_value, alpha=alpha)}, α = {format_alpha(alpha)}"
    if test.significant:
        return ('<p class="verdict significant"><strong class="markering">Significant verschil.</strong> '
                "Dit is een statistisch significant verschil, maar dit is "
                f"slechts richtinggevend vanwege beperkte omvang respons per {group} ({html.escape(detail)}; niet "
                "gecorrigeerd voor het aantal uitsplitsingen dat is getoetst, zie de toelichting op de methode)."
                f"{left_out_text(test)}</p>")
    return (f'<p class="verdict">Geen statistisch significant verschil tussen de groepen ({html.escape(detail)}).'
            f"{left_out_text(test)}</p>")


def _change_items(rows: pd.DataFrame, adjusted: bool, alpha: float) -> str:
    # the report's α, not format_p's default: at α = 0,01 a p of 0,00996 printed "p = 0,010" beside
    # "significant" (review of the statistics)
    return ", ".join(
        f"‘{html.escape(r.row)}’ ({format_value(r.p_previous, 'percent')} → {format_value(r.p_current, 'percent')}, "
        + (format_p(r.p_adjusted, "gecorrigeerde p", alpha=alpha) if adjusted else format_p(r.p_value, alpha=alpha))
        + ")"
        for r in rows.itertuples())


def change_method(changes: pd.DataFrame, *, alpha: float, population: int | None = None) -> str:
    """The test, the correction and the family size as one phrase (from the computed changes)."""
    if not len(changes):
        return ""
    first = changes.iloc[0]
    fpc = f", met eindige-populatiecorrectie (N = {population})" if population else ""
    family = int(first["tests_in_family"])
    correction = ("zonder correctie voor meervoudig toetsen" if first["correction"] == "geen correctie"
                  else f"{first['correction']} over de {family} jaar-op-jaartoets{'en' if family != 1 else ''} "
                       "van het rapport")
    return f"{first['test']}{fpc}, {correction}, α = {format_alpha(alpha)}"


#: trend tables whose change since the previous year is not tested, and why (in the report's words)
UNTESTED_KINDS = {"nps": "veranderingen van de NPS en van de aandelen critici, neutralen en fans worden niet getoetst",
                  "scale_means": "veranderingen van gemiddelden worden niet getoetst (alleen percentages)",
                  "numeric": "veranderingen van gemiddelden worden niet getoetst (alleen percentages)"}


def change_html(spec: TableSpec, changes: pd.DataFrame, year: int, *, alpha: float,
                population: int | None = None) -> str:
    """Under a trend table: which shares changed since the previous survey year.

    Significant = after the correction for multiple testing over the whole report; a change below
    α only before the correction is 'indicatief'. `population`: N when the finite-population
    correction was applied (None otherwise)."""
    if spec.is_breakdown or year not in spec.columns or list(spec.columns).index(year) == 0:
        return ""
    before = previous_column(spec, year)
    previous = spec.column_label(before)
    if spec.kind in UNTESTED_KINDS:  # no year-on-year test for them: silence would read as "no change" (review h91)
        return f'<p class="verdict">Niet getoetst tegen {html.escape(previous)}: {UNTESTED_KINDS[spec.kind]}.</p>'
    if spec.kind not in KINDS:
        return ""
    if not testable(spec, year):
        how = spec.changed(before) or (spec.note if spec.changes is None else "") or ""
        return f'<p class="verdict">Niet getoetst tegen {html.escape(previous)}: {html.escape(how)}.</p>'
    own = changes[changes["table_key"] == spec.key] if len(changes) else changes
    if not len(own) or not np.isfinite(own["p_value"].to_numpy(dtype=float)).any():
        # nothing was tested: "no significant change" would be a claim no test made
        why = untested_reason(own) if len(own) else "geen antwoorden om te vergelijken"
        return f'<p class="verdict">Niet getoetst tegen {html.escape(previous)}: {html.escape(why)}.</p>'
    method = html.escape(change_method(changes, alpha=alpha, population=population))
    hits = own[own["significant"]] if len(own) else own
    hints = own[own["indicative"]] if len(own) else own
    parts = []
    if len(hits):
        parts.append(f'<p class="verdict change significant"><strong class="markering">Significante verandering.</strong> '
                     f'Statistisch significant veranderd ten opzichte van {html.escape(previous)}: '
                     f"{_change_items(hits, True, alpha)} ({method}).</p>")
    if len(hints):
        parts.append(f'<p class="verdict indicatief">Indicatief veranderd ten opzichte van {html.escape(previous)} '
                     f"(p &lt; {format_alpha(alpha)} zonder correctie, niet significant na correctie voor het aantal "
                     f"toetsen): {_change_items(hints, False, alpha)}" + ("." if hits.size else f" ({method}).") + "</p>")
    if not parts:
        parts.append(f'<p class="verdict">Geen statistisch significante verandering ten opzichte van '
                     f"{html.escape(previous)} ({method}).</p>")
    untested = own[~np.isfinite(own["p_value"].to_numpy(dtype=float))]
    if len(untested):  # a row without a p-value is never "geen significante verandering" (docs/statistics.md)
        listed = "; ".join(f"‘{html.escape(str(one['row'].iloc[0]))}’ ({html.escape(untested_reason(one))})"
                           for _, one in untested.groupby("row_code", sort=False))
        parts.append(f'<p class="verdict">Niet getoetst tegen {html.escape(previous)}: {listed}.</p>')
    return "\n".join(parts)


def untested_reason(rows: pd.DataFrame) -> str:
    """Why year-on-year rows (of ``compute.trends``) have no p-value, in Dutch (one reason, or each row's
    when they differ): no figure in a year (a new option, a blank published cell), a published earlier
    figure whose caption gives no base, no answers in a year, no spread (0% or 100% in both), or a test
    without an outcome (a census under the finite-population correction)."""
    previous, current = str(rows["previous"].iloc[0]), str(rows["current"].iloc[0])
    reasons = {str(row["row"]): _untested_row_reason(row, previous, current) for _, row in rows.iterrows()}
    if len(set(reasons.values())) == 1:
        return next(iter(reasons.values()))
    return "; ".join(f"‘{label}’: {reason}" for label, reason in reasons.items())


def _untested_row_reason(row: pd.Series, previous: str, current: str) -> str:
    values = {key: float(row[key]) if pd.notna(row[key]) else math.nan
              for key in ("p_previous", "p_current", "n_previous", "n_current")}
    empty = [label for label, n in ((current, values["n_current"]), (previous, values["n_previous"]))
             if math.isfinite(n) and n <= 0]
    if empty:
        return f"geen antwoorden in {' en '.join(empty)}"
    if math.isnan(values["p_previous"]):
        return f"geen cijfer voor {previous}"
    if math.isnan(values["p_current"]):
        return f"geen cijfer voor {current}"
    if math.isnan(values["n_previous"]):
        return f"de basis (n) van {previous} is niet bekend"
    if all(abs(values[k]) < 1e-9 for k in ("p_previous", "p_current")) or \
            all(abs(values[k] - 100.0) < 1e-9 for k in ("p_previous", "p_current")):
        return "geen spreiding: in beide jaren 0% of 100%"
    # weighted: no respondent counts (Kish n_eff 0), or Fisher's whole respondents round to none (review h119; Fisher
    # has no finite-population correction, so the census reason below cannot be its)
    # (a count of 0 behind a share of at least half a respondent of n: only an effective base of 0 gives that)
    weighed_away = any(pd.notna(row.get(x)) and float(row[x]) == 0 and values[p] * values[n] / 100.0 >= 0.5
                       for x, p, n in (("x_previous", "p_previous", "n_previous"), ("x_current", "p_current", "n_current")))
    if weighed_away or row.get("test") == CHANGE_TEST_NAMES["fisher"]:
        return "door de weging telt minder dan één respondent mee (effectieve basis)"
    return "de toets gaf geen uitkomst (geen steekproefonzekerheid, bijvoorbeeld als alle leden antwoordden)"


def small_base_note(spec: TableSpec, table: pd.DataFrame, small_base: int) -> str:
    if not small_columns(table, small_base, spec):
        return ""
    return (f'<p class="note">* Kleine basis (n &lt; {small_base}): de percentages zijn '
            "gevoelig voor enkele antwoorden; voorzichtig interpreteren.</p>")


def vanished_group_text(spec: TableSpec, table: pd.DataFrame, codebook) -> str:
    """The Dutch line under an NPS-per-group table with a group of earlier years that this year's questionnaire
    no longer has ("" when none): '‡ Niet meer gevraagd in 2027: de groep ‘Overig’ komt in de vragenlijst van
    2027 niet meer voor; de kolom toont alleen de cijfers van eerdere jaren (– in 2027).'"""
    gone = vanished_groups(spec, table, codebook)
    if not gone:
        return ""
    labels = dict(zip(table["column_code"], table["column"].astype(str)))
    names = _years([f"‘{labels[c]}’" for c in gone])
    year = codebook.year
    what = (f"de groep {names} komt in de vragenlijst van {year} niet meer voor; de kolom toont"
            if len(gone) == 1 else f"de groepen {names} komen in de vragenlijst van {year} niet meer voor; "
                                    "de kolommen tonen")
    return f"‡ Niet meer gevraagd in {year}: {what} alleen de cijfers van eerdere jaren (– in {year})."


def vanished_group_note(spec: TableSpec, table: pd.DataFrame, codebook) -> str:
    """:func:`vanished_group_text` as the note under the table (HTML; "" when the table has no such group)."""
    text = vanished_group_text(spec, table, codebook)
    return f'<p class="note">{html.escape(text, quote=False)}</p>' if text else ""


def small_group_note(threshold: int, action: str) -> str:
    """The Dutch note under a table with small groups (HTML)."""
    shown = ("de uitkomsten van deze groep worden niet getoond (–), en waar het totaal ze zou verraden ook die "
             "van de groep met de kleinste basis daarnaast (of het totaal, als geen andere groep antwoordde)"
             if action == "suppress"
             else "de uitkomsten zijn herleidbaar tot enkele organisaties en alleen ter informatie getoond")
    return (f'<p class="note">† Groep met minder dan {threshold} organisaties die de vraag beantwoordden: '
            f"{shown}. Toelichtingen worden nooit per groep van deze omvang getoond.</p>")


def not_asked_note(key: str, asked: AskedMap | None) -> str:
    """The Dutch note shown instead of a table whose question the year did not ask ("" if asked).

    A question of earlier years that this year no longer asked is named by its wording (never by
    another report's table number); a question only later years asked is not mentioned at all."""
    if asked is None or not asked.not_asked(key):
        return ""
    before = asked.last_before(key)
    if before is None:
        return ""
    what = f"De vraag ‘{html.escape(before.title)}’" if before.title else "Deze vraag"
    return f'<p class="note">{what} (gesteld in {before.year}) is in {asked.year} niet gesteld.</p>'


def _years(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]


def change_text(spec: TableSpec, year: int) -> str:
    """How the table's question changed within its years, in words ("" when it did not):
    'gewijzigde antwoordcategorieën (de vraag van 2024 en 2025 verschilt van die van 2026)'."""
    if spec.changes is None:
        return spec.note or ""
    by_how: dict[str, list[str]] = {}
    for column in spec.columns if spec.is_trend else sorted(spec.changes):
        how = spec.changed(column)
        if how:
            by_how.setdefault(how, []).append(spec.column_label(column))
    now = spec.column_label(year)
    return "; ".join(f"{how} (de vraag van {_years(labels)} verschilt van die van {now})"
                     for how, labels in by_how.items())


def note_html(spec: TableSpec, year: int, earlier_wording: dict[str, str] | None = None,
              table: pd.DataFrame | None = None) -> str:
    """The note under a table whose question changed within its years ("" when it did not).

    `earlier_wording`: printed year -> the question's wording that year, where it differs from the
    survey year's (the wording above the table is the survey year's). `table`: its figures, for the
    earlier columns that leave out answers this year's list no longer has (:func:`short_columns`)."""
    text = change_text(spec, year)
    if not text:
        return ""
    parts = [f"Let op: {html.escape(text)}; de cijfers van die jaren zijn niet zonder meer vergelijkbaar."]
    for label, wording in (earlier_wording or {}).items():
        parts.append(f"In {html.escape(label)} luidde de vraag: ‘{html.escape(wording)}’.")
    for label, total in short_columns(spec, table, year):
        parts.append(f"De percentages van {html.escape(label)} tellen op tot {format_value(total, 'percent')}: "
                     f"antwoorden van toen die in {year} niet meer konden worden gekozen, staan niet in de tabel.")
    return f'<p class="note">{" ".join(parts)}</p>'


def short_columns(spec: TableSpec, table: pd.DataFrame | None, year: int) -> list[tuple[str, float]]:
    """(printed year, sum of its shares) of each earlier column of a single-choice trend table whose answers
    changed that year and whose shares add up to less than 100% by more than rounding explains (half a point a
    row): an option the survey year dropped has no row, so its earlier share is in no cell (review h103: 'pgb'
    without 'Weet niet' printed 2026 as 25% + 55%, the note saying only that the answers changed)."""
    if spec.kind != "single" or not spec.is_trend or table is None or not len(table):
        return []
    codes = table["column_code"].astype(str)
    rows_now = int(table.loc[codes == str(year), "value"].notna().sum())
    out = []
    for column in spec.columns:
        if column == year or not spec.changed(column):
            continue
        values = table.loc[codes == str(column), "value"].dropna()
        total = float(values.sum())
        # (a column without a figure in every row the survey year has, e.g. a report that printed only "Ja", is
        # short for another reason: no claim about it)
        if len(values) and len(values) >= rows_now and total < 100 - 0.5 * len(values) - 0.5:
            out.append((spec.column_label(column), total))
    return out
