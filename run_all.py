"""Regenerate a year's report from the respondent data.

    python run_all.py --year 2026                          # every chapter that changed
    python run_all.py --year 2026 --chapter 03_herschikking
    python run_all.py --year 2026 --force                  # every chapter, changed or not
    python run_all.py --year 2026 --wait                   # wait for another run of 2026 to finish first
    python run_all.py --year 2026 --accept-drop            # publish although far fewer organisations responded

Writes outputs/<year>/ (README, "Outputs"): index.html, one HTML page per chapter, figures/,
tables/ and the Excel workbook. The year's result is computed once; chapters run in parallel in
warm kernels and read exactly that result. The new output is built next to the old one and
replaces it only when every chapter succeeded; a failed run is kept in outputs/.<year>.failed/
with its executed notebooks. A chapter whose notebook and inputs (data, codebook, layout, config,
library) did not change since the last run is not rerun.

Nothing is published (outputs/<year>/ stays as it was) when fewer organisations responded than
publication: min_respondents in config/report.yml, when the number fell by more than
publication: max_drop against the output it would replace (unless --accept-drop), when an input
changed while the run read it, when a page is not offline, or when any output file holds
personal data (docs/privacy.md). One run per year at a time: a second one stops (or, with
--wait, waits).

Exit codes: 0 done; 1 a chapter failed or the output failed its checks (the message names
chapter, cell and error, or file and respondent); 2 an input a person fixes (configuration,
codebook, layout, mapping, export, ...) is wrong, or the run may not start (another run, too few
respondents): the message names the file (and row, column, question) and what was expected.
"""

from __future__ import annotations

import argparse
import sys


def survey_year(text: str) -> int:
    """--year: a survey year from 2000 to 2099 (as wlzmonitor.cli.survey_year; here too because a run outside the
    environment, without wlzmonitor, still parses its arguments). Review h136: --year 0 and 99999 were taken."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a survey year such as 2026") from None
    if not 2000 <= number <= 2099:
        raise argparse.ArgumentTypeError(f"{number}: expected a survey year such as 2026 (from 2000 to 2099)")
    return number


def _workers(text: str) -> int:
    """--workers: a whole number of at least 1 (0 and -1 were taken silently as the CPU count and 1)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} workers: at least 1 (leave --workers out for one per CPU core)")
    return number


def _capped_workers(workers: int | None) -> int | None:
    """--workers above the CPU count: the CPU count, said in one line. The chapters (and the PDF's
    parts) are computing, not waiting: --workers 999 started a worker and a kernel per chapter (12 of
    each) and as many print processes on a 2-core machine (review h93)."""
    import os

    cores = os.cpu_count() or 1
    if workers is None or workers <= cores:
        return workers
    print(f"run_all: --workers {workers}: this machine has {cores} CPU core(s); {cores} used", file=sys.stderr)
    return cores


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=survey_year, required=True, help="survey year, e.g. 2026")
    parser.add_argument("--chapter", action="append", metavar="NAME",
                        help="run only this chapter (repeatable), e.g. 03_herschikking")
    parser.add_argument("--force", action="store_true", help="rerun every chapter even if nothing changed")
    parser.add_argument("--workers", type=_workers, default=None,
                        help="parallel notebooks (default and at most: the CPU count)")
    parser.add_argument("--weighted", action="store_true",
                        help="weight the respondents to the member population (raking; docs/statistics.md) and "
                             "write the report to outputs/gewogen/<year>/ (the unweighted report stays as it is)")
    parser.add_argument("--wait", action="store_true", help="wait for another run of the year instead of stopping")
    parser.add_argument("--accept-drop", action="store_true",
                        help="publish even though far fewer organisations responded than in the current output "
                             "(publication: max_drop in config/report.yml)")
    return parser.parse_args(argv)


def _not_installed(err: ModuleNotFoundError, year: int) -> int:
    """Run outside the project's environment: how to set it up."""
    print(f"run_all: cannot import {err.name!r}: this Python ({sys.executable}) does not have the project's "
          "packages.\n  Set up once with:   python tasks.py setup\n  then run:          "
          f".venv/bin/python run_all.py --year {year}\n  (or in one step:   python tasks.py report "
          f"--year {year})", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        from wlzmonitor.run.interruptions import Terminated, install
        from wlzmonitor.spec.errors import InputError
    except ModuleNotFoundError as err:  # run outside the project's environment
        return _not_installed(err, args.year)
    # first: Ctrl-C and SIGTERM stop the run where it is, also while it imports (a Ctrl-C then printed a
    # traceback); it cleans up and says so below
    install()
    try:
        from wlzmonitor.compute.cache_key import settle_cache_environment

        # the run's processes work in different folders: cache folders named relative to the working
        # folder (XDG_CACHE_HOME=relcache, HOME=thuis) made other keys and folders in the repository
        settle_cache_environment()
        try:
            from wlzmonitor.run.report_run import build_report, main_exit_code
            from wlzmonitor.spec.config import weighted_config
        except ModuleNotFoundError as err:  # run outside the project's environment
            return _not_installed(err, args.year)
        config = weighted_config() if args.weighted else None
        args.workers = _capped_workers(args.workers)
        summary = build_report(args.year, chapters=args.chapter, force=args.force, workers=args.workers,
                               config=config, accept_drop=args.accept_drop, wait=args.wait)
    except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM (Terminated): what the run started is stopped
        how = "stopped by SIGTERM" if isinstance(err, Terminated) else "interrupted (Ctrl-C)"
        print(f"run_all: {args.year}: {how} before it finished. Nothing half-made was published: the output "
              "in outputs/ is a complete one (the one before, unless the run had just put its new one in place).",
              file=sys.stderr)
        return 143 if isinstance(err, Terminated) else 130
    except InputError as err:  # names the file (and row, column, question): no traceback
        print(f"run_all: {err}", file=sys.stderr)
        return 2
    except MemoryError:  # an input far larger than any survey export: the published output is as it was
        print(f"run_all: {args.year}: ran out of memory; is every input what it should be (an export of a few "
              "megabytes)? The published output was left as it was.", file=sys.stderr)
        return 1
    except OSError as err:  # the disk full, a folder not writable, …: the published output is as it was
        import errno

        where = f" ({err.filename})" if getattr(err, "filename", None) else ""
        full = err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG, errno.EROFS,
                             errno.EACCES, errno.EPERM)  # EFBIG: a file-size limit (ulimit -f, a quota)
        what = "could not write its files" if full else "could not read or write a file"
        advice = "make room (or fix the permissions)" if full else "check that file"
        print(f"run_all: {args.year}: the run {what}: {err.strerror or err}{where}. The published output was "
              f"left as it was; {advice} and run again.", file=sys.stderr)
        return 1
    for line in summary.checks:
        print(f"  check: {line}")
    return main_exit_code(summary)


def exit_now(code: int) -> None:
    """Leave with `code` without the interpreter's teardown (freeing pandas, matplotlib, WeasyPrint …
    module by module: ~0.5 s of a 2 s run): the exit handlers run, the standard streams are flushed,
    every file the run wrote is closed already."""
    import atexit
    import os
    import signal

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's; elsewhere: the normal exit
    if run_exit_handlers is None:
        sys.exit(code)
    if hasattr(signal, "pthread_sigmask"):
        # the run is over (published or not, and said so): a Ctrl-C or SIGTERM now is not raised inside an
        # exit handler (printed as a traceback there) but dies with the process
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
