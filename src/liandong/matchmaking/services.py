"""Writes of matchmaking: needs and offers, introductions and their progress to a deal. Each is one
transaction, checks the actor's scope and leaves audit rows; the parties are told in the app."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import ChainNode
from liandong.core.audit import audited
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.core.models import WAN
from liandong.enterprises.models import Enterprise
from liandong.matchmaking.models import Match, Need
from liandong.matchmaking.selectors import find_enterprise
from liandong.notifications.recipients import enterprise_users
from liandong.notifications.services import notify_users

S = Match.Status
NEXT = {S.SUGGESTED: {S.INTRODUCED, S.CLOSED}, S.INTRODUCED: {S.CONTACTED, S.NEGOTIATING, S.SIGNED, S.CLOSED},
        S.CONTACTED: {S.NEGOTIATING, S.SIGNED, S.CLOSED}, S.NEGOTIATING: {S.SIGNED, S.CLOSED},
        S.SIGNED: set(), S.CLOSED: set()}


def _notify(enterprise_ids: set[int], title: str, body: str, key: str) -> None:
    notify_users(enterprise_users(enterprise_ids), kind="match", title=title, body=body, key=key)


def need_create(*, actor, kind: str, title: str, text: str = "", enterprise: str | None = None,
                node: str | None = None, **extra: Any) -> Need:
    """An enterprise posts its own need or offer; the office may post on an enterprise's behalf."""
    if scoping.role_of(actor) == scoping.ENTERPRISE and actor.enterprise_id:
        owner = Enterprise.objects.get(pk=actor.enterprise_id)
    elif scoping.is_office(actor):
        owner = find_enterprise(actor, enterprise or "")
    else:
        raise PermissionDeniedError(_("Only enterprises and the chain office post needs and offers."))
    if kind not in Need.Kind.values:
        raise ApplicationError(_("Choose need or offer."), {"field": "kind"})
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Say what the product is."), {"field": "title"})
    node_obj = ChainNode.objects.filter(code=node).first() if node else None
    if node and node_obj is None:
        raise ApplicationError(_("Unknown chain node."), {"field": "node"})
    fields = {k: (str(v) or "")[:200] for k, v in extra.items()
              if k in {"spec", "quantity", "timeframe", "budget_band", "certifications"} and v}
    with transaction.atomic(), audited(actor):
        return Need.objects.create(enterprise=owner, kind=kind, title=title[:120], text=(text or "")[:2000],
                                   node=node_obj, created_by=actor if getattr(actor, "pk", None) else None, **fields)


def need_confirm_node(*, actor, need: Need, node: str) -> Need:
    if not (scoping.is_office(actor) or getattr(actor, "enterprise_id", None) == need.enterprise_id):
        raise PermissionDeniedError(_("You may not change this need."))
    node_obj = ChainNode.objects.filter(code=node).first()
    if node_obj is None:
        raise ApplicationError(_("Unknown chain node."), {"field": "node"})
    with transaction.atomic(), audited(actor):
        need.node = node_obj
        need.save(update_fields=["node", "updated_at"])
    return need


def match_introduce(*, actor, need: Need, supplier: str, score: float | None = None,
                    reasons: list[str] | None = None) -> Match:
    """官方撮合: the office introduces a supplier to the buyer of a need."""
    if not scoping.is_office(actor):
        raise PermissionDeniedError(_("Introductions are made by the chain office."))
    if need.kind != Need.Kind.NEED or need.status != Need.Status.OPEN:
        raise ConflictError(_("Only open needs get introductions."))
    company = find_enterprise(actor, supplier)
    if company.pk == need.enterprise_id:
        raise ApplicationError(_("An enterprise is not introduced to itself."), {"field": "supplier"})
    now = timezone.now()
    with transaction.atomic(), audited(actor):
        match, _created = Match.objects.get_or_create(need=need, supplier=company)
        if match.status not in {S.SUGGESTED, S.CLOSED} or match.declined:
            raise ConflictError(_("This pair was already introduced."), {"status": match.status})
        match.status, match.introduced_by, match.introduced_at = S.INTRODUCED, actor, now
        match.score, match.reasons = score, list(reasons or [])[:8]
        match.closed_reason = ""
        match.save()
        _notify({need.enterprise_id, company.pk}, _("Introduction: %(buyer)s × %(supplier)s") % {
            "buyer": need.enterprise.name, "supplier": company.name}, need.title, f"introduce:{match.pk}:{now:%s}")
    return match


def match_advance(*, actor, match: Match, status: str, amount_wan: Any = None, reason: str = "") -> Match:
    """Move a match on (contacted, negotiating, signed with the amount, closed with a reason). The
    parties or the office; a supplier closing it declines, which ranks it down for this need."""
    parties = {match.need.enterprise_id, match.supplier_id}
    if not (scoping.is_office(actor) or getattr(actor, "enterprise_id", None) in parties):
        raise NotFoundError(_("Match not found."))
    match.refresh_from_db()
    if status not in NEXT.get(match.status, set()):
        raise ConflictError(_("A match %(from)s cannot become %(to)s.") % {"from": match.get_status_display(),
                                                                          "to": status}, {"status": match.status})
    amount = None
    if status == S.SIGNED:
        try:
            amount = Decimal(str(amount_wan))
        except (InvalidOperation, TypeError):
            raise ApplicationError(_("Enter the signed amount in 10k yuan."), {"field": "amount"}) from None
        if not amount.is_finite() or amount <= 0:
            raise ApplicationError(_("The amount must be positive."), {"field": "amount"})
    with transaction.atomic(), audited(actor):
        match.status = status
        if amount is not None:
            match.amount, match.signed_at = amount * WAN, timezone.now()
        if status == S.CLOSED:
            match.closed_reason = (reason or "").strip()[:200] or _("closed")
            match.declined = getattr(actor, "enterprise_id", None) == match.supplier_id
        match.save()
        _notify(parties - {getattr(actor, "enterprise_id", None)},
                _("%(need)s: %(status)s") % {"need": match.need.title, "status": match.get_status_display()},
                match.closed_reason, f"match:{match.pk}:{status}")
    return match
