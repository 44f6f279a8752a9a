"""Run chapter notebooks with papermill, in parallel worker processes, into HTML.

    jobs = [ChapterJob(stem="02_capaciteit", notebook_path=Path("notebooks/02_capaciteit.py"),
                       parameters={"year": 2026}, html_path=out / "02_capaciteit.html",
                       executed_path=out / "02_capaciteit.ipynb", title="Capaciteit",
                       cwd=Path.cwd()), ...]
    results = run_chapters(jobs, progress=print_progress)            # fast: warm kernels
    results = run_chapters(jobs, progress=print_progress, warm=False)  # a fresh kernel per chapter
    if not all(r.ok for r in results):
        print(format_failures(results))

How it runs:

- :func:`read_notebook` turns the committed jupytext py:percent file into an nbformat v4
  notebook with fixed cell ids (``cell-001`` … in file order), so executed copies diff cleanly.
- :func:`run_chapter` executes it with papermill (parameters injected after the cell tagged
  ``parameters``) in a kernel started from *this* interpreter (``sys.executable``, whatever
  kernelspec ``python3`` a user may have elsewhere) with ``MPLBACKEND=Agg``,
  ``PYDEVD_DISABLE_FILE_VALIDATION=1``, ``PYTHONHASHSEED=0`` and the job's absolute ``cwd``.
  The executed notebook is always written to ``executed_path`` (also on failure: it is the
  audit/debug copy), stripped of run-dependent metadata (times, durations, kernel pids in
  warning paths) so two runs give the same bytes. On success the HTML page is written with
  :func:`wlzmonitor.run.html_export.notebook_to_html` and checked with ``assert_offline``.
- Without a kernel, :func:`run_chapter` starts a fresh kernel for the notebook and stops it
  after (the slow path: every chapter pays kernel start and imports, ~3-4 s here). With
  ``kernel=`` a :class:`WarmKernel` it runs in that kernel, which was started once and has the
  heavy libraries (pandas, matplotlib, seaborn, scipy.stats, wlzmonitor.present.chapter …)
  imported already (:data:`DEFAULT_PRELOAD`). Before each chapter the kernel is reset
  (``InteractiveShell.reset(new_session=True)``: user namespace, ``In``/``Out`` and the
  execution counter; plus the working directory, ``sys.path``, ``os.environ``, warning filters
  and "once" registries, matplotlib rcParams and open pyplot figures, pandas and numpy
  options, all restored to what they were right after the imports), so a chapter sees what
  it would see in a fresh kernel and nothing of the chapter before. After a failure (error,
  timeout, dead kernel) the kernel is replaced by a new one before the next chapter. Both
  paths give byte-identical executed notebooks and pages (tests/test_speed_paths.py). (The
  warm path does not save the executed notebook after every cell: it keeps papermill's
  notebook in memory for the failure case, and writes it once.)
- :func:`run_chapters` runs jobs in worker *processes*, never threads (papermill's ``cwd=``
  changes the directory of the whole process; two kernels started from threads raced for it),
  each worker importing papermill/nbconvert and building the HTML exporter once. With
  ``warm=True`` (default) each worker starts one :class:`WarmKernel` as it starts (the kernel
  imports while the worker imports papermill) and runs all its chapters in it. Jobs are handed
  out longest first: by the durations of the previous run (``timings_file``), else by the
  jobs' ``weight`` (e.g. their number of charts), so the long chapters do not end up last on
  one worker. One failing notebook never stops the others; results come back in job order.
- :class:`ChapterRunner` is the same in steps, so a caller can start the workers and kernels
  first, do its own work (compute the data) while they import, then hand over the jobs
  (``submit``), write other outputs while they run, and collect (``wait``). run_all does.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "DEFAULT_PRELOAD",
    "KERNEL_ENV",
    "KERNEL_NAME",
    "ChapterJob",
    "ChapterResult",
    "ChapterRunner",
    "NotebookError",
    "WarmKernel",
    "WarmKernelError",
    "format_failures",
    "load_timings",
    "normalise_executed",
    "print_progress",
    "read_notebook",
    "run_chapter",
    "run_chapters",
    "save_timings",
]

KERNEL_NAME = "python3"
#: environment the kernels run with (on top of the caller's environment)
KERNEL_ENV = {"MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONHASHSEED": "0"}
#: IPython history in memory, as nbclient starts its kernels (no sqlite file shared by kernels)
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
PARAMETERS_TAG = "parameters"
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
WARM_ENGINE = "wlzmonitor-warm-kernel"  # the papermill engine that runs in a WarmKernel

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_CELL_ID = re.compile(r"^cell-(\d{3,})$")
_KERNEL_TMP = re.compile(r"ipykernel_\d+")  # ipykernel's per-pid folder for cell "files"
_RUN_DEPENDENT_NB_META = ("start_time", "end_time", "duration", "environment_variables", "output_path")
_RUN_DEPENDENT_CELL_META = ("start_time", "end_time", "duration")


class NotebookError(ValueError):
    """A chapter notebook file cannot be used (unreadable, no parameters cell, …)."""


class WarmKernelError(RuntimeError):
    """A warm kernel could not be started or reset for the next chapter."""


# --------------------------------------------------------------------------------------------
# reading


def read_notebook(path: str | os.PathLike) -> NotebookNode:
    """Read a chapter notebook (jupytext py:percent ``.py``, or ``.ipynb``) as nbformat v4.

    Cells get fixed ids ``cell-001``, ``cell-002`` … in file order (the number is the cell's
    position, the same number :class:`ChapterResult.failed_cell` reports); the kernelspec is
    fixed to ``python3``; jupytext's own metadata is dropped. Raises :class:`NotebookError`
    naming the file when it cannot be read or has no cell tagged ``parameters``.
    """
    import nbformat

    path = Path(path)
    try:
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
        else:
            import jupytext

            nb = jupytext.read(path, fmt="py:percent")
    except FileNotFoundError as err:
        raise NotebookError(f"{path}: notebook not found") from err
    except Exception as err:  # jupytext/nbformat raise a variety of errors on bad input
        raise NotebookError(f"{path}: cannot read notebook ({type(err).__name__}: {err})") from err

    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python 3", "language": "python"}
    nb.metadata.setdefault("language_info", {"name": "python"})
    for number, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"cell-{number:03d}"
    tagged = [c for c in nb.cells if c.cell_type == "code" and PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        raise NotebookError(
            f"{path}: no cell tagged {PARAMETERS_TAG!r}; papermill needs one to inject the run's "
            f'parameters (in py:percent: a cell starting with  # %% tags=["parameters"]  holding literal defaults)'
        )
    if len(tagged) > 1:
        raise NotebookError(f"{path}: {len(tagged)} cells tagged {PARAMETERS_TAG!r}; keep exactly one")
    return nb


# --------------------------------------------------------------------------------------------
# jobs and results


@dataclass
class ChapterJob:
    """One chapter to run. Paths may be relative; they are made absolute before the run."""

    stem: str
    notebook_path: Path
    parameters: dict[str, Any]
    html_path: Path
    executed_path: Path
    title: str
    cwd: Path
    #: seconds one cell may run before the chapter fails (None: no limit)
    timeout: float | None = None
    #: relative cost (e.g. the number of charts): hands out the longest chapters first when no
    #: durations of an earlier run are known
    weight: float | None = None


@dataclass
class ChapterResult:
    stem: str
    ok: bool
    seconds: float
    html_path: Path | None
    #: the executed notebook as written (also on failure); None only if nothing could be run
    executed_path: Path | None
    #: 1-based position of the failing cell in the notebook file (the N of its id ``cell-N``)
    failed_cell: int | None = None
    #: short, readable, no ANSI: "ValueError: message" + the failing cell's first lines
    error: str | None = None


# --------------------------------------------------------------------------------------------
# kernels


def _kernel_manager_class():
    """AsyncKernelManager that always starts ``python3`` kernels with this interpreter."""
    from jupyter_client import AsyncKernelManager

    class SameInterpreterKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            if self.kernel_name == KERNEL_NAME and "ipykernel_launcher" in cmd:
                # a user-level kernelspec "python3" may point at another Python; jupyter_client
                # itself only substitutes sys.executable for a bare "python" argv[0].
                cmd[0] = sys.executable
            return cmd

    return SameInterpreterKernelManager


_KM_CLASS = None


def _km_class():
    global _KM_CLASS
    if _KM_CLASS is None:
        _KM_CLASS = _kernel_manager_class()
    return _KM_CLASS


@contextlib.contextmanager
def _kernel_environment() -> Iterator[None]:
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


def _run_sync(coroutine_function, *args: Any, **kwargs: Any) -> Any:
    """Run an async jupyter_client call on this thread's event loop (the one nbclient uses)."""
    from jupyter_core.utils import run_sync

    return run_sync(coroutine_function)(*args, **kwargs)


class WarmKernel:
    """One kernel that runs many chapters: started once, heavy libraries imported once.

    ``start()`` launches the kernel and *sends* the imports (``preload``) without waiting for
    them, so the caller can do its own imports meanwhile; :meth:`prepare` (called by
    :func:`run_chapter` before each chapter) waits for them, then resets the kernel to the
    state right after the imports and moves it to the chapter's folder. After a failed chapter
    :func:`run_chapter` sets ``needs_restart``: the next :meth:`prepare` replaces the kernel by
    a fresh one (the failure may have left it busy, dead or in a strange state).

        kernel = WarmKernel(cwd)
        kernel.start()
        try:
            results = [run_chapter(job, kernel=kernel) for job in jobs]
        finally:
            kernel.shutdown()
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
        km = _km_class()(kernel_name=KERNEL_NAME)
        with _kernel_environment():
            _run_sync(km.start_kernel, cwd=str(self.cwd), extra_arguments=list(KERNEL_ARGUMENTS))
        kc = km.client()
        kc.start_channels()
        kc.allow_stdin = False
        self.km, self.kc = km, kc
        self.needs_restart = False
        self.starts += 1
        code = f"__import__('wlzmonitor.run.notebook_run', fromlist=['_'])._kernel_setup({list(self.preload)!r})"
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
                _run_sync(km.shutdown_kernel, now=True)

    def restart(self) -> None:
        self.shutdown()
        self.start()

    def is_alive(self) -> bool:
        if self.km is None:
            return False
        try:
            return bool(_run_sync(self.km.is_alive))
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
                code = f"__import__('wlzmonitor.run.notebook_run', fromlist=['_'])._kernel_reset({str(Path(cwd).absolute())!r})"
                self._wait(self.kc.execute(code, silent=True, store_history=False, allow_stdin=False), "reset")
                return
            except Exception as err:
                self.needs_restart = True
                if attempt == 2:
                    raise WarmKernelError(f"warm kernel not ready: {type(err).__name__}: {err}") from err

    def _wait(self, msg_id: str, what: str, timeout: float | None = None) -> None:
        reply = _run_sync(self._reply, msg_id, timeout or self.reset_timeout)
        content = reply.get("content", {})
        if content.get("status") != "ok":
            raise WarmKernelError(f"{what} failed in the kernel: {content.get('ename')}: {content.get('evalue')}")

    async def _reply(self, msg_id: str, timeout: float) -> dict:
        from queue import Empty

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


_KERNEL_STATE: dict[str, Any] = {}


def _kernel_setup(preload: Iterable[str]) -> None:
    """Inside a warm kernel, once: import `preload`, then remember the state a chapter may change."""
    import importlib

    for name in preload:
        with contextlib.suppress(Exception):  # a module this project lacks: a chapter needing it will say so
            importlib.import_module(name)
    import warnings

    state: dict[str, Any] = {
        "sys_path": list(sys.path),
        "environ": dict(os.environ),
        "warnings": list(warnings.filters),
    }
    mpl = sys.modules.get("matplotlib")
    if mpl is not None and isinstance(mpl.rcParams, dict):
        state["rcparams"] = dict.copy(mpl.rcParams)  # raw values: no backend resolution on read
    pd = sys.modules.get("pandas")
    if pd is not None:
        with contextlib.suppress(Exception):
            state["pandas"] = _pandas_options(pd)
    np = sys.modules.get("numpy")
    if np is not None:
        state["numpy"] = (np.geterr(), np.get_printoptions())
    _KERNEL_STATE.clear()
    _KERNEL_STATE.update(state)
    # The imported libraries stay for the kernel's life: keep their objects out of the garbage
    # collector's full passes (shell.reset() runs one before every chapter, and charts make
    # enough objects to trigger many).
    import gc

    gc.collect()
    gc.freeze()


def _pandas_options(pd: Any, *, defaults: bool = False) -> dict[str, Any]:
    """Every (not deprecated) pandas option: its value now, or its default."""
    import warnings

    from pandas._config import config

    values = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, option in config._registered_options.items():
            if key not in config._deprecated_options:
                values[key] = option.defval if defaults else pd.get_option(key)
    return values


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return False


def _kernel_reset(cwd: str) -> None:
    """Inside a warm kernel, before each chapter: back to the state right after the imports."""
    import warnings

    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)  # user namespace, In/Out, _ __, execution count back to 1
    state = _KERNEL_STATE
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
    mpl = sys.modules.get("matplotlib")
    if mpl is not None and isinstance(mpl.rcParams, dict):
        if "rcparams" not in state:  # first imported by a chapter: back to the state after import
            state["rcparams"] = {k: v for k, v in dict.items(mpl.rcParamsOrig) if k != "backend"}
        dict.update(mpl.rcParams, state["rcparams"])
    pd = sys.modules.get("pandas")
    if pd is not None:
        if "pandas" not in state:  # first imported by a chapter: the defaults
            with contextlib.suppress(Exception):
                state["pandas"] = _pandas_options(pd, defaults=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for key, value in state.get("pandas", {}).items():
                current = pd.get_option(key)
                if current is not value and not _same(current, value):
                    pd.set_option(key, value)
    np = sys.modules.get("numpy")
    if np is not None and "numpy" in state:
        np.seterr(**state["numpy"][0])
        np.set_printoptions(**state["numpy"][1])
    sys.path[:] = state["sys_path"]
    environ = state["environ"]
    for key in [k for k in os.environ if k not in environ]:
        del os.environ[key]
    for key, value in environ.items():
        if os.environ.get(key) != value:
            os.environ[key] = value
    os.chdir(cwd)
    # warning filters as after the imports; resetwarnings() also forgets every "shown once
    # already" registry, so a chapter sees the same warnings it would see in a fresh kernel
    warnings.resetwarnings()
    warnings.filters[:] = state["warnings"]
    getattr(warnings, "_filters_mutated", lambda: None)()
    # (no gc.collect() here: shell.reset() above has collected already)


def _warm_engine_name() -> str:
    """Register (once per process) the papermill engine that executes in a WarmKernel."""
    from papermill.engines import NBClientEngine, papermill_engines

    if WARM_ENGINE in papermill_engines._engines:
        return WARM_ENGINE

    class WarmKernelEngine(NBClientEngine):
        """papermill's nbclient engine, but in the given kernel, which stays alive after."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     warm_kernel=None, **kwargs):
            from papermill.clientwrap import PapermillNotebookClient
            from papermill.log import logger
            from papermill.utils import merge_kwargs, remove_args

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


# --------------------------------------------------------------------------------------------
# running one chapter


def run_chapter(job: ChapterJob, *, kernel: WarmKernel | None = None) -> ChapterResult:
    """Execute one chapter notebook; write its executed copy and (on success) its HTML.

    Without `kernel` the notebook gets a fresh kernel (started in ``job.cwd``, stopped after).
    With a :class:`WarmKernel` it runs in that kernel after a reset; when the chapter fails the
    kernel is marked for a restart before its next chapter.
    """
    import nbformat
    import papermill

    from wlzmonitor.run.html_export import assert_offline, notebook_to_html

    started = time.perf_counter()
    notebook_path = Path(job.notebook_path)
    executed_path = Path(job.executed_path).absolute()
    html_path = Path(job.html_path).absolute()
    cwd = Path(job.cwd if job.cwd is not None else notebook_path.parent).absolute()

    def result(ok: bool, **kw: Any) -> ChapterResult:
        return ChapterResult(stem=job.stem, ok=ok, seconds=time.perf_counter() - started, **kw)

    with contextlib.suppress(FileNotFoundError):
        html_path.unlink()  # a stale page from an earlier run must not look like this run's
    try:
        source = read_notebook(notebook_path)
    except NotebookError as err:
        return result(False, html_path=None, executed_path=None, error=str(err))

    executed_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        executed_path.unlink()
    if kernel is not None:
        try:
            kernel.prepare(cwd)
        except WarmKernelError as err:
            return result(False, html_path=None, executed_path=None, error=str(err))
        kernel.manager = None
        # No save after every cell: the executed notebook stays in memory (kernel.manager) when
        # a chapter stops; saving ~30 times a growing notebook cost ~0.5 s per chapter.
        how: dict[str, Any] = {"engine_name": _warm_engine_name(), "warm_kernel": kernel,
                               "request_save_on_cell_execute": False}
    else:
        how = {
            "request_save_on_cell_execute": True,  # a crash or timeout still leaves the cells run so far
            "cwd": str(cwd),
            "kernel_manager_class": _km_class(),
            "shutdown_kernel": "immediate",  # outputs are all in; no need to wait for a graceful exit
        }
    executed: NotebookNode | None = None
    error: str | None = None
    failed_cell: int | None = None
    try:
        with _kernel_environment():
            executed = papermill.execute_notebook(
                source,
                str(executed_path),
                parameters={k: os.fspath(v) if isinstance(v, os.PathLike) else v for k, v in job.parameters.items()},
                kernel_name=KERNEL_NAME,
                language="python",
                progress_bar=False,
                log_output=False,
                execution_timeout=job.timeout,
                record_timing=False,
                **how,
            )
    except papermill.PapermillExecutionError as err:
        error = _describe_error(err.ename, err.evalue)
    except Exception as err:  # kernel died, timeout, bad parameter, …
        error = _describe_error(type(err).__name__, str(err))
    if error is not None and kernel is not None:
        kernel.needs_restart = True  # a failed chapter must not poison the next one

    if executed is None:
        try:
            executed = nbformat.read(executed_path, as_version=4)
        except (OSError, ValueError):
            manager = kernel.manager if kernel is not None else None
            # nothing saved: the warm path's notebook in memory, or the notebook as it would have run
            executed = manager.nb if manager is not None else source
    executed = normalise_executed(executed, input_path=str(notebook_path))
    _write_text(executed_path, nbformat.writes(executed) + "\n")

    if error is not None:
        failed_cell, cell = _failed_cell(executed)
        if cell is not None:
            error += f"\n  in cell {failed_cell}:" if failed_cell else "\n  in the injected parameters cell:"
            error += "".join(f"\n    {_shorten(line, 100)}" for line in _first_lines(cell.source, 3))
        return result(False, html_path=None, executed_path=executed_path, failed_cell=failed_cell, error=error)

    try:
        html = notebook_to_html(executed, title=job.title)
        assert_offline(html)
    except Exception as err:
        return result(
            False, html_path=None, executed_path=executed_path, error=f"HTML export: {type(err).__name__}: {err}"
        )
    html_path.parent.mkdir(parents=True, exist_ok=True)
    _write_text(html_path, html)
    return result(True, html_path=html_path, executed_path=executed_path)


def normalise_executed(nb: NotebookNode, *, input_path: str | None = None) -> NotebookNode:
    """Strip what differs between two runs of the same notebook (in place; returns `nb`).

    Removes papermill's start/end times, durations, output path and environment, nbclient's
    execution timestamps; gives cells without our ``cell-NNN`` id (papermill's injected
    parameters and error-marker cells) fixed ids; replaces kernel pids in ipykernel temp
    paths (``/tmp/ipykernel_12345/…`` in warnings and tracebacks) by ``ipykernel_0``.
    """
    meta = nb.metadata.get("papermill")
    if meta is not None:
        for key in _RUN_DEPENDENT_NB_META:
            meta.pop(key, None)
        if input_path is not None:
            meta["input_path"] = input_path
    seen: set[str] = set()
    for cell in nb.cells:
        cell_meta = cell.setdefault("metadata", {})
        cell_meta.pop("execution", None)
        pm = cell_meta.get("papermill")
        if pm is not None:
            for key in _RUN_DEPENDENT_CELL_META:
                pm.pop(key, None)
        cell_id = cell.get("id", "")
        if not _CELL_ID.match(cell_id) or cell_id in seen:
            tags = cell_meta.get("tags") or ["extra"]
            base = tags[0]
            cell_id, n = base, 1
            while cell_id in seen:
                n += 1
                cell_id = f"{base}-{n}"
            cell["id"] = cell_id
        seen.add(cell_id)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = _KERNEL_TMP.sub("ipykernel_0", output["text"])
            elif output.get("output_type") == "error":
                output["traceback"] = [_KERNEL_TMP.sub("ipykernel_0", line) for line in output["traceback"]]
    return nb


def _failed_cell(nb: NotebookNode) -> tuple[int | None, Any]:
    """(1-based file position or None for an injected cell, the cell) of the failure, if found."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        has_error = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        status = cell.get("metadata", {}).get("papermill", {})
        if has_error or status.get("exception") is True or status.get("status") in ("failed", "running"):
            return _cell_number(cell), cell
    # a timeout or a dead kernel leaves no error output, and papermill marks the cell it was
    # running "completed": the failing cell is the last one that was started
    started = [c for c in nb.cells if c.get("metadata", {}).get("papermill", {}).get("status") not in (None, "pending")]
    started = [c for c in started if c.cell_type == "code"]
    if started:
        return _cell_number(started[-1]), started[-1]
    return None, None


def _cell_number(cell: Any) -> int | None:
    match = _CELL_ID.match(cell.get("id", ""))
    return int(match.group(1)) if match else None


def _describe_error(name: str, value: str) -> str:
    value = _ANSI.sub("", value or "").strip()
    first = value.splitlines()[0] if value else ""
    more = " …" if len(value.splitlines()) > 1 else ""
    return f"{name}: {_shorten(first, 300)}{more}" if first else name


def _first_lines(source: str, count: int) -> list[str]:
    lines = [line.rstrip() for line in source.splitlines()]
    lines = [line for line in lines if line.strip()]
    return lines[:count] + (["…"] if len(lines) > count else [])


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# running many


def _init_worker() -> None:
    """Pay the imports once per worker process, not once per chapter."""
    import jupytext  # noqa: F401
    import papermill  # noqa: F401

    from wlzmonitor.run.html_export import get_exporter

    _km_class()
    get_exporter()


_WORKER_KERNEL: WarmKernel | None = None


def _init_warm_worker(cwd: str, preload: Sequence[str]) -> None:
    """Start this worker's kernel first (it imports while the worker imports papermill/nbconvert)."""
    global _WORKER_KERNEL
    from multiprocessing import util

    kernel = WarmKernel(cwd, preload=preload)
    _WORKER_KERNEL = kernel
    util.Finalize(kernel, kernel.shutdown, exitpriority=10)  # no kernel outlives its worker
    with contextlib.suppress(Exception):  # a kernel that does not start is retried by prepare()
        kernel.start()
    _init_worker()
    import gc

    gc.freeze()  # papermill, nbconvert & co. stay: keep them out of the full garbage collections


def _run_in_warm_worker(job: ChapterJob) -> ChapterResult:
    assert _WORKER_KERNEL is not None, "worker not initialised"
    return run_chapter(job, kernel=_WORKER_KERNEL)


def load_timings(path: str | os.PathLike | None) -> dict[str, float]:
    """Seconds per chapter stem of an earlier run ({} when there is no usable file)."""
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): float(v) for k, v in data.items() if isinstance(v, (int, float))}


def save_timings(path: str | os.PathLike, results: Iterable[ChapterResult]) -> None:
    """Add this run's durations of the chapters that succeeded to the timings file."""
    path = Path(path)
    timings = load_timings(path)
    timings.update({r.stem: round(r.seconds, 2) for r in results if r.ok})
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        _write_text(path, json.dumps(timings, indent=1, sort_keys=True) + "\n")


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
        import weakref

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
                                                 initializer=_init_warm_worker, initargs=(self.cwd, self.preload))
            else:
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                                 initializer=_init_worker)
            for _ in range(self.workers):
                self._pool.submit(_poke)
        self._finalizer = weakref.finalize(self, _stop_pool, self._pool, self._kernel)

    def close(self) -> None:
        self._finalizer()

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


# --------------------------------------------------------------------------------------------
# reporting


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
