"""GET /api/v1/enterprises: search by name or USCC prefix, filters, paging (enterprises.selectors)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from liandong.enterprises import selectors
from liandong.enterprises.models import Park
from tests.factories import make_admin, make_enterprise, make_position, make_qualification

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(api_client_for):
    return api_client_for(make_admin())


def usccs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["uscc"] for item in response.json()["items"]}


def test_search_by_name_and_by_code_prefix(client):
    chip = make_enterprise(name="天津芯片设计有限公司")
    pharma = make_enterprise(name="天津生物制药有限公司")
    assert usccs(client.get("/api/v1/enterprises", {"q": "芯片"})) == {chip.uscc}
    assert usccs(client.get("/api/v1/enterprises", {"q": pharma.uscc[:12].lower()})) == {pharma.uscc}
    assert usccs(client.get("/api/v1/enterprises", {"q": pharma.uscc})) == {pharma.uscc}
    assert usccs(client.get("/api/v1/enterprises", {"q": "不存在的名字"})) == set()


def test_filter_by_chain_and_by_node_subtree(client):
    design = make_enterprise()
    make_position(design, "ic.mid.design.power")
    fab = make_enterprise()
    make_position(fab, "ic.mid.fab")
    car = make_enterprise()
    make_position(car, "auto.mid.mfg")
    assert usccs(client.get("/api/v1/enterprises", {"chain": "ic"})) == {design.uscc, fab.uscc}
    assert usccs(client.get("/api/v1/enterprises", {"node": "ic.mid.design"})) == {design.uscc}
    assert usccs(client.get("/api/v1/enterprises", {"node": "ic.mid"})) == {design.uscc, fab.uscc}
    assert usccs(client.get("/api/v1/enterprises", {"node": "ic"})) == {design.uscc, fab.uscc}
    assert usccs(client.get("/api/v1/enterprises", {"node": "nope"})) == set()


def test_an_enterprise_on_several_nodes_is_listed_once(client):
    e = make_enterprise()
    for node in ("ic.mid.design", "ic.mid.fab", "ic.mid.pkg"):
        make_position(e, node)
    body = client.get("/api/v1/enterprises", {"chain": "ic"}).json()
    assert body["count"] == 1
    assert [item["uscc"] for item in body["items"]] == [e.uscc]
    assert body["items"][0]["chains"] == ["集成电路"]


@time_machine.travel(dt.datetime(2024, 6, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_filter_by_current_qualification(client):
    current = make_enterprise()
    make_qualification(current, "high-tech", granted=dt.date(2023, 1, 1), expires=dt.date(2025, 12, 31))
    expired = make_enterprise()
    make_qualification(expired, "high-tech", granted=dt.date(2020, 1, 1), expires=dt.date(2023, 12, 31))
    future = make_enterprise()
    make_qualification(future, "high-tech", granted=dt.date(2024, 12, 1))
    open_ended = make_enterprise()
    make_qualification(open_ended, "high-tech")
    assert usccs(client.get("/api/v1/enterprises", {"qualification": "high-tech"})) == {current.uscc,
                                                                                         open_ended.uscc}


def test_filter_by_park_and_above_scale(client):
    park = Park.objects.create(name="学府工业园区")
    big = make_enterprise(park=park, above_scale=True)
    small = make_enterprise(park=park)
    elsewhere = make_enterprise(above_scale=True)
    assert usccs(client.get("/api/v1/enterprises", {"park": park.id})) == {big.uscc, small.uscc}
    assert usccs(client.get("/api/v1/enterprises", {"above_scale": "true"})) == {big.uscc, elsewhere.uscc}
    assert usccs(client.get("/api/v1/enterprises", {"above_scale": "false"})) == {small.uscc}


def test_paging(client):
    made = sorted((make_enterprise(name=f"企业{i:02d}") for i in range(25)), key=lambda e: e.name)
    first = client.get("/api/v1/enterprises", {"page_size": 10}).json()
    assert (first["count"], first["page"], len(first["items"])) == (25, 1, 10)
    third = client.get("/api/v1/enterprises", {"page_size": 10, "page": 3}).json()
    assert [i["uscc"] for i in third["items"]] == [e.uscc for e in made[20:]]
    beyond = client.get("/api/v1/enterprises", {"page_size": 10, "page": 9}).json()
    assert (beyond["count"], beyond["items"]) == (25, [])
    capped = client.get("/api/v1/enterprises", {"page_size": 1000}).json()
    assert capped["page_size"] == 100


def test_detail_accepts_a_lower_case_code(client):
    e = make_enterprise()
    response = client.get(f"/api/v1/enterprises/{e.uscc.lower()}")
    assert response.status_code == 200
    assert response.json()["uscc"] == e.uscc


@pytest.mark.parametrize("phone, masked", [
    ("13812341234", "138****1234"),
    ("022-23456789", "022*****6789"),
    ("1234", "****"),
    ("", ""),
])
def test_mask_phone(phone, masked):
    assert selectors.mask_phone(phone) == masked


@pytest.mark.parametrize("email, masked", [("zhangwei@example.cn", "z***@example.cn"), ("broken", "***")])
def test_mask_email(email, masked):
    assert selectors.mask_email(email) == masked
