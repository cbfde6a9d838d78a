"""Set-based create-or-update used by imports: one query per chunk to find existing rows, then
``bulk_create`` and ``bulk_update`` of what changed, with one audit row per created or changed object."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.db import models

from liandong.core.audit import bulk_log

CHUNK = 2000


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return a is not None and b is not None and Decimal(a) == Decimal(b)
        except (TypeError, ArithmeticError):
            return False
    return a == b


def upsert(
    model: type[models.Model],
    key_fields: Sequence[str],
    rows: Sequence[dict[str, Any]],
    *,
    actor: Any,
    dry_run: bool = False,
    on_update: Callable[[models.Model], None] | None = None,
) -> UpsertResult:
    """Create or update ``rows`` (field → value dicts, keys included), matched on ``key_fields``.

    A value of ``None`` never overwrites a stored value (an empty cell keeps what is there).
    ``on_update`` runs on each changed instance (e.g. to bump a version counter).
    """
    result = UpsertResult()
    first = key_fields[0]
    existing: dict[tuple, models.Model] = {}
    firsts = list({row[first] for row in rows})
    for i in range(0, len(firsts), CHUNK):
        for obj in model.objects.filter(**{f"{first}__in": firsts[i : i + CHUNK]}):
            existing[tuple(getattr(obj, f) for f in key_fields)] = obj

    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    diffs: list[dict[str, list[str]]] = []
    changed_fields: set[str] = set()
    for row in rows:
        key = tuple(row[f] for f in key_fields)
        obj = existing.get(key)
        if obj is None:
            obj = model(**{k: v for k, v in row.items() if v is not None})
            to_create.append(obj)
            existing[key] = obj
            continue
        diff = {}
        for field, value in row.items():
            if value is None or field in key_fields:
                continue
            old = getattr(obj, field)
            if not _same(old, value):
                diff[field] = [str(old), str(value)]
                setattr(obj, field, value)
        if diff:
            if on_update:
                on_update(obj)
            to_update.append(obj)
            diffs.append(diff)
            changed_fields |= diff.keys()
        else:
            result.unchanged += 1
    result.created, result.updated = len(to_create), len(to_update)
    if dry_run:
        return result
    if to_create:
        model.objects.bulk_create(to_create, batch_size=CHUNK)
        bulk_log(actor, model, LogEntry.Action.CREATE, to_create)
    if to_update:
        fields = sorted(changed_fields | ({"version"} if on_update else set()))
        if hasattr(model, "updated_at"):
            from django.utils import timezone

            now = timezone.now()
            for obj in to_update:
                obj.updated_at = now
            fields.append("updated_at")
        model.objects.bulk_update(to_update, fields, batch_size=CHUNK)
        bulk_log(actor, model, LogEntry.Action.UPDATE, to_update, diffs)
    return result
