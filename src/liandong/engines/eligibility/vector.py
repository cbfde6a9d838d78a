"""The vectorised engine: a rule-pack version compiled to Polars expressions and evaluated on the
facts of every enterprise at once, with the semantics of ``plain`` (Kleene logic on nullable
booleans; scored items as point ranges). Returns per enterprise: status, score (lowest possible
total) and score_max, and per condition its outcome (``c:<id>``) and relative shortfall (``s:<id>``).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .pack import Condition, Node, Scored, Version
from .plain import EPSILON


@dataclass
class _Compiled:
    value: pl.Expr
    near: pl.Expr
    score_min: pl.Expr | None = None
    score_max: pl.Expr | None = None


def _compare(c: Condition) -> pl.Expr:
    col = pl.col(c.field)
    if c.op == "is":
        return col.cast(pl.Boolean) == bool(c.value)
    if c.op == "in":
        return pl.when(col.is_null()).then(None).otherwise(col.is_in(list(c.value)))
    return {">=": col >= c.value, ">": col > c.value, "<=": col <= c.value, "<": col < c.value,
            "==": col == c.value, "!=": col != c.value}[c.op]


def _shortfall(c: Condition) -> pl.Expr:
    if c.op not in {">=", ">", "<=", "<"} or isinstance(c.value, bool):
        return pl.lit(None, dtype=pl.Float64)
    col = pl.col(c.field).cast(pl.Float64)
    gap = (c.value - col) if c.op in {">=", ">"} else (col - c.value)
    gap = pl.max_horizontal(gap, pl.lit(0.0))
    return gap / abs(c.value) if c.value else gap.abs()


class Compiler:
    def __init__(self, version: Version):
        self.version = version
        self.columns: dict[str, pl.Expr] = {}

    def condition(self, c: Condition) -> _Compiled:
        value = _compare(c)
        miss = pl.when(value == False).then(_shortfall(c)).otherwise(None)  # noqa: E712 (Kleene: null stays null)
        self.columns[f"c:{c.id}"] = value
        self.columns[f"s:{c.id}"] = miss
        near = (miss <= self.version.near_margin + EPSILON).fill_null(False)
        return _Compiled(value, (value == False).fill_null(False) & near)  # noqa: E712

    def scored(self, s: Scored) -> _Compiled:
        lows, highs, blocks = [], [], {}
        for item in s.items:
            conds = [self.node(b.when).value for b in item.bands]
            possible, prior_true = [], pl.lit(False)
            for band, cond in zip(item.bands, conds, strict=True):
                possible.append(pl.when(~prior_true & cond.fill_null(True)).then(pl.lit(band.points)))
                prior_true = prior_true | cond.fill_null(False)
            possible.append(pl.when(~prior_true).then(pl.lit(item.otherwise)))
            low, high = pl.min_horizontal(possible), pl.max_horizontal(possible)
            lows.append(low)
            highs.append(high)
            blocks.setdefault(item.block, ([], []))
            blocks[item.block][0].append(low)
            blocks[item.block][1].append(high)
        total_min, total_max = pl.sum_horizontal(lows), pl.sum_horizontal(highs)
        block_ok, block_short = pl.lit(True), pl.lit(False)
        for name, minimum in s.block_min:
            low_sum = pl.sum_horizontal(blocks[name][0]) if name in blocks else pl.lit(0.0)
            high_sum = pl.sum_horizontal(blocks[name][1]) if name in blocks else pl.lit(0.0)
            block_ok = block_ok & (low_sum >= minimum)
            block_short = block_short | (high_sum < minimum)
        value = (pl.when((total_min >= s.min_total) & block_ok).then(True)
                 .when((total_max < s.min_total) | block_short).then(False).otherwise(None))
        self.columns[f"c:{s.id}"] = value
        near = (value == False).fill_null(False) & (total_max >= s.min_total - self.version.near_points)  # noqa: E712
        return _Compiled(value, near, total_min, total_max)

    def node(self, node: Node) -> _Compiled:
        if isinstance(node, Condition):
            return self.condition(node)
        if isinstance(node, Scored):
            return self.scored(node)
        parts = [self.node(child) for child in node.children]
        if node.mode == "all":
            value = pl.all_horizontal([p.value for p in parts])
            near = (value == False).fill_null(False) & pl.all_horizontal(  # noqa: E712
                [p.value.fill_null(True) | p.near for p in parts])
        else:
            value = pl.any_horizontal([p.value for p in parts])
            near = (value == False).fill_null(False) & pl.any_horizontal([p.near for p in parts])  # noqa: E712
        self.columns[f"c:{node.id}"] = value
        scored = next((p for p in parts if p.score_min is not None), None)
        return _Compiled(value, near, scored.score_min if scored else None, scored.score_max if scored else None)


def evaluate(version: Version, facts: pl.DataFrame | pl.LazyFrame, *, details: bool = True) -> pl.DataFrame:
    """Status and score of every enterprise of ``facts`` (which must carry ``enterprise``); with
    ``details`` also every condition's outcome and shortfall."""
    compiler = Compiler(version)
    root = compiler.node(version.rule)
    status = (pl.when(root.value == True).then(pl.lit("met"))  # noqa: E712
              .when(root.value.is_null()).then(pl.lit("needs_data"))
              .when(root.near).then(pl.lit("near")).otherwise(pl.lit("not_met")))
    score = root.score_min if root.score_min is not None else pl.lit(None, dtype=pl.Float64)
    score_max = root.score_max if root.score_max is not None else pl.lit(None, dtype=pl.Float64)
    exprs = [pl.col("enterprise"), status.alias("status"), score.cast(pl.Float64).alias("score"),
             score_max.cast(pl.Float64).alias("score_max")]
    if details:
        exprs += [expr.alias(name) for name, expr in compiler.columns.items()]
    return facts.lazy().select(exprs).collect()
