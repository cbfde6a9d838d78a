"""Writes of the policies app: confirming a pack version, officials' simple policies, the facts an
enterprise declares for the packs' ``declared`` conditions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.core.audit import audited
from liandong.core.db import data_changed
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.engines.eligibility import DECLARED, FIELDS, Field, PackError, parse_pack
from liandong.enterprises.models import Enterprise
from liandong.enterprises.selectors import can_edit_enterprise, enterprises_visible
from liandong.policies.models import CustomPolicy, DeclaredFact, PackConfirmation
from liandong.policies.packs import all_packs
from liandong.policies.selectors import current_declarations

OP_LABELS = ((">=", "不低于"), (">", "高于"), ("<=", "不高于"), ("<", "低于"), ("==", "等于"), ("is", "是（是/否）"))


def can_write(actor) -> bool:
    return scoping.role_of(actor) in {scoping.ADMIN, scoping.CHAIN_OFFICER}


def can_confirm(actor) -> bool:
    return scoping.role_of(actor) == scoping.ADMIN


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


# --- declared facts (自报信息) -----------------------------------------------------------------------
OFFICIAL_ONLY = frozenset({"expert_judged", "innovation_score"})
"""Judged by experts (高企 innovation score, 专精特新 expert review), not by the enterprise: only the
chain office records them."""
LIMITS = {"digital_level": (1, 4), "rd_institution_level": (1, 4), "innovation_score": (0, 100)}
"""Allowed ranges: 中小企业数字化水平 has four levels; the R&D body level is coded 1–4 (see its label);
the 高企 innovation score is out of 100 (国科发火〔2016〕195号 工作指引)."""
TRUE_WORDS, FALSE_WORDS = {"是", "1", "true", "True", "yes", "on"}, {"否", "0", "false", "False", "no"}


def declarable_fields(actor, enterprise: Enterprise) -> list[Field]:
    """The facts ``actor`` may declare for ``enterprise`` (none when it may not edit the enterprise)."""
    if not can_edit_enterprise(actor, enterprise):
        return []
    staff = scoping.role_of(actor) in {scoping.ADMIN, scoping.CHAIN_OFFICER}
    return [FIELDS[n] for n in DECLARED if staff or n not in OFFICIAL_ONLY]


def declared_value(spec: Field, raw: Any) -> float | None:
    """A form's entry as the stored value: 是/否 → 1/0; a ratio in percent → a fraction; levels and
    counts whole numbers; empty → None (the fact withdrawn, unknown again)."""
    text = str(raw).strip() if raw is not None else ""
    if text == "":
        return None
    if spec.kind == "bool":
        if text in TRUE_WORDS:
            return 1.0
        if text in FALSE_WORDS:
            return 0.0
        raise ApplicationError(_("Answer yes or no."), {"field": spec.name})
    value = _number(text, spec.name)
    low, high = LIMITS.get(spec.name, (0, 100 if spec.kind == "ratio" else None))
    if value < low or (high is not None and value > high) or (spec.kind == "int" and not value.is_integer()):
        raise ApplicationError(_("%(fact)s: enter a value in the allowed range.") % {"fact": spec.label},
                               {"field": spec.name, "min": low, "max": high})
    return value / 100 if spec.kind == "ratio" else value


def facts_declare(*, actor, enterprise: Enterprise, values: dict[str, Any],
                  evidence: dict[str, str] | None = None) -> list[DeclaredFact]:
    """Record the facts that changed (all or none: one bad entry writes nothing), audited; the
    screening sees them at once."""
    if not enterprises_visible(actor).filter(pk=enterprise.pk).exists():
        raise NotFoundError(_("Enterprise not found."))
    allowed = {f.name: f for f in declarable_fields(actor, enterprise)}
    if not allowed:
        raise PermissionDeniedError(_("You cannot declare facts for this enterprise."))
    evidence = evidence or {}
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise PermissionDeniedError(_("These facts cannot be declared here."), {"fields": unknown})
    parsed = {name: declared_value(allowed[name], raw) for name, raw in values.items()}
    current = current_declarations(enterprise)
    changed = []
    for name, value in parsed.items():
        note = (evidence.get(name) or "").strip()[:200]
        before = current.get(name)
        if ((before.value, before.evidence) if before else (None, "")) != (value, note):
            changed.append(DeclaredFact(enterprise=enterprise, field=name, value=value, evidence=note,
                                        declared_by=actor if getattr(actor, "pk", None) else None))
    if changed:
        with transaction.atomic(), audited(actor):
            for fact in changed:
                fact.save()
        transaction.on_commit(data_changed)
    return changed
