"""Enterprise writes through the API: bad values are 400 with {"message", "extra"} on SQLite and
PostgreSQL alike (never a database error), good ones are stored with an audit entry."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from liandong.enterprises.models import Enterprise, Park, Qualification
from tests.factories import make_admin, make_enterprise, make_uscc, wan

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def admin_client(api_client_for):
    admin = make_admin()
    client = api_client_for(admin)
    client.user = admin
    return client


def test_create_stores_values_in_yuan_and_audits(admin_client):
    Park.objects.create(name="海泰园区")
    code = make_uscc()
    response = admin_client.post("/api/v1/enterprises", json.dumps({
        "uscc": code.lower(), "name": "接口登记企业", "registered_capital_wan": "12.5", "industry_code": "C3973",
        "park": "海泰园区", "above_scale": True, "employees": 12}), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["uscc"], body["registered_capital_wan"], body["industry_code"], body["park"]) == (
        code, 12.5, "3973", "海泰园区")
    e = Enterprise.objects.get(uscc=code)
    assert e.registered_capital == wan("12.5")
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Enterprise), object_pk=str(e.pk))
    assert (entry.action, entry.actor_id) == (LogEntry.Action.CREATE, admin_client.user.pk)


def test_update_is_audited_with_the_acting_user(admin_client):
    e = make_enterprise(name="旧名")
    response = admin_client.patch(f"/api/v1/enterprises/{e.uscc}", json.dumps({"name": "新名"}), content_type=JSON)
    assert response.status_code == 200
    entry = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Enterprise), object_pk=str(e.pk),
                                    action=LogEntry.Action.UPDATE).get()
    assert entry.actor_id == admin_client.user.pk
    assert entry.changes["name"] == ["旧名", "新名"]


@pytest.mark.parametrize("payload", [
    {"name": "甲" * 201},
    {"address": "路" * 301},
    {"park": "园" * 101},
    {"employees": -5},
    {"employees": 10**11},
    {"registered_capital_wan": "1e20"},
    {"above_scale": None},
    {"name": None},
    {"industry_code": "9999"},
    {"established": "2020-02-30"},
])
def test_patch_with_bad_values_is_400_and_changes_nothing(admin_client, payload):
    e = make_enterprise(name="原名", address="原地址", employees=5, above_scale=True)
    response = admin_client.patch(f"/api/v1/enterprises/{e.uscc}", json.dumps(payload), content_type=JSON)
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"message", "extra"}
    e.refresh_from_db()
    assert (e.name, e.address, e.employees, e.above_scale, e.version) == ("原名", "原地址", 5, True, 1)


@pytest.mark.parametrize("payload", [
    {"name": "甲" * 201},
    {"employees": -1},
    {"registered_capital_wan": "1e20"},
])
def test_create_with_bad_values_is_400(admin_client, payload):
    response = admin_client.post("/api/v1/enterprises", json.dumps({"uscc": make_uscc(), "name": "甲", **payload}),
                                 content_type=JSON)
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"message", "extra"}
    assert Enterprise.objects.count() == 0


def test_patch_may_clear_text_with_an_empty_string(admin_client):
    e = make_enterprise(address="原地址")
    response = admin_client.patch(f"/api/v1/enterprises/{e.uscc}", json.dumps({"address": ""}), content_type=JSON)
    assert response.status_code == 200
    e.refresh_from_db()
    assert e.address == ""


def test_qualification_set_and_replace(admin_client):
    e = make_enterprise()
    url = f"/api/v1/enterprises/{e.uscc}/qualifications"
    first = admin_client.post(url, json.dumps({"type": "high-tech", "granted": "2023-12-08", "expires": "2026-12-07",
                                               "certificate_no": "GR1"}), content_type=JSON)
    assert first.status_code == 201
    assert first.json()["level"] == "national"
    again = admin_client.post(url, json.dumps({"type": "high-tech", "certificate_no": "GR2"}), content_type=JSON)
    assert again.status_code == 201
    assert list(Qualification.objects.filter(enterprise=e).values_list("certificate_no", flat=True)) == ["GR2"]
    listed = admin_client.get(url).json()
    assert [q["type"] for q in listed] == ["high-tech"]


@pytest.mark.parametrize("payload", [
    {"type": "no-such-type"},
    {"type": "high-tech", "granted": "2024-05-01", "expires": "2023-05-01"},
    {"type": "high-tech", "level": "cosmic"},
    {"type": "high-tech", "certificate_no": "G" * 61},
])
def test_qualification_bad_input_is_400(admin_client, payload):
    e = make_enterprise()
    response = admin_client.post(f"/api/v1/enterprises/{e.uscc}/qualifications", json.dumps(payload),
                                 content_type=JSON)
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"message", "extra"}
    assert Qualification.objects.count() == 0


def test_an_unknown_park_is_refused_naming_the_nearest_not_created(admin_client):
    """Review #13 item 16: the API, like imports, never creates a park from a typo."""
    Park.objects.create(name="海泰园区")
    e = make_enterprise(name="园区待改")
    response = admin_client.patch(f"/api/v1/enterprises/{e.uscc}", json.dumps({"park": "海泰园"}), content_type=JSON)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["extra"]["field"] == "park" and "「海泰园区」" in body["message"]
    assert not Park.objects.filter(name="海泰园").exists()
    e.refresh_from_db()
    assert e.park_id is None
