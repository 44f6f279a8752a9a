"""Review h127 of 'by' in a layout (spec/layout.breakdown_problem, review h125) and of exclusive: true across
waves (spec/year_rules._exclusive_changed, review h122), on a 2027 wave built as docs/survey_years.md says."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from wlzmonitor.spec.config import load_config

ZORGTYPEGROEP = ("derived:\n- key: zorgtypegroep\n  label: Zorgtype\n  from: zorgtype\n  map: {1: 1, 2: 2, 3: 1}\n"
                 "  options:\n  - {code: 1, label: Met zorg thuis}\n  - {code: 2, label: Alleen intramuraal}\n")


def _nps_table(by: str, columns: str) -> str:
    return (f"- key: nps__{by}\n  title: NPS per zorgtype\n  chapter: 05_inkoopbeleid_nps\n  question: nps\n"
            f"  kind: nps_by\n  rows: [Critici, Neutralen, Fans, NPS 2026, NPS 2027, Totaal (N)]\n"
            f"  columns: {columns}\n  by: {by}\n- key: respons\n")


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).parent))
    import new_wave

    root = new_wave.repository(tmp_path_factory.mktemp("h127"))
    new_wave.new_year(root)
    new_wave.analyst_edits(root)
    return root


def _check(root: Path, codebook_edit, layout_edit):
    from wlzmonitor.spec.year_check import check_year

    cb, lay = root / "data/codebooks/2027.yml", root / "data/reports/2027/tables.yml"
    texts = cb.read_text(encoding="utf-8"), lay.read_text(encoding="utf-8")
    cb.write_text(codebook_edit(texts[0]), encoding="utf-8")
    lay.write_text(layout_edit(texts[1]), encoding="utf-8")
    load_config.cache_clear()
    try:
        return check_year(2027, load_config(root))
    finally:
        load_config.cache_clear()
        cb.write_text(texts[0], encoding="utf-8")
        lay.write_text(texts[1], encoding="utf-8")


def test_nps_by_a_derived_variable_new_in_2027_with_a_2026_row_is_named_by_check_year(wave):
    """An NPS table per group of a derived variable only 2027's codebook defines, with a row 'NPS 2026':
    check-year passed and the run then stopped on "codebook 2026 has no derived variable 'zorgtypegroep'"."""
    result = _check(wave, lambda t: t.replace("derived:\n", ZORGTYPEGROEP, 1),
                    lambda t: t.replace("- key: respons\n", _nps_table("zorgtypegroep", "[1, 2, Totaal]"), 1))
    errors = [f for f in result.findings if f.level == "error"]
    assert len(errors) == 1, [f.message for f in errors]
    assert "(nps__zorgtypegroep)" in errors[0].where and "tables.yml:" in errors[0].where
    assert "row 'NPS 2026'" in errors[0].message and "'zorgtypegroep' is not in the 2026 codebook" in errors[0].message


def test_nps_by_a_single_question_and_a_derived_variable_new_in_2027_without_earlier_rows_pass(wave):
    for by, columns in (("zorgtype", "[1, 2, 3, Totaal]"), ("zorgtypegroep", "[1, 2, Totaal]")):
        result = _check(wave, lambda t: t.replace("derived:\n", ZORGTYPEGROEP, 1),
                        lambda t: t.replace("- key: respons\n", _nps_table(by, columns).replace("NPS 2026, ", ""), 1))
        assert [f.message for f in result.findings if f.level == "error"] == [], by
