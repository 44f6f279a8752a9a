"""Integer allocation of answers so that the published figures come out.

A respondent has one omzetgroep and one uitvoerder, so the appendix breakdowns by omzetgroep
(B6-B22) and by uitvoerder (B23-B37) constrain the same people. We solve for counts per *cell*
(omzetgroep x uitvoerder) with one mixed-integer program (`scipy.optimize.milp`, HiGHS):

    M[c]        respondents in cell c
    X[u][c][a]  respondents in cell c answering a on answer unit u
    sum_a X[u][c][a] = E_u[c]      (E: the respondents routed to u, linear in M and gate units)

A published percentage p of answer a in group g (a set of cells) means the report rounded
100*count/base to p, i.e. (p - 0.5) * base <= 100 * count < (p + 0.5) * base: linear in the
counts even when the base is itself a variable. Every target gets slack variables with a cost,
so contradictions in the publication make the program pay a cost instead of failing; the
reproduction test then shows where, and the known-discrepancies file says why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from wlzmonitor.demo.targets import Target

Expr = dict[int, float]  # variable index -> coefficient (plus key -1 for a constant)


class LinearModel:
    """A small builder for `scipy.optimize.milp` problems."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.cost: list[float] = []
        self.rows: list[tuple[Expr, float, float]] = []
        self.slack_labels: dict[int, str] = {}
        # Stop once the best allocation found is within 2% of the proven bound: the unavoidable
        # cost (contradictions in the publication) dominates, and a gap, unlike a time limit,
        # keeps the result deterministic.
        self.mip_rel_gap = 0.02
        self.verbose = False

    def var(self, *, lower: float = 0.0, upper: float = np.inf, integer: bool = True, cost: float = 0.0) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        self.cost.append(cost)
        return len(self.cost) - 1

    def constrain(self, expr: Expr, lower: float = -np.inf, upper: float = np.inf) -> None:
        const = expr.get(-1, 0.0)
        coefs = {k: v for k, v in expr.items() if k != -1 and v != 0}
        self.rows.append((coefs, lower - const, upper - const))

    def solve(self, *, time_limit: float | None = None) -> np.ndarray:
        n = len(self.cost)
        data, rows, cols, lo, hi = [], [], [], [], []
        for i, (coefs, lower, upper) in enumerate(self.rows):
            for j, v in coefs.items():
                rows.append(i)
                cols.append(j)
                data.append(v)
            lo.append(lower)
            hi.append(upper)
        matrix = coo_matrix((data, (rows, cols)), shape=(len(self.rows), n)).tocsr()
        options = {"disp": self.verbose, "presolve": True, "mip_rel_gap": self.mip_rel_gap}
        if time_limit:
            options["time_limit"] = time_limit
        result = milp(
            c=np.array(self.cost),
            integrality=np.array(self.integer),
            bounds=Bounds(np.array(self.lower), np.array(self.upper)),
            constraints=LinearConstraint(matrix, np.array(lo), np.array(hi)),
            options=options,
        )
        if result.x is None:
            raise RuntimeError(f"allocation failed: {result.message}")
        return result.x


def add(*exprs: Expr, scale: float = 1.0) -> Expr:
    out: Expr = defaultdict(float)
    for e in exprs:
        for k, v in e.items():
            out[k] += v * scale
    return dict(out)


def scaled(expr: Expr, factor: float) -> Expr:
    return {k: v * factor for k, v in expr.items()}


@dataclass
class Unit:
    """An answer unit: a single question, a matrix item, one multi option, or the NPS category."""

    name: str
    options: list[Any]
    condition: Any  # None (asked of everyone) or one routing leaf (wlzmonitor.spec.codebook.Condition)


@dataclass
class Weights:
    percent: float = 1.0  # per percentage point outside the rounding band
    count: float = 20.0  # per respondent off a published count
    base: float = 2.0  # per respondent off a caption's base n
    guide: float = 0.05  # factor on the percent weight of a share that is only a guide (kind "guide")
    size: float = 0.1  # per respondent off a group size that is only a guide (kind "size")
    closeness: float = 0.001  # tie-break: stay near the published share inside the band


@dataclass
class StructureSolution:
    cells: list[tuple[Any, Any]]
    sizes: dict[tuple[Any, Any], int]
    counts: dict[str, dict[tuple[Any, Any], dict[Any, int]]]
    objective: float
    misses: list[str] = field(default_factory=list)


class CellModel:
    """The joint model over cells = product of the two grouping variables."""

    def __init__(self, dims: dict[str, list[Any]], units: dict[str, Unit], total: int, weights: Weights):
        (self.dim_a, codes_a), (self.dim_b, codes_b) = dims.items()
        self.cells = [(a, b) for a in codes_a for b in codes_b]
        self.units = units
        self.weights = weights
        self.model = LinearModel()
        self.size = {c: self.model.var() for c in self.cells}
        self.x: dict[str, dict[tuple, dict[Any, int]]] = {}
        self.model.constrain({v: 1 for v in self.size.values()}, total, total)
        for name in units:  # units arrive in dependency order
            self._add_unit(name)

    # --- eligibility -------------------------------------------------------------------
    def eligible(self, condition, cell) -> Expr:
        """Linear expression for the respondents of `cell` routed by `condition`.

        `condition` is None (everyone) or a routing leaf with `op` in/not_in, `question`,
        `item` and `codes` (a `wlzmonitor.spec.codebook.Condition`), already resolved to a unit.
        """
        if condition is None:
            return {self.size[cell]: 1.0}
        unit = condition.question + (f".{condition.item}" if condition.item else "")
        if unit not in self.x:
            raise KeyError(f"routing refers to '{unit}', which is not in the model")
        options = self.units[unit].options
        if condition.op == "in":
            chosen = [a for a in options if a in condition.codes]
        elif condition.op == "not_in":
            chosen = [a for a in options if a not in condition.codes]
        else:
            raise NotImplementedError(f"compound routing {condition} cannot be linearised")
        return {self.x[unit][cell][a]: 1.0 for a in chosen}

    def _add_unit(self, name: str) -> None:
        unit = self.units[name]
        self.x[name] = {}
        for cell in self.cells:
            self.x[name][cell] = {a: self.model.var() for a in unit.options}
            answered = {v: 1.0 for v in self.x[name][cell].values()}
            self.model.constrain(add(answered, scaled(self.eligible(unit.condition, cell), -1.0)), 0, 0)

    # --- targets ----------------------------------------------------------------------
    def group_cells(self, by: str | None, group) -> list:
        if by is None:
            return self.cells
        if by == self.dim_a:
            return [c for c in self.cells if c[0] == group]
        if by == self.dim_b:
            return [c for c in self.cells if c[1] == group]
        raise KeyError(f"unknown grouping '{by}'")

    def count_expr(self, unit: str, option, cells) -> Expr:
        if unit == self.dim_a or unit == self.dim_b:
            return {self.size[c]: 1.0 for c in self.group_cells(unit, option) if c in cells}
        return {self.x[unit][c][option]: 1.0 for c in cells}

    def base_expr(self, unit: str, cells) -> Expr:
        if unit == self.dim_a or unit == self.dim_b:
            return {self.size[c]: 1.0 for c in cells}
        return add(*(self.eligible(self.units[unit].condition, c) for c in cells))

    def add_target(self, t: Target, expected_base: float) -> None:
        cells = self.group_cells(t.by, t.group)
        if t.kind == "nps":  # fans - critici (NPS categories 3 and 1), banded like a percentage
            count = add(self.count_expr(t.unit, 3, cells), scaled(self.count_expr(t.unit, 1, cells), -1.0))
        else:
            count = self.count_expr(t.unit, t.option, cells)
        label = f"{t.table}: {t.unit}={t.option} in {t.by or 'alle'} {t.group if t.by else ''} ({t.kind} {t.value:g})"
        if t.kind == "count":
            self._soft_equal(count, t.value, self.weights.count, label)
            return
        if t.kind == "size":  # a group size that is only a guide (not published for the year)
            self._soft_equal(count, t.value, self.weights.size, label)
            return
        base = self.base_expr(t.unit, cells)
        w = self.weights.percent / max(expected_base, 1.0)
        if t.kind == "guide":  # a plausible share, not a published one
            w *= self.weights.guide
        over = self.model.var(integer=False, cost=w)
        under = self.model.var(integer=False, cost=w)
        self.model.slack_labels[over] = label + " too high"
        self.model.slack_labels[under] = label + " too low"
        # 100*count < (p + 0.5)*base   <=>   100*count <= (p + 0.5)*base - 0.5   (integers)
        self.model.constrain(add(scaled(count, 100.0), scaled(base, -(t.value + 0.5)), {over: -1.0}), upper=-0.5)
        # 100*count >= (p - 0.5)*base
        self.model.constrain(add(scaled(count, 100.0), scaled(base, -(t.value - 0.5)), {under: 1.0}), lower=0.0)

    def soft_equal(self, expr: Expr, value: float, weight: float, label: str) -> None:
        over = self.model.var(integer=False, cost=weight)
        under = self.model.var(integer=False, cost=weight)
        self.model.slack_labels[over] = label + " too high"
        self.model.slack_labels[under] = label + " too low"
        self.model.constrain(add(expr, {over: -1.0, under: 1.0}), value, value)

    _soft_equal = soft_equal

    def solve(self) -> StructureSolution:
        x = self.model.solve()
        sizes = {c: int(round(x[v])) for c, v in self.size.items()}
        counts = {
            unit: {c: {a: int(round(x[v])) for a, v in by_option.items()} for c, by_option in per_cell.items()}
            for unit, per_cell in self.x.items()
        }
        objective = float(np.dot(self.model.cost, x))
        misses = [f"{label}: {x[v]:.2f}" for v, label in self.model.slack_labels.items() if x[v] > 1e-6]
        return StructureSolution(self.cells, sizes, counts, objective, misses)


def allocate_total(options: list, base: int, targets: Iterable[Target], weights: Weights | None = None) -> dict:
    """Counts per option for one group of `base` respondents that reproduce the published shares."""
    weights = weights or Weights()
    targets = [t for t in targets if t.by is None]
    model = LinearModel()
    x = {a: model.var(upper=base) for a in options}
    model.constrain({v: 1.0 for v in x.values()}, base, base)
    for t in targets:
        if t.option not in x:
            raise KeyError(f"{t.table}: option {t.option!r} is not an option of {t.unit}")
        if t.kind == "count":
            over, under = model.var(integer=False, cost=weights.count), model.var(integer=False, cost=weights.count)
            model.constrain({x[t.option]: 1.0, over: -1.0, under: 1.0}, t.value, t.value)
            continue
        w = weights.percent / max(base, 1)
        over, under = model.var(integer=False, cost=w), model.var(integer=False, cost=w)
        model.constrain({x[t.option]: 100.0, over: -1.0, -1: -(t.value + 0.5) * base}, upper=-0.5)
        model.constrain({x[t.option]: 100.0, under: 1.0, -1: -(t.value - 0.5) * base}, lower=0.0)
        pos, neg = model.var(integer=False, cost=weights.closeness * w), model.var(integer=False, cost=weights.closeness * w)
        model.constrain({x[t.option]: 100.0, pos: -1.0, neg: 1.0, -1: -t.value * base}, 0, 0)
    solution = model.solve()
    return {a: int(round(solution[v])) for a, v in x.items()}
