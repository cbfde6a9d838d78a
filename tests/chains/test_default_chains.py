"""The five default chains every database holds after ``migrate`` (data migration), and the chain
tree API's enterprise counts."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from liandong.chains.defaults import load_default_chains
from liandong.chains.models import Chain, ChainEdge, ChainNode
from liandong.enterprises.models import IndustryCode
from tests.factories import make_admin, make_enterprise, make_enterprise_user, make_position

pytestmark = pytest.mark.django_db
CODES = {"ic": "集成电路", "iov": "车联网", "auto": "汽车及新能源汽车", "equip": "高端装备", "bio": "生物医药"}


def test_the_five_chains_exist():
    assert dict(Chain.objects.values_list("code", "name")) == CODES


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_chain_is_a_deep_tree(code):
    nodes = list(ChainNode.objects.filter(chain__code=code))
    by_id = {n.id: n for n in nodes}
    roots = [n for n in nodes if n.level == 0]
    assert [(r.code, r.parent_id) for r in roots] == [(code, None)]
    below = [n for n in nodes if n.level > 0]
    assert len(below) >= 40
    assert len({n.level for n in below}) >= 3
    for n in below:
        parent = by_id.get(n.parent_id)
        assert parent is not None, f"{n.code}: parent outside the chain"
        assert n.level == parent.level + 1, n.code
        assert n.code.startswith(parent.code + "."), n.code
    stages = {n.stage for n in below}
    assert stages == {"upstream", "midstream", "downstream"}
    # Names are unique within a chain, so an import can name a node instead of giving its code.
    assert [name for name, count in Counter(n.name for n in nodes).items() if count > 1] == []


def test_edges_connect_nodes_also_across_chains():
    edges = list(ChainEdge.objects.select_related("source", "target"))
    assert len(edges) >= 5 * 10
    assert all(e.source_id != e.target_id for e in edges)
    cross = [e for e in edges if e.source.chain_id != e.target.chain_id]
    assert cross, "expected supply edges between chains (e.g. 车联网 → 汽车整车)"
    assert {e.source.chain_id for e in cross} | {e.target.chain_id for e in cross} >= set(
        Chain.objects.filter(code__in=["iov", "auto"]).values_list("id", flat=True))


def test_every_industry_code_of_a_node_is_in_gbt_4754():
    used = defaultdict(list)
    for code, codes in ChainNode.objects.values_list("code", "industry_codes"):
        for industry in codes:
            used[industry].append(code)
    assert used, "nodes carry industry codes"
    known = set(IndustryCode.objects.filter(code__in=used).values_list("code", flat=True))
    assert {c: nodes for c, nodes in used.items() if c not in known} == {}


def test_nodes_below_stages_name_industry_codes():
    missing = list(ChainNode.objects.filter(level__gte=2, industry_codes=[]).values_list("code", flat=True))
    assert missing == []


def test_loading_the_defaults_again_does_not_duplicate():
    before = (Chain.objects.count(), ChainNode.objects.count(), ChainEdge.objects.count())
    ids = set(ChainNode.objects.values_list("id", flat=True))
    load_default_chains(Chain, ChainNode, ChainEdge)
    assert (Chain.objects.count(), ChainNode.objects.count(), ChainEdge.objects.count()) == before
    assert set(ChainNode.objects.values_list("id", flat=True)) == ids


def find(tree: dict, code: str) -> dict:
    if tree["code"] == code:
        return tree
    for child in tree["children"]:
        try:
            return find(child, code)
        except KeyError:
            continue
    raise KeyError(code)


def test_chain_tree_counts_each_enterprise_once_per_subtree(api_client_for):
    a = make_enterprise(name="甲", above_scale=True)
    for node in ("ic.mid.design", "ic.mid.design.proc", "ic.mid.design.power", "ic.mid.fab"):
        make_position(a, node)
    b = make_enterprise(name="乙")
    make_position(b, "ic.mid.design.proc")
    make_position(b, "ic.up.eda.tool")
    c = make_enterprise(name="丙", above_scale=True)
    make_position(c, "auto.mid.mfg")  # another chain: not counted on 集成电路

    body = api_client_for(make_admin()).get("/api/v1/chains/ic").json()
    assert (body["enterprises"], body["above_scale"]) == (2, 1)
    tree = body["tree"]
    root = find(tree, "ic")
    assert (root["enterprises_total"], root["above_scale_total"]) == (2, 1)
    mid, design, proc = find(tree, "ic.mid"), find(tree, "ic.mid.design"), find(tree, "ic.mid.design.proc")
    assert (mid["enterprises"], mid["enterprises_total"]) == (0, 2)
    assert (design["enterprises"], design["enterprises_total"], design["above_scale_total"]) == (1, 2, 1)
    assert (proc["enterprises"], proc["enterprises_total"]) == (2, 2)
    assert find(tree, "ic.up")["enterprises_total"] == 1
    assert find(tree, "ic.down")["enterprises_total"] == 0
    assert find(tree, "ic.mid.fab")["enterprises_total"] == 1

    by_name = api_client_for(make_admin()).get("/api/v1/chains/集成电路").json()
    assert by_name["code"] == "ic" and by_name["enterprises"] == 2


def test_chain_tree_counts_only_what_the_caller_may_see(api_client_for):
    own, other = make_enterprise(), make_enterprise()
    make_position(own, "ic.mid.fab")
    make_position(other, "ic.mid.fab")
    body = api_client_for(make_enterprise_user(enterprise=own)).get("/api/v1/chains/ic").json()
    assert body["enterprises"] == 1
    assert find(body["tree"], "ic.mid.fab")["enterprises"] == 1


def test_chain_tree_lists_cross_chain_edges(api_client_for):
    body = api_client_for(make_admin()).get("/api/v1/chains/auto").json()
    incoming = [e for e in body["edges"] if e["cross_chain"] and e["target"].startswith("auto.")]
    assert any(e["source"].startswith("iov.") for e in incoming)


def test_chain_list_counts_enterprises_once_per_chain(api_client_for):
    e = make_enterprise()
    make_position(e, "ic.mid.fab")
    make_position(e, "ic.mid.pkg")
    make_position(e, "iov.mid.terminal")
    chains = {c["code"]: c for c in api_client_for(make_admin()).get("/api/v1/chains").json()}
    assert (chains["ic"]["enterprises"], chains["iov"]["enterprises"], chains["bio"]["enterprises"]) == (1, 1, 0)
    assert chains["ic"]["nodes"] == ChainNode.objects.filter(chain__code="ic", level__gte=2).count()
