"""Benchmark: the chain gap-analysis engine (liandong.engines.graph) at district scale, no database.

The five default chains (nodes and edges from liandong/data/chains/*.yaml) with synthetic frames:
100,000 enterprises (~10% above scale, lognormal output, 95% local), ~97,000 positions on random
level ≥ 2 nodes, 1,000,000 supply relations (70% between positioned enterprises, 30% from
unpositioned outside suppliers whose ~5,000 distinct product texts are built from node keywords).
Times ``analyze_chains`` over all five chains, best of 3 after a warm-up; prints one JSON line.
    .venv/bin/python bench/chain_analysis_engine.py [--enterprises 100000] [--relations 1000000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import polars as pl
from _common import report

from liandong.chains.defaults import flatten_nodes, read_default_chains
from liandong.engines.graph import ChainFrames, analyze_chains

LIMIT_SECONDS = 3.0
PREFIXES = ("", "高端", "国产", "进口", "车规级", "工业级", "定制", "高纯", "精密", "新型")
SUFFIXES = ("", "组件", "模块", "配件", "系统", "服务", "材料", "设备")


def chain_frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    chains = read_default_chains()
    rows = []
    for chain in chains:
        rows += [{**n, "chain": chain["code"]} for n in flatten_nodes(chain)]
    nodes = pl.DataFrame(rows).select("code", "chain", "parent", "level", "stage", "name", "keywords",
                                      "industry_codes")
    edges = pl.DataFrame([(e["from"], e["to"]) for chain in chains for e in chain.get("edges", [])],
                         schema={"source": pl.String, "target": pl.String}, orient="row")
    return nodes, edges


def products(nodes: pl.DataFrame, rng: np.random.Generator, count: int) -> list[str]:
    """~count distinct product texts: keyword variants, plus 3% that match no node."""
    keywords = sorted(set(nodes["keywords"].explode().drop_nulls().to_list()))
    out: set[str] = {f"办公用品{i}" for i in range(count * 3 // 100)}
    while len(out) < count:
        out.add(f"{PREFIXES[rng.integers(len(PREFIXES))]}{keywords[rng.integers(len(keywords))]}"
                f"{SUFFIXES[rng.integers(len(SUFFIXES))]}")
    return sorted(out)


def build(n_enterprises: int, n_relations: int, seed: int = 7) -> ChainFrames:
    rng = np.random.default_rng(seed)
    nodes, edges = chain_frames()
    ids = np.arange(1, n_enterprises + 1, dtype=np.int64)
    local = rng.random(n_enterprises) < 0.95
    output = rng.lognormal(mean=np.log(5e6), sigma=1.6, size=n_enterprises)
    enterprises = pl.DataFrame({
        "enterprise": ids, "name": [f"企业{i}" for i in ids], "above_scale": rng.random(n_enterprises) < 0.10,
        "output": pl.Series(output).set(pl.Series(rng.random(n_enterprises) < 0.02), None), "local": local,
    })
    analysed = nodes.filter(pl.col("level") >= 2)["code"].to_numpy()
    # Skewed node popularity (Zipf-like, 1/rank^1.5) with ~12% of the nodes left empty, so every
    # status occurs. ~97,000 positions: 90% of the local enterprises once, 15,000 a second time.
    weights = 1.0 / np.arange(1, len(analysed) + 1) ** 1.5
    weights[rng.random(len(analysed)) < 0.12] = 0.0
    weights = rng.permutation(weights)
    local_ids = ids[local]
    placed = rng.choice(local_ids, size=int(len(local_ids) * 0.9), replace=False)
    twice = rng.choice(placed, size=min(15_000, len(placed)), replace=False)
    pos_ids = np.concatenate([placed, twice])
    positions = pl.DataFrame({
        "enterprise": pos_ids, "node": analysed[rng.choice(len(analysed), size=len(pos_ids), p=weights / weights.sum())],
        "role": np.array(["master", "core", "supporting"])[rng.choice(3, size=len(pos_ids), p=[0.02, 0.3, 0.68])],
    }).unique(["enterprise", "node"])
    # Relations: 70% positioned → positioned, 30% outside (non-local, unpositioned) → positioned.
    outside = ids[~local]
    n_inner = int(n_relations * 0.7)
    suppliers = np.concatenate([rng.choice(placed, n_inner), rng.choice(outside, n_relations - n_inner)])
    pool = np.array(products(nodes, rng, 5_000))
    relations = pl.DataFrame({
        "supplier": suppliers, "customer": rng.choice(placed, n_relations),
        "amount": rng.lognormal(mean=np.log(2e5), sigma=1.2, size=n_relations),
        "product": pool[rng.integers(len(pool), size=n_relations)],
    })
    return ChainFrames(nodes=nodes, edges=edges, positions=positions, enterprises=enterprises, relations=relations)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    frames = build(args.enterprises, args.relations)
    result = analyze_chains(frames)  # warm-up
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = analyze_chains(frames)
        times.append(time.perf_counter() - t0)
    best = min(times)
    statuses: dict[str, int] = {}
    for analysis in result.values():
        for status, count in analysis.summary["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    report({
        "bench": "chain_analysis_engine", "enterprises": frames.enterprises.height,
        "positions": frames.positions.height, "relations": frames.relations.height,
        "products": frames.relations["product"].n_unique(), "chains": len(result),
        "nodes": sum(a.summary["nodes"] for a in result.values()), "statuses": statuses,
        "unattributed_amount": round(next(iter(result.values())).summary["unattributed_amount"]),
        "engine_seconds": round(best, 3), "limit_seconds": LIMIT_SECONDS, "ok": best <= LIMIT_SECONDS,
    })


if __name__ == "__main__":
    main()
