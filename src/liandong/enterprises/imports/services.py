"""``import_run``: validate a whole file, report every bad cell, write nothing unless all is clean.

Steps: read (reader) → match headers (columns) → parse every cell (parsers) → check duplicate keys
→ resolve references and scope (kinds) → in one transaction, upsert with audit rows (upsert).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.accounts import scoping
from liandong.core.audit import audited
from liandong.core.db import data_changed, refresh_planner_statistics
from liandong.core.errors import ApplicationError, PermissionDeniedError
from liandong.enterprises.imports.columns import KINDS, all_kinds, match_headers
from liandong.enterprises.imports.kinds import HANDLERS, Context, Row, RowError
from liandong.enterprises.imports.parsers import PARSERS, CellError
from liandong.enterprises.imports.reader import read_table
from liandong.enterprises.imports.upsert import upsert

STAGES = {"validate": gettext_lazy("checking cells"), "resolve": gettext_lazy("checking references"),
          "write": gettext_lazy("writing")}  # progress stages as people are shown them
MAX_REPORTED_ERRORS = 10_000
BULK_ROWS = 5_000  # from this many written rows on, refresh the planner's statistics
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    kind: str
    file: str
    ok: bool
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[dict[str, Any]] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file, "ok": self.ok, "rows": self.rows, "created": self.created,
                "updated": self.updated, "unchanged": self.unchanged, "dry_run": self.dry_run,
                "errors": self.errors, "notes": self.notes, "seconds": round(self.seconds, 3)}


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def import_run(
    *, actor: Any, kind: str, name: str, content: bytes, dry_run: bool = False, progress: Progress | None = None,
) -> ImportResult:
    """Import ``content`` (the bytes of file ``name``) as ``kind``. Never half-writes."""
    started = time.perf_counter()
    progress = progress or _no_progress
    if kind not in KINDS:
        raise ApplicationError(_("Unknown import kind %(kind)s.") % {"kind": kind}, {"kinds": sorted(KINDS)})
    if not scoping.can_import(actor):
        raise PermissionDeniedError(_("You may not import data."))
    table = read_table(name, content)
    mapping, unknown = match_headers(kind, table.headers)
    result = ImportResult(kind=kind, file=name, ok=False, rows=len(table.rows), dry_run=dry_run)
    errors: list[RowError] = []
    present = {c.key for c in mapping.values()}
    missing = [c for c in KINDS[kind] if c.required and c.key not in present]
    if missing:
        for col in missing:
            errors.append(RowError(1, col.key, "", _("The required column %(label)s is missing.")
                                   % {"label": f"「{col.label}」"}))
        result.errors = _error_dicts(kind, errors)
        result.notes = {"unknown_columns": len(unknown)}
        result.seconds = time.perf_counter() - started
        return result

    # Parse every cell. A row with bad cells goes on through every check below (#13 item 16: every
    # error of every row is reported), flagged so that it is never written.
    progress("validate", 0, len(table.rows))
    rows: list[Row] = []
    required = [c for c in KINDS[kind] if c.required]
    for n, (number, cells) in enumerate(table.rows, start=1):
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        bad = False
        for index, col in mapping.items():
            text = cells[index] if index < len(cells) else None
            if text is None:
                continue
            raw[col.key] = text
            try:
                values[col.key] = PARSERS[col.type](text)
            except CellError as err:
                errors.append(RowError(number, col.key, text, err.message))
                bad = True
        for col in required:
            if col.key not in raw:
                errors.append(RowError(number, col.key, "", _("Required; the cell is empty.")))
                bad = True
        rows.append(Row(number, values, raw, bad))
        if n % 20000 == 0:
            progress("validate", n, len(table.rows))

    # The same key twice in one file is ambiguous: report the later row (whose key cells parsed).
    handler = HANDLERS[kind]
    key_columns = _file_key_columns(kind)
    seen: dict[tuple, int] = {}
    for row in rows:
        key = tuple(row.values.get(k) for k in key_columns)
        if any(k is None for k in key):
            continue
        if key in seen:
            errors.append(RowError(row.number, key_columns[0], row.cells.get(key_columns[0], ""),
                                   _("Same key as row %(row)d.") % {"row": seen[key]}))
            row.bad = row.duplicate = True
            continue
        seen[key] = row.number

    ctx = Context(actor)
    ctx.dry_run = dry_run
    progress("resolve", 0, len(rows))
    prepared = handler.prepare(rows, ctx)
    errors.extend(ctx.errors)
    errors.extend(_field_limit_errors(kind, handler.model, prepared))
    prepared = _unique_resolved(handler, [p for p in prepared if not p[0].duplicate], key_columns, errors)
    prepared = [(row, data) for row, data in prepared if not row.bad]
    if errors:
        result.errors = _error_dicts(kind, errors)
        result.notes = {"errors_total": len(errors), "unknown_columns": len(unknown)}
        result.seconds = time.perf_counter() - started
        return result

    progress("write", 0, len(prepared))
    with transaction.atomic(), audited(actor):
        if not dry_run:
            handler.before_write(prepared, ctx)
        records = [{k: v for k, v in data.items() if not k.startswith("_")} for _row, data in prepared]
        outcome = upsert(handler.model, handler.key_fields, records, actor=actor, dry_run=dry_run,
                         on_update=_bump_version if handler.versioned else None)
        if not dry_run:
            handler.after_write(prepared, ctx)
    progress("write", len(prepared), len(prepared))
    if not dry_run and outcome.created + outcome.updated:
        data_changed()
    if not dry_run and outcome.created + outcome.updated >= BULK_ROWS:
        refresh_planner_statistics()
    result.ok = True
    result.created, result.updated, result.unchanged = outcome.created, outcome.updated, outcome.unchanged
    result.notes = {k: v for k, v in ctx.notes.items() if v} | ({"unknown_columns": len(unknown)} if unknown else {})
    result.seconds = time.perf_counter() - started
    return result


def _error_dicts(kind: str, errors: list[RowError]) -> list[dict[str, Any]]:
    """Errors in sheet order as ``{row, column, label, value, message}``: ``column`` the English key
    (docs/imports.md#the-result), ``label`` the Chinese header as in the template, which people are shown
    (#13 item 13)."""
    errors.sort(key=lambda e: (e.row, e.column))
    labels = {c.key: c.label for c in KINDS[kind]}
    return [e.as_dict() | {"label": labels.get(e.column, e.column)} for e in errors[:MAX_REPORTED_ERRORS]]


def _unique_resolved(handler: Any, prepared: list[tuple[Row, dict[str, Any]]], key_columns: tuple[str, ...],
                     errors: list[RowError]) -> list[tuple[Row, dict[str, Any]]]:
    """Rows naming the same record in different words (集成电路/芯片设计 and ic/ic.mid.design, 高企 and
    国家高新技术企业) are duplicates too: report the later row instead of letting it overwrite."""
    seen: dict[tuple, int] = {}
    out = []
    for row, data in prepared:
        key = tuple(data.get(k) for k in handler.key_fields)
        if key in seen:
            errors.append(RowError(row.number, key_columns[0], row.cells.get(key_columns[0], ""),
                                       _("Same key as row %(row)d.") % {"row": seen[key]}))
            continue
        seen[key] = row.number
        out.append((row, data))
    return out


def _field_limit_errors(kind: str, model: Any, prepared: list[tuple[Row, dict[str, Any]]]) -> list[RowError]:
    """Values the database column cannot hold: too long text, too many digits, integers out of range.
    SQLite would store them and PostgreSQL fail at write time; both report the cell instead."""
    columns = {c.key for c in KINDS[kind]}
    fields = {f.attname: f for f in model._meta.concrete_fields}
    ranges = BaseDatabaseOperations.integer_field_ranges
    out = []
    for row, data in prepared:
        for key, value in data.items():
            field = fields.get(key)
            if field is None or value is None or isinstance(value, bool):
                continue
            message = None
            if isinstance(value, str) and field.max_length and len(value) > field.max_length:
                message = _("Too long: at most %(n)d characters.") % {"n": field.max_length}
            elif isinstance(value, Decimal) and isinstance(field, models.DecimalField):
                if abs(value) >= Decimal(10) ** (field.max_digits - field.decimal_places):
                    message = _("The number is too large.")
            elif isinstance(value, int) and field.get_internal_type() in ranges:
                low, high = ranges[field.get_internal_type()]
                if not low <= value <= high:
                    message = _("The number is too large.")
            if message:
                column = key if key in columns else next(iter(row.cells), key)
                out.append(RowError(row.number, column, row.cells.get(column, ""), message))
    return out


def _bump_version(obj: Any) -> None:
    obj.version += 1


def _file_key_columns(kind: str) -> tuple[str, ...]:
    """The columns that identify a row within a file (the keys of docs/imports.md#kinds)."""
    return all_kinds()[kind].file_key
