"""The member population by group (`config/population.yml`): members per omzetgroep, uitvoerder.

The respondents are compared with it (representativeness) and, when weighting is switched on,
raked to its margins (`compute.weighting`). The shipped file holds demo figures marked
`assumption: true`; the member administration replaces them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text


class PopulationError(InputError):
    """The population file is missing or malformed; the message names the file and key."""


@dataclass(frozen=True)
class Population:
    members: int
    margins: dict[str, dict[int, int]] = field(default_factory=dict)  # variable -> code -> members
    assumption: bool = True  # demo figures, not the member administration
    source: Path | None = None

    def shares(self, variable: str) -> dict[int, float]:
        counts = self.margins[variable]
        total = sum(counts.values())
        return {code: n / total for code, n in counts.items()}


def load_population(path: Path) -> Population:
    """Read and check the population file (every margin adds up to `members`)."""
    if not Path(path).exists():
        raise PopulationError(f"{path}: not found (members per group, needed for representativeness and weighting)")
    try:
        data = yaml.load(read_input_text(Path(path)), Loader=StrictLoader) or {}  # noqa: S506 (safe loader)
    except yaml.YAMLError as err:
        raise PopulationError(f"{path}: not valid YAML: {yaml_error_text(err)}") from None
    if not isinstance(data, dict):
        raise PopulationError(f"{path}: expected a mapping (members, margins, assumption)")
    unknown = sorted(str(k) for k in data if k not in ("members", "margins", "assumption"))
    if unknown:
        raise PopulationError(f"{path}: unknown key(s) {', '.join(unknown)}; known: members, margins, assumption")
    if not isinstance(data.get("margins") or {}, dict):
        raise PopulationError(f"{path}: margins: expected variable: {{code: members}} pairs")
    members = data.get("members")
    if not isinstance(members, int) or members <= 0:
        raise PopulationError(f"{path}: members: expected a positive whole number, got {members!r}")
    margins: dict[str, dict[int, int]] = {}
    for variable, counts in (data.get("margins") or {}).items():
        if not isinstance(counts, dict) or not counts:
            raise PopulationError(f"{path}: margins: {variable}: expected code: members pairs")
        bad = [c for c, n in counts.items() if not isinstance(n, int) or isinstance(n, bool) or n < 0
               or isinstance(c, bool) or not isinstance(c, int)]
        if bad:
            raise PopulationError(f"{path}: margins: {variable}: code {bad[0]}: expected a whole number >= 0")
        if sum(counts.values()) != members:
            raise PopulationError(f"{path}: margins: {variable}: adds up to {sum(counts.values())}, "
                                  f"not to members ({members})")
        margins[str(variable)] = {int(c): int(n) for c, n in counts.items()}
    return Population(members, margins, bool(data.get("assumption", False)), Path(path))
