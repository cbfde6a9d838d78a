"""Money in policies is 万元 at the edges (review #13 item 1): the 免申即享 list's 预计兑现金额（万元）, and
the thresholds and cap an official types into the policy form. R&D expense and revenue are stored in
yuan."""

from __future__ import annotations

import datetime as dt
import io

import lxml.html
from django.test import Client
from openpyxl import load_workbook

from tests.factories import make_analyst, make_chain_officer, make_enterprise, make_position
from tests.forms import unchanged_submission

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


def test_a_policy_written_in_the_form_reads_thresholds_and_caps_in_wan(district):
    """The policy form's values are 万元 like the facts' labels: 营业收入 ≥ 6000 keeps out the enterprise
    with 5000万元, and the cap of 30 pays 30万元 (not 30 yuan, not 30亿)."""
    client = Client()
    client.force_login(make_chain_officer())
    form = lxml.html.fromstring(client.get("/policies/new/").content.decode()).get_element_by_id("policy-form")
    data = unchanged_submission(form) | {
        "name": ["研发投入奖励（测试）"], "code": ["xq-wan-test"], "issuer": ["区工信局"], "document": ["西青工信〔2026〕9号"],
        "effective": ["2025-01-01"], "benefit_field": ["rd_expense"], "benefit_rate": ["0.1"], "benefit_cap": ["30"]}
    data["field"][0], data["op"][0], data["value"][0] = "revenue", ">=", "6000"
    assert client.post("/policies/new/", data).status_code == 302
    sheet = load_workbook(io.BytesIO(client.get("/policies/xq-wan-test/no-application.xlsx").content))["免申即享"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "统一社会信用代码")
    paid = {r[0]: r[header.index("预计兑现金额（万元）")] for r in rows[rows.index(header) + 1:]}
    assert paid == {district.leader.uscc: 30}  # 10% of 600万元 capped at 30万元; 5000万元 < 6000万元
