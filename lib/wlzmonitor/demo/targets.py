"""The published figures of one survey year, as targets for the demo generator.

Each published cell of the current year becomes a target on an *answer unit*: a single-choice
question (`tariefpercentage`), one item of a matrix (`geldstromen_gebruik.hlo_opslag`), one option
of a multi-response question (`leveringsvormen#3`, answered 1 = selected / 0 = not), or the NPS
category (`nps`, 1 = critici, 2 = neutralen, 3 = fans). Targets are read from the published files
and the report layout only; nothing here is typed in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from wlzmonitor.spec.alignment import align_table, current_column
from wlzmonitor.spec.layout import ReportLayout

NPS_CATEGORIES = {"Critici": 1, "Neutralen": 2, "Neutrale": 2, "Fans": 3}


@dataclass(frozen=True)
class Target:
    """A published share or count of one answer in one group."""

    table: str
    unit: str
    option: Any
    by: str | None  # None = everyone; else the grouping variable
    group: Any  # group code, None with by=None
    kind: str  # "percent" | "count"
    value: float


@dataclass(frozen=True)
class MeanTarget:
    table: str
    unit: str
    value: float
    decimals: int


@dataclass(frozen=True)
class NumericTarget:
    table: str
    question: str
    stat: str  # Aantal | Gemiddeld | Minimum | Maximum
    value: float
    decimals: int


@dataclass(frozen=True)
class YearTargets:
    year: int
    respondents: int
    shares: tuple[Target, ...]
    means: tuple[MeanTarget, ...]
    numerics: tuple[NumericTarget, ...]

    def for_unit(self, unit: str) -> list[Target]:
        return [t for t in self.shares if t.unit == unit]

    @property
    def units(self) -> list[str]:
        seen: list[str] = []
        for t in self.shares:
            if t.unit not in seen:
                seen.append(t.unit)
        return seen


def _decimals(raw: str) -> int:
    text = str(raw).replace("%", "").strip()
    return len(text.split(",", 1)[1]) if "," in text else 0


def _value(cell) -> float:
    """Blank cells in breakdown tables mean nobody in that group gave the answer."""
    if cell["unit"] == "blank":
        return 0.0
    return float(cell["value"])


def year_targets(layout: ReportLayout, cells: pd.DataFrame, respondents: int | None = None) -> YearTargets:
    """Targets of the survey year; `respondents` is used when the layout has no response table
    for the year (a year known only from a later report's trend columns)."""
    year = layout.year
    shares: list[Target] = []
    means: list[MeanTarget] = []
    numerics: list[NumericTarget] = []
    from_captions, respondents = respondents, None
    for spec in layout.tables:
        if spec.kind == "mapping":
            continue
        aligned = align_table(spec, cells)
        now = current_column(spec, year)
        for _, cell in aligned.iterrows():
            row, col = cell["row_code"], cell["column_code"]
            if spec.kind == "response":
                if col == year and str(row).startswith("Aantal deelnemende"):
                    respondents = int(cell["value"])
                continue
            if spec.kind == "frequency":
                if col == "Aantal" and row != "Totaal":
                    shares.append(Target(spec.number, spec.question, row, None, None, "count", _value(cell)))
                continue
            if spec.kind == "numeric":
                if cell["unit"] != "blank" and not pd.isna(cell["value"]):
                    numerics.append(NumericTarget(spec.number, row, col, float(cell["value"]), _decimals(cell["raw"])))
                continue
            if spec.kind == "nps_by":
                by, group = (None, None) if col == "Totaal" else (spec.by, col)
                if row in NPS_CATEGORIES:
                    shares.append(Target(spec.number, "nps", NPS_CATEGORIES[row], by, group, "count", _value(cell)))
                elif (row == f"NPS {year}" and by is not None
                      and not any(r in NPS_CATEGORIES for r in spec.published_rows)):
                    # only the NPS per group is published (a year known from a later report); the
                    # total's categories are targets of the NPS trend table already
                    shares.append(Target(spec.number, "nps", "NPS", by, group, "nps", _value(cell)))
                continue
            if spec.kind == "matrix":
                shares.append(Target(spec.number, f"{spec.question}.{row}", col, None, None, "percent", _value(cell)))
                continue
            if spec.is_breakdown:
                by, group = (None, None) if col == "Totaal" else (spec.by, col)
                shares.append(Target(spec.number, spec.question, row, by, group, "percent", _value(cell)))
                continue
            if col != now or cell["unit"] in {"text"}:
                continue
            if spec.kind == "single":
                shares.append(Target(spec.number, spec.question, row, None, None, "percent", _value(cell)))
            elif spec.kind == "multi":
                shares.append(Target(spec.number, f"{spec.question}#{row}", 1, None, None, "percent", _value(cell)))
            elif spec.kind == "matrix_share":
                for code in spec.share_of:
                    shares.append(Target(spec.number, f"{spec.question}.{row}", code, None, None, "percent", _value(cell)))
            elif spec.kind == "scale_means":
                means.append(MeanTarget(spec.number, f"{spec.question}.{row}", float(cell["value"]), _decimals(cell["raw"])))
            elif spec.kind == "nps":
                if row in NPS_CATEGORIES:
                    shares.append(Target(spec.number, "nps", NPS_CATEGORIES[row], None, None, "percent", _value(cell)))
    respondents = respondents if respondents is not None else from_captions
    if respondents is None:
        raise ValueError(f"{layout.source}: the response table gives no number of respondents for {year}, "
                         "and no caption states it")
    return YearTargets(year, respondents, tuple(shares), tuple(means), tuple(numerics))
