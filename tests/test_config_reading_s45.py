"""A process that keeps an older reading of config/report.yml never stores a year's result under the new file's key.

``load_config`` reads config/report.yml once per process. A JupyterLab kernel that had read it, after the analyst
changed a setting the key does not carry apart from the file's bytes (the significance level ``alpha``,
``small_base``, the permutation test's resamples), computed the year's result with the old settings and stored it
under the key of the new file: the next ``run_all.py`` found it there and published the old settings' significance
flags (found in session 45). A run already compared its reading with its snapshot (safety review h93); the result
cache and ``Chapter.open``'s interactive path now do too.
"""

from __future__ import annotations

import pytest

from test_run_safety import make_repo

from wlzmonitor.compute.fingerprint import InputsChangedError, input_snapshot
from wlzmonitor.compute.result_cache import cached_year_result, result_path
from wlzmonitor.spec.config import load_config


def _set_alpha(root, alpha: str) -> None:
    path = root / "config" / "report.yml"
    text = path.read_text(encoding="utf-8")
    assert "  alpha: 0.05\n" in text
    path.write_text(text.replace("  alpha: 0.05\n", f"  alpha: {alpha}\n"), encoding="utf-8")


def test_a_result_asked_with_an_older_reading_of_the_config_is_refused_and_not_stored(tmp_path):
    root = make_repo(tmp_path)
    old = load_config(root)
    _set_alpha(root, "0.01")
    cache = tmp_path / "cache"
    cache.mkdir()
    with pytest.raises(InputsChangedError) as err:
        cached_year_result(2026, old, directory=cache)
    assert str(err.value) == (
        f"{root / 'config' / 'report.yml'}: changed after this process had read it (a JupyterLab kernel keeps its "
        "first reading). Nothing was computed or stored; read the configuration again (load_config.cache_clear(), or "
        "restart the kernel) and run again.")
    assert list(cache.iterdir()) == []


def test_the_run_keeps_its_own_wording(tmp_path):
    from wlzmonitor.run.report_plan import check_config_in_snapshot

    root = make_repo(tmp_path)
    old = load_config(root)
    _set_alpha(root, "0.01")
    with pytest.raises(InputsChangedError, match=r"report\.yml: changed after the run had read it .* The run used "
                                                 r"none of it and published nothing; run again\.$"):
        check_config_in_snapshot(old, input_snapshot(2026, old))


def test_a_result_asked_without_a_config_reads_the_file_as_it_is_now(tmp_path, monkeypatch):
    """Before, ``load_config()`` returned the kernel's first reading (alpha 0.05) and the result computed with it
    went under the key of the file that says 0.01."""
    root = make_repo(tmp_path)
    monkeypatch.setenv("WLZ_MONITOR_ROOT", str(root))
    load_config.cache_clear()
    assert load_config().alpha == 0.05  # the kernel's first reading
    _set_alpha(root, "0.01")
    seen = []
    import wlzmonitor.compute.result_cache as result_cache

    def computed(year, config):
        seen.append(config.alpha)
        raise RuntimeError("computed")  # the settings it was computed with are all this test needs

    monkeypatch.setattr(result_cache, "load_year_result", computed)
    with pytest.raises(RuntimeError, match="computed"):
        cached_year_result(2026, directory=tmp_path)
    assert seen == [0.01]
    fresh = load_config()
    assert fresh.alpha == 0.01
    assert not result_path(2026, input_snapshot(2026, fresh).key, tmp_path).exists()


def test_an_interactive_chapter_reads_the_config_as_it_is_now(tmp_path, monkeypatch):
    import wlzmonitor.present.chapter as chapter

    root = make_repo(tmp_path)
    assert load_config(root).alpha == 0.05  # the kernel's first reading
    _set_alpha(root, "0.01")
    seen = []

    def result(year, config):
        seen.append(config.alpha)
        raise RuntimeError("result")

    monkeypatch.setattr(chapter, "cached_year_result", result)
    with pytest.raises(RuntimeError, match="result"):
        chapter.Chapter.open("03_herschikking", year=2026, root=str(root))
    assert seen == [0.01]


def test_a_chapter_of_a_run_reads_the_config_the_run_read(tmp_path, monkeypatch):
    """A run's chapter (``result_file`` given) keeps the process's reading: the run compared it with its snapshot."""
    import wlzmonitor.present.chapter as chapter

    root = make_repo(tmp_path)
    first = load_config(root)
    seen = []

    def read(path, year):
        seen.append(load_config(root) is first)
        raise RuntimeError("read")

    monkeypatch.setattr(chapter, "read_result", read)
    with pytest.raises(RuntimeError, match="read"):
        chapter.Chapter.open("03_herschikking", year=2026, root=str(root), result_file=str(tmp_path / "r.pkl"))
    assert seen == [True]


def test_the_privacy_settings_are_read_again_when_a_save_keeps_the_modification_time(tmp_path):
    """The privacy file's reading was kept by its modification time alone: a save of the same size whose time was
    set back (an editor or a copy that keeps times) left the process with the old threshold."""
    import os

    from wlzmonitor.spec.privacy_settings import load_privacy_settings

    path = tmp_path / "privacy.yml"
    path.write_text("small_group_threshold: 5\n", encoding="utf-8")
    before = os.stat(path)
    assert load_privacy_settings(path).small_group_threshold == 5
    path.write_text("small_group_threshold: 7\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns and os.stat(path).st_size == before.st_size
    assert load_privacy_settings(path).small_group_threshold == 7
