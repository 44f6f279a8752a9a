"""Validation of a survey export against its codebook, and the data-quality log.

:func:`validate` checks a raw export (all cells as text, see :func:`wlzmonitor.inputs.survey.read_export`)
against the codebook: columns, answer codes and ranges, routing, required answers, the
completion flag and respondent ids. It collects *every* problem first; when any of them is an
``error`` it raises :class:`ExportError` listing them (``err.findings`` holds the errors,
``err.log`` the full log). Otherwise it returns the rows that can be analysed and the log of
warnings and exclusions.

Severities:

``error``     the export is wrong and must be fixed; nothing is analysed.
``excluded``  the row is left out of the analysis (incomplete response, duplicate copy).
``warning``   worth knowing, nothing excluded (e.g. an extra column that was dropped).
``repaired``  a value was changed so it can be analysed (a label read as its code, ``ca. 12``
              read as 12, ``96,7%`` read as 96.7); the finding says what was found and what
              was done. Nothing is excluded.

Values of free-text columns are never repeated in messages: they may hold personal data.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
import pandas as pd

from wlzmonitor.spec.codebook import Codebook, Condition, Question
from wlzmonitor.spec.errors import InputError

__all__ = [
    "ROW",
    "SEVERITIES",
    "ExportError",
    "Finding",
    "DataQualityLog",
    "validate",
    "convert_types",
    "parse_number",
    "normalise_label",
    "EXCLUSION_REASONS",
]

#: Column added by the reader: the row number a spreadsheet user sees (header = row 1).
ROW = "__row__"
SEVERITIES = ("error", "excluded", "warning", "repaired")
MAX_MESSAGE_FINDINGS = 30

#: Reasons a row is excluded, in the order :attr:`Survey.accounting` lists them.
EXCLUSION_REASONS = (
    "duplicate of an earlier row",
    "incomplete response (voltooid = 0)",
    "incomplete (required answer missing)",
)


# --------------------------------------------------------------------------------------------
# Findings and the log
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One data-quality finding. ``row`` is the spreadsheet row (header = 1), None for a
    problem of the file as a whole (a missing column). ``question`` reads
    ``Vraag 13 tevredenheid_tarief``."""

    file: str
    row: int | None
    respondent_id: str | None
    column: str | None
    question: str | None
    severity: str
    issue: str
    expected: str | None = None
    action: str | None = None
    #: the export's own header of ``column`` when a mapping renamed it (else None)
    export_column: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")

    @property
    def message(self) -> str:
        """``file:row N, column 'x' (Vraag 13 key): got '7', expected one of ...``"""
        s = self.file + (f":row {self.row}" if self.row is not None else "")
        if self.column:
            s += f", column '{self.column}'"
            if self.export_column and self.export_column != self.column:
                s += f" [export column '{self.export_column}']"
        if self.question:
            s += f" ({self.question})"
        s += f": {self.issue}"
        if self.severity == "repaired":
            return s + (f"; {self.action}" if self.action else "")
        if self.expected:
            s += f", expected {self.expected}"
        return s

    def __str__(self) -> str:
        return self.message

    @property
    def exclusion_reason(self) -> str | None:
        """For an ``excluded`` finding: which of :data:`EXCLUSION_REASONS` it is."""
        if self.severity != "excluded":
            return None
        if self.issue.startswith("duplicate of row"):
            return EXCLUSION_REASONS[0]
        if self.issue == "incomplete response":
            return EXCLUSION_REASONS[1]
        return EXCLUSION_REASONS[2]


class DataQualityLog:
    """The findings of loading one export, in the order they were found."""

    def __init__(self, findings: Iterable[Finding] = ()):
        self.findings: list[Finding] = list(findings)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __getitem__(self, i: int) -> Finding:
        return self.findings[i]

    def __repr__(self) -> str:
        counts = {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}
        return f"DataQualityLog({', '.join(f'{k}={v}' for k, v in counts.items())})"

    def of_severity(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def repairs(self) -> list[Finding]:
        return self.of_severity("repaired")

    @property
    def errors(self) -> list[Finding]:
        return self.of_severity("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.of_severity("warning")

    @property
    def exclusions(self) -> list[Finding]:
        return self.of_severity("excluded")

    def excluded_rows(self) -> dict[int, str]:
        """Spreadsheet row -> the (first) reason it was excluded."""
        out: dict[int, str] = {}
        for f in self.exclusions:
            if f.row is not None and f.row not in out:
                out[f.row] = f.exclusion_reason  # type: ignore[assignment]
        return out

    def to_frame(self) -> pd.DataFrame:
        cols = [f.name for f in fields(Finding)]
        df = pd.DataFrame([asdict(f) for f in self.findings], columns=cols)
        df["row"] = df["row"].astype("Int64")
        return df

    def to_csv(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.to_frame().to_csv(path, index=False, encoding="utf-8")
        return path


class ExportError(InputError):
    """The export cannot be analysed. ``findings``: the errors; ``log``: every finding."""

    def __init__(self, message: str, findings: Iterable[Finding] = (),
                 log: DataQualityLog | None = None):
        super().__init__(message)
        self.findings: list[Finding] = list(findings)
        self.log = log if log is not None else DataQualityLog(self.findings)


def _same_organisation(column: str, role: str, cells: pd.Series, labels: pd.Index,
                       rows: pd.Series, ids: pd.Series, text: dict[str, pd.Series],
                       answer_cols: list[str], skip: set, add, owner) -> set:
    """Rows that give the same organisation (``role='organisation'``) or the same contact
    e-mail address (``role='email'``) as an earlier row under another respondent id.

    Identical answers to every question: a double submission, the later row is excluded as a
    duplicate. Different answers: for the same organisation an error (one response per
    organisation; the loader cannot know which one counts), for the same e-mail address a
    warning only (a contact person may answer for two member organisations). Only complete
    rows that are not already excluded are compared; the value itself is never repeated.
    Returns the rows excluded.
    """
    what = "organisation" if role == "organisation" else "contact e-mail address"
    codes, uniques = pd.factorize(cells.to_numpy(dtype=object))
    norm = np.array([normalise_label(u) for u in uniques] or [""], dtype=object)
    key = pd.Series(norm[codes] if len(codes) else [], index=labels, dtype=object)
    key = key[(key != "") & ~labels.isin(list(skip))]
    repeated = key[key.duplicated(keep=False)]
    excluded: set = set()
    if repeated.empty:
        return excluded
    q = owner.get(column)
    first_of = repeated.index.to_series().groupby(repeated.to_numpy(), sort=False
                                                  ).transform("first")
    later = first_of[first_of.index != first_of.to_numpy()]
    later = later[[ids[i] != ids[f] for i, f in later.items()]]  # same id: reported above
    if later.empty:
        return excluded
    pos = labels.get_indexer(later.index)
    fpos = labels.get_indexer(later.to_numpy())
    differs = np.column_stack([text[c].to_numpy(dtype=object)[pos]
                               != text[c].to_numpy(dtype=object)[fpos] for c in answer_cols])
    for k, (idx, first) in enumerate(later.items()):
        where = f"row {int(rows[first])} (respondent id '{ids[first]}')"
        diff = [answer_cols[j] for j in np.flatnonzero(differs[k])]
        if not diff:
            excluded.add(idx)
            add(idx, column, q, "excluded",
                f"duplicate of {where}: the same {what} under another respondent id, "
                "with identical answers", "one response per organisation",
                "row excluded (double submission)")
            continue
        shown = ", ".join(diff[:5]) + (f" and {len(diff) - 5} more" if len(diff) > 5 else "")
        if role == "organisation":
            add(idx, column, q, "error",
                f"the same {what} as {where} under another respondent id, with different "
                f"answers (columns {shown})", "one response per organisation",
                "fix the export: keep the response that counts, remove the other")
        else:
            add(idx, column, q, "warning",
                f"the same {what} as {where}, with different answers: possibly the same "
                "organisation twice", None,
                "kept (one person may answer for two organisations); check the export")
    return excluded


def _error_message(file: str, errors: list[Finding]) -> str:
    n = len(errors)
    lines = [f"{file}: {n} problem{'s' if n != 1 else ''} must be fixed before the export "
             "can be analysed:"]
    lines += ["  " + f.message for f in errors[:MAX_MESSAGE_FINDINGS]]
    if n > MAX_MESSAGE_FINDINGS:
        lines.append(f"  ... and {n - MAX_MESSAGE_FINDINGS} more (all in err.findings)")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Cell parsing
# --------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


def parse_number(text: Any, *, percent: bool = False) -> float | None:
    """A number written the Dutch or the English way; None when it is not a number.

    Accepts a decimal comma (``96,7``), a decimal point, thousands separators when both are
    used (``1.234,5`` / ``1,234.5``) or when repeated (``1.500.000``), a leading ``€`` and,
    with ``percent=True``, a trailing ``%``. A single separator is always a decimal separator.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return None if (isinstance(text, float) and not math.isfinite(text)) else float(text)
    t = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if t.startswith("€"):
        t = t[1:]
    if t.endswith("%"):
        if not percent:
            return None
        t = t[:-1]
    if not t:
        return None
    if "," in t and "." in t:
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif t.count(",") > 1:
        if not _THOUSANDS_COMMA.match(t):
            return None
        t = t.replace(",", "")
    elif "," in t:
        t = t.replace(",", ".")
    elif t.count(".") > 1:
        if not _THOUSANDS_DOT.match(t):
            return None
        t = t.replace(".", "")
    if not _PLAIN.match(t):
        return None
    v = float(t)
    return v if math.isfinite(v) else None


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


_APPROXIMATE = re.compile(r"^(ca\.?|circa|ongeveer|plm\.?|pl\.m\.|±|~|\+/-)\s*", re.IGNORECASE)
#: one separator followed by exactly three digits: "1.234" is 1234 or 1.234
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")


_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
                       "\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|\u00e2\u20ac")


def undo_mojibake(text: str) -> str | None:
    """``"cliÃ«nten"`` -> ``"cliënten"``: UTF-8 text that was read as Windows-1252 (and saved
    again); None when ``text`` does not look like that or cannot be undone."""
    if not _MOJIBAKE.search(text):
        return None
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None


def normalise_label(text: Any) -> str:
    """A label compared case- and whitespace-insensitively, without trailing dots, ellipses
    or colons (``"Ten dele, want …"`` == ``"ten dele, want"``)."""
    return " ".join(str(text).split()).casefold().rstrip(" .…:")


@dataclass(frozen=True)
class _Spec:
    """How one column is checked and typed."""

    column: str
    question: Question
    kind: str            # code | binary | int | number | text
    expected: str = ""
    codes: tuple[int, ...] = ()
    lo: float | None = None
    hi: float | None = None
    integer: bool = False
    percent: bool = False
    #: (normalised label, code): option labels a cell may hold instead of the code
    labels: tuple[tuple[str, int], ...] = ()

    def _valid(self, v: float) -> Any:
        """``v`` typed for this column, or None when it is not an allowed value."""
        if self.kind in ("code", "binary", "int") or self.integer:
            if not float(v).is_integer():
                return None
            v = int(v)
        if self.kind in ("code", "binary"):
            return v if v in self.codes else None
        if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
            return None
        return v

    def _plain(self, s: str) -> tuple[Any, str | None]:
        got = f"got '{s}'"
        v = parse_number(s, percent=self.percent)
        if v is None:
            return None, got + (" (not a number)" if self.kind == "number" else "")
        if self.kind in ("code", "binary", "int") or self.integer:
            if not v.is_integer():
                return None, got
            v = int(v)
        if self.kind in ("code", "binary"):
            return (v, None) if v in self.codes else (None, got)
        if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
            return None, got + " (out of range)"
        return v, None

    def parse(self, s: str) -> tuple[Any, str | None, str | None]:
        """(typed value or None, issue or None, repair or None) for a non-empty, stripped
        cell. A repair says how a cell that is not in the expected form was read."""
        if self.kind == "text":
            return s, None, None
        v, issue = self._plain(s)
        compact = s.replace("\u00a0", "").replace(" ", "")
        if issue is None:
            if self.kind in ("number", "int") and _AMBIGUOUS.match(compact.lstrip("€")):
                other = self._valid(float(re.sub(r"[.,]", "", compact.lstrip("€"))))
                if other is not None and other != v:
                    return None, (f"got '{s}' (ambiguous: {_fmt(v)} or {_fmt(other)}; write "
                                  "the number without a thousands separator)"), None
            if self.percent and compact.endswith("%"):
                return v, None, f"read as {_fmt(v)} (percent sign dropped)"
            return v, None, None
        if self.labels:
            key = normalise_label(s)
            fixed = undo_mojibake(s)
            keys = (key,) if fixed is None else (key, normalise_label(fixed))
            for label, code in self.labels:
                if label in keys:
                    if key != label:  # matched only after undoing the double encoding
                        return code, None, (f"read as {code} (a codebook label after undoing "
                                            "a double encoding: UTF-8 read as Windows-1252)")
                    if self.kind == "binary":  # a multi option column holding its own label
                        return code, None, "read as 1 (the option's label: selected)"
                    if self.kind == "int":     # a scale's end-point label
                        return code, None, f"read as {code} (the codebook's label of {code})"
                    return code, None, f"read as {code} (the codebook's label of option {code})"
            if self.kind != "int":
                if fixed is not None:
                    issue += (" (looks like UTF-8 text read as Windows-1252: export the file "
                              "again as UTF-8)")
                return None, issue, None
        if self.kind in ("number", "int"):
            m = _APPROXIMATE.match(s)
            if m and s[m.end():].strip():
                rest = s[m.end():].strip()
                v2, issue2 = self._plain(rest)
                if issue2 is None and not (self.kind in ("number", "int")
                                           and _AMBIGUOUS.match(rest.replace(" ", ""))):
                    return v2, None, (f"read as {_fmt(v2)} (approximate value: "
                                      f"'{m.group(0).strip()}' dropped)")
            if _AMBIGUOUS.match(compact.lstrip("€")):
                # "1.234" in a whole-number field: only the thousands reading is allowed
                other = self._valid(float(re.sub(r"[.,]", "", compact.lstrip("€"))))
                if other is not None:
                    sep = "." if "." in compact else ","
                    return other, None, f"read as {_fmt(other)} ('{sep}' as thousands separator)"
        return None, issue, None

    @property
    def dtype(self) -> str:
        if self.kind == "text":
            return "string"
        if self.kind == "number" and not self.integer:
            return "Float64"
        return "Int64"


def _options_expected(q: Question, options=None) -> str:
    opts = options if options is not None else q.options
    return "one of " + ", ".join(f"{o.code}={o.label}" for o in opts)


def _option_labels(options, code: int | None = None) -> tuple[tuple[str, int], ...]:
    """(normalised label, code) of options' labels and short labels; a label that two options
    share is left out (it cannot say which). ``code``: every label reads as this code."""
    seen: dict[str, set[int]] = {}
    for o in options:
        for text in (o.label, o.short_label):
            if text:
                seen.setdefault(normalise_label(text), set()).add(o.code)
    return tuple((lab, code if code is not None else next(iter(cs)))
                 for lab, cs in seen.items() if len(cs) == 1 and lab)


def _column_specs(codebook: Codebook) -> dict[str, _Spec]:
    specs: dict[str, _Spec] = {}
    for q in codebook.questions:
        if q.text_column:
            specs[q.text_column] = _Spec(q.text_column, q, "text")
        if q.comment_column:
            specs[q.comment_column] = _Spec(q.comment_column, q, "text")
        if q.type in ("single", "matrix"):
            exp = _options_expected(q)
            cols = [q.key] if q.type == "single" else list(q.item_columns().values())
            labels = _option_labels(q.options)
            for c in cols:
                specs[c] = _Spec(c, q, "code", exp, codes=q.codes, labels=labels)
        elif q.type == "multi":
            for code, c in q.option_columns().items():
                specs[c] = _Spec(c, q, "binary", "0 (not selected) or 1 (selected)",
                                 codes=(0, 1), labels=_option_labels([q.option(code)], 1))
        elif q.type in ("scale", "nps"):
            lo, hi = q.range  # type: ignore[misc]
            exp = f"a whole number from {lo} to {hi}"
            ends = tuple((normalise_label(lab), int(v)) for v, lab in (q.range_labels or {}).items()
                         if normalise_label(lab))
            for c in q.answer_columns():
                specs[c] = _Spec(c, q, "int", exp, lo=lo, hi=hi, integer=True, labels=ends)
        elif q.type == "numeric":
            lo, hi = q.range if q.range else (None, None)
            integer = q.unit == "count"
            what = "a whole number" if integer else "a number"
            if lo is not None and hi is not None:
                exp = f"{what} from {_fmt(lo)} to {_fmt(hi)}"
            elif lo is not None:
                exp = f"{what} of at least {_fmt(lo)}"
            elif hi is not None:
                exp = f"{what} of at most {_fmt(hi)}"
            else:
                exp = what
            exp += {"percent": " (percent)", "euro": " (euro)", "count": ""}[q.unit or "count"]
            specs[q.key] = _Spec(q.key, q, "number", exp, lo=lo, hi=hi, integer=integer,
                                 percent=q.unit == "percent")
        elif q.type == "open":
            for c in q.answer_columns():
                specs[c] = _Spec(c, q, "text")
        elif q.type == "contact":
            cols = q.field_columns()
            for f in q.fields:
                c = cols[f.code]
                if f.options:
                    specs[c] = _Spec(c, q, "code", _options_expected(q, f.options),
                                     codes=tuple(o.code for o in f.options),
                                     labels=_option_labels(f.options))
                else:
                    specs[c] = _Spec(c, q, "text")
    return specs


def _all_text(s: pd.Series) -> bool:
    """True when every cell is a str (what the readers produce): the fast paths apply."""
    return s.dtype == object and pd.api.types.infer_dtype(s, skipna=False) in ("string", "empty")


def _text_cells(s: pd.Series) -> pd.Series:
    """Cells as stripped text ('' for empty / missing)."""
    if _all_text(s):  # strip each distinct text once, not each cell
        codes, uniques = pd.factorize(s.to_numpy(dtype=object))
        stripped = np.array([u.strip() for u in uniques] or [""], dtype=object)
        return pd.Series(stripped[codes] if len(codes) else [], index=s.index, name=s.name, dtype=object)

    def one(v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()
    return s.map(one).astype(object)


def _parse_frame(df: pd.DataFrame, codebook: Codebook
                 ) -> tuple[pd.DataFrame, list[tuple[Any, str, str, str]],
                            list[tuple[Any, str, str, str]]]:
    """Typed copy of ``df`` (invalid cells -> NA), the problems (index, column, issue,
    expected) and the repairs (index, column, cell text, what was done). Routing is not
    applied here."""
    specs = _column_specs(codebook)
    out: dict[str, pd.Series] = {}
    problems: list[tuple[Any, str, str, str]] = []
    repairs: list[tuple[Any, str, str, str]] = []
    for c in df.columns:
        if c == ROW:
            out[c] = df[c]
            continue
        if c == codebook.id_column:
            out[c] = _text_cells(df[c]).astype("string")
            continue
        cells = _text_cells(df[c])
        if c == codebook.complete_column:
            spec = _Spec(c, None, "binary", "1 (complete) or 0 (incomplete)",  # type: ignore
                         codes=(0, 1))
        else:
            spec = specs.get(c)
            if spec is None:  # not a codebook column: leave as text
                out[c] = cells.replace("", pd.NA).astype("string")
                continue
        if spec.kind == "text":
            if _all_text(df[c]):
                raw = df[c].astype(object).where(cells.ne(""), pd.NA)
            else:
                raw = df[c].map(lambda v: pd.NA if v is None or v is pd.NA
                                or (isinstance(v, float) and math.isnan(v))
                                or str(v).strip() == "" else str(v))
            out[c] = raw.astype("string")
            continue
        # parse each distinct cell text once (a column holds a handful of codes), then spread
        codes, uniques = pd.factorize(cells.to_numpy(dtype=object))
        parsed = np.empty(len(uniques), dtype=object)
        issues: list[str | None] = []
        fixes: list[str | None] = []
        for j, text in enumerate(uniques):
            if text == "":
                parsed[j] = pd.NA
                issues.append("empty" if c == codebook.complete_column else None)
                fixes.append(None)
                continue
            v, issue, fix = spec.parse(text)
            parsed[j] = pd.NA if issue is not None else v
            issues.append(issue)
            fixes.append(fix)
        for pos in np.flatnonzero(np.array([i is not None for i in issues], dtype=bool)[codes]) if len(codes) else ():
            problems.append((df.index[pos], c, issues[codes[pos]], spec.expected))
        if any(f is not None for f in fixes):
            for pos in np.flatnonzero(np.array([f is not None for f in fixes], dtype=bool)[codes]):
                repairs.append((df.index[pos], c, uniques[codes[pos]], fixes[codes[pos]]))
        out[c] = pd.Series(_typed_array(parsed, codes, spec.dtype), index=df.index)
    return pd.DataFrame(out, index=df.index), problems, repairs


def _typed_array(parsed: np.ndarray, codes: np.ndarray, dtype: str):
    """The column of ``dtype`` whose cell i is ``parsed[codes[i]]`` (pd.NA = missing).

    Builds the masked array directly; the same as ``Series(object values).astype(dtype)``
    without converting every cell on its own.
    """
    missing = np.array([v is pd.NA for v in parsed], dtype=bool)
    if dtype == "Int64":
        data = np.array([0 if m else v for v, m in zip(parsed, missing)], dtype=np.int64)
        return pd.arrays.IntegerArray(data[codes], missing[codes])
    if dtype == "Float64":
        data = np.array([0.0 if m else v for v, m in zip(parsed, missing)], dtype=np.float64)
        return pd.arrays.FloatingArray(data[codes], missing[codes])
    return pd.Series(parsed[codes], dtype=object).astype(dtype).array


def _normalise_routing(typed: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Multi questions: not asked -> every option NA (an export may hold 0s there);
    asked and at least one option selected -> empty options are 0 (not selected)."""
    typed = typed.copy()
    for q in codebook.questions:
        if q.type != "multi" or not all(c in typed.columns for c in q.answer_columns()):
            continue
        cols = q.answer_columns()
        asked = codebook.asked_mask(q, typed)
        chosen = typed[cols].eq(1).fillna(False).any(axis=1)
        for c in cols:
            typed.loc[~asked, c] = pd.NA
            typed.loc[asked & chosen, c] = typed.loc[asked & chosen, c].fillna(0)
    return typed


def convert_types(df: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Typed copy of validated rows: codes -> Int64, numeric -> Float64 (count: Int64),
    text -> string; multi options normalised for routing (see :func:`validate`)."""
    typed, _, _ = _parse_frame(df, codebook)
    return _normalise_routing(typed, codebook)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def _facts(cond: Condition, typed_row: pd.Series, item: str | None) -> str:
    """``zorgtype = 3`` -- what this row answered to the questions a condition reads."""
    parts: list[str] = []
    for leaf in cond.leaves():
        if leaf.multi_codes:
            sel = [str(c) for c in leaf.multi_codes
                   if typed_row.get(f"{leaf.question}__{c}") is not pd.NA
                   and typed_row.get(f"{leaf.question}__{c}") == 1]
            part = f"{leaf.question} selected: {', '.join(sel) if sel else 'none'}"
        else:
            col = leaf._leaf_columns(item)[0]
            v = typed_row.get(col, pd.NA)
            part = f"{col} = {'empty' if v is pd.NA or pd.isna(v) else _fmt(float(v))}"
        if part not in parts:
            parts.append(part)
    return "; ".join(parts)


def validate(raw: pd.DataFrame, codebook: Codebook, source: str | Path
             ) -> tuple[pd.DataFrame, DataQualityLog]:
    """Check an export against ``codebook``; return (analysable rows, log).

    ``raw`` holds the export's cells (text) and a ``__row__`` column (spreadsheet row numbers).
    The returned rows keep the codebook's columns (extra columns dropped) and ``__row__``,
    still as text: :func:`convert_types` types them. Raises :class:`ExportError` when any
    finding is an ``error``.
    """
    rows, log, _ = validate_and_parse(raw, codebook, source)
    return rows, log


def validate_and_parse(raw: pd.DataFrame, codebook: Codebook, source: str | Path, *,
                       log: DataQualityLog | None = None,
                       identity: Iterable[tuple[str, str, pd.Series]] = ()
                       ) -> tuple[pd.DataFrame, DataQualityLog, pd.DataFrame]:
    """:func:`validate`, plus the typed cells it parsed to check them (all rows it read).

    ``parsed.loc[rows.index]`` holds what ``_parse_frame`` gives for the returned rows, so
    ``_normalise_routing(parsed.loc[rows.index], codebook)`` equals ``convert_types(rows,
    codebook)`` without parsing every cell a second time.

    ``log``: findings made before (the export mapping); validation adds to it.
    ``identity``: identifying columns that are not codebook columns (an export's organisation
    name), as ``(column, role, cells)`` with role ``organisation`` or ``email``; they are
    only compared between rows (see :func:`_same_organisation`), never kept.
    ``raw.attrs["export_columns"]`` (codebook column -> the export's header, set by the
    mapping) makes findings name the export's header too.
    """
    file = str(source)
    log = log if log is not None else DataQualityLog()
    export_columns: dict[str, str] = dict(raw.attrs.get("export_columns") or {})
    raw = raw.copy()
    if ROW not in raw.columns:
        raw[ROW] = range(2, len(raw) + 2)
    expected = codebook.columns()
    owner = codebook.column_owner()
    present = [c for c in raw.columns if c != ROW]

    # -- columns --------------------------------------------------------------------------
    missing_cols = [c for c in expected if c not in present]
    for c in missing_cols:
        q = owner.get(c)
        want = (f"a column named '{export_columns[c]}' (the export mapping's name for '{c}')"
                if c in export_columns else f"a column named '{c}'")
        log.add(Finding(file, None, None, c, q.label if q else None, "error",
                        "missing expected column", want, "add the column to the export",
                        export_columns.get(c)))
    for c in present:
        if c not in expected:
            log.add(Finding(file, None, None, str(c), None, "warning",
                            f"unexpected column, not in codebook {codebook.year}", None,
                            "column dropped (it could hold personal data)"))
    if codebook.id_column in missing_cols or codebook.complete_column in missing_cols:
        raise ExportError(_error_message(file, log.errors), log.errors, log)

    df = raw[[c for c in expected if c in present] + [ROW]].copy()
    for c in missing_cols:
        df[c] = ""
    df = df[expected + [ROW]]
    text = {c: _text_cells(df[c]) for c in expected}
    rows = df[ROW].astype(int)
    ids = text[codebook.id_column]
    id_of = {idx: (v or None) for idx, v in ids.items()}

    def add(idx: Any, column: str | None, q: Question | None, severity: str, issue: str,
            expected_: str | None = None, action: str | None = None) -> None:
        log.add(Finding(file, int(rows[idx]), id_of[idx], column, q.label if q else None,
                        severity, issue, expected_, action,
                        export_columns.get(column) if column else None))

    # -- respondent ids and duplicates ----------------------------------------------------
    for idx in df.index[ids == ""]:
        add(idx, codebook.id_column, None, "error", "empty respondent id",
            "a unique respondent id", "fill in the id")
    dup_copy: set[Any] = set()
    nonempty = ids[ids != ""]
    repeated = nonempty[nonempty.duplicated(keep=False)]  # only ids on more than one row
    for rid, group in repeated.groupby(repeated, sort=False):
        first = group.index[0]
        for idx in group.index[1:]:
            diff = [c for c in expected if text[c].at[idx] != text[c].at[first]]
            if not diff:
                dup_copy.add(idx)
                add(idx, codebook.id_column, None, "excluded",
                    f"duplicate of row {int(rows[first])}", "unique respondent ids",
                    "row excluded (identical copy)")
            else:
                shown = ", ".join(diff[:5]) + (f" and {len(diff) - 5} more" if len(diff) > 5
                                               else "")
                add(idx, codebook.id_column, None, "error",
                    f"respondent id '{rid}' also on row {int(rows[first])} with different "
                    f"answers (columns {shown})", "unique respondent ids",
                    "fix the export: remove or renumber one of the rows")

    # -- values ---------------------------------------------------------------------------
    typed, problems, repairs = _parse_frame(df[expected + [ROW]], codebook)
    for idx, col, issue, exp in problems:
        if idx in dup_copy:
            continue
        q = owner.get(col)
        add(idx, col, q, "error", issue, exp, "fix the export")
    for idx, col, cell, done in repairs:
        if idx in dup_copy:
            continue
        add(idx, col, owner.get(col), "repaired", f"got '{cell}'", None, done)

    complete = typed[codebook.complete_column]
    incomplete = set(df.index[complete.eq(0).fillna(False)]) - dup_copy
    for idx in sorted(incomplete, key=lambda i: rows[i]):
        add(idx, codebook.complete_column, None, "excluded", "incomplete response",
            None, "row excluded")

    # -- the same organisation under two respondent ids -----------------------------------
    keys: list[tuple[str, str, pd.Series]] = [
        (c, role, _text_cells(cells.reindex(raw.index)).set_axis(df.index))
        for c, role, cells in sorted(identity, key=lambda k: k[1] != "organisation")]
    for q in codebook.questions:
        if q.type == "contact":
            for code, c in q.field_columns().items():
                if code in ("email", "e-mail", "e_mail"):
                    keys.append((c, "email", text[c]))
                elif code in ("organisatie", "organisation"):
                    keys.append((c, "organisation", text[c]))
    private = set(codebook.private_columns())
    answer_cols = [c for c in expected if c != codebook.id_column and c not in private]
    for column, role, cells in keys:
        dup_copy |= _same_organisation(column, role, cells, df.index, rows, ids, text,
                                       answer_cols, dup_copy | incomplete, add, owner)
    # Row checks below work on numpy arrays by position and visit only the rows a check can
    # flag, in row order, so the findings come out as a row-by-row scan would give them.
    labels = df.index
    routed = ~(labels.isin(list(dup_copy)) | labels.isin(list(incomplete)))
    is_complete = complete.eq(1).fillna(False).to_numpy(dtype=bool)
    text_of = {c: text[c].to_numpy(dtype=object) for c in expected}
    filled = {c: text_of[c] != "" for c in expected}

    # -- routing and required answers -----------------------------------------------------
    required_missing: set[Any] = set()
    for q in codebook.questions:
        cols = [c for c in q.columns()]
        if any(c in missing_cols for c in cols) or (
                q.asked_if is not None and any(c in missing_cols for c in q.asked_if.columns())):
            continue
        asked = codebook.asked_mask(q, typed).to_numpy(dtype=bool)
        if q.type == "multi":
            opt_cols = q.answer_columns()
            content_of = {c: (typed[c].eq(1).fillna(False).to_numpy(dtype=bool)
                              | (filled[c] & typed[c].isna().to_numpy(dtype=bool))) for c in opt_cols}
        else:
            content_of = {}
        for c in q.columns():
            if c not in content_of:
                content_of[c] = filled[c]

        # answers where the question was not asked (content implies a non-empty cell)
        zero_only = 0
        for pos in np.flatnonzero(routed & ~asked & np.logical_or.reduce([filled[c] for c in cols])):
            idx = labels[pos]
            for c in cols:
                if content_of[c][pos]:
                    spec_text = c in (q.text_column, q.comment_column) or q.type in ("open",) \
                        or (q.type == "contact" and typed[c].dtype == "string")
                    got = "got text" if spec_text else f"got '{text_of[c][pos]}'"
                    add(idx, c, q, "error",
                        f"{got} but the question was not asked because "
                        f"{q.asked_if.describe(codebook, negate=True)}"  # type: ignore[union-attr]
                        f" (this row: {_facts(q.asked_if, typed.loc[idx], None)})",  # type: ignore
                        "empty", "fix the export (or the routing in the codebook)")
                elif q.type == "multi" and text_of[c][pos] != "":
                    zero_only += 1
        if zero_only:
            log.add(Finding(file, None, None, f"{q.key}__*", q.label, "warning",
                            f"{zero_only} cell(s) hold 0 where the question was not asked",
                            "empty", "treated as empty (not asked)"))

        # items that were not asked
        item_asked: dict[Any, np.ndarray] = {}
        if q.items:
            masks = codebook.item_asked_masks(q, typed)
            item_asked = {it.code: masks[it.code].to_numpy(dtype=bool) for it in q.items}
            if q.item_asked_if is not None:
                flagged = np.logical_or.reduce(
                    [~item_asked[it.code] & content_of[f"{q.key}__{it.code}"] for it in q.items])
                for pos in np.flatnonzero(routed & asked & flagged):
                    idx = labels[pos]
                    for it in q.items:
                        c = f"{q.key}__{it.code}"
                        if not item_asked[it.code][pos] and content_of[c][pos]:
                            add(idx, c, q, "error",
                                f"got '{text_of[c][pos]}' but item {it.code} was not asked because "
                                f"{q.item_asked_if.describe(codebook, negate=True)} (this row: "
                                f"{_facts(q.item_asked_if, typed.loc[idx], it.code)})",
                                "empty", "fix the export (or the routing in the codebook)")

        # required answers missing (complete responses only)
        answer_cols = q.answer_columns()
        considered = routed & asked & is_complete
        if q.items:
            n_asked = np.sum([item_asked[it.code] for it in q.items], axis=0)
            n_answered = np.sum([item_asked[it.code] & content_of[f"{q.key}__{it.code}"]
                                 for it in q.items], axis=0)
            considered &= n_asked > 0  # no item asked: nothing to answer
            missing = n_answered == 0
            gaps_left = (n_answered > 0) & (n_answered < n_asked)
        else:
            missing = ~np.logical_or.reduce([content_of[c] for c in answer_cols])
            gaps_left = np.zeros(len(labels), dtype=bool)
        for pos in np.flatnonzero(considered & (gaps_left | (missing & bool(q.required)))):
            idx = labels[pos]
            if gaps_left[pos]:
                asked_items = [it.code for it in q.items if item_asked[it.code][pos]]
                gaps = [i for i in asked_items if not content_of[f"{q.key}__{i}"][pos]]
                add(idx, f"{q.key}__{gaps[0]}", q, "warning",
                    f"item(s) {', '.join(gaps)} not answered", "an answer to every item",
                    "kept; the item counts as not answered")
            if missing[pos] and q.required:
                required_missing.add(idx)
                col = answer_cols[0] if len(answer_cols) == 1 else f"{q.key}__*"
                why = (f"asked because {q.asked_if.describe(codebook)}" if q.asked_if
                       else "asked of everyone")
                add(idx, col, q, "excluded", f"incomplete: {q.number_label} missing",
                    f"an answer ({why})", "row excluded")
        if q.type == "multi":
            answered_rows = considered & ~missing
            blank_multi = int(sum(int((answered_rows & ~filled[c]).sum()) for c in answer_cols))
            if blank_multi:
                log.add(Finding(file, None, None, f"{q.key}__*", q.label, "warning",
                                f"{blank_multi} empty option cell(s) in answered rows",
                                "0 or 1", "treated as 0 (not selected)"))

        # text belonging to an option that was not chosen
        if q.text_column and q.type in ("single", "multi"):
            if q.type == "single":
                ok = typed[q.key].isin(list(q.text_field_options)).fillna(False).to_numpy(dtype=bool)
            else:
                ok = np.logical_or.reduce(
                    [typed[f"{q.key}__{c}"].eq(1).fillna(False).to_numpy(dtype=bool)
                     for c in q.text_field_options] or [np.zeros(len(labels), dtype=bool)])
            for pos in np.flatnonzero(routed & asked & content_of[q.text_column] & ~ok):
                add(labels[pos], q.text_column, q, "warning",
                    "text given although no option with a text field was chosen",
                    "text only with option(s) "
                    + ", ".join(map(str, q.text_field_options)), "kept")

    # -- outcome --------------------------------------------------------------------------
    if log.errors:
        raise ExportError(_error_message(file, log.errors), log.errors, log)
    excluded = dup_copy | incomplete | required_missing
    keep = [i for i in df.index if i not in excluded]
    return df.loc[keep, expected + [ROW]], log, typed
