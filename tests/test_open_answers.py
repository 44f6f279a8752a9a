"""Explanations per answer category (lib/wlzmonitor/open_answers.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.compute.explanations import COMMENT_CATEGORY, explanation_questions, explanations, OPEN_CATEGORY
from wlzmonitor.present.explanations_html import explanations_html
from wlzmonitor.spec.privacy_settings import load_privacy_settings, PrivacySettings
from wlzmonitor.inputs.privacy import find_personal_data, Scrubber

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "privacy.yml"


@pytest.fixture(scope="module")
def codebook():
    return codebook_for_year(2026)


@pytest.fixture(scope="module")
def scrubber(survey_2026):
    return Scrubber.from_survey(survey_2026, config_path=CONFIG)


def _nonempty(series: pd.Series) -> pd.Series:
    s = series.dropna().astype(str).str.strip()
    return s[s != ""]


def expected_counts(frame: pd.DataFrame, q) -> dict[str, int]:
    """Category -> number of non-empty texts, computed straight from the data."""
    counts: dict[str, int] = {}
    labels = {o.code: o.display_label for o in q.options}

    def add(cat: str, n: int) -> None:
        if n:
            counts[cat] = counts.get(cat, 0) + n

    if q.text_column:
        has_text = _nonempty(frame[q.text_column]).index
        for code in labels:
            if q.type == "multi" and code not in q.text_field_options:
                continue
            if q.type == "multi":
                chosen = frame.index[frame[f"{q.key}__{code}"].eq(1).fillna(False).to_numpy()]
            else:
                chosen = frame.index[frame[q.key].eq(code).fillna(False).to_numpy()]
            add(labels[code], len(has_text.intersection(chosen)))
    if q.comment_column:
        has_comment = _nonempty(frame[q.comment_column]).index
        if q.type == "nps":
            score = frame.loc[has_comment, q.key]
            add("Critici (0–6)", int(score.between(0, 6).sum()))
            add("Neutralen (7–8)", int(score.between(7, 8).sum()))
            add("Fans (9–10)", int(score.between(9, 10).sum()))
        elif q.type == "single":
            answer = frame.loc[has_comment, q.key]
            for code, label in labels.items():
                add(label, int(answer.eq(code).sum()))
        else:
            add(COMMENT_CATEGORY, len(has_comment))
    return counts


def test_explanation_questions(codebook):
    keys = explanation_questions(codebook)
    expected = [q.key for q in codebook.questions if q.text_column or q.comment_column]
    assert keys == expected
    assert keys[0] == "kwaliteit_dialoog" and keys[-1] == "nps"
    assert "contact" not in keys and "suggesties_inkoopbeleid" not in keys


def test_counts_per_category_match_the_data(survey_2026, codebook, scrubber):
    frame = survey_2026.responses
    total = 0
    for key in explanation_questions(codebook):
        q = codebook.question(key)
        result = explanations(survey_2026, codebook, key, scrubber)
        got = result.groupby("category", sort=False).size().to_dict()
        assert got == expected_counts(frame, q), key
        total += len(result)
    n_cells = sum(len(_nonempty(frame[c])) for c in frame.columns
                  if c.endswith("__tekst") or c.endswith("__toelichting"))
    assert total == n_cells


def test_frame_shape_and_order(survey_2026, codebook, scrubber):
    result = explanations(survey_2026, codebook, "tarief_kwaliteit_van_bestaan", scrubber)
    assert list(result.columns) == ["code", "category", "text"]
    assert isinstance(result.index, pd.RangeIndex) and result.index[0] == 0
    assert list(dict.fromkeys(result["category"])) == ["Ja, want", "Ten dele, want", "Nee, want"]
    assert list(dict.fromkeys(result["code"].tolist())) == [1, 2, 3]
    for _, group in result.groupby("code"):
        texts = group["text"].tolist()
        assert texts == sorted(texts, key=lambda t: (t.casefold(), t))
    # deterministic
    again = explanations(survey_2026, codebook, "tarief_kwaliteit_van_bestaan", scrubber)
    pd.testing.assert_frame_equal(result, again)


def test_short_labels_and_multi_response(survey_2026, codebook, scrubber):
    result = explanations(survey_2026, codebook, "eisen_zorgkantoor", scrubber)
    assert set(result["category"]) == {"Het zorgkantoor hanteert onredelijke eisen"}  # short label
    result = explanations(survey_2026, codebook, "leveringsvormen", scrubber)  # multi
    assert set(result["category"]) == {"Anders, namelijk:"} and set(result["code"]) == {6}
    result = explanations(survey_2026, codebook, "capaciteit_afspraken", scrubber)  # matrix comment
    assert set(result["category"]) == {COMMENT_CATEGORY} and result["code"].isna().all()


def test_no_respondent_ids_and_no_personal_data(survey_2026, codebook, scrubber):
    ids = set(survey_2026.responses.index.astype(str))
    settings = load_privacy_settings(CONFIG)
    keys = explanation_questions(codebook) + ["kwaliteit_speerpunten", "suggesties_inkoopbeleid"]
    for key in keys:
        result = explanations(survey_2026, codebook, key, scrubber)
        assert list(result.columns) == ["code", "category", "text"]
        assert isinstance(result.index, pd.RangeIndex)
        cells = set(result.astype(str).to_numpy().ravel())
        assert not any(rid in cell for rid in ids for cell in cells), key
        blob = "\n".join(result["text"])
        assert find_personal_data(blob, survey_2026, settings=settings) == [], key
        html = explanations_html(result, title=key)
        assert find_personal_data(html, survey_2026, settings=settings) == [], key
        assert not any(rid in html for rid in ids)


def test_the_leaks_are_scrubbed_in_place(survey_2026, codebook, scrubber):
    result = explanations(survey_2026, codebook, "nps", scrubber)
    leaked = [t for t in result["text"] if "[organisatie]" in t or "[e-mailadres]" in t]
    assert leaked, "the demo data has a leak in the NPS comments"


def test_nps_bands(codebook):
    frame = pd.DataFrame(
        {
            "nps": pd.array([0, 6, 7, 8, 9, 10, None, 10], dtype="Int64"),
            "nps__toelichting": pd.array(
                ["nul", "zes", "zeven", "acht", "negen", "tien", "geen score", None], dtype="string"
            ),
        },
        index=pd.Index([f"R{i}" for i in range(8)], name="respondent_id"),
    )
    result = explanations(SimpleNamespace(responses=frame), codebook, "nps", Scrubber())
    assert result[["category", "text"]].values.tolist() == [
        ["Critici (0–6)", "nul"],
        ["Critici (0–6)", "zes"],
        ["Neutralen (7–8)", "acht"],
        ["Neutralen (7–8)", "zeven"],
        ["Fans (9–10)", "negen"],
        ["Fans (9–10)", "tien"],
        [COMMENT_CATEGORY, "geen score"],
    ]
    assert result["code"].tolist()[:6] == [1, 1, 2, 2, 3, 3] and pd.isna(result["code"].iloc[6])


def test_demo_nps(survey_2026, codebook, scrubber):
    result = explanations(survey_2026, codebook, "nps", scrubber)
    cats = list(dict.fromkeys(result["category"]))
    order = ["Critici (0–6)", "Neutralen (7–8)", "Fans (9–10)"]
    assert cats == [c for c in order if c in cats]


def test_single_comment_grouped_by_answer(survey_2026, codebook, scrubber):
    result = explanations(survey_2026, codebook, "productieafspraken_nza", scrubber)
    assert list(dict.fromkeys(result["code"].tolist())) == sorted(set(result["code"].tolist()))
    assert "Via een eenzijdig verzoek bij de NZa" in set(result["category"])  # short label


def test_open_question(survey_2026, codebook, scrubber):
    result = explanations(survey_2026, codebook, "kwaliteit_speerpunten", scrubber)
    frame = survey_2026.responses
    assert len(result) == sum(len(_nonempty(frame[f"kwaliteit_speerpunten__{i}"])) for i in "123")
    assert set(result["category"]) == {OPEN_CATEGORY}
    html = explanations_html(result)
    assert f"<summary>{OPEN_CATEGORY} ({len(result)})</summary>" in html


def test_questions_without_text_are_refused(survey_2026, codebook, scrubber):
    with pytest.raises(ValueError):
        explanations(survey_2026, codebook, "omzet", scrubber)
    with pytest.raises(ValueError):
        explanations(survey_2026, codebook, "contact", scrubber)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------


def hand_frame(min_group: int = 1) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "code": pd.array([1, 1, 2, 3, 3, 3], dtype="Int64"),
            "category": ["Ja, want", "Ja, want", "Anders, namelijk:", "Ik verwacht geen problemen"] + ["Ik verwacht geen problemen"] * 2,
            "text": ["<b>vet</b> & \"zo\"", "Tweede", "Alleen", "a", "b", "c"],
        }
    )
    frame.attrs["min_group"] = min_group
    return frame


def test_html_structure_and_escaping():
    html = explanations_html(hand_frame(), title="Toelichtingen bij Vraag 7 <test>")
    assert "<b>" not in html
    assert "&lt;b&gt;vet&lt;/b&gt; &amp; &quot;zo&quot;" in html
    assert "Toelichtingen bij Vraag 7 &lt;test&gt;" in html
    # an h3 under the section's h2 (a table title is no heading: an h4 skipped a level)
    assert '<h3 class="toelichtingen-titel geen-inhoud">Toelichtingen bij Vraag 7 &lt;test&gt;</h3>' in html
    assert "<details><summary>Ja, want … (2 toelichtingen)</summary>" in html
    assert "<summary>Anders, namelijk … (1 toelichting)</summary>" in html
    assert "<summary>Ik verwacht geen problemen (3 toelichtingen)</summary>" in html
    assert html.count("<details>") == 3 and html.count("</details>") == 3
    assert html.count("<li>") == 6
    assert html.index("Ja, want") < html.index("Anders, namelijk") < html.index("Ik verwacht")
    for external in ("http", "src=", "<script", "<link", "id="):
        assert external not in html
    assert explanations_html(hand_frame(), title="Toelichtingen bij Vraag 7 <test>") == html


def test_html_repeated_texts_once_with_their_number():
    frame = pd.DataFrame({"code": pd.array([2, 2, 2], dtype="Int64"),
                          "category": ["Nee, want"] * 3, "text": ["Te laat.", "Te laat.", "Zeker niet."]})
    html = explanations_html(frame)
    assert "<summary>Nee, want … (3 toelichtingen)</summary>" in html
    assert '<li>Te laat. <span class="aantal">(2×)</span></li>' in html
    assert "<li>Zeker niet.</li>" in html and html.count("<li>") == 2


def test_html_small_groups_withheld():
    html = explanations_html(hand_frame(), min_group=3)
    assert "Tweede" not in html and "Alleen" not in html
    assert "Ja, want … (2 toelichtingen): niet getoond" in html
    assert "<summary>Ik verwacht geen problemen (3 toelichtingen)</summary>" in html
    # the rule comes along with the frame from the scrubber's settings
    assert explanations_html(hand_frame(min_group=3)) == html


def test_min_group_comes_from_the_privacy_settings(survey_2026, codebook):
    strict = Scrubber(settings=PrivacySettings(explanations_min_group=1000))
    result = explanations(survey_2026, codebook, "tarief_kwaliteit_van_bestaan", strict)
    assert result.attrs["min_group"] == 1000
    html = explanations_html(result)
    assert "<li>" not in html and "niet getoond" in html


def test_html_empty_frame():
    empty = pd.DataFrame({"code": pd.array([], dtype="Int64"), "category": [], "text": []})
    assert explanations_html(empty) == ""
