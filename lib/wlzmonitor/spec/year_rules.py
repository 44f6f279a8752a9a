"""The checks of ``check-year`` (:mod:`wlzmonitor.spec.year_check`), one function per kind of mismatch.

Every check takes the loaded :class:`~wlzmonitor.spec.year_findings.Context` and returns findings;
none raises on a problem it finds (a finding says it, naming the file, the line, the table or
question and what to do).
"""

from __future__ import annotations

import contextlib

import hashlib
import re
from pathlib import Path

from wlzmonitor.spec.alignment import published_codes, rows_in_another_order
from wlzmonitor.spec.codebook import Codebook, Question
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.input_files import exports_beside, read_input_text
from wlzmonitor.spec.layout import (
    NPS_YEAR_ROW,
    YEAR_WORDS,
    TableSpec,
    breakdown_problem,
    assigned_numbers,
    derived_labels,
    derived_note,
    is_appendix,
    load_layout,
    nps_rows_in_order,
)
from wlzmonitor.spec.option_match import FIGURE_IN_LABEL, same_text
from wlzmonitor.spec.population import PopulationError, label_key, load_population
from wlzmonitor.spec.published import PublishedError, load_published
from wlzmonitor.spec.privacy_settings import load_privacy_settings
from wlzmonitor.spec.quotes_file import read_quote_file
from wlzmonitor.spec.year_findings import Context, Finding
from wlzmonitor.spec.year_renamed import renamed_from, renamed_to
from wlzmonitor.spec.year_routing import (
    changed_routing,
    routed_on_changed,
    routed_on_reworded,
    routed_under_changed_routing,
    stale_routing_note,
)

__all__ = ["CHECKS_LAYOUT", "CHECKS_WAVES", "OPTION_KINDS", "check_notebook_files", "valid_rows", "question_of", "and_years",
           "label_of", "previous_with"]

OPTION_KINDS = {"single", "multi", "frequency"}


def and_years(years) -> str:
    years = [str(y) for y in years]
    return years[0] if len(years) == 1 else ", ".join(years[:-1]) + " en " + years[-1]


def question_of(cb: Codebook | None, key: str | None) -> Question | None:
    if cb is None or not key:
        return None
    try:
        return cb.question(key)
    except KeyError:
        return None


def label_of(q: Question, code) -> str:
    try:
        return f"{code} ‘{q.option(int(code)).display_label}’"
    except (KeyError, ValueError, TypeError):
        return str(code)


# ---------------------------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------------------------
def check_files(ctx: Context) -> list[Finding]:
    sources = ctx.config.sources(ctx.year)
    out = []
    if not sources.export.exists():
        beside = exports_beside(sources.export)
        out.append(Finding("warning", "files", ctx.rel(sources.export),
                           f"no export for {ctx.year} yet: run_all.py cannot build the report until it is there"
                           + (f" (its folder holds {', '.join(beside)}: if that is the export, name it under "
                              f"years: {ctx.year}: export: in config/report.yml)" if beside else "")))
    else:
        out += _export_of_another_year(ctx, sources.export)
    missing: dict[str, list[TableSpec]] = {}
    for spec in ctx.layout.tables:
        if spec.chapter not in ctx.config.chapters:
            missing.setdefault(spec.chapter, []).append(spec)
    own = ctx.config.sources(ctx.year).chapters is not None  # the year lists its own chapters
    listed = f"years: {ctx.year}: chapters in config/report.yml" if own else "config/report.yml"
    for chapter, specs in missing.items():
        shown = ", ".join(s.number for s in specs[:3]) + (f" … ({len(specs)} tables)" if len(specs) > 3 else "")
        out.append(Finding("warning", "not_shown", f"{ctx.at_table(specs[0])}",
                           f"chapter '{chapter}' of {shown} is not a chapter of {listed} "
                           f"({', '.join(ctx.config.chapters)}): no page shows its tables (and tables/index.csv "
                           "links it to no page)"))
    return out + _empty_chapters(ctx, listed) + _published_of_another_year(ctx) + _published_rows(ctx) \
        + _quotes_file(ctx) + _privacy_file(ctx) + _earlier_files(ctx)


def _empty_chapters(ctx: Context, listed: str) -> list[Finding]:
    """A chapter of the year's list whose tables only other years' layouts have (review h103: a new 2027 chapter
    '06_arbeidsmarkt' added to the `chapters:` every year reads gave the rebuilt 2026 report a page '6
    Arbeidsmarkt' with nothing on it, check-year 2026 clean)."""
    here = {spec.chapter for spec in ctx.layout.tables}
    out = []
    for chapter in ctx.config.chapters:
        if chapter in here:
            continue
        years = sorted(y for y, layout in ctx.layouts.items() if y != ctx.year
                       and any(spec.chapter == chapter for spec in layout.tables))
        if years:
            out.append(Finding("warning", "not_shown", "config/report.yml",
                               f"chapter '{chapter}' is listed in {listed}, but the {ctx.year} layout puts no table in "
                               f"it (the layout of {and_years(years)} does): its page in the {ctx.year} report has nothing to show. "
                               f"A chapter only some years have: list the chapters under years: <year>: chapters "
                               f"for those years (docs/survey_years.md), not in the chapters every year reads"))
    return out


def _published_of_another_year(ctx: Context) -> list[Finding]:
    """The year's published figures are another year's report (``published:`` copied from the year before):
    the run stopped on the first table's shape ("5 rows x 2 columns, the layout says 5 x 3")."""
    folder = ctx.config.sources(ctx.year).published
    if not (folder / "cells.csv").is_file():
        return []  # no published report of the year (a new wave): nothing to read
    try:
        load_published(ctx.year, root=str(ctx.config.root))
    except PublishedError as err:
        return [Finding("error", "files", ctx.rel(folder), str(err).removeprefix(f"{folder}: "))]
    except InputError as err:  # a file edited wrongly (review h88: said nothing, the run a bare traceback)
        return [Finding("error", "files", ctx.rel(folder), str(err).removeprefix(f"{folder}/"))]
    except (OSError, ValueError, KeyError):
        return []  # absent or unreadable: the run's own message
    return []


def _published_rows(ctx: Context) -> list[Finding]:
    """Tables of a published report (this year's, or an earlier one whose figures the tables show) whose
    printed rows the layout's ``rows`` put on other options (:func:`rows_in_another_order`): the back-test
    and the columns carried forward from that report read every figure as another answer's."""
    out = []
    for year, sources in sorted(ctx.config.years.items()):
        layout = ctx.layout if year == ctx.year else ctx.layouts.get(year)
        cb = ctx.codebooks.get(year)
        if year > ctx.year or layout is None or cb is None or not (sources.published / "cells.csv").is_file():
            continue
        try:
            cells, _ = load_published(year, root=str(ctx.config.root))
        except (InputError, OSError, ValueError, KeyError):
            continue  # _published_of_another_year or the run says why
        for spec in layout.tables:
            q = question_of(cb, spec.question)
            if q is not None and q.options:
                where = f"{ctx.rel(layout.source)}{f':{spec.line}' if spec.line else ''} ({spec.where})"
                out += [Finding("error", "codes", where, p.removeprefix(f"{spec.where}: "))
                        for p in rows_in_another_order(spec, q, cells)]
    return out


def _export_of_another_year(ctx: Context, export: Path) -> list[Finding]:
    """The year's export is another configured year's (the same file, or the same bytes): last
    year's export copied into this year's folder was published as this year's report (review)."""
    from wlzmonitor.spec.input_files import read_input_bytes

    # unreadable or empty: an error here too (review h128: a folder named respondenten.csv passed check-year
    # with warnings only, and the run and the coding command then stopped on it)
    try:
        data = read_input_bytes(export)
    except InputError as err:  # a folder, a pipe, a device, a file of gigabytes
        return [Finding("error", "files", ctx.rel(export), str(err).removeprefix(f"{export}: "))]
    except OSError as err:
        return [Finding("error", "files", ctx.rel(export), f"cannot be read ({err.strerror or err})")]
    if not data:
        return [Finding("error", "files", ctx.rel(export), f"the file is empty; expected the {ctx.year} export")]
    mine = hashlib.sha256(data).digest()
    out = []
    for y, sources in sorted(ctx.config.years.items()):
        other = sources.export
        if y == ctx.year or not other.exists():
            continue
        try:
            same = other.resolve() == export.resolve() or hashlib.sha256(read_input_bytes(other)).digest() == mine
        except (OSError, InputError):
            continue
        if same:
            out.append(Finding("error", "files", ctx.rel(export),
                               f"is {y}'s export ({ctx.rel(other)}): the same "
                               f"{'file' if other.resolve() == export.resolve() else 'bytes'}; put the {ctx.year} "
                               f"export here (or correct 'export' under {ctx.year} in config/report.yml)"))
    return out


def _earlier_files(ctx: Context) -> list[Finding]:
    """The files of the earlier configured years that the check and the run read: a missing codebook
    made check-year compare with the year before it and pass, while the run stopped on the missing
    file; a missing export of a year the layout shows made its columns the published, rounded
    figures, with a note that said "the long series carried forward" (review of the 2027 path)."""
    shown = {c for spec in ctx.layout.tables if spec.is_trend or spec.kind in {"nps_by", "response"}
             for c in _earlier(spec, ctx.year)}
    out = []
    for y, sources in sorted(ctx.config.years.items()):
        if y >= ctx.year:
            continue
        if not sources.codebook.exists():
            instead = (f"{ctx.year} is compared with {ctx.previous or 'no earlier year'} instead of {y}, and "
                       if ctx.previous is None or y > ctx.previous else "")
            out.append(Finding("error", "files", ctx.rel(sources.codebook),
                               f"the codebook of {y} (config/report.yml) is missing: {instead}{y}'s answers cannot "
                               f"be read. Put the file back (or remove {y} from config/report.yml)"))
        elif y in shown and not sources.export.exists():
            out.append(Finding("warning", "files", ctx.rel(sources.export),
                               f"the export of {y} (config/report.yml) is missing: the {y} columns of {ctx.year}'s "
                               f"tables are the published figures (rounded percentages, the captions' bases), "
                               f"not computed from the {y} answers. Put the export back to compute them"))
    return out


def _privacy_file(ctx: Context) -> list[Finding]:
    """The privacy settings, read as the run reads them: a file the run stops on (a threshold of 0, an unknown
    action or key) is an error here too (review h88: check-year never read it and said 0 errors)."""
    path = ctx.config.privacy_file
    try:
        load_privacy_settings(path)
    except InputError as err:
        return [Finding("error", "files", ctx.rel(Path(path)), str(err).removeprefix(f"{Path(path).resolve()}: ")
                        .removeprefix(f"{path}: "))]
    return []


def _quotes_file(ctx: Context) -> list[Finding]:
    """The Kerncijfers page's approved quotes: a year without a quotes file while an earlier one
    has one shows none, without a word (review: the 2027 page lost its five quotes); a file the run cannot
    read (not YAML, not its form, another year's) stopped the run while check-year said nothing."""
    folder = ctx.config.folder("quotes")
    own = folder / f"{ctx.year}.yml"
    earlier = sorted(y for y in ctx.config.years if y < ctx.year and (folder / f"{y}.yml").exists())
    if own.exists():  # read as the run reads it: a file the run stops on is an error here too
        try:
            read_quote_file(own, ctx.year)
        except InputError as err:
            return [Finding("error", "files", ctx.rel(own), str(err).removeprefix(f"{own}: "))]
        return []
    if not earlier:
        return []
    return [Finding("warning", "files", ctx.rel(own),
                    f"no approved quotes for {ctx.year} ({earlier[-1]} has {ctx.rel(folder / f'{earlier[-1]}.yml')}): "
                    "the Kerncijfers page shows no quotes. Choose and approve this year's "
                    "(docs/reading_the_report.md, Quotes), or leave it so on purpose")]


def check_notebook_files(ctx: Context) -> list[Finding]:
    return [Finding("error", "files", ctx.rel(scan.path), f"cannot be read: {scan.error}")
            for scan in ctx.notebooks if scan.error]


def check_population(ctx: Context) -> list[Finding]:
    """The members approached (the codebook's ``population``, the response rate's base) against the
    member population file (the representativeness table's and the weights' totals)."""
    path, members = ctx.config.population_for(ctx.year), ctx.codebook.population
    response = next((spec for spec in ctx.layout.tables if spec.kind == "response"), None)
    if members is None and response is not None:  # review h94: check-year passed, the run a bare TypeError
        before = ctx.previous_codebook.population if ctx.previous_codebook is not None else None
        return [Finding("error", "population", ctx.rel(ctx.codebook.path),
                        f"no population (the members approached in {ctx.year}): {response.where} prints the response "
                        f"rate on it, and the run stops without it. Add population: <members approached> at the top "
                        f"of the codebook" + (f" ({ctx.previous}: {before})" if before else ""))]
    if path is None:
        return []
    earlier = [] if not (ctx.config.population_per_year and ctx.config.statistics.weighting) else [
        Finding("warning", "population", ctx.rel(ctx.config.population_for(y)),
                f"no member population for {y}: a weighted {ctx.year} report rakes every year with data to its own "
                "year's members and stops without it")
        for y, sources in sorted(ctx.config.years.items())
        if y < ctx.year and sources.export.exists() and not ctx.config.population_for(y).exists()]
    return earlier + _copied_population(ctx) + _own_population(ctx, Path(path), members)


def _copied_population(ctx: Context) -> list[Finding]:
    """The members approached as many as in the previous wave, unconfirmed (review h96: new-year copies the
    codebook's ``population`` and a per-year population file, and nothing said when nobody updated them: the
    response rate and the comparison with the members were of last year's members). Confirmed by
    ``population_was: {<previous>: <members>}`` (as ``was`` confirms a label's figure); a year whose report is
    published (``data/published/<year>``) printed its members approached and is not warned."""
    cb, before = ctx.codebook, ctx.previous_codebook
    if before is None or cb.population is None or cb.population != before.population \
            or (ctx.config.sources(ctx.year).published / "cells.csv").is_file():
        return []
    said = cb.population_was.get(ctx.previous)
    if said == cb.population:
        return []
    path, last = ctx.config.population_for(ctx.year), ctx.config.population_for(ctx.previous)
    same_file = ""
    if path is not None and last is not None and Path(path) == Path(last):
        same_file = f" ({ctx.rel(Path(path))} serves every year)"
    elif path is not None and last is not None and Path(path).is_file() and Path(last).is_file():
        with contextlib.suppress(PopulationError):
            if load_population(Path(path)).margins == load_population(Path(last)).margins:
                same_file = f" ({ctx.rel(Path(path))} has {ctx.previous}'s members per group too)"
    wrong = "" if said is None else (f"; population_was says {ctx.previous} approached {said}, its codebook says "
                                     f"{before.population}")
    return [Finding("warning", "population", ctx.rel(cb.path),
                    f"population: {cb.population} members approached in {ctx.year}, as in {ctx.previous} "
                    f"(new-year copies it){same_file}: if the members changed, the response rate (the response "
                    f"table) and the comparison with the members are of {ctx.previous}'s{wrong}. Update population "
                    f"(and the population file's members and margins) to the members approached in {ctx.year}, or, "
                    f"when {ctx.year} approached as many, say so: population_was: {{{ctx.previous}: {cb.population}}}")]


def _own_population(ctx: Context, path: Path, members) -> list[Finding]:
    """The year's own population file against its codebook (see :func:`check_population`)."""
    if not Path(path).exists():
        if not ctx.config.population_per_year:
            return []
        return [Finding("warning", "population", ctx.rel(Path(path)),
                        f"no member population for {ctx.year} (weighting: population has a file per year): the report "
                        "has no comparison of the respondents with the members, and a weighted run stops. Copy last "
                        "year's file and update it to the members approached this year")]
    try:
        population = load_population(Path(path))
    except PopulationError as err:
        return [Finding("warning", "population", ctx.rel(Path(path)),
                        f"cannot be read: {str(err).removeprefix(f'{path}: ')}")]
    out = _renumbered_margins(ctx, population, Path(path))
    def elsewhere(variable: str) -> set[str]:  # the groups of the other configured years
        out = set()
        for y, cb in ctx.codebooks.items():
            if y != ctx.year:
                with contextlib.suppress(KeyError):
                    out |= {label_key(label) for short in (False, True) for label in cb.options(variable, short=short).values()}
        return out
    try:
        population = population.for_codebook(ctx.codebook, elsewhere)
    except PopulationError as err:
        return out + [Finding("error", "population", ctx.rel(Path(path)), str(err).removeprefix(f"{path}: "))]
    out += _margin_groups(ctx, population, Path(path))
    if members is None or population.members == members:
        return out
    return out + [Finding("warning", "population", ctx.rel(ctx.codebook.path),
                    f"population: {members} members approached in {ctx.year}, but {ctx.rel(Path(path))} has "
                    f"members: {population.members}: the response rate and the comparison with the members (and "
                    f"the weights) would use different totals. Update {ctx.rel(Path(path))} (members and every "
                    "margin) to the members approached this year"
                    + ("" if ctx.config.population_per_year else
                       "; it serves every year, so first give each year a file of its own (weighting: population: "
                       "config/population_{year}.yml in config/report.yml), or the earlier reports change with it"))]


def _renumbered_margins(ctx: Context, population, path: Path) -> list[Finding]:
    """A margin by code (``1: 105``) of a variable whose groups have other codes than in the previous wave
    (option_match, by label): the file's counts go to another group in one of the two years (one file serves
    every year; a file per year is copied from the previous one). Written by label they follow the group."""
    if ctx.previous is None:
        return []
    out = []
    for variable, members in population.margins.items():
        if population.by_label(variable):
            continue
        mapping = ctx.maps.mapping(variable, ctx.previous, ctx.year)
        moved = {a: b for a, b in (mapping or {}).items() if a != b and a in members}
        if not moved:
            out += _relabelled_margins(ctx, variable, members, path)
            continue
        old = ctx.previous_codebook.options(variable)
        now = ctx.codebook.options(variable)
        said = "; ".join(f"{ctx.previous}'s {a} ‘{old[a]}’ is {b} in {ctx.year}" for a, b in sorted(moved.items()))
        example = next(iter(sorted(moved)))
        out.append(Finding("error", "population", ctx.rel(path),
                           f"margins: {variable} counts members by code, but the groups have other codes in "
                           f"{ctx.year} than in {ctx.previous} ({said}): the counts would go to another group. "
                           f"Name the groups by their label (\"{now[moved[example]]}\": {members[example]})"))
    return out


def _relabelled_margins(ctx: Context, variable: str, members: dict, path: Path) -> list[Finding]:
    """A margin by code of a group whose label changed under the same code since the previous wave (review of the
    2027 wave: omzetgroep 1 relabelled "Minder dan 60 miljoen euro", the file's 150 members under 40 million
    counted for it): the count is of another group in one of the two years."""
    try:
        old, now = ctx.previous_codebook.options(variable), ctx.codebook.options(variable)
    except KeyError:
        return []
    changed = [c for c in sorted(members) if c in old and c in now
               and not same_text(str(old[c]), str(now[c]), ctx.year - ctx.previous)
               and not _same_group(ctx, variable, c)]
    if not changed:
        return []
    said = "; ".join(f"{c} is ‘{now[c]}’ in {ctx.year}, ‘{old[c]}’ in {ctx.previous}" for c in changed)
    return [Finding("error", "population", ctx.rel(path),
                    f"margins: {variable} counts members by code, but group {said}: the count is of another group "
                    f"in one of the years. Name the groups by their label, with the members of each year's groups "
                    f"(\"{now[changed[0]]}\": …)")]


def _same_group(ctx: Context, variable: str, code) -> bool:
    """Group ``code`` of ``variable`` relabelled, but holding the same answers as in the previous wave: an option
    the analyst said was the same (``was``), or a derived group of the same source options (matched between the
    waves) under the same map (the labels reworded, "<i>Kleiner</i>" for "Minder dan 40 miljoen euro")."""
    mapping = ctx.maps.mapping(variable, ctx.previous, ctx.year) or {}
    if mapping.get(code) == code:
        return True
    d = next((x for x in ctx.codebook.derived if x.key == variable), None)
    old = next((x for x in ctx.previous_codebook.derived if x.key == variable), None) if d is not None else None
    if d is None or old is None or d.source != old.source:
        return False
    source = ctx.maps.mapping(d.source, ctx.previous, ctx.year)
    if source is None:
        return False
    before = {source.get(a) for a, g in old.map.items() if g == code}
    return None not in before and before == {a for a, g in d.map.items() if g == code}


def _margin_groups(ctx: Context, population, path: Path) -> list[Finding]:
    """Each margin of the population file has every group of the year's variable (a derived group
    such as uitvoerder that got a sixth group stopped the run: its respondents have no members). A
    group the file has and the year not (a later year's) is no error: the file serves every year."""
    out = []
    for variable, members in population.margins.items():
        try:
            groups = set(ctx.codebook.options(variable))
        except KeyError:
            groups = None
        if groups is None or not groups:
            out.append(Finding("error", "population", ctx.rel(path),
                               f"margins: {variable}: {ctx.year}'s codebook has no variable '{variable}' with groups"))
        elif groups - set(members):  # (a group the year lacks, another year's, has members and no respondents)
            extra = sorted(groups - set(members))
            out.append(Finding("error", "population", ctx.rel(path),
                               f"margins: {variable} has groups {', '.join(map(str, sorted(members, key=str)))}, but "
                               f"{variable} in {ctx.year} has {', '.join(map(str, sorted(groups)))}: add the "
                               f"members of group {', '.join(map(str, extra))} (members and every margin adding up)"))
    return out


# ---------------------------------------------------------------------------------------------
# the layout against the codebook
# ---------------------------------------------------------------------------------------------
def valid_rows(spec: TableSpec, cb: Codebook) -> set[str] | None:
    """The row codes a table can have this year (None: not checked)."""
    q = question_of(cb, spec.question)
    if spec.kind in OPTION_KINDS and q is not None and q.options:
        return {str(c) for c in q.codes} | ({"Totaal"} if spec.kind == "frequency" else set())
    if spec.kind in {"matrix", "matrix_share", "scale_means"} and q is not None and q.items:
        return {it.code for it in q.items}
    return None


#: The question types each kind of table can show (a derived variable is a single choice).
KIND_FITS = {
    "single": {"single"}, "frequency": {"single"}, "mapping": {"single"}, "multi": {"multi"},
    "matrix": {"matrix"}, "matrix_share": {"matrix"}, "scale_means": {"scale", "matrix"},
    "nps": {"nps"}, "nps_by": {"nps"},
}


def check_layout(ctx: Context) -> list[Finding]:
    """Questions the layout names that the codebook lacks; rows and columns that are no option or item."""
    cb, out = ctx.codebook, []
    for spec in ctx.layout.tables:
        keys = [("question", spec.question), ("by", spec.by)]
        keys += [("row", r) for r in spec.rows if spec.kind == "numeric" and isinstance(r, str)]
        for role, key in keys:
            if key is not None and key not in cb:
                before = ctx.previous_codebook is not None and key in ctx.previous_codebook
                out.append(Finding("error", "dropped", ctx.at_table(spec),
                                   f"{role} '{key}' is not in the codebook of {ctx.year}"
                                   + (f" (asked in {ctx.previous}, dropped since)" if before else "")
                                   + ": remove the table from the layout (or fix the key)"
                                   + (renamed_to(ctx, key) if before else "")))
        valid = valid_rows(spec, cb)
        if valid is not None and not (spec.kind == "single" and spec.by and spec.question not in cb):
            bad = [str(r) for r in spec.rows if str(r) not in valid]
            if bad:
                out.append(Finding("error", "codes", ctx.at_table(spec),
                                   f"rows {', '.join(bad)} are no {'items' if spec.kind.startswith(('matrix', 'scale')) else 'options'} "
                                   f"of '{spec.question}' in {ctx.year} (it has {', '.join(sorted(valid))})"))
        q = question_of(cb, spec.question)
        fits = KIND_FITS.get(spec.kind)
        if q is not None and fits is not None and q.type not in fits:
            out.append(Finding("error", "codes", ctx.at_table(spec),
                               f"a '{spec.kind}' table of '{spec.question}', which is a {q.type} question in "
                               f"{ctx.year} (a '{spec.kind}' table needs a {' or '.join(sorted(fits))} question): "
                               "change the table's kind to the question's type"))
        out += _year_columns(ctx, spec)
        wrong = breakdown_problem(spec, cb)
        if wrong:
            out.append(Finding("error", "codes", ctx.at_table(spec), wrong))
        if spec.kind == "matrix_share" and q is not None and q.options and (
                not spec.share_of or not set(spec.share_of) <= set(q.codes)):
            out.append(Finding("error", "codes", ctx.at_table(spec),
                               f"share_of {list(spec.share_of)}: "
                               + ("the table needs the options whose share it shows" if not spec.share_of else
                                  f"{', '.join(str(c) for c in spec.share_of if c not in q.codes)} no option")
                               + f" of '{spec.question}' in {ctx.year} (it has {', '.join(str(c) for c in q.codes)})"))
        if spec.kind == "matrix" and q is not None and q.options:
            bad = [str(c) for c in spec.columns if c not in q.codes]
            if bad:
                out.append(Finding("error", "codes", ctx.at_table(spec),
                                   f"columns {', '.join(bad)} are no options of '{spec.question}' in {ctx.year}"))
    return out


def _year_columns(ctx: Context, spec: TableSpec) -> list[Finding]:
    """A trend table's columns are survey years (numbers), each once, in ascending order, none after
    the report's year: the year-on-year test, {key:ROW@vorig} and the charts take the column before
    the survey year's as the previous year (review: [2026, 2025, 2027] tested 2027 against 2025)."""
    if not spec.is_trend:
        return []
    years = list(spec.columns)
    bad = [repr(c) for c in years if not isinstance(c, int) or isinstance(c, bool)]
    if bad:
        problem = f"columns {', '.join(bad)} are no survey years (write a year as a number: 2025, not '2025')"
    elif years != sorted(set(years)):
        problem = (f"columns {years} are not the survey years in ascending order, each once "
                   f"({sorted(set(years))}): the column before a year is taken as the year before it")
    elif years and max(years) > ctx.year:
        problem = f"column {max(years)} is after {ctx.year}, the year of this report"
    elif years and ctx.year not in years:
        # review: columns [2025, 2026] in the 2027 layout printed 2026's figure as "In 2027 heeft 22% …"
        problem = (f"columns {years} lack {ctx.year}, the year of this report: its figures, the prose's "
                   f"{{{spec.key}:ROW}} and the Kerncijfers would be {max(years)}'s. Add {ctx.year} to the columns")
    else:
        return _skipped_wave(ctx, spec, years)
    return [Finding("error", "codes", ctx.at_table(spec), problem)]


def _skipped_wave(ctx: Context, spec: TableSpec, years: list[int]) -> list[Finding]:
    """A trend table whose columns leave out the previous wave although it asked the question ([2024, 2026] in
    2026): the column before the survey year is 2024's, so the year-on-year test, ``@vorig`` and the change
    words compare with 2024 while ``{vorig_jaar}`` and the reader say 2025 (review of the statistics)."""
    previous = ctx.previous
    before = [y for y in years if y < ctx.year]
    codebook = ctx.codebooks.get(previous) if previous is not None else None
    if previous is None or not before or previous in years or max(before) > previous or codebook is None \
            or spec.question not in codebook:
        return []
    return [Finding("warning", "codes", ctx.at_table(spec),
                    f"columns {years} leave out {previous}, the previous wave, which asked '{spec.question}': the "
                    f"column before {ctx.year} is {max(before)}, so the year-on-year test, @vorig and a claim of "
                    f"change compare with {max(before)}, while {{vorig_jaar}} prints {ctx.year - 1}. Add {previous} "
                    "to the columns")]


def check_numbers(ctx: Context) -> list[Finding]:
    """Table numbers typed into an own-numbered layout that the order would not give."""
    if ctx.raw_layout.numbering not in (None, ctx.year):
        return []
    assigned = assigned_numbers([t.chapter for t in ctx.raw_layout.tables])
    out = []
    for spec, number in zip(ctx.raw_layout.tables, assigned):
        if spec.typed_number and spec.number != number:
            out.append(Finding("warning", "numbers", ctx.at_table(spec),
                               f"the layout types '{spec.number}' where its place gives '{number}': remove "
                               "`number:` (numbers follow the order of the file)"))
    return (out + _tables_among_another_chapter(ctx, assigned) + _chapters_out_of_report_order(ctx, assigned)
            + _question_numbers(ctx))


def _numbered(cb: Codebook) -> list[tuple[int, list[Question]]]:
    """The codebook's question numbers in questionnaire order, each with the questions that stand
    together under it (a question and its sub-questions share a number: Vraag 10 and its amounts)."""
    groups: list[tuple[int, list[Question]]] = []
    for q in cb.questions:
        digits = re.match(r"\d+", q.number or "")
        if digits is None:
            continue  # 'Tot slot'
        if groups and groups[-1][0] == int(digits.group(0)):
            groups[-1][1].append(q)
        else:
            groups.append((int(digits.group(0)), [q]))
    return groups


def _question_numbers(ctx: Context) -> list[Finding]:
    """Question numbers that the questionnaire appendix and ``{vraag:KEY}`` would print wrongly: one
    number for two questions that do not stand together, a number lower than the one before it, and
    a number skipped that the previous wave did not skip (a question dropped, the ones after it not
    renumbered). Review of the 2027 path: each passed without a word."""
    out, seen, before = [], {}, None
    earlier = {n for n, _ in _numbered(ctx.previous_codebook)} if ctx.previous_codebook else None
    for number, questions in _numbered(ctx.codebook):
        key = questions[0].key
        if number in seen:
            out.append(Finding("warning", "numbers", ctx.at_question(key),
                               f"Vraag {number} is also the number of '{seen[number]}', which does not stand "
                               f"with it: the report would print two questions as Vraag {number}. Number the "
                               "questions as the questionnaire does"))
        elif before is not None and number < before:
            out.append(Finding("warning", "numbers", ctx.at_question(key),
                               f"Vraag {number} comes after Vraag {before}: the numbers are not in questionnaire "
                               "order. Number the questions as the questionnaire does"))
        elif before is not None and earlier is not None and number > before + 1 \
                and any(n in earlier for n in range(before + 1, number)):
            skipped = ", ".join(str(n) for n in range(before + 1, number))
            out.append(Finding("warning", "numbers", ctx.at_question(key),
                               f"Vraag {skipped} skipped (after Vraag {before}; {ctx.previous} had it): a question "
                               "dropped without renumbering the ones after it? The questionnaire appendix and "
                               "{vraag:...} print these numbers. Number the questions as the questionnaire does"))
        seen.setdefault(number, key)
        before = number if before is None else max(before, number)
    return out


def _chapter_runs(ctx: Context, assigned: list[str]) -> tuple[list[tuple[str, list[tuple[TableSpec, str]]]],
                                                                dict[str, int]]:
    """The layout's tables as runs of one chapter each, and per chapter the index of its longest run."""
    runs: list[tuple[str, list[tuple[TableSpec, str]]]] = []
    for spec, number in zip(ctx.raw_layout.tables, assigned):
        if not spec.chapter:
            continue
        if runs and runs[-1][0] == spec.chapter:
            runs[-1][1].append((spec, number))
        else:
            runs.append((spec.chapter, [(spec, number)]))
    longest: dict[str, int] = {}
    for i, (chapter, members) in enumerate(runs):
        if chapter not in longest or len(members) > len(runs[longest[chapter]][1]):
            longest[chapter] = i
    return runs, longest


def _tables_among_another_chapter(ctx: Context, assigned: list[str]) -> list[Finding]:
    """A table listed in the layout among another chapter's tables (its `chapter:` changed, its entry
    not moved): numbers follow the layout's order, so its page would print e.g. Tabel 16, 17, 18,
    19, 7, 20. Per chapter the tables form runs in the layout; every run but the chapter's longest
    is out of place."""
    runs, longest = _chapter_runs(ctx, assigned)
    out = []
    for i, (chapter, members) in enumerate(runs):
        if longest[chapter] == i:
            continue
        among = runs[i - 1][0] if i > 0 else runs[i + 1][0]
        for spec, number in members:
            out.append(Finding("warning", "numbers", ctx.at_table(spec),
                               f"{number} is shown in {chapter} but listed in the layout among {among}'s tables: "
                               f"its number falls out of order on its page. Move its entry in the layout to "
                               f"{chapter}'s tables, where it is shown (numbers follow the order of the file)"))
    return out


def _span(members: list[tuple[TableSpec, str]]) -> str:
    first, last = members[0][1], members[-1][1]
    return first if first == last else f"{first}–{last.removeprefix('Tabel ')}"


def _chapters_out_of_report_order(ctx: Context, assigned: list[str]) -> list[Finding]:
    """Chapters whose tables the layout lists in another order than `chapters:` in config/report.yml
    puts their pages (review h94: the 2027 layout with the herschikking tables moved before the
    capaciteit tables, the chapters left as they were: chapter 2 printed Tabel 21-25 and chapter 3
    Tabel 16-20, and a published report's numbers matched other tables). Numbers follow the layout;
    the pages follow the config."""
    order = list(ctx.config.chapters)
    runs, longest = _chapter_runs(ctx, assigned)
    placed = [runs[i] for i in sorted(longest.values()) if runs[i][0] in order]
    out = []
    for appendix in (False, True):
        seen: list[tuple[str, list[tuple[TableSpec, str]]]] = []
        for chapter, members in (r for r in placed if is_appendix(r[0]) == appendix):
            later = [(c, m) for c, m in seen if order.index(c) > order.index(chapter)]
            if later:
                other, other_members = later[0]
                out.append(Finding("warning", "numbers", ctx.at_table(members[0][0]),
                                   f"{chapter}'s tables ({_span(members)}) are listed in the layout after "
                                   f"{other}'s ({_span(other_members)}), but config/report.yml (chapters:) prints "
                                   f"{chapter} before {other}: the report would print {_span(members)} before "
                                   f"{_span(other_members)}. Move {chapter}'s tables before {other}'s in the layout "
                                   "(numbers follow the order of the file), or the chapters in config/report.yml"))
            seen.append((chapter, members))
    return out


def check_labels(ctx: Context) -> list[Finding]:
    """A trend table's printed years against the codebook's year_offset (herschikking: the year before)."""
    out = []
    for spec in ctx.raw_layout.tables:
        q = question_of(ctx.codebook, spec.question)
        if not spec.is_trend or q is None:
            continue
        derived = derived_labels(spec, q.year_offset)
        wrong = {c: v for c, v in spec.column_labels.items() if derived.get(c, str(c)) != v}
        if wrong:
            what = ", ".join(f"{c} printed as {v}" for c, v in wrong.items())
            rule = (f"the codebook says the question is about survey year {q.year_offset:+d} (year_offset)"
                    if q.year_offset else "the codebook says the question is about the survey year itself "
                    "(add year_offset: -1 to it if it is about the year before)")
            out.append(Finding("error", "labels", ctx.at_table(spec), f"column_labels {what}, but {rule}"))
        missing = [c for c in derived if c not in spec.column_labels]
        if missing:
            out.append(Finding("note", "labels", ctx.at_table(spec),
                               "printed years derived from the codebook (year_offset "
                               f"{q.year_offset}): " + ", ".join(f"{c} as {derived[c]}" for c in missing)))
    return out


def check_notes(ctx: Context) -> list[Finding]:
    """Layout notes that do not say what the codebook's changes say; changes naming the year itself
    or a later one."""
    out = []
    for spec in ctx.raw_layout.tables:
        q = question_of(ctx.codebook, spec.question)
        if not spec.is_trend or q is None or spec.note is None:
            continue
        derived = derived_note(q.changes, spec.columns, ctx.year)
        if spec.note != derived:
            said = f"'{derived}'" if derived else "nothing (the question is the same in all its years)"
            out.append(Finding("error", "note", ctx.at_table(spec),
                               f"note '{spec.note}' does not apply: the codebook's changes for the years "
                               f"{and_years(spec.columns)} say {said}. Remove `note:` (it is derived from the codebook)"))
    for q in ctx.codebook.questions:
        if ctx.year in q.changes:
            out.append(Finding("error", "changes", ctx.at_question(q.key),
                               f"changes names {ctx.year} itself: it says how other years' question differed "
                               f"from the {ctx.year} one (e.g. changes: {{{ctx.year - 1}: \"...\"}})"))
        # review: changes: {2028: …} in 2027's codebook (a typo for 2026) passed silently, and 2026 stayed
        # unmarked (an earlier wave's codebook may name a later configured wave: not this)
        later = sorted(y for y in q.changes if isinstance(y, int) and y > ctx.year and y not in ctx.codebooks)
        if later:
            out.append(Finding("error", "changes", ctx.at_question(q.key),
                               f"changes names {and_years(later)}, after {ctx.year} and no configured survey "
                               f"year: it says how an earlier year's question differed from the {ctx.year} one "
                               f"(a typo for {ctx.year - 1}? e.g. changes: {{{ctx.year - 1}: \"...\"}})"))
    return out


def check_was_years(ctx: Context) -> list[Finding]:
    """An option's (or a derived group's) ``was`` naming the year itself or a later one (review h137: ``was:
    {2027: 3}`` in 2027's codebook, a typo for 2026, was dropped silently: ``was`` gives an earlier year's code,
    and the option stayed unmatched to the year it meant)."""
    out = []
    owners = [(ctx.at_question(q.key), q.options) for q in ctx.codebook.questions]
    owners += [(f"{ctx.rel(ctx.codebook.path)} (derived '{d.key}')", d.options) for d in ctx.codebook.derived]
    for where, options in owners:
        for o in options:
            wrong = sorted(y for y in o.was if y >= ctx.year)
            if wrong:
                what = f"{ctx.year} itself" if wrong == [ctx.year] else f"{and_years(wrong)}, not before {ctx.year}"
                out.append(Finding("error", "codes", where,
                                   f"option {o.code} ‘{o.label}’ says was: {{{wrong[0]}: {o.was[wrong[0]]}}}, which "
                                   f"names {what}: was gives the option's code in an earlier year, so it is "
                                   f"ignored (a typo for {ctx.year - 1}? e.g. was: {{{ctx.year - 1}: {o.code}}})"))
    return out


def check_nps_rows(ctx: Context) -> list[Finding]:
    out = []
    for spec in ctx.raw_layout.tables:
        if spec.kind != "nps_by":
            continue
        ordered = nps_rows_in_order(spec.rows, ctx.year)
        if tuple(spec.rows) != ordered:
            out.append(Finding("note", "nps_rows", ctx.at_table(spec),
                               f"rows printed as {', '.join(map(str, ordered))} (the NPS of every year in year "
                               f"order, the survey year's included, before the totals)"))
    return out


def _printed_texts(ctx: Context) -> list[tuple[str, str, str, bool]]:
    """``(where, field, text, filled)`` of every text of the year's codebook, layout, codeframe and chapter list that
    a page prints: the questions' wording and notes, their options', items' and fields' labels, the changes' remarks,
    the tables' titles, notes, printed years and fixed row labels, the chapters' titles, the codeframe's headings
    ({vraag} filled) and theme labels (from the one list of what a reader sees,
    :func:`wlzmonitor.spec.reader_texts.file_texts`); `filled`: {jaar} and {vorig_jaar} are filled in it."""
    from wlzmonitor.spec.reader_texts import file_texts, printed_as_written

    # the chapter titles of config/report.yml and the codeframe's headings and theme labels are printed as written
    # too (review h149: "Tarieven {jaar}" as a chapter title was printed so in its heading, the navigation and the index)
    return [(*printed_as_written(t), t.text, t.filled) for t in file_texts(ctx)
            if t.source in ("questionnaire", "chapter title", "codeframe title", "theme label") or t.table is not None]


def check_printed_texts(ctx: Context) -> list[Finding]:
    """A placeholder (or a brace, or a placeholder typed without braces) in the codebook's or the layout's
    texts: a page prints them as written, so "Tarieven in {jaar:1}" in a table's title was printed so (review:
    only chapter.text and markdown cells were read for it). Placeholders work in chapter.text; a table's title
    and note fill {jaar} and {vorig_jaar} alone (review h142)."""
    from wlzmonitor.spec.prose import LOOKALIKE_BRACES, placeholder_typos  # the prose's own rules

    known = list(ctx.raw_layout.tables_by_key)
    out = []
    for where, name, text, filled in _printed_texts(ctx):
        shown = text
        for word, _ in YEAR_WORDS if filled else ():
            shown = shown.replace(word, " ")
        braces = [c for c in dict.fromkeys(shown) if c in "{}" + LOOKALIKE_BRACES]
        typos = placeholder_typos(shown, known)
        if braces or typos:
            what = f"‘{braces[0]}’" if braces else typos[0].partition(" looks like")[0]
            how = ("only {jaar} and {vorig_jaar} are filled in it (other placeholders work in chapter.text)" if filled
                   else "this text is printed as written, a placeholder is never filled in it (placeholders work in "
                        "chapter.text)")
            out.append(Finding("error", "printed text", where,
                               f"{name} ‘{text}’ holds {what}: {how}; write the words or the year themselves, or "
                               "move the sentence into the chapter's notebook"))
    return out


def check_printed_claims(ctx: Context) -> list[Finding]:
    """A table's title, note or column label in the layout that claims a change or a test's outcome ("Forse
    daling van de tevredenheid", "significant gestegen"): printed as written, never checked against the data
    (a later review of the statistics: only the notebooks' prose and the key figures' labels were read for
    claims). A warning, as a claim in a markdown cell is: a policy change can be meant ("na de daling van het
    richttarief"). A title that asks a question ("Is het aantal … gestegen?") claims nothing."""
    from wlzmonitor.spec.prose import (SENTENCE, change_claims, check_to_write, earlier_comparisons,  # the prose's rules
                                       record_claims)

    out = []
    for spec in ctx.raw_layout.tables:
        texts = [("title", spec.title), ("note", spec.note),
                 *((f"column_labels {c}", str(v)) for c, v in spec.column_labels.items())]
        for name, text in texts:
            claims = [claim for sentence in SENTENCE.split(text or "") if not sentence.rstrip().endswith("?")
                      # a record too ("Recordaantal aanvragen", "hoogste aandeel ooit": review h148)
                      for claim in change_claims(sentence) + record_claims(sentence) or earlier_comparisons(sentence)]
            for words, check in dict.fromkeys(claims):
                out.append(Finding("warning", "printed text", ctx.at_table(spec),
                                   f"{name} ‘{text}’ says '{words}': a table's texts are printed as written and "
                                   "never checked against the data; say the change in the chapter's prose with "
                                   f"chapter.text and the figure's placeholder with {check_to_write(check)}"))
    return out


CHECKS_LAYOUT = (check_files, check_notebook_files, check_population, check_layout, check_numbers, check_labels, check_notes,
                 check_was_years, check_nps_rows, check_printed_texts, check_printed_claims)


# ---------------------------------------------------------------------------------------------
# earlier-year columns: where they come from
# ---------------------------------------------------------------------------------------------
def _published_columns(path: str, year: int, root: str) -> dict[str, set]:
    """Table key -> the (row, column) codes of a report's published cells."""
    cells, _ = load_published(year, root=root)
    return published_codes(load_layout(path), cells)


def _reports(ctx: Context) -> dict[int, dict[str, set]]:
    out = {}
    for y, sources in sorted(ctx.config.years.items()):
        if (sources.published / "cells.csv").exists() and sources.layout.exists():
            try:
                out[y] = _published_columns(str(sources.layout), y, str(ctx.config.root))
            except (InputError, OSError, ValueError):
                continue
    return out


def _has_data(ctx: Context, year: int, spec: TableSpec) -> bool:
    sources = ctx.config.years.get(year)
    cb = ctx.codebooks.get(year)
    return bool(sources and sources.export.exists() and cb is not None
                and (spec.question is None or spec.question in cb))


def _other_type_then(ctx: Context, spec: TableSpec, column: int) -> list[Finding]:
    """An earlier column computed from that year's respondents while the question was of another type
    then (single then, multi now): its answers cannot be read as this year's question (review of the
    2027 path: check-year passed, the run then failed with a pandas message about missing columns)."""
    now = question_of(ctx.codebook, spec.question) if spec.question else None
    then = question_of(ctx.codebooks[column], spec.question) if spec.question else None
    if now is None or then is None or now.type == then.type:
        return []
    return [Finding("error", "series", ctx.at_table(spec),
                    f"column {column} is computed from the {column} answers, but '{spec.question}' was a {then.type} "
                    f"question in {column} and is a {now.type} question in {ctx.year}: its {column} answers cannot "
                    f"be read as this year's. Drop {column} from the table's columns (or give the new question a key "
                    "of its own)")]


def _no_groups_then(ctx: Context, spec: TableSpec, column: int) -> list[Finding]:
    """An NPS table per group whose row 'NPS <column>' is computed from that year's respondents, while its ``by``
    is not in that year's codebook (review h127: a derived variable defined only in 2027's codebook; check-year
    passed, the run then stopped on "codebook 2026 has no derived variable ...")."""
    cb = ctx.codebooks.get(column)
    if spec.kind != "nps_by" or not spec.by or cb is None or spec.by in cb:
        return []
    return [Finding("error", "series", ctx.at_table(spec),
                    f"row 'NPS {column}' is computed from the {column} answers per group of '{spec.by}', but "
                    f"'{spec.by}' is not in the {column} codebook (no groups to compute it by): drop the row "
                    f"'NPS {column}' (or define '{spec.by}' in the {column} codebook)")]


def _earlier(spec: TableSpec, year: int) -> list:
    if spec.kind == "nps_by":
        return [int(m.group(1)) for r in spec.rows if (m := NPS_YEAR_ROW.match(str(r))) and int(m.group(1)) < year]
    return [c for c in spec.columns if isinstance(c, int) and c < year]


def _published_in(reports: dict, spec: TableSpec, column: int) -> list[int]:
    def has(cells: set) -> bool:
        if spec.kind == "nps_by":
            return any(r == f"NPS {column}" for r, _ in cells)
        return any(c == column for _, c in cells)
    return [y for y, tables in reports.items() if has(tables.get(spec.key, set()))]


def check_series(ctx: Context) -> list[Finding]:
    """Every earlier-year column: from data, this year's report, another report, or nothing."""
    reports = _reports(ctx)
    out = []
    for spec in ctx.layout.tables:
        if not (spec.is_trend or spec.kind in {"nps_by", "response"}):
            continue
        carried: dict[int, list] = {}
        for column in _earlier(spec, ctx.year):
            if _has_data(ctx, column, spec):
                out += _other_type_then(ctx, spec, column) + _no_groups_then(ctx, spec, column)
                continue
            found = _published_in(reports, spec, column)
            if ctx.year in found:
                continue
            if not found:
                cb = ctx.codebooks.get(column)
                if spec.question and cb is not None and spec.question not in cb:  # review h103: say why
                    out.append(Finding("warning", "series", ctx.at_table(spec),
                                       f"column {column}: '{spec.question}' is not in the {column} codebook (not "
                                       f"asked then, or asked under another key: a question split in two or "
                                       f"renamed starts a series of its own) and no configured report publishes "
                                       f"it: the column stays empty. Drop {column} from the table's columns"
                                       + (renamed_from(ctx, spec.question) if column == ctx.previous else "")))
                    continue
                out.append(Finding("warning", "series", ctx.at_table(spec),
                                   f"column {column} has no data and no configured report publishes it: it stays "
                                   "empty (drop it from the layout, or configure the report that has it)"))
            else:
                carried.setdefault(max(found), []).append(spec.column_label(column))
        for source, labels in carried.items():
            out.append(Finding("note", "series", ctx.at_table(spec),
                               f"{and_years(labels)} from the published {source} report (the long series carried forward)"))
    return out


# ---------------------------------------------------------------------------------------------
# option codes and changes against the previous wave
# ---------------------------------------------------------------------------------------------
def previous_with(ctx: Context, key: str) -> int | None:
    years = [y for y, cb in ctx.codebooks.items() if y < ctx.year and key in cb and question_of(cb, key).options]
    return max(years) if years else None


def check_codes(ctx: Context) -> list[Finding]:
    """Option codes whose meaning changed since the previous wave; renumbered, new and dropped options."""
    out = []
    for q in ctx.codebook.questions:
        then = previous_with(ctx, q.key) if q.options else None
        if then is None:
            continue
        match = ctx.maps.step(q.key, then, ctx.year)
        where = ctx.at_question(q.key)
        old = ctx.codebooks[then].question(q.key)
        for problem in match.problems:
            out.append(Finding("error", "codes", where, problem))
        for a, b in match.renumbered.items():
            how = "declared with was" if match.how.get(a) == "was" else "same label"
            out.append(Finding("note", "codes", where, f"{then} option {label_of(old, a)} is {ctx.year} option {b} "
                                                       f"({how}): its {then} figures go in row {b}"))
        if match.new:
            out.append(Finding("note", "codes", where, f"new in {ctx.year}: option(s) "
                               + ", ".join(label_of(q, c) for c in match.new) + f" (no {then} figure)"))
        for a in match.gone:
            level = "note" if then in q.changes else "warning"
            out.append(Finding(level, "codes", where, f"{then} option {label_of(old, a)} has no {ctx.year} counterpart: "
                               f"its {then} figures are not shown" + ("" if then in q.changes else
                               f" (add was: {{{then}: {a}}} to the option it became, or changes: {{{then}: ...}})")))
    return out + _derived_problems(ctx) + _code_references(ctx) + _figures_left_as_they_were(ctx) + _groups_gone(ctx)


def _derived_problems(ctx: Context) -> list[Finding]:
    """The ``was`` of a derived variable's group (an uitvoerder) checked as an option's (review h121): a was
    naming a code that year lacks, two groups saying they were the same group, a slipped was. check_codes
    reported these for questions only: a derived group's were dropped silently (two groups claiming 2026's
    'Overig': the first took its NPS series, the other was left without one, nothing said)."""
    out = []
    for d in ctx.codebook.derived:
        then = max((y for y, cb in ctx.codebooks.items() if y < ctx.year
                    and any(x.key == d.key and x.options for x in cb.derived)), default=None)
        if then is None or not d.options:
            continue
        where = f"{ctx.rel(ctx.codebook.path)} (derived '{d.key}')"
        out += [Finding("error", "codes", where, f"group {p[len('option '):]}" if p.startswith("option ") else p)
                for p in ctx.maps.step(d.key, then, ctx.year).problems]
    return out


def _groups_gone(ctx: Context) -> list[Finding]:
    """A group of a derived variable (an uitvoerder) of an earlier year that an NPS-per-group table shows, with
    no counterpart in this year's groups (dropped, or renamed without ``was``; review h116): its NPS of that
    year is not shown under a group of this year (the run left it out silently, or stopped on a KeyError where no
    code map translated it; now a column of its own, marked 'niet meer gevraagd', review h138). A warning when a group of this year holds the same options of its source (renamed: ``was`` keeps its
    series), a note when none does (split or merged: the earlier figures are of other organisations) or when
    that group says ``was: {year: null}`` (new on purpose)."""
    out = []
    for d in ctx.codebook.derived:
        for spec in [s for s in ctx.layout.tables if s.kind == "nps_by" and s.by == d.key]:
            gone: dict[str, list] = {}  # the earlier group's label -> [(year, code, this year's twin)]
            for then in _earlier(spec, ctx.year):
                for label, code, twin in _group_gone(ctx, d, then):
                    gone.setdefault(label, []).append((then, code, twin))
            for label, found in gone.items():
                then, code, twin = found[-1]  # the latest year: a was for it chains to the years before
                years = and_years([str(y) for y, _, _ in found])
                column = label if label not in {o.display_label for o in d.options} else f"{label} (vóór {ctx.year})"
                what = (f"group ‘{label}’ of '{d.key}' ({years}) has no {ctx.year} counterpart: its NPS of {years} "
                        f"is not shown under a {ctx.year} group but in a column ‘{column}’ of its own, marked ‡ "
                        f"'Niet meer gevraagd in {ctx.year}', its {ctx.year} cells empty")
                if twin is None or then in twin.was:
                    out.append(Finding("note", "codes", ctx.at_table(spec), what + (
                        f" (no {ctx.year} group holds the same '{d.source}' options)" if twin is None else
                        f" ({ctx.year} group {twin.code} ‘{twin.display_label}’ says was: "
                        f"{{{then}: {'null' if twin.was[then] is None else twin.was[then]}}})")))
                else:
                    out.append(Finding("warning", "codes", ctx.at_table(spec), what + (
                        f", while {ctx.year} group {twin.code} ‘{twin.display_label}’ holds the same '{d.source}' "
                        f"options. The same group renamed: add was: {{{then}: {code}}} to it (derived '{d.key}' in "
                        f"the codebook); a new group on purpose: was: {{{then}: null}}")))
    return out


def _group_gone(ctx: Context, d, then: int) -> list[tuple]:
    """(label, code, the group of this year holding the same source options or None) of each group of ``d``
    in ``then`` without a counterpart in this year's groups."""
    cb = ctx.codebooks.get(then)
    old = next((x for x in cb.derived if x.key == d.key), None) if cb is not None else None
    mapping = ctx.maps.mapping(d.key, then, ctx.year) if old is not None else None
    if mapping is None:
        return []  # not comparable: check_changes says so
    source_map = ctx.maps.mapping(d.source, then, ctx.year) or {}
    out = []
    for o in old.options:
        if o.code in mapping:
            continue
        members = {source_map[a] for a, g in old.map.items() if g == o.code and a in source_map}
        twin = next((n for n in d.options if n.code not in mapping.values() and members
                     and {a for a, g in d.map.items() if g == n.code} == members), None)
        out.append((o.display_label, o.code, twin))
    return out


def _figures_left_as_they_were(ctx: Context) -> list[Finding]:
    """An option whose label names a figure of the year (the richttariefpercentage) word for word as the
    previous wave's, without a ``was`` that says it was checked (review h94: new-year's 2027 codebook kept
    2026's 'richttariefpercentage 95,5%'; check-year passed it, and with an export in codes Tabel 1 and
    Bijlage 4 printed 2026's percentage as 2027's). The figure may be the same: ``was`` then says so."""
    out = []
    for q in ctx.codebook.questions:
        then = previous_with(ctx, q.key) if q.options else None
        if then is None:
            continue
        old = ctx.codebooks[then].question(q.key)
        for o in q.options:
            figure = FIGURE_IN_LABEL.search(o.label)
            if figure is None or then in o.was:
                continue
            same = next((t for t in old.options if same_text(o.label, t.label, ctx.year - then)), None)
            if same is None:
                continue
            out.append(Finding("warning", "changes", ctx.at_question(q.key),
                               f"option {o.code} ‘{o.label}’ names {figure.group(0)} as {then}'s option {same.code} "
                               f"did, word for word: a figure of the year (new-year listed it) left as it was? If "
                               f"the {ctx.year} questionnaire names another figure, write it in the label; if the "
                               f"same, add was: {{{then}: {same.code}}} to the option to say so"))
    return out


def _translated(ctx: Context, key: str, then: int, codes) -> list | None:
    mapping = ctx.maps.mapping(key, then, ctx.year)
    if mapping is None or all(a == b for a, b in mapping.items()):
        return None  # not comparable, or nothing renumbered
    return [mapping.get(c, f"({c}: gone)") for c in codes]


def _routing_leaves(q: Question) -> list[tuple]:
    out = []
    for cond in (q.asked_if, q.item_asked_if):
        if cond is not None:
            out += [(leaf.question, leaf.item, leaf.op, tuple(leaf.codes)) for leaf in cond.leaves()]
    return out


def _code_references(ctx: Context) -> list[Finding]:
    """Routing and text fields that still name an option by its old code after a renumbering."""
    out = []
    old_cb = ctx.previous_codebook
    if old_cb is None:
        return out
    for q in ctx.codebook.questions:
        old = question_of(old_cb, q.key)
        if old is None:
            continue
        for (src, item, op, codes) in _routing_leaves(old):
            expected = _translated(ctx, src, ctx.previous, codes)
            now = [leaf for leaf in _routing_leaves(q) if leaf[:3] == (src, item, op)]
            if expected is not None and now and set(now[0][3]) != set(expected):  # a set: order is no meaning
                out.append(Finding("warning", "codes", ctx.at_question(q.key),
                                   f"routing on '{src}' {op} {list(now[0][3])}, but in {ctx.previous} it was {list(codes)}, "
                                   f"which are {expected} in {ctx.year} (options renumbered)"))
        expected = _translated(ctx, q.key, ctx.previous, old.text_field_options) if old.text_field_options else None
        # a text field of an option new this year ("Grotendeels, want" added) is no old code left behind
        successors = set((ctx.maps.mapping(q.key, ctx.previous, ctx.year) or {}).values())
        extra = set(q.text_field_options) - set(expected or ())
        if expected is not None and (not set(expected) <= set(q.text_field_options) or extra & successors):
            out.append(Finding("warning", "codes", ctx.at_question(q.key),
                               f"text_field options {list(q.text_field_options)}, but {ctx.previous}'s "
                               f"{list(old.text_field_options)} are {expected} in {ctx.year} (options renumbered)"))
    for d in ctx.codebook.derived:
        old = next((x for x in old_cb.derived if x.key == d.key and x.source == d.source), None)
        out += _derived_map(ctx, d, old) if old is not None else []
    return out + _row_references(ctx)


def _derived_map(ctx: Context, d, old) -> list[Finding]:
    """A derived variable's map after its source's options were renumbered: each old code's group
    must now be the group of the code it became (review: the omzet options reversed, the map left as
    it was, put 97 organisations in the smallest turnover group; the check compared the keys alone)."""
    mapping = ctx.maps.mapping(d.source, ctx.previous, ctx.year)
    # the groups themselves, matched by label (renumbered with the options, the map's values move too)
    groups = {o.code: next((n.code for n in d.options if same_text(n.label, o.label, ctx.year - ctx.previous)), o.code)
              for o in old.options}
    if mapping is None:
        return []  # not comparable: check_changes says so
    if all(a == b for a, b in mapping.items()) and all(a == b for a, b in groups.items()):
        return _regrouped(ctx, d, old, mapping)  # nothing renumbered: the groups may still hold other options
    expected = {mapping[a]: groups.get(group, group) for a, group in old.map.items() if a in mapping}
    wrong = {code: group for code, group in sorted(expected.items()) if d.map.get(code) != group}
    if not wrong:
        return []
    moves = ", ".join(f"{a} is {b}" for a, b in sorted(mapping.items()) if a != b)
    moved = ", ".join(f"{a} is {b}" for a, b in sorted(groups.items()) if a != b)
    why = " and ".join(([f"its options were renumbered ({ctx.previous} option {moves} in {ctx.year})"] if moves else [])
                       + ([f"its groups were renumbered ({ctx.previous} group {moved} in {ctx.year})"] if moved else []))
    return [Finding("error", "codes", f"{ctx.rel(ctx.codebook.path)} (derived {d.key})",
                    f"map {dict(d.map)} puts the options of '{d.source}' in other groups than in {ctx.previous}: "
                    f"{why}, so {ctx.previous}'s map "
                    f"{dict(old.map)} is {dict(sorted(expected.items()))} in {ctx.year}; write that map (or, if the "
                    f"groups themselves changed, give '{d.key}' a new key)")]


def _regrouped(ctx: Context, d, old, mapping: dict) -> list[Finding]:
    """A derived variable whose groups hold other options of its source than in the previous wave, at the same
    codes (review of the 2027 wave: omzet's classes redrawn, or the map edited, omzetgroep left with its labels:
    organisations of 40-60 million printed under "Minder dan 40 miljoen euro" and compared with its members): an
    option put in another group, or an option new since then put in a group that existed. A warning: the
    groups' labels and the population margins must say what they hold now."""
    source = question_of(ctx.codebook, d.source)
    delta = ctx.year - ctx.previous
    # a group relabelled since (‘Overig’ → ‘Overig (zonder DSW)’) is no group under the same label: only a
    # group whose label both years have holds other organisations under it (review h113)
    # the label the tables print counts too (review h115: relabelled, its short_label left as the old label,
    # the tables still print 'Overig' over other organisations)
    def same(n, o) -> bool:
        return same_text(n.label, o.label, delta) or same_text(n.display_label, o.display_label, delta)
    kept_now = {n.code for n in d.options if any(same(n, o) for o in old.options)}
    kept_then = {o.code for o in old.options if any(same(n, o) for n in d.options)}
    moved = [f"{label_of(source, a) if source else a} in group {d.map.get(a)} (was {group})"
             for a, group in sorted(old.map.items()) if a in mapping and d.map.get(a) is not None and d.map[a] != group
             and (group in kept_then or d.map[a] in kept_now)]
    new = [f"{label_of(source, a) if source else a} in group {g}" for a, g in sorted(d.map.items())
           if a not in set(mapping.values()) and g in set(old.map.values()) and g in kept_now]
    if not moved and not new:
        return []
    what = "; ".join(([f"options put in another group than in {ctx.previous}: {', '.join(moved)}"] if moved else [])
                     + ([f"options new since {ctx.previous} put in a group it had: {', '.join(new)}"] if new else []))
    return [Finding("warning", "codes", f"{ctx.rel(ctx.codebook.path)} (derived {d.key})",
                    f"{what}: the groups hold other organisations than in {ctx.previous} under the same labels. Check "
                    f"the groups' labels and the population margins of '{d.key}' (or give '{d.key}' a new key)")]


def _matrix_columns(ctx: Context) -> list[Finding]:
    """A matrix table whose ``columns`` leave out an option of its question (review of the 2027 wave: an option
    inserted, the columns left as the year before: the run stopped with a bare ValueError, or, had nobody
    chosen the option, printed rows that do not add up to 100%)."""
    out = []
    for spec in ctx.layout.tables:
        q = question_of(ctx.codebook, spec.question) if spec.kind == "matrix" and spec.columns else None
        if q is None or not q.options:
            continue
        left = [c for c in q.codes if c not in spec.columns]
        if left:
            out.append(Finding("error", "codes", ctx.at_table(spec),
                               f"columns {list(spec.columns)} leave out option(s) "
                               f"{', '.join(f'{c} ‘{label_of(q, c)}’' for c in left)} of {spec.question} in "
                               f"{ctx.year}: an answer with one cannot be counted. Add the column(s) in the "
                               "order of the options"))
    return out


def _breakdown_columns(ctx: Context) -> list[Finding]:
    """Groups of a breakdown's variable (a new uitvoerder or omzetgroep) that the ``columns`` of a breakdown
    table (Bijlage 2/3, Tabel 38) do not list (review h116). Its respondents are not lost: the table prints
    the group before 'Totaal' in the codebook's order and tests it with the others (report_tables._nps_by,
    _single), so a note, once per group, naming the layout file and the tables; list it to place it."""
    missing: dict[tuple[str, int], list] = {}
    for spec in ctx.layout.tables:
        if not spec.by or spec.kind not in {"single", "nps_by"} or not spec.columns or spec.by not in ctx.codebook:
            continue
        for code in ctx.codebook.options(spec.by):
            if code not in spec.columns:
                missing.setdefault((spec.by, code), []).append(spec)
    out = []
    for (by, code), specs in missing.items():
        mapping = ctx.maps.mapping(by, ctx.previous, ctx.year) if ctx.previous is not None else None
        new = f" (new in {ctx.year})" if mapping is not None and code not in mapping.values() else ""
        tables = ", ".join(f"{s.number} ({s.key})" for s in specs)
        out.append(Finding("note", "codes", ctx.rel(ctx.layout.source),
                           f"group {code} ‘{ctx.codebook.options(by, short=True)[code]}’ of '{by}'{new} is not in the "
                           f"columns of {len(specs)} table(s): {tables}. They print it before 'Totaal' (its "
                           f"respondents counted and tested with the other groups); add {code} to their columns to "
                           "place it elsewhere"))
    return out


def _row_references(ctx: Context) -> list[Finding]:
    """Layout rows of option tables copied from the previous layout without the renumbering."""
    out = _matrix_columns(ctx) + _breakdown_columns(ctx)
    old_layout = ctx.previous_layout
    if old_layout is None:
        return out
    before = {t.key: t for t in old_layout.tables}
    for spec in ctx.layout.tables:
        old = before.get(spec.key)
        if old is not None and spec.kind == "matrix_share" and old.kind == "matrix_share" and spec.question:
            out += _share_reference(ctx, spec, old)
            continue
        if old is None or spec.kind not in {"single", "multi"} or not spec.question:
            continue
        expected = _translated(ctx, spec.question, ctx.previous, old.rows)
        if expected is not None and not {e for e in expected if isinstance(e, int)} <= set(spec.rows):
            out.append(Finding("warning", "codes", ctx.at_table(spec),
                               f"rows {list(spec.rows)}: {ctx.previous} printed {list(old.rows)}, which are "
                               f"{expected} in {ctx.year} (options renumbered; a new option needs a row of its own)"))
    return out


def _share_reference(ctx: Context, spec, old) -> list[Finding]:
    """A share table (``matrix_share``) whose ``share_of`` is not the previous layout's answers in this
    year's codes: its earlier columns (published, or computed through the renumbering) would be the
    share of other answers than this year's."""
    mapping = ctx.maps.mapping(spec.question, ctx.previous, ctx.year)
    if mapping is None:  # not comparable: check_changes says so
        return []
    expected = [mapping.get(c, f"({c}: gone)") for c in old.share_of]
    if set(expected) == set(spec.share_of):
        return []
    q = question_of(ctx.codebook, spec.question)
    labels = ", ".join(label_of(q, c) for c in expected if isinstance(c, int)) if q else ""
    return [Finding("error", "codes", ctx.at_table(spec),
                    f"share_of {list(spec.share_of)}, but {ctx.previous} printed the share of {list(old.share_of)}, "
                    f"which {'is' if len(expected) == 1 else 'are'} {expected}{f' ({labels})' if labels else ''} in "
                    f"{ctx.year}: the earlier columns would be the share of other answers. Use share_of: "
                    f"{[c for c in expected if isinstance(c, int)]} (or give the table a key of its own)")]


def check_changes(ctx: Context) -> list[Finding]:
    """Wording or options changed since the previous wave, without `changes` saying how."""
    out = _stale_header(ctx)
    for q in ctx.codebook.questions:
        then = max((y for y, cb in ctx.codebooks.items() if y < ctx.year and q.key in cb), default=None)
        if then is not None:
            out += _changed_offset(ctx, q, ctx.codebooks[then].question(q.key), then)
            out += _other_period(ctx, q, ctx.codebooks[then].question(q.key), then)
            out += _stale_label_years(ctx, q, ctx.codebooks[then].question(q.key), then)
            out += stale_routing_note(ctx, q, ctx.codebooks[then].question(q.key), then)
            out += _items_gone(ctx, q, ctx.codebooks[then].question(q.key), then)
            out += _exclusive_changed(ctx, q, ctx.codebooks[then].question(q.key), then)
            out += _wording_of_another_key(ctx, q, ctx.codebooks[then].question(q.key), then)
        if then is None:
            out += _renamed_key(ctx, q) + _copied_wording(ctx, q)
        if then is not None and then in q.changes:
            out += _changes_without_change(ctx, q, ctx.codebooks[then].question(q.key), then)
        if then is None or then in q.changes or q.private:
            continue
        old = ctx.codebooks[then].question(q.key)
        if old.type != q.type:  # shares of another kind of question: never comparable unmarked
            out.append(Finding("error", "changes", ctx.at_question(q.key),
                               f"a {q.type} question in {ctx.year} but a {old.type} question in {then}: its "
                               f"figures cannot be compared unmarked. Add changes: {{{then}: \"gewijzigde "
                               "vraagstelling\"} (the comparison is then not tested and marked), or give "
                               "the new question a key of its own"))
            continue
        out += _changed_meaning(ctx, q, old, then)
        out += changed_routing(ctx, q, old, then)
        out += routed_on_changed(ctx, q, then)
        out += routed_on_reworded(ctx, q, then)
        out += routed_under_changed_routing(ctx, q, then)
        what, options = [], False
        if not same_text(q.text, old.text, ctx.year - then):
            what.append(f"the wording (‘{old.text}’ in {then})")
        if q.unit != old.unit:  # an amount in euros then, a percentage now: the prose and labels of the old unit
            what.append(f"the unit ({old.unit} in {then}, {q.unit} in {ctx.year})")
        size = _answer_size(q, old, then, ctx.year) if q.unit == old.unit else None  # another unit says it
        if size:
            what.append(size)
        if q.options and old.options:
            match = ctx.maps.step(q.key, then, ctx.year)
            if match.new or match.gone:
                options = True
                what.append("the options (" + ", ".join(
                    [f"new: {label_of(q, c)}" for c in match.new] + [f"gone: {label_of(old, c)}" for c in match.gone]) + ")")
        if what:
            # another answer list changes every share's base: shown and tested beside the year before
            # unmarked, it misleads (review of the 2027 path: an added "Weet niet" passed with a warning)
            out.append(Finding("error" if options else "warning", "changes", ctx.at_question(q.key),
                               f"{' and '.join(what)} changed since {then}, but the codebook has no changes: "
                               f"{{{then}: ...}}: comparisons with {then} would not be marked. Add "
                               f"changes: {{{then}: \"gewijzigde vraagstelling\"}} (or whatever changed)"))
    return out


def _changes_without_change(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """``changes: {2026: "gewijzigde vraagstelling"}`` (or "... antwoordcategorieën") on a question whose wording
    (or answer list) is word for word the previous wave's (review h103: a `changes` copied with a question's
    block, or left after a rewording was taken back: the 2027 report said the question differed from 2026's,
    marked every earlier figure and left out the test against 2026). A `changes` that names something else
    (an instruction, the place in the questionnaire) is not read."""
    said = q.changes[then] or ""
    delta = ctx.year - then
    earlier = ctx.layouts.get(then)
    if earlier is None or earlier.numbering not in (None, then):
        return []  # a year derived from a later report (2024, 2025): its codebook copies the wording it lacks
    claims = []
    if re.search(r"vraagstelling|formulering|anders gesteld", said, re.IGNORECASE) and q.type == old.type \
            and same_text(q.text, old.text, delta):
        claims.append(f"the wording is word for word {then}'s (‘{old.text}’)")
    if re.search(r"antwoordcategorie|antwoordopties|antwoordmogelijkhed", said, re.IGNORECASE) and q.options \
            and old.options and len(q.options) == len(old.options):
        match = ctx.maps.step(q.key, then, ctx.year)
        if not (match.new or match.gone or match.problems) and all(
                same_text(q.option(now).label, old.option(before).label, delta)
                for before, now in match.mapping.items()):
            claims.append(f"the options are {then}'s, label for label")
    if not claims:
        return []
    return [Finding("warning", "changes", ctx.at_question(q.key),
                    f"changes: {{{then}: \"{said}\"}}, but {' and '.join(claims)}: the {ctx.year} report says the "
                    f"question differed from {then}'s, marks every earlier figure and leaves out the test against "
                    f"{then}. Copied with another question's block, or a change taken back? Remove the {then} entry; "
                    f"if something the codebook does not hold changed (an instruction, the question's place), say "
                    f"that in the text instead")]


def _dutch(v: float | None) -> str:
    if v is None:
        return "…"
    return f"{v:,.0f}".replace(",", ".") if float(v).is_integer() else f"{v:g}".replace(".", ",")


def _answer_size(q: Question, old: Question, then: int, year: int) -> str | None:
    """A numeric question whose plausible answers (else its range) are ten times or more larger or
    smaller at every bound than the previous wave's: its answers are in another unit under the same
    `unit` (review h89: a percentage answered as a fraction, 0,967 for 96,7%, the range set to [0, 1]
    to let the export load; 'gemiddeld 1%' was printed against 96,7% the year before)."""
    for name in ("plausible", "range"):
        now_bounds, then_bounds = getattr(q, name), getattr(old, name)
        ratios = [b / a for a, b in zip(then_bounds or (), now_bounds or ()) if a and b]
        if not ratios:
            continue
        if all(r >= 10 for r in ratios) or all(r <= 0.1 for r in ratios):
            return (f"the size of its answers ({name} {_dutch(then_bounds[0])}–{_dutch(then_bounds[1])} in {then}, "
                    f"{_dutch(now_bounds[0])}–{_dutch(now_bounds[1])} in {year}: another unit, a percentage as a "
                    "fraction, euros as thousands?)")
        return None
    return None


def _renamed_key(ctx: Context, q: Question) -> list[Finding]:
    """A question new in this year with the wording of a previous-wave question this year lacks: a
    key renamed by hand starts a new series (its earlier columns stay empty, its prose and codeframe
    lose the question), while check-year named only the empty columns (review of the 2027 path)."""
    old = ctx.previous_codebook
    if old is None or ctx.previous == ctx.year:
        return []
    twins = [o.key for o in old.questions if o.key not in ctx.codebook and o.type == q.type
             and same_text(q.text, o.text, ctx.year - ctx.previous)]
    if not twins:
        return []
    return [Finding("warning", "changes", ctx.at_question(q.key),
                    f"'{q.key}' is new in {ctx.year} but has the wording of {ctx.previous}'s '{twins[0]}', which "
                    f"{ctx.year} does not have: a renamed key starts a new series (the {ctx.previous} figures are "
                    f"not shown or compared). Keep the key '{twins[0]}' (keys stay the same across years; only the "
                    "number changes)")]


def _copied_wording(ctx: Context, q: Question) -> list[Finding]:
    """A question new in this year worded word for word as another question of the same year (review h113:
    a question split into 13a and 13b, the new 13b's block copied from 13 and its wording left as it was:
    check-year was silent, Bijlage 4 printed the same question twice and its tables could not be told apart)."""
    parents = _asked_after(q)
    # a follow-up worded as its answer ("Ten dele, namelijk ... % opslag") asked after another question than
    # its twin is a question of its own (review h115)
    twin = next((o for o in ctx.codebook.questions if o.key != q.key and o.type == q.type and o.text
                 and same_text(q.text, o.text, 0) and not (parents and _asked_after(o) and
                                                           not parents & _asked_after(o))), None)
    if twin is None:
        return []
    return [Finding("warning", "changes", ctx.at_question(q.key),
                    f"'{q.key}' is new in {ctx.year} and worded word for word as '{twin.key}' (Vraag {twin.number}, "
                    f"‘{twin.text}’): a block copied for a question split in two, its wording left as it was? "
                    "Bijlage 4 prints the same question twice and their tables cannot be told apart. Give it its "
                    "own wording")]


def _asked_after(q: Question) -> set[str]:
    """The questions whose answers route ``q`` (its ``asked_if``)."""
    return {leaf.question for leaf in q.asked_if.leaves()} if q.asked_if is not None else set()


def _wording_of_another_key(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """A question worded otherwise than in the previous wave, now word for word as that wave's question of
    another key (review h94: the 2027 wordings of tevredenheid_tarief and transitie_tevredenheid pasted
    under each other's key; check-year warned 'the wording changed, add changes: ...', and done so, each
    trend table put 2026's answers to the one question beside 2027's to the other, only marked)."""
    delta = ctx.year - then
    if same_text(q.text, old.text, delta):
        return []
    twin = next((o for o in ctx.codebooks[then].questions if o.key != q.key and same_text(q.text, o.text, delta)),
                None)
    if twin is None:
        return []
    return [Finding("error", "changes", ctx.at_question(q.key),
                    f"its wording is word for word that of {then}'s '{twin.key}' (‘{twin.text}’), not of its own "
                    f"{then} question (‘{old.text}’): the wording pasted under another key? Its tables would put "
                    f"{then}'s answers to '{q.key}' beside {ctx.year}'s to '{twin.key}' (marked or not). Keep each "
                    f"question under its own key (a question asked as {then}'s '{twin.key}' is '{twin.key}'), or "
                    "give a new question a new key")]


def _exclusive_changed(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """An option of a multi question that excluded the others in the previous wave (``exclusive: true``) and
    does not now, or the other way round, matched by label or ``was`` (review h122: the flag dropped from a
    codebook written by hand, or left on the code of an option renumbered under it, and the loader's warning
    about a respondent ticking "Niet van toepassing" with another option silently stopped, or named the wrong
    option). A warning: the export's rows are checked for another contradiction than the year before."""
    if q.type != "multi" or old.type != "multi" or not q.options or not old.options:
        return []
    if not any(o.exclusive for o in (*q.options, *old.options)):
        return []
    out, where = [], ctx.at_question(q.key)
    for before, now in ctx.maps.step(q.key, then, ctx.year).mapping.items():
        was, option = old.option(before), q.option(now)
        if was.exclusive == option.exclusive:
            continue
        if was.exclusive:
            said = (f"option {now} ‘{option.label}’ excluded the others in {then} (option {before}, exclusive: true) "
                    f"but not in {ctx.year}: a row that ticks it with another option is no longer warned of. Add "
                    f"exclusive: true to it (or, if the {ctx.year} questionnaire lets it be combined, leave it)")
        else:
            said = (f"option {now} ‘{option.label}’ has exclusive: true in {ctx.year} but did not exclude the others "
                    f"in {then} (option {before}): is the flag on the option it belongs to (a renumbered option)? "
                    "A row that ticks it with another option is warned of")
        out.append(Finding("warning", "changes", where, said))
    return out


def _items_gone(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """Items (matrix rows, scale statements) of the previous wave whose code this year's question
    does not have: their earlier figures are not shown (a note), and a warning when an item of this
    year has the same label under a new code (a renamed code loses the item's whole series, and its
    tables print it without earlier figures or a test)."""
    if not old.items or not q.items:
        return []
    out, where, delta = [], ctx.at_question(q.key), ctx.year - then
    codes = {item.code for item in q.items}
    before = {item.code for item in old.items}
    for was in old.items:
        if was.code in codes:
            continue
        twins = [item.code for item in q.items if item.code not in before and same_text(item.label, was.label, delta)]
        if twins:
            out.append(Finding("warning", "codes", where,
                               f"{then} item {was.code} ‘{was.label}’ is item {twins[0]} in {ctx.year} (same label, "
                               f"another code): its {then} figures are not shown and not compared. Keep the code "
                               f"{was.code} (in the codebook, the export mapping and the layout's rows) to keep its series"))
        else:
            out.append(Finding("note", "codes", where, f"{then} item {was.code} ‘{was.label}’ has no {ctx.year} "
                                                       f"counterpart: its {then} figures are not shown"))
    return out


def _changed_meaning(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """What makes the previous wave's figures of `q` mean something else, without `changes`
    saying so (errors: the figures would be printed and compared under the new meaning): an
    item (matrix row, scale statement) whose label changed under the same code, another scale
    (range or its end labels)."""
    out = []
    where, delta = ctx.at_question(q.key), ctx.year - then
    fix = (f"Give the item a new code (its {then} figures are then not shown), or add changes: "
           f"{{{then}: \"gewijzigde vraagstelling\"}} (the comparison is then not tested and marked)")
    before = {item.code: item for item in old.items}
    for item in q.items:
        was = before.get(item.code)
        if was is not None and not same_text(item.label, was.label, delta):
            # review h154: a reworded item that kept its short label was passed, and the trend table printed the
            # two questions' figures side by side under the one label the tables print
            kept = item.short_label and was.short_label and same_text(item.short_label, was.short_label, delta)
            printed = (f"only its short label ‘{item.short_label}’ (the label the tables print) is the same, so its "
                       f"{then} figures would be printed beside the new statement's as the same row" if kept
                       else f"its {then} figures would be printed under the new label")
            out.append(Finding("error", "changes", where,
                               f"item {item.code} is ‘{item.label}’ in {ctx.year} but ‘{was.label}’ in {then}: "
                               f"{printed}. {fix}"))
    scales = q.type == "scale" or old.type == "scale" or bool(q.range_labels or old.range_labels)
    if scales and (q.range, q.range_labels) != (old.range, old.range_labels) and (q.range or old.range):
        # (a numeric question's range is a bound on valid answers, not a scale its figures are on)
        def scale(question: Question) -> str:
            low, high = question.range or (None, None)
            ends = "; ".join(f"{k} = {v}" for k, v in sorted(question.range_labels.items()))
            return f"{low}–{high}" + (f" ({ends})" if ends else "")
        out.append(Finding("error", "changes", where,
                           f"the scale is {scale(q)} in {ctx.year} but {scale(old)} in {then}: figures on "
                           f"different scales cannot be compared unmarked. Add changes: {{{then}: \"andere "
                           "antwoordschaal\"}, or give the question a key of its own"))
    return out


def _changed_offset(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """Another ``year_offset`` than the previous wave's: an error even with ``changes`` (a trend
    table prints every column's year from this year's offset, so the earlier columns' years
    would be wrong)."""
    if q.year_offset == old.year_offset:
        return []
    return [Finding("error", "changes", ctx.at_question(q.key),
                    f"year_offset {q.year_offset} in {ctx.year} but {old.year_offset} in {then}: the answers "
                    "of the two waves are about different years relative to the survey, so the printed "
                    f"years of the {then} column would be wrong. Use the previous wave's year_offset, or give "
                    "the question a key of its own")]


_WORDING_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _other_period(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """A wording that no longer names the year its answers are about (survey year + ``year_offset``),
    while the previous wave's named its own (review h89: 'overproductie in 2027?' after 'in 2025?' in
    2026, year_offset -1 kept since another offset is an error: the tables printed 2026 above the
    2027 column). A wording without a year, or naming it beside others, says nothing against it."""
    named = {int(y) for y in _WORDING_YEAR.findall(q.text)}
    about, before = ctx.year + q.year_offset, then + old.year_offset
    if not named or about in named or before not in {int(y) for y in _WORDING_YEAR.findall(old.text)}:
        return []
    years = ", ".join(map(str, sorted(named)))
    return [Finding("warning", "changes", ctx.at_question(q.key),
                    f"the wording names {years}, but year_offset {q.year_offset} says the answers are about {about} "
                    f"({then}'s wording named {before}, its year with the same offset): the tables print {about} "
                    f"above the {ctx.year} column. If the question now asks about another year, give it a key of "
                    "its own with its year_offset (a series about another year starts again); else correct the "
                    "year in the wording")]


def _header_line(ctx: Context, key: str) -> str:
    """'data/codebooks/2027.yml:8' for the top-level ``key:`` of the year's codebook (the file alone if not found)."""
    path = ctx.codebook.path
    with contextlib.suppress(OSError, InputError, TypeError):  # (a named pipe put there meanwhile: never a wait)
        for number, line in enumerate(read_input_text(path).splitlines(), 1):
            if line.startswith(f"{key}:"):
                return f"{ctx.rel(path)}:{number}"
    return ctx.rel(path)


def _stale_header(ctx: Context) -> list[Finding]:
    """The codebook's ``title`` naming another year than its own, or its ``fieldwork`` the previous wave's
    (review h151: a 2027 codebook copied by hand from 2026's: Bijlage 4 of the 2027 report opened with
    'Enquête Wlz-zorgcontractering 2026' and 'Veldwerk: 19-11-2025 t/m 15-12-2025', check-year silent; new-year
    moves both a year)."""
    cb, before, out = ctx.codebook, ctx.previous_codebook, []
    named = sorted({int(y) for y in _WORDING_YEAR.findall(cb.title or "")})
    if named and ctx.year not in named:
        out.append(Finding("warning", "changes", _header_line(ctx, "title"),
                           f"title ‘{cb.title}’ names {and_years(named)}, not {ctx.year}: Bijlage 4 of the {ctx.year} "
                           f"report opens with it. Write the {ctx.year} questionnaire's title (new-year moves its year)"))
    fw, old = cb.fieldwork, before.fieldwork if before is not None else None
    if fw is not None and old is not None and fw.start.year == old.start.year and fw.end.year == old.end.year:
        def dates(f) -> str:
            return f"{f.start.day}-{f.start.month}-{f.start.year} t/m {f.end.day}-{f.end.month}-{f.end.year}"
        out.append(Finding("warning", "changes", _header_line(ctx, "fieldwork"),
                           f"fieldwork {dates(fw)} lies in the years of {ctx.previous}'s ({dates(old)}): Bijlage 4 "
                           f"of the {ctx.year} report prints it. Write the {ctx.year} wave's fieldwork dates (new-year "
                           "moves them a year)"))
    return out


def _label_pairs(ctx: Context, q: Question, old: Question, then: int) -> list[tuple[str, object, object]]:
    """("item"/"option", the entry now, its counterpart in ``then``): items by code, options as matched."""
    before = {item.code: item for item in old.items}
    pairs = [("item", item, before[item.code]) for item in q.items if item.code in before]
    if q.options and old.options:
        mapping = ctx.maps.step(q.key, then, ctx.year).mapping
        old_options = {o.code: o for o in old.options}
        pairs += [("option", q.option(now), old_options[was]) for was, now in mapping.items()]
    return pairs


def _stale_label_years(ctx: Context, q: Question, old: Question, then: int) -> list[Finding]:
    """An item's or option's label (or short label) word for word the previous wave's while that named its
    own year (survey year + ``year_offset``) and the label now does not name this year's (review h151: a 2027
    codebook copied by hand, the wording's years moved, 'Overeenkomst Wlz 2026' left as an item of Tabel 30
    'Is de Wlz-inkoop 2027 gewijzigd ...' and 'de productieafspraken 2025' as a herschikking option about 2026:
    the report printed last year's year in its rows, and check-year, which reads the wording only, said
    nothing). ``new-year`` moves these years; a fixed year (‘sinds 2024’) names no wave's year and is left."""
    about, before = ctx.year + q.year_offset, then + old.year_offset
    out = []
    for what, entry, was in _label_pairs(ctx, q, old, then):
        for attr in ("label", "short_label"):
            now_text, old_text = getattr(entry, attr, None), getattr(was, attr, None)
            if not now_text or now_text != old_text:
                continue
            named = {int(y) for y in _WORDING_YEAR.findall(now_text)}
            if before not in named or about in named:
                continue
            moved = _WORDING_YEAR.sub(lambda m: str(int(m.group(1)) + ctx.year - then), now_text)
            out.append(Finding("warning", "changes", ctx.at_question(q.key),
                               f"{what} {entry.code} ‘{now_text}’ names {before}, word for word as in {then} (its "
                               f"{'short label' if attr == 'short_label' else 'label'}), but the {ctx.year} answers "
                               f"are about {about}: the tables print last year's year in this row. Write "
                               f"‘{moved}’ (new-year moves such years); if the {ctx.year} questionnaire does print "
                               f"{before} here, leave it (this warning then stays)"))
            break
    return out


def check_comparisons(ctx: Context) -> list[Finding]:
    """Trend tables whose question changed since the previous column: not tested, marked (notes)."""
    out = []
    for spec in ctx.layout.tables:
        if not spec.is_trend or ctx.year not in spec.columns or not spec.changes:
            continue
        i = list(spec.columns).index(ctx.year)
        previous = spec.columns[i - 1] if i > 0 else None
        changed = and_years(spec.column_label(c) for c in spec.columns if spec.changed(c))
        if previous is not None and spec.changed(previous):
            out.append(Finding("note", "comparison", ctx.at_table(spec),
                               f"not tested against {spec.column_label(previous)} ({spec.changed(previous)}); "
                               f"{changed} marked in the note, CSV, workbook, chart and prose footnotes"))
        else:
            out.append(Finding("note", "comparison", ctx.at_table(spec),
                               f"{changed} marked as asked differently (note, CSV, workbook, chart, prose); the "
                               f"test against {spec.column_label(previous) if previous else '-'} stands"))
    return out


def check_table_questions(ctx: Context) -> list[Finding]:
    """A table key whose question (or breakdown variable) is another than the previous wave's table of that
    key (review h89: table 'maatwerk' given question: hardheidsclausule, a copy-paste slip; every year column
    showed the hardheidsclausule, and the prose "{maatwerk:1} heeft om maatwerk verzocht" printed its 'Ja')."""
    old_layout, out = ctx.previous_layout, []
    if old_layout is None:
        return out
    before = {t.key: t for t in old_layout.tables}
    for spec in ctx.layout.tables:
        old = before.get(spec.key)
        for role, now, then in (("question", spec.question, old and old.question), ("by", spec.by, old and old.by)):
            if old is None or now == then or then is None:
                continue
            out.append(Finding("error", "codes", ctx.at_table(spec),
                               f"shows {role} '{now}' in {ctx.year}, but the {ctx.previous} table '{spec.key}' showed "
                               f"'{then}': the prose about this table and every report that compares it would be about "
                               f"another {'question' if role == 'question' else 'breakdown'}. Use {role}: {then}, or "
                               "give the table a key of its own"))
    return out


CHECKS_WAVES = (check_series, check_codes, check_changes, check_comparisons, check_table_questions)
