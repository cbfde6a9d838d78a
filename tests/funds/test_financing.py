"""Financing matchmaking on a real database (issue #16, docs/domains/funds.md#financing-matchmaking):
needs and products, suggestions that respect every criterion, scoping (an enterprise user sees its own
needs and matches, 404 otherwise), an introduction followed to a signed deal with its amount, audit rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from liandong.accounts.models import Organization
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.funds import selectors, services
from liandong.funds.models import FinancingMatch, FinancingNeed
from tests.factories import (
    make_admin,
    make_analyst,
    make_chain_officer,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
    make_position,
)


def bank(name="天津测试银行"):
    return Organization.objects.get_or_create(name=name, kind=Organization.Kind.FINANCIAL)[0]


@pytest.fixture
def market(db):
    admin = make_admin()
    bank()
    ent, other = make_enterprise(name="天津芯片设计有限公司"), make_enterprise(name="天津其他有限公司")
    make_position(ent, "ic.mid.design")
    products = {
        "loan": services.financing_product_create(actor=admin, institution="天津测试银行", name="科技贷", kind="debt",
                                                  min_amount=100, max_amount=1000, chains=["ic"]),
        "big": services.financing_product_create(actor=admin, institution="天津测试银行", name="大额贷", kind="debt",
                                                 min_amount=2000, max_amount=60000),
        "secured": services.financing_product_create(actor=admin, institution="天津测试银行", name="抵押贷",
                                                     kind="debt", collateral_required=True),
        "equity": services.financing_product_create(actor=admin, institution="天津测试银行", name="投贷联动",
                                                    kind="equity"),
        "bio": services.financing_product_create(actor=admin, institution="天津测试银行", name="医药贷", kind="debt",
                                                 chains=["bio"]),
        "mature": services.financing_product_create(actor=admin, institution="天津测试银行", name="成熟期贷",
                                                    kind="debt", stages=["mature"]),
    }
    user = make_enterprise_user(ent)
    need = services.financing_need_create(actor=user, amount="500", purpose="流片", kind="debt", stage="growth")
    other_need = services.financing_need_create(actor=make_enterprise_user(other), amount="300", purpose="扩产")
    return {"admin": admin, "ent": ent, "other": other, "user": user, "need": need, "other_need": other_need,
            **products}


def test_suggestions_respect_every_criterion(market):
    found = selectors.financing_products_for(actor=market["admin"], need=market["need"])
    assert [r.id for r in found] == [market["loan"].pk]  # big: outside the range; the others: refused
    assert "面向集成电路产业链" in found[0].reasons and found[0].reasons[0].startswith("金额500万元")
    needs = selectors.financing_needs_for(actor=market["admin"], product=market["big"])
    assert needs == []  # 500 and 300 are below its 2000万 minimum: never suggested


def test_an_amount_outside_the_range_is_refused_even_by_hand(market):
    with pytest.raises(ApplicationError, match="不在产品额度"):
        services.financing_introduce(actor=market["admin"], need=market["need"], product=market["big"])
    assert not FinancingMatch.objects.exists()


def test_introduced_contacted_negotiating_signed_with_the_amount_and_audited(market, api_client_for):
    from auditlog.models import LogEntry

    officer = make_chain_officer()
    api = api_client_for(officer)
    r = api.post(f"/api/v1/financing/needs/{market['need'].pk}/introduce", {"product": market["loan"].pk},
                 content_type="application/json")
    assert r.status_code == 201, r.content
    match = r.json()
    assert match["status"] == "introduced" and match["reasons"]
    again = api.post(f"/api/v1/financing/needs/{market['need'].pk}/introduce", {"product": market["loan"].pk},
                     content_type="application/json")
    assert again.status_code == 409
    ent_api = api_client_for(market["user"])
    for status in ("contacted", "negotiating"):
        r = ent_api.post(f"/api/v1/financing/matches/{match['id']}/advance", {"status": status},
                         content_type="application/json")
        assert r.status_code == 200 and r.json()["status"] == status
    bad = api.post(f"/api/v1/financing/matches/{match['id']}/advance", {"status": "signed", "amount_wan": 0},
                   content_type="application/json")
    assert bad.status_code == 400
    r = api.post(f"/api/v1/financing/matches/{match['id']}/advance", {"status": "signed", "amount_wan": 480.5},
                 content_type="application/json")
    assert r.status_code == 200 and r.json()["amount_wan"] == 480.5
    signed = FinancingMatch.objects.get(pk=match["id"])
    assert signed.amount == Decimal("4805000.00") and signed.signed_at is not None
    assert api.post(f"/api/v1/financing/matches/{match['id']}/advance", {"status": "closed"},
                    content_type="application/json").status_code == 409
    assert api.get("/api/v1/financing/funnel").json() == {
        "by_status": {"introduced": 0, "contacted": 0, "negotiating": 0, "signed": 1, "closed": 0},
        "signed_wan": 480.5}
    entries = LogEntry.objects.get_for_object(signed)
    assert entries.count() >= 4 and entries.filter(actor=officer).exists()
    # a past signed deal now counts for the product
    later = services.financing_need_create(actor=market["user"], amount="600", purpose="二期")
    assert "已促成1笔签约" in selectors.financing_products_for(actor=market["admin"], need=later)[0].reasons


def test_enterprise_users_see_their_own_needs_and_matches_only(market, api_client_for):
    admin, user = market["admin"], market["user"]
    match = services.financing_introduce(actor=admin, need=market["need"], product=market["loan"])
    api = api_client_for(user)
    assert [n["id"] for n in api.get("/api/v1/financing/needs").json()] == [market["need"].pk]
    assert [m["id"] for m in api.get("/api/v1/financing/matches").json()] == [match.pk]
    other = market["other_need"].pk
    assert api.get(f"/api/v1/financing/needs/{other}/suggestions").status_code == 404
    assert api.post(f"/api/v1/financing/needs/{other}/close").status_code == 404
    assert api.get(f"/api/v1/financing/needs/{market['need'].pk}/suggestions").status_code == 200
    assert api.get(f"/api/v1/financing/products/{market['loan'].pk}/suggestions").status_code == 404
    assert api.post(f"/api/v1/financing/needs/{market['need'].pk}/introduce", {"product": market["loan"].pk},
                    content_type="application/json").status_code in {403, 409}
    outsider = api_client_for(make_enterprise_user(market["other"]))
    assert outsider.post(f"/api/v1/financing/matches/{match.pk}/advance", {"status": "contacted"},
                         content_type="application/json").status_code == 404
    assert outsider.get("/api/v1/financing/matches").json() == []
    # the enterprise posts for itself, whatever enterprise it names
    r = api.post("/api/v1/financing/needs", {"amount_wan": 50, "purpose": "周转", "enterprise": market["other"].uscc},
                 content_type="application/json")
    assert r.status_code == 201 and r.json()["enterprise"]["uscc"] == market["ent"].uscc
    # products: open ones are the market; writing them is for admins and department staff
    assert len(api.get("/api/v1/financing/products").json()) == 6
    assert api.post("/api/v1/financing/products", {"institution": "天津测试银行", "name": "新品"},
                    content_type="application/json").status_code == 403


def test_products_are_posted_by_admins_and_department_staff_for_a_financial_institution(db):
    bank()
    dept = make_department_user()
    product = services.financing_product_create(actor=dept, institution="天津测试银行", name="专精特新贷",
                                                min_amount="50", max_amount="3000", stages=["growth", "startup"])
    assert product.stages == ["growth", "startup"] and product.min_amount == Decimal("500000.00")
    with pytest.raises(PermissionDeniedError):
        services.financing_product_create(actor=make_analyst(), institution="天津测试银行", name="x")
    with pytest.raises(PermissionDeniedError):
        services.financing_product_create(actor=make_chain_officer(), institution="天津测试银行", name="x")
    with pytest.raises(ApplicationError, match="最低额度高于最高额度"):
        services.financing_product_create(actor=dept, institution="天津测试银行", name="y", min_amount=10, max_amount=5)
    Organization.objects.create(name="某部门", kind=Organization.Kind.DEPARTMENT)
    with pytest.raises(ApplicationError):
        services.financing_product_create(actor=dept, institution="某部门", name="z")


def test_only_enterprises_and_the_office_post_needs_and_a_closed_need_gets_no_introduction(market):
    with pytest.raises(PermissionDeniedError):
        services.financing_need_create(actor=make_analyst(), amount=10, purpose="x", enterprise=market["ent"].uscc)
    need = services.financing_need_create(actor=market["admin"], amount=10, purpose="代发", enterprise=market["ent"].uscc)
    assert need.enterprise == market["ent"] and need.status == FinancingNeed.Status.OPEN
    services.financing_need_close(actor=market["user"], need=need)
    with pytest.raises(ApplicationError):
        services.financing_introduce(actor=market["admin"], need=need, product=market["secured"])
    with pytest.raises(NotFoundError):
        services.financing_need_close(actor=make_enterprise_user(market["other"]), need=market["need"])


def test_market_page(market, client):
    client.force_login(market["user"])
    page = client.get("/funds/financing/")
    assert page.status_code == 200 and "流片" in page.content.decode() and "扩产" not in page.content.decode()
    assert client.get(f"/funds/financing/?need={market['other_need'].pk}").status_code == 404
    r = client.post("/funds/financing/post/", {"action": "need", "amount_wan": "80", "purpose": "研发投入",
                                               "kind": "debt", "stage": "startup"})
    assert r.status_code == 302 and FinancingNeed.objects.filter(purpose="研发投入", enterprise=market["ent"]).exists()
    client.force_login(market["admin"])
    page = client.get(f"/funds/financing/?need={market['need'].pk}")
    assert page.status_code == 200 and "科技贷" in page.content.decode() and "面向集成电路产业链" in page.content.decode()
    r = client.post("/funds/financing/post/", {"action": "introduce", "need": market["need"].pk,
                                               "product": market["loan"].pk})
    assert r.status_code == 302 and FinancingMatch.objects.filter(need=market["need"]).exists()
    m = FinancingMatch.objects.get(need=market["need"])
    client.post("/funds/financing/post/", {"action": "advance", "match": m.pk, "status": "signed", "amount_wan": "500"})
    m.refresh_from_db()
    assert m.status == "signed" and m.amount == Decimal("5000000.00")
