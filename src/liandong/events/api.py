"""Events API: events, registration, check-in, 1:1 requests and answers, the timetable, agendas and
the outcomes dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema, Status

from liandong.core.errors import NotFoundError
from liandong.events import selectors, services
from liandong.events.models import Event, Registration

router = Router(tags=["events"])


class EventIn(Schema):
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    capacity: int = 100
    status: str = "open"
    agenda: str = ""
    chains: list[str] = []
    tiers: list[str] = []
    meetings_start: dt.datetime | None = None
    slot_minutes: int = 20
    tables: int = 20
    slots: int | None = None
    policy: str = ""


class RegistrationIn(Schema):
    representatives: str
    phone: str = ""
    side: str = "both"
    offer: str = ""
    enterprise: str | None = None


class CodeIn(Schema):
    code: str


class MeetingIn(Schema):
    target: int
    message: str = ""


class AnswerIn(Schema):
    accept: bool


def _event(e: Event) -> dict[str, Any]:
    return {"id": e.pk, "title": e.title, "kind": e.kind, "status": e.status, "starts_at": e.starts_at,
            "ends_at": e.ends_at, "venue": e.venue, "capacity": e.capacity, "tables": e.tables,
            "chains": list(e.chains.values_list("code", flat=True)), "scheduled_at": e.scheduled_at}


def _registration(r: Registration, *, with_code: bool) -> dict[str, Any]:
    out = {"id": r.pk, "enterprise": {"uscc": r.enterprise.uscc, "name": r.enterprise.name}, "status": r.status,
           "side": r.side, "offer": r.offer, "representatives": r.representatives}
    if with_code:
        out.update(code=r.code, checked_in_at=r.checked_in_at)
    return out


@router.get("", response=list[dict[str, Any]])
def event_list(request, upcoming: bool | None = None):
    return [_event(e) for e in selectors.event_list(actor=request.auth, upcoming=upcoming)[:200]]


@router.post("", response={201: dict[str, Any]})
def event_create(request, payload: EventIn):
    return Status(201, _event(services.event_create(actor=request.auth, **payload.dict())))


@router.get("/dashboard", response=dict[str, Any])
def dashboard(request):
    return selectors.dashboard(actor=request.auth)


@router.get("/{event_id}", response=dict[str, Any])
def event_detail(request, event_id: int):
    event = selectors.event_get(actor=request.auth, event_id=event_id)
    mine = services.own_registration(request.auth, event)
    organiser = services.can_organise(request.auth)
    return {**_event(event), "mine": _registration(mine, with_code=True) if mine else None,
            "attendees": [_registration(r, with_code=organiser) for r in selectors.attendees(actor=request.auth,
                                                                                             event=event)],
            "outcomes": selectors.event_outcomes(event) if organiser else None}


@router.post("/{event_id}/registrations", response={201: dict[str, Any]})
def register(request, event_id: int, payload: RegistrationIn):
    event = selectors.event_get(actor=request.auth, event_id=event_id)
    r = services.registration_create(actor=request.auth, event=event, representatives=payload.representatives,
                                     phone=payload.phone, side=payload.side, offer=payload.offer,
                                     enterprise_uscc=payload.enterprise)
    return Status(201, _registration(r, with_code=True))


@router.post("/{event_id}/checkin", response=dict[str, Any])
def checkin(request, event_id: int, payload: CodeIn):
    event = selectors.event_get(actor=request.auth, event_id=event_id)
    registration, new = services.check_in(actor=request.auth, event=event, code=payload.code)
    return {**_registration(registration, with_code=True), "new": new}


@router.post("/{event_id}/meetings", response={201: dict[str, Any]})
def meeting_request(request, event_id: int, payload: MeetingIn):
    event = selectors.event_get(actor=request.auth, event_id=event_id)
    r = services.meeting_request(actor=request.auth, event=event, target_id=payload.target, message=payload.message)
    return Status(201, {"id": r.pk, "status": r.status, "target": r.target_id})


@router.post("/{event_id}/meetings/{request_id}/answer", response=dict[str, Any])
def meeting_answer(request, event_id: int, request_id: int, payload: AnswerIn):
    event = selectors.event_get(actor=request.auth, event_id=event_id)
    meeting = event.meeting_requests.select_related("target").filter(pk=request_id).first()
    if meeting is None:
        raise NotFoundError("Meeting request not found.", {"id": request_id})
    r = services.meeting_answer(actor=request.auth, request=meeting, accept=payload.accept)
    return {"id": r.pk, "status": r.status}


@router.post("/{event_id}/schedule", response=dict[str, Any])
def make_schedule(request, event_id: int):
    event = selectors.event_get(actor=request.auth, event_id=event_id)
    return services.event_schedule(actor=request.auth, event=event).as_dict()


@router.get("/{event_id}/registrations/{registration_id}/agenda", response=list[dict[str, Any]])
def agenda(request, event_id: int, registration_id: int):
    event = selectors.event_get(actor=request.auth, event_id=event_id)
    registration = event.registrations.filter(pk=registration_id).first()
    if registration is None:
        raise NotFoundError("Registration not found.", {"id": registration_id})
    return [{k: v for k, v in row.items() if k != "request"}
            for row in selectors.agenda(actor=request.auth, event=event, registration=registration)]
