"""Chain gap analysis 链条诊断: per node strength, 本地配套率, local demand, chokepoints; 补链/强链/延链.

Pure compute on five Polars frames (``ChainFrames``); the Django side builds them and renders the
result (docs/cli.md#chains-analyze). Definitions, for a chain's analysed nodes (level ≥ 2):

- members of node N: LOCAL enterprises positioned on N or on any descendant, each counted once per
  node (a firm on two sub-segments of a segment counts once for the segment) and once per chain;
- output_share = node output / chain output, chain output = Σ output of the chain's distinct local
  enterprises (positions at any level of the chain); 0 when the chain output is 0;
- hhi = Herfindahl–Hirschman index Σ sᵢ² over the members' output shares sᵢ in the node (None when
  the node output is 0); top_share = the largest sᵢ;
- local_supply_rate 本地配套率 = over supply relations whose CUSTOMER is local and which are
  attributed to N, the share of the amount whose SUPPLIER is local (None without such amount);
  attribution of a relation: (a) a supplier with positions → its positioned nodes and their
  level ≥ 2 ancestors; (b) a supplier without positions (typically an outside firm) → every node
  whose name or keyword occurs in the product text (case-insensitive; Latin keywords only as whole
  words, so "PC" does not hit "PCB"), with its level ≥ 2 ancestors. Unattributed amount is reported
  in the summary. Each node counts a relation at most once;
- local_demand = Σ output of the distinct local enterprises on N's direct successors by edges
  (successors of N or of its descendants, in any chain, outside N's own subtree);
- chokepoint = normalised betweenness centrality (Brandes 2001, ``rustworkx``) of N in the directed
  graph of the chain's analysed nodes plus their cross-chain neighbours; edges given between
  sub-segments also join their level ≥ 2 ancestors; parent→child containment is no edge.

Lists, best first and complete: 补链 ``fill`` = nodes missing, single_point or weak, by local demand
then chokepoint; 强链 ``strengthen`` = nodes with enterprises and 本地配套率 below the threshold, by the
amount bought outside ((1 − rate) × attributed purchases); 延链 ``extend`` = edges as given whose
source (in this chain) has local enterprises and whose target (any chain) has none, by source output.

Money is yuan in the node rows; list scores are 万元. Negative amounts or outputs count as 0.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl
import rustworkx as rx

from .rules import STATUS_RANK, STATUSES, WAN, NodeFacts, Thresholds, classify, pct, wan

FILL_STATUSES = ("missing", "single_point", "weak")
"""补链 candidates. single_point is included: its remedy is bringing in a second enterprise, i.e.
filling the link, and it ranks below weak (the node hangs on one firm; if it leaves, the node is
missing or close to it)."""

SCHEMA: dict[str, dict[str, pl.DataType]] = {
    "nodes": {"code": pl.String(), "chain": pl.String(), "parent": pl.String(), "level": pl.Int64(),
              "stage": pl.String(), "name": pl.String(), "keywords": pl.List(pl.String())},
    "edges": {"source": pl.String(), "target": pl.String()},
    "positions": {"enterprise": pl.Int64(), "node": pl.String(), "role": pl.String()},
    "enterprises": {"enterprise": pl.Int64(), "above_scale": pl.Boolean(), "output": pl.Float64(),
                    "local": pl.Boolean()},
    "relations": {"supplier": pl.Int64(), "customer": pl.Int64(), "amount": pl.Float64(),
                  "product": pl.String()},
}
"""Required columns and the types they are cast to (extra columns are ignored)."""


class GraphInputError(ValueError):
    """The frames cannot be analysed: a missing column, a bad type, an unknown chain, a cycle."""


@dataclass(frozen=True, eq=False)
class ChainFrames:
    """The five input frames. Columns per ``SCHEMA``; validated on construction."""

    nodes: pl.DataFrame
    edges: pl.DataFrame
    positions: pl.DataFrame
    enterprises: pl.DataFrame
    relations: pl.DataFrame

    def __post_init__(self) -> None:
        for name, columns in SCHEMA.items():
            frame = getattr(self, name)
            if not isinstance(frame, pl.DataFrame):
                raise GraphInputError(f"{name}: expected a polars DataFrame, got {type(frame).__name__}")
            for column in columns:
                if column not in frame.columns:
                    raise GraphInputError(f"{name}: missing column {column!r}")

    def typed(self, name: str) -> pl.DataFrame:
        """The frame's required columns, cast to ``SCHEMA`` types."""
        frame: pl.DataFrame = getattr(self, name)
        try:
            return frame.select(pl.col(c).cast(t) for c, t in SCHEMA[name].items())
        except pl.exceptions.PolarsError as exc:
            raise GraphInputError(f"{name}: {exc}") from exc


@dataclass
class ChainAnalysis:
    """One chain's result. Node rows carry the documented fields plus the figures behind them.

    ``summary``: nodes, statuses (count per status), enterprises / above_scale / output of the chain
    (distinct local enterprises), unattributed_amount (district-wide: purchases by local customers
    no node could be attributed), and the lengths of the three lists."""

    chain: str
    name: str
    nodes: list[dict[str, Any]]
    fill: list[dict[str, Any]]
    strengthen: list[dict[str, Any]]
    extend: list[dict[str, Any]]
    summary: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, shaped as docs/cli.md#chains-analyze describes it."""
        return copy.deepcopy({
            "chain": {"code": self.chain, "name": self.name}, "nodes": self.nodes, "fill": self.fill,
            "strengthen": self.strengthen, "extend": self.extend, "summary": self.summary,
        })


class _Tree:
    """The node hierarchy (a few hundred nodes, plain Python)."""

    def __init__(self, nodes: pl.DataFrame):
        self.info: dict[str, dict[str, Any]] = {}
        for row in nodes.iter_rows(named=True):
            if row["code"] is None:
                raise GraphInputError("nodes: a node without code")
            if row["code"] in self.info:
                raise GraphInputError(f"nodes: duplicate code {row['code']!r}")
            row["keywords"] = [k for k in row["keywords"] or [] if k]
            self.info[row["code"]] = row
        self.analysed = [c for c, r in self.info.items() if (r["level"] or 0) >= 2]
        # lineage: the node and its level ≥ 2 ancestors, nearest first ("ancestors-or-self").
        self.lineage: dict[str, tuple[str, ...]] = {c: self._lineage(c) for c in self.info}
        self.subtree: dict[str, set[str]] = {c: set() for c in self.analysed}
        for code in self.analysed:
            for anc in self.lineage[code]:
                self.subtree[anc].add(code)
        self.chains: list[str] = list(dict.fromkeys(r["chain"] for r in self.info.values() if r["chain"]))
        self.names = {r["chain"]: r["name"] or r["chain"] for r in self.info.values()
                      if r["chain"] and r["level"] == 0}

    def _lineage(self, code: str) -> tuple[str, ...]:
        out: list[str] = []
        seen: set[str] = set()
        while code in self.info and (self.info[code]["level"] or 0) >= 2:
            if code in seen:
                raise GraphInputError(f"nodes: parent cycle through {code!r}")
            seen.add(code)
            out.append(code)
            code = self.info[code]["parent"]
        return tuple(out)

    def lineage_frame(self) -> pl.DataFrame:
        """(node, anc) for every node and each of its level ≥ 2 ancestors-or-self."""
        pairs = [(c, a) for c, lin in self.lineage.items() for a in lin]
        return pl.DataFrame(pairs, schema={"node": pl.String, "anc": pl.String}, orient="row")

    def chain_name(self, chain: str) -> str:
        """The name of the chain's level-0 node, else its code."""
        return self.names.get(chain, chain)


_LATIN = re.compile(r"[0-9a-z]")


def _keyword_regex(pattern: str) -> re.Pattern[str] | None:
    """Whole-word check for a pattern that begins or ends with a Latin letter or digit, else None."""
    head, tail = bool(_LATIN.fullmatch(pattern[0])), bool(_LATIN.fullmatch(pattern[-1]))
    if not (head or tail):
        return None
    return re.compile(("(?<![0-9a-z])" if head else "") + re.escape(pattern) + ("(?![0-9a-z])" if tail else ""))


def _product_nodes(products: pl.Series, tree: _Tree) -> pl.DataFrame:
    """(product, anc): the nodes each distinct product text is attributed to by name/keyword.

    One Aho–Corasick pass (``str.extract_many``) over the distinct lower-cased products; Latin
    patterns are then confirmed as whole words (a loop over the hits only)."""
    pattern_rows = [(text.strip().lower(), anc) for code in tree.analysed
                    for text in [tree.info[code]["name"] or "", *tree.info[code]["keywords"]] if text.strip()
                    for anc in tree.lineage[code]]
    empty = pl.DataFrame(schema={"product": pl.String, "anc": pl.String})
    distinct = pl.DataFrame({"product": products}).drop_nulls().unique()
    if not pattern_rows or distinct.is_empty():
        return empty
    to_nodes = pl.DataFrame(pattern_rows, schema={"pattern": pl.String, "anc": pl.String}, orient="row").unique()
    patterns = to_nodes["pattern"].unique().sort().to_list()
    hits = (distinct.with_columns(lower=pl.col("product").str.to_lowercase())
            .with_columns(pattern=pl.col("lower").str.extract_many(patterns, overlapping=True))
            .explode("pattern").drop_nulls("pattern").unique(["product", "pattern"]))
    regexes = {p: _keyword_regex(p) for p in patterns}
    checked = [regexes[p] is None or regexes[p].search(lower) is not None  # type: ignore[union-attr]
               for lower, p in hits.select("lower", "pattern").iter_rows()]
    hits = hits.filter(pl.Series(checked, dtype=pl.Boolean))
    return hits.join(to_nodes, on="pattern").select("product", "anc").unique()


def match_products(products: Iterable[str], nodes: pl.DataFrame) -> dict[str, list[str]]:
    """Product text → node codes it is attributed to by rule (b) (sorted; [] when none)."""
    frames = ChainFrames(nodes, *(pl.DataFrame(schema=SCHEMA[n]) for n in ("edges", "positions", "enterprises",
                                                                             "relations")))
    tree = _Tree(frames.typed("nodes"))
    products = list(dict.fromkeys(p for p in products if p is not None))
    found: dict[str, list[str]] = {p: [] for p in products}
    pairs = _product_nodes(pl.Series(products, dtype=pl.String), tree).sort("product", "anc")
    for product, anc in pairs.iter_rows():
        found[product].append(anc)
    return found


@dataclass
class _Shared:
    """Work done once for all chains."""

    tree: _Tree
    node_stats: dict[str, dict[str, Any]]
    chain_stats: dict[str, dict[str, Any]]
    purchases: dict[str, tuple[float, float]]
    unattributed: float
    edges: list[tuple[str, str]]
    lifted: set[tuple[str, str]]


def _shared(frames: ChainFrames) -> _Shared:
    tree = _Tree(frames.typed("nodes"))
    lineage = tree.lineage_frame()
    chain_of = pl.DataFrame({"node": list(tree.info), "chain": [r["chain"] for r in tree.info.values()]},
                            schema={"node": pl.String, "chain": pl.String})
    ent = (frames.typed("enterprises").drop_nulls("enterprise").unique("enterprise", keep="first")
           .with_columns(pl.col("above_scale").fill_null(False), pl.col("local").fill_null(False),
                         pl.col("output").fill_nan(0.0).fill_null(0.0).clip(lower_bound=0.0)))
    local = ent.filter("local")
    pos = frames.typed("positions").drop_nulls(["enterprise", "node"]).join(chain_of, on="node", how="semi")
    pos_local = pos.join(local, on="enterprise", how="semi")

    # Members: (node, enterprise) once per node, master if master on the node or below.
    members = (pos_local.join(lineage, on="node")
               .group_by("anc", "enterprise").agg(master=(pl.col("role") == "master").any())
               .join(local, on="enterprise"))
    node_stats = {row["anc"]: row for row in members.group_by("anc").agg(
        enterprises=pl.len(), above_scale=pl.col("above_scale").sum(), output=pl.col("output").sum(),
        sumsq=(pl.col("output") ** 2).sum(), top=pl.col("output").max(),
        masters=pl.col("enterprise").filter(pl.col("master")).sort(),
    ).iter_rows(named=True)}
    chain_stats = {row["chain"]: row for row in pos_local.join(chain_of, on="node").select("chain", "enterprise")
                   .unique().join(local, on="enterprise").group_by("chain")
                   .agg(enterprises=pl.len(), above_scale=pl.col("above_scale").sum(),
                        output=pl.col("output").sum()).iter_rows(named=True)}

    # 本地配套率 attribution: relations with a local customer, amount summed per supplier (a) or per
    # distinct product (b) before meeting the few hundred nodes.
    relations = (frames.typed("relations")
                 .join(local.select(customer="enterprise"), on="customer", how="semi")
                 .select("supplier", "product", amount=pl.col("amount").fill_nan(0.0).fill_null(0.0).clip(lower_bound=0.0))
                 .join(ent.select(supplier="enterprise", supplier_local="local"), on="supplier", how="left")
                 .with_columns(local_amount=pl.when(pl.col("supplier_local")).then("amount").otherwise(0.0)))
    positioned = pos.select(supplier="enterprise").unique()
    supplier_nodes = pos.join(lineage, on="node").select(supplier="enterprise", anc="anc").unique()
    by_supplier = (relations.join(positioned, on="supplier", how="semi").group_by("supplier")
                   .agg(pl.col("amount").sum(), pl.col("local_amount").sum()))
    by_product = (relations.join(positioned, on="supplier", how="anti").group_by("product")
                  .agg(pl.col("amount").sum(), pl.col("local_amount").sum()))
    product_nodes = _product_nodes(by_product["product"], tree)
    attributed = pl.concat([
        by_supplier.join(supplier_nodes, on="supplier").select("anc", "amount", "local_amount"),
        by_product.join(product_nodes, on="product").select("anc", "amount", "local_amount"),
    ])
    purchases = {anc: (amount, local_amount) for anc, amount, local_amount in attributed.group_by("anc").agg(
        pl.col("amount").sum(), pl.col("local_amount").sum()).iter_rows()}
    unattributed = (by_supplier.join(supplier_nodes, on="supplier", how="anti")["amount"].sum()
                    + by_product.join(product_nodes, on="product", how="anti")["amount"].sum())

    # Edges between analysed nodes; "lifted" adds the ancestor pairs and drops containment pairs.
    edges = [(s, t) for s, t in frames.typed("edges").drop_nulls().unique(maintain_order=True).iter_rows()
             if s in tree.subtree and t in tree.subtree and s != t]
    lifted = {(a, b) for s, t in edges for a in tree.lineage[s] for b in tree.lineage[t]
              if a != b and a not in tree.lineage[b] and b not in tree.lineage[a]}

    demand_pairs = []
    successors: dict[str, set[str]] = {}
    for s, t in edges:
        successors.setdefault(s, set()).add(t)
    for code in tree.analysed:
        inside = tree.subtree[code]
        targets = set().union(*(successors.get(s, ()) for s in inside)) - inside
        demand_pairs += [(code, t) for t in targets]
    demand = (pl.DataFrame(demand_pairs, schema={"node": pl.String, "anc": pl.String}, orient="row")
              .join(members.select("anc", "enterprise", "output"), on="anc")
              .unique(["node", "enterprise"]).group_by("node").agg(pl.col("output").sum()))
    for code, output in demand.iter_rows():
        node_stats.setdefault(code, {})["local_demand"] = output
    return _Shared(tree, node_stats, chain_stats, purchases, float(unattributed), edges, lifted)


def _chokepoints(chain_nodes: list[str], lifted: set[tuple[str, str]]) -> dict[str, float]:
    """Normalised betweenness of the chain's nodes in the chain graph plus cross-chain neighbours."""
    own = set(chain_nodes)
    neighbours = sorted({b if a in own else a for a, b in lifted if (a in own) != (b in own)})
    vertices = chain_nodes + neighbours
    index = {code: i for i, code in enumerate(vertices)}
    graph = rx.PyDiGraph()
    graph.add_nodes_from(vertices)
    graph.add_edges_from_no_data(sorted((index[a], index[b]) for a, b in lifted if a in index and b in index))
    centrality = rx.digraph_betweenness_centrality(graph, normalized=True)
    return {code: float(centrality[index[code]]) for code in chain_nodes}


def _node_row(code: str, shared: _Shared, chain_output: float, chokepoint: float,
              thresholds: Thresholds) -> dict[str, Any]:
    info = shared.tree.info[code]
    stats = shared.node_stats.get(code, {})
    count = stats.get("enterprises") or 0
    output = float(stats.get("output") or 0.0)
    hhi = top_share = None
    if output > 0:
        hhi = min(1.0, stats["sumsq"] / output ** 2)
        top_share = min(1.0, stats["top"] / output)
    amount, local_amount = shared.purchases.get(code, (0.0, 0.0))
    rate = min(1.0, local_amount / amount) if amount > 0 else None
    local_demand = float(stats.get("local_demand") or 0.0)
    facts = NodeFacts(enterprises=count, above_scale=int(stats.get("above_scale") or 0), output=output,
                      top_share=top_share, hhi=hhi, local_supply_rate=rate, local_demand=local_demand)
    status, reason = classify(facts, thresholds)
    return {
        "code": code, "name": info["name"], "parent": info["parent"], "level": info["level"],
        "stage": info["stage"] or "", "status": status, "reason": reason,
        "enterprises": count, "above_scale": facts.above_scale, "output": output,
        "output_share": min(1.0, output / chain_output) if chain_output > 0 else 0.0,
        "hhi": hhi, "top_share": top_share, "masters": list(stats.get("masters") or []),
        "local_supply_rate": rate, "local_purchases": float(amount), "local_demand": local_demand,
        "demand_without_supply": local_demand > 0 and count == 0, "chokepoint": chokepoint,
    }


def _analyse_chain(chain: str, shared: _Shared, thresholds: Thresholds) -> ChainAnalysis:
    tree = shared.tree
    codes = [c for c in tree.analysed if tree.info[c]["chain"] == chain]
    stats = shared.chain_stats.get(chain, {})
    chain_output = float(stats.get("output") or 0.0)
    chokepoints = _chokepoints(codes, shared.lifted)
    nodes = [_node_row(c, shared, chain_output, chokepoints[c], thresholds) for c in codes]
    by_code = {n["code"]: n for n in nodes}

    fill = []
    for n in sorted((n for n in nodes if n["status"] in FILL_STATUSES),
                    key=lambda n: (-n["local_demand"], -n["chokepoint"], STATUS_RANK[n["status"]], n["code"])):
        reason = n["reason"]
        if n["status"] != "missing" and n["local_demand"] > 0:
            reason += f"，下游本地需求{wan(n['local_demand'])}"
        fill.append({"node": n["code"], "name": n["name"], "status": n["status"], "reason": reason,
                     "score": n["local_demand"] / WAN})

    limit = thresholds.strengthen_max_local_supply_rate
    outside = {n["code"]: n["local_purchases"] * (1.0 - n["local_supply_rate"]) for n in nodes
               if n["enterprises"] > 0 and n["local_supply_rate"] is not None and n["local_supply_rate"] < limit}
    strengthen = [{
        "node": code, "name": by_code[code]["name"], "score": amount / WAN,
        "reason": (f"本地配套率{pct(by_code[code]['local_supply_rate'])}，区外采购{wan(amount)}，"
                   f"本地已有{by_code[code]['enterprises']}家企业"),
    } for code, amount in sorted(outside.items(), key=lambda item: (-item[1], item[0]))]

    extend = []
    rows = [(s, t) for s, t in shared.edges if s in by_code and by_code[s]["enterprises"] > 0
            and not shared.node_stats.get(t, {}).get("enterprises")]
    for source, target in sorted(rows, key=lambda e: (-by_code[e[0]]["output"], e[1], e[0])):
        src, tgt = by_code[source], tree.info[target]
        where = "" if tgt["chain"] == chain else tree.chain_name(tgt["chain"])
        extend.append({
            "node": target, "name": tgt["name"], "chain": tgt["chain"], "from": source,
            "score": src["output"] / WAN,
            "reason": (f"上游「{src['name']}」本地{src['enterprises']}家企业、产值{wan(src['output'])}，"
                       f"下游{where}「{tgt['name']}」本地暂无企业"),
        })

    counts = dict.fromkeys(STATUSES, 0)
    for n in nodes:
        counts[n["status"]] += 1
    summary = {
        "nodes": len(nodes), "statuses": counts, "enterprises": int(stats.get("enterprises") or 0),
        "above_scale": int(stats.get("above_scale") or 0), "output": chain_output,
        "unattributed_amount": shared.unattributed,
        "fill": len(fill), "strengthen": len(strengthen), "extend": len(extend),
    }
    return ChainAnalysis(chain, tree.chain_name(chain), nodes, fill, strengthen, extend, summary)


def analyze_chains(frames: ChainFrames, thresholds: Thresholds = Thresholds(),  # noqa: B008 (frozen)
                   chains: list[str] | None = None) -> dict[str, ChainAnalysis]:
    """Analyse the given chains (default: every chain in ``frames.nodes``), keyed by chain code.

    Memberships, attribution and local demand are computed once for all chains."""
    shared = _shared(frames)
    wanted = shared.tree.chains if chains is None else list(dict.fromkeys(chains))
    for code in wanted:
        if code not in shared.tree.chains:
            raise GraphInputError(f"unknown chain {code!r}")
    return {code: _analyse_chain(code, shared, thresholds) for code in wanted}
