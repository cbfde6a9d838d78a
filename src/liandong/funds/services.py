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

from liandong.accounts import scoping
from liandong.accounts.models import Organization
from liandong.chains.models import Chain
from liandong.core.audit import audited
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.engines import funds as engine
from liandong.engines.funds import financing as financing_engine
from liandong.enterprises.models import Enterprise
from liandong.funds import selectors
from liandong.funds.models import (
    Award,
    AwardEvent,
    AwardStatus,
    EnterpriseStage,
    FinancingKind,
    FinancingMatch,
    FinancingNeed,
    FinancingProduct,
    FundInvestment,
    Program,
    ProgramYear,
    SubFund,
)
from liandong.policies.packs import all_packs
from liandong.policies.selectors import no_application_list

WAN = Decimal(10000)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _amount(value: Any, field: str = "amount", *, positive: bool = True) -> Decimal:
    """An amount in 万元 (a form box, a JSON number) as Decimal yuan; refused naming ``field`` when it is
    not a finite number, or not above zero (``positive``) / below zero."""
    try:
        amount = (Decimal(str(value)) * WAN).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError) as err:
        raise ApplicationError(_("Enter an amount in 万元."), {"field": field}) from err
    if not amount.is_finite() or (amount <= 0 if positive else amount < 0):
        raise ApplicationError(_("Enter an amount in 万元."), {"field": field})
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


# --- the guide fund ---------------------------------------------------------------------------------
def _optional_amount(value: Any, field: str) -> Decimal | None:
    return None if value is None or value == "" else _amount(value, field, positive=False)


def _stage(value: str) -> str:
    value = (value or "").strip()
    if value and value not in EnterpriseStage.values:
        raise ApplicationError(_("Choose start-up, growth or mature."), {"field": "stage"})
    return value


def sub_fund_create(*, actor, program: str, name: str, committed: Any, paid_in: Any = 0,
                    manager: str = "") -> SubFund:
    """A sub-fund of a guide fund (district admins; department staff for their department's programs)."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Name the sub-fund."), {"field": "name"})
    prog = selectors.programs_writable(actor).filter(code=program).first()
    if prog is None:
        raise PermissionDeniedError(_("You may not manage this fund."))
    if prog.kind != Program.Kind.GUIDE:
        raise ApplicationError(_("Sub-funds belong to a guide fund."), {"field": "program"})
    committed_amount, paid = _amount(committed), _optional_amount(paid_in, "paid_in") or Decimal(0)
    if paid > committed_amount:
        raise ApplicationError(_("Paid-in capital cannot exceed committed capital."), {"field": "paid_in"})
    org = None
    if manager:
        org = Organization.objects.filter(name=manager.strip()).first()
        if org is None:
            raise ApplicationError(_("Unknown organization."), {"field": "manager"})
    with transaction.atomic(), audited(actor):
        if SubFund.objects.filter(name=name).exists():
            raise ConflictError(_("A sub-fund of this name exists."), {"field": "name"})
        return SubFund.objects.create(program=prog, name=name[:200], manager=org, committed=committed_amount,
                                      paid_in=paid)


def investment_create(*, actor, sub_fund_id: int, uscc: str, amount: Any, on: dt.date, round: str = "",
                      stage: str = "") -> FundInvestment:
    sub_fund = SubFund.objects.select_related("program").filter(pk=sub_fund_id).first()
    if sub_fund is None or not selectors.programs_writable(actor).filter(pk=sub_fund.program_id).exists():
        raise NotFoundError(_("Sub-fund not found."), {"sub_fund": sub_fund_id})
    enterprise = Enterprise.objects.filter(uscc=(uscc or "").strip().upper()).first()
    if enterprise is None:
        raise ApplicationError(_("No registered enterprise has this code; import it as an enterprise first."),
                               {"field": "uscc"})
    if on is None:
        raise ApplicationError(_("Enter the date."), {"field": "on"})
    value, stage = _amount(amount), _stage(stage)
    with transaction.atomic(), audited(actor):
        return FundInvestment.objects.create(sub_fund=sub_fund, enterprise=enterprise, amount=value, date=on,
                                             round=(round or "")[:30], stage=stage)


# --- financing matchmaking --------------------------------------------------------------------------
FS = FinancingMatch.Status
FINANCING_NEXT = {FS.INTRODUCED: {FS.CONTACTED, FS.NEGOTIATING, FS.SIGNED, FS.CLOSED},
                  FS.CONTACTED: {FS.NEGOTIATING, FS.SIGNED, FS.CLOSED}, FS.NEGOTIATING: {FS.SIGNED, FS.CLOSED},
                  FS.SIGNED: set(), FS.CLOSED: set()}


def _kind(value: str) -> str:
    if value not in FinancingKind.values:
        raise ApplicationError(_("Choose equity or debt."), {"field": "kind"})
    return value


def financing_need_create(*, actor, amount: Any, purpose: str, kind: str = FinancingKind.DEBT, stage: str = "",
                          collateral: bool = False, enterprise: str | None = None) -> FinancingNeed:
    """An enterprise posts its own financing need; the office may post one on an enterprise's behalf."""
    if scoping.role_of(actor) == scoping.ENTERPRISE and getattr(actor, "enterprise_id", None):
        owner = Enterprise.objects.get(pk=actor.enterprise_id)
    elif scoping.is_office(actor):
        owner = Enterprise.objects.filter(uscc=(enterprise or "").strip().upper()).first()
        if owner is None:
            raise ApplicationError(_("No registered enterprise has this code; import it as an enterprise first."),
                                   {"field": "enterprise"})
    else:
        raise PermissionDeniedError(_("Only enterprises and the chain office post financing needs."))
    purpose = (purpose or "").strip()
    if not purpose:
        raise ApplicationError(_("Say what the money is for."), {"field": "purpose"})
    value, kind, stage = _amount(amount), _kind(kind), _stage(stage)
    with transaction.atomic(), audited(actor):
        return FinancingNeed.objects.create(enterprise=owner, amount=value, purpose=purpose[:300], kind=kind,
                                            stage=stage, collateral=bool(collateral), created_by=_user(actor))


def financing_need_close(*, actor, need: FinancingNeed) -> FinancingNeed:
    if not (scoping.is_office(actor) or getattr(actor, "enterprise_id", None) == need.enterprise_id):
        raise NotFoundError(_("Financing need not found."))
    with transaction.atomic(), audited(actor):
        need.status = FinancingNeed.Status.CLOSED
        need.save(update_fields=["status", "updated_at"])
    return need


def financing_product_create(*, actor, institution: str, name: str, kind: str = FinancingKind.DEBT,
                             min_amount: Any = None, max_amount: Any = None, stages: list[str] | None = None,
                             chains: list[str] | None = None, collateral_required: bool = False) -> FinancingProduct:
    """A financial institution's product, posted on its behalf by district admins or department staff."""
    if not selectors.can_write_products(actor):
        raise PermissionDeniedError(_("Financing products are posted by district admins and department staff."))
    org = Organization.objects.filter(name=(institution or "").strip(), kind=Organization.Kind.FINANCIAL).first()
    if org is None:
        raise ApplicationError(_("No financial institution of this name."), {"field": "institution"})
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Name the product."), {"field": "name"})
    low, high = _optional_amount(min_amount, "min_amount"), _optional_amount(max_amount, "max_amount")
    if low is not None and high is not None and low > high:
        raise ApplicationError(_("The minimum amount exceeds the maximum."), {"field": "min_amount"})
    stage_list = sorted({_stage(s) for s in (stages or []) if s})
    chain_objs = list(Chain.objects.filter(code__in=chains or []))
    if len(chain_objs) != len(set(chains or [])):
        raise ApplicationError(_("Unknown chain."), {"field": "chains"})
    with transaction.atomic(), audited(actor):
        if FinancingProduct.objects.filter(institution=org, name=name).exists():
            raise ConflictError(_("This institution already has a product of this name."), {"field": "name"})
        product = FinancingProduct.objects.create(institution=org, name=name[:200], kind=_kind(kind), min_amount=low,
                                                  max_amount=high, stages=stage_list,
                                                  collateral_required=bool(collateral_required),
                                                  created_by=_user(actor))
        product.chains.set(chain_objs)
    return product


def financing_introduce(*, actor, need: FinancingNeed, product: FinancingProduct) -> FinancingMatch:
    """The office introduces a product to a need; only a pair that passes every criterion."""
    if not scoping.is_office(actor):
        raise PermissionDeniedError(_("Introductions are made by the chain office."))
    if need.status != FinancingNeed.Status.OPEN or product.status != FinancingProduct.Status.OPEN:
        raise ConflictError(_("Only open needs and products get introductions."))
    signed = FinancingMatch.objects.filter(product=product, status=FS.SIGNED).count()
    need_case, product_case = selectors.need_case(need), selectors.product_case(product, signed)
    refused = financing_engine.refusals(need_case, product_case)
    if refused:
        raise ApplicationError(_("This product does not suit this need: %(why)s") % {"why": "；".join(refused)},
                               {"field": "product", "reasons": refused})
    score, reasons = financing_engine.score(need_case, product_case)
    with transaction.atomic(), audited(actor):
        match, created = FinancingMatch.objects.get_or_create(need=need, product=product)
        if not created and match.status != FS.CLOSED:
            raise ConflictError(_("This pair was already introduced."), {"status": match.status})
        match.status, match.introduced_by, match.introduced_at = FS.INTRODUCED, _user(actor), timezone.now()
        match.score, match.reasons, match.closed_reason, match.amount = score, reasons[:8], "", None
        match.save()
    return match


def financing_advance(*, actor, match: FinancingMatch, status: str, amount_wan: Any = None,
                      reason: str = "") -> FinancingMatch:
    """contacted → negotiating → signed (with the amount in 万元) or closed (with a reason); the office
    or the need's enterprise."""
    if not (scoping.is_office(actor) or getattr(actor, "enterprise_id", None) == match.need.enterprise_id):
        raise NotFoundError(_("Match not found."))
    with transaction.atomic(), audited(actor):
        match = FinancingMatch.objects.select_for_update().select_related("need", "product").get(pk=match.pk)
        if status not in FINANCING_NEXT.get(match.status, set()):
            raise ConflictError(_("A match %(from)s cannot become %(to)s.") % {
                "from": match.get_status_display(), "to": status}, {"status": match.status})
        match.status = status
        if status == FS.SIGNED:
            match.amount, match.signed_at = _amount(amount_wan), timezone.now()
        if status == FS.CLOSED:
            match.closed_reason = (reason or "").strip()[:200] or _("closed")
        match.save()
    return match
def awards_from_no_application(*, actor, program: str, year: int, policy_code: str,
                               amount_each_wan: Any = None, amounts: dict[str, Any] | None = None,
                               on: dt.date | None = None) -> dict[str, Any]:
    """免申即享 as awards: every enterprise on the policy's no-application list (``policies.selectors.
    no_application_list``, what the policy page exports) gets a 申报 award of ``program`` in ``year``,
    for the project "<policy name>（免申即享）": ``amount_each_wan`` each, or its amount in ``amounts``
    (USCC → 万元), or else the benefit the screening estimated. One transaction: the batch is refused
    whole when approving it would take the program-year over its budget (what is committed plus the
    batch), naming what is left. Enterprises with the award already are skipped."""
    packs = all_packs()
    if policy_code not in packs:
        raise ApplicationError(_("Unknown policy."), {"field": "policy"})
    rows = no_application_list(actor=actor, code=policy_code)
    project = _("%(policy)s (no application needed)") % {"policy": packs[policy_code].name}
    on = on or timezone.localdate()
    wanted: list[tuple[Enterprise, Decimal]] = []
    by_uscc = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[r["uscc"] for r in rows])}
    for row in rows:
        if amounts is not None:
            if row["uscc"] not in amounts:
                continue
            value = amounts[row["uscc"]]
        elif amount_each_wan not in (None, ""):
            value = amount_each_wan
        else:
            value = row.get("benefit_wan")
            if not value:
                continue
        enterprise = by_uscc.get(row["uscc"])
        if enterprise is not None:
            wanted.append((enterprise, _amount(value)))
    with transaction.atomic(), audited(actor):
        program_year = _locked_year(actor, program, year)
        have = set(Award.objects.filter(program_year=program_year, project=project[:200])
                   .values_list("enterprise_id", flat=True))
        batch = [(e, amount) for e, amount in wanted if e.pk not in have]
        total = sum((amount for _e, amount in batch), Decimal(0))
        committed = committed_elsewhere(program_year)
        if committed + total > program_year.budget:
            raise ApplicationError(
                _("%(program)s %(year)d: the %(n)d awards total %(total)s 万元 but %(left)s 万元 are left; "
                  "nothing was created.")
                % {"program": program_year.program.name, "year": program_year.year, "n": len(batch),
                   "total": f"{total / WAN:,.2f}", "left": f"{(program_year.budget - committed) / WAN:,.2f}"},
                {"field": "amount"})
        for enterprise, amount in batch:
            award = Award.objects.create(program_year=program_year, enterprise=enterprise, project=project[:200],
                                         policy=policy_code[:60], amount=amount, status=AwardStatus.APPLIED, date=on)
            AwardEvent.objects.create(award=award, from_status="", to_status=AwardStatus.APPLIED, on=on,
                                      actor=_user(actor), note=_("No application needed"))
    return {"created": len(batch), "skipped": len(wanted) - len(batch), "listed": len(rows),
            "total_wan": float(total / WAN)}
