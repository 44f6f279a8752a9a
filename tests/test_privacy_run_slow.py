"""A whole run with contacts whose names are hard to tell from ordinary words (slow: it runs the chapters).

Contacts named like common words ("Karin Slot", "Joris van Wijk"), stop words ("Niels Kok"), with two
letters ("Mei Li"), and open answers that name them the way people write lists ("KOK, N.", "Slot, Karin",
"t. de haan") beside ordinary sentences that hold the same words ("Tot slot", "zorg in de wijk"). The run
must pass the privacy gate (the scrubber and the gate agree), publish none of the names however written,
and keep the ordinary sentences (the check is not vacuous: they reach a page).
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest

from wlzmonitor.run.report_run import build_report
from wlzmonitor.spec.config import load_config
from test_run_safety_slow import QUIET, YEAR, repo_view, rewrite_export

pytestmark = pytest.mark.slow

CONTACTS = ["Karin Slot", "Joris van Wijk", "Niels Kok", "Mei Li", "Tessa de Haan", "Jan Groot"]
NAMED = [
    "Tot slot: overleg met KOK, N. en met Slot, Karin over de tarieven.",
    "Zorg in de wijk is belangrijk; volgens Van Wijk en t. de haan ook.",
    "De raad van bestuur sprak met Li en met Groot, Jan over het tarief.",
]
#: what no page may hold (the names however the answers wrote them)
LEAKS = ["KOK, N.", "Slot, Karin", "Van Wijk", "t. de haan", "met Li ", "Groot, Jan"]
#: the ordinary words beside them, which a page keeps
KEPT = ["Tot slot: overleg met", "Zorg in de wijk is belangrijk; volgens", "De raad van bestuur sprak met"]


def _plant(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.index[~frame["respondent_id"].duplicated(keep=False)]
    for row, name in zip(rows, CONTACTS):
        frame.loc[row, "contact__naam"] = name
    answered = frame.index[(frame["nps__toelichting"] != "") & ~frame["respondent_id"].duplicated(keep=False)]
    for row, text in zip(answered, NAMED):
        frame.loc[row, "nps__toelichting"] = text
    return frame


def test_contacts_named_like_ordinary_words_are_never_published(tmp_path: Path):
    root = repo_view(tmp_path, dict(load_config().chapters))
    rewrite_export(root, _plant)
    summary = build_report(YEAR, config=load_config(root), **QUIET)
    assert summary.ok, summary.message  # the gate found nothing the scrubber left
    out = root / "outputs" / str(YEAR)
    pages = "".join(html.unescape(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.html")))
    tables = "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.csv")))
    for leak in LEAKS:
        assert leak not in pages and leak not in tables, leak
    assert all(word in pages for word in KEPT), [w for w in KEPT if w not in pages]
