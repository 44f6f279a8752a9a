"""The per-user secret that signs every cache file a run reads back (the year result, charts, the
PDF's parts, the privacy gate's verdicts): 32 random bytes in ``$WLZ_MONITOR_CACHE_KEY``, else
``$XDG_CACHE_HOME/wlzmonitor/cache-key``, else ``~/.cache/wlzmonitor/cache-key``; created with
mode 0600 in a 0700 folder, outside the repository and the outputs; refused when others may read
or replace it. Why the files are signed: :mod:`wlzmonitor.compute.result_cache`.

Its own module (standard library only) so that what signs small files — the PDF's printer, the
privacy gate — does not import pandas with the year result.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from wlzmonitor.spec.errors import InputError

__all__ = ["KEY_ENV", "CacheKeyError", "cache_key_path", "cache_secret", "settle_cache_environment"]

KEY_ENV = "WLZ_MONITOR_CACHE_KEY"


class CacheKeyError(InputError):
    """The per-user key that signs cached results is unusable; the message says how to fix it."""


def cache_key_path() -> Path:
    """Where the user's signing key lives (see the module docstring); always an absolute path.

    A run's processes work in different folders (the chapter kernels in ``notebooks/``): a relative
    path would be another key in each of them -- the chapters refused the result their own run
    signed as "planted", and a key was made inside the repository (safety review h93). So a
    relative ``$XDG_CACHE_HOME`` is ignored (as the XDG specification says), a home that is no
    absolute path (``HOME=thuis``; an empty one too) is taken from the user's account, and a relative
    ``$WLZ_MONITOR_CACHE_KEY`` is an error naming the variable."""
    if os.environ.get(KEY_ENV):
        path = Path(os.environ[KEY_ENV]).expanduser()
        if not path.is_absolute():
            raise CacheKeyError(f"{KEY_ENV}={os.environ[KEY_ENV]}: the key that signs cached results must be named "
                                "by an absolute path (a run's processes work in different folders, and a relative "
                                "path would be another key in each); give the whole path")
        return path
    xdg = Path(os.environ.get("XDG_CACHE_HOME") or ".").expanduser()
    return (xdg if xdg.is_absolute() else _home() / ".cache") / "wlzmonitor" / "cache-key"


def settle_cache_environment() -> None:
    """Make this process's (and so its children's) cache folders absolute, as :func:`cache_key_path`
    reads them: a relative ``$XDG_CACHE_HOME`` is removed and a ``$HOME`` that is no absolute path is
    set to the account's home. Called by run_all.py before the run starts anything: matplotlib keeps
    its font cache in ``$XDG_CACHE_HOME/matplotlib``, and with ``XDG_CACHE_HOME=relcache`` the chapter
    kernels made ``notebooks/relcache/`` in the repository (safety review h93)."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg is not None and not Path(xdg).expanduser().is_absolute():
        del os.environ["XDG_CACHE_HOME"]
    if not Path(os.environ.get("HOME") or ".").expanduser().is_absolute():
        try:
            os.environ["HOME"] = str(_home())
        except CacheKeyError:  # no home at all: the key's place is then an error where it is needed
            pass


def _home() -> Path:
    """The user's home folder as an absolute path: ``$HOME``, else (unset, empty or relative) the account's."""
    home = Path(os.environ.get("HOME") or ".").expanduser()
    if home.is_absolute():
        return home
    try:
        import pwd

        home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    except (ImportError, KeyError, OSError):
        pass
    if not home.is_absolute():
        raise CacheKeyError(f"HOME={os.environ.get('HOME', '')!r} is no absolute path and the account names no home "
                            f"folder: set HOME, XDG_CACHE_HOME or {KEY_ENV} to an absolute path for the key that "
                            "signs cached results")
    return home


def _check_key_file(path: Path) -> bytes:
    st, folder = path.lstat(), path.parent.stat()
    mine = getattr(os, "getuid", lambda: st.st_uid)()
    problem = ("is not a regular file" if not stat.S_ISREG(st.st_mode) else
               "belongs to another user" if st.st_uid != mine else
               "may be read or written by others (mode %o; it must be 600)" % stat.S_IMODE(st.st_mode)
               if st.st_mode & 0o077 else
               "is in a folder others may write to (mode %o)" % stat.S_IMODE(folder.st_mode)
               if folder.st_mode & 0o022 and not folder.st_mode & stat.S_ISVTX else "")
    data = path.read_bytes() if not problem else b""
    if not problem and len(data) != 32:
        problem = f"holds {len(data)} bytes, not a 32-byte key"
    if problem:
        raise CacheKeyError(f"{path}: the key that signs cached results {problem}. Delete it (a new one is made "
                            f"on the next run) or set {KEY_ENV} to a private file.")
    return data


def cache_secret() -> bytes:
    """The user's 32-byte signing key; created (0600, folder 0700) on first use."""
    path = cache_key_path()
    if not path.exists():
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _create_key(path)
        except FileExistsError:  # another process made it first
            pass
        except OSError as err:
            raise CacheKeyError(f"{path}: cannot create the key that signs cached results ({err.strerror}); "
                                f"set XDG_CACHE_HOME or {KEY_ENV} to a private, writable place") from None
    return _check_key_file(path)


def _create_key(path: Path) -> None:
    """A new key written in full to a private file beside `path`, then linked into place in one
    step: a process that finds `path` (two first runs at once, a run and its helpers) reads all 32
    bytes, never a file still empty. FileExistsError when another process linked its key first."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # fails when `path` exists: the first key linked is everyone's key
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: the key is put in place by a rename
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
