"""Plain cache files signed with the user's cache key: chart images, the printed PDF, gate verdicts.

    write_signed(path, "chart", payload)      # MAGIC + HMAC-SHA256(key, purpose, name, payload) + payload
    payload = read_signed(path, "chart")      # the payload, or None (missing, planted, edited, copied)

The files are bytes a run would otherwise compute again (never pickles: nothing is executed on
reading). They live in ``outputs/.cache``, which is no place to trust (see
:mod:`wlzmonitor.compute.result_cache`), so each carries an HMAC over its purpose, its file name
(which is its content key) and its bytes, made with the same per-user secret
(:func:`~wlzmonitor.compute.cache_key.cache_secret`) as the signed year result: a file planted,
edited, renamed to another key or copied from another user reads as missing, and the caller
computes the bytes again. Writes are atomic (a temporary file renamed into place), so parallel
chapters may fill the cache at once and a crash never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import tempfile
import time
from pathlib import Path

from wlzmonitor.spec.input_files import InputTooLargeError, NotARegularFileError, open_input
from wlzmonitor.compute.cache_key import cache_secret

__all__ = ["MAX_FILE_BYTES", "read_regular_file", "prune", "read_signed", "write_signed"]

MAGIC = b"WLZ-CACHE-HMAC-SHA256\n"

#: the most :func:`read_regular_file` reads by default: a cache file or a file of a published output (a
#: chart, a page, the PDF, a manifest: megabytes). A larger one -- a sparse file of 64 GB planted in
#: outputs/.cache -- reads as missing: it was read whole and ended the run in "ran out of memory; is
#: every input what it should be" (safety review h93)
MAX_FILE_BYTES = 256 * 2**20


def _mac(purpose: str, name: str, payload: bytes) -> bytes:
    message = b"wlzmonitor cache\0" + purpose.encode("utf-8") + b"\0" + name.encode("utf-8") + b"\0" + payload
    return hmac.new(cache_secret(), message, hashlib.sha256).digest()


def read_regular_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of `path` when it is a regular file (not a folder, a named pipe, a device or a
    symbolic link: reading a planted pipe would wait forever) of at most `max_bytes`, else None."""
    try:
        with open_input(path, follow_links=False) as handle:
            if os.fstat(handle.fileno()).st_size > max_bytes:
                return None
            data = handle.read(max_bytes + 1)  # (one that grows meanwhile: never more than this)
    except (OSError, NotARegularFileError, InputTooLargeError):
        return None
    return data if len(data) <= max_bytes else None


def read_signed(path: Path, purpose: str) -> bytes | None:
    """The payload of a signed cache file, None when it is missing, no regular file or its
    signature is not this user's for this `purpose` and file name."""
    data = read_regular_file(Path(path))
    if data is None:
        return None
    head = len(MAGIC)
    if not data.startswith(MAGIC) or len(data) < head + 32:
        return None
    mac, payload = data[head:head + 32], data[head + 32:]
    if not hmac.compare_digest(mac, _mac(purpose, Path(path).name, payload)):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used: pruning goes by the time of last use
    return payload


def write_signed(path: Path, purpose: str, payload: bytes) -> None:
    """Store `payload` at `path`, signed, atomically; a cache that cannot be written is no error."""
    path, tmp = Path(path), None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + _mac(purpose, path.name, payload) + payload)
        os.replace(tmp, path)
    except OSError:  # a full disk: no half-written twin left taking the room
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return


def prune(directory: Path, pattern: str, *, days: float) -> int:
    """Remove the files matching `pattern` in `directory` not used (read or written) for `days` days;
    how many were removed."""
    directory = Path(directory)
    if not directory.is_dir():
        return 0
    limit = time.time() - days * 86400
    removed = 0
    for path in directory.glob(pattern):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
