"""The placeholder grammar of the notebooks' prose (filled by ``present.figures_text``).

A placeholder is ``{key:ROW}``, ``{key:ROW@COL}``, ``{key:ROW!check}``, ``{key:n}``, ``{key:max}``,
``{jaar}``, ``{vorig_jaar}``, ``{tabel:KEY}`` (the table's number, "Tabel 3") or ``{vraag:KEY}``
(the question's number, "Vraag 11"). Anything else between braces is a mistake: a mistyped
placeholder is never printed literally into a page (:func:`syntax_problems`). The grammar lives in
the spec stage so ``check-year`` can read the notebooks without running them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["PLACEHOLDER", "NUMBER_FORMS", "WORDS", "Placeholder", "placeholders", "syntax_problems",
           "TYPED_NUMBER", "SUPERLATIVES", "COMPARATIVES", "comparison_problems", "typed_figure_problems"]

SUPERLATIVES = ("het vaakst", "het meest", "de meeste", "grootste", "hoogste", "het minst", "kleinste", "laagste")
COMPARATIVES = ("hoger dan", "lager dan", "vaker dan", "minder vaak", "groter dan", "kleiner dan")
#: words that say a figure went up / down since the year before: the sentence needs {key:ROW!stijging} /
#: {key:ROW!daling}, checked against the table when the chapter runs
RISES = ("gestegen", "toegenomen", "stijging", "gegroeid", "vaker dan vorig jaar", "hoger dan vorig jaar")
FALLS = ("gedaald", "daling", "teruggelopen", "minder vaak dan vorig jaar", "lager dan vorig jaar")
#: ("afgenomen" is left out: "de vragenlijst is in november afgenomen" is no fall)
#: a rise/fall word with one of these just before it denies the change ("niet gestegen"): no claim to check
_NEGATION = re.compile(r"\b(?:niet|geen)\s+(?:\w+\s+){0,2}$")
#: "statistisch significant", "significante": a claim about a test, backed by {key:ROW!significant}; with
#: "niet"/"geen" before it by {key:ROW!niet-significant}
_SIGNIFICANT = re.compile(r"\b(?P<neg>(?:niet|geen)[\s-]+(?:statistisch[\s-]+)?)?significante?\b",
                          re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z{‘'])")

PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)(?::([^{}@!]+))?(?:@([^{}!]+))?(?:!([^{}]+))?\}")
#: ``{tabel:KEY}`` and ``{vraag:KEY}``: numbers assigned from the layout and the codebook
NUMBER_FORMS = ("tabel", "vraag")
#: placeholders without a table: the survey year and the year before
WORDS = ("jaar", "vorig_jaar")
_BRACED = re.compile(r"\{[^{}]*\}|\{[^{}]*$|\{[^{}]*(?=\{)|\}")
_KEY = re.compile(r"^[a-z0-9_]+$")
#: a number typed into prose instead of {tabel:KEY} / {vraag:KEY}: "Tabel 18", "vraag 6", "Tabel B5",
#: "tabellen 21 en 22"
TYPED_NUMBER = re.compile(r"\b(?:[Tt]abel|[Tt]abellen|[Vv]raag|[Vv]ragen)\s+B?\d+\b")


@dataclass(frozen=True)
class Placeholder:
    """One placeholder: its text and parts (``key`` is a table key, or tabel/vraag/jaar/vorig_jaar)."""

    text: str
    key: str
    rows: str | None
    column: str | None
    check: str | None

    @property
    def table_key(self) -> str | None:
        """The layout table the figure comes from (None: a year word or a question number)."""
        if self.key in WORDS or self.key == "vraag":
            return None
        if self.key == "tabel":
            return self.rows
        return self.key

    @property
    def row_codes(self) -> list[str]:
        """The rows it names (items of a matrix before the '/'); none for n, max, min."""
        if self.key in WORDS or self.key in NUMBER_FORMS or not self.rows or self.rows in ("n", "max", "min"):
            return []
        return [r.strip().split("/")[0] for r in self.rows.split("+")]


def placeholders(template: str) -> list[Placeholder]:
    """Every well-formed placeholder of a text, in order."""
    return [Placeholder(m.group(0), *m.groups()) for m in PLACEHOLDER.finditer(template)]


def _hint(fragment: str, known: list[str]) -> str:
    """' (did you mean ‘{maatwerk:1}’?)' for a placeholder mistyped in case, spacing or separator."""
    inner = fragment.strip("{}")
    fixed = re.sub(r"\s+", "", inner).replace(";", ":").replace(",", ":")
    key, sep, rest = fixed.partition(":")
    key = key.lower()
    guesses = [key] if key in known else difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if guesses:
        suggestion = "{" + guesses[0] + (sep + rest if sep else "") + "}"
        if suggestion != fragment and PLACEHOLDER.fullmatch(suggestion):
            return f" (did you mean ‘{suggestion}’ – key '{guesses[0]}'?)"
    return f" ('{key}' is no table of the layout)" if key and known and key not in known else ""


def syntax_problems(template: str, known: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Every brace in `template` that is not a well-formed placeholder, described (empty: none).

    ``known``: the table keys (for a did-you-mean hint). Catches ``{maatwerk:1`` (not closed),
    ``{Maatwerk:1}``, ``{ maatwerk:1}``, ``{maatwerk;1}``, ``{jaar }`` and a lone ``}``.
    """
    problems = []
    known = [*known, *WORDS, *NUMBER_FORMS]
    for m in _BRACED.finditer(template):
        fragment = m.group(0)
        if PLACEHOLDER.fullmatch(fragment):
            ph = Placeholder(fragment, *PLACEHOLDER.fullmatch(fragment).groups())
            if ph.key in WORDS and (ph.rows or ph.column or ph.check):
                problems.append(f"‘{fragment}’: {{{ph.key}}} takes nothing after the name")
            elif ph.key in NUMBER_FORMS and (not ph.rows or not _KEY.match(ph.rows) or ph.column or ph.check):
                problems.append(f"‘{fragment}’: write {{{ph.key}:KEY}} with the key of a "
                                f"{'table' if ph.key == 'tabel' else 'question'}")
            elif ph.key not in WORDS and ph.key not in NUMBER_FORMS and ph.rows is None:
                problems.append(f"‘{fragment}’: a figure needs a row: {{{ph.key}:ROW}} (or {{{ph.key}:n}})")
            continue
        if fragment == "}":
            problems.append("a ‘}’ without its ‘{’")
        elif not fragment.endswith("}"):
            problems.append(f"‘{fragment.strip()}’ has no closing brace")
        else:
            problems.append(f"‘{fragment}’ is not a placeholder{_hint(fragment, known)}: write {{key:ROW}}, "
                            "{key:ROW@COL}, {key:n}, {jaar}, {tabel:KEY} or {vraag:KEY} (lower case, no spaces)")
    return problems


def comparison_problems(template: str) -> list[str]:
    """Sentences with a comparison word ("het vaakst", "hoger dan") and no placeholder check backing it:
    a superlative needs {key:max} / {key:ROW!max}, a comparative {key:ROW!gt:OTHER} / {key:ROW!lt:OTHER},
    a change since the year before {key:ROW!stijging} / {key:ROW!daling}, a claim of significance
    {key:ROW!significant} / {key:ROW!niet-significant} (see :func:`_change_problems`)."""
    problems = []
    for sentence in SENTENCE.split(template):
        lower = sentence.lower()
        checks = [m.group(4) or "" for m in PLACEHOLDER.finditer(sentence)]
        extremes = [m.group(2) for m in PLACEHOLDER.finditer(sentence) if m.group(2) in ("max", "min")]
        word = next((w for w in SUPERLATIVES if w in lower), None)
        if word and not extremes and not any(c in ("max", "min") for c in checks):
            problems.append(f"the sentence “{sentence.strip()}” says '{word}' but no placeholder backs it: "
                            "write {key:max} or {key:ROW!max} (min for the least)")
        word = next((w for w in COMPARATIVES if w in lower), None)
        if word and not any(c.startswith(("gt:", "lt:")) for c in checks):
            problems.append(f"the sentence “{sentence.strip()}” says '{word}' but no placeholder backs it: "
                            "write {key:ROW!gt:OTHER} or {key:ROW!lt:OTHER}")
        problems += _change_problems(sentence, checks)
    return problems


#: a percentage typed into prose ("35%", "96,4 %"): a figure that does not follow the data
_TYPED_PERCENT = re.compile(r"(?<![\w{.,])\d+(?:[.,]\d+)?\s?%")


def typed_figure_problems(template: str) -> list[str]:
    """Percentages typed into a prose template instead of taken from a table by a placeholder
    (the hand-typed numbers that disagreed with the published report's own tables)."""
    words_only = PLACEHOLDER.sub(" ", template)
    return [f"‘{m.group(0)}’ typed into the prose: a figure must come from its table — write the placeholder "
            "({key:ROW}) that prints it" for m in _TYPED_PERCENT.finditer(words_only)]


def _change_problems(sentence: str, checks: list[str]) -> list[str]:
    """A sentence next to a table's figure that says the figure rose, fell or changed significantly,
    without the check that backs it. Sentences without a table figure (explanations of the method:
    "onder de tabel staat of een verandering statistisch significant is") are not claims about one."""
    if not any(m.group(1) not in WORDS and m.group(1) not in NUMBER_FORMS for m in PLACEHOLDER.finditer(sentence)):
        return []
    words_only = PLACEHOLDER.sub(" ", sentence)  # "{x:1!niet-significant}" is no claim in words
    lower, out, text = words_only.lower(), [], sentence.strip()
    for words, check in ((RISES, "stijging"), (FALLS, "daling")):
        word = next((w for w in words for m in re.finditer(rf"\b{re.escape(w)}\b", lower)
                     if not _NEGATION.search(lower[:m.start()])), None)
        if word and check not in checks:
            out.append(f"the sentence “{text}” says '{word}' but no placeholder backs it: write "
                       f"{{key:ROW!{check}}} (checked against the column before when the chapter runs)")
    for m in _SIGNIFICANT.finditer(words_only):
        check = "niet-significant" if m.group("neg") else "significant"
        if check not in checks:
            out.append(f"the sentence “{text}” says '{m.group(0)}' but no placeholder backs it: write "
                       f"{{key:ROW!{check}}} (checked against the year-on-year test when the chapter runs)")
    return out
