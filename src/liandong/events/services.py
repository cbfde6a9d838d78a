"""Every change to events: one transaction each, permission checked, audit rows (django-auditlog)."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import Chain, EnterprisePosition
from liandong.core.audit import audited
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.core.models import WAN
from liandong.engines.scheduling import ScheduleError, schedule, schedule_constrained
from liandong.enterprises.models import Enterprise, Qualification, QualificationType
from liandong.events.models import Event, Invitation, MeetingRequest, Registration
from liandong.notifications.recipients import enterprise_users
from liandong.notifications.services import deliver_pending, notify_users, queue_mail

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed at the door
CODE_LENGTH = 8
INVITE_LIMIT = 500
SCHEDULE_TIME_LIMIT = 30.0


def can_organise(actor) -> bool:
    """District admins, chain officers and member-department staff organise events."""
    return scoping.role_of(actor) in {scoping.ADMIN, scoping.CHAIN_OFFICER, scoping.DEPARTMENT}


def _require_organiser(actor) -> None:
    if not can_organise(actor):
        raise PermissionDeniedError(_("Only the chain office and member departments organise events."))


def _when(value: Any, field: str) -> dt.datetime:
    moment = value if isinstance(value, dt.datetime) else parse_datetime(str(value or ""))
    if moment is None:
        raise ApplicationError(_("Enter a date and time."), {"field": field})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


# --- events ---------------------------------------------------------------------------------------
EVENT_FIELDS = ("title", "kind", "starts_at", "ends_at", "venue", "capacity", "agenda", "materials", "meetings_start",
                "slot_minutes", "slots", "tables", "status", "policy")


def _clean_event(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k in EVENT_FIELDS}
    if "title" in out and not (out["title"] or "").strip():
        raise ApplicationError(_("The title must not be empty."), {"field": "title"})
    if "kind" in out and out["kind"] not in Event.Kind.values:
        raise ApplicationError(_("Unknown event type."), {"field": "kind"})
    if "status" in out and out["status"] not in Event.Status.values:
        raise ApplicationError(_("Unknown status."), {"field": "status"})
    for key in ("starts_at", "ends_at"):
        if key in out:
            out[key] = _when(out[key], key)
    if "meetings_start" in out:
        out["meetings_start"] = _when(out["meetings_start"], "meetings_start") if out["meetings_start"] else None
    for key, low, high in (("capacity", 1, 100_000), ("slot_minutes", 5, 240), ("tables", 1, 1000), ("slots", 1, 100)):
        if out.get(key) in (None, "") and key == "slots":
            out[key] = None
            continue
        if key in out:
            try:
                out[key] = int(out[key])
            except (TypeError, ValueError):
                raise ApplicationError(_("Enter a whole number."), {"field": key}) from None
            if not low <= out[key] <= high:
                raise ApplicationError(_("Between %(low)d and %(high)d.") % {"low": low, "high": high}, {"field": key})
    if out.get("starts_at") and out.get("ends_at") and out["ends_at"] < out["starts_at"]:
        raise ApplicationError(_("The event must end after it starts."), {"field": "ends_at"})
    return out


def event_create(*, actor, chains: list[str] | None = None, tiers: list[str] | None = None, **data: Any) -> Event:
    _require_organiser(actor)
    fields = _clean_event(data)
    for key in ("title", "kind", "starts_at", "ends_at", "venue"):
        if not fields.get(key):
            raise ApplicationError(_("This field is required."), {"field": key})
    with transaction.atomic(), audited(actor):
        event = Event.objects.create(organiser=getattr(actor, "organization", None), created_by=actor
                                     if getattr(actor, "pk", None) else None, **fields)
        event.chains.set(Chain.objects.filter(code__in=chains or []))
        event.tiers.set(QualificationType.objects.filter(code__in=tiers or []))
    return event


def event_update(*, actor, event: Event, chains: list[str] | None = None, tiers: list[str] | None = None,
                 **data: Any) -> Event:
    _require_organiser(actor)
    fields = _clean_event(data)
    with transaction.atomic(), audited(actor):
        for key, value in fields.items():
            setattr(event, key, value)
        event.save()
        if chains is not None:
            event.chains.set(Chain.objects.filter(code__in=chains))
        if tiers is not None:
            event.tiers.set(QualificationType.objects.filter(code__in=tiers))
    return event


# --- invitations ------------------------------------------------------------------------------------
def invitation_candidates(event: Event, *, limit: int = INVITE_LIMIT,
                          only: set[int] | None = None) -> list[tuple[Enterprise, str]]:
    """Who to invite, with why: for a briefing on a policy the enterprises near it (then those that
    need data to decide), from the policy screening; the enterprises holding the targeted tiers; for a
    matchmaking day the enterprises on the targeted chains, above designated size first."""
    on = timezone.localdate(event.starts_at)
    reasons: dict[int, str] = {}
    if event.policy:
        from liandong.policies.screening import screening

        try:
            s = screening(actor=scoping.SYSTEM, as_of=on, codes=[event.policy])
        except NotFoundError:
            s = None
        if s is not None:
            results = s.packs[event.policy].results
            for status, why in (("near", _("near %(policy)s")), ("needs_data", _("may qualify for %(policy)s"))):
                for e_id in results.filter(results["status"] == status)["enterprise"].to_list():
                    reasons.setdefault(e_id, why % {"policy": s.packs[event.policy].pack.name})
    # each reason's words translated once, not per row (tens of thousands of positions on a chain)
    tiers = list(event.tiers.all())
    if tiers:
        holds = _("holds %(tier)s")
        for e_id, name in (Qualification.objects.current(on).filter(type__in=tiers)
                           .values_list("enterprise_id", "type__name")):
            if e_id not in reasons:
                reasons[e_id] = holds % {"tier": name}
    chains = list(event.chains.all())
    if chains and event.kind == Event.Kind.MATCHMAKING:  # those with open needs or offers on the chains first
        from liandong.matchmaking.models import Need

        labels = {Need.Kind.NEED: _("needs %(product)s"), Need.Kind.OFFER: _("offers %(product)s")}
        for e_id, kind, title in (Need.objects.filter(status=Need.Status.OPEN, node__chain__in=chains)
                                  .order_by("-created_at").values_list("enterprise_id", "kind", "title")):
            if e_id not in reasons:
                reasons[e_id] = labels[kind] % {"product": title}
    if chains:
        placed = _("on %(chain)s · %(node)s")
        for e_id, chain, node in (EnterprisePosition.objects.filter(chain__in=chains)
                                  .values_list("enterprise_id", "chain__name", "node__name")):
            if e_id not in reasons:
                reasons[e_id] = placed % {"chain": chain, "node": node}
    if only is not None:
        reasons = {e_id: why for e_id, why in reasons.items() if e_id in only}
    ids = list(reasons)  # policy or market candidates first, in their order
    if bool(event.policy) or event.kind == Event.Kind.MATCHMAKING:
        chosen = []
        for start in range(0, len(ids), 500):  # in order, skipping ids no longer in the registry
            batch = ids[start:start + 500]
            there = set(Enterprise.objects.filter(id__in=batch).values_list("id", flat=True))
            chosen += [i for i in batch if i in there][:limit - len(chosen)]
            if len(chosen) >= limit:
                break
    else:  # above designated size first, then by name: sorted on three columns, not on whole rows
        rows = [r for start in range(0, len(ids), 500)
                for r in Enterprise.objects.filter(id__in=ids[start:start + 500]).values_list("id", "above_scale", "name")]
        chosen = [i for i, _above, _name in sorted(rows, key=lambda r: (not r[1], r[2]))[:limit]]
    found = {e.id: e for e in Enterprise.objects.filter(id__in=chosen)}
    return [(found[i], reasons[i]) for i in chosen if i in found]


def invitations_send(*, actor, event: Event, enterprise_ids: list[int]) -> int:
    """Invite the chosen enterprises: an invitation row and a notification to their users."""
    _require_organiser(actor)
    chosen = set(enterprise_ids)
    reasons = {e.id: why for e, why in invitation_candidates(event, limit=len(chosen) or 1, only=chosen)}
    now = timezone.now()
    ids = [i for start in range(0, len(enterprise_ids), 500)
           for i in Enterprise.objects.filter(id__in=enterprise_ids[start:start + 500]).values_list("id", flat=True)]
    with transaction.atomic(), audited(actor):
        Invitation.objects.bulk_create([Invitation(event=event, enterprise_id=i, reason=reasons.get(i, "")[:200],
                                                   sent_at=now) for i in ids], ignore_conflicts=True)
        users = enterprise_users(ids)
        title = _("Invitation: %(title)s") % {"title": event.title}
        body = f"{timezone.localtime(event.starts_at):%Y-%m-%d %H:%M} {event.venue}\n{event.agenda}".strip()
        notify_users(users, kind="invitation", title=title, body=body, key=f"invite:{event.pk}")
        queue_mail(users, key=f"invite:{event.pk}", subject=title, body=body)
        transaction.on_commit(deliver_pending)
    return len(ids)


# --- registration and check-in ---------------------------------------------------------------------
def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def registration_create(*, actor, event: Event, representatives: str, phone: str = "", side: str = "both",
                        offer: str = "", enterprise_uscc: str | None = None) -> Registration:
    """Self-service for an enterprise user (its own enterprise), or an organiser on an enterprise's
    behalf. Beyond capacity the registration goes on the waiting list."""
    if scoping.role_of(actor) == scoping.ENTERPRISE and actor.enterprise_id:
        enterprise = Enterprise.objects.get(pk=actor.enterprise_id)
    elif can_organise(actor):
        enterprise = Enterprise.objects.filter(uscc=(enterprise_uscc or "").strip().upper()).first()
        if enterprise is None:
            raise ApplicationError(_("Choose the enterprise (its USCC)."), {"field": "enterprise"})
    else:
        raise PermissionDeniedError(_("Only enterprises and organisers register."))
    if event.status != Event.Status.OPEN:
        raise ConflictError(_("Registration for this event is not open."), {"status": event.status})
    representatives = (representatives or "").strip()
    if not representatives:
        raise ApplicationError(_("Name who will come."), {"field": "representatives"})
    if side not in Registration.Side.values:
        raise ApplicationError(_("Choose buyer, supplier or both."), {"field": "side"})
    with transaction.atomic(), audited(actor):
        Event.objects.select_for_update().filter(pk=event.pk).first()  # serialise the capacity count
        taken = event.registrations.filter(status=Registration.Status.REGISTERED).count()
        status = Registration.Status.REGISTERED if taken < event.capacity else Registration.Status.WAITING
        existing = event.registrations.filter(enterprise=enterprise).first()
        if existing and existing.status != Registration.Status.CANCELLED:
            raise ConflictError(_("This enterprise is already registered."), {"code": existing.code})
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    if existing:
                        existing.status, existing.representatives, existing.phone = status, representatives[:200], phone[:30]
                        existing.side, existing.offer, existing.checked_in_at = side, offer[:300], None
                        existing.registered_by = actor if getattr(actor, "pk", None) else None
                        existing.save()
                        return existing
                    return Registration.objects.create(
                        event=event, enterprise=enterprise, representatives=representatives[:200], phone=phone[:30],
                        side=side, offer=offer[:300], status=status, code=_new_code(),
                        registered_by=actor if getattr(actor, "pk", None) else None)
            except IntegrityError:
                continue
    raise ConflictError(_("Could not register; try again."))


def registration_cancel(*, actor, registration: Registration) -> Registration:
    """Cancel; the first on the waiting list moves up."""
    if not (can_organise(actor) or getattr(actor, "enterprise_id", None) == registration.enterprise_id):
        raise PermissionDeniedError(_("You may not cancel this registration."))
    with transaction.atomic(), audited(actor):
        was_registered = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        if was_registered:
            waiting = registration.event.registrations.filter(status=Registration.Status.WAITING).order_by(
                "created_at", "id").first()
            if waiting:
                waiting.status = Registration.Status.REGISTERED
                waiting.save(update_fields=["status", "updated_at"])
    return registration


def check_in(*, actor, event: Event, code: str) -> tuple[Registration, bool]:
    """Check in by the code on the registration (typed or scanned). Returns (registration, new)."""
    _require_organiser(actor)
    code = (code or "").strip().upper()
    registration = event.registrations.select_related("enterprise").filter(code=code).first()
    if registration is None:
        raise NotFoundError(_("No registration for this event has the code %(code)s.") % {"code": code},
                            {"code": code})
    if registration.status != Registration.Status.REGISTERED:
        raise ConflictError(_("This registration is %(status)s.") % {"status": registration.get_status_display()},
                            {"status": registration.status})
    if registration.checked_in_at:
        return registration, False
    with transaction.atomic(), audited(actor):
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration, True


def registration_unavailable_set(*, actor, registration: Registration, slots: list[Any]) -> Registration:
    """The enterprise marks the timetable slots its representatives cannot meet in (writes only in
    services, #14 item 6)."""
    if getattr(actor, "enterprise_id", None) != registration.enterprise_id:
        raise PermissionDeniedError(_("Only the enterprise marks its unavailable slots."))
    with transaction.atomic(), audited(actor):
        registration.unavailable_slots = sorted({int(s) for s in slots if str(s).isdigit()})
        registration.save(update_fields=["unavailable_slots", "updated_at"])
    return registration


def feedback_give(*, actor, registration: Registration, rating: int, comment: str = "") -> Registration:
    if getattr(actor, "enterprise_id", None) != registration.enterprise_id:
        raise PermissionDeniedError(_("Only the enterprise gives its feedback."))
    if not 1 <= int(rating) <= 5:
        raise ApplicationError(_("Rate from 1 to 5."), {"field": "rating"})
    with transaction.atomic(), audited(actor):
        registration.rating, registration.feedback = int(rating), (comment or "")[:300]
        registration.save(update_fields=["rating", "feedback", "updated_at"])
    return registration


# --- 1:1 meetings -------------------------------------------------------------------------------------
def own_registration(actor, event: Event) -> Registration | None:
    if not getattr(actor, "enterprise_id", None):
        return None
    return event.registrations.filter(enterprise_id=actor.enterprise_id,
                                      status=Registration.Status.REGISTERED).first()


def meeting_request(*, actor, event: Event, target_code: str | None = None, target_id: int | None = None,
                    message: str = "") -> MeetingRequest:
    mine = own_registration(actor, event)
    if mine is None:
        raise PermissionDeniedError(_("Register your enterprise for this event first."))
    if event.kind != Event.Kind.MATCHMAKING:
        raise ApplicationError(_("1:1 meetings belong to matchmaking days."))
    target = event.registrations.filter(Q(pk=target_id) if target_id else Q(code=target_code),
                                        status=Registration.Status.REGISTERED).first()
    if target is None or target.pk == mine.pk:
        raise ApplicationError(_("Choose another registered participant."), {"field": "target"})
    if MeetingRequest.objects.filter(Q(requester=mine, target=target) | Q(requester=target, target=mine)).exists():
        raise ConflictError(_("You already asked each other for a meeting."))
    with transaction.atomic(), audited(actor):
        request = MeetingRequest.objects.create(event=event, requester=mine, target=target, message=message[:300])
        notify_users(enterprise_users([target.enterprise_id]), kind="meeting", key=f"meeting:{request.pk}",
                     title=_("%(who)s asks for a 1:1 meeting at %(event)s") % {"who": mine.enterprise.name,
                                                                               "event": event.title},
                     body=message[:300])
    return request


def meeting_answer(*, actor, request: MeetingRequest, accept: bool) -> MeetingRequest:
    if getattr(actor, "enterprise_id", None) != request.target.enterprise_id:
        raise PermissionDeniedError(_("Only the enterprise asked answers."))
    if request.status != MeetingRequest.Status.PENDING:
        raise ConflictError(_("This request was already answered."), {"status": request.status})
    with transaction.atomic(), audited(actor):
        request.status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
        request.save(update_fields=["status", "updated_at"])
    return request


def event_schedule(*, actor, event: Event, time_limit: float = SCHEDULE_TIME_LIMIT):
    """Place every accepted request in a slot and at a table: edge colouring, or CP-SAT when
    participants blocked slots or the day has a fixed number of slots. Returns the engine's result."""
    _require_organiser(actor)
    accepted = list(event.meeting_requests.filter(status=MeetingRequest.Status.ACCEPTED,
                                                  requester__status=Registration.Status.REGISTERED,
                                                  target__status=Registration.Status.REGISTERED)
                    .select_related("requester", "target"))
    pairs = [(r.requester.code, r.target.code) for r in accepted]
    blocked = {reg.code: {int(s) - 1 for s in reg.unavailable_slots}
               for reg in event.registrations.exclude(unavailable_slots=[]) if reg.unavailable_slots}
    try:
        if blocked or event.slots:
            result = schedule_constrained(pairs, event.tables, slots=event.slots, blocked=blocked,
                                          time_limit=time_limit)
        else:
            result = schedule(pairs, event.tables)
    except ScheduleError as err:
        raise ApplicationError(str(err)) from None
    placed = {frozenset((m.a, m.b)): m for m in result.meetings}
    with transaction.atomic(), audited(actor):
        for r in accepted:
            m = placed.get(frozenset((r.requester.code, r.target.code)))
            r.slot, r.table = (m.slot + 1, m.table) if m else (None, None)
            r.save(update_fields=["slot", "table", "updated_at"])
        event.scheduled_at = timezone.now()
        event.save(update_fields=["scheduled_at", "updated_at"])
    return result


FEN = Decimal("0.01")
_signed = MeetingRequest._meta.get_field("signed_amount")
_SIGNED_INTEGER_DIGITS = _signed.max_digits - _signed.decimal_places
"""Digits before the point the signed-amount column holds (yuan)."""


def meeting_outcome(*, actor, request: MeetingRequest, held: bool, intention: bool = False,
                    signed_wan: Any = None) -> MeetingRequest:
    """Record what came of a meeting: held, intention (意向), signed amount (万元)."""
    parties = {request.requester.enterprise_id, request.target.enterprise_id}
    if not (can_organise(actor) or getattr(actor, "enterprise_id", None) in parties):
        raise PermissionDeniedError(_("Only the organisers and the two parties record the outcome."))
    amount = None
    if signed_wan not in (None, ""):
        try:
            amount = (Decimal(str(signed_wan)) * WAN).quantize(FEN, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount.adjusted() >= _SIGNED_INTEGER_DIGITS:
            raise ApplicationError(_("Enter the amount in 10k yuan."), {"field": "signed"})
        if amount < 0:
            raise ApplicationError(_("The amount must not be negative."), {"field": "signed"})
    with transaction.atomic(), audited(actor):
        request.held, request.intention, request.signed_amount = bool(held), bool(intention), amount
        request.save(update_fields=["held", "intention", "signed_amount", "updated_at"])
    return request
