"""The files a codeframe names (its hand-corrections workbook), found without loading the codeframe.

Kept apart from :mod:`wlzmonitor.spec.codeframes` (which needs the codebook, and so pandas) because
the run's fingerprint (:mod:`wlzmonitor.compute.fingerprint`) reads it at every run, also when
nothing changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.strict_yaml import StrictLoader

__all__ = ["corrections_file", "corrections_path"]


def corrections_path(corrections: Any, year: int | None, path: Path) -> Path | None:
    """The hand-corrections workbook: ``corrections`` next to the codeframe file `path`, else
    ``corrections_<year>.xlsx`` there. ValueError when ``corrections`` is no file name."""
    if corrections is not None and not isinstance(corrections, str):
        raise ValueError(f"{path}: 'corrections' must be a file name")
    if corrections:
        return path.parent / corrections
    return path.parent / f"corrections_{year}.xlsx" if year is not None else None


def corrections_file(path: Path, year: int | None) -> Path | None:
    """The hand-corrections workbook the codeframe file `path` names (or its default), without
    checking the codeframe: None when there is no codeframe or it cannot be read (loading it says why)."""
    try:
        data = yaml.load(read_input_text(Path(path)), Loader=StrictLoader) if Path(path).exists() else None
        return corrections_path(data.get("corrections") if isinstance(data, dict) else None, year, Path(path))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
        return None
