"""Where things live. Every path is derived from the repository root, never from the cwd."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """The repository root: $WLZ_MONITOR_ROOT if set, else the folder holding `data/` above lib/."""
    env = os.environ.get("WLZ_MONITOR_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[3]


def data_dir(root: Path | None = None) -> Path:
    return (root or repo_root()) / "data"


def raw_export(year: int, root: Path | None = None) -> Path:
    """The shipped (demo) export of a survey year."""
    return data_dir(root) / "raw" / str(year) / "respondenten.csv"


def published_dir(year: int, root: Path | None = None) -> Path:
    return data_dir(root) / "published" / str(year)
