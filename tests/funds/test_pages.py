"""The funds pages (issue #16): the ledger with its chart, duplicates and chain sentence; the awards list
with filters and status moves; an award's timeline; an enterprise's awards; a new award; the 公示 export
(amounts exact from import to page to file); the 免申即享 batch; the demo's figures."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from liandong.core.errors import ApplicationError, PermissionDeniedError
from liandong.funds import selectors, services
from liandong.funds.models import Award, AwardEvent, Program, ProgramYear
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import (
    make_admin,
    make_analyst,
    make_department,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
    make_position,
)
from tests.policies.conftest import annual

pytestmark = pytest.mark.django_db
POLICY = "xq-rd-subsidy-2025"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def errors(response) -> list[str]:
    page = response.content.decode()
    found = re.findall(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)
    found += re.findall(r'<li class="error[^"]*">(.*?)</li>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", f)).strip() for f in found]


def program(code="XQ-JG", budget_wan=100, year=2026, department=None, kind=Program.Kind.SPECIAL, name=None):
    p = Program.objects.create(code=code, name=name or f"{code}资金", kind=kind, department=department)
    ProgramYear.objects.create(program=p, year=year, budget=Decimal(str(budget_wan)) * 10000)
    return p


# --- the ledger -----------------------------------------------------------------------------------
def test_ledger_shows_each_program_year_the_chart_duplicates_and_the_chain_sentence():
    admin = make_admin()
    program("XQ-JG", 1000, name="技术改造专项资金")
    program("XQ-ZN", 1000, name="智能制造专项资金")
    ProgramYear.objects.create(program=Program.objects.get(code="XQ-JG"), year=2025, budget=Decimal(500) * 10000)
    equip, other = make_enterprise(name="天津装备甲有限公司"), make_enterprise()
    make_position(equip, "equip.mid.smart")
    services.award_create(actor=admin, program="XQ-JG", year=2026, uscc=equip.uscc, project="产线改造", amount="412.3",
                          status="disbursed")
    services.award_create(actor=admin, program="XQ-ZN", year=2026, uscc=equip.uscc, project="产线改造", amount="411.3",
                          status="disbursed")
    services.award_create(actor=admin, program="XQ-ZN", year=2026, uscc=other.uscc, project="数字车间", amount="50",
                          status="approved")
    page = client_for(admin).get("/funds/").content.decode()
    assert 'data-chart="groups"' in page and 'id="year-data"' in page and "<script>" not in page.replace(
        '<script id="year-data" type="application/json">', "")
    chart = json.loads(re.search(r'<script id="year-data" type="application/json">(.*?)</script>', page, re.S)[1])
    assert chart["periods"] == ["2025", "2026"]
    assert [s["values"] for s in chart["series"]] == [[500.0, 2000.0], [0.0, 873.6], [0.0, 823.6]]
    assert re.search(r'data-program="XQ-JG" data-year="2026">.*?1000.00.*?412.30.*?412.30.*?587.70', page, re.S)
    duplicates = page[page.index('id="duplicates"'):]
    assert "天津装备甲有限公司" in duplicates and "技术改造专项资金" in duplicates and "智能制造专项资金" in duplicates
    assert "820余万元" in page and "高端装备" in page
    filtered = client_for(admin).get("/funds/?year=2025").content.decode()
    assert 'data-year="2026"' not in filtered and 'data-year="2025"' in filtered


def test_enterprise_users_see_their_own_awards_only():
    admin = make_admin()
    program()
    mine, theirs = make_enterprise(name="本企业有限公司"), make_enterprise(name="别家企业有限公司")
    a = services.award_create(actor=admin, program="XQ-JG", year=2026, uscc=mine.uscc, project="甲", amount="5")
    b = services.award_create(actor=admin, program="XQ-JG", year=2026, uscc=theirs.uscc, project="乙", amount="5")
    client = client_for(make_enterprise_user(mine))
    assert client.get("/funds/").status_code == 302  # the ledger is the district's: to the awards list
    listed = client.get("/funds/awards/").content.decode()
    assert "本企业有限公司" in listed and "别家企业有限公司" not in listed and "move-form" not in listed
    assert client.get(f"/funds/awards/{a.pk}/").status_code == 200
    assert client.get(f"/funds/awards/{b.pk}/").status_code == 404
    assert client.get(f"/funds/enterprises/{mine.uscc}/").status_code == 200
    assert client.get(f"/funds/enterprises/{theirs.uscc}/").status_code == 404
    assert client.get("/funds/publicity.xlsx?program=XQ-JG&year=2026").status_code == 403
    assert client.post(f"/funds/awards/{b.pk}/move/", {"status": "approved"}).status_code == 404
    assert client.get("/funds/awards/new/").status_code == 403
    staff = client_for(make_analyst())
    page = staff.get(f"/funds/enterprises/{theirs.uscc}/").content.decode()
    assert "别家企业有限公司" in page and "本企业有限公司" not in page


def test_awards_list_filters_and_moves_for_writers_only():
    dept = make_department()
    program("XQ-JG", 100, department=dept)
    program("XQ-ZC", 100, kind=Program.Kind.POLICY)
    staff = make_department_user(organization=dept)
    admin = make_admin()
    ent = make_enterprise()
    jg = services.award_create(actor=staff, program="XQ-JG", year=2026, uscc=ent.uscc, project="技改", amount="60")
    zc = services.award_create(actor=admin, program="XQ-ZC", year=2026, uscc=ent.uscc, project="政策", amount="60",
                               status="approved")
    client = client_for(staff)
    page = client.get("/funds/awards/").content.decode()
    assert page.count('class="move-form"') == 1 and f'data-award="{zc.pk}"' in page  # reads all, moves its own
    assert f'data-award="{jg.pk}"' not in client.get("/funds/awards/?program=XQ-ZC").content.decode()
    assert f'data-award="{zc.pk}"' not in client.get("/funds/awards/?status=applied").content.decode()
    response = client.post(f"/funds/awards/{jg.pk}/move/", {"status": "approved", "version": "1",
                                                             "next": "/funds/awards/?program=XQ-JG"})
    assert response.status_code == 302 and response["Location"] == "/funds/awards/?program=XQ-JG"
    assert Award.objects.get(pk=jg.pk).status == "approved"
    assert client.post(f"/funds/awards/{zc.pk}/move/", {"status": "published"}).status_code == 403
    timeline = client.get(f"/funds/awards/{jg.pk}/").content.decode()
    assert timeline.count("<li><b>") == 2 and "审核通过" in timeline


def test_an_approval_over_the_budget_names_the_amount_and_keeps_the_form():
    admin = make_admin()
    program(budget_wan=100)
    ent = make_enterprise()
    services.award_create(actor=admin, program="XQ-JG", year=2026, uscc=ent.uscc, project="一", amount="80",
                          status="approved")
    second = services.award_create(actor=admin, program="XQ-JG", year=2026, uscc=ent.uscc, project="二", amount="30")
    response = client_for(admin).post(f"/funds/awards/{second.pk}/move/", {"status": "approved", "note": "复核"})
    assert response.status_code == 400
    [error] = errors(response)
    assert error.startswith("金额（万元）：") and "20.00" in error
    assert 'value="复核"' in response.content.decode()
    assert Award.objects.get(pk=second.pk).status == "applied"


def test_new_award_form_names_the_field_and_round_trips_the_amount():
    admin = make_admin()
    program(budget_wan=1000)
    ent = make_enterprise()
    client = client_for(admin)
    assert client.get("/funds/awards/new/").status_code == 200
    bad = client.post("/funds/awards/new/", {"program": "XQ-JG", "year": "2026", "uscc": ent.uscc, "project": "",
                                             "amount": "12.3456", "status": "applied"})
    assert bad.status_code == 400 and errors(bad) == ["项目名称：请填写项目名称。"]
    assert 'value="12.3456"' in bad.content.decode()
    ok = client.post("/funds/awards/new/", {"program": "XQ-JG", "year": "2026", "uscc": ent.uscc, "project": "产线",
                                            "amount": "12.3456", "status": "applied", "on": "2026-05-06"})
    award = Award.objects.get(project="产线")
    assert ok.status_code == 302 and award.amount == Decimal("123456.00") and award.date == dt.date(2026, 5, 6)
    assert 'id="amount">12.3456<' in client.get(f"/funds/awards/{award.pk}/").content.decode()


# --- the 公示 export --------------------------------------------------------------------------------
def test_publicity_export_amounts_round_trip_from_import_to_page_to_file(tmp_path):
    admin = make_admin()
    program("XQ-JG", 10000, name="技术改造专项资金")
    ents = [make_enterprise(name=f"天津公示{i}有限公司") for i in range(3)]
    amounts = ["123.4567", "0.01", "2999.99"]
    rows = [{"program": "XQ-JG", "year": 2026, "uscc": e.uscc, "project": f"项目{i}", "amount": a, "status": "公示"}
            for i, (e, a) in enumerate(zip(ents, amounts, strict=True))]
    rows.append({"program": "XQ-JG", "year": 2026, "uscc": ents[0].uscc, "project": "仍在申报", "amount": "9",
                 "status": "申报"})
    assert run_import(admin, "awards", write_kind(tmp_path / "a.xlsx", "awards", rows)).ok
    client = client_for(make_analyst())
    listed = client.get("/funds/awards/?program=XQ-JG").content.decode()
    for award in Award.objects.exclude(project="仍在申报"):
        assert f'id="amount">{Decimal(amounts[int(award.project[-1])]).normalize():f}<' in \
            client.get(f"/funds/awards/{award.pk}/").content.decode()
    assert "123.46" in listed
    response = client.get("/funds/publicity.xlsx?program=XQ-JG&year=2026")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content))["公示名单"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "技术改造专项资金2026年度支持项目公示名单"
    assert values[1] == ("序号", "企业名称", "统一社会信用代码", "项目名称", "资金名称", "金额（万元）")
    body = values[2:-1]
    assert [r[0] for r in body] == [1, 2, 3] and {r[4] for r in body} == {"技术改造专项资金"}
    got = {r[2]: Decimal(str(r[5])) for r in body}
    assert got == {e.uscc: Decimal(a) for e, a in zip(ents, amounts, strict=True)}
    assert Decimal(str(values[-1][5])) == sum(Decimal(a) for a in amounts)
    again = [{**r, "amount": str(got[r["uscc"]])} for r in rows[:3]]
    reimport = run_import(admin, "awards", write_kind(tmp_path / "b.xlsx", "awards", again))
    assert reimport.ok and reimport.unchanged == 3  # the exported amounts are the amounts on record
    assert client.get("/funds/publicity.xlsx?program=NOPE&year=2026").status_code == 404


# --- 免申即享 --------------------------------------------------------------------------------------
def _rd_leaders(n: int):
    out = []
    for i in range(n):
        ent = make_enterprise(name=f"天津研发领先{i}科技有限公司", above_scale=True, established=dt.date(2015, 3, 1))
        make_position(ent, "ic.up.mat.wafer")
        for year, revenue, rd in ((2023, 8000, 400), (2024, 9000, 450), (2025, 10000, 600)):
            annual(ent, year, revenue=revenue, rd=rd)
        out.append(ent)
    return out


def test_no_application_batch_creates_applied_awards_or_refuses_whole():
    admin = make_admin()
    program("XQ-ZC", 120, kind=Program.Kind.POLICY)
    leaders = _rd_leaders(3)
    with pytest.raises(ApplicationError) as err:  # 3 × 50万 (the estimate) > 120万: nothing is created
        services.awards_from_no_application(actor=admin, program="XQ-ZC", year=2026, policy_code=POLICY)
    assert err.value.extra["field"] == "amount" and "120.00" in err.value.message and Award.objects.count() == 0
    result = services.awards_from_no_application(actor=admin, program="XQ-ZC", year=2026, policy_code=POLICY,
                                                 amount_each_wan="40")
    assert result["created"] == 3 and result["total_wan"] == 120.0  # exactly the budget: it fits
    awards = Award.objects.filter(policy=POLICY)
    assert {a.enterprise_id for a in awards} == {e.pk for e in leaders}
    assert {a.status for a in awards} == {"applied"} and AwardEvent.objects.filter(award__in=awards).count() == 3
    again = services.awards_from_no_application(actor=admin, program="XQ-ZC", year=2026, policy_code=POLICY)
    assert again["created"] == 0 and again["skipped"] == 3
    services.award_move(actor=admin, award_id=awards[0].pk, status="approved")  # within the budget
    with pytest.raises(PermissionDeniedError):
        services.awards_from_no_application(actor=make_analyst(), program="XQ-ZC", year=2026, policy_code=POLICY)


def test_no_application_batch_with_amounts_and_from_the_ledger_button():
    admin = make_admin()
    program("XQ-ZC", 1000, kind=Program.Kind.POLICY)
    a, b = _rd_leaders(2)
    result = services.awards_from_no_application(actor=admin, program="XQ-ZC", year=2026, policy_code=POLICY,
                                                 amounts={a.uscc: "12.5"})
    assert result["created"] == 1 and Award.objects.get().amount == Decimal("125000.00")
    client = client_for(admin)
    assert 'id="batch-form"' in client.get("/funds/").content.decode()
    response = client.post("/funds/batch/", {"policy": POLICY, "program": "XQ-ZC", "year": "2026", "amount": ""})
    assert response.status_code == 302
    assert Award.objects.get(enterprise=b).amount == Decimal("500000.00")  # the estimate: 10 % of R&D, capped at 50万
    refused = client.post("/funds/batch/", {"policy": POLICY, "program": "XQ-ZC", "year": "", "amount": "1"},
                          follow=True)
    assert errors(refused) == ["年度：请填写年度。"]
    assert 'id="batch-form"' not in client_for(make_analyst()).get("/funds/").content.decode()


# --- the demo ---------------------------------------------------------------------------------------
def test_the_demo_funds_give_the_reports_sentence_and_duplicates(settings):
    from liandong.demo.generator import DEMO_TODAY, build_demo, reset_demo

    build_demo(scale=120, seed=20240601, today=DEMO_TODAY)
    admin = make_admin()
    data = selectors.summary(actor=admin)
    policy = [p for p in data["programs"] if p["code"] == "XQ-ZC"]
    assert len(policy) == 5 and sum(p["budget_wan"] for p in policy) == 100_000.0  # 10亿 over five years
    chain = selectors.chain_disbursed(year=DEMO_TODAY.year)
    assert chain["disbursed_wan"] == 823.6 and "820余万元" in chain["sentence"]
    assert len(selectors.duplicate_rows(year=DEMO_TODAY.year)) >= 3
    assert all(p["committed_wan"] <= p["budget_wan"] for p in data["programs"])
    reset_demo(today=DEMO_TODAY)
    assert Award.objects.count() == 0 and Program.objects.count() == 0


def test_no_application_batch_over_the_api(api_client_for):
    admin = make_admin()
    program("XQ-ZC", 1000, kind=Program.Kind.POLICY)
    _rd_leaders(2)
    body = {"program": "XQ-ZC", "year": 2026, "policy": POLICY, "amount_each_wan": 30}
    response = api_client_for(admin).post("/api/v1/funds/awards/no-application", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["created"] == 2
    refused = api_client_for(make_analyst()).post("/api/v1/funds/awards/no-application", body,
                                                  content_type="application/json")
    assert refused.status_code == 403 and Award.objects.count() == 2


def test_duplicate_applications_are_flagged_on_both_awards():
    admin = make_admin()
    program("XQ-JG", 1000)
    program("XQ-ZN", 1000)
    ent = make_enterprise()
    for code in ("XQ-JG", "XQ-ZN"):
        services.award_create(actor=admin, program=code, year=2026, uscc=ent.uscc, project="重复项目", amount="10")
    services.award_create(actor=admin, program="XQ-JG", year=2026, uscc=ent.uscc, project="单独项目", amount="10")
    page = client_for(admin).get("/funds/awards/?year=2026").content.decode()
    assert page.count("重复申报") == 2
