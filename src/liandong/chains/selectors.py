"""Reads of the chains: the node tree with enterprise counts, within the actor's scope."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import Chain, ChainEdge, ChainNode, EnterprisePosition
from liandong.core.errors import NotFoundError


def chain_list(*, actor) -> list[dict[str, Any]]:
    visible = scoping.enterprises_visible(actor).values("id")
    counts: dict[int, set[int]] = defaultdict(set)
    for chain_id, ent_id in (EnterprisePosition.objects.filter(enterprise_id__in=visible)
                             .values_list("chain_id", "enterprise_id")):
        counts[chain_id].add(ent_id)
    node_counts = defaultdict(int)
    for chain_id in ChainNode.objects.filter(level__gte=2).values_list("chain_id", flat=True):
        node_counts[chain_id] += 1
    return [{"code": c.code, "name": c.name, "name_en": c.name_en, "description": c.description,
             "enterprises": len(counts[c.id]), "nodes": node_counts[c.id]} for c in Chain.objects.all()]


def chain_get(*, code: str) -> Chain:
    chain = Chain.objects.filter(code=code).first() or Chain.objects.filter(name=code).first()
    if chain is None:
        raise NotFoundError(_("Chain not found."), {"chain": code})
    return chain


def chain_tree(*, actor, code: str) -> dict[str, Any]:
    """The chain as a nested tree; each node with ``enterprises`` placed on it directly and
    ``enterprises_total`` / ``above_scale_total`` counted once over its whole subtree."""
    chain = chain_get(code=code)
    nodes = list(ChainNode.objects.filter(chain=chain).order_by("order"))
    visible = scoping.enterprises_visible(actor).values("id")
    direct: dict[int, set[int]] = defaultdict(set)
    above: set[int] = set()
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
    edges = [{"source": e.source.code, "target": e.target.code, "note": e.note,
              "cross_chain": e.source.chain_id != e.target.chain_id}
             for e in ChainEdge.objects.filter(source__chain=chain).select_related("source", "target")]
    edges += [{"source": e.source.code, "target": e.target.code, "note": e.note, "cross_chain": True}
              for e in ChainEdge.objects.filter(target__chain=chain).exclude(source__chain=chain)
              .select_related("source", "target")]
    return {"code": chain.code, "name": chain.name, "name_en": chain.name_en, "description": chain.description,
            "enterprises": len(all_ids), "above_scale": len(all_ids & above),
            "tree": by_id[root] if root is not None else None, "edges": edges}
