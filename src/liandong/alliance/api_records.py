"""``/api/v1/alliance/services`` (docs/api.md#alliance): the service record (服务台账) — the timeline,
visits, a visit's problem turned into an appeal, and the 家次 counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from liandong.accounts import scoping
from liandong.alliance import records, services_records
from liandong.alliance.models import ServiceKind
from liandong.alliance.selectors import enterprise_for_timeline, service_records_visible
from liandong.core.errors import ApplicationError, NotFoundError
from liandong.enterprises.selectors import enterprise_get

router = Router(tags=["alliance"])


class VisitIn(Schema):
    enterprise: str
    on: dt.date
    kind: str = ServiceKind.VISIT
    unit: int | None = None
    people: str = ""
    topics: str = ""
    problems: str = ""
    title: str = ""


class AppealIn(Schema):
    category: str
    title: str = ""
    body: str = ""


def entry_payload(e: dict[str, Any]) -> dict[str, Any]:
    r = e["record"]
    return {"id": r.pk, "uscc": r.enterprise.uscc, "enterprise": r.enterprise.name, "on": r.on, "kind": r.kind,
            "kind_label": str(e["kind_label"]), "unit": e["unit"] or None, "chain": e["chain"] or None,
            "title": r.title, "people": r.people, "topics": r.topics, "problems": r.problems,
            "source": r.source or None, "link": e["link"] or None, "appeal": e["appeal_number"] or None}


@router.get("", response=dict[str, Any])
def service_list(request, enterprise: str = "", kind: str = "", page: int = 1, page_size: int = 50):
    """The records the caller may see, newest first: one enterprise's timeline (``enterprise`` USCC;
    404 outside the caller's scope), or all of them; ``kind`` filters."""
    actor = request.auth
    qs = service_records_visible(actor)
    if enterprise:
        target = enterprise_for_timeline(actor=actor, enterprise_id=enterprise_get(actor=actor, uscc=enterprise).pk)
        qs = records.timeline(qs, target.pk)
    else:
        qs = qs.order_by("-on", "-id")
    if kind:
        if kind not in ServiceKind.values:
            raise ApplicationError(_("Unknown service type."), {"field": "kind"})
        qs = qs.filter(kind=kind)
    page_size = max(1, min(page_size, 200))
    start = (max(page, 1) - 1) * page_size
    rows = qs.select_related("enterprise", "unit", "chain")[start:start + page_size]
    return {"count": qs.count(), "page": max(page, 1), "page_size": page_size,
            "items": [entry_payload(e) for e in records.entries(actor, rows)]}


@router.post("/visits", response={201: dict[str, Any]})
def visit_create(request, data: VisitIn):
    """Record a visit (or ``kind`` ``consultation``): the office and the member departments."""
    record = services_records.visit_record(actor=request.auth, enterprise=data.enterprise, on=data.on,
                                           kind=data.kind, unit=data.unit, people=data.people, topics=data.topics,
                                           problems=data.problems, title=data.title)
    return Status(201, entry_payload(records.entries(request.auth, [record])[0]))


@router.post("/{record_id}/appeal", response={201: dict[str, Any]})
def visit_appeal(request, record_id: int, data: AppealIn):
    """Turn the problems found on a visit into an appeal of its enterprise (the office) → 201."""
    appeal = services_records.visit_raise_appeal(actor=request.auth, record_id=record_id, category=data.category,
                                                 title=data.title, body=data.body)
    return Status(201, {"record": record_id, "appeal": appeal.number, "title": appeal.title,
                        "status": appeal.status})


@router.get("/counts", response=dict[str, Any])
def service_counts(request):
    """家次 by month, unit, chain and service type (``from``/``to`` YYYY-MM; the last 12 months by
    default); district staff (404 otherwise)."""
    if scoping.role_of(request.auth) not in scoping.DISTRICT_STAFF:
        raise NotFoundError("counts")
    first, last = records.month_range(request.GET)
    return records.counts(first, last)
