"""Review h103: next year's analyst played through more questionnaire changes on the made-up 2027 wave
(tests/new_wave.py, then one change each). Each test fails without its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import new_wave
from new_wave import YEAR
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)
from test_next_year_review_h98 import _not_notes, _replace
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.errors import InputError


# -- 1. a scale of 5 points asked with 4: the sentence written for each wave ----------------------------------------
SCALE_SENTENCE = ('chapter.text(\n'
                  '    "Van de aanvullende geldstromen wordt {geldstromen_belasting:max} het meest belastend gevonden, '
                  'gemiddeld op een "\n'
                  '    "schaal van 1 tot 5. Voor meerzorg is dat {geldstromen_belasting:meerzorg} '
                  '({geldstromen_belasting:meerzorg@trend})."\n'
                  ')\n')


def _four_points(root: Path) -> None:
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    q = next(q for q in doc["questions"] if q["key"] == "geldstromen_belasting")
    q["text"] = " ".join(q["text"].split()).replace("1 t/m 5", "1 t/m 4")
    q["range"], q["range_labels"] = [1, 4], {1: "zeer laag", 4: "zeer hoog"}
    q["changes"] = {2026: "schaal van 1 t/m 5"}
    new_wave._write(path, header, doc)


@pytest.mark.parametrize("other", ["else:\n", "if chapter.year < 2027:\n", "if chapter.year == 2026:\n"])
def test_a_typed_scale_in_the_sentence_for_the_earlier_wave_is_no_error(wave, tmp_path, monkeypatch, other):
    """The scale went from 1-5 to 1-4 (declared); the analyst wrote the sentence for each wave as the docs say.
    check-year called the earlier wave's own sentence ('schaal van 1 tot 5') wrong for 2027: a clean wave
    could not be reached without breaking the 2026 report."""
    root = _copy(wave, tmp_path)
    _four_points(root)
    indented = "".join("    " + line for line in SCALE_SENTENCE.splitlines(keepends=True))
    _replace(root, "notebooks/05_inkoopbeleid_nps.py", SCALE_SENTENCE,
             "if chapter.year >= 2027:  # the 2027 scale: 1 to 4\n" + indented.replace("1 tot 5", "1 tot 4")
             + other + indented)
    assert not _not_notes(_check(root, monkeypatch))


def test_a_typed_scale_shared_by_both_waves_is_still_an_error(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _four_points(root)
    found = [f for f in _not_notes(_check(root, monkeypatch)) if "schaal van 1 tot 5" in f]
    assert len(found) == 1 and "whose scale in 2027 is 1 to 4" in found[0], found


# -- 2. two options merged into one ----------------------------------------------------------------------------------
def test_a_was_naming_two_merged_options_says_what_to_write(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _replace(root, f"data/codebooks/{YEAR}.yml", "  - code: 1\n    label: In grote mate\n",
             "  - code: 1\n    label: In grote mate\n    was: {2026: [1, 2]}\n")
    found = _not_notes(_check(root, monkeypatch))
    assert len(found) == 1 and "got {2026: [1, 2]}" in found[0], found
    assert "merges several 2026 options has no 2026 figure" in found[0] and "was: {2026: null}" in found[0] \
        and 'changes: {2026: "gewijzigde antwoordcategorieën"}' in found[0], found[0]


# -- 3. new-year for 2028 while 2027 is not done; new-year --force over an edited file --------------------------------
def test_new_year_refuses_to_start_from_a_wave_without_its_export(tmp_path):
    from wlzmonitor.spec.new_year import scaffold

    root = new_wave.repository(tmp_path)
    new_wave.new_year(root)  # 2027 scaffolded, its export not there yet
    with pytest.raises(InputError) as err:
        scaffold(YEAR + 1, load_config(root))
    message = str(err.value)
    assert "2027, the latest configured year before 2028, has no export yet (data/raw/2027/respondenten.csv)" \
        in message and "did you mean --year 2027?" in message and "--source 2027" in message, message
    assert scaffold(YEAR + 1, load_config(root), source=YEAR).source == YEAR  # said on purpose
    new_wave.export_2027(root)
    load_config.cache_clear()
    assert scaffold(YEAR + 1, load_config(root)).source == YEAR  # the wave is there


def test_new_year_force_keeps_an_edited_file_beside_it(tmp_path):
    from wlzmonitor.spec.new_year import scaffold, write_scaffold

    root = new_wave.repository(tmp_path)
    new_wave.new_year(root)
    codebook = root / "data" / "codebooks" / f"{YEAR}.yml"
    layout = root / "data" / "reports" / str(YEAR) / "tables.yml"
    edited = codebook.read_text(encoding="utf-8") + "# weeks of the analyst's work\n"
    codebook.write_text(edited, encoding="utf-8")
    load_config.cache_clear()
    written = write_scaffold(scaffold(YEAR, load_config(root), force=True), load_config(root))
    backup = codebook.with_name(f"{YEAR}.yml~")
    assert backup.read_text(encoding="utf-8") == edited and backup in written
    assert "weeks" not in codebook.read_text(encoding="utf-8")
    assert not layout.with_name("tables.yml~").exists()  # not edited: nothing to keep


# -- 4. the 2026 file edited by mistake -------------------------------------------------------------------------------
def test_check_year_names_an_earlier_year_s_file_edited_since_the_last_commit(wave, tmp_path, monkeypatch, capsys):
    """The analyst rewords maatwerk's option in data/codebooks/2026.yml, meaning 2027's: check-year 2027 only
    said to add a `was` to 2027's option (a 2026 label never asked), and the 2026 report changed with it."""
    import shutil
    import subprocess

    from wlzmonitor.cli import main

    git = shutil.which("git")
    if git is None:
        pytest.skip("no git")
    root = _copy(wave, tmp_path)
    (root / ".gitignore").write_text("outputs/\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "w"]):
        subprocess.run([git, "-C", str(root), *args], check=True, capture_output=True)
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    monkeypatch.chdir(root)
    load_config.cache_clear()
    assert main(["check-year", "--year", str(YEAR), "--quiet"]) == 0
    assert "2026's file" not in capsys.readouterr().out
    export = root / "data" / "raw" / "2026" / "respondenten.csv"  # the real 2026 export over the tracked demo one:
    export.write_bytes(export.read_bytes() + b"\n")                 # never committed, so never warned
    assert main(["check-year", "--year", str(YEAR), "--quiet"]) == 0
    assert "2026's file" not in capsys.readouterr().out
    _replace(root, "data/codebooks/2026.yml", '{code: 2, label: "Nee"}    # printed: "Nee (Ga door',
             '{code: 2, label: "Nee, niet gevraagd"}    # printed: "Nee (Ga door')
    load_config.cache_clear()
    assert main(["check-year", "--year", str(YEAR), "--quiet"]) == 2
    out = capsys.readouterr().out
    first = next(line for line in out.splitlines() if "[files]" in line)
    assert first.startswith("  WARNING: [files] data/codebooks/2026.yml: changed since the last commit, but it is "
                            "2026's file") and "make the change in data/codebooks/2027.yml" in first, out
    load_config.cache_clear()


# -- 5. a new chapter for 2027 listed in the chapters every year reads -------------------------------------------------
def test_a_chapter_only_a_later_year_s_layout_fills_is_warned_in_the_earlier_year(wave, tmp_path, monkeypatch):
    """2027 adds chapter 6 (a new question's table); the analyst lists it under `chapters:` instead of 2027's own
    list. The rebuilt 2026 report got a page '6 Arbeidsmarkt' with nothing on it; check-year 2026 was clean."""
    root = _copy(wave, tmp_path)
    _replace(root, f"data/reports/{YEAR}/tables.yml", "- key: wachtlijst_afspraken\n  chapter: 02_capaciteit\n",
             "- key: wachtlijst_afspraken\n  chapter: 06_arbeidsmarkt\n")
    _replace(root, "config/report.yml", '  bijlage_1_respons: "Bijlage 1',
             '  06_arbeidsmarkt: "6 Arbeidsmarkt"\n  bijlage_1_respons: "Bijlage 1')
    notebook = (root / "notebooks" / "03_herschikking.py").read_text(encoding="utf-8").split("chapter.header()")[0]
    (root / "notebooks" / "06_arbeidsmarkt.py").write_text(
        notebook.replace("03_herschikking", "06_arbeidsmarkt") + "chapter.header()\n", encoding="utf-8")
    monkeypatch.chdir(root)
    load_config.cache_clear()
    from wlzmonitor.spec.year_check import check_year

    found = [f.text() for f in check_year(2026, load_config(root)).findings if f.level != "note"]
    assert found == ["WARNING: [not_shown] config/report.yml: chapter '06_arbeidsmarkt' is listed in config/report.yml, "
                     "but the 2026 layout puts no table in it (the layout of 2027 does): its page in the 2026 report "
                     "has nothing to show. A chapter only some years have: list the chapters under years: <year>: "
                     "chapters for those years (docs/survey_years.md), not in the chapters every year reads"], found
    load_config.cache_clear()


# -- 6. a question split in two: the new keys' tables copied with the old columns -------------------------------------
def test_a_column_of_a_year_that_did_not_have_the_question_says_why_it_is_empty(wave, tmp_path, monkeypatch):
    """hardheidsclausule split into two new keys; the analyst copied its table with columns [2025, 2026, 2027]: the
    warning said only 'no data and no configured report publishes it', not that those years never had the key."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    q = next(q for q in doc["questions"] if q["key"] == "hardheidsclausule")
    q["key"], q["text"] = "hardheidsclausule_intramuraal", "Heeft u een beroep gedaan op de hardheidsclausule (verblijf)?"
    new_wave._write(path, header, doc)
    path = root / "data" / "reports" / str(YEAR) / "tables.yml"
    header, doc = new_wave._yaml(path)
    table = next(t for t in doc["tables"] if t["key"] == "hardheidsclausule")
    table["key"] = table["question"] = "hardheidsclausule_intramuraal"
    doc["tables"] = [t for t in doc["tables"] if t.get("question") != "hardheidsclausule"]
    new_wave._write(path, header, doc)
    found = [f for f in _not_notes(_check(root, monkeypatch)) if "[series]" in f]
    assert len(found) == 2 and all("'hardheidsclausule_intramuraal' is not in the 20" in f and "starts a series of its "
                                   "own" in f for f in found), found
    assert "column 2025:" in found[0] and "Drop 2025 from the table's columns" in found[0], found


# -- 7. changes naming the previous wave on a question asked word for word as then -------------------------------------
@pytest.mark.parametrize("key, said, words", [
    ("maatwerk", "gewijzigde vraagstelling", "the wording is word for word 2026's"),
    ("pgb", "gewijzigde antwoordcategorieën", "the options are 2026's, label for label"),
])
def test_changes_on_a_question_asked_as_the_previous_wave_is_warned(wave, tmp_path, monkeypatch, key, said, words):
    """A `changes` copied with another question's block (or left after a rewording was taken back): the 2027 report
    said the question differed from 2026's, marked every earlier figure and left out the test; check-year clean."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    next(q for q in doc["questions"] if q["key"] == key)["changes"] = {2026: said}
    new_wave._write(path, header, doc)
    found = _not_notes(_check(root, monkeypatch))
    assert len(found) == 1 and f'changes: {{2026: "{said}"}}, but {words}' in found[0] \
        and "leaves out the test against 2026" in found[0] and "Remove the 2026 entry" in found[0], found


def test_changes_naming_what_the_codebook_does_not_hold_is_not_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    next(q for q in doc["questions"] if q["key"] == "maatwerk")["changes"] = {2026: "andere instructie bij de vraag"}
    new_wave._write(path, header, doc)
    assert not _not_notes(_check(root, monkeypatch))


def test_new_year_force_keeps_this_year_s_edited_population_file_too(tmp_path):
    from wlzmonitor.spec.new_year import scaffold, write_scaffold

    root = new_wave.repository(tmp_path)
    new_wave.new_year(root)
    report = root / "config" / "report.yml"
    body = report.read_text(encoding="utf-8")
    assert "\n  population: config/population.yml\n" in body
    report.write_text(body.replace("\n  population: config/population.yml\n",
                                   "\n  population: config/population_{year}.yml\n"), encoding="utf-8")
    single = root / "config" / "population.yml"
    (root / "config" / "population_2026.yml").write_text(single.read_text(encoding="utf-8"), encoding="utf-8")
    members = single.read_text(encoding="utf-8").replace("members: 360", "members: 370")
    (root / "config" / f"population_{YEAR}.yml").write_text(members, encoding="utf-8")
    load_config.cache_clear()
    write_scaffold(scaffold(YEAR, load_config(root), force=True), load_config(root))
    load_config.cache_clear()
    assert (root / "config" / f"population_{YEAR}.yml~").read_text(encoding="utf-8") == members
    assert "members: 370" not in (root / "config" / f"population_{YEAR}.yml").read_text(encoding="utf-8")
