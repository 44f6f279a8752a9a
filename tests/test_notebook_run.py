"""notebook_run and chapter_runner: chapter notebooks executed by papermill in worker processes, into HTML."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from wlzmonitor.run.chapter_runner import (
    ChapterRunner,
    format_failures,
    load_timings,
    longest_first,
    print_progress,
    run_chapters,
    save_timings,
)
from wlzmonitor.run.notebook_run import ChapterJob, ChapterResult, NotebookError, read_notebook, run_chapter

pytestmark = pytest.mark.slow  # runs chapter notebooks in kernels (a whole report or fixture chapters)

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def _job(stem: str, out: Path, cwd: Path, year: int = 2026) -> ChapterJob:
    return ChapterJob(
        stem=stem,
        notebook_path=FIXTURES / f"{stem}.py",
        parameters={"year": year},
        html_path=out / f"{stem}.html",
        executed_path=out / f"{stem}.ipynb",
        title=f"Test {stem}",
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The two fixtures through run_chapters (2 worker processes, each with a warm kernel), then
    the ok one again inline in a fresh kernel (the slow path)."""
    base = tmp_path_factory.mktemp("chapters")
    cwd = base / "werkmap"
    cwd.mkdir()
    first, second = base / "run1", base / "run2"
    calls: list[tuple[str, int, int]] = []
    results = run_chapters(
        [_job("ok_chapter", first, cwd), _job("failing_chapter", first, cwd)],
        workers=2,
        progress=lambda result, done, total: calls.append((result.stem, done, total)),
    )
    again = run_chapter(_job("ok_chapter", second, cwd))
    return {"results": results, "again": again, "calls": calls, "first": first, "second": second, "cwd": cwd}


def _executed(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_results_in_job_order_with_progress(runs):
    ok, failed = runs["results"]
    assert (ok.stem, failed.stem) == ("ok_chapter", "failing_chapter")
    assert sorted(stem for stem, _, _ in runs["calls"]) == ["failing_chapter", "ok_chapter"]
    assert [(done, total) for _, done, total in runs["calls"]] == [(1, 2), (2, 2)]
    assert ok.ok and ok.error is None and ok.failed_cell is None and ok.seconds > 0


def test_ok_chapter_html(runs):
    ok = runs["results"][0]
    assert ok.html_path == runs["first"] / "ok_chapter.html"
    html = ok.html_path.read_text(encoding="utf-8")
    assert "jaar 2026" in html and "Tabel 2026" in html  # the parameter we passed, not the default
    assert "2000" not in html
    assert 'print(f"jaar' not in html  # no code
    assert "stderr-waarschuwing" not in html and "UserWarning" not in html
    assert "KERNEL" not in html  # remove_cell
    assert "verborgen uitvoer" not in html  # remove_output
    assert "# Parameters" not in html
    assert '<html lang="nl">' in html and "<title>Test ok_chapter</title>" in html
    lowered = html.lower()
    assert "<script" not in lowered and "http://" not in lowered and "https://" not in lowered


def test_kernel_runs_with_this_interpreter_env_and_cwd(runs):
    nb = _executed(runs["first"] / "ok_chapter.ipynb")
    (cell,) = [c for c in nb["cells"] if "remove_cell" in c["metadata"].get("tags", [])]
    line = "".join(cell["outputs"][0]["text"]).split()
    # the interpreter as the executed notebook names it: its folder written out (review h130, the analyst's folders)
    from wlzmonitor.run.notebook_run import _relative_to
    assert line == ["KERNEL", _relative_to(None)(sys.executable), str(runs["cwd"]), "Agg", "0"]
    assert _relative_to(None)(sys.executable) != sys.executable


def test_executed_notebook_is_clean_and_parameterised(runs):
    nb = _executed(runs["first"] / "ok_chapter.ipynb")
    assert nb["metadata"]["papermill"]["parameters"] == {"year": 2026}
    ids = [c["id"] for c in nb["cells"]]
    assert ids[:3] == ["cell-001", "cell-002", "injected-parameters"]
    text = json.dumps(nb)
    for key in ("start_time", "end_time", "duration", "iopub.execute_input", "output_path"):
        assert key not in text, key
    assert "ipykernel_0" in text  # the warning's kernel temp path, pid normalised


def test_two_runs_byte_identical(runs):
    again = runs["again"]
    assert again.ok
    assert again.html_path.read_bytes() == (runs["first"] / "ok_chapter.html").read_bytes()
    assert again.executed_path.read_bytes() == (runs["first"] / "ok_chapter.ipynb").read_bytes()


def test_failing_chapter(runs):
    failed = runs["results"][1]
    assert failed.ok is False
    assert failed.failed_cell == 3
    assert failed.error.startswith("ValueError: kapot in jaar 2026")
    # where it happened: the line of the .py file (line 9), not the first lines of the cell; cell 3 as
    # JupyterLab shows the file opened as a notebook (every cell from 1, the parameters cell too)
    assert "in cell 3: " in failed.error and "failing_chapter.py, line 9:" in failed.error
    assert '9 | raise ValueError(f"kapot in jaar {year}")' in failed.error and "de derde cel" not in failed.error
    assert "\x1b[" not in failed.error
    assert failed.html_path is None and not (runs["first"] / "failing_chapter.html").exists()
    assert failed.executed_path == runs["first"] / "failing_chapter.ipynb"
    nb = _executed(failed.executed_path)
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors and errors[0]["ename"] == "ValueError"


def test_failure_report(runs):
    report = format_failures(runs["results"])
    assert report.startswith("1 of 2 chapter(s) failed:")
    assert "- failing_chapter (cell 3)" in report and "ValueError: kapot in jaar 2026" in report
    assert str(runs["first"] / "failing_chapter.ipynb") in report
    assert format_failures([runs["results"][0]]) == ""


def test_print_progress_format():
    out = io.StringIO()
    print_progress(ChapterResult("02_capaciteit", True, 4.23, None, None), 3, 8, file=out)
    failed = ChapterResult("03_herschikking", False, 1.0, None, None, failed_cell=3, error="ValueError: x\n  in cell 3:")
    print_progress(failed, 4, 8, file=out)
    assert out.getvalue().splitlines() == [
        "[3/8] 02_capaciteit ok 4,2 s",
        "[4/8] 03_herschikking FAILED 1,0 s (cell 3: ValueError: x)",
    ]


def test_read_notebook_fixed_ids_and_kernel():
    nb = read_notebook(FIXTURES / "ok_chapter.py")
    assert [c.id for c in nb.cells] == [f"cell-{n:03d}" for n in range(1, len(nb.cells) + 1)]
    assert nb.metadata.kernelspec.name == "python3" and "jupytext" not in nb.metadata
    assert nb.cells[1].metadata.tags == ["parameters"] and nb.cells[1].source.startswith("year = 2000")


def test_read_notebook_without_parameters_cell(tmp_path):
    path = tmp_path / "zonder.py"
    shutil.copy(FIXTURES / "no_parameters.py", path)
    with pytest.raises(NotebookError, match=r"zonder\.py: no cell tagged 'parameters'"):
        read_notebook(path)
    job = ChapterJob(
        stem="zonder",
        notebook_path=path,
        parameters={},
        html_path=tmp_path / "z.html",
        executed_path=tmp_path / "z.ipynb",
        title="z",
        cwd=tmp_path,
    )
    result = run_chapter(job)
    assert not result.ok and "no cell tagged 'parameters'" in result.error and result.executed_path is None


def test_run_chapters_empty():
    assert run_chapters([]) == []


def test_longest_first_and_timings(tmp_path):
    jobs = [_job(stem, tmp_path, tmp_path) for stem in ("kort", "nieuw", "lang")]
    assert longest_first(jobs, {}) == [0, 1, 2]  # nothing known: job order
    # never timed first (it may be long), then the longest
    assert longest_first(jobs, {"kort": 1.0, "lang": 9.5}) == [1, 2, 0]
    for job, weight in zip(jobs, (1, 5, 5)):
        job.weight = weight  # e.g. the number of charts
    assert longest_first(jobs, {"kort": 1.0}) == [1, 2, 0]  # not all timed: by weight, ties in job order
    assert longest_first(jobs, {"kort": 3.0, "nieuw": 1.0, "lang": 2.0}) == [0, 2, 1]  # all timed: by duration
    timings = tmp_path / "cache" / "chapter-seconds.json"
    assert load_timings(timings) == {} and load_timings(None) == {}
    save_timings(timings, [ChapterResult("kort", True, 1.234, None, None), ChapterResult("lang", False, 3.0, None, None)])
    save_timings(timings, [ChapterResult("lang", True, 9.5, None, None)])
    assert load_timings(timings) == {"kort": 1.23, "lang": 9.5}  # failed runs say nothing
    timings.write_text("kapot", encoding="utf-8")
    assert load_timings(timings) == {}


def test_runner_started_early_runs_later_and_is_used_once(tmp_path):
    runner = ChapterRunner(1, cwd=tmp_path, warm=False)  # one job: runs in this process
    (result,) = runner.run([_job("ok_chapter", tmp_path / "uit", tmp_path)],
                           timings_file=tmp_path / "seconds.json")
    assert result.ok and "ok_chapter" in load_timings(tmp_path / "seconds.json")
    with pytest.raises(RuntimeError, match="used or closed"):
        runner.run([])
    with pytest.raises(RuntimeError, match="nothing submitted"):
        ChapterRunner(1, cwd=tmp_path, warm=False).wait()
    ChapterRunner(3, workers=2, cwd=tmp_path).close()  # started, never run: closes its workers


@pytest.mark.slow  # two warm workers with their kernels, then a killed process: the full suite runs it
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG): Linux only")
def test_a_killed_run_takes_its_chapter_workers_and_their_kernels_with_it(tmp_path):
    """SIGKILL to the run while its workers and kernels are up: none of them stays (process_tree)."""
    import subprocess
    import time

    psutil = pytest.importorskip("psutil")
    root = Path(__file__).resolve().parents[1]
    script = ("import sys, time\n"
              "sys.path.insert(0, sys.argv[1])\n"
              "from wlzmonitor.run.chapter_runner import ChapterRunner\n"
              "runner = ChapterRunner(3, workers=2, cwd=sys.argv[2])\n"
              "print('up', flush=True)\n"
              "time.sleep(300)\n")
    run = subprocess.Popen([sys.executable, "-c", script, str(root / "lib"), str(tmp_path)],
                           stdout=subprocess.PIPE, text=True)
    family: list = []
    try:
        assert run.stdout.readline().strip() == "up"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # two workers, each with its kernel
            family = psutil.Process(run.pid).children(recursive=True)
            kernels = [p for p in family if "ipykernel" in " ".join(p.cmdline())]
            if len(kernels) >= 2:
                break
            time.sleep(0.5)
        assert len(kernels) >= 2, [p.cmdline() for p in family]
    finally:
        run.kill()
        run.wait()
    _, alive = psutil.wait_procs(family, timeout=30)
    left = [p.pid for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    assert left == []


def test_the_executed_notebook_holds_no_folder_of_the_build_machine(tmp_path):
    """Review of the readers: every executed notebook held the build folder 7 times ("root":
    "/Users/jan.jansen/wlz"), so the output differed between machines and named the analyst's folder."""
    import nbformat

    from wlzmonitor.run.notebook_run import normalise_executed

    root = tmp_path / "wlz"
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"input_path": str(root / "notebooks" / "x.py"),
                                "parameters": {"year": 2026, "root": str(root),
                                               "output_dir": str(root / "outputs" / ".2026.partial")}}
    params = nbformat.v4.new_code_cell(f'# Parameters\nyear = 2026\nroot = "{root}"\n'
                                       f'output_dir = "{root}/outputs/.2026.partial"\n')
    params.metadata["tags"] = ["injected-parameters"]
    code = nbformat.v4.new_code_cell("x = 1")
    code.outputs = [nbformat.v4.new_output("stream", name="stderr", text=f"{root}/lib/wlzmonitor/a.py:3: Warning\n"
                                                                          f"{root}2/other stays\n"),
                    nbformat.v4.new_output("error", ename="E", evalue="e",
                                           traceback=[f'File "{root}/notebooks/x.py", line 3'])]
    nb.cells = [params, code]
    out = normalise_executed(nb, input_path=str(root / "notebooks" / "x.py"), root=root)
    assert out.metadata["papermill"]["input_path"] == "notebooks/x.py"
    assert out.metadata["papermill"]["parameters"] == {"year": 2026, "root": ".", "output_dir": "outputs/.2026.partial"}
    assert out.cells[0].source == '# Parameters\nyear = 2026\nroot = "."\noutput_dir = "outputs/.2026.partial"\n'
    assert out.cells[1].outputs[0]["text"] == f"lib/wlzmonitor/a.py:3: Warning\n{root}2/other stays\n"
    assert out.cells[1].outputs[1]["traceback"] == ['File "notebooks/x.py", line 3']
    assert str(root) + "/" not in nbformat.writes(out)


def test_two_writers_of_one_page_never_collide_on_the_temporary_file(tmp_path):
    """Each writer has a temporary file of its own: with one shared name, a second writer found its
    file renamed away by the first ("No such file or directory: .x.ipynb.tmp")."""
    import os
    import threading

    from wlzmonitor.run.notebook_run import write_text_atomically

    target = tmp_path / "x.ipynb"
    errors: list[BaseException] = []
    texts = [f"{i}\n" * 20_000 for i in range(8)]

    def write(text: str) -> None:
        try:
            for _ in range(20):
                write_text_atomically(target, text)
        except BaseException as err:  # noqa: BLE001 - collected for the assertion
            errors.append(err)

    threads = [threading.Thread(target=write, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert target.read_text(encoding="utf-8") in texts  # one writer's whole text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.ipynb"]  # no temporary file left
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # as open() would have made it


def test_a_file_system_that_refuses_chmod_still_gets_the_page(tmp_path, monkeypatch):
    """A FAT stick or network share without Unix modes refuses chmod (EPERM): open() wrote the page there,
    the writer with its own temporary file failed the run and must not; nothing is left behind."""
    import os

    from wlzmonitor.run import notebook_run

    def refuse(*_args, **_kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(notebook_run.os, "chmod", refuse)
    target = tmp_path / "x.html"
    notebook_run.write_text_atomically(target, "<p>a</p>\n")
    assert target.read_text(encoding="utf-8") == "<p>a</p>\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.html"]

    def fail(*_args, **_kwargs):  # a rename that fails leaves no temporary file either
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(notebook_run.os, "replace", fail)
    with pytest.raises(OSError, match="Permission denied"):
        notebook_run.write_text_atomically(target, "<p>b</p>\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.html"]
    assert target.read_text(encoding="utf-8") == "<p>a</p>\n"
    assert os.path.exists(target)


PRINTING = '''# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
year = 2000

# %%
print("kort")

# %%
print("x" * {width})
'''


@pytest.mark.parametrize("width", [90_000, 2_000_000])
def test_a_cell_that_prints_a_huge_text_fails_its_chapter(tmp_path, width):
    """Review: a chapter that printed one line of 90,000 characters made the PDF take 40 s more;
    50 MB ran for minutes and then failed the run as "personal data" (a PDF page pypdf could not
    read). The chapter fails at once, naming the cell and the limit; no page is written."""
    path = tmp_path / "printen.py"
    path.write_text(PRINTING.replace("{width}", str(width)), encoding="utf-8")
    job = ChapterJob(stem="printen", notebook_path=path, parameters={}, html_path=tmp_path / "p.html",
                     executed_path=tmp_path / "p.ipynb", title="p", cwd=tmp_path)
    result = run_chapter(job)
    assert not result.ok and result.failed_cell == 3 and not (tmp_path / "p.html").exists()
    assert f"cell 3 printed {width + 1:,} characters" in result.error and 'print("x" *' in result.error


def test_a_build_folder_with_an_accent_is_written_out_of_the_parameters_cell(tmp_path):
    """Review: built in "/tmp/été ñ/wlz monitor", every executed notebook kept that folder in its
    parameters cell, where papermill writes it escaped ("/tmp/\\xe9t\\xe9 \\xf1/…"): the audit copy
    named the analyst's folder and differed between machines."""
    import nbformat
    from papermill.translators import PythonTranslator

    from wlzmonitor.run.notebook_run import normalise_executed

    root = tmp_path / "été ñ" / "wlz monitor"
    params = nbformat.v4.new_code_cell(PythonTranslator.codify(
        {"year": 2026, "root": str(root), "output_dir": str(root / "outputs" / ".2026.partial")}))
    params.metadata["tags"] = ["injected-parameters"]
    nb = nbformat.v4.new_notebook()
    nb.cells = [params]
    out = normalise_executed(nb, root=root)
    assert 'root = "."' in out.cells[0].source
    assert 'output_dir = "outputs/.2026.partial"' in out.cells[0].source
    assert "wlz monitor" not in nbformat.writes(out)
