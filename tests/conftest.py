"""Shared fixtures: the shipped 2026 demo data loaded and computed once per test session."""

from __future__ import annotations

import pytest

from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.spec.layout import layout_for_year
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.demo.generator import demo_export_path as raw_export
from wlzmonitor.spec.published import load_published
from wlzmonitor.compute.report_tables import compute_all, history_from_published


@pytest.fixture(scope="session")
def survey_2026():
    return load_survey(raw_export(2026), codebook_for_year(2026))


@pytest.fixture(scope="session")
def published_2026():
    return load_published(2026)


@pytest.fixture(scope="session")
def computed_2026(survey_2026, published_2026):
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.compute.year_result import earlier_surveys

    layout = layout_for_year(2026)
    cells, tables = published_2026
    history = history_from_published(layout, cells, tables).with_surveys(earlier_surveys(2026, layout, load_config()))
    return compute_all(layout, survey_2026, history)


@pytest.fixture(scope="session")
def result_2026():
    """The 2026 year's result as a run computes it (compute.year_result), once per session."""
    from wlzmonitor.compute.year_result import load_year_result

    return load_year_result(2026)


@pytest.fixture(scope="session")
def report_2026(tmp_path_factory):
    """(config, summary) of the whole 2026 report built once per session into a temporary folder,
    through the same function as run_all.py (tests/test_report_run.py, test_report_pages.py and
    test_browser.py read it)."""
    import dataclasses

    from wlzmonitor.run.report_run import build_report
    from wlzmonitor.spec.config import load_config

    config = dataclasses.replace(load_config(), output_dir=tmp_path_factory.mktemp("outputs"))
    summary = build_report(2026, force=True, config=config, log=lambda _: None)
    assert summary.ok, summary.message
    return config, summary
