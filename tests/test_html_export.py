"""html_export: offline, code-free, deterministic report pages from executed notebooks."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from wlzmonitor.run.html_export import assert_offline, get_exporter, notebook_to_html, prepare_for_report

PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _styler_html(uuid: str | None = None) -> str:
    df = pd.DataFrame({"Ja": [35.0, 41.5], "Nee": [65.0, 58.5]}, index=["2025", "2026"])
    styler = df.style.format("{:.0f}%").set_caption("Tabel 1 (n=122)")
    if uuid is not None:
        styler = styler.set_uuid(uuid)
    return styler.to_html()


def _notebook(*, styler_html: str | None = None, run_stamp: str = "2026-01-01T10:00:00") -> nbformat.NotebookNode:
    """An executed-looking notebook with everything the report must show and must hide."""
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Tarieven en reguliere inkoop\n\nInleiding met **nadruk**.\n\n## Richttarief"),
            new_code_cell('year = 2000\nprint(f"jaar {year}")', metadata={"tags": ["parameters"]}),
            new_code_cell("# Parameters\nyear = 2026\n", metadata={"tags": ["injected-parameters"]}),
            new_code_cell(
                'print(f"jaar {year}")',
                outputs=[
                    new_output("stream", name="stdout", text="jaar 2026\n"),
                    new_output("stream", name="stderr", text="/tmp/ipykernel_1/1.py:3: UserWarning: pas op\n"),
                ],
            ),
            new_code_cell(
                "show_table(t)",
                outputs=[
                    new_output("display_data", data={"text/html": styler_html or _styler_html("t1"), "text/plain": "<Styler>"})
                ],
            ),
            new_code_cell(
                "show_chart(c)",
                outputs=[
                    new_output(
                        "display_data",
                        data={"text/html": f'<figure><img src="data:image/png;base64,{PNG_1PX}" alt="Figuur 1"></figure>'},
                    ),
                    new_output("display_data", data={"image/png": PNG_1PX, "text/plain": "<Figure>"}),
                ],
            ),
            new_code_cell("42", outputs=[new_output("execute_result", data={"text/plain": "42"}, execution_count=7)]),
            new_code_cell(
                "geheim()", metadata={"tags": ["remove_cell"]}, outputs=[new_output("stream", name="stdout", text="GEHEIM-CEL\n")]
            ),
            new_code_cell(
                "intern()",
                metadata={"tags": ["remove_output"]},
                outputs=[new_output("stream", name="stdout", text="GEHEIME-UITVOER\n")],
            ),
            new_markdown_cell("Verborgen notitie", metadata={"tags": ["remove_cell"]}),
            new_code_cell(
                "widget()",
                outputs=[new_output("display_data", data={"application/javascript": "alert(1)", "text/plain": "<JS>"})],
            ),
            new_code_cell(
                "1/0",
                outputs=[
                    new_output(
                        "error", ename="ZeroDivisionError", evalue="division by zero", traceback=["\x1b[31mTRACEBACK-TEKST\x1b[0m"]
                    )
                ],
            ),
        ]
    )
    nb.metadata["papermill"] = {"start_time": run_stamp, "end_time": run_stamp, "duration": 1.23, "parameters": {"year": 2026}}
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{number:03d}"
        cell.metadata["papermill"] = {"start_time": run_stamp, "end_time": run_stamp, "duration": 0.1}
        cell.metadata["execution"] = {"iopub.execute_input": run_stamp}
    return nb


@pytest.fixture(scope="module")
def html() -> str:
    return notebook_to_html(_notebook(), title="Hoofdstuk 1 — Tarieven & inkoop")


def test_page_frame(html):
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"nl\">")
    assert '<meta charset="utf-8">' in html
    assert "<title>Hoofdstuk 1 — Tarieven &amp; inkoop</title>" in html
    assert html.count("<style>") >= 1 and "max-width: 60rem" in html
    assert html.endswith("</html>\n")
    assert notebook_to_html(_notebook(), title="x", lang="en").startswith('<!DOCTYPE html>\n<html lang="en">')


def test_shows_what_a_reviewer_reads(html):
    assert '<h1 id="tarieven-en-reguliere-inkoop">' in html
    assert "jaar 2026" in html
    assert "Tabel 1 (n=122)" in html and "35%" in html
    assert f"data:image/png;base64,{PNG_1PX}" in html
    assert "<pre class=\"text\">42</pre>" in html


def test_hides_code_prompts_stderr_errors_and_tagged_cells(html):
    for absent in (
        "print(f",  # code input
        "show_table(",
        "In&nbsp;[",
        "Out[",
        "UserWarning",  # stderr
        "TRACEBACK-TEKST",  # error output
        "ZeroDivisionError",
        "GEHEIM-CEL",  # remove_cell
        "geheim()",
        "Verborgen notitie",
        "GEHEIME-UITVOER",  # remove_output
        "# Parameters",  # papermill's injected cell
        "alert(1)",  # javascript output
        "cell-id=",
    ):
        assert absent not in html, absent


def test_offline(html):
    assert_offline(html)
    lowered = html.lower()
    assert "<script" not in lowered and "<link" not in lowered
    assert "http://" not in lowered and "https://" not in lowered
    # heading anchors stay local
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', html))


def test_deterministic_and_no_run_metadata():
    first = notebook_to_html(_notebook(run_stamp="2026-01-01T10:00:00"), title="T")
    second = notebook_to_html(_notebook(run_stamp="2027-12-31T23:59:59"), title="T")
    assert first == second
    assert "2026-01-01" not in first and "1.23" not in first


def test_styler_uuids_normalised_but_tables_kept_apart():
    random_a = notebook_to_html(_notebook(styler_html=_styler_html()), title="T")
    random_b = notebook_to_html(_notebook(styler_html=_styler_html()), title="T")
    assert random_a == random_b
    two = _styler_html() + _styler_html()
    page = notebook_to_html(_notebook(styler_html=two), title="T")
    assert 'id="T_u0001"' in page and 'id="T_u0002"' in page
    assert 'id="T_t1"' in notebook_to_html(_notebook(), title="T")  # a set_uuid id is left alone


def test_inline_svg_namespace_dropped():
    nb = new_notebook(
        cells=[
            new_code_cell(
                "svg",
                outputs=[
                    new_output(
                        "display_data",
                        data={"text/html": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4"></svg>'},
                    )
                ],
            )
        ]
    )
    page = notebook_to_html(nb, title="svg")
    assert '<svg width="4"></svg>' in page
    assert_offline(page)


def test_markdown_headings_slugs_and_details():
    nb = new_notebook(
        cells=[
            new_markdown_cell("## Één omzetgroep > €100 mln\n\nZie [de tabel](#tabel).\n\n## Één omzetgroep > €100 mln"),
            new_markdown_cell("<details><summary>Toelichting</summary>\n\nTen dele, want …\n\n</details>\n\nNa."),
        ]
    )
    page = notebook_to_html(nb, title="md")
    assert '<h2 id="een-omzetgroep-100-mln">' in page and '<h2 id="een-omzetgroep-100-mln-2">' in page
    assert 'href="#een-omzetgroep-100-mln"' in page
    details = page[page.index("<details>") : page.index("</details>")]
    assert "<summary>Toelichting</summary>" in details and "Ten dele, want …" in details
    assert "€" in page or "&#8364;" in page


def test_prepare_for_report_leaves_the_input_alone():
    nb = _notebook()
    before = nbformat.writes(nb)
    clean = prepare_for_report(nb)
    assert nbformat.writes(nb) == before
    assert all(not cell.source for cell in clean.cells if cell.cell_type == "code")
    nbformat.validate(clean)


def test_exporter_is_built_once():
    assert get_exporter() is get_exporter()


@pytest.mark.parametrize(
    ("snippet", "named"),
    [
        ('<script src="x.js"></script>', "<script> tag"),
        ("<SCRIPT>alert(1)</SCRIPT>", "<script> tag"),
        ('<link rel="stylesheet" href="style.css">', "<link> tag"),
        ('<img src="https://cdn.example.org/a.png">', "external URL"),
        ('<img src="//cdn.example.org/a.png">', "protocol-relative URL"),
        ("<style>@import 'x.css';</style>", "CSS @import"),
        ('<iframe src="a.html"></iframe>', "<iframe> tag"),
    ],
)
def test_assert_offline_names_what_it_found(snippet, named):
    with pytest.raises(ValueError, match=re.escape(named)):
        assert_offline(f"<html><body>{snippet}</body></html>")


def test_assert_offline_accepts_data_uris_and_local_anchors():
    assert_offline(f'<a href="#kop">¶</a><img src="data:image/png;base64,{PNG_1PX}">')
