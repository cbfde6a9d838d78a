"""Reads of matchmaking: needs and offers (open ones are the district's market, visible to everyone
signed in), suggestions for a need, an enterprise's possible suppliers and customers, the funnel."""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import SupplyRelation
from liandong.core.db import data_fingerprint
from liandong.core.errors import NotFoundError
from liandong.core.models import yuan_to_wan
from liandong.engines.matching import Suggestion
from liandong.enterprises.models import Enterprise
from liandong.enterprises.selectors import local_only
from liandong.matchmaking.index import matcher
from liandong.matchmaking.models import Match, Need


def needs_visible(actor) -> QuerySet[Need]:
    """Open needs and offers are the market (everyone signed in); closed ones only to their owner and
    the office."""
    qs = Need.objects.select_related("enterprise", "node__chain")
    if scoping.role_of(actor) is None:
        return qs.none()
    if scoping.reads_whole_district(actor):
        return qs
    return qs.filter(Q(status=Need.Status.OPEN) | Q(enterprise_id=getattr(actor, "enterprise_id", None)))


def need_get(*, actor, need_id: int) -> Need:
    need = needs_visible(actor).filter(pk=need_id).first()
    if need is None:
        raise NotFoundError(_("Need not found."), {"id": need_id})
    return need


def matches_visible(actor) -> QuerySet[Match]:
    qs = Match.objects.select_related("need__enterprise", "supplier")
    if scoping.reads_whole_district(actor):
        return qs
    e = getattr(actor, "enterprise_id", None)
    return qs.filter(Q(need__enterprise_id=e) | Q(supplier_id=e)) if e else qs.none()


def can_see_suggestions(actor, need: Need) -> bool:
    return scoping.is_office(actor) or getattr(actor, "enterprise_id", None) == need.enterprise_id


def suggestions(*, actor, need: Need, top: int = 10) -> list[Suggestion]:
    """Suppliers for a need, best first with reasons (its owner and the office see them)."""
    if not can_see_suggestions(actor, need):
        raise NotFoundError(_("Need not found."))
    m = matcher()
    key = f"need:{need.pk}"
    m.declined[key] = set(need.matches.filter(declined=True).values_list("supplier_id", flat=True))
    return m.match(need.search_text, buyer=need.enterprise_id, nodes=[need.node.code] if need.node_id else None,
                   top=top, need_key=key)


def suggest_nodes(text: str) -> list[dict[str, str]]:
    m = matcher()
    return [{"code": c, "name": m.node[c]["name"], "chain": m.node[c]["chain_name"]} for c in m.suggest_nodes(text, 3)]


def enterprise_market(*, actor, enterprise, top: int = 10) -> dict[str, Any]:
    """Who could supply it (for its open needs, or its chain position), whom it could supply (open
    needs of others where it ranks in the top ten)."""
    m = matcher()
    own_needs = list(Need.objects.filter(enterprise=enterprise, kind=Need.Kind.NEED, status=Need.Status.OPEN))
    suppliers = []
    for need in own_needs[:5]:
        suppliers += [(need, s) for s in m.match(need.search_text, buyer=enterprise.pk, top=5)]
    customers = []
    for need, ranked in open_need_rankings(m, top):
        if need.enterprise_id == enterprise.pk:
            continue
        for rank, s in enumerate(ranked, start=1):
            if s.enterprise == enterprise.pk:
                customers.append((need, rank, s))
    return {"suppliers": suppliers, "customers": customers[:top]}


_rankings: dict = {"matcher": None, "key": None, "ranked": []}
_rankings_lock = threading.Lock()


def open_need_rankings(m, top: int) -> list[tuple[Need, list[Suggestion]]]:
    """Every open need with its ``top`` suggested suppliers (one batch), kept by this process while the
    matcher, its new offers and the open needs stay as they are — so each enterprise's "whom could we
    supply" reads them instead of matching every need again."""
    needs = list(Need.objects.filter(kind=Need.Kind.NEED, status=Need.Status.OPEN))
    key = (len(m.delta), top, tuple((n.pk, n.updated_at) for n in needs))
    with _rankings_lock:
        held = _rankings["matcher"]
        if held is None or held() is not m or _rankings["key"] != key:  # a weak reference: a replaced
            found = m.batch([(str(n.pk), n.search_text, n.enterprise_id) for n in needs], top=top)  # matcher is freed
            _rankings.update(matcher=weakref.ref(m), key=key, ranked=[(n, found[str(n.pk)]) for n in needs])
        return _rankings["ranked"]


def local_supply() -> tuple[float, float]:
    """(what the district's enterprises buy, of which from district suppliers) in yuan, from the supply
    relations; cached per state of the registry (two sums over every relation)."""
    key = "local-supply:v2:" + data_fingerprint((SupplyRelation, Enterprise),
                                                sorted(settings.LIANDONG_DISTRICT_DIVISIONS))
    cached = cache.get(key)
    if cached is None:
        local = local_only(Enterprise.objects.all()).values("id")
        bought = SupplyRelation.objects.filter(customer__in=local)
        cached = (float(bought.aggregate(s=Sum("amount"))["s"] or 0),
                  float(bought.filter(supplier__in=local).aggregate(s=Sum("amount"))["s"] or 0))
        cache.set(key, cached, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
    return cached


def funnel(*, actor) -> dict[str, Any]:
    """Introductions by stage, signed amounts per chain and month, and the local supply rate before
    and after the signed deals (本地配套率: the share of local customers' purchases from local suppliers)."""
    matches = matches_visible(actor)
    per_status = dict(matches.order_by().values_list("status").annotate(n=Count("id")))
    stages = {s: per_status.get(s, 0) for s in (Match.Status.INTRODUCED, Match.Status.CONTACTED,
                                                Match.Status.NEGOTIATING, Match.Status.SIGNED, Match.Status.CLOSED)}
    reached = {"introduced": sum(n for s, n in per_status.items() if s != Match.Status.SUGGESTED)}
    signed = matches.filter(status=Match.Status.SIGNED).select_related("need__node__chain", "need__enterprise",
                                                                       "supplier")
    by_chain: dict[str, float] = defaultdict(float)
    by_month: dict[str, float] = defaultdict(float)
    for m in signed:
        chain = m.need.node.chain.name if m.need.node_id else _("Not on a chain")
        by_chain[chain] += yuan_to_wan(m.amount) or 0.0
        by_month[f"{timezone.localtime(m.signed_at or m.updated_at):%Y-%m}"] += yuan_to_wan(m.amount) or 0.0
    divisions = tuple(settings.LIANDONG_DISTRICT_DIVISIONS)
    total, local = local_supply()
    deals = float(sum(m.amount or 0 for m in signed if m.supplier.uscc[2:8] in divisions and
                      m.need.enterprise.uscc[2:8] in divisions))
    before = local / total * 100 if total else None
    after = (local + deals) / (total + deals) * 100 if total + deals else None
    return {"stages": stages, "reached": reached, "signed_wan": sum(by_chain.values()),
            "by_chain": dict(by_chain), "by_month": dict(sorted(by_month.items())),
            "local_rate_before": before, "local_rate_after": after}
