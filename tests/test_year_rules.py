"""The rules a new wave rests on, on small hand-made inputs: prose that cannot fail silently,
options matched by meaning, numbers from the order, changes and their marks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sweeps import first_fast
from wlzmonitor.present.figures_text import FigureError, KeyFigures
from wlzmonitor.present.table_files import tidy_csv_bytes
from wlzmonitor.spec.codebook import Option, Question
from wlzmonitor.spec.layout import (
    TableSpec,
    assigned_numbers,
    derived_note,
    effective_changes,
    layout_for_year,
    nps_rows_in_order,
)
from wlzmonitor.spec.notebook_scan import scan_notebook
from wlzmonitor.spec.option_match import match_options, same_text

ROOT = Path(__file__).resolve().parents[1]

SPEC = TableSpec(key="maatwerk", number="Tabel 3", chapter="01_tarieven", question="maatwerk", kind="single",
                 rows=(1, 2), columns=(2025, 2026, 2027), changes={2025: "gewijzigde vraagstelling",
                                                                     2026: "gewijzigde vraagstelling"})
TABLE = pd.DataFrame({
    "row": ["Ja"] * 3 + ["Nee"] * 3, "column": ["2025", "2026", "2027"] * 2,
    "value": [35.0, 22.0, 20.0, 65.0, 78.0, 80.0], "n": [112.0, 122.0, 120.0] * 2,
    "row_code": [1, 1, 1, 2, 2, 2], "column_code": [2025, 2026, 2027] * 2,
})


def _figures() -> KeyFigures:
    return KeyFigures(2027, {"maatwerk": SPEC}, {"maatwerk": TABLE}, questions={"maatwerk": "Vraag 11"})


# -- prose that cannot fail silently ----------------------------------------------------------------
@pytest.mark.parametrize("template, named", [
    ("In {jaar} vroeg {maatwerk:1 om maatwerk.", "‘{maatwerk:1 om maatwerk.’ has no closing brace"),
    ("{Maatwerk:1} vroeg om maatwerk.", "did you mean ‘{maatwerk:1}’"),
    ("{ maatwerk:1} vroeg om maatwerk.", "did you mean ‘{maatwerk:1}’"),
    ("{maatwerk;1} vroeg om maatwerk.", "did you mean ‘{maatwerk:1}’"),
    ("In {jaar } vroeg {maatwerk:1} om maatwerk.", "did you mean ‘{jaar}’"),
    ("Een losse } accolade.", "without its"),
])
def test_a_mistyped_placeholder_stops_the_chapter(template, named):
    with pytest.raises(FigureError) as err:
        _figures().fill(template)
    assert named in str(err.value)


def test_a_wrong_row_lists_the_valid_rows():
    with pytest.raises(FigureError, match=r"has no row '3'; it has 1 \(Ja\), 2 \(Nee\)"):
        _figures().fill("{maatwerk:3}")
    with pytest.raises(FigureError, match="did you mean 'maatwerk'"):
        _figures().fill("{maatwrk:1}")


def test_numbers_from_the_layout_and_the_codebook():
    assert _figures().fill("{tabel:maatwerk} ({vraag:maatwerk})") == "Tabel 3 (Vraag 11)"
    with pytest.raises(FigureError, match="no question 'onbekend'"):
        _figures().fill("{vraag:onbekend}")
    assert assigned_numbers(["01", "01", "bijlage_1", "02", "bijlage_2"]) == [
        "Tabel 1", "Tabel 2", "Tabel B1", "Tabel 3", "Tabel B2"]
    numbers = [t.number for t in layout_for_year(2026).tables]  # nothing typed: the published numbers
    assert numbers == [f"Tabel {i}" for i in range(1, 39)] + [f"Tabel B{i}" for i in range(1, 38)]


def test_no_number_is_typed_into_a_notebook():
    for path in sorted((ROOT / "notebooks").glob("*.py")):
        scan = scan_notebook(path)
        assert scan.error is None and scan.typed_numbers == (), path.name


def test_comparisons_across_a_change_get_a_footnote():
    text, notes = _figures().fill_notes("{maatwerk:1} ({maatwerk:1@trend}); vorig jaar {maatwerk:1@vorig}.")
    assert text == "20% (2026: 22%¹, 2025: 35%¹); vorig jaar 22%²."
    assert notes[0] == ("¹ In 2026 en 2025 was de vraag anders gesteld dan in 2027 (gewijzigde vraagstelling); "
                        "de cijfers zijn niet zonder meer vergelijkbaar.")
    unchanged = KeyFigures(2027, {"maatwerk": TableSpec(**{**SPEC.__dict__, "changes": {}})}, {"maatwerk": TABLE})
    assert unchanged.fill_notes("{maatwerk:1@trend}") == ("2026: 22%, 2025: 35%", [])
    alone = TABLE[TABLE["column_code"] == 2027]
    assert KeyFigures(2027, {"maatwerk": SPEC}, {"maatwerk": alone}).fill("({maatwerk:1@trend})") == \
        "(geen eerdere cijfers)"  # never "()"


def test_the_csv_notes_the_years_asked_differently():
    lines = tidy_csv_bytes(TABLE, SPEC).decode().splitlines()
    assert lines[0].endswith(",note")
    assert lines[1].endswith(",gewijzigde vraagstelling (vraag 2025 anders dan in het enquêtejaar)")
    assert lines[3].endswith(",")  # 2027: the survey year itself


# -- changes ------------------------------------------------------------------------------------------
def test_a_change_holds_for_the_years_beyond_it():
    assert effective_changes({2026: "a"}, [2024, 2025, 2026, 2027], 2027) == {2024: "a", 2025: "a", 2026: "a"}
    assert effective_changes({2024: "b"}, [2024, 2025, 2026], 2026) == {2024: "b"}  # 2025 was asked as 2026
    assert effective_changes({2024: "b", 2026: "a"}, [2024, 2025, 2026], 2027) == {2024: "b", 2025: "a", 2026: "a"}
    assert derived_note({2025: "a"}, [2026, 2027], 2027) is None  # a note about 2025 does not apply


def test_nps_rows_in_year_order_with_the_survey_year():
    rows = ("Critici", "Neutralen", "Fans", "NPS 2025", "NPS 2026", "Totaal (N)", "NPS 2027")
    assert nps_rows_in_order(rows, 2027) == ("Critici", "Neutralen", "Fans", "NPS 2025", "NPS 2026", "NPS 2027",
                                             "Totaal (N)")
    assert nps_rows_in_order(rows[:6], 2027)[-2:] == ("NPS 2027", "Totaal (N)")


# -- options matched by meaning ------------------------------------------------------------------------
def _q(options, key="tarief") -> Question:
    return Question(key=key, number="10", text="Welk tariefpercentage?", type="single", options=tuple(options))


OLD = _q([Option(1, "Het landelijk richttariefpercentage 95,5%"), Option(2, "Hoger"), Option(3, "Overeenkomst 2026"),
          Option(4, "Anders, namelijk")])


def test_a_new_option_in_questionnaire_order_moves_anders_by_its_label():
    new = _q([Option(1, "Het landelijk richttariefpercentage 96,0%", was={2026: 1}), Option(2, "Hoger"),
              Option(3, "Overeenkomst 2027"), Option(4, "Een percentage per prestatie"), Option(5, "Anders, namelijk:")])
    match = match_options(new, OLD, 2027, 2026)
    assert match.mapping == {1: 1, 2: 2, 3: 3, 4: 5} and match.renumbered == {4: 5}
    assert match.new == (4,) and match.problems == () and match.gone == ()
    assert same_text("Overeenkomst 2027", "Overeenkomst 2026", 1)


def test_a_label_changed_at_the_same_code_is_a_problem_until_declared():
    new = _q([Option(1, "Het landelijk richttariefpercentage 96,0%"), Option(2, "Hoger"),
              Option(3, "Overeenkomst 2027"), Option(4, "Een percentage per prestatie")])
    match = match_options(new, OLD, 2027, 2026)
    assert len(match.problems) == 2 and 1 not in match.mapping and 4 not in match.mapping
    assert "was: {2026: 1}" in match.problems[0]
    declared = _q([Option(1, "Het landelijk richttariefpercentage 96,0%", was={2026: 1}), Option(2, "Hoger"),
                   Option(3, "Overeenkomst 2027"), Option(4, "Een percentage per prestatie", was={2026: None})])
    match = match_options(declared, OLD, 2027, 2026)
    assert match.problems == () and match.mapping == {1: 1, 2: 2, 3: 3} and match.gone == (4,) and match.new == (4,)


def test_a_was_naming_a_code_the_year_did_not_have():
    new = _q([Option(1, "X", was={2026: 9})])
    assert "has no option 9" in match_options(new, OLD, 2027, 2026).problems[0]


def test_the_commands(capsys):
    from wlzmonitor.cli import main

    assert main(["check-year", "--year", "2026"]) == 0  # clean: notes only
    out = capsys.readouterr().out
    assert out.startswith("check-year 2026: 0 errors, 0 warnings,") and "note: [comparison]" in out
    assert main(["new-year", "--year", "2026"]) == 2  # refuses to overwrite (an InputError)
    assert "does not overwrite" in capsys.readouterr().err


@pytest.mark.parametrize(("placeholder", "words"), first_fast([
    ("{herschikking_intramuraal:1@2026}", "has no column '2026' in 2026 (its columns as printed: 2023, 2024, 2025"),
    ("{herschikking_intramuraal:1@trnd}", "has no column 'trnd'"),
    ("{herschikking_intramuraal:1@2019}", "has no column '2019'"),
    ("(35%)", "‘35%’ typed into the prose"),  # a warning: a policy figure can be meant
]))
def test_a_placeholder_column_the_table_does_not_print_is_an_error(tmp_path, placeholder, words):
    """Caught by check-year (which a run does first), not only when the chapter runs."""
    import new_wave
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.year_check import check_year

    repo = new_wave.repository(tmp_path)
    load_config.cache_clear()
    notebook = repo / "notebooks" / "03_herschikking.py"
    text = notebook.read_text(encoding="utf-8")
    marker = '"{herschikking_intramuraal:1+2} ({herschikking_intramuraal:1+2@trend})."'
    assert marker in text
    notebook.write_text(text.replace(marker, marker[:-2] + f' {placeholder}."'), encoding="utf-8")
    result = check_year(2026, load_config(repo))
    level = "warning" if "typed into the prose" in words else "error"
    assert any(f.level == level and f.kind == "prose" and words in f.message for f in result.findings), \
        result.text()
    good = text.replace(marker, marker[:-2] + ' {herschikking_intramuraal:1@2024} {herschikking_intramuraal:1@vorig}."')
    notebook.write_text(good, encoding="utf-8")
    assert check_year(2026, load_config(repo)).clean


@pytest.mark.parametrize(("line", "typed"), [
    ("Zie Tabel 18 voor de cijfers.", ["Tabel 18"]),
    ("In de tabellen 21 en 22 staat het.", ["tabellen 21"]),
    ("Tabellen B5 en B6.", ["Tabellen B5"]),
    ("Bij vragen 33 en 34.", ["vragen 33"]),
    ("Vraag\u00a06 gaat over het tarief.", ["Vraag\u00a06"]),
    ("De tabellen hieronder en 21 organisaties.", []),
])
def test_typed_table_and_question_numbers(line, typed):
    from wlzmonitor.spec.prose import TYPED_NUMBER

    assert TYPED_NUMBER.findall(line) == typed



def test_markdown_and_key_figure_cards_are_scanned(tmp_path):
    """Fixed text in markdown cells and the Kerncijfers cards are read by check-year (review): a claim
    of change next to a typed figure in markdown and a typed figure are warnings (a policy figure can
    be meant); each card is its placeholder {key:row}."""
    from wlzmonitor.spec.notebook_scan import scan_notebook
    from wlzmonitor.spec.prose import markdown_problems

    path = tmp_path / "01_x.py"
    path.write_text(
        "# %% [markdown]\n# In 2026 vroeg 46% om maatwerk, een significante stijging ten opzichte\n"
        "# van 2025 (35%).\n#\n# Onder elke tabel staat of een verandering significant is.\n\n"
        "# %%\nchapter.key_figures(\n    (\"maatwerk\", 1, \"vroeg om maatwerk\"),\n"
        "    (\"nps\", \"NPS\", \"NPS\"),\n)\n# a comment, no markdown: 50% here is code\n",
        encoding="utf-8")
    scan = scan_notebook(path)
    assert scan.markdown == ((2, "In 2026 vroeg 46% om maatwerk, een significante stijging ten opzichte van 2025 "
                                 "(35%)."), (5, "Onder elke tabel staat of een verandering significant is."))
    assert [(c.method, c.arg, c.line) for c in scan.of("key_figure")] == [
        ("key_figure", "{maatwerk:1}", 9), ("key_figure", "{nps:NPS}", 10)]
    problems = markdown_problems(scan.markdown[0][1])
    assert len(problems) == 2 and "says 'stijging' in fixed text" in problems[0]
    assert markdown_problems(scan.markdown[1][1]) == []  # the method: no typed figure
    assert markdown_problems("Een verschil met 2025 is significant als p < 0,05.") == []


def test_check_year_reads_markdown_and_cards(tmp_path):
    import new_wave
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.year_check import check_year

    root = new_wave.repository(tmp_path)
    path = root / "notebooks" / "00_kerncijfers.py"
    path.write_text(path.read_text(encoding="utf-8").replace('("maatwerk", 1,', '("maatwerk", 7,', 1)
                    + "\n# %% [markdown]\n# In 2026 daalde het aandeel naar 22 procent.\n"
                    + "#\n# Het aandeel met maatwerk\n# ({maatwerk:1}) is significant gestegen.\n", encoding="utf-8")
    braces_at = len(path.read_text(encoding="utf-8").splitlines())
    load_config.cache_clear()
    try:
        result = check_year(2026, load_config(root))
    finally:
        load_config.cache_clear()
    errors = [f.text() for f in result.errors]
    assert any("00_kerncijfers.py" in e and "{maatwerk:7}" in e for e in errors), result.text()
    assert any("says 'daalde' in fixed text" in w.text() for w in result.warnings), result.text()
    assert any("‘22 procent’ typed into the prose" in w.text() for w in result.warnings), result.text()
    # a placeholder in a markdown cell would be printed as written (review: the page showed "{maatwerk:1}")
    assert any(f"00_kerncijfers.py:{braces_at}" in e and "‘{maatwerk:1}’ in a markdown cell" in e
               for e in errors), result.text()


# -- a placeholder typed without its braces ------------------------------------------------------------
@pytest.mark.parametrize("template, typed, written", [
    ("In 2027 vroeg [maatwerk:1] om maatwerk.", "[maatwerk:1]", "{maatwerk:1}"),
    ("Vorig jaar (maatwerk:1@2026) was het meer.", "(maatwerk:1@2026)", "{maatwerk:1@2026}"),
    ("In <jaar> vroeg {maatwerk:1} om maatwerk.", "<jaar>", "{jaar}"),
    ("In %(jaar)s vroeg {maatwerk:1} om maatwerk.", "%(jaar)s", "{jaar}"),
    ("Het aandeel %(maatwerk)s.", "%(maatwerk)s", "{maatwerk:ROW}"),
    ("Gevraagd aan maatwerk:n organisaties.", "maatwerk:n", "{maatwerk:n}"),
    ("Samen MAATWERK:1+2.", "MAATWERK:1+2", "{maatwerk:1+2}"),
    ("Zie tabel:maatwerk.", "tabel:maatwerk", "{tabel:maatwerk}"),
    ("In $jaar vroeg {maatwerk:1} om maatwerk.", "$jaar", "{jaar}"),
    ("Het aandeel \u27e8maatwerk:1\u27e9.", "\u27e8maatwerk:1\u27e9", "{maatwerk:1}"),
    ("Het aandeel [vorig_jaar].", "[vorig_jaar]", "{vorig_jaar}"),
])
def test_a_placeholder_typed_without_its_braces_is_an_error(template, typed, written):
    """A placeholder typed with square, round or angle brackets, a format string's %(…)s, a template's $ or
    no brackets at all was printed into the page as written: "In 2027 vroeg [maatwerk:1] om maatwerk"."""
    from wlzmonitor.spec.prose import syntax_problems

    problems = syntax_problems(template, ["maatwerk"])
    assert [p for p in problems if p.startswith(f"‘{typed}’ looks like a placeholder typed without its braces")
            and f"write ‘{written}’" in p], problems
    with pytest.raises(FigureError) as err:
        _figures().fill(template)
    assert f"‘{typed}’ looks like a placeholder" in str(err.value)


@pytest.mark.parametrize("template, sigil", [("Het aandeel is ${maatwerk:1}.", "$"), ("In #{jaar}.", "#")])
def test_a_template_languages_sign_before_a_placeholder_is_an_error(template, sigil):
    """"${maatwerk:1}" (a JavaScript or shell template's form) printed "$22%"."""
    from wlzmonitor.spec.prose import syntax_problems

    assert any(f"the ‘{sigil}’ before the placeholder would be printed beside its figure" in p
               for p in syntax_problems(template, ["maatwerk"]))
    with pytest.raises(FigureError):
        _figures().fill(template)


@pytest.mark.parametrize("template", [
    "In {jaar} heeft {maatwerk:1} om maatwerk verzocht ({maatwerk:1@trend}).",
    "Om maatwerk (maatwerk) wordt zelden gevraagd; het jaar: {jaar}.",
    "De NPS: {maatwerk:1}; per (kalender)jaar; tabel: zie hieronder.",
    "Zie `data/published/<jaar>/known_discrepancies.yml` en [de tabel](#maatwerk).",
    "Het bestand outputs/<jaar>/reproduction.csv en https://example.nl/maatwerk:1.",
    "Maatwerk-1 en maatwerk_2 zijn geen sleutels.",
])
def test_words_that_are_keys_in_ordinary_sentences_are_no_typo(template):
    from wlzmonitor.spec.prose import placeholder_typos

    assert placeholder_typos(template, ["maatwerk"]) == []


def test_check_year_finds_a_placeholder_without_braces_in_prose_and_markdown(tmp_path):
    import new_wave

    root = new_wave.repository(tmp_path)
    path = root / "notebooks" / "03_herschikking.py"
    text = path.read_text(encoding="utf-8")
    text = text.replace("({herschikking_intramuraal:1+2@trend})", "([herschikking_intramuraal:1+2@trend])", 1)
    path.write_text(text + "\n# %% [markdown]\n# In <jaar> ging het om (herschikking_thuis:1).\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    errors = [f.text() for f in _check_year_of(root).errors]
    typo_line = next(i for i, line in enumerate(lines, 1) if "[herschikking_intramuraal" in line)
    call_line = max(i for i, line in enumerate(lines[:typo_line], 1) if "chapter.text(" in line)
    assert any(f"03_herschikking.py:{call_line}" in e and "‘[herschikking_intramuraal:1+2@trend]’ looks like" in e
               for e in errors), errors
    for typed in ("<jaar>", "(herschikking_thuis:1)"):
        assert any(f"03_herschikking.py:{len(lines)}" in e and f"‘{typed}’ looks like a placeholder" in e
                   and "in a markdown cell" in e for e in errors), errors


def _check_year_of(root: Path, year: int = 2026):
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.year_check import check_year

    load_config.cache_clear()
    try:
        return check_year(year, load_config(root))
    finally:
        load_config.cache_clear()


def _edit_entry(path: Path, key: str, old: str, new: str) -> None:
    """Replace the first `old` after the entry ``- key: <key>`` of a codebook or layout file by `new`."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old, text.index(f"- key: {key}\n"))
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")


def test_another_year_s_export_or_layout_is_an_error(tmp_path):
    """Review of the 2027 path: last year's export copied into this year's folder, or last year's layout
    named under this year, was published as this year's report (exit 0, check-year clean)."""
    import shutil

    import new_wave

    root = new_wave.repository(tmp_path)
    assert not [f.text() for f in _check_year_of(root).errors]
    shutil.copyfile(root / "data" / "raw" / "2025" / "respondenten.csv", root / "data" / "raw" / "2026" / "respondenten.csv")
    errors = [f.text() for f in _check_year_of(root).errors]
    assert any("data/raw/2026/respondenten.csv: is 2025's export (" in e
               and "data/raw/2025/respondenten.csv): the same bytes; put the 2026 export here" in e for e in errors), errors
    config = root / "config" / "report.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "layout: data/reports/2026/tables.yml", "layout: data/reports/2025/tables.yml"), encoding="utf-8")
    errors = [f.text() for f in _check_year_of(root).errors]
    assert any("data/reports/2025/tables.yml: says year 2025, expected 2026" in e for e in errors), errors


def test_a_mistyped_table_key_in_the_layout_is_no_question_not_asked(tmp_path):
    """Review of the 2027 path: 'tevredenheid_tarif' for 'tevredenheid_tarief' in the layout made the page
    say the question was not asked this year (warnings only, exit 0), its sentences and card gone."""
    import new_wave

    root = new_wave.repository(tmp_path)
    layout = root / "data" / "reports" / "2026" / "tables.yml"
    text = layout.read_text(encoding="utf-8")
    assert text.count("- key: tevredenheid_tarief\n") == 1
    layout.write_text(text.replace("- key: tevredenheid_tarief\n", "- key: tevredenheid_tarif\n"), encoding="utf-8")
    errors = [f.text() for f in _check_year_of(root).errors]
    said = ("names table 'tevredenheid_tarief', which is not in the 2026 layout ({}), though its question "
            "'tevredenheid_tarief' is in the 2026 codebook: the page would say it was not asked. Is the table's key "
            "mistyped or dropped in the layout ('tevredenheid_tarif' is there)?")
    where = [e.split(": [prose] ")[1].split(": ")[0].rsplit("/", 1)[-1] for e in errors if "tevredenheid_tarief" in e]
    assert {w.split(":")[0] for w in where} >= {"01_tarieven.py", "00_kerncijfers.py", "00_samenvatting.py"}, errors
    assert all(said.split("({})")[1] in e for e in errors if "tevredenheid_tarief" in e), errors
    assert any("chapter.table call names table 'tevredenheid_tarief'" in e for e in errors), errors


@pytest.mark.parametrize("text, found", [
    ("In 2026 hebben meer organisaties om maatwerk verzocht.", ["‘2026’ typed into the prose: write {jaar}"]),
    # a warning, not an error: a fixed date stays true (regression review)
    ("De vraag is in 2026 voor het eerst gesteld.", ["‘2026’ typed into the prose: write {jaar}"]),
    ("Dat is minder dan in 2025 ({maatwerk:1@2025}).", ["‘2025’ typed into the prose: write {vorig_jaar}"]),
    ("Sinds de invoering van de Wlz in 2015 is {maatwerk:1} …", []),  # another year: a fact that stays true
    ("In {jaar} vroeg {maatwerk:1@2026} erom; {maatwerk:1@2025} in {vorig_jaar}.", []),  # placeholders
    ("Een tarief van 2025,50 of 2026%.", []),  # numbers, not years
])
def test_the_survey_year_or_the_year_before_typed_into_prose(text, found):
    """Review of the 2027 path: prose carried over with typed years was published in the next report."""
    from wlzmonitor.spec.prose import typed_year_problems

    assert [p.split(" (")[0] for p in typed_year_problems(text, 2026)] == found


def test_typed_counts_of_respondents_are_typed_figures():
    from wlzmonitor.spec.prose import typed_figure_problems

    assert len(typed_figure_problems("Van de 122 deelnemers vulden 118 organisaties alles in.")) == 2
    assert typed_figure_problems("De 12 zorgkantoren en {maatwerk:n} organisaties.") == []


@pytest.mark.parametrize("sentence, typed", [
    ("De NPS is dit jaar -12.", "-12"), ("Een NPS van +13 bij VGZ.", "+13"), ("Twintig procent koos dit.", "Twintig procent"),
    ("Vijfentwintig procent koos dit.", "Vijfentwintig procent"), ("Eén op de vijf organisaties.", "Eén op de vijf"),
    ("Ruim 1 op de 4 koos dit.", "1 op de 4"), ("Gemiddeld 3,4 op een schaal van 1 tot 5.", "Gemiddeld 3,4"),
    ("Een budget van 9,8 miljard euro.", "9,8 miljard"),
])
def test_figures_typed_in_words_signs_fractions_and_decimals_are_typed_figures(sentence, typed):
    """Review of the 2027 wave: check-year flagged '46%' and '46 procent' but not a signed NPS, a share in words,
    a fraction, an average or an amount with decimals typed into prose."""
    from wlzmonitor.spec.prose import typed_figure_problems

    assert [p.split("’")[0].lstrip("‘") for p in typed_figure_problems(sentence)] == [typed]


@pytest.mark.parametrize("sentence", [
    "Op een schaal van 0-10 en van 1 tot 5.", "De percentages tellen niet altijd op tot honderd procent.",
    "Organisaties met meer dan 100 miljoen euro omzet.", "In 2024-2025 en sinds de Wlz (2015).",
    "Negen op de tien organisaties ({vorm:3!negen-op-de-tien}).", "Vraag 3-5 en {nps:NPS}.",
])
def test_no_typed_figure_in_ordinary_prose(sentence):
    from wlzmonitor.spec.prose import typed_figure_problems

    assert typed_figure_problems(sentence) == []


def test_a_typed_scale_that_is_not_the_question_s(tmp_path):
    """Review of the 2027 path: after the question went to 1-10 the page still said "gemiddeld op een
    schaal van 1 tot 5" beside a mean of 8,10."""
    import new_wave

    root = new_wave.repository(tmp_path)
    _edit_entry(root / "data" / "codebooks" / "2026.yml", "geldstromen_belasting", "range: [1, 5]", "range: [1, 10]")
    # (its end label with it: a range beyond its labelled ends is an error of its own)
    _edit_entry(root / "data" / "codebooks" / "2026.yml", "geldstromen_belasting", '5: "zeer hoog"', '10: "zeer hoog"')
    errors = [f.text() for f in _check_year_of(root).errors]
    assert any("05_inkoopbeleid_nps.py:" in e and "the sentence says ‘schaal van 1 tot 5’, but "
               "{geldstromen_belasting:max} comes from 'geldstromen_belasting', whose scale in 2026 is 1 to 10"
               in e for e in errors), errors


def test_a_new_matrix_item_in_no_table_is_said(tmp_path):
    """Review of the 2027 path: an item added to a matrix question but not to the layout's rows was left
    out of the report without a word."""
    import new_wave

    root = new_wave.repository(tmp_path)
    item = '      - {code: praktijkleren, label: "Subsidieregeling Praktijkleren"}\n'
    for key in ("geldstromen_belasting", "geldstromen_gebruik"):  # the one asked of the other's items
        _edit_entry(root / "data" / "codebooks" / "2026.yml", key, item,
                    item + '      - {code: wlz_subsidie, label: "Een nieuwe Wlz-subsidie"}\n')
    warnings = [f.text() for f in _check_year_of(root).warnings]
    assert any("(geldstromen_belasting)" in w and "item 'wlz_subsidie' ‘Een nieuwe Wlz-subsidie’ of "
               "'geldstromen_belasting' is in no table's rows" in w for w in warnings), warnings


def test_an_earlier_column_of_a_question_of_another_type_then(tmp_path):
    """Review of the 2027 path: single -> multi, declared in `changes` and the layout kind, passed
    check-year; the run then failed on the earlier years' answers with a pandas message."""
    import new_wave

    root = new_wave.repository(tmp_path)
    _edit_entry(root / "data" / "codebooks" / "2026.yml", "behandeling_afspraak", "    type: single\n",
                '    type: multi\n    changes: {2025: "gewijzigde vraagstelling", 2024: "gewijzigde vraagstelling"}\n')
    _edit_entry(root / "data" / "reports" / "2026" / "tables.yml", "behandeling_afspraak", "    kind: single\n",
                "    kind: multi\n")
    errors = [f.text() for f in _check_year_of(root).errors]
    assert any("(behandeling_afspraak)" in e and "column 2025 is computed from the 2025 answers, but "
               "'behandeling_afspraak' was a single question in 2025 and is a multi question in 2026" in e
               for e in errors), errors


def test_a_table_left_out_on_purpose_is_no_mistyped_key(tmp_path):
    """Regression review: `reported: false` (the documented way to leave a question out) with its table
    dropped from the layout gave an error that no guard could clear."""
    import new_wave

    root = new_wave.repository(tmp_path)
    layout = root / "data" / "reports" / "2026" / "tables.yml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("- key: tevredenheid_tarief\n", "- key: tevredenheid_tarif\n"), encoding="utf-8")
    _edit_entry(root / "data" / "codebooks" / "2026.yml", "tevredenheid_tarief", "    type: ",
                "    reported: false\n    type: ")
    errors = [f.text() for f in _check_year_of(root).errors]
    assert not [e for e in errors if "names table 'tevredenheid_tarief'" in e], errors


def test_a_control_character_in_prose_stops_the_chapter_and_check_year_names_its_line(tmp_path):
    """A control character in chapter.text ('\\a', an escape sequence pasted from a terminal) went into
    the page as it was."""
    from wlzmonitor.spec.prose import syntax_problems

    with pytest.raises(FigureError) as err:
        _figures().fill("In {jaar} vroeg {maatwerk:1}\x07 om maatwerk \x1b[1m.")
    assert str(err.value) == (
        "the text “In {jaar} vroeg {maatwerk:1}\x07 om maatwerk \x1b[1m.” has 2 problems in its placeholders or "
        "characters: a control character (U+0007) in the text, which the report would print invisibly or garbled; "
        "remove it (write a line break or a tab as such, not as an escape); a control character (U+001B) in the "
        "text, which the report would print invisibly or garbled; remove it (write a line break or a tab as such, "
        "not as an escape)")
    assert syntax_problems("Regel\nmet\ttab {jaar}") == []


# -- a unit written beside a placeholder that prints it --------------------------------------------
@pytest.mark.parametrize("template, problem", [
    ("{maatwerk:1}% vroeg om maatwerk.",
     "‘{maatwerk:1}%’ would print the unit twice (‘22%%’): a figure placeholder prints its figure as the table "
     "does, a share with its ‘%’; leave out the ‘%’ after it"),
    ("{maatwerk:1} procent vroeg om maatwerk.",
     "‘{maatwerk:1} procent’ would print the unit twice (‘22%%’): a figure placeholder prints its figure as the "
     "table does, a share with its ‘%’; leave out the ‘procent’ after it"),
    ("In {vorig_jaar} was dat {maatwerk:1@vorig} %.", "‘{maatwerk:1@vorig} %’ would print the unit twice"),
    ("Eerder: {maatwerk:1@trend}%.", "‘{maatwerk:1@trend}%’ would print the unit twice"),
    ("{maatwerk:1}\uff05 vroeg om maatwerk.", "leave out the ‘\uff05’ after it"),  # a full-width percent sign
    ("Maatwerk (n\uff1d{maatwerk:n}).", "leave out the ‘n\uff1d’ before it"),
    ("Maatwerk (n={maatwerk:n}).",
     "‘n={maatwerk:n}’ would print the word twice: {maatwerk:n} prints the base with its ‘n=’ (‘n=122’); leave "
     "out the ‘n=’ before it"),
    ("Maatwerk (N = {maatwerk:n@2026}).", "‘N = {maatwerk:n@2026}’ would print the word twice"),
    ("Zie Tabel {tabel:maatwerk}.",
     "‘Tabel {tabel:maatwerk}’ would print the word twice: {tabel:maatwerk} prints ‘Tabel’ with the number "
     "(‘Tabel 3’); leave out the ‘Tabel’ before it"),
    ("zie tabel\n{tabel:maatwerk}.", "‘tabel {tabel:maatwerk}’ would print the word twice"),
    ("Zie vraag {vraag:maatwerk}.", "{vraag:maatwerk} prints ‘Vraag’ with the number (‘Vraag 11’)"),
])
def test_a_unit_written_beside_a_placeholder_that_prints_it_is_an_error(template, problem):
    """Review: '{x:1}%' printed '22%%', 'n={x:n}' 'n=n=122' and 'Tabel {tabel:x}' 'Tabel Tabel 3'."""
    from wlzmonitor.spec.prose import syntax_problems

    assert [p for p in syntax_problems(template, ["maatwerk"]) if problem in p], syntax_problems(template)
    with pytest.raises(FigureError) as err:
        _figures().fill(template)
    assert problem in str(err.value)


@pytest.mark.parametrize("template, printed, after", [
    ("Bijna {maatwerk:1} procentpunt minder.", "20%", "procentpunt"),  # a form of the unit the list lacks
    ("De meesten kozen Nee ({maatwerk:max}).", "nee (80%)", None),       # the word a form prints before its figure
])
def test_what_a_placeholder_prints_is_compared_with_the_text_around_it_when_filled(template, printed, after):
    with pytest.raises(FigureError) as err:
        _figures().fill(template)
    assert f"placeholder that prints ‘{printed}’" in str(err.value)
    if after:
        assert f"is followed by ‘{after}’: the page would read the unit twice" in str(err.value)
    else:
        assert "the page would read ‘nee (’ twice" in str(err.value)


@pytest.mark.parametrize("template, filled", [
    ("{maatwerk:1} van de organisaties ({maatwerk:n}) vroeg om maatwerk.",
     "20% van de organisaties (n=120) vroeg om maatwerk."),
    ("Zie {tabel:maatwerk} en {vraag:maatwerk}: {maatwerk:1} (n is {maatwerk:n}).",
     "Zie Tabel 3 en Vraag 11: 20% (n is n=120)."),
    ("In {jaar}% van de gevallen", "In 2027% van de gevallen"),
])
def test_text_beside_a_placeholder_that_repeats_nothing_is_filled(template, filled):
    assert _figures().fill(template) == filled


@pytest.mark.parametrize("brace", ["\uff5b", "\uff5d", "\ufe5b", "\ufe5c", "\u2774", "\u2983"])
def test_a_placeholder_typed_with_a_look_alike_brace_is_an_error(brace):
    """Review: '｛maatwerk:1｝' (full-width braces, as a Japanese or Chinese keyboard layout types them) passed
    as plain text and was printed as written."""
    template = f"In {{jaar}} vroeg {brace}maatwerk:1 om maatwerk."
    with pytest.raises(FigureError) as err:
        _figures().fill(template)
    assert (f"‘{brace}’ (U+{ord(brace):04X}) looks like a brace but is not one: a placeholder written with it is "
            "printed as written; type the plain braces { and }") in str(err.value)


def test_check_year_names_look_alike_braces_and_control_characters_in_markdown(tmp_path):
    import new_wave

    root = new_wave.repository(tmp_path)
    path = root / "notebooks" / "01_tarieven.py"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines += ["", "# %% [markdown]", "# Het aandeel ｛maatwerk:1｝ vroeg om maatwerk.",
              "# Tekst met een \x1b[31mkleur\x1b[0m en een \u202eomkering.", "",
              "# %%", 'chapter.text("In {jaar} vroeg {maatwerk:1}% om maatwerk.")']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n = len(lines)
    errors = [f.text() for f in _check_year_of(root).errors]
    at = f"notebooks/01_tarieven.py:{n - 4}"
    assert any(at in e and "‘｛maatwerk:1｝’ in a markdown cell" in e for e in errors), errors
    controls = [e for e in errors if f"notebooks/01_tarieven.py:{n - 3}:" in e]
    assert len(controls) == 3, errors
    assert any(":17: " in e and "a control character (U+001B) in the text" in e for e in controls), controls
    assert any("a text-direction control character (U+202E) in the text" in e for e in controls), controls
    assert any(f"notebooks/01_tarieven.py:{n}" in e and "‘{maatwerk:1}%’ would print the unit twice" in e
               for e in errors), errors


def test_a_yaml_slip_names_its_line_not_a_unicode_string(tmp_path):
    """Newcomer review: an indentation slip in a codebook said 'not valid YAML: while parsing a block mapping
    in "<unicode string>", line 12, column 1 did not find expected key in "<unicode string>", line 228, column
    2' -- PyYAML's text, the useful line second. Every hand-written YAML file's error says the line and column of
    the problem first, then its context."""
    import pytest

    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.errors import InputError

    path = tmp_path / "2099.yml"
    path.write_text("year: 2099\nquestions:\n  - key: omzet\n    type: single\n   number: 1\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_codebook(path)
    message = str(err.value)
    assert message.startswith(f"{path}: not valid YAML: line 5, column 4: ") and "<unicode string>" not in message


def test_a_placeholder_in_the_codebooks_or_layouts_printed_texts_is_an_error(tmp_path):
    """Review: "Tarieven in {jaar}" as a table's title, "{jaar}" in a question's wording and "<jaar>" in an
    option's short label were printed as written: only chapter.text and markdown cells were read for
    placeholders, and these files have none. A table's title fills {jaar} and {vorig_jaar} as chapter.text does
    (review h142): another placeholder there is still printed as written."""
    import new_wave

    root = new_wave.repository(tmp_path)
    layout = root / "data" / "reports" / "2026" / "tables.yml"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        'title: "Welk tariefpercentage bent u overeengekomen met het zorgkantoor?"',
        'title: "Welk tariefpercentage in {jaar:1}?"', 1), encoding="utf-8")
    codebook = root / "data" / "codebooks" / "2026.yml"
    text = codebook.read_text(encoding="utf-8")
    for old, new in (('text: "Waarop hebben de Wlz-productieafspraken 2026 betrekking?"',
                      'text: "Waarop hebben de Wlz-productieafspraken {jaar} betrekking?"'),
                     ('short_label: "Alleen intramurale zorg"', 'short_label: "Alleen intramurale zorg [jaar]"')):
        assert old in text
        text = text.replace(old, new, 1)
    codebook.write_text(text, encoding="utf-8")
    errors = [f for f in _check_year_of(root).errors if f.kind == "printed text"]
    assert [(f.where.split(":")[0].rsplit("/", 1)[-1], f.message.split(" ‘")[0]) for f in errors] == [
        ("2026.yml", "text"), ("2026.yml", "option 2 short_label"), ("tables.yml", "title")], errors
    assert "‘Welk tariefpercentage in {jaar:1}?’ holds ‘{’: only {jaar} and {vorig_jaar} are filled" in errors[2].message
    assert "{jaar} betrekking?’ holds ‘{’: this text is printed as written" in errors[0].message  # the questionnaire
    assert "holds ‘[jaar]’" in errors[1].message


def test_the_shipped_codebooks_and_layouts_print_no_placeholder():
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.year_check import check_year

    for year in (2024, 2025, 2026):
        assert check_year(year, load_config()).by_check["check_printed_texts"] == []


@pytest.mark.parametrize("template, named", [
    ("Zo: {maatwerk:max!max}.", "placeholder {maatwerk:max!max}: table 'maatwerk' has no row 'max'; it has 1 (Ja), 2 (Nee)"),
    ("Zo: {maatwerk:7!max}.", "placeholder {maatwerk:7!max}: table 'maatwerk' has no row '7'"),
    ("Zo: {maatwerk:1!gt:9}.", "placeholder {maatwerk:1!gt:9}: table 'maatwerk' has no row '9'"),
    ("Zo: {maatwerk:1@2020!stijging}.", "placeholder {maatwerk:1@2020!stijging}: table 'maatwerk' has no column '2020'"),
])
def test_a_checked_placeholder_naming_what_the_table_lacks_is_a_figure_error(template, named):
    """Review: "{maatwerk:max!max}" stopped the chapter with a bare LookupError("row 'max'") from the check,
    where the same row without a check is a FigureError naming the placeholder and the rows it has."""
    with pytest.raises(FigureError) as err:
        _figures().fill(template)
    assert named in str(err.value)


@pytest.mark.parametrize("content, said", [
    (b"- a\n- b\n", "expected the keys 'year' and 'quotes' (a list of approved quotes)"),
    (b"year: 2025\nquotes: []\n", "year 2025 does not match the report year 2026"),
    (b"year: 2026\nquotes:\n  - text: zonder id\n", "quote 1: expected answer_id, text and optionally theme"),
    (b"year: 2026\nquotes: [\xff]\n", "line 2, column 10: the byte 0xFF is not UTF-8 text"),
])
def test_check_year_reads_the_quotes_file_as_the_run_does(tmp_path, content, said):
    """Review: a quotes file the run stops on (not YAML, not its form, another year's) passed check-year,
    whose clean report is the analyst's sign to run the report."""
    import new_wave

    root = new_wave.repository(tmp_path)
    (root / "data" / "quotes" / "2026.yml").write_bytes(content)
    errors = [f for f in _check_year_of(root).errors if f.kind == "files"]
    assert len(errors) == 1 and errors[0].where.endswith("data/quotes/2026.yml"), errors
    assert said in errors[0].message and not errors[0].message.startswith(str(root)), errors
