"""Found by acting as next year's analyst on a made-up 2027 wave (tests/new_wave.py, then one more
change each, review h94): what check-year passed while the report was wrong. Each test fails without
its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import new_wave
from new_wave import YEAR
# the analysed 2027 wave, a copy of it per test and its check: the wave review's own (one place for them)
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)


def _not_notes(found) -> list[str]:
    return [f.text() for f in found.findings if f.level != "note"]


def _edit_layout(root: Path, edit) -> None:
    path = root / "data" / "reports" / str(YEAR) / "tables.yml"
    header, doc = new_wave._yaml(path)
    edit(doc)
    new_wave._write(path, header, doc)


# -- chapters' tables in another order than the chapters ----------------------------------------------
def test_a_chapter_s_tables_listed_before_an_earlier_chapter_s_are_warned(wave, tmp_path, monkeypatch):
    """Review: the 2027 layout with the herschikking tables moved before the capaciteit tables as a block
    (the 2027 questionnaire asks herschikking first), config/report.yml's chapters left as they were:
    check-year passed, and chapter 2 printed Tabel 21-25, chapter 3 Tabel 16-20 (the published report's
    numbers and the back-test then pair other tables)."""
    root = _copy(wave, tmp_path)

    def herschikking_first(doc: dict) -> None:
        tables = doc["tables"]
        capaciteit = [t for t in tables if t.get("chapter") == "02_capaciteit"]
        herschikking = [t for t in tables if t.get("chapter") == "03_herschikking"]
        rest = [t for t in tables if t not in capaciteit and t not in herschikking]
        at = tables.index(capaciteit[0])
        doc["tables"] = rest[:at] + herschikking + capaciteit + rest[at:]

    _edit_layout(root, herschikking_first)
    found = _not_notes(_check(root, monkeypatch))
    assert len(found) == 1, found
    assert found[0].startswith("WARNING: [numbers] data/reports/2027/tables.yml:"), found
    assert found[0].endswith(
        "(Tabel 21 (capaciteit_afspraken)): 02_capaciteit's tables (Tabel 21–25) are listed in the layout after "
        "03_herschikking's (Tabel 16–20), but config/report.yml (chapters:) prints 02_capaciteit before "
        "03_herschikking: the report would print Tabel 21–25 before Tabel 16–20. Move 02_capaciteit's tables "
        "before 03_herschikking's in the layout (numbers follow the order of the file), or the chapters in "
        "config/report.yml"), found


def test_appendix_tables_are_numbered_apart_from_the_chapters(wave, tmp_path, monkeypatch):
    """The appendices' tables (B1, B2, ...) listed before the chapters' are no chapter out of order: the
    two series are numbered apart."""
    root = _copy(wave, tmp_path)

    def appendices_first(doc: dict) -> None:
        tables = doc["tables"]
        doc["tables"] = ([t for t in tables if str(t.get("chapter")).startswith("bijlage")]
                         + [t for t in tables if not str(t.get("chapter")).startswith("bijlage")])

    _edit_layout(root, appendices_first)
    assert _not_notes(_check(root, monkeypatch)) == []


# -- a figure of the year in an option's label, copied unchanged ---------------------------------------
def test_a_figure_of_the_year_left_in_a_label_as_it_was_is_warned_until_checked(tmp_path, monkeypatch):
    """Review: new-year lists the labels naming a figure of the year (the richttariefpercentage 95,5%,
    the HLO-opslag 0,9%), but check-year passed them left as they were: with an export in codes,
    Tabel 1 and Bijlage 4 of 2027 printed 2026's 'richttariefpercentage 95,5%' as 2027's, without a word.
    A `was` naming the previous wave's option says the figure was checked (the same, or updated)."""
    root = new_wave.repository(tmp_path)
    new_wave.new_year(root)
    found = [f.text() for f in _check(root, monkeypatch).findings if f.level == "warning" and f.kind == "changes"]
    assert len(found) == 2, found
    assert found[0].endswith(
        "(Vraag 10 tariefpercentage): option 1 ‘Het landelijk richttariefpercentage 95,5% zoals beschreven in het "
        "regionale inkoopbeleid’ names 95,5% as 2026's option 1 did, word for word: a figure of the year (new-year "
        "listed it) left as it was? If the 2027 questionnaire names another figure, write it in the label; if the "
        "same, add was: {2026: 1} to the option to say so"), found
    assert "(Vraag 27 hlo_honorering): option 1 ‘Ja, de volledige 0,9% opslag’ names 0,9%" in found[1], found

    def checked(q: dict) -> None:
        if q["key"] in ("tariefpercentage", "hlo_honorering"):
            q["options"][0].setdefault("was", {})[2026] = 1

    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    for q in doc["questions"]:
        checked(q)
    new_wave._write(path, header, doc)
    assert [f.text() for f in _check(root, monkeypatch).findings if f.kind == "changes" and f.level != "note"] == []


# -- the year before named beside a figure of a question that year did not ask ------------------------
def _not_asked_in_2026(root: Path, key: str) -> None:
    """A copy where 2026 did not ask `key` (2025 and 2027 did): its 2026 codebook entry and tables gone."""
    path = root / "data" / "codebooks" / "2026.yml"
    header, doc = new_wave._yaml(path)
    doc["questions"] = [q for q in doc["questions"] if q["key"] != key]
    new_wave._write(path, header, doc)
    for year, columns in ((2026, None), (YEAR, [2025, YEAR])):
        path = root / "data" / "reports" / str(year) / "tables.yml"
        header, doc = new_wave._yaml(path)
        if columns is None:
            doc["tables"] = [t for t in doc["tables"] if t.get("question") != key]
        else:
            next(t for t in doc["tables"] if t["key"] == key)["columns"] = columns
        new_wave._write(path, header, doc)


def _prose_warnings(found, key: str) -> list[str]:
    return [f.text() for f in found.findings if f.level == "warning" and f.kind == "prose" and key in f.text()]


def test_the_year_before_beside_a_figure_of_a_question_it_did_not_ask_is_warned(wave, tmp_path, monkeypatch):
    """Review: a question asked in 2025 and 2027 but not in 2026 (its table 2025 | 2027): "In {vorig_jaar}
    was dat {x:4@vorig}" printed 2026 beside the 2025 figure, and "meer dan in {vorig_jaar}" with !stijging
    compared 2027 with 2025, without a word (the warning of a gap was about the waves, not the question)."""
    root = _copy(wave, tmp_path)
    key = "urgent_wachtenden"
    _not_asked_in_2026(root, key)
    notebook = root / "notebooks" / "02_capaciteit.py"
    notebook.write_text(notebook.read_text(encoding="utf-8") + (
        f'\n# %%\nif chapter.asked("{key}"):\n'
        f'    chapter.text("In {{vorig_jaar}} was dat {{{key}:4@vorig}}.")\n'
        f'    chapter.text("Dat is meer dan vorig jaar ({{{key}:4!stijging}}).")\n'
        f'    chapter.text("In 2025 was dat {{{key}:4@vorig}}.")\n'), encoding="utf-8")
    found = _prose_warnings(_check(root, monkeypatch), key)
    assert len(found) == 2, found
    assert found[0].endswith(
        "{urgent_wachtenden:4@vorig} compares with the column before 2027 in 'urgent_wachtenden', which is 2025: "
        "2026 did not ask 'urgent_wachtenden'. The sentence names ‘{vorig_jaar}’, which is 2026: name the year of "
        "the figure (2025, under `if chapter.year == 2027:`) or the wave without a year ('de vorige meting waarin "
        "dit gevraagd is')"), found
    assert "{urgent_wachtenden:4!stijging} compares with the column before 2027" in found[1], found
    assert "names ‘vorig jaar’, which is 2026" in found[1], found


def test_a_question_asked_again_after_a_wave_without_it_is_not_called_new_by_the_codeframe_check(
        wave, tmp_path, monkeypatch):
    """Review: the codeframe check called a question asked in 2024 and 2025, not in 2026, 'new in 2027'."""
    root = _copy(wave, tmp_path)
    _not_asked_in_2026(root, "urgent_wachtenden")
    found = [f.text() for f in _check(root, monkeypatch).findings if f.kind == "codeframe"]
    assert found == [
        "WARNING: [codeframe] data/codeframes/2027.yml (urgent_wachtenden): Vraag 31 urgent_wachtenden has open "
        "answers, but no themes: it was not asked in 2026 (asked in 2024 en 2025), so the codeframe inherited from "
        "2026 has none: add it to the codeframe (or leave its answers uncoded on purpose)"], found


# -- a published table's rows aligned with other options -----------------------------------------------
def test_a_published_table_whose_rows_the_layout_puts_on_other_options_is_an_error(wave, tmp_path, monkeypatch):
    """Review: the layout's rows of Tabel 31 in another order than the 2026 report printed them ([2, 1]):
    published cells are aligned by position, so check-year passed 2026 and 2027, and the 2027 report's
    long series printed 2021-2023's 86%, 92%, 91% 'redelijke eisen' as 'onredelijke eisen' (the back-test
    of 2026 compared other answers). A printed label that is another option's word for word says so."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "reports" / "2026" / "tables.yml"
    header, doc = new_wave._yaml(path)
    next(t for t in doc["tables"] if t["key"] == "eisen_zorgkantoor")["rows"] = [2, 1]
    new_wave._write(path, header, doc)
    found = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert len(found) == 2, found
    assert found[0].startswith("ERROR: [codes] data/reports/2026/tables.yml:"), found
    assert found[0].endswith(
        "(Tabel 31 (eisen_zorgkantoor)): the report prints ‘Het zorgkantoor hanteert redelijke eisen’ in row 1, "
        "which the layout's rows [2, 1] put on option 2 ‘Het zorgkantoor hanteert onredelijke eisen’: it is "
        "option 1's label. List the rows in the order the report prints them, or its figures are read as another "
        "answer's"), found


def test_the_shipped_reports_print_every_row_where_their_layouts_put_it():
    """The published rows of 2024-2026 (abbreviated labels included) are no rows in another order."""
    from wlzmonitor.spec.alignment import rows_in_another_order
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.layout import load_layout
    from wlzmonitor.spec.published import load_published
    from wlzmonitor.spec.year_rules import question_of
    config = load_config(new_wave.ROOT)
    for year in (2024, 2025, 2026):
        sources = config.sources(year)
        cb, layout = load_codebook(sources.codebook), load_layout(sources.layout)
        cells, _ = load_published(year, root=str(config.root))
        questions = {spec.key: question_of(cb, spec.question) for spec in layout.tables}
        assert [p for spec in layout.tables if questions[spec.key] is not None
                for p in rows_in_another_order(spec, questions[spec.key], cells)] == [], year


# -- a key given another question's wording -----------------------------------------------------------
@pytest.mark.parametrize("declared", [False, True])
def test_a_wording_pasted_under_another_question_s_key_is_an_error(wave, tmp_path, monkeypatch, declared):
    """Review: the 2027 wordings of tevredenheid_tarief and transitie_tevredenheid pasted under each other's
    key. check-year warned only 'the wording changed since 2026 ... Add changes: {2026: "gewijzigde
    vraagstelling"}'; done so, it passed, and the trend table put 2026's satisfaction with the tariff talks beside
    2027's with the transition talks (marked 'gewijzigde vraagstelling', but another question)."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    questions = {q["key"]: q for q in doc["questions"]}
    tarief, transitie = questions["tevredenheid_tarief"], questions["transitie_tevredenheid"]
    tarief["text"], transitie["text"] = transitie["text"], tarief["text"]
    if declared:  # as the wording warning advised
        for q in (tarief, transitie):
            q["changes"] = {2026: "gewijzigde vraagstelling"}
    new_wave._write(path, header, doc)
    found = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error" and f.kind == "changes"
             and "word for word" in f.text()]
    assert len(found) == 2, found
    assert "(Vraag 13 tevredenheid_tarief): its wording is word for word that of 2026's 'transitie_tevredenheid'" \
           in found[0], found
    assert found[0].endswith(
        "the wording pasted under another key? Its tables would put 2026's answers to 'tevredenheid_tarief' beside "
        "2027's to 'transitie_tevredenheid' (marked or not). Keep each question under its own key (a question asked "
        "as 2026's 'transitie_tevredenheid' is 'transitie_tevredenheid'), or give a new question a new key"), found


# -- a follow-up of a question whose own routing changed ----------------------------------------------
def _route_maatwerk_intramural(root: Path, **follow_up) -> None:
    """2027 asks maatwerk of intramural organisations only (its changes say so); `follow_up` is given to
    the questions routed on it."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    for q in doc["questions"]:
        if q["key"] == "maatwerk":
            q.update(asked_if={"question": "zorgtype", "in": [1, 2]}, changes={2026: "gewijzigde routering"})
        if q["key"] in ("maatwerk_redenen", "maatwerk_gehonoreerd"):
            q.update({k: dict(v) if isinstance(v, dict) else list(v) for k, v in follow_up.items()})
    new_wave._write(path, header, doc)


def test_a_follow_up_of_a_question_whose_routing_changed_is_an_error_until_declared(wave, tmp_path, monkeypatch):
    """Review: maatwerk asked of intramural organisations only in 2027, declared; maatwerk_gehonoreerd and
    maatwerk_redenen, asked of those who requested maatwerk, passed check-year and were compared and tested
    against 2026 unmarked, their 2027 base without the organisations giving only care at home."""
    root = _copy(wave, tmp_path)
    _route_maatwerk_intramural(root)
    found = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert [t.split("): ", 1)[0].rsplit("(", 1)[1] for t in found] == [
        "Vraag 11 maatwerk_redenen", "Vraag 12 maatwerk_gehonoreerd"], found
    assert "asked_if reads Vraag 11 maatwerk, whose routing changed since 2026 (asked of everyone in 2026, " \
           "zorgtype in [1 ‘" in found[1], found
    assert found[1].endswith(
        "in 2027): the respondents who reach this question are another group, so its figures cannot be compared "
        "with 2026's unmarked. Add changes: {2026: \"gewijzigde routering\"} (the comparison is then not tested and "
        "marked), or same_group: [2026] when the group stayed the same"), found


@pytest.mark.parametrize("follow_up", [{"changes": {2026: "gewijzigde routering"}}, {"same_group": [2026]}])
def test_a_follow_up_of_a_question_whose_routing_changed_declared_or_judged_is_no_error(
        wave, tmp_path, monkeypatch, follow_up):
    root = _copy(wave, tmp_path)
    _route_maatwerk_intramural(root, **follow_up)
    assert [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"] == []


def test_an_alias_in_a_codebook_names_the_anchor_s_line_once(tmp_path):
    """Review: a 2027 codebook written by a script that gave two questions the same `changes` dict (dumped
    as an anchor and an alias) was refused with '... the anchor (&name) on line 427 on line 427'."""
    import yaml as pyyaml

    from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text
    text = "a:\n  changes: &x {2026: gewijzigd}\nb:\n  changes: *x\n"
    with pytest.raises(pyyaml.YAMLError) as err:
        pyyaml.load(text, Loader=StrictLoader)  # noqa: S506 (the strict, safe loader)
    assert yaml_error_text(err.value) == (
        "line 4, column 3: write each part out in full (anchors and aliases are not accepted) (an alias (*name or "
        "<<: *name) repeats the part with the anchor (&name) on line 2)")


# -- a codebook without the members approached ----------------------------------------------------------
def test_a_codebook_without_its_population_is_an_error_before_the_run(wave, tmp_path, monkeypatch):
    """Review: the 2027 codebook's `population` deleted (to be filled in once ActiZ has the count): check-year
    reported 0 errors, and the run stopped on Tabel B1 with a bare "TypeError: float() argument must be a
    string or a real number, not 'NoneType'"."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    del doc["population"]
    new_wave._write(path, header, doc)
    found = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert found == [
        "ERROR: [population] data/codebooks/2027.yml: no population (the members approached in 2027): Tabel B1 "
        "(respons) prints the response rate on it, and the run stops without it. Add population: <members "
        "approached> at the top of the codebook (2026: 360)"], found
