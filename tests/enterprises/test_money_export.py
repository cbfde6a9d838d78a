"""The enterprise list export carries 注册资本 in 万元 as its header says, and exactly: the exported file
imported again leaves every registered capital as it was (review #13 item 1, exports with money)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from liandong.core.models import WAN
from liandong.enterprises.imports.services import import_run
from liandong.enterprises.models import Enterprise
from tests.factories import make_admin, make_enterprise

CAPITAL = "注册资本（万元）"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(yuan=st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("1e12"), places=2)))
def test_registered_capital_is_exported_in_wan_and_survives_a_reimport(db, yuan):
    admin = make_admin()
    enterprise = make_enterprise(name="天津资本往返测试有限公司", registered_capital=yuan)
    client = Client()
    client.force_login(admin)
    content = client.get("/enterprises/export.xlsx", {"q": enterprise.uscc}).content
    sheet = load_workbook(io.BytesIO(content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    [row] = [r for r in rows if r[0] == enterprise.uscc]
    cell = row[header.index(CAPITAL)]
    if yuan is None:
        assert cell is None
    else:  # the figure is in 万元, as the header says
        assert round(Decimal(str(cell)) * WAN, 2) == yuan

    result = import_run(actor=admin, kind="enterprises", name="export.xlsx", content=content)
    assert result.ok, result.errors
    assert Enterprise.objects.get(pk=enterprise.pk).registered_capital == yuan
    enterprise.delete()
