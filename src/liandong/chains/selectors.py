"""Reads of the chains: the node tree with enterprise counts, within the actor's scope."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import Chain, ChainEdge, ChainNode, EnterprisePosition
from liandong.core.errors import NotFoundError


def chain_list(*, actor) -> list[dict[str, Any]]:
    visible = scoping.enterprises_visible(actor).values("id")
    counts = dict(EnterprisePosition.objects.filter(enterprise_id__in=visible).values("chain_id")
                  .annotate(n=Count("enterprise_id", distinct=True)).values_list("chain_id", "n"))
    node_counts = defaultdict(int)
    for chain_id in ChainNode.objects.filter(level__gte=2).values_list("chain_id", flat=True):
        node_counts[chain_id] += 1
    return [{"code": c.code, "name": c.name, "name_en": c.name_en, "description": c.description,
             "enterprises": counts.get(c.id, 0), "nodes": node_counts[c.id]} for c in Chain.objects.all()]


def chain_get(*, code: str) -> Chain:
    chain = Chain.objects.filter(code=code).first() or Chain.objects.filter(name=code).first()
    if chain is None:
        raise NotFoundError(_("Chain not found."), {"chain": code})
    return chain


def chain_tree(*, actor, code: str, counts: bool = True) -> dict[str, Any]:
    """The chain as a nested tree; each node with ``enterprises`` placed on it directly and
    ``enterprises_total`` / ``above_scale_total`` counted once over its whole subtree (all zero
    with ``counts=False``, for pages that take the figures from the gap analysis)."""
    chain = chain_get(code=code)
    nodes = list(ChainNode.objects.filter(chain=chain).order_by("order"))
    direct: dict[int, set[int]] = defaultdict(set)
    above: set[int] = set()
    if counts:
        visible = scoping.enterprises_visible(actor).values("id")
        for node_id, ent_id, is_above in (EnterprisePosition.objects.filter(chain=chain, enterprise_id__in=visible)
                                          .values_list("node_id", "enterprise_id", "enterprise__above_scale")):
            direct[node_id].add(ent_id)
            if is_above:
                above.add(ent_id)
    by_id = {n.id: {"code": n.code, "name": n.name, "name_en": n.name_en, "stage": n.stage, "level": n.level,
                    "keywords": n.keywords, "industry_codes": n.industry_codes, "enterprises": len(direct[n.id]),
                    "children": []} for n in nodes}
    root = None
    children: dict[int, list[int]] = defaultdict(list)
    for n in nodes:
        if n.parent_id and n.parent_id in by_id:
            by_id[n.parent_id]["children"].append(by_id[n.id])
            children[n.parent_id].append(n.id)
        elif n.level == 0:
            root = n.id

    def total(node_id: int) -> set[int]:
        """Enterprises in the subtree, each once; the node's entry gets the totals."""
        ids = set(direct[node_id])
        for child in children[node_id]:
            ids |= total(child)
        by_id[node_id]["enterprises_total"] = len(ids)
        by_id[node_id]["above_scale_total"] = len(ids & above)
        return ids

    all_ids = total(root) if root is not None else set()
    touching = (ChainEdge.objects.filter(Q(source__chain=chain) | Q(target__chain=chain))
                .select_related("source__chain", "target__chain").order_by("id"))
    edges = [{"source": e.source.code, "target": e.target.code, "note": e.note,
              "source_name": f"{e.source.chain.name}·{e.source.name}", "target_name": f"{e.target.chain.name}·{e.target.name}",
              "cross_chain": e.source.chain_id != e.target.chain_id} for e in touching]
    return {"code": chain.code, "name": chain.name, "name_en": chain.name_en, "description": chain.description,
            "enterprises": len(all_ids), "above_scale": len(all_ids & above),
            "tree": by_id[root] if root is not None else None, "edges": edges}


def node_enterprises(*, actor, node_code: str, limit: int = 100) -> list[dict[str, Any]]:
    """The visible enterprises on a node or below it, largest output first, with current qualifications."""
    from liandong.chains.frames import enterprise_output
    from liandong.enterprises.models import Qualification
    from liandong.enterprises.selectors import node_subtree_ids, today

    node_ids = node_subtree_ids(node_code)
    positions = (EnterprisePosition.objects.filter(node_id__in=node_ids,
                                                   enterprise_id__in=scoping.enterprises_visible(actor).values("id"))
                 .select_related("enterprise", "node"))
    by_enterprise: dict[int, dict[str, Any]] = {}
    for p in positions:
        entry = by_enterprise.setdefault(p.enterprise_id, {"enterprise": p.enterprise, "roles": set(), "nodes": []})
        entry["roles"].add(p.role)
        entry["nodes"].append(p.node.name)
    if not by_enterprise:
        return []
    output = dict(enterprise_output(list(by_enterprise)).iter_rows())
    ranked = sorted(by_enterprise.values(), key=lambda x: (-(output.get(x["enterprise"].id) or 0), x["enterprise"].name))
    on = today()
    shown = ranked[:limit]
    grants: dict[int, list[str]] = defaultdict(list)
    for enterprise_id, name in (Qualification.objects.filter(enterprise_id__in=[x["enterprise"].id for x in shown])
                                .current(on).order_by("type__order").values_list("enterprise_id", "type__name")):
        grants[enterprise_id].append(name)
    return [{"uscc": x["enterprise"].uscc, "name": x["enterprise"].name, "above_scale": x["enterprise"].above_scale,
             "output_wan": (output.get(x["enterprise"].id) or 0) / 10000, "master": "master" in x["roles"],
             "nodes": sorted(set(x["nodes"])), "qualifications": grants.get(x["enterprise"].id, [])}
            for x in shown]


def _family(node_ids: set[int], parent_of: dict[int, int | None], children_of: dict[int, list[int]]) -> set[int]:
    """The nodes, their ancestors below the stage level and all their descendants."""
    out = set(node_ids)
    for node_id in node_ids:
        parent = parent_of.get(node_id)
        while parent is not None and parent in parent_of:
            out.add(parent)
            parent = parent_of.get(parent)
    stack = list(node_ids)
    while stack:
        for child in children_of.get(stack.pop(), []):
            if child not in out:
                out.add(child)
                stack.append(child)
    return out


def enterprise_neighbours(*, actor, enterprise, limit: int = 10) -> dict[str, list[dict[str, Any]]]:
    """Visible enterprises on the nodes that supply this enterprise's nodes (``suppliers``: who could
    supply it) and on the nodes its nodes supply (``customers``: whom it could supply), across chains."""
    own = set(enterprise.positions.values_list("node_id", flat=True))
    if not own:
        return {"suppliers": [], "customers": []}
    parent_of, children_of, name_of = {}, defaultdict(list), {}
    for node_id, parent_id, level, name in ChainNode.objects.values_list("id", "parent_id", "level", "name"):
        if level >= 2:
            parent_of[node_id] = parent_id
            children_of[parent_id].append(node_id)
            name_of[node_id] = name
    mine = _family(own, parent_of, children_of)
    upstream, downstream = {}, {}
    for source, target in ChainEdge.objects.values_list("source_id", "target_id"):
        if target in mine and source not in mine:
            upstream[source] = target
        if source in mine and target not in mine:
            downstream[target] = source

    def around(edges: dict[int, int], supplier_side: bool) -> list[dict[str, Any]]:
        reach: dict[int, tuple[int, int]] = {}
        for far, near in edges.items():
            for node_id in _family({far}, parent_of, children_of) - mine:
                reach.setdefault(node_id, (far, near))
        # the first ``limit`` enterprises in the database's order, then one fitting position of each
        chosen = list(scoping.enterprises_visible(actor).exclude(pk=enterprise.pk)
                      .filter(positions__node_id__in=reach).order_by("-above_scale", "name", "id").distinct()
                      .values_list("id", "uscc", "name", "above_scale")[:limit])
        node_of: dict[int, int] = {}
        for e_id, node_id in (EnterprisePosition.objects.filter(enterprise_id__in=[c[0] for c in chosen],
                                                                node_id__in=reach)
                              .order_by("id").values_list("enterprise_id", "node_id")):
            node_of.setdefault(e_id, node_id)
        found = []
        for e_id, uscc, name, above_scale in chosen:
            node_id = node_of[e_id]
            far, near = reach[node_id]
            path = f"{name_of[far]} → {name_of[near]}" if supplier_side else f"{name_of[near]} → {name_of[far]}"
            found.append({"uscc": uscc, "name": name, "above_scale": above_scale, "node": name_of[node_id],
                          "path": path})
        return found

    return {"suppliers": around(upstream, True), "customers": around(downstream, False)}
