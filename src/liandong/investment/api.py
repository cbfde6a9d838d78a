"""``/api/v1/projects`` (docs/api.md#investment-projects): projects, their stages, the summary, the
dashboard, leads and the overdue list. Enterprise users get 404 everywhere; amounts in 万元."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse
from ninja import File, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from liandong.accounts.tokens import api_upload_gate
from liandong.core.errors import NotFoundError
from liandong.core.models import yuan_to_wan
from liandong.investment import selectors, services

router = Router(tags=["investment"])


class ProjectIn(Schema):
    code: str
    name: str
    stage: str = "lead"
    investor: str = ""
    chains: list[str] = []
    node: str = ""
    signed: dt.date | None = None
    registered: dt.date | None = None
    uscc: str = ""
    registered_capital_wan: float | None = None
    planned_investment_wan: float | None = None
    department: str = ""
    park: str = ""
    platform: bool = False


class ProjectPatch(Schema):
    version: int | None = None
    name: str | None = None
    investor: str | None = None
    chains: list[str] | None = None
    node: str | None = None
    signed: dt.date | None = None
    registered: dt.date | None = None
    registered_capital_wan: float | None = None
    planned_investment_wan: float | None = None
    department: str | None = None
    park: str | None = None
    platform: bool | None = None


class StageIn(Schema):
    stage: str
    on: dt.date | None = None
    reason: str = ""
    note: str = ""
    version: int | None = None
    signed: dt.date | None = None
    registered: dt.date | None = None
    uscc: str | None = None
    registered_capital_wan: float | None = None


class LeadIn(Schema):
    name: str
    source: str = ""
    reason: str = ""
    uscc: str = ""
    chain: str = ""
    node: str = ""


class ConvertIn(Schema):
    code: str
    name: str = ""


def _staff(request) -> None:
    if not selectors.can_read_projects(request.auth):
        raise NotFoundError("Not found.")


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if v is not None}
    for key in ("registered_capital", "planned_investment"):
        if f"{key}_wan" in out:
            out[key] = out.pop(f"{key}_wan")
    return out


def project_payload(p) -> dict[str, Any]:
    return {
        "code": p.code, "name": p.name, "investor": p.investor, "stage": p.stage, "stage_since": p.stage_since,
        "chains": [c.code for c in p.chains.all()], "node": p.node.code if p.node_id else None,
        "signed": p.signed, "registered": p.registered, "uscc": p.uscc or None,
        "enterprise": p.enterprise.uscc if p.enterprise_id else None,
        "registered_capital_wan": yuan_to_wan(p.registered_capital),
        "planned_investment_wan": yuan_to_wan(p.planned_investment),
        "department": p.department.name if p.department_id else None, "park": p.park.name if p.park_id else None,
        "platform": p.platform, "termination_reason": p.termination_reason or None, "version": p.version,
    }


@router.get("", response=dict[str, Any])
def project_list(request, stage: str = "", chain: str = "", q: str = "", page: int = 1, page_size: int = 50):
    _staff(request)
    qs = selectors.project_list(actor=request.auth, stage=stage, chain=chain, q=q)
    page_size = max(1, min(page_size, 200))
    start = (max(page, 1) - 1) * page_size
    return {"count": qs.count(), "items": [project_payload(p) for p in qs[start:start + page_size]]}


@router.post("", response={201: dict[str, Any]})
def project_create(request, data: ProjectIn):
    fields = _fields(data.dict())
    project = services.project_create(actor=request.auth, **fields)
    return Status(201, project_payload(project))


@router.get("/summary", response=dict[str, Any])
def summary(request, since: dt.date | None = None, until: dt.date | None = None, park: str = ""):
    """The same JSON as ``liandong projects summary`` (docs/cli.md#projects-summary)."""
    _staff(request)
    return selectors.summary(actor=request.auth, since=since, until=until, park=park)


@router.get("/dashboard", response=dict[str, Any])
def dashboard(request, since: dt.date | None = None, until: dt.date | None = None):
    """What landed (the summary, per month, by chain, department, park) counts in [since, until]."""
    _staff(request)
    return selectors.dashboard(actor=request.auth, since=since, until=until)


@router.get("/leads", response=dict[str, Any])
def leads(request, chain: str, as_of: dt.date | None = None):
    """The same JSON as ``liandong projects leads`` plus the chain masters' and 京津冀 leads."""
    _staff(request)
    return selectors.chain_leads(actor=request.auth, chain=chain, as_of=as_of,
                                 kinds=("chain_gap", "master_supplier", "jingjinji"))


@router.post("/leads", response={201: dict[str, Any]})
def lead_create(request, data: LeadIn):
    lead = services.lead_create(actor=request.auth, **data.dict())
    return Status(201, {"id": lead.pk, "name": lead.name, "status": lead.status})


@router.post("/leads/{lead_id}/convert", response={201: dict[str, Any]})
def lead_convert(request, lead_id: int, data: ConvertIn):
    project = services.lead_convert(actor=request.auth, lead_id=lead_id, code=data.code, name=data.name)
    return Status(201, project_payload(project))


@router.get("/overdue", response=dict[str, Any])
def overdue(request):
    _staff(request)
    return {"items": [{"code": r["project"].code, "name": r["project"].name, "stage": r["project"].stage,
                       "days": r["days"], "limit": r["limit"]} for r in selectors.overdue_projects(actor=request.auth)]}


@router.get("/{code}", response=dict[str, Any])
def project_detail(request, code: str):
    _staff(request)
    project = selectors.project_get(actor=request.auth, code=code)
    return {**project_payload(project), "timeline": [
        {"from": e.from_stage or None, "to": e.to_stage or None, "on": e.on, "by": str(e.actor) if e.actor_id else None,
         "note": e.note} for e in selectors.project_timeline(project)],
            "documents": [{"id": d.pk, "name": d.name, "size": d.size} for d in project.documents.all()]}


def _may_add_documents(actor, code: str) -> None:
    """Checked before the multipart body is read (accounts.tokens.api_upload_gate): 404 outside scope."""
    if not selectors.projects_visible(actor).filter(code=code).exists():
        raise NotFoundError("Project not found.", {"code": code})


@decorate_view(api_upload_gate(_may_add_documents))
@router.post("/{code}/documents", response={201: dict[str, Any]})
def documents_add(request, code: str, files: File[list[UploadedFile]]):
    """Attach documents (multipart ``files``): who may advance the project."""
    saved = services.documents_add(actor=request.auth, code=code, files=files)
    return Status(201, {"documents": [{"id": d.pk, "name": d.name, "size": d.size} for d in saved]})


@router.get("/{code}/documents/{document_id}")
def document(request, code: str, document_id: int):
    _staff(request)
    project = selectors.project_get(actor=request.auth, code=code)
    found = project.documents.filter(pk=document_id).first()
    if found is None:
        raise NotFoundError("Document not found.", {"id": document_id})
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)


@router.patch("/{code}", response=dict[str, Any])
def project_update(request, code: str, data: ProjectPatch):
    _staff(request)
    project = services.project_update(actor=request.auth, code=code, **_fields(data.dict()))
    return project_payload(project)


@router.post("/{code}/stage", response=dict[str, Any])
def project_stage(request, code: str, data: StageIn):
    _staff(request)
    fields = _fields(data.dict())
    project = services.project_advance(actor=request.auth, code=code, **fields)
    return project_payload(project)
