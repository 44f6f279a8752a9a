"""A question's open answers per answer category as collapsible Dutch lists (HTML)."""

from __future__ import annotations

import html

import pandas as pd

from wlzmonitor.compute.tables import format_mean
from wlzmonitor.present.page_frame import NOT_IN_CONTENTS

_NOUNS = {"toelichting": ("toelichting", "toelichtingen"), "antwoord": ("antwoord", "antwoorden")}


_CONNECTIVES = ("want", "omdat", "namelijk", "reden", "is", "dat", "door", "bijvoorbeeld")


def summary_label(category: str) -> str:
    """"Ja, want" -> "Ja, want …"; "Anders, namelijk:" -> "Anders, namelijk …"."""
    label = category.strip()
    if label.endswith(":"):
        return label[:-1].rstrip() + " …"
    last = label.rsplit(None, 1)[-1].casefold() if label else ""
    if last in _CONNECTIVES:
        return label + " …"
    return label


def plural(noun: str) -> str:
    """'toelichting' -> 'toelichtingen', 'antwoord' -> 'antwoorden'."""
    return _NOUNS.get(noun, (noun, noun + "en"))[1]


def count_word(n: int, noun: str) -> str:
    """'1 toelichting', '12 toelichtingen', '3 antwoorden'."""
    singular, plural = _NOUNS.get(noun, (noun, noun + "en"))
    return f"{format_mean(n, 0)} {singular if n == 1 else plural}"


def explanations_html(frame: pd.DataFrame, *, title: str | None = None,
                      min_group: int | None = None) -> str:
    """The explanations of :func:`explanations` as HTML: one ``<details>`` block per category.

    ``<details><summary>Ja, want … (12 toelichtingen)</summary><ul><li>…</li></ul></details>``
    in the order of the frame; identical texts are listed once with their number ("(3×)");
    all text HTML-escaped, no external resources, no ids or timestamps (same frame, same
    bytes). A category given by fewer than ``min_group``
    organisations (default: ``frame.attrs["min_group"]``, else 1 = show all) is shown as a
    count only. ``title`` adds a heading. An empty frame gives "".
    """
    if frame is None or frame.empty:
        return ""
    noun = frame.attrs.get("noun", "toelichting")
    if min_group is None:
        min_group = int(frame.attrs.get("min_group", 1) or 1)
    organisations = frame.attrs.get("organisations") or {}
    parts = ['<div class="toelichtingen">']
    if title:
        # h3: it sits under a section's h2 (a table's title is no heading, and an h4 skipped a
        # level), but it is no section of the page's contents list
        parts.append(f'<h3 class="toelichtingen-titel {NOT_IN_CONTENTS}">{html.escape(title)}</h3>')
    categories = list(dict.fromkeys(frame["category"].tolist()))
    for category in categories:
        texts = frame.loc[frame["category"] == category, "text"].tolist()
        n = len(texts)
        n_org = int(organisations.get(category, n))
        label = summary_label(str(category))
        count = count_word(n, noun)
        summary = (f"{html.escape(label)} ({format_mean(n, 0)})" if label.casefold().endswith(plural(noun))
                   else f"{html.escape(label)} ({count})")
        if n_org < min_group:
            parts.append(
                f'<p class="toelichtingen-weggelaten">{summary}: niet getoond, want gegeven door '
                f"minder dan {min_group} organisaties.</p>"
            )
            continue
        # identical texts once, with their number: "Nee, te laat. (3×)"
        repeats: dict[str, int] = {}
        for t in texts:
            repeats[str(t)] = repeats.get(str(t), 0) + 1
        items = "\n".join(
            f"<li>{html.escape(t)}" + (f' <span class="aantal">({k}×)</span>' if k > 1 else "") + "</li>"
            for t, k in repeats.items()
        )
        parts.append(f"<details><summary>{summary}</summary>\n<ul>\n{items}\n</ul>\n</details>")
    parts.append("</div>")
    return "\n".join(parts)
