"""The 免申即享 list's 预计兑现金额（万元） is in 万元 (review #13 item 1, exports with money): R&D expense
stored in yuan, the example subsidy pays 10% of it up to 50万元."""

from __future__ import annotations

import datetime as dt
import io

from django.test import Client
from openpyxl import load_workbook

from tests.factories import make_analyst, make_enterprise, make_position

from .conftest import annual


def test_the_no_application_list_pays_in_wan_like_its_header(district):
    modest = make_enterprise(name="天津研发适中科技有限公司", above_scale=True, established=dt.date(2016, 3, 1))
    make_position(modest, "ic.up.mat.wafer")
    for year in (2023, 2024, 2025):
        annual(modest, year, revenue=1000, rd=40.5)  # 万元: 4.05% of revenue → 10% = 4.05万元
    client = Client()
    client.force_login(make_analyst())
    sheet = load_workbook(io.BytesIO(client.get("/policies/xq-rd-subsidy-2025/no-application.xlsx").content))["免申即享"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "统一社会信用代码")
    column = header.index("预计兑现金额（万元）")
    paid = {r[0]: r[column] for r in rows[rows.index(header) + 1:]}
    assert paid[modest.uscc] == 4.05
    assert paid[district.leader.uscc] == 50  # 10% of 600万元, capped at 50万元
