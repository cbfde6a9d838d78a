"""Background jobs of the alliance: the service record copied from its sources after data changes."""

from __future__ import annotations


def queue_service_records_sync() -> None:
    """After ``core.db.data_changed``: bring the service record up to date with its sources."""
