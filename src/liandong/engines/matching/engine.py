"""The matching engine (供需撮合): for a need, the suppliers most likely to serve it, with reasons.

Candidates come from two sides: the chain graph — enterprises on the need's node (and its
sub-segments) and on the nodes with an edge into it, across chains — and the text, BM25 (bm25s) over
each enterprise's products, positions' node names and keywords, and open offers, tokenised by
``text.Analyzer``. A candidate's score multiplies relevance and chain fit by locality (same park,
district, Tianjin, elsewhere), capability (scale, qualifications) and history (past deals with the
buyer raise it; declining this need lowers it). The buyer itself is never suggested. Scoring is
dense numpy over every enterprise (BM25 postings added into one array, chain fit and the factors as
arrays), reasons are written for the winners only. New offers go to a small inverted list scored with
the main index's statistics (IDF, average length), so they are found at once; a rebuild (the
registry's next change) folds them into the main index.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import bm25s
import numpy as np
import polars as pl

from .text import Analyzer, normalise

logging.getLogger("bm25s").setLevel(logging.WARNING)  # no "Building index" chatter on every build

K1, B = 1.5, 0.75  # BM25 (bm25s defaults, Lucene variant); the new offers are scored with the same
SECOND_NODE = 0.7  # weight of the second chain node suggested from a need's text
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
    nodes: pl.DataFrame        # code, name, chain, chain_name, parent, keywords (list), optional name_en
    edges: pl.DataFrame        # source, target
    deals: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"buyer": pl.Int64, "supplier": pl.Int64, "deals": pl.Int64}))


class Matcher:
    def __init__(self, data: MatchData, *, plain: bool = False):
        self.plain = plain
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
            if e in self.row:
                self.on_node[node].append(self.row[e])
        self.children: dict[str, list[str]] = defaultdict(list)
        for n in nodes:
            if n["parent"]:
                self.children[n["parent"]].append(n["code"])
        self.subtrees: dict[str, tuple[str, ...]] = {}
        self.into: dict[str, list[str]] = defaultdict(list)
        for source, target in data.edges.iter_rows():
            self.into[target].append(source)
        self.deals: dict[int, dict[int, int]] = defaultdict(dict)  # buyer → supplier row → deals
        for b, s, n in data.deals.iter_rows():
            if s in self.row:
                self.deals[b][self.row[s]] = n
        self.declined: dict[str, set[int]] = defaultdict(set)  # need key → enterprises that declined it
        self._terms_cache: dict[int, dict[str, str]] = {}  # enterprise row → its whole words (reasons)
        self._build_factors()
        self._build_text_index()
        self._build_node_index(nodes)
        self.delta: list[tuple[int, int]] = []  # (enterprise row, document length) per new offer
        self.delta_postings: dict[str, list[tuple[int, int]]] = defaultdict(list)  # token → (offer, tf)
        # needs repeat their wording; a cache per matcher (one on the class would keep old matchers alive)
        self._suggest_tokens = lru_cache(maxsize=4096)(self._suggest_uncached)

    # --- indexes --------------------------------------------------------------------------------------
    def _build_factors(self) -> None:
        """Locality (for a buyer outside every park) × capability of every enterprise, as one array."""
        locality = np.array([self._locality(info, None)[0] for info in self.info])
        self.capability = np.array([1.0 + (0.08 if info["above_scale"] else 0.0) + min(0.12, 0.04 * (info["quals"] or 0))
                                    for info in self.info])
        self.static = locality * self.capability
        rows: dict[str, list[int]] = defaultdict(list)
        for i, info in enumerate(self.info):
            if info["park"]:
                rows[info["park"]].append(i)
        self.park_rows = {park: np.array(r) for park, r in rows.items()}
        self.rank_key = np.argsort(np.array([info["uscc"] for info in self.info]), kind="stable").argsort()

    def _document(self, info: dict) -> list[str]:
        return self.analyzer.tokens(self._document_text(info))

    def _document_text(self, info: dict) -> str:
        """What is indexed of an enterprise: its products and texts, and (not plain) its positions'
        node names and keywords."""
        if self.plain:
            return info["text"] or ""
        extra = " ".join(self._node_text(n) for n in self.nodes_of.get(info["enterprise"], []) if n in self.node)
        return f"{info['text'] or ''} {extra}"

    def _node_text(self, code: str) -> str:
        """What names a node: its name, English name (when the registry has one) and keywords."""
        n = self.node[code]
        return " ".join([n["name"], n.get("name_en") or "", *(n["keywords"] or [])])

    def _build_text_index(self) -> None:
        corpus = [self._document(info) or ["∅"] for info in self.info]
        self.doc_tokens = [frozenset(tokens) for tokens in corpus]  # for the reasons, without re-tokenising
        self.avg_length = float(np.mean([len(tokens) for tokens in corpus])) if corpus else 1.0
        self.index = bm25s.BM25(k1=K1, b=B)
        self.index.index(corpus, show_progress=False)
        self.postings = self.index.scores  # term → documents (CSC: indptr, indices, data = BM25 weights)
        self.vocabulary = self.index.vocab_dict

    def _build_node_index(self, nodes: list[dict]) -> None:
        self.node_codes = [n["code"] for n in nodes if n.get("level", 2) >= 2]
        docs = [self.analyzer.tokens(self._node_text(c)) or ["∅"] for c in self.node_codes]
        self.node_index = bm25s.BM25()
        self.node_index.index(docs, show_progress=False)

    def add_offer(self, enterprise: int, text: str) -> None:
        """Make an offer searchable at once: its terms go to a small inverted list scored with the main
        index's statistics, so a rare product word weighs as it would after a rebuild."""
        if enterprise not in self.row:
            return
        tokens = self.analyzer.tokens(text)
        offer = len(self.delta)
        self.delta.append((self.row[enterprise], len(tokens)))
        for token, tf in Counter(tokens).items():
            self.delta_postings[token].append((offer, tf))

    def decline(self, need_key: str, supplier: int) -> None:
        self.declined[need_key].add(supplier)

    # --- nodes ------------------------------------------------------------------------------------------
    def suggest_nodes(self, text: str, k: int = 3) -> list[str]:
        """The chain nodes a need's text is about, best first."""
        return self._suggest_tokens(tuple(self.analyzer.tokens(text)), k)

    def _suggest_uncached(self, tokens: tuple[str, ...], k: int) -> list[str]:
        if not tokens:
            return []
        docs, scores = self.node_index.retrieve([list(tokens)], k=min(k, len(self.node_codes)), show_progress=False)
        return [self.node_codes[d] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def _subtree(self, code: str) -> tuple[str, ...]:
        """The node and every node below it (walked once per node: the tree does not change)."""
        found = self.subtrees.get(code)
        if found is None:
            out, stack = [], [code]
            while stack:
                c = stack.pop()
                out.append(c)
                stack += self.children.get(c, [])
            found = self.subtrees[code] = tuple(out)
        return found

    # --- matching --------------------------------------------------------------------------------------
    def _text_scores(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """BM25 of every enterprise (dense; the postings of each query term added in), with each new
        offer's score on the same scale taken when higher; and the rows whose offers matched."""
        scores = np.zeros(len(self.ids))
        indptr, indices, weights = self.postings["indptr"], self.postings["indices"], self.postings["data"]
        for token in tokens:  # a repeated query term counts again, as in bm25s
            t = self.vocabulary.get(token)
            if t is not None:
                scores[indices[indptr[t]:indptr[t + 1]]] += weights[indptr[t]:indptr[t + 1]]
        if not self.delta:
            return scores, np.empty(0, dtype=np.int64)
        offers: dict[int, float] = defaultdict(float)
        n_docs = len(self.ids)
        for token in tokens:
            postings = self.delta_postings.get(token)
            if not postings:
                continue
            t = self.vocabulary.get(token)
            df = int(indptr[t + 1] - indptr[t]) if t is not None else 0
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            for offer, tf in postings:
                length = self.delta[offer][1]
                offers[offer] += idf * tf / (tf + K1 * (1 - B + B * length / self.avg_length))
        rows = np.array([self.delta[o][0] for o in offers], dtype=np.int64)
        if len(rows):
            np.maximum.at(scores, rows, np.fromiter(offers.values(), dtype=float, count=len(offers)))
        return scores, rows

    def _chain_fit(self, need_nodes: list[str], weights: list[float]) -> np.ndarray:
        """Chain fit of every enterprise: on a need's node (or below it) 1.0, on a node feeding it 0.85
        — 1.0 when no enterprise is on the need's node (a gap: its feeders are the suppliers there
        are) — times the node's weight; elsewhere 0 (text only)."""
        fit = np.zeros(len(self.ids))
        for code, weight in zip(need_nodes, weights, strict=True):
            on = [rows for sub in self._subtree(code) if (rows := self.on_node.get(sub))]
            feeders = CHAIN_FIT["upstream"] if on else CHAIN_FIT["node"]
            for source in self.into.get(code, []):
                for sub in self._subtree(source):
                    rows = self.on_node.get(sub)
                    if rows:
                        fit[rows] = np.maximum(fit[rows], feeders * weight)
            for rows in on:
                fit[rows] = np.maximum(fit[rows], CHAIN_FIT["node"] * weight)
        return fit

    def _why_on_chain(self, e: int, need_nodes: list[str]) -> tuple[str | None, str]:
        """(the enterprise's node that fits, the need's node it feeds or "" when it is on it)."""
        mine = set(self.nodes_of.get(e, []))
        for code in need_nodes:
            for sub in self._subtree(code):
                if sub in mine:
                    return sub, ""
        for code in need_nodes:
            for source in self.into.get(code, []):
                for sub in self._subtree(source):
                    if sub in mine:
                        return sub, code
        return None, ""

    def _top(self, score: np.ndarray, top: int) -> list[int]:
        """Rows of the ``top`` best positive scores, ties by USCC."""
        positive = np.flatnonzero(score > 0)
        if len(positive) > top:
            kth = np.partition(score[positive], len(positive) - top)[len(positive) - top]
            positive = positive[score[positive] >= kth]
        order = np.lexsort((self.rank_key[positive], -score[positive]))
        return [int(r) for r in positive[order][:top]]

    def match(self, text: str, *, buyer: int | None = None, nodes: list[str] | None = None, top: int = 10,
              need_key: str | None = None) -> list[Suggestion]:
        tokens = self.analyzer.tokens(text)
        text_scores, offer_rows = self._text_scores(tokens)
        buyer_row = self.row.get(buyer) if buyer is not None else None
        if self.plain:
            if buyer_row is not None:
                text_scores[buyer_row] = 0.0
            return [self._suggestion(r, float(text_scores[r]), None, []) for r in self._top(text_scores, top)]
        need_nodes = nodes or self._suggest_tokens(tuple(tokens), 2)
        # a node the poster confirmed counts fully; of two suggested from the text, the second less
        weights = [1.0 if nodes or i == 0 else SECOND_NODE for i in range(len(need_nodes))]
        fit = self._chain_fit(need_nodes, weights)
        chain = np.where(fit > 0, fit, CHAIN_FIT["text"])
        if len(offer_rows):  # an offer posted for this product speaks as loudly as a position
            chain[offer_rows] = np.maximum(chain[offer_rows], CHAIN_FIT["upstream"])
        relevance = text_scores / (text_scores.max() or 1.0)
        core = 0.65 * relevance + 0.35 * chain
        score = np.where((text_scores > 0) | (fit > 0), core * self.static, 0.0)
        buyer_info = self.info[buyer_row] if buyer_row is not None else None
        if buyer_info and buyer_info["park"] in self.park_rows:
            same_park = self.park_rows[buyer_info["park"]]
            score[same_park] = np.where(score[same_park] > 0,
                                        core[same_park] * LOCALITY["park"] * self.capability[same_park], 0.0)
        deals = self.deals.get(buyer, {}) if buyer is not None else {}
        for r, n in deals.items():
            score[r] *= 1.0 + min(0.3, 0.1 * n)
        declined = {self.row[e] for e in self.declined.get(need_key or "", ()) if e in self.row}
        for r in declined:
            score[r] *= 0.25
        if buyer_row is not None:
            score[buyer_row] = 0.0
        offered = set(offer_rows.tolist())
        need_terms: dict[str, str] | None = None  # the need's whole words, for the winners' reasons
        out = []
        for r in self._top(score, top):  # reasons only for the winners
            e, info = self.ids[r], self.info[r]
            node, target = self._why_on_chain(e, need_nodes)
            reasons = []
            if node and not target:
                reasons.append(f"位于所需环节：{self._node_label(node)}")
            elif node:
                reasons.append(f"供应链路径：{self._node_label(node)} → {self._node_label(target)}")
            if r in offered:
                reasons.append("已发布相关供给信息")
            if text_scores[r] > 0:
                if need_terms is None:
                    need_terms = self.analyzer.terms(text)
                words = self._matched_terms(tokens, need_terms, r)
                if words:
                    reasons.append(f"产品匹配：{'、'.join(words)}")
            reasons.append(self._locality(info, buyer_info)[1])
            if info["above_scale"] or info["quals"]:
                reasons.append("规上企业" if info["above_scale"] else f"持有{info['quals']}项资质")
            if deals.get(r):
                reasons.append(f"曾与贵司成交{deals[r]}次")
            if r in declined:
                reasons.append("此前谢绝过该需求，已降低排序")
            out.append(self._suggestion(r, float(score[r]), node or (self.nodes_of.get(e) or [None])[0], reasons))
        return out

    def _matched_terms(self, tokens: list[str], need_terms: dict[str, str], r: int, most: int = 4) -> list[str]:
        """The words the need and the enterprise share, whole and as written — 传感器, not the 感器 or
        传感 BM25 also matched inside it; 智能手机, not 能手. A token is shown when it is a whole word
        in the need (else in the enterprise's text), by that word; a synonym by both words when they
        differ (IGBT模块（绝缘栅双极晶体管）); a word inside another shown one is left out."""
        theirs: dict[str, str] | None = None
        shown: list[tuple[str, str]] = []  # (word, label)
        for token in dict.fromkeys(tokens):
            if token not in self.doc_tokens[r]:
                continue
            if theirs is None:
                theirs = self._doc_terms(r)
            mine, other = need_terms.get(token), theirs.get(token)
            word = mine or other
            if word is None:  # a piece of longer words on both sides
                continue
            differ = mine and other and normalise(mine) != normalise(other)
            shown.append((word, f"{mine}（{other}）" if differ else word))
        words = [normalise(w) for w, _ in shown]
        return [label for w, label in shown
                if not any(normalise(w) != other and normalise(w) in other for other in words)][:most]

    def _doc_terms(self, r: int) -> dict[str, str]:
        """The whole words of an enterprise's indexed text (remembered for the last few thousand)."""
        found = self._terms_cache.get(r)
        if found is None:
            if len(self._terms_cache) >= 4096:
                self._terms_cache.clear()
            found = self._terms_cache[r] = self.analyzer.terms(self._document_text(self.info[r]))
        return found

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

    def _suggestion(self, r: int, score: float, node: str | None, reasons: list[str]) -> Suggestion:
        info = self.info[r]
        return Suggestion(self.ids[r], info["uscc"], info["name"], score, node, reasons)

    def batch(self, needs: list[tuple[str, str, int | None]], top: int = 10) -> dict[str, list[Suggestion]]:
        """Many needs at once: (id, text, buyer) → suggestions; a need repeated word for word (same
        text and buyer, no decline on it) is answered once."""
        out: dict[str, list[Suggestion]] = {}
        seen: dict[tuple[str, int | None], list[Suggestion]] = {}
        for key, text, buyer in needs:
            plain_need = not self.declined.get(key)
            if plain_need and (text, buyer) in seen:
                out[key] = seen[(text, buyer)]
                continue
            out[key] = self.match(text, buyer=buyer, top=top, need_key=key)
            if plain_need:
                seen[(text, buyer)] = out[key]
        return out


def ndcg_at(ranked: list[int], relevant: set[int], k: int = 10) -> float:
    gains = [1.0 / math.log2(i + 2) for i, e in enumerate(ranked[:k]) if e in relevant]
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return sum(gains) / ideal if ideal else 0.0


def recall_at(ranked: list[int], relevant: set[int], k: int = 10) -> float:
    return len(set(ranked[:k]) & relevant) / min(k, len(relevant)) if relevant else 0.0



