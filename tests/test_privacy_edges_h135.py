"""Review h135: personal data through the side channels of a run (tests fail on the code before).

- An export saved under a contact's name ("data/raw/2026/export_Jan_de_Vries.csv", as configured in
  config/report.yml) reached the `file` column of the data-quality log and the manifest; the gate failed the run
  but advised scrubbing answers. Outputs now name an export by a neutral label ("export 2026"; the manifest adds
  where it is configured and its SHA-256), and a hit in a file's name says to rename the file.
- The year's result cached in ``outputs/.cache`` (unpublished, but shared with a zipped ``outputs/``) held the
  terms of ``config/privacy.yml`` (the names, organisations and locations to deny) and that file's path.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from types import SimpleNamespace

from wlzmonitor.inputs.privacy import DenyList
from wlzmonitor.inputs.quality_log import DataQualityLog, Finding
from wlzmonitor.run import report_build
from wlzmonitor.run.output_guard import make_owned
from wlzmonitor.run.privacy_gate import file_problems
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


# -- 1. the export's file name ------------------------------------------------------------------------------
def _log_of(export: Path) -> DataQualityLog:
    return DataQualityLog([Finding(str(export), 28, "R0026", "respondent_id", None, "excluded", "duplicate of row 27",
                                   "unique respondent ids", "row excluded (identical copy)"),
                           Finding(str(export), None, None, None, None, "warning",
                                   f"{export}: column 'x' not in the codebook", None, "dropped")])


def test_the_data_quality_log_names_the_export_by_a_neutral_label(tmp_path) -> None:
    root = tmp_path / "repo"
    inside = root / "data" / "raw" / "2026" / "export_Jan_de_Vries.csv"
    outside = Path("/home/jan.jansen/Documents/export_Jan_de_Vries.csv")
    for export in (inside, outside):
        frame = _log_of(export).to_frame(root, {export: "export 2026"})
        assert list(frame["file"]) == ["export 2026", "export 2026"]
        assert "Vries" not in frame.to_csv() and "jan.jansen" not in frame.to_csv()
        assert frame["issue"].iloc[1] == "export 2026: column 'x' not in the codebook"
    # without labels (check-export's own log, for the analyst): the path as before
    assert _log_of(inside).to_frame(root)["file"].iloc[0] == "data/raw/2026/export_Jan_de_Vries.csv"


def test_the_manifest_records_the_export_by_label_setting_and_digest() -> None:
    entry = report_build._export_entry(2026, "0" * 64)
    assert entry == {"label": "export 2026", "configured": "'export' under 2026 in config/report.yml",
                     "sha256": "0" * 64}


def test_a_contact_in_a_file_name_is_named_so_and_the_advice_is_to_rename(tmp_path) -> None:
    deny = DenyList((("R0007", "name", "Jan de Vries"),))
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"export": {"file": "data/raw/2026/export_Jan_de_Vries.csv"}}\n',
                                       encoding="utf-8")
    (out / "page.html").write_text("<p>Volgens Jan de Vries klopt het.</p>\n", encoding="utf-8")
    in_name = file_problems(out / "manifest.json", out, deny)
    in_answer = file_problems(out / "page.html", out, deny)
    assert in_name and all(p.endswith(", in a file's name") and "Vries" not in p for p in in_name)
    assert in_answer and not any("file's name" in p for p in in_answer)
    summary = SimpleNamespace(year=2026, failed=[], target=out.parent / "2026", message="", seconds=0.0)
    staging = make_owned(out.parent / ".2026.partial")
    said = report_build._keep_failed_run(summary, staging, [], [f"personal data: {p}" for p in in_name], 0.0).message
    assert "rename that file" in said and "'export' under the year" in said


# -- 3. document properties (checked on a whole run's outputs: no user, host or folder; kept so) ---------------
def test_a_workbook_names_no_account_host_or_time(tmp_path) -> None:
    import getpass
    import socket
    import zipfile

    from openpyxl import Workbook

    from wlzmonitor.present.table_files import save_workbook

    wb = Workbook()
    wb.properties.lastModifiedBy = "jan.jansen"  # as a workbook opened and saved by someone would carry
    wb.active["A1"] = "x"
    save_workbook(wb, tmp_path / "boek.xlsx")
    with zipfile.ZipFile(tmp_path / "boek.xlsx") as book:
        props = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("docProps/"))
    assert "<dc:creator>wlz-monitor</dc:creator>" in props and "2000-01-01T00:00:00Z" in props
    assert "jan.jansen" not in props and "lastModifiedBy" not in props
    for own in (getpass.getuser(), socket.gethostname(), str(tmp_path)):
        assert len(own) < 4 or own not in props
