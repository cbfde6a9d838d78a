"""Appeals API: list, submit, read, act (with the version seen: 409 on a stale one), attachments,
deadlines (docs/cli.md#appeals-deadlines), metrics and notifications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse
from ninja import File, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from liandong.accounts.tokens import api_upload_gate
from liandong.appeals import selectors, services
from liandong.appeals.calendar import policy_for, work_calendar
from liandong.appeals.metrics import appeal_metrics, months_window
from liandong.appeals.models import AppealCategory
from liandong.core.errors import ApplicationError, NotFoundError
from liandong.engines.calendar import SHANGHAI, clocks

router = Router(tags=["appeals"])


class AppealIn(Schema):
    category: str
    title: str
    body: str
    enterprise: str | None = None  # USCC, when the office records an appeal on an enterprise's behalf
    channel: str = "online"


class ActionIn(Schema):
    version: int | None = None
    note: str | None = None
    reason: str | None = None
    department: int | None = None
    co_departments: list[int] | None = None
    days: float | None = None
    approve: bool | None = None
    solution: str | None = None
    rating: str | None = None
    comment: str | None = None
    into: str | None = None
    message: str | None = None


def _full(actor, number: str) -> dict[str, Any]:
    view = selectors.appeal_detail(actor=actor, number=number)
    return {
        **selectors.appeal_payload(view.appeal),
        "events": [{"kind": e.kind, "at": selectors.local(e.created_at), "actor": str(e.actor) if e.actor_id else None,
                    "from_status": e.from_status, "to_status": e.to_status,
                    "department": e.department.name if e.department_id else None, "note": e.note}
                   for e in view.events],
        "clocks": [{"name": c.name, "due": selectors.local(c.due), "done_at": selectors.local(c.done_at), "state": c.state,
                    "remaining_minutes": c.remaining_minutes} for c in view.clocks],
        "actions": [a.name for a in view.actions],
        "attachments": [{"id": a.pk, "name": a.name, "size": a.size} for a in view.appeal.attachments.all()],
        "suggested_department": ({"id": view.suggested_department.pk, "name": view.suggested_department.name,
                                  "reason": view.suggestion_reason} if view.suggested_department else None),
        "merge_candidates": [a.number for a in view.merge_candidates],
    }


@router.get("", response=dict[str, Any])
def appeal_list(request, status: str = "", q: str = "", open: bool = False, page: int = 1, page_size: int = 50):
    """The caller's appeals, open ones first by urgency (the earliest running deadline)."""
    qs = selectors.appeal_list(actor=request.auth, status=status, q=q, open_only=open)
    paginator = Paginator(qs, max(1, min(page_size, 200)))
    items = paginator.page(page).object_list if 1 <= page <= paginator.num_pages else []
    return {"items": [{**selectors.appeal_payload(a), "next_due": selectors.local(a.next_due)} for a in items],
            "count": paginator.count, "page": page}


@router.post("", response={201: dict[str, Any]})
def appeal_submit(request, payload: AppealIn):
    appeal = services.appeal_submit(actor=request.auth, category=payload.category, title=payload.title,
                                    body=payload.body, enterprise_uscc=payload.enterprise, channel=payload.channel)
    return Status(201, _full(request.auth, appeal.number))


@router.get("/deadlines", response=dict[str, Any])
def deadlines(request, at: dt.datetime, category: str | None = None):
    """The three deadlines of an appeal submitted at ``at`` (same JSON as the CLI)."""
    at = at if at.tzinfo else at.replace(tzinfo=SHANGHAI)
    cat = AppealCategory.objects.filter(code=category).first() if category else None
    if category and cat is None:
        raise ApplicationError("Unknown category.", {"category": category})
    calendar = work_calendar(at.astimezone(SHANGHAI).date())
    c = clocks(at, policy_for(cat, calendar), calendar, now=at)
    return {"submitted_at": at.astimezone(SHANGHAI).isoformat(), "respond_by": c.respond_by.isoformat(),
            "dock_by": c.dock_by.isoformat(), "resolve_by": c.resolve_by.isoformat(),
            "calendar": "estimated" if c.estimated else "official", "warnings": c.warnings}


@router.get("/metrics", response=dict[str, Any])
def metrics(request, months: int = 12):
    return appeal_metrics(actor=request.auth, months=months_window(months)[0])


@router.get("/{number}", response=dict[str, Any])
def appeal_detail(request, number: str):
    return _full(request.auth, number)


@router.post("/{number}/actions/{action}", response=dict[str, Any])
def appeal_action(request, number: str, action: str, payload: ActionIn):
    """Take a workflow action; send the ``version`` you saw (409 with the current state when stale)."""
    params = payload.dict(exclude_none=True)
    version = params.pop("version", None)
    services.appeal_act(actor=request.auth, number=number, action=action, version=version, **params)
    return _full(request.auth, number)


def _may_attach(actor, *, number: str) -> None:
    services.appeal_attach_check(actor=actor, number=number)


@decorate_view(api_upload_gate(_may_attach))
@router.post("/{number}/attachments", response={201: dict[str, Any]})
def appeal_attach(request, number: str, files: File[list[UploadedFile]]):
    services.appeal_attach(actor=request.auth, number=number, files=files)
    return Status(201, _full(request.auth, number))


@router.get("/{number}/attachments/{attachment_id}")
def appeal_attachment(request, number: str, attachment_id: int):
    view = selectors.appeal_detail(actor=request.auth, number=number)
    attachment = view.appeal.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFoundError("Attachment not found.", {"id": attachment_id})
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


