"""What an enterprise user sees of the chains and on its home page (review #13 item 14): its own
positions, its neighbour nodes and the chain's public outline; no district counts, no gap statuses or
lists, no 招商目录 and no 导入 — those are for district staff (403 with the reason). Other enterprises'
data stays a 404, also by guessing identifiers."""

from __future__ import annotations

import re

import pytest

from liandong.appeals.services import appeal_submit
from liandong.chains.models import ChainEdge, ChainNode, SupplyRelation
from liandong.chains.statuses import LABELS as STATUS_LABELS
from tests.factories import (
    make_analyst,
    make_enterprise,
    make_enterprise_user,
    make_position,
    make_qualification,
)
from tests.pages import client_for, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    """Materials suppliers and a fab on the IC chain; ent1 is the fab's user, ent2 the wafer maker's."""
    wafer = make_enterprise(name="天津硅片材料有限公司", above_scale=True)
    resist = make_enterprise(name="天津光刻胶材料有限公司")
    fab = make_enterprise(name="天津晶圆制造有限公司", above_scale=True)
    make_position(wafer, "ic.up.mat.wafer")
    make_position(resist, "ic.up.mat.photoresist")
    make_position(fab, "ic.mid.fab", role="master", products="12英寸晶圆代工")
    make_qualification(fab, "high-tech")
    SupplyRelation.objects.create(supplier=wafer, customer=fab, year=2025, product="12英寸硅片", amount=1_000_000)
    ent1, ent2 = make_enterprise_user(fab, username="ent1"), make_enterprise_user(wafer, username="ent2")
    theirs = appeal_submit(actor=ent2, category="finance", title="硅片扩产贷款", body="需要贷款支持扩产")
    mine = appeal_submit(actor=ent1, category="land", title="新建厂房用地", body="需要工业用地五十亩")
    return {"wafer": wafer, "resist": resist, "fab": fab, "ent1": ent1, "ent2": ent2, "theirs": theirs,
            "mine": mine}


def neighbour_names(node_code: str) -> tuple[set[str], set[str]]:
    """Names of the nodes that supply ``node_code`` (or its ancestors/descendants on the chain), and of
    those it supplies — from the chain's edges, as the page must show them."""
    node = ChainNode.objects.get(code=node_code)
    family = {node.pk} | set(ChainNode.objects.filter(code__startswith=node_code + ".").values_list("pk", flat=True))
    parent = node.parent
    while parent is not None and parent.level >= 2:
        family.add(parent.pk)
        parent = parent.parent
    up = {e.source.name for e in ChainEdge.objects.select_related("source").filter(target_id__in=family)
          if e.source_id not in family}
    down = {e.target.name for e in ChainEdge.objects.select_related("target").filter(source_id__in=family)
            if e.target_id not in family}
    return up, down


def test_the_enterprise_chain_page_is_the_outline_with_its_own_and_neighbour_nodes(district):
    response = client_for(district["ent1"]).get("/chains/ic/")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert re.search(r'class="[^"]*\bown\b[^"]*"[^>]*data-node="ic\.mid\.fab"', html)
    assert "晶圆制造" in text and "12英寸晶圆代工" in text and "链主企业" in text
    up, down = neighbour_names("ic.mid.fab")
    assert up and down
    neighbours = text[text.index("上下游环节"):]
    assert all(name in neighbours for name in up | down)
    assert "半导体材料" in text and "上游" in text and "下游" in text  # the outline upstream → downstream
    for hidden in ("招商目录", "本地暂无企业", "补链", "强链", "延链", "本地配套率", "天津硅片材料有限公司",
                   *(str(label) for label in STATUS_LABELS.values())):
        assert hidden not in text, hidden
    graph = response.context["graph"]
    assert all(set(n) <= {"id", "name", "x", "y", "symbolSize", "itemStyle", "reason", "external", "category"}
               for n in graph["nodes"])
    assert "catalogue" not in html


def test_the_enterprise_chain_index_has_no_statuses_or_counts(district):
    text = visible_text(client_for(district["ent1"]).get("/chains/").content.decode())
    assert "集成电路" in text and "晶圆制造" in text  # where it sits
    for hidden in ("补链", "强链", "延链", "家企业", *(str(label) for label in STATUS_LABELS.values())):
        assert hidden not in text, hidden


def test_a_node_panel_for_the_enterprise_names_no_enterprise_and_no_figures(district):
    panel = client_for(district["ent1"]).get("/chains/ic/nodes/ic.up.mat.wafer/")
    assert panel.status_code == 200
    text = visible_text(panel.content.decode())
    assert "硅片" in text and "天津硅片材料有限公司" not in text and "本地企业" not in text
    assert client_for(district["ent1"]).get("/chains/ic/nodes/iov.up.chip/").status_code == 404


def test_gap_analysis_catalogue_and_import_are_for_district_staff(district, api_client_for):
    ent1 = client_for(district["ent1"])
    catalogue = ent1.get("/chains/ic/catalogue.xlsx")
    assert catalogue.status_code == 403 and "招商目录仅供区级工作人员使用" in visible_text(catalogue.content.decode())
    api = api_client_for(district["ent1"]).get("/api/v1/chains/ic/analysis")
    assert api.status_code == 403 and "仅供区级工作人员" in api.json()["message"]
    imports = ent1.get("/enterprises/import/")
    assert imports.status_code == 403 and "数据导入仅供区级工作人员使用" in visible_text(imports.content.decode())
    assert 'href="/enterprises/import/"' not in ent1.get("/").content.decode()
    staff = client_for(make_analyst())
    page = staff.get("/chains/ic/").content.decode()
    assert "招商目录" in page and "补链" in page and 'href="/enterprises/import/"' in page
    assert staff.get("/chains/ic/catalogue.xlsx").status_code == 200


def test_the_enterprise_home_page_is_its_own_card_without_district_counts(district):
    response = client_for(district["ent1"]).get("/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "天津晶圆制造有限公司" in text and district["fab"].uscc in text
    assert "晶圆制造" in text and "链主企业" in text  # its position
    assert "国家高新技术企业" in text  # its qualification
    assert district["mine"].number in text and district["theirs"].number not in text  # its appeals
    assert "政策" in text and "/policies/enterprises/" in response.content.decode()
    for hidden in ("本区企业", "各产业链企业数", "一年内到期的资质", "天津硅片材料有限公司", "天津光刻胶材料有限公司"):
        assert hidden not in text, hidden
    assert "chain-chart" not in response.content.decode() and 'class="tiles"' not in response.content.decode()


def test_guessing_another_enterprise_s_ids_is_a_404(district):
    ent1 = client_for(district["ent1"])
    wafer = district["wafer"].uscc
    for path in (f"/enterprises/{wafer}/", f"/policies/enterprises/{wafer}/", f"/appeals/{district['theirs'].number}/",
                 f"/enterprises/{wafer}/edit/"):
        response = ent1.get(path)
        assert response.status_code == 404, path
        assert "天津硅片材料有限公司" not in response.content.decode()
