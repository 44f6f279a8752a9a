"""How fast is a report run on this machine? One run of this script measures and prints it all.

    python benchmarks/bench_report.py                 # everything, 3 runs each (~8 min on 2 cores)
    python benchmarks/bench_report.py --naive-runs 1  # the slow baseline once (~6 min)
    python benchmarks/bench_report.py --only e        # just the table engine

It works on a private copy of the repository (data, config, notebooks, lib; no outputs, no
.git) in a temporary folder, with ``WLZ_MONITOR_ROOT`` and ``PYTHONPATH`` pointing there, so it
neither reads nor touches ``outputs/`` of the working copy and others can keep working.

(a) naive baseline: every chapter notebook converted to .ipynb with the ``jupytext`` CLI
    (papermill cannot read the py:percent files), run through the ``papermill`` CLI, then the
    ``jupyter nbconvert --to html --no-input`` CLI, one after the other, from an empty result
    cache (the first notebook computes the year's result, as in (b)). The split over the three
    tools is printed, and the ratio without the conversion too.
(b) ``python run_all.py --year YEAR --force`` from a cold start: ``outputs/YEAR`` and
    ``outputs/.cache`` deleted first (so also no timings of earlier runs).
    (b2, for information) the same with the cached result and timings of the run before.
(c) ``run_all.py`` again with nothing changed (target < 1 s).
(d) ``run_all.py`` after changing one chapter's notebook (a comment line appended, different
    each run; restored after): prints which chapters ran (target: only that one).
(e) the table engine alone, in a fresh process per size: ``load_survey`` (read, validate,
    type, derive) and ``compute_all`` (every table of the layout, earlier years from the
    published figures) on the demo data and on generated data of 10,000 and 100,000
    respondents (demo respondents drawn with replacement, new ids: routing stays consistent),
    written as CSV and read through the normal loader (after one untimed pass over the demo
    data). The significance tests are timed too (for information; not part of "compute").

Times are wall-clock medians over the runs; peak memory is the largest resident set of any
single process of the step (``ru_maxrss`` of the waited-for process tree). Targets: (b) at
least 4x faster than (a); (c) under 1 s; (d) only the touched chapter reruns; (e) linear in
rows, and all tables for 100,000 respondents in under 1 s of compute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "outputs", "__pycache__", ".pytest_cache", "*.egg-info",
                                     ".ipynb_checkpoints", ".mypy_cache", ".ruff_cache")
#: the kernels' environment, also for the naive baseline (wlzmonitor.run.kernel.KERNEL_ENV)
KERNEL_ENV = {"MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONHASHSEED": "0"}
PROGRESS_LINE = re.compile(r"^\[\d+/\d+\] (\S+) (ok|FAILED)\b", re.MULTILINE)


# --------------------------------------------------------------------------------------------
# running things


@dataclass
class Step:
    seconds: float
    peak_kb: int
    stdout: str
    stderr: str
    returncode: int


def run(cmd: list[str], *, env: dict[str, str], cwd: Path) -> Step:
    """Run `cmd`; wall time and the peak RSS of its process tree (the largest single process)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Step(seconds, usage.ru_maxrss, out.read().decode("utf-8", "replace"),
                    err.read().decode("utf-8", "replace"), proc.returncode)


def check(step: Step, what: str) -> Step:
    if step.returncode != 0:
        sys.exit(f"bench_report: {what} failed (exit {step.returncode}):\n{step.stdout[-3000:]}\n{step.stderr[-3000:]}")
    return step


def cli(name: str) -> list[str]:
    """A console script of this environment (next to this Python), else ``python -m name``."""
    script = Path(sys.executable).parent / name
    return [str(script)] if script.exists() else [sys.executable, "-m", name]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def secs(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


# --------------------------------------------------------------------------------------------
# the measurements


@dataclass
class Bench:
    root: Path
    year: int
    runs: int
    env: dict[str, str]
    chapters: list[str] = field(default_factory=list)
    results: dict[str, dict] = field(default_factory=dict)

    @property
    def naive_env(self) -> dict[str, str]:
        """The papermill CLI's kernels get what run_all's kernels get (Agg backend, hash seed)."""
        return {**self.env, **KERNEL_ENV}

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    def log(self, text: str) -> None:
        print(f"  … {text}", file=sys.stderr, flush=True)

    def run_all(self, *extra: str) -> Step:
        return run([sys.executable, "run_all.py", "--year", str(self.year), *extra], env=self.env, cwd=self.root)

    def clear(self, *names: str) -> None:
        for name in names:
            shutil.rmtree(self.outputs / name, ignore_errors=True)

    # (a) --------------------------------------------------------------------------------------
    def naive(self, runs: int) -> None:
        """Per chapter: jupytext .py -> .ipynb, papermill CLI, nbconvert CLI; one after the other."""
        times, peaks, parts = [], [], []
        for i in range(runs):
            self.clear("naive", ".cache")
            out = self.outputs / "naive"
            (out / "src").mkdir(parents=True)
            self.log(f"(a) naive run {i + 1}/{runs}")
            spent = {"jupytext": 0.0, "papermill": 0.0, "nbconvert": 0.0}
            peak = 0
            for stem in self.chapters:
                source, executed = out / "src" / f"{stem}.ipynb", out / f"{stem}.ipynb"
                steps = {
                    "jupytext": [*cli("jupytext"), "--quiet", "--to", "ipynb", "-o", str(source),
                                 str(self.root / "notebooks" / f"{stem}.py")],
                    "papermill": [*cli("papermill"), "--no-progress-bar", str(source), str(executed),
                                  "-p", "year", str(self.year), "-p", "output_dir", str(out / str(self.year)),
                                  "-p", "root", str(self.root)],
                    "nbconvert": [*cli("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                }
                for name, cmd in steps.items():
                    step = check(run(cmd, env=self.naive_env, cwd=self.root / "notebooks"), f"{name} {stem}")
                    spent[name] += step.seconds
                    peak = max(peak, step.peak_kb)
                if not (out / f"{stem}.html").exists():
                    sys.exit(f"bench_report: the naive run made no {stem}.html")
            times.append(sum(spent.values()))
            parts.append(spent)
            peaks.append(peak)
        self.clear("naive", ".cache")
        self.results["a"] = {"times": times, "peak_kb": max(peaks),
                             "parts": {k: median([p[k] for p in parts]) for k in parts[0]}}

    # (b) --------------------------------------------------------------------------------------
    def full(self, key: str, runs: int, *, cold: bool) -> None:
        times, peaks = [], []
        for i in range(runs):
            self.clear(str(self.year), f".{self.year}.partial", f".{self.year}.failed")
            if cold:
                self.clear(".cache")
            self.log(f"({key}) run_all --force {'cold' if cold else 'cached result'} {i + 1}/{runs}")
            step = check(self.run_all("--force"), "run_all --force")
            ran = PROGRESS_LINE.findall(step.stdout)
            if sorted(stem for stem, status in ran if status == "ok") != sorted(self.chapters):
                sys.exit(f"bench_report: run_all --force did not run every chapter:\n{step.stdout}")
            times.append(step.seconds)
            peaks.append(step.peak_kb)
        self.results[key] = {"times": times, "peak_kb": max(peaks)}

    # (c) --------------------------------------------------------------------------------------
    def unchanged(self, runs: int) -> None:
        times, peaks = [], []
        for _ in range(runs):
            step = check(self.run_all(), "run_all (nothing changed)")
            if "up to date" not in step.stdout or PROGRESS_LINE.search(step.stdout):
                sys.exit(f"bench_report: run_all with nothing changed did some work:\n{step.stdout}")
            times.append(step.seconds)
            peaks.append(step.peak_kb)
        self.results["c"] = {"times": times, "peak_kb": max(peaks)}

    # (d) --------------------------------------------------------------------------------------
    def touched(self, runs: int, stem: str) -> None:
        notebook = self.root / "notebooks" / f"{stem}.py"
        original = notebook.read_bytes()
        times, peaks, ran_sets = [], [], []
        try:
            for i in range(runs):
                notebook.write_bytes(original + f"\n# bench_report: edit {i + 1}\n".encode())
                self.log(f"(d) run_all after touching {stem} {i + 1}/{runs}")
                step = check(self.run_all(), f"run_all after touching {stem}")
                ran_sets.append([s for s, _ in PROGRESS_LINE.findall(step.stdout)])
                times.append(step.seconds)
                peaks.append(step.peak_kb)
        finally:
            notebook.write_bytes(original)
        check(self.run_all(), "run_all after restoring the notebook")  # outputs match the notebook again
        self.results["d"] = {"times": times, "peak_kb": max(peaks), "stem": stem, "ran": ran_sets}

    # (e) --------------------------------------------------------------------------------------
    def engine(self, sizes: list[int], runs: int) -> None:
        rows = []
        data_dir = Path(tempfile.mkdtemp(prefix="wlz-bench-data-"))
        try:
            for size in [0, *sizes]:
                self.log(f"(e) table engine, {size or 'demo'} rows")
                step = check(run([sys.executable, str(Path(__file__).resolve()), "--engine-child", str(size),
                                  "--year", str(self.year), "--runs", str(runs), "--data-dir", str(data_dir)],
                                 env=self.env, cwd=self.root), f"table engine at {size} rows")
                result = json.loads(step.stdout.strip().splitlines()[-1])
                result["peak_kb"] = step.peak_kb
                rows.append(result)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        self.results["e"] = {"rows": rows}


def engine_child(size: int, year: int, runs: int, data_dir: Path) -> None:
    """(In a fresh process.) Time load_survey and compute_all at `size` respondents (0: demo)."""
    import numpy as np
    import pandas as pd

    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.layout import layout_for_year
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.demo.generator import demo_export_path as raw_export
    from wlzmonitor.spec.published import load_published
    from wlzmonitor.compute.report_tables import compute_all, history_from_published
    from wlzmonitor.compute.significance import all_tests

    config = load_config()
    codebook = codebook_for_year(year)
    layout = layout_for_year(year)
    cells, tables = load_published(year)
    history = history_from_published(layout, cells, tables)
    demo = raw_export(year)
    path = demo
    if size:
        survey = load_survey(demo, codebook)
        raw = pd.read_csv(demo, dtype=str, keep_default_na=False)
        raw = raw.drop_duplicates(subset=[codebook.id_column])
        raw = raw[raw[codebook.id_column].isin(set(survey.responses.index))]  # analysable rows only
        picks = np.random.default_rng(size).integers(0, len(raw), size)
        big = raw.iloc[picks].copy()
        width = len(str(size))
        big[codebook.id_column] = [f"R{i:0{width}d}" for i in range(1, size + 1)]
        # contact details are not resampled: the same contact e-mail address under two ids is
        # reported by the loader (with identical answers: a double submission, excluded)
        for c in codebook.private_columns():
            big[c] = ""
        path = data_dir / f"respondenten_{size}.csv"
        big.to_csv(path, index=False)
    # one untimed pass over the demo data first: lazy imports and first-call set-up of pandas
    # and numpy are the process's start, not the engine's work
    compute_all(layout, load_survey(demo, codebook), history)
    load, compute, tests = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        survey = load_survey(path, codebook)
        load.append(time.perf_counter() - started)
        started = time.perf_counter()
        computed = compute_all(layout, survey, history)
        compute.append(time.perf_counter() - started)
        started = time.perf_counter()
        all_tests(layout, survey, alpha=config.alpha, resamples=config.permutation_resamples,
                  seed=config.permutation_seed)
        tests.append(time.perf_counter() - started)
    print(json.dumps({"size": size, "respondents": len(survey.responses), "tables": len(computed),
                      "load": load, "compute": compute, "tests": tests}))


# --------------------------------------------------------------------------------------------
# the report


def report(bench: Bench, started: float) -> bool:
    r = bench.results
    ok = True
    lines = []

    def row(label: str, key: str, extra: str = "") -> None:
        times = r[key]["times"]
        lines.append(f"{label:<58} {secs(median(times)):>9}   {', '.join(f'{t:.2f}' for t in times):<26}"
                     f" {mb(r[key]['peak_kb']):>8}{('   ' + extra) if extra else ''}")

    lines.append(f"{'step':<58} {'median':>9}   {'runs (s)':<26} {'peak RSS':>8}")
    if "a" in r:
        parts = r["a"]["parts"]
        row("(a) naive: jupytext, papermill, nbconvert CLIs, one by one", "a",
            f"(papermill {parts['papermill']:.1f} s, nbconvert {parts['nbconvert']:.1f} s, "
            f"jupytext {parts['jupytext']:.1f} s)")
    if "b" in r:
        row("(b) run_all --force, cold (no outputs, no cache)", "b")
    if "b2" in r:
        row("(b2) run_all --force, result cached", "b2")
    if "c" in r:
        row("(c) run_all, nothing changed", "c")
    if "d" in r:
        ran = r["d"]["ran"]
        row(f"(d) run_all after touching {r['d']['stem']}", "d",
            "ran: " + " | ".join(", ".join(s) or "nothing" for s in ran))
    print("\n".join(lines))

    if "e" in r:
        print("\n(e) table engine (fresh process per size; medians; tests = significance, not in compute)")
        print(f"    {'respondents':>14} {'load':>9} {'compute':>9} {'tests':>9} {'load per 1k':>12} "
              f"{'compute per 1k':>15} {'peak RSS':>9}")
        for e in r["e"]["rows"]:
            n = e["respondents"]
            load, compute, tests = median(e["load"]), median(e["compute"]), median(e["tests"])
            label = f"{n:,}" + (" (demo)" if not e["size"] else "")
            print(f"    {label:>14} {secs(load):>9} {secs(compute):>9} {secs(tests):>9} "
                  f"{1e6 * load / n:>9.0f} ms {1e6 * compute / n:>12.1f} ms {mb(e['peak_kb']):>9}")

    print("\ntargets")
    if "a" in r and "b" in r:
        naive, cold = median(r["a"]["times"]), median(r["b"]["times"])
        ratio = naive / cold
        met = ratio >= 4
        ok &= met
        print(f"  (b) at least 4x faster than (a): {naive:.1f} s / {cold:.1f} s = {ratio:.1f}x   "
              f"{'MET' if met else 'NOT MET'}")
        without = naive - r["a"]["parts"]["jupytext"]
        print(f"      (a) without the jupytext conversion: {without:.1f} s / {cold:.1f} s = {without / cold:.1f}x")
        if "b2" in r:
            print(f"      (b2) result cached: {naive:.1f} s / {median(r['b2']['times']):.1f} s = "
                  f"{naive / median(r['b2']['times']):.1f}x")
    if "c" in r:
        met = median(r["c"]["times"]) < 1
        ok &= met
        print(f"  (c) nothing changed under 1 s: {secs(median(r['c']['times']))}   {'MET' if met else 'NOT MET'}")
    if "d" in r:
        met = all(ran == [r["d"]["stem"]] for ran in r["d"]["ran"])
        ok &= met
        print(f"  (d) only the touched chapter reran: {'MET' if met else 'NOT MET'}")
    if "e" in r:
        rows = {e["size"]: e for e in r["e"]["rows"]}
        sizes = sorted(s for s in rows if s)
        if len(sizes) >= 2:
            small, large = rows[sizes[0]], rows[sizes[-1]]
            factor = large["respondents"] / small["respondents"]
            growth = {k: median(large[k]) / median(small[k]) for k in ("load", "compute")}
            # linear: time grows at most in proportion to the rows (25% slack for noise)
            met = all(g <= 1.25 * factor for g in growth.values())
            ok &= met
            print(f"  (e) linear in rows: {factor:.0f}x the rows -> load {growth['load']:.1f}x, compute "
                  f"{growth['compute']:.1f}x the time   {'MET' if met else 'NOT MET'}")
        if 100_000 in rows:
            compute = median(rows[100_000]["compute"])
            met = compute < 1
            ok &= met
            print(f"  (e) all {rows[100_000]['tables']} tables for 100,000 respondents under 1 s of compute: "
                  f"{compute:.2f} s   {'MET' if met else 'NOT MET'}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"\npeak memory: largest single process of all steps {mb(children)} (this script itself {mb(own)})")
    print(f"benchmark took {(time.perf_counter() - started) / 60:.1f} min")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median); default 3")
    parser.add_argument("--naive-runs", type=int, default=None, help="runs of the slow baseline (a); default --runs")
    parser.add_argument("--unchanged-runs", type=int, default=5, help="runs of (c); default 5")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="respondents for (e)")
    parser.add_argument("--chapter", default="03_herschikking", help="the chapter (d) touches")
    parser.add_argument("--only", default="abcde", help="which measurements, e.g. 'bcd' (default: all)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the repository copy goes (default: a new temporary folder, removed after)")
    parser.add_argument("--engine-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.engine_child is not None:
        engine_child(args.engine_child, args.year, args.runs, args.data_dir)
        return 0

    started = time.perf_counter()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="wlz-bench-"))
    root = workdir / "repo"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO, root, ignore=COPY_IGNORE, symlinks=True)
    env = {**os.environ, "WLZ_MONITOR_ROOT": str(root),
           "PYTHONPATH": os.pathsep.join([str(root / "lib"), *filter(None, [os.environ.get("PYTHONPATH")])])}

    import yaml

    config = yaml.safe_load((root / "config" / "report.yml").read_text(encoding="utf-8"))
    bench = Bench(root=root, year=args.year, runs=args.runs, env=env, chapters=list(config["chapters"]))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    print(f"wlz-monitor report benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}: {os.cpu_count()} CPUs ({cpu}), "
          f"Python {platform.python_version()}, {len(bench.chapters)} chapters, year {args.year}")
    print(f"repository copy: {root} (outputs are written there only)\n", flush=True)

    # one import of the heavy libraries first, so no step pays for a cold disk cache alone
    check(run([sys.executable, "-c", "import pandas, matplotlib, seaborn, scipy.stats, papermill, nbconvert, jupytext"],
              env=env, cwd=root), "warm-up imports")
    try:
        if "a" in args.only:
            bench.naive(args.naive_runs or args.runs)
        if "b" in args.only:
            bench.full("b", args.runs, cold=True)
            bench.full("b2", args.runs, cold=False)
        if "c" in args.only:
            if not (bench.outputs / str(args.year) / "manifest.json").exists():
                check(bench.run_all(), "run_all")
            bench.unchanged(args.unchanged_runs)
        if "d" in args.only:
            if not (bench.outputs / str(args.year) / "manifest.json").exists():
                check(bench.run_all(), "run_all")
            bench.touched(args.runs, args.chapter)
        if "e" in args.only:
            bench.engine(args.sizes, args.runs)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    ok = report(bench, started)
    print("\nreproduce: python benchmarks/bench_report.py" + (f" --runs {args.runs}" if args.runs != 3 else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
