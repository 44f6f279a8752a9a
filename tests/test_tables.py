"""Tests for wlzmonitor.compute.tables: exact values, bases, order, validation and formatting."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.compute import tables as t

OPTIONS = {1: "Ja", 2: "Ten dele", 3: "Nee"}
GROUPS = {1: "Klein", 2: "Groot"}


def cell(table: pd.DataFrame, row, column) -> pd.Series:
    """The single (value, n) record of a table cell."""
    hit = table[(table["row"] == row) & (table["column"] == column)]
    assert len(hit) == 1, (row, column)
    return hit.iloc[0]


def assert_contract(table: pd.DataFrame) -> None:
    assert list(table.columns) == ["row", "column", "value", "n"]
    for name in ("row", "column"):
        assert isinstance(table[name].dtype, pd.CategoricalDtype)
        assert table[name].cat.ordered
    assert table["value"].dtype == np.float64
    assert table["n"].dtype == np.int64


# ---------------------------------------------------------------- single_choice


def test_single_choice_exact_percentages_zero_counts_and_nan_exclusion():
    values = pd.Series([1, 1, 1, 2, 2, 2, 2, 2, np.nan, None], name="q1")  # 3 of 8 -> 37.5
    table = t.single_choice(values, OPTIONS)
    assert_contract(table)
    assert list(table["row"].cat.categories) == ["Ja", "Ten dele", "Nee"]
    assert list(table["column"].cat.categories) == ["Totaal"]
    assert list(table["row"]) == ["Ja", "Ten dele", "Nee"]
    assert cell(table, "Ja", "Totaal")["value"] == 37.5
    assert cell(table, "Ten dele", "Totaal")["value"] == 62.5
    assert cell(table, "Nee", "Totaal")["value"] == 0.0  # zero-count option kept
    assert set(table["n"]) == {8}


def test_single_choice_column_label_and_display_order_follows_mapping():
    values = pd.Series([3, 1], name="q")
    table = t.single_choice(values, {3: "Nee", 1: "Ja", 2: "Ten dele"}, column_label="2026")
    assert list(table["row"].cat.categories) == ["Nee", "Ja", "Ten dele"]
    assert list(table["column"].cat.categories) == ["2026"]
    assert table["value"].tolist() == [50.0, 50.0, 0.0]


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([1.0, 2.0, 2.0, np.nan], name="q"),
        pd.Series([1, 2, 2, None], dtype="Int64", name="q"),
        pd.Series([1, 2, 2, None], dtype=object, name="q"),
    ],
)
def test_single_choice_accepts_float_and_nullable_codes(values):
    table = t.single_choice(values, OPTIONS)
    assert cell(table, "Ja", "Totaal")["value"] == pytest.approx(100 / 3)
    assert cell(table, "Ten dele", "Totaal")["n"] == 3


def test_single_choice_by_groups_total_includes_missing_group():
    values = pd.Series([1, 2, 1, 3, 1, 2, np.nan], name="q")
    by = pd.Series([1, 1, 2, 2, np.nan, 2, 1], name="omzetgroep")
    table = t.single_choice(values, OPTIONS, by=by, groups=GROUPS)
    assert_contract(table)
    assert list(table["column"].cat.categories) == ["Klein", "Groot", "Totaal"]
    # Klein: answers 1, 2 (third Klein respondent did not answer)
    assert cell(table, "Ja", "Klein")["value"] == 50.0
    assert cell(table, "Ja", "Klein")["n"] == 2
    # Groot: 1, 3, 2
    assert cell(table, "Nee", "Groot")["value"] == pytest.approx(100 / 3)
    assert cell(table, "Nee", "Groot")["n"] == 3
    # Totaal: all 6 answers, including the respondent with a missing group
    assert cell(table, "Ja", "Totaal")["value"] == 50.0
    assert cell(table, "Ja", "Totaal")["n"] == 6


def test_single_choice_by_without_total_and_empty_group():
    values = pd.Series([1, 2], name="q")
    by = pd.Series([1, 1], name="g")
    table = t.single_choice(values, OPTIONS, by=by, groups=GROUPS, total=False)
    assert list(table["column"].cat.categories) == ["Klein", "Groot"]
    groot = table[table["column"] == "Groot"]
    assert groot["value"].isna().all()
    assert (groot["n"] == 0).all()


def test_single_choice_unknown_code_raises_with_code_and_name():
    with pytest.raises(ValueError, match=r"tevredenheid.*code 7"):
        t.single_choice(pd.Series([1, 7], name="tevredenheid"), OPTIONS)


def test_single_choice_unknown_group_code_raises():
    with pytest.raises(ValueError, match=r"omzetgroep.*code 9"):
        t.single_choice(
            pd.Series([1, 2], name="q"), OPTIONS, by=pd.Series([1, 9], name="omzetgroep"),
            groups=GROUPS,
        )


def test_single_choice_non_integer_code_raises():
    with pytest.raises(ValueError, match="q.*non-integer"):
        t.single_choice(pd.Series([1.5], name="q"), OPTIONS)


def test_single_choice_by_requires_groups_and_same_index():
    values = pd.Series([1, 2], name="q")
    with pytest.raises(ValueError, match="groups"):
        t.single_choice(values, OPTIONS, by=pd.Series([1, 2]))
    with pytest.raises(ValueError, match="same index"):
        t.single_choice(values, OPTIONS, by=pd.Series([1, 2], index=[5, 6]), groups=GROUPS)


# ---------------------------------------------------------------- multi_response


def test_multi_response_base_is_asked_and_percentages_do_not_sum_to_100():
    frame = pd.DataFrame(
        {
            "reden__1": [1, 1, 0, 1, np.nan],
            "reden__2": [1, 0, 0, np.nan, np.nan],  # NaN within an asked row = not selected
            "reden__3": [0, 0, 0, 0, np.nan],
            "other": [9, 9, 9, 9, 9],  # ignored: not in options
        }
    )
    options = {"reden__1": "Tarief", "reden__2": "Volume", "reden__3": "Anders"}
    table = t.multi_response(frame, options)
    assert_contract(table)
    assert list(table["row"].cat.categories) == ["Tarief", "Volume", "Anders"]
    assert cell(table, "Tarief", "Totaal")["value"] == 75.0
    assert cell(table, "Volume", "Totaal")["value"] == 25.0
    assert cell(table, "Anders", "Totaal")["value"] == 0.0
    assert set(table["n"]) == {4}


def test_multi_response_by_groups():
    frame = pd.DataFrame({"m__1": [1, 0, 1, 1], "m__2": [0, 1, 1, np.nan]})
    by = pd.Series([1, 2, 2, np.nan], name="g")
    table = t.multi_response(frame, {"m__1": "A", "m__2": "B"}, by=by, groups=GROUPS)
    assert cell(table, "A", "Klein")["value"] == 100.0
    assert cell(table, "A", "Groot")["value"] == 50.0
    assert cell(table, "A", "Totaal")["value"] == 75.0
    assert cell(table, "B", "Totaal")["n"] == 4


def test_multi_response_rejects_non_indicator_values_and_missing_columns():
    with pytest.raises(ValueError, match="m__1.*2"):
        t.multi_response(pd.DataFrame({"m__1": [0, 2]}), {"m__1": "A"})
    with pytest.raises(ValueError, match="m__9"):
        t.multi_response(pd.DataFrame({"m__1": [0, 1]}), {"m__1": "A", "m__9": "Z"})


# ---------------------------------------------------------------- matrix


def test_matrix_item_bases_and_percentages():
    frame = pd.DataFrame({"mx__a": [1, 1, 2, np.nan], "mx__b": [3, 3, 3, 1]})
    table = t.matrix(frame, {"mx__a": "Item A", "mx__b": "Item B"}, OPTIONS)
    assert_contract(table)
    assert list(table["row"].cat.categories) == ["Item A", "Item B"]
    assert list(table["column"].cat.categories) == ["Ja", "Ten dele", "Nee"]
    assert cell(table, "Item A", "Ja")["value"] == pytest.approx(200 / 3)
    assert cell(table, "Item A", "Nee")["value"] == 0.0
    assert (table[table["row"] == "Item A"]["n"] == 3).all()
    assert cell(table, "Item B", "Nee")["value"] == 75.0
    assert (table[table["row"] == "Item B"]["n"] == 4).all()


def test_matrix_unknown_code_names_item_column():
    frame = pd.DataFrame({"mx__a": [1, 4]})
    with pytest.raises(ValueError, match=r"mx__a.*code 4"):
        t.matrix(frame, {"mx__a": "Item A"}, OPTIONS)


# ---------------------------------------------------------------- scale_means


def test_scale_means_values_bases_and_range_check():
    frame = pd.DataFrame({"s__1": [4, 5, 3, np.nan], "s__2": [np.nan] * 4})
    table = t.scale_means(frame, {"s__1": "Communicatie", "s__2": "Snelheid"})
    assert_contract(table)
    assert list(table["column"].cat.categories) == ["Gemiddelde"]
    assert cell(table, "Communicatie", "Gemiddelde")["value"] == 4.0
    assert cell(table, "Communicatie", "Gemiddelde")["n"] == 3
    assert math.isnan(cell(table, "Snelheid", "Gemiddelde")["value"])
    assert cell(table, "Snelheid", "Gemiddelde")["n"] == 0
    with pytest.raises(ValueError, match=r"s__1.*6"):
        t.scale_means(pd.DataFrame({"s__1": [1, 6]}), {"s__1": "x"})


# ---------------------------------------------------------------- numeric_summary


def test_numeric_summary_and_empty():
    table = t.numeric_summary(pd.Series([10, 20, np.nan, 60], name="pct"), row_label="Aandeel")
    assert_contract(table)
    assert list(table["column"].cat.categories) == ["Aantal", "Gemiddeld", "Minimum", "Maximum"]
    assert table["value"].tolist() == [3.0, 30.0, 10.0, 60.0]
    assert set(table["n"]) == {3}
    empty = t.numeric_summary(pd.Series([np.nan, None], name="x"), row_label="Leeg")
    assert empty["value"].iloc[0] == 0.0
    assert empty["value"].iloc[1:].isna().all()
    assert set(empty["n"]) == {0}


# ---------------------------------------------------------------- NPS


def test_nps_tiny_case():
    # critici: 0, 6 (2); neutralen: 7, 8 (2); fans: 9, 10, 10, 9 (4); n = 8
    scores = pd.Series([0, 6, 7, 8, 9, 10, 10, 9, np.nan], name="aanbevelen")
    table = t.nps(scores)
    assert_contract(table)
    assert list(table["row"].cat.categories) == ["Critici", "Neutralen", "Fans", "NPS"]
    assert cell(table, "Critici", "Totaal")["value"] == 25.0
    assert cell(table, "Neutralen", "Totaal")["value"] == 25.0
    assert cell(table, "Fans", "Totaal")["value"] == 50.0
    assert cell(table, "NPS", "Totaal")["value"] == 25.0
    assert set(table["n"]) == {8}


def test_nps_unrounded_and_by_groups():
    scores = pd.Series([1, 9, 9, 7, 3, 10], name="nps")
    by = pd.Series([1, 1, 1, 2, 2, np.nan], name="g")
    table = t.nps(scores, by=by, groups=GROUPS)
    assert cell(table, "NPS", "Klein")["value"] == pytest.approx(100 / 3)  # 2/3 - 1/3
    assert cell(table, "NPS", "Groot")["value"] == -50.0
    assert cell(table, "NPS", "Totaal")["value"] == pytest.approx(100 * (3 - 2) / 6)
    assert cell(table, "NPS", "Totaal")["n"] == 6


def test_nps_counts():
    scores = pd.Series([0, 6, 7, 9, 10, np.nan], name="nps")
    table = t.nps_counts(scores)
    assert list(table["row"].cat.categories) == ["Critici", "Neutralen", "Fans", "Totaal (N)"]
    assert table["value"].tolist() == [2.0, 1.0, 2.0, 5.0]
    assert set(table["n"]) == {5}


@pytest.mark.parametrize("bad", [11, -1, 7.5])
def test_nps_rejects_invalid_scores(bad):
    with pytest.raises(ValueError, match="aanbevelen"):
        t.nps(pd.Series([5, bad], name="aanbevelen"))


# ---------------------------------------------------------------- frequency_table


def test_frequency_table():
    table = t.frequency_table(pd.Series([1, 1, 2, np.nan], name="q"), OPTIONS)
    assert_contract(table)
    assert list(table["column"].cat.categories) == ["Aantal", "Percentage"]
    assert cell(table, "Ja", "Aantal")["value"] == 2.0
    assert cell(table, "Ja", "Percentage")["value"] == pytest.approx(200 / 3)
    assert cell(table, "Nee", "Aantal")["value"] == 0.0
    assert set(table["n"]) == {3}


# ---------------------------------------------------------------- stack_columns


def test_stack_columns_union_of_rows_and_key_order():
    y2025 = t.single_choice(pd.Series([1, 2, 2, 2], name="q"), {1: "Ja", 2: "Nee"})
    y2026 = t.single_choice(pd.Series([1, 3], name="q"), {3: "Weet niet", 1: "Ja", 2: "Nee"})
    table = t.stack_columns({"2025": y2025, "2026": y2026})
    assert_contract(table)
    assert list(table["column"].cat.categories) == ["2025", "2026"]
    assert list(table["row"].cat.categories) == ["Ja", "Nee", "Weet niet"]
    assert cell(table, "Ja", "2025")["value"] == 25.0
    assert cell(table, "Ja", "2025")["n"] == 4
    assert cell(table, "Weet niet", "2026")["value"] == 50.0
    assert cell(table, "Weet niet", "2026")["n"] == 2
    assert len(table[(table["row"] == "Weet niet") & (table["column"] == "2025")]) == 0
    assert list(table["row"]) == ["Ja", "Ja", "Nee", "Nee", "Weet niet"]


def test_stack_columns_rejects_multi_column_tables():
    wide = t.single_choice(
        pd.Series([1, 2], name="q"), OPTIONS, by=pd.Series([1, 2], name="g"), groups=GROUPS
    )
    with pytest.raises(ValueError, match="expected exactly 1"):
        t.stack_columns({"2026": wide})


# ---------------------------------------------------------------- independence_test


def sample_from_table(observed: np.ndarray, seed: int) -> tuple[pd.Series, pd.Series]:
    """Respondent-level (answer, group) series reproducing a crosstab, in shuffled order."""
    answers, groups = [], []
    for (i, j), count in np.ndenumerate(observed):
        answers += [i + 1] * int(count)
        groups += [j + 1] * int(count)
    order = np.random.default_rng(seed).permutation(len(answers))
    values = pd.Series(np.array(answers, dtype=float)[order], name="q")
    by = pd.Series(np.array(groups, dtype=float)[order], name="g")
    return values, by


def test_independence_test_small_counts_permutation_is_deterministic():
    observed = np.array([[30, 25, 20], [10, 12, 15], [2, 5, 3]])  # n = 122, small third row
    values, by = sample_from_table(observed, seed=1)
    values = pd.concat([values, pd.Series([np.nan, 1.0], name="q")], ignore_index=True)
    by = pd.concat([by, pd.Series([2.0, np.nan], name="g")], ignore_index=True)
    first = t.independence_test(values, by)  # its speed is measured by benchmarks/, not asserted here
    second = t.independence_test(values, by)
    assert first["test"] == "chi2"
    assert first["n"] == 122
    assert first["dof"] == 4
    assert first["min_expected"] < 5
    assert first["share_expected_below_5"] == pytest.approx(3 / 9)
    assert first["p_value_permutation"] == second["p_value_permutation"]
    assert 0.05 < first["p_value_permutation"] < 1
    other = t.independence_test(values, by, seed=1)
    assert other["p_value_permutation"] != first["p_value_permutation"]
    assert abs(other["p_value_permutation"] - first["p_value_permutation"]) < 0.02
    never = t.independence_test(values, by, permutation=False)
    assert math.isnan(never["p_value_permutation"])
    assert never["p_value"] == first["p_value"]


def test_independence_test_matches_scipy_and_permutation_agrees_with_large_counts():
    observed = np.array([[120, 100, 95], [80, 95, 90], [60, 70, 90]])
    values, by = sample_from_table(observed, seed=2)
    result = t.independence_test(values, by, permutation=True)
    assert result["min_expected"] >= 5
    assert result["share_expected_below_5"] == 0.0
    from scipy.stats import chi2_contingency

    statistic, p_value, dof, _ = chi2_contingency(observed, correction=False)
    assert result["statistic"] == pytest.approx(statistic)
    assert result["p_value"] == pytest.approx(p_value)
    assert result["dof"] == dof == 4
    assert 0.01 < result["p_value"] < 0.5  # a p-value where the comparison means something
    assert abs(result["p_value_permutation"] - result["p_value"]) < 0.02
    auto = t.independence_test(values, by)  # no small expected counts -> not computed
    assert math.isnan(auto["p_value_permutation"])


def _counted_one_by_one(row_codes: np.ndarray, shuffled: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    tables = np.zeros((len(shuffled), *shape), dtype=np.int64)
    for k, columns in enumerate(shuffled):
        np.add.at(tables[k], (row_codes, columns), 1)
    return tables


@pytest.mark.parametrize(("rows", "columns", "way"), [
    ([30, 25, 2], 3, "packed"),              # the demo's shape: one byte a column
    ([300, 5], 4, "packed"),                 # a row of 256 or more: 16 bits a column
    ([70000, 3], 2, "packed"),               # 65,536 or more: 32 bits, two columns fit
    ([70000, 3], 3, "general"),              # three 32-bit columns do not fit 64 bits
    ([4, 6, 2], 9, "general"),               # nine 8-bit columns do not either
    ([5, 0, 7], 3, "packed"),                # a row without respondents (no run of its own)
])
def test_resampled_tables_are_counted_as_one_by_one(rows, columns, way):
    rng = np.random.default_rng(7)
    row_codes = np.repeat(np.arange(len(rows)), rows)
    col_codes = rng.integers(0, columns, len(row_codes))
    col_codes[:columns] = np.arange(columns)  # every column present
    shape = (len(rows), columns)
    shuffled = rng.permuted(np.broadcast_to(col_codes, (3 if len(row_codes) > 1000 else 50, len(row_codes))), axis=1)
    count = t._resample_counter(row_codes, shape)
    assert count.__name__ == way
    counted = count(shuffled)
    assert counted.dtype == np.int64
    assert np.array_equal(counted, _counted_one_by_one(row_codes, shuffled, shape))


def test_resampled_tables_of_respondents_not_in_runs_are_counted_the_general_way():
    row_codes = np.array([0, 1, 0, 2, 1, 0])
    shuffled = np.random.default_rng(3).permuted(np.broadcast_to(np.array([0, 1, 1, 0, 1, 0]), (20, 6)), axis=1)
    count = t._resample_counter(row_codes, (3, 2))
    assert count.__name__ == "general"
    assert np.array_equal(count(shuffled), _counted_one_by_one(row_codes, shuffled, (3, 2)))


def test_permutation_p_value_is_the_one_the_general_count_gives(monkeypatch):
    observed = np.array([[30, 25, 20, 3], [10, 12, 15, 1], [2, 5, 3, 0]])
    values, by = sample_from_table(observed, seed=4)
    packed = t.independence_test(values, by, permutation=True)["p_value_permutation"]

    def always_general(row_codes, shape):  # the counting before the bit fields, as it was
        n_rows, n_cols = shape

        def counted(shuffled):
            flat = row_codes * n_cols + shuffled + (np.arange(len(shuffled)) * n_rows * n_cols)[:, None]
            return np.bincount(flat.ravel(), minlength=len(shuffled) * n_rows * n_cols).reshape(len(shuffled), *shape)
        return counted

    monkeypatch.setattr(t, "_resample_counter", always_general)
    assert t.independence_test(values, by, permutation=True)["p_value_permutation"] == packed


def test_independence_test_degenerate_table():
    result = t.independence_test(pd.Series([1, 1, 1]), pd.Series([1, 2, 2]))
    assert result["dof"] == 0
    assert math.isnan(result["p_value"])


# ---------------------------------------------------------------- rounding and formatting


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (0.5, 0, 1.0),
        (1.5, 0, 2.0),
        (2.5, 0, 3.0),
        (-2.5, 0, -3.0),
        (-0.4, 0, 0.0),
        (2.4999, 0, 2.0),
        (96.65, 1, 96.7),  # stored as 96.6499999...; within 1e-9 of a half -> half
        (96.6499, 1, 96.6),
        (4.045, 2, 4.05),
        (100 * 3 / 8, 0, 38.0),
    ],
)
def test_round_half_up_scalars(x, decimals, expected):
    result = t.round_half_up(x, decimals)
    assert isinstance(result, float)
    assert result == expected


def test_round_half_up_no_negative_zero_and_missing():
    assert math.copysign(1, t.round_half_up(-0.4)) == 1.0
    assert math.isnan(t.round_half_up(np.nan))
    assert math.isnan(t.round_half_up(None))
    assert math.isnan(t.round_half_up(pd.NA))


def test_round_half_up_vectorised():
    series = pd.Series([0.5, 2.5, -2.5, np.nan], index=list("abcd"), name="v")
    result = t.round_half_up(series)
    assert isinstance(result, pd.Series)
    assert list(result.index) == list("abcd")
    assert result.iloc[:3].tolist() == [1.0, 3.0, -3.0]
    assert math.isnan(result.iloc[3])
    array = t.round_half_up(np.array([[0.5, 1.25], [np.nan, -1.25]]), 1)
    assert array.shape == (2, 2)
    assert array[0].tolist() == [0.5, 1.3]
    assert array[1, 1] == -1.3
    nullable = t.round_half_up(pd.Series([2.5, None], dtype="Float64"))
    assert nullable.iloc[0] == 3.0 and math.isnan(nullable.iloc[1])


def test_formatting():
    assert t.format_percent(35.4) == "35%"
    assert t.format_percent(37.5) == "38%"
    assert t.format_percent(0.5) == "1%"
    assert t.format_percent(96.65, decimals=1) == "96,7%"
    assert t.format_percent(np.nan) == ""
    assert t.format_mean(4.049999999999) == "4,05"
    assert t.format_mean(96.65, decimals=1) == "96,7"
    assert t.format_mean(3.0) == "3,00"
    assert t.format_mean(-0.001) == "0,00"
    assert t.format_nps(7.4) == "+7"
    assert t.format_nps(-2.5) == "-3"
    assert t.format_nps(-0.4) == "0"
    assert t.format_nps(0.0) == "0"
    assert t.format_nps(0.5) == "+1"
    assert t.format_n(122) == "n=122"
    assert t.format_n(np.int64(7)) == "n=7"
    assert t.format_n(None) == ""


def test_numeric_summary_weighted_mean():
    """A weighted report's mean is weighted (review: the mean was the unweighted one, its interval
    centred on the weighted one); count, minimum and maximum are of the answers."""
    values = pd.Series([1, 1, 1, 1, 10, 10, np.nan], name="x", dtype=float)
    weights = [5, 5, 5, 5, 0.2, 0.2, 3]
    table = t.numeric_summary(values, row_label="X", weights=weights)
    cells = dict(zip(table["column"], table["value"]))
    assert cells["Gemiddeld"] == pytest.approx(np.average([1, 1, 1, 1, 10, 10], weights=[5, 5, 5, 5, 0.2, 0.2]))
    assert (cells["Aantal"], cells["Minimum"], cells["Maximum"]) == (6, 1, 10)
    assert dict(zip(*t.numeric_summary(values, row_label="X").pipe(lambda f: (f["column"], f["value"]))))[
        "Gemiddeld"] == pytest.approx(4.0)


def test_a_p_value_just_below_alpha_is_not_printed_as_alpha():
    """p = 0.04983 printed 'p = 0,050' beside 'p < 0,05' (review): four decimals then."""
    assert t.format_p(0.04983) == "p = 0,0498"
    assert t.format_p(0.0321) == "p = 0,032"
    assert t.format_p(0.0004) == "p < 0,001"
    assert t.format_p(0.0502) == "p = 0,050"  # at or above alpha: as it rounds
    assert t.format_p(0.0999, "gecorrigeerde p", alpha=0.1) == "gecorrigeerde p = 0,0999"


def test_p_values_beside_a_level_below_a_thousandth_say_on_which_side_they_are():
    """Review of the statistics: config allows α = 0,0001; every p below 0,001 printed 'p < 0,001', so
    'p = 0,0005' (not significant) and 'p = 0,00005' (significant) read the same beside α = 0,0001. And
    a level written with more than ten decimals printed as '0,00'."""
    assert [t.format_p(p, alpha=0.0001) for p in (0.00005, 0.0005, 0.000099, 0.0000099, 0.02)] == \
        ["p = 0,000050", "p = 0,00050", "p = 0,000099", "p < 0,00001", "p = 0,020"]
    assert [t.format_p(p, alpha=0.001) for p in (0.0005, 0.00009, 0.0009999, 0.002)] == \
        ["p = 0,00050", "p < 0,0001", "p = 0,000999", "p = 0,002"]
    assert [t.format_p(p) for p in (0.0005, 0.0498, 0.0502, 0.04999999)] == \
        ["p < 0,001", "p = 0,0498", "p = 0,050", "p = 0,0499"]
    assert [t.format_alpha(a) for a in (1e-11, 2.5e-12, 0.123456789012)] == \
        ["0,00000000001", "0,0000000000025", "0,123456789012"]


def test_a_significance_level_is_printed_with_its_own_decimals():
    """Review of the statistics: α = 0,005 (allowed by config/report.yml) was printed "α = 0,01" with two
    decimals, beside p-values compared with 0,005."""
    assert [t.format_alpha(a) for a in (0.05, 0.01, 0.005, 0.1, 0.025, 0.0001, 0.00015, 0.5)] == \
        ["0,05", "0,01", "0,005", "0,10", "0,025", "0,0001", "0,00015", "0,50"]
    from wlzmonitor.compute.significance import TestResult
    from wlzmonitor.present.table_html import verdict_html
    from wlzmonitor.spec.layout import TableSpec

    spec = TableSpec("b", "Tabel B7", "x", "b", "single", (1, 2), (1, 2, "Totaal"), by="omzetgroep")
    out = verdict_html(spec, TestResult("chi2", 0.0072, False, 6.0), alpha=0.005)
    assert out.endswith("(χ²-toets (Pearson), p = 0,007, α = 0,005).</p>") and "Geen statistisch significant verschil" in out


def _finish_with_pandas(table: pd.DataFrame, row_order: list | None, column_order: list | None) -> pd.DataFrame:
    """The printed order as report_tables._finish made it before issue 16 (categoricals sorted by pandas)."""
    out = table.reset_index(drop=True)
    rows = list(dict.fromkeys((row_order or []) + [str(r) for r in out["row"]]))
    cols = list(dict.fromkeys((column_order or []) + [str(c) for c in out["column"]]))
    out["row"] = pd.Categorical(out["row"].astype(str), categories=rows, ordered=True)
    out["column"] = pd.Categorical(out["column"].astype(str), categories=cols, ordered=True)
    out["n"] = out["n"].astype(float)
    out = out.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    return out[["row", "column", "value", "n", "row_code", "column_code"]]


@pytest.mark.parametrize("seed", range(40))
def test_a_table_in_its_printed_order_is_the_frame_pandas_sorting_gives(seed):
    """report_tables._finish orders a table by its row and column categories with one stable sort of
    their codes (speed, issue 16): the same frame, categories, dtypes and index as sorting with pandas,
    for tables with ties, rows the order names and the table lacks, numbers as labels and an empty table."""
    from wlzmonitor.compute import report_tables

    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 30))
    labels = ["Ja", "Nee", "Weet niet", "1", "Totaal", "NPS 2026"]
    years = [2024, 2025, "2026", "Totaal"]
    table = pd.DataFrame({
        "row": rng.choice(np.array(labels, dtype=object), size),
        "column": [years[i] for i in rng.integers(0, len(years), size)],
        "value": rng.random(size).round(3),
        "n": rng.integers(0, 200, size),
        "row_code": rng.integers(1, 9, size).astype(object),
        "column_code": rng.choice(np.array([2024, 2025, 2026, "Totaal"], dtype=object), size),
    }, index=rng.permutation(size) + 7)  # an index that is not 0..n-1
    row_order = list(rng.permutation(labels + ["Nooit gegeven"])[: int(rng.integers(0, 7))]) or None
    column_order = ["2026", "2025"] if seed % 2 else None
    got = report_tables._finish(table, None, row_order, column_order)
    want = _finish_with_pandas(table, row_order, column_order)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert list(got["row"].cat.categories) == list(want["row"].cat.categories)
    assert list(got["column"].cat.categories) == list(want["column"].cat.categories)
