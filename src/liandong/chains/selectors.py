"""Reads of the chains: the node tree with enterprise counts, within the actor's scope."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from liandong.chains.models import Chain, ChainEdge, ChainNode, EnterprisePosition
from liandong.core.errors import NotFoundError
from liandong.enterprises.selectors import enterprises_visible


def chain_list(*, actor) -> list[dict[str, Any]]:
    visible = enterprises_visible(actor).values("id")
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
        visible = enterprises_visible(actor).values("id")
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
                                                   enterprise_id__in=enterprises_visible(actor).values("id"))
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
        chosen = list(enterprises_visible(actor).exclude(pk=enterprise.pk)
                      .filter(positions__node_id__in=reach, positions__valid_to__isnull=True).order_by("-above_scale", "name", "id").distinct()
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


# --- the enterprise user's view (review #13 item 14) ------------------------------------------------
def enterprise_outline(*, actor, code: str) -> dict[str, Any]:
    """One chain as an enterprise user sees it: the public outline (stages, segments, sub-segments and
    the supply edges, names only), the actor's own positions on it and its neighbour nodes — those
    that supply its nodes (``upstream``) and those its nodes supply (``downstream``), across chains.
    No enterprise counts, no statuses: gap analysis is for district staff (``scoping.reads_whole_district``)."""
    tree = chain_tree(actor=actor, code=code, counts=False)
    enterprise = enterprises_visible(actor).first()
    positions = (list(EnterprisePosition.objects.filter(enterprise=enterprise).select_related("node", "chain")
                      .order_by("chain__order", "node__order")) if enterprise else [])
    parent_of, children_of, node = {}, defaultdict(list), {}
    for n in ChainNode.objects.select_related("chain").only("id", "code", "name", "parent_id", "level", "stage",
                                                             "chain__code", "chain__name"):
        node[n.id] = n
        if n.level >= 2:
            parent_of[n.id] = n.parent_id
            children_of[n.parent_id].append(n.id)
    own_ids = {p.node_id for p in positions}
    mine = _family(own_ids, parent_of, children_of) if own_ids else set()
    upstream: dict[int, int] = {}
    downstream: dict[int, int] = {}
    for source, target in ChainEdge.objects.values_list("source_id", "target_id").order_by("id"):
        if target in mine and source not in mine:
            upstream.setdefault(source, target)
        if source in mine and target not in mine:
            downstream.setdefault(target, source)

    def listed(edges: dict[int, int]) -> list[dict[str, Any]]:
        return [{"code": node[far].code, "name": node[far].name, "chain": node[far].chain.name,
                 "chain_code": node[far].chain.code, "via": node[near].name,
                 "other_chain": node[far].chain.code != tree["code"]}
                for far, near in sorted(edges.items(), key=lambda kv: (node[kv[0]].chain.code != tree["code"],
                                                                        node[kv[0]].code))]

    own_here = [p for p in positions if p.chain.code == tree["code"]]
    return {**tree, "enterprise": enterprise,
            "own": [{"code": p.node.code, "name": p.node.name, "path": _path(p.node_id, node),
                     "role": p.get_role_display(), "products": p.products} for p in own_here],
            "own_codes": {node[i].code for i in own_ids}, "family_codes": {node[i].code for i in mine},
            "upstream": listed(upstream), "downstream": listed(downstream),
            "elsewhere": [{"chain": p.chain.name, "chain_code": p.chain.code, "name": p.node.name}
                          for p in positions if p.chain.code != tree["code"]]}


def _path(node_id: int, nodes: dict[int, ChainNode]) -> str:
    """"中游 › 晶圆制造 › 晶圆代工": the node below its stage, for people to read."""
    names = []
    current = nodes.get(node_id)
    while current is not None and current.level >= 1:
        names.append(current.name)
        current = nodes.get(current.parent_id)
    return " › ".join(reversed(names))


def enterprise_chains(*, actor) -> list[dict[str, Any]]:
    """Every chain's public outline for an enterprise user: name, description, node count and the nodes
    the actor's enterprise sits on (no enterprise counts)."""
    enterprise = enterprises_visible(actor).first()
    mine: dict[int, list[str]] = defaultdict(list)
    if enterprise is not None:
        for chain_id, name in (EnterprisePosition.objects.filter(enterprise=enterprise)
                               .order_by("node__order").values_list("chain_id", "node__name")):
            mine[chain_id].append(name)
    node_counts = defaultdict(int)
    for chain_id in ChainNode.objects.filter(level__gte=2).values_list("chain_id", flat=True):
        node_counts[chain_id] += 1
    return [{"code": c.code, "name": c.name, "description": c.description, "nodes": node_counts[c.id],
             "own": mine.get(c.id, [])} for c in Chain.objects.all()]


def node_outline(*, actor, code: str, node_code: str) -> dict[str, Any]:
    """One node of the chain's public outline for an enterprise user: where it sits, what it is made of,
    which nodes supply it and which it supplies, and the actor's own position on it — no enterprises,
    no figures."""
    chain = chain_get(code=code)
    found = ChainNode.objects.filter(chain=chain, code=node_code, level__gte=2).first()
    if found is None:
        raise NotFoundError(_("Chain node not found."), {"node": node_code})
    nodes = {n.id: n for n in ChainNode.objects.filter(chain=chain)}
    enterprise = enterprises_visible(actor).first()
    own = (EnterprisePosition.objects.filter(enterprise=enterprise, node=found).first() if enterprise else None)

    def named(qs, end: str) -> list[str]:
        return [f"{getattr(e, end).chain.name}·{getattr(e, end).name}" if getattr(e, end).chain_id != chain.id
                else getattr(e, end).name for e in qs.select_related(f"{end}__chain").order_by("id")]

    return {"code": found.code, "name": found.name, "path": _path(found.id, nodes),
            "children": [n.name for n in ChainNode.objects.filter(parent=found).order_by("order")],
            "suppliers": named(ChainEdge.objects.filter(target=found), "source"),
            "customers": named(ChainEdge.objects.filter(source=found), "target"),
            "own": {"role": own.get_role_display(), "products": own.products} if own else None}
