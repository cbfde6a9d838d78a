"""Writes to the registry. Each service is one transaction, checks permission and leaves audit rows."""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.core.audit import audited, bulk_log
from liandong.core.db import data_changed
from liandong.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from liandong.core.models import WAN
from liandong.engines import uscc as uscc_engine
from liandong.enterprises.models import (
    Enterprise,
    ImportJob,
    IndustryCode,
    Park,
    ParkMembership,
    Qualification,
    QualificationType,
)
from liandong.enterprises.selectors import can_edit_enterprise

EDITABLE = ("name", "established", "registered_capital", "park_id", "industry_id", "above_scale", "employees",
            "address", "main_products", "business_scope")


def _validate_uscc(value: str) -> str:
    try:
        return uscc_engine.validate(value).value
    except uscc_engine.UsccError as err:
        if err.code == "check":
            raise ApplicationError(
                _("Invalid unified social credit code: wrong check character, expected %(expected)s.")
                % {"expected": err.expected}, {"field": "uscc", "expected": err.expected}) from None
        raise ApplicationError(_("Invalid unified social credit code: must be 18 characters from the GB 32100-2015 set."),
                               {"field": "uscc"}) from None


def _check_column(model: type[models.Model], name: str, value: Any, *, field: str | None = None) -> Any:
    """Refuse (400) what the database column cannot hold, the same on SQLite and PostgreSQL: text too
    long, numbers out of range or with too many digits, empty values in NOT NULL columns.
    ``None`` for a NOT NULL text column clears it to ``""``."""
    column = model._meta.get_field(name)
    key = field or name
    if value is None:
        if column.null:
            return None
        if isinstance(column, models.CharField | models.TextField):
            return ""
        raise ApplicationError(_("This value must not be empty."), {"field": key})
    if isinstance(value, str) and column.max_length and len(value) > column.max_length:
        raise ApplicationError(_("Too long: at most %(n)d characters.") % {"n": column.max_length}, {"field": key})
    if isinstance(column, models.DecimalField):
        if abs(Decimal(value)) >= Decimal(10) ** (column.max_digits - column.decimal_places):
            raise ApplicationError(_("The number is too large."), {"field": key})
    elif isinstance(value, int) and not isinstance(value, bool) and \
            column.get_internal_type() in BaseDatabaseOperations.integer_field_ranges:
        low, high = BaseDatabaseOperations.integer_field_ranges[column.get_internal_type()]
        if not low <= value <= high:
            raise ApplicationError(_("Must be between %(low)d and %(high)d.") % {"low": low, "high": high},
                                   {"field": key})
    return value


def _registered_park(name: str) -> int:
    """A park is chosen from the registered ones, never created from a typo (review #13 item 16): new
    parks are added in the back office."""
    park_id = Park.objects.filter(name=name).values_list("id", flat=True).first()
    if park_id is None:
        near = difflib.get_close_matches(name, list(Park.objects.values_list("name", flat=True)), n=1, cutoff=0.5)
        message = (_("No registered park is named %(name)s. Did you mean %(near)s? A new park is added in the "
                     "back office.") % {"name": f"「{name}」", "near": f"「{near[0]}」"} if near else
                   _("No registered park is named %(name)s. A new park is added in the back office.")
                   % {"name": f"「{name}」"})
        raise ApplicationError(message, {"field": "park"})
    return park_id


def _clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if key == "industry_code":
            if value:
                code = str(value).upper().lstrip("ABCDEFGHIJKLMNOPQRST") or str(value).upper()
                if not IndustryCode.objects.filter(code=code).exists():
                    raise ApplicationError(_("Not a GB/T 4754-2017 industry code."), {"field": "industry_code"})
                out["industry_id"] = code
            else:
                out["industry_id"] = None
        elif key == "park":
            value = _check_column(Park, "name", value or None, field="park")
            out["park_id"] = _registered_park(value) if value else None
        elif key == "registered_capital_wan":
            out["registered_capital"] = _check_column(
                Enterprise, "registered_capital", None if value is None else Decimal(str(value)) * WAN,
                field=key)
        elif key in EDITABLE:
            out[key] = _check_column(Enterprise, key, value)
    if "name" in out and not (out["name"] or "").strip():
        raise ApplicationError(_("The name must not be empty."), {"field": "name"})
    return out


@transaction.atomic
def enterprise_create(*, actor, uscc: str, name: str, **fields: Any) -> Enterprise:
    if not scoping.can_create_enterprise(actor):
        raise PermissionDeniedError(_("You may not register enterprises."))
    code = _validate_uscc(uscc)
    if Enterprise.objects.filter(uscc=code).exists():
        raise ConflictError(_("An enterprise with this code is already registered."), {"uscc": code})
    values = _clean_fields({"name": name, **fields})
    with audited(actor):
        enterprise = Enterprise.objects.create(uscc=code, **values)
    transaction.on_commit(data_changed)
    return enterprise


def record_park_moves(moves: dict[int, tuple[int | None, int | None]], on: dt.date, *, actor: Any = None) -> int:
    """Park changes of registered enterprises taking effect on ``on`` (enterprise id → (park before,
    park after)): the open membership ends the day before (one opened that same day is dropped), a
    membership of the new park opens on ``on``. Statistics of periods before ``on`` keep the old park
    (issue #13 item 7). Runs inside the writer's transaction, after its permission check; returns the
    memberships written."""
    moves = {e: (old, new) for e, (old, new) in moves.items() if old != new}
    if not moves:
        return 0
    ids = list(moves)
    open_rows = {m.enterprise_id: m for m in ParkMembership.objects.filter(enterprise_id__in=ids, valid_to__isnull=True)}
    last_end = dict(ParkMembership.objects.filter(enterprise_id__in=ids, valid_to__isnull=False)
                    .values("enterprise_id").annotate(end=models.Max("valid_to")).values_list("enterprise_id", "end"))
    names = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "name"))
    parks = {p.pk: p for p in Park.objects.filter(pk__in={p for pair in moves.values() for p in pair if p})}
    before = on - dt.timedelta(days=1)
    created: list[ParkMembership] = []
    ended: list[ParkMembership] = []
    dropped: list[ParkMembership] = []
    for enterprise_id, (old, new) in moves.items():
        enterprise = Enterprise(pk=enterprise_id, name=names.get(enterprise_id, ""))
        row = open_rows.get(enterprise_id)
        if row is not None:
            if row.valid_from is not None and row.valid_from >= on:
                dropped.append(row)
            else:
                row.valid_to = before
                ended.append(row)
        elif old is not None:  # in the park since before the records (or since its last membership ended)
            start = last_end[enterprise_id] + dt.timedelta(days=1) if enterprise_id in last_end else None
            if start is None or start <= before:
                created.append(ParkMembership(enterprise=enterprise, park=parks[old], valid_from=start,
                                              valid_to=before))
        if new is not None:
            created.append(ParkMembership(enterprise=enterprise, park=parks[new], valid_from=on))
    if dropped:
        ParkMembership.objects.filter(pk__in=[m.pk for m in dropped]).delete()
        bulk_log(actor, ParkMembership, LogEntry.Action.DELETE, dropped)
    if ended:
        ParkMembership.objects.bulk_update(ended, ["valid_to"])
        bulk_log(actor, ParkMembership, LogEntry.Action.UPDATE, ended,
                 [{"valid_to": ["None", str(before)]} for _m in ended])
    if created:
        ParkMembership.objects.bulk_create(created)
        bulk_log(actor, ParkMembership, LogEntry.Action.CREATE, created)
    return len(created) + len(ended) + len(dropped)


@transaction.atomic
def enterprise_update(*, actor, enterprise: Enterprise, version: int | None = None, **fields: Any) -> Enterprise:
    """Update the profile. ``version`` (the one the editor saw) guards against lost updates: 409."""
    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDeniedError(_("You may not change this enterprise."))
    current = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if version is not None and version != current.version:
        raise ConflictError(_("Someone changed this enterprise meanwhile; reload and try again."),
                            {"version": current.version})
    values = _clean_fields(fields)
    park_before = current.park_id
    for key, value in values.items():
        setattr(current, key, value)
    current.version += 1
    with audited(actor):
        current.save()
        record_park_moves({current.pk: (park_before, current.park_id)}, timezone.localdate(), actor=actor)
    transaction.on_commit(data_changed)
    return current


@transaction.atomic
def qualification_set(*, actor, enterprise: Enterprise, type_code: str, level: str = "",
                      granted: dt.date | None = None, expires: dt.date | None = None,
                      certificate_no: str = "") -> Qualification:
    """Record (or replace) an enterprise's grant of one qualification."""
    if scoping.role_of(actor) not in {scoping.ADMIN, scoping.CHAIN_OFFICER} or not can_edit_enterprise(actor, enterprise):
        raise PermissionDeniedError(_("You may not change this enterprise's qualifications."))
    try:
        qtype = QualificationType.objects.get(code=type_code)
    except QualificationType.DoesNotExist:
        raise ApplicationError(_("Not in the qualification catalogue."), {"field": "type"}) from None
    if level and level not in QualificationType.Level.values:
        raise ApplicationError(_("Not a level: use one of %(levels)s.")
                               % {"levels": ", ".join(QualificationType.Level.values)}, {"field": "level"})
    certificate_no = _check_column(Qualification, "certificate_no", certificate_no)
    if granted and expires and expires < granted:
        raise ApplicationError(_("Expires before it was granted."), {"field": "expires"})
    with audited(actor):
        qualification, _created = Qualification.objects.update_or_create(
            enterprise=enterprise, type=qtype,
            defaults={"level": level or qtype.default_level, "granted": granted, "expires": expires,
                      "certificate_no": certificate_no},
        )
    return qualification


def import_job_create(*, actor, kind: str, filename: str, content: bytes, dry_run: bool, language: str) -> ImportJob:
    """Queue an uploaded file for the background import (writes only in services, #14 item 6); the
    job runs once this transaction commits."""
    if not scoping.can_import(actor):
        raise PermissionDeniedError(_("Data imports are for district staff."))
    from liandong.enterprises.tasks import import_job_task  # the task module imports the import services

    with transaction.atomic(), audited(actor):
        job = ImportJob.objects.create(user=actor, kind=kind, filename=filename[:200], content=content,
                                       dry_run=dry_run, language=language)
        transaction.on_commit(lambda: import_job_task(job.id))
    return job
