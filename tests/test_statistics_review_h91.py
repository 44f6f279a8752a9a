"""Statistics review h91 (2026-12-05): what the computations and the printed verdicts must say."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
