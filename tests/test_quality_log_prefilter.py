"""The prefilter of the data-quality log (inputs/quality_log.may_hold_personal_data) is sound: it
says "nothing to find" only for text in which the full scrubber finds nothing.

It spares loading a large export one full scrub per respondent id; a wrong "nothing to find" would
show a phone number or a postcode as a respondent id in the log. Checked on the scrubber's own
test cases (every string in the privacy tests), on them pressed into the prefilter's alphabet
(spaces, full stops, slashes and colons taken out or made dashes), and on many random strings
built from the pieces the patterns are made of (digit runs, country codes, postcode letters,
dashes).
"""

from __future__ import annotations

import ast
import random
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wlzmonitor.inputs.privacy import Scrubber
from wlzmonitor.inputs.quality_log import (hidden_id_kind, hidden_id_kinds, may_hold_personal_data,
                                           personal_data_kind)

HERE = Path(__file__).parent
CORPUS_FILES = ("test_privacy.py", "test_privacy_patterns.py", "test_privacy_gate.py",
                "test_loading.py", "test_hostile_exports.py")


def _strings_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts: set[str] = set()
    for name in CORPUS_FILES:
        if (HERE / name).exists():
            texts.update(s for s in _strings_of(HERE / name) if len(s) < 400)
    pressed = set()
    for t in texts:
        for sep in ("", "-", "_", "#"):
            for chars in (" ", ". /:", " \t./:+()@"):
                u = t
                for c in chars:
                    u = u.replace(c, sep)
                pressed.add(u)
    return sorted(texts | pressed)


PIECES = ["0", "1", "06", "0031", "31", "0800", "0900", "010", "020", "NL", "nl", "91", "BE", "DE",
          "ABNA", "INGB", "RABO", "1234", "AB", "ab", "SA", "CZ", "19", "20", "1950", "2025", "12",
          "123456789", "111222333", "12345678", "-", "--", "---", "_", "#", "R", "resp", "id",
          "KvK", "kvk", "bsn", "geb", "x", "Z", "9", "99", "00", "7"]


def _random_strings(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randint(1, 8)
        out.append("".join(rng.choice(PIECES) for _ in range(k)))
        out.append("".join(rng.choice("0123456789-_#ABNLabz") for _ in range(rng.randint(4, 24))))
    return out


def test_a_negative_prefilter_means_the_scrubber_finds_nothing(corpus):
    scrubber = Scrubber()
    checked = 0
    for text in corpus + _random_strings(20_000, 16):
        if not may_hold_personal_data(text):
            checked += 1
            assert scrubber.scrub(text) == text, text
    assert checked > 10_000  # the check saw many texts the prefilter clears


@pytest.mark.parametrize("text", [
    "0612345678", "06-12345678", "06-1234-5678", "0031612345678", "0800-1234", "08001234",
    "NL91ABNA0417164300", "nl91abna0417164300", "111222333", "1234AB", "1234ab", "1234AB12",
    "kvk-12345678", "bsn-111222333", "geb-01-02-1950", "01-02-1950", "1950-02-01",
    "R.Jansen", "j.jansen@example.nl", "www.example.nl", "example.nl", "R 0001", "R0001.",
    "ＲＯＯＯ１", "０６１２３４５６７８", "a@b", "R+31", "(010)1234567",
])
def test_the_prefilter_sends_every_possible_hit_to_the_scrubber(text):
    assert may_hold_personal_data(text) is True


@pytest.mark.parametrize("text", ["R0001", "R004217", "100234", "resp_00012", "ID-7", "A#12",
                                  "1234567", "R-12-A", "abc", "", "X"])
def test_the_prefilter_clears_ordinary_ids(text):
    assert may_hold_personal_data(text) is False


def test_personal_data_kind_and_hidden_id_kind_are_unchanged():
    assert personal_data_kind("0612345678") == "a value that looks like a phone number"
    assert personal_data_kind("R004217") is None
    assert personal_data_kind("1234AB") == "a value that looks like an address"
    assert hidden_id_kind("R004217") is None
    assert hidden_id_kind("0612345678") == "a value that looks like a phone number"
    assert hidden_id_kind("jan@example.nl") == "an e-mail address"
    assert hidden_id_kind("111222333") == "a value that looks like a BSN"


@pytest.mark.parametrize(("rid", "hidden"), [
    ("Klaassen", True), ("tessa.dehaan", True), ("j_jansen", True), ("Jan Jansen", True), ("De-Vries", True),
    ("R0005", False), ("R_9NGoYPPGYj72uIf", False), ("R_AbcdEfGhIjKlMnO", False), ("12345", False),
    ("resp-17", False), ("ABC", False), ("Abc1", False), ("x.y", False),
    ("Test", False), ("Preview", False), ("Anoniem", False), ("Respondent", False), ("Onbekend", False),
    ("Test Respondent", False), ("Test-respondent", False), ("Proefrespondent", False), ("Test Klaassen", True),
])
def test_a_respondent_id_shaped_like_a_name_is_not_shown(rid, hidden):
    """Review: ids 'Klaassen' and 'tessa.dehaan' of excluded rows were written to the data-quality log."""
    from wlzmonitor.inputs.quality_log import hidden_id_kind

    assert (hidden_id_kind(rid) == "a value that looks like a person's name") is hidden


def _plain_code_ids() -> list[str]:
    """Every shape of id the vectorised prefilter clears: no letter or one (each ASCII letter,
    either case), then one to seven digits, with digits that could start a phone number, a BSN, a
    year or a postcode."""
    rng = np.random.default_rng(2026)
    digits = ["0", "7", "06", "112", "2026", "3512", "06123", "111222", "0612345", "1112223", "9999999",
              *("".join(map(str, rng.integers(0, 10, size=n))) for n in rng.integers(1, 8, size=300))]
    return [letter + d for letter in ["", *string.ascii_letters] for d in digits]


def test_the_ids_the_vectorised_prefilter_clears_are_ids_hidden_id_kind_shows():
    ids = _plain_code_ids()
    assert [rid for rid in ids if hidden_id_kind(rid) is not None] == []
    assert len(ids) > 15_000


@pytest.mark.parametrize("rid", ["R12345678", "RA0001", "0612345678", "12345678", "R0001 ", " R0001", "R0001\n",
                                 "R-0001", "Klaassen", "jan@example.nl", "111222333", "R\uff10001", "R٠٠٠١",
                                 "1234AB", "NL91ABNA0417164300"])
def test_hidden_id_kinds_agrees_with_hidden_id_kind_outside_the_plain_codes(rid):
    ids = pd.Series(["R0001", rid, "R0002", rid, "7"], dtype=object)
    expected = [] if hidden_id_kind(rid) is None else [hidden_id_kind(rid)]
    assert hidden_id_kinds(ids) == expected


def test_hidden_id_kinds_counts_each_distinct_id_once_in_order():
    ids = pd.Series(["0612345678", "R1", "jan@example.nl", "0612345678", "Klaassen"], dtype=object)
    assert hidden_id_kinds(ids) == ["a value that looks like a phone number", "an e-mail address",
                                    "a value that looks like a person's name"]


def test_hidden_id_kinds_is_hidden_id_kind_on_hostile_ids(corpus):
    ids = corpus + _random_strings(5_000, 2027) + _plain_code_ids()[:2_000]
    expected = [k for k in map(hidden_id_kind, dict.fromkeys(ids)) if k is not None]
    assert hidden_id_kinds(pd.Series(ids, dtype=object)) == expected
    assert len(expected) > 1_000
