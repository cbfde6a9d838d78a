"""1:1 meeting timetables for a matchmaking day (供需对接会一对一洽谈排程).

Accepted requests are the edges of a graph on participants; a slot holds a matching (nobody twice)
of at most T meetings (tables). Lower bound: L = max(Δ, ⌈E/T⌉), Δ the most meetings any one
participant has. For a bipartite graph (buyers meet suppliers) König's edge-colouring theorem gives
a proper colouring with Δ colours, and for any K ≥ Δ an *equitable* one whose classes differ in size
by at most one (de Werra 1971; McDiarmid 1972), so K = L slots always suffice: colour with
``rustworkx.graph_bipartite_edge_color``, then balance the classes by swapping colours along
alternating paths until every slot holds ⌈E/K⌉ or ⌊E/K⌋ meetings. A graph that is not bipartite
(anyone meets anyone) is coloured with at most Δ + 1 colours (Misra & Gries 1992,
``rustworkx.graph_misra_gries_edge_color``) and balanced the same way.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import rustworkx as rx


class ScheduleError(ValueError):
    """Requests or constraints the scheduler cannot accept (the message says why)."""


@dataclass(frozen=True)
class Meeting:
    a: str
    b: str
    slot: int  # 0-based
    table: int  # 1-based


@dataclass
class Schedule:
    slots: int
    lower_bound: int
    meetings: list[Meeting]
    unscheduled: list[tuple[str, str]] = field(default_factory=list)
    method: str = "edge-colouring"
    bipartite: bool = True
    bottlenecks: list[tuple[str, int]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    optimal: bool = True

    def as_dict(self) -> dict:
        return {"slots": self.slots, "lower_bound": self.lower_bound,
                "meetings": [{"a": m.a, "b": m.b, "slot": m.slot + 1, "table": m.table} for m in self.meetings],
                "unscheduled": [{"a": a, "b": b} for a, b in self.unscheduled], "method": self.method,
                "bipartite": self.bipartite, "optimal": self.optimal,
                "bottlenecks": [{"participant": p, "meetings": n} for p, n in self.bottlenecks],
                "messages": self.messages}


def clean_requests(requests: Iterable[Sequence[str]]) -> list[tuple[str, str]]:
    """Pairs as given, each meeting once (a–b and b–a are the same meeting); nobody meets themself."""
    seen: set[frozenset[str]] = set()
    out = []
    for pair in requests:
        a, b = (str(pair[0]).strip(), str(pair[1]).strip())
        if not a or not b:
            raise ScheduleError("every request needs two participants")
        if a == b:
            raise ScheduleError(f"{a} cannot meet themself")
        key = frozenset((a, b))
        if key not in seen:
            seen.add(key)
            out.append((a, b))
    return out


def degrees(pairs: list[tuple[str, str]]) -> Counter:
    return Counter(p for pair in pairs for p in pair)


def lower_bound(pairs: list[tuple[str, str]], tables: int) -> int:
    if not pairs:
        return 0
    return max(max(degrees(pairs).values()), math.ceil(len(pairs) / tables))


def bottlenecks(pairs: list[tuple[str, str]], tables: int) -> list[tuple[str, int]]:
    """The participants whose meeting count sets the lower bound (when Δ ≥ ⌈E/T⌉)."""
    if not pairs:
        return []
    deg = degrees(pairs)
    top = max(deg.values())
    if top < math.ceil(len(pairs) / tables):
        return []
    return sorted(((p, n) for p, n in deg.items() if n == top), key=lambda x: x[0])


def _graph(pairs: list[tuple[str, str]]) -> tuple[rx.PyGraph, dict[str, int]]:
    graph = rx.PyGraph(multigraph=False)
    index: dict[str, int] = {}
    for a, b in pairs:
        for p in (a, b):
            if p not in index:
                index[p] = graph.add_node(p)
        graph.add_edge(index[a], index[b], None)
    return graph, index


def colour(pairs: list[tuple[str, str]]) -> tuple[list[int], bool]:
    """A proper edge colouring (colour per pair) and whether the graph is bipartite."""
    graph, index = _graph(pairs)
    bipartite = rx.is_bipartite(graph)
    colours = rx.graph_bipartite_edge_color(graph) if bipartite else rx.graph_misra_gries_edge_color(graph)
    edge_of = {frozenset(graph.get_edge_endpoints_by_index(e)): e for e in graph.edge_indices()}
    return [colours[edge_of[frozenset((index[a], index[b]))]] for a, b in pairs], bipartite


def balance(pairs: list[tuple[str, str]], colours: list[int], k: int) -> list[int]:
    """Recolour so that the k classes differ in size by at most one: while the largest class M1 exceeds
    the smallest M2 by two or more, M1 ∪ M2 has an alternating path with one more M1 edge than M2
    edges; swapping the two colours along it moves one meeting from M1 to M2."""
    colours = list(colours)
    classes: dict[int, set[int]] = defaultdict(set)
    for i, c in enumerate(colours):
        classes[c].add(i)
    for c in range(k):
        classes.setdefault(c, set())
    while True:
        big = max(range(k), key=lambda c: len(classes[c]))
        small = min(range(k), key=lambda c: len(classes[c]))
        if len(classes[big]) - len(classes[small]) <= 1:
            return colours
        incident: dict[str, dict[int, int]] = defaultdict(dict)  # participant → colour → edge
        for c in (big, small):
            for e in classes[c]:
                for p in pairs[e]:
                    incident[p][c] = e
        # a path component starts at a participant touched by a `big` edge and no `small` edge
        for start, by_colour in incident.items():
            if big in by_colour and small not in by_colour:
                path, node, want = [], start, big
                while want in incident[node]:
                    e = incident[node][want]
                    path.append(e)
                    a, b = pairs[e]
                    node = b if a == node else a
                    want = small if want == big else big
                if sum(1 for e in path if colours[e] == big) > sum(1 for e in path if colours[e] == small):
                    for e in path:
                        old = colours[e]
                        new = small if old == big else big
                        classes[old].discard(e)
                        classes[new].add(e)
                        colours[e] = new
                    break
        else:  # cannot happen for a proper colouring; stop rather than loop
            return colours


def schedule(requests: Iterable[Sequence[str]], tables: int) -> Schedule:
    """The timetable without availability constraints: K = max(Δ, ⌈E/T⌉) slots when the requests
    form a bipartite graph, at most max(Δ + 1, ⌈E/T⌉) otherwise."""
    if tables < 1:
        raise ScheduleError("there must be at least one table")
    pairs = clean_requests(requests)
    bound = lower_bound(pairs, tables)
    if not pairs:
        return Schedule(0, 0, [])
    colours, bipartite = colour(pairs)
    k = max(bound, max(colours) + 1)
    colours = balance(pairs, colours, k)
    by_slot: dict[int, list[int]] = defaultdict(list)
    for e, c in enumerate(colours):
        by_slot[c].append(e)
    used = sorted(c for c in by_slot if by_slot[c])
    renumber = {c: s for s, c in enumerate(used)}
    meetings = []
    for c in used:
        for table, e in enumerate(sorted(by_slot[c], key=lambda e: pairs[e]), start=1):
            meetings.append(Meeting(pairs[e][0], pairs[e][1], renumber[c], table))
    return Schedule(len(used), bound, sorted(meetings, key=lambda m: (m.slot, m.table)), bipartite=bipartite,
                    bottlenecks=bottlenecks(pairs, tables), method="edge-colouring")


def check(result: Schedule, tables: int, blocked: dict[str, set[int]] | None = None) -> list[str]:
    """Violations of a timetable: somebody twice in a slot, more meetings than tables, a meeting in a
    slot a participant is not available. Empty when the timetable is valid."""
    problems = []
    seen: dict[tuple[int, str], int] = {}
    per_slot = Counter(m.slot for m in result.meetings)
    tables_used: set[tuple[int, int]] = set()
    for m in result.meetings:
        for p in (m.a, m.b):
            if (m.slot, p) in seen:
                problems.append(f"{p} twice in slot {m.slot + 1}")
            seen[(m.slot, p)] = 1
            if blocked and m.slot in blocked.get(p, set()):
                problems.append(f"{p} is not available in slot {m.slot + 1}")
        if (m.slot, m.table) in tables_used or not 1 <= m.table <= tables:
            problems.append(f"table {m.table} in slot {m.slot + 1} used twice or out of range")
        tables_used.add((m.slot, m.table))
    problems += [f"slot {s + 1} has {n} meetings for {tables} tables" for s, n in per_slot.items() if n > tables]
    return problems
