"""The investment pages (issue #15): the pipeline board, a project with its timeline and forms, a new
project, a chain's leads turned into projects, the dashboard and its Excel export, the overdue list
with the stage limits — by role, with errors naming their field and forms that round-trip."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from liandong.chains.models import EnterprisePosition, SupplyRelation
from liandong.enterprises.models import Enterprise
from liandong.investment import selectors, services
from liandong.investment.models import Lead, Project, ProjectEvent, StageLimit
from tests.factories import (
    make_admin,
    make_analyst,
    make_chain_officer,
    make_department,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
    make_position,
    make_uscc,
)
from tests.forms import rendered_form, unchanged_submission

pytestmark = pytest.mark.django_db
D = dt.date
NODE = "ic.mid.pkg.test"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def errors(response) -> list[str]:
    page = response.content.decode()
    found = re.findall(r'<li class="error[^"]*">(.*?)</li>', page, re.S)
    found += re.findall(r'<p class="(?:card )?error"[^>]*>(.*?)</p>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", f)).strip() for f in found]


def signed_project(admin, code="P1", **extra):
    fields = {"name": "功率器件封测项目", "stage": "signed", "signed": D(2026, 4, 20), "chains": ["ic"], "node": NODE,
              "investor": "上海芯测集团", "planned_investment": "30000", **extra}
    return services.project_create(actor=admin, code=code, **fields)


def investment_urls() -> list[tuple[str, str]]:
    """(name, path) of every investment page, parameters filled."""
    [resolver] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "investment"]
    kwargs = {"code": "P1", "lead_id": 1, "document_id": 1}
    out = []
    for p in resolver.url_patterns:
        names = set(p.pattern.converters)
        out.append((p.name, reverse(f"investment:{p.name}", kwargs={k: kwargs[k] for k in names})))
    return out


# --- who sees what --------------------------------------------------------------------------------
def test_enterprise_users_get_404_on_every_investment_page():
    admin = make_admin()
    signed_project(admin)
    services.lead_create(actor=admin, name="某投资方", chain="ic")
    client = client_for(make_enterprise_user(make_enterprise()))
    urls = investment_urls()
    assert len(urls) >= 10
    for name, path in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(path + ("?chain=ic" if name in {"board", "leads"} else ""))
            assert response.status_code in (404, 405), (name, path, method, response.status_code)
            if response.status_code == 405:
                assert method == "get"  # POST-only actions refuse the GET; their POST is the 404
    assert Project.objects.count() == 1 and Lead.objects.count() == 1


def test_project_page_shows_the_forms_each_role_may_use():
    admin, dept = make_admin(), make_department()
    staff = make_department_user(organization=dept)
    signed_project(admin, department=dept.name)
    cases = {admin: (True, True), make_chain_officer(chains=("ic",)): (True, True), staff: (True, False),
             make_analyst(): (False, False), make_department_user(): None, make_chain_officer(chains=("bio",)): None}
    for user, expected in cases.items():
        response = client_for(user).get("/investment/projects/P1/")
        if expected is None:
            assert response.status_code == 404, user.role
            continue
        page = response.content.decode()
        assert response.status_code == 200
        assert ('id="advance-form"' in page, 'id="edit-form"' in page) == expected, user.role
        assert "功率器件封测项目" in page and "上海芯测集团" in page and "30000.00" in page


def test_the_new_project_page_is_for_those_who_file_projects():
    assert client_for(make_analyst()).get("/investment/projects/new/").status_code == 403
    assert client_for(make_chain_officer()).get("/investment/projects/new/").status_code == 200


# --- the board ------------------------------------------------------------------------------------
def test_board_has_a_column_per_stage_with_counts_and_filters_by_chain():
    admin = make_admin()
    signed_project(admin, code="A")
    services.project_create(actor=admin, code="B", name="生物药中试基地", chains=["bio"], planned_investment="12000.5",
                            on=D(2026, 1, 5))
    client = client_for(admin)
    page = client.get("/investment/").content.decode()
    columns = re.findall(r'data-stage="(\w+)">\s*<h2>(.*?) <span class="count-badge">(\d+)</span>', page)
    assert [(s, n) for s, _label, n in columns] == [("lead", "1"), ("talks", "0"), ("signed", "1"), ("registered", "0"),
                                                    ("started", "0"), ("producing", "0"), ("terminated", "0")]
    assert [label for _s, label, _n in columns] == ["线索", "洽谈", "签约", "注册", "开工", "投产", "终止"]
    assert "生物药中试基地" in page and "12001" in page and "上海芯测集团" in page
    assert "登记项目" in page and "招商线索" in page and "看板" in page
    filtered = client.get("/investment/?chain=bio").content.decode()
    assert "生物药中试基地" in filtered and "功率器件封测项目" not in filtered
    assert "登记项目" not in client_for(make_analyst()).get("/investment/").content.decode()


def test_a_card_past_its_stage_limit_is_marked():
    admin = make_admin()
    services.project_create(actor=admin, code="OLD", name="久拖项目", stage="talks", on=D(2020, 1, 1))
    page = client_for(admin).get("/investment/").content.decode()
    card = page[page.index("久拖项目"):]
    assert re.search(r'<div class="small late">本阶段已\d+天</div>', card[:800])


# --- the project page -----------------------------------------------------------------------------
def test_advancing_through_the_form_names_the_missing_field_then_lands_the_enterprise():
    admin = make_admin()
    signed_project(admin)
    client = client_for(admin)
    action = "/investment/projects/P1/advance/"
    form = rendered_form(client.get("/investment/projects/P1/").content.decode(), action)
    assert [o.get("value") for o in form.inputs["stage"].xpath(".//option")] == [
        "registered", "started", "producing", "terminated"]
    refused = client.post(action, unchanged_submission(form) | {"stage": ["registered"]})
    assert refused.status_code == 400 and errors(refused) == ["注册日期：注册、开工、投产阶段须填写注册日期"]
    assert Project.objects.get(code="P1").stage == "signed"
    code = make_uscc()
    bad = client.post(action, unchanged_submission(form) | {"stage": ["registered"], "registered": ["2026-05-06"],
                                                           "uscc": ["91120111XXXXXXXXXX"]})
    assert errors(bad) == ["落地企业统一社会信用代码：统一社会信用代码无效。"]
    done = client.post(action, unchanged_submission(form) | {
        "stage": ["registered"], "registered": ["2026-05-06"], "uscc": [code], "registered_capital": ["1200"],
        "on": ["2026-05-07"], "note": ["营业执照已领取"]})
    assert done.status_code == 302
    project = Project.objects.get(code="P1")
    assert (project.stage, project.registered, project.registered_capital) == ("registered", D(2026, 5, 6),
                                                                               Decimal("12000000.00"))
    assert EnterprisePosition.objects.filter(enterprise__uscc=code, node__code=NODE).exists()
    page = client.get("/investment/projects/P1/").content.decode()
    timeline = page[page.index('id="timeline"'):page.index("</section>", page.index('id="timeline"'))]
    assert "2026-05-07" in timeline and "签约 →" in timeline and "营业执照已领取" in timeline and admin.username in timeline
    assert Enterprise.objects.get(uscc=code).name in page


def test_terminating_needs_a_reason_and_the_department_advances_its_own_project():
    admin, dept = make_admin(), make_department()
    staff = make_department_user(organization=dept)
    signed_project(admin, department=dept.name)
    client = client_for(staff)
    refused = client.post("/investment/projects/P1/advance/", {"stage": "terminated", "on": "2026-06-01"})
    assert errors(refused) == ["终止原因：终止项目须说明原因"]
    client.post("/investment/projects/P1/advance/", {"stage": "terminated", "on": "2026-06-01", "reason": "投资方撤资"})
    project = Project.objects.get(code="P1")
    assert project.stage == "terminated" and project.termination_reason == "投资方撤资"
    assert 'id="advance-form"' not in client.get("/investment/projects/P1/").content.decode()  # nothing follows 终止


def test_signing_through_the_form_dates_the_signature():
    admin = make_admin()
    services.project_create(actor=admin, code="T", name="洽谈项目", stage="talks")
    client_for(admin).post("/investment/projects/T/advance/", {"stage": "signed", "on": "2026-05-02"})
    assert Project.objects.get(code="T").signed == D(2026, 5, 2)


money = st.one_of(st.none(), st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e12"), places=2))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(planned=money, capital=money, platform=st.booleans(), registered=st.booleans())
def test_the_edit_form_posted_back_unchanged_changes_nothing(planned, capital, platform, registered):
    admin = make_admin()
    project = Project.objects.filter(code="RT").first() or signed_project(admin, code="RT", chains=["ic", "bio"],
                                                                          department=make_department().name)
    Project.objects.filter(pk=project.pk).update(planned_investment=planned, registered_capital=capital,
                                                 platform=platform, stage="registered" if registered else "signed",
                                                 registered=D(2026, 5, 1) if registered else None)
    before = Project.objects.get(pk=project.pk)
    client = client_for(admin)
    action = "/investment/projects/RT/edit/"
    form = rendered_form(client.get("/investment/projects/RT/").content.decode(), action)
    box = form.inputs["planned_investment"]
    assert "万元" in box.getparent().text_content()
    assert (Decimal(box.value) * 10000 if box.value else None) == planned  # the box is in 万元, as labelled
    response = client.post(action, unchanged_submission(form))
    assert response.status_code == 302
    after = Project.objects.get(pk=project.pk)
    fields = ("name", "investor", "node_id", "signed", "registered", "uscc", "registered_capital", "planned_investment",
              "department_id", "park_id", "platform", "version")
    assert [getattr(after, f) for f in fields] == [getattr(before, f) for f in fields]
    assert sorted(after.chains.values_list("code", flat=True)) == ["bio", "ic"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(capital=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e10"), places=2))
def test_the_advance_form_keeps_the_registered_capital_it_shows(capital):
    admin = make_admin()
    code = f"C{Project.objects.count()}"
    signed_project(admin, code=code)
    Project.objects.filter(code=code).update(registered_capital=capital)
    client = client_for(admin)
    action = f"/investment/projects/{code}/advance/"
    form = rendered_form(client.get(f"/investment/projects/{code}/").content.decode(), action)
    client.post(action, unchanged_submission(form) | {"stage": ["registered"], "registered": ["2026-05-06"]})
    project = Project.objects.get(code=code)
    assert project.stage == "registered" and project.registered_capital == capital


def test_editing_saves_a_change_and_a_stale_version_is_refused():
    admin = make_admin()
    signed_project(admin)
    client = client_for(admin)
    action = "/investment/projects/P1/edit/"
    form = rendered_form(client.get("/investment/projects/P1/").content.decode(), action)
    data = unchanged_submission(form)
    client.post(action, data | {"planned_investment": ["45000.5"], "name": ["功率器件封测二期项目"]})
    project = Project.objects.get(code="P1")
    assert (project.name, project.planned_investment, project.version) == ("功率器件封测二期项目", Decimal("450005000.00"), 2)
    stale = client.post(action, data | {"investor": ["别的投资方"]})
    assert stale.status_code == 400 and errors(stale) == ["该项目已被他人修改，请刷新后重试。"]
    bad = client.post(action, unchanged_submission(rendered_form(
        client.get("/investment/projects/P1/").content.decode(), action)) | {"planned_investment": ["很多"]})
    assert errors(bad) == ["计划总投资（万元）：请填写金额（万元）。"]


def test_new_project_form_files_a_project_and_names_a_wrong_field():
    admin = make_admin()
    client = client_for(admin)
    form = rendered_form(client.get("/investment/projects/new/").content.decode(), None)
    data = unchanged_submission(form)
    assert data["code"][0].startswith("ZS") and data["stage"] == ["lead"]
    refused = client.post("/investment/projects/new/", data | {"name": [""]})
    assert refused.status_code == 400 and errors(refused) == ["项目名称：请填写项目名称。"]
    refused = client.post("/investment/projects/new/", data | {"name": ["新能源电池材料创新平台"], "stage": ["registered"],
                                                              "signed": ["2026-04-20"]})
    assert errors(refused) == ["注册日期：注册、开工、投产阶段须填写注册日期"]
    assert 'value="新能源电池材料创新平台"' in refused.content.decode()  # what was typed is kept
    done = client.post("/investment/projects/new/", data | {
        "name": ["新能源电池材料创新平台"], "chains": ["auto"], "planned_investment": ["80000"], "platform": ["1"]})
    assert done.status_code == 302
    project = Project.objects.get(code=data["code"][0])
    assert project.platform and project.planned_investment == Decimal("800000000.00")
    assert list(project.chains.values_list("code", flat=True)) == ["auto"]


# --- leads ----------------------------------------------------------------------------------------
@pytest.fixture
def gap():
    """An outside supplier on the missing 芯片测试 node that a local designer buys from."""
    buyer = make_enterprise(name="天津芯片设计有限公司")
    outside = make_enterprise(name="上海芯测科技有限公司", uscc=make_uscc(division="310115"))
    make_position(buyer, "ic.mid.design")
    make_position(outside, NODE)
    SupplyRelation.objects.create(supplier=outside, customer=buyer, year=2025, product="芯片测试",
                                  amount=Decimal(3_000_000))
    return outside


def test_lead_adopt_keeps_the_lead_and_converts_it_in_one_step(gap):
    admin = make_admin()
    project = services.lead_adopt(actor=admin, kind="chain_gap", chain="ic", node=NODE, uscc=gap.uscc, name=gap.name,
                                  reason="区外企业，位于缺失环节", code="ZS-L1")
    lead = Lead.objects.get()
    assert (lead.kind, lead.status, lead.uscc, lead.node.code, lead.enterprise) == (
        "chain_gap", "converted", gap.uscc, NODE, gap)
    assert project.lead == lead and project.stage == "lead" and project.investor == gap.name and project.uscc == ""
    assert list(project.chains.values_list("code", flat=True)) == ["ic"] and project.node.code == NODE
    assert ProjectEvent.objects.get(project=project).note == "由线索转入：区外企业，位于缺失环节"
    with pytest.raises(services.ConflictError):  # once is enough (a second click, another tab)
        services.lead_adopt(actor=admin, kind="chain_gap", chain="ic", node=NODE, uscc=gap.uscc, name=gap.name,
                            code="ZS-L9")
    with pytest.raises(services.ApplicationError):  # the code is taken: nothing is kept
        services.lead_adopt(actor=admin, kind="jingjinji", chain="ic", node=NODE, uscc=gap.uscc, name=gap.name,
                            code="ZS-L1")
    assert Lead.objects.count() == 1 and Project.objects.count() == 1
    with pytest.raises(services.PermissionDeniedError):
        services.lead_adopt(actor=make_analyst(), kind="chain_gap", chain="ic", node=NODE, uscc=gap.uscc,
                            name=gap.name, code="ZS-L2")


def test_leads_page_lists_the_three_kinds_and_turns_one_into_a_project(gap):
    admin = make_admin()
    client = client_for(admin)
    page = client.get("/investment/leads/?chain=ic").content.decode()
    for section in ("leads-chain_gap", "leads-master_supplier", "leads-jingjinji", "kept"):
        assert f'id="{section}"' in page
    row = re.search(rf'<tr data-uscc="{gap.uscc}">(.*?)</tr>', page, re.S).group(1)
    assert "上海芯测科技有限公司" in row and "芯片测试" in row and "缺失" in row and "300.0" in row and "转为项目" in row
    form = rendered_form(page, "/investment/leads/adopt/")
    response = client.post("/investment/leads/adopt/", unchanged_submission(form))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/investment/projects/{project.code}/"
    assert project.lead.kind == "chain_gap" and project.node.code == NODE
    page = client.get("/investment/leads/?chain=ic").content.decode()
    row = re.search(rf'<tr data-uscc="{gap.uscc}">(.*?)</tr>', page, re.S).group(1)
    assert f"项目 {project.code}" in row and "转为项目" not in row  # once is enough
    assert "/investment/leads/adopt/" not in client_for(make_analyst()).get("/investment/leads/?chain=ic").content.decode()


def test_hand_entered_lead_is_recorded_and_converted(gap):
    admin = make_admin()
    client = client_for(admin)
    refused = client.post("/investment/leads/?chain=ic", {"name": " ", "source": "展会"})
    assert refused.status_code == 400 and errors(refused) == ["企业或投资方：请填写企业或投资方名称。"]
    client.post("/investment/leads/?chain=ic", {"name": "北京某科技集团", "source": "京津冀推介会", "node": NODE,
                                               "reason": "拟在津设立测试基地"})
    lead = Lead.objects.get()
    assert (lead.kind, lead.chain.code, lead.node.code, lead.owner) == ("manual", "ic", NODE, admin)
    page = client.get("/investment/leads/?chain=ic").content.decode()
    action = f"/investment/leads/{lead.pk}/convert/"
    form = rendered_form(page, action)
    client.post(action, unchanged_submission(form))
    project = Project.objects.get(lead=lead)
    assert project.code == unchanged_submission(form)["code"][0] and project.name == "北京某科技集团"
    assert Lead.objects.get().status == "converted"


def test_chain_page_links_to_its_leads():
    page = client_for(make_analyst()).get("/chains/ic/").content.decode()
    assert 'href="/investment/leads/?chain=ic"' in page


# --- dashboard, export, overdue -------------------------------------------------------------------
def test_dashboard_says_the_summary_sentence_for_the_window_and_exports_the_list():
    admin = make_admin()
    for i, (registered, chains) in enumerate([(D(2026, 4, 11), ["ic"]), (D(2026, 5, 3), ["bio", "ic"]),
                                              (D(2026, 6, 1), []), (D(2026, 3, 1), ["ic"])]):
        services.project_create(actor=admin, code=f"L{i}", name=f"落地项目{i}", stage="registered", chains=chains,
                                signed=D(2026, 3, 1), registered=registered, registered_capital="40000")
    client = client_for(admin)
    page = client.get("/investment/dashboard/?since=2026-04-11&until=2026-06-30").content.decode()
    sentence = html.unescape(re.search(r'<p[^>]*id="sentence">(.*?)</p>', page, re.S).group(1)).strip()
    assert sentence == "4月11日至6月30日落地项目3个，注册资金12.00亿元，其中六成以上与重点产业链相关。"
    assert 'data-chart="funnel"' in page and 'data-chart="columns"' in page and "签约→注册（落地率）" in page
    assert '"periods": ["2026-04", "2026-05", "2026-06"], "values": [1, 1, 1]' in page  # landed per month, in the window
    summary = selectors.summary(actor=admin, since=D(2026, 4, 11), until=D(2026, 6, 30))
    assert selectors.summary_sentence(summary) == sentence  # one wording for the page and the command line

    response = client.get("/investment/dashboard/export/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("项目编号", "项目名称", "投资方") and "注册资金（万元）" in rows[0]
    by_code = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_code["L1"]["注册资金（万元）"] == 40000 and by_code["L1"]["阶段"] == "注册"
    assert by_code["L1"]["所属产业链"] == "集成电路、生物医药" or by_code["L1"]["所属产业链"] == "生物医药、集成电路"


def test_overdue_list_and_the_administrators_stage_limits():
    admin, dept = make_admin(), make_department()
    services.project_create(actor=admin, code="OLD", name="久拖项目", stage="talks", department=dept.name,
                            on=D(2020, 1, 1))
    client = client_for(admin)
    page = client.get("/investment/overdue/").content.decode()
    assert "久拖项目" in page and dept.name in page
    form = rendered_form(page, "/investment/overdue/limits/")
    client.post("/investment/overdue/limits/", unchanged_submission(form))
    assert StageLimit.objects.count() == 0  # posted as shown: nothing written
    client.post("/investment/overdue/limits/", unchanged_submission(form) | {"talks": ["45"]})
    assert dict(StageLimit.objects.values_list("stage", "days")) == {"talks": 45}
    refused = client.post("/investment/overdue/limits/", unchanged_submission(form) | {"talks": ["0"]}, follow=True)
    assert errors(refused) == ["时限（天）：至少一天。"]
    officer = client_for(make_chain_officer())
    assert 'id="limits-form"' not in officer.get("/investment/overdue/").content.decode()
    officer.post("/investment/overdue/limits/", {"talks": "10"})
    assert dict(StageLimit.objects.values_list("stage", "days")) == {"talks": 45}


def test_whatif_on_a_signed_project_names_the_node_that_would_change():
    admin = make_admin()
    signed_project(admin)
    page = client_for(admin).get("/investment/projects/P1/").content.decode()
    panel = page[page.index('id="whatif"'):]
    assert "集成电路·芯片测试：缺失 → <b>" in panel


@pytest.mark.django_db
def test_the_board_shows_thirty_cards_per_stage_and_the_rest_on_request():
    from liandong.investment import services
    from tests.factories import make_admin
    from tests.pages import client_for

    admin = make_admin()
    for i in range(35):
        services.project_create(actor=admin, code=f"B{i:02d}", name=f"看板项目{i}", stage="talks", chains=["ic"])
    page = client_for(admin).get("/investment/").content.decode()
    assert page.count('class="pcard"') == 30 and "?stage=talks" in page
    page = client_for(admin).get("/investment/?stage=talks").content.decode()
    assert page.count('class="pcard"') == 35 and 'data-stage="lead"' not in page
