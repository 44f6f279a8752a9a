"""The coding workbook an analyst corrects by hand (read back by `inputs.coding_corrections`)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from wlzmonitor.compute.coding import question_meta
from wlzmonitor.inputs.coding_corrections import COL_CATEGORY, COL_ID, COL_REMARK, COL_TEXT, SHEET_HELP, SHEET_PATTERNS
from wlzmonitor.present.table_files import normalise_zip

def _sheet_title(key: str) -> str:
    return key[:31]


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
    pattern_all = coded.attrs.get("pattern_themes") or {}
    remarks_all = coded.attrs.get("remarks") or {}
    questions = list(meta_all) or list(dict.fromkeys(coded["question"]))
    bold = Font(bold=True)

    wb = Workbook()
    info = wb.active
    info.title = SHEET_HELP
    lines = [
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
    for line in lines:
        info.append([line])
    info["A1"].font = bold
    info.append(["vraag", "thema", "label", "alleen bij categorie"])
    for cell in info[info.max_row]:
        cell.font = bold
    for q in questions:
        meta = meta_all.get(q) or question_meta(coded, q)
        for code, label, cats in meta["themes"]:
            info.append([q, code, label, ", ".join(str(c) for c in cats) if cats else None])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 30
    info.column_dimensions["C"].width = 80

    hidden_rows: list[list[Any]] = []
    for q in questions:
        meta = meta_all.get(q) or question_meta(coded, q)
        codes = [c for c, _, _ in meta["themes"]]
        sub = coded[coded["question"] == q]
        ws = wb.create_sheet(_sheet_title(q))
        header = [COL_ID, COL_CATEGORY, COL_TEXT, *codes, COL_REMARK]
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        answers = sub.drop_duplicates("answer_id")
        themes_of = sub.groupby("answer_id", sort=False)["theme"].apply(set).to_dict()
        pattern = pattern_all.get(q, {})
        remarks = remarks_all.get(q, {})
        for a in answers.itertuples(index=False):
            have = themes_of.get(a.answer_id, set())
            ws.append([a.answer_id, a.category, a.text, *(1 if c in have else 0 for c in codes),
                       remarks.get(a.answer_id) or None])
            auto = set(pattern.get(a.answer_id, ()))
            for c in codes:
                hidden_rows.append([q, a.answer_id, c, 1 if c in auto else 0])
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

    hidden = wb.create_sheet(SHEET_PATTERNS)
    hidden.append(["vraag", COL_ID, "thema", "patroon"])
    for r in hidden_rows:
        hidden.append(r)
    hidden.sheet_state = "hidden"

    fixed = pd.Timestamp("2000-01-01").to_pydatetime()
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "wlz-monitor"
    wb.properties.lastModifiedBy = "wlz-monitor"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalise_zip(buffer.getvalue()))
    return path
