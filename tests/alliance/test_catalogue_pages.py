"""The catalogue's pages for every role (in Chinese), its Excel export, and its section on the appeal
page: an appeal about financing shows the 贷款贴息 and 融资担保 resources to the department handling
it, which cites one in the answer (a reply on the timeline); an enterprise user sees no section."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from liandong.alliance.models import Resource
from liandong.appeals.models import AppealEvent
from liandong.appeals.services import appeal_act, appeal_submit
from tests.alliance.test_catalogue import build_catalogue, make_unit
from tests.factories import make_admin, make_department_user, make_enterprise_user, make_role_user
from tests.pages import client_for, visible_text

pytestmark = pytest.mark.django_db
ROLES = ("admin", "chain_officer", "department", "analyst", "enterprise")
ENGLISH = re.compile(r"\b(Resource|Search|Unit|Contact|Link|Withdraw|Cite|Keywords|catalogue)\b")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_catalogue_in_chinese(role):
    built = build_catalogue()
    user = make_role_user(role)
    client = client_for(user)
    page = client.get("/alliance/resources/", {"q": "贷款贴息"})
    assert page.status_code == 200
    text = visible_text(page.content.decode())
    assert "资源目录" in text and "中小微企业贷款利息补贴" in text and "区金融工作局" in text
    assert "匹配：" in text and "王科长 022-27390001" in text and "无不良信用记录" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    partial = client.get("/alliance/resources/", {"q": "首台套"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    partial_text = partial.content.decode()
    assert "首台（套）重大技术装备保险补偿" in partial_text and "<html" not in partial_text
    detail = client.get(f"/alliance/resources/{built['政策性融资担保'].pk}/")
    assert detail.status_code == 200 and "担保费率不高于1%" in detail.content.decode()
    assert not ENGLISH.search(visible_text(detail.content.decode()))
    writes = client.get("/alliance/resources/new/").status_code
    assert writes == (200 if role in {"admin", "chain_officer", "department"} else 403)


def test_the_list_filters_by_kind_unit_and_chain():
    build_catalogue()
    client = client_for(make_enterprise_user())
    text = client.get("/alliance/resources/", {"kind": "platform"}).content.decode()
    assert "MPW多项目晶圆服务及费用补助" in text and "政策性融资担保" not in text
    text = client.get("/alliance/resources/", {"unit": make_unit("区税务局").pk}).content.decode()
    assert "研发费用税前加计扣除政策辅导" in text and "重点企业招聘专场" not in text
    text = client.get("/alliance/resources/", {"chain": "ic", "q": "补贴"}).content.decode()
    assert "MPW多项目晶圆服务及费用补助" in text and "境外展会参展补贴" not in text


def test_a_department_adds_edits_and_withdraws_its_own_resources_only():
    built = build_catalogue()
    finance = make_unit("区金融工作局")
    client = client_for(make_department_user(finance))
    form = client.get("/alliance/resources/new/").content.decode()
    assert "区金融工作局" in form and "区商务局" not in form
    refused = client.post("/alliance/resources/new/", {"kind": "service", "title": ""})
    assert refused.status_code == 400 and "资源名称：" in refused.content.decode()
    created = client.post("/alliance/resources/new/", {"kind": "service", "title": "应急转贷资金",
                                                       "summary": "为到期贷款提供过桥资金", "chains": []})
    item = Resource.objects.get(title="应急转贷资金")
    assert created.status_code == 302 and item.unit == finance
    own = built["政策性融资担保"]
    edited = client.post(f"/alliance/resources/{own.pk}/edit/", {"kind": "service", "title": "政策性融资担保（升级版）",
                                                                "contact": "李经理 13800000000"})
    assert edited.status_code == 302 and Resource.objects.get(pk=own.pk).title == "政策性融资担保（升级版）"
    other = built["境外展会参展补贴"]
    assert client.get(f"/alliance/resources/{other.pk}/edit/").status_code == 403
    assert client.post(f"/alliance/resources/{other.pk}/active/", {"active": "0"}).status_code == 403
    assert client.post(f"/alliance/resources/{own.pk}/active/", {"active": "0"}).status_code == 302
    assert not Resource.objects.get(pk=own.pk).active
    assert client_for(make_enterprise_user()).get(f"/alliance/resources/{own.pk}/").status_code == 404
    enterprise = client_for(make_enterprise_user())
    assert enterprise.post("/alliance/resources/new/", {"kind": "service", "title": "x", "unit": finance.pk}).status_code == 403
    assert enterprise.post(f"/alliance/resources/{other.pk}/active/", {"active": "0"}).status_code == 403


def test_the_excel_export_has_the_chinese_headers():
    build_catalogue()
    response = client_for(make_enterprise_user()).get("/alliance/resources/export.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == ("序号", "单位", "类型", "资源名称", "内容", "条件", "联系方式", "链接")
    body = rows[2:]
    assert len(body) == 11 and body[0][0] == 1
    loan = next(r for r in body if r[3] == "中小微企业贷款利息补贴")
    assert loan[1] == "区金融工作局" and loan[2] == "政策" and loan[6] == "王科长 022-27390001"
    searched = client_for(make_admin()).get("/alliance/resources/export.xlsx", {"q": "贷款贴息"})
    first = list(load_workbook(io.BytesIO(searched.content)).active.iter_rows(values_only=True))[2]
    assert first[3] == "中小微企业贷款利息补贴"


# --- the appeal page ---------------------------------------------------------------------------------
@pytest.fixture
def financing_appeal(django_capture_on_commit_callbacks):
    built = build_catalogue()
    finance = make_unit("区金融工作局")
    ent_user = make_enterprise_user()
    office = make_admin()
    appeal = appeal_submit(actor=ent_user, category="finance", title="流动资金贷款到期，周转困难",
                           body="今年三月一笔银行贷款到期，希望了解有没有贴息或者担保方面的支持。")
    appeal_act(actor=office, number=appeal.number, action="respond", version=None)
    appeal_act(actor=office, number=appeal.number, action="dispatch", version=None, department=finance.pk)
    return {"built": built, "appeal": appeal, "ent_user": ent_user, "office": office,
            "staff": make_department_user(finance)}


def test_the_department_handling_a_financing_appeal_sees_and_cites_resources(financing_appeal):
    appeal, staff = financing_appeal["appeal"], financing_appeal["staff"]
    client = client_for(staff)
    page = client.get(f"/appeals/{appeal.number}/").content.decode()
    section = page[page.index('id="appeal-resources"'):]
    assert "联盟资源目录中的相关资源" in section
    assert "中小微企业贷款利息补贴" in section and "政策性融资担保" in section
    assert "重点企业招聘专场" not in section and "境外展会参展补贴" not in section
    assert "在答复中引用" in section
    loan = financing_appeal["built"]["中小微企业贷款利息补贴"]
    cited = client.post(f"/alliance/resources/{loan.pk}/cite/", {"number": appeal.number})
    assert cited.status_code == 302 and cited["Location"] == f"/appeals/{appeal.number}/"
    reply = AppealEvent.objects.filter(appeal=appeal, kind="reply").get()
    assert reply.actor == staff
    assert "中小微企业贷款利息补贴" in reply.note and "区金融工作局" in reply.note
    assert "王科长 022-27390001" in reply.note and "https://example.gov.cn/jrj/tiexi" in reply.note
    timeline = visible_text(client_for(financing_appeal["ent_user"]).get(f"/appeals/{appeal.number}/").content.decode())
    assert "引用资源目录：中小微企业贷款利息补贴（区金融工作局）" in timeline


def test_the_office_sees_the_section_and_an_enterprise_user_does_not(financing_appeal):
    appeal = financing_appeal["appeal"]
    office_page = client_for(financing_appeal["office"]).get(f"/appeals/{appeal.number}/").content.decode()
    assert 'id="appeal-resources"' in office_page and "政策性融资担保" in office_page
    ent = client_for(financing_appeal["ent_user"])
    ent_page = ent.get(f"/appeals/{appeal.number}/").content.decode()
    assert ent_page and 'id="appeal-resources"' not in ent_page and "在答复中引用" not in ent_page
    loan = financing_appeal["built"]["中小微企业贷款利息补贴"]
    assert ent.post(f"/alliance/resources/{loan.pk}/cite/", {"number": appeal.number}).status_code == 403
    other_staff = client_for(make_department_user(make_unit("区商务局")))
    assert other_staff.post(f"/alliance/resources/{loan.pk}/cite/", {"number": appeal.number}).status_code == 404
    assert not AppealEvent.objects.filter(appeal=appeal, kind="reply").exists()


def test_an_appeal_of_another_category_gets_its_own_resources_or_none(financing_appeal):
    office = financing_appeal["office"]
    labour = appeal_submit(actor=financing_appeal["ent_user"], category="labour", title="一线操作工招工难",
                           body="新产线投产，急需招聘五十名操作工。")
    page = client_for(office).get(f"/appeals/{labour.number}/").content.decode()
    section = page[page.index('id="appeal-resources"'):]
    assert "重点企业招聘专场" in section and "中小微企业贷款利息补贴" not in section
    odd = appeal_submit(actor=financing_appeal["ent_user"], category="other", title="门前道路积水",
                        body="雨后门前道路积水严重。")
    page = client_for(office).get(f"/appeals/{odd.number}/").content.decode()
    assert "资源目录中暂无与本诉求相关的资源。" in page
