"""Review h122 of the codebook's ``exclusive: true`` (a multi question's option that excludes the others,
vraag 37's "Niet van toepassing") and of the PDF printer told that pages come soon (report_build's
likely prose edit, PdfPrinter.pages_soon)."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
import yaml

from test_exclusive_options import export_with
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import load_config

YEAR = 2026
KEY = "herschikking_knelpunten"


def _codebook_with(tmp_path: Path, exclusive: set[int]):
    """The 2026 codebook with these options of vraag 37 exclusive (and no other)."""
    data = yaml.safe_load(load_config().sources(YEAR).codebook.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    question = next(q for q in data["questions"] if q["key"] == KEY)
    for option in question["options"]:
        option.pop("exclusive", None)
        if option["code"] in exclusive:
            option["exclusive"] = True
    path = tmp_path / "codebook.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_codebook(path)


def _export_with(tmp_path: Path, codebook, ticks: list[dict[int, int]]):
    """The demo export with the n-th row asked vraag 37 given these ticks; its spreadsheet rows."""
    survey, rows = export_with(tmp_path, ticks, codebook)
    return survey, [row for row, _id in rows]


def _exclusive(survey) -> list:
    return [f for f in survey.log.findings if "excludes the others" in f.issue]


def test_two_exclusive_options_ticked_together_are_one_warning_per_row(tmp_path):
    """Two options that each exclude the others ("Niet van toepassing", "Weet niet"), ticked together: one
    contradiction, one warning on the row (was one per exclusive option: two lines, each naming the other)."""
    codebook = _codebook_with(tmp_path, {4, 5})
    survey, rows = _export_with(tmp_path, codebook, [{4: 1, 5: 1}, {1: 1, 4: 1, 5: 1}, {5: 1}, {4: 1}, {1: 1, 2: 1}])
    found = [(f.row, f.column, f.issue) for f in _exclusive(survey) if f.row in rows]  # (the demo's own rows tick 4)
    assert found == [
        (rows[0], f"{KEY}__4", "option 4 (Overproductie MPT) excludes the others, but option(s) 5 were ticked too"),
        (rows[1], f"{KEY}__4", "option 4 (Overproductie MPT) excludes the others, but option(s) 1, 5 were ticked too"),
    ]


def test_an_exclusive_option_that_is_the_only_one_ticked_with_none_is_not_warned(tmp_path):
    survey, _rows = _export_with(tmp_path, _codebook_with(tmp_path, {5}), [{5: 1}, {}])
    assert _exclusive(survey) == []


# -- check-year of a 2027 codebook --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).parent))
    import new_wave

    root = new_wave.repository(tmp_path_factory.mktemp("h122"))
    new_wave.new_year(root)
    path = root / "data" / "codebooks" / "2027.yml"
    return root, path, path.read_text(encoding="utf-8")


def _check_2027(scaffolded, edit) -> list[str]:
    from wlzmonitor.spec.year_check import check_year

    root, path, text = scaffolded
    path.write_text(edit(text), encoding="utf-8")
    load_config.cache_clear()
    try:
        result = check_year(2027, load_config(root))
    finally:
        load_config.cache_clear()
        path.write_text(text, encoding="utf-8")
    return [f"{f.level}: {f.message}" for f in result.findings if "exclusive" in f.message]


NVT = "{code: 5, label: Niet van toepassing, exclusive: true}"


def test_new_year_carries_the_flag_and_check_year_is_quiet_about_it(scaffolded):
    assert NVT in scaffolded[2]
    assert _check_2027(scaffolded, lambda text: text) == []


def test_check_year_warns_of_an_exclusive_flag_dropped_since_the_year_before(scaffolded):
    said = _check_2027(scaffolded, lambda text: text.replace(NVT, "{code: 5, label: Niet van toepassing}"))
    assert len(said) == 1 and said[0].startswith(
        "warning: option 5 ‘Niet van toepassing’ excluded the others in 2026 (option 5, exclusive: true) but not "
        "in 2027: a row that ticks it with another option is no longer warned of"), said


def test_check_year_warns_of_an_exclusive_flag_left_on_a_renumbered_code(scaffolded):
    """An option inserted before 'Niet van toepassing' by relabelling in place: the flag stayed on code 5."""
    said = _check_2027(scaffolded, lambda text: text.replace(NVT, "{code: 5, label: Overproductie PGB, exclusive: true}\n"
                                                                  "  - {code: 6, label: Niet van toepassing}"))
    assert any(s.startswith("warning: option 6 ‘Niet van toepassing’ excluded the others in 2026 (option 5, "
                            "exclusive: true) but not in 2027") for s in said), said
