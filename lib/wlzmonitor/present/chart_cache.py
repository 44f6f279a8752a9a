"""Charts drawn once: a chart whose data and specification did not change is not drawn again.

    charts = ChartCache(config.output_dir / ".cache" / "charts")
    files = charts.save(("table", spec, table, small_base, title),
                        lambda: make_chart(spec, table, small_base=small_base, title=title),
                        directory, "03_herschikking_herschikking_thuis")   # ChartFiles, or None

The key of a chart is a SHA-256 over everything that decides its pixels:

- what the chart shows: the builder's arguments (the table spec field by field, the tidy table
  column by column — names, dtypes and the exact values, floats by their bits —, title, small
  base, the years of a trend line, the values of a mini chart);
- how it is drawn: every module-level constant of :mod:`wlzmonitor.present.charts` that is plain
  data (colours, sizes, the style, DPI, salt), as it is at the time of the call, and
  matplotlib's ``rcParams`` as they are then (a notebook that changes a setting gets new charts);
- the code that draws it: the source of the whole ``wlzmonitor`` package, the Python version and
  the name and version of every installed distribution (fonts ship with matplotlib;
  :func:`wlzmonitor.compute.fingerprint.environment_digest`).

A changed colour, label, value, title or library redraws the chart; anything else is read back.
The PNG and SVG are stored together in one file per key under ``outputs/.cache/charts/``, signed
with the user's cache key (:mod:`wlzmonitor.compute.signed_files`): a planted or edited file is
ignored and the chart drawn again. The bytes read back are the bytes `render` wrote for the same
key, so pages and figures are identical with and without the cache (tests/test_chart_cache.py).
Files not used for :data:`KEEP_DAYS` days are removed by :func:`prune`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from wlzmonitor.compute.fingerprint import library_digest
from wlzmonitor.compute.signed_files import prune as prune_files
from wlzmonitor.compute.signed_files import read_signed, write_signed
from wlzmonitor.present import charts
from wlzmonitor.present.charts import ChartFiles, render

__all__ = ["KEEP_DAYS", "ChartCache", "chart_key", "prune"]

#: bump to drop every cached chart (a change in how the key is made)
KEY_VERSION = b"wlz-chart-1"
PURPOSE = "chart"
KEEP_DAYS = 30
_SKIPPED_SPEC_FIELDS = frozenset({"line"})  # where the table stands in the layout file: messages only


@functools.cache
def _code_digest() -> bytes:
    """The package source, the Python version and every installed distribution (once per process)."""
    return hashlib.sha256(KEY_VERSION + library_digest().encode("ascii")).digest()


def _is_plain(value: Any) -> bool:
    if value is None or isinstance(value, (str, bytes, bool, int, float)):
        return True
    if isinstance(value, (tuple, list, frozenset, set)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_is_plain(k) and _is_plain(v) for k, v in value.items())
    return False


def _style_text() -> str:
    """The plain-data constants of the charts module and matplotlib's rcParams, now."""
    constants = {name: value for name, value in vars(charts).items()
                 if not name.startswith("__") and _is_plain(value)}
    return repr(_canonical(constants)) + repr(sorted((k, repr(v)) for k, v in mpl.rcParams.items()))


def _canonical(value: Any) -> Any:
    """A form of plain data whose repr does not depend on set or dict order."""
    if isinstance(value, dict):
        return ("dict", sorted((repr(_canonical(k)), _canonical(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(repr(_canonical(v)) for v in value))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_canonical(v) for v in value])
    if isinstance(value, float):
        return ("float", struct.pack(">d", value).hex()) if not math.isnan(value) else ("float", "nan")
    if _is_plain(value):
        return value
    if value is pd.NA or value is pd.NaT:
        return ("missing", repr(value))
    raise TypeError(f"chart_key: cannot hash a {type(value).__name__} exactly")


def _feed(digest: Any, value: Any) -> None:
    """Add `value` (table spec, tidy table, plain data, arrays) to `digest`, exactly and in order."""
    if isinstance(value, pd.DataFrame):
        digest.update(b"frame\0" + repr(_canonical(value.attrs)).encode())
        _feed(digest, value.index)
        for name in value.columns:
            digest.update(b"column\0" + repr(_canonical(name)).encode())
            _feed(digest, value[name].array)
    elif isinstance(getattr(value, "dtype", None), pd.CategoricalDtype):
        digest.update(f"categorical\0{value.dtype.ordered}\0".encode())
        _feed(digest, value.dtype.categories)
        _feed(digest, np.asarray(pd.Categorical(value).codes))
    elif isinstance(value, (pd.Index, pd.api.extensions.ExtensionArray, np.ndarray)):
        array = np.asarray(value)
        digest.update(f"array\0{value.dtype}\0{array.shape}\0".encode())
        if array.dtype.kind in "biufcmM":
            digest.update(np.ascontiguousarray(array).tobytes())
        else:
            digest.update(repr([_canonical(v) for v in array.tolist()]).encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(f"dataclass\0{type(value).__qualname__}\0".encode())
        for f in dataclasses.fields(value):
            if f.name not in _SKIPPED_SPEC_FIELDS:
                digest.update(f.name.encode() + b"=")
                _feed(digest, getattr(value, f.name))
    elif isinstance(value, (list, tuple)) and not _is_plain(value):
        digest.update(f"{type(value).__name__}\0{len(value)}\0".encode())
        for item in value:
            _feed(digest, item)
    elif _is_plain(value) or isinstance(value, np.generic):
        digest.update(repr(_canonical(value.item() if isinstance(value, np.generic) else value)).encode())
    else:  # never guess: an argument this module cannot hash exactly is a bug, not a cache hit
        raise TypeError(f"chart_key: cannot hash a {type(value).__name__}")
    digest.update(b"\0")


def chart_key(inputs: Any) -> str:
    """The content key of a chart drawn from `inputs` (see the module docstring)."""
    digest = hashlib.sha256(_code_digest())
    digest.update(_style_text().encode())
    _feed(digest, inputs)
    return digest.hexdigest()


class ChartCache:
    """Chart images by content key in `directory` (None: no cache, every chart is drawn)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.hits = 0
        self.misses = 0

    def images(self, inputs: Any, build: Callable[[], Figure | None]) -> tuple[bytes, bytes] | None:
        """(PNG, SVG) of the chart `build` draws from `inputs`: read back, or drawn and stored."""
        if self.directory is None:
            fig = build()
            return None if fig is None else render(fig)
        try:
            path = self.directory / f"{chart_key(inputs)}.chart"
        except TypeError:  # an argument without an exact key: drawn, never cached
            fig = build()
            return None if fig is None else render(fig)
        stored = read_signed(path, PURPOSE)
        if stored is not None and len(stored) >= 8:
            size = struct.unpack(">Q", stored[:8])[0]
            if 8 + size <= len(stored):
                self.hits += 1
                return stored[8:8 + size], stored[8 + size:]
        fig = build()
        if fig is None:
            return None
        png, svg = render(fig)
        self.misses += 1
        write_signed(path, PURPOSE, struct.pack(">Q", len(png)) + png + svg)
        return png, svg

    def save(self, inputs: Any, build: Callable[[], Figure | None], directory: str | Path,
             stem: str) -> ChartFiles | None:
        """Write ``<stem>.png`` and ``<stem>.svg`` into `directory` (None when there is no chart)."""
        images = self.images(inputs, build)
        if images is None:
            return None
        png, svg = images
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        png_path, svg_path = directory / f"{stem}.png", directory / f"{stem}.svg"
        png_path.write_bytes(png)
        svg_path.write_bytes(svg)
        return ChartFiles(png_path, svg_path, png)


def prune(directory: Path, *, days: float = KEEP_DAYS) -> int:
    """Remove cached charts not used for `days` days; how many were removed."""
    return prune_files(directory, "*.chart", days=days)
