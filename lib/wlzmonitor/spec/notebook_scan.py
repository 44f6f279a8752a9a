"""What a chapter notebook shows, read from its source without running it (for ``check-year``).

A chapter notebook (jupytext py:percent, ``notebooks/<stem>.py``) calls ``chapter.text("...")``,
``chapter.table("key")``, ``chapter.trend_chart("key")``, ``chapter.themes("question")``,
``chapter.explanations("question", title=...)``, ``chapter.remaining_tables()`` and
``chapter.asked("key")``, ``chapter.shows("key")``, ``chapter.quotes("theme")`` and
``chapter.key_figures(("key", row, "label"), ...)``
(each card a ``key_figure`` call of ``{key:row}``). :func:`scan_notebook` lists these calls with their
line, the keys named by the ``if chapter.asked(...)`` / ``if chapter.shows(...)`` conditions around them, every table or question number
typed into the notebook ("Tabel 18", "Vraag 6") instead of a placeholder, and the paragraphs of its
markdown cells (fixed text, checked for typed figures and claims).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.prose import LOOKALIKE_BRACES, TYPED_NUMBER, card_form_problem, card_shown
from wlzmonitor.spec.strict_yaml import control_characters_in

__all__ = ["Call", "NotebookScan", "scan_notebook", "CALLS"]

CALLS = ("text", "table", "trend_chart", "themes", "explanations", "remaining_tables", "asked", "shows",
         "key_figures", "quotes")


@dataclass(frozen=True)
class Call:
    """One ``chapter.<method>(...)`` call: its first text argument, title, line and guards."""

    method: str
    arg: str | None
    line: int
    title: str | None = None
    guards: frozenset[str] = frozenset()  # keys of the chapter.asked(...) conditions around it
    #: tables named by the chapter.shows(...) conditions around it (a table a later or earlier year's
    #: layout puts in another chapter: shown here only in the years whose layout puts it here)
    shows: frozenset[str] = frozenset()
    #: the first argument is a string literal (or none is given): a text built at run time cannot be checked here
    literal: bool = True
    #: the row of ``chapter.asked(key, row)`` (a literal, as text; None without one)
    row: str | None = None
    #: the title (``title=``; a themes/explanations section's second argument) is a string literal, or none is given
    title_literal: bool = True


@dataclass(frozen=True)
class NotebookScan:
    path: Path
    stem: str
    calls: tuple[Call, ...] = ()
    typed_numbers: tuple[tuple[int, str], ...] = ()  # (line, "Tabel 18")
    markdown: tuple[tuple[int, str], ...] = ()  # (first line, paragraph) of the markdown cells
    #: (line, "{maatwerk:1}") of every brace in a markdown cell: printed as written, never filled
    markdown_braces: tuple[tuple[int, str], ...] = ()
    #: (line, column, character) of every control character (ESC, BEL, a text-direction override, …) in the
    #: notebook: in a markdown cell it is printed into the page, invisible or garbled
    controls: tuple[tuple[int, int, str], ...] = ()
    error: str | None = None  # the notebook could not be read or parsed
    shows_remaining: bool = field(default=False)

    def of(self, *methods: str) -> list[Call]:
        return [c for c in self.calls if c.method in methods]


def _string(node: ast.AST | None) -> str | None:
    """A string literal's text, also one joined with "+" from literals ("… is " + "gestegen."); None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string(node.left), _string(node.right)
        return None if left is None or right is None else left + right
    return None


def _chapter_call(node: ast.AST) -> str | None:
    """The method name of a ``chapter.<method>(...)`` call (None for anything else)."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "chapter"
            and node.func.attr in CALLS):
        return node.func.attr
    return None


def _asked_keys(test: ast.AST) -> set[str]:
    """The keys of the chapter.asked(...) calls of a condition: "key", or "key:row" for asked(key, row)."""
    keys = set()
    for node in ast.walk(test):
        if _chapter_call(node) == "asked" and node.args:
            key = _string(node.args[0])
            row = _string(node.args[1]) if len(node.args) > 1 else None
            if key:
                keys.add(f"{key}:{row}" if row else key)
    return keys


#: the guard of a condition on ``chapter.year`` (``if chapter.year >= 2027:``): its calls are one wave's own
YEAR_GUARD = "@year"


def _year_keys(test: ast.AST, branch: bool = True) -> set[str]:
    """{YEAR_GUARD, and the condition with its branch} when the condition reads ``chapter.year``: "@year-if:…" for
    its body, "@year-else:…" for its else (:func:`shown_in` evaluates it for a year)."""
    if not any(isinstance(node, ast.Attribute) and node.attr == "year" and isinstance(node.value, ast.Name)
               and node.value.id == "chapter" for node in ast.walk(test)):
        return set()
    return {YEAR_GUARD, f"{YEAR_GUARD}-{'if' if branch else 'else'}:{ast.unparse(test)}"}


#: what a year condition may hold to be evaluated (``chapter.year >= 2027``, ``chapter.year in (2027, 2028)``)
_YEAR_NODES = (ast.Expression, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Constant, ast.Attribute, ast.Name,
               ast.Tuple, ast.List, ast.Set, ast.Load, ast.And, ast.Or, ast.Not, ast.Eq, ast.NotEq, ast.Lt, ast.LtE,
               ast.Gt, ast.GtE, ast.In, ast.NotIn)


def shown_in(guards: frozenset[str], year: int) -> bool | None:
    """Whether a call under ``guards`` is shown in ``year`` as far as its conditions on ``chapter.year`` say
    (True when it has none); None when one of them reads more than the year (``chapter.year >= 2027 and
    chapter.asked(…)``): it cannot be told here."""
    shown = True
    for guard in guards:
        if not guard.startswith(YEAR_GUARD + "-"):
            continue
        branch, _, source = guard[len(YEAR_GUARD) + 1:].partition(":")
        tree = ast.parse(source, mode="eval")
        if not all(isinstance(node, _YEAR_NODES) for node in ast.walk(tree)) or any(
                isinstance(node, ast.Name) and node.id != "chapter" or isinstance(node, ast.Attribute)
                and node.attr != "year" for node in ast.walk(tree)):
            return None
        value = bool(eval(compile(tree, "<year condition>", "eval"),  # noqa: S307 - checked above: year only
                          {"__builtins__": {}}, {"chapter": _Year(year)}))
        shown &= value if branch == "if" else not value
    return shown


class _Year:
    """What a year condition reads of the chapter: its year."""

    def __init__(self, year: int) -> None:
        self.year = year


def _shows_keys(test: ast.AST) -> set[str]:
    """The table keys of the chapter.shows(...) calls of a condition."""
    return {key for node in ast.walk(test) if _chapter_call(node) == "shows" and node.args
            for key in [_string(node.args[0])] if key}


def _calls(tree: ast.AST) -> list[Call]:
    out: list[Call] = []

    def visit(node: ast.AST, guards: frozenset[str], shows: frozenset[str] = frozenset()) -> None:
        if isinstance(node, ast.If):
            inner = guards | _asked_keys(node.test)
            visit(node.test, guards, shows)
            for child in node.body:
                visit(child, inner | _year_keys(node.test), shows | _shows_keys(node.test))
            for child in node.orelse:  # `else:` of `if chapter.shows(...)`: the years it is not shown here
                visit(child, inner | _year_keys(node.test, branch=False), shows)
            return
        method = _chapter_call(node)
        if method == "key_figures":  # each card: the figure {key:row}
            out.extend(_card_call(card, guards, shows) for card in node.args)
        elif method:
            first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "theme"), None) \
                if method == "quotes" else None  # chapter.quotes(theme="Capaciteit") as chapter.quotes("Capaciteit")
            arg = _string(first) if first is not None else None
            given = next((k.value for k in node.keywords if k.arg == "title"), None)
            if given is None and method in ("themes", "explanations") and len(node.args) > 1:
                given = node.args[1]
            title = _string(given) if given is not None else None
            row = node.args[1].value if method == "asked" and len(node.args) > 1 \
                and isinstance(node.args[1], ast.Constant) else None
            out.append(Call(method, arg, node.lineno, title, guards, shows, literal=arg is not None or first is None,
                            row=None if row is None else str(row),
                            title_literal=given is None or title is not None or _is_none(given)))
        for child in ast.iter_child_nodes(node):
            visit(child, guards, shows)

    visit(tree, frozenset())
    return out


def _card_call(card: ast.AST, guards: frozenset[str], shows: frozenset[str]) -> Call:
    """The call of one Kerncijfers card: ``key_figure`` with its figure {key:row} and label; ``key_figure_form``
    (arg: the problem) for a card that is no (table key, row, label); ``key_figure`` without a figure
    (``literal`` False) for one whose key or row is built at run time (review h123: both were skipped)."""
    at = (card.lineno, None, guards, shows)
    if isinstance(card, ast.Constant):  # ("maatwerk") is "maatwerk": no tuple
        return Call("key_figure_form", card_form_problem(card.value, card_shown([ast.unparse(card)], bare=True)), *at)
    if not isinstance(card, (ast.Tuple, ast.List)):  # a variable, *cards, a call
        return Call("key_figure", None, *at, literal=False)
    parts = card.elts
    shown = card_shown([ast.unparse(p) for p in parts])  # bounded: not the label (review h126)
    if len(parts) != 3 or any(isinstance(p, ast.Starred) for p in parts):
        return Call("key_figure_form", card_form_problem(tuple(parts), shown), *at)
    key = _string(parts[0]) if not isinstance(parts[0], ast.Constant) else parts[0].value
    if key is None or not isinstance(parts[1], ast.Constant):
        return Call("key_figure", None, *at, literal=False)
    row = parts[1].value
    problem = card_form_problem((key, row, None), shown)
    if problem is not None:
        return Call("key_figure_form", problem, *at)
    label = _string(parts[2])  # checked: it may claim no change
    return Call("key_figure", f"{{{key}:{row}}}", card.lineno, label, guards, shows, literal=label is not None)


def _is_none(node: ast.AST) -> bool:
    """Whether `node` is the literal None (``title=None``: no title given)."""
    return isinstance(node, ast.Constant) and node.value is None


def _typed_numbers(text: str) -> list[tuple[int, str]]:
    """Typed table or question numbers, outside the jupytext header."""
    out = []
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "# ---":  # the jupytext header
        start = next((i + 1 for i, line in enumerate(lines[1:], 1) if line.strip() == "# ---"), 0)
    for i, line in enumerate(lines[start:], start + 1):
        out.extend((i, m.group(0)) for m in TYPED_NUMBER.finditer(line))
    return out


_ATX_HEADING = re.compile(r"#{1,6}(?:\s|$)")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)")


def _markdown(text: str) -> list[tuple[int, str]]:
    """The paragraphs of the markdown cells (``# %% [markdown]``, lines commented with ``#``): (first line, text).

    A heading is a paragraph of its own, as markdown prints it, also without a blank line before the
    text under it; a heading underlined with ``===`` or ``---`` is given as ``# heading``."""
    out: list[tuple[int, str]] = []
    inside, paragraph, first = False, [], 0
    lines: list[int] = []  # the line of each of the paragraph's lines

    def flush() -> None:
        if paragraph:
            out.append((first, " ".join(paragraph)))
            paragraph.clear()
            lines.clear()

    for i, line in enumerate(text.splitlines(), 1):
        if line.startswith("# %%"):
            flush()
            inside = "[markdown]" in line
            continue
        content = line[1:].strip() if inside and line.startswith("#") else ""
        if not content:  # an empty line ends a paragraph
            flush()
            continue
        if _ATX_HEADING.match(content):
            flush()
            out.append((i, content))
            continue
        if _SETEXT_UNDERLINE.fullmatch(content) and paragraph:
            heading, at = paragraph.pop(), lines.pop()
            flush()
            out.append((at, "# " + heading))
            continue
        if not paragraph:
            first = i
        paragraph.append(content)
        lines.append(i)
    flush()
    return out


#: a brace, or one that looks like it (``spec.prose.LOOKALIKE_BRACES``: full-width ``｛``, small ``﹛``, …)
_OPEN, _CLOSE = "{" + LOOKALIKE_BRACES[0::2], "}" + LOOKALIKE_BRACES[1::2]
_BRACE_IN_TEXT = re.compile(f"[{re.escape(_OPEN)}][^{re.escape(_OPEN + _CLOSE)}\\n]*[{re.escape(_CLOSE)}]?"
                            f"|[{re.escape(_CLOSE)}]")


def _markdown_braces(text: str) -> list[tuple[int, str]]:
    """Every ``{…}`` (or lone brace) in the markdown cells' lines, with its line: a placeholder works
    only in ``chapter.text``; in a markdown cell it would be printed as written."""
    out, inside = [], False
    for i, line in enumerate(text.splitlines(), 1):
        if line.startswith("# %%"):
            inside = "[markdown]" in line
            continue
        if inside and line.startswith("#"):
            out += [(i, m.group(0)) for m in _BRACE_IN_TEXT.finditer(line[1:])]
    return out


def scan_notebook(path: Path) -> NotebookScan:
    """The chapter calls, guards and typed numbers of one notebook."""
    try:
        text = read_input_text(path)
        tree = ast.parse(text, filename=str(path))
    except (OSError, SyntaxError, UnicodeDecodeError) as err:
        return NotebookScan(path, path.stem, error=f"{type(err).__name__}: {err}")
    calls = tuple(_calls(tree))
    return NotebookScan(path, path.stem, calls, tuple(_typed_numbers(text)), markdown=tuple(_markdown(text)),
                        markdown_braces=tuple(_markdown_braces(text)),
                        controls=tuple(control_characters_in(text)),
                        shows_remaining=any(c.method == "remaining_tables" for c in calls))
