"""``/api/v1/alliance/resources`` (docs/api.md#alliance): the resource catalogue — search with reasons,
one resource, and writes for the alliance office and a unit's own department staff."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema, Status

from liandong.alliance import catalogue, services_catalogue
from liandong.core.errors import NotFoundError

router = Router(tags=["alliance"])


class ResourceIn(Schema):
    unit: str | int | None = None
    kind: str = "service"
    title: str
    summary: str = ""
    conditions: str = ""
    keywords: str = ""
    contact: str = ""
    link: str = ""
    chains: list[str] = []


class ResourcePatch(Schema):
    unit: str | int | None = None
    kind: str | None = None
    title: str | None = None
    summary: str | None = None
    conditions: str | None = None
    keywords: str | None = None
    contact: str | None = None
    link: str | None = None
    chains: list[str] | None = None
    active: bool | None = None


def resource_payload(r, *, score: float | None = None, reason: str = "", words: list[str] | None = None) -> dict[str, Any]:
    out = {"id": r.pk, "unit": {"id": r.unit_id, "name": r.unit.name}, "kind": r.kind, "title": r.title,
           "summary": r.summary, "conditions": r.conditions, "keywords": r.keywords, "contact": r.contact,
           "link": r.link, "chains": [c.code for c in r.chains.all()], "active": r.active}
    if score is not None:
        out.update(score=round(score, 4), reason=reason, matched=words or [])
    return out


@router.get("", response=dict[str, Any])
def resource_search(request, q: str = "", kind: str = "", unit: int | None = None, chain: str = "", top: int = 50):
    """The catalogue: by relevance to ``q`` with the matched words, else in order; ``kind``, ``unit``
    (organisation id), ``chain`` (code or name) filter. Every signed-in role reads it."""
    if not catalogue.can_read_catalogue(request.auth):
        raise NotFoundError("resource")
    results = catalogue.search(actor=request.auth, q=q[:200], kind=kind, unit=unit, chain=chain or None,
                               top=max(1, min(top, 200)))
    return {"count": len(results),
            "items": [resource_payload(r.resource, score=r.score, reason=r.reason, words=r.words)
                      if r.score is not None else resource_payload(r.resource) for r in results]}


@router.get("/{resource_id}", response=dict[str, Any])
def resource_detail(request, resource_id: int):
    return resource_payload(catalogue.resource_get(actor=request.auth, resource_id=resource_id))


@router.post("", response={201: dict[str, Any]})
def resource_create(request, data: ResourceIn):
    """A new resource: the office for any unit, department staff for their own (the default)."""
    values = data.dict()
    if values.get("unit") in (None, ""):
        values.pop("unit")
    created = services_catalogue.resource_create(actor=request.auth, **values)
    return Status(201, resource_payload(catalogue.resource_get(actor=request.auth, resource_id=created.pk)))


@router.patch("/{resource_id}", response=dict[str, Any])
def resource_update(request, resource_id: int, data: ResourcePatch):
    """Change the given fields; ``active: false`` withdraws it from the catalogue."""
    values = {k: v for k, v in data.dict().items() if v is not None}
    services_catalogue.resource_update(actor=request.auth, resource_id=resource_id, **values)
    return resource_payload(catalogue.resource_get(actor=request.auth, resource_id=resource_id))
