"""Review h135: personal data through the side channels of a run (tests fail on the code before).

- The year's result cached in ``outputs/.cache`` (unpublished, but shared with a zipped ``outputs/``) held the
  terms of ``config/privacy.yml`` (the names, organisations and locations to deny) and that file's path.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from types import SimpleNamespace

from wlzmonitor.compute import result_cache
from wlzmonitor.compute.fingerprint import input_snapshot
from wlzmonitor.compute.result_cache import cached_year_result, result_path
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.privacy_settings import PrivacySettings, load_privacy_settings

from test_run_safety import make_repo


def test_the_cached_result_keeps_no_deny_terms_of_the_privacy_file() -> None:
    from wlzmonitor.compute.year_result import thresholds_only  # (new in h135: imported here)

    settings = PrivacySettings(organisations=("Zorggroep Eikenbrug",), locations=("Wilgenlanden",),
                               names=("Tessa de Haan",), small_group_threshold=7, explanations_min_group=8,
                               small_group_action="mark", path=Path("/home/jan.jansen/wlz/config/privacy.yml"))
    kept = thresholds_only(settings)
    stored = pickle.dumps(kept)
    for term in (b"Eikenbrug", b"Wilgenlanden", b"Tessa", b"jan.jansen"):
        assert term not in stored
    assert (kept.small_group_threshold, kept.explanations_min_group, kept.small_group_action) == (7, 8, "mark")


def test_the_year_result_is_made_with_the_thresholds_only(tmp_path, monkeypatch) -> None:
    """The stored result itself (computed once: the demo export, its privacy file's names)."""
    root = make_repo(tmp_path)
    config = load_config(root)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(tmp_path / "sleutel" / "key"))
    names = load_privacy_settings(config.privacy_file).names
    assert names  # the demo privacy file denies names
    result = cached_year_result(2026, config, directory=tmp_path / "cache")
    assert result.privacy.names == () and result.privacy.organisations == () and result.privacy.locations == ()
    assert result.privacy.path is None
    assert result.privacy.small_group_threshold == load_privacy_settings(config.privacy_file).small_group_threshold
    data = next((tmp_path / "cache").glob("result-2026-*.pkl")).read_bytes()
    assert str(config.privacy_file).encode() not in data


def test_a_changed_export_still_invalidates_the_cached_result(tmp_path, monkeypatch) -> None:
    root = make_repo(tmp_path, copy_data=True)
    config = load_config(root)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(tmp_path / "sleutel" / "key"))
    computed: list[int] = []

    def compute(year, config):
        computed.append(year)
        return SimpleNamespace(year=year)

    monkeypatch.setattr(result_cache, "load_year_result", compute)
    monkeypatch.setattr("wlzmonitor.compute.year_result.YearResult", SimpleNamespace)  # (a stand-in result)
    cache = tmp_path / "cache"
    cached_year_result(2026, config, directory=cache)
    cached_year_result(2026, config, directory=cache)
    assert computed == [2026]  # the second from the cache
    before = input_snapshot(2026, config).key
    export = config.year(2026).export
    export.write_text(export.read_text(encoding="utf-8").replace("\n", "\r\n", 1), encoding="utf-8")
    after = input_snapshot(2026, config).key
    assert after != before
    cached_year_result(2026, config, directory=cache)
    assert computed == [2026, 2026]
    assert [p.name for p in cache.glob("result-2026-*.pkl")] == [result_path(2026, after, cache).name]
