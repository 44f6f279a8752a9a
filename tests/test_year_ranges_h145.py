"""Review h145: a range of years ending in the survey year or the year before is a typed year, whatever joins its
ends. "2021–2025" and "2021 t/m 2025" were warned, "2021-2025", "2021 -2025" and "2021/2025" were not (the hyphen
or slash before the end year was read as a date's: "1-12-2025"); "2021 -2025" was warned as a typed figure
'-2025' instead. Dates written in digits, amounts, page ranges and two-digit years stay unwarned. Each test of a
range fails without the change; the controls pass both ways, but for an ISO date ("2025-12-01", warned before, now
a date as "1-12-2025" is) and the end of a finished series ("2021-2023": now a typed year, not warned)."""

from __future__ import annotations

import pytest

from new_wave import repository
from test_table_note_years_h142 import _findings as check_year_findings
from wlzmonitor.spec.prose import typed_figure_problems, typed_year_problems, typed_years

ADVICE = "(stale in next year's report; a fixed date such as 'in 2027 voor het eerst gesteld' stays as it is)"
WARNED_2025 = f"‘2025’ typed into the prose: write {{vorig_jaar}} {ADVICE}"
WARNED_2026 = f"‘2026’ typed into the prose: write {{jaar}} {ADVICE}"


@pytest.mark.parametrize("text", [
    "Tarieven 2021-2025.",  # hyphen: not warned before
    "Tarieven 2021 -2025.",  # not warned before (a typed figure '-2025' instead)
    "Tarieven 2021- 2025.",
    "Tarieven 2021 - 2025.",
    "Tarieven 2021–2025.",  # en dash
    "Tarieven 2021 – 2025.",
    "Tarieven 2021—2025.",  # em dash
    "Tarieven 2021/2025.",  # slash: not warned before
    "Tarieven 2021 t/m 2025.",
    "Tarieven 2021 tot en met 2025.",
    "Tarieven tussen 2021 en 2025.",
    "‘Monitor Wlz-zorgcontractering 2021-2025’ (ActiZ)",  # a quoted title: a warning, the title stays as it is
])
def test_a_range_ending_in_the_year_before_is_warned_however_it_is_joined(text):
    assert typed_year_problems(text, 2026) == [WARNED_2025]
    assert typed_years(text) == [2021, 2025]


@pytest.mark.parametrize("text", ["Tarieven 2025-2026.", "Tarieven 2025/2026.", "Tarieven 2025 -2026."])
def test_both_ends_of_a_range_of_the_last_two_years_are_warned(text):
    assert typed_year_problems(text, 2026) == [WARNED_2025, WARNED_2026]


def test_the_end_of_a_range_typed_with_a_spaced_hyphen_is_no_typed_figure():
    assert typed_figure_problems("Tarieven 2021 -2025.") == []
    assert typed_figure_problems("De NPS was in 2025 -12.") == [  # a signed score after a year still is one
        "‘-12’ typed into the prose: a figure must come from its table — write the placeholder ({key:ROW}) that "
        "prints it"]


@pytest.mark.parametrize("text, years", [
    ("Zie p. 12-14.", []),  # a page range
    ("Een bedrag van 2.021-2.025 euro.", []),  # amounts
    ("Een tarief van 2025,50 of 2026%.", []),
    ("Gegevens per 12-2025.", []),  # a month and year
    ("Peildatum 1-12-2025, 1/12/2025 of 01.12.2025.", []),  # dates in digits
    ("Peildatum 2025-12-01 of 2025-12.", []),
    ("Tarieven '21-'25.", []),  # two-digit years are not read as years ("2021-25" is a range since h154)
    ("Bel 0800-2025.", []),
    ("In {jaar} vroeg {maatwerk:1@2026} erom; {maatwerk:1@2025}-2025.", []),
    ("Reeks 2021-2023 uit eerdere rapporten.", [2021, 2023]),  # a finished series: typed, but not warned
])
def test_what_is_no_range_ending_in_the_last_two_years_is_not_warned(text, years):
    assert typed_year_problems(text, 2026) == []
    assert typed_years(text) == years


def test_check_year_warns_a_hyphenated_range_in_a_table_note(tmp_path, monkeypatch):
    """Through check-year, as a layout's note is read (the 2026 layout's table 2)."""
    root = repository(tmp_path)
    layout = root / "data" / "reports" / "2026" / "tables.yml"
    text = layout.read_text(encoding="utf-8")
    anchor = "  - key: tariefpercentage_hoger_lager\n"
    assert text.count(anchor) == 1
    layout.write_text(text.replace(anchor, f'{anchor}    note: "Reeks 2021-2025"\n'), encoding="utf-8")
    assert check_year_findings(root, monkeypatch) == [
        "WARNING: [prose] data/reports/2026/tables.yml:31 (Tabel 2 (tariefpercentage_hoger_lager)): ‘2025’ typed "
        f"into the table note (note) ‘Reeks 2021-2025’: write {{vorig_jaar}} {ADVICE}"]
