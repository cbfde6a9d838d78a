"""A real browser opens a chain map, clicks a node and sees its enterprises."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import sign_in
from tests.factories import make_enterprise, make_position, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_click_a_node_on_the_chain_map(live_server, page, plain_static):
    cache.clear()
    fab = make_enterprise(name="天津晶圆制造有限公司", above_scale=True)
    make_position(fab, "ic.mid.fab", role="master")
    make_user("analyst", username="mapper")

    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    sign_in(page, live_server, "mapper", "/chains/ic/")
    page.wait_for_selector("#chain-map[data-ready='1']")  # drawn, entrance animation over
    x, y = page.evaluate("""() => {
        const chart = window.LiandongMaps['chain-map'];
        const node = chart.getOption().series[0].data.find(n => n.id === 'ic.mid.fab');
        const [px, py] = chart.convertToPixel({seriesIndex: 0}, [node.x, node.y]);
        const box = document.getElementById('chain-map').getBoundingClientRect();
        return [box.left + px, box.top + py];
    }""")
    for attempt in range(3):  # a click during a redraw can miss; the panel must come within three
        page.mouse.click(x, y)
        try:
            page.wait_for_selector("#node-detail[data-node='ic.mid.fab']", timeout=5000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    assert "天津晶圆制造有限公司" in page.inner_text("#node-enterprises")

    page.goto(f"{live_server.url}/chains/")  # the district overview draws its status chart
    page.wait_for_selector("#status-chart canvas")
    for path in ("/", f"/enterprises/{fab.uscc}/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert errors == []
