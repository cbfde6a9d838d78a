"""Investment projects end to end on a real database: the import, stage rules, landing in the registry,
the summary, leads from the chain gaps and role scoping over the API (issue #15)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from liandong.accounts.scoping import SYSTEM
from liandong.chains.analysis import chain_analysis
from liandong.chains.models import EnterprisePosition, SupplyRelation
from liandong.core.errors import ApplicationError, PermissionDeniedError
from liandong.enterprises.models import Enterprise
from liandong.investment import selectors, services
from liandong.investment.models import Project, ProjectEvent
from tests.enterprises.imports_helpers import errors_by_row, run_import, write_kind
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

pytestmark = pytest.mark.django_db
D = dt.date


def project_rows(**extra):
    base = {"code": "ZS-1", "name": "功率器件封测项目", "chains": "集成电路", "stage": "签约", "signed": "2026-04-20"}
    return [{**base, **extra}]


def test_import_upserts_by_code_and_records_the_stage_in_the_timeline(tmp_path):
    admin = make_admin()
    first = run_import(admin, "projects", write_kind(tmp_path / "a.xlsx", "projects", project_rows()))
    assert first.ok and first.created == 1, first.errors
    again = run_import(admin, "projects", write_kind(tmp_path / "b.xlsx", "projects", project_rows(
        stage="注册", registered="2026-05-08", registered_capital="1200")))
    assert again.ok and again.created == 0 and again.updated == 1, again.errors
    project = Project.objects.get(code="ZS-1")
    assert project.stage == "registered" and project.registered_capital == Decimal("12000000.00")
    assert [c.code for c in project.chains.all()] == ["ic"]
    assert list(ProjectEvent.objects.filter(project=project).values_list("from_stage", "to_stage")) == [
        ("", "signed"), ("signed", "registered")]


@pytest.mark.parametrize(("row", "column"), [
    ({"stage": "注册"}, "registered"),                                          # 注册 needs its date
    ({"stage": "开工", "registered": "2026-04-01"}, "registered"),               # not before signing
    ({"stage": "洽谈", "signed": "", "registered": "2026-04-01"}, "registered"),  # no registration before signing
    ({"stage": "落地"}, "stage"),
    ({"chains": "不存在的链"}, "chains"),
])
def test_import_refuses_a_bad_row_whole_and_names_the_field(tmp_path, row, column):
    result = run_import(make_admin(), "projects", write_kind(tmp_path / "bad.xlsx", "projects", project_rows(**row)))
    assert not result.ok and Project.objects.count() == 0
    assert [e["column"] for e in errors_by_row(result)[2]] == [column]


def test_stage_rules_in_the_service():
    admin = make_admin()
    services.project_create(actor=admin, code="P1", name="甲", stage="signed", signed=D(2026, 4, 20), chains=["ic"])
    with pytest.raises(ApplicationError) as err:
        services.project_advance(actor=admin, code="P1", stage="registered")
    assert err.value.extra["field"] == "registered"
    with pytest.raises(ApplicationError) as err:
        services.project_advance(actor=admin, code="P1", stage="registered", registered=D(2026, 4, 19))
    assert err.value.extra["field"] == "registered"
    with pytest.raises(ApplicationError) as err:
        services.project_advance(actor=admin, code="P1", stage="terminated")
    assert err.value.extra["field"] == "reason"
    with pytest.raises(ApplicationError):
        services.project_advance(actor=admin, code="P1", stage="talks")  # never back


def test_summary_counts_landed_in_the_window_and_terminated_leave_it():
    admin = make_admin()
    for i, (registered, chains) in enumerate([(D(2026, 4, 11), ["ic", "bio"]), (D(2026, 6, 1), []),
                                              (D(2026, 4, 10), ["ic"])]):
        services.project_create(actor=admin, code=f"L{i}", name=f"项目{i}", stage="registered", chains=chains,
                                signed=D(2026, 4, 1), registered=registered, registered_capital="1000")
    window = {"since": D(2026, 4, 11), "until": D(2026, 6, 1)}
    s = selectors.summary(actor=admin, **window)
    assert (s["landed"], s["registered_capital_wan"], s["key_chain_landed"], s["key_chain_share_pct"]) == (
        2, 2000.0, 1, 50.0)
    services.project_advance(actor=admin, code="L0", stage="terminated", reason="投资方撤资")
    s = selectors.summary(actor=admin, **window)
    assert (s["landed"], s["key_chain_landed"], s["by_stage"]["终止"]) == (1, 0, 1)


def test_cli_summary_and_leads_print_the_contract_json(capsys):
    admin = make_admin()
    services.project_create(actor=admin, code="C1", name="项目", stage="producing", chains=["ic"],
                            signed=D(2026, 4, 1), registered=D(2026, 5, 1), registered_capital="11030")
    call_command("projects", "summary", "--since", "2026-04-11", "--json")
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"since", "until", "landed", "registered_capital_wan", "key_chain_landed",
                        "key_chain_share_pct", "by_chain", "by_stage"}
    assert out["landed"] == 1 and out["registered_capital_wan"] == 11030.0 and out["key_chain_share_pct"] == 100.0
    call_command("projects", "summary", "--since", "2026-04-11")
    assert "4月11日以来落地项目1个，注册资金1.10亿元" in capsys.readouterr().out
    call_command("projects", "leads", "--chain", "ic", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["chain"] == {"code": "ic", "name": "集成电路"} and out["leads"] == []


def test_leads_from_the_registry_follow_the_contract():
    buyer, buyer2 = make_enterprise(name="本地甲"), make_enterprise(name="本地乙")
    outside = make_enterprise(name="上海供应商", uscc=make_uscc(division="310115"))
    local_supplier = make_enterprise(name="本地供应商")
    make_position(buyer, "ic.mid.design")
    make_position(outside, "ic.mid.pkg.test")
    make_position(local_supplier, "ic.mid.pkg.test")
    for customer, year, amount in [(buyer, 2025, 100), (buyer2, 2025, 50), (buyer, 2024, 999)]:
        SupplyRelation.objects.create(supplier=outside, customer=customer, year=year, product="封测",
                                      amount=Decimal(amount) * 10000)
    SupplyRelation.objects.create(supplier=local_supplier, customer=buyer, year=2025, product="封测",
                                  amount=Decimal(10**8))
    status = {n["code"]: n["status"] for n in chain_analysis(actor=SYSTEM, code="ic")["nodes"]}["ic.mid.pkg.test"]
    result = selectors.chain_leads(actor=make_admin(), chain="ic", as_of=D(2026, 1, 1))
    assert status in {"missing", "weak", "single_point"}, status  # one small local supplier on the node
    # the local supplier is no lead; the outside one is, with its 2025 purchases by two local buyers
    assert [(x["uscc"], x["local_customers"], x["amount_wan"]) for x in result["leads"]] == [(outside.uscc, 2, 150.0)]
    strong = {"ic.mid.pkg.test": "strong"}
    assert selectors.engine.chain_gap_leads("ic", strong, {}, *selectors._registry_frames(
        outside.positions.get().chain, as_of=D(2026, 1, 1)), as_of=D(2026, 1, 1)) == []


def test_landing_creates_the_enterprise_places_it_and_the_node_status_changes():
    admin = make_admin()
    node = "ic.mid.pkg.test"
    before = {n["code"]: n for n in chain_analysis(actor=SYSTEM, code="ic")["nodes"]}[node]
    assert before["status"] == "missing"
    code = make_uscc()
    services.project_create(actor=admin, code="LAND", name="天津封测有限公司", stage="signed", chains=["ic"], node=node,
                            signed=D(2026, 4, 1))
    services.project_advance(actor=admin, code="LAND", stage="registered", registered=D(2026, 5, 6), uscc=code)
    enterprise = Enterprise.objects.get(uscc=code)
    assert Project.objects.get(code="LAND").enterprise == enterprise
    assert EnterprisePosition.objects.filter(enterprise=enterprise, node__code=node).exists()
    after = {n["code"]: n for n in chain_analysis(actor=SYSTEM, code="ic")["nodes"]}[node]
    assert after["status"] != "missing" and after["enterprises"] == before["enterprises"] + 1


def test_roles_over_the_api(api_client_for):
    admin, analyst = make_admin(), make_analyst()
    officer_ic, officer_bio = make_chain_officer(chains=("ic",)), make_chain_officer(chains=("bio",))
    dept = make_department()
    staff, other_staff = make_department_user(organization=dept), make_department_user()
    ent_user = make_enterprise_user(make_enterprise())
    services.project_create(actor=admin, code="IC-1", name="集成电路项目", stage="talks", chains=["ic"],
                            department=dept.name)

    def get(user, path):
        return api_client_for(user).get(f"/api/v1/projects{path}")

    for user in (admin, analyst, officer_ic, staff):
        assert get(user, "/IC-1").status_code == 200, user.role
    for user in (officer_bio, other_staff, ent_user):
        assert get(user, "/IC-1").status_code == 404, user.role
    assert get(ent_user, "/summary").status_code == 404 and get(ent_user, "").status_code == 404
    stage = {"stage": "signed", "signed": "2026-04-20"}
    post = lambda user: api_client_for(user).post("/api/v1/projects/IC-1/stage", stage,  # noqa: E731
                                                  content_type="application/json")
    assert post(analyst).status_code == 403
    assert post(staff).status_code == 200  # the responsible department advances its project
    created = api_client_for(officer_bio).post("/api/v1/projects", {"code": "X", "name": "x", "chains": ["ic"]},
                                               content_type="application/json")
    assert created.status_code == 403


def test_overdue_projects_remind_their_department_once():
    from liandong.notifications.models import Notification

    admin, dept = make_admin(), make_department()
    staff = make_department_user(organization=dept)
    services.project_create(actor=admin, code="OLD", name="久拖项目", stage="talks", chains=["ic"],
                            department=dept.name, on=D(2026, 1, 2))
    services.stage_limit_set(actor=admin, stage="talks", days=30)
    assert services.remind_overdue(today=D(2026, 2, 1)) == 0  # 30 days: not yet over
    assert services.remind_overdue(today=D(2026, 2, 2)) == 1
    assert services.remind_overdue(today=D(2026, 2, 9)) == 0  # once per stage entry
    note = Notification.objects.get(recipient=staff)
    assert note.link == "/investment/projects/OLD/" and "久拖项目" in note.title
    rows = selectors.overdue_projects(actor=staff, today=D(2026, 2, 2))
    assert [(r["project"].code, r["over"]) for r in rows] == [("OLD", 1)]


def test_the_dashboard_is_cached_until_a_project_changes():
    admin = make_admin()
    services.project_create(actor=admin, code="D1", name="甲", stage="signed", chains=["ic"], signed=D(2026, 4, 2))
    first = selectors.dashboard(actor=admin, today=D(2026, 6, 1))
    assert first["funnel"]["registered"] == 0 and selectors.dashboard(actor=admin, today=D(2026, 6, 1)) == first
    services.project_advance(actor=admin, code="D1", stage="registered", registered=D(2026, 5, 1), on=D(2026, 5, 1))
    assert selectors.dashboard(actor=admin, today=D(2026, 6, 1))["funnel"]["registered"] == 1
    services.project_update(actor=admin, code="D1", registered_capital="500")
    assert selectors.dashboard(actor=admin, today=D(2026, 6, 1))["summary"]["registered_capital_wan"] == 500.0


def test_documents_are_checked_scoped_and_downloadable(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.pages import client_for

    admin, dept = make_admin(), make_department()
    services.project_create(actor=admin, code="DOC", name="文件项目", stage="talks", chains=["ic"], department=dept.name)
    pdf = SimpleUploadedFile("协议.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    fake = SimpleUploadedFile("假的.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ApplicationError) as err:
        services.documents_add(actor=admin, code="DOC", files=[pdf, fake])
    assert err.value.extra == {"field": "documents", "file": "假的.pdf"}
    assert Project.objects.get(code="DOC").documents.count() == 0  # the whole set refused
    pdf.seek(0)
    (doc,) = services.documents_add(actor=make_department_user(organization=dept), code="DOC", files=[pdf])
    url = f"/investment/projects/DOC/documents/{doc.pk}/"
    response = client_for(make_analyst()).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(make_enterprise_user(make_enterprise())).get(url).status_code == 404
    assert client_for(make_department_user()).get(url).status_code == 404  # another department's project
    with pytest.raises(PermissionDeniedError):  # analysts read only
        services.documents_add(actor=make_analyst(), code="DOC", files=[pdf])


def test_landing_names_the_new_local_enterprise_as_told():
    admin = make_admin()
    services.project_create(actor=admin, code="N1", name="上海芯测科技有限公司", stage="signed", chains=["ic"],
                            signed=D(2026, 4, 1))
    code = make_uscc()
    services.project_advance(actor=admin, code="N1", stage="registered", registered=D(2026, 5, 6), uscc=code,
                             enterprise_name="芯测科技（天津）有限公司")
    assert Enterprise.objects.get(uscc=code).name == "芯测科技（天津）有限公司"


def test_the_responsible_officer_is_a_district_user():
    admin, dept = make_admin(), make_department()
    staff = make_department_user(organization=dept)
    services.project_create(actor=admin, code="O1", name="甲", chains=["ic"])
    assert services.project_update(actor=admin, code="O1", officer=staff.username).officer == staff
    with pytest.raises(ApplicationError) as err:
        services.project_update(actor=admin, code="O1", officer=make_enterprise_user(make_enterprise()).username)
    assert err.value.extra == {"field": "officer"}
    assert services.project_update(actor=admin, code="O1", officer="").officer is None


def test_documents_over_the_api(api_client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = make_admin()
    services.project_create(actor=admin, code="API-DOC", name="乙", chains=["ic"])
    client = api_client_for(admin)
    created = client.post("/api/v1/projects/API-DOC/documents",
                          {"files": [SimpleUploadedFile("可研.pdf", b"%PDF-1.7 x", content_type="application/pdf")]})
    assert created.status_code == 201, created.content
    (doc,) = created.json()["documents"]
    assert client.get("/api/v1/projects/API-DOC").json()["documents"] == [doc]
    assert client.get(f"/api/v1/projects/API-DOC/documents/{doc['id']}").status_code == 200
    outsider = api_client_for(make_enterprise_user(make_enterprise()))
    assert outsider.post("/api/v1/projects/API-DOC/documents",
                         {"files": [SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf")]}
                         ).status_code == 404
