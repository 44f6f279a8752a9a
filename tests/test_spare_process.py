"""The run's spare process: the year result's significance tests computed beside the tables, with
the same result as computed in the run itself, whatever goes wrong with the spare process."""

from __future__ import annotations

import concurrent.futures
import os
import pickle
import time

import pytest

from wlzmonitor.compute import year_result
from wlzmonitor.compute.significance import all_tests
from wlzmonitor.run.spare_process import spare_process
from wlzmonitor.spec.layout import layout_for_year

SETTINGS = dict(alpha=0.05, resamples=2000, seed=2026)


def _gone(pid: int, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_the_spare_process_computes_the_tests_a_run_computes_itself(survey_2026):
    layout = layout_for_year(2026)
    here = all_tests(layout, survey_2026, **SETTINGS)
    assert any(r.test == "chi2-permutatie" for r in here.values())  # the permutation tests are among them
    with spare_process(needed=True) as executor:
        assert executor is not None
        there = year_result.started(executor, all_tests, layout, survey_2026, **SETTINGS)()
        worker = executor.submit(os.getpid).result()
    assert worker != os.getpid()
    assert pickle.dumps(there) == pickle.dumps(here)  # every p-value and flag, byte for byte
    assert _gone(worker), "the spare process outlived the block that started it"


def test_no_spare_process_when_the_result_is_not_computed():
    with spare_process(needed=False) as executor:
        assert executor is None


class _Counted:
    def __init__(self, fail: bool = False) -> None:
        self.calls, self.fail = 0, fail

    def __call__(self, value: int) -> int:
        self.calls += 1
        if self.fail:
            raise ValueError(f"no answers to test for {value}")
        return value * 2


def test_without_a_spare_process_the_work_is_done_here_when_asked_for():
    work = _Counted()
    result = year_result.started(None, work, 21)
    assert work.calls == 0  # not before it is asked for: the same order of work as without
    assert result() == 42 and work.calls == 1


def test_a_spare_process_that_takes_no_work_leaves_it_here():
    executor = concurrent.futures.ThreadPoolExecutor(1)
    executor.shutdown()
    work = _Counted()
    assert year_result.started(executor, work, 21)() == 42
    assert work.calls == 1


class _Broken(concurrent.futures.Executor):
    """An executor whose process died: every future ends in BrokenProcessPool."""

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        future.set_exception(concurrent.futures.process.BrokenProcessPool("the spare process was killed"))
        return future


def test_a_spare_process_that_dies_leaves_the_work_here():
    work = _Counted()
    assert year_result.started(_Broken(), work, 21)() == 42
    assert work.calls == 1


def test_an_error_of_the_data_is_raised_by_the_runs_own_computation():
    work = _Counted(fail=True)
    with concurrent.futures.ThreadPoolExecutor(1) as executor:
        result = year_result.started(executor, work, 7)
        with pytest.raises(ValueError, match="no answers to test for 7"):
            result()
    assert work.calls == 2  # failed there, then computed (and failed) here


class _Recording(concurrent.futures.ThreadPoolExecutor):
    def __init__(self) -> None:
        super().__init__(1)
        self.submitted: list = []

    def submit(self, fn, /, *args, **kwargs):
        self.submitted.append(fn)
        return super().submit(fn, *args, **kwargs)


def test_the_year_result_takes_its_tests_from_the_spare_process(result_2026):
    with _Recording() as executor:
        result = year_result.load_year_result(2026, executor=executor)
    assert executor.submitted == [all_tests]
    assert pickle.dumps(result.tests) == pickle.dumps(result_2026.tests)


_LEAVE_RIGHT_AFTER = """
import sys, time
sys.path[:0] = [{root!r} + "/lib", {root!r}]
import run_all
from wlzmonitor.compute.year_result import started
from wlzmonitor.run.spare_process import spare_process

if __name__ == "__main__":
    with spare_process(needed=True) as executor:
        executor.submit(time.sleep, 0.5).result()  # the spare process has started and worked
        started(executor, time.sleep, {seconds})  # work it is still doing when the run leaves
    run_all.exit_now(0)  # a run leaves through its exit handlers only
"""


@pytest.mark.parametrize("seconds", [0.0, 0.3])
def test_a_run_that_leaves_right_after_its_result_ends(tmp_path, seconds):
    """A run that fails right after its result (a check, the inputs changed) leaves at once through its exit
    handlers: multiprocessing then joins the spare process, which must have been told to stop (CI once waited
    for ever there, when the process was left to stop on its own)."""
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "run.py"
    root = str(Path(__file__).resolve().parents[1])
    script.write_text(_LEAVE_RIGHT_AFTER.format(root=root, seconds=seconds), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_a_run_offers_its_spare_process_to_the_result_it_computes(monkeypatch):
    """The run layer offers the spare process without passing it through the result cache's signature
    (callers and replacements of ``cached_year_result`` keep theirs): ``load_year_result`` takes it."""
    seen = []
    monkeypatch.setattr(year_result, "started", lambda executor, function, *a, **k: seen.append(executor) or (lambda: {}))
    assert year_result.SPARE_EXECUTOR.get() is None
    with spare_process(needed=True) as executor:
        assert year_result.SPARE_EXECUTOR.get() is executor is not None
        assert year_result.load_year_result(2026).tests == {}  # the stub's (no tests)
    assert year_result.SPARE_EXECUTOR.get() is None
    assert seen == [executor]
