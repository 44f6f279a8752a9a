"""Statistics review h91 (2026-12-05): what the computations and the printed verdicts must say."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wlzmonitor.compute import trends
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
