"""The statistics pages: the report with its paragraph, the bureau-table export with the edited
text, the drill-down, and who may open them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.factories import make_analyst, make_chain_officer, make_enterprise_user
from tests.pages import client_for

QUERY = {"period": "2023-06", "mode": "ytd"}


def test_the_report_page_shows_figures_paragraph_and_charts(published_district):
    response = client_for(make_chain_officer()).get("/stats/", QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "五条重点产业链增加值同比增长4.3%" in html
    assert 'id="trend-chart"' in html and 'id="contribution-chart"' in html
    assert 'href="/stats/chain/ic/?' in html
    assert "统计数据" in html  # the navigation offers it


def test_the_page_defaults_to_the_latest_period_year_to_date(published_district):
    html = client_for(make_analyst()).get("/stats/").content.decode()
    assert "2023年1-6月" in html


def test_export_carries_the_edited_paragraph_and_the_bureau_layout(published_district):
    edited = "1-6月，五条重点产业链增加值增速4.3%（经专班审核）。"
    response = client_for(make_analyst()).post("/stats/export.xlsx", {**QUERY, "narrative": edited,
                                                                      "indicator": "value_added"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('stats-value_added-2023-06-ytd.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["汇总"]
    assert "2023年1-6月" in sheet["A1"].value
    assert sheet["A3"].value == edited
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == "分组")
    assert header[4] == "同比增速（%）" and header[6] == "拉动（百分点）"
    by_name = {r[0]: r for r in rows if r[0]}
    assert by_name["规模以上工业合计"][4] == 2.7
    assert by_name["重点产业链（去重）"][4:9] == [4.3, 1.6, 2.1, pytest.approx(77.7), 48.6]
    assert by_name["  生物医药"][4] == 12.0
    assert any(str(r[0]).startswith("注：1. 统计范围") for r in rows)
    assert [c.value for c in book["一致性校验"][1]] == ["校验项", "应为", "实际", "结果"]
    assert "产业链环节" in book.sheetnames


def test_the_drill_down_lists_nodes_and_enterprises(published_district):
    client = client_for(make_analyst())
    response = client.get("/stats/chain/ic/", QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "半导体材料" in html and "硅片" in html and published_district[2].name in html
    assert client.get("/stats/chain/nope/", QUERY).status_code == 404


def test_enterprise_users_do_not_get_statistics(published_district):
    client = client_for(make_enterprise_user(enterprise=published_district[1]))
    assert client.get("/stats/", QUERY).status_code == 403
    assert client.post("/stats/export.xlsx", QUERY).status_code == 403
    assert client.get("/stats/chain/ic/", QUERY).status_code == 403
    assert 'href="/stats/"' not in client.get("/").content.decode()


def test_without_figures_the_page_says_what_to_do(db):
    html = client_for(make_analyst()).get("/stats/").content.decode()
    assert "导入" in html and "月度" in html
