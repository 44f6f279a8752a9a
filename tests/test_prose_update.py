"""A chapter whose notebook changed only in its markdown is not run again (run/prose_update.py):
its page is made from its last executed notebook, byte for byte what running it would give, and
anything that is not exactly that (code, cell structure, tags, parameters, data, an edited
executed copy) runs the chapter as before."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from wlzmonitor.run.notebook_run import read_notebook
from wlzmonitor.run.pdf_printer import PdfPrinter
from wlzmonitor.run.prose_update import code_key

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026
PARAMS = {"year": YEAR, "output_dir": "/x", "root": "/r", "result_file": "/x/r.pkl"}
NOTEBOOK = '''# %% tags=["parameters"]
year = 2026
output_dir = ""

# %% [markdown]
# ## Kop
# Eerste zin.

# %%
x = 1
print(x)

# %% [markdown]
# Slotzin.
'''


def _key(tmp_path: Path, text: str, params: dict = PARAMS, data: str = "data") -> str:
    path = tmp_path / "h.py"
    path.write_text(text, encoding="utf-8")
    return code_key(read_notebook(path), params, data)


# -- the code key -----------------------------------------------------------------------------------
def test_the_code_key_ignores_markdown_text_and_nothing_else(tmp_path):
    base = _key(tmp_path, NOTEBOOK)
    assert _key(tmp_path, NOTEBOOK.replace("Eerste zin.", "Een andere eerste zin.")) == base
    assert _key(tmp_path, NOTEBOOK.replace("## Kop", "## Nieuwe kop")) == base
    changed = {
        "code": NOTEBOOK.replace("x = 1", "x = 2"),
        "a cell added": NOTEBOOK + "\n# %%\ny = 3\n",
        "a markdown cell added": NOTEBOOK + "\n# %% [markdown]\n# Nog een.\n",
        "markdown became code": NOTEBOOK.replace("# %% [markdown]\n# Slotzin.", "# %%\n# Slotzin."),
        "a tag": NOTEBOOK.replace("# %%\nx = 1", '# %% tags=["remove_output"]\nx = 1'),
        "a markdown cell's tag": NOTEBOOK.replace("# %% [markdown]\n# Slotzin.",
                                                  '# %% [markdown] tags=["remove_cell"]\n# Slotzin.'),
    }
    for what, text in changed.items():
        assert _key(tmp_path, text) != base, what
    assert _key(tmp_path, NOTEBOOK, params={**PARAMS, "output_dir": "/y"}) != base
    notebook = read_notebook(tmp_path / "h.py")
    notebook.cells[1]["attachments"] = {"a.png": {"image/png": "iVBORw0KGgo="}}  # an image in markdown (.ipynb)
    assert code_key(notebook, PARAMS, "data") != code_key(read_notebook(tmp_path / "h.py"), PARAMS, "data")
    assert _key(tmp_path, NOTEBOOK, data="other data") != base


def test_the_code_key_is_the_same_wherever_the_repository_is(tmp_path):
    """Review of run safety: the key held the repository's absolute paths, so a moved or second checkout
    (another machine) wrote another manifest and ran every chapter instead of a prose-only update."""
    def at(root: str, output: str = "outputs/.2026.partial") -> dict:
        return {"year": YEAR, "output_dir": f"{root}/{output}", "root": root,
                "result_file": f"{root}/outputs/.cache/result-2026.pkl"}

    base = _key(tmp_path, NOTEBOOK, params=at("/home/anna/wlz-monitor"))
    assert _key(tmp_path, NOTEBOOK, params=at("/srv/ci/été ñ/wlz monitor")) == base
    assert _key(tmp_path, NOTEBOOK, params=at("/home/anna/wlz-monitor", "uitvoer/.2026.partial")) != base
    outside = dict(at("/home/anna/wlz-monitor"), output_dir="/home/anna/wlz-monitor-rapport/.2026.partial")
    assert _key(tmp_path, NOTEBOOK, params=outside) != base  # an output folder outside: as it is


# -- a run of a small report: two chapters ------------------------------------------------------------
@pytest.fixture
def small_root(tmp_path):
    """A repository view with two chapters (03_herschikking and Bijlage 4)."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "data").symlink_to(ROOT / "data")
    shutil.copytree(ROOT / "config", root / "config")
    (root / "notebooks").mkdir()
    for stem in ("03_herschikking", "bijlage_4_vragenlijst"):
        shutil.copy(ROOT / "notebooks" / f"{stem}.py", root / "notebooks")
    text = (root / "config" / "report.yml").read_text(encoding="utf-8")
    text = re.sub(r"chapters:\n(  .*\n)+", 'chapters:\n  03_herschikking: "3 Herschikking"\n'
                  '  bijlage_4_vragenlijst: "Bijlage 4"\n', text)
    (root / "config" / "report.yml").write_text(text, encoding="utf-8")
    return root


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "notebooks" / "03_herschikking.py"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


SENTENCE = "De herschikking betreft het voorgaande jaar"


@pytest.mark.slow  # runs chapter notebooks in kernels
def test_a_prose_edit_is_made_without_running_and_equals_a_run(small_root, monkeypatch):
    from wlzmonitor.run import report_build
    from wlzmonitor.run.report_run import build_report
    from wlzmonitor.spec.config import load_config

    config = load_config(small_root)
    out = config.output_for(YEAR)
    soon = []  # the printer child told pages come soon (it skips its warm-up print): a prose edit only
    real_soon = PdfPrinter.pages_soon
    monkeypatch.setattr(PdfPrinter, "pages_soon", lambda self: soon.append(self.forked) or real_soon(self))
    first = build_report(YEAR, config=config, log=lambda _: None)
    assert first.ok, first.message
    assert soon == []  # a first run: every chapter runs in a kernel
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all({"code", "executed", "page"} <= set(entry) for entry in manifest["chapters"].values())
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    _edit(small_root, SENTENCE, "De herschikking betreft steeds het voorgaande jaar")
    started = []
    real_runner = report_build.ChapterRunner
    monkeypatch.setattr(report_build, "ChapterRunner", lambda *a, **k: started.append(a) or real_runner(*a, **k))
    guessed = []
    real_guess = PdfPrinter.guess
    monkeypatch.setattr(PdfPrinter, "guess", lambda self, *a, **k: guessed.append((a, k)) or real_guess(self, *a, **k))
    fast = build_report(YEAR, config=config, log=lambda _: None)
    assert fast.ok and fast.chapters_run == ["03_herschikking"] and started == []  # no kernel, no worker
    assert len(soon) == 1
    # the whole PDF was printed ahead for the job the run then gave: the same statuses and respondents
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(a[1], k["respondents"]) for a, k in guessed] == [
        ({"chapters": {stem: {"status": c["status"]} for stem, c in manifest["chapters"].items()}},
         manifest["respondents"])]
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    changed = sorted(str(k) for k in before if before[k] != after.get(k))
    assert changed == ["03_herschikking.html", "manifest.json", "notebooks/03_herschikking.ipynb",
                       f"wlz_monitor_{YEAR}.pdf"]
    assert "betreft steeds het voorgaande" in after[Path("03_herschikking.html")].decode()

    # the same notebook run for real (an explicit chapter always runs): the same bytes
    slow = build_report(YEAR, chapters=["03_herschikking"], config=config, log=lambda _: None)
    assert slow.ok and len(started) == 1 and len(guessed) == 1  # a chapter runs: no guess
    assert len(soon) == 1  # (--chapter: it runs in a kernel, the printer has time to warm up)
    for name in ("03_herschikking.html", "notebooks/03_herschikking.ipynb", f"wlz_monitor_{YEAR}.pdf"):
        assert (out / name).read_bytes() == after[Path(name)], name


@pytest.mark.slow
def test_anything_but_prose_runs_the_chapter(small_root, monkeypatch):
    from wlzmonitor.run import report_build
    from wlzmonitor.run.report_run import build_report
    from wlzmonitor.spec.config import load_config

    config = load_config(small_root)
    out = config.output_for(YEAR)
    assert build_report(YEAR, config=config, log=lambda _: None).ok
    started = []
    real_runner = report_build.ChapterRunner
    monkeypatch.setattr(report_build, "ChapterRunner", lambda *a, **k: started.append(a) or real_runner(*a, **k))

    # an executed notebook that is not the one the run wrote: never used
    executed = out / "notebooks" / "03_herschikking.ipynb"
    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "text/html" in output.get("data", {}):
                output["data"]["text/html"] = output["data"]["text/html"].replace("Herschikking", "Vervalst")
    nbformat.write(nb, executed)
    _edit(small_root, SENTENCE, "De herschikking betreft steeds het voorgaande jaar")
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert summary.ok and summary.chapters_run == ["03_herschikking"] and len(started) == 1
    assert "Vervalst" not in (out / "03_herschikking.html").read_text(encoding="utf-8")

    # prose and code changed together: run
    _edit(small_root, "steeds het voorgaande", "telkens het voorgaande")
    _edit(small_root, "chapter.header()", "chapter.header()\nprint('nieuw')")
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert summary.ok and len(started) == 2


@pytest.mark.slow
def test_a_check_year_error_in_a_prose_edit_stops_the_run_before_anything_is_published(small_root):
    """The prose-only page is made before check-year runs (its PDF part prints meanwhile); an error
    of the check still stops the run: the output as it was, no staging folder left, and the edit
    undone, the output is up to date again. A published run removes the temporary files a killed
    cache writer left (a day old), not one being written."""
    import os
    import time

    from wlzmonitor.run.report_run import build_report
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.year_findings import YearCheckError

    config = load_config(small_root)
    out = config.output_for(YEAR)
    cache = out.parent / ".cache"
    cache.mkdir(parents=True)
    old, fresh = cache / ".pdfraw-2026-03_herschikking-ab.pdf-x1.tmp", cache / ".pdfraw-2026-x-cd.pdf-x2.tmp"
    for path in (old, fresh):
        path.write_bytes(b"half a print")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    assert build_report(YEAR, config=config, log=lambda _: None).ok
    assert not old.exists() and fresh.exists()
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    _edit(small_root, SENTENCE, SENTENCE + " {betreft}")  # a brace in prose: check-year's error
    with pytest.raises(YearCheckError, match="03_herschikking"):
        build_report(YEAR, config=config, log=lambda _: None)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (out.parent / f".{YEAR}.partial").exists()

    _edit(small_root, SENTENCE + " {betreft}", SENTENCE)
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert summary.ok and summary.chapters_run == [] and "up to date" in summary.message


@pytest.mark.slow
def test_prose_with_markup_or_personal_data_is_not_published(small_root):
    from wlzmonitor.run.report_run import build_report
    from wlzmonitor.spec.config import load_config

    config = load_config(small_root)
    out = config.output_for(YEAR)
    assert build_report(YEAR, config=config, log=lambda _: None).ok
    page = (out / "03_herschikking.html").read_bytes()

    _edit(small_root, SENTENCE, SENTENCE + ' <img src="https://example.org/x.png" alt="x">')
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert not summary.ok and summary.failed == ["03_herschikking"] and "not self-contained/offline" in summary.message
    assert (out / "03_herschikking.html").read_bytes() == page

    _edit(small_root, ' <img src="https://example.org/x.png" alt="x">', " Bel 06-12345678 voor vragen")
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert not summary.ok and "personal data" in summary.message and "12345678" not in summary.message
    assert (out / "03_herschikking.html").read_bytes() == page


@pytest.mark.slow
def test_a_pdf_that_cannot_be_printed_keeps_the_output_as_it_was(small_root, monkeypatch):
    """WeasyPrint without its system libraries (Pango): the run says so and publishes nothing."""
    from wlzmonitor.run import pdf
    from wlzmonitor.run.pdf import PdfError
    from wlzmonitor.run.report_run import build_report
    from wlzmonitor.spec.config import load_config

    def no_pango(*args, **kwargs):
        raise PdfError("the PDF needs WeasyPrint's system libraries (Debian: apt-get install libpango-1.0-0)")

    monkeypatch.setattr(pdf, "write_pdf", no_pango)  # in the run and in its forked printer
    config = load_config(small_root)
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert not summary.ok and "the PDF could not be printed" in summary.message and "libpango" in summary.message
    assert not config.output_for(YEAR).exists()


@pytest.mark.slow
def test_an_output_whose_manifest_records_no_files_is_never_taken_over_unchecked(small_root, monkeypatch):
    """Review (runs): a manifest without its ``files`` record (edited by hand, or written by an older
    version) made every chapter run, but the prose-only path still took over a chapter's charts and
    executed notebook unchecked: a chart edited by hand was published as the run's own."""
    from wlzmonitor.run import report_build
    from wlzmonitor.run.report_run import build_report
    from wlzmonitor.spec.config import load_config

    config = load_config(small_root)
    out = config.output_for(YEAR)
    assert build_report(YEAR, config=config, log=lambda _: None).ok
    chart = next(p for p in sorted((out / "figures").iterdir()) if p.name.startswith("03_herschikking_")
                 and p.suffix == ".svg")
    true_chart = chart.read_bytes()
    chart.write_bytes(true_chart.replace(b"</svg>", b"<!-- vervalst --></svg>"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    started = []
    real_runner = report_build.ChapterRunner
    monkeypatch.setattr(report_build, "ChapterRunner", lambda *a, **k: started.append(a) or real_runner(*a, **k))
    _edit(small_root, SENTENCE, "De herschikking betreft steeds het voorgaande jaar")
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert summary.ok and "03_herschikking" in summary.chapters_run and len(started) == 1  # run, not rewritten
    assert chart.read_bytes() == true_chart
    assert "files" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("change", "likely"), [
    ({}, True),
    ({"to_run": []}, False),  # nothing to make
    ({"force": True}, False),  # --force: every chapter runs in a kernel
    ({"requested": True}, False),  # --chapter: it runs
    ({"altered": None}, False),  # an output whose manifest records no files: nothing taken over
    ({"published": False}, False),  # no output yet
    ({"entry": {"status": "failed", "code": "c", "executed": "e"}}, False),  # failed last time: it runs
    ({"entry": {"status": "ok", "code": "c"}}, False),  # no executed notebook recorded
    ({"entry": {"status": "ok", "executed": "e"}}, False),  # no code key recorded
    ({"entry": None}, False),  # a chapter new since the last run
])
def test_the_printer_is_told_of_a_likely_prose_edit_only(change, likely):
    """report_build._prose_edit_likely: every chapter to run had its page made from a notebook it executed
    (a prose-only edit may make it anew), and nothing forces a run: the printer child need not warm up."""
    from wlzmonitor.run.report_build import _prose_edit_likely
    from wlzmonitor.run.report_plan import Plan

    entry = change.get("entry", {"status": "ok", "code": "c", "executed": "e"})
    chapters = {"01_a": {"status": "ok", "code": "c", "executed": "e"}} | ({"03_c": entry} if entry else {})
    planned = Plan(to_run=change.get("to_run", ["03_c"]), fingerprints={}, data_key="d",
                   previous={"chapters": chapters}, force=change.get("force", False),
                   requested=change.get("requested", False), altered=change.get("altered", frozenset()))
    assert _prose_edit_likely(planned, change.get("published", True)) is likely


def test_the_run_imports_no_pandas_before_its_prose_only_pages():
    """A prose edit's page is made before pandas is imported (build_output imports it afterwards, with the
    deny list): review h130's manifest paths imported the quality log's module, and with it pandas, at the
    run's start, 0.9 s before the edited page (plan and staging 0.22 -> 1.17 s in the benchmark's (d))."""
    import subprocess
    import sys

    code = ("import sys\n"
            "import wlzmonitor.run.interruptions, wlzmonitor.compute.cache_key, wlzmonitor.spec.config\n"
            "import wlzmonitor.run.report_run, wlzmonitor.run.report_build, wlzmonitor.run.prose_update\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'scipy', 'matplotlib') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
