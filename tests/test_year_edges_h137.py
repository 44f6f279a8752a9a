"""Review h137: edges of check-year left open by earlier reviews, on the made-up 2027 wave (tests/new_wave.py):
a ``was`` naming the codebook's own year, a layout that does not load named by its absolute path; a typed base
warned twice, a doubled placeholder told to write another wrong one, the threshold rule of bases and counts, typed
figures in a table's note. Each test fails
without its fix (its control case passes both ways)."""

from __future__ import annotations

import pytest

from new_wave import YEAR, check_with_prose, repository
from wlzmonitor.spec.prose import syntax_problems, typed_figure_problems
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)


def _was_year(root, year: int) -> None:
    """2027's option 3 of tariefpercentage (reworded, declared ``was: {2026: 3}``) given another year's code."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    was:\n      2026: 1\n      2025: 1\n") == 1
    path.write_text(text.replace("    was:\n      2026: 1\n      2025: 1\n",
                                 f"    was:\n      2026: 1\n      {year}: 1\n      2025: 1\n"), encoding="utf-8")


@pytest.mark.parametrize("year, error", [(YEAR, True), (YEAR + 1, True), (None, False)])
def test_a_was_naming_the_codebooks_own_year_is_an_error(wave, tmp_path, monkeypatch, year, error):
    """``was: {2027: 1}`` in 2027's codebook (a typo for 2026) was dropped without a word: ``was`` gives an earlier
    year's code. Control: the option as the analyst wrote it (``was: {2026: 1, 2025: 1, 2024: 1}``)."""
    root = _copy(wave, tmp_path)
    if year is not None:
        _was_year(root, year)
    found = _check(root, monkeypatch)
    errors = [f.text() for f in found.findings if f.level == "error"]
    assert len(errors) == (1 if error else 0), errors
    if error:
        assert errors[0].startswith(f"ERROR: [codes] data/codebooks/{YEAR}.yml:"), errors
        assert "(Vraag 10 tariefpercentage): option 1 " in errors[0]
        assert f"says was: {{{year}: 1}}" in errors[0] and f"was: {{{YEAR - 1}: 1}}" in errors[0]


def test_a_layout_that_does_not_load_is_named_relative_with_its_line(wave, tmp_path, monkeypatch):
    """A table of an unknown kind: check-year printed 'ERROR: [files] /tmp/…/data/reports/2027/tables.yml: 48: table
    #4 …' (the absolute path, the line number split off into the message)."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "reports" / str(YEAR) / "tables.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- key: maatwerk_redenen\n")
    line = text[:start].count("\n") + 1
    kind = text.index("  kind: ", start)
    end = text.index("\n", kind)
    path.write_text(text[:kind] + "  kind: bogus" + text[end:], encoding="utf-8")
    errors = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"ERROR: [files] data/reports/{YEAR}/tables.yml:{line}: table #"), errors
    assert "kind 'bogus' is not one of" in errors[0]
    assert str(tmp_path) not in errors[0]


def test_a_codebook_that_does_not_load_is_named_relative(wave, tmp_path, monkeypatch):
    """The same for a codebook with problems: every line of the message names the file as other findings do."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  type: single\n", "  type: singel\n", 1), encoding="utf-8")
    errors = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"ERROR: [files] data/codebooks/{YEAR}.yml: question 'omzet'"), errors
    assert str(tmp_path) not in errors[0]


# -- item 1: placeholders and typed figures -------------------------------------------------------------
def _prose_warnings(tmp_path, sentence: str) -> list[str]:
    found, first = check_with_prose(tmp_path, [f'chapter.text("{sentence}")'])
    return [f.text() for f in found.findings if f.level in ("error", "warning") and f.where.endswith(f":{first}")]


def test_a_base_typed_as_the_survey_year_is_one_finding(tmp_path):
    """"N = 2026" was warned as a typed base and as a typed year (write {jaar}): one mistake, two fixes that
    contradict each other. It is a base: one warning, telling to write {key:n}."""
    texts = _prose_warnings(tmp_path, "Het aantal deelnemers is N = 2026.")
    assert len(texts) == 1, texts
    assert "‘N = 2026’ typed into the prose" in texts[0] and "{key:n}" in texts[0]


def test_a_count_typed_as_the_survey_year_is_one_finding(tmp_path):
    texts = _prose_warnings(tmp_path, "Er deden 2026 respondenten mee.")
    assert len(texts) == 1 and "‘2026 respondenten’ typed into the prose" in texts[0], texts


def test_the_survey_year_beside_a_typed_figure_is_still_two_findings(tmp_path):
    """Control: two mistakes ('2026' for {jaar}, '35%' for its placeholder), two warnings."""
    texts = _prose_warnings(tmp_path, "In 2026 gaf 35% aan dat het zo was.")
    assert len(texts) == 2, texts


@pytest.mark.parametrize("doubled, told", [
    ("{{jaar:1}}", "write ‘{jaar}’"),
    ("{{vorig_jaar@trend}}", "write ‘{vorig_jaar}’"),
    ("{{tabel}}", "write {tabel:KEY}"),
    ("{{maatwerk}}", "{maatwerk:ROW}"),
])
def test_a_doubled_placeholder_that_is_wrong_in_one_pair_too_gets_a_right_suggestion(doubled, told):
    """"{{jaar:1}}" was told to write one pair, ‘{jaar:1}’: itself an error ({jaar} takes nothing after the name)."""
    problems = syntax_problems(f"In {doubled} was het zo.", ["maatwerk"])
    assert len(problems) == 1, problems
    assert "doubled braces" in problems[0] and told in problems[0], problems
    assert not problems[0].endswith(f"‘{doubled[1:-1]}’")


def test_a_doubled_placeholder_right_in_one_pair_is_told_that_pair():
    """Control: '{{maatwerk:1}}' → '{maatwerk:1}'."""
    assert syntax_problems("{{maatwerk:1}}", ["maatwerk"])[0].endswith(": ‘{maatwerk:1}’")


@pytest.mark.parametrize("sentence, warned", [
    ("Bij minder dan 10 respondenten is er geen uitsplitsing.", False),  # the method's threshold
    ("Groepen met 5 organisaties of minder worden niet getoond.", False),
    ("Bij minder dan n = 10 is er geen uitsplitsing.", False),  # the base rule's own exemption (h126)
    ("Van de respondenten gaven 43 organisaties aan dat het zo was.", True),  # control: a count typed in
    ("Groepen vanaf 10 organisaties worden getoond.", False),
    # a result typed in with a comparison is no threshold of the method (the count rule's exemption is narrower
    # than the base rule's): "meer dan", "boven", "maximaal" before a count still warn
    ("Meer dan 100 organisaties vulden de vragenlijst in.", True),
    ("Dit jaar deden ruim boven 90 zorgorganisaties mee.", True),
    ("Hooguit 12 aanbieders kregen maatwerk.", True),
    ("Onder 122 organisaties is het beeld gemengd.", True),  # 'among' (review h139)
    ("Minimaal 100 organisaties gaven aan dat het zo was.", True),
    ("Ten minste 80 zorgaanbieders kregen maatwerk.", True),
])
def test_a_threshold_counted_in_respondents_is_no_typed_figure_as_one_in_n_is_not(sentence, warned):
    """The count rule warned "minder dan 10 respondenten", while the base rule let "minder dan n = 10" pass as a
    threshold of the method (review h126): one rule for both."""
    assert bool(typed_figure_problems(sentence)) == warned


def _note_on(root, key: str, note: str) -> None:
    path = root / "data" / "reports" / "2026" / "tables.yml"
    text = path.read_text(encoding="utf-8")
    anchor = f"  - key: {key}\n"
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, f"{anchor}    note: \"{note}\"\n"), encoding="utf-8")


@pytest.mark.parametrize("note, warned", [
    ("In 2026 gaf 35% aan dat het tarief hoger was.", True),
    ("Alleen organisaties met een hoger of lager tariefpercentage.", False),  # control: no figure
])
def test_a_figure_typed_into_a_table_note_is_warned_as_in_prose(tmp_path, monkeypatch, note, warned):
    """A table's note is printed as written: '35%' in it does not follow the data, as in chapter.text, where
    it is warned; in the layout it passed."""
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.year_check import check_year

    root = repository(tmp_path)
    _note_on(root, "tariefpercentage_hoger_lager", note)
    monkeypatch.chdir(root)
    load_config.cache_clear()
    try:
        found = check_year(2026, load_config(root))
    finally:
        load_config.cache_clear()
    texts = [f.text() for f in found.findings if f.level in ("error", "warning")]
    assert len(texts) == (2 if warned else 0), texts  # and its typed year, as in prose (review h142)
    if warned:
        assert texts[0].startswith("WARNING: [prose] data/reports/2026/tables.yml:"), texts
        assert "‘35%’ typed into the table note" in texts[0], texts
        assert "‘2026’ typed into the table note" in texts[1] and "write {jaar}" in texts[1], texts
