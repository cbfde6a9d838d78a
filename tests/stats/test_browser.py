"""A real browser reads the statistics page, switches to the month, edits the paragraph, downloads
the bureau table and drills into a chain."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from tests.browser import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_statistics_page_end_to_end(live_server, page, plain_static, published_district, tmp_path):
    cache.clear()
    make_user("analyst", username="statistician")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    sign_in(page, live_server, "statistician", "/stats/")
    page.wait_for_selector("#trend-chart canvas")
    page.wait_for_selector("#contribution-chart canvas")
    assert page.inner_text("#key-growth") == "4.3%"
    assert "2023年1-6月" in page.input_value("#narrative")

    page.check("input[name=mode][value=month]")
    page.click("#period-picker button[type=submit]")
    page.wait_for_url("**mode=month**")
    assert page.inner_text("#key-growth") == "4.3%"
    assert page.input_value("#narrative").startswith("2023年6月，")

    edited = "6月，五条重点产业链增加值增速4.3%，高于规模工业1.6个百分点。"
    page.fill("#narrative", edited)
    with page.expect_download() as download_info:
        page.click("#export")
    target = tmp_path / "report.xlsx"
    download_info.value.save_as(target)
    sheet = load_workbook(target)["汇总"]
    assert sheet["A3"].value == edited
    assert "（当月）" in sheet["A1"].value

    page.click("table.stats-table a:text('集成电路')")
    page.wait_for_url("**/stats/chain/ic/**")
    assert "硅片" in page.inner_text("main")
    assert errors == []


def test_mode_radios_sit_beside_their_words(live_server, page, plain_static, published_district):
    """Issue #13 item 17: the site rule for labelled inputs made each radio a 280 px block, far from
    its word. Each radio is now a small box right before its label text."""
    cache.clear()
    make_user("analyst", username="statistician")
    sign_in(page, live_server, "statistician", "/stats/")
    for value in ("ytd", "month"):
        radio = page.locator(f"#period-picker input[name=mode][value={value}]").bounding_box()
        label = page.locator(f"#period-picker label:has(input[value={value}])").bounding_box()
        assert radio["width"] < 30
        text_width = label["width"] - radio["width"]
        assert 0 < text_width < 120                            # the label is the box and its words only
        assert abs((radio["y"] + radio["height"] / 2) - (label["y"] + label["height"] / 2)) < 6  # on one line
