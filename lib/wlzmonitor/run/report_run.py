"""One report run: data outputs, every chapter notebook in parallel, index.html, atomic replace.

`build_report(year)` is what `run_all.py` calls and what the pipeline test calls. It plans
(:mod:`wlzmonitor.run.report_plan`): when nothing changed since the last run and the output is
complete it returns at once; otherwise :mod:`wlzmonitor.run.report_build` does the work. The new
output is assembled in `outputs/.<year>.partial/` and replaces `outputs/<year>/` only when every
chapter succeeded and every page passed the offline check, so a failed run never leaves a
half-written output looking complete. A failed run is moved to `outputs/.<year>.failed/` with the
executed notebooks (the failing cell's error in them) for debugging; `outputs/<year>/` stays as
it was.

With `chapters=[...]` only those chapters run; the other chapters' pages and figures are taken
over from the existing complete output when there is one (otherwise index.html marks them as
not generated).

Before anything is read or written: the output folder is checked (:mod:`.output_guard`: inside
the repository or an allowed root, holding no input and no tracked file; only folders a run
wrote are ever replaced) and the year's run lock is taken (:mod:`.run_lock`: a second run of the
same year stops with a message, or waits with `wait=True`). The lock is held until the output is
in place.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from wlzmonitor.run.output_guard import check_output_dir, is_owned, remove_owned, staging_folder
from wlzmonitor.run.pdf_printer import pdf_printer
from wlzmonitor.run.report_plan import RunError, RunSummary, is_complete, plan, run_checks
from wlzmonitor.run.run_lock import year_lock
from wlzmonitor.spec.config import ReportConfig, load_config

#: RunError and RunSummary are re-exported: run_all.py catches RunError from here
__all__ = ["RunError", "RunSummary", "build_report", "main_exit_code"]


def build_report(year: int, *, chapters: list[str] | None = None, force: bool = False, workers: int | None = None,
                 config: ReportConfig | None = None, log: Callable[[str], None] = print,
                 accept_drop: bool = False, wait: bool = False) -> RunSummary:
    """Bring the year's output up to date: run what changed (`chapters`: those; `force`: all).

    `accept_drop`: publish even when far fewer organisations responded than in the output it
    replaces (publication: max_drop). `wait`: wait for another run of the year instead of stopping.
    """
    if config is None:  # the file as it is now (a process that ran before may hold an older reading)
        load_config.cache_clear()
        config = load_config()
    started = time.perf_counter()
    config.year(year)  # a year without data: ConfigError listing those with data
    config = config.for_year(year)  # the year's own chapters, where it lists them
    check_output_dir(config)
    target = config.output_for(year)
    # the PDF's printer gets ready (imports, the published pages read) on the other CPU from now on
    with year_lock(config, year, wait=wait), pdf_printer(year, config) as printer:
        restore_set_aside(target, year, log)
        # the staging folder of a run killed half-way (SIGKILL, power loss): pages the gate never passed. An up-to-date
        # run left it there (only a run with work removed it), in outputs/ beside the report (safety review h107)
        if is_owned(staging_folder(target, year), year):
            remove_owned(staging_folder(target, year), year)
        if (target.exists() or target.is_symlink()) and not is_owned(target, year):
            raise RunError(f"{target} was not written by run_all.py (no marker file, no manifest of {year}); "
                           "the run does not replace it. Move it away and run again.")
        # check-year is run by build_output once the prose-only pages are made (their PDF parts
        # print meanwhile; its errors still stop the run before anything is published)
        planned = plan(year, chapters=chapters, force=force, config=config, check=False)
        previous = planned.previous
        if not planned.to_run and previous.get("data") == planned.data_key \
                and is_complete(target, previous, planned.altered):
            run_checks(year, config, planned.snapshot)  # the same files as the last run: its stored verdict
            return RunSummary(year, target, ok=True, seconds=time.perf_counter() - started,
                              message=(f"{year} is up to date in {target} (nothing changed since the last run; "
                                       "--force reruns everything)"))
        # imported only when there is work to do: report_build imports the run's stages (pandas and
        # the computing stages after the prose-only pages are made); an up-to-date run answers in
        # ~0.2 s without them (measured on 2 cores, see docs/performance.md)
        from wlzmonitor.run.report_build import build_output

        return build_output(year, planned, config=config, workers=workers, log=log, started=started,
                            accept_drop=accept_drop, printer=printer)


def main_exit_code(summary: RunSummary) -> int:
    """Print the run's message (to stderr when it failed); 0 when it succeeded, else 1."""
    print(("run_all: " if summary.ok else "run_all: FAILED: ") + summary.message,
          file=sys.stdout if summary.ok else sys.stderr)
    return 0 if summary.ok else 1


def restore_set_aside(target: Path, year: int, log: Callable[[str], None] = print) -> bool:
    """Put the output a run set aside (``.<year>.old``) back in place when there is none: a run killed
    (SIGKILL, power loss) between its two renames left no ``outputs/<year>`` (the next run would have
    started from nothing, and removed the last good output once it replaced it). Called under the
    year's lock; only an output a run wrote is moved."""
    old = target.parent / f".{target.name}.old"
    if target.exists() or target.is_symlink() or not is_owned(old, year):
        return False
    old.rename(target)
    log(f"run_all: {target} put back from {old.name}, where a run stopped half-way had left it")
    return True
