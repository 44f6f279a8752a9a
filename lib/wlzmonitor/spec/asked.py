"""Which questions a survey year asked, judged from the report layouts and codebooks of every configured year.

A table (or a row of it: an option, an item) that is missing from a year's layout but present in
another configured year's layout was not asked that year; chapters then leave out the table and
the prose about it. A key or row that no year knows is a mistake, not "not asked": the caller
fails on it as before. The map is computed once per year in the data stage (``YearResult.asked``).

A notebook asks it directly with ``chapter.asked("key")`` (a table key or a question key), so prose
about a question only some years asked is written once, under that condition. Whatever the year
did not ask is described in words of its own year, never with another year's table number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import ReportConfig
from wlzmonitor.spec.layout import ReportLayout, fill_year_words, load_layout


@dataclass(frozen=True)
class AskedElsewhere:
    """Where another year's layout has a table: its year, its number there, its rows, its title."""

    year: int
    number: str
    rows: frozenset[str]
    title: str | None = None


@dataclass(frozen=True)
class AskedMap:
    year: int
    #: table key -> its rows (as text) in this year's layout
    own: dict[str, frozenset[str]]
    #: table key -> the other years' layouts that have it, nearest year first
    elsewhere: dict[str, tuple[AskedElsewhere, ...]] = field(default_factory=dict)
    #: question keys of this year's codebook (None: not known)
    own_questions: frozenset[str] | None = None
    #: question key -> the other configured years whose codebook has it
    questions_elsewhere: dict[str, tuple[int, ...]] = field(default_factory=dict)

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

    def last_before(self, key: str) -> AskedElsewhere | None:
        """The latest earlier year whose report has table `key` (None: only later years have it)."""
        earlier = [e for e in self.elsewhere.get(key, ()) if e.year < self.year]
        return max(earlier, key=lambda e: e.year) if earlier else None

    def knows(self, key: str) -> bool:
        """Whether any configured year has `key` as a table or a question."""
        return (key in self.own or key in self.elsewhere or key in self.questions_elsewhere
                or (self.own_questions is not None and key in self.own_questions))

    def asked(self, key: str) -> bool:
        """This year asked `key` (a table of its layout or a question of its codebook)."""
        return key in self.own or (self.own_questions is not None and key in self.own_questions)


def _title(spec, codebook: Codebook | None, year: int) -> str | None:
    if spec.title:
        return fill_year_words(spec.title, year)  # the title as that year's report printed it
    if codebook is not None and spec.question and spec.question in codebook:
        try:
            return codebook.question(spec.question).text
        except KeyError:
            return None
    return None


def asked_map(layout: ReportLayout, config: ReportConfig, codebook: Codebook | None = None) -> AskedMap:
    """The asked map of `layout`'s year against the layouts (and codebooks) of the years in `config/report.yml`."""
    own = {t.key: frozenset(str(r) for r in t.rows) for t in layout.tables}
    others = []
    for year, sources in sorted(config.years.items()):
        if year != layout.year and sources.layout.exists():
            cb = load_codebook(sources.codebook) if sources.codebook.exists() else None
            others.append((abs(year - layout.year), year, load_layout(sources.layout), cb))
    elsewhere: dict[str, list[AskedElsewhere]] = {}
    questions: dict[str, list[int]] = {}
    for _distance, year, other, cb in sorted(others, key=lambda o: (o[0], o[1])):
        for t in other.tables:
            elsewhere.setdefault(t.key, []).append(
                AskedElsewhere(year, t.number, frozenset(str(r) for r in t.rows), _title(t, cb, year)))
        for q in (cb.questions if cb is not None else ()):
            questions.setdefault(q.key, []).append(year)
    own_questions = (frozenset(q.key for q in codebook.questions) | frozenset(d.key for d in codebook.derived)
                     if codebook is not None else None)
    return AskedMap(layout.year, own, {k: tuple(v) for k, v in elsewhere.items()}, own_questions,
                    {k: tuple(v) for k, v in questions.items()})
