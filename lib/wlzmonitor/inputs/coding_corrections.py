"""Hand corrections of the theme coding: the analyst's workbook read back.

The workbook is written by :mod:`wlzmonitor.present.coding_workbook` (one sheet per question:
answer id, category, scrubbed text, one 0/1 column per theme, a remark column). The analyst flips
0/1 cells and saves it as the codeframe's corrections file; :func:`read_corrections` reads it and
:func:`wlzmonitor.compute.coding.code_answers` applies it. Only cells that differ from the pattern
result at export time count (the workbook keeps that result on a hidden sheet).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from wlzmonitor.spec.file_formats import plain_text
from wlzmonitor.spec.input_files import read_input_bytes
from wlzmonitor.spec.codeframes import THEME_CODE_RE, UNCODED
from wlzmonitor.spec.errors import InputError

SHEET_HELP = "Uitleg"


SHEET_PATTERNS = "_patronen"

#: the hidden sheet that names the question of every answer sheet whose name is not the question's key (a key longer
#: than the 31 characters a sheet's name may have: review h149, such a sheet was read back as no coded question)
SHEET_QUESTIONS = "_bladen"


COL_ID = "antwoord_id"


COL_CATEGORY = "categorie"


COL_TEXT = "tekst"


COL_REMARK = "opmerking"


FIXED_COLUMNS = (COL_ID, COL_CATEGORY, COL_TEXT, COL_REMARK)


class CorrectionsError(InputError):
    """A corrections workbook that cannot be applied; the message names file, sheet, row/column."""


class CorrectionsWarning(UserWarning):
    """A correction whose answer text differs from the text in the data now."""


@dataclass(frozen=True)
class Corrections:
    """Hand corrections read from a workbook.

    ``cells``: DataFrame ``question, answer_id, theme, value, row, column`` (``value`` 0/1,
    ``row``/``column`` the Excel cell, for messages); ``texts`` and ``remarks``:
    ``(question, answer_id) -> text`` as in the workbook.
    """

    path: Path
    cells: pd.DataFrame
    texts: dict[tuple[str, str], str]
    remarks: dict[tuple[str, str], str]
    rows: dict[tuple[str, str], int] = field(default_factory=dict)
    theme_columns: dict[str, dict[str, str]] = field(default_factory=dict)

    def where(self, question: str, answer_id: str) -> str:
        row = self.rows.get((question, answer_id))
        return f"{self.path}, sheet {question!r}" + (f", row {row}" if row else "")

    def __len__(self) -> int:
        return len(self.cells)


def _cell_value(value: Any, where: str) -> int | None:
    """0/1 of a workbook cell; None for an empty cell; CorrectionsError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return int(value)
    elif isinstance(value, str):
        s = value.strip()
        if s == "":
            return None
        if s in ("0", "1"):
            return int(s)
    raise CorrectionsError(f"{where}: {value!r} is not 0, 1 or empty")


def read_corrections(path: str | Path) -> Corrections:
    """Read a corrections workbook written by :func:`export_coding_workbook` and edited by hand.

    A cell counts as a correction when it holds 0 or 1 and differs from the pattern result
    stored at export (hidden sheet); without that sheet every filled theme cell counts. Raises
    :class:`CorrectionsError` naming file, sheet and cell on: a sheet without an
    ``antwoord_id`` column, an invalid theme column name, an empty or repeated answer id, a
    cell that is not 0, 1 or empty. Unknown answer ids and themes are found when
    :func:`code_answers` applies the corrections to the data.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"corrections workbook {path} does not exist")
    wb = _open_workbook(path)
    auto = _pattern_results(wb, path)
    questions = _sheet_questions(wb)
    found = _Found()
    for ws in wb.worksheets:
        if ws.title in (SHEET_HELP, SHEET_PATTERNS, SHEET_QUESTIONS):
            continue
        _read_sheet(ws, path, auto, found, questions.get(ws.title, ws.title))
    frame = pd.DataFrame(found.cells,
                         columns=["question", "answer_id", "theme", "value", "row", "column"])
    return Corrections(path=path, cells=frame, texts=found.texts, remarks=found.remarks,
                       rows=found.rows, theme_columns=found.theme_columns)


@dataclass
class _Found:
    """What the answer sheets of a corrections workbook hold, collected sheet by sheet."""

    cells: list[dict] = field(default_factory=list)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)
    remarks: dict[tuple[str, str], str] = field(default_factory=dict)
    rows: dict[tuple[str, str], int] = field(default_factory=dict)
    theme_columns: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Sheet:
    """The layout of one answer sheet, read from its first row."""

    question: str
    #: ``<path>, sheet '<question>'``, for messages
    where: str
    #: the number of header cells
    width: int
    col_id: int
    col_text: int | None
    col_remark: int | None
    #: column position -> theme code
    themes: dict[int, str]
    #: column position -> Excel column letter
    letters: list[str]


def _open_workbook(path: Path) -> Any:
    """The workbook at ``path`` (cell values, not formulas); CorrectionsError if it is none."""
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(read_input_bytes(path)), data_only=True)  # a pipe: an error, no wait
    except Exception as err:  # openpyxl raises several types for a file that is no workbook
        raise CorrectionsError(f"{path}: not a readable .xlsx workbook ({err})") from None


def _pattern_results(wb: Any, path: Path) -> dict[tuple[str, str, str], int] | None:
    """The pattern results stored at export (hidden sheet); None when that sheet is missing."""
    if SHEET_PATTERNS not in wb.sheetnames:
        return None
    auto: dict[tuple[str, str, str], int] = {}
    for i, row in enumerate(wb[SHEET_PATTERNS].iter_rows(min_row=2, values_only=True), start=2):
        if not row or row[0] is None:
            continue
        q, aid, theme, value = (list(row) + [None] * 4)[:4]
        v = _cell_value(value, f"{path}, sheet {SHEET_PATTERNS!r}, row {i}")
        auto[(str(q), str(aid), str(theme))] = v if v is not None else 0
    return auto


def _sheet_questions(wb: Any) -> dict[str, str]:
    """Sheet name -> question key of the answer sheets the hidden sheet :data:`SHEET_QUESTIONS` lists (none: every
    answer sheet is named by its question's key)."""
    if SHEET_QUESTIONS not in wb.sheetnames:
        return {}
    rows = wb[SHEET_QUESTIONS].iter_rows(min_row=2, values_only=True)
    return {str(plain_text(row[0])): str(plain_text(row[1])) for row in rows
            if len(row) > 1 and row[0] is not None and row[1] is not None}


def _read_sheet(ws: Any, path: Path, auto: dict[tuple[str, str, str], int] | None,
                found: _Found, question: str) -> None:
    """Reads one answer sheet (of `question`) into ``found``: its theme columns, then every row not empty."""
    rows = ws.iter_rows(values_only=True)
    sheet = _sheet_layout(question, next(rows, None), path, ws.title)
    if sheet is None:
        return
    found.theme_columns[sheet.question] = {name: sheet.letters[j]
                                           for j, name in sheet.themes.items()}
    for i, row in enumerate(rows, start=2):
        _read_row(sheet, i, row, auto, found)


def _sheet_layout(question: str, header: tuple | None, path: Path, title: str | None = None) -> _Sheet | None:
    """Checks a sheet's first row: an answer id column, theme codes, no name twice (`title`: the sheet's name, when it
    is not the question's key)."""
    from openpyxl.utils import get_column_letter

    if not header or all(h is None for h in header):
        return None
    names = ["" if h is None else str(h).strip() for h in header]
    where_sheet = f"{path}, sheet {(title or question)!r}"
    if COL_ID not in names:
        raise CorrectionsError(f"{where_sheet}: no column {COL_ID!r} in the first row")
    seen_cols: set[str] = set()
    themes: dict[int, str] = {}
    for j, name in enumerate(names):
        letter = get_column_letter(j + 1)
        if name == "":
            continue
        if name in seen_cols:
            raise CorrectionsError(f"{where_sheet}, column {letter}: {name!r} appears twice")
        seen_cols.add(name)
        if name in FIXED_COLUMNS:
            continue
        if not THEME_CODE_RE.match(name) or name == UNCODED:
            raise CorrectionsError(f"{where_sheet}, column {letter}: {name!r} is not a theme code")
        themes[j] = name
    return _Sheet(question=question, where=where_sheet, width=len(names),
                  col_id=names.index(COL_ID),
                  col_text=names.index(COL_TEXT) if COL_TEXT in names else None,
                  col_remark=names.index(COL_REMARK) if COL_REMARK in names else None,
                  themes=themes, letters=[get_column_letter(j + 1) for j in range(len(names))])


def _read_row(sheet: _Sheet, i: int, row: tuple, auto: dict[tuple[str, str, str], int] | None,
              found: _Found) -> None:
    """Checks row ``i`` (answer id given and not repeated, theme cells 0, 1 or empty)."""
    row = list(row) + [None] * (sheet.width - len(row))
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
        return  # trailing empty rows
    question = sheet.question
    aid = row[sheet.col_id]
    if aid is None or not str(aid).strip():
        raise CorrectionsError(f"{sheet.where}, row {i}: empty {COL_ID}")
    aid = str(aid).strip()
    if (question, aid) in found.rows:
        raise CorrectionsError(f"{sheet.where}, row {i}: answer id {aid!r} also on row "
                               f"{found.rows[(question, aid)]}")
    found.rows[(question, aid)] = i
    if sheet.col_text is not None and row[sheet.col_text] is not None:
        # the text as the export was given it: '- te duur' was written inert as "'- te duur" (review h160)
        found.texts[(question, aid)] = plain_text(str(row[sheet.col_text]))
    remark = plain_text(row[sheet.col_remark]) if sheet.col_remark is not None else None
    if remark is not None and str(remark).strip():
        found.remarks[(question, aid)] = str(remark).strip()
    for j, theme in sheet.themes.items():
        letter = sheet.letters[j]
        value = _cell_value(row[j], f"{sheet.where}, cell {letter}{i} ({theme})")
        if value is None:
            continue
        if auto is not None and auto.get((question, aid, theme)) == value:
            continue  # untouched: the pattern result at export
        found.cells.append({"question": question, "answer_id": aid, "theme": theme,
                            "value": value, "row": i, "column": letter})
