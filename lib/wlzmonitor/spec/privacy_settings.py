"""The privacy settings (`config/privacy.yml`): names to scrub and the disclosure thresholds.

See the header of `config/privacy.yml` for what each key means. Reading is strict: an unknown key,
a wrong type or an `explanations_min_group` below the small-group threshold raises
:class:`PrivacySettingsError` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text

_DEFAULT_SMALL_GROUP = 5


_DEFAULT_SMALL_GROUP_ACTION = "suppress"


class PrivacySettingsError(InputError):
    """``config/privacy.yml`` is unreadable or breaks a rule; the message names the file and key."""


@dataclass(frozen=True)
class PrivacySettings:
    """The contents of ``config/privacy.yml`` (see the header of that file)."""

    organisations: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    small_group_threshold: int = _DEFAULT_SMALL_GROUP
    #: at least ``small_group_threshold`` when read from the file (default: equal to it)
    explanations_min_group: int = _DEFAULT_SMALL_GROUP
    small_group_action: str = _DEFAULT_SMALL_GROUP_ACTION
    path: Path | None = field(default=None, compare=False)


def default_privacy_path() -> Path:
    """``privacy_file`` of ``config/report.yml`` (default ``config/privacy.yml``)."""
    return load_config().privacy_file


def load_privacy_settings(path: str | Path | None = None) -> PrivacySettings:
    """Read ``config/privacy.yml`` (``path`` None = the repository's). Unknown keys raise."""
    p = Path(path) if path is not None else default_privacy_path()
    if not p.exists():
        raise PrivacySettingsError(f"{p}: no privacy settings file (privacy_file in config/report.yml)")
    st = p.stat()
    # read again whenever the file is another: its size, times or inode (the modification time alone can be set
    # back, or be the same for two saves within the clock's tick; review h157 left this open)
    return _load_settings(p.resolve(), (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))


@lru_cache(maxsize=8)
def _load_settings(p: Path, _identity: tuple[int, ...]) -> PrivacySettings:
    try:
        data = yaml.load(read_input_text(p), Loader=StrictLoader) or {}  # noqa: S506 (safe loader)
    except yaml.YAMLError as err:
        raise PrivacySettingsError(f"{p}: not valid YAML: {yaml_error_text(err)}") from None
    if not isinstance(data, Mapping):
        raise PrivacySettingsError(f"{p}: expected a mapping at the top level")
    allowed = {"organisations", "locations", "names", "small_group_threshold",
               "explanations_min_group", "small_group_action"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PrivacySettingsError(f"{p}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")

    def terms(key: str) -> tuple[str, ...]:
        raw = data.get(key) or []
        if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
            raise PrivacySettingsError(f"{p}: '{key}' must be a list of strings")
        return tuple(t.strip() for t in raw if t.strip())

    def positive(key: str, default: int) -> int:
        v = data.get(key, default)
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise PrivacySettingsError(f"{p}: '{key}' must be a whole number >= 1, got {v!r}")
        return v

    threshold = positive("small_group_threshold", _DEFAULT_SMALL_GROUP)
    explanations_min = positive("explanations_min_group", threshold)
    if explanations_min < threshold:
        raise PrivacySettingsError(
            f"{p}: 'explanations_min_group' ({explanations_min}) is below 'small_group_threshold' "
            f"({threshold}): explanations would be shown for a group of fewer organisations than the "
            "small-group rule allows; raise it to at least the threshold or leave it out")
    action = data.get("small_group_action", _DEFAULT_SMALL_GROUP_ACTION)
    if action not in ("suppress", "mark"):
        raise PrivacySettingsError(f"{p}: 'small_group_action' must be 'suppress' or 'mark', got {action!r}")
    return PrivacySettings(
        organisations=terms("organisations"),
        locations=terms("locations"),
        names=terms("names"),
        small_group_threshold=threshold,
        explanations_min_group=explanations_min,
        small_group_action=action,
        path=p,
    )
