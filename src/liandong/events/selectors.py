"""Reads of events: who sees which event, attendees and suggested meeting partners, personal agendas,
the table plan and the outcomes dashboard ("26场 · 690家" counted from records)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.selectors import enterprise_neighbours
from liandong.core.errors import NotFoundError
from liandong.core.models import yuan_to_wan
from liandong.events.models import Event, MeetingRequest, Registration
from liandong.events.services import can_organise, own_registration


def events_visible(actor) -> QuerySet[Event]:
    """Organisers see every event; everyone else the events past the draft stage."""
    qs = Event.objects.all()
    if can_organise(actor) or scoping.role_of(actor) == scoping.ANALYST:
        return qs
    if scoping.role_of(actor) is None:
        return qs.none()
    return qs.exclude(status=Event.Status.DRAFT)


def event_get(*, actor, event_id: int) -> Event:
    event = events_visible(actor).filter(pk=event_id).first()
    if event is None:
        raise NotFoundError(_("Event not found."), {"id": event_id})
    return event


def event_list(*, actor, upcoming: bool | None = None) -> QuerySet[Event]:
    qs = events_visible(actor).annotate(
        registered=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)),
        attended=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)))
    now = timezone.now()
    if upcoming is True:
        return qs.filter(ends_at__gte=now).order_by("starts_at")
    if upcoming is False:
        return qs.filter(ends_at__lt=now).order_by("-starts_at")
    return qs.order_by("-starts_at")


def attendees(*, actor, event: Event) -> list[Registration]:
    """Registered participants: organisers always; enterprises of a matchmaking day once registered."""
    if not (can_organise(actor) or (event.kind == Event.Kind.MATCHMAKING and own_registration(actor, event))):
        return []
    return list(event.registrations.filter(status=Registration.Status.REGISTERED).select_related("enterprise")
                .order_by("enterprise__name"))


def meeting_suggestions(*, actor, event: Event, limit: int = 10) -> list[tuple[Registration, str]]:
    """Participants whose chain nodes supply the actor's, or are supplied by them (the chain graph)."""
    mine = own_registration(actor, event)
    if mine is None:
        return []
    # attendees of a matchmaking day are visible to each other; the chain graph is read district-wide and
    # only this event's registrations are suggested
    neighbours = enterprise_neighbours(actor=scoping.SYSTEM, enterprise=mine.enterprise, limit=200)
    why: dict[str, str] = {}
    for key, label in (("suppliers", _("could supply you")), ("customers", _("could buy from you"))):
        for n in neighbours[key]:
            why.setdefault(n["uscc"], f"{label}（{n.get('node', '')}）")
    asked = set(MeetingRequest.objects.filter(Q(requester=mine) | Q(target=mine))
                .values_list("requester_id", "target_id"))
    asked_ids = {i for pair in asked for i in pair}
    regs = (event.registrations.filter(status=Registration.Status.REGISTERED, enterprise__uscc__in=why)
            .exclude(pk=mine.pk).exclude(pk__in=asked_ids).select_related("enterprise")[:limit])
    return [(r, why[r.enterprise.uscc]) for r in regs]


def slot_times(event: Event) -> dict[int, tuple[dt.datetime, dt.datetime]]:
    start = event.meetings_start or event.starts_at
    count = max([r.slot for r in event.meeting_requests.exclude(slot__isnull=True)] or [event.slots or 0])
    step = dt.timedelta(minutes=event.slot_minutes)
    return {s: (start + (s - 1) * step, start + s * step) for s in range(1, count + 1)}


def agenda(*, actor, event: Event, registration: Registration) -> list[dict[str, Any]]:
    """One participant's meetings in time order (the personal agenda)."""
    if not (can_organise(actor) or getattr(actor, "enterprise_id", None) == registration.enterprise_id):
        raise NotFoundError(_("Agenda not found."))
    times = slot_times(event)
    rows = []
    for r in (MeetingRequest.objects.filter(Q(requester=registration) | Q(target=registration), event=event,
                                            status=MeetingRequest.Status.ACCEPTED)
              .select_related("requester__enterprise", "target__enterprise").order_by("slot")):
        other = r.target if r.requester_id == registration.pk else r.requester
        start, end = times.get(r.slot, (None, None))
        rows.append({"slot": r.slot, "table": r.table, "start": start, "end": end, "with": other.enterprise.name,
                     "representatives": other.representatives, "offer": other.offer, "request": r})
    return sorted(rows, key=lambda x: (x["slot"] is None, x["slot"] or 0))


def table_plan(event: Event) -> tuple[list[int], list[int], dict[tuple[int, int], MeetingRequest]]:
    """(slots, tables, (slot, table) → meeting) of the timetable."""
    cells = {(r.slot, r.table): r for r in event.meeting_requests.exclude(slot__isnull=True)
             .select_related("requester__enterprise", "target__enterprise")}
    slots = sorted({s for s, _t in cells})
    tables = sorted({t for _s, t in cells})
    return slots, tables, cells


def event_outcomes(event: Event) -> dict[str, Any]:
    regs = event.registrations.all()
    meetings = event.meeting_requests.all()
    return {
        "registered": regs.filter(status=Registration.Status.REGISTERED).count(),
        "waiting": regs.filter(status=Registration.Status.WAITING).count(),
        "attended": regs.filter(checked_in_at__isnull=False).count(),
        "requests": meetings.count(), "accepted": meetings.filter(status=MeetingRequest.Status.ACCEPTED).count(),
        "scheduled": meetings.exclude(slot__isnull=True).count(), "held": meetings.filter(held=True).count(),
        "intentions": meetings.filter(intention=True).count(),
        "signed_wan": yuan_to_wan(meetings.aggregate(s=Sum("signed_amount"))["s"]) or 0.0,
        "rating": regs.exclude(rating__isnull=True).aggregate(n=Count("id"), s=Sum("rating")),
    }


def dashboard(*, actor, since: dt.datetime | None = None) -> dict[str, Any]:
    """Events by type and month, distinct enterprises reached (registered and attended), and what the
    1:1 meetings produced — the article's "26场 · 690家" counted from the records."""
    qs = events_visible(actor).filter(starts_at__lte=timezone.now())
    if since:
        qs = qs.filter(starts_at__gte=since)
    events = list(qs.order_by("starts_at"))
    by_type = Counter(e.kind for e in events)
    by_month: dict[str, Counter] = defaultdict(Counter)
    for e in events:
        by_month[f"{timezone.localtime(e.starts_at):%Y-%m}"][e.kind] += 1
    regs = Registration.objects.filter(event__in=events)
    attended = regs.filter(checked_in_at__isnull=False)
    meetings = MeetingRequest.objects.filter(event__in=events)
    labels = dict(Event.Kind.choices)
    return {
        "events": len(events), "by_type": [{"kind": k, "label": str(labels[k]), "events": n} for k, n in by_type.items()],
        "months": sorted(by_month), "by_month": {m: dict(c) for m, c in by_month.items()},
        "enterprises_registered": regs.exclude(status=Registration.Status.CANCELLED)
        .values("enterprise_id").distinct().count(),
        "enterprises_attended": attended.values("enterprise_id").distinct().count(),
        "matchmaking_events": by_type.get(Event.Kind.MATCHMAKING, 0),
        "matchmaking_enterprises": attended.filter(event__kind=Event.Kind.MATCHMAKING)
        .values("enterprise_id").distinct().count(),
        "briefings": by_type.get(Event.Kind.BRIEFING, 0),
        "meetings_held": meetings.filter(held=True).count(), "intentions": meetings.filter(intention=True).count(),
        "signed_wan": yuan_to_wan(meetings.aggregate(s=Sum("signed_amount"))["s"]) or 0.0,
    }
