"""What several demo steps share: the chains as loaded before planning, number helpers, the
reference ``bulk_log`` needs."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from liandong.core.demo import DemoContext
from liandong.demo.plan import NodeSpec

NULL_SHARE = 0.05


@dataclass(frozen=True)
class Chains:
    """The chains as they are in the database (loaded once, before planning)."""

    nodes: list[NodeSpec]
    node_ids: dict[str, int]
    chain_ids: dict[str, int]
    edges: list[tuple[str, str]]  # (source code, target code)

    @cached_property
    def by_code(self) -> dict[str, NodeSpec]:
        return {n.code: n for n in self.nodes}


def load_chains() -> Chains:
    """NodeSpecs in chain and node order, node ids, chain ids and edges (codes), from the database."""
    from liandong.chains.models import Chain, ChainEdge, ChainNode

    specs, node_ids = [], {}
    rows = ChainNode.objects.order_by("chain__order", "chain__code", "order", "code").values_list(
        "id", "code", "chain__code", "name", "level", "parent__code", "stage", "keywords", "industry_codes")
    for pk, code, chain, name, level, parent, stage, keywords, codes in rows:
        specs.append(NodeSpec(code, chain, name, level, parent, stage or "", tuple(keywords or ()),
                              tuple(str(c) for c in (codes or ()))))
        node_ids[code] = pk
    chain_ids = dict(Chain.objects.values_list("code", "id"))
    edges = list(ChainEdge.objects.order_by("id").values_list("source__code", "target__code"))
    return Chains(specs, node_ids, chain_ids, edges)


def chains(ctx: DemoContext) -> Chains:
    return ctx.shared["chains"]


def money(x: float) -> Decimal:
    """Yuan to a Decimal with two places (the database stores yuan)."""
    return Decimal(round(x * 100)).scaleb(-2)


def clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def maybe(rng: random.Random, value: Any, share: float = NULL_SHARE) -> Any:
    return None if rng.random() < share else value


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method (means here are small)."""
    limit, k, p = math.exp(-min(mean, 30.0)), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class Ref:
    """What ``bulk_log`` needs of an enterprise: its pk and its name."""

    __slots__ = ("pk", "name")

    def __init__(self, pk: int, name: str):
        self.pk, self.name = pk, name

    def __str__(self) -> str:
        return self.name
