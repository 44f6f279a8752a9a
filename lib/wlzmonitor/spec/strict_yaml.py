"""YAML reading for the project's hand-written files: a key repeated within one mapping and an
alias (``*name``, including the merge key ``<<: *name``) are errors.

PyYAML silently keeps the last of two equal keys, so a pasted duplicate would override an entry
unnoticed. An alias makes one node appear in several places: nothing in these files needs it, and
a few nested aliases ("billion laughs") make a document of a few lines that any code walking it
would take exponential time over. Every hand-written YAML file of the project (config, codebook,
layout, codeframe, mapping, privacy, population, …) is read with `StrictLoader`.

A control character (NUL, BEL, ESC, a text-direction override, …; not a tab or a line break) in a text
is an error too, naming its line: PyYAML refuses one typed into the file by its position only, and lets
one written as an escape in a quoted text (``"\\a"``, ``"\\x1b[31m"``, ``"\\0"``) through into the pages.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import yaml

#: the text-direction controls (embeddings, overrides, isolates): invisible, they turn the text after
#: them around on a page ("Trojan source"), so a label or sentence reads otherwise than it is written
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
#: C0 and C1 control characters other than tab and line feed (a carriage return or NEL in a
#: text, written as an escape, is one too), and the text-direction controls; the characters a reader
#: never sees on a page
CONTROL_CHARACTER = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")
#: the same in a file's text, where a carriage return and NEL end a line
_RAW_CONTROL = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f{_BIDI_CONTROLS}]")


def control_character_problem(char: str) -> str:
    """'a control character (U+0007)': what a person reads about one."""
    if re.fullmatch(f"[{_BIDI_CONTROLS}]", char):
        return (f"a text-direction control character (U+{ord(char):04X}) in the text, which is invisible and "
                "turns the text after it around on the page; remove it")
    return (f"a control character (U+{ord(char):04X}) in the text, which the report would print invisibly "
            "or garbled; remove it (write a line break or a tab as such, not as an escape)")


def control_characters_in(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, character), both 1-based, of every control character of a file's text."""
    for match in _RAW_CONTROL.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        yield text.count("\n", 0, match.start()) + 1, match.start() - start + 1, match.group(0)


def control_character_at(text: str) -> tuple[int, int, str] | None:
    """(line, column, character), both 1-based, of the first control character of a file's text."""
    return next(control_characters_in(text), None)


def yaml_error_text(err: Exception) -> str:
    """A YAML error as a person reads it: ``line 228, column 2: did not find expected key (while parsing a
    block mapping on line 12)`` -- not PyYAML's text, which names the file ``"<unicode string>"`` and puts the
    context's line before the problem's (newcomer review)."""
    if isinstance(err, yaml.MarkedYAMLError) and err.problem_mark is not None:
        mark = err.problem_mark
        context = ""
        if err.context:
            on = f" on line {err.context_mark.line + 1}" if err.context_mark is not None else ""
            context = f" ({err.context}{on})"
        note = f"; {err.note}" if getattr(err, "note", None) else ""
        return f"line {mark.line + 1}, column {mark.column + 1}: {err.problem or 'not valid YAML'}{context}{note}"
    return str(err)


class ControlCharacterError(yaml.MarkedYAMLError):
    """A control character in a hand-written YAML file (see the module docstring)."""


class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when PyYAML has it
    """SafeLoader that refuses a key repeated within one mapping and any alias."""

    def __init__(self, stream):
        if isinstance(stream, str) and (found := control_character_at(stream)) is not None:
            line, column, char = found
            raise ControlCharacterError(problem=control_character_problem(char),
                                        problem_mark=yaml.Mark("<unicode string>", 0, line - 1, column - 1, None, None))
        super().__init__(stream)

    def construct_document(self, node):
        _refuse_aliases(node)  # before any part of the document is made
        return super().construct_document(node)

    def construct_object(self, node, deep=False):
        """PyYAML's constructors fail with a Python error on a value they cannot make (a date 2025-11-31,
        an hour 25, ``!!float twee``, ``!!bool misschien``): a YAML error naming the value's line instead."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, AttributeError, IndexError, TypeError, OverflowError) as err:
            if isinstance(err, yaml.YAMLError):
                raise
            what = repr(node.value[:60]) if isinstance(node, yaml.ScalarNode) else "this part"
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {what} as a {node.tag.rsplit(':', 1)[-1]}: {err}", node.start_mark) from None


def _refuse_aliases(root: yaml.Node) -> None:
    """An alias is the composer handing out an anchored node a second time: every node of the
    document is visited once, by identity, so a bomb of nested aliases is refused at its first
    repeat. The error's place is where the repeat is used (the key it is the value of, or the list
    it is an item of)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, yaml.Mark]] = [(root, root.start_mark)]
    while stack:
        node, used_at = stack.pop()
        if id(node) in seen:
            raise yaml.composer.ComposerError(
                # the anchor's line follows from the mark (yaml_error_text: "... (&name) on line 427")
                "an alias (*name or <<: *name) repeats the part with the anchor (&name)",
                node.start_mark,
                "write each part out in full (anchors and aliases are not accepted)",
                used_at,
            )
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and (bad := CONTROL_CHARACTER.search(node.value)):
            raise ControlCharacterError(problem=control_character_problem(bad.group(0)), problem_mark=node.start_mark)
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend(((value, key.start_mark), (key, key.start_mark)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, node.start_mark) for item in reversed(node.value))


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            continue
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None,
                f"key {key!r} appears twice in one mapping (first on line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _NoAliasDumper(yaml.SafeDumper):
    """Writes an object that occurs twice in full both times: what `StrictLoader` reads back."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump_yaml(doc: Any) -> str:
    """A document the project writes for a person to edit (a new wave's codebook and layout, an
    earlier year's files): block style where it helps reading, never an alias."""
    return yaml.dump(doc, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=120,
                     default_flow_style=None)
