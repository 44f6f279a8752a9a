"""Survey years as a dimension: derived 2024/2025 files, their demo data and trend columns."""

from __future__ import annotations

import pandas as pd
import pytest

from wlzmonitor.spec.alignment import align_table
from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.spec.layout import layout_for_year
from wlzmonitor.spec.published import load_published
from wlzmonitor.compute.reproduction import check, load_known_discrepancies
from wlzmonitor.compute.tables import round_half_up
from wlzmonitor.spec.earlier_years import carried_changes, check as derived_check, edition_figures

YEARS = (2024, 2025)


@pytest.mark.parametrize("year", YEARS)
def test_derived_files_are_the_derivations_output(year):
    assert derived_check(year) == []


def test_edition_figures_from_the_2025_text():
    figures = {(f.figure, f.year): f.raw for f in edition_figures()}
    assert figures == {("richttariefpercentage", 2025): "96,4%", ("richttariefpercentage", 2024): "96,9%",
                       ("tariefpercentage_hoger_gemiddeld", 2025): "96,8%"}


def test_codebooks_share_the_stable_keys():
    keys = {y: [q.key for q in codebook_for_year(y).questions] for y in (2024, 2025, 2026)}
    new_2026 = set(keys[2026]) - set(keys[2025])
    new_2025 = set(keys[2025]) - set(keys[2024])
    assert new_2026 == {"behandeling_externe_clienten", "mpt_voorliggend", "hlo_themas", "hlo_honorering",
                        "hlo_honorering_pct"}
    assert new_2025 == {"behandeling_verhouding", "overproductie_intramuraal", "overproductie_thuis",
                        "herschikking_knelpunten"}
    # every key of an earlier year exists in the later one (same order)
    assert [k for k in keys[2026] if k in keys[2025]] == keys[2025]
    assert "hlo_opslag" not in codebook_for_year(2025).items("geldstromen_gebruik")


def test_changed_questions_say_how():
    cb25, cb26 = codebook_for_year(2025), codebook_for_year(2026)
    assert cb26.question("transitie_afspraken").changes == {2024: "gewijzigde antwoordcategorieën",
                                                            2025: "gewijzigde antwoordcategorieën"}
    assert cb25.question("transitie_afspraken").changes == {2026: "gewijzigde antwoordcategorieën"}
    assert cb25.question("tarief_kwaliteit_van_bestaan").changes == {2024: "iets gewijzigde vraagstelling in 2024"}
    assert codebook_for_year(2024).question("tarief_kwaliteit_van_bestaan").changes == {
        2025: "iets gewijzigde vraagstelling in 2024", 2026: "iets gewijzigde vraagstelling in 2024"}


def test_carried_changes_rules():
    assert carried_changes({2024: "a", 2025: "a"}, 2026, 2025, {2024, 2025, 2026}) == {2026: "a"}
    assert carried_changes({2024: "a"}, 2026, 2025, {2024, 2025, 2026}) == {2024: "a"}
    assert carried_changes({2024: "a"}, 2026, 2024, {2024, 2025, 2026}) == {2025: "a", 2026: "a"}
    assert carried_changes({}, 2026, 2025, {2025, 2026}) == {}


@pytest.mark.parametrize("year", (2024, 2025, 2026))
def test_layout_notes_follow_the_codebook_changes(year):
    """The note under a trend table names how the question changed within the table's years."""
    cb = codebook_for_year(year)
    for spec in layout_for_year(year).tables:
        if not spec.is_trend or spec.question not in cb:
            continue
        changes = cb.question(spec.question).changes
        expected = "; ".join(dict.fromkeys(h for y, h in changes.items() if y in spec.columns and y != year)) or None
        assert spec.note == expected, spec.number


def test_2025_layout_is_the_2026_trend_tables_cut_at_2025():
    layout = layout_for_year(2025)
    spec = layout.table("eisen_zorgkantoor")
    assert spec.columns == (2021, 2022, 2023, 2024, 2025)
    assert layout.table("herschikking_intramuraal").column_labels == {2024: "2023", 2025: "2024"}
    assert "hlo_themas" not in {t.key for t in layout.tables}
    assert layout.table("tariefpercentage_hoger_lager").columns == ("Gemiddeld",)


@pytest.fixture(scope="module", params=YEARS)
def year_result(request):
    from wlzmonitor.compute.year_result import load_year_result

    return load_year_result(request.param)


@pytest.mark.slow  # computes the 2024 and 2025 results (6 s); the full suite runs it
def test_reproduction_of_earlier_years(year_result):
    """The 2024/2025 demo data reproduce the published figures of those years (2026 report columns)."""
    year = year_result.year
    comparison = year_result.reproduction
    assert check(comparison, load_known_discrepancies(year)) == []
    figures = comparison[comparison["measure"] != "n"]
    known = [k for k in load_known_discrepancies(year) if k.measure != "n"]
    assert int((~figures["equal"]).sum()) == len(known)  # every other figure equals after rounding
    cells, _ = load_published(year)
    layout = layout_for_year(year)
    expected = 0
    for spec in layout.tables:
        aligned = align_table(spec, cells)
        if spec.kind == "nps_by":
            expected += int((aligned["row_code"] == f"NPS {year}").sum())  # the year's NPS per uitvoerder
        elif spec.kind != "numeric":
            expected += int((aligned["column_code"] == year).sum())
    expected += 1 if year == 2025 else 0  # Tabel 2's mean, from the 2025 edition
    assert len(figures) == expected


def test_2026_trend_columns_computed_from_earlier_data(computed_2026, published_2026):
    """Every 2024/2025 cell of the 2026 report's trend tables, computed from the 2024/2025 demo data,
    rounds to the printed figure, except the earlier years' known discrepancies."""
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.compute.year_result import earlier_years

    layout = layout_for_year(2026)
    assert earlier_years(2026, layout, load_config()) == [2024, 2025]
    cells, _ = published_2026
    known = {(k.table, str(k.row), str(k.column), k.measure) for y in YEARS for k in load_known_discrepancies(y)}
    checked = skipped = 0
    for spec in layout.tables:
        if not (spec.is_trend or spec.kind == "nps_by"):
            continue
        table = computed_2026[spec.key]
        lookup = {(r.row_code, r.column_code): (r.value, r.n) for r in table.itertuples()}
        for cell in align_table(spec, cells).itertuples():
            earlier = (cell.row_code in {f"NPS {y}" for y in YEARS} if spec.kind == "nps_by"
                       else cell.column_code in YEARS)
            if not earlier or cell.unit in {"text", "blank"}:
                continue
            value, n = lookup[(cell.row_code, cell.column_code)]
            assert n == n  # a computed base, not the caption's
            key = (spec.number, str(cell.row_code), str(cell.column_code), cell.unit)
            if key in known:
                skipped += 1
                continue
            decimals = len(str(cell.raw).replace("%", "").split(",", 1)[1]) if "," in str(cell.raw) else 0
            assert round_half_up(value, decimals) == pytest.approx(cell.value), (spec.number, cell.row_code, cell.column_code)
            checked += 1
    # the 2024 and 2025 cells of Tabel 1-37 and the NPS 2024/2025 per uitvoerder of Tabel 38: 218,
    # of which 9 are known discrepancies of those years
    assert (checked, skipped) == (209, 9)


def test_hlo_opslag_absent_before_2026(computed_2026):
    table = computed_2026["geldstromen_gebruik"]
    assert sorted(table[table["row_code"] == "hlo_opslag"]["column_code"]) == [2026]


@pytest.mark.slow  # the 2024/2025 results (see above)
def test_2025_trend_columns_from_2024_data(year_result):
    if year_result.year != 2025:
        pytest.skip("2025 only")
    table = year_result.tables["eisen_zorgkantoor"]
    n = table.set_index("column_code")["n"].groupby(level=0).max()
    assert n[2024] == 107 and n[2025] == 112 and pd.isna(n[2023])  # 2021-2023: published, no data
    assert list(table[table["row_code"] == 1]["column_code"]) == [2021, 2022, 2023, 2024, 2025]


@pytest.mark.slow  # regenerates the demo export
@pytest.mark.parametrize("year", YEARS)
def test_shipped_demo_export_is_the_generators_output(year):
    from wlzmonitor.demo.generator import generate, to_csv_bytes
    from wlzmonitor.demo.generator import demo_export_path as raw_export

    assert raw_export(year).read_bytes() == to_csv_bytes(generate(year))


@pytest.mark.slow  # the 2024/2025 results (see above)
@pytest.mark.parametrize("year,n", [(2024, 107), (2025, 112)])
def test_demo_respondents_per_year(year_result, year, n):
    if year_result.year != year:
        pytest.skip("other year")
    assert len(year_result.survey.responses) == n


@pytest.mark.slow  # the 2024/2025 results (see above)
def test_year_on_year_change_2025_against_2024(year_result):
    """2025 vs 2024, both from their own data: score test on the counts, Holm over the report's tests."""
    if year_result.year != 2025:
        pytest.skip("2025 only")
    from wlzmonitor.compute.trends import TEST_NAME, adjust, change_test

    changes = year_result.changes
    # the previous column is the 2024 survey, printed '2023' in the herschikking tables (herschikking year)
    assert set(changes["previous"]) == {"2023", "2024"} and set(changes["test"]) == {TEST_NAME}
    assert set(changes[changes["previous"] == "2023"]["table_key"]) == {"herschikking_intramuraal", "herschikking_thuis"}
    assert "tarief_kwaliteit_van_bestaan" not in set(changes["table_key"])  # 'iets gewijzigde vraagstelling in 2024'
    assert set(changes["source_previous"]) == {"data"}
    row = changes[(changes["table_key"] == "eisen_zorgkantoor") & (changes["row_code"] == 1)].iloc[0]
    table = year_result.tables["eisen_zorgkantoor"]
    now = table[(table["row_code"] == 1) & (table["column_code"] == 2025)].iloc[0]
    before = table[(table["row_code"] == 1) & (table["column_code"] == 2024)].iloc[0]
    assert (row["n_current"], row["n_previous"]) == (112, 107)
    x_now, x_prev = round(now["value"] * 112 / 100), round(before["value"] * 107 / 100)
    assert (row["x_current"], row["x_previous"]) == (x_now, x_prev)
    z, p = change_test(x_now, 112, x_prev, 107)
    assert (row["statistic"], row["p_value"]) == pytest.approx((z, p))
    # Holm over the report's hypotheses: a yes/no question's two rows are one (compute.trends._hypothesis)
    once = changes.drop_duplicates(["table_key", "n_previous", "n_current"], keep="first")
    yes_no = {spec.key for spec in year_result.layout.tables if spec.kind == "single" and len(spec.rows) == 2}
    once = pd.concat([changes[~changes["table_key"].isin(yes_no)], once[once["table_key"].isin(yes_no)]])
    expected = dict(zip(once["table_key"] + ":" + once["row_code"].astype(str), adjust(once["p_value"], "holm")))
    for r in changes.itertuples():
        key = f"{r.table_key}:{r.row_code}"
        first = key if key in expected else next(k for k in expected if k.startswith(f"{r.table_key}:"))
        assert r.p_adjusted == pytest.approx(expected[first], nan_ok=True), key
    assert changes["tests_in_family"].iloc[0] == int(once["p_value"].notna().sum()) < len(changes)
    assert row["significant"] == (row["p_adjusted"] < 0.05)
