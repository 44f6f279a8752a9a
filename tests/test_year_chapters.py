"""A wave may drop, add or rename a chapter without touching the other years' reports: `years: <year>:
chapters:` lists that year's chapters (notebook stem -> page title, in report order); years without it keep
the report's `chapters:`. Review h94: the chapters were one list for every year, so a chapter dropped for
2027 disappeared from the 2026 report too the next time it was built."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

import new_wave
from new_wave import YEAR
from wlzmonitor.spec.config import ConfigError, load_config


def _with_year_chapters(root, chapters, year: int = YEAR) -> None:
    path = root / "config" / "report.yml"
    text = path.read_text(encoding="utf-8")
    entry = yaml.safe_dump({"chapters": chapters}, allow_unicode=True, sort_keys=False, width=200)
    indented = "".join(f"    {line}\n" for line in entry.splitlines())
    text, n = re.subn(rf"(\n  {year}:\n(?:    .*\n)*)", lambda m: m.group(1) + indented, text, count=1)
    if not n:  # the year has no entry yet
        text = text.replace("years:\n", f"years:\n  {year}:\n{indented}", 1)
    path.write_text(text, encoding="utf-8")
    load_config.cache_clear()


def _shown(page) -> str:
    """A page without its stylesheet (whose comments name chapters)."""
    return re.sub(r"<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture
def root(tmp_path):
    shutil.copytree(new_wave.ROOT / "config", tmp_path / "config")
    return tmp_path


def test_a_year_reads_its_own_chapters_and_the_other_years_the_report_s(root):
    base = load_config(root).chapters
    own = {stem: title for stem, title in base.items() if stem != "bijlage_5_reproductie"}
    own["05_inkoopbeleid_nps"] = "5 Wlz-inkoopbeleid en NPS"
    _with_year_chapters(root, own)
    config = load_config(root)
    assert config.chapters == base  # the report's list, as every other year reads it
    assert config.for_year(YEAR).chapters == own and list(config.for_year(YEAR).chapters) == list(own)
    assert config.for_year(2026) is config and config.for_year(2026).chapters == base
    assert config.for_year(YEAR).for_year(YEAR) == config.for_year(YEAR)  # applied twice = once
    assert config.for_year(YEAR).years == config.years  # only the chapters are the year's


@pytest.mark.parametrize("chapters, words", [
    (["01_tarieven"], "years: 2027: chapters: expected the year's chapters in report order"),
    ({}, "years: 2027: chapters: expected the year's chapters in report order"),
    ({"01-tarieven": "1 Tarieven"}, "years: 2027: chapters: '01-tarieven' is not a notebook name"),
    ({"01_tarieven": ""}, "years: 2027: chapters: 01_tarieven: expected the page title"),
    ({"bijlage_1": "B1", "bijlage_1_respons": "B1"}, "years: 2027: chapters: 'bijlage_1' is the start of"),
])
def test_a_year_s_wrong_chapters_are_named_with_the_year(root, chapters, words):
    _with_year_chapters(root, chapters)
    with pytest.raises(ConfigError, match=re.escape(words)):
        load_config(root)


def test_an_unknown_key_under_a_year_still_names_the_known_ones(root):
    path = root / "config" / "report.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  2026:\n", "  2026:\n    hoofdstukken: {}\n", 1),
                    encoding="utf-8")
    load_config.cache_clear()
    with pytest.raises(ConfigError, match="years: 2026: unknown key.*hoofdstukken; known: .*layout.*chapters"):
        load_config(root)


@pytest.mark.slow  # builds the made-up 2027 wave's report
def test_a_chapter_dropped_and_one_renamed_for_one_wave_only(tmp_path):
    from wlzmonitor.run.report_plan import plan
    from wlzmonitor.run.report_run import build_report
    from wlzmonitor.spec.year_check import check_year

    root = new_wave.repository(tmp_path)
    new_wave.new_year(root)
    new_wave.analyst_edits(root)
    base = load_config(root).chapters
    own = {stem: title for stem, title in base.items() if stem != "bijlage_5_reproductie"}
    own["05_inkoopbeleid_nps"] = "5 Wlz-inkoopbeleid en NPS"
    _with_year_chapters(root, own)
    config = load_config(root)
    assert check_year(YEAR, config).errors == []
    summary = build_report(YEAR, force=True, config=config, log=lambda _: None)
    assert summary.ok, summary.message
    out = summary.target
    assert not (out / "bijlage_5_reproductie.html").exists()
    assert sorted(p.stem for p in out.glob("*.html")) == sorted([*own, "index"])
    index = _shown(out / "index.html")
    assert "5 Wlz-inkoopbeleid en NPS" in index and base["bijlage_5_reproductie"] not in index
    page = _shown(out / "05_inkoopbeleid_nps.html")
    assert "5 Wlz-inkoopbeleid en NPS" in page and base["05_inkoopbeleid_nps"] not in page
    assert not any("bijlage_5_reproductie" in _shown(p) for p in out.glob("*.html"))  # no link to it either
    # 2026 keeps every chapter, with its own titles
    earlier = plan(2026, config=load_config(root), check=False)
    assert set(earlier.fingerprints) == set(base)


def test_the_next_wave_starts_from_the_last_wave_s_own_chapters(tmp_path):
    """new-year copies the source year's own chapters: a chapter dropped in 2027 stays dropped in 2028."""
    from wlzmonitor.spec.new_year import scaffold, write_scaffold

    root = new_wave.repository(tmp_path)
    new_wave.new_year(root)
    base = load_config(root).chapters
    own = {stem: title for stem, title in base.items() if stem != "bijlage_5_reproductie"}
    own["05_inkoopbeleid_nps"] = '5 Wlz-inkoopbeleid: "NPS" & geld'  # quotes and a colon survive the copy
    _with_year_chapters(root, own)
    write_scaffold(scaffold(YEAR + 1, load_config(root), source=YEAR), load_config(root))
    load_config.cache_clear()
    config = load_config(root)
    assert config.for_year(YEAR + 1).chapters == own and config.for_year(2026).chapters == base


def test_a_year_s_own_order_of_the_same_chapters_is_kept(root):
    """The same chapters in another order are the year's own list too (dicts compare equal whatever their
    order, so the report's order was printed: a wave that moved a chapter got the old order)."""
    base = load_config(root).chapters
    stems = list(base)
    stems[1], stems[2] = stems[2], stems[1]
    own = {stem: base[stem] for stem in stems}
    _with_year_chapters(root, own)
    config = load_config(root)
    assert list(config.for_year(YEAR).chapters) == stems
    assert list(config.for_year(2026).chapters) == list(base)


def test_a_finding_on_a_year_s_own_chapter_title_names_the_year_s_list(tmp_path):
    """Review h100: check-year's findings on a chapter title pointed to `chapters:` also for a title of the year's own
    list (`years: <year>: chapters:`), where the analyst had to edit it."""
    from wlzmonitor.spec.year_check import check_year

    root = new_wave.repository(tmp_path)
    path = root / "config" / "report.yml"
    base = load_config(root).chapters
    own = {**base, "01_tarieven": "1 Tarieven en reguliere inkoop 2026"}  # a typed year: stale next year
    entry = "".join(f"      {stem}: {title!r}\n" for stem, title in own.items())
    text = re.sub(r"(\n  2026:\n(?:    .*\n)*)", lambda m: m.group(1) + "    chapters:\n" + entry,
                  path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")
    load_config.cache_clear()
    found = [f.message for f in check_year(2026, load_config(root)).findings if "1 Tarieven en reguliere" in f.message]
    assert found and all("years: 2026: chapters 01_tarieven" in m for m in found), found


def test_a_table_of_a_dropped_chapter_links_to_no_page_and_check_year_names_the_year_s_list(tmp_path, result_2026):
    """Review h100: a wave's own chapters without a chapter whose tables its layout still lists: tables/index.csv
    linked them to the page that is not there, and check-year's warning named the report's chapters: list."""
    from wlzmonitor.present.table_files import write_tables
    from wlzmonitor.spec.year_check import check_year

    result = result_2026
    chapters = [stem for stem in load_config().chapters if stem != "01_tarieven"]
    index = write_tables(tmp_path / "out", result.layout, result.codebook, result.tables, result.tests,
                         chapters=chapters)
    dropped = index[[spec.chapter == "01_tarieven" for spec in result.layout.tables]]
    assert len(dropped) > 0 and set(dropped["page"]) == {""}
    assert all(page.startswith(tuple(chapters)) for page in index["page"] if page)
    everything = write_tables(tmp_path / "all", result.layout, result.codebook, result.tables, result.tests)
    assert "" not in set(everything["page"])

    root = new_wave.repository(tmp_path)
    base = load_config(root).chapters
    _with_year_chapters(root, {stem: title for stem, title in base.items() if stem != "01_tarieven"}, year=2026)
    found = check_year(2026, load_config(root))
    shown = [f.message for f in found.findings if f.kind == "not_shown"]
    assert len(shown) == 1 and "chapter '01_tarieven'" in shown[0] and "years: 2026: chapters" in shown[0], shown
