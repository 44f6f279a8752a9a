"""The data-quality log of loading an export: findings, their severities, and the export error.

What loading an export finds (skipped empty rows, the export mapping's changes, validation's
problems, repairs and exclusions) is a :class:`Finding` each (file, spreadsheet row, respondent
id, column, question, what was found and done); a :class:`DataQualityLog` keeps them in the
order they were found and writes them as CSV. When any finding is an ``error``, loading raises
:class:`ExportError` (``err.findings`` holds the errors, ``err.log`` the full log;
:func:`format_error_message` writes its message). A file that cannot be read at all raises
:class:`ExportError` with a message only.

Severities:

``error``     the export is wrong and must be fixed; nothing is analysed.
``excluded``  the row is left out of the analysis (incomplete response, duplicate copy).
``warning``   worth knowing, nothing excluded (e.g. an extra column that was dropped).
``repaired``  a value was changed so it can be analysed (a label read as its code, ``ca. 12``
              read as 12, ``96,7%`` read as 96.7); the finding says what was found and what
              was done. Nothing is excluded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from wlzmonitor.spec.file_formats import write_csv
from wlzmonitor.spec.errors import InputError

__all__ = [
    "SEVERITIES",
    "EXCLUSION_REASONS",
    "RULE_EXCLUSION_REASONS",
    "MAX_MESSAGE_FINDINGS",
    "Finding",
    "DataQualityLog",
    "ExportError",
    "format_error_message",
]

SEVERITIES = ("error", "excluded", "warning", "repaired")
MAX_MESSAGE_FINDINGS = 30

#: Reasons a row is excluded, in the order :attr:`Survey.accounting` lists them.
EXCLUSION_REASONS = (
    "duplicate of an earlier row",
    "incomplete response (voltooid = 0)",
    "incomplete (required answer missing)",
)
#: Reasons an export mapping's ``exclude`` rules give (:mod:`wlzmonitor.inputs.row_rules`); the
#: accounting lists them after :data:`EXCLUSION_REASONS` when they occur. The issue of such a
#: finding starts with the reason and a colon.
RULE_EXCLUSION_REASONS = ("survey preview", "test response", "spam")


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
        for reason in RULE_EXCLUSION_REASONS:
            if self.issue.startswith(reason + ":"):
                return reason
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
        """Write the log as the project's CSV (text cells inert: spec.file_formats)."""
        return write_csv(path, self.to_frame())


class ExportError(InputError):
    """The export cannot be analysed. ``findings``: the errors; ``log``: every finding."""

    def __init__(self, message: str, findings: Iterable[Finding] = (),
                 log: DataQualityLog | None = None):
        super().__init__(message)
        self.findings: list[Finding] = list(findings)
        self.log = log if log is not None else DataQualityLog(self.findings)


def format_error_message(file: str, errors: list[Finding]) -> str:
    """The message of an :class:`ExportError`: how many problems ``file`` has, and the first
    :data:`MAX_MESSAGE_FINDINGS` of them, one per line."""
    n = len(errors)
    lines = [f"{file}: {n} problem{'s' if n != 1 else ''} must be fixed before the export "
             "can be analysed:"]
    lines += ["  " + f.message for f in errors[:MAX_MESSAGE_FINDINGS]]
    if n > MAX_MESSAGE_FINDINGS:
        lines.append(f"  ... and {n - MAX_MESSAGE_FINDINGS} more (all in err.findings)")
    return "\n".join(lines)
