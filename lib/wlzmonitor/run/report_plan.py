"""What a report run must do: which chapters to rerun, and whether the existing output is complete.

    planned = plan(2026)                  # Plan(to_run, fingerprints, data_key, previous)
    if not planned.to_run and is_complete(config.output_for(2026), planned.previous): ...

A chapter's fingerprint is a hash of its notebook and of everything the year's data depends on
(data, codebook, layout, published figures, config, library source); the fingerprints of the
last run are in the output's ``manifest.json``. Also here: what the modules of a run share
(:class:`RunError`, :class:`RunSummary`, :data:`MANIFEST`, :func:`notebook_path`).

This module imports nothing slow (no pandas, nbformat or papermill) at import time. Every run
starts with ``check-year`` (:func:`~wlzmonitor.run.year_check_cache.run_year_check`): its errors
stop the run (exit 2), its warnings are printed; with the codebooks it reads (and pandas) it takes
~0.65 s, so a check without errors is kept for the next run of the same files
(:mod:`wlzmonitor.run.year_check_cache`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from wlzmonitor.compute.fingerprint import Snapshot, hash_files, input_snapshot
from wlzmonitor.run.year_check_cache import run_year_check
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.paths import pdf_name, workbook_name

__all__ = [
    "MANIFEST",
    "Plan",
    "RunError",
    "RunSummary",
    "chapter_fingerprint",
    "is_complete",
    "notebook_path",
    "plan",
    "read_manifest",
    "select_chapters",
]

MANIFEST = "manifest.json"


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
         config: ReportConfig | None = None) -> Plan:
    """Which chapters must run: (to_run, fingerprint per chapter, data key, previous manifest).

    Without `chapters`, a chapter runs when its fingerprint (its notebook + the year's data,
    codebook, layout, published figures, config and library source) differs from the one in the
    existing output's manifest, or when it did not succeed there. With `chapters`, exactly those run.
    """
    config = config or load_config()
    config.year(year)  # raises ConfigError listing the years with data
    if not config.chapters:  # a report without pages would replace the published one
        raise RunError("config/report.yml has no chapters: a report needs its chapter notebooks under chapters: "
                       "(notebook name: page title); nothing was published")
    # every input and notebook read once: the key is the hash of these bytes, and the run checks
    # before it publishes that none of them was written since (compute.fingerprint.Snapshot); so
    # check-year, which reads them after this, checked the bytes the run uses
    snapshot = input_snapshot(year, config, watch=[notebook_path(config, stem) for stem in config.chapters])
    run_year_check(year, config, snapshot, config.output_for(year).parent / ".cache")
    selected = select_chapters(config, chapters)
    for stem in config.chapters:
        if not notebook_path(config, stem).exists():
            raise RunError(f"chapter '{stem}' is in config/report.yml but {notebook_path(config, stem)} does not exist")
    data_key = snapshot.key
    fingerprints = {stem: chapter_fingerprint(config, year, stem, data_key, snapshot) for stem in config.chapters}
    previous = read_manifest(config.output_for(year))
    if chapters or force:
        return Plan(selected, fingerprints, data_key, previous, snapshot, force, requested=bool(chapters))
    done = previous.get("chapters", {})
    to_run = [stem for stem in config.chapters
              if done.get(stem, {}).get("status") != "ok" or done[stem].get("fingerprint") != fingerprints[stem]]
    return Plan(to_run, fingerprints, data_key, previous, snapshot)


def is_complete(target: Path, manifest: dict) -> bool:
    """The existing output has every chapter page, the data outputs, the workbook and the PDF (a
    deleted PDF or workbook was taken for "up to date", review)."""
    chapters = manifest.get("chapters", {})
    year = manifest.get("year")
    files = ["index.html", "tables/index.csv"] + ([pdf_name(year), workbook_name(year)] if isinstance(year, int) else [])
    return bool(chapters) and isinstance(year, int) and all((target / f).is_file() for f in files) \
        and all((target / f"{stem}.html").exists() for stem in chapters)


def read_manifest(target: Path) -> dict:
    """The manifest of the output in `target` ({} when there is none or it is unreadable). A
    hand-edited one is taken for what it still says: a ``chapters`` entry that is not an object is
    left out (that chapter runs again), ``chapters`` that is not an object counts as none."""
    path = target / MANIFEST
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return {}
    if not isinstance(manifest, dict):
        return {}
    chapters = manifest.get("chapters")
    if "chapters" in manifest:
        manifest["chapters"] = {stem: entry for stem, entry in chapters.items() if isinstance(entry, dict)} \
            if isinstance(chapters, dict) else {}
    return manifest
