"""A content-addressed cache of a year's computed result.

Loading, validating and computing every table and significance test of a year takes a few
seconds; every chapter notebook needs the result, and `run_all.py` needs it for the data outputs.
`cached_year_result(year)` computes it once and stores it under `outputs/.cache/`, keyed by the
content hash of everything the result depends on (`compute.fingerprint`): a stale result is never
served; file times play no part. `read_result(path)` reads the one a run stored for its chapters.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from wlzmonitor.compute.fingerprint import year_fingerprint
from wlzmonitor.compute.year_result import YearResult, load_year_result
from wlzmonitor.spec.config import ReportConfig, load_config


def cache_dir(config: ReportConfig) -> Path:
    return config.output_dir / ".cache"


def result_path(year: int, key: str, directory: Path) -> Path:
    """Where the result of `year` with fingerprint `key` is stored in `directory`."""
    return directory / f"result-{year}-{key[:24]}.pkl"


def read_result(path: Path, year: int) -> YearResult:
    """The result a run stored for its chapters (an error if it is not there or not of `year`)."""
    with Path(path).open("rb") as handle:
        result = pickle.load(handle)
    if not isinstance(result, YearResult) or result.year != year:
        raise ValueError(f"{path}: not the computed result of {year}")
    return result


def cached_year_result(year: int, config: ReportConfig | None = None, directory: Path | None = None) -> YearResult:
    """The `YearResult` of a year, from the cache when its inputs are unchanged.

    `directory` defaults to `outputs/.cache` (the config's output folder).
    """
    config = config or load_config()
    key = year_fingerprint(year, config)
    path = result_path(year, key, directory or cache_dir(config))
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
