"""The themes of a question's open answers as Dutch HTML: counts, shares, examples, uncoded share."""

from __future__ import annotations

import html

import pandas as pd

from wlzmonitor.compute.coding import examples, one_question, question_meta, theme_summary
from wlzmonitor.compute.tables import format_mean, format_percent
from wlzmonitor.present.explanations_html import count_word, plural, summary_label
from wlzmonitor.present.page_frame import NOT_IN_CONTENTS
from wlzmonitor.spec.codeframes import UNCODED

def _pct(x: float) -> str:
    return format_percent(x)


def _table_html(table: pd.DataFrame, caption: str) -> str:
    rows = []
    for r in table.itertuples(index=False):
        cls = ' class="codering-overig"' if r.theme == UNCODED else ""
        rows.append(f'<tr{cls}><th scope="row">{html.escape(r.label)}</th>'
                    f"<td>{format_mean(r.count, 0)}</td><td>{_pct(r.share_of_answers)}</td></tr>")
    return ('<table class="codering-tabel">\n'
            f"<caption>{html.escape(caption)}</caption>\n"
            '<thead><tr><th>Thema</th><th>Aantal</th><th>Aandeel</th></tr></thead>\n'
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


def _examples_intro(shown: int, count: int, noun: str) -> str:
    """'Drie voorbeelden uit de 64 antwoorden:' — a list of examples says that it is one."""
    if shown >= count:
        return (f'<p class="voorbeelden">Het enige {noun}:</p>' if count == 1
                else f'<p class="voorbeelden">Alle {count_word(count, noun)}:</p>')
    words = {1: "Eén voorbeeld", 2: "Twee voorbeelden", 3: "Drie voorbeelden", 4: "Vier voorbeelden", 5: "Vijf voorbeelden"}
    head = words.get(shown, f"{shown} voorbeelden")
    return f'<p class="voorbeelden">{head} uit de {count_word(count, noun)}:</p>'


def _details_html(coded: pd.DataFrame, table: pd.DataFrame, question: str, noun: str,
                  min_group: int, k: int, category: str | None) -> list[str]:
    parts = []
    for r in table.itertuples(index=False):
        if r.count == 0:
            continue
        summary = f"{html.escape(r.label)} ({count_word(int(r.count), noun)})"
        if r.organisations < min_group:
            parts.append(f"<details><summary>{summary}</summary>\n<p class=\"codering-weggelaten\">"
                         f"Geen voorbeelden: genoemd door minder dan {min_group} organisaties.</p>\n"
                         f"</details>")
            continue
        texts = examples(coded, r.theme, k, question=question, category=category, min_group=min_group)
        if not texts:
            continue
        items = "\n".join(f"<li>{html.escape(t)}</li>" for t in texts)
        parts.append(f"<details><summary>{summary}</summary>\n{_examples_intro(len(texts), int(r.count), noun)}\n"
                     f"<ul>\n{items}\n</ul>\n</details>")
    return parts


def coding_html(coded: pd.DataFrame, question: str | None = None, *, title: str | None = None,
                k: int = 3, by_category: bool | None = None, min_group: int | None = None) -> str:
    """Dutch HTML of the themes of one question: table, uncoded share, examples per theme.

    A table *thema, aantal, aandeel* with the caption ``n=… antwoorden`` (or *toelichtingen*),
    a note with the uncoded share, and per theme a ``<details>`` with up to ``k`` example
    answers (:func:`examples`). ``by_category`` (default: the codeframe's ``by_category``) gives
    one such block per answer category; a category given by fewer than ``min_group``
    organisations shows only its number of answers. Texts are HTML-escaped; no external
    resources, ids or timestamps (same input, same bytes). ``title`` None = the codeframe's
    title; "" = no heading.
    """
    q = one_question(coded, question)
    meta = question_meta(coded, q)
    noun = meta.get("noun", "antwoord")
    if by_category is None:
        by_category = bool(meta.get("by_category"))
    if min_group is None:
        min_group = int(coded.attrs.get("min_group", 1) or 1)
    heading = meta.get("title") if title is None else title
    overall = theme_summary(coded, q)
    n = int(overall.attrs["n"])
    parts = ['<div class="codering">']
    if heading:
        # h3 under a section's h2 (no level skipped), no section of the page's contents list
        parts.append(f'<h3 class="codering-titel {NOT_IN_CONTENTS}">{html.escape(heading)}</h3>')
    if n == 0:
        parts.append(f"<p>Geen {plural(noun)}.</p>\n</div>")
        return "\n".join(parts)
    uncoded = int(overall.loc[overall["theme"] == UNCODED, "count"].iloc[0])
    note = (f'<p class="table-note">Aandeel: percentage van de {count_word(n, noun)}; een '
            f"{noun} kan bij meer thema's horen, de aandelen tellen dan op tot meer dan 100%. "
            f"Niet gecodeerd: {_pct(overall.attrs['uncoded_share'])} ({uncoded} van {n}).</p>")
    if not by_category:
        organisations = int(coded.loc[coded["question"] == q, "case_id"].nunique())
        caption = f"n={count_word(n, noun)}"
        if organisations != n:
            caption += f" van {organisations} organisaties"
        parts.append(_table_html(overall, caption))
        parts.append(note)
        parts.extend(_details_html(coded, overall, q, noun, min_group, k, None))
    else:
        parts.append(note)
        per = theme_summary(coded, q, by_category=True)
        sub = coded[coded["question"] == q]
        for _, label in meta["categories"]:
            block = per[per["category"] == label].drop(columns="category")
            n_cat = int(block["n"].iloc[0]) if len(block) else 0
            orgs = sub.loc[sub["category"] == label, "case_id"].nunique()
            shown = html.escape(summary_label(str(label)))
            if orgs < min_group:
                parts.append(f'<p class="codering-weggelaten">{shown} ({count_word(n_cat, noun)}): '
                             f"niet naar thema getoond, want gegeven door minder dan {min_group} "
                             f"organisaties.</p>")
                continue
            # one level below the title, or in its place (then kept out of the contents list too)
            level = f"<h4>{shown}</h4>" if heading else f'<h3 class="{NOT_IN_CONTENTS}">{shown}</h3>'
            parts.append(f'<section class="codering-categorie">\n{level}')
            parts.append(_table_html(block, f"n={count_word(n_cat, noun)}"))  # the heading above names the category
            parts.extend(_details_html(coded, block, q, noun, min_group, k, label))
            parts.append("</section>")
    parts.append("</div>")
    return "\n".join(parts)
