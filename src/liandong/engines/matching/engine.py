"""The matching engine (供需撮合): for a need, the suppliers most likely to serve it, with reasons.

Candidates come from two sides: the chain graph — enterprises on the need's node (and its
sub-segments) and on the nodes with an edge into it, across chains — and the text, BM25 (bm25s) over
each enterprise's products, positions' node names and keywords, and open offers, tokenised by
``text.Analyzer``. A candidate's score multiplies relevance and chain fit by locality (same park,
district, Tianjin, elsewhere), capability (scale, qualifications) and history (past deals with the
buyer raise it; declining this need lowers it). The buyer itself is never suggested. New offers go
to a small delta index searched with the main one, so they are found at once; ``rebuild`` folds them in.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from dataclasses import dataclass, field

import bm25s
import polars as pl

from .text import Analyzer

logging.getLogger("bm25s").setLevel(logging.WARNING)  # no "Building index" chatter on every build

TEXT_CANDIDATES = 300
CHAIN_FIT = {"node": 1.0, "upstream": 0.85, "text": 0.55}
LOCALITY = {"park": 1.10, "district": 1.0, "city": 0.92, "outside": 0.82}


@dataclass
class Suggestion:
    enterprise: int
    uscc: str
    name: str
    score: float
    node: str | None
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"uscc": self.uscc, "name": self.name, "score": round(self.score, 4), "node": self.node,
                "reasons": self.reasons}


@dataclass
class MatchData:
    """What the engine reads (the Django side builds it from the registry)."""

    enterprises: pl.DataFrame  # enterprise, uscc, name, park, local, city, above_scale, quals, text
    positions: pl.DataFrame    # enterprise, node
    nodes: pl.DataFrame        # code, name, chain, chain_name, parent, keywords (list)
    edges: pl.DataFrame        # source, target
    deals: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"buyer": pl.Int64, "supplier": pl.Int64, "deals": pl.Int64}))


class Matcher:
    def __init__(self, data: MatchData, *, plain: bool = False):
        self.plain = plain
        self.data = data
        nodes = data.nodes.to_dicts()
        self.node = {n["code"]: n for n in nodes}
        words = [n["name"] for n in nodes] + [k for n in nodes for k in (n["keywords"] or [])]
        self.analyzer = Analyzer(words, plain=plain)
        ents = data.enterprises
        self.ids = ents["enterprise"].to_list()
        self.row = {e: i for i, e in enumerate(self.ids)}
        self.info = ents.to_dicts()
        self.by_uscc = {r["uscc"]: r["enterprise"] for r in self.info}
        self.nodes_of: dict[int, list[str]] = defaultdict(list)
        self.on_node: dict[str, list[int]] = defaultdict(list)
        for e, node in data.positions.iter_rows():
            self.nodes_of[e].append(node)
            self.on_node[node].append(e)
        self.children: dict[str, list[str]] = defaultdict(list)
        for n in nodes:
            if n["parent"]:
                self.children[n["parent"]].append(n["code"])
        self.into: dict[str, list[str]] = defaultdict(list)
        for source, target in data.edges.iter_rows():
            self.into[target].append(source)
        self.deals = {(b, s): n for b, s, n in data.deals.iter_rows()}
        self.declined: dict[str, set[int]] = defaultdict(set)
        self._build_text_index()
        self._build_node_index(nodes)
        self.delta: list[tuple[int, list[str]]] = []
        self.delta_index = None
        self.offer_hits: set[int] = set()

    # --- indexes --------------------------------------------------------------------------------------
    def _document(self, info: dict) -> list[str]:
        if self.plain:
            return self.analyzer.tokens(info["text"] or "")
        extra = " ".join(f"{self.node[n]['name']} {' '.join(self.node[n]['keywords'] or [])}"
                         for n in self.nodes_of.get(info["enterprise"], []) if n in self.node)
        return self.analyzer.tokens(f"{info['text'] or ''} {extra}")

    def _build_text_index(self) -> None:
        corpus = [self._document(info) or ["∅"] for info in self.info]
        self.doc_tokens = [frozenset(tokens) for tokens in corpus]  # for the reasons, without re-tokenising
        self.index = bm25s.BM25()
        self.index.index(corpus, show_progress=False)

    def _build_node_index(self, nodes: list[dict]) -> None:
        self.node_codes = [n["code"] for n in nodes if n.get("level", 2) >= 2]
        docs = [self.analyzer.tokens(f"{self.node[c]['name']} {' '.join(self.node[c]['keywords'] or [])}") or ["∅"]
                for c in self.node_codes]
        self.node_index = bm25s.BM25()
        self.node_index.index(docs, show_progress=False)

    def add_offer(self, enterprise: int, text: str) -> None:
        """Make an offer searchable at once (a small delta index next to the main one)."""
        self.delta.append((enterprise, self.analyzer.tokens(text)))
        self.delta_index = bm25s.BM25()
        self.delta_index.index([tokens or ["∅"] for _e, tokens in self.delta], show_progress=False)

    def decline(self, need_key: str, supplier: int) -> None:
        self.declined[need_key].add(supplier)

    # --- nodes ------------------------------------------------------------------------------------------
    def suggest_nodes(self, text: str, k: int = 3) -> list[str]:
        """The chain nodes a need's text is about, best first."""
        tokens = self.analyzer.tokens(text)
        if not tokens:
            return []
        docs, scores = self.node_index.retrieve([tokens], k=min(k, len(self.node_codes)), show_progress=False)
        return [self.node_codes[d] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def _subtree(self, code: str) -> list[str]:
        out, stack = [], [code]
        while stack:
            c = stack.pop()
            out.append(c)
            stack += self.children.get(c, [])
        return out

    # --- matching --------------------------------------------------------------------------------------
    def _text_scores(self, tokens: list[str], hits: tuple | None = None) -> dict[int, float]:
        scores: dict[int, float] = {}
        if tokens:
            if hits is None:
                k = min(TEXT_CANDIDATES, len(self.ids))
                docs, values = self.index.retrieve([tokens], k=k, show_progress=False)
                hits = (docs[0], values[0])
            for d, s in zip(hits[0], hits[1], strict=True):
                if s > 0:
                    scores[self.ids[d]] = float(s)
            self.offer_hits = set()
            if self.delta_index is not None:
                top = max(scores.values(), default=0.0)
                docs, values = self.delta_index.retrieve([tokens], k=min(50, len(self.delta)), show_progress=False)
                best = float(values[0].max()) if len(values[0]) else 0.0
                for d, s in zip(docs[0], values[0], strict=True):
                    if s > 0:  # on the main index's scale: a best offer match counts as a best match
                        e = self.delta[d][0]
                        scores[e] = max(scores.get(e, 0.0), float(s) / best * (top or 1.0))
                        self.offer_hits.add(e)
        return scores

    def match(self, text: str, *, buyer: int | None = None, nodes: list[str] | None = None, top: int = 10,
              need_key: str | None = None, hits: tuple | None = None) -> list[Suggestion]:
        tokens = self.analyzer.tokens(text)
        text_scores = self._text_scores(tokens, hits)
        if self.plain:
            ranked = sorted(text_scores.items(), key=lambda kv: -kv[1])
            return [self._suggestion(e, s, None, []) for e, s in ranked if e != buyer][:top]
        need_nodes = nodes or self.suggest_nodes(text, k=2)
        fit: dict[int, tuple[float, str | None, str]] = {}
        for code in need_nodes:
            for sub in self._subtree(code):
                for e in self.on_node.get(sub, []):
                    if e not in fit:
                        fit[e] = (CHAIN_FIT["node"], sub, "")
            for source in self.into.get(code, []):
                for sub in self._subtree(source):
                    for e in self.on_node.get(sub, []):
                        if e not in fit:
                            fit[e] = (CHAIN_FIT["upstream"], sub, code)
        top_text = max(text_scores.values(), default=0.0) or 1.0
        buyer_info = self.info[self.row[buyer]] if buyer in self.row else None
        declined = self.declined.get(need_key or "", set())
        scored = []
        for e in set(text_scores) | set(fit):  # arithmetic only; reasons for the winners below
            if e == buyer or e not in self.row:
                continue
            relevance = text_scores.get(e, 0.0) / top_text
            chain = fit[e][0] if e in fit else CHAIN_FIT["text"]
            if e in self.offer_hits:  # an offer posted for this product speaks as loudly as a position
                chain = max(chain, CHAIN_FIT["upstream"])
            info = self.info[self.row[e]]
            locality = self._locality(info, buyer_info)[0]
            capability = 1.0 + (0.08 if info["above_scale"] else 0.0) + min(0.12, 0.04 * (info["quals"] or 0))
            deals = self.deals.get((buyer, e), 0) if buyer is not None else 0
            history = (1.0 + min(0.3, 0.1 * deals)) * (0.25 if e in declined else 1.0)
            scored.append(((0.65 * relevance + 0.35 * chain) * locality * capability * history, e, relevance, deals))
        scored.sort(key=lambda x: (-x[0], self.info[self.row[x[1]]]["uscc"]))
        out = []
        for score, e, relevance, deals in scored[:top]:
            info = self.info[self.row[e]]
            chain, node, target = fit.get(e, (CHAIN_FIT["text"], None, ""))
            reasons = []
            if node and chain == CHAIN_FIT["node"]:
                reasons.append(f"位于所需环节：{self._node_label(node)}")
            elif node:
                reasons.append(f"供应链路径：{self._node_label(node)} → {self._node_label(target)}")
            if e in self.offer_hits:
                reasons.append("已发布相关供给信息")
            if relevance > 0:
                words = [t for t in dict.fromkeys(tokens) if t in self.doc_tokens[self.row[e]]][:4]
                if words:
                    reasons.append(f"产品匹配：{'、'.join(words)}")
            reasons.append(self._locality(info, buyer_info)[1])
            if info["above_scale"] or info["quals"]:
                reasons.append("规上企业" if info["above_scale"] else f"持有{info['quals']}项资质")
            if deals:
                reasons.append(f"曾与贵司成交{deals}次")
            if e in declined:
                reasons.append("此前谢绝过该需求，已降低排序")
            out.append(self._suggestion(e, score, node or (self.nodes_of.get(e) or [None])[0], reasons))
        return out

    def _node_label(self, code: str) -> str:
        n = self.node.get(code)
        return f"{n['name']}（{n['chain_name']}）" if n else code

    @staticmethod
    def _locality(info: dict, buyer: dict | None) -> tuple[float, str]:
        if buyer and info["park"] and info["park"] == buyer.get("park"):
            return LOCALITY["park"], "同一园区"
        if info["local"]:
            return LOCALITY["district"], "本区企业"
        if info["city"]:
            return LOCALITY["city"], "天津市内企业"
        return LOCALITY["outside"], "区外企业"

    def _suggestion(self, e: int, score: float, node: str | None, reasons: list[str]) -> Suggestion:
        info = self.info[self.row[e]]
        return Suggestion(e, info["uscc"], info["name"], score, node, reasons)

    def batch(self, needs: list[tuple[str, str, int | None]], top: int = 10) -> dict[str, list[Suggestion]]:
        """Many needs at once: (id, text, buyer) → suggestions; the BM25 retrieval of all needs runs as
        one multi-threaded bm25s call."""
        if not needs:
            return {}
        queries = [self.analyzer.tokens(text) or ["∅"] for _key, text, _buyer in needs]
        k = min(TEXT_CANDIDATES, len(self.ids))
        docs, values = self.index.retrieve(queries, k=k, show_progress=False, n_threads=-1)
        return {key: self.match(text, buyer=buyer, top=top, need_key=key, hits=(docs[i], values[i]))
                for i, (key, text, buyer) in enumerate(needs)}


def ndcg_at(ranked: list[int], relevant: set[int], k: int = 10) -> float:
    gains = [1.0 / math.log2(i + 2) for i, e in enumerate(ranked[:k]) if e in relevant]
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return sum(gains) / ideal if ideal else 0.0


def recall_at(ranked: list[int], relevant: set[int], k: int = 10) -> float:
    return len(set(ranked[:k]) & relevant) / min(k, len(relevant)) if relevant else 0.0



