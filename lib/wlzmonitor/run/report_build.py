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

What a run does not make again (never with ``--force``): the data outputs when the year's data key
(inputs, library source, environment) is the one of the output it replaces — they are taken over
from it; the PDF when the document it is printed from did not change (:func:`.pdf.write_pdf`, in
the child :mod:`.pdf_printer` started at the run's start); the
privacy gate's reading of a file whose name and bytes it found clean before (:class:`.OutputScan`).
Chapters keep their charts in ``outputs/.cache/charts`` (:mod:`wlzmonitor.present.chart_cache`).

What stops a run before the chapters start (RunError / InputsChangedError; nothing is published):
an input written while the result was computed (the plan's :class:`Snapshot`), fewer respondents
than ``publication: min_respondents``, or a drop of more than ``publication: max_drop`` against
the output it would replace (unless ``accept_drop``). What keeps a finished run from being
published (like a failed chapter): a page that is not offline (:mod:`.offline_check`), personal
data in any output file (:mod:`.privacy_gate`), or an input or notebook written during the run.
"""

from __future__ import annotations

import atexit
import errno
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wlzmonitor.compute.fingerprint import InputsChangedError
from wlzmonitor.compute.result_cache import cached_year_result, result_path
from wlzmonitor.compute.signed_files import prune
from wlzmonitor.run.chapter_runner import ChapterRunner, format_failures, print_progress
from wlzmonitor.run.notebook_run import ChapterJob, ChapterResult
from wlzmonitor.run.offline_check import answer_sources, offline_problems
from wlzmonitor.run.output_guard import MARKER, is_owned, make_owned, remove_owned, staging_folder
from wlzmonitor.run.interruptions import held
from wlzmonitor.run.pdf import PdfError, pdf_name
from wlzmonitor.run.pdf_printer import PdfPrinter
from wlzmonitor.run.prose_update import file_sha256, notebook_code_key, rewrite_prose
from wlzmonitor.run.spare_process import spare_process
from wlzmonitor.run.report_plan import (
    MANIFEST,
    Plan,
    RunError,
    RunSummary,
    chapter_of,
    chart_owner,
    is_complete,
    notebook_path,
    output_files,
    read_manifest,
    run_checks,
    seal_manifest,
)
from wlzmonitor.spec.config import ReportConfig
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.paths import export_label, export_setting

if TYPE_CHECKING:  # pandas: imported after the prose-only pages are made (see build_output)
    from wlzmonitor.compute.year_result import YearResult
    from wlzmonitor.run.privacy_gate import OutputScan

__all__ = ["build_output", "data_files"]


@dataclass
class _Run:
    """What a run has started with before its chapters start (see :func:`_start`)."""

    staging: Path
    cache: Path
    parameters: dict
    keep: list[str]               # chapters taken over from the output being replaced
    prose: dict                   # prose-only chapters: stem -> (result, code key)
    to_run: list[str]             # chapters to run in kernels
    runner: ChapterRunner | None
    deny: Callable
    result: YearResult


def build_output(year: int, planned: Plan, *, config: ReportConfig, workers: int | None,
                 log: Callable[[str], None], started: float, accept_drop: bool = False,
                 printer: PdfPrinter | None = None) -> RunSummary:
    """Run the planned chapters and write the data outputs; replace the output when all succeeded.
    `printer`: prints the PDF (a forked child made ready meanwhile, :mod:`.pdf_printer`); default:
    this process."""
    phase = _phase_clock(started)
    target = config.output_for(year)
    summary = RunSummary(year, target, ok=False)
    run = _start(year, planned, config, workers, phase, accept_drop, printer)
    try:
        staging, cache, prose, to_run, runner, result = run.staging, run.cache, run.prose, run.to_run, run.runner, run.result
        summary.checks = list(result.checks)
        jobs = _chapter_jobs(year, config, to_run, staging, result, run.parameters)
        chapters = list(config.chapters)
        _say_what_is_made_again(year, planned, target, log)
        if planned.to_run:
            log(f"run_all: {year}: running {len(jobs)} of {len(config.chapters)} chapter(s)"
                + (f", prose only: {', '.join(prose)}" if prose else "")
                + (f" ({', '.join(run.keep)} unchanged)" if run.keep and target.exists() else ""))
        if runner:  # the chapters start now, longest first (last run's durations, else weight)
            runner.submit(jobs, timings_file=cache / f"chapter-seconds-{year}.json")
        codes = {stem: notebook_code_key(notebook_path(config, stem), run.parameters, planned.data_key)[0]
                 for stem in to_run}
        phase("result")
        gate = _data_outputs_and_gate(year, planned, config, run, chapters)

        def progress(chapter: ChapterResult, done: int, total: int) -> None:
            print_progress(chapter, done, total)
            gate.scan(_chapter_files(staging, chapter.stem, chapters))  # finished: scanned while the others run
            if chapter.ok and printer is not None and chapter.stem not in prose:  # its PDF part printed meanwhile
                printer.ahead(staging, [chapter.stem], cache)

        for done, (chapter, _code) in enumerate(prose.values(), start=1):
            progress(chapter, done, len(planned.to_run))
        phase("data outputs")
        results = runner.wait(progress=lambda r, d, t: progress(r, d + len(prose), t + len(prose))) if runner else []
        phase("chapters")
        results = [chapter for chapter, _code in prose.values()] + results
        codes.update({stem: code for stem, (_chapter, code) in prose.items()})
        summary.chapters_run = [s for s in planned.to_run if s in {r.stem for r in results}]
        summary.failed = [r.stem for r in results if not r.ok]
        manifest = _manifest(year, config, planned, summary.failed, staging, result, codes)
        from wlzmonitor.run.index_page import write_index

        write_index(staging, config, year, manifest, result)
        phase("index")
        offline = _check_pages(staging, result, planned, gate, year)
        phase("offline check and privacy gate of the pages")
        # the whole report, printed: only the parts (chapters) whose page changed, on every CPU
        try:
            # (the pages of the parts the printer child numbers are read for the gate while it joins them)
            (printer or PdfPrinter(year, config)).write_pdf(staging, manifest, respondents=len(result.survey.responses),
                                                           cache=cache, workers=workers or os.cpu_count() or 1,
                                                           read_ahead=gate.pages_ahead)
            printing = []
        except PdfError as err:  # the print engine's system libraries are missing: not published
            printing = [f"the PDF could not be printed: {err}"]
        # every file with its SHA-256: a later run takes over only files with these bytes (report_plan)
        manifest["files"] = output_files(staging)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        phase("pdf")
        problems = printing + offline + [f"personal data: {p}" for p in gate.finish(manifest["files"])]
        phase("privacy gate of the PDF and manifest")
        problems += [f"changed during the run: {name}" for name in planned.snapshot.changed()] if planned.snapshot else []
        if summary.failed or problems:
            return _keep_failed_run(summary, staging, results, problems, started)
        summary = _put_in_place(summary, staging, manifest, started)
        phase("publish")
        return summary
    except BaseException:  # Ctrl-C, SIGTERM, a file error, a bug: no half-made output is left
        if run.runner:  # chapters still running are stopped: the exit never waits for them
            run.runner.abort(seconds=2.0)
        if is_owned(run.staging, year):
            remove_owned(run.staging, year)
        raise


def _say_what_is_made_again(year: int, planned: Plan, target: Path, log: Callable[[str], None]) -> None:
    """Why an output that looked up to date is made again: its manifest not sealed, its files not as its run
    wrote them."""
    if planned.previous.get("unsealed"):  # (report_plan.read_manifest)
        log(f"run_all: {year}: {target / MANIFEST} was not sealed by a run of this account (edited by hand, "
            f"written by another account or an earlier version, or the cache folder {target.parent / '.cache'} "
            f"was cleared): nothing of {target} is taken over, every chapter is made again")
    if planned.altered:
        shown = ", ".join(sorted(planned.altered)[:5]) + (" …" if len(planned.altered) > 5 else "")
        log(f"run_all: {year}: {len(planned.altered)} file(s) of {target} are not as its run wrote them "
            f"(edited, added or removed: {shown}); what they belong to is made again")


def _data_outputs_and_gate(year: int, planned: Plan, config: ReportConfig, run: _Run, chapters: list[str]) -> OutputScan:
    """The data outputs written (taken over when the data did not change), and the last gate
    (privacy_gate: the unscrubbed contact details, in memory only; chapters never see them) with
    every finished file scanned (the chapters' files are scanned as each chapter finishes)."""
    from wlzmonitor.run.privacy_gate import OutputScan

    target, staging = config.output_for(year), run.staging
    if _same_data(planned, target):
        _copy_data_outputs(target, staging, year, planned.previous.get("files"))
    else:
        from wlzmonitor.run.data_outputs import write_data_outputs

        write_data_outputs(run.result, staging, config)
    deny = run.deny()
    for warning in deny.warnings:  # an earlier year's export unreadable for its contacts (review h132): said once
        print(f"run_all: {year}: warning: {warning}", file=sys.stderr, flush=True)
    gate = OutputScan(staging, deny, verdicts=run.cache / f"gate-{year}")
    gate.scan(sorted(p for p in staging.rglob("*") if p.is_file() and not _written_by(staging, p, run.to_run, chapters)))
    return gate


def _start(year: int, planned: Plan, config: ReportConfig, workers: int | None, phase: Callable[[str], None],
           accept_drop: bool, printer: PdfPrinter | None = None) -> _Run:
    """The staging folder with the chapters taken over and the prose-only chapters made (their
    PDF parts handed to the printer child at once: nothing slow is imported before them); then the
    deny-list child and (when chapters must run) the chapter workers started, ``check-year`` run
    when the plan left it (its errors stop the run here), the year's result read or computed and
    checked for publication. On any error everything started is stopped and the staging folder
    removed."""
    target = config.output_for(year)
    staging = staging_folder(target, year)
    cache = _writable_cache(staging.parent / ".cache", year)
    result_file = result_path(year, planned.data_key, cache)  # every chapter reads exactly this result
    parameters = _parameters(year, config, staging, result_file)
    keep = [s for s in config.chapters if s not in planned.to_run]
    runner = deny = None
    if printer is not None and _prose_edit_likely(planned, target.exists()):
        printer.pages_soon()
    try:
        remove_owned(staging, year)
        make_owned(staging)
        if keep and target.exists():
            _copy_previous_chapters(target, staging, keep, list(config.chapters), planned.previous.get("files"))
        phase("plan and staging")
        # a chapter whose notebook changed only in its markdown is not run: its page is made anew
        # from its last executed notebook (run.prose_update); no kernel is started for it
        prose = _prose_only_chapters(year, config, planned, staging, parameters)
        if printer is not None:  # those pages are finished: their PDF parts printed meanwhile
            printer.ahead(staging, [stem for stem, (chapter, _code) in prose.items() if chapter.ok], cache)
        phase("prose-only chapters")
        # pandas and the computing stages from here on (the prose-only pages did not need them)
        from wlzmonitor.run.privacy_gate import start_deny_list

        deny = start_deny_list(year, config)  # read from the unscrubbed export while this process works on
        to_run = [s for s in planned.to_run if s not in prose]
        if printer is not None and not to_run:  # every page is made: the whole PDF printed meanwhile
            _guess_pdf(year, planned, config, staging, prose, printer, cache)
        # start the chapter workers and their kernels now: they import pandas, matplotlib, … while
        # this process checks the year and computes its result
        runner = ChapterRunner(len(to_run), workers=workers, cwd=config.root / "notebooks") if to_run else None
        if not planned.year_checked:  # its errors stop the run here: nothing is published
            run_checks(year, config, planned.snapshot)
            phase("check-year")
        with spare_process(needed=not result_file.exists()):  # the tests computed beside the tables
            result = cached_year_result(year, config, directory=cache, snapshot=planned.snapshot)
        check_publishable(result, planned.previous, config, accept_drop=accept_drop)
        check_quotes(result, config)
    except BaseException:
        getattr(deny, "cancel", lambda: None)()
        if runner:
            runner.abort()
        if is_owned(staging, year):
            remove_owned(staging, year)
        raise
    return _Run(staging, cache, parameters, keep, prose, to_run, runner, deny, result)


#: what a cache folder that cannot be written says (a read-only mount or share, another account's folder)
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def _writable_cache(cache: Path, year: int) -> Path:
    """``cache`` when this run can write it; else (review h96: a read-only ``outputs/.cache`` ended the run in an
    OSError traceback when it stored the year's result) a private temporary folder for this run only, removed
    when the process ends, with a one-line warning: the run computes what it would have read from the cache and
    publishes the same output. Anything else in the cache's place is left to the run's own checks ("remove it")."""
    if cache.is_symlink() or (cache.exists() and not cache.is_dir()):
        return cache  # not followed: the cache's own checks name it
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=cache, prefix=".probe-", suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
        return cache
    except OSError as err:
        if err.errno not in _NOT_WRITABLE:
            return cache
        private = Path(tempfile.mkdtemp(prefix=f"wlzmonitor-cache-{year}-"))
        atexit.register(shutil.rmtree, private, True)
        print(f"run_all: {year}: warning: the cache folder {cache} cannot be written ({err.strerror}): this run "
              f"uses none of it (a temporary cache, {private}, removed at the end) and computes everything again",
              file=sys.stderr, flush=True)
        return private


def _prose_edit_likely(planned: Plan, published: bool) -> bool:
    """Every chapter to run may be one whose notebook changed only in its markdown, its page then made anew
    in well under a second (:func:`_prose_only_chapters` decides): what the PDF's printer is told."""
    if not planned.to_run or not published or planned.force or planned.requested or planned.altered is None:
        return False
    before = planned.previous.get("chapters", {})
    return all(_has_executed_notebook(before.get(stem, {})) for stem in planned.to_run)


def _has_executed_notebook(entry: dict) -> bool:
    """A chapter's manifest entry of a run that made its page from a notebook it executed (and recorded)."""
    return entry.get("status") == "ok" and bool(entry.get("code")) and bool(entry.get("executed"))


def _prose_only_chapters(year: int, config: ReportConfig, planned: Plan, staging: Path,
                         parameters: dict) -> dict[str, tuple[ChapterResult, str]]:
    """The chapters to run whose notebook changed only in its markdown since the output being
    replaced was made (same code key, see run.prose_update), made anew from their executed
    notebook: stem -> (result, code key). Never with ``--force`` or an explicit chapter list
    (the analyst asked for a run). A chapter whose previous files do not fit is left to run."""
    target = config.output_for(year)
    before = planned.previous.get("chapters", {})
    # (an output whose manifest records no files, edited by hand or older: none of its files can be
    # checked, so nothing of it is taken over)
    if planned.force or planned.requested or not target.exists() or planned.altered is None:
        return {}
    done: dict[str, tuple[ChapterResult, str]] = {}
    # a chapter with a file not as its run wrote it (a chart deleted or edited) runs: a prose-only
    # update keeps its charts as they are
    altered = {chapter_of(rel, list(config.chapters)) for rel in planned.altered or ()}
    for stem in planned.to_run:
        entry = before.get(stem, {})
        if stem in altered or not _has_executed_notebook(entry):
            continue
        code, notebook = notebook_code_key(notebook_path(config, stem), parameters, planned.data_key)
        if code != entry["code"]:
            continue
        _copy_previous_chapters(target, staging, [stem], list(config.chapters), planned.previous.get("files"))
        job = _chapter_job(year, config, stem, staging, parameters)
        chapter = rewrite_prose(job, job.executed_path, expected_sha256=entry["executed"], source=notebook)
        if chapter is None:
            _remove_chapter_files(staging, stem, list(config.chapters))
            continue
        done[stem] = (chapter, code)
    return done


def _remove_chapter_files(staging: Path, stem: str, chapters: list[str]) -> None:
    """Remove what :func:`_copy_previous_chapters` copied of chapter `stem` (it runs after all)."""
    for path in _chapter_files(staging, stem, chapters):
        path.unlink(missing_ok=True)


def check_publishable(result: YearResult, previous: dict, config: ReportConfig, *, accept_drop: bool = False) -> None:
    """RunError when the result may not replace the published output: fewer respondents than
    ``publication: min_respondents``, or (without `accept_drop`) more than ``max_drop`` fewer
    than the output it would replace (its manifest)."""
    year, n = result.year, result.survey.n
    target = config.output_for(year)
    settings = config.publication
    if n < settings.min_respondents:
        raise RunError(
            f"{year}: {n} organisation(s) completed the survey ({result.survey.source}); at least "
            f"{settings.min_respondents} are needed to publish (publication: min_respondents in config/report.yml): "
            f"a report on fewer organisations discloses their answers. {target} was left as it was.")
    before = previous.get("respondents")
    if accept_drop or not isinstance(before, int) or isinstance(before, bool) or before <= 0:
        return
    drop = (before - n) / before
    if drop > settings.max_drop:
        raise RunError(
            f"{year}: {n} organisations completed the survey, against {before} in the output it would replace "
            f"({target}): {drop:.0%} fewer, more than publication: max_drop ({settings.max_drop:.0%}) in "
            f"config/report.yml. If the export is complete, run again with --accept-drop. {target} was left "
            "as it was.")


def check_quotes(result: YearResult, config: ReportConfig) -> None:
    """The year's approved quotes (data/quotes/<year>.yml) against its coded answers, before any chapter runs: a
    wrong quote is a mistake in a file a person edits -- one message naming the file and the quote, exit 2 --
    not the Kerncijfers chapter failing inside the run (exit 1, pointing at a notebook line; newcomer review).
    The same check the chapter makes (:func:`~wlzmonitor.present.key_figures.year_quotes`)."""
    from wlzmonitor.present.key_figures import year_quotes

    shown = False  # only when a chapter of this report shows them (a report without the Kerncijfers page has none)
    for stem in config.chapters:
        try:
            shown = shown or ".quotes(" in read_input_text(config.notebook(stem))
        except (OSError, InputError):  # (safety review h157: one swapped for a named pipe after the snapshot
            continue  # waited for ever, holding the year's lock) an unreadable notebook is reported where it is run
    if shown:
        year_quotes(result, config)


def _parameters(year: int, config: ReportConfig, staging: Path, result_file: Path) -> dict:
    """The parameters every chapter notebook of the run gets (papermill injects them)."""
    return {"year": year, "output_dir": str(staging.resolve()), "root": str(config.root.resolve()),
            "result_file": str(result_file.resolve())}


def _chapter_job(year: int, config: ReportConfig, stem: str, staging: Path, parameters: dict,
                 weight: float | None = None) -> ChapterJob:
    """The job of one chapter: its notebook, parameters and where its page and executed copy go."""
    return ChapterJob(
        stem=stem,
        notebook_path=notebook_path(config, stem),
        parameters=dict(parameters),
        html_path=staging / f"{stem}.html",
        executed_path=staging / "notebooks" / f"{stem}.ipynb",
        title=f"{config.chapters[stem]} – Wlz-zorgcontractering {year}" + (" (gewogen)" if config.statistics.weighting
                                                                          else ""),
        cwd=notebook_path(config, stem).parent.resolve(),
        timeout=config.run.cell_timeout,
        weight=weight,
    )


def _chapter_jobs(year: int, config: ReportConfig, stems: list[str], staging: Path, result: YearResult,
                  parameters: dict) -> list[ChapterJob]:
    """One job per chapter to run; its weight (its tables, i.e. charts) hands out the longest
    first when the chapters were never timed."""
    return [_chapter_job(year, config, stem, staging, parameters, weight=len(result.layout.chapter(stem)))
            for stem in stems]


def _manifest(year: int, config: ReportConfig, planned: Plan, failed: list[str], staging: Path,
              result: YearResult, codes: dict[str, str | None]) -> dict:
    """The new output's manifest: per chapter its status (ok, failed, stale, missing) and fingerprint,
    and for a chapter that is ok its code key (`codes`, run.prose_update) and the SHA-256 of its
    executed notebook (what a later prose-only change starts from); the data key and the export's
    SHA-256 the result was computed from; the number of respondents."""
    export = config.year(year).export
    digest = planned.snapshot.digest_of(export) if planned.snapshot else None
    manifest: dict = {"year": year, "data": planned.data_key, "respondents": int(result.survey.n), "chapters": {}}
    if digest:
        manifest["export"] = _export_entry(year, digest)
    done = planned.previous.get("chapters", {})
    for stem in config.chapters:
        before = done.get(stem, {})
        status, fingerprint = _chapter_status(stem, planned, failed, staging)
        entry = manifest["chapters"][stem] = {"status": status, "fingerprint": fingerprint}
        code = codes.get(stem) if stem in planned.to_run else before.get("code")
        executed = file_sha256(staging / "notebooks" / f"{stem}.ipynb") if status == "ok" and code else None
        if executed and (stem in planned.to_run or executed == before.get("executed")):
            entry.update(code=code, executed=executed)
        if status == "ok":  # what the offline check passed (see _offline_problems)
            entry["page"] = file_sha256(staging / f"{stem}.html")
    return manifest


def _export_entry(year: int, digest: str) -> dict:
    """The manifest's record of the export: a neutral label, where it is configured and its SHA-256, which
    identifies the file the run read — never its file name (review h135: an export saved as
    "export_Jan_de_Vries.csv" failed the run through the manifest, and the name of the analyst who downloaded it,
    no contact, was published; before h130 its whole path, "/home/jan.jansen/…")."""
    return {"label": export_label(year), "configured": export_setting(year), "sha256": digest}


def _chapter_status(stem: str, planned: Plan, failed: list[str], staging: Path) -> tuple[str, str]:
    """A chapter's status in the new output's manifest (ok, failed, stale, missing) and its fingerprint."""
    before = planned.previous.get("chapters", {}).get(stem, {})
    if stem in planned.to_run:
        return ("failed" if stem in failed else "ok"), planned.fingerprints[stem]
    if before.get("status") == "ok" and (staging / f"{stem}.html").exists():  # taken over
        return ("ok" if before.get("fingerprint") == planned.fingerprints[stem] else "stale"), before.get("fingerprint", "")
    return "missing", ""


def _guess_pdf(year: int, planned: Plan, config: ReportConfig, staging: Path, prose: dict, printer: PdfPrinter,
               cache: Path) -> None:
    """When no chapter runs and the data is the one of the output being replaced (a prose edit),
    every page of the PDF is made and its job is known: the statuses the manifest will give the
    chapters and the respondents of that data. The printer child prints that PDF into the cache
    ahead (:meth:`.PdfPrinter.guess`); the job reads it back if it is the same, else prints its own."""
    respondents = planned.previous.get("respondents")
    if not isinstance(respondents, int) or isinstance(respondents, bool) or not _same_data(planned, config.output_for(year)):
        return
    failed = [stem for stem, (chapter, _code) in prose.items() if not chapter.ok]
    statuses = {stem: {"status": _chapter_status(stem, planned, failed, staging)[0]} for stem in config.chapters}
    printer.guess(staging, {"chapters": statuses}, respondents=respondents, cache=cache)


def _keep_failed_run(summary: RunSummary, staging: Path, results: list[ChapterResult], problems: list[str],
                     started: float) -> RunSummary:
    """Move the staging folder to .<year>.failed (the output stays as it was); say what failed."""
    failed_dir = staging.parent / f".{summary.year}.failed"
    try:
        remove_owned(failed_dir, summary.year)
    except RunError as err:  # review h96: this said "move it away" instead of the run's own failure
        failed_dir, planted = staging, f"\n  {err} (The failed run was kept in {staging} instead: the next run removes it.)"
    else:
        staging.rename(failed_dir)
        planted = ""
    text = format_failures(results).replace(str(staging), str(failed_dir)) if summary.failed else ""
    text += "".join(f"\n  {p}" for p in problems)
    what = f"{len(summary.failed)} chapter(s) failed" if summary.failed else "the output failed its checks"
    private = any(p.startswith("personal data:") for p in problems)
    if private:  # what to do about it (review: the message did not say)
        text += ("\n  Look at each place named: where it is a person's or organisation's data, the answer needs "
                 "scrubbing (add the name to `names` or `organisations` in config/privacy.yml, or leave the "
                 "answer out of the quotes); where it is ordinary language that reads like a contact's name "
                 "(\"de haan\"), rephrase the page's own text or leave that answer out (docs/privacy.md).")
    from wlzmonitor.run.privacy_gate import IN_FILE_NAME  # (the gate's module: imported where it is used)

    if any(IN_FILE_NAME in p for p in problems if p.startswith("personal data:")):  # review h135
        text += ("\n  A hit \"in a file's name\" is the name of an input file, not an answer: rename that file (an "
                 "export saved under a person's name, \"export_Jan_de_Vries.csv\": e.g. \"respondenten.csv\") and "
                 "change its path in config/report.yml ('export' under the year; the codebook, mapping or codeframe "
                 "there too), then run again.")
    summary.message = (f"{what}; {summary.target} was left as it was. The failed run, with the executed "
                       f"notebooks, is in {failed_dir}"
                       + (" (it holds the personal data found: delete it when you have looked)" if private else "")
                       + f".\n{text}{planted}")
    summary.seconds = time.perf_counter() - started
    return summary


def _put_in_place(summary: RunSummary, staging: Path, manifest: dict, started: float) -> RunSummary:
    """Replace the output by the staging folder; drop an earlier failed run; say what was written."""
    target = summary.target
    seal_manifest(target, staging / MANIFEST)  # (before: a run stopped in between leaves one not sealed)
    kept = _replace(staging, target, summary.year)
    failed = target.parent / f".{summary.year}.failed"
    try:  # published now: a folder there that no run wrote is left alone and named, not a failure of the run
        remove_owned(failed, summary.year)
        failed_note = ""
    except RunError:
        failed_note = (f"; {failed} was left where it is: no run wrote it (a link, a file or a folder without "
                       f"{MARKER}), move it away yourself")
    prune(target.parent / ".cache" / "charts", "*.chart", days=30)  # charts no run used for a month
    # a cache file's temporary twin left by a process killed while writing it (the printer child is
    # killed however busy when a run ends early); a day old, no write of it is still going on
    prune(target.parent / ".cache", ".*.tmp", days=1)
    summary.ok = True
    summary.seconds = time.perf_counter() - started
    incomplete = [s for s, c in manifest["chapters"].items() if c["status"] != "ok"]
    summary.message = f"{summary.year} written to {target} in {summary.seconds:.1f} s" + (
        f"; not up to date: {', '.join(incomplete)} (see index.html)" if incomplete else "") + (
        f"; {len(kept[1])} file(s) no run wrote were in it ({', '.join(kept[1][:3])}{' …' if len(kept[1]) > 3 else ''}): "
        f"not published, kept in {kept[0]}" if kept else "") + failed_note
    return summary


def _copy_previous_chapters(target: Path, staging: Path, stems: list[str], chapters: list[str],
                            recorded: dict | None = None) -> None:
    """Take over the pages, executed notebooks and figures of chapters this run does not redo
    (`recorded`: the SHA-256 per file of the replaced output's manifest, see :func:`_take_over`)."""
    (staging / "figures").mkdir(parents=True, exist_ok=True)
    (staging / "notebooks").mkdir(parents=True, exist_ok=True)
    for stem in stems:
        for src, dst in ((target / f"{stem}.html", staging / f"{stem}.html"),
                         (target / "notebooks" / f"{stem}.ipynb", staging / "notebooks" / f"{stem}.ipynb")):
            if src.exists():
                _take_over(src, dst, target, recorded)
        for fig in _figures(target, stem, chapters):
            _take_over(fig, staging / "figures" / fig.name, target, recorded)


def _take_over(src: Path, dst: Path, target: Path, recorded: dict | None) -> None:
    """Copy `src` of the output being replaced to `dst`; with `recorded` (its manifest's SHA-256 per
    file), InputsChangedError naming the file when the bytes copied are not the recorded ones: the
    plan found the file as its run wrote it, so it was written while this run ran (a hand edit
    taken over would be recorded as the run's own bytes)."""
    shutil.copy2(src, dst)
    if not isinstance(recorded, dict):
        return
    rel = src.relative_to(target).as_posix()
    if recorded.get(rel) != file_sha256(dst):
        dst.unlink(missing_ok=True)
        raise InputsChangedError(f"{src}: written while the run was taking it over from the output it replaces; "
                                 f"nothing was published ({target} was left as it is). Run again.")


def _phase_clock(started: float) -> Callable[[str], None]:
    """With ``WLZ_MONITOR_TIMINGS=1``: a function that prints to stderr how long each phase of the
    run took (``run_all: phase <name> <seconds> s (at <seconds since start> s)``); else it does nothing."""
    if os.environ.get("WLZ_MONITOR_TIMINGS") != "1":
        return lambda name: None
    last = [started]

    def phase(name: str) -> None:
        now = time.perf_counter()
        print(f"run_all: phase {name} {now - last[0]:.2f} s (at {now - started:.2f} s)", file=sys.stderr, flush=True)
        last[0] = now
    return phase


def _same_data(planned: Plan, target: Path) -> bool:
    """The output being replaced has the data outputs of this very data key (not with ``--force``)."""
    previous = planned.previous
    return not planned.force and previous.get("data") == planned.data_key \
        and is_complete(target, previous, planned.altered)


def data_files(folder: Path, year: int) -> list[Path]:
    """The data outputs in an output folder: every file but the chapters' pages, executed notebooks
    and figures, the index, the PDF, the manifest and the marker."""
    not_data = {"index.html", pdf_name(year), MANIFEST, MARKER}
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and p.relative_to(folder).parts[0] not in ("figures", "notebooks", *not_data)
                  and not (p.parent == folder and p.suffix == ".html"))


def _copy_data_outputs(target: Path, staging: Path, year: int, recorded: dict | None = None) -> None:
    """Take over the data outputs of the output being replaced (same data key: same bytes; `recorded`:
    see :func:`_take_over`)."""
    for src in data_files(target, year):
        dst = staging / src.relative_to(target)
        dst.parent.mkdir(parents=True, exist_ok=True)
        _take_over(src, dst, target, recorded)


def _check_pages(staging: Path, result: YearResult, planned: Plan, gate: OutputScan, year: int) -> list[str]:
    """Every page is final: its offline check (the problems are returned) and the gate over every
    file but the PDF and the manifest (written after it, and scanned by ``gate.finish``), done
    while the printer child prints."""
    offline = _offline_problems(staging, result, planned)
    pdf_file = staging / pdf_name(year)
    gate.scan(sorted(p for p in staging.rglob("*") if p.is_file() and p not in (pdf_file, staging / MANIFEST)))
    gate.get_ready()
    return offline


def _offline_problems(staging: Path, result: YearResult, planned: Plan) -> list[str]:
    """Every page in `staging` that fails the offline check, with what was found (and, when an
    open answer holds the offending markup, the respondent, question and column). A page is not
    read again when it has the bytes the manifest of the output being replaced records for it and
    that output was made with the same data key (the same library, so the same check): a
    published page passed this check."""
    same_code = planned.previous.get("data") == planned.data_key
    recorded = planned.previous.get("chapters", {})
    problems = []
    for page in sorted(staging.glob("*.html")):
        known = recorded.get(page.stem, {}).get("page") if same_code else None
        if known and known == file_sha256(page):
            continue
        for problem in offline_problems(page.read_text(encoding="utf-8")):
            sources = answer_sources(problem.raw, result.survey)
            problems.append(f"{page.name} line {problem.line}: not offline: {problem.what} ({problem.value})"
                            + (f"; from the answer of {'; '.join(sources[:3])}" if sources else ""))
    return problems


def _chapter_files(staging: Path, stem: str, chapters: list[str]) -> list[Path]:
    """The files a chapter writes: its page, its executed notebook and its charts."""
    return [staging / f"{stem}.html", staging / "notebooks" / f"{stem}.ipynb", *_figures(staging, stem, chapters)]


def _figures(folder: Path, stem: str, chapters: list[str]) -> list[Path]:
    """The charts of chapter `stem` in ``folder/figures``."""
    figures = folder / "figures"
    return sorted(p for p in figures.glob(f"{stem}_*") if chart_owner(p.name, [*chapters, stem]) == stem) \
        if figures.is_dir() else []


def _written_by(staging: Path, path: Path, stems: list[str], chapters: list[str]) -> bool:
    """`path` is a file one of the chapters `stems` writes (its page, executed notebook or a chart), or
    the temporary twin of one that its writer is still writing (``.<name>-<random>.tmp``, renamed to
    ``<name>`` once whole: :func:`~.notebook_run.write_text_atomically`). Found by a benchmark run: the
    gate's early scan listed a chapter page's twin, which was renamed before the gate read it, and the
    run stopped with "No such file or directory"."""
    rel = path.relative_to(staging)
    if rel.name.startswith(".") and rel.name.endswith(".tmp") and "-" in rel.name:
        rel = rel.with_name(rel.name[1:-len(".tmp")].rsplit("-", 1)[0])
    if rel.parent in (Path("."), Path("notebooks")) and rel.suffix in (".html", ".ipynb"):
        return rel.stem in stems
    return rel.parent == Path("figures") and chart_owner(rel.name, [*chapters, *stems]) in stems


def _replace(staging: Path, target: Path, year: int) -> tuple[Path, list[str]] | None:
    """Put `staging` in the place of `target` (the old output removed only after the rename; only
    an output a run wrote is ever replaced). A file of the old output that no run wrote (not in its
    manifest: a note an analyst saved there) is not published with the new output, nor deleted with the
    old one (safety review h88: it was lost without a word): it is moved to ``.<year>.not-published``
    beside the output, whose folder and name are returned with the files moved (None: none)."""
    old = target.parent / f".{target.name}.old"
    remove_owned(old, year)
    if target.exists() or target.is_symlink():
        if not is_owned(target, year):
            raise RunError(f"{target} was not written by run_all.py; the run does not replace it "
                           f"(the new output is in {staging}).")
    with held():  # Ctrl-C or SIGTERM between the renames would leave no output in place (and after
        # them, the old output behind): raised once the new output is in place and the old one gone
        if target.exists() or target.is_symlink():
            target.rename(old)
        staging.rename(target)
        kept = _keep_unwritten(old, target.parent / f".{target.name}.not-published")
        remove_owned(old, year)
    return kept


def _folder_without_links(keep: Path, rels: list[str]) -> Path:
    """`keep`, or the first of ``keep-2``, ``keep-3`` … in which no file of `rels` would be moved through a
    symbolic link or onto something that is not a folder (review h107: a link planted at `keep`'s place or at
    a folder inside it took the analyst's notes to wherever it points)."""
    def blocked(folder: Path) -> bool:
        parents = {folder} | {folder / parent for rel in rels for parent in Path(rel).parents if parent != Path(".")}
        return any(p.is_symlink() or (p.exists() and not p.is_dir()) for p in parents)

    n = 1
    while blocked(folder := keep if n == 1 else keep.with_name(f"{keep.name}-{n}")):
        n += 1
    return folder


def _keep_unwritten(old: Path, keep: Path) -> tuple[Path, list[str]] | None:
    """Move the files of the replaced output `old` that its manifest does not record (no run wrote them) into
    `keep`, at the same relative path (a name already there gets " (2)", " (3)" …). Nothing when the manifest
    records no files (an output of an earlier version: nothing can tell them apart)."""
    if not old.is_dir() or old.is_symlink():
        return None
    recorded = read_manifest(old).get("files")
    if not isinstance(recorded, dict):
        return None
    strangers = sorted(rel for rel in output_files(old, hash_limit=0) if rel not in recorded)  # (names only)
    if not strangers:
        return None
    keep = _folder_without_links(keep, strangers)
    for rel in strangers:
        destination, n = keep / rel, 1
        while destination.exists() or destination.is_symlink():
            n += 1
            destination = (keep / rel).with_name(f"{Path(rel).stem} ({n}){Path(rel).suffix}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        (old / rel).rename(destination)
    return keep, strangers
