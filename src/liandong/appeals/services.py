"""Every change to an appeal: one transaction each, permission and state checked by ``workflow``,
a version check against concurrent edits (409 with the current state), a timeline event, audit
rows (django-auditlog), and notifications after commit."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.accounts.models import Organization
from liandong.appeals import notify
from liandong.appeals.alerts import next_alert_at
from liandong.appeals.calendar import policy_for, work_calendar
from liandong.appeals.models import Appeal, AppealAttachment, AppealCategory, AppealEvent
from liandong.appeals.selectors import appeals_visible
from liandong.appeals.workflow import ACTIONS, guard, parties_of
from liandong.core.attachments import check_files, store_file
from liandong.core.audit import audited
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.engines.calendar import Pause, clocks
from liandong.enterprises.models import Enterprise
from liandong.enterprises.selectors import enterprises_visible

MAX_ATTACHMENTS = 5
RATINGS = {r.value for r in Appeal.Rating}


def _text(value: Any, field: str, max_length: int, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ApplicationError(_("This field is required."), {"field": field})
    if len(text) > max_length:
        raise ApplicationError(_("Too long: at most %(n)d characters.") % {"n": max_length}, {"field": field})
    return text


def _check_attachments(files: list[UploadedFile]) -> None:
    """Size and type checked before anything is written (core.attachments)."""
    check_files(files, field="attachments", max_count=MAX_ATTACHMENTS)


def _save_attachments(appeal: Appeal, files: list[UploadedFile], actor) -> None:
    for f in files:
        attachment = AppealAttachment(appeal=appeal, uploaded_by=actor if getattr(actor, "pk", None) else None)
        attachment.name, attachment.size, attachment.content_type = store_file(attachment.file, f)
        attachment.save()


def _set_deadlines(appeal: Appeal, now: dt.datetime) -> None:
    """Recompute the stored deadlines and the next alert from the submission and the history."""
    calendar = work_calendar(timezone.localdate(appeal.submitted_at))
    policy = policy_for(appeal.category, calendar)
    pauses = [Pause(appeal.paused_at)] if appeal.paused_at else []
    first = clocks(appeal.submitted_at, policy, calendar, now=now)
    resolve = clocks(appeal.resolve_from, policy, calendar, now=now, pauses=pauses,
                     extension_minutes=appeal.extension_minutes + appeal.paused_minutes)
    appeal.respond_by, appeal.dock_by, appeal.resolve_by = first.respond_by, first.dock_by, resolve.resolve_by
    appeal.calendar_estimated = first.estimated or resolve.estimated
    appeal.next_alert_at = next_alert_at(appeal, calendar, now)


def _event(appeal: Appeal, actor, kind: str, *, before: str, note: str = "", department=None,
           data: dict | None = None, now: dt.datetime) -> AppealEvent:
    return AppealEvent.objects.create(
        appeal=appeal, actor=actor if getattr(actor, "pk", None) else None, kind=kind, from_status=before,
        to_status=appeal.status, note=note, department=department, data=data or {}, created_at=now)


# --- submit --------------------------------------------------------------------------------------
def appeal_submit(*, actor, category: str, title: str, body: str, enterprise_uscc: str | None = None,
                  channel: str = Appeal.Channel.ONLINE, attachments: list[UploadedFile] | None = None,
                  now: dt.datetime | None = None) -> Appeal:
    """受理: an enterprise user submits for its own enterprise; the office records one received by
    phone, visit or at an event on an enterprise's behalf."""
    now = now or timezone.now()
    role = scoping.role_of(actor)
    if role == scoping.ENTERPRISE and actor.enterprise_id:
        enterprise = Enterprise.objects.get(pk=actor.enterprise_id)
        channel = Appeal.Channel.ONLINE
    elif scoping.is_office(actor):
        enterprise = enterprises_visible(actor).filter(uscc=(enterprise_uscc or "").strip().upper()).first()
        if enterprise is None:
            raise ApplicationError(_("Choose the enterprise the appeal is from (its USCC)."), {"field": "enterprise"})
        if channel not in Appeal.Channel.values:
            raise ApplicationError(_("Unknown channel."), {"field": "channel"})
    else:
        raise PermissionDeniedError(_("Only enterprises and the chain office submit appeals."))
    cat = AppealCategory.objects.filter(code=category).first() or AppealCategory.objects.filter(name=category).first()
    if cat is None:
        raise ApplicationError(_("Choose a category."), {"field": "category"})
    title, body = _text(title, "title", 120), _text(body, "body", 5000)
    files = list(attachments or [])
    _check_attachments(files)
    with transaction.atomic(), audited(actor):
        appeal = Appeal(number=uuid.uuid4().hex[:20], enterprise=enterprise, category=cat, title=title, body=body,
                        channel=channel, submitted_by=actor if getattr(actor, "pk", None) else None,
                        submitted_at=now, resolve_from=now, respond_by=now, dock_by=now, resolve_by=now)
        _set_deadlines(appeal, now)
        appeal.save()
        appeal.number = f"SQ{timezone.localtime(now):%Y%m%d}{appeal.pk:05d}"
        appeal.save(update_fields=["number"])
        _save_attachments(appeal, files, actor)
        event = _event(appeal, actor, "submit", before="", note="", now=now, data={"channel": channel})
        transaction.on_commit(lambda: notify.on_event(event.pk))
    return appeal


# --- transitions ------------------------------------------------------------------------------------
def _department(org_id: Any, field: str) -> Organization:
    org = Organization.objects.filter(pk=org_id, kind=Organization.Kind.DEPARTMENT).first() if org_id else None
    if org is None:
        raise ApplicationError(_("Choose a member department."), {"field": field})
    return org


def _days(value: Any, field: str) -> Decimal:
    try:
        days = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("Enter a number of working days."), {"field": field}) from None
    if not Decimal("0.5") <= days <= Decimal(30):
        raise ApplicationError(_("Between 0.5 and 30 working days."), {"field": field})
    return days


def _close_pause(appeal: Appeal, now: dt.datetime) -> None:
    if appeal.paused_at:
        calendar = work_calendar(timezone.localdate(appeal.submitted_at))
        appeal.paused_minutes += calendar.between(appeal.paused_at, now)
        appeal.paused_at = None
        appeal.pause_reason = ""


def _apply(appeal: Appeal, action: str, actor, params: dict[str, Any], now: dt.datetime) -> tuple[str, Any, dict]:
    """Change the appeal for ``action``; returns (note, department, event data)."""
    note, department, data = "", None, {}
    a = Appeal
    if action == "respond":
        note = _text(params.get("note"), "note", 1000, required=False)
        appeal.responded_at, appeal.responded_by = now, actor if getattr(actor, "pk", None) else None
    elif action in {"dispatch", "transfer"}:
        department = _department(params.get("department"), "department")
        co = [_department(pk, "co_departments") for pk in params.get("co_departments") or []]
        appeal.lead_department = department
        appeal.dispatched_at = now
        appeal.co_departments.set([c for c in co if c.pk != department.pk])
        note = _text(params.get("note"), "note", 1000, required=False)
        data = {"co_departments": [c.pk for c in co]}
    elif action == "accept":
        appeal.docked_at = appeal.docked_at or now
        note = _text(params.get("note"), "note", 1000, required=False)
        department = appeal.lead_department
    elif action == "return":
        note = _text(params.get("reason"), "reason", 500)
        department = appeal.lead_department
        appeal.lead_department = None
        appeal.co_departments.clear()
    elif action == "pause":
        appeal.paused_at = now
        appeal.pause_reason = note = _text(params.get("reason"), "reason", 200)
    elif action == "resume":
        _close_pause(appeal, now)
    elif action == "request_extension":
        appeal.extension_days = _days(params.get("days"), "days")
        appeal.extension_reason = note = _text(params.get("reason"), "reason", 200)
        appeal.extension_status = a.Extension.PENDING
        data = {"days": str(appeal.extension_days)}
    elif action == "decide_extension":
        approved = bool(params.get("approve"))
        appeal.extension_status = a.Extension.APPROVED if approved else a.Extension.REFUSED
        if approved:
            calendar = work_calendar(timezone.localdate(appeal.submitted_at))
            appeal.extension_minutes += float(appeal.extension_days) * calendar.hours.minutes
        note = _text(params.get("note"), "note", 500, required=False)
        data = {"approved": approved, "days": str(appeal.extension_days)}
    elif action == "report_solution":
        appeal.solution = note = _text(params.get("solution"), "solution", 5000)
        appeal.resolved_at = now
    elif action == "approve":
        note = _text(params.get("note"), "note", 1000, required=False)
    elif action == "send_back":
        note = _text(params.get("reason"), "reason", 500)
        appeal.resolved_at = None
    elif action == "rate":
        rating = params.get("rating")
        if rating not in RATINGS:
            raise ApplicationError(_("Choose 满意, 基本满意 or 不满意."), {"field": "rating"})
        appeal.rating, appeal.rated_at = rating, now
        appeal.rating_comment = note = _text(params.get("comment"), "comment", 300, required=False)
        if rating == a.Rating.UNSATISFIED:  # 重办: back to the department, with a fresh resolve clock
            _reopen(appeal, now)
        else:
            appeal.closed_at = now
        data = {"rating": rating}
    elif action == "reopen":
        note = _text(params.get("reason"), "reason", 500)
        _reopen(appeal, now)
    elif action == "merge":
        original = appeals_visible(actor).filter(number=params.get("into")).first()
        if original is None or original.pk == appeal.pk or original.enterprise_id != appeal.enterprise_id \
                or not original.is_open:
            raise ApplicationError(_("Merge into another open appeal of the same enterprise."), {"field": "into"})
        appeal.merged_into, appeal.closed_at = original, now
        note, data = original.number, {"into": original.number}
    elif action == "reply":
        note = _text(params.get("message"), "message", 2000)
    return note, department, data


def _reopen(appeal: Appeal, now: dt.datetime) -> None:
    appeal.reopen_count += 1
    appeal.resolved_at = appeal.closed_at = None
    appeal.resolve_from = now
    appeal.paused_minutes = appeal.extension_minutes = 0
    appeal.extension_status = Appeal.Extension.NONE


def appeal_act(*, actor, number: str, action: str, version: int | None, now: dt.datetime | None = None,
               **params: Any) -> Appeal:
    """Take ``action`` on the appeal ``number`` as ``actor``. ``version`` is the version the actor saw:
    when someone else acted since, nothing changes and ConflictError (409) carries the new state."""
    now = now or timezone.now()
    spec = ACTIONS.get(action)
    if spec is None:
        raise ApplicationError(_("Unknown action."), {"action": action})
    appeal = appeals_visible(actor).filter(number=number).first()
    if appeal is None:
        raise NotFoundError(_("Appeal not found."), {"number": number})
    parties = parties_of(actor, appeal)
    if not (spec.parties & parties or (action == "reply" and "co_department" in parties)):
        raise PermissionDeniedError(_("You may not do this on this appeal."), {"action": action})
    with transaction.atomic(), audited(actor):
        expected = appeal.version if version is None else int(version)
        if not Appeal.objects.filter(pk=appeal.pk, version=expected).update(version=F("version") + 1):
            current = Appeal.objects.get(pk=appeal.pk)
            raise ConflictError(_("Someone else changed this appeal; here is its current state."),
                                {"status": current.status, "version": current.version})
        appeal.refresh_from_db()
        if appeal.status not in spec.sources:
            raise ConflictError(_("This cannot be done in the appeal's current state."),
                                {"status": appeal.status, "version": appeal.version - 1})
        reason = guard(spec, appeal)
        if reason:
            raise ConflictError(reason, {"status": appeal.status, "version": appeal.version - 1})
        before = appeal.status
        note, department, data = _apply(appeal, action, actor, params, now)
        if spec.target and not (action == "rate" and appeal.rating == Appeal.Rating.UNSATISFIED):
            appeal.status = spec.target
        elif action == "rate":
            appeal.status = Appeal.Status.DOCKED
        _set_deadlines(appeal, now)
        appeal.save()
        event = _event(appeal, actor, action, before=before, note=note, department=department, data=data, now=now)
        transaction.on_commit(lambda: notify.on_event(event.pk))
    return appeal


def appeal_attach_check(*, actor, number: str) -> Appeal:
    """The open appeal ``actor`` may add files to (any party to it); asked before the upload is read
    (#13 item 9): NotFoundError outside their scope, PermissionDeniedError otherwise."""
    appeal = appeals_visible(actor).filter(number=number).first()
    if appeal is None:
        raise NotFoundError(_("Appeal not found."), {"number": number})
    if not parties_of(actor, appeal) or not appeal.is_open:
        raise PermissionDeniedError(_("You may not add files to this appeal."))
    return appeal


def appeal_attach(*, actor, number: str, files: list[UploadedFile]) -> Appeal:
    """Add files to an open appeal (any party to it), checked like those of a submission."""
    appeal = appeal_attach_check(actor=actor, number=number)
    if appeal.attachments.count() + len(files) > MAX_ATTACHMENTS:
        raise ApplicationError(_("At most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}, {"field": "attachments"})
    _check_attachments(files)
    now = timezone.now()
    with transaction.atomic(), audited(actor):
        _save_attachments(appeal, files, actor)
        _event(appeal, actor, "attach", before=appeal.status, note="、".join(f.name for f in files), now=now)
    return appeal
