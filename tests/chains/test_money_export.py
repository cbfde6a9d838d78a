"""The 招商目录's 本地下游需求（万元） is in 万元 (review #13 item 1, exports with money): a fab reporting
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
    column = header.index("本地下游需求（万元）")
    rows = {(row[0], row[3]): row for row in sheet.iter_rows(min_row=3, values_only=True)}
    materials = rows[("补链", "ic.up.mat")]  # the wafer maker's stage node, one local enterprise
    assert materials[column] == 12345.7
    assert "下游本地需求12346万元" in materials[header.index("原因")]
