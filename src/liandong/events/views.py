"""Event pages: the list and dashboard, an event (registration with its QR code, invitations, 1:1
requests, timetable), check-in at the door, personal agendas and the table plan (print and Excel)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.accounts import scoping
from liandong.chains.models import Chain
from liandong.core.errors import ApplicationError, NotFoundError
from liandong.core.forms import field_message, form_error
from liandong.core.responses import xlsx_response
from liandong.enterprises.models import QualificationType
from liandong.events import selectors, services
from liandong.events.exports import agenda_workbook, table_plan_workbook
from liandong.events.models import Event, MeetingRequest, Registration
from liandong.policies.packs import all_packs

FORM_FIELDS = ("title", "kind", "starts_at", "ends_at", "venue", "capacity", "agenda", "materials", "meetings_start",
               "slot_minutes", "slots", "tables", "status", "policy")
LABELS = {"title": gettext_lazy("Title"), "kind": gettext_lazy("Type"), "status": gettext_lazy("Status"),
          "starts_at": gettext_lazy("Starts"), "ends_at": gettext_lazy("Ends"), "venue": gettext_lazy("Venue"),
          "capacity": gettext_lazy("Capacity (enterprises)"), "policy": gettext_lazy("Policy briefed (invite those near it)"),
          "agenda": gettext_lazy("Agenda"), "materials": gettext_lazy("Materials (one link per line)"),
          "meetings_start": gettext_lazy("Meetings start"), "slot_minutes": gettext_lazy("Minutes per meeting"),
          "tables": gettext_lazy("Tables"), "slots": gettext_lazy("Slots (empty: as many as needed)"),
          "enterprise": gettext_lazy("Enterprise"), "representatives": gettext_lazy("Who will come"),
          "phone": gettext_lazy("Phone"), "side": gettext_lazy("In 1:1 meetings we are"),
          "rating": gettext_lazy("Your rating"), "signed": gettext_lazy("Signed (10k yuan)")}
"""The forms' labels by field (the templates' words): a refused form names its field (core.forms)."""


def _require_organiser(user) -> None:
    """Forms, check-in and table plans are for organisers (services.can_organise)."""
    if not services.can_organise(user):
        raise PermissionDenied(_("Events are organised by the chain office and member departments."))


def _event(request, event_id: int) -> Event:
    return selectors.event_get(actor=request.user, event_id=event_id)


def _back(event: Event, anchor: str = ""):
    return redirect(reverse("events:detail", args=[event.pk]) + (f"#{anchor}" if anchor else ""))


def _run(request, event: Event, anchor: str, action, success: str):
    try:
        action()
    except NotFoundError as err:
        messages.error(request, err.message)
    except ApplicationError as err:
        form_error(request, err, LABELS)
    else:
        messages.success(request, success)
    return _back(event, anchor)


@login_required
def event_index(request):
    return render(request, "events/index.html", {
        "upcoming": selectors.event_list(actor=request.user, upcoming=True),
        "past": selectors.event_list(actor=request.user, upcoming=False)[:50],
        "can_organise": services.can_organise(request.user)})


@login_required
def event_form(request, event_id: int | None = None):
    _require_organiser(request.user)
    event = _event(request, event_id) if event_id else None
    context = {"event": event, "kinds": Event.Kind.choices, "statuses": Event.Status.choices,
               "chains": Chain.objects.all(), "tiers": QualificationType.objects.all(),
               "packs": sorted((code, p.name) for code, p in all_packs().items()),
               "v": _initial(event, request.POST)}
    if request.method == "POST":
        data = {k: request.POST.get(k) for k in FORM_FIELDS if k in request.POST}
        try:
            if event:
                services.event_update(actor=request.user, event=event, chains=request.POST.getlist("chains"),
                                      tiers=request.POST.getlist("tiers"), **data)
            else:
                event = services.event_create(actor=request.user, chains=request.POST.getlist("chains"),
                                              tiers=request.POST.getlist("tiers"), **data)
        except ApplicationError as err:
            return render(request, "events/form.html", {**context, "error": field_message(err, LABELS)}, status=400)
        return _back(event)
    return render(request, "events/form.html", context)


def _local_input(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}" if moment else ""


def _initial(event: Event | None, posted) -> dict:
    """Values shown in the event form: what was posted, else the event's, else defaults."""
    values = {"kind": Event.Kind.MATCHMAKING, "status": Event.Status.OPEN, "capacity": 100, "slot_minutes": 20,
              "tables": 20, "chains": [], "tiers": []}
    if event:
        values.update({k: getattr(event, k) for k in FORM_FIELDS})
        for key in ("starts_at", "ends_at", "meetings_start"):
            values[key] = _local_input(getattr(event, key))
        values["chains"] = list(event.chains.values_list("code", flat=True))
        values["tiers"] = list(event.tiers.values_list("code", flat=True))
    if posted:
        values.update({k: posted.get(k) for k in FORM_FIELDS if k in posted})
        values["chains"], values["tiers"] = posted.getlist("chains"), posted.getlist("tiers")
    return values


def qr_svg(request, registration: Registration) -> str:
    url = request.build_absolute_uri(reverse("events:checkin", args=[registration.event_id])
                                     + f"?code={registration.code}")
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4))  # noqa: S308 (generated SVG, no user text)


@login_required
def event_page(request, event_id: int):
    event = _event(request, event_id)
    mine = (event.registrations.filter(enterprise_id=request.user.enterprise_id)
            .exclude(status=Registration.Status.CANCELLED).first() if request.user.enterprise_id else None)
    organiser = services.can_organise(request.user)
    context = {
        "event": event, "mine": mine, "organiser": organiser, "sides": Registration.Side.choices,
        "qr": qr_svg(request, mine) if mine and mine.status == Registration.Status.REGISTERED else "",
        "attendees": selectors.attendees(actor=request.user, event=event),
        "suggestions": selectors.meeting_suggestions(actor=request.user, event=event),
        "outcomes": selectors.event_outcomes(event) if organiser else None,
        "can_register": (scoping.role_of(request.user) == scoping.ENTERPRISE and not mine
                         and event.status == Event.Status.OPEN),
        "slots": list(selectors.slot_times(event).items()),
    }
    if mine:
        context["sent"] = mine.requests_made.select_related("target__enterprise")
        context["received"] = mine.requests_received.select_related("requester__enterprise")
    if organiser:
        context["registrations"] = event.registrations.select_related("enterprise").order_by("status", "created_at")
        context["candidates"] = services.invitation_candidates(event, limit=200)
        context["invited"] = set(event.invitations.values_list("enterprise_id", flat=True))
        accepted = event.meeting_requests.filter(status=MeetingRequest.Status.ACCEPTED)
        context["accepted"] = accepted.count()
        context["preview"] = _preview(event)
    return render(request, "events/detail.html", context)


def _preview(event: Event):
    """The lower bound and bottlenecks before scheduling."""
    from liandong.engines.scheduling.timetable import bottlenecks, clean_requests, lower_bound

    pairs = clean_requests((r.requester.enterprise.name, r.target.enterprise.name) for r in
                           event.meeting_requests.filter(status=MeetingRequest.Status.ACCEPTED)
                           .select_related("requester__enterprise", "target__enterprise"))
    return {"bound": lower_bound(pairs, event.tables), "bottlenecks": bottlenecks(pairs, event.tables)[:5]}


@login_required
@require_POST
def register(request, event_id: int):
    event = _event(request, event_id)
    return _run(request, event, "registration", lambda: services.registration_create(
        actor=request.user, event=event, representatives=request.POST.get("representatives", ""),
        phone=request.POST.get("phone", ""), side=request.POST.get("side", "both"),
        offer=request.POST.get("offer", ""), enterprise_uscc=request.POST.get("enterprise")), _("Registered."))


@login_required
@require_POST
def cancel(request, event_id: int, registration_id: int):
    event = _event(request, event_id)
    registration = event.registrations.filter(pk=registration_id).first()
    if registration is None:
        raise Http404
    return _run(request, event, "registration",
                lambda: services.registration_cancel(actor=request.user, registration=registration), _("Cancelled."))


@login_required
@require_POST
def unavailable(request, event_id: int, registration_id: int):
    event = _event(request, event_id)
    registration = event.registrations.filter(pk=registration_id, enterprise_id=request.user.enterprise_id).first()
    if registration is None:
        raise Http404
    services.registration_unavailable_set(actor=request.user, registration=registration,
                                          slots=request.POST.getlist("slots"))
    messages.success(request, _("Saved."))
    return _back(event, "meetings")


@login_required
@require_POST
def feedback(request, event_id: int, registration_id: int):
    event = _event(request, event_id)
    registration = event.registrations.filter(pk=registration_id).first()
    if registration is None:
        raise Http404
    return _run(request, event, "registration", lambda: services.feedback_give(
        actor=request.user, registration=registration, rating=int(request.POST.get("rating") or 0),
        comment=request.POST.get("comment", "")), _("Thank you for your feedback."))


@login_required
@require_POST
def invite(request, event_id: int):
    event = _event(request, event_id)
    ids = [int(i) for i in request.POST.getlist("enterprises") if i.isdigit()]
    return _run(request, event, "invitations",
                lambda: services.invitations_send(actor=request.user, event=event, enterprise_ids=ids),
                _("%(n)d invitations sent.") % {"n": len(ids)})


@login_required
@require_POST
def request_meeting(request, event_id: int):
    event = _event(request, event_id)
    return _run(request, event, "meetings", lambda: services.meeting_request(
        actor=request.user, event=event, target_id=int(request.POST.get("target") or 0),
        message=request.POST.get("message", "")), _("Request sent."))


@login_required
@require_POST
def answer_meeting(request, event_id: int, request_id: int):
    event = _event(request, event_id)
    meeting = event.meeting_requests.filter(pk=request_id).first()
    if meeting is None:
        raise Http404
    return _run(request, event, "meetings", lambda: services.meeting_answer(
        actor=request.user, request=meeting, accept=request.POST.get("accept") == "1"), _("Answered."))


@login_required
@require_POST
def make_schedule(request, event_id: int):
    event = _event(request, event_id)
    try:
        result = services.event_schedule(actor=request.user, event=event)
    except ApplicationError as err:
        form_error(request, err, LABELS)
        return _back(event, "schedule")
    messages.success(request, _("Timetable made: %(slots)d slots (lower bound %(bound)d), %(n)d meetings, "
                                "%(u)d not placed.") % {"slots": result.slots, "bound": result.lower_bound,
                                                        "n": len(result.meetings), "u": len(result.unscheduled)})
    names = dict(event.registrations.values_list("code", "enterprise__name"))
    for who, wanted, free, day in result.shortfalls:
        messages.warning(request, _("%(who)s has %(n)d meetings but is free in only %(free)d of %(k)d slots: "
                                    "%(short)d cannot be scheduled.") % {
            "who": names.get(who, who), "n": wanted, "free": free, "k": day, "short": wanted - free})
    if result.unscheduled:
        messages.warning(request, _("%(u)d meetings could not be placed in %(k)d slots.") % {
            "u": len(result.unscheduled), "k": result.slots})
    return _back(event, "schedule")


@login_required
def checkin(request, event_id: int):
    event = _event(request, event_id)
    _require_organiser(request.user)
    result = None
    code = request.POST.get("code") or request.GET.get("code") or ""
    if request.method == "POST":
        try:
            registration, new = services.check_in(actor=request.user, event=event, code=code)
            result = {"ok": True, "new": new, "registration": registration}
        except ApplicationError as err:
            result = {"ok": False, "message": err.message}
    template = "events/_checkin_result.html" if request.headers.get("HX-Request") else "events/checkin.html"
    return render(request, template, {"event": event, "result": result, "code": code,
                                      "attended": event.registrations.filter(checked_in_at__isnull=False).count(),
                                      "registered": event.registrations.filter(
                                          status=Registration.Status.REGISTERED).count()})


@login_required
def agenda_page(request, event_id: int, registration_id: int):
    event = _event(request, event_id)
    registration = event.registrations.select_related("enterprise").filter(pk=registration_id).first()
    if registration is None:
        raise Http404
    rows = selectors.agenda(actor=request.user, event=event, registration=registration)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(agenda_workbook(event, registration, rows), f"agenda-{event.pk}-{registration.code}.xlsx")
    return render(request, "events/agenda.html", {"event": event, "registration": registration, "rows": rows,
                                                  "printed_at": timezone.now()})


@login_required
def tables_page(request, event_id: int):
    event = _event(request, event_id)
    _require_organiser(request.user)
    slots, tables, cells = selectors.table_plan(event)
    times = selectors.slot_times(event)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(table_plan_workbook(event, slots, tables, cells, times), f"tables-{event.pk}.xlsx")
    grid = [(s, times.get(s), [cells.get((s, t)) for t in tables]) for s in slots]
    return render(request, "events/tables.html", {"event": event, "tables": tables, "grid": grid})


@login_required
@require_POST
def outcome(request, event_id: int, request_id: int):
    event = _event(request, event_id)
    meeting = event.meeting_requests.select_related("requester", "target").filter(pk=request_id).first()
    if meeting is None:
        raise Http404
    try:
        services.meeting_outcome(actor=request.user, request=meeting, held=request.POST.get("held") == "1",
                                 intention=request.POST.get("intention") == "1", signed_wan=request.POST.get("signed"))
    except ApplicationError as err:
        form_error(request, err, LABELS)
    return redirect("events:tables", event_id=event.pk)


@login_required
def dashboard_page(request):
    data = selectors.dashboard(actor=request.user)
    kinds = dict(Event.Kind.choices)
    chart = {"periods": data["months"], "unit": "",
             **{k: [data["by_month"][m].get(k, 0) for m in data["months"]] for k in kinds}}
    series = [{"key": k, "name": str(label)} for k, label in kinds.items()
              if any(data["by_month"][m].get(k) for m in data["months"])]
    return render(request, "events/dashboard.html", {"d": data, "chart": chart, "series": series,
                                                     "events": selectors.event_list(actor=request.user,
                                                                                    upcoming=False)[:40]})
