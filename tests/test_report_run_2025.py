"""`python run_all.py --year 2025`: the 2025 report, through the same function run_all.py uses."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from wlzmonitor.spec.config import load_config
from wlzmonitor.run.report_run import build_report


@pytest.fixture(scope="module")
def run_2025(tmp_path_factory):
    config = load_config().with_output_dir(tmp_path_factory.mktemp("outputs"))
    summary = build_report(2025, force=True, config=config, log=lambda _: None)
    assert summary.ok, summary.message
    return config, summary.target


@pytest.mark.slow
def test_2025_report_is_complete(run_2025):
    config, out = run_2025
    assert not (config.output_dir / "2026").exists()  # another year's output is never touched
    for stem in config.chapters:
        assert (out / f"{stem}.html").exists(), stem
    index = pd.read_csv(out / "tables" / "index.csv", keep_default_na=False)
    assert set(index["report_number"]) == {""}  # 2025 uses the 2026 report's numbering
    assert {"eisen_zorgkantoor", "nps", "respons", "nps__uitvoerder"} <= set(index["table_key"])
    assert "hlo_themas" not in set(index["table_key"])
    repro = pd.read_csv(out / "reproduction.csv")  # same rows as the back-test in tests/test_years.py
    assert len(repro) == 146 and "2025" in set(repro["column_code"].astype(str))


@pytest.mark.slow
def test_2025_chapter_five_without_hlo_and_with_trend_lines(run_2025):
    _, out = run_2025
    page = (out / "05_inkoopbeleid_nps.html").read_text(encoding="utf-8")
    assert "monitor 2026" not in page and "Tabel 35" not in page  # a later year's table: not mentioned at all
    assert "HLO-opslag wordt door" not in page  # the prose about it is left out
    assert "Lijndiagram bij Tabel 31" in page and "Lijndiagram bij Tabel 37" in page
    assert (out / "figures" / "05_inkoopbeleid_nps_nps_verloop.png").exists()
    eisen = pd.read_csv(out / "tables" / "eisen_zorgkantoor.csv")
    assert [str(c) for c in dict.fromkeys(eisen["column"])] == ["2021", "2022", "2023", "2024", "2025"]
    assert re.search(r"Statistisch significant veranderd ten opzichte van 2024: ‘Ik verwacht geen problemen’", page)
    assert re.search(r"Indicatief veranderd ten opzichte van 2024", page)  # below α only before Holm
