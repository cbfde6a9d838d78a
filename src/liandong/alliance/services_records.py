"""Writes of the service record (docs/domains/alliance.md#service-record): visits (走访) and policy
consultations (政策咨询) entered by district staff, and a problem found on a visit turned into an
appeal in one step. One transaction each, permission checked, audit rows written; the record's
copied kinds are brought up to date with their sources right away (``records.service_records_sync``)
and ``core.db.data_changed`` runs after commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.accounts.models import Organization
from liandong.alliance.models import ServiceKind, ServiceRecord
from liandong.alliance.records import ENTERED, key_chains, service_records_sync
from liandong.alliance.selectors import service_records_visible
from liandong.appeals.models import Appeal
from liandong.appeals.services import _text, appeal_submit  # one rule for a text box's length
from liandong.core.audit import audited
from liandong.core.db import data_changed
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.enterprises.models import Enterprise
from liandong.enterprises.selectors import enterprises_visible

RECORDERS = frozenset({scoping.ADMIN, scoping.CHAIN_OFFICER, scoping.DEPARTMENT})
"""Who enters visits and consultations: the office and the member departments."""


def can_record_services(actor) -> bool:
    return scoping.role_of(actor) in RECORDERS


def can_raise_appeal(actor) -> bool:
    """Turning a problem into an appeal submits it on the enterprise's behalf, which the appeals desk
    allows the office only (``appeals.services.appeal_submit``)."""
    return scoping.is_office(actor)


def unit_choices(actor) -> list[Organization]:
    """The units the actor may record a service for: a department its own; the office any unit."""
    if scoping.role_of(actor) == scoping.DEPARTMENT:
        return list(Organization.objects.filter(pk=actor.organization_id)) if actor.organization_id else []
    return list(Organization.objects.exclude(kind=Organization.Kind.ENTERPRISE))


def find_enterprise(actor, text: str) -> Enterprise:
    """The enterprise named by its USCC or its full name (or a part of it naming one enterprise only)."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("This field is required."), {"field": "enterprise"})
    visible = enterprises_visible(actor)
    found = visible.filter(uscc=text.upper()).first() or visible.filter(name=text).first()
    if found is None:
        some = list(visible.filter(name__contains=text)[:2])
        found = some[0] if len(some) == 1 else None
    if found is None:
        raise ApplicationError(_("No single enterprise has this USCC or name."), {"field": "enterprise"})
    return found


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError as err:
        raise ApplicationError(_("Enter a date as YYYY-MM-DD."), {"field": "on"}) from err


def _unit(actor, unit_id: Any) -> Organization | None:
    if scoping.role_of(actor) == scoping.DEPARTMENT:
        if unit_id not in (None, "") and str(unit_id) != str(actor.organization_id):
            raise PermissionDeniedError(_("A department records the services of its own unit only."))
        return actor.organization
    if unit_id in (None, ""):
        return getattr(actor, "organization", None)
    unit = Organization.objects.exclude(kind=Organization.Kind.ENTERPRISE).filter(
        pk=int(unit_id) if str(unit_id).isdigit() else 0).first()
    if unit is None:
        raise ApplicationError(_("Choose the serving unit."), {"field": "unit"})
    return unit


def visit_record(*, actor, enterprise: str, on: Any, kind: str = ServiceKind.VISIT, unit: Any = None,
                 people: str = "", topics: str = "", problems: str = "", title: str = "") -> ServiceRecord:
    """Enter a visit or a policy consultation: one 家次 for the enterprise on that day."""
    if not can_record_services(actor):
        raise PermissionDeniedError(_("Only the office and the member departments record services."))
    if kind not in ENTERED:
        raise ApplicationError(_("Choose a visit or a policy consultation."), {"field": "kind"})
    target = find_enterprise(actor, enterprise)
    day = _date(on)
    if day > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), {"field": "on"})
    serving = _unit(actor, unit)
    people = _text(people, "people", 200, required=False)
    topics = _text(topics, "topics", 5000, required=False)
    problems = _text(problems, "problems", 5000, required=False)
    title = _text(title, "title", 200, required=False) or (topics.splitlines()[0][:200] if topics else str(ServiceKind(kind).label))
    with transaction.atomic(), audited(actor):
        record = ServiceRecord(enterprise=target, on=day, kind=kind, unit=serving, title=title, people=people,
                               topics=topics, problems=problems, chain_id=key_chains([target.pk]).get(target.pk),
                               created_by=actor if getattr(actor, "pk", None) else None)
        record.save()
        transaction.on_commit(data_changed)
    return record


def consultation_record(*, actor, **fields: Any) -> ServiceRecord:
    return visit_record(actor=actor, kind=ServiceKind.CONSULTATION, **fields)


def visit_raise_appeal(*, actor, record_id: int, category: str, title: str = "", body: str = "",
                       now: dt.datetime | None = None) -> Appeal:
    """Turn the problems found on a visit (or consultation) into an appeal of its enterprise, submitted
    by the office on the enterprise's behalf (channel 走访), linked on the record and put on the
    enterprise's timeline at once."""
    record = service_records_visible(actor).select_related("enterprise").filter(pk=record_id).first()
    if record is None:
        raise NotFoundError("service record")
    if not can_raise_appeal(actor):
        raise PermissionDeniedError(_("Only the office submits an appeal on an enterprise's behalf."))
    if record.kind not in ENTERED:
        raise ApplicationError(_("Only a visit or a consultation raises an appeal here."), {"field": "record"})
    if record.appeal_id:
        raise ConflictError(_("This visit has already raised an appeal."), {"appeal": record.appeal_id})
    body = (body or "").strip() or record.problems
    if not body:
        raise ApplicationError(_("Write down the problem found first."), {"field": "body"})
    with transaction.atomic(), audited(actor):
        appeal = appeal_submit(actor=actor, category=category, title=(title or "").strip() or record.title[:120],
                               body=body, enterprise_uscc=record.enterprise.uscc, channel=Appeal.Channel.VISIT,
                               now=now)
        record.appeal = appeal
        record.save(update_fields=["appeal"])
        service_records_sync([record.enterprise_id])
        transaction.on_commit(data_changed)
    return appeal
