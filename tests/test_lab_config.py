"""JupyterLab as the analyst uses it: the chapter .py files open as notebooks by default, saving one
without edits leaves its file as it was, converted .ipynb files stay out of git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jupytext
import pytest
from jupytext.config import load_jupytext_configuration_file

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
#: what JupyterLab puts in a notebook's metadata once its kernel (ipykernel in .venv) has started
KERNEL_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                      "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                      "pygments_lexer": "ipython3", "version": "3.11.7"},
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saving_a_notebook_without_edits_leaves_its_file_alone(path):
    config = load_jupytext_configuration_file(str(ROOT / "jupytext.toml"))
    text = path.read_text(encoding="utf-8")
    nb = jupytext.reads(text, fmt="py:percent")
    nb.metadata.update(json.loads(json.dumps(KERNEL_METADATA)))
    for cell in nb.cells:  # JupyterLab adds execution metadata and may collapse or scroll cells
        cell.metadata.update({"editable": True, "slideshow": {"slide_type": ""}})
        if cell.cell_type == "code":
            cell.metadata["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00"}
    assert jupytext.writes(nb, fmt="py:percent", config=config) == text


def test_jupyterlab_opens_python_files_as_notebooks_from_the_repository_root():
    overrides = json.loads((ROOT / ".jupyter/lab/settings/overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["python"] == "Jupytext Notebook"
    server = json.loads((ROOT / ".jupyter/jupyter_server_config.json").read_text(encoding="utf-8"))
    assert server["ServerApp"]["root_dir"] == "." and server["LabApp"]["app_settings_dir"] == ".jupyter/lab/settings"
    tasks = (ROOT / "tasks.py").read_text(encoding="utf-8")
    assert '"lab"' in tasks and "JUPYTER_CONFIG_PATH" in tasks


def test_converted_notebooks_are_ignored_by_git(tmp_path):
    converted = ROOT / "notebooks" / "01_tarieven.ipynb"
    ignored = subprocess.run(["git", "check-ignore", "-q", str(converted)], cwd=ROOT).returncode
    assert ignored == 0, ".ipynb next to the chapter .py files must be ignored (.gitignore)"
