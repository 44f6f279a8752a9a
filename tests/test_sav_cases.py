"""wlzmonitor.inputs.sav_cases: the cases of a .sav file counted from its data records, as many
as pyreadstat reads when the header is right, whatever the file holds (labels, missing values,
notes, very long strings) and however it is compressed; a damaged layout is an error."""

from __future__ import annotations

import re
import struct
import zlib

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from wlzmonitor.inputs.sav_cases import (MAX_UNPACKED, SavLayoutError, count_cases,
                                         patched_case_count)

COMPRESSIONS = {"none": {}, "bytecode": {"row_compress": True}, "zlib": {"compress": True}}


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "code": rng.integers(0, 300, n).astype(float),       # small integers: one command byte
        "tekst": ["é" * int(k) for k in rng.integers(0, 40, n)],
        "lang": ["x" * int(k) for k in rng.integers(0, 600, n)],  # > 255: a very long string
        "getal": rng.normal(size=n),                           # raw 8-byte values (code 253)
        "leeg": [np.nan if k % 3 else float(k) for k in range(n)],  # system-missing (code 255)
    })


def _write(tmp_path, frame: pd.DataFrame, compression: str) -> bytes:
    p = tmp_path / f"f-{compression}.sav"
    pyreadstat.write_sav(frame, str(p), column_labels=["Code", "Een tekst", None, "x" * 70, None],
                         variable_value_labels={"code": {1.0: "een", 2.0: "twee" * 30}},
                         missing_ranges={"code": [{"lo": 250, "hi": 299}]}, note="een notitie",
                         **COMPRESSIONS[compression])
    return p.read_bytes()


@pytest.mark.parametrize("compression", list(COMPRESSIONS))
@pytest.mark.parametrize("n", [0, 1, 7, 1000])
def test_counted_as_pyreadstat_reads(tmp_path, compression, n):
    data = _write(tmp_path, _frame(n, seed=n), compression)
    cases = count_cases(data)
    assert (cases.declared, cases.counted) == (n, n)
    assert cases.compression == {"none": 0, "bytecode": 1, "zlib": 2}[compression]
    assert len(pyreadstat.read_sav(str(tmp_path / f"f-{compression}.sav"))[0]) == n


@pytest.mark.parametrize("compression", list(COMPRESSIONS))
def test_the_header_is_not_what_is_counted(tmp_path, compression):
    data = bytearray(_write(tmp_path, _frame(9, seed=1), compression))
    struct.pack_into("<i", data, 80, 4)
    assert (count_cases(bytes(data)).declared, count_cases(bytes(data)).counted) == (4, 9)


@pytest.mark.parametrize("compression", list(COMPRESSIONS))
def test_unknown_count_read_through_a_patched_private_copy(tmp_path, compression):
    frame = _frame(6, seed=2)
    data = bytearray(_write(tmp_path, frame, compression))
    struct.pack_into("<i", data, 80, -1)
    cases = count_cases(bytes(data))
    assert (cases.declared, cases.counted) == (-1, 6)
    with patched_case_count(bytes(data), cases) as copy:
        assert copy.stat().st_mode & 0o777 == 0o600
        assert copy.parent.stat().st_mode & 0o777 == 0o700
        read, _ = pyreadstat.read_sav(str(copy))
    assert not copy.exists() and not copy.parent.exists()
    assert read["lang"].tolist() == frame["lang"].tolist()
    assert read["getal"].tolist() == frame["getal"].tolist()


def _zlib_trailer(data: bytes) -> tuple[int, int]:
    cases = count_cases(data)
    at = cases.data_offset
    trailer_at = struct.unpack_from("<q", data, at + 8)[0]
    return at, trailer_at


def test_a_zlib_block_that_claims_more_than_it_holds(tmp_path):
    data = bytearray(_write(tmp_path, _frame(5, seed=3), "zlib"))
    _, trailer_at = _zlib_trailer(bytes(data))
    size = struct.unpack_from("<i", data, trailer_at + 24 + 16)[0]
    struct.pack_into("<i", data, trailer_at + 24 + 16, size + 8)  # the first block's size
    with pytest.raises(SavLayoutError, match="does not unpack to the size its trailer says"):
        count_cases(bytes(data))


def test_a_zlib_block_claiming_more_than_the_limit_is_not_unpacked(tmp_path, monkeypatch):
    data = bytearray(_write(tmp_path, _frame(5, seed=3), "zlib"))
    _, trailer_at = _zlib_trailer(bytes(data))
    struct.pack_into("<i", data, trailer_at + 24 + 16, MAX_UNPACKED + 1)
    unpacked = []
    monkeypatch.setattr(zlib, "decompressobj", lambda: unpacked.append(1))
    with pytest.raises(SavLayoutError, match="would unpack to more than 1,073,741,824 bytes"):
        count_cases(bytes(data))
    assert not unpacked


def test_a_zlib_block_of_garbage(tmp_path):
    data = bytearray(_write(tmp_path, _frame(5, seed=4), "zlib"))
    at, _ = _zlib_trailer(bytes(data))
    data[at + 24:at + 30] = b"\xff" * 6
    with pytest.raises(SavLayoutError, match="a zlib block cannot be unpacked"):
        count_cases(bytes(data))


@pytest.mark.parametrize("damage, message", [
    (lambda d: b"PK\x03\x04" + d[4:], "does not start with an SPSS system-file header"),
    (lambda d: d[:100], "does not start with an SPSS system-file header"),
    (lambda d: d[:64] + b"\x07\x00\x00\x00" + d[68:], "layout code is neither 2 nor 3"),
    (lambda d: d[:72] + b"\x05\x00\x00\x00" + d[76:], "unknown compression (5)"),
    (lambda d: d[:68] + b"\x09\x00\x00\x00" + d[72:], "a case has 9 values, its variables"),
    (lambda d: d[:176] + b"\x05\x00\x00\x00" + d[180:], "an unknown dictionary record type 5 at byte 176"),
    (lambda d: d[:300], "the file ends inside"),
])
def test_a_damaged_layout_is_named(tmp_path, damage, message):
    data = _write(tmp_path, _frame(3, seed=5), "bytecode")
    with pytest.raises(SavLayoutError, match=re.escape(message)):
        count_cases(damage(data))


def test_bytes_after_the_end_code_are_not_counted(tmp_path):
    data = _write(tmp_path, _frame(4, seed=6), "bytecode")
    assert count_cases(data).counted == count_cases(data + b"\x00" * 8).counted == 4


def test_uncompressed_data_with_a_byte_too_many(tmp_path):
    data = _write(tmp_path, _frame(4, seed=7), "none")
    with pytest.raises(SavLayoutError, match="not a whole number of cases"):
        count_cases(data + b"\x00")
