"""Audit trail: django-auditlog records every create, update and delete with the acting user.

Services run inside ``audited(actor)`` so auditlog's signal handlers know who acted; the web
request's user is set by ``AuditlogMiddleware``. Bulk writes (imports, the demo district), which
bypass model signals, write their LogEntry rows with ``bulk_log``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router
from django.utils import timezone


def register_models() -> None:
    """Register with django-auditlog every model the apps declare (``LiandongApp.audited_models``)."""
    from liandong.core.registry import liandong_apps

    for app in liandong_apps():
        for name in app.audited_models:
            model = app.get_model(name)
            if not auditlog.contains(model):
                auditlog.register(model, exclude_fields=list(app.audit_exclude.get(name, ())))


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
    batch_size: int = 5000,
) -> int:
    """Write one auditlog ``LogEntry`` per object for a bulk create/update/delete; returns the count.

    Bulk writes bypass model signals, so they log here. The rows go in with one ``executemany`` per
    batch (LogEntry's own ``bulk_create`` costs more than the data it records). ``changes`` defaults to
    every non-empty field of a created object, as auditlog itself records creations.
    """
    ctype = ContentType.objects.get_for_model(model)
    actor_id = getattr(actor, "pk", None)
    connection = connections[router.db_for_write(LogEntry)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    change_iter = iter(changes) if changes is not None else None
    table = connection.ops.quote_name(LogEntry._meta.db_table)
    columns = "content_type_id, object_pk, object_id, object_repr, action, changes_text, changes, actor_id, timestamp"
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 9)})"  # noqa: S608 (names from the model)
    count = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for obj in objects:
            if change_iter is not None:
                diff = next(change_iter)
            else:
                diff = {f: ["None", str(v)] for f in fields if (v := getattr(obj, f, None)) is not None}
            batch.append((ctype.pk, str(obj.pk), obj.pk if isinstance(obj.pk, int) else None, str(obj)[:200],
                          action, "", connection.ops.adapt_json_value(diff, DjangoJSONEncoder), actor_id, now))
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
