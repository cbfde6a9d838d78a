"""Issue #14 item 6: one middleware (``core.middleware.ApplicationErrorMiddleware``) answers a page's
``NotFoundError`` with the Chinese 404 page and its ``PermissionDeniedError`` with the 403 page naming the
reason, so views no longer translate them one by one. The API keeps its own handlers (``core.api``).

The direct mapping is checked on two test-only views (this module is their URLconf, on top of the
project's, so the layout's links resolve); the rest on the app's real pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path

from liandong.appeals.services import appeal_submit
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.site import urls as project_urls
from tests.factories import make_analyst, make_enterprise, make_enterprise_user
from tests.pages import client_for, visible_text

pytestmark = pytest.mark.django_db

SECRET = "天津机密科技有限公司"


def _raises_not_found(request):
    raise NotFoundError(f"{SECRET} is outside your scope.", {"uscc": "91120111MA05SECRET"})


def _raises_permission_denied(request):
    raise PermissionDeniedError("这项操作仅供产业链专班办理。")


def _raises_application_error(request):
    raise ApplicationError("不是 404 也不是 403。")


urlpatterns = [
    path("_test/not-found/", _raises_not_found),
    path("_test/denied/", _raises_permission_denied),
    path("_test/application-error/", _raises_application_error),
    *project_urls.urlpatterns,
]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
THIS_URLCONF = __name__


def test_the_middleware_is_installed():
    assert "liandong.core.middleware.ApplicationErrorMiddleware" in settings.MIDDLEWARE


@override_settings(ROOT_URLCONF=THIS_URLCONF)
def test_not_found_error_answers_the_chinese_404_page_and_reveals_nothing():
    response = client_for(make_analyst()).get("/_test/not-found/")
    assert response.status_code == 404
    html = response.content.decode()
    text = visible_text(html)
    assert "页面不存在" in text and 'class="topbar"' in html
    assert SECRET not in html and "SECRET" not in html and "outside your scope" not in html
    assert "Not Found" not in text


@override_settings(ROOT_URLCONF=THIS_URLCONF)
def test_permission_denied_error_answers_the_403_page_with_its_reason():
    response = client_for(make_analyst()).get("/_test/denied/")
    assert response.status_code == 403
    html = response.content.decode()
    text = visible_text(html)
    assert "这项操作仅供产业链专班办理。" in text and "无权访问" in text and 'class="topbar"' in html
    assert "Forbidden" not in text


@override_settings(ROOT_URLCONF=THIS_URLCONF)
def test_other_application_errors_are_not_turned_into_404_or_403():
    """Only the two are mapped: a plain ApplicationError is the view's to handle (a form error, a 400)."""
    with pytest.raises(ApplicationError, match="不是 404 也不是 403"):
        client_for(make_analyst()).get("/_test/application-error/")


@override_settings(ROOT_URLCONF=THIS_URLCONF)
def test_the_api_keeps_its_json_errors():
    response = client_for(make_analyst()).get("/api/v1/enterprises/91120111MA05XXXXXX")
    assert response.status_code == 404
    assert response.json()["message"]


# --- the app's real pages ----------------------------------------------------------------------------
def test_another_enterprises_appeal_is_a_404_like_one_that_does_not_exist():
    other = make_enterprise(name=SECRET)
    appeal = appeal_submit(actor=make_enterprise_user(other), category="finance", title="机密贷款贴息",
                           body="需要贴息支持")
    client = client_for(make_enterprise_user())
    pages = {}
    for label, number in (("other", appeal.number), ("missing", appeal.number[:-1] + "X")):
        for suffix in ("", "attachments/1/"):
            response = client.get(f"/appeals/{number}/{suffix}")
            assert response.status_code == 404, (label, suffix)
            html = response.content.decode()
            assert "页面不存在" in visible_text(html)
            assert SECRET not in html and "机密贷款贴息" not in html and appeal.number not in visible_text(html)
            pages[label, suffix] = visible_text(html)
    assert pages["other", ""] == pages["missing", ""]


@pytest.mark.parametrize("page", ["/enterprises/{}/", "/matchmaking/enterprises/{}/", "/policies/enterprises/{}/",
                                  "/policies/enterprises/{}/declare/"])
def test_another_enterprises_pages_are_a_404_like_one_that_does_not_exist(page):
    other = make_enterprise(name=SECRET)
    client = client_for(make_enterprise_user())
    out_of_scope = client.get(page.format(other.uscc))
    missing = client.get(page.format(other.uscc[:-1] + "X"))
    assert out_of_scope.status_code == missing.status_code == 404
    assert SECRET not in out_of_scope.content.decode()
    assert visible_text(out_of_scope.content.decode()) == visible_text(missing.content.decode())
    assert "页面不存在" in visible_text(missing.content.decode())


def test_unknown_chains_events_needs_and_policies_are_404():
    client = client_for(make_analyst())
    for url in ("/chains/no-such-chain/", "/chains/no-such-chain/nodes/x/", "/events/999999/",
                "/events/999999/registrations/1/agenda/", "/matchmaking/needs/999999/", "/policies/no-such-policy/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "页面不存在" in visible_text(response.content.decode())


def test_appeal_metrics_refuse_an_enterprise_user_with_the_reason():
    """``appeal_metrics`` raises PermissionDeniedError; the page no longer translates it itself."""
    response = client_for(make_enterprise_user()).get("/appeals/metrics/")
    assert response.status_code == 403
    assert "诉求办理质效统计仅供区级工作人员查看。" in visible_text(response.content.decode())
