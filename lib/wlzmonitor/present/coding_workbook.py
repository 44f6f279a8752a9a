"""The coding workbook an analyst corrects by hand (read back by `inputs.coding_corrections`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from wlzmonitor.compute.coding import question_meta
from wlzmonitor.inputs.coding_corrections import (
    COL_CATEGORY,
    COL_ID,
    COL_REMARK,
    COL_TEXT,
    SHEET_HELP,
    SHEET_PATTERNS,
    SHEET_QUESTIONS,
)
from wlzmonitor.present.table_files import save_workbook, sheet_title


def export_coding_workbook(coded: pd.DataFrame, path: str | Path) -> Path:
    """Write the coded answers to ``path`` (.xlsx) for correction by hand; returns the path.

    Sheets: "Uitleg" (how to correct, the themes of every question), then one sheet per
    question named by its key: ``antwoord_id, categorie, tekst, <theme code>..., opmerking``
    with the current coding (patterns plus earlier corrections) as 0/1 and the remarks of
    earlier corrections. A hidden sheet keeps the pattern result, so that
    :func:`read_corrections` can tell a hand correction from an untouched cell. The bytes
    are deterministic (fixed workbook and zip timestamps).
    """
    path = Path(path)
    meta_all = coded.attrs.get("questions") or {}
    questions = list(meta_all) or list(dict.fromkeys(coded["question"]))
    metas = {q: meta_all.get(q) or question_meta(coded, q) for q in questions}
    wb = Workbook()
    _help_sheet(wb.active, metas)
    hidden_rows: list[list[Any]] = []
    taken = {name.casefold() for name in (SHEET_HELP, SHEET_PATTERNS, SHEET_QUESTIONS)}
    titles = {q: sheet_title(q, taken) for q in questions}  # (a long key: its start, ~2, …)
    for q in questions:
        hidden_rows += _question_sheet(wb, coded, q, metas[q], titles[q])
    hidden = wb.create_sheet(SHEET_PATTERNS)
    hidden.append(["vraag", COL_ID, "thema", "patroon"])
    for r in hidden_rows:
        hidden.append(r)
    hidden.sheet_state = "hidden"
    renamed = [(title, q) for q, title in titles.items() if title != q]
    if renamed:  # (only then: a workbook of short keys is as before)
        named = wb.create_sheet(SHEET_QUESTIONS)
        named.append(["blad", "vraag"])
        for row in renamed:
            named.append(list(row))
        named.sheet_state = "hidden"
    save_workbook(wb, path)
    return path


_HELP_LINES = [
    "Codering van open antwoorden: handmatige correcties",
    "",
    "Elk tabblad is één vraag. Een 1 in een themakolom betekent: het antwoord hoort bij dat thema; 0: niet.",
    "Zet een 0 op 1 of een 1 op 0 om de codering te corrigeren. Laat de kolommen antwoord_id en de "
    "kolomkoppen ongewijzigd; een lege cel betekent 'geen correctie'.",
    "Een antwoord met alleen nullen telt als 'Overig / niet gecodeerd'. Kolom 'opmerking' is vrij.",
    "Sla het bestand op als het correctiebestand van de codeframe (standaard "
    "data/codeframes/corrections_<jaar>.xlsx); de volgende run past de correcties toe.",
    "Alleen cellen die afwijken van de automatische codering tellen als correctie; verbeteringen van "
    "de patronen blijven zo gelden voor alle niet-gecorrigeerde antwoorden.",
    "",
]


def _help_sheet(info, metas: dict[str, dict]) -> None:
    """The first sheet: how to correct, and the themes of every question."""
    bold = Font(bold=True)
    info.title = SHEET_HELP
    for line in _HELP_LINES:
        info.append([line])
    info["A1"].font = bold
    info.append(["vraag", "thema", "label", "alleen bij categorie"])
    for cell in info[info.max_row]:
        cell.font = bold
    for q, meta in metas.items():
        for code, label, cats in meta["themes"]:
            info.append([q, code, label, ", ".join(str(c) for c in cats) if cats else None])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 30
    info.column_dimensions["C"].width = 80


def _writable(text: Any) -> Any:
    """Text without the control characters a worksheet cannot hold (the loader takes them out of
    answers already; a remark or an older file could still bring one)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text) if isinstance(text, str) else text


def _question_sheet(wb: Workbook, coded: pd.DataFrame, q: str, meta: dict, title: str) -> list[list[Any]]:
    """One question's sheet (answers x themes as 0/1), named `title`; returns the rows of the hidden pattern sheet."""
    codes = [c for c, _, _ in meta["themes"]]
    sub = coded[coded["question"] == q]
    ws = wb.create_sheet(title)
    header = [COL_ID, COL_CATEGORY, COL_TEXT, *codes, COL_REMARK]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    themes_of = sub.groupby("answer_id", sort=False)["theme"].apply(set).to_dict()
    pattern = (coded.attrs.get("pattern_themes") or {}).get(q, {})
    remarks = (coded.attrs.get("remarks") or {}).get(q, {})
    hidden_rows = []
    for a in sub.drop_duplicates("answer_id").itertuples(index=False):
        have = themes_of.get(a.answer_id, set())
        ws.append([a.answer_id, a.category, _writable(a.text), *(1 if c in have else 0 for c in codes),
                   _writable(remarks.get(a.answer_id) or None)])
        auto = set(pattern.get(a.answer_id, ()))
        hidden_rows += [[q, a.answer_id, c, 1 if c in auto else 0] for c in codes]
    ws.freeze_panes = "D2"
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 70
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if codes and ws.max_row > 1:
        first, last = get_column_letter(4), get_column_letter(3 + len(codes))
        dv = DataValidation(type="list", formula1='"0,1"', allow_blank=True)
        dv.add(f"{first}2:{last}{ws.max_row}")
        ws.add_data_validation(dv)
    ws.column_dimensions[get_column_letter(len(header))].width = 30
    return hidden_rows
