"""Drafting a mapping file for a survey platform's export (``python -m wlzmonitor
draft-mapping``).

:func:`draft_mapping` reads an export (:mod:`wlzmonitor.inputs.draft_read`), recognises the
platform (:mod:`wlzmonitor.inputs.platforms`: header rows, response id, bookkeeping and
identifying columns, previews, test responses, completion), matches every other column to
the codebook by its question text, item, option or field label
(:mod:`wlzmonitor.inputs.draft_match`), works out how the choice labels read as codes
(:mod:`wlzmonitor.inputs.draft_values`: label patterns for the questionnaire's printed
wording, a guess for the rest) and writes a complete mapping file as YAML with comments: every
line says what it was matched on, every guess says it is one, and what could not be matched is
listed at the end (an unmatched column that holds answers stops the load until it is mapped or
ignored). Answers are never echoed: only headers, question texts, choice labels and counts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from wlzmonitor.spec.codebook import Codebook, Question
from wlzmonitor.inputs.draft_match import Match, match_columns
from wlzmonitor.inputs.draft_read import ExportColumn, ExportView, read_view
from wlzmonitor.inputs.draft_values import (GENERIC_PATTERNS, Guess, LabelDraft, analyse_labels,
                                            choice_codes, choice_pairs, ordered_patterns)
from wlzmonitor.inputs.labels import LabelPatterns, LabelTable, split_choices
from wlzmonitor.inputs.mapping_file import looks_personal
from wlzmonitor.inputs.privacy import holds_name_word, name_words
from wlzmonitor.inputs.quality_log import ExportError, hidden_id_kind, personal_data_kind
from wlzmonitor.inputs.platforms import (GENERIC, QUALTRICS, TEST_VALUE, Platform, detect,
                                         plain_header)

__all__ = ["Draft", "draft_mapping"]


@dataclass
class Draft:
    """A drafted mapping: the YAML text and what it could and could not match."""

    text: str
    platform: Platform
    matched: int = 0
    guessed: int = 0
    unmatched: list[str] = field(default_factory=list)
    canonical: bool = False
    #: answer labels no option matched ("values.<column>: <label>: ?" in the draft), per question column
    unmatched_values: dict[str, int] = field(default_factory=dict)


@dataclass
class _Labels:
    """The label section of the draft: patterns, prefixes, guesses, leftovers per question."""

    generic: set[str] = field(default_factory=set)
    prefixes: dict[str, str] = field(default_factory=dict)
    removes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    guesses: dict[str, list[Guess]] = field(default_factory=dict)
    unmatched: dict[str, list[str]] = field(default_factory=dict)
    delimiters: dict[str, str] = field(default_factory=dict)
    #: label -> rows it was seen in (an SPSS value label: metadata, always shown)
    seen: dict[str, int] = field(default_factory=dict)

    #: the words of the export's contact names and e-mail addresses (privacy.name_words)
    private: frozenset[str] = frozenset()
    #: labels that are SPSS value labels (metadata of the file, always shown)
    metadata: set[str] = field(default_factory=set)
    #: coded columns holding numbers without labels: their codes are assumed, not matched
    assumed_codes: int = 0
    #: the tool's marks for no answer seen in the answer columns ("N/A", "-99") -> (columns, questions)
    missing: dict[str, tuple[int, int]] = field(default_factory=dict)

    def shown(self, label: str) -> bool:
        """A label seen in one row only is not written: it may be a typed answer (a form's
        "Other:" box puts the text in the answer column). Nor is one that holds personal data
        (an e-mail address, a phone number, a name after a title), or a word of a contact's name
        or e-mail address: two respondents can type the same "Other:" answer."""
        if label in self.metadata:  # an SPSS value label: the tool's own wording, no answer
            return True
        return (self.seen.get(label, 2) >= 2 and personal_data_kind(label) is None
                and not holds_name_word(label, self.private))

    def count(self, column: ExportColumn, pieces: dict[str, int] | None = None) -> None:
        if column.value_labels:
            for v in column.value_labels.values():
                self.seen[v] = 2
                self.metadata.add(v)
            return
        for v, n in (pieces or dict(column.values)).items():
            self.seen[v] = self.seen.get(v, 0) + n

    def add(self, q: Question, d: LabelDraft) -> None:
        self.generic |= d.generic
        if d.prefix:
            self.prefixes[q.key] = d.prefix
        if d.remove:
            self.removes[q.key] = d.remove
        for g in d.guesses:
            if all(x.label != g.label for x in self.guesses.get(q.key, [])):
                self.guesses.setdefault(q.key, []).append(g)
        for u in d.unmatched:
            if u not in self.unmatched.get(q.key, []):
                self.unmatched.setdefault(q.key, []).append(u)

    def patterns(self, q: Question) -> LabelPatterns:
        prefix = (self.prefixes[q.key],) if q.key in self.prefixes else ()
        return LabelPatterns(prefix=prefix, remove=ordered_patterns(self.generic)
                             + self.removes.get(q.key, ()))


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _rx(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _line(entry: str, comment: str = "", width: int = 48) -> str:
    comment = " ".join(comment.split())
    return f"{entry:<{width}}  # {comment}" if comment else entry


def draft_mapping(path: str | Path, codebook: Codebook, sheet: str | None = None) -> Draft:
    """The drafted mapping of the export at ``path`` for ``codebook`` (see the module
    docstring)."""
    view = read_view(path, sheet)
    _headers_are_no_answers(view.headers, path, view.header_rows)
    if set(codebook.columns()) <= set(view.headers):
        return Draft(_canonical_text(view, codebook), GENERIC, canonical=True)
    # a third header row of ImportIds is Qualtrics' own, whatever metadata columns were exported
    platform = QUALTRICS if view.header_rows == 3 else detect(view.headers)
    actual = {plain_header(h).casefold(): h for h in view.headers}
    exclude = [(r.render(actual), r.comment) for r in platform.exclude]
    exclude = [(y, c) for y, c in exclude if y is not None]
    complete = platform.complete.render(actual) if platform.complete is not None else None
    complete = _finished_in_dutch(complete, view, platform)
    respondents = platform.respondents.render(actual) if platform.respondents is not None else None
    rule_headers = {h.casefold() for r in platform.exclude + tuple(r for r in (platform.complete, platform.respondents)
                                                                   if r is not None)
                    for h in r.headers() if h.casefold() in actual}
    matches = match_columns(view, codebook, platform, rule_headers)
    exclude += _test_rules(matches)
    missing = _missing_marks(matches)
    labels = _analyse_values(matches, codebook, platform, frozenset(missing))
    labels.missing = missing
    labels.private = _contact_words(matches, codebook)
    labels.assumed_codes = _assume_numeric_codes(matches)
    text = _write(view, codebook, platform, matches, labels, exclude, complete, respondents)
    unmatched = [shown_header(m.column, labels.private) for m in matches if m.kind == "unmatched"]
    values = {key: len(labs) for key, labs in labels.unmatched.items() if labs}
    return Draft(text, platform, sum(m.kind != "unmatched" for m in matches),
                 sum(m.guessed for m in matches), unmatched, unmatched_values=values)


#: how Excel in Dutch writes TRUE when it saves a CSV again (a Qualtrics export opened in it: Finished)
_DUTCH_TRUE = '"WAAR"'


def _finished_in_dutch(complete: str | None, view: ExportView, platform: Platform) -> str | None:
    """Qualtrics' complete rule, with WAAR beside True when the export's Finished column holds it: the
    file went through Excel in Dutch, and a rule of only "True" stops the load at every finished
    response (review h129)."""
    if complete is None or platform is not QUALTRICS:
        return complete
    finished = [c for c in view.columns if plain_header(c.header).casefold() == "finished"]
    if not any(v.strip().upper() == "WAAR" for c in finished for v in c.value_texts()):
        return complete
    return complete.replace('in: ["True", ', f'in: ["True", {_DUTCH_TRUE}, ', 1)


#: what a header never is, but a respondent's answer may be (the kinds quality_log.hidden_id_kind names)
_ANSWER_KINDS = ("an e-mail address", "a value that looks like a phone number")


def _headers_are_no_answers(headers: list[str], path: str | Path, header_rows: int = 1) -> None:
    """An export whose first row holds an e-mail address or a phone number has no header row (or a
    respondent above it): the draft would write that respondent's answers into the mapping and its summary
    as "headers" (review of the agency exports). An ExportError naming the column, never the value. Read
    with two header rows (row 1 has an empty cell), the address is the first respondent's, in row 2: a
    header cell merged over two columns or left empty (review h131: the message said there was no header)."""
    for number, header in enumerate(headers, 1):
        kind = hidden_id_kind(str(header))
        if kind in _ANSWER_KINDS and header_rows == 2:
            raise ExportError(f"{path}: column {number} of row 2 holds {kind}: a respondent's row, read as a second "
                              "header row because row 1 has an empty cell: a header cell left empty or merged with "
                              "the one beside it (unmerge the header cells and name each column), or no header row "
                              "at all (export again with the column names in the first row); the draft writes "
                              "nothing from this file")
        if kind in _ANSWER_KINDS:
            raise ExportError(f"{path}: column {number} of the first row holds {kind}, which no column name is: "
                              "the export has no header row, or a respondent's row above it. Export it again "
                              "with the column names in the first row (the draft writes nothing from this file)")


def _contact_words(matches: list[Match], codebook: Codebook) -> frozenset[str]:
    """The name words (:func:`wlzmonitor.inputs.privacy.name_words`) of the columns that hold
    contact details: identifying columns and those matched to the codebook's private columns."""
    private = set(codebook.private_columns())
    return name_words(v for m in matches
                      if m.kind == "identifying" or (m.kind == "target" and m.target in private)
                      for v, _ in m.column.values)


def shown_header(column: ExportColumn, private: frozenset[str]) -> str:
    """An unmatched column's header as the draft and its summary show it: itself, or its position when it
    holds personal data or a word of the export's contact names ("Opmerking Tessa de Haan": review of the
    privacy, the draft is a file an analyst may commit and share)."""
    header = column.header
    if personal_data_kind(header) is None and not holds_name_word(header, private):
        return header
    from openpyxl.utils import get_column_letter  # the spreadsheet's own letters ("D" of the 4th column)

    number = column.position + 1
    return (f"column {number} ({get_column_letter(number)}) (header not shown: it holds personal data or a word of "
            "a contact's name)")


def _test_rules(matches: list[Match]) -> list[tuple[str, str]]:
    """A test rule on an e-mail or name column holding "test" (a guess)."""
    out = []
    for m in matches:
        if m.kind == "identifying" and m.role in ("email", "name"):
            hits = sum(n for v, n in m.column.values if re.search(TEST_VALUE, v))
            if hits:
                out.append((f"{{column: {_q(m.column.header)}, matches: {_rx(TEST_VALUE)}, "
                            "reason: test}",
                            f"guessed: {hits} row(s) with 'test' in the {m.role} column"))
    return out


#: what a tool writes in an answer column for no answer: LimeSurvey's "N/A" (a question not shown),
#: NULL / NaN / None of a database or script export, Qualtrics' -99 ("Seen but not answered") in a
#: numeric export (#N/A is a spreadsheet's failed formula: an error, never proposed)
_MISSING_MARKS = ("N/A", "NULL", "NAN", "NONE", "-99")


def _missing_marks(matches: list[Match]) -> dict[str, tuple[int, int]]:
    """The marks of :data:`_MISSING_MARKS` (as the export writes them) that the answer columns of at
    least two questions hold, with the number of columns and questions: proposed under ``missing``
    (review finding 3: a label no option matches, one per question, invited a code where none is right)."""
    seen: dict[str, tuple[set[str], set[str]]] = {}
    for m in matches:
        if m.kind not in ("target", "multi") or m.question is None:
            continue
        for v, _ in m.column.values:
            if v.strip().upper() in _MISSING_MARKS:
                columns, questions = seen.setdefault(v.strip(), (set(), set()))
                columns.add(m.column.header)
                questions.add(m.question.key)
    return {v: (len(c), len(q)) for v, (c, q) in seen.items() if len(q) >= 2}


def _analyse_values(matches: list[Match], codebook: Codebook, platform: Platform,
                    missing: frozenset[str] = frozenset()) -> _Labels:
    """Label patterns and guesses per question, and the delimiter of each delimited column;
    ``missing``: the tool's marks for no answer, no labels."""
    out = _Labels()
    by_q: dict[str, list[Match]] = {}
    for m in matches:
        if m.question is not None and m.kind in ("target", "multi"):
            by_q.setdefault(m.question.key, []).append(m)
    for key, ms in by_q.items():
        q = codebook.question(key)
        coded = [m for m in ms if m.kind == "target" and _is_coded(q, m.target)]
        labels: list[str] = []
        option_of: dict[str, int | None] = {}
        for m in coded:
            out.count(m.column)
            for v in m.column.value_texts():
                if v not in option_of and v.strip() not in missing:
                    labels.append(v)
                    option_of[v] = _option(q, m.target)
        if labels:
            out.add(q, analyse_labels(q, labels, option_of))
        for m in ms:
            if m.kind == "multi":
                _analyse_delimited(q, m, platform, out, missing)
    return out


_WHOLE_NUMBER = re.compile(r"-?\d+")


def _assume_numeric_codes(matches: list[Match]) -> int:
    """Mark as guessed each single-choice or matrix column that holds only whole numbers and no
    value labels (Qualtrics' "Use numeric values", an SPSS file without labels): nothing in the
    export says that its 1 is the codebook's option 1 (a tool numbers choices in the order they
    were made: reordered or re-added choices have other recode values), so the draft cannot have
    matched them (review finding 2). Returns how many."""
    n = 0
    for m in matches:
        q = m.question
        if (m.kind != "target" or q is None or q.type not in ("single", "matrix") or m.column.value_labels
                or m.target not in q.answer_columns() or not m.column.values
                or any(o.label.strip().isdigit() for o in q.options)
                or not all(_WHOLE_NUMBER.fullmatch(v) for v, _ in m.column.values)):
            continue
        m.note += ("; the export holds numbers without labels, assumed to be the codebook's codes: "
                   "check them against the tool's recode values")
        m.guessed, n = True, n + 1
    return n


def _is_coded(q: Question, column: str | None) -> bool:
    if column is None or column in (q.text_column, q.comment_column):
        return False
    if q.type == "contact":
        return column == q.field_columns()[q.fields[0].code]
    return q.type in ("single", "matrix", "multi", "scale", "nps")


def _option(q: Question, column: str | None) -> int | None:
    if q.type == "multi" and column and column.rsplit("__", 1)[-1].isdigit():
        return int(column.rsplit("__", 1)[1])
    return None


def _analyse_delimited(q: Question, m: Match, platform: Platform, out: _Labels,
                       missing: frozenset[str] = frozenset()) -> None:
    """The delimiter of a multi-select column (the one that leaves fewest pieces unknown or
    guessed; on a tie the platform's own first), its label patterns and guesses."""
    cells = [v for v, _ in m.column.values if v.strip() not in missing]
    best: tuple[int, int, str, LabelDraft] | None = None
    pieces_seen: dict[str, dict[str, int]] = {}
    for rank, delim in enumerate(dict.fromkeys(platform.multi_delimiters + (";", ",", "|"))):
        pieces = list(dict.fromkeys(p.strip() for c in cells for p in c.split(delim) if p.strip()))
        pieces_seen[delim] = {}
        for c, n in m.column.values:
            for p in {p.strip() for p in c.split(delim) if p.strip() and c.strip() not in missing}:
                pieces_seen[delim][p] = pieces_seen[delim].get(p, 0) + n
        patterns_only = analyse_labels(q, pieces)
        patterns = LabelPatterns(prefix=(patterns_only.prefix,) if patterns_only.prefix else (),
                                 remove=ordered_patterns(patterns_only.generic | out.generic))
        table = LabelTable(choice_pairs(q), choice_codes(q), {}, patterns)
        unknown = list(dict.fromkeys(u for c in cells
                                     for u in split_choices(c, delim, table.resolve)[1]))
        rest = analyse_labels(q, unknown) if unknown else LabelDraft()
        draft = LabelDraft(generic=patterns_only.generic | rest.generic, prefix=patterns_only.prefix,
                           guesses=rest.guesses, unmatched=rest.unmatched)
        # a guess is as uncertain as a piece not matched: without it, a form's ", "-joined
        # column with one typed "Other" answer got ";" (no piece unmatched: whole cells guessed
        # as their first option, "Personeel, Vastgoed" -> Personeel, the second choice lost)
        score = (len(rest.unmatched) + len(rest.guesses), rank)
        if best is None or score < best[:2]:
            best = (*score, delim, draft)
    if best is not None:
        out.delimiters[m.column.header] = best[2]
        out.count(m.column, pieces_seen[best[2]])
        out.add(q, best[3])


# --------------------------------------------------------------------------------------------
# writing the YAML


def _canonical_text(view: ExportView, codebook: Codebook) -> str:
    return (f"# {view.path.name} already uses codebook {codebook.year}'s column names: no mapping "
            "is needed.\n# Check it with: python -m wlzmonitor check-export --year "
            f"{codebook.year} --mapping none {view.path}\nyear: {codebook.year}\n")


def _write(view: ExportView, codebook: Codebook, platform: Platform, matches: list[Match],
           labels: _Labels, exclude: list[tuple[str, str]], complete: str | None,
           respondents: str | None = None) -> str:
    lines = _head(view, codebook, platform, matches)
    if labels.assumed_codes:
        lines.insert(next(i for i, ln in enumerate(lines) if not ln.startswith("#")),
                     f"# {labels.assumed_codes} single-choice or matrix column(s) hold numbers without labels: "
                     "the draft assumes they are the codebook's option codes (marked 'guessed'). Check each "
                     "against the tool's recode values (Qualtrics: Recode Values), or draft from an export with "
                     "the choice texts or an SPSS file with value labels.")
    if exclude:
        lines.append("exclude:                                # rows that are no respondents")
        lines += ["  - " + _line(y, c, 46) for y, c in exclude]
    if respondents:  # what the exclude rules keep must be a response: another status is an error
        lines.append(_line(f"respondents: {respondents}",
                           platform.respondents.comment if platform.respondents else ""))
    if complete:
        lines.append(_line(f"complete: {complete}",
                           (platform.complete.comment if platform.complete else "")
                           + ("; WAAR: Excel in Dutch saved the file (it writes TRUE so)" if _DUTCH_TRUE in complete else "")))
    lines += _columns_section(matches, codebook)
    lines += _multi_section(matches, labels)
    lines += _labels_section(labels, codebook)
    lines += _values_section(labels, codebook)
    lines += _missing_section(labels)
    lines += _ignore_identifying(matches)
    lines += _not_personal(matches, codebook)
    lines += _unmatched_section(matches, labels)
    return "\n".join(lines) + "\n"


def _head(view: ExportView, codebook: Codebook, platform: Platform,
          matches: list[Match]) -> list[str]:
    n_guess = sum(m.guessed for m in matches)
    n_un = sum(m.kind == "unmatched" for m in matches)
    n_same = sum(m.kind == "same" for m in matches)
    kind = {"csv": "CSV", "xlsx": "Excel workbook", "sav": "SPSS file"}[view.kind]
    rows = {1: "1 header row", 2: "2 header rows (question, then option: read as "
            "'question | option')", 3: "3 header rows (column ids, question texts, ImportIds: "
            "row 1 names the columns)"}[view.header_rows]
    lines = [f"# Draft mapping of {view.path.name}: {platform.name}, {kind}, {rows}.",
             f"# Written by: python -m wlzmonitor draft-mapping --year {codebook.year} {view.path}",
             f"# {len(matches)} columns, {view.rows} rows: {len(matches) - n_un} matched "
             f"({n_guess} guessed: the lines marked 'guessed'), {n_un} not matched (listed at "
             "the end)" + (f"; {n_same} of the matched have the codebook's own names and are read as they "
                          "are (not listed)." if n_same else "."),
             "# Check the guessed lines, save the file as data/mappings/"
             f"{codebook.year}.yml and run:",
             f"#   python -m wlzmonitor check-export --year {codebook.year} {view.path}"]
    if platform.incomplete_note:
        lines.append(f"# Incomplete responses in this export: {platform.incomplete_note}.")
    lines += [f"year: {codebook.year}",
              f"tool: {_q(f'{platform.name}, {kind} (drafted from {view.path.name})')}",
              f"header_rows: {view.header_rows}"]
    if view.sheet:
        lines.append(f"sheet: {_q(view.sheet)}")
    return lines


def _columns_section(matches: list[Match], codebook: Codebook) -> list[str]:
    lines = ["columns:"]
    for m in matches:
        if m.kind != "target":
            continue
        note = ("guessed: " if m.guessed else "") + m.note
        value = m.target if m.selects is None else f"{{column: {m.target}, selects: {m.selects}}}"
        lines.append("  " + _line(f"{_q(m.column.header)}: {value}", note))
    return lines


def _multi_section(matches: list[Match], labels: _Labels) -> list[str]:
    lines = []
    for m in matches:
        if m.kind == "multi" and m.question is not None:
            d = labels.delimiters.get(m.column.header, ",")
            lines.append("  " + _line(f"{m.question.key}: {{column: {_q(m.column.header)}, "
                                      f"delimiter: {_q(d)}}}",
                                      f"{m.question.number_label}: the options chosen, joined "
                                      f"with {d!r} (split on the known labels, longest first)"))
    return (["multi:"] + lines) if lines else []


def _labels_section(labels: _Labels, codebook: Codebook) -> list[str]:
    lines = []
    if labels.generic:
        lines.append("  \"*\":")
        lines.append("    remove:")
        for rx in ordered_patterns(labels.generic):
            lines.append("      - " + _line(_rx(rx), GENERIC_PATTERNS[rx], 44))
    for key, prefix in labels.prefixes.items():
        lines.append("  " + _line(f"{key}: {{prefix: [{_q(prefix)}]}}",
                                  f"{codebook.question(key).number_label}: the options as "
                                  f"printed, '{prefix}<label>'"))
    for key, removes in labels.removes.items():
        lines.append("  " + _line(f"{key}: {{remove: [{', '.join(_rx(r) for r in removes)}]}}",
                                  f"{codebook.question(key).number_label}: a label that starts "
                                  "with its number ('1 zeer laag') reads as the number"))
    if not lines:
        return []
    return ["labels:                                 # how labels are cleaned before matching"] \
        + lines


def _values_section(labels: _Labels, codebook: Codebook) -> list[str]:
    lines = []
    for key, guesses in labels.guesses.items():
        shown = [g for g in guesses if labels.shown(g.label)]
        if shown:
            lines.append(f"  {key}:")
        for g in shown:
            lines.append("    " + _line(f"{_q(g.label)}: {g.code}", f"guessed: {g.why}", 46))
    return (["values:                                 # labels the codebook does not have"]
            + lines) if lines else []


def _missing_section(labels: _Labels) -> list[str]:
    if not labels.missing:
        return []
    marks = ", ".join(v if v.lstrip("-").isdigit() else _q(v) for v in labels.missing)
    seen = "; ".join(f"{v!r} in {c} column(s) of {q} question(s)" for v, (c, q) in labels.missing.items())
    return ["missing:                                # the tool's marks for no answer: read as an empty cell",
            "  " + _line(f'"*": [{marks}]', f"guessed: {seen}: the tool's mark for a question not shown "
                         "or not answered (check that it is no answer option)")]


def _ignore_identifying(matches: list[Match]) -> list[str]:
    lines = []
    ign = [m for m in matches if m.kind == "ignore"]
    if ign:
        lines.append("ignore:")
        lines += ["  - " + _line(_q(m.column.header), m.note, 46) for m in ign]
    ident = [m for m in matches if m.kind == "identifying"]
    if ident:
        lines.append("identifying:                            # kept private, never analysed")
        lines += ["  " + _line(f"{_q(m.column.header)}: {m.role}", m.note) for m in ident]
    return lines


def _not_personal(matches: list[Match], codebook: Codebook) -> list[str]:
    private = set(codebook.private_columns())
    heads = [m.column.header for m in matches if m.kind == "target" and m.target not in private
             and m.target != codebook.id_column and looks_personal(m.column.header)]
    if not heads:
        return []
    return ["not_personal:                           # look like personal data, are questions"] \
        + ["  - " + _q(h) for h in heads]


def _unmatched_section(matches: list[Match], labels: _Labels) -> list[str]:
    lines = []
    for m in matches:
        if m.kind == "unmatched":
            what = (f"{m.column.filled} answer(s)" if m.column.filled else "empty")
            header = shown_header(m.column, labels.private)
            lines.append(f"#   {_q(m.column.header) if header == m.column.header else header}: ?    # {what}; {m.note}")
    for key, labs in labels.unmatched.items():
        lines += [f"#   values.{key}: {_q(lab)}: ?    # a label no option matches"
                  for lab in labs if labels.shown(lab)]
    hidden: dict[str, int] = {}  # a question's unmatched labels and guesses both count
    for key, labs in list(labels.unmatched.items()) + [(k, [g.label for g in gs])
                                                       for k, gs in labels.guesses.items()]:
        hidden[key] = hidden.get(key, 0) + sum(1 for lab in labs if not labels.shown(lab))
    lines += [f"#   values.{key}: {n} value(s) seen in one row only or holding personal data, not shown "
              "(possibly typed answers): check-export names them" for key, n in hidden.items() if n]
    if not lines and labels.assumed_codes:
        return [f"# Every column was matched; the codes of {labels.assumed_codes} numeric column(s) "
                "without labels are assumed, not matched (the lines marked 'guessed')."]
    if not lines:
        return ["# Every column and label was matched."]
    return ["# NOT MATCHED -- map each column under columns (or list it under ignore), give each",
            "# label its code under values; check-export stops at a column with answers that",
            "# the mapping does not mention:"] + lines
