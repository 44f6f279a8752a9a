"""Loading a survey export into an analysable :class:`Survey`.

:func:`load_survey` reads the export (:func:`wlzmonitor.inputs.reading.read_export`), maps a
survey tool's export to the codebook (:mod:`wlzmonitor.inputs.mapping`, when the year has a
mapping file), validates (:mod:`wlzmonitor.inputs.validation`), keeps the analysable rows,
converts types, adds derived variables and splits the contact details and other identifying
columns off the responses. Before validation the rows are put in a canonical order
(:mod:`wlzmonitor.inputs.row_order`), so nothing depends on the order of the export's rows;
rows read are counted before a mapping's row rules drop previews and test responses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.inputs.mapping import (
    ExportMapping,
    apply_mapping,
    apply_value_labels,
    load_mapping,
    mapping_for_year,
)
from wlzmonitor.inputs.quality_log import (EXCLUSION_REASONS, DataQualityLog, ExportError, Finding,
                                          format_error_message, on_sheet)
from wlzmonitor.inputs.reading import ROW, read_export
from wlzmonitor.inputs.row_order import canonical_row_order, natural_key, prefixed_numbers, visible_id
from wlzmonitor.inputs.validation import (
    CONTROL_CHARACTERS,
    MAX_ANSWER_CHARS,
    normalise_multi_routing,
    validated_rows,
)

__all__ = ["Survey", "load_contacts", "load_survey"]


#: at most 18 digits: a number int() reads and numpy holds (a longer id takes natural_key)
_PREFIXED_NUMBER = re.compile(r"(\D*)(\d{1,18})")
_NOT_DIGITS = re.compile(r"\D*")


def _id_sort_key(ids: pd.Index) -> list:
    """Natural order: numeric ids by number (2 before 10), then the rest as text."""
    values = [str(v) for v in ids.to_numpy(dtype=object)]  # not ids[i]: one lookup a cell
    numbers = prefixed_numbers(values, _NOT_DIGITS)  # the usual ids, all at once
    if numbers is not None:
        return np.argsort(numbers, kind="stable").tolist()
    matches = [_PREFIXED_NUMBER.fullmatch(v) for v in values]
    if matches and all(matches) and len({m.group(1) for m in matches}) == 1:  # type: ignore[union-attr]
        # the usual export: one prefix (or none) and a number ("R0001", "17"): the natural
        # order is the order of the numbers (stable, as sorted() below is)
        numbers = np.array([int(m.group(2)) for m in matches], dtype=np.int64)  # type: ignore[union-attr]
        return np.argsort(numbers, kind="stable").tolist()  # at most 18 digits: int64 holds them

    return sorted(range(len(ids)), key=lambda i: natural_key(values[i]))


@dataclass
class Survey:
    """One year's analysable responses.

    ``responses``: one row per included respondent, index ``respondent_id`` (text, in
    natural order), typed columns of every non-private question plus derived variables.
    ``log``: every finding of the load. ``rows_read``: respondent rows in the file.

    ``_private`` holds the private columns (the contact question: names, e-mail addresses;
    and the columns an export mapping marks as identifying, as ``<header>__<role>``) of the
    included rows, ``_contacts`` those of every row read (excluded ones too).
    It exists only so a caller *can* contact a respondent who agreed to it; it must never be
    written to any output, log or report, and nothing in this package does so.
    """

    codebook: Codebook
    source: Path
    responses: pd.DataFrame
    log: DataQualityLog
    rows_read: int
    _private: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    #: the private columns of every row read, included or excluded (an excluded respondent's contact
    #: person can be named in another's answer: the scrubber and the gate know every one)
    _contacts: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def n(self) -> int:
        return len(self.responses)

    @property
    def accounting(self) -> pd.DataFrame:
        """Rows read, included and excluded by reason (columns ``step``, ``n``)."""
        by_reason = {r: 0 for r in EXCLUSION_REASONS}
        for reason in self.log.excluded_rows().values():
            by_reason[reason] = by_reason.get(reason, 0) + 1
        included = len(self.responses)
        assert included + sum(by_reason.values()) == self.rows_read, (
            f"row accounting does not add up: {included} included + "
            f"{sum(by_reason.values())} excluded != {self.rows_read} read")
        steps = [("rows read", self.rows_read), ("included", included)]
        steps += [(f"excluded: {r}", k) for r, k in by_reason.items()]
        return pd.DataFrame(steps, columns=["step", "n"])


def _typed_responses(parsed: pd.DataFrame, included: pd.Index, codebook: Codebook,
                     extra_private: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The responses and the private columns of the included rows, in natural id order.

    The same as typing the included rows (``normalise_multi_routing``, ``codebook.derive``),
    indexing them by id and sorting them by :func:`_id_sort_key`, done with one take of the rows
    in their final order (routing and derived variables are worked out row by row, so the order
    does not change them) and without copying the frame once per step: with 100,000 rows and
    hundreds of columns each copy costs a tenth of a second and a hundred megabytes. When every
    row is kept and already in that order, ``parsed`` itself becomes the responses (the caller
    reads nothing from it afterwards).
    """
    positions = parsed.index.get_indexer(included)
    ids = pd.Index(parsed[codebook.id_column].array[positions], name=codebook.id_column)
    final = positions[_id_sort_key(ids)] if len(positions) else positions
    if len(final) == len(parsed) and bool((final == np.arange(len(final))).all()):
        rows = parsed  # every row kept, already in this order: the frame is used, not copied
    else:
        rows = parsed.take(final)
    typed = normalise_multi_routing(rows, codebook, copy=False)
    typed = codebook.derive(typed, copy=False)
    labels = typed.index
    del typed[ROW]
    index = typed[[codebook.id_column]].set_index(codebook.id_column).index
    del typed[codebook.id_column]
    typed.index = index.astype("string")
    typed.index.name = codebook.id_column
    private_cols = [c for c in codebook.private_columns() if c in typed.columns]
    private = typed[private_cols].copy()
    if len(extra_private.columns):
        extra = extra_private.loc[labels]
        extra.index = private.index
        private = pd.concat([private, extra.replace("", pd.NA).astype("string")], axis=1)
    for c in private_cols:
        del typed[c]
    return typed, private


def _all_contacts(parsed: pd.DataFrame, codebook: Codebook, extra_private: pd.DataFrame) -> pd.DataFrame:
    """The private columns of every row read (included or excluded), as text, by respondent id."""
    cols = [c for c in codebook.private_columns() if c in parsed.columns]
    contacts = parsed[cols].astype("string")
    if len(extra_private.columns):
        extra = extra_private.reindex(contacts.index)
        contacts = pd.concat([contacts, extra.replace("", pd.NA).astype("string")], axis=1)
    contacts.index = pd.Index(parsed[codebook.id_column].astype("string").to_numpy(), name=codebook.id_column)
    return contacts


def _with_respondent_ids(log: DataQualityLog, raw: pd.DataFrame, id_column: str) -> DataQualityLog:
    """The reader's findings about one respondent row (the file's last row cut short, a formula
    in one cell) with that row's respondent id, which the reader cannot know: only the (mapped)
    export says which column holds it. A row a mapping's rules dropped keeps none."""
    if id_column not in raw.columns or not any(f.row is not None and f.respondent_id is None for f in log):
        return log
    ids = {row: visible_id(rid)  # without the invisible characters validation takes out (reviews h101, h105)
           for row, rid in zip(raw[ROW].tolist(), raw[id_column].tolist())}
    return DataQualityLog(replace(f, respondent_id=ids.get(f.row)) if f.row is not None and f.respondent_id is None
                          else f for f in log)


def _resolve_mapping(mapping: Any, codebook: Codebook):
    if mapping is None or mapping is False:
        return None
    if isinstance(mapping, ExportMapping):
        return mapping
    if isinstance(mapping, str) and mapping == "auto":
        return mapping_for_year(codebook.year)
    return load_mapping(mapping)


def on_sheet_error(err: ExportError, file: str, title: str | None, year: int) -> ExportError:
    """``err`` with its findings about a row located on the workbook's sheet ``title`` (:func:`on_sheet`), its
    message made again from them; ``err`` itself when there is no sheet or no finding."""
    if not title or not any(f.row is not None for f in err.findings) or " must be fixed before " not in str(err):
        return err  # (a message of its own is left as it is)
    log = DataQualityLog(on_sheet(err.log, title))
    errors = log.errors
    return ExportError(format_error_message(file, errors, year), errors, log)


def load_survey(path: str | Path, codebook: Codebook, *, sheet: str | None = None,
                mapping: Any = "auto") -> Survey:
    """Read, map, validate, type and derive an export; see the module docstring.

    ``mapping``: ``"auto"`` (default) uses ``data/mappings/<year>.yml`` when it exists (else
    the export must already be in canonical form); a path or an
    :class:`~wlzmonitor.inputs.mapping.ExportMapping` uses that one; None uses none. The
    mapping's ``header_rows`` and ``sheet`` apply unless ``sheet`` is given here.

    Raises :class:`~wlzmonitor.inputs.quality_log.ExportError` (``err.findings``) when the
    export has errors.
    """
    path = Path(path)
    file = str(path)
    m = _resolve_mapping(mapping, codebook)
    if sheet is None and m is not None and m.sheet is not None and path.suffix.lower() in (".csv", ".tsv", ".sav",
                                                                                             ".zsav"):
        # the reader would say only that a sheet applies to Excel files: not where the sheet came from
        raise ExportError(f"{path}: the mapping {m.name} names sheet {m.sheet!r}, but the export is a "
                          f"{path.suffix.lower()} file, which has no sheets; take "
                          "'sheet' out of the mapping, or give the Excel export the mapping was written for")
    raw = read_export(path, sheet=sheet if sheet is not None or m is None else m.sheet,
                      header_rows=m.header_rows if m is not None else 1, repeats=m is not None)
    log = DataQualityLog(raw.attrs.get("findings") or [])  # the reader's, about the file
    empty_rows = raw.attrs.get("empty_rows") or []
    if empty_rows:
        shown = ", ".join(map(str, empty_rows[:10])) + (
            f" and {len(empty_rows) - 10} more" if len(empty_rows) > 10 else "")
        log.add(Finding(file, None, None, None, None, "warning",
                        f"{len(empty_rows)} entirely empty row(s) skipped (rows {shown})", None,
                        "not respondent rows: not counted as rows read"))
    identity: list = []
    extra_private = pd.DataFrame(index=raw.index)
    rows_read = len(raw)  # before a mapping's row rules drop previews and test responses
    title = raw.attrs.get("sheet")  # a workbook's: every finding about a row names it (review h134)
    if m is not None:
        try:
            raw, findings, extra_private, identity = apply_mapping(raw, m, codebook, path)
        except ExportError as err:
            raise on_sheet_error(err, file, title, codebook.year) from None
    log = _with_respondent_ids(log, raw, codebook.id_column)
    if m is not None:
        log.extend(findings)
    raw = canonical_row_order(raw, codebook.id_column)  # outputs independent of the row order
    log.extend(apply_value_labels(raw, codebook, m, path))
    # the reader took every NUL character out (and listed them); without a mapping or SPSS
    # value labels no cell has been written since, so validation need not search them again
    nul_free = m is None and "nul_cells" in raw.attrs and not raw.attrs.get("value_labels")
    held = [raw]
    del raw  # validation takes the cells as read over and lets go of them once it has read them
    try:
        included, log, parsed = validated_rows(held, codebook, path, log=log, identity=identity,
                                               nul_free=nul_free)
    except ExportError as err:
        raise on_sheet_error(err, file, title, codebook.year) from None
    log = DataQualityLog(on_sheet(log, title))
    contacts = _all_contacts(parsed, codebook, extra_private)
    responses, private = _typed_responses(parsed, included, codebook, extra_private)  # takes parsed over
    survey = Survey(codebook=codebook, source=path, responses=responses, log=log,
                    rows_read=rows_read, _private=private, _contacts=contacts)
    survey.accounting  # noqa: B018 - asserts that the rows add up
    return survey


def load_contacts(path: str | Path, codebook: Codebook, *, sheet: str | None = None,
                  mapping: Any = "auto") -> pd.DataFrame:
    """The contact columns of every row of an export (the codebook's private columns and a mapping's identifying
    ones), as text, by respondent id: what :func:`load_survey` keeps as ``Survey._contacts``, read without the
    validation and typing of the answers (review h132: the privacy gate's deny list and the scrubber know the
    contacts of the earlier years' exports a run reads; reading them whole took ~0.2-0.3 s of CPU each, this a
    fraction). Raises what reading or mapping the export raises (an unreadable file, a wrong mapping)."""
    path = Path(path)
    m = _resolve_mapping(mapping, codebook)
    raw = read_export(path, sheet=sheet if sheet is not None or m is None else m.sheet,
                      header_rows=m.header_rows if m is not None else 1, repeats=m is not None)
    extra_private = pd.DataFrame(index=raw.index)
    if m is not None:
        raw, _findings, extra_private, _identity = apply_mapping(raw, m, codebook, path)
    if codebook.id_column not in raw.columns:
        raise ExportError(f"{path}: no column {codebook.id_column!r} (the respondent id)")
    cols = [c for c in codebook.private_columns() if c in raw.columns]
    contacts = raw[cols].apply(lambda column: column.map(_contact_text)).astype("string")
    if len(extra_private.columns):
        extra = extra_private.reindex(contacts.index)
        contacts = pd.concat([contacts, extra.replace("", pd.NA).astype("string")], axis=1)
    ids = [visible_id(v) for v in raw[codebook.id_column].tolist()]
    contacts.index = pd.Index([str(v) if v is not None else "" for v in ids], name=codebook.id_column, dtype="string")
    return contacts


def _contact_text(value: Any) -> Any:
    """A contact cell as validation reads a text cell: control characters taken out (the C1 "next line" a line
    break), cut to :data:`MAX_ANSWER_CHARS`, stripped, NA when empty. Review h133: without the repairs an earlier
    export's "Wouter\\x07 Hazelhoff" was no entry of the name the year's answers write, and a 10 MB contact field
    went whole into the scrubber's names (the year's open answers took minutes)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return pd.NA
    text = str(value)
    if CONTROL_CHARACTERS.search(text) is not None:
        text = CONTROL_CHARACTERS.sub("", text.replace("\x85", "\n"))
    text = text[:MAX_ANSWER_CHARS].strip()
    return text if text else pd.NA
