"""Safety review h93: the run's edges (its environment, concurrent commands, interruptions).

Each test names what was tried and what happened before the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wlzmonitor.compute import cache_key
from wlzmonitor.compute.cache_key import CacheKeyError, cache_key_path

ROOT = Path(__file__).resolve().parents[1]


# -- the signing key's place does not depend on the working folder --------------------------------------
@pytest.mark.parametrize("variables", [
    {"XDG_CACHE_HOME": "relcache"},     # a relative XDG_CACHE_HOME: invalid (XDG spec), ignored
    {"HOME": ""},                       # HOME set but empty: Path.home() was Path("")
    {"HOME": "."},
    {"HOME": "thuis", "XDG_CACHE_HOME": ""},
])
def test_the_key_path_is_the_same_in_every_working_folder(tmp_path, monkeypatch, variables):
    """Review h93: run_all with XDG_CACHE_HOME=relcache made one key in the repository for the run
    (relcache/wlzmonitor/cache-key) and another for the chapter kernels, which work in notebooks/
    (notebooks/relcache/...): every chapter failed with "its signature is not this user's (planted,
    edited or copied)". HOME= (empty) did the same through Path.home()."""
    monkeypatch.delenv("WLZ_MONITOR_CACHE_KEY", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    seen = set()
    for folder in (tmp_path, tmp_path / "notebooks"):
        folder.mkdir(exist_ok=True)
        monkeypatch.chdir(folder)
        path = cache_key_path()
        assert path.is_absolute(), path
        assert not path.resolve().is_relative_to(tmp_path.resolve())
        seen.add(path)
    assert len(seen) == 1


def test_a_relative_key_file_is_an_error_naming_the_variable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", "sleutel/cache-key")
    with pytest.raises(CacheKeyError, match=r"WLZ_MONITOR_CACHE_KEY=sleutel/cache-key: .*absolute path"):
        cache_key.cache_secret()
    assert not (tmp_path / "sleutel").exists()


def test_an_absolute_xdg_cache_home_and_key_file_are_used_as_given(tmp_path, monkeypatch):
    monkeypatch.delenv("WLZ_MONITOR_CACHE_KEY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_key_path() == tmp_path / "xdg" / "wlzmonitor" / "cache-key"
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(tmp_path / "k"))
    assert cache_key_path() == tmp_path / "k"


def _run_all_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_all_under_test_h93", ROOT / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("variables", "expected"), [
    ({"XDG_CACHE_HOME": "relcache"}, {"XDG_CACHE_HOME": None}),
    ({"XDG_CACHE_HOME": "/tmp/xdg-h93"}, {"XDG_CACHE_HOME": "/tmp/xdg-h93"}),
    ({"HOME": ""}, {"HOME": "absolute"}),
    ({"HOME": "thuis"}, {"HOME": "absolute"}),
])
def test_run_all_hands_its_processes_absolute_cache_folders(monkeypatch, variables, expected):
    """Review h93: with XDG_CACHE_HOME=relcache the chapter kernels (working in notebooks/) wrote
    matplotlib's font cache to notebooks/relcache/ in the repository; run_all now settles the
    variables before it starts anything."""
    import os

    from wlzmonitor.run import report_run

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    seen = {}

    def build_report(*args, **kwargs):
        seen.update({name: os.environ.get(name) for name in expected})
        raise KeyboardInterrupt

    monkeypatch.setattr(report_run, "build_report", build_report)
    assert _run_all_module().main(["--year", "2026"]) == 130
    for name, value in expected.items():
        if value == "absolute":
            assert seen[name] and Path(seen[name]).is_absolute(), seen
        else:
            assert seen[name] == value, seen
