"""A real browser: an enterprise posts a need and sees suggestions, the office introduces a supplier,
the supplier marks the deal signed, and the funnel shows it."""

from __future__ import annotations

import pytest

from liandong.matchmaking.index import reset
from tests.browser import sign_in, switch_user
from tests.factories import make_admin, make_enterprise, make_enterprise_user, make_position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



def test_need_to_signed_deal(live_server, page, plain_static):
    reset()
    buyer = make_enterprise(name="天津整车制造有限公司", above_scale=True)
    make_position(buyer, "auto.mid.mfg.pv", role="master")
    make_enterprise_user(buyer, username="zhengche")
    chips = make_enterprise(name="天津芯驰车规半导体有限公司", main_products="车规级MCU")
    make_position(chips, "ic.mid.design.auto", products="车规级MCU")
    make_enterprise_user(chips, username="xinchi")
    make_admin(username="zhuanban")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))

    sign_in(page, live_server, "zhengche", "/matchmaking/")
    page.select_option("#need-form select[name=kind]", "need")
    page.fill("#need-form input[name=title]", "车身控制器用车规级MCU")
    page.fill("#need-form textarea[name=text]", "年需求20万片，需AEC-Q100认证")
    page.click("#need-form button[type=submit]")
    page.wait_for_url("**/matchmaking/needs/*/")
    need_path = page.url.split(live_server.url, 1)[1]
    assert "天津芯驰车规半导体有限公司" in page.inner_text("#suggestions")

    switch_user(page, live_server, "zhuanban", need_path)
    page.click("#suggestions tr:has-text('天津芯驰车规半导体有限公司') button")
    page.wait_for_selector("#matches tr:has-text('已撮合')")

    switch_user(page, live_server, "xinchi", need_path)
    form = page.locator("#matches form")
    form.locator("select[name=status]").select_option("signed")
    form.locator("input[name=amount]").fill("360")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#matches tr:has-text('已签约')")

    switch_user(page, live_server, "zhuanban", "/matchmaking/funnel/")
    page.wait_for_selector("#chain-chart canvas")
    assert page.inner_text("#signed-total") == "360.0"
    assert errors == []
    reset()
