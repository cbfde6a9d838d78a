"""``liandong.engines`` is pure compute (docs/architecture.md#layers-inside-an-app): no module imports
Django, django-ninja or a Liandong app — only the standard library, third-party compute libraries and
other engines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import liandong.engines

ENGINES = Path(liandong.engines.__file__).parent
FORBIDDEN_ROOTS = ("django", "ninja", "auditlog", "axes", "huey")


def module_name(path: Path) -> str:
    parts = path.relative_to(ENGINES.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """Absolute names of every module imported by ``source`` (relative imports resolved)."""
    out = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            out.append(target)
            out += [f"{target}.{alias.name}" for alias in node.names if alias.name != "*"]
    return out


def is_forbidden(name: str) -> bool:
    root = name.split(".")[0]
    if root in FORBIDDEN_ROOTS:
        return True
    return root == "liandong" and not (name == "liandong" or name.startswith("liandong.engines"))


def violations(imports: list[str]) -> list[str]:
    return [name for name in imports if is_forbidden(name)]


def engine_files() -> list[Path]:
    return sorted(ENGINES.rglob("*.py"))


def test_there_are_engines_to_check():
    assert ENGINES / "uscc.py" in engine_files()


@pytest.mark.parametrize("path", engine_files(), ids=lambda p: str(p.relative_to(ENGINES)))
def test_engine_module_imports_no_framework(path):
    imports = imported_modules(path.read_text(encoding="utf-8"), module_name(path),
                               is_package=path.name == "__init__.py")
    assert violations(imports) == []


@pytest.mark.parametrize("source, module, bad", [
    ("import django", "liandong.engines.x", ["django"]),
    ("from django.db import models", "liandong.engines.x", ["django.db", "django.db.models"]),
    ("from liandong.enterprises.models import Enterprise", "liandong.engines.x",
     ["liandong.enterprises.models", "liandong.enterprises.models.Enterprise"]),
    ("from ..core import errors", "liandong.engines.x", ["liandong.core", "liandong.core.errors"]),
    ("from . import uscc", "liandong.engines.x", []),
    ("from .stats import frames", "liandong.engines.x", []),
    ("from ..uscc import validate", "liandong.engines.stats.y", []),
    ("def f():\n    import ninja", "liandong.engines.x", ["ninja"]),
    ("import polars as pl\nfrom decimal import Decimal", "liandong.engines.x", []),
])
def test_the_checker_itself(source, module, bad):
    assert violations(imported_modules(source, module)) == bad
