"""Review h147 of the three commits after d0f6bf6. Each test fails on main before its fix.

1. check-year's typed year (review h145's range rule): the start of a range must stand alone as a year does, so a
   file name or a URL ("export_2025-2026.csv", "…/monitor-2025-2026") is no range ending in 2026; and one or two
   spaces (or a no-break space, read as a space) before the joining hyphen, or a minus sign, still make a range
   ("2021  -2025", "2021 −2025": warned as a typed figure '-2025' before, the year not at all).
2. paths.shown_path, now used by new-year and a year without its export: from a deleted working folder a traceback.
"""

from __future__ import annotations

import pytest

from test_wave_review import wave  # noqa: F401  (a fixture: the 2027 test wave)

from wlzmonitor.spec.prose import typed_figure_problems, typed_year_problems, typed_years

ADVICE = "(stale in next year's report; a fixed date such as 'in 2027 voor het eerst gesteld' stays as it is)"
WARNED_2025 = f"‘2025’ typed into the prose: write {{vorig_jaar}} {ADVICE}"


@pytest.mark.parametrize("text", [
    "Zie het bestand export_2025-2026.csv.",
    "Zie het bestand export-2025-2026.csv.",
    "Zie https://www.actiz.nl/monitor-2025-2026 voor de vorige editie.",
])
def test_a_file_name_or_url_with_two_years_is_no_typed_range(text):
    assert typed_years(text) == []
    assert typed_year_problems(text, 2026) == []


@pytest.mark.parametrize("text", [
    "Tarieven 2021  -2025.",  # two spaces
    "Tarieven 2021 \u00a0-2025.",  # a space and a no-break space
    "Tarieven 2021 \u22122025.",  # a minus sign
])
def test_a_range_with_two_spaces_or_a_minus_before_its_end_is_a_typed_year_not_a_figure(text):
    assert typed_years(text) == [2021, 2025]
    assert typed_year_problems(text, 2026) == [WARNED_2025]
    assert typed_figure_problems(text) == []


# 2. new-year and derive-year --check name files from the working folder (paths.shown_path): from a working folder
#    that is gone (deleted while a shell was in it) they ended in a traceback (FileNotFoundError from Path.cwd());
#    before review h145's change they named the files relative to the repository. Now they name them in full.

def test_new_year_from_a_deleted_working_folder_names_the_files_in_full(tmp_path):
    import os
    import subprocess
    import sys

    import new_wave

    root = new_wave.repository(tmp_path)
    gone = tmp_path / "gone"
    gone.mkdir()
    env = {**os.environ, "WLZ_MONITOR_ROOT": str(root), "PYTHONPATH": str(new_wave.ROOT / "lib")}

    def run(*argv: str) -> subprocess.CompletedProcess:
        script = f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -m wlzmonitor "$@"'
        gone.mkdir(exist_ok=True)
        return subprocess.run(["sh", "-c", script, "sh", *argv], env=env, capture_output=True, text=True,
                              check=False)

    assert subprocess.run([sys.executable, "-m", "wlzmonitor", "new-year", "--year", "2027"], cwd=root, env=env,
                          capture_output=True, check=False).returncode == 0
    done = run("new-year", "--year", "2027")
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", f"wlzmonitor new-year: 2027 already has {root}/data/codebooks/2027.yml, {root}/data/reports/2027/"
               f"tables.yml, {root}/data/codeframes/2027.yml: new-year does not overwrite them (--force does)\n")
    done = run("coding", "--year", "2027")
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", f"wlzmonitor coding: no survey data for 2027 (no export at {root}/data/raw/2027/respondenten.csv: put "
               "the 2027 export there, or correct 'export' under 2027 in config/report.yml); years with data: 2024, "
               "2025, 2026\n")


# 3. Tabel 38's vanished groups (review h146, _one_column_per_group): two groups whose labels differ only in a symbol
#    ('< €40 mln', '> €40 mln') were one group (_group_key dropped every non-word character): one column under the
#    later label holding the other group's figure, the second figure dropped without a word.

def test_two_groups_whose_labels_differ_in_a_symbol_keep_a_column_each(wave, tmp_path):  # noqa: F811
    from test_vanished_groups_h138 import _drop_overig
    from test_vanished_groups_h146 import _grid, _parts, _published_2024, _with_nps_2024, _without_export
    from test_wave_review import _copy
    from wlzmonitor.compute.report_tables import compute_table

    root = _copy(wave, tmp_path)
    _drop_overig(root)
    _with_nps_2024(root)
    _without_export(root, 2024)
    spec, survey, history, _ = _parts(root)
    table = compute_table(spec, survey, _published_2024(spec, history, [(8, "< €40 mln", -20.0),
                                                                        (9, "> €40 mln", -20.3)]))
    grid = _grid(table)
    assert list(grid) == ["Zilveren Kruis", "CZ", "Menzis", "VGZ", "Overig", "< €40 mln", "> €40 mln", "Totaal"]
    assert {c: grid[c].get("NPS 2024") for c in grid} == {
        "Zilveren Kruis": 0.0, "CZ": -12.0, "Menzis": -7.0, "VGZ": 13.0, "Overig": None, "< €40 mln": -20.0,
        "> €40 mln": -20.3, "Totaal": -3.0}
    assert dict(zip(table.loc[table["row"] == "NPS 2024", "column"].astype(str),
                    table.loc[table["row"] == "NPS 2024", "column_code"])) == {
        "Zilveren Kruis": 1, "CZ": 2, "Menzis": 3, "VGZ": 4, "< €40 mln": 8, "> €40 mln": 9,
        "Totaal": "Totaal"}
