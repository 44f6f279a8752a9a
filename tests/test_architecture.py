"""The stage contract of lib/wlzmonitor, checked by import-linter (pyproject.toml [tool.importlinter]).

spec -> inputs -> compute -> present -> run -> command line: a module may import its own stage and the
stages before it, never a later one, and the modules of a stage import each other without cycles.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lib" / "wlzmonitor"
LINT = Path(sys.executable).parent / "lint-imports"


def lint(project: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(project / "lib"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([str(LINT), "--config", str(project / "pyproject.toml"), "--no-cache"],
                          cwd=project, capture_output=True, text=True, env=env)


def test_the_import_contracts_are_kept():
    proc = lint(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 kept, 0 broken" in proc.stdout


@pytest.mark.parametrize("module, back_import", [
    ("spec/layout.py", "from wlzmonitor.compute import tables"),          # spec may not use compute
    ("inputs/privacy.py", "from wlzmonitor.present import chapter"),      # inputs may not use present
    ("compute/trends.py", "from wlzmonitor.run import report_run"),       # compute may not use run
    ("compute/tables.py", "from wlzmonitor.compute import report_tables"),  # a cycle inside a stage
])
def test_a_back_import_breaks_the_contract(tmp_path, module, back_import):
    project = tmp_path / "project"
    shutil.copytree(PACKAGE, project / "lib" / "wlzmonitor", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    target = project / "lib" / "wlzmonitor" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{back_import}  # noqa\n", encoding="utf-8")
    proc = lint(project)
    assert proc.returncode == 1 and "BROKEN" in proc.stdout, proc.stdout + proc.stderr


def test_no_private_name_is_imported_from_another_module():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wlzmonitor"):
                found += [f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_")]
    assert found == []


def test_no_function_is_longer_than_80_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 80:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})")
    assert long == []
