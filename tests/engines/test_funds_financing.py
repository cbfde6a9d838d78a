"""Pure financing matchmaking and the guide fund's shares (engines/funds, no database)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from liandong.engines.funds import financing as fe
from liandong.engines.funds import guide as ge

WAN = fe.FEN_PER_WAN


def product(pid=1, **kw):
    kw.setdefault("kind", "debt")
    return fe.ProductCase(id=pid, name=f"产品{pid}", **kw)


def need(nid=1, **kw):
    kw.setdefault("kind", "debt")
    kw.setdefault("amount_fen", 500 * WAN)
    return fe.NeedCase(id=nid, enterprise=f"企业{nid}", **kw)


def test_each_hard_criterion_refuses_with_a_chinese_reason():
    n = need(amount_fen=500 * WAN, stage="startup", chains=frozenset({"集成电路"}))
    assert fe.suits(n, product(min_fen=100 * WAN, max_fen=1000 * WAN))
    assert "不在产品额度" in fe.refusals(n, product(min_fen=600 * WAN, max_fen=1000 * WAN))[0]
    assert "不在产品额度" in fe.refusals(n, product(max_fen=499 * WAN))[0]
    assert fe.refusals(n, product(kind="equity")) == ["需求为债权融资，产品为股权融资"]
    assert fe.refusals(n, product(collateral_required=True)) == ["产品要求抵押，企业无抵押物"]
    assert fe.suits(need(collateral=True), product(collateral_required=True))
    assert "阶段" in fe.refusals(n, product(stages=frozenset({"mature"})))[0]
    assert fe.refusals(n, product(chains=frozenset({"生物医药"}))) == ["企业不在产品面向的产业链上"]
    assert fe.suits(n, product(chains=frozenset({"集成电路", "生物医药"}), stages=frozenset({"startup"})))


def test_ranking_prefers_the_middle_of_the_range_a_common_chain_and_past_deals():
    n = need(amount_fen=500 * WAN, chains=frozenset({"集成电路"}))
    centred = product(1, min_fen=0, max_fen=1000 * WAN)
    edge = product(2, min_fen=500 * WAN, max_fen=5000 * WAN)
    chained = product(3, min_fen=500 * WAN, max_fen=5000 * WAN, chains=frozenset({"集成电路"}))
    proven = product(4, min_fen=500 * WAN, max_fen=5000 * WAN, signed=3)
    refused = product(5, min_fen=600 * WAN)
    ranked = fe.rank_products(n, [edge, refused, centred, chained, proven])
    assert [r.id for r in ranked] == [1, 3, 4, 2]
    assert "面向集成电路产业链" in ranked[1].reasons and "已促成3笔签约" in ranked[2].reasons
    assert ranked[0].reasons[0] == "金额500万元在产品额度0–1,000万元内"
    assert [r.id for r in fe.rank_needs(edge, [need(1, amount_fen=100 * WAN), need(2), need(3, kind="equity")])] == [2]


amounts = st.integers(min_value=1, max_value=10**6).map(lambda w: w * WAN // 100)
optional_amounts = st.none() | amounts
stages = st.sampled_from(["", "startup", "growth", "mature"])
chain_sets = st.frozensets(st.sampled_from(["集成电路", "生物医药", "高端装备"]), max_size=2)
kinds = st.sampled_from(["equity", "debt"])
needs = st.builds(fe.NeedCase, id=st.integers(1, 10**6), amount_fen=amounts, kind=kinds, collateral=st.booleans(),
                  stage=stages, chains=chain_sets)
products = st.builds(fe.ProductCase, id=st.integers(1, 10**6), kind=kinds, min_fen=optional_amounts,
                     max_fen=optional_amounts, collateral_required=st.booleans(),
                     stages=st.frozensets(st.sampled_from(["startup", "growth", "mature"]), max_size=2),
                     chains=chain_sets, signed=st.integers(0, 5))


@settings(max_examples=50, deadline=None)
@given(n=needs, ps=st.lists(products, max_size=12))
def test_a_suggested_product_always_meets_every_criterion(n, ps):
    by_id = {p.id: p for p in ps}
    for r in fe.rank_products(n, list(by_id.values()), top=50):
        p = by_id[r.id]
        assert p.min_fen is None or n.amount_fen >= p.min_fen  # an amount outside the range is never suggested
        assert p.max_fen is None or n.amount_fen <= p.max_fen
        assert p.kind == n.kind
        assert n.collateral or not p.collateral_required
        assert not p.stages or n.stage in p.stages
        assert not p.chains or p.chains & n.chains
    suggested = {r.id for r in fe.rank_products(n, list(by_id.values()), top=50)}
    assert suggested == {p.id for p in by_id.values() if not fe.refusals(n, p)}


@settings(max_examples=50, deadline=None)
@given(p=products, ns=st.lists(needs, max_size=12))
def test_a_suggested_need_is_always_within_the_products_range(p, ns):
    by_id = {n.id: n for n in ns}
    for r in fe.rank_needs(p, list(by_id.values()), top=50):
        amount = by_id[r.id].amount_fen
        assert (p.min_fen is None or amount >= p.min_fen) and (p.max_fen is None or amount <= p.max_fen)


# --- the guide fund's shares -----------------------------------------------------------------------
D = dt.date


def frame(rows):
    return pl.DataFrame(rows, schema=ge.INVESTMENTS, orient="row")


def test_shares_on_hand_made_investments():
    # id, sub_fund, enterprise, on, amount_fen, established, employees
    inv = frame([
        (1, "甲基金", 1, D(2025, 6, 1), 100 * WAN, D(2021, 6, 2), 300),   # 4 years minus a day: early
        (2, "甲基金", 2, D(2025, 6, 1), 300 * WAN, D(2020, 6, 1), 50),    # exactly 5 years: not early; small
        (3, "乙基金", 3, D(2025, 6, 1), 600 * WAN, None, None),           # unknown: neither
        (4, "乙基金", 4, D(2025, 6, 1), 1000 * WAN, D(2010, 1, 1), 500),  # innovative only while in force
    ])
    grants = pl.DataFrame([(3, D(2025, 7, 1), None), (4, D(2023, 1, 1), D(2026, 1, 1))],
                          schema=ge.GRANTS, orient="row")
    flagged = ge.flags(inv, grants=grants, early_years=5, small_employees=100)
    assert flagged.select("early", "small", "innovative", "any").rows() == [
        (True, False, False, True), (False, True, False, True), (False, False, False, False),
        (False, False, True, True)]
    result = ge.shares(flagged)
    total = result["total"]
    assert total["count"] == 4 and total["amount_fen"] == 2000 * WAN
    assert total["early"]["share_count"] == 0.25 and total["early"]["share_amount"] == 0.05
    assert total["small"]["share_amount"] == 0.15 and total["innovative"]["share_amount"] == 0.5
    assert total["any"]["share_count"] == 0.75 and total["any"]["share_amount"] == 0.7
    assert result["sub_funds"]["乙基金"]["innovative"]["share_count"] == 0.5
    assert total["early"]["label"] == "投早"


def test_reported_headcount_of_the_year_overrides_the_registry_and_thresholds_are_parameters():
    inv = frame([(1, "甲基金", 1, D(2024, 3, 1), 10 * WAN, D(2015, 1, 1), 500)])
    heads = pl.DataFrame([(1, 2022, 80), (1, 2025, 900)], schema=ge.HEADCOUNTS, orient="row")
    assert ge.flags(inv, headcounts=heads)["small"].to_list() == [True]  # 2022's 80, not 2025's or the registry's
    assert ge.flags(inv)["small"].to_list() == [False]
    assert ge.flags(inv, early_years=10)["early"].to_list() == [True]


def test_no_investments_give_no_shares():
    result = ge.shares(ge.flags(frame([])))
    assert result["total"]["count"] == 0 and result["total"]["early"]["share_count"] is None
    assert result["sub_funds"] == {}
