"""One run per year at a time: a lock file in the output folder.

    with year_lock(config, 2026):           # RunLockedError when another run of 2026 holds it
        ...
    with year_lock(config, 2026, wait=True):  # waits for the other run to finish

The lock is ``outputs/.<year>.lock``, held with ``fcntl.flock`` for the whole run (plan, compute,
chapters, replace). The operating system releases it when the process ends, however it ends: a
lock file left behind by a process that died is not locked, and the next run takes it (a stale
lock needs no cleaning). The file holds the owner's process id, host and start time, for the
message a second run prints. Needs a POSIX system (Linux, macOS); on a network drive, the drive
must support ``flock``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from wlzmonitor.run.report_plan import RunError
from wlzmonitor.spec.config import ReportConfig

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["RunLockedError", "lock_path", "year_lock"]


class RunLockedError(RunError):
    """Another run of the same year is in progress; the message names it and says what to do."""


def lock_path(config: ReportConfig, year: int) -> Path:
    return config.output_dir / f".{year}.lock"


def _owner(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        return (f"process {info.get('pid', '?')} on {info.get('host', '?')}, started "
                f"{time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(info.get('started', 0)))}")
    except (OSError, ValueError):
        return "another process"


@contextlib.contextmanager
def year_lock(config: ReportConfig, year: int, *, wait: bool = False) -> Iterator[Path]:
    """Hold the year's run lock (see the module docstring); RunLockedError when it is taken and not `wait`."""
    if fcntl is None:  # pragma: no cover - Windows
        raise RunError("run_all.py needs a POSIX system (Linux, macOS) for its run lock")
    path = lock_path(config, year)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0),
                     0o644)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(0, "not a regular file")
    except OSError as err:  # a folder, a symbolic link or a pipe put where the lock goes
        if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):  # removing it would not help
            raise RunError(f"{path}: cannot open the run's lock ({err.strerror}): the run writes in "
                           f"{path.parent}, which you may not write to; make it writable for you or set "
                           "output_dir in config/report.yml to a folder you may write") from None
        raise RunError(f"{path}: cannot be used as the run's lock ({err.strerror or err}): remove it") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise RunLockedError(
                f"another run of {year} is in progress ({_owner(fd)}; lock {path}). Wait for it to finish, "
                "or run with --wait to start when it is done.") from None
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": time.time(),
                                 "year": year}).encode("utf-8"))
        yield path
    finally:
        os.close(fd)  # releases the lock
