"""1:1 meeting timetables for a matchmaking day (供需对接会一对一洽谈排程).

Accepted requests are the edges of a graph on participants; a slot holds a matching (nobody twice)
of at most T meetings (tables). Lower bound: L = max(Δ, ⌈E/T⌉), Δ the most meetings any one
participant has. For a bipartite graph (buyers meet suppliers) König's edge-colouring theorem gives
a proper colouring with Δ colours, and for any K ≥ Δ an *equitable* one whose classes differ in size
by at most one (de Werra 1971; McDiarmid 1972), so K = L slots always suffice: colour with
``rustworkx.graph_bipartite_edge_color``, then balance the classes by swapping colours along
alternating paths until every slot holds ⌈E/K⌉ or ⌊E/K⌋ meetings. A graph that is not bipartite
(anyone meets anyone) is coloured with at most Δ + 1 colours (Misra & Gries 1992,
``rustworkx.graph_misra_gries_edge_color``) and balanced the same way; when that uses more slots than
the proven bound (``at_least``) and the day is small enough (``exact.EXACT_VARIABLES`` meetings ×
slots), CP-SAT looks for one slot fewer within ``exact.EXACT_TIME_LIMIT`` seconds — four participants
who all meet each other at two tables take 3 slots, not Misra–Gries's 4.

``optimal`` is true only when proven: the slots reach the bound, or CP-SAT showed that one slot fewer
cannot hold every meeting. Otherwise ``gap`` = slots − lower_bound. ``bipartite`` is always the
graph's (``rustworkx.is_bipartite``), on every path.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import rustworkx as rx

from .exact import EXACT_TIME_LIMIT, EXACT_VARIABLES, fewest_slots, groups


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
    """``lower_bound`` is L = max(Δ, ⌈E/T⌉) (docs/cli.md#meetings-schedule); ``optimal``: proven that
    no timetable needs fewer slots for every meeting (on a day of fixed length that cannot hold them
    all: that none places more meetings); ``bipartite``: the requests' graph is."""

    slots: int
    lower_bound: int
    meetings: list[Meeting]
    bipartite: bool
    optimal: bool
    unscheduled: list[tuple[str, str]] = field(default_factory=list)
    method: str = "edge-colouring"
    bottlenecks: list[tuple[str, int]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    #: (participant, meetings requested, slots free, slots of the day) for everyone with more meetings
    #: than free slots, so a page words the warning in its own language (``messages`` is the CLI's text).
    shortfalls: list[tuple[str, int, int, int]] = field(default_factory=list)

    @property
    def gap(self) -> int | None:
        """Slots above the lower bound when the timetable is not proven optimal (None when it is)."""
        return None if self.optimal else self.slots - self.lower_bound

    def as_dict(self) -> dict:
        return {"slots": self.slots, "lower_bound": self.lower_bound,
                "meetings": [{"a": m.a, "b": m.b, "slot": m.slot + 1, "table": m.table} for m in self.meetings],
                "unscheduled": [{"a": a, "b": b} for a, b in self.unscheduled], "method": self.method,
                "bipartite": self.bipartite, "optimal": self.optimal, "gap": self.gap,
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


def at_least(pairs: list[tuple[str, str]], tables: int, blocked: dict[str, set[int]] | None = None) -> int:
    """A proven lower bound on the slots that hold every meeting, at least L: a connected group of n
    participants holds at most ⌊n/2⌋ meetings a slot (so three who all meet each other need 3 slots),
    the whole day at most min(T, Σ ⌊n/2⌋); a participant blocked in some slots needs enough slots
    to be free in as many as they have meetings."""
    if not pairs:
        return 0
    bound = lower_bound(pairs, tables)
    pieces = groups(pairs)
    per_slot = min(tables, sum(len(people) // 2 for people, _ in pieces))
    bound = max(bound, math.ceil(len(pairs) / per_slot),
                *(math.ceil(len(meetings) / (len(people) // 2)) for people, meetings in pieces))
    for p, n in degrees(pairs).items():
        k = n
        for s in sorted((blocked or {}).get(p, ())):
            if 0 <= s < k:
                k += 1
        bound = max(bound, k)
    return bound


def is_bipartite(pairs: list[tuple[str, str]]) -> bool:
    return rx.is_bipartite(_graph(pairs)[0])


def timetable(pairs: list[tuple[str, str]], slot_of: dict[int, int]) -> tuple[list[Meeting], int]:
    """Meetings by slot and table (tables numbered in each slot by the pair), and the slots used."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    for e, s in slot_of.items():
        by_slot[s].append(e)
    meetings = [Meeting(pairs[e][0], pairs[e][1], s, table)
                for s in sorted(by_slot) for table, e in enumerate(sorted(by_slot[s], key=lambda e: pairs[e]), 1)]
    return meetings, (max(by_slot) + 1) if by_slot else 0


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


def schedule(requests: Iterable[Sequence[str]], tables: int, *, time_limit: float = EXACT_TIME_LIMIT,
             exact_variables: int = EXACT_VARIABLES, workers: int = 2) -> Schedule:
    """The timetable without availability constraints: K = max(Δ, ⌈E/T⌉) slots when the requests
    form a bipartite graph, at most max(Δ + 1, ⌈E/T⌉) otherwise — the fewest possible when CP-SAT
    proves it within ``time_limit`` on a day of at most ``exact_variables`` meetings × slots."""
    started = time.monotonic()
    if tables < 1:
        raise ScheduleError("there must be at least one table")
    pairs = clean_requests(requests)
    bound = lower_bound(pairs, tables)
    if not pairs:
        return Schedule(0, 0, [], bipartite=True, optimal=True)
    colours, bipartite = colour(pairs)
    k = max(bound, max(colours) + 1)
    colours = balance(pairs, colours, k)
    used = sorted(set(colours))
    renumber = {c: s for s, c in enumerate(used)}
    slot_of = {e: renumber[c] for e, c in enumerate(colours)}
    slot_of, optimal, improved = fewest_slots(pairs, tables, {}, slot_of, at_least(pairs, tables),
                                              started + time_limit, workers, exact_variables)
    if improved:  # CP-SAT's timetable, with its slots balanced as the colouring's were
        k = max(slot_of.values()) + 1
        colours = balance(pairs, [slot_of[e] for e in range(len(pairs))], k)
        renumber = {c: s for s, c in enumerate(sorted(set(colours)))}
        slot_of = {e: renumber[c] for e, c in enumerate(colours)}
    meetings, slots = timetable(pairs, slot_of)
    return Schedule(slots, bound, meetings, bipartite=bipartite, optimal=optimal,
                    bottlenecks=bottlenecks(pairs, tables), method="cp-sat" if improved else "edge-colouring")


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
