"""The benchmark script's own measuring (its figures are printed, never asserted: these check that
what it prints is what it says)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "benchmarks" / "bench_report.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_report", module)  # its dataclasses look their module up
    spec.loader.exec_module(sys.modules["bench_report"])
    return sys.modules["bench_report"]


BUSY = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4: pass\n"


def test_a_step_counts_the_cpu_of_its_process_and_of_the_children_it_waited_for(tmp_path):
    bench = _bench()
    env = dict(os.environ)
    alone = bench.run([sys.executable, "-c", BUSY], env=env, cwd=tmp_path)
    assert alone.returncode == 0
    assert alone.cpu_seconds >= 0.4
    # a child process that the step's process waits for (as run_all waits for its workers and children)
    nested = bench.run([sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BUSY!r}])"],
                       env=env, cwd=tmp_path)
    assert nested.cpu_seconds >= 0.4
    asleep = bench.run([sys.executable, "-c", "import time; time.sleep(0.5)"], env=env, cwd=tmp_path)
    assert asleep.seconds >= 0.5
    assert asleep.cpu_seconds < 0.4


def test_the_cpu_line_gives_the_median_and_the_wall_time_no_order_of_the_work_beats():
    line = _bench().cpu_line([9.0, 8.0, 10.0], 2)
    assert "CPU of every process: 9.00 s (9.00, 8.00, 10.00)" in line
    assert "on 2 CPU(s) no order of that work ends before 4.50 s" in line
