"""Policy screening API (docs/api.md#policies), one enterprise's policies and its declared
facts, the 免申即享 list, the tier ladder and version comparisons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema

from liandong.enterprises.selectors import enterprise_get
from liandong.policies import selectors, services

router = Router(tags=["policies"])


class ScreenParams(Schema):
    policy: list[str] | None = None
    as_of: dt.date | None = None
    status: list[str] | None = None
    page: int | None = Field(None, ge=1, description="a page of the results (with count); all without it")
    page_size: int = Field(100, ge=1, le=1000)


@router.get("/screen", response=dict[str, Any])
def screen(request, params: Query[ScreenParams]):
    """Counts per policy and every enterprise's status, score and gaps (enterprise users: their own);
    with ``page``, one page of the results and their ``count``."""
    return selectors.screen_payload(actor=request.auth, as_of=params.as_of, codes=params.policy,
                                    statuses=set(params.status) if params.status else None,
                                    page=params.page, page_size=params.page_size)


@router.get("/enterprises/{uscc}", response=list[dict[str, Any]])
def enterprise_policies(request, uscc: str, as_of: dt.date | None = None):
    enterprise = enterprise_get(actor=request.auth, uscc=uscc)
    return selectors.enterprise_policies(actor=request.auth, enterprise=enterprise, as_of=as_of)


class DeclareIn(Schema):
    values: dict[str, str | float | bool | None] = Field(
        ..., description="fact → value as the form takes it: ratios in percent, 是/否 (or true/false), '' withdraws")
    evidence: dict[str, str] = {}


def _declarations(actor, enterprise) -> list[dict[str, Any]]:
    current = selectors.current_declarations(enterprise)
    return [{"field": f.name, "label": f.label, "unit": f.unit, "kind": f.kind,
             "entered": selectors.declared_text(f, current.get(f.name)),
             "value": getattr(current.get(f.name), "value", None),
             "evidence": getattr(current.get(f.name), "evidence", ""),
             "declared_on": getattr(current.get(f.name), "declared_on", None)}
            for f in services.declarable_fields(actor, enterprise)]


@router.get("/enterprises/{uscc}/declared", response=list[dict[str, Any]])
def declared(request, uscc: str):
    """The facts this user may declare for the enterprise (自报信息), with the latest declaration."""
    return _declarations(request.auth, enterprise_get(actor=request.auth, uscc=uscc))


@router.post("/enterprises/{uscc}/declared", response=dict[str, Any])
def declare(request, uscc: str, payload: DeclareIn):
    """Declare facts: all or nothing; ``changed`` lists the facts that got a new declaration."""
    enterprise = enterprise_get(actor=request.auth, uscc=uscc)
    changed = services.facts_declare(actor=request.auth, enterprise=enterprise, values=payload.values,
                                     evidence=payload.evidence)
    return {"changed": [f.field for f in changed], "facts": _declarations(request.auth, enterprise)}


@router.get("/ladder", response=dict[str, Any])
def ladder(request, as_of: dt.date | None = None):
    return selectors.tier_ladder(actor=request.auth, as_of=as_of)


@router.get("/{code}/no-application", response=list[dict[str, Any]])
def no_application(request, code: str, as_of: dt.date | None = None):
    """免申即享: enterprises met from authoritative data, with the benefit and an audit bundle each."""
    return selectors.no_application_list(actor=request.auth, code=code, as_of=as_of)


@router.get("/{code}/diff", response=list[dict[str, Any]])
def diff(request, code: str, old: str, new: str, as_of: dt.date | None = None):
    return selectors.version_diff(actor=request.auth, code=code, old=old, new=new, as_of=as_of)
