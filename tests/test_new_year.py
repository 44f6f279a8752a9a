"""A new wave without surprises: a made-up 2027 built with new-year, checked with check-year.

tests/new_wave.py makes 2027 differ from 2026 the way questionnaires do: a question added
(`wachtlijst_afspraken`), one dropped (`capaciteit_gesprek`), one question's options reworded with
an option added in questionnaire order ("Anders" moves from code 5 to 6) and the richttarief in a
label changed (`tariefpercentage`). The analyst's 2027 (`analyst_edits`, as docs/survey_years.md
says) gives a clean check-year and a right report: herschikking years, NPS rows in order, the long
series 2021-2023 from the 2026 report, the codeframe inherited, "Anders" in its row, the changed
question marked and not tested, a question unchanged since 2026 tested although its note names 2025.
The naive 2027 (`naive_edits`: the files edited by hand without the declarations) makes check-year
report every silent mismatch of the issue.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

import new_wave
from new_wave import DROPPED, NEW_KEY, NEW_OPTION, YEAR
from wlzmonitor.compute.year_result import load_year_result
from wlzmonitor.present.figures_text import KeyFigures
from wlzmonitor.present.table_html import not_asked_note
from wlzmonitor.run.data_outputs import write_data_outputs
from wlzmonitor.run.report_plan import plan
from wlzmonitor.spec.asked import asked_map
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.layout import load_layout
from wlzmonitor.spec.new_year import NewYearError, scaffold
from wlzmonitor.spec.published import load_published
from wlzmonitor.spec.year_check import YearCheckError, check_year


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    """The analyst's 2027 (new-year, then the questionnaire's changes as the docs say)."""
    root = new_wave.repository(tmp_path_factory.mktemp("wave"))
    scaffolded = new_wave.new_year(root)
    new_wave.analyst_edits(root)
    load_config.cache_clear()
    return root, scaffolded


@pytest.fixture(scope="module")
def naive(tmp_path_factory):
    """The 2027 files edited by hand, without was, changes, the codeframe or guarded prose."""
    root = new_wave.repository(tmp_path_factory.mktemp("naive"))
    new_wave.new_year(root)
    new_wave.naive_edits(root)
    load_config.cache_clear()
    return root


def _config(root):
    load_config.cache_clear()
    return load_config(root)


# -- new-year -------------------------------------------------------------------------------------
def test_new_year_scaffolds_the_wave_from_the_latest(tmp_path):
    root = new_wave.repository(tmp_path)
    result = new_wave.new_year(root)
    config = _config(root)
    assert result.source == 2026 and YEAR in config.years
    codebook = load_codebook(root / "data" / "codebooks" / f"{YEAR}.yml")
    assert codebook.title.endswith("2027") and codebook.fieldwork.start.year == 2026
    assert "voor 2027" in codebook.question("tevredenheid_tarief").text
    assert codebook.question("transitie_afspraken").changes == {2024: "gewijzigde antwoordcategorieën",
                                                               2025: "gewijzigde antwoordcategorieën"}
    raw = yaml.safe_load((root / "data" / "reports" / str(YEAR) / "tables.yml").read_text(encoding="utf-8"))
    assert not any("number" in t or "note" in t or "published" in t for t in raw["tables"])  # derived, not typed
    layout = load_layout(root / "data" / "reports" / str(YEAR) / "tables.yml")
    assert [t.number for t in layout.tables][:3] == ["Tabel 1", "Tabel 2", "Tabel 3"]
    assert layout.table("maatwerk").columns == (2025, 2026, 2027)  # the last three waves
    assert layout.table("eisen_zorgkantoor").columns == (2021, 2022, 2023, 2024, 2025, 2026, 2027)  # long series
    assert layout.table("hlo_themas").columns == (2026, 2027)
    assert layout.table("nps__uitvoerder").rows == ("Critici", "Neutralen", "Fans", "NPS 2025", "NPS 2026",
                                                    "NPS 2027", "Totaal (N)")
    assert not layout.table("herschikking_intramuraal").column_labels  # from the codebook's year_offset
    frames = (root / "data" / "codeframes" / f"{YEAR}.yml").read_text(encoding="utf-8")
    assert "\nyear: 2027\n" in frames and "\ncorrections:" not in frames  # its own corrections file
    assert any("richttariefpercentage 95,5%" in line for line in result.todo)  # a figure of the year in a label
    assert any(line.startswith("data/quotes/2027.yml: the Kerncijfers page's quotes") for line in result.todo)
    with pytest.raises(NewYearError, match="does not overwrite"):
        scaffold(YEAR, config)
    assert scaffold(YEAR, config, force=True).files


# -- check-year -----------------------------------------------------------------------------------
@pytest.mark.parametrize("year", (2024, 2025, 2026))
def test_check_year_is_clean_on_the_shipped_years(year):
    result = check_year(year)
    assert result.clean, result.text()


def test_a_year_without_approved_quotes_is_warned(wave, tmp_path):
    """Review: the 2027 Kerncijfers page lost the quotes 2026 had, without a word."""
    root, _ = wave
    def quotes(found):
        return [f.text() for f in found.findings if f.kind == "files" and "quotes" in f.text()]

    assert quotes(check_year(YEAR, _config(root))) == []  # the analyst's empty file: on purpose
    copy = tmp_path / "repo"
    shutil.copytree(root, copy)
    (copy / "data" / "quotes" / f"{YEAR}.yml").unlink()
    said = quotes(check_year(YEAR, _config(copy)))
    assert len(said) == 1 and "no approved quotes for 2027 (2026 has " in said[0] and "2026.yml)" in said[0]


def test_check_year_is_clean_on_the_analysts_2027(wave):
    root, _ = wave
    result = check_year(YEAR, _config(root))
    assert result.clean, result.text()
    notes = result.text()
    assert "2026 option 5 ‘Anders, namelijk’ is 2027 option 6" in notes  # decided safely, and said
    assert "2021, 2022 en 2023 from the published 2026 report" in notes
    assert "2027 as 2026" in notes  # herschikking year
    assert f"'{DROPPED}' was asked in" in notes


def _find(result, level: str, kind: str, *words: str) -> list[str]:
    return [f.text() for f in result.findings if f.level == level and f.kind == kind
            and all(w in f.text() for w in words)]


def test_check_year_reports_every_silent_mismatch(naive):
    result = check_year(YEAR, _config(naive))
    layout = f"data/reports/{YEAR}/tables.yml:"
    codebook = f"data/codebooks/{YEAR}.yml:"
    # the dropped question still in the layout: file, line and table
    assert _find(result, "error", "dropped", layout, "Tabel 18 (capaciteit_gesprek)", "asked in 2026")
    # herschikking: the new column printed as the herschikking year, and said so
    assert _find(result, "note", "labels", "(herschikking_intramuraal)", "2027 as 2026")
    # "NPS 2027" after "Totaal (N)": printed in year order
    assert _find(result, "note", "nps_rows", "NPS 2026, NPS 2027, Totaal (N)")
    # the long series from the 2026 report
    assert _find(result, "note", "series", "(eisen_zorgkantoor)", "2021, 2022 en 2023 from the published 2026 report")
    # a routing note copied from 2026 naming a question by its old number (Bijlage 4 prints it)
    assert _find(result, "warning", "codes", "(Vraag 4 zorgtype)", "routing_note is 2026's",
                 "vraag 31 (mpt_voorliggend, now vraag 30)")
    # no codeframe while 2026 has one
    assert _find(result, "warning", "codeframe", "no codeframe for 2027")
    # a note about 2025 kept on a table of 2026-2027
    assert _find(result, "error", "note", "behandeling_verhouding", "does not apply")
    # option codes: the richttarief label changed without a declaration; Anders renumbered; the old
    # codes left in the layout rows, the text field and a notebook sentence
    assert _find(result, "error", "codes", codebook, "tariefpercentage", "option 1", "changed its meaning")
    assert _find(result, "note", "codes", "2026 option 5 ‘Anders, namelijk’ is 2027 option 6")
    assert _find(result, "warning", "codes", "Tabel 1 (tariefpercentage)", "rows")
    assert _find(result, "warning", "codes", "text_field options [5]")
    assert _find(result, "warning", "codes", "notebooks/01_tarieven.py", "{tariefpercentage:5}")
    # the changed question compared across the change, without `changes`
    assert _find(result, "error", "changes", "tariefpercentage", "the options", NEW_OPTION)  # review: was a warning
    # a new question no chapter shows
    assert _find(result, "warning", "not_shown", NEW_KEY, "no chapter shows this table")
    # typed numbers and a mistyped placeholder in a notebook
    assert _find(result, "error", "prose", "notebooks/01_tarieven.py", "‘Tabel 3’ typed")
    assert _find(result, "error", "prose", "{Maatwerk:1}", "did you mean ‘{maatwerk:1}’")
    # the shared notebook in the 2026 report: a sentence about a question only 2027 asked
    earlier = check_year(2026, _config(naive))
    assert _find(earlier, "warning", "prose", NEW_KEY, "2026 did not ask", "chapter.asked")
    # review: the warning said "the sentence" while the page lost every sentence of the call
    assert _find(earlier, "warning", "prose", NEW_KEY, "the whole chapter.text call, every sentence in it, is left out")
    # run_all stops before computing anything (exit 2: an InputError)
    with pytest.raises(YearCheckError, match="check-year 2027: [1-9]"):
        plan(YEAR, config=_config(naive))


# -- the 2027 result (slow: computes every table of 2027 with 2024-2026 beside it) -------------------
@pytest.fixture(scope="module")
def result(wave):
    root, _ = wave
    return load_year_result(YEAR, _config(root))


@pytest.mark.slow
def test_herschikking_years_and_nps_rows(result):
    table = result.tables["herschikking_intramuraal"]
    assert list(dict.fromkeys(table["column"].astype(str))) == ["2024", "2025", "2026"]
    rows = list(dict.fromkeys(result.tables["nps__uitvoerder"]["row"].astype(str)))
    assert rows == ["Critici", "Neutralen", "Fans", "NPS 2025", "NPS 2026", "NPS 2027", "Totaal (N)"]


@pytest.mark.slow
def test_the_long_series_comes_from_the_published_2026_report(wave, result):
    root, _ = wave
    cells, _ = load_published(2026, root=root)
    for key, number, row in (("eisen_zorgkantoor", "Tabel 31", 1), ("nps", "Tabel 37", "NPS")):
        table = result.tables[key]
        own = table[table["row_code"] == row].set_index("column_code")["value"]
        printed = cells[(cells["table"] == number) & (cells["column"].isin(["2021", "2022", "2023"]))]
        printed = printed[printed["row_index"] == printed["row_index"].min() if row == 1 else printed["row"] == "NPS"]
        assert [own[y] for y in (2021, 2022, 2023)] == printed["value"].tolist()


@pytest.mark.slow
def test_options_are_matched_by_meaning(result):
    table = result.tables["tariefpercentage"]
    before = result.history.surveys[2026].responses["tariefpercentage"].dropna()
    anders = table[(table["row_code"] == 6) & (table["column_code"] == 2026)]["value"].iloc[0]
    assert anders == pytest.approx(100 * (before == 5).sum() / len(before))  # 2026's Anders in the Anders row
    assert table[(table["row_code"] == 5) & (table["column_code"] == 2026)].empty  # the new option: no 2026
    assert str(table[table["row_code"] == 6]["row"].iloc[0]) == "Anders, namelijk"


@pytest.mark.slow
def test_changed_question_marked_and_not_tested_unchanged_one_tested(result, tmp_path):
    assert "tariefpercentage" not in set(result.changes["table_key"])
    assert "transitie_afspraken" in set(result.changes["table_key"])  # its note is about 2025, not 2026
    spec = result.layout.table("tariefpercentage")
    assert spec.changes == {2025: "gewijzigde antwoordcategorieën", 2026: "gewijzigde antwoordcategorieën"}
    figures = KeyFigures(YEAR, {s.key: s for s in result.layout.tables}, result.tables)
    text, notes = figures.fill_notes("{tariefpercentage:6} ({tariefpercentage:6@trend}), {tariefpercentage:6@vorig}.")
    assert text == "29% (2026: 29%¹, 2025: 13%¹), 29%²."
    assert notes == ["¹ In 2026 en 2025 was de vraag anders gesteld dan in 2027 (gewijzigde antwoordcategorieën); "
                     "de cijfers zijn niet zonder meer vergelijkbaar.",
                     "² In 2026 was de vraag anders gesteld dan in 2027 (gewijzigde antwoordcategorieën); "
                     "de cijfers zijn niet zonder meer vergelijkbaar."]
    write_data_outputs(result, tmp_path)
    tidy = pd.read_csv(tmp_path / "tables" / "tariefpercentage.csv", keep_default_na=False, dtype=str)
    assert set(tidy[tidy["column"] == "2027"]["note"]) == {""}
    assert set(tidy[tidy["column"] == "2026"]["note"]) == {"gewijzigde antwoordcategorieën (vraag 2026 anders dan "
                                                           "in het enquêtejaar)"}


@pytest.mark.slow
def test_a_caveat_about_a_changed_question_follows_the_years_that_differ(result, result_2026, tmp_path):
    """Review: 02_capaciteit's 2026 caveat ('niet te vergelijken met eerdere jaren') was printed in
    2027 above a table that tests 2027 against 2026 (the same wording). chapter.changed lists the
    earlier years whose question differed; the notebook prints the caveat under it."""
    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.present.figures_text import FigureError

    config = load_config()
    now = Chapter("02_capaciteit", "2", YEAR, result, config, tmp_path)
    assert now.changed("leveringsvormen") == [2025] and now.changed("maatwerk") == []
    assert Chapter("02_capaciteit", "2", 2026, result_2026, config, tmp_path).changed("leveringsvormen") == [2024, 2025]
    with pytest.raises(FigureError, match="no table 'leveringsvorm'"):
        now.changed("leveringsvorm")
    notebook = (Path(__file__).resolve().parents[1] / "notebooks" / "02_capaciteit.py").read_text(encoding="utf-8")
    assert 'if chapter.changed("leveringsvormen"):' in notebook


@pytest.mark.slow
def test_numbers_codeframe_and_what_other_years_did_not_ask(wave, result):
    root, _ = wave
    assert result.layout.table(NEW_KEY).number == "Tabel 20"  # after urgent_wachtenden, numbered by the order
    assert result.layout.table("herschikking_intramuraal").number == "Tabel 21"
    assert result.coded is not None and "kwaliteit_speerpunten" in set(result.coded["question"])
    assert DROPPED not in set(result.coded["question"])
    figures = KeyFigures(YEAR, {s.key: s for s in result.layout.tables}, result.tables,
                         questions={q.key: q.number_label for q in result.codebook.questions})
    assert figures.fill(f"{{tabel:{NEW_KEY}}}, {{vraag:{NEW_KEY}}}") == "Tabel 20, Vraag 32"
    config = _config(root)
    layout_2026 = load_layout(config.years[2026].layout)
    asked_2026 = asked_map(layout_2026, config, load_codebook(config.years[2026].codebook))
    assert asked_2026.not_asked(NEW_KEY) and not_asked_note(NEW_KEY, asked_2026) == ""  # never "Tabel 20 uit 2027"
    note = not_asked_note(DROPPED, result.asked)
    assert "(gesteld in 2026) is in 2027 niet gesteld" in note and "Tabel" not in note


# -- the whole 2027 report -------------------------------------------------------------------------
@pytest.mark.slow  # runs every chapter notebook
def test_the_2027_report(wave):
    from wlzmonitor.run.report_run import build_report

    root, _ = wave
    summary = build_report(YEAR, force=True, config=_config(root), log=lambda _: None)
    assert summary.ok, summary.message
    out = summary.target
    page = (out / "01_tarieven.html").read_text(encoding="utf-8")
    assert "Niet getoetst tegen 2026: gewijzigde antwoordcategorieën." in page
    assert "(de vraag van 2025 en 2026 verschilt van die van 2027)" in page
    assert "Een percentage per prestatie" in page
    page = (out / "02_capaciteit.html").read_text(encoding="utf-8")
    assert "(Tabel 20, Vraag 32)" in page and "Tabel 20 – Heeft u met het zorgkantoor afspraken" in page
    assert "(gesteld in 2026) is in 2027 niet gesteld." in page
    assert "Niet getoetst tegen 2026" not in page.split("Tabel 17 –")[0].split("Tabel 16 –")[-1]
    page = (out / "03_herschikking.html").read_text(encoding="utf-8")
    assert re.search(r"<th[^>]*>2026</th>", page) and not re.search(r"<th[^>]*>2027</th>", page)
    page = (out / "05_inkoopbeleid_nps.html").read_text(encoding="utf-8")
    assert re.search(r"2023: \+15, 2022: \+8, 2021: \+25\)", page)  # the NPS sentence with the long series
    assert (out / "figures" / "05_inkoopbeleid_nps_nps_verloop.png").exists()
    assert "Speerpunten kwaliteit (Vraag 6)" in (out / "04_kwaliteit_innovatie.html").read_text(encoding="utf-8")
    for stem in ("01_tarieven", "02_capaciteit", "05_inkoopbeleid_nps"):
        assert "{" not in re.sub(r"<style.*?</style>", "", (out / f"{stem}.html").read_text(encoding="utf-8"),
                                 flags=re.S).split("<body")[-1]


@pytest.mark.slow  # copies the made-up wave
def test_a_question_whose_type_changed_is_caught_until_declared(wave, tmp_path):
    """Vraag 11 becomes a multiple-response question in 2027: its single-choice tables and the
    comparison with 2026 are errors; declared (changes, table kinds) the year is clean again."""
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(wave[0], root)
    codebook = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(codebook)
    question = next(q for q in doc["questions"] if q["key"] == "maatwerk")
    question["type"] = "multi"
    new_wave._write(codebook, header, doc)
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "changes", "Vraag 11 maatwerk", "a multi question in 2027 but a single "
                 "question in 2026", 'changes: {2026: "gewijzigde vraagstelling"}')
    kinds = _find(found, "error", "codes", "a 'single' table of 'maatwerk', which is a multi question")
    assert len(kinds) == 2  # Tabel 3 and its breakdown Tabel B9
    question["changes"] = {**question.get("changes", {}), 2026: "gewijzigde vraagstelling"}
    new_wave._write(codebook, header, doc)
    layout = root / "data" / "reports" / str(YEAR) / "tables.yml"
    text = layout.read_text(encoding="utf-8")
    tables = yaml.safe_load(text)
    for table in tables["tables"] if isinstance(tables, dict) else tables:
        if table.get("question") == "maatwerk":
            table["kind"] = "multi"
    layout.write_text(yaml.safe_dump(tables, allow_unicode=True, sort_keys=False), encoding="utf-8")
    again = check_year(YEAR, _config(root))
    assert not _find(again, "error", "changes", "maatwerk") and not _find(again, "error", "codes", "maatwerk")


def _edited_wave(wave, tmp_path, key: str, edit) -> Path:
    """A copy of the analyst's 2027 with the question `key` of its codebook edited by `edit(question)`."""
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(wave[0], root)
    codebook = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(codebook)
    edit(next(q for q in doc["questions"] if q["key"] == key))
    new_wave._write(codebook, header, doc)
    return root


def _relabel_meerzorg(question):
    next(i for i in question["items"] if i["code"] == "meerzorg")["label"] = "Zorgverzekeringswet (Zvw)"


def _swap_statements(question):
    first, second = question["items"][0], question["items"][1]
    first["label"], second["label"] = second["label"], first["label"]


def _scale_of_ten(question):
    question["range"], question["range_labels"] = [1, 10], {1: "zeer laag", 10: "zeer hoog"}


def _end_labels(question):
    question["range_labels"] = {1: "zeer hoog", 5: "zeer laag"}  # the scale turned round


@pytest.mark.slow  # copies the made-up wave
@pytest.mark.parametrize(("key", "edit", "words"), [
    ("geldstromen_belasting", _relabel_meerzorg,
     ("item meerzorg is ‘Zorgverzekeringswet (Zvw)’ in 2027 but ‘Meerzorg’ in 2026",)),
    ("kwaliteit_dialoog", _swap_statements, ("in 2027 but", "in 2026: its 2026 figures would be printed")),
    ("geldstromen_belasting", _scale_of_ten, ("the scale is 1–10 (1 = zeer laag; 10 = zeer hoog) in 2027 but "
                                              "1–5 (1 = zeer laag; 5 = zeer hoog) in 2026",)),
    ("geldstromen_belasting", _end_labels, ("the scale is 1–5 (1 = zeer hoog; 5 = zeer laag) in 2027",)),
])
def test_a_changed_item_or_scale_is_an_error_until_declared(wave, tmp_path, key, edit, words):
    """The earlier waves' figures of a matrix row, a scale statement or a scale would be printed
    (and compared) under a new meaning: an error, until changes says so (then marked, not tested)."""
    root = _edited_wave(wave, tmp_path, key, edit)
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "changes", key, *words), found.text()

    def declared(question):
        edit(question)
        question["changes"] = {**question.get("changes", {}), 2026: "gewijzigde vraagstelling"}

    again = check_year(YEAR, _config(_edited_wave(wave, tmp_path / "declared", key, declared)))
    assert not _find(again, "error", "changes", key), again.text()


@pytest.mark.slow  # copies the made-up wave
@pytest.mark.parametrize("offset", [None, -2, 1])
def test_a_year_offset_other_than_the_previous_wave_s_is_an_error(wave, tmp_path, offset):
    """Herschikking is about the year before; a 2027 codebook that drops or changes year_offset
    would print the earlier columns' years wrong (2025 2026 2027 for 2024 2025 2026): an error,
    also with changes (the printed years would still be wrong)."""
    def edit(question):
        if offset is None:
            question.pop("year_offset", None)
        else:
            question["year_offset"] = offset
        question["changes"] = {**question.get("changes", {}), 2026: "gewijzigde vraagstelling"}

    root = _edited_wave(wave, tmp_path, "herschikking_intramuraal", edit)
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "changes", "herschikking_intramuraal",
                 f"year_offset {offset or 0} in 2027 but -1 in 2026"), found.text()


@pytest.mark.slow  # copies the made-up wave
def test_members_approached_against_the_population_file(wave, tmp_path):
    """The 2027 codebook says 370 members were approached; config/population.yml still has 360: the
    response rate and the representativeness table would use different totals."""
    def edit(question):
        pass

    root = _edited_wave(wave, tmp_path, "maatwerk", edit)
    codebook = root / "data" / "codebooks" / f"{YEAR}.yml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace("\npopulation: 360", "\npopulation: 370", 1),
                        encoding="utf-8")
    found = check_year(YEAR, _config(root))
    assert _find(found, "warning", "population", "population: 370 members approached in 2027, but ",
                 "config/population.yml has members: 360"), found.text()
    population = root / "config" / "population.yml"
    text = population.read_text(encoding="utf-8").replace("members: 360", "members: 370")
    population.write_text(text.replace("1: 150", "1: 160").replace("5: 30", "5: 40"), encoding="utf-8")  # margins add up
    again = check_year(YEAR, _config(root))
    assert not _find(again, "warning", "population"), again.text()


@pytest.mark.slow  # copies the made-up wave
def test_a_population_file_per_year_keeps_the_earlier_reports(wave, tmp_path):
    """Review: following step 4 for 2027 (config/population.yml to 370 members) changed the 2026
    report's comparison with the members (Totaal 370) and check-year 2026 then advised the opposite.
    With `weighting: population: config/population_{year}.yml` each year has its own members; the
    single file's warning says so; new-year copies the last year's file."""
    from wlzmonitor.compute.year_result import load_year_result, population_of
    from wlzmonitor.spec.codebook_parse import codebook_for_year, load_codebook
    from wlzmonitor.spec.new_year import scaffold

    root = tmp_path / "repo"
    shutil.copytree(wave[0], root)
    report = root / "config" / "report.yml"
    single = root / "config" / "population.yml"
    codebook = root / "data" / "codebooks" / f"{YEAR}.yml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace("\npopulation: 360", "\npopulation: 370", 1),
                        encoding="utf-8")
    found = check_year(YEAR, _config(root))
    assert _find(found, "warning", "population", "it serves every year, so first give each year a file of its own")
    # a file per year: 2026 keeps its 360, 2027 gets 370
    for year in (2024, 2025, 2026):
        shutil.copy(single, root / "config" / f"population_{year}.yml")
    text = single.read_text(encoding="utf-8").replace("members: 360", "members: 370")
    (root / "config" / f"population_{YEAR}.yml").write_text(text.replace("1: 150", "1: 160").replace("5: 30", "5: 40"),
                                                          encoding="utf-8")
    single.unlink()
    body = report.read_text(encoding="utf-8")
    assert "\n  population: config/population.yml\n" in body
    report.write_text(body.replace("\n  population: config/population.yml\n",
                                   "\n  population: config/population_{year}.yml\n"), encoding="utf-8")
    config = _config(root)
    assert config.population_per_year and config.population_for(2026).name == "population_2026.yml"
    (root / "config" / f"population_{YEAR}.yml").rename(root / "config" / "elders.yml")
    assert _find(check_year(YEAR, _config(root)), "warning", "population", f"no member population for {YEAR}")
    (root / "config" / "elders.yml").rename(root / "config" / f"population_{YEAR}.yml")
    config = _config(root)
    assert not _find(check_year(YEAR, config), "warning", "population")
    assert not _find(check_year(2026, config), "warning", "population")
    cb_now, cb_then = load_codebook(root / "data" / "codebooks" / f"{YEAR}.yml"), codebook_for_year(2026)
    assert population_of(config, 2026, cb_then).members == 360 and population_of(config, YEAR, cb_now).members == 370
    earlier = load_year_result(2026, config)
    assert earlier.population.members == 360
    weighted = config.weighted()
    result = load_year_result(YEAR, weighted)
    assert set(result.weights) >= {2025, 2026, YEAR}
    # each year raked to its own year's members (2026 to 360, 2027 to 370 with other shares)
    from wlzmonitor.compute.weighting import rake

    margins = config.statistics.weighting_margins
    for year in (2026, YEAR):
        own = rake(result.history.surveys[year].responses if year != YEAR else result.survey.responses,
                   population_of(config, year, cb_now if year == YEAR else cb_then), margins)
        pd.testing.assert_series_equal(result.weights[year].values, own.values)
    other = rake(result.history.surveys[2026].responses, population_of(config, YEAR, cb_now), margins)
    assert not other.values.equals(result.weights[2026].values)
    plan = scaffold(2028, config, source=YEAR, force=True)
    assert plan.files.get("config/population_2028.yml") == (root / "config" / f"population_{YEAR}.yml").read_text(
        encoding="utf-8")


@pytest.mark.slow  # copies the made-up wave
def test_a_numeric_question_s_bound_is_no_scale(wave, tmp_path):
    """A numeric question's range bounds valid answers; tightening it changes no figure's meaning."""
    def edit(question):
        question["range"] = [0, 5000]

    root = _edited_wave(wave, tmp_path, "pgb_aantal", edit)
    found = check_year(YEAR, _config(root))
    assert not _find(found, "error", "changes", "pgb_aantal"), found.text()

