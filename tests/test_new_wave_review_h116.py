"""Review h116 of the 2027 wave: an earlier year's NPS group without a code in this year's codebook (Tabel 38),
the copied-wording check blind to a trailing '?', and a breakdown layout that leaves out a group the 2027
codebook newly has. Each test fails without its fix (its control case passes both ways)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from new_wave import YEAR
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)
from wlzmonitor.compute.report_tables import History, compute_table, empty_history
from wlzmonitor.compute.year_result import configured_codebooks, earlier_surveys, read_survey, year_history
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.layout import layout_for_year, load_layout, resolve_layout

OVERIG = "  - code: 5\n    label: Overig\n"


# -- 1. an earlier year's NPS group that this year's codebook lacks --------------------------------------
def _nps_spec():
    return next(t for t in layout_for_year(2026).tables if t.kind == "nps_by")


def test_a_published_group_this_year_lacks_keeps_its_printed_label(survey_2026):
    """The year's own report printed an NPS per group for an earlier year under a group (code 9, 'DSW') the
    codebook has no code for: _nps_by stopped on a bare KeyError: 9. As _add_history keeps a published row
    of a vanished option under its own label, the group's column keeps the label the report printed, before
    'Totaal'."""
    spec = _nps_spec()
    cells = pd.DataFrame([{"table_key": spec.key, "table": spec.number, "row": "NPS 2024", "column": "DSW",
                           "value": 12.0, "row_code": "NPS 2024", "column_code": 9}])
    table = compute_table(spec, survey_2026, History(cells, {}))
    row = table[table["row"] == "NPS 2024"]
    assert row[["column", "value"]].astype(str).values.tolist() == [["DSW", "12.0"]]
    assert list(table["column"].cat.categories)[-2:] == ["DSW", "Totaal"]


def test_a_carried_group_without_a_counterpart_is_left_out(survey_2026):
    """Another report's NPS per group, not translated into this year's codes (no code map): a group code the
    codebook lacks stopped the run on a KeyError; it is left out, as carried_figures leaves out an option
    without a counterpart (it has no label to print), never put in another group's column."""
    spec = _nps_spec()
    carried = pd.DataFrame([
        {"table_key": spec.key, "row_code": "NPS 2024", "column_code": code, "value": value, "n": float("nan"),
         "source_year": 2026} for code, value in ((9, 12.0), (1, -3.0), ("Totaal", 5.0))])
    table = compute_table(spec, survey_2026, empty_history({}).with_carried(carried))
    row = table[table["row"] == "NPS 2024"]
    assert dict(zip(row["column_code"], row["value"])) == {1: -3.0, "Totaal": 5.0}


def _relabel_overig(root, was: str | None) -> None:
    """2027: uitvoerder 'Overig' renamed 'Overige uitvoerders' (the same regions), with or without ``was``."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(OVERIG) == 1
    path.write_text(text.replace(OVERIG, "  - code: 5\n    label: Overige uitvoerders\n"
                                 + (f"    was: {was}\n" if was else "")), encoding="utf-8")


def _tabel_38(root) -> pd.DataFrame:
    load_config.cache_clear()
    config = load_config(root)
    sources = config.year(YEAR)
    codebook = load_codebook(sources.codebook)
    layout = resolve_layout(load_layout(sources.layout), codebook)
    earlier = earlier_surveys(YEAR, layout, config)
    history = year_history(YEAR, layout, sources, earlier, configured_codebooks(YEAR, codebook, config), config)
    spec = next(t for t in layout.tables if t.kind == "nps_by")
    return compute_table(spec, read_survey(sources, codebook, config), history)


def _group_findings(found) -> list[tuple[str, str]]:
    return [(f.level, f.text()) for f in found.findings if "of 'uitvoerder'" in f.text() and "counterpart" in f.text()]


@pytest.mark.parametrize("was, level", [(None, "warning"), ("{2026: null}", "note"), ("{2026: 5}", None)])
def test_a_renamed_uitvoerder_group_is_named_or_keeps_its_series(wave, tmp_path, monkeypatch, was, level):
    """'Overig' renamed in 2027 without ``was``: Tabel 38 silently printed no 2025/2026 NPS under it and
    check-year said nothing; with ``was: {2026: 5}`` (as an option's) the run stopped on an AttributeError
    (_DerivedOptions had no ``option``). Now: a warning naming the group, the years and the was to write;
    ``was: {2026: null}`` (new on purpose) a note; ``was: {2026: 5}`` keeps the series, nothing to say."""
    root = _copy(wave, tmp_path)
    _relabel_overig(root, was)
    found = _group_findings(_check(root, monkeypatch))
    overig = _tabel_38(root)
    overig = overig[overig["column_code"] == 5].set_index("row")["value"]
    if level is None:
        assert found == []
        assert overig[["NPS 2025", "NPS 2026"]].notna().all()
        return
    assert [lv for lv, _ in found] == [level], found
    assert "Tabel 38 (nps__uitvoerder)): group ‘Overig’ of 'uitvoerder' (2025 en 2026) has no 2027 counterpart: " \
           "its NPS of 2025 en 2026 is not shown under a 2027 group" in found[0][1]
    if level == "warning":
        assert "add was: {2026: 5}" in found[0][1]
    assert overig.reindex(["NPS 2025", "NPS 2026"]).isna().all()


def test_a_group_split_off_is_a_note_not_a_warning(wave, tmp_path, monkeypatch):
    """Control (docs/survey_years.md, a new uitvoerder): DSW split off and 'Overig' relabelled: the earlier
    'Overig' held other organisations, its NPS is rightly not shown; a note, not a warning (the analyst's
    2027 stays clean)."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    19: 5\n", "    19: 6\n").replace(
        OVERIG, "  - code: 5\n    label: Overig (zonder DSW)\n  - code: 6\n    label: DSW\n"), encoding="utf-8")
    found = _group_findings(_check(root, monkeypatch))
    assert [lv for lv, _ in found] == ["note"] and "no 2027 group holds the same 'hoofdzorgkantoor'" in found[0][1]


# -- 2. a copied wording that differs by a trailing '?' or the like ----------------------------------------
TEVREDEN = "tariefpercentage voor 2027 te komen?"


def _split(root, second_end: str) -> None:
    """Vraag 13 split in 13a (the key kept) and 13b (a new key, its block copied from 13a's), the end of 13b's
    wording ('... te komen?') replaced by ``second_end``."""
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("- key: tevredenheid_tarief\n"), text.index("- key: hardheidsclausule\n")
    block = text[start:end]
    assert block.count(TEVREDEN) == 1
    first = block.replace("number: '13'", "number: 13a").replace(
        TEVREDEN, "tariefpercentage voor intramurale zorg voor 2027 te komen?")
    second = block.replace("key: tevredenheid_tarief", "key: tevredenheid_tarief_thuis").replace(
        "number: '13'", "number: 13b").replace(TEVREDEN, "tariefpercentage voor " + second_end)
    path.write_text(text[:start] + first + second + text[end:], encoding="utf-8")


@pytest.mark.parametrize("second_end, warned", [
    ("intramurale zorg voor 2027 te komen", True),     # the '?' dropped
    ("intramurale zorg voor 2027 te komen ?", True),   # a space before it
    ("Intramurale Zorg voor 2027 te komen?  ", True),  # case and trailing white space
    ("intramurale zorg voor 2027 te komen.", True),    # a full stop for the question mark
    ("zorg thuis (VPT/MPT) voor 2027 te komen", False),  # control: really another question
    ("zorg thuis (VPT/MPT) voor 2027 te komen?", False),
])
def test_a_copied_wording_differing_by_trailing_punctuation_is_still_warned(wave, tmp_path, monkeypatch,
                                                                            second_end, warned):
    """h113's check compared the wordings with case, white space and a trailing ':' or '.' ignored, but not a
    trailing '?': 13b copied from 13a with its '?' dropped was not warned, and Bijlage 4 printed the same
    question twice. The comparison (option_match.same_text, which every wording check uses) ignores them."""
    root = _copy(wave, tmp_path)
    _split(root, second_end)
    texts = [f.text() for f in _check(root, monkeypatch).findings if f.level == "warning"
             and "tevredenheid_tarief_thuis)" in f.text() and "worded word for word as 'tevredenheid_tarief'" in f.text()]
    assert len(texts) == (1 if warned else 0), texts


# -- 3. a breakdown layout that does not list a group the 2027 codebook newly has -------------------------
def test_a_group_the_breakdown_layouts_leave_out_is_printed_counted_and_named(wave, tmp_path, monkeypatch):
    """DSW split off 'Overig' in the 2027 codebook, the layout's breakdown columns left as [1..5, Totaal]. On
    inspection its respondents did not fall out: every breakdown (Bijlage 3, Tabel 38) computes the
    codebook's groups and prints the new one before 'Totaal' (the groups' n add up to the total's) — pinned
    here. What was missing: check-year said nothing about the layout; now a note per group names the layout
    file and the tables."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    19: 5\n", "    19: 6\n").replace(
        OVERIG, "  - code: 5\n    label: Overig (zonder DSW)\n  - code: 6\n    label: DSW\n"), encoding="utf-8")
    notes = [f.text() for f in _check(root, monkeypatch).findings if "is not in the columns" in f.text()]
    assert len(notes) == 1, notes
    assert notes[0].startswith("note: [codes] data/reports/2027/tables.yml: group 6 ‘DSW’ of 'uitvoerder' (new in "
                               "2027) is not in the columns of 15 table(s): Tabel 38 (nps__uitvoerder), Tabel B22 ")
    assert "add 6 to their columns" in notes[0]
    config = load_config(root)
    sources = config.year(YEAR)
    codebook = load_codebook(sources.codebook)
    layout = resolve_layout(load_layout(sources.layout), codebook)
    survey = read_survey(sources, codebook, config)
    dsw = int((survey.responses["uitvoerder"] == 6).sum())
    assert dsw > 0
    for spec in [t for t in layout.tables if t.by == "uitvoerder" and t.kind == "single"]:
        assert 6 not in spec.columns
        table = compute_table(spec, survey, None)
        columns = list(table["column"].cat.categories)
        assert columns[-2:] == ["DSW", "Totaal"], (spec.key, columns)
        n = table.drop_duplicates("column_code").set_index("column_code")["n"]
        assert n.drop("Totaal").sum() == n["Totaal"], (spec.key, n)


def test_a_layout_listing_every_group_is_not_noted(wave, tmp_path, monkeypatch):
    """Control: the analyst's 2027 (no new group) has no such note."""
    root = _copy(wave, tmp_path)
    assert [f.text() for f in _check(root, monkeypatch).findings if "is not in the columns" in f.text()] == []
