"""Benchmark: the matching engine (liandong.engines.matching) — quality against plain BM25, and speed.

A labelled set is generated (fixed seed) from the five default chains (liandong/data/chains/*.yaml):
synthetic enterprises positioned on level-2/3 nodes describe their products in varied wording — a
node keyword or name, a synonym / abbreviation / English term from ``text.SYNONYMS`` when the keyword
is one of its concepts, the node's English name, glued prefixes and suffixes (国产…, …配件), specs,
models, place names — next to noise enterprises (unrelated trades, and traders listing products of
random nodes). Needs are written the way buyers write them ("我司需采购一批…", "寻找…供应商",
"求购…", quantities, requirements), with a term that names only the need's node (a different variant
than most suppliers wrote where the synonym table offers one). Ground truth: the enterprises
positioned on the need's node or its sub-nodes, never the buyer (an enterprise on a node the need's
node feeds, else any other). Nine leaf nodes that a cross-chain edge feeds (e.g. 毫米波雷达 ← 射频芯片)
are left without suppliers: their needs are served only by the other chain's node.

Both sides index the same enterprise texts and get only the need's text and buyer: (a) plain BM25,
``Matcher(data, plain=True)``; (b) the full engine, ``Matcher(data)``, called without ``nodes=``
(it suggests the need's nodes from the text). Reported: recall@10 and nDCG@10 side by side, by kind
of need, and ``quality_ok`` = the engine beats plain BM25 by ≥ 10 points of recall@10.

Speed, on a 100,000-enterprise district: index build, p50/p95 of single ``match()`` calls after a
warm-up (limit 100 ms p95), 10,000 needs through one ``batch()`` (limit 60 s; when the single calls
project the full batch beyond --batch-budget seconds, one ``batch()`` of a sample — 2,000 needs, fewer
if they would take over the budget — is timed and the 10,000 figure extrapolated, labelled so), and
``add_offer()``: 20 offers of new products, each looked for by a need right after it is posted (found =
in that need's top 10; half posted after 200 other offers), with their seconds. Prints one JSON line; ``bench/_matching_diagnose.py`` breaks
the figures down.
    .venv/bin/python bench/matching.py [--enterprises 20000] [--needs 1000] [--speed-enterprises 100000]
        [--single 300] [--batch 10000] [--batch-sample 2000] [--batch-budget 400] [--skip-speed] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl
from _common import report, uscc

from liandong.chains.defaults import flatten_nodes, read_default_chains
from liandong.engines.matching import SYNONYMS, MatchData, Matcher, ndcg_at, normalise, recall_at

P95_LIMIT_MS = 100.0
BATCH_LIMIT_SECONDS = 60.0
QUALITY_GAP = 0.10
K = 10
WARM_UP = 20

VARIANT_TO_CONCEPT = {normalise(v): c for c, variants in SYNONYMS.items() for v in variants}
PLACES = ("天津", "滨海新区", "西青", "武清", "津南", "东丽", "北辰", "京津冀", "华北地区", "天津港保税区")
EXTRAS = ("规格齐全", "型号齐全", "高品质", "可定制", "支持来图来样定制", "现货供应", "量大从优", "品质保证",
          "通过ISO9001认证", "提供技术支持", "售后无忧", "厂家直销", "支持OEM", "交期短", "性价比高", "欢迎来电洽谈")
PREFIXES = ("国产", "进口", "高端", "工业级", "车规级", "精密", "新型", "定制", "高性能", "大批量")
SUFFIXES = ("配件", "组件", "系列", "产品", "模块", "及配套", "整体方案", "耗材")
SUPPLIER_TEMPLATES = (
    "{terms}的研发、生产与销售",
    "专业生产{terms}，{extra}，{extra2}",
    "主营{terms}；{extra}",
    "{place}{term}生产基地，提供{terms}及相关配套服务",
    "{prefix}{term}{suffix}，型号{model}，{extra}",
    "公司产品：{terms}（{model}等型号），{extra}",
    "{terms} {spec} {extra}",
)
NEED_TEMPLATES = (
    "我司需采购一批{term}，{qty}，{req}",
    "寻找{term}供应商，{qty}",
    "求购{term}，{qty}，{req}",
    "急需{prefix}{term}，{req}",
    "拟采购{term}用于{use}，{qty}，{req}",
    "{use}需要{term}，{qty}，请有意向的厂家联系",
    "长期求购{term}，{qty}",
)
QTY = ("数量约{n}套", "首批{n}台", "月需求约{n}件", "年用量约{n}万片", "约{n}吨", "数量{n}个", "需{n}批次", "预计{n}套左右")
REQS = ("要求交期两周内", "需提供检测报告", "优先本地企业", "要求符合国标", "可长期合作", "含税含运费",
        "需提供样品", "要求有相关资质", "预算充足", "价格面议")
USES = ("产线升级", "新建项目", "研发测试", "设备改造", "新品试制", "扩产")
NEW_PRODUCTS = ("石墨烯导热垫片", "液态金属导热膏", "氮化硼散热膜", "防静电周转箱", "无尘擦拭布", "真空吸塑托盘",
                "陶瓷劈刀", "晶圆传送盒", "锂电池极耳胶", "车用香氛系统", "纳米银浆", "聚酰亚胺薄膜", "工业防爆灯",
                "耐高温硅胶密封圈", "激光焊接治具", "智能仓储货架", "电子级环氧塑封料", "氟橡胶O型圈", "钛合金骨钉",
                "冷链温度记录仪")
NOISE_TRADES = ("餐饮服务", "物业管理", "劳务派遣", "办公用品批发", "建筑装饰工程", "五金交电", "广告设计制作",
                "道路货物运输", "房屋租赁", "保洁服务", "会议展览服务", "服装鞋帽零售", "预包装食品销售",
                "园林绿化工程", "企业管理咨询", "财务代理记账", "家具销售", "日用百货", "酒店住宿", "人力资源服务",
                "印刷品印刷", "包装材料销售", "劳保用品", "消防设施维保", "电线电缆销售", "钢材贸易", "化工产品销售（不含危险品）")


# --- the taxonomy ---------------------------------------------------------------------------------------

@dataclass
class Taxonomy:
    nodes: pl.DataFrame
    edges: pl.DataFrame
    node: dict[str, dict]                   # code -> node (level ≥ 2)
    children: dict[str, list[str]]
    owners: dict[str, set[str]]             # normalised term -> nodes naming it (name or keyword)
    downstream: dict[str, set[str]]         # node -> nodes it (or an ancestor) has an edge into
    cross: dict[str, list[str]]             # leaf target of a cross-chain edge -> its sources
    cross_edges: int = 0
    subtree_memo: dict[str, frozenset[str]] = field(default_factory=dict)
    own_memo: dict[tuple[str, str], bool] = field(default_factory=dict)

    def subtree(self, code: str) -> frozenset[str]:
        if code not in self.subtree_memo:
            out, stack = set(), [code]
            while stack:
                c = stack.pop()
                out.add(c)
                stack += self.children.get(c, [])
            self.subtree_memo[code] = frozenset(out)
        return self.subtree_memo[code]

    def terms(self, code: str) -> list[str]:
        n = self.node[code]
        return list(dict.fromkeys([n["name"], *n["keywords"]]))

    def own(self, code: str, term: str) -> bool:
        """The term names only this node or its sub-nodes, and no other node's term contains it (笔记本
        is not only 信创终端's: 笔记本电脑 is 电脑与平板's), so a need written with it is unambiguous."""
        key = (code, normalise(term))
        if key not in self.own_memo:
            t, inside = key[1], self.subtree(code)
            self.own_memo[key] = self.owners.get(t, set()) <= inside and not any(
                t in other for other, nodes in self.owners.items() if other != t and nodes - inside)
        return self.own_memo[key]


def taxonomy() -> Taxonomy:
    chains = read_default_chains()
    rows = []
    for chain in chains:
        rows += [{**n, "chain": chain["code"], "chain_name": chain["name"]} for n in flatten_nodes(chain)]
    nodes = pl.DataFrame(rows).select("code", "name", "name_en", "chain", "chain_name", "parent", "level",
                                      "keywords")
    pairs = [(e["from"], e["to"]) for chain in chains for e in chain.get("edges", [])]
    edges = pl.DataFrame(pairs, schema={"source": pl.String, "target": pl.String}, orient="row")
    by_code = {r["code"]: r for r in rows}
    children: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if r["parent"]:
            children[r["parent"]].append(r["code"])
    node = {r["code"]: r for r in rows if r["level"] >= 2}
    owners: dict[str, set[str]] = defaultdict(set)
    for code, n in node.items():
        for t in (n["name"], *n["keywords"]):
            owners[normalise(t)].add(code)
    into: dict[str, set[str]] = defaultdict(set)
    for s, t in pairs:
        into[s].add(t)
    downstream: dict[str, set[str]] = {}
    for code in node:
        out, c = set(), code
        while c:
            out |= into.get(c, set())
            c = by_code[c]["parent"]
        downstream[code] = out
    cross: dict[str, list[str]] = defaultdict(list)
    n_cross = 0
    for s, t in pairs:
        if by_code[s]["chain"] != by_code[t]["chain"]:
            n_cross += 1
            if not children.get(t):  # leaf targets only: emptying them leaves the rest of the chain intact
                cross[t].append(s)
    return Taxonomy(nodes, edges, node, children, owners, downstream, dict(cross), n_cross)


# --- the district -----------------------------------------------------------------------------------------

@dataclass
class District:
    data: MatchData
    tax: Taxonomy
    on_node: dict[str, list[int]]
    positioned: list[int]


def _model(rng: random.Random) -> str:
    return f"{rng.choice('ABCDEFGHJKLMNPQRSTXYZ')}{rng.choice('ABCDEFGHJKLMNPQRSTXYZ')}-{rng.randint(10, 9999)}"


def _spec(rng: random.Random) -> str:
    return rng.choice((f"{rng.choice((4, 6, 8, 12))}英寸", f"{rng.randint(1, 500)}mm", f"{rng.randint(5, 1200)}V",
                       f"{rng.randint(1, 400)}kW", f"精度±{rng.choice((0.01, 0.05, 0.1, 0.5))}", "规格可选"))


def supplier_terms(tax: Taxonomy, code: str, rng: random.Random) -> list[str]:
    """1–3 product terms for an enterprise on the node, in varied wording."""
    n = tax.node[code]
    terms = tax.terms(code)
    variants = [v for t in terms if (c := VARIANT_TO_CONCEPT.get(normalise(t)))
                for v in SYNONYMS[c] if normalise(v) not in {normalise(x) for x in terms}]
    out = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        r = rng.random()
        if r < 0.2 and variants:
            t = rng.choice(variants)
            out.append(t.upper() if t.isascii() and len(t) <= 5 else t)
        elif r < 0.28 and n["name_en"]:
            out.append(n["name_en"])
        else:
            out.append(rng.choice(terms))
    if tax.children.get(code) and rng.random() < 0.3:
        out.append(rng.choice(tax.terms(rng.choice(tax.children[code]))))
    return list(dict.fromkeys(out))


def supplier_text(terms: list[str], rng: random.Random) -> str:
    sep = rng.choice(("、", "、", " ", "/", "，"))
    return rng.choice(SUPPLIER_TEMPLATES).format(
        terms=sep.join(terms), term=terms[0], extra=rng.choice(EXTRAS), extra2=rng.choice(EXTRAS),
        place=rng.choice(PLACES), prefix=rng.choice(PREFIXES), suffix=rng.choice(SUFFIXES), model=_model(rng),
        spec=_spec(rng))


def build_district(tax: Taxonomy, n: int, seed: int) -> District:
    """n enterprises: ~85% positioned (skewed node popularity, 10% on a second node), the rest noise."""
    rng = random.Random(seed)
    codes = sorted(c for c in tax.node if c not in tax.cross)  # cross-chain leaf targets stay empty
    weights = [rng.lognormvariate(0, 0.8) for _ in codes]
    rows, positions = [], []
    on_node: dict[str, list[int]] = defaultdict(list)
    positioned = []
    all_terms = [t for c in codes for t in tax.terms(c)]
    for e in range(1, n + 1):
        local = rng.random() < 0.9
        r = rng.random()
        if r < 0.85:
            places = [rng.choices(codes, weights)[0]]
            if rng.random() < 0.1:
                places.append(rng.choices(codes, weights)[0])
            places = list(dict.fromkeys(places))
            text = "；".join(supplier_text(supplier_terms(tax, c, rng), rng) for c in places)
            for c in places:
                positions.append((e, c))
                on_node[c].append(e)
            positioned.append(e)
        elif r < 0.95:  # unrelated trades
            text = "、".join(rng.sample(NOISE_TRADES, rng.randint(1, 4))) + rng.choice(("", "；" + rng.choice(EXTRAS)))
        else:  # traders: products of random nodes, not positioned (not suppliers in the ground truth)
            text = "代理销售" + "、".join(rng.sample(all_terms, rng.randint(3, 7))) + "等，" + rng.choice(EXTRAS)
        rows.append((e, uscc(e), f"企业{e}", f"P{rng.randint(1, 25)}" if local and rng.random() < 0.6 else None,
                     local, local or rng.random() < 0.5, rng.random() < 0.1, rng.choice((0, 0, 0, 1, 2, 3)), text))
    enterprises = pl.DataFrame(rows, orient="row", schema={
        "enterprise": pl.Int64, "uscc": pl.String, "name": pl.String, "park": pl.String, "local": pl.Boolean,
        "city": pl.Boolean, "above_scale": pl.Boolean, "quals": pl.Int64, "text": pl.String})
    data = MatchData(enterprises=enterprises,
                     positions=pl.DataFrame(positions, orient="row", schema={"enterprise": pl.Int64, "node": pl.String}),
                     nodes=tax.nodes, edges=tax.edges)
    return District(data, tax, dict(on_node), positioned)


# --- needs ----------------------------------------------------------------------------------------------

@dataclass
class Need:
    key: str
    text: str
    buyer: int
    node: str
    kind: str          # keyword | synonym | english | cross_chain
    relevant: set[int]


def synonym_variants(tax: Taxonomy, code: str) -> list[str]:
    """Other variants (``text.SYNONYMS``) of the node's own terms that still name only this node: the
    variant and the concept's head must not name a node outside it (驱动电机 is not 电驱, CNC is not 机床)."""
    out = []
    for t in tax.terms(code):
        concept = VARIANT_TO_CONCEPT.get(normalise(t))
        if concept and tax.own(code, t) and tax.own(code, concept):
            out += [v for v in SYNONYMS[concept] if normalise(v) != normalise(t) and tax.own(code, v)]
    return list(dict.fromkeys(out))


def need_phrase(tax: Taxonomy, code: str, rng: random.Random, synonym: bool = False) -> tuple[str, str] | None:
    """A product term that names only this node (or its sub-nodes), often a synonym variant."""
    n = tax.node[code]
    usable = [t for t in tax.terms(code) if tax.own(code, t)]
    if not usable:
        return None
    synonyms = synonym_variants(tax, code)
    r = rng.random()
    if synonyms and (synonym or r < 0.55):
        v = rng.choice(synonyms)
        return (v.upper() if v.isascii() and len(v) <= 5 else v), "synonym"
    if n["name_en"] and r > 0.95:
        return n["name_en"], "english"
    # prefer a keyword other than the node name (suppliers write the name most often)
    others = [t for t in usable if t != n["name"]] or usable
    return rng.choice(others), "keyword"


def need_text(term: str, rng: random.Random) -> str:
    qty = rng.choice(QTY).format(n=rng.choice((2, 5, 10, 20, 50, 100, 200, 500, 1000)))
    return rng.choice(NEED_TEMPLATES).format(term=term, qty=qty, req=rng.choice(REQS), use=rng.choice(USES),
                                             prefix=rng.choice(("", "", "国产", "进口", "高端", "定制")))


def make_needs(d: District, count: int, seed: int, cross_share: float = 0.1, synonym_share: float = 0.15
               ) -> list[Need]:
    """count needs: ~cross_share on cross-chain leaf targets, ~synonym_share on the nodes the synonym
    table covers (phrased with a synonym), the rest on any node with suppliers."""
    rng = random.Random(seed)
    tax = d.tax
    counts = {c: len(v) for c, v in d.on_node.items()}

    memo: dict[str, frozenset[int]] = {}

    def suppliers(code: str) -> frozenset[int]:
        if code not in memo:
            memo[code] = frozenset(e for c in tax.subtree(code) for e in d.on_node.get(c, []))
        return memo[code]

    buyers: dict[str, list[int]] = {}

    def downstream(code: str) -> list[int]:
        if code not in buyers:
            buyers[code] = sorted(set().union(*(suppliers(t) for t in tax.downstream.get(code, ()))))
        return buyers[code]

    targets = sorted(c for c in tax.node if c not in tax.cross and any(counts.get(s) for s in tax.subtree(c)))
    cross = sorted(t for t, sources in tax.cross.items() if any(suppliers(s) for s in sources))
    with_synonyms = [c for c in targets if synonym_variants(tax, c)]
    out: list[Need] = []
    tries = 0
    while len(out) < count and tries < count * 20:
        tries += 1
        r = rng.random()
        is_cross, is_synonym = bool(cross) and r < cross_share, r > 1 - synonym_share
        code = rng.choice(cross if is_cross else with_synonyms if is_synonym else targets)
        phrase = need_phrase(tax, code, rng, synonym=is_synonym)
        if phrase is None:
            continue
        term, kind = phrase
        relevant = set().union(*(suppliers(s) for s in tax.cross[code])) if is_cross else set(suppliers(code))
        pool = downstream(code)
        buyer = 0
        for _ in range(5):  # a downstream enterprise that is not itself a supplier of the need
            buyer = rng.choice(pool) if pool else rng.randint(1, d.data.enterprises.height)
            if buyer not in relevant:
                break
        relevant.discard(buyer)
        if not relevant:
            continue
        out.append(Need(f"n{len(out)}", need_text(term, rng), buyer, code, "cross_chain" if is_cross else kind,
                        relevant))
    return out


# --- runs -----------------------------------------------------------------------------------------------

def evaluate(matcher: Matcher, needs: list[Need]) -> dict[str, dict[str, float]]:
    by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for need in needs:
        ranked = [s.enterprise for s in matcher.match(need.text, buyer=need.buyer, top=K)]
        assert need.buyer not in ranked
        score = (recall_at(ranked, need.relevant, K), ndcg_at(ranked, need.relevant, K))
        by_kind[need.kind].append(score)
        by_kind["all"].append(score)
    return {kind: {"needs": len(v), "recall": round(statistics.fmean(s[0] for s in v), 4),
                   "ndcg": round(statistics.fmean(s[1] for s in v), 4)} for kind, v in sorted(by_kind.items())}


def quality(tax: Taxonomy, n_enterprises: int, n_needs: int, seed: int) -> dict:
    district = build_district(tax, n_enterprises, seed)
    needs = make_needs(district, n_needs, seed + 1)
    plain = evaluate(Matcher(district.data, plain=True), needs)
    engine = evaluate(Matcher(district.data), needs)
    gap = engine["all"]["recall"] - plain["all"]["recall"]
    return {
        "enterprises": n_enterprises, "positions": district.data.positions.height, "needs": len(needs),
        "mean_relevant": round(statistics.fmean(len(n.relevant) for n in needs), 1),
        "plain_recall@10": plain["all"]["recall"], "engine_recall@10": engine["all"]["recall"],
        "plain_ndcg@10": plain["all"]["ndcg"], "engine_ndcg@10": engine["all"]["ndcg"],
        "recall_gain_points": round(100 * gap, 1), "quality_ok": gap >= QUALITY_GAP,
        "by_kind": {kind: {"needs": engine[kind]["needs"], "plain_recall": plain[kind]["recall"],
                           "engine_recall": engine[kind]["recall"], "plain_ndcg": plain[kind]["ndcg"],
                           "engine_ndcg": engine[kind]["ndcg"]} for kind in engine if kind != "all"},
    }


def speed(tax: Taxonomy, n_enterprises: int, n_single: int, n_batch: int, n_sample: int, budget: float,
          seed: int) -> dict:
    district = build_district(tax, n_enterprises, seed + 100)
    needs = make_needs(district, max(WARM_UP + n_single, n_batch), seed + 101)
    t0 = time.perf_counter()
    matcher = Matcher(district.data)
    build = time.perf_counter() - t0
    for need in needs[:WARM_UP]:
        matcher.match(need.text, buyer=need.buyer)
    times = []
    for need in needs[WARM_UP:WARM_UP + n_single]:
        t0 = time.perf_counter()
        matcher.match(need.text, buyer=need.buyer, top=K)
        times.append(time.perf_counter() - t0)
    times_ms = sorted(1000 * t for t in times)
    p50, p95 = statistics.median(times_ms), times_ms[min(len(times_ms) - 1, int(0.95 * len(times_ms)))]
    out = {"enterprises": n_enterprises, "positions": district.data.positions.height,
           "build_seconds": round(build, 1), "single_needs": len(times_ms), "p50_ms": round(p50, 1),
           "p95_ms": round(p95, 1), "max_ms": round(times_ms[-1], 1), "p95_limit_ms": P95_LIMIT_MS}
    batch = [(n.key, n.text, n.buyer) for n in needs[:n_batch]]
    # The full batch runs when the single calls project it within the budget; otherwise one batch() of a
    # sample (n_sample needs, fewer if they would take over budget seconds), extrapolated linearly.
    mean = statistics.fmean(times)
    if n_sample and mean * len(batch) > budget:
        size = max(100, min(n_sample, int(budget / mean)))
        t0 = time.perf_counter()
        matcher.batch(batch[:size])
        measured = time.perf_counter() - t0
        batch_seconds = measured * len(batch) / size
        out.update({"batch_needs": len(batch), "batch_measured_needs": size,
                    "batch_measured_seconds": round(measured, 1),
                    "batch_seconds_extrapolated": round(batch_seconds, 1), "batch_extrapolated": True})
    else:
        t0 = time.perf_counter()
        matcher.batch(batch)
        batch_seconds = time.perf_counter() - t0
        out.update({"batch_needs": len(batch), "batch_seconds": round(batch_seconds, 1), "batch_extrapolated": False})
    out["batch_limit_seconds"] = BATCH_LIMIT_SECONDS
    out["batch_ok"] = batch_seconds <= BATCH_LIMIT_SECONDS
    out["p95_ok"] = p95 <= P95_LIMIT_MS
    out.update(incremental(matcher, district, seed))
    return out


def incremental(matcher: Matcher, district: District, seed: int) -> dict:
    """Offers of new products (no enterprise writes them; a few share a word with a node keyword: 塑封料,
    O型圈, 钛合金), each looked for by a need right after add_offer(): found = the offering enterprise in
    the need's top 10. Half are posted into an empty delta index, half after 200 other offers (each
    add_offer re-indexes the whole delta)."""
    rng = random.Random(seed + 300)
    n = district.data.enterprises.height
    added, took, found, missed = [], [], 0, []
    for i, product in enumerate(NEW_PRODUCTS):
        if i == len(NEW_PRODUCTS) // 2:
            for j in range(200):
                matcher.add_offer(rng.randint(1, n), f"新增产品{j}：{_model(rng)}型{rng.choice(('支架', '治具', '夹具'))}")
        seller, buyer = rng.randint(2, n), 1
        t0 = time.perf_counter()
        matcher.add_offer(seller, f"新品上市：{product}，{rng.choice(EXTRAS)}")
        t1 = time.perf_counter()
        ranked = [s.enterprise for s in matcher.match(need_text(product, rng), buyer=buyer, top=K)]
        t2 = time.perf_counter()
        added.append(t1 - t0)
        took.append(t2 - t0)
        if seller in ranked:
            found += 1
        else:
            missed.append(product)
    return {"offers": len(NEW_PRODUCTS), "offers_found": found, "offer_found": found == len(NEW_PRODUCTS),
            "offers_missed": missed, "add_offer_max_seconds": round(max(added), 4),
            "offer_found_max_seconds": round(max(took), 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=20_000, help="quality run: district size")
    parser.add_argument("--needs", type=int, default=1_000, help="quality run: labelled needs")
    parser.add_argument("--speed-enterprises", type=int, default=100_000)
    parser.add_argument("--single", type=int, default=300, help="single match() calls timed for p50/p95")
    parser.add_argument("--batch", type=int, default=10_000, help="needs in one batch() call")
    parser.add_argument("--batch-sample", type=int, default=2_000,
                        help="needs timed when the full batch projects far beyond the limit (0: always run it all)")
    parser.add_argument("--batch-budget", type=float, default=400.0,
                        help="seconds the batch may take (projected from the single calls) before a sample is timed instead")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    tax = taxonomy()
    t0 = time.perf_counter()
    q = quality(tax, args.enterprises, args.needs, args.seed)
    payload = {"bench": "matching", "chains": 5, "nodes_level_2_3": len(tax.node), "cross_chain_edges": tax.cross_edges,
               "cross_chain_leaf_targets": len(tax.cross), "quality": q,
               "quality_seconds": round(time.perf_counter() - t0, 1)}
    ok = q["quality_ok"]
    if not args.skip_speed:
        s = speed(tax, args.speed_enterprises, args.single, args.batch, args.batch_sample, args.batch_budget,
                  args.seed)
        payload["speed"] = s
        ok = ok and s["p95_ok"] and s["batch_ok"] and s["offer_found"]
    payload["ok"] = ok
    report(payload)


if __name__ == "__main__":
    main()
