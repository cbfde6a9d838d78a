"""Timetables when participants are unavailable in some slots (or the day has a fixed number of
slots).

1. A feasible timetable fast: the balanced edge colouring of the unconstrained day, meetings that
   fall in a blocked slot taken out, then put back greedily where both participants are free and a
   table is open, moving one conflicting meeting elsewhere when that frees the slot (a one-step
   Kempe-style repair).
2. OR-Tools CP-SAT improves it within what is left of the time limit: each meeting in at most one of
   the slots both participants can attend, nobody twice in a slot, at most T meetings per slot;
   maximise the meetings placed. The repaired timetable is the solution hint; on large models presolve
   is skipped (it alone can use the whole limit). The answer is the better of the two, marked optimal
   only when CP-SAT proved it; never a hang.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

import rustworkx as rx
from ortools.sat.python import cp_model

from .timetable import (
    Meeting,
    Schedule,
    ScheduleError,
    bottlenecks,
    clean_requests,
    degrees,
    lower_bound,
    schedule,
)

DEFAULT_TIME_LIMIT = 30.0
LARGE_MODEL = 50_000  # variables beyond which CP-SAT's presolve is skipped


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


def _repaired(pairs, k, tables, blocked) -> _Timetable:
    table = _Timetable(pairs, k, tables, blocked)
    index = {pair: e for e, pair in enumerate(pairs)}
    unconstrained = schedule(pairs, tables)
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


def _result(pairs, slot_of: dict[int, int], method: str) -> Schedule:
    by_slot: dict[int, list[int]] = defaultdict(list)
    for e, s in slot_of.items():
        by_slot[s].append(e)
    meetings = [Meeting(pairs[e][0], pairs[e][1], s, table)
                for s in sorted(by_slot) for table, e in enumerate(sorted(by_slot[s], key=lambda e: pairs[e]), 1)]
    unscheduled = [pair for e, pair in enumerate(pairs) if e not in slot_of]
    return Schedule((max(by_slot) + 1) if by_slot else 0, 0, meetings, unscheduled=unscheduled, method=method)


def schedule_constrained(requests: Iterable[Sequence[str]], tables: int, *, slots: int | None = None,
                         blocked: dict[str, set[int]] | None = None,
                         time_limit: float = DEFAULT_TIME_LIMIT, workers: int = 2,
                         always_search: bool = False) -> Schedule:
    """``slots``: the slots the day has (default: the lower bound, growing by one until everything fits
    or the time runs out); ``blocked``: participant → 0-based slots they cannot meet in;
    ``always_search``: run CP-SAT even when the repaired timetable is already proven optimal."""
    started = time.monotonic()
    if tables < 1:
        raise ScheduleError("there must be at least one table")
    pairs = clean_requests(requests)
    blocked = {p: set(s) for p, s in (blocked or {}).items()}
    bound = lower_bound(pairs, tables)
    if not pairs:
        return Schedule(0, 0, [], method="cp-sat")
    if slots is not None and slots < 1:
        raise ScheduleError("the day needs at least one slot")
    fixed = slots is not None
    k = slots if fixed else bound
    deg = degrees(pairs)
    while True:
        repaired = _repaired(pairs, k, tables, blocked)
        if fixed or len(repaired.slot_of) == len(pairs) or k >= bound + max(deg.values()):
            break
        k += 1
    best = _result(pairs, repaired.slot_of, "repaired colouring")
    optimal = len(pairs) - len(repaired.slot_of) <= unavoidable(pairs, k, blocked)
    remaining = time_limit - (time.monotonic() - started)
    if (always_search or not optimal) and remaining > 1:
        solved = _solve(pairs, tables, k, blocked, repaired.slot_of, remaining, workers,
                        ceiling=len(pairs) - unavoidable(pairs, k, blocked))
        if solved is not None:
            slot_of, proven = solved
            if len(slot_of) >= len(repaired.slot_of):
                best = _result(pairs, slot_of, "cp-sat")
            optimal = optimal or proven
    best.lower_bound = bound
    best.bottlenecks = bottlenecks(pairs, tables)
    best.optimal = optimal
    short = sorted((p, n, _available(blocked, p, k)) for p, n in deg.items() if n > _available(blocked, p, k))
    best.messages = [f"{p} has {n} meetings but is available in only {free} of {k} slots: "
                     f"{n - free} cannot be scheduled" for p, n, free in short]
    if best.unscheduled:
        best.messages.append(f"{len(best.unscheduled)} meetings could not be placed in {k} slots")
    return best


def _solve(pairs, tables, k, blocked, hint: dict[int, int], time_limit: float, workers: int,
           ceiling: int) -> tuple[dict[int, int], bool] | None:
    """``ceiling``: at most this many meetings can be placed (``unavoidable``), a valid cut that lets
    the solver stop as soon as it reaches it."""
    started = time.monotonic()
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    per_slot: list[list] = [[] for _ in range(k)]
    per_person_slot: dict[tuple[str, int], list] = defaultdict(list)
    placed = []
    for e, (a, b) in enumerate(pairs):
        blocked_here = blocked.get(a, set()) | blocked.get(b, set())
        options = []
        for s in range(k):
            if s in blocked_here:
                continue
            var = model.new_bool_var("")
            x[e, s] = var
            options.append(var)
            per_slot[s].append(var)
            per_person_slot[a, s].append(var)
            per_person_slot[b, s].append(var)
            if hint.get(e) == s:  # a partial hint, the timetable's meetings only: the
                model.add_hint(var, True)  # at-most-one constraints imply the rest
        if options:
            model.add_at_most_one(options)
            placed.extend(options)
    for group in per_person_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for in_slot in per_slot:
        if len(in_slot) > tables:
            model.add(sum(in_slot) <= tables)
    model.add(sum(placed) <= ceiling)
    model.maximize(sum(placed))
    solver = cp_model.CpSolver()
    # keep back time to read the answer out of a large model
    reserve = 1.0 + 0.05 * time_limit
    solver.parameters.max_time_in_seconds = max(0.5, time_limit - (time.monotonic() - started) - reserve)
    solver.parameters.num_workers = workers
    if len(x) > LARGE_MODEL:
        solver.parameters.cp_model_presolve = False
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    slot_of = {e: s for (e, s), var in x.items() if solver.value(var)}
    return slot_of, status == cp_model.OPTIMAL
