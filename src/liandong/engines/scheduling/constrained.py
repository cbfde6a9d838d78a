"""Timetables when participants are unavailable in some slots (or the day has a fixed number of
slots): OR-Tools CP-SAT, each meeting in at most one slot, nobody twice in a slot, at most T
meetings per slot, none in a participant's blocked slot; maximise the meetings scheduled, then
minimise the last slot used. The unconstrained edge-colouring timetable is given as a hint. A time
limit bounds the search: the answer is the best found, marked optimal or not, never a hang.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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


def _available(blocked: dict[str, set[int]], participant: str, slots: int) -> int:
    return slots - len({s for s in blocked.get(participant, set()) if 0 <= s < slots})


def schedule_constrained(requests: Iterable[Sequence[str]], tables: int, *, slots: int | None = None,
                         blocked: dict[str, set[int]] | None = None,
                         time_limit: float = DEFAULT_TIME_LIMIT, workers: int = 2) -> Schedule:
    """``slots``: the slots the day has (default: the lower bound, growing by one until everything fits
    or Δ + the bound is reached); ``blocked``: participant → 0-based slots they cannot meet in."""
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
    messages = []
    if fixed:
        short = sorted((p, n, _available(blocked, p, k)) for p, n in deg.items() if n > _available(blocked, p, k))
        messages += [f"{p} has {n} meetings but is available in only {free} of {k} slots: "
                     f"{n - free} cannot be scheduled" for p, n, free in short]
    hint = {(m.a, m.b): m.slot for m in schedule(pairs, tables).meetings}
    limit = k if fixed else bound + max(deg.values())
    per_try = time_limit if fixed else max(1.0, time_limit / 3)
    spent = 0.0
    while True:
        result, solved_optimally, wall = _solve(pairs, tables, k, blocked, hint, per_try, workers)
        spent += wall
        if fixed or not result.unscheduled or k >= limit or spent >= time_limit:
            break
        k += 1
    result.lower_bound = bound
    result.bottlenecks = bottlenecks(pairs, tables)
    result.optimal = solved_optimally
    result.messages = messages + ([f"{len(result.unscheduled)} meetings could not be placed in {k} slots"]
                                  if result.unscheduled else [])
    return result


def _solve(pairs, tables, k, blocked, hint, time_limit, workers) -> tuple[Schedule, bool, float]:
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for e, (a, b) in enumerate(pairs):
        for s in range(k):
            if s in blocked.get(a, ()) or s in blocked.get(b, ()):
                continue
            x[e, s] = model.new_bool_var(f"x{e}_{s}")
            if hint.get((a, b)) == s:
                model.add_hint(x[e, s], 1)
    placed = []
    for e in range(len(pairs)):
        options = [x[e, s] for s in range(k) if (e, s) in x]
        if options:
            model.add_at_most_one(options)
            placed.append(sum(options))
    by_person_slot: dict[tuple[str, int], list] = {}
    for (e, s), var in x.items():
        for p in pairs[e]:
            by_person_slot.setdefault((p, s), []).append(var)
    for group in by_person_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for s in range(k):
        in_slot = [var for (e, t), var in x.items() if t == s]
        if len(in_slot) > tables:
            model.add(sum(in_slot) <= tables)
    last = model.new_int_var(0, k, "last")
    for (_e, s), var in x.items():
        model.add(last >= s + 1).only_enforce_if(var)
    model.maximize(sum(placed) * (k + 1) - last)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Schedule(0, 0, [], unscheduled=list(pairs), method="cp-sat"), False, solver.wall_time
    chosen: dict[int, list[int]] = {}
    unscheduled = []
    for e, pair in enumerate(pairs):
        slot = next((s for s in range(k) if (e, s) in x and solver.value(x[e, s])), None)
        if slot is None:
            unscheduled.append(pair)
        else:
            chosen.setdefault(slot, []).append(e)
    meetings = [Meeting(pairs[e][0], pairs[e][1], s, table)
                for s in sorted(chosen) for table, e in enumerate(sorted(chosen[s], key=lambda e: pairs[e]), 1)]
    used = (max(chosen) + 1) if chosen else 0
    return (Schedule(used, 0, meetings, unscheduled=unscheduled, method="cp-sat"),
            status == cp_model.OPTIMAL, solver.wall_time)
