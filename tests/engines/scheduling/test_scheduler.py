"""The meeting scheduler: the lower bound reached on bipartite requests, at most Δ + 1 slots
otherwise, nobody and no table double-booked, availability honoured, infeasible days explained."""

from __future__ import annotations

import math
import time
from collections import Counter
from itertools import combinations

import pytest
import rustworkx as rx
from hypothesis import example, given, settings
from hypothesis import strategies as st

from liandong.engines.scheduling import ScheduleError, check, lower_bound, schedule, schedule_constrained


def delta(pairs) -> int:
    return max(Counter(p for pair in pairs for p in pair).values())


bipartite_requests = st.builds(
    lambda edges: sorted({(f"B{b}", f"S{s}") for b, s in edges}),
    st.lists(st.tuples(st.integers(0, 12), st.integers(0, 15)), min_size=1, max_size=120))


@settings(max_examples=200, deadline=None)
@given(bipartite_requests, st.integers(1, 12))
def test_bipartite_requests_take_exactly_the_lower_bound(pairs, tables):
    result = schedule(pairs, tables)
    assert result.bipartite
    assert result.slots == result.lower_bound == max(delta(pairs), math.ceil(len(pairs) / tables))
    assert check(result, tables) == []
    assert sorted((m.a, m.b) for m in result.meetings) == sorted(pairs) and not result.unscheduled


general_requests = st.builds(
    lambda edges: sorted({tuple(sorted((f"P{a}", f"P{b}"))) for a, b in edges if a != b}),
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), min_size=3, max_size=90))


@settings(max_examples=200, deadline=None)
@given(general_requests, st.integers(1, 12))
def test_anyone_meets_anyone_in_at_most_delta_plus_one_slots(pairs, tables):
    if not pairs:
        return
    result = schedule(pairs, tables)
    assert result.slots <= max(delta(pairs) + 1, math.ceil(len(pairs) / tables))
    assert check(result, tables) == []
    assert len(result.meetings) == len(pairs)


def test_a_triangle_needs_three_slots():
    result = schedule([("A", "B"), ("B", "C"), ("C", "A")], tables=5)
    assert (result.bipartite, result.lower_bound, result.slots) == (False, 2, 3)


def test_the_contract_example_and_cleaning():
    result = schedule([("A", "X"), ("A", "Y"), ("B", "X"), ("X", "B")], tables=5)
    assert result.slots == 2 and len(result.meetings) == 3
    with pytest.raises(ScheduleError):
        schedule([("A", "A")], tables=5)
    with pytest.raises(ScheduleError):
        schedule([("A", "B")], tables=0)


def test_the_bottleneck_participant_is_named():
    pairs = [("王总", f"S{i}") for i in range(14)] + [("B2", "S1")]
    result = schedule(pairs, tables=40)
    assert result.bottlenecks == [("王总", 14)] and result.slots == 14


def test_tables_limit_each_slot():
    pairs = [(f"B{i}", f"S{i}") for i in range(10)]   # a perfect matching: Δ = 1
    result = schedule(pairs, tables=3)
    assert result.slots == 4 == lower_bound(pairs, 3)
    assert max(Counter(m.slot for m in result.meetings).values()) == 3


def test_blocked_slots_are_honoured():
    pairs = [("B1", "S1"), ("B1", "S2"), ("B2", "S1"), ("B2", "S2")]
    blocked = {"B1": {0}, "S2": {1}}
    result = schedule_constrained(pairs, tables=5, blocked=blocked, time_limit=10)
    assert check(result, 5, blocked) == [] and not result.unscheduled
    assert result.slots >= result.lower_bound == 2


def test_an_impossible_day_is_explained_not_hung():
    pairs = [("王总", f"S{i}") for i in range(5)]
    start = time.monotonic()
    result = schedule_constrained(pairs, tables=5, slots=4, blocked={"王总": {0, 1}}, time_limit=5)
    assert time.monotonic() - start < 10
    assert len(result.meetings) == 2 and len(result.unscheduled) == 3
    assert any("王总 has 5 meetings but is available in only 2 of 4 slots" in m for m in result.messages)
    assert check(result, 5, {"王总": {0, 1}}) == []


def test_without_a_fixed_day_the_slots_grow_until_everything_fits():
    pairs = [("A", "B"), ("A", "C")]
    result = schedule_constrained(pairs, tables=5, blocked={"A": {0}}, time_limit=10)
    assert not result.unscheduled and result.slots == 3 and result.lower_bound == 2


def test_a_repaired_timetable_that_meets_the_unavoidable_bound_is_optimal_without_search():
    pairs = [("王总", f"S{i}") for i in range(6)] + [("B2", "S1"), ("B3", "S2")]
    start = time.monotonic()
    result = schedule_constrained(pairs, tables=10, slots=6, blocked={"王总": {0}, "S1": {3}}, time_limit=20)
    assert time.monotonic() - start < 5
    assert len(result.unscheduled) == 1 and result.optimal  # 王总 has 6 meetings and 5 free slots
    assert check(result, 10, {"王总": {0}, "S1": {3}}) == []


# --- optimality and bipartiteness, proven rather than assumed (issue #13 item 2) -------------------------

def most_placed(pairs, tables: int, k: int, blocked: dict[str, set[int]] | None = None) -> int:
    """Exhaustive search, independent of the engine: the most meetings any timetable of ``k`` slots
    places (nobody twice in a slot, at most ``tables`` per slot, no blocked slot)."""
    blocked = blocked or {}
    busy: set[tuple[str, int]] = set()
    count = [0] * k
    best = 0

    def go(i: int, placed: int) -> None:
        nonlocal best
        if placed + len(pairs) - i <= best:
            return
        if i == len(pairs):
            best = placed
            return
        a, b = pairs[i]
        for s in range(k):
            if count[s] < tables and (a, s) not in busy and (b, s) not in busy \
                    and s not in blocked.get(a, ()) and s not in blocked.get(b, ()):
                busy.update({(a, s), (b, s)})
                count[s] += 1
                go(i + 1, placed + 1)
                busy.difference_update({(a, s), (b, s)})
                count[s] -= 1
                if best == len(pairs):
                    return
        go(i + 1, placed)

    go(0, 0)
    return best


def fits(pairs, tables: int, k: int, blocked=None) -> bool:
    return k >= 0 and most_placed(pairs, tables, k, blocked) == len(pairs)


def is_bipartite(pairs) -> bool:
    graph = rx.PyGraph()
    index = {p: graph.add_node(p) for p in sorted({p for pair in pairs for p in pair})}
    graph.add_edges_from_no_data([(index[a], index[b]) for a, b in pairs])
    return rx.is_bipartite(graph)


def test_four_who_all_meet_each_other_at_two_tables_take_three_slots():
    pairs = list(combinations("ABCD", 2))
    result = schedule(pairs, tables=2)
    assert (result.slots, result.lower_bound, result.optimal, result.bipartite) == (3, 3, True, False)
    assert check(result, 2) == [] and len(result.meetings) == 6
    assert result.as_dict()["gap"] is None


def test_odd_groups_that_all_meet_each_other_are_proven_to_need_delta_plus_one():
    triangle = schedule([("A", "B"), ("B", "C"), ("C", "A")], tables=5)
    assert (triangle.slots, triangle.lower_bound, triangle.optimal) == (3, 2, True)
    k5 = schedule(list(combinations("ABCDE", 2)), tables=10)
    assert (k5.slots, k5.lower_bound, k5.optimal, k5.bipartite) == (5, 4, True, False)


def test_a_day_too_large_to_prove_says_so_and_reports_the_gap():
    pairs = list(combinations("ABCD", 2))
    result = schedule(pairs, tables=2, exact_variables=0)  # CP-SAT not allowed: the colouring stands
    assert result.optimal == (result.slots == 3)
    out = result.as_dict()
    assert out["optimal"] is result.optimal and out["bipartite"] is False
    assert out["gap"] == (None if result.optimal else result.slots - result.lower_bound)
    assert check(result, 2) == []


def test_the_constrained_path_reports_whether_the_requests_are_bipartite():
    k4 = list(combinations("ABCD", 2))
    result = schedule_constrained(k4, tables=2, blocked={"A": {5}}, time_limit=10)
    assert result.bipartite is False and result.slots == 3 and result.optimal
    square = [("B1", "S1"), ("B1", "S2"), ("B2", "S1"), ("B2", "S2")]
    assert schedule_constrained(square, tables=2, slots=3, time_limit=5).bipartite is True


def test_growing_slots_past_a_block_is_optimal_only_when_fewer_slots_cannot_hold_the_day():
    # A meets three, is blocked in slot 1: four slots needed, and proven so
    pairs = [("A", "B"), ("A", "C"), ("A", "D")]
    result = schedule_constrained(pairs, tables=5, blocked={"A": {0}}, time_limit=10)
    assert (result.slots, result.optimal, result.unscheduled) == (4, True, [])


small_graphs = st.builds(
    lambda edges: sorted({tuple(sorted((f"P{a}", f"P{b}"))) for a, b in edges if a != b}),
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=9))
blocked_slots = st.dictionaries(st.sampled_from([f"P{i}" for i in range(6)]),
                                st.sets(st.integers(0, 4), max_size=2), max_size=3)


@settings(max_examples=40, deadline=None)
@given(small_graphs, st.integers(1, 3))
def test_unconstrained_optimal_means_no_fewer_slots_fit(pairs, tables):
    if not pairs:
        return
    result = schedule(pairs, tables)
    assert result.bipartite == is_bipartite(pairs)
    assert check(result, tables) == [] and len(result.meetings) == len(pairs)
    if result.optimal:
        assert not fits(pairs, tables, result.slots - 1)
    else:
        assert result.as_dict()["gap"] == result.slots - result.lower_bound


@settings(max_examples=40, deadline=None)
@given(small_graphs, st.integers(1, 3), blocked_slots, st.one_of(st.none(), st.integers(1, 5)))
@example([("P1", "P2")], 2, {"P1": {0}, "P2": {1}}, None)  # their first common free slot is the third
def test_constrained_optimal_means_no_fewer_slots_fit_or_no_more_meetings_do(pairs, tables, blocked, day):
    if not pairs:
        return
    result = schedule_constrained(pairs, tables, slots=day, blocked=blocked, time_limit=5)
    assert result.bipartite == is_bipartite(pairs)
    assert check(result, tables, blocked) == []
    assert result.slots <= day if day else not result.unscheduled  # a day that may grow holds them all
    if not result.optimal:
        return
    if result.unscheduled:  # a day of fixed length that cannot hold them all: nobody places more
        assert day is not None and most_placed(pairs, tables, day, blocked) == len(result.meetings)
    else:
        assert not fits(pairs, tables, result.slots - 1, blocked)
