"""The content hash of everything a year's result depends on (cheap: pandas is not imported).

SHA-256 over the names and contents of the export (and its mapping file), the codebook, the report
layout, the published figures, the earlier years' exports, the config files, the codeframes and
the library's own source, and the Python version and installed packages (:func:`environment_digest`):
any change gives another key. It keys the result cache
(`compute.result_cache`) and decides which chapters `run_all.py` reruns; file times play no part
in the key.

A run also has to know that what it computed *from* is what it hashed. :func:`input_snapshot`
reads every input file once — ``fstat`` before and after reading, the bytes hashed — and keeps,
per file, its digest, size, modification and change time (``st_ctime_ns``, which no program can
set back) and inode. :meth:`Snapshot.changed` takes the snapshot again and names every file that
was added, removed, replaced or written since: when it names none, no input was written between
the two snapshots, so the parser read the very bytes that were hashed. A run calls it after
computing the result (before storing it in the cache) and again before it publishes.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import site
import sys
import sysconfig
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from wlzmonitor.spec.input_files import open_input
from wlzmonitor.spec.codeframe_files import corrections_file
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.spec.errors import InputError

__all__ = ["FileState", "InputsChangedError", "Snapshot", "check_config_in_snapshot", "file_states", "hash_files",
           "input_paths",
           "environment_digest", "input_snapshot", "is_clutter", "library_digest", "year_fingerprint"]

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the wlzmonitor package


class InputsChangedError(InputError):
    """An input file was written while a run was reading it; the message names the files."""


@dataclass(frozen=True)
class FileState:
    """One input file as it was read: its name (relative to the root), digest and identity."""

    name: str
    path: Path
    digest: bytes
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


#: files an operating system or an editor puts beside the analyst's files: Finder's and Explorer's
#: folder settings, macOS' metadata twins on shared drives, and the lock files Excel, LibreOffice,
#: Emacs and Vim keep while a file is open (opening the corrections workbook during a run must
#: neither fail the run as "input changed" nor rebuild the report); no loader reads a folder's files
#: by listing it, so such a file can never change an output
_CLUTTER_NAMES = frozenset({".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".directory"})
#: the name of the file :func:`~wlzmonitor.spec.input_files.replace_file` writes before renaming it into place
_REPLACING = re.compile(r"\..+\.[0-9]+\.[0-9a-f]{8}\.tmp")


def is_clutter(name: str) -> bool:
    """True for a file name of :data:`_CLUTTER_NAMES` (any case), an AppleDouble twin (``._x``), an
    Office owner file (``~$x.xlsx``), a LibreOffice lock (``.~lock.x.xlsx#``), an Emacs lock or
    backup (``.#x``, ``x~``), a Vim swap file (``.x.swp``) or the new file of
    :func:`~wlzmonitor.spec.input_files.replace_file` (``.x.<pid>.<8 hex>.tmp``: left behind by a command killed
    while it wrote, it changed the key of every later run; safety review h157)."""
    return (name.casefold() in _CLUTTER_NAMES or name.startswith(("._", "~$", ".~lock.", ".#"))
            or name.endswith("~") or (name.startswith(".") and name.endswith((".swp", ".swo", ".swx")))
            or _REPLACING.fullmatch(name) is not None)


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            # a pipe or a device among the files too: read, it is an error naming it (never a wait);
            # an editor's or the system's clutter beside the files is left out (is_clutter)
            out.extend(sorted(p for p in path.rglob("*") if p.exists() and not p.is_dir() and "__pycache__" not in p.parts
                              and not is_clutter(p.name)))
        elif path.exists():
            out.append(path)
    return out


def _name(path: Path, resolved_root: Path) -> str:
    """`path`'s name relative to the root (`resolved_root`: already resolved, once per listing of files:
    resolving it per file was a quarter of the time a snapshot of ~700 files took)."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(resolved_root).as_posix()
    except ValueError:
        return resolved.as_posix()


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _read_state(path: Path, resolved_root: Path) -> FileState:
    """Read a file once: its bytes hashed, its identity the same before and after reading."""
    for _attempt in range(3):
        try:
            with open_input(path) as handle:  # a pipe or a device: an error, never a wait
                before = os.fstat(handle.fileno())
                data = handle.read()
                after = os.fstat(handle.fileno())
        except OSError as err:
            raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
        if _identity(before) == _identity(after) and len(data) == after.st_size:
            return FileState(_name(path, resolved_root), path, hashlib.sha256(data).digest(), *_identity(after))
    raise InputsChangedError(f"{path}: is being written while the run reads it; run again when it is complete")


def file_states(paths: Iterable[Path], root: Path) -> tuple[FileState, ...]:
    """The state of every file of `paths` (folders: all their files), each read once."""
    resolved_root = root.resolve()
    return tuple(_read_state(path, resolved_root) for path in _files(paths))


def _digest(states: Iterable[FileState]) -> str:
    digest = hashlib.sha256()
    for state in states:
        digest.update(state.name.encode("utf-8") + b"\0")
        digest.update(state.digest)
    return digest.hexdigest()


def hash_files(paths: Iterable[Path], root: Path) -> str:
    """SHA-256 over the relative names and contents of the given files (folders: all files)."""
    return _digest(file_states(paths, root))


@dataclass(frozen=True)
class Snapshot:
    """The inputs of a run as they were read: ``key`` (the year's fingerprint) and the state of
    every file under ``paths`` (the inputs, and any other files the run watches: notebooks)."""

    key: str
    root: Path
    paths: tuple[Path, ...]
    states: tuple[FileState, ...]

    def changed(self) -> list[str]:
        """The files added, removed, replaced or written since the snapshot was taken (names)."""
        try:
            now = {s.name: s for s in file_states(self.paths, self.root)}
        except InputsChangedError as err:
            return [str(err)]
        before = {s.name: s for s in self.states}
        out = []
        for name in sorted(set(before) | set(now)):
            old, new = before.get(name), now.get(name)
            if old is None:
                out.append(f"{name} (added)")
            elif new is None:
                out.append(f"{name} (removed)")
            elif (old.digest, old.size, old.mtime_ns, old.ctime_ns, old.inode) != \
                    (new.digest, new.size, new.mtime_ns, new.ctime_ns, new.inode):
                out.append(f"{name} (written)")
        return out

    def check(self, when: str) -> None:
        """Raise :class:`InputsChangedError` naming the files that changed (``when``: 'while the
        result was computed', ...)."""
        changed = self.changed()
        if changed:
            raise InputsChangedError(
                f"input file(s) changed {when}: {', '.join(changed[:10])}"
                + (f" and {len(changed) - 10} more" if len(changed) > 10 else "")
                + ". The run used none of it and published nothing; run again when the files are complete.")

    def hash_of(self, paths: Iterable[Path]) -> str:
        """:func:`hash_files` of `paths` from the states in the snapshot (the files are not read again)."""
        root = self.root.resolve()
        names = {_name(p, root) for p in _files(paths)}
        return _digest(s for s in self.states if s.name in names)

    def states_except(self, paths: Iterable[Path]) -> list[FileState]:
        """The states of every file in the snapshot but `paths`, by name."""
        root = self.root.resolve()
        names = {_name(Path(p), root) for p in paths}
        return sorted((s for s in self.states if s.name not in names), key=lambda s: s.name)

    def digest_of(self, path: Path) -> str | None:
        """The SHA-256 (hex) of one file as it was read, None when it is not in the snapshot."""
        name = _name(path, self.root.resolve())
        return next((s.digest.hex() for s in self.states if s.name == name), None)


def check_config_in_snapshot(config: ReportConfig, snapshot: Snapshot, *, reader: str = "the run") -> None:
    """InputsChangedError when config/report.yml is not the file `config` was read from. A run reads it
    before it takes its snapshot (the lock's place depends on it), so a save in between -- or while
    ``--wait`` waited for another run -- went unseen: the run used the old settings (chapter titles,
    statistics) while its chapters read the new file, and the manifest recorded the new bytes, so the next
    run called that mixed report up to date (safety review h93). A process that keeps its reading (a
    JupyterLab kernel: ``load_config`` is read once) would compute a year's result with the old settings
    (the significance level, ``small_base``) and store it under the key of the new file, which the next
    run then read back as its own (:func:`wlzmonitor.compute.result_cache.cached_year_result`, review of
    session 45). Nothing to check for a configuration built in code (no ``source_sha256``)."""
    if not config.source_sha256:
        return
    path = config.root / "config" / "report.yml"
    if snapshot.digest_of(path) != config.source_sha256:
        if reader == "the run":
            when, advice = ("between its start and the snapshot of its inputs, or while it waited for another run",
                            "The run used none of it and published nothing; run again.")
        else:
            when, advice = ("a JupyterLab kernel keeps its first reading",
                            "Nothing was computed or stored; read the configuration again (load_config.cache_clear(), "
                            "or restart the kernel) and run again.")
        raise InputsChangedError(f"{path}: changed after {reader} had read it ({when}). {advice}")


def input_paths(year: int, config: ReportConfig) -> list[Path]:
    """Everything a year's computed result depends on."""
    sources = config.year(year)
    config_dir = config.root / "config"
    codeframes = config.folder("codeframes")  # open-answer themes and hand corrections
    mappings = config.folder("mappings")  # export mappings, if any
    # trend columns computed from earlier years' data: named whether or not the export exists now
    # (a missing file adds nothing to the key), so that one put in place during a run is seen as
    # added (the result reads it when it is there by then)
    earlier = [p for y, s in sorted(config.years.items()) if y < year for p in (s.export, s.codebook)]
    report_sources = config.folder("sources")  # the report text the publication audit reads
    # the other years' codebooks (options matched across years), layouts (what a year did not ask)
    # and published figures (long series carried from another report)
    others = [p for y, s in sorted(config.years.items()) if y != year for p in (s.codebook, s.layout, s.published)]
    quotes = config.folder("quotes")  # the approved pull quotes of the Kerncijfers page
    # members per group (the year's and the earlier years' the weights use): hashed with config/ when there
    populations = [config.population_for(y) for y in sorted({year, *config.years}) if y <= year]
    # files a year may name outside the folders above: the population, the privacy lists, the export
    # mapping and the codeframe (with its corrections workbook) of config/report.yml's years:
    folders = (config_dir, codeframes, mappings)
    elsewhere = not _inside(sources.codeframe, codeframes)  # its corrections are there too, or not
    configured = [*populations, config.privacy_file, sources.mapping, sources.codeframe,
                  corrections_file(sources.codeframe, year) if elsewhere else None,
                  *(s.mapping for y, s in sorted(config.years.items()) if y < year)]
    # (a configured file named like clutter is named here too: a folder's listing leaves it out)
    outside = [p for p in dict.fromkeys(configured) if p is not None
               and (is_clutter(Path(p).name) or not any(_inside(p, f) for f in folders))]
    return [sources.export, sources.codebook, sources.layout, sources.published, config_dir, codeframes, mappings,
            report_sources, quotes, *outside, *earlier, *others,
            # the whole package: its source and every file it reads (templates, the common Dutch words of the
            # scrubber and the gate: safety review h107, an edit of that list did not change the key)
            PACKAGE_DIR]


def _inside(path: Path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


@functools.cache
def environment_digest() -> str:
    """SHA-256 over the Python version and the name and version of every distribution installed in
    the environment's site-packages (their ``*.dist-info`` / ``*.egg-info`` folders): another pandas,
    matplotlib, openpyxl, WeasyPrint … gives another key. Only the installation folders are listed,
    not the process's ``sys.path`` (pytest, a notebook or a script add their own folders to it), so
    every process of one environment gets the same key. Listing them takes about a millisecond
    (``importlib.metadata`` would take ~0.15 s for the same packages)."""
    folders = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), *site.getsitepackages()}
    names = set()
    for folder in sorted(f for f in folders if f):
        try:
            names.update(n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return hashlib.sha256((sys.version + "\0" + "\0".join(sorted(names))).encode("utf-8")).hexdigest()


@functools.cache
def library_digest() -> str:
    """SHA-256 over every file of the ``wlzmonitor`` package (source, templates and the data it reads, such as
    the common Dutch words the scrubber and the gate go by; not ``__pycache__``) and :func:`environment_digest`:
    what keys the caches of bytes the code makes from other bytes (charts, the PDF, gate verdicts)."""
    digest = hashlib.sha256(environment_digest().encode("ascii"))
    for path in _files([PACKAGE_DIR]):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _key(states: Iterable[FileState], config: ReportConfig) -> str:
    settings = replace(config.statistics, population_file=None)  # the file itself is hashed with config/
    return hashlib.sha256((_digest(states) + repr(settings) + environment_digest()).encode("utf-8")).hexdigest()


def input_snapshot(year: int, config: ReportConfig | None = None, *, watch: Iterable[Path] = ()) -> Snapshot:
    """The year's inputs read once: their fingerprint and states; ``watch``: more files whose
    states are kept (not part of the key), e.g. the chapter notebooks."""
    config = config or load_config()
    paths = input_paths(year, config)
    states = file_states(paths, config.root)
    extra = tuple(watch)
    return Snapshot(_key(states, config), config.root, (*paths, *extra), states + file_states(extra, config.root))


def year_fingerprint(year: int, config: ReportConfig | None = None) -> str:
    """The files' hash and the statistical settings (a run can switch weighting on without a file)."""
    return input_snapshot(year, config).key
