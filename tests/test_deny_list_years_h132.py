"""Privacy review h132: a run of 2026 reads the 2025 and 2024 exports too (the trend columns), but the privacy
gate's deny list and the scrubber of the 2026 open answers knew only the 2026 export's contacts. A 2025 contact
named in a 2026 open answer without a cue word ("overleg met Wouter Hazelhoff van het zorgkantoor") passed both.
Every test here failed on the code before (the message test and the unreadable-export test included)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: a contact of the 2025 export only (planted below): neither word is in a 2026 or 2024 contact's name nor in
#: config/privacy.yml (the brief's "Pieter Bakker" was caught before by accident: a 2026 contact is called Bakker)
PLANTED = "Wouter Hazelhoff"
ANSWER = f"overleg met {PLANTED} van het zorgkantoor"
#: the surname alone: the scrubber's own rule (a known first name before a capitalised word) replaced the full name
#: above already, but not this
SURNAME_ANSWER = "Hazelhoff belde later terug over de tarieven"


def export_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def write_export(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A copy of the repository's inputs with a 2025 contact "Wouter Hazelhoff" (respondent R0001 of 2025) named in
    2026 open answers (the first two respondents' NPS explanations), as WLZ_MONITOR_ROOT."""
    from wlzmonitor.spec.config import load_config

    root = tmp_path / "repo"
    for folder in ("config", "data", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder)
    header, rows = export_rows(root / "data/raw/2025/respondenten.csv")
    rows[0]["contact__naam"], rows[0]["contact__email"] = PLANTED, "w.hazelhoff@zorgkantoor-oost.example"
    write_export(root / "data/raw/2025/respondenten.csv", header, rows)
    header, rows = export_rows(root / "data/raw/2026/respondenten.csv")
    assert not any(w in r[c] for r in rows for c in header if c.startswith("contact__") for w in PLANTED.split())
    rows[0]["nps__toelichting"], rows[1]["nps__toelichting"] = ANSWER, SURNAME_ANSWER
    write_export(root / "data/raw/2026/respondenten.csv", header, rows)
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    load_config.cache_clear()
    yield root
    load_config.cache_clear()


def _deny(root: Path):
    from wlzmonitor.run.privacy_gate import run_deny_list
    from wlzmonitor.spec.config import load_config

    return run_deny_list(2026, load_config(root))


def test_an_earlier_exports_contact_named_without_a_cue_fails_the_gate(repo, tmp_path):
    """The 2025 contact's name in a page fails the gate, named as a contact of the 2025 export (no respondent of
    2026), never by its value."""
    from wlzmonitor.inputs.privacy import scan_personal_data
    from wlzmonitor.run.privacy_gate import file_problems

    deny = _deny(repo)
    assert [h.kind for h in scan_personal_data(ANSWER, deny)] == ["contact-name"]
    assert scan_personal_data("Hazelhoff belde gisteren", deny)  # the surname alone, written as a name
    page = tmp_path / "out" / "p.html"
    page.parent.mkdir()
    page.write_text(f"<p>{ANSWER}</p>\n", encoding="utf-8")
    problems = file_problems(page, page.parent, deny)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "the contact person's name (a contact of the 2025 export, respondent R0001 there)"]
    assert "Hazelhoff" not in " ".join(problems) and "Wouter" not in " ".join(problems)


def test_an_earlier_exports_contact_address_fails_the_gate(repo):
    from wlzmonitor.inputs.privacy import scan_personal_data

    hits = scan_personal_data("mail w.hazelhoff@zorgkantoor-oost.example", _deny(repo))
    assert [h.kind for h in hits] == ["contact-email"]  # (before: an e-mail address of nobody known)
    from wlzmonitor.inputs.privacy import earlier_export_owner

    assert hits[0].respondents == (earlier_export_owner(2025, "R0001"),)


def test_a_value_of_this_year_and_an_earlier_one_names_this_years_respondent(tmp_path):
    """A name that is a contact of 2026 and of 2025 is traced to the 2026 respondent, as before; one of 2025 and
    2024 names both exports."""
    from wlzmonitor.inputs.privacy import DenyList, PrivacySettings, earlier_export_owner
    from wlzmonitor.run.privacy_gate import file_problems

    deny = DenyList((("R0005", "name", "Anna Wouda"), (earlier_export_owner(2025, "R0009"), "name", "Anna Wouda"),
                     (earlier_export_owner(2025, "R0002"), "name", "Kees Wortelboer"),
                     (earlier_export_owner(2024, "R0031"), "name", "Kees Wortelboer")), PrivacySettings())
    page = tmp_path / "p.html"
    page.write_text("<p>Met Anna Wouda.</p>\n<p>Met Kees Wortelboer.</p>\n", encoding="utf-8")
    assert [p.split(": ", 1)[1] for p in file_problems(page, tmp_path, deny)] == [
        "the contact person's name (respondent R0005)",
        "the contact person's name (a contact of the 2025 export, respondent R0002 there; "
        "a contact of the 2024 export, respondent R0031 there)"]


def test_the_scrubber_of_the_years_open_answers_knows_the_earlier_contacts(repo):
    """The 2026 answers naming the 2025 contact are scrubbed when the year's survey is read (its result); the
    surname alone was kept before."""
    from wlzmonitor.compute.year_result import read_survey
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.config import load_config

    config = load_config(repo)
    sources = config.year(2026)
    survey = read_survey(sources, load_codebook(sources.codebook), config)
    answers = survey.responses["nps__toelichting"].dropna().tolist()
    assert "overleg met [naam] van het zorgkantoor" in answers
    assert "[naam] belde later terug over de tarieven" in answers
    assert not any("Hazelhoff" in a or "Wouter" in a for a in answers)


def test_an_unreadable_earlier_export_is_a_warning_not_an_error(repo):
    """The 2025 export unreadable: the deny list is made (with 2026's and 2024's contacts) and says so once; the
    2026 export unreadable stays an error."""
    from wlzmonitor.inputs.quality_log import ExportError

    (repo / "data/raw/2025/respondenten.csv").write_bytes(b"")  # an empty file: the reader's error
    deny = _deny(repo)
    assert len(deny.warnings) == 1 and "2025 export" in deny.warnings[0] and "could not be read" in deny.warnings[0]
    assert any(rid.startswith("\x002024\x00") for rid, _k, _v in deny.entries)
    (repo / "data/raw/2026/respondenten.csv").write_bytes(b"")
    with pytest.raises(ExportError):
        _deny(repo)


def test_the_contact_columns_read_alone_are_the_loaders(repo):
    """load_contacts gives the contact entries load_survey's _contacts give, for every demo year."""
    from wlzmonitor.inputs.privacy import contact_entries
    from wlzmonitor.inputs.survey import load_contacts, load_survey
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.config import load_config

    config = load_config(repo)
    for year in (2024, 2025, 2026):
        sources = config.year(year)
        codebook = load_codebook(sources.codebook)
        assert contact_entries(load_contacts(sources.export, codebook, mapping=None)) == \
            contact_entries(load_survey(sources.export, codebook, mapping=None))


def test_the_deny_list_reads_the_years_the_result_reads():
    """The earlier years whose contacts are read are the earlier years the year's result reads."""
    from wlzmonitor.compute.year_result import earlier_years
    from wlzmonitor.inputs.earlier_contacts import read_earlier_contacts
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.layout import load_layout, resolve_layout

    config = load_config()
    sources = config.year(2026)
    layout = resolve_layout(load_layout(sources.layout), load_codebook(sources.codebook))
    read = read_earlier_contacts(2026, config)
    assert sorted(read.frames) == earlier_years(2026, layout, config) == [2024, 2025] and not read.warnings
