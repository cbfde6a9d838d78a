"""The five default chains (集成电路, 车联网, 汽车及新能源汽车, 高端装备, 生物医药).

Shipped as YAML in ``liandong/data/chains/`` (one file per chain, reviewed from
``shared/data/five-chains-outline.md``) and loaded by a data migration, so every new database has
them. Loaders take model classes so migrations can pass their historical models.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

CHAIN_FILES = ("ic", "iov", "auto", "equip", "bio")
STAGES = {"up": "upstream", "mid": "midstream", "down": "downstream"}


SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML has it: the five files parse in tens of milliseconds, not a second."""


def read_default_chains() -> list[dict[str, Any]]:
    folder = resources.files("liandong.data").joinpath("chains")
    return [yaml.load(folder.joinpath(f"{code}.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506
            for code in CHAIN_FILES]


@cache
def key_chain_codes() -> frozenset[str]:
    """The codes of the five key chains (重点产业链): the default chains shipped with Liandong."""
    return frozenset(chain["code"] for chain in read_default_chains())


def flatten_nodes(chain: dict[str, Any]) -> list[dict[str, Any]]:
    """Depth-first list of the chain's nodes, the chain itself first as the level-0 root."""
    out: list[dict[str, Any]] = [{
        "code": chain["code"], "name": chain["name"], "name_en": chain.get("name_en", ""),
        "parent": None, "level": 0, "stage": "", "keywords": [], "industry_codes": [],
    }]

    def walk(nodes: list[dict[str, Any]], parent: str, level: int, stage: str) -> None:
        for node in nodes:
            node_stage = node.get("stage", stage)
            out.append({
                "code": node["code"], "name": node["name"], "name_en": node.get("name_en", ""),
                "parent": parent, "level": level, "stage": node_stage,
                "keywords": list(node.get("keywords", [])),
                "industry_codes": [str(c) for c in node.get("industry_codes", [])],
            })
            walk(node.get("children", []), node["code"], level + 1, node_stage)

    walk(chain.get("nodes", []), chain["code"], 1, "")
    return out


def load_default_chains(Chain, ChainNode, ChainEdge) -> dict[str, int]:  # noqa: N803 (model classes)
    """Create or update the default chains, their nodes and edges. Idempotent."""
    chains = read_default_chains()
    by_code: dict[str, Any] = {}
    counts = {"chains": 0, "nodes": 0, "edges": 0}
    for spec in chains:
        chain, _ = Chain.objects.update_or_create(code=spec["code"], defaults={
            "name": spec["name"], "name_en": spec.get("name_en", ""),
            "description": spec.get("description", ""), "order": spec.get("order", 0),
        })
        counts["chains"] += 1
        for order, node in enumerate(flatten_nodes(spec)):
            obj, _ = ChainNode.objects.update_or_create(code=node["code"], defaults={
                "chain": chain, "parent": by_code.get(node["parent"]) if node["parent"] else None,
                "name": node["name"], "name_en": node["name_en"], "stage": node["stage"],
                "level": node["level"], "keywords": node["keywords"],
                "industry_codes": node["industry_codes"], "order": order,
            })
            by_code[node["code"]] = obj
            counts["nodes"] += 1
    for spec in chains:
        for edge in spec.get("edges", []):
            ChainEdge.objects.get_or_create(
                source=by_code[edge["from"]], target=by_code[edge["to"]],
                defaults={"note": edge.get("note", "")},
            )
            counts["edges"] += 1
    return counts
