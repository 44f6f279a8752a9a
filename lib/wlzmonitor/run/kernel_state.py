"""What runs *inside* a warm kernel: the imports once, then before every chapter a reset to the
state right after them.

:class:`wlzmonitor.run.kernel.WarmKernel` sends the kernel ``setup(preload)`` once and
``reset(cwd)`` before each chapter, as code to execute (by this module's dotted name, see
:data:`wlzmonitor.run.kernel.KERNEL_SIDE_MODULE`). Nothing else imports this module: it runs in
the kernel process, where IPython is loaded already.

``reset`` brings back what a chapter may change: the user namespace, ``In``/``Out`` and the
execution counter (``InteractiveShell.reset(new_session=True)``), the working directory,
``sys.path``, ``os.environ``, warning filters and their "once" registries, matplotlib rcParams
and open pyplot figures, pandas and numpy options. A chapter then sees what it would see in a
fresh kernel, and nothing of the chapter before.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import warnings
from collections.abc import Iterable
from typing import Any

from IPython import get_ipython

__all__ = ["reset", "setup"]

#: what the kernel looked like right after the imports (filled by setup, completed by reset)
_STATE: dict[str, Any] = {}


def setup(preload: Iterable[str]) -> None:
    """Once per kernel: import `preload`, then remember the state a chapter may change."""
    for name in preload:
        with contextlib.suppress(Exception):  # a module this project lacks: a chapter needing it will say so
            importlib.import_module(name)
    state: dict[str, Any] = {
        "sys_path": list(sys.path),
        "environ": dict(os.environ),
        "warnings": list(warnings.filters),
    }
    mpl = sys.modules.get("matplotlib")
    if mpl is not None and isinstance(mpl.rcParams, dict):
        state["rcparams"] = dict.copy(mpl.rcParams)  # raw values: no backend resolution on read
    pd = sys.modules.get("pandas")
    if pd is not None:
        with contextlib.suppress(Exception):
            state["pandas"] = _pandas_options(pd)
    np = sys.modules.get("numpy")
    if np is not None:
        state["numpy"] = (np.geterr(), np.get_printoptions())
    _STATE.clear()
    _STATE.update(state)
    # The imported libraries stay for the kernel's life: keep their objects out of the garbage
    # collector's full passes (shell.reset() runs one before every chapter, and charts make
    # enough objects to trigger many).
    gc.collect()
    gc.freeze()


def reset(cwd: str) -> None:
    """Before each chapter: back to the state right after the imports, working directory `cwd`."""
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)  # user namespace, In/Out, _ __, execution count back to 1
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
    _reset_matplotlib()
    _reset_pandas()
    np = sys.modules.get("numpy")
    if np is not None and "numpy" in _STATE:
        np.seterr(**_STATE["numpy"][0])
        np.set_printoptions(**_STATE["numpy"][1])
    sys.path[:] = _STATE["sys_path"]
    environ = _STATE["environ"]
    for key in [k for k in os.environ if k not in environ]:
        del os.environ[key]
    for key, value in environ.items():
        if os.environ.get(key) != value:
            os.environ[key] = value
    os.chdir(cwd)
    # warning filters as after the imports; resetwarnings() also forgets every "shown once
    # already" registry, so a chapter sees the same warnings it would see in a fresh kernel
    warnings.resetwarnings()
    warnings.filters[:] = _STATE["warnings"]
    getattr(warnings, "_filters_mutated", lambda: None)()
    # (no gc.collect() here: shell.reset() above has collected already)


def _reset_matplotlib() -> None:
    """rcParams back to the values after the imports (or after its import by a chapter)."""
    mpl = sys.modules.get("matplotlib")
    if mpl is not None and isinstance(mpl.rcParams, dict):
        if "rcparams" not in _STATE:  # first imported by a chapter: back to the state after import
            _STATE["rcparams"] = {k: v for k, v in dict.items(mpl.rcParamsOrig) if k != "backend"}
        dict.update(mpl.rcParams, _STATE["rcparams"])


def _reset_pandas() -> None:
    """pandas options back to the values after the imports (its defaults if a chapter imported it)."""
    pd = sys.modules.get("pandas")
    if pd is None:
        return
    if "pandas" not in _STATE:  # first imported by a chapter: the defaults
        with contextlib.suppress(Exception):
            _STATE["pandas"] = _pandas_options(pd, defaults=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, value in _STATE.get("pandas", {}).items():
            current = pd.get_option(key)
            if current is not value and not _same(current, value):
                pd.set_option(key, value)


def _pandas_options(pd: Any, *, defaults: bool = False) -> dict[str, Any]:
    """Every (not deprecated) pandas option: its value now, or its default."""
    # imported here, only when pandas is loaded already: a kernel whose chapters do not use
    # pandas never imports it (~1 s)
    from pandas._config import config

    values = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, option in config._registered_options.items():
            if key not in config._deprecated_options:
                values[key] = option.defval if defaults else pd.get_option(key)
    return values


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return False
