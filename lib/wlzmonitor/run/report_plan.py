"""What a report run must do: which chapters to rerun, and whether the existing output is complete.

    planned = plan(2026)                  # Plan(to_run, fingerprints, data_key, previous)
    if not planned.to_run and is_complete(config.output_for(2026), planned.previous): ...

A chapter's fingerprint is a hash of its notebook and of everything the year's data depends on
(data, codebook, layout, published figures, config, library source); the fingerprints of the
last run are in the output's ``manifest.json``. Also here: what the modules of a run share
(:class:`RunError`, :class:`RunSummary`, :data:`MANIFEST`, :func:`notebook_path`).

This module imports nothing slow (no pandas, nbformat or papermill) at import time. Every run
runs ``check-year`` (:func:`~wlzmonitor.run.year_check_cache.run_year_check`; by the plan, or by
report_build once the prose-only pages are made, ``plan(check=False)``): its errors stop the run
(exit 2) before anything is computed or published, its warnings are printed; with the codebooks it reads (and pandas) it takes
~0.65 s, so a check without errors is kept for the next run of the same files
(:mod:`wlzmonitor.run.year_check_cache`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from wlzmonitor.compute.fingerprint import Snapshot, check_config_in_snapshot, hash_files, input_snapshot
from wlzmonitor.compute.signed_files import MAX_FILE_BYTES, read_regular_file, read_signed, write_signed
from wlzmonitor.run.year_check_cache import run_year_check
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.paths import pdf_name, workbook_name

__all__ = [
    "MANIFEST",
    "MARKER",
    "Plan",
    "RunError",
    "RunSummary",
    "altered_files",
    "chapter_fingerprint",
    "chapter_of",
    "chart_owner",
    "check_config_in_snapshot",
    "is_complete",
    "notebook_path",
    "output_files",
    "plan",
    "read_manifest",
    "seal_manifest",
    "select_chapters",
]

MANIFEST = "manifest.json"
#: the file that marks a folder as a run's own (run.output_guard)
MARKER = ".wlzmonitor-output"


class RunError(InputError):
    """A run that cannot start (unknown chapter, missing notebook); the message says what to do."""


@dataclass
class RunSummary:
    """What a report run did: the chapters it ran, the ones that failed, its checks and a message."""

    year: int
    target: Path
    ok: bool
    chapters_run: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    checks: list[str] = field(default_factory=list)
    message: str = ""


class Plan(NamedTuple):
    """The chapters to run, the fingerprint of every chapter, the data key, the previous manifest and
    the snapshot of the inputs and notebooks the plan read (to check that the run used exactly those)."""

    to_run: list[str]
    fingerprints: dict[str, str]
    data_key: str
    previous: dict
    snapshot: Snapshot | None = None
    #: every chapter and every data output made anew (``--force``), nothing taken over
    force: bool = False
    #: the chapters to run were named by the caller (``--chapter``): they run, none is made from
    #: its last executed notebook (run.prose_update)
    requested: bool = False
    #: the files of the existing output whose bytes are not the ones its manifest records (edited,
    #: added or removed since its run, :func:`altered_files`); None when the manifest records none
    altered: frozenset[str] | None = None
    #: ``check-year`` was run by the plan (False: ``plan(check=False)``, the caller runs it)
    year_checked: bool = True


def notebook_path(config: ReportConfig, stem: str) -> Path:
    """The committed notebook (jupytext py:percent) of chapter `stem`."""
    return config.notebook(stem)


def select_chapters(config: ReportConfig, chapters: list[str] | None) -> list[str]:
    """`chapters` in config order (all chapters when None or empty); RunError naming unknown ones."""
    if not chapters:
        return list(config.chapters)
    unknown = [c for c in chapters if c not in config.chapters]
    if unknown:
        raise RunError(f"unknown chapter(s) {', '.join(unknown)}; chapters in config/report.yml: "
                       f"{', '.join(config.chapters)}")
    return [c for c in config.chapters if c in chapters]


def chapter_fingerprint(config: ReportConfig, year: int, stem: str, data_key: str,
                        snapshot: Snapshot | None = None) -> str:
    """What a chapter's page depends on: the year's inputs and library (data_key) and its notebook
    (as read into `snapshot`, when given)."""
    notebook = [notebook_path(config, stem)]
    return (snapshot.hash_of(notebook) if snapshot else hash_files(notebook, config.root)) + ":" + data_key


def plan(year: int, *, chapters: list[str] | None = None, force: bool = False,
         config: ReportConfig | None = None, check: bool = True) -> Plan:
    """Which chapters must run: (to_run, fingerprint per chapter, data key, previous manifest).

    Without `chapters`, a chapter runs when its fingerprint (its notebook + the year's data,
    codebook, layout, published figures, config and library source) differs from the one in the
    existing output's manifest, or when it did not succeed there. With `chapters`, exactly those run.
    `check`: run ``check-year`` (:func:`run_checks`) on the snapshot; False leaves it to the caller
    (a run makes its prose-only pages first, see report_build), and ``Plan.year_checked`` says so.
    """
    config = config or load_config()
    config.year(year)  # raises ConfigError listing the years with data
    config = config.for_year(year)  # the year's own chapters, where it lists them
    if not config.chapters:  # a report without pages would replace the published one
        raise RunError("config/report.yml has no chapters: a report needs its chapter notebooks under chapters: "
                       "(notebook name: page title); nothing was published")
    # every input and notebook read once: the key is the hash of these bytes, and the run checks
    # before it publishes that none of them was written since (compute.fingerprint.Snapshot); so
    # check-year, which reads them after this, checked the bytes the run uses
    snapshot = input_snapshot(year, config, watch=[notebook_path(config, stem) for stem in config.chapters])
    check_config_in_snapshot(config, snapshot)
    if check:
        run_checks(year, config, snapshot)
    selected = select_chapters(config, chapters)
    for stem in config.chapters:
        if not notebook_path(config, stem).exists():
            raise RunError(f"chapter '{stem}' is in config/report.yml but {notebook_path(config, stem)} does not exist")
    data_key = snapshot.key
    fingerprints = {stem: chapter_fingerprint(config, year, stem, data_key, snapshot) for stem in config.chapters}
    target = config.output_for(year)
    previous = read_manifest(target, sealed=True)
    altered = altered_files(target, previous)
    # a chapter whose page, executed notebook or charts are not the bytes its run wrote runs again:
    # a hand edit in a published page is never carried forward (nor taken for its run's output),
    # also not beside the chapters named with --chapter (they would be taken over as they are and
    # recorded in the new manifest as the run's own bytes)
    edited = set(config.chapters) if altered is None else {chapter_of(rel, list(config.chapters)) for rel in altered}
    if chapters or force:
        if not force and target.is_dir():  # (nothing is taken over from an output that is not there)
            selected = [stem for stem in config.chapters if stem in selected or stem in edited]
        return Plan(selected, fingerprints, data_key, previous, snapshot, force, requested=bool(chapters),
                    altered=altered, year_checked=check)
    done = previous.get("chapters", {})
    to_run = [stem for stem in config.chapters
              if done.get(stem, {}).get("status") != "ok" or done[stem].get("fingerprint") != fingerprints[stem]
              or stem in edited]
    return Plan(to_run, fingerprints, data_key, previous, snapshot, altered=altered, year_checked=check)


def run_checks(year: int, config: ReportConfig, snapshot: Snapshot) -> None:
    """``check-year`` on the files of `snapshot` (its verdict kept in the output's cache folder):
    its errors stop the run (YearCheckError), its warnings are printed."""
    run_year_check(year, config, snapshot, config.output_for(year).parent / ".cache")


def chart_owner(name: str, chapters: list[str]) -> str | None:
    """The chapter whose chart `name` (``<chapter>_<table>…``) is: the longest chapter name it
    starts with ('bijlage_1_respons_tabel.svg' is bijlage_1_respons', not bijlage_1's)."""
    return max((stem for stem in chapters if name.startswith(f"{stem}_")), key=len, default=None)


def chapter_of(rel: str, chapters: list[str]) -> str | None:
    """The chapter whose file `rel` (a path relative to the output folder, with '/') is — its page,
    its executed notebook or one of its charts —; None for every other file."""
    parts = rel.split("/")
    if len(parts) == 1 and rel.endswith(".html") and rel[:-5] in chapters:
        return rel[:-5]
    if len(parts) == 2 and parts[0] == "notebooks" and parts[1].endswith(".ipynb") and parts[1][:-6] in chapters:
        return parts[1][:-6]
    if len(parts) == 2 and parts[0] == "figures":
        return chart_owner(parts[1], chapters)
    return None


def output_files(folder: Path, *, hash_limit: int | None = None) -> dict[str, str]:
    """Every file of an output folder but its manifest and marker: path relative to the folder
    (with '/') -> SHA-256 of its bytes ('-' for what is not a regular file: a symbolic link, a
    pipe; never followed). What the manifest records, so that a later run can tell its files from
    edited ones. `hash_limit`: a file larger than this many bytes is not read ("too large", never a
    SHA-256): a sparse file of 8 GB planted in outputs/2026 was read twice by the next run (49 s instead of
    4; 64 GB: minutes, holding the year's lock), safety review h107."""
    found: dict[str, str] = {}
    for here, dirs, files in os.walk(folder):
        base = Path(here)
        for name in dirs:
            if (base / name).is_symlink():
                found[(base / name).relative_to(folder).as_posix()] = "-"
        for name in files:
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if rel in (MANIFEST, MARKER):
                continue
            if path.is_symlink() or not path.is_file():
                found[rel] = "-"
                continue
            if hash_limit is not None and path.stat().st_size > hash_limit:
                found[rel] = "too large"
                continue
            digest = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
            found[rel] = digest.hexdigest()
    return dict(sorted(found.items()))


def altered_files(target: Path, manifest: dict) -> frozenset[str] | None:
    """The files of the output in `target` that are not as its manifest records them: edited,
    added or removed since the run that wrote it (relative paths). None when the manifest
    records no files (an output of an earlier version, or a manifest edited by hand): nothing of
    it can be checked."""
    recorded = manifest.get("files")
    if not isinstance(recorded, dict) or not all(isinstance(v, str) for v in recorded.values()):
        return None
    # (no output a run writes comes near the limit; a larger file is altered whatever its bytes)
    now = output_files(target, hash_limit=MAX_FILE_BYTES) if target.is_dir() and not target.is_symlink() else {}
    return frozenset(rel for rel in set(recorded) | set(now) if recorded.get(rel) != now.get(rel))


def is_complete(target: Path, manifest: dict, altered: frozenset[str] | None = frozenset({"?"})) -> bool:
    """The existing output has every chapter page, the data outputs, the workbook and the PDF (a
    deleted PDF or workbook was taken for "up to date", review), each with the bytes its manifest
    records (`altered`: :func:`altered_files` when already known; a hand-edited page, table or PDF is
    not "up to date")."""
    chapters = manifest.get("chapters", {})
    year = manifest.get("year")
    files = ["index.html", "tables/index.csv"] + ([pdf_name(year), workbook_name(year)] if isinstance(year, int) else [])
    if altered == frozenset({"?"}):
        altered = altered_files(target, manifest)
    return bool(chapters) and isinstance(year, int) and all((target / f).is_file() for f in files) \
        and all((target / f"{stem}.html").exists() for stem in chapters) and altered == frozenset()


def read_output_text(path: Path) -> str | None:
    """The text of a file of a published output, None when it is missing, no regular file (a named pipe
    planted there would make the run wait for ever, holding the year's lock: review h88), a link, or no UTF-8.
    The output folder may be written by others (a shared or synced drive): nothing read back is trusted."""
    data = read_regular_file(path)
    try:
        return data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None


def _seal_path(target: Path) -> Path:
    return target.parent / ".cache" / f"manifest-{target.name}"


def _sealed_digest(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode("ascii")


def seal_manifest(target: Path, manifest: Path) -> None:
    """Record the SHA-256 of `manifest` (the manifest of the output about to be put in `target`) in a
    cache file signed with this account's key (:mod:`wlzmonitor.compute.signed_files`): what lets the
    next run take the manifest's record of files for its run's own (see :func:`read_manifest`)."""
    data = read_regular_file(manifest)
    if data is not None:
        write_signed(_seal_path(target), "manifest", _sealed_digest(data))


def read_manifest(target: Path, *, sealed: bool = False) -> dict:
    """The manifest of the output in `target` ({} when there is none or it is unreadable). A
    hand-edited one is taken for what it still says: a ``chapters`` entry that is not an object is
    left out (that chapter runs again), ``chapters`` that is not an object counts as none.

    `sealed`: its record of files (what says a page, chart or table is the bytes its run wrote) is kept
    only when the manifest is the one :func:`seal_manifest` recorded; else it is dropped (nothing of the
    output is taken over: every chapter runs) and ``unsealed`` is set. Safety review h107: a page edited by
    hand with its SHA-256 written into manifest.json (``files`` and the chapter's ``page``) was called up to
    date and published again as the run's own."""
    data = read_regular_file(target / MANIFEST)
    try:
        manifest = json.loads(data.decode("utf-8")) if data is not None else {}
    except ValueError:  # (UnicodeDecodeError too)
        return {}
    if not isinstance(manifest, dict):
        return {}
    if sealed and "files" in manifest and read_signed(_seal_path(target), "manifest") != _sealed_digest(data):
        del manifest["files"]
        manifest["unsealed"] = True
    chapters = manifest.get("chapters")
    if "chapters" in manifest:
        manifest["chapters"] = {stem: entry for stem, entry in chapters.items() if isinstance(entry, dict)} \
            if isinstance(chapters, dict) else {}
    return manifest
