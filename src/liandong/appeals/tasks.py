"""Background jobs of the appeals app (Huey): the sweep, every minute."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task


@db_periodic_task(crontab(minute="*"))
@lock_task("appeals-sweep")
def appeals_sweep() -> dict:
    """Warnings, escalations and deliveries due by now (idempotent; see ``alerts.sweep``)."""
    from liandong.appeals.alerts import sweep

    return sweep()


@db_task()
def appeals_sweep_now() -> dict:
    """The same sweep on demand (after an import, from the CLI or a test)."""
    from liandong.appeals.alerts import sweep

    return sweep()
