"""One-command entry points that set up what they need first.

    python tasks.py report [--year 2026]   # create .venv if needed, install pins, build the report
    python tasks.py test                   # create .venv if needed, install pins, run the test suite

Only the Python standard library is used here, so this works on a fresh machine with
Python 3.11 and pip. The virtual environment lives in `.venv/`; it is (re)installed when
requirements.txt or pyproject.toml change (a hash of both is stored in `.venv/.installed`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
INPUTS = ("requirements.txt", "pyproject.toml")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def inputs_hash() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> Path:
    python = venv_python()
    if not python.exists():
        print("[tasks] creating virtual environment in .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = inputs_hash()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        print("[tasks] installing pinned requirements (first run takes a minute)", flush=True)
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run(pip + ["-r", str(ROOT / "requirements.txt")], check=True)
        subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
        STAMP.write_text(wanted + "\n")
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"report", "test", "setup"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = str(ensure_environment())
    if command == "setup":
        return 0
    if command == "report":
        if "--year" not in rest:
            rest = ["--year", "2026", *rest]
        return subprocess.run([python, str(ROOT / "run_all.py"), *rest], cwd=ROOT).returncode
    return subprocess.run([python, "-m", "pytest", *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
