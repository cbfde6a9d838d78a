"""``/api/v1/funds`` (docs/api.md#funds): the summary, awards and their statuses. Amounts in 万元."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema, Status

from liandong.core.models import yuan_to_wan
from liandong.funds import selectors, services

router = Router(tags=["funds"])


class AwardIn(Schema):
    program: str
    year: int
    uscc: str
    project: str
    amount_wan: float
    policy: str = ""
    status: str = "applied"
    on: dt.date | None = None


class MoveIn(Schema):
    status: str
    on: dt.date | None = None
    note: str = ""
    version: int | None = None


def award_payload(a) -> dict[str, Any]:
    return {"id": a.pk, "program": a.program_year.program.code, "year": a.program_year.year,
            "uscc": a.enterprise.uscc, "enterprise": a.enterprise.name, "project": a.project, "policy": a.policy or None,
            "amount_wan": yuan_to_wan(a.amount), "status": a.status, "date": a.date, "version": a.version}


@router.get("/summary", response=dict[str, Any])
def summary(request, year: int | None = None):
    """The JSON of ``liandong funds summary`` (docs/cli.md#funds-summary); district staff (403 otherwise)."""
    return selectors.summary(actor=request.auth, year=year)


@router.get("/awards", response=dict[str, Any])
def award_list(request, year: int | None = None, program: str = "", page: int = 1, page_size: int = 50):
    """Awards the caller may see: district staff all, an enterprise user its own."""
    qs = selectors.awards_visible(request.auth).select_related("program_year__program", "enterprise")
    if year is not None:
        qs = qs.filter(program_year__year=year)
    if program:
        qs = qs.filter(program_year__program__code=program)
    page_size = max(1, min(page_size, 200))
    start = (max(page, 1) - 1) * page_size
    return {"count": qs.count(), "items": [award_payload(a) for a in qs[start:start + page_size]]}


@router.post("/awards", response={201: dict[str, Any]})
def award_create(request, data: AwardIn):
    award = services.award_create(actor=request.auth, program=data.program, year=data.year, uscc=data.uscc,
                                  project=data.project, amount=data.amount_wan, policy=data.policy,
                                  status=data.status, on=data.on)
    return Status(201, award_payload(award))


class BatchIn(Schema):
    program: str
    year: int
    policy: str
    amount_each_wan: float | None = None
    amounts: dict[str, float] | None = None
    on: dt.date | None = None


@router.post("/awards/no-application", response={201: dict[str, Any]})
def awards_from_no_application(request, data: BatchIn):
    """免申即享 as awards: the policy's no-application list becomes 申报 awards in one step (refused whole
    over budget)."""
    result = services.awards_from_no_application(actor=request.auth, program=data.program, year=data.year,
                                                 policy_code=data.policy, amount_each_wan=data.amount_each_wan,
                                                 amounts=data.amounts, on=data.on)
    return Status(201, result)


@router.post("/awards/{award_id}/status", response=dict[str, Any])
def award_move(request, award_id: int, data: MoveIn):
    award = services.award_move(actor=request.auth, award_id=award_id, status=data.status, on=data.on,
                                note=data.note, version=data.version)
    return award_payload(award)


# --- the guide fund (引导基金) ------------------------------------------------------------------------
class SubFundIn(Schema):
    program: str
    name: str
    committed_wan: float
    paid_in_wan: float = 0
    manager: str = ""


class InvestmentIn(Schema):
    uscc: str
    amount_wan: float
    on: dt.date
    round: str = ""
    stage: str = ""


def sub_fund_payload(f) -> dict[str, Any]:
    return {"id": f.pk, "program": f.program.code, "name": f.name, "manager": f.manager.name if f.manager else None,
            "committed_wan": yuan_to_wan(f.committed), "paid_in_wan": yuan_to_wan(f.paid_in)}


def investment_payload(i) -> dict[str, Any]:
    return {"id": i.pk, "sub_fund": i.sub_fund_id, "uscc": i.enterprise.uscc, "enterprise": i.enterprise.name,
            "round": i.round or None, "amount_wan": yuan_to_wan(i.amount), "date": i.date, "stage": i.stage or None}


@router.get("/guide/shares", response=dict[str, Any])
def guide_shares(request, program: str = "", early_years: int | None = None, small_employees: int | None = None):
    """投早、投小、投创新: shares of the guide fund's investments by count and amount; district staff (404 otherwise)."""
    return selectors.guide_shares(actor=request.auth, program=program or None, early_years=early_years,
                                  small_employees=small_employees)


@router.get("/guide/sub-funds", response=list[dict[str, Any]])
def sub_fund_list(request):
    return [sub_fund_payload(f) for f in selectors.sub_funds_visible(request.auth)]


@router.post("/guide/sub-funds", response={201: dict[str, Any]})
def sub_fund_create(request, data: SubFundIn):
    fund = services.sub_fund_create(actor=request.auth, program=data.program, name=data.name,
                                    committed=data.committed_wan, paid_in=data.paid_in_wan, manager=data.manager)
    return Status(201, sub_fund_payload(fund))


@router.get("/guide/investments", response=list[dict[str, Any]])
def investment_list(request, sub_fund: int | None = None):
    qs = selectors.investments_visible(request.auth)
    if sub_fund is not None:
        qs = qs.filter(sub_fund_id=sub_fund)
    return [investment_payload(i) for i in qs[:500]]


@router.post("/guide/sub-funds/{sub_fund_id}/investments", response={201: dict[str, Any]})
def investment_create(request, sub_fund_id: int, data: InvestmentIn):
    inv = services.investment_create(actor=request.auth, sub_fund_id=sub_fund_id, uscc=data.uscc,
                                     amount=data.amount_wan, on=data.on, round=data.round, stage=data.stage)
    return Status(201, investment_payload(inv))
