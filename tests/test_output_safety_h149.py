"""Review h149 (safety of what a run writes): hostile texts followed into the outputs that earlier reviews
did not plant them in."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from wlzmonitor.compute.report_tables import compute_all
from wlzmonitor.demo.generator import demo_export_path
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.present.table_files import tidy_csv_bytes
from wlzmonitor.present.table_html import table_html
from wlzmonitor.spec.codebook_parse import codebook_for_year, load_codebook
from wlzmonitor.spec.layout import layout_for_year

ROOT = Path(__file__).resolve().parents[1]
MAPPING = "zorgkantoren_uitvoerders"  # Tabel B5: each region's Wlz-uitvoerder, a group label of the codebook


def _with_group_label(tmp_path: Path, label: str) -> Path:
    """The 2026 codebook with the Wlz-uitvoerder group 'Overig' (code 5) relabelled."""
    text = (ROOT / "data" / "codebooks" / "2026.yml").read_text(encoding="utf-8")
    start = text.index("  - key: uitvoerder")
    old = '- {code: 5, label: "Overig"}'
    at = text.index(old, start)
    path = tmp_path / "2026.yml"
    path.write_text(text[:at] + '- {code: 5, label: ' + _yaml_text(label) + '}' + text[at + len(old):], encoding="utf-8")
    return path


def _yaml_text(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def hostile_mapping(tmp_path_factory):
    """Tabel B5 computed from a codebook whose group 'Overig' is called by each hostile label."""
    labels = ['=HYPERLINK("http://evil.example","klik")', "<b>Overig</b> & <script>alert(1)</script>",
              "-Overig", "@SUM(1)", " +Overig"]
    survey = load_survey(demo_export_path(2026), codebook_for_year(2026))
    layout = layout_for_year(2026)
    spec = layout.table(MAPPING)
    out = {}
    for i, label in enumerate(labels):
        codebook = load_codebook(_with_group_label(tmp_path_factory.mktemp(f"cb{i}"), label))
        table = compute_all(replace(layout, tables=[spec]), replace(survey, codebook=codebook))[MAPPING]
        out[label] = (spec, table, codebook)
    return out


def _values(data: bytes) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return [r["value"] for r in rows]


@pytest.mark.parametrize("label", ['=HYPERLINK("http://evil.example","klik")', "-Overig", "@SUM(1)", " +Overig"])
def test_a_mapping_tables_text_value_is_inert_in_its_csv(hostile_mapping, label):
    """Before: the tidy CSV wrote a text value (a group label) as it was, while its row and column were made inert:
    tables/zorgkantoren_uitvoerders.csv held '=HYPERLINK(…)' in the value column, a formula in Excel."""
    spec, table, _ = hostile_mapping[label]
    values = _values(tidy_csv_bytes(table, spec))
    assert values.count("'" + label) == 4  # the four regions of 'Overig'
    assert label not in values
    assert "Zilveren Kruis" in values  # the other groups as they were


def test_numbers_in_the_csv_are_never_made_text(hostile_mapping):
    """The value column's numbers stay numbers: a negative NPS is written -3, not '-3."""
    import pandas as pd

    table = pd.DataFrame({"row": ["NPS"], "column": ["2024"], "value": [-3.0], "n": [107.0],
                          "row_code": ["NPS"], "column_code": [2024]})
    assert _values(tidy_csv_bytes(table)) == ["-3"]


def test_a_mapping_tables_text_value_is_escaped_in_its_page(hostile_mapping):
    """Before: the Styler put a text cell into the page as it was: '<b>Overig</b>' printed bold and the script
    element was markup in Tabel B5 (the column headers and row labels were escaped)."""
    label = "<b>Overig</b> & <script>alert(1)</script>"
    spec, table, codebook = hostile_mapping[label]
    page = table_html(spec, table, codebook, small_base=20)
    assert "<b>" not in page and "<script" not in page
    assert page.count("&lt;b&gt;Overig&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</td>") == 4
