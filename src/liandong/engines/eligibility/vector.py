"""The vectorised engine: a rule-pack version evaluated on the facts of every enterprise at once, with
the semantics of ``plain`` (the property test keeps them equal).

Every node becomes one small-integer *state* column — 0 missed, 1 near, 2 unknown, 3 met — computed
once (a condition by a when/then chain that tests the unknown fact first), children before parents (one ``with_columns`` layer per tree depth). With that order an
``all`` group is the minimum of its children's states and an ``any`` group their maximum, which is
Kleene AND/OR and the near rules in one step: an ``all`` group is near when none of its parts is
missed by more than the margin, an ``any`` group when one part is near. A threshold's near cut-off is
worked out once per condition as the exact float where ``plain.shortfall`` crosses the margin, so
"near" is one comparison. A banded item on one field is a single when/then chain (unknown field: the
full point range; otherwise the first band that holds); an item whose bands are compound conditions
reads its point range from a table indexed by its bands' states as base-4 digits. Returns per enterprise: status, score (lowest
possible total) and score_max; with ``details`` also every node's outcome (``c:<id>``: true, false or
null) and each threshold's relative shortfall (``s:<id>``). ``held``: met because the enterprise holds
the pack's tier (``Version.held``, as in ``plain``).
"""

from __future__ import annotations

import struct
from collections import defaultdict
from functools import cache

import polars as pl

from .pack import Condition, Group, Item, Node, Scored, Version, leaves, walk
from .plain import EPSILON, shortfall

MISS, NEAR, UNKNOWN, MET = 0, 1, 2, 3
STATE = pl.UInt8
STATUS = pl.Enum(["met", "near", "needs_data", "not_met"])
"""The status column's type: sorts in listing order, and is read off the state by one gather (a
string when/then chain cost a fifth of a whole screening)."""
_STATUS_OF_STATE = pl.Series(["not_met", "near", "needs_data", "met"], dtype=STATUS)  # indexed by state
RANGE_OPS = {">=", ">", "<=", "<"}


def _state(value: int) -> pl.Expr:
    return pl.lit(value, dtype=STATE)


def _ordered(f: float) -> int:
    """Floats to integers in the same order (for bisection over every representable float)."""
    i = struct.unpack("<q", struct.pack("<d", f))[0]
    return i if i >= 0 else -(i & 0x7FFFFFFFFFFFFFFF)


def _float(i: int) -> float:
    if i < 0:
        i = (-i) | -0x8000000000000000
    return struct.unpack("<d", struct.pack("<q", i))[0]


@cache
def near_bound(op: str, target: float, margin: float) -> float:
    """The float b with: ``plain.shortfall(x) <= margin + EPSILON`` ⟺ x ≥ b (for ≥, >) or x ≤ b (for
    ≤, <), exactly as plain computes it — shortfall is monotone in x, so bisect over the floats."""
    def near(x: float) -> bool:
        return shortfall(x, op, target) <= margin + EPSILON

    lo, hi = _ordered(-1e300), _ordered(1e300)
    if op in {">=", ">"}:  # the smallest x that is near
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if near(_float(mid)) else (mid + 1, hi)
        return _float(lo)
    while lo < hi:  # the largest x that is near
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if near(_float(mid)) else (lo, mid - 1)
    return _float(lo)


MAX_LOOKUP_BANDS = 8  # 4⁸ codes fit UInt16


@cache
def _band_tables(points: tuple[float, ...], otherwise: float) -> tuple[pl.Series, pl.Series]:
    """Lowest and highest points of a banded item for every combination of its bands' states (code
    Σ stateₖ·4ᵏ): the first met band decides; an unknown band before it may hold or not; with no met
    band the item may fall through to ``otherwise``."""
    low, high = [], []
    for code in range(4 ** len(points)):
        possible = []
        for k, p in enumerate(points):
            state = code // 4**k % 4
            if state in (UNKNOWN, MET):
                possible.append(p)
            if state == MET:
                break
        else:
            possible.append(otherwise)
        low.append(min(possible))
        high.append(max(possible))
    return pl.Series(low, dtype=pl.Float64), pl.Series(high, dtype=pl.Float64)


def _holds(c: Condition, col: pl.Expr) -> pl.Expr:
    if c.op == "is":
        return col.cast(pl.Boolean) == bool(c.value)
    if c.op == "in":
        return col.is_in(list(c.value))
    return {">=": col >= c.value, ">": col > c.value, "<=": col <= c.value, "<": col < c.value,
            "==": col == c.value, "!=": col != c.value}[c.op]


def _numeric(c: Condition) -> bool:
    return c.op in RANGE_OPS and not isinstance(c.value, bool)


class _Compiler:
    def __init__(self, version: Version, details: bool):
        self.version, self.details = version, details
        self.layers: dict[int, dict[str, pl.Expr]] = defaultdict(dict)
        self.outcomes: dict[str, str] = {}  # node id → state column, for the details
        self.extra: dict[str, pl.Expr] = {}  # details computed straight from the facts
        self.n = 0

    def add(self, depth: int, expr: pl.Expr, ident: str | None = None) -> pl.Expr:
        name = f"__s{self.n}"
        self.n += 1
        self.layers[depth][name] = expr
        if ident is not None:
            self.outcomes[ident] = name
        return pl.col(name)

    def condition(self, c: Condition) -> tuple[int, pl.Expr]:
        # a when/then chain that tests the unknown fact first: on Polars 2 it is about twice as fast as
        # the same states by arithmetic on casts (bench/policy_screen.py); met implies near
        col = pl.col(c.field)
        state = pl.when(col.is_null()).then(_state(UNKNOWN)).when(_holds(c, col)).then(_state(MET))
        if _numeric(c):
            bound = near_bound(c.op, float(c.value), self.version.near_margin)
            near = col >= bound if c.op in {">=", ">"} else col <= bound
            state = state.when(near).then(_state(NEAR))
            if self.details:
                x = col.cast(pl.Float64)
                gap = pl.max_horizontal((c.value - x) if c.op in {">=", ">"} else (x - c.value), pl.lit(0.0))
                miss = gap / abs(c.value) if c.value else gap.abs()
                self.extra[f"s:{c.id}"] = pl.when(col.is_not_null() & ~_holds(c, col)).then(miss)
        return 0, self.add(0, state.otherwise(_state(MISS)), c.id)

    def item(self, item: Item) -> tuple[int, pl.Expr, pl.Expr]:
        """(depth, lowest, highest points) of a banded item."""
        points = [b.points for b in item.bands]
        fields = {b.when.field for b in item.bands if isinstance(b.when, Condition)}
        simple = len(fields) == 1 and all(isinstance(b.when, Condition) and b.when.op in RANGE_OPS
                                          for b in item.bands)
        if simple:
            # one chain, null where the fact is unknown; the bounds fill that with the full point range
            col = pl.col(fields.pop())
            chain = pl.when(col.is_null()).then(pl.lit(None, dtype=pl.Float64))
            for band in item.bands:
                holds = _holds(band.when, col)
                chain = chain.when(holds).then(pl.lit(band.points, dtype=pl.Float64))
                if self.details:
                    self.extra[f"c:{band.when.id}"] = holds
            got = self.add(0, chain.otherwise(pl.lit(item.otherwise, dtype=pl.Float64)))
            return 1, got.fill_null(min([*points, item.otherwise])), got.fill_null(max([*points, item.otherwise]))
        compiled = [self.node(b.when) for b in item.bands]
        depth = 1 + max(d for d, _s in compiled)
        if len(compiled) > MAX_LOOKUP_BANDS:  # too many codes to table: the first met band by a chain
            first = pl.when(compiled[0][1] == MET).then(pl.lit(0, dtype=STATE))
            for k, (_d, state) in enumerate(compiled[1:], start=1):
                first = first.when(state == MET).then(pl.lit(k, dtype=STATE))
            first = self.add(depth, first.otherwise(pl.lit(len(compiled), dtype=STATE)))
            possible = [pl.when((state >= UNKNOWN) & (first >= k)).then(pl.lit(band.points))
                        for k, (band, (_d, state)) in enumerate(zip(item.bands, compiled, strict=True))]
            possible.append(pl.when(first == len(compiled)).then(pl.lit(item.otherwise)))
            return depth + 1, pl.min_horizontal(possible), pl.max_horizontal(possible)
        # the bands' states as base-4 digits of one code; the point range of every code is tabled
        code = sum((state.cast(pl.UInt16) * 4**k for k, (_d, state) in enumerate(compiled)), pl.lit(0, pl.UInt16))
        code = self.add(depth, code)
        low, high = _band_tables(tuple(b.points for b in item.bands), item.otherwise)
        return depth + 1, pl.lit(low).gather(code), pl.lit(high).gather(code)

    def scored(self, s: Scored) -> tuple[int, pl.Expr, pl.Expr, pl.Expr]:
        items = [self.item(it) for it in s.items]
        depth = max(d for d, _lo, _hi in items)
        lows = [self.add(depth, lo) for _d, lo, _hi in items]
        highs = [self.add(depth, hi) for _d, _lo, hi in items]
        depth += 1
        total_min, total_max = self.add(depth, pl.sum_horizontal(lows)), self.add(depth, pl.sum_horizontal(highs))
        blocks: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
        for it, lo, hi in zip(s.items, lows, highs, strict=True):
            blocks[it.block][0].append(lo)
            blocks[it.block][1].append(hi)
        ok, short = pl.lit(True), pl.lit(False)
        for name, minimum in s.block_min:
            low = pl.sum_horizontal(blocks[name][0]) if name in blocks else pl.lit(0.0)
            high = pl.sum_horizontal(blocks[name][1]) if name in blocks else pl.lit(0.0)
            ok, short = ok & (low >= minimum), short | (high < minimum)
        state = (pl.when((total_min >= s.min_total) & ok).then(_state(MET))
                 .when(~((total_max < s.min_total) | short)).then(_state(UNKNOWN))
                 .when(total_max >= s.min_total - self.version.near_points).then(_state(NEAR))
                 .otherwise(_state(MISS)))
        return depth + 1, self.add(depth + 1, state, s.id), total_min, total_max

    def node(self, node: Node) -> tuple[int, pl.Expr]:
        return self.tree(node)[:2]

    def tree(self, node: Node) -> tuple[int, pl.Expr, pl.Expr | None, pl.Expr | None]:
        if isinstance(node, Condition):
            return (*self.condition(node), None, None)
        if isinstance(node, Scored):
            return self.scored(node)
        assert isinstance(node, Group)
        parts = [self.tree(child) for child in node.children]
        depth = 1 + max(p[0] for p in parts)
        states = [p[1] for p in parts]
        state = self.add(depth, pl.min_horizontal(states) if node.mode == "all" else pl.max_horizontal(states),
                         node.id)
        scored = next((p for p in parts if p[2] is not None), None)
        return depth, state, scored[2] if scored else None, scored[3] if scored else None


def _outcome(node: Node) -> pl.Expr:
    """A node's outcome rebuilt from its leaves' ``c:`` columns (Kleene AND/OR, like ``plain``); a
    scored group nested in a band counts as unknown."""
    if isinstance(node, Condition):
        return pl.col(f"c:{node.id}")
    if isinstance(node, Scored):
        return pl.lit(None, pl.Boolean)
    parts = [_outcome(child) for child in node.children]
    return pl.all_horizontal(parts) if node.mode == "all" else pl.any_horizontal(parts)


def reached(version: Version) -> dict[str, pl.Expr]:
    """Whether ``plain`` reads each condition, over ``evaluate(details=True)``'s columns: a banded
    item stops at its first band that holds (``plain.item_range``), so the conditions of later bands
    decide nothing — a 免申即享 check must not rest on them. Only conditions that may go unread are keys."""
    out: dict[str, pl.Expr] = {}
    for scored in (n for n in walk(version.rule) if isinstance(n, Scored)):
        for item in scored.items:
            earlier: list[pl.Expr] = []
            for band in item.bands:
                if earlier:
                    unread = pl.any_horizontal(earlier)
                    for c in leaves(band.when):
                        out[c.id] = ~unread
                earlier.append(_outcome(band.when).fill_null(False))
    return out


def evaluate(version: Version, facts: pl.DataFrame | pl.LazyFrame, *, details: bool = True) -> pl.DataFrame:
    """Status (``STATUS``) and score of every enterprise of ``facts`` (which must carry
    ``enterprise``); with ``details`` also every node's outcome and every threshold's shortfall."""
    compiler = _Compiler(version, details)
    _depth, state, score_min, score_max = compiler.tree(version.rule)
    frame = facts.lazy()
    for depth in sorted(compiler.layers):
        frame = frame.with_columns(**compiler.layers[depth])
    held = pl.col(version.held).fill_null(False) if version.held else pl.lit(False)
    if version.held:
        state = pl.when(held).then(_state(MET)).otherwise(state)
    status = pl.lit(_STATUS_OF_STATE).gather(state)
    exprs = [pl.col("enterprise"), status.alias("status"), held.alias("held"),
             (score_min if score_min is not None else pl.lit(None)).cast(pl.Float64).alias("score"),
             (score_max if score_max is not None else pl.lit(None)).cast(pl.Float64).alias("score_max")]
    if details:
        for ident, column in compiler.outcomes.items():
            s = pl.col(column)
            exprs.append(pl.when(s == MET).then(True).when(s == UNKNOWN).then(None).otherwise(False).alias(f"c:{ident}"))
        exprs += [expr.alias(name) for name, expr in compiler.extra.items() if name not in
                  {f"c:{i}" for i in compiler.outcomes}]
    return frame.select(exprs).collect()
