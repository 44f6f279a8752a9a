"""Text of an output file that the gate's plain reading of a page passed over (privacy review h95).

A browser shows, and anyone who opens a page's source reads, more than the text between its tags:

- a stylesheet's ``content: "…"`` (the text a ``::before`` or ``::after`` puts on the screen);
- text written with escapes: a stylesheet's ``\\6a an`` (CSS), a script's ``\\u006a``, ``\\x6a``, ``\\u{6a}`` (JS)
  — a browser shows "jan";
- a ``data:`` URI or a block of base64 whose decoded text is a name or a number (``data:text/plain;base64,…``,
  ``data:image/svg+xml;base64,…`` — the drawing's text —, ``atob("…")``); not a PNG's pixels;
- the values of the attributes that only style or place an element (``class``, ``id``, ``style``) and the
  ``<style>`` blocks: no text on the screen, but in the source.

The first three are scanned as any text of the page (:func:`decoded_texts`); the last, where "max-width" and
"white" would be a contact "Max White" (every run failed on them once), is scanned for what identifies a person
whole only — a contact's full name, address or number, a listed organisation — (:func:`markup_text`, read
by the gate with its name parts and the generic patterns left out). Each text keeps the lines of the file, so a
hit is named by its line.
"""
from __future__ import annotations

import base64
import binascii
import html
import re

from wlzmonitor.inputs.personal_patterns import APART

__all__ = ["DATA_URI", "changed_lines", "decode_escapes", "decoded_texts", "markup_text", "text_of_base64"]

#: a ``data:`` URI in base64, its parameters too ("data:text/plain;charset=utf-8;base64,…")
DATA_URI = re.compile(r"data:(?P<mime>[\w/+.-]+)(?:;[\w.+-]+=[^;,\s\"'()<>]*)*;base64,(?P<data>[A-Za-z0-9+/=\s]+)",
                      re.IGNORECASE)
#: the types whose payload is text a reader is shown (the others are images, fonts, binaries)
_TEXT_MIMES = re.compile(r"text/[\w.+-]+|image/svg\+xml|application/(?:json|xml|xhtml\+xml|javascript|ld\+json)",
                         re.IGNORECASE)
#: a block of base64 outside a data URI: 8 characters or more (a first name of four letters is "S2Vlcw=="), with a
#: capital after its first character, as the base64 of any text of a few letters has (no word of a sentence,
#: "Kerncijfers", no path, "data/raw/2026", no hex digest, no attribute's name before its "=", "version=")
_BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/=\\%&#])(?=[A-Za-z0-9+/]{0,200}?(?<=[A-Za-z0-9+/])[A-Z])"
                         r"(?:[A-Za-z0-9+/]{8,}={0,2}|[A-Za-z0-9+/]{6,7}={1,2})(?![A-Za-z0-9+/=])")
_JS_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")
#: a CSS escape: up to six hex digits and one white space after them, or any other character escaped
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|\\([^\r\n\f0-9a-fA-F])")
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>|$)", re.IGNORECASE | re.DOTALL)
#: an attribute that only styles or places an element, with its value
_MARKUP_ATTRIBUTE = re.compile(r"""(?<![\w:-])(?:class|id|style|name|for|headers|itemprop|role)\s*=\s*"""
                               r"""(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
#: a stylesheet's generated text: ``content: "…"`` (in a style block or a style attribute)
_CSS_CONTENT = re.compile(r"""content\s*:\s*((?:(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|attr\([^)]*\)"""
                          r"""|counter\([^)]*\)|[\s,])*))""", re.IGNORECASE)
_CSS_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""", re.DOTALL)


def _char(code: int) -> str:
    """The character of a code point an escape writes (a line break as a space: the lines of what follows stay)."""
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    c = chr(code)
    return " " if c in "\r\n\f\v\x85\u2028\u2029" else c


def decode_escapes(text: str) -> str:
    """``text`` with its JS escapes (``\\u006a``, ``\\u{6a}``, ``\\x6a``) and then its CSS escapes (``\\6a an``,
    ``\\J``) decoded, as a browser shows a script's string or a stylesheet's text; line breaks stay where they were."""
    if "\\" not in text:
        return text
    text = _JS_ESCAPE.sub(lambda m: _char(int(next(g for g in m.groups() if g), 16)), text)
    return _CSS_ESCAPE.sub(lambda m: _char(int(m.group(1), 16)) if m.group(1) else
                           (" " if m.group(2) in "\r\n" else m.group(2)), text)


def _blank(text: str) -> str:
    """``text`` as spaces, its line breaks kept."""
    return " " * len(text) if "\n" not in text else "\n".join(" " * len(line) for line in text.split("\n"))


def _laid_out(text: str, segments: list[tuple[int, int, str]]) -> str:
    """The segments' values, each on the line of ``text`` where it stands, and nothing else: the line breaks of
    ``text`` between them kept, APART between two on one line (nothing runs across it). Short, so that scanning it
    costs little (a text as long as the page, blank but for them, made the gate eight times slower)."""
    out, last = [], 0
    for start, end, value in sorted(segments):
        if start < last:
            continue
        out += ["\n" * text.count("\n", last, start) or APART, value.replace("\n", " ").replace("\r", " "),
                "\n" * text.count("\n", start, end)]
        last = end
    return "".join(out)


def text_of_base64(data: str) -> str | None:
    """The text a base64 payload decodes to, None where it decodes to no text (pixels, a font, a digest)."""
    data = re.sub(r"\s", "", data)
    if len(data) % 4:
        data += "=" * (-len(data) % 4)
    try:
        raw = base64.b64decode(data, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    if not text or sum(c.isprintable() or c in "\r\n\t" for c in text) < len(text):
        return None
    # mostly Latin letters, digits and punctuation (a name, a number, an address); a word of a sentence read as
    # base64 decodes now and then to a few CJK or other letters, which hold nothing the gate looks for
    return text if sum(ord(c) < 0x250 for c in text) >= 0.9 * len(text) else None


def _data_uri_text(m: re.Match, read) -> str | None:
    """The text a data URI's reader is shown (read by ``read``: a page's or a drawing's text), None for an image."""
    if _TEXT_MIMES.fullmatch(m.group("mime")) is None:
        return None
    text = text_of_base64(m.group("data"))
    return None if text is None else read(m.group("mime").lower(), text)


def decoded_texts(text: str, read) -> list[str]:
    """The texts of a file that its escapes, data URIs and blocks of base64 hide, each at its lines (see the
    module docstring); ``read(mime, text)`` reads a decoded payload as the gate reads a file of that type. Empty
    where there is none."""
    out = []
    plain = DATA_URI.sub(lambda m: _blank(m.group(0)), text) if "base64," in text else text  # (pixels: no text)
    if "\\" in plain:
        decoded = decode_escapes(plain)
        if decoded != plain:  # (an escaped line break is a space: the lines stay)
            out.append(changed_lines(read("text/html-escaped", plain), read("text/html-escaped", decoded)))
    segments = []
    if "base64," in text:
        segments += [(m.start(), m.end(), t) for m in DATA_URI.finditer(text)
                     for t in [_data_uri_text(m, read)] if t]
    for m in _BASE64_RUN.finditer(plain):
        decoded = text_of_base64(m.group(0))
        if decoded is not None and len(decoded.strip()) >= 3:
            segments.append((m.start(), m.end(), read("text/plain", decoded)))
    if segments:
        out.append(_laid_out(text, segments))
    return out


def changed_lines(before: str, after: str) -> str:
    """The lines of ``after`` that differ from ``before``'s and the line on either side of each (a name written
    across a line break), every other line empty: the escapes' text, each at its line. The lines that did not
    change are the page's plain reading, scanned as such (the whole page was scanned a second time for a few
    escapes of a script or a stylesheet). ``after`` whole when the lines do not correspond."""
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return after
    keep = {j for i, (a, b) in enumerate(zip(old, new)) if a != b for j in (i - 1, i, i + 1)}
    return "\n".join(line if i in keep else "" for i, line in enumerate(new))


def css_content_text(text: str) -> str | None:
    """The text a page's stylesheets put on the screen (``content: "…"``, escapes decoded), at its lines; None
    where there is none."""
    if "content" not in text.lower():
        return None
    segments = []
    for block in _STYLE_BLOCK.finditer(text) if "<style" in text.lower() else ():
        segments += _content_segments(block.group(2), block.start(2))
    for m in _MARKUP_ATTRIBUTE.finditer(text):
        value = next((g for g in m.groups() if g is not None), "")
        if m.group(0)[:5].lower() == "style" and "content" in value.lower():
            start = next(m.start(i) for i in (1, 2, 3) if m.group(i) is not None)
            segments += _content_segments(html.unescape(value), start)
    return _laid_out(text, segments) if segments else None


def _content_segments(css: str, offset: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _CSS_CONTENT.finditer(css):
        shown = "".join(next(g for g in s.groups() if g is not None) for s in _CSS_STRING.finditer(m.group(1)))
        if shown:
            out.append((offset + m.start(1), offset + m.end(1), decode_escapes(shown)))
    return out


def markup_text(text: str) -> str | None:
    """The values of a page's attributes that only style or place an element, and its ``<style>`` blocks,
    character references and escapes decoded, at their lines (everything else blank); None where there is none.
    The gate reads this text for what identifies a person whole only (see the module docstring)."""
    segments = []
    if "<style" in text.lower():
        segments += [(m.start(2), m.end(2), decode_escapes(m.group(2))) for m in _STYLE_BLOCK.finditer(text)]
    for m in _MARKUP_ATTRIBUTE.finditer(text):
        index = next(i for i in (1, 2, 3) if m.group(i) is not None)
        segments.append((m.start(index), m.end(index), decode_escapes(html.unescape(m.group(index)))))
    return _laid_out(text, segments) if segments else None
