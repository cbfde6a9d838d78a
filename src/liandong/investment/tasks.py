"""Background jobs of investment promotion (Huey): the daily reminder of overdue projects."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(hour="8", minute="30"))
@lock_task("investment-overdue")
def remind_overdue_projects() -> int:
    """Tell departments of projects past their stage limit (idempotent: one notice per stage entry)."""
    from liandong.investment.services import remind_overdue

    return remind_overdue()
