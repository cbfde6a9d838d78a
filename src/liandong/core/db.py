"""Database housekeeping shared by bulk writers."""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
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


class ProcessMemo:
    """Values this process keeps beside the shared cache, for what is too big to unpickle on every
    request (a district's screening, its name index). Each is used while the shared cache still holds
    its stamp (a small entry, set when the value is first made), so it lives and dies with the shared
    cache: a new state of the data is a new key, and clearing or expiry drops it in every process."""

    def __init__(self, size: int):
        self.size = size
        self.items: dict[str, tuple[str, Any]] = {}
        self.lock = threading.Lock()

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        stamp = cache.get_or_set(f"{key}:stamp", lambda: uuid.uuid4().hex, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
        with self.lock:
            held = self.items.get(key)
            if held is not None and held[0] == stamp:
                return held[1]
            value = make()
            self.items.pop(key, None)
            while len(self.items) >= self.size:
                self.items.pop(next(iter(self.items)))  # the oldest
            self.items[key] = (stamp, value)
            return value

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


def refresh_planner_statistics() -> None:
    """After a bulk load, give the query planner fresh statistics (SQLite: sampled ANALYZE, at most
    1000 rows per index, https://sqlite.org/lang_analyze.html#approx ; PostgreSQL: ANALYZE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
