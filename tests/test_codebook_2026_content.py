"""Content checks for data/codebooks/2026.yml against the 2026 questionnaire (Bijlage 4),
docs/question_keys_2026.md and Tabel B5 of the 2026 report. Plain YAML, no project modules."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "data" / "codebooks" / "2026.yml"
KEY_DOC = ROOT / "docs" / "question_keys_2026.md"
REPORT = ROOT / "data" / "sources" / "2026_rapport_wlz_zorgcontractering.txt"

# (key, number, type, number of options or None) -- docs/question_keys_2026.md, in order
EXPECTED = [
    ("omzet", "1", "single", 4),
    ("zorgkantoren", "2", "multi", 31),
    ("hoofdzorgkantoor", "2", "single", 31),
    ("productieafspraak", "3", "numeric", None),
    ("zorgtype", "4", "single", 3),
    ("kwaliteit_dialoog", "5", "matrix", 7),
    ("kwaliteit_speerpunten", "6", "open", None),
    ("tarief_kwaliteit_van_bestaan", "7", "single", 3),
    ("innovatie_afspraken", "8", "single", 6),
    ("inkoopbeleid_innovatie", "9", "single", 3),
    ("tariefpercentage", "10", "single", 5),
    ("tariefpercentage_hoger", "10", "numeric", None),
    ("tariefpercentage_lager", "10", "numeric", None),
    ("maatwerk", "11", "single", 2),
    ("maatwerk_redenen", "11", "multi", 5),
    ("maatwerk_gehonoreerd", "12", "single", 3),
    ("tevredenheid_tarief", "13", "single", 3),
    ("hardheidsclausule", "14", "single", 2),
    ("transitie_afspraken", "15", "single", 5),
    ("transitie_tevredenheid", "16", "single", 4),
    ("productieafspraken_nza", "17", "single", 2),
    ("inkoop_wijzigingen", "18", "matrix", 4),
    ("eisen_zorgkantoor", "19", "single", 2),
    ("behandeling_afspraak", "20", "single", 6),
    ("behandeling_verhouding", "21", "single", 3),
    ("behandeling_externe_clienten", "22", "single", 5),
    ("pgb", "23", "single", 3),
    ("pgb_aantal", "23", "numeric", None),
    ("gevolgen_contractering", "24", "single", 3),
    ("geldstromen_gebruik", "25", "matrix", 2),
    ("geldstromen_belasting", "25", "scale", None),
    ("hlo_themas", "26", "multi", 4),
    ("hlo_honorering", "27", "single", 3),
    ("hlo_honorering_pct", "27", "numeric", None),
    ("capaciteit_afspraken", "28", "matrix", 6),
    ("leveringsvormen", "29", "multi", 6),
    ("capaciteit_gesprek", "30", "single", 3),
    ("mpt_voorliggend", "31", "single", 3),
    ("urgent_wachtenden", "32", "single", 5),
    ("herschikking_intramuraal", "33", "single", 4),
    ("overproductie_intramuraal", "34", "single", 2),
    ("herschikking_thuis", "35", "single", 4),
    ("overproductie_thuis", "36", "single", 2),
    ("herschikking_knelpunten", "37", "multi", 5),
    ("suggesties_inkoopbeleid", "38", "open", None),
    ("actiz_diensten", "39", "matrix", 5),
    ("nps", "40", "nps", None),
    ("contact", "Tot slot", "contact", None),
]

EXPECTED_ITEMS = {
    "kwaliteit_dialoog": ["kwaliteitsbeeld_gesprek", "dialoog_constructief", "respecteert_kompas",
                          "ruimte_eigen_afwegingen"],
    "inkoop_wijzigingen": ["relatie", "administratieve_lasten", "criteria_gunning", "stimulansen_thuis",
                           "persoonsvolgende_bekostiging", "adequate_tarieven", "keuzevrijheid",
                           "ruimte_inbreng", "locatiebezoeken", "regionale_afstemming",
                           "samenhang_wijkverpleging", "overeenkomst", "vereenvoudiging",
                           "vergoeding_overproductie"],
    "geldstromen_gebruik": ["zzp", "vpt_mpt", "transitiemiddelen", "hlo_opslag", "meerzorg",
                            "sectorplan_plus", "stagefonds", "praktijkleren"],
    "geldstromen_belasting": ["zzp", "vpt_mpt", "transitiemiddelen", "hlo_opslag", "meerzorg",
                              "sectorplan_plus", "stagefonds", "praktijkleren"],
    "capaciteit_afspraken": ["vervangingsbouw", "uitbreiding_intramuraal", "scheiden_wonen_zorg"],
    "actiz_diensten": ["bijeenkomst", "analyses", "vragen_website", "rekentool", "adviezen"],
}

# routing per the key table: key -> asked_if
EXPECTED_ROUTING = {
    "tariefpercentage_hoger": {"question": "tariefpercentage", "in": [3]},
    "tariefpercentage_lager": {"question": "tariefpercentage", "in": [4]},
    "maatwerk_redenen": {"question": "maatwerk", "in": [1]},
    "maatwerk_gehonoreerd": {"question": "maatwerk", "in": [1]},
    "transitie_tevredenheid": {"question": "transitie_afspraken", "not_in": [4]},
    "behandeling_afspraak": {"question": "zorgtype", "in": [1, 2]},
    "behandeling_verhouding": {"question": "zorgtype", "in": [1, 2]},
    "pgb_aantal": {"question": "pgb", "in": [1]},
    "hlo_themas": {"question": "geldstromen_gebruik", "item": "hlo_opslag", "in": [1]},
    "hlo_honorering": {"question": "geldstromen_gebruik", "item": "hlo_opslag", "in": [1]},
    "hlo_honorering_pct": {"question": "hlo_honorering", "in": [2]},
    "mpt_voorliggend": {"question": "zorgtype", "in": [1, 3]},
    "herschikking_intramuraal": {"question": "zorgtype", "in": [1, 2]},
    "overproductie_intramuraal": {"question": "herschikking_intramuraal", "in": [2, 3]},
    "herschikking_thuis": {"question": "zorgtype", "in": [1, 3]},
    "overproductie_thuis": {"question": "herschikking_thuis", "in": [2, 3]},
    "herschikking_knelpunten": {"question": "herschikking_thuis", "in": [2, 3]},
}

EXPECTED_TEXT_FIELD = {
    "tarief_kwaliteit_van_bestaan": [1, 2, 3], "innovatie_afspraken": [1, 2, 3],
    "inkoopbeleid_innovatie": [1, 2, 3], "tariefpercentage": [5], "maatwerk_redenen": [5],
    "maatwerk_gehonoreerd": [1, 2, 3], "tevredenheid_tarief": [2, 3], "hardheidsclausule": [1],
    "transitie_tevredenheid": [1, 2, 3], "eisen_zorgkantoor": [2], "behandeling_verhouding": [2, 3],
    "behandeling_externe_clienten": [5], "gevolgen_contractering": [1, 3], "hlo_honorering": [2, 3],
    "leveringsvormen": [6], "capaciteit_gesprek": [2, 3], "overproductie_intramuraal": [1],
    "overproductie_thuis": [1],
}
EXPECTED_COMMENT = {"kwaliteit_dialoog", "productieafspraken_nza", "behandeling_afspraak",
                    "geldstromen_belasting", "capaciteit_afspraken", "urgent_wachtenden",
                    "actiz_diensten", "nps"}

# Tabel B5, zorgkantoor names as printed in the report
TABEL_B5 = {
    "Zilveren Kruis": ["Drenthe", "Zwolle", "Flevoland", "Zaanstreek/Waterland", "Kennemerland",
                       "Rotterdam", "Amsterdam", "Apeldoorn/Zutphen", "'t Gooi", "Utrecht", "Friesland"],
    "CZ": ["West-Brabant", "Zeeland", "Zuid Hollandse Eilanden", "Zuid-Limburg", "Zuid Oost Brabant",
           "Haaglanden"],
    "Menzis": ["Arnhem", "Twente", "Groningen"],
    "VGZ": ["Noord-Holland Noord", "Midden Holland", "Waardenland", "Midden Brabant", "Nijmegen",
            "Noord en Midden Limburg", "Noord Oost Brabant"],
    "Overig": ["Delft/Westland/Oostland", "Midden IJssel", "Amstelland en De Meerlanden",
               "Zuid-Holland Noord"],
}


def norm_name(s):
    return re.sub(r"\s+", " ", s.replace("-", " ")).strip().lower()


def norm_text(s):
    s = s.replace("*", "").replace("¹", "")
    return re.sub(r"\s+", " ", s).strip()


@pytest.fixture(scope="module")
def cb():
    with open(CODEBOOK, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def questions(cb):
    return {q["key"]: q for q in cb["questions"]}


@pytest.fixture(scope="module")
def questionnaire():
    text = REPORT.read_text(encoding="utf-8")
    start = text.rindex("Bijlage 4: Vragenlijst Wlz zorgcontractering 2026")
    return norm_text(text[start:])


def test_top_level(cb):
    assert cb["year"] == 2026
    assert str(cb["fieldwork"]["start"]) == "2025-11-19"
    assert str(cb["fieldwork"]["end"]) == "2025-12-15"
    assert cb["population"] == 360
    assert cb["id_column"] == "respondent_id"
    assert cb["complete_column"] == "voltooid"


def test_numbers_present(cb):
    numbers = [q["number"] for q in cb["questions"]]
    assert all(isinstance(n, str) for n in numbers)
    assert set(numbers) == {str(i) for i in range(1, 41)} | {"Tot slot"}
    assert numbers[-1] == "Tot slot"
    # questionnaire order: numbers never decrease
    ints = [int(n) for n in numbers[:-1]]
    assert ints == sorted(ints)


def test_keys_match_key_table(cb):
    keys = [q["key"] for q in cb["questions"]]
    assert len(keys) == len(set(keys))
    assert keys == [e[0] for e in EXPECTED]


def test_keys_match_key_doc():
    if not KEY_DOC.exists():
        pytest.skip("key table not present")
    rows = re.findall(r"^\|\s*([^|]+?)\s*\|\s*`([a-z_]+)`\s*\|", KEY_DOC.read_text(encoding="utf-8"), re.M)
    assert [(k, n) for n, k in rows] == [(e[0], e[1]) for e in EXPECTED]


@pytest.mark.parametrize("key,number,qtype,n_options", EXPECTED)
def test_types_and_option_counts(questions, key, number, qtype, n_options):
    q = questions[key]
    assert q["number"] == number
    assert q["type"] == qtype
    assert q["text"].strip()
    if n_options is None:
        assert "options" not in q
    else:
        codes = [o["code"] for o in q["options"]]
        assert codes == list(range(1, n_options + 1))
        assert all(o["label"].strip() for o in q["options"])
        assert not any(o["label"].rstrip().endswith(".") for o in q["options"] if o["label"] != "n.v.t."
                       and o["label"] != "N.v.t.")


def test_matrix_items(questions):
    for key, items in EXPECTED_ITEMS.items():
        assert [i["code"] for i in questions[key]["items"]] == items, key
    assert questions["geldstromen_belasting"]["items"] == questions["geldstromen_gebruik"]["items"]
    assert [o["label"] for o in questions["inkoop_wijzigingen"]["options"]] == [
        "Verbeterd", "Gelijk", "Verslechterd", "N.v.t."]
    assert [o["label"] for o in questions["actiz_diensten"]["options"]] == [
        "Grote mate", "Redelijke mate", "Bepaalde mate", "Niet", "Niet bekend/ Niet geweest"]
    assert [o["label"] for o in questions["kwaliteit_dialoog"]["options"]] == [
        "Ja, geheel", "Ruime mate", "Voldoende", "Beperkt", "Nee, geheel niet", "Weet nog niet", "n.v.t."]
    assert [o["label"] for o in questions["geldstromen_gebruik"]["options"]] == ["Ja", "Nee"]


def test_scale_and_numeric(questions):
    b = questions["geldstromen_belasting"]
    assert b["range"] == [1, 5]
    assert b["range_labels"] == {1: "zeer laag", 5: "zeer hoog"}
    assert b["item_asked_if"] == {"question": "geldstromen_gebruik", "item": "same", "in": [1]}
    assert b["required"] is False
    numeric = {"productieafspraak": ("euro", [0, None]),
               "tariefpercentage_hoger": ("percent", [0, 100]),
               "tariefpercentage_lager": ("percent", [0, 100]),
               "pgb_aantal": ("count", [0, None]),
               "hlo_honorering_pct": ("percent", [0, 0.9])}
    for key, (unit, rng) in numeric.items():
        assert (questions[key]["unit"], questions[key]["range"]) == (unit, rng), key
    nps = questions["nps"]
    assert nps["range"] == [0, 10]
    assert nps["range_labels"] == {0: "zeer waarschijnlijk niet", 10: "zeer waarschijnlijk wel"}
    assert questions["kwaliteit_speerpunten"]["fields"] == 3
    assert questions["suggesties_inkoopbeleid"]["required"] is False


def test_contact(questions):
    c = questions["contact"]
    assert c["private"] is True and c["required"] is False
    assert [(f["code"], f["label"]) for f in c["fields"]] == [
        ("toestemming", "Toestemming voor contact"), ("naam", "Naam"), ("functie", "Functie"),
        ("email", "E-mailadres"), ("telefoon", "Telefoonnummer")]
    assert [o["label"] for o in c["fields"][0]["options"]] == ["Ja", "Nee"]
    assert all(not q.get("private") for q in questions.values() if q["key"] != "contact")


def _conditions(cond):
    if "all" in cond or "any" in cond:
        for sub in cond.get("all", []) + cond.get("any", []):
            yield from _conditions(sub)
    else:
        yield cond


def test_routing_references(cb, questions):
    seen = {}
    for q in cb["questions"]:
        for field in ("asked_if", "item_asked_if"):
            if field not in q:
                continue
            for cond in _conditions(q[field]):
                ref = cond["question"]
                assert ref in seen, f"{q['key']}: {ref} is not an earlier question"
                target = seen[ref]
                codes = {o["code"] for o in target["options"]}
                values = cond.get("in", []) + cond.get("not_in", [])
                assert values and set(values) <= codes, q["key"]
                if "item" in cond:
                    items = {i["code"] for i in target["items"]}
                    if cond["item"] == "same":
                        assert field == "item_asked_if"
                        assert {i["code"] for i in q["items"]} <= items
                    else:
                        assert cond["item"] in items
        seen[q["key"]] = q
    routed = {k: q["asked_if"] for k, q in questions.items() if "asked_if" in q}
    assert routed == EXPECTED_ROUTING


def test_routing_notes(questions):
    assert "De vragen 31, 35 en 36 zijn niet van toepassing" in questions["zorgtype"]["routing_note"]
    assert "De vragen 20, 21, 33 en 34 zijn niet van toepassing" in questions["zorgtype"]["routing_note"]
    assert "Nee (Ga door naar vraag 13)" in questions["maatwerk"]["routing_note"]
    assert "Niet van toepassing (ga door naar vraag 17)" in questions["transitie_afspraken"]["routing_note"]
    assert "In het geval 'nee', door naar vraag 28" in questions["hlo_themas"]["routing_note"]
    assert "afgeleid" in questions["herschikking_knelpunten"]["routing_note"]
    assert "afgeleid" in questions["overproductie_intramuraal"]["routing_note"]
    for key in ("herschikking_intramuraal", "overproductie_intramuraal", "herschikking_thuis",
                "overproductie_thuis"):
        assert "vraag 38" in questions[key]["routing_note"], key


def test_text_fields_and_comments(questions):
    for q in questions.values():
        if "text_field" in q:
            codes = {o["code"] for o in q["options"]}
            assert q["text_field"]["options"] and set(q["text_field"]["options"]) <= codes, q["key"]
    assert {k: q["text_field"]["options"] for k, q in questions.items() if "text_field" in q} \
        == EXPECTED_TEXT_FIELD
    assert {k for k, q in questions.items() if q.get("comment")} == EXPECTED_COMMENT


def test_zorgkantoren_lists(questions):
    zk = questions["zorgkantoren"]["options"]
    assert zk == questions["hoofdzorgkantoor"]["options"]
    labels = [o["label"] for o in zk]
    assert labels[0] == "Groningen" and labels[15] == "Amstelland en De Meerlanden"
    assert labels[16] == "Zuid-Holland Noord" and labels[30] == "Midden IJssel"
    assert not any(lab.startswith("Zorgkantoor") for lab in labels)
    assert len(set(labels)) == 31


def test_uitvoerder_matches_tabel_b5(cb, questions):
    derived = {d["key"]: d for d in cb["derived"]}
    assert derived["omzetgroep"]["from"] == "omzet"
    assert derived["omzetgroep"]["map"] == {1: 1, 2: 1, 3: 2, 4: 3}
    assert [o["label"] for o in derived["omzetgroep"]["options"]] == [
        "Minder dan 40 miljoen euro", "Tussen 40 en 100 miljoen euro", "Meer dan 100 miljoen euro"]

    u = derived["uitvoerder"]
    assert u["from"] == "hoofdzorgkantoor"
    names = {o["code"]: o["label"] for o in u["options"]}
    assert names == {1: "Zilveren Kruis", 2: "CZ", 3: "Menzis", 4: "VGZ", 5: "Overig"}
    assert set(u["map"]) == set(range(1, 32))
    counts = Counter(u["map"].values())
    assert [counts[c] for c in range(1, 6)] == [11, 6, 3, 7, 4]

    b5 = {norm_name(zk): uitv for uitv, zks in TABEL_B5.items() for zk in zks}
    assert len(b5) == 31
    for o in questions["hoofdzorgkantoor"]["options"]:
        assert names[u["map"][o["code"]]] == b5[norm_name(o["label"])], o["label"]


def test_verbatim_wording(questions, questionnaire):
    assert questions["nps"]["text"].startswith(
        "Stel dat verzekerden/cliënten in zorg zouden kunnen kiezen")
    assert questions["omzet"]["text"] == (
        "Wat is de totale jaaromzet (Wlz, Wmo, Zvw, subsidies/overige) van de gehele "
        "zorgorganisatie/concern?")
    assert questions["leveringsvormen"]["options"][3]["label"] == "VPT gesprekkeld"
    assert questions["leveringsvormen"]["options"][3]["short_label"] == "VPT gespikkeld"
    assert questions["zorgtype"]["options"][1]["short_label"] == "Alleen intramurale zorg"
    # question texts taken from Bijlage 4 appear there verbatim (whitespace normalised)
    constructed = {"tariefpercentage_hoger", "tariefpercentage_lager", "pgb_aantal",
                   "hlo_honorering_pct", "capaciteit_afspraken", "leveringsvormen", "contact"}
    for key, q in questions.items():
        if key not in constructed:
            assert norm_text(q["text"]) in questionnaire, key
    # option and item labels likewise, apart from the documented repairs
    repaired = {("tariefpercentage", 3), ("tariefpercentage", 4)}
    for key, q in questions.items():
        for o in q.get("options", []):
            if (key, o["code"]) not in repaired:
                assert norm_text(o["label"]) in questionnaire, (key, o["label"])
        for i in q.get("items", []):
            assert norm_text(i["label"]) in questionnaire, (key, i["label"])
