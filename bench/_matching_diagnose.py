"""Diagnostics for bench/matching.py (not a benchmark): where the engine's time goes and which needs it
misses, on the same synthetic district and needs.

    .venv/bin/python bench/_matching_diagnose.py quality [--enterprises 20000] [--needs 1000] [--show 30]
    .venv/bin/python bench/_matching_diagnose.py speed [--enterprises 100000] [--needs 200]

``quality`` prints recall@10 by kind of need, how often the need's node is among the engine's two
suggested nodes, what the engine's top 10 consists of on misses, two what-ifs (the need's text without
its quantities; the true node passed as ``nodes=``) and sample misses with their tokens. ``speed``
times the phases of ``match()`` (tokens, dense BM25, node suggestion, chain fit), counts the
candidates, times a 2,000-need ``batch()`` and prints a cProfile summary. The engine is never modified.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import statistics
import time
from collections import Counter, defaultdict

import numpy as np
from matching import K, Need, build_district, make_needs, taxonomy

from liandong.engines.matching import Matcher, recall_at

_QTY = re.compile(r"[，,]?(数量约|首批|月需求约|年用量约|约|数量|需|预计)\d+[^，,]*")


def product_only(text: str) -> str:
    """The need without quantities (what a number-free analyzer would see)."""
    return _QTY.sub("", text)


def quality(args: argparse.Namespace) -> None:
    tax = taxonomy()
    d = build_district(tax, args.enterprises, args.seed)
    needs = make_needs(d, args.needs, args.seed + 1)
    plain, engine = Matcher(d.data, plain=True), Matcher(d.data)
    ents = d.data.enterprises
    text = dict(zip(ents["enterprise"].to_list(), ents["text"].to_list(), strict=True))
    nodes_of: dict[int, list[str]] = defaultdict(list)
    for e, c in d.data.positions.iter_rows():
        nodes_of[e].append(c)
    rows: dict[str, list[float]] = defaultdict(list)
    suggested_hit: Counter[str] = Counter()
    top_mix: Counter[str] = Counter()
    misses: list[tuple[Need, float, float, list[str], list[int]]] = []
    for need in needs:
        ranked = [s.enterprise for s in engine.match(need.text, buyer=need.buyer, top=K)]
        ranked_plain = [s.enterprise for s in plain.match(need.text, buyer=need.buyer, top=K)]
        stripped = [s.enterprise for s in engine.match(product_only(need.text), buyer=need.buyer, top=K)]
        oracle_nodes = [need.node]
        oracle = [s.enterprise for s in engine.match(need.text, buyer=need.buyer, nodes=oracle_nodes, top=K)]
        r, rp = recall_at(ranked, need.relevant, K), recall_at(ranked_plain, need.relevant, K)
        rows[need.kind].append((rp, r, recall_at(stripped, need.relevant, K), recall_at(oracle, need.relevant, K)))
        suggested = engine.suggest_nodes(need.text, k=2)
        suggested_hit[(need.kind, "top1" if suggested[:1] == [need.node] else
                       "top2" if need.node in suggested else "missed")] += 1
        if r < 0.5:
            misses.append((need, r, rp, suggested, ranked))
            sub = tax.subtree(need.node)
            for e in ranked:
                where = nodes_of.get(e)
                top_mix[("relevant" if e in need.relevant else "unpositioned (noise/trader)" if not where else
                         "on the 2nd suggested node" if len(suggested) > 1 and suggested[1] in where else
                         "on the 1st suggested node, not relevant" if suggested and suggested[0] in where
                         and not sub & set(where) else "other node")] += 1
    print(f"{'kind':<12} {'needs':>5}  plain  engine  engine(no quantities)  engine(nodes=true node)")
    for kind, got in sorted(rows.items()) + [("all", [x for v in rows.values() for x in v])]:
        means = [statistics.fmean(x[i] for x in got) for i in range(4)]
        print(f"{kind:<12} {len(got):>5}  {means[0]:.3f}  {means[1]:.3f}   {means[2]:.3f}                  {means[3]:.3f}")
    print("\nneed's node among suggest_nodes(k=2):", dict(sorted(suggested_hit.items())))
    print(f"misses (engine recall@10 < 0.5): {len(misses)}; what fills their top 10:", dict(top_mix.most_common()))
    for need, r, rp, suggested, ranked in misses[:args.show]:
        print(f"\n[{need.kind}] {need.node} {tax.node[need.node]['name']} (relevant {len(need.relevant)}) "
              f"engine {r:.1f} plain {rp:.1f}\n  need: {need.text}\n  tokens: {engine.analyzer.tokens(need.text)}"
              f"\n  suggested: {suggested}")
        for e in ranked[:4]:
            print(f"    {'+' if e in need.relevant else '-'} {nodes_of.get(e)} {text[e][:50]}")


def speed(args: argparse.Namespace) -> None:
    tax = taxonomy()
    d = build_district(tax, args.enterprises, args.seed + 100)
    needs = make_needs(d, args.needs + 20, args.seed + 101)
    t0 = time.perf_counter()
    m = Matcher(d.data)
    print(f"build {time.perf_counter() - t0:.1f}s")
    for n in needs[:20]:
        m.match(n.text, buyer=n.buyer)
    phases: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, list[int]] = defaultdict(list)
    for n in needs[20:]:
        t0 = time.perf_counter()
        tokens = m.analyzer.tokens(n.text)
        t1 = time.perf_counter()
        scores, _offers = m._text_scores(tokens)
        t2 = time.perf_counter()
        nodes = m.suggest_nodes(n.text, k=2)
        t3 = time.perf_counter()
        fit = m._chain_fit(nodes, [1.0] * len(nodes))
        t4 = time.perf_counter()
        m.match(n.text, buyer=n.buyer)
        t5 = time.perf_counter()
        phases["tokens"].append(t1 - t0)
        phases["BM25 (dense)"].append(t2 - t1)
        phases["suggest_nodes"].append(t3 - t2)
        phases["chain fit"].append(t4 - t3)
        phases["whole match()"].append(t5 - t4)
        sizes["text candidates"].append(int(np.count_nonzero(scores)))
        sizes["chain candidates"].append(int(np.count_nonzero(fit)))
        sizes["scored (union)"].append(int(np.count_nonzero((scores > 0) | (fit > 0))))
    for name, v in phases.items():
        v = sorted(1000 * x for x in v)
        print(f"{name:<24} p50 {statistics.median(v):8.2f} ms   p95 {v[int(0.95 * len(v))]:8.2f} ms")
    for name, v in sizes.items():
        print(f"{name:<24} mean {statistics.fmean(v):8.0f}   max {max(v)}")
    batch = make_needs(d, 2000, args.seed + 202)
    t0 = time.perf_counter()
    m.batch([(n.key, n.text, n.buyer) for n in batch])
    dt = time.perf_counter() - t0
    print(f"batch() of {len(batch)}: {dt:.1f}s -> 10,000 needs ~{dt * 10_000 / len(batch):.0f}s")
    prof = cProfile.Profile()
    prof.enable()
    for n in needs[20:70]:
        m.match(n.text, buyer=n.buyer)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(18)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("quality", "speed"))
    parser.add_argument("--enterprises", type=int)
    parser.add_argument("--needs", type=int)
    parser.add_argument("--show", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.what == "quality":
        args.enterprises, args.needs = args.enterprises or 20_000, args.needs or 1_000
        quality(args)
    else:
        args.enterprises, args.needs = args.enterprises or 100_000, args.needs or 200
        speed(args)


if __name__ == "__main__":
    main()
