"""Tiny builders of ``ChainFrames`` for hand-made chains (no database).

A node is named by its dotted code: ``t`` is chain t's root (level 0), ``t.up`` a stage (level 1),
``t.up.mat`` a segment (2), ``t.up.mat.wafer`` a sub-segment (3); parent, level, chain and stage
follow from the code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from liandong.engines.graph import ChainFrames

STAGES = {"up": "upstream", "mid": "midstream", "down": "downstream"}


def node(code: str, name: str | None = None, keywords: Sequence[str] = ()) -> dict:
    parts = code.split(".")
    return {
        "code": code, "chain": parts[0], "parent": ".".join(parts[:-1]) or None, "level": len(parts) - 1,
        "stage": STAGES.get(parts[1], "") if len(parts) > 1 else "", "name": name or code,
        "keywords": list(keywords), "industry_codes": [],
    }


def frames(nodes: Iterable[dict], edges: Iterable[tuple[str, str]] = (),
           positions: Iterable[tuple[int, str, str]] = (),
           enterprises: Iterable[tuple[int, bool, float | None, bool]] = (),
           relations: Iterable[tuple[int, int, float | None, str | None]] = ()) -> ChainFrames:
    """positions (enterprise, node, role); enterprises (id, above_scale, output, local);
    relations (supplier, customer, amount, product)."""
    return ChainFrames(
        nodes=pl.DataFrame(list(nodes), schema={
            "code": pl.String, "chain": pl.String, "parent": pl.String, "level": pl.Int64, "stage": pl.String,
            "name": pl.String, "keywords": pl.List(pl.String), "industry_codes": pl.List(pl.String)}),
        edges=pl.DataFrame(list(edges), schema={"source": pl.String, "target": pl.String}, orient="row"),
        positions=pl.DataFrame(list(positions), schema={"enterprise": pl.Int64, "node": pl.String, "role": pl.String},
                               orient="row"),
        enterprises=pl.DataFrame([(e, f"企业{e}", a, o, loc) for e, a, o, loc in enterprises], schema={
            "enterprise": pl.Int64, "name": pl.String, "above_scale": pl.Boolean, "output": pl.Float64,
            "local": pl.Boolean}, orient="row"),
        relations=pl.DataFrame(list(relations), schema={"supplier": pl.Int64, "customer": pl.Int64,
                                                        "amount": pl.Float64, "product": pl.String}, orient="row"),
    )
