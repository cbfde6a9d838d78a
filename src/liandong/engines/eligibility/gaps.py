"""What an enterprise lacks, in words, along its cheapest route to a policy (直接认定 or 评价得分 …):
"研发费用再增加37.0万元即达到3.0%", "缺少数据：高新技术产品（服务）收入占比", "评价得分52分，需达到60分".
Also the estimated benefit and, for a whole screening, which missing facts leave the most
enterprises undecided."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import polars as pl

from .fields import FIELDS
from .pack import Condition, Group, Node, Scored, Version, leaves
from .plain import Evaluation, compare

OP_WORDS = {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "==": "等于", "!=": "不等于"}


def fmt(name: str, value: Any, digits: int | None = None) -> str:
    spec = FIELDS[name]
    if value is None:
        return "—"
    if spec.kind == "bool":
        return "是" if value else "否"
    if spec.kind == "ratio":
        return f"{value * 100:.{1 if digits is None else digits}f}%"
    if spec.kind == "int":
        return f"{value:.{0 if digits is None else digits}f}{spec.unit}"
    return f"{value:.{1 if digits is None else digits}f}{spec.unit}"


def _printed(name: str, value: Any, digits: int | None = None) -> float:
    """The number ``fmt`` prints (in its unit: percent for ratios)."""
    return float(fmt(name, value, digits).rstrip(FIELDS[name].unit).rstrip("%"))


def fmt_current(name: str, value: Any, target: Any) -> str:
    """``value`` printed so that it does not read as ``target`` when it differs from it (2.97% against
    3.0% prints 2.97%, not 3.0%): more decimals, and past three the figure cut towards the target's side
    rather than rounded onto it. Issue #13 item 8: a gap text never contradicts itself."""
    if not isinstance(value, int | float) or isinstance(value, bool) or value == target:
        return fmt(name, value)
    goal = _printed(name, target)
    base = 0 if FIELDS[name].kind == "int" else 1
    for digits in range(base, base + 3):
        shown = _printed(name, value, digits)
        if (shown < goal) if value < target else (shown > goal):
            return fmt(name, value, digits)
    digits = base + 3
    scale = 10 ** digits * (100 if FIELDS[name].kind == "ratio" else 1)
    cut = (math.floor if value < target else math.ceil)(value * scale) / scale
    return fmt(name, cut, digits)


def round_up(amount: float, step: float = 0.1) -> float:
    """``amount`` rounded up to a multiple of ``step`` (float noise of 1e-9 steps ignored), so that an
    amount printed as "再增加X万元" really closes the gap."""
    return math.ceil(round(amount / step, 6)) * step


def condition_gap(c: Condition, facts: dict[str, Any]) -> str:
    spec = FIELDS[c.field]
    value = facts.get(c.field)
    if value is None:
        return f"缺少数据：{spec.label}"
    if c.op == "is":
        return f"需{spec.label}" if c.value else f"不应{spec.label}"
    if c.op == "in":
        return f"{spec.label}为{value}，需属于{'、'.join(map(str, c.value))}"
    target = fmt(c.field, c.value)
    current = fmt_current(c.field, value, c.value)
    text = f"{spec.label}为{current}，需{OP_WORDS[c.op]}{target}"
    if spec.ratio_of and c.op in {">=", ">"}:
        numerator, denominator = spec.ratio_of
        num, den = facts.get(numerator), facts.get(denominator)
        # "再增加X万元即达到3.0%" only while the printed value is below the printed target
        if num is not None and den and den > 0 and _printed(c.field, value) < _printed(c.field, c.value):
            more = round_up(c.value * den - num)
            if c.op == ">" and (num + more) / den <= c.value:
                more += 0.1
            if more > 0:
                return f"{FIELDS[numerator].label}再增加{more:.1f}万元即达到{target}（现为{current}）"
    if spec.kind not in {"ratio", "bool"} and c.op in {">=", ">"} and value < c.value:
        short = round_up(c.value - value, 1.0 if spec.kind == "int" else 0.1)
        return f"{text}（差{short:.{0 if spec.kind == 'int' else 1}f}{spec.unit}）"
    return text


def _scored_gap(s: Scored, facts: dict[str, Any], ev: Evaluation) -> tuple[float, list[str]]:
    out = ev.outcomes[s.id]
    if out.value is True:
        return 0.0, []
    needed = s.min_total - (out.score_min or 0)
    lines = [f"{s.label}{out.score_min:.0f}分" + (f"（最高可能{out.score_max:.0f}分）" if out.score_max != out.score_min
                                                else "") + f"，需达到{s.min_total:.0f}分"]
    options = []
    for item in s.items:  # per item the next band up that data says is missed (the cheapest step)
        current = ev.outcomes[item.id].score_min or 0
        above = [band for band in item.bands if band.points > current and isinstance(band.when, Condition)
                 and compare(facts.get(band.when.field), band.when.op, band.when.value) is False]
        if above:
            band = min(above, key=lambda b: b.points)
            options.append((band.points - current, item, band))
    options.sort(key=lambda o: -o[0])
    for gain, item, band in options[:3]:
        lines.append(f"{item.label}：{condition_gap(band.when, facts)}，可多得{gain:.0f}分")
    unknown = [item.label for item in s.items if ev.outcomes[item.id].score_min != ev.outcomes[item.id].score_max]
    if unknown:
        lines.append(f"待核实得分项：{'、'.join(unknown)}")
    return 1 + max(needed, 0) / 10, lines


def _route(node: Node, facts: dict[str, Any], ev: Evaluation) -> tuple[float, list[str]]:
    if isinstance(node, Condition):
        out = ev.outcomes[node.id]
        if out.value is True:
            return 0.0, []
        cost = 1.0 + (out.shortfall if out.shortfall is not None else 1.0)
        return cost, [condition_gap(node, facts)]
    if isinstance(node, Scored):
        return _scored_gap(node, facts, ev)
    routes = [_route(child, facts, ev) for child in node.children]
    if node.mode == "all":
        return sum(r[0] for r in routes), [g for r in routes for g in r[1]]
    return min(routes, key=lambda r: r[0]) if routes else (math.inf, [])


def gaps(version: Version, facts: dict[str, Any], ev: Evaluation) -> list[str]:
    """The changes (and missing data) on the cheapest route to ``met``; empty when met."""
    if ev.status == "met":
        return []
    return _route(version.rule, facts, ev)[1]


def benefit(version: Version, facts: dict[str, Any]) -> float | None:
    """The estimated amount (万元) for an enterprise that meets the policy, or None."""
    b = version.benefit
    if b is None:
        return None
    if b.fixed is not None:
        amount = float(b.fixed)
    else:
        base = facts.get(b.field) if b.field else None
        if base is None:
            return None
        amount = b.rate * base
    return min(amount, float(b.cap)) if b.cap is not None else amount


def benefit_expr(version: Version) -> pl.Expr:
    """``benefit`` for every enterprise of a facts frame at once (null where there is none)."""
    b = version.benefit
    if b is None:
        return pl.lit(None, dtype=pl.Float64)
    if b.fixed is not None:
        amount = pl.lit(float(b.fixed))
    elif b.field:
        amount = pl.col(b.field).cast(pl.Float64) * b.rate
    else:
        return pl.lit(None, dtype=pl.Float64)
    return amount.clip(upper_bound=float(b.cap)) if b.cap is not None else amount


def missing_facts(version: Version, results: pl.DataFrame, top: int = 5) -> list[tuple[str, int]]:
    """(fact label, enterprises) for the facts whose absence leaves the most enterprises at
    needs_data (``results`` from ``vector.evaluate`` with details)."""
    undecided = results.filter(pl.col("status") == "needs_data")
    if undecided.is_empty():
        return []
    by_field: dict[str, list[str]] = {}
    for c in leaves(version.rule):
        if f"c:{c.id}" in undecided.columns:
            by_field.setdefault(c.field, []).append(f"c:{c.id}")
    counts = Counter()
    for name, columns in by_field.items():
        counts[FIELDS[name].label] = int(undecided.select(pl.any_horizontal([pl.col(c).is_null() for c in columns])
                                                          .sum()).item())
    return [(label, n) for label, n in counts.most_common(top) if n]


def route_labels(node: Node) -> list[str]:
    """The alternative routes of a pack's top ``any`` group (直接认定 / 评价得分 …), for display."""
    if isinstance(node, Group) and node.mode == "any":
        return [getattr(c, "label", "") or c.id for c in node.children]
    return []
