"""Deterministic demo respondent data that reproduces a year's published report.

    python -m wlzmonitor demo --year 2026          # writes data/raw/2026/respondenten.csv
    python -m wlzmonitor demo --year 2026 --check  # fails if the shipped file is not its output

Two phases:

1. *Structure* (`allocation.CellModel`): one integer program decides, per cell
   omzetgroep x uitvoerder, how many respondents there are and how many give each answer on
   every question that the report breaks down by group (plus the questions that route to them,
   and zorgtype). Its targets are all published figures of those questions.
2. *Respondents*: cells are filled with respondents; structural answers are dealt out within
   each cell; every other question is allocated on its own (its published shares given the
   base that routing leaves, computed with the codebook's own routing) and dealt out at random
   among the respondents it was asked of. Texts come from `data/demo/texts_<year>.yml`.

Everything random draws from one `numpy.random.Generator` seeded from the settings file, and
the output is written with fixed formatting, so a rerun gives identical bytes.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from wlzmonitor.spec.codebook import Codebook, Condition, Question
from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.spec.layout import ReportLayout, layout_for_year
from wlzmonitor.spec.config import ConfigError, load_config
from wlzmonitor.spec.published import load_published
from wlzmonitor.compute.tables import round_half_up
from wlzmonitor.demo.allocation import CellModel, StructureSolution, Unit, Weights, allocate_total
from wlzmonitor.demo.targets import NumericTarget, Target, YearTargets, year_targets
from wlzmonitor.spec.input_files import replace_file
from wlzmonitor.spec.strict_yaml import StrictLoader

DIMENSIONS = ("omzetgroep", "uitvoerder")


# ---------------------------------------------------------------------------------------
# settings and inputs
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoInputs:
    year: int
    codebook: Codebook
    layout: ReportLayout
    targets: YearTargets
    bases: dict[str, int]  # question key -> caption base n of the survey year
    settings: dict
    texts: dict


def load_inputs(year: int, root: Path | None = None) -> DemoInputs:
    config = load_config(root)
    root = config.root
    sources = config.sources(year)
    needed = [p for p in (sources.published / "cells.csv", sources.demo) if not p.exists()]
    if needed:
        raise ConfigError(f"no demo data can be made for {year}: the demo export is drawn to reproduce a published "
                          f"report, and {' and '.join(str(p) for p in needed)} "
                          f"{'does' if len(needed) == 1 else 'do'} not exist (the years that have them: "
                          f"{', '.join(str(y) for y in sorted(config.years) if (config.sources(y).published / 'cells.csv').exists()) or 'none'})")
    codebook = codebook_for_year(year, root=root)
    layout = layout_for_year(year, root=str(root))
    cells, tables = load_published(year, root=root)
    bases = caption_bases(layout, tables)
    # no response table for the year: the respondents are the largest base any caption gives
    targets = year_targets(layout, cells, respondents=max(bases.values(), default=None))
    settings_path = config.sources(year).demo
    settings = yaml.load(settings_path.read_text(encoding="utf-8"), Loader=StrictLoader)  # noqa: S506 (safe loader)
    texts_path = settings_path.parent / settings.get("texts", f"texts_{year}.yml")
    texts = (yaml.load(texts_path.read_text(encoding="utf-8"), Loader=StrictLoader)  # noqa: S506 (safe loader)
             if texts_path.exists() else {})
    bases = bases | numeric_counts(targets)
    extra = dimension_targets(settings, targets, root)
    if settings.get("nps_guides"):
        extra += nps_guides(targets)
    if extra:
        targets = replace(targets, shares=targets.shares + tuple(extra))
    return DemoInputs(year, codebook, layout, targets, bases, settings, texts)


def nps_guides(targets: YearTargets) -> list[Target]:
    """Where only the NPS per group is published (fans - critici), the year's overall share of
    neutralen as a weak guide per group, so the groups' categories stay plausible."""
    overall = next((t for t in targets.shares if t.unit == "nps" and t.option == 2 and t.by is None
                    and t.kind == "percent"), None)
    if overall is None:
        return []
    return [Target(f"{overall.table} (gids per groep)", "nps", 2, t.by, t.group, "guide", overall.value)
            for t in targets.shares if t.unit == "nps" and t.kind == "nps" and t.by is not None]


def dimension_targets(settings: dict, targets: YearTargets, root: Path) -> list[Target]:
    """Group sizes for a year that publishes none (`dimensions_from: 2026`): the published group
    counts of that year (Tabel B2/B4), scaled to this year's number of respondents: soft targets that
    give way to the year's published figures per group (the NPS per uitvoerder)."""
    source = settings.get("dimensions_from")
    if source is None or any(t.unit in DIMENSIONS and t.kind == "count" for t in targets.shares):
        return []
    cells, _ = load_published(int(source), root=root)
    other = year_targets(layout_for_year(int(source), root=str(root)), cells)
    scale = targets.respondents / other.respondents
    return [Target(f"{t.table} {source} (geschaald)", t.unit, t.option, None, None, "size", t.value * scale)
            for t in other.shares if t.unit in DIMENSIONS and t.kind == "count"]


def caption_bases(layout: ReportLayout, tables: pd.DataFrame) -> dict[str, int]:
    """The base n the captions give for the survey year, per question (first table wins)."""
    out: dict[str, int] = {}
    by_number = tables.set_index("table")["bases"].fillna("").to_dict()
    for spec in layout.tables:
        if spec.kind not in {"single", "multi", "numeric", "nps"}:
            continue
        parts = dict(p.split("=", 1) for p in str(by_number.get(spec.number, "")).split(";") if "=" in p)
        label = spec.column_label(layout.year)
        raw = parts.get(label, parts.get("*"))
        if raw is None or not raw.isdigit():
            continue
        if spec.kind == "numeric" and len(spec.rows) != 1:
            continue  # one n for several rows: the table's own Aantal column says more
        key = spec.rows[0] if spec.kind == "numeric" else spec.question
        out.setdefault(key, int(raw))
    return out


def numeric_counts(targets: YearTargets) -> dict[str, int]:
    """Published 'Aantal' of numeric questions: the number of respondents routed to them."""
    return {t.question: int(t.value) for t in targets.numerics if t.stat == "Aantal"}


# ---------------------------------------------------------------------------------------
# answer units
# ---------------------------------------------------------------------------------------
def unit_question(unit: str) -> tuple[str, str | None, int | None]:
    """'q' -> (q, None, None); 'q.item' -> (q, item, None); 'q#3' -> (q, None, 3)."""
    if "#" in unit:
        key, code = unit.split("#")
        return key, None, int(code)
    if "." in unit:
        key, item = unit.split(".", 1)
        return key, item, None
    return unit, None, None


def unit_column(codebook: Codebook, unit: str) -> str:
    key, item, code = unit_question(unit)
    if code is not None:
        return f"{key}__{code}"
    if item is not None:
        return f"{key}__{item}"
    return key


def _leaves(cond: Condition | None, item: str | None) -> list[Condition]:
    if cond is None:
        return []
    if cond.op == "any":
        raise NotImplementedError(f"'any' routing cannot be linearised: {cond}")
    out = []
    for leaf in cond.leaves():
        if leaf.item == "same":
            leaf = Condition(op=leaf.op, question=leaf.question, item=item, codes=leaf.codes)
        out.append(leaf)
    return out


def unit_condition(codebook: Codebook, unit: str) -> Condition | None:
    """The single routing leaf that decides who answers `unit` (None = everyone)."""
    key, item, _ = unit_question(unit)
    question = codebook.question(key)
    leaves = _leaves(question.asked_if, item)
    if item is not None:
        leaves += _leaves(question.item_asked_if, item)
    return simplify(codebook, leaves)


def simplify(codebook: Codebook, leaves: list[Condition]) -> Condition | None:
    """Drop leaves implied by others: a leaf on question g implies g's own routing."""
    implied: list[Condition] = []
    for leaf in leaves:
        own = codebook.question(leaf.question).asked_if
        implied += _leaves(own, None)
    kept = [leaf for leaf in leaves if leaf not in implied]
    if len(kept) > 1:
        raise NotImplementedError(f"routing {kept} cannot be linearised")
    return kept[0] if kept else None


def unit_options(codebook: Codebook, unit: str) -> list:
    key, item, code = unit_question(unit)
    if code is not None:
        return [1, 0]
    if key == "nps":
        return [1, 2, 3]
    if key in {d.key for d in codebook.derived}:
        return list(codebook.options(key))
    return list(codebook.question(key).codes)


def structural_units(codebook: Codebook, targets: list[Target]) -> list[str]:
    """Units broken down by group, plus every unit their routing depends on, in questionnaire order."""
    wanted = {t.unit for t in targets if t.by is not None} - set(DIMENSIONS)
    wanted.add("zorgtype")
    frontier = list(wanted)
    while frontier:
        cond = unit_condition(codebook, frontier.pop())
        if cond is not None:
            gate = cond.question + (f".{cond.item}" if cond.item else "")
            if gate not in wanted:
                wanted.add(gate)
                frontier.append(gate)
    order = {q.key: i for i, q in enumerate(codebook.questions)}
    return sorted(wanted, key=lambda u: (order[unit_question(u)[0]], u))


def prose_targets(settings: dict) -> list[Target]:
    return [
        Target(f"tekst ({p['source']})", p["unit"], p["option"], p["by"], p["group"], "percent", float(p["value"]))
        for p in settings.get("prose_targets") or []
    ]


# ---------------------------------------------------------------------------------------
# phase 1: structure
# ---------------------------------------------------------------------------------------
def solve_structure(inputs: DemoInputs) -> StructureSolution:
    cb, targets = inputs.codebook, inputs.targets
    shares = list(targets.shares) + prose_targets(inputs.settings)
    units = structural_units(cb, shares)
    model = CellModel(
        {d: list(cb.options(d)) for d in DIMENSIONS},
        {u: Unit(u, unit_options(cb, u), unit_condition(cb, u)) for u in units},
        total=targets.respondents,
        weights=Weights(),
    )
    group_sizes = {(t.unit, t.option): t.value for t in shares if t.unit in DIMENSIONS and t.kind in {"count", "size"}}
    for t in shares:
        if t.unit not in units and t.unit not in DIMENSIONS:
            continue
        if t.by is None:
            expected = inputs.bases.get(unit_question(t.unit)[0], targets.respondents)
        else:
            share = group_sizes.get((t.by, t.group), targets.respondents) / targets.respondents
            expected = inputs.bases.get(unit_question(t.unit)[0], targets.respondents) * share
        model.add_target(t, expected)
    for key, n in inputs.bases.items():
        try:
            cond = simplify(cb, _leaves(cb.question(key).asked_if, None))
            base = add_all(model, cond)
        except (NotImplementedError, KeyError):
            continue  # routed by a question outside the structure: checked after generation
        model.soft_equal(base, n, model.weights.base, f"bijschrift: basis {key} n={n}")
    return model.solve()


def add_all(model: CellModel, cond) -> dict:
    out: dict = {}
    for cell in model.cells:
        for k, v in model.eligible(cond, cell).items():
            out[k] = out.get(k, 0.0) + v
    return out


# ---------------------------------------------------------------------------------------
# phase 2: respondents
# ---------------------------------------------------------------------------------------
class DemoBuilder:
    def __init__(self, inputs: DemoInputs, structure: StructureSolution):
        self.inputs = inputs
        self.cb = inputs.codebook
        self.settings = inputs.settings
        self.texts = inputs.texts
        self.rng = np.random.default_rng(int(self.settings["seed"]))
        self.structure = structure
        cells = [c for c in structure.cells for _ in range(structure.sizes[c])]
        self.n = len(cells)
        helper_columns = [f"_{d}" for d in DIMENSIONS] + ["_nps_category"]
        self.frame = pd.DataFrame(
            {col: [None] * self.n for col in self.cb.columns() + helper_columns},
            index=pd.RangeIndex(self.n), dtype=object,
        )
        self.cell = pd.Series(cells, index=self.frame.index)
        for d, pos in zip(DIMENSIONS, (0, 1)):
            self.frame[f"_{d}"] = [c[pos] for c in cells]

    # -- helpers ------------------------------------------------------------------------
    def asked(self, key: str, item: str | None = None) -> pd.Index:
        mask = self.cb.asked_mask(key, self._typed(), item=item)
        return self.frame.index[mask.to_numpy()]

    def _typed(self) -> pd.DataFrame:
        return self.frame

    def deal(self, eligible: pd.Index, counts: dict, column: str) -> None:
        """Give `counts[a]` of the `eligible` respondents answer `a`, at random."""
        total = sum(counts.values())
        if total != len(eligible):
            raise RuntimeError(f"{column}: {total} answers for {len(eligible)} respondents routed to it")
        order = self.rng.permutation(np.asarray(eligible))
        start = 0
        for answer, k in counts.items():
            self.frame.loc[order[start:start + k], column] = answer
            start += k

    def targets_for(self, unit: str) -> list[Target]:
        return [t for t in self.inputs.targets.shares if t.unit == unit and t.by is None]

    def weights_counts(self, weights: dict, n: int) -> dict:
        """Largest-remainder counts from relative weights."""
        codes = list(weights)
        w = np.array([float(weights[c]) for c in codes])
        raw = w / w.sum() * n
        base = np.floor(raw).astype(int)
        rest = n - base.sum()
        for i in np.argsort(-(raw - base), kind="stable")[:rest]:
            base[i] += 1
        return {c: int(k) for c, k in zip(codes, base)}

    # -- phase 2a: cells, dimensions, structural answers -------------------------------
    def fill_dimensions(self) -> None:
        for d in self.cb.derived:
            groups: dict[int, list[int]] = {}
            for source_code, group in d.map.items():
                groups.setdefault(group, []).append(source_code)
            weights = (self.settings.get("source_weights") or {}).get(d.source, {})
            for group, codes in groups.items():
                members = self.frame.index[self.frame[f"_{d.key}"] == group]
                if len(codes) == 1:
                    self.frame.loc[members, d.source] = codes[0]
                    continue
                w = {c: weights.get(c, 1.0) for c in codes}
                self.deal(members, self.weights_counts(w, len(members)), d.source)

    def fill_structure(self) -> None:
        for unit, per_cell in self.structure.counts.items():
            key, item, _ = unit_question(unit)
            column = "_nps_category" if key == "nps" else unit_column(self.cb, unit)
            routed = self.asked(key, item)
            for cell, counts in per_cell.items():
                in_cell = routed[(self.cell.loc[routed] == cell).to_numpy()] if len(routed) else routed
                self.deal(in_cell, counts, column)

    # -- phase 2b: everything else, in questionnaire order -------------------------------
    def fill_rest(self) -> None:
        for q in self.cb.questions:
            filler = getattr(self, f"_fill_{q.type}")
            filler(q)
            self._fill_texts(q)

    def _single_unit(self, unit: str, column: str, eligible: pd.Index, options: list) -> None:
        if self.frame.loc[eligible, column].notna().any() or len(eligible) == 0:
            return  # filled by the structure (or nobody to fill)
        targets = self.targets_for(unit)
        if targets:
            counts = allocate_total(options, len(eligible), targets)
        else:
            dist = (self.settings.get("distributions") or {}).get(unit) or {o: 1 for o in options}
            counts = self.weights_counts(dist, len(eligible))
        self.deal(eligible, counts, column)

    def _fill_single(self, q: Question) -> None:
        self._single_unit(q.key, q.key, self.asked(q.key), list(q.codes))

    def _fill_matrix(self, q: Question) -> None:
        for item in q.items:
            self._single_unit(f"{q.key}.{item.code}", f"{q.key}__{item.code}", self.asked(q.key, item.code), list(q.codes))

    def _fill_multi(self, q: Question) -> None:
        eligible = self.asked(q.key)
        if len(eligible) == 0:
            return
        quotas = {}
        for code in q.codes:
            targets = self.targets_for(f"{q.key}#{code}")
            if targets:
                quotas[code] = allocate_total([1, 0], len(eligible), targets)[1]
            else:
                quotas[code] = None
        if q.key == "zorgkantoren":
            return self._fill_zorgkantoren(q, eligible)
        free = [c for c, k in quotas.items() if k is None]
        if free:
            raise ValueError(f"{q.label}: no published share for option(s) {free}; add them to the settings")
        exclusive = {o.code for o in q.options if o.exclusive}  # the codebook's exclusive: true
        chosen = assign_multi(list(eligible), quotas, exclusive, self.rng)
        for code in q.codes:
            col = f"{q.key}__{code}"
            self.frame.loc[eligible, col] = 0
            self.frame.loc[chosen[code], col] = 1

    def _fill_zorgkantoren(self, q: Question, eligible: pd.Index) -> None:
        extra = self.settings.get("extra_zorgkantoren") or {"share": 0, "max_extra": 0}
        for code in q.codes:
            self.frame.loc[eligible, f"{q.key}__{code}"] = 0
        main = self.frame.loc[eligible, "hoofdzorgkantoor"]
        codes = list(q.codes)
        for idx in eligible:
            self.frame.loc[idx, f"{q.key}__{int(main[idx])}"] = 1
            if self.rng.random() < extra["share"]:
                k = int(self.rng.integers(1, extra["max_extra"] + 1))
                others = [c for c in codes if c != int(main[idx])]
                for c in self.rng.choice(others, size=k, replace=False):
                    self.frame.loc[idx, f"{q.key}__{int(c)}"] = 1

    def _fill_scale(self, q: Question) -> None:
        lo, hi = q.range
        rated = self.settings.get("burden_rated") or {}
        for item in q.items:
            eligible = self.asked(q.key, item.code)
            n = min(rated.get(item.code, len(eligible)), len(eligible))
            chosen = self.rng.permutation(np.asarray(eligible))[:n]
            mean = next((m for m in self.inputs.targets.means if m.unit == f"{q.key}.{item.code}"), None)
            if mean is None:
                raise ValueError(f"{q.label} item {item.code}: no published mean")
            values = scores_for_mean(n, mean.value, mean.decimals, int(lo), int(hi), self.rng)
            self.frame.loc[chosen, f"{q.key}__{item.code}"] = list(values)

    def _fill_numeric(self, q: Question) -> None:
        eligible = self.asked(q.key)
        if len(eligible) == 0:
            return
        fixed = (self.settings.get("numeric_values") or {}).get(q.key)
        stats = {t.stat: t for t in self.inputs.targets.numerics if t.question == q.key}
        if q.key == "productieafspraak":
            values = self._agreement_amounts(eligible)
        elif fixed is not None:
            values = [fixed[i % len(fixed)] for i in range(len(eligible))]
        elif "Gemiddeld" in stats:
            for stat, value in zip(("Minimum", "Maximum"), (self.settings.get("numeric_ranges") or {}).get(q.key, ())):
                stats.setdefault(stat, NumericTarget("instellingen", q.key, stat, float(value), 1))
            step = 0.1 if q.unit == "percent" else 1
            values = values_for_summary(len(eligible), stats, step, self.rng)
        else:
            raise ValueError(f"{q.label}: no published summary and no configured values")
        order = self.rng.permutation(np.asarray(eligible))
        self.frame.loc[order, q.key] = list(values)

    def _agreement_amounts(self, eligible: pd.Index) -> list:
        cfg = self.settings["productieafspraak"]
        groups = self.frame.loc[eligible, "_omzetgroep"]
        amounts = pd.Series(0.0, index=eligible)
        for g, (lo, hi) in cfg["ranges"].items():
            members = groups.index[groups == g]
            amounts[members] = np.exp(self.rng.uniform(math.log(lo), math.log(hi), size=len(members)))
        largest = max(cfg["ranges"])
        big = groups.index[groups == largest]
        rest = amounts.drop(big).sum()
        amounts[big] *= (cfg["total"] - rest) / amounts[big].sum()
        step = cfg.get("round_to", 1)
        rounded = (amounts / step).round().astype("int64") * step
        # keep the order of `eligible` so the caller's permutation stays deterministic
        return [int(v) for v in rounded.loc[eligible]]

    def _fill_nps(self, q: Question) -> None:
        eligible = self.asked(q.key)
        # without a breakdown by group (years before 2026) the categories are not in the structure
        self._single_unit("nps", "_nps_category", eligible, [1, 2, 3])
        scores = self.settings["nps_scores"]
        for cat, weights in scores.items():
            members = eligible[(self.frame.loc[eligible, "_nps_category"] == int(cat)).to_numpy()]
            if len(members):
                self.deal(members, self.weights_counts(weights, len(members)), q.key)

    def _fill_open(self, q: Question) -> None:
        eligible = self.asked(q.key)
        bank = (self.texts.get("open") or {}).get(q.key) or {}
        themes = list(bank)
        if q.fields and len(q.fields) > 1:
            for idx in eligible:
                picked = self.rng.choice(len(themes), size=len(q.fields), replace=False)
                for f, t in zip(q.fields, picked):
                    self.frame.loc[idx, f"{q.key}__{f.code}"] = self._pick(bank[themes[t]])
            return
        rate = (self.settings.get("text_rates") or {}).get(q.key, 1.0)
        for idx in eligible:
            if self.rng.random() < rate:
                self.frame.loc[idx, q.key] = self._pick(bank[themes[int(self.rng.integers(len(themes)))]])

    def _fill_contact(self, q: Question) -> None:
        consent_field = next(f for f in q.fields if f.options)
        col = f"{q.key}__{consent_field.code}"
        eligible = self.asked(q.key)
        dist = (self.settings.get("distributions") or {}).get(f"{q.key}.{consent_field.code}", {1: 1, 2: 1})
        self.deal(eligible, self.weights_counts(dist, len(eligible)), col)
        people = self.texts["personal_data"]
        for idx in eligible:
            if self.frame.loc[idx, col] != 1:
                continue
            first, last = self._pick(people["first_names"]), self._pick(people["last_names"])
            self.frame.loc[idx, f"{q.key}__naam"] = f"{first} {last}"
            self.frame.loc[idx, f"{q.key}__functie"] = self._pick(people["functions"])
            self.frame.loc[idx, f"{q.key}__email"] = fake_email(first, last, self._pick(people["email_domains"]))
            self.frame.loc[idx, f"{q.key}__telefoon"] = fake_phone(self.rng)

    def _pick(self, options: list):
        return options[int(self.rng.integers(len(options)))]

    # -- texts ----------------------------------------------------------------------------
    def _fill_texts(self, q: Question) -> None:
        rates = self.settings.get("text_rates") or {}
        if q.text_column:
            bank = (self.texts.get("option_texts") or {}).get(q.key) or {}
            for code in q.text_field_options:
                texts = bank.get(code)
                if not texts:
                    continue
                if q.type == "multi":
                    col = f"{q.key}__{code}"
                    who = self.frame.index[(self.frame[col] == 1).to_numpy()]
                else:
                    who = self.frame.index[(self.frame[q.key] == code).to_numpy()]
                for idx in who:
                    if self.rng.random() < rates.get("option_text", 1.0):
                        self.frame.loc[idx, q.text_column] = self._pick(texts)
        if q.comment_column:
            bank = (self.texts.get("comments") or {}).get(q.key)
            if not bank:
                return
            eligible = self.asked(q.key)
            for idx in eligible:
                if self.rng.random() >= rates.get("comment", 0.0):
                    continue
                if isinstance(bank, dict):  # grouped by NPS category
                    names = {1: "critici", 2: "neutralen", 3: "fans"}
                    texts = bank[names[int(self.frame.loc[idx, "_nps_category"])]]
                else:
                    texts = bank
                self.frame.loc[idx, q.comment_column] = self._pick(texts)

    def leak_personal_data(self) -> None:
        """Put fictitious personal data into a few open answers (privacy handling must catch it)."""
        n = int(self.settings.get("leaky_answers", 0))
        if not n:
            return
        text_cols = [q.text_column for q in self.cb.questions if q.text_column and not q.private]
        text_cols += [q.comment_column for q in self.cb.questions if q.comment_column]
        filled = [(i, c) for c in text_cols for i in self.frame.index[self.frame[c].notna().to_numpy()]]
        picks = self.rng.choice(len(filled), size=min(n, len(filled)), replace=False)
        people = self.texts["personal_data"]
        for p in sorted(int(x) for x in picks):
            idx, col = filled[p]
            first, last = self._pick(people["first_names"]), self._pick(people["last_names"])
            template = self._pick(self.texts["leaky_templates"])
            leak = template.format(
                organisatie=self._pick(people["organisations"]),
                email=fake_email(first, last, self._pick(people["email_domains"])),
                telefoon=fake_phone(self.rng),
                naam=f"{first} {last}",
            )
            self.frame.loc[idx, col] = f"{self.frame.loc[idx, col]} {leak}"

    # -- the export -----------------------------------------------------------------------
    def export(self) -> pd.DataFrame:
        out = self.frame[self.cb.columns()].copy()
        out[self.cb.complete_column] = 1
        extra_incomplete = int(self.settings.get("incomplete_rows", 0))
        extra_duplicates = int(self.settings.get("duplicate_rows", 0))
        ids = [f"R{i:04d}" for i in self.rng.permutation(np.arange(1, self.n + extra_incomplete + 1))]
        out[self.cb.id_column] = ids[: self.n]
        answer_cols = [c for c in self.cb.columns() if c not in (self.cb.id_column, self.cb.complete_column)]
        incomplete = []
        for k in range(extra_incomplete):
            row = out.iloc[int(self.rng.integers(self.n))].copy()
            cut = int(self.rng.integers(len(answer_cols) // 6, len(answer_cols)))
            for c in answer_cols[cut:]:
                row[c] = None
            for c in self.cb.private_columns():
                row[c] = None
            row[self.cb.complete_column] = 0
            row[self.cb.id_column] = ids[self.n + k]
            incomplete.append(row)
        duplicates = [out.iloc[int(i)].copy() for i in self.rng.choice(self.n, size=extra_duplicates, replace=False)]
        full = pd.concat([out, pd.DataFrame(incomplete), pd.DataFrame(duplicates)], ignore_index=True)
        full = full.sort_values(self.cb.id_column, kind="stable").reset_index(drop=True)
        return full[self.cb.columns()]


# ---------------------------------------------------------------------------------------
# small constructive pieces
# ---------------------------------------------------------------------------------------
def assign_multi(eligible: list, quotas: dict, exclusive: set, rng: np.random.Generator) -> dict:
    """Who selects which option, given how many select each; everyone selects at least one.

    Options in `exclusive` (e.g. "Niet van toepassing") are chosen alone.
    """
    order = list(rng.permutation(np.asarray(eligible)))
    chosen: dict = {c: [] for c in quotas}
    start = 0
    for code in quotas:
        if code in exclusive:
            chosen[code] = order[start:start + quotas[code]]
            start += quotas[code]
    rest = order[start:]
    remaining = {c: k for c, k in quotas.items() if c not in exclusive}
    if sum(remaining.values()) < len(rest):
        raise ValueError(f"multi-response: {sum(remaining.values())} selections cannot cover {len(rest)} respondents")
    for person in rest:  # coverage: one option each, from the option with most left
        code = max(remaining, key=lambda c: (remaining[c], -list(quotas).index(c)))
        chosen[code].append(person)
        remaining[code] -= 1
    for code, left in remaining.items():
        if left <= 0:
            continue
        candidates = [p for p in rng.permutation(np.asarray(rest)) if p not in set(chosen[code])]
        if left > len(candidates):
            raise ValueError(f"multi-response: option {code} needs {left} more respondents than exist")
        chosen[code] += candidates[:left]
    return chosen


def scores_for_mean(n: int, mean: float, decimals: int, lo: int, hi: int, rng: np.random.Generator) -> np.ndarray:
    """`n` integer scores in [lo, hi] whose mean rounds (half up) to `mean`."""
    if n == 0:
        return np.array([], dtype=int)
    candidates = [s for s in range(int(math.floor((mean - 1) * n)), int(math.ceil((mean + 1) * n)) + 1)
                  if round_half_up(s / n, decimals) == round_half_up(mean, decimals)]
    if not candidates:
        raise ValueError(f"no {n} scores have mean {mean}")
    total = min(candidates, key=lambda s: (abs(s - mean * n), s))
    # start from a binomial shape around the mean, then move single answers until the sum is right
    p = (mean - lo) / (hi - lo)
    k = hi - lo
    pmf = np.array([math.comb(k, j) * p**j * (1 - p) ** (k - j) for j in range(k + 1)])
    counts = np.floor(pmf * n).astype(int)
    for j in np.argsort(-(pmf * n - counts), kind="stable")[: n - counts.sum()]:
        counts[j] += 1
    values = np.arange(lo, hi + 1)
    current = int((counts * values).sum())
    while current != total:
        if current < total:
            j = max((j for j in range(k) if counts[j] > 0), key=lambda j: counts[j])
            counts[j] -= 1
            counts[j + 1] += 1
            current += 1
        else:
            j = max((j for j in range(1, k + 1) if counts[j] > 0), key=lambda j: counts[j])
            counts[j] -= 1
            counts[j - 1] += 1
            current -= 1
    scores = np.repeat(values, counts)
    return rng.permutation(scores)


def values_for_summary(n: int, stats: dict[str, NumericTarget], step: float, rng: np.random.Generator) -> list:
    """`n` values on a grid of `step` with the published minimum, maximum and (rounded) mean."""
    lo, hi = stats["Minimum"].value, stats["Maximum"].value
    mean, decimals = stats["Gemiddeld"].value, stats["Gemiddeld"].decimals
    scale = round(1 / step)
    ilo, ihi = round(lo * scale), round(hi * scale)
    candidates = [s for s in range(ilo * n, ihi * n + 1)
                  if round_half_up(s / scale / n, decimals) == round_half_up(mean, decimals)]
    total = min(candidates, key=lambda s: (abs(s - mean * scale * n), s))
    if n == 1:
        return [total / scale]
    # a right-skewed spread for counts, a narrow bell for percentages
    if step >= 1:
        raw = np.exp(rng.normal(math.log(max(mean * 0.6, 1)), 0.8, size=n - 2)) * scale
    else:
        raw = rng.normal(mean, (hi - lo) / 4, size=n - 2) * scale
    ints = np.clip(np.round(raw), ilo, ihi).astype(int)
    values = np.concatenate([[ilo, ihi], ints])
    diff = total - int(values.sum())
    i = 2
    while diff != 0:
        j = 2 + (i % (n - 2))
        if diff > 0 and values[j] < ihi:
            values[j] += 1
            diff -= 1
        elif diff < 0 and values[j] > ilo:
            values[j] -= 1
            diff += 1
        i += 1
    return [round(v / scale, 6) if step < 1 else int(v) for v in values]


def fake_email(first: str, last: str, domain: str) -> str:
    local = f"{first[0]}.{last.replace(' ', '').replace(chr(39), '')}".lower()
    return f"{local}@{domain}"


def fake_phone(rng: np.random.Generator) -> str:
    return f"06-{int(rng.integers(10_000_000, 99_999_999))}"


# ---------------------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------------------
def generate(year: int, root: Path | None = None) -> pd.DataFrame:
    inputs = load_inputs(year, root)
    structure = solve_structure(inputs)
    builder = DemoBuilder(inputs, structure)
    builder.fill_dimensions()
    builder.fill_structure()
    builder.fill_rest()
    builder.leak_personal_data()
    return builder.export()


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Fixed formatting: integers without '.0', decimals as needed, empty for missing."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return str(int(value)) if float(value).is_integer() else repr(round(float(value), 6))
    return str(value)


def demo_export_path(year: int, root: Path | None = None) -> Path:
    """Where the demo export of `year` is shipped: the year's export in config/report.yml."""
    return load_config(root).sources(year).export


def write_demo(year: int, root: Path | None = None) -> Path:
    path = demo_export_path(year, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, to_csv_bytes(generate(year, root)))  # killed half-way: never half an export
    return path
