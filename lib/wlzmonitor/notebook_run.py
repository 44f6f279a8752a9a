"""Run chapter notebooks with papermill, in parallel, one kernel process per notebook.

    jobs = [ChapterJob(stem="02_capaciteit", notebook_path=Path("notebooks/02_capaciteit.py"),
                       parameters={"year": 2026}, html_path=out / "02_capaciteit.html",
                       executed_path=out / "02_capaciteit.ipynb", title="Capaciteit",
                       cwd=Path.cwd()), ...]
    results = run_chapters(jobs, progress=print_progress)
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
  :func:`wlzmonitor.html_export.notebook_to_html` and checked with ``assert_offline``.
- :func:`run_chapters` runs jobs in worker *processes* (papermill's ``cwd=`` changes the
  directory of the whole process, so threads would race), each worker importing
  papermill/nbconvert and building the HTML exporter once. One failing notebook never stops
  the others; results come back in job order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "KERNEL_ENV",
    "KERNEL_NAME",
    "ChapterJob",
    "ChapterResult",
    "NotebookError",
    "format_failures",
    "normalise_executed",
    "print_progress",
    "read_notebook",
    "run_chapter",
    "run_chapters",
]

KERNEL_NAME = "python3"
#: environment the kernels run with (on top of the caller's environment)
KERNEL_ENV = {"MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONHASHSEED": "0"}
PARAMETERS_TAG = "parameters"

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_CELL_ID = re.compile(r"^cell-(\d{3,})$")
_KERNEL_TMP = re.compile(r"ipykernel_\d+")  # ipykernel's per-pid folder for cell "files"
_RUN_DEPENDENT_NB_META = ("start_time", "end_time", "duration", "environment_variables", "output_path")
_RUN_DEPENDENT_CELL_META = ("start_time", "end_time", "duration")


class NotebookError(ValueError):
    """A chapter notebook file cannot be used (unreadable, no parameters cell, …)."""


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
# running one chapter


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


def run_chapter(job: ChapterJob) -> ChapterResult:
    """Execute one chapter notebook; write its executed copy and (on success) its HTML."""
    import nbformat
    import papermill

    from wlzmonitor.html_export import assert_offline, notebook_to_html

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
                cwd=str(cwd),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=True,  # a crash or timeout still leaves the cells run so far
                execution_timeout=job.timeout,
                kernel_manager_class=_km_class(),
                record_timing=False,
                shutdown_kernel="immediate",  # outputs are all in; no need to wait for a graceful exit
            )
    except papermill.PapermillExecutionError as err:
        error = _describe_error(err.ename, err.evalue)
    except Exception as err:  # kernel died, timeout, bad parameter, …
        error = _describe_error(type(err).__name__, str(err))

    if executed is None:
        try:
            executed = nbformat.read(executed_path, as_version=4)
        except (OSError, ValueError):
            executed = source  # nothing ran; keep the notebook as it would have run
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

    from wlzmonitor.html_export import get_exporter

    _km_class()
    get_exporter()


def run_chapters(
    jobs: Sequence[ChapterJob],
    *,
    workers: int | None = None,
    progress: Callable[[ChapterResult, int, int], None] | None = None,
) -> list[ChapterResult]:
    """Run all jobs, ``workers`` at a time (default: min(len(jobs), cpu count)); job order kept.

    Each job runs in a worker process (started with "spawn": no inherited threads, zmq
    contexts or chdir); each starts its own kernel (its own ports and connection file). With a
    single worker the job(s) run in this process instead, which saves the worker start.
    Because workers are spawned, a script calling this must guard its entry point with
    ``if __name__ == "__main__":`` (run_all.py does).
    `progress(result, done, total)` is called in this process as each chapter finishes.
    """
    jobs = list(jobs)
    total = len(jobs)
    if not total:
        return []
    workers = max(1, min(total, workers or os.cpu_count() or 1))
    results: list[ChapterResult | None] = [None] * total

    if workers == 1:
        for index, job in enumerate(jobs):
            results[index] = run_chapter(job)
            if progress is not None:
                progress(results[index], index + 1, total)
        return results  # type: ignore[return-value]

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker) as pool:
        futures = {pool.submit(run_chapter, job): index for index, job in enumerate(jobs)}
        for done, future in enumerate(as_completed(futures), start=1):
            index = futures[future]
            try:
                result = future.result()
            except Exception as err:  # the worker process died (BrokenProcessPool) or similar
                result = ChapterResult(
                    stem=jobs[index].stem,
                    ok=False,
                    seconds=0.0,
                    html_path=None,
                    executed_path=Path(jobs[index].executed_path) if Path(jobs[index].executed_path).exists() else None,
                    error=f"worker process failed: {type(err).__name__}: {err}",
                )
            results[index] = result
            if progress is not None:
                progress(result, done, total)
    return results  # type: ignore[return-value]


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
