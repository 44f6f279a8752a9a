"""Every text a reader of the report sees, and where it comes from (for ``check-year``).

One list, :func:`reader_texts`, so that a check of what the report *says* (a question called new, a typed
year, a claim of change) reads every text a page prints and not only a chapter's prose (review h98: the
"voor het eerst gevraagd", typed-year and change checks read ``chapter.text`` alone, while a Kerncijfers
card's label, a table's title or note and a codeframe's heading are printed too).

==========================  ============  =======================================================================
source                      filled        read by (check-year)
==========================  ============  =======================================================================
``prose``                   yes           ``check_prose``: every prose check (``chapter.text``);
                                          ``check_reader_texts``: {jaar} beside a typed wave, first-time
                                          claims away from a figure, comparisons with no column before
``markdown``                no            ``check_prose``: typed figures and years, claims, braces;
                                          ``check_reader_texts``: first-time claims (about the next table)
``card label``              no            ``check_prose`` (claims: error, braces), ``check_reader_texts``
``section title``           yes           ``check_prose`` (placeholders), ``check_reader_texts``
                                          (``chapter.themes``/``chapter.explanations`` ``title=``)
``table title``/``note``    {jaar} only   ``check_printed_texts`` (braces), ``check_printed_claims`` (claims),
                                          ``check_file_texts`` (first-time claims, typed years and figures as
                                          in the prose, no comparison)
``column label``            no            ``check_printed_texts``, ``check_printed_claims``, ``check_file_texts``
                                          (first-time claims, no comparison; its years are pinned to its column)
``row label``               no            ``check_printed_texts``, ``check_file_texts``
``questionnaire``           no            ``check_printed_texts`` (braces): the codebook's wording, options, ...
                                          (its years are the questionnaire's own: new-year moves them)
``codeframe title``         no            ``check_file_texts`` (its ``{vraag}`` is filled by the codeframe)
``theme label``             no            respondents' themes: not read for claims (what they said)
``chapter title``           no            ``check_file_texts`` (``config/report.yml`` ``chapters:``)
(quotes)                    no            not listed: a respondent's words (``data/quotes/<year>.yml``), never
                                          the report's claim; the run checks them against the coded answers
==========================  ============  =======================================================================

The texts of the year's files (:func:`file_texts`) are read by ``check_file_texts``, the notebooks' (:func:`notebook_texts`)
by ``check_reader_texts``: run_all keeps the first one's findings while only notebooks change.
"""

from __future__ import annotations

from dataclasses import dataclass

from wlzmonitor.spec.codeframes import CodeframeError, load_codeframes
from wlzmonitor.spec.notebook_scan import Call, NotebookScan
from wlzmonitor.spec.paths import shown_path
from wlzmonitor.spec.year_findings import Context

__all__ = ["ReaderText", "reader_texts", "file_texts", "notebook_texts", "printed_as_written", "FIXED_AUTHORED"]

#: the sources printed as written (no placeholder filled) that the report's authors write: what they say is
#: the report's own statement, checked by check_file_texts and check_reader_texts
FIXED_AUTHORED = ("card label", "table title", "table note", "column label", "row label", "codeframe title",
                  "chapter title")


@dataclass(frozen=True)
class ReaderText:
    """One text a page prints: where it is written, what kind, the text, and what it is about."""

    where: str  # file[:line] (table, question)
    source: str  # see the module's table
    text: str
    filled: bool = False  # placeholders are filled in it ({jaar}, {key:row})
    table: str | None = None  # the table key the text belongs to (or is the card of)
    question: str | None = None  # the question key it is about
    call: Call | None = None
    scan: NotebookScan | None = None


def _question_texts(ctx: Context) -> list[ReaderText]:
    """The codebook's printed texts (Bijlage 4, table captions, row labels)."""
    cb = ctx.codebook
    out = [ReaderText(ctx.rel(cb.path), "questionnaire", cb.title)] if cb.title else []
    for q in cb.questions:
        where = ctx.at_question(q.key)
        fields = [(name, value) for name, value in (("text", q.text), ("short_label", q.short_label),
                                                    ("routing_note", q.routing_note)) if value]
        fields += [(f"changes {year}", remark) for year, remark in q.changes.items()]
        fields += [(f"range_labels {code}", label) for code, label in q.range_labels.items()]
        for kind, entries in (("option", q.options), ("item", q.items), ("field", q.fields)):
            for entry in entries:
                fields += [(f"{kind} {entry.code} {name}", value)
                           for name in ("label", "short_label") if (value := getattr(entry, name, None))]
                fields += [(f"field {entry.code} option {o.code} label", o.label) for o in getattr(entry, "options", ())]
        out += [ReaderText(f"{where}\x00{name}", "questionnaire", value, question=q.key) for name, value in fields]
    for d in cb.derived:
        out.append(ReaderText(f"{ctx.rel(cb.path)}\x00derived {d.key} label", "questionnaire", d.label, question=d.key))
        out += [ReaderText(f"{ctx.rel(cb.path)}\x00derived {d.key} option {o.code} label", "questionnaire", o.label,
                           question=d.key) for o in d.options]
    return out


def _layout_texts(ctx: Context) -> list[ReaderText]:
    """The layout's printed texts: titles, notes, column labels and fixed row labels (as the file says them)."""
    out = []
    for spec in ctx.raw_layout.tables:
        where = ctx.at_table(spec)
        fields = [(source, name, value) for source, name, value in (("table title", "title", spec.title),
                                                                     ("table note", "note", spec.note)) if value]
        fields += [("column label", f"column_labels {c}", str(v)) for c, v in spec.column_labels.items()]
        fields += [("row label", "rows", r) for r in spec.rows if isinstance(r, str) and (" " in r or "{" in r or "}" in r)]
        # {jaar} and {vorig_jaar} are filled in a title and note (layout.fill_year_words), as in chapter.text
        out += [ReaderText(f"{where}\x00{name}", source, value, filled=source in ("table title", "table note"),
                           table=spec.key, question=spec.question) for source, name, value in fields]
    return out


def _codeframe_texts(ctx: Context) -> list[ReaderText]:
    """The codeframe's headings (``{vraag}`` filled by the codeframe) and theme labels (respondents' themes)."""
    path = ctx.config.sources(ctx.year).codeframe
    if not path.exists():
        return []
    try:
        frames = load_codeframes(path, ctx.codebook)
    except (CodeframeError, FileNotFoundError):
        return []  # check_codeframe reports it
    out = []
    for frame in frames:
        where = f"{ctx.rel(path)} ({frame.key})"
        out.append(ReaderText(f"{where}\x00title", "codeframe title", frame.title, question=frame.key))
        out += [ReaderText(f"{where}\x00theme {t.code}", "theme label", t.label, question=frame.key) for t in frame.themes]
    return out


def file_texts(ctx: Context) -> list[ReaderText]:
    """Every printed text of the year's files but the notebooks: codebook, layout, codeframe, chapter titles
    (read once per check: two checks read them, and the codeframe's patterns take ~0.2 s to compile)."""
    if ctx.file_texts is None:
        ctx.file_texts = tuple(_file_texts(ctx))
    return list(ctx.file_texts)


def _file_texts(ctx: Context) -> list[ReaderText]:
    own = ctx.config.years.get(ctx.year)  # the year's own list (years: <year>: chapters:) is where its titles are
    key = f"years: {ctx.year}: chapters" if own is not None and own.chapters is not None else "chapters"
    chapters = [ReaderText(f"config/report.yml\x00{key} {stem}", "chapter title", title)
                for stem, title in ctx.config.chapters.items()]
    return _question_texts(ctx) + _layout_texts(ctx) + _codeframe_texts(ctx) + chapters


def _call_texts(ctx: Context, scan: NotebookScan, call: Call) -> list[ReaderText]:
    where = f"{shown_path(scan.path)}:{call.line}"
    if call.method == "text" and call.arg:
        return [ReaderText(where, "prose", call.arg, filled=True, call=call, scan=scan)]
    if call.method == "key_figure" and call.title:
        key = (call.arg or "{}")[1:-1].partition(":")[0]
        spec = ctx.layout.tables_by_key.get(key)
        return [ReaderText(where, "card label", call.title, table=key, call=call, scan=scan,
                           question=spec.question if spec is not None else None)]
    if call.method in ("themes", "explanations") and call.title:
        return [ReaderText(where, "section title", call.title, filled=True, question=call.arg, call=call, scan=scan)]
    return []


def notebook_texts(ctx: Context) -> list[ReaderText]:
    """Every printed text of the chapter notebooks (read by read_notebooks): prose, markdown, card labels, the
    titles of the themes and explanations sections."""
    out = []
    for scan in ctx.notebooks:
        for call in scan.calls:
            out += _call_texts(ctx, scan, call)
        out += [ReaderText(f"{shown_path(scan.path)}:{line}", "markdown", paragraph, scan=scan)
                for line, paragraph in scan.markdown]
    return out


def reader_texts(ctx: Context) -> list[ReaderText]:
    """Every text a reader of the year's report sees that the year's files write (the module's table); the
    library's own fixed Dutch (notes, captions, the cards' year lines) is code, tested by the page tests."""
    return file_texts(ctx) + notebook_texts(ctx)


def printed_as_written(text: ReaderText) -> tuple[str, str]:
    """(where, field) of a file text: the location and the field's name."""
    where, _, name = text.where.partition("\x00")
    return where, name or text.source
