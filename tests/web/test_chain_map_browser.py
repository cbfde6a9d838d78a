"""A real browser opens a chain map, clicks a node and sees its enterprises."""

from __future__ import annotations

import base64

import pytest
from django.core.cache import cache
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import csp_violations, sign_in
from tests.factories import make_enterprise, make_position, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_click_a_node_on_the_chain_map(live_server, page, plain_static):
    cache.clear()
    fab = make_enterprise(name="天津晶圆制造有限公司", above_scale=True)
    make_position(fab, "ic.mid.fab", role="master")
    make_user("analyst", username="mapper")

    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    refused = csp_violations(page)  # the Content-Security-Policy is on and nothing breaks it
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
    assert refused == []
    # the policy is enforced: a script the page would run inline is refused, and the check sees it
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran") is None
    assert refused and "script-src 'self'" in refused[0]


def _node_pixel(page, node_id: str) -> tuple[float, float]:
    """Where a node of the chain map is on the page."""
    return page.evaluate("""(id) => {
        const chart = window.LiandongMaps['chain-map'];
        const node = chart.getOption().series[0].data.find(n => n.id === id);
        const [px, py] = chart.convertToPixel({seriesIndex: 0}, [node.x, node.y]);
        const box = document.getElementById('chain-map').getBoundingClientRect();
        return [box.left + px, box.top + py];
    }""", node_id)


def test_tooltip_shows_a_node_name_as_text(live_server, page, plain_static):
    """Review #13 item 10: the tooltip escapes node names and reasons (no HTML from the registry runs)."""
    from liandong.chains.models import ChainNode

    cache.clear()
    evil = "<img src=x onerror=window.__xss=1>"
    ChainNode.objects.filter(code="ic.mid.fab").update(name=evil)
    make_user("analyst", username="mapper")
    sign_in(page, live_server, "mapper", "/chains/ic/")
    page.wait_for_selector("#chain-map[data-ready='1']")
    x, y = _node_pixel(page, "ic.mid.fab")
    tip = None
    for _attempt in range(3):  # the tooltip follows the mouse: move onto the node until it shows
        page.mouse.move(x - 30, y - 30)
        page.mouse.move(x, y)
        shown = page.locator("#chain-map > div", has_text=evil).first  # a locator, not a string predicate (CSP)
        try:
            shown.wait_for(timeout=3000)
            tip = shown
            break
        except PlaywrightTimeout:
            continue
    assert tip is not None, "the node's tooltip did not show its name as text"
    assert tip.evaluate("el => el.querySelectorAll('img').length") == 0
    page.wait_for_timeout(300)
    assert page.evaluate("() => typeof window.__xss") == "undefined"


LABEL_RECTS = """() => {
    const chart = window.LiandongMaps['chain-map'];
    const rects = [];
    chart.getZr().storage.getDisplayList(true).forEach(host => {  // a node's label is its symbol's text
        const el = host.getTextContent && host.getTextContent();
        if (!el || el.ignore || el.invisible || !el.style.text || el.style.opacity === 0) return;
        const r = el.getBoundingRect().clone();
        r.applyTransform(el.getComputedTransform());
        rects.push({text: el.style.text, x: r.x, y: r.y, w: r.width, h: r.height});
    });
    const shown = chart.getOption().series[0].data.length;
    return {rects, shown, width: chart.getWidth(), height: chart.getHeight()};
}"""


def _label_problems(found: dict) -> list[str]:
    """Labels outside the chart or overlapping another label (touching is fine)."""
    problems, rects = [], found["rects"]
    for r in rects:
        if r["x"] < -0.5 or r["y"] < -0.5 or r["x"] + r["w"] > found["width"] + 0.5 or r["y"] + r["h"] > found["height"] + 0.5:
            problems.append(f"{r['text']} leaves the chart: {r}")
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > 0.5 and dy > 0.5:
                problems.append(f"{a['text']} overlaps {b['text']}")
    return problems


@pytest.mark.parametrize("code", ["iov", "equip", "ic"])
def test_every_label_inside_the_map_and_apart(live_server, page, plain_static, code, tmp_path):
    """Review #13 item 17: at 1280 px every node's label is shown whole, inside the chart, and no two
    labels overlap — with and without the other chains' nodes (车联网 cut 自动驾驶公交 and stacked labels)."""
    cache.clear()
    for node in ("iov.mid.terminal", "iov.mid.terminal.tbox", "iov.mid.roadside", "equip.mid.smart", "ic.mid.fab"):
        if node.startswith(code):
            for _ in range(3):
                make_position(make_enterprise(above_scale=True), node, role="master")
    make_user("analyst", username="mapper")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "mapper", f"/chains/{code}/")
    page.wait_for_selector("#chain-map[data-ready='1']")
    for external in (False, True):
        if external:
            page.evaluate("() => { document.getElementById('chain-map').dataset.ready = ''; }")
            page.check("#show-external")
            page.wait_for_selector("#chain-map[data-ready='1']")
        page.wait_for_timeout(300)
        found = page.evaluate(LABEL_RECTS)
        image = page.evaluate("() => window.LiandongMaps['chain-map'].getDataURL({backgroundColor: '#fff'})")
        (tmp_path / f"{code}-{external}.png").write_bytes(base64.b64decode(image.split(",", 1)[1]))  # to look at
        assert len(found["rects"]) == found["shown"], "every node shows its label"
        assert _label_problems(found) == [], f"{code}, other chains shown: {external}"
