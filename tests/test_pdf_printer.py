"""The PDF printed by a forked child made ready while the run works on (run/pdf_printer.py): the
same bytes as printing in the run; the print engine's error comes back as it is; any other
failure, or a child that is gone, and the run prints (and raises) itself; the child never outlives
the block, and none is forked while other threads run."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import psutil
import pytest
from test_pdf_parts import CHAPTERS, _report

from wlzmonitor.run import pdf
from wlzmonitor.run.pdf_printer import can_fork, pdf_printer
from wlzmonitor.spec.config import load_config

MANIFEST = {"chapters": {stem: {"status": "ok"} for stem in CHAPTERS}}
needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="fork: Linux only")


@pytest.fixture(autouse=True)
def _private_key(private_key):
    """Every test here signs with a key of its own (conftest.private_key)."""


@pytest.fixture
def config():
    return dataclasses.replace(load_config(), chapters=CHAPTERS)


@pytest.fixture
def calls(tmp_path, monkeypatch):
    """pdf.write_pdf replaced (in this process and so in the child forked after): each call appends
    the calling process id to a file; `calls.outcome` says what the call does."""
    log = tmp_path / "calls"
    log.write_text("")

    class Calls:
        outcome = "ok"

        def pids(self) -> list[int]:
            return [int(line) for line in log.read_text().split()]

    state = Calls()

    def fake(out_dir, config, year, manifest, *, respondents, cache=None, workers=1, numbered_file=None):
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        if state.outcome == "pdf":
            raise pdf.PdfError("the PDF needs WeasyPrint's system libraries (Debian: apt-get install libpango-1.0-0)")
        if state.outcome == "bug":
            raise ValueError("a bug in the print")
        (out_dir / pdf.pdf_name(year)).write_bytes(b"%PDF-1.7 fake")
        return out_dir / pdf.pdf_name(year)

    monkeypatch.setattr(pdf, "write_pdf", fake)
    return state


def _gone(pid: int) -> bool:
    return not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@needs_fork
@pytest.mark.slow  # real WeasyPrint in a child and here: the full suite runs it
def test_the_forked_printer_prints_the_bytes_this_process_prints(tmp_path, config):
    here, there = tmp_path / "here", tmp_path / "there"
    _report(here)
    shutil.copytree(here, there)
    expected = pdf.write_pdf(here, config, 2026, MANIFEST, respondents=12, cache=None).read_bytes()
    with pdf_printer(2026, config, fork=True) as printer:
        assert printer.forked
        child = printer.pid
        made = printer.write_pdf(there, MANIFEST, respondents=12, cache=tmp_path / "cache", workers=1)
    assert made == there / pdf.pdf_name(2026) and made.read_bytes() == expected
    assert _gone(child)


@needs_fork
def test_the_child_prints_and_the_run_does_not(tmp_path, config, calls):
    with pdf_printer(2026, config, fork=True) as printer:
        made = printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    assert made.read_bytes() == b"%PDF-1.7 fake"
    assert len(calls.pids()) == 1 and calls.pids()[0] != os.getpid()


@needs_fork
def test_the_child_prints_finished_pages_ahead_and_the_job_goes_first(tmp_path, config, calls, monkeypatch):
    """printer.ahead: the child prints those parts (pdf.print_ahead) while the run goes on; a job
    that arrives while parts are still to be printed ahead goes first (it prints them on every CPU)."""
    import time

    log = tmp_path / "ahead"
    log.write_text("")

    def ahead(out_dir, config, year, stems, *, cache):
        with log.open("a") as f:
            f.write(f"{os.getpid()} {' '.join(stems)}\n")
        time.sleep(0.5)

    monkeypatch.setattr(pdf, "print_ahead", ahead)
    with pdf_printer(2026, config, fork=True) as printer:
        printer.ahead(tmp_path, ["01_a"], tmp_path / "cache")
        deadline = time.monotonic() + 30
        while not log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        printer.ahead(tmp_path, ["02_b", "03_c"], tmp_path / "cache")
        printer.ahead(tmp_path, [], tmp_path / "cache")  # nothing: no message
        made = printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    lines = log.read_text().splitlines()
    assert lines[0] == f"{calls.pids()[0]} 01_a" and calls.pids()[0] != os.getpid()
    assert len(lines) <= 2  # 03_c at least was left to the job
    assert made.read_bytes() == b"%PDF-1.7 fake"


def _logging(monkeypatch, log: Path, *, seconds: float = 0.0) -> None:
    """pdf.print_ahead and pdf.print_guess replaced: each call appends '<pid> <what>' to `log`."""
    import time

    log.write_text("")

    def ahead(out_dir, config, year, stems, *, cache):
        with log.open("a") as f:
            f.write(f"{os.getpid()} ahead {' '.join(stems)}\n")
        time.sleep(seconds)

    def guess(out_dir, config, year, manifest, *, respondents, cache, numbered_file=None):
        with log.open("a") as f:
            f.write(f"{os.getpid()} guess {respondents} {sorted(manifest['chapters'])}\n")

    monkeypatch.setattr(pdf, "print_ahead", ahead)
    monkeypatch.setattr(pdf, "print_guess", guess)


def _wait_for(log: Path, lines: int) -> list[str]:
    import time

    deadline = time.monotonic() + 30
    while len(log.read_text().splitlines()) < lines and time.monotonic() < deadline:
        time.sleep(0.02)
    return log.read_text().splitlines()


@needs_fork
def test_the_child_prints_the_whole_pdf_expected_after_the_parts_it_was_told_of(tmp_path, config, calls, monkeypatch):
    """printer.guess: once the parts told of are printed ahead, the child prints the whole PDF of the
    expected job into the cache (pdf.print_guess); the job comes after and is printed as always."""
    log = tmp_path / "log"
    _logging(monkeypatch, log)
    with pdf_printer(2026, config, fork=True) as printer:
        printer.ahead(tmp_path, ["01_a"], tmp_path / "cache")
        printer.guess(tmp_path, MANIFEST, respondents=12, cache=tmp_path / "cache")
        printer.guess(tmp_path, MANIFEST, respondents=12, cache=None)  # no cache: no message
        lines = _wait_for(log, 2)
        made = printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=tmp_path / "cache", workers=1)
    child = calls.pids()[0]
    assert child != os.getpid() and lines == [f"{child} ahead 01_a", f"{child} guess 12 {sorted(CHAPTERS)}"]
    assert made.read_bytes() == b"%PDF-1.7 fake" and len(log.read_text().splitlines()) == 2


@needs_fork
def test_a_job_that_comes_first_is_printed_instead_of_the_whole_pdf_expected(tmp_path, config, calls, monkeypatch):
    log = tmp_path / "log"
    _logging(monkeypatch, log, seconds=0.5)
    with pdf_printer(2026, config, fork=True) as printer:
        printer.ahead(tmp_path, ["01_a"], tmp_path / "cache")
        _wait_for(log, 1)  # printing 01_a ahead (half a second)
        printer.guess(tmp_path, MANIFEST, respondents=12, cache=tmp_path / "cache")
        made = printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=tmp_path / "cache", workers=1)
    assert log.read_text().splitlines() == [f"{calls.pids()[0]} ahead 01_a"]  # the job came first: no guess
    assert made.read_bytes() == b"%PDF-1.7 fake" and calls.pids()[0] != os.getpid()


def _signed_part(cache: Path, name: str, payload: bytes, purpose: str = "pdfpart") -> Path:
    from wlzmonitor.compute.signed_files import write_signed

    cache.mkdir(parents=True, exist_ok=True)
    write_signed(cache / name, purpose, payload)
    return cache / name


def test_while_the_child_joins_the_run_is_given_the_parts_it_numbered(tmp_path):
    """_answer: the parts the child tells of are handed on one by one while no other message waits
    (the run reads their pages meanwhile); a file that is not a signed numbered part is skipped."""
    from multiprocessing import Pipe

    from wlzmonitor.run.pdf_printer import _answer

    ours, theirs = Pipe(duplex=True)
    first = _signed_part(tmp_path / "cache", "pdfpart-2026-01_a-1", b"%PDF first")
    planted = _signed_part(tmp_path / "cache", "pdfpart-2026-02_b-1", b"%PDF planted", purpose="pdfraw")
    second = _signed_part(tmp_path / "cache", "pdfpart-2026-03_c-1", b"%PDF second")
    for path in (first, planted, tmp_path / "cache" / "missing", second):
        theirs.send(("numbered", str(path)))
    given: list[bytes] = []

    def numbered(data: bytes) -> None:
        given.append(data)
        if len(given) == 2:  # the child answers once the run has read both
            theirs.send(("ok", ""))

    assert _answer(ours, numbered) == ("ok", "") and given == [b"%PDF first", b"%PDF second"]
    theirs.send(("numbered", str(first)))  # a reader that fails: the answer comes all the same
    failing = []

    def broken(data: bytes) -> None:
        failing.append(data)
        theirs.send(("ok", ""))
        raise ValueError("a bug in reading ahead")

    assert _answer(ours, broken) == ("ok", "") and failing == [b"%PDF first"]


def test_once_the_answer_is_there_the_parts_not_handed_on_are_left(tmp_path):
    from multiprocessing import Pipe

    from wlzmonitor.run.pdf_printer import _answer

    ours, theirs = Pipe(duplex=True)
    part = _signed_part(tmp_path / "cache", "pdfpart-2026-01_a-1", b"%PDF first")
    theirs.send(("numbered", str(part)))
    theirs.send(("numbered", str(part)))
    theirs.send(("pdf", "the print engine's error"))
    given: list[bytes] = []
    assert _answer(ours, given.append) == ("pdf", "the print engine's error") and given == []
    theirs.send(("numbered", str(part)))
    theirs.send(("ok", ""))
    assert _answer(ours, None) == ("ok", "")  # no one to give them to: the parts are not read


@needs_fork
def test_the_forked_child_tells_the_run_of_each_part_it_numbers(tmp_path, config, monkeypatch):
    """The child passes a `numbered_file` callback to pdf.write_pdf; each cache file it is called with
    reaches the run's `read_ahead` as the part's bytes, before the job's answer."""
    import time

    part = _signed_part(tmp_path / "cache", "pdfpart-2026-01_a-1", b"%PDF numbered part")

    def fake(out_dir, config, year, manifest, *, respondents, cache=None, workers=1, numbered_file=None):
        numbered_file(part)
        time.sleep(0.3)  # joining: the run reads the part meanwhile
        (out_dir / pdf.pdf_name(year)).write_bytes(b"%PDF-1.7 fake")
        return out_dir / pdf.pdf_name(year)

    monkeypatch.setattr(pdf, "write_pdf", fake)
    given: list[tuple[bytes, int]] = []
    with pdf_printer(2026, config, fork=True) as printer:
        made = printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=tmp_path / "cache", workers=1,
                                 read_ahead=lambda data: given.append((data, os.getpid())))
    assert given == [(b"%PDF numbered part", os.getpid())] and made.read_bytes() == b"%PDF-1.7 fake"


def test_without_a_child_nothing_is_printed_ahead(tmp_path, config, calls, monkeypatch):
    monkeypatch.setattr(pdf, "print_ahead", lambda *a, **k: pytest.fail("printed ahead in the run"))
    monkeypatch.setattr(pdf, "print_guess", lambda *a, **k: pytest.fail("printed ahead in the run"))
    with pdf_printer(2026, config, fork=False) as printer:
        printer.ahead(tmp_path, ["01_a"], tmp_path / "cache")
        printer.guess(tmp_path, MANIFEST, respondents=12, cache=tmp_path / "cache")
        printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    assert calls.pids() == [os.getpid()]


@needs_fork
def test_the_print_engines_error_comes_back_from_the_child_as_it_is(tmp_path, config, calls):
    calls.outcome = "pdf"
    with pdf_printer(2026, config, fork=True) as printer, pytest.raises(pdf.PdfError, match="libpango"):
        printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    assert len(calls.pids()) == 1 and calls.pids()[0] != os.getpid()  # not printed twice


@needs_fork
def test_any_other_failure_in_the_child_is_raised_by_the_run_itself(tmp_path, config, calls):
    calls.outcome = "bug"
    with pdf_printer(2026, config, fork=True) as printer, pytest.raises(ValueError, match="a bug in the print"):
        printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    child, run = calls.pids()
    assert child != os.getpid() and run == os.getpid()  # the run printed again: its own traceback


@needs_fork
def test_a_child_that_is_gone_leaves_the_print_to_the_run(tmp_path, config, calls):
    with pdf_printer(2026, config, fork=True) as printer:
        os.kill(printer.pid, signal.SIGKILL)
        made = printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    assert made.read_bytes() == b"%PDF-1.7 fake" and calls.pids() == [os.getpid()]


@needs_fork
def test_the_child_is_killed_once_it_answered_and_reaped_when_the_block_is_left(tmp_path, config, calls):
    """After the child's answer the run goes on at once: the child (and its process group) is killed
    then, and only reaped when the run leaves the printer's block, so the run does not wait while the
    system frees the child's memory. Killed means dead: its pipe closed, nothing more asked of it."""
    import time

    with pdf_printer(2026, config, fork=True) as printer:
        child = printer.pid
        made = printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
        assert made.read_bytes() == b"%PDF-1.7 fake" and printer.conn is None
        assert printer.pid == child  # not reaped yet ...
        deadline = time.monotonic() + 10
        while not _gone(child) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _gone(child) and psutil.pid_exists(child)  # ... but dead: a zombie until the block is left
        printer.end()  # idempotent: not killed twice (its number may not be reused before it is reaped)
        printer.ahead(tmp_path, ["01_a"], tmp_path)  # nothing to tell: no error
    assert printer.pid is None and not psutil.pid_exists(child)
    printer.close()  # idempotent


@needs_fork
def test_leaving_the_block_in_any_way_ends_the_child(config):
    with pdf_printer(2026, config, fork=True) as printer:  # no PDF asked for (nothing to do)
        idle = printer.pid
    assert _gone(idle) and printer.pid is None
    with pytest.raises(KeyboardInterrupt), pdf_printer(2026, config, fork=True) as printer:
        busy = printer.pid
        raise KeyboardInterrupt
    assert _gone(busy)


def test_no_child_is_forked_while_another_thread_runs(tmp_path, config, calls):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        with pdf_printer(2026, config) as printer:
            assert not printer.forked
            printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    finally:
        stop.set()
        thread.join()
    assert calls.pids() == [os.getpid()]


def test_run_all_leaves_without_teardown_but_with_its_exit_handlers_and_output(tmp_path):
    """run_all.exit_now: what was printed and the exit handlers' work arrive; the code is kept."""
    root = Path(__file__).resolve().parents[1]
    code = ("import atexit, sys, run_all\n"
            "atexit.register(lambda: print('handler ran'))\n"
            "print('written', end=' '); sys.stderr.write('err')\n"
            "run_all.exit_now(3)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(root)})
    assert (done.returncode, done.stdout, done.stderr) == (3, "written handler ran\n", "err")


def _sleepers(out_dir, config, year, manifest, **kwargs):
    """A print that starts two worker processes (as a cold print does) and then takes very long."""
    import concurrent.futures
    import multiprocessing
    import time

    from wlzmonitor.run.process_tree import die_with_parent

    pool = concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"),
                                                  initializer=die_with_parent, initargs=(os.getpid(),))
    for _ in range(2):
        pool.submit(time.sleep, 300)
    time.sleep(300)


def _assert_all_end(family: list[psutil.Process]) -> None:
    """Every process of `family` ends within 15 s (those that do not are killed, then reported)."""
    _, alive = psutil.wait_procs(family, timeout=15)
    left = [p.pid for p in alive if not _gone(p.pid)]
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    assert left == []


def _family_of(pid: int, size: int) -> list[psutil.Process]:
    """The process `pid` and its descendants, once it has `size` of them (else fail)."""
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        family = psutil.Process(pid).children(recursive=True)
        if len(family) >= size:
            return [psutil.Process(pid), *family]
        time.sleep(0.2)
    raise AssertionError(f"process {pid} never started {size} workers")


@needs_fork
@pytest.mark.slow  # starts and kills real worker processes: the full suite runs it
def test_an_interrupted_print_leaves_no_process_behind(tmp_path, config, monkeypatch):
    """Ctrl-C while the child prints with its workers: the child and every worker are gone."""
    monkeypatch.setattr(pdf, "write_pdf", _sleepers)
    with pytest.raises(KeyboardInterrupt), pdf_printer(2026, config, fork=True) as printer:
        printer.conn.send(("job", tmp_path, MANIFEST, 12, None, 2))
        family = _family_of(printer.pid, 2)
        raise KeyboardInterrupt
    _assert_all_end(family)


@needs_fork
@pytest.mark.slow  # a real run process killed: the full suite runs it
def test_a_killed_run_takes_its_printer_and_the_workers_with_it(tmp_path):
    """SIGKILL to the run (nobody leaves the block): the kernel ends the child, the child's end its workers."""
    root = Path(__file__).resolve().parents[1]
    script = (
        "import sys, time, dataclasses\n"
        "sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from pathlib import Path\n"
        "from test_pdf_printer import _sleepers, MANIFEST, CHAPTERS\n"
        "from wlzmonitor.run import pdf\n"
        "from wlzmonitor.run.pdf_printer import pdf_printer\n"
        "from wlzmonitor.spec.config import load_config\n"
        "pdf.write_pdf = _sleepers\n"
        "config = dataclasses.replace(load_config(), chapters=CHAPTERS)\n"
        "with pdf_printer(2026, config, fork=True) as printer:\n"
        "    printer.conn.send((\"job\", Path(sys.argv[3]), MANIFEST, 12, None, 2))\n"
        "    print(printer.pid, flush=True)\n"
        "    time.sleep(300)\n")
    run = subprocess.Popen([sys.executable, "-c", script, str(root / "lib"), str(root / "tests"), str(tmp_path)],
                           stdout=subprocess.PIPE, text=True, cwd=root)
    try:
        child = int(run.stdout.readline())
        family = _family_of(child, 2)
    finally:
        run.kill()
        run.wait()
    _assert_all_end(family)


def _warm_up_log(monkeypatch, log: Path) -> Path:
    """pdf.prepare's steps replaced: importing the print engine lasts until the test touches the file returned
    (after its message, if any, was sent: the run's message is there by then however late the loaded machine
    runs the test, review h122: a fixed half second was not always enough), a part printed appends '<pid>' to
    `log`, the join's imports do nothing."""
    import time

    from wlzmonitor.run import pdf_parts

    log.write_text("")
    sent = log.with_name(log.name + ".sent")

    def weasyprint():
        deadline = time.monotonic() + 60
        while not sent.exists() and time.monotonic() < deadline:
            time.sleep(0.01)

    def render(document, *args):
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return {}, b"%PDF part"

    monkeypatch.setattr(pdf_parts, "_weasyprint", weasyprint)
    monkeypatch.setattr(pdf_parts, "render_part", render)
    monkeypatch.setattr(pdf, "get_ready_to_join", lambda: None)
    return sent


@needs_fork
def test_told_that_pages_come_soon_the_child_prints_no_part_to_warm_up(tmp_path, config, calls, monkeypatch):
    """printer.pages_soon (a prose edit: its page is made in well under a second): the child does not
    print a part to warm up, which would hold up the page's own part and take the run's CPU; told nothing,
    it does (the chapters of a run take seconds); the job is printed either way."""
    log = tmp_path / "parts"
    sent = _warm_up_log(monkeypatch, log)
    with pdf_printer(2026, config, fork=True) as printer:
        printer.pages_soon()
        sent.touch()
        made = printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    assert made.read_bytes() == b"%PDF-1.7 fake" and log.read_text() == ""
    sent.unlink()
    with pdf_printer(2026, config, fork=True) as printer:
        sent.touch()
        warmed = _wait_for(log, 1)
        printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    assert warmed == [str(calls.pids()[1])] and calls.pids()[1] != os.getpid()


def test_without_a_child_pages_soon_says_nothing(tmp_path, config, calls):
    with pdf_printer(2026, config, fork=False) as printer:
        printer.pages_soon()
        printer.write_pdf(tmp_path, MANIFEST, respondents=12, cache=None, workers=1)
    assert calls.pids() == [os.getpid()]
