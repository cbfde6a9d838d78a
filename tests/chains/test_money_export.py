"""The 招商目录's 金额（万元） is in 万元 (review #13 item 1, exports with money): a fab reporting
revenue in yuan is the local demand of the materials nodes that supply it."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from liandong.enterprises.models import AnnualData
from tests.factories import make_analyst, make_enterprise, make_position

pytestmark = pytest.mark.django_db


def test_the_catalogue_states_local_demand_in_wan():
    make_position(make_enterprise(name="天津硅片材料有限公司"), "ic.up.mat.wafer")
    fab = make_enterprise(name="天津晶圆制造有限公司")
    make_position(fab, "ic.mid.fab", role="master")
    AnnualData.objects.create(enterprise=fab, year=2025, revenue=Decimal("123456789.00"))  # 12,345.7万元
    client = Client()
    client.force_login(make_analyst())
    sheet = load_workbook(io.BytesIO(client.get("/chains/ic/catalogue.xlsx").content)).active
    header = [c.value for c in sheet[2]]
    rows = [dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=3, values_only=True)]
    [materials] = [r for r in rows if (r["类型"], r["环节"]) == ("补链", "半导体材料")]  # the wafer maker's stage
    assert materials["排序依据"] == "下游本地需求"
    assert materials["金额（万元）"] == 12345.7
    assert "下游本地需求12346万元" in materials["原因"]
