"""``chain-links``: chain by code or name, node by code or name (within that chain), empty node =
the chain itself, many nodes and chains per enterprise; ambiguous and unknown names are row errors."""

from __future__ import annotations

import pytest

from liandong.chains.models import ChainNode, EnterprisePosition
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import make_admin, make_enterprise

pytestmark = pytest.mark.django_db


def link(tmp_path, rows, actor=None):
    return run_import(actor or make_admin(), "chain-links", write_kind(tmp_path / "c.csv", "chain-links", rows))


def positions(enterprise) -> set[str]:
    return set(EnterprisePosition.objects.filter(enterprise=enterprise).values_list("node__code", flat=True))


@pytest.mark.parametrize("chain", ["ic", "IC", "集成电路"])
@pytest.mark.parametrize("node", ["ic.mid.design", "芯片设计"])
def test_chain_and_node_by_code_or_name(tmp_path, chain, node):
    e = make_enterprise()
    result = link(tmp_path, [{"uscc": e.uscc, "chain": chain, "node": node}])
    assert result.ok, result.errors
    position = EnterprisePosition.objects.select_related("chain", "node").get(enterprise=e)
    assert (position.chain.code, position.node.code, position.role) == ("ic", "ic.mid.design", "supporting")


def test_empty_node_places_the_enterprise_on_the_chain_itself(tmp_path):
    e = make_enterprise()
    assert link(tmp_path, [{"uscc": e.uscc, "chain": "车联网", "node": None, "role": "链主"}]).ok
    position = EnterprisePosition.objects.get(enterprise=e)
    assert (position.node.code, position.node.level, position.role) == ("iov", 0, "master")


def test_node_name_is_looked_up_within_the_named_chain(tmp_path):
    """汽车电子 is a node of 集成电路 (ic.down.autoelec) and of 汽车及新能源汽车 (auto.up.elec)."""
    assert ChainNode.objects.filter(name="汽车电子").count() >= 2
    e = make_enterprise()
    assert link(tmp_path, [{"uscc": e.uscc, "chain": "汽车及新能源汽车", "node": "汽车电子"}]).ok
    assert positions(e) == {"auto.up.elec"}


def test_an_enterprise_on_many_nodes_and_chains(tmp_path):
    e = make_enterprise()
    rows = [{"uscc": e.uscc, "chain": "ic", "node": "ic.mid.design"},
            {"uscc": e.uscc, "chain": "ic", "node": "ic.mid.fab"},
            {"uscc": e.uscc, "chain": "iov", "node": "iov.mid.terminal"}]
    assert link(tmp_path, rows).created == 3
    assert positions(e) == {"ic.mid.design", "ic.mid.fab", "iov.mid.terminal"}
    again = link(tmp_path, [{**rows[0], "role": "核心", "products": "SoC"}])
    assert (again.created, again.updated) == (0, 1)
    assert EnterprisePosition.objects.get(enterprise=e, node__code="ic.mid.design").role == "core"
    assert len(positions(e)) == 3


def test_ambiguous_node_name_asks_for_the_code(tmp_path):
    design = ChainNode.objects.get(code="ic.mid.design")
    ChainNode.objects.create(chain=design.chain, parent=design, code="ic.mid.design.eda2", name="EDA软件",
                             level=3, stage="midstream")
    e = make_enterprise()
    result = link(tmp_path, [{"uscc": e.uscc, "chain": "ic", "node": "EDA软件"}])
    assert not result.ok
    [error] = result.errors
    assert (error["row"], error["column"], error["value"]) == (2, "node", "EDA软件")
    assert "ic.up.eda.tool" in error["message"] and "ic.mid.design.eda2" in error["message"]
    assert EnterprisePosition.objects.count() == 0


def test_unknown_chain_unknown_node_and_foreign_node(tmp_path):
    e = make_enterprise()
    rows = [{"uscc": e.uscc, "chain": "半导体", "node": "芯片设计"},
            {"uscc": e.uscc, "chain": "ic", "node": "光刻机维修"},
            {"uscc": e.uscc, "chain": "ic", "node": "auto.mid.mfg"},
            {"uscc": e.uscc, "chain": "ic", "node": "ic.mid.fab", "role": "老板"},
            {"uscc": e.uscc, "chain": "ic", "node": "ic.mid.pkg"}]
    result = link(tmp_path, rows)
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [
        (2, "chain", "半导体"), (3, "node", "光刻机维修"), (4, "node", "auto.mid.mfg"), (5, "role", "老板")]
    assert "集成电路" in result.errors[0]["message"]  # lists the chains to choose from
    assert EnterprisePosition.objects.count() == 0
