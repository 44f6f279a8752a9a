"""The command line: ``python -m wlzmonitor <command>``.

    python -m wlzmonitor new-year --year 2027 [--force]                        # scaffold a new wave from the latest
    python -m wlzmonitor check-year --year 2027                                # every mismatch of a year's files
    python -m wlzmonitor check-export --year 2026 data/raw/2026/export.xlsx   # read an export, report every problem
    python -m wlzmonitor draft-mapping --year 2026 data/raw/2026/export.csv   # draft a mapping for a platform's export
    python -m wlzmonitor coding --year 2026 [--themes] [--export FILE.xlsx]    # open answers: themes, correction workbook
    python -m wlzmonitor derive-year --year 2025 [--check]                     # earlier year's files from the 2026 report
    python -m wlzmonitor demo --year 2026 [--check]                            # the demo export
    python -m wlzmonitor extract-published --year 2026 [--check]               # the published tables as data

The report itself is built by ``python run_all.py --year 2026``. A problem in a file a person
edits (configuration, codebook, layout, mapping, export, ...) is printed as one message naming
the file and what was expected, with exit code 2; exit 1 means a check found a difference
(check-year: 2 errors, 1 warnings only, 0 clean).
Each command imports what it needs inside its function (measured on 2 cores: importing this
module takes 0.16 s; the coding command's modules 1.3 s, the demo generator's about 4 s), so
``--help`` and a mistyped command answer at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from wlzmonitor.spec.errors import InputError

Command = Callable[[argparse.Namespace], int]
#: derive-year's default --source: the report the shipped earlier years are derived from
DERIVE_SOURCE = 2026


# --------------------------------------------------------------------------------------------
# commands
# --------------------------------------------------------------------------------------------
def check_export(args: argparse.Namespace) -> int:
    """Load an export through the year's codebook (and mapping); print accounting, repairs, warnings, exclusions."""
    from wlzmonitor.inputs.mapping import load_mapping, mapping_for_year
    from wlzmonitor.inputs.survey import load_survey
    from wlzmonitor.inputs.quality_log import ExportError
    from wlzmonitor.spec.codebook_parse import codebook_for_year

    _check_output_file(args.log, getattr(args, "root", None), "--log")
    read = {"the export being checked": args.export,  # a file outside the configuration: no input to refuse
            "the mapping being read": None if args.mapping in ("none", "auto") else args.mapping}
    for what, given in read.items():
        if args.log and given and Path(args.log).resolve() == Path(given).resolve():
            raise InputError(f"not written: {args.log} is {what}; write the log elsewhere")
    _check_new_file_name(args.log, "--log", ".csv", "the data-quality log is a CSV file")
    codebook = codebook_for_year(args.year)
    if args.mapping == "none":
        mapping = None
    elif args.mapping == "auto":
        mapping = mapping_for_year(args.year)
    else:
        mapping = load_mapping(_mapping_file(args.mapping))
    print(_for_reader(f"mapping: {mapping.name if mapping is not None else 'none (the export uses codebook names)'}",
                      args))
    if mapping is not None:
        mapping.check(codebook)  # a mapping that does not fit: one message, exit 2
    try:
        survey = load_survey(args.export, codebook, sheet=args.sheet, mapping=mapping)
    except ExportError as err:
        print(_for_reader(str(err), args), file=sys.stderr)
        if args.log and getattr(err, "log", None) is not None:
            err.log.to_csv(args.log)
        return 1
    for step, n in survey.accounting.itertuples(index=False):
        print(f"{step:<48} {n:>6}")
    for severity in ("repaired", "warning", "excluded"):
        found = survey.log.of_severity(severity)
        print(f"\n{len(found)} {severity}")
        for finding in found[:20]:
            print("  " + _for_reader(finding.message, args))
        if len(found) > 20:
            print(f"  ... and {len(found) - 20} more" + (f" (in {args.log})" if args.log else ""))
    if args.log:
        survey.log.to_csv(args.log)
    if survey.n == 0 and survey.rows_read:  # every row excluded: nothing to analyse (review of the agency exports)
        print(f"\nno respondent included: all {survey.rows_read} row(s) read were excluded (see the reasons "
              "above): a completion or exclude rule that no row passes, or the wrong export", file=sys.stderr)
        return 1
    return 0


def draft_mapping(args: argparse.Namespace) -> int:
    """Draft a mapping file for a survey platform's export: YAML with comments on stdout (or --out FILE), a summary on stderr."""
    from wlzmonitor.inputs.draft_mapping import draft_mapping as draft
    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.file_formats import replace_file

    if args.out is not None:
        _check_draft_out(args.out, args.export)
    try:
        result = draft(args.export, codebook_for_year(args.year), sheet=args.sheet)
    except InputError as err:
        if args.out is None and _stdout_is_a_file():  # review h136: `> data/mappings/2027.yml` was left empty
            raise InputError(f"{err}\n(the output was redirected to a file: the shell created it before this "
                             "command ran, so it may be left empty; remove it, or use --out FILE, which is "
                             "written only when the draft succeeds)") from None
        raise
    # a file name that is no UTF-8 (named in the draft's comments) escaped: the mapping stays UTF-8 (review h136)
    text = result.text.encode("utf-8", errors="backslashreplace").decode("utf-8")
    if args.out is not None:
        replace_file(Path(args.out), text.encode("utf-8"))
        print(_for_reader(f"draft-mapping: wrote {args.out}", args), file=sys.stderr)
    else:
        sys.stdout.write(text)
    if result.canonical:
        print(_for_reader(f"draft-mapping: {args.export} already uses the codebook's columns; no mapping needed",
                          args), file=sys.stderr)
        return 0
    values = sum(result.unmatched_values.values())
    print(f"draft-mapping: {result.platform.name}; {result.matched} columns matched "
          f"({result.guessed} guessed), {len(result.unmatched)} not matched"
          + (": " + ", ".join(map(_one_line_name, result.unmatched[:10])) if result.unmatched else "")
          + (f"; {values} answer label(s) of {len(result.unmatched_values)} column(s) no option matches "
             "(values.…: ? at the end of the draft)" if values else ""), file=sys.stderr)
    return 0


def _one_line_name(name: str) -> str:
    """An export's column name in a one-line message: as it is, or quoted with its escapes (as the draft's comments
    write it) when it holds a line break or another character that shows nothing (review h160: a header with CR LF
    broke the summary line into lines that read as the command's own)."""
    import json

    return name if name.isprintable() else json.dumps(name, ensure_ascii=False)


def _stdout_is_a_file() -> bool:
    """Whether standard output goes to a regular file (`> file`), not a terminal or a pipe."""
    import os
    import stat

    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # replaced (tests) or closed
        return False


def _mapping_file(given: str) -> str:
    """check-export --mapping FILE: an existing file (review h128: "[Errno 2] No such file or directory: 'NONE'"); a
    link loop is named as one (review h141: it said "no such file"), a folder as the folder it is."""
    _resolved(given, "--mapping")
    path = Path(given)
    if not path.exists():
        raise InputError(f"--mapping {given}: no such file; expected a mapping file (.yml), 'none' or 'auto'")
    if not path.is_file():
        raise InputError(f"--mapping {given}: is a folder or a device; expected a mapping file (.yml), 'none' or "
                         "'auto'")
    return given


def _check_draft_out(out: Path, export: Path) -> None:
    """draft-mapping --out: a .yml in an existing folder; not the export; not an existing input of the report (a
    mapping being edited would lose its edits: a new data/mappings/<year>.yml is fine); not a folder a run cleans."""
    from wlzmonitor.spec.config import load_config, output_file_problem
    from wlzmonitor.spec.paths import shown_path

    _check_new_file_name(str(out), "--out", (".yml", ".yaml"), "the mapping is a YAML file")
    target = _resolved(out, "--out")
    if target.exists() and not target.is_file():
        raise InputError(f"--out {out}: is a folder or a device; give the name of a file to write")
    if target == _resolved(export):
        raise InputError(f"--out {out}: is the export being read; write the draft elsewhere")
    config = load_config()
    inputs = [_resolved(p) for p in config.input_paths()]
    inside = [i for i in inputs if target == i or (i.is_dir() and target.is_relative_to(i))]
    if inside and target.exists():
        raise InputError(f"--out {out}: exists and is an input of the report ({shown_path(target)}); a "
                         "draft would replace it and its edits: write the draft to a new file and merge by hand, "
                         "or remove the file first")
    problem = None if inside else output_file_problem(config, out)
    if problem:
        raise InputError(f"--out {problem}")


def _resolved(path: Path | str, option: str = "") -> Path:
    """`path` made absolute, following links; a link loop is named as the InputError it is, with the option that
    gave the path (review h141: the same message for every path option, --mapping's said "no such file")."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError) as err:  # Python 3.11: "Symlink loop from ..."
        raise InputError(f"{option + ' ' if option else ''}{path}: cannot be resolved ({err}); a symbolic link "
                         "that points to itself?") from None


def new_year(args: argparse.Namespace) -> int:
    """Scaffold a new survey wave from the latest one (codebook, layout, codeframe, config); print the checklist."""
    from wlzmonitor.spec.new_year import scaffold, write_scaffold
    from wlzmonitor.spec.paths import shown_path

    # every file named as the reader opens it from the working folder (review h145: from a subfolder,
    # 'data/codebooks/2027.yml' named a file of that folder)
    result = scaffold(args.year, source=args.source, window=args.window, force=args.force, named=shown_path)
    written = write_scaffold(result)
    print(f"new-year {args.year} from {result.source}: wrote")
    for line in result.done:
        print(f"  {line}")
    for path in (p for p in written if p.name.endswith("~")):
        print(f"  (--force replaced an edited file: its earlier content is kept as {shown_path(path)})")
    print("\nStill to do (docs/survey_years.md, 'Adding a new year'):")
    number = 0
    for line in result.todo:
        if line.startswith("  "):
            print(f"     {line.strip()}")
        else:
            number += 1
            print(f"  {number}. {line}")
    return 0


def check_year_command(args: argparse.Namespace) -> int:
    """Report every mismatch between a year's codebook, layout, codeframe, notebooks and the previous wave."""
    from wlzmonitor.spec.year_check import check_year

    result = check_year(args.year)
    result.findings[:0] = _mapping_findings(args.year)
    edited = _earlier_years_edited(args.year)
    result.findings[:0] = edited
    levels = ("error", "warning") if args.quiet else ("error", "warning", "note")
    print(result.text(levels))
    if result.errors:
        return 2
    return 1 if result.warnings else 0


def _earlier_years_edited(year: int) -> list:
    """A warning per earlier configured year whose hand-edited files (codebook, layout, codeframe) git sees changed
    and not committed (review h103: the analyst edited data/codebooks/2026.yml meaning 2027's; check-year 2027
    then advised a `was` in 2027 for a 2026 label that was never asked, and the 2026 report changed with it).
    Nothing without git or outside a repository; a change committed on purpose is not named."""
    import shlex
    import shutil
    import subprocess

    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.paths import in_root, rel_to_root, shown_path
    from wlzmonitor.spec.year_findings import Finding

    config = load_config()
    # review h143: run from a subfolder or another folder, 'data/codebooks/2025.yml' and 'git checkout -- <it>' named a
    # file of the working folder: there the file is named as check-year names files, and git is told the repository
    here = in_root(config.root)
    named = (lambda path: rel_to_root(path, config.root)) if here else shown_path
    undo = "git checkout --" if here else f"git -C {shlex.quote(str(config.root))} checkout --"
    git = shutil.which("git")
    if git is None or not (config.root / ".git").exists():
        return []
    out = []
    for earlier in sorted(y for y in config.years if y < year):
        src = config.sources(earlier)
        # (not the export: the real one replaces the tracked demo export and is never committed)
        paths = [p for p in (src.codebook, src.layout, src.codeframe) if p.exists()]
        if not paths:
            continue
        try:
            done = subprocess.run([git, "-C", str(config.root), "status", "--porcelain", "-z", "--",
                                   *(str(p.resolve()) for p in paths)], capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            return []
        if done.returncode != 0:
            return []
        changed = sorted(entry[3:] for entry in done.stdout.decode("utf-8", errors="replace").split("\0")
                         if len(entry) > 3 and entry[:2] != "??")
        for rel in changed:
            mine = config.sources(year)
            own = next((named(getattr(mine, k)) for k in ("codebook", "layout", "codeframe")
                        if getattr(src, k).exists() and rel_to_root(getattr(src, k), config.root) == rel), None)
            out.append(Finding(
                "warning", "files", named(config.root / rel),
                f"changed since the last commit, but it is {earlier}'s file: check-year {year} compares {year} with "
                f"it, and the {earlier} report is built from it (and its back-test). Meant for {year}? Undo it "
                f"({undo} {shlex.quote(rel)}) and make the change in {own or f'the {year} file'}; a correction of "
                f"{earlier} on purpose: commit it"))
    return out


def _mapping_findings(year: int) -> list:
    """The year's export mapping read as check-export and the run read it: its form and its fit to the codebook
    (safety review h88: `columns: 5` passed check-year with 0 errors; the spec stage, which checks the year, may
    not read the input stage's files, so the command adds it). A codebook that does not load is check-year's own
    error: only the mapping's form is read then."""
    from wlzmonitor.inputs.mapping_file import MappingError, load_mapping
    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.errors import InputError
    from wlzmonitor.spec.year_findings import Finding

    config = load_config()
    path = config.sources(year).mapping
    if not path.exists():
        return []
    where = path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)
    try:
        mapping = load_mapping(path)
        try:
            codebook = codebook_for_year(year)
        except InputError:
            return []
        mapping.check(codebook)
    except MappingError as err:
        return [Finding("error", "mapping", where, str(err).removeprefix(f"{path}: "))]
    return []


def coding(args: argparse.Namespace) -> int:
    """Code the open answers of a year; print the uncoded share per question (and write the workbook)."""
    from wlzmonitor.compute.coding import code_year, theme_summary, uncoded_report
    from wlzmonitor.spec.paths import shown_path

    if args.export:
        _check_output_file(args.export, args.root, "--export")
        # review h128: out.csv held a workbook; review h141: a missing folder was created without a word
        _check_new_file_name(args.export, "--export", ".xlsx", "the correction workbook is an Excel workbook")
    coded, frames = code_year(args.year, root=Path(args.root) if args.root else None,
                              corrections=False if args.no_corrections else None)
    applied = coded.attrs["corrections"]
    print(f"codeframe: {shown_path(frames.path)}")
    print(f"corrections: {shown_path(applied['path']) if applied['path'] else 'none'} ({applied['cells']} cells "
          "applied)")
    for r in uncoded_report(coded).itertuples(index=False):
        print(f"{r.question:32s} n={r.n:4d}  niet gecodeerd {r.uncoded:3d} ({r.uncoded_share:5.1f}%)")
        if args.themes:
            for t in theme_summary(coded, r.question).itertuples(index=False):
                print(f"    {t.label[:70]:70s} {t.count:4d} {t.share_of_answers:5.1f}%")
    if args.export:
        problems = _write_checked_workbook(coded, Path(args.export), args.year, Path(args.root) if args.root else None)
        if problems:
            print(_for_reader(f"{args.export} was not written: it would hold personal data (the privacy gate, as for "
                              "the report):", args), file=sys.stderr)
            for problem in problems[:20]:
                print(f"  {problem}", file=sys.stderr)
            return 2
        print(_for_reader(f"workbook: {args.export}", args))
    return 0


def _check_output_file(path: str | None, root: str | None, option: str) -> None:
    """A file a command writes (`--log`, `--export`) may not be an input of the report, a folder,
    a pipe or a device: an InputError before any work (exit 2)."""
    from wlzmonitor.spec.config import ConfigError, load_config, output_file_problem

    if not path:
        return
    _resolved(path, option)  # a link loop: its message, not a RuntimeError traceback (review h136)
    problem = output_file_problem(load_config(Path(root) if root else None), path)
    if problem:
        raise ConfigError(f"not written: {problem}")


def _check_new_file_name(path: str | Path | None, option: str, suffix: str | tuple[str, ...], why: str) -> None:
    """A file a command writes: its name ends in `suffix` and its folder exists (review h136: `--log report.html`
    was written as CSV, and a mistyped folder was created without a word). An InputError before any work (exit 2)."""
    if not path:
        return
    _resolved(path, option)  # a link loop: its message, not "its folder does not exist" (review h141)
    suffixes = (suffix,) if isinstance(suffix, str) else suffix
    if Path(path).suffix.lower() not in suffixes:
        raise InputError(f"{option} {path}: expected a file name ending in {' or '.join(suffixes)} ({why})")
    folder = Path(path).parent
    if not folder.is_dir():
        state = "is not a folder" if folder.exists() else "does not exist"
        raise InputError(f"{option} {path}: its folder {folder} {state}; create it first or give a file in an "
                         "existing folder (nothing was written)")


def _write_checked_workbook(coded, path: Path, year: int, root: Path | None) -> list[str]:
    """Write the coding workbook to `path` only when the privacy gate finds nothing in it (the
    year's deny list: contact names, e-mail addresses and phone numbers, listed names, patterns);
    else leave `path` as it was and return what was found (file, sheet, cell, kind: never the value)."""
    import os
    import tempfile

    from wlzmonitor.present.coding_workbook import export_coding_workbook
    from wlzmonitor.run.privacy_gate import file_problems, run_deny_list
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.paths import named_for_reader, repo_root

    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    draft = Path(name)
    try:
        export_coding_workbook(coded, draft)
        deny = run_deny_list(year, load_config(root))
        for warning in deny.warnings:  # an earlier export unreadable for its contacts: said, as run_all does (h133)
            print(named_for_reader(f"coding: {year}: warning: {warning}", root or repo_root()), file=sys.stderr,
                  flush=True)
        problems = file_problems(draft, draft.parent, deny)
        if problems:
            return [p.replace(draft.name, path.name) for p in problems]
        os.replace(draft, path)
        return []
    finally:
        draft.unlink(missing_ok=True)


def derive_year(args: argparse.Namespace) -> int:
    """Write (or --check) an earlier year's codebook, layout and published figures derived from a later report."""
    from wlzmonitor.spec.config import load_config
    from wlzmonitor.spec.earlier_years import check, write
    from wlzmonitor.spec.paths import shown_path

    if args.check:
        differ = check(args.year, args.source)
        # the command to run names --source when it is not the default (review h128: the hint derived from 2026)
        again = f"--year {args.year}" + (f" --source {args.source}" if args.source != DERIVE_SOURCE else "")
        for rel in differ:  # as written (review h145: from a subfolder, relative to the repository)
            print(f"{shown_path(load_config().root / rel)}: differs from the derivation; run python -m wlzmonitor "
                  f"derive-year {again}")
        if not differ:
            print(f"derive-year --check: {args.year}'s files equal their derivation from the {args.source} report")
        return 1 if differ else 0
    for path in write(args.year, args.source):
        print(f"wrote {shown_path(path)}")
    return 0


def demo(args: argparse.Namespace) -> int:
    """Write (or --check) the demo export of a year."""
    from wlzmonitor.demo.generator import demo_export_path, generate, load_inputs, to_csv_bytes, write_demo
    from wlzmonitor.spec.input_files import read_input_bytes
    from wlzmonitor.spec.paths import shown_path

    if args.check:
        shipped = demo_export_path(args.year)
        if not shipped.exists():  # a year the generator cannot make is its message, exit 2 (review h128: "differs", 1)
            load_inputs(args.year)
            print(f"{shown_path(shipped)}: does not exist; run python -m wlzmonitor demo --year {args.year}")
            return 1
        if read_input_bytes(shipped) != to_csv_bytes(generate(args.year)):  # (a pipe there: a message, no wait)
            print(f"{shown_path(shipped)}: differs from the generator's output; run python -m wlzmonitor demo "
                  f"--year {args.year}")
            return 1
        print(f"{shown_path(shipped)}: identical to the generator's output")
        return 0
    print(f"wrote {shown_path(write_demo(args.year))}")
    return 0


def extract_published(args: argparse.Namespace) -> int:
    """Parse the published report text into data/published/<year>/ (or --check the shipped files)."""
    from wlzmonitor.spec.paths import shown_path
    from wlzmonitor.spec.report_text import stale_files, write

    if args.check:
        stale = stale_files(args.year)
        for path in stale:
            print(f"out of date: {shown_path(path)}", file=sys.stderr)
        if not stale:  # review h128: a passing check printed nothing
            print(f"extract-published --check: the published figures of {args.year} are up to date")
        return 1 if stale else 0
    for path in write(args.year):
        print(shown_path(path))
    return 0


# --------------------------------------------------------------------------------------------
# parser
# --------------------------------------------------------------------------------------------
def _window(text: str) -> int:
    """--window: a whole number from 0 (review h128: -1 was taken, and the layouts kept all waves but the first)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number of waves (0: all)") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{number}: expected the number of waves a trend table shows, "
                                         "at least 1 (0: all)")
    return number


#: the survey years a command accepts: the monitor began in 2021; a year outside is a typo (review h136: --year 99999
#: and derive-year --year 0 ended in a ValueError traceback from the calendar)
YEARS = range(2000, 2100)


def survey_year(text: str) -> int:
    """--year: a survey year such as 2026 (run_all.py uses it too)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a survey year such as 2026") from None
    if number not in YEARS:
        raise argparse.ArgumentTypeError(f"{number}: expected a survey year such as 2026 (from {YEARS.start} "
                                         f"to {YEARS.stop - 1})")
    return number


def file_name(text: str) -> str:
    """A path option's value: not empty (review h141: `--log ""` was named '.', `coding --export ""` wrote nothing
    without a word and `coding --root "$UNSET"` read this repository)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: an empty name; expected the name of a file or folder")
    return text


def file_path(text: str) -> Path:
    """A path option's value as a Path (:func:`file_name`)."""
    return Path(file_name(text))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m wlzmonitor", description=__doc__.split("\n\n")[0],
                                     epilog="The report: python run_all.py --year 2026")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Command) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=func.__doc__, description=func.__doc__)
        p.set_defaults(func=func)
        p.add_argument("--year", type=survey_year, required=True, help="survey year, e.g. 2026")
        return p

    p = add("new-year", new_year)
    p.add_argument("--source", type=survey_year, default=None, help="the year to start from (default: the latest before it)")
    p.add_argument("--window", type=_window, default=3,
                   help="waves a trend table shows (default 3; 0: all); a long series keeps its published years")
    p.add_argument("--force", action="store_true", help="overwrite the year's codebook, layout and codeframe")

    p = add("check-year", check_year_command)
    p.add_argument("--quiet", action="store_true", help="errors and warnings only (no notes)")

    p = add("check-export", check_export)
    p.add_argument("export", type=file_path, help="the export: .csv, .tsv, .xlsx, .sav or .zsav")
    p.add_argument("--mapping", default="auto", type=file_name,
                   help="a mapping file, 'none', or 'auto' (data/mappings/<year>.yml, or the year's mapping: in config/report.yml, when it exists)")
    p.add_argument("--sheet", default=None, help="XLSX: the sheet to read (its name, or its number: 1 is the first)")
    p.add_argument("--log", type=file_path, default=None, help="write the data-quality log to this CSV file as well")

    p = add("draft-mapping", draft_mapping)
    p.add_argument("export", type=file_path, help="the platform's export: .csv, .tsv, .xlsx, .sav or .zsav")
    p.add_argument("--sheet", default=None, help="XLSX: the sheet to read (default: the first)")
    p.add_argument("--out", type=file_path, default=None,
                   help="write the draft to this new .yml (only when the draft succeeds) instead of stdout")

    p = add("coding", coding)
    p.add_argument("--root", type=file_name, default=None, help="repository root (default: this repository)")
    p.add_argument("--export", type=file_name, default=None,
                   help="write the correction workbook to this .xlsx (in an existing folder)")
    p.add_argument("--no-corrections", action="store_true", help="ignore the corrections file")
    p.add_argument("--themes", action="store_true", help="print the counts per theme as well")

    p = add("derive-year", derive_year)
    p.add_argument("--source", type=survey_year, default=DERIVE_SOURCE, help="the report the year is derived from")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if a shipped file differs")

    p = add("demo", demo)
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if the shipped export differs from a fresh run")

    p = add("extract-published", extract_published)
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if the shipped files differ from a fresh extraction")
    return parser


def _for_reader(message: str, args: argparse.Namespace) -> str:
    """A message of a command with the repository's files named relative to it when run from its root (review
    h141: draft-mapping and check-export of a year without a codebook, demo and extract-published named them in
    full, as check-year did before h136); run elsewhere, as the message names them."""
    from wlzmonitor.spec.paths import named_for_reader, repo_root

    return named_for_reader(message, Path(args.root) if getattr(args, "root", None) else repo_root())


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as err:
        print(f"wlzmonitor {args.command}: {_for_reader(str(err), args)}", file=sys.stderr)
        return 2
    except MemoryError:  # an input far larger than any survey export (a file of gigabytes)
        print(f"wlzmonitor {args.command}: ran out of memory reading the input; is it the survey's export "
              "(a few megabytes)? Nothing was written.", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the output piped into `head`, which stopped reading: nothing more to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 1
    except OSError as err:  # a folder where a file goes, a file not writable, the disk full (safety review h157:
        # new-year, demo, derive-year and extract-published ended in a traceback); every file is written whole
        where = f" ({err.filename})" if getattr(err, "filename", None) else ""
        print(_for_reader(f"wlzmonitor {args.command}: could not read or write a file: {err.strerror or err}{where}. "
                          "No file was left half-written; fix that file (or folder) and run again.", args),
              file=sys.stderr)
        return 1
