"""Database housekeeping shared by bulk writers."""

from __future__ import annotations

from django.db import connection


def refresh_planner_statistics() -> None:
    """After a bulk load, give the query planner fresh statistics (SQLite: sampled ANALYZE, at most
    1000 rows per index, https://sqlite.org/lang_analyze.html#approx ; PostgreSQL: ANALYZE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
