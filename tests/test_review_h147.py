"""Review h147 of the three commits after d0f6bf6. Each test fails on main before its fix.

1. check-year's typed year (review h145's range rule): the start of a range must stand alone as a year does, so a
   file name or a URL ("export_2025-2026.csv", "…/monitor-2025-2026") is no range ending in 2026; and one or two
   spaces (or a no-break space, read as a space) before the joining hyphen, or a minus sign, still make a range
   ("2021  -2025", "2021 −2025": warned as a typed figure '-2025' before, the year not at all).
"""

from __future__ import annotations

import pytest

from wlzmonitor.spec.prose import typed_figure_problems, typed_year_problems, typed_years

ADVICE = "(stale in next year's report; a fixed date such as 'in 2027 voor het eerst gesteld' stays as it is)"
WARNED_2025 = f"‘2025’ typed into the prose: write {{vorig_jaar}} {ADVICE}"


@pytest.mark.parametrize("text", [
    "Zie het bestand export_2025-2026.csv.",
    "Zie het bestand export-2025-2026.csv.",
    "Zie https://www.actiz.nl/monitor-2025-2026 voor de vorige editie.",
])
def test_a_file_name_or_url_with_two_years_is_no_typed_range(text):
    assert typed_years(text) == []
    assert typed_year_problems(text, 2026) == []


@pytest.mark.parametrize("text", [
    "Tarieven 2021  -2025.",  # two spaces
    "Tarieven 2021 \u00a0-2025.",  # a space and a no-break space
    "Tarieven 2021 \u22122025.",  # a minus sign
])
def test_a_range_with_two_spaces_or_a_minus_before_its_end_is_a_typed_year_not_a_figure(text):
    assert typed_years(text) == [2021, 2025]
    assert typed_year_problems(text, 2026) == [WARNED_2025]
    assert typed_figure_problems(text) == []
