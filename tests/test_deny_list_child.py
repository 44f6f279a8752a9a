"""The run reads the deny list in a forked child while it works on (run/privacy_gate.start_deny_list):
the same deny list as reading it in the run's own process, and the run's own reading when the
child fails."""

from __future__ import annotations

import pytest

import os
import time

from wlzmonitor.run import privacy_gate
from wlzmonitor.spec.config import load_config


def test_the_child_gives_the_deny_list_the_process_would_read():
    config = load_config()
    assert privacy_gate.start_deny_list(2026, config)() == privacy_gate.run_deny_list(2026, config)


PARENT = os.getpid()
REAL = privacy_gate.run_deny_list


def fails_in_the_child(year, config):  # module level: the child must unpickle it
    if os.getpid() != PARENT:
        raise RuntimeError("the child fails")
    return REAL(year, config)


def hangs_in_the_child(year, config):
    if os.getpid() != PARENT:
        time.sleep(3600)
    return REAL(year, config)


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_a_failing_child_falls_back_to_reading_here(monkeypatch):
    monkeypatch.setattr(privacy_gate, "run_deny_list", fails_in_the_child)
    config = load_config()
    assert privacy_gate.start_deny_list(2026, config)() == REAL(2026, config)


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_with_other_threads_running_nothing_is_forked(monkeypatch):
    import multiprocessing
    import threading

    forked = []
    monkeypatch.setattr(multiprocessing, "get_context", lambda *a, **k: forked.append(a) or 1 / 0)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        config = load_config()
        assert privacy_gate.start_deny_list(2026, config)() == privacy_gate.run_deny_list(2026, config)
    finally:
        stop.set()
        thread.join()
    assert forked == []


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_a_hanging_child_is_killed_and_the_deny_list_read_here(monkeypatch):
    monkeypatch.setattr(privacy_gate, "run_deny_list", hangs_in_the_child)
    monkeypatch.setattr(privacy_gate, "DENY_LIST_WAIT", 1.0)
    config = load_config()
    started = time.perf_counter()
    assert privacy_gate.start_deny_list(2026, config)() == REAL(2026, config)
    assert 1.0 <= time.perf_counter() - started < 30  # waited for the child, then read here
