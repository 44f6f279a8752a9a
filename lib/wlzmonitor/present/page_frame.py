"""The frame every report page shares: header with the report title, Vorige/Volgende, contents.

    header = page_header_html(chapters, "02_capaciteit", year=2026)   # at the top of a page
    page = fill_contents(page)          # the page's own contents list, from its headings and tables
    outline = page_outline(page)        # [(level, anchor, text)]: what the index lists per page

A chapter page is written top to bottom by its notebook, so its contents cannot be known when
the header is shown: the header holds a placeholder (:data:`CONTENTS_MARK`) that
:func:`fill_contents` replaces, when the page is exported, by the list of the page's sections
(``<h2>``/``<h3>`` with an id) and tables (``<section class="tabel" id="tabel-18">``).

The order of the pages is the order of ``chapters:`` in ``config/report.yml``; the index is
``index.html``. Only the standard library is imported (the HTML export imports this module in
every worker before its kernel starts).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping

from wlzmonitor.spec.anchors import number_anchor

__all__ = [
    "CONTENTS_MARK",
    "REPORT_TITLE",
    "WEIGHT_WORDS",
    "fill_contents",
    "header_scopes",
    "navigation_html",
    "page_header_html",
    "NOT_IN_CONTENTS",
    "page_outline",
    "report_title",
    "table_anchor",
    "weighted_notice",
    "weighting_words",
]

CONTENTS_MARK = "<!--wlz:inhoud-->"
REPORT_TITLE = "Monitor Wlz-zorgcontractering"
INDEX_PAGE = "index.html"
#: the population variables a weighted report is raked on, as the report names them
WEIGHT_WORDS = {"omzetgroep": "omzetgroep", "uitvoerder": "Wlz-uitvoerder"}


def report_title(year: int, weighted: bool = False) -> str:
    """'Monitor Wlz-zorgcontractering 2026' (the report's own title names the year); a weighted
    report's title says so: '… 2026 (gewogen)' (window titles, the PDF's title and footer)."""
    return f"{REPORT_TITLE} {year}" + (" (gewogen)" if weighted else "")


def weighting_words(margins) -> str:
    """The margins a report is weighted on, as plain text: ('omzetgroep', 'uitvoerder') ->
    'omzetgroep en Wlz-uitvoerder' (a variable the report has no word for by its own name)."""
    words = [WEIGHT_WORDS.get(m, str(m)) for m in margins]
    return " en ".join([", ".join(words[:-1]), words[-1]] if len(words) > 2 else words)


def weighted_notice(margins) -> str:
    """The sentence the index, the PDF's title page and the workbook carry in a weighted report (plain
    text; escape it for HTML): the margins named are the ones the run was weighted on."""
    return (f"Gewogen uitkomsten: de respondenten zijn gewogen naar de ledenpopulatie per {weighting_words(margins)}; "
            "het gepubliceerde rapport is ongewogen.")


def table_anchor(number: str) -> str:
    """'Tabel 18' -> 'tabel-18', 'Tabel B12' -> 'tabel-b12' (the id of the table's section; one per number: the
    layout refuses two numbers of one anchor)."""
    return number_anchor(number)


def chart_anchor(number: str) -> str:
    """'Tabel 18' -> 'grafiek-18' (the id of the table's chart)."""
    return "grafiek-" + table_anchor(number).removeprefix("tabel-")


def _neighbours(chapters: Mapping[str, str], stem: str | None) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """((href, title) of the previous page, of the next page); the index comes before the first."""
    stems = list(chapters)
    if stem is None:  # the index
        return None, ((f"{stems[0]}.html", chapters[stems[0]]) if stems else None)
    i = stems.index(stem)
    previous = (f"{stems[i - 1]}.html", chapters[stems[i - 1]]) if i > 0 else (INDEX_PAGE, "Inhoud")
    following = (f"{stems[i + 1]}.html", chapters[stems[i + 1]]) if i + 1 < len(stems) else None
    return previous, following


def navigation_html(chapters: Mapping[str, str], stem: str | None, *, where: str = "boven") -> str:
    """``<nav>`` with Inhoud, Vorige and Volgende links (`stem` None: the index page)."""
    previous, following = _neighbours(chapters, stem)
    links = []
    if stem is not None:
        links.append(f'<a class="nav-inhoud" href="{INDEX_PAGE}">Inhoud</a>')
    if previous is not None:
        links.append(f'<a class="nav-vorige" rel="prev" href="{previous[0]}">'
                     f'<span aria-hidden="true">← </span>Vorige<span class="nav-titel">: {html.escape(previous[1])}</span></a>')
    if following is not None:
        links.append(f'<a class="nav-volgende" rel="next" href="{following[0]}">'
                     f'Volgende<span class="nav-titel">: {html.escape(following[1])}</span><span aria-hidden="true"> →</span></a>')
    label = "Bladeren" if where == "boven" else "Bladeren (einde pagina)"
    return f'<nav class="bladeren bladeren-{where}" aria-label="{label}">' + "".join(links) + "</nav>"


def page_header_html(chapters: Mapping[str, str], stem: str | None, *, year: int, weighted: bool = False) -> str:
    """The header of a page: the report title (a link to the index; a weighted report's says so,
    as its window title and the PDF do: the header is printed with the page) and the navigation."""
    return (f'<header class="paginakop"><p class="rapporttitel"><a href="{INDEX_PAGE}">'
            f"{html.escape(report_title(year, weighted))}</a></p>{navigation_html(chapters, stem)}</header>")


def contents_placeholder() -> str:
    """Where :func:`fill_contents` puts the page's contents list."""
    return CONTENTS_MARK


_HEADING = re.compile(r'<h([23]) id="([^"]+)"([^>]*)>(.*?)</h\1>', re.DOTALL)
#: the class of a heading that stays out of the contents lists (the open answers' headings: h3 under
#: a section so that no heading level is skipped, but no section of their own)
NOT_IN_CONTENTS = "geen-inhoud"
_CLASS_ATTRIBUTE = re.compile(r'''\sclass\s*=\s*["']([^"']*)["']''')


def _in_contents(attributes: str) -> bool:
    """False for a heading whose classes include :data:`NOT_IN_CONTENTS`."""
    classes = _CLASS_ATTRIBUTE.search(attributes)
    return not classes or NOT_IN_CONTENTS not in classes.group(1).split()


_TABLE = re.compile(r'<section class="tabel[^"]*" id="(tabel-[a-z0-9-]+)"[^>]*>\s*(?:<div class="tabel-blok">\s*)?'
                    r'(<p class="tabel-titel"[^>]*>.*?</p>)?',
                    re.DOTALL)
_CAPTION = re.compile(r"<p[^>]*>(.*)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.DOTALL)


def _text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", _ANCHOR_LINK.sub("", markup))).split())


def _shortened(text: str, limit: int = 90) -> str:
    """`text` cut at a word to at most `limit` characters, ' …' marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _head_and_tail(text: str, limit: int = 90) -> str:
    """`text` cut in its middle at words, ' … ' marking the cut: its start and its end in at most
    `limit` characters (two questions that differ only in their last words stay apart)."""
    if len(text) <= limit:
        return text
    tail_room = limit // 3
    tail = text[len(text) - tail_room:]
    tail = tail.split(" ", 1)[1] if " " in tail else tail
    head = text[: limit - len(tail) - 3].rsplit(" ", 1)[0]
    return f"{head} … {tail}"


def _without_number(title: str) -> str:
    """'Tabel 21 – Heeft u …' -> 'Heeft u …' (what a reader compares between two entries)."""
    return re.sub(r"^Tabel [A-Z]?\d+[a-z]? – ", "", title)


def _distinct_titles(entries: list[tuple[str, str]], limit: int = 90) -> list[str]:
    """The shortened contents texts of [(full, shortened)]; entries whose shortened texts read the
    same although their full texts differ ('Tabel 21 – Heeft u overeenstemming … van …' twice) are
    cut in the middle instead, and written out in full where that still reads the same."""
    def clashes(texts: list[str]) -> set[int]:
        seen: dict[str, set[str]] = {}
        for (full, _), text in zip(entries, texts):
            seen.setdefault(_without_number(text), set()).add(_without_number(full))
        return {i for i, text in enumerate(texts) if len(seen[_without_number(text)]) > 1}

    texts = [short for _, short in entries]
    for shorten in (lambda full: _head_and_tail(full, limit), lambda full: full):
        for i in clashes(texts):
            texts[i] = shorten(entries[i][0])
    return texts


def _without_bases(caption: str) -> str:
    """A caption without its bases at the end: 'Tabel 18 – Komt u …?' of '… (2024: n=107, …)'."""
    return re.sub(r"\s*\((?:n=|n variërend|\d{4}: n)[^()]*\)\s*$", "", caption)


def page_outline(page: str) -> list[tuple[int, str, str]]:
    """[(level, anchor, text)] of a page: level 2/3 sections and level 4 tables, in page order (a
    heading of class :data:`NOT_IN_CONTENTS` is no section)."""
    found: list[tuple[int, int, str, str, str]] = []
    main = page.split("<main", 1)[-1]
    offset = len(page) - len(main)
    for m in _HEADING.finditer(main):
        text = _text(m.group(4))
        if text and _in_contents(m.group(3)):  # a heading without words gives no link
            found.append((m.start() + offset, int(m.group(1)), m.group(2), text, _shortened(text)))
    for m in _TABLE.finditer(main):
        caption = _CAPTION.search(m.group(2) or "")
        number = m.group(1).removeprefix("tabel-").upper()
        full = _without_bases(_text(caption.group(1))) if caption else f"Tabel {number} (niet gesteld)"
        found.append((m.start() + offset, 4, m.group(1), full, _shortened(full)))
    found.sort()
    texts = _distinct_titles([(full, short) for *_, full, short in found])
    return [(level, anchor, text) for (_, level, anchor, *_), text in zip(found, texts)]


def contents_html(outline: list[tuple[int, str, str]], *, page: str = "") -> str:
    """A nested list: sections (h2, h3), with the tables under the section they are in."""
    groups: list[tuple[tuple[int, str, str] | None, list[tuple[int, str, str]]]] = []
    for entry in outline:
        if entry[0] < 4 or not groups:
            groups.append((entry, []) if entry[0] < 4 else (None, [entry]))
        else:
            groups[-1][1].append(entry)

    def link(anchor: str, text: str) -> str:
        return f'<a href="{html.escape(page)}#{html.escape(anchor)}">{html.escape(text)}</a>'

    items = []
    for head, tables in groups:
        sub = "".join(f"<li>{link(a, t)}</li>" for _, a, t in tables)
        if head is None:
            items.append(sub)
            continue
        nested = f'<ol class="tabellen">{sub}</ol>' if sub else ""
        items.append(f'<li class="niveau-{head[0]}">{link(head[1], head[2])}{nested}</li>')
    return f"<ol>{''.join(items)}</ol>" if items else ""


#: where a page's text begins, after its navigation and contents list (the skip link's target)
TEXT_START = '<span id="begin-tekst" tabindex="-1"></span>'
SKIP_LINK = '<a class="naar-tekst" href="#begin-tekst">Naar de tekst (navigatie en inhoud overslaan)</a>'


def fill_contents(page: str) -> str:
    """Replace the contents placeholder by the page's contents list (or remove it when empty),
    followed by where the page's text begins (:data:`TEXT_START`)."""
    if CONTENTS_MARK not in page:
        return page
    outline = page_outline(page)
    if not outline:
        return page.replace(CONTENTS_MARK, TEXT_START)
    block = ('<nav class="inhoud-pagina" aria-labelledby="op-deze-pagina"><h2 class="inhoud-kop" '
             'id="op-deze-pagina">Op deze pagina</h2>' + contents_html(outline) + "</nav>")
    return page.replace(CONTENTS_MARK, block + TEXT_START, 1)


def add_skip_link(page: str) -> str:
    """A link to the page's text as the first thing a keyboard reaches (it shows when focused): the
    title, Inhoud, Vorige, Volgende and every contents link are passed in one step."""
    if 'id="begin-tekst"' not in page or SKIP_LINK in page:
        return page
    at = page.find('<main class="report">')
    if at < 0:
        return page
    at += len('<main class="report">')
    return page[:at] + SKIP_LINK + page[at:]


_TOP_NAV = re.compile(r'<nav class="bladeren bladeren-boven" aria-label="Bladeren">(.*?)</nav>', re.DOTALL)


def add_bottom_navigation(page: str) -> str:
    """Repeat the page's Vorige/Volgende links at the end of its ``<main>`` (as the 2025 edition's
    'Terug / Volgende' at the foot of every page)."""
    top = _TOP_NAV.search(page)
    if top is None or 'class="bladeren bladeren-onder"' in page or "</main>" not in page:
        return page
    bottom = f'<nav class="bladeren bladeren-onder" aria-label="Bladeren (einde pagina)">{top.group(1)}</nav>\n'
    head, tail = page.rsplit("</main>", 1)
    return head + bottom + "</main>" + tail


_TABLE_ELEMENT = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
_SCROLL_OPEN = re.compile(r'<div class="tabel-scroll"[^>]*>\s*(?:<style[^>]*>.*?</style>\s*)?$', re.DOTALL)
_CAPTION_ELEMENT = re.compile(r"<caption[^>]*>(.*?)</caption>", re.DOTALL)
#: what a table stands under: the headings h2-h4 and the summary of the <details> it is in
_CONTEXT = re.compile(r"<(h[2-4]|summary)\b[^>]*>(.*?)</\1>|</details>", re.DOTALL)
#: the levels a heading (or the end of a <details>: "") ends
_DEEPER = {"h2": ("h2", "h3", "h4", "summary"), "h3": ("h3", "h4", "summary"), "h4": ("h4", "summary"),
           "summary": ("summary",), "": ("summary",)}


def _contexts(page: str) -> list[tuple[int, dict[str, str]]]:
    """Per heading, summary or end of a <details>: where it ends and the headings (by level) in force after it."""
    trail: dict[str, str] = {}
    out = []
    for m in _CONTEXT.finditer(page):
        level = m.group(1) or ""
        trail = {k: v for k, v in trail.items() if k not in _DEEPER[level]}
        if level:
            trail[level] = _text(m.group(2))
        out.append((m.end(), dict(trail)))
    return out


def _region_label(caption: str, trail: Mapping[str, str]) -> str:
    """A table's name for a screen reader's list of regions: its caption, or, where that is missing or only
    its base ('n=61 toelichtingen': a dozen tables on a page, all 'Tabel' or a base), what it stands under —
    the <details> summary, else the section (h3, else h2) and its sub-heading — with the base after it."""
    if caption and not caption.startswith("n="):
        return caption
    place = [trail["summary"]] if trail.get("summary") else [t for t in (trail.get("h3") or trail.get("h2"),
                                                                          trail.get("h4")) if t]
    if not place:
        return caption or "Tabel"
    return " – ".join(place) + (f" ({caption})" if caption else "")


def scrolling_tables(page: str) -> str:
    """Every table in a region of its own that scrolls sideways (keyboard-reachable, labelled), so a
    wide table never makes the page wider than a narrow screen. Tables already in one are left. A table
    named only by its base, or not at all, is named by what it stands under (:func:`_region_label`)."""
    out, last = [], 0
    contexts, k, trail = _contexts(page), 0, {}
    for m in _TABLE_ELEMENT.finditer(page):
        while k < len(contexts) and contexts[k][0] <= m.start():
            trail, k = contexts[k][1], k + 1
        out.append(page[last:m.start()])
        before = page[max(0, m.start() - 4000):m.start()]
        if _SCROLL_OPEN.search(before):
            out.append(m.group(0))
        else:
            found = _CAPTION_ELEMENT.search(m.group(0))
            caption = _text(found.group(1)) if found else ""
            label = html.escape(_region_label(caption, trail), quote=True)
            table = m.group(0)
            if label != html.escape(caption, quote=True) and "aria-label" not in table[:table.index(">")]:
                table = table.replace("<table", f'<table aria-label="{label}"', 1)
            out.append(f'<div class="tabel-scroll" role="region" tabindex="0" aria-label="{label}">{table}</div>')
        last = m.end()
    out.append(page[last:])
    return "".join(out)


_BARE_HEADING = re.compile(r"<h([23])((?:\s[^>]*)?)>(.*?)</h\1>", re.DOTALL)
_ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*["']([^"']*)["']""")
_ANY_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")


def _slug(text: str, words: int = 8) -> str:
    """'Vraag 6 Wat is de top drie …' -> 'vraag-6-wat-is-de-top-drie-van' (ASCII, at most `words` words)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain)[:words]) or "sectie"


def heading_ids(page: str) -> str:
    """Give every ``<h2>``/``<h3>`` in the page's ``<main>`` without an id one made from its text,
    unique in the page, so the page's contents list, the index and the PDF's links reach it (the
    appendices' headings written as HTML had none and were missing from 'Op deze pagina')."""
    head, mark, main = page.partition("<main")
    if not mark:
        return page
    taken = set(_ANY_ID.findall(page))

    def with_id(m: re.Match) -> str:
        if _ID_ATTRIBUTE.search(m.group(2)):
            return m.group(0)
        base = _slug(_text(m.group(3)))
        anchor, k = base, 1
        while anchor in taken:
            k += 1
            anchor = f"{base}-{k}"
        taken.add(anchor)
        return f'<h{m.group(1)} id="{anchor}"{m.group(2)}>{m.group(3)}</h{m.group(1)}>'

    return head + mark + _BARE_HEADING.sub(with_id, main)


_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.DOTALL)
_TH_OPEN = re.compile(r"<th\b([^>]*)>")
_HEADER_ROWS = re.compile(r"<thead\b[^>]*>.*?</thead>", re.DOTALL)


def _scoped_row(row: str, scope: str) -> str:
    return _TH_OPEN.sub(lambda m: m.group(0) if re.search(r"\sscope\s*=", m.group(1))
                        else f'<th scope="{scope}"{m.group(1)}>', row)


def header_scopes(page: str) -> str:
    """Say of every header cell of every table whether it heads a column or a row (``scope``), where it does
    not say so already: a ``<th>`` in ``<thead>`` or in a row of header cells only heads its column, one in a
    row with data cells heads its row. Browsers guess this, the tagged PDF does not: WeasyPrint takes a
    ``<th>`` without ``scope="row"`` for a column's header, so no figure of the PDF was tied to its row
    label ('25%' read as '2026' only, never 'Het landelijk richttariefpercentage'; review h156)."""
    def table(m: re.Match) -> str:
        markup = m.group(0)
        head = [(h.start(), h.end()) for h in _HEADER_ROWS.finditer(markup)]

        def row(r: re.Match) -> str:
            in_head = any(a <= r.start() < b for a, b in head)
            data = re.search(r"<td\b", r.group(0)) and not in_head
            return _scoped_row(r.group(0), "row" if data else "col")

        return _ROW.sub(row, markup)

    return _TABLE_ELEMENT.sub(table, page)


def frame_page(page: str) -> str:
    """The finished page: ids for its headings, its contents list filled in, tables in scrolling
    regions with the scope of every header cell, and the navigation repeated at the end."""
    return add_bottom_navigation(header_scopes(scrolling_tables(add_skip_link(fill_contents(heading_ids(page))))))
