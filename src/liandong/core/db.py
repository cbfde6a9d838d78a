"""Database housekeeping shared by bulk writers."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

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


def refresh_planner_statistics() -> None:
    """After a bulk load, give the query planner fresh statistics (SQLite: sampled ANALYZE, at most
    1000 rows per index, https://sqlite.org/lang_analyze.html#approx ; PostgreSQL: ANALYZE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
