"""Key figures in the prose, taken from the computed tables and never typed.

An analyst writes a sentence with placeholders; `fill()` puts in the figures, formatted the way
the report writes them::

    fill("In {jaar} heeft {maatwerk:1} om maatwerk verzocht ({maatwerk:1@trend}).", ...)
    -> "In 2026 heeft 22% om maatwerk verzocht (2025: 35%, 2024: 46%)."

Placeholder forms (``key`` is a table key of the report layout):

``{key:ROW}``              the survey year's figure of row ROW (option code, item, "NPS" ...)
``{key:ROW+ROW}``          the sum of several rows ("Ja, geheel" + "In grote mate")
``{key:ROW@COL}``          the figure in column COL (a year, a group code, "Totaal", an option)
``{key:ROW@vorig}``        the figure of the previous column of a trend table
``{key:ROW@trend}``        every earlier column, newest first: "2025: 35%, 2024: 46%" ("geen eerdere cijfers"
                           when the table has none)
``{key:n}`` / ``{key:n@COL}``  the base: "n=122"
``{jaar}`` / ``{vorig_jaar}``  the survey year and the year before
``{tabel:KEY}`` / ``{vraag:KEY}``  the number of table KEY ("Tabel 3", from the layout's order) and of
                           question KEY ("Vraag 11", from the codebook): never type a number

``{key:max}`` / ``{key:min}``  the row with the largest / smallest figure: "MPT (91%)"
``{key:ROW!max}`` / ``{key:ROW!min}``  the figure, checked to be the largest / smallest of its column
``{key:ROW!gt:OTHER}`` / ``{key:ROW!lt:OTHER}``  the figure, checked to be above / below row OTHER
                           (``OTHER@COL`` for another column, e.g. ``{maatwerk:1!lt:1@2025}``)
``{key:ROW!stijging}`` / ``{key:ROW!daling}``  the figure, checked to print higher / lower than in the
                           column before (a sentence that says "gestegen", "toegenomen", "gedaald" ...
                           needs it)
``{key:ROW!vrijwel-alle}`` / ``!meerderheid`` / ``!helft`` / ``!minderheid`` / ``!vrijwel-niemand`` …  the
                           percentage, checked to be what the sentence's word of size says, as printed:
                           "vrijwel alle" (90–100%), "de meerderheid" (51–100%), "de helft" (45–55%), "meer
                           dan een kwart", "bijna de helft", "ruim een derde", "driekwart", "het overgrote
                           deel", "bijna niemand" … each need their own (`spec.prose.QUANTIFIERS`,
                           `QUANTIFIER_RANGES`)
``{key:ROW!significant}`` / ``{key:ROW!niet-significant}``  the figure, checked to have changed
                           significantly since the column before (after the correction for multiple
                           testing) / to have been tested without a significant change (a sentence
                           that says "significant" needs one)
``{key:ROW!stabiel}`` / ``{key:ROW!indicatief}``  the figure, checked to be neither significant nor
                           indicative (a sentence that says "stabiel", "onveranderd" needs it) / significant
                           before the correction only ("indicatief")
``{key:ROW!hoogste-ooit}`` / ``{key:ROW!laagste-ooit}``  the figure, checked to print above / below every
                           earlier year's ("het hoogste aandeel sinds 2025", "meer dan ooit", "een record")
``{key:ROW!daling!significant}``  several checks on one figure, each run ("significant gedaald" needs both);
                           a check name check-year does not know is an error there (`spec.prose.check_name_problem`)

For matrix tables ROW is ``item/option``; the current column is "Totaal" for breakdowns.
A placeholder that names a row or column the table does not have raises `FigureError` (listing
the rows it has), so a renamed question never prints a wrong figure silently; so does a brace that
is not a well-formed placeholder (``{maatwerk:1`` without its closing brace, ``{Maatwerk:1}``,
``{ maatwerk:1}``, ``{maatwerk;1}``, ``{jaar }``, a look-alike brace ``｛maatwerk:1｝``, a control
character: `spec.prose.syntax_problems`), and a unit or word written beside a placeholder that prints it
itself (``{maatwerk:1}%`` → "22%%", ``n={maatwerk:n}`` → "n=n=122", ``Tabel {tabel:maatwerk}``; when
filled, what each placeholder prints is compared with the text around it: `spec.prose.doubled_unit_problem`).

**No figure the table cannot support.** A cell without a figure (not asked, a suppressed small group), an infinite
value or base, or a share, mean or NPS of a base of 0 stops the chapter with a `FigureError` naming the placeholder:
the page never prints "", "inf%" or "0%" of nobody (review h158; a Kerncijfers card likewise, `key_figures.key_figure`).
``!max``/``!min``/``{key:max}`` in a breakdown column with a hidden cell (a suppressed small group) and ``!gt:``/``!lt:``
against a row without a figure are errors too: the page cannot show the order they claim.

**Comparisons across a changed question are marked.** A figure of an earlier year whose question
differed from the survey year's (the codebook's ``changes``, resolved into the layout) gets a
footnote mark; `fill_notes()` returns the footnote that says how it differed and that it is not
simply comparable (``@trend``, ``@vorig`` and ``@YEAR`` alike).

**Comparison words are checked.** A sentence with a superlative ("het vaakst", "het meest",
"de meeste", "grootste", "hoogste", "het minst", "kleinste", "laagste") must contain a ``max``/
``min`` placeholder or a ``!max``/``!min`` check; a sentence with a comparative ("hoger dan",
"lager dan", "vaker dan", "minder vaak", "groter dan", "kleiner dan") a ``!gt``/``!lt`` check.
Otherwise, or when the check fails for the year's figures, `fill()` raises `FigureError`: prose
never claims an order the table does not show.

**Sums of rounded parts.** ``{key:1+2}`` adds the unrounded figures and rounds once; where that
differs from the sum of the rounded figures the table prints (20% beside 19% + 2%), the figure
gets a footnote mark and `fill_notes()` returns the footnote that says so.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import numpy as np
import pandas as pd

from wlzmonitor.spec.alignment import current_column
from wlzmonitor.spec.asked import AskedMap
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.layout import TableSpec, fill_year_words
from wlzmonitor.spec.prose import (
    COMPARATIVES,
    NUMBER_FORMS,
    PLACEHOLDER,
    QUANTIFIER_RANGES,
    TEST_CHECKS,
    RATIO_CHECKS,
    SUPERLATIVES,
    WORDS,
    breakdown_test_problem,
    check_name_problem,
    check_parts,
    comparison_problems,
    placeholders,
    doubled_unit_problem,
    syntax_problems,
)
from wlzmonitor.compute.tables import (format_mean, format_n, format_nps, format_p, format_percent, printed_number,
                                       round_half_up)

__all__ = ["FigureError", "KeyFigures", "PLACEHOLDER", "SUPERLATIVES", "COMPARATIVES", "check_comparisons", "check_syntax", "column_order",
           "default_column", "display_kind", "format_value", "template_not_asked"]
NOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹"
#: what {key:ROW@trend} prints when the table has no earlier figure (never an empty "()")
NO_TREND = "geen eerdere cijfers"


class FigureError(InputError, KeyError):
    """A placeholder in a notebook's prose does not match the table it names."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it readable
        return str(self.args[0])


def _code(text: str, candidates) -> Any:
    """Match a placeholder token with the table's codes (ints, strings)."""
    for c in candidates:
        if str(c) == text:
            return c
    raise LookupError(text)


def display_kind(spec: TableSpec, row_code: Any, column_code: Any, unit: str | None = None) -> str:
    """How a cell is printed: percent | mean | nps | count | number | percent_number | text."""
    kind = spec.kind
    if kind == "mapping":
        return "text"
    if kind == "scale_means":
        return "mean"
    if kind in {"nps", "nps_by"}:
        if str(row_code).startswith("NPS"):
            return "nps"
        return "count" if str(row_code).startswith("Totaal") else "percent"
    if kind == "numeric":
        if column_code == "Aantal":
            return "count"
        return "percent_number" if unit == "percent" else "number"
    if kind == "frequency":
        return "count" if column_code == "Aantal" else "percent"
    if kind == "response":
        return "percent" if "percentage" in str(row_code).lower() else "count"
    return "percent"


def format_value(value: Any, how: str) -> str:
    """A cell as the report prints it: 35%, 4,05, +7, 36, 96,7%."""
    if how == "text":
        return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if how == "percent":
        return format_percent(value)
    if how == "mean":
        return format_mean(value)
    if how == "nps":
        return format_nps(value)
    if how == "count":
        return format_mean(value, 0)
    text = format_mean(value, 1)
    text = text[:-2] if text.endswith(",0") else text
    return text + "%" if how == "percent_number" else text


def column_order(spec: TableSpec, table: pd.DataFrame) -> list:
    """The table's column codes in the layout's order (`spec.columns`, when it names them all), else
    in the order the table holds them: a row that only the newest year has (a matrix item new this
    year) printed first put that year before the earlier ones."""
    codes = list(dict.fromkeys(table["column_code"]))
    declared = list(getattr(spec, "columns", None) or ())
    if declared and all(c in declared for c in codes):
        return sorted(codes, key=declared.index)
    return codes


def default_column(spec: TableSpec, year: int, table: pd.DataFrame):
    now = current_column(spec, year)
    if now is not None:
        return now
    codes = column_order(spec, table)
    if "Totaal" in codes:
        return "Totaal"
    if spec.kind == "nps_by":
        return "Totaal"
    return codes[-1] if spec.kind not in {"matrix", "numeric", "frequency"} else None


def check_syntax(template: str, known=()) -> None:
    """FigureError naming every brace of `template` that is not a well-formed placeholder (and every
    other problem `syntax_problems` finds); a template that is no text is one too (review h149: ``chapter.text(None)``
    ended in a bare TypeError, "expected string or bytes-like object")."""
    if not isinstance(template, str):
        raise FigureError(f"a text with placeholders must be a string (a sentence in quotes), got "
                          f"{type(template).__name__} {_short(repr(template), 40)}")
    problems = syntax_problems(template, list(known))
    if problems:
        raise FigureError(f"the text “{_short(template)}” has {len(problems)} problem"
                          f"{'s' if len(problems) > 1 else ''} in its placeholders or characters: " + "; ".join(problems))


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class KeyFigures:
    """The placeholders of one year's tables (see the module docstring).

    `questions`: question key -> its number as printed ("Vraag 11"), for ``{vraag:KEY}``.
    """

    def __init__(self, year: int, specs: dict[str, TableSpec], tables: dict[str, pd.DataFrame],
                 units: dict[str, str | None] | None = None, questions: dict[str, str] | None = None,
                 changes: pd.DataFrame | None = None, small_base: int | None = None):
        self.year = year
        self.small_base = small_base  # a figure of fewer respondents gets the table's caution as a footnote
        self.specs = specs
        self.tables = tables
        self.units = units or {}
        self.questions = questions or {}
        self.changes = changes  # the year-on-year tests (compute.trends): what !significant reads

    def _guess(self, key: str) -> str:
        guess = difflib.get_close_matches(key, list(self.specs), n=1, cutoff=0.6)
        return f" (did you mean '{guess[0]}'?)" if guess else ""

    def number(self, form: str, key: str) -> str:
        """``{tabel:KEY}`` -> "Tabel 3"; ``{vraag:KEY}`` -> "Vraag 11" (FigureError for an unknown key)."""
        if form == "tabel":
            if key not in self.specs:
                raise FigureError(f"placeholder {{tabel:{key}}}: the {self.year} layout has no table '{key}'")
            return self.specs[key].number
        if key not in self.questions:
            raise FigureError(f"placeholder {{vraag:{key}}}: the {self.year} codebook has no question '{key}'")
        return self.questions[key]

    def rows_text(self, key: str) -> str:
        """The rows of a table as a placeholder names them: '1 (Ja), 2 (Nee)'."""
        table = self.tables[key]
        labels = dict(zip(table["row_code"], table["row"].astype(str)))
        if self.specs[key].kind == "matrix":
            items = ", ".join(str(r) for r in labels)
            options = ", ".join(str(c) for c in dict.fromkeys(table["column_code"]))
            return f"ITEM/OPTION with items {items} and options {options}"
        return ", ".join(f"{code} ({_short(label, 40)})" if str(code) != label else str(code)
                         for code, label in labels.items())

    # -- lookups ------------------------------------------------------------------------------
    def _cell(self, key: str, row: str, column: Any) -> tuple[float, float, str]:
        spec, table = self.specs[key], self.tables[key]
        if spec.kind == "matrix" and "/" in row:
            item, option = row.split("/", 1)
            if column is not None:  # the option is the column: "@2" beside "ITEM/1" printed option 1
                raise FigureError(f"placeholder {{{key}:{row}@{column}}}: ITEM/OPTION names the column (the option) "
                                  f"already; write {{{key}:{row}}} or {{{key}:{item}@{column}}}, not both")
            own = table[table["row_code"].astype(str) == item]
            if own.empty:
                raise LookupError(f"item '{item}'")
            try:
                column = _code(option, own["column_code"].unique())
            except LookupError:
                raise LookupError(f"option '{option}'") from None
            cell = own[own["column_code"] == column]
            return self._printable(key, row, column, float(cell["value"].iloc[0]), float(cell["n"].iloc[0]), "percent")
        try:
            row_code = _code(row, table["row_code"].unique())
        except LookupError:
            raise LookupError(f"row '{row}'") from None
        if column is None:
            raise LookupError("a column (this table has no survey-year column; use @...)")
        own = table[(table["row_code"] == row_code) & (table["column_code"] == column)]
        if own.empty:
            raise LookupError(f"column '{column}'")
        how = display_kind(spec, row_code, column, self.units.get(spec.question or str(row_code)))
        return self._printable(key, row, column, float(own["value"].iloc[0]), float(own["n"].iloc[0]), how)

    def _base(self, key: str, column: str | None, col: Any, bases: pd.Series) -> str:
        """``{key:n}``: the column's base, "n=122", or its range "n=96–115". Rows nobody answered are left out of the
        range, as the table's caption leaves them out (review h161: "n=0–36" beside the caption's "(n=36)"); a base
        of no respondents is no figure, as a share, mean or NPS of it is none (h158): before, "(n=0)" was printed."""
        where = f"placeholder {{{key}:n" + (f"@{column}" if column else "") + "}"
        if np.isinf(bases).any():  # review h158: format_n(inf) was a bare OverflowError
            raise FigureError(f"{where}: table '{key}' has an infinite base (n) in column '{col}': check the export "
                              "and the table's computation")
        answered = bases[bases > 0]
        if answered.empty:
            raise FigureError(f"{where}: table '{key}' has a base of no respondents (n=0) in column '{col}': nobody "
                              "answered the question that year; leave the sentence out for such a year")
        lo, hi = answered.min(), answered.max()
        return format_n(lo) if lo == hi else f"n={format_mean(lo, 0)}–{format_mean(hi, 0)}"

    def _printable(self, key: str, row: str, column: Any, value: float, base: float, how: str) -> tuple[float, float, str]:
        """(value, base, how) of a cell, or FigureError when the cell holds a figure no reader may see (review h158):
        an infinite value printed "inf%" (an NPS or a base "inf" ended in a bare OverflowError), and a share, mean or
        NPS of a base of 0 printed "0%" of nobody. A missing figure (NaN) is left to the caller, which says why."""
        why = ""
        if np.isinf(value) or np.isinf(base):
            why = f"an infinite {'value' if np.isinf(value) else 'base'} ({value:g}, n={base:g})"
        elif not np.isnan(value) and base == 0 and how not in ("count", "text"):
            why = f"a {how} of no respondents (n=0)"
        if not why:
            return value, base, how
        label = self.specs[key].column_label(column) if column is not None else "-"
        raise FigureError(f"placeholder {{{key}:{row}}}: table '{key}' holds no printable figure in column {label}: "
                          f"{why}. Check the export and the table's computation, or leave the sentence out for such "
                          f"a year")

    def _columns(self, key: str) -> list:
        return column_order(self.specs[key], self.tables[key])

    def _resolve_column(self, key: str, text: str | None):
        spec, table = self.specs[key], self.tables[key]
        now = default_column(spec, self.year, table)
        if text is None:
            return now
        if text == "vorig":
            if current_column(spec, self.year) is None:  # a breakdown's column before "Totaal" is a group
                raise LookupError("column of an earlier year (its columns are not survey years)")
            cols = self._columns(key)
            if now not in cols or cols.index(now) == 0:
                raise LookupError("a previous column")
            return cols[cols.index(now) - 1]
        cols = self._columns(key)
        printed = {spec.column_label(c): c for c in cols}
        if any(label != str(c) for label, c in printed.items()):
            # the columns print other years than their codes (year_offset: herschikking is about the
            # year before): a year in prose is the year the reader sees above the column
            if text in printed:
                return printed[text]
            raise LookupError(f"column '{text}' (the table prints its columns as {', '.join(printed)}: "
                              "write the year as printed)")
        try:
            return _code(text, cols)
        except LookupError:
            raise LookupError(f"column '{text}'") from None

    def _check_sum(self, key: str, parts: list[str]) -> None:
        """A sum of rows must be a share of one group of respondents: each row once, rows that
        exclude each other (one single-choice question, or one item of a matrix)."""
        where = f"placeholder {{{key}:{'+'.join(parts)}}}"
        if len(set(parts)) < len(parts):
            raise FigureError(f"{where}: a row is counted twice in the sum")
        kind = self.specs[key].kind
        if kind not in ("single", "matrix"):
            raise FigureError(f"{where}: the rows of a '{kind}' table do not add up (a respondent can "
                              "be in more than one, or they are no shares); name one row")
        if kind == "matrix" and len({p.split("/", 1)[0] for p in parts}) > 1:
            raise FigureError(f"{where}: a sum adds the options of one item (ITEM/1+ITEM/2), "
                              "not options of different items")

    def value(self, key: str, rows: str, column: str | None = None) -> tuple[float, float, str]:
        """Unrounded value (sum over '+'-joined rows), its base and how it prints."""
        col = self._resolve_column(key, column)
        total, base, how = 0.0, np.nan, "percent"
        parts = [row.strip() for row in rows.split("+")]
        if "" in parts:  # review h123: "{key:1++2}", "{key:1+2+}" said "no row ''"
            raise FigureError(f"placeholder {{{key}:{rows}}}: an empty row before, between or after its ‘+’ "
                              f"signs; write the rows joined by single ‘+’ signs ({{{key}:1+2}})")
        if len(parts) > 1:
            self._check_sum(key, parts)
        for row in parts:
            value, base, how = self._cell(key, row.strip(), col)
            total += value
        return total, base, how

    def format(self, key: str, rows: str | None, column: str | None) -> str:
        if key not in self.specs:
            raise FigureError(f"unknown table '{key}' in a key-figure placeholder{self._guess(key)}")
        try:
            if rows == "n":
                col = self._resolve_column(key, column)
                bases = self.tables[key].loc[self.tables[key]["column_code"] == col, "n"].dropna()
                if bases.empty:
                    raise LookupError("base (n)" + (f" in column '{col}'" if col is not None else ""))
                return self._base(key, column, col, bases)
            if rows is None:
                raise LookupError("a row (write {key:ROW})")
            if column == "trend":  # "2025: 35%, 2024: 46%"; a table without earlier figures says so
                return ", ".join(text for _, text in self.trend_parts(key, rows)) or NO_TREND
            value, base, how = self.value(key, rows, column)
            if value is None or (isinstance(value, float) and np.isnan(value)):
                where = f"{{{key}:{rows}" + (f"@{column}" if column else "") + "}"
                why = "nobody answered it (no base)" if not base > 0 else "the table has no figure there"
                raise FigureError(f"placeholder {where}: no figure to print: {why}. Leave the sentence out "
                                  "for such a year (e.g. `if chapter.asked(...)`, or a condition on the base "
                                  "`{" + key + ":n}`)")
            return format_value(value, how)
        except FigureError:
            raise
        except LookupError as err:
            raise self._not_found(key, rows, column, err) from None

    def _not_found(self, key: str, rows: str | None, column: str | None, err: LookupError,
                   check: str | None = None) -> FigureError:
        """The error of a placeholder whose row, item, option or column the table lacks, naming what it has."""
        where = f"{{{key}:{rows}" + (f"@{column}" if column else "") + (f"!{check}" if check else "") + "}"
        msg = err.args[0] if err.args else err
        valid = ""
        if str(msg).startswith("row ") or str(msg).startswith(("item ", "option ")):
            valid = f"; it has {self.rows_text(key)}"
        elif str(msg).startswith("column ") and "as printed" not in str(msg):
            valid = "; it has columns " + ", ".join(self.specs[key].column_label(c) for c in self._columns(key))
        return FigureError(f"placeholder {where}: table '{key}' has no {msg}{valid}")

    def trend_parts(self, key: str, rows: str) -> list[tuple[Any, str]]:
        """(column, "2025: 35%") of every earlier column with a figure, newest first."""
        now = self._resolve_column(key, None)
        cols = self._columns(key)
        if now not in cols or current_column(self.specs[key], self.year) is None:  # groups are no years
            raise LookupError("column of a survey year to list the years before (its columns are not survey years)")
        spec = self.specs[key]
        parts = []
        for c in cols[: cols.index(now)][::-1]:
            value, _, how = self.value(key, rows, spec.column_label(c))  # a column is named as printed
            if not np.isnan(value):
                parts.append((c, f"{spec.column_label(c)}: {format_value(value, how)}"))
        return parts

    def compared_columns(self, key: str, rows: str | None, column: str | None) -> list:
        """The earlier columns a placeholder shows (``@trend``, ``@vorig``, ``@YEAR``)."""
        if key not in self.specs or rows in (None, "n", "max", "min"):
            return []
        if column == "trend":
            return [c for c, _ in self.trend_parts(key, rows)]
        if column is None:
            return []
        col = self._resolve_column(key, column)
        return [col] if isinstance(col, int) and col != self.year else []

    def change_note(self, key: str, columns: list) -> str:
        """The footnote for figures of years whose question differed from the survey year's ("" if none)."""
        spec = self.specs.get(key)
        changed = [(c, spec.changed(c)) for c in columns] if spec is not None else []
        changed = [(c, how) for c, how in changed if how]
        if not changed:
            return ""
        hows = "; ".join(dict.fromkeys(how for _, how in changed))
        years = _and([spec.column_label(c) for c, _ in changed])
        return (f"In {years} was de vraag anders gesteld dan in {spec.column_label(self.year)} ({hows}); "
                "de cijfers zijn niet zonder meer vergelijkbaar.")

    def fill(self, template: str) -> str:
        """The template with every placeholder replaced by its figure (footnotes appended)."""
        text, notes = self.fill_notes(template)
        return " ".join([text, *notes])

    def fill_notes(self, template: str) -> tuple[str, list[str]]:
        """(the filled template, its footnotes): see the module docstring for checks and notes."""
        check_syntax(template, list(self.specs))
        template = fill_year_words(template, self.year)
        check_comparisons(template)
        notes: list[str] = []

        def mark_for(note: str) -> str:
            for existing in notes:  # the same footnote again: the same mark
                if existing[2:] == note:
                    return existing[0]
            mark = NOTE_MARKS[len(notes) % len(NOTE_MARKS)]
            notes.append(f"{mark} {note}")
            return mark

        def printed(match: re.Match) -> str:
            text = one(match)
            problem = doubled_unit_problem(template[:match.start()], text, template[match.end():])
            if problem:
                raise FigureError(f"{match.group(0)} in “{_short(template)}”: {problem}")
            return text

        def one(match: re.Match) -> str:
            key, rows, column, check = match.groups()
            if key in NUMBER_FORMS and key not in self.specs:
                return self.number(key, rows)
            if rows in ("max", "min") and column is None and check is None:
                return self.extreme(key, rows)
            if check and check_name_problem(check):  # review h109: "!stijging!daling" named by what contradicts
                raise FigureError(f"placeholder {match.group(0)}: {check_name_problem(check)}")
            for part in check_parts(check):  # "!stijging!significant": each
                self.check(key, rows, column, part)
            text = self.format(key, rows, column)
            if column == "trend":  # each year's sum of rows footnoted on its own ("2023: 85%¹")
                return self.mark_changes(key, rows, column, text, mark_for, sums=True)
            note = self.sum_note(key, rows, column, text)
            if note:
                text += mark_for(note)
            return self.mark_changes(key, rows, column, text, mark_for)

        filled = PLACEHOLDER.sub(printed, template)
        left = [c for c in ("{", "}") if c in filled]
        if left:
            raise FigureError(f"after filling, “{_short(filled)}” still has ‘{left[0]}’: a placeholder was not "
                              "understood")
        return filled, notes

    def mark_changes(self, key: str, rows: str | None, column: str | None, text: str, mark_for,
                     sums: bool = False) -> str:
        """`text` with a footnote mark on every earlier year whose question differed (see change_note)
        and on every figure of a base below ``small_base`` (the tables star those columns); with
        `sums` (a ``@trend`` list of a sum of rows) each year's sum that differs from the sum of its
        rounded, printed parts gets the footnote that says so (:meth:`sum_note`)."""
        try:
            columns = self.compared_columns(key, rows, column)
        except LookupError:
            return text
        note = self.change_note(key, columns)
        change = mark_for(note) if note else ""
        small = self.small_columns(key, rows, column)
        small_mark = mark_for(self.small_base_note()) if small else ""
        spec = self.specs[key]
        summed = {}
        if sums and column == "trend":
            for c, part in self.trend_parts(key, rows):
                label = spec.column_label(c)
                note = self.sum_note(key, rows, label, f"{part.split(': ', 1)[1]} in {label}")
                summed[c] = mark_for(note) if note else ""
        if column != "trend" or not (change or small_mark or any(summed.values())):
            return text + change + small_mark if column != "trend" else text
        return ", ".join(part + summed.get(c, "") + (change if spec.changed(c) else "") + (small_mark if c in small else "")
                         for c, part in self.trend_parts(key, rows))

    def small_base_note(self) -> str:
        return (f"Kleine basis (n < {self.small_base}): het percentage is gevoelig voor enkele antwoorden; "
                "voorzichtig interpreteren.")

    def small_columns(self, key: str, rows: str | None, column: str | None) -> set:
        """The columns of the figures a placeholder prints whose base is below ``small_base``."""
        if not self.small_base or key not in self.specs or rows in (None, "n", "max", "min"):
            return set()
        spec = self.specs[key]
        try:
            shown = ([(c, spec.column_label(c)) for c, _ in self.trend_parts(key, rows)] if column == "trend"
                     else [(self._resolve_column(key, column), column)])
            return {c for c, named in shown if self.value(key, rows, named)[1] < self.small_base}
        except (LookupError, FigureError):
            return set()

    # -- order claims and sums -------------------------------------------------------------------
    def _column_values(self, key: str, rows: str, column: str | None) -> tuple[dict, Any]:
        """The figures of the column (or matrix option) that `rows` lies in: {row code: value}."""
        spec, table = self.specs[key], self.tables[key]
        if spec.kind == "matrix" and "/" in rows:
            option = rows.split("/", 1)[1]
            own = table[table["column_code"].astype(str) == option]
            return {f"{r}/{option}": v for r, v in zip(own["row_code"], own["value"])}, option
        col = self._resolve_column(key, column)
        own = table[table["column_code"] == col]
        own = own[~own["row_code"].astype(str).str.startswith(("Totaal", "NPS"))]
        return {str(r): v for r, v in zip(own["row_code"], own["value"]) if pd.notna(v)}, col

    def _hidden_rows(self, key: str, rows: str, column: str | None) -> list[str]:
        """The rows of a breakdown's column whose figure the table hides (a suppressed small group's cell, or the
        cell hidden with it: no figure, a base above 0). "Het vaakst" over the shown rows alone is a claim the data
        does not support: the hidden figure may be larger (review h158)."""
        spec, table = self.specs[key], self.tables[key]
        if not (spec.is_breakdown or spec.kind == "nps_by") or (spec.kind == "matrix" and "/" in rows):
            return []
        own = table[table["column_code"] == self._resolve_column(key, column)]
        own = own[~own["row_code"].astype(str).str.startswith(("Totaal", "NPS"))]
        return [str(r) for r, v, n in zip(own["row_code"], own["value"], own["n"]) if pd.isna(v) and n > 0]

    def _no_hidden_rows(self, key: str, rows: str, column: str | None, where: str, claim: str) -> None:
        hidden = self._hidden_rows(key, rows, column)
        if hidden:
            raise FigureError(f"placeholder {where}: row{'s' if len(hidden) > 1 else ''} {', '.join(hidden)} of '{key}' "
                              f"{'have' if len(hidden) > 1 else 'has'} no figure shown in this column (a suppressed small "
                              f"group): the sentence cannot say which is the {claim}")

    def extreme(self, key: str, which: str) -> str:
        """'label (figure)' of the row with the largest (max) or smallest (min) figure."""
        if key not in self.specs:
            raise FigureError(f"unknown table '{key}' in a key-figure placeholder{self._guess(key)}")
        try:
            values, col = self._column_values(key, "", None)
        except LookupError as err:
            raise FigureError(f"placeholder {{{key}:{which}}}: table '{key}' has no {err.args[0]}") from None
        if not values:
            raise FigureError(f"placeholder {{{key}:{which}}}: table '{key}' has no figures in column '{col}'")
        self._no_hidden_rows(key, "", None, f"{{{key}:{which}}}", "largest" if which == "max" else "smallest")
        pick = (max if which == "max" else min)(values, key=lambda r: values[r])
        table = self.tables[key]
        shown = self.format(key, pick, None)
        # every row that prints the same figure: "het minst: a en b (elk 80%)", never one of two equal rows
        tied = [r for r in values if r == pick or self.format(key, r, None) == shown]

        def label_of(row: str) -> str:
            label = str(table.loc[table["row_code"].astype(str) == row, "row"].iloc[0])
            return label[:1].lower() + label[1:] if len(label) > 1 and not label[1].isupper() else label

        if len(tied) == 1:
            return f"{label_of(pick)} ({shown})"
        return f"{_and([label_of(r) for r in tied])} (elk {shown})"

    def check(self, key: str, rows: str, column: str | None, check: str) -> None:
        """Raise FigureError unless the figure stands where the check says (max, min, gt:, lt:)."""
        try:
            self._check(key, rows, column, check)
        except FigureError:
            raise
        except LookupError as err:  # "{x:max!max}": a row the table lacks is named as in a figure's placeholder
            raise self._not_found(key, rows, column, err, check) from None

    def _check(self, key: str, rows: str, column: str | None, check: str) -> None:
        value, _, how = self.value(key, rows, column)
        if np.isnan(value):
            return  # no figure: the placeholder's own message says so (format), not "is not the largest"
        where = f"{{{key}:{rows}" + (f"@{column}" if column else "") + f"!{check}}}"
        if check in ("max", "min"):
            self._no_hidden_rows(key, rows, column, where, "largest" if check == "max" else "smallest")
            values, _ = self._column_values(key, rows, column)
            best = max(values.values()) if check == "max" else min(values.values())
            if value != best:
                other = next(r for r, v in values.items() if v == best)
                raise FigureError(f"placeholder {where}: {rows} ({format_value(value, how)}) is not the "
                                  f"{'largest' if check == 'max' else 'smallest'} in '{key}': {other} has "
                                  f"{format_value(best, how)}")
            self._no_tie(key, rows, values, how, check, where)
            return
        if check in ("stijging", "daling") or check in RATIO_CHECKS:
            self._check_direction(key, rows, column, check, where)
            return
        if check in TEST_CHECKS:
            self._check_significance(key, rows, column, check, where)
            return
        if check in ("hoogste-ooit", "laagste-ooit"):
            self._check_record(key, rows, column, check, where)
            return
        if check in QUANTIFIER_RANGES:
            low, high = QUANTIFIER_RANGES[check]
            shown = format_value(value, how)
            if how != "percent" or not shown:
                raise FigureError(f"placeholder {where}: !{check} is about a percentage; '{key}' prints {how}")
            printed = printed_number(shown)
            if not low <= printed <= high:
                raise FigureError(f"placeholder {where}: {shown} is not what the sentence's word says "
                                  f"(!{check}: {low}–{high}% as printed)")
            return
        op, _, other = check.partition(":")
        if check_name_problem(check):
            raise FigureError(f"placeholder {where}: {check_name_problem(check)}")
        other_rows, _, other_col = other.partition("@")
        self._comparable(key, other_col, where)
        compare, other_base, _ = self.value(key, other_rows, other_col or column)
        if np.isnan(compare):  # review h158: "40% is not above 2 () as printed"
            why = "nobody answered it" if not other_base > 0 else "the table shows none there (a suppressed cell)"
            raise FigureError(f"placeholder {where}: row {other} of '{key}' has no figure to compare with: {why}")
        shown, shown_other = format_value(value, how), format_value(compare, how)
        # as printed: 21% "higher than" 21% is a claim the reader cannot see
        if shown == shown_other or (op == "gt" and not value > compare) or (op == "lt" and not value < compare):
            raise FigureError(f"placeholder {where}: {shown} is not {'above' if op == 'gt' else 'below'} {other} "
                              f"({shown_other}) as printed")

    def _comparable(self, key: str, column: str | None, where: str) -> None:
        """FigureError when ``column`` (a ``!gt:ROW@COL`` check's other column) is a year whose question was asked
        differently: no rise or fall can be claimed across it, as ``!stijging`` refuses (review of the statistics:
        "fors gestegen ({x:5!gt:5@2025})" passed across a changed question, without a footnote)."""
        spec = self.specs.get(key)
        if not column or spec is None:
            return
        try:
            resolved = self._resolve_column(key, column)
        except LookupError:
            return  # named as any other unknown column when its value is read
        if spec.changed(resolved):
            raise FigureError(f"placeholder {where}: in {spec.column_label(resolved)} the question was asked "
                              f"differently ({spec.changed(resolved)}): the figures are not comparable, so the "
                              "sentence may not compare them")

    def _check_record(self, key: str, rows: str, column: str | None, check: str, where: str) -> None:
        """The survey year's figure prints higher (hoogste-ooit) / lower (laagste-ooit) than in every earlier column
        of the table, each asked the same way ("het hoogste aandeel sinds 2025", "meer dan ooit", "een record": a claim
        about the years, not the rows; review of the statistics: "!max" backed it beside a higher 2025)."""
        if column is not None:
            raise FigureError(f"placeholder {where}: !{check} compares the survey year with the earlier years; leave "
                              "out the @column")
        spec = self.specs[key]
        columns = list(spec.columns)
        earlier = columns[:columns.index(self.year)] if self.year in columns else []
        if not earlier:
            raise FigureError(f"placeholder {where}: '{key}' has no earlier year to compare with")
        now, _, how = self.value(key, rows, None)
        shown = format_value(now, how)
        for col in earlier:
            if spec.changed(col):
                raise FigureError(f"placeholder {where}: in {spec.column_label(col)} the question was asked "
                                  f"differently ({spec.changed(col)}): the sentence may not compare with that year")
            before, _, _ = self.value(key, rows, str(spec.column_label(col)))
            then = format_value(before, how)
            if then and (then == shown or (now <= before if check == "hoogste-ooit" else now >= before)):
                raise FigureError(f"placeholder {where}: {shown} is not {'above' if check == 'hoogste-ooit' else 'below'}"
                                  f" {spec.column_label(col)}'s {then} as printed")

    def _no_tie(self, key: str, rows: str, values: dict, how: str, check: str, where: str) -> None:
        """FigureError when another row prints the same figure as the largest (smallest): "het meest"
        of one of two equal rows is not true."""
        shown = format_value(values[rows] if rows in values else next(iter(values.values())), how)
        ties = [r for r, v in values.items() if r != rows and format_value(v, how) == shown]
        if ties:
            raise FigureError(f"placeholder {where}: {rows} ({shown}) is not the only "
                              f"{'largest' if check == 'max' else 'smallest'} in '{key}': {', '.join(ties)} "
                              f"{'prints' if len(ties) == 1 else 'print'} the same")

    def _check_direction(self, key: str, rows: str, column: str | None, check: str, where: str) -> None:
        """The survey year's figure prints higher (stijging) / lower (daling) than the column before, or
        the factor a word names (verdubbeling: 1,8-2,2 times it as printed; meer-dan-verdubbeling: more
        than twice; :data:`RATIO_CHECKS`)."""
        if column is not None:
            raise FigureError(f"placeholder {where}: !{check} compares the survey year with the column before; "
                              "leave out the @column")
        spec = self.specs.get(key)
        columns = list(spec.columns) if spec is not None else []
        previous = columns[columns.index(self.year) - 1] if self.year in columns[1:] else None
        if spec is not None and previous is not None and spec.changed(previous):
            raise FigureError(f"placeholder {where}: in {spec.column_label(previous)} the question was asked "
                              f"differently ({spec.changed(previous)}): the figures are not comparable, so the "
                              f"sentence may not call it a {check}")
        now, _, how = self.value(key, rows, None)
        try:
            before, _, _ = self.value(key, rows, "vorig")
        except LookupError:
            raise FigureError(f"placeholder {where}: '{key}' has no column before the survey year to compare "
                              "with") from None
        shown_now, shown_before = format_value(now, how), format_value(before, how)
        if not shown_before:
            raise FigureError(f"placeholder {where}: no figure in the column before to compare with")
        if check in RATIO_CHECKS:
            self._check_ratio(check, where, how, shown_now, shown_before)
            return
        rose = shown_now != shown_before and now > before
        fell = shown_now != shown_before and now < before
        if (check == "stijging" and not rose) or (check == "daling" and not fell):
            raise FigureError(f"placeholder {where}: {shown_now} against {shown_before} the column before is no "
                              f"{check} (as printed)")

    @staticmethod
    def _check_ratio(check: str, where: str, how: str, shown_now: str, shown_before: str) -> None:
        """The printed figure is the factor `check` names times the printed figure before it."""
        if how not in ("percent", "mean", "number", "percent_number", "count"):
            raise FigureError(f"placeholder {where}: !{check} is about a share, mean or number; '{how}' figures "
                              "(they can be negative) have no factor")
        now, before = (printed_number(text) for text in (shown_now, shown_before))
        factor, kind = RATIO_CHECKS[check]
        ratio = now / before if before > 0 else float("inf") if now > 0 else float("nan")
        if kind == "around":
            holds = abs(ratio / factor - 1) <= 0.1 + 1e-9
            said = f"{format_mean(0.9 * factor, 2)}–{format_mean(1.1 * factor, 2)} times"
        else:
            holds = ratio > factor if factor > 1 else ratio < factor
            said = f"{'more' if factor > 1 else 'less'} than {format_mean(factor, 1)} times"
        if not holds:
            raise FigureError(f"placeholder {where}: {shown_now} against {shown_before} the column before is no "
                              f"{check} (!{check}: {said} the figure before, as printed)")

    def _check_significance(self, key: str, rows: str, column: str | None, check: str, where: str) -> None:
        """The year-on-year test of this row (after the correction) says significant / not significant."""
        if self.specs[key].is_breakdown:
            raise FigureError(f"placeholder {where}: {breakdown_test_problem(key)}")
        if column is not None or "+" in rows:
            raise FigureError(f"placeholder {where}: !{check} is about the test of one row of the survey year "
                              "against the column before (no @column, no sum of rows)")
        changes = self.changes
        own = changes[(changes["table_key"] == key) & (changes["row_code"].astype(str) == rows)] \
            if changes is not None and len(changes) else None
        if own is None or own.empty or not np.isfinite(float(own["p_value"].iloc[0])):
            raise FigureError(f"placeholder {where}: row {rows} of '{key}' was not tested against the column "
                              "before (a changed question, no earlier figure or no answers): the sentence may "
                              "not call it significant or not")
        significant = bool(own["significant"].iloc[0])
        indicative = "indicative" in own and bool(own["indicative"].iloc[0])
        if check in ("stabiel", "indicatief"):
            if (check == "stabiel") == (significant or indicative):
                raw = float(own["p_value"].iloc[0])
                said = ("changed significantly" if significant else "changed: significant before the correction "
                        "for multiple testing (indicatief)" if indicative else "not changed indicatively")
                raise FigureError(f"placeholder {where}: row {rows} of '{key}' {said} ({format_p(raw)} before the "
                                  f"correction): the sentence may not call it "
                                  f"{'stable' if check == 'stabiel' else 'indicative'}")
            return
        if significant != (check == "significant"):
            p = float(own["p_adjusted"].iloc[0])
            raise FigureError(f"placeholder {where}: the change of row {rows} is "
                              f"{'' if significant else 'not '}significant after the correction for multiple "
                              f"testing ({format_p(p)})")

    def sum_note(self, key: str, rows: str | None, column: str | None, printed: str) -> str:
        """A footnote when a sum of rows differs from the sum of its rounded, printed parts."""
        if not rows or "+" not in rows or rows == "n" or column == "trend":
            return ""  # (a trend list: each year's sum is footnoted on its own, see mark_changes)
        parts = []
        for row in rows.split("+"):
            value, _, how = self.value(key, row.strip(), column)
            parts.append((value, how))
        if any(how != "percent" for _, how in parts):
            return ""
        rounded = [int(round_half_up(v)) for v, _ in parts]
        if sum(rounded) == int(round_half_up(sum(v for v, _ in parts))):
            return ""
        shown = " + ".join(f"{r}%" for r in rounded)
        return (f"{printed} is berekend uit de onafgeronde percentages; de afgeronde delen in de tabel "
                f"({shown}) tellen op tot {sum(rounded)}%.")


def check_comparisons(template: str) -> None:
    """Every sentence with a comparison word carries the check that backs it (FigureError if not).
    (A typed percentage is a check-year warning: a policy figure such as the richttarief can be
    meant.)"""
    problems = comparison_problems(template)
    if problems:
        raise FigureError(problems[0])


def _and(items: list[str]) -> str:
    """'2024', '2024 en 2025', '2023, 2024 en 2025'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def template_not_asked(template: str, asked: AskedMap | None) -> bool:
    """A prose paragraph naming a table, row or question the year did not ask (see `spec.asked`)."""
    if asked is None:
        return False
    for ph in placeholders(template):
        if ph.key in WORDS:
            continue
        if ph.key == "vraag" and ph.key not in asked.own:
            if ph.rows and not asked.asked(ph.rows) and asked.knows(ph.rows):
                return True
            continue
        key = ph.table_key
        if key is not None and asked.not_asked(key, [] if ph.key == "tabel" else ph.row_codes):
            return True
    return False
