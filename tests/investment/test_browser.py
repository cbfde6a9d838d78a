"""A real browser (Debian's Chromium, driven by Playwright): the office opens the leads of a chain where
an outside supplier sits on a missing node, turns that lead into a project, advances it to 签约 and
then 注册 with the landed enterprise's code, and the chain page shows the node filled. Screenshots
of the board, the project, the leads and the dashboard (``LIANDONG_SCREENSHOTS=docs/images``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from liandong.chains.models import SupplyRelation
from liandong.investment import services
from liandong.investment.models import Project
from tests.browser import csp_violations, screenshot, sign_in
from tests.factories import make_admin, make_department, make_enterprise, make_position, make_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NODE, NODE_NAME = "ic.mid.pkg.test", "芯片测试"


def _pipeline(admin, start: dt.date) -> None:
    """A few projects in every stage since ``start``, so the board and the dashboard have something to show."""
    from liandong.enterprises.models import Park

    business, tech = make_department("区商务局"), make_department("区科技局")
    park = Park.objects.create(name="学府工业园区")
    rows = [
        ("ZS2026-101", "新能源电池材料创新平台", "talks", ["auto"], "中国某新材料集团", 80000, None, None),
        ("ZS2026-102", "高端医疗器械创新平台", "signed", ["bio"], "北京某医疗科技有限公司", 50000, None, None),
        ("ZS2026-103", "车规级功率模块项目", "registered", ["ic", "auto"], "某半导体股份有限公司", 30000, 7, 8000),
        ("ZS2026-104", "智能网联测试场运营项目", "started", ["iov"], "某智行科技有限公司", 12000, 28, 3000),
        ("ZS2026-105", "生物药中试基地", "producing", ["bio"], "某生物技术有限公司", 26000, 46, 6000),
        ("ZS2026-106", "数控系统研发中心", "registered", ["equip"], "某数控技术有限公司", 9000, 62, 2000),
        ("ZS2026-107", "跨境电商仓储项目", "registered", [], "某供应链管理有限公司", 5000, 70, 1000),
        ("ZS2026-108", "央企二级总部项目", "lead", [], "某央企二级子公司", 100000, None, None),
    ]
    for i, (code, name, stage, chains, investor, planned, registered, capital) in enumerate(rows):
        fields = {"signed": start + dt.timedelta(days=4)} if stage not in {"lead", "talks"} else {}
        if registered:
            fields.update(registered=start + dt.timedelta(days=registered), registered_capital=str(capital))
        services.project_create(actor=admin, code=code, name=name, stage=stage, chains=chains, investor=investor,
                                planned_investment=str(planned), department=(business, tech)[i % 2].name,
                                park=park.name if i % 3 else "", platform="平台" in name, on=start,
                                **fields)
    services.project_advance(actor=admin, code="ZS2026-108", stage="terminated", reason="投资方调整布局",
                             on=start + dt.timedelta(days=52))


def test_a_lead_lands_as_a_project_and_the_chain_page_changes(live_server, page, plain_static, tmp_path):
    cache.clear()
    buyer = make_enterprise(name="天津芯片设计有限公司")
    make_position(buyer, "ic.mid.design")
    outside = make_enterprise(name="上海芯测科技有限公司", uscc=make_uscc(division="310115"))
    make_position(outside, NODE)
    SupplyRelation.objects.create(supplier=outside, customer=buyer, year=2025, product="芯片测试",
                                  amount=Decimal(3_600_000))
    master = make_enterprise(name="天津中环晶圆制造有限公司", above_scale=True)  # a chain master buying from Beijing
    make_position(master, "ic.mid.fab", role="master")
    beijing = make_enterprise(name="北京科华光刻材料有限公司", uscc=make_uscc(division="110108"))
    make_position(beijing, "ic.up.mat.photoresist")
    SupplyRelation.objects.create(supplier=beijing, customer=master, year=2025, product="KrF光刻胶",
                                  amount=Decimal(8_500_000))
    admin = make_admin(username="zhaoshang")
    today = timezone.localdate()
    start = today - dt.timedelta(days=240)  # the campaign began eight months ago
    _pipeline(admin, start)
    landed_code = make_uscc()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    refused = csp_violations(page)

    sign_in(page, live_server, "zhaoshang", "/chains/ic/")
    count = page.locator(f".tree li:has(> a:text-is('{NODE_NAME}')) > .count")
    assert count.inner_text().strip() == "0"
    page.click("#chain-leads")
    page.wait_for_url("**/investment/leads/?chain=ic")
    row = page.locator(f"#leads-chain_gap tr[data-uscc='{outside.uscc}']")
    assert "上海芯测科技有限公司" in row.inner_text() and "缺失" in row.inner_text()
    for section in ("#leads-master_supplier", "#leads-jingjinji"):
        assert "北京科华光刻材料有限公司" in page.inner_text(section)
    screenshot(page, "investment-leads", tmp_path)

    row.locator("button", has_text="转为项目").click()
    page.wait_for_url("**/investment/projects/*/")
    code = page.url.rstrip("/").rsplit("/", 1)[1]
    assert page.inner_text("#stage") == "线索"
    page.select_option("#advance-stage", "signed")  # today, the step's date by default
    assert page.locator("#advance-form input[name=registered]").is_hidden()  # what 签约 does not ask for
    page.click("#advance-form button[type=submit]")
    expect(page.locator("#stage")).to_have_text("签约")  # not a string predicate: the CSP blocks eval
    assert "集成电路·芯片测试：缺失 →" in page.inner_text("#whatif")  # the what-if before landing

    page.select_option("#advance-stage", "registered")
    form = page.locator("#advance-form")
    form.locator("input[name=registered]").fill(today.isoformat())
    form.locator("input[name=uscc]").fill(landed_code)
    form.locator("input[name=registered_capital]").fill("1200")
    form.locator("button[type=submit]").click()
    expect(page.locator("#stage")).to_have_text("注册")
    assert "上海芯测科技有限公司" in page.inner_text("#landed")
    assert Project.objects.get(code=code).enterprise.uscc == landed_code
    screenshot(page, "investment-project", tmp_path)

    page.goto(f"{live_server.url}/chains/ic/")
    assert page.locator(f".tree li:has(> a:text-is('{NODE_NAME}')) > .count").inner_text().strip() == "1"

    page.goto(f"{live_server.url}/investment/")
    assert page.locator("[data-stage=registered] .count-badge").inner_text() == "4"
    screenshot(page, "investment-board", tmp_path)

    page.goto(f"{live_server.url}/investment/dashboard/?since={start}&until={today}")
    page.wait_for_selector("#funnel-chart canvas")
    page.wait_for_selector("#month-chart canvas")
    page.wait_for_timeout(800)  # the charts' entrance animation
    assert f"{start.month}月{start.day}日" in page.inner_text("#sentence")
    assert "落地项目6个，注册资金2.12亿元，其中八成以上与重点产业链相关" in page.inner_text("#sentence")
    screenshot(page, "investment-dashboard", tmp_path)
    assert errors == [] and refused == []
