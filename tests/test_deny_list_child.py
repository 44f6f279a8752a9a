"""The run reads the deny list in a forked child while it works on (run/privacy_gate.start_deny_list):
the same deny list as reading it in the run's own process, and the run's own reading when the
child fails."""

from __future__ import annotations

import os

from wlzmonitor.run import privacy_gate
from wlzmonitor.spec.config import load_config


def test_the_child_gives_the_deny_list_the_process_would_read():
    config = load_config()
    assert privacy_gate.start_deny_list(2026, config)() == privacy_gate.run_deny_list(2026, config)


def test_a_failing_child_falls_back_to_reading_here(monkeypatch):
    parent = os.getpid()
    real = privacy_gate.run_deny_list
    calls = []

    def only_here(year, config):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        calls.append(year)
        return real(year, config)

    monkeypatch.setattr(privacy_gate, "run_deny_list", only_here)
    config = load_config()
    assert privacy_gate.start_deny_list(2026, config)() == real(2026, config)
    assert calls == [2026]
