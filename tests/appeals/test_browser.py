"""A real browser: an enterprise submits an appeal with a file, the office responds and dispatches,
the department accepts and resolves, the office approves, the enterprise rates; the metrics page
shows it."""

from __future__ import annotations

import pytest

from tests.browser import sign_in, switch_user
from tests.factories import (
    make_admin,
    make_department,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def act(page, action: str, fill: dict[str, str] | None = None) -> None:
    form = page.locator(f"form[data-action='{action}']")
    for selector, value in (fill or {}).items():
        if selector.startswith("select"):
            form.locator(selector).select_option(label=value)
        else:
            form.locator(selector).fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")



def test_an_appeal_from_submission_to_rating(live_server, page, plain_static, tmp_path):
    dept = make_department("区金融工作局")
    make_department_user(dept, username="jinrong")
    make_admin(username="zhuanban")
    enterprise = make_enterprise(name="天津诉求浏览器测试有限公司")
    make_enterprise_user(enterprise, username="qiye")
    make_enterprise_user(username="other")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    attachment = tmp_path / "报表.pdf"
    attachment.write_bytes(b"%PDF-1.4 test")

    sign_in(page, live_server, "qiye", "/appeals/new/")
    page.select_option("select[name=category]", "finance")
    page.fill("input[name=title]", "申请流动资金贷款贴息")
    page.fill("textarea[name=body]", "扩产需要流动资金五百万元，希望对接合作银行。")
    page.set_input_files("input[name=attachments]", str(attachment))
    page.click("#appeal-form button[type=submit]")
    page.wait_for_url("**/appeals/SQ*/")
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert "报表.pdf" in page.inner_text("main")
    assert page.inner_text("#status") == "已受理"

    switch_user(page, live_server, "zhuanban", "/appeals/")
    assert page.locator("#unread").inner_text() == "1"
    page.click(f"#appeal-list a:text('{number}')")
    act(page, "respond", {"input[name=note]": "已电话联系企业"})
    act(page, "dispatch", {"select[name=department]": "区金融工作局"})
    assert page.inner_text("#status") == "已派单"

    switch_user(page, live_server, "jinrong", f"/appeals/{number}/")
    act(page, "accept")
    act(page, "report_solution", {"textarea[name=solution]": "已对接农商行，授信五百万元。"})
    assert page.inner_text("#status") == "已办结待审核"

    switch_user(page, live_server, "zhuanban", f"/appeals/{number}/")
    act(page, "approve")

    switch_user(page, live_server, "qiye", f"/appeals/{number}/")
    page.check("form[data-action='rate'] input[value=satisfied]")
    act(page, "rate")
    assert page.inner_text("#status") == "已结案"
    timeline = page.inner_text("#timeline")
    assert "已签收对接" in timeline and "已评价" in timeline

    switch_user(page, live_server, "zhuanban", "/appeals/metrics/")
    page.wait_for_selector("#month-chart canvas")
    assert page.inner_text("#satisfaction") == "100.0%"
    switch_user(page, live_server, "other", f"/appeals/{number}/")
    assert "404" in page.title() or "Not Found" in page.content() or page.locator("#status").count() == 0
    assert errors == []
