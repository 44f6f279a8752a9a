"""Changes between waves that must not pass silently (found in review): a matrix's answer options
renumbered under a share table, ... Each on a copy of the analyst's made-up 2027 (tests/new_wave.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import new_wave
from new_wave import YEAR
from wlzmonitor.compute.year_result import load_year_result
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.year_check import check_year


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    root = new_wave.repository(tmp_path_factory.mktemp("wave"))
    new_wave.new_year(root)
    new_wave.analyst_edits(root)
    load_config.cache_clear()
    return root


def _config(root: Path):
    load_config.cache_clear()
    return load_config(root)


def _copy(wave: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(wave, root)
    return root


def _edit_question(root: Path, key: str, edit) -> None:
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    edit(next(q for q in doc["questions"] if q["key"] == key), doc)
    new_wave._write(path, header, doc)


def _edit_table(root: Path, key: str, edit) -> None:
    path = root / "data" / "reports" / str(YEAR) / "tables.yml"
    header, doc = new_wave._yaml(path)
    edit(next(t for t in doc["tables"] if t["key"] == key))
    new_wave._write(path, header, doc)


def _edit_export(root: Path, edit) -> None:
    path = root / "data" / "raw" / str(YEAR) / "respondenten.csv"
    data = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(data)
    data.to_csv(path, index=False, lineterminator="\n")


def _find(result, level: str, kind: str, *words: str) -> list[str]:
    return [f.text() for f in result.findings if f.level == level and f.kind == kind
            and all(w in f.text() for w in words)]


# -- a share table over renumbered answer options ----------------------------------------------------
def _swap_ja_nee(root: Path) -> None:
    """geldstromen_gebruik asks 'Nee' (1) before 'Ja' (2) in 2027; the export and routing follow."""
    def swapped(condition):
        if isinstance(condition, dict):
            if condition.get("question") == "geldstromen_gebruik":
                for op in ("in", "not_in"):
                    if op in condition:
                        condition[op] = [{1: 2, 2: 1}[c] for c in condition[op]]
            for value in condition.values():
                swapped(value)
        elif isinstance(condition, list):
            for value in condition:
                swapped(value)

    def options(question, doc):
        question["options"] = [{"code": 1, "label": "Nee"}, {"code": 2, "label": "Ja"}]
        for other in doc["questions"]:  # the routing on it follows
            for field in ("asked_if", "item_asked_if"):
                swapped(other.get(field))

    _edit_question(root, "geldstromen_gebruik", options)

    def recode(data):
        for column in [c for c in data.columns if c.startswith("geldstromen_gebruik__")]:
            data[column] = data[column].map({"1": "2", "2": "1"}).fillna(data[column])

    _edit_export(root, recode)


@pytest.mark.slow  # copies the made-up wave and computes its result
def test_a_share_table_shows_the_same_answers_in_every_year_after_a_renumbering(wave, tmp_path):
    root = _copy(wave, tmp_path)
    _swap_ja_nee(root)
    _edit_table(root, "geldstromen_gebruik", lambda t: t.update(share_of=[2]))
    found = check_year(YEAR, _config(root))
    assert not found.errors, found.text()
    result = load_year_result(YEAR, _config(root))
    table = result.tables["geldstromen_gebruik"]
    before = result.history.surveys[2026].responses
    for column in (2026, 2027):
        data = before if column == 2026 else result.survey.responses
        ja = 1 if column == 2026 else 2
        answered = data["geldstromen_gebruik__vpt_mpt"].dropna()
        value = table[(table["row_code"] == "vpt_mpt") & (table["column_code"] == column)]["value"].iloc[0]
        assert value == pytest.approx(100 * (answered == ja).sum() / len(answered))
    assert value > 50  # 'Ja' to VPT/MPT: most organisations, in both years


@pytest.mark.slow  # copies the made-up wave
def test_a_share_of_copied_without_the_renumbering_is_an_error(wave, tmp_path):
    root = _copy(wave, tmp_path)
    _swap_ja_nee(root)  # the layout keeps share_of: [1], now 'Nee'
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "codes", "(geldstromen_gebruik)", "share_of [1], but 2026 printed the share of [1]",
                 "which is [2] (2 ‘Ja’) in 2027", "Use share_of: [2]"), found.text()


@pytest.mark.slow  # copies the made-up wave
@pytest.mark.parametrize(("share_of", "words"), [
    ([3], "share_of [3]: 3 no option of 'geldstromen_gebruik' in 2027 (it has 1, 2)"),
    ([], "share_of []: the table needs the options whose share it shows"),
])
def test_a_share_of_that_is_no_option_is_an_error(wave, tmp_path, share_of, words):
    root = _copy(wave, tmp_path)
    _edit_table(root, "geldstromen_gebruik", lambda t: t.update(share_of=share_of))
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "codes", "(geldstromen_gebruik)", words), found.text()


# -- routing, year columns, a table moved, the population's groups -----------------------------------
def _routing(asked_if):
    def edit(question, doc):
        question["asked_if"] = asked_if
    return edit


@pytest.mark.slow  # copies the made-up wave
def test_a_routing_change_is_an_error_until_declared(wave, tmp_path):
    root = _copy(wave, tmp_path)
    _edit_question(root, "transitie_tevredenheid", _routing({"question": "transitie_afspraken", "in": [1, 2]}))
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "changes", "transitie_tevredenheid", "asked_if differs from 2026's "
                 "(transitie_afspraken not in [4 ‘Niet van toepassing’] in 2026, transitie_afspraken in "
                 "[1 ‘In grote mate’, 2 ‘In beperkte mate’] in 2027)", "gewijzigde routering"), found.text()

    def declared(question, doc):
        question["asked_if"] = {"question": "transitie_afspraken", "in": [1, 2]}
        question["changes"] = {**question.get("changes", {}), 2026: "gewijzigde routering"}

    again = _copy(wave, tmp_path / "declared")
    _edit_question(again, "transitie_tevredenheid", declared)
    assert not _find(check_year(YEAR, _config(again)), "error", "changes", "transitie_tevredenheid")


@pytest.mark.slow  # copies the made-up wave
def test_the_same_routing_written_otherwise_is_no_change(wave, tmp_path):
    root = _copy(wave, tmp_path)  # not_in [4] of options 1-5 is in [1, 2, 3, 5]
    _edit_question(root, "transitie_tevredenheid", _routing({"question": "transitie_afspraken", "in": [5, 3, 2, 1]}))
    found = check_year(YEAR, _config(root))
    assert not _find(found, "error", "changes", "transitie_tevredenheid"), found.text()


@pytest.mark.slow  # copies the made-up wave
@pytest.mark.parametrize(("columns", "words"), [
    ([2026, 2025, 2027], "columns [2026, 2025, 2027] are not the survey years in ascending order"),
    ([2025, "2026", 2027], "columns '2026' are no survey years"),
    ([2025, 2026, 2028], "column 2028 is after 2027"),
    ([2025, 2026, 2026, 2027], "each once"),
])
def test_trend_columns_are_years_in_order(wave, tmp_path, columns, words):
    root = _copy(wave, tmp_path)
    _edit_table(root, "maatwerk", lambda t: t.update(columns=columns))
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "codes", "(maatwerk)", words), found.text()


@pytest.mark.slow  # copies the made-up wave
def test_a_table_shown_in_another_chapter_than_the_layout_s_is_an_error(wave, tmp_path):
    root = _copy(wave, tmp_path)
    _edit_table(root, "hardheidsclausule", lambda t: t.update(chapter="05_inkoopbeleid_nps"))
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "prose", "notebooks/01_tarieven.py", 'chapter.table("hardheidsclausule")',
                 "the layout puts", "in chapter '05_inkoopbeleid_nps'"), found.text()


@pytest.mark.slow  # copies the made-up wave
def test_the_population_s_groups_are_the_year_s(wave, tmp_path):
    """A derived group added in 2027 (uitvoerder 6) that the population file lacks stopped the run with
    a traceback (WeightingError): check-year names it, and the run's error is an InputError."""
    from wlzmonitor.compute.weighting import WeightingError
    from wlzmonitor.spec.errors import InputError

    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    derived = next(d for d in doc["derived"] if d["key"] == "uitvoerder")
    derived["options"] = [*derived["options"], {"code": 6, "label": "DSW"}]
    new_wave._write(path, header, doc)
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "population", "margins: uitvoerder has groups 1, 2, 3, 4, 5, but uitvoerder in "
                 "2027 has 1, 2, 3, 4, 5, 6: add the members of group 6"), found.text()
    assert issubclass(WeightingError, InputError)



@pytest.mark.slow  # copies the made-up wave
@pytest.mark.parametrize("asked_if", [
    {"any": [{"question": "zorgtype", "in": [1]}, {"question": "zorgtype", "in": [2]}]},
    {"all": [{"question": "zorgtype", "in": [1, 2]}]},
])
def test_the_same_routing_as_any_or_all_is_no_change(wave, tmp_path, asked_if):
    root = _copy(wave, tmp_path)
    _edit_question(root, "herschikking_intramuraal", _routing(asked_if))
    found = check_year(YEAR, _config(root))
    assert not _find(found, "error", "changes", "herschikking_intramuraal"), found.text()


@pytest.mark.slow  # copies the made-up wave
@pytest.mark.parametrize(("codes", "changed"), [([1, 2], True), ([4, 5], False)])
def test_routing_on_a_scale_is_compared_too(wave, tmp_path, codes, changed):
    """A scale has no options to match between the years: its values are compared as they are (the
    comparison was skipped as 'not comparable')."""
    root = _copy(wave, tmp_path)
    path = root / "data" / "codebooks" / "2026.yml"
    header, doc = new_wave._yaml(path)
    next(q for q in doc["questions"] if q["key"] == "hlo_themas")["asked_if"] = {
        "question": "geldstromen_belasting", "item": "hlo_opslag", "in": [4, 5]}
    new_wave._write(path, header, doc)
    _edit_question(root, "hlo_themas", _routing({"question": "geldstromen_belasting", "item": "hlo_opslag",
                                                  "in": codes}))
    found = check_year(YEAR, _config(root))
    assert bool(_find(found, "error", "changes", "hlo_themas", "asked_if differs from 2026's")) == changed, \
        found.text()


@pytest.mark.slow  # copies the made-up wave
def test_a_later_year_s_group_in_the_population_file_is_no_error_for_an_earlier_year(wave, tmp_path):
    """The population file serves every year: the sixth uitvoerder added for 2027 has members and
    no respondents in 2026, which is no error there."""
    root = _copy(wave, tmp_path)
    population = root / "config" / "population.yml"
    text = population.read_text(encoding="utf-8")
    population.write_text(text.replace("    5: 30 ", "    5: 20 ").replace("  uitvoerder:\n", "  uitvoerder:\n    6: 10\n"),
                          encoding="utf-8")
    assert "6: 10" in population.read_text(encoding="utf-8")
    found = check_year(2026, _config(root))
    assert not _find(found, "error", "population"), found.text()


@pytest.mark.slow  # copies the made-up wave
def test_a_kerncijfers_card_on_a_renumbered_option_is_named(wave, tmp_path):
    """The cards were never checked: 'Ja' moved from 1 to 3, the card {tevredenheid_tarief:1} printed
    the 'Nee' share under "is tevreden" (review). check-year names the card like any placeholder."""
    root = _copy(wave, tmp_path)

    def reversed_options(question, doc):
        question["options"] = [{"code": 1, "label": "Nee, want"}, {"code": 2, "label": "Ten dele, want"},
                               {"code": 3, "label": "Ja"}]
        question["text_field"] = {"options": [1, 2]}

    _edit_question(root, "tevredenheid_tarief", reversed_options)
    found = check_year(YEAR, _config(root))
    cards = [f.text() for f in found.findings
             if "00_kerncijfers.py" in f.where and "{tevredenheid_tarief:1}" in f.message]
    assert cards and all(f.startswith(("WARNING", "ERROR")) for f in cards), found.text()


@pytest.mark.slow  # copies the made-up wave
def test_a_new_option_on_a_dropped_option_s_code_gets_no_earlier_figure(wave, tmp_path):
    """Review: 'Weet niet' (3) dropped in 2027 and 'Nog niet besloten' given code 3 with
    `was: {2026: null}` (as the docs say) showed 2025's and 2026's 'Weet niet' shares in its row."""
    root = _copy(wave, tmp_path)

    def edit(question, doc):
        question["options"][2] = {"code": 3, "label": "Nog niet besloten", "was": {2026: None}}
        question["changes"] = {2026: "gewijzigde antwoordcategorieën"}

    _edit_question(root, "pgb", edit)
    result = load_year_result(YEAR, _config(root))
    table = result.tables["pgb"]
    new = table[table["row_code"] == 3]
    assert new["column_code"].tolist() == [YEAR] and new["value"].notna().all()
    nee = table[table["row_code"] == 2].set_index("column_code")["value"]
    earlier = result.history.surveys[2026].responses["pgb"].dropna()
    assert nee[2026] == pytest.approx(100 * (earlier == 2).sum() / len(earlier))  # kept options keep theirs


@pytest.mark.slow  # copies the made-up wave
def test_a_table_s_year_columns_follow_the_layout_whichever_row_has_them(wave, tmp_path):
    """Review: a matrix item new in 2027 as the first row printed the columns 2027, 2025, 2026."""
    root = _copy(wave, tmp_path)
    spec = load_year_result(YEAR, _config(root)).layout.table("geldstromen_gebruik")
    first = spec.rows[0]

    def rename(question, doc):
        for item in question["items"]:
            if item["code"] == first:
                item["code"] = f"{first}_nieuw"

    for key in ("geldstromen_gebruik", "geldstromen_belasting"):  # the second asks the first's items
        _edit_question(root, key, rename)
        _edit_table(root, key, lambda t: t.update(rows=[f"{first}_nieuw" if r == first else r for r in t["rows"]]))
        _edit_export(root, lambda d: d.rename(columns={f"{key}__{first}": f"{key}__{first}_nieuw"}, inplace=True))
    from wlzmonitor.present.figures_text import column_order
    from wlzmonitor.present.table_html import wide_table

    found = check_year(YEAR, _config(root))
    assert _find(found, "warning", "codes", " geldstromen_gebruik)", f"2026 item {first} ", f"is item {first}_nieuw in "
                 "2027 (same label, another code): its 2026 figures are not shown"), found.text()

    result = load_year_result(YEAR, _config(root))
    table = result.tables["geldstromen_gebruik"]
    years = [c for c in spec.columns if c in set(table["column_code"])]
    assert table[table["row_code"] == f"{first}_nieuw"]["column_code"].tolist() == [YEAR]  # printed first
    assert list(table["column"].cat.categories) == [str(c) for c in years]
    assert column_order(spec, table) == years
    assert [c.split(" ")[0] for c in wide_table(spec, table, result.codebook, small_base=20).columns] == \
        [str(c) for c in years]


@pytest.mark.slow  # copies the made-up wave
def test_a_table_moved_to_another_chapter_in_place_is_warned(wave, tmp_path):
    """Review: `chapter: 02_capaciteit` given to a 01_tarieven table without moving its entry printed
    Tabel 16, 17, 18, 19, 7, 20 on the capacity page; check-year said nothing."""
    root = _copy(wave, tmp_path)
    _edit_table(root, "hardheidsclausule", lambda t: t.update(chapter="02_capaciteit"))
    found = check_year(YEAR, _config(root))
    warned = _find(found, "warning", "numbers", "hardheidsclausule", "is shown in 02_capaciteit but listed in the "
                   "layout among 01_tarieven's tables")
    assert len(warned) == 1, found.text()
    assert not _find(check_year(YEAR, _config(_copy(wave, tmp_path / "b"))), "warning", "numbers")


# -- a review of the 2027 wave: figures published wrong with check-year clean ------------------------
@pytest.mark.slow  # copies the made-up wave
def test_a_trend_table_without_the_year_of_the_report_is_an_error(wave, tmp_path):
    """columns [2025, 2026] in 2027's layout printed 2026's 22% as "In 2027 heeft 22% …", on the
    Samenvatting and the Kerncijfers card too, and dropped the year-on-year test."""
    root = _copy(wave, tmp_path)
    _edit_table(root, "maatwerk", lambda t: t.update(columns=[2025, 2026]))
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "codes", "(maatwerk)", "columns [2025, 2026] lack 2027, the year of this report",
                 "would be 2026's"), found.text()


def _reverse_omzet(question, doc):
    """omzet's options in the other order (code 1 is now the largest turnover)."""
    options = question["options"]
    labels = [o["label"] for o in options]
    for option, label in zip(options, reversed(labels)):
        option["label"] = label
        option.pop("short_label", None)


@pytest.mark.slow  # copies the made-up wave
def test_a_derived_map_left_as_it_was_after_its_source_was_renumbered_is_an_error(wave, tmp_path):
    """omzet's options reversed, the export recoded, omzetgroep's map left as it was: 97 organisations
    were published in the smallest turnover group (the check compared the map's keys alone)."""
    root = _copy(wave, tmp_path)
    _edit_question(root, "omzet", _reverse_omzet)
    found = check_year(YEAR, _config(root))
    errors = _find(found, "error", "codes", "(derived omzetgroep)", "map {1: 1, 2: 1, 3: 2, 4: 3}",
                   "its options were renumbered", "2026 option 1 is 4, 2 is 3, 3 is 2, 4 is 1 in 2027",
                   "is {1: 3, 2: 2, 3: 1, 4: 1} in 2027; write that map")
    assert errors, found.text()
    # the map written anew: no finding on it
    fixed = _copy(wave, tmp_path / "fixed")
    _edit_question(fixed, "omzet", _reverse_omzet)
    path = fixed / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    next(d for d in doc["derived"] if d["key"] == "omzetgroep")["map"] = {1: 3, 2: 2, 3: 1, 4: 1}
    new_wave._write(path, header, doc)
    assert not _find(check_year(YEAR, _config(fixed)), "error", "codes", "derived omzetgroep")


@pytest.mark.slow  # copies the made-up wave
def test_a_reworded_option_with_its_old_short_label_needs_a_was(wave, tmp_path):
    """Option 2 of productieafspraken_nza reworded, its short label kept: it was compared with 2026's
    option 2 as if nothing changed (no was, no changes, no mark)."""
    root = _copy(wave, tmp_path)
    reworded = "Via een eenzijdig verzoek door het zorgkantoor (zonder overleg met de zorgaanbieder) bij de NZa"

    def reword(question, doc):
        option = next(o for o in question["options"] if o["code"] == 2)
        option["label"] = reworded
        option["short_label"] = "Via een eenzijdig verzoek bij de NZa"

    _edit_question(root, "productieafspraken_nza", reword)
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "codes", "productieafspraken_nza", f"option 2 is ‘{reworded}’ in 2027",
                 "only their short label ‘Via een eenzijdig verzoek bij de NZa’ is the same",
                 "add was: {2026: 2}"), found.text()

    def confirmed(question, doc):
        reword(question, doc)
        next(o for o in question["options"] if o["code"] == 2)["was"] = {2026: 2}

    declared = _copy(wave, tmp_path / "declared")
    _edit_question(declared, "productieafspraken_nza", confirmed)
    assert not _find(check_year(YEAR, _config(declared)), "error", "codes", "productieafspraken_nza")


@pytest.mark.slow  # copies the made-up wave
def test_changes_naming_a_year_after_the_report_is_an_error(wave, tmp_path):
    root = _copy(wave, tmp_path)
    _edit_question(root, "maatwerk", lambda q, doc: q.update(changes={2028: "gewijzigde vraagstelling"}))
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "changes", "maatwerk", "changes names 2028, after 2027 and no configured survey year",
                 "a typo for 2026?"), found.text()


@pytest.mark.slow  # copies the made-up wave
def test_a_was_naming_an_option_another_one_still_has_is_an_error(wave, tmp_path):
    """"Nee, want" said was: {2026: 2} (a copy-paste slip: 2026's 2 was "Ten dele, want", still option 2 in
    2027): 2026's "Ten dele" figures were printed as "Nee" with notes only."""
    root = _copy(wave, tmp_path)

    def slip(question, doc):
        option = next(o for o in question["options"] if o["label"].startswith("Nee"))
        option["was"] = {2026: 2}
        question["changes"] = {2026: "gewijzigde antwoordcategorieën"}

    _edit_question(root, "maatwerk_gehonoreerd", slip)
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "codes", "maatwerk_gehonoreerd", "says was: {2026: 2}, but 2026's option 2 was "
                 "‘Ten dele, want", "which is option 2 now: a slip?"), found.text()


@pytest.mark.slow  # copies the made-up wave
def test_routing_written_alike_but_meaning_other_answers_says_why(wave, tmp_path):
    """A slipped was on transitie_afspraken's option 4 made the routing on it differ, and the error
    showed two equal conditions ("… not in [4 ‘Niet van toepassing’] in 2026, … in 2027")."""
    root = _copy(wave, tmp_path)
    _edit_question(root, "transitie_afspraken",
                   lambda q, doc: next(o for o in q["options"] if o["code"] == 4).update(was={2026: 3}))
    found = check_year(YEAR, _config(root))
    assert _find(found, "error", "changes", "asked_if differs from 2026's", "written alike, but the options it names "
                 "were matched otherwise", "check the `was` of those options first"), found.text()


@pytest.mark.slow  # copies the made-up wave
def test_a_derived_map_after_its_groups_were_renumbered_too_is_checked_in_their_new_codes(wave, tmp_path):
    """omzet and omzetgroep both reversed and the right map written: no error (the check translated the
    options but not the groups, and proposed a map that put the largest organisations in the smallest group)."""
    def reverse_groups(root, new_map):
        path = root / "data" / "codebooks" / f"{YEAR}.yml"
        header, doc = new_wave._yaml(path)
        derived = next(d for d in doc["derived"] if d["key"] == "omzetgroep")
        labels = [o["label"] for o in derived["options"]]
        for option, label in zip(derived["options"], reversed(labels)):
            option["label"] = label
        derived["map"] = new_map
        new_wave._write(path, header, doc)

    right = _copy(wave, tmp_path / "right")
    _edit_question(right, "omzet", _reverse_omzet)
    reverse_groups(right, {1: 1, 2: 2, 3: 3, 4: 3})
    assert not _find(check_year(YEAR, _config(right)), "error", "codes", "derived omzetgroep")
    wrong = _copy(wave, tmp_path / "wrong")
    _edit_question(wrong, "omzet", _reverse_omzet)
    reverse_groups(wrong, {1: 3, 2: 2, 3: 1, 4: 1})  # the options' translation alone
    assert _find(check_year(YEAR, _config(wrong)), "error", "codes", "derived omzetgroep", "its groups were renumbered",
                 "is {1: 1, 2: 2, 3: 3, 4: 3} in 2027")


# -- renumbered groups of a breakdown (review of the 2027 wave) ------------------------------------
def _uitvoerder_renumbered(tmp_path):
    """The 2026 codebook as a 2027 one whose uitvoerder groups 1 and 2 swapped codes (labels kept)."""
    import yaml as _yaml

    from wlzmonitor.spec.codebook_parse import load_codebook
    from wlzmonitor.spec.paths import repo_root

    raw = _yaml.safe_load((repo_root() / "data" / "codebooks" / "2026.yml").read_text(encoding="utf-8"))
    raw["year"] = 2027
    d = next(d for d in raw["derived"] if d["key"] == "uitvoerder")
    swap = {1: 2, 2: 1}
    d["map"] = {k: swap.get(v, v) for k, v in d["map"].items()}
    d["options"] = sorted(({**o, "code": swap.get(o["code"], o["code"])} for o in d["options"]),
                          key=lambda o: o["code"])
    path = tmp_path / "2027.yml"
    path.write_text(_yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_codebook(path)


def test_a_derived_variable_s_renumbered_groups_are_matched_by_label(tmp_path):
    """Review: 2027 gave the uitvoerders other codes; the option matching read questions only, so the
    2026 NPS of Zilveren Kruis (code 1) was printed under 2027's code 1 (CZ). Derived variables are matched
    by label as answer lists are."""
    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.option_match import CodeMaps

    now = _uitvoerder_renumbered(tmp_path)
    maps = CodeMaps({2026: codebook_for_year(2026), 2027: now})
    assert maps.mapping("uitvoerder", 2026, 2027) == {1: 2, 2: 1, 3: 3, 4: 4, 5: 5}
    assert maps.all_mappings(2026, 2027)["uitvoerder"] == {1: 2, 2: 1, 3: 3, 4: 4, 5: 5}
    assert maps.all_mappings(2026, 2027)["omzetgroep"] == {1: 1, 2: 2, 3: 3}


def test_an_earlier_year_s_nps_per_group_goes_to_the_group_s_column_now(survey_2026):
    """The NPS per uitvoerder of an earlier year's own data lands in the column of the same uitvoerder in
    this year's codes (History.code_maps), not in the column that has its old code."""
    from wlzmonitor.compute.report_tables import compute_table, empty_history
    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.layout import layout_for_year
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.demo.generator import demo_export_path as raw_export

    spec = next(t for t in layout_for_year(2026).tables if t.kind == "nps_by")
    earlier = load_survey(raw_export(2025), codebook_for_year(2025))
    plain = compute_table(spec, survey_2026, empty_history({2025: earlier}))
    swapped = compute_table(spec, survey_2026, empty_history({2025: earlier}).with_code_maps(
        {2025: {"uitvoerder": {1: 2, 2: 1, 3: 3, 4: 4, 5: 5}}}))

    def cell(table, row, column):
        return table[(table["row_code"] == row) & (table["column_code"] == column)]["value"].tolist()
    assert cell(swapped, "NPS 2025", 2) == cell(plain, "NPS 2025", 1) != []
    assert cell(swapped, "NPS 2025", 1) == cell(plain, "NPS 2025", 2) != []
    assert cell(swapped, "NPS 2025", "Totaal") == cell(plain, "NPS 2025", "Totaal")
    assert cell(swapped, "NPS 2026", 1) == cell(plain, "NPS 2026", 1)
