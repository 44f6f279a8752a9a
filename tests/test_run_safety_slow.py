"""Whole runs that try to break the safety mechanisms (slow: they run chapter notebooks).

- two run_all processes at once; --wait;
- the export changed between planning and computing, and while the chapters run;
- an export with one (or no) completed response, and a large drop (--accept-drop);
- personal data in a chapter's page: the run fails, nothing is published;
- hostile respondent texts and codebook labels: the run succeeds, pages are offline, every
  spreadsheet a run writes (and the coding workbook) holds no formula.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from wlzmonitor.compute.fingerprint import InputsChangedError, year_fingerprint
from wlzmonitor.inputs.privacy import contact_entries, contact_values
from wlzmonitor.run import report_build
from wlzmonitor.run.offline_check import offline_problems
from wlzmonitor.run.report_plan import read_manifest
from wlzmonitor.run.report_run import build_report
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.file_formats import FORMULA_START

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026
QUIET = {"log": lambda _: None}


def repo_view(tmp_path: Path, chapters: dict[str, str], notebooks: dict[str, str] | None = None) -> Path:
    """A repository with its own copy of data/ and config/, and only `chapters`."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "config", root / "config")
    (root / "notebooks").mkdir()
    for stem in chapters:
        source = ROOT / "notebooks" / f"{stem}.py"
        if source.exists():
            shutil.copy(source, root / "notebooks")
    for stem, text in (notebooks or {}).items():
        (root / "notebooks" / f"{stem}.py").write_text(text, encoding="utf-8")
    text = (root / "config" / "report.yml").read_text(encoding="utf-8")
    listed = "".join(f'  {stem}: "{title}"\n' for stem, title in chapters.items())
    text = re.sub(r"chapters:\n(  .*\n)+", "chapters:\n" + listed, text)
    (root / "config" / "report.yml").write_text(text, encoding="utf-8")
    load_config.cache_clear()
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_all(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "run_all.py"), "--year", str(YEAR), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "WLZ_MONITOR_ROOT": str(root)})


def rewrite_export(root: Path, change) -> Path:
    export = root / "data" / "raw" / str(YEAR) / "respondenten.csv"
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    frame = change(frame)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    export.write_text(buffer.getvalue(), encoding="utf-8")
    return export


@pytest.fixture
def small(tmp_path):
    """A repository with one quick chapter and a complete output of it."""
    root = repo_view(tmp_path, {"bijlage_4_vragenlijst": "Bijlage 4"})
    summary = build_report(YEAR, config=load_config(root), **QUIET)
    assert summary.ok, summary.message
    return root


# -- one run at a time -------------------------------------------------------------------------
def test_two_runs_started_at_once(small):
    out = small / "outputs" / str(YEAR)
    before = snapshot(out)
    first, second = run_all(small, "--force"), run_all(small, "--force")
    results = sorted([(p.wait(), *p.communicate()) for p in (first, second)], key=lambda r: r[0])
    (ok_code, ok_out, _), (refused_code, _, refused_err) = results
    assert ok_code == 0, ok_out
    assert refused_code == 2 and f"another run of {YEAR} is in progress (process " in refused_err
    assert "--wait" in refused_err and "Traceback" not in refused_err
    assert snapshot(out).keys() == before.keys()
    # with --wait both finish; the second finds everything up to date
    first, second = run_all(small, "--force", "--wait"), run_all(small, "--wait")
    codes = [p.wait() for p in (first, second)]
    outs = [p.communicate()[0] for p in (first, second)]
    assert codes == [0, 0], outs
    assert snapshot(out) == before  # byte-identical, one consistent output


# -- one snapshot of the inputs ----------------------------------------------------------------
def test_an_export_changed_between_planning_and_computing(small, monkeypatch):
    out = small / "outputs" / str(YEAR)
    before = snapshot(out)
    real = report_build.cached_year_result

    def compute_after_an_edit(year, config, directory=None, *, snapshot=None):
        rewrite_export(small, lambda f: f.assign(omzet=f["omzet"].where(f.index != 0, "2")))
        return real(year, config, directory, snapshot=snapshot)

    monkeypatch.setattr(report_build, "cached_year_result", compute_after_an_edit)
    with pytest.raises(InputsChangedError, match=r"respondenten\.csv \(written\)"):
        build_report(YEAR, force=True, config=load_config(small), **QUIET)
    assert snapshot(out) == before
    assert not (small / "outputs" / f".{YEAR}.partial").exists()
    monkeypatch.undo()
    summary = build_report(YEAR, config=load_config(small), **QUIET)  # not "up to date": the export changed
    assert summary.ok and summary.chapters_run == ["bijlage_4_vragenlijst"], summary.message
    assert read_manifest(out)["data"] == year_fingerprint(YEAR, load_config(small))


def test_an_export_changed_while_the_chapters_run(small, monkeypatch):
    out = small / "outputs" / str(YEAR)
    before = snapshot(out)
    real = report_build.print_progress
    edited = []

    def progress_after_an_edit(*args, **kwargs):  # called as each chapter finishes: mid-run
        if not edited:
            rewrite_export(small, lambda f: f.iloc[:-1])
            edited.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(report_build, "print_progress", progress_after_an_edit)
    summary = build_report(YEAR, force=True, config=load_config(small), **QUIET)
    assert not summary.ok
    assert "changed during the run: data/raw/2026/respondenten.csv (written)" in summary.message
    assert snapshot(out) == before
    monkeypatch.undo()
    again = build_report(YEAR, config=load_config(small), **QUIET)
    assert again.ok and "up to date" not in again.message
    manifest = read_manifest(out)
    assert manifest["data"] == year_fingerprint(YEAR, load_config(small))
    export = small / "data" / "raw" / str(YEAR) / "respondenten.csv"
    assert manifest["export"] == {"label": "export 2026", "configured": "'export' under 2026 in config/report.yml",
                                  "sha256": hashlib.sha256(export.read_bytes()).hexdigest()}


# -- too few respondents, a large drop ---------------------------------------------------------
@pytest.mark.parametrize("completed", [1, 0])
def test_an_export_with_one_or_no_completed_response_is_not_published(small, completed):
    out = small / "outputs" / str(YEAR)
    before = snapshot(out)
    rewrite_export(small, lambda f: f.assign(voltooid=["1" if i < completed else "0" for i in range(len(f))]))
    proc = run_all(small)
    code = proc.wait()
    _, err = proc.communicate()
    assert code == 2, err
    if completed:
        assert "2026: 1 organisation(s) completed the survey" in err
        assert "at least 10 are needed to publish (publication: min_respondents in config/report.yml)" in err
    assert "Traceback" not in err
    assert snapshot(out) == before


def test_a_large_drop_needs_accept_drop(small):
    out = small / "outputs" / str(YEAR)
    before = snapshot(out)
    assert read_manifest(out)["respondents"] == 122
    rewrite_export(small, lambda f: f.iloc[:45])
    proc = run_all(small)
    code, (_, err) = proc.wait(), proc.communicate()
    n = re.search(r"2026: (\d+) organisations completed the survey, against 122", err)
    assert code == 2 and n, err
    assert "more than publication: max_drop (50%)" in err and "--accept-drop" in err
    assert snapshot(out) == before
    proc = run_all(small, "--accept-drop")
    code, (_out, err) = proc.wait(), proc.communicate()
    assert code == 0, err
    assert read_manifest(out)["respondents"] == int(n.group(1))


# -- the last gate: personal data in an output --------------------------------------------------
def test_personal_data_in_a_page_fails_the_run(tmp_path, survey_2026):
    contacts = contact_values(survey_2026)
    name = next(n for n in contacts["names"] if n not in contacts["address_names"])  # a name field's "First Last"
    leaking = ('# %% tags=["parameters"]\nyear = 2026\noutput_dir = ""\nroot = ""\nresult_file = ""\n\n'
               f"# %%\nprint('Met dank aan {name} voor de toelichting.')\n")
    root = repo_view(tmp_path, {"bijlage_4_vragenlijst": "Bijlage 4", "lek": "Lek"}, {"lek": leaking})
    config = load_config(root)
    summary = build_report(YEAR, config=config, **QUIET)
    assert not summary.ok and summary.failed == []
    rid = next(r for r, kind, v in contact_entries(survey_2026) if kind == "name" and v == name)
    assert "lek.html line " in summary.message and f"the contact person's name (respondent {rid})" in summary.message
    assert "notebooks/lek.ipynb" in summary.message
    assert name not in summary.message and name.split()[0] not in summary.message
    assert not (root / "outputs" / str(YEAR)).exists()  # nothing published
    assert (root / "outputs" / f".{YEAR}.failed" / "lek.html").exists()


# -- hostile texts ------------------------------------------------------------------------------
HOSTILE_ANSWERS = [
    "Zie http:// voor meer informatie",
    "=HYPERLINK(\"http://evil.example\",\"klik\")",
    "+31 is geen formule maar tekst",
    "-Geen opmerkingen",
    "@SUM(A1:A9) @import url(https://evil.example/x.css)",
    "x=// en url(//evil.example/a.png) en background:url(http://x)",
    "<script src='https://evil.example/x.js'></script><img src=x onerror=alert(1)>",
    "\tingesprongen =1+1",
    "<a href=\"javascript:alert(1)\">klik</a> & <b>vet</b> \"quotes\"",
    "Meer info: www.zorgkantoor.example/inkoop?jaar=2026&x=<y>",
]
HOSTILE_LABELS = {  # omzet's options (row labels) and the omzetgroep breakdown groups (column headers)
    "Jaaromzet kleiner dan € 10 miljoen": '<b>Klein</b> & "<script>alert(1)</script>"',
    "Jaaromzet groter dan € 100 miljoen": "=Groot+1",
    "Minder dan 40 miljoen euro": '<i>Kleiner</i> & "<script>alert(2)</script>"',
    "Meer dan 100 miljoen euro": "@Groter+1",
}


def _hostile_repo(tmp_path: Path) -> Path:
    root = repo_view(tmp_path, dict(load_config().chapters))
    for stem in load_config().chapters:
        shutil.copy(ROOT / "notebooks" / f"{stem}.py", root / "notebooks")
    codebook = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = codebook.read_text(encoding="utf-8")
    for old, new in HOSTILE_LABELS.items():
        assert f'label: "{old}"' in text
        text = text.replace(f'label: "{old}"', "label: " + json.dumps(new))
    # the two omzet options and the two omzetgroep groups are the same ones reworded (check-year insists on saying
    # so, of a derived variable's groups too since review h121)
    for code, word in ((1, "<b>Klein</b>"), (4, "=Groot"), (1, "<i>Kleiner</i>"), (3, "@Groter")):
        line = next(ln for ln in text.splitlines() if ln.strip().startswith(f"- {{code: {code}, label: ")
                    and word in ln)
        text = text.replace(line, line[:-1] + f", was: {{2025: {code}}}}}")
    codebook.write_text(text, encoding="utf-8")

    def plant(frame: pd.DataFrame) -> pd.DataFrame:
        from wlzmonitor.inputs.privacy import text_columns
        from wlzmonitor.spec.codebook_parse import load_codebook

        columns = [c for c in text_columns(load_codebook(codebook)) if c in frame.columns]
        k = 0
        single = ~frame["respondent_id"].duplicated(keep=False)  # the export's identical copy stays identical
        for column in columns:
            for row in frame.index[(frame[column] != "") & single][:4]:
                frame.loc[row, column] = HOSTILE_ANSWERS[k % len(HOSTILE_ANSWERS)]
                k += 1
        return frame

    rewrite_export(root, plant)
    return root


def _formula_cells_csv(path: Path) -> list[str]:
    bad = []
    for number, row in enumerate(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))), start=1):
        for cell in row:
            if cell.startswith(FORMULA_START):
                try:
                    float(cell)
                except ValueError:
                    bad.append(f"{path.name}:{number}: {cell[:40]!r}")
    return bad


def _formula_cells_xlsx(path: Path) -> list[str]:
    bad = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START)):
                    bad.append(f"{path.name}!{sheet.title}!{cell.coordinate}: {str(cell.value)[:40]!r}")
    return bad


def test_hostile_texts_and_labels_cannot_break_or_inject(tmp_path):
    root = _hostile_repo(tmp_path)
    summary = build_report(YEAR, config=load_config(root), **QUIET)
    assert summary.ok, summary.message
    out = root / "outputs" / str(YEAR)
    pages = sorted(out.glob("*.html"))
    assert len(pages) == len(load_config().chapters) + 1  # every chapter and the index
    for page in pages:
        assert offline_problems(page.read_text(encoding="utf-8")) == [], page.name
    breakdown = (out / "bijlage_2_omzetgroep.html").read_text(encoding="utf-8")
    assert any(f'>{html.escape(HOSTILE_LABELS["Minder dan 40 miljoen euro"], quote=q)}<br><span class="kolom-n">(n='
               in breakdown for q in (True, False))  # a <th>
    assert "<i>Kleiner</i>" not in breakdown and "<script" not in breakdown
    questionnaire = (out / "bijlage_4_vragenlijst.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Klein&lt;/b&gt;" in questionnaire and "<b>Klein</b>" not in questionnaire
    every = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "&lt;script" in every  # an answer with markup is on a page, as text
    # every spreadsheet a run writes, and the coding workbook
    sheets = [*sorted((out / "tables").glob("*.csv")), *(out / name for name in (
        "data_quality_log.csv", "accounting.csv", "reproduction.csv", "publication_audit.csv",
        "representativeness.csv"))]
    names = {p.name for p in sheets}
    assert {"index.csv", "year_on_year.csv"} <= names and len(sheets) > 70
    bad = [b for p in sheets if p.exists() for b in _formula_cells_csv(p)]
    bad += _formula_cells_xlsx(out / f"wlz_monitor_{YEAR}_tabellen.xlsx")
    workbook = tmp_path / "codering.xlsx"
    done = subprocess.run([sys.executable, "-m", "wlzmonitor", "coding", "--year", str(YEAR), "--root", str(root),
                           "--export", str(workbook)], capture_output=True, text=True,
                          env={**os.environ, "WLZ_MONITOR_ROOT": str(root)})
    assert done.returncode == 0, done.stderr
    bad += _formula_cells_xlsx(workbook)
    assert bad == []
    # the hostile texts did reach the spreadsheets (the check is not vacuous)
    tables = "".join(p.read_text(encoding="utf-8") for p in sheets if p.exists())
    assert "'@Groter+1" in tables
    coding = [c.value for s in load_workbook(workbook).worksheets for r in s.iter_rows() for c in r]
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in coding)


def test_ctrl_c_during_a_run_leaves_no_half_made_output(small, monkeypatch):
    """Ctrl-C after the staging folder was made left outputs/.2026.partial with pages the privacy gate
    never finished (review): it is removed, and the published output stays as it was."""
    before = snapshot(small / "outputs" / str(YEAR))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    from wlzmonitor.run import index_page  # report_build imports it where the index is written

    monkeypatch.setattr(index_page, "write_index", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_report(YEAR, force=True, config=load_config(small), **QUIET)
    assert not (small / "outputs" / f".{YEAR}.partial").exists()
    assert snapshot(small / "outputs" / str(YEAR)) == before


def _processes_of(root: Path) -> list[int]:
    """The processes whose environment names `root` (every process a run started inherits it)."""
    mark = f"WLZ_MONITOR_ROOT={root}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if mark in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                pass
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="lists processes through /proc")
@pytest.mark.parametrize("signum, code, words", [(2, 130, "interrupted (Ctrl-C)"), (15, 143, "stopped by SIGTERM")])
def test_a_run_stopped_by_a_signal_cleans_up_and_says_so(small, signum, code, words):
    """SIGTERM (a CI time limit, kill) ended run_all at once: outputs/.2026.partial stayed behind;
    Ctrl-C printed a traceback. Now both stop the run where it is: no staging folder, the published
    output as it was, one line on stderr, the shell's exit code, and no process of the run left."""
    import signal
    import time

    out, staging = small / "outputs" / str(YEAR), small / "outputs" / f".{YEAR}.partial"
    before = snapshot(out)
    run = run_all(small, "--force")
    deadline = time.monotonic() + 120
    while not (staging / "notebooks").exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert run.poll() is None, run.communicate()
    time.sleep(0.1)  # inside the run: its helpers started, the chapter on its way
    run.send_signal(signal.Signals(signum))
    stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == code, (stdout, stderr)
    assert f"run_all: {YEAR}: {words} before it finished. Nothing half-made was published" in stderr
    assert "Traceback" not in stderr
    assert not staging.exists()
    assert snapshot(out) == before
    deadline = time.monotonic() + 30  # the workers notice their parent is gone
    while _processes_of(small) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_of(small) == []


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="lists processes through /proc")
def test_an_error_while_chapters_run_ends_the_run_and_its_workers(tmp_path):
    """Review (seen once, not reproduced): after an OSError while the chapters ran (a file of the
    staging folder gone) run_all said so and then did not exit, its chapter workers and their kernels
    alive. An error while chapters run ends the run at once: its workers are stopped, nothing stays."""
    import time

    root = repo_view(tmp_path, {"bijlage_4_vragenlijst": "Bijlage 4", "bijlage_1_respons": "Bijlage 1",
                                "02_capaciteit": "2 Capaciteit"})
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "sys.argv = ['run_all.py', '--year', '2026', '--workers', '2']\n"
        "from wlzmonitor.run import report_build\n"
        "def gone(*args, **kwargs):\n"
        "    raise FileNotFoundError(2, 'No such file or directory', 'outputs/.2026.partial/notebooks/.x.ipynb.tmp')\n"
        "report_build._chapter_files = gone\n"
        "import run_all\n"
        "run_all.exit_now(run_all.main())\n")
    started = time.monotonic()
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "WLZ_MONITOR_ROOT": str(root)}, cwd=ROOT)
    try:
        stdout, stderr = run.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(os.getpgid(run.pid), 9) if hasattr(os, "killpg") else run.kill()
        run.kill()
        pytest.fail("run_all did not exit after the error")
    assert run.returncode == 1, (stdout, stderr)
    assert "could not read or write a file" in stderr and "Traceback" not in stderr
    assert time.monotonic() - started < 150
    assert not (root / "outputs" / ".2026.partial").exists()
    deadline = time.monotonic() + 30
    while _processes_of(root) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_of(root) == []


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="lists processes through /proc")
def test_sigterm_while_chapter_workers_run_ends_the_run_and_them(tmp_path):
    """Review: SIGTERM after the first of the twelve chapters was done printed its line and then
    never exited (or failed removing the staging folder the workers still wrote into): the pool was
    closed, the abort no longer knew its workers, and the exit waited for them."""
    import signal
    import time

    root = repo_view(tmp_path, dict(load_config().chapters))
    out, staging = root / "outputs" / str(YEAR), root / "outputs" / f".{YEAR}.partial"
    run = subprocess.Popen([sys.executable, str(ROOT / "run_all.py"), "--year", str(YEAR), "--workers", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           env={**os.environ, "WLZ_MONITOR_ROOT": str(root)})
    lines = []
    for line in run.stdout:  # until the first chapter is reported done: the others still run
        lines.append(line)
        if line.startswith("[1/"):
            break
    assert run.poll() is None, lines
    run.send_signal(signal.SIGTERM)
    try:
        rest, _ = run.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        for pid in _processes_of(root):
            os.kill(pid, 9)
        pytest.fail("run_all did not exit after SIGTERM")
    said = "".join(lines) + rest
    assert run.returncode == 143, said
    assert "stopped by SIGTERM before it finished" in said and "Traceback" not in said
    deadline = time.monotonic() + 30
    while _processes_of(root) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_of(root) == []
    assert not staging.exists() and not out.exists()
