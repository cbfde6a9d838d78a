"""The service record's pages and API (issue #17): the enterprise page's timeline section, the full
timeline (404 on another enterprise's), the visit form, the 家次 page with its Excel export, and the
API operations."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from liandong.alliance import records, services_records
from liandong.alliance.models import ServiceRecord
from liandong.appeals.models import AppealCategory
from tests.factories import (
    make_admin,
    make_analyst,
    make_department,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
)
from tests.pages import client_for, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def served():
    admin = make_admin()
    dept = make_department("区商务局")
    ent, other = make_enterprise(name="天津走访测试有限公司"), make_enterprise(name="天津另一家有限公司")
    visit = services_records.visit_record(actor=admin, enterprise=ent.uscc, on="2026-11-02", unit=dept.pk,
                                          title="走访了解订单情况", problems="融资难")
    services_records.visit_record(actor=admin, enterprise=other.uscc, on="2026-11-03", title="另一家的走访")
    return {"admin": admin, "dept": dept, "ent": ent, "other": other, "visit": visit}


def test_enterprise_page_shows_the_timeline_section(served):
    ent = served["ent"]
    text = visible_text(client_for(served["admin"]).get(f"/enterprises/{ent.uscc}/").content.decode())
    assert "走访了解订单情况" in text and "另一家的走访" not in text
    own = client_for(make_enterprise_user(ent)).get(f"/enterprises/{ent.uscc}/")
    assert "走访了解订单情况" in visible_text(own.content.decode())


def test_full_timeline_is_scoped(served):
    ent, other = served["ent"], served["other"]
    user = make_enterprise_user(ent)
    assert client_for(user).get(f"/alliance/enterprises/{ent.uscc}/services/").status_code == 200
    assert client_for(user).get(f"/alliance/enterprises/{other.uscc}/services/").status_code == 404
    other_record = ServiceRecord.objects.get(enterprise=other)
    assert client_for(user).get(f"/alliance/services/{other_record.pk}/").status_code == 404
    page = client_for(served["admin"]).get(f"/alliance/enterprises/{ent.uscc}/services/?kind=visit")
    assert "走访了解订单情况" in visible_text(page.content.decode())
    assert client_for(user).get("/alliance/services/").status_code == 404


def test_visit_form_and_turning_a_problem_into_an_appeal(served):
    staff = make_department_user(served["dept"])
    c = client_for(staff)
    assert c.get("/alliance/services/visits/new/").status_code == 200
    r = c.post("/alliance/services/visits/new/", {"enterprise": served["ent"].name, "on": "2026-11-20",
                                                   "kind": "consultation", "topics": "研发费用加计扣除", "problems": ""})
    assert r.status_code == 302
    record = ServiceRecord.objects.get(kind="consultation")
    assert record.unit == served["dept"] and record.title == "研发费用加计扣除"
    bad = c.post("/alliance/services/visits/new/", {"enterprise": "不存在的公司", "on": "2026-11-20", "kind": "visit"})
    assert bad.status_code == 400 and "企业" in visible_text(bad.content.decode())
    admin = client_for(served["admin"])
    code = AppealCategory.objects.order_by("order").first().code
    r = admin.post(f"/alliance/services/{served['visit'].pk}/appeal/", {"category": code})
    assert r.status_code == 302
    served["visit"].refresh_from_db()
    assert served["visit"].appeal is not None
    text = visible_text(admin.get(f"/alliance/enterprises/{served['ent'].uscc}/services/").content.decode())
    assert served["visit"].appeal.number in text


def test_counts_page_and_export(served):
    c = client_for(make_analyst())
    page = c.get("/alliance/services/?from=2026-01&to=2026-12")
    assert page.status_code == 200 and 'data-chart="columns"' in page.content.decode()
    assert "2" in visible_text(page.content.decode())
    assert c.get("/alliance/services/?from=2026-13").status_code == 400
    export = c.get("/alliance/services/export.xlsx?from=2026-01&to=2026-12")
    wb = load_workbook(io.BytesIO(export.content))
    assert len(wb.sheetnames) == 4
    months = [row for row in wb.worksheets[0].iter_rows(values_only=True) if row[0] == "2026-11"]
    assert months == [("2026-11", 2)]


def test_api(served, api_client_for):
    ent, other = served["ent"], served["other"]
    admin = api_client_for(served["admin"])
    r = admin.post("/api/v1/alliance/services/visits", {"enterprise": ent.uscc, "on": "2026-11-25",
                                                        "topics": "座谈", "problems": "招工难"},
                   content_type="application/json")
    assert r.status_code == 201, r.content
    record_id = r.json()["id"]
    code = AppealCategory.objects.order_by("order").first().code
    r = admin.post(f"/api/v1/alliance/services/{record_id}/appeal", {"category": code}, content_type="application/json")
    assert r.status_code == 201 and r.json()["appeal"].startswith("SQ")
    items = admin.get(f"/api/v1/alliance/services?enterprise={ent.uscc}").json()["items"]
    assert [i["kind"] for i in items] == ["appeal", "visit", "visit"]
    assert items[1]["appeal"] == r.json()["appeal"]
    mine = api_client_for(make_enterprise_user(ent))
    assert mine.get(f"/api/v1/alliance/services?enterprise={other.uscc}").status_code == 404
    assert {i["uscc"] for i in mine.get("/api/v1/alliance/services").json()["items"]} == {ent.uscc}
    assert mine.get("/api/v1/alliance/services/counts").status_code == 404
    counts = admin.get("/api/v1/alliance/services/counts?from=2026-11&to=2026-11").json()
    assert counts["total"] == records.counts("2026-11", "2026-11")["total"] == 3  # the appeal is dated today
