"""Background jobs of the alliance: the service record copied from its sources after data changes."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def sync_service_records() -> dict[str, int]:
    """Copy the appeals, introductions, check-ins, awards and activities into the service record."""
    from liandong.alliance.records import service_records_sync

    return service_records_sync()


def queue_service_records_sync() -> None:
    """After ``core.db.data_changed``: bring the service record up to date with its sources."""
    sync_service_records()
