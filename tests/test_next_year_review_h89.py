"""Found by acting as next year's analyst on a made-up 2027 wave (tests/new_wave.py, then one more
change each, review h89): what check-year passed while the report was wrong, or what it reported
in a way that led the analyst to make the report wrong. Each test fails without its fix."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import new_wave
from new_wave import YEAR
from wlzmonitor.spec.option_match import same_text
# the analysed 2027 wave, a copy of it per test and its check: the wave review's own (one place for them)
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture)


def _not_notes(found) -> list[str]:
    return [f.text() for f in found.findings if f.level != "note"]


def _edit_codebook(root: Path, edit) -> None:
    path = root / "data" / "codebooks" / f"{YEAR}.yml"
    header, doc = new_wave._yaml(path)
    for q in doc["questions"]:
        edit(q)
    new_wave._write(path, header, doc)


# -- the same text in other code points ---------------------------------------------------------------
def test_wording_that_differs_only_in_invisible_code_points_is_the_same():
    """Review: the 2027 questionnaire's texts pasted from its PDF (decomposed diacritics 'cliënten' as
    e + U+0308, a soft hyphen, the 'fi' ligature) were other texts than 2026's although they print the
    same; the input side already reads such labels as the same (inputs.values.normalise_label)."""
    assert same_text(unicodedata.normalize("NFD", "Ja, aan cliënten"), "Ja, aan cliënten", 1)
    assert same_text("Over\u00adproductie", "Overproductie", 1)
    assert same_text("\ufb01nanciering voor 2027", "financiering voor 2026", 1)
    assert same_text("Ja\u200b", "Ja", 1)
    assert not same_text("Jà", "Ja", 1)  # another letter is another text


def test_a_codebook_pasted_with_decomposed_diacritics_is_no_change(wave, tmp_path, monkeypatch):
    """Review: the 2027 codebook with every label and wording in decomposed form (a copy from the
    questionnaire's PDF) gave 11 errors 'option 1 is ‘Ja, aan cliënten’ in 2027 but ‘Ja, aan cliënten’ in
    2026: the code changed its meaning' and 16 warnings that wordings changed, each quoting two
    identical-looking texts. Doing as told (was: and changes: gewijzigde vraagstelling on nine unchanged
    questions) marked their tables as not comparable and dropped the year-on-year tests."""
    root = _copy(wave, tmp_path)

    def decompose(q: dict) -> None:
        q["text"] = unicodedata.normalize("NFD", q["text"])
        for entry in (q.get("options") or []) + (q.get("items") or []):
            entry["label"] = unicodedata.normalize("NFD", entry["label"])

    _edit_codebook(root, decompose)
    assert _not_notes(_check(root, monkeypatch)) == []


# -- a numeric question's answers in another unit -----------------------------------------------------
def _changes_warnings(found, key: str) -> list[str]:
    return [f.text() for f in found.findings if f.level == "warning" and f.kind == "changes" and key in f.text()]


def test_a_percentage_asked_as_a_fraction_is_warned_until_declared(wave, tmp_path, monkeypatch):
    """Review: the 2027 export gives the higher tariff percentage as a fraction (0,967: a survey tool's
    or Excel's percent cell); the load stopped on 'implausible: less than 50', and the analyst set the
    codebook's range and plausible to [0, 1] and [0.5, 1] (unit still percent). check-year then passed,
    and Tabel 2 and the prose printed 'gemiddeld 1%' against 96,7% in the 2026 report."""
    root = _copy(wave, tmp_path)
    key = "tariefpercentage_hoger"
    _edit_codebook(root, lambda q: q.update(range=[0, 1], plausible=[0.5, 1]) if q["key"] == key else None)
    warnings = _changes_warnings(_check(root, monkeypatch), key)
    assert len(warnings) == 1, warnings
    assert warnings[0].endswith(
        "(Vraag 10 tariefpercentage_hoger): the size of its answers (plausible 50–100 in 2026, 0,5–1 in 2027: "
        "another unit, a percentage as a fraction, euros as thousands?) changed since 2026, but the codebook has "
        "no changes: {2026: ...}: comparisons with 2026 would not be marked. Add changes: {2026: \"gewijzigde "
        "vraagstelling\"} (or whatever changed)"), warnings


def test_a_productieafspraak_in_thousands_of_euros_is_warned_and_a_wider_bound_is_not(wave, tmp_path, monkeypatch):
    """Euros asked as thousands of euros (plausible 10.000–1.000.000.000 -> 10–1.000.000): warned; a
    bound only widened (pgb_aantal plausible up to 50.000 clients) changes no unit and is not."""
    root = _copy(wave, tmp_path)
    _edit_codebook(root, lambda q: q.update(plausible=[10, 1000000]) if q["key"] == "productieafspraak" else None)
    _edit_codebook(root, lambda q: q.update(plausible=[1, 50000]) if q["key"] == "pgb_aantal" else None)
    found = _check(root, monkeypatch)
    assert len(_changes_warnings(found, "productieafspraak")) == 1, found.text()
    assert _changes_warnings(found, "pgb_aantal") == [], found.text()


# -- the period a question asks about -----------------------------------------------------------------
def _period_findings(found, key: str) -> list[str]:
    return [f.text() for f in found.findings if f.level != "note" and key in f.text() and "names" in f.text()]


def test_a_question_about_another_period_than_its_year_offset_is_warned(wave, tmp_path, monkeypatch):
    """Review: 2027 asks 'Schat u in dat er sprake is van intramurale overproductie in 2027?' (an
    estimate for the current year; 2026 asked about 2025), the analyst declared changes but kept
    year_offset -1 (another offset is an error even with changes): check-year passed and the trend
    table printed the herschikking year 2026 above the 2027 column, whose answers are about 2027."""
    root = _copy(wave, tmp_path)
    key = "overproductie_intramuraal"

    def ask_about_2027(q: dict) -> None:
        if q["key"] == key:
            q.update(text=q["text"].replace("2026", "2027"), changes={2026: "gewijzigde vraagstelling"})

    _edit_codebook(root, ask_about_2027)
    found = _period_findings(_check(root, monkeypatch), key)
    assert len(found) == 1, found
    assert found[0].startswith("WARNING: [changes] data/codebooks/2027.yml:"), found
    assert found[0].endswith(
        "(Vraag 34 overproductie_intramuraal): the wording names 2027, but year_offset -1 says the answers are about "
        "2026 (2026's wording named 2025, its year with the same offset): the tables print 2026 above the 2027 "
        "column. If the question now asks about another year, give it a key of its own with its year_offset "
        "(a series about another year starts again); else correct the year in the wording"), found


def test_years_in_the_wording_moved_with_the_survey_year_are_no_other_period(wave, tmp_path, monkeypatch):
    """The shipped wave (every year moved along by new-year) and a wording that names a further year
    beside the offset's ('in 2026 en/of 2027') are not warned; nor is a wording without a year."""
    root = _copy(wave, tmp_path)

    def edit(q: dict) -> None:
        if q["key"] == "pgb":
            q["text"] = "Gaat uw organisatie zorg bieden aan cliënten via het PGB (persoonsgebonden budget)?"
        if q["key"] == "leveringsvormen":
            q["text"] = q["text"].replace("voor 2027", "voor 2027 en 2028")

    _edit_codebook(root, edit)
    found = _check(root, monkeypatch)
    assert [t for t in (f.text() for f in found.findings) if "the wording names" in t] == []


# -- prose: {vorig_jaar} beside a figure of a typed year ----------------------------------------------
def _append_prose(root: Path, sentence: str) -> int:
    notebook = root / "notebooks" / "01_tarieven.py"
    line = f'chapter.text("{sentence}")'
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\n# %%\n" + line + "\n", encoding="utf-8")
    return notebook.read_text(encoding="utf-8").splitlines().index(line) + 1


def _prose_warnings(found, line: int) -> list[str]:
    return [f.text() for f in found.findings if f.level == "warning" and f"01_tarieven.py:{line}:" in f.text()]


def test_the_year_before_beside_the_figure_of_a_typed_year_is_warned(wave, tmp_path, monkeypatch):
    """Review: 'In {vorig_jaar} verzocht {maatwerk:1@2025} om maatwerk', right in the 2026 report, printed
    'In 2026 verzocht 35% om maatwerk' in 2027: the 2025 figure under the year 2026; check-year said
    nothing. With @vorig, or with the typed year in the sentence, it is right in every report."""
    root = _copy(wave, tmp_path)
    line = _append_prose(root, "In {vorig_jaar} verzocht {maatwerk:1@2025} om maatwerk, nu {maatwerk:1}.")
    assert _prose_warnings(_check(root, monkeypatch), line) == [
        f"WARNING: [prose] notebooks/01_tarieven.py:{line}: {{maatwerk:1@2025}} is the figure of 2025, but the "
        "sentence names {vorig_jaar}, which prints 2026 in the 2027 report: write {maatwerk:1@vorig} (the previous "
        "wave's figure, in every report)"]

    root2 = _copy(wave, tmp_path / "2")
    fine = [_append_prose(root2, "In {vorig_jaar} verzocht {maatwerk:1@vorig} om maatwerk, nu {maatwerk:1}."),
            _append_prose(root2, "In {vorig_jaar} verzocht {maatwerk:1@vorig} om maatwerk, in 2025 {maatwerk:1@2025}.")]
    found = _check(root2, monkeypatch)
    assert [t for line in fine for t in _prose_warnings(found, line) if "{vorig_jaar}" in t] == []


# -- prose: a claim of no change in other words -------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "Het aandeel ({maatwerk:1}) is ongeveer gelijk aan dat van vorig jaar.",
    "Het aandeel ({maatwerk:1}) is vergelijkbaar met dat in {vorig_jaar}.",
    "Het aandeel ({maatwerk:1}) is vergelijkbaar met het aandeel in {vorig_jaar}.",
    "Het aandeel ({maatwerk:1}) is hetzelfde als dat van {vorig_jaar}.",
    "Het aandeel ({maatwerk:1}) is even groot als dat van vorig jaar.",
    "Het aandeel ({maatwerk:1}) verschilt niet van dat van vorig jaar.",
    "Het aandeel ({maatwerk:1}) wijkt nauwelijks af van vorig jaar.",
    "Het aandeel ({maatwerk:1}) komt overeen met dat van {vorig_jaar}.",
])
def test_a_claim_of_no_change_in_other_words_needs_its_check(sentence):
    """Review: "… is ongeveer gelijk aan dat van vorig jaar" (and the like) passed without a check, while
    "gelijk aan vorig jaar" needs {key:ROW!stabiel}: written for 2026, such a sentence stays in the 2027
    report whatever the 2027 figure does."""
    from wlzmonitor.spec.prose import comparison_problems

    assert comparison_problems(sentence), sentence
    backed = sentence.replace("{maatwerk:1}", "{maatwerk:1!stabiel}")
    assert comparison_problems(backed) == [], backed


def test_no_claim_of_no_change_in_a_comparison_between_groups():
    from wlzmonitor.spec.prose import comparison_problems

    assert comparison_problems("Bij grote organisaties ({maatwerk__omzetgroep:1@3}) komt het aandeel overeen met "
                               "dat van kleine organisaties ({maatwerk__omzetgroep:1@1}).") == []


# -- a table key showing another question ------------------------------------------------------------
def test_a_table_key_that_shows_another_question_than_last_year_is_an_error(wave, tmp_path, monkeypatch):
    """Review: the 2027 layout's table 'maatwerk' given question: hardheidsclausule (a copy-paste slip
    while adding a table): check-year passed; Tabel 3 showed the hardheidsclausule in every year column and
    the prose "{maatwerk:1} heeft om maatwerk verzocht" printed 1% (the hardheidsclausule's 'Ja')."""
    root = _copy(wave, tmp_path)
    layout = root / "data" / "reports" / str(YEAR) / "tables.yml"
    text = layout.read_text(encoding="utf-8")
    slip = text.replace("- key: maatwerk\n  chapter: 01_tarieven\n  question: maatwerk\n",
                        "- key: maatwerk\n  chapter: 01_tarieven\n  question: hardheidsclausule\n")
    assert slip != text
    layout.write_text(slip, encoding="utf-8")
    errors = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert len(errors) == 1, errors
    assert errors[0].startswith("ERROR: [codes] data/reports/2027/tables.yml:"), errors
    assert errors[0].endswith(
        "(Tabel 3 (maatwerk)): shows question 'hardheidsclausule' in 2027, but the 2026 table 'maatwerk' showed "
        "'maatwerk': the prose about this table and every report that compares it would be about another question. "
        "Use question: maatwerk, or give the table a key of its own"), errors


# -- prose: a fraction as subject of a present-tense verb ----------------------------------------------
@pytest.mark.parametrize("sentence", [
    "Ruim een vijfde vraagt om maatwerk ({maatwerk:1}).",
    "De helft vraagt om maatwerk ({maatwerk:1}).",
    "Een kwart verzoekt om maatwerk ({maatwerk:1}).",
    "Bijna de helft gaat zorg bieden via het PGB ({pgb:1}).",
])
def test_a_fraction_as_subject_of_a_present_tense_verb_needs_its_check(sentence):
    """Review: "De helft vraagt om maatwerk ({maatwerk:1})" passed (only "vroeg", "verzocht" were known),
    while "de helft verwacht …" needs its check: written for one year, the next year's report prints
    "De helft vraagt om maatwerk (22%)"."""
    from wlzmonitor.spec.prose import comparison_problems

    assert comparison_problems(sentence), sentence


# -- a condition on a row no year has -----------------------------------------------------------------
def test_a_condition_on_a_row_no_year_has_is_an_error(wave, tmp_path, monkeypatch):
    """Review: `if chapter.asked("geldstromen_gebruik", "hlo_opslg"):` (a typo of hlo_opslag) is false in every
    year: the sentence under it was never printed, and neither check-year nor the run said so (a mistyped
    key is an error of both). A row some configured year has is no typo."""
    root = _copy(wave, tmp_path)
    notebook = root / "notebooks" / "01_tarieven.py"
    notebook.write_text(notebook.read_text(encoding="utf-8") + (
        '\n# %%\nif chapter.asked("geldstromen_gebruik", "hlo_opslg"):\n'
        '    chapter.text("De HLO-opslag wordt door {geldstromen_gebruik:hlo_opslag} gebruikt.")\n'
        'if chapter.asked("tariefpercentage", 5):\n'  # 2027's new option: a row of 2027's table
        '    chapter.text("{tariefpercentage:5} koos een percentage per prestatie.")\n'), encoding="utf-8")
    line = notebook.read_text(encoding="utf-8").splitlines().index(
        'if chapter.asked("geldstromen_gebruik", "hlo_opslg"):') + 1
    errors = [f.text() for f in _check(root, monkeypatch).findings if f.level == "error"]
    assert errors == [
        f"ERROR: [prose] notebooks/01_tarieven.py:{line}: chapter.asked(\"geldstromen_gebruik\", \"hlo_opslg\"): "
        "'hlo_opslg' is no row of table 'geldstromen_gebruik' in any configured year (2027: vpt_mpt, zzp, "
        "hlo_opslag, stagefonds, praktijkleren, sectorplan_plus, transitiemiddelen, meerzorg): the condition is "
        "never true and what it guards is never printed"], errors


# -- prose: "voor het eerst" about a question earlier years asked --------------------------------------
def test_a_first_time_claim_about_a_question_earlier_years_asked_is_warned(wave, tmp_path, monkeypatch):
    """Review: "Dit jaar is voor het eerst gevraagd naar afspraken over de wachtlijst ({wachtlijst_afspraken:1})",
    true in 2027, is printed again by the shared notebook in 2028, and check-year said nothing: here the same
    sentence about maatwerk (asked since 2024) in the 2027 report. About a question first asked this year,
    with the year typed ('in 2027 voor het eerst'), or under a year condition this year does not meet, it is
    right."""
    root = _copy(wave, tmp_path)
    claim = _append_prose(root, "In {jaar} is voor het eerst gevraagd of organisaties om maatwerk verzochten "
                                "({maatwerk:1}).")
    fine = [_append_prose(root, "Dit jaar is voor het eerst gevraagd naar afspraken over de wachtlijst "
                                "({wachtlijst_afspraken:1})."),
            _append_prose(root, "In 2024 is voor het eerst gevraagd naar maatwerk ({maatwerk:1}).")]
    notebook = root / "notebooks" / "01_tarieven.py"
    notebook.write_text(notebook.read_text(encoding="utf-8") + (
        'if chapter.year == 2024:\n'
        '    chapter.text("Nieuw dit jaar is de vraag naar maatwerk: {maatwerk:1} verzocht erom.")\n'),
        encoding="utf-8")
    found = _check(root, monkeypatch)
    assert _prose_warnings(found, claim) == [
        f"WARNING: [prose] notebooks/01_tarieven.py:{claim}: the sentence says the question is new ('voor het eerst "
        "gevraagd'), but {maatwerk:1} is of 'maatwerk', which 2024, 2025 en 2026 asked too: untrue in the 2027 "
        "report. Type the year it was first asked ('in 2024 voor het eerst'), or write the sentence under "
        "`if chapter.year == <that year>:`"]
    assert [t for line in fine for t in _prose_warnings(found, line) if "new" in t] == []
    assert not [f for f in found.findings if "is new ('" in f.text() and f.level != "note" and "maatwerk: {" in f.text()]


# -- prose: the year words beside a question about another year -----------------------------------------
def test_the_year_words_beside_a_figure_about_the_year_before_are_warned(wave, tmp_path, monkeypatch):
    """Review: herschikking questions are about the year before (year_offset -1). "In {jaar} bereikte
    {herschikking_intramuraal:1} overeenstemming over de herschikking" printed 2027 for the herschikking of 2026,
    and "in {vorig_jaar} was dat {herschikking_intramuraal:1@vorig}" printed 2026 beside the figure about 2025;
    check-year said nothing. {vorig_jaar} beside this year's figure (the herschikking of 2026) is right, and so
    is {jaar} naming the survey."""
    root = _copy(wave, tmp_path)
    notebook = root / "notebooks" / "03_herschikking.py"
    sentences = [
        "In {jaar} bereikte {herschikking_intramuraal:1} overeenstemming over de herschikking.",
        "{herschikking_intramuraal:1} bereikte overeenstemming; in {vorig_jaar} was dat {herschikking_intramuraal:1@vorig}.",
        "Over de herschikking van {vorig_jaar} bereikte {herschikking_intramuraal:1} overeenstemming.",
        "In de enquête van {jaar} zegt {herschikking_intramuraal:1} overeenstemming te hebben bereikt.",
    ]
    text = notebook.read_text(encoding="utf-8") + "\n# %%\n" + "".join(f'chapter.text("{s}")\n' for s in sentences)
    notebook.write_text(text, encoding="utf-8")
    lines = [text.splitlines().index(f'chapter.text("{s}")') + 1 for s in sentences]
    found = _check(root, monkeypatch)
    warned = {line: [f.text() for f in found.findings if f.level == "warning" and f"03_herschikking.py:{line}:" in f.text()]
              for line in lines}
    assert warned[lines[0]] == [
        f"WARNING: [prose] notebooks/03_herschikking.py:{lines[0]}: {{jaar}} prints 2027, but {{herschikking_intramuraal:1}} "
        "is about 2026 (herschikking_intramuraal: year_offset -1): write the year the answers are about "
        "({vorig_jaar} for this year's figure), or name the survey ('in de enquête van {jaar}')"], warned
    assert warned[lines[1]] == [
        f"WARNING: [prose] notebooks/03_herschikking.py:{lines[1]}: {{vorig_jaar}} prints 2026, but "
        "{herschikking_intramuraal:1@vorig} is about 2025 (herschikking_intramuraal: year_offset -1): write the year "
        "the answers are about ({vorig_jaar} for this year's figure), or name the survey ('in de enquête van {jaar}')"], warned
    assert warned[lines[2]] == [] and warned[lines[3]] == [], warned


# -- F6b: a follow-up of a reworded question ----------------------------------------------------------
def test_a_follow_up_of_a_reworded_question_is_warned_until_judged(wave, tmp_path, monkeypatch):
    """F6b of the 2027 review (left open since): transitie_afspraken reworded (its changes say so, its options and
    so the routing's answers the same): transitie_tevredenheid, asked of those who did not answer 'Niet van
    toepassing', was compared and tested against 2026 unmarked. A warning until its own changes name 2026, or
    same_group says the analyst judged the group the same."""
    root = _copy(wave, tmp_path)

    def reword(q: dict) -> None:
        if q["key"] == "transitie_afspraken":
            q["text"] = "In welke mate heeft u met het zorgkantoor afspraken gemaakt over de inzet van transitiemiddelen?"
            q["changes"] = {**(q.get("changes") or {}), 2026: "gewijzigde vraagstelling"}

    _edit_codebook(root, reword)
    found = [w for w in _changes_warnings(_check(root, monkeypatch), "transitie_tevredenheid")
             if "worded otherwise since 2026" in w]
    assert len(found) == 1 and "same_group: [2026]" in found[0], found
    for judged in ({"same_group": [2026]}, {"changes": {2026: "gewijzigde routering"}}):
        _edit_codebook(root, lambda q: q.update(judged) if q["key"] == "transitie_tevredenheid" else None)
        assert not [w for w in _changes_warnings(_check(root, monkeypatch), "transitie_tevredenheid")
                    if "worded otherwise" in w]
        _edit_codebook(root, lambda q: [q.pop(k, None) for k in judged] if q["key"] == "transitie_tevredenheid" else None)


def test_same_group_must_list_years(tmp_path):
    from wlzmonitor.spec.codebook import CodebookError
    from wlzmonitor.spec.codebook_parse import load_codebook

    path = new_wave.ROOT / "data" / "codebooks" / "2026.yml"
    text = path.read_text(encoding="utf-8").replace(
        "    asked_if: {question: transitie_afspraken, not_in: [4]}\n",
        "    asked_if: {question: transitie_afspraken, not_in: [4]}\n    same_group: 2026\n", 1)
    bad = tmp_path / "2026.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=r"same_group: must list survey years"):
        load_codebook(bad)
