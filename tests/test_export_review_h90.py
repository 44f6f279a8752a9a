"""Review h90 of the export loader: an analyst's and an attacker's look at agency exports of the
2026 wave. Each test is a case that was read silently wrong, or refused without naming its cause,
and states what the loader does with it now."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.demo.generator import demo_export_path
from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.inputs.values import undo_mojibake

CB = codebook_for_year(2026)


def _double_encoded(text: str) -> str:
    """``text`` as Excel gives it back after opening a UTF-8 file without BOM as Windows-1252
    and saving it as "CSV UTF-8": every ë becomes Ã«, every € becomes â‚¬."""
    return text.encode("utf-8").decode("cp1252")


# --------------------------------------------------------------------------------------------
# 1. a whole export that was UTF-8 read as Windows-1252 and saved again


@pytest.mark.parametrize("word, encoded", [("cliënten", "cliÃ«nten"), ("€ 40", "â‚¬ 40"),
                                            ("zo’n", "zoâ€™n"), ("café", "cafÃ©")])
def test_undo_mojibake_knows_the_euro_sign_and_the_curly_quote(word, encoded):
    assert _double_encoded(word) == encoded
    assert undo_mojibake(encoded) == word


def test_a_double_encoded_canonical_export_reads_as_the_export_with_a_warning(tmp_path, survey_2026):
    """Its open answers were read as 'cliÃ«nten' without a word (only coded labels were repaired):
    quoted so in the report, and missed by a codeframe pattern for 'cliënt'."""
    text = demo_export_path(2026).read_text(encoding="utf-8-sig")
    path = tmp_path / "resaved.csv"
    path.write_text(_double_encoded(text), encoding="utf-8-sig", newline="")
    s = load_survey(path, CB, mapping=None)
    pd.testing.assert_frame_equal(s.responses, survey_2026.responses)
    pd.testing.assert_frame_equal(s._private, survey_2026._private)
    notes = [f for f in s.log.warnings if "Windows-1252" in f.issue]
    assert len(notes) == 1 and notes[0].file == str(path), s.log.warnings
    assert "Ã«" in notes[0].issue and "UTF-8" in notes[0].issue


def test_a_double_encoded_qualtrics_export_reads_through_its_draft(platforms, survey_2026, tmp_path):
    """Was: 862 errors; the € labels of Vraag 1 without the hint that the file was misread."""
    export = platforms.export("qualtrics_text.csv")
    path = tmp_path / "qualtrics_resaved.csv"
    text = export.path.read_text(encoding="utf-8-sig")
    path.write_text(_double_encoded(text), encoding="utf-8-sig", newline="")
    s = load_survey(path, CB, mapping=platforms.mapping_file("qualtrics_text.csv"))
    got = s.responses.copy()
    got.index = pd.Index([export.id_map()[i] for i in got.index], dtype="string",
                         name=survey_2026.responses.index.name)
    pd.testing.assert_frame_equal(got.loc[survey_2026.responses.index], survey_2026.responses)


def test_a_file_with_a_real_a_tilde_is_not_re_decoded(tmp_path, demo_frame):
    """Genuine text that only looks double-encoded in one place, while the rest is proper UTF-8
    (é as é), does not round-trip and is left as it is."""
    frame = demo_frame.copy()
    col = "kwaliteit_speerpunten__1"
    frame.loc[0, col] = "Ã« is geen letter; café wel"
    path = tmp_path / "mixed.csv"
    frame.to_csv(path, index=False, encoding="utf-8")
    s = load_survey(path, CB, mapping=None)
    assert not [f for f in s.log.warnings if "Windows-1252" in f.issue]


# --------------------------------------------------------------------------------------------
# 2. an SPSS file whose NPS (or scale) stores other numbers than its value labels say


def _recoded_sav(platforms, tmp_path, *, top_scores: bool, labels: bool = True) -> Path:
    """Qualtrics' SPSS export with the NPS question recoded 1-11 (Qualtrics' "Recode values" left at
    the choice order): stored 1 labelled '0 (zeer waarschijnlijk niet)', 2 labelled '1', ... 11
    labelled '10 (zeer waarschijnlijk wel)'. ``top_scores``: whether any respondent gave a 10."""
    import pyreadstat

    df, meta = pyreadstat.read_sav(str(platforms.export("qualtrics.sav").path))
    vvl = dict(meta.variable_value_labels)
    if not top_scores:
        df.loc[df["Q51"] == 10, "Q51"] = 9
    df["Q51"] = df["Q51"] + 1
    vvl["Q51"] = {k + 1: v for k, v in vvl["Q51"].items()} if labels else {}
    if not labels:
        del vvl["Q51"]
    path = tmp_path / "recoded.sav"
    pyreadstat.write_sav(df, str(path), column_labels=meta.column_names_to_labels,
                         variable_value_labels=vvl, variable_measure=meta.variable_measure)
    return path


def test_an_nps_stored_1_to_11_is_read_by_its_value_labels(platforms, survey_2026, tmp_path):
    """Was: read as stored, every score one too high (silently, when nobody gave a 10), or
    'got 11 (out of range)' with no word about the labels that say 10."""
    path = _recoded_sav(platforms, tmp_path, top_scores=True)
    s = load_survey(path, CB, mapping=platforms.mapping_file("qualtrics.sav"))
    export = platforms.export("qualtrics.sav")
    got = s.responses["nps"].copy()
    got.index = pd.Index([export.id_map()[i] for i in got.index], dtype="string",
                         name=survey_2026.responses.index.name)
    pd.testing.assert_series_equal(got.loc[survey_2026.responses.index], survey_2026.responses["nps"])
    [f] = [f for f in s.log.repairs if f.column == "nps"]
    assert f.file == str(path) and f.question and "value labels" in f.issue
    assert "1 '0 (zeer waarschijnlijk niet)'" in f.issue and "read as" in f.action


def test_a_shifted_nps_without_top_scores_is_no_longer_read_one_too_high(platforms, survey_2026,
                                                                          tmp_path):
    path = _recoded_sav(platforms, tmp_path, top_scores=False)
    s = load_survey(path, CB, mapping=platforms.mapping_file("qualtrics.sav"))
    stored = survey_2026.responses["nps"].where(survey_2026.responses["nps"] != 10, 9)
    assert sorted(s.responses["nps"].dropna().tolist()) == sorted(stored.dropna().tolist())


def test_scale_labels_that_merge_two_stored_values_are_an_error(platforms, tmp_path):
    import pyreadstat

    from wlzmonitor.inputs.quality_log import ExportError

    df, meta = pyreadstat.read_sav(str(platforms.export("qualtrics.sav").path))
    vvl = dict(meta.variable_value_labels)
    vvl["Q51"] = {**vvl["Q51"], 9.0: "10", 10.0: "10 (zeer waarschijnlijk wel)"}
    path = tmp_path / "merged.sav"
    pyreadstat.write_sav(df, str(path), column_labels=meta.column_names_to_labels,
                         variable_value_labels=vvl, variable_measure=meta.variable_measure)
    with pytest.raises(ExportError) as ei:
        load_survey(path, CB, mapping=platforms.mapping_file("qualtrics.sav"))
    [f] = ei.value.findings
    assert f.column == "nps" and f.file == str(path) and "would both be read as 10" in f.issue


# --------------------------------------------------------------------------------------------
# 3. a Qualtrics CSV read with header_rows: 3 whose question-text row (or both rows) was deleted


def _qualtrics_rows(platforms) -> list[list[str]]:
    import csv

    path = platforms.export("qualtrics_text.csv").path
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_a_qualtrics_export_without_its_question_text_row_is_read_with_a_warning(platforms, tmp_path):
    """Row 2 holds the ImportIds (the question texts deleted): was an error that said 'set header_rows:
    2', which reads the ImportIds as option headers ('Q1 | {"ImportId": …}') and fails again."""
    rows = _qualtrics_rows(platforms)
    path = _write(tmp_path / "no_texts.csv", [rows[0], rows[2]] + rows[3:])
    s = load_survey(path, CB, mapping=platforms.mapping_file("qualtrics_text.csv"))
    canonical = platforms.survey("qualtrics_text.csv")
    pd.testing.assert_frame_equal(s.responses, canonical.responses)
    assert s.rows_read == canonical.rows_read
    [f] = [f for f in s.log.warnings if "question texts" in f.issue]
    assert f.file == str(path) and "ImportIds" in f.issue


def test_a_qualtrics_export_with_one_header_row_says_so(platforms, tmp_path):
    """Both Qualtrics rows deleted: the message said the export has 2 header rows (it has 1) and
    advised only header_rows: 2, which reads the first respondent as a second header row."""
    from wlzmonitor.inputs.quality_log import ExportError

    rows = _qualtrics_rows(platforms)
    path = _write(tmp_path / "one_row.csv", [rows[0]] + rows[3:])
    with pytest.raises(ExportError) as ei:
        load_survey(path, CB, mapping=platforms.mapping_file("qualtrics_text.csv"))
    message = str(ei.value)
    assert str(path) in message and "when row 2 is a respondent" in message
    assert "it has 1: set header_rows: 1" in message


def test_the_draft_of_a_qualtrics_export_without_its_question_text_row_takes_the_importids_out(
        platforms, tmp_path):
    """Was: drafted with header_rows: 1, so the ImportId row was counted as a respondent and its
    cells offered as answer labels; the mapping then gave 84 errors on row 2, none saying why.
    Without question texts the questions cannot be matched (they are listed NOT MATCHED for the
    analyst), but the draft has the right header rows and rows."""
    from wlzmonitor.inputs.draft_mapping import draft_mapping

    rows = _qualtrics_rows(platforms)
    path = _write(tmp_path / "no_texts.csv", [rows[0], rows[2]] + rows[3:])
    draft = draft_mapping(path, CB)
    assert "\nheader_rows: 3\n" in draft.text
    assert f", {len(rows) - 3} rows:" in draft.text and "ImportId\\" not in draft.text.split("NOT MATCHED")[-1]
    assert "ResponseId" not in draft.unmatched and "Status" not in draft.unmatched


def test_a_double_encoded_export_saved_as_xlsx_reads_as_the_export_with_a_warning(tmp_path, survey_2026,
                                                                                  demo_frame):
    """The CSV opened as Windows-1252 in Excel and saved as a workbook: the same silent 'cliÃ«nten'."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append([_double_encoded(c) for c in demo_frame.columns])
    for row in demo_frame.itertuples(index=False):
        wb.active.append([_double_encoded(v) if v else None for v in row])
    path = tmp_path / "resaved.xlsx"
    wb.save(path)
    s = load_survey(path, CB, mapping=None)
    pd.testing.assert_frame_equal(s.responses, survey_2026.responses)
    notes = [f for f in s.log.warnings if "Windows-1252" in f.issue]
    assert len(notes) == 1 and notes[0].file == str(path)


# --------------------------------------------------------------------------------------------
# 4. respondent ids that a spreadsheet wrote in scientific notation


def test_ids_a_spreadsheet_wrote_in_scientific_notation_are_named_as_such(tmp_path, demo_frame):
    """SurveyMonkey's 11-digit ids saved by Excel as '1,14803E+11': respondents share one id. Was 131
    errors 'also on row 9 with different answers', none saying why the ids are equal."""
    from wlzmonitor.inputs.quality_log import ExportError

    frame = demo_frame.copy()
    frame["respondent_id"] = [f"1,148{i // 40:02d}E+11" for i in range(len(frame))]
    path = tmp_path / "excel.csv"
    frame.to_csv(path, index=False, sep=";")
    with pytest.raises(ExportError) as ei:
        load_survey(path, CB, mapping=None)
    shared = [f for f in ei.value.findings if f.column == "respondent_id"]
    assert shared and all("scientific notation" in f.issue for f in shared)
    assert shared[0].file == str(path) and shared[0].row is not None


def test_the_one_search_for_double_encoding_finds_what_the_four_marks_find():
    """The column reader declines a file with a double-encoding mark (the strict reader undoes it);
    the marks are found in one search (speed, issue 16): the same answer as searching for each of
    Ã, Â, â€ and â‚ in UTF-8, on generated bytes made of the marks' own bytes and their neighbours."""
    import random

    from wlzmonitor.inputs import reading

    marks = (b"\xc3\x83", b"\xc3\x82", b"\xc3\xa2\xe2\x82", b"\xc3\xa2\xe2\x80")
    pieces = [b"\xc3", b"\x82", b"\x83", b"\xa2", b"\xe2", b"\x80", b"\x84", b"\xab", b"a", b",", b"\n",
              "ë".encode(), "€".encode(), *marks]
    rng = random.Random(16)
    found = 0
    for _ in range(20000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = any(mark in data for mark in marks)
        found += expected
        assert bool(reading._DOUBLE_ENCODED.search(data)) == expected, data
    assert 2000 < found < 18000  # both answers well covered
