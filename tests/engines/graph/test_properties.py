"""Property tests of the chain gap analysis on random small districts (Hypothesis). No DB."""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from liandong.engines.graph import FILL_STATUSES, STATUS_RANK, Thresholds, analyze_chains

from .builders import frames, node

VOCAB = ["硅片", "芯片", "电机", "电池", "EDA", "PC", "传感器"]
PRODUCTS = [*VOCAB, "大硅片", "PCB", "车载电池包", "杂项", "", None]
OUTSIDE = (101, 102)


@dataclass(frozen=True)
class District:
    nodes: list[dict]
    edges: list[tuple[str, str]]
    positions: list[tuple[int, str, str]]
    enterprises: list[tuple[int, bool, float | None, bool]]
    relations: list[tuple[int, int, float | None, str | None]]

    def frames(self):
        return frames(self.nodes, self.edges, self.positions, self.enterprises, self.relations)

    def output(self, enterprise: int) -> float:
        return next(o or 0.0 for e, _a, o, _l in self.enterprises if e == enterprise)

    def members(self, code: str) -> set[int]:
        local = {e for e, _a, _o, loc in self.enterprises if loc}
        return {e for e, n, _r in self.positions if e in local and (n == code or n.startswith(code + "."))}


@st.composite
def districts(draw) -> District:
    nodes = []
    for chain in draw(st.sampled_from([["a"], ["a", "b"]])):
        nodes += [node(chain), node(f"{chain}.up"), node(f"{chain}.down")]
        for stage in ("up", "down"):
            for i in range(draw(st.integers(1, 2))):
                seg = f"{chain}.{stage}.s{i}"
                nodes.append(node(seg, f"{chain}{stage}环节{i}", draw(st.lists(st.sampled_from(VOCAB), max_size=2))))
                for j in range(draw(st.integers(0, 2))):
                    nodes.append(node(f"{seg}.k{j}", f"{seg}细分{j}",
                                      draw(st.lists(st.sampled_from(VOCAB), max_size=2))))
    analysed = [n["code"] for n in nodes if n["level"] >= 2]
    placeable = analysed + [n["code"] for n in nodes if n["level"] == 1]
    n_ent = draw(st.integers(1, 12) | st.integers(6, 12))
    ids = st.integers(1, n_ent)
    money = st.sampled_from([None, 0.0, 1.0, 10.0, 100.0, 1000.0])
    output = st.sampled_from([None, 0.0, 10.0, 100.0, 100.0, 100.0, 100.0, 1000.0])
    enterprises = [(e, draw(st.booleans()), draw(output), draw(st.sampled_from([True, True, True, False])))
                   for e in range(1, n_ent + 1)]
    # Positions crowd onto a few nodes so that nodes reach every status.
    hot = draw(st.lists(st.sampled_from(analysed), min_size=1, max_size=3, unique=True))
    positions = [(e, code, draw(st.sampled_from(["master", "core", "supporting"])))
                 for e in range(1, n_ent + 1)
                 for code in draw(st.lists(st.sampled_from(hot), min_size=1, max_size=2) | st.just([]))
                 + draw(st.lists(st.sampled_from(placeable), max_size=1))]
    edges = draw(st.lists(st.tuples(st.sampled_from(analysed), st.sampled_from(analysed)), max_size=8))
    relations = draw(st.lists(st.tuples(ids | st.sampled_from(OUTSIDE), ids, money, st.sampled_from(PRODUCTS)),
                              max_size=20))
    return District(nodes, edges, positions, enterprises, relations)


def _check_lists(analysis, thresholds: Thresholds) -> None:
    nodes = {n["code"]: n for n in analysis.nodes}
    for key in ("fill", "strengthen", "extend"):
        scores = [row["score"] for row in getattr(analysis, key)]
        assert scores == sorted(scores, reverse=True), key
    assert {r["node"] for r in analysis.fill} == {c for c, n in nodes.items() if n["status"] in FILL_STATUSES}
    assert len(analysis.fill) == len({r["node"] for r in analysis.fill})
    assert {r["node"] for r in analysis.strengthen} == {
        c for c, n in nodes.items() if n["enterprises"] > 0 and n["local_supply_rate"] is not None
        and n["local_supply_rate"] < thresholds.strengthen_max_local_supply_rate}
    for row in analysis.extend:
        assert nodes[row["from"]]["enterprises"] > 0


@settings(max_examples=100)
@given(districts())
def test_shares_and_rates_within_bounds_and_lists_complete(district: District):
    thresholds = Thresholds()
    result = analyze_chains(district.frames(), thresholds)
    for analysis in result.values():
        for n in analysis.nodes:
            assert 0.0 <= n["output_share"] <= 1.0
            assert n["local_supply_rate"] is None or 0.0 <= n["local_supply_rate"] <= 1.0
            assert n["hhi"] is None or 0.0 < n["hhi"] <= 1.0
            assert n["top_share"] is None or 0.0 < n["top_share"] <= 1.0
            assert n["chokepoint"] >= 0.0
            assert n["enterprises"] == len(district.members(n["code"]))
            assert (n["status"] == "missing") == (n["enterprises"] == 0)
        assert analysis.summary["nodes"] == len(analysis.nodes)
        assert sum(analysis.summary["statuses"].values()) == len(analysis.nodes)
        _check_lists(analysis, thresholds)


@settings(max_examples=150)
@given(districts(), st.data())
def test_removing_a_member_never_makes_its_node_stronger(district: District, data):
    """Take a random local enterprise off all its positions: no node it was a member of improves,
    the dominant producer included (concentration is reported, not ranked: rules.py).

    Nodes the enterprise was NOT a member of are outside the property: now unpositioned, its sales
    are attributed by product keyword and may reach them."""
    local = {e for e, _a, _o, loc in district.enterprises if loc}
    candidates = sorted({e for e, _n, _r in district.positions if e in local})
    if not candidates:
        return
    # Half the time the biggest producer: the case where concentration and size pull apart.
    biggest = max(candidates, key=district.output)
    gone = data.draw(st.sampled_from(candidates) | st.just(biggest))
    before = analyze_chains(district.frames())
    after = analyze_chains(replace(district, positions=[p for p in district.positions if p[0] != gone]).frames())
    for chain, analysis in before.items():
        after_nodes = {n["code"]: n for n in after[chain].nodes}
        for n in analysis.nodes:
            members = district.members(n["code"])
            if gone not in members:
                assert after_nodes[n["code"]]["enterprises"] == n["enterprises"]
                continue
            assert STATUS_RANK[after_nodes[n["code"]]["status"]] <= STATUS_RANK[n["status"]], n["code"]
            assert after_nodes[n["code"]]["enterprises"] == n["enterprises"] - 1
