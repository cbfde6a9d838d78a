"""A real browser: an official reads the screening chart, opens a policy's near list with what each
enterprise lacks, downloads the 免申即享 list and opens it; an enterprise user lands on its own
policies and sees what it is missing, declares what the district cannot know, never sees another
enterprise's."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.browser import sign_in, switch_user
from tests.factories import make_analyst, make_enterprise_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_screening_to_no_application_list_and_an_enterprises_own_view(live_server, page, plain_static, district,
                                                                       tmp_path):
    make_analyst(username="fenxi")
    make_enterprise_user(district.short, username="duanban")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))

    sign_in(page, live_server, "fenxi", "/policies/")
    page.wait_for_selector("#status-chart canvas")  # ECharts drew the counts per policy
    page.click("#policies a:has-text('重点产业链企业研发投入后补助')")
    page.wait_for_url("**/policies/xq-rd-subsidy-2025/")
    page.click(".tiles a[href='?status=near']")
    row = page.locator("#results tr", has_text=district.short.name)
    assert "上年研发费用再增加" in row.inner_text()
    assert district.leader.name in page.inner_text("#no-application")
    with page.expect_download() as download_info:
        page.click("#no-application a.button")
    target = tmp_path / "free.xlsx"
    download_info.value.save_as(target)
    sheet = load_workbook(target)["免申即享"]
    assert sheet["A4"].value == district.leader.uscc and len(sheet["F4"].value) == 64

    own = f"/policies/enterprises/{district.short.uscc}/"
    switch_user(page, live_server, "duanban", own)
    page.goto(f"{live_server.url}/policies/")  # the policies menu leads an enterprise user to its own
    page.wait_for_url(f"{live_server.url}{own}")
    assert "上年研发费用再增加" in page.inner_text("main")
    card = page.locator(".policy-card[data-code='high-tech-2016']")
    assert "高新技术产品（服务）收入占比" in card.locator(".undeclared").inner_text()  # not declared yet
    page.click("#declare-link")  # 自报信息: what the district cannot know
    page.fill("#f-high_tech_revenue_share", "65")
    page.select_option("#f-key_tech_field", "是")
    page.click("#declare-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{own}")
    assert "已保存 2 项" in page.inner_text("main")
    assert card.locator(".undeclared").count() == 0  # both declared; the experts' score is not the enterprise's
    page.goto(f"{live_server.url}/policies/enterprises/{district.leader.uscc}/")
    assert district.leader.name not in page.content()
    assert errors == []
