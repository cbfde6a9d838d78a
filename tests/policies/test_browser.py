"""A real browser: an official reads the screening chart, opens a policy's near list with what each
enterprise lacks, downloads the 免申即享 list and opens it; an enterprise user lands on its own
policies and sees what it is missing, declares what the district cannot know, never sees another
enterprise's."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.browser import csp_violations, sign_in, switch_user
from tests.factories import make_analyst, make_enterprise_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_screening_to_no_application_list_and_an_enterprises_own_view(live_server, page, plain_static, district,
                                                                       tmp_path):
    make_analyst(username="fenxi")
    make_enterprise_user(district.short, username="duanban")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    refused = csp_violations(page)  # the Content-Security-Policy is on and nothing breaks it

    sign_in(page, live_server, "fenxi", "/policies/")
    page.wait_for_selector("#status-chart canvas")  # ECharts drew the counts per policy
    page.click("#policies a:has-text('重点产业链企业研发投入后补助')")
    page.wait_for_url("**/policies/xq-rd-subsidy-2025/")
    page.click(".tiles a[href='?status=near']")
    row = page.locator("#results tr", has_text=district.short.name)
    assert "上年研发费用再增加" in row.inner_text()
    assert district.leader.name in page.inner_text("#no-application")
    with page.expect_download() as download_info:
        page.click("#no-application a.button")
    target = tmp_path / "free.xlsx"
    download_info.value.save_as(target)
    sheet = load_workbook(target)["免申即享"]
    assert sheet["A4"].value == district.leader.uscc and len(sheet["F4"].value) == 64

    own = f"/policies/enterprises/{district.short.uscc}/"
    switch_user(page, live_server, "duanban", own)
    page.goto(f"{live_server.url}/policies/")  # the policies menu leads an enterprise user to its own
    page.wait_for_url(f"{live_server.url}{own}")
    assert "上年研发费用再增加" in page.inner_text("main")
    card = page.locator(".policy-card[data-code='high-tech-2016']")
    assert "高新技术产品（服务）收入占比" in card.locator(".undeclared").inner_text()  # not declared yet
    page.click("#declare-link")  # 自报信息: what the district cannot know
    page.fill("#f-high_tech_revenue_share", "65")
    page.select_option("#f-key_tech_field", "是")
    page.click("#declare-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{own}")
    assert "已保存 2 项" in page.inner_text("main")
    assert card.locator(".undeclared").count() == 0  # both declared; the experts' score is not the enterprise's
    page.goto(f"{live_server.url}/policies/enterprises/{district.leader.uscc}/")
    assert district.leader.name not in page.content()
    assert errors == []
    assert refused == []


LABELS = """() => {
  const el = document.getElementById("status-chart");
  const chart = echarts.getInstanceByDom(el);
  const canvas = el.querySelector("canvas"), ctx = canvas.getContext("2d");
  const inked = (x) => ctx.getImageData(x, 0, 1, canvas.height).data.some((v, i) => i % 4 === 3 && v > 0);
  return {width: el.clientWidth, height: el.clientHeight,
    // pixels drawn in the canvas's first or last two columns: something cut at the edge
    edges: [0, 1, canvas.width - 2, canvas.width - 1].filter(inked),
    labels: chart.getZr().storage.getDisplayList()
      .filter(e => e.style && typeof e.style.text === "string" && e.style.text.trim())
      .map(e => { const r = e.getBoundingRect().clone(); r.applyTransform(e.getComputedTransform());
                  return {text: e.style.text, left: r.x, right: r.x + r.width, top: r.y, bottom: r.y + r.height}; })};
}"""


def test_the_screening_chart_shows_every_policy_name_whole(live_server, page, plain_static, district, tmp_path):
    """Review #13 item 17: the policy names on the chart's axis are not cut off at the left edge, and
    every policy has its label (none skipped for want of room). The PNG is kept for a look."""
    make_analyst(username="fenxi")
    sign_in(page, live_server, "fenxi", "/policies/")
    for width in (1400, 760):  # a wide screen, and a narrow window where long names wrap
        page.set_viewport_size({"width": width, "height": 1000})
        page.goto(f"{live_server.url}/policies/")
        page.wait_for_selector("#status-chart canvas")
        page.wait_for_timeout(1200)  # the bars' entrance animation
        page.locator("#status-chart").screenshot(path=str(tmp_path / f"policy-chart-{width}.png"))
        drawn = page.evaluate(LABELS)
        names = [n.strip() for n in page.locator("#policies tbody tr td:first-child a").all_inner_texts()]
        assert len(names) >= 6
        written = "".join(t["text"] for t in drawn["labels"]).replace("\n", "")  # a wrapped name: its lines in order
        for name in names:
            assert name in written, f"{name} has no whole axis label at {width}px"
        outside = [t for t in drawn["labels"] if t["left"] < 0 or t["right"] > drawn["width"] or t["top"] < 0
                   or t["bottom"] > drawn["height"]]
        assert outside == [], width
        assert drawn["edges"] == [], f"ink at the chart's edge at {width}px: a label is cut"
