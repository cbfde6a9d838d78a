"""Status rules of the chain gap analysis (liandong.engines.graph.rules): order, thresholds, wording."""

from __future__ import annotations

import pytest

from liandong.engines.graph import (
    RULES,
    STATUS_RANK,
    STATUSES,
    NodeFacts,
    Thresholds,
    analyze_chains,
    classify,
)
from liandong.engines.graph.rules import pct, wan

from .builders import frames, node

T = Thresholds()


def facts(n: int, above: int = 0, output: float = 100.0, top: float | None = 0.3, hhi: float | None = 0.2,
          rate: float | None = None, demand: float = 0.0) -> NodeFacts:
    return NodeFacts(enterprises=n, above_scale=above, output=output, top_share=top, hhi=hhi,
                     local_supply_rate=rate, local_demand=demand)


def test_rule_order_and_ranks():
    assert [status for status, _rule in RULES] == ["missing", "single_point", "weak", "strong", "normal"]
    assert STATUSES == ("missing", "single_point", "weak", "normal", "strong")
    assert sorted(STATUS_RANK, key=STATUS_RANK.get) == list(STATUSES)


@pytest.mark.parametrize(("f", "status", "reason"), [
    (facts(0, output=0, top=None, hhi=None), "missing", "本地暂无企业"),
    (facts(0, output=0, top=None, hhi=None, demand=1_234_567), "missing", "本地暂无企业，下游本地需求123万元"),
    (facts(0, output=0, top=None, hhi=None, demand=3_000), "missing", "本地暂无企业，下游本地需求0.3万元"),
    (facts(1, top=1.0, hhi=1.0), "single_point", "只有1家本地企业，占本环节产值100%"),
    (facts(1, output=0, top=None, hhi=None), "single_point", "只有1家本地企业"),
    (facts(4, above=4, top=0.93, hhi=0.87), "normal", "4家本地企业（规上4家），HHI 0.87，其中1家占本环节产值93%，集中度高"),
    (facts(6, above=3, top=0.95, hhi=0.9), "strong", "6家本地企业（规上3家），HHI 0.90，其中1家占本环节产值95%，集中度高"),
    (facts(2, top=0.6, hhi=0.52), "weak", "仅2家本地企业，无规上企业"),
    (facts(2, top=0.6, hhi=0.52, rate=0.18), "weak", "仅2家本地企业，无规上企业，本地配套率仅18%"),
    (facts(12, above=4, top=0.3, hhi=0.18, rate=0.297), "weak", "本地配套率仅29%"),
    (facts(12, above=4, top=0.3, hhi=0.18, rate=0.76), "strong", "12家本地企业（规上4家），集中度低（HHI 0.18），本地配套率76%"),
    (facts(12, above=4, top=0.3, hhi=0.18), "strong", "12家本地企业（规上4家），集中度低（HHI 0.18）"),
    (facts(12, above=4, top=0.6, hhi=0.41, rate=0.76), "strong", "12家本地企业（规上4家），HHI 0.41，本地配套率76%"),
    (facts(12, above=1, top=0.3, hhi=0.18), "normal", "12家本地企业（规上1家），集中度低（HHI 0.18）"),
    (facts(12, above=4, top=0.3, hhi=0.18, rate=0.45), "normal", "12家本地企业（规上4家），集中度低（HHI 0.18），本地配套率45%"),
    (facts(6, above=3, output=0, top=None, hhi=None), "strong", "6家本地企业（规上3家）"),  # no output: HHI unknown
    (facts(2, above=1, top=0.5, hhi=0.5), "normal", "2家本地企业（规上1家），HHI 0.50"),
])
def test_classify(f: NodeFacts, status: str, reason: str):
    assert classify(f, T) == (status, reason)


def test_thresholds_change_the_verdict():
    f = facts(4, above=2, top=0.3, hhi=0.3, rate=0.6)
    assert classify(f, T)[0] == "normal"
    assert classify(f, Thresholds(strong_min_enterprises=4))[0] == "strong"
    assert classify(f, Thresholds(weak_min_local_supply_rate=0.7))[0] == "weak"
    assert "集中度高" not in classify(facts(3, top=0.8, hhi=0.6), T)[1]
    assert classify(facts(3, top=0.8, hhi=0.6), Thresholds(single_point_share=0.8))[1].endswith("占本环节产值80%，集中度高")


@pytest.mark.parametrize("bad", [{"strong_max_hhi": -0.1}, {"weak_min_local_supply_rate": 1.2},
                                 {"strong_min_enterprises": -1}])
def test_thresholds_are_checked(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        Thresholds(**bad)


def test_percent_rounds_down_and_wan():
    assert (pct(0.297), pct(0.29), pct(0.9), pct(1.0), pct(0.0)) == ("29%", "29%", "90%", "100%", "0%")
    assert (wan(0), wan(3_000_000), wan(14_999), wan(2_500)) == ("0万元", "300万元", "1万元", "0.25万元")


def test_removing_the_dominant_producer_does_not_raise_the_status():
    """Concentration is reported in the reason, not ranked, so "fewer enterprises never rank higher"
    holds also when the giant leaves: one giant and four small firms is normal with a risk note;
    the four small firms alone are normal too."""
    nodes = [node("t"), node("t.up"), node("t.up.seg")]
    enterprises = [(1, True, 9_600, True)] + [(i, False, 100, True) for i in range(2, 6)]
    positions = [(i, "t.up.seg", "core") for i in range(1, 6)]
    before = analyze_chains(frames(nodes, positions=positions, enterprises=enterprises))["t"].nodes[0]
    after = analyze_chains(frames(nodes, positions=positions[1:], enterprises=enterprises))["t"].nodes[0]
    assert (before["status"], before["reason"]) == (
        "normal", "5家本地企业（规上1家），HHI 0.92，其中1家占本环节产值96%，集中度高")
    assert (after["status"], after["reason"]) == ("normal", "4家本地企业（规上0家），集中度低（HHI 0.25）")
