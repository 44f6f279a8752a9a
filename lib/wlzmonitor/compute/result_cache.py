"""A content-addressed cache of a year's computed result, that never runs code it did not write.

Loading, validating and computing every table and significance test of a year takes a few
seconds; every chapter notebook needs the result, and `run_all.py` needs it for the data outputs.
`cached_year_result(year)` computes it once and stores it under `outputs/.cache/`, keyed by the
content hash of everything the result depends on (`compute.fingerprint`): a stale result is never
served; file times play no part. `read_result(path)` reads the one a run stored for its chapters.

The result is a pickle, and unpickling runs code named in the file. The output folder is no
place to trust: anyone who can write there (a shared drive, a colleague, a synced folder, a
tool) could put a file in it. So every stored result is signed: HMAC-SHA256 over the file's
name and the pickle bytes, with a secret key of the user who runs the report
(:func:`~wlzmonitor.compute.cache_key.cache_secret`: 32 random bytes in ``$WLZ_MONITOR_CACHE_KEY``, else
``$XDG_CACHE_HOME/wlzmonitor/cache-key``, else ``~/.cache/wlzmonitor/cache-key``; created with
mode 0600 in a 0700 folder, outside the repository and the outputs; refused when others may read
it). The signature is checked *before* anything is unpickled: a file planted or edited in
``outputs/.cache`` — or copied there from another user — is never unpickled; the cache computes
the result again, and a chapter that is handed such a file stops with an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from wlzmonitor.compute.cache_key import KEY_ENV, CacheKeyError, cache_key_path, cache_secret
from wlzmonitor.compute.fingerprint import Snapshot, check_config_in_snapshot, input_snapshot
from wlzmonitor.compute.signed_files import read_regular_file
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.errors import InputError, naming_the_file

if TYPE_CHECKING:  # pandas and the computing stages: imported where a result is made or checked
    from wlzmonitor.compute.year_result import YearResult

__all__ = ["KEY_ENV", "CacheKeyError", "UnsignedResultError", "cache_dir", "cache_key_path", "cache_secret",
           "cached_year_result", "read_result", "result_path", "store_result"]

#: the first bytes of a signed result file; the 32-byte HMAC follows, then the pickle
MAGIC = b"WLZ-RESULT-HMAC-SHA256\n"


class UnsignedResultError(ValueError):
    """A result file without a valid signature of this user's key: it is never unpickled."""


def cache_dir(config: ReportConfig) -> Path:
    return config.output_dir / ".cache"


def result_path(year: int, key: str, directory: Path) -> Path:
    """Where the result of `year` with fingerprint `key` is stored in `directory`."""
    return directory / f"result-{year}-{key[:24]}.pkl"


#: the largest year result read back (100,000 respondents: well under 1 GiB); a larger file in the cache is
#: no result of a run (a sparse file planted there was read whole: "ran out of memory", review h93)
MAX_RESULT_BYTES = 4 * 2**30


def _signature(name: str, payload: bytes, key: bytes) -> bytes:
    return hmac.new(key, b"wlzmonitor result\0" + name.encode("utf-8") + b"\0" + payload, hashlib.sha256).digest()


def _load_signed(path: Path) -> object:
    """Unpickle `path` only when its signature is this user's (else UnsignedResultError)."""
    data = read_regular_file(Path(path), max_bytes=MAX_RESULT_BYTES)
    if data is None:
        raise UnsignedResultError(f"{path}: not a readable regular file (of at most {MAX_RESULT_BYTES // 2**30} GiB)")
    head = len(MAGIC)
    if not data.startswith(MAGIC) or len(data) < head + 32:
        raise UnsignedResultError(f"{path}: not a signed result file")
    mac, payload = data[head:head + 32], data[head + 32:]
    if not hmac.compare_digest(mac, _signature(Path(path).name, payload, cache_secret())):
        raise UnsignedResultError(f"{path}: its signature is not this user's (planted, edited or copied): "
                                  "not read")
    return pickle.loads(payload)  # noqa: S301 - signed by this user's key, checked above


def _usable_slot(path: Path) -> None:
    """InputError naming the path when the cache folder or the result's file name is taken by
    something that is not a folder / regular file (planted: the run could not store its result)."""
    for place, want in ((path.parent, stat.S_ISDIR), (path, stat.S_ISREG)):
        try:
            mode = os.lstat(place).st_mode
        except FileNotFoundError:
            continue
        except OSError as err:
            raise InputError(f"{place}: cannot be used for the year's result ({err.strerror}): remove it") from None
        if not want(mode):
            raise InputError(f"{place}: is not a {'folder' if want is stat.S_ISDIR else 'regular file'} "
                             "(something else was put there): remove it, the run makes it again")


def store_result(result: YearResult, path: Path) -> None:
    """Write `result` to `path`, signed, atomically (parallel notebooks may race to fill the cache)."""
    payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    mac = _signature(path.name, payload, cache_secret())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + mac + payload)
        os.replace(tmp, path)
    except BaseException as err:  # a full disk: no half-written twin left taking the room
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError) and not err.filename:  # the message names the file
            raise naming_the_file(err, path) from err
        raise


def load_year_result(year: int, config: ReportConfig) -> YearResult:
    """The year's result computed now (:func:`wlzmonitor.compute.year_result.load_year_result`,
    imported here: it brings pandas and the computing stages, which reading a cached result does not
    need before it unpickles one)."""
    from wlzmonitor.compute.year_result import load_year_result as compute

    return compute(year, config)


def read_result(path: Path, year: int) -> YearResult:
    """The result a run stored for its chapters (an error if it is not there, not signed by this
    user's key, or not of `year`)."""
    from wlzmonitor.compute.year_result import YearResult

    try:
        result = _load_signed(Path(path))
    except UnsignedResultError as err:
        raise ValueError(f"{err}; the chapter reads only the result its run computed") from None
    if not isinstance(result, YearResult) or result.year != year:
        raise ValueError(f"{path}: not the computed result of {year}")
    return result


def cached_year_result(year: int, config: ReportConfig | None = None, directory: Path | None = None, *,
                       snapshot: Snapshot | None = None) -> YearResult:
    """The `YearResult` of a year, from the cache when its inputs are unchanged.

    `directory` defaults to `outputs/.cache` (the config's output folder). `snapshot`: the inputs
    as the caller read them (a run's plan); default: read now. A freshly computed result is
    stored only when no input changed while it was computed, and a stored one is returned only
    when no input changed since the snapshot (else InputsChangedError). `config` None: config/report.yml
    as it is now (this process may hold an older reading); a `config` read from another version of that
    file than the snapshot holds is an InputsChangedError: its result would be stored under the key of
    the new file with the old settings, and the next run would read it back as its own.
    """
    from wlzmonitor.compute.year_result import YearResult

    if config is None:
        load_config.cache_clear()
        config = load_config()
    snapshot = snapshot or input_snapshot(year, config)
    check_config_in_snapshot(config, snapshot, reader="this process")
    path = result_path(year, snapshot.key, directory or cache_dir(config))
    _usable_slot(path)
    if path.exists():
        try:
            result = _load_signed(path)
        except Exception:  # unsigned, planted, corrupt or incompatible: recomputed, never trusted
            result = None
        if isinstance(result, YearResult) and result.year == year:
            snapshot.check("since they were read")  # the caller works with these inputs: still so?
            return result
        path.unlink(missing_ok=True)
    result = load_year_result(year, config)
    snapshot.check("while the result was computed")  # never store a result under a key it does not have
    for old in path.parent.glob(f"result-{year}-*.pkl"):
        with contextlib.suppress(OSError):  # (a planted folder of that name is left alone)
            old.unlink(missing_ok=True)
    store_result(result, path)
    return result
