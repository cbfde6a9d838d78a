"""Reads of the bell: only the actor's own notifications."""

from __future__ import annotations

from liandong.notifications.models import Notification


def unread_count(actor) -> int:
    if not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()


def notification_list(*, actor, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=actor)[:limit])
