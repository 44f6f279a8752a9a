"""Option labels of the codebook (and group labels) reach a table's headers escaped, like every other text."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from wlzmonitor.present.table_html import table_html, wide_table
from wlzmonitor.run.html_export import assert_offline
from wlzmonitor.spec.layout import TableSpec

HOSTILE = ["<b>vet</b>", "Zorg & Wonen", 'Het "goede" antwoord', "<script>alert('x')</script>",
           "a < b > c", "&amp; al ge-escaped", "<img src=x onerror=alert(1)>", "regio's"]


class _Codebook:
    def __contains__(self, key):
        return False


def _tidy(rows):
    return pd.DataFrame(rows, columns=["row", "column", "value", "n", "row_code", "column_code"])


def _single(labels: list[str]) -> tuple[TableSpec, pd.DataFrame]:
    spec = TableSpec(key="vraag", number="Tabel 1", chapter="x", question="vraag", kind="single",
                     rows=tuple(range(1, len(labels) + 1)), columns=(2026,), title="Vraag")
    share = 100 / len(labels)
    return spec, _tidy([(label, "2026", share, 100, i, 2026) for i, label in enumerate(labels, start=1)])


def _breakdown(groups: list[str]) -> tuple[TableSpec, pd.DataFrame]:
    codes = [*range(1, len(groups) + 1), "Totaal"]
    spec = TableSpec(key="vraag__groep", number="Tabel B1", chapter="x", question="vraag", kind="single",
                     rows=(1, 2), columns=tuple(codes), by="omzetgroep", title="Vraag")
    rows = []
    for label, code in zip([*groups, "Totaal"], codes):
        rows += [("<i>Ja</i>", label, 40.0, 50, 1, code), ("Nee & anders", label, 60.0, 50, 2, code)]
    return spec, _tidy(rows)


@pytest.mark.parametrize("label", HOSTILE)
def test_a_row_label_is_escaped(label):
    spec, table = _single([label, "Nee"])
    page = table_html(spec, table, _Codebook(), small_base=20)
    assert f">{html.escape(label, quote=False)}</th>" in page
    if "<" in label:
        assert label not in page  # never as markup
    assert_offline(page)  # an escaped <script>/<img> is text, not markup


@pytest.mark.parametrize("label", HOSTILE)
def test_a_group_label_in_a_column_header_is_escaped(label):
    spec, table = _breakdown([label, "Groot"])
    page = table_html(spec, table, _Codebook(), small_base=20)
    # the base on its own line under the label (so a long base does not wrap the header)
    assert any(f'>{html.escape(label, quote=quote)}<br><span class="kolom-n">(n=50)</span></th>' in page
               for quote in (False, True))
    assert "&lt;i&gt;Ja&lt;/i&gt;</th>" in page and "Nee &amp; anders</th>" in page
    if "<" in label:
        assert label not in page
    assert_offline(page)


def test_the_printed_table_itself_keeps_the_labels_as_text():
    """wide_table (what tests and the workbook compare) holds the labels as written; only the HTML escapes."""
    spec, table = _single(HOSTILE)
    assert list(wide_table(spec, table, _Codebook(), small_base=20).index) == HOSTILE


def test_ordinary_labels_are_unchanged():
    spec, table = _single(["Ja, want het tarief", "Nee", "Weet niet/geen antwoord", "regio's (VV5-VV8)"])
    page = table_html(spec, table, _Codebook(), small_base=20)
    for label in ("Ja, want het tarief", "Weet niet/geen antwoord", "regio's (VV5-VV8)"):
        assert f">{label}</th>" in page


def test_a_label_in_the_caption_is_escaped_too():
    spec = TableSpec(key="vraag", number="Tabel 1", chapter="x", question="vraag", kind="single",
                     rows=(1,), columns=(2026,), title="<script>x</script> & co")
    _, table = _single(["Ja"])
    page = table_html(spec, table, _Codebook(), small_base=20)
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in page and "<script>" not in page
