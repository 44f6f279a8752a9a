"""How many cases an SPSS ``.sav`` file holds, counted from its data records.

pyreadstat (ReadStat) trusts the case count in the file's header: a header that declares fewer
cases than the file holds loses the rest without a word, and an uncompressed file whose header
says "unknown" (-1, which the format allows) reads as empty. This module counts the cases
independently of ReadStat — as the CSV reader counts lines independently of its parser — so the
reader can refuse a file whose header disagrees with its data, and read a file with an unknown
count in full.

The layout follows the system-file format as documented by GNU PSPP ("System File Format"): a
176-byte header, dictionary records up to the termination record (type 999), then the data:
8-byte values (uncompressed), a stream of 8-byte command blocks (bytecode-compressed), or zlib
blocks of that stream listed in a trailer (``.zsav``-style compression).
"""

from __future__ import annotations

import os
import struct
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

HEADER_SIZE = 176
# a hostile file's zlib blocks may claim any size: no more than this is unpacked (as XLSX)
MAX_UNPACKED = 1 << 30


class SavLayoutError(ValueError):
    """The file's dictionary or data records are not laid out as the format says."""


@dataclass(frozen=True)
class SavCases:
    declared: int      # the header's case count; -1 = unknown
    counted: int       # the cases the data records hold
    compression: int   # 0 none, 1 bytecode, 2 zlib
    data_offset: int   # where the data records start
    byte_order: str    # "<" or ">"


class _Cursor:
    def __init__(self, data: bytes, order: str) -> None:
        self.data, self.order, self.pos = data, order, 0

    def take(self, n: int, what: str) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise SavLayoutError(f"the file ends inside {what} (byte {self.pos:,})")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def int32(self, what: str) -> int:
        return struct.unpack(self.order + "i", self.take(4, what))[0]

    def int64(self, what: str) -> int:
        return struct.unpack(self.order + "q", self.take(8, what))[0]


def count_cases(data: bytes) -> SavCases:
    """The declared and the counted cases of the ``.sav`` file ``data`` (SavLayoutError when its
    records are not where the format puts them)."""
    if len(data) < HEADER_SIZE or data[:4] not in (b"$FL2", b"$FL3"):
        raise SavLayoutError("it does not start with an SPSS system-file header")
    order = next((o for o in ("<", ">") if struct.unpack_from(o + "i", data, 64)[0] in (2, 3)), None)
    if order is None:
        raise SavLayoutError("its header's layout code is neither 2 nor 3")
    nominal, compression, _weight, declared = struct.unpack_from(order + "iiii", data, 68)
    if compression not in (0, 1, 2):
        raise SavLayoutError(f"its header names an unknown compression ({compression})")
    cur = _Cursor(data, order)
    cur.pos = HEADER_SIZE
    segments = _skip_dictionary(cur)
    case_size = nominal if nominal > 0 else segments
    if case_size != segments or case_size <= 0:
        raise SavLayoutError(f"its header says a case has {nominal} values, its variables "
                             f"{segments}")
    start = cur.pos
    if compression == 0:
        body = len(data) - start
        if body % (8 * case_size):
            raise SavLayoutError(f"its data ({body:,} bytes) is not a whole number of cases of "
                                 f"{8 * case_size} bytes (the file is cut short or has bytes added)")
        counted = body // (8 * case_size)
    else:
        stream = data[start:] if compression == 1 else _unpack_zlib(cur)
        values = _bytecode_values(stream)
        if values % case_size:
            raise SavLayoutError(f"its data holds {values:,} values, not a whole number of "
                                 f"cases of {case_size}")
        counted = values // case_size
    return SavCases(declared, counted, compression, start, order)


@contextmanager
def private_copy(data: bytes) -> Iterator[Path]:
    """A private temporary file holding `data` (ReadStat reads only from a file: the bytes counted are
    the bytes read, however the export changes meanwhile; the copy holds respondents' answers:
    readable by the user only, removed on leaving)."""
    folder = tempfile.mkdtemp(prefix="wlz-sav-")  # mode 0700
    path = Path(folder) / "export.sav"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        yield path
    finally:
        path.unlink(missing_ok=True)
        os.rmdir(folder)


@contextmanager
def patched_case_count(data: bytes, cases: SavCases) -> Iterator[Path]:
    """A private temporary copy of the file `data` whose header declares `cases.counted` cases
    (:func:`private_copy`)."""
    copy = bytearray(data)
    struct.pack_into(cases.byte_order + "i", copy, 80, cases.counted)
    with private_copy(bytes(copy)) as path:
        yield path


def _skip_dictionary(cur: _Cursor) -> int:
    """Move past the dictionary records; the number of variable records (8-byte segments)."""
    segments = 0
    while True:
        rec = cur.int32("a dictionary record")
        if rec == 2:
            segments += 1
            _type, has_label, n_missing = (cur.int32("a variable record") for _ in range(3))
            cur.take(16, "a variable record")  # print and write formats, name
            if has_label:
                n = cur.int32("a variable label")
                cur.take((n + 3) // 4 * 4, "a variable label")
            cur.take(8 * abs(n_missing), "a variable's missing values")
        elif rec == 3:
            n = cur.int32("value labels")
            for _ in range(n):
                cur.take(8, "a value label")
                length = cur.take(1, "a value label")[0]
                cur.take((length + 8) // 8 * 8 - 1, "a value label")
            if cur.int32("the variables of value labels") != 4:
                raise SavLayoutError("value labels are not followed by their variables (record 4)")
            cur.take(4 * cur.int32("the variables of value labels"), "the variables of value labels")
        elif rec == 6:
            cur.take(80 * cur.int32("a document record"), "a document record")
        elif rec == 7:
            _sub, size, count = (cur.int32("an extension record") for _ in range(3))
            if size < 0 or count < 0:
                raise SavLayoutError("an extension record has a negative size")
            cur.take(size * count, "an extension record")
        elif rec == 999:
            cur.take(4, "the dictionary's end")
            return segments
        else:
            raise SavLayoutError(f"an unknown dictionary record type {rec} at byte {cur.pos - 4:,}")


def _unpack_zlib(cur: _Cursor) -> bytes:
    """The bytecode stream of a zlib-compressed file, from the blocks its trailer lists."""
    header_at = cur.pos
    if cur.int64("the zlib header") != header_at:
        raise SavLayoutError("the zlib header does not name its own place")
    trailer_at, trailer_len = cur.int64("the zlib header"), cur.int64("the zlib header")
    cur.pos = trailer_at
    cur.take(16, "the zlib trailer")  # bias, zero
    _block_size, n_blocks = cur.int32("the zlib trailer"), cur.int32("the zlib trailer")
    if n_blocks < 0 or 24 + 24 * n_blocks != trailer_len:
        raise SavLayoutError("the zlib trailer's length does not match its blocks")
    parts, total = [], 0
    for _ in range(n_blocks):
        _u_at, c_at = cur.int64("the zlib trailer"), cur.int64("the zlib trailer")
        u_size, c_size = cur.int32("the zlib trailer"), cur.int32("the zlib trailer")
        if u_size < 0 or c_size < 0 or c_at < 0 or c_at + c_size > len(cur.data):
            raise SavLayoutError("a zlib block lies outside the file")
        total += u_size
        if total > MAX_UNPACKED:
            raise SavLayoutError(f"its data would unpack to more than {MAX_UNPACKED:,} bytes")
        unpack = zlib.decompressobj()
        try:
            block = unpack.decompress(cur.data[c_at:c_at + c_size], u_size)
        except zlib.error as e:
            raise SavLayoutError(f"a zlib block cannot be unpacked ({e})") from None
        if len(block) != u_size or unpack.unconsumed_tail:
            raise SavLayoutError("a zlib block does not unpack to the size its trailer says")
        parts.append(block)
    return b"".join(parts)


def _bytecode_values(stream: bytes) -> int:
    """The number of values in a bytecode-compressed stream: each block of 8 command bytes is
    followed by the 8-byte raw values its 253s announce; 0 is padding, 252 ends the data."""
    values, pos, end = 0, 0, len(stream)
    while pos + 8 <= end:
        block = stream[pos:pos + 8]
        pos += 8
        stop = block.find(252)
        if stop >= 0:
            block = block[:stop]
        values += len(block) - block.count(0)
        pos += 8 * block.count(253)
        if stop >= 0:
            return values
    if pos > end:
        raise SavLayoutError("the data ends inside a value its command block announces")
    if stream[pos:].strip(b"\0"):
        raise SavLayoutError("the data ends inside a command block")
    return values
