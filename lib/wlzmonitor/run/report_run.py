"""One report run: data outputs, every chapter notebook in parallel, index.html, atomic replace.

`build_report(year)` is what `run_all.py` calls and what the pipeline test calls. The new output
is assembled in `outputs/.<year>.partial/` and replaces `outputs/<year>/` only when every chapter
succeeded and every page passed the offline check, so a failed run never leaves a half-written
output looking complete. A failed run is moved to `outputs/.<year>.failed/` with the executed
notebooks (the failing cell's error in them) for debugging; `outputs/<year>/` stays as it was.

With `chapters=[...]` only those chapters run; the other chapters' pages and figures are taken
over from the existing complete output when there is one (otherwise index.html marks them as
not generated).
"""

from __future__ import annotations

import html
import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from wlzmonitor.compute.fingerprint import hash_files, year_fingerprint
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.errors import InputError

MANIFEST = "manifest.json"


class RunError(InputError):
    """A run that cannot start (unknown chapter, missing notebook); the message says what to do."""


@dataclass
class RunSummary:
    year: int
    target: Path
    ok: bool
    chapters_run: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    checks: list[str] = field(default_factory=list)
    message: str = ""


def notebook_path(config: ReportConfig, stem: str) -> Path:
    return config.root / "notebooks" / f"{stem}.py"


def select_chapters(config: ReportConfig, chapters: list[str] | None) -> list[str]:
    if not chapters:
        return list(config.chapters)
    unknown = [c for c in chapters if c not in config.chapters]
    if unknown:
        raise RunError(f"unknown chapter(s) {', '.join(unknown)}; chapters in config/report.yml: "
                       f"{', '.join(config.chapters)}")
    return [c for c in config.chapters if c in chapters]


def chapter_fingerprint(config: ReportConfig, year: int, stem: str, data_key: str) -> str:
    """What a chapter's page depends on: the year's inputs and library (data_key) and its notebook."""
    return hash_files([notebook_path(config, stem)], config.root) + ":" + data_key


def plan(year: int, *, chapters: list[str] | None = None, force: bool = False,
         config: ReportConfig | None = None) -> tuple[list[str], dict[str, str], str, dict]:
    """Which chapters must run: (to_run, fingerprint per chapter, data key, previous manifest).

    Without `chapters`, a chapter runs when its fingerprint (its notebook + the year's data,
    codebook, layout, published figures, config and library source) differs from the one in the
    existing output's manifest, or when it did not succeed there. With `chapters`, exactly those run.
    """
    config = config or load_config()
    config.year(year)  # raises ConfigError listing the years with data
    selected = select_chapters(config, chapters)
    for stem in config.chapters:
        if not notebook_path(config, stem).exists():
            raise RunError(f"chapter '{stem}' is in config/report.yml but {notebook_path(config, stem)} does not exist")
    data_key = year_fingerprint(year, config)
    fingerprints = {stem: chapter_fingerprint(config, year, stem, data_key) for stem in config.chapters}
    previous = _read_manifest(config.output_for(year))
    if chapters or force:
        return selected, fingerprints, data_key, previous
    done = previous.get("chapters", {})
    to_run = [stem for stem in config.chapters
              if done.get(stem, {}).get("status") != "ok" or done[stem].get("fingerprint") != fingerprints[stem]]
    return to_run, fingerprints, data_key, previous


def build_report(year: int, *, chapters: list[str] | None = None, force: bool = False, workers: int | None = None,
                 config: ReportConfig | None = None, log: Callable[[str], None] = print) -> RunSummary:
    config = config or load_config()
    started = time.perf_counter()
    to_run, fingerprints, data_key, previous = plan(year, chapters=chapters, force=force, config=config)
    target = config.output_for(year)
    summary = RunSummary(year, target, ok=False)
    if not to_run and previous.get("data") == data_key and _complete(target, previous):
        summary.ok = True
        summary.seconds = time.perf_counter() - started
        summary.message = (f"{year} is up to date in {target} (nothing changed since the last run; "
                           "--force reruns everything)")
        return summary

    # imported only when there is work to do: they import pandas, nbformat, ... (0.19 s for an
    # up-to-date run against ~1.5 s with them; measured on 2 cores, see docs/performance.md)
    from wlzmonitor.compute.result_cache import cached_year_result, result_path
    from wlzmonitor.run.data_outputs import write_data_outputs
    from wlzmonitor.run.notebook_run import ChapterJob, ChapterRunner, format_failures, print_progress

    # start the chapter workers and their kernels now: they import pandas, matplotlib, … while
    # this process computes the year's result
    runner = ChapterRunner(len(to_run), workers=workers, cwd=config.root / "notebooks") if to_run else None
    staging = target.parent / f".{year}.partial"
    failed_dir = target.parent / f".{year}.failed"
    shutil.rmtree(staging, ignore_errors=True)
    cache = staging.parent / ".cache"
    result = cached_year_result(year, config, directory=cache)
    result_file = result_path(year, data_key, cache)  # every chapter reads exactly this result
    summary.checks = list(result.checks)
    keep = [s for s in config.chapters if s not in to_run]
    if keep and target.exists():
        _copy_previous_chapters(target, staging, keep)

    jobs = [
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
        for stem in to_run
    ]
    if jobs:
        log(f"run_all: {year}: running {len(jobs)} of {len(config.chapters)} chapter(s)"
            + (f" ({', '.join(keep)} unchanged)" if keep and target.exists() else ""))
    if runner:  # the chapters start now, longest first (last run's durations, else weight)
        runner.submit(jobs, timings_file=staging.parent / ".cache" / f"chapter-seconds-{year}.json")
    write_data_outputs(result, staging)
    results = runner.wait(progress=print_progress) if runner else []
    summary.chapters_run = [r.stem for r in results]
    summary.failed = [r.stem for r in results if not r.ok]

    manifest = {"year": year, "data": data_key, "chapters": {}}
    done = previous.get("chapters", {})
    for stem in config.chapters:
        if stem in to_run:
            status = "failed" if stem in summary.failed else "ok"
        elif done.get(stem, {}).get("status") == "ok" and (staging / f"{stem}.html").exists():
            status = "ok" if done[stem].get("fingerprint") == fingerprints[stem] else "stale"
        else:
            status = "missing"
        fingerprint = fingerprints[stem] if stem in to_run else done.get(stem, {}).get("fingerprint", "")
        manifest["chapters"][stem] = {"status": status, "fingerprint": fingerprint if status != "missing" else ""}
    _write_index(staging, config, year, manifest, result)
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    problems = _offline_problems(staging)
    if summary.failed or problems:
        shutil.rmtree(failed_dir, ignore_errors=True)
        staging.rename(failed_dir)
        text = format_failures(results).replace(str(staging), str(failed_dir)) if summary.failed else ""
        text += "".join(f"\n  {p}" for p in problems)
        summary.message = (f"{len(summary.failed)} chapter(s) failed; {target} was left as it was. "
                           f"The failed run, with the executed notebooks, is in {failed_dir}.\n{text}")
        summary.seconds = time.perf_counter() - started
        return summary
    _replace(staging, target)
    shutil.rmtree(failed_dir, ignore_errors=True)
    summary.ok = True
    summary.seconds = time.perf_counter() - started
    incomplete = [s for s, c in manifest["chapters"].items() if c["status"] != "ok"]
    summary.message = f"{year} written to {target} in {summary.seconds:.1f} s" + (
        f"; not up to date: {', '.join(incomplete)} (see index.html)" if incomplete else "")
    return summary


def _complete(target: Path, manifest: dict) -> bool:
    """The existing output has every chapter page and the data outputs the manifest promises."""
    chapters = manifest.get("chapters", {})
    return bool(chapters) and (target / "index.html").exists() and (target / "tables" / "index.csv").exists() \
        and all((target / f"{stem}.html").exists() for stem in chapters)


# --------------------------------------------------------------------------------------------
def _read_manifest(target: Path) -> dict:
    path = target / MANIFEST
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}


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
    from wlzmonitor.run.html_export import assert_offline

    problems = []
    for page in sorted(staging.glob("*.html")):
        try:
            assert_offline(page.read_text(encoding="utf-8"))
        except ValueError as err:
            problems.append(f"{page.name}: {err}")
    return problems


def _write_index(staging: Path, config: ReportConfig, year: int, manifest: dict, result) -> None:
    n = len(result.survey.responses)
    items = []
    for stem, title in config.chapters.items():
        status = manifest["chapters"][stem]["status"]
        if status == "ok":
            items.append(f'<li><a href="{stem}.html">{html.escape(title)}</a></li>')
        elif status == "stale":
            items.append(f'<li><a href="{stem}.html">{html.escape(title)}</a> <em>(verouderd: gemaakt met '
                         "andere data, code of notebook; draai run_all.py opnieuw)</em></li>")
        else:
            word = "mislukt in deze run" if status == "failed" else "nog niet gegenereerd"
            items.append(f'<li>{html.escape(title)} <em>({word})</em></li>')
    body = (
        f"<h1>ActiZ-enquête Wlz-zorgcontractering {year}</h1>"
        f'<p class="lead">Rapportage op basis van {n} volledig ingevulde vragenlijsten. Alle tabellen, '
        "grafieken en kerncijfers zijn berekend uit de respondentdata.</p>"
        f"<h2>Hoofdstukken en bijlagen</h2><ol class=\"inhoud\">{''.join(items)}</ol>"
        "<h2>Tabellen als data</h2><ul>"
        '<li><a href="tables/index.csv">Overzicht van alle tabellen (CSV)</a></li>'
        f'<li><a href="wlz_monitor_{year}_tabellen.xlsx">Alle tabellen in één Excel-werkmap</a></li>'
        "</ul>"
    )
    (staging / "index.html").write_text(page_html(f"Wlz-zorgcontractering {year}", body), encoding="utf-8")


def page_html(title: str, body: str) -> str:
    """A page in the same offline template as the chapters (a one-cell notebook with HTML output)."""
    import nbformat

    from wlzmonitor.run.html_export import notebook_to_html

    cell = nbformat.v4.new_code_cell(source="", id="cell-000")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": body})]
    nb = nbformat.v4.new_notebook(cells=[cell])
    return notebook_to_html(nb, title=title)


def _replace(staging: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def main_exit_code(summary: RunSummary) -> int:
    print(("run_all: " if summary.ok else "run_all: FAILED: ") + summary.message,
          file=sys.stdout if summary.ok else sys.stderr)
    return 0 if summary.ok else 1
