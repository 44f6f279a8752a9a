"""The PDF printed by a forked child that got ready while the run did its other work.

    with pdf_printer(year, config) as printer:            # forks at once (where it can)
        ...                                                 # plan, pages, data outputs
        printer.write_pdf(out_dir, manifest, respondents=n, cache=cache, workers=2)

Importing WeasyPrint (its C bindings are declared at import) and pypdf takes ~0.7 s, and reading
the published chapter pages into the PDF's parts another ~0.3 s: in a run that only re-makes one
page (a prose edit), that was a third of the run. The child does it on the other CPU while the run
plans and makes its pages, then waits for the one job. Its output is the output of
:func:`wlzmonitor.run.pdf.write_pdf` in the run itself (same function, same arguments, same
bytes); the child adds nothing of its own. While it waits, the run may tell it that a chapter page
is finished (:meth:`PdfPrinter.ahead`): the child prints that part into the PDF cache
(:func:`wlzmonitor.run.pdf.print_ahead`, keyed by the part's whole document like every cached
part), so that the job finds it printed; a guess that turned out wrong is printed again by the job.
When every page is made and the run knows what its job will be (a prose edit: no chapter runs, the
data did not change), it says so (:meth:`PdfPrinter.guess`) and the child, once its parts are
printed, numbers and joins the whole PDF into the cache (:func:`wlzmonitor.run.pdf.print_guess`)
while the run checks the year and takes the data outputs over; the job then reads it back.

Where the child cannot be used the run prints the PDF itself: fork unavailable (Windows; macOS,
where forking a process that loaded system frameworks is unsafe), other threads running (a
Jupyter kernel: a lock one of them holds would stay locked in the child), the child gone or failed
for any reason other than the print engine's missing system libraries (that :class:`PdfError`
comes back as such). So an error is always raised in the run, as before.

The child is a plain ``os.fork`` (not a daemonic ``multiprocessing`` process: it may itself start
the worker processes :func:`wlzmonitor.run.pdf_parts.render_parts` uses for a cold print) in a
process group of its own. Leaving the ``with`` block in any way (Ctrl-C too: the terminal's signal
reaches the run, which ends the child) kills the whole group, workers included, and reaps the
child; a run that is killed takes the child with it (:func:`.process_tree.die_with_parent`), and
the workers die with the child. The child never runs the run's exit handlers (``os._exit``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from wlzmonitor.run.process_tree import die_with_parent
from wlzmonitor.spec.config import ReportConfig

__all__ = ["PdfPrinter", "pdf_printer"]


class PdfPrinter:
    """Prints the report's PDF: in the forked child when there is one, else in this process."""

    def __init__(self, year: int, config: ReportConfig, pid: int | None = None, conn=None):
        self.year, self.config, self.pid, self.conn = year, config, pid, conn
        self._ended = False  # the child was killed (end), not necessarily reaped yet (close)

    @property
    def forked(self) -> bool:
        return self.pid is not None

    def ahead(self, out_dir: Path, stems: list[str], cache: Path | None) -> None:
        """These chapter pages in `out_dir` are finished: the child (if any) prints their parts into
        `cache` while the run goes on (:func:`wlzmonitor.run.pdf.print_ahead`); no answer is awaited.
        Without a child nothing is done (the run would wait for it)."""
        if self.conn is not None and cache is not None and stems:
            try:
                self.conn.send(("ahead", Path(out_dir), list(stems), cache))
            except OSError:  # the child is gone: write_pdf prints here
                pass

    def pages_soon(self) -> None:
        """Chapter pages are about to be handed over (:meth:`ahead`; a prose edit makes its pages in
        well under a second): the child skips printing a part to warm up (:func:`wlzmonitor.run.pdf.prepare`),
        which would only hold up the first real part and take the CPU the run is using."""
        if self.conn is not None:
            try:
                self.conn.send(("soon",))
            except OSError:  # the child is gone: write_pdf prints here
                pass

    def guess(self, out_dir: Path, manifest: dict, *, respondents: int, cache: Path | None) -> None:
        """The job is expected to be this one (every chapter page in `out_dir` is made): the child
        (if any), once it has printed the parts it was told of, prints the whole PDF into `cache`
        (:func:`wlzmonitor.run.pdf.print_guess`), so that the job reads it back. No answer is awaited;
        a job that comes first is printed first, and a job that differs prints its own."""
        if self.conn is not None and cache is not None:
            try:
                self.conn.send(("guess", Path(out_dir), manifest, respondents, cache))
            except OSError:  # the child is gone: write_pdf prints here
                pass

    def write_pdf(self, out_dir: Path, manifest: dict, *, respondents: int, cache: Path | None,
                  workers: int, read_ahead: Callable[[bytes], None] | None = None) -> Path:
        """:func:`wlzmonitor.run.pdf.write_pdf` for this year and configuration: in the child when it
        is there and answers, else here. Raises :class:`~wlzmonitor.run.pdf.PdfError` either way.

        `read_ahead`: while the child prints and joins, this process would only wait; it is given the
        bytes of the numbered parts the child makes and of the PDF it joins them into, as the child
        tells them (:func:`_answer`)."""
        from wlzmonitor.run import pdf  # the module attribute: what the child has is what this process has

        job = ("job", Path(out_dir), manifest, respondents, cache, workers)
        if self.conn is not None:
            try:
                self.conn.send(job)
                status, message = _answer(self.conn, read_ahead)
            except (EOFError, OSError):  # the child is gone: print here
                status, message = "gone", ""
            finally:
                self.end()  # reaped when the run leaves the printer's block (close)
            if status == "ok":
                return Path(out_dir) / pdf.pdf_name(self.year)
            if status == "pdf":
                raise pdf.PdfError(message)
        return pdf.write_pdf(Path(out_dir), self.config, self.year, manifest, respondents=respondents,
                             cache=cache, workers=workers)

    def end(self) -> None:
        """End the child (if any) without waiting for it to be gone; idempotent. Its pipe is closed
        and its process group killed at once; reaping it (:meth:`close`) would wait while the system
        frees its memory (~0.02 s), which it does on the other CPU while the run goes on."""
        if self.conn is not None:
            with contextlib.suppress(OSError):
                self.conn.close()
            self.conn = None
        if self.pid is not None and not self._ended:
            # idle or busy: the run does not wait for it; its process group holds the worker
            # processes it may have started to print parts (they must not outlive the run either)
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
            self._ended = True

    def close(self) -> None:
        """End the child (if any) and reap it; idempotent."""
        self.end()
        if self.pid is not None:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(self.pid, 0)
            self.pid = None


def _answer(conn, read_ahead: Callable[[bytes], None] | None) -> tuple[str, str]:
    """The child's answer to the job. The child also tells of every part it numbers and of the PDF
    it joins them into (``("numbered", cache file)``, for this job or for the guess before it);
    while no message is waiting, the oldest such file is handed to `read_ahead`, so the run reads
    a part's pages while the child joins them, and keys the joined PDF's pages while the child
    answers. Once the answer is there, the files not handed on yet are left (the privacy gate
    reads them in the PDF, as it would without this)."""
    from wlzmonitor.run.pdf import numbered_part

    parts: list[Path] = []
    while True:
        if parts and not conn.poll(0):
            with contextlib.suppress(Exception):  # reading ahead is an optimisation only
                data = numbered_part(parts.pop(0))
                if data is not None and read_ahead is not None:
                    read_ahead(data)
            continue
        message = conn.recv()
        if message[0] != "numbered":
            return message
        if read_ahead is not None:
            parts.append(Path(message[1]))


def can_fork() -> bool:
    """Forking this process is safe: fork exists, not macOS, no other thread runs."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


@contextlib.contextmanager
def pdf_printer(year: int, config: ReportConfig, *, fork: bool | None = None) -> Iterator[PdfPrinter]:
    """A :class:`PdfPrinter` whose child (when `fork`, default :func:`can_fork`) is started now and
    ended when the block is left, however it is left."""
    printer = PdfPrinter(year, config)
    if fork if fork is not None else can_fork():
        printer = _fork(year, config) or printer
    try:
        yield printer
    finally:
        printer.close()


def _fork(year: int, config: ReportConfig) -> PdfPrinter | None:
    from multiprocessing.connection import Pipe

    ours, theirs = Pipe(duplex=True)
    for stream in (sys.stdout, sys.stderr):  # buffered text must not be written twice
        with contextlib.suppress(Exception):
            stream.flush()
    run = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: print here
        ours.close()
        theirs.close()
        return None
    if pid == 0:  # the child
        code = 1
        try:
            with contextlib.suppress(OSError):
                os.setpgid(0, 0)  # its own group: the run ends it and its workers at once
            die_with_parent(run)  # the run killed: the child ends too (and so its workers)
            ours.close()
            _serve(year, config, theirs)
            code = 0
        except BaseException:  # noqa: BLE001 - the run prints the PDF itself and raises there
            pass
        finally:
            os._exit(code)
    with contextlib.suppress(OSError):  # the child may have done it already
        os.setpgid(pid, pid)
    theirs.close()
    return PdfPrinter(year, config, pid, ours)


def _serve(year: int, config: ReportConfig, conn) -> None:
    """In the child: get ready, print the parts the run says are finished (``ahead``) as they come,
    then the whole PDF the run expects (``guess``), then print the one job and answer
    ``(status, message)``: ``ok``, ``pdf`` (the print engine's PdfError, its message) or ``error``
    (the run prints it itself). The job goes first: what is left of the rest is not done."""
    from wlzmonitor.run import pdf, pdf_parts

    pdf_parts.keep_joined_documents()  # this process leaves with os._exit: the joins' documents are not freed

    def tell(path: Path) -> None:  # a part numbered, or joined: the run reads it meanwhile (PdfPrinter.write_pdf)
        with contextlib.suppress(OSError):
            conn.send(("numbered", str(path)))
    with contextlib.suppress(Exception):  # getting ready is an optimisation only
        pdf.prepare(config, year, waiting=lambda: conn.poll(0))
    ahead: list[tuple[Path, str, Path]] = []  # (folder, chapter, cache) still to print ahead
    guess: tuple | None = None  # (folder, manifest, respondents, cache) of the job expected
    while True:
        if not (ahead or guess) or conn.poll(0):  # the job goes first: it prints what is left on every CPU
            if not (ahead or guess) and not conn.poll(0):  # idle: what the job will need
                with contextlib.suppress(Exception):
                    pdf.get_ready_to_join()
            try:
                message = conn.recv()
            except EOFError:  # the run ended or needs no PDF
                return
            if message[0] == "job":
                break
            if message[0] == "soon":  # pages come soon: prepare() has not printed its warm-up part
                continue
            if message[0] == "guess":
                guess = message[1:]
            else:
                _kind, out_dir, stems, cache = message
                ahead += [(out_dir, stem, cache) for stem in stems]
            continue
        with contextlib.suppress(Exception):  # printing ahead is an optimisation only
            if ahead:
                out_dir, stem, cache = ahead.pop(0)
                pdf.print_ahead(out_dir, config, year, [stem], cache=cache)
            else:
                (out_dir, manifest, respondents, cache), guess = guess, None
                pdf.print_guess(out_dir, config, year, manifest, respondents=respondents, cache=cache,
                                numbered_file=tell)
    _kind, out_dir, manifest, respondents, cache, workers = message
    try:
        pdf.write_pdf(out_dir, config, year, manifest, respondents=respondents, cache=cache, workers=workers,
                      numbered_file=tell)
        answer = ("ok", "")
    except pdf.PdfError as err:
        answer = ("pdf", str(err))
    except Exception as err:  # noqa: BLE001 - raised again by the run, with its traceback there
        answer = ("error", f"{type(err).__name__}: {err}")
    conn.send(answer)
    conn.close()
