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


def test_a_coding_workbook_gives_back_the_answers_and_remarks_it_was_written_with(tmp_path):
    """The coding workbook wrote '- te duur' as "'- te duur" (inert) and read it back so: the next run warned that
    the answer's text differed from the data; "'=1+1" was written as it was and read back as '=1+1'."""
    from openpyxl import load_workbook

    from wlzmonitor.inputs.coding_corrections import read_corrections
    from wlzmonitor.present.coding_workbook import export_coding_workbook

    coded = pd.DataFrame({"question": ["q1", "q1"], "answer_id": ["V1-a", "V1-b"], "case_id": ["r1", "r2"],
                          "field": ["f", "f"], "category_code": [1, 1], "category": ["Ja", "Ja"],
                          "text": ["- te duur", "'=1+1"], "theme": ["kosten", "kosten"],
                          "label": ["Kosten", "Kosten"], "source": ["patroon"] * 2, "evidence": [""] * 2})
    coded.attrs["remarks"] = {"q1": {"V1-a": "=opmerking"}}
    path = export_coding_workbook(coded, tmp_path / "codering.xlsx")
    cells = [[c.value for c in row] for row in load_workbook(path)["q1"].iter_rows(min_row=2)]
    assert [(r[2], r[4]) for r in cells] == [("'- te duur", "'=opmerking"), ("''=1+1", None)]
    read = read_corrections(path)
    assert read.texts == {("q1", "V1-a"): "- te duur", ("q1", "V1-b"): "'=1+1"}
    assert read.remarks == {("q1", "V1-a"): "=opmerking"}


#: a table number a spreadsheet reads as a formula -> the name of its sheet (the contents' 'Blad' cell says the same)
FORMULA_NUMBERS = {"=1+1": "Blad =1+1", "'=SUM(A1)": "Blad =SUM(A1)", "+1": "Blad +1", "-3": "-3", "Tabel 2": "Tabel 2"}


def test_the_contents_name_each_table_s_sheet_as_its_tab_is_named(result_2026, tmp_path):
    """A table numbered '=1+1' (or "'=SUM(A1)": the apostrophe a sheet's name cannot start with was dropped) had the
    sheet '=1+1', and the contents' 'Blad' said "'=1+1" (inert): a sheet no tab is named."""
    from dataclasses import replace

    from openpyxl import load_workbook

    from wlzmonitor.present.workbook import write_workbook

    layout = result_2026.layout
    specs = [replace(spec, number=number) for spec, number in zip(layout.tables, FORMULA_NUMBERS)]
    index = pd.DataFrame({"table_key": [s.key for s in specs], "title": [f"titel {s.key}" for s in specs],
                          "test": "", "p_value": "", "page": ""})
    path = tmp_path / "tabellen.xlsx"
    write_workbook(path, replace(layout, tables=specs), result_2026.codebook, index,
                   {s.key: result_2026.tables[s.key] for s in specs}, tests={})
    wb = load_workbook(path)
    assert wb.sheetnames == ["Inhoud", *FORMULA_NUMBERS.values(), "Data"]
    rows = [r for r in wb["Inhoud"].iter_rows(min_row=2) if r[4].value]
    assert [(r[0].value, r[4].value) for r in rows] == [
        ("'=1+1", "Blad =1+1"), ("''=SUM(A1)", "Blad =SUM(A1)"), ("'+1", "Blad +1"), ("-3", "-3"),
        ("Tabel 2", "Tabel 2")]
    assert all(r[0].data_type == "s" and r[4].data_type == "s" for r in rows)


def test_common_words_replaces_its_list_whole(tmp_path, monkeypatch):
    """`python -m wlzmonitor.inputs.common_words` wrote the list in place: a reader (or a run killed half-way) met the
    file truncated. Now it is written beside and renamed: a reader that had the old list open still reads all of it."""
    from wlzmonitor.inputs import common_words

    path = tmp_path / "data" / "common_words_nl.txt"
    path.parent.mkdir()
    path.write_text("# oud\nwijk\nslot\n", encoding="utf-8")
    monkeypatch.setattr(common_words, "generate", lambda: "# nieuw\nraad\n")
    with open(path, encoding="utf-8") as reader:
        assert common_words.write_list(path) == path
        assert reader.read() == "# oud\nwijk\nslot\n"
    assert path.read_text(encoding="utf-8") == "# nieuw\nraad\n"
    assert [p.name for p in path.parent.iterdir()] == ["common_words_nl.txt"]  # no file left beside it



def test_a_tidy_table_keeps_a_label_with_a_carriage_return_on_its_row():
    """tidy_csv_bytes wrote with a csv.writer of its own (LF line ends), which leaves a bare CR unquoted: a reader
    (Python's csv, a spreadsheet) split the row there. Now through csv_text: the CR is a LF, quoted."""
    from wlzmonitor.present.table_files import tidy_csv_bytes

    table = pd.DataFrame({"row": ["Ja\r=1+1", "Nee"], "column": ["Totaal", "-3"], "value": [35.5, -3.0],
                          "n": [122.0, float("nan")], "row_code": [1, 2], "column_code": ["a", "b"]})
    text = tidy_csv_bytes(table).decode("utf-8")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["row", "column", "value", "n", "ci_low", "ci_high", "note"],
        ["Ja\n=1+1", "Totaal", "35.5", "122", "", "", ""], ["Nee", "-3", "-3", "", "", "", ""]]


def test_each_address_and_number_of_a_contact_field_is_a_contact_of_its_own():
    """A contact e-mail field with two addresses one under the other (CR LF) was one entry 'a.smit@zorg-c.nl;
    b.smit@zorg-c.nl': the scrubber found neither address written '[at]' nor a local part alone in an answer."""
    from wlzmonitor.inputs.contact_values import contact_email_spans, contact_phone_spans, phone_digits
    from wlzmonitor.inputs.privacy import contact_values

    private = pd.DataFrame({"contact__email": ["a.smit@zorg-c.nl\r\nb.smit@zorg-c.nl", "Pieter Bakker <p.bakker@x.nl>"],
                            "contact__telefoon": ["06-12345678\r020-1234567", None]},
                           index=pd.Index(["R1", "R2"], name="respondent_id"))
    values = contact_values(private)
    assert values["emails"] == ["Pieter Bakker <p.bakker@x.nl>", "a.smit@zorg-c.nl", "a.smit@zorg-c.nl; b.smit@zorg-c.nl",
                                "b.smit@zorg-c.nl", "p.bakker@x.nl"]
    assert values["phones"] == ["020-1234567", "06-12345678", "06-12345678; 020-1234567"]
    text = "Mail b.smit [at] zorg-c [dot] nl, p.bakker of bel 020 1234567"
    assert [found for *_, found in contact_email_spans(text, values["emails"])] == ["b.smit@zorg-c.nl", "p.bakker@x.nl"]
    digits = [phone_digits(p) for p in values["phones"]]  # (as the scrubber and the gate look for them)
    assert [found for *_, found in contact_phone_spans(text, digits)] == ["0201234567"]


def test_draft_mapping_names_a_header_with_a_line_break_on_its_summary_line(tmp_path, capsys):
    """A header "Omzet\\r\\nexclude: …" was printed as it was: the summary broke into lines that read as the
    command's own. It is quoted with its escapes, as the draft's comments quote it."""
    from wlzmonitor.cli import main
    from wlzmonitor.spec.paths import repo_root

    with open(repo_root() / "data" / "raw" / "2026" / "respondenten.csv", newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))
    rows[0][2] = "Omzet\r\nexclude: [R0001]"
    export = tmp_path / "export.csv"
    with open(export, "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    assert main(["draft-mapping", "--year", "2026", "--out", str(tmp_path / "draft.yml"), str(export)]) == 0
    summary = capsys.readouterr().err.splitlines()[-1]
    assert summary.endswith('1 not matched: "Omzet\\r\\nexclude: [R0001]"')
