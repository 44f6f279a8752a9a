"""The Scrubber and find_personal_data (lib/wlzmonitor/privacy.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from wlzmonitor.inputs.privacy import contact_values, find_personal_data, PLACEHOLDERS, scan_personal_data, Scrubber
from wlzmonitor.spec.privacy_settings import load_privacy_settings, PrivacySettings

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "privacy.yml"
DEMO_TEXTS = ROOT / "data" / "demo" / "texts_2026.yml"

PHONE = PLACEHOLDERS["phone"]
EMAIL = PLACEHOLDERS["email"]
URL = PLACEHOLDERS["url"]
NAME = PLACEHOLDERS["name"]
ORG = PLACEHOLDERS["organisation"]


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(
        names=["Tessa de Haan", "Rianne Bos", "Zoë de Vries", "Koen van Leeuwen", "Gerrit van der Heijden",
               "Femke"],
        organisations=["Zorggroep Eikenbrug", "Stichting Wilgenlanden Zorg", "Zorgcentra Nieuw Plompveld"],
        locations=["Dorpsstraat"],
    )


@pytest.fixture(scope="module")
def demo_scrubber(survey_2026) -> Scrubber:
    return Scrubber.from_survey(survey_2026, config_path=CONFIG)


def open_text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c.endswith("__tekst") or c.endswith("__toelichting")]


# --------------------------------------------------------------------------------------------
# patterns: phone numbers, e-mail addresses, URLs
# --------------------------------------------------------------------------------------------

PHONES = [
    "06-12345678",
    "06 12345678",
    "06 12 34 56 78",
    "0612345678",
    "06 - 1234 5678",
    "06-123 456 78",
    "06.12.34.56.78",
    "+31 6 1234 5678",
    "+31612345678",
    "+31 (0)6 12345678",
    "+31(0)20-1234567",
    "+31 20 123 4567",
    "0031 6 12345678",
    "0031 20 1234567",
    "020-1234567",
    "020 123 45 67",
    "0201234567",
    "(010) 123 45 67",
    "(0511) 12 34 56",
    "0511-123456",
    "088-123 45 67",
    "085 - 123 45 67",
    "0800-1234",
    "0800 0123",
    "0900-1234567",
    "0900 123 45 67",
    "+32 2 123 45 67",
    "+49 (0)30 1234567",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_formats(scrubber, phone):
    assert scrubber.scrub(f"Bel {phone} vandaag.") == f"Bel {PHONE} vandaag."
    assert scrubber.scrub(f"({phone})") == f"({PHONE})"
    assert scrubber.scrub(f"tel.:{phone}") == f"tel.:{PHONE}"


def test_two_phone_numbers_in_a_row(scrubber):
    assert scrubber.scrub("020-1234567/06-12345678") == f"{PHONE}/{PHONE}"
    assert scrubber.scrub("bel 020-1234567 of 06 12 34 56 78, of mail") == f"bel {PHONE} of {PHONE}, of mail"


@pytest.mark.parametrize(
    "text",
    [
        "Het richttarief is 95,5% en met de HLO-opslag van 0,9% komen we op 96,4%.",
        "Een tekort van € 1.250.000 op een omzet van €45.000.000 in 2025.",
        "We hebben 12 cliënten op de wachtlijst en 120 bedden, 2024-2026.",
        "Overleg op 12-11-2025, 06-12-2025 12 cliënten besproken, en op 1/12/2025.",
        "Productie 2026: 1.234 dagen VV7, 0,4% extra, 10 plekken en 5 fte.",
        "Score 7 tot 8, NPS +7, n=122, 35% en 4,05 gemiddeld.",
        "Bijlage B3 (Tabel B12) en Vraag 40, 0-6 critici.",
        "Meerjarig 2026-2028 met 3 x 0,3% en 1.000.000 euro voor 31 regio's.",
    ],
)
def test_numbers_that_are_not_phone_numbers(scrubber, text):
    assert scrubber.scrub(text) == text


@pytest.mark.parametrize(
    "email",
    [
        "t.dehaan@wilgenlanden.example",
        "Info@ActiZ.nl",
        "k.van-leeuwen+enquete@zorg.eikenbrug-zorg.example",
        "r_bos@zilverberk.example",
        "f.meijer (at) boekweitstede.example",
        "f.meijer[at]boekweitstede.example",
    ],
)
def test_email_addresses(scrubber, email):
    assert scrubber.scrub(f"Mail naar {email}.") == f"Mail naar {EMAIL}."
    assert scrubber.scrub(f"({email})") == f"({EMAIL})"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zie https://www.actiz.nl/wlz-inkoop?jaar=2026.", f"Zie {URL}."),
        ("Zie http://zorgkantoor.example/beleid, pagina 3", f"Zie {URL}, pagina 3"),
        ("(zie www.zilverberk.example)", f"(zie {URL})"),
        ("Op actiz.nl staat het.", f"Op {URL} staat het."),
        ("Op ActiZ.nl/wlz staat het", f"Op {URL} staat het"),
        ("zorgkantoor.example en heidezoom-wonen.example", f"{URL} en {URL}"),
        ("WWW.Eikenbrug.nl", URL),
    ],
)
def test_urls(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Zorg i.p.v. welzijn, i.v.m. de cao, m.b.t. de HLO-opslag, o.a. VPT.",
        "Het Kompas.De organisatie werkt eraan.",  # missing space, capital: no domain
        "Rapportage.pdf en de kwaliteitsagenda.docx",
    ],
)
def test_abbreviations_are_not_urls(scrubber, text):
    assert scrubber.scrub(text) == text


# --------------------------------------------------------------------------------------------
# names and organisations
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Contact: Tessa de Haan.", f"Contact: {NAME}."),
        ("contact: tessa de haan", f"contact: {NAME}"),
        ("TESSA DE HAAN belt terug", f"{NAME} belt terug"),
        ("Tessa de  Haan belt", f"{NAME} belt"),  # extra space
        ("Tessa belt terug", f"{NAME} belt terug"),
        ("Tessa's mail en Tessas mail", f"{NAME} mail en {NAME} mail"),
        ("Koens voorstel", f"{NAME} voorstel"),
        ("Mevrouw De Haan is bestuurder", f"Mevrouw {NAME} is bestuurder"),
        ("met de Vries en De Vries' mail", f"met {NAME} en {NAME} mail"),
        ("Zoë de Vries en Zoe de Vries", f"{NAME} en {NAME}"),
        ("Zoë's plan", f"{NAME} plan"),
        ("Gerrit van der Heijden en Van der Heijden", f"{NAME} en {NAME}"),
        ("mevrouw Heijden", f"mevrouw {NAME}"),
        ("J. van der Heijden en G.H. van der Heijden", f"{NAME} en {NAME}"),
        ("Femke", NAME),
        # common words as names: in the full name, with a capital in a sentence, beside a name, after a title
        ("Rianne Bos en rianne bos", f"{NAME} en {NAME}"),
        ("Rianne heeft Bos gebeld", f"{NAME} heeft {NAME} gebeld"),  # review: "overleg met Kok" was published
        ("Rianne  Bos", NAME),
        ("In het bos bij de boer", "In het bos bij de boer"),
        ("mevrouw Bos en dhr. Vos", f"mevrouw {NAME} en dhr. {NAME}"),
        ("Koen van Leeuwen", NAME),
        ("Van Leeuwen belt", f"{NAME} belt"),
        ("zij vechten als van leeuwen", "zij vechten als van leeuwen"),
        ("de heer J. de Jong", f"de heer {NAME}"),
    ],
)
def test_person_names(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bij Zorggroep Eikenbrug is dit besproken.", f"Bij {ORG} is dit besproken."),
        ("bij zorggroep eikenbrug", f"bij {ORG}"),
        ("Eikenbrug en EIKENBRUG", f"{ORG} en {ORG}"),
        ("Eikenbrugs beleid en Eikenbrug's plan", f"{ORG} beleid en {ORG} plan"),
        ("Stichting Wilgenlanden Zorg, Wilgenlanden Zorg en Wilgenlanden", f"{ORG}, {ORG} en {ORG}"),
        ("Zorgcentra Nieuw\nPlompveld en Plompveld", f"{ORG} en {ORG}"),
        # a street with a house number is an address (the whole of it), the street alone a location
        ("locatie aan de Dorpsstraat 12", f"locatie aan de {PLACEHOLDERS['address']}"),
        ("locatie aan de Dorpsstraat", f"locatie aan de {PLACEHOLDERS['location']}"),
        ("Zorggroep Eikenbruggen", "Zorggroep Eikenbruggen"),  # another word: untouched
        ("De zorggroep en de stichting", "De zorggroep en de stichting"),
    ],
)
def test_organisations_and_locations(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


def test_first_names_that_are_words():
    s = Scrubber(names=["Ben Jansen", "Jan de Wit"])
    assert s.scrub("Ik ben Ben Jansen, in jan. 2026 sprak ik Jan de Wit.") == (
        f"Ik ben {NAME}, in jan. 2026 sprak ik {NAME}."
    )
    assert s.scrub("Ik ben het eens, de wit geschilderde muur.") == "Ik ben het eens, de wit geschilderde muur."
    assert s.scrub("Jansen belde; Jansens mail") == f"{NAME} belde; {NAME} mail"
    assert s.scrub("Ben belde") == "Ben belde"  # a common word alone is not a name (documented limit)


def test_longest_match_first():
    s = Scrubber(names=["Anna de Vries"], organisations=["Stichting De Vries Zorg"])
    assert s.scrub("Bij Stichting De Vries Zorg werkt Anna de Vries.") == f"Bij {ORG} werkt {NAME}."


def test_a_leak_sentence_from_the_demo_templates(scrubber):
    text = ("Zie ook de mail van Tessa de Haan (t.dehaan@wilgenlanden.example) aan het zorgkantoor "
            "van 12 november; bij Zorggroep Eikenbrug bereikbaar op 06-91509780 of via "
            "www.eikenbrug-zorg.example.")
    assert scrubber.scrub(text) == (
        f"Zie ook de mail van {NAME} ({EMAIL}) aan het zorgkantoor van 12 november; bij {ORG} "
        f"bereikbaar op {PHONE} of via {URL}."
    )


# --------------------------------------------------------------------------------------------
# ordinary text, idempotence, determinism
# --------------------------------------------------------------------------------------------

ORDINARY = [
    "Met de HLO-opslag kunnen we ons programma rond zinvolle daginvulling doorzetten.",
    "Hoger % dan het richttarief geeft lucht voor scholing en eigen-regietrajecten.",
    "Opslag bovenop 95,5% maakt uitbreiding van onze vrijwilligerscoördinatie mogelijk.",
    "Zonder structurele verhoging blijft het bij losse pilots i.p.v. brede uitrol.",
    "Met 95,5% redden we het niet met onze personeelssamenstelling.",
    "95,5% plus 0,9% HLO-opslag, samen 96,4%.",
    "Per prestatie een ander percentage, gemiddeld rond 96,2%.",
    "Basis 95,5% en een regionale innovatieopslag van 0,3%.",
    "Extra 0,4% voor onze rol als regionaal expertisecentrum.",
    "Deel via HLO-opslag, de rest van het verzoek is doorgeschoven naar 2027.",
    "Afspraken kwamen te laat, de begroting 2026 moest op aannames.",
    "Cliëntenmix zwaarder dan afgesproken, meer VV7 en VV8.",
    "Extra opnames vanuit het ziekenhuis i.v.m. regionale druk.",
    "ZK rekende de productie van de nieuwe locatie in november en december niet mee.",
    "Standaard €1-afspraak, het echte budget volgt pas bij de herschikking.",
    "ZK houdt vast aan maximaal 80% met behandeling.",
    "Geen feedback ontvangen op ons kwaliteitsbeeld over 2024.",
    "Addendum met SMART-KPI's waarop wordt afgerekend, veel registratielast.",
    "0,4%, de aanvraag was begrensd tot één thema.",
    "Meer informatie over de situatie volgt in de regio.",
    "Nieuwbouw opent medio 2026, dan verwachten we een afname.",
    "Verzoek om tien extra PG-plekken werd direct afgewezen.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_demo_explanations_unchanged(demo_scrubber, text):
    assert demo_scrubber.scrub(text) == text


def _bank_texts(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _bank_texts(v)
    elif isinstance(node, list):
        for v in node:
            yield from _bank_texts(v)


def test_whole_demo_text_bank_unchanged(demo_scrubber):
    """Every ordinary text of the demo generator survives the demo scrubber untouched."""
    bank = yaml.safe_load(DEMO_TEXTS.read_text(encoding="utf-8"))
    texts = [t for key in ("option_texts", "comments", "open") for t in _bank_texts(bank[key])]
    assert len(texts) > 400
    changed = {t: demo_scrubber.scrub(t) for t in texts if demo_scrubber.scrub(t) != t}
    assert changed == {}


def test_idempotent(scrubber, demo_scrubber):
    samples = PHONES + ORDINARY + [
        "Tessa's mail (t.dehaan@wilgenlanden.example), www.actiz.nl, Zorggroep Eikenbrug, mevrouw Bos",
        "[naam] [organisatie] [e-mailadres] [telefoonnummer] [website]",
    ]
    for s in (scrubber, demo_scrubber):
        for text in samples:
            once = s.scrub(text)
            assert s.scrub(once) == once


def test_placeholders_untouched(demo_scrubber):
    text = "Zie [naam] van [organisatie], [e-mailadres], [telefoonnummer], [website]."
    assert demo_scrubber.scrub(text) == text


def test_deterministic_whatever_the_input_order():
    names = ["Tessa de Haan", "Rianne Bos", "Koen van Leeuwen"]
    orgs = ["Zorggroep Eikenbrug", "Woonzorg Heidezoom"]
    a = Scrubber(names=names, organisations=orgs)
    b = Scrubber(names=list(reversed(names)), organisations=list(reversed(orgs)))
    assert a.term_list() == b.term_list()
    text = "Tessa de Haan en Koen van Leeuwen van Heidezoom"
    assert a.scrub(text) == b.scrub(text) == f"{NAME} en {NAME} van {ORG}"


def test_non_strings_pass_through(scrubber):
    assert scrubber.scrub(None) is None
    assert scrubber.scrub(pd.NA) is pd.NA
    assert scrubber.scrub("") == ""
    out = scrubber.scrub_series(pd.Series(["Tessa belt", None], dtype="string"))
    assert out.iloc[0] == f"{NAME} belt" and pd.isna(out.iloc[1])


# --------------------------------------------------------------------------------------------
# configuration
# --------------------------------------------------------------------------------------------


def test_privacy_config():
    settings = load_privacy_settings(CONFIG)
    bank = yaml.safe_load(DEMO_TEXTS.read_text(encoding="utf-8"))["personal_data"]
    assert sorted(settings.organisations) == sorted(bank["organisations"])
    assert "Dorpsstraat" in settings.locations
    assert settings.small_group_threshold == 5
    assert settings.explanations_min_group == 5
    assert settings.small_group_action == "suppress"


def test_small_group_settings(tmp_path):
    p = tmp_path / "privacy.yml"
    p.write_text("small_group_threshold: 7\n", encoding="utf-8")
    settings = load_privacy_settings(p)  # explanations follow the threshold when left out
    assert (settings.small_group_threshold, settings.explanations_min_group, settings.small_group_action) == \
        (7, 7, "suppress")
    p.write_text("small_group_threshold: 5\nexplanations_min_group: 8\nsmall_group_action: mark\n",
                 encoding="utf-8")
    settings = load_privacy_settings(p)
    assert (settings.explanations_min_group, settings.small_group_action) == (8, "mark")
    p.write_text("small_group_threshold: 5\nexplanations_min_group: 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"'explanations_min_group' \(3\) is below 'small_group_threshold' \(5\)"):
        load_privacy_settings(p)
    p.write_text("small_group_action: hide\n", encoding="utf-8")
    with pytest.raises(ValueError, match="small_group_action.*'hide'"):
        load_privacy_settings(p)


def test_privacy_config_rejects_unknown_keys(tmp_path):
    p = tmp_path / "privacy.yml"
    p.write_text("organisations: [a]\norganizations: [b]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="organizations"):
        load_privacy_settings(p)
    p.write_text("explanations_min_group: 0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="explanations_min_group"):
        load_privacy_settings(p)


def test_demo_names_cover_the_personal_data_lists(survey_2026, demo_scrubber):
    """Every first and last name the demo generator can put in a leak is scrubbed."""
    bank = yaml.safe_load(DEMO_TEXTS.read_text(encoding="utf-8"))["personal_data"]
    for first in bank["first_names"]:
        for last in bank["last_names"]:
            assert demo_scrubber.scrub(f"Bel {first} {last} morgen.") == f"Bel {NAME} morgen."


# --------------------------------------------------------------------------------------------
# find_personal_data and the demo survey
# --------------------------------------------------------------------------------------------


def test_find_personal_data_forms(survey_2026):
    contact = contact_values(survey_2026)
    name = next(n for n in contact["names"] if n not in contact["address_names"])  # a name field's "First Last"
    email, phone = contact["emails"][0], contact["phones"][0]
    digits = "".join(c for c in phone if c.isdigit())
    international = f"+31 {digits[1]} {digits[2:6]} {digits[6:]}"
    settings = PrivacySettings(organisations=("Zorggroep Eikenbrug",), names=("Femke",))
    text = f"{name.upper()} / {email.upper()} / {international} / zorggroep eikenbrug / Femke"
    assert find_personal_data(text, survey_2026, settings=settings, name_parts_too=False) == sorted(
        [name, email, phone, "Zorggroep Eikenbrug", "Femke"]
    )
    # with the name parts (default): also the first name and surname on their own
    first, last = name.split(" ", 1)
    assert set(find_personal_data(f"{first} en {last}", survey_2026, settings=settings)) >= {first, last}
    assert find_personal_data(text.encode("utf-8"), survey_2026, settings=settings)
    assert find_personal_data("Niets bijzonders, 95,5% en 2026.", survey_2026, settings=settings) == []
    # embedded images are skipped
    assert find_personal_data(f'<img src="data:image/png;base64,AAAA{digits}Femke==">', survey_2026,
                              settings=settings) == []


def test_demo_texts_leak_before_scrubbing(survey_2026):
    """The demo data does contain leaks (otherwise the next test proves nothing)."""
    frame = survey_2026.responses
    leaky = [
        v for c in open_text_columns(frame) for v in frame[c].dropna()
        if find_personal_data(v, survey_2026, config_path=CONFIG)
    ]
    assert len(leaky) >= 5  # data/demo/2026.yml: leaky_answers: 8 (some may fall on excluded rows)
    # an e-mail address that is no contact value is still reported (patterns=True)
    assert find_personal_data("mail h.vandijk@eikenbrug-zorg.example of 020-1234567", survey_2026,
                              config_path=CONFIG) == ["020-1234567", "h.vandijk@eikenbrug-zorg.example"]
    assert find_personal_data("mail h.vandijk@eikenbrug-zorg.example", survey_2026, config_path=CONFIG,
                              patterns=False) == []


def test_no_personal_data_after_scrubbing(survey_2026, demo_scrubber):
    frame = survey_2026.responses
    settings = load_privacy_settings(CONFIG)
    columns = open_text_columns(frame) + [
        c for q in survey_2026.codebook.questions if q.type == "open" for c in q.field_columns().values()
    ]
    left = {}
    for c in columns:
        for rid, v in frame[c].dropna().items():
            out = demo_scrubber.scrub(v)
            found = find_personal_data(out, survey_2026, settings=settings)
            if found:
                left[(rid, c)] = found
            for kind in ("@", ".example", "06-"):
                assert kind not in out, (rid, c, out)
    assert left == {}


def test_scrub_survey_returns_a_scrubbed_copy_without_contact_details(survey_2026, demo_scrubber):
    from wlzmonitor.inputs.privacy import scrub_survey, text_columns

    columns = [c for c in text_columns(survey_2026.codebook) if c in survey_2026.responses.columns]
    assert not any("contact" in c for c in columns)
    before = survey_2026.responses[columns].copy()
    clean = scrub_survey(survey_2026, demo_scrubber)
    pd.testing.assert_frame_equal(survey_2026.responses[columns], before)  # the input is not changed
    assert clean._private.empty and not survey_2026._private.empty
    assert clean.n == survey_2026.n and list(clean.responses.columns) == list(survey_2026.responses.columns)
    for column in columns:
        assert clean.responses[column].dtype == survey_2026.responses[column].dtype
        assert clean.responses[column].isna().equals(survey_2026.responses[column].isna())
    changed = (clean.responses[columns].fillna("") != before.fillna("")).to_numpy().sum()
    assert changed >= 3  # the seeded leaks
    # every other column is untouched
    others = [c for c in survey_2026.responses.columns if c not in columns]
    pd.testing.assert_frame_equal(clean.responses[others], survey_2026.responses[others])


# -- a review's hostile contact fields and answers (each published before, the gate silent) --------
NAME = PLACEHOLDERS["name"]


def _gate_hits(contact: str, text: str, field: str = "name") -> list[tuple[str, str]]:
    from wlzmonitor.inputs.privacy import DenyList, scan_personal_data

    deny = DenyList((("R0008", field, contact),), PrivacySettings())
    return [(h.kind, h.value) for h in scan_personal_data(text, deny) if h.kind.startswith("contact")]


@pytest.mark.parametrize("contact, text, expected", [
    ("Sem Ozturk", "Öztürk heeft dit uitgezocht, met Sem Öztürk.", f"{NAME} heeft dit uitgezocht, met {NAME}."),
    ("Sem Öztürk", "Ozturk en sem ozturk.", f"{NAME} en {NAME}."),
    ("Łukasz Nowak", "Lukasz belde.", f"{NAME} belde."),
    ("Zoë Dekkers", "Zoe en Zoë en Zoé.", f"{NAME} en {NAME} en {NAME}."),
])
def test_a_contact_name_is_found_with_or_without_its_accents(contact, text, expected):
    assert Scrubber(names=[contact]).scrub(text) == expected
    assert _gate_hits(contact, text)  # and the gate finds it in a page


def test_accents_are_folded_one_for_one():
    from wlzmonitor.inputs.privacy import fold_accents

    assert fold_accents("Öztürk, Łukasz, Ærø, Zoë, café €5 İlkay ß") == "Ozturk, Lukasz, Æro, Zoe, cafe €5 Ilkay ß"
    assert len(fold_accents("Öztürk Ḿ ǅ")) == len("Öztürk Ḿ ǅ")
    assert Scrubber(names=["Sem Ozturk"]).scrub("De café aan de Özlaan.") == "De café aan de Özlaan."


@pytest.mark.parametrize("contact, text, expected", [
    ("Lotte de Wit; Bram Verbeek", "Bram Verbeek heeft dit uitgezocht, Verbeek ook.", f"{NAME} heeft dit uitgezocht, {NAME} ook."),
    ("Anouk van Dam en Ruud Hoekstra", "Hoekstra en Ruud en Van Dam.", f"{NAME} en {NAME} en {NAME}."),
    ("Marloes van Rijn, Hidde Postma", "Hidde Postma en Postma.", f"{NAME} en {NAME}."),
    ("Marloes van Rijn & Hidde Postma", "Postma zei het.", f"{NAME} zei het."),
    ("Marloes van Rijn / Hidde Postma", "Postma zei het.", f"{NAME} zei het."),
    ("Marloes van Rijn (Hidde Postma)", "Postma zei het.", f"{NAME} zei het."),
    ("Marloes van Rijn\nHidde Postma", "Postma zei het.", f"{NAME} zei het."),
    ("Dhr.Kuipers", "Zoals Kuipers al zei.", f"Zoals {NAME} al zei."),
    ("P.Wolters", "Wolters wees erop.", f"{NAME} wees erop."),
    ("Joost Timmermans-van Beek", "Timmermans heeft dit uitgezocht.", f"{NAME} heeft dit uitgezocht."),
    ("Piet Jansen-de Vries", "Jansen en De Vries.", f"{NAME} en {NAME}."),
])
def test_every_person_and_part_of_a_contact_name_field_is_a_name(contact, text, expected):
    """Two people in one field (the second after a first with a particle was taken for part of a
    surname), a title or initial glued to the name, a double surname joined before a particle."""
    assert Scrubber(names=[contact]).scrub(text) == expected
    assert _gate_hits(contact, text)


def test_people_of_one_field():
    from wlzmonitor.inputs.privacy import contact_persons

    assert contact_persons("Lotte de Wit; Bram Verbeek") == ["Lotte de Wit", "Bram Verbeek"]
    assert contact_persons("Anouk van Dam EN Ruud Hoekstra") == ["Anouk van Dam", "Ruud Hoekstra"]
    assert contact_persons("Jansen, Piet") == ["Jansen", "Piet"]
    assert contact_persons("Pieter Klaassen") == [] and contact_persons("Henk Oever") == []
    assert contact_persons("Piet Jansen (06-12345678)") == ["Piet Jansen"]  # a number is no person
    assert contact_persons("Piet Jansen; p.jansen@zorg.nl") == ["Piet Jansen"]


@pytest.mark.parametrize("field, value, kinds", [
    ("email", "Hidde Postma", ["email", "name"]),
    ("phone", "Wietske Hofstra", ["phone", "name"]),
    ("name", "h.postma@zorggroep-west.nl", ["name", "email"]),
    ("name", "Piet 06-12345678", ["name", "phone"]),
    ("email", "p.jansen@zorg.nl", ["email"]),
    ("phone", "06-12345678", ["phone"]),
    ("phone", "tel. 06 1234 5678", ["phone"]),
])
def test_a_contact_value_in_the_wrong_field_is_looked_for_as_what_it_is(field, value, kinds):
    from wlzmonitor.inputs.privacy import _contact_kinds

    assert _contact_kinds(field, value) == kinds


def test_a_name_typed_into_the_email_field_is_scrubbed_and_gated():
    private = pd.DataFrame({"contact__naam": ["h.postma@zorggroep-west.nl", ""], "contact__email": ["Hidde Postma", ""],
                            "contact__telefoon": ["", "Wietske Hofstra"]}, index=["R0003", "R0004"])
    values = contact_values(private)
    assert {"Hidde Postma", "Wietske Hofstra"} <= set(values["names"])
    assert "h.postma@zorggroep-west.nl" in values["emails"]
    scrubber = Scrubber(names=values["names"], emails=values["emails"])
    assert scrubber.scrub("Hidde Postma weet het; Postma en Wietske Hofstra ook. Mail h.postma@zorggroep-west.nl") == (
        f"{NAME} weet het; {NAME} en {NAME} ook. Mail {PLACEHOLDERS['email']}")
    assert _gate_hits("Hidde Postma", "Volgens Postma klopt dit.", field="email")


@pytest.mark.parametrize("text", ["Vragen? Mail piet.pietersen[@]zorggroep-noord.nl of bel.",
                                  "piet (@) zorggroep-noord.nl", "piet{@}zorg.nl", "piet <@> zorg.nl"])
def test_an_at_sign_in_brackets_is_an_address(text):
    assert PLACEHOLDERS["email"] in Scrubber().scrub(text) and "piet" not in Scrubber().scrub(text)


@pytest.mark.parametrize("text, expected", [
    ("Mvg, Hidde Postma", f"Mvg, {NAME}"),
    ("M.v.g., H. Postma", f"M.v.g., {NAME}"),
    ("Met vriendelijke groet\nHidde Postma\nManager", f"Met vriendelijke groet\n{NAME}\nManager"),
    ("contactpersoon is Hidde Postma", f"contactpersoon is {NAME}"),
    ("Bel mijnheer Postma.", f"Bel mijnheer {NAME}."),
    # no name after them: unchanged
    ("de contactpersoon Zilveren Kruis belt", "de contactpersoon Zilveren Kruis belt"),
    ("Groeten uit Zwolle", "Groeten uit Zwolle"),
    ("mijnheer is niet bereikbaar", "mijnheer is niet bereikbaar"),
])
def test_more_cues_before_a_name(text, expected):
    assert Scrubber().scrub(text) == expected


# -- a review of the fixes above: no new over-scrubbing, no slow patterns -----------------------------
@pytest.mark.parametrize("placeholder", ["geen", "Geen", "nvt", "n.v.t.", "N.v.t.", "onbekend", "idem", "zie boven",
                                         "Zie e-mail", "privé", "-", "Directeur", "Secretariaat"])
def test_a_placeholder_in_the_email_or_phone_field_is_no_name(placeholder):
    """'geen' in the phone field made every 'Geen' of the pages a contact name: the gate failed a clean run."""
    from wlzmonitor.inputs.privacy import DenyList, _contact_kinds, scan_personal_data

    assert _contact_kinds("phone", placeholder) == ["phone"] and _contact_kinds("email", placeholder) == ["email"]
    deny = DenyList((("R0001", "phone", placeholder), ("R0001", "name", "Jan Jansen")), PrivacySettings())
    text = "Geen mening. Weet niet / n.v.t. Zie boven; idem; onbekend. De directeur en het secretariaat."
    assert [h for h in scan_personal_data(text, deny) if h.kind == "contact-name"] == []
    assert Scrubber(names=contact_values(pd.DataFrame({"c__telefoon": [placeholder]}))["names"]).scrub(text) == text


def test_what_a_deny_list_looks_for_is_worked_out_once(monkeypatch):
    """The contact names, organisations and respondents of a deny list were worked out again for every
    text scanned (0.8 ms a scan, thousands of scans a run); now once per deny list. A name typed into the
    e-mail field is found as a name, and now with its respondent (it was found without)."""
    from wlzmonitor.inputs import privacy
    from wlzmonitor.inputs.privacy import DenyList

    entries = (("R0001", "name", "Jan Jansen"), ("R0002", "email", "Piet Pietersen"), ("R0003", "phone", "geen"),
               ("R0002", "organisation", "Zorggroep Eikenbrug"), ("R0004", "name", "Jan Jansen"),
               ("R0004", "email", "jan@eikenbrug.example"))
    deny = DenyList(entries, PrivacySettings(organisations=("Huize Linde",)))
    assert deny.names == ("Jan Jansen", "Piet Pietersen")  # a name typed into the e-mail field; not 'geen'
    assert deny.organisations == ("Huize Linde", "Zorggroep Eikenbrug")
    assert deny.entry_owners["name:Jan Jansen"] == {"R0001", "R0004"}
    assert deny.entry_owners["name:Piet Pietersen"] == deny.entry_owners["email:Piet Pietersen"] == {"R0002"}
    calls = []
    real = privacy._contact_kinds
    monkeypatch.setattr(privacy, "_contact_kinds", lambda kind, value: calls.append(value) or real(kind, value))
    fresh = DenyList(entries, PrivacySettings(organisations=("Huize Linde",)))
    text = "Jan Jansen en Piet Pietersen van Zorggroep Eikenbrug en Huize Linde; geen opmerkingen."
    first = scan_personal_data(text, fresh)
    worked_out = len(calls)
    assert worked_out and scan_personal_data(text, fresh) == first and len(calls) == worked_out
    assert [(h.kind, h.value, h.respondents) for h in first] == [
        ("contact-name", "Jan Jansen", ("R0001", "R0004")), ("contact-name", "Piet Pietersen", ("R0002",)),
        ("contact-organisation", "Zorggroep Eikenbrug", ("R0002",)), ("organisation", "Huize Linde", ())]


@pytest.mark.parametrize("text", [
    "Onze contactpersoon is Zilveren Kruis Zorgkantoor.", "Het aanspreekpunt is Zorgkantoor Zwolle.",
    "Met vriendelijke groet Team Inkoop", "Met vriendelijke groet\nRaad Van Bestuur", "Mvg, Zorggroep Oost",
    "Contactpersoon: Team Inkoop", "contactpersoon was Menzis",
])
def test_a_cue_before_an_organisation_or_team_keeps_it(text):
    assert Scrubber.from_settings(load_privacy_settings(None)).scrub(text) == text


@pytest.mark.parametrize("text, expected", [
    # a cue without a colon, the words of a form, an invitation to call, a first name that signs a message
    ("Contactpersoon Pieter Klaassen belt", f"Contactpersoon {NAME} belt"),
    ("Ingevuld door Hidde Bakker", f"Ingevuld door {NAME}"), ("ingevuld door: H. Bakker", f"ingevuld door: {NAME}"),
    ("Geschreven door Hidde Bakker, bestuurssecretaris", f"Geschreven door {NAME}, bestuurssecretaris"),
    ("Namens Karin Smit, manager zorg", f"Namens {NAME}, manager zorg"),
    ("Vragen? Neem gerust contact op met Anne de Vries.", f"Vragen? Neem gerust contact op met {NAME}."),
    ("U kunt contact opnemen met J. Bos", f"U kunt contact opnemen met {NAME}"),
    ("Groet, Hidde", f"Groet, {NAME}"), ("Mvg Sanne", f"Mvg {NAME}"), ("Gr. Hidde Bakker", f"Gr. {NAME}"),
    ("Met vriendelijke groet,\nHidde\nManager", f"Met vriendelijke groet,\n{NAME}\nManager"),
    ("Groetjes Sanne!", f"Groetjes {NAME}!"), ("Groeten Hidde Bakker", f"Groeten {NAME}"),
    ("Ingevuld door Hidde Bakker en Sanne de Vries.", f"Ingevuld door {NAME} en {NAME}."),
    ("Contactpersonen: zie boven. Contactpersoon: J. Bos & P. de Wit", f"Contactpersonen: zie boven. Contactpersoon: {NAME} & {NAME}"),
    ("Namens Karin Smit en Zorggroep Oost", f"Namens {NAME} en Zorggroep Oost"),
    ("Groet, Hidde Bakker en Team.", f"Groet, {NAME} en Team."),
    ("Namens Zorggroep Oost en Karin Smit", f"Namens Zorggroep Oost en {NAME}"),
    ("Contactpersoon: SANNE DE JONG", f"Contactpersoon: {NAME}"),
    ("MET VRIENDELIJKE GROET, HIDDE BAKKER", f"MET VRIENDELIJKE GROET, {NAME}"),
    ("Contactpersoon: TEAM INKOOP", "Contactpersoon: TEAM INKOOP"), ("Contactpersoon: VGZ", "Contactpersoon: VGZ"),
    ("contactpersoon is CZ ZORGKANTOOR", "contactpersoon is CZ ZORGKANTOOR"),
    # a first name and the role it signs with: the name replaced, the role kept
    ("Groet, Hidde Directeur", f"Groet, {NAME} Directeur"),
    ("Met vriendelijke groet, Sanne Manager.", f"Met vriendelijke groet, {NAME} Manager."),
    # a first name alone followed by what it signs for, or ending its line after a non-breaking space or
    # another line break than \n (these passed: only a line end, "." or "!" right after the name counted)
    ("Mvg, Sanne (teamleider)", f"Mvg, {NAME} (teamleider)"), ("Groeten,\nSanne, manager zorg", f"Groeten,\n{NAME}, manager zorg"),
    ("Groet, Hidde - inkoop", f"Groet, {NAME} - inkoop"), ("Groet, Hidde; tel. volgt", f"Groet, {NAME}; tel. volgt"),
    ("Groet, Hidde\u00a0", f"Groet, {NAME}\u00a0"), ("Groet, Hidde\u2028Manager", f"Groet, {NAME}\u2028Manager"),
    ("Mvg. Sanne", f"Mvg. {NAME}"),
    # review: a second person who is a first name alone, and a first name in capitals that signs
    ("Groet, Hidde Bakker en Sanne", f"Groet, {NAME} en {NAME}"),
    ("CONTACTPERSOON: SANNE BAKKER EN PIET.", f"CONTACTPERSOON: {NAME} EN {NAME}."),
    ("Namens Karin Smit & Anne, manager", f"Namens {NAME} & {NAME}, manager"),
    ("Mvg JAN", f"Mvg {NAME}"), ("MVG\nSANNE\nMANAGER", f"MVG\n{NAME}\nMANAGER"),
    ("Ingevuld door HIDDE BAKKER (directeur)", f"Ingevuld door {NAME} (directeur)"),
    # review: a role or a conversation before a name, English closings, "contact:", double surnames, O'Brien
    ("Vragen? Bel Sanne Bakker op maandag", f"Vragen? Bel {NAME} op maandag"),
    ("onze accountmanager Pieter Klaassen van CZ reageert traag", f"onze accountmanager {NAME} van CZ reageert traag"),
    ("De zorginkoper, Pieter Klaassen, was bereikbaar.", f"De zorginkoper, {NAME}, was bereikbaar."),
    ("Gesprek met Pieter de Vries gehad", f"Gesprek met {NAME} gehad"), ("contact: Sanne Bakker", f"contact: {NAME}"),
    ("Met vriendelijke groet / Kind regards, Sanne Bakker", f"Met vriendelijke groet / Kind regards, {NAME}"),
    ("Best regards, Sanne", f"Best regards, {NAME}"), ("Groetjes van Sanne", f"Groetjes van {NAME}"),
    ("Groet Sanne Bakker-de Vries", f"Groet {NAME}"), ("Groet, Anne Jansen-van der Berg.", f"Groet, {NAME}."),
    ("Contactpersoon: Anne-Marie O'Brien", f"Contactpersoon: {NAME}"),
    # review: closing words followed by another mark than a comma, other closings, a role after a name in capitals
    ("Met vriendelijke groet / Pieter Klaassen", f"Met vriendelijke groet / {NAME}"), ("groet: Pieter Klaassen", f"groet: {NAME}"),
    ("groet - Pieter Klaassen", f"groet - {NAME}"), ("Groet; Pieter Klaassen", f"Groet; {NAME}"),
    ("Met vriendelijke groet.\nPieter Klaassen", f"Met vriendelijke groet.\n{NAME}"),
    ("Alvast bedankt, Pieter Klaassen", f"Alvast bedankt, {NAME}"), ("Sincerely, Pieter Klaassen", f"Sincerely, {NAME}"),
    ("vgr Pieter Klaassen", f"vgr {NAME}"), ("mvgr Pieter Klaassen", f"mvgr {NAME}"), ("Gr Pieter Klaassen", f"Gr {NAME}"),
    ("MVG PIETER KLAASSEN DIRECTEUR", f"MVG {NAME} DIRECTEUR"),
])
def test_names_after_the_words_of_a_form_or_a_closing(text, expected):
    assert Scrubber().scrub(text) == expected


@pytest.mark.parametrize("text", [
    "namens de Raad van Bestuur", "Namens Zorggroep Oost", "Ingevuld door de bestuurder", "Groeten uit Zwolle",
    "Groeten, Bestuur", "Met vriendelijke groet,\nTeam Inkoop", "Neem contact op met het zorgkantoor",
    "Neem contact op met Zorgkantoor Zwolle", "contactpersoon Menzis", "Mvg Menzis", "Namens ActiZ",
    "Met vriendelijke groet\nDe directie", "Contactpersoon VGZ reageert snel.", "Groeten aan Zilveren Kruis",
    "Het aanspreekpunt Zilveren Kruis was goed bereikbaar.", "Met vriendelijke groet, Bestuurder",
    # national organisations and a head of department ('[naam]' before)
    "Het zorgkantoor sprak namens Zorgverzekeraars Nederland.", "Neem contact op met Zorginstituut Nederland.",
    "Ingevuld door Hoofd Financiën", "Wij reageren namens Samenwerkende Zorgaanbieders Oost.",
    "Groet, Teamleider", "Groeten, Zilveren Kruis, regio Utrecht",
    # review: a sentence in capitals after a cue, a role with the word that qualifies it, an organisation
    # or team after a name and "en"
    "CONTACTPERSOON MEER SINDS DE FUSIE", "NAMENS ONZE LEDEN WILLEN WE MEER", "CONTACTPERSOON WISSELT STEEDS, DAT IS LASTIG",
    "CONTACTPERSOON IS HELAAS VACANT.", "Groet, Algemeen Directeur", "Ingevuld door Financieel Manager",
    "Met vriendelijke groet, Adjunct Directeur", "Groeten, VGZ", "Mvg, NZA.", "Groet,\nDE DIRECTIE", "Mvg HELAAS.",
    "Met vriendelijke groet, ZORGGROEP",
    "De directeur Zorg Noord", "Gesprek met Zilveren Kruis", "Overleg met Zorgkantoor Midden-Holland",
    "Afgestemd met Raad van Bestuur", "De manager Financiën Zorg", "contact met Menzis Zorgkantoor", "medewerker Wlz Inkoop",
    "Overleg met Den Haag", "overleg met De Zorgcirkel", "bel Het Servicepunt", "Bel ons gerust", "De manager Kwaliteit Zorg",
    "voorzitter Raad van Toezicht", "Contact: Afdeling Inkoop", "Groeten van het team",
    "Bedankt voor de vragenlijst", "Bedankt, Zilveren Kruis", "De groet. Daarna Pieter Klaassen", "5 gr Suiker",
])
def test_organisations_and_roles_after_those_words_stay(text):
    assert Scrubber.from_settings(load_privacy_settings(None)).scrub(text) == text


def test_the_cues_take_linear_time_on_long_white_space():
    import time

    scrubber = Scrubber(names=["Jan Jansen"])
    for text in ("Met vriendelijke groet" + " " * 20_000 + "x", "mvg" + " " * 20_000 + "x", "Groeten," + " \n" * 10_000,
                 "namens" + " " * 20_000 + "x", "contactpersoon" + " " * 20_000 + "Jan", "Gr." + " \n" * 10_000 + "Jan x",
                 "neem contact op met" + " " * 20_000 + "x", "Groet, Hidde" + "\u00a0" * 20_000 + "x",
                 "Mvg Sanne " * 2_000, "Groet,\u2028" * 3_000, "Contactpersoon: " + "AB " * 7_000 + "x",
                 "Contactpersoon: AB" + " DE" * 7_000 + " x", "contactpersoon: " + "ABCDEF" * 4_000,
                 "gesprek" + " " * 20_000 + "met", "manager" + " " * 20_000 + ",", "Kind" + " " * 20_000 + "regards",
                 "Groet Sanne Bakker-de" + " " * 20_000 + "x", "bel " * 5_000, "Groetjes van " * 2_000,
                 "groet" + " " * 20_000 + "/", "Alvast bedankt" + " " * 20_000 + ",", "groet." + " " * 20_000 + "x"):
        started = time.perf_counter()
        scrubber.scrub(text)
        assert time.perf_counter() - started < 1.0  # 13.5 s with a pattern that backtracked quadratically


@pytest.mark.parametrize("unit", ["A'", "a'", "A’", "Ab'c", "A-'", "a%", "A-", "A.", "A - ", "A _"])
def test_the_patterns_take_linear_time_on_long_words(unit):
    """Review (speed): the e-mail pattern tried every letter after an apostrophe or "%" in a long word
    as the start of an address and read on to the word's end (12,000 characters: over a minute), the
    street pattern did the same (2.7 s), and the spelled-out-letters pattern backtracked exponentially
    ("A-" 25 times: 3.7 s). The scrubber and the gate both use these patterns."""
    import time

    from wlzmonitor.inputs.personal_patterns import _STREET_RE, EMAIL_RE
    from wlzmonitor.inputs.privacy import disguised_words

    text = unit * (12_000 // len(unit))
    for finder in (EMAIL_RE.finditer, _STREET_RE.finditer, disguised_words):
        for tail in ("", "!", "1"):
            started = time.perf_counter()
            list(finder(text + tail))
            assert time.perf_counter() - started < 1.0, (finder, tail)
    started = time.perf_counter()
    list(disguised_words(unit * 25 + "1"))
    assert time.perf_counter() - started < 0.1


def test_many_matches_are_kept_apart_in_linear_time():
    """Review (speed): each match of a pattern was checked against every match taken before it: 33,000
    phone-like runs ("06-06-06-…", 100,000 characters) took 7 s in the gate. The result is unchanged."""
    import time

    from wlzmonitor.inputs.personal_patterns import normalised_view, pattern_spans

    started = time.perf_counter()
    spans = pattern_spans(normalised_view("06-" * 33_333))
    assert time.perf_counter() - started < 2.0
    assert len(spans) == 6_666 and all(kind == "phone" for _s, _e, kind in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    text = "bel 06-12345678 of mail jan@zorg.example, 06 1234 5678 en 020-1234567"
    first = ((4, 15, "phone"), (4, 8, "phone"))  # overlapping spans taken first are kept, and block what they cover
    assert pattern_spans(normalised_view(text), first=first) == [
        (4, 8, "phone"), (4, 15, "phone"), (24, 40, "email"), (42, 54, "phone"), (58, 69, "phone")]


@pytest.mark.parametrize("text, found", [
    ("mail 'jan.jansen@zorg.example' nu", ["jan.jansen@zorg.example"]),
    ("x" * 64 + "@zorg.example", ["x" * 64 + "@zorg.example"]),
    ("Bezoek: Koningin Wilhelminalaan 12 te Utrecht", ["Wilhelminalaan 12"]),
    ("van-'t-Hoff'straat 4", ["van-'t-Hoff'straat 4"]),
])
def test_addresses_are_still_found_after_the_linear_time_fix(text, found):
    from wlzmonitor.inputs.personal_patterns import _STREET_RE, EMAIL_RE

    assert [m.group(0) for m in EMAIL_RE.finditer(text)] + [m.group(0) for m in _STREET_RE.finditer(text)] == found


@pytest.mark.parametrize("text, expected", [
    ("O\u0308zturk kwam", f"{NAME} kwam"),            # Ö as O and a separate mark
    ("Sem Ozturk en Sem O\u0308ztu\u0308rk", f"{NAME} en {NAME}"),
    ("Ze\u0301 belt Zoe\u0308.", "Ze\u0301 belt Zoe\u0308."),  # no name: kept as written, marks and all
])
def test_a_contact_name_with_separate_accent_marks_is_scrubbed(text, expected):
    assert Scrubber(names=["Sem Öztürk"]).scrub(text) == expected


def test_a_name_with_a_separate_mark_leaves_no_stray_mark():
    assert Scrubber(names=["Zoë de Vries"]).scrub("Zoe\u0308 de Vries zei het.") == f"{NAME} zei het."


@pytest.mark.parametrize("text", ["mail pieter.bakker[@]zorg[.]nl", "pieter.bakker(@)zorg(.)nl", "piet [at] zorg (.) nl"])
def test_a_dot_in_brackets_is_a_dot(text):
    assert Scrubber().scrub(text).endswith(PLACEHOLDERS["email"])


def test_an_at_sign_needs_both_brackets():
    text = "Stuur een mail (@zorgkantoor.nl adressen zijn goed)"
    assert Scrubber().scrub(text) == text


def test_role_words_in_a_contact_field_are_no_names():
    assert Scrubber(names=["Jan de Boer of vervanger"]).scrub("Een vervanger is nodig.") == "Een vervanger is nodig."
    assert Scrubber(names=["Anne-Marie Jansen"]).scrub("Marie en Anne") == "Marie en Anne"
    assert Scrubber(names=["Jan de Boer of vervanger"]).scrub("Jan de Boer belde.") == f"{NAME} belde."


@pytest.mark.parametrize("text", ["mail jan.jansen&#x40;zorg.nl", "mail jan.jansen&#X40;zorg.nl",
                                  "mail jan.jansen&#x0040;zorg.nl"])
def test_an_at_sign_written_as_a_hexadecimal_entity_is_an_address(text):
    """Review (privacy): "&#64;" was an "@" but its hexadecimal twin "&#x40;" was not: the domain became
    [website] and the local part "jan.jansen" stayed, and the gate reported nothing."""
    assert Scrubber().scrub(text) == f"mail {EMAIL}"
    assert find_personal_data(text, settings=PrivacySettings()) == [text[5:]]
    # a contact's own address so written: replaced as that address
    assert Scrubber(emails=["jan.jansen@zorg.nl"]).scrub(text.replace(".nl", " punt nl")) == f"mail {EMAIL}"


@pytest.mark.parametrize("text, expected", [
    ("Accountmanager: Pieter Klaassen", f"Accountmanager: {NAME}"),
    ("onze zorginkoper: P. Klaassen.", f"onze zorginkoper: {NAME}."),
    ("de zorginkoper (Pieter Klaassen) reageert traag", f"de zorginkoper ({NAME}) reageert traag"),
    ("Teamleider : Sanne de Vries en Pieter Klaassen", f"Teamleider : {NAME} en {NAME}"),
    # after a role and a colon or bracket an organisation, a team or a place stays, as without them
    ("Manager: De Zorgcirkel", "Manager: De Zorgcirkel"), ("Adviseur: Zilveren Kruis", "Adviseur: Zilveren Kruis"),
    ("De manager (Kwaliteit Zorg) vond", "De manager (Kwaliteit Zorg) vond"), ("Manager (Den Haag)", "Manager (Den Haag)"),
    ("medewerker: Raad van Bestuur", "medewerker: Raad van Bestuur"),
])
def test_a_name_after_a_role_and_a_colon_or_bracket(text, expected):
    """Review (privacy): a role cue took a comma before the name ("de zorginkoper, Pieter Klaassen,") but
    not a colon or bracket, so "Accountmanager: Pieter Klaassen" kept the name."""
    assert Scrubber.from_settings(load_privacy_settings(None)).scrub(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Naam: Pieter Klaassen\nFunctie: Manager", f"Naam: {NAME}\nFunctie: Manager"),
    ("naam : SANNE DE JONG", f"naam : {NAME}"),
    ("Graag reactie t.a.v. Pieter Klaassen.", f"Graag reactie t.a.v. {NAME}."), ("T.a.v.: Pieter Klaassen", f"T.a.v.: {NAME}"),
    ("Ingevuld i.o.v. Sanne de Vries", f"Ingevuld i.o.v. {NAME}"),
    # an organisation or team after them stays
    ("Naam: Zorggroep Oost", "Naam: Zorggroep Oost"), ("Naam: Team Inkoop", "Naam: Team Inkoop"),
    ("Organisatienaam: Zorg Anders", "Organisatienaam: Zorg Anders"), ("Naam: n.v.t.", "Naam: n.v.t."),
    ("Brief t.a.v. de Raad van Bestuur", "Brief t.a.v. de Raad van Bestuur"), ("t.a.v. Zilveren Kruis", "t.a.v. Zilveren Kruis"),
    ("i.o.v. het zorgkantoor", "i.o.v. het zorgkantoor"),
])
def test_a_name_after_the_lines_of_a_signature_or_letter(text, expected):
    """Review (privacy): "Naam: Pieter Klaassen" (a signature's lines), "t.a.v." and "i.o.v." were no cue:
    a first name and surname after them stayed."""
    assert Scrubber.from_settings(load_privacy_settings(None)).scrub(text) == expected


@pytest.mark.parametrize("text", [
    "mail jan AT zorg DOT nl", "mail jan.jansen AT zorg.nl", "mail JAN.JANSEN AT ZORG.NL", "mail jan AT zorg . nl",
    "mail jan.jansen [at] zorg . nl", "mail jan (at) zorg . nl", "mail jan.jansen {@} zorg . nl",
])
def test_an_address_written_with_at_in_capitals_or_spaced_dots_after_brackets(text):
    """Review (privacy): "AT" in capitals between spaces, and dots with spaces around them after an "@" in
    brackets, were no address: "jan.jansen AT zorg.nl" kept "jan.jansen" (the domain became [website])."""
    assert Scrubber().scrub(text) == f"mail {EMAIL}"
    assert find_personal_data(text, settings=PrivacySettings()) == [text[5:]]


@pytest.mark.parametrize("text", ["we zijn at home. nu gaan we", "MEET AT 5", "WE ZIJN AT HOME.", "kijk at random . nl"])
def test_a_bare_at_with_spaced_dots_is_no_address(text):
    """A bare lower-case "at" before a dot with spaces around it is English or a typo, no address."""
    assert Scrubber().scrub(text) == text


@pytest.mark.parametrize("text", ["mail jan.jansen&amp;#64;zorg.nl", "mail jan.jansen&amp;amp;#x40;zorg.nl",
                                  "mail jan.jansen&amp;commat;zorg.nl", "mail jan.jansen%2540zorg.nl",
                                  "mail jan.jansen%252540zorg.nl"])
def test_an_at_sign_escaped_more_than_once_is_an_address(text):
    """Review (privacy): an "@" escaped twice ("&amp;#64;": an answer copied from a page that escaped it
    again; "%2540": a link encoded twice) was no address: the domain became [website], "jan.jansen" stayed.
    The scrubber's prefilter let these texts skip the e-mail pattern too."""
    assert Scrubber().scrub(text) == f"mail {EMAIL}"
    assert find_personal_data(text, settings=PrivacySettings()) == [text[5:]]
    # a contact's own address so written, with its domain's dot written out: replaced as that address
    assert Scrubber(emails=["jan.jansen@zorg.nl"]).scrub(text.replace(".nl", " punt nl")) == f"mail {EMAIL}"


@pytest.mark.parametrize("text, expected", [
    ("Met vriendelijke groet,\nPieter\nKlaassen", f"Met vriendelijke groet,\n{NAME}"),
    ("Contactpersoon:\nPieter\nKlaassen\nFunctie: manager", f"Contactpersoon:\n{NAME}\nFunctie: manager"),
    ("Groet,\n\nPieter\n\nKlaassen", f"Groet,\n\n{NAME}"), ("Mvg,\r\nPieter\r\nvan der Klaassen", f"Mvg,\r\n{NAME}"),
    ("Groet,\nPIETER\nKLAASSEN", f"Groet,\n{NAME}"), ("Contactpersoon:\nPIETER\nVAN DER KLAASSEN", f"Contactpersoon:\n{NAME}"),
    ("ingevuld door\nAnne\nde Vries.", f"ingevuld door\n{NAME}."),
    ("Met vriendelijke groet,\nPieter\nKlaassen-de Vries", f"Met vriendelijke groet,\n{NAME}"),
    ("Groet,\nPieter\nKlaassen\nDirecteur", f"Groet,\n{NAME}\nDirecteur"),
    # a role, an organisation or a team under the first name stays (the first name alone is still a name)
    ("Groet,\nSanne\nTeamleider", f"Groet,\n{NAME}\nTeamleider"), ("Groet,\nSanne\nZorgkantoor", f"Groet,\n{NAME}\nZorgkantoor"),
    ("Groet,\nPieter\nVGZ", f"Groet,\n{NAME}\nVGZ"), ("Mvg\nTeam\nInkoop", "Mvg\nTeam\nInkoop"),
    ("Namens:\nRaad\nBestuur", "Namens:\nRaad\nBestuur"),
])
def test_a_name_split_over_lines_after_a_cue(text, expected):
    """Review (privacy): a first name and a surname on lines of their own under closing words or a cue kept
    the surname ("Met vriendelijke groet,\\nPieter\\nKlaassen" -> "[naam]\\nKlaassen")."""
    assert Scrubber.from_settings(load_privacy_settings(None)).scrub(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Contactpersoon: IJsbrand de Vries", f"Contactpersoon: {NAME}"), ("Groet,\nIJsbrand", f"Groet,\n{NAME}"),
    ("met J. IJzerman gesproken", f"met {NAME} gesproken"), ("Groet, Sean OBrien", f"Groet, {NAME}"),
    ("Mvg, Sanne IJsselmuiden", f"Mvg, {NAME}"),
    # two capitals and no lower-case letter after them, or three: an abbreviation, kept
    ("Contactpersoon: ICTer", "Contactpersoon: ICTer"), ("Groet, ZZPers", "Groet, ZZPers"),
    ("N.B. KPIs zijn", "N.B. KPIs zijn"), ("Contactpersoon: GGZ-instelling Noord", "Contactpersoon: GGZ-instelling Noord"),
])
def test_a_name_that_starts_with_two_capitals(text, expected):
    """Review (privacy): a name word had to be a capital and a lower-case letter, so the Dutch IJ ("IJsbrand de
    Vries", "J. IJzerman") and "OBrien" after a cue or initials stayed."""
    assert Scrubber.from_settings(load_privacy_settings(None)).scrub(text) == expected


@pytest.mark.parametrize("text, found", [
    ("Pieter Klaassens voorstel", ["Pieter Klaassen"]), ("Klaassen's voorstel", ["Klaassen"]),
    ("het voorstel van Klaassens", ["Klaassen"]), ("Tessa’s mail", ["Tessa"]), ("Wilgenlandens beleid", ["Stichting Wilgenlanden Zorg"]),
    ("Klaassenstraat", []), ("Klaassenen", []),
])
def test_the_gate_finds_a_name_in_its_possessive_form(text, found):
    """Review (privacy): the gate matched whole words only, so a scrubber that missed a possessive
    ("Klaassens voorstel") left a name the gate did not report; the scrubber replaces these forms."""
    from wlzmonitor.inputs.privacy import DenyList

    deny = DenyList((("R001", "name", "Pieter Klaassen"), ("R002", "name", "Tessa de Haan")),
                    PrivacySettings(organisations=("Stichting Wilgenlanden Zorg",)))
    assert [h.value for h in scan_personal_data(text, deny, patterns=False)] == found
    scrubbed = Scrubber(names=["Pieter Klaassen", "Tessa de Haan"], organisations=["Stichting Wilgenlanden Zorg"]
                        ).scrub(text)
    assert scan_personal_data(scrubbed, deny, patterns=False) == []  # what the scrubber leaves passes the gate


@pytest.mark.parametrize("text, expected", [
    ("Hoogachtend,\nJoost Timmer", f"Hoogachtend,\n{NAME}"), ("Bij voorbaat dank, Joost Timmer", f"Bij voorbaat dank, {NAME}"),
    ("Contactpersoon voor dit onderzoek is Marieke van den Berg", f"Contactpersoon voor dit onderzoek is {NAME}"),
    ("Contactpersoon bij het zorgkantoor: Joost Timmer", f"Contactpersoon bij het zorgkantoor: {NAME}"),
    ("Ons aanspreekpunt bij Menzis, Joost Timmer, is vertrokken", f"Ons aanspreekpunt bij Menzis, {NAME}, is vertrokken"),
    ("Van: Joost Timmer\nAan: Marieke van den Berg\nCc: Sanne de Vries",
     f"Van: {NAME}\nAan: {NAME}\nCc: {NAME}"),
    ("@Joost Timmer: graag reactie", f"@{NAME}: graag reactie"),
    ("Zie mail van Joost Timmer (CZ) d.d. 12 maart", f"Zie mail van {NAME} (CZ) d.d. 12 maart"),
    ("met dank aan Joost Timmer", f"met dank aan {NAME}"),
    ("Marieke van den Berg | Bestuurder | 06-12345678", f"{NAME} | Bestuurder | [telefoonnummer]"),
    ("Joost Timmer (controller)", f"{NAME} (controller)"), ("Joost Timmer, Financieel Manager", f"{NAME}, Financieel Manager"),
    ("Joost Timmer - accountmanager", f"{NAME} - accountmanager"),
    # organisations, teams, places and sentences stay
    ("Van: Zilveren Kruis\nAan: Raad van Bestuur", "Van: Zilveren Kruis\nAan: Raad van Bestuur"),
    ("Aan: het zorgkantoor", "Aan: het zorgkantoor"), ("mail van De Zorgcirkel", "mail van De Zorgcirkel"),
    ("reactie van Zilveren Kruis", "reactie van Zilveren Kruis"), ("jan@Zorg Oost", "jan@Zorg Oost"),
    ("Met dank aan Zorgverzekeraars Nederland", "Met dank aan Zorgverzekeraars Nederland"),
    ("Contactpersoon van het zorgkantoor is vaak afwezig", "Contactpersoon van het zorgkantoor is vaak afwezig"),
    ("Zorggroep Noord Oost, directeur", "Zorggroep Noord Oost, directeur"), ("De Zorgcirkel, directeur", "De Zorgcirkel, directeur"),
    ("Raad van Toezicht, voorzitter", "Raad van Toezicht, voorzitter"), ("Zilveren Kruis / adviseur", "Zilveren Kruis / adviseur"),
    ("Menzis Zorgkantoor - manager", "Menzis Zorgkantoor - manager"), ("Sinds Januari, directeur", "Sinds Januari, directeur"),
    ("Stichting Goede Zorg Thuis, bestuurder", "Stichting Goede Zorg Thuis, bestuurder"),
])
def test_names_in_a_letter_header_a_mention_or_before_a_role(text, expected):
    """Review (privacy): realistic signatures and notes kept names that no list holds: after "Hoogachtend",
    an e-mail's "Van:"/"Aan:"/"Cc:" lines, a mention "@Joost Timmer", "mail van", "met dank aan", a cue with
    its place between ("Contactpersoon bij het zorgkantoor: …"), and a name before its role without a cue
    ("Marieke van den Berg | Bestuurder | …", "Joost Timmer (controller)")."""
    assert Scrubber.from_settings(load_privacy_settings(None)).scrub(text) == expected


def test_the_new_cues_take_linear_time():
    import time

    scrubber = Scrubber(names=["Jan Jansen"])
    for text in ("Contactpersoon bij " + "Aa " * 40_000 + ":", "@ " * 40_000, "Van: " * 40_000, "Aa Bb " * 40_000 + ", directeur",
                 "Aa Bb-de Cc " * 20_000, "Contactpersoon bij" + " " * 40_000 + "x", "mail van " * 20_000):
        started = time.perf_counter()
        scrubber.scrub(text)
        # ~0.3-0.6 s each on 2 cores; quadratic would be minutes (6 s: the suite under load failed at 2 s)
        assert time.perf_counter() - started < 6.0


@pytest.mark.parametrize("text, expected", [
    ("Postadres: Postbus 123, 3500 AB Utrecht", "Postadres: [adres], [adres] Utrecht"),
    ("postbus nr. 4500", "[adres]"), ("Postbusnr.1", "[adres]"), ("Antwoordnummer 1234", "[adres]"),
    ("de postbus van het zorgkantoor", "de postbus van het zorgkantoor"), ("Postbus123", "Postbus123"),
])
def test_a_post_office_box_is_an_address(text, expected):
    """Review (privacy): "Postbus 123" names an organisation as a street does; it stayed (only the postcode
    after it was replaced). Written without a space or full stop it is left to the prefilter's rule."""
    assert Scrubber().scrub(text) == expected
    assert bool(find_personal_data(text, settings=PrivacySettings())) == (expected != text)


@pytest.mark.parametrize("text, expected", [
    ("Contactpersonen: Joost Timmer en Marieke van den Berg", f"Contactpersonen: {NAME} en {NAME}"),
    ("Contactpersoon zorgkantoor Joost Timmer was ziek.", f"Contactpersoon zorgkantoor {NAME} was ziek."),
    ("Namens het MT: Joost Timmer, Marieke van den Berg", f"Namens het MT: {NAME}, {NAME}"),
    ("Voor vragen: Joost Timmer, 06-12345678", f"Voor vragen: {NAME}, [telefoonnummer]"),
    ("Ingevuld door Joost Timmer, Marieke van den Berg en Sanne de Vries", f"Ingevuld door {NAME}, {NAME} en {NAME}"),
    ("Onze contactpersoon (Joost) is heel behulpzaam.", f"Onze contactpersoon ({NAME}) is heel behulpzaam."),
    ("Contactpersoon: Joost.", f"Contactpersoon: {NAME}."), ("@Tessa: graag reactie", f"@{NAME}: graag reactie"),
    # what is no person stays
    ("Ingevuld door Joost Timmer, Zilveren Kruis", f"Ingevuld door {NAME}, Zilveren Kruis"),
    ("Ingevuld door Joost Timmer, Financieel Manager", f"Ingevuld door {NAME}, Financieel Manager"),
    ("Ingevuld door Joost Timmer en De Zorgcirkel", f"Ingevuld door {NAME} en De Zorgcirkel"),
    ("Contactpersoon zorgkantoor Zilveren Kruis", "Contactpersoon zorgkantoor Zilveren Kruis"),
    ("Contactpersoon: Onbekend", "Contactpersoon: Onbekend"), ("Contact: Secretariaat.", "Contact: Secretariaat."),
    ("Contactpersoon is niet bekend.", "Contactpersoon is niet bekend."), ("Namens: Zorggroep Oost", "Namens: Zorggroep Oost"),
    ("Contactpersoon (Zorgkantoor) is", "Contactpersoon (Zorgkantoor) is"), ("Van: Januari tot maart", "Van: Januari tot maart"),
    ("team@VGZ", "team@VGZ"), ("@VGZ", "@VGZ"),
])
def test_names_in_lists_and_after_plural_or_qualified_cues(text, expected):
    """Review (privacy): "Contactpersonen:" (plural), "Contactpersoon zorgkantoor …", "Namens het MT: …", "Voor
    vragen: …" were no cue; of "…: Joost Timmer, Marieke van den Berg" only the first was replaced; a first name
    alone after a strong cue ("Contactpersoon: Joost.", "onze contactpersoon (Joost)") stayed."""
    assert Scrubber.from_settings(load_privacy_settings(None)).scrub(text) == expected


def test_lists_and_qualified_cues_take_linear_time():
    import time

    scrubber = Scrubber(names=["Jan Jansen"])
    for text in ("Jan Jansen" + ", Aa Bb" * 20_000, "[naam]" + " en Aa Bb" * 20_000, "namens" + " a" * 40_000 + "x",
                 "contactpersonen" + " " * 40_000 + "(", "contactpersoon (" + " " * 40_000 + "x",
                 "Contactpersoon zorgkantoor" + " " * 40_000 + "x", "Voor vragen" + " " * 40_000,
                 "Van:" + " " * 40_000 + "x", "\nAan: Aa Bb" * 20_000, "Van: Aa Bb" + " " * 40_000 + "x"):
        started = time.perf_counter()
        scrubber.scrub(text)
        assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("text, expected", [
    ("Van: Intramuraal Naar: Thuis", "Van: Intramuraal Naar: Thuis"), ("Van: Verblijf Naar: Thuiszorg", "Van: Verblijf Naar: Thuiszorg"),
    ("Aan: Volledig Pakket Thuis", "Aan: Volledig Pakket Thuis"), ("Aan: Modulair Pakket", "Aan: Modulair Pakket"),
    ("Voor vragen: Zie Website", "Voor vragen: Zie Website"), ("Contactpersoon: Volgt Later", "Contactpersoon: Volgt Later"),
    ("Doorgestuurd bericht. Van: Joost Timmer", "Doorgestuurd bericht. Van: Joost Timmer"),
    ("Van: Joost Timmer <[e-mailadres]>\nVerzonden: maandag\nAan: Marieke van den Berg; Sanne de Vries\nCc: Zilveren Kruis",
     f"Van: {NAME} <[e-mailadres]>\nVerzonden: maandag\nAan: {NAME}; {NAME}\nCc: Zilveren Kruis"),
    ("Van: Joost Timmer\nAan: De Zorgcirkel", f"Van: {NAME}\nAan: De Zorgcirkel"),
])
def test_an_e_mail_header_is_a_header_line_and_care_words_are_no_names(text, expected):
    """Review (privacy, over-scrubbing): "Van:"/"Aan:" anywhere were cues, so "Van: Intramuraal Naar: Thuis" (a
    herschikking) lost its words; a header is a line of its own whose name ends it or is followed by an address or
    the next name. Words of Wlz care ("Volledig Pakket Thuis") and of no contact ("Zie Website") are no name."""
    assert Scrubber.from_settings(load_privacy_settings(None)).scrub(text) == expected


# --------------------------------------------------------------------------------------------
# scrubber and gate agree (the gate: scan_personal_data with the contacts' deny list)
# --------------------------------------------------------------------------------------------


def _contacts_deny(*names: str):
    from wlzmonitor.inputs.privacy import DenyList

    return DenyList(tuple((f"R{i:04d}", "name", n) for i, n in enumerate(names, start=1)), PrivacySettings())


def _gate_names(text: str, deny) -> list[str]:
    return [h.value for h in scan_personal_data(text, deny) if h.kind == "contact-name"]


COMMON_WORD_CONTACTS = ("Marit de Hoog", "Jan Groot", "Petra van Dam", "Kees Wit", "Anne de Jong", "Lotte Snel",
                        "Sanne de Lange")


@pytest.mark.parametrize("text", [
    "De tarieven zijn te hoog.",
    "de tarieven zijn te hoog",
    "Hoog tijd dat het tarief omhoog gaat.",
    "HET TARIEF IS TE HOOG.",
    "Snel handelen is nodig, het gaat snel.",
    "Op de lange termijn wordt het krap.",
    "De Lange termijn is onzeker.",  # a capital after "De" at the start: still "de lange termijn"? see below
    "Zorg voor de jong-volwassenen en de jong dementerenden.",
    "Van dam tot dam, een groot deel, wit of zwart.",
    "Tarief:\nHoog",
    "Hoog,Laag,Gemiddeld",
    "<td>Hoog</td><td>Laag</td>",
])
def test_a_surname_that_is_a_common_word_is_no_name_in_ordinary_text(text):
    """Review (privacy): a contact whose surname is a common word ("Marit de Hoog") made the scrubber
    write "te [naam]" for "te hoog" and the gate fail the run on it (and on "de jong-volwassenen" for "Anne
    de Jong": the gate read "de Jong" in any case). A surname without the first name counts only written as
    a name: a capital in the middle of a sentence, or with its particle and a capital ("de Hoog")."""
    scrubber = Scrubber(names=COMMON_WORD_CONTACTS)
    deny = _contacts_deny(*COMMON_WORD_CONTACTS)
    if text == "De Lange termijn is onzeker.":  # "De Lange" with its capital is the surname of Sanne de Lange
        assert scrubber.scrub(text) == f"{NAME} termijn is onzeker." and _gate_names(text, deny) == ["de Lange"]
        return
    assert scrubber.scrub(text) == text
    assert _gate_names(text, deny) == []


@pytest.mark.parametrize("text, scrubbed", [
    ("Volgens Hoog is het tarief te hoog.", f"Volgens {NAME} is het tarief te hoog."),
    ("Ik heb met De Hoog gesproken.", f"Ik heb met {NAME} gesproken."),
    ("De Hoog belde: te hoog.", f"{NAME} belde: te hoog."),
    ("Zie de mail van de Hoog.", f"Zie de mail van {NAME}."),
    ("Hoog belde ons gisteren.", f"{NAME} belde ons gisteren."),
    ("Het tarief. Hoog mailde later.", f"Het tarief. {NAME} mailde later."),
    ("Gesproken met marit de hoog.", f"Gesproken met {NAME}."),
    ("MARIT  DE HOOG belde.", f"{NAME} belde."),
    ("Marit_de_Hoog en marit hoog", f"{NAME} en {NAME}"),
    ("Hoogs mail kwam laat, Hoog's ook.", f"{NAME} mail kwam laat, {NAME} ook."),
    ("Wij spraken Snel en van Dam.", f"Wij spraken {NAME} en {NAME}."),
    ("anne de jong, kees wit en jan groot", f"{NAME}, {NAME} en {NAME}"),
    ("Gisteren belde dhr. J. Hoog.", f"Gisteren belde dhr. {NAME}."),
])
def test_a_common_word_surname_written_as_a_name_is_still_a_name(text, scrubbed):
    """Review (privacy): the full name in any case and spacing, the surname with its particle, and the
    surname alone written with a capital in a sentence (or opening one before a verb of a person: "Hoog belde
    ons") stay names for the scrubber and the gate alike."""
    scrubber = Scrubber(names=COMMON_WORD_CONTACTS)
    deny = _contacts_deny(*COMMON_WORD_CONTACTS)
    assert scrubber.scrub(text) == scrubbed
    assert _gate_names(text, deny)
    assert _gate_names(scrubber.scrub(text), deny) == []


STOPWORD_CONTACTS = ("Ruud Bos", "Tessa de Haan", "Karin van Leeuwen", "Niels Kok")


@pytest.mark.parametrize("text, scrubbed", [
    ("Contact: Bos, R. van de afdeling", f"Contact: {NAME} van de afdeling"),
    ("Volgens Haan, T. de is het goed.", f"Volgens {NAME} is het goed."),
    ("Zie Leeuwen, K. van voor details.", f"Zie {NAME} voor details."),
    ("GESPREK MET DE HAAN OVER HET TARIEF", f"GESPREK MET {NAME} OVER HET TARIEF"),
    ("VAN LEEUWEN BELDE GISTEREN", f"{NAME} BELDE GISTEREN"),
    ("Graag overleg met Kok over de tarieven.", f"Graag overleg met {NAME} over de tarieven."),
    ("Kok, Niels is bereikbaar.", f"{NAME} is bereikbaar."),
    ("Bos R. belt terug.", f"{NAME} belt terug."),
    ("Het tarief. Kok belde later.", f"Het tarief. {NAME} belde later."),
    ("Met vriendelijke groet, Kok", f"Met vriendelijke groet, {NAME}"),
])
def test_a_surname_that_is_a_stop_word_written_as_a_name_is_a_name(text, scrubbed):
    """Review (privacy): a contact surname among the stop words ("Bos", "Kok", "de Haan", "van Leeuwen") was
    never a term of its own: written the other way round ("Bos, R.", "Haan, T. de"), in capitals with its
    particle ("DE HAAN") or alone in a sentence ("overleg met Kok") it was published. It now counts as a
    surname that is a common word does ("Hoog"): written as a name in a sentence, before a verb of a person
    or initials, or with its particle; the initials after it go with it."""
    scrubber = Scrubber(names=STOPWORD_CONTACTS)
    deny = _contacts_deny(*STOPWORD_CONTACTS)
    assert scrubber.scrub(text) == scrubbed
    if "Niels" not in text and "groet" not in text:  # the first name; a closing cue the gate does not read
        assert _gate_names(text, deny)
    assert _gate_names(scrubber.scrub(text), deny) == []


LIST_CONTACTS = ("Ruud Bos", "Tessa de Haan", "Karin van Leeuwen", "Niels Kok", "Jan Groot", "Peter Snel",
                 "Marit de Hoog")


@pytest.mark.parametrize("text, scrubbed", [
    ("Contact: KOK, N. belt terug", f"Contact: {NAME} belt terug"),
    ("BOS, R. (controller) akkoord", f"{NAME} (controller) akkoord"),
    ("Volgens HAAN, T. DE is het goed", f"Volgens {NAME} is het goed"),
    ("Zie LEEUWEN, K. VAN voor details", f"Zie {NAME} voor details"),
    ("GROOT, J. belde", f"{NAME} belde"),
    ("Groot, Jan belde", f"{NAME} belde"),
    ("Snel, Peter belde", f"{NAME} belde"),
    ("SNEL, PETER", NAME),
    ("Hoog, Marit de belde", f"{NAME} belde"),
    ("Overleg met t. de haan gehad", f"Overleg met {NAME} gehad"),
    ("Contact: T. de haan", f"Contact: {NAME}"),  # review: a capital initial too
    ("Overleg met T.de haan.", f"Overleg met {NAME}."),
])
def test_a_common_word_surname_written_as_in_a_list_of_names_is_a_name(text, scrubbed):
    """Review (privacy, F02): a contact surname that is a common word written surname first in capitals ("KOK,
    N.", "HAAN, T. DE"), before the contact's first name ("Groot, Jan", "Snel, Peter": only the first name went)
    or after lower-case initials ("t. de haan") was published. Written so it is the contact, whatever its case."""
    scrubber = Scrubber(names=LIST_CONTACTS)
    deny = _contacts_deny(*LIST_CONTACTS)
    assert scrubber.scrub(text) == scrubbed
    assert _gate_names(text, deny)
    assert _gate_names(scrubber.scrub(text), deny) == []


@pytest.mark.parametrize("text", [
    "o.a. de kok en de schoonmaker", "z.s.m. de haan", "Opties: a. bos b. hei", "In het bos, a. de locatie",
    "Zo snel, echt waar", "Vraag 3. Groot, klein of middel?", "HOOG, LAAG", "Ingevuld i.o.v. de kok",
    # review: everyday abbreviations before a particle ("t.o.v. de raad"); a comma before a first name that
    # is a word of the sentence ("te groot, Jan", "is groot, ben benieuwd", "Tot slot, Karin" keeps "slot")
    "Overleg t.o.v. de haan.", "Planning t.o.v. de kok.", "z.i. de haan", "Zorg d.m.v. de bos",
    "De tarieven zijn te groot, Jan.", "Het verschil is groot, ben benieuwd.",
])
def test_a_common_word_beside_initials_like_abbreviations_stays(text):
    scrubber = Scrubber(names=LIST_CONTACTS)
    assert scrubber.scrub(text) == text
    assert _gate_names(text, _contacts_deny(*LIST_CONTACTS)) == []


@pytest.mark.parametrize("text", [
    "In het bos staat een nieuwe locatie.", "De kok kookt voor de bewoners.", "de haan kraait",
    "Bos en hei rond de locatie.", "Kok gezocht voor de keuken.", "HET BOS IS MOOI", "de leeuwen in de dierentuin",
])
def test_a_stop_word_surname_in_ordinary_text_stays(text):
    scrubber = Scrubber(names=STOPWORD_CONTACTS)
    assert scrubber.scrub(text) == text
    assert _gate_names(text, _contacts_deny(*STOPWORD_CONTACTS)) == []


def test_a_surname_that_is_no_common_word_counts_however_it_is_written():
    """A surname that is no common Dutch word ("Wouda") is a name at the start of a sentence, in lower case
    and in capitals as well: only a surname that is also an ordinary word needs to be written as a name."""
    scrubber = Scrubber(names=["Hiske Wouda"])
    deny = _contacts_deny("Hiske Wouda")
    assert scrubber.scrub("Wouda is akkoord. Ook volgens Wouda.") == f"{NAME} is akkoord. Ook volgens {NAME}."
    assert scrubber.scrub("hiske wouda en wouda, WOUDA") == f"{NAME} en {NAME}, {NAME}"
    assert len(_gate_names("hiske wouda en wouda, WOUDA", deny)) == 3
    assert _gate_names("Wouda is akkoord.", deny) == ["Wouda"]


@pytest.mark.parametrize("text", ["Langs de weg is het druk.", "Rechts en links."])
def test_a_common_word_that_is_a_surname_plus_s_is_no_possessive(text):
    scrubber = Scrubber(names=["Kees Lang", "Piet Recht", "Anna Link"])
    assert scrubber.scrub(text) == text
    assert _gate_names(text, _contacts_deny("Kees Lang", "Piet Recht", "Anna Link")) == []


@pytest.mark.parametrize("apostrophe", ["’", "‘", "ʼ", "′", "`"])
def test_a_name_or_possessive_with_an_apostrophe_look_alike_is_found(apostrophe):
    """Review (privacy): "Sanne O’Brien" (a typographic apostrophe, as a word processor writes it) kept
    "O’Brien" for a contact "Sanne O'Brien", and the gate did not see it; "Jans′ mail" left the prime."""
    contacts = ("Sanne O'Brien", "Ruud d'Hondt", "Jan Jans")
    scrubber = Scrubber(names=contacts)
    deny = _contacts_deny(*contacts)
    for text, scrubbed in [(f"Sanne O{apostrophe}Brien belde.", f"{NAME} belde."),
                           (f"Gesprek met O{apostrophe}Brien.", f"Gesprek met {NAME}."),
                           (f"ruud d{apostrophe}Hondt mailde.", f"{NAME} mailde."),
                           (f"Jans{apostrophe} mail kwam laat.", f"{NAME} mail kwam laat.")]:
        assert scrubber.scrub(text) == scrubbed
        assert _gate_names(text, deny), text
        assert _gate_names(scrubbed, deny) == []
    # a contact written with the look-alike is found written plainly
    assert _gate_names("Gesprek met Anna d'Ancona.", _contacts_deny(f"Anna d{apostrophe}Ancona")) == \
        [f"Anna d{apostrophe}Ancona"]


@pytest.mark.parametrize("text, scrubbed", [
    ("Auteur: Pieter Klaassen", f"Auteur: {NAME}"),
    ("Auteurs: Pieter Klaassen en Sanne de Vries", f"Auteurs: {NAME} en {NAME}"),
    ("Ondertekend,\nPieter Klaassen\nBestuurder", f"Ondertekend,\n{NAME}\nBestuurder"),
    ("Ondertekend: P. Klaassen", f"Ondertekend: {NAME}"),
    ("Mijn naam is Pieter Klaassen en ik werk bij de zorgaanbieder.",
     f"Mijn naam is {NAME} en ik werk bij de zorgaanbieder."),
    ("Ik heet Joost Timmer.", f"Ik heet {NAME}."),
    ("Ik heet u welkom. Mijn naam is niet belangrijk.", "Ik heet u welkom. Mijn naam is niet belangrijk."),
    ("Auteur: Zorggroep Oost", "Auteur: Zorggroep Oost"),
    ("Ondertekend, de Raad van Bestuur", "Ondertekend, de Raad van Bestuur"),
])
def test_author_signed_and_my_name_is_introduce_a_name(text, scrubbed):
    assert Scrubber().scrub(text) == scrubbed


@pytest.mark.parametrize("text, scrubbed", [
    ("Adres: Dorpsstraat 5, 3512-JK 12 Utrecht", "Adres: [adres], [adres] Utrecht"),
    ("postcode 3512-JK Utrecht", "postcode [adres] Utrecht"),
    ("3512-jk Utrecht", "[adres] Utrecht"),
    ("3512 - JK 12", "[adres]"),
    ("In 2024-AB Zwolle", "In 2024-AB Zwolle"),
    ("de periode 2025-2026 loopt", "de periode 2025-2026 loopt"),
])
def test_a_postcode_with_a_dash_is_an_address(text, scrubbed):
    assert Scrubber().scrub(text) == scrubbed


@pytest.mark.parametrize("text, scrubbed", [
    ("Graag meer ruimte.\n\nPetra Jansen\nBeleidsadviseur\n06-12345678",
     f"Graag meer ruimte.\n\n{NAME}\nBeleidsadviseur\n[telefoonnummer]"),
    ("Graag meer ruimte.\n  Petra van den Berg\n06-12345678", f"Graag meer ruimte.\n  {NAME}\n[telefoonnummer]"),
    ("Graag.\nPetra Jansen\np.jansen@zorg.nl", f"Graag.\n{NAME}\n[e-mailadres]"),
    ("Graag.\r\nPetra Jansen\r\nAlgemeen Directeur", f"Graag.\r\n{NAME}\r\nAlgemeen Directeur"),
    ("Graag meer ruimte.\n\nZilveren Kruis\nZorgkantoor", "Graag meer ruimte.\n\nZilveren Kruis\nZorgkantoor"),
    ("Graag.\n\nDe Zorgcirkel\nBestuurder", "Graag.\n\nDe Zorgcirkel\nBestuurder"),
    ("Graag.\nZorggroep Oost\nBestuurder", "Graag.\nZorggroep Oost\nBestuurder"),
    ("De tarieven zijn te laag.\nMeer Geld\nManager", "De tarieven zijn te laag.\nMeer Geld\nManager"),
])
def test_a_signature_without_closing_words_is_a_name(text, scrubbed):
    """Review (privacy): a signature block with no cue ("Petra Jansen" on its own line above her role or
    phone number) kept the name."""
    assert Scrubber().scrub(text) == scrubbed


@pytest.mark.parametrize("text, scrubbed", [
    ("Hiske Wouda belde.", f"{NAME} belde."),
    ("Volgens Hiske van Dijk-de Boer niet.", f"Volgens {NAME} niet."),
    ("Met Hiske Wouda-Smit en Jan.", f"Met {NAME} en Jan."),
    ("Hiske Zorgkantoor", f"{NAME} Zorgkantoor"),
    ("Hiske De Zorgcirkel", f"{NAME} De Zorgcirkel"),
    ("Hiske Directeur", f"{NAME} Directeur"),
    ("Hiske. Wouda zei niets.", f"{NAME}. Wouda zei niets."),
    # the 2025 demo answer R0052: "Ruud" (a name of config/privacy.yml) replaced, "de Groot" (Groot: a common
    # word, never matched alone) left on the page
    ("Zie ook de mail van Hiske de Groot aan het zorgkantoor.", f"Zie ook de mail van {NAME} aan het zorgkantoor."),
    ("Hiske van den Berg belde.", f"{NAME} belde."),
])
def test_a_surname_left_beside_a_replaced_first_name_is_replaced_too(text, scrubbed):
    """Review (privacy): a contact's first name was replaced and the surname of another person beside it
    kept ("[naam] Wouda" for "Hiske Wouda" with a contact "Hiske de Vries")."""
    assert Scrubber(names=["Hiske de Vries"]).scrub(text) == scrubbed


@pytest.mark.parametrize("contact, text, scrubbed", [
    ("H. Krol", "Ik sprak met Hans Krol over de tarieven.", f"Ik sprak met {NAME} over de tarieven."),
    ("H. Krol", "Hans Krol heeft gezegd dat het kan.", f"{NAME} heeft gezegd dat het kan."),
    ("dhr. H.J. Krol", "Overleg met Hendrik-Jan Krol liep goed.", f"Overleg met {NAME} liep goed."),
    ("H.J. Krol", "Overleg met Hendrik Jan Krol.", f"Overleg met {NAME}."),
    ("Mw. A. de Vries", "Anneke de Vries van het zorgkantoor.", f"{NAME} van het zorgkantoor."),
    ("A. de Vries", "Volgens Annie en Anneke de Vries klopt het.", f"Volgens Annie en {NAME} klopt het."),
    ("É. Krol", "Gesproken met Emile Krol.", f"Gesproken met {NAME}."),
    ("E. Krol", "Gesproken met Émile Krol.", f"Gesproken met {NAME}."),
    ("J. Krol", "Gesproken met Jan Krol.", f"Gesproken met {NAME}."),  # a first name among the stop words
    ("J. Bakker; H. Krol", "Ik sprak met Jeroen Bakker en Hans Krol.", f"Ik sprak met {NAME} en {NAME}."),
    # words that open a sentence or clause, greetings and roles before the surname are no first name
    ("H. Krol", "Hoewel Krol belde, bleef het stil.", f"Hoewel {NAME} belde, bleef het stil."),
    ("V. Krol", "Volgens Krol klopt het.", f"Volgens {NAME} klopt het."),
    ("B. Krol", "Beste Krol, dank.", f"Beste {NAME}, dank."),
    ("D. Krol", "Directeur Krol belde.", f"Directeur {NAME} belde."),
    ("H. Krol", "De Heer Krol belde.", f"De Heer {NAME} belde."),
    # a first name of another initial is another person's: the surname is replaced, the first name left
    ("J. Bakker", "Dank aan Pieter Bakker.", f"Dank aan Pieter {NAME}."),
    ("Hans Krol", "Ik sprak met Henk Krol.", f"Ik sprak met Henk {NAME}."),
])
def test_a_first_name_spelt_with_a_contacts_initials_is_replaced(contact, text, scrubbed):
    """Review (privacy): a contact written with initials ("H. Krol") named in full in an answer ("Hans Krol")
    had the surname replaced and the first name left: "Hans [naam]". A capitalised word right before the
    replaced surname that spells the contact's initials is the first name."""
    assert Scrubber(names=[contact]).scrub(text) == scrubbed


@pytest.mark.parametrize("raw, initials", [
    ("H. Krol", "H"), ("dhr. H.J. Krol", "HJ"), ("A.B. de Vries", "AB"), ("Mw. É. Öztürk", "E"),
    ("H.Krol", "H"), ("Hans Krol", ""), ("Krol", ""), ("H.", ""), ("dhr. Krol", ""), ("A. v.d. Berg", "A"),
])
def test_contact_initials(raw, initials):
    from wlzmonitor.inputs.privacy import contact_initials
    assert contact_initials(raw) == initials


def test_first_name_stop_words_are_stop_words():
    from wlzmonitor.inputs.privacy import STOPWORDS, _FIRST_NAME_STOPWORDS
    assert _FIRST_NAME_STOPWORDS <= STOPWORDS


# -- the person an e-mail address names --------------------------------------------------------------
@pytest.mark.parametrize("address, names", [
    ("jan.devries@zorg.example", ["J. Devries", "J. de Vries"]),
    ("p.bakker@zorg.example", ["P. Bakker"]),
    ("anna_van_dijk@zorg.example", ["A. van Dijk"]),
    ("Jan.De.Vries+wlz@zorg.example", ["J. de Vries"]),
    ("pieter-jan.vanderberg2@zorg.example", ["P.J. Vanderberg", "P.J. van der Berg"]),
    ("j.p.jansen@zorg.example", ["J. P. Jansen"]),
    ("jp.jansen@zorg.example", ["J.P. Jansen"]),
    ("dekker.j@zorg.example", ["J. Dekker", "J. de Kker"]),  # the surname first; "de Kker" nobody writes
    ("de.berk@zorg.example", ["de Berk"]),
    ("e.el.amrani@zorg.example", ["E. el Amrani"]),
    # a mailbox (a department, a place, a direction), one word, a surname under three letters: nobody
    ("info.zorg@zorg.example", []), ("secretariaat.rvb@zorg.example", []), ("inkoop_wlz@zorg.example", []),
    ("wonen.zuid@zorg.example", []), ("thuiszorg.noord@zorg.example", []), ("huize.avondrust@zorg.example", []),
    ("pbakker@zorg.example", []), ("info@zorg.example", []), ("a.li@zorg.example", []), ("geen", []),
])
def test_the_person_an_address_names(address, names):
    """Written with initials: a surname (counted only written as a name) and no first name counted in any
    case, so that a department's address that passes for a name ("wonen.zuid") cannot make "wonen" one."""
    from wlzmonitor.inputs.privacy import names_in_address

    assert names_in_address(address) == names


def test_a_contact_known_only_by_the_e_mail_address_is_scrubbed_and_gated():
    """Review: a respondent left the name field empty and gave jan.devries@…; "Jan de Vries" and "De Vries" in
    the open answers were not scrubbed, and the gate did not know them. A filled name field names the person:
    no name is taken from that row's address."""
    from wlzmonitor.inputs.privacy import DenyList, contact_entries

    private = pd.DataFrame({"contact__naam": ["", "Iris Bos", None],
                            "contact__email": ["jan.devries@zorg.example", "p.bakker@zorg.example",
                                               "K.Smit@zorg.example; inkoop@zorg.example"]},
                           index=["R0001", "R0002", "R0003"])
    values = contact_values(private)
    assert values["address_names"] == ["J. Devries", "J. de Vries", "K. Smit"]
    assert "Iris Bos" in values["names"] and "P. Bakker" not in values["names"]
    scrubber = Scrubber.from_survey(private)
    # the surname goes; a first name before it stays (the address spells no initials: see below)
    assert scrubber.scrub("Bel Jan de Vries of De Vries; mevrouw Smit weet het ook.") == (
        f"Bel Jan {NAME} of {NAME}; mevrouw {NAME} weet het ook.")
    deny = DenyList(tuple(contact_entries(private)), PrivacySettings())
    hits = {(h.kind, h.value, h.respondents) for h in scan_personal_data("Volgens De Vries klopt dit.", deny)}
    assert hits == {("contact-name", "de Vries", ("R0001",))}, hits  # reported as the part it found
    # a department's address gives no name: "wonen" and "zuid" stay words
    department = pd.DataFrame({"contact__naam": [""], "contact__email": ["wonen.zuid@zorg.example"]}, index=["R9"])
    assert contact_values(department)["names"] == []
    assert Scrubber.from_survey(department).scrub("Wonen in regio Zuid.") == "Wonen in regio Zuid."


def test_a_name_an_address_gives_spells_no_first_name_before_another_name():
    """A name an address gives is written with an initial ("B. Smit" of b.smit@…); as a contact's initials
    it made every capitalised word before a replaced name a first name: "Bel Anna Jansen" lost its "Bel"."""
    private = pd.DataFrame({"contact__naam": ["Anna Jansen", ""],
                            "contact__email": ["a.jansen@zorg.example", "b.smit@zorg.example"]}, index=["R1", "R2"])
    assert Scrubber.from_survey(private).scrub("Bel Anna Jansen morgen.") == f"Bel {NAME} morgen."
    # a name field written with initials still has them: "Hans" before "Krol" of "H. Krol" is his
    assert Scrubber(names=["H. Krol"]).scrub("Volgens Hans Krol klopt het.") == f"Volgens {NAME} klopt het."


@pytest.mark.parametrize("contact", ["C. van Dijk", "dhr. van Dijk", "van Dijk", "C.J. Jansen-van Dijk"])
def test_a_name_that_begins_with_a_particle_keeps_the_word_before_another_name(contact):
    """A contact written with initials and a particle ("C. van Dijk") had "van" for a first name: a common
    word beside a replaced name, so "de mail van Iris Brouwer" became "de mail [naam]"."""
    scrubber = Scrubber(names=[contact, "Iris Brouwer"])
    assert scrubber.scrub("Zie de mail van Iris Brouwer. Bel mevrouw Van Dijk.") == \
        f"Zie de mail van {NAME}. Bel mevrouw {NAME}."


@pytest.mark.parametrize("text", ["ᴛᴇssᴀ ᴅᴇ ʜᴀᴀɴ belde", "ᴅᴇᴋᴋᴇʀ zei het", "Dεkkεr zei het", "ꓓekker zei het"])
def test_a_name_in_small_capitals_or_other_look_alikes_is_found(text):
    """Review (adversarial, privacy): Latin small capitals (which NFKC leaves), a Greek epsilon and a Lisu D
    published "ᴛᴇssᴀ ᴅᴇ ʜᴀᴀɴ" and "ᴅᴇᴋᴋᴇʀ" past the scrubber and the gate."""
    assert NAME in Scrubber(names=["Tessa de Haan", "Femke Dekker"]).scrub(text)
    assert _gate_hits("Tessa de Haan", text) or _gate_hits("Femke Dekker", text)


@pytest.mark.parametrize("text", ["gerust naar 06-915\n09780.", "bel 06-915\r\n09780", "tel 06 91\n50 97 80"])
def test_a_contact_number_broken_by_a_line_break_is_found(text):
    """Review (adversarial, privacy): "06-915\\n09780" (a browser shows "06-915 09780") passed the scrubber and
    the gate's scan of the page."""
    scrubbed = Scrubber(phones=["06-91509780"]).scrub(text)
    assert "[telefoonnummer]" in scrubbed and "09780" not in scrubbed
    assert _gate_hits("06-91509780", text, field="phone")


def test_numbers_on_lines_of_their_own_are_no_contact_number():
    assert Scrubber(phones=["06-91509780"]).scrub("Tabel\n2024\n2025\n06\n1234") == "Tabel\n2024\n2025\n06\n1234"


ORGANISATIONS = ("Zorggroep Eikenbrug", "Boekweitstede", "Stichting De Wilgenlanden")


@pytest.mark.parametrize("text, scrubbed", [
    ("De Eikenbrugse aanpak werkt.", "De [organisatie] aanpak werkt."),
    ("Bij EikenbrugZorg gaat het goed.", "Bij [organisatie] gaat het goed."),
    ("Bij Eikenbrugwonen ook.", "Bij [organisatie] ook."),
    ("Boekweit stede en Boekweit-stede", "[organisatie] en [organisatie]"),
    ("De Wilgenlanders zijn tevreden.", "De [organisatie] zijn tevreden."),
    ("de eikenbrugse locaties", "de [organisatie] locaties"),
])
def test_an_organisation_s_name_with_an_ending_or_split_is_found(text, scrubbed):
    """Review (privacy): "Eikenbrugse", "EikenbrugZorg" and "Boekweit stede" (of the respondents' own
    organisations "Zorggroep Eikenbrug", "Boekweitstede") were published: the terms matched whole words
    only. An organisation's distinctive word with an ending, an organisation's word joined to it, its last
    letter changed, or split in two is replaced by the scrubber and reported by the gate."""
    from wlzmonitor.inputs.privacy import DenyList

    deny = DenyList(tuple((f"R{i}", "organisation", o) for i, o in enumerate(ORGANISATIONS)), PrivacySettings())
    assert Scrubber(organisations=ORGANISATIONS).scrub(text) == scrubbed
    assert [h.kind for h in scan_personal_data(text, deny)]
    assert [h for h in scan_personal_data(scrubbed, deny) if "organisation" in h.kind] == []


@pytest.mark.parametrize("text", ["De eiken bij de brug.", "Boekweit en stede.", "De wilgen langs het land.",
                                  "Eiken, brug en stede", "boekweitpannenkoek"])
def test_words_of_an_organisation_s_name_alone_stay(text):
    from wlzmonitor.inputs.privacy import DenyList

    deny = DenyList(tuple((f"R{i}", "organisation", o) for i, o in enumerate(ORGANISATIONS)), PrivacySettings())
    assert Scrubber(organisations=ORGANISATIONS).scrub(text) == text
    assert [h for h in scan_personal_data(text, deny) if "organisation" in h.kind] == []


WRITTEN_ORGANISATIONS = ("Stg. Zonnewende", "Amberhof Wonen & Zorg", "Zorggroep 't Lisdodde",
                         "Zorggroep Kievitsbloem (ZGK)", "Coöperatie Dalmeer U.A.", "St. Rozenhage", "Eikenbrug (Zorggroep)",
                         "Stichting Marisstede te Apeldoorn", "Zorggroep Heelwijk - regio Noord", "Sonnehaert/Heidezoom",
                         "Amaris, Stichting", "Careyn Lindestede", "Zorggroep Oost (VVT)")


@pytest.mark.parametrize("text, scrubbed", [
    ("Bij Zonnewende gaat het goed.", "Bij [organisatie] gaat het goed."),
    ("Amberhof doet mee.", "[organisatie] doet mee."),
    ("In Lisdodde is het druk.", "In [organisatie] is het druk."),
    ("Kievitsbloem en ZGK", "[organisatie] en [organisatie]"),
    ("Dalmeer zegt ja.", "[organisatie] zegt ja."),
    ("Rozenhage belde.", "[organisatie] belde."),
    ("Eikenbrug belde.", "[organisatie] belde."),
    ("Marisstede belde.", "[organisatie] belde."),
    ("Heelwijk belde.", "[organisatie] belde."),
    ("Sonnehaert en Heidezoom", "[organisatie] en [organisatie]"),
    ("Amaris belde.", "[organisatie] belde."),
    ("Bij Careyn en in Lindestede", "Bij [organisatie] en in [organisatie]"),
    ("De Zonnewendse aanpak", "De [organisatie] aanpak"),
])
def test_an_organisation_s_word_is_found_whatever_its_name_carries(text, scrubbed):
    """Review (privacy, F03): a respondent's own organisation written with a legal form or its abbreviation
    ("Stg.", "U.A."), a connector ("& Zorg"), an article ("'t"), an abbreviation or a generic word in brackets,
    its place ("te Apeldoorn"), a part after a dash ("- regio Noord"), two names joined by "/" or a comma was
    protected only as the whole string: its distinctive word alone ("Zonnewende") was published. Each name's
    core counts, and each distinctive word of a core of several ("Careyn", "Lindestede")."""
    from wlzmonitor.inputs.privacy import DenyList

    deny = DenyList(tuple((f"R{i}", "organisation", o) for i, o in enumerate(WRITTEN_ORGANISATIONS)),
                    PrivacySettings())
    assert Scrubber(organisations=WRITTEN_ORGANISATIONS).scrub(text) == scrubbed
    assert [h.kind for h in scan_personal_data(text, deny)]
    assert [h for h in scan_personal_data(scrubbed, deny) if "organisation" in h.kind] == []


@pytest.mark.parametrize("text", ["Wonen en zorg in Apeldoorn.", "De regio Noord.", "Zorggroep Oost levert VVT.",
                                  "Stichting en coöperatie, U.A.", "Een zorggroep (stichting)."])
def test_what_an_organisation_s_name_carries_is_no_name_of_its_own(text):
    from wlzmonitor.inputs.privacy import DenyList

    deny = DenyList(tuple((f"R{i}", "organisation", o) for i, o in enumerate(WRITTEN_ORGANISATIONS)),
                    PrivacySettings())
    assert Scrubber(organisations=WRITTEN_ORGANISATIONS).scrub(text) == text
    assert [h for h in scan_personal_data(text, deny) if "organisation" in h.kind] == []


COMMON_WORD_NAMES = ("Joris van Wijk", "Eva de Raad", "Karin Slot", "Bart Loon", "Sara de Mens", "Rik Ton")


@pytest.mark.parametrize("text", ["Zorg in de wijk is belangrijk.", "De raad van bestuur besluit.",
                                  "Tot slot: het tarief.", "Het loon stijgt.", "De mens centraal.",
                                  "Een ton aan kosten.", "Wijkverpleging in de wijk"])
def test_a_surname_that_is_a_common_dutch_word_stays_in_ordinary_text(text):
    """Review (privacy, F01): a contact surname that is a common Dutch word outside the hand-made lists ("van
    Wijk", "de Raad", "Slot") was scrubbed in any case ("zorg in de [naam]"), and a contact "Karin Slot" failed
    every run on the questionnaire's own "Tot slot". Common Dutch words (wordfreq's list,
    inputs/common_words.py) count as the listed ones do: only written as a name."""
    scrubber = Scrubber(names=COMMON_WORD_NAMES)
    assert scrubber.scrub(text) == text
    assert _gate_names(text, _contacts_deny(*COMMON_WORD_NAMES)) == []


@pytest.mark.parametrize("text, scrubbed", [
    ("Overleg met Van Wijk gehad", f"Overleg met {NAME} gehad"), ("Slot belde gisteren.", f"{NAME} belde gisteren."),
    ("Volgens Slot is het goed.", f"Volgens {NAME} is het goed."), ("Mail van Eva de Raad.", f"Mail van {NAME}."),
    ("Zie SLOT, K. hierover.", f"Zie {NAME} hierover."), ("Met de Raad en Loon besproken", f"Met {NAME} en {NAME} besproken"),
])
def test_a_surname_that_is_a_common_dutch_word_written_as_a_name_is_a_name(text, scrubbed):
    scrubber = Scrubber(names=COMMON_WORD_NAMES)
    deny = _contacts_deny(*COMMON_WORD_NAMES)
    assert scrubber.scrub(text) == scrubbed
    assert _gate_names(text, deny)
    assert _gate_names(scrubbed, deny) == []


def test_the_common_word_list_is_sorted_plain_and_holds_no_common_surname():
    from wlzmonitor.inputs.common_words import NAMES, WORD_NAMES, WORDS_FILE, common_dutch_word, common_words

    lines = [line for line in WORDS_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines == sorted(set(lines)) and all(w == w.casefold() and w.isalpha() and len(w) >= 3 for w in lines)
    assert 2000 < len(common_words()) < 5000
    assert all(common_dutch_word(w) for w in ("wijk", "Slot", "RAAD", "loon", "café"))
    assert not any(common_dutch_word(w) for w in ("jansen", "dekker", "bakker", "visser", "klaassen", "tessa"))
    assert not any(common_dutch_word(w) for w in NAMES - WORD_NAMES)  # "Peter", "Martin": frequent, but names
    assert WORD_NAMES < NAMES and all(common_dutch_word(w) for w in WORD_NAMES)  # "dan", "max": words too


def test_a_surname_that_is_a_frequent_name_counts_however_it_is_written():
    """The corpus behind the common words counts names among its frequent words ("martin", "thomas"): they are
    left out of the list, so a contact "Anna Martin" is found in lower case and at a sentence's start too."""
    deny = _contacts_deny("Anna Martin")
    assert Scrubber(names=["Anna Martin"]).scrub("Martin: tarief te laag. Ook martin.") == f"{NAME}: tarief te laag. Ook {NAME}."
    assert len(_gate_names("Martin: tarief te laag. Ook martin.", deny)) == 2


TWO_LETTER_CONTACTS = ("Mei Li", "Anh Ng", "Bo Wu")


@pytest.mark.parametrize("text, scrubbed", [
    ("Overleg met Li gehad", f"Overleg met {NAME} gehad"), ("Volgens Ng is het goed", f"Volgens {NAME} is het goed"),
    ("Li belde gisteren", f"{NAME} belde gisteren"), ("Mail van Wu.", f"Mail van {NAME}."),
    ("Li, M. belde", f"{NAME} belde"), ("Ng, Anh belde", f"{NAME} belde"),
])
def test_a_surname_of_two_letters_written_as_a_name_is_a_name(text, scrubbed):
    """A contact's surname of two letters ("Mei Li", "Anh Ng") was no term of its own (three letters at least):
    "overleg met Li" was published. It counts as a surname that is a common word does: written as a name."""
    deny = _contacts_deny(*TWO_LETTER_CONTACTS)
    assert Scrubber(names=TWO_LETTER_CONTACTS).scrub(text) == scrubbed
    assert _gate_names(text, deny) and _gate_names(scrubbed, deny) == []


@pytest.mark.parametrize("text", ["<li>punt</li>", "WU en LI", "ng li wu", "Li is een afkorting."])
def test_two_letters_not_written_as_a_name_stay(text):
    assert Scrubber(names=TWO_LETTER_CONTACTS).scrub(text) == text
    assert _gate_names(text, _contacts_deny(*TWO_LETTER_CONTACTS)) == []


def test_a_contact_surname_the_report_prints_as_a_label_counts_only_with_the_name():
    """Review (privacy): a contact "Anna van Zeeland" or "Piet Kruis" made every page naming the zorgkantoor
    Zeeland or Zilveren Kruis fail the gate ("Zeeland" is a label of the codebook), and no advice could mend
    it. A name word the report prints from the codebook's labels counts only in the full name or with its
    particle; the scrubber and the gate alike."""
    from wlzmonitor.inputs.privacy import DenyList, report_words
    from wlzmonitor.spec.codebook_parse import codebook_for_year

    known = report_words(codebook_for_year(2026))
    assert {"zeeland", "kruis", "menzis"} <= known
    contacts = ("Anna van Zeeland", "Piet Kruis")
    deny = DenyList(tuple((f"R{i}", "name", n) for i, n in enumerate(contacts)), PrivacySettings(), known_words=known)
    scrubber = Scrubber(names=contacts, known_words=known)
    for text in ("<td>Zeeland</td><td>CZ</td>", "Zorgkantoor Zeeland (CZ) en Zilveren Kruis"):
        assert scrubber.scrub(text) == text
        assert _gate_names(text, deny) == []
    text = "Overleg met Anna van Zeeland, van Zeeland en Piet Kruis."
    assert scrubber.scrub(text) == f"Overleg met {NAME}, {NAME} en {NAME}."
    assert _gate_names(text, deny) == ["Anna van Zeeland", "van Zeeland", "Piet Kruis"]
    assert _gate_names(scrubber.scrub(text), deny) == []


@pytest.mark.parametrize("contact, text, scrubbed", [
    ("J.H. Krol", "JH Krol belde gisteren.", f"{NAME} belde gisteren."),
    ("Jan Hendrik Krol", "Met JH Krol en J Krol.", f"Met {NAME} en {NAME}."),
    ("Hendrik-Jan Krol", "Overleg met HJ Krol.", f"Overleg met {NAME}."),
    ("Jan Krol", "CZ Krol en AB Krol.", f"CZ {NAME} en AB {NAME}."),  # no initials of the contact: they stay
])
def test_initials_without_full_stops_before_a_replaced_surname(contact, text, scrubbed):
    """Review (privacy): "JH Krol" of a contact "J.H. Krol" became "JH [naam]": a contact's initials written
    without full stops before the replaced surname go with it; other capitals ("CZ") stay."""
    assert Scrubber(names=[contact]).scrub(text) == scrubbed


@pytest.mark.parametrize("contact, text", [
    ("Karin van den Berg", "Overleg met Vandenberg en vandenberg."), ("Tessa de Haan", "Mail van dehaan."),
    ("Anne de Jong", "Gesprek met dejong."),
])
def test_a_common_word_surname_written_as_one_word_with_its_particles_is_a_name(contact, text):
    """Review (privacy): "Vandenberg" for a contact "Karin van den Berg" was published: a surname whose core is
    a common word counted only with its core capitalised. Particles and core written as one word are no
    ordinary word in any case ("de jong-volwassenen" stays)."""
    deny = _contacts_deny(contact)
    scrubbed = Scrubber(names=[contact]).scrub(text)
    assert "[naam]" in scrubbed and not any(w in scrubbed.casefold() for w in ("vandenberg", "dehaan", "dejong"))
    assert _gate_names(text, deny) and _gate_names(scrubbed, deny) == []
    assert Scrubber(names=[contact]).scrub("De jong-volwassenen en de berg.") == "De jong-volwassenen en de berg."
