"""Review h149 (safety of what a run writes): hostile texts followed into the outputs that earlier reviews
did not plant them in."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from wlzmonitor.compute.report_tables import compute_all
from wlzmonitor.demo.generator import demo_export_path
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.present.table_files import tidy_csv_bytes
from wlzmonitor.present.table_html import table_html
from wlzmonitor.spec.codebook_parse import codebook_for_year, load_codebook
from wlzmonitor.spec.layout import layout_for_year

ROOT = Path(__file__).resolve().parents[1]
MAPPING = "zorgkantoren_uitvoerders"  # Tabel B5: each region's Wlz-uitvoerder, a group label of the codebook


def _with_group_label(tmp_path: Path, label: str) -> Path:
    """The 2026 codebook with the Wlz-uitvoerder group 'Overig' (code 5) relabelled."""
    text = (ROOT / "data" / "codebooks" / "2026.yml").read_text(encoding="utf-8")
    start = text.index("  - key: uitvoerder")
    old = '- {code: 5, label: "Overig"}'
    at = text.index(old, start)
    path = tmp_path / "2026.yml"
    path.write_text(text[:at] + '- {code: 5, label: ' + _yaml_text(label) + '}' + text[at + len(old):], encoding="utf-8")
    return path


def _yaml_text(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def hostile_mapping(tmp_path_factory):
    """Tabel B5 computed from a codebook whose group 'Overig' is called by each hostile label."""
    labels = ['=HYPERLINK("http://evil.example","klik")', "<b>Overig</b> & <script>alert(1)</script>",
              "-Overig", "@SUM(1)", " +Overig"]
    survey = load_survey(demo_export_path(2026), codebook_for_year(2026))
    layout = layout_for_year(2026)
    spec = layout.table(MAPPING)
    out = {}
    for i, label in enumerate(labels):
        codebook = load_codebook(_with_group_label(tmp_path_factory.mktemp(f"cb{i}"), label))
        table = compute_all(replace(layout, tables=[spec]), replace(survey, codebook=codebook))[MAPPING]
        out[label] = (spec, table, codebook)
    return out


def _values(data: bytes) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return [r["value"] for r in rows]


@pytest.mark.parametrize("label", ['=HYPERLINK("http://evil.example","klik")', "-Overig", "@SUM(1)", " +Overig"])
def test_a_mapping_tables_text_value_is_inert_in_its_csv(hostile_mapping, label):
    """Before: the tidy CSV wrote a text value (a group label) as it was, while its row and column were made inert:
    tables/zorgkantoren_uitvoerders.csv held '=HYPERLINK(…)' in the value column, a formula in Excel."""
    spec, table, _ = hostile_mapping[label]
    values = _values(tidy_csv_bytes(table, spec))
    assert values.count("'" + label) == 4  # the four regions of 'Overig'
    assert label not in values
    assert "Zilveren Kruis" in values  # the other groups as they were


def test_numbers_in_the_csv_are_never_made_text(hostile_mapping):
    """The value column's numbers stay numbers: a negative NPS is written -3, not '-3."""
    import pandas as pd

    table = pd.DataFrame({"row": ["NPS"], "column": ["2024"], "value": [-3.0], "n": [107.0],
                          "row_code": ["NPS"], "column_code": [2024]})
    assert _values(tidy_csv_bytes(table)) == ["-3"]


def test_a_mapping_tables_text_value_is_escaped_in_its_page(hostile_mapping):
    """Before: the Styler put a text cell into the page as it was: '<b>Overig</b>' printed bold and the script
    element was markup in Tabel B5 (the column headers and row labels were escaped)."""
    label = "<b>Overig</b> & <script>alert(1)</script>"
    spec, table, codebook = hostile_mapping[label]
    page = table_html(spec, table, codebook, small_base=20)
    assert "<b>" not in page and "<script" not in page
    assert page.count("&lt;b&gt;Overig&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</td>") == 4


# -- a codeframe title with a brace that is no placeholder ---------------------------------------
TITLE = 'title: "Speerpunten kwaliteit ({vraag})"'


def _codeframe_with_title(tmp_path: Path, title: str) -> Path:
    text = (ROOT / "data" / "codeframes" / "2026.yml").read_text(encoding="utf-8")
    assert text.count(TITLE) == 1
    path = tmp_path / "2026.yml"
    path.write_text(text.replace(TITLE, "title: " + _yaml_text(title)), encoding="utf-8")
    return path


@pytest.mark.parametrize("title, brace", [("Speerpunten kwaliteit ({vraaag})", "{vraaag}"),
                                          ("Speerpunten kwaliteit ({Vraag})", "{Vraag}"),
                                          ("Speerpunten ({vraag:kwaliteit_speerpunten})", "{vraag:kwaliteit_speerpunten}"),
                                          ("Speerpunten in {jaar} ({vraag})", "{jaar}"),
                                          ("Speerpunten ({maatwerk:1})", "{maatwerk:1}"),
                                          ("Speerpunten kwaliteit ({vraag)", "{vraag)"),
                                          ("Speerpunten kwaliteit (vraag})", "}")])
def test_a_codeframe_title_with_a_brace_left_is_an_error(tmp_path, title, brace):
    """Before: only '{vraag}' was filled and anything else in braces was printed on the page as written
    ('Speerpunten kwaliteit ({vraaag})' as the heading of the themes); check-year said nothing."""
    from wlzmonitor.spec.codeframes import CodeframeError, load_codeframes

    path = _codeframe_with_title(tmp_path, title)
    with pytest.raises(CodeframeError) as caught:
        load_codeframes(path, codebook_for_year(2026))
    assert str(caught.value) == (
        f"{path}, question 'kwaliteit_speerpunten': the title “{title}” has ‘{brace}’, which is no placeholder of a "
        "codeframe title and would be printed as written: the only one is {vraag} (the question's number)")


def test_a_codeframe_title_with_its_placeholder_is_filled(tmp_path):
    from wlzmonitor.spec.codeframes import load_codeframes

    frames = load_codeframes(_codeframe_with_title(tmp_path, "Speerpunten ({vraag}), {vraag}"), codebook_for_year(2026))
    number = codebook_for_year(2026).question("kwaliteit_speerpunten").number_label
    assert frames.questions["kwaliteit_speerpunten"].title == f"Speerpunten ({number}), {number}"


def test_check_year_names_a_codeframe_title_with_a_brace_left(tmp_path):
    import new_wave

    result = new_wave.check_with_edit(tmp_path, "data/codeframes/2026.yml", TITLE, 'title: "Speerpunten ({vraaag})"')
    found = [e.text() for e in result.errors if "‘{vraaag}’" in e.text()]
    assert len(found) == 1 and "2026.yml" in found[0] and "kwaliteit_speerpunten" in found[0], result.text()


# -- the offline check: a path that leaves the output folder percent-encoded, an SVG animation of a link ----------
@pytest.mark.parametrize("markup, named", [
    ('<img src="%2e%2e/%2e%2e/home/analist/foto.png">', "path outside the output folder in src= of <img>"),
    ('<a href="tables/.%2E/%2e%2e/2025/index.html">2025</a>', "path outside the output folder in href= of <a>"),
    ('<a href="%2e%2e%5c2025%5cindex.html">2025</a>', "path outside the output folder in href= of <a>"),
    ('<svg><a><animate attributeName="href" values="#a; https://evil.example/x"/><text>x</text></a></svg>',
     "external URL in values= of <animate>"),
    ('<svg><a><set attributeName="xlink:href" to="javascript:alert(1)"/><text>x</text></a></svg>',
     "javascript: URL in to= of <set>"),
])
def test_the_offline_check_finds_what_it_passed(markup, named):
    """Before: a browser resolves '%2e%2e' as '..' (the page loaded a file outside the output folder), and an SVG
    animation that sets a link's href to an outside address: neither was a problem."""
    from wlzmonitor.run.offline_check import offline_problems

    assert [f"{p.what}" for p in offline_problems(f"<html><body>{markup}</body></html>")] == [named]


@pytest.mark.parametrize("markup", ['<svg><rect><animate attributeName="x" values="0;10;0" dur="1s"/></rect></svg>',
                                    '<a href="02_capaciteit.html#tabel-5">Tabel 5</a>',
                                    '<a href="figures/a%20b.svg">SVG</a>'])
def test_the_offline_check_leaves_local_markup_alone(markup):
    from wlzmonitor.run.offline_check import offline_problems

    assert offline_problems(f"<html><body>{markup}</body></html>") == []


# -- a chapter title or a theme label with a placeholder: printed as written ----------------------------------
@pytest.mark.parametrize("file, old, new, where, name", [
    ("config/report.yml", '01_tarieven: "1 Reguliere Wlz-inkoop en gevolgen"',
     '01_tarieven: "1 Reguliere Wlz-inkoop in {jaar}"', "config/report.yml", "chapters 01_tarieven"),
    ("config/report.yml", '01_tarieven: "1 Reguliere Wlz-inkoop en gevolgen"',
     '01_tarieven: "1 Reguliere Wlz-inkoop ({maatwerk:1})"', "config/report.yml", "chapters 01_tarieven"),
    ("data/codeframes/2026.yml", 'label: "Persoonsgerichte zorg, kwaliteit van bestaan en eigen regie"',
     'label: "Persoonsgerichte zorg {vorig_jaar}"', "data/codeframes/2026.yml (kwaliteit_speerpunten)",
     "theme persoonsgericht"),
])
def test_check_year_names_a_placeholder_in_a_chapter_title_or_theme_label(tmp_path, file, old, new, where, name):
    """Before: check-year read the codebook's and the layout's printed texts for braces, not the chapter titles of
    config/report.yml nor the codeframe's theme labels: 'Wlz-inkoop in {jaar}' was printed so in the page's
    heading, the navigation of every page and the index, and the run published it."""
    import new_wave

    result = new_wave.check_with_edit(tmp_path, file, old, new)
    printed = new.split(": ", 1)[1].strip('"')
    found = [e.text() for e in result.errors if "[printed text]" in e.text()]
    assert len(found) == 1, result.text()
    assert found[0].endswith(
        f"{where}: {name} ‘{printed}’ holds ‘{{’: this text is printed as written, a placeholder is never filled in it "
        "(placeholders work in chapter.text); write the words or the year themselves, or move the sentence into the "
        "chapter's notebook"), found[0]


# -- the coding workbook of questions whose keys are longer than a sheet's name may be ------------------------
LONG_A = "kwaliteit_speerpunten_van_de_eigen_organisatie"  # 46 characters
LONG_B = "kwaliteit_speerpunten_van_de_eigen_regio"  # the same first 31 characters


@pytest.fixture()
def long_keys(tmp_path):
    """The hand-made survey of test_coding with its two coded questions under long keys."""
    import wlzmonitor  # noqa: F401  (before openpyxl: the workbook's bytes)
    import test_coding as tc
    from wlzmonitor.compute.coding import code_answers
    from wlzmonitor.inputs.privacy import Scrubber
    from wlzmonitor.spec.codeframes import load_codeframes
    from wlzmonitor.spec.privacy_settings import PrivacySettings

    names = {"kwaliteit_speerpunten": LONG_A, "tevredenheid_tarief": LONG_B}
    text = (ROOT / "data" / "codebooks" / "2026.yml").read_text(encoding="utf-8")
    frame_text = tc.SMALL_FRAME
    for old, new in names.items():
        assert text.count(f"key: {old}\n") == 1
        text = text.replace(f"key: {old}\n", f"key: {new}\n")
        frame_text = frame_text.replace(f"  {old}:\n", f"  {new}:\n")
    (tmp_path / "codebook.yml").write_text(text, encoding="utf-8")
    codebook = load_codebook(tmp_path / "codebook.yml")
    frame = load_codeframes(tc.write_frame(tmp_path, frame_text), codebook)
    survey = tc.hand_survey().rename(columns=lambda c: next((c.replace(o, n) for o, n in names.items()
                                                             if c.startswith(o)), c))
    scrubber = Scrubber(settings=PrivacySettings(explanations_min_group=1))
    return survey, codebook, frame, scrubber, code_answers(survey, codebook, frame, scrubber)


def test_a_coding_workbook_of_long_keys_reads_back_as_written(long_keys, tmp_path):
    """Before: each sheet was named by its key cut to 31 characters, so the two keys' sheets had the same name
    (openpyxl made the second 'kwaliteit_speerpunten_van_de_ei1', 32 characters, which Excel refuses), the
    untouched workbook read back as 21 corrections of questions 'kwaliteit_speerpunten_van_de_ei…', and a run with
    it as the corrections file stopped: "not a coded question"."""
    from openpyxl import load_workbook

    from wlzmonitor.compute.coding import code_answers
    from wlzmonitor.inputs.coding_corrections import read_corrections
    from wlzmonitor.present.coding_workbook import export_coding_workbook

    survey, codebook, frame, scrubber, coded = long_keys
    path = export_coding_workbook(coded, tmp_path / "codering.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Uitleg", "kwaliteit_speerpunten_van_de_ei", "kwaliteit_speerpunten_van_de_~2", "_patronen",
                             "_bladen"]
    assert [[c.value for c in row] for row in wb["_bladen"].iter_rows()] == [
        ["blad", "vraag"], ["kwaliteit_speerpunten_van_de_ei", LONG_A], ["kwaliteit_speerpunten_van_de_~2", LONG_B]]
    assert wb["_bladen"].sheet_state == "hidden"
    assert len(read_corrections(path)) == 0  # untouched: no correction
    # a hand correction on the long key's sheet is the long key's
    ws = wb["kwaliteit_speerpunten_van_de_ei"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("tekst")].value == "Onbekend onderwerp")
    row[header.index("team")].value = 1
    wb.save(tmp_path / "gecorrigeerd.xlsx")
    corrections = read_corrections(tmp_path / "gecorrigeerd.xlsx")
    assert corrections.cells[["question", "theme", "value"]].values.tolist() == [[LONG_A, "team", 1]]
    recoded = code_answers(survey, codebook, frame, scrubber, corrections=tmp_path / "gecorrigeerd.xlsx")
    themes = recoded.loc[(recoded["question"] == LONG_A) & (recoded["text"] == "Onbekend onderwerp"), "theme"]
    assert themes.tolist() == ["team"]


def test_a_coding_workbook_of_short_keys_has_no_sheet_of_names(long_keys, tmp_path):
    from openpyxl import load_workbook

    import test_coding as tc
    from wlzmonitor.compute.coding import code_answers
    from wlzmonitor.inputs.privacy import Scrubber
    from wlzmonitor.present.coding_workbook import export_coding_workbook
    from wlzmonitor.spec.codeframes import load_codeframes
    from wlzmonitor.spec.privacy_settings import PrivacySettings

    codebook = codebook_for_year(2026)
    coded = code_answers(tc.hand_survey(), codebook, load_codeframes(tc.write_frame(tmp_path), codebook),
                         Scrubber(settings=PrivacySettings(explanations_min_group=1)))
    path = export_coding_workbook(coded, tmp_path / "kort.xlsx")
    assert load_workbook(path).sheetnames == ["Uitleg", "kwaliteit_speerpunten", "tevredenheid_tarief", "_patronen"]


# -- a Kerncijfers card's label with a control character ------------------------------------------------------
@pytest.mark.parametrize("char", ["\x00", "\x1b", "\u202e", "\x85"])
def test_a_card_label_with_a_control_character_stops_the_chapter(result_2026, tmp_path, char):
    """Before: a label built at run time (check-year reads only literal ones) with a NUL, an escape or a
    text-direction override was printed into the page as it was; chapter.text refuses the same character."""
    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.present.figures_text import FigureError
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.strict_yaml import control_character_problem

    chapter = Chapter("00_kerncijfers", "Kerncijfers", 2026, result_2026, load_config(), tmp_path)
    with pytest.raises(FigureError) as caught:
        chapter.key_figures_html(("maatwerk", 1, f"vroeg om{char} maatwerk"))
    assert str(caught.value) == f"the label of key figure maatwerk:1: {control_character_problem(char)}"
    assert "maatwerk</p>" in chapter.key_figures_html(("maatwerk", 1, "vroeg om maatwerk"))


# -- a template that is no text ------------------------------------------------------------------------------
@pytest.mark.parametrize("template, shown", [(None, "NoneType None"), (5, "int 5"), (["{jaar}"], "list ['{jaar}']")])
def test_a_template_that_is_no_text_is_named(result_2026, tmp_path, template, shown):
    """Before: chapter.text(None) and the fill of a section title that is no text ended in a bare TypeError
    ("expected string or bytes-like object, got 'NoneType'")."""
    from wlzmonitor.present.chapter import Chapter
    from wlzmonitor.present.figures_text import FigureError
    from wlzmonitor.spec.config import load_config

    chapter = Chapter("01_tarieven", "1 Tarieven", 2026, result_2026, load_config(), tmp_path)
    for call in (chapter.text, chapter.fill):
        with pytest.raises(FigureError) as caught:
            call(template)
        assert str(caught.value) == f"a text with placeholders must be a string (a sentence in quotes), got {shown}"
