"""Financing matchmaking (投融资对接), pure (no Django; docs/domains/funds.md#financing-matchmaking).

A product suits a need only if it passes every hard criterion — the need's amount within the
product's range, the same kind (equity or debt), collateral when the product requires it, the need's
stage among the product's stages (when it names any), a chain in common (when the product names
any) — and only then is it scored: how close the amount is to the middle of the range, a chain in
common, a stage named, the product's past signed deals. Reasons are Chinese sentences. Amounts are
integer fen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from liandong.engines.money import FEN_PER_WAN

STAGE_ZH = {"startup": "初创期", "growth": "成长期", "mature": "成熟期"}
KIND_ZH = {"equity": "股权融资", "debt": "债权融资"}


@dataclass(frozen=True)
class NeedCase:
    id: int
    amount_fen: int
    kind: str
    collateral: bool = False
    stage: str = ""
    chains: frozenset[str] = frozenset()
    enterprise: str = ""


@dataclass(frozen=True)
class ProductCase:
    id: int
    kind: str
    min_fen: int | None = None
    max_fen: int | None = None
    collateral_required: bool = False
    stages: frozenset[str] = frozenset()
    chains: frozenset[str] = frozenset()
    signed: int = 0
    name: str = ""


@dataclass
class Ranked:
    id: int
    name: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "score": round(self.score, 4), "reasons": self.reasons}


def wan_text(fen: int) -> str:
    value = fen / FEN_PER_WAN
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _range_text(p: ProductCase) -> str:
    if p.min_fen is not None and p.max_fen is not None:
        return f"{wan_text(p.min_fen)}–{wan_text(p.max_fen)}万元"
    if p.min_fen is not None:
        return f"{wan_text(p.min_fen)}万元以上"
    if p.max_fen is not None:
        return f"{wan_text(p.max_fen)}万元以下"
    return "不限额度"


def refusals(need: NeedCase, product: ProductCase) -> list[str]:
    """Why the product cannot serve the need (empty: it passes every hard criterion)."""
    out = []
    if product.min_fen is not None and need.amount_fen < product.min_fen \
            or product.max_fen is not None and need.amount_fen > product.max_fen:
        out.append(f"金额{wan_text(need.amount_fen)}万元不在产品额度{_range_text(product)}内")
    if need.kind != product.kind:
        out.append(f"需求为{KIND_ZH.get(need.kind, need.kind)}，产品为{KIND_ZH.get(product.kind, product.kind)}")
    if product.collateral_required and not need.collateral:
        out.append("产品要求抵押，企业无抵押物")
    if product.stages and need.stage not in product.stages:
        out.append(f"企业阶段{STAGE_ZH.get(need.stage, need.stage or '未填')}不在产品支持阶段内")
    if product.chains and not (product.chains & need.chains):
        out.append("企业不在产品面向的产业链上")
    return out


def suits(need: NeedCase, product: ProductCase) -> bool:
    return not refusals(need, product)


def score(need: NeedCase, product: ProductCase) -> tuple[float, list[str]]:
    """The score (0–1.5) and reasons of a pair that passes every hard criterion."""
    reasons = [f"金额{wan_text(need.amount_fen)}万元在产品额度{_range_text(product)}内"]
    if product.min_fen is not None and product.max_fen is not None and product.max_fen > product.min_fen:
        middle, half = (product.min_fen + product.max_fen) / 2, (product.max_fen - product.min_fen) / 2
        closeness = max(0.0, 1 - abs(need.amount_fen - middle) / half)
    elif product.min_fen is not None and product.max_fen is not None:
        closeness = 1.0
    else:
        closeness = 0.5
    total = 0.6 * closeness
    reasons.append(f"{KIND_ZH.get(product.kind, product.kind)}，类型相符")
    common = sorted(product.chains & need.chains)
    if common:
        total += 0.3
        reasons.append(f"面向{'、'.join(common)}产业链")
    if product.stages and need.stage in product.stages:
        total += 0.1
        reasons.append(f"支持{STAGE_ZH.get(need.stage, need.stage)}企业")
    if not product.collateral_required:
        total += 0.1 if not need.collateral else 0.05
        reasons.append("无需抵押")
    elif need.collateral:
        reasons.append("企业可提供抵押")
    if product.signed:
        total += min(0.3, 0.1 * product.signed)
        reasons.append(f"已促成{product.signed}笔签约")
    return round(total, 6), reasons


def rank_products(need: NeedCase, products: Iterable[ProductCase], *, top: int = 10) -> list[Ranked]:
    """The products that suit a need, best first (ties by id)."""
    ranked = []
    for p in products:
        if suits(need, p):
            s, reasons = score(need, p)
            ranked.append(Ranked(p.id, p.name, s, reasons))
    ranked.sort(key=lambda r: (-r.score, r.id))
    return ranked[:max(0, top)]


def rank_needs(product: ProductCase, needs: Iterable[NeedCase], *, top: int = 10) -> list[Ranked]:
    """The needs a product suits, best first."""
    ranked = []
    for n in needs:
        if suits(n, product):
            s, reasons = score(n, product)
            ranked.append(Ranked(n.id, n.enterprise, s, reasons))
    ranked.sort(key=lambda r: (-r.score, r.id))
    return ranked[:max(0, top)]
