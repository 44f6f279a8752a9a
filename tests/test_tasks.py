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
