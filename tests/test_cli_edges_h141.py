"""Review h141: the command line's edges h136 left. Every message names a file of the repository relative to it
when run from its root (else as before: relative to the working folder, or in full); `coding --export` refuses a
missing folder as `check-export --log` does; a symbolic link loop behind any path option is one message naming the
option and the path; an empty name for a path option is the parser's one-line error. Exit 2, never a traceback.
Each runs the command as a newcomer does, in a process of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import new_wave

ROOT = new_wave.ROOT
EXPORT = "data/raw/2026/respondenten.csv"  # as typed at the repository's root


def _run(*argv: str, cwd: Path = ROOT, root: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "WLZ_MONITOR_ROOT": str(root), "PYTHONPATH": str(ROOT / "lib")}
    done = subprocess.run([sys.executable, "-m", "wlzmonitor", *argv], cwd=cwd, env=env, capture_output=True,
                          check=False)
    out = done.stdout.decode("utf-8", errors="surrogateescape")
    err = done.stderr.decode("utf-8", errors="surrogateescape")
    assert "Traceback" not in err, err
    return subprocess.CompletedProcess(done.args, done.returncode, out, err)


def _loop_message(option: str, path: Path) -> str:
    return f"{option} {path}: cannot be resolved (Symlink loop from '{path}'); a symbolic link that points to itself?"


# -- 1. files of the repository named relative to it when run from its root -----------------------------------------
@pytest.mark.parametrize("argv, message", [
    (["draft-mapping", "--year", "2031", EXPORT], "wlzmonitor draft-mapping: data/codebooks/2031.yml: no codebook "
                                                  "for 2031\n"),
    (["check-export", "--year", "2031", EXPORT], "wlzmonitor check-export: data/codebooks/2031.yml: no codebook "
                                                 "for 2031\n"),
    (["demo", "--year", "2031", "--check"], "wlzmonitor demo: no demo data can be made for 2031: the demo export is "
     "drawn to reproduce a published report, and data/published/2031/cells.csv and data/demo/2031.yml do not exist "
     "(the years that have them: 2024, 2025, 2026)\n"),
    (["extract-published", "--year", "2031"], "wlzmonitor extract-published: no report text for 2031: put the "
     "published report's text in data/sources as 2031_rapport_wlz_zorgcontractering.txt (known: [2026])\n"),
])
def test_an_error_names_the_repository_files_relative_to_it_from_its_root(argv, message):
    done = _run(*argv)  # each named /…/data/… in full before
    assert (done.returncode, done.stderr) == (2, message)


def test_an_error_names_the_files_in_full_when_run_elsewhere(tmp_path):
    done = _run("check-export", "--year", "2031", str(ROOT / EXPORT), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"wlzmonitor check-export: {ROOT}/data/codebooks/2031.yml: no "
                                                 "codebook for 2031\n")


@pytest.mark.parametrize("where", ["root", "subfolder", "elsewhere"])
def test_written_files_are_named_relative_to_the_working_folder(tmp_path, where):
    root = new_wave.repository(tmp_path)
    cwd = {"root": root, "subfolder": root / "data", "elsewhere": tmp_path}[where]
    done = _run("extract-published", "--year", "2026", cwd=cwd, root=root)
    named = {"root": "data/published/2026", "subfolder": "published/2026", "elsewhere": "repo/data/published/2026"}
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{named[where]}/{name}" for name in
                                        ("cells.csv", "tables.csv", "zorgkantoren_uitvoerders.csv")]


def test_derive_year_and_coding_name_their_files_relative_to_the_repository(tmp_path):
    root = new_wave.repository(tmp_path)
    done = _run("derive-year", "--year", "2025", cwd=root, root=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "wrote data/codebooks/2025.yml"
    done = _run("coding", "--year", "2026", cwd=root, root=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["codeframe: data/codeframes/2026.yml",
                                            "corrections: none (0 cells applied)"]


def test_check_export_names_the_years_mapping_relative_to_the_repository(tmp_path):
    root = new_wave.repository(tmp_path)
    shutil.copyfile(root / "data" / "mappings" / "example.yml", root / "data" / "mappings" / "2026.yml")
    done = _run("check-export", "--year", "2026", EXPORT, cwd=root, root=root)
    assert done.returncode == 1  # the example mapping does not fit the demo export
    assert done.stdout.splitlines()[0] == "mapping: data/mappings/2026.yml"  # was the full path
    assert "(data/mappings/2026.yml); a header row too many" in done.stderr and str(root) not in done.stderr


# -- 2. coding --export: the folder must exist, as for check-export --log and draft-mapping --out ----------------------
def test_coding_export_into_a_missing_folder_is_refused(tmp_path):
    target = tmp_path / "typo" / "sub" / "codering.xlsx"
    done = _run("coding", "--year", "2026", "--export", str(target))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"wlzmonitor coding: --export {target}: its folder {target.parent} does not exist; create "
                           "it first or give a file in an existing folder (nothing was written)\n")
    assert not (tmp_path / "typo").exists()  # it was created without a word


def test_coding_export_into_a_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    target = tmp_path / "file" / "codering.xlsx"
    done = _run("coding", "--year", "2026", "--export", str(target))
    assert done.returncode == 2
    assert done.stderr == (f"wlzmonitor coding: --export {target}: its folder {target.parent} is not a folder; create "
                           "it first or give a file in an existing folder (nothing was written)\n")


def test_coding_export_with_spaces_and_a_name_that_is_no_utf8_is_written(tmp_path):
    target = tmp_path / os.fsdecode(b"met spaties/caf\xe9 codering.xlsx")  # a name from a Latin-1 system
    target.parent.mkdir()
    done = _run("coding", "--year", "2026", "--export", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"workbook: {target}" and target.is_file()


def test_coding_export_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "c.xlsx").mkdir()
    done = _run("coding", "--year", "2026", "--export", str(tmp_path / "c.xlsx"))
    assert done.returncode == 2
    assert done.stderr == (f"wlzmonitor coding: not written: {tmp_path / 'c.xlsx'} is a folder; give the name of a "
                           "file to write\n")


# -- 3. a symbolic link loop behind any path option: one message naming the option and the path ------------------------
@pytest.mark.parametrize("command, option, tail", [
    ("check-export", "--mapping", ""), ("check-export", "--mapping", "/m.yml"),
    ("check-export", "--log", ".csv"), ("check-export", "--log", "/log.csv"),
    ("draft-mapping", "--out", ".yml"), ("draft-mapping", "--out", "/m.yml"),
    ("coding", "--export", ".xlsx"), ("coding", "--export", "/c.xlsx"),
])
def test_a_path_option_behind_a_symlink_loop_is_one_message(tmp_path, command, option, tail):
    if tail.startswith("/"):  # a file in a "folder" that is the loop
        link = tmp_path / "loop"
        target = Path(f"{link}{tail}")
    else:  # the file itself is the loop
        link = target = tmp_path / f"loop{tail}"
    link.symlink_to(link)
    export = [EXPORT] if command in ("check-export", "draft-mapping") else []
    done = _run(command, "--year", "2026", *export, option, str(target))
    # --mapping said "no such file", --out .../m.yml "its folder does not exist", the others named no option
    assert (done.returncode, done.stderr) == (2, f"wlzmonitor {command}: {_loop_message(option, target)}\n")


def test_a_repository_root_behind_a_symlink_loop_is_still_one_message(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)  # a link to itself
    done = _run("coding", "--year", "2026", "--root", str(loop))
    assert done.returncode == 2 and "config/report.yml: cannot be read" in done.stderr


# -- 4. an empty name: the parser's error naming the option, exit 2 ----------------------------------------------------
@pytest.mark.parametrize("argv, option", [
    (["check-export", "--year", "2026", EXPORT, "--log", ""], "--log"),  # was 'not written: . is a folder'
    (["check-export", "--year", "2026", EXPORT, "--mapping", ""], "--mapping"),  # was '.: is a folder, not a file'
    (["check-export", "--year", "2026", ""], "export"),
    (["draft-mapping", "--year", "2026", EXPORT, "--out", ""], "--out"),  # was '--out .: expected ... .yml'
    (["draft-mapping", "--year", "2026", "   "], "export"),
    (["coding", "--year", "2026", "--export", ""], "--export"),  # coded every answer and wrote nothing, no word
    (["coding", "--year", "2026", "--root", ""], "--root"),  # `--root "$UNSET"` read this repository
])
def test_an_empty_name_for_a_path_is_refused(argv, option):
    done = _run(*argv)
    value = next(a for a in argv if not a.strip())
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[-1] == (f"python -m wlzmonitor {argv[0]}: error: argument {option}: {value!r}: "
                                            "an empty name; expected the name of a file or folder")


# -- 5. --mapping: a folder, spaces, a name that is no UTF-8 -----------------------------------------------------
def test_check_export_mapping_that_is_a_folder_names_the_option(tmp_path):
    done = _run("check-export", "--year", "2026", EXPORT, "--mapping", str(tmp_path))
    assert (done.returncode, done.stderr) == (2, f"wlzmonitor check-export: --mapping {tmp_path}: is a folder or a "
                                                 "device; expected a mapping file (.yml), 'none' or 'auto'\n")


def test_check_export_mapping_with_spaces_and_a_name_that_is_no_utf8(tmp_path):
    name = os.fsdecode(b"met spaties/caf\xe9 mapping.yml")
    missing = _run("check-export", "--year", "2026", EXPORT, "--mapping", str(tmp_path / name))
    shown = str(tmp_path / name).encode("utf-8", errors="backslashreplace").decode("utf-8")  # stderr escapes it
    assert (missing.returncode, missing.stderr) == (2, f"wlzmonitor check-export: --mapping {shown}: no such file; "
                                                       "expected a mapping file (.yml), 'none' or 'auto'\n")
    (tmp_path / name).parent.mkdir(exist_ok=True)
    shutil.copyfile(ROOT / "data" / "mappings" / "example.yml", tmp_path / name)
    done = _run("check-export", "--year", "2026", EXPORT, "--mapping", str(tmp_path / name))
    assert done.returncode == 1  # read: the example mapping does not fit the demo export, said in one message
    assert done.stdout.splitlines()[0] == f"mapping: {tmp_path / name}"


def test_draft_mapping_out_names_the_input_it_refuses_as_the_reader_sees_it(tmp_path):
    example = ROOT / "data" / "mappings" / "example.yml"
    before = example.read_bytes()
    done = _run("draft-mapping", "--year", "2026", str(ROOT / EXPORT), "--out", str(example), cwd=tmp_path)
    # from another folder 'data/mappings/example.yml' would be a file of that folder: in full (it was named so)
    assert (done.returncode, done.stderr) == (2, f"wlzmonitor draft-mapping: --out {example}: exists and is an input "
                                                 f"of the report ({example}); a draft would replace it and its edits: "
                                                 "write the draft to a new file and merge by hand, or remove the file "
                                                 "first\n")
    assert example.read_bytes() == before
