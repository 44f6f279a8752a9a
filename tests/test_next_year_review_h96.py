"""Gaps the adversarial reviews of next-year handling and run safety found and left (helper h96). Each test
fails without its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planted import plant_failed

import new_wave
from new_wave import YEAR
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.year_check import check_year
# the analysed 2027 wave, a copy of it per test and its check: the wave review's own (one place for them)
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)


def _not_notes(found) -> list[str]:
    return [f.text() for f in found.findings if f.level != "note"]


def _set_codebook(root: Path, old: str, new: str) -> None:
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the members approached, copied by new-year and never updated ------------------------------------------
def test_a_population_copied_unchanged_from_the_previous_wave_is_warned(wave, tmp_path, monkeypatch):
    """Review h96: new-year copies 2026's `population: 360` into the 2027 codebook (and, with a file per
    year, config/population_2026.yml into population_2027.yml); nobody updating them gave a clean check-year
    and a 2027 response rate on 2026's members. It is warned until the analyst changes it or confirms it with
    `population_was: {2026: 360}`."""
    root = _copy(wave, tmp_path)
    _set_codebook(root, "population_was:\n  2026: 360\n", "")
    found = _not_notes(_check(root, monkeypatch))
    assert found == [
        "WARNING: [population] data/codebooks/2027.yml: population: 360 members approached in 2027, as in 2026 "
        "(new-year copies it) (config/population.yml serves every year): if the members changed, the response "
        "rate (the response table) and the comparison with the members are of 2026's. Update population (and "
        "the population file's members and margins) to the members approached in 2027, or, when 2027 approached "
        "as many, say so: population_was: {2026: 360}"], found
    # a confirmation of another number, or of another year, is no confirmation
    _set_codebook(root, "\npopulation: 360\n", "\npopulation: 360\npopulation_was: {2026: 350}\n")
    found = _not_notes(_check(root, monkeypatch))
    assert len(found) == 1 and "; population_was says 2026 approached 350, its codebook says 360." in found[0], found
    _set_codebook(root, "population_was: {2026: 350}", "population_was: {2025: 360}")
    assert len(_not_notes(_check(root, monkeypatch))) == 1
    _set_codebook(root, "population_was: {2025: 360}", "population_was: {2026: 360}")
    assert _not_notes(_check(root, monkeypatch)) == []
    # changed: the population file's own check takes over (its members must follow)
    _set_codebook(root, "population_was: {2026: 360}", "")
    _set_codebook(root, "\npopulation: 360\n", "\npopulation: 370\n")
    found = _not_notes(_check(root, monkeypatch))
    assert len(found) == 1 and "population: 370 members approached in 2027, but config/population.yml has members: 360" \
        in found[0], found


def test_a_population_file_per_year_copied_unchanged_is_named(wave, tmp_path, monkeypatch):
    """With a population file per year new-year copies 2026's into 2027's: the warning names it too."""
    root = _copy(wave, tmp_path)
    _set_codebook(root, "population_was:\n  2026: 360\n", "")
    report = root / "config" / "report.yml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "\n  population: config/population.yml\n", "\n  population: config/population_{year}.yml\n"), encoding="utf-8")
    single = (root / "config" / "population.yml").read_text(encoding="utf-8")
    for year in (2024, 2025, 2026, YEAR):
        (root / "config" / f"population_{year}.yml").write_text(single, encoding="utf-8")
    found = _not_notes(_check(root, monkeypatch))
    assert len(found) == 1 and "(config/population_2027.yml has 2026's members per group too)" in found[0], found


def test_new_year_copies_no_confirmation_of_the_population(tmp_path):
    """A `population_was` the source year's codebook has names the year before it: copied by new-year, it does
    not confirm the new year's population (the scaffold is warned until the analyst looks)."""
    root = new_wave.repository(tmp_path)
    codebook = root / "data" / "codebooks" / "2026.yml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace(
        "\npopulation: 360\n", "\npopulation: 360\npopulation_was: {2025: 360}\n", 1), encoding="utf-8")
    new_wave.new_year(root)
    load_config.cache_clear()
    found = check_year(YEAR, load_config(root))
    assert [f for f in found.findings if f.kind == "population" and "as in 2026 (new-year copies it)" in f.text()]

# -- the year before named by a Kerncijfers card ------------------------------------------------------------
def test_a_key_figure_label_naming_the_year_before_of_a_question_it_did_not_ask_is_warned(wave, tmp_path, monkeypatch):
    """Review h96: the check of the year before named beside a figure compared with the column before read
    chapter.text only. A Kerncijfers card always prints the change since the column before ("… ten opzichte
    van 2025"): its label "net als vorig jaar" beside a question 2026 did not ask said 2026 of a 2025 figure."""
    from test_next_year_review_h94 import _not_asked_in_2026

    root = _copy(wave, tmp_path)
    key = "urgent_wachtenden"
    _not_asked_in_2026(root, key)
    notebook = root / "notebooks" / "00_kerncijfers.py"
    text = notebook.read_text(encoding="utf-8")
    old = '("urgent_wachtenden", 4, "verwacht dat het aantal urgent wachtenden toeneemt")'
    assert old in text
    notebook.write_text(text.replace(old, '("urgent_wachtenden", 4, "verwacht, net als vorig jaar, een toename '
                                          'van het aantal urgent wachtenden")'), encoding="utf-8")
    found = [f.text() for f in _check(root, monkeypatch).findings
             if f.level == "warning" and f.kind == "prose" and key in f.text()]
    assert len(found) == 1, found
    assert found[0].startswith("WARNING: [prose] notebooks/00_kerncijfers.py:"), found
    assert found[0].endswith(
        "the key figure {urgent_wachtenden:4} (‘verwacht, net als vorig jaar, een toename van het aantal urgent "
        "wachtenden’) prints the change since the column before 2027 in 'urgent_wachtenden', which is 2025: 2026 "
        "did not ask 'urgent_wachtenden'. The label names ‘vorig jaar’, which is 2026: name the year of the figure "
        "(2025, under `if chapter.year == 2027:`) or the wave without a year ('de vorige meting waarin dit gevraagd "
        "is')"), found
    # the label without the year before: nothing to say
    notebook.write_text(text, encoding="utf-8")
    assert not [f for f in _check(root, monkeypatch).findings
                if f.level == "warning" and f.kind == "prose" and key in f.text()]

# -- a failing run beside a .<year>.failed no run wrote -----------------------------------------------------
@pytest.mark.parametrize("planted", ["link", "folder", "file"])
def test_a_failing_run_beside_a_planted_failed_folder_says_its_own_failure(tmp_path, planted):
    """Review h96: a run whose chapter failed, with outputs/.2026.failed a link, a file or a folder no run
    wrote, ended in "... it was not written by run_all.py ... Move it away and run again" (exit 2): the chapter's
    error was never printed. The run now prints its failure, keeps the failed run in its staging folder (the
    next run removes it) and then the advice; the planted folder is left alone."""
    import time

    from wlzmonitor.run.notebook_run import ChapterResult
    from wlzmonitor.run.output_guard import make_owned
    from wlzmonitor.run.report_build import _keep_failed_run
    from wlzmonitor.run.report_plan import RunSummary

    outputs = tmp_path / "outputs"
    staging = make_owned(outputs / ".2026.partial")
    (staging / "notebooks").mkdir()
    (staging / "notebooks" / "kapot.ipynb").write_text("{}", encoding="utf-8")
    elsewhere = tmp_path / "elders"
    failed = plant_failed(outputs, elsewhere, planted)
    summary = RunSummary(2026, outputs / "2026", ok=False)
    summary.failed = ["kapot"]
    results = [ChapterResult("kapot", False, 1.0, None, staging / "notebooks" / "kapot.ipynb", 3,
                             "ValueError: kapot in jaar 2026")]
    summary = _keep_failed_run(summary, staging, results, [], time.perf_counter())
    message = summary.message
    assert not summary.ok
    assert "1 chapter(s) failed" in message and "ValueError: kapot in jaar 2026" in message and "cell 3" in message
    assert f"executed notebook kept: {staging / 'notebooks' / 'kapot.ipynb'}" in message
    assert message.index("ValueError") < message.index(f"{failed} is ") < message.index("Move it away")
    assert (staging / "notebooks" / "kapot.ipynb").exists()
    assert failed.is_symlink() if planted == "link" else failed.exists()
    if planted == "folder":
        assert (failed / "notitie.txt").exists()



# -- a read-only outputs/.cache ------------------------------------------------------------------------------
_RUN = """
import sys
from pathlib import Path
from wlzmonitor.run.report_run import build_report
from wlzmonitor.spec.config import load_config

if __name__ == "__main__":
    summary = build_report(2026, config=load_config(Path(sys.argv[1])), force=True, log=print)
    print("RESULT", summary.ok, summary.message)
    sys.exit(0 if summary.ok else 1)
"""


def _unshare_works(tmp_path: Path) -> bool:
    import shutil as sh
    import subprocess

    if sh.which("unshare") is None:
        return False
    folder = tmp_path / "ro-probe"
    folder.mkdir()
    done = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind {folder} {folder} && "
                           f"mount -o remount,ro,bind {folder} && ! touch {folder}/x"], capture_output=True)
    return done.returncode == 0


@pytest.mark.slow
def test_a_read_only_cache_folder_runs_without_the_cache_and_publishes_the_same(tmp_path):
    """Review h96: outputs/.cache on a read-only mount (a share, a synced folder, a colleague's folder) ended the
    run in "OSError: [Errno 30] Read-only file system: '…/outputs/.cache/.result-2026-….tmp'" (the year's result
    stored for the chapters). The run now uses a private temporary cache (one line says so, removed at the end)
    and publishes what a run with the cache publishes. (A root account writes a chmod-ed folder anyway: the
    folder is made read-only by a bind mount in a mount namespace of its own.)"""
    import subprocess
    import sys

    from test_report_run import _questionnaire_repo

    if not _unshare_works(tmp_path):
        pytest.skip("no mount namespace (unshare -m) to make a read-only folder in")
    root = _questionnaire_repo(tmp_path)
    text = (root / "config" / "report.yml").read_text(encoding="utf-8")
    text = re.sub(r"chapters:\n(  .*\n)+", 'chapters:\n  bijlage_4_vragenlijst: "Bijlage 4"\n', text)
    (root / "config" / "report.yml").write_text(text, encoding="utf-8")
    cache = root / "outputs" / ".cache"
    cache.mkdir(parents=True)
    script = tmp_path / "run.py"
    script.write_text(_RUN, encoding="utf-8")
    env = {**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "lib")}
    before = {p.name for p in Path(__import__("tempfile").gettempdir()).glob("wlzmonitor-cache-*")}
    done = subprocess.run(["unshare", "-m", "sh", "-c", f'mount --bind "{cache}" "{cache}" && mount -o remount,ro,bind '
                           f'"{cache}" && exec "{sys.executable}" "{script}" "{root}"'],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "RESULT True 2026 written to" in done.stdout, done.stdout[-3000:]
    said = [line for line in done.stderr.splitlines() if "cannot be written" in line]
    assert len(said) == 1 and said[0].startswith(f"run_all: 2026: warning: the cache folder {cache} cannot be written "
                                                 "(Read-only file system): this run uses none of it"), done.stderr[-3000:]
    assert list(cache.iterdir()) == []  # nothing written there
    assert {p.name for p in Path(__import__("tempfile").gettempdir()).glob("wlzmonitor-cache-*")} == before  # removed

    target = root / "outputs" / "2026"

    def published() -> dict[str, bytes]:
        return {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*")
                if p.is_file() and p.name != "manifest.json" and "notebooks" not in p.parts}

    without = published()
    again = subprocess.run([sys.executable, str(script), str(root)], capture_output=True, text=True, cwd=tmp_path,
                           env=env, timeout=600)
    assert again.returncode == 0 and "cannot be written" not in again.stderr, again.stdout[-3000:] + again.stderr[-3000:]
    assert any(cache.iterdir())  # the cache used
    assert published() == without


# -- a scale exported one higher than the codebook's ----------------------------------------------------------
def _nps_shifted(tmp_path: Path, change=None) -> Path:
    import pandas as pd

    from wlzmonitor.demo.generator import demo_export_path

    df = pd.read_csv(demo_export_path(2026), dtype=str, keep_default_na=False)
    nps = pd.to_numeric(df["nps"], errors="coerce")
    shifted = nps + 1
    if change is not None:
        shifted = change(shifted)
    df["nps"] = [("" if pd.isna(v) else str(int(v))) for v in shifted]
    path = tmp_path / "respondenten.csv"
    df.to_csv(path, index=False, lineterminator="\n")
    return path


def test_an_nps_stored_one_higher_in_a_csv_export_is_named_as_such(tmp_path):
    """Review h96: a CSV export whose NPS is stored 1-11 (a tool counting from 1) under a codebook saying 0-10 gave
    one "got '11' (out of range)" per top score and nothing more: changing those cells to 10 read every other answer
    a point too high. The column's answers running one above the scale with no 0 are now named as one error."""
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.spec.codebook_parse import codebook_for_year

    cb = codebook_for_year(2026)
    with pytest.raises(ExportError) as caught:
        load_survey(_nps_shifted(tmp_path), cb)
    errors = [f for f in caught.value.findings if f.severity == "error"]
    tops = [f for f in errors if f.issue == "got '11' (out of range)"]
    assert tops and len(errors) == len(tops) + 1, [str(f) for f in errors]
    [hint] = [f for f in errors if f not in tops]
    assert hint.row is None and hint.column == "nps", str(hint)
    assert hint.issue == (
        f"{len(tops)} answer(s) are 11, one above the scale, and none is 0: the export seems to store the scale one "
        "higher (1 to 11, a tool counting from 1), which reads every other answer a point too high. Do not change "
        "the 11s into 10: recode the whole column (11 as 10, …, 1 as 0), or export it as the questionnaire codes it")
    assert str(caught.value).index("one above the scale") < str(caught.value).index("got '11'")


@pytest.mark.parametrize("why", ["a 0 given", "a 12 too"])
def test_answers_above_the_scale_that_are_no_shift_are_not_called_one(tmp_path, why):
    """An 11 beside a 0 (a typing error), or an 11 and a 12, is no scale stored one higher: only the cells' errors."""
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.spec.codebook_parse import codebook_for_year

    def change(shifted):
        first = shifted.first_valid_index()
        shifted = shifted.copy()
        shifted[first] = 0 if why == "a 0 given" else 12
        return shifted

    with pytest.raises(ExportError) as caught:
        load_survey(_nps_shifted(tmp_path, change), codebook_for_year(2026))
    assert "one above the scale" not in str(caught.value)
    assert all(f.row is not None for f in caught.value.findings if f.severity == "error")


# -- a free-text "N/A" under missing: {"*": [...]} -----------------------------------------------------------
def test_a_free_text_n_a_under_the_general_missing_rule_reads_as_no_answer_and_says_so(platforms, tmp_path):
    """Review h96 asked whether `missing: {"*": ["N/A"]}` should also empty a free-text cell that is exactly "N/A".
    Decided: yes (docs/mapping_exports.md). LimeSurvey writes its N/A in the text boxes of questions not shown too
    (the draft proposes "*" from 161 columns): kept as text, every such box would be an open answer "N/A" (and a
    quote or theme candidate). A respondent's own "N/A" says no answer as well; it is one `repaired` line naming
    the column and rows, and an answer that only contains the mark ("N/A, zie vraag 6") stays text."""
    import csv

    import yaml

    from test_export_review import CB, LIMESURVEY_MAPPING
    from wlzmonitor.inputs.survey import load_survey

    with open(platforms.export("limesurvey.csv").path, encoding="utf-8-sig", newline="") as f:
        grid = list(csv.reader(f, delimiter=";"))
    j = next(i for i, h in enumerate(grid[0]) if h.startswith("Q7. "))
    rows = [n for n, line in enumerate(grid[1:], start=1) if line[j] == ""][:2]
    grid[rows[0]][j], grid[rows[1]][j] = "N/A", "N/A, zie vraag 6"
    for line in grid[1:]:
        line[j] = line[j] or "N/A"  # the tool's mark in every other empty box
    path = tmp_path / "limesurvey_na.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(grid)
    raw = yaml.safe_load(LIMESURVEY_MAPPING.read_text(encoding="utf-8"))
    raw["missing"] = {"*": ["N/A"]}
    mapping = tmp_path / "na.yml"
    mapping.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    survey = load_survey(path, CB, mapping=mapping)
    texts = survey.responses["kwaliteit_dialoog__toelichting"].dropna().astype(str).tolist()
    assert "N/A, zie vraag 6" in texts and "N/A" not in texts
    [line] = [f for f in survey.log if "missing." in str(f.action)]
    assert line.column == "kwaliteit_dialoog__toelichting" and line.severity == "repaired"
    assert line.issue.startswith("got 'N/A' in ") and line.action.endswith("missing.*)")


# -- a placeholder in a Kerncijfers card's label ----------------------------------------------------------------
def test_a_placeholder_in_a_key_figure_label_is_an_error(wave, tmp_path, monkeypatch):
    """Found by review h96: a card's label is printed as written (`key_figure` fills nothing in it), and check-year
    passed ("sprak in {jaar} het landelijk richttariefpercentage af" printed '{jaar}' on the Kerncijfers page).
    label_problems, which check-year and the run both read, now refuses a brace."""
    from wlzmonitor.spec.prose import label_problems

    root = _copy(wave, tmp_path)
    notebook = root / "notebooks" / "00_kerncijfers.py"
    text = notebook.read_text(encoding="utf-8")
    old = '"sprak het landelijk richttariefpercentage af"'
    assert old in text
    notebook.write_text(text.replace(old, '"sprak in {jaar} het landelijk richttariefpercentage af"'), encoding="utf-8")
    found = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert len(found) == 1 and found[0].startswith("ERROR: [prose] notebooks/00_kerncijfers.py:"), found
    assert found[0].endswith("the key figure's label ‘sprak in {jaar} het landelijk richttariefpercentage af’ holds "
                             "‘{’: a card's label is printed as written: a placeholder such as {jaar} is not filled in "
                             "(review h96); write it in words, the card prints the years itself"), found
    assert label_problems("vroeg om maatwerk") == []
