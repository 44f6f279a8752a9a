"""Regenerate a year's report from the respondent data.

    python run_all.py --year 2026                          # every chapter that changed
    python run_all.py --year 2026 --chapter 03_herschikking
    python run_all.py --year 2026 --force                  # every chapter, changed or not

Writes outputs/<year>/ (see README, "Outputs"): index.html, one HTML page per chapter, figures/,
tables/ and the Excel workbook. Chapters run in parallel, one kernel process per notebook. The new
output is built next to the old one and replaces it only when every chapter succeeded; a failed
run is kept in outputs/.<year>.failed/ with its executed notebooks. A chapter whose notebook and
inputs (data, codebook, layout, config, library) did not change since the last run is not rerun.
"""

from __future__ import annotations

import argparse
import sys


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, required=True, help="survey year, e.g. 2026")
    parser.add_argument("--chapter", action="append", metavar="NAME",
                        help="run only this chapter (repeatable), e.g. 03_herschikking")
    parser.add_argument("--force", action="store_true", help="rerun every chapter even if nothing changed")
    parser.add_argument("--workers", type=int, default=None, help="parallel notebooks (default: the CPU count)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from wlzmonitor.spec.config import ConfigError
    from wlzmonitor.run.report_run import RunError, build_report, main_exit_code

    try:
        summary = build_report(args.year, chapters=args.chapter, force=args.force, workers=args.workers)
    except (ConfigError, RunError) as err:
        print(f"run_all: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # input errors name the file (and row, column, question): no traceback
        # imported late: pandas is slow to import
        from wlzmonitor.inputs.mapping import MappingError
        from wlzmonitor.spec.privacy_settings import PrivacySettingsError
        from wlzmonitor.inputs.quality_log import ExportError

        if isinstance(err, (MappingError, PrivacySettingsError)):  # a configuration file
            print(f"run_all: {err}", file=sys.stderr)
            return 2
        if not isinstance(err, ExportError):
            raise
        print(f"run_all: {err}", file=sys.stderr)
        return 1
    for line in summary.checks:
        print(f"  check: {line}")
    return main_exit_code(summary)


if __name__ == "__main__":
    sys.exit(main())
