"""Ctrl-C and SIGTERM on the command line: a run stops where it is, cleans up, and says so.

Without this, SIGTERM (a CI job's time limit, ``kill``, a service manager) ended ``run_all.py`` at
once: no clean-up ran, ``outputs/.<year>.partial`` stayed behind, and Ctrl-C printed a traceback.
:func:`install` (called by ``run_all.py`` only: a library call from a notebook keeps its own
handlers) makes SIGTERM raise :class:`Terminated` and SIGINT :class:`KeyboardInterrupt` in the main
thread, so every ``finally`` and ``except BaseException`` of the run removes what it started, and
``run_all`` prints one line instead of a traceback.

:func:`held` marks a step that must not be cut in two (replacing ``outputs/<year>`` by the new
output: two renames): a signal that arrives meanwhile is raised when the step is done. Processes
forked by the run (the printer child, the deny-list child) get the default SIGTERM back: they die
at once, as before, instead of raising inside their work.

A signal raised while the main thread runs a finalizer (an object freed, a weak reference's
callback, an exit handler) cannot stop the run there: Python prints the exception as "ignored" and
goes on. After :func:`install` such an exception is not printed but kept, and the next :func:`held`
step (publishing) raises it before it starts: the run stops as after any Ctrl-C. Seen once in CI: a
run sent SIGINT printed a KeyboardInterrupt traceback and published with exit code 0.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["Terminated", "children_ignore_ctrl_c", "held", "install"]


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run was (a KeyboardInterrupt: everything that cleans up after
    Ctrl-C cleans up after it)."""


#: how deep in :func:`held` blocks the main thread is, the signal that came meanwhile, and a signal
#: raised where Python could only print it (a finalizer: :func:`_keep_lost_signal`)
_hold: dict = {"depth": 0, "pending": None, "lost": None}


def _raise_or_hold(signum: int, _frame: FrameType | None) -> None:
    error = Terminated() if signum == getattr(signal, "SIGTERM", None) else KeyboardInterrupt()
    if _hold["depth"]:
        _hold["pending"] = _hold["pending"] or error  # the first one counts
        return
    raise error


#: the ``sys.unraisablehook`` :func:`install` found
_previous_hook: dict = {"hook": None}


def _keep_lost_signal(unraisable) -> None:
    """``sys.unraisablehook`` after :func:`install`: a KeyboardInterrupt (or Terminated) raised in a
    finalizer is kept for the next :func:`held` step instead of printed; anything else as before."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _hold["lost"] = _hold["lost"] or unraisable.exc_value
        return
    (_previous_hook["hook"] or sys.__unraisablehook__)(unraisable)


def _default_sigterm_in_child() -> None:
    """(After a fork, in the child.) The default SIGTERM: a forked helper dies at once."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _hold["depth"], _hold["pending"] = 0, None


_installed = {"done": False}


def install() -> bool:
    """SIGINT and SIGTERM raise in the main thread (see the module docstring); False where that is
    not possible (not the main thread; a platform without SIGTERM keeps Ctrl-C only)."""
    if threading.current_thread() is not threading.main_thread():
        return False
    signal.signal(signal.SIGINT, _raise_or_hold)
    _hold["lost"] = None
    if sys.unraisablehook is not _keep_lost_signal:
        _previous_hook["hook"], sys.unraisablehook = sys.unraisablehook, _keep_lost_signal
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _raise_or_hold)
        if hasattr(os, "register_at_fork") and not _installed["done"]:
            os.register_at_fork(after_in_child=_default_sigterm_in_child)
    _installed["done"] = True
    return True


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back while the block runs (when :func:`install` was called), then
    raised: the block is never cut in two by them. When the block itself fails, its error goes on
    (the run stops either way) and the held signal is dropped. A signal lost in a finalizer since
    :func:`install` (see the module docstring) is raised before the block starts."""
    if _hold["lost"] is not None and not _hold["depth"] and signal.getsignal(signal.SIGINT) is _raise_or_hold:
        error, _hold["lost"] = _hold["lost"], None
        raise error
    _hold["depth"] += 1
    try:
        yield
    except BaseException:
        _hold["depth"] -= 1
        if not _hold["depth"]:
            _hold["pending"] = None
        raise
    _hold["depth"] -= 1
    if not _hold["depth"] and _hold["pending"] is not None:
        error, _hold["pending"] = _hold["pending"], None
        raise error


@contextlib.contextmanager
def children_ignore_ctrl_c() -> Iterator[None]:
    """Processes started (spawned) in the block ignore Ctrl-C: their parent, the run, stops them.

    Ctrl-C in a terminal sends SIGINT to every process of the foreground group, the run's spawned
    workers too; one still importing printed "Exception in initializer: Traceback ...
    KeyboardInterrupt" (or a ``spawn_main`` traceback) for each worker above the run's one line
    (safety review h93). A spawned Python keeps SIGINT ignored when it starts with it ignored, and
    that disposition survives ``exec``; so the block (a few milliseconds: the processes started) runs
    with SIGINT ignored, and blocked in this thread: a Ctrl-C meanwhile is raised here when the block
    ends, as after any Ctrl-C -- unless another thread (a native one: OpenBLAS, …) takes it first,
    which then drops it: within those milliseconds a Ctrl-C may need pressing twice.
    A kernel a worker starts handles SIGINT itself while it runs a cell, as always. Outside the
    main thread the block changes nothing."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler if handler is not None else signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
