"""``check-year`` in every run, not repeated while nothing it reads changed.

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
- the repository's folder and the working folder (the findings name files by their path relative
  to it),

signed with the user's cache key like every cache file (:mod:`wlzmonitor.compute.signed_files`).
A run with the same key prints the stored warnings, the same text, without checking again.

An edit of prose changes a notebook, so the whole key changes; but most checks do not read the
notebooks (all but :data:`~wlzmonitor.spec.year_check.NOTEBOOK_CHECKS`, which cannot read them:
they run before the notebooks are read). Their findings are stored with the verdict under a
second key, over the same files **but the chapter notebooks**: a run whose notebooks changed and
nothing else runs the notebook checks only (placeholders, typed numbers, claims, what no page
shows) and takes the others' findings from the store — the same findings, in the same order, as a
full check (a test compares them). The prose check, most of those checks' time, is a function of
the other files and one notebook: its findings are stored per notebook with the SHA-256 of the
notebook's bytes, and only the notebooks whose bytes differ are checked again (a prose edit in one
chapter checks that chapter's prose). What those checks read is loaded once more for them (the
year's and every other year's codebook and layout parsed: ~0.3 s of a prose edit's run): it is kept
too, as loaded and before any check ran, in ``year-check-<year>-context.pickle`` (signed, under the
second key; the codebooks and layouts, never an answer), and unpickled in ~0.01 s while that key
holds. A check with errors is never stored: the run stops, and the
next one checks again. ``python -m wlzmonitor check-year`` always checks. That the snapshot holds
every file the check opens is a test (``tests/test_year_check_cache.py``: every file opened under
the repository while checking is in the snapshot, and no notebook is opened by the other checks),
so a new check that reads a new file fails it until the snapshot holds that file.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from wlzmonitor.compute.fingerprint import Snapshot
from wlzmonitor.compute.signed_files import read_signed, write_signed
from wlzmonitor.spec.config import ReportConfig

__all__ = ["check_key", "run_year_check"]

PURPOSE = "year-check"
#: the purpose of the kept context (:func:`_stored_context`)
CONTEXT_PURPOSE = "year-check context"


def check_key(year: int, config: ReportConfig, snapshot: Snapshot, *, notebooks: bool = True) -> str:
    """The key of a check of `year` over the files as the run read them (`snapshot`); without
    `notebooks`: over all of them but the chapter notebooks (the key of the findings of the checks
    that do not read them)."""
    digest = hashlib.sha256(b"wlzmonitor year-check 3\0" + (b"all" if notebooks else b"files") + b"\0")
    digest.update(f"{year}\0{Path(config.root).resolve()}\0{Path.cwd().resolve()}\0{snapshot.key}\0".encode("utf-8"))
    left_out = [] if notebooks else [config.notebook(stem) for stem in config.chapters]
    for state in snapshot.states_except(left_out):
        digest.update(state.name.encode("utf-8") + b"\0" + state.digest)
    return digest.hexdigest()


def run_year_check(year: int, config: ReportConfig, snapshot: Snapshot | None = None,
                   cache: Path | None = None) -> None:
    """``check-year`` in a run (before its result is computed): errors stop it (YearCheckError, an InputError: exit 2),
    warnings are printed (``python -m wlzmonitor check-year --year <year>`` shows the notes too).
    With `snapshot` and `cache`: a check without errors of the same files is not done again, and
    of the same files but the notebooks only the notebook checks are done."""
    config = config.for_year(year)  # the year's own chapters, where it lists them
    path = cache / f"year-check-{year}.json" if snapshot is not None and cache is not None else None
    key = check_key(year, config, snapshot) if path else ""
    files_key = check_key(year, config, snapshot, notebooks=False) if path else ""
    stored = _stored(path) if path else {}
    if stored.get("key") == key and isinstance(stored.get("warnings"), str):
        if stored["warnings"]:
            print(stored["warnings"], flush=True)
        return
    from wlzmonitor.spec.year_check import (  # pandas: only when checking
        check_year,
        file_findings,
        raise_on_errors,
    )

    known = _findings(stored.get("files")) if stored.get("files_key") == files_key else None
    digests = {stem: snapshot.digest_of(config.notebook(stem)) for stem in config.chapters} if path else {}
    context_path = path.with_name(f"year-check-{year}-context.pickle") if path else None
    context_key = _context_key(files_key, config)
    loaded, fresh = _context(year, config, context_path, context_key)
    result = check_year(year, config, known=known, loaded=loaded,
                        known_prose=_prose_findings(stored.get("prose"), digests) if known is not None else None)
    raise_on_errors(result)
    warnings = result.text(("warning",)) if result.warnings else ""
    if warnings:
        print(warnings, flush=True)
    if path and not snapshot.changed():  # a file saved while checking: the verdict is not of the key's bytes
        files = {name: _rows(found) for name, found in file_findings(result).items()}
        prose = {stem: {"digest": digests.get(stem), "findings": _rows(found)}
                 for stem, found in result.prose_by_notebook.items() if digests.get(stem)}
        payload = {"key": key, "warnings": warnings, "files_key": files_key, "files": files, "prose": prose}
        write_signed(path, PURPOSE, json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        if fresh is not None:
            write_signed(context_path, CONTEXT_PURPOSE, context_key.encode("ascii") + b"\0" + fresh)


def _context_key(files_key: str, config: ReportConfig) -> str:
    """The key of a kept context: the files' (`files_key`) and the run's settings, which the context holds (a run
    with ``--weighted`` or another ``--output-dir`` shares the cache folder, and its checks read its own config)."""
    return hashlib.sha256(f"{files_key}\0{config!r}".encode("utf-8")).hexdigest()


def _context(year: int, config: ReportConfig, path: Path | None, key: str) -> tuple[tuple | None, bytes | None]:
    """What the checks read, as :func:`~wlzmonitor.spec.year_findings.load_context` gives it (the context and
    its findings): kept at `path` under `key` (:func:`_context_key`), else loaded now and pickled as loaded (the checks add to
    the context; what is kept is what a later check starts from). (None, None) without a `path`: the check
    loads it itself."""
    if path is None:
        return None, None
    kept = _stored_context(path, key)
    if kept is not None:
        return kept, None
    from wlzmonitor.spec.year_findings import load_context  # pandas: only when checking

    found: list = []
    loaded = (load_context(year, config, found), found)
    try:
        return loaded, pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a context that does not pickle (review h143): checked, not kept
        return loaded, None


def _stored_context(path: Path, key: str) -> tuple | None:
    """The context kept under `key` (signed by this user's key: unpickled only then), else None."""
    payload = read_signed(path, CONTEXT_PURPOSE)
    prefix = key.encode("ascii") + b"\0"
    if payload is None or not payload.startswith(prefix):
        return None
    try:
        loaded = pickle.loads(payload[len(prefix):])  # noqa: S301 - signed by this user's key, checked above
    except Exception:  # noqa: BLE001 - a library change that no longer unpickles: loaded again
        return None
    return loaded if isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[1], list) else None


def _rows(found) -> list[list[str]]:
    return [[f.level, f.kind, f.where, f.message] for f in found]


def _stored(path: Path) -> dict:
    """The stored check ({} when there is none or it is not one)."""
    payload = read_signed(path, PURPOSE)
    if payload is None:
        return {}
    try:
        stored = json.loads(payload.decode("utf-8"))
    except ValueError:
        return {}
    return stored if isinstance(stored, dict) else {}


def _prose_findings(stored, digests: dict[str, str | None]) -> dict | None:
    """The stored prose findings of the chapters whose notebook has the bytes it had then (by stem)."""
    if not isinstance(stored, dict):
        return None
    same = {stem: entry.get("findings") for stem, entry in stored.items()
            if isinstance(entry, dict) and digests.get(stem) and entry.get("digest") == digests[stem]}
    return _findings(same)


def _findings(stored) -> dict | None:
    """The stored findings of the checks that do not read the notebooks; None when not well formed."""
    from wlzmonitor.spec.year_findings import Finding  # pandas: only when checking

    if not isinstance(stored, dict):
        return None
    out: dict[str, list[Finding]] = {}
    for name, found in stored.items():
        if not isinstance(found, list) or not all(
                isinstance(f, list) and len(f) == 4 and all(isinstance(x, str) for x in f) for f in found):
            return None
        out[name] = [Finding(*f) for f in found]
    return out
