"""The whole report on the demo data, through the same function run_all.py uses.

One full run (module fixture) into a temporary output folder; then a rerun of two chapters for
determinism, a run with a broken chapter for failure handling, and a changed answer for the cache.
"""

from __future__ import annotations

import io
import json
import re
import time
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.compute.result_cache import cached_year_result
from wlzmonitor.spec.config import ConfigError, load_config
from wlzmonitor.inputs.privacy import find_personal_data
from wlzmonitor.spec.published import load_published
from wlzmonitor.run.report_plan import RunError, plan
from wlzmonitor.run.report_run import build_report

pytestmark = pytest.mark.slow  # runs chapter notebooks in kernels (a whole report or fixture chapters)

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026


@pytest.fixture(scope="module")
def config(report_2026):
    return report_2026[0]  # the session's one build of the report (conftest.py)


@pytest.fixture(scope="module")
def run(report_2026):
    return report_2026[1]


@pytest.fixture(scope="module")
def out(run):
    return run.target


def test_every_chapter_page_exists_offline_without_code(config, out):
    for stem in config.chapters:
        page = (out / f"{stem}.html").read_text(encoding="utf-8")
        assert '<html lang="nl">' in page
        assert "http://" not in page and "https://" not in page, stem
        assert "<script" not in page.lower() and "<link" not in page.lower(), stem
        for code in ("Chapter.open(", "chapter.table(", "chapter.text(", "import ", "output_dir ="):
            assert code not in page, f"{stem}: code input '{code}' in the HTML"
        assert "Traceback" not in page
    index = (out / "index.html").read_text(encoding="utf-8")
    for stem in config.chapters:
        assert f'href="{stem}.html"' in index


def test_output_contract_files(out):
    assert (out / "tables" / "index.csv").exists()
    assert (out / f"wlz_monitor_{YEAR}_tabellen.xlsx").exists()
    pngs = sorted(p.stem for p in (out / "figures").glob("*.png"))
    svgs = sorted(p.stem for p in (out / "figures").glob("*.svg"))
    assert pngs == svgs and len(pngs) >= 70
    assert all(re.match(r"^(0\d|bijlage_\d)_", name) for name in pngs)  # named after the chapter


def test_every_table_in_the_index_equals_what_lib_computes(config, out):
    result = cached_year_result(YEAR, config)
    index = pd.read_csv(out / "tables" / "index.csv", keep_default_na=False)
    assert sorted(index["table_key"]) == sorted(result.tables)
    for row in index.itertuples():
        on_disk = pd.read_csv(out / row.file, keep_default_na=False, dtype=str)
        table = result.tables[row.table_key]
        assert on_disk["row"].tolist() == table["row"].astype(str).tolist()
        values = pd.to_numeric(on_disk["value"], errors="coerce")
        expected = pd.to_numeric(table["value"], errors="coerce")
        assert ((values - expected).abs().fillna(0) < 1e-12).all(), row.table_key


def test_numbering_covers_every_published_table_and_every_page_shows_its_tables(config, out):
    _, published = load_published(YEAR)
    index = pd.read_csv(out / "tables" / "index.csv", keep_default_na=False)
    assert set(index["report_number"]) == set(published["table"])
    pages = "".join((out / f"{stem}.html").read_text(encoding="utf-8") for stem in config.chapters)
    for number in published["table"]:
        assert "class=\"tabel-titel\" id=\"" in pages and re.search(rf"tabel-titel[^>]*>{number} – ", pages), number


def test_significance_flags_equal_the_reports(config, out):
    _, published = load_published(YEAR)
    flagged_in_report = set(published.loc[published["significance_note"].fillna("") != "", "table"])
    index = pd.read_csv(out / "tables" / "index.csv", keep_default_na=False)
    tested = index[index["test"] != ""]
    assert len(tested) == 32
    flagged = set(tested.loc[tested["p_value"].astype(float) < config.alpha, "report_number"])
    assert flagged == flagged_in_report
    pages = "".join((out / f"{stem}.html").read_text(encoding="utf-8")
                    for stem in ("bijlage_2_omzetgroep", "bijlage_3_uitvoerder"))
    assert pages.count("Dit is een statistisch significant verschil") == len(flagged_in_report)


def test_no_personal_data_in_any_output(config, out, survey_2026):
    # survey_2026 is loaded from the export (with its contact question), the result's survey is not
    found = {}
    for path in sorted(out.rglob("*")):
        if path.is_dir() or path.suffix == ".png":
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                text = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
        elif path.suffix == ".pdf":  # the whole report printed: its text as a reader copies it out
            from pypdf import PdfReader

            text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        else:
            text = path.read_text(encoding="utf-8")
        hits = find_personal_data(text, survey_2026, patterns=path.suffix != ".svg")
        if hits:
            found[str(path.relative_to(out))] = hits
    assert found == {}
    # the demo does carry personal data: the scan is not vacuous
    raw = (ROOT / "data" / "raw" / str(YEAR) / "respondenten.csv").read_text(encoding="utf-8")
    assert find_personal_data(raw, survey_2026)


def test_the_chapters_get_scrubbed_answers_and_no_contact_details(config, survey_2026):
    from wlzmonitor.inputs.privacy import text_columns

    result = cached_year_result(YEAR, config)
    assert result.survey._private.empty and len(survey_2026._private.columns) >= 3
    columns = [c for c in text_columns(result.codebook) if c in result.survey.responses.columns]
    assert len(columns) >= 10
    texts = result.survey.responses[columns].stack().astype(str)
    raw = survey_2026.responses[columns].stack().astype(str)
    assert len(texts) == len(raw) > 100  # the same answers, none dropped
    assert find_personal_data("\n".join(raw), survey_2026)  # the demo's open answers do leak
    assert find_personal_data("\n".join(texts), survey_2026) == []
    assert texts.str.contains(r"\[(?:e-mailadres|telefoonnummer|naam|organisatie)\]").sum() >= 3


def test_key_figures_in_the_prose_come_from_the_data(out):
    page = (out / "01_tarieven.html").read_text(encoding="utf-8")
    # Tabel 3: 22% in 2026, 35% in 2025, 46% in 2024 (published; computed from the demo data)
    assert "In 2026 heeft 22% van de zorgorganisaties bij het zorgkantoor om maatwerk verzocht" in page
    assert "(2025: 35%, 2024: 46%)" in page


def test_rerun_gives_identical_bytes(config, out, tmp_path):
    """Two chapters rerun with everything cached (charts read back, the data outputs taken over,
    the PDF not printed again, the gate's verdicts remembered): every file the same bytes."""
    from wlzmonitor.run.report_build import data_files

    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    stamps = {p: p.stat().st_mtime_ns for p in data_files(out, YEAR)}
    summary = build_report(YEAR, chapters=["03_herschikking", "bijlage_4_vragenlijst"], config=config,
                           log=lambda _: None)
    assert summary.ok and summary.chapters_run == ["03_herschikking", "bijlage_4_vragenlijst"]
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert sorted(before) == sorted(after)
    changed = [str(k) for k in before if before[k] != after[k]]
    assert changed == []
    # the data outputs were taken over (copied with their times), not written again
    assert len(stamps) >= 10 and {p: p.stat().st_mtime_ns for p in data_files(out, YEAR)} == stamps
    assert {p.name for p in (out / "tables").iterdir()} >= {"index.csv", "year_on_year.csv"}
    assert (config.output_dir / ".cache" / f"gate-{YEAR}").is_file()
    assert len(list((config.output_dir / ".cache" / "charts").glob("*.chart"))) >= 70


@pytest.mark.parametrize("chart_cache", ["0", "1"])
def test_the_slow_path_gives_the_same_page_and_charts(config, out, tmp_path, monkeypatch, chart_cache):
    """A real chapter in a fresh kernel of its own (no warm kernel, no worker pool) gives the
    page and the charts the fast run gave, byte for byte: every chart drawn again (cache off)
    and every chart read back from the chart cache the run filled."""
    monkeypatch.setenv("WLZ_MONITOR_CHART_CACHE", chart_cache)  # the kernel inherits it
    from wlzmonitor.run.notebook_run import ChapterJob, run_chapter
    from wlzmonitor.run.report_plan import notebook_path

    stem = "05_inkoopbeleid_nps"
    slow = tmp_path / "slow"
    job = ChapterJob(stem=stem, notebook_path=notebook_path(config, stem),
                     parameters={"year": YEAR, "output_dir": str(slow), "root": str(config.root),
                                 "result_file": str(next((config.output_dir / ".cache").glob(f"result-{YEAR}-*.pkl")))},
                     html_path=slow / f"{stem}.html", executed_path=slow / "notebooks" / f"{stem}.ipynb",
                     title=f"{config.chapters[stem]} – Wlz-zorgcontractering {YEAR}",
                     cwd=notebook_path(config, stem).parent.resolve())
    result = run_chapter(job)  # kernel=None: the slow path
    assert result.ok, result.error
    assert (slow / f"{stem}.html").read_bytes() == (out / f"{stem}.html").read_bytes()
    charts = sorted(p.name for p in (out / "figures").glob(f"{stem}_*"))
    assert len(charts) >= 10 and sorted(p.name for p in (slow / "figures").iterdir()) == charts
    for name in charts:
        assert (slow / "figures" / name).read_bytes() == (out / "figures" / name).read_bytes(), name


def test_nothing_changed_means_nothing_reruns(config, run):
    to_run, *_ = plan(YEAR, config=config)
    assert to_run == []
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert summary.ok and summary.chapters_run == [] and "up to date" in summary.message


def _questionnaire_repo(tmp_path: Path) -> Path:
    """A repository view (data linked, config copied) whose only notebook is Bijlage 4 (a quick chapter)."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "data").symlink_to(ROOT / "data")
    shutil.copytree(ROOT / "config", root / "config")
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "bijlage_4_vragenlijst.py", root / "notebooks")
    return root


def test_a_hand_edit_in_the_published_output_is_never_carried_forward(tmp_path):
    """A page, table or chart edited by hand in outputs/2026 was taken over by the next run (and its
    bytes recorded as the run's): now every file's SHA-256 is in the manifest, and a run makes again
    what is not as its run wrote it, removes what no run wrote, and "up to date" means the bytes too."""
    root = _questionnaire_repo(tmp_path)
    text = (root / "config" / "report.yml").read_text(encoding="utf-8")
    text = re.sub(r"chapters:\n(  .*\n)+", 'chapters:\n  bijlage_4_vragenlijst: "Bijlage 4"\n', text)
    (root / "config" / "report.yml").write_text(text, encoding="utf-8")
    config = load_config(root)
    target = config.output_for(YEAR)
    assert build_report(YEAR, config=config, log=lambda _: None).ok
    made = {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    page, table = target / "bijlage_4_vragenlijst.html", next((target / "tables").glob("*.csv"))
    page.write_text(page.read_text(encoding="utf-8").replace("Vraag 1", "Vraag 1 (gecorrigeerd)"), encoding="utf-8")
    table.write_bytes(table.read_bytes() + b"extra,regel\n")
    (target / "tables" / "eigen_toevoeging.csv").write_text("a,b\n", encoding="utf-8")
    said = []
    summary = build_report(YEAR, config=config, log=said.append)
    assert summary.ok and summary.chapters_run == ["bijlage_4_vragenlijst"]
    assert any("3 file(s) of" in line and "are not as its run wrote them" in line and "eigen_toevoeging.csv" in line
               for line in said), said
    now = {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert now == made  # the page and the table as a run makes them; the planted file not published
    # ... nor lost (safety review h88: it was deleted with the old output without a word): kept beside the output
    kept = target.parent / f".{YEAR}.not-published"
    assert (kept / "tables" / "eigen_toevoeging.csv").read_text(encoding="utf-8") == "a,b\n"
    assert "file(s) no run wrote were in it (tables/eigen_toevoeging.csv): not published, kept in" in summary.message
    assert [p.name for p in kept.rglob("*") if p.is_file()] == ["eigen_toevoeging.csv"]  # the edited ones remade
    assert "up to date" in build_report(YEAR, config=config, log=lambda _: None).message
    pdf = next(target.glob("*.pdf"))
    # an edit after the end of the file (its text is in compressed object streams: no "Vraag" to replace)
    pdf.write_bytes(pdf.read_bytes() + b"\n% bewerkt\n")
    assert pdf.read_bytes() != made[pdf.name]
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert summary.ok and "up to date" not in summary.message and summary.chapters_run == []
    assert pdf.read_bytes() == made[pdf.name]


def test_unknown_year_and_chapter_fail_at_once(config):
    with pytest.raises(ConfigError, match=r"no survey data for 2019: 2019 is not under years: .*; years with data: 2024, 2025, 2026"):
        build_report(2019, config=config)
    with pytest.raises(RunError, match="unknown chapter"):
        build_report(YEAR, chapters=["99_bestaat_niet"], config=config)


# -- a failing chapter ---------------------------------------------------------------------------
@pytest.fixture
def broken_root(tmp_path):
    """A repository view with one extra chapter that fails in its third cell."""
    root = _questionnaire_repo(tmp_path)
    (root / "notebooks" / "kapot.py").write_text(
        '# %% tags=["parameters"]\nyear = 2026\noutput_dir = ""\nroot = ""\n\n'
        "# %%\nx = 1\n\n# %%\nraise ValueError('kapot in jaar ' + str(year))\n", encoding="utf-8")
    text = (root / "config" / "report.yml").read_text(encoding="utf-8")
    text = re.sub(r"chapters:\n(  .*\n)+", 'chapters:\n  bijlage_4_vragenlijst: "Bijlage 4"\n  kapot: "Kapot"\n', text)
    (root / "config" / "report.yml").write_text(text, encoding="utf-8")
    return root


def test_a_failing_chapter_does_not_stop_the_others_and_leaves_no_output(broken_root):
    config = load_config(broken_root)
    target = config.output_for(YEAR)
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert not summary.ok
    assert summary.failed == ["kapot"]
    assert "ValueError: kapot in jaar 2026" in summary.message and "cell 3" in summary.message
    assert not target.exists()  # nothing that looks complete
    failed = target.parent / f".{YEAR}.failed"
    assert (failed / "notebooks" / "kapot.ipynb").exists()  # kept for debugging
    assert (failed / "bijlage_4_vragenlijst.html").exists()  # the other chapter ran
    assert str(failed / "notebooks" / "kapot.ipynb") in summary.message


def test_a_cell_that_never_ends_fails_its_chapter_after_cell_timeout(tmp_path):
    """A loop that never ends in a chapter kept run_all (and every run --waiting for it) waiting for
    ever: `run: cell_timeout` of config/report.yml ends that chapter; the run names it and the cell."""
    root = _questionnaire_repo(tmp_path)
    (root / "notebooks" / "hangt.py").write_text(
        '# %% tags=["parameters"]\nyear = 2026\noutput_dir = ""\nroot = ""\n\n'
        "# %%\nx = 1\n\n# %%\nwhile True:\n    x += 1\n", encoding="utf-8")
    text = (root / "config" / "report.yml").read_text(encoding="utf-8")
    text = re.sub(r"chapters:\n(  .*\n)+", 'chapters:\n  bijlage_4_vragenlijst: "Bijlage 4"\n  hangt: "Hangt"\n', text)
    text = re.sub(r"run:\n(  .*\n)+", "", text)
    (root / "config" / "report.yml").write_text(text + "run:\n  cell_timeout: 3\n", encoding="utf-8")
    config = load_config(root)
    assert config.run.cell_timeout == 3
    started = time.monotonic()
    summary = build_report(YEAR, config=config, log=lambda _: None)
    assert time.monotonic() - started < 90
    assert not summary.ok and summary.failed == ["hangt"]
    assert "CellTimeoutError" in summary.message and "cell 3" in summary.message, summary.message
    assert "run: cell_timeout in config/report.yml" in summary.message
    assert not config.output_for(YEAR).exists()


def test_changing_one_answer_changes_the_affected_tables(broken_root):
    """The cache never serves a stale result: one answer changed, its table changes with it."""
    (broken_root / "data").unlink()
    shutil.copytree(ROOT / "data", broken_root / "data")
    config = load_config(broken_root)
    before = cached_year_result(YEAR, config)
    export = broken_root / "data" / "raw" / str(YEAR) / "respondenten.csv"
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    analysed = set(before.survey.responses.index.astype(str))
    # Vraag 14 (hardheidsclausule): 'Nee' -> 'Ja'; nothing is routed behind it
    row = frame.index[(frame["hardheidsclausule"] == "2") & frame["respondent_id"].isin(analysed)][0]
    frame.loc[row, "hardheidsclausule"] = "1"
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    export.write_text(buffer.getvalue(), encoding="utf-8")
    after = cached_year_result(YEAR, config)

    def ja(result, key):
        t = result.tables[key]
        cell = t[(t["row_code"] == 1) & (t["column_code"] == YEAR)]
        return round(float(cell["value"].iloc[0]) * float(cell["n"].iloc[0]) / 100)

    assert ja(after, "hardheidsclausule") == ja(before, "hardheidsclausule") + 1
    assert after.tables["maatwerk"].equals(before.tables["maatwerk"])
    assert not after.tables["hardheidsclausule__omzetgroep"].equals(before.tables["hardheidsclausule__omzetgroep"])


def test_no_page_repeats_a_heading(config, out):
    """Review: two identical headings 'Speerpunten kwaliteit (Vraag 6)' (themes, then all answers) on one
    page, twice in the PDF's outline; a reader cannot tell the sections apart."""
    for stem in config.chapters:
        page = (out / f"{stem}.html").read_text(encoding="utf-8")
        main = page.split('<main class="report">', 1)[-1]
        # the answer categories of a coded question ("Nee, want …") head sections under its title and
        # recur under every such question's title: not these
        main = re.sub(r'<section class="codering-categorie">\s*<h[34][^>]*>.*?</h[34]>', "", main, flags=re.S)
        headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[234][^>]*>(.*?)</h[234]>", main, re.S)]
        headings = [h for h in headings if h]
        repeated = sorted({h for h in headings if headings.count(h) > 1})
        assert repeated == [], (stem, repeated)


def test_a_wrong_quote_stops_the_run_before_any_chapter_with_one_message(tmp_path):
    """Newcomer review: a quote that no longer matched its answer failed the Kerncijfers chapter inside the run
    (exit 1, pointing at a notebook line), while a mistake in a file a person edits is one message naming the
    file (exit 2). The run checks the year's quotes against its coded answers before any chapter runs."""
    from wlzmonitor.present.key_figures import QuoteError

    root = _questionnaire_repo(tmp_path)
    (root / "quotes").mkdir()
    (root / "quotes" / f"{YEAR}.yml").write_text(
        f'year: {YEAR}\nthemes: [Financiering, Capaciteit, Kwaliteit en innovatie, Inkoopbeleid]\nquotes:\n'
        '  - answer_id: V99-0000000000\n    text: "Meer overleg."\n    theme: Capaciteit\n',
        encoding="utf-8")  # the chapter's themes, this quote of one it shows: else check-year stops first (h153)
    shutil.copy(ROOT / "notebooks" / "00_kerncijfers.py", root / "notebooks")  # the chapter that shows quotes
    text = (root / "config" / "report.yml").read_text(encoding="utf-8")
    text = re.sub(r"chapters:\n(  .*\n)+", 'chapters:\n  bijlage_4_vragenlijst: "Bijlage 4"\n', text)
    (root / "config" / "report.yml").write_text(text + "files:\n  quotes: quotes\n", encoding="utf-8")
    assert build_report(YEAR, config=load_config(root), log=lambda _: None).ok  # no chapter shows quotes: not read
    (root / "config" / "report.yml").write_text(
        text.replace('chapters:\n', 'chapters:\n  00_kerncijfers: "Kerncijfers"\n') + "files:\n  quotes: quotes\n",
        encoding="utf-8")
    load_config.cache_clear()  # the file changed since it was read
    config = load_config(root)
    with pytest.raises(QuoteError, match=r"quotes/2026\.yml: quote 1 \(answer_id V99-0000000000\): no such answer"):
        build_report(YEAR, config=config, log=lambda _: None)
    assert not (config.output_dir / f".{YEAR}.partial").exists()


def test_files_no_run_wrote_are_kept_aside_not_deleted(tmp_path):
    """Safety review h88: a file an analyst saved in outputs/<year>/ was deleted with the old output. What the old
    output's manifest does not record is moved beside it (a name already there gets a number); an output whose
    manifest records no files cannot tell them apart and is left to the run as before."""
    from wlzmonitor.run.report_build import _keep_unwritten
    from wlzmonitor.run.report_plan import output_files

    old, keep = tmp_path / ".2026.old", tmp_path / ".2026.not-published"
    (old / "tables").mkdir(parents=True)
    (old / "01_tarieven.html").write_text("<p>pagina</p>", encoding="utf-8")
    manifest = {"year": 2026, "chapters": {}, "files": output_files(old)}
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (old / "notities.txt").write_text("mijn aantekeningen", encoding="utf-8")
    (old / "tables" / "eigen.csv").write_text("a,b\n", encoding="utf-8")
    keep.mkdir()
    (keep / "notities.txt").write_text("van een eerdere run", encoding="utf-8")
    assert _keep_unwritten(old, keep) == (keep, ["notities.txt", "tables/eigen.csv"])
    assert (keep / "notities (2).txt").read_text(encoding="utf-8") == "mijn aantekeningen"
    assert (keep / "notities.txt").read_text(encoding="utf-8") == "van een eerdere run"
    assert (keep / "tables" / "eigen.csv").is_file() and (old / "01_tarieven.html").is_file()
    assert not (old / "notities.txt").exists()
    (old / "later.txt").write_text("x", encoding="utf-8")
    (old / "manifest.json").write_text(json.dumps({"year": 2026, "chapters": {}}), encoding="utf-8")
    assert _keep_unwritten(old, keep) is None and (old / "later.txt").exists()
