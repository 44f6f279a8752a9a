"""``check-year`` at the start of every run, not repeated while nothing it reads changed.

    run_year_check(2026, config, snapshot, cache)   # errors: YearCheckError; warnings printed

The check reads the year's codebook and layout, the other years' codebooks and layouts, the config
and codeframes, the published figures and the chapter notebooks, parses them and compiles the
codeframes' ~600 patterns: ~0.65 s of the run's own CPU (and pandas imported for it) at every run,
also when only a sentence of prose changed. Its verdict is a function of those files and of the
library, so a check **without errors** is stored in ``outputs/.cache/year-check-<year>.json``
under a key over

- the run's snapshot of its inputs and notebooks (:class:`~wlzmonitor.compute.fingerprint.Snapshot`:
  the SHA-256 of every file's bytes, read once by the run, and the key holding the library's
  source, the Python version and every installed package),
- the repository's folder (the warnings name files by their path),

signed with the user's cache key like every cache file (:mod:`wlzmonitor.compute.signed_files`).
A run with the same key prints the stored warnings, the same text, without checking again. A check
with errors is never stored: the run stops, and the next one checks again. ``python -m wlzmonitor
check-year`` always checks. That the snapshot holds every file the check opens is a test
(``tests/test_year_check_cache.py``: every file opened under the repository while checking is in
the snapshot), so a new check that reads a new file fails it until the snapshot holds that file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from wlzmonitor.compute.fingerprint import Snapshot
from wlzmonitor.compute.signed_files import read_signed, write_signed
from wlzmonitor.spec.config import ReportConfig

__all__ = ["check_key", "run_year_check"]

PURPOSE = "year-check"


def check_key(year: int, config: ReportConfig, snapshot: Snapshot) -> str:
    """The key of a check of `year` over the files as the run read them (`snapshot`)."""
    digest = hashlib.sha256(b"wlzmonitor year-check 1\0")
    digest.update(f"{year}\0{Path(config.root).resolve()}\0{snapshot.key}\0".encode("utf-8"))
    for state in sorted(snapshot.states, key=lambda s: s.name):
        digest.update(state.name.encode("utf-8") + b"\0" + state.digest)
    return digest.hexdigest()


def run_year_check(year: int, config: ReportConfig, snapshot: Snapshot | None = None,
                   cache: Path | None = None) -> None:
    """``check-year`` at the start of a run: errors stop it (YearCheckError, an InputError: exit 2),
    warnings are printed (``python -m wlzmonitor check-year --year <year>`` shows the notes too).
    With `snapshot` and `cache`: a check without errors of the same files is not done again."""
    path = cache / f"year-check-{year}.json" if snapshot is not None and cache is not None else None
    key = check_key(year, config, snapshot) if path else ""
    stored = _stored_warnings(path, key) if path else None
    if stored is not None:
        if stored:
            print(stored, flush=True)
        return
    from wlzmonitor.spec.year_check import (  # pandas: only when checking
        check_year,
        raise_on_errors,
    )

    result = check_year(year, config)
    raise_on_errors(result)
    warnings = result.text(("warning",)) if result.warnings else ""
    if warnings:
        print(warnings, flush=True)
    if path and not snapshot.changed():  # a file saved while checking: the verdict is not of the key's bytes
        payload = {"key": key, "warnings": warnings}
        write_signed(path, PURPOSE, json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _stored_warnings(path: Path, key: str) -> str | None:
    """The warnings text of the stored check with this key ("" for none), None when there is none."""
    payload = read_signed(path, PURPOSE)
    if payload is None:
        return None
    try:
        stored = json.loads(payload.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(stored, dict) or stored.get("key") != key or not isinstance(stored.get("warnings"), str):
        return None
    return stored["warnings"]
