"""The fast path (warm kernels) gives what the slow path (a fresh kernel per chapter) gives.

- byte-identical executed notebooks and HTML pages, fast vs slow, on fixture chapters;
- a chapter in a warm kernel sees nothing of the chapter before it (variables, options,
  working folder, environment, warning filters, matplotlib rcParams);
- a chapter that fails (error, dead kernel, timeout) does not break the next one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wlzmonitor.run.chapter_runner import run_chapters
from wlzmonitor.run.kernel import WarmKernel
from wlzmonitor.run.notebook_run import ChapterJob, run_chapter

pytestmark = pytest.mark.slow  # runs chapter notebooks in kernels (a whole report or fixture chapters)

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
SMALL_PRELOAD = ("pandas",)  # matplotlib is first imported by a chapter: that path is tested too


def _job(stem: str, out: Path, cwd: Path, *, notebook: Path | None = None, timeout: float | None = None,
         **parameters) -> ChapterJob:
    return ChapterJob(
        stem=stem,
        notebook_path=notebook or FIXTURES / f"{stem}.py",
        parameters={"year": 2026, **parameters},
        html_path=out / f"{stem}.html",
        executed_path=out / "notebooks" / f"{stem}.ipynb",
        title=f"Test {stem}",
        cwd=cwd,
        timeout=timeout,
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _stdout(executed: Path) -> str:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return "".join("".join(o["text"]) for c in nb["cells"] for o in c.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _stderr(executed: Path) -> str:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return "".join("".join(o["text"]) for c in nb["cells"] for o in c.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")


@pytest.fixture(scope="module")
def cwd(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("speed") / "werkmap"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def slow(tmp_path_factory, cwd) -> Path:
    """The reference: each fixture chapter in a fresh kernel of its own (the slow path)."""
    out = tmp_path_factory.mktemp("slow")
    jobs = [_job("ok_chapter", out, cwd), _job("state_chapter", out, cwd), _job("failing_chapter", out, cwd)]
    results = run_chapters(jobs, workers=1, warm=False)
    assert [r.ok for r in results] == [True, True, False]
    return out


def test_fast_and_slow_paths_give_identical_bytes(slow, cwd, tmp_path):
    # one warm kernel runs all three, one after the other: each sees what the one before left
    jobs = [_job("ok_chapter", tmp_path, cwd), _job("state_chapter", tmp_path, cwd),
            _job("failing_chapter", tmp_path, cwd)]
    results = run_chapters(jobs, workers=1, warm=True)
    assert [r.ok for r in results] == [True, True, False]
    fast, reference = _files(tmp_path), _files(slow)
    assert sorted(fast) == sorted(reference) == [
        "notebooks/failing_chapter.ipynb", "notebooks/ok_chapter.ipynb", "notebooks/state_chapter.ipynb",
        "ok_chapter.html", "state_chapter.html"]
    for name in fast:
        assert fast[name] == reference[name], name
    assert results[2].failed_cell == 3 and results[2].error.startswith("ValueError: kapot in jaar 2026")


def test_a_chapter_in_a_warm_kernel_does_not_see_the_chapter_before(slow, cwd, tmp_path):
    kernel = WarmKernel(cwd, preload=SMALL_PRELOAD)
    kernel.start()
    try:
        first = run_chapter(_job("state_chapter", tmp_path / "eerste", cwd, label="eerste"), kernel=kernel)
        second = run_chapter(_job("state_chapter", tmp_path / "tweede", cwd), kernel=kernel)
    finally:
        kernel.shutdown()
    assert first.ok and second.ok and kernel.starts == 1  # the same kernel, no restart
    out = _stdout(second.executed_path)
    assert "jaar 2026 (standaard); al gedefinieerd: []" in out  # not 'geheim' of the first run
    assert "map werkmap; WLZ_TEST_VAR=None; pad False" in out  # folder, environment and sys.path back
    assert "max_rows 60; linewidth 1.5" in out  # pandas option and matplotlib rcParams back
    assert "wlz-test filters 0" in out  # the first run's warning filter gone
    for run in (first, second):  # the warning is shown again, not "once per kernel"
        assert "UserWarning: waarschuwing uit het hoofdstuk" in _stderr(run.executed_path)
    # … and the second run is byte for byte what a fresh kernel gives (execution counts from 1)
    assert second.executed_path.read_bytes() == (slow / "notebooks" / "state_chapter.ipynb").read_bytes()
    assert second.html_path.read_bytes() == (slow / "state_chapter.html").read_bytes()
    counts = [c.get("execution_count") for c in json.loads(second.executed_path.read_text())["cells"]
              if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_a_failing_chapter_does_not_break_the_next_one(slow, cwd, tmp_path):
    dying = tmp_path / "sterft.py"
    dying.write_text('# %% tags=["parameters"]\nyear = 2000\n\n# %%\nimport os\nos._exit(3)\n', encoding="utf-8")
    hanging = tmp_path / "hangt.py"
    hanging.write_text('# %% tags=["parameters"]\nyear = 2000\n\n# %%\nimport time\ntime.sleep(120)\n',
                       encoding="utf-8")
    kernel = WarmKernel(cwd, preload=SMALL_PRELOAD)
    kernel.start()
    results = []
    try:
        for failing in (_job("failing_chapter", tmp_path / "a", cwd),  # an exception in a cell
                        _job("sterft", tmp_path / "b", cwd, notebook=dying),  # the kernel dies
                        _job("hangt", tmp_path / "c", cwd, notebook=hanging, timeout=3)):  # a cell times out
            bad = run_chapter(failing, kernel=kernel)
            assert not bad.ok and bad.executed_path is not None and bad.executed_path.exists(), bad.error
            assert kernel.needs_restart
            good = run_chapter(_job("ok_chapter", tmp_path / failing.stem, cwd), kernel=kernel)
            results.append((bad, good))
    finally:
        kernel.shutdown()
    assert kernel.starts == 4  # a fresh kernel after each of the three failures
    assert re.match(r"ValueError: kapot in jaar 2026", results[0][0].error)
    assert results[1][0].error.startswith("DeadKernelError") and results[1][0].failed_cell == 2
    assert "Timeout" in results[2][0].error and results[2][0].failed_cell == 2
    for bad, good in results:
        assert good.ok, good.error
        assert good.html_path.read_bytes() == (slow / "ok_chapter.html").read_bytes()
        assert good.executed_path.read_bytes() == (slow / "notebooks" / "ok_chapter.ipynb").read_bytes()


def test_a_runner_aborted_before_its_jobs_leaves_no_worker_or_kernel(tmp_path):
    """An error after the workers started (a broken export found while they start their kernels):
    abort() stops them within its time, and their kernels go with them."""
    import os
    import time

    import psutil

    from wlzmonitor.run.chapter_runner import ChapterRunner

    me = psutil.Process(os.getpid())
    before = {p.pid for p in me.children(recursive=True)}
    runner = ChapterRunner(2, workers=2, cwd=tmp_path)
    time.sleep(0.5)  # the workers are starting their kernels now
    started = time.perf_counter()
    runner.abort(seconds=20)
    assert time.perf_counter() - started < 25
    deadline = time.monotonic() + 15  # a kernel whose worker was terminated notices within seconds
    while time.monotonic() < deadline:
        left = [p for p in me.children(recursive=True) if p.pid not in before and p.is_running()
                and p.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(p.cmdline())]
        if not left:
            break
        time.sleep(0.2)
    assert left == []
