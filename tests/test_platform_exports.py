"""Survey platforms' exports of the 2026 demo respondents, read through a drafted mapping.

Each platform fixture (tests/platform_exports.py, platform_writers.py) holds the demo
respondents as the platform writes them -- its header rows, metadata columns, value and
multi-select conventions, text columns, unfinished responses -- plus a preview, a test
response, an abandoned start and a double submission. For each, ``draft-mapping``'s draft is
used as it is (no edits) and the result must equal the canonical demo export: the same
respondents included, the same answers (open answers and contact details too), every excluded
row with the reason the platform gives. The exports are written once per session; the
Qualtrics CSV (the issue's case) runs in the quick loop, the other platforms are slow.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.inputs.mapping import load_mapping
from wlzmonitor.inputs.quality_log import EXCLUSION_REASONS, RULE_EXCLUSION_REASONS

from platform_exports import PLATFORMS, PlatformExport

CB = codebook_for_year(2026)
QUICK = ("qualtrics_text.csv",)  # the platform of the quick loop (the issue's case)
PARAMS = [pytest.param(n, marks=() if n in QUICK else pytest.mark.slow) for n in PLATFORMS]


def _as_demo(frame: pd.DataFrame, export: PlatformExport, index: pd.Index) -> pd.DataFrame:
    """Rows indexed by the demo respondent each export row stands for, in ``index``'s order."""
    ids = export.id_map()
    out = frame.copy()
    out.index = pd.Index([ids[i] for i in frame.index], dtype="string", name=index.name)
    return out.loc[index]


@pytest.mark.parametrize("name", PARAMS)
def test_the_draft_reads_the_export_as_the_canonical_demo_export(name, platforms, survey_2026):
    canonical = survey_2026
    """The drafted mapping, unedited: the same respondents, answers and exclusions."""
    export, draft = platforms.export(name), platforms.draft(name)
    assert draft.unmatched == [], draft.text
    s = platforms.survey(name)
    assert sorted(export.id_map()[i] for i in s.responses.index) == \
        sorted(canonical.responses.index)
    pd.testing.assert_frame_equal(_as_demo(s.responses, export, canonical.responses.index),
                                  canonical.responses)
    contact = [c for c in canonical._private.columns if c.startswith("contact__")]
    pd.testing.assert_frame_equal(
        _as_demo(s._private[contact], export, canonical.responses.index),
        canonical._private[contact])
    first: dict[int, object] = {}
    for f in s.log.exclusions:
        first.setdefault(f.row, f)
    got = sorted((export.label(f.respondent_id), f.exclusion_reason) for f in first.values())
    assert got == export.expected_exclusions()
    assert s.rows_read == len(export.rows)
    acc = s.accounting.set_index("step")["n"]
    assert acc["rows read"] == acc["included"] + acc.drop(["rows read", "included"]).sum()
    assert set(s.log.excluded_rows().values()) <= set(EXCLUSION_REASONS + RULE_EXCLUSION_REASONS)


@pytest.mark.parametrize("name", PARAMS)
def test_the_draft_is_a_valid_mapping_that_says_what_it_guessed(name, platforms):
    draft = platforms.draft(name)
    m = load_mapping(platforms.mapping_file(name))
    m.check(CB)
    assert yaml.safe_load(draft.text)["year"] == 2026
    guessed = [line for line in draft.text.splitlines() if "# guessed" in line]
    assert len(guessed) >= draft.guessed
    assert not any(line.lstrip().startswith(('"', "-")) and "?" in line.split("#")[0][-3:]
                   for line in draft.text.splitlines())


def test_the_qualtrics_draft_recognises_the_platform(platforms):
    """Qualtrics: three header rows, previews and test responses by Status, completion by
    Finished and Progress, identifying columns private, the NPS group ignored, a text box
    per choice feeding the text field (or the number asked inside an option)."""
    text = platforms.draft("qualtrics_text.csv").text
    m = yaml.safe_load(text)
    assert m["header_rows"] == 3
    assert [r["reason"] for r in m["exclude"]][:3] == ["preview", "test", "spam"]
    assert m["complete"] == {"all": [{"column": "Finished", "in": ["True", 1]},
                                     {"column": "Progress", "at_least": 100}]}
    assert m["identifying"]["RecipientEmail"] == "email"
    assert m["identifying"]["IPAddress"] == "other"
    assert m["identifying"]["Organisatie"] == "organisation"
    assert "Q51_NPS_GROUP" in m["ignore"]
    assert {h: t for h, t in m["columns"].items() if h.startswith("Q12_")} == {
        "Q12_5_TEXT": "tariefpercentage__tekst", "Q12_3_TEXT": "tariefpercentage_hoger",
        "Q12_4_TEXT": "tariefpercentage_lager"}
    assert m["multi"]["zorgkantoren"] == {"column": "Q2", "delimiter": ","}
    assert m["labels"]["zorgkantoren"] == {"prefix": ["Zorgkantoor "]}
    assert any("vraag" in rx for rx in m["labels"]["*"]["remove"])


def test_the_draft_never_echoes_answers(platforms, demo_frame):
    """Only headers, question texts, choice labels and counts: no open answer, name or
    e-mail address of a respondent."""
    text = platforms.draft("qualtrics_text.csv").text
    free = [c for q in CB.questions for c in (q.text_column, q.comment_column) if c] \
        + ["contact__naam", "contact__email", "suggesties_inkoopbeleid"]
    answers = {v for c in free for v in demo_frame[c] if len(v) > 12}
    assert answers and not [a for a in answers if a in text]
    assert "@lid" not in text


def test_the_log_stays_readable(platforms):
    """Exact labels are no repairs: one routine summary line; each real repair its own line;
    previews and tests excluded with their own reasons."""
    s = platforms.survey("qualtrics_text.csv")
    assert len(s.log) < 60, [f.message for f in s.log]
    routine = [f for f in s.log.repairs if f.issue.startswith("routine: ")]
    assert len(routine) == 1
    assert int(re.search(r"routine: (\d+) cell", routine[0].issue).group(1)) > 5000
    assert not [f for f in s.log.repairs if f.row is not None and "codebook's label" in f.action]
    assert {f.exclusion_reason for f in s.log.exclusions} >= {"survey preview", "test response"}


@pytest.mark.slow
def test_the_shipped_example_mappings_are_the_current_drafts(tmp_path, demo_frame):
    """data/mappings/examples/ (linked from docs/platform_exports.md) holds what draft-mapping
    writes for each platform fixture today; regenerate with
    ``.venv/bin/python tests/platform_writers.py``."""
    from platform_writers import draft_examples

    folder = Path(__file__).resolve().parents[1] / "data" / "mappings" / "examples"
    shipped = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yml"))}
    assert shipped == draft_examples(tmp_path, CB, demo_frame)


@pytest.mark.slow
def test_surveymonkey_s_own_other_answer_written_only_as_its_text(platforms, survey_2026, tmp_path):
    """Review: SurveyMonkey's built-in 'Other (please specify)' leaves the Response cell empty and puts
    the text in the Other column; the draft mapped the column without `selects`, and 35 respondents
    were excluded as incomplete (exit 0). The draft now selects the question's one 'Anders' option."""
    import csv

    from wlzmonitor.inputs.survey import load_survey

    export = platforms.export("surveymonkey.csv")
    with open(export.path, encoding="utf-8", newline="") as f:
        grid = list(csv.reader(f))
    head, question = [], ""
    for a, b in zip(grid[0], grid[1]):  # the question is written over its first column only
        question = a or question
        head.append(f"{question} | {b}" if b else question)
    response = head.index("Welk tariefpercentage bent u overeengekomen met het zorgkantoor? | Response")
    other = head.index("Welk tariefpercentage bent u overeengekomen met het zorgkantoor? | Other (please specify)")
    moved = 0
    for row in grid[2:]:
        if row[response].startswith("Anders"):
            row[response], row[other] = "", row[other] or "zie toelichting"
            moved += 1
    assert moved > 0
    path = tmp_path / "surveymonkey_other.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(grid)
    mapping = yaml.safe_load(platforms.draft("surveymonkey.csv").text)
    assert {"column": "tariefpercentage__tekst", "selects": 5} in mapping["columns"].values()
    s = load_survey(path, CB, mapping=platforms.mapping_file("surveymonkey.csv"))
    assert len(s.responses) == len(platforms.survey("surveymonkey.csv").responses)
    pd.testing.assert_series_equal(s.responses["tariefpercentage"], platforms.survey("surveymonkey.csv").responses[
        "tariefpercentage"])


def test_a_draft_counts_the_answer_labels_no_option_matches(platforms, tmp_path, capsys):
    """Review: a LimeSurvey 'answer codes' export drafted '0 not matched' on the command line while
    the draft listed some 40 'values.…: ?' lines."""
    import csv

    from wlzmonitor.cli import main
    from wlzmonitor.inputs.draft_mapping import draft_mapping

    export = platforms.export("qualtrics_text.csv")
    with open(export.path, encoding="utf-8", newline="") as f:
        grid = list(csv.reader(f))
    column = next(i for i, text in enumerate(grid[1]) if text.startswith("Heeft u gebruikgemaakt van de mogelijkheid"))
    changed = 0
    for row in grid[3:]:
        if row[column] and changed < 3:
            row[column], changed = "Misschien wel", changed + 1
    path = tmp_path / "qualtrics_text.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(grid)
    draft = draft_mapping(path, CB)
    assert draft.unmatched_values == {"hardheidsclausule": 1} and ": ?" in draft.text
    assert main(["draft-mapping", "--year", "2026", str(path)]) == 0
    err = capsys.readouterr().err
    assert "; 1 answer label(s) of 1 column(s) no option matches (values.…: ? at the end of the draft)" in err
    assert draft_mapping(export.path, CB).unmatched_values == {}


@pytest.mark.slow
def test_a_form_that_repeats_a_column_title_is_read_through_its_mapping(platforms, tmp_path):
    """Review: a Google Forms export whose comment columns are all titled 'Toelichting' (not numbered)
    stopped draft-mapping and the load at 'column name(s) appear more than once'; the only fix was
    editing the export. Through a mapping, repeated titles are numbered ('Toelichting (2)', …) and
    said in the log; the drafted mapping names them so and the respondents read as the original."""
    import csv

    from wlzmonitor.inputs.draft_mapping import draft_mapping
    from wlzmonitor.inputs.reading import read_export
    from wlzmonitor.inputs.survey import load_survey

    export = platforms.export("google_forms.csv")
    with open(export.path, encoding="utf-8", newline="") as f:
        grid = list(csv.reader(f))
    grid[0] = [re.sub(r"^\d+\. Toelichting$", "Toelichting", h) for h in grid[0]]
    repeated = grid[0].count("Toelichting")
    assert repeated >= 5
    path = tmp_path / "google_forms.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(grid)
    from wlzmonitor.inputs.quality_log import ExportError

    with pytest.raises(ExportError, match=r"appear more than once .*an export mapping names repeated columns"):
        read_export(path)
    draft = draft_mapping(path, CB)
    assert '"Toelichting (2)"' in draft.text
    mapping = tmp_path / "google_forms.yml"
    mapping.write_text(draft.text, encoding="utf-8")
    s = load_survey(path, CB, mapping=mapping)
    baseline = platforms.survey("google_forms.csv")
    assert len(s.responses) == len(baseline.responses)
    pd.testing.assert_frame_equal(s.responses, baseline.responses)
    assert any(f"column name 'Toelichting' appears {repeated} times" in f.issue for f in s.log.findings)


@pytest.mark.parametrize("value, test", [
    ("test@actiz.example", True), ("Test Account", True), ("testaccount@zorg.example", True), ("test2@x.nl", True),
    ("m.test@zorg.example", False), ("Jan Test", False), ("contest@zorg.example", False), ("testament", False),
])
def test_the_drafted_test_rule_does_not_take_a_member_named_test(value, test):
    """Review (agency exports): the drafted rule excluded a member whose e-mail address or name holds the
    surname Test ('m.test@…') as a test response; "test" must open the value."""
    import re

    from wlzmonitor.inputs.platforms import TEST_VALUE

    assert bool(re.search(TEST_VALUE, value)) is test


def test_a_qualtrics_export_without_its_importid_row_is_read_with_its_two_header_rows(platforms, tmp_path):
    """Review (agency exports): a Qualtrics CSV whose third header row (ImportIds) was deleted (or an older
    download without it) stopped with "set header_rows: 2", which then read the ids and the question texts
    as "ResponseId | Response ID" and failed again: the analyst was sent in a circle. Row 2 being Qualtrics'
    question texts ("Response ID" under ResponseId), the export is read with the ids naming the columns and
    the texts skipped, the same respondents as with the ImportId row, and a warning says so."""
    from wlzmonitor.inputs.survey import load_survey

    name = "qualtrics_text.csv"
    full = platforms.export(name).path
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    assert '"ImportId"' in lines[2] or "ImportId" in lines[2]
    two = tmp_path / "qualtrics_zonder_importid.csv"
    two.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8")
    mapping = platforms.mapping_file(name)
    expected = platforms.survey(name)
    got = load_survey(two, CB, mapping=mapping)
    pd.testing.assert_frame_equal(got.responses, expected.responses)
    assert got.rows_read == expected.rows_read
    warnings = [f.issue for f in got.log if f.severity == "warning" and "ImportIds" in f.issue]
    assert warnings == ["the export has Qualtrics' column ids and question texts but no third header row of "
                        "ImportIds (deleted, or an older download)"]


def _qualtrics_with(platforms, tmp_path, column: str, value: str) -> tuple[Path, int]:
    """The Qualtrics text export with `value` in `column` of its first row of an included respondent (a
    finished response, no preview), and that row's number."""
    import csv
    import io

    name = "qualtrics_text.csv"
    path = platforms.export(name).path
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    included = set(platforms.survey(name).responses.index)
    at = next(i for i, row in enumerate(rows[3:], 3) if row[header.index("ResponseId")] in included)
    rows[at][header.index(column)] = value
    out = tmp_path / "qualtrics_bewerkt.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return out, at + 1


@pytest.mark.parametrize("value, shown", [("WAAR", "'WAAR'"), ("ja", "'ja'"), ("Yes", "'Yes'"),
                                          ("Voltooid", "'Voltooid'"), ("Klaar!", "text of 6 character(s)")])
def test_a_completion_value_the_mapping_does_not_know_is_an_error(platforms, tmp_path, value, shown):
    """Review (agency exports): a Qualtrics export saved by Excel in Dutch writes Finished as WAAR; the
    drafted rule (Finished in True, 1) read it as not finished and excluded the response as incomplete
    without a word. A filled completion value the rule does not list, and no word for an unfinished
    response, is an error naming the column, the value and the rows."""
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey

    path, row = _qualtrics_with(platforms, tmp_path, "Finished", value)
    with pytest.raises(ExportError) as ei:
        load_survey(path, CB, mapping=platforms.mapping_file("qualtrics_text.csv"))
    found = [f for f in ei.value.findings if f.column == "Finished"]
    assert len(found) == 1 and found[0].row == row, [f.message for f in ei.value.findings]
    assert found[0].issue == (
        f"1 row(s) (rows {row}) have {shown}, which the mapping's complete rule ('Finished' is one of 'True', "
        "'1') counts as not finished without listing it: a response would be excluded as incomplete by a "
        "value the mapping does not know")


@pytest.mark.parametrize("value", ["False", "ONWAAR", "nee", "0", ""])
def test_a_completion_value_for_an_unfinished_response_excludes_it_as_incomplete(platforms, tmp_path, value):
    """The other direction: a word for an unfinished response needs no listing (its row is incomplete)."""
    from wlzmonitor.inputs.survey import load_survey

    path, row = _qualtrics_with(platforms, tmp_path, "Finished", value)
    s = load_survey(path, CB, mapping=platforms.mapping_file("qualtrics_text.csv"))
    assert [f.exclusion_reason for f in s.log.exclusions if f.row == row] == [EXCLUSION_REASONS[1]]


@pytest.mark.parametrize("value", ["3.5", "3,5", "2-3", "2 à 3", "1 of 2", "5+"])
def test_a_drafted_number_label_pattern_never_cuts_a_number(platforms, tmp_path, value):
    """Review (agency exports): the drafted pattern for labels that open with their number ("1 zeer laag")
    removed everything after the first digit of any cell, so a slider's "3.5" or a merged "2-3" was read
    as 3 or 2 without a word. Such a cell is now reported as what it is."""
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey

    export, row = _qualtrics_with(platforms, tmp_path, "Q31_1", value)
    with pytest.raises(ExportError) as err:
        load_survey(export, CB, mapping=platforms.mapping_file("qualtrics_text.csv"))
    assert any(f.row == row and f.column == "geldstromen_belasting__zzp" for f in err.value.findings)


def test_label_patterns_are_not_tried_on_a_cell_longer_than_any_label(platforms, tmp_path, monkeypatch):
    """Review (agency exports): the drafted label patterns (trailing dots: '\\s*[.…:]+$') take quadratic time
    on a long run of dots, so a cell of a megabyte of dots hung the load for hours. A cell longer than twice
    the longest label the column knows (and 200 characters) is no label: the patterns are not tried on it
    and validation reports it as the text it is."""
    from wlzmonitor.inputs.labels import LabelPatterns
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey

    real = LabelPatterns.apply

    def apply(self, text):
        assert len(text) < 5000, "a label pattern was tried on a cell of %d characters" % len(text)
        return real(self, text)

    monkeypatch.setattr(LabelPatterns, "apply", apply)
    export, row = _qualtrics_with(platforms, tmp_path, "Q1", "." * 200_000 + "x")
    with pytest.raises(ExportError) as err:
        load_survey(export, CB, mapping=platforms.mapping_file("qualtrics_text.csv"))
    assert any(f.row == row and f.column == "omzet" and "200001 characters" in f.issue for f in err.value.findings)


def test_draft_mapping_refuses_an_export_without_its_header_row(platforms, tmp_path):
    """Review (agency exports): on a Google Forms export without its header row the draft took the first
    respondent's cells for column names and wrote them (an e-mail address, a name with a phone number, an
    open answer) into the mapping and its summary. A first row holding an e-mail address or a phone number
    has no column names: an error naming the column, not the value."""
    from wlzmonitor.inputs.draft_mapping import draft_mapping
    from wlzmonitor.inputs.quality_log import ExportError

    import csv
    import io

    path = platforms.export("google_forms.csv").path
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))[1:]
    rows[0] = [cell or f"leeg {i}" for i, cell in enumerate(rows[0])]  # no empty "column name" to stop at first
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    headless = tmp_path / "zonder_kop.csv"
    headless.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(ExportError) as err:
        draft_mapping(headless, CB)
    message = str(err.value)
    assert "of the first row holds an e-mail address, which no column name is" in message
    assert "@" not in message.replace(str(headless), "")
    assert draft_mapping(path, CB).text  # with its header row: drafted as before


def test_an_export_written_with_decomposed_accents_reads_as_the_same_export(platforms, tmp_path):
    """Review (agency exports): an export whose text is in NFD ("e" + U+0308 for "ë", as macOS tools and
    text copied from a PDF write it) failed on every label and header with a diacritic ('cliënten',
    'enquête'), with messages that printed the header the same as the mapping's key. Labels and headers
    are compared with their accents composed."""
    import unicodedata

    from wlzmonitor.inputs.survey import load_survey

    name = "google_forms.csv"
    text = platforms.export(name).path.read_text(encoding="utf-8")
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    path = tmp_path / "google_forms_nfd.csv"
    path.write_text(decomposed, encoding="utf-8")
    got = load_survey(path, CB, mapping=platforms.mapping_file(name))
    expected = platforms.survey(name)
    codes = [c for c in expected.responses.columns if str(expected.responses[c].dtype) != "string"]
    pd.testing.assert_frame_equal(got.responses[codes], expected.responses[codes])


def test_the_draft_of_an_export_with_the_codebook_s_own_names_maps_only_the_others(tmp_path, demo_frame):
    """Newcomer review: an export with this year's column names but one renamed ('maatwerk' as its question
    text) was drafted with all 162 codebook-named columns "NOT MATCHED" and contact__email under
    identifying, and that draft failed check-export. Columns with the codebook's names are read as they
    are; the draft maps the renamed one, and the export loads through it as the demo export does."""
    from wlzmonitor.demo.generator import demo_export_path
    from wlzmonitor.inputs.draft_mapping import draft_mapping
    from wlzmonitor.inputs.survey import load_survey

    frame = pd.read_csv(demo_export_path(2026), dtype=str, keep_default_na=False)
    question = CB.question("maatwerk")
    renamed = frame.rename(columns={"maatwerk": f"{question.number}. {question.text}"})
    path = tmp_path / "export_2026.csv"
    renamed.to_csv(path, index=False)
    draft = draft_mapping(path, CB)
    assert draft.unmatched == [] and "contact__email" not in draft.text, draft.text
    assert "have the codebook's own names and are read as they are" in draft.text
    mapping = tmp_path / "2026.yml"
    mapping.write_text(draft.text, encoding="utf-8")
    got, expected = load_survey(path, CB, mapping=mapping), load_survey(demo_export_path(2026), CB)
    pd.testing.assert_frame_equal(got.responses, expected.responses)


def test_a_header_longer_than_any_question_is_not_compared_by_similarity(monkeypatch):
    """Review (agency exports): draft-mapping compared every header with every question text by similarity,
    ~80 µs a character: a 2.4 MB header took 218 s. A header longer than any question's text (plus 200
    characters) is no question's: it is not compared."""
    import difflib

    from wlzmonitor.inputs.draft_match import _Questions

    questions = _Questions(CB)
    calls = []
    real = difflib.SequenceMatcher.ratio
    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", lambda self: calls.append(1) or real(self))
    assert questions.find("q" + " vraag" * 5000)[0] is None and calls == []
    question = CB.question("maatwerk")
    assert questions.find(question.text.lower().replace(" ", "  ", 1) + "x")[0] is not None or calls  # short: compared
