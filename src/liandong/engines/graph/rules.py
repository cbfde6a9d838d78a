"""Status rules of the chain gap analysis: thresholds, the ordered rules and their reason sentences.

Every node gets exactly one status, decided by the FIRST rule that fires, in this order (``RULES``)::

    missing       enterprises == 0                                        本地暂无企业
    single_point  enterprises == 1                                        只有1家本地企业，占本环节产值100%
    weak          (enterprises ≤ weak_max_enterprises and none above scale)
                  or 本地配套率 < weak_min_local_supply_rate               仅2家本地企业，无规上企业 …
    strong        enterprises ≥ strong_min_enterprises and above-scale ≥
                  strong_min_above_scale and (本地配套率 unknown or ≥
                  strong_min_local_supply_rate)                           12家本地企业（规上4家）…
    normal        everything else                                         6家本地企业（规上1家）…

Ranks, worst first: missing < single_point < weak < normal < strong (``STATUS_RANK``).

The status depends only on counts and on 本地配套率, all of which can only fall when an enterprise
leaves a node; so removing an enterprise never makes a node stronger (a property test checks it).
Concentration is reported, not ranked: when one member produces ≥ ``single_point_share`` of the
node's output the reason says so ("其中1家占本环节产值93%，集中度高"); ranking it would make a node
improve when its dominant firm leaves.

Terms: 规上 = 规模以上工业企业 (above designated size, main-business revenue ≥ 20 million yuan, NBS);
HHI = Herfindahl–Hirschman index Σ sᵢ² of the members' output shares sᵢ within the node
(1/n for n equal members, 1 for a monopoly); 本地配套率 = local supply rate, the share of the
node's purchases by local customers that local suppliers deliver (see ``analysis``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

STATUSES = ("missing", "single_point", "weak", "normal", "strong")
"""Worst first; the index is the rank used for ordering and the monotonicity property."""
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
WAN = 10_000.0
"""万元: reasons and list scores speak in units of 10,000 yuan."""


@dataclass(frozen=True)
class Thresholds:
    """Tunable limits of the status rules and lists (Django passes them from settings).

    strong_min_enterprises: strong needs at least this many local enterprises (5).
    strong_min_above_scale: … and at least this many of them above designated size, 规上 (2).
    strong_max_hhi: above this concentration HHI (0.4) the reason of a node calls it concentrated
        (集中度高); it does not change the status. Market analysis calls HHI > 0.25 "highly
        concentrated" (US DOJ/FTC 2010 merger guidelines); a chain node holds few firms (five equal
        ones already give 0.2), so 0.4 tolerates a leader among five or six.
    strong_min_local_supply_rate: … and 本地配套率 at least this when known (0.5); a node without
        attributed purchases is judged on the other three.
    weak_max_enterprises: weak when at most this many local enterprises and none above scale (2).
    weak_min_local_supply_rate: weak when 本地配套率 is below this (0.3).
    single_point_share: the reason names a member producing at least this share of the node's
        output (0.9) as a concentration risk; only a node with exactly one local enterprise is
        single_point.
    strengthen_max_local_supply_rate: 强链 lists nodes with enterprises whose 本地配套率 is below
        this (0.5).
    """

    strong_min_enterprises: int = 5
    strong_min_above_scale: int = 2
    strong_max_hhi: float = 0.4
    strong_min_local_supply_rate: float = 0.5
    weak_max_enterprises: int = 2
    weak_min_local_supply_rate: float = 0.3
    single_point_share: float = 0.9
    strengthen_max_local_supply_rate: float = 0.5

    def __post_init__(self) -> None:
        for name in ("strong_min_enterprises", "strong_min_above_scale", "weak_max_enterprises"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be ≥ 0")
        for name in ("strong_max_hhi", "strong_min_local_supply_rate", "weak_min_local_supply_rate",
                     "single_point_share", "strengthen_max_local_supply_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within [0, 1]")


@dataclass(frozen=True)
class NodeFacts:
    """What the rules look at. Shares are fractions in [0, 1]; money in yuan; None = unknown."""

    enterprises: int
    above_scale: int
    output: float
    top_share: float | None
    hhi: float | None
    local_supply_rate: float | None
    local_demand: float = 0.0


def pct(fraction: float) -> str:
    """Whole percent, rounded DOWN so a figure below a threshold never prints as the threshold."""
    return f"{math.floor(fraction * 100 + 1e-9)}%"


def wan(yuan: float) -> str:
    """Yuan as 万元: whole 万 from 1万 up, two significant digits below."""
    value = yuan / WAN
    if value >= 1 or value == 0:
        return f"{round(value)}万元"
    return f"{value:.2g}万元"


def _missing(f: NodeFacts, t: Thresholds) -> str | None:
    if f.enterprises > 0:
        return None
    return "本地暂无企业" + (f"，下游本地需求{wan(f.local_demand)}" if f.local_demand > 0 else "")


def _single_point(f: NodeFacts, t: Thresholds) -> str | None:
    if f.enterprises == 1:
        return "只有1家本地企业" + ("，占本环节产值100%" if f.output > 0 else "")
    return None


def _dominance(f: NodeFacts, t: Thresholds) -> str:
    """A risk note, never a status (see the module docstring)."""
    if f.enterprises > 1 and f.top_share is not None and f.top_share >= t.single_point_share:
        return f"，其中1家占本环节产值{pct(f.top_share)}，集中度高"
    return ""


def _weak(f: NodeFacts, t: Thresholds) -> str | None:
    parts = []
    if f.enterprises <= t.weak_max_enterprises and f.above_scale == 0:
        parts.append(f"仅{f.enterprises}家本地企业，无规上企业")
    if f.local_supply_rate is not None and f.local_supply_rate < t.weak_min_local_supply_rate:
        parts.append(f"本地配套率仅{pct(f.local_supply_rate)}")
    return "，".join(parts) + _dominance(f, t) if parts else None


def _describe(f: NodeFacts, t: Thresholds) -> str:
    reason = f"{f.enterprises}家本地企业（规上{f.above_scale}家）"
    if f.hhi is not None:
        reason += f"，集中度低（HHI {f.hhi:.2f}）" if f.hhi <= t.strong_max_hhi else f"，HHI {f.hhi:.2f}"
    if f.local_supply_rate is not None:
        reason += f"，本地配套率{pct(f.local_supply_rate)}"
    return reason + _dominance(f, t)


def _strong(f: NodeFacts, t: Thresholds) -> str | None:
    if (f.enterprises >= t.strong_min_enterprises and f.above_scale >= t.strong_min_above_scale
            and (f.local_supply_rate is None or f.local_supply_rate >= t.strong_min_local_supply_rate)):
        return _describe(f, t)
    return None


def _normal(f: NodeFacts, t: Thresholds) -> str | None:
    return _describe(f, t)


Rule = Callable[[NodeFacts, Thresholds], "str | None"]
RULES: tuple[tuple[str, Rule], ...] = (
    ("missing", _missing),
    ("single_point", _single_point),
    ("weak", _weak),
    ("strong", _strong),
    ("normal", _normal),
)
"""Evaluated in this order; the first rule returning a reason decides. ``normal`` always fires."""


def classify(facts: NodeFacts, thresholds: Thresholds) -> tuple[str, str]:
    """(status, Chinese reason naming the numbers) by the first rule of ``RULES`` that fires."""
    for status, rule in RULES:
        reason = rule(facts, thresholds)
        if reason is not None:
            return status, reason
    raise AssertionError("the normal rule always fires")  # pragma: no cover
