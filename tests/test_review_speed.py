"""Review of the speed work (w5): cases where a fast path differed from the slow one, a run could
hang, or stale output could be published. Each test failed before its fix."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# -- the deny-list child ------------------------------------------------------------------------------
def test_a_run_that_stops_before_it_asks_for_the_deny_list_does_not_wait_for_the_child():
    """run/report_build._start starts the deny-list child first; when the run then stops (fewer
    respondents than min_respondents, a RunError, Ctrl-C) the deny list is never asked for. The
    process must still exit at once, not wait at exit for the child (for ever when it hangs; and
    the child holds the year's run lock, inherited through the fork, all that time)."""
    script = textwrap.dedent("""
        import time
        from wlzmonitor.run import privacy_gate
        from wlzmonitor.spec.config import load_config

        def hangs(year, config):
            time.sleep(90)  # not for ever: a child left behind by a failing test ends

        privacy_gate.run_deny_list = hangs
        privacy_gate.start_deny_list(2026, load_config())
        raise SystemExit(3)  # the run stops before it asks for the deny list
    """)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        raise AssertionError("the process waited at exit for the hanging deny-list child") from None
    assert done.returncode == 3, done.stderr.decode()
    assert time.perf_counter() - started < 25
