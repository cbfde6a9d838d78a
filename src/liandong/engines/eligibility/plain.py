"""The reference evaluator: one enterprise (a dict of facts) at a time, in plain Python. It states
the semantics the vectorised engine must reproduce (the property test compares them):

- a condition on an unknown fact is unknown (None) — never read as zero;
- ``all`` is Kleene AND, ``any`` Kleene OR;
- a scored item's points are a range: the first band whose condition holds, but an unknown band
  above it could still apply; a scored group is met when its lowest possible total reaches the
  minimum with every block minimum, not met when even its highest possible total (or a block's)
  falls short, unknown otherwise;
- *near* (for a not-met result): a condition missed by at most the pack's margin (relative to the
  threshold), an ``all`` group none of whose parts is missed by more (met, near or unknown), an
  ``any`` group with a near part, a
  scored group whose highest possible total is within the pack's near points of the minimum;
- status: met, needs_data (unknown), near, not_met; score: the scored group's lowest possible total;
- a tier pack's status is met when the enterprise holds the tier in force (``Version.held``: the
  grant decides, whatever the rule's outcome; ``held`` says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .pack import Condition, Group, Node, Scored, Version

EPSILON = 1e-9
"""Slack on the near margin: a shortfall of exactly the margin is near, whatever the float rounding."""


@dataclass
class Outcome:
    value: bool | None
    near: bool = False
    score_min: float | None = None
    score_max: float | None = None
    shortfall: float | None = None


@dataclass
class Evaluation:
    status: str
    score: float | None
    score_max: float | None
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    held: bool = False  # met because the enterprise holds the tier (a grant in force)


def compare(value: Any, op: str, target: Any) -> bool | None:
    if value is None:
        return None
    if op == "is":
        return bool(value) == bool(target)
    if op == "in":
        return value in target
    return {">=": value >= target, ">": value > target, "<=": value <= target, "<": value < target,
            "==": value == target, "!=": value != target}[op]


def shortfall(value: Any, op: str, target: Any) -> float | None:
    """How far a missed numeric threshold is, relative to the threshold (None when not numeric)."""
    if value is None or op not in {">=", ">", "<=", "<"} or isinstance(value, bool):
        return None
    gap = (target - value) if op in {">=", ">"} else (value - target)
    return max(gap, 0.0) / abs(target) if target else abs(gap)


def _condition(c: Condition, facts: dict[str, Any], version: Version, out: dict[str, Outcome]) -> Outcome:
    value = compare(facts.get(c.field), c.op, c.value)
    miss = shortfall(facts.get(c.field), c.op, c.value) if value is False else None
    result = Outcome(value, near=value is False and miss is not None and miss <= version.near_margin + EPSILON,
                     shortfall=miss)
    out[c.id] = result
    return result


def item_range(item, facts: dict[str, Any], out: dict[str, Outcome], version: Version) -> tuple[float, float]:
    possible = []
    for band in item.bands:
        value = _node(band.when, facts, version, out).value
        if value is True:
            possible.append(band.points)
            break
        if value is None:
            possible.append(band.points)
    else:
        possible.append(item.otherwise)
    out[item.id] = Outcome(None, score_min=min(possible), score_max=max(possible))
    return min(possible), max(possible)


def _scored(s: Scored, facts: dict[str, Any], version: Version, out: dict[str, Outcome]) -> Outcome:
    low = high = 0.0
    blocks: dict[str, list[float]] = {}
    for item in s.items:
        a, b = item_range(item, facts, out, version)
        low, high = low + a, high + b
        block = blocks.setdefault(item.block, [0.0, 0.0])
        block[0] += a
        block[1] += b
    minimums = dict(s.block_min)
    if low >= s.min_total and all(blocks.get(k, [0, 0])[0] >= v for k, v in minimums.items()):
        value: bool | None = True
    elif high < s.min_total or any(blocks.get(k, [0, 0])[1] < v for k, v in minimums.items()):
        value = False
    else:
        value = None
    near = value is False and high >= s.min_total - version.near_points
    result = Outcome(value, near=near, score_min=low, score_max=high)
    out[s.id] = result
    return result


def _node(node: Node, facts: dict[str, Any], version: Version, out: dict[str, Outcome]) -> Outcome:
    if isinstance(node, Condition):
        return _condition(node, facts, version, out)
    if isinstance(node, Scored):
        return _scored(node, facts, version, out)
    parts = [_node(child, facts, version, out) for child in node.children]
    values = [p.value for p in parts]
    if node.mode == "all":
        value = False if False in values else (None if None in values else True)
        near = value is False and all(p.value is not False or p.near for p in parts)
    else:
        value = True if True in values else (None if None in values else False)
        near = value is False and any(p.near for p in parts)
    result = Outcome(value, near=near)
    out[node.id] = result
    return result


def evaluate_one(version: Version, facts: dict[str, Any]) -> Evaluation:
    out: dict[str, Outcome] = {}
    root = _node(version.rule, facts, version, out)
    held = bool(version.held and facts.get(version.held))
    status = ("met" if held or root.value is True else "needs_data" if root.value is None else
              "near" if root.near else "not_met")
    scored = next((out[n.id] for n in _scored_nodes(version.rule)), None)
    return Evaluation(status, scored.score_min if scored else None, scored.score_max if scored else None, out, held)


def _scored_nodes(node: Node):
    if isinstance(node, Scored):
        yield node
    elif isinstance(node, Group):
        for child in node.children:
            yield from _scored_nodes(child)
