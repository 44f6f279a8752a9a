"""Published versus computed: every published figure of a year beside what the pipeline computes.

One row per published figure of the survey year (percentages, means, NPS, counts, and the base n
each caption states), with the computed value, whether it equals the published figure after
rounding the way the report rounds (half up, to the printed number of decimals), and whether it
lies within the tolerance (1 percentage point, 0.01 on a mean, 1 NPS point). Known contradictions
in the publication are listed in `data/published/<year>/known_discrepancies.yml` with the reason;
`check()` fails on any deviation that is not listed there, and on listed ones that no longer deviate.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.alignment import align_table, current_column
from wlzmonitor.spec.layout import ReportLayout
from wlzmonitor.spec.config import load_config
from wlzmonitor.compute.tables import round_half_up
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text

TOLERANCE = {"percent": 1.0, "mean": 0.01, "nps": 1.0, "count": 0.0, "n": 0.0, "number": 0.0}


def _decimals(raw: str) -> int:
    text = str(raw).replace("%", "").strip()
    return len(text.split(",", 1)[1]) if "," in text else 0


def _measure(spec_kind: str, unit: str, column_code) -> str:
    if unit == "blank":
        return "percent"
    if spec_kind == "numeric":
        return "mean" if column_code == "Gemiddeld" else "count" if column_code == "Aantal" else "number"
    if spec_kind == "frequency":
        return "count" if column_code == "Aantal" else "percent"
    if spec_kind == "response":
        return "percent" if unit == "percent" else "count"
    return unit


def compare(layout: ReportLayout, computed: dict[str, pd.DataFrame], cells: pd.DataFrame,
            tables: pd.DataFrame) -> pd.DataFrame:
    """Published figures of the survey year with the computed ones, one row per figure."""
    year = layout.year
    rows: list[dict] = []
    bases = tables.set_index("table")["bases"].fillna("").to_dict()
    for spec in layout.tables:
        if spec.kind == "mapping":
            continue
        table = computed[spec.key]
        lookup = {(r.row_code, r.column_code): (r.value, r.n) for r in table.itertuples()}
        now = current_column(spec, year)
        for cell in align_table(spec, cells).itertuples():
            if cell.unit == "text" or (spec.kind == "numeric" and cell.unit == "blank"):
                continue  # 'nvt', or no mean/min/max where nobody answered
            if now is not None and cell.column_code != now:
                continue  # earlier years are shown as published
            if spec.kind == "nps_by" and str(cell.row_code).startswith("NPS ") and cell.row_code != f"NPS {year}":
                continue
            if spec.kind == "response" and cell.column_code != year:
                continue
            value, n = lookup.get((cell.row_code, cell.column_code), (np.nan, np.nan))
            published = 0.0 if cell.unit == "blank" else float(cell.value)
            measure = _measure(spec.kind, cell.unit, cell.column_code)
            decimals = _decimals(cell.raw)
            if spec.kind == "nps_by" and measure == "count" and cell.row_code in {"Critici", "Neutralen", "Fans"}:
                # printed as "N (P%)": the count and the percentage are both figures
                count = value * n / 100.0
                rows.append(_row(spec, cell, "count", cell.value, count, n, 0))
                rows.append(_row(spec, cell, "percent", cell.value_pct, value, n, 0))
                continue
            if spec.kind == "nps_by" and cell.row_code == "Totaal (N)":
                measure = "count"
            rows.append(_row(spec, cell, measure, published, value, n, decimals))
        # the base n the caption gives for the survey year
        parts = dict(p.split("=", 1) for p in str(bases.get(spec.number, "")).split(";") if "=" in p)
        label = spec.column_label(year)
        caption = parts.get(label, parts.get("*"))
        if caption and caption.isdigit():
            computed_n = _current_base(spec, table, now)
            rows.append({"table": spec.number, "table_key": spec.key, "row_code": "", "column_code": label,
                         "measure": "n", "published": float(caption), "computed": computed_n, "n": computed_n,
                         "decimals": 0})
    out = pd.DataFrame(rows)
    out["rounded"] = [round_half_up(v, d) if pd.notna(v) else np.nan for v, d in zip(out["computed"], out["decimals"])]
    out["equal"] = np.isclose(out["rounded"], out["published"], atol=1e-9)
    out["deviation"] = out["computed"] - out["published"]
    out["tolerance"] = out["measure"].map(TOLERANCE).astype(float)
    out["within_tolerance"] = out["deviation"].abs() <= out["tolerance"] + 0.5 * 10.0 ** (-out["decimals"]) * (out["measure"] == "mean") + 1e-9
    return out


def _current_base(spec, table: pd.DataFrame, now) -> float:
    """The base n of the survey year's figures in a computed table (largest, for matrices)."""
    if now is not None:
        part = table[table["column_code"] == now]
    elif spec.is_breakdown or spec.kind == "nps_by":
        part = table[table["column_code"] == "Totaal"]
    elif spec.kind == "numeric":
        part = table[table["row_code"] == spec.rows[0]]
    else:
        part = table
    return float(part["n"].max()) if len(part) else np.nan


def _row(spec, cell, measure, published, computed, n, decimals) -> dict:
    return {"table": spec.number, "table_key": spec.key, "row_code": cell.row_code, "column_code": cell.column_code,
            "measure": measure, "published": float(published), "computed": float(computed) if pd.notna(computed) else np.nan,
            "n": n, "decimals": decimals}


# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KnownDiscrepancy:
    table: str
    row: object
    column: object
    measure: str
    published: float
    reason: str
    toelichting: str = ""  # the reason in Dutch, for the reproduction page of the report
    beyond_tolerance: bool = False  # the deviation may exceed the tolerance (another base than printed)


def load_known_discrepancies(year: int, root: Path | None = None) -> list[KnownDiscrepancy]:
    """The published figures of `year` that are known to disagree with the report itself, with the reason."""
    path = load_config(root).sources(year).known_discrepancies
    if not path.exists():
        return []
    try:
        data = yaml.load(read_input_text(path), Loader=StrictLoader) or {}  # noqa: S506 (safe loader)
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: not valid YAML: {yaml_error_text(err)}") from None
    entries = data.get("discrepancies", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{path}: expected discrepancies: a list of entries (table, row, column, published, reason)")
    out = []
    for i, d in enumerate(entries, 1):
        try:
            out.append(KnownDiscrepancy(d["table"], d.get("row", ""), d.get("column", ""), d.get("measure", "percent"),
                                        float(d["published"]), d["reason"].strip(), str(d.get("toelichting", "")).strip(),
                                        bool(d.get("beyond_tolerance", False))))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise InputError(f"{path}: discrepancy {i}: expected table, published (a number) and reason (text); "
                             f"{type(err).__name__}: {err}") from None
    return out


def annotate(comparison: pd.DataFrame, known: list[KnownDiscrepancy]) -> pd.DataFrame:
    """Add the reason for every listed discrepancy (`explanation`, empty when not listed)."""
    out = comparison.copy()
    reasons = {(k.table, str(k.row), str(k.column), k.measure): k for k in known}
    out["explanation"] = [
        reasons[key].reason if key in reasons else ""
        for key in zip(out["table"], out["row_code"].astype(str), out["column_code"].astype(str), out["measure"])
    ]
    out["toelichting"] = [
        reasons[key].toelichting if key in reasons else ""
        for key in zip(out["table"], out["row_code"].astype(str), out["column_code"].astype(str), out["measure"])
    ]
    return out


def check(comparison: pd.DataFrame, known: list[KnownDiscrepancy]) -> list[str]:
    """Problems: unexplained deviations, explained ones beyond tolerance, stale or wrong entries."""
    annotated = annotate(comparison, known)
    loose = {(k.table, str(k.row), str(k.column), k.measure) for k in known if k.beyond_tolerance}
    problems = []
    for r in annotated.itertuples():
        where = f"{r.table} [{r.row_code} / {r.column_code}] {r.measure}: published {r.published:g}, computed {r.computed:.4g}"
        if not r.equal and not r.explanation:
            problems.append(f"{where}: differs after rounding and is not in known_discrepancies.yml")
        if (not r.within_tolerance and r.measure not in {"n", "count"}
                and (r.table, str(r.row_code), str(r.column_code), r.measure) not in loose):
            problems.append(f"{where}: beyond the tolerance of {r.tolerance:g}")
    listed = {(t, str(a), str(b), m) for t, a, b, m in zip(annotated["table"], annotated["row_code"].astype(str),
                                                         annotated["column_code"].astype(str), annotated["measure"])}
    for k in known:
        key = (k.table, str(k.row), str(k.column), k.measure)
        if key not in listed:
            problems.append(f"known discrepancy {key} matches no published figure")
            continue
        hit = annotated[(annotated["table"] == k.table) & (annotated["row_code"].astype(str) == str(k.row))
                        & (annotated["column_code"].astype(str) == str(k.column)) & (annotated["measure"] == k.measure)]
        if hit["equal"].all():
            problems.append(f"known discrepancy {key} no longer deviates; remove it")
        if not np.isclose(hit["published"].iloc[0], k.published):
            problems.append(f"known discrepancy {key}: published figure is {hit['published'].iloc[0]:g}, the list says {k.published:g}")
    return problems
