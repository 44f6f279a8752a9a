"""Things a run finds in outputs/ that no run wrote (safety reviews h93 and h96)."""
from __future__ import annotations

from pathlib import Path


def plant_failed(outputs: Path, elsewhere: Path, planted: str, year: int = 2026) -> Path:
    """An ``outputs/.<year>.failed`` no run wrote: a link to `elsewhere` (made here), a folder holding an
    analyst's note, or a file (`planted`: "link", "folder" or "file"); its path."""
    failed = outputs / f".{year}.failed"
    elsewhere.mkdir(exist_ok=True)
    if planted == "link":
        failed.symlink_to(elsewhere)
    elif planted == "folder":
        failed.mkdir()
        (failed / "notitie.txt").write_text("van de analist", encoding="utf-8")
    else:
        failed.write_text("van de analist", encoding="utf-8")
    return failed
