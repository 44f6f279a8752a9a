"""Regenerate a year's report from the respondent data.

    python run_all.py --year 2026              # every chapter
    python run_all.py --year 2026 --chapter 03_herschikking

Writes outputs/<year>/ (see README, "Outputs"). The new output is built in a temporary folder
next to it and only replaces outputs/<year>/ when everything succeeded, so a failed run never
leaves a half-written output looking complete.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from wlzmonitor.config import ConfigError, load_config
from wlzmonitor.loading import ExportError
from wlzmonitor.pipeline import load_year_result, write_data_outputs


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, required=True, help="survey year, e.g. 2026")
    parser.add_argument("--chapter", action="append", help="run only this chapter (repeatable)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = load_config()
    try:
        config.year(args.year)
    except ConfigError as err:
        print(f"run_all: {err}", file=sys.stderr)
        return 2
    target = config.output_for(args.year)
    staging = target.parent / f".{args.year}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    try:
        result = load_year_result(args.year, config)
        write_data_outputs(result, staging)
    except (ExportError, ConfigError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"run_all: {err}", file=sys.stderr)
        return 1
    for line in result.checks:
        print(f"  check: {line}")
    _replace(staging, target)
    print(f"run_all: {args.year} written to {target} in {time.perf_counter() - started:.1f} s")
    return 0


def _replace(staging: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
