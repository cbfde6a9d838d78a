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
        self.ent_user = make_enterprise_user(self.ents[1], first_name="李华")  # member e[0]: paired with the master, at the rota activity
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


# --- members --------------------------------------------------------------------------------------
def test_member_list_filters_pages_and_exports_in_chinese(w):
    client = client_for(w.admin)
    text = chinese(client.get("/alliance/members/"))
    assert "共 6 家单位" in text and "牵头部门" in text and "高校院所" in text
    only = client.get("/alliance/members/?type=university").content.decode()
    assert "天津理工大学" in only and "天津芯甲科技有限公司" not in only
    assert "天津芯甲科技有限公司" in client.get("/alliance/members/?q=芯甲").content.decode()
    assert "区工业和信息化局" not in client.get("/alliance/members/?role=master").content.decode().split('id="members"')[1]
    for n in range(55):
        services.member_save(actor=w.admin, name=f"天津测试企业{n:02d}有限公司", chains=["ic"])
    paged = client.get("/alliance/members/?chain=ic&page=2").content.decode()
    assert "2 / 2" in paged and "chain=ic&amp;page=1" in paged
    response = client.get("/alliance/members/export.xlsx?type=university")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == ("序号", "单位名称", "统一社会信用代码", "类型", "角色", "所属产业链", "加入日期", "联系人", "联系电话")
    assert rows[2][:6] == (1, "天津理工大学", None, "高校院所", "协同单位", "集成电路") and len(rows) == 3
    full = load_workbook(io.BytesIO(client.get("/alliance/members/export.xlsx?q=芯甲").content)).active
    master = list(full.iter_rows(values_only=True))[2]
    assert master[2] == w.ents[0].uscc and master[4] == "链主企业" and master[6].date() == dt.date(2025, 3, 1)
    assert master[7:] == ("王芳", "13800001111")


def test_member_page_links_registry_pairings_and_activities(w):
    response = client_for(w.admin).get(f"/alliance/members/{w.master.pk}/")
    text = chinese(response)
    page = response.content.decode()
    assert f'href="/enterprises/{w.ents[0].uscc}/"' in page
    assert "天津芯乙科技有限公司" in page.split('id="pairings"')[1]  # its partner
    assert "承办" in text and "集成电路产业链书记轮值活动" in text and "编辑" in text
    assert "编辑" not in chinese(client_for(w.analyst).get(f"/alliance/members/{w.master.pk}/"))
    own = client_for(w.ent_user).get(f"/alliance/members/{w.e[0].pk}/").content.decode()
    assert f'href="/enterprises/{w.ents[1].uscc}/"' in own
    partner = client_for(w.ent_user).get(f"/alliance/members/{w.master.pk}/").content.decode()
    assert 'id="registry-link"' not in partner  # another enterprise's registry page is not theirs


def test_member_form_round_trip_and_field_errors(w):
    client = client_for(w.admin)
    form = client.get(f"/alliance/members/{w.master.pk}/edit/")
    chinese(form)
    page = form.content.decode()
    posted = {k: html.unescape(re.search(rf'name="{k}"[^>]*value="([^"]*)"', page)[1])
              for k in ("name", "uscc", "joined", "contact", "phone")}
    posted["type"] = re.search(r'name="type">.*?<option value="(\w+)" selected', page, re.S)[1]
    posted["role"] = re.search(r'name="role">.*?<option value="(\w+)" selected', page, re.S)[1]
    posted["chains"] = re.findall(r'name="chains" value="(\d+)" checked', page)
    before = Member.objects.filter(pk=w.master.pk).values().get()
    assert client.post(f"/alliance/members/{w.master.pk}/edit/", posted).status_code == 302
    after = Member.objects.filter(pk=w.master.pk).values().get()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {k: v for k, v in before.items() if k != "updated_at"}
    assert list(w.master.chains.values_list("code", flat=True)) == ["ic"]
    bad = client.post(f"/alliance/members/{w.master.pk}/edit/", {**posted, "uscc": "123"})
    assert bad.status_code == 400 and errors(bad) == ["统一社会信用代码：" + errors(bad)[0].split("：", 1)[1]]
    twice = client.post("/alliance/members/new/", {"name": "天津芯甲科技有限公司", "type": "enterprise", "role": "member"})
    assert twice.status_code == 409 or twice.status_code == 400
    assert errors(twice)[0].startswith("单位名称：") and "天津芯甲科技有限公司" in errors(twice)[0]
    made = client.post("/alliance/members/new/", {"name": "（天津）新材料协会", "type": "association",
                                                  "role": "partner", "chains": [str(w.ic.pk)]})
    assert made.status_code == 302 and Member.objects.filter(name="（天津）新材料协会", role="partner").exists()


def test_officer_keeps_other_chains_of_a_member(w):
    iov = Chain.objects.get(code="iov")
    w.master.chains.add(iov)
    page = client_for(w.officer).get(f"/alliance/members/{w.master.pk}/edit/").content.decode()
    assert re.search(rf'value="{iov.pk}" checked disabled', page) and f'type="hidden" name="chains" value="{iov.pk}"' in page
    posted = {"name": w.master.name, "uscc": w.master.uscc, "type": "enterprise", "role": "master",
              "chains": [str(w.ic.pk), str(iov.pk)], "joined": "2025-03-01"}
    assert client_for(w.officer).post(f"/alliance/members/{w.master.pk}/edit/", posted).status_code == 302
    assert set(w.master.chains.values_list("code", flat=True)) == {"ic", "iov"}


@pytest.mark.parametrize("who", ["analyst", "dept", "ent_user"])
def test_those_who_cannot_write_see_no_forms_and_are_refused(w, who):
    client = client_for(getattr(w, who))
    for url in ("/alliance/members/", "/alliance/activities/", "/alliance/pairings/"):
        page = client.get(url).content.decode()
        assert "/new/" not in page
    assert client.get("/alliance/members/new/").status_code == 403
    before = Member.objects.count()
    assert client.post("/alliance/members/new/", {"name": "某单位", "type": "other", "role": "member"}).status_code == 403
    assert client.post("/alliance/pairings/new/", {"a": w.e[1].pk, "b": w.e[2].pk}).status_code == 403
    assert client.post("/alliance/pairings/suggestions/pair/", {"a": w.e[1].pk, "b": w.e[2].pk}).status_code == 403
    assert Member.objects.count() == before and Pairing.objects.count() == 2
    act = client.get(f"/alliance/activities/{w.act.pk}/")
    if act.status_code == 200:
        page = act.content.decode()
        assert 'id="outcome-form"' not in page and "introduce-form" not in page and 'id="event-form"' not in page
    assert client.post(f"/alliance/outcomes/{w.outcome.pk}/introduce/", {"buyer": w.master.pk}).status_code in {403, 404}
    assert not Outcome.objects.filter(match__isnull=False).exists()


# --- scoping by guessed ids -----------------------------------------------------------------------
@pytest.mark.parametrize("who", ["ent_user", "outsider", "dept"])
def test_pages_404_on_other_units_ids(w, who):
    client = client_for(getattr(w, who))
    assert client.get(f"/alliance/pairings/{w.p2.pk}/").status_code == 404
    assert client.post(f"/alliance/pairings/{w.p2.pk}/log/", {"on": "2025-08-01", "text": "x"}).status_code == 404
    assert client.get(f"/alliance/activities/{w.other_act.pk}/").status_code == 404
    assert client.post(f"/alliance/activities/{w.other_act.pk}/outcomes/",
                       {"a": w.e[1].pk, "b": w.e[2].pk, "description": "x"}).status_code == 404
    if who != "dept":
        assert client.get(f"/alliance/members/{w.uni.pk}/").status_code == 404
        assert client.get("/alliance/rota/?chain=ic").status_code == 404
        assert client.get("/alliance/members/").content.decode().count("data-member=") < 6
    assert client.get("/alliance/pairings/suggestions/?chain=ic").status_code == 404
    assert PairingLog.objects.count() == 0 and Outcome.objects.count() == 1


def test_department_staff_see_the_directory_and_their_units_pairings(w):
    dept = client_for(w.dept)
    assert chinese(dept.get("/alliance/members/")).count("集成电路") >= 6
    chinese(dept.get(f"/alliance/activities/{w.act.pk}/"))  # their unit took part
    assert dept.get(f"/alliance/pairings/{w.p1.pk}/").status_code == 404
    chinese(dept.get("/alliance/rota/?chain=ic"))


# --- pairings -------------------------------------------------------------------------------------
def test_pairing_page_log_by_either_unit_and_edit_by_the_office(w):
    ent = client_for(w.ent_user)
    text = chinese(ent.get(f"/alliance/pairings/{w.p1.pk}/"))
    assert "共建封测产线" in text and "添加记录" in text and "编辑" not in text
    assert ent.post(f"/alliance/pairings/{w.p1.pk}/log/", {"on": "2025-08-02", "text": "联合申报项目"}).status_code == 302
    assert PairingLog.objects.get().text == "联合申报项目"
    refused = ent.post(f"/alliance/pairings/{w.p1.pk}/log/", {"on": "", "text": "无日期"}, follow=True)
    assert any(m.startswith("日期：") for m in [str(x) for x in refused.context["messages"]])
    assert PairingLog.objects.count() == 1
    assert ent.post(f"/alliance/pairings/{w.p1.pk}/edit/", {"since": "2025-01-01", "goals": "改"}).status_code == 403
    admin = client_for(w.admin)
    assert "编辑" in chinese(admin.get(f"/alliance/pairings/{w.p1.pk}/"))
    admin.post(f"/alliance/pairings/{w.p1.pk}/edit/", {"since": "2025-05-01", "goals": "共建封测产线，联合攻关"})
    assert Pairing.objects.get(pk=w.p1.pk).goals == "共建封测产线，联合攻关"
    chinese(admin.get("/alliance/pairings/?chain=ic"))


def test_new_pairing_form_and_its_errors(w):
    client = client_for(w.admin)
    chinese(client.get(f"/alliance/pairings/new/?a={w.lead.pk}"))
    same = client.post("/alliance/pairings/new/", {"a": w.e[1].pk, "b": w.e[1].pk})
    assert same.status_code == 400 and errors(same)[0].startswith("结对单位B：")
    again = client.post("/alliance/pairings/new/", {"a": w.e[0].pk, "b": w.master.pk})
    assert again.status_code == 400 and "已结对" in errors(again)[0] or "结对" in errors(again)[0]
    made = client.post("/alliance/pairings/new/", {"a": w.uni.pk, "b": w.e[2].pk, "since": "2025-07-01", "goals": "校企合作"})
    assert made.status_code == 302 and Pairing.objects.filter(kind="ue").count() == 1


def test_suggestions_page_and_one_click_pairing(w):
    from tests.factories import make_position

    for ent, node in ((w.ents[2], "ic.up.mat"), (w.ents[3], "ic.mid.fab")):
        make_position(ent, node)
    Pairing.objects.filter(pk=w.p2.pk).delete()
    client = client_for(w.admin)
    response = client.get("/alliance/pairings/suggestions/?chain=ic")
    text = chinese(response)
    assert "结对建议" in text
    page = response.content.decode()
    assert "天津芯丙科技有限公司" in page and "pair-form" in page  # 材料 → 晶圆制造, neither trading nor paired
    if True:
        form = re.search(r'<form method="post" action="/alliance/pairings/suggestions/pair/".*?</form>', page, re.S)[0]
        posted = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
        posted.pop("csrfmiddlewaretoken", None)
        assert client.post("/alliance/pairings/suggestions/pair/", posted).status_code == 302
        assert Pairing.objects.count() == 2


# --- activities -----------------------------------------------------------------------------------
def test_activity_list_and_page_with_intentions_turned_into_introductions(w):
    client = client_for(w.admin)
    text = chinese(client.get("/alliance/activities/?chain=ic&year=2025"))
    assert "共 2 场" in text and "书记轮值" in text
    assert "共 0 场" in chinese(client.get("/alliance/activities/?year=2024"))
    response = client.get(f"/alliance/activities/{w.act.pk}/")
    text = chinese(response)
    assert "上下游企业达成初步合作意向" in text and "联合开发车规级芯片" in text and "转为撮合对接" in text
    page = response.content.decode()
    assert 'id="outcome-form"' in page
    added = client.post(f"/alliance/activities/{w.act.pk}/outcomes/",
                        {"a": w.e[0].pk, "b": w.e[1].pk, "description": "共建测试平台"})
    assert added.status_code == 302 and Outcome.objects.count() == 2
    refused = client.post(f"/alliance/activities/{w.act.pk}/outcomes/", {"a": w.e[0].pk, "b": w.e[0].pk,
                                                                         "description": "同一单位"}, follow=True)
    assert [str(m) for m in refused.context["messages"]][-1].startswith("意向单位B：") and Outcome.objects.count() == 2
    client.post(f"/alliance/outcomes/{w.outcome.pk}/introduce/", {"buyer": w.e[0].pk})
    outcome = Outcome.objects.select_related("match").get(pk=w.outcome.pk)
    assert outcome.match is not None and outcome.match.supplier_id == w.ents[0].pk
    after = client.get(f"/alliance/activities/{w.act.pk}/").content.decode()
    assert f'href="/matchmaking/needs/{outcome.match.need_id}/"' in after


def test_activity_form_round_trip_and_errors(w):
    client = client_for(w.admin)
    page = client.get(f"/alliance/activities/{w.act.pk}/edit/").content.decode()
    chinese(client.get(f"/alliance/activities/{w.act.pk}/edit/"))
    posted = {k: html.unescape(re.search(rf'name="{k}"[^>]*value="([^"]*)"', page)[1]) for k in ("title", "date", "code")}
    posted["chain"] = re.search(r'name="chain">.*?<option value="([\w-]+)" selected', page, re.S)[1]
    posted["host"] = re.search(r'name="host">.*?<option value="(\d+)" selected', page, re.S)[1]
    participants = page[page.index('name="participants"'):]
    participants = participants[:participants.index("</select>")]
    posted["participants"] = re.findall(r'value="(\d+)" selected', participants)
    posted["summary"] = html.unescape(re.search(r'name="summary"[^>]*>(.*?)</textarea>', page, re.S)[1])
    posted["rota"] = "on"
    before = Activity.objects.filter(pk=w.act.pk).values().get()
    members_before = set(w.act.participants.values_list("id", flat=True))
    assert client.post(f"/alliance/activities/{w.act.pk}/edit/", posted).status_code == 302
    after = Activity.objects.filter(pk=w.act.pk).values().get()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {k: v for k, v in before.items() if k != "updated_at"}
    assert set(w.act.participants.values_list("id", flat=True)) == members_before
    no_title = client.post("/alliance/activities/new/", {**posted, "title": "", "code": ""})
    assert no_title.status_code == 400 and errors(no_title)[0].startswith("活动名称：")
    rota_by_dept = client.post("/alliance/activities/new/", {**posted, "code": "", "host": w.lead.pk})
    assert rota_by_dept.status_code == 400 and errors(rota_by_dept)[0].startswith("承办单位：")
    made = client.post("/alliance/activities/new/", {"title": "校企对接交流会", "date": "2025-12-01", "chain": "ic",
                                                    "host": w.uni.pk, "participants": [w.e[1].pk, w.e[2].pk]})
    assert made.status_code == 302 and Activity.objects.get(title="校企对接交流会").code == "LJ2025-003"
    assert client_for(w.officer).get(f"/alliance/activities/{w.act.pk}/edit/").status_code == 200


def test_linking_an_event_takes_its_check_ins(w):
    from django.utils import timezone

    from liandong.events.models import Event, Registration

    event = Event.objects.create(title="集成电路供需对接会", kind=Event.Kind.MATCHMAKING, status=Event.Status.DONE,
                                 starts_at=timezone.now(), ends_at=timezone.now(), venue="西青区会展中心")
    Registration.objects.create(event=event, enterprise=w.ents[3], checked_in_at=timezone.now())
    client = client_for(w.admin)
    assert "集成电路供需对接会" in client.get(f"/alliance/activities/{w.act.pk}/").content.decode()
    assert client.post(f"/alliance/activities/{w.act.pk}/event/", {"event": event.pk}).status_code == 302
    assert w.e[2] in Activity.objects.get(pk=w.act.pk).participants.all()
    assert client_for(w.analyst).post(f"/alliance/activities/{w.act.pk}/event/", {"event": event.pk}).status_code == 403


# --- the rota -------------------------------------------------------------------------------------
def test_rota_page_set_a_month_adopt_and_history(w):
    client = client_for(w.admin)
    response = client.get("/alliance/rota/?chain=ic")
    text = chinese(response)
    assert "未来12个月" in text and "采用轮值计划" in text and "集成电路产业链书记轮值活动" in text
    page = response.content.decode()
    months = re.findall(r'<tr data-month="(\d{4}-\d{2})">', page)
    assert len(months) == 12 and months[0] == dt.date.today().strftime("%Y-%m")
    assert client.post("/alliance/rota/set/", {"chain": "ic", "month": months[1], "host": w.e[2].pk}).status_code == 302
    assert RotaSlot.objects.get(month=months[1]).host_id == w.e[2].pk
    refused = client.post("/alliance/rota/set/", {"chain": "ic", "month": months[2], "host": w.lead.pk}, follow=True)
    assert [str(m) for m in refused.context["messages"]][-1].startswith("承办单位：")
    bad = client.post("/alliance/rota/set/", {"chain": "ic", "month": "2026-13", "host": w.e[2].pk}, follow=True)
    assert [str(m) for m in bad.context["messages"]][-1].startswith("月份：") and RotaSlot.objects.count() == 1
    client.post("/alliance/rota/adopt/", {"chain": "ic"})
    assert RotaSlot.objects.filter(chain=w.ic).count() == 12
    assert "采用轮值计划" not in chinese(client.get("/alliance/rota/?chain=ic"))
    analyst = client_for(w.analyst)
    assert "rota-form" not in analyst.get("/alliance/rota/?chain=ic").content.decode()
    assert analyst.post("/alliance/rota/adopt/", {"chain": "ic"}).status_code == 403
    assert client_for(make_chain_officer(chains=("iov",))).post(
        "/alliance/rota/set/", {"chain": "ic", "month": months[1], "host": ""}).status_code == 403
    assert RotaSlot.objects.count() == 12


def test_empty_alliance_pages_render(db):
    admin = make_admin()
    for url in ("/alliance/", "/alliance/?chain=bio", "/alliance/members/", "/alliance/pairings/",
                "/alliance/activities/", "/alliance/rota/?chain=bio", "/alliance/pairings/suggestions/?chain=bio",
                "/alliance/members/new/", "/alliance/pairings/new/", "/alliance/activities/new/"):
        chinese(client_for(admin).get(url))
    assert "本链暂无成员单位" in chinese(client_for(admin).get("/alliance/?chain=bio"))


def test_new_pairing_form_keeps_the_units_chosen(w):
    page = client_for(w.admin).get(f"/alliance/pairings/new/?a={w.lead.pk}&b={w.uni.pk}").content.decode()
    a = page[page.index('name="a"'):page.index('name="b"')]
    assert re.search(rf'value="{w.lead.pk}" selected', a) and not re.search(rf'value="{w.uni.pk}" selected', a)
    assert re.search(rf'value="{w.uni.pk}" selected', page[page.index('name="b"'):])


def test_chain_officers_write_their_chains_only(w):
    ic_officer, iov_officer = client_for(w.officer), client_for(make_chain_officer(chains=("iov",)))
    assert "编辑" in chinese(ic_officer.get(f"/alliance/members/{w.master.pk}/"))
    assert "编辑" not in chinese(iov_officer.get(f"/alliance/members/{w.master.pk}/"))
    assert iov_officer.get(f"/alliance/members/{w.master.pk}/edit/").status_code == 403
    assert iov_officer.post(f"/alliance/members/{w.master.pk}/edit/", {"name": "改名", "type": "enterprise",
                                                                       "role": "member"}).status_code == 403
    assert iov_officer.get(f"/alliance/activities/{w.act.pk}/edit/").status_code == 403
    assert iov_officer.post(f"/alliance/outcomes/{w.outcome.pk}/introduce/", {"buyer": w.e[0].pk}).status_code == 403
    assert Member.objects.get(pk=w.master.pk).name == "天津芯甲科技有限公司"
    assert not Outcome.objects.filter(match__isnull=False).exists()


def test_enterprise_users_export_holds_only_the_members_it_may_see(w):
    content = client_for(w.ent_user).get("/alliance/members/export.xlsx").content
    names = {row[1] for row in list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))[2:]}
    assert "天津芯乙科技有限公司" in names and "天津芯甲科技有限公司" in names
    assert "天津理工大学" not in names and "天津芯丁科技有限公司" not in names
