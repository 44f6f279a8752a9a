"""From a survey tool's export to the codebook's columns: the per-year export mapping.

A survey tool names its columns after its own question texts, writes labels instead of codes,
may put a multi-response question in one delimited column and may use two header rows. The
mapping file ``data/mappings/<year>.yml`` says how such an export becomes the canonical export
of ``docs/data_contracts.md`` §2 (schema in §6 of that page). No file = the export already
uses the codebook's column names and codes (as the demo export does).

:func:`apply_mapping` runs between :func:`wlzmonitor.inputs.reading.read_export` and validation:

1. columns listed under ``ignore`` are dropped (one warning each);
2. ``identifying`` columns (organisation name, e-mail address, ... that are no codebook
   question) go to the private side: never analysed, never written; the organisation and
   e-mail columns are used to find the same organisation under two respondent ids;
3. ``columns`` renames the export's headers to codebook columns (case- and
   whitespace-insensitive match of the header);
4. ``multi`` expands one delimited column into the codebook's one 0/1 column per option;
5. ``values`` translates labels (or the tool's own codes) into the codebook's codes.

:func:`apply_value_labels` applies an SPSS file's value labels. Every changed value is logged
in the data-quality log (severity ``repaired``): translations the mapping declares once per
column and value (with the count and the rows), everything else once per cell. A value that
cannot be mapped is left as it is, and validation reports it as an error naming the file, row,
column, question and the expected values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from wlzmonitor.spec.codebook import Codebook, Question
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.inputs.quality_log import Finding, describe_value
from wlzmonitor.inputs.reading import ROW
from wlzmonitor.inputs.values import normalise_label, option_labels

__all__ = ["ExportMapping", "MappingError", "MultiColumn", "load_mapping", "mapping_for_year",
           "apply_mapping", "apply_value_labels", "IDENTIFYING_ROLES"]

#: role of an identifying column -> suffix of its private column (privacy.py scrubs
#: ``__naam``, ``__email`` and ``__telefoon`` values from every open answer)
IDENTIFYING_ROLES = {"organisation": "organisatie", "email": "email", "name": "naam",
                     "phone": "telefoon", "other": "overig"}
#: export headers that look like personal data: they may not be mapped onto a question
#: that is analysed (use ``identifying`` or a field of the contact question)
_IDENTIFYING_HEADER = re.compile(
    r"e-?mail|\bnaam\b|\bname\b|organi[sz]ati|telefoon|phone|ip[- ]?ad", re.IGNORECASE)
_TOP_KEYS = {"year", "tool", "header_rows", "sheet", "columns", "values", "multi", "ignore",
             "identifying"}
MAX_ROWS_SHOWN = 10


class MappingError(InputError):
    """The mapping file is wrong (not the export)."""


@dataclass(frozen=True)
class MultiColumn:
    """A multi-response question exported as one column listing the chosen options."""

    question: str
    column: str
    delimiter: str = ";"


@dataclass
class ExportMapping:
    """A parsed mapping file; see the module docstring and ``docs/data_contracts.md`` §6."""

    path: Path | None = None
    year: int | None = None
    tool: str = ""
    header_rows: int = 1
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    #: target ("*", question key or codebook column) -> normalised label -> code
    values: dict[str, dict[str, int]] = field(default_factory=dict)
    multi: list[MultiColumn] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    identifying: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.values = {str(t): {normalise_label(k): v for k, v in table.items()}
                       for t, table in self.values.items()}

    @property
    def name(self) -> str:
        return str(self.path) if self.path else "the export mapping"

    def check(self, codebook: Codebook) -> None:
        """Raise :class:`MappingError` when the mapping does not fit ``codebook``."""
        problems: list[str] = []
        if self.year is not None and self.year != codebook.year:
            problems.append(f"year: the mapping is for {self.year}, the codebook for "
                            f"{codebook.year}")
        listed: dict[str, str] = {}
        for where, headers in (("columns", self.columns), ("ignore", self.ignore),
                               ("identifying", self.identifying),
                               ("multi", [m.column for m in self.multi])):
            for h in headers:
                if _header_key(h) in listed:
                    problems.append(f"{where}: '{h}' is also listed under {listed[_header_key(h)]}")
                listed.setdefault(_header_key(h), where)
        cols = set(codebook.columns())
        private = set(codebook.private_columns())
        owner = codebook.column_owner()
        targets: dict[str, str] = {}
        for header, target in self.columns.items():
            if target not in cols:
                problems.append(f"columns: '{header}' -> '{target}': no such column in codebook "
                                f"{codebook.year}")
            elif target in targets:
                problems.append(f"columns: '{header}' and '{targets[target]}' both map to "
                                f"'{target}'")
            elif _IDENTIFYING_HEADER.search(header) and target not in private:
                problems.append(f"columns: '{header}' looks like personal data but maps to "
                                f"'{target}', which is analysed; list it under identifying "
                                "(or map it to a field of the contact question)")
            targets[target] = header
        for m in self.multi:
            if m.question not in codebook or codebook.question(m.question).type != "multi":
                problems.append(f"multi: '{m.question}' is not a multi question of codebook "
                                f"{codebook.year}")
            elif any(c in targets for c in codebook.question(m.question).answer_columns()):
                problems.append(f"multi: '{m.question}' also has option columns under columns")
        for target, table in self.values.items():
            if target == "*":
                continue
            q = owner.get(target) if target in cols else (
                codebook.question(target) if target in codebook else None)
            if q is None and target != codebook.complete_column:
                problems.append(f"values: '{target}' is no question key or column of codebook "
                                f"{codebook.year}")
            elif q is not None and q.type in ("single", "matrix"):
                bad = sorted({c for c in table.values() if c not in q.codes})
                if bad:
                    problems.append(f"values.{target}: code(s) {', '.join(map(str, bad))} are "
                                    f"not options of {q.label} "
                                    f"({', '.join(map(str, q.codes))})")
        for header, role in self.identifying.items():
            if role not in IDENTIFYING_ROLES:
                problems.append(f"identifying: '{header}': role must be one of "
                                f"{', '.join(IDENTIFYING_ROLES)}, got {role!r}")
        if problems:
            raise MappingError(f"{self.name}: the mapping does not fit codebook "
                               f"{codebook.year}:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------------------------
# Reading the mapping file
# --------------------------------------------------------------------------------------------


def _code(v: Any, where: str, path: Path) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise MappingError(f"{path}: {where}: the code must be a whole number, got {v!r}")
    return v


def load_mapping(path: str | Path) -> ExportMapping:
    """Read and check the form of a mapping file (its fit to a codebook: :meth:`check`)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise MappingError(f"{path}: cannot read the mapping: {e}") from None
    if not isinstance(raw, dict):
        raise MappingError(f"{path}: the mapping must be a YAML mapping (key: value)")
    unknown = sorted(set(map(str, raw)) - _TOP_KEYS)
    if unknown:
        raise MappingError(f"{path}: unknown key(s) {', '.join(unknown)}; allowed: "
                           f"{', '.join(sorted(_TOP_KEYS))}")
    header_rows = raw.get("header_rows", 1)
    if header_rows not in (1, 2):
        raise MappingError(f"{path}: header_rows must be 1 or 2, got {header_rows!r}")

    def table(key: str) -> dict:
        v = raw.get(key) or {}
        if not isinstance(v, dict):
            raise MappingError(f"{path}: {key} must be a mapping")
        return v

    columns = {str(k).strip(): str(v).strip() for k, v in table("columns").items()}
    values: dict[str, dict[str, int]] = {}
    for target, labels in table("values").items():
        if not isinstance(labels, dict):
            raise MappingError(f"{path}: values.{target} must map labels to codes")
        values[str(target)] = {normalise_label(k): _code(v, f"values.{target}.{k}", path)
                               for k, v in labels.items()}
    multi = []
    for key, spec in table("multi").items():
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, dict) or "column" not in spec or set(spec) - {"column",
                                                                              "delimiter"}:
            raise MappingError(f"{path}: multi.{key} must be {{column: ..., delimiter: ...}}")
        delim = str(spec.get("delimiter", ";"))
        if not delim:
            raise MappingError(f"{path}: multi.{key}: the delimiter is empty")
        multi.append(MultiColumn(str(key), str(spec["column"]).strip(), delim))
    ignore = raw.get("ignore") or []
    if not isinstance(ignore, list):
        raise MappingError(f"{path}: ignore must be a list of column headers")
    identifying = {str(k).strip(): str(v) for k, v in table("identifying").items()}
    sheet = raw.get("sheet")
    return ExportMapping(path=path, year=raw.get("year"), tool=str(raw.get("tool") or ""),
                         header_rows=header_rows, sheet=None if sheet is None else str(sheet),
                         columns=columns, values=values, multi=multi,
                         ignore=[str(h).strip() for h in ignore], identifying=identifying)


def mapping_for_year(year: int, root: Path | None = None) -> ExportMapping | None:
    """The year's mapping (``mapping`` in ``config/report.yml``) when it exists, else None (canonical export)."""
    path = load_config(root).sources(year).mapping
    return load_mapping(path) if path.is_file() else None


# --------------------------------------------------------------------------------------------
# Applying it
# --------------------------------------------------------------------------------------------


def _header_key(h: str) -> str:
    return " ".join(str(h).split()).casefold()


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:MAX_ROWS_SHOWN]))
    return shown + (f" and {len(rows) - MAX_ROWS_SHOWN} more" if len(rows) > MAX_ROWS_SHOWN
                    else "")


def _slug(h: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", h.casefold()).strip("_") or "kolom"


def _coded_columns(q: Question) -> list[str]:
    """The columns of ``q`` that hold codes or numbers (not its free-text columns)."""
    if q.type == "contact":
        cols = q.field_columns()
        return [cols[f.code] for f in q.fields if f.options]
    if q.type == "open":
        return []
    return q.answer_columns()


def _value_table(mapping: ExportMapping | None, codebook: Codebook, column: str,
                 q: Question | None) -> tuple[dict[str, int], dict[str, str]]:
    """The label -> code table that applies to ``column`` and where each entry comes from
    (empty for a free-text column)."""
    out: dict[str, int] = {}
    source: dict[str, str] = {}
    if mapping is None or (q is not None and column not in _coded_columns(q)):
        return out, source
    shared = q is not None and q.type in ("single", "matrix", "contact")
    for target in (["*"] if shared else []) + ([q.key] if q is not None else []) + [column]:
        for label, code in mapping.values.get(target, {}).items():
            out[label] = code
            source[label] = f"values.{target}"
    return out, source


def _translate(frame: pd.DataFrame, column: str, table: dict[str, str], why: dict[str, str],
               q: Question | None, file: str, id_column: str, export_column: str | None
               ) -> list[Finding]:
    """Replace the cells of ``column`` whose normalised text is in ``table``; one finding per
    distinct original value."""
    cells = frame[column].to_numpy(dtype=object)
    codes, uniques = pd.factorize(cells)
    new = np.array([table.get(normalise_label(u), u) if isinstance(u, str) else u
                    for u in uniques], dtype=object)
    changed = np.array([isinstance(u, str) and u.strip() != "" and new[j] != u
                        for j, u in enumerate(uniques)], dtype=bool)
    if not changed.any():
        return []
    frame[column] = new[codes] if len(codes) else cells
    findings = []
    rows = frame[ROW].to_numpy()
    ids = frame[id_column].to_numpy(dtype=object) if id_column in frame else None
    for j in np.flatnonzero(changed):
        where = np.flatnonzero(codes == j)
        rr = [int(rows[p]) for p in where]
        single = len(rr) == 1
        issue = f"got '{uniques[j]}'" + ("" if single else f" in {len(rr)} rows ({_rows_text(rr)})")
        findings.append(Finding(
            file, rr[0] if single else None,
            (str(ids[where[0]]).strip() or None) if single and ids is not None else None,
            column, q.label if q else None, "repaired", issue, None,
            f"read as {new[j]} ({why[normalise_label(uniques[j])]})", export_column))
    return findings


def apply_mapping(raw: pd.DataFrame, mapping: ExportMapping, codebook: Codebook,
                  source: str | Path
                  ) -> tuple[pd.DataFrame, list[Finding], pd.DataFrame,
                             list[tuple[str, str, pd.Series]]]:
    """The export in canonical form; see the module docstring.

    Returns ``(frame, findings, private, identity)``: ``frame`` has codebook column names
    (plus any columns the mapping does not mention, which validation drops with a warning) and
    ``frame.attrs["export_columns"]`` (codebook column -> export header); ``private`` the
    identifying columns (same index); ``identity`` the organisation and e-mail columns for
    :func:`wlzmonitor.inputs.validation.validate_and_parse`.
    """
    mapping.check(codebook)
    file = str(source)
    export_columns: dict[str, str] = {}
    frame, findings = _drop_ignored(raw.copy(), mapping, file)
    frame, found, private, identity = _split_identifying(frame, mapping, file)
    findings += found
    frame, found, renames = _rename_columns(frame, mapping, codebook, file, export_columns)
    findings += found
    frame, found = _expand_multi_columns(frame, mapping, codebook, file, export_columns)
    findings += found
    findings += _translate_labels(frame, mapping, codebook, file, export_columns)
    frame.attrs = {k: v for k, v in raw.attrs.items()}
    if "value_labels" in raw.attrs:
        back = {h: t for h, t in renames.items()}
        frame.attrs["value_labels"] = {back.get(h, h): labels
                                       for h, labels in raw.attrs["value_labels"].items()}
    frame.attrs["export_columns"] = export_columns
    return frame, findings, private, identity


def _find_header(frame: pd.DataFrame, header: str) -> str | None:
    """The column of ``frame`` that ``header`` names: the header itself, else the one column
    whose header matches it case- and whitespace-insensitively (None: none or several)."""
    if header in frame.columns:
        return header
    key = _header_key(header)
    hits = [c for c in frame.columns if c != ROW and _header_key(c) == key]
    return hits[0] if len(hits) == 1 else None


def _drop_ignored(frame: pd.DataFrame, mapping: ExportMapping, file: str
                  ) -> tuple[pd.DataFrame, list[Finding]]:
    """Step 1: the columns listed under ``ignore`` dropped (one warning each)."""
    findings: list[Finding] = []
    for header in mapping.ignore:
        h = _find_header(frame, header)
        if h is not None:
            frame = frame.drop(columns=[h])
            findings.append(Finding(file, None, None, h, None, "warning",
                                    f"column ignored ({mapping.name}: ignore)", None,
                                    "column dropped"))
    return frame, findings


def _split_identifying(frame: pd.DataFrame, mapping: ExportMapping, file: str
                       ) -> tuple[pd.DataFrame, list[Finding], pd.DataFrame,
                                  list[tuple[str, str, pd.Series]]]:
    """Step 2: the ``identifying`` columns moved to the private side only.

    Returns ``(frame, findings, private, identity)``: ``private`` holds them as
    ``<header>__<role>``, ``identity`` the organisation and e-mail columns as
    ``(header, role, cells)``.
    """
    findings: list[Finding] = []
    private = pd.DataFrame(index=frame.index)
    identity: list[tuple[str, str, pd.Series]] = []
    for header, role in mapping.identifying.items():
        h = _find_header(frame, header)
        if h is None:
            continue
        name = f"{_slug(h)}__{IDENTIFYING_ROLES[role]}"
        private[name] = frame[h].astype(str)
        if role in ("organisation", "email"):
            identity.append((h, role, frame[h].astype(str)))
        frame = frame.drop(columns=[h])
        findings.append(Finding(file, None, None, h, None, "warning",
                                f"identifying column ({role})", None,
                                "kept private: never analysed or written to any output"))
    return frame, findings, private, identity


def _rename_columns(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook, file: str,
                    export_columns: dict[str, str]
                    ) -> tuple[pd.DataFrame, list[Finding], dict[str, str]]:
    """Step 3: the export's headers renamed to codebook columns (``columns``).

    Records codebook column -> export header in ``export_columns``; returns ``(frame,
    findings, renames)`` with ``renames`` export header -> codebook column.
    """
    owner = codebook.column_owner()
    findings: list[Finding] = []
    renames: dict[str, str] = {}
    for header, target in mapping.columns.items():
        export_columns[target] = header
        h = _find_header(frame, header)
        if h is None:
            continue  # validation reports the missing column under the export's name
        if target in frame.columns and target != h:
            q = owner.get(target)
            findings.append(Finding(file, None, None, target, q.label if q else None, "error",
                                    f"the export has a column '{target}' and a column '{h}' "
                                    f"that {mapping.name} maps to it", "one of the two",
                                    "remove one of the columns", h))
            continue
        renames[h] = target
        export_columns[target] = h
    return frame.rename(columns=renames), findings, renames


def _expand_multi_columns(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook,
                          file: str, export_columns: dict[str, str]
                          ) -> tuple[pd.DataFrame, list[Finding]]:
    """Step 4: each ``multi`` question's delimited column expanded into its 0/1 option columns."""
    findings: list[Finding] = []
    for m in mapping.multi:
        q = codebook.question(m.question)
        h = _find_header(frame, m.column)
        option_cols = q.option_columns()
        for c in option_cols.values():
            export_columns[c] = m.column if h is None else h
        if h is None:
            continue  # validation reports the missing option columns under the export's name
        findings += _expand_multi(frame, h, m, q, mapping, codebook, file)
        frame = frame.drop(columns=[h])
    return frame, findings


def _translate_labels(frame: pd.DataFrame, mapping: ExportMapping, codebook: Codebook,
                      file: str, export_columns: dict[str, str]) -> list[Finding]:
    """Step 5: labels (or the tool's own codes) replaced by the codebook's codes, in place."""
    owner = codebook.column_owner()
    findings: list[Finding] = []
    for c in list(frame.columns):
        q = owner.get(c)
        if c == ROW or (q is None and c != codebook.complete_column):
            continue
        table, why = _value_table(mapping, codebook, c, q)
        if table:
            findings += _translate(frame, c, {k: str(v) for k, v in table.items()},
                                   {k: f"{mapping.name}: {w}" for k, w in why.items()},
                                   q, file, codebook.id_column, export_columns.get(c))
    return findings


def _expand_multi(frame: pd.DataFrame, h: str, m: MultiColumn, q: Question,
                  mapping: ExportMapping, codebook: Codebook, file: str) -> list[Finding]:
    """Add ``{key}__{code}`` 0/1 columns from the delimited column ``h`` (in place)."""
    table = dict(option_labels(q.options))
    table.update(mapping.values.get(q.key, {}))
    table.update({str(c): c for c in q.codes})
    cells = frame[h].to_numpy(dtype=object)
    codes, uniques = pd.factorize(cells)
    chosen: list[set[int]] = []
    unknown: list[list[str]] = []
    for u in uniques:
        picked: set[int] = set()
        bad: list[str] = []
        for item in str(u).split(m.delimiter):
            item = item.strip()
            if not item:
                continue
            code = table.get(normalise_label(item))
            if code is None or code not in q.codes:
                bad.append(item)
            else:
                picked.add(code)
        chosen.append(picked)
        unknown.append(bad)
    blank = np.array([str(u).strip() == "" for u in uniques], dtype=bool)
    findings: list[Finding] = []
    rows = frame[ROW].to_numpy()
    ids = frame[codebook.id_column].to_numpy(dtype=object) if codebook.id_column in frame \
        else np.full(len(frame), "", dtype=object)
    expected = (f"option codes or labels separated by '{m.delimiter}': "
                + ", ".join(f"{o.code}={o.label}" for o in q.options))
    for j in [j for j, bad in enumerate(unknown) if bad]:
        for pos in np.flatnonzero(codes == j):
            findings.append(Finding(
                file, int(rows[pos]), str(ids[pos]).strip() or None, f"{q.key}__*", q.label,
                "error", "got " + ", ".join(describe_value(b) for b in unknown[j])
                + " (not an option)", expected, "fix the export or the mapping's values", h))
    for code, col in q.option_columns().items():
        sel = np.array([code in picked for picked in chosen], dtype=bool)
        out = np.where(blank, "", np.where(sel, "1", "0")) if len(uniques) else np.array([])
        frame[col] = out[codes] if len(codes) else ""
    answered = int((~blank[codes]).sum()) if len(codes) else 0
    if answered:
        findings.append(Finding(
            file, None, None, f"{q.key}__*", q.label, "repaired",
            f"{answered} answer(s) in one column listing the chosen options",
            None, f"expanded into one 0/1 column per option ({mapping.name}: multi.{q.key})", h))
    return findings


def apply_value_labels(frame: pd.DataFrame, codebook: Codebook, mapping: ExportMapping | None,
                       source: str | Path) -> list[Finding]:
    """Use an SPSS file's value labels (``frame.attrs["value_labels"]``), in place.

    Per coded column: a stored value whose label is a label of the codebook (or of the
    mapping's ``values``) becomes that label's code (logged when it differs from the stored
    value); where the labels are not recognised, the stored values are kept as codes and one
    warning says so.
    """
    labels_of = frame.attrs.get("value_labels") or {}
    if not labels_of:
        return []
    file = str(source)
    owner = codebook.column_owner()
    findings: list[Finding] = []
    for c, labels in labels_of.items():
        q = owner.get(c)
        if c not in frame.columns or q is None or q.type not in (
                "single", "matrix", "multi", "contact") or c not in _coded_columns(q):
            continue
        table = dict(option_labels(q.options) if q.type != "multi"
                     else option_labels([q.option(int(c.rsplit("__", 1)[1]))], 1)
                     if c.rsplit("__", 1)[1].isdigit() else ())
        if q.type == "contact":
            fld = next((f for f in q.fields if q.field_columns()[f.code] == c), None)
            table = dict(option_labels(fld.options)) if fld is not None and fld.options else {}
        extra, _ = _value_table(mapping, codebook, c, q)
        table.update(extra)
        translate: dict[str, str] = {}
        unresolved: list[str] = []
        for stored, label in labels.items():
            code = table.get(normalise_label(label))
            if code is None:
                unresolved.append(label)
            elif str(code) != stored:
                translate[normalise_label(stored)] = str(code)
        if translate:
            why = {k: f"SPSS value label '{labels[s]}'" for s in labels
                   for k in [normalise_label(s)] if k in translate}
            findings += _translate(frame, c, translate, why, q, file, codebook.id_column,
                                   None)
        if unresolved:
            findings.append(Finding(
                file, None, None, c, q.label, "warning",
                "SPSS value label(s) not recognised: "
                + ", ".join(f"'{u}'" for u in unresolved[:10]), None,
                "the stored values are read as the codebook's codes"))
    return findings
