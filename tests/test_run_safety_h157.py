"""Safety review h157: run safety -- a file changed mid-run, two runs at once, a run killed, a cache that lies."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from wlzmonitor.spec import input_files

OLD = b"old,complete\n1,2\n"


def _new_year(tmp_path, monkeypatch):
    from wlzmonitor.spec.new_year import Scaffold, write_scaffold

    target = tmp_path / "data" / "codebooks" / "2027.yml"
    result = Scaffold(2027, 2026, files={"data/codebooks/2027.yml": "new: codebook\n"}, overwritten=[])
    return target, lambda: write_scaffold(result, SimpleNamespace(root=tmp_path)), b"new: codebook\n"


def _new_year_config(tmp_path, monkeypatch):
    from wlzmonitor.spec.new_year import Scaffold, write_scaffold

    target = tmp_path / "config" / "report.yml"
    result = Scaffold(2027, 2026, config_text="years: {}\n")
    return target, lambda: write_scaffold(result, SimpleNamespace(root=tmp_path)), b"years: {}\n"


def _derive_year(tmp_path, monkeypatch):
    from wlzmonitor.spec import earlier_years

    monkeypatch.setattr(earlier_years, "derive", lambda *a: {"data/codebooks/2025.yml": "derived: 1\n"})
    target = tmp_path / "data" / "codebooks" / "2025.yml"
    return target, lambda: earlier_years.write(2025, 2026, SimpleNamespace(root=tmp_path)), b"derived: 1\n"


def _extract_published(tmp_path, monkeypatch):
    from wlzmonitor.spec import report_text

    monkeypatch.setattr(report_text, "render", lambda *a: {"tables.csv": "table,row\nT1,a\n"})
    folder = tmp_path / "data" / "published" / "2026"
    config = SimpleNamespace(sources=lambda year: SimpleNamespace(published=folder))
    return folder / "tables.csv", lambda: report_text.write(2026, config), b"table,row\nT1,a\n"


def _demo(tmp_path, monkeypatch):
    from wlzmonitor.demo import generator

    target = tmp_path / "data" / "raw" / "2026" / "respondenten.csv"
    monkeypatch.setattr(generator, "demo_export_path", lambda year, root: target)
    monkeypatch.setattr(generator, "generate", lambda year, root: None)
    monkeypatch.setattr(generator, "to_csv_bytes", lambda frame: b"id,v1\n1,2\n")
    return target, lambda: generator.write_demo(2026, tmp_path), b"id,v1\n1,2\n"


def _workbook(tmp_path, monkeypatch):
    from openpyxl import Workbook

    from wlzmonitor.present.table_files import save_workbook

    target = tmp_path / "correcties.xlsx"
    return target, lambda: save_workbook(Workbook(), target), None


WRITERS = [_new_year, _new_year_config, _derive_year, _extract_published, _demo, _workbook]


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__.strip("_"))
def test_a_command_killed_while_it_writes_an_input_leaves_the_file_as_it_was(tmp_path, monkeypatch, writer):
    """new-year, derive-year, demo, extract-published and a workbook wrote their files in place: a command killed
    (Ctrl-C, SIGKILL, a full disk) half-way left a truncated codebook, config or export the next run read."""
    target, write, _ = writer(tmp_path, monkeypatch)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(OLD)

    def killed(src, dst):
        raise KeyboardInterrupt  # the moment the new file is whole but not yet in place

    monkeypatch.setattr(input_files.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write()
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no half-written twin left


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__.strip("_"))
def test_a_reader_of_an_input_being_written_never_meets_half_of_it(tmp_path, monkeypatch, writer):
    """A run that opened the file before the command wrote it reads the old bytes whole (the new file is another
    one, renamed into place), and the path then holds the new bytes whole."""
    target, write, new = writer(tmp_path, monkeypatch)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(OLD)
    with open(target, "rb") as reader:
        write()
        assert reader.read() == OLD
    if new is not None:
        assert target.read_bytes() == new
    else:
        assert target.read_bytes().startswith(b"PK")


# -- 2. the commands' --check reads and writes: a folder or a pipe where a file goes is a message, never a traceback
#       or a wait (safety review h157: extract-published --check waited for ever on a named pipe) -------------------
import subprocess  # noqa: E402
import sys  # noqa: E402

import new_wave  # noqa: E402


def _run(root: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WLZ_MONITOR_ROOT": str(root), "PYTHONPATH": str(new_wave.ROOT / "lib")}
    done = subprocess.run([sys.executable, "-m", "wlzmonitor", *argv], cwd=root, env=env, capture_output=True,
                          check=False, timeout=120, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _plant(path: Path, planted: str) -> None:
    path.unlink()
    if planted == "folder":
        path.mkdir()
        (path / "inside.csv").write_text("x\n", encoding="utf-8")
    else:
        os.mkfifo(path)


KINDS = {"folder": "is a folder, not a file; give the path of the file in it",
         "pipe": "is a named pipe, not a file; give the path of the file itself (a copy of what the pipe or device "
                 "holds)"}


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return new_wave.repository(tmp_path_factory.mktemp("h157"))


@pytest.mark.parametrize("planted", ["folder", "pipe"])
@pytest.mark.parametrize("argv, rel", [
    (["extract-published", "--year", "2026", "--check"], "data/published/2026/cells.csv"),
    (["demo", "--year", "2026", "--check"], "data/raw/2026/respondenten.csv"),
    (["derive-year", "--year", "2025", "--check"], "data/published/2025/cells.csv"),
])
def test_a_check_of_shipped_files_names_a_folder_or_pipe_in_a_files_place(repository, argv, rel, planted):
    path = repository / rel
    keep = path.read_bytes()
    _plant(path, planted)
    try:
        done = _run(repository, *argv)
    finally:
        if path.is_dir():
            (path / "inside.csv").unlink()
            path.rmdir()
        else:
            path.unlink()
        path.write_bytes(keep)
    assert (done.returncode, done.stderr) == (2, f"wlzmonitor {argv[0]}: {rel}: {KINDS[planted]}\n")


def test_a_folder_where_a_command_writes_a_file_is_one_message_naming_it(repository):
    path = repository / "data" / "published" / "2026" / "tables.csv"
    keep = path.read_bytes()
    _plant(path, "folder")
    try:
        done = _run(repository, "extract-published", "--year", "2026")
        assert sorted(p.name for p in path.parent.iterdir()) == ["cells.csv", "known_discrepancies.yml", "tables.csv",
                                                                "zorgkantoren_uitvoerders.csv"]  # no .tmp left
    finally:
        (path / "inside.csv").unlink()
        path.rmdir()
        path.write_bytes(keep)
    assert (done.returncode, done.stderr) == (
        1, "wlzmonitor extract-published: could not read or write a file: Is a directory "
           "(data/published/2026/tables.csv). No file was left half-written; fix that file (or folder) and run again.\n")


# -- 3. the words the scrubber and the gate take from the codeframe follow the file, not the first reading in the process
#       (safety review h157: kept per year for the life of the process, a label edited in a JupyterLab session (or
#       between two runs in one process) left the scrubber with the old words, and the year result computed with them
#       was stored under the new codeframe's key for every later run) ------------------------------------------------
def test_the_codeframe_s_words_follow_an_edit_of_the_codeframe(tmp_path, monkeypatch):
    from wlzmonitor.inputs.privacy import report_lowercase_words, report_words
    from wlzmonitor.spec.codebook_parse import codebook_for_year
    from wlzmonitor.spec.config import load_config

    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    for folder in ("config", "data/codebooks", "data/codeframes", "data/reports"):
        __import__("shutil").copytree(new_wave.ROOT / folder, root / folder)
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    load_config.cache_clear()
    codebook = codebook_for_year(2026, root)
    frame = root / "data" / "codeframes" / "2026.yml"
    try:
        assert "bekwaam" in report_lowercase_words(codebook) and "zwaluwstaart" not in report_words(codebook)
        frame.write_text(frame.read_text(encoding="utf-8").replace(
            'label: "Vakmanschap, bekwaam personeel', 'label: "Vakmanschap, zwaluwstaart personeel'), encoding="utf-8")
        assert "zwaluwstaart" in report_lowercase_words(codebook) and "bekwaam" not in report_words(codebook)
        frame.unlink()  # a year without a codeframe: none of its words
        assert "zwaluwstaart" not in report_words(codebook)
    finally:
        load_config.cache_clear()


# -- 4. what the run reads again after its snapshot vetted the file: a named pipe put there meanwhile is no wait -------
import threading  # noqa: E402


def _returns_without_waiting(call, fifo: Path):
    """`call()`'s value when it returns within 20 s; else the test fails (the pipe is then opened for writing and
    closed, so the thread blocked on it ends)."""
    out = {}

    def target():
        try:
            out["value"] = call()
        except BaseException as err:  # noqa: BLE001 - raised in the test below
            out["error"] = err

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail(f"waited on the named pipe {fifo}")
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_the_quotes_check_skips_a_notebook_swapped_for_a_named_pipe(tmp_path):
    from wlzmonitor.run.report_build import check_quotes

    fifo = tmp_path / "00_kerncijfers.py"
    os.mkfifo(fifo)
    config = SimpleNamespace(chapters={"00_kerncijfers": "Kerncijfers"}, notebook=lambda stem: fifo)
    assert _returns_without_waiting(lambda: check_quotes(None, config), fifo) is None  # no quotes shown: none checked


def test_check_year_s_codebook_line_of_a_codebook_swapped_for_a_named_pipe_is_the_file(tmp_path):
    from wlzmonitor.spec.year_rules import _header_line

    fifo = tmp_path / "2027.yml"
    os.mkfifo(fifo)
    ctx = SimpleNamespace(codebook=SimpleNamespace(path=fifo), rel=lambda path: "data/codebooks/2027.yml")
    assert _returns_without_waiting(lambda: _header_line(ctx, "title"), fifo) == "data/codebooks/2027.yml"


def test_a_failing_cell_s_line_of_a_notebook_swapped_for_a_named_pipe_is_not_looked_up(tmp_path):
    from wlzmonitor.run.notebook_run import _file_line

    fifo = tmp_path / "01_tarieven.py"
    os.mkfifo(fifo)
    cell = {"source": "x = 1\nraise ValueError\n",
            "outputs": [{"output_type": "error", "traceback": ["Cell In[3], line 2", "ValueError"]}]}
    cell = SimpleNamespace(source=cell["source"], get=cell.get)
    assert _returns_without_waiting(lambda: _file_line(fifo, 1, cell), fifo) is None


# -- 5. the new file of a command killed while it wrote is no input ------------------------------------------------------
def test_a_new_file_left_by_a_killed_command_does_not_change_the_key(repository):
    from wlzmonitor.compute.fingerprint import input_snapshot
    from wlzmonitor.spec.config import load_config

    load_config.cache_clear()
    config = load_config(repository)
    before = input_snapshot(2026, config).key
    left = [repository / "config" / ".report.yml.4242.0a1b2c3d.tmp",
            repository / "data" / "codeframes" / ".2026.yml.77.deadbeef.tmp"]
    other = repository / "config" / "notes.tmp"  # a file of the analyst's own: an input as before
    try:
        for path in left:
            path.write_text("years:\n", encoding="utf-8")  # half of config/report.yml
        assert input_snapshot(2026, config).key == before
        other.write_text("x\n", encoding="utf-8")
        assert input_snapshot(2026, config).key != before
    finally:
        for path in (*left, other):
            path.unlink(missing_ok=True)
        load_config.cache_clear()
