"""The repository root: the one place that finds it. Every other path comes from
`config/report.yml` through :mod:`wlzmonitor.spec.config`, never from the working folder."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """$WLZ_MONITOR_ROOT if set, else the folder that holds `lib/wlzmonitor/`."""
    env = os.environ.get("WLZ_MONITOR_ROOT")
    if env:
        try:
            return Path(env).resolve()
        except (RuntimeError, OSError):  # a link loop: the config's reading names it (review h136: a traceback)
            return Path(env).absolute()
    return Path(__file__).resolve().parents[3]


def pdf_name(year: int) -> str:
    """The report's PDF in ``outputs/<year>/``."""
    return f"wlz_monitor_{year}.pdf"


def workbook_name(year: int) -> str:
    """The report's Excel workbook in ``outputs/<year>/``."""
    return f"wlz_monitor_{year}_tabellen.xlsx"


def shown_path(path: Path | None) -> str:
    """A file as messages name it: relative to the working folder when it lies below it, else in full (also when
    the working folder is gone or a link loops: review h147, new-year and a year without its export ended in a
    traceback from a deleted working folder once they named files with this)."""
    if path is None:
        return "?"
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path)


def repo_relative(text: str, root: Path) -> str:
    """`text` (a message) with every absolute path inside the repository `root` written relative to it, as
    ``config/report.yml`` is named (review h136: check-year 2031 named one file in full, the other relative).
    The root itself becomes ``.``; ``/repo-old/x`` beside ``/repo`` is left alone."""
    import re

    base = str(Path(root).resolve())
    if base not in text:
        return text
    return re.sub(re.escape(base) + r"(?:[/\\](?=[^\s/\\])|(?![\w.~/\\-]))",
                  lambda m: "" if m.group(0) != base else ".", text)


def in_root(root: Path) -> bool:
    """The working folder is the repository `root`: files are named relative to the repository only then (run from
    elsewhere, 'data/codebooks/2026.yml' would name a file of the working folder, not of the repository)."""
    try:
        return Path.cwd().resolve() == Path(root).resolve()
    except (OSError, RuntimeError):
        return False


def named_for_reader(text: str, root: Path | None) -> str:
    """A message as a command prints it: every absolute path inside the repository `root` relative to it when the
    working folder is that root (:func:`repo_relative`), else `text` unchanged (review h141: draft-mapping,
    check-export, demo and extract-published named the files of the repository in full from its root)."""
    return repo_relative(text, root) if root is not None and in_root(root) else text


def rel_to_root(path: Path | str, root: Path) -> str:
    """`path` relative to the repository `root` (``/``-separated) when it lies inside it, else as given."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path)


def log_path(file: str, root: Path | None = None) -> str:
    """``file`` as the written data-quality log and the manifest name it: relative to the repository root
    ``root`` (default :func:`repo_root`; ``/``-separated), or only its name when it is outside the repository.
    (Here, not in the quality log's module, which imports pandas: the run names files before it needs pandas.)"""
    if not file:
        return file
    try:
        return Path(file).resolve().relative_to((root or repo_root()).resolve()).as_posix()
    except (ValueError, OSError):
        return Path(file).name


def export_label(year: int) -> str:
    """How a published output names the export of `year`: a neutral label, never its file name (review h135: an
    export saved as "export_Jan_de_Vries.csv", the name of a contact or of the analyst who downloaded it, reached
    the data-quality log and the manifest; the manifest's SHA-256 identifies the file a run read)."""
    return f"export {year}"


def export_setting(year: int) -> str:
    """Where the export of `year` is configured, as the manifest and the privacy gate's advice name it."""
    return f"'export' under {year} in config/report.yml"
