"""Ctrl-C and SIGTERM handling of run_all (wlzmonitor.run.interruptions): exact behaviour of the
handlers and of a held step; whole runs stopped by a signal are in test_run_safety_slow.py."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from wlzmonitor.run import interruptions
from wlzmonitor.run.interruptions import Terminated, held


@pytest.fixture
def installed(monkeypatch):
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)  # restored after the test
    monkeypatch.setitem(interruptions._previous_hook, "hook", interruptions._previous_hook["hook"])
    assert interruptions.install()
    yield
    for s, handler in before.items():
        signal.signal(s, handler)
    interruptions._hold["lost"] = None


def test_sigterm_raises_terminated_and_sigint_keyboard_interrupt(installed):
    with pytest.raises(Terminated):
        signal.raise_signal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as caught:
        signal.raise_signal(signal.SIGINT)
    assert not isinstance(caught.value, Terminated)
    assert issubclass(Terminated, KeyboardInterrupt)  # cleaned up after like Ctrl-C


def test_a_held_step_is_finished_before_the_signal_is_raised(installed):
    done = []
    with pytest.raises(Terminated):
        with held():
            signal.raise_signal(signal.SIGTERM)
            done.append("first rename")
            signal.raise_signal(signal.SIGINT)  # the first signal counts
            done.append("second rename")
    assert done == ["first rename", "second rename"]
    with held():  # nothing left pending
        pass


def test_nested_held_steps_raise_at_the_outermost_end(installed):
    done = []
    with pytest.raises(KeyboardInterrupt):
        with held():
            with held():
                signal.raise_signal(signal.SIGINT)
            done.append("after the inner step")
    assert done == ["after the inner step"]


def test_a_failing_held_step_keeps_its_own_error_and_drops_the_signal(installed):
    with pytest.raises(OSError, match="disk full"):
        with held():
            signal.raise_signal(signal.SIGTERM)
            raise OSError("disk full")
    with held():  # the dropped signal does not come back later
        pass


def test_without_install_held_changes_nothing():
    assert signal.getsignal(signal.SIGINT) is not interruptions._raise_or_hold
    with held():
        pass
    with pytest.raises(KeyboardInterrupt):
        with held():
            raise KeyboardInterrupt


def test_install_only_from_the_main_thread():
    import threading

    answer = []
    thread = threading.Thread(target=lambda: answer.append(interruptions.install()))
    thread.start()
    thread.join()
    assert answer == [False]


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="fork")
def test_a_forked_helper_gets_the_default_sigterm_back(installed):
    """The printer and deny-list children are forked: they must die on SIGTERM, not raise in their work."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.write(write, b"default" if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL else b"inherited")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 20)
    os.close(read)
    os.waitpid(pid, 0)
    assert answer == b"default"
    assert signal.getsignal(signal.SIGTERM) is interruptions._raise_or_hold  # this process keeps it


def test_a_signal_during_the_swap_of_the_output_is_raised_once_the_old_one_is_gone(installed, tmp_path, monkeypatch):
    """Review: SIGTERM between the two renames was raised right after them, before the old output
    was removed: outputs/.2026.old stayed beside the new output."""
    from pathlib import Path

    from wlzmonitor.run import report_build
    from wlzmonitor.run.output_guard import make_owned

    target, staging = tmp_path / "2026", tmp_path / ".2026.partial"
    for folder, text in ((target, "old"), (staging, "new")):
        make_owned(folder)
        (folder / "page.html").write_text(text, encoding="utf-8")
    real = Path.rename

    def rename_then_signal(self, to):
        result = real(self, to)
        signal.raise_signal(signal.SIGTERM)
        return result

    monkeypatch.setattr(Path, "rename", rename_then_signal)
    with pytest.raises(Terminated):
        report_build._replace(staging, target, 2026)
    monkeypatch.setattr(Path, "rename", real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026"]
    assert (target / "page.html").read_text(encoding="utf-8") == "new"


def test_a_signal_raised_in_a_finalizer_is_kept_and_raised_before_the_next_held_step(installed):
    """A signal that comes while the main thread runs a finalizer (an object freed, a weak reference's
    callback) is raised there, where Python can only print it as "ignored" and go on: seen once in CI, a
    run sent SIGINT printed a KeyboardInterrupt traceback and published with exit code 0. It is kept
    (not printed) and raised before the next held step (publishing) starts; once."""
    import gc

    class Freed:
        def __del__(self):
            signal.raise_signal(signal.SIGTERM)

    printed = []
    interruptions._previous_hook["hook"] = printed.append  # what the hook would print otherwise
    Freed()
    gc.collect()
    done = []
    with pytest.raises(Terminated):
        with held():
            done.append("published")
    assert done == [] and printed == []
    with held():  # raised once
        done.append("published")
    assert done == ["published"]


def test_other_exceptions_in_finalizers_are_reported_as_before(installed):
    class Broken:
        def __del__(self):
            raise ValueError("a bug in a finalizer")

    printed = []
    interruptions._previous_hook["hook"] = printed.append
    Broken()
    assert [type(u.exc_value) for u in printed] == [ValueError]
    with held():
        pass


def test_a_signal_kept_from_a_finalizer_is_not_raised_without_install():
    """Library use (a notebook calls build_report): the handlers are the caller's, nothing is kept."""
    interruptions._hold["lost"] = KeyboardInterrupt()
    try:
        with held():
            pass
    finally:
        interruptions._hold["lost"] = None
