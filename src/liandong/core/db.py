"""Database housekeeping shared by bulk writers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Max

DATA_GENERATION_KEY = "liandong:data-generation"
_listeners: list[Callable[[], None]] = []


def on_data_changed(listener: Callable[[], None]) -> Callable[[], None]:
    """Register ``listener`` to run after ``data_changed`` (apps do it in ``ready``: the chains app
    queues a background job that recomputes the analyses, so the next page view finds them ready)."""
    _listeners.append(listener)
    return listener


def data_changed() -> None:
    """Registry data changed: caches keyed on ``data_generation()`` (the chain analyses) go stale.
    Writers call it after commit: imports, services, the demo."""
    try:
        cache.incr(DATA_GENERATION_KEY)
    except ValueError:
        cache.set(DATA_GENERATION_KEY, 1, None)
    for listener in _listeners:
        listener()


def data_generation() -> int:
    return cache.get(DATA_GENERATION_KEY, 0)


def data_fingerprint(models: Iterable[Any], *extra: Any) -> str:
    """A short hash that changes when rows are added to any of ``models`` (highest ids, read off the
    primary keys), when a writer calls ``data_changed``, or when ``extra`` (settings) changes. Cached
    analyses key on it; in-place edits elsewhere (the admin) show when the cache entry expires."""
    parts: list[Any] = [*extra, data_generation()]
    for model in models:
        parts.append(model.objects.aggregate(top=Max("id"))["top"])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:24]


def refresh_planner_statistics() -> None:
    """After a bulk load, give the query planner fresh statistics (SQLite: sampled ANALYZE, at most
    1000 rows per index, https://sqlite.org/lang_analyze.html#approx ; PostgreSQL: ANALYZE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
