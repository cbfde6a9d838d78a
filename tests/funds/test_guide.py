"""The guide fund (引导基金) on a real database: sub-funds and investments, and "投早、投小、投创新"
measured on hand-made data (docs/domains/funds.md#guide-fund)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from liandong.accounts.models import Organization
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.enterprises.models import AnnualData
from liandong.funds import selectors, services
from liandong.funds.models import FundInvestment, Program, SubFund
from tests.factories import (
    make_admin,
    make_analyst,
    make_department,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
    make_qualification,
)

D = dt.date


@pytest.fixture
def guide(db):
    admin = make_admin()
    Program.objects.create(code="XQ-YD", name="政府引导基金", kind=Program.Kind.GUIDE)
    Organization.objects.create(name="天津创投管理有限公司", kind=Organization.Kind.FINANCIAL)
    fund = services.sub_fund_create(actor=admin, program="XQ-YD", name="天使子基金", committed="5000",
                                    paid_in="2000", manager="天津创投管理有限公司")
    young = make_enterprise(established=D(2022, 1, 1), employees=300)       # early
    small = make_enterprise(established=D(2010, 1, 1), employees=40)        # small
    innovative = make_enterprise(established=D(2008, 1, 1), employees=800)  # 专精特新 in force at the date
    lapsed = make_enterprise(established=D(2008, 1, 1), employees=800)      # innovative-sme, expired
    make_qualification(innovative, "specialized-sme", granted=D(2023, 1, 1), expires=D(2026, 1, 1))
    make_qualification(lapsed, "innovative-sme", granted=D(2020, 1, 1), expires=D(2023, 1, 1))
    on = D(2025, 6, 1)
    for ent, amount in ((young, "100"), (small, "300"), (innovative, "600"), (lapsed, "1000")):
        services.investment_create(actor=admin, sub_fund_id=fund.pk, uscc=ent.uscc, amount=amount, on=on,
                                   round="A轮", stage="growth")
    return {"admin": admin, "fund": fund, "young": young, "small": small, "lapsed": lapsed}


def test_shares_by_count_and_amount(guide):
    shares = selectors.guide_shares(actor=make_analyst())
    total = shares["total"]
    assert total["count"] == 4 and total["amount_wan"] == 2000
    assert (total["early"]["share_count"], total["early"]["share_amount"]) == (0.25, 0.05)
    assert (total["small"]["share_count"], total["small"]["share_amount"]) == (0.25, 0.15)
    assert (total["innovative"]["share_count"], total["innovative"]["share_amount"]) == (0.25, 0.3)
    assert total["any"]["share_amount"] == 0.5
    assert shares["sub_funds"]["天使子基金"]["count"] == 4
    assert shares["early_years"] == 5 and shares["small_employees"] == 100


def test_thresholds_come_from_settings_and_reported_headcounts(guide, settings):
    settings.LIANDONG_INVEST_EARLY_YEARS = 20
    assert selectors.guide_shares(actor=make_analyst())["total"]["early"]["count"] == 4
    AnnualData.objects.create(enterprise=guide["lapsed"], year=2024, employees=60)
    assert selectors.guide_shares(actor=make_analyst())["total"]["small"]["count"] == 2


def test_scoping_and_writes(guide, api_client_for, client):
    ent_user = make_enterprise_user(guide["young"])
    with pytest.raises(NotFoundError):
        selectors.guide_shares(actor=ent_user)
    assert api_client_for(ent_user).get("/api/v1/funds/guide/shares").status_code == 404
    assert api_client_for(ent_user).get("/api/v1/funds/guide/investments").json() == []
    client.force_login(ent_user)
    assert client.get("/funds/guide/").status_code == 404
    client.force_login(make_analyst())
    page = client.get("/funds/guide/").content.decode()
    assert "天使子基金" in page and "投创新" in page
    # department staff write the programs of their department only
    with pytest.raises(PermissionDeniedError):
        services.sub_fund_create(actor=make_department_user(), program="XQ-YD", name="乙", committed=10)
    dept = make_department()
    Program.objects.filter(code="XQ-YD").update(department=dept)
    fund = services.sub_fund_create(actor=make_department_user(dept), program="XQ-YD", name="乙", committed=10)
    assert fund.committed == Decimal("100000.00")
    with pytest.raises(ApplicationError, match="实缴规模不能超过认缴规模"):
        services.sub_fund_create(actor=guide["admin"], program="XQ-YD", name="丙", committed=10, paid_in=20)
    Program.objects.create(code="XQ-ZC", name="政策资金")
    with pytest.raises(ApplicationError):
        services.sub_fund_create(actor=guide["admin"], program="XQ-ZC", name="丁", committed=10)


def test_api_round_trip(guide, api_client_for):
    api = api_client_for(guide["admin"])
    r = api.post("/api/v1/funds/guide/sub-funds", {"program": "XQ-YD", "name": "成长子基金", "committed_wan": 8000},
                 content_type="application/json")
    assert r.status_code == 201 and r.json()["committed_wan"] == 8000
    fund = r.json()["id"]
    r = api.post(f"/api/v1/funds/guide/sub-funds/{fund}/investments",
                 {"uscc": guide["small"].uscc, "amount_wan": 123.45, "on": "2025-09-01", "round": "B轮",
                  "stage": "mature"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["amount_wan"] == 123.45
    assert FundInvestment.objects.get(pk=r.json()["id"]).amount == Decimal("1234500.00")
    bad = api.post(f"/api/v1/funds/guide/sub-funds/{fund}/investments",
                   {"uscc": guide["small"].uscc, "amount_wan": 1, "on": "2025-09-01", "stage": "天使"},
                   content_type="application/json")
    assert bad.status_code == 400
    assert len(api.get("/api/v1/funds/guide/sub-funds").json()) == 2
    assert len(api.get(f"/api/v1/funds/guide/investments?sub_fund={fund}").json()) == 1
    assert api.get("/api/v1/funds/guide/shares?program=XQ-YD").json()["total"]["count"] == 5
    assert SubFund.objects.count() == 2
