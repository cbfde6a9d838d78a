"""Matchmaking API: needs and offers, suggestions, introductions and their progress, the funnel,
Chinese name resolution, and one-off matching (the CLI's ``match``)."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema, Status

from liandong.accounts import scoping
from liandong.core.errors import NotFoundError
from liandong.core.models import yuan_to_wan
from liandong.enterprises.selectors import enterprises_visible
from liandong.matchmaking import selectors, services
from liandong.matchmaking.index import matcher, names

router = Router(tags=["matchmaking"])


class NeedIn(Schema):
    kind: str = "need"
    title: str
    text: str = ""
    spec: str = ""
    quantity: str = ""
    timeframe: str = ""
    budget_band: str = ""
    certifications: str = ""
    node: str | None = None
    enterprise: str | None = None


class IntroduceIn(Schema):
    supplier: str


class AdvanceIn(Schema):
    status: str
    amount_wan: float | None = None
    reason: str = ""


def _need(n) -> dict[str, Any]:
    return {"id": n.pk, "kind": n.kind, "status": n.status, "title": n.title, "text": n.text, "spec": n.spec,
            "quantity": n.quantity, "timeframe": n.timeframe, "budget_band": n.budget_band,
            "enterprise": {"uscc": n.enterprise.uscc, "name": n.enterprise.name},
            "node": n.node.code if n.node_id else None, "created_at": n.created_at}


def _match(m) -> dict[str, Any]:
    return {"id": m.pk, "need": m.need_id, "supplier": {"uscc": m.supplier.uscc, "name": m.supplier.name},
            "status": m.status, "amount_wan": yuan_to_wan(m.amount) if m.amount else None, "reasons": m.reasons,
            "closed_reason": m.closed_reason}


@router.get("/match", response=dict[str, Any])
def match(request, need: str, buyer: str | None = None, top: int = 10):
    """Suppliers for a need text (docs/cli.md#match); district staff only."""
    if not scoping.reads_whole_district(request.auth):
        raise NotFoundError("Not found.")
    buyer_id = enterprises_visible(request.auth).filter(uscc=buyer).values_list("id", flat=True).first() \
        if buyer else None
    return {"results": [r.as_dict() for r in matcher().match(need, buyer=buyer_id, top=max(1, min(top, 50)))]}


@router.get("/resolve", response=list[dict[str, str]])
def resolve_name(request, q: str):
    index = names(request.auth)
    return [{"uscc": u, "name": index.names[u]} for u in index.resolve(q)]


@router.get("/needs", response=list[dict[str, Any]])
def need_list(request, kind: str | None = None):
    qs = selectors.needs_visible(request.auth).filter(status="open")
    if kind:
        qs = qs.filter(kind=kind)
    return [_need(n) for n in qs[:200]]


@router.post("/needs", response={201: dict[str, Any]})
def need_create(request, payload: NeedIn):
    need = services.need_create(actor=request.auth, **payload.dict())
    return Status(201, {**_need(need), "suggested_nodes": selectors.suggest_nodes(need.search_text)})


@router.get("/needs/{need_id}/suggestions", response=list[dict[str, Any]])
def need_suggestions(request, need_id: int, top: int = 10):
    need = selectors.need_get(actor=request.auth, need_id=need_id)
    return [s.as_dict() for s in selectors.suggestions(actor=request.auth, need=need, top=max(1, min(top, 50)))]


@router.post("/needs/{need_id}/introduce", response={201: dict[str, Any]})
def introduce(request, need_id: int, payload: IntroduceIn):
    need = selectors.need_get(actor=request.auth, need_id=need_id)
    return Status(201, _match(services.match_introduce(actor=request.auth, need=need, supplier=payload.supplier)))


@router.post("/matches/{match_id}/advance", response=dict[str, Any])
def advance(request, match_id: int, payload: AdvanceIn):
    m = selectors.matches_visible(request.auth).filter(pk=match_id).first()
    if m is None:
        raise NotFoundError("Match not found.", {"id": match_id})
    return _match(services.match_advance(actor=request.auth, match=m, status=payload.status,
                                         amount_wan=payload.amount_wan, reason=payload.reason))


@router.get("/funnel", response=dict[str, Any])
def funnel(request):
    return selectors.funnel(actor=request.auth)
