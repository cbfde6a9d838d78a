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


# --- the registry page: the district's own enterprises by default, Chinese names by pinyin (#13 item 18)
def page_usccs(client, **params) -> list[str]:
    from liandong.enterprises.models import Enterprise

    html = client.get("/enterprises/", params).content.decode()
    known = dict(Enterprise.objects.values_list("uscc", "name"))
    found = [(html.find(f"/enterprises/{u}/"), u) for u in known if f"/enterprises/{u}/" in html]
    return [u for _pos, u in sorted(found)]


@pytest.fixture
def web(db):
    from django.test import Client

    client = Client()
    client.force_login(make_admin())
    return client


def test_the_list_counts_local_enterprises_and_offers_outside_ones_behind_a_filter(web):
    from tests.factories import make_uscc

    local = [make_enterprise() for _ in range(3)]
    outside = make_enterprise(uscc=make_uscc(division="320583"), name="昆山外地供应商有限公司")
    html = web.get("/enterprises/").content.decode()
    assert "共 3 家企业" in html or "3 家企业" in html
    assert outside.uscc not in html and all(e.uscc in html for e in local)
    assert page_usccs(web, local="0") == [outside.uscc]
    assert set(page_usccs(web, local="all")) == {e.uscc for e in [*local, outside]}
    # the filter offers all three, the district's own chosen by default
    form = html[html.index('name="local"'):html.index("</select>", html.index('name="local"'))]
    assert 'value="1" selected' in form and 'value="0"' in form and 'value="all"' in form


def test_chinese_names_sort_by_pinyin_in_the_database(web, tmp_path):
    from liandong.accounts.scoping import SYSTEM
    from liandong.enterprises import services
    from liandong.enterprises.models import Enterprise
    from tests.enterprises.imports_helpers import run_import, write_kind
    from tests.factories import make_uscc

    # by code point 北 < 安 < 重 < 阿; by pinyin a < an < bei < chong (重庆 reads chóng)
    made = make_enterprise(name="重庆长安配套有限公司")
    created = services.enterprise_create(actor=SYSTEM, uscc=make_uscc(), name="北京精密制造有限公司")
    code = make_uscc()
    assert run_import(SYSTEM, "enterprises", write_kind(tmp_path / "e.xlsx", "enterprises", [
        {"uscc": code, "name": "阿尔法传感有限公司"}])).ok
    other = make_enterprise(name="临时名称有限公司")
    services.enterprise_update(actor=SYSTEM, enterprise=other, name="安徽电子科技有限公司")
    expected = [code, other.uscc, created.uscc, made.uscc]
    assert page_usccs(web) == expected
    assert usccs_in_order(web) == expected
    # the key is stored (so the database sorts) and indexed
    keys = dict(Enterprise.objects.values_list("uscc", "name_sort"))
    assert keys[made.uscc].startswith("chong2qing4") and keys[code].startswith("a1er3fa3")
    indexed = {tuple(i.fields) for i in Enterprise._meta.indexes}
    assert any(fields[0] == "name_sort" for fields in indexed)


def usccs_in_order(web) -> list[str]:
    from liandong.enterprises.selectors import EnterpriseFilters, enterprise_list

    return list(enterprise_list(actor=make_admin(), filters=EnterpriseFilters()).values_list("uscc", flat=True))


def test_the_data_migration_fills_the_sort_key(db):
    import importlib

    from django.apps import apps

    from liandong.enterprises.models import Enterprise

    e = make_enterprise(name="长城汽车配套有限公司")
    Enterprise.objects.filter(pk=e.pk).update(name_sort="")
    migration = importlib.import_module("liandong.enterprises.migrations.0008_enterprise_name_sort")
    migration.fill_name_sort(apps, None)
    assert Enterprise.objects.get(pk=e.pk).name_sort.startswith("chang2cheng2")
