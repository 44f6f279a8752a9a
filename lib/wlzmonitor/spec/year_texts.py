"""``check-year``'s checks of what every text a reader sees *says* (:func:`wlzmonitor.spec.reader_texts.reader_texts`):
a question called new that an earlier wave asked, a typed year that goes stale, ``{jaar}`` beside another
typed year, a claim of change with nothing to compare with or in a text no other check reads (review h98:
these read ``chapter.text`` alone, while a Kerncijfers card's label, a table's title or note, the heading of
a themes section or a chapter's title is printed too)."""

from __future__ import annotations

from wlzmonitor.spec.layout import note_from_codebook
from wlzmonitor.spec.notebook_scan import shown_in
from wlzmonitor.spec.paths import shown_path
from wlzmonitor.spec.prose import (
    BEFORE_CHECKS,
    FIRST_TIME,
    SENTENCE,
    change_claims,
    record_claims,
    check_to_write,
    earlier_comparisons,
    placeholders,
    typed_figure_problems,
    later_years,
    typed_date_problems,
    typed_year_problems,
    typed_years,
)
from wlzmonitor.spec.reader_texts import FIXED_AUTHORED, ReaderText, file_texts, notebook_texts, printed_as_written
from wlzmonitor.spec.year_findings import Context, Finding
from wlzmonitor.spec.year_rules import and_years

__all__ = ["check_file_texts", "check_reader_texts"]

#: the sources whose claims of change another check reads already (label_problems: an error at run time too;
#: check_printed_claims: a warning); only a claim with nothing to compare with is added for them
_CLAIMS_READ = ("card label", "table title", "table note", "column label")
#: the sources in which a typed survey year (or the year before) goes stale: shared by every year's report
#: (a notebook, config/report.yml); a layout's title and note: :func:`_typed_years`
_STALE_YEARS = ("card label", "section title", "chapter title")
_YEAR_WORDS = ("{jaar}", "{vorig_jaar}")


def _what(text: ReaderText) -> str:
    where, name = printed_as_written(text)
    return f"the {text.source}" + (f" ({name})" if name not in (text.source, "") and "\x00" in text.where else "")


def _asked_before(ctx: Context, question: str | None) -> list[int]:
    return [y for y, cb in sorted(ctx.codebooks.items()) if question and y < ctx.year and question in cb]


def _compared(ctx: Context, text: ReaderText) -> bool | None:
    """Whether the figure(s) the text is about have an earlier year beside them (None: about nothing known)."""
    specs = ([ctx.layout.tables_by_key[text.table]] if text.table in ctx.layout.tables_by_key else
             [s for s in ctx.layout.tables if text.question and s.question == text.question and not s.by])
    if specs:
        return any(c < ctx.year for s in specs for c in s.columns if isinstance(c, int))
    if text.question and text.question in ctx.codebook:
        return bool(_asked_before(ctx, text.question))
    return None


def _first_time(ctx: Context, text: ReaderText) -> list[Finding]:
    """A text that calls its question new ("voor het eerst gevraagd", "nieuw dit jaar") while an earlier
    configured year asked it: true the first year, printed again by the shared notebook or the copied
    layout the next. A typed year dates the claim ("in 2027 voor het eerst")."""
    claim = FIRST_TIME.search(text.text)
    before = _asked_before(ctx, text.question)
    if claim is None or not before or typed_years(text.text) or text.source in ("prose", "markdown"):
        return []  # chapter.text: year_pages' own check (per sentence, per placeholder)
    return [Finding("warning", "prose", printed_as_written(text)[0],
                    f"{_what(text)} ‘{text.text}’ says the question is new ('{claim.group(0)}'), but "
                    f"'{text.question}' was asked in {and_years(before)} too: untrue in the {ctx.year} report. Type "
                    f"the year it was first asked ('in {before[0]} voor het eerst') or leave it out")]


def _stale_years(ctx: Context, text: ReaderText) -> list[Finding]:
    """The survey year or the year before typed into a text that every year's report prints as written (a
    card's label, a shared section title, a chapter's title, a layout title new-year copies): stale next year.
    A card's label names no configured wave at all: the card prints the years of its figures itself."""
    if text.source not in _STALE_YEARS:
        return []
    waves = set(ctx.config.years) if text.source == "card label" else set()
    typed = [y for y in dict.fromkeys(typed_years(text.text)) if y in (ctx.year, ctx.year - 1) or y in waves]
    return [Finding("warning", "prose", printed_as_written(text)[0],
                    f"{_what(text)} ‘{text.text}’ types {y}: it is printed as written in every report that shows it "
                    f"(stale next year{'; the card prints the years of its figures itself' if waves else ''}). Leave "
                    "the year out"
                    + (", or write {jaar}/{vorig_jaar} (filled in this title)" if text.filled else "")
                    + " (a fixed date such as 'in 2027 voor het eerst' stays as it is)") for y in typed]


#: the layout's texts printed as written that read as sentences: a figure typed into them is the prose's typed
#: figure (review h137: a note "In 2026 gaf 35% aan …" passed, the same sentence in chapter.text was warned)
_TYPED_FIGURES = ("table title", "table note")


def _typed_figures(text: ReaderText) -> list[Finding]:
    """A figure typed into a table's title or note: printed as written, it does not follow the data."""
    if text.source not in _TYPED_FIGURES:
        return []
    return [Finding("warning", "prose", printed_as_written(text)[0],
                    p.replace("typed into the prose", f"typed into {_what(text)} ‘{text.text}’", 1)
                    + ", in chapter.text beside the table; a policy figure that is no result: check it every year")
            for p in typed_figure_problems(text.text)]


#: the layout's texts in which {jaar} and {vorig_jaar} are filled as in chapter.text: a year typed into them is the
#: prose's typed year, one rule (review h142: "Bron: enquête 2026" in a note passed, the same words in chapter.text
#: were warned; a title's was told to leave the year out, though the year is what the title says)
_TYPED_YEARS = ("table title", "table note")


def _typed_years(ctx: Context, text: ReaderText) -> list[Finding]:
    """The survey year or the year before typed into a table's title or note, warned as in prose (the prose's
    rule, its exemptions and its advice: {jaar}/{vorig_jaar}). Not a trend table's note: the codebook's
    ``changes`` say it (its years are the questionnaire's own), check_notes compares the layout's with them."""
    spec = ctx.raw_layout.tables_by_key.get(text.table or "")
    if text.source not in _TYPED_YEARS or spec is None or (
            text.source == "table note" and note_from_codebook(spec, ctx.codebook)):
        return []
    return [Finding("warning", "prose", printed_as_written(text)[0],
                    p.replace("typed into the prose", f"typed into {_what(text)} ‘{text.text}’", 1))
            for p in typed_year_problems(text.text, ctx.year)] + [
        Finding("warning", "prose", printed_as_written(text)[0], p)
        for p in typed_date_problems(text.text, ctx.year, f"{_what(text)} ‘{text.text}’")]


def _year_word_beside_typed_year(ctx: Context, text: ReaderText) -> list[Finding]:
    """``{jaar}``/``{vorig_jaar}`` in a sentence with a typed configured wave other than the years they print
    ("In 2025 steeg het aandeel tot {maatwerk:1} in {jaar}"): one moves with the report, the other does not; in a
    text printed as written neither is right (the placeholder itself is reported there too). A typed year beside
    its own figure ({maatwerk:1@2025}) is pinned and right in every report."""
    out = []
    for sentence in SENTENCE.split(text.text):
        words = [w for w in _YEAR_WORDS if w in sentence]
        pinned = {(p.column or "").strip() for p in placeholders(sentence)}  # {x:1@2025}: the typed year's own figure
        typed = [y for y in dict.fromkeys(typed_years(sentence))
                 if y in ctx.config.years and y not in (ctx.year, ctx.year - 1) and str(y) not in pinned]
        if words and typed:
            out.append(Finding("warning", "prose", printed_as_written(text)[0],
                               f"{_what(text)} names {words[0]} beside a typed {typed[0]} (‘{sentence.strip()}’): "
                               f"{words[0]} moves with the report year, {typed[0]} does not, so next year's report "
                               f"compares other years than this one. Write the figure of {typed[0]} with its "
                               "placeholder's @column in chapter.text, or leave the typed year out"))
    return out


def _claims(ctx: Context, text: ReaderText) -> list[Finding]:
    """A claim of change in a text printed as written: an error when the figure it is about has no earlier year
    beside it (a new question; a table of this year alone); a warning in a text no other check reads for claims."""
    if text.source not in (*FIXED_AUTHORED, "section title"):
        return []
    claims = [c for sentence in SENTENCE.split(text.text) if not sentence.rstrip().endswith("?")
              for c in change_claims(sentence) + record_claims(sentence) or earlier_comparisons(sentence)]
    if not claims:
        return []
    # every claim named (review h106: "Thema 2026, significant gedaald" was warned of 'gedaald' alone)
    words = "', '".join(dict.fromkeys(w for w, _ in claims))
    where = printed_as_written(text)[0]
    if _compared(ctx, text) is False and text.source != "card label":  # a card's label: label_problems' error
        return [Finding("error", "prose", where,
                        f"{_what(text)} ‘{text.text}’ says '{words}', but its figures have no earlier year beside them "
                        f"in {ctx.year} ('{text.table or text.question}' is new or shown for {ctx.year} alone): there "
                        "is nothing to compare with. Leave the claim out")]
    if text.source in _CLAIMS_READ:
        return []
    return [Finding("warning", "prose", where,
                    f"{_what(text)} ‘{text.text}’ says '{words}': "
                    + ("no placeholder's check backs it" if text.filled else "it is printed as written")
                    + " and never checked against the data; say the change in the chapter's prose with chapter.text and the figure's placeholder "
                    f"with {' and '.join(dict.fromkeys(check_to_write(c) for _, c in claims))}")]




def _about_next_table(ctx: Context, text: ReaderText) -> str | None:
    """The question of the first table a notebook shows after a markdown paragraph (what the paragraph introduces)."""
    line = int(text.where.rpartition(":")[2])
    call = next((c for c in text.scan.calls if c.line > line and c.method in ("table", "trend_chart")), None)
    spec = ctx.layout.tables_by_key.get(call.arg) if call is not None and call.arg else None
    return spec.question if spec is not None else None


def _first_time_unplaced(ctx: Context, text: ReaderText) -> list[Finding]:
    """A first-time claim in a sentence of prose without a table's figure of its own ("{maatwerk:1} vroeg om
    maatwerk. Deze vraag is voor het eerst gesteld.": about the call's figures), or in a markdown paragraph (about
    the table shown after it): year_pages reads the claim beside a figure only."""
    if text.source == "prose":
        sentences = [s for s in SENTENCE.split(text.text) if not any(p.table_key for p in placeholders(s))]
        keys = [p.table_key for p in placeholders(text.text) if p.table_key in ctx.layout.tables_by_key]
        questions = [ctx.layout.tables_by_key[k].question for k in keys]
    elif text.source == "markdown" and not text.text.lstrip().startswith("#"):
        sentences, questions = SENTENCE.split(text.text), [_about_next_table(ctx, text)]
    else:
        return []
    for sentence in sentences:
        claim = FIRST_TIME.search(sentence)
        before = next((b for q in questions if (b := _asked_before(ctx, q))), [])
        if claim is not None and before and not typed_years(sentence):
            about = next(q for q in questions if _asked_before(ctx, q))
            return [Finding("warning", "prose", text.where,
                            f"the {text.source} says a question is new ('{claim.group(0)}'), but it is about "
                            f"'{about}', which {and_years(before)} asked too: untrue in the {ctx.year} report. Type "
                            f"the year it was first asked ('in {before[0]} voor het eerst'), or write the sentence "
                            "under `if chapter.year == <that year>:`")]
    return []


def _nothing_before(ctx: Context, text: ReaderText) -> list[Finding]:
    """A placeholder of prose that compares with the column before the survey year (``!stijging``, ``!significant``,
    ``@vorig``) in a table that has none this year (a new question: "{wachtlijst_afspraken:1!stijging}")."""
    out = []
    for ph in placeholders(text.text):
        spec = ctx.layout.tables_by_key.get(ph.table_key or "")
        compares = ph.column == "vorig" or bool(BEFORE_CHECKS & set((ph.check or "").split("!")))
        if spec is None or not compares or any(isinstance(c, int) and c < ctx.year for c in spec.columns):
            continue
        out.append(Finding("error", "prose", text.where,
                           f"{ph.text} compares with the column before {ctx.year}, but table '{spec.key}' has no "
                           f"earlier column in {ctx.year} (columns: {', '.join(map(str, spec.columns))}): there is "
                           "nothing to compare with. Leave the comparison out, or write it under `if "
                           "chapter.year > <the first year>:`"))
    return out


def _later_years(ctx: Context, text: ReaderText) -> list[Finding]:
    """A year typed into a text the report prints that is after the year after the wave ('2029' in the 2027
    report): a wave's texts name its own year, the years before it and at most the next (the contracting year the
    survey asks about: 'het inkoopbeleid voor 2028 en verder' in 2027), as its codebook's texts do
    (:mod:`wlzmonitor.spec.year_named`). A typo ('2072'), or a year typed for another wave and never corrected;
    until review h163 only the survey year and the year before were read in prose, markdown, cards' labels,
    tables' titles and notes, section, codeframe and chapter titles."""
    last = ctx.year + 1
    advice = (" (or write {jaar}/{vorig_jaar})" if text.filled else
              " (or say it in chapter.text with {jaar}/{vorig_jaar})" if text.source == "markdown" else "")
    return [Finding("warning", "prose", printed_as_written(text)[0],
                    f"{_what(text)} ‘{text.text.strip()}’ names {y}, after {last}: the {ctx.year} report names its own "
                    f"year, the years before it and at most the next ({last}); a typo, or a year typed for another "
                    f"wave? Correct the year{advice}; "
                    f"if the {ctx.year} report does mean {y}, leave it (this warning then stays)")
            for y in later_years(text.text, ctx.year)]


def _text_findings(ctx: Context, text: ReaderText) -> list[Finding]:
    """What one printed text says that it should not (the module's docstring)."""
    if text.source in ("questionnaire", "theme label"):
        return []  # the questionnaire's own years, respondents' words
    if text.call is not None and shown_in(text.call.guards, ctx.year) is False:
        return []  # under `if chapter.year == 2026:`: not printed this year
    out = _first_time_unplaced(ctx, text) + _later_years(ctx, text)
    if text.source == "markdown":
        return out  # check_prose reads the rest of it
    if text.source == "prose":
        out += _nothing_before(ctx, text)
    if text.source != "prose":
        out += _first_time(ctx, text) + _stale_years(ctx, text) + _claims(ctx, text) + _typed_figures(text)
        out += _typed_years(ctx, text)
    return out + _year_word_beside_typed_year(ctx, text)


def check_file_texts(ctx: Context) -> list[Finding]:
    """What the texts of the year's files say (codebook, layout, codeframe, chapter titles): a function of those
    files alone, so run_all keeps its findings while only notebooks change (the codeframe's ~600 patterns are not
    compiled again for a prose edit)."""
    return list(dict.fromkeys(f for text in file_texts(ctx) for f in _text_findings(ctx, text)))


def check_reader_texts(ctx: Context) -> list[Finding]:
    """What the texts of the chapter notebooks say (prose, markdown, card labels, section titles)."""
    out = [f for text in notebook_texts(ctx) for f in _text_findings(ctx, text)]
    out += [Finding("warning", "prose", f"{shown_path(scan.path)}:{call.line}",
                    f"the Kerncijfers card {call.arg} is given a label built at run time (a variable, an f-string, a "
                    "call): check-year cannot read what it says; write the label as a string literal" if call.arg else
                    "a Kerncijfers card whose table key or row is built at run time (a variable, *cards, a call): "
                    "check-year cannot check its figure, only the run does; write (\"maatwerk\", 1, \"…\") as literals")
            for scan in ctx.notebooks for call in scan.of("key_figure") if not call.literal]
    out += [Finding("error", "prose", f"{shown_path(scan.path)}:{call.line}", call.arg)  # review h123
            for scan in ctx.notebooks for call in scan.of("key_figure_form")]
    out += [Finding("warning", "prose", f"{shown_path(scan.path)}:{call.line}",
                    f"chapter.{call.method}({call.arg}) is given a section title built at run time (a variable, an "
                    "f-string, a call): check-year cannot read what it says; write the title as a string literal")
            for scan in ctx.notebooks for call in scan.of("themes", "explanations") if not call.title_literal]
    return list(dict.fromkeys(out))
