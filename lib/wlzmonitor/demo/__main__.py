"""python -m wlzmonitor.demo --year 2026 [--check]"""

from __future__ import annotations

import argparse
import sys

from wlzmonitor.spec.paths import raw_export
from wlzmonitor.demo.generator import generate, to_csv_bytes, write_demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wlzmonitor.demo", description=__doc__)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the shipped export differs from a fresh run")
    args = parser.parse_args(argv)
    if args.check:
        fresh = to_csv_bytes(generate(args.year))
        shipped = raw_export(args.year)
        if not shipped.exists() or shipped.read_bytes() != fresh:
            print(f"{shipped}: differs from the generator's output; run python -m wlzmonitor.demo --year {args.year}")
            return 1
        print(f"{shipped}: identical to the generator's output")
        return 0
    path = write_demo(args.year)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
