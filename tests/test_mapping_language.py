"""The mapping language for survey platforms' exports, case by case on the mini codebook.

Three header rows; row rules (previews, test responses, spam with their own reasons;
completion from the export's status columns); several text boxes into one text field;
``selects``; label patterns (prefix, suffix, regex) applied before matching; multi-select cells
split on the known labels, longest first; routine label matches in one summary line; a column
the mapping does not mention that holds answers; the personal-data check of headers; the form
of the mapping file; ``check-export`` and ``draft-mapping`` on the command line.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.inputs.labels import LabelPatterns, LabelTable, split_choices
from wlzmonitor.inputs.mapping import ExportMapping, MappingError, MultiColumn, load_mapping
from wlzmonitor.inputs.mapping_file import looks_personal
from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.reading import read_export
from wlzmonitor.inputs.row_rules import parse_condition
from wlzmonitor.inputs.survey import load_survey

from mini_export import MINI_CODEBOOK, base_rows, write_rows

MINI = load_codebook(MINI_CODEBOOK)
ROOT = Path(__file__).resolve().parents[1]


def canonical(tmp: Path):
    return load_survey(write_rows(tmp / "canon.csv", base_rows(), MINI.columns()), MINI,
                       mapping=None)


def write_grid(path: Path, header: list[list[str]], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerows(header + rows)
    return path


def grid(columns: list[str], rows: list[dict]) -> list[list[str]]:
    return [[r.get(c, "") for c in columns] for r in rows]


# --------------------------------------------------------------------------------------------
# header rows


def test_three_header_rows_csv_and_xlsx(tmp_path):
    """Qualtrics: row 1 names the columns, rows 2 (question texts) and 3 (ImportIds) are
    skipped; the first respondent is row 4."""
    import openpyxl

    cols = MINI.columns()
    rows = base_rows()
    rows[0]["omzet"] = "MINDER DAN 20 miljoen euro"   # a real repair, to see its row number
    header = [cols, [f"Vraag over {c}" for c in cols], [f'{{"ImportId":"QID{i}"}}'
                                                         for i, _ in enumerate(cols)]]
    path = write_grid(tmp_path / "q.csv", header, grid(cols, rows))
    wb = openpyxl.Workbook()
    for r in header + grid(cols, rows):
        wb.active.append([v or None for v in r])
    wb.save(tmp_path / "q.xlsx")
    for p in (path, tmp_path / "q.xlsx"):
        s = load_survey(p, MINI, mapping=ExportMapping(header_rows=3))
        pd.testing.assert_frame_equal(s.responses, canonical(tmp_path).responses)
        assert [(f.row, f.column) for f in s.log.repairs] == [(4, "omzet")]
    with pytest.raises(ExportError, match="fewer than the 3 header rows"):
        read_export(write_grid(tmp_path / "short.csv", header[:2], []), header_rows=3)
    # review: the same mapping on an export without the ImportId row read its first respondent as a
    # header row (one respondent lost, exit 0)
    two = write_grid(tmp_path / "two.csv", header[:2], grid(cols, rows))
    with pytest.raises(ExportError, match=r"row 3 holds no \{\"ImportId\": …\} cell: it would be read as a header "
                                          r"and its respondent lost\. When row 2 holds the question texts, "
                                          r"this export has 2 header rows"):
        load_survey(two, MINI, mapping=ExportMapping(header_rows=3))


# --------------------------------------------------------------------------------------------
# row rules


def _with_status(tmp: Path) -> Path:
    """The mini export with Status/Finished/Progress and no voltooid: a preview, a test
    response, a spam response and an unfinished one besides the three respondents."""
    cols = ["Status", "Finished", "Progress"] + [c for c in MINI.columns() if c != "voltooid"]
    rows = []
    for r in base_rows():
        rows.append(dict(r, Status="IP Address", Finished="True", Progress="100"))
    extra = [("P1", "Survey Preview", "True", "100"), ("T1", "Survey Test", "True", "100"),
             ("S1", "Spam", "True", "100"), ("U1", "IP Address", "False", "40")]
    for rid, status, finished, progress in extra:
        rows.append(dict(base_rows()[0], respondent_id=rid, Status=status, Finished=finished,
                         Progress=progress))
    return write_grid(tmp / "status.csv", [cols], grid(cols, rows))


RULES = """
year: 2099
exclude:
  - {column: Status, in: ["Survey Preview", 1], reason: preview}
  - {column: Status, in: ["Survey Test", 2], reason: test}
  - {column: Status, in: ["Spam", 8], reason: spam}
complete:
  all:
    - {column: Finished, in: ["True", 1]}
    - {column: Progress, at_least: 100}
"""


def test_row_rules_exclude_with_their_own_reasons(tmp_path):
    (tmp_path / "m.yml").write_text(RULES, encoding="utf-8")
    s = load_survey(_with_status(tmp_path), MINI, mapping=tmp_path / "m.yml")
    pd.testing.assert_frame_equal(s.responses, canonical(tmp_path).responses)
    assert s.rows_read == 7 and s.n == 3
    assert sorted((f.respondent_id, f.exclusion_reason) for f in s.log.exclusions) == [
        ("P1", "survey preview"), ("S1", "spam"), ("T1", "test response"),
        ("U1", "incomplete response (voltooid = 0)")]
    acc = dict(s.accounting.itertuples(index=False))
    assert acc["excluded: survey preview"] == acc["excluded: test response"] == 1
    assert acc["excluded: spam"] == 1
    preview = next(f for f in s.log.exclusions if f.respondent_id == "P1")
    assert preview.issue == "survey preview: 'Status' is one of 'Survey Preview', '1'"
    assert not [f for f in s.log.warnings if f.column in ("Status", "Finished", "Progress")]


def test_without_rules_a_preview_is_a_respondent_and_status_an_unmapped_column(tmp_path):
    """What the issue found: the obvious mapping analysed a preview. Now the status columns
    that hold answers stop the load until the mapping says what they are."""
    with pytest.raises(ExportError) as ei:
        load_survey(_with_status(tmp_path), MINI,
                    mapping=ExportMapping(complete=parse_condition(True, "complete")))
    assert {f.column for f in ei.value.findings} == {"Status", "Finished", "Progress"}
    assert "does not say what it is" in str(ei.value)


RESPONDENTS = RULES + 'respondents: {column: Status, in: ["IP Address", "Imported", 0, 4]}\n'


def test_the_respondents_rule_keeps_the_statuses_it_knows_and_checks_no_excluded_row(tmp_path):
    """Every status of the export is known: the same load as without the rule (the excluded
    preview, test and spam rows are not checked against it)."""
    (tmp_path / "m.yml").write_text(RESPONDENTS, encoding="utf-8")
    s = load_survey(_with_status(tmp_path), MINI, mapping=tmp_path / "m.yml")
    pd.testing.assert_frame_equal(s.responses, canonical(tmp_path).responses)
    assert s.rows_read == 7 and s.n == 3 and len(s.log.exclusions) == 4 and not s.log.errors


@pytest.mark.parametrize("status, got", [
    ("Edited", "Status text of 6 character(s)"),      # a status the tool added: text by its length only
    ("Survey Edited by agency", "Status text of 23 character(s)"),
    ("Piet", "Status text of 4 character(s)"),        # a short word can be a name typed into the wrong column
    ("3", "Status '3'"),                              # a code the rules do not name
    ("17.0", "Status '17.0'"),
    ("", "Status empty"),                             # a status left out (an edited export)
    ("jan.jansen@zorggroep.nl", "Status text of 23 character(s)"),  # never the value itself
])
def test_a_status_the_mapping_does_not_know_is_an_error_naming_the_row(tmp_path, status, got):
    """What the review found: a status no rule names (Qualtrics added one, an agency typed one)
    was analysed as a response without a word. Now it is an error naming the row, the column,
    the value and what the mapping knows."""
    (tmp_path / "m.yml").write_text(RESPONDENTS, encoding="utf-8")
    path = _with_status(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("IP Address", status, 1), encoding="utf-8")
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=tmp_path / "m.yml")
    errors = [(f.row, f.respondent_id, f.column, f.issue, f.expected, f.action) for f in ei.value.findings
              if f.severity == "error"]
    assert errors == [(2, "1", "Status", f"got {got}: not a status of a response the mapping knows",
                       "a row the tool marks as a response: 'Status' is one of 'IP Address', 'Imported', '0', '4'",
                       f"add the value to 'respondents', or to an 'exclude' rule with its reason, in {tmp_path / 'm.yml'}")]
    assert "jan.jansen" not in str(ei.value) and ("Piet" not in str(ei.value) or status != "Piet")


def test_a_respondents_rule_that_names_an_address_does_not_copy_it_into_the_log(tmp_path):
    """Review: the rule's own values went into the finding's 'expected' unscrubbed (a column whose header
    does not look personal, 'Afzender', with an address in not_in)."""
    (tmp_path / "m.yml").write_text(RULES + 'respondents: {all: [{column: Status, in: ["IP Address"]}, '
                                    '{column: Afzender, not_in: ["jan.jansen@zorggroep.nl"]}]}\n', encoding="utf-8")
    path = _with_status(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",Afzender"] + [line + ",iemand" for line in lines[1:]]
    path.write_text("\n".join(lines).replace("IP Address", "Edited", 1) + "\n", encoding="utf-8")
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=tmp_path / "m.yml")
    (error,) = [f for f in ei.value.findings if f.severity == "error"]
    assert "jan.jansen" not in str(ei.value) and "jan.jansen" not in (error.expected or "")
    assert error.expected == ("a row the tool marks as a response: ('Status' is one of 'IP Address' and 'Afzender' is "
                              "none of '[e-mailadres]')")


def test_a_respondents_rule_on_a_personal_column_does_not_show_its_values(tmp_path):
    (tmp_path / "m.yml").write_text(RULES + "identifying: {Status: other}\n"
                                    + 'respondents: {column: Status, in: ["IP Address"]}\n', encoding="utf-8")
    path = _with_status(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("IP Address", "Piet", 1),
                    encoding="utf-8")
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=tmp_path / "m.yml")
    (error,) = [f for f in ei.value.findings if f.severity == "error"]
    assert error.issue == "got Status (a column with personal data): not a status of a response the mapping knows"
    assert error.expected == ("a row the tool marks as a response: 'Status' is one of 1 value(s) of the mapping "
                              "(a column with personal data: not shown)")
    assert "Piet" not in str(ei.value) and "IP Address" not in str(ei.value)


def test_a_rule_on_a_missing_column_is_an_error(tmp_path):
    (tmp_path / "m.yml").write_text(RULES.replace("Progress, at_least", "Voortgang, at_least"),
                                    encoding="utf-8")
    with pytest.raises(ExportError, match="'Voortgang'.*missing column"):
        load_survey(_with_status(tmp_path), MINI, mapping=tmp_path / "m.yml")


@pytest.mark.parametrize("text, message", [
    ("exclude: [{column: Status, in: [1]}]", "exclude[1]: a condition with a reason"),
    ("exclude: [{column: Status, in: [1], reason: oops}]", "reason must be one of"),
    ("exclude: [{column: Status, is: 1, reason: test}]", "one OP of"),
    ("complete: {column: Progress, at_least: veel}", "at_least: a number"),
    ("complete: {all: []}", "complete.all: a list of conditions"),
    ("complete: {column: E, matches: '('}", "not a regular expression"),
    ("respondents: true", "respondents: a condition must be a mapping"),
    ("", "the mapping file is empty"),                   # cut off, or saved before it was written
    ("# Draft mapping of export.csv", "the mapping file is empty"),
    ("respondents: {column: Status, one_of: [0]}", "respondents: a condition is {column: HEADER, OP: ...}"),
    ("header_rows: 4", "header_rows must be 1, 2 or 3"),
    ("year: '2026'", "year must be a whole number"),
    ("labels: {omzet: {remove: ['(']}}", "is not a regular expression"),
    ("labels: {omzet: {strip: ['x']}}", "labels.omzet: a mapping with prefix, suffix, remove"),
    ("columns: {X: {column: zorgtype__tekst, selects: drie}}", "the code must be a whole number"),
])
def test_malformed_mapping_files(tmp_path, text, message):
    (tmp_path / "m.yml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(MappingError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_mapping(tmp_path / "m.yml")


# --------------------------------------------------------------------------------------------
# several columns into one, selects


def test_a_text_box_per_choice_feeds_the_text_field(tmp_path):
    """Qualtrics writes a _TEXT column per choice; all feed the question's text field. None
    is lost (the issue: 238 open answers dropped with a warning only)."""
    cols = [c for c in MINI.columns() if c != "zorgtype__tekst"] + ["Z_1_TEXT", "Z_3_TEXT"]
    rows = base_rows()
    rows[1]["Z_3_TEXT"] = rows[1].pop("zorgtype__tekst")
    m = ExportMapping(columns={"Z_1_TEXT": "zorgtype__tekst", "Z_3_TEXT": "zorgtype__tekst"})
    s = load_survey(write_grid(tmp_path / "t.csv", [cols], grid(cols, rows)), MINI, mapping=m)
    pd.testing.assert_frame_equal(s.responses, canonical(tmp_path).responses)
    rows[1]["Z_1_TEXT"] = "Ook thuiszorg"
    s = load_survey(write_grid(tmp_path / "t2.csv", [cols], grid(cols, rows)), MINI, mapping=m)
    assert s.responses.loc["2", "zorgtype__tekst"] == "Ook thuiszorg\nDagbesteding"
    w = next(f for f in s.log.warnings if f.column == "zorgtype__tekst")
    assert w.issue == "1 row(s) have text in more than one of the columns Z_1_TEXT, Z_3_TEXT"
    assert "Dagbesteding" not in s.log.to_frame().to_csv()


def test_several_columns_for_a_coded_column_is_a_mapping_error():
    m = ExportMapping(columns={"A": "omzet", "B": "omzet"})
    with pytest.raises(MappingError, match="'B' and 'A' both map to 'omzet' .only a free-text"):
        m.check(MINI)


def test_selects_a_filled_other_box_selects_its_option(tmp_path):
    """LimeSurvey's '[other]' box has no option column of its own: a text in it selects the
    option."""
    cols = [c for c in MINI.columns() if c not in ("redenen__4",)]
    rows = base_rows()
    rows[2]["redenen__3"] = "0"
    rows[2]["redenen__tekst"] = "Huisvesting"
    (tmp_path / "m.yml").write_text(
        "columns:\n  'Q3[other]': {column: redenen__tekst, selects: 4}\n", encoding="utf-8")
    heads = ["Q3[other]" if c == "redenen__tekst" else c for c in cols]
    s = load_survey(write_grid(tmp_path / "o.csv", [heads], grid(cols, rows)), MINI,
                    mapping=tmp_path / "m.yml")
    assert s.responses.loc["10", ["redenen__3", "redenen__4"]].tolist() == [0, 1]
    assert s.responses.loc["10", "redenen__tekst"] == "Huisvesting"
    assert s.responses.loc["1", "redenen__4"] == 0


# --------------------------------------------------------------------------------------------
# labels


def test_label_patterns_are_applied_before_matching_and_are_routine(tmp_path):
    rows = base_rows()
    labels = {o.code: o.label for o in MINI.question("omzet").options}
    for r in rows:
        r["omzet"] = f"Keuze: {labels[int(r['omzet'])]} (ga door naar vraag 2)"
        r["nps"] = f"{r['nps']} punten"
    cols = MINI.columns()
    m = ExportMapping(labels={"omzet": LabelPatterns(prefix=("Keuze: ",),
                                                     remove=(r"\s*\([^()]*vraag \d+\)$",)),
                              "nps": LabelPatterns(suffix=(" punten",))})
    s = load_survey(write_grid(tmp_path / "l.csv", [cols], grid(cols, rows)), MINI, mapping=m)
    pd.testing.assert_frame_equal(s.responses, canonical(tmp_path).responses)
    assert [f.issue for f in s.log.repairs] == [
        "routine: 6 cell(s) in 2 column(s) held an option's label (6 after the export "
        "mapping's label patterns)"]


def test_exact_labels_are_routine_and_declared_ones_logged_once_per_question(tmp_path):
    rows = base_rows()
    for r in rows:
        r["omzet"] = {o.code: o.label for o in MINI.question("omzet").options}[int(r["omzet"])]
        for c in ("gebruik__zzp", "gebruik__meerzorg"):
            r[c] = {"1": "J", "2": "N"}[r[c]]
    cols = MINI.columns()
    m = ExportMapping(values={"gebruik": {"J": 1, "N": 2}})
    s = load_survey(write_grid(tmp_path / "v.csv", [cols], grid(cols, rows)), MINI, mapping=m)
    pd.testing.assert_frame_equal(s.responses, canonical(tmp_path).responses)
    assert [(f.column, f.issue, f.action) for f in s.log.repairs] == [
        ("gebruik__*", "got 'J' in 2 cells of 2 columns (rows 2, 4)",
         "read as 1 (the export mapping: values.gebruik)"),
        ("gebruik__*", "got 'N' in 4 cells of 2 columns (rows 2, 3, 4)",
         "read as 2 (the export mapping: values.gebruik)"),
        (None, "routine: 3 cell(s) in 1 column(s) held an option's label (3 exactly as the "
               "codebook words it)", "labels read as their option's code, empty option cells "
               "as 0 (not selected); not listed one by one")]


def test_multi_select_split_on_known_labels_longest_first(tmp_path):
    """Labels containing the delimiter ("Anders, namelijk" in a ', '-joined Google Forms cell)
    survive; a piece that is no option is an error naming it."""
    q = MINI.question("redenen")
    table = LabelTable([(o.label, o.code) for o in q.options], q.codes,
                       patterns=LabelPatterns(prefix=("Reden: ",)))
    found, unknown = split_choices("Reden: Anders, namelijk, Personeel, Zorgzwaarte, ", ", ",
                                   table.resolve)
    assert [r.code for r in found] == [4, 1, 3] and unknown == []
    found, unknown = split_choices("Anders, namelijk,Geld", ",", table.resolve)
    assert [r.code for r in found] == [4] and unknown == ["Geld"]
    rows = base_rows()
    rows[0]["redenen"] = "Personeel, Anders, namelijk"
    rows[0]["redenen__tekst"] = "Huur"
    rows[2]["redenen"] = "Zorgzwaarte"
    cols = [c for c in MINI.columns() if not c.startswith("redenen__") or c == "redenen__tekst"]
    cols.insert(3, "redenen")
    s = load_survey(write_grid(tmp_path / "m.csv", [cols], grid(cols, rows)), MINI,
                    mapping=ExportMapping(multi=[MultiColumn("redenen", "redenen", ", ")]))
    assert s.responses.loc["1", [f"redenen__{c}" for c in (1, 2, 3, 4)]].tolist() == [1, 0, 0, 1]


# --------------------------------------------------------------------------------------------
# columns the mapping does not mention, personal data


def test_an_unmentioned_column_with_answers_is_an_error_an_empty_one_a_warning(tmp_path):
    cols = MINI.columns() + ["Q99", "Leeg"]
    rows = [dict(r, Q99="iets") for r in base_rows()]
    with pytest.raises(ExportError) as ei:
        load_survey(write_grid(tmp_path / "u.csv", [cols], grid(cols, rows)), MINI,
                    mapping=ExportMapping(ignore=["Niet aanwezig"]))
    assert [(f.column, f.issue) for f in ei.value.findings] == [
        ("Q99", "the column holds 3 answer(s) but the export mapping does not say what it is")]
    s = load_survey(write_grid(tmp_path / "u2.csv", [cols], grid(cols, base_rows())), MINI,
                    mapping=ExportMapping())
    assert [f.column for f in s.log.warnings] == ["Q99", "Leeg"]


def test_the_personal_data_check_of_headers():
    assert looks_personal("E-mail") and looks_personal("Naam organisatie")
    assert looks_personal("IP Address") and looks_personal("IPAddress")
    assert looks_personal("LocationLatitude") and looks_personal("RecipientLastName")
    question = ("Wat is de totale jaaromzet (Wlz, Wmo, Zvw, subsidies/overige) van de gehele "
                "zorgorganisatie/concern? | Response")
    assert not looks_personal(question)
    assert not looks_personal("Gaat uw organisatie in 2026 zorg bieden aan cliënten via het PGB?")
    ExportMapping(columns={question: "omzet"}).check(MINI)
    with pytest.raises(MappingError, match="'Naam organisatie' looks like personal data"):
        ExportMapping(columns={"Naam organisatie": "suggesties"}).check(MINI)
    ExportMapping(columns={"Naam organisatie": "suggesties"},
                  not_personal=["naam organisatie"]).check(MINI)


# --------------------------------------------------------------------------------------------
# the command line


@pytest.fixture
def repo_copy(tmp_path, monkeypatch):
    """A repository view with config/ and the 2026 codebook, as WLZ_MONITOR_ROOT."""
    from wlzmonitor.spec.config import load_config

    root = tmp_path / "repo"
    shutil.copytree(ROOT / "config", root / "config")
    (root / "data" / "codebooks").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "codebooks" / "2026.yml", root / "data" / "codebooks")
    (root / "data" / "mappings").mkdir()
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    load_config.cache_clear()
    yield root
    load_config.cache_clear()


@pytest.mark.filterwarnings("ignore::pandas.errors.PerformanceWarning")  # 160 missing columns
def test_check_export_with_the_years_mapping_file(repo_copy, capsys):
    """The documented command works once data/mappings/<year>.yml exists (the issue: a
    TypeError), and a wrong mapping file is one message with exit code 2, no traceback."""
    from wlzmonitor.cli import main

    rows = [
        ["Timestamp", "Email Address", "1. Wat is de jaaromzet?"],
        ["20-11-2025 08:24:00", "a@lid.example", "x"],
    ]
    export = write_grid(repo_copy / "export.csv", rows[:1], rows[1:])
    mapping = repo_copy / "data" / "mappings" / "2026.yml"
    mapping.write_text("year: 2026\nheader_rows: 1\nbogus: 1\n", encoding="utf-8")
    assert main(["check-export", "--year", "2026", str(export)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"wlzmonitor check-export: {mapping}: unknown key(s) bogus")
    mapping.write_text("year: 2026\ncolumns: {'E-mail': omzet}\n", encoding="utf-8")
    assert main(["check-export", "--year", "2026", str(export)]) == 2
    assert "'E-mail' looks like personal data" in capsys.readouterr().err
    mapping.write_text("year: 2026\ncomplete: true\nidentifying: {Email Address: email}\n"
                       "columns: {Timestamp: respondent_id}\n", encoding="utf-8")
    assert main(["check-export", "--year", "2026", str(export)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"mapping: {mapping}")
    assert "'1. Wat is de jaaromzet?': the column holds 1 answer(s)" in err
    assert main(["check-export", "--year", "2026", "--mapping", "none", str(export)]) == 1


def test_draft_mapping_command(tmp_path, capsys):
    from wlzmonitor.cli import main

    cols = ["ResponseId", "Status", "Finished", "Progress", "Q1"]
    header = [cols, ["Response ID", "Response Type", "Finished", "Progress",
                     MINI.question("omzet").text],
              ['{"ImportId":"_recordId"}', '{"ImportId":"status"}', '{"ImportId":"finished"}',
               '{"ImportId":"progress"}', '{"ImportId":"QID1"}']]
    export = write_grid(tmp_path / "q.csv", header, [["R_1", "IP Address", "True", "100",
                                                      "Meer dan 100 miljoen euro"]])
    assert main(["draft-mapping", "--year", "2026", str(export)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# Draft mapping of q.csv: Qualtrics, CSV, 3 header rows")
    assert "header_rows: 3" in out and '"ResponseId": respondent_id' in out
    assert err.startswith("draft-mapping: Qualtrics; 4 columns matched (0 guessed), 1 not "
                          "matched: Q1")


def test_the_platform_keys_example_in_the_docs_fits_the_2026_codebook(tmp_path):
    """The mapping shown in docs/mapping_exports.md ("The platform keys") is valid."""
    import re

    from wlzmonitor.spec.codebook_parse import codebook_for_year

    text = (ROOT / "docs" / "mapping_exports.md").read_text(encoding="utf-8")
    block = re.search(r"### The platform keys\n\n```yaml\n(.*?)```", text, re.S).group(1)
    (tmp_path / "m.yml").write_text(block, encoding="utf-8")
    m = load_mapping(tmp_path / "m.yml")
    m.check(codebook_for_year(2026))
    assert [r.reason for r in m.exclude] == ["preview", "test", "test"]
    assert m.selects == {"Q29[other]": 6} and m.header_rows == 3


def test_the_draft_does_not_write_a_value_seen_once(tmp_path):
    """A form's "Other:" box puts the typed text in the answer column: a value seen in one
    row only is not written into the draft (it may be a typed answer)."""
    from wlzmonitor.inputs.draft_mapping import draft_mapping

    cols = ["Tijdstempel", "E-mailadres", "1. Wat is de jaaromzet van uw organisatie?"]
    typed = "Ongeveer 30 miljoen, bij Zorggroep De Linde"
    rows = [["19-11-2025 09:00:00", "a@lid.example", "Meer dan 100 miljoen euro"],
            ["19-11-2025 10:00:00", "b@lid.example", "20 tot 40 miljoen euro"],
            ["19-11-2025 11:00:00", "c@lid.example", typed]]
    draft = draft_mapping(write_grid(tmp_path / "g.csv", [cols], rows), MINI)
    assert typed not in draft.text and "a@lid.example" not in draft.text
    assert "#   values.omzet: 1 value(s) seen in one row only or holding personal data, not shown" in draft.text
    assert '"1. Wat is de jaaromzet van uw organisatie?": omzet' in draft.text


@pytest.mark.parametrize("typed", ["Overleg met Kok en de Haan", "Bel 06-12345678", "mail info@linde.example",
                                   "Via mevrouw Verbeek", "Contact: dhr. P. Tromp", "tdehaan regelt het"])
def test_the_draft_does_not_write_personal_data_typed_in_two_rows(tmp_path, typed):
    """Review (agency exports): a form's "Other:" text typed alike in two rows was written into the
    draft as a label to map: a contact's surname ("Kok", "de Haan": the words of the export's own
    e-mail column), a phone number, an e-mail address, a name after a title. Such a label is counted,
    not written."""
    from wlzmonitor.inputs.draft_mapping import draft_mapping

    cols = ["Tijdstempel", "E-mailadres", "1. Wat is de jaaromzet van uw organisatie?"]
    emails = ["n.kok@lid.example", "t.dehaan@lid.example", "a@lid.example", "b@lid.example"]
    answers = ["Meer dan 100 miljoen euro", "20 tot 40 miljoen euro", typed, typed]
    rows = [[f"19-11-2025 0{i}:00:00", e, a] for i, (e, a) in enumerate(zip(emails, answers))]
    draft = draft_mapping(write_grid(tmp_path / "g.csv", [cols], rows), MINI)
    assert typed not in draft.text and "Kok" not in draft.text and "Haan" not in draft.text
    assert ("#   values.omzet: 1 value(s) seen in one row only or holding personal data, not shown"
            in draft.text)


@pytest.mark.parametrize("header", ["Opmerking Tessa de Haan", "Terugbellen 06-12345678", "Vraag van t.dehaan",
                                    "Opmerking Wilgenlanden"])
def test_the_draft_does_not_write_an_unmatched_header_holding_personal_data(tmp_path, capsys, header):
    """Review (privacy, F04): an unmatched column's header holding a contact's name ("Opmerking Tessa de Haan")
    or a phone number was written into the draft and the command's summary on stderr. It is named by its
    position there; a header that names no one is written to be mapped."""
    from wlzmonitor.cli import main
    from wlzmonitor.inputs.draft_mapping import draft_mapping

    cols = ["Tijdstempel", "E-mailadres", "1. Wat is de jaaromzet van uw organisatie?", header, "Notitie intern"]
    emails = ["t.dehaan@wilgenlanden.example", "a@gmail.example"]
    rows = [[f"19-11-2025 0{i}:00:00", e, "Meer dan 100 miljoen euro", "ja", "x"] for i, e in enumerate(emails)]
    path = write_grid(tmp_path / "g.csv", [cols], rows)
    draft = draft_mapping(path, MINI)
    assert header not in draft.text and "Haan" not in draft.text and "12345678" not in draft.text
    assert "Wilgenlanden" not in draft.text
    assert "#   column 4 (D) (header not shown: it holds personal data or a word of a contact's name): ?" in draft.text
    assert '#   "Notitie intern": ?' in draft.text
    assert draft.unmatched[1] == "Notitie intern"
    main(["draft-mapping", str(path), "--year", "2026"])
    err = capsys.readouterr().err
    assert "Notitie intern" in err and header not in err and "Haan" not in err


def test_the_draft_writes_a_label_typed_in_two_rows_that_names_no_one(tmp_path):
    """The other direction: a label of two rows that holds nothing personal is written to be mapped."""
    from wlzmonitor.inputs.draft_mapping import draft_mapping

    cols = ["Tijdstempel", "E-mailadres", "1. Wat is de jaaromzet van uw organisatie?"]
    rows = [[f"19-11-2025 0{i}:00:00", e, "Circa 30 miljoen"] for i, e in enumerate(["n.kok@lid.example",
                                                                                 "t.dehaan@lid.example"])]
    draft = draft_mapping(write_grid(tmp_path / "g.csv", [cols], rows), MINI)
    assert '"Circa 30 miljoen"' in draft.text


def test_a_rule_may_read_a_codebook_column(tmp_path):
    """A row rule on a column the codebook has (omzet, voltooid, the id) keeps that column for
    the codebook (review: it was dropped with the rules' own columns and then reported missing)."""
    (tmp_path / "m.yml").write_text(
        "year: 2099\nexclude:\n  - {column: omzet, in: [\"4\"], reason: test}\n", encoding="utf-8")
    path = write_rows(tmp_path / "canon.csv", base_rows(), MINI.columns())
    s = load_survey(path, MINI, mapping=tmp_path / "m.yml")
    assert s.rows_read == 3 and s.n == 2 and "2" not in s.responses.index
    assert sorted(s.responses["omzet"].dropna().astype(int)) == [1, 3]
    assert [(f.respondent_id, f.exclusion_reason) for f in s.log.exclusions] == [("2", "test response")]


def test_a_draft_reads_ja_and_nee_in_a_multi_select_option_column():
    """Review: LimeSurvey's full-answer export writes 'Ja'/'Nee' per option column; the draft guessed
    'Ja': 1 and left 'Nee' unmatched."""
    from wlzmonitor.inputs.draft_values import analyse_labels
    from wlzmonitor.spec.codebook_parse import codebook_for_year

    q = codebook_for_year(2026).question("maatwerk_redenen")
    draft = analyse_labels(q, ["Ja", "Nee"], {"Ja": 1, "Nee": 1})
    guessed = {g.label: g.code for gs in [draft.guesses] for g in (gs if isinstance(gs, list) else [])}
    assert guessed == {"Ja": 1, "Nee": 0}, draft
    assert not draft.unmatched


FORM_COLUMNS = ["Tijdstempel", "1. Wat is de jaaromzet van uw organisatie?",
                "3. Om welke redenen heeft u maatwerk aangevraagd?"]


def _form_with_choices(tmp: Path, cells: list[str]) -> Path:
    rows = [[f"19-11-2025 09:{i:02d}:00", "Meer dan 100 miljoen euro", c] for i, c in enumerate(cells)]
    return write_grid(tmp / "forms.csv", [FORM_COLUMNS], rows)


def test_a_draft_of_a_delimited_column_with_a_typed_other_answer(tmp_path):
    """Google Forms puts an "Other:" text among the chosen options of a checkbox question. The draft
    raised AttributeError ('str' object has no attribute 'label': the guesses and unmatched pieces of
    a delimited column were passed to the wrong fields), and it chose ';' for the ', '-joined column,
    guessing whole cells as their first option ("Personeel, Vastgoed": 1 loses Vastgoed) (review)."""
    from wlzmonitor.inputs.draft_mapping import draft_mapping

    typed = "Personeel, Vervoer van cliënten door Jan"
    cells = ["Personeel, Vastgoed"] * 2 + ["Vastgoed, Zorgzwaarte"] * 2 + ["Huisvesting, Personeel"] * 2 \
        + ["Personeel", typed, "Personee"]
    draft = draft_mapping(_form_with_choices(tmp_path, cells), MINI)
    assert ('  redenen: {column: "3. Om welke redenen heeft u maatwerk aangevraagd?", delimiter: ", "}'
            in draft.text)
    assert "values:" not in draft.text and "Jan" not in draft.text
    tail = draft.text[draft.text.index("# NOT MATCHED"):].splitlines()[3:]
    # 'Huisvesting' (two rows) is listed; 'Vervoer van cliënten door Jan' (unmatched) and 'Personee'
    # (a guess), each seen in one row, are counted together (the guess's count replaced the other's)
    assert tail == ['#   values.redenen: "Huisvesting": ?    # a label no option matches',
                    "#   values.redenen: 2 value(s) seen in one row only or holding personal data, not shown "
                    "(possibly typed answers): "
                    "check-export names them"]


def test_a_delimited_choice_in_another_case_reads_as_its_option(tmp_path):
    """Review (agency exports): 'personeel, VASTGOED' in a delimited multi column was "not an option", while a
    single choice's label in another case reads as a logged repair. The same holds for each choice now."""
    from wlzmonitor.inputs.draft_mapping import draft_mapping
    from wlzmonitor.inputs.mapping import apply_mapping, load_mapping
    from wlzmonitor.inputs.reading import read_export

    cells = ["Personeel, Vastgoed"] * 2 + ["Vastgoed, Zorgzwaarte"] * 2 + ["personeel, VASTGOED"]
    path = _form_with_choices(tmp_path, cells)
    (tmp_path / "m.yml").write_text(draft_mapping(path, MINI).text, encoding="utf-8")
    mapping = load_mapping(tmp_path / "m.yml")
    frame, findings = apply_mapping(read_export(path, header_rows=mapping.header_rows), mapping, MINI, str(path))[:2]
    assert [f.issue for f in findings if f.severity == "error"] == []
    assert ("2 choice(s) written in another case or spacing than the codebook's label: 'personeel', 'VASTGOED'"
            in [f.issue for f in findings if f.severity == "repaired"])
    assert frame[["redenen__1", "redenen__2", "redenen__3"]].iloc[-1].tolist() == ["1", "1", "0"]


@pytest.mark.parametrize("values, problem", [
    ('  redenen: {"Overig": 7}\n',
     "values.redenen: code(s) 7 are not options of Vraag 3 redenen (1, 2, 3, 4)"),
    ('  redenen__2: {"Gekozen": 2}\n',
     "values.redenen__2: code(s) 2 are not 1 (selected) or 0 (not selected): Vraag 3 redenen has one "
     "column per option"),
])
def test_a_code_of_a_multi_question_in_values_must_be_an_option(tmp_path, values, problem):
    """values.redenen: {"Overig": 7} for a delimited column was accepted: "Personeel;Overig" read as
    Personeel only, and "Overig" alone as no answer (the row excluded as incomplete) (review)."""
    cols = [c for c in MINI.columns() if not c.startswith("redenen__") or c == "redenen__tekst"]
    data = base_rows()
    data[0]["Redenen"] = "Personeel;Overig"
    path = write_rows(tmp_path / "e.csv", data, cols + ["Redenen"])
    (tmp_path / "m.yml").write_text('year: 2099\nmulti:\n  redenen: {column: Redenen, delimiter: ";"}\n'
                                    "values:\n" + values, encoding="utf-8")
    with pytest.raises(MappingError) as ei:
        load_survey(path, MINI, mapping=tmp_path / "m.yml")
    assert str(ei.value) == f"{tmp_path / 'm.yml'}: the mapping does not fit codebook 2099:\n  {problem}"


def test_header_rows_one_too_many_never_lists_the_first_respondent_s_answers(tmp_path):
    """A mapping's header_rows: 2 for an export with one header row read the first respondent as the
    option row: every column was listed as 'E-mail | piet.pietersen@…', 'contact__naam | Jan Jansen'
    with that respondent's answers, on screen and in the log (review). The missing id column now
    stops it with one error; a column name in a finding also passes the e-mail and phone patterns."""
    from wlzmonitor.inputs.quality_log import Finding

    (tmp_path / "m.yml").write_text('year: 2099\nheader_rows: 2\nidentifying:\n  "E-mail": email\n',
                                    encoding="utf-8")
    data = [dict(r, **{"E-mail": "piet.pietersen@zorggroep.example"}) for r in base_rows()]
    path = write_rows(tmp_path / "e.csv", data, MINI.columns() + ["E-mail"])
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=tmp_path / "m.yml")
    [finding] = ei.value.findings
    assert (finding.column, finding.issue) == (
        "respondent_id", f"no column 'respondent_id' (the respondent ids) in the export, read with header_rows: 2 "
        f"({tmp_path / 'm.yml'}); a header row too many reads the first respondent as a header")
    assert "pietersen" not in str(ei.value) and "Jansen" not in str(ei.value)
    f = Finding("f", None, None, "E-mail | piet@zorggroep.example", None, "error", "x",
                export_column="Telefoon | 06-12345678")
    assert (f.column, f.export_column) == ("E-mail | [e-mailadres]", "Telefoon | [telefoonnummer]")


def test_an_exclude_rule_on_a_personal_column_does_not_copy_its_names_into_the_log(tmp_path):
    """Review (agency exports): a rule {column: RecipientLastName, in: ["Jansen", "de Vries"], reason: test}
    (colleagues' test entries) wrote both surnames into every excluded row's line of the data-quality log.
    On a column with personal data (identifying, or a header such as 'RecipientLastName' or 'E-mail') the
    rule's values and pattern are not shown; on another column ('Status') they are."""
    from wlzmonitor.inputs.row_rules import parse_condition

    names = parse_condition({"column": "RecipientLastName", "in": ["Jansen", "de Vries"]}, "exclude[1]")
    personal = lambda header: header in ("RecipientLastName", "Contact")  # noqa: E731
    assert names.describe(personal) == ("'RecipientLastName' is one of 2 value(s) of the mapping (a column with "
                                        "personal data: not shown)")
    pattern = parse_condition({"any": [{"column": "Contact", "matches": "^jan"}, {"column": "Status", "in": [1]}]},
                              "exclude[2]")
    assert pattern.describe(personal) == ("('Contact' matches a pattern of the mapping (a column with personal data: "
                                          "not shown) or 'Status' is one of '1')")
    cols = ["RecipientLastName"] + MINI.columns()
    rows = [dict(r, RecipientLastName="Bakker") for r in base_rows()]
    rows.append(dict(base_rows()[0], respondent_id="T9", RecipientLastName="Jansen"))
    path = write_grid(tmp_path / "e.csv", [cols], grid(cols, rows))
    (tmp_path / "m.yml").write_text(
        'year: 2099\nignore: [RecipientLastName]\nexclude:\n  - {column: RecipientLastName, in: ["Jansen", "de Vries"],'
        ' reason: test}\n', encoding="utf-8")
    s = load_survey(path, MINI, mapping=tmp_path / "m.yml")
    (excluded,) = [f for f in s.log.exclusions if f.respondent_id == "T9"]
    assert "Jansen" not in excluded.issue and "Vries" not in excluded.issue
    assert excluded.issue == ("test response: 'RecipientLastName' is one of 2 value(s) of the mapping (a column "
                              "with personal data: not shown)")


def test_a_rule_reads_a_code_however_a_re_saved_export_writes_it_and_n_a_as_missing():
    """Review (agency exports): exclude rules compared text, so a preview whose Status a re-saved export
    wrote "1.0" or "01" was counted as a respondent; and LimeSurvey's "N/A" for an unset submitdate made
    `filled: true` take an unfinished response for a finished one."""
    import numpy as np

    from wlzmonitor.inputs.row_rules import parse_condition

    def evaluate(condition, values):
        text = np.array(values, dtype=object)
        return condition.evaluate(lambda header: (text, np.array([""] * len(text), dtype=object))).tolist()

    status = parse_condition({"column": "Status", "in": ["Survey Preview", 1, 17]}, "exclude[1]")
    assert evaluate(status, ["1", "1.0", "01", "+1", "17,0", "Survey preview", "2", "1.5", "11", "0", "IP Address"]) == \
        [True, True, True, True, True, True, False, False, False, False, False]
    submitted = parse_condition({"column": "submitdate", "filled": True}, "complete")
    assert evaluate(submitted, ["2025-11-19 10:02:11", "N/A", "#N/A", "NULL", "", "n/a", "-"]) == \
        [True, False, False, False, False, False, True]


def test_a_mapping_sheet_on_an_old_excel_file_still_says_to_save_it_as_xlsx(tmp_path):
    (tmp_path / "m.yml").write_text("sheet: Antwoorden\n", encoding="utf-8")
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ExportError, match=r"unsupported file type '\.xls'"):
        load_survey(path, MINI, mapping=tmp_path / "m.yml")


@pytest.mark.parametrize("export", ["export.csv", "export.sav"])
def test_a_mapping_sheet_on_an_export_without_sheets_names_the_mapping(tmp_path, export):
    """It said only "'sheet' only applies to Excel files", of a sheet the analyst never gave."""
    (tmp_path / "m.yml").write_text("sheet: Antwoorden\n", encoding="utf-8")
    path = tmp_path / export
    path.write_bytes(b"respondent_id\n1\n")
    with pytest.raises(ExportError) as ei:
        load_survey(path, MINI, mapping=tmp_path / "m.yml")
    assert str(ei.value) == (f"{path}: the mapping {tmp_path / 'm.yml'} names sheet 'Antwoorden', but the export is a "
                             f"{path.suffix} file, which has no sheets; take 'sheet' out of the mapping, or give the "
                             "Excel export the mapping was written for")
