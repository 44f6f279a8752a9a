"""A made-up 2027 wave in a copy of the repository, as an analyst builds it (docs/survey_years.md).

`repository(tmp)` copies config/, data/ and notebooks/; `new_year(root)` runs the new-year scaffold;
then the 2027 questionnaire differs from 2026 the way questionnaires do:

- ADDED    `wachtlijst_afspraken` (after urgent_wachtenden; its table in chapter 2 after Tabel 20);
- DROPPED  `capaciteit_gesprek` (its tables, codeframe entry and, guarded, its prose);
- OPTIONS  `tariefpercentage`: option 3 reworded, a new option 5 "Een percentage per prestatie" in
           questionnaire order, so "Anders, namelijk" moves from code 5 to 6; the richttarief in
           option 1's label is 2027's (96,0%); `changes: {2026: gewijzigde antwoordcategorieën}`;
- herschikking tables print the herschikking year, Tabel 38 the NPS per year, the long series 2021-2023
  come from the published 2026 report, the codeframe is inherited.

`analyst_edits(root)` makes the edits the right way (`was`, `changes`, layout, guarded prose);
`naive_edits(root)` the way that used to build a silently wrong report, for check-year to catch.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import yaml

from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.new_year import scaffold, write_scaffold

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2027
NEW_KEY = "wachtlijst_afspraken"
DROPPED = "capaciteit_gesprek"
NEW_OPTION = "Een percentage per prestatie"
RICHTTARIEF_2027 = "Het landelijk richttariefpercentage 96,0% zoals beschreven in het regionale inkoopbeleid"
HOGER_2027 = "Een hoger tariefpercentage dan het richttariefpercentage, namelijk ...% van het NZa-maximumtarief"
NEW_QUESTION = {
    "key": NEW_KEY, "number": "32", "type": "single",
    "text": "Heeft u met het zorgkantoor afspraken gemaakt over de wachtlijst voor een verblijfplaats?",
    "options": [{"code": 1, "label": "Ja"}, {"code": 2, "label": "Nee"}, {"code": 3, "label": "Weet niet"}],
}
NEW_TABLE = {"key": NEW_KEY, "chapter": "02_capaciteit", "question": NEW_KEY, "kind": "single",
             "rows": [1, 2, 3], "columns": [YEAR]}


def repository(tmp: Path) -> Path:
    root = tmp / "repo"
    for folder in ("config", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("demo"))
    return root


def check_with_prose(tmp: Path, calls: list[str], chapter: str = "00_kerncijfers", year: int = 2026):
    """check-year of a copy of the repository whose chapter ends in a new cell of ``calls`` (lines of
    Python, e.g. ``chapter.text("...")``): the result and the line number of the first call."""
    from wlzmonitor.spec.year_check import check_year

    root = repository(tmp)
    path = root / "notebooks" / f"{chapter}.py"
    text = path.read_text(encoding="utf-8") + "\n# %%\n"
    first = len(text.splitlines()) + 1
    path.write_text(text + "".join(f"{call}\n" for call in calls), encoding="utf-8")
    load_config.cache_clear()
    try:
        return check_year(year, load_config(root)), first
    finally:
        load_config.cache_clear()


def check_with_edit(tmp: Path, file: str, old: str, new: str, year: int = 2026):
    """check-year of a copy of the repository with ``old`` (found exactly once) replaced by ``new`` in ``file``
    (a path relative to the repository)."""
    from wlzmonitor.spec.year_check import check_year

    root = repository(tmp)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    load_config.cache_clear()
    try:
        return check_year(year, load_config(root))
    finally:
        load_config.cache_clear()


def new_year(root: Path):
    load_config.cache_clear()
    result = scaffold(YEAR, load_config(root))
    write_scaffold(result, load_config(root))
    load_config.cache_clear()
    return result


def _yaml(path: Path) -> tuple[str, dict]:
    text = path.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    return header, yaml.safe_load(text)


def _write(path: Path, header: str, doc: dict) -> None:
    path.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


def _edit_codebook(root: Path, *, declare: bool) -> None:
    """The 2027 questionnaire: one question added, one dropped, tariefpercentage's options changed."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = _yaml(path)
    questions = []
    for q in doc["questions"]:
        if q["key"] == DROPPED:
            continue
        if q["number"].isdigit() and 30 < int(q["number"]) <= 32:  # Vraag 30 dropped, the new one is 32
            q["number"] = str(int(q["number"]) - 1)
        if q["key"] == "tariefpercentage":
            q["options"] = _tariefpercentage_options(q["options"], declare=declare)
            q["text_field"] = {"options": [6]} if declare else q["text_field"]
            if declare:
                q["changes"] = {2026: "gewijzigde antwoordcategorieën"}
        if q["key"] == "hlo_honorering" and declare:  # the analyst checked: the HLO-opslag is 0,9% in 2027 too
            q["options"][0]["was"] = {2026: 1}
        questions.append(q)
        if q["key"] == "urgent_wachtenden":
            questions.append(dict(NEW_QUESTION, number=str(int(q["number"]) + 1)))
    if declare:  # the analyst updates the question numbers the routing notes name (docs/survey_years.md)
        for q in questions:
            if q.get("routing_note"):
                q["routing_note"] = _renumbered_note(q["routing_note"])
    doc["questions"] = questions
    if declare:  # the analyst checked: 2027 approached as many members as 2026 (else check-year warns)
        doc["population_was"] = {2026: doc["population"]}  # (at the end: the questions' lines stay where they were)
    _write(path, header, doc)


def _renumbered_note(note: str) -> str:
    """Vraag 31 and 32 are 30 and 31 in 2027 (Vraag 30 dropped)."""
    def numbers(m: re.Match) -> str:
        return re.sub(r"\d+", lambda d: str(int(d.group(0)) - 1) if 30 < int(d.group(0)) <= 32 else d.group(0),
                      m.group(0))
    return re.sub(r"\b[Vv]ra(?:ag|gen)\s+\d+(?:\s*(?:,|en|of)\s*\d+)*", numbers, note)


def _tariefpercentage_options(options: list[dict], *, declare: bool) -> list[dict]:
    by_code = {o["code"]: dict(o) for o in options}
    by_code[1]["label"] = RICHTTARIEF_2027
    by_code[3] = {"code": 3, "label": HOGER_2027}
    if declare:
        by_code[1]["was"] = {2026: 1, **{y: c for y, c in (options[0].get("was") or {}).items()}}
        by_code[3]["was"] = {2026: 3}
    anders = dict(by_code[5], code=6)
    return [by_code[1], by_code[2], by_code[3], by_code[4], {"code": 5, "label": NEW_OPTION}, anders]


def _edit_layout(root: Path, *, proper: bool) -> None:
    path = root / "data" / "reports" / str(YEAR) / "tables.yml"
    header, doc = _yaml(path)
    tables = []
    for t in doc["tables"]:
        if t.get("question") == DROPPED and proper:
            continue
        if t["key"] == "tariefpercentage" and proper:
            t["rows"] = [1, 2, 3, 4, 5, 6]
        if t["key"] == "tariefpercentage__omzetgroep" and proper:
            t["rows"] = [1, 2, 3, 6]
        tables.append(t)
        if t["key"] == "urgent_wachtenden":
            tables.append(dict(NEW_TABLE))
    doc["tables"] = tables
    _write(path, header, doc)


def _edit_codeframe(root: Path) -> None:
    path = root / "data" / "codeframes" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n  {DROPPED}:")
    end = re.search(r"\n  [a-z_]+:\s", text[start + 3:])
    text = text[:start] + (text[start + 3 + end.start():] if end else "\n")
    path.write_text(text, encoding="utf-8")


def _guard_dropped_prose(root: Path) -> None:
    """Every top-level sentence about the dropped question, in any notebook, under chapter.asked()."""
    block = re.compile(r"^chapter\.text\(\n(?:    .*\n)+?\)\n", re.MULTILINE)
    for path in sorted((root / "notebooks").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        guarded = block.sub(lambda m: m.group(0) if f"{{{DROPPED}:" not in m.group(0) else (
            f'if chapter.asked("{DROPPED}"):  # not asked in 2027\n'
            + "".join("    " + line for line in m.group(0).splitlines(keepends=True))), text)
        path.write_text(guarded, encoding="utf-8")


def _drop_dropped_card(root: Path) -> None:
    """The Kerncijfers card of the dropped question taken out of chapter.key_figures."""
    path = root / "notebooks" / "00_kerncijfers.py"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf'\n    \("{DROPPED}", [^\n]*\),', "", text, count=1), encoding="utf-8")


def _edit_notebooks(root: Path) -> None:
    """The dropped question's prose under chapter.asked() (every page) and its Kerncijfers card taken
    out, the new question shown in chapter 2."""
    _guard_dropped_prose(root)
    _drop_dropped_card(root)
    path = root / "notebooks" / "02_capaciteit.py"
    text = path.read_text(encoding="utf-8")
    text = text.replace('chapter.table("urgent_wachtenden")\n', (
        'chapter.table("urgent_wachtenden")\n\n'
        '# %%\n'
        f'if chapter.asked("{NEW_KEY}"):  # first asked in 2027\n'
        '    chapter.text(\n'
        f'        "{{{NEW_KEY}:1}} heeft afspraken gemaakt over de wachtlijst ({{tabel:{NEW_KEY}}}, "\n'
        f'        "{{vraag:{NEW_KEY}}})."\n'
        '    )\n'
        f'chapter.table("{NEW_KEY}")\n'))
    path.write_text(text, encoding="utf-8")


def export_2027(root: Path) -> Path:
    """The 2027 export: the 2026 demo answers in the 2027 questionnaire (codes as 2027 numbers them)."""
    data = pd.read_csv(ROOT / "data" / "raw" / "2026" / "respondenten.csv", dtype=str, keep_default_na=False)
    data = data.drop(columns=[c for c in data.columns if c == DROPPED or c.startswith(f"{DROPPED}__")])
    code = data["tariefpercentage"]
    moved = (code == "2") & (data.index % 3 == 0)  # some who had the regional richttarief: the new option
    data["tariefpercentage"] = code.where(code != "5", "6").where(~moved, "5")
    position = list(data.columns).index("urgent_wachtenden__toelichting") + 1
    answers = [str(sum(map(ord, rid)) % 3 + 1) if done == "1" else ""  # by respondent (a repeated row repeats it)
               for rid, done in zip(data["respondent_id"], data["voltooid"])]
    data.insert(position, NEW_KEY, answers)
    path = root / "data" / "raw" / str(YEAR) / "respondenten.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    data.to_csv(path, index=False, lineterminator="\n")
    return path


def analyst_edits(root: Path) -> None:
    """The 2027 changes made as docs/survey_years.md says."""
    _edit_codebook(root, declare=True)
    _edit_layout(root, proper=True)
    _edit_codeframe(root)
    _edit_notebooks(root)
    export_2027(root)
    # no quotes approved yet for 2027, on purpose (the file says so; without it check-year warns)
    (root / "data" / "quotes" / f"{YEAR}.yml").write_text(f"year: {YEAR}\nquotes: []\n", encoding="utf-8")


def naive_edits(root: Path) -> None:
    """The same questionnaire typed in without the declarations: what check-year must catch.

    The codebook has the new option in questionnaire order but no `was` or `changes`; the layout is
    the 2026 one copied by hand (2027 appended to the columns, the dropped question's tables kept,
    "NPS 2027" after the totals, a note about older years kept on a table now showing 2026-2027 only);
    no codeframe; the notebooks unchanged but for a sentence with typed numbers and a mistyped placeholder.
    """
    _edit_codebook(root, declare=False)
    layout = yaml.safe_load((ROOT / "data" / "reports" / "2026" / "tables.yml").read_text(encoding="utf-8"))
    layout["year"] = YEAR
    for t in layout["tables"]:
        if t["kind"] in {"single", "multi", "matrix_share", "scale_means", "nps"} and not t.get("by"):
            t["columns"] = [*t["columns"], YEAR]
        if t["key"] == "behandeling_verhouding":
            t["columns"] = [2026, YEAR]  # its note is about 2025
        if t["kind"] == "nps_by":
            t["rows"] = [*t["rows"], f"NPS {YEAR}"]  # after 'Totaal (N)'
    layout["tables"].insert(next(i for i, t in enumerate(layout["tables"]) if t["key"] == "urgent_wachtenden") + 1,
                            dict(NEW_TABLE))
    (root / "data" / "reports" / str(YEAR) / "tables.yml").write_text(
        yaml.safe_dump(layout, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "data" / "codeframes" / f"{YEAR}.yml").unlink()
    path = root / "notebooks" / "01_tarieven.py"
    path.write_text(path.read_text(encoding="utf-8") + (
        '\n# %%\nchapter.text("Zie Tabel 3: {Maatwerk:1} koos maatwerk; {tariefpercentage:5} een andere afspraak.")\n'
        f'chapter.text("{{{NEW_KEY}:1}} maakte afspraken over de wachtlijst.")\n'), encoding="utf-8")
    export_2027(root)
