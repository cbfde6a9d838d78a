"""Writes of the resource catalogue (资源目录): add, edit, withdraw or offer again a resource, and cite
one in an appeal's answer. Each checks who may write (``catalogue.can_write_resource``: the alliance
office every unit's, department staff their own organisation's) and runs in one transaction with
audit rows. The search index notices the change by itself (``catalogue.catalogue_key``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.accounts.models import Organization
from liandong.alliance import catalogue
from liandong.alliance.models import Resource, ResourceKind
from liandong.appeals.services import appeal_act
from liandong.chains.models import Chain
from liandong.core.audit import audited
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError

LIMITS = {"title": 200, "summary": 5000, "conditions": 2000, "keywords": 300, "contact": 100, "link": 300}
"""Each text field's longest length; ``title`` is required."""
FIELDS = ("unit", "kind", "title", "summary", "conditions", "keywords", "contact", "link", "chains")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The given fields checked and trimmed; refused naming the field."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in LIMITS:
            text = str(value or "").strip()
            if name == "title" and not text:
                raise ApplicationError(_("This field is required."), {"field": name})
            if len(text) > LIMITS[name]:
                raise ApplicationError(_("Too long: at most %(n)d characters.") % {"n": LIMITS[name]}, {"field": name})
            if name == "link" and text and not text.startswith(("http://", "https://", "/")):
                raise ApplicationError(_("Enter a web address starting with http:// or https://."), {"field": name})
            out[name] = text
        elif name == "kind":
            if value not in ResourceKind.values:
                raise ApplicationError(_("Choose a resource type."), {"field": "kind"})
            out[name] = value
        elif name == "chains":
            out[name] = _chains(value)
        elif name == "unit":
            out[name] = _unit(value)
    return out


def _chains(value: Any) -> list[Chain]:
    """Chains named by code, name or id (a list, or one text separated by 、 , ;)."""
    from liandong.alliance.lookup import split_list

    items = split_list(value) if isinstance(value, str) else [str(v) for v in value or []]
    found = []
    for item in items:
        chain = (Chain.objects.filter(code=item).first() or Chain.objects.filter(name=item).first()
                 or (Chain.objects.filter(pk=int(item)).first() if item.isdigit() else None))
        if chain is None:
            raise ApplicationError(_("Unknown chain: %(chain)s") % {"chain": item}, {"field": "chains"})
        found.append(chain)
    return found


def _unit(value: Any) -> Organization:
    if isinstance(value, Organization):
        return value
    text = str(value or "").strip()
    unit = (Organization.objects.filter(pk=int(text)).first() if text.isdigit() else None) \
        or (Organization.objects.filter(name=text).first() if text else None)
    if unit is None:
        raise ApplicationError(_("Choose the unit offering the resource."), {"field": "unit"})
    return unit


def _check(actor, unit_id: int | None) -> None:
    if not catalogue.can_write_resource(actor, unit_id):
        raise PermissionDeniedError(_("Only the alliance office and the unit's own staff edit its resources."))


def resource_create(*, actor, **values: Any) -> Resource:
    """A new resource of ``unit`` (department staff: their own organisation, the default)."""
    if not catalogue.can_write_catalogue(actor):
        raise PermissionDeniedError(_("Only the alliance office and the unit's own staff edit its resources."))
    values = {k: v for k, v in values.items() if k in FIELDS}
    if not values.get("unit") and getattr(actor, "organization_id", None) and not catalogue.can_write_alliance(actor):
        values["unit"] = actor.organization_id
    values.setdefault("kind", ResourceKind.SERVICE)
    values.setdefault("title", "")
    data = _clean(values)
    if "unit" not in data:
        raise ApplicationError(_("Choose the unit offering the resource."), {"field": "unit"})
    _check(actor, data["unit"].pk)
    chains = data.pop("chains", [])
    with transaction.atomic(), audited(actor):
        resource = Resource.objects.create(**data)
        resource.chains.set(chains)
        _changed()
    return resource


def _changed() -> None:
    """The search index follows: now (this transaction's own reads) and again after commit (every
    process's next search)."""
    catalogue.catalogue_changed()
    transaction.on_commit(catalogue.catalogue_changed)


def _writable(actor, resource_id: int) -> Resource:
    resource = catalogue.resources_visible(actor).filter(pk=resource_id).first()
    if resource is None:
        raise NotFoundError(_("Resource not found."), {"resource": resource_id})
    _check(actor, resource.unit_id)
    return resource


def resource_update(*, actor, resource_id: int, **values: Any) -> Resource:
    """Change the given fields (a department cannot give its resource to another unit)."""
    resource = _writable(actor, resource_id)
    data = _clean({k: v for k, v in values.items() if k in FIELDS or k == "active"})
    if "unit" in data:
        _check(actor, data["unit"].pk)
    chains = data.pop("chains", None)
    if "active" in values:
        data["active"] = bool(values["active"])
    with transaction.atomic(), audited(actor):
        for name, value in data.items():
            setattr(resource, name, value)
        resource.save()  # updated_at moves even when only the chains change: the index notices
        if chains is not None:
            resource.chains.set(chains)
        _changed()
    return resource


def resource_set_active(*, actor, resource_id: int, active: bool) -> Resource:
    """Withdraw a resource from the catalogue (no longer offered), or offer it again."""
    return resource_update(actor=actor, resource_id=resource_id, active=active)


def citation(resource: Resource) -> str:
    """How an answer cites a resource: its name, unit, contact and link."""
    parts = [_("Resource catalogue: %(title)s (%(unit)s)") % {"title": resource.title, "unit": resource.unit.name}]
    if resource.contact:
        parts.append(_("Contact: %(contact)s") % {"contact": resource.contact})
    if resource.link:
        parts.append(_("Link: %(link)s") % {"link": resource.link})
    return "；".join(parts)


def resource_cite(*, actor, resource_id: int, number: str):
    """Cite an active resource in the appeal ``number``'s answer: a reply on its timeline (the appeals
    service checks that the actor may reply to it: the office, the departments handling it)."""
    if scoping.role_of(actor) not in {scoping.ADMIN, scoping.CHAIN_OFFICER, scoping.DEPARTMENT}:
        raise PermissionDeniedError(_("Only the office and the departments handling an appeal cite resources in it."))
    resource = catalogue.resources_visible(actor).filter(pk=resource_id, active=True).select_related("unit").first()
    if resource is None:
        raise NotFoundError(_("Resource not found."), {"resource": resource_id})
    return appeal_act(actor=actor, number=number, action="reply", version=None, message=citation(resource))
