"""A real browser (Debian's Chromium, driven by Playwright): an officer records a visit with a problem
found, turns the problem into an appeal, opens the enterprise's page and sees both the visit and the
appeal on its service timeline. Screenshots ``alliance-service-record.png`` and ``alliance-service-counts.png`` (``LIANDONG_SCREENSHOTS``)."""

from __future__ import annotations

import pytest

from liandong.accounts.models import Organization
from tests.browser import csp_violations, screenshot, sign_in
from tests.factories import make_chain_officer, make_enterprise, make_position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visit_problem_becomes_an_appeal_on_the_timeline(live_server, page, plain_static, tmp_path):
    office = Organization.objects.create(name="区产业链工作专班", kind=Organization.Kind.OFFICE)
    make_chain_officer(username="zhuanban", organization=office)
    ent = make_enterprise(name="天津芯联微电子有限公司")
    make_position(ent, "ic.mid.design")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    refused = csp_violations(page)

    sign_in(page, live_server, "zhuanban", "/alliance/services/visits/new/")
    page.fill("input[name=enterprise]", ent.uscc)
    page.fill("input[name=people]", "王强、刘洋")
    page.fill("input[name=title]", "走访了解扩产用工情况")
    page.fill("textarea[name=topics]", "了解二期扩产进度和用工计划")
    page.fill("textarea[name=problems]", "二期扩产急需招聘50名技术工人")
    page.click("#visit-form button[type=submit]")
    page.wait_for_selector("#raise-form")
    assert "二期扩产急需招聘50名技术工人" in page.inner_text("#problems")

    page.click("#raise-form button[type=submit]")
    page.wait_for_selector("#raised a")
    number = page.inner_text("#raised a")
    assert number.startswith("SQ")

    page.goto(f"{live_server.url}/enterprises/{ent.uscc}/")
    timeline = page.locator("#service-record")
    timeline.wait_for()
    text = timeline.inner_text()
    assert "走访了解扩产用工情况" in text and "走访" in text
    assert "诉求办理" in text or page.locator("#service-record tr[data-kind=appeal]").count() == 1
    assert page.locator("#service-record tr[data-kind=visit]").count() == 1
    assert page.locator("#service-record tr[data-kind=appeal]").count() == 1
    assert number in text
    timeline.scroll_into_view_if_needed()
    screenshot(page, "alliance-service-record", tmp_path, down_to="#service-record")

    page.goto(f"{live_server.url}/alliance/services/")
    page.wait_for_selector("#month-chart canvas")
    page.wait_for_timeout(800)  # the chart's entrance animation
    assert "服务指导企业2家次" in page.inner_text("#sentence")
    screenshot(page, "alliance-service-counts", tmp_path, down_to="#unit-chart")
    assert errors == [] and refused == []
