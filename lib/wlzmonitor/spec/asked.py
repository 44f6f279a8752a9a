"""Which questions a survey year asked, judged from the report layouts of every configured year.

A table (or a row of it: an option, an item) that is missing from a year's layout but present in
another configured year's layout was not asked that year; chapters then leave out the table and
the prose about it. A key or row that no year knows is a mistake, not "not asked": the caller
fails on it as before. The map is computed once per year in the data stage (``YearResult.asked``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wlzmonitor.spec.config import ReportConfig
from wlzmonitor.spec.layout import ReportLayout, load_layout


@dataclass(frozen=True)
class AskedElsewhere:
    """Where another year's layout has a table: its year, its number there, its rows."""

    year: int
    number: str
    rows: frozenset[str]


@dataclass(frozen=True)
class AskedMap:
    year: int
    #: table key -> its rows (as text) in this year's layout
    own: dict[str, frozenset[str]]
    #: table key -> the other years' layouts that have it, nearest year first
    elsewhere: dict[str, tuple[AskedElsewhere, ...]] = field(default_factory=dict)

    def not_asked(self, key: str, rows: tuple[str, ...] | list[str] = ()) -> bool:
        """True when table `key` (or one of its `rows`) is missing this year but exists in another year."""
        if key not in self.own:
            return key in self.elsewhere
        for row in rows:
            if row not in self.own[key]:
                return any(row in other.rows for other in self.elsewhere.get(key, ()))
        return False

    def nearest(self, key: str) -> AskedElsewhere | None:
        """The nearest other year whose report has table `key` (None if none has)."""
        found = self.elsewhere.get(key, ())
        return found[0] if found else None


def asked_map(layout: ReportLayout, config: ReportConfig) -> AskedMap:
    """The asked map of `layout`'s year against the layouts of the years in `config/report.yml`."""
    own = {t.key: frozenset(str(r) for r in t.rows) for t in layout.tables}
    others = []
    for year, sources in sorted(config.years.items()):
        if year != layout.year and sources.layout.exists():
            others.append((abs(year - layout.year), year, load_layout(sources.layout)))
    elsewhere: dict[str, list[AskedElsewhere]] = {}
    for _distance, year, other in sorted(others):
        for t in other.tables:
            elsewhere.setdefault(t.key, []).append(AskedElsewhere(year, t.number, frozenset(str(r) for r in t.rows)))
    return AskedMap(layout.year, own, {k: tuple(v) for k, v in elsewhere.items()})
