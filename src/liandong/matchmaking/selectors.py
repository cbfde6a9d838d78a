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
from liandong.chains.models import EnterprisePosition, SupplyRelation
from liandong.core.db import data_fingerprint
from liandong.core.errors import ApplicationError, NotFoundError
from liandong.core.models import yuan_to_wan
from liandong.engines.matching import Suggestion
from liandong.enterprises.models import Enterprise
from liandong.enterprises.selectors import enterprises_visible, local_only
from liandong.matchmaking.index import matcher, names
from liandong.matchmaking.models import Match, Need


def find_enterprise(actor, query: str) -> Enterprise:
    """An enterprise the actor may see, by USCC, full name (either bracket width) or short name."""
    visible = enterprises_visible(actor)
    index = names(actor)
    found = index.resolve(query or "", limit=2)
    if not found:
        raise ApplicationError(_("No enterprise matches %(q)s.") % {"q": query}, {"field": "enterprise"})
    if len(found) > 1 and index.names[found[0]] != query:
        raise ApplicationError(_("Several enterprises match %(q)s: give more of the name or the USCC.") % {"q": query},
                               {"field": "enterprise", "candidates": found})
    return visible.get(uscc=found[0])


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
    """For a need the suppliers, for an offer the buyers (推荐采购方), best first with reasons (its
    owner and the office see them)."""
    if not can_see_suggestions(actor, need):
        raise NotFoundError(_("Need not found."))
    m = matcher()
    if need.kind == Need.Kind.OFFER:
        return buyers(m, need, top=top)
    key = f"need:{need.pk}"
    m.declined[key] = set(need.matches.filter(declined=True).values_list("supplier_id", flat=True))
    return m.match(need.search_text, buyer=need.enterprise_id, nodes=[need.node.code] if need.node_id else None,
                   top=top, need_key=key)


# How strongly each kind of evidence says "this enterprise would buy what the offer supplies"
BUYER_EVIDENCE = {"need": 0.7, "need_product": 0.15, "need_node": 0.15, "chain": 0.85, "history": 0.55}
LOCALITY = {"park": 1.10, "district": 1.0, "city": 0.92, "outside": 0.82}


def buyers(m, offer: Need, *, top: int = 10) -> list[Suggestion]:
    """The enterprises likely to buy what an offer supplies, best first with reasons: those whose open
    needs ask for it (half the words of one's product named in the other's posting, or a need on the
    offer's node), those on the chain nodes the offer's node supplies (chain edges from it, its
    sub-segments or its segment), and its past customers. Score: the strongest evidence (need
    0.7–1.0, chain 0.85, past purchases 0.55) × locality
    (same park 1.10, district 1.0, Tianjin 0.92, elsewhere 0.82) × 1.08 above designated size × past
    purchases (+0.1 each, up to +0.3). The offering enterprise is never suggested."""
    seller = offer.enterprise
    nodes = [offer.node.code] if offer.node_id else m.suggest_nodes(offer.search_text, 2)
    weights = [1.0 if offer.node_id or i == 0 else 0.7 for i in range(len(nodes))]
    evidence: dict[int, dict[str, Any]] = defaultdict(lambda: {"score": 0.0, "reasons": []})

    def lineage(code: str) -> set[str]:
        """The node, the nodes below it and its segment (edges are drawn at either level)."""
        out, stack = set(), [code]
        while stack:
            c = stack.pop()
            out.add(c)
            stack += m.children.get(c, [])
        parent = m.node.get(code, {}).get("parent")
        while parent and m.node.get(parent, {}).get("level", 0) >= 2:
            out.add(parent)
            parent = m.node[parent].get("parent")
        return out

    def label(code: str) -> str:
        n = m.node.get(code)
        return f"{n['name']}（{n['chain_name']}）" if n else code

    def add(enterprise: int, score: float, reason: str) -> None:
        found = evidence[enterprise]
        found["score"] = max(found["score"], score)
        if reason not in found["reasons"]:
            found["reasons"].append(reason)

    def names_product(product: str, posting: str) -> bool:
        """At least half the words of a product (a posting's title) are in the other posting (a
        shared "智能" alone does not make 智能手机 a 智能计算芯片; descriptions share boilerplate)."""
        words = set(m.analyzer.tokens(product))
        return bool(words) and len(words & set(m.analyzer.tokens(posting))) * 2 >= len(words)

    near = set().union(*(lineage(c) for c in nodes)) if nodes else set()
    for need in (Need.objects.filter(kind=Need.Kind.NEED, status=Need.Status.OPEN).exclude(enterprise=seller)
                 .select_related("node").order_by("-created_at")[:5000]):
        product = names_product(need.title, offer.search_text) or names_product(offer.title, need.search_text)
        same_node = bool(need.node_id and need.node.code in near)
        if product or same_node:
            add(need.enterprise_id, BUYER_EVIDENCE["need"] + BUYER_EVIDENCE["need_product"] * product
                + BUYER_EVIDENCE["need_node"] * same_node, _("Has asked for it: %(title)s") % {"title": need.title})

    targets: dict[str, tuple[str, float]] = {}  # node bought into → (the offer's node it buys from, weight)
    for code, weight in zip(nodes, weights, strict=True):
        mine = lineage(code)
        for target, sources in m.into.items():
            if target not in mine and any(source in mine for source in sources) and weight > targets.get(target, ("", 0))[1]:
                targets[target] = (code, weight)
    below: dict[str, str] = {}  # every node under a target → the target
    for target in targets:
        stack = [target]
        while stack:
            c = stack.pop()
            below.setdefault(c, target)
            stack += m.children.get(c, [])
    for enterprise, code in (EnterprisePosition.objects.filter(node__code__in=below).exclude(enterprise=seller)
                             .values_list("enterprise_id", "node__code")):
        target = below[code]
        source, weight = targets[target]
        add(enterprise, BUYER_EVIDENCE["chain"] * weight,
            _("Supply path: %(source)s → %(target)s") % {"source": label(source), "target": label(target)})

    bought = dict(SupplyRelation.objects.filter(supplier=seller).exclude(customer=seller).order_by()
                  .values("customer_id").annotate(n=Count("id")).values_list("customer_id", "n"))
    for enterprise in bought:
        add(enterprise, BUYER_EVIDENCE["history"], "")

    divisions = set(settings.LIANDONG_DISTRICT_DIVISIONS)
    ranked = []
    for e in Enterprise.objects.filter(pk__in=list(evidence)).only("uscc", "name", "park_id", "above_scale"):
        found = evidence[e.pk]
        if e.park_id and e.park_id == seller.park_id:
            locality, where = LOCALITY["park"], _("Same park")
        elif e.uscc[2:8] in divisions:
            locality, where = LOCALITY["district"], _("Local enterprise")
        elif e.uscc[2:4] == "12":
            locality, where = LOCALITY["city"], _("Enterprise elsewhere in Tianjin")
        else:
            locality, where = LOCALITY["outside"], _("Enterprise outside the district")
        reasons = [r for r in found["reasons"] if r] + [where]
        if e.above_scale:
            reasons.append(_("Above designated size"))
        deals = bought.get(e.pk, 0)
        if deals:
            reasons.append(_("Has bought from you %(n)d times") % {"n": deals})
        score = found["score"] * locality * (1.08 if e.above_scale else 1.0) * (1.0 + min(0.3, 0.1 * deals))
        ranked.append(Suggestion(e.pk, e.uscc, e.name, score, None, reasons))
    ranked.sort(key=lambda s: (-s.score, s.uscc))
    return ranked[:top]


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
