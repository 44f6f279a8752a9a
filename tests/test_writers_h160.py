"""Review h160 (writers): every file a command writes that a person opens in a spreadsheet or a text tool.

extract-published and derive-year wrote their CSVs with a csv.writer of their own, so a cell taken from a published
report's text ('=HYPERLINK(…)' as a row label or title) reached the file as a formula; a leading apostrophe before a
formula start was not kept apart from the one the guard adds; a coding workbook's text came back with the guard's
apostrophe; common_words' list was written in place.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys

import pandas as pd
import pytest

from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.file_formats import csv_text, inert_text, plain_text
from wlzmonitor.spec.published import load_published

from test_run_safety import make_repo

HOSTILE_LABEL = '=HYPERLINK("http://x","klik")'


@pytest.mark.parametrize("value, written", [("=1+1", "'=1+1"), ("'=1+1", "''=1+1"), ("''-x", "'''-x"),
                                            ("'tekst", "'tekst"), ("-3", "-3"), ("-0.25", "-0.25"),
                                            ("+25", "'+25"), ("-3+1", "'-3+1"), ("- te duur", "'- te duur")])
def test_inert_text_and_plain_text_are_each_other_s_inverse(value, written):
    assert inert_text(value) == written
    assert plain_text(written) == value


def test_csv_text_makes_every_cell_inert_and_keeps_rows_whole():
    text = csv_text(["=kop", "b"], [[HOSTILE_LABEL, "a\rb"], ["'=2", None]])
    assert list(csv.reader(io.StringIO(text))) == [["'=kop", "b"], ["'" + HOSTILE_LABEL, "a\nb"], ["''=2", ""]]


def _hostile_report(tmp_path):
    """A repository whose 2026 report text has a formula as a row label, and one after an apostrophe."""
    from wlzmonitor.spec.report_text import SOURCES

    root = make_repo(tmp_path, copy_data=True)
    source = root / "data" / "sources" / SOURCES[2026]
    text = source.read_text(encoding="utf-8")
    text = text.replace("Het landelijk richttariefpercentage 95,5% zoals beschreven in het regionale inkoopbeleid",
                        HOSTILE_LABEL)
    text = text.replace("Anders, namelijk:\t15%", "'=1+1\t15%")
    source.write_text(text, encoding="utf-8")
    return root


def test_extract_published_writes_inert_cells_that_read_back_as_printed(tmp_path):
    from wlzmonitor.spec.report_text import write

    root = _hostile_report(tmp_path)
    config = load_config(root)
    write(2026, config)
    rows = list(csv.reader(open(config.sources(2026).published / "cells.csv", encoding="utf-8", newline="")))
    labels = [r[2] for r in rows if r[0] == "Tabel 1"]
    assert labels[:3] == ["'" + HOSTILE_LABEL] * 3 and labels[-3:] == ["''=1+1"] * 3
    raws = {r[5] for r in rows if r[0] == "Tabel 37" and r[2] == "NPS"}
    assert {"'+25", "-3"} <= raws  # a plus is guarded; a negative number stays a number
    cells, _ = load_published(2026, root)
    tabel1 = cells[cells.table == "Tabel 1"]
    assert list(tabel1.row.iloc[[0, -1]]) == [HOSTILE_LABEL, "'=1+1"]
    assert set(cells[(cells.table == "Tabel 37") & (cells.row == "NPS")].raw) >= {"+25", "-3"}


def test_derive_year_writes_inert_cells(tmp_path):
    from wlzmonitor.spec.earlier_years import derive

    root = make_repo(tmp_path, copy_data=True)
    tables_csv = root / "data" / "published" / "2026" / "tables.csv"
    frame = pd.read_csv(tables_csv, dtype=str, keep_default_na=False)
    frame.loc[frame.table == "Tabel 1", "title"] = HOSTILE_LABEL
    frame.to_csv(tables_csv, index=False, lineterminator="\n")
    files = derive(2024, 2026, load_config(root))
    rows = list(csv.reader(io.StringIO(files["data/published/2024/tables.csv"])))
    titles = [r[1] for r in rows[1:]]
    assert "'" + HOSTILE_LABEL in titles and HOSTILE_LABEL not in titles
    raws = [r[5] for r in csv.reader(io.StringIO(files["data/published/2024/cells.csv"])) if r[2] == "NPS"]
    assert raws[:4] == ["'+25", "'+8", "'+15", "-3"]
