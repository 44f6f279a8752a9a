"""Opening a file a person supplies (export, codebook, layout, config, mapping, …): a regular file
only. A named pipe would block the run until something writes to it, and a device such as
`/dev/zero` would be read forever; both are refused with a message that names the path and what
it is. The check is made on the opened file (`fstat`), so a path swapped between a check and the
open cannot slip through, and the open itself never waits (``O_NONBLOCK``: a pipe opens at once).
"""

from __future__ import annotations

import io
import os
import secrets
import stat
from pathlib import Path
from typing import BinaryIO

from wlzmonitor.spec.errors import InputError, naming_the_file


class NotARegularFileError(InputError):
    """A path that should be a file is a named pipe, a device, a socket or a folder."""


_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class InputTooLargeError(InputError):
    """A file a person supplies that is larger than any input of a report could be (:data:`MAX_INPUT_BYTES`)."""


#: the largest file a person supplies that is read: an export of 100,000 respondents is some 50 MB. A
#: larger one (a sparse 64 GB file, the wrong file) ended a run or check-export in "ran out of memory"
#: without naming it (safety review h93)
MAX_INPUT_BYTES = 2 * 2**30


#: the file types an export may be (inputs/reading.py reads them)
EXPORT_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".sav", ".zsav")


def exports_beside(path: Path) -> list[str]:
    """The names of other files of an export's type in the folder of `path`, an export that is not there
    (review h128: respondenten.xlsx put in data/raw/2027/ while the configuration names respondenten.csv
    was "no export for 2027 yet")."""
    try:
        return sorted(p.name for p in Path(path).parent.iterdir()
                      if p.suffix.lower() in EXPORT_SUFFIXES and p.name != Path(path).name)
    except OSError:  # no folder (yet), or not one
        return []


def what_it_is(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_input(path: str | Path, *, follow_links: bool = True) -> BinaryIO:
    """The file opened for reading in binary mode. `FileNotFoundError` (and other `OSError`s)
    pass through for the caller to word; anything but a regular file (a symbolic link to one is
    fine, unless `follow_links` is false: then the link is an `OSError`) raises
    :class:`NotARegularFileError`."""
    fd = os.open(path, _FLAGS if follow_links else _FLAGS | getattr(os, "O_NOFOLLOW", 0))
    try:
        st = os.fstat(fd)
        mode = st.st_mode
        if not stat.S_ISREG(mode):
            hint = ("the file in it" if stat.S_ISDIR(mode) else
                    "the file itself (a copy of what the pipe or device holds)")
            raise NotARegularFileError(f"{path}: is {what_it_is(mode)}, not a file; give the path of {hint}")
        if st.st_size > MAX_INPUT_BYTES:
            raise InputTooLargeError(f"{path}: {st.st_size:,} bytes, more than any input of the report can be "
                                     f"(at most {MAX_INPUT_BYTES // 2**30} GiB; an export of 100,000 respondents is "
                                     "some 50 MB): is it the right file?")
    except BaseException:
        os.close(fd)
        raise
    # not in the try: once the file object holds the descriptor, it closes it. A Ctrl-C that came as
    # os.fdopen returned was followed by a second close here, which could close another file's
    # descriptor opened meanwhile ("Bad file descriptor" on a file the run reads next)
    return open(fd, "rb", closefd=True)


def read_input_bytes(path: str | Path) -> bytes:
    with open_input(path) as handle:
        return handle.read()


class UndecodableInputError(InputError, UnicodeDecodeError):
    """A text file a person supplies that is not UTF-8: the message names the file, the line and column of
    the first byte that cannot be read, and what to do. A ``UnicodeDecodeError`` too, so that a reader that
    words its own message for one keeps doing so; every other caller gets an :class:`InputError`."""

    def __init__(self, path: str | Path, err: UnicodeDecodeError) -> None:
        super().__init__(err.encoding, err.object, err.start, err.end, err.reason)
        data = err.object
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        self.message = (f"{path}: line {line}, column {column}: the byte 0x{data[err.start]:02X} is not UTF-8 text "
                        "(the file was saved in another encoding, or is no text file); save it as UTF-8 (in a text "
                        "editor: Save as, encoding UTF-8)")

    def __str__(self) -> str:
        return self.message


def read_input_text(path: str | Path) -> str:
    """The file's text as `Path.read_text(encoding="utf-8")` gives it (line ends made ``\\n``); a file that is
    not UTF-8 raises :class:`UndecodableInputError`, which names its line and column."""
    return decode_input_text(path, read_input_bytes(path))


def decode_input_text(path: str | Path, data: bytes) -> str:
    """The bytes `data` read from `path` as :func:`read_input_text` gives them (for a reader that keeps the
    bytes too, e.g. to hash them)."""
    try:
        return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()
    except UnicodeDecodeError as err:  # the wrapper's error holds the bytes of one chunk: decode all to place it
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as whole:
            raise UndecodableInputError(path, whole) from None
        raise UndecodableInputError(path, err) from None


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a new file beside it, renamed over ``path`` once complete: a
    Ctrl-C, a full disk or a reader at the same moment never meets half a file, and the old file stays
    until the new one is whole. The new file gets the mode a plain write would (``0o666`` less the umask);
    a link at ``path`` is replaced, not written through. Every file a command writes for a person
    (the inputs new-year, derive-year, demo and extract-published make, a log, a workbook) is written so: a
    command killed half-way left a truncated codebook or export that the next run read (safety review h157).
    An error names ``path``, not the new file (a folder at ``path``, a folder one may not write, a full disk).
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as err:
        raise naming_the_file(err, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException as err:
        temporary.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise naming_the_file(err, path) from None
        raise
