"""The floor plan is enforced (docs/architecture.md#layers, issue #14): the import-linter contract in
pyproject.toml keeps the repository's code, and breaks as soon as a lower layer imports a higher one.

Each case copies the package to a temporary directory, adds one module with a wrong import and runs
``lint-imports`` on the copy with the project's own configuration."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import liandong

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(liandong.__file__).parent
LINT = Path(sys.executable).with_name("lint-imports")


def lint(tmp_path: Path, package: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    return subprocess.run([str(LINT), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(PACKAGE, src / "liandong", ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static",
                                                                            "templates", "locale", "data"))
    return src / "liandong"


def test_the_repository_keeps_every_contract(tmp_path):
    result = lint(tmp_path, PACKAGE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("low", "high"), [
    ("core", "appeals"),            # the base may not know a domain
    ("accounts", "enterprises"),    # accounts serves the domains, it does not read them
    ("notifications", "appeals"),   # notifications are below every domain
    ("enterprises", "stats"),       # the registry does not write statistics' tables
    ("appeals", "events"),          # analysis apps do not reach into service apps
    ("engines", "core"),            # engines are pure
    ("events", "site"),             # nothing imports the composition root
])
def test_a_lower_layer_importing_a_higher_one_breaks_the_lint(tmp_path, package_copy, low, high):
    wrong = package_copy / low / "wrong_way.py"
    wrong.write_text(f"import liandong.{high}.apps  # deliberately up the layers\n")
    try:
        result = lint(tmp_path, package_copy)
    finally:
        wrong.unlink()
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout and f"liandong.{low}.wrong_way -> liandong.{high}.apps" in result.stdout


def test_independent_siblings_may_not_import_each_other(tmp_path, package_copy):
    wrong = package_copy / "stats" / "wrong_way.py"
    wrong.write_text("import liandong.policies.apps  # siblings of one layer, declared independent\n")
    try:
        result = lint(tmp_path, package_copy)
    finally:
        wrong.unlink()
    assert result.returncode != 0 and "liandong.stats.wrong_way -> liandong.policies.apps" in result.stdout


def test_every_app_sits_in_a_layer():
    """A new app folder must be placed in the contract (docs/architecture.md#adding-a-domain)."""
    layers_text = (ROOT / "pyproject.toml").read_text().split('type = "layers"', 1)[1].split("]", 1)[0]
    placed = set(re.findall(r"liandong\.(\w+)", layers_text))
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} - {"data", "locale"}
    assert packages - placed == set(), f"packages outside the layers contract: {sorted(packages - placed)}"
