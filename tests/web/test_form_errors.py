"""Review #13 item 17, "form errors name their field": a refused form says which field, in Chinese —
"地点：此项必填。", not a bare "此项必填。" above the form. One rendering
(``core.forms.field_message``) serves every form; here each form is sent wrong once."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from liandong.appeals.models import AppealCategory
from tests.factories import make_admin, make_enterprise, make_enterprise_user

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _errors(response) -> list[str]:
    """The error texts a page shows: its messages and its form-error card."""
    page = response.content.decode()
    found = re.findall(r'<li class="error[^"]*">(.*?)</li>', page, re.S)
    found += re.findall(r'<p class="card error"[^>]*>(.*?)</p>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", f)).strip() for f in found]


def test_matchmaking_posting_names_the_field():
    user = make_enterprise_user(make_enterprise())
    response = _client(user).post("/matchmaking/", {"kind": "need", "title": "   ", "text": "车身控制器用"}, follow=True)
    errors = _errors(response)
    assert len(errors) == 1 and errors[0].startswith("产品："), errors


def test_matchmaking_introduction_names_the_field():
    from liandong.matchmaking import services

    buyer = make_enterprise()
    office = make_admin()
    need = services.need_create(actor=make_enterprise_user(buyer), kind="need", title="车规级MCU")
    response = _client(office).post(f"/matchmaking/needs/{need.pk}/introduce/", {"supplier": buyer.uscc}, follow=True)
    errors = _errors(response)
    assert len(errors) == 1 and errors[0].startswith("供应方："), errors


def test_event_form_names_the_field():
    response = _client(make_admin()).post("/events/new/", {
        "title": "集成电路供需对接会", "kind": "matchmaking", "status": "open",
        "starts_at": "2026-06-01T09:00", "ends_at": "2026-06-01T17:00", "venue": ""})
    assert response.status_code == 400
    assert _errors(response) == ["地点：此项必填。"]


def test_appeal_form_names_the_field():
    user = make_enterprise_user(make_enterprise())
    category = AppealCategory.objects.first()
    response = _client(user).post("/appeals/new/", {"category": category.code, "title": "", "body": "厂房不够用"})
    assert response.status_code == 400
    assert _errors(response) == ["标题：此项必填。"]


def test_custom_policy_form_names_the_field():
    response = _client(make_admin()).post("/policies/new/", {
        "name": "区级专精特新奖励", "code": "xq-sme-award", "issuer": "区工信局", "document": "西青工信〔2026〕1号",
        "effective": "明年", "mode": "all", "field": ["employees"], "op": [">="], "value": ["10"]})
    assert response.status_code == 400
    errors = _errors(response)
    assert len(errors) == 1 and errors[0].startswith("生效日期："), errors


def test_declared_fact_names_the_field():
    enterprise = make_enterprise()
    user = make_enterprise_user(enterprise)
    page = _client(user).get(f"/policies/enterprises/{enterprise.uscc}/declare/").content.decode()
    name, label = re.search(r'<label for="f-([a-z_]+)">([^<]+)</label></td>\s*<td><select', page).groups()
    response = _client(user).post(f"/policies/enterprises/{enterprise.uscc}/declare/", {name: "也许"})
    assert response.status_code == 400
    errors = _errors(response)
    assert len(errors) == 1 and errors[0].startswith(f"{label}："), errors
