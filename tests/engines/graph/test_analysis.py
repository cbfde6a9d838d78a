"""Chain gap analysis (liandong.engines.graph) on small hand-built chains with known answers. No DB."""

from __future__ import annotations

import polars as pl
import pytest

from liandong.engines.graph import (
    ChainFrames,
    GraphInputError,
    Thresholds,
    analyze_chains,
    match_products,
)

from .builders import frames, node

# Chain t: 材料 (硅片, 电子特气, 靶材) → 制造 (代工, 特色工艺) → 应用; chain u: 整机, 服务.
NODES = [
    node("t", "测试链"), node("t.up"), node("t.up.mat", "材料"),
    node("t.up.mat.wafer", "硅片", ["硅片", "晶圆"]), node("t.up.mat.gas", "电子特气", ["特气"]),
    node("t.up.mat.target", "靶材", ["靶材"]),
    node("t.mid"), node("t.mid.fab", "制造"), node("t.mid.fab.a", "代工"), node("t.mid.fab.b", "特色工艺"),
    node("t.down"), node("t.down.app", "应用"),
    node("u", "整机链"), node("u.down"), node("u.down.seg", "整机"), node("u.down.empty", "运维服务"),
]
EDGES = [
    ("t.up.mat.wafer", "t.mid.fab.a"), ("t.up.mat.gas", "t.mid.fab.a"), ("t.up.mat.target", "t.down.app"),
    ("t.mid.fab", "t.down.app"), ("t.down.app", "u.down.seg"), ("t.down.app", "u.down.empty"),
]
OUTSIDE = 900  # a supplier outside the district, not in the registry and without positions


def by_code(analysis) -> dict[str, dict]:
    return {n["code"]: n for n in analysis.nodes}


@pytest.fixture(scope="module")
def result():
    f = frames(
        NODES, EDGES,
        positions=[(1, "t.up.mat.wafer", "master"), (2, "t.mid.fab.a", "core"), (2, "t.mid.fab.b", "core"),
                   (3, "t.mid.fab.b", "supporting"), (4, "t.down.app", "master"), (5, "u.down.seg", "core"),
                   (6, "t.down.app", "core")],  # 6 is not local: never a member
        enterprises=[(1, True, 1_000_000, True), (2, True, 3_000_000, True), (3, False, None, True),
                     (4, False, 500_000, True), (5, True, 2_000_000, True), (6, True, 9e9, False)],
        relations=[(OUTSIDE, 2, 900_000, "12英寸硅片"),   # outside supplier, matched by keyword 硅片
                   (OUTSIDE, 2, 50_000, "办公用品"),      # matches nothing: unattributed
                   (OUTSIDE, 6, 70_000, "硅片"),          # customer 6 is not local: ignored
                   (4, 5, 10_000, None)],                  # local 应用 supplies local 整机
    )
    return analyze_chains(f)


def test_missing_node_reason_and_fill_rank_by_local_demand(result):
    t = result["t"]
    nodes = by_code(t)
    gas, target = nodes["t.up.mat.gas"], nodes["t.up.mat.target"]
    assert (gas["status"], gas["enterprises"], gas["local_demand"]) == ("missing", 0, 3_000_000)
    assert gas["reason"] == "本地暂无企业，下游本地需求300万元"
    assert gas["demand_without_supply"] is True
    assert target["reason"] == "本地暂无企业，下游本地需求50万元"  # 应用: enterprise 4 only
    fill = [row["node"] for row in t.fill]
    assert fill.index("t.up.mat.gas") < fill.index("t.up.mat.target")
    assert next(r for r in t.fill if r["node"] == "t.up.mat.gas")["score"] == pytest.approx(300.0)


def test_single_point_node(result):
    app = by_code(result["t"])["t.down.app"]
    assert app["status"] == "single_point"
    assert app["reason"] == "只有1家本地企业，占本环节产值100%"
    assert app["enterprises"] == 1 and app["masters"] == [4]  # enterprise 6 is outside: no member
    assert "t.down.app" in [r["node"] for r in result["t"].fill]


def test_dominant_firm_is_named_in_the_reason_not_ranked():
    f = frames([node("t"), node("t.up"), node("t.up.seg", "环节")],
               positions=[(1, "t.up.seg", "core"), (2, "t.up.seg", "core"), (3, "t.up.seg", "core")],
               enterprises=[(1, True, 930, True), (2, False, 40, True), (3, False, 30, True)])
    seg = analyze_chains(f)["t"].nodes[0]
    assert seg["status"] == "normal"
    assert seg["reason"] == "3家本地企业（规上1家），HHI 0.87，其中1家占本环节产值93%，集中度高"
    assert seg["top_share"] == pytest.approx(0.93)
    assert seg["hhi"] == pytest.approx(0.93 ** 2 + 0.04 ** 2 + 0.03 ** 2)


def test_outside_supplier_gives_zero_local_supply_and_strengthen_row(result):
    t = result["t"]
    nodes = by_code(t)
    for code in ("t.up.mat.wafer", "t.up.mat"):  # keyword hit attributes to the node and its segment
        assert nodes[code]["local_supply_rate"] == 0.0
        assert nodes[code]["local_purchases"] == 900_000
    assert nodes["t.up.mat.gas"]["local_supply_rate"] is None  # no attributed purchases
    rows = {r["node"]: r for r in t.strengthen}
    assert set(rows) == {"t.up.mat.wafer", "t.up.mat"}
    assert rows["t.up.mat.wafer"]["score"] == pytest.approx(90.0)  # 万元 bought outside
    assert rows["t.up.mat.wafer"]["reason"] == "本地配套率0%，区外采购90万元，本地已有1家企业"
    # 本地配套率 below the weak line makes the node weak unless a stronger-ranked rule fired first.
    assert nodes["t.up.mat.wafer"]["status"] == "single_point"
    assert t.summary["unattributed_amount"] == 50_000


def test_outside_supplier_alone_makes_node_weak():
    f = frames([node("t"), node("t.up"), node("t.up.seg", "环节", ["电机"])],
               positions=[(1, "t.up.seg", "core"), (2, "t.up.seg", "core"), (3, "t.up.seg", "core")],
               enterprises=[(1, True, 100, True), (2, False, 100, True), (3, False, 100, True)],
               relations=[(OUTSIDE, 1, 820, "伺服电机"), (2, 1, 180, "")])
    seg = analyze_chains(f)["t"].nodes[0]
    assert seg["local_supply_rate"] == pytest.approx(0.18)
    assert (seg["status"], seg["reason"]) == ("weak", "本地配套率仅18%")


def test_local_demand_across_chains_and_extend_into_other_chain(result):
    t, u = result["t"], result["u"]
    app = by_code(t)["t.down.app"]
    assert app["local_demand"] == 2_000_000  # 整机 (chain u): enterprise 5
    assert [(r["node"], r["from"], r["chain"]) for r in t.extend] == [("u.down.empty", "t.down.app", "u")]
    assert t.extend[0]["reason"] == "上游「应用」本地1家企业、产值50万元，下游整机链「运维服务」本地暂无企业"
    assert t.extend[0]["score"] == pytest.approx(50.0)
    assert u.extend == []  # sources in chain t belong to chain t's list
    # 应用 (local) supplies 整机 (local): attributed to the supplier's node, in chain t.
    assert by_code(t)["t.down.app"]["local_supply_rate"] == 1.0
    assert by_code(u)["u.down.seg"]["local_supply_rate"] is None


def test_enterprise_on_several_nodes_counts_once_per_node_and_chain(result):
    t = result["t"]
    nodes = by_code(t)
    assert nodes["t.mid.fab.a"]["enterprises"] == 1
    assert nodes["t.mid.fab.b"]["enterprises"] == 2
    assert nodes["t.mid.fab"]["enterprises"] == 2  # enterprise 2 sits on both sub-segments
    assert nodes["t.mid.fab"]["output"] == 3_000_000  # enterprise 3 has no output (null → 0)
    assert t.summary["enterprises"] == 4
    assert t.summary["output"] == 4_500_000  # 1 + 3 + 0 + 0.5 million, enterprise 2 once
    assert nodes["t.mid.fab"]["output_share"] == pytest.approx(3 / 4.5)
    # Enterprise 3's output is unknown (0): enterprise 2 holds all of 制造's output.
    assert nodes["t.mid.fab"]["reason"] == "2家本地企业（规上1家），HHI 1.00，其中1家占本环节产值100%，集中度高"


def test_chokepoint_betweenness_with_lifted_edges(result):
    nodes = by_code(result["t"])
    # 材料 → 制造 → 应用 only through lifted sub-segment edges and the 制造 → 应用 edge.
    assert nodes["t.mid.fab"]["chokepoint"] > 0
    assert nodes["t.down.app"]["chokepoint"] > 0  # on the way to chain u's nodes
    assert nodes["t.up.mat.gas"]["chokepoint"] == 0


def test_chokepoint_of_a_simple_path_and_containment_is_no_edge():
    f = frames([node("t"), node("t.up"), node("t.up.a"), node("t.up.b"), node("t.up.b.x"), node("t.up.c")],
               edges=[("t.up.a", "t.up.b"), ("t.up.b", "t.up.c")])
    nodes = by_code(analyze_chains(f)["t"])
    # Four vertices (a, b, b.x, c); b lies on the one shortest a → c path: 1 / ((n−1)(n−2)) = 1/6.
    assert nodes["t.up.b"]["chokepoint"] == pytest.approx(1 / 6)
    assert nodes["t.up.b.x"]["chokepoint"] == 0


def test_statuses_strong_and_normal_with_reasons():
    members = [(i, "t.up.seg", "core") for i in range(1, 7)]
    ents = [(i, i <= 3, 100, True) for i in range(1, 7)]
    f = frames([node("t"), node("t.up"), node("t.up.seg", "环节", ["芯片"])], positions=members,
               enterprises=ents, relations=[(1, 2, 760, "芯片"), (OUTSIDE, 2, 240, "芯片")])
    seg = analyze_chains(f)["t"].nodes[0]
    assert seg["status"] == "strong"
    assert seg["reason"] == "6家本地企业（规上3家），集中度低（HHI 0.17），本地配套率76%"
    strict = Thresholds(strong_min_enterprises=7)
    seg = analyze_chains(f, strict)["t"].nodes[0]
    assert (seg["status"], seg["reason"]) == ("normal", "6家本地企业（规上3家），集中度低（HHI 0.17），本地配套率76%")


def test_weak_few_enterprises_without_above_scale():
    f = frames([node("t"), node("t.up"), node("t.up.seg")],
               positions=[(1, "t.up.seg", "core"), (2, "t.up.seg", "core")],
               enterprises=[(1, False, 50, True), (2, False, 50, True)])
    seg = analyze_chains(f)["t"].nodes[0]
    assert (seg["status"], seg["reason"]) == ("weak", "仅2家本地企业，无规上企业")


def test_latin_keywords_match_whole_words_only():
    nodes = pl.DataFrame([node("t"), node("t.up"), node("t.up.pc", "整机", ["PC"]), node("t.up.pc.x", "硅片")])
    found = match_products(["PCB板", "pc主板", "工控PC", "大硅片", "杂项"], nodes)
    assert found == {"PCB板": [], "pc主板": ["t.up.pc"], "工控PC": ["t.up.pc"],
                     "大硅片": ["t.up.pc", "t.up.pc.x"], "杂项": []}


def test_unpositioned_local_supplier_counts_as_local_supply_by_product():
    f = frames([node("t"), node("t.up"), node("t.up.seg", "环节", ["电机"])],
               positions=[(1, "t.up.seg", "core")],
               enterprises=[(1, True, 100, True), (2, False, 10, True)],
               relations=[(2, 1, 300, "微特电机"), (OUTSIDE, 1, 100, "电机")])
    seg = analyze_chains(f)["t"].nodes[0]
    assert seg["local_supply_rate"] == pytest.approx(0.75)
    assert seg["enterprises"] == 1  # but enterprise 2 is no member: it has no position


def test_as_dict_has_contract_fields(result):
    data = result["t"].as_dict()
    assert data["chain"] == {"code": "t", "name": "测试链"}
    contract = {"code", "name", "parent", "stage", "status", "enterprises", "above_scale", "output_share",
                "local_supply_rate", "reason"}
    assert all(contract <= set(n) for n in data["nodes"])
    assert all({"node", "name", "reason", "score"} <= set(r) for key in ("fill", "strengthen", "extend")
               for r in data[key])
    assert data["summary"]["statuses"] == {"missing": 2, "single_point": 4, "weak": 0, "normal": 2, "strong": 0}
    data["nodes"][0]["masters"].append(99)  # a deep copy
    assert 99 not in result["t"].nodes[0]["masters"]


def test_chains_argument_and_unknown_chain(result):
    f = frames(NODES, EDGES)
    assert list(analyze_chains(f, chains=["u"])) == ["u"]
    with pytest.raises(GraphInputError, match="unknown chain 'zz'"):
        analyze_chains(f, chains=["zz"])


def test_missing_column_is_named():
    f = frames(NODES)
    with pytest.raises(GraphInputError, match="relations: missing column 'amount'"):
        ChainFrames(f.nodes, f.edges, f.positions, f.enterprises, f.relations.drop("amount"))


def test_bad_type_is_an_input_error():
    f = frames(NODES)
    bad = pl.DataFrame({"enterprise": ["x"], "above_scale": [True], "output": [1.0], "local": [True]})
    with pytest.raises(GraphInputError, match="enterprises"):
        analyze_chains(ChainFrames(f.nodes, f.edges, f.positions, bad, f.relations))


def test_thresholds_are_validated():
    with pytest.raises(ValueError, match="single_point_share"):
        Thresholds(single_point_share=1.5)


def test_fill_ties_broken_by_chokepoint_and_extend_ranked_by_source_output():
    f = frames([node("t"), node("t.up"), *(node(f"t.up.{c}", c.upper()) for c in "abcde")],
               edges=[("t.up.a", "t.up.b"), ("t.up.b", "t.up.c"), ("t.up.d", "t.up.e")],
               positions=[(1, "t.up.a", "core"), (2, "t.up.d", "core")],
               enterprises=[(1, True, 1_000_000, True), (2, True, 5_000_000, True)])
    t = analyze_chains(f)["t"]
    # a and d (one firm each) are single_point, b, c, e missing. No node has local demand (every
    # successor is empty), so the chokepoint decides first (b sits on a → b → c), then the status
    # (missing before single_point), then the code.
    assert [r["node"] for r in t.fill] == ["t.up.b", "t.up.c", "t.up.e", "t.up.a", "t.up.d"]
    assert {r["score"] for r in t.fill} == {0.0}
    assert [(r["node"], r["from"], r["score"]) for r in t.extend] == [("t.up.e", "t.up.d", 500.0),
                                                                      ("t.up.b", "t.up.a", 100.0)]
