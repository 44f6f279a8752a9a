"""A chapter whose notebook changed only in its prose: its page made again without running it.

    code = code_key(read_notebook(path), job.parameters, data_key)   # recorded in the manifest
    if code == previous_manifest_entry["code"]:
        result = rewrite_prose(job, previous_executed_path, expected_sha256=entry["executed"])

An analyst who rewrites a sentence in a markdown cell changes nothing a code cell computes:
the tables, charts and figures of the chapter come from its code cells, the year's result and
the library, never from its markdown. :func:`code_key` is the hash of everything but the markdown
text — every cell's position, id, type, metadata and (code cells) source, the notebook's
metadata, the run's parameters and the year's data key (inputs, library source, templates,
Python and packages: :func:`~wlzmonitor.compute.fingerprint.input_snapshot`). When it equals the
key recorded for the chapter's last successful run, running the notebook again would give the
same outputs cell for cell (the chapters are deterministic: tests/test_determinism.py), so
:func:`rewrite_prose` takes the executed notebook of that run, puts the new markdown in its
cells and writes the executed copy and the page as :func:`~wlzmonitor.run.notebook_run.run_chapter`
would: the same bytes (tests/test_prose_update.py compares both paths), without a kernel start
(~2 s) or any cell run.

The executed notebook it starts from must be exactly the one the last run wrote: its SHA-256 is
in the manifest, and any difference (an edited or damaged file, another cell structure) makes
the chapter run normally. Nothing is reused across years, data keys or parameters.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wlzmonitor.run.html_export import assert_offline, notebook_to_html
from wlzmonitor.run.notebook_run import (
    ChapterJob,
    ChapterResult,
    NotebookError,
    normalise_executed,
    read_notebook,
    write_text_atomically,
)

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["code_key", "file_sha256", "notebook_code_key", "rewrite_prose"]


def _located(parameters: dict[str, Any]) -> dict[str, str]:
    """The parameters as text, a path inside the repository (``root``) written relative to it: the key
    is the same wherever the repository is (a moved or second checkout, another machine), as the
    outputs are (their paths are written out of the executed notebooks), and the manifest with it."""
    root = str(parameters.get("root") or "")
    out = {}
    for k, v in parameters.items():
        text = str(v)
        if root and k != "root" and (text == root or text.startswith(root.rstrip("/") + "/")):
            text = "<root>" + text[len(root.rstrip("/")):]
        out[k] = "<root>" if k == "root" and root else text
    return out


def code_key(notebook: NotebookNode, parameters: dict[str, Any], data_key: str) -> str:
    """What a chapter's outputs depend on besides its markdown text (see the module docstring)."""
    cells = [  # a markdown cell's images (attachments, .ipynb only) count as code: they are not spliced
        {"id": cell.get("id"), "type": cell.cell_type, "metadata": cell.get("metadata", {}),
         "attachments": cell.get("attachments", {}), "source": cell.source if cell.cell_type != "markdown" else ""}
        for cell in notebook.cells
    ]
    shape = {"nbformat": [notebook.nbformat, notebook.nbformat_minor], "metadata": notebook.metadata,
             "cells": cells, "parameters": _located(parameters)}
    text = json.dumps(shape, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("ascii")).hexdigest() + ":" + data_key


def notebook_code_key(path: Path, parameters: dict[str, Any], data_key: str) -> tuple[str | None, Any]:
    """(:func:`code_key`, the notebook) of the notebook file at `path`; (None, None) when it cannot
    be read (it then runs normally and reports why)."""
    try:
        notebook = read_notebook(path)
    except NotebookError:
        return None, None
    return code_key(notebook, parameters, data_key), notebook


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes (None when it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _spliced(executed: NotebookNode, source: NotebookNode) -> NotebookNode | None:
    """`executed` with the markdown text of `source` (None when the two are not the same notebook
    cell for cell: the executed copy holds papermill's injected parameters cell in addition)."""
    run_cells = [cell for cell in executed.cells if str(cell.get("id", "")).startswith("cell-")]
    if len(run_cells) != len(source.cells):
        return None
    for done, new in zip(run_cells, source.cells):
        if done.get("id") != new.get("id") or done.cell_type != new.cell_type:
            return None
        if new.cell_type == "markdown":
            done.source = new.source
        elif done.source != new.source:
            return None
    return executed


def rewrite_prose(job: ChapterJob, previous_executed: Path, *, expected_sha256: str,
                  source: NotebookNode | None = None) -> ChapterResult | None:
    """The chapter's executed notebook and page from `previous_executed` with the new markdown of
    its notebook (`source`: as read by :func:`~wlzmonitor.run.notebook_run.read_notebook`; read
    from ``job.notebook_path`` when None); None (run it normally) when that file is not the one
    recorded (`expected_sha256`) or does not fit the notebook cell for cell. A page that fails the
    offline check is a failed chapter, as after a run."""
    import nbformat  # not at the top: see "Imports" in wlzmonitor.run.notebook_run

    started = time.perf_counter()
    try:
        data = Path(previous_executed).read_bytes()
        if hashlib.sha256(data).hexdigest() != expected_sha256:
            return None
        executed = nbformat.reads(data.decode("utf-8"), as_version=4)
        source = source if source is not None else read_notebook(job.notebook_path)
    except (OSError, ValueError, NotebookError):
        return None
    executed = _spliced(executed, source)
    if executed is None:
        return None
    executed = normalise_executed(executed, input_path=str(job.notebook_path), root=job.parameters.get("root"))
    executed_path, html_path = Path(job.executed_path).absolute(), Path(job.html_path).absolute()
    for stale in (executed_path, html_path):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    executed_path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(executed_path, nbformat.writes(executed) + "\n")

    def result(ok: bool, **kw: Any) -> ChapterResult:
        return ChapterResult(stem=job.stem, ok=ok, seconds=time.perf_counter() - started,
                             executed_path=executed_path, **kw)
    try:
        html = notebook_to_html(executed, title=job.title)
        assert_offline(html)
    except Exception as err:
        return result(False, html_path=None, error=f"HTML export: {type(err).__name__}: {err}")
    html_path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(html_path, html)
    return result(True, html_path=html_path)
