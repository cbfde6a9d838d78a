"""Enterprise registry API: list/filter/detail/create/update, qualifications, imports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from liandong.accounts import scoping
from liandong.accounts.tokens import api_upload_gate
from liandong.core.errors import NotFoundError, PermissionDeniedError
from liandong.core.models import yuan_to_wan
from liandong.core.pagination import KeysFirstPaginator
from liandong.core.responses import xlsx_response
from liandong.enterprises import selectors, services
from liandong.enterprises.imports.columns import KINDS
from liandong.enterprises.imports.services import import_run
from liandong.enterprises.imports.templates import template_xlsx

router = Router(tags=["enterprises"])
imports_router = Router(tags=["imports"])


class PositionOut(Schema):
    chain: str
    chain_name: str
    node: str
    node_name: str
    role: str
    products: str


class EnterpriseItem(Schema):
    uscc: str
    name: str
    park: str | None
    industry_code: str | None
    industry_name: str | None
    above_scale: bool
    employees: int | None
    established: dt.date | None
    registered_capital_wan: float | None
    chains: list[str]


class QualificationOut(Schema):
    type: str
    name: str
    level: str
    granted: dt.date | None
    expires: dt.date | None
    certificate_no: str
    current: bool


class ContactOut(Schema):
    name: str
    title: str
    phone: str
    email: str
    is_primary: bool
    masked: bool


class EnterpriseDetail(EnterpriseItem):
    address: str
    main_products: str
    business_scope: str
    version: int
    qualifications: list[QualificationOut]
    positions: list[PositionOut]
    contacts: list[ContactOut]


class EnterprisePage(Schema):
    items: list[EnterpriseItem]
    count: int
    page: int
    page_size: int


class ListParams(Schema):
    q: str = ""
    products: str = ""
    page: int = 1
    page_size: int = 20
    chain: str = ""
    node: str = ""
    park: int | None = None
    qualification: str = ""
    above_scale: bool | None = None
    local: bool | None = None


class EnterpriseIn(Schema):
    uscc: str
    name: str
    established: dt.date | None = None
    registered_capital_wan: Decimal | None = None
    park: str | None = None
    industry_code: str | None = None
    above_scale: bool = False
    employees: int | None = None
    address: str = ""
    main_products: str = ""
    business_scope: str = ""


class EnterprisePatch(Schema):
    version: int | None = None
    name: str | None = None
    established: dt.date | None = None
    registered_capital_wan: Decimal | None = None
    park: str | None = None
    industry_code: str | None = None
    above_scale: bool | None = None
    employees: int | None = None
    address: str | None = None
    main_products: str | None = None
    business_scope: str | None = None


class QualificationIn(Schema):
    type: str
    level: str = ""
    granted: dt.date | None = None
    expires: dt.date | None = None
    certificate_no: str = ""


def _item(e) -> dict:
    return {
        "uscc": e.uscc, "name": e.name, "park": e.park.name if e.park_id else None,
        "industry_code": e.industry_id, "industry_name": e.industry.name if e.industry_id else None,
        "above_scale": e.above_scale, "employees": e.employees, "established": e.established,
        "registered_capital_wan": yuan_to_wan(e.registered_capital),
        "chains": sorted({p.chain.name for p in e.positions.all()}),
    }


def _detail(request, e) -> dict:
    today = selectors.today()
    return {
        **_item(e), "address": e.address, "main_products": e.main_products, "business_scope": e.business_scope,
        "version": e.version,
        "qualifications": [{"type": q.type.code, "name": q.type.name, "level": q.level, "granted": q.granted,
                            "expires": q.expires, "certificate_no": q.certificate_no, "current": q.is_current(today)}
                           for q in e.qualifications.all()],
        "positions": [{"chain": p.chain.code, "chain_name": p.chain.name, "node": p.node.code,
                       "node_name": p.node.name, "role": p.role, "products": p.products} for p in e.positions.all()],
        "contacts": selectors.contacts_for(actor=request.auth, enterprise=e),
    }


@router.get("", response=EnterprisePage)
def enterprise_list(request, params: Query[ListParams]):
    """Enterprises visible to the caller, searched by name or USCC and filtered."""
    page_size = max(1, min(params.page_size, 100))
    page = max(1, params.page)
    qs = selectors.enterprise_list(actor=request.auth, filters=selectors.EnterpriseFilters(
        q=params.q, products=params.products, chain=params.chain, node=params.node, park=params.park,
        qualification=params.qualification, above_scale=params.above_scale,
        local=params.local))
    paginator = KeysFirstPaginator(qs, page_size, load=selectors.enterprise_rows)
    items = paginator.page(page).object_list if page <= paginator.num_pages else []
    return {"items": [_item(e) for e in items], "count": paginator.count, "page": page, "page_size": page_size}


@router.get("/{uscc}", response=EnterpriseDetail)
def enterprise_detail(request, uscc: str):
    return _detail(request, selectors.enterprise_get(actor=request.auth, uscc=uscc))


@router.post("", response={201: EnterpriseDetail})
def enterprise_create(request, payload: EnterpriseIn):
    data = payload.dict()
    e = services.enterprise_create(actor=request.auth, **data)
    return Status(201, _detail(request, selectors.enterprise_get(actor=request.auth, uscc=e.uscc)))


@router.patch("/{uscc}", response=EnterpriseDetail)
def enterprise_update(request, uscc: str, payload: EnterprisePatch):
    enterprise = selectors.enterprise_get(actor=request.auth, uscc=uscc)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    services.enterprise_update(actor=request.auth, enterprise=enterprise, version=version, **data)
    return _detail(request, selectors.enterprise_get(actor=request.auth, uscc=uscc))


@router.get("/{uscc}/qualifications", response=list[QualificationOut])
def qualification_list(request, uscc: str):
    return _detail(request, selectors.enterprise_get(actor=request.auth, uscc=uscc))["qualifications"]


@router.post("/{uscc}/qualifications", response={201: QualificationOut})
def qualification_set(request, uscc: str, payload: QualificationIn):
    enterprise = selectors.enterprise_get(actor=request.auth, uscc=uscc)
    q = services.qualification_set(actor=request.auth, enterprise=enterprise, type_code=payload.type,
                                   level=payload.level, granted=payload.granted, expires=payload.expires,
                                   certificate_no=payload.certificate_no)
    return Status(201, {"type": q.type.code, "name": q.type.name, "level": q.level, "granted": q.granted,
                        "expires": q.expires, "certificate_no": q.certificate_no,
                        "current": q.is_current(selectors.today())})


class ImportErrorOut(Schema):
    row: int
    column: str
    label: str = ""  # the Chinese header as in the template
    value: str
    message: str


class ImportOut(Schema):
    kind: str
    file: str
    ok: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool
    errors: list[ImportErrorOut]
    notes: dict[str, int]


def _may_import(actor, **_params) -> None:
    """Permission before django-ninja reads the upload (#13 item 9)."""
    if not scoping.can_import(actor):
        raise PermissionDeniedError(_("You may not import data."))


@decorate_view(api_upload_gate(_may_import))
@imports_router.post("/{kind}", response={200: ImportOut, 400: ImportOut})
def import_file(request, kind: str, file: File[UploadedFile], dry_run: Form[bool] = False):
    """Import a .xlsx or .csv file; all-or-nothing. 400 with every row's error when the file is rejected."""
    result = import_run(actor=request.auth, kind=kind, name=file.name or "upload.csv", content=file.read(),
                        dry_run=dry_run)
    return Status(200 if result.ok else 400, result.as_dict())


@imports_router.get("/templates/{kind}", response={200: None})
def import_template(request, kind: str):
    if kind not in KINDS:
        raise NotFoundError("Unknown import kind.", {"kinds": sorted(KINDS)})
    return xlsx_response(template_xlsx(kind), f"liandong-{kind}.xlsx")
