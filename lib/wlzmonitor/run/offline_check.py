"""Does a report page reach beyond itself? A check of its markup, never of its text.

    problems = offline_problems(page_html)     # [] = the page loads and runs nothing
    assert_offline(page_html)                  # ValueError naming every problem

The page is parsed as HTML (:class:`html.parser.HTMLParser`); what a browser would load, run or
navigate to on its own is a problem:

- elements that load or run something: ``<script>``, ``<link>``, ``<iframe>``, ``<frame>``,
  ``<frameset>``, ``<object>``, ``<embed>``, ``<applet>``, ``<portal>``, ``<base>``, a
  ``<meta http-equiv="refresh">``; event-handler attributes (``onload=``, ``onerror=``, …) and
  ``srcdoc``; an Internet Explorer conditional comment;
- a URL attribute (``src``, ``href``, ``xlink:href``, ``srcset``, ``poster``, ``data``,
  ``action``, ``formaction``, ``background``, ``ping``, ``cite``, ``longdesc``, ``manifest``,
  ``codebase``, ``archive``, ``usemap``, ``icon``, …) whose value has a scheme (``http:``,
  ``javascript:``, ``file:``, ``mailto:`` …), starts with ``//`` or ``/``, or leaves the output
  folder (``..``, also percent-encoded: ``%2e%2e``), and such a URL as a value an SVG animation (``<animate>``,
  ``<set>``) sets (``to``, ``from``, ``by``, ``values``); allowed are ``#anchors``, relative links inside the output folder
  (``02_capaciteit.html``, ``tables/index.csv``) and embedded images (``data:image/…``);
- CSS in ``<style>`` elements and ``style=`` attributes (comments removed, CSS escapes such
  as ``@\\69mport`` decoded): ``@import``, a ``url(…)``/``image-set(…)`` that is not an
  embedded image or ``#fragment``, ``expression(…)``, ``behavior:`` and ``-moz-binding``.

Text between tags — where respondent answers are, escaped — is never read as markup: an answer
such as "Zie http:// voor meer informatie", ``@import``, ``x=//`` or ``<script>`` (shown as
``&lt;script&gt;``) is text, and harmless.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote
from typing import Any, NamedTuple

__all__ = ["OfflineProblem", "answer_sources", "assert_offline", "css_problems", "offline_problems", "url_problem"]

#: elements that load, embed or run something, or change where relative links point
LOADING_ELEMENTS = frozenset({"script", "link", "iframe", "frame", "frameset", "object", "embed", "applet",
                              "portal", "base", "bgsound", "xml", "import"})
#: attributes whose value is a URL (or, for srcset/imagesrcset/ping/archive, a list of them)
URL_ATTRIBUTES = frozenset({"src", "href", "xlink:href", "srcset", "imagesrcset", "poster", "data", "action",
                            "formaction", "background", "ping", "cite", "longdesc", "manifest", "codebase",
                            "archive", "usemap", "icon", "profile", "classid", "lowsrc", "dynsrc", "itemtype",
                            "attributionsrc"})
#: SVG animations, and their attributes whose values they set: an ``<animate attributeName="href"
#: values="https://…">`` (or ``<set to=…>``) makes a link of the drawing point elsewhere
_ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform"})
_ANIMATED_VALUES = frozenset({"to", "from", "by", "values"})
_LIST_ATTRIBUTES = {"srcset": "srcset", "imagesrcset": "srcset", "ping": "space", "archive": "space"}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00a0\u200b-\u200d\u2060\ufeff]")
_EMBEDDED = re.compile(r"^data:(?:image/[\w.+-]+|font/[\w.+-]+|application/(?:x-)?font[\w.+-]*)[;,]", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
_CSS_URL = re.compile(r"\b(?:url|src)\(\s*(\"[^\"]*\"|'[^']*'|[^)]*)\s*\)", re.IGNORECASE)
_CSS_IMAGE_SET = re.compile(r"\b(?:-webkit-)?image(?:-set)?\(([^)]*)\)", re.IGNORECASE)
_CSS_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")
_CSS_FORBIDDEN = (("CSS @import", re.compile(r"@import\b", re.IGNORECASE)),
                  ("CSS expression()", re.compile(r"\bexpression\s*\(", re.IGNORECASE)),
                  ("CSS behavior", re.compile(r"\bbehavio(?:u)?r\s*:", re.IGNORECASE)),
                  ("CSS -moz-binding", re.compile(r"-moz-binding\s*:", re.IGNORECASE)))


class OfflineProblem(NamedTuple):
    """What reaches beyond the page (``what``), the markup or URL it is in (``value``, shortened),
    its line, and the value in full (``raw``: to find the answer it came from)."""

    what: str
    value: str
    line: int
    raw: str = ""


def url_problem(url: str) -> str | None:
    """Why a URL leaves the page or its output folder (None when it does not)."""
    clean = _INVISIBLE.sub("", url).replace("\\", "/")
    if not clean or clean.startswith("#"):
        return None
    if clean[:5].lower() == "data:":
        return None if _EMBEDDED.match(clean) else "data: URL that is no embedded image"
    if _SCHEME.match(clean):
        scheme = clean.split(":", 1)[0].lower()
        return "external URL" if scheme in ("http", "https", "ftp", "ws", "wss") else f"{scheme}: URL"
    if clean.startswith("//"):
        return "protocol-relative URL"
    if clean.startswith("/"):
        return "absolute path (outside the output folder)"
    path = clean.split("#", 1)[0].split("?", 1)[0]
    # a browser reads '%2e%2e' as '..' too (review h149: '%2e%2e/%2e%2e/x' passed)
    if ".." in path.split("/") or ".." in unquote(path).replace("\\", "/").split("/"):
        return "path outside the output folder"
    return None


def _urls(name: str, value: str) -> list[str]:
    kind = _LIST_ATTRIBUTES.get(name)
    if kind == "srcset":  # "a.png 1x, b.png 2x"
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    if kind == "space":
        return value.split()
    return [value]


def _css_unescape(css: str) -> str:
    def repl(m: re.Match) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return m.group(2)
    return _CSS_ESCAPE.sub(repl, _CSS_COMMENT.sub(" ", css))


def css_problems(css: str) -> list[tuple[str, str]]:
    """``(what, value)`` for everything in a piece of CSS that loads from elsewhere or runs code."""
    text = _css_unescape(css)
    found = [(what, m.group(0)) for what, pattern in _CSS_FORBIDDEN for m in pattern.finditer(text)]
    for m in _CSS_URL.finditer(text):
        url = m.group(1).strip().strip("\"'")
        why = url_problem(url)
        if why:
            found.append((f"CSS url(): {why}", m.group(0)))
    for m in _CSS_IMAGE_SET.finditer(text):
        for s in _CSS_STRING.finditer(m.group(1)):
            url = s.group(1) if s.group(1) is not None else s.group(2)
            why = url_problem(url)
            if why:
                found.append((f"CSS image-set(): {why}", m.group(0)))
    return found


class _OfflineParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[OfflineProblem] = []
        self._in_style = 0

    def _add(self, what: str, value: str) -> None:
        self.problems.append(OfflineProblem(what, _shorten(value), self.getpos()[0], value))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        markup = self.get_starttag_text() or f"<{tag}>"
        if tag in LOADING_ELEMENTS:
            self._add(f"<{tag}> tag", markup)
        if tag == "style":
            self._in_style += 1
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("refresh" in values.get("http-equiv", "").lower()
                              or "url=" in values.get("content", "").lower().replace(" ", "")):
            self._add("<meta> refresh", markup)
        for name, value in values.items():
            self._attribute(tag, name, value, markup)

    def _attribute(self, tag: str, name: str, value: str, markup: str) -> None:
        if name.startswith("on"):
            self._add(f"event handler {name}= on <{tag}>", markup)
        elif name == "srcdoc":
            self._add(f"srcdoc= on <{tag}>", markup)
        elif name == "style":
            for what, snippet in css_problems(value):
                self._add(f"{what} in a style attribute of <{tag}>", snippet)
        elif name in URL_ATTRIBUTES:
            for url in _urls(name, value):
                why = url_problem(url)
                if why:
                    self._add(f"{why} in {name}= of <{tag}>", url)
        elif name in _ANIMATED_VALUES and tag in _ANIMATIONS:
            for url in value.split(";"):  # an SVG animation that sets a link's href (review h149)
                why = url_problem(url.strip())
                if why:
                    self._add(f"{why} in {name}= of <{tag}>", url.strip())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self._in_style -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._in_style:
            self._in_style -= 1

    def handle_data(self, data: str) -> None:
        if self._in_style:  # CSS, not text
            for what, snippet in css_problems(data):
                self._add(f"{what} in a <style> element", snippet)

    def handle_comment(self, data: str) -> None:
        if re.match(r"\s*\[if\b", data, re.IGNORECASE) or "<![endif]" in data:
            self._add("conditional comment", "<!--" + data[:60])

    def handle_pi(self, data: str) -> None:
        if "href" in data.lower():
            self._add("processing instruction with a link", "<?" + data)


def offline_problems(html: str) -> list[OfflineProblem]:
    """Every way the markup of `html` could reach beyond the page (see the module docstring)."""
    parser = _OfflineParser()
    parser.feed(html)
    parser.close()
    return parser.problems


def assert_offline(html: str) -> None:
    """Raise ValueError naming every problem :func:`offline_problems` finds (with its line)."""
    problems = offline_problems(html)
    if problems:
        shown = "; ".join(f"{p.what} (line {p.line}: {p.value})" for p in problems[:10])
        more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise ValueError("HTML is not self-contained/offline: " + shown + more)


def answer_sources(value: str, survey: Any) -> list[str]:
    """Where an offending piece of markup came from when an open answer holds it:
    'respondent R0042, question toelichting_tarief, column toelichting_tarief__tekst' (a
    survey with ``responses`` and ``codebook``: the scrubbed survey of the year's result)."""
    needle = value.strip()
    if len(needle) < 4 or survey is None:
        return []
    found = []
    for question in survey.codebook.questions:
        if question.private:
            continue
        columns = list(question.field_columns().values()) if question.type == "open" else []
        columns += [c for c in (question.text_column, question.comment_column) if c]
        for column in dict.fromkeys(c for c in columns if c in survey.responses.columns):
            texts = survey.responses[column].dropna().astype(str)
            for rid in texts.index[texts.str.contains(needle, regex=False)]:
                found.append(f"respondent {rid}, question {question.key}, column {column}")
    return found


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
