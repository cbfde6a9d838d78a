"""``/api/v1/notifications`` (docs/api.md#appeals-and-notifications): the caller's bell."""

from __future__ import annotations

from typing import Any

from ninja import Router

from liandong.notifications import selectors, services

router = Router(tags=["notifications"])


@router.get("", response=dict[str, Any])
def notification_list(request):
    items = selectors.notification_list(actor=request.auth)
    return {"unread": selectors.unread_count(request.auth),
            "items": [{"id": n.pk, "kind": n.kind, "title": n.title, "body": n.body, "created_at": n.created_at,
                       "read": n.read_at is not None, "reference": n.reference or None, "link": n.link or None}
                      for n in items]}


@router.post("/read", response=dict[str, Any])
def notification_read(request):
    """Mark all the caller's notifications read."""
    services.mark_all_read(actor=request.auth)
    return {"unread": 0}
