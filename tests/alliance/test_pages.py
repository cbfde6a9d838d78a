"""The alliance pages (issue #17): the overview per chain with its network chart, members (filters,
paging, Excel), pairings and their log, suggestions, activities and their intentions, the rota; for
each role, in Chinese, scoped (another unit's ids 404), forms refused whole for those who cannot write."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re

import pytest
from openpyxl import load_workbook

from liandong.alliance import services
from liandong.alliance.models import Activity, Member, Outcome, Pairing, PairingLog, RotaSlot
from liandong.chains.models import Chain
from tests.factories import (
    make_admin,
    make_analyst,
    make_chain_officer,
    make_department,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
)
from tests.pages import client_for, visible_text

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(r"\b(?:the|and|of|None|Member|Pairing|Activity|enterprise|department|master|lead|rota)\b")


def errors(response) -> list[str]:
    page = response.content.decode()
    found = re.findall(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)
    found += re.findall(r'<li class="error[^"]*">(.*?)</li>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", f)).strip() for f in found]


def chinese(response) -> str:
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    text = visible_text(page[page.index("<main>"):page.index("</main>")])
    found = ENGLISH.findall(text)
    assert not found, (found, text[:2000])
    return text


class World:
    """One chain (集成电路) with a lead department, a chain master, enterprises, a university and a
    partner; two pairings, a rota activity with an intention; users of each role."""

    def __init__(self):
        self.admin = make_admin()
        self.ic = Chain.objects.get(code="ic")
        self.org = make_department("区工业和信息化局")
        self.ents = [make_enterprise(name=f"天津芯{n}科技有限公司") for n in ("甲", "乙", "丙", "丁")]
        save = services.member_save
        self.lead = save(actor=self.admin, name="区工业和信息化局", type="department", role="lead", chains=["ic"],
                         joined=dt.date(2025, 3, 1))
        self.master = save(actor=self.admin, name=self.ents[0].name, uscc=self.ents[0].uscc, role="master",
                           chains=["ic"], joined=dt.date(2025, 3, 1), contact="王芳", phone="13800001111")
        self.e = [save(actor=self.admin, name=e.name, uscc=e.uscc, chains=["ic"], joined=dt.date(2025, 4, 1))
                  for e in self.ents[1:]]
        self.uni = save(actor=self.admin, name="天津理工大学", type="university", role="partner", chains=["ic"])
        self.p1 = services.pairing_create(actor=self.admin, a=self.master, b=self.e[0], since=dt.date(2025, 5, 1),
                                          goals="共建封测产线")
        self.p2 = services.pairing_create(actor=self.admin, a=self.e[1], b=self.e[2], since=dt.date(2025, 6, 1))
        self.act = services.activity_save(actor=self.admin, title="集成电路产业链书记轮值活动", date=dt.date(2025, 9, 10),
                                          chain="ic", host=self.master, participants=[self.e[0], self.e[1], self.lead],
                                          rota=True, summary="上下游企业达成初步合作意向")
        self.other_act = services.activity_save(actor=self.admin, title="车联网联建活动", date=dt.date(2025, 10, 1),
                                                chain="ic", host=self.e[2], participants=[self.e[1]])
        self.outcome = services.outcome_add(actor=self.admin, activity=self.act, a=self.master, b=self.e[0],
                                            description="联合开发车规级芯片")
        self.officer = make_chain_officer(chains=("ic",))
        self.analyst = make_analyst()
        self.dept = make_department_user(self.org)
        self.ent_user = make_enterprise_user(self.ents[1])  # member e[0]: paired with the master, at the rota activity
        self.outsider = make_enterprise_user(make_enterprise(name="天津无关科技有限公司"))


@pytest.fixture
def w() -> World:
    return World()


# --- the overview ---------------------------------------------------------------------------------
def test_overview_shows_figures_structure_and_the_network_chart(w):
    response = client_for(w.admin).get("/alliance/?chain=ic")
    text = chinese(response)
    page = response.content.decode()
    assert "产业链党建联盟" in text and "1+1+N+X" in text
    assert re.search(r'id="total-members">6<', page) and re.search(r'id="chain-pairings">2<', page)
    structure = page[page.index('id="structure"'):page.index('id="network-chart"')]
    assert "区工业和信息化局" in structure and "天津芯甲科技有限公司" in structure and "天津理工大学" in structure
    assert "牵头部门" in structure and "链主企业" in structure and "协同单位" in structure
    assert 'data-chart="network"' in page
    network = json.loads(re.search(r'<script id="network-data" type="application/json">(.*?)</script>', page, re.S)[1])
    assert len(network["nodes"]) == 6 and len(network["links"]) == 2
    master = next(n for n in network["nodes"] if n["id"] == str(w.master.pk))
    assert master["pairings"] == 1 and master["activities"] == 1 and master["label"]["show"]
    assert [c["name"] for c in network["categories"]][:2] == ["企业", "高校院所"]
    types = json.loads(re.search(r'<script id="type-data" type="application/json">(.*?)</script>', page, re.S)[1])
    assert dict(zip(types["names"], types["values"], strict=True))["企业"] == 4
    assert "/imports/" in page or "import" in page  # the office's link to the Excel import
    assert "集成电路产业链书记轮值活动" in page


@pytest.mark.parametrize("role", ["officer", "analyst", "dept", "ent_user", "outsider"])
def test_overview_renders_in_chinese_for_every_role(w, role):
    text = chinese(client_for(getattr(w, role)).get("/alliance/"))
    assert "产业链党建联盟" in text


def test_enterprise_users_network_holds_only_what_it_may_see(w):
    page = client_for(w.ent_user).get("/alliance/?chain=ic").content.decode()
    network = json.loads(re.search(r'<script id="network-data" type="application/json">(.*?)</script>', page, re.S)[1])
    names = {n["name"] for n in network["nodes"]}
    assert "天津芯甲科技有限公司" in names and "天津芯丁科技有限公司" not in names
    assert len(network["links"]) == 1
    assert "导入" not in visible_text(page)
