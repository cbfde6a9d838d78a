"""Authorization matrix over every API endpoint × role (accounts.scoping and docs/api.md#who-sees-what).

Anonymous callers get 401. Objects outside the caller's read scope are 404 — never 403, so an
enterprise user cannot even learn that another enterprise exists. Inside the read scope, a write
the role may not make is 403. Every error body is ``{"message", "extra"}``.

The world: ``own`` sits on 集成电路 (the officer's chain) and belongs to the enterprise user;
``other`` sits on 汽车及新能源汽车 only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liandong.enterprises.models import Enterprise, Qualification
from tests.factories import (
    make_admin,
    make_analyst,
    make_chain_officer,
    make_contact,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
    make_position,
    make_qualification,
    make_uscc,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "admin", "chain_officer", "department", "analyst", "enterprise"]


@dataclass
class World:
    own: Enterprise
    other: Enterprise
    users: dict


@pytest.fixture
def world() -> World:
    own = make_enterprise(name="自有企业")
    make_position(own, "ic.mid.design")
    make_contact(own, phone="13812341234", email="owner@example.cn")
    make_qualification(own, "tj-eaglet")
    other = make_enterprise(name="他家企业")
    make_position(other, "auto.mid.mfg")
    make_contact(other, phone="13987654321", email="boss@example.cn")
    users = {"anonymous": None, "admin": make_admin(), "chain_officer": make_chain_officer(chains=("ic",)),
             "department": make_department_user(), "analyst": make_analyst(),
             "enterprise": make_enterprise_user(enterprise=own)}
    return World(own, other, users)


def import_file() -> SimpleUploadedFile:
    content = f"统一社会信用代码,企业名称\n{make_uscc()},上传企业\n".encode()
    return SimpleUploadedFile("upload.csv", content, content_type="text/csv")


def call(client, world: World, endpoint: str):
    own, other = world.own.uscc, world.other.uscc
    j = "application/json"
    base = "/api/v1"
    match endpoint:
        case "list":
            return client.get(f"{base}/enterprises")
        case "create":
            return client.post(f"{base}/enterprises", json.dumps({"uscc": make_uscc(), "name": "新登记企业"}),
                               content_type=j)
        case "get_own":
            return client.get(f"{base}/enterprises/{own}")
        case "get_other":
            return client.get(f"{base}/enterprises/{other}")
        case "patch_own":
            return client.patch(f"{base}/enterprises/{own}", json.dumps({"address": "新地址"}), content_type=j)
        case "patch_other":
            return client.patch(f"{base}/enterprises/{other}", json.dumps({"address": "新地址"}), content_type=j)
        case "quals_own":
            return client.get(f"{base}/enterprises/{own}/qualifications")
        case "quals_other":
            return client.get(f"{base}/enterprises/{other}/qualifications")
        case "add_qual_own":
            return client.post(f"{base}/enterprises/{own}/qualifications", json.dumps({"type": "high-tech"}),
                               content_type=j)
        case "add_qual_other":
            return client.post(f"{base}/enterprises/{other}/qualifications", json.dumps({"type": "high-tech"}),
                               content_type=j)
        case "chains":
            return client.get(f"{base}/chains")
        case "chain_tree":
            return client.get(f"{base}/chains/ic")
        case "import":
            return client.post(f"{base}/imports/enterprises", {"file": import_file()})
        case "template":
            return client.get(f"{base}/imports/templates/enterprises")
    raise AssertionError(endpoint)


#                  anonymous admin officer department analyst enterprise
EXPECTED = {
    "list":           (401, 200, 200, 200, 200, 200),
    "create":         (401, 201, 201, 403, 403, 403),
    "get_own":        (401, 200, 200, 200, 200, 200),
    "get_other":      (401, 200, 200, 200, 200, 404),
    "patch_own":      (401, 200, 200, 403, 403, 200),
    "patch_other":    (401, 200, 403, 403, 403, 404),
    "quals_own":      (401, 200, 200, 200, 200, 200),
    "quals_other":    (401, 200, 200, 200, 200, 404),
    "add_qual_own":   (401, 201, 201, 403, 403, 403),
    "add_qual_other": (401, 201, 403, 403, 403, 404),
    "chains":         (401, 200, 200, 200, 200, 200),
    "chain_tree":     (401, 200, 200, 200, 200, 200),
    "import":         (401, 200, 200, 403, 403, 403),
    "template":       (401, 200, 200, 200, 200, 200),
}
CASES = [(endpoint, role, statuses[i]) for endpoint, statuses in EXPECTED.items() for i, role in enumerate(ROLES)]


@pytest.mark.parametrize("endpoint, role, status", CASES, ids=[f"{e}-{r}" for e, r, _s in CASES])
def test_authorization_matrix(api_client_for, world, endpoint, role, status):
    before = {"enterprises": Enterprise.objects.count(), "qualifications": Qualification.objects.count(),
              "addresses": sorted(Enterprise.objects.values_list("address", flat=True))}
    response = call(api_client_for(world.users[role]), world, endpoint)
    assert response.status_code == status, response.content[:300]
    if status >= 400:
        body = response.json()
        assert set(body) == {"message", "extra"}
        assert isinstance(body["message"], str) and body["message"]
        assert isinstance(body["extra"], dict)
        after = {"enterprises": Enterprise.objects.count(), "qualifications": Qualification.objects.count(),
                 "addresses": sorted(Enterprise.objects.values_list("address", flat=True))}
        assert after == before  # a refused request changes nothing


def test_not_found_does_not_reveal_existence(api_client_for, world):
    """For an enterprise user, another enterprise answers exactly like a code nobody registered."""
    client = api_client_for(world.users["enterprise"])
    existing = client.get(f"/api/v1/enterprises/{world.other.uscc}")
    absent_code = make_uscc()
    absent = client.get(f"/api/v1/enterprises/{absent_code}")
    assert existing.status_code == absent.status_code == 404
    assert existing.json()["message"] == absent.json()["message"]
    assert set(existing.json()["extra"]) == set(absent.json()["extra"])


def test_enterprise_user_lists_only_their_own_enterprise(api_client_for, world):
    body = api_client_for(world.users["enterprise"]).get("/api/v1/enterprises").json()
    assert body["count"] == 1
    assert [item["uscc"] for item in body["items"]] == [world.own.uscc]
    searched = api_client_for(world.users["enterprise"]).get("/api/v1/enterprises", {"q": "他家"}).json()
    assert searched["count"] == 0


@pytest.mark.parametrize("role", ["admin", "chain_officer", "department", "analyst"])
def test_other_roles_list_every_enterprise(api_client_for, world, role):
    body = api_client_for(world.users[role]).get("/api/v1/enterprises").json()
    assert body["count"] == 2
    assert {item["uscc"] for item in body["items"]} == {world.own.uscc, world.other.uscc}


def test_enterprise_user_chain_counts_only_their_enterprise(api_client_for, world):
    chains = {c["code"]: c["enterprises"] for c in api_client_for(world.users["enterprise"]).get("/api/v1/chains").json()}
    assert (chains["ic"], chains["auto"]) == (1, 0)
    everyone = {c["code"]: c["enterprises"] for c in api_client_for(world.users["admin"]).get("/api/v1/chains").json()}
    assert (everyone["ic"], everyone["auto"]) == (1, 1)


def contacts(client, uscc: str) -> list[dict]:
    return client.get(f"/api/v1/enterprises/{uscc}").json()["contacts"]


@pytest.mark.parametrize("role, own_masked, other_masked", [
    ("admin", False, False),
    ("chain_officer", False, True),    # contacts of enterprises on their chains only
    ("department", True, True),
    ("analyst", True, True),
    ("enterprise", False, None),       # None: the other enterprise is not visible at all
])
def test_contacts_masked_by_role(api_client_for, world, role, own_masked, other_masked):
    client = api_client_for(world.users[role])
    [mine] = contacts(client, world.own.uscc)
    if own_masked:
        assert (mine["phone"], mine["email"], mine["masked"]) == ("138****1234", "o***@example.cn", True)
    else:
        assert (mine["phone"], mine["email"], mine["masked"]) == ("13812341234", "owner@example.cn", False)
    assert mine["name"] == "张伟"
    if other_masked is not None:
        [theirs] = contacts(client, world.other.uscc)
        assert theirs["masked"] is other_masked
        assert (theirs["phone"] == "13987654321") is (not other_masked)


def test_masked_contacts_do_not_leak_in_the_raw_response(api_client_for, world):
    raw = api_client_for(world.users["analyst"]).get(f"/api/v1/enterprises/{world.own.uscc}").content.decode()
    assert "13812341234" not in raw and "owner@example.cn" not in raw


def test_officer_patch_changes_the_enterprise_on_their_chain(api_client_for, world):
    client = api_client_for(world.users["chain_officer"])
    response = client.patch(f"/api/v1/enterprises/{world.own.uscc}",
                            json.dumps({"registered_capital_wan": "1500", "employees": 77}),
                            content_type="application/json")
    assert response.status_code == 200
    world.own.refresh_from_db()
    assert (world.own.employees, world.own.registered_capital, world.own.version) == (77, 15_000_000, 2)
    assert response.json()["version"] == 2


def test_stale_version_is_refused_with_409(api_client_for, world):
    client = api_client_for(world.users["admin"])
    url = f"/api/v1/enterprises/{world.own.uscc}"
    seen = client.get(url).json()["version"]
    first = client.patch(url, json.dumps({"version": seen, "name": "第一次修改"}), content_type="application/json")
    assert first.status_code == 200
    stale = client.patch(url, json.dumps({"version": seen, "name": "第二次修改"}), content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert set(body) == {"message", "extra"}
    assert body["extra"]["version"] == seen + 1
    world.own.refresh_from_db()
    assert world.own.name == "第一次修改"


@pytest.mark.parametrize("payload", [
    {"uscc": "91120111MA05KXXXX1", "name": "坏代码"},        # wrong check character / charset
    {"uscc": "123", "name": "太短"},
    {"name": "缺代码"},
    {"uscc": "USE_VALID", "name": "   "},
])
def test_bad_input_is_400_with_message_and_extra(api_client_for, world, payload):
    if payload.get("uscc") == "USE_VALID":
        payload = {**payload, "uscc": make_uscc()}
    response = api_client_for(world.users["admin"]).post("/api/v1/enterprises", json.dumps(payload),
                                                          content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"message", "extra"}
    assert Enterprise.objects.count() == 2


def test_registering_a_code_twice_is_a_conflict(api_client_for, world):
    response = api_client_for(world.users["admin"]).post(
        "/api/v1/enterprises", json.dumps({"uscc": world.own.uscc.lower(), "name": "重复"}),
        content_type="application/json")
    assert response.status_code == 409
    assert set(response.json()) == {"message", "extra"}


def test_import_endpoint_rejects_with_400_and_row_errors(api_client_for, world):
    content = f"uscc,name\n{make_uscc()},甲\n123,乙\n".encode()
    response = api_client_for(world.users["admin"]).post(
        "/api/v1/imports/enterprises", {"file": SimpleUploadedFile("e.csv", content)})
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert [(e["row"], e["column"], e["value"]) for e in body["errors"]] == [(3, "uscc", "123")]
    assert Enterprise.objects.count() == 2


def test_import_endpoint_dry_run(api_client_for, world):
    response = api_client_for(world.users["admin"]).post(
        "/api/v1/imports/enterprises", {"file": import_file(), "dry_run": "true"})
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["dry_run"]) == (1, True)
    assert Enterprise.objects.count() == 2


def test_unknown_template_kind_is_404(api_client_for, world):
    response = api_client_for(world.users["admin"]).get("/api/v1/imports/templates/people")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "extra"}


def test_unknown_chain_is_404(api_client_for, world):
    response = api_client_for(world.users["admin"]).get("/api/v1/chains/nope")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "extra"}
