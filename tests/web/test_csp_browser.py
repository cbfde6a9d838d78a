"""A real browser under the Content-Security-Policy (core/csp.py, issue #14 item 7): the admin site and
ninja's Swagger page at /api/v1/docs work with the site's one policy — nothing refused, no exemption."""

from __future__ import annotations

import pytest

from tests.browser import csp_violations, sign_in
from tests.factories import make_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_and_api_docs_run_under_the_policy(live_server, page, plain_static):
    admin = make_admin(username="guanli", is_staff=True, is_superuser=True)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    refused = csp_violations(page)

    sign_in(page, live_server, "guanli", "/admin/")
    page.goto(f"{live_server.url}/admin/accounts/user/{admin.pk}/change/")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector("#swagger-ui .info")  # Swagger UI started from its static init script
    assert errors == []
    assert refused == []
