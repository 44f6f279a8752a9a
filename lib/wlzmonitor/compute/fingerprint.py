"""The content hash of everything a year's result depends on (cheap: pandas is not imported).

SHA-256 over the names and contents of the export (and its mapping file), the codebook, the report
layout, the published figures, the earlier years' exports, the config files, the codeframes and
the library's own source: any change gives another key. It keys the result cache
(`compute.result_cache`) and decides which chapters `run_all.py` reruns; file times play no part.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
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
    codeframes = config.folder("codeframes")  # open-answer themes and hand corrections
    mappings = config.folder("mappings")  # export mappings, if any
    earlier = [p for y, s in sorted(config.years.items()) if y < year and s.export.exists()
               for p in (s.export, s.codebook)]  # trend columns computed from earlier years' data
    report_sources = config.folder("sources")  # the report text the publication audit reads
    quotes = config.folder("quotes")  # the approved pull quotes of the Kerncijfers page
    return [sources.export, sources.codebook, sources.layout, sources.published, config_dir, codeframes, mappings,
            report_sources, quotes, *earlier, *sorted(PACKAGE_DIR.rglob("*.py")), PACKAGE_DIR / "templates"]


def year_fingerprint(year: int, config: ReportConfig | None = None) -> str:
    """The files' hash and the statistical settings (a run can switch weighting on without a file)."""
    config = config or load_config()
    files = hash_files(input_paths(year, config), config.root)
    settings = replace(config.statistics, population_file=None)  # the file itself is hashed with config/
    return hashlib.sha256((files + repr(settings)).encode("utf-8")).hexdigest()
