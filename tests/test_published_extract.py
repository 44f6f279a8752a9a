"""The published-figures extraction (docs/data_contracts.md section 3)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

import shutil

from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.paths import repo_root
from wlzmonitor.spec.published import load_published
from wlzmonitor.spec.report_text import (
    CELL_COLUMNS,
    SOURCES,
    TABLE_COLUMNS,
    parse_bases,
    parse_report,
    render,
    write,
)

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "data" / "published" / "2026"
EXPECTED_TABLES = [f"Tabel {i}" for i in range(1, 39)] + [f"Tabel B{i}" for i in range(1, 38)]


@pytest.fixture(scope="module")
def tables():
    return parse_report((ROOT / "data" / "sources" / SOURCES[2026]).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def published():
    return load_published(2026, root=ROOT)


def cell(cells, table, row_index, column):
    sel = cells[(cells.table == table) & (cells.row_index == row_index) & (cells.column == column)]
    assert len(sel) == 1, (table, row_index, column, sel)
    return sel.iloc[0]


def cell_by_row(cells, table, row, column):
    sel = cells[(cells.table == table) & (cells.row == row) & (cells.column == column)]
    assert len(sel) == 1, (table, row, column, sel)
    return sel.iloc[0]


# --------------------------------------------------------------------- structure


def test_root_is_repository():
    assert repo_root() == ROOT


def test_finds_exactly_the_75_tables_in_order(tables):
    assert [t.name for t in tables] == EXPECTED_TABLES


def test_shipped_files_list_the_75_tables_in_order(published):
    cells, meta = published
    assert list(meta.table) == EXPECTED_TABLES
    assert list(dict.fromkeys(cells.table)) == EXPECTED_TABLES
    assert list(meta.columns) == TABLE_COLUMNS
    assert list(cells.columns) == CELL_COLUMNS


def test_shipped_files_are_reproduced_byte_for_byte():
    for name, text in render(2026, load_config(ROOT)).items():
        assert (PUBLISHED / name).read_bytes() == text.encode("utf-8"), name


def test_extractor_is_deterministic_and_writes_identical_files(tmp_path):
    (tmp_path / "data" / "sources").mkdir(parents=True)
    src = ROOT / "data" / "sources" / SOURCES[2026]
    (tmp_path / "data" / "sources" / SOURCES[2026]).write_bytes(src.read_bytes())
    shutil.copytree(ROOT / "config", tmp_path / "config")
    write(2026, load_config(tmp_path))
    first = {p.name: p.read_bytes() for p in (tmp_path / "data" / "published" / "2026").iterdir()}
    write(2026, load_config(tmp_path))
    second = {p.name: p.read_bytes() for p in (tmp_path / "data" / "published" / "2026").iterdir()}
    assert first == second
    assert set(first) == {"cells.csv", "tables.csv", "zorgkantoren_uitvoerders.csv"}
    for name, data in first.items():
        assert data == (PUBLISHED / name).read_bytes(), name
        assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")


def test_cli_check_passes():
    proc = subprocess.run(
        [sys.executable, "-m", "wlzmonitor", "extract-published", "--year", "2026", "--check"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr


def test_sorted_by_table_then_row_then_column(published):
    cells, _ = published
    order = {t: i for i, t in enumerate(EXPECTED_TABLES)}
    keys = list(zip(cells.table.map(order), cells.row_index, cells.col_index))
    assert keys == sorted(keys)
    assert not cells.duplicated(["table", "row_index", "col_index"]).any()


@pytest.mark.parametrize(
    "table, n_rows, n_cols",
    [
        ("Tabel 1", 5, 3),
        ("Tabel 2", 2, 4),
        ("Tabel 12", 1, 3),
        ("Tabel 15", 5, 1),
        ("Tabel 27", 4, 7),
        ("Tabel 30", 14, 4),
        ("Tabel 33", 8, 3),
        ("Tabel 34", 8, 3),
        ("Tabel 35", 4, 1),
        ("Tabel 37", 4, 6),
        ("Tabel 38", 7, 6),
        ("Tabel B1", 3, 2),
        ("Tabel B4", 6, 2),
        ("Tabel B5", 17, 3),
        ("Tabel B28", 2, 6),
        ("Tabel B37", 3, 6),
    ],
)
def test_cell_counts(published, table, n_rows, n_cols):
    cells, _ = published
    sub = cells[cells.table == table]
    assert len(sub) == n_rows * n_cols
    assert sub.row_index.max() + 1 == n_rows
    assert sub.col_index.max() + 1 == n_cols


def test_every_row_has_every_column(published):
    cells, _ = published
    per_table = cells.groupby("table").agg(r=("row_index", "nunique"), c=("col_index", "nunique"), n=("raw", "size"))
    assert (per_table.r * per_table.c == per_table.n).all()


def test_headers(published):
    cells, _ = published
    def headers(t):
        return list(dict.fromkeys(cells[cells.table == t].column))
    assert headers("Tabel 15") == ["2026"]
    assert headers("Tabel 12") == ["Gemiddeld", "Minimum", "Maximum"]
    assert headers("Tabel 2") == ["Aantal", "Gemiddeld", "Minimum", "Maximum"]
    assert headers("Tabel 35") == ["2026"]
    assert headers("Tabel B6") == [
        "Minder dan 40 miljoen euro", "Tussen 40 en 100 miljoen euro", "Meer dan 100 miljoen euro", "Totaal",
    ]
    assert headers("Tabel B23") == ["Zilveren Kruis", "CZ", "Menzis", "VGZ", "Overig", "Totaal"]


# --------------------------------------------------------------------- values


def test_spot_values(published):
    cells, _ = published
    c = cell(cells, "Tabel 1", 0, "2026")
    assert (c.raw, c.value, c.unit) == ("25%", 25.0, "percent")
    c = cell_by_row(cells, "Tabel 34", "Meerzorg", "2026")
    assert (c.raw, c.value, c.unit) == ("4,05", 4.05, "mean")
    c = cell_by_row(cells, "Tabel 37", "NPS", "2024")
    assert (c.raw, c.value, c.unit) == ("-3", -3.0, "nps")
    c = cell_by_row(cells, "Tabel 37", "NPS", "2021")
    assert (c.raw, c.value, c.unit) == ("+25", 25.0, "nps")
    c = cell_by_row(cells, "Tabel 2", cells[cells.table == "Tabel 2"].row.iloc[0], "Gemiddeld")
    assert (c.raw, c.value, c.unit) == ("96,7%", 96.7, "percent")
    c = cell(cells, "Tabel 2", 0, "Aantal")
    assert (c.value, c.unit) == (36.0, "count")
    c = cell(cells, "Tabel 12", 0, "Gemiddeld")
    assert (c.value, c.unit) == (12.0, "mean")
    c = cell_by_row(cells, "Tabel B1", "Aantal benaderde zorgorganisaties", "2026")
    assert (c.value, c.unit) == (360.0, "count")
    c = cell_by_row(cells, "Tabel B4", "Totaal", "Aantal respondenten")
    assert (c.value, c.unit) == (122.0, "count")


def test_tabel_38_count_with_percent(published):
    cells, _ = published
    c = cell_by_row(cells, "Tabel 38", "Critici – N (%)", "Zilveren Kruis")
    assert (c.raw, c.value, c.unit, c.value_pct) == ("10 (29%)", 10.0, "count", 29.0)
    c = cell_by_row(cells, "Tabel 38", "NPS 2026", "VGZ")
    assert (c.raw, c.value, c.unit) == ("+32", 32.0, "nps")
    c = cell_by_row(cells, "Tabel 38", "Totaal (N)", "Totaal")
    assert (c.value, c.unit) == (122.0, "count")
    # value_pct only for N (P%) cells
    with_pct = cells[cells.value_pct.notna()]
    assert set(with_pct.table) == {"Tabel 38"} and len(with_pct) == 18


def test_blank_and_text_cells(published):
    cells, _ = published
    c = cell_by_row(cells, "Tabel 34", "HLO-opslag", "2024")
    assert (c.raw, c.unit) == ("", "blank") and c.value != c.value   # NaN
    c = cell_by_row(cells, "Tabel 33", "HLO-opslag", "2025")
    assert (c.raw, c.unit) == ("nvt", "text") and c.value != c.value
    lower = cells[(cells.table == "Tabel 2") & (cells.row_index == 1)]
    assert list(lower.raw) == ["0", "", "", ""]
    assert list(lower.unit) == ["count", "blank", "blank", "blank"]
    c = cell_by_row(cells, "Tabel B26", "Ja", "CZ")
    assert (c.raw, c.unit) == ("", "blank")
    # no invented zeros: every blank cell is empty in raw and value
    blanks = cells[cells.unit == "blank"]
    assert (blanks.raw == "").all() and blanks.value.isna().all()
    assert (cells[cells.raw == ""].unit == "blank").all()


def test_values_match_raw(published):
    cells, _ = published
    pct = cells[cells.unit == "percent"]
    parsed = pct.raw.str.rstrip("%").str.replace(",", ".").astype(float)
    assert (parsed == pct.value).all()
    assert pct.value.between(0, 100).all()


# --------------------------------------------------------------------- tables.csv


def test_bases(published):
    _, meta = published
    bases = dict(zip(meta.table, meta.bases))
    assert bases["Tabel 1"] == "2024=107;2025=112;2026=122"
    assert bases["Tabel 2"] == "*=36"
    assert bases["Tabel 14"] == "2025=112;2026=115"
    assert bases["Tabel 17"] == "2024=107;2025=112;2026=122"
    assert bases["Tabel 21"] == "2023=97;2024=108;2025=115"
    assert bases["Tabel 34"] == "2026=96-115"
    assert bases["Tabel 38"] == "*=112"
    assert bases["Tabel B28"] == "*=122"
    assert bases["Tabel B1"] == "" and bases["Tabel B5"] == ""


def test_parse_bases_forms():
    assert parse_bases("(n=122)") == "*=122"
    assert parse_bases("(gewijzigde antwoordcategorieën: 2025: n=112, 2026: n=115)") == "2025=112;2026=115"
    assert parse_bases("(2026: n variërend van 96 tot 115, afhankelijk van de geldstroom)") == "2026=96-115"
    assert parse_bases("") == ""


def test_titles_and_captions(published):
    _, meta = published
    row = meta.set_index("table")
    assert row.loc["Tabel 1", "title"] == "Welk tariefpercentage bent u overeengekomen met het zorgkantoor?"
    assert row.loc["Tabel 1", "caption"] == (
        "Tabel 1 - Welk tariefpercentage bent u overeengekomen met het zorgkantoor? "
        "(2024: n=107, 2025: n=112, 2026: n=122)"
    )
    assert row.loc["Tabel 25", "title"].endswith("(meerdere antwoorden mogelijk)")
    assert row.loc["Tabel 38", "title"] == "NPS per zorgkantoor"
    assert row.loc["Tabel B28", "caption"].endswith("(NZa)? (n=122)")
    assert (meta.title != "").all()


def test_significance_notes_exactly_on_five_tables(published):
    _, meta = published
    with_note = meta[meta.significance_note != ""]
    assert list(with_note.table) == ["Tabel B7", "Tabel B12", "Tabel B19", "Tabel B27", "Tabel B35"]
    assert with_note.significance_note.str.startswith("Dit is een statistisch significant verschil").all()


# --------------------------------------------------------------------- Tabel B5


def test_zorgkantoren_uitvoerders():
    with open(PUBLISHED / "zorgkantoren_uitvoerders.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["uitvoerder_groep", "wlz_uitvoerder", "zorgkantoor"]
    assert len(rows) == 31
    assert len({r["zorgkantoor"] for r in rows}) == 31
    per_group = {}
    for r in rows:
        per_group[r["uitvoerder_groep"]] = per_group.get(r["uitvoerder_groep"], 0) + 1
    assert per_group == {"Zilveren Kruis": 11, "CZ": 6, "Menzis": 3, "VGZ": 7, "Overig": 4}
    by_kantoor = {r["zorgkantoor"]: (r["uitvoerder_groep"], r["wlz_uitvoerder"]) for r in rows}
    assert by_kantoor["Friesland"] == ("Zilveren Kruis", "Zilveren Kruis")
    assert by_kantoor["Zuid Oost Brabant"] == ("CZ", "CZ")
    assert by_kantoor["Haaglanden"] == ("CZ", "CZ")
    assert by_kantoor["Delft/Westland/Oostland"] == ("Overig", "DSW")
    assert by_kantoor["Midden IJssel"] == ("Overig", "Salland/ENO")
    assert by_kantoor["Amstelland en De Meerlanden"] == ("Overig", "Zorg & Zekerheid")
    assert by_kantoor["Zuid-Holland Noord"] == ("Overig", "Zorg & Zekerheid")
    assert {r["wlz_uitvoerder"] for r in rows if r["uitvoerder_groep"] == "Overig"} == {
        "DSW", "Salland/ENO", "Zorg & Zekerheid",
    }


def test_next_year_s_report_text_is_found_by_its_name(tmp_path):
    """Newcomer review: extracting the 2027 report's figures needed its file name added to SOURCES in the
    library. A year the code does not list is read from the one ``<year>_rapport*.txt`` in the sources
    folder; its table of Wlz-uitvoerders and zorgkantoren is found by its title."""
    from test_run_safety import make_repo

    from wlzmonitor.spec.report_text import ExtractError

    root = make_repo(tmp_path, copy_data=True)
    config = load_config(root)
    sources = root / "data" / "sources"
    with pytest.raises(ExtractError, match=r"no report text for 2027: put the published report's text in .* as "
                                           r"2027_rapport_wlz_zorgcontractering.txt"):
        render(2027, config)
    shutil.copy(sources / SOURCES[2026], sources / "2027_rapport_wlz_zorgcontractering.txt")
    files, expected = render(2027, config), render(2026, config)
    assert files == expected and "zorgkantoren_uitvoerders.csv" in files
    shutil.copy(sources / SOURCES[2026], sources / "2027_rapport_concept.txt")
    with pytest.raises(ExtractError, match=r"2 report texts for 2027 \(2027_rapport_concept.txt, "
                                           r"2027_rapport_wlz_zorgcontractering.txt\): keep one"):
        render(2027, config)
