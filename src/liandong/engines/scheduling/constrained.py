"""Timetables when participants are unavailable in some slots (or the day has a fixed number of
slots).

1. A feasible timetable fast: the balanced edge colouring of the unconstrained day, meetings that
   fall in a blocked slot taken out, then put back greedily where both participants are free and a
   table is open, moving one conflicting meeting elsewhere when that frees the slot (a one-step
   Kempe-style repair). The slots start at the proven bound (``timetable.at_least``: L, the groups'
   ⌊n/2⌋ meetings a slot, each participant's free slots) and grow by one until everything fits (on a
   day of fixed length: up to its slots; otherwise up to L + Δ, and failing that the colouring is
   moved past the last blocked slot, where everyone is free).
2. OR-Tools CP-SAT (``exact.solve``) improves it within what is left of the time limit when meetings
   are left over: maximise the meetings placed, the repaired timetable as the solution hint; on large
   models presolve is skipped (it alone can use the whole limit).
3. When every meeting is placed in more slots than the bound, CP-SAT tries one slot fewer while the
   day is small enough (``exact.fewest_slots``, ``exact.EXACT_VARIABLES``).

``optimal`` only when proven: the slots reach the bound or one fewer was shown not to hold every
meeting; on a day of fixed length that cannot hold them all, when no timetable places more (the
unavoidable shortfall is reached or CP-SAT proved it). Never a hang: everything within the limit.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

import rustworkx as rx

from .exact import EXACT_VARIABLES, fewest_slots, solve
from .timetable import (
    Schedule,
    ScheduleError,
    at_least,
    bottlenecks,
    clean_requests,
    degrees,
    is_bipartite,
    lower_bound,
    schedule,
    timetable,
)

DEFAULT_TIME_LIMIT = 30.0


def _available(blocked: dict[str, set[int]], participant: str, slots: int) -> int:
    return slots - len({s for s in blocked.get(participant, set()) if 0 <= s < slots})


class _Timetable:
    """Slots → meetings, with who is busy when; used to repair the colouring."""

    def __init__(self, pairs: list[tuple[str, str]], k: int, tables: int, blocked: dict[str, set[int]]):
        self.pairs, self.k, self.tables, self.blocked = pairs, k, tables, blocked
        self.slot_of: dict[int, int] = {}
        self.busy: dict[tuple[str, int], int] = {}
        self.count = [0] * k

    def free(self, e: int, s: int, ignore: int | None = None) -> bool:
        a, b = self.pairs[e]
        if s in self.blocked.get(a, ()) or s in self.blocked.get(b, ()):
            return False
        return all(self.busy.get((p, s), ignore) == ignore for p in (a, b))

    def place(self, e: int, s: int) -> None:
        self.slot_of[e] = s
        self.count[s] += 1
        for p in self.pairs[e]:
            self.busy[p, s] = e

    def remove(self, e: int) -> None:
        s = self.slot_of.pop(e)
        self.count[s] -= 1
        for p in self.pairs[e]:
            del self.busy[p, s]

    def insert(self, e: int) -> bool:
        for s in range(self.k):
            if self.count[s] < self.tables and self.free(e, s):
                self.place(e, s)
                return True
        for s in range(self.k):  # move one meeting that blocks e in slot s to another slot
            if self.count[s] >= self.tables:
                continue
            a, b = self.pairs[e]
            if s in self.blocked.get(a, ()) or s in self.blocked.get(b, ()):
                continue
            in_way = {self.busy.get((p, s)) for p in (a, b)} - {None}
            if len(in_way) != 1:
                continue
            other = in_way.pop()
            for t in range(self.k):
                if t != s and self.count[t] < self.tables and self.free(other, t):
                    self.remove(other)
                    self.place(other, t)
                    self.place(e, s)
                    return True
        return False


def _repaired(pairs, k, tables, blocked, unconstrained: Schedule) -> _Timetable:
    table = _Timetable(pairs, k, tables, blocked)
    index = {pair: e for e, pair in enumerate(pairs)}
    waiting = []
    for m in unconstrained.meetings:
        e = index[(m.a, m.b)]
        if m.slot < k and table.count[m.slot] < tables and table.free(e, m.slot):
            table.place(e, m.slot)
        else:
            waiting.append(e)
    deg = degrees(pairs)
    for e in sorted(waiting, key=lambda e: -max(deg[p] for p in pairs[e])):  # the hardest first
        table.insert(e)
    return table


def unavoidable(pairs: list[tuple[str, str]], k: int, blocked: dict[str, set[int]]) -> int:
    """A lower bound on the meetings no timetable of k slots can place: a participant free in fewer
    slots than they have meetings leaves the excess out. On a bipartite day every meeting has one
    participant on each side, so each side's excesses add up; otherwise they add up when no meeting
    joins two such participants, and the largest one is always a bound."""
    deg = degrees(pairs)
    excess = {p: n - _available(blocked, p, k) for p, n in deg.items() if n > _available(blocked, p, k)}
    if not excess:
        return 0
    graph = rx.PyGraph()
    index = {p: graph.add_node(p) for p in deg}
    graph.add_edges_from_no_data([(index[a], index[b]) for a, b in pairs])
    sides = rx.two_color(graph)
    if sides is not None:
        return max(sum(n for p, n in excess.items() if sides[index[p]] == side) for side in (0, 1))
    joined = any(a in excess and b in excess for a, b in pairs)
    return max(excess.values()) if joined else sum(excess.values())


def schedule_constrained(requests: Iterable[Sequence[str]], tables: int, *, slots: int | None = None,
                         blocked: dict[str, set[int]] | None = None,
                         time_limit: float = DEFAULT_TIME_LIMIT, workers: int = 2,
                         always_search: bool = False, exact_variables: int = EXACT_VARIABLES) -> Schedule:
    """``slots``: the slots the day has (default: as many as needed, from the proven bound up);
    ``blocked``: participant → 0-based slots they cannot meet in; ``always_search``: run CP-SAT even
    when the repaired timetable already places every meeting it can; ``exact_variables``: the size
    (meetings × slots) up to which fewer slots are searched for."""
    started = time.monotonic()
    deadline = started + time_limit
    if tables < 1:
        raise ScheduleError("there must be at least one table")
    pairs = clean_requests(requests)
    blocked = {p: set(s) for p, s in (blocked or {}).items()}
    bound = lower_bound(pairs, tables)
    if not pairs:
        return Schedule(0, 0, [], bipartite=True, optimal=True, method="cp-sat")
    if slots is not None and slots < 1:
        raise ScheduleError("the day needs at least one slot")
    fixed = slots is not None
    deg = degrees(pairs)
    fewest = at_least(pairs, tables, blocked)
    day = slots if fixed else max(fewest, bound + max(deg.values()))  # the most slots tried
    k = min(fewest, day)
    colouring = schedule(pairs, tables, exact_variables=0)  # the starting point only: no search here
    while True:
        repaired = _repaired(pairs, k, tables, blocked, colouring)
        if len(repaired.slot_of) == len(pairs) or k >= day:
            break
        k += 1
    slot_of, method = repaired.slot_of, "repaired colouring"
    if not fixed and len(slot_of) < len(pairs):
        # after the last blocked slot everyone is free: the colouring moved there holds every meeting
        offset = 1 + max((s for taken in blocked.values() for s in taken), default=-1)
        index = {pair: e for e, pair in enumerate(pairs)}
        k = offset + colouring.slots
        slot_of = {index[(m.a, m.b)]: offset + m.slot for m in colouring.meetings}
    floor = unavoidable(pairs, k, blocked)
    most = len(pairs) - len(slot_of) <= floor  # no timetable of k slots places more
    remaining = deadline - time.monotonic()
    if (always_search or not most) and remaining > 1:
        solved = solve(pairs, tables, k, blocked, slot_of, remaining, workers, ceiling=len(pairs) - floor)
        if solved is not None:
            found, proven = solved
            if len(found) >= len(slot_of):
                slot_of, method = found, "cp-sat"
            most = most or proven
    if len(slot_of) == len(pairs):
        slot_of, optimal, improved = fewest_slots(pairs, tables, blocked, slot_of, fewest, deadline, workers,
                                                  exact_variables)
        method = "cp-sat" if improved else method
    else:  # meetings left over: optimal on a fixed day when no timetable places more; more slots would
        optimal = fixed and most
    meetings, used = timetable(pairs, slot_of)
    placed = set(slot_of)
    best = Schedule(used, bound, meetings, bipartite=is_bipartite(pairs), optimal=optimal,
                    unscheduled=[pair for e, pair in enumerate(pairs) if e not in placed], method=method,
                    bottlenecks=bottlenecks(pairs, tables))
    short = sorted((p, n, _available(blocked, p, k)) for p, n in deg.items() if n > _available(blocked, p, k))
    best.shortfalls = [(p, n, free, k) for p, n, free in short]
    best.messages = [f"{p} has {n} meetings but is available in only {free} of {k} slots: "
                     f"{n - free} cannot be scheduled" for p, n, free in short]
    if best.unscheduled:
        best.messages.append(f"{len(best.unscheduled)} meetings could not be placed in {k} slots")
    return best
