"""The export mapping file ``data/mappings/<year>.yml``: its schema, reading and checks.

What each key means is in ``docs/mapping_exports.md`` and ``docs/data_contracts.md`` §6;
:mod:`wlzmonitor.inputs.mapping` applies a mapping to an export. :func:`load_mapping` reads a
file and checks its form (:class:`MappingError` naming the file and key);
:meth:`ExportMapping.check` checks that it fits a codebook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.codebook import Codebook, Question
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.inputs.labels import PATTERN_KEYS, LabelPatterns
from wlzmonitor.inputs.row_rules import REASONS, RowCondition, RuleError, parse_condition
from wlzmonitor.inputs.values import nfc, normalise_label
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text

__all__ = ["ExportMapping", "ExcludeRule", "MappingError", "MultiColumn", "load_mapping",
           "mapping_for_year", "IDENTIFYING_ROLES", "HEADER_ROWS", "header_key",
           "looks_personal", "free_text_columns"]

#: role of an identifying column -> suffix of its private column (privacy.py scrubs
#: ``__naam``, ``__email`` and ``__telefoon`` values from every open answer)
IDENTIFYING_ROLES = {"organisation": "organisatie", "email": "email", "name": "naam",
                     "phone": "telefoon", "other": "overig"}
#: header rows a mapping may declare: 1; 2 (question row + option row, combined as
#: "question | option"); 3 (Qualtrics: column ids, question texts, ImportIds -- row 1 names
#: the columns)
HEADER_ROWS = (1, 2, 3)
#: a header with one of these anywhere looks like personal data
_PERSONAL_ALWAYS = re.compile(r"e-?mail|\bip[- ]?(?:ad(?:dress|res)?)\b|\btelefoon|\bphone\b"
                              r"|latitude|longitude", re.IGNORECASE)
#: ... and a short header (a field name, not a question text) with one of these
_PERSONAL_SHORT = re.compile(r"\b(?:naam|name|organi[sz]ati(?:e|on)s?(?:naam)?|voornaam|"
                             r"achternaam|recipient\w*)\b", re.IGNORECASE)
_TOP_KEYS = {"year", "tool", "header_rows", "sheet", "columns", "values", "multi", "ignore",
             "identifying", "labels", "exclude", "complete", "respondents", "not_personal", "missing"}


class MappingError(InputError):
    """The mapping file is wrong (not the export)."""


def header_key(h: str) -> str:
    """How export headers are compared: case- and whitespace-insensitively, accents composed."""
    return nfc(" ".join(str(h).split())).casefold()


def looks_personal(header: str) -> bool:
    """True when an export header looks like personal data (an e-mail address, IP address,
    phone number, location; or, in a header of at most four words, a name or an
    organisation): it may then not feed an analysed question (unless listed under
    ``not_personal``). A question's text that mentions "organisatie" is not a name field."""
    if _PERSONAL_ALWAYS.search(header):
        return True
    return len(re.findall(r"\w+", header)) <= 4 and bool(_PERSONAL_SHORT.search(header))


def free_text_columns(codebook: Codebook) -> set[str]:
    """Codebook columns that hold free text (several export columns may feed one)."""
    out: set[str] = set()
    for q in codebook.questions:
        out |= {c for c in (q.text_column, q.comment_column) if c}
        if q.type == "open":
            out |= set(q.answer_columns())
        if q.type == "contact":
            cols = q.field_columns()
            out |= {cols[f.code] for f in q.fields if not f.options}
    return out


@dataclass(frozen=True)
class MultiColumn:
    """A multi-response question exported as one column listing the chosen options."""

    question: str
    column: str
    delimiter: str = ";"


@dataclass(frozen=True)
class ExcludeRule:
    """Rows meeting ``condition`` are no respondents (``reason``: a key of
    :data:`wlzmonitor.inputs.row_rules.REASONS`)."""

    condition: RowCondition
    reason: str


@dataclass
class ExportMapping:
    """A parsed mapping file; see ``docs/mapping_exports.md`` and ``docs/data_contracts.md`` §6."""

    path: Path | None = None
    year: int | None = None
    tool: str = ""
    header_rows: int = 1
    sheet: str | None = None
    #: export header -> codebook column (several headers may feed one free-text column)
    columns: dict[str, str] = field(default_factory=dict)
    #: target ("*", question key or codebook column) -> normalised label -> code
    values: dict[str, dict[str, int]] = field(default_factory=dict)
    multi: list[MultiColumn] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    identifying: dict[str, str] = field(default_factory=dict)
    #: target ("*", question key or codebook column) -> how its labels are cleaned
    labels: dict[str, LabelPatterns] = field(default_factory=dict)
    exclude: list[ExcludeRule] = field(default_factory=list)
    #: the completion flag from the export's own status columns (None: a mapped column)
    complete: RowCondition | None = None
    #: what every row the exclude rules keep must meet: a status the tool writes for a response
    #: (Qualtrics' Status 'IP Address', 0); a row with another value is an error, never kept silently
    respondents: RowCondition | None = None
    #: export header -> option code that a filled cell of it selects (LimeSurvey '[other]')
    selects: dict[str, int] = field(default_factory=dict)
    #: headers that look like personal data but are questions (the check lets them through)
    not_personal: list[str] = field(default_factory=list)
    #: target ("*", question key or codebook column) -> the values the tool writes for no answer
    #: (LimeSurvey's "N/A", a numeric Qualtrics export's -99): read as an empty cell
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.values = {str(t): {normalise_label(k): v for k, v in table.items()}
                       for t, table in self.values.items()}

    @property
    def name(self) -> str:
        return str(self.path) if self.path else "the export mapping"

    def rule_headers(self) -> list[str]:
        """The export headers the row rules read."""
        heads = [h for r in self.exclude for h in r.condition.headers()]
        heads += self.complete.headers() if self.complete is not None else []
        heads += self.respondents.headers() if self.respondents is not None else []
        return list(dict.fromkeys(heads))

    def check(self, codebook: Codebook) -> None:
        """Raise :class:`MappingError` when the mapping does not fit ``codebook``."""
        problems: list[str] = []
        if self.year is not None and self.year != codebook.year:
            problems.append(f"year: the mapping is for {self.year}, the codebook for "
                            f"{codebook.year}")
        problems += self._listed_once()
        problems += self._check_columns(codebook)
        problems += self._check_multi_and_values(codebook)
        problems += self._check_labels_and_rules(codebook)
        for header, role in self.identifying.items():
            if role not in IDENTIFYING_ROLES:
                problems.append(f"identifying: '{header}': role must be one of "
                                f"{', '.join(IDENTIFYING_ROLES)}, got {role!r}")
        if problems:
            raise MappingError(f"{self.name}: the mapping does not fit codebook "
                               f"{codebook.year}:\n  " + "\n  ".join(problems))

    def _listed_once(self) -> list[str]:
        problems: list[str] = []
        listed: dict[str, str] = {}
        for where, headers in (("columns", self.columns), ("ignore", self.ignore),
                               ("identifying", self.identifying),
                               ("multi", [m.column for m in self.multi])):
            for h in headers:
                if header_key(h) in listed:
                    problems.append(f"{where}: '{h}' is also listed under {listed[header_key(h)]}")
                listed.setdefault(header_key(h), where)
        return problems

    def _check_columns(self, codebook: Codebook) -> list[str]:
        problems: list[str] = []
        cols = set(codebook.columns())
        private = set(codebook.private_columns())
        free = free_text_columns(codebook)
        exempt = {header_key(h) for h in self.not_personal}
        targets: dict[str, str] = {}
        for header, target in self.columns.items():
            if target not in cols:
                problems.append(f"columns: '{header}' -> '{target}': no such column in codebook "
                                f"{codebook.year}")
            elif target in targets and target not in free:
                problems.append(f"columns: '{header}' and '{targets[target]}' both map to "
                                f"'{target}' (only a free-text column may take several)")
            elif (looks_personal(header) and target not in private
                  and header_key(header) not in exempt):
                problems.append(f"columns: '{header}' looks like personal data but maps to "
                                f"'{target}', which is analysed; list it under identifying "
                                "(or map it to a field of the contact question; or, when it "
                                "is a question, list it under not_personal)")
            targets.setdefault(target, header)
        for header, code in self.selects.items():
            q = _text_owner(codebook, self.columns.get(header))
            if q is None:
                problems.append(f"columns: '{header}': 'selects' needs a question's text field "
                                "(a __tekst column) as its column")
            elif code not in q.codes:
                problems.append(f"columns: '{header}': selects {code}, not an option of "
                                f"{q.label} ({', '.join(map(str, q.codes))})")
        if self.complete is not None and codebook.complete_column in targets:
            problems.append(f"complete: the export also has a column mapped to "
                            f"'{codebook.complete_column}' ('{targets[codebook.complete_column]}');"
                            " use one of the two")
        return problems

    def _check_multi_and_values(self, codebook: Codebook) -> list[str]:
        problems: list[str] = []
        cols = set(codebook.columns())
        owner = codebook.column_owner()
        targets = set(self.columns.values())
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
            elif q is not None and q.type == "multi":
                # the question's delimited column: a label is an option (a code that is none was
                # read as chosen and then dropped: the answer lost); an option column: 1 or 0
                delimited = target == q.key and any(m.question == q.key for m in self.multi)
                allowed = q.codes if delimited else (0, 1)
                bad = sorted({c for c in table.values() if c not in allowed})
                if bad:
                    problems.append(f"values.{target}: code(s) {', '.join(map(str, bad))} are not "
                                    + (f"options of {q.label} ({', '.join(map(str, q.codes))})"
                                       if delimited else "1 (selected) or 0 (not selected): "
                                       f"{q.label} has one column per option"
                                       + (" (a delimited column: list it under multi)"
                                          if target == q.key else "")))
        return problems

    def _check_labels_and_rules(self, codebook: Codebook) -> list[str]:
        cols = set(codebook.columns())
        return [f"{key}: '{t}' is no question key or column of codebook {codebook.year}"
                for key, targets in (("labels", self.labels), ("missing", self.missing))
                for t in targets if t != "*" and t not in codebook and t not in cols]


def _text_owner(codebook: Codebook, target: str | None) -> Question | None:
    """The single or multi question whose text field ``target`` is."""
    for q in codebook.questions:
        if target is not None and q.text_column == target and q.type in ("single", "multi"):
            return q
    return None


# --------------------------------------------------------------------------------------------
# Reading the mapping file
# --------------------------------------------------------------------------------------------


def _code(v: Any, where: str, path: Path) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise MappingError(f"{path}: {where}: the code must be a whole number, got {v!r}")
    return v


def _strings(v: Any, where: str, path: Path) -> tuple[str, ...]:
    vals = v if isinstance(v, list) else [v]
    if not all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in vals):
        raise MappingError(f"{path}: {where}: text or a list of texts, got {v!r}")
    return tuple(str(x) for x in vals)


def _table(raw: dict, key: str, path: Path) -> dict:
    v = raw.get(key) or {}
    if not isinstance(v, dict):
        raise MappingError(f"{path}: {key} must be a mapping")
    return v


def _columns(raw: dict, path: Path) -> tuple[dict[str, str], dict[str, int]]:
    """``columns``: header -> column, or header -> {column: ..., selects: code}."""
    columns: dict[str, str] = {}
    selects: dict[str, int] = {}
    for k, v in _table(raw, "columns", path).items():
        header = str(k).strip()
        if isinstance(v, dict):
            if "column" not in v or set(v) - {"column", "selects"}:
                raise MappingError(f"{path}: columns.{header}: a codebook column, or "
                                   "{column: ..., selects: CODE}")
            columns[header] = str(v["column"]).strip()
            if "selects" in v:
                selects[header] = _code(v["selects"], f"columns.{header}.selects", path)
        else:
            columns[header] = str(v).strip()
    return columns, selects


def _labels(raw: dict, path: Path) -> dict[str, LabelPatterns]:
    out: dict[str, LabelPatterns] = {}
    for target, spec in _table(raw, "labels", path).items():
        if not isinstance(spec, dict) or not spec or set(spec) - set(PATTERN_KEYS):
            raise MappingError(f"{path}: labels.{target}: a mapping with "
                               f"{', '.join(PATTERN_KEYS)}")
        parts = {k: _strings(spec.get(k, []), f"labels.{target}.{k}", path) if k in spec else ()
                 for k in PATTERN_KEYS}
        for rx in parts["remove"]:
            try:
                re.compile(rx)
            except re.error as e:
                raise MappingError(f"{path}: labels.{target}.remove: {rx!r} is not a regular "
                                   f"expression ({e})") from None
        out[str(target)] = LabelPatterns(parts["prefix"], parts["suffix"], parts["remove"])
    return out


def _rules(raw: dict, path: Path) -> tuple[list[ExcludeRule], RowCondition | None, RowCondition | None]:
    rules = raw.get("exclude") or []
    if not isinstance(rules, list):
        raise MappingError(f"{path}: exclude must be a list of rules")
    out = []
    try:
        for i, r in enumerate(rules, start=1):
            if not isinstance(r, dict) or "reason" not in r:
                raise RuleError(f"exclude[{i}]: a condition with a reason "
                                f"({', '.join(REASONS)})")
            reason = str(r["reason"])
            if reason not in REASONS:
                raise RuleError(f"exclude[{i}]: reason must be one of {', '.join(REASONS)}, "
                                f"got {reason!r}")
            cond = {k: v for k, v in r.items() if k != "reason"}
            out.append(ExcludeRule(parse_condition(cond, f"exclude[{i}]"), reason))
        complete = (parse_condition(raw["complete"], "complete")
                    if raw.get("complete") is not None else None)
        respondents = (parse_condition(raw["respondents"], "respondents")
                       if raw.get("respondents") is not None else None)
    except RuleError as e:
        raise MappingError(f"{path}: {e}") from None
    return out, complete, respondents


def _multi(raw: dict, path: Path) -> list[MultiColumn]:
    multi = []
    for key, spec in _table(raw, "multi", path).items():
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, dict) or "column" not in spec or set(spec) - {"column",
                                                                              "delimiter"}:
            raise MappingError(f"{path}: multi.{key} must be {{column: ..., delimiter: ...}}")
        delim = str(spec.get("delimiter", ";"))
        if not delim:
            raise MappingError(f"{path}: multi.{key}: the delimiter is empty")
        multi.append(MultiColumn(str(key), str(spec["column"]).strip(), delim))
    return multi


def _missing(raw: dict, path: Path) -> dict[str, tuple[str, ...]]:
    """``missing``: a list of values (for every column, ``"*"``), or target -> value or list of values."""
    spec = raw.get("missing")
    if spec is None:
        return {}
    if not isinstance(spec, (dict, list)):
        raise MappingError(f"{path}: missing: a list of the values the tool writes for no answer (such as "
                           f"[\"N/A\", -99]), or \"*\", a question key or a column -> such a list, got {spec!r}")
    out: dict[str, tuple[str, ...]] = {}
    for target, values in (spec.items() if isinstance(spec, dict) else [("*", spec)]):
        vals = values if isinstance(values, list) else [values]
        if not vals or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip()
                               for v in vals):
            raise MappingError(f"{path}: missing.{target}: the values the tool writes for no answer, as text or "
                               f"numbers (such as \"N/A\" or -99), got {values!r}")
        out[str(target)] = tuple(str(v).strip() for v in vals)
    return out


def _value_codes(raw: dict, path: Path) -> dict[str, dict[str, int]]:
    """``values``: target -> label -> code (a label without a code is no answer: ``missing``)."""
    values: dict[str, dict[str, int]] = {}
    for target, labels in _table(raw, "values", path).items():
        if not isinstance(labels, dict):
            raise MappingError(f"{path}: values.{target} must map labels to codes")
        for k, v in labels.items():
            if v is None:
                raise MappingError(f"{path}: values.{target}.{k}: the code must be a whole number, got None; a "
                                   f"value the tool writes for no answer goes under missing (missing: "
                                   f"{{{target!r}: [{str(k)!r}]}})")
        values[str(target)] = {normalise_label(k): _code(v, f"values.{target}.{k}", path)
                               for k, v in labels.items()}
    return values


def _header_list(raw: dict, key: str, path: Path) -> list[str]:
    v = raw.get(key) or []
    if not isinstance(v, list):
        raise MappingError(f"{path}: {key} must be a list of column headers")
    return [str(h).strip() for h in v]


def load_mapping(path: str | Path) -> ExportMapping:
    """Read and check the form of a mapping file (its fit to a codebook: :meth:`check`)."""
    path = Path(path)
    try:
        raw = yaml.load(read_input_text(path), Loader=StrictLoader) or {}  # noqa: S506 (safe loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise MappingError(f"{path}: cannot read the mapping: {yaml_error_text(e)}") from None
    if not isinstance(raw, dict):
        raise MappingError(f"{path}: the mapping must be a YAML mapping (key: value)")
    if not raw:  # an empty file (cut off, or saved before it was written) would read the export as canonical
        raise MappingError(f"{path}: the mapping file is empty (no keys); write the mapping (python -m "
                           "wlzmonitor draft-mapping writes a draft from the export), or remove the file when "
                           "the export is already in the codebook's columns")
    unknown = sorted(set(map(str, raw)) - _TOP_KEYS)
    if unknown:
        raise MappingError(f"{path}: unknown key(s) {', '.join(unknown)}; allowed: "
                           f"{', '.join(sorted(_TOP_KEYS))}")
    header_rows = raw.get("header_rows", 1)
    if isinstance(header_rows, bool) or header_rows not in HEADER_ROWS \
            or not isinstance(header_rows, int):
        raise MappingError(f"{path}: header_rows must be 1, 2 or 3, got {header_rows!r}")
    year = raw.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise MappingError(f"{path}: year must be a whole number such as 2026, got {year!r}")
    columns, selects = _columns(raw, path)
    values = _value_codes(raw, path)
    exclude, complete, respondents = _rules(raw, path)
    identifying = {str(k).strip(): str(v) for k, v in _table(raw, "identifying", path).items()}
    sheet = raw.get("sheet")
    return ExportMapping(path=path, year=year, tool=str(raw.get("tool") or ""),
                         header_rows=header_rows, sheet=None if sheet is None else str(sheet),
                         columns=columns, values=values, multi=_multi(raw, path),
                         ignore=_header_list(raw, "ignore", path), identifying=identifying,
                         labels=_labels(raw, path), exclude=exclude, complete=complete,
                         respondents=respondents, selects=selects, not_personal=_header_list(raw, "not_personal", path),
                         missing=_missing(raw, path))


def mapping_for_year(year: int, root: Path | None = None) -> ExportMapping | None:
    """The year's mapping (``mapping`` in ``config/report.yml``) when it exists, else None (canonical export)."""
    path = load_config(root).sources(year).mapping
    return load_mapping(path) if path.exists() else None
