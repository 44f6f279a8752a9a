"""Review h101 of what the loader accepts from agency exports: each test is a case that was read wrong,
or refused or excluded without naming its cause, and states what the loader does with it now."""

from __future__ import annotations

from pathlib import Path

import pytest

from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.inputs.mapping import ExportMapping, MultiColumn
from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.survey import load_survey

from mini_export import MINI_CODEBOOK, base_rows, write_rows

MINI = load_codebook(MINI_CODEBOOK)


def _load(tmp: Path, rows: list[dict], **kw):
    return load_survey(write_rows(tmp / "export.csv", rows, MINI.columns()), MINI, mapping=None, **kw)


def _twice(column: str, first: str, second: str) -> list[dict]:
    """The mini export with respondent 1 on a second row (row 5), `column` written differently."""
    rows = base_rows()
    rows[0][column] = first
    copy = dict(rows[0])
    copy[column] = second
    return rows + [copy]


# --------------------------------------------------------------------------------------------
# 1. one respondent on two rows whose cells differ only in how a value is written: the texts were
#    compared, so "1" and "1.0" were "different answers", an error that stopped the run


@pytest.mark.parametrize("column, first, second", [
    ("omzet", "1", "1.0"), ("omzet", "1", "1,0"), ("omzet", "1", "01"), ("omzet", "1", "Minder dan 20 miljoen euro"),
    ("omzet", "Minder dan 20 miljoen euro", " minder dan 20  MILJOEN euro"), ("tarief_pct", "96.7", "96,7"),
    ("tarief_pct", "96.7", "96,70%"), ("nps", "8", "8.0"), ("redenen__1", "1", "1.0"), ("voltooid", "1", "1.0"),
])
def test_a_copy_whose_answers_read_the_same_is_a_duplicate(tmp_path, column, first, second):
    s = _load(tmp_path, _twice(column, first, second))
    assert s.n == 3
    [f] = s.log.exclusions
    assert (f.column, f.issue, f.action) == ("respondent_id", f"duplicate of row {f.row and (7 - f.row)}",
                                             "row excluded (identical copy)")
    assert f.row in (2, 5)


@pytest.mark.parametrize("column, first, second", [
    ("omzet", "1", "2"), ("tarief_pct", "96.7", "96.8"), ("belasting__toelichting", "Veel formulieren",
                                                            "veel formulieren"),
    ("omzet", "1", "abc"),  # a value that does not read is compared as text (and is an error itself)
])
def test_a_copy_whose_answers_read_differently_is_still_an_error(tmp_path, column, first, second):
    with pytest.raises(ExportError) as ei:
        _load(tmp_path, _twice(column, first, second))
    assert any(f.column == "respondent_id" and "with different answers (columns " + column + ")" in f.issue
               for f in ei.value.findings), [f.issue for f in ei.value.findings]


def test_a_copy_under_another_spelling_of_the_id_compares_what_is_read(tmp_path):
    rows = _twice("omzet", "1", "1.0")
    rows[-1]["respondent_id"] = "01"
    s = _load(tmp_path, rows)
    assert s.n == 3
    [f] = s.log.exclusions
    assert f.issue.endswith("(the same answers; its respondent id written differently)")


# --------------------------------------------------------------------------------------------
# 2. a delimited multi-select cell of delimiters only (";", " ; ;"): read as not answered, and the row
#    was then excluded as "incomplete: Vraag 3 missing" with only a warning saying why; it is an error
#    now, as a cell with an option that is no option is


def _multi_export(tmp: Path, cell: str) -> Path:
    """The mini export with `redenen` as one delimited column, respondent 1's cell `cell`."""
    rows = base_rows()
    labels = {o.code: o.label for o in MINI.question("redenen").options}
    for r in rows:
        r["V3 Redenen"] = "; ".join(labels[c] for c in (1, 2, 3, 4) if r.get(f"redenen__{c}") == "1")
    rows[0]["V3 Redenen"] = cell
    option_columns = MINI.question("redenen").answer_columns()
    columns = [c for c in MINI.columns() if c not in option_columns] + ["V3 Redenen"]
    return write_rows(tmp / "tool.csv", rows, columns)


def _multi_mapping(**kw) -> ExportMapping:
    return ExportMapping(multi=[MultiColumn("redenen", "V3 Redenen", ";")], **kw)


@pytest.mark.parametrize("cell", [";", " ; ;", ";;;"])
def test_a_multi_select_cell_of_delimiters_only_is_an_error_naming_row_and_column(tmp_path, cell):
    with pytest.raises(ExportError) as ei:
        load_survey(_multi_export(tmp_path, cell), MINI, mapping=_multi_mapping())
    [f] = ei.value.findings
    assert (f.row, f.respondent_id, f.column, f.severity, f.export_column) == (
        2, "1", "redenen__*", "error", "V3 Redenen")
    assert f.issue == "the answer holds only the delimiter ';', no option"
    assert f.expected.startswith("option codes or labels separated by ';': 1=Personeel, 2=Vastgoed")
    assert "missing: redenen" in f.action


def test_a_multi_select_cell_of_delimiters_only_declared_missing_reads_as_no_answer(tmp_path):
    s = load_survey(_multi_export(tmp_path, " ; ;"), MINI, mapping=_multi_mapping(missing={"redenen": (";  ;",)}))
    [f] = s.log.exclusions  # Vraag 3 is required: not answered, so the row is incomplete
    assert (f.row, f.issue) == (2, "incomplete: Vraag 3 missing")
    assert [x.action for x in s.log if x.column == "redenen" and x.severity == "repaired"] == [
        "read as no answer, an empty cell (the export mapping: missing.redenen)"]


def test_a_multi_select_cell_with_options_and_loose_delimiters_still_reads(tmp_path):
    s = load_survey(_multi_export(tmp_path, "; Personeel ;"), MINI, mapping=_multi_mapping())
    assert s.n == 3 and s.responses.loc["1", "redenen__1"] == 1 and s.responses.loc["1", "redenen__2"] == 0


# --------------------------------------------------------------------------------------------
# 3. an invisible character in a respondent id (U+200B, a byte-order mark, a soft hyphen, a no-break
#    space): named in a warning, but kept in the stored id ("R5" + U+200B printed as "R5" and matched
#    nothing); it is taken out now, so that a copy under the id without it is a duplicate as any other


@pytest.mark.parametrize("rid, stored", [("R5\u200b", "R5"), ("\ufeff2", "2"), ("2\u00ad", "2"), ("R\u00a05", "R 5"),
                                         ("R\u20605", "R5")])
def test_an_invisible_character_is_taken_out_of_the_stored_id(tmp_path, rid, stored):
    rows = base_rows()
    rows[1]["respondent_id"] = rid
    s = _load(tmp_path, rows)
    assert sorted(s.responses.index) == sorted(["1", stored, "10"])
    [f] = [f for f in s.log.warnings if "invisible character" in f.issue]
    assert f.action.startswith("removed from the id")


def test_two_rows_whose_ids_differ_only_by_an_invisible_character_are_one_respondent(tmp_path):
    rows = base_rows()
    rows.append(dict(rows[0], respondent_id="1\u200b"))
    s = _load(tmp_path, rows)
    assert s.n == 3 and list(s.responses.index).count("1") == 1
    [f] = s.log.exclusions
    assert (f.row, f.issue) == (5, "duplicate of row 2")
    rows[-1]["omzet"] = "2"
    with pytest.raises(ExportError) as ei:
        _load(tmp_path, rows)
    [f] = ei.value.findings
    assert f.issue == ("respondent id '1' also on row 2 with different answers (columns omzet) (the id as "
                       "written held an invisible character, removed: see the warning on the ids)")


def test_an_id_of_invisible_characters_only_is_an_empty_id(tmp_path):
    rows = base_rows()
    rows[1]["respondent_id"] = "\u200b\ufeff"
    with pytest.raises(ExportError) as ei:
        _load(tmp_path, rows)
    [f] = ei.value.findings
    assert (f.row, f.column, f.issue) == (3, "respondent_id", "the respondent id holds only invisible characters")


# --------------------------------------------------------------------------------------------
# 4. a Dutch Excel saves its error values in its own words (#N/B, #WAARDE!, #DEEL/0!): in a free-text column
#    they were kept as the respondent's answer, in a number column "got text of 8 characters"


@pytest.mark.parametrize("value", ["#N/B", "#WAARDE!", "#DEEL/0!", "#VERW!", "#NAAM?", "#GETAL!", "#LEEG!"])
def test_a_dutch_spreadsheet_error_value_is_named_in_text_and_number_columns(tmp_path, value):
    for column in ("suggesties", "tarief_pct"):
        rows = base_rows()
        rows[0][column] = value
        with pytest.raises(ExportError) as ei:
            _load(tmp_path, rows)
        [f] = ei.value.findings
        assert (f.row, f.column) == (2, column)
        assert f.issue.startswith(f"got the spreadsheet error {value} (a formula that failed: type the value itself)")


def test_the_same_contact_email_under_another_id_compares_what_is_read(tmp_path):
    """The same organisation or e-mail address under two ids compared the answers as text too: a double
    submission whose copy was saved again ("1.0") was "different answers" (a warning, or for an organisation an
    error) and counted twice."""
    rows = _twice("omzet", "1", "1.0")
    rows[-1]["respondent_id"] = "77"
    s = _load(tmp_path, rows)
    assert s.n == 3
    [f] = s.log.exclusions
    assert (f.row, f.column) == (5, "contact__email")
    assert f.issue.endswith("the same contact e-mail address under another respondent id, with identical answers")


def test_a_form_sent_twice_under_another_id_compares_what_is_read(tmp_path):
    """Every answer of a row higher up under another id (a form sent twice) was found by the cells' texts: the
    copy saved again in between ("1.0", "96,7") was counted as a respondent of its own."""
    rows = base_rows()
    for r in rows:
        r.pop("contact__email", None)
    copy = dict(rows[0], respondent_id="77", omzet="1.0", tarief_pct="96,7", voltooid="1.0")
    s = _load(tmp_path, rows + [copy])
    assert s.n == 3 and "77" not in s.responses.index
    [f] = s.log.exclusions
    assert f.row == 5 and "(the same answers to every question under another respondent id" in f.issue


# --------------------------------------------------------------------------------------------
# 6. an export with the codebook's column names and a second header row of question texts (as Qualtrics and
#    SurveyMonkey write one), read without a mapping: one "got text of 19 characters" per column, no cause


@pytest.mark.parametrize("extra_rows", [1, 2])
def test_a_second_header_row_without_a_mapping_is_named_as_such(tmp_path, extra_rows):
    texts = {c: f"Vraag over {c}" for c in MINI.columns()}
    ids = {c: '{"ImportId":"QID%d"}' % i for i, c in enumerate(MINI.columns())}
    with pytest.raises(ExportError) as ei:
        _load(tmp_path, [texts, ids][:extra_rows] + base_rows())
    said = [f for f in ei.value.findings if f.issue.startswith("the row reads as no respondent")]
    assert [f.row for f in said] == list(range(2, 2 + extra_rows))
    assert "a second header row below the column names" in said[0].issue
    assert "mapping with header_rows: 2 (3 for Qualtrics)" in said[0].action
    assert ei.value.findings[0] is said[0]  # the cause first, then the cells it explains


def test_a_respondent_with_a_few_wrong_cells_is_no_header_row(tmp_path):
    rows = base_rows()
    rows[0].update(omzet="veel", zorgtype="ja", nps="hoog", tarief_pct="n.v.t.")
    with pytest.raises(ExportError) as ei:
        _load(tmp_path, rows)
    assert not any(f.issue.startswith("the row reads as no respondent") for f in ei.value.findings)


def test_a_reader_finding_names_the_id_without_its_invisible_character(tmp_path):
    """The reader's findings about a row get the row's id afterwards, from the export as read: with the
    invisible character the id was "(not shown: text of 3 characters)", not the id the respondent is stored as."""
    rows = base_rows()
    rows[2]["respondent_id"] = "10\u200b"
    path = write_rows(tmp_path / "export.csv", rows, MINI.columns())
    path.write_bytes(path.read_bytes().rstrip(b"\r\n"))  # the last row without a line break: a reader warning
    s = load_survey(path, MINI, mapping=None)
    [f] = [f for f in s.log.warnings if f.issue.startswith("the file ends inside this row")]
    assert (f.row, f.respondent_id) == (4, "10") and "10" in s.responses.index


def test_a_copy_with_its_empty_option_cells_made_0_is_a_duplicate(tmp_path):
    """An answered multi question's unchosen option is 0 whether its cell is empty or 0 (normalise_multi_routing);
    a copy saved again with empty cells made 0 was "different answers". An unanswered question (all empty) and
    one answered with nothing chosen (all 0) stay different."""
    rows = base_rows()
    rows[0].update({"redenen__2": "", "redenen__3": ""})
    s = _load(tmp_path, rows + [dict(rows[0], **{"redenen__2": "0", "redenen__3": "0"})])
    assert s.n == 3 and len(s.log.exclusions) == 1
    rows = base_rows()
    rows[2].update({"redenen__1": "", "redenen__2": "", "redenen__3": "", "redenen__4": ""})
    with pytest.raises(ExportError) as ei:
        _load(tmp_path, rows + [dict(rows[2], **{f"redenen__{c}": "0" for c in (1, 2, 3, 4)})])
    assert any("with different answers (columns redenen__1" in f.issue for f in ei.value.findings)
