"""A real browser (Debian's Chromium, driven by Playwright) logs in, searches and opens an enterprise; and takes
the screenshots the docs show, over a small demo district."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser import screenshot, sign_in
from tests.factories import PASSWORD, make_enterprise, make_position, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_login_search_and_open_enterprise(live_server, page, settings):
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    target = make_enterprise(name="天津芯睿微电子科技有限公司", above_scale=True, main_products="车规级MCU")
    make_position(target, "ic.mid.design")
    make_enterprise(name="天津绿源生物医药有限公司")
    make_user("analyst", username="reader")

    page.goto(f"{live_server.url}/enterprises/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "reader")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/enterprises/")

    page.fill("#q", "芯睿")
    page.press("#q", "Enter")
    row = page.locator("#enterprise-table tbody tr")
    row.first.wait_for()
    expect(row).to_have_count(1)  # a locator assertion: a string predicate would be eval'd, which the CSP blocks
    assert "天津芯睿微电子科技有限公司" in row.first.inner_text()

    page.click("text=天津芯睿微电子科技有限公司")
    page.wait_for_url(f"{live_server.url}/enterprises/{target.uscc}/")
    assert target.uscc in page.content()
    assert page.locator("h1").inner_text().startswith("天津芯睿微电子科技有限公司")
    assert page.evaluate("typeof window.htmx") == "object"  # assets served locally, no CDN



def test_screenshots_of_the_demo_district(live_server, page, plain_static, tmp_path):
    """The pictures in the docs (README, docs/domains): the events page, the appeals inbox, the tier
    ladder and an enterprise user's chain page, over a small demo district, each page drawn and free
    of script errors. ``LIANDONG_SCREENSHOTS=docs/images`` writes them where the docs look."""
    from django.db.models import Count

    from liandong.accounts.models import User
    from liandong.chains.models import EnterprisePosition
    from liandong.demo.generator import DEMO_PASSWORD, DEMO_TODAY, build_demo
    from liandong.events.models import Event

    build_demo(scale=200, seed=20240601, today=DEMO_TODAY)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    shots = []

    event = Event.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
    sign_in(page, live_server, "admin", "/events/", password=DEMO_PASSWORD)
    page.wait_for_load_state("networkidle")
    assert event.title in page.inner_text("main")
    shots.append(screenshot(page, "events", tmp_path))

    page.goto(f"{live_server.url}/appeals/")
    page.wait_for_load_state("networkidle")
    inbox = page.inner_text("#appeal-list")
    assert page.locator("#appeal-list tbody tr").count() > 5 and "截止" in inbox and "工作日" in inbox
    assert all(int(m) < 60 for m in re.findall(r"(\d+)分钟", inbox))  # hours and days, not working minutes
    shots.append(screenshot(page, "appeals-inbox", tmp_path))

    page.goto(f"{live_server.url}/policies/ladder/")
    page.wait_for_load_state("networkidle")
    shots.append(screenshot(page, "tier-ladder", tmp_path))

    ent1 = User.objects.get(username="ent1")
    chain = EnterprisePosition.objects.filter(enterprise=ent1.enterprise_id).values_list("chain__code", flat=True)[0]
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1400, "height": 1900})  # the outline and its map in one picture
    sign_in(page, live_server, "ent1", f"/chains/{chain}/", password=DEMO_PASSWORD)
    page.wait_for_selector("#chain-map[data-ready='1']")
    text = page.inner_text("main")
    assert "本企业在本链的位置" in text and "招商目录" not in text and "补链" not in text
    shots.append(screenshot(page, "enterprise-chain", tmp_path, down_to="#chain-map"))
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")
    assert ent1.enterprise.name in page.inner_text("h1") and "本区企业" not in page.inner_text("main")
    shots.append(screenshot(page, "enterprise-home", tmp_path))

    assert errors == []
    assert all(os.path.getsize(shot) > 20_000 for shot in shots)
