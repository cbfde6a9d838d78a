"""403, 404 and 500 pages (review #13 item 12): in Chinese, in the site's layout with its navigation for
403/404, with the reason a 403 was refused; the 500 page is plain and reads nothing from the database.
Tests run with DEBUG off (pytest-django's default), so Django calls the project's handlers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from tests.factories import make_analyst, make_department_user, make_enterprise, make_enterprise_user
from tests.pages import client_for, visible_text

pytestmark = pytest.mark.django_db


def test_debug_is_off_so_the_handlers_answer():
    assert settings.DEBUG is False


def test_403_for_an_enterprise_user_shows_the_reason_in_the_layout():
    response = client_for(make_enterprise_user()).get("/stats/")
    assert response.status_code == 403
    html = response.content.decode()
    text = visible_text(html)
    assert "统计数据仅供区级工作人员查看。" in text
    assert "无权访问" in text and 'class="topbar"' in html and "概览" in text
    assert "Forbidden" not in text and "403 Forbidden" not in html


def test_403_for_district_staff_shows_their_reason_too():
    response = client_for(make_department_user()).get("/appeals/new/")
    assert response.status_code == 403
    text = visible_text(response.content.decode())
    assert "只有企业和产业链专班可以提交诉求。" in text and "概览" in text


def test_404_in_chinese_with_navigation_for_both_roles():
    other = make_enterprise(name="天津别家科技有限公司")
    for user in (make_enterprise_user(), make_analyst()):
        for path in ("/no-such-page/", f"/enterprises/{other.uscc[:-1]}X/"):
            response = client_for(user).get(path)
            assert response.status_code == 404, path
            html = response.content.decode()
            text = visible_text(html)
            assert "页面不存在" in text and 'class="topbar"' in html and "概览" in text
            assert "Not Found" not in text and "No Enterprise matches" not in text
    guessed = client_for(make_enterprise_user()).get(f"/enterprises/{other.uscc}/")
    assert guessed.status_code == 404 and other.name not in guessed.content.decode()


def test_404_for_a_visitor_not_signed_in_has_no_navigation():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in visible_text(html) and 'href="/enterprises/"' not in html


def test_500_is_plain_chinese_and_needs_no_database(django_assert_num_queries):
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(500)
    with django_assert_num_queries(0):
        response = handler(RequestFactory().get("/"))
    assert response.status_code == 500
    text = visible_text(response.content.decode())
    assert "系统出现错误" in text and "Server Error" not in text


def test_a_form_without_its_security_token_is_refused_in_chinese():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_analyst())
    response = client.post("/notifications/")
    assert response.status_code == 403
    text = visible_text(response.content.decode())
    assert "表单无法验证" in text and "CSRF" not in text and "Forbidden" not in text


@pytest.mark.parametrize(("path", "reason"), [
    ("/events/new/", "活动由产业链专班和成员单位组织。"),
    ("/policies/ladder/", "全区政策筛查仅供区级工作人员查看。"),
    ("/policies/new/", "政策由产业链专班制定。"),
])
def test_events_and_policies_say_why_they_refuse(path, reason):
    """Every refusal names its reason, not only the general one (events and policies gave none)."""
    response = client_for(make_enterprise_user()).get(path)
    assert response.status_code == 403
    assert reason in visible_text(response.content.decode())
