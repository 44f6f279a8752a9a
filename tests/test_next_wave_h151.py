"""Review h151 of next year's questionnaire (the 2027 wave of tests/new_wave.py, then one more change each).
Each test fails on main before its fix.

1. An option added to a multiple-response question (`changes` declared, the layout's rows left as the year
   before): a multi table counts only the options of its rows, so the new option's answers were in no table or
   page, and check-year said nothing (items of a matrix were warned; options were not).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import new_wave
from new_wave import YEAR
from test_wave_review import wave  # noqa: F401  (a fixture: the 2027 test wave)
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.year_check import check_year


def _copy(wave: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(wave, root)
    return root


def _check(root: Path, monkeypatch):
    monkeypatch.chdir(root)  # findings name files relative to the working folder
    load_config.cache_clear()
    try:
        return check_year(YEAR, load_config(root))
    finally:
        load_config.cache_clear()


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
