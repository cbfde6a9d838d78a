"""Reads of the policies app besides the screening (``policies.screening``): a pack's confirmations and
an enterprise's declared facts as its form shows them. Reads only in selectors (docs/architecture.md#layout)."""

from __future__ import annotations

from liandong.engines.eligibility import Field
from liandong.enterprises.models import Enterprise
from liandong.policies.models import DeclaredFact, PackConfirmation


def confirmations(code: str) -> dict[str, PackConfirmation]:
    return {c.version: c for c in PackConfirmation.objects.filter(pack=code).select_related("confirmed_by")}


def current_declarations(enterprise: Enterprise) -> dict[str, DeclaredFact]:
    """The latest declaration of each fact (a withdrawn fact has a null value)."""
    latest: dict[str, DeclaredFact] = {}
    for fact in (DeclaredFact.objects.filter(enterprise=enterprise).select_related("declared_by")
                 .order_by("declared_on", "id")):
        latest[fact.field] = fact
    return latest


def declared_text(spec: Field, fact: DeclaredFact | None) -> str:
    """A stored declaration as the form takes it (the inverse of ``services.declared_value``): 是/否, a ratio
    in percent, a number; "" when not declared or withdrawn."""
    if fact is None or fact.value is None:
        return ""
    if spec.kind == "bool":
        return "是" if fact.value else "否"
    value = fact.value * 100 if spec.kind == "ratio" else fact.value
    return f"{value:.4f}".rstrip("0").rstrip(".")
