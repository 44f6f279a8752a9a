"""The export loader's answers to the adversarial review of the export loader (issue 14 follow-up):
each test is a case the review found read silently, or with an unclear message, and states exactly
what the loader and ``draft-mapping`` do with it now."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.spec.codebook_parse import codebook_for_year, load_codebook
from wlzmonitor.inputs.quality_log import Finding
from wlzmonitor.inputs.survey import load_survey

from mini_export import MINI_CODEBOOK, base_rows, write_rows

CB = codebook_for_year(2026)
MINI = load_codebook(MINI_CODEBOOK)


def _warnings_about(survey, text: str) -> list[Finding]:
    return [f for f in survey.log.warnings if text in f.issue]


# --------------------------------------------------------------------------------------------
# 1. a CSV whose last row has no line break after it: perhaps a copy cut short

CUT_ISSUE = ("the file ends inside this row, without a line break, where every earlier row ends with one: "
             "the export may have been cut short, and this row's last value with it (read as it is)")
CUT_EXPECTED = "a line break after the last row: check this value against the survey tool, or export again"


def _cut_demo(demo_frame: pd.DataFrame, folder: Path) -> Path:
    """The demo export with productieafspraak as its last column, cut 4 bytes before its end: the
    last respondent's '74815000\\n' becomes '74815' (the review's repro)."""
    cols = [c for c in demo_frame.columns if c != "productieafspraak"] + ["productieafspraak"]
    path = folder / "cut.csv"
    demo_frame[cols].to_csv(path, index=False)
    path.write_bytes(path.read_bytes()[:-4])
    return path


def test_a_last_row_without_line_break_is_a_warning_naming_row_respondent_and_column(demo_frame, tmp_path):
    path = _cut_demo(demo_frame, tmp_path)
    survey = load_survey(path, CB, mapping=None)
    assert survey.responses.loc["R0131", "productieafspraak"] == 74815  # read as it is, and said
    assert _warnings_about(survey, "line break") == [
        Finding(str(path), 133, "R0131", "productieafspraak", None, "warning", CUT_ISSUE, CUT_EXPECTED,
                "read as it is: check the row's last value against the survey tool (or export again); "
                "a tool that ends its files without a line break gives this warning every time")]


def test_check_export_prints_the_cut_short_warning(demo_frame, tmp_path, capsys):
    from wlzmonitor.cli import main

    path = _cut_demo(demo_frame, tmp_path)
    assert main(["check-export", str(path), "--year", "2026", "--mapping", "none"]) == 0
    assert (f"  {path}:row 133, column 'productieafspraak': {CUT_ISSUE}, expected {CUT_EXPECTED}"
            in capsys.readouterr().out.splitlines())


def _mini(tmp_path: Path, ending: str = "", encoding: str = "utf-8", **kw) -> Path:
    """The mini export (rows 2-4, respondent '10' last), its final line break replaced by ``ending``."""
    path = write_rows(tmp_path / "mini.csv", base_rows(), MINI.columns(), **kw)
    text = path.read_bytes().decode("utf-8")
    assert text.endswith("\r\n")
    path.write_bytes((text[:-2] + ending).encode(encoding))
    return path


@pytest.mark.parametrize("ending, encoding, delimiter", [
    ("", "utf-8", ","),        # read column by column (csv_columns)
    ("", "utf-8", ";"),
    ("", "utf-16", ","),       # read record by record (the strict reader)
    ("", "cp1252", ","),
    ("\r\n   ", "utf-8", ","),  # a last line of blanks is no row, but the respondent row was ended: no warning
    ("\r\n", "utf-8", ","),
    ("\n", "utf-16", ","),
])
def test_the_warning_depends_on_the_last_line_only(tmp_path, ending, encoding, delimiter):
    survey = load_survey(_mini(tmp_path, ending, encoding, delimiter=delimiter), MINI, mapping=None)
    found = [(f.row, f.respondent_id, f.column) for f in _warnings_about(survey, "without a line break")]
    assert found == ([] if ending else [(4, "10", "contact__email")])


def test_a_last_field_in_closed_quotes_is_complete(tmp_path):
    """A quoted last value that was closed cannot have been cut (cut inside, its quote is never
    closed: an error)."""
    data = base_rows()
    data[2]["contact__email"] = "info@example.nl"
    path = write_rows(tmp_path / "q.csv", data, MINI.columns())
    text = path.read_bytes().decode("utf-8")
    assert text.endswith(",info@example.nl\r\n")
    path.write_bytes(text.replace(",info@example.nl\r\n", ',"info@example.nl"').encode("utf-8"))
    survey = load_survey(path, MINI, mapping=None)
    assert _warnings_about(survey, "without a line break") == []


def test_a_single_respondent_without_line_break_is_warned_about_too(tmp_path):
    path = write_rows(tmp_path / "one.csv", base_rows()[:1], MINI.columns())
    path.write_bytes(path.read_bytes()[:-2])
    survey = load_survey(path, MINI, mapping=None)
    assert [(f.row, f.respondent_id) for f in _warnings_about(survey, "without a line break")] == [(2, "1")]


# --------------------------------------------------------------------------------------------
# 4. an SPSS user-missing value that is an answer of the question and has no value label

_TEXT_COLUMNS = {"respondent_id", "zorgtype__tekst", "redenen__tekst", "belasting__toelichting",
                 "nps__toelichting", "suggesties", "contact__naam", "contact__email"}


def _mini_sav(path: Path, labels: dict | None = None, **missing: list) -> Path:
    """The mini export as an SPSS file with numeric variables, ``missing`` its user-missing values."""
    import pyreadstat

    data = {c: [r.get(c, "") if c in _TEXT_COLUMNS else (float(r[c]) if r.get(c) else float("nan"))
                for r in base_rows()] for c in MINI.columns()}
    pyreadstat.write_sav(pd.DataFrame(data), str(path), variable_value_labels=labels or {},
                         missing_ranges=missing)
    return path


def _missing_error(path: Path, column: str, question: str, value: str, answer: str, rows: str) -> Finding:
    n = len(rows.split(", "))
    return Finding(
        str(path), None, None, column, question, "error",
        f"SPSS declares value {value} missing, but {value} has no value label and is {answer} of the question: "
        f"what it means cannot be checked, and read as no answer it would remove {n} answer(s) (row(s) {rows})",
        f"a value label for {value} in the SPSS file (an option's label: read as that answer; another label, "
        "such as 'Weet niet': no answer), or user-missing values that are no answer of the question (such as -99)",
        "export the SPSS file again with the value labels, or without declaring the value missing")


@pytest.mark.parametrize("column, question, value, answer, rows", [
    ("omzet", "Vraag 1 omzet", "3", "option 3 ('40 tot 100 miljoen euro')", "4"),  # the review's case
    ("nps", "Vraag 7 nps", "8", "score 8", "2"),
    ("redenen__3", "Vraag 3 redenen", "1", "1 (the option chosen)", "4"),
    ("gebruik__meerzorg", "Vraag 4 gebruik", "2", "option 2 ('Nee')", "2, 3"),
])
def test_an_unlabelled_user_missing_answer_is_an_error(tmp_path, column, question, value, answer, rows):
    from wlzmonitor.inputs.quality_log import ExportError

    path = _mini_sav(tmp_path / "m.sav", **{column: [float(value)]})
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=None)
    assert err.value.findings == [_missing_error(path, column, question, value, answer, rows)]
    assert not [f for f in err.value.log if "read as no answer" in str(f.action)]  # not said both ways


@pytest.mark.parametrize("labels, value, said", [
    ({}, -99.0, "SPSS user-missing value(s) -99"),                               # no answer of the question
    ({"omzet": {99.0: "Weet niet"}}, 99.0, "SPSS user-missing value(s) 99 ('Weet niet')"),
    ({"omzet": {3.0: "Weigert"}}, 3.0, "SPSS user-missing value(s) 3 ('Weigert')"),  # the label says what it is
])
def test_a_user_missing_value_that_is_no_unlabelled_answer_stays_no_answer(tmp_path, labels, value, said):
    import pyreadstat

    path = _mini_sav(tmp_path / "m.sav", labels)
    df, meta = pyreadstat.read_sav(str(path), user_missing=True)
    df.loc[2, "omzet"] = value  # respondent '10' (row 4)
    pyreadstat.write_sav(df, str(path), variable_value_labels=labels, missing_ranges={"omzet": [value]})
    survey = load_survey(path, MINI, mapping=None)
    assert "10" not in survey.responses.index  # no answer to a required question: excluded, with its reason
    assert [(f.severity, f.issue, f.action) for f in survey.log
            if f.issue.startswith(("SPSS user-missing", "SPSS declares"))] == [
        ("warning", said, "read as no answer in 1 row(s)")]


# --------------------------------------------------------------------------------------------
# 5. draft-mapping of an export in Unicode NFD (macOS: "e" + U+0308 for "ë")


@pytest.mark.parametrize("name", ["google_forms.csv", "limesurvey.csv"])
def test_an_nfd_export_drafts_exactly_as_the_nfc_one(platforms, tmp_path, name):
    import unicodedata

    from wlzmonitor.inputs.draft_mapping import draft_mapping

    nfc_path = platforms.export(name).path
    text = nfc_path.read_bytes().decode("utf-8")
    nfd_path = tmp_path / name
    nfd_path.write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    assert nfd_path.read_bytes() != nfc_path.read_bytes()
    draft, reference = draft_mapping(nfd_path, CB), platforms.draft(name)
    assert draft.text.replace(str(nfd_path), "EXPORT") == reference.text.replace(str(nfc_path), "EXPORT")
    assert (draft.unmatched, draft.guessed) == (reference.unmatched, reference.guessed)
    mapping = tmp_path / "nfd.yml"
    mapping.write_text(draft.text, encoding="utf-8")
    survey = load_survey(nfd_path, CB, mapping=mapping)
    coded = [c for c in survey.responses.columns if survey.responses[c].dtype != "string"]
    pd.testing.assert_frame_equal(survey.responses[coded], platforms.survey(name).responses[coded])


# --------------------------------------------------------------------------------------------
# 6. Qualtrics' display-order and timing columns: drafted under ignore, as Q_TotalDuration is

_QUALTRICS_EXTRA = [  # header, question text (row 2), ImportId (row 3), cell
    ("Q2_DO", "Met welk(e) zorgkanto(o)r(en) ... - Display Order", '{"ImportId":"QID2_DO"}', "1|2|3|4"),
    ("FL_12_DO", "Block Randomizer - Display Order", '{"ImportId":"FL_12_DO"}', "FL_13|FL_14"),
    ("FL_491_DO_FL_493", "FL_491 - Block Randomizer - Display Order - FL_493", '{"ImportId":"FL_491_DO_FL_493"}', "1"),
    ("Q5_ADO", "Stellingen - Answer Display Order", '{"ImportId":"QID5_ADO"}', "3|2|1"),
    ("Q41_First Click", "Timing - First Click", '{"ImportId":"QID41_FIRST_CLICK"}', "2.514"),
    ("Q41_Last Click", "Timing - Last Click", '{"ImportId":"QID41_LAST_CLICK"}', "40.03"),
    ("Q41_Page Submit", "Timing - Page Submit", '{"ImportId":"QID41_PAGE_SUBMIT"}', "41.7"),
    ("Q41_Click Count", "Timing - Click Count", '{"ImportId":"QID41_CLICK_COUNT"}', "7"),
    ("Timing_First_Click", "Timing - First Click", '{"ImportId":"QID42_FIRST_CLICK"}', "1.2"),
]


def test_qualtrics_display_order_and_timing_columns_are_drafted_under_ignore(platforms, tmp_path):
    import csv

    from wlzmonitor.inputs.draft_mapping import draft_mapping

    source = platforms.export("qualtrics_text.csv").path
    with open(source, encoding="utf-8-sig", newline="") as f:
        grid = list(csv.reader(f))
    at = grid[0].index("Q2") + 1
    for i, line in enumerate(grid):
        line[at:at] = [extra[min(i, 3)] for extra in _QUALTRICS_EXTRA]
    path = tmp_path / "qualtrics_text.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(grid)
    draft = draft_mapping(path, CB)
    assert draft.unmatched == []
    lines = draft.text.splitlines()
    for header, *_ in _QUALTRICS_EXTRA:
        assert [ln.split("#")[0].strip() for ln in lines if f'"{header}"' in ln] == [f'- "{header}"']
        assert any(ln.startswith(f'  - "{header}"') and ln.endswith("# Qualtrics bookkeeping") for ln in lines)
    mapping = tmp_path / "q.yml"
    mapping.write_text(draft.text, encoding="utf-8")
    survey = load_survey(path, CB, mapping=mapping)
    pd.testing.assert_frame_equal(survey.responses, platforms.survey("qualtrics_text.csv").responses)


# --------------------------------------------------------------------------------------------
# 7. the Dutch ',-' of whole euros

EURO_EXPECTED = "a number from 10000 to 1000000000 (euro)"


def _load_amount(demo_frame: pd.DataFrame, folder: Path, amount: str):
    """The demo export with respondent R0131's productieafspraak (row 133) written as ``amount``."""
    data = demo_frame.copy()
    data.loc[data["respondent_id"] == "R0131", "productieafspraak"] = amount
    path = folder / "amount.csv"
    data.to_csv(path, index=False)
    return path, load_survey(path, CB, mapping=None)


@pytest.mark.parametrize("amount, shown", [
    ("74261000,-", "a number of 8 digits"),
    ("74.261.000,-", "a number of 8 digits"),
    ("€ 74.261.000,-", "a number of 8 digits"),
    ("74261000,--", "a number of 8 digits"),
    ("74261000,\u2013", "text of 10 characters"),  # an en dash
])
def test_a_trailing_comma_dash_reads_as_whole_euros(demo_frame, tmp_path, amount, shown):
    path, survey = _load_amount(demo_frame, tmp_path, amount)
    assert survey.responses.loc["R0131", "productieafspraak"] == 74261000
    assert [f for f in survey.log.repairs if f.column == "productieafspraak"] == [
        Finding(str(path), 133, "R0131", "productieafspraak", "Vraag 3 productieafspraak", "repaired",
                f"got {shown}", None, "read as 74261000 (a trailing ',-' read as ',00': whole euros)")]


@pytest.mark.parametrize("amount, issue", [
    ("1000,-", "got '1000,-' (implausible: less than 10000)"),
    ("74,261,000,-", "got a number of 8 digits (a trailing ',-' for whole euros, but before it no number as a "
                     "person writes one)"),
    ("742-61000", "got a value with 8 digits and other characters (not a number)"),
])
def test_a_comma_dash_that_is_no_plausible_amount_is_an_error_that_says_why(demo_frame, tmp_path, amount, issue):
    from wlzmonitor.inputs.quality_log import ExportError

    with pytest.raises(ExportError) as err:
        _load_amount(demo_frame, tmp_path, amount)
    assert [(f.row, f.respondent_id, f.column, f.issue, f.expected) for f in err.value.findings] == [
        (133, "R0131", "productieafspraak", issue, EURO_EXPECTED)]


def test_a_comma_dash_in_a_count_stays_an_error(demo_frame, tmp_path):
    from wlzmonitor.inputs.quality_log import ExportError

    data = demo_frame.copy()
    row = data.index[data["pgb_aantal"] != ""][0]
    data.loc[row, "pgb_aantal"] = "12,-"
    path = tmp_path / "count.csv"
    data.to_csv(path, index=False)
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=None)
    assert [(f.column, f.issue) for f in err.value.findings] == [("pgb_aantal", "got '12,-' (not a number)")]


# --------------------------------------------------------------------------------------------
# 2. a numeric export without value labels: the draft cannot match the codes, it assumes them

ASSUMED = ("the export holds numbers without labels, assumed to be the codebook's codes: check them against "
           "the tool's recode values")


def test_a_numeric_export_without_labels_drafts_its_codes_as_assumed(platforms):
    draft = platforms.draft("qualtrics_numeric.xlsx")
    lines = draft.text.splitlines()
    assert f'  "Q1": omzet                                       # guessed: Vraag 1; {ASSUMED}' in lines
    assumed = [ln for ln in lines if ASSUMED in ln]
    assert len(assumed) == 62 and draft.guessed == 8 + 62
    assert ("# 62 single-choice or matrix column(s) hold numbers without labels: the draft assumes they are the "
            "codebook's option codes (marked 'guessed'). Check each against the tool's recode values (Qualtrics: "
            "Recode Values), or draft from an export with the choice texts or an SPSS file with value labels."
            ) in lines
    assert "# Every column and label was matched." not in lines
    assert lines[-1] == ("# Every column was matched; the codes of 62 numeric column(s) without labels are "
                         "assumed, not matched (the lines marked 'guessed').")
    assert not [ln for ln in assumed if "zorgkantoren__" in ln or "nps" in ln]  # 1 = chosen; a score is a number


@pytest.mark.parametrize("name", ["qualtrics_text.csv", "qualtrics.sav", "limesurvey.sav"])
def test_an_export_with_labels_has_no_assumed_codes(platforms, name):
    draft = platforms.draft(name)
    assert "assumed" not in draft.text
    assert draft.text.splitlines()[-1] == "# Every column and label was matched."


# --------------------------------------------------------------------------------------------
# 3. a tool's mark for no answer (LimeSurvey's "N/A", Qualtrics' -99): mapping key `missing`

LIMESURVEY_MAPPING = Path(__file__).resolve().parents[1] / "data" / "mappings" / "examples" / "limesurvey_csv.yml"


def _limesurvey_with(platforms, folder: Path, mark: str, *, only: str | None = None) -> Path:
    """The LimeSurvey fixture with ``mark`` in every empty cell (of the columns whose header starts
    with ``only``; else of every column but the id and submitdate), as LimeSurvey writes N/A."""
    import csv

    with open(platforms.export("limesurvey.csv").path, encoding="utf-8-sig", newline="") as f:
        grid = list(csv.reader(f, delimiter=";"))
    header = grid[0]
    for line in grid[1:]:
        for j, cell in enumerate(line):
            chosen = header[j].startswith(only) if only else not header[j].startswith(("id.", "submitdate."))
            if cell == "" and chosen:
                line[j] = mark
    path = folder / "limesurvey_na.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(grid)
    return path


def _with_missing(folder: Path, missing) -> Path:
    import yaml

    raw = yaml.safe_load(LIMESURVEY_MAPPING.read_text(encoding="utf-8"))
    raw["missing"] = missing
    path = folder / "na.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("missing", [{"*": ["N/A"]}, ["n/a"], {"hoofdzorgkantoor": "N/A"}])
def test_a_declared_missing_mark_reads_as_no_answer_logged_per_column(platforms, tmp_path, missing):
    path = _limesurvey_with(platforms, tmp_path, "N/A", only="Q3.")
    mapping = _with_missing(tmp_path, missing)
    survey = load_survey(path, CB, mapping=mapping)
    pd.testing.assert_frame_equal(survey.responses, platforms.survey("limesurvey.csv").responses)
    key = "hoofdzorgkantoor" if isinstance(missing, dict) and "hoofdzorgkantoor" in missing else "*"
    header = next(h for h in pd.read_csv(path, sep=";", nrows=0).columns if h.startswith("Q3."))
    assert [f for f in survey.log if "missing." in str(f.action)] == [
        Finding(str(path), None, None, "hoofdzorgkantoor", "Vraag 2 hoofdzorgkantoor", "repaired",
                "got 'N/A' in 2 row(s) (91, 135)", None,
                f"read as no answer, an empty cell ({mapping}: missing.{key})", header)]


def test_without_missing_the_mark_is_an_error_that_quotes_it_not_a_contact_detail(platforms, tmp_path):
    from wlzmonitor.inputs.quality_log import ExportError

    path = _limesurvey_with(platforms, tmp_path, "N/A")  # also in the contact fields of the same rows
    with pytest.raises(ExportError) as err:
        load_survey(path, CB, mapping=LIMESURVEY_MAPPING)
    issues = {f.issue for f in err.value.findings}
    assert "got 'N/A'" in issues
    assert not [i for i in issues if "contact details" in i]


def test_the_draft_proposes_the_mark_and_its_draft_loads(platforms, tmp_path):
    from wlzmonitor.inputs.draft_mapping import draft_mapping

    path = _limesurvey_with(platforms, tmp_path, "N/A")
    draft = draft_mapping(path, CB)
    assert [ln for ln in draft.text.splitlines() if "N/A" in ln] == [
        '  "*": ["N/A"]                                      # guessed: \'N/A\' in 161 column(s) of 47 '
        "question(s): the tool's mark for a question not shown or not answered (check that it is no answer option)"]
    assert (draft.unmatched, draft.unmatched_values) == ([], {})
    mapping = tmp_path / "draft.yml"
    mapping.write_text(draft.text, encoding="utf-8")
    survey = load_survey(path, CB, mapping=mapping)
    pd.testing.assert_frame_equal(survey.responses, platforms.survey("limesurvey.csv").responses)
    assert len([f for f in survey.log if "missing.*" in str(f.action)]) == 161


def test_minus_99_of_a_numeric_export_is_proposed_and_read_as_no_answer(platforms, tmp_path):
    import openpyxl

    from wlzmonitor.inputs.draft_mapping import draft_mapping

    wb = openpyxl.load_workbook(platforms.export("qualtrics_numeric.xlsx").path)
    ws = wb.active
    header = [c.value for c in ws[1]]
    for name in ("Q1", "Q3"):  # omzet, hoofdzorgkantoor: Qualtrics' -99 "Seen but not answered"
        ws.cell(ws.max_row, header.index(name) + 1).value = -99
    path = tmp_path / "qualtrics_numeric.xlsx"
    wb.save(path)
    draft = draft_mapping(path, CB)
    assert [ln.split("#")[0].rstrip() for ln in draft.text.splitlines() if "-99" in ln] == ['  "*": [-99]']
    mapping = tmp_path / "draft.yml"
    mapping.write_text(draft.text, encoding="utf-8")
    survey = load_survey(path, CB, mapping=mapping)
    assert [(f.column, f.issue) for f in survey.log if "missing.*" in str(f.action)] == [
        ("omzet", f"got '-99' in 1 row(s) ({ws.max_row})"), ("hoofdzorgkantoor", f"got '-99' in 1 row(s) ({ws.max_row})")]


@pytest.mark.parametrize("missing, message", [
    ({"*": None}, "missing.*: the values the tool writes for no answer, as text or numbers (such as \"N/A\" or -99), "
                  "got None"),
    ({"nergens": ["N/A"]}, "missing: 'nergens' is no question key or column of codebook 2026"),
])
def test_a_wrong_missing_key_is_a_mapping_error(tmp_path, missing, message):
    from wlzmonitor.inputs.mapping_file import MappingError, load_mapping

    with pytest.raises(MappingError) as err:
        load_mapping(_with_missing(tmp_path, missing)).check(CB)
    assert message in str(err.value)


def test_a_label_without_a_code_points_to_missing(tmp_path):
    import yaml

    from wlzmonitor.inputs.mapping_file import MappingError, load_mapping

    raw = yaml.safe_load(LIMESURVEY_MAPPING.read_text(encoding="utf-8"))
    raw["values"]["*"] = {"N/A": None}
    path = tmp_path / "m.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(MappingError) as err:
        load_mapping(path)
    assert str(err.value) == (f"{path}: values.*.N/A: the code must be a whole number, got None; a value the tool "
                              "writes for no answer goes under missing (missing: {'*': ['N/A']})")
