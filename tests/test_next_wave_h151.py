"""Review h151 of next year's questionnaire (the 2027 wave of tests/new_wave.py, then one more change each).
Each test fails on main before its fix.

1. An option added to a multiple-response question (`changes` declared, the layout's rows left as the year
   before): a multi table counts only the options of its rows, so the new option's answers were in no table or
   page, and check-year said nothing (items of a matrix were warned; options were not).
2. A 2027 codebook copied by hand (not through new-year): the wording's years moved, an item's or option's label
   left word for word as 2026's while it named 2026's year ('Overeenkomst Wlz 2026' in Tabel 30 'Is de
   Wlz-inkoop 2027 gewijzigd ...'; 'de productieafspraken 2025' in a herschikking question about 2026): the
   report printed last year's year in those rows and check-year, which read the wording only, said nothing.
3. The same hand-copied codebook's title and fieldwork left as 2026's: Bijlage 4 of the 2027 report opened with
   'Enquête Wlz-zorgcontractering 2026' and 'Veldwerk: 19-11-2025 t/m 15-12-2025'; check-year said nothing.
4. The codeframe copied by hand: its section titles 'Gevolgen van de contractering 2026 ({vraag})' and 'Suggesties
   voor het inkoopbeleid 2027 ({vraag})' left as 2026's headed the 2027 report's sections on the 2027 questions.
5. new-year moved every year in the wording, a fixed date too ('sinds de invoering van de Wlz in 2015' became
   '... in 2016', 'het Generiek Kompas (2024)' '(2025)'), and check-year, which takes a year moved with the survey
   as the same wording, said nothing: the 2027 report printed the wrong year. Now only the years of the source
   wave (the year before it, its own, the next) move; the others stay and the checklist names them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import new_wave
from new_wave import YEAR
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture, the 2027 test wave)


def _edit(root: Path, where: str, key: str, edit) -> None:
    path = root / where
    header, doc = new_wave._yaml(path)
    entries = doc["questions"] if "questions" in doc else doc["tables"]
    edit(next(e for e in entries if e["key"] == key))
    new_wave._write(path, header, doc)


def _texts(found, kind: str) -> list[str]:
    return [f.text() for f in found.findings if f.kind == kind]


def _line(root: Path, key: str) -> int:
    lines = (root / "data" / "reports" / str(YEAR) / "tables.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == f"- key: {key}")


def _new_theme(q: dict) -> None:
    q["options"].append({"code": 5, "label": "Zorginfrastructuur"})
    q["changes"] = {2026: "gewijzigde antwoordcategorieën"}


def test_a_new_option_of_a_multi_question_in_no_table_is_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _edit(root, f"data/codebooks/{YEAR}.yml", "hlo_themas", _new_theme)
    found = _check(root, monkeypatch)
    assert _texts(found, "not_shown") == [
        f"WARNING: [not_shown] data/reports/2027/tables.yml:{_line(root, 'hlo_themas')} (Tabel 35 (hlo_themas)): "
        "option(s) 5 ‘Zorginfrastructuur’ (new since 2026) of 'hlo_themas' in no table's rows: a multiple-response "
        "table counts only the options of its rows, so their answers are in no table or page. Add them to the rows "
        "of the question's tables, in printed order"]
    # listed in the rows, the option is shown: nothing to say
    _edit(root, f"data/reports/{YEAR}/tables.yml", "hlo_themas", lambda t: t.update(rows=[*t["rows"], 5]))
    assert _texts(_check(root, monkeypatch), "not_shown") == []


def test_the_analysts_wave_has_every_multi_option_in_a_table(wave, monkeypatch):
    assert _texts(_check(wave, monkeypatch), "not_shown") == []


def _stale(q: dict) -> None:
    for entry in (q.get("items") or []) + (q.get("options") or []):
        entry["label"] = entry["label"].replace("Wlz 2027", "Wlz 2026").replace("productieafspraken 2026", "productieafspraken 2025")


def test_a_label_left_with_last_year_s_year_is_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    for key in ("inkoop_wijzigingen", "herschikking_thuis"):
        _edit(root, f"data/codebooks/{YEAR}.yml", key, _stale)
    found = [t for t in _texts(_check(root, monkeypatch), "changes") if "word for word as in" in t]
    assert [t.split(": ", 2)[2] for t in found] == [
        "item overeenkomst ‘Overeenkomst Wlz 2026’ names 2026, word for word as in 2026 (its label), but the 2027 "
        "answers are about 2027: the tables print last year's year in this row. Write ‘Overeenkomst Wlz 2027’ "
        "(new-year moves such years); if the 2027 questionnaire does print 2026 here, leave it (this warning then "
        "stays)",
        "option 4 ‘Niet van toepassing: herschikking was niet nodig, omdat de productieafspraken 2025 toereikend "
        "waren voor de cliënten in zorg’ names 2025, word for word as in 2026 (its label), but the 2027 answers are "
        "about 2026: the tables print last year's year in this row. Write ‘Niet van toepassing: herschikking was "
        "niet nodig, omdat de productieafspraken 2026 toereikend waren voor de cliënten in zorg’ (new-year moves "
        "such years); if the 2027 questionnaire does print 2025 here, leave it (this warning then stays)"]
    assert [t.split(": ", 2)[1].split(" (")[1] for t in found] == ["Vraag 18 inkoop_wijzigingen)",
                                                                    "Vraag 35 herschikking_thuis)"]


def test_a_fixed_year_in_a_label_is_no_stale_year(wave, tmp_path, monkeypatch):
    """A label naming a year that is no wave's own (‘sinds 2024’), kept word for word, says nothing stale."""
    root = _copy(wave, tmp_path)
    for path in (f"data/codebooks/{YEAR}.yml", "data/codebooks/2026.yml"):
        _edit(root, path, "inkoop_wijzigingen",
              lambda q: q["items"][0].update(label="Overeenkomst Wlz (sinds 2024)"))
    assert [t for t in _texts(_check(root, monkeypatch), "changes") if "word for word as in" in t] == []


def _header(root: Path, **values) -> int:
    """Set top-level entries of the 2027 codebook; the line of its ``title:``."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    doc.update(values)
    new_wave._write(path, header, doc)
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("title:"))


def _headers(found) -> list[str]:
    return [t for t in _texts(found, "changes") if "title ‘" in t or "fieldwork " in t]


def test_a_title_and_fieldwork_left_as_last_year_s_are_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    line = _header(root, title="Enquête Wlz-zorgcontractering 2026",
                   fieldwork={"start": datetime.date(2025, 11, 19), "end": datetime.date(2025, 12, 15)})
    assert _headers(_check(root, monkeypatch)) == [
        f"WARNING: [changes] data/codebooks/2027.yml:{line}: title ‘Enquête Wlz-zorgcontractering 2026’ names 2026, "
        "not 2027: Bijlage 4 of the 2027 report opens with it. Write the 2027 questionnaire's title (new-year moves "
        "its year)",
        f"WARNING: [changes] data/codebooks/2027.yml:{line + 1}: fieldwork 19-11-2025 t/m 15-12-2025 lies in the "
        "years of 2026's (19-11-2025 t/m 15-12-2025): Bijlage 4 of the 2027 report prints it. Write the 2027 wave's "
        "fieldwork dates (new-year moves them a year)"]
    # the 2027 wave's own title and fieldwork (a day later than 2026's, a year on): nothing to say
    _header(root, title="Enquête Wlz-zorgcontractering 2027",
            fieldwork={"start": datetime.date(2026, 11, 20), "end": datetime.date(2026, 12, 16)})
    assert _headers(_check(root, monkeypatch)) == []


def test_a_codeframe_title_left_with_last_year_s_years_is_warned(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    path = root / "data" / "codeframes" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("inkoopbeleid 2028 (", "inkoopbeleid 2027 (").replace("contractering 2027 (", "contractering 2026 (")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    at = {key: next(i for i, line in enumerate(lines, 1) if line.startswith(f"  {key}:"))
          for key in ("suggesties_inkoopbeleid", "gevolgen_contractering")}
    assert [t for t in _texts(_check(root, monkeypatch), "codeframe") if "word for word" in t] == [
        f"WARNING: [codeframe] data/codeframes/2027.yml:{at['suggesties_inkoopbeleid']} (suggesties_inkoopbeleid): "
        "title ‘Suggesties voor het inkoopbeleid 2027 ({vraag})’ is word for word 2026's, which named 2027: the 2027 "
        "report would head this section with the year(s) of 2026's. Write ‘Suggesties voor het inkoopbeleid 2028 "
        "({vraag})’ (new-year moves such years); if the 2027 question does name 2027, leave it (this warning then "
        "stays)",
        f"WARNING: [codeframe] data/codeframes/2027.yml:{at['gevolgen_contractering']} (gevolgen_contractering): "
        "title ‘Gevolgen van de contractering 2026 ({vraag})’ is word for word 2026's, which named 2026: the 2027 "
        "report would head this section with the year(s) of 2026's. Write ‘Gevolgen van de contractering 2027 "
        "({vraag})’ (new-year moves such years); if the 2027 question does name 2026, leave it (this warning then "
        "stays)"]


def test_the_inherited_codeframe_titles_are_no_stale_years(wave, monkeypatch):
    assert [t for t in _texts(_check(wave, monkeypatch), "codeframe") if "word for word" in t] == []


def test_new_year_leaves_a_fixed_year_and_names_it(tmp_path):
    root = new_wave.repository(tmp_path)
    path = root / "data" / "codebooks" / "2026.yml"
    _edit(root, "data/codebooks/2026.yml", "kwaliteit_dialoog",
          lambda q: q.update(text="Sinds de invoering van de Wlz in 2015: " + q["text"]))
    _edit(root, "data/codebooks/2026.yml", "inkoop_wijzigingen",
          lambda q: q["items"][0].update(label="Generiek Kompas (2024) en Overeenkomst Wlz 2026"))
    frames = root / "data" / "codeframes" / "2026.yml"
    frames.write_text(frames.read_text(encoding="utf-8").replace(
        "inkoopbeleid 2027 ({vraag})", "inkoopbeleid 2027, sinds 2020 ({vraag})"), encoding="utf-8")
    result = new_wave.new_year(root)
    assert 'title: "Suggesties voor het inkoopbeleid 2028, sinds 2020 ({vraag})"' in (
        root / "data" / "codeframes" / f"{YEAR}.yml").read_text(encoding="utf-8")
    header, doc = new_wave._yaml(root / "data" / "codebooks" / f"{YEAR}.yml")
    questions = {q["key"]: q for q in doc["questions"]}
    old = {q["key"]: q for q in new_wave._yaml(path)[1]["questions"]}
    moved = old["kwaliteit_dialoog"]["text"].replace(" 2026 ", " 2027 ")
    assert "in 2026 met" in old["kwaliteit_dialoog"]["text"] and moved.startswith("Sinds de invoering van de Wlz in 2015: ")
    assert questions["kwaliteit_dialoog"]["text"] == moved  # the wave's year moved, the fixed date kept
    assert questions["inkoop_wijzigingen"]["items"][0]["label"] == "Generiek Kompas (2024) en Overeenkomst Wlz 2027"
    assert questions["inkoop_wijzigingen"]["text"].startswith("Is de Wlz-inkoop 2027 vanuit het zorgkantoor "
                                                              "gewijzigd ten opzichte van de Wlz-inkoop 2026")
    prefix = ("  a year left as it is (further from 2026 than a year: taken as a fixed date; if it follows the survey "
              "year, move it to 2027's): ")
    assert [line for line in result.todo if line.startswith("  a year left")] == [
        prefix + "kwaliteit_dialoog: ‘" + moved + "’",
        prefix + "inkoop_wijzigingen: ‘Generiek Kompas (2024) en Overeenkomst Wlz 2027’"]
