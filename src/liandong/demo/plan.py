"""The pure part of the demo district: who the enterprises are, before anything touches the database.

``plan_demo(seed=..., scale=..., today=..., nodes=...)`` decides every enterprise's code, name,
chain positions, size, above-scale status and qualification grants from ``random.Random`` streams
derived from the seed (string seeds hash with SHA-512, so they do not depend on PYTHONHASHSEED).
No Django, no clock: the same arguments give the same plan on every machine.

The USCCs come from their own stream so that ``demo_usccs(seed, n)`` is a prefix of the codes of
any larger demo with the same seed; ``liandong demo`` uses that to recognise a district it built.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from liandong.demo import names as N
from liandong.engines.uscc import check_character

REFERENCE_SCALE = 600
# Published figures of the real park at ≈600 enterprises (mirrored exactly at scale 600).
ABOVE_SCALE_AT_REFERENCE = 56
TIERS_AT_REFERENCE: dict[str, int] = {
    "high-tech": 136,
    "tj-eaglet": 77,
    "tj-gazelle": 5,
    "innovative-sme": 85,
    "specialized-sme": 64,
    "little-giant": 7,
    "tj-leader": 4,
    "tech-sme": 180,
}
DEFAULT_VALIDITY: dict[str, int] = {"tech-sme": 1}  # everything else: 3 years
EXPIRED_SHARE = 0.10
ON_CHAIN_SHARE = 0.85
SECOND_POSITION_SHARE = 0.15
MISSING_LEAF_SHARE = 0.12
SINGLE_LEAF_SHARE = 0.06
ABOVE_SCALE_MIN_OUTPUT = 2.0e7  # 0.2 亿元 a year
ABOVE_SCALE_MAX_OUTPUT = 5.0e9  # 50 亿元 a year
INDUSTRIAL_SME_MAX_REVENUE = 1.9e7  # industrial enterprises below 2000 万元 are not above scale
SME_MIN_REVENUE, SME_MAX_REVENUE = 1.0e6, 5.0e8
GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def scaled(count_at_reference: int, scale: int) -> int:
    """A published figure at scale 600 carried proportionally to ``scale`` (at least 1), half-up."""
    return max(1, int(count_at_reference * scale / REFERENCE_SCALE + 0.5))


# --- reference: nodes and periods -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NodeSpec:
    code: str
    chain: str
    name: str
    level: int
    parent: str | None
    stage: str
    keywords: tuple[str, ...]
    industry_codes: tuple[str, ...]


def node_specs_from_defaults() -> list[NodeSpec]:
    """The shipped five chains as NodeSpecs (what a fresh database holds), for tests and tools."""
    from liandong.chains.defaults import flatten_nodes, read_default_chains

    out = []
    for chain in read_default_chains():
        for n in flatten_nodes(chain):
            out.append(NodeSpec(n["code"], chain["code"], n["name"], n["level"], n["parent"], n["stage"],
                                tuple(n["keywords"]), tuple(n["industry_codes"])))
    return out


def last_complete_month(today: date) -> tuple[int, int]:
    """The latest month whose figures exist on ``today``: this month on its last day, else the previous."""
    if (today + timedelta(days=1)).month != today.month:
        return today.year, today.month
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def window_periods(today: date, months: int = 36) -> list[str]:
    """``months`` periods ``YYYY-MM`` ending at ``last_complete_month(today)``, oldest first."""
    y, m = last_complete_month(today)
    out = []
    for _ in range(months):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# --- USCC -----------------------------------------------------------------------------------------
def organization_code(eight: str) -> str:
    """Eight digits plus their GB 11714-1997 check character (10 → X, 11 → 0)."""
    c = 11 - sum(int(a) * w for a, w in zip(eight, GB11714_WEIGHTS, strict=True)) % 11
    return eight + {10: "X", 11: "0"}.get(c, str(c))


def demo_usccs(seed: int, n: int) -> list[str]:
    """``n`` distinct valid USCCs of enterprises registered in 西青区 (91 120111 …), prefix-stable."""
    rng = random.Random(f"{seed}:uscc")
    seen: set[str] = set()
    out: list[str] = []
    prefix = "91" + N.DIVISION_CODE
    while len(out) < n:
        body = prefix + organization_code(f"{rng.randrange(100_000_000):08d}")
        code = body + check_character(body)
        if code not in seen:
            seen.add(code)
            out.append(code)
    return out


# --- the plan -------------------------------------------------------------------------------------
@dataclass(slots=True)
class PositionPlan:
    node: str
    chain: str
    role: str
    products: str


@dataclass(slots=True)
class GrantPlan:
    type: str
    granted: date
    expires: date
    certificate_no: str


@dataclass(slots=True)
class EnterprisePlan:
    idx: int
    uscc: str = ""
    name: str = ""
    zihao: str = ""
    domain: str = ""
    industry_code: str = ""
    group: str = ""  # level-2 node code of the primary position ("" off chain)
    chain: str | None = None  # primary chain code
    node: str | None = None  # primary node code
    industrial: bool = False
    established: date = date(2000, 1, 1)
    registered_capital: int = 0
    park: str | None = None
    address: str = ""
    employees: int = 0
    above_scale: bool = False
    size: float = 0.0  # latent size (standard normal)
    innovation: float = 0.0  # latent innovation score
    revenue: float = 0.0  # latest full year's revenue (yuan)
    output: float = 0.0  # above scale: annual output at the start of the indicator window (yuan)
    growth: float = 0.0  # annual growth trend
    entry_month: int | None = None  # above scale from this index of the indicator window on
    positions: list[PositionPlan] = field(default_factory=list)
    grants: list[GrantPlan] = field(default_factory=list)
    main_products: str = ""
    business_scope: str = ""


@dataclass(slots=True)
class DemoPlan:
    seed: int
    scale: int
    today: date
    enterprises: list[EnterprisePlan]
    missing_nodes: list[str]
    single_nodes: list[str]
    ent_users: tuple[int, int]


class _Weighted:
    """Weighted choice by bisection on cumulative weights (fast for repeated draws)."""

    def __init__(self, items: Sequence, weights: Iterable[float]):
        self.items = list(items)
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += max(w, 0.0)
            self.cum.append(total)
        self.total = total

    def __bool__(self) -> bool:
        return self.total > 0

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _is_industrial(code: str) -> bool:
    return code[:2].isdigit() and 13 <= int(code[:2]) <= 43


def _clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def plan_demo(
    *,
    seed: int,
    scale: int,
    today: date,
    nodes: Sequence[NodeSpec],
    industry_codes: set[str] | None = None,
    validity: dict[str, int] | None = None,
) -> DemoPlan:
    """Plan ``scale`` enterprises on ``nodes``. ``industry_codes``: valid GB/T 4754 classes (None: all)."""
    if scale < 1:
        raise ValueError("scale must be positive")
    rng = random.Random(f"{seed}:plan")
    validity = {**DEFAULT_VALIDITY, **(validity or {})}
    usccs = demo_usccs(seed, scale)
    by_code = {n.code: n for n in nodes}
    children: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        if n.parent:
            children[n.parent].append(n.code)

    def group_of(code: str) -> str:
        n = by_code[code]
        while n.level > 2 and n.parent:
            n = by_code[n.parent]
        return n.code

    def codes_of(n: NodeSpec) -> list[str]:
        own = [c for c in n.industry_codes if industry_codes is None or c in industry_codes]
        if own or n.level <= 2 or not n.parent:
            return own
        return codes_of(by_code[n.parent])

    # --- the chains' shape: weights, deliberately missing and single-enterprise leaves ---
    chains = sorted({n.chain for n in nodes if n.level >= 2},
                    key=lambda c: (-N.CHAIN_WEIGHTS.get(c, 0.05), c))
    leaf_pick: dict[str, _Weighted] = {}
    seg_pick: dict[str, _Weighted] = {}
    missing: list[str] = []
    single: list[str] = []
    stage_factor = {"upstream": 0.8, "midstream": 1.2, "downstream": 1.0}
    for chain in chains:
        leaves = [n for n in nodes if n.chain == chain and n.level >= 2 and not children.get(n.code)]
        # upstream links (materials, equipment) are the ones a district typically lacks
        order = sorted(leaves, key=lambda n: rng.random() * (0.6 if n.stage == "upstream" else 1.0))
        n_missing = round(MISSING_LEAF_SHARE * len(leaves))
        n_single = round(SINGLE_LEAF_SHARE * len(leaves))
        chain_missing = {n.code for n in order[:n_missing]}
        chain_single = {n.code for n in order[n_missing:n_missing + n_single]}
        missing += [n.code for n in leaves if n.code in chain_missing]
        single += [n.code for n in leaves if n.code in chain_single]
        weights = {}
        for n in leaves:
            w = rng.lognormvariate(0, 0.9) * stage_factor.get(n.stage, 1.0)
            weights[n.code] = 0.0 if (n.code in chain_missing or n.code in chain_single or not codes_of(n)) else w
        leaf_pick[chain] = _Weighted([n.code for n in leaves], [weights[n.code] for n in leaves])
        segs = [n for n in nodes if n.chain == chain and n.level == 2 and codes_of(n)]
        seg_w = []
        for s in segs:
            kids = [weights.get(k, 0.0) for k in children.get(s.code, [])]
            seg_w.append(sum(kids) / len(kids) if kids else rng.lognormvariate(0, 0.9))
        seg_pick[chain] = _Weighted([s.code for s in segs], seg_w)
    chains = [c for c in chains if leaf_pick[c] or seg_pick[c]]
    chain_pick = _Weighted(chains, [N.CHAIN_WEIGHTS.get(c, 0.05) for c in chains])
    missing_set, single_set = set(missing), set(single)

    def place(e: EnterprisePlan, code: str) -> None:
        n = by_code[code]
        e.chain, e.node, e.group = n.chain, code, group_of(code)
        e.industry_code = rng.choice(codes_of(n))
        e.industrial = _is_industrial(e.industry_code)

    off_chain = [o for o in N.OFF_CHAIN if industry_codes is None or o[0] in industry_codes]
    ents: list[EnterprisePlan] = []
    for i in range(scale):
        e = EnterprisePlan(idx=i, uscc=usccs[i])
        if chain_pick and rng.random() < ON_CHAIN_SHARE:
            chain = chain_pick.pick(rng)
            use_seg = seg_pick[chain] and (rng.random() < 0.2 or not leaf_pick[chain])
            place(e, (seg_pick[chain] if use_seg else leaf_pick[chain]).pick(rng))
        elif off_chain:
            e.industry_code = rng.choice(off_chain)[0]
            e.industrial = _is_industrial(e.industry_code)
        e.size = rng.gauss(0, 1)
        ents.append(e)

    # single points: move one enterprise of the chain (from a node holding several) onto each
    on_node: dict[str, list[int]] = defaultdict(list)
    for e in ents:
        if e.node:
            on_node[e.node].append(e.idx)
    for code in single:
        if not codes_of(by_code[code]):
            continue
        chain = by_code[code].chain
        donors = [c for c, idxs in on_node.items() if len(idxs) > 1 and by_code[c].chain == chain]
        if not donors:
            continue
        donor = donors[int(rng.random() * len(donors))]
        idx = on_node[donor].pop(int(rng.random() * len(on_node[donor])))
        place(ents[idx], code)
        on_node[code].append(idx)

    # --- size: above-scale industrial enterprises, revenues, people -------------------------------
    n_above = scaled(ABOVE_SCALE_AT_REFERENCE, scale)
    industrial = sorted((e for e in ents if e.industrial), key=lambda e: (-e.size, e.idx))
    above = industrial[:n_above]
    rest_ic = [e for e in industrial[n_above:] if e.chain == "ic"]
    while sum(1 for e in above if e.chain == "ic") < 2 and rest_ic:
        swap = next((e for e in reversed(above) if e.chain != "ic"), None)
        if swap is None:
            break
        above[above.index(swap)] = rest_ic.pop(0)
    above.sort(key=lambda e: (-e.size, e.idx))
    outputs = sorted((_annual_output(rng) for _ in above), reverse=True)
    for e, out in zip(above, outputs, strict=True):
        e.above_scale = True
        e.output = out
    # a few enterprises crossed the 2000 万元 line during the window (月度新增入库)
    n_entrants = max(2, round(0.05 * len(above))) if len(above) >= 8 else 0
    for e in above[len(above) - n_entrants:]:
        e.entry_month = rng.randint(12, 30)
        e.output = 2.3e7 / 1.25 ** (e.entry_month / 12) * rng.uniform(0.95, 1.1)
    for e in ents:
        chain_growth = N.CHAIN_GROWTH.get(e.chain or "", N.OFF_CHAIN_GROWTH)
        if e.above_scale:
            e.growth = 0.25 if e.entry_month is not None else chain_growth + rng.gauss(0, 0.08)
            years = 3.0  # window start → latest full year, roughly
            e.revenue = e.output * (1 + e.growth) ** (years - 1) * rng.uniform(0.92, 1.05)
            e.employees = int(_clip(e.output / rng.uniform(1.0e6, 3.0e6), 40, 8000))
        else:
            e.growth = chain_growth + rng.gauss(0, 0.15)
            if e.industrial:
                e.revenue = 10 ** _clip(6.75 + 0.45 * e.size, 6.0, math.log10(INDUSTRIAL_SME_MAX_REVENUE))
            else:
                e.revenue = 10 ** _clip(7.1 + 0.6 * e.size, math.log10(SME_MIN_REVENUE), math.log10(SME_MAX_REVENUE))
            e.employees = int(_clip(e.revenue / rng.uniform(3.0e5, 1.2e6), 3, 800))
        tech = e.group.split(".")[0] in {"ic", "iov", "bio"} or e.industry_code[:2] in {"65", "73"}
        e.innovation = rng.gauss(0, 1) + (0.4 if tech else 0.0) + 0.25 * e.size

    # --- identity: established, capital, park, address, name ---------------------------------------
    sme_years = list(range(1995, 2025))
    year_pick = _Weighted(sme_years, [1 + (y - 1995) * 0.15 for y in sme_years])
    park_pick = _Weighted(list(N.PARKS), [p[4] for p in N.PARKS])
    capitals = (500_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000, 30_000_000,
                50_000_000, 100_000_000, 200_000_000, 500_000_000, 1_000_000_000)
    names: set[str] = set()
    for e in ents:
        y = rng.randint(1995, 2016) if e.above_scale else year_pick.pick(rng)
        e.established = date(y, rng.randint(1, 12), rng.randint(1, 28))
        target = (e.output if e.above_scale else e.revenue) * rng.uniform(0.1, 0.8)
        e.registered_capital = max([c for c in capitals if c <= target] or [capitals[0]])
        if e.above_scale or rng.random() < 0.92:
            park = park_pick.pick(rng)
            e.park, town, roads = park[0], park[2], park[3]
        else:
            town, roads = rng.choice(N.OFF_PARK_TOWNS)
        e.address = f"天津市西青区{town}{rng.choice(roads)}{rng.randint(1, 320)}号"
        if rng.random() < 0.45:
            e.address += f"{rng.randint(1, 12)}号楼{rng.randint(1, 18)}{rng.randint(1, 20):02d}室"
        if e.group:
            words = N.INDUSTRY_WORDS.get(e.group) or (
                N.FALLBACK_WORDS_MANUFACTURING if e.industrial else N.FALLBACK_WORDS_SERVICES)
        else:
            words = next(o[1] for o in off_chain if o[0] == e.industry_code)
        e.name, e.zihao = _company_name(rng, words, e.above_scale, names)
        names.add(e.name)
        e.domain = ("".join(N.ZIHAO_CHARS[c] for c in e.zihao)
                    + rng.choice(("", "", "tech", "tj", "-tech", "group"))
                    + rng.choice((".com", ".com", ".cn", ".com.cn")))

    # --- chain positions: roles and products -------------------------------------------------------
    code_nodes: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        if n.level >= 2 and not children.get(n.code) and n.code not in missing_set and n.code not in single_set:
            for c in n.industry_codes:
                code_nodes[c].append(n.code)
    masters: set[int] = set()
    for chain in chains:
        m = (3 if chain in {"ic", "auto"} else 2) if scale >= 200 else 1
        ranked = sorted((e for e in ents if e.chain == chain and e.above_scale), key=lambda e: (-e.output, e.idx))
        masters.update(e.idx for e in ranked[:m])
    for e in ents:
        if not e.node:
            products = next(o[2] for o in off_chain if o[0] == e.industry_code)
            e.main_products = "、".join(rng.sample(products, 2))
            e.business_scope = _scope(e, [e.main_products.split("、")[0]], rng)
            continue
        if e.idx in masters:
            role = "master"
        else:
            role = "core" if rng.random() < (0.6 if e.above_scale else 0.15) else "supporting"
        products = _products(rng, by_code[e.node])
        e.positions.append(PositionPlan(e.node, e.chain or "", role, products))
        if rng.random() < SECOND_POSITION_SHARE:
            second = None
            if rng.random() < 0.5:
                others = [c for c in code_nodes.get(e.industry_code, []) if by_code[c].chain != e.chain]
                if others:
                    second = rng.choice(others)
            if second is None and leaf_pick[e.chain or ""]:
                second = leaf_pick[e.chain or ""].pick(rng)
            if second and second != e.node:
                e.positions.append(PositionPlan(
                    second, by_code[second].chain, "core" if rng.random() < 0.1 else "supporting",
                    _products(rng, by_code[second])))
        e.main_products = products
        e.business_scope = _scope(e, products.split("、"), rng)

    _plan_grants(rng, ents, scale, today, validity)

    ic_above = sorted((e for e in ents if e.above_scale and e.chain == "ic"), key=lambda e: (-e.output, e.idx))
    pool = ic_above if len(ic_above) >= 2 else [e for e in ents if e.chain == "ic"] or ents
    first = pool[0].idx
    second = pool[len(pool) // 2].idx if len(pool) > 1 else ents[1 % len(ents)].idx
    if second == first and len(ents) > 1:
        second = next(e.idx for e in ents if e.idx != first)
    return DemoPlan(seed, scale, today, ents, missing, single, (first, second))


def _annual_output(rng: random.Random) -> float:
    """Annual output of an above-scale enterprise: log-normal around 2.8 亿元 within 0.25–50 亿元."""
    lo, hi = math.log10(ABOVE_SCALE_MIN_OUTPUT) + 0.1, math.log10(ABOVE_SCALE_MAX_OUTPUT)
    while True:
        x = 8.45 + 0.5 * rng.gauss(0, 1)
        if lo <= x <= hi:
            return 10**x


def _company_name(rng: random.Random, words: Sequence[str], big: bool, taken: set[str]) -> tuple[str, str]:
    chars = N.ZIHAO_LIST
    for attempt in range(40):
        k = 2 if attempt < 8 else 3
        zihao = "".join(rng.sample(chars, k))
        word = rng.choice(words)
        r = rng.random()
        if big and r < 0.35:
            name = f"天津{zihao}{word}股份有限公司"
        elif r < 0.08:
            name = f"天津市{zihao}{word}有限公司"
        elif r < 0.13:
            name = f"{zihao}（天津）{word}有限公司"
        else:
            name = f"天津{zihao}{word}有限公司"
        if name not in taken:
            return name, zihao
    raise RuntimeError("could not find a free company name")  # pragma: no cover - 150³ choices


def _products(rng: random.Random, node: NodeSpec) -> str:
    words = list(dict.fromkeys([*node.keywords, node.name]))
    k = min(len(words), rng.choice((2, 2, 3)))
    return "、".join(rng.sample(words, k))[:300]


def _scope(e: EnterprisePlan, products: Sequence[str], rng: random.Random) -> str:
    a = products[0]
    b = products[1] if len(products) > 1 else products[0]
    licensed = ""
    if e.group in {"bio.up.api", "bio.mid.chem", "bio.mid.biologic", "bio.mid.tcm", "bio.mid.cdmo"}:
        licensed = "许可项目：药品生产；药品委托生产。"
    elif e.group == "bio.mid.device":
        licensed = "许可项目：第二类医疗器械生产；第三类医疗器械生产。"
    if e.industrial:
        body = (f"一般项目：{a}制造；{a}销售；{b}研发；技术服务、技术开发、技术咨询、技术交流、技术转让、"
                "技术推广；货物进出口；技术进出口")
    else:
        body = (f"一般项目：{a}；{b}；软件开发；信息技术咨询服务；技术服务、技术开发、技术咨询、技术交流、"
                "技术转让、技术推广")
    if rng.random() < 0.3:
        body += "；非居住房地产租赁"
    return licensed + body + "。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"


def _plan_grants(rng: random.Random, ents: list[EnterprisePlan], scale: int, today: date,
                 validity: dict[str, int]) -> None:
    """Qualification tiers with exact counts, nested the way the ladders work."""
    want = {code: scaled(n, scale) for code, n in TIERS_AT_REFERENCE.items()}
    noisy = {e.idx: e.innovation + rng.gauss(0, 0.5) for e in ents}
    chosen: dict[str, list[EnterprisePlan]] = {}

    def top(pool: Iterable[EnterprisePlan], n: int, key, exclude: set[int] = frozenset()) -> list[EnterprisePlan]:
        return sorted((e for e in pool if e.idx not in exclude), key=lambda e: (-key(e), e.idx))[:max(n, 0)]

    # 小巨人 ⊂ 专精特新; most 专精特新 are 创新型 too.
    chosen["little-giant"] = top(ents, want["little-giant"], lambda e: e.innovation + 1.0 * e.size)
    lg = {e.idx for e in chosen["little-giant"]}
    chosen["specialized-sme"] = chosen["little-giant"] + top(
        ents, want["specialized-sme"] - len(lg), lambda e: e.innovation + 0.3 * e.size, lg)
    chosen["specialized-sme"] = chosen["specialized-sme"][:want["specialized-sme"]]
    ss = {e.idx for e in chosen["specialized-sme"]}
    k = min(want["innovative-sme"], round(0.8 * len(ss)))
    inn = top(chosen["specialized-sme"], k, lambda e: noisy[e.idx])
    chosen["innovative-sme"] = inn + top(ents, want["innovative-sme"] - len(inn), lambda e: noisy[e.idx],
                                         {e.idx for e in inn} | ss)
    # 领军: the largest innovative above-scale enterprises; 瞪羚: fast growers past their start-up years.
    chosen["tj-leader"] = top((e for e in ents if e.above_scale), want["tj-leader"],
                              lambda e: e.innovation + 2.0 * e.size)
    leaders = {e.idx for e in chosen["tj-leader"]}
    grown = [e for e in ents if e.established <= add_years(today, -4)]
    chosen["tj-gazelle"] = top(grown, want["tj-gazelle"], lambda e: e.growth + 0.05 * e.innovation, leaders)
    forced = [*chosen["little-giant"], *chosen["tj-gazelle"], *chosen["tj-leader"]]
    forced = list({e.idx: e for e in forced}.values())[:want["high-tech"]]
    chosen["high-tech"] = forced + top(ents, want["high-tech"] - len(forced), lambda e: noisy[e.idx] + 0.2 * e.size,
                                       {e.idx for e in forced})
    # 雏鹰: young technology SMEs, all of them 科技型中小企业 too.
    young = [e for e in ents if not e.above_scale and e.employees <= 300 and e.established >= add_years(today, -10)]
    exclude = leaders | {e.idx for e in chosen["tj-gazelle"]}
    eaglets = top(young, want["tj-eaglet"], lambda e: noisy[e.idx], exclude)
    if len(eaglets) < want["tj-eaglet"]:
        eaglets += top((e for e in ents if not e.above_scale), want["tj-eaglet"] - len(eaglets),
                       lambda e: noisy[e.idx], exclude | {e.idx for e in eaglets})
    chosen["tj-eaglet"] = eaglets
    smes = [e for e in ents if not e.above_scale and e.employees < 500]
    chosen["tech-sme"] = (eaglets + top(smes, want["tech-sme"] - len(eaglets), lambda e: noisy[e.idx],
                                        {e.idx for e in eaglets}))[:want["tech-sme"]]

    serials: dict[tuple[str, int], int] = defaultdict(int)
    for code in TIERS_AT_REFERENCE:  # fixed order: deterministic serial numbers
        years = validity.get(code, 3)
        for e in sorted(chosen[code], key=lambda e: e.idx):
            if rng.random() < EXPIRED_SHARE:
                granted = add_years(today, -years) - timedelta(days=rng.randint(30, 700))
            else:
                granted = today - timedelta(days=rng.randint(30, max(31, years * 365 - 30)))
            earliest = e.established + timedelta(days=365)
            if granted < earliest:
                granted = min(earliest + timedelta(days=rng.randint(0, 200)), today - timedelta(days=30))
            granted = max(granted, e.established)
            serials[(code, granted.year)] += 1
            e.grants.append(GrantPlan(code, granted, add_years(granted, years) - timedelta(days=1),
                                      _certificate(code, granted.year, serials[(code, granted.year)])))


def _certificate(code: str, year: int, serial: int) -> str:
    return {
        "high-tech": f"GR{year}120{serial:05d}",
        "tech-sme": f"{year}{N.DIVISION_CODE}A{serial:05d}",
        "innovative-sme": f"TJCX{year}{serial:05d}",
        "specialized-sme": f"TJZJTX{year}{serial:05d}",
        "little-giant": f"XJR{year}12{serial:04d}",
        "tj-eaglet": f"TJCY{year}{serial:05d}",
        "tj-gazelle": f"TJDL{year}{serial:04d}",
        "tj-leader": f"TJLJ{year}{serial:04d}",
    }.get(code, f"{code.upper()}-{year}-{serial:05d}")
