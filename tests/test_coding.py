"""Coding open answers into themes (lib/wlzmonitor/coding.py, data/codeframes/2026.yml)."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.spec.codeframes import codeframe_path, CodeframeError, fold, load_codeframes, UNCODED, UNCODED_LABEL
from wlzmonitor.inputs.coding_corrections import CorrectionsError, CorrectionsWarning, read_corrections
from wlzmonitor.compute.coding import code_answers, examples, theme_summary, uncoded_report
from wlzmonitor.present.coding_html import coding_html
from wlzmonitor.present.coding_workbook import export_coding_workbook
from wlzmonitor.spec.privacy_settings import PrivacySettings
from wlzmonitor.inputs.privacy import find_personal_data, Scrubber

ROOT = Path(__file__).resolve().parents[1]
PRIVACY = ROOT / "config" / "privacy.yml"


@pytest.fixture(scope="module")
def codebook():
    return codebook_for_year(2026)


# --------------------------------------------------------------------------------------------
# hand-made data
# --------------------------------------------------------------------------------------------

SMALL_FRAME = """\
year: 2026
answer_id_salt: "test"
questions:
  kwaliteit_speerpunten:
    title: "Speerpunten"
    themes:
      - code: persoon
        label: "Persoonsgericht"
        patterns: ["eigen regie", "welzijn"]
      - code: tech
        label: "Technologie"
        patterns: ["domotica", "\\\\w*technologie\\\\w*", "cliënt\\\\w*"]
      - code: team
        label: "Teams"
        patterns: ["teams?"]
  tevredenheid_tarief:
    by_category: true
    themes:
      - code: kosten
        label: "Kosten"
        patterns: ["\\\\w*kosten\\\\w*", "cao"]
      - code: gesprek
        label: "Gesprek"
        categories: [2]
        patterns: ["gesprek\\\\w*"]
"""

# respondent -> (speerpunt 1, 2, 3), tevredenheid_tarief code, its text
ROWS = {
    "R01": ("Eigen regie en domotica", "Meer teams", None, 2, "Gesprek prettig, maar kosten stijgen"),
    "R02": ("Welzijn voor iedereen", None, None, 3, "CAO niet gedekt en geen gesprek"),
    "R03": ("Zorgtechnologie", "Onbekend onderwerp", "   ", 3, "Loonkosten te hoog"),
    "R04": ("Clienten centraal", "Steams en teamsport", None, 1, None),
    "R05": (None, None, None, 2, "<b>Niets</b> & zo"),
}


def hand_survey() -> pd.DataFrame:
    records = []
    for rid, (s1, s2, s3, code, text) in ROWS.items():
        records.append({"respondent_id": rid, "kwaliteit_speerpunten__1": s1,
                        "kwaliteit_speerpunten__2": s2, "kwaliteit_speerpunten__3": s3,
                        "tevredenheid_tarief": code, "tevredenheid_tarief__tekst": text})
    df = pd.DataFrame(records).set_index("respondent_id")
    df["tevredenheid_tarief"] = df["tevredenheid_tarief"].astype("Int64")
    return df


def write_frame(tmp_path: Path, text: str = SMALL_FRAME, name: str = "2026.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def small(tmp_path, codebook):
    frame = load_codeframes(write_frame(tmp_path), codebook)
    scrubber = Scrubber(settings=PrivacySettings(explanations_min_group=1))
    coded = code_answers(hand_survey(), codebook, frame, scrubber)
    return frame, scrubber, coded


def themes_by_text(coded: pd.DataFrame, question: str) -> dict[str, list[str]]:
    sub = coded[coded["question"] == question]
    return {t: sorted(g["theme"]) for t, g in sub.groupby("text")}


def test_exact_theme_assignments(small):
    _, _, coded = small
    assert themes_by_text(coded, "kwaliteit_speerpunten") == {
        "Eigen regie en domotica": ["persoon", "tech"],        # two themes
        "Meer teams": ["team"],
        "Welzijn voor iedereen": ["persoon"],                  # case-insensitive
        "Zorgtechnologie": ["tech"],                           # \w* prefix
        "Onbekend onderwerp": [UNCODED],                       # uncoded
        "Clienten centraal": ["tech"],                         # accents ignored both ways
        "Steams en teamsport": [UNCODED],                      # whole words only
    }
    assert themes_by_text(coded, "tevredenheid_tarief") == {
        "Gesprek prettig, maar kosten stijgen": ["gesprek", "kosten"],
        "CAO niet gedekt en geen gesprek": ["kosten"],         # 'gesprek' only for category 2
        "Loonkosten te hoog": ["kosten"],
        "<b>Niets</b> & zo": [UNCODED],
    }
    uncoded = coded[coded["theme"] == UNCODED]
    assert set(uncoded["label"]) == {UNCODED_LABEL}
    assert set(coded["source"]) == {"patroon"}
    assert coded.loc[coded["text"] == "Zorgtechnologie", "evidence"].tolist() == ["Zorgtechnologie"]


def test_answer_ids_are_stable_pseudonyms(small, tmp_path, codebook):
    frame, scrubber, coded = small
    ids = coded.drop_duplicates("answer_id")
    assert len(ids) == 11  # 7 speerpunten (the blank field is no answer) + 4 texts
    for aid in ids["answer_id"]:
        assert re.fullmatch(r"V(6-[0-9a-f]{10}-[123]|13-[0-9a-f]{10})", aid), aid
        assert not any(rid in aid for rid in ROWS)
    assert "respondent_id" not in coded.columns and not any(c.startswith("R0") for c in coded["case_id"])
    # the three speerpunten of one organisation share a case id; other questions do not
    r01 = hashlib.sha256("test\x1fkwaliteit_speerpunten\x1fR01".encode()).hexdigest()[:10]
    assert sorted(coded.loc[coded["case_id"] == r01, "answer_id"].unique()) == [f"V6-{r01}-1", f"V6-{r01}-2"]
    r01_13 = hashlib.sha256("test\x1ftevredenheid_tarief\x1fR01".encode()).hexdigest()[:10]
    assert f"V13-{r01_13}" in set(coded["answer_id"])
    # same data, same result; another salt, other ids
    again = code_answers(hand_survey(), codebook, frame, scrubber)
    pd.testing.assert_frame_equal(coded, again)
    salted = load_codeframes(write_frame(tmp_path, SMALL_FRAME.replace('"test"', '"other"'), "x.yml"), codebook)
    other = code_answers(hand_survey(), codebook, salted, scrubber)
    assert not set(other["answer_id"]) & set(coded["answer_id"])


def test_scrubbed_before_coding(tmp_path, codebook):
    frame = load_codeframes(write_frame(tmp_path), codebook)
    df = hand_survey()
    df.loc["R02", "tevredenheid_tarief__tekst"] = "Kosten, mail jan.jansen@example.org of bel 06-12345678"
    coded = code_answers(df, codebook, frame, Scrubber())
    text = coded.loc[coded["text"].str.startswith("Kosten"), "text"].iloc[0]
    assert text == "Kosten, mail [e-mailadres] of bel [telefoonnummer]"


def test_theme_summary_exact(small):
    _, _, coded = small
    s = theme_summary(coded, "kwaliteit_speerpunten")
    assert s.columns.tolist() == ["theme", "label", "count", "share_of_answers", "organisations", "n"]
    assert s["theme"].tolist() == ["persoon", "tech", "team", UNCODED]
    assert s["count"].tolist() == [2, 3, 1, 2]
    assert s["organisations"].tolist() == [2, 3, 1, 2]
    assert s["n"].tolist() == [7] * 4
    assert s["share_of_answers"].tolist() == pytest.approx([200 / 7, 300 / 7, 100 / 7, 200 / 7])
    assert s.attrs["n"] == 7 and s.attrs["uncoded_share"] == pytest.approx(200 / 7)

    c = theme_summary(coded, "tevredenheid_tarief", by_category=True)
    assert c[["category", "theme", "count", "n"]].values.tolist() == [
        ["Ten dele, want", "kosten", 1, 2],
        ["Ten dele, want", "gesprek", 1, 2],
        ["Ten dele, want", UNCODED, 1, 2],
        ["Nee, want", "kosten", 2, 2],                  # 'gesprek' does not apply to 'Nee'
        ["Nee, want", UNCODED, 0, 2],
    ]
    assert c["share_of_answers"].tolist() == pytest.approx([50, 50, 50, 100, 0])
    report = uncoded_report(coded)
    assert report.values.tolist() == [["kwaliteit_speerpunten", 7, 2, pytest.approx(200 / 7)],
                                      ["tevredenheid_tarief", 4, 1, 25.0]]
    with pytest.raises(ValueError, match="name one with question="):
        theme_summary(coded)


def test_examples_deterministic_and_min_group(small):
    _, _, coded = small
    # single-theme answers before multi-theme ones; ties in a fixed (hash) order
    assert examples(coded, "tech", k=2, question="kwaliteit_speerpunten", min_group=1) == [
        "Clienten centraal", "Zorgtechnologie"]
    assert examples(coded, "tech", k=5, question="kwaliteit_speerpunten", min_group=1)[-1] == \
        "Eigen regie en domotica"
    # a theme named by fewer organisations than min_group shows no examples
    assert examples(coded, "tech", question="kwaliteit_speerpunten", min_group=4) == []
    assert examples(coded, "team", question="kwaliteit_speerpunten", min_group=2) == []
    assert examples(coded, "kosten", question="tevredenheid_tarief", category="Nee, want",
                    min_group=2) == ["Loonkosten te hoog", "CAO niet gedekt en geen gesprek"]
    assert examples(coded, "kosten", question="tevredenheid_tarief", category="Ten dele, want",
                    min_group=2) == []


def test_coding_html(small):
    _, _, coded = small
    page = coding_html(coded, "kwaliteit_speerpunten")
    assert page == coding_html(coded, "kwaliteit_speerpunten")  # same input, same bytes
    assert '<h3 class="codering-titel geen-inhoud">Speerpunten</h3>' in page
    assert "<caption>n=7 antwoorden van 4 organisaties</caption>" in page
    assert "<th>Thema</th><th>Aantal</th><th>Aandeel</th>" in page
    assert '<th scope="row">Technologie</th><td>3</td><td>43%</td>' in page
    assert '<tr class="codering-overig"><th scope="row">Overig / niet gecodeerd</th><td>2</td><td>29%</td>' in page
    assert "Niet gecodeerd: 29% (2 van 7)" in page
    assert "<details><summary>Technologie (3 antwoorden)</summary>" in page
    assert "<li>Zorgtechnologie</li>" in page
    assert "http" not in page and "src=" not in page and "<script" not in page

    per = coding_html(coded, "tevredenheid_tarief", title="")
    assert "codering-titel" not in per and "<h4" not in per and "<h5" not in per
    # without a title the categories take its level (h3 under a section's h2): no level skipped
    assert '<h3 class="geen-inhoud">Nee, want …</h3>' in per and "<caption>n=2 toelichtingen</caption>" in per
    titled = coding_html(coded, "tevredenheid_tarief", title="Tevredenheid")
    assert '<h3 class="codering-titel geen-inhoud">Tevredenheid</h3>' in titled and "<h4>Nee, want …</h4>" in titled
    assert ">Nee, want …</h3>" not in titled and "<h5" not in titled
    assert "&lt;b&gt;Niets&lt;/b&gt; &amp; zo" in per and "<b>Niets" not in per
    # with min_group 3 no category has enough organisations: counts only, no texts
    hidden = coding_html(coded, "tevredenheid_tarief", min_group=3)
    assert "niet naar thema getoond, want gegeven door minder dan 3 organisaties" in hidden
    assert "Loonkosten" not in hidden and "<li>" not in hidden


# --------------------------------------------------------------------------------------------
# bad codeframes
# --------------------------------------------------------------------------------------------

BAD = [
    ('patterns: ["eigen regie", "welzijn"]', 'patterns: ["eigen (regie"]',
     r"question 'kwaliteit_speerpunten', theme 'persoon': pattern 'eigen \(regie' is not a valid regular expression"),
    ("  tevredenheid_tarief:\n", "  tevredenheid_tariefje:\n",
     r"question 'tevredenheid_tariefje': unknown question"),
    ("code: team\n", "code: tech\n", r"question 'kwaliteit_speerpunten', theme 'tech': duplicate theme code"),
    ("code: team\n", "code: overig\n", r"theme 'overig': the code 'overig' is reserved"),
    ('patterns: ["teams?"]', 'patterns: ["\\\\w*"]', r"theme 'team': pattern .* matches an empty text"),
    ("categories: [2]", "categories: [2, 7]", r"theme 'gesprek': categories \[7\] are not answer codes"),
    ('label: "Teams"', 'label: "Technologie"', r"theme 'team': same label as theme 'tech'"),
    ("label: \"Teams\"\n", "label: \"Teams\"\n        pattern: [x]\n", r"theme 'team': unknown key\(s\) pattern"),
    ('    title: "Speerpunten"\n', '    title: "Speerpunten"\n    by_category: true\n',
     r"question 'kwaliteit_speerpunten': 'by_category' needs answer categories"),
    ("  tevredenheid_tarief:\n    by_category: true\n",
     "  tevredenheid_tarief:\n    columns: [tevredenheid_tarief__toelichting]\n",
     r"question 'tevredenheid_tarief': column 'tevredenheid_tarief__toelichting' is not a text column"),
    ("      - code: gesprek\n", "      - code: Gesprek!\n", r"'code' must be lowercase letters"),
    ("  tevredenheid_tarief:\n", "  kwaliteit_speerpunten:\n", r"appears twice in one mapping"),
]


@pytest.mark.parametrize("old, new, message", BAD, ids=[b[2][:40] for b in BAD])
def test_bad_codeframe_errors(tmp_path, codebook, old, new, message):
    assert old in SMALL_FRAME
    path = write_frame(tmp_path, SMALL_FRAME.replace(old, new, 1), "bad.yml")
    with pytest.raises(CodeframeError, match=message) as err:
        load_codeframes(path, codebook)
    assert str(path) in str(err.value)


def test_missing_codeframe_file(tmp_path, codebook):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_codeframes(tmp_path / "2030.yml", codebook)


# --------------------------------------------------------------------------------------------
# corrections round trip
# --------------------------------------------------------------------------------------------


def sheet_rows(path: Path, sheet: str) -> tuple[list[str], dict[str, dict]]:
    ws = load_workbook(path)[sheet]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    return header, rows


def set_cell(path: Path, out: Path, sheet: str, answer_text: str, column: str, value) -> str:
    wb = load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("tekst")].value == answer_text:
            row[header.index(column)].value = value
            wb.save(out)
            return row[0].value
    raise AssertionError(answer_text)


def test_workbook_layout_and_deterministic_bytes(small, tmp_path):
    _, _, coded = small
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export_coding_workbook(coded, a)
    export_coding_workbook(coded, b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")
    wb = load_workbook(a)
    assert wb.sheetnames == ["Uitleg", "kwaliteit_speerpunten", "tevredenheid_tarief", "_patronen"]
    assert wb["_patronen"].sheet_state == "hidden"
    header, rows = sheet_rows(a, "kwaliteit_speerpunten")
    assert header == ["antwoord_id", "categorie", "tekst", "persoon", "tech", "team", "opmerking"]
    by_text = {r["tekst"]: (r["persoon"], r["tech"], r["team"], r["opmerking"]) for r in rows.values()}
    assert by_text["Eigen regie en domotica"] == (1, 1, 0, None)
    assert by_text["Onbekend onderwerp"] == (0, 0, 0, None)
    assert set(rows) == set(coded.loc[coded["question"] == "kwaliteit_speerpunten", "answer_id"])


def test_corrections_round_trip(small, tmp_path, codebook):
    frame, scrubber, coded = small
    exported = tmp_path / "export.xlsx"
    export_coding_workbook(coded, exported)
    # untouched workbook: no corrections
    assert len(read_corrections(exported)) == 0

    edited = tmp_path / "edited.xlsx"
    flipped = set_cell(exported, edited, "kwaliteit_speerpunten", "Onbekend onderwerp", "team", 1)
    removed = set_cell(edited, edited, "kwaliteit_speerpunten", "Eigen regie en domotica", "tech", 0)
    set_cell(edited, edited, "kwaliteit_speerpunten", "Eigen regie en domotica", "opmerking", "geen techniek")
    corr = read_corrections(edited)
    assert sorted(corr.cells[["answer_id", "theme", "value"]].values.tolist()) == sorted(
        [[flipped, "team", 1], [removed, "tech", 0]])

    recoded = code_answers(hand_survey(), codebook, frame, scrubber, corrections=corr)
    before = coded.groupby("answer_id")["theme"].apply(sorted).to_dict()
    after = recoded.groupby("answer_id")["theme"].apply(sorted).to_dict()
    assert after[flipped] == ["team"] and before[flipped] == [UNCODED]
    assert after[removed] == ["persoon"] and before[removed] == ["persoon", "tech"]
    assert {k: v for k, v in after.items() if k not in (flipped, removed)} == \
        {k: v for k, v in before.items() if k not in (flipped, removed)}
    assert recoded.loc[recoded["answer_id"] == flipped, "source"].tolist() == ["correctie"]
    assert recoded.attrs["corrections"]["cells"] == 2
    assert theme_summary(recoded, "kwaliteit_speerpunten")["count"].tolist() == [2, 2, 2, 1]

    # re-export keeps the corrections and the remark; reading it gives the same corrections
    again = tmp_path / "again.xlsx"
    export_coding_workbook(recoded, again)
    _, rows = sheet_rows(again, "kwaliteit_speerpunten")
    assert (rows[flipped]["team"], rows[removed]["tech"], rows[removed]["opmerking"]) == (1, 0, "geen techniek")
    corr2 = read_corrections(again)
    assert sorted(corr2.cells[["answer_id", "theme", "value"]].values.tolist()) == sorted(
        corr.cells[["answer_id", "theme", "value"]].values.tolist())
    # clearing a corrected cell to the pattern value drops the correction
    reset = tmp_path / "reset.xlsx"
    set_cell(again, reset, "kwaliteit_speerpunten", "Onbekend onderwerp", "team", 0)
    assert read_corrections(reset).cells["answer_id"].tolist() == [removed]


def test_corrections_default_file_next_to_codeframe(small, tmp_path, codebook):
    frame, scrubber, coded = small
    assert frame.corrections_path == tmp_path / "corrections_2026.xlsx"
    export_coding_workbook(coded, tmp_path / "export.xlsx")
    aid = set_cell(tmp_path / "export.xlsx", frame.corrections_path, "tevredenheid_tarief",
                   "Loonkosten te hoog", "kosten", 0)
    recoded = code_answers(hand_survey(), codebook, frame, scrubber)  # corrections=None: default file
    assert recoded.loc[recoded["answer_id"] == aid, "theme"].tolist() == [UNCODED]
    plain = code_answers(hand_survey(), codebook, frame, scrubber, corrections=False)
    pd.testing.assert_frame_equal(plain, coded)


def test_corrections_errors(small, tmp_path, codebook):
    frame, scrubber, coded = small
    exported = tmp_path / "export.xlsx"
    export_coding_workbook(coded, exported)

    def recode(path):
        return code_answers(hand_survey(), codebook, frame, scrubber, corrections=path)

    wb = load_workbook(exported)
    wb["kwaliteit_speerpunten"]["A2"] = "V6-0000000000-1"
    wb["kwaliteit_speerpunten"]["D2"] = 1 - wb["kwaliteit_speerpunten"]["D2"].value
    wb.save(tmp_path / "unknown_id.xlsx")
    with pytest.raises(CorrectionsError, match=r"unknown_id\.xlsx, sheet 'kwaliteit_speerpunten', row 2: "
                                               r"answer id 'V6-0000000000-1' does not occur"):
        recode(tmp_path / "unknown_id.xlsx")

    wb = load_workbook(exported)
    wb["tevredenheid_tarief"]["E1"] = "prijs"
    wb.save(tmp_path / "unknown_theme.xlsx")
    with pytest.raises(CorrectionsError, match=r"sheet 'tevredenheid_tarief', column E \('prijs'\): unknown theme"):
        recode(tmp_path / "unknown_theme.xlsx")

    wb = load_workbook(exported)
    wb["tevredenheid_tarief"]["D3"] = "ja"
    wb.save(tmp_path / "bad_value.xlsx")
    with pytest.raises(CorrectionsError, match=r"bad_value\.xlsx, sheet 'tevredenheid_tarief', cell D3 \(kosten\): "
                                               r"'ja' is not 0, 1 or empty"):
        read_corrections(tmp_path / "bad_value.xlsx")

    wb = load_workbook(exported)
    wb["tevredenheid_tarief"].title = "nps"
    wb.save(tmp_path / "bad_sheet.xlsx")
    with pytest.raises(CorrectionsError, match=r"sheet 'nps': not a coded question"):
        recode(tmp_path / "bad_sheet.xlsx")

    wb = load_workbook(exported)
    ws = wb["tevredenheid_tarief"]
    ws["C2"] = ws["C2"].value + " (bewerkt)"
    ws["D2"] = 1 - ws["D2"].value
    wb.save(tmp_path / "changed_text.xlsx")
    with pytest.warns(CorrectionsWarning, match="differs from the data now"):
        recode(tmp_path / "changed_text.xlsx")


# --------------------------------------------------------------------------------------------
# the 2026 codeframe on the demo data
# --------------------------------------------------------------------------------------------

# Uncoded share on the demo data must stay below 5% for Vraag 6 and 38. The demo texts are a
# closed bank of invented sentences that data/demo/texts_2026.yml groups by the report's own
# themes, so every demo answer is codable (measured: 0%). A bank sentence is drawn about 5
# times (366 speerpunten from 67 sentences, 100 suggestions from 34), so 5% tolerates a pattern
# edit that loses two or three sentences, while a lost or broken theme (17% of the answers or
# more) fails. Real answers will leave more uncoded; the threshold guards the codeframe, not
# the real data.
MAX_UNCODED = 5.0

# Quotes of real respondents printed in the 2026 report, and the theme the report puts them
# under (question, category code, quote, theme). An independent check of the patterns.
REPORT_QUOTES = [
    ("tevredenheid_tarief", 2, "tariefpercentage wordt min of meer opgelegd", "weinig_onderhandelingsruimte"),
    ("tevredenheid_tarief", 2, "is geen onderwerp van gesprek", "weinig_onderhandelingsruimte"),
    ("tevredenheid_tarief", 2, "HLO-opslag heeft op korte termijn... veel inspanningen gekost",
     "planning_verantwoording_opslagen"),
    ("tevredenheid_tarief", 3, "De verantwoording van de opslagen brengt een hele grote administratieve "
     "belasting met zich mee", "planning_verantwoording_opslagen"),
    ("inkoopbeleid_innovatie", 1, "dialoog mogelijk is", "dialoog_meedenken"),
    ("inkoopbeleid_innovatie", 1, "eigen inbreng wordt gewaardeerd", "dialoog_meedenken"),
    ("inkoopbeleid_innovatie", 1, "zelf te bepalen wat er ingezet en gedeclareerd kan worden", "ruimte_eigen_keuze"),
    ("inkoopbeleid_innovatie", 1, "tips en adviezen vanuit best practices", "dialoog_meedenken"),
    ("inkoopbeleid_innovatie", 2, "Je moet veel verantwoorden voor een klein beetje extra budget",
     "verantwoording_aanvraag"),
    ("inkoopbeleid_innovatie", 2, "zeer gedetailleerde plannen", "verantwoording_aanvraag"),
    ("inkoopbeleid_innovatie", 2, "veel extra inspanning en administratieve lasten", "verantwoording_aanvraag"),
    ("inkoopbeleid_innovatie", 2, "de zorgkantoren vergoeden vaak een specifiek product... Soms past een "
     "specifiek product niet bij een cliënt.", "voorgeschreven_keuze"),
    ("inkoopbeleid_innovatie", 3, "het is niet concreet en eigenlijk alleen maar verplichtend, er zit geen "
     "wederkerigheid in de 'eisen'", "geen_wederkerigheid"),
    ("inkoopbeleid_innovatie", 3, "Aanvragen voor innovaties worden alleen goedgekeurd als aangetoond kan worden "
     "dat het op termijn kostenbesparend is.", "besparing_aantonen"),
    ("tarief_kwaliteit_van_bestaan", 2, "HLO opslagen is een sigaar uit eigen doos en geormerkt",
     "tijdelijk_geoormerkt"),
    ("tarief_kwaliteit_van_bestaan", 2, "kwaliteit van bestaan is een sociale innovatie, niet in "
     "tariefpercentages uit te drukken", "cultuur_sociale_innovatie"),
    ("transitie_tevredenheid", 2, "verloopt niet rechtstreeks ... maar regionaal. Hierin zijn verschillende belangen",
     "regionale_samenwerking"),
    ("transitie_tevredenheid", 1, "proactief betrokken", "contact_meedenken"),
    ("transitie_tevredenheid", 1, "Afspraken 2025 worden gecontinueerd in 2026", "continuiteit_zekerheid"),
    ("transitie_tevredenheid", 1, "Denkt mee hoe dit met beperkte verantwoording gerealiseerd kan worden",
     "contact_meedenken"),
    ("transitie_tevredenheid", 1, "Zorgkantoor geeft de regio veel ruimte", "ruimte_verantwoording"),
    ("transitie_tevredenheid", 3, "erg vaag", "kaders_duidelijkheid"),
    ("capaciteit_gesprek", 3, "De standpunten zijn spijkerhard: intramuraal niet mogelijk om uit te breiden",
     "intramuraal_uitgesloten"),
    ("capaciteit_gesprek", 3, "huisartsen protesteren... Meer naar MPT drukt ook op de huisartsen",
     "intramuraal_uitgesloten"),
    ("suggesties_inkoopbeleid", None, "Ons zorgkantoor maakt beleid van bovenaf, dit wordt opgelegd. Afwijkingen "
     "zijn niet mogelijk, regionale beschikbaarheid is geen gespreksonderwerp.", "dialoog_maatwerk"),
    ("suggesties_inkoopbeleid", None, "Stop met alle extra gelden, stop dit in het landelijk tarief. Dat "
     "vermindert de administratieve last.", "minder_versnippering"),
    ("suggesties_inkoopbeleid", None, "Verzin iets voor de (misschien wel gewenste) leegstand in het verpleeghuis. "
     "Want een lege kamer is per saldo een tekort op de NHC/NIC", "structureel_meerjarig"),
    ("nps", 1, "meestal wel vriendelijke mensen hoor, maar zitten vast in kaders", "bureaucratie_kaders"),
    ("nps", 1, "Het zorgkantoor lijkt meer financieel gedreven te zijn dan inhoudelijk", "financiele_sturing"),
    ("nps", 1, "erg strikt en ambtelijk, waardoor aanvragen... een vaak veel langere doorlooptijd hebben",
     "bureaucratie_kaders"),
    ("nps", 1, "Cliënten hebben geen keuze dus deze vraag is niet relevant", "vraagstelling"),
    ("nps", 3, "Heel toegankelijk", "toegankelijk_communicatie"),
    ("nps", 3, "Wij hebben een goede en open relatie met ons zorgkantoor waarin alles bespreekbaar is",
     "relatie_samenwerking"),
    ("gevolgen_contractering", 3, "tarief dekt de loonkostenstijging niet", "financiele_druk"),
    ("gevolgen_contractering", 3, "enkel afrekening op geformuleerde KPI's", "verantwoording_kpi"),
    ("gevolgen_contractering", 1, "start in 2026 met voorbereidingen", "stabiel_voorbereiding"),
]


@pytest.fixture(scope="module")
def frames_2026(codebook):
    return load_codeframes(codeframe_path(2026), codebook)


@pytest.fixture(scope="module")
def coded_2026(survey_2026, codebook, frames_2026):
    scrubber = Scrubber.from_survey(survey_2026, config_path=PRIVACY)
    return code_answers(survey_2026, codebook, frames_2026, scrubber, corrections=False)


def test_codeframe_2026_covers_the_report(frames_2026):
    v6 = frames_2026["kwaliteit_speerpunten"]
    assert [t.label for t in v6.themes] == [
        "Persoonsgerichte zorg, kwaliteit van bestaan en eigen regie",
        "Vakmanschap, bekwaam personeel en het werk organiseren",
        "Innovatie, digitalisering en hybride zorg",
        "Samenwerking in netwerken en inzet van informele zorg",
        "Basis op orde, veiligheid, vrijheid en duurzaamheid",
    ]
    assert v6.columns == ("kwaliteit_speerpunten__1", "kwaliteit_speerpunten__2", "kwaliteit_speerpunten__3")
    assert len(frames_2026["suggesties_inkoopbeleid"].themes) == 3
    want = [q.key for q in frames_2026 if q.by_category]
    assert len(want) >= 5
    assert {"tevredenheid_tarief", "tarief_kwaliteit_van_bestaan", "inkoopbeleid_innovatie",
            "transitie_tevredenheid", "capaciteit_gesprek"} <= set(want)


@pytest.mark.parametrize("question, category, quote, theme", REPORT_QUOTES,
                         ids=[f"{q[0]}-{q[3]}" for q in REPORT_QUOTES])
def test_report_quotes_get_the_report_theme(frames_2026, question, category, quote, theme):
    qf = frames_2026[question]
    got = [t.code for t in qf.themes if t.applies_to(category) and t.match(fold(quote))]
    assert theme in got, got


def test_demo_uncoded_share_below_threshold(coded_2026):
    report = uncoded_report(coded_2026).set_index("question")
    for q in ("kwaliteit_speerpunten", "suggesties_inkoopbeleid"):
        assert report.loc[q, "uncoded_share"] < MAX_UNCODED, report.loc[q]
    assert report.loc["kwaliteit_speerpunten", "n"] == 366  # three speerpunten x 122
    assert report.loc["suggesties_inkoopbeleid", "n"] == 100


def test_demo_agrees_with_the_generator_grouping(coded_2026):
    """The demo bank groups Vraag 6 and 38 texts by the report's themes: the coding finds them."""
    bank = yaml.safe_load((ROOT / "data" / "demo" / "texts_2026.yml").read_text(encoding="utf-8"))["open"]
    groups = {
        "kwaliteit_speerpunten": {"persoonsgerichte_zorg": "persoonsgericht", "vakmanschap": "vakmanschap",
                                  "innovatie_digitalisering": "innovatie",
                                  "samenwerking_netwerken": "samenwerking",
                                  "basis_op_orde_duurzaamheid": "basis_op_orde"},
        "suggesties_inkoopbeleid": {"dialoog_maatwerk": "dialoog_maatwerk",
                                    "minder_versnippering_administratie": "minder_versnippering",
                                    "structurele_keuzes_innovatie": "structureel_meerjarig"},
    }
    for q, mapping in groups.items():
        truth = {text: mapping[g] for g, texts in bank[q].items() for text in texts}
        per = coded_2026[coded_2026["question"] == q].groupby("answer_id").agg(
            text=("text", "first"), themes=("theme", set))
        found = sum(truth[t] in th for t, th in per.itertuples(index=False))
        extra = sum(len(th - {truth[t]}) for t, th in per.itertuples(index=False))
        assert found / len(per) >= 0.95, (q, found, len(per))
        assert extra / len(per) <= 0.10, (q, extra, len(per))  # few second themes


def test_demo_examples_and_html_hold_no_personal_data(coded_2026, survey_2026):
    for q in coded_2026.attrs["questions"]:
        sub = coded_2026[coded_2026["question"] == q]
        for category in [None, *dict.fromkeys(sub["category"])]:
            for theme in dict.fromkeys(sub["theme"]):
                for text in examples(coded_2026, theme, k=50, question=q, category=category, min_group=1):
                    assert find_personal_data(text, survey_2026, config_path=PRIVACY) == [], text
        page = coding_html(coded_2026, q)
        assert find_personal_data(page, survey_2026, config_path=PRIVACY) == []
    # the seeded leaks are in the coded texts, as placeholders only
    assert coded_2026["text"].str.contains(r"\[e-mailadres\]|\[telefoonnummer\]|\[organisatie\]").any()


def test_demo_html_respects_min_group(coded_2026):
    assert coded_2026.attrs["min_group"] == 5  # config/privacy.yml: the small-group threshold
    page = coding_html(coded_2026, "gevolgen_contractering")
    # 'nieuwe mogelijkheden' was explained by 2 organisations (fewer than 5): count only
    assert "Ik verwacht nieuwe mogelijkheden, omdat … (2 toelichtingen): niet naar thema getoond" in page
    assert "stabiel blijft" not in page


@pytest.mark.slow
def test_the_coding_workbook_is_written_only_when_the_privacy_gate_finds_nothing(tmp_path):
    """Review: the coding workbook (README: write it into outputs/2026/) bypassed the privacy gate;
    an answer the scrubber missed went into it verbatim. It is now checked like every report file:
    nothing is written when the gate finds a contact's value, and the message never holds the value."""
    from wlzmonitor.cli import _write_checked_workbook
    from wlzmonitor.compute.coding import code_year

    coded, _frames = code_year(2026)
    target = tmp_path / "codering_2026.xlsx"
    assert _write_checked_workbook(coded, target, 2026, None) == [] and target.is_file()
    leaked = coded.copy()
    leaked.loc[leaked.index[0], "text"] = "Bel gerust 06 - 91 50 97 80 (zij weet alles)"  # R0001's own number
    target.unlink()
    problems = _write_checked_workbook(leaked, target, 2026, None)
    assert problems and not target.exists() and not list(tmp_path.iterdir())  # no draft left either
    assert all("codering_2026.xlsx" in p and "91 50 97" not in p and "91509780" not in p for p in problems)
    assert any("R0001" in p for p in problems)
