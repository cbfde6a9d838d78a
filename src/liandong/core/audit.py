"""Audit trail: django-auditlog records every create, update and delete with the acting user.

Services run inside ``audited(actor)`` so auditlog's signal handlers know who acted; the web
request's user is set by ``AuditlogMiddleware``. Bulk writes (imports, the demo district), which
bypass model signals, write their LogEntry rows with ``bulk_log``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

AUDITED_MODELS = (
    "accounts.Organization",
    "accounts.User",
    "enterprises.Enterprise",
    "enterprises.Park",
    "enterprises.Qualification",
    "enterprises.Contact",
    "enterprises.AnnualData",
    "enterprises.MonthlyIndicator",
    "chains.Chain",
    "chains.ChainNode",
    "chains.ChainEdge",
    "chains.EnterprisePosition",
    "chains.SupplyRelation",
    "stats.OfficialTotal",
)


def register_models() -> None:
    for label in AUDITED_MODELS:
        model = apps.get_model(label)
        if not auditlog.contains(model):
            exclude = ["password", "last_login"] if label == "accounts.User" else []
            auditlog.register(model, exclude_fields=exclude)


@contextmanager
def audited(actor: Any) -> Iterator[None]:
    """Attribute every audited change in the block to ``actor`` (None for system jobs)."""
    if actor is not None and getattr(actor, "pk", None) is not None:
        with set_actor(actor):
            yield
    else:
        yield


def bulk_log(
    actor: Any,
    model: type[models.Model],
    action: int,
    objects: Iterable[models.Model],
    changes: Iterable[dict[str, Any]] | None = None,
    batch_size: int = 2000,
) -> int:
    """Write one LogEntry per object for a bulk create/update/delete. Returns the count."""
    ctype = ContentType.objects.get_for_model(model)
    actor_id = getattr(actor, "pk", None)
    change_iter = iter(changes) if changes is not None else None
    rows = []
    for obj in objects:
        diff = next(change_iter) if change_iter is not None else {}
        rows.append(
            LogEntry(
                content_type=ctype,
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=str(obj)[:200],
                action=action,
                changes=json.loads(json.dumps(diff, default=str)),
                actor_id=actor_id,
            )
        )
    LogEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)
