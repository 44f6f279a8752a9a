"""A content-addressed cache of a year's computed result.

Loading, validating and computing every table and significance test of a year takes a few
seconds; every chapter notebook needs the result, and `run_all.py` needs it for the data outputs.
`cached_year_result(year)` computes it once and stores it under `outputs/.cache/`, keyed by a
SHA-256 hash of everything the result depends on: the export (and its mapping file), the codebook,
the report layout, the published figures, the config files and the library's own source. Any change to one of them
gives another key, so a stale result is never served; file times play no part.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Iterable

from wlzmonitor.spec.config import ReportConfig, load_config

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the wlzmonitor package


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts))
        elif path.exists():
            out.append(path)
    return out


def hash_files(paths: Iterable[Path], root: Path) -> str:
    """SHA-256 over the relative names and contents of the given files (folders: all files)."""
    digest = hashlib.sha256()
    for path in _files(paths):
        try:
            name = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            name = path.resolve().as_posix()
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def input_paths(year: int, config: ReportConfig) -> list[Path]:
    """Everything a year's computed result depends on."""
    sources = config.year(year)
    config_dir = config.root / "config"
    codeframes = config.root / "data" / "codeframes"  # open-answer themes and hand corrections
    mappings = config.root / "data" / "mappings"  # export mappings (data/mappings/<year>.yml), if any
    earlier = [p for y, s in sorted(config.years.items()) if y < year and s.export.exists()
               for p in (s.export, s.codebook)]  # trend columns computed from earlier years' data
    return [sources.export, sources.codebook, sources.layout, sources.published, config_dir, codeframes, mappings,
            *earlier, *sorted(PACKAGE_DIR.rglob("*.py")), PACKAGE_DIR / "templates"]


def year_fingerprint(year: int, config: ReportConfig | None = None) -> str:
    config = config or load_config()
    return hash_files(input_paths(year, config), config.root)


def cache_dir(config: ReportConfig) -> Path:
    return config.output_dir / ".cache"


def cached_year_result(year: int, config: ReportConfig | None = None, directory: Path | None = None):
    """The `YearResult` of a year, from the cache when its inputs are unchanged.

    `directory` defaults to `outputs/.cache` (the config's output folder).
    """
    from wlzmonitor.compute.year_result import load_year_result  # late import: pipeline imports much

    config = config or load_config()
    key = year_fingerprint(year, config)
    path = (directory or cache_dir(config)) / f"result-{year}-{key[:24]}.pkl"
    if path.exists():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # a corrupt or incompatible cache file is recomputed, never trusted
            path.unlink(missing_ok=True)
    result = load_year_result(year, config)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"result-{year}-*.pkl"):
        old.unlink(missing_ok=True)
    # write atomically: parallel notebooks may race to fill the cache
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".result-{year}-", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return result
