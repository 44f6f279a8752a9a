"""Many chapters at once: worker processes (each with a warm kernel), longest first, progress.

    results = run_chapters(jobs, progress=print_progress)            # fast: warm kernels
    results = run_chapters(jobs, progress=print_progress, warm=False)  # a fresh kernel per chapter
    if not all(r.ok for r in results):
        print(format_failures(results))

- :func:`run_chapters` runs jobs (:class:`~wlzmonitor.run.notebook_run.ChapterJob`) in worker
  *processes*, never threads (papermill's ``cwd=`` changes the directory of the whole process;
  two kernels started from threads raced for it), each worker importing papermill/nbconvert and
  building the HTML exporter once. With ``warm=True`` (default) each worker starts one
  :class:`~wlzmonitor.run.kernel.WarmKernel` as it starts (the kernel imports while the worker
  imports papermill) and runs all its chapters in it. Jobs are handed out longest first
  (:func:`longest_first`): by the durations of the previous run (``timings_file``), else by the
  jobs' ``weight`` (e.g. their number of charts), so the long chapters do not end up last on one
  worker. One failing notebook never stops the others; results come back in job order.
- :class:`ChapterRunner` is the same in steps, so a caller can start the workers and kernels
  first, do its own work (compute the data) while they import, then hand over the jobs
  (``submit``), write other outputs while they run, and collect (``wait``). run_all does.
- :func:`print_progress` prints a line per finished chapter; :func:`format_failures` lists the
  failed chapters with their error and failing cell.

Imports: a worker process imports this module (its initializer lives here) before it starts its
kernel, so nothing slow is imported at the top here or in the modules it imports; the worker
imports jupytext and papermill in :func:`_init_worker`, after its kernel has started.
"""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import os
import signal
import sys
import time
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import util
from pathlib import Path
from typing import Any

from wlzmonitor.compute.signed_files import read_regular_file
from wlzmonitor.run.html_export import get_exporter
from wlzmonitor.run.interruptions import children_ignore_ctrl_c
from wlzmonitor.run.kernel import DEFAULT_PRELOAD, WarmKernel, kernel_manager_class
from wlzmonitor.run.notebook_run import ChapterJob, ChapterResult, run_chapter, write_text_atomically
from wlzmonitor.run.process_tree import die_with_parent

__all__ = [
    "ChapterRunner",
    "format_failures",
    "load_timings",
    "longest_first",
    "print_progress",
    "run_chapters",
    "save_timings",
]


def _init_worker(parent: int | None = None) -> None:
    """Pay the imports once per worker process, not once per chapter. `parent`: the run's pid."""
    die_with_parent(parent)  # a run that is killed takes its workers with it (and their kernels, see abort())
    # imported here on purpose: the worker pays for them once, after it has started its kernel
    import jupytext  # noqa: F401
    import papermill  # noqa: F401

    kernel_manager_class()
    get_exporter()


_WORKER_KERNEL: WarmKernel | None = None


def _init_warm_worker(cwd: str, preload: Sequence[str], parent: int | None = None) -> None:
    """Start this worker's kernel first (it imports while the worker imports papermill/nbconvert)."""
    global _WORKER_KERNEL
    die_with_parent(parent)  # before the kernel starts: a killed run leaves no worker waiting for its jobs
    kernel = WarmKernel(cwd, preload=preload)
    _WORKER_KERNEL = kernel
    util.Finalize(kernel, kernel.shutdown, exitpriority=10)  # no kernel outlives its worker
    signal.signal(signal.SIGTERM, _end_with_kernel)  # nor a worker ended by the run (abort)
    with contextlib.suppress(Exception):  # a kernel that does not start is retried by prepare()
        kernel.start()
    _init_worker(parent)
    gc.freeze()  # papermill, nbconvert & co. stay: keep them out of the full garbage collections


def _end_with_kernel(signum: int, _frame: Any) -> None:
    """(A warm worker's SIGTERM, from :meth:`ChapterRunner.abort`.) Kill the kernel at once, then
    leave: a kernel left to notice its worker is gone ran on for a while and wrote a chapter's charts
    into the staging folder the run had just removed (review: a SIGTERM'd run left one behind)."""
    process = getattr(getattr(getattr(_WORKER_KERNEL, "km", None), "provisioner", None), "process", None)
    if process is not None:
        with contextlib.suppress(Exception):
            process.kill()
            process.wait(timeout=5)
    os._exit(128 + signum)


def _run_in_warm_worker(job: ChapterJob) -> ChapterResult:
    """The task a warm worker runs: the chapter in this worker's kernel."""
    assert _WORKER_KERNEL is not None, "worker not initialised"
    return run_chapter(job, kernel=_WORKER_KERNEL)


def load_timings(path: str | os.PathLike | None) -> dict[str, float]:
    """Seconds per chapter stem of an earlier run ({} when there is no usable file). The file is in the
    output's cache folder, which others may write: read only when it is a regular file (a planted pipe made
    the run wait for ever, holding its lock; review h88), and a duration only when it is a finite number."""
    if path is None:
        return {}
    data = read_regular_file(Path(path))
    try:
        data = json.loads(data) if data is not None else None
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): float(v) for k, v in data.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < 1e9}


def save_timings(path: str | os.PathLike, results: Iterable[ChapterResult]) -> None:
    """Add this run's durations of the chapters that succeeded to the timings file."""
    path = Path(path)
    timings = load_timings(path)
    timings.update({r.stem: round(r.seconds, 2) for r in results if r.ok})
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        write_text_atomically(path, json.dumps(timings, indent=1, sort_keys=True) + "\n")


def longest_first(jobs: Sequence[ChapterJob], timings: Mapping[str, float]) -> list[int]:
    """Job positions in the order to hand them out: the longest first (ties in job order).

    By the durations of an earlier run (`timings`) when every job has one; else by the jobs'
    ``weight`` when every job has one; else the timed jobs by duration after the untimed ones
    (a chapter never timed may be a long one), which without any timings is the job order.
    """
    if all(job.stem in timings for job in jobs):
        return sorted(range(len(jobs)), key=lambda i: -timings[jobs[i].stem])
    if all(job.weight is not None for job in jobs):
        return sorted(range(len(jobs)), key=lambda i: -jobs[i].weight)  # type: ignore[operator]
    return sorted(range(len(jobs)), key=lambda i: -timings.get(jobs[i].stem, float("inf")))


def _poke() -> None:
    """A no-op task: submitting one per worker makes the pool start all its workers now."""


def _stop_pool(pool: ProcessPoolExecutor | None, kernel: WarmKernel | None) -> None:
    """Stop the workers (without waiting for them) and this process's own kernel, if any."""
    if pool is not None:
        # workers stop their kernels as they exit; no need to wait for that here
        pool.shutdown(wait=False, cancel_futures=True)
    if kernel is not None:
        kernel.shutdown()


class ChapterRunner:
    """Workers (and, warm, their kernels) started *before* the jobs are known; used once.

        runner = ChapterRunner(len(stems), cwd=root / "notebooks")  # workers start importing now
        ...                                                          # meanwhile: compute the data
        runner.submit(jobs)                                          # chapters start
        ...                                                          # meanwhile: write other outputs
        results = runner.wait(progress=print_progress)               # then closes the workers

    (``runner.run(jobs)`` is submit + wait.)

    ``jobs_expected`` caps the number of workers (no idle workers for 2 chapters); ``workers``
    defaults to the CPU count. See :func:`run_chapters` for ``warm``, ``preload`` and the rest.
    With one worker the chapters run in this process (a warm kernel of its own, started here).
    A runner that is never run (an error before the jobs) stops its workers when it is closed,
    garbage-collected or at exit.
    """

    def __init__(self, jobs_expected: int, *, workers: int | None = None, cwd: str | os.PathLike | None = None,
                 warm: bool = True, preload: Sequence[str] = DEFAULT_PRELOAD) -> None:
        self.workers = max(1, min(max(jobs_expected, 1), workers or os.cpu_count() or 1))
        self.warm = warm
        self.preload = tuple(preload)
        self.cwd = str(Path(cwd if cwd is not None else Path.cwd()).absolute())
        self._pool: ProcessPoolExecutor | None = None
        self._kernel: WarmKernel | None = None
        self._jobs: list[ChapterJob] | None = None
        self._order: list[int] = []
        self._futures: dict[Any, int] = {}
        self._timings_file: str | os.PathLike | None = None
        if self.workers == 1:
            if warm:
                self._kernel = WarmKernel(self.cwd, preload=self.preload)
                with contextlib.suppress(Exception):  # retried (and reported) by run_chapter
                    self._kernel.start()
        else:
            context = multiprocessing.get_context("spawn")
            if warm:
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                                 initializer=_init_warm_worker,
                                                 initargs=(self.cwd, self.preload, os.getpid()))
            else:
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                                 initializer=_init_worker, initargs=(os.getpid(),))
            with children_ignore_ctrl_c():  # the workers start now; Ctrl-C is the run's to handle
                for _ in range(self.workers):
                    self._pool.submit(_poke)
        self._workers_seen: list = []
        self._finalizer = weakref.finalize(self, _stop_pool, self._pool, self._kernel)

    def close(self) -> None:
        self._remember_workers()
        self._finalizer()

    def _remember_workers(self) -> None:
        """Keep the pool's worker processes: closing the pool forgets them (``_processes`` None),
        and :meth:`abort` must still be able to end them (review: SIGTERM while chapters ran left the
        run waiting at exit for workers the abort no longer knew)."""
        processes = getattr(self._pool, "_processes", None) if self._pool is not None else None
        for process in (processes or {}).values():
            if process not in self._workers_seen:
                self._workers_seen.append(process)

    def abort(self, seconds: float = 15.0) -> None:
        """Close after an error before the chapters ran: give the workers `seconds` to stop (a worker
        may still be starting its kernel), then terminate those that did not (their kernels notice
        their parent is gone and stop), so that the process does not wait at exit for workers that
        never got their stop signal."""
        self.close()  # remembers the workers first
        processes = list(self._workers_seen)
        deadline = time.monotonic() + seconds
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.terminate()  # a warm worker kills its kernel first (_end_with_kernel)
        for process in processes:  # gone, with their kernels, before the run removes their folder
            process.join(10.0)

    def __enter__(self) -> ChapterRunner:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def run(
        self,
        jobs: Sequence[ChapterJob],
        *,
        progress: Callable[[ChapterResult, int, int], None] | None = None,
        timings_file: str | os.PathLike | None = None,
    ) -> list[ChapterResult]:
        """Run `jobs` (longest first), return their results in job order, then close the runner."""
        self.submit(jobs, timings_file=timings_file)
        return self.wait(progress=progress)

    def submit(self, jobs: Sequence[ChapterJob], *, timings_file: str | os.PathLike | None = None) -> None:
        """Hand `jobs` to the workers (longest first); they start at once. Collect with :meth:`wait`.

        (With one worker the chapters run in this process, during :meth:`wait`.)
        """
        if not self._finalizer.alive or self._jobs is not None:
            raise RuntimeError("this ChapterRunner has been used or closed already")
        self._jobs = list(jobs)
        self._timings_file = timings_file
        self._order = longest_first(self._jobs, load_timings(timings_file))
        if self._pool is not None:
            task: Callable[[ChapterJob], ChapterResult] = _run_in_warm_worker if self.warm else run_chapter
            self._futures = {self._pool.submit(task, self._jobs[index]): index for index in self._order}

    def wait(self, *, progress: Callable[[ChapterResult, int, int], None] | None = None) -> list[ChapterResult]:
        """The results of the submitted jobs, in job order (`progress` as each finishes); closes the runner."""
        try:
            if self._jobs is None:
                raise RuntimeError("nothing submitted to this ChapterRunner")
            return self._collect(progress)
        finally:
            self.close()

    def _collect(self, progress) -> list[ChapterResult]:
        jobs, order = self._jobs or [], self._order
        total = len(jobs)
        results: list[ChapterResult | None] = [None] * total
        if self._pool is None:
            for done, index in enumerate(order, start=1):
                results[index] = run_chapter(jobs[index], kernel=self._kernel)
                if progress is not None:
                    progress(results[index], done, total)  # type: ignore[arg-type]
        else:
            for done, future in enumerate(as_completed(self._futures), start=1):
                index = self._futures[future]
                try:
                    result = future.result()
                except Exception as err:  # the worker process died (BrokenProcessPool) or similar
                    executed = Path(jobs[index].executed_path)
                    result = ChapterResult(
                        stem=jobs[index].stem,
                        ok=False,
                        seconds=0.0,
                        html_path=None,
                        executed_path=executed if executed.exists() else None,
                        error=f"worker process failed: {type(err).__name__}: {err}",
                    )
                results[index] = result
                if progress is not None:
                    progress(result, done, total)
        if self._timings_file is not None:
            save_timings(self._timings_file, [r for r in results if r is not None])
        return results  # type: ignore[return-value]


def run_chapters(
    jobs: Sequence[ChapterJob],
    *,
    workers: int | None = None,
    progress: Callable[[ChapterResult, int, int], None] | None = None,
    warm: bool = True,
    preload: Sequence[str] = DEFAULT_PRELOAD,
    timings_file: str | os.PathLike | None = None,
) -> list[ChapterResult]:
    """Run all jobs, ``workers`` at a time (default: min(len(jobs), cpu count)); job order kept.

    ``warm=True``: each worker keeps one :class:`WarmKernel` (``preload`` imported once) and
    runs its chapters in it, one after the other, reset in between. ``warm=False``: every
    chapter gets a fresh kernel (the slow path, kept for comparison and as a fallback).
    Jobs are handed out longest first according to ``timings_file`` (seconds per stem of the
    previous run; rewritten with this run's durations), then in job order.

    Workers are processes started with "spawn" (no inherited threads, zmq contexts or chdir);
    each kernel has its own ports and connection file. With a single worker the job(s) run in
    this process instead, which saves the worker start. Because workers are spawned, a script
    calling this must guard its entry point with ``if __name__ == "__main__":`` (run_all.py
    does). `progress(result, done, total)` is called in this process as each chapter finishes.
    To start the workers earlier, while this process still has other work, use
    :class:`ChapterRunner`.
    """
    jobs = list(jobs)
    if not jobs:
        return []
    first = jobs[0]
    cwd = first.cwd if first.cwd is not None else Path(first.notebook_path).parent
    runner = ChapterRunner(len(jobs), workers=workers, cwd=cwd, warm=warm, preload=preload)
    return runner.run(jobs, progress=progress, timings_file=timings_file)


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def print_progress(result: ChapterResult, done: int, total: int, *, file=None) -> None:
    """Print one line per finished chapter: ``[3/8] 02_capaciteit ok 4,2 s``."""
    line = f"[{done}/{total}] {result.stem} {'ok' if result.ok else 'FAILED'} {_seconds(result.seconds)} s"
    if not result.ok and result.error:
        where = f"cell {result.failed_cell}: " if result.failed_cell else ""
        line += f" ({where}{result.error.splitlines()[0]})"
    print(line, file=file if file is not None else sys.stdout, flush=True)


def format_failures(results: Sequence[ChapterResult]) -> str:
    """A readable list of the failed chapters ("" when none failed)."""
    failed = [r for r in results if not r.ok]
    if not failed:
        return ""
    lines = [f"{len(failed)} of {len(results)} chapter(s) failed:"]
    for r in failed:
        where = f" (cell {r.failed_cell})" if r.failed_cell else ""
        lines.append(f"- {r.stem}{where}")
        lines.extend(f"    {line}" for line in (r.error or "unknown error").splitlines())
        if r.executed_path is not None:
            lines.append(f"    executed notebook kept: {r.executed_path}")
    return "\n".join(lines)
