"""The warm kernel: one Jupyter kernel that runs many chapters, and the papermill engine that uses it.

    kernel = WarmKernel(cwd)
    kernel.start()          # returns at once; the kernel imports DEFAULT_PRELOAD meanwhile
    try:
        results = [run_chapter(job, kernel=kernel) for job in jobs]   # wlzmonitor.run.notebook_run
    finally:
        kernel.shutdown()

Every kernel (warm or fresh) is started from *this* interpreter (``sys.executable``, whatever
kernelspec ``python3`` a user may have elsewhere), with :data:`KERNEL_ENV` and IPython history in
memory. A :class:`WarmKernel` is started once and has the heavy libraries (pandas, matplotlib,
seaborn, scipy.stats, wlzmonitor.present.chapter …) imported already (:data:`DEFAULT_PRELOAD`).
Before each chapter it is reset to the state right after those imports
(:mod:`wlzmonitor.run.kernel_state` runs inside the kernel), so a chapter sees what it would see
in a fresh kernel and nothing of the chapter before. After a failure (error, timeout, dead
kernel) the kernel is replaced by a new one before the next chapter. papermill runs a chapter in
it through the engine :data:`WARM_ENGINE` (:func:`warm_engine_name` registers it).

Imports: jupyter_client, jupyter_core and papermill are imported inside the functions that use
them, not at the top. The main process of a run imports this module before it starts the worker
processes, and never starts a kernel itself when there are workers: at the top, jupyter_client
would delay the workers' start by ~0.13 s and papermill by ~0.3 s (imported after pandas; measured
on this 2-core machine). Every worker imports this module before it starts its kernel, and
papermill (~0.25 s there) would delay that kernel start.
"""

from __future__ import annotations

import contextlib
import subprocess
import functools
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from queue import Empty
from typing import Any

__all__ = [
    "DEFAULT_PRELOAD",
    "KERNEL_ARGUMENTS",
    "KERNEL_ENV",
    "KERNEL_NAME",
    "KERNEL_SIDE_MODULE",
    "WARM_ENGINE",
    "WarmKernel",
    "WarmKernelError",
    "kernel_environment",
    "kernel_manager_class",
    "run_sync",
    "warm_engine_name",
]

KERNEL_NAME = "python3"
#: environment the kernels run with (on top of the caller's environment)
KERNEL_ENV = {"MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONHASHSEED": "0"}
#: IPython history in memory, as nbclient starts its kernels (no sqlite file shared by kernels)
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
#: imported once by every warm kernel, before its first chapter (modules that are missing are skipped)
DEFAULT_PRELOAD = (
    "numpy",
    "pandas",
    "scipy.stats",
    "matplotlib",
    "seaborn",
    "wlzmonitor.compute.year_result",
    "wlzmonitor.present.chapter",
    "wlzmonitor.present.charts",
    "wlzmonitor.compute.explanations",
    "wlzmonitor.inputs.privacy",
    "wlzmonitor.present.appendix",
)
#: the module whose setup() and reset() a warm kernel executes (imported in the kernel only)
KERNEL_SIDE_MODULE = "wlzmonitor.run.kernel_state"
WARM_ENGINE = "wlzmonitor-warm-kernel"  # the papermill engine that runs in a WarmKernel


class WarmKernelError(RuntimeError):
    """A warm kernel could not be started or reset for the next chapter."""


@functools.cache
def kernel_manager_class() -> type:
    """AsyncKernelManager that always starts ``python3`` kernels with this interpreter (one class per process)."""
    from jupyter_client import AsyncKernelManager  # not at the top: see "Imports" in the module docstring

    class SameInterpreterKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            if self.kernel_name == KERNEL_NAME and "ipykernel_launcher" in cmd:
                # a user-level kernelspec "python3" may point at another Python; jupyter_client
                # itself only substitutes sys.executable for a bare "python" argv[0].
                cmd[0] = sys.executable
            return cmd

    return SameInterpreterKernelManager


@contextlib.contextmanager
def kernel_environment() -> Iterator[None]:
    """Set KERNEL_ENV in os.environ (kernels inherit it) for the duration; restore after."""
    saved = {key: os.environ.get(key) for key in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_sync(coroutine_function, *args: Any, **kwargs: Any) -> Any:
    """Run an async jupyter_client call on this thread's event loop (the one nbclient uses)."""
    from jupyter_core.utils import run_sync as run_on_loop  # not at the top: see "Imports" in the module docstring

    return run_on_loop(coroutine_function)(*args, **kwargs)


def _kernel_side_call(function: str, argument: Any) -> str:
    """The code a warm kernel executes to call `function`(`argument`) of KERNEL_SIDE_MODULE."""
    return f"__import__({KERNEL_SIDE_MODULE!r}, fromlist=['_']).{function}({argument!r})"


class WarmKernel:
    """One kernel that runs many chapters: started once, heavy libraries imported once.

    ``start()`` launches the kernel and *sends* the imports (``preload``) without waiting for
    them, so the caller can do its own imports meanwhile; :meth:`prepare` (called by
    ``run_chapter`` before each chapter) waits for them, then resets the kernel to the
    state right after the imports and moves it to the chapter's folder. After a failed chapter
    ``run_chapter`` sets ``needs_restart``: the next :meth:`prepare` replaces the kernel by
    a fresh one (the failure may have left it busy, dead or in a strange state).
    """

    def __init__(self, cwd: str | os.PathLike, *, preload: Sequence[str] = DEFAULT_PRELOAD,
                 startup_timeout: float = 60.0, reset_timeout: float = 120.0) -> None:
        self.cwd = Path(cwd).absolute()
        self.preload = tuple(preload)
        self.startup_timeout = startup_timeout
        self.reset_timeout = reset_timeout
        self.km: Any = None
        self.kc: Any = None
        self.needs_restart = False
        #: kernels started so far (1 + restarts)
        self.starts = 0
        self._warmup: str | None = None  # msg_id of the imports still running
        #: papermill's execution manager of the chapter running or last run (its notebook holds
        #: the cells run so far when a chapter stops with an exception)
        self.manager: Any = None

    # -- life cycle --------------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self.km is not None

    def start(self) -> None:
        """Start the kernel (in ``cwd``) and send it the imports; returns before they finish.

        Does not wait for the kernel to be up: the request waits in the client's socket until
        the kernel reads it (zmq), and :meth:`prepare` waits for its reply.
        """
        km = kernel_manager_class()(kernel_name=KERNEL_NAME)
        with kernel_environment():
            # the kernel's own stderr is not the run's: a kernel stopped while it still starts (a run
            # that ends on an input error) printed its interrupted imports' traceback to the terminal;
            # what a chapter prints reaches the run through the kernel's messages, not this stream
            run_sync(km.start_kernel, cwd=str(self.cwd), extra_arguments=list(KERNEL_ARGUMENTS),
                     stderr=subprocess.DEVNULL)
        kc = km.client()
        kc.start_channels()
        kc.allow_stdin = False
        self.km, self.kc = km, kc
        self.needs_restart = False
        self.starts += 1
        code = _kernel_side_call("setup", list(self.preload))
        self._warmup = kc.execute(code, silent=True, store_history=False, allow_stdin=False)

    def shutdown(self) -> None:
        """Stop the kernel at once (idempotent)."""
        kc, km = self.kc, self.km
        self.kc = self.km = None
        self._warmup = None
        if kc is not None:
            with contextlib.suppress(Exception):
                kc.stop_channels()
        if km is not None:
            with contextlib.suppress(Exception):
                run_sync(km.shutdown_kernel, now=True)

    def restart(self) -> None:
        self.shutdown()
        self.start()

    def is_alive(self) -> bool:
        if self.km is None:
            return False
        try:
            return bool(run_sync(self.km.is_alive))
        except Exception:
            return False

    # -- before each chapter -------------------------------------------------------------------
    def prepare(self, cwd: str | os.PathLike) -> None:
        """Make the kernel ready for the next chapter: alive, imports done, state reset, in `cwd`.

        A kernel marked ``needs_restart`` (or dead) is replaced first. When the reset fails the
        kernel is replaced once more and the reset retried; raises :class:`WarmKernelError` when
        that fails too.
        """
        for attempt in (1, 2):
            try:
                if not self.started or self.needs_restart or not self.is_alive():
                    self.restart()
                if self._warmup is not None:  # the kernel's start and imports
                    self._wait(self._warmup, "importing " + ", ".join(self.preload),
                               timeout=self.startup_timeout + self.reset_timeout)
                    self._warmup = None
                code = _kernel_side_call("reset", str(Path(cwd).absolute()))
                self._wait(self.kc.execute(code, silent=True, store_history=False, allow_stdin=False), "reset")
                return
            except Exception as err:
                self.needs_restart = True
                if attempt == 2:
                    raise WarmKernelError(f"warm kernel not ready: {type(err).__name__}: {err}") from err

    def _wait(self, msg_id: str, what: str, timeout: float | None = None) -> None:
        reply = run_sync(self._reply, msg_id, timeout or self.reset_timeout)
        content = reply.get("content", {})
        if content.get("status") != "ok":
            raise WarmKernelError(f"{what} failed in the kernel: {content.get('ename')}: {content.get('evalue')}")

    async def _reply(self, msg_id: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = await self.kc.get_shell_msg(timeout=1.0)
            except Empty:
                if not await self.km.is_alive():
                    raise WarmKernelError("the kernel died") from None
                if time.monotonic() > deadline:
                    raise WarmKernelError(f"no reply from the kernel in {timeout:.0f} s") from None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg


def warm_engine_name() -> str:
    """Register (once per process) the papermill engine that executes in a WarmKernel; its name."""
    # not at the top: see "Imports" in the module docstring
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    if WARM_ENGINE in papermill_engines._engines:
        return WARM_ENGINE

    class WarmKernelEngine(NBClientEngine):
        """papermill's nbclient engine, but in the given kernel, which stays alive after."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     warm_kernel=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(
                nb_man,
                km=warm_kernel.km,
                **merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                               kernel_name=kernel_name, log=logger, log_output=log_output,
                               stdout_file=stdout_file, stderr_file=stderr_file),
            )
            client.kc = warm_kernel.kc  # the kernel's client: no new sockets per chapter
            warm_kernel.manager = nb_man
            return client.execute()

    papermill_engines.register(WARM_ENGINE, WarmKernelEngine)
    return WARM_ENGINE
