"""tasks.py, the one-command entry points: `report` without --year builds the newest year with data."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from wlzmonitor.spec.config import load_config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tasks(monkeypatch):
    spec = importlib.util.spec_from_file_location("tasks_under_test", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "ensure_environment", lambda: Path(sys.executable))
    return module


def _runs(monkeypatch, tasks) -> list[list[str]]:
    calls: list[list[str]] = []

    def run(args, **kw):
        calls.append([str(a) for a in args])
        return subprocess.CompletedProcess(args, 0)
    monkeypatch.setattr(tasks.subprocess, "run", run)
    return calls


def test_report_without_year_builds_the_newest_year_with_data(tasks, monkeypatch, capsys):
    """It built 2026 whatever data/ held: next year's analyst got last year's report."""
    monkeypatch.setattr(tasks, "newest_year", lambda python: "2027")
    calls = _runs(monkeypatch, tasks)
    assert tasks.main(["report", "--force"]) == 0
    assert calls == [[sys.executable, str(ROOT / "run_all.py"), "--year", "2027", "--force"]]
    assert "no --year given: building 2027" in capsys.readouterr().out


@pytest.mark.parametrize("given", [["--year", "2025"], ["--year=2025"]])
def test_report_with_a_year_builds_that_year(tasks, monkeypatch, given):
    monkeypatch.setattr(tasks, "newest_year", lambda python: pytest.fail("no year is looked up"))
    calls = _runs(monkeypatch, tasks)
    assert tasks.main(["report", *given]) == 0
    assert calls == [[sys.executable, str(ROOT / "run_all.py"), *given]]


def test_report_without_a_year_the_configuration_cannot_name_leaves_it_to_run_all(tasks, monkeypatch):
    monkeypatch.setattr(tasks, "newest_year", lambda python: None)
    calls = _runs(monkeypatch, tasks)
    tasks.main(["report"])
    assert calls == [[sys.executable, str(ROOT / "run_all.py")]]  # run_all: "--year is required"


def test_the_newest_year_is_read_from_the_configuration(tasks):
    config = load_config()
    expected = max(y for y, sources in config.years.items() if sources.export.exists())
    assert tasks.newest_year(sys.executable) == str(expected)


@pytest.mark.parametrize("script", ["echo 'Traceback: ConfigError' >&2; exit 1", "echo 'no year'"])
def test_a_configuration_that_names_no_year_gives_none(tasks, tmp_path, script):
    fake = tmp_path / "python"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    assert tasks.newest_year(str(fake)) is None


def test_the_library_is_compiled_to_bytecode_and_a_stale_module_again(tasks, tmp_path):
    """compile_library: the set-up leaves bytecode for every library module (with
    PYTHONDONTWRITEBYTECODE set, Python would compile the library at every run) and brings an edited
    module's up to date; Python uses it, and still the source when it is newer."""
    import importlib.util as util
    import os

    module = tmp_path / "lib" / "pkg" / "mod.py"
    module.parent.mkdir(parents=True)
    (module.parent / "__init__.py").write_text("")
    module.write_text("VALUE = 1\n")
    tasks.compile_library(sys.executable, tmp_path)
    cached = Path(util.cache_from_source(str(module)))
    assert cached.is_file() and Path(util.cache_from_source(str(module.parent / "__init__.py"))).is_file()
    first = cached.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "lib"), "PYTHONDONTWRITEBYTECODE": "1"}

    def value() -> str:
        shown = subprocess.run([sys.executable, "-c", "import pkg.mod; print(pkg.mod.VALUE)"], env=env,
                               capture_output=True, text=True, check=True)
        return shown.stdout.strip()
    # edited at once, to the same size and with the same time (a script, a checkout): the new source counts
    stamp = module.stat().st_mtime_ns
    module.write_text("VALUE = 2\n")
    os.utime(module, ns=(stamp, stamp))
    assert value() == "2"
    module.write_text("VALUE = 22\n")
    os.utime(module, ns=(cached.stat().st_mtime_ns + 2_000_000_000,) * 2)  # edited after it was compiled
    assert value() == "22"
    tasks.compile_library(sys.executable, tmp_path)
    assert cached.read_bytes() != first
    assert value() == "22"


def test_compiling_a_library_that_cannot_be_written_or_has_a_broken_module_does_not_stop(tasks, tmp_path):
    """A module with a syntax error (the run then says where) or a folder without write access: the
    set-up goes on, quietly."""
    import os

    broken = tmp_path / "lib" / "pkg" / "broken.py"
    broken.parent.mkdir(parents=True)
    broken.write_text("def (:\n")
    (broken.parent / "good.py").write_text("VALUE = 1\n")
    tasks.compile_library(sys.executable, tmp_path)
    assert Path(importlib.util.cache_from_source(str(broken.parent / "good.py"))).is_file()
    assert not Path(importlib.util.cache_from_source(str(broken))).exists()
    if os.geteuid() != 0:  # root writes anyway
        broken.parent.chmod(0o500)
        try:
            tasks.compile_library(sys.executable, tmp_path)
        finally:
            broken.parent.chmod(0o700)
    tasks.compile_library(sys.executable, tmp_path / "no such folder")


def _system(monkeypatch, tasks, missing: set[str], *, root: bool) -> list[list[str]]:
    """tasks.py's view of the system: `missing` packages not installed (before and after apt-get)."""
    monkeypatch.setattr(tasks, "_installed", lambda name, path: name not in missing)
    monkeypatch.setattr(tasks.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(tasks.os, "geteuid", lambda: 0 if root else 1000)
    return _runs(monkeypatch, tasks)


def test_the_test_setup_installs_harfbuzz_subsetting_with_the_browser(tasks, monkeypatch, capsys):
    """The PDF's fonts were subset by fontTools (WeasyPrint's deprecated fallback): ~0.4 s of CPU per chapter."""
    calls = _system(monkeypatch, tasks, {"chromium", "libharfbuzz-subset0"}, root=True)
    tasks.ensure_system_packages()
    installs = [c for c in calls if c[:2] == ["apt-get", "install"]]
    assert installs == [["apt-get", "install", "-y", "-q", "chromium", "libharfbuzz-subset0"]]


def test_without_harfbuzz_subsetting_a_note_not_a_failure_warning(tasks, monkeypatch, capsys):
    calls = _system(monkeypatch, tasks, {"libharfbuzz-subset0"}, root=False)
    tasks.ensure_system_packages()
    err = capsys.readouterr().err
    assert calls == [] and "WARNING" not in err
    assert "note: not installed: libharfbuzz-subset0" in err and "sudo apt-get install -y libharfbuzz-subset0" in err


def test_a_missing_browser_still_warns_that_tests_will_fail(tasks, monkeypatch, capsys):
    _system(monkeypatch, tasks, {"chromium", "libharfbuzz-subset0"}, root=False)
    tasks.ensure_system_packages()
    err = capsys.readouterr().err
    assert "WARNING: not installed: chromium. The browser tests" in err
    assert "note: not installed: libharfbuzz-subset0" in err
