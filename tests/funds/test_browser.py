"""A real browser (Debian's Chromium, driven by Playwright): the office opens the fund ledger with its
chart by year and the 重复申报 list, filters the awards, moves one on from the list and opens its
timeline. Screenshots of the ledger and the awards (``LIANDONG_SCREENSHOTS=docs/images``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from liandong.funds import services
from liandong.funds.models import Award, Program, ProgramYear
from tests.browser import csp_violations, screenshot, sign_in
from tests.factories import make_admin, make_department, make_enterprise, make_position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WAN = Decimal(10000)


def _funds(admin) -> None:
    dept = make_department("区工业和信息化局")
    policy = Program.objects.create(code="XQ-ZC", name="西青区产业发展政策资金", kind=Program.Kind.POLICY)
    for year in range(2024, 2029):
        ProgramYear.objects.create(program=policy, year=year, budget=Decimal(20_000) * WAN)
    for code, name, budget in (("XQ-JG", "技术改造专项资金", 1500), ("XQ-ZN", "智能制造专项资金", 1200)):
        special = Program.objects.create(code=code, name=name, kind=Program.Kind.SPECIAL, department=dept)
        for year in (2025, 2026):
            ProgramYear.objects.create(program=special, year=year, budget=Decimal(budget) * WAN)
    names = ("天津精工数控机床有限公司", "天津智造机器人科技有限公司", "天津华宇传感器有限公司", "天津海川液压装备有限公司",
             "天津瑞博减速器有限公司", "天津中科激光装备有限公司")
    ents = [make_enterprise(name=n) for n in names]
    for e in ents[:4]:
        make_position(e, "equip.mid.smart")
    plan = [("XQ-ZC", 2024, 0, "研发投入后补助", "180", "disbursed"), ("XQ-ZC", 2024, 1, "专精特新企业奖励", "50", "disbursed"),
            ("XQ-ZC", 2025, 2, "新认定国家高新技术企业奖励", "30", "disbursed"),
            ("XQ-ZC", 2025, 3, "研发投入后补助", "220.5", "disbursed"),
            ("XQ-ZC", 2026, 4, "规上工业企业首次入统奖励", "20", "published"),
            ("XQ-ZC", 2026, 5, "生产线技术改造项目", "60", "approved"),
            ("XQ-JG", 2026, 5, "生产线技术改造项目", "80", "applied"),
            ("XQ-JG", 2026, 0, "设备更新改造项目", "412.3", "disbursed"),
            ("XQ-ZN", 2026, 1, "数字化车间建设项目", "411.3", "disbursed"),
            ("XQ-ZN", 2026, 2, "智能工厂建设项目", "95", "applied"),
            ("XQ-JG", 2025, 3, "绿色化改造项目", "150", "disbursed")]
    for code, year, i, project, amount, status in plan:
        services.award_create(actor=admin, program=code, year=year, uscc=ents[i].uscc, project=project, amount=amount,
                              status=status)


def test_ledger_and_awards_pages(live_server, page, plain_static, tmp_path):
    admin = make_admin(username="zijin")
    _funds(admin)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    refused = csp_violations(page)
    page.set_viewport_size({"width": 1280, "height": 1500})

    sign_in(page, live_server, "zijin", "/funds/")
    page.wait_for_selector("#year-chart canvas")
    page.wait_for_timeout(800)  # the chart's entrance animation
    assert "820余万元" in page.inner_text("#sentence")
    assert "天津中科激光装备有限公司" in page.inner_text("#duplicates")
    screenshot(page, "funds-ledger", tmp_path, down_to="#duplicates")

    page.goto(f"{live_server.url}/funds/awards/?year=2026")
    row = page.locator("tr", has_text="智能工厂建设项目")
    row.locator("select[name=status]").select_option("approved")
    row.locator("button[type=submit]").click()
    page.wait_for_url("**/funds/awards/?year=2026")
    assert Award.objects.get(project="智能工厂建设项目").status == "approved"
    assert "审核通过" in page.locator("tr", has_text="智能工厂建设项目").inner_text()
    screenshot(page, "funds-awards", tmp_path, down_to="#awards")

    page.locator("a", has_text="智能工厂建设项目").click()
    page.wait_for_selector("#timeline")
    assert page.locator("#timeline li").count() == 2
    assert errors == [] and refused == []
