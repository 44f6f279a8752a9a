"""How fast is a report run on this machine? One run of this script measures and prints it all.

    python benchmarks/bench_report.py --naive-runs 1   # everything (~10 min on 2 cores)
    python benchmarks/bench_report.py --only e         # just the table engine
    python benchmarks/bench_report.py --only d         # just the edit loop

It works on a private copy of the repository (data, config, notebooks, lib; no outputs, no
.git) in a temporary folder, with ``WLZ_MONITOR_ROOT`` and ``PYTHONPATH`` pointing there, so it
neither reads nor touches ``outputs/`` of the working copy and others can keep working. It first
prints the environment (CPU count and model, load average, Python and package versions).

(a) naive baseline, the same work as run_all: every chapter notebook converted to .ipynb with the
    ``jupytext`` CLI (papermill cannot read the py:percent files), run through the ``papermill``
    CLI with ``-p output_dir`` (figures written, not the interactive scratch mode), then the
    ``jupyter nbconvert --to html --no-input`` CLI, one after the other; then one process writes
    what run_all writes besides the pages (tables, workbook, logs, the PDF printed from the
    pages, the privacy gate over everything) with the library's functions. It starts from the
    cache state of the run it is compared with: (a) from an empty ``outputs/.cache`` like (b),
    (a2, with --naive-warm) with the cache (b2) starts from. The split over the tools is printed.
(b) ``python run_all.py --year YEAR --force`` from a cold start: ``outputs/YEAR`` and
    ``outputs/.cache`` deleted first (no result, no charts, no PDF, no timings of earlier runs).
    (b2) the same with the cache the run before left (result, charts, PDF, gate verdicts).
    Both print run_all's phases (``WLZ_MONITOR_TIMINGS=1``).
(c) ``run_all.py`` again with nothing changed (target < 1 s).
(d) the edit loop: one sentence of prose in one chapter changed (a different one each run;
    restored after), then ``run_all.py``: its time, which chapters ran and which output files
    changed (target: under 2 s; only that chapter's page — and the executed notebook and the
    PDF, which hold the same text).
    (d2) the same with a paragraph added instead, about a page longer each run: the chapter's
    page count, every later page number and the total move (every page of the PDF changes).
(e) the table engine alone, in a fresh process per size: ``load_survey`` (read, validate,
    type, derive) and ``compute_all`` (every table of the layout, earlier years from the
    published figures) on the demo data and on generated data of 10,000 and 100,000
    respondents (demo respondents drawn with replacement, new ids: routing stays consistent),
    written as CSV by another process and read through the normal loader (after one untimed
    pass over the demo data). Peak memory is that of the measuring process. The significance
    tests are timed too (for information; not part of the target).
(f) the floor: a Python process importing what a chapter needs; a warm kernel started and its
    imports done; the cheapest chart of the report made and rendered (PNG + SVG).

Times are wall-clock medians over the runs; peak memory is the largest resident set of any
single process of the step (``ru_maxrss`` of the waited-for process tree); CPU is the user + system
time of that tree (every process the run waited for: its workers, kernels, printer and deny-list
children), printed for (b), (b2), (c), (d) and (d2) with the wall time no order of the work can beat on
this machine's CPUs (CPU / CPU count): a step whose wall time is near it is short of CPU, not of overlap. Targets (issue 16):
(b) at least 8x faster than (a); (c) under 1 s; (d) under 2 s and only that chapter's page
changed; (e) load + compute for 100,000 respondents under 2 s and 500 MB, linear in rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
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
PHASE_LINE = re.compile(r"^run_all: phase (.+?) ([0-9.]+) s", re.MULTILINE)
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
    #: user + system CPU of the process tree the step waited for
    cpu_seconds: float = 0.0


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
                    err.read().decode("utf-8", "replace"), proc.returncode, usage.ru_utime + usage.ru_stime)


def check(step: Step, what: str) -> Step:
    if step.returncode != 0:
        sys.exit(f"bench_report: {what} failed (exit {step.returncode}):\n{step.stdout[-3000:]}\n{step.stderr[-3000:]}")
    return step


def cli(name: str) -> list[str]:
    """A console script of this environment (next to this Python), else ``python -m name``."""
    script = Path(sys.executable).parent / name
    return [str(script)] if script.exists() else [sys.executable, "-m", name]


#: the packages whose versions are printed with the figures
PACKAGES = ("numpy", "pandas", "scipy", "matplotlib", "seaborn", "pyarrow", "openpyxl", "papermill", "nbclient",
            "nbconvert", "ipykernel", "jupytext", "weasyprint", "pypdf", "pikepdf", "pypdfium2", "lxml")


#: (d2) the sentence a growing paragraph repeats (80 more each run: about a page of the PDF)
GROWTH = "Deze alinea is toegevoegd en maakt het hoofdstuk langer, zodat elk volgend paginanummer verschuift. "


def pdf_pages(folder: Path) -> int:
    """The page count of the report's PDF in `folder` (0: none)."""
    from pypdf import PdfReader

    found = sorted(folder.glob("*.pdf"))
    return len(PdfReader(found[0]).pages) if found else 0


def environment_line(compiled: bool) -> str:
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    bytecode = ("; the copy's library compiled to bytecode once, as `python tasks.py setup` does" if compiled else "")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        bytecode += ("; PYTHONDONTWRITEBYTECODE is set" + ("" if compiled else
                     ": the library is compiled from source at every start (--no-bytecode)"))
    return (f"load average {load}; " + ", ".join(f"{n} {v(n)}" for n in PACKAGES) + bytecode
            + f"; fonts subset by {font_subsetter()}")


def font_subsetter() -> str:
    """Which library WeasyPrint subsets the PDF's fonts with here: HarfBuzz's (Debian's libharfbuzz-subset0,
    which ``python tasks.py test`` installs) or, without it, fontTools (slower)."""
    done = subprocess.run([sys.executable, "-c", "from weasyprint.text.ffi import harfbuzz_subset as h; "
                           "print('HarfBuzz' if h else 'fontTools (no libharfbuzz-subset0)')"],
                          capture_output=True, text=True)
    return done.stdout.strip() or "? (WeasyPrint did not import)"


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
        return run([sys.executable, "run_all.py", "--year", str(self.year), *extra],
                   env={**self.env, "WLZ_MONITOR_TIMINGS": "1"}, cwd=self.root)

    def clear(self, *names: str) -> None:
        for name in names:
            shutil.rmtree(self.outputs / name, ignore_errors=True)

    # (a) --------------------------------------------------------------------------------------
    def naive(self, runs: int, key: str = "a", *, cold: bool = True) -> None:
        """Per chapter: jupytext .py -> .ipynb, papermill CLI, nbconvert CLI; one after the other;
        then the rest of run_all's work (data outputs, index, PDF, privacy gate) in one process."""
        times, peaks, parts = [], [], []
        for i in range(runs):
            self.clear("naive", *((".cache",) if cold else ()))
            out = self.outputs / "naive"
            (out / "src").mkdir(parents=True)
            self.log(f"({key}) naive run {i + 1}/{runs}")
            spent = {"jupytext": 0.0, "papermill": 0.0, "nbconvert": 0.0, "rest": 0.0}
            peak = 0
            for stem in self.chapters:
                source, executed = out / "src" / f"{stem}.ipynb", out / f"{stem}.ipynb"
                steps = {
                    "jupytext": [*cli("jupytext"), "--quiet", "--to", "ipynb", "-o", str(source),
                                 str(self.root / "notebooks" / f"{stem}.py")],
                    "papermill": [*cli("papermill"), "--no-progress-bar", str(source), str(executed),
                                  "-p", "year", str(self.year), "-p", "output_dir", str(out),
                                  "-p", "root", str(self.root)],
                    "nbconvert": [*cli("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                }
                for name, cmd in steps.items():
                    step = check(run(cmd, env=self.naive_env, cwd=self.root / "notebooks"), f"{name} {stem}")
                    spent[name] += step.seconds
                    peak = max(peak, step.peak_kb)
                if not (out / f"{stem}.html").exists():
                    sys.exit(f"bench_report: the naive run made no {stem}.html")
            if not any((out / "figures").glob("*.png")):
                sys.exit("bench_report: the naive run wrote no figures")
            step = check(run([sys.executable, str(Path(__file__).resolve()), "--naive-rest", str(out),
                              "--year", str(self.year)], env=self.env, cwd=self.root), "the naive run's rest")
            spent["rest"] += step.seconds
            peak = max(peak, step.peak_kb)
            times.append(sum(spent.values()))
            parts.append(spent)
            peaks.append(peak)
        self.clear("naive")
        self.results[key] = {"times": times, "peak_kb": max(peaks),
                             "parts": {k: median([p[k] for p in parts]) for k in parts[0]}}

    # (b) --------------------------------------------------------------------------------------
    def full(self, key: str, runs: int, *, cold: bool) -> None:
        times, peaks, phases, cpus = [], [], [], []
        for i in range(runs):
            self.clear(str(self.year), f".{self.year}.partial", f".{self.year}.failed")
            if cold:
                self.clear(".cache")
            self.log(f"({key}) run_all --force {'cold' if cold else 'cache of the run before'} {i + 1}/{runs}")
            step = check(self.run_all("--force"), "run_all --force")
            ran = PROGRESS_LINE.findall(step.stdout)
            if sorted(stem for stem, status in ran if status == "ok") != sorted(self.chapters):
                sys.exit(f"bench_report: run_all --force did not run every chapter:\n{step.stdout}")
            times.append(step.seconds)
            peaks.append(step.peak_kb)
            cpus.append(step.cpu_seconds)
            phases.append({name: float(sec) for name, sec in PHASE_LINE.findall(step.stderr)})
        self.results[key] = {"times": times, "peak_kb": max(peaks), "cpu": cpus,
                             "phases": {k: median([p.get(k, 0.0) for p in phases]) for k in phases[0]}}

    # (c) --------------------------------------------------------------------------------------
    def unchanged(self, runs: int) -> None:
        times, peaks, cpus = [], [], []
        for _ in range(runs):
            step = check(self.run_all(), "run_all (nothing changed)")
            if "up to date" not in step.stdout or PROGRESS_LINE.search(step.stdout):
                sys.exit(f"bench_report: run_all with nothing changed did some work:\n{step.stdout}")
            times.append(step.seconds)
            peaks.append(step.peak_kb)
            cpus.append(step.cpu_seconds)
        self.results["c"] = {"times": times, "peak_kb": max(peaks), "cpu": cpus}

    # (d) --------------------------------------------------------------------------------------
    def output_digests(self) -> dict[str, str]:
        folder = self.outputs / str(self.year)
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    def touched(self, runs: int, stem: str, *, grow: bool = False) -> None:
        """One sentence of a markdown cell of `stem` changed (differently each run), then run_all; with
        `grow` (d2), a paragraph added after it instead, longer each run by about half a page, so that
        the chapter's page count, every later page number and the total change every run."""
        notebook = self.root / "notebooks" / f"{stem}.py"
        original = notebook.read_text(encoding="utf-8")
        lines = original.splitlines(keepends=True)
        at = next((i + 1 for i, line in enumerate(lines[:-1]) if line.startswith("# %% [markdown]")
                   and lines[i + 1].startswith("# ") and len(lines[i + 1]) > 10), None)
        if at is None:
            sys.exit(f"bench_report: {notebook} has no markdown cell with prose to change")
        times, peaks, cpus, ran_sets, changed_sets, phases, page_counts = [], [], [], [], [], [], [pdf_pages(
            self.outputs / str(self.year))]
        key = "d2" if grow else "d"
        try:
            for i in range(runs):
                edited = lines[:at] + [lines[at].rstrip("\n") + f" (bewerking {i + 1})\n"] + lines[at + 1:]
                if grow:
                    edited = lines[:at + 1] + ["#\n", "# " + GROWTH * (80 * (i + 1)) + "\n"] + lines[at + 1:]
                notebook.write_text("".join(edited), encoding="utf-8")
                before = self.output_digests()
                self.log(f"({key}) run_all after a prose change in {stem} {i + 1}/{runs}")
                step = check(self.run_all(), f"run_all after a prose change in {stem}")
                after = self.output_digests()
                ran_sets.append([s for s, _ in PROGRESS_LINE.findall(step.stdout)])
                changed_sets.append(sorted(n for n in set(before) | set(after)
                                           if before.get(n) != after.get(n) and n != "manifest.json"))
                times.append(step.seconds)
                peaks.append(step.peak_kb)
                cpus.append(step.cpu_seconds)
                phases.append({name: float(sec) for name, sec in PHASE_LINE.findall(step.stderr)})
                page_counts.append(pdf_pages(self.outputs / str(self.year)))
        finally:
            notebook.write_text(original, encoding="utf-8")
        check(self.run_all(), "run_all after restoring the notebook")  # outputs match the notebook again
        self.results[key] = {"times": times, "peak_kb": max(peaks), "cpu": cpus, "stem": stem, "ran": ran_sets,
                             "pages": page_counts,
                             "changed": changed_sets,
                             "phases": {k: median([p.get(k, 0.0) for p in phases]) for k in phases[0]}}

    # (e) --------------------------------------------------------------------------------------
    def engine(self, sizes: list[int], runs: int) -> None:
        rows = []
        data_dir = Path(tempfile.mkdtemp(prefix="wlz-bench-data-"))
        me = [sys.executable, str(Path(__file__).resolve()), "--year", str(self.year), "--data-dir", str(data_dir)]
        try:
            for size in [0, *sizes]:
                if size:  # the data is written by another process: its memory is not the engine's
                    self.log(f"(e) writing {size} respondents")
                    check(run([*me, "--make-data", str(size)], env=self.env, cwd=self.root), f"data of {size} rows")
                # each run in a process of its own: in one process, glibc's allocator keeps memory a run
                # freed and the next run's peak counts it (docs/performance.md), which is not the
                # engine's footprint
                result: dict = {}
                for k in range(runs):
                    self.log(f"(e) table engine, {size or 'demo'} rows, run {k + 1}/{runs}")
                    step = check(run([*me, "--engine-child", str(size), "--runs", "1"], env=self.env,
                                     cwd=self.root), f"table engine at {size} rows")
                    one = json.loads(step.stdout.strip().splitlines()[-1])
                    for key in ("load", "compute", "tests"):
                        result.setdefault(key, []).extend(one[key])
                    result.update({key: one[key] for key in ("size", "respondents", "tables")})
                    result["engine_peak_kb"] = max(result.get("engine_peak_kb", 0), one["engine_peak_kb"])
                    result["peak_kb"] = max(result.get("peak_kb", 0), step.peak_kb)
                rows.append(result)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        self.results["e"] = {"rows": rows}

    # (f) --------------------------------------------------------------------------------------
    def floor(self, runs: int) -> None:
        """The least any chapter pays: imports, a warm kernel, the cheapest chart."""
        imports = [check(run([sys.executable, "-c", "import wlzmonitor.present.chapter"], env=self.naive_env,
                             cwd=self.root), "imports").seconds for _ in range(runs)]
        step = check(run([sys.executable, str(Path(__file__).resolve()), "--floor-child", "--year", str(self.year),
                          "--runs", str(runs)], env=self.naive_env, cwd=self.root), "floor")
        self.results["f"] = {"imports": imports, **json.loads(step.stdout.strip().splitlines()[-1])}


def floor_child(year: int, runs: int) -> None:
    """(In a fresh process.) A warm kernel started with its imports; the cheapest chart made and rendered."""
    from wlzmonitor.compute.result_cache import cached_year_result
    from wlzmonitor.present.charts import make_chart, render
    from wlzmonitor.run.kernel import WarmKernel

    kernel_start = []
    for _ in range(runs):
        started = time.perf_counter()
        kernel = WarmKernel(Path.cwd())
        kernel.start()
        kernel.prepare(Path.cwd())
        kernel_start.append(time.perf_counter() - started)
        kernel.shutdown()
    result = cached_year_result(year)
    charts = {}
    for spec in result.layout.tables:  # the cheapest chart: the fewest bars
        table = result.tables.get(spec.key)
        if table is not None and make_chart(spec, table) is not None:
            charts[spec.key] = (len(table), spec)
    _, spec = min(charts.values(), key=lambda c: (c[0], c[1].key))
    render(make_chart(spec, result.tables[spec.key]))  # the first one pays for fonts
    chart = []
    for _ in range(runs):
        started = time.perf_counter()
        render(make_chart(spec, result.tables[spec.key]))
        chart.append(time.perf_counter() - started)
    print(json.dumps({"kernel": kernel_start, "chart": chart, "chart_key": spec.key, "charts": len(charts)}))


def naive_rest(out: Path, year: int) -> None:
    """(In a fresh process.) What run_all writes besides the chapter pages, into the naive run's
    folder: data outputs, index, the PDF printed from its pages, then the privacy gate over it all."""
    from wlzmonitor.compute.result_cache import cached_year_result
    from wlzmonitor.run.data_outputs import write_data_outputs
    from wlzmonitor.run.index_page import write_index
    from wlzmonitor.run.pdf import write_pdf
    from wlzmonitor.run.privacy_gate import OutputScan, run_deny_list
    from wlzmonitor.spec.config import load_config

    config = load_config().for_year(year)
    result = cached_year_result(year, config)  # the cache the naive chapters filled
    write_data_outputs(result, out, config)
    manifest = {"year": year, "chapters": {stem: {"status": "ok", "fingerprint": ""} for stem in config.chapters}}
    write_index(out, config, year, manifest, result)
    write_pdf(out, config, year, manifest, respondents=len(result.survey.responses))
    # the same scan as run_all's gate, which keeps its verdicts (none yet: cold, as run_all's first run) and
    # so reads the PDF's pages as run_all does (qpdf's keys, PDFium); nbconvert's own page template gives it
    # false alarms: counted only
    with tempfile.TemporaryDirectory() as verdicts:
        problems = OutputScan(out, run_deny_list(year, config), verdicts=Path(verdicts) / f"gate-{year}").finish()
    print(json.dumps({"gate_findings": len(problems)}))


def make_data(size: int, year: int, data_dir: Path) -> None:
    """(In a fresh process.) Write `size` respondents drawn from the demo export's analysable ones."""
    import numpy as np
    import pandas as pd

    from wlzmonitor.demo.generator import demo_export_path as raw_export
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.spec.codebook_parse import codebook_for_year

    codebook = codebook_for_year(year)
    demo = raw_export(year)
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
    # every respondent an organisation of its own: their open answers differ (the loader excludes a
    # row whose answers are all another's under another id as a form sent twice)
    big["suggesties_inkoopbeleid"] = [f"{text} (organisatie {i})".strip() for i, text in
                                      enumerate(big["suggesties_inkoopbeleid"], 1)]
    big.to_csv(data_dir / f"respondenten_{size}.csv", index=False)


def engine_child(size: int, year: int, runs: int, data_dir: Path) -> None:
    """(In a fresh process.) Time load_survey and compute_all at `size` respondents (0: demo), then
    the significance tests; the peak memory of the engine is taken before the first test runs (the
    tests, not in the target, import scipy and statsmodels)."""
    import gc
    import resource

    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.layout import layout_for_year
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.spec.published import load_published
    from wlzmonitor.compute.report_tables import compute_all, history_from_published

    config = load_config()
    codebook = codebook_for_year(year)
    layout = layout_for_year(year)
    cells, tables = load_published(year)
    history = history_from_published(layout, cells, tables)
    demo = config.sources(year).export  # (not through the demo generator: it imports scipy)
    path = data_dir / f"respondenten_{size}.csv" if size else demo
    # one untimed pass over the demo data first: lazy imports and first-call set-up of pandas
    # and numpy are the process's start, not the engine's work
    compute_all(layout, load_survey(demo, codebook), history)
    load, compute, tests = [], [], []
    survey = computed = None
    for _ in range(runs):
        survey = computed = None  # the run before is freed (cycles too): the peak is one run's
        gc.collect()
        started = time.perf_counter()
        survey = load_survey(path, codebook)
        load.append(time.perf_counter() - started)
        started = time.perf_counter()
        computed = compute_all(layout, survey, history)
        compute.append(time.perf_counter() - started)
    engine_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    from wlzmonitor.compute.significance import all_tests

    for _ in range(runs):
        started = time.perf_counter()
        all_tests(layout, survey, alpha=config.alpha, resamples=config.permutation_resamples,
                  seed=config.permutation_seed)
        tests.append(time.perf_counter() - started)
    print(json.dumps({"size": size, "respondents": len(survey.responses), "tables": len(computed),
                      "load": load, "compute": compute, "tests": tests,
                      "engine_peak_kb": engine_peak_kb}))


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
        if r[key].get("cpu"):
            lines.append("    " + cpu_line(r[key]["cpu"], os.cpu_count() or 1))

    def parts(key: str) -> str:
        return ", ".join(f"{k} {v:.1f} s" for k, v in r[key]["parts"].items())

    def phases(key: str) -> str:
        return "phases: " + ", ".join(f"{k} {v:.2f}" for k, v in r[key].get("phases", {}).items())

    lines.append(f"{'step':<58} {'median':>9}   {'runs (s)':<26} {'peak RSS':>8}")
    if "a" in r:
        row("(a) naive CLIs one by one + the rest, cold cache", "a", f"({parts('a')})")
    if "a2" in r:
        row("(a2) the same from the cache (b2) starts from", "a2", f"({parts('a2')})")
    if "b" in r:
        row("(b) run_all --force, cold (no outputs, no cache)", "b", phases("b"))
    if "b2" in r:
        row("(b2) run_all --force, cache of the run before", "b2", phases("b2"))
    if "c" in r:
        row("(c) run_all, nothing changed", "c")
    if "d" in r:
        d = r["d"]
        row(f"(d) run_all after a prose change in {d['stem']}", "d", phases("d"))
        lines.append(f"    ran: {' | '.join(', '.join(s) or 'nothing' for s in d['ran'])}")
        lines.append(f"    changed: {' | '.join(', '.join(c) or 'nothing' for c in d['changed'])}")
    if "d2" in r:
        d = r["d2"]
        row(f"(d2) the same, a paragraph added: {d['stem']} longer", "d2", phases("d2"))
        lines.append(f"    ran: {' | '.join(', '.join(s) or 'nothing' for s in d['ran'])}; the PDF's pages: "
                     f"{' -> '.join(str(n) for n in d['pages'])}")
    print("\n".join(lines))

    if "f" in r:
        f = r["f"]
        print(f"\n(f) floor: Python + the chapter's imports {secs(median(f['imports']))}; a warm kernel started with its "
              f"imports {secs(median(f['kernel']))}; the cheapest chart ({f['chart_key']}) made and rendered "
              f"{1000 * median(f['chart']):.0f} ms (x {f['charts']} charts = {median(f['chart']) * f['charts']:.1f} s "
              "if every chart were that cheap)")

    if "e" in r:
        print("\n(e) table engine (a fresh process per size and run; medians; tests = significance, not in the target;\n"
              "    peak RSS: the largest process through its load and compute, then with the tests run after them)")
        print(f"    {'respondents':>14} {'load':>9} {'compute':>9} {'together':>9} {'tests':>9} {'load per 1k':>12} "
              f"{'compute per 1k':>15} {'peak RSS':>9} {'with tests':>10}")
        for e in r["e"]["rows"]:
            n = e["respondents"]
            load, compute, tests = median(e["load"]), median(e["compute"]), median(e["tests"])
            label = f"{n:,}" + (" (demo)" if not e["size"] else "")
            print(f"    {label:>14} {secs(load):>9} {secs(compute):>9} {secs(load + compute):>9} {secs(tests):>9} "
                  f"{1e6 * load / n:>9.0f} ms {1e6 * compute / n:>12.1f} ms {mb(e['engine_peak_kb']):>9} "
                  f"{mb(e['peak_kb']):>10}")
    print("\ntargets")
    ok &= _targets(r)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"\npeak memory: largest single process of all steps {mb(children)} (this script itself {mb(own)})")
    print(f"benchmark took {(time.perf_counter() - started) / 60:.1f} min")
    return ok


def cpu_line(cpus: list[float], cpu_count: int) -> str:
    """The CPU of a step's runs and the wall time no order of its work can beat on `cpu_count` CPUs."""
    cpu = median(cpus)
    return (f"CPU of every process: {secs(cpu)} ({', '.join(f'{c:.2f}' for c in cpus)}); on {cpu_count} CPU(s) "
            f"no order of that work ends before {secs(cpu / cpu_count)}")


def _met(flag: bool) -> str:
    return "MET" if flag else "NOT MET"


def _targets(r: dict) -> bool:
    ok = True
    if "a" in r and "b" in r:
        naive, cold = median(r["a"]["times"]), median(r["b"]["times"])
        ok &= naive / cold >= 8
        print(f"  (b) at least 8x faster than (a), same work, both cold: {naive:.1f} s / {cold:.1f} s = "
              f"{naive / cold:.1f}x   {_met(naive / cold >= 8)}")
        pages = naive - r["a"]["parts"]["rest"]
        done = r["b"].get("phases", {})
        until = sum(v for k, v in done.items() if k in ("result", "data outputs", "chapters"))
        if until:
            print(f"      the pages alone (a without the rest; b until its chapters are done): {pages:.1f} s / "
                  f"{until:.1f} s = {pages / until:.1f}x")
    if "a2" in r and "b2" in r:
        naive, warm = median(r["a2"]["times"]), median(r["b2"]["times"])
        print(f"      (b2) against (a2), both from the same cache: {naive:.1f} s / {warm:.1f} s = {naive / warm:.1f}x")
    if "c" in r:
        met = median(r["c"]["times"]) < 1
        ok &= met
        print(f"  (c) nothing changed under 1 s: {secs(median(r['c']['times']))}   {_met(met)}")
    if "d" in r:
        d = r["d"]
        fast = median(d["times"]) < 2
        only = all(ran == [d["stem"]] for ran in d["ran"])
        pages = all(all(c in (f"{d['stem']}.html", f"notebooks/{d['stem']}.ipynb") or c.endswith(".pdf")
                        for c in changed) for changed in d["changed"])
        ok &= fast and only and pages
        print(f"  (d) prose change: under 2 s: {secs(median(d['times']))}   {_met(fast)}; only that chapter ran: "
              f"{_met(only)}; only its page (and its executed notebook and the PDF) changed: {_met(pages)}")
    if "d2" in r:
        d = r["d2"]
        fast = median(d["times"]) < 2
        only = all(ran == [d["stem"]] for ran in d["ran"])
        ok &= fast and only
        print(f"  (d2) the same when the chapter gets longer (every later page number moves): under 2 s: "
              f"{secs(median(d['times']))}   {_met(fast)}; only that chapter ran: {_met(only)}")
    if "e" in r:
        ok &= _engine_targets(r["e"]["rows"])
    return ok


def _engine_targets(rows_list: list[dict]) -> bool:
    ok = True
    rows = {e["size"]: e for e in rows_list}
    sizes = sorted(s for s in rows if s)
    if len(sizes) >= 2:
        small, large = rows[sizes[0]], rows[sizes[-1]]
        factor = large["respondents"] / small["respondents"]
        growth = {k: median(large[k]) / median(small[k]) for k in ("load", "compute")}
        # linear: time grows at most in proportion to the rows (25% slack for noise)
        met = all(g <= 1.25 * factor for g in growth.values())
        ok &= met
        print(f"  (e) linear in rows: {factor:.0f}x the rows -> load {growth['load']:.1f}x, compute "
              f"{growth['compute']:.1f}x the time   {_met(met)}")
    if 100_000 in rows:
        e = rows[100_000]
        together = median(e["load"]) + median(e["compute"])
        fast, small = together < 2, e["engine_peak_kb"] < 500 * 1024
        ok &= fast and small
        print(f"  (e) load + validate + all {e['tables']} tables for 100,000 respondents under 2 s: {together:.2f} s   "
              f"{_met(fast)}; under 500 MB (the process, imports included): {mb(e['engine_peak_kb'])}   {_met(small)}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median); default 3")
    parser.add_argument("--naive-runs", type=int, default=None, help="runs of the slow baseline (a); default --runs")
    parser.add_argument("--unchanged-runs", type=int, default=5, help="runs of (c); default 5")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="respondents for (e)")
    parser.add_argument("--chapter", default="03_herschikking", help="the chapter (d) touches")
    parser.add_argument("--only", default="abcdef", help="which measurements, e.g. 'bcd' (default: all)")
    parser.add_argument("--naive-warm", action="store_true",
                        help="also (a2): the naive baseline from the cache (b2) starts from")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="leave the copy's library uncompiled (with PYTHONDONTWRITEBYTECODE set, as in this "
                             "sandbox, every run then compiles it from source; python tasks.py setup compiles it)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the repository copy goes (default: a new temporary folder, removed after)")
    parser.add_argument("--engine-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--naive-rest", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--make-data", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--floor-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.engine_child is not None:
        engine_child(args.engine_child, args.year, args.runs, args.data_dir)
        return 0
    if args.naive_rest is not None:
        naive_rest(args.naive_rest, args.year)
        return 0
    if args.make_data is not None:
        make_data(args.make_data, args.year, args.data_dir)
        return 0
    if args.floor_child:
        floor_child(args.year, args.runs)
        return 0

    started = time.perf_counter()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="wlz-bench-"))
    root = workdir / "repo"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO, root, ignore=COPY_IGNORE, symlinks=True)
    if not args.no_bytecode:  # the library's bytecode as the set-up leaves it (tasks.compile_library)
        sys.path.insert(0, str(REPO))
        from tasks import compile_library

        compile_library(sys.executable, root)
    env = {**os.environ, "WLZ_MONITOR_ROOT": str(root),
           "PYTHONPATH": os.pathsep.join([str(root / "lib"), *filter(None, [os.environ.get("PYTHONPATH")])])}

    import yaml

    config = yaml.safe_load((root / "config" / "report.yml").read_text(encoding="utf-8"))
    years = config.get("years") or {}
    own = (years.get(args.year) or years.get(str(args.year)) or {}).get("chapters")  # the year's own chapters, if any
    bench = Bench(root=root, year=args.year, runs=args.runs, env=env, chapters=list(own or config["chapters"]))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    print(f"wlz-monitor report benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}: {os.cpu_count()} CPUs ({cpu}), "
          f"Python {platform.python_version()}, {len(bench.chapters)} chapters, year {args.year}")
    print(environment_line(not args.no_bytecode))
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
        if "a" in args.only and args.naive_warm:
            bench.naive(args.naive_runs or args.runs, "a2", cold=False)
        if "c" in args.only:
            if not (bench.outputs / str(args.year) / "manifest.json").exists():
                check(bench.run_all(), "run_all")
            bench.unchanged(args.unchanged_runs)
        if "d" in args.only:
            if not (bench.outputs / str(args.year) / "manifest.json").exists():
                check(bench.run_all(), "run_all")
            bench.touched(args.runs, args.chapter)
            bench.touched(args.runs, args.chapter, grow=True)
        if "e" in args.only:
            bench.engine(args.sizes, args.runs)
        if "f" in args.only:
            if not (bench.outputs / ".cache").exists():
                check(bench.run_all(), "run_all")
            bench.floor(args.runs)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    ok = report(bench, started)
    print(f"\n{environment_line(not args.no_bytecode)} (at the end)")
    print("reproduce: python benchmarks/bench_report.py" + " ".join(a for a in [""] + (argv or sys.argv[1:])))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
