"""One-command entry points that set up what they need first.

    python tasks.py report [--year 2026]   # create .venv if needed, install pins, build the report
                                           # (without --year: the newest year with survey data)
    python tasks.py test                   # create .venv if needed, install pins, run the test suite
    python tasks.py lab                    # ... and JupyterLab: chapter .py files open as notebooks

Only the Python standard library is used here, so this works on a fresh machine with
Python 3.11 and pip. `test` also needs Debian's Chromium for the browser tests
(tests/test_browser.py) and Pango for the PDF (WeasyPrint): when they are missing and this runs as
root with apt-get, it installs them; otherwise it says loudly what to install (the browser tests
then fail, they are never skipped); it also installs HarfBuzz's font subsetter
(libharfbuzz-subset0), without which the PDF prints more slowly (a note, not a failure). The
virtual environment lives in `.venv/`; it is (re)installed when requirements.txt or pyproject.toml
change (a hash of both is stored in `.venv/.installed`).
Every command also brings the library's bytecode up to date (`compile_library`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
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
    compile_library(python, ROOT)
    return python


def compile_library(python: Path | str, root: Path) -> None:
    """Compile the library's modules (`lib/`) to bytecode where it is missing or older than the source.

    pip does this for the installed packages, not for the project's own library, which is installed
    in place (`pip install -e`). Python writes the bytecode at a module's first import, unless
    PYTHONDONTWRITEBYTECODE is set (as in some containers and CI images): then every run compiles
    the library from source again, ~0.15 s of CPU before a run can start its work (a prose edit's
    whole run takes ~2 s). Quiet, and harmless where `lib/` cannot be written (the runs then compile
    in memory, as before). `python`: the environment's, whose bytecode version it writes.

    The bytecode records its source's hash, which Python checks at every import (`checked-hash`):
    a module edited within the second it was compiled, to the same size, would otherwise keep its
    old bytecode (the default records the source's time in whole seconds and its size)."""
    subprocess.run([str(python), "-m", "compileall", "-qq", "--invalidation-mode", "checked-hash",
                    str(root / "lib")], check=False)


#: Debian packages the test suite needs beyond Python: the browser the browser tests drive
#: (Playwright never downloads one here) and the text layout library WeasyPrint prints with
SYSTEM_PACKAGES = {"chromium": "/usr/bin/chromium", "libpango-1.0-0": None, "libpangoft2-1.0-0": None}
#: Debian packages that make the PDF faster, not possible: HarfBuzz's font subsetter, which WeasyPrint
#: uses when it finds it (else fontTools, in Python: a chapter's part ~0.4 s of CPU more, a cold
#: report's PDF ~5 s more; WeasyPrint calls that fallback deprecated). The PDF's bytes depend on which
#: one made the font subsets, as they depend on the system's fonts: deterministic on one machine.
SPEED_PACKAGES = {"libharfbuzz-subset0": None}


def _installed(package: str, path: str | None) -> bool:
    if path is not None:
        return Path(path).exists()
    if shutil.which("dpkg-query") is None:
        return True  # not Debian: nothing to check here
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return "install ok installed" in done.stdout


def ensure_system_packages() -> None:
    """Install the missing SYSTEM_PACKAGES with apt-get when possible; else say what is missing."""
    wanted = {**SYSTEM_PACKAGES, **SPEED_PACKAGES}
    missing = [name for name, path in wanted.items() if not _installed(name, path)]
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(f"[tasks] installing {' '.join(missing)} (apt-get) for the browser tests and the PDF", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], env=env, check=False)
        missing = [name for name, path in wanted.items() if not _installed(name, path)]
    needed = [name for name in missing if name in SYSTEM_PACKAGES]
    if needed:
        print(f"[tasks] WARNING: not installed: {' '.join(needed)}. The browser tests (Chromium) and the PDF "
              f"(Pango) will FAIL. Install them: sudo apt-get install -y {' '.join(needed)}", file=sys.stderr,
              flush=True)
    if missing != needed:
        faster = " ".join(name for name in missing if name not in SYSTEM_PACKAGES)
        print(f"[tasks] note: not installed: {faster}; the PDF prints more slowly without it (fontTools subsets "
              f"its fonts instead of HarfBuzz). Install it: sudo apt-get install -y {faster}", file=sys.stderr,
              flush=True)


def lab(python: str, rest: list[str]) -> int:
    """JupyterLab from the repository root with the repository's settings (.jupyter/, jupytext.toml)."""
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    stamp = VENV / ".installed-lab"
    wanted = hashlib.sha256((ROOT / "requirements-lab.txt").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text().strip() != wanted:
        print("[tasks] installing JupyterLab (requirements-lab.txt)", flush=True)
        subprocess.run(pip + ["-r", str(ROOT / "requirements-lab.txt")], check=True)
        stamp.write_text(wanted + "\n")
    config = os.pathsep.join(p for p in (str(ROOT / ".jupyter"), os.environ.get("JUPYTER_CONFIG_PATH", "")) if p)
    jupyter = str(Path(python).parent / ("jupyter.exe" if os.name == "nt" else "jupyter"))
    # the kernels' openpyxl without lxml (pikepdf installs it), as in a run, also when a notebook
    # imports pandas' Excel reader before wlzmonitor (lib/wlzmonitor/__init__.py)
    env = {**os.environ, "JUPYTER_CONFIG_PATH": config, "OPENPYXL_LXML": "False"}
    return subprocess.run([jupyter, "lab", *rest], cwd=ROOT, env=env).returncode


#: the newest configured year whose export is there (the year a new wave's analyst just added)
_NEWEST_YEAR = ("from wlzmonitor.spec.config import load_config\n"
                "config = load_config()\n"
                "print(max(y for y, sources in config.years.items() if sources.export.exists()))\n")


def newest_year(python: str) -> str | None:
    """The newest year with survey data (config/report.yml, its export in data/), or None when
    the configuration cannot say (run_all then names the problem)."""
    found = subprocess.run([python, "-c", _NEWEST_YEAR], cwd=ROOT, capture_output=True, text=True)
    year = found.stdout.strip()
    return year if found.returncode == 0 and year.isdigit() else None


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"report", "test", "setup", "lab"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = str(ensure_environment())
    if command == "setup":
        return 0
    if command == "lab":
        return lab(python, rest)
    if command == "report":
        if not any(arg == "--year" or arg.startswith("--year=") for arg in rest):
            year = newest_year(python)
            if year is not None:  # else run_all says that --year is needed, and config/report.yml what is wrong
                print(f"tasks.py: no --year given: building {year}, the newest year with survey data in "
                      "config/report.yml", flush=True)
                rest = ["--year", year, *rest]
        return subprocess.run([python, str(ROOT / "run_all.py"), *rest], cwd=ROOT).returncode
    if "not slow" not in " ".join(rest):
        ensure_system_packages()
    return subprocess.run([python, "-m", "pytest", *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
