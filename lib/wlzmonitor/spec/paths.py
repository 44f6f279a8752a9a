"""The repository root: the one place that finds it. Every other path comes from
`config/report.yml` through :mod:`wlzmonitor.spec.config`, never from the working folder."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """$WLZ_MONITOR_ROOT if set, else the folder that holds `lib/wlzmonitor/`."""
    env = os.environ.get("WLZ_MONITOR_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[3]
