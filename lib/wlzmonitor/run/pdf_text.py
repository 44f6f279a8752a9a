"""The text of many PDF pages, as pypdf extracts it, in a second process while this one reads others.

    later = extract_elsewhere(data, [101, 102, ...])   # None when not worth it or not possible
    texts = later.result()                              # {page number: (text, None) or (None, error)}

pypdf's text extraction is the privacy gate's slowest step (~45 ms a page: ~9 s for a report of
200 pages read for the first time, or after an edit that moved every page number). The gate hands
half of the pages it must read to one spawned process (only pypdf is imported there) and reads the
other half itself: on two CPUs the reading takes about half as long. The worker reads the same
bytes the gate read (handed over, not read again from the file), so both halves are of one file.
What the worker returns is exactly what ``page.extract_text()`` returns in the gate; a page the
worker cannot read comes back as its error's type (the gate reports it as it reports its own); a
worker that cannot start or fails leaves those pages to the gate.
"""

from __future__ import annotations

import concurrent.futures
import io
import multiprocessing
import os

from wlzmonitor.run.process_tree import die_with_parent

__all__ = ["MIN_PAGES", "extract_elsewhere", "page_texts"]

#: fewer pages to read than this: the gate reads them all itself (starting a worker costs ~0.3 s)
MIN_PAGES = 24


def page_texts(data: bytes, numbers: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """``{number: (text, None)}`` for each 1-based page number, or ``(None, error type)``."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    texts: dict[int, tuple[str | None, str | None]] = {}
    for number in numbers:
        try:
            texts[number] = (reader.pages[number - 1].extract_text() or "", None)
        except Exception as err:  # noqa: BLE001 - the gate fails such a page closed, as its own
            texts[number] = (None, type(err).__name__)
    return texts


class _Later:
    """The worker's texts when asked for (an empty dict when it failed: the gate reads them)."""

    def __init__(self, pool: concurrent.futures.ProcessPoolExecutor, future: concurrent.futures.Future):
        self._pool, self._future, self._texts = pool, future, None

    def result(self) -> dict[int, tuple[str | None, str | None]]:
        if self._texts is None:
            try:
                self._texts = self._future.result()
            except Exception:  # noqa: BLE001 - the worker failed: the gate reads these pages itself
                self._texts = {}
            finally:
                self._pool.shutdown(wait=True, cancel_futures=True)
        return self._texts

    def cancel(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def extract_elsewhere(data: bytes, numbers: list[int], *, min_pages: int | None = None) -> _Later | None:
    """Start extracting `numbers` in one spawned process; None when they are fewer than
    `min_pages`, this machine has one CPU, or no process can be started."""
    if len(numbers) < (MIN_PAGES if min_pages is None else min_pages) or (os.cpu_count() or 1) < 2:
        return None
    try:
        pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                      initializer=die_with_parent, initargs=(os.getpid(),))
        return _Later(pool, pool.submit(page_texts, data, list(numbers)))
    except (OSError, RuntimeError, AssertionError):  # AssertionError: this process is daemonic
        return None
