"""Tests for wlzmonitor.spec.codebook and codebook_parse: schema, columns, routing conditions, derived variables."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

from wlzmonitor.spec.codebook import Codebook, CodebookError, Condition
from wlzmonitor.spec.codebook_parse import codebook_for_year, load_codebook

FIXTURE = Path(__file__).parent / "fixtures" / "mini_codebook.yml"


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return load_codebook(FIXTURE)


@pytest.fixture()
def raw_fixture() -> dict:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "cb.yml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def qidx(data: dict, key: str) -> dict:
    return next(q for q in data["questions"] if q["key"] == key)


def load_error(tmp_path: Path, data: dict) -> str:
    p = write(tmp_path, data)
    with pytest.raises(CodebookError) as ei:
        load_codebook(p)
    return str(ei.value)


# -- loading the fixture --------------------------------------------------------------------


def test_top_level(cb: Codebook):
    assert cb.year == 2099
    assert cb.title == "Mini-enquête (testdata)"
    assert cb.fieldwork.start == dt.date(2098, 11, 19)
    assert cb.fieldwork.end == dt.date(2098, 12, 15)
    assert cb.population == 50
    assert (cb.id_column, cb.complete_column) == ("respondent_id", "voltooid")
    assert [q.key for q in cb.questions] == [
        "omzet", "zorgtype", "redenen", "gebruik", "belasting", "tarief_pct", "nps",
        "suggesties", "contact"]
    assert [d.key for d in cb.derived] == ["omzetgroep"]
    assert cb.path == FIXTURE


def test_columns(cb: Codebook):
    assert cb.columns() == [
        "respondent_id", "voltooid",
        "omzet",
        "zorgtype", "zorgtype__tekst",
        "redenen__1", "redenen__2", "redenen__3", "redenen__4", "redenen__tekst",
        "gebruik__zzp", "gebruik__meerzorg",
        "belasting__zzp", "belasting__meerzorg", "belasting__toelichting",
        "tarief_pct",
        "nps", "nps__toelichting",
        "suggesties",
        "contact__toestemming", "contact__naam", "contact__email",
    ]
    assert cb.question("redenen").answer_columns() == [f"redenen__{i}" for i in (1, 2, 3, 4)]
    assert cb.question("belasting").answer_columns() == ["belasting__zzp", "belasting__meerzorg"]
    assert cb.question("nps").answer_columns() == ["nps"]
    assert cb.question("zorgtype").text_column == "zorgtype__tekst"
    assert cb.question("nps").comment_column == "nps__toelichting"
    assert cb.private_columns() == ["contact__toestemming", "contact__naam", "contact__email"]


def test_open_with_several_fields_and_scale_without_items(tmp_path, raw_fixture):
    data = copy.deepcopy(raw_fixture)
    qidx(data, "suggesties")["fields"] = 3
    qidx(data, "suggesties")["comment"] = True
    data["questions"].insert(7, {"key": "belasting_totaal", "number": "7a", "text": "Totaal?",
                                 "type": "scale", "range": [1, 5]})
    cb = load_codebook(write(tmp_path, data))
    assert cb.question("suggesties").columns() == [
        "suggesties__1", "suggesties__2", "suggesties__3", "suggesties__toelichting"]
    assert cb.question("belasting_totaal").columns() == ["belasting_totaal"]


def test_question_attributes(cb: Codebook):
    z = cb.question("zorgtype")
    assert z.label == "Vraag 2 zorgtype"
    assert z.text_field_options == (3,)
    assert cb.question("contact").label == "Tot slot contact"
    b = cb.question("belasting")
    assert b.range == (1, 5)
    assert b.range_labels == {1: "zeer laag", 5: "zeer hoog"}
    assert b.required is False and b.comment is True
    # defaults: answers required, open and contact questions not
    assert cb.question("omzet").required is True
    assert cb.question("suggesties").required is False
    assert cb.question("contact").required is False
    assert cb.question("contact").private is True
    assert cb.question("omzet").private is False
    assert cb.question("tarief_pct").unit == "percent"
    assert cb.question("tarief_pct").range == (0, 150)
    assert cb.question("nps").range == (0, 10)
    assert cb.question("redenen").routing_note == "Alleen voor organisaties met intramurale zorg"
    assert [f.code for f in cb.question("contact").fields] == ["toestemming", "naam", "email"]


def test_labels(cb: Codebook):
    assert cb.options("zorgtype") == {1: "Intramuraal en thuis", 2: "Alleen intramuraal",
                                      3: "Anders, namelijk"}
    assert cb.label("omzet", 4) == "Meer dan 100 miljoen euro"
    assert cb.label("omzet", 4, short=True) == "> 100 mln"
    assert cb.question("omzet").short_labels[4] == "> 100 mln"
    assert cb.question("omzet").short_labels[1] == "Minder dan 20 miljoen euro"
    assert cb.options("omzetgroep")[2] == "Tussen 40 en 100 miljoen euro"
    assert cb.item_label("gebruik", "meerzorg") == "Meerzorg"
    assert cb.items("belasting") == {"zzp": "ZZP", "meerzorg": "Meerzorg"}
    with pytest.raises(KeyError, match="did you mean 'omzet'"):
        cb.question("omzett")
    with pytest.raises(KeyError, match="no option with code 9"):
        cb.label("omzet", 9)


def test_codebook_for_year(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "report.yml").write_text("years: {}\n", encoding="utf-8")
    (tmp_path / "data" / "codebooks").mkdir(parents=True)
    (tmp_path / "data" / "codebooks" / "2099.yml").write_text(
        FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    assert codebook_for_year(2099, root=tmp_path).year == 2099
    with pytest.raises(CodebookError, match="no codebook for 2098"):
        codebook_for_year(2098, root=tmp_path)
    (tmp_path / "data" / "codebooks" / "2098.yml").write_text(
        FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CodebookError, match="says year 2099, expected 2098"):
        codebook_for_year(2098, root=tmp_path)


# -- conditions -----------------------------------------------------------------------------


def frame(**cols) -> pd.DataFrame:
    return pd.DataFrame({k: pd.array(v, dtype="Int64") for k, v in cols.items()})


def test_condition_in_not_in_unanswered_is_false():
    df = frame(zorgtype=[1, 2, 3, None])
    c_in = Condition("in", question="zorgtype", codes=(1, 2))
    c_not = Condition("not_in", question="zorgtype", codes=(3,))
    assert c_in.evaluate(df).tolist() == [True, True, False, False]
    assert c_not.evaluate(df).tolist() == [True, True, False, False]
    assert c_in.evaluate(df).dtype == bool


def test_condition_on_raw_text():
    df = pd.DataFrame({"zorgtype": ["1", " 3", "", "x"]})
    c = Condition("not_in", question="zorgtype", codes=(3,))
    assert c.evaluate(df).tolist() == [True, False, False, False]


def test_condition_multi_item_all_any(cb: Codebook):
    df = frame(zorgtype=[1, 1, 3, 2, 2],
               redenen__1=[1, 0, None, 0, 0], redenen__2=[0, 0, None, 0, 0],
               redenen__3=[0, 1, None, 0, None], redenen__4=[0, 0, None, 0, 0],
               gebruik__zzp=[2, 1, 1, 2, None], gebruik__meerzorg=[1, 1, 2, 2, None])
    red = Condition("in", question="redenen", codes=(1, 2), multi_codes=(1, 2, 3, 4))
    assert red.evaluate(df).tolist() == [True, False, False, False, False]
    red_not = Condition("not_in", question="redenen", codes=(1,), multi_codes=(1, 2, 3, 4))
    # answered (something selected) and option 1 not selected; all-0 counts as unanswered
    assert red_not.evaluate(df).tolist() == [False, True, False, False, False]
    tarief = cb.question("tarief_pct").asked_if
    assert tarief.evaluate(df).tolist() == [True, True, False, False, False]
    assert cb.asked_mask("tarief_pct", df).tolist() == [True, True, False, False, False]
    assert tarief.questions() == ["zorgtype", "redenen", "gebruik"]


def test_item_asked_if_same(cb: Codebook):
    df = frame(gebruik__zzp=[1, 2, None], gebruik__meerzorg=[2, 1, 1])
    assert cb.asked_mask("belasting", df, item="zzp").tolist() == [True, False, False]
    assert cb.asked_mask("belasting", df, item="meerzorg").tolist() == [False, True, True]
    assert cb.asked_mask("belasting", df).tolist() == [True, True, True]
    m = cb.item_asked_masks("belasting", df)
    assert list(m.columns) == ["zzp", "meerzorg"]
    with pytest.raises(ValueError, match="item: same"):
        cb.question("belasting").item_asked_if.evaluate(df)


def test_condition_describe(cb: Codebook):
    c = cb.question("redenen").asked_if
    assert c.describe(cb) == "Vraag 2 zorgtype is one of 1, 2"
    assert c.describe(cb, negate=True) == "Vraag 2 zorgtype is not one of 1, 2 (or unanswered)"
    t = cb.question("tarief_pct").asked_if
    assert t.describe(cb) == (
        "Vraag 2 zorgtype is answered and not one of 3 and (Vraag 3 redenen has one of 1, 2 "
        "selected or Vraag 4 gebruik item zzp is one of 1)")


# -- derived --------------------------------------------------------------------------------


def test_derive(cb: Codebook):
    df = frame(omzet=[1, 2, 3, 4, None])
    out = cb.derive(df)
    assert out["omzetgroep"].dtype == "Int64"
    assert out["omzetgroep"].tolist()[:4] == [1, 1, 2, 3]
    assert out["omzetgroep"].isna().tolist() == [False] * 4 + [True]
    assert "omzetgroep" not in df.columns  # a copy


def test_derive_unmapped_code_raises(cb: Codebook):
    with pytest.raises(CodebookError,
                       match=r"derived 'omzetgroep': code\(s\) 7 of 'omzet' not in its map"):
        cb.derive(frame(omzet=[1, 7]))


# -- schema errors --------------------------------------------------------------------------


def test_unknown_type(tmp_path, raw_fixture):
    qidx(raw_fixture, "omzet")["type"] = "singel"
    msg = load_error(tmp_path, raw_fixture)
    assert msg == (f"{tmp_path / 'cb.yml'}: question 'omzet' (Vraag 1): unknown type 'singel' "
                   "(did you mean 'single'?); expected one of single, multi, matrix, scale, "
                   "numeric, open, nps, contact")


def test_duplicate_question_key(tmp_path, raw_fixture):
    raw_fixture["questions"].append(copy.deepcopy(qidx(raw_fixture, "nps")))
    msg = load_error(tmp_path, raw_fixture)
    assert msg == f"{tmp_path / 'cb.yml'}: question 'nps': duplicate key (question #10)"


@pytest.mark.parametrize("key", ["omzet", "redenen", "gebruik"])
def test_missing_options(tmp_path, raw_fixture, key):
    q = qidx(raw_fixture, key)
    del q["options"]
    q.pop("text_field", None)
    msg = load_error(tmp_path, raw_fixture)
    assert f"question '{key}' (Vraag {q['number']}): a {q['type']} question needs 'options'" in msg


def test_duplicate_option_code(tmp_path, raw_fixture):
    qidx(raw_fixture, "zorgtype")["options"][2]["code"] = 2
    msg = load_error(tmp_path, raw_fixture)
    assert f"{tmp_path / 'cb.yml'}: question 'zorgtype' (Vraag 2): duplicate option code 2" in msg


def test_duplicate_item_code(tmp_path, raw_fixture):
    qidx(raw_fixture, "gebruik")["items"][1]["code"] = "zzp"
    msg = load_error(tmp_path, raw_fixture)
    assert "question 'gebruik' (Vraag 4): duplicate item code 'zzp'" in msg


def test_unknown_key_typo(tmp_path, raw_fixture):
    q = qidx(raw_fixture, "nps")
    q["comments"] = q.pop("comment")
    msg = load_error(tmp_path, raw_fixture)
    assert msg.startswith(f"{tmp_path / 'cb.yml'}: question 'nps' (Vraag 7): unknown key "
                          "'comments' (did you mean 'comment'?)")


def test_key_not_for_this_type(tmp_path, raw_fixture):
    qidx(raw_fixture, "omzet")["unit"] = "euro"
    msg = load_error(tmp_path, raw_fixture)
    assert "question 'omzet' (Vraag 1): key 'unit' does not apply to a single question" in msg


def test_routing_unknown_question(tmp_path, raw_fixture):
    qidx(raw_fixture, "redenen")["asked_if"] = {"question": "zorgtyp", "in": [1]}
    msg = load_error(tmp_path, raw_fixture)
    assert msg == (f"{tmp_path / 'cb.yml'}: question 'redenen' (Vraag 3): asked_if refers to "
                   "unknown question 'zorgtyp' (did you mean 'zorgtype'?)")


def test_routing_later_question(tmp_path, raw_fixture):
    qidx(raw_fixture, "redenen")["asked_if"] = {"question": "nps", "in": [1]}
    msg = load_error(tmp_path, raw_fixture)
    assert msg == (f"{tmp_path / 'cb.yml'}: question 'redenen' (Vraag 3): asked_if refers to "
                   "question 'nps', which comes LATER in the questionnaire (routing may only "
                   "depend on earlier questions)")


def test_routing_nonexistent_code_nested(tmp_path, raw_fixture):
    qidx(raw_fixture, "tarief_pct")["asked_if"]["all"][1]["any"][0]["in"] = [1, 9]
    msg = load_error(tmp_path, raw_fixture)
    assert msg == (f"{tmp_path / 'cb.yml'}: question 'tarief_pct' (Vraag 6): asked_if: "
                   "'redenen' has no code(s) 9 (codes: 1, 2, 3, 4)")


def test_routing_nonexistent_item(tmp_path, raw_fixture):
    qidx(raw_fixture, "tarief_pct")["asked_if"]["all"][1]["any"][1]["item"] = "zz"
    msg = load_error(tmp_path, raw_fixture)
    assert msg == (f"{tmp_path / 'cb.yml'}: question 'tarief_pct' (Vraag 6): asked_if: "
                   "'gebruik' has no item 'zz' (items: zzp, meerzorg)")


def test_routing_item_same_outside_item_asked_if(tmp_path, raw_fixture):
    qidx(raw_fixture, "belasting")["asked_if"] = {"question": "gebruik", "item": "same",
                                                  "in": [1]}
    msg = load_error(tmp_path, raw_fixture)
    assert "asked_if: 'item: same' is only allowed in item_asked_if" in msg


def test_routing_needs_in_or_not_in(tmp_path, raw_fixture):
    qidx(raw_fixture, "redenen")["asked_if"] = {"question": "zorgtype", "is": [1]}
    msg = load_error(tmp_path, raw_fixture)
    assert "question 'redenen' (Vraag 3): unknown key 'is' in asked_if" in msg
    assert "a condition needs exactly one of 'in' / 'not_in'" in msg


def test_text_field_unknown_option(tmp_path, raw_fixture):
    qidx(raw_fixture, "zorgtype")["text_field"] = {"options": [4]}
    msg = load_error(tmp_path, raw_fixture)
    assert "question 'zorgtype' (Vraag 2): text_field refers to non-existent option code(s) 4" \
        in msg


def test_number_must_be_string(tmp_path, raw_fixture):
    qidx(raw_fixture, "omzet")["number"] = 1
    msg = load_error(tmp_path, raw_fixture)
    assert "question 'omzet': 'number' must be a non-empty string (quote it" in msg


def test_several_problems_listed(tmp_path, raw_fixture):
    qidx(raw_fixture, "omzet")["type"] = "singel"
    qidx(raw_fixture, "nps")["range"] = [1, 10]
    msg = load_error(tmp_path, raw_fixture)
    lines = msg.splitlines()
    assert lines[0] == f"{tmp_path / 'cb.yml'}: codebook has 2 problems:"
    assert lines[1].endswith("question 'omzet' (Vraag 1): unknown type 'singel' (did you mean "
                             "'single'?); expected one of single, multi, matrix, scale, numeric, "
                             "open, nps, contact")
    # review h94: what to do when the questionnaire asks 1-10
    assert lines[2].endswith("question 'nps' (Vraag 7): an nps question's range is [0, 10] (critici 0-6, "
                             "neutralen 7-8, fans 9-10), got [1, 10]: a score asked on another scale gives no NPS "
                             "comparable with the earlier years'. Ask it 0-10, or make it a question of its own: "
                             "another key, type: scale (its mean, a new series) and tables of that kind instead of "
                             "the nps tables")
    # the derived variable reading the broken question does not add a second, echo problem
    assert "omzetgroep" not in msg


def test_derived_errors(tmp_path, raw_fixture):
    raw_fixture["derived"][0]["map"] = {1: 1, 2: 1, 3: 2, 5: 3}
    raw_fixture["derived"][0]["from"] = "omzet"
    msg = load_error(tmp_path, raw_fixture)
    assert msg.splitlines()[1].endswith("derived 'omzetgroep': map: 'omzet' has no code 5")
    assert msg.splitlines()[2].endswith("derived 'omzetgroep': map: code(s) 4 of 'omzet' (Meer dan 100 miljoen euro) "
                                        "in no group: every answer of 'omzet' needs one (add it to the map)")


def test_a_source_option_outside_every_group_is_a_codebook_error(tmp_path, raw_fixture):
    """Review: an option added to omzet (5) without updating omzetgroep's map passed check-year; the run
    stopped only when a respondent picked it."""
    raw_fixture["derived"][0]["map"] = {1: 1, 2: 1, 3: 2}
    msg = load_error(tmp_path, raw_fixture)
    assert msg == (f"{tmp_path / 'cb.yml'}: derived 'omzetgroep': map: code(s) 4 of 'omzet' (Meer dan 100 miljoen "
                   "euro) in no group: every answer of 'omzet' needs one (add it to the map)")


def test_derived_key_clash(tmp_path, raw_fixture):
    raw_fixture["derived"][0]["key"] = "nps"
    msg = load_error(tmp_path, raw_fixture)
    assert "derived 'nps': duplicate key" in msg


def test_duplicate_yaml_key(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        '    type: nps\n', '    type: nps\n    type: single\n', 1)
    p = tmp_path / "dup.yml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=r"key 'type' appears twice in one mapping"):
        load_codebook(p)


def test_unknown_top_level_key(tmp_path, raw_fixture):
    raw_fixture["questionss"] = copy.deepcopy(raw_fixture["questions"])  # the same list would be dumped as an alias
    msg = load_error(tmp_path, raw_fixture)
    assert "unknown key 'questionss' at top level (did you mean 'questions'?)" in msg


def test_contact_must_be_private(tmp_path, raw_fixture):
    qidx(raw_fixture, "contact")["private"] = False
    msg = load_error(tmp_path, raw_fixture)
    assert "question 'contact' (Tot slot): a contact question is always private" in msg
