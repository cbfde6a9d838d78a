"""The alliance's pure rules (issue #17): the rota's constraints as properties, pairing suggestions,
and the one name rule every import uses."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from liandong.engines.alliance import RotaMember, plan_rota, suggest_pairings
from liandong.engines.alliance.rota import months_from
from liandong.engines.names import org_key


@st.composite
def rota_cases(draw):
    n = draw(st.integers(min_value=1, max_value=9))
    dates = draw(st.lists(st.one_of(st.none(), st.dates(dt.date(2023, 1, 1), dt.date(2026, 10, 31))),
                          min_size=n, max_size=n))
    months = draw(st.integers(min_value=1, max_value=30))
    return [RotaMember(f"m{i}", d) for i, d in enumerate(dates)], months


@settings(max_examples=60, deadline=None)
@given(rota_cases())
def test_the_rota_keeps_the_contracts_rules(case):
    members, n = case
    plan = plan_rota(members, months_from("2026-11", n))
    hosts = [h for _m, h in plan]
    assert len(hosts) == n and set(hosts) <= {m.key for m in members}
    if len(members) >= 2:
        assert all(a != b for a, b in zip(hosts, hosts[1:], strict=False)), hosts  # never twice running
    assert max(hosts.count(h) for h in hosts) <= math.ceil(n / len(members))  # nobody more than ⌈N/members⌉
    # least recently hosted first: the first months go to the members whose last turn is oldest
    first = hosts[: min(n, len(members))]
    def recency(key):
        day = next(m.last_hosted for m in members if m.key == key)
        return (day is not None, day or dt.date.min)
    assert [recency(k) for k in first] == sorted(recency(k) for k in first)
    assert sorted(recency(m.key) for m in members)[: len(first)] == [recency(k) for k in first]


def test_a_set_month_is_kept_and_its_neighbours_avoid_its_host():
    members = [RotaMember("a"), RotaMember("b"), RotaMember("c")]
    plan = dict(plan_rota(members, months_from("2026-12", 4), {"2027-01": "a"}))
    assert plan["2027-01"] == "a" and plan["2026-12"] != "a" and plan["2027-02"] != "a"
    assert list(plan) == ["2026-12", "2027-01", "2027-02", "2027-03"]


def test_months_roll_over_the_year():
    assert months_from("2026-11", 4) == ["2026-11", "2026-12", "2027-01", "2027-02"]


def test_pairing_suggestions_pair_upstream_with_downstream_and_leave_out_traders_and_pairs():
    positions = {"mat": {"up"}, "fab": {"mid"}, "pkg": {"mid"}, "car": {"down"}, "fab2": {"mid"}}
    edges = [("up", "mid"), ("mid", "down")]
    names = {"up": "半导体材料", "mid": "晶圆制造", "down": "汽车电子"}
    found = suggest_pairings(positions=positions, edges=edges, node_chain=dict.fromkeys(names, "ic"), node_names=names,
                             trading=[("pkg", "mat")], paired=[("car", "fab")], masters=["fab2"])
    pairs = {(c.upstream, c.downstream) for c in found}
    assert pairs == {("mat", "fab"), ("mat", "fab2"), ("fab2", "car"), ("pkg", "car")}
    assert found[0].upstream == "fab2" or found[0].downstream == "fab2"  # the chain master first among equals
    reasons = next(c for c in found if c.upstream == "mat" and c.downstream == "fab").reasons(
        {"mat": "甲材料", "fab": "乙晶圆"})
    assert reasons[0] == "甲材料位于「半导体材料」，乙晶圆位于其下游「晶圆制造」" and "未结对" in reasons[-1]


def test_pairing_suggestions_rank_by_links_and_never_pair_a_unit_with_itself():
    positions = {"a": {"u1", "u2"}, "b": {"d1", "d2"}, "c": {"d1"}, "d": {"u1", "d1"}}
    edges = [("u1", "d1"), ("u2", "d2")]
    found = suggest_pairings(positions=positions, edges=edges, node_chain={}, node_names={})
    assert (found[0].upstream, found[0].downstream, len(found[0].links)) == ("a", "b", 2)
    assert all(c.upstream != c.downstream for c in found)
    assert len({frozenset((c.upstream, c.downstream)) for c in found}) == len(found)


def test_one_unit_written_differently_shares_a_key_and_different_units_never_do():
    same = ["天津（西青）甲科技有限公司", "天津(西青)甲科技有限公司", "天津 ( 西青 ) 甲科技有限公司",
            "天津\u3000（西青）甲科技有限公司", "天津[西青]甲科技有限公司", "ＴＪ（西青）甲科技有限公司".replace("ＴＪ", "天津")]
    assert len({org_key(n) for n in same}) == 1
    different = ["天津（西青）甲科技有限公司", "天津（西青）乙科技有限公司", "天津（西青）甲科技股份有限公司",
                 "天津甲科技有限公司", "天津（西青）甲科技有限公司分公司", "天津（西青）甲科技有限责任公司"]
    assert len({org_key(n) for n in different}) == len(different)
    assert org_key("ABC（天津）有限公司") == org_key("ａｂｃ(天津)有限公司")
    assert org_key("") == "" and org_key(None) == ""


def test_no_member_fills_the_suggestions():
    positions = {"hub": {"up"}, **{f"d{i}": {"down"} for i in range(6)}, "u2": {"up"}}
    found = suggest_pairings(positions=positions, edges=[("up", "down")], node_chain={}, node_names={}, per_member=2)
    counts = {}
    for c in found:
        for m in (c.upstream, c.downstream):
            counts[m] = counts.get(m, 0) + 1
    assert max(counts.values()) <= 2 and counts["hub"] == 2 and counts["u2"] == 2 and len(found) == 4
