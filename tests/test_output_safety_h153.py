"""Review h153 (safety of what a run writes): the names of the workbooks' sheets, the quotes of a theme, and texts
that reach a workbook cell.

Each test failed on the code before this review (checked by running it with lib/ as it was)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import wlzmonitor  # noqa: F401  (before openpyxl: the workbooks' bytes)

ROOT = Path(__file__).resolve().parents[1]

# -- the results workbook: table numbers no sheet can be named by as they are --------------------------------------
#: typed number -> the sheet's name: unique ignoring case, at most 31 characters, none of []:*?/\, not History, no
#: apostrophe at either end, not the name of the contents or the data sheet
NUMBERS = {
    "Tabel 1": "Tabel 1",
    "tabel 1": "tabel 1~2",  # Excel's sheet names ignore case (openpyxl made it 'tabel 11')
    "History": "History~2",  # Excel's own: it refuses the file
    "'Tabel 3'": "Tabel 3",  # an apostrophe at the start or the end: Excel repairs the file
    "Tabel 4'a": "Tabel 4'a",  # one inside is allowed; the link to it doubles it
    "Tabel [5]: a/b*?": "Tabel 5 ab",  # openpyxl raised ValueError on these
    "Data": "Data~2",  # the data sheet was 'Data1' and the contents' link 'Data' led to this table
    "Inhoud": "Inhoud~2",
    "T" * 40: "T" * 31,  # openpyxl only warned: Excel refuses more than 31 characters
    "T" * 40 + "x": "T" * 29 + "~2",
}


@pytest.fixture(scope="module")
def hostile_workbook(result_2026, tmp_path_factory):
    from openpyxl import load_workbook

    from wlzmonitor.present.workbook import write_workbook

    layout = result_2026.layout
    specs = [replace(spec, number=number) for spec, number in zip(layout.tables, NUMBERS)]
    index = pd.DataFrame({"table_key": [s.key for s in specs], "title": [f"titel {s.key}" for s in specs],
                          "test": "", "p_value": "", "page": ""})
    path = tmp_path_factory.mktemp("wb") / "tabellen.xlsx"
    write_workbook(path, replace(layout, tables=specs), result_2026.codebook, index,
                   {s.key: result_2026.tables[s.key] for s in specs})
    return specs, load_workbook(path)


def test_every_table_has_a_sheet_excel_opens(hostile_workbook):
    """Before: openpyxl named a second 'Tabel 1' (in another case) 'tabel 11', kept 'History', the apostrophes and 40
    characters (files Excel refuses or repairs), raised ValueError on '[5]: a/b*?', and a table numbered 'Data'
    took the data sheet's name (the data sheet became 'Data1', the contents' link 'Data' led to the table)."""
    specs, wb = hostile_workbook
    assert wb.sheetnames == ["Inhoud", *NUMBERS.values(), "Data"]
    for name in wb.sheetnames:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\") and name[0] != "'" and name[-1] != "'"
    assert len({n.casefold() for n in wb.sheetnames}) == len(wb.sheetnames)


def test_the_contents_link_every_table_to_its_own_sheet(hostile_workbook):
    """Before: the link to a sheet with an apostrophe ('Tabel 4'a'!A1) was no reference Excel can follow."""
    specs, wb = hostile_workbook
    rows = [r for r in wb["Inhoud"].iter_rows(min_row=2) if r[0].value is not None and r[4].value]
    assert [(r[0].value, r[4].value) for r in rows] == [
        ("'" + n if n.startswith("=") else n, sheet) for n, sheet in NUMBERS.items()]
    assert rows[4][4].hyperlink.location == "'Tabel 4''a'!A1"
    for spec, row in zip(specs, rows):
        target = wb[row[4].value]
        assert row[4].hyperlink.location == "'" + row[4].value.replace("'", "''") + "'!A1"
        assert target["A1"].value.startswith(spec.number + " – ")  # the table itself is there
    assert wb["Data"]["A1"].value == "tabel" and wb["Data"].max_row > 1


def test_a_sheet_name_is_safe_for_the_whole_class():
    from wlzmonitor.present.table_files import sheet_title

    taken: set[str] = set()
    assert [sheet_title(n, taken) for n in ["HISTORY", "history", "'''", "a" * 30 + "\U0001F600", "?*", "Tabel\x07 9\x1b"]] == [
        "HISTORY~2", "history~3", "Blad", "a" * 30, "Blad~2", "Tabel 9"]  # an emoji counts two of Excel's 31


def test_a_coding_workbook_of_a_question_keyed_history_reads_back(tmp_path):
    """Before: the coding workbook's own copy of the naming kept a question key 'history' as the sheet's name, which
    Excel refuses (Excel's own sheet, in any case)."""
    from openpyxl import load_workbook

    import test_coding as tc
    from wlzmonitor.compute.coding import code_answers
    from wlzmonitor.inputs.coding_corrections import read_corrections
    from wlzmonitor.inputs.privacy import Scrubber
    from wlzmonitor.present.coding_workbook import export_coding_workbook
    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.codeframes import load_codeframes
    from wlzmonitor.spec.privacy_settings import PrivacySettings

    text = (ROOT / "data" / "codebooks" / "2026.yml").read_text(encoding="utf-8")
    assert text.count("key: tevredenheid_tarief\n") == 1
    (tmp_path / "codebook.yml").write_text(text.replace("key: tevredenheid_tarief\n", "key: history\n"),
                                           encoding="utf-8")
    codebook = load_codebook(tmp_path / "codebook.yml")
    frame = load_codeframes(tc.write_frame(tmp_path, tc.SMALL_FRAME.replace("  tevredenheid_tarief:\n",
                                                                            "  history:\n")), codebook)
    survey = tc.hand_survey().rename(columns=lambda c: c.replace("tevredenheid_tarief", "history"))
    coded = code_answers(survey, codebook, frame, Scrubber(settings=PrivacySettings(explanations_min_group=1)))
    path = export_coding_workbook(coded, tmp_path / "codering.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Uitleg", "kwaliteit_speerpunten", "history~2", "_patronen", "_bladen"]
    assert [[c.value for c in row] for row in wb["_bladen"].iter_rows()] == [["blad", "vraag"], ["history~2", "history"]]
    assert len(read_corrections(path)) == 0


# -- chapter.quotes of a theme no quote has ----------------------------------------------------------------------
def _kerncijfers(result, tmp_path, quotes: str | None = None):
    """The Kerncijfers chapter of 2026; `quotes`: the text of its quotes file instead of data/quotes/2026.yml."""
    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.spec.config import load_config

    config = load_config()
    if quotes is not None:
        folder = tmp_path / "quotes"
        folder.mkdir()
        (folder / "2026.yml").write_text(quotes, encoding="utf-8")
        config = replace(config, folders=tuple((k, str(folder) if k == "quotes" else v) for k, v in config.folders))
    return Chapter("00_kerncijfers", "Kerncijfers", 2026, result, config, tmp_path)


KNOWN = "'Financiering', 'Capaciteit', 'Kwaliteit en innovatie', 'Inkoopbeleid'"


@pytest.mark.parametrize("theme, hint", [("Financeering", ""), ("financiering", " (did you mean 'Financiering'?)"),
                                         ("Kwaliteit  en innovatie", " (did you mean 'Kwaliteit en innovatie'?)"),
                                         ("Herschikking", "")])
def test_a_theme_no_quote_has_is_an_error(result_2026, tmp_path, monkeypatch, theme, hint):
    """Before: chapter.quotes('Financeering') (a typo, another case) printed nothing, without a word: the page lost
    its quote."""
    from wlzmonitor.present import chapter as chapter_module
    from wlzmonitor.present.figures_text import FigureError

    shown = []
    monkeypatch.setattr(chapter_module, "_display_html", shown.append)
    chapter = _kerncijfers(result_2026, tmp_path)
    with pytest.raises(FigureError) as caught:
        chapter.quotes(theme)
    assert shown == []
    path = chapter.config.folder("quotes") / "2026.yml"
    assert str(caught.value) == (
        f"chapter.quotes({theme!r}): no approved quote of {path} has this theme and its 'themes' do not name it; the "
        f"themes: {KNOWN}{hint}. A section without a quote this year: name it under 'themes' in that file")
    assert chapter.quotes_html("Financiering").count('<blockquote class="citaat">') == 1
    assert chapter.quotes_html(None).count('<blockquote class="citaat">') == 5


def test_a_theme_named_without_a_quote_this_year_shows_none(result_2026, tmp_path):
    quotes = (ROOT / "data" / "quotes" / "2026.yml").read_text(encoding="utf-8")
    chapter = _kerncijfers(result_2026, tmp_path, quotes + "themes: [Financiering, Capaciteit, Herschikking, "
                                                           "Kwaliteit en innovatie, Inkoopbeleid]\n")
    assert chapter.quotes_html("Herschikking") == ""
    assert chapter.quotes_html("Capaciteit").count('<blockquote class="citaat">') == 1


def test_a_year_without_quotes_shows_none_of_any_theme(result_2026, tmp_path):
    assert _kerncijfers(result_2026, tmp_path, "year: 2026\nquotes: []\n").quotes_html("Financiering") == ""


@pytest.mark.parametrize("extra, message", [
    ("themes: [Financiering, Capaciteit]\n", "quote 3: theme 'Kwaliteit en innovatie' is none of 'themes': "
                                             "Financiering, Capaciteit"),
    ("themes: Financiering\n", "'themes' must be a list of texts (the sections of the Kerncijfers page)"),
    ("themes: [Financiering, Capaciteit, Financiering]\n", "'themes' names 'Financiering' twice"),
])
def test_a_quotes_files_themes_are_checked(tmp_path, extra, message):
    from wlzmonitor.spec.quotes_file import QuoteError, read_quotes

    path = tmp_path / "2026.yml"
    path.write_text((ROOT / "data" / "quotes" / "2026.yml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    with pytest.raises(QuoteError) as caught:
        read_quotes(path, 2026)
    assert str(caught.value) == f"{path}: {message}"


def test_a_theme_that_is_no_text_is_named(result_2026, tmp_path):
    from wlzmonitor.present.figures_text import FigureError

    with pytest.raises(FigureError) as caught:
        _kerncijfers(result_2026, tmp_path).quotes_html(3)
    assert str(caught.value) == "chapter.quotes: the theme must be a text (a section's name in quotes), got int 3"


def _check_year_with(tmp_path, file: str, old: str, new: str) -> list[str]:
    """check-year's findings on quotes of a copy of the repository with `old` replaced by `new` in `file`."""
    import new_wave

    result = new_wave.check_with_edit(tmp_path, file, old, new)
    return [e.text() for e in result.errors if "quote" in e.text()]


def test_check_year_names_a_quotes_call_of_no_theme(tmp_path):
    """Before: check-year passed a notebook whose chapter.quotes named a theme no quote has (the page showed none of
    them), and the quote of the theme it meant was never printed."""
    found = _check_year_with(tmp_path, "notebooks/00_kerncijfers.py", 'chapter.quotes("Financiering")',
                             'chapter.quotes(theme="financiering")')
    assert len(found) == 2, found
    assert "00_kerncijfers.py:40: chapter.quotes('financiering'): no approved quote of " in found[0]
    assert found[0].endswith(f"data/quotes/2026.yml has this theme and its 'themes' do not name it; the themes: {KNOWN} "
                             "(did you mean 'Financiering'?). A section without a quote this year: name it under "
                             "'themes' in that file"), found[0]
    assert found[1].endswith(
        "data/quotes/2026.yml: quote 1 (answer_id V13-3747c75638): its theme 'Financiering' is shown by no "
        "chapter.quotes call of the notebooks (they show 'Capaciteit', 'Inkoopbeleid', 'Kwaliteit en innovatie', "
        "'financiering'), so the approved quote is never printed: give it one of those themes, or show it"), found[1]


def test_check_year_names_an_approved_quote_no_page_shows(tmp_path):
    found = _check_year_with(tmp_path, "data/quotes/2026.yml", "theme: Capaciteit\n",
                             "theme: Herschikking\n")
    assert [f.split("2026.yml: ", 1)[1] for f in found if "quote 2 (" in f] == [
        "quote 2 (answer_id V30-0c53b8a011): its theme 'Herschikking' is shown by no chapter.quotes call of the "
        "notebooks (they show 'Capaciteit', 'Financiering', 'Inkoopbeleid', 'Kwaliteit en innovatie'), so the approved "
        "quote is never printed: give it one of those themes, or show it"]
    assert sum("chapter.quotes('Capaciteit'): no approved quote" in f for f in found) == 1


def test_check_year_names_an_approved_quote_without_a_theme_when_every_call_names_one(tmp_path):
    """A quote without a theme is shown only by chapter.quotes() without one; the message said "its theme ''"."""
    found = _check_year_with(tmp_path, "data/quotes/2026.yml", "    theme: Capaciteit\n", "")
    assert [f.split("2026.yml: ", 1)[1] for f in found if "quote 2 (" in f] == [
        "quote 2 (answer_id V30-0c53b8a011): it has no theme, and every chapter.quotes call names one of the "
        "notebooks (they show 'Capaciteit', 'Financiering', 'Inkoopbeleid', 'Kwaliteit en innovatie'), so the approved "
        "quote is never printed: give it one of those themes, or show it"]


# -- two table numbers of one anchor --------------------------------------------------------------------------------
@pytest.mark.parametrize("number, problem", [
    ("tabel 1", "number 'tabel 1' is linked to as 'Tabel 1' is (#tabel-1): a link could not tell the two tables "
                "apart; number the table otherwise"),
    ("Tabel 1.", "number 'Tabel 1.' is linked to as 'Tabel 1' is (#tabel-1): a link could not tell the two tables "
                 "apart; number the table otherwise"),
    ("½", "number '½' has no letter or digit (a-z, 0-9) for the links to its table"),
])
def test_a_number_of_another_numbers_anchor_is_a_layout_error(tmp_path, number, problem):
    """Before: 'tabel 1' beside 'Tabel 1' was accepted: both tables' sections had id="tabel-1" on the page, the index,
    the contents, the workbook and the Kerncijfers led to the first, the second could not be reached."""
    from wlzmonitor.spec.layout import LayoutError, load_layout

    text = (ROOT / "data" / "reports" / "2026" / "tables.yml").read_text(encoding="utf-8")
    old = "  - key: maatwerk\n    chapter: 01_tarieven\n"
    assert text.count(old) == 1
    path = tmp_path / "tables.yml"
    path.write_text(text.replace(old, old + f"    number: {_yaml_text(number)}\n"), encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    assert str(caught.value) == f"{path}:38: table #3 (maatwerk): {problem}"


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
