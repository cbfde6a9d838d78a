"""A real browser: an enterprise registers for a matchmaking day, the organiser checks it in by its
code, the enterprise requests a meeting that the other side accepts, the organiser makes the
timetable, and the enterprise opens its personal agenda."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liandong.events.services import event_create, registration_create
from tests.browser import csp_violations, sign_in, switch_user
from tests.factories import make_admin, make_enterprise, make_enterprise_user, make_position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



def test_register_check_in_meet_schedule_and_read_the_agenda(live_server, page, plain_static):
    organiser = make_admin(username="zuzhi")
    start = timezone.now() + dt.timedelta(days=2)
    event = event_create(actor=organiser, title="汽车产业链供需对接会", kind="matchmaking", starts_at=start,
                         ends_at=start + dt.timedelta(hours=4), venue="西青区会展中心", status="open",
                         chains=["auto"], tables=4, meetings_start=start + dt.timedelta(hours=1))
    buyer = make_enterprise(name="天津整车制造有限公司", above_scale=True)
    make_position(buyer, "auto.mid.mfg.pv", role="master")
    make_enterprise_user(buyer, username="zhengche")
    supplier = make_enterprise(name="天津底盘零部件有限公司")
    make_position(supplier, "auto.up.parts.chassis")
    supplier_user = make_enterprise_user(supplier, username="dipan")
    registration_create(actor=supplier_user, event=event, representatives="刘经理", side="supplier",
                        offer="底盘结构件、副车架")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    refused = csp_violations(page)  # the Content-Security-Policy is on and nothing breaks it

    sign_in(page, live_server, "zhengche", f"/events/{event.pk}/")
    page.fill("#register-form input[name=representatives]", "王总")
    page.select_option("#register-form select[name=side]", "buyer")
    page.click("#register-form button[type=submit]")
    page.wait_for_selector("#my-code")
    code = page.inner_text("#my-code")
    assert page.locator(".qr svg").count() == 1
    page.click("#meetings li:has-text('天津底盘零部件有限公司') button")  # suggested from the chain map
    page.wait_for_selector("#requests li:has-text('待答复')")

    switch_user(page, live_server, "zuzhi", f"/events/{event.pk}/checkin/")
    page.fill("#code", code)
    page.click("#checkin-form button[type=submit]")
    page.wait_for_selector("#checked-in")
    assert "天津整车制造有限公司" in page.inner_text("#checked-in")

    switch_user(page, live_server, "dipan", f"/events/{event.pk}/")
    page.click("form[data-from='天津整车制造有限公司'] button[value='1']")
    page.wait_for_selector("#requests li:has-text('已接受')")

    switch_user(page, live_server, "zuzhi", f"/events/{event.pk}/")
    page.click("#make-schedule")
    page.wait_for_selector(".messages li.success")
    assert "排程完成" in page.inner_text(".messages")

    switch_user(page, live_server, "zhengche", f"/events/{event.pk}/")
    page.click("#my-agenda")
    page.wait_for_selector("#agenda")
    agenda = page.inner_text("#agenda")
    assert "天津底盘零部件有限公司" in agenda and "刘经理" in agenda
    assert errors == []
    assert refused == []
