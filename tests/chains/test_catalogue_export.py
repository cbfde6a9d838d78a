"""The 招商目录 workbook as an official reads it (#13 item 13): nodes by name (no ``ic.mid.design.sensor``
codes), and instead of a bare 评分 such as 126800.046 the figure each list is ranked by, named
(下游本地需求 / 区外采购额 / 上游本地产值), in 万元 rounded to one decimal."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.test import Client
from openpyxl import load_workbook

from liandong.chains.models import ChainNode, SupplyRelation
from tests.factories import make_analyst, make_enterprise, make_position, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    """Local firms on the IC chain with output, a fab that buys most of its wafers outside the district."""
    cache.clear()
    wafer = make_enterprise(name="天津硅片材料有限公司", above_scale=True)
    fab = make_enterprise(name="天津晶圆制造有限公司", above_scale=True)
    outside = make_enterprise(name="江苏硅片有限公司", uscc=make_uscc(division="320500"))
    make_position(wafer, "ic.up.mat.wafer")
    make_position(fab, "ic.mid.fab", role="master")
    make_position(outside, "ic.up.mat.wafer")
    SupplyRelation.objects.create(supplier=wafer, customer=fab, year=2025, product="12英寸硅片", amount=1_000_000)
    SupplyRelation.objects.create(supplier=outside, customer=fab, year=2025, product="12英寸硅片",
                                  amount=1_268_000_461)
    from liandong.enterprises.models import MonthlyIndicator

    for e, output in ((wafer, 300_000_000), (fab, 2_000_000_000)):
        MonthlyIndicator.objects.create(enterprise=e, period="2025-06", output_value=output, value_added=output / 4,
                                        above_scale=True)
    yield
    cache.clear()


def test_catalogue_names_nodes_and_labels_rounded_figures(district):
    client = Client()
    client.force_login(make_analyst())
    data = client.get("/api/v1/chains/ic/analysis").json()
    sheet = load_workbook(io.BytesIO(client.get("/chains/ic/catalogue.xlsx").content)).active
    header = [c.value for c in sheet[2]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(rows) == len(data["fill"]) + len(data["strengthen"]) + len(data["extend"])
    assert {"strengthen", "extend"} <= {k for k in ("fill", "strengthen", "extend") if data[k]}

    assert "评分" not in header and "环节代码" not in header
    codes = {c for c in ChainNode.objects.values_list("code", flat=True) if "." in c}
    for row in rows:
        for value in row.values():
            assert not (isinstance(value, str) and any(code in value for code in codes)), value

    basis = {"补链": "下游本地需求", "强链": "区外采购额", "延链": "上游本地产值"}
    for row in rows:
        assert row["排序依据"] == basis[row["类型"]]
        amount = row["金额（万元）"]
        assert amount is None or amount == round(amount, 1)
    names = {n.name for n in ChainNode.objects.filter(chain__code__in=("ic",))} | {
        n.name for n in ChainNode.objects.all()}
    assert all(row["环节"] in names for row in rows)

    strengthen = next(r for r in rows if r["类型"] == "强链" and r["环节"] == "硅片")
    expected = next(s for s in data["strengthen"] if s["node"] == "ic.up.mat.wafer")["score"]
    assert strengthen["金额（万元）"] == round(expected, 1) and strengthen["金额（万元）"] != expected
    assert strengthen["所属产业链"] == "集成电路" and strengthen["上级环节"] == "半导体材料"
