"""Checks for the synthetic open-text pool used by the demo generator.

data/demo/texts_2026.yml holds invented Dutch survey answers. These tests guard
its structure and coverage (every option that carries free text per
docs/question_keys_2026.md), the privacy fixtures, and that no text is
duplicated or copied from the 2026 report.
"""

import re
import string
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "data" / "demo" / "texts_2026.yml"
KEY_TABLE = ROOT / "docs" / "question_keys_2026.md"
REPORT = ROOT / "data" / "sources" / "2026_rapport_wlz_zorgcontractering.txt"

# (question key, option code) -> minimum number of texts.
# Options chosen by many respondents need more variety.
OPTION_MINIMA = {
    ("tarief_kwaliteit_van_bestaan", 1): 10,
    ("tarief_kwaliteit_van_bestaan", 2): 10,
    ("tarief_kwaliteit_van_bestaan", 3): 10,
    ("innovatie_afspraken", 1): 6,
    ("innovatie_afspraken", 2): 6,
    ("innovatie_afspraken", 3): 6,
    ("inkoopbeleid_innovatie", 1): 10,
    ("inkoopbeleid_innovatie", 2): 10,
    ("inkoopbeleid_innovatie", 3): 10,
    ("tariefpercentage", 5): 6,
    ("maatwerk_redenen", 5): 6,
    ("maatwerk_gehonoreerd", 1): 6,
    ("maatwerk_gehonoreerd", 2): 6,
    ("maatwerk_gehonoreerd", 3): 6,
    ("tevredenheid_tarief", 2): 10,
    ("tevredenheid_tarief", 3): 10,
    ("hardheidsclausule", 1): 6,
    ("transitie_tevredenheid", 1): 10,
    ("transitie_tevredenheid", 2): 10,
    ("transitie_tevredenheid", 3): 6,
    ("eisen_zorgkantoor", 2): 6,
    ("behandeling_verhouding", 2): 6,
    ("behandeling_verhouding", 3): 6,
    ("behandeling_externe_clienten", 5): 6,
    ("gevolgen_contractering", 1): 6,
    ("gevolgen_contractering", 3): 10,
    ("hlo_honorering", 2): 6,
    ("hlo_honorering", 3): 6,
    ("leveringsvormen", 6): 6,
    ("capaciteit_gesprek", 2): 10,
    ("capaciteit_gesprek", 3): 10,
    ("overproductie_intramuraal", 1): 6,
    ("overproductie_thuis", 1): 6,
}

COMMENT_KEYS = [
    "kwaliteit_dialoog",
    "productieafspraken_nza",
    "behandeling_afspraak",
    "geldstromen_belasting",
    "capaciteit_afspraken",
    "urgent_wachtenden",
    "actiz_diensten",
    "nps",
]
NPS_GROUPS = ["critici", "neutralen", "fans"]

SPEERPUNT_THEMES = [
    "persoonsgerichte_zorg",
    "vakmanschap",
    "innovatie_digitalisering",
    "samenwerking_netwerken",
    "basis_op_orde_duurzaamheid",
]
SUGGESTIE_LINES = [
    "dialoog_maatwerk",
    "minder_versnippering_administratie",
    "structurele_keuzes_innovatie",
]
PLACEHOLDERS = {"organisatie", "email", "telefoon", "naam"}


@pytest.fixture(scope="module")
def data():
    with TEXTS.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _words(text):
    return text.split()


def _answer_texts(data):
    """Yield (location, text) for every free-text answer (not personal data)."""
    for key, options in data["option_texts"].items():
        for code, texts in options.items():
            for t in texts:
                yield f"option_texts.{key}.{code}", t
    for key, value in data["comments"].items():
        groups = value.items() if isinstance(value, dict) else [("", value)]
        for group, texts in groups:
            for t in texts:
                yield f"comments.{key}.{group}", t
    for t in data["open"]["suggesties_inkoopbeleid"].values():
        for s in t:
            yield "open.suggesties_inkoopbeleid", s
    for t in data["leaky_templates"]:
        yield "leaky_templates", t


def _all_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _all_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _all_strings(v)


def test_top_level_structure(data):
    assert set(data) == {"option_texts", "comments", "open", "personal_data", "leaky_templates"}


def test_option_text_coverage(data):
    opt = data["option_texts"]
    expected_keys = {k for k, _ in OPTION_MINIMA}
    assert set(opt) == expected_keys
    for key, options in opt.items():
        for code in options:
            assert isinstance(code, int) and not isinstance(code, bool), (key, code)
            assert (key, code) in OPTION_MINIMA, f"unexpected option {key}:{code}"
    for (key, code), minimum in OPTION_MINIMA.items():
        texts = opt[key].get(code)
        assert texts, f"missing option_texts.{key}.{code}"
        assert len(texts) >= minimum, f"{key}:{code} has {len(texts)} < {minimum}"


def test_keys_exist_in_key_table(data):
    if not KEY_TABLE.exists():
        pytest.skip("key table not present")
    table_keys = set(re.findall(r"^\|[^|]*\|\s*`([a-z_]+)`", KEY_TABLE.read_text(encoding="utf-8"), re.M))
    used = set(data["option_texts"]) | set(data["comments"]) | set(data["open"])
    assert used <= table_keys, sorted(used - table_keys)


def test_comment_coverage(data):
    comments = data["comments"]
    assert set(comments) == set(COMMENT_KEYS)
    for key in COMMENT_KEYS:
        if key == "nps":
            assert set(comments[key]) == set(NPS_GROUPS)
            for group in NPS_GROUPS:
                assert len(comments[key][group]) >= 6, f"nps.{group}"
        else:
            assert isinstance(comments[key], list)
            assert len(comments[key]) >= 6, key


def test_speerpunten(data):
    sp = data["open"]["kwaliteit_speerpunten"]
    assert set(sp) == set(SPEERPUNT_THEMES)
    for theme in SPEERPUNT_THEMES:
        assert len(sp[theme]) >= 12, theme
        for phrase in sp[theme]:
            assert 2 <= len(_words(phrase)) <= 8, phrase


def test_suggesties(data):
    sug = data["open"]["suggesties_inkoopbeleid"]
    assert set(sug) == set(SUGGESTIE_LINES)
    for line in SUGGESTIE_LINES:
        assert len(sug[line]) >= 10, line


def test_answer_lengths(data):
    for where, text in _answer_texts(data):
        assert isinstance(text, str), where
        n = len(_words(text))
        assert 5 <= n <= 25, f"{where}: {n} words: {text!r}"


def test_personal_data(data):
    pd = data["personal_data"]
    assert len(pd["first_names"]) == 30
    assert len(pd["last_names"]) == 30
    assert any(n.startswith(("van ", "de ", "van der ")) for n in pd["last_names"])
    assert any(n.startswith("van der ") for n in pd["last_names"])
    assert len(pd["functions"]) == 10
    assert len(pd["organisations"]) == 20
    assert len(pd["email_domains"]) == 10
    for domain in pd["email_domains"]:
        assert domain.endswith(".example"), domain
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)*\.example", domain), domain


def test_leaky_templates(data):
    templates = data["leaky_templates"]
    assert len(templates) == 12
    fmt = string.Formatter()
    for t in templates:
        fields = {name for _, name, _, _ in fmt.parse(t) if name is not None}
        assert fields, f"no placeholder: {t!r}"
        assert fields <= PLACEHOLDERS, f"unknown placeholder in {t!r}: {fields - PLACEHOLDERS}"
        # must render with dummy values
        t.format(**{p: "x" for p in PLACEHOLDERS})
    used = set()
    for t in templates:
        used |= {name for _, name, _, _ in fmt.parse(t) if name}
    assert used == PLACEHOLDERS


def test_no_duplicates(data):
    seen = {}
    for text in _all_strings(data):
        norm = " ".join(text.lower().split())
        assert norm not in seen, f"duplicate text: {text!r}"
        seen[norm] = True


def _tokens(text):
    return re.findall(r"[\w%€'-]+", text.lower())


def test_no_six_word_sequence_copied_from_report(data):
    if not REPORT.exists():
        pytest.skip("report text not present")
    report = _tokens(REPORT.read_text(encoding="utf-8"))
    grams = {tuple(report[i:i + 6]) for i in range(len(report) - 5)}
    copied = [
        text
        for text in _all_strings(data)
        for toks in [_tokens(text)]
        if any(tuple(toks[i:i + 6]) in grams for i in range(len(toks) - 5))
    ]
    assert not copied, f"6+ word sequences copied from report: {copied}"
