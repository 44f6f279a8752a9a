"""One chapter notebook: read it, run it with papermill, keep its executed copy, write its page.

    job = ChapterJob(stem="02_capaciteit", notebook_path=Path("notebooks/02_capaciteit.py"),
                     parameters={"year": 2026}, html_path=out / "02_capaciteit.html",
                     executed_path=out / "notebooks" / "02_capaciteit.ipynb", title="Capaciteit",
                     cwd=Path("notebooks").absolute())
    result = run_chapter(job)                 # a fresh kernel for this chapter (the slow path)
    result = run_chapter(job, kernel=kernel)  # in a wlzmonitor.run.kernel.WarmKernel (the fast path)

- :func:`read_notebook` turns the committed jupytext py:percent file into an nbformat v4
  notebook with fixed cell ids (``cell-001`` … in file order), so executed copies diff cleanly.
- :func:`run_chapter` executes it with papermill (parameters injected after the cell tagged
  ``parameters``) in a kernel started from this interpreter with ``KERNEL_ENV`` and the job's
  absolute ``cwd`` (see :mod:`wlzmonitor.run.kernel`). The executed notebook is always written
  to ``executed_path`` (also on failure: it is the audit/debug copy), normalised by
  :func:`normalise_executed` so two runs give the same bytes. On success the HTML page is
  written with :func:`wlzmonitor.run.html_export.notebook_to_html` and checked with
  ``assert_offline``.
- Without a kernel the chapter gets a fresh kernel, stopped after (every chapter pays kernel
  start and imports, ~3-4 s here). With a warm kernel it runs in that kernel after a reset; the
  warm path does not save the executed notebook after every cell (papermill's notebook stays in
  memory for the failure case and is written once). Both paths give byte-identical executed
  notebooks and pages (tests/test_speed_paths.py).

Running many chapters in worker processes is :mod:`wlzmonitor.run.chapter_runner`.

Imports: nbformat, jupytext and papermill are imported inside the functions that use them, not
at the top. Every worker process imports this module before it starts its kernel, and the main
process of a run before it starts the workers; at the top they would delay those starts by
~0.1 s (nbformat), ~0.2 s (jupytext) and ~0.25 s (papermill) (measured on this 2-core machine).
A worker imports them right after starting its kernel, while the kernel imports its libraries.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wlzmonitor.spec.errors import InputError, naming_the_file
from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.run.html_export import assert_offline, notebook_to_html
from wlzmonitor.run.kernel import (
    KERNEL_NAME,
    WarmKernel,
    WarmKernelError,
    kernel_environment,
    kernel_manager_class,
    warm_engine_name,
)

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "ChapterJob",
    "ChapterResult",
    "NotebookError",
    "normalise_executed",
    "read_notebook",
    "run_chapter",
    "write_text_atomically",
]

PARAMETERS_TAG = "parameters"
# What a cell may print (stdout is shown in the page as it is, in one <pre>): a debugging print of
# a whole frame or a long string made the PDF take minutes (WeasyPrint on a line of 90,000
# characters: 40 s) or unreadable to the privacy gate (500,000: the run failed as "personal data").
PRINTED_CHARACTERS_MAX = 100_000
PRINTED_LINE_MAX = 5_000

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_CELL_ID = re.compile(r"^cell-(\d{3,})$")
_KERNEL_TMP = re.compile(r"ipykernel_\d+")  # ipykernel's per-pid folder for cell "files"
_RUN_DEPENDENT_NB_META = ("start_time", "end_time", "duration", "environment_variables", "output_path")
_RUN_DEPENDENT_CELL_META = ("start_time", "end_time", "duration")


class NotebookError(ValueError):
    """A chapter notebook file cannot be used (unreadable, no parameters cell, …)."""


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
    """What running one chapter gave: ok or the error (and failing cell), its seconds, the files written."""

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


def read_notebook(path: str | os.PathLike) -> NotebookNode:
    """Read a chapter notebook (jupytext py:percent ``.py``, or ``.ipynb``) as nbformat v4.

    Cells get fixed ids ``cell-001``, ``cell-002`` … in file order (the number is the cell's
    position, the same number :class:`ChapterResult.failed_cell` reports); the kernelspec is
    fixed to ``python3``; jupytext's own metadata is dropped. Raises :class:`NotebookError`
    naming the file when it cannot be read or has no cell tagged ``parameters``.
    """
    import nbformat  # not at the top: see "Imports" in the module docstring

    path = Path(path)
    try:
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
        else:
            import jupytext  # not at the top: see "Imports" in the module docstring

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


def run_chapter(job: ChapterJob, *, kernel: WarmKernel | None = None) -> ChapterResult:
    """Execute one chapter notebook; write its executed copy and (on success) its HTML.

    Without `kernel` the notebook gets a fresh kernel (started in ``job.cwd``, stopped after).
    With a :class:`~wlzmonitor.run.kernel.WarmKernel` it runs in that kernel after a reset; when
    the chapter fails the kernel is marked for a restart before its next chapter.
    """
    started = time.perf_counter()
    notebook_path = Path(job.notebook_path)
    executed_path = Path(job.executed_path).absolute()
    html_path = Path(job.html_path).absolute()

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
    try:
        options = _execution_options(job, kernel)
    except WarmKernelError as err:
        return result(False, html_path=None, executed_path=None, error=str(err))

    executed, error = _execute(source, job, executed_path, options)
    if error is not None and kernel is not None:
        kernel.needs_restart = True  # a failed chapter must not poison the next one
    executed = _write_executed(executed, source, executed_path, notebook_path, kernel, root=job.parameters.get("root"))
    if error is not None:
        failed_cell, error = _locate_failure(executed, error, notebook_path)
        return result(False, html_path=None, executed_path=executed_path, failed_cell=failed_cell, error=error)
    too_much = _too_much_printed(executed)
    if too_much is not None:
        return result(False, html_path=None, executed_path=executed_path, failed_cell=too_much[0], error=too_much[1])

    try:
        html = notebook_to_html(executed, title=job.title)
        assert_offline(html)
    except Exception as err:
        return result(
            False, html_path=None, executed_path=executed_path, error=f"HTML export: {type(err).__name__}: {err}"
        )
    html_path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(html_path, html)
    return result(True, html_path=html_path, executed_path=executed_path)


def _execution_options(job: ChapterJob, kernel: WarmKernel | None) -> dict[str, Any]:
    """papermill's options for the chapter: in `kernel` (made ready for it first), or in a fresh kernel."""
    cwd = Path(job.cwd if job.cwd is not None else Path(job.notebook_path).parent).absolute()
    if kernel is None:
        return {
            "request_save_on_cell_execute": True,  # a crash or timeout still leaves the cells run so far
            "cwd": str(cwd),
            "kernel_manager_class": kernel_manager_class(),
            "shutdown_kernel": "immediate",  # outputs are all in; no need to wait for a graceful exit
        }
    kernel.prepare(cwd)
    kernel.manager = None
    # No save after every cell: the executed notebook stays in memory (kernel.manager) when
    # a chapter stops; saving ~30 times a growing notebook cost ~0.5 s per chapter.
    return {"engine_name": warm_engine_name(), "warm_kernel": kernel, "request_save_on_cell_execute": False}


def _execute(source: NotebookNode, job: ChapterJob, executed_path: Path,
             options: dict[str, Any]) -> tuple[NotebookNode | None, str | None]:
    """Run the notebook with papermill: (the executed notebook, None) or (None, a short error)."""
    import papermill  # not at the top: see "Imports" in the module docstring

    try:
        with kernel_environment():
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
                **options,
            )
    except papermill.PapermillExecutionError as err:
        return None, _describe_error(err.ename, err.evalue)
    except Exception as err:  # kernel died, timeout, bad parameter, …
        error = _describe_error(type(err).__name__, str(err))
        if type(err).__name__ == "CellTimeoutError" and job.timeout is not None:
            error += (f" (a cell may run {job.timeout:g} s at most: run: cell_timeout in config/report.yml;"
                      " 0 there means no limit)")
        return None, error
    return executed, None


def _write_executed(executed: NotebookNode | None, source: NotebookNode, executed_path: Path,
                    notebook_path: Path, kernel: WarmKernel | None, root: Path | None = None) -> NotebookNode:
    """Normalise the executed notebook (after a failure: what was saved or kept) and write it."""
    import nbformat  # not at the top: see "Imports" in the module docstring

    if executed is None:
        try:
            executed = nbformat.read(executed_path, as_version=4)
        except (OSError, ValueError):
            manager = kernel.manager if kernel is not None else None
            # nothing saved: the warm path's notebook in memory, or the notebook as it would have run
            executed = manager.nb if manager is not None else source
    executed = normalise_executed(executed, input_path=str(notebook_path), root=root)
    write_text_atomically(executed_path, nbformat.writes(executed) + "\n")
    return executed


def _locate_failure(executed: NotebookNode, error: str, notebook_path: Path | None = None) -> tuple[int | None, str]:
    """(the failing cell's number, `error` with where it happened added).

    Where the traceback names the line of the cell (ipykernel's ``Cell In[5], line 3``), the error
    names the line of the notebook's ``.py`` file and shows it: ``in cell 5: notebooks/x.py, line 41:``.
    Cells count as JupyterLab shows the ``.py`` opened as a notebook: every cell, markdown too, from 1
    (papermill's injected parameters cell is not in the file and does not count). Without a line
    (a timeout, a dead kernel) the first lines of the cell are shown.
    """
    failed_cell, cell = _failed_cell(executed)
    if cell is None:
        return failed_cell, error
    if not failed_cell:
        error += "\n  in the injected parameters cell:"
        return failed_cell, error + "".join(f"\n    {_shorten(line, 100)}" for line in _first_lines(cell.source, 3))
    located = _file_line(notebook_path, failed_cell, cell) if notebook_path is not None else None
    if located is None:
        error += f"\n  in cell {failed_cell}:"
        return failed_cell, error + "".join(f"\n    {_shorten(line, 100)}" for line in _first_lines(cell.source, 3))
    number, text = located
    return failed_cell, error + f"\n  in cell {failed_cell}: {_shown_path(notebook_path)}, line {number}:\n    {number} | {_shorten(text, 100)}"


_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
_CELL_MARK = re.compile(r"^# %%")


def _line_in_cell(cell: Any) -> int | None:
    """The innermost line of the failing cell named in its traceback (1-based), if any."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            lines = _CELL_LINE.findall(_ANSI.sub("", "\n".join(output.get("traceback", []))))
            if lines:
                return int(lines[-1])
    return None


def _file_line(path: Path, number: int, cell: Any) -> tuple[int, str] | None:
    """(line number in the ``.py`` file, its text) of the failing line of cell `number`, or None."""
    in_cell = _line_in_cell(cell)
    source = cell.source.splitlines()
    if in_cell is None or not 1 <= in_cell <= len(source) or path.suffix != ".py":
        return None
    try:
        lines = read_input_text(path).splitlines()  # (a named pipe put there meanwhile: never a wait)
    except (OSError, InputError):
        return None
    marks = [i for i, line in enumerate(lines) if _CELL_MARK.match(line)]
    if number > len(marks):
        return None
    start = marks[number - 1] + 1
    wanted = source[in_cell - 1]
    # the cell's source starts after its '# %%' line (jupytext may drop blank lines around it)
    for first in range(start, min(start + 5, len(lines))):
        candidate = first + in_cell - 1
        if candidate < len(lines) and lines[candidate].rstrip() == wanted.rstrip():
            return candidate + 1, wanted.strip()
    return None


def _shown_path(path: Path) -> str:
    """The notebook as a person finds it: relative to the working folder when it is below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


#: a folder written out begins a path: "/home/jan" in "/mnt/home/jan/…" stays
_NOT_INSIDE_A_NAME = r"(?<![\w.-])"


def _relative_to(root: str | Path | None) -> Callable[[str], str]:
    """A function writing the repository folder `root` out of a text: "/home/jan/wlz/outputs/x" ->
    "outputs/x", "/home/jan/wlz" -> "."; and the analyst's other folders (:func:`_machine_folders`):
    a warning of pandas in the Python environment, "/home/jan.jansen/miniconda3/…/site-packages/pandas/…",
    reads "site-packages/pandas/…" (review h130: only the repository's folder was written out)."""
    folders = [(str(Path(root)), "."), (str(Path(root).resolve()), ".")] if root is not None else []
    folders += _machine_folders()
    # papermill writes a parameter string escaped (translate_escaped_str): a folder with an accent,
    # or a backslash ("/Users/José/…") is in the parameters cell as "/Users/Jos\xe9/…"
    folders += [(p.encode("unicode_escape").decode("utf-8").replace('"', r'\"'), name) for p, name in folders]
    folders = sorted({(p.rstrip("/"), name) for p, name in folders if p.rstrip("/")}, key=lambda f: -len(f[0]))
    patterns = [(re.compile(_NOT_INSIDE_A_NAME + re.escape(p) + "/"), "" if name == "." else name + "/",
                 re.compile(_NOT_INSIDE_A_NAME + re.escape(p) + r"(?![\w.-])"), name) for p, name in folders]

    def relative(text: str) -> str:
        for inside, inside_name, itself, name in patterns:
            text = itself.sub(name, inside.sub(inside_name, text))
        return text
    return relative


def _machine_folders() -> list[tuple[str, str]]:
    """(folder, what a text says instead) of the folders of the analyst's machine that a warning or
    traceback names outside the repository: the Python environment's libraries and prefixes, and the
    home folder (whose name is often the user's: "/home/jan.jansen"); a home of "/" is left alone."""
    found = [(sysconfig.get_paths().get(key, ""), "site-packages") for key in ("purelib", "platlib")]
    found += [(prefix, "<python>") for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix}]
    with contextlib.suppress(RuntimeError, KeyError):
        found.append((str(Path.home()), "~"))
    both = found + [(str(Path(p).resolve()), name) for p, name in found if p]
    return [(p, name) for p, name in both if len(Path(p).parts) > 1]


def normalise_executed(nb: NotebookNode, *, input_path: str | None = None,
                       root: str | Path | None = None) -> NotebookNode:
    """Strip what differs between two runs of the same notebook (in place; returns `nb`).

    Removes papermill's start/end times, durations, output path and environment, nbclient's
    execution timestamps; gives cells without our ``cell-NNN`` id (papermill's injected
    parameters and error-marker cells) fixed ids; replaces kernel pids in ipykernel temp
    paths (``/tmp/ipykernel_12345/…`` in warnings and tracebacks) by ``ipykernel_0``. With `root`
    (the repository folder) its path is written out of the parameters, the input path, streams and
    tracebacks: the executed notebook is the same wherever the report was built, and holds no folder
    of the analyst's machine ("/Users/jan.jansen/…"; review of the readers).
    """
    relative = _relative_to(root)
    meta = nb.metadata.get("papermill")
    if meta is not None:
        for key in _RUN_DEPENDENT_NB_META:
            meta.pop(key, None)
        if input_path is not None:
            meta["input_path"] = relative(input_path)
        if isinstance(meta.get("parameters"), dict):
            meta["parameters"] = {k: relative(v) if isinstance(v, str) else v for k, v in meta["parameters"].items()}
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
        if "injected-parameters" in (cell_meta.get("tags") or []):
            cell["source"] = relative(cell["source"])
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = relative(_KERNEL_TMP.sub("ipykernel_0", output["text"]))
            elif output.get("output_type") == "error":
                output["traceback"] = [relative(_KERNEL_TMP.sub("ipykernel_0", line)) for line in output["traceback"]]
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
    # running "completed": the failing cell is the last one that was started. After a dead kernel
    # papermill also marks the cells it never started "completed" (at the notebook's end), but only a
    # started cell has its ``exception`` set (False): the last of those is where the kernel died
    # (safety review h93: a kernel ended in cell 2 was reported in cell 5)
    started = [c for c in nb.cells if c.get("metadata", {}).get("papermill", {}).get("status") not in (None, "pending")]
    started = [c for c in started if c.cell_type == "code"]
    begun = [c for c in started if c.get("metadata", {}).get("papermill", {}).get("exception") is not None] or started
    if begun:
        return _cell_number(begun[-1]), begun[-1]
    return None, None


def _too_much_printed(nb: NotebookNode) -> tuple[int | None, str] | None:
    """(cell number, error) for the first cell that printed more than a page should show, else None."""
    for cell in nb.cells:
        text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                       if o.get("output_type") == "stream" and o.get("name") == "stdout") if cell.cell_type == "code" else ""
        longest = max((len(line) for line in text.splitlines()), default=0)
        if len(text) > PRINTED_CHARACTERS_MAX or longest > PRINTED_LINE_MAX:
            number = _cell_number(cell)
            return number, (f"cell {number} printed {len(text):,} characters (its longest line {longest:,}); a page "
                            f"shows printed text as it is, at most {PRINTED_CHARACTERS_MAX:,} characters per cell "
                            f"and {PRINTED_LINE_MAX:,} per line: print less (a table goes through chapter.table)"
                            + "".join(f"\n    {_shorten(line, 100)}" for line in _first_lines(cell.source, 3)))
    return None


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


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8, Unix line ends) to a temporary file next to `path`, then rename it over `path`.

    The temporary file's name is this writer's own (two writers of one path — a worker still writing
    while the run writes the same page — each rename a whole file; with one shared name the second
    found its file renamed away and failed with "No such file or directory: .x.ipynb.tmp")."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with open(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # as an ordinary file of the output (mkstemp makes it 0600); a file system that keeps no Unix
        # modes (FAT, some network shares) refuses the call, where open() had written the file: best effort
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError) and not err.filename:  # a full disk: the message names the file
            raise naming_the_file(err, path) from err
        raise


def _read_umask() -> int:
    """The process's umask, once, at import: from /proc on Linux, else by setting it and setting it back
    (a file another thread made in that instant would get the mode 022 gives)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
