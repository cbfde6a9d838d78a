"""Helpers shared by the import tests: write a file of one kind and run the import on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liandong.enterprises.imports.columns import KINDS
from liandong.enterprises.imports.services import ImportResult, import_run
from tests.factories import write_sheet


def header_for(kind: str, keys: list[str], style: str) -> list[str]:
    """Headers of ``keys`` as Chinese labels (``label``) or English keys (``key``)."""
    labels = {c.key: c.label for c in KINDS[kind]}
    return [labels[k] if style == "label" else k for k in keys]


def write_kind(path: Path, kind: str, rows: list[dict[str, Any]], *, style: str = "label") -> Path:
    """Rows as dicts key → cell value; the header is the union of the keys in first-seen order."""
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    return write_sheet(path, header_for(kind, keys, style), [[row.get(k) for k in keys] for row in rows])


def run_import(actor, kind: str, path: Path, *, dry_run: bool = False) -> ImportResult:
    return import_run(actor=actor, kind=kind, name=path.name, content=path.read_bytes(), dry_run=dry_run)


def errors_by_row(result: ImportResult) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for e in result.errors:
        out.setdefault(e["row"], []).append(e)
    return out
