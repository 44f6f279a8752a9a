"""The small-group rule (lib/wlzmonitor/disclosure.py): breakdown cells of groups below the
threshold are suppressed (or marked), everywhere the tables go; the total never is."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.spec.config import load_config
from wlzmonitor.compute.disclosure import apply_small_group_rule, small_group_cells
from wlzmonitor.present.table_html import small_group_note
from wlzmonitor.compute.year_result import load_year_result
from wlzmonitor.run.data_outputs import write_data_outputs
from wlzmonitor.present.table_html import wide_table

B27 = "Tabel B27"  # transitie_tevredenheid by uitvoerder: 'Overig' has n=8 in the demo data
OVERIG = 5


@pytest.fixture(scope="module")
def result(result_2026):
    return result_2026


def test_the_shipped_threshold_hides_nothing_the_report_shows(result):
    # 5 is below the smallest breakdown base of the 2026 report (n=8): nothing suppressed
    assert result.small_groups == {}


def test_suppress_replaces_the_values_of_small_groups_only(result):
    tables, small = apply_small_group_rule(result.layout, result.tables, threshold=10, action="suppress")
    spec = result.layout.table(B27)
    before, after = result.tables[spec.key], tables[spec.key]
    assert small[spec.key] == [OVERIG]
    overig = after["column_code"] == OVERIG
    assert after.loc[overig, "value"].isna().all() and (after.loc[overig, "n"] == 8).all()  # base stays
    # complementary: per row the next smallest group is hidden too, so the total does not give Overig away
    groups = before[(before["column_code"].astype(str) != "Totaal") & ~overig]
    nearest = groups.loc[groups.groupby(groups["row_code"].astype(str))["n"].idxmin()]
    hidden = overig | after.index.isin(nearest.index)
    assert after.loc[nearest.index, "value"].isna().all()
    pd.testing.assert_frame_equal(after.loc[~hidden], before.loc[~hidden])  # the other groups and the total
    assert before.loc[before["column_code"] == OVERIG, "value"].notna().all()  # the input is not changed
    # tables without groups below 10 are passed on as they are, trend tables never have groups
    untouched = [k for k in result.tables if k not in small]
    assert all(tables[k] is result.tables[k] for k in untouched)
    assert not any(result.layout.table(k).is_trend for k in small if k in {s.key for s in result.layout.tables})
    # every small group of this threshold is 'Overig' of a breakdown by uitvoerder (n 8 or 9)
    assert {tuple(v) for v in small.values()} == {(OVERIG,)}
    assert all(result.layout.table(k).by == "uitvoerder" for k in small)


def test_mark_keeps_the_values(result):
    tables, small = apply_small_group_rule(result.layout, result.tables, threshold=10, action="mark")
    spec = result.layout.table(B27)
    assert small[spec.key] == [OVERIG]
    pd.testing.assert_frame_equal(tables[spec.key], result.tables[spec.key])
    with pytest.raises(ValueError, match="small_group_action must be one of suppress, mark"):
        apply_small_group_rule(result.layout, result.tables, threshold=10, action="hide")


def test_cells_not_columns_count_and_the_total_is_never_a_group(result):
    spec = result.layout.table(B27)
    table = result.tables[spec.key].copy()
    table.loc[(table["column_code"] == 1) & (table["row_code"] == 1), "n"] = 3  # one cell with a small base
    table.loc[table["column_code"] == "Totaal", "n"] = 2  # a tiny total is still not a group
    mask = small_group_cells(spec, table, 5)
    assert list(table.loc[mask, ["row_code", "column_code"]].itertuples(index=False, name=None)) == [(1, 1)]
    trend = result.layout.table("Tabel 5")
    assert not small_group_cells(trend, result.tables[trend.key], 1000).any()


def test_the_html_table_shows_a_dash_and_marks_the_group(result):
    tables, small = apply_small_group_rule(result.layout, result.tables, threshold=10, action="suppress")
    spec = result.layout.table(B27)
    wide = wide_table(spec, tables[spec.key], result.codebook, small_base=20, small_groups=small[spec.key])
    assert "Overig (n=8) * †" in wide.columns
    assert set(wide["Overig (n=8) * †"]) == {"–"}
    assert wide.loc["Ja, want", "Totaal (n=113)"] == "54%"
    note = small_group_note(10, "suppress")
    assert "minder dan 10 organisaties" in note and "niet getoond (–)" in note


@pytest.mark.slow  # writes every data output of the year (6 s); the full suite runs it
def test_a_stricter_threshold_reaches_every_data_output(tmp_path):
    config = load_config()
    strict = tmp_path / "privacy.yml"
    strict.write_text(config.privacy_file.read_text(encoding="utf-8")
                      .replace("small_group_threshold: 5", "small_group_threshold: 9")
                      .replace("explanations_min_group: 5", "explanations_min_group: 9"), encoding="utf-8")
    result = load_year_result(2026, dataclasses.replace(config, privacy_file=strict))
    spec = result.layout.table(B27)
    assert result.small_groups[spec.key] == [OVERIG]  # n=8 < 9; the n=9 groups of 'Overig' stay
    assert result.layout.table("Tabel B23").key not in result.small_groups
    write_data_outputs(result, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "tables" / f"{spec.key}.csv")
    overig = csv[csv["column"] == "Overig"]
    assert len(overig) == 4 and overig["value"].isna().all() and (overig["n"] == 8).all()
    assert (overig["note"] == "niet getoond: groep kleiner dan 9; kleine basis (n < 20)").all()  # review: unexplained
    # a small base is said in the CSV and the Data sheet too, as the pages mark it with * (review of the statistics)
    small = pd.read_csv(tmp_path / "out" / "tables" / "overproductie_thuis.csv", keep_default_na=False)
    assert (small["n"] < 20).all() and set(small["note"]) == {"kleine basis (n < 20)"}  # n = 16 and 8
    large = pd.read_csv(tmp_path / "out" / "tables" / "maatwerk.csv", keep_default_na=False)
    assert (large["n"] >= 20).all() and set(large["note"]) == {""}
    # besides Overig, per row one group (the next smallest base: complementary) and never the total
    others = csv[csv["column"] != "Overig"]
    assert others.groupby("row")["value"].apply(lambda v: int(v.isna().sum())).eq(1).all()
    assert others[others["column"] == "Totaal"]["value"].notna().all()
    assert set(others.loc[others["value"].isna(), "note"]) == {"niet getoond: anders volgt de kleine groep uit het totaal"}
    assert others.loc[others["value"].notna(), "note"].isna().all()
    sheet = pd.read_excel(tmp_path / "out" / "wlz_monitor_2026_tabellen.xlsx", sheet_name="Data")
    sheet = sheet[sheet["tabel"] == spec.number]  # the tidy long form of every table
    overig = sheet[sheet["kolom"] == "Overig"]
    assert len(overig) == 4 and overig["waarde"].isna().all() and (overig["n"] == 8).all()
    assert int(sheet[sheet["kolom"] != "Overig"]["waarde"].isna().sum()) == 4
    assert (overig["opmerking"] == "niet getoond: groep kleiner dan 9; kleine basis (n < 20)").all()
    table_sheet = pd.read_excel(tmp_path / "out" / "wlz_monitor_2026_tabellen.xlsx", sheet_name=spec.number,
                                header=None)
    said = set(table_sheet[0].dropna().astype(str))
    assert "Lege cel, niet getoond: groep kleiner dan 9." in said
    assert "Lege cel, niet getoond: anders volgt de kleine groep uit het totaal." in said


def test_a_chapter_shows_the_rule_in_table_note_and_chart_text(result, tmp_path):
    from wlzmonitor.present.chapter import Chapter

    from wlzmonitor.spec.privacy_settings import load_privacy_settings

    tables, small = apply_small_group_rule(result.layout, result.tables, threshold=10, action="suppress")
    config = load_config()
    strict = tmp_path / "privacy.yml"
    strict.write_text(config.privacy_file.read_text(encoding="utf-8")
                      .replace("small_group_threshold: 5", "small_group_threshold: 10")
                      .replace("explanations_min_group: 5", "explanations_min_group: 10"), encoding="utf-8")
    disclosed = dataclasses.replace(result, tables=tables, small_groups=small, privacy=load_privacy_settings(strict))
    chapter = Chapter("bijlage_3_uitvoerder", "Bijlage 3", 2026, disclosed, config, tmp_path)
    page = chapter.table_section(result.layout.table(B27).key)
    assert 'Overig<br><span class="kolom-n">(n=8)</span> * †' in page and ">–<" in page
    assert "† Groep met minder dan 10 organisaties die de vraag beantwoordden" in page
    assert "Niet getoond (groep kleiner dan 10): Overig." in page  # the chart's alt text
    # the groups hidden with it are named too (review: the alt text named only the small group)
    hidden_with_it = {str(c) for c, v in zip(tables[result.layout.table(B27).key]["column"],
                                             tables[result.layout.table(B27).key]["value"])
                      if pd.isna(v) and c != "Overig"}
    assert hidden_with_it and ("Ook niet getoond, omdat de kleine groep anders uit het totaal volgt: "
                               + ", ".join(sorted(hidden_with_it, key=list(tables[result.layout.table(B27).key]["column"]).index))
                               + ".") in page
    plain = chapter.table_section(result.layout.table("Tabel B6").key)  # by omzetgroep: no small group
    assert "†" not in plain



def test_a_hidden_group_cannot_be_worked_out_from_the_total():
    """One hidden group beside a printed total: total count minus the other groups' counts gave the
    hidden group's answers (review). The group with the next smallest base is hidden too."""
    from wlzmonitor.compute.disclosure import complementary_cells

    rows = []
    for code, (shares, n) in {1: ((60.0, 40.0), 40), 2: ((50.0, 50.0), 30), 3: ((100.0, 0.0), 3),
                              "Totaal": ((55.6, 44.4), 73)}.items():
        for option, share in zip((1, 2), shares):
            rows.append({"row_code": option, "column_code": code, "value": share, "n": n})
    table = pd.DataFrame(rows)
    hidden = (table["column_code"] == 3).to_numpy()
    extra = complementary_cells(table, hidden, threshold=5)
    assert set(table.loc[extra, "column_code"]) == {2} and extra.sum() == 2  # per row, the n=30 group
    assert not complementary_cells(table, (table["column_code"].isin([2, 3])).to_numpy(), threshold=5).any()  # 33: enough
    assert not complementary_cells(table[table["column_code"] != "Totaal"], hidden[:6], threshold=5).any()  # no total


def test_the_reproduction_does_not_print_a_hidden_cell_s_own_computed_figure():
    """Review of the statistics: a weighted run printed the weighted figure of a suppressed group (and of
    the cell hidden with it) in reproduction.csv and on Bijlage 5, where it was published nowhere. A
    hidden cell's computed figure stays only where it is the published one (unweighted, equal)."""
    from wlzmonitor.compute.disclosure import withhold_in_reproduction

    computed = {"b": pd.DataFrame({"row_code": [1, 1, 1, 1], "column_code": [1, 2, 5, "Totaal"],
                                   "value": [40.6, 55.1, 44.375067, 48.8], "n": [34, 28, 8, 70]})}
    disclosed = {"b": computed["b"].assign(value=[40.6, np.nan, np.nan, 48.8])}
    repro = pd.DataFrame({"table_key": "b", "row_code": [1, 1, 1, 1], "column_code": [1, 2, 5, "Totaal"],
                          "published": [53.0, 57.0, 38.0, 54.0], "computed": [40.6, 55.1, 44.375067, 48.8],
                          "rounded": [41.0, 55.0, 44.0, 49.0], "equal": [False, False, False, False],
                          "deviation": [-12.4, -1.9, 6.375067, -5.2], "within_tolerance": False,
                          "explanation": "", "toelichting": ""})
    out = withhold_in_reproduction(repro, computed, disclosed, weighted=True, threshold=9)
    assert out["computed"].tolist()[0] == 40.6 and out["computed"].tolist()[3] == 48.8  # shown cells stay
    assert out["computed"].isna().tolist() == [False, True, True, False]
    assert out["rounded"].isna().tolist() == [False, True, True, False]
    assert out["deviation"].isna().tolist() == [False, True, True, False]
    assert out.loc[2, "explanation"] == ("Berekend cijfer niet getoond: groep kleiner dan 9, of een cel waaruit "
                                         "die kleine groep via het totaal zou volgen.")
    # unweighted: a hidden cell equal to its published figure keeps it (public already), another does not
    plain = repro.assign(equal=[False, True, False, False], computed=[40.6, 57.2, 37.5, 48.8])
    kept = withhold_in_reproduction(plain, computed, disclosed, weighted=False, threshold=9)
    assert kept["computed"].tolist()[:2] == [40.6, 57.2] and np.isnan(kept["computed"].tolist()[2])
    assert withhold_in_reproduction(repro, computed, computed, weighted=True, threshold=9) is repro  # nothing hidden


@pytest.mark.slow  # computes the weighted 2026 result with a stricter threshold (~15 s)
def test_a_weighted_run_keeps_a_suppressed_group_out_of_the_reproduction(tmp_path):
    config = load_config()
    strict = tmp_path / "privacy.yml"
    strict.write_text(config.privacy_file.read_text(encoding="utf-8")
                      .replace("small_group_threshold: 5", "small_group_threshold: 9")
                      .replace("explanations_min_group: 5", "explanations_min_group: 9"), encoding="utf-8")
    result = load_year_result(2026, dataclasses.replace(config.weighted(), privacy_file=strict))
    spec = result.layout.table(B27)
    repro = result.reproduction
    own = repro[repro["table_key"] == spec.key]
    overig = own[own["column_code"].astype(str) == str(OVERIG)]
    assert len(overig) == 4 and overig["computed"].isna().all()  # was 44,4 / 55,6 / 0 / 0 (weighted)
    hidden = result.tables[spec.key]
    gone = {(str(r), str(c)) for r, c, v in zip(hidden["row_code"], hidden["column_code"], hidden["value"]) if pd.isna(v)}
    printed = {(str(r), str(c)) for r, c, v in zip(own["row_code"], own["column_code"], own["computed"]) if pd.notna(v)}
    assert gone and not gone & printed


def test_the_total_is_hidden_when_it_is_the_small_group_s_figure():
    """Review of the statistics: a routed question that only one small group answered (the other groups
    n=0) printed the total, which is that group's figure (3 of 3: 100% / 0%), beside the hidden group."""
    from wlzmonitor.compute.disclosure import complementary_cells

    rows = []
    for code, (shares, n) in {1: ((np.nan, np.nan), 0), 2: ((np.nan, np.nan), 0), 3: ((100.0, 0.0), 3),
                              "Totaal": ((100.0, 0.0), 3)}.items():
        for option, share in zip((1, 2), shares):
            rows.append({"row_code": option, "column_code": code, "value": share, "n": n})
    table = pd.DataFrame(rows)
    extra = complementary_cells(table, (table["column_code"] == 3).to_numpy(), threshold=5)
    assert table.loc[extra, "column_code"].tolist() == ["Totaal", "Totaal"]
    # through the rule: the group and the total both "–", the bases stay
    spec = dataclasses.make_dataclass("Spec", [("key", str), ("is_breakdown", bool), ("kind", str)])(
        "b", True, "single")
    layout = dataclasses.make_dataclass("Layout", [("tables", list)])([spec])
    out, small = apply_small_group_rule(layout, {"b": table}, threshold=5)
    assert small == {"b": [3]}
    assert out["b"]["value"].isna().all() and out["b"]["n"].tolist() == [0, 0, 0, 0, 3, 3, 3, 3]


def test_a_cell_hidden_with_the_small_group_shows_a_dash_not_an_empty_cell(result):
    """Review of the statistics: the cells hidden so that the small group does not follow from the total
    were printed empty in the HTML table (read as "nobody answered"); the note promises "–"."""
    tables, small = apply_small_group_rule(result.layout, result.tables, threshold=10, action="suppress")
    spec = result.layout.table(B27)
    table = tables[spec.key]
    wide = wide_table(spec, table, result.codebook, small_base=20, small_groups=small[spec.key])
    hidden = table[table["value"].isna() & (table["column_code"] != OVERIG)]
    assert len(hidden) == 4  # one per row: the group with the next smallest base
    labels = dict(zip(table["row_code"], table["row"].astype(str)))
    for r in hidden.itertuples():
        column = next(c for c in wide.columns if c.startswith(str(r.column) + " ("))
        assert wide.loc[labels[r.row_code], column] == "–"
    assert "" not in set(wide.to_numpy().ravel())


def test_a_cell_whose_own_base_is_not_small_says_its_column_has_one():
    """Review of the statistics: in tables/nps__uitvoerder.csv a Menzis cell with n=23 said "kleine basis
    (n < 20)": the column is marked because its NPS of 2024 had n=15. The cell now says the column has one."""
    from wlzmonitor.present.table_files import table_cell_notes

    table = pd.DataFrame({"row_code": ["NPS 2024", "NPS 2026", "NPS 2026"], "column_code": ["Menzis", "Menzis", "CZ"],
                          "n": [15.0, 23.0, 40.0], "value": [1.0, 2.0, 3.0]})
    assert table_cell_notes(table, None, small_bases=("Menzis",), small_base=20) == [
        "kleine basis (n < 20)", "kleine basis in deze kolom (n < 20)", ""]
    unknown = table.assign(n=[float("nan")] * 3)
    assert table_cell_notes(unknown, None, small_bases=("Menzis",), small_base=20)[:2] == ["kleine basis (n < 20)"] * 2


def test_two_hidden_groups_that_are_together_still_small_are_not_left_to_the_total():
    """Review of the statistics (disclosure): with two small groups hidden (1 and 2 organisations) beside a
    printed total, total minus the shown group gave the two together, a group of 3 (2 of them said 'Ja').
    While the hidden groups together are below the threshold, the next smallest group is hidden too; where
    no group is left to hide, the total."""
    from wlzmonitor.compute.disclosure import complementary_cells

    def table(groups):
        return pd.DataFrame([{"row_code": 1, "column_code": code, "n": n, "value": v} for code, (n, v) in groups.items()])

    t = table({1: (1, 100.0), 2: (2, 50.0), 3: (50, 20.0), 4: (60, 30.0), "Totaal": (113, 26.5)})
    small = t["column_code"].isin([1, 2]).to_numpy()
    assert list(t.loc[complementary_cells(t, small, threshold=5), "column_code"]) == [3]
    assert not complementary_cells(t, small, threshold=3).any()  # 1 + 2 = 3: not below a threshold of 3
    alone = table({1: (1, 100.0), 2: (2, 50.0), "Totaal": (3, 66.7)})  # only the two small groups answered
    assert list(alone.loc[complementary_cells(alone, alone["column_code"].isin([1, 2]).to_numpy(), threshold=5),
                          "column_code"]) == ["Totaal"]
