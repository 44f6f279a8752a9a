"""The run reads the deny list in a forked child while it works on (run/privacy_gate.start_deny_list):
the same deny list as reading it in the run's own process, and the run's own reading when the
child fails."""

from __future__ import annotations

import pytest

import os
import time

from wlzmonitor.run import privacy_gate
from wlzmonitor.spec.config import load_config


def test_the_child_gives_the_deny_list_the_process_would_read():
    config = load_config()
    assert privacy_gate.start_deny_list(2026, config)() == privacy_gate.run_deny_list(2026, config)


PARENT = os.getpid()
REAL = privacy_gate.run_deny_list


def fails_in_the_child(year, config):  # module level: the child must unpickle it
    if os.getpid() != PARENT:
        raise RuntimeError("the child fails")
    return REAL(year, config)


def hangs_in_the_child(year, config):
    if os.getpid() != PARENT:
        time.sleep(3600)
    return REAL(year, config)


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_a_failing_child_falls_back_to_reading_here(monkeypatch):
    monkeypatch.setattr(privacy_gate, "run_deny_list", fails_in_the_child)
    config = load_config()
    assert privacy_gate.start_deny_list(2026, config)() == REAL(2026, config)


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_with_other_threads_running_nothing_is_forked(monkeypatch):
    import multiprocessing
    import threading

    forked = []
    monkeypatch.setattr(multiprocessing, "get_context", lambda *a, **k: forked.append(a) or 1 / 0)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        config = load_config()
        assert privacy_gate.start_deny_list(2026, config)() == privacy_gate.run_deny_list(2026, config)
    finally:
        stop.set()
        thread.join()
    assert forked == []


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_a_hanging_child_is_killed_and_the_deny_list_read_here(monkeypatch):
    monkeypatch.setattr(privacy_gate, "run_deny_list", hangs_in_the_child)
    monkeypatch.setattr(privacy_gate, "DENY_LIST_WAIT", 1.0)
    config = load_config()
    started = time.perf_counter()
    assert privacy_gate.start_deny_list(2026, config)() == REAL(2026, config)
    assert 1.0 <= time.perf_counter() - started < 30  # waited for the child, then read here


# ---------------------------------------------------------------------------------------------
# the report's own prose, kept per file: a prose edit parses the edited notebook only
# ---------------------------------------------------------------------------------------------
def _read_text_constants(paths) -> list[str]:
    """The prose constants as read with read_text (the reading before the texts were kept)."""
    import ast

    out = []
    for path in paths:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        out += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and " " in n.value and not privacy_gate._STYLE_LIKE.search(n.value)]
    return out


@pytest.fixture
def copied(tmp_path, private_key):
    import new_wave

    root = new_wave.repository(tmp_path)
    load_config.cache_clear()
    yield load_config(root), tmp_path / "cache"
    load_config.cache_clear()


@pytest.fixture
def parsed(monkeypatch):
    real = privacy_gate._prose_constants
    calls: list[int] = []

    def counted(data):
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(privacy_gate, "_prose_constants", counted)
    return calls


def test_kept_prose_texts_are_the_texts_read_afresh(copied, parsed):
    from pathlib import Path

    config, cache = copied
    files = [config.notebook(s) for s in config.chapters] + sorted(
        Path(privacy_gate.__file__).parents[1].glob("present/*.py"))
    expected = _read_text_constants(files)
    assert privacy_gate.report_prose_texts(config) == expected
    parsed.clear()
    assert privacy_gate.report_prose_texts(config, cache=cache) == expected
    assert len(parsed) == len(files)
    parsed.clear()
    assert privacy_gate.report_prose_texts(config, cache=cache) == expected
    assert parsed == []  # every file's texts kept
    notebook = config.notebook("03_herschikking")
    # an edit, with Windows line ends inside a triple-quoted string: read as read_text reads it
    notebook.write_bytes(notebook.read_bytes() + b'\r\n# %%\r\nx = """Een zin\r\nover twee regels"""\r\n')
    expected = _read_text_constants(files)
    assert "Een zin\nover twee regels" in expected
    assert privacy_gate.report_prose_texts(config, cache=cache) == expected
    assert len(parsed) == 1


def test_kept_prose_texts_of_another_library_or_user_are_not_used(copied, parsed, monkeypatch):
    import json

    from wlzmonitor.compute.signed_files import read_signed, write_signed

    config, cache = copied
    expected = privacy_gate.report_prose_texts(config, cache=cache)
    store = cache / "report-prose-texts.json"
    stored = json.loads(read_signed(store, privacy_gate._PROSE_PURPOSE))
    planted = {digest: ["Piet Klaassen belt"] for digest in stored["files"]}
    # another library's texts (signed by this user): not used
    write_signed(store, privacy_gate._PROSE_PURPOSE, json.dumps({"library": "0" * 64, "files": planted}).encode())
    parsed.clear()
    assert privacy_gate.report_prose_texts(config, cache=cache) == expected and parsed
    # texts not signed by this user: not used
    store.write_bytes(store.read_bytes()[:-3] + b"]}}")
    parsed.clear()
    assert privacy_gate.report_prose_texts(config, cache=cache) == expected and parsed
    # not of the shape: not used
    write_signed(store, privacy_gate._PROSE_PURPOSE, json.dumps(
        {"library": stored["library"], "files": {d: [1, 2] for d in stored["files"]}}).encode())
    parsed.clear()
    assert privacy_gate.report_prose_texts(config, cache=cache) == expected and parsed


def test_the_run_s_deny_list_is_the_same_with_kept_prose(copied):
    config, cache = copied
    first = privacy_gate.run_deny_list(2026, config)
    assert (config.output_for(2026).parent / ".cache" / "report-prose-texts.json").is_file()
    assert privacy_gate.run_deny_list(2026, config) == first
