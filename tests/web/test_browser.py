"""A real browser (Debian's Chromium, driven by Playwright) logs in, searches and opens an enterprise."""

from __future__ import annotations

import pytest

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
    page.wait_for_function("document.querySelectorAll('#enterprise-table tbody tr').length === 1")
    assert "天津芯睿微电子科技有限公司" in row.first.inner_text()

    page.click("text=天津芯睿微电子科技有限公司")
    page.wait_for_url(f"{live_server.url}/enterprises/{target.uscc}/")
    assert target.uscc in page.content()
    assert page.locator("h1").inner_text().startswith("天津芯睿微电子科技有限公司")
    assert page.evaluate("typeof window.htmx") == "object"  # assets served locally, no CDN
