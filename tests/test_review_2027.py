"""Found by acting as next year's analyst on a made-up 2027 wave (tests/new_wave.py, then the
changes below): each test fails without its fix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import new_wave
from new_wave import YEAR
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.year_check import check_year


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    root = new_wave.repository(tmp_path_factory.mktemp("wave"))
    new_wave.new_year(root)
    new_wave.analyst_edits(root)
    load_config.cache_clear()
    return root


def _config(root: Path):
    load_config.cache_clear()
    return load_config(root)


def _copy(wave: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(wave, root)
    return root


# -- a table moved to another chapter between years -------------------------------------------------
PGB_PROSE = ('    chapter.text("{pgb:1} gaat in {jaar} zorg bieden via het PGB ({pgb:1@trend}).")\n'
             '    chapter.table("pgb")\n'
             '    chapter.table("pgb_aantal")\n')


def _move_pgb_to_chapter_5(root: Path, guard: str) -> None:
    """2027 shows the PGB tables in chapter 5 (after Tabel 30), 2026 in chapter 1; the notebooks
    serve both years."""
    path = root / "data" / "reports" / str(YEAR) / "tables.yml"
    header, doc = new_wave._yaml(path)
    moved = [dict(t, chapter="05_inkoopbeleid_nps") for t in doc["tables"] if t["key"] in ("pgb", "pgb_aantal")]
    tables = [t for t in doc["tables"] if t["key"] not in ("pgb", "pgb_aantal")]
    at = next(i for i, t in enumerate(tables) if t["key"] == "gevolgen_contractering") + 1
    doc["tables"] = tables[:at] + moved + tables[at:]
    new_wave._write(path, header, doc)
    tarieven = root / "notebooks" / "01_tarieven.py"
    text = tarieven.read_text(encoding="utf-8")
    old = 'chapter.table("pgb")\nchapter.table("pgb_aantal")\n'
    assert old in text
    tarieven.write_text(text.replace(old, f"{guard}\n" + "".join(f"    {line}\n" for line in old.splitlines())),
                        encoding="utf-8")
    inkoop = root / "notebooks" / "05_inkoopbeleid_nps.py"
    text = inkoop.read_text(encoding="utf-8")
    old = 'chapter.table("gevolgen_contractering")\n'
    inkoop.write_text(text.replace(old, old + f"{guard}\n" + PGB_PROSE), encoding="utf-8")


def _moved_errors(found) -> list[str]:
    return [f.text() for f in found.findings if f.level == "error" and "the layout puts" in f.text()]


@pytest.mark.slow  # copies the made-up wave and computes its result
def test_a_table_moved_to_another_chapter_between_years_is_shown_where_each_year_puts_it(wave, tmp_path):
    """Review: moving the PGB tables from chapter 1 (2026) to chapter 5 (2027) had no way that
    check-year accepted for both years: a chapter.table under a condition in both notebooks was an
    error for 2027 (01_tarieven) and for 2026 (05_inkoopbeleid_nps) alike, so the shared notebooks
    could only build one of the two reports."""
    from wlzmonitor.compute.year_result import load_year_result
    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.present.figures_text import FigureError

    root = _copy(wave, tmp_path)
    _move_pgb_to_chapter_5(root, 'if chapter.shows("pgb") and chapter.shows("pgb_aantal"):')
    config = _config(root)
    for year in (2026, YEAR):
        assert _moved_errors(check_year(year, config)) == [], year
    result = load_year_result(YEAR, config)
    assert Chapter("05_inkoopbeleid_nps", "5", YEAR, result, config, tmp_path).shows("pgb") is True
    assert Chapter("01_tarieven", "1", YEAR, result, config, tmp_path).shows("pgb") is False
    with pytest.raises(FigureError, match="no table 'pbg'"):
        Chapter("01_tarieven", "1", YEAR, result, config, tmp_path).shows("pbg")

    # only one of the two tables under the condition: the other is still named, in both years
    unguarded = _copy(wave, tmp_path / "b")
    _move_pgb_to_chapter_5(unguarded, 'if chapter.shows("pgb"):')
    config = _config(unguarded)
    errors = _moved_errors(check_year(YEAR, config))
    assert len(errors) == 1 and 'notebooks/01_tarieven.py:84: chapter.table("pgb_aantal")' in errors[0], errors
    assert "under `if chapter.shows(\"pgb_aantal\"):`" in errors[0]
    errors = _moved_errors(check_year(2026, config))
    assert len(errors) == 1 and 'notebooks/05_inkoopbeleid_nps.py:44: chapter.table("pgb_aantal")' in errors[0], errors


# -- the member population of another year ------------------------------------------------------------
def _captured(monkeypatch) -> list[str]:
    import wlzmonitor.present.chapter as chapter_module

    shown: list[str] = []
    monkeypatch.setattr(chapter_module, "_display_html", shown.append)
    return shown


@pytest.mark.slow  # computes the 2026 result (once per session)
def test_members_of_another_population_than_the_year_s_are_said_on_the_response_page(result_2026, tmp_path,
                                                                                     monkeypatch):
    """Review: 2027 approached 372 members (the codebook's population); config/population.yml still
    had 2026's 360. Bijlage 1 printed "117 van de 372 ... (31%)" in Tabel B1 and, a few lines on,
    "Totaal 360 | 117 | 33%" beside it without a word, and the weighted report raked to those 360
    while saying "gewogen naar de ledenpopulatie". check-year only warned on the console."""
    import dataclasses

    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.spec.config import load_config

    config = load_config()
    result = dataclasses.replace(result_2026, codebook=dataclasses.replace(result_2026.codebook, population=372))
    shown = _captured(monkeypatch)
    Chapter("bijlage_1_respons", "Bijlage 1", 2026, result, config, tmp_path).representativeness()
    note = ('<p class="note"><strong>Let op:</strong> De ledenaantallen (<code>config/population.yml</code>) '
            "tellen op tot 360 leden, maar in 2026 zijn 372 leden benaderd: ze horen bij een andere "
            "ledenpopulatie dan die van dit jaar. De respons per groep hieronder is daarom niet te vergelijken "
            "met het responspercentage bovenaan deze bijlage.</p>")
    assert note in shown[0]

    weighted = dataclasses.replace(result, weights={2026: result_2026.possible_weights})
    Chapter("bijlage_1_respons", "Bijlage 1", 2026, weighted, config, tmp_path).methods()
    assert ("<strong>Let op:</strong> De ledenaantallen (<code>config/population.yml</code>) tellen op tot 360 "
            "leden, maar in 2026 zijn 372 leden benaderd: ze horen bij een andere ledenpopulatie dan die van dit "
            "jaar. Er is naar die ledenaantallen gewogen.</p>") in shown[1]

    # the shipped 2026: 360 approached, 360 members: nothing added
    shown.clear()
    Chapter("bijlage_1_respons", "Bijlage 1", 2026, result_2026, config, tmp_path).representativeness()
    Chapter("bijlage_1_respons", "Bijlage 1", 2026, dataclasses.replace(
        result_2026, weights={2026: result_2026.possible_weights}), config, tmp_path).methods()
    assert "andere ledenpopulatie" not in "".join(shown)


# -- a text field of an option new this year --------------------------------------------------------
def _text_field_warnings(root: Path) -> list[str]:
    return [f.text() for f in check_year(YEAR, _config(root)).findings
            if f.level == "warning" and "text_field options" in f.text()]


@pytest.mark.slow  # copies the made-up wave
@pytest.mark.parametrize("options, warned", [
    ([6], False),     # 2026's Anders (5) is 6 in 2027
    ([5, 6], False),  # and the new option 5 'Een percentage per prestatie' asks a text too
    ([5], True),      # 2026's code left behind
    ([4, 6], True),   # an old option that had no text field in 2026: probably a slip
])
def test_a_text_field_of_a_new_option_is_no_old_code_left_behind(wave, tmp_path, options, warned):
    """Review: 2027 added 'Grotendeels, want' (a text field) before 'Ten dele, want' and 'Nee, want';
    the analyst's text_field [2, 3, 4] was warned "but 2026's [2, 3] are [3, 4] in 2027", so
    check-year could not become clean for a right codebook."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    next(q for q in doc["questions"] if q["key"] == "tariefpercentage")["text_field"] = {"options": options}
    new_wave._write(path, header, doc)
    found = [f.split("/data/codebooks/")[-1] for f in _text_field_warnings(root)]
    assert found == ([f"2027.yml:296 (Vraag 10 tariefpercentage): text_field options {options}, but 2026's [5] are "
                      "[6] in 2027 (options renumbered)"] if warned else []), found


# -- prose about renumbered options, written per year ----------------------------------------------
@pytest.mark.slow  # copies the made-up wave
def test_prose_on_renumbered_options_written_per_year_is_no_shared_sentence(wave, tmp_path):
    """Review: tariefpercentage's 'Anders' is 6 in 2027, 5 in 2026. The analyst wrote the sentence for
    each answer list under `if chapter.asked("tariefpercentage", "6"):` / `else:`, as the docs say for a
    row only some years have; check-year still warned on both that "the shared sentence says something
    else in each report", so the wave could not get clean. A sentence that is shared still is warned."""
    root = _copy(wave, tmp_path)
    path = root / "notebooks" / "01_tarieven.py"
    path.write_text(path.read_text(encoding="utf-8") + (
        '\n# %%\n'
        'if chapter.asked("tariefpercentage", "6"):  # the 2027 answers\n'
        '    chapter.text("{tariefpercentage:5} koos een percentage per prestatie, {tariefpercentage:6} iets anders.")\n'
        'else:\n'
        '    chapter.text("{tariefpercentage:5} koos iets anders.")\n'
        'chapter.text("Shared: {tariefpercentage:5}.")\n'), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    shared = next(i for i, line in enumerate(lines, 1) if "Shared:" in line)
    found = [f.text().split("notebooks/")[-1] for f in check_year(YEAR, _config(root)).findings
             if f.level == "warning" and "01_tarieven.py" in f.text() and "shared sentence" in f.text()]
    assert found == [f"01_tarieven.py:{shared}: {{tariefpercentage:5}}: code 5 is 5 ‘Een percentage per prestatie’ in "
                     "2027 but 5 ‘Anders, namelijk’ in 2026; the shared sentence says something else in each report "
                     "(the 2026 option is 6 in 2027). Changing the code here breaks the 2026 report: write the sentence "
                     "for each wave, under `if chapter.year >= 2027:` with the 2027 codes and `else:` with the 2026 "
                     "codes"], found
    assert not [f for f in check_year(2026, _config(root)).findings if f.level in ("error", "warning")]


def test_fixed_text_naming_a_question_the_year_did_not_ask_is_warned(wave, tmp_path):
    """Review of the 2027 wave: chapter 1's introduction (a markdown cell, printed every year) still
    named 'de hardheidsclausule' in the year that dropped it; check-year said nothing. A heading that
    names the section is not meant (the table's call there prints that the year did not ask it)."""
    root = _copy(wave, tmp_path)
    path = root / "notebooks" / "02_capaciteit.py"
    path.write_text(path.read_text(encoding="utf-8") + (
        "\n# %% [markdown]\n# ## Het capaciteit_gesprek\n#\n"
        "# Dit hoofdstuk gaat ook over het Capaciteit gesprek met het zorgkantoor.\n"
        # review: a heading right above its text (no blank line) hid the text from the check
        "\n# %% [markdown]\n# ### Gesprekken\n# Het capaciteit_gesprek bleef dit jaar uit.\n"
        "\n# %% [markdown]\n# Gesprekken\n# ==========\n# Ook het capaciteit gesprek.\n"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    at = [next(i for i, line in enumerate(lines, 1) if text in line)
          for text in ("Dit hoofdstuk gaat ook", "Het capaciteit_gesprek bleef", "Ook het capaciteit")]
    found = [f.text().split("notebooks/")[-1] for f in check_year(YEAR, _config(root)).findings
             if "did not ask" in f.text() and "fixed text" in f.text()]
    assert found == [f"02_capaciteit.py:{line}: the fixed text names 'capaciteit_gesprek', which 2027 did not ask "
                     "(asked in 2024, 2025 en 2026): a markdown cell is printed every year; write the sentence "
                     "with chapter.text under if chapter.asked(\"capaciteit_gesprek\"):" for line in at], found
    assert not [f for f in check_year(2026, _config(root)).findings if "fixed text names" in f.text()]


# -- a matrix's options renumbered, a scale turned round (review of the 2027 wave) -------------------
def _edit_question(root: Path, key: str, edit) -> None:
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    edit(next(q for q in doc["questions"] if q["key"] == key))
    new_wave._write(path, header, doc)


def _reverse_first_five(q: dict) -> None:
    labels = [o["label"] for o in q["options"][:5]][::-1]
    for option, label in zip(q["options"][:5], labels):
        option["label"] = label


ADVICE = (". Changing the code here breaks the 2026 report: write the sentence for each wave, under "
          "`if chapter.year >= 2027:` with the 2027 codes and `else:` with the 2026 codes")


def _findings(root: Path, year: int, level: str, part: str) -> list[str]:
    return [f.text().split("notebooks/")[-1] for f in check_year(year, _config(root)).findings
            if f.level == level and part in f.text()]


def test_prose_on_a_matrix_whose_options_were_renumbered_is_warned(wave, tmp_path):
    """Review: kwaliteit_dialoog's options in the opposite order in 2027 (1 = 'Nee, geheel niet'): the
    shared sentence {kwaliteit_dialoog:dialoog_constructief/1+dialoog_constructief/2} printed the share
    answering 'Nee'/'Beperkt' as the share answering 'Ja'/'Ruime mate', and check-year was clean (a matrix
    placeholder's codes were not compared with the previous wave's). Written per wave it is not warned."""
    root = _copy(wave, tmp_path)
    _edit_question(root, "kwaliteit_dialoog", _reverse_first_five)
    found = _findings(root, YEAR, "warning", "{kwaliteit_dialoog:dialoog_constructief/1")
    assert [f.split(": ", 1)[1] for f in found] == [
        "{kwaliteit_dialoog:dialoog_constructief/1+dialoog_constructief/2}: code 1 is 1 ‘Nee, geheel niet’ in 2027 "
        "but 1 ‘Ja, geheel’ in 2026; the shared sentence says something else in each report (the 2026 option is 5 "
        "in 2027)" + ADVICE,
        "{kwaliteit_dialoog:dialoog_constructief/1+dialoog_constructief/2}: code 2 is 2 ‘Beperkt’ in 2027 but "
        "2 ‘Ruime mate’ in 2026; the shared sentence says something else in each report (the 2026 option is 4 in "
        "2027)" + ADVICE], found
    path = root / "notebooks" / "04_kwaliteit_innovatie.py"
    text = path.read_text(encoding="utf-8")
    start = text.rindex("chapter.text(", 0, text.index("{kwaliteit_dialoog:dialoog_constructief/1"))
    end = text.index("\n)\n", start) + 3
    call = text[start:end]
    per_wave = ("if chapter.year >= 2027:  # the options in the opposite order\n"
                + "".join("    " + line + "\n" for line in call.replace("/1+", "/5+").replace("/2}", "/4}")
                          .replace("/1}", "/5}").splitlines())
                + "else:\n" + "".join("    " + line + "\n" for line in call.splitlines()))
    path.write_text(text[:start] + per_wave + text[end:], encoding="utf-8")
    assert _findings(root, YEAR, "warning", "{kwaliteit_dialoog:") == []
    assert _findings(root, 2026, "warning", "{kwaliteit_dialoog:") == []


def test_max_of_a_scale_turned_round_is_an_error_in_a_shared_sentence(wave, tmp_path):
    """Review: geldstromen_belasting asked on a scale from 1 = 'zeer hoog' to 5 = 'zeer laag' in 2027
    (changes declared): "{geldstromen_belasting:max} wordt het meest belastend gevonden" named the least
    burdensome funding stream in 2027, and check-year was clean. Written per wave it is not an error."""
    root = _copy(wave, tmp_path)

    def turn(q: dict) -> None:
        q["range_labels"] = {1: "zeer hoog", 5: "zeer laag"}
        q["changes"] = {2026: "andere antwoordschaal"}
    _edit_question(root, "geldstromen_belasting", turn)
    found = _findings(root, YEAR, "error", "{geldstromen_belasting:max}")
    assert [f.split(": ", 1)[1] for f in found] == [
        "{geldstromen_belasting:max}: the scale of 'geldstromen_belasting' runs from ‘zeer hoog’ to ‘zeer laag’ in "
        "2027 but from ‘zeer laag’ to ‘zeer hoog’ in 2026: the shared sentence names the opposite item in each "
        "report. Write it for each wave under `if chapter.year >= 2027:` / `else:` ({geldstromen_belasting:min} "
        "in one of them)"], found
    path = root / "notebooks" / "05_inkoopbeleid_nps.py"
    text = path.read_text(encoding="utf-8")
    start = text.index("chapter.text(\n    \"Van de aanvullende geldstromen")
    end = text.index("\n)\n", start) + 3
    call = text[start:end]
    per_wave = ("if chapter.year >= 2027:  # 1 = zeer hoog\n"
                + "".join("    " + line + "\n" for line in call.replace(":max}", ":min}").splitlines())
                + "else:\n" + "".join("    " + line + "\n" for line in call.splitlines()))
    path.write_text(text[:start] + per_wave + text[end:], encoding="utf-8")
    assert _findings(root, YEAR, "error", "geldstromen_belasting:m") == []
    assert _findings(root, 2026, "error", "geldstromen_belasting") == []


def _swap_uitvoerder(root: Path) -> None:
    """2027 gives Zilveren Kruis code 2 and CZ code 1 (labels kept; the region map follows)."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    d = next(d for d in doc["derived"] if d["key"] == "uitvoerder")
    swap = {1: 2, 2: 1}
    d["map"] = {k: swap.get(v, v) for k, v in d["map"].items()}
    d["options"] = sorted(({**o, "code": swap.get(o["code"], o["code"])} for o in d["options"]), key=lambda o: o["code"])
    new_wave._write(path, header, doc)


def test_population_margins_by_code_of_renumbered_groups_are_an_error_and_by_label_follow_the_group(wave, tmp_path):
    """Review: 2027 renumbered the uitvoerders; config/population.yml (one file for every year) counts members
    by code, so 2027's weights and comparison with the members gave Zilveren Kruis's 105 members to CZ, and
    check-year was clean. Margins by code of renumbered groups are an error; margins by label (new) follow
    each group to its code of the year."""
    from wlzmonitor.compute.year_result import population_of
    from wlzmonitor.spec.codebook_parse import codebook_for_year, load_codebook

    root = _copy(wave, tmp_path)
    _swap_uitvoerder(root)
    found = [f.text().split("config/")[-1] for f in check_year(YEAR, _config(root)).findings
             if f.level == "error" and "margins: uitvoerder" in f.text()]
    assert found == ["population.yml: margins: uitvoerder counts members by code, but the groups have other codes "
                     "in 2027 than in 2026 (2026's 1 ‘Zilveren Kruis’ is 2 in 2027; 2026's 2 ‘CZ’ is 1 in 2027): "
                     "the counts would go to another group. Name the groups by their label (\"Zilveren Kruis\": "
                     "105)"], found
    path = root / "config" / "population.yml"
    text = path.read_text(encoding="utf-8")
    for code, label in [(1, "Zilveren Kruis"), (2, "CZ"), (3, "Menzis"), (4, "VGZ"), (5, "Overig")]:
        text = re.sub(rf"(?m)^(  uitvoerder:\n(?:    .*\n)*?)    {code}: ", rf'\g<1>    "{label}": ', text, count=1)
    path.write_text(text, encoding="utf-8")
    assert '"Zilveren Kruis": 105' in text
    for year in (YEAR, 2026):
        assert [f.text() for f in check_year(year, _config(root)).findings if f.kind == "population"
                and f.level in ("error", "warning")] == []
    now = population_of(_config(root), YEAR, load_codebook(root / "data" / "codebooks" / f"{YEAR}.yml"))
    then = population_of(_config(root), 2026, codebook_for_year(2026))
    assert now.margins["uitvoerder"] == {2: 105, 1: 85, 3: 60, 4: 80, 5: 30}
    assert then.margins["uitvoerder"] == {1: 105, 2: 85, 3: 60, 4: 80, 5: 30}
    path.write_text(text.replace('"Menzis": 60', '"Menzes": 60'), encoding="utf-8")
    assert [f.text().split("config/")[-1] for f in check_year(YEAR, _config(root)).findings
            if f.kind == "population" and f.level == "error"] == [
        "population.yml: margins: uitvoerder: ‘Menzes’ is no group of uitvoerder in 2027 (‘CZ’, ‘Zilveren Kruis’, "
        "‘Menzis’, ‘VGZ’, ‘Overig’)"]


def test_a_follow_up_routed_on_a_new_answer_of_a_changed_question_is_marked(wave, tmp_path):
    """Review: 2027 added an option to transitie_afspraken (changes declared); transitie_tevredenheid, asked
    unless the answer was 4 ('Niet van toepassing'), now also went to the new answer's respondents, yet its
    figures were compared with 2026's and tested unmarked: the routing comparison leaves out options one
    year lacks. Its changes then say so, and it is clean."""
    root = _copy(wave, tmp_path)

    def add_option(q: dict) -> None:
        q["options"].append({"code": 6, "label": "Deels, in overleg"})
        q["changes"] = {2026: "gewijzigde antwoordcategorieën"}
    _edit_question(root, "transitie_afspraken", add_option)
    found = [f.split("transitie_tevredenheid): ", 1)[1] for f in _findings(root, YEAR, "error", "transitie_tevredenheid")]
    assert found == [
        "asked_if reads Vraag 15 transitie_afspraken, whose answers it routes on changed since 2026 (new: 6 ‘Deels, "
        "in overleg’; changes: gewijzigde antwoordcategorieën): the same routing picks another group of respondents, "
        "so its figures cannot be compared with 2026's unmarked. Add changes: {2026: \"gewijzigde routering\"} (the "
        "comparison is then not tested and marked)"], found
    _edit_question(root, "transitie_tevredenheid", lambda q: q.update(changes={2026: "gewijzigde routering"}))
    assert _findings(root, YEAR, "error", "transitie_tevredenheid") == []


def test_a_follow_up_whose_parent_was_dropped_is_marked(wave, tmp_path):
    """Review (2027 wave, F1): transitie_afspraken dropped, its follow-up transitie_tevredenheid asked of everyone:
    check-year was clean (a routing whose parent the year lacks was skipped as not comparable), and 2026's 113
    respondents with a transition agreement were compared with 2027's 122 unmarked. An error until its changes
    say so."""
    root = _copy(wave, tmp_path)

    def drop(doc: dict) -> None:
        doc["questions"] = [q for q in doc["questions"] if q["key"] != "transitie_afspraken"]
        follow = next(q for q in doc["questions"] if q["key"] == "transitie_tevredenheid")
        follow.pop("asked_if")
        follow.pop("routing_note", None)
    _edit_codebook(root, drop)
    found = [f.split("transitie_tevredenheid): ", 1)[1] for f in _findings(root, YEAR, "error", "cannot match")]
    assert found == [
        "asked_if in 2026 (transitie_afspraken not in [4 ‘Niet van toepassing’]) routes on answers 2027's codebook "
        "cannot match (a question dropped, renamed or asked with other options), now asked of everyone: its figures "
        "may be of another group of respondents. Add changes: {2026: \"gewijzigde routering\"} (the comparison is "
        "then not tested and marked), or give the question a key of its own"], found
    _edit_question(root, "transitie_tevredenheid", lambda q: q.update(changes={2026: "gewijzigde routering"}))
    assert _findings(root, YEAR, "error", "cannot match") == []


def test_a_follow_up_routed_on_unchanged_answers_of_a_changed_question_needs_no_mark(wave, tmp_path):
    """The other direction: a parent asked differently whose answers the routing reads stayed (2026's
    transitie_afspraken against 2025; tariefpercentage_hoger on option 3, reworded under its `was`)."""
    root = _copy(wave, tmp_path)
    assert _findings(root, YEAR, "error", "routes on changed") == []
    assert _findings(root, 2026, "error", "routes on changed") == []


def test_a_mistyped_matrix_placeholder_is_an_error_before_the_run(wave, tmp_path):
    """Review: {kwaliteit_dialoog:dialoog_constructief/9} (no option 9) passed check-year and stopped the run;
    an item the table lacks or an option that is none of its columns is a check-year error."""
    root = _copy(wave, tmp_path)
    path = root / "notebooks" / "04_kwaliteit_innovatie.py"
    path.write_text(path.read_text(encoding="utf-8") + (
        '\n# %%\nchapter.text("{kwaliteit_dialoog:dialoog_constructief/9} en {kwaliteit_dialoog:dialoog_construktief/1}; '
        '{kwaliteit_dialoog:dialoog_constructief/1+dialoog_constructief/2}.")\n'), encoding="utf-8")
    found = [f.split(": ", 1)[1] for f in _findings(root, YEAR, "error", "{kwaliteit_dialoog:")]
    assert found == [
        "{kwaliteit_dialoog:dialoog_constructief/9}: table 'kwaliteit_dialoog' has no option 9 in 2027 (options: "
        "1, 2, 3, 4, 5, 6, 7)",
        "{kwaliteit_dialoog:dialoog_construktief/1}: table 'kwaliteit_dialoog' has no row dialoog_construktief in "
        "2027 (rows: dialoog_constructief, kwaliteitsbeeld_gesprek, respecteert_kompas, ruimte_eigen_afwegingen)"], found


def test_published_figures_of_another_year_are_a_check_year_error(wave, tmp_path):
    """Review: 'published' of 2026 left pointing at data/published/2025 (copied from the year before) passed
    check-year, and the run stopped with "Tabel 1 (tariefpercentage): published table has 5 rows x 2 columns,
    the layout says 5 x 3". It is an error naming the folder, the year it holds and the key to correct; the run
    reading it says the same."""
    from wlzmonitor.spec.published import PublishedError, load_published

    root = _copy(wave, tmp_path)
    report = root / "config" / "report.yml"
    text = report.read_text(encoding="utf-8")
    assert text.count("published: data/published/2026") == 1
    report.write_text(text.replace("published: data/published/2026", "published: data/published/2025"), encoding="utf-8")
    found = [f.text().split("[files] ", 1)[1].split("repo/", 1)[-1] for f in check_year(2026, _config(root)).findings
             if f.level == "error" and f.kind == "files"]
    assert found == ["data/published/2025: the published tables end with the year 2025, so they are the 2025 "
                     "report's, not 2026's: check 'published' under 2026 in config/report.yml (data/published/2026)"]
    with pytest.raises(PublishedError, match="so they are the 2025 report's, not 2026's"):
        load_published(2026, root=root)
    assert [f for f in check_year(2025, _config(root)).findings if f.kind == "files" and f.level == "error"] == []


@pytest.mark.parametrize("labels, rng, problem", [
    ({1: "zeer laag", 5: "zeer hoog", 6: "weet niet"}, [1, 6], "range_labels value 6 ‘weet niet’ is no point of the "
     "scale but a non-answer: every mean would count it as the score 6. Keep it out of the range (range: [1, 5])"),
    ({1: "zeer laag", 5: "zeer hoog"}, [1, 6], "range_labels name the ends 1 ‘zeer laag’ and 5 ‘zeer hoog’, but the "
     "range is [1, 6]"),
])
def test_a_weet_niet_on_a_scale_is_an_error_not_a_score(wave, tmp_path, labels, rng, problem):
    """Review (2027 wave, F2): "weet niet" added to the 1-5 burden scale as 6 (the only way the codebook allowed)
    was averaged in as a score of 6 (meerzorg 4,59 on a scale whose top is 5), and check-year was clean."""
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.errors import InputError

    root = _copy(wave, tmp_path)
    _edit_question(root, "geldstromen_belasting", lambda q: q.update(range=rng, range_labels=labels))
    with pytest.raises(InputError) as raised:
        load_codebook(root / "data" / "codebooks" / f"{YEAR}.yml")
    assert problem in str(raised.value), str(raised.value)


def test_a_matrix_table_whose_columns_leave_out_a_new_option_is_an_error(wave, tmp_path):
    """Review (2027 wave, F5): an option inserted in the matrix question capaciteit_afspraken, the table's
    columns left as the year before: check-year was clean and run_all stopped with a bare ValueError
    traceback. check-year names the option; at run time it is a LayoutError naming the layout and table."""
    root = _copy(wave, tmp_path)

    def insert(q: dict) -> None:
        o = q["options"]
        q["options"] = [*o[:3], {"code": 4, "label": "Deels"}, *[dict(x, code=x["code"] + 1) for x in o[3:]]]
        q["changes"] = {2026: "gewijzigde antwoordcategorieën"}
    _edit_question(root, "capaciteit_afspraken", insert)
    found = [f.split("): ", 1)[1] for f in _findings(root, YEAR, "error", "leave out option")]
    assert len(found) == 1 and found[0].startswith("columns [1, 2, 3, 4, 5, 6] leave out option(s) 7 ‘"), found
    assert "of capaciteit_afspraken in 2027: an answer with one cannot be counted" in found[0]


def test_a_code_a_table_leaves_out_stops_the_run_with_a_layout_error():
    from wlzmonitor.compute.report_tables import compute_all
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.errors import InputError
    from wlzmonitor.spec.layout import layout_for_year

    codebook, layout = codebook_for_year(2026), layout_for_year(2026)
    survey = load_survey(load_config().sources(2026).export, codebook)
    spec = next(t for t in layout.tables if t.kind == "matrix" and t.columns)
    narrow = type(layout)(**{**layout.__dict__, "tables": (type(spec)(**{**spec.__dict__,
                                                                          "columns": spec.columns[:-1]}),)})
    with pytest.raises(InputError) as raised:
        compute_all(narrow, survey)
    assert f"({spec.key}):" in str(raised.value) and "leave out an option of the question" in str(raised.value)


def _edit_codebook(root: Path, edit) -> None:
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    edit(doc)
    new_wave._write(path, header, doc)


def test_a_derived_group_that_holds_other_options_is_warned(wave, tmp_path):
    """Review (2027 wave, F3c): omzetgroep's map edited ({2: 2}: the 10-40 million organisations moved to the middle
    group), its labels unchanged: check-year was clean and Bijlage 2 printed them under "Tussen 40 en 100 miljoen
    euro", compared with that group's members."""
    root = _copy(wave, tmp_path)
    _edit_codebook(root, lambda doc: next(d for d in doc["derived"] if d["key"] == "omzetgroep")["map"].update({2: 2}))
    found = [f.split("(derived omzetgroep): ", 1)[1] for f in _findings(root, YEAR, "warning", "derived omzetgroep")]
    assert found == [
        "options put in another group than in 2026: 2 ‘Jaaromzet tussen € 10 en € 40 miljoen’ in group 2 (was 1): the "
        "groups hold other organisations than in 2026 under the same labels. Check the groups' labels and the "
        "population margins of 'omzetgroep' (or give 'omzetgroep' a new key)"], found


def test_redrawn_source_classes_in_an_old_group_are_warned_and_a_relabelled_group_counted_by_code_is_an_error(
        wave, tmp_path):
    """Review (2027 wave, F3/F3b): omzet's classes redrawn at the same codes (was: null, changes declared),
    omzetgroep left as it was: organisations of 40-60 million were counted under "Minder dan 40 miljoen euro";
    relabelled, config/population.yml by code still gave the group the 150 members under 40 million."""
    root = _copy(wave, tmp_path)

    def redraw(doc: dict) -> None:
        q = next(q for q in doc["questions"] if q["key"] == "omzet")
        q["options"][1] = {"code": 2, "label": "Jaaromzet tussen € 10 en € 60 miljoen", "was": {2026: None}}
        q["options"][2] = {"code": 3, "label": "Jaaromzet tussen € 60 en € 100 miljoen", "was": {2026: None}}
        q["changes"] = {2026: "gewijzigde omzetklassen"}
    _edit_codebook(root, redraw)
    found = [f.split("(derived omzetgroep): ", 1)[1] for f in _findings(root, YEAR, "warning", "derived omzetgroep")]
    assert len(found) == 1 and found[0].startswith(
        "options new since 2026 put in a group it had: 2 ‘Jaaromzet tussen € 10 en € 60 miljoen’ in group 1, 3 "
        "‘Jaaromzet tussen € 60 en € 100 miljoen’ in group 2"), found

    def relabel(doc: dict) -> None:
        groups = next(d for d in doc["derived"] if d["key"] == "omzetgroep")["options"]
        groups[0]["label"], groups[1]["label"] = "Minder dan 60 miljoen euro", "Tussen 60 en 100 miljoen euro"
    _edit_codebook(root, relabel)
    errors = [f.split("population.yml: ", 1)[1] for f in _findings(root, YEAR, "error", "counts members by code")]
    assert errors == [
        "margins: omzetgroep counts members by code, but group 1 is ‘Minder dan 60 miljoen euro’ in 2027, ‘Minder dan "
        "40 miljoen euro’ in 2026; 2 is ‘Tussen 60 en 100 miljoen euro’ in 2027, ‘Tussen 40 en 100 miljoen euro’ in "
        "2026: the count is of another group in one of the years. Name the groups by their label, with the members "
        "of each year's groups (\"Minder dan 60 miljoen euro\": …)"], errors


def test_a_sentence_under_a_year_condition_both_waves_meet_is_still_checked(wave, tmp_path):
    """Review (2027 wave, F10): any condition on chapter.year made a sentence one wave's own, so the sentence
    written for `if chapter.year >= 2027:` went unchecked in 2028 against 2027's codes. A condition both waves
    meet (here `>= 2026` in 2027, as `>= 2027` in 2028) shares the sentence: it is checked."""
    root = _copy(wave, tmp_path)
    _edit_question(root, "kwaliteit_dialoog", _reverse_first_five)
    path = root / "notebooks" / "04_kwaliteit_innovatie.py"
    text = path.read_text(encoding="utf-8")
    start = text.rindex("chapter.text(", 0, text.index("{kwaliteit_dialoog:dialoog_constructief/1"))
    end = text.index("\n)\n", start) + 3
    guarded = "if chapter.year >= 2026:\n" + "".join("    " + line + "\n" for line in text[start:end].splitlines())
    path.write_text(text[:start] + guarded + text[end:], encoding="utf-8")
    assert len(_findings(root, YEAR, "warning", "{kwaliteit_dialoog:dialoog_constructief/1")) == 2


@pytest.mark.parametrize("guards, year, shown", [
    ({"@year", "@year-if:chapter.year >= 2027"}, 2028, True), ({"@year", "@year-if:chapter.year >= 2027"}, 2026, False),
    ({"@year", "@year-else:chapter.year >= 2027"}, 2026, True), ({"@year", "@year-if:chapter.year in (2027, 2028)"}, 2029,
                                                                 False),
    ({"@year", "@year-if:chapter.year >= 2027 and chapter.asked('x')"}, 2028, None), (set(), 2028, True),
])
def test_a_year_condition_is_evaluated_for_a_year(guards, year, shown):
    from wlzmonitor.spec.notebook_scan import shown_in

    assert shown_in(frozenset(guards), year) is shown


def test_the_other_row_of_a_comparison_is_checked_like_its_own(wave, tmp_path):
    """Review (2027 wave, F8): the row after !lt:/!gt: was never checked: a mistyped {hlo_themas:1!lt:9} passed
    check-year (the run stopped), and a renumbered other row let a false comparison pass its own check."""
    from wlzmonitor.spec.prose import placeholders

    assert placeholders("{hlo_themas:1!lt:2@2025}")[0].row_codes == ["1", "2"]
    assert placeholders("{k:a/1!gt:b/2}")[0].row_codes == ["a", "b"]
    root = _copy(wave, tmp_path)
    path = root / "notebooks" / "05_inkoopbeleid_nps.py"
    path.write_text(path.read_text(encoding="utf-8") + '\n# %%\nchapter.text("Minder dan arbeidsmarkt '
                    '({hlo_themas:1!lt:9}).")\n', encoding="utf-8")
    found = [f.split(": ", 1)[1] for f in _findings(root, YEAR, "error", "{hlo_themas:1!lt:9}")]
    assert len(found) == 1 and found[0].startswith("{hlo_themas:1!lt:9}: table 'hlo_themas' has no row 9 in 2027"), found

    def insert(q: dict) -> None:
        q["options"] = [q["options"][0], {"code": 2, "label": "Wonen en zorg"},
                        *[dict(o, code=o["code"] + 1) for o in q["options"][1:]]]
        q["changes"] = {2026: "gewijzigde antwoordcategorieën"}
    root = _copy(wave, tmp_path / "b")
    _edit_question(root, "hlo_themas", insert)
    warned = " ".join(_findings(root, YEAR, "warning", "{hlo_themas:2!lt:4}"))
    assert "code 4 is" in warned, warned


def test_a_follow_up_routed_on_a_reworded_matrix_item_is_marked(wave, tmp_path):
    """Review (2027 wave, F6): the HLO-opslag item of geldstromen_gebruik broadened (changes declared): hlo_themas
    and hlo_honorering, asked of who answered 'Ja' on that item, were compared with 2026 unmarked."""
    root = _copy(wave, tmp_path)

    def broaden(q: dict) -> None:
        next(i for i in q["items"] if i["code"] == "hlo_opslag")["label"] = "HLO-opslag of regionaal kwaliteitsbudget"
        q["changes"] = {2026: "item HLO-opslag verbreed"}
    _edit_question(root, "geldstromen_gebruik", broaden)
    found = _findings(root, YEAR, "error", "item hlo_opslag ‘HLO-opslag of regionaal kwaliteitsbudget’")
    assert any("(Vraag 26 hlo_themas)" in f or "hlo_themas)" in f for f in found), found
    assert any("hlo_honorering)" in f for f in found), found


def test_a_group_column_of_a_breakdown_table_whose_group_was_renumbered_is_warned(wave, tmp_path):
    """Review (2027 wave, F9): uitvoerder renumbered (Zilveren Kruis 1 -> 2): "Bij Zilveren Kruis …
    {tarief_kwaliteit_van_bestaan__uitvoerder:1@1}" printed CZ's figure and check-year said nothing."""
    root = _copy(wave, tmp_path)
    _swap_uitvoerder(root)
    path = root / "notebooks" / "bijlage_3_uitvoerder.py"
    path.write_text(path.read_text(encoding="utf-8") + '\n# %%\nchapter.text("Bij Zilveren Kruis is '
                    '{tarief_kwaliteit_van_bestaan__uitvoerder:1@1} tevreden.")\n', encoding="utf-8")
    found = [f.split(": ", 1)[1] for f in _findings(root, YEAR, "warning", "{tarief_kwaliteit_van_bestaan__uitvoerder:1@1}")]
    assert len(found) == 1 and found[0].startswith(
        "{tarief_kwaliteit_van_bestaan__uitvoerder:1@1}: group 1 of uitvoerder is ‘CZ’ in 2027 but ‘Zilveren Kruis’ in 2026"), found


def test_responses_excluded_for_an_answer_the_questionnaire_skipped_are_explained(tmp_path):
    """Review (2027 wave, F7): the questionnaire skipped pgb (Vraag 23) for organisations with intramural care
    only, the codebook did not say so: they were excluded from every table as incomplete and nothing said why.
    The log now says that every one of them gave the same earlier answer and what routing would keep them."""
    import pandas as pd

    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.spec.codebook_parse import codebook_for_year

    frame = pd.read_csv(load_config().sources(2026).export, dtype=str, keep_default_na=False)
    skipped = frame["zorgtype"] == "2"
    frame.loc[skipped, ["pgb", "pgb_aantal"]] = ""
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    survey = load_survey(path, codebook_for_year(2026), mapping=None)
    hints = [f for f in survey.log if "all answered Vraag 4" in f.issue]
    assert len(hints) == 1 and hints[0].severity == "warning", [f.issue for f in survey.log]
    assert "add asked_if: {question: zorgtype, not_in: [2]} to pgb" in hints[0].action
    clean = load_survey(load_config().sources(2026).export, codebook_for_year(2026), mapping=None)
    assert not [f for f in clean.log if "and no response with that answer" in f.issue]


def test_a_shared_sentence_that_describes_the_earlier_wording_of_a_reworded_question_is_warned(wave, tmp_path):
    """Review (2027 wave, F4): tevredenheid_tarief asked about the tariff itself in 2027 (changes declared), the
    chapter still said "tevreden over de manier waarop het gesprek … heeft plaatsgevonden" beside the 2027 figure,
    and check-year gave notes only."""
    root = _copy(wave, tmp_path)

    def reword(q: dict) -> None:
        q["text"] = "Bent u tevreden over het tariefpercentage dat u voor 2027 met het zorgkantoor bent overeengekomen?"
        q["changes"] = {2026: "gewijzigde vraagstelling"}
    _edit_question(root, "tevredenheid_tarief", reword)
    found = [f.split(": ", 1)[1] for f in _findings(root, YEAR, "warning", "is asked otherwise in 2027")]
    assert found and all(f.startswith("{tevredenheid_tarief:1}: tevredenheid_tarief is asked otherwise in 2027")
                         for f in found), found
    assert any("manier" in f and "plaatsgevonden" in f for f in found), found


def test_a_derived_group_only_relabelled_keeps_its_margin_by_code(wave, tmp_path):
    """The other direction of F3b: omzetgroep's groups reworded, the same omzet options in each (the map and the
    source unchanged): its members are the same group's, no error (the fresh-clone CI's hostile-labels run
    relabels them so)."""
    root = _copy(wave, tmp_path)

    def reword(doc: dict) -> None:
        groups = next(d for d in doc["derived"] if d["key"] == "omzetgroep")["options"]
        groups[0]["label"] = "Kleiner dan 40 miljoen"
    _edit_codebook(root, reword)
    assert _findings(root, YEAR, "error", "counts members by code") == []
