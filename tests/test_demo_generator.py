"""The demo generator: its building blocks on small cases, and the shipped file as its output."""

from __future__ import annotations

import numpy as np
import pytest

from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.demo.allocation import CellModel, Unit, Weights, allocate_total
from wlzmonitor.demo.generator import (
    assign_multi, generate, scores_for_mean, to_csv_bytes, values_for_summary,
)
from wlzmonitor.demo.targets import NumericTarget, Target
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.demo.generator import demo_export_path as raw_export
from wlzmonitor.compute.tables import round_half_up


def test_allocate_total_hits_every_rounded_share():
    targets = [Target("T", "q", 1, None, None, "percent", 71), Target("T", "q", 2, None, None, "percent", 21),
               Target("T", "q", 3, None, None, "percent", 7)]
    counts = allocate_total([1, 2, 3], 122, targets)
    assert counts == {1: 87, 2: 26, 3: 9}


def test_allocate_total_prefers_the_least_bad_when_shares_contradict():
    # 71/21/8 of 122 is impossible (see known discrepancies, Tabel 18): one share must miss
    targets = [Target("T", "q", c, None, None, "percent", p) for c, p in [(1, 71), (2, 21), (3, 8)]]
    counts = allocate_total([1, 2, 3], 122, targets)
    assert sum(counts.values()) == 122
    shares = [round_half_up(100 * counts[c] / 122) for c in (1, 2, 3)]
    assert sum(s != p for s, p in zip(shares, (71, 21, 8))) == 1


def test_cell_model_reproduces_breakdown_and_routing():
    # 10 respondents: groups a (cells a1, a2) and b; gate g routes question q
    model = CellModel(
        {"dim_a": [1, 2], "dim_b": [1]},
        {"g": Unit("g", [1, 2], None), "q": Unit("q", [1, 2], _leaf("g", [1]))},
        total=10, weights=Weights(),
    )
    for t in [Target("B", "dim_a", 1, None, None, "count", 4), Target("B", "dim_a", 2, None, None, "count", 6),
              Target("T", "g", 1, "dim_a", 1, "percent", 50), Target("T", "g", 1, "dim_a", 2, "percent", 100),
              Target("T", "q", 1, None, None, "percent", 75)]:
        model.add_target(t, 10)
    solution = model.solve()
    assert solution.misses == []
    assert solution.sizes == {(1, 1): 4, (2, 1): 6}
    assert solution.counts["g"][(1, 1)] == {1: 2, 2: 2}
    assert solution.counts["g"][(2, 1)] == {1: 6, 2: 0}
    q = solution.counts["q"]
    assert q[(1, 1)][1] + q[(2, 1)][1] == 6 and sum(q[(1, 1)].values()) + sum(q[(2, 1)].values()) == 8


def _leaf(question, codes):
    from wlzmonitor.spec.codebook import Condition
    return Condition(op="in", question=question, codes=tuple(codes))


def test_assign_multi_covers_everyone_and_meets_quotas():
    rng = np.random.default_rng(1)
    chosen = assign_multi(list(range(8)), {1: 4, 4: 1, 3: 2, 2: 1, 5: 3}, {5}, rng)
    assert {k: len(v) for k, v in chosen.items()} == {1: 4, 4: 1, 3: 2, 2: 1, 5: 3}
    people = set().union(*map(set, chosen.values()))
    assert people == set(range(8))
    assert not set(chosen[5]) & (set(chosen[1]) | set(chosen[2]) | set(chosen[3]) | set(chosen[4]))


def test_assign_multi_refuses_impossible_coverage():
    with pytest.raises(ValueError, match="cannot cover"):
        assign_multi(list(range(5)), {1: 2, 2: 1}, set(), np.random.default_rng(0))


@pytest.mark.parametrize("n,mean", [(96, 3.18), (115, 3.05), (98, 4.05), (113, 2.30), (7, 1.0)])
def test_scores_for_mean(n, mean):
    scores = scores_for_mean(n, mean, 2, 1, 5, np.random.default_rng(3))
    assert len(scores) == n and scores.min() >= 1 and scores.max() <= 5
    assert round_half_up(scores.mean(), 2) == mean


def test_values_for_summary():
    stats = {"Gemiddeld": NumericTarget("T", "x", "Gemiddeld", 96.7, 1),
             "Minimum": NumericTarget("T", "x", "Minimum", 95.8, 1),
             "Maximum": NumericTarget("T", "x", "Maximum", 98.0, 0)}
    values = np.array(values_for_summary(36, stats, 0.1, np.random.default_rng(5)))
    assert len(values) == 36 and values.min() == 95.8 and values.max() == 98.0
    assert round_half_up(values.mean(), 1) == 96.7


def test_demo_export_accounts_for_every_row():
    survey = load_survey(raw_export(2026), codebook_for_year(2026))
    accounting = survey.accounting.set_index("step")["n"]
    assert accounting["rows read"] == 132
    assert accounting["included"] == 122
    assert accounting["excluded: incomplete response (voltooid = 0)"] == 9
    assert accounting["excluded: duplicate of an earlier row"] == 1


def test_demo_export_holds_personal_data_that_the_loader_keeps_out():
    raw = raw_export(2026).read_text(encoding="utf-8")
    assert "@" in raw and "06-" in raw  # contact question and leaky open answers
    survey = load_survey(raw_export(2026), codebook_for_year(2026))
    assert not any(c.startswith("contact__") for c in survey.responses.columns)


@pytest.mark.slow
def test_shipped_demo_file_is_the_generators_output_byte_for_byte():
    """Regenerates the data (about 1.5 minutes: the integer program) and compares bytes."""
    assert to_csv_bytes(generate(2026)) == raw_export(2026).read_bytes()


def test_demo_of_a_year_without_a_published_report_is_a_message(tmp_path, capsys, monkeypatch):
    """Review of the 2027 path: `demo --year 2027` ended in a FileNotFoundError traceback."""
    import new_wave
    from wlzmonitor.cli import main
    from wlzmonitor.spec.config import load_config

    root = new_wave.repository(tmp_path)
    new_wave.new_year(root)
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    load_config.cache_clear()
    try:
        code = main(["demo", "--year", "2027"])
    finally:
        load_config.cache_clear()
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "no demo data can be made for 2027: the demo export is drawn to reproduce a published report, and " in err
    assert "data/published/2027/cells.csv and " in err and "(the years that have them: 2024, 2025, 2026)" in err
