"""requirements*.txt and environment.yml must pin the same versions."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pins_from_requirements() -> dict[str, str]:
    pins: dict[str, str] = {}
    for name in ("requirements.txt", "requirements-lab.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-"):
                continue
            assert "==" in line, f"{name}: '{line}' is not pinned with =="
            package, version = line.split("==")
            pins[package.strip().lower()] = version.strip()
    return pins


def _pins_from_environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins: dict[str, str] = {}
    deps = list(env["dependencies"])
    for dep in env["dependencies"]:  # packages conda-forge does not carry are pinned under pip:
        if isinstance(dep, dict):
            deps.extend(dep.get("pip", []))
    for dep in deps:
        if isinstance(dep, str) and "==" in dep:
            package, version = dep.split("==")
            pins[package.strip().lower()] = version.strip()
    return pins


def test_every_requirement_is_pinned_identically_in_environment_yml():
    assert _pins_from_requirements() == _pins_from_environment()


def test_environment_yml_uses_python_311():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
