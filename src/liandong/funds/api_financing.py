"""``/api/v1/financing`` (docs/api.md#financing): financing needs, products, suggestions both ways,
introductions and their progress to a signed deal. Amounts in 万元. An enterprise user sees its own
needs and matches only (404 otherwise) and the open products."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema, Status

from liandong.core.models import yuan_to_wan
from liandong.funds import selectors, services

router = Router(tags=["financing"])


class NeedIn(Schema):
    amount_wan: float
    purpose: str
    kind: str = "debt"
    stage: str = ""
    collateral: bool = False
    enterprise: str | None = None


class ProductIn(Schema):
    institution: str
    name: str
    kind: str = "debt"
    min_wan: float | None = None
    max_wan: float | None = None
    stages: list[str] = []
    chains: list[str] = []
    collateral_required: bool = False


class IntroduceIn(Schema):
    product: int


class AdvanceIn(Schema):
    status: str
    amount_wan: float | None = None
    reason: str = ""


def need_payload(n) -> dict[str, Any]:
    return {"id": n.pk, "enterprise": {"uscc": n.enterprise.uscc, "name": n.enterprise.name},
            "amount_wan": yuan_to_wan(n.amount), "purpose": n.purpose, "kind": n.kind, "stage": n.stage or None,
            "collateral": n.collateral, "status": n.status, "created_at": n.created_at}


def product_payload(p) -> dict[str, Any]:
    return {"id": p.pk, "institution": p.institution.name, "name": p.name, "kind": p.kind,
            "min_wan": yuan_to_wan(p.min_amount), "max_wan": yuan_to_wan(p.max_amount), "stages": p.stages,
            "chains": [c.code for c in p.chains.all()], "collateral_required": p.collateral_required,
            "status": p.status}


def match_payload(m) -> dict[str, Any]:
    return {"id": m.pk, "need": m.need_id, "product": m.product_id, "status": m.status, "score": m.score,
            "reasons": m.reasons, "amount_wan": yuan_to_wan(m.amount), "closed_reason": m.closed_reason or None,
            "signed_at": m.signed_at}


@router.get("/needs", response=list[dict[str, Any]])
def need_list(request, status: str = "open"):
    qs = selectors.financing_needs_visible(request.auth)
    if status:
        qs = qs.filter(status=status)
    return [need_payload(n) for n in qs[:200]]


@router.post("/needs", response={201: dict[str, Any]})
def need_create(request, data: NeedIn):
    need = services.financing_need_create(actor=request.auth, amount=data.amount_wan, purpose=data.purpose,
                                          kind=data.kind, stage=data.stage, collateral=data.collateral,
                                          enterprise=data.enterprise)
    return Status(201, need_payload(need))


@router.post("/needs/{need_id}/close", response=dict[str, Any])
def need_close(request, need_id: int):
    need = selectors.financing_need_get(actor=request.auth, need_id=need_id)
    return need_payload(services.financing_need_close(actor=request.auth, need=need))


@router.get("/needs/{need_id}/suggestions", response=list[dict[str, Any]])
def need_suggestions(request, need_id: int, top: int = 10):
    need = selectors.financing_need_get(actor=request.auth, need_id=need_id)
    return [r.as_dict() for r in selectors.financing_products_for(actor=request.auth, need=need,
                                                                  top=max(1, min(top, 50)))]


@router.post("/needs/{need_id}/introduce", response={201: dict[str, Any]})
def introduce(request, need_id: int, data: IntroduceIn):
    need = selectors.financing_need_get(actor=request.auth, need_id=need_id)
    product = selectors.financing_product_get(actor=request.auth, product_id=data.product)
    return Status(201, match_payload(services.financing_introduce(actor=request.auth, need=need, product=product)))


@router.get("/products", response=list[dict[str, Any]])
def product_list(request, status: str = "open"):
    qs = selectors.financing_products_visible(request.auth)
    if status:
        qs = qs.filter(status=status)
    return [product_payload(p) for p in qs[:200]]


@router.post("/products", response={201: dict[str, Any]})
def product_create(request, data: ProductIn):
    product = services.financing_product_create(
        actor=request.auth, institution=data.institution, name=data.name, kind=data.kind, min_amount=data.min_wan,
        max_amount=data.max_wan, stages=data.stages, chains=data.chains, collateral_required=data.collateral_required)
    return Status(201, product_payload(product))


@router.get("/products/{product_id}/suggestions", response=list[dict[str, Any]])
def product_suggestions(request, product_id: int, top: int = 10):
    product = selectors.financing_product_get(actor=request.auth, product_id=product_id)
    return [r.as_dict() for r in selectors.financing_needs_for(actor=request.auth, product=product,
                                                               top=max(1, min(top, 50)))]


@router.get("/matches", response=list[dict[str, Any]])
def match_list(request, status: str = ""):
    qs = selectors.financing_matches_visible(request.auth)
    if status:
        qs = qs.filter(status=status)
    return [match_payload(m) for m in qs[:200]]


@router.post("/matches/{match_id}/advance", response=dict[str, Any])
def advance(request, match_id: int, data: AdvanceIn):
    match = selectors.financing_match_get(actor=request.auth, match_id=match_id)
    return match_payload(services.financing_advance(actor=request.auth, match=match, status=data.status,
                                                    amount_wan=data.amount_wan, reason=data.reason))


@router.get("/funnel", response=dict[str, Any])
def funnel(request):
    return selectors.financing_funnel(actor=request.auth)
