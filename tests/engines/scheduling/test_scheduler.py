"""The meeting scheduler: the lower bound reached on bipartite requests, at most Δ + 1 slots
otherwise, nobody and no table double-booked, availability honoured, infeasible days explained."""

from __future__ import annotations

import math
import time
from collections import Counter

import pytest
from hypothesis import given, settings
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
