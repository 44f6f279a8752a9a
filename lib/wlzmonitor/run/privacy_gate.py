"""The last gate of a run: no personal data in any file of the output.

    deny = run_deny_list(2026, config)          # from the unscrubbed export; never in the result
    problems = personal_data_problems(staging, deny)
    # ['01_tarieven.html line 212: the contact person's name of respondent R0042', ...]

Every file the run wrote is read the way a person would read it — HTML pages and the index as
text (embedded base64 images skipped), executed notebooks cell by cell (their images skipped),
CSV and other text files line by line, workbooks cell by cell (and their sheet names and
document properties), chart SVGs by their text (labels, titles, comments; not the drawing
coordinates), a PDF by its extracted text — and scanned with
:func:`wlzmonitor.inputs.privacy.scan_personal_data` against the year's deny list: the contact
question's names, e-mail addresses and phone numbers (and an export mapping's identifying
organisation names) from the *unscrubbed* survey, the terms of ``config/privacy.yml``, and the
patterns of e-mail addresses, phone numbers, IBAN, BSN, KvK numbers, birth dates and addresses.
PNG/JPEG images are not read (pixels; their alt texts are in the pages).

A problem names the file, the place in it and the respondent whose data it is (respondent id),
never the value: the message goes to a terminal and a log. The run treats any problem like a
failed chapter: nothing is published.

Verdicts: a run's :class:`OutputScan` may be given a verdicts file (``outputs/.cache/gate-<year>``).
A file found clean is remembered there as an HMAC (the user's cache key) over the gate's code
and environment (:func:`~wlzmonitor.compute.fingerprint.library_digest`), the deny list, the
file's name and the SHA-256 of its bytes; the next run does not read a file again whose
name and bytes, deny list and gate code are all the same (the pages, figures and data outputs a
run takes over unchanged). Files with a problem are never remembered; the verdicts file is signed
(:mod:`wlzmonitor.compute.signed_files`), so an edited or planted one reads as empty.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from wlzmonitor.compute.fingerprint import library_digest
from wlzmonitor.compute.result_cache import cache_secret
from wlzmonitor.compute.signed_files import read_signed, write_signed
from wlzmonitor.inputs.privacy import DenyList, PersonalDataHit, deny_list, scan_personal_data
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import ReportConfig
from wlzmonitor.spec.privacy_settings import load_privacy_settings

__all__ = ["KIND_WORDS", "OutputScan", "file_problems", "file_texts", "personal_data_problems", "run_deny_list",
           "start_deny_list"]

#: kind of a hit -> how a message names it (never the value itself)
KIND_WORDS = {
    "contact-name": "the contact person's name",
    "contact-email": "the contact e-mail address",
    "contact-phone": "the contact phone number",
    "contact-organisation": "the organisation's name (identifying column of the export)",
    "organisation": "an organisation name listed in config/privacy.yml",
    "location": "a location listed in config/privacy.yml",
    "name": "a person name listed in config/privacy.yml",
    "email": "an e-mail address",
    "phone": "a phone number",
    "iban": "a bank account number (IBAN)",
    "bsn": "a BSN",
    "kvk": "a KvK number",
    "birthdate": "a birth date",
    "address": "an address",
}
#: images: pixels, not text (a chart's words are in its page's alt text and its SVG)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")
_SVG_TEXT = re.compile(r"<!--(.*?)-->|>([^<>]+)<|\b(?:aria-label|alt|title)=\"([^\"]*)\"", re.DOTALL)


class PdfUnreadable(RuntimeError):
    """A PDF in the output whose text cannot be extracted (no pypdf, no pdftotext)."""


def run_deny_list(year: int, config: ReportConfig) -> DenyList:
    """The year's deny list, from its unscrubbed export (read here, kept in memory only)."""
    sources = config.year(year)
    codebook = load_codebook(sources.codebook)
    survey = load_survey(sources.export, codebook, mapping=sources.mapping if sources.mapping.is_file() else None)
    return deny_list(survey, load_privacy_settings(config.privacy_file))


def start_deny_list(year: int, config: ReportConfig) -> Callable[[], DenyList]:
    """:func:`run_deny_list` started in a forked child process, so that reading the unscrubbed
    export (~0.5 s) overlaps with the run's other work; the returned function waits for it.

    The deny list comes back through a pipe (in memory only, never a file). Where processes cannot
    be forked (Windows, macOS' default), or when the child fails in any way, the deny list is
    computed in this process when asked for, so an error in the export is raised here as usual.
    Fork before any thread is started (run_all starts its chapter workers after this).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return lambda: run_deny_list(year, config)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(run_deny_list, year, config)

    def result() -> DenyList:
        try:
            return future.result()
        except Exception:  # the child died or failed: the same work here, its error raised here
            return run_deny_list(year, config)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    return result


def _notebook_texts(path: Path) -> Iterator[tuple[str, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    yield "metadata", json.dumps(nb.get("metadata", {}), ensure_ascii=False)
    for number, cell in enumerate(nb.get("cells", []), start=1):
        parts = ["".join(cell.get("source", "")), json.dumps(cell.get("metadata", {}), ensure_ascii=False)]
        for output in cell.get("outputs", []):
            if "text" in output:
                parts.append("".join(output["text"]))
            for mime, data in (output.get("data") or {}).items():
                if not mime.startswith("image/") or mime == "image/svg+xml":
                    parts.append(data if isinstance(data, str) else
                                 "".join(data) if isinstance(data, list) else json.dumps(data, ensure_ascii=False))
            for key in ("ename", "evalue"):
                if key in output:
                    parts.append(str(output[key]))
            parts.extend(output.get("traceback", []))
        yield f"cell {number}", _DATA_URI.sub(" ", "\n".join(parts))


def _workbook_texts(path: Path) -> Iterator[tuple[str, str]]:
    from openpyxl import load_workbook  # not at the top: only a run's last step needs it

    with zipfile.ZipFile(path) as book:  # document properties (author, title, ...)
        for name in sorted(n for n in book.namelist() if n.startswith("docProps/")):
            yield name, book.read(name).decode("utf-8", errors="replace")
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        yield "sheet names", "\n".join(workbook.sheetnames)
        for sheet in workbook.worksheets:
            cells = [(cell.coordinate, str(cell.value)) for row in sheet.iter_rows() for cell in row
                     if cell.value is not None and hasattr(cell, "coordinate")]
            # one text per sheet (fast), cells apart (NUL: no pattern or name runs across it)
            yield f"sheet {sheet.title!r} cells:" + "\x00".join(c for c, _ in cells), \
                "\x00".join(v.replace("\x00", " ") for _, v in cells)
    finally:
        workbook.close()


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader  # optional
    except ImportError:
        pdftotext = shutil.which("pdftotext")
        if pdftotext is None:
            raise PdfUnreadable(f"{path.name}: cannot read the PDF's text to check it for personal data "
                                "(install pypdf, or poppler's pdftotext)") from None
        done = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)
        if done.returncode != 0:
            raise PdfUnreadable(f"{path.name}: pdftotext could not read it ({done.stderr.decode(errors='replace')[:200]})")
        return done.stdout.decode("utf-8", errors="replace")
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def file_texts(path: Path) -> Iterator[tuple[str, str]]:
    """``(place, text)`` pieces of one output file as a reader would read them (see the module
    docstring); a place ending in ``line`` is named by line, ``sheet … cells:`` by cell."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return
    if suffix == ".ipynb":
        yield from _notebook_texts(path)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _workbook_texts(path)
    elif suffix == ".pdf":
        yield "line", _pdf_text(path)
    elif suffix == ".svg":
        text = path.read_text(encoding="utf-8", errors="replace")
        yield "text", "\n".join(next(g for g in m.groups() if g is not None) for m in _SVG_TEXT.finditer(text))
    else:
        text = path.read_bytes().decode("utf-8", errors="replace")
        yield "line", _DATA_URI.sub(" ", text) if "base64," in text else text


def _place(place: str, text: str, hit: PersonalDataHit) -> str:
    """Where in a file a hit is: 'line 12', 'cell 4', "sheet 'Tabel 1' cell B3"."""
    if place == "line":
        return f"line {text.count(chr(10), 0, hit.offset) + 1}"
    if place.startswith("sheet ") and " cells:" in place:
        title, coordinates = place.split(" cells:", 1)
        index = text.count("\x00", 0, hit.offset)
        cells = coordinates.split("\x00")
        return f"{title} cell {cells[index] if index < len(cells) else '?'}"
    return place


def _describe(hit: PersonalDataHit) -> str:
    who = (f"respondent {', '.join(hit.respondents)}" if hit.respondents else
           "config/privacy.yml" if hit.kind in ("organisation", "location", "name") else "respondent unknown")
    return f"{KIND_WORDS.get(hit.kind, hit.kind)} ({who})"


def file_problems(path: Path, folder: Path, deny: DenyList) -> list[str]:
    """The problems of one file (see :func:`personal_data_problems`)."""
    name = path.relative_to(folder).as_posix()
    try:
        pieces = list(file_texts(path))
    except PdfUnreadable as err:
        return [f"{name}: {err}"]
    except (OSError, ValueError, zipfile.BadZipFile) as err:
        return [f"{name}: cannot be read to check it for personal data ({type(err).__name__})"]
    problems: list[str] = []
    for place, text in pieces:
        problems += dict.fromkeys(f"{name} {_place(place, text, hit)}: {_describe(hit)}"
                                  for hit in scan_personal_data(text, deny))
    return problems


def _deny_text(deny: DenyList) -> bytes:
    """Everything of the deny list a verdict depends on, in a fixed order."""
    return repr((deny.entries, deny.settings, sorted(deny.answers.items()))).encode("utf-8")


class OutputScan:
    """The gate over a folder, file by file as files are finished (a run scans its data outputs and
    each chapter's files while other chapters still run); :meth:`finish` scans the rest.

    `verdicts`: the signed file of clean verdicts of earlier runs (see the module docstring); None:
    every file is read."""

    PURPOSE = "privacy-gate verdicts"
    #: verdicts kept: this scan's first, then earlier ones (about ten runs' worth of files)
    KEPT = 5000

    def __init__(self, folder: Path, deny: DenyList, *, verdicts: Path | None = None) -> None:
        self.folder, self.deny, self.verdicts = folder, deny, verdicts
        self._done: dict[Path, list[str]] = {}
        self._clean: set[str] = set()  # verdicts used or made by this scan
        self._known: set[str] = set()
        self._secret = b""
        if verdicts is not None:
            self._secret = hmac.new(cache_secret(), b"wlzmonitor gate\0" + library_digest().encode("ascii")
                                    + b"\0" + _deny_text(deny), hashlib.sha256).digest()
            stored = read_signed(verdicts, self.PURPOSE)
            try:
                self._known = set(json.loads(stored)) if stored else set()
            except ValueError:
                self._known = set()
        #: files read this scan, and files whose clean verdict was remembered
        self.read = self.remembered = 0

    def _verdict(self, path: Path) -> str:
        name = path.relative_to(self.folder).as_posix().encode("utf-8")
        digest = hashlib.sha256(path.read_bytes()).digest()
        return hmac.new(self._secret, name + b"\0" + digest, hashlib.sha256).hexdigest()

    def scan(self, paths) -> None:
        """Scan these (finished) files now."""
        for path in paths:
            if not path.is_file() or path in self._done:
                continue
            verdict = self._verdict(path) if self.verdicts is not None else ""
            if verdict and verdict in self._known:
                self._done[path] = []
                self._clean.add(verdict)
                self.remembered += 1
                continue
            self._done[path] = file_problems(path, self.folder, self.deny)
            self.read += 1
            if verdict and not self._done[path] and verdict == self._verdict(path):  # unchanged while read
                self._clean.add(verdict)

    def finish(self) -> list[str]:
        """Every problem of every file under the folder (files not scanned yet are scanned now)."""
        files = sorted(p for p in self.folder.rglob("*") if p.is_file())
        self.scan(files)
        if self.verdicts is not None:  # this scan's, then those of earlier scans (an undone edit)
            kept = sorted(self._clean) + sorted(self._known - self._clean)
            write_signed(self.verdicts, self.PURPOSE, json.dumps(kept[:self.KEPT]).encode("ascii"))
        return [problem for path in files for problem in self._done[path]]


def personal_data_problems(folder: Path, deny: DenyList) -> list[str]:
    """Every place in every file under `folder` that holds personal data, as
    '<file> <place>: <what> (respondent <id>)' — never the value itself."""
    return OutputScan(folder, deny).finish()
