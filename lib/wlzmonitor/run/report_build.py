"""The work of a report run that has something to do: chapters, data outputs, index, atomic replace.

:func:`build_output` is called by :func:`wlzmonitor.run.report_run.build_report` with the plan.
The new output is assembled in ``outputs/.<year>.partial/`` and replaces ``outputs/<year>/`` only
when every chapter succeeded and every page passed the offline check, so a failed run never
leaves a half-written output looking complete. A failed run is moved to
``outputs/.<year>.failed/`` with the executed notebooks (the failing cell's error in them) for
debugging; ``outputs/<year>/`` stays as it was. Chapters the plan does not rerun are taken over
from the existing output (pages, executed notebooks, figures).

The order is chosen for speed: the chapter workers start first (they import pandas, matplotlib …
and start their kernels) while this process computes the year's result; the chapters start as
soon as their jobs are known, and the data outputs are written while they run.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from wlzmonitor.compute.result_cache import cached_year_result, result_path
from wlzmonitor.compute.year_result import YearResult
from wlzmonitor.run.chapter_runner import ChapterRunner, format_failures, print_progress
from wlzmonitor.run.data_outputs import write_data_outputs
from wlzmonitor.run.html_export import assert_offline
from wlzmonitor.run.index_page import write_index
from wlzmonitor.run.notebook_run import ChapterJob, ChapterResult
from wlzmonitor.run.pdf import write_pdf
from wlzmonitor.run.report_plan import MANIFEST, Plan, RunSummary, notebook_path
from wlzmonitor.spec.config import ReportConfig

__all__ = ["build_output"]


def build_output(year: int, planned: Plan, *, config: ReportConfig, workers: int | None,
                 log: Callable[[str], None], started: float) -> RunSummary:
    """Run the planned chapters and write the data outputs; replace the output when all succeeded."""
    to_run = planned.to_run
    target = config.output_for(year)
    summary = RunSummary(year, target, ok=False)
    # start the chapter workers and their kernels now: they import pandas, matplotlib, … while
    # this process computes the year's result
    runner = ChapterRunner(len(to_run), workers=workers, cwd=config.root / "notebooks") if to_run else None
    staging = target.parent / f".{year}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    cache = staging.parent / ".cache"
    result = cached_year_result(year, config, directory=cache)
    result_file = result_path(year, planned.data_key, cache)  # every chapter reads exactly this result
    summary.checks = list(result.checks)
    keep = [s for s in config.chapters if s not in to_run]
    if keep and target.exists():
        _copy_previous_chapters(target, staging, keep)

    jobs = _chapter_jobs(year, config, to_run, staging, result, result_file)
    if jobs:
        log(f"run_all: {year}: running {len(jobs)} of {len(config.chapters)} chapter(s)"
            + (f" ({', '.join(keep)} unchanged)" if keep and target.exists() else ""))
    if runner:  # the chapters start now, longest first (last run's durations, else weight)
        runner.submit(jobs, timings_file=cache / f"chapter-seconds-{year}.json")
    write_data_outputs(result, staging, config)
    results = runner.wait(progress=print_progress) if runner else []
    summary.chapters_run = [r.stem for r in results]
    summary.failed = [r.stem for r in results if not r.ok]

    manifest = _manifest(year, config, planned, summary.failed, staging)
    write_index(staging, config, year, manifest, result)
    write_pdf(staging, config, year, manifest, respondents=len(result.survey.responses))  # the whole report, printed
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    problems = _offline_problems(staging)
    if summary.failed or problems:
        return _keep_failed_run(summary, staging, results, problems, started)
    return _put_in_place(summary, staging, manifest, started)


def _chapter_jobs(year: int, config: ReportConfig, stems: list[str], staging: Path, result: YearResult,
                  result_file: Path) -> list[ChapterJob]:
    """One job per chapter to run: its notebook, parameters and where its page and executed copy go."""
    return [
        ChapterJob(
            stem=stem,
            notebook_path=notebook_path(config, stem),
            parameters={"year": year, "output_dir": str(staging.resolve()), "root": str(config.root.resolve()),
                        "result_file": str(result_file.resolve())},
            html_path=staging / f"{stem}.html",
            executed_path=staging / "notebooks" / f"{stem}.ipynb",
            title=f"{config.chapters[stem]} – Wlz-zorgcontractering {year}",
            cwd=notebook_path(config, stem).parent.resolve(),
            weight=len(result.layout.chapter(stem)),  # its tables (charts): longest first when never timed
        )
        for stem in stems
    ]


def _manifest(year: int, config: ReportConfig, planned: Plan, failed: list[str], staging: Path) -> dict:
    """The new output's manifest: per chapter its status (ok, failed, stale, missing) and fingerprint."""
    manifest: dict = {"year": year, "data": planned.data_key, "chapters": {}}
    done = planned.previous.get("chapters", {})
    for stem in config.chapters:
        before = done.get(stem, {})
        if stem in planned.to_run:
            status, fingerprint = ("failed" if stem in failed else "ok"), planned.fingerprints[stem]
        elif before.get("status") == "ok" and (staging / f"{stem}.html").exists():  # taken over
            status = "ok" if before.get("fingerprint") == planned.fingerprints[stem] else "stale"
            fingerprint = before.get("fingerprint", "")
        else:
            status, fingerprint = "missing", ""
        manifest["chapters"][stem] = {"status": status, "fingerprint": fingerprint}
    return manifest


def _keep_failed_run(summary: RunSummary, staging: Path, results: list[ChapterResult], problems: list[str],
                     started: float) -> RunSummary:
    """Move the staging folder to .<year>.failed (the output stays as it was); say what failed."""
    failed_dir = staging.parent / f".{summary.year}.failed"
    shutil.rmtree(failed_dir, ignore_errors=True)
    staging.rename(failed_dir)
    text = format_failures(results).replace(str(staging), str(failed_dir)) if summary.failed else ""
    text += "".join(f"\n  {p}" for p in problems)
    summary.message = (f"{len(summary.failed)} chapter(s) failed; {summary.target} was left as it was. "
                       f"The failed run, with the executed notebooks, is in {failed_dir}.\n{text}")
    summary.seconds = time.perf_counter() - started
    return summary


def _put_in_place(summary: RunSummary, staging: Path, manifest: dict, started: float) -> RunSummary:
    """Replace the output by the staging folder; drop an earlier failed run; say what was written."""
    target = summary.target
    _replace(staging, target)
    shutil.rmtree(target.parent / f".{summary.year}.failed", ignore_errors=True)
    summary.ok = True
    summary.seconds = time.perf_counter() - started
    incomplete = [s for s, c in manifest["chapters"].items() if c["status"] != "ok"]
    summary.message = f"{summary.year} written to {target} in {summary.seconds:.1f} s" + (
        f"; not up to date: {', '.join(incomplete)} (see index.html)" if incomplete else "")
    return summary


def _copy_previous_chapters(target: Path, staging: Path, stems: list[str]) -> None:
    """Take over the pages, executed notebooks and figures of chapters this run does not redo."""
    (staging / "figures").mkdir(parents=True, exist_ok=True)
    (staging / "notebooks").mkdir(parents=True, exist_ok=True)
    for stem in stems:
        for src, dst in ((target / f"{stem}.html", staging / f"{stem}.html"),
                         (target / "notebooks" / f"{stem}.ipynb", staging / "notebooks" / f"{stem}.ipynb")):
            if src.exists():
                shutil.copy2(src, dst)
        for fig in sorted((target / "figures").glob(f"{stem}_*")):
            shutil.copy2(fig, staging / "figures" / fig.name)


def _offline_problems(staging: Path) -> list[str]:
    """Every page in `staging` that fails the offline check, with what was found."""
    problems = []
    for page in sorted(staging.glob("*.html")):
        try:
            assert_offline(page.read_text(encoding="utf-8"))
        except ValueError as err:
            problems.append(f"{page.name}: {err}")
    return problems


def _replace(staging: Path, target: Path) -> None:
    """Put `staging` in the place of `target` (the old output removed only after the rename)."""
    old = target.parent / f".{target.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
