"""Shared fixtures: the shipped 2026 demo data loaded and computed once per test session."""

from __future__ import annotations

import re

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


class PlatformExports:
    """Each survey platform's export of the 2026 demo respondents (tests/platform_writers.py),
    written, drafted (``draft-mapping``) and loaded through the draft once per session."""

    def __init__(self, folder, demo):
        self.folder, self.demo = folder, demo
        self.exports: dict = {}
        self.drafts: dict = {}
        self.surveys: dict = {}

    def export(self, name: str):
        from platform_writers import write_export

        if name not in self.exports:
            self.exports[name] = write_export(name, self.folder, codebook_for_year(2026), self.demo)
        return self.exports[name]

    def draft(self, name: str):
        from wlzmonitor.inputs.draft_mapping import draft_mapping

        if name not in self.drafts:
            self.drafts[name] = draft_mapping(self.export(name).path, codebook_for_year(2026))
        return self.drafts[name]

    def mapping_file(self, name: str):
        path = self.folder / f"{name}.yml"
        if not path.exists():
            path.write_text(self.draft(name).text, encoding="utf-8")
        return path

    def survey(self, name: str):
        if name not in self.surveys:
            self.surveys[name] = load_survey(self.export(name).path, codebook_for_year(2026),
                                             mapping=self.mapping_file(name))
        return self.surveys[name]


@pytest.fixture(scope="session")
def demo_frame():
    """The shipped 2026 demo export as text cells."""
    import pandas as pd

    return pd.read_csv(raw_export(2026), dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def platforms(tmp_path_factory, demo_frame) -> PlatformExports:
    return PlatformExports(tmp_path_factory.mktemp("platforms"), demo_frame)


@pytest.fixture(scope="session")
def report_2026(tmp_path_factory):
    """(config, summary) of the whole 2026 report built once per session into a temporary folder,
    through the same function as run_all.py (tests/test_report_run.py, test_report_pages.py and
    test_browser.py read it)."""
    from wlzmonitor.run.report_run import build_report
    from wlzmonitor.spec.config import load_config

    config = load_config().with_output_dir(tmp_path_factory.mktemp("outputs"))
    summary = build_report(2026, force=True, config=config, log=lambda _: None)
    assert summary.ok, summary.message
    return config, summary


@pytest.fixture
def private_key(tmp_path, monkeypatch):
    """Sign the caches with a key of this test only (not the user's)."""
    folder = tmp_path / "key"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(folder / "cache-key"))


@pytest.fixture(scope="session")
def deny(survey_2026):
    """The demo survey's deny list (the privacy gate's), with the shipped privacy settings."""
    from wlzmonitor.inputs.privacy import deny_list
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.privacy_settings import load_privacy_settings

    return deny_list(survey_2026, load_privacy_settings(load_config().privacy_file))


@pytest.fixture(scope="session")
def contact(survey_2026):
    """One demo respondent's contact details: (respondent id, name, e-mail, phone)."""
    from wlzmonitor.inputs.privacy import contact_entries

    entries = contact_entries(survey_2026, from_addresses=False)  # the name field's name, not one an address gives
    rid = entries[0][0]
    mine = {kind: value for r, kind, value in entries if r == rid}
    return rid, mine["name"], mine["email"], mine["phone"]


@pytest.fixture
def printed(monkeypatch):
    """WeasyPrint replaced by a counter: a part has a page per <section> and per contents list (or
    as many as a ``<!--pages:N-->`` says), every id on its first page; its 'PDF' is blank pages titled
    with the document's length and the print number. The numbers sheet (one page per report page)
    is counted apart, in `printed.sheets`."""
    class Calls(list):
        sheets: list[int]

    from test_pdf_cache import fake_pdf  # the blank pages every fake print is made of

    calls = Calls()
    calls.sheets = []

    def fake(document: str, base_url, year: int, write: bool):
        if 'class="paginanummers"' in document:
            pages = document.count('<div class="blad">')
            calls.sheets.append(pages)
            return {"pages": pages, "anchors": {}, "bookmarks": []}, fake_pdf(pages, f"nummers {pages}")
        calls.append(document)
        marked = re.search(r"<!--pages:(\d+)-->", document)
        pages = int(marked.group(1)) if marked else document.count("<section") + document.count('<nav class="pdf-inhoud"')
        info = {"pages": pages, "anchors": {i: [0, 10.0, 20.0] for i in re.findall(r'\bid="([^"]+)"', document)},
                "bookmarks": []}
        return info, (fake_pdf(pages, f"fake {len(document)} {len(calls)}") if write else None)
    from wlzmonitor.run import pdf_parts

    monkeypatch.setattr(pdf_parts, "render_part", fake)
    return calls
