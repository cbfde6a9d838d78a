"""Exact timetables with OR-Tools CP-SAT: the most meetings k slots can hold, and the fewest slots
that hold them all.

Model: a boolean per meeting and slot both participants can attend; each meeting in at most one
slot, nobody twice in a slot, at most T meetings per slot, and — a valid cut the solver cannot find
by itself — at most ⌊n/2⌋ meetings per slot among the n participants of a connected group (an odd
group that all meet each other, K5, needs Δ + 1 slots because of it). Maximise the meetings placed,
or, asking only whether k slots hold every meeting, require each meeting once; then, without blocked
slots, the slots are interchangeable and the busiest participant's meetings are fixed to the first
slots (symmetry breaking).

"Small enough" for the search of the fewest slots: at most ``EXACT_VARIABLES`` booleans (meetings ×
slots), within ``EXACT_TIME_LIMIT`` seconds on a day without availability constraints (the
constrained path shares its own limit). Measured on two cores: non-bipartite days of 1,350 meetings ×
17 slots settle in 4 s, 3,000 × 22 in 7 s; 5,800 × 44 does not within 10 s. Larger days keep the
heuristic timetable and report ``optimal: false`` with the gap.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from ortools.sat.python import cp_model

EXACT_VARIABLES = 50_000  # meetings × slots up to which the fewest slots are searched exactly (≈1,500 × 33)
EXACT_TIME_LIMIT = 10.0   # seconds for that search on a day without availability constraints
LARGE_MODEL = 50_000      # variables beyond which CP-SAT's presolve is skipped


def groups(pairs: list[tuple[str, str]]) -> list[tuple[set[str], list[int]]]:
    """The connected groups of participants (who meets whom, directly or not) and their meetings."""
    parent: dict[str, str] = {}

    def find(p: str) -> str:
        parent.setdefault(p, p)
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for a, b in pairs:
        parent[find(a)] = find(b)
    people: dict[str, set[str]] = defaultdict(set)
    meetings: dict[str, list[int]] = defaultdict(list)
    for e, (a, b) in enumerate(pairs):
        root = find(a)
        people[root].update((a, b))
        meetings[root].append(e)
    return [(people[r], meetings[r]) for r in people]


def solve(pairs: list[tuple[str, str]], tables: int, k: int, blocked: dict[str, set[int]],
          hint: dict[int, int], time_limit: float, workers: int, ceiling: int,
          every: bool = False) -> tuple[dict[int, int], bool] | None:
    """The most meetings ``k`` slots can hold: (meeting → slot, proven optimal), or None when the
    solver found nothing in time. ``ceiling``: no timetable places more (a cut that lets the solver
    stop as soon as it reaches it). ``hint``: a timetable to start from (its meetings only).
    ``every``: only whether all meetings fit — a timetable of them all, or ({}, True) when proven
    impossible."""
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
        if every and not options:
            return {}, True
        if options:
            (model.add_exactly_one if every else model.add_at_most_one)(options)
            placed.extend(options)
    for group in per_person_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for in_slot in per_slot:
        if len(in_slot) > tables:
            model.add(sum(in_slot) <= tables)
    for people, meetings in groups(pairs):
        most = len(people) // 2
        if most < min(tables, len(meetings)):
            for s in range(k):
                in_group = [x[e, s] for e in meetings if (e, s) in x]
                if len(in_group) > most:
                    model.add(sum(in_group) <= most)
    if every and not any(blocked.values()):
        # slots are interchangeable: any timetable of them all can be renumbered so that the busiest
        # participant's meetings take the first slots in order
        busiest = Counter(p for pair in pairs for p in pair).most_common(1)[0][0]
        mine = [e for e, pair in enumerate(pairs) if busiest in pair]
        if len(mine) > k:
            return {}, True
        for s, e in enumerate(mine):
            model.add(x[e, s] == 1)
    if not every:
        model.add(sum(placed) <= ceiling)
        model.maximize(sum(placed))
    solver = cp_model.CpSolver()
    # keep back time to read the answer out of a large model
    reserve = 1.0 + 0.05 * time_limit if len(x) > LARGE_MODEL else 0.05 * time_limit
    solver.parameters.max_time_in_seconds = max(0.2, time_limit - (time.monotonic() - started) - reserve)
    solver.parameters.num_workers = workers
    if len(x) > LARGE_MODEL:
        solver.parameters.cp_model_presolve = False
    status = solver.solve(model)
    if every and status == cp_model.INFEASIBLE:
        return {}, True
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    slot_of = {e: s for (e, s), var in x.items() if solver.value(var)}
    return slot_of, every or status == cp_model.OPTIMAL


def fewest_slots(pairs: list[tuple[str, str]], tables: int, blocked: dict[str, set[int]], slot_of: dict[int, int],
                 at_least: int, deadline: float, workers: int,
                 max_variables: int = EXACT_VARIABLES) -> tuple[dict[int, int], bool, bool]:
    """From a timetable placing every meeting (``slot_of``), try one slot fewer while the model is
    small enough and time is left: (timetable, proven to use the fewest slots, CP-SAT improved it).
    ``at_least``: a proven lower bound on the slots; reaching it ends the search."""
    improved = False
    while True:
        used = max(slot_of.values()) + 1 if slot_of else 0
        if used <= at_least:
            return slot_of, True, improved
        remaining = deadline - time.monotonic()
        if remaining < 0.2 or len(pairs) * (used - 1) > max_variables:
            return slot_of, False, improved
        solved = solve(pairs, tables, used - 1, blocked, slot_of, remaining, workers, ceiling=len(pairs), every=True)
        if solved is None:
            return slot_of, False, improved
        found, proven = solved
        if len(found) < len(pairs):  # one slot fewer does not hold them all: proven, or not known
            return slot_of, proven, improved
        slot_of, improved = found, True
