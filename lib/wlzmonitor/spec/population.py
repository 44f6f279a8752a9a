"""The member population by group (`config/population.yml`): members per omzetgroep, uitvoerder.

The respondents are compared with it (representativeness) and, when weighting is switched on,
raked to its margins (`compute.weighting`). The shipped file holds demo figures marked
`assumption: true`; the member administration replaces them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text


class PopulationError(InputError):
    """The population file is missing or malformed; the message names the file and key."""


@dataclass(frozen=True)
class Population:
    members: int
    #: variable -> group -> members; a group is a code of the codebook's variable, or its label
    #: ("Zilveren Kruis": one file serves every year, whatever code the year gives the group);
    #: :meth:`for_codebook` gives the codes of one year
    margins: dict[str, dict[Any, int]] = field(default_factory=dict)
    assumption: bool = True  # demo figures, not the member administration
    source: Path | None = None

    def shares(self, variable: str) -> dict[int, float]:
        counts = self.margins[variable]
        total = sum(counts.values())
        return {code: n / total for code, n in counts.items()}

    def by_label(self, variable: str) -> bool:
        """The margin of ``variable`` names its groups by label."""
        return any(isinstance(k, str) for k in self.margins.get(variable, {}))

    def for_codebook(self, codebook: Any, elsewhere: Callable[[str], set[str]] | None = None) -> "Population":
        """The margins in the codes of ``codebook``'s variables: a group named by its label (or short
        label; case and spacing aside) becomes the code the year gives it. A label that is a group of the
        variable in another configured year only (``elsewhere(variable)``: their labels, as
        :func:`label_key` gives them) stays as it is, as a code only another year has does (one file serves
        every year); any other label the variable does not have, or two entries of one group, is a
        :class:`PopulationError` naming the file and the group."""
        margins: dict[str, dict[Any, int]] = {}
        for variable, counts in self.margins.items():
            if not self.by_label(variable):
                margins[variable] = dict(counts)
                continue
            try:
                codes = {label_key(label): code for short in (False, True)
                         for code, label in codebook.options(variable, short=short).items()}
            except KeyError:
                margins[variable] = dict(counts)  # no such variable: check-year and the weights say so
                continue
            resolved: dict[Any, int] = {}
            for group, n in counts.items():
                code = group if isinstance(group, int) else codes.get(label_key(group))
                if code is None and elsewhere is not None and label_key(group) in elsewhere(variable):
                    code = group  # a group only another year has
                if code is None:
                    labels = ", ".join(f"‘{x}’" for x in codebook.options(variable).values())
                    raise PopulationError(f"{self.source}: margins: {variable}: ‘{group}’ is no group of {variable} in "
                                          f"{codebook.year} ({labels})")
                if code in resolved:
                    raise PopulationError(f"{self.source}: margins: {variable}: group {code} "
                                          f"(‘{codebook.options(variable)[code]}’) is named twice")
                resolved[code] = n
            margins[variable] = resolved
        return replace(self, margins=margins)


def label_key(text: str) -> str:
    """A group's label as margins compare it: case and spacing aside."""
    return " ".join(str(text).split()).casefold()



def _shown(value: Any, limit: int = 60) -> str:
    """A value of the population file as a message quotes it: its repr, or how long it is when that is longer than
    `limit` (review h119: a group label or members of 100.000 characters was quoted whole)."""
    text = repr(value)
    return text if len(text) <= limit else f"{type(value).__name__} of {len(str(value))} characters"


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
        raise PopulationError(f"{path}: members: expected a positive whole number, got {_shown(members)}")
    margins: dict[str, dict[Any, int]] = {}
    for key, counts in (data.get("margins") or {}).items():
        variable = key if len(str(key)) <= 60 else _shown(key)  # as the messages name it (h119)
        if not isinstance(counts, dict) or not counts:
            raise PopulationError(f"{path}: margins: {variable}: expected code: members (or \"label\": members) pairs")
        bad = [c for c, n in counts.items() if not isinstance(n, int) or isinstance(n, bool) or n < 0
               or isinstance(c, bool) or not isinstance(c, (int, str)) or (isinstance(c, str) and not c.strip())]
        if bad:
            raise PopulationError(f"{path}: margins: {variable}: group {_shown(bad[0])}: expected a code or a label, "
                                  f"and a whole number >= 0 of members, got {_shown(counts[bad[0]])}")
        if sum(counts.values()) != members:
            raise PopulationError(f"{path}: margins: {variable}: adds up to {sum(counts.values())}, "
                                  f"not to members ({members})")
        margins[str(key)] = {(c if isinstance(c, str) else int(c)): int(n) for c, n in counts.items()}
    return Population(members, margins, bool(data.get("assumption", False)), Path(path))
