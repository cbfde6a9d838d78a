"""The bureau table's amounts are in 万元, as its headers and unit line say (review #13 item 1, exports
with money): the district imported in 万元 comes out in the same figures, and so does the published
total."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from liandong.accounts.scoping import SYSTEM
from tests.engines.stats.builders import PUBLISHED
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import make_analyst

MONTHS = 6  # the fixture imports January–June, the export is year to date


def test_the_bureau_table_is_in_wan_like_its_labels(published_district, tmp_path):
    official = [{"period": "2023-06", "indicator": "value_added", "cumulative": "是", "value": 6300.5,
                 "growth_pct": 2.9}]
    assert run_import(SYSTEM, "official-totals", write_kind(tmp_path / "o.xlsx", "official-totals", official)).ok
    client = Client()
    client.force_login(make_analyst())
    response = client.post("/stats/export.xlsx", {"period": "2023-06", "mode": "ytd", "indicator": "value_added"})
    sheet = load_workbook(io.BytesIO(response.content))["汇总"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1] == ["单位：万元、%、百分点", *[None] * (len(rows[1]) - 1)]
    header = next(r for r in rows if r[0] == "分组")
    assert header[2:4] == ["本期增加值（万元）", "上年同期（万元）"]
    by_name = {r[0]: r for r in rows if r[0]}
    current = sum(p[4] for p in PUBLISHED) * MONTHS  # imported in 万元 per month
    last_year = sum(p[2] for p in PUBLISHED) * MONTHS
    assert by_name["规模以上工业合计"][2:4] == [current, last_year]
    bio = next(p for p in PUBLISHED if p[1] == "bio")
    assert by_name["  生物医药"][2:4] == [bio[4] * MONTHS, bio[2] * MONTHS]
    assert by_name["统计局公布数"][2] == 6300.5
    assert by_name["平台汇总数"][2] == current
