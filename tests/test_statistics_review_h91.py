"""Statistics review h91 (2026-12-05): what the computations and the printed verdicts must say."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wlzmonitor.compute import trends
from wlzmonitor.compute.audit import share_findings
from wlzmonitor.compute.trends import COLUMNS
from wlzmonitor.present.table_html import change_html
from wlzmonitor.spec.layout import TableSpec

NPS = TableSpec(key="nps", number="Tabel 37", chapter="x", question="nps", kind="nps",
                rows=("Critici", "Neutralen", "Fans", "NPS"), columns=(2024, 2025, 2026))
MEANS = TableSpec(key="last", number="Tabel 34", chapter="x", question="last", kind="scale_means",
                  rows=("a", "b"), columns=(2024, 2025, 2026))


def test_an_nps_or_mean_trend_table_says_it_was_not_tested():
    """The methods page says every trend table states whether a figure changed; the NPS (Tabel 37) and the
    means of Tabel 34 have no year-on-year test, and nothing under them said so: a reader could take the
    silence for "no change". They now say "niet getoetst" and why."""
    empty = pd.DataFrame(columns=COLUMNS)
    for spec, what in ((NPS, "NPS"), (MEANS, "gemiddelden")):
        out = change_html(spec, empty, 2026, alpha=0.05)
        assert "Niet getoetst tegen 2025" in out and what in out, out
    assert change_html(NPS, empty, 2024, alpha=0.05) == ""  # no earlier column: nothing to say


def test_yes_no_rows_are_one_test_also_beside_an_option_nobody_chose():
    """'Ja' and 'Nee' are one comparison when their counts are complements in both years; a third option
    with 0% in both years (no p-value) does not make them two tests in the Holm family."""
    rows = []
    for code, prev, now in (("1", 40, 27), ("2", 72, 95), ("3", 0, 0)):
        rows.append({"table_key": "t", "row": code, "row_code": code, "p_previous": 100 * prev / 112,
                     "p_current": 100 * now / 122, "n_previous": 112.0, "n_current": 122.0,
                     "x_previous": float(prev), "x_current": float(now),
                     "p_value": 0.03 if code != "3" else np.nan})
    keys = trends._hypotheses(pd.DataFrame(rows), {"t": "single"})
    assert keys[0] == keys[1] and keys[2] != keys[0]


def test_a_count_and_share_cell_rounded_half_to_even_is_no_impossible_share():
    """'1 (12%)' of 8 (12,5% rounded half to even, as R or Python print it) was called impossible by the
    count check, while the base check accepts half-to-even (review 2026-12-04); both now accept it."""
    cells = pd.DataFrame([
        {"table": "Tabel 38", "column": "Overig", "col_index": 1, "row": "Critici", "row_index": 0,
         "unit": "count", "value": 1, "value_pct": 12.0},
        {"table": "Tabel 38", "column": "Overig", "col_index": 1, "row": "Neutralen", "row_index": 1,
         "unit": "count", "value": 2, "value_pct": 25.0},
        {"table": "Tabel 38", "column": "Overig", "col_index": 1, "row": "Fans", "row_index": 2,
         "unit": "count", "value": 5, "value_pct": 62.0},
    ])
    meta = pd.DataFrame([{"table": "Tabel 38", "bases": ""}])
    spec = TableSpec(key="nps__u", number="Tabel 38", chapter="x", question="nps", kind="nps_by",
                     rows=("Critici", "Neutralen", "Fans"), columns=(1,), by="uitvoerder")

    class Layout:
        tables = [spec]

    assert share_findings(Layout(), cells, meta) == []
    wrong = cells.assign(value_pct=[12.0, 25.0, 60.0])  # 5 of 8 is 62,5%: 62 or 63, never 60
    assert [f["published"] for f in share_findings(Layout(), wrong, meta)] == ["60%"]
