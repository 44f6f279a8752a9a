"""Shared fixtures: the shipped 2026 demo data loaded once per test session."""

from __future__ import annotations

import pytest

from wlzmonitor.codebook import codebook_for_year
from wlzmonitor.layout import layout_for_year
from wlzmonitor.loading import load_survey
from wlzmonitor.paths import raw_export
from wlzmonitor.published import load_published
from wlzmonitor.report_tables import compute_all, history_from_published


@pytest.fixture(scope="session")
def survey_2026():
    return load_survey(raw_export(2026), codebook_for_year(2026))


@pytest.fixture(scope="session")
def published_2026():
    return load_published(2026)


@pytest.fixture(scope="session")
def computed_2026(survey_2026, published_2026):
    from wlzmonitor.config import load_config
    from wlzmonitor.pipeline import earlier_surveys

    layout = layout_for_year(2026)
    cells, tables = published_2026
    history = history_from_published(layout, cells, tables).with_surveys(earlier_surveys(2026, layout, load_config()))
    return compute_all(layout, survey_2026, history)
