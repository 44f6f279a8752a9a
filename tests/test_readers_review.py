"""What a reader met that the tests did not cover, from a review of the report as its readers get it (helper
review, 2026-12-05): bold text the PDF printer dropped, link names lost on a phone, value labels below WCAG
contrast on chart bars, a herschikking card that did not say its year, settings and keys in English or code."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.present import charts
from wlzmonitor.present.figures_text import KeyFigures
from wlzmonitor.spec.layout import TableSpec

CSS = Path(charts.__file__).parents[1] / "run" / "templates" / "nbconvert" / "wlz_report" / "report.css"


def test_every_font_weight_is_one_the_pdf_printer_reads():
    """WeasyPrint takes only multiples of 100 (and the keywords): 'font-weight: 650' was dropped, so the PDF printed
    every 'Tabel N' title and the significant verdicts ('in rood en vet') in regular weight."""
    weights = re.findall(r"font-weight:\s*([^;}\s]+)", CSS.read_text(encoding="utf-8"))
    assert weights and all(w in ("normal", "bold", "bolder", "lighter") or (w.isdigit() and int(w) % 100 == 0)
                           for w in weights), weights


def test_the_navigation_titles_are_hidden_for_the_eye_only_on_a_phone():
    """Below 40rem `.nav-titel` was `display: none`: the links' names became a bare 'Vorige' / 'Volgende' for a
    screen reader on every page."""
    css = CSS.read_text(encoding="utf-8")
    rule = re.search(r"\.nav-titel\s*\{([^}]*)\}", css)
    assert rule and "display: none" not in rule.group(1) and "clip" in rule.group(1)


@pytest.mark.parametrize("colour", sorted({*charts._CB, charts._POS_STRONG, charts._POS, charts._POS_LIGHT,
                                           charts._MIDDLE, charts._NEG, charts._NEG_STRONG, charts._NEUTRAL,
                                           charts._UNKNOWN, charts._NOT_APPLICABLE, charts._OTHER,
                                           *charts.YEAR_COLORS.values()}))
def test_a_value_label_on_a_bar_has_the_contrast_small_text_needs(colour):
    """The label colour was chosen by a gamma-encoded luma: white on green (#029e73, 3.4:1) and on vermilion
    (#d55e00, 3.9:1). By WCAG contrast it reaches 4.5:1 on every colour the charts use."""
    assert charts.contrast_ratio(charts._text_color(colour), colour) >= 4.5
    assert round(charts.contrast_ratio("white", "#000000"), 6) == 21.0  # the WCAG formula itself


def test_a_key_figure_of_the_year_before_says_its_year():
    """The herschikking cards (the table prints each survey year as the year before) showed '75% … 2024: 71%' and
    never said the large figure is 2025's."""
    from wlzmonitor.present.key_figures import key_figure

    spec = TableSpec(key="hers", number="Tabel 21", chapter="03_herschikking", question="hers", kind="single",
                     rows=(1, 2), columns=(2024, 2025, 2026), column_labels={2024: "2023", 2025: "2024", 2026: "2025"})
    table = pd.DataFrame([("Ja", "2023", 80.0, 100, 1, 2024), ("Ja", "2024", 71.0, 110, 1, 2025),
                          ("Ja", "2025", 75.0, 120, 1, 2026), ("Nee", "2023", 20.0, 100, 2, 2024),
                          ("Nee", "2024", 29.0, 110, 2, 2025), ("Nee", "2025", 25.0, 120, 2, 2026)],
                         columns=["row", "column", "value", "n", "row_code", "column_code"])
    figures = KeyFigures(2026, {"hers": spec}, {"hers": table})
    card = key_figure(figures, pd.DataFrame(), spec, table, "1", "bereikte overeenstemming", year=2026)
    assert card.label == "bereikte overeenstemming (cijfer over 2025)" and card.previous == "2024: 71%"
    same_year = TableSpec(key="hers", number="Tabel 21", chapter="x", question="hers", kind="single", rows=(1, 2),
                          columns=(2024, 2025, 2026))
    plain = table.assign(column=table["column_code"].astype(str))
    card = key_figure(KeyFigures(2026, {"hers": same_year}, {"hers": plain}), pd.DataFrame(), same_year, plain, "1",
                      "bereikte overeenstemming", year=2026)
    assert card.label == "bereikte overeenstemming"


def test_the_appendices_name_no_setting_in_english_and_no_bare_key():
    """Bijlage 1 printed '(instelling presentation: intervals)' and '(instelling weighting: enabled)'; Bijlage 4
    'sleutel tevredenheid_tarief' without saying what the key is."""
    from wlzmonitor.present import appendix

    source = Path(appendix.__file__).read_text(encoding="utf-8")
    assert "instelling presentation" not in source and "instelling weighting" not in source
    assert "sleutel <code>" not in source and source.count("in de gegevensbestanden: ") == 2


def test_a_shortened_chart_description_says_where_every_figure_is():
    """An alt text too long for every category keeps each bar's largest ones: it now says that every figure is in
    the table (Tabel 30's alt named 'Gelijk 71%' per item and never the 'Verslechterd 25%' its text is about)."""
    rows = [f"Een lange antwoordcategorie met veel woorden nummer {i}" for i in range(1, 9)]
    spec = TableSpec(key="m", number="Tabel 30", chapter="x", question="m", kind="multi", rows=tuple(range(1, 9)),
                     columns=(2024, 2025, 2026))
    table = pd.DataFrame([(label, str(year), 10.0 + i + (year - 2024), 100, i + 1, year)
                          for i, label in enumerate(rows) for year in (2024, 2025, 2026)],
                         columns=["row", "column", "value", "n", "row_code", "column_code"])
    alt = charts.alt_text(spec, table)
    assert "grootste categorie" in alt and alt.endswith(" Alle cijfers staan in Tabel 30.")
    assert len(alt) <= charts.ALT_TEXT_LIMIT
    short = charts.alt_text(spec, table[table["row_code"] <= 2])
    assert "Alle cijfers staan" not in short and "grootste" not in short


def test_a_cell_without_a_figure_prints_the_dash_its_chart_prints():
    """Tabel 33/34 (no HLO-opslag figure for 2024/2025) and Tabel 2 had empty cells where the chart drew '–': a
    screen reader read 'leeg' without a reason."""
    from wlzmonitor.present.table_html import wide_table

    spec = TableSpec(key="v", number="Tabel 9", chapter="x", question="v", kind="single", rows=(1, 2),
                     columns=(2024, 2025, 2026))
    table = pd.DataFrame([("Ja", "2025", 35.0, 112, 1, 2025), ("Ja", "2026", 22.0, 122, 1, 2026),
                          ("Nee", "2025", 65.0, 112, 2, 2025), ("Nee", "2026", 78.0, 122, 2, 2026),
                          ("Ja", "2024", float("nan"), 0, 1, 2024), ("Nee", "2024", float("nan"), 0, 2, 2024)],
                         columns=["row", "column", "value", "n", "row_code", "column_code"])

    class _Codebook:
        def __contains__(self, key):
            return False

    wide = wide_table(spec, table, _Codebook(), small_base=20)
    assert wide.to_dict("list") == {"2024 *": ["–", "–"], "2025": ["35%", "65%"], "2026": ["22%", "78%"]}
