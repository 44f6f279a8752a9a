"""A spare process for the year result: the significance tests computed beside the tables.

    with spare_process(needed=True):   # offered to load_year_result (year_result.SPARE_EXECUTOR)
        result = cached_year_result(year, config)

A cold run computes the year's result in one process while the other CPU mostly waits (the chapter
kernels have started and wait for it). A spawned process computes the significance tests (the
permutation tests, the longest step) while the run reads the earlier years and computes the tables
(:func:`wlzmonitor.compute.year_result.started`): a cold run ~1.7 s shorter (23.8 -> 22.1 s, three
pairs). It is started before the result and imports meanwhile; it never outlives the run
(:func:`.process_tree.die_with_parent`). Whatever goes wrong with it, the run computes that work
itself: the same functions of the same data and seed, the same result.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
from collections.abc import Iterator

from wlzmonitor.run.interruptions import children_ignore_ctrl_c
from wlzmonitor.run.process_tree import die_with_parent

__all__ = ["spare_process"]


@contextlib.contextmanager
def spare_process(needed: bool) -> Iterator[concurrent.futures.Executor | None]:
    """One spawned worker process, started now (None when not `needed` or none can be started) and offered
    to :func:`~wlzmonitor.compute.year_result.load_year_result` meanwhile (:data:`SPARE_EXECUTOR`); shut
    down on leaving, waiting for it to end (its work is done, or it finishes what it is doing: a test
    run of a few seconds at most). Not left to end on its own: a run leaves through its exit handlers
    only (``run_all.exit_now``), where multiprocessing joins its child processes while the executor's
    thread that would tell the worker to stop may never run again: the run waited for ever (found by
    CI in a run whose result failed)."""
    if not needed:  # (the computing stages and pandas are not imported for a run that reads its result)
        yield None
        return
    from wlzmonitor.compute.year_result import SPARE_EXECUTOR

    try:
        pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                      initializer=_get_ready, initargs=(os.getpid(),))
        with children_ignore_ctrl_c():  # started now: it imports while this process reads the survey
            pool.submit(os.getpid)
    except Exception:  # noqa: BLE001 - no process to spare: the result is computed here alone
        pool = None
    offered = SPARE_EXECUTOR.set(pool)
    try:
        yield pool
    finally:
        SPARE_EXECUTOR.reset(offered)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _get_ready(parent: int) -> None:
    """A spare process's start: it dies with the run, and imports what the tests use."""
    die_with_parent(parent)
    with contextlib.suppress(Exception):  # an import that fails here fails again where it is used
        import wlzmonitor.compute.significance  # noqa: F401
        import scipy.stats  # noqa: F401
