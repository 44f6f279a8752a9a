"""The approved quotes file of a year, ``data/quotes/<year>.yml``, read and checked for its form: the keys
``year`` and ``quotes``, each quote an ``answer_id`` and a ``text`` (and optionally ``theme``,
``approved_by``), and optionally ``themes``: the sections of the Kerncijfers page. Here, in the spec stage, so that
check-year reads it as the run does; whether each quote still matches the year's scrubbed answers is checked where they are known (``present/key_figures.py``)."""

from __future__ import annotations

from pathlib import Path

import yaml

from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.input_files import read_input_text
from wlzmonitor.spec.strict_yaml import StrictLoader, yaml_error_text

__all__ = ["QuoteError", "read_quote_file", "read_quotes", "unknown_theme_problem"]


class QuoteError(InputError):
    """A quote in data/quotes/<year>.yml that does not match the year's (scrubbed) answers, or a quotes
    file that is not of the form above."""


def read_quote_file(path: Path, year: int) -> list[dict]:
    """The quote entries of `path` (the file must exist), or a :class:`QuoteError` naming the file and what
    was expected."""
    return read_quotes(path, year)[0]


def read_quotes(path: Path, year: int) -> tuple[list[dict], list[str]]:
    """The quote entries of `path` (the file must exist) and the themes its optional ``themes`` names (the sections of
    the Kerncijfers page, also one without a quote this year); a quote's theme must then be one of them. A
    :class:`QuoteError` naming the file and what was expected."""
    try:
        data = yaml.load(read_input_text(path), Loader=StrictLoader) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        raise QuoteError(f"{path}: not valid YAML: {yaml_error_text(err)}") from None
    if not isinstance(data, dict) or set(data) - {"year", "quotes", "themes"}:
        raise QuoteError(f"{path}: expected the keys 'year' and 'quotes' (a list of approved quotes), and optionally "
                         "'themes' (the sections of the Kerncijfers page)")
    if data.get("year") not in (None, year):
        raise QuoteError(f"{path}: year {data.get('year')} does not match the report year {year}")
    entries = data.get("quotes") or []
    if not isinstance(entries, list):
        raise QuoteError(f"{path}: 'quotes' must be a list")
    themes = _themes(path, data.get("themes"))
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not {"answer_id", "text"} <= set(entry) or set(entry) - {
                "answer_id", "text", "theme", "approved_by"}:
            raise QuoteError(f"{path}: quote {i}: expected answer_id, text and optionally theme, approved_by")
        if themes and "theme" in entry and str(entry["theme"]) not in themes:
            raise QuoteError(f"{path}: quote {i}: theme {str(entry['theme'])!r} is none of 'themes': "
                             f"{', '.join(themes)}")
    return entries, themes


def _themes(path: Path, raw: object) -> list[str]:
    """The file's ``themes``: a list of texts, each once (none: an empty list)."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(t, str) and t.strip() for t in raw):
        raise QuoteError(f"{path}: 'themes' must be a list of texts (the sections of the Kerncijfers page)")
    if len(set(raw)) < len(raw):
        raise QuoteError(f"{path}: 'themes' names {next(t for t in raw if raw.count(t) > 1)!r} twice")
    return list(raw)


def unknown_theme_problem(theme: str, known: list[str], path: object) -> str:
    """What ``chapter.quotes(theme)`` of a theme that no quote of `path` has and its ``themes`` does not name is told
    (the run's FigureError and check-year alike)."""
    near = [t for t in known if t.casefold().split() == theme.casefold().split()]
    return (f"chapter.quotes({theme!r}): no approved quote of {path} has this theme and its 'themes' do not name it; "
            f"the themes: {', '.join(map(repr, known))}" + (f" (did you mean {near[0]!r}?)" if near else "")
            + ". A section without a quote this year: name it under 'themes' in that file")
