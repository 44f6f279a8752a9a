"""Review h143 of the last commits (check-year's kept context, the repair log, year words in titles, file names in
CLI messages). Each test fails on the code before its fix (checked with lib/ as it was)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _committed_copy(tmp_path: Path) -> Path:
    """A copy of the repository's config, data and notebooks in a git repository of its own, committed."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("no git")
    root = tmp_path / "repo"
    for folder in ("config", "data", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / ".gitignore").write_text("outputs/\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "w"]):
        subprocess.run([git, "-C", str(root), *args], check=True, capture_output=True)
    return root


def _check_year(root: Path, cwd: Path) -> str:
    import os

    proc = subprocess.run([sys.executable, "-m", "wlzmonitor", "check-year", "--year", "2026", "--quiet"], cwd=cwd,
                          capture_output=True, text=True,
                          env={**os.environ, "WLZ_MONITOR_ROOT": str(root), "PYTHONPATH": str(ROOT / "lib")})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return next(line for line in proc.stdout.splitlines() if "changed since the last commit" in line)


@pytest.mark.parametrize("where", ["root", "subfolder", "another folder"])
def test_an_earlier_year_s_edited_file_is_named_as_the_reader_finds_it(tmp_path, where):
    """check-year's warning of an earlier year's file edited since the last commit named it, and told to undo it
    with `git checkout -- data/codebooks/2025.yml`, relative to the repository from wherever it ran: from
    notebooks/ or from another folder (WLZ_MONITOR_ROOT) that names a file there, and git refuses the command
    (every other finding is named in full there since fa0e4d5)."""
    root = _committed_copy(tmp_path)
    codebook = root / "data" / "codebooks" / "2025.yml"
    codebook.write_bytes(codebook.read_bytes() + b"\n# edited\n")
    cwd = {"root": root, "subfolder": root / "notebooks", "another folder": tmp_path / "elders"}[where]
    cwd.mkdir(exist_ok=True)
    line = _check_year(root, cwd)
    if where == "root":  # as before
        assert line.startswith("  WARNING: [files] data/codebooks/2025.yml: changed since the last commit"), line
        assert "(git checkout -- data/codebooks/2025.yml)" in line and "in data/codebooks/2026.yml;" in line, line
        command = ["git", "checkout", "--", "data/codebooks/2025.yml"]
    else:
        assert line.startswith(f"  WARNING: [files] {codebook}: changed since the last commit"), line
        assert f"in {root / 'data' / 'codebooks' / '2026.yml'};" in line, line
        assert f"(git -C {root} checkout -- data/codebooks/2025.yml)" in line, line
        command = ["git", "-C", str(root), "checkout", "--", "data/codebooks/2025.yml"]
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)  # the advice, where the reader stands, works
    assert b"# edited" not in codebook.read_bytes()
