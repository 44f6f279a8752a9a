"""config/report.yml read strictly: every mistake a person can make in it is one ConfigError that
names the file and the key, never a traceback and never a setting silently left at its default."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wlzmonitor.spec.config import ConfigError, load_config
from wlzmonitor.spec.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = yaml.safe_load((ROOT / "config" / "report.yml").read_text(encoding="utf-8"))


def _root(tmp_path: Path, text: str | bytes) -> Path:
    (tmp_path / "config").mkdir(parents=True, exist_ok=True)
    path = tmp_path / "config" / "report.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return tmp_path


def _with(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(yaml.safe_dump(SHIPPED))
    change(data)
    return _root(tmp_path, yaml.safe_dump(data, allow_unicode=True))


def _set(section: str, key, value):
    def change(data):
        data.setdefault(section, {})[key] = value
    return change


def test_the_shipped_configuration_loads():
    config = load_config(ROOT)
    assert config.alpha == 0.05 and config.small_base == 20 and 2026 in config.years


@pytest.mark.parametrize(("text", "message"), [
    ("", "the file is empty"),
    ("# only a comment\n", "the file is empty"),
    ("- 2026\n", "expected a mapping at the top level"),
    ("years: {2026: {export: a.csv}\n", "not valid YAML"),
    ("years:\x00\n", "not valid YAML"),
    (b"years: {2026: {}}\n\xff\xfe", "not UTF-8 text"),
])
def test_a_file_that_is_no_configuration(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message) as err:
        load_config(_root(tmp_path, text))
    assert str(tmp_path / "config" / "report.yml") in str(err.value)
    assert isinstance(err.value, InputError)  # run_all: one message, exit 2


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(x="a" * 100_000), r"unknown key\(s\) 'x"),
    (lambda d: d.update(chapter=list(d["chapters"])), r"unknown key\(s\) 'chapter'.*known: years"),
    (_set("significance", "alpah", 0.01), r"significance: unknown key\(s\) alpah"),
    (_set("presentation", "small_bse", 10), r"presentation: unknown key\(s\) small_bse"),
    (_set("weighting", "enable", True), r"weighting: unknown key\(s\) enable"),
    (lambda d: d.update(significance=[0.05]), "significance: expected a mapping"),
    (lambda d: d["years"].update({"twintig": {}}), "years: 'twintig' is not a survey year"),
    (lambda d: d["years"].update({26: {}}), "years: 26 is not a survey year"),
    (_set("significance", "alpha", "5%"), r"significance: alpha: expected a number from 0.0001 to 0.5, got '5%'"),
    (_set("significance", "alpha", 5), "significance: alpha: expected a number"),
    (_set("significance", "alpha", True), "significance: alpha: expected a number"),
    (_set("significance", "confidence", 95), "significance: confidence: expected a number from 0.5"),
    (_set("significance", "permutation_resamples", 2.5), "permutation_resamples: expected a whole number"),
    (_set("significance", "permutation_seed", -1), "permutation_seed: expected a whole number"),
    (_set("presentation", "small_base", "twintig"), "presentation: small_base: expected a whole number"),
    # found by review: tracebacks or silent nonsense before
    (_set("weighting", "margins", None), "weighting: margins: expected a list of the population file's variables"),
    (_set("weighting", "margins", 5), "weighting: margins: expected a list"),
    (_set("weighting", "margins", "omzetgroep"), "weighting: margins: expected a list"),
    (_set("files", "mapping", "data/mappings/{jaar}.yml"), r"files: mapping: .* is no pattern of the year"),
    (_set("files", "codeframe", "data/codeframes/{year.yml"), r"files: codeframe: .* is no pattern of the year"),
    (_set("files", "mapping", ["a", "b"]), r"files: mapping: expected a path \(text\)"),
    (_set("weighting", "max_iterations", 0), "weighting: max_iterations: expected a whole number"),
    (_set("chapters", "01_tarieven", ["a"]), "chapters: 01_tarieven: expected the page title"),
    (_set("chapters", "../../etc/passwd", "x"), "is not a notebook name"),
    (_set("chapters", "bijlage_1", "Bijlage 1"), "chapters: 'bijlage_1' is the start of 'bijlage_1_respons'"),
    (lambda d: d.update(privacy_file=""), "privacy_file: expected a file name"),
])
def test_every_wrong_setting_names_its_key(tmp_path, change, message):
    with pytest.raises(ConfigError, match=message):
        load_config(_with(tmp_path, change))


def test_a_right_setting_changes_the_configuration(tmp_path):
    assert load_config(_with(tmp_path, _set("significance", "alpha", 0.01))).alpha == 0.01


# -- config/population.yml ---------------------------------------------------------------------
POPULATION = yaml.safe_load((ROOT / "config" / "population.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(memebrs=3), r"unknown key\(s\) memebrs"),
    (lambda d: d.update(members="360"), "members: expected a positive whole number"),
    (lambda d: d["margins"]["omzetgroep"].update({1: -150}), "omzetgroep: group 1: expected a code or a label, and a whole number"),
    (lambda d: d["margins"]["omzetgroep"].update({1: True}), "omzetgroep: group 1: expected a code or a label, and a whole number"),
    (lambda d: d["margins"]["omzetgroep"].update({"  ": 0}), "omzetgroep: group '  ': expected a code or a label"),
    (lambda d: d["margins"]["omzetgroep"].update({1.5: 0}), "omzetgroep: group 1.5: expected a code or a label"),
    (lambda d: d.update(members=100), "adds up to 360, not to members"),
    (lambda d: d.update(margins=["omzetgroep"]), "margins: expected variable"),
])
def test_a_wrong_population_file_names_the_key(tmp_path, change, message):
    from wlzmonitor.spec.population import PopulationError, load_population

    data = yaml.safe_load(yaml.safe_dump(POPULATION))
    change(data)
    path = tmp_path / "population.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PopulationError, match=message) as err:
        load_population(path)
    assert isinstance(err.value, InputError) and str(path) in str(err.value)


def test_population_margins_by_label_resolve_to_the_year_s_codes(tmp_path):
    """A margin may name its groups by label (or short label, case and spacing aside): one file then serves
    years that number the groups differently. A label the year's variable lacks, or a group named twice, is
    an error naming the file and the group."""
    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.population import PopulationError, load_population

    data = yaml.safe_load(yaml.safe_dump(POPULATION))
    data["margins"]["omzetgroep"] = {"minder dan 40  miljoen euro": 150, 2: 115, "Meer dan 100 miljoen euro": 95}
    path = tmp_path / "population.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    resolved = load_population(path).for_codebook(codebook_for_year(2026))
    assert resolved.margins["omzetgroep"] == {1: 150, 2: 115, 3: 95}
    assert resolved.margins["uitvoerder"] == POPULATION["margins"]["uitvoerder"]
    data["margins"]["omzetgroep"] = {"Minder dan 40 miljoen euro": 150, 1: 115, 3: 95}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PopulationError, match=r"omzetgroep: group 1 \(‘Minder dan 40 miljoen euro’\) is named twice"):
        load_population(path).for_codebook(codebook_for_year(2026))
    data["margins"]["omzetgroep"] = {"Klein": 150, 2: 115, 3: 95}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PopulationError, match=f"{path}: margins: omzetgroep: ‘Klein’ is no group of omzetgroep in 2026"):
        load_population(path).for_codebook(codebook_for_year(2026))


def test_a_margin_label_only_another_year_has_stays_as_it_is(tmp_path):
    """One file serves every year: a group named by a label only another configured year's variable has
    (a sixth uitvoerder of 2027) is kept for 2026 as a code only another year has is; a label no year has
    stays an error."""
    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.population import PopulationError, label_key, load_population

    data = yaml.safe_load(yaml.safe_dump(POPULATION))
    data["margins"]["uitvoerder"] = {"Zilveren Kruis": 105, "CZ": 85, "Menzis": 60, "VGZ": 80, "Overig": 20,
                                     "Zorg & Zekerheid": 10}
    path = tmp_path / "population.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    population = load_population(path)
    resolved = population.for_codebook(codebook_for_year(2026), lambda v: {label_key("Zorg &  zekerheid")})
    assert resolved.margins["uitvoerder"] == {1: 105, 2: 85, 3: 60, 4: 80, 5: 20, "Zorg & Zekerheid": 10}
    with pytest.raises(PopulationError, match="‘Zorg & Zekerheid’ is no group of uitvoerder in 2026"):
        population.for_codebook(codebook_for_year(2026), lambda v: set())
