"""A run deletes only what a run wrote: the output folder's rules and the marker of owned folders.

    check_output_dir(config)          # ConfigError when output_dir may not be used (before anything is written)
    make_owned(staging)               # a folder this run creates: marked
    remove_owned(path, year)          # deletes `path` only when a run made it; else RunError

:func:`check_output_dir` repeats the rules of :func:`wlzmonitor.spec.config.output_dir_problem`
(inside the repository or an allowed root; not the repository or above it; no input inside it;
not inside an input folder) for configurations built in code, and adds one: no file that git
tracks may lie inside the output folder (``git ls-files``, when the repository is a git
checkout and git is installed).

Every folder a run builds (``outputs/.<year>.partial``, which becomes ``outputs/<year>``) holds a
marker file, :data:`MARKER`. A run removes or replaces a folder only when it holds that marker —
or, for outputs written before markers existed, a ``manifest.json`` of that year — and never
follows a symbolic link: anything else is left alone and the run stops with a message naming it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from wlzmonitor.run.report_plan import MANIFEST, MARKER, RunError, read_output_text
from wlzmonitor.spec.config import ConfigError, ReportConfig, output_dir_problem

__all__ = ["MARKER", "check_output_dir", "is_owned", "make_owned", "remove_owned", "staging_folder",
           "tracked_files_inside"]

#: the file that marks a folder as written by a run (and so replaceable by the next one)
MARKER_TEXT = ("This folder was written by run_all.py (wlz-monitor). The next run of the same year replaces it;\n"
               "a run removes or replaces only folders that hold this file.\n")


def tracked_files_inside(folder: Path, root: Path) -> list[str]:
    """Files git tracks inside `folder` ([] when git or the repository is not there)."""
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return []
    try:
        done = subprocess.run([git, "-C", str(root), "ls-files", "-z", "--", str(folder.resolve())],
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return [name for name in done.stdout.decode("utf-8", errors="replace").split("\0") if name]


def check_output_dir(config: ReportConfig) -> None:
    """ConfigError when a run may not write to and clean `config.output_dir` (see the module docstring)."""
    problem = output_dir_problem(config)
    if problem is None:
        tracked = tracked_files_inside(config.output_dir, config.root)
        if tracked:
            problem = (f"holds {len(tracked)} file(s) tracked by git (e.g. {tracked[0]}): a run replaces folders "
                       "in its output folder; use a folder of its own such as 'outputs'")
    if problem:
        raise ConfigError(f"output_dir {config.output_dir}: {problem}")


def staging_folder(target: Path, year: int) -> Path:
    """Where a run builds the output that replaces `target` (``outputs/.<year>.partial``)."""
    return target.parent / f".{year}.partial"


def make_owned(folder: Path) -> Path:
    """Create `folder` (it must not exist) with the marker in it."""
    folder.mkdir(parents=True)
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return folder


def is_owned(folder: Path, year: int) -> bool:
    """`folder` was written by a run: it holds the marker, or (older outputs) a manifest of `year`."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    if (folder / MARKER).is_file() and not (folder / MARKER).is_symlink():
        return True
    try:
        manifest = json.loads(read_output_text(folder / MANIFEST) or "")  # a pipe: not read (never a wait)
    except ValueError:
        return False
    return isinstance(manifest, dict) and manifest.get("year") == year and isinstance(manifest.get("chapters"), dict)


def remove_owned(path: Path, year: int) -> None:
    """Delete `path` if a run wrote it (or it is an empty folder: nothing is lost); nothing when it does not
    exist; RunError otherwise. What marks it as a run's (its marker, its manifest) goes last, so that a removal
    cut short (SIGKILL, a second Ctrl-C, a CI time limit during the clean-up) leaves a folder the next run
    still removes: before (safety review h107), a staging folder left without its marker stopped every later run
    with "move it away"."""
    if not path.exists() and not path.is_symlink():
        return
    if not path.is_symlink() and path.is_dir() and not any(path.iterdir()):
        path.rmdir()  # (a run killed between creating its folder and writing the marker left it empty)
        return
    if not is_owned(path, year):
        what = "a symbolic link" if path.is_symlink() else "not a folder" if not path.is_dir() else \
            f"a folder without the marker file {MARKER}"
        raise RunError(f"{path} is {what}: it was not written by run_all.py, so the run does not delete or "
                       "replace it. Move it away (or remove it yourself) and run again.")
    for entry in sorted(path.iterdir(), key=lambda p: p.name in (MANIFEST, MARKER)):  # those two last
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        elif entry.name != MARKER:
            entry.unlink()
    (path / MARKER).unlink(missing_ok=True)
    path.rmdir()
