"""A file a person supplies that is a named pipe, a device or a folder is an error naming it, at
once: a pipe would block the run until something writes to it, a device be read forever.

Hostile review: `data/raw/2026/respondenten.csv` (or the codebook, the layout, a config file …)
made a named pipe hung `run_all` and every command reading it; a symbolic link to `/dev/zero`
filled the memory."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

import new_wave
from sweeps import first_fast
from wlzmonitor.compute.year_result import load_year_result
from wlzmonitor.run.report_plan import plan
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.errors import InputError
from wlzmonitor.spec.input_files import NotARegularFileError, read_input_bytes, read_input_text
from wlzmonitor.spec.paths import repo_root

ROOT = repo_root()

KINDS = {"pipe": "a named pipe", "device": "a device", "folder": "a folder"}


def _make(path: Path, kind: str) -> None:
    if path.exists():
        path.unlink()
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()


@pytest.fixture
def watchdog():
    """A read blocked on a pipe gets an end of file after 20 s: a regression fails, it never hangs
    the suite."""
    pipes: list[Path] = []
    stop = threading.Event()

    def release():
        if stop.wait(20):
            return
        for pipe in pipes:
            try:
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass

    threading.Thread(target=release, daemon=True).start()
    yield pipes
    stop.set()


@pytest.mark.parametrize("kind", list(KINDS))
def test_reading_refuses_what_is_not_a_file(tmp_path, kind, watchdog):
    path = tmp_path / "input.yml"
    _make(path, kind)
    watchdog.append(path)
    for read in (read_input_bytes, read_input_text):
        with pytest.raises(NotARegularFileError, match=f"input.yml: is {KINDS[kind]}, not a file") as err:
            read(path)
        # a folder holds files, it is no pipe or device whose content could be copied (review h128)
        assert ("the path of the file in it" in str(err.value)) == (kind == "folder"), str(err.value)
        assert ("pipe or device" in str(err.value)) == (kind != "folder"), str(err.value)
    (tmp_path / "real.yml").write_text("a: 1\r\n", encoding="utf-8")
    (tmp_path / "link.yml").symlink_to(tmp_path / "real.yml")  # a link to a file is that file
    assert read_input_text(tmp_path / "link.yml") == "a: 1\n"
    with pytest.raises(FileNotFoundError):
        read_input_bytes(tmp_path / "missing.yml")


def _run_start(root: Path) -> None:
    """The run's first two stages: its plan (snapshot, check-year) and the year's result."""
    plan(2026, config=load_config(root))
    load_year_result(2026, load_config(root))


def _quotes(root: Path) -> None:
    """The run's start (its snapshot holds data/quotes/), then the Kerncijfers chapter's reading."""
    from wlzmonitor.spec.quotes_file import read_quote_file

    _run_start(root)
    read_quote_file(root / "data" / "quotes" / "2026.yml", 2026)


def _published(root: Path) -> None:  # read by the trend chapters and the reproduction
    from wlzmonitor.spec.published import load_published

    load_published(2025, root)


INPUTS = {
    "data/raw/2026/respondenten.csv": _run_start,  # the export
    "data/codebooks/2026.yml": _run_start,
    "data/reports/2026/tables.yml": _run_start,    # the layout
    "config/privacy.yml": _run_start,
    "config/population.yml": _run_start,
    "data/codeframes/2026.yml": _run_start,
    "notebooks/03_herschikking.py": _run_start,
    "config/report.yml": _run_start,
    "data/quotes/2026.yml": _quotes,  # a pipe or device: the run's snapshot of data/quotes/; a folder: the chapter
    "data/published/2025/cells.csv": _published,
}


def _input_error(root: Path, relative: str) -> str:
    """The message of the InputError that reading `relative` the way the run reads it raises."""
    load_config.cache_clear()
    try:
        with pytest.raises(InputError) as err:
            INPUTS[relative](root)
    finally:
        load_config.cache_clear()
    return str(err.value)


@pytest.mark.parametrize("kind", first_fast(["pipe", "device", "folder"]))
@pytest.mark.parametrize("relative", first_fast(list(INPUTS)))
def test_a_run_stops_at_once_on_an_input_that_is_not_a_file(tmp_path, private_key, relative, kind, watchdog):
    root = new_wave.repository(tmp_path)
    path = root / relative
    _make(path, kind)
    watchdog.append(path)
    message = _input_error(root, relative)
    assert Path(relative).name in message and "Traceback" not in message
    assert f"is {KINDS[kind]}, not a file" in message or kind == "folder"  # a folder: wherever it is found


@pytest.mark.parametrize("kind", list(KINDS))
def test_check_export_names_an_export_that_is_not_a_file(tmp_path, kind, capsys, watchdog):
    from wlzmonitor.cli import main

    path = tmp_path / "export.csv"
    _make(path, kind)
    watchdog.append(path)
    assert main(["check-export", "--year", "2026", str(path)]) == 1  # an export with an error
    err = capsys.readouterr().err
    assert f"export.csv: is {KINDS[kind]}, not a file" in err and "Traceback" not in err


# -- a file a command writes may not be one the report reads --------------------------------------
@pytest.mark.parametrize("target", ["data/raw/2026/respondenten.csv", "data/codebooks/2026.yml", "config/report.yml",
                                    "data/raw/2026/log.csv", "notebooks/nieuw.csv", "data/raw", "a pipe"])
@pytest.mark.parametrize("command", ["check-export --log", "coding --export"])
def test_a_command_never_writes_over_an_input(tmp_path, private_key, capsys, monkeypatch, target, command, watchdog):
    """Hostile review: `check-export --log data/raw/2026/respondenten.csv` replaced the export (in no
    version control) with the log; `coding --export` with an XLSX. A folder, a pipe: a traceback or a
    hang. Each is refused before any work, naming the file; nothing is written."""
    from wlzmonitor.cli import main

    root = new_wave.repository(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    path = root / target if target != "a pipe" else tmp_path / "log.csv"
    if target == "a pipe":
        os.mkfifo(path)
        watchdog.append(path)
    before = {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    name, option = command.split()
    args = [name, "--year", "2026", *(["--root", str(root)] if name == "coding" else []), option, str(path)]
    if name == "check-export":
        args.insert(3, str(root / "data" / "raw" / "2026" / "respondenten.csv"))
    load_config.cache_clear()
    try:
        assert main(args) == 2
    finally:
        load_config.cache_clear()
    err = capsys.readouterr().err
    assert "not written" in err and path.name in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()} == before
    assert not (root / "notebooks" / "nieuw.csv").exists() and not (root / "data" / "raw" / "2026" / "log.csv").exists()


@pytest.mark.parametrize("kind", ["missing", "pipe", "folder"])
def test_the_coding_command_names_a_codeframe_that_is_missing_or_no_file(tmp_path, private_key, capsys, kind, watchdog):
    """Hostile review: `coding` without a codeframe ended in a FileNotFoundError traceback."""
    from wlzmonitor.cli import main

    root = new_wave.repository(tmp_path)
    path = root / "data" / "codeframes" / "2026.yml"
    if kind == "missing":
        path.unlink()
    else:
        _make(path, kind)
        watchdog.append(path)
    load_config.cache_clear()
    try:
        assert main(["coding", "--year", "2026", "--root", str(root)]) == 2
    finally:
        load_config.cache_clear()
    err = capsys.readouterr().err
    assert "2026.yml" in err and "Traceback" not in err
    assert ("no codeframe for 2026" in err) if kind == "missing" else (f"is {KINDS[kind]}, not a file" in err)


def test_check_export_does_not_write_its_log_over_the_export_it_checks(tmp_path, capsys):
    """Regression review: an export outside the configuration (`/tmp/x/exp.csv --log /tmp/x/exp.csv`)
    was replaced by its own log."""
    from wlzmonitor.cli import main

    export = tmp_path / "exp.csv"
    export.write_bytes((ROOT / "data" / "raw" / "2026" / "respondenten.csv").read_bytes())
    before = export.read_bytes()
    assert main(["check-export", "--year", "2026", str(export), "--log", str(tmp_path / "." / "exp.csv")]) == 2
    assert "is the export being checked" in capsys.readouterr().err and export.read_bytes() == before
    assert main(["check-export", "--year", "2026", str(export), "--log", str(tmp_path / "log.csv")]) == 0
    assert (tmp_path / "log.csv").is_file()


def test_a_ctrl_c_as_the_file_is_opened_closes_its_descriptor_once(tmp_path, monkeypatch):
    """A Ctrl-C that came as the file object was made (the run's handler raises it at the next step)
    left the descriptor closed twice: by open_input's clean-up and by the file object when freed.
    Between the two, a file the run opened next could get the same number, and the second close
    closed it ("Bad file descriptor" on a file the run read next, seen once as 'notebooks/…: cannot be
    read'). The file object alone closes it now."""
    import gc

    from wlzmonitor.spec import input_files

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("eerste", encoding="utf-8")
    second.write_text("tweede", encoding="utf-8")

    made: list = []  # the interrupted file object, freed later (as a traceback's frames free it)

    def interrupted(fd, *args, **kwargs):
        made.append(open(fd, *args, **kwargs))  # noqa: SIM115
        raise KeyboardInterrupt

    monkeypatch.setattr(input_files, "open", interrupted, raising=False)
    with pytest.raises(KeyboardInterrupt):
        input_files.open_input(first)
    monkeypatch.undo()
    number = made[0].fileno()
    os.fstat(number)  # still open: its file object holds it
    with input_files.open_input(second) as handle:
        assert handle.fileno() != number
        made.clear()
        gc.collect()  # the interrupted file object freed: it closes its own descriptor, not this one
        assert handle.read() == b"tweede"
    with pytest.raises(OSError):
        os.fstat(number)  # closed once, by its file object


@pytest.mark.parametrize("relative", first_fast([r for r in INPUTS if not r.endswith(".csv")]))
def test_a_run_stops_on_an_input_that_is_not_utf8_naming_it(tmp_path, private_key, relative):
    """Hostile review: a layout, codeframe or population file saved in another encoding (a byte 0xFF)
    ended check-year and the run in a bare UnicodeDecodeError traceback."""
    root = new_wave.repository(tmp_path)
    path = root / relative
    data = path.read_bytes()
    path.write_bytes(data[:40] + b"\xff\xfe" + data[40:])
    message = _input_error(root, relative)
    assert Path(relative).name in message and "Traceback" not in message


def test_text_that_is_not_utf8_is_named_by_line_and_column(tmp_path):
    from wlzmonitor.spec.input_files import UndecodableInputError

    path = tmp_path / "layout.yml"
    path.write_bytes(b"year: 2026\ntitle: caf\xe9 " + b"x" * 20000 + b"\n")  # past the reader's first chunk too
    with pytest.raises(UndecodableInputError) as err:
        read_input_text(path)
    assert str(err.value).startswith(f"{path}: line 2, column 11: the byte 0xE9 is not UTF-8 text")
    assert isinstance(err.value, UnicodeDecodeError) and isinstance(err.value, InputError)
    late = tmp_path / "late.yml"
    late.write_bytes(b"a: 1\n" * 5000 + b"b: \xff\n")
    with pytest.raises(UndecodableInputError, match="line 5001, column 4: the byte 0xFF"):
        read_input_text(late)
