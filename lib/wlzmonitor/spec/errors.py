"""The one base of every error a person fixes by editing a file or a command line.

Everything the pipeline reads that a person writes — `config/report.yml`, `config/privacy.yml`, a
codebook, a report layout, an export and its mapping, a codeframe and its corrections, a
notebook's prose — raises a subclass of :class:`InputError` when it is wrong, with a message that
names the file (and row, column, question, table or key) and says what was expected. `run_all.py`
and `python -m wlzmonitor` catch this one class, print the message and exit 2; anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations


class InputError(ValueError):
    """A problem in an input a person can fix; the message says where and what was expected."""


def naming_the_file(err: OSError, path: object) -> OSError:
    """``err`` (a write that failed: a full disk, a file-size limit) as an error that names ``path``:
    an ``OSError`` without a file name ("No space left on device") gets it; one without an errno
    keeps its own message instead of printing "[Errno None] None: 'path'"."""
    if err.errno is None:
        return OSError(f"{path}: {err}" if str(err) else f"{path}: {type(err).__name__}")
    return OSError(err.errno, err.strerror, str(path))
