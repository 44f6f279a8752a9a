"""A run's helper processes never outlive the process that started them.

    die_with_parent()        # first thing in a forked child or a pool worker (Linux; elsewhere a no-op)

A run starts helpers: the deny-list child, the PDF printer child (:mod:`.pdf_printer`), the spare
process that computes the year result's significance tests (:mod:`.spare_process`) and the worker
processes that print PDF parts or read PDF pages. When the run ends normally it ends them;
when it is killed (SIGKILL, the OOM killer, a closed terminal) nobody does, and a helper left
running keeps the run's standard output open (a ``| tee`` waiting for it never returns), holds
memory, and may hold the year's lock (a forked child inherits it) until it is done. On Linux the
kernel can end a process when the one that started it ends (``prctl(PR_SET_PDEATHSIG)``); that is
asked for here. Elsewhere only the normal ends apply.
"""

from __future__ import annotations

import os
import signal
import sys

__all__ = ["die_with_parent"]

#: prctl option: the signal this process gets when its parent ends (linux/prctl.h)
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> bool:
    """Ask the kernel to SIGKILL this process when its parent ends; when `parent` (the pid of the
    process that started this one) is no longer the parent, the parent ended before the request
    (a pool worker still starting up when its parent was killed): exit now. True when the kernel
    agreed (Linux), False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        agreed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
    if parent is not None and os.getppid() != parent:  # ended between the fork and the prctl
        os._exit(1)
    return agreed
