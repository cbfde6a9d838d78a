"""Writes of the policies app: confirming a pack version, officials' simple policies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.core.audit import audited
from liandong.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from liandong.engines.eligibility import FIELDS, PackError, parse_pack
from liandong.policies.models import CustomPolicy, PackConfirmation
from liandong.policies.packs import all_packs

OP_LABELS = ((">=", "不低于"), (">", "高于"), ("<=", "不高于"), ("<", "低于"), ("==", "等于"), ("is", "是（是/否）"))


def can_write(actor) -> bool:
    return scoping.role_of(actor) in {scoping.ADMIN, scoping.CHAIN_OFFICER}


def can_confirm(actor) -> bool:
    return scoping.role_of(actor) == scoping.ADMIN


def confirmations(code: str) -> dict[str, PackConfirmation]:
    return {c.version: c for c in PackConfirmation.objects.filter(pack=code).select_related("confirmed_by")}


def pack_confirm(*, actor, code: str, version: str, note: str = "") -> PackConfirmation:
    """An administrator confirms a version's uncertain figures (and puts a draft revision in force)."""
    if not can_confirm(actor):
        raise PermissionDeniedError(_("Only the district administrator confirms policy figures."))
    pack = all_packs().get(code)
    if pack is None or version not in {v.version for v in pack.versions}:
        raise ApplicationError(_("Unknown policy version."), {"policy": code, "version": version})
    try:
        with transaction.atomic(), audited(actor):
            return PackConfirmation.objects.create(pack=code, version=version, note=note[:300],
                                                   confirmed_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError:
        raise ConflictError(_("This version is already confirmed.")) from None


def _number(value: Any, field: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ApplicationError(_("Enter a number."), {"field": field}) from None


def custom_policy_create(*, actor, code: str, name: str, issuer: str, document: str, url: str = "",
                         effective: str | dt.date, mode: str = "all", conditions: list[dict[str, Any]],
                         benefit_field: str = "", benefit_rate: Any = None, benefit_cap: Any = None) -> CustomPolicy:
    """A simple policy from the form: each condition a fact (Chinese label in the form), an operator and
    a value; ratios are entered in percent."""
    if not can_write(actor):
        raise PermissionDeniedError(_("Only the chain office writes policies."))
    if not (code or "").strip() or not (name or "").strip() or not (document or "").strip():
        raise ApplicationError(_("Code, name and document number are required."), {"field": "code"})
    if code in all_packs():
        raise ConflictError(_("A policy with this code exists."), {"field": "code"})
    try:
        effective_date = effective if isinstance(effective, dt.date) else dt.date.fromisoformat(str(effective))
    except ValueError:
        raise ApplicationError(_("Enter the effective date as YYYY-MM-DD."), {"field": "effective"}) from None
    cleaned = []
    for i, c in enumerate(conditions):
        spec = FIELDS.get(c.get("field"))
        if spec is None:
            raise ApplicationError(_("Unknown fact."), {"row": i + 1})
        if c.get("op") == "is" or spec.kind == "bool":
            cleaned.append({"field": c["field"], "op": "is", "value": str(c.get("value", "是")) not in {"否", "0", "false"}})
            continue
        value = _number(c.get("value"), f"value-{i + 1}")
        if value is None:
            raise ApplicationError(_("Every condition needs a value."), {"row": i + 1})
        cleaned.append({"field": c["field"], "op": c.get("op", ">="),
                        "value": value / 100 if spec.kind == "ratio" else value})
    if not cleaned:
        raise ApplicationError(_("Add at least one condition."), {"field": "conditions"})
    policy = CustomPolicy(code=code.strip(), name=name.strip(), issuer=issuer.strip(), document=document.strip(),
                          url=url.strip(), effective=effective_date, mode=mode if mode in {"all", "any"} else "all",
                          conditions=cleaned, benefit_field=benefit_field if benefit_field in FIELDS else "",
                          benefit_rate=_number(benefit_rate, "benefit_rate"),
                          benefit_cap=_number(benefit_cap, "benefit_cap"), created_by=actor)
    try:
        parse_pack(policy.as_pack_data(), custom=True)
    except PackError as err:
        raise ApplicationError(str(err)) from None
    with transaction.atomic(), audited(actor):
        policy.save()
    return policy
