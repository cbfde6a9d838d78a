"""A real browser (Debian's Chromium): the office opens the alliance overview of 集成电路 with its
network chart, a member page, an activity page and the rota, and changes a rota month from the page.
Screenshots into LIANDONG_SCREENSHOTS (else a temporary folder)."""

from __future__ import annotations

import datetime as dt

import pytest

from liandong.alliance import services
from liandong.alliance.models import RotaSlot
from tests.browser import csp_violations, screenshot, sign_in
from tests.factories import make_admin, make_department, make_enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ENTERPRISES = ("天津中芯集成电路制造有限公司", "天津环鑫半导体材料有限公司", "天津华海清科设备有限公司", "天津芯源微电子有限公司",
               "天津飞腾信息技术有限公司", "天津紫光展锐科技有限公司", "天津三安光电有限公司", "天津中环领先材料有限公司",
               "天津津芯封装测试有限公司", "天津讯飞智能汽车电子有限公司", "天津海光集成电路设计有限公司", "天津兆易创新存储有限公司")


def _alliance(admin):
    make_department("区工业和信息化局")
    save = services.member_save
    lead = save(actor=admin, name="区工业和信息化局", type="department", role="lead", chains=["ic"],
                joined=dt.date(2025, 3, 1))
    ents = [make_enterprise(name=n) for n in ENTERPRISES]
    members = [save(actor=admin, name=e.name, uscc=e.uscc, role="master" if i == 0 else "member", chains=["ic"],
                    joined=dt.date(2025, 3, 1), contact="王芳" if i == 0 else "", phone="13800001111" if i == 0 else "")
               for i, e in enumerate(ents)]
    others = [save(actor=admin, name=n, type=t, role=r, chains=["ic"]) for n, t, r in (
        ("天津大学微电子学院", "university", "partner"), ("天津理工大学", "university", "partner"),
        ("天津市半导体行业协会", "association", "partner"), ("西青经济技术开发区", "subdistrict", "member"),
        ("天津农商银行西青支行", "financial", "partner"), ("区科学技术局", "department", "member"))]
    pairs = [(0, 1), (0, 2), (0, 3), (0, 8), (4, 5), (4, 10), (6, 7), (9, 11), (3, 8)]
    for i, j in pairs:
        services.pairing_create(actor=admin, a=members[i], b=members[j], since=dt.date(2025, 5, 1), goals="共建产业链协同")
    services.pairing_create(actor=admin, a=lead, b=members[0], since=dt.date(2025, 4, 1))
    services.pairing_create(actor=admin, a=others[0], b=members[4], since=dt.date(2025, 4, 1))
    services.pairing_create(actor=admin, a=others[1], b=members[6], since=dt.date(2025, 4, 1))
    acts = []
    for n, host in enumerate((0, 4, 6, 8)):
        acts.append(services.activity_save(
            actor=admin, title=f"集成电路产业链第{n + 1}期书记轮值活动", date=dt.date(2025, 6 + n, 15), chain="ic",
            host=members[host], participants=[lead, *members[:6], others[0], others[2]], rota=True,
            summary="围绕晶圆制造与封装测试上下游协同开展交流，上下游企业达成初步合作意向。"))
    services.outcome_add(actor=admin, activity=acts[0], a=members[0], b=members[1], description="联合开发12英寸硅片国产化替代")
    services.outcome_add(actor=admin, activity=acts[0], a=members[2], b=members[3], description="共建工艺验证平台")
    return members, acts


def test_overview_member_activity_and_rota_in_a_browser(page, live_server, plain_static, tmp_path):
    admin = make_admin(username="lianmeng")
    members, acts = _alliance(admin)
    violations = csp_violations(page)
    shots = tmp_path / "shots"
    sign_in(page, live_server, "lianmeng", "/alliance/?chain=ic")
    page.wait_for_selector("#network-chart canvas")
    page.wait_for_timeout(2500)  # the force layout settles
    assert page.locator("#chain-members").inner_text() == "19"
    screenshot(page, "alliance-overview", shots, down_to="#network-chart")
    page.goto(f"{live_server.url}/alliance/members/{members[0].pk}/")
    assert "天津中芯集成电路制造有限公司" in page.locator("h1").inner_text()
    screenshot(page, "alliance-member", shots)
    page.goto(f"{live_server.url}/alliance/activities/{acts[0].pk}/")
    assert "联合开发12英寸硅片国产化替代" in page.locator("#outcomes").inner_text()
    screenshot(page, "alliance-activity", shots)
    page.goto(f"{live_server.url}/alliance/rota/?chain=ic")
    screenshot(page, "alliance-rota", shots)
    row = page.locator("#rota tbody tr").nth(1)
    row.locator("select[name=host]").select_option(str(members[11].pk))
    row.locator("button").click()
    page.wait_for_selector(".messages")
    assert RotaSlot.objects.get().host_id == members[11].pk
    assert not violations
