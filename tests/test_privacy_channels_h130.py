"""Review h130: personal data through the side channels of the outputs (tests fail on the code before).

- An executed notebook (the audit copy in ``outputs/<year>/notebooks/``) kept the analyst's own folders
  outside the repository: a warning of pandas, numpy or scipy names its file in the Python environment
  ("/home/jan.jansen/miniconda3/envs/wlz/lib/python3.11/site-packages/pandas/…: FutureWarning"), and only
  the repository's folder was written out of streams and tracebacks.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest

from wlzmonitor.run.notebook_run import normalise_executed


def _notebook_with_stream(text: str, *, error: list[str] | None = None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(source="x = 1")
    cell["id"] = "cell-001"
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=text)]
    if error is not None:
        cell.outputs.append(nbformat.v4.new_output("error", ename="E", evalue="e", traceback=error))
    nb.cells = [cell]
    return nb


def test_a_warning_from_the_python_environment_does_not_name_its_folder(tmp_path: Path) -> None:
    site = sysconfig.get_paths()["purelib"]
    warning = f"{site}/pandas/core/frame.py:123: FutureWarning: something changes\n"
    nb = normalise_executed(_notebook_with_stream(warning, error=[f"File {sys.prefix}/lib/x.py:1"]),
                            root=tmp_path / "wlz-monitor")
    text = nb.cells[0].outputs[0]["text"]
    assert site not in text and sys.prefix not in text
    assert "pandas/core/frame.py:123: FutureWarning" in text  # the warning itself is kept
    assert sys.prefix not in nb.cells[0].outputs[1]["traceback"][0]


def test_a_folder_in_the_analysts_home_is_not_named(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home" / "jan.jansen"
    monkeypatch.setenv("HOME", str(home))
    warning = f"{home}/miniconda3/envs/wlz/lib/python3.11/site-packages/scipy/stats/_x.py:9: RuntimeWarning: w\n"
    nb = normalise_executed(_notebook_with_stream(warning), root=tmp_path / "repo")
    assert "jan.jansen" not in nb.cells[0].outputs[0]["text"]
    assert "scipy/stats/_x.py:9: RuntimeWarning" in nb.cells[0].outputs[0]["text"]


def test_the_manifest_names_an_export_outside_the_repository_by_its_file_name_only(tmp_path: Path) -> None:
    """manifest.json (published with the output) recorded such an export in full,
    "/home/jan.jansen/Documents/ActiZ/export 2026.xlsx". Since review h135 it names no export's file at all: a
    neutral label, where it is configured, and its SHA-256 (test_privacy_edges_h135.py)."""
    from wlzmonitor.run import report_build

    entry = report_build._export_entry(2026, "ab" * 32)
    assert entry == {"label": "export 2026", "configured": "'export' under 2026 in config/report.yml",
                     "sha256": "ab" * 32}


def test_a_home_folder_inside_another_path_is_left_alone(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "jan"
    monkeypatch.setenv("HOME", str(home))
    text = f"see /mnt{home}/x and {home}/y\n"
    nb = normalise_executed(_notebook_with_stream(text), root=tmp_path / "repo")
    assert nb.cells[0].outputs[0]["text"] == f"see /mnt{home}/x and ~/y\n"


# -- the data-quality log (published with the output) and the messages of check-export and run_all -------------
@pytest.mark.parametrize("value", ["Kees2", "Bos 1", "Eva 3", "Jan 1", "1 Kok"])
def test_a_short_name_with_a_digit_is_not_quoted(value: str) -> None:
    """A short value with a digit was quoted whatever its letters: a name typed with a number ("Kees2",
    "Bos 1") in a cell of the wrong type reached data_quality_log.csv and the terminal as it was."""
    from wlzmonitor.inputs.quality_log import describe_value

    assert describe_value(value) == f"text of {len(value)} characters"


@pytest.mark.parametrize("value", ["VV5", "A1", "ZZP7", "12", "VV4a", "12x"])
def test_a_short_code_with_a_digit_is_still_quoted(value: str) -> None:
    from wlzmonitor.inputs.quality_log import describe_value

    assert describe_value(value) == f"'{value}'"
