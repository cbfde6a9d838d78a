"""Writes of funds: awards and their statuses under the budget guard. Each is one transaction that
locks the program-year's row first (``select_for_update``; SQLite runs IMMEDIATE transactions), so two
officers approving the last 50万 at once cannot both succeed: the second finds the first's commitment
and is refused, naming the award."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.core.audit import audited
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.engines import funds as engine
from liandong.enterprises.models import Enterprise
from liandong.funds import selectors
from liandong.funds.models import Award, AwardEvent, AwardStatus, ProgramYear

WAN = Decimal(10000)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _amount(value: Any) -> Decimal:
    try:
        amount = (Decimal(str(value)) * WAN).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError) as err:
        raise ApplicationError(_("Enter an amount in 万元."), {"field": "amount"}) from err
    if amount <= 0:
        raise ApplicationError(_("Enter an amount in 万元."), {"field": "amount"})
    return amount


def committed_elsewhere(program_year: ProgramYear, *, excluding: int | None = None) -> Decimal:
    qs = Award.objects.filter(program_year=program_year, status__in=list(engine.COMMITTED))
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    return qs.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def guard_budget(program_year: ProgramYear, amount: Decimal, *, award: Award | None = None) -> None:
    """Refuse a commitment that would take the program-year over its budget. Call inside the
    transaction, after locking the program-year's row."""
    committed = committed_elsewhere(program_year, excluding=award.pk if award else None)
    if committed + amount > program_year.budget:
        over = (committed + amount - program_year.budget) / WAN
        raise ApplicationError(
            _("%(program)s %(year)d: this would commit %(over)s 万元 more than the budget; %(left)s 万元 left.")
            % {"program": program_year.program.name, "year": program_year.year, "over": f"{over:,.2f}",
               "left": f"{(program_year.budget - committed) / WAN:,.2f}"},
            {"field": "amount", "award": award.pk if award else None})


def _locked_year(actor, program: str, year: int) -> ProgramYear:
    program_year = (ProgramYear.objects.select_for_update().select_related("program")
                    .filter(program__code=program, year=year).first())
    if program_year is None:
        raise ApplicationError(_("No budget for %(program)s in %(year)s.") % {"program": program, "year": year},
                               {"field": "program"})
    if not selectors.programs_writable(actor).filter(pk=program_year.program_id).exists():
        raise PermissionDeniedError(_("You may not award from this fund."))
    return program_year


def award_create(*, actor, program: str, year: int, uscc: str, project: str, amount: Any, policy: str = "",
                 status: str = AwardStatus.APPLIED, on: dt.date | None = None) -> Award:
    project = (project or "").strip()
    if not project:
        raise ApplicationError(_("Name the project."), {"field": "project"})
    enterprise = Enterprise.objects.filter(uscc=(uscc or "").strip().upper()).first()
    if enterprise is None:
        raise ApplicationError(_("No registered enterprise has this code; import it as an enterprise first."),
                               {"field": "uscc"})
    if status not in AwardStatus.values:
        raise ApplicationError(_("Unknown status."), {"field": "status"})
    value = _amount(amount)
    on = on or timezone.localdate()
    with transaction.atomic(), audited(actor):
        program_year = _locked_year(actor, program, year)
        if Award.objects.filter(program_year=program_year, enterprise=enterprise, project=project).exists():
            raise ConflictError(_("This enterprise already applied for this project under this fund this year."),
                                {"field": "project"})
        if status in engine.COMMITTED:
            guard_budget(program_year, value)
        award = Award.objects.create(program_year=program_year, enterprise=enterprise, project=project[:200],
                                     policy=(policy or "")[:60], amount=value, status=status, date=on)
        AwardEvent.objects.create(award=award, from_status="", to_status=status, on=on, actor=_user(actor))
    return award


def award_move(*, actor, award_id: int, status: str, on: dt.date | None = None, note: str = "",
               version: int | None = None) -> Award:
    """申报 → 审核通过 → 公示 → 已拨付, or 驳回; entering a committed status checks the budget under lock."""
    on = on or timezone.localdate()
    with transaction.atomic(), audited(actor):
        award = selectors.awards_visible(actor).select_related("program_year").filter(pk=award_id).first()
        if award is None:
            raise NotFoundError(_("Award not found."), {"award": award_id})
        program_year = _locked_year(actor, award.program_year.program.code, award.program_year.year)
        award.refresh_from_db()  # read after the lock: what a concurrent approval wrote
        if version is not None and version != award.version:
            raise ConflictError(_("Someone changed this award meanwhile; reload and try again."),
                                {"version": award.version})
        try:
            engine.check_move(award.status, status)
        except engine.StatusError as err:
            raise ApplicationError(err.message, {"field": "status"}) from err
        if status in engine.COMMITTED and award.status not in engine.COMMITTED:
            guard_budget(program_year, award.amount, award=award)
        before = award.status
        award.status, award.date, award.version = status, on, award.version + 1
        award.save(update_fields=["status", "date", "version", "updated_at"])
        AwardEvent.objects.create(award=award, from_status=before, to_status=status, on=on, actor=_user(actor),
                                  note=(note or "")[:300])
    return award
