"""Review h105 of review h101's loader changes: each test is a case h101 left wrong, and what the loader does
with it now."""

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


# --------------------------------------------------------------------------------------------
# 1. h101 took a few invisible characters out of the stored id (U+200B-200F, U+2060-2064, the soft hyphen, the
#    byte-order mark); others that no reader sees either (a bidi isolate, the Arabic letter mark, U+180E, a tag
#    character, the combining grapheme joiner, a variation selector, a Hangul filler) stayed in the stored id,
#    which printed as "R5" and matched nothing (the quotes file, next year's files)


@pytest.mark.parametrize("char", ["\u2066", "\u2069", "\u202a", "\u061c", "\u180e", "\U000e0041", "\u034f", "\ufe0f",
                                  "\u3164", "\u115f"])
def test_every_invisible_character_is_taken_out_of_the_stored_id(tmp_path, char):
    rows = base_rows()
    rows[1]["respondent_id"] = "2" + char
    s = _load(tmp_path, rows)
    assert sorted(s.responses.index) == ["1", "10", "2"]
    [f] = [f for f in s.log.warnings if "invisible character" in f.issue]
    assert f"U+{ord(char):04X}" in f.issue and f.action.startswith("removed from the id")


def test_a_copy_under_the_id_with_a_bidi_isolate_is_a_duplicate_stored_once(tmp_path):
    rows = base_rows()
    for r in rows:
        r.pop("contact__email", None)
    rows.append(dict(rows[0], respondent_id="1\u2066"))
    s = _load(tmp_path, rows)
    assert list(s.responses.index).count("1") == 1 and s.n == 3
    [f] = s.log.exclusions
    assert (f.row, f.issue, f.respondent_id) == (5, "duplicate of row 2", "1")


# --------------------------------------------------------------------------------------------
# 2. the mapping's own findings (an option named twice, an item that is no option, a row rule's exclusion) named
#    the id as written, with its invisible character or no-break space, where validation stores it without


def _multi_export(tmp: Path, cell: str, rid: str) -> Path:
    rows = base_rows()
    labels = {o.code: o.label for o in MINI.question("redenen").options}
    for r in rows:
        r["V3 Redenen"] = "; ".join(labels[c] for c in (1, 2, 3, 4) if r.get(f"redenen__{c}") == "1")
    rows[0]["V3 Redenen"] = cell
    rows[0]["respondent_id"] = rid
    option_columns = MINI.question("redenen").answer_columns()
    columns = [c for c in MINI.columns() if c not in option_columns] + ["V3 Redenen"]
    return write_rows(tmp / "tool.csv", rows, columns)


@pytest.mark.parametrize("rid, stored", [("1\u200b", "1"), ("\ufeff1", "1"), ("1\u2066", "1")])
def test_a_mapping_finding_names_the_id_as_stored(tmp_path, rid, stored):
    path = _multi_export(tmp_path, "Personeel; Personeel", rid)
    s = load_survey(path, MINI, mapping=ExportMapping(multi=[MultiColumn("redenen", "V3 Redenen", ";")]))
    assert stored in s.responses.index
    [f] = [f for f in s.log.warnings if "named 2 times" in f.issue]
    assert (f.row, f.respondent_id) == (2, stored)


# --------------------------------------------------------------------------------------------
# 3. h101 made a multi cell of delimiters only an error (unanswered or nothing chosen cannot be told); in a row
#    that was not asked the question, both readings are "not asked": it stopped the run there too


def test_a_delimiters_only_cell_of_a_question_not_asked_is_a_warning(tmp_path):
    path = _multi_export(tmp_path, "Personeel", "1")
    text = path.read_text(encoding="utf-8").splitlines()
    text[2] += ";"  # respondent 2 (zorgtype 3: redenen not asked) gets ";" in V3 Redenen
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    s = load_survey(path, MINI, mapping=ExportMapping(multi=[MultiColumn("redenen", "V3 Redenen", ";")]))
    assert s.n == 3 and not s.log.exclusions
    [f] = [f for f in s.log.warnings if "only the delimiter" in f.issue]
    assert (f.column, f.action) == ("redenen__*", "treated as empty (not asked)") and "rows 3" in f.issue
    assert s.responses.loc["2", [f"redenen__{c}" for c in (1, 2, 3, 4)]].isna().all()


def test_a_delimiters_only_cell_of_a_question_asked_is_still_an_error(tmp_path):
    with pytest.raises(ExportError) as ei:
        load_survey(_multi_export(tmp_path, " ; ", "1"), MINI,
                    mapping=ExportMapping(multi=[MultiColumn("redenen", "V3 Redenen", ";")]))
    [f] = ei.value.findings
    assert (f.row, f.severity, f.issue) == (2, "error", "the answer holds only the delimiter ';', no option")


# --------------------------------------------------------------------------------------------
# 4. validate_and_parse's rows as text kept the id as written (with its invisible character), the typed cells and
#    load_survey the id without: convert_types(rows) and parsed.loc[rows.index] no longer agreed


def test_validate_and_parse_gives_the_id_as_stored_in_the_rows_as_text(tmp_path):
    import pandas as pd

    from wlzmonitor.inputs.validation import convert_types, validate_and_parse

    rows = base_rows()
    rows[1]["respondent_id"] = "2\u200b"
    raw = pd.DataFrame([{c: r.get(c, "") for c in MINI.columns()} for r in rows])
    kept, _, parsed = validate_and_parse(raw, MINI, "export.csv")
    assert sorted(kept["respondent_id"]) == ["1", "10", "2"]
    assert list(convert_types(kept, MINI)["respondent_id"]) == list(parsed.loc[kept.index, "respondent_id"])


# --------------------------------------------------------------------------------------------
# 5. h101 read one id's two rows with an answered multi question's empty option cells made 0 as one answer, but not
#    a form sent twice under another id: the copy saved with its empty option cells made 0 was counted twice


def test_a_form_sent_twice_whose_empty_option_cells_were_made_0_is_a_duplicate(tmp_path):
    rows = base_rows()
    for r in rows:
        r.pop("contact__email", None)
    rows[0].update({"redenen__2": "", "redenen__3": ""})
    s = _load(tmp_path, rows + [dict(rows[0], respondent_id="77", **{"redenen__2": "0", "redenen__3": "0"})])
    assert s.n == 3 and "77" not in s.responses.index
    [f] = s.log.exclusions
    assert f.row == 5 and "a form sent twice" in f.issue


def test_an_unanswered_multi_question_and_one_with_nothing_chosen_stay_different_under_two_ids(tmp_path):
    """Row 4's `redenen` all empty is another answer than the copy's all 0 (nothing chosen): not a form sent twice."""
    rows = base_rows()
    for r in rows:
        r.pop("contact__email", None)
        r["redenen__4"] = r.get("redenen__4", "")
    rows[2].update({"redenen__1": "", "redenen__2": "", "redenen__4": ""})  # option 3 chosen, the rest empty
    copy = dict(rows[2], respondent_id="77", **{f"redenen__{c}": "0" for c in (1, 2, 3, 4)})
    s = _load(tmp_path, rows + [copy])
    assert not any("a form sent twice" in f.issue for f in s.log.exclusions)
