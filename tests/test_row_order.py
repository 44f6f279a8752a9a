"""Every output is independent of the row order of the export.

Loading decides by order in three places: of two identical copies the later is excluded, of
the same organisation under two respondent ids with identical answers the later is excluded,
and the data-quality log lists findings row by row. The loader therefore puts the rows in a
canonical order first (``inputs/row_order.py``: by respondent id, then by content). Here the
rows of the canonical demo export and of a platform export are shuffled: the responses, the
accounting and every computed table are byte for byte the same, and the data-quality log is
the same line for line once the spreadsheet row numbers (which do move) are taken out. The
whole year's result written by a run (tables, p-values, workbook, year-on-year, reproduction,
log, accounting) is compared in a slow test.
"""

from __future__ import annotations

import csv
import filecmp
import random
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.spec.layout import layout_for_year
from wlzmonitor.compute.report_tables import compute_all, history_from_published
from wlzmonitor.inputs.row_order import canonical_row_order, natural_key, prefixed_numbers
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.demo.generator import demo_export_path

ROOT = Path(__file__).resolve().parents[1]
CB = codebook_for_year(2026)


def shuffled_copy(src: Path, dst: Path, header_rows: int = 1, seed: int = 7) -> Path:
    """``src`` with its respondent rows in another order (the header rows stay on top)."""
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[:header_rows], rows[header_rows:]
    random.Random(seed).shuffle(body)
    with open(dst, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(head + body)
    return dst


def log_without_rows(survey) -> str:
    """The data-quality log as CSV with the spreadsheet row numbers taken out (they move with
    the rows; everything else must not)."""
    df = survey.log.to_frame().drop(columns=["row", "file"])
    for col in ("issue", "action"):
        df[col] = (df[col].astype("string")
                   .str.replace(r"\((?:rows? )?\d[\d, ]*(?: and \d+ more)?\)", "(rows ...)",
                                regex=True)
                   .str.replace(r"\brows? \d+", "row N", regex=True))
    return df.to_csv(index=False)


def tables_csv(survey, published) -> dict[str, str]:
    layout = layout_for_year(2026)
    cells, tables = published
    history = history_from_published(layout, cells, tables)
    return {k: t.to_csv(index=False) for k, t in compute_all(layout, survey, history).items()}


def test_natural_key_and_canonical_order():
    assert sorted(["R10", "R2", "R1"], key=natural_key) == ["R1", "R2", "R10"]
    frame = pd.DataFrame({"respondent_id": ["b", "a", "a"], "x": ["2", "9", "1"],
                          "__row__": [2, 3, 4]})
    out = canonical_row_order(frame, "respondent_id")
    assert out["__row__"].tolist() == [4, 3, 2] and out.index.tolist() == [2, 1, 0]


def test_the_canonical_export_in_another_order_gives_the_same_result(tmp_path):
    """The demo export's rows shuffled (the double submission R0026 included): the same
    responses, private columns and accounting, the same log apart from the row numbers."""
    path = tmp_path / "respondenten.csv"
    shutil.copy(demo_export_path(2026), path)
    original = load_survey(path, CB)
    shuffled = load_survey(shuffled_copy(demo_export_path(2026), path), CB)
    pd.testing.assert_frame_equal(shuffled.responses, original.responses)
    pd.testing.assert_frame_equal(shuffled._private, original._private)
    assert shuffled.accounting.to_csv() == original.accounting.to_csv()
    assert log_without_rows(shuffled) == log_without_rows(original)
    assert [f.row for f in shuffled.log] != [f.row for f in original.log]  # rows did move


def _shuffled_platform(tmp_path: Path, platforms, name: str = "qualtrics_text.csv"):
    return load_survey(shuffled_copy(platforms.export(name).path, tmp_path / name,
                                     header_rows=3), CB, mapping=platforms.mapping_file(name))


def test_a_platform_export_in_another_order_gives_the_same_result(tmp_path, platforms):
    """The Qualtrics export (previews, tests, a double submission under two response ids, the
    same contact e-mail under two ids) shuffled below its three header rows."""
    original = platforms.survey("qualtrics_text.csv")
    shuffled = _shuffled_platform(tmp_path, platforms)
    pd.testing.assert_frame_equal(shuffled.responses, original.responses)
    pd.testing.assert_frame_equal(shuffled._private, original._private)
    assert shuffled.accounting.to_csv() == original.accounting.to_csv()
    assert log_without_rows(shuffled) == log_without_rows(original)


@pytest.mark.slow
def test_a_shuffled_platform_export_gives_the_canonical_tables(tmp_path, platforms, survey_2026,
                                                              published_2026):
    """Every table computed from the shuffled Qualtrics export is byte for byte the table of
    the canonical demo export."""
    assert tables_csv(_shuffled_platform(tmp_path, platforms), published_2026) == \
        tables_csv(survey_2026, published_2026)


def _year_outputs(root: Path, out: Path) -> None:
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.compute.year_result import load_year_result
    from wlzmonitor.run.data_outputs import write_data_outputs

    load_config.cache_clear()
    try:
        write_data_outputs(load_year_result(2026, load_config(root)), out)
    finally:
        load_config.cache_clear()


@pytest.mark.slow
def test_the_years_outputs_do_not_depend_on_the_row_order(tmp_path):
    """The year's result as a run writes it (every table, the p-values of the significance
    tests, the workbook, year-on-year changes, the reproduction, the accounting) byte for
    byte, and the data-quality log apart from the row numbers."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "config", root / "config")
    shutil.copytree(ROOT / "data", root / "data")
    export = root / "data" / "raw" / "2026" / "respondenten.csv"
    _year_outputs(root, tmp_path / "a")
    shuffled_copy(demo_export_path(2026), export, seed=11)
    _year_outputs(root, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                   if p.is_file())
    assert len(files) > 70
    differ = [str(p) for p in files if not filecmp.cmp(tmp_path / "a" / p, tmp_path / "b" / p,
                                                       shallow=False)]
    assert differ == ["data_quality_log.csv"]
    logs = [pd.read_csv(tmp_path / d / "data_quality_log.csv", dtype=str) for d in "ab"]
    for log in logs:
        log.drop(columns=["row"], inplace=True)
        log["issue"] = log["issue"].map(lambda s: re.sub(r"\brows? \d+", "row N", s))
    pd.testing.assert_frame_equal(logs[0], logs[1])


# --------------------------------------------------------------------------------------------
# the usual ids' numbers, all at once


def _numbers_one_by_one(values, full):
    matches = [full.fullmatch(v) for v in values]
    if values and all(matches) and len({m.group(1) for m in matches}) == 1:
        return [int(m.group(2)) for m in matches]
    return None


@pytest.mark.parametrize("values, numbers", [
    (["R0001", "R10", "R2"], [1, 10, 2]),
    (["7", "10", "0"], [7, 10, 0]),
    (["resp_" + "9" * 18], [int("9" * 18)]),
    (["R" + "9" * 19], None),        # 19 digits: more than int64 holds
    (["R1", "S2"], None),             # two prefixes
    (["R1", "R"], None),              # no digit
    (["R1", "R1a"], None),            # a letter after the number
    (["R1", "R1\x00"], None),         # a NUL at the end (numpy's text arrays drop it)
    (["\x001", "19"], None),          # a NUL as the prefix (numpy's startswith would find it anywhere)
    (["R١"], None),                   # Arabic-Indic digit: left to the regular expression
    ([], None),
    ([1, 2], None),                   # not text
])
def test_prefixed_numbers_reads_only_the_usual_shape(values, numbers):
    got = prefixed_numbers(values, re.compile(r"[A-Za-z_]*"))
    assert (got.tolist() if got is not None else None) == numbers


def test_prefixed_numbers_agrees_with_the_regular_expression_on_generated_ids():
    from wlzmonitor.inputs.row_order import _CODE, _CODE_PREFIX
    from wlzmonitor.inputs.survey import _NOT_DIGITS, _PREFIXED_NUMBER
    rng = random.Random(20261204)
    pieces = ["R", "r", "_", "0", "1", "9", "٣", "x", "-", " ", "\x00", "é", "0" * 17 + "9"]
    taken = 0
    for _ in range(20_000):
        base = rng.choice(["R", "", "resp_", "ID-", "\x00", "R\x00"])
        values = [base + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) if rng.random() < 0.3
                  else base + str(rng.randint(0, 10 ** rng.randint(1, 19))) + rng.choice(["", "", "\x00"])
                  for _ in range(rng.randint(1, 5))]
        for full, prefix in ((_CODE, _CODE_PREFIX), (_PREFIXED_NUMBER, _NOT_DIGITS)):
            got = prefixed_numbers(values, prefix)
            if got is not None:  # where it answers, it answers as the expression does
                taken += 1
                assert got.tolist() == _numbers_one_by_one(values, full), values
    assert taken > 3000
