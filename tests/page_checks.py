"""Checks a Dutch policy reader would make on every page, as classes, not single examples.

Each check takes a page's HTML (or all pages) and returns a list of findings ("" = none), so a
test can name every offending place. Used by tests/test_report_pages.py on a built report and
by tests/test_reading.py on small hand-made pages (that each check finds what it should).

The text checked is what a reader sees: no <style>, no <code> (keys shown as keys), and not the
respondents' own words (open answers in lists and pull quotes): their punctuation is theirs.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bs4 import BeautifulSoup, NavigableString, Tag

#: terms that are written one way on every page (organisations, abbreviations)
CANONICAL = {"wlz": "Wlz", "nza": "NZa", "actiz": "ActiZ", "pgb": "PGB", "vpt": "VPT", "mpt": "MPT", "zzp": "ZZP",
             "hlo": "HLO", "nps": "NPS"}
_TERM = re.compile(r"\b(" + "|".join(CANONICAL) + r")(?=\b|-)", re.IGNORECASE)
DOUBLED = (
    re.compile(r"[:;,]\s*[:;,]"),  # ': ,' '; ;'
    re.compile(r"[?!]\s*[:;,]"),  # 'zorgkantoor?: '
    re.compile(r"(?<!\.)\.\.(?!\.)"),  # two dots (three are an ellipsis)
    re.compile(r"\)\s*:\s*\("),  # 'mogelijk): (2024'
    re.compile(r"(?<!\.)\.\s+\.(?!\.)"),  # '. .'
)
THOUSANDS = re.compile(r"(?<![\d,.\-–/])\d{5,}(?![\d,])")
SIGNED_MINUS = re.compile("\u2212(?=\\d)")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def _is_respondent_text(node: Tag) -> bool:
    for parent in node.parents:
        if parent.name in ("blockquote", "code", "style", "script"):
            return True
        if parent.name == "li" and parent.find_parent("details") is not None:
            return True
    return False


def reader_text(page: str) -> str:
    """The page's text as a reader reads it (see the module docstring), one line per text node."""
    document = soup(page)
    parts = []
    for node in document.find_all(string=True):
        if isinstance(node, NavigableString) and node.parent is not None and not _is_respondent_text(node):
            text = " ".join(str(node).split())
            if text:
                parts.append(text)
    return "\n".join(parts)


def _block_texts(page: str) -> list[str]:
    """Text per block element (paragraphs, headings, cells, summaries), respondents' words left out."""
    document = soup(page)
    for hidden in document.find_all(["style", "script", "code", "blockquote"]):
        hidden.decompose()
    for details in document.find_all("details"):
        for item in details.find_all("li"):
            item.decompose()
    blocks = []
    for element in document.find_all(["p", *HEADINGS, "li", "th", "td", "summary", "caption", "figcaption"]):
        if element.find(["p", "li", "table"]):
            continue
        text = " ".join(element.get_text(" ").split())
        if text:
            blocks.append(text)
    return blocks


def doubled_punctuation(page: str) -> list[str]:
    return [f"‘{_around(text, m)}’" for text in _block_texts(page) for pattern in DOUBLED
            for m in pattern.finditer(text)]


def unseparated_thousands(page: str) -> list[str]:
    return [f"‘{_around(text, m)}’" for text in _block_texts(page) for m in THOUSANDS.finditer(text)]


def minus_signs(page: str) -> list[str]:
    """A negative figure with U+2212 where the tables print '-' (NPS -14 on one page, −14 on another)."""
    return [f"‘{_around(text, m)}’" for text in _block_texts(page) for m in SIGNED_MINUS.finditer(text)]


def capitalisation(pages: dict[str, str]) -> list[str]:
    """Every spelling of a canonical term that is not the canonical one, with the pages it is on."""
    found: dict[str, set[str]] = defaultdict(set)
    for name, page in pages.items():
        for text in _block_texts(page):
            for m in _TERM.finditer(text):
                if m.group(1) != CANONICAL[m.group(1).lower()]:
                    found[f"{m.group(1)} in ‘{_around(text, m)}’"].add(name)
    return [f"{what} ({', '.join(sorted(where))})" for what, where in sorted(found.items())]


def _heading_like(document: BeautifulSoup) -> list[tuple[str, str]]:
    out = []
    for element in document.find_all([*HEADINGS, "caption", "summary"]):
        if element.name == "p" and "tabel-titel" not in (element.get("class") or []):
            continue
        out.append((element.name, " ".join(element.get_text(" ").split())))
    return out


def repeated_headings(page: str) -> list[str]:
    """A heading repeated directly under itself ('Ten dele, want …' over 'Ten dele, want … (n=24)'),
    or one question number as consecutive headings of the same level (Bijlage 4's follow-up fields)."""
    found = []
    items = _heading_like(soup(page))
    for (tag_a, a), (tag_b, b) in zip(items, items[1:]):
        if a and b.startswith(a) and len(a) > 3:
            found.append(f"{tag_a} ‘{a}’ then {tag_b} ‘{b[:60]}’")
        number_a, number_b = re.match(r"(Vraag|Tabel) \S+", a), re.match(r"(Vraag|Tabel) \S+", b)
        if tag_a == tag_b and number_a and number_b and number_a.group(0) == number_b.group(0):
            found.append(f"{tag_a} ‘{number_a.group(0)}’ twice in a row")
    return found


def skipped_heading_levels(page: str) -> list[str]:
    """A heading more than one level below the heading before it (h2 then h4): a screen reader's
    list of headings shows a level with nothing in it (WCAG 1.3.1; axe-core's heading-order)."""
    found, previous = [], None
    for element in soup(page).find_all(HEADINGS):
        level = int(element.name[1])
        if previous is not None and level > previous[0] + 1:
            found.append(f"h{previous[0]} ‘{previous[1][:40]}’ then {element.name} "
                         f"‘{' '.join(element.get_text(' ').split())[:40]}’")
        previous = (level, " ".join(element.get_text(" ").split()))
    return found


def contents_entries_that_are_no_sections(page: str) -> list[str]:
    """A link in 'Op deze pagina' to something other than a section heading (h2/h3 not marked
    ``geen-inhoud``) or a table: the open answers' headings are no sections (a table listed under
    'Toelichtingen bij Vraag 10' is then listed under the wrong section)."""
    document = soup(page)
    nav = document.find("nav", class_="inhoud-pagina")
    found = []
    for a in nav.find_all("a") if nav else []:
        target = document.find(id=a["href"].split("#", 1)[-1])
        ok = target is not None and (
            (target.name in ("h2", "h3") and not {"geen-inhoud", "toelichtingen-titel", "codering-titel"}
             & set(target.get("class") or []))
            or (target.name == "section" and "tabel" in (target.get("class") or [])))
        if not ok:
            found.append(f"‘{a.get_text(' ', strip=True)[:50]}’ -> {target.name if target else 'nothing'}")
    return found


def empty_header_cells(page: str) -> list[str]:
    """A table header cell without a text (it heads nothing; axe-core's empty-table-header)."""
    found = []
    for table in soup(page).find_all("table"):
        for th in table.find_all("th"):
            if not th.get_text(" ").replace("\xa0", " ").strip() and not th.get("aria-label"):
                found.append(f"an empty <th> in the table {table.get('id') or table.get('aria-labelledby')}")
    return found


def unlabelled_examples(page: str) -> list[str]:
    """A list of open answers under '(64 antwoorden)' that shows fewer without saying they are examples."""
    found = []
    for details in soup(page).find_all("details"):
        summary = details.find("summary")
        count = re.search(r"\((\d+) (antwoorden|toelichtingen|antwoord|toelichting)\)", summary.get_text() if summary else "")
        items = details.find_all("li")
        if not count or not items:
            continue
        shown = sum(int(m.group(1)) if (m := re.search(r"\((\d+)×\)\s*$", li.get_text())) else 1 for li in items)
        if shown < int(count.group(1)) and "voorbeeld" not in details.get_text().lower():
            found.append(f"‘{summary.get_text(' ', strip=True)}’ shows {shown} without saying they are examples")
    return found


def _around(text: str, match: re.Match, width: int = 30) -> str:
    return text[max(0, match.start() - width): match.end() + width]
