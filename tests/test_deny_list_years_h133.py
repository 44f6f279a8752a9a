"""Privacy review h133 of review h132's change (the contacts of the earlier exports a run reads).

``survey.load_contacts`` read the earlier exports' contact columns without validation's text repairs, so its
entries were not those of ``load_survey`` (as h132 said they were): a control character in an earlier contact's
name ("Wouter\\x07 Hazelhoff") made it no entry of the name a 2026 answer writes, and a 10 MB contact field went
whole into the scrubber of the 2026 open answers (minutes). The first two tests failed on the code before; the
others pin what held (the result's cache key, the warning of an unreadable earlier export)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLANTED = "Wouter Hazelhoff"


def _rewrite(path: Path, change) -> None:
    from test_deny_list_years_h132 import export_rows, write_export

    header, rows = export_rows(path)
    change(rows)
    write_export(path, header, rows)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    from wlzmonitor.spec.config import load_config

    root = tmp_path / "repo"
    for folder in ("config", "data", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder)
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    load_config.cache_clear()
    yield root
    load_config.cache_clear()


def _hostile_2025(rows) -> None:
    rows[0]["contact__naam"] = "Wouter\x07 Hazel\x1bhoff"
    rows[1]["contact__naam"] = "Anna " + "x" * 30_000
    rows[2]["contact__naam"] = "Mies\u202e Bouwman"
    rows[3]["contact__naam"] = "\x85Joost Prins\x85"


def test_load_contacts_repairs_the_text_as_load_survey_does(repo):
    """Control characters out, cut to MAX_ANSWER_CHARS: the same entries as the full load."""
    from wlzmonitor.inputs.privacy import contact_entries
    from wlzmonitor.inputs.survey import load_contacts, load_survey
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.config import load_config

    _rewrite(repo / "data/raw/2025/respondenten.csv", _hostile_2025)
    sources = load_config(repo).year(2025)
    codebook = load_codebook(sources.codebook)
    light = contact_entries(load_contacts(sources.export, codebook))
    full = contact_entries(load_survey(sources.export, codebook)._contacts)
    assert sorted(light) == sorted(full)
    assert max(len(v) for _r, _k, v in light) <= 10_000


def test_an_earlier_contact_with_a_control_character_is_known_by_the_name_written(repo):
    """A damaged 2025 cell "Wouter<BEL> Hazelhoff": a 2026 answer writing "Wouter Hazelhoff" fails the gate."""
    from wlzmonitor.inputs.privacy import scan_personal_data
    from wlzmonitor.run.privacy_gate import run_deny_list
    from wlzmonitor.spec.config import load_config

    _rewrite(repo / "data/raw/2025/respondenten.csv", _hostile_2025)
    deny = run_deny_list(2026, load_config(repo))
    assert [h.kind for h in scan_personal_data(f"overleg met {PLANTED} van het zorgkantoor", deny)] == ["contact-name"]


def test_the_results_cache_key_changes_with_an_earlier_exports_contacts(repo):
    """The year's open answers are scrubbed with the earlier contacts: a changed 2025 contact is another key, so
    no cached 2026 result scrubbed without it is served."""
    from wlzmonitor.compute.fingerprint import year_fingerprint
    from wlzmonitor.spec.config import load_config

    before = year_fingerprint(2026, load_config(repo))

    def plant(rows):
        rows[0]["contact__naam"] = PLANTED

    _rewrite(repo / "data/raw/2025/respondenten.csv", plant)
    assert year_fingerprint(2026, load_config(repo)) != before


def test_an_unreadable_earlier_export_is_one_warning_naming_the_file_not_its_contents(repo):
    from wlzmonitor.inputs.earlier_contacts import read_earlier_contacts
    from wlzmonitor.spec.config import load_config

    secret = "Geheime Inhoud"
    (repo / "data/raw/2025/respondenten.csv").write_bytes(f"{secret}\x00\x00\xff\xfe{secret}\n".encode("latin-1"))
    found = read_earlier_contacts(2026, load_config(repo))
    assert 2025 not in found.frames
    assert len(found.warnings) == 1
    assert "respondenten.csv" in found.warnings[0] and "2025" in found.warnings[0]
    assert "Geheime" not in found.warnings[0] and "Inhoud" not in found.warnings[0]


def test_a_contact_value_of_ten_thousand_characters_makes_a_pattern():
    """trie_pattern recursed once per character: a contact field of 10,000 characters (the most validation keeps)
    was a RecursionError that stopped the run (the year's own export as well as an earlier one)."""
    import re

    from wlzmonitor.inputs.contact_values import trie_pattern

    long = "Anna " + "x" * 9_995
    pattern = re.compile(trie_pattern([long, "Anna", "Bert Jansen"]))
    assert pattern.fullmatch(long) and pattern.fullmatch("Anna") and pattern.fullmatch("Bert  Jansen")


PLATFORMS = ("qualtrics_text.csv", "qualtrics_numeric.xlsx", "qualtrics.sav", "surveymonkey.csv",
             "limesurvey.csv", "limesurvey.sav", "google_forms.csv", "ms_forms.xlsx")


@pytest.mark.parametrize("name", PLATFORMS)
def test_load_contacts_finds_the_contacts_of_a_platform_export_through_its_mapping(name, platforms):
    """Platform exports (CSV, .xlsx, .sav) whose contact columns are named otherwise, read through their drafted
    mapping: the same contact entries as the full load."""
    from wlzmonitor.inputs.privacy import contact_entries
    from wlzmonitor.inputs.survey import load_contacts, load_survey
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.config import load_config

    codebook = load_codebook(load_config().year(2026).codebook)
    path, mapping = platforms.export(name).path, platforms.mapping_file(name)
    light = contact_entries(load_contacts(path, codebook, mapping=mapping))
    assert light and sorted(light) == sorted(contact_entries(load_survey(path, codebook, mapping=mapping)))


def test_the_coding_command_says_the_warning_of_an_unreadable_earlier_export(monkeypatch, tmp_path, capsys):
    """The coding command's gate (run_deny_list) left an earlier export unreadable for its contacts unsaid: its
    workbook was checked without them and nobody was told. Now it prints the warning, once, as run_all does."""
    from types import SimpleNamespace

    import wlzmonitor.present.coding_workbook as coding_workbook
    import wlzmonitor.run.privacy_gate as privacy_gate
    from wlzmonitor import cli

    warning = "the 2025 export (data/raw/2025/respondenten.csv) could not be read for its contact persons (ExportError)"
    monkeypatch.setattr(coding_workbook, "export_coding_workbook", lambda coded, path: Path(path).write_bytes(b"x"))
    monkeypatch.setattr(privacy_gate, "run_deny_list", lambda year, config: SimpleNamespace(warnings=(warning,)))
    monkeypatch.setattr(privacy_gate, "file_problems", lambda path, folder, deny: [])
    assert cli._write_checked_workbook(None, tmp_path / "codering.xlsx", 2026, None) == []
    assert capsys.readouterr().err.count(warning) == 1


def test_contact_values_each_a_prefix_of_the_next_do_not_stop_the_scan():
    """trie_pattern still nested a group per key ending: ~900 contact values each a prefix of the next ("Ba",
    "Baa", …; a hostile export's contact column) made a pattern too deep for Python's regex parser, or its own
    recursion, and the gate stopped with a RecursionError. Past MAX_TRIE_NESTING the keys are one flat
    alternation, longest first: the same matches."""
    from wlzmonitor.inputs.contact_values import MAX_TRIE_NESTING, trie_pattern
    from wlzmonitor.inputs.privacy import find_personal_data
    from wlzmonitor.spec.privacy_settings import PrivacySettings

    nested = tuple("Ba" + "a" * i for i in range(1200))
    found = find_personal_data("Gesprek met Baaaa over de tarieven; met Bb niet.", None,
                               settings=PrivacySettings(names=nested), patterns=False)
    assert found == ["Baaaa"]
    shallow = ["jan", "jansen", "jan de vries", "piet", "pieter", "bakker", "bak"]
    flat = ["x" * i for i in range(1, MAX_TRIE_NESTING + 3)] + shallow
    text = "Jan de Vries en Pieter Bakker, jansen bak Piet xxx"
    for keys in (shallow, flat):
        rx = re.compile(r"(?<!\w)(?P<t>" + trie_pattern(keys) + r")(?!\w)", re.IGNORECASE)
        assert [m.group("t") for m in rx.finditer(text)][:6] == ["Jan de Vries", "Pieter", "Bakker", "jansen",
                                                                   "bak", "Piet"]
    assert re.fullmatch(trie_pattern(flat), "x" * (MAX_TRIE_NESTING + 2))
