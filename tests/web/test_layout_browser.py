"""Review #13 item 17, measured in a real browser at 1280 px: radio buttons sit by their labels, the
need-posting description box is a real text box, secondary buttons can be seen, the navigation
stays on one line (in English too), the bell's badge covers nothing."""

from __future__ import annotations

import pytest

from tests.browser import sign_in
from tests.factories import make_enterprise, make_enterprise_user, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTH = 1280

# WCAG 2.x relative luminance and contrast of two CSS colours; a colour's effective background is the
# first opaque background among it and its ancestors.
CONTRAST_JS = """
window.__contrast = (function () {
    function rgb(text) { const m = text.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
    function lum(c) {
        const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    }
    function ratio(a, b) { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
    function background(el) {
        for (let e = el; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.a > 0.5) return c;
        }
        return {r: 255, g: 255, b: 255, a: 1};
    }
    return function (button) {
        const style = getComputedStyle(button), around = background(button.parentElement);
        const own = background(button), border = rgb(style.borderTopColor);
        const bordered = parseFloat(style.borderTopWidth) > 0 && border.a > 0;
        const plain = rgb(style.backgroundColor).a === 0 && !bordered;  // a button drawn as a link: its words are all there is
        const edge = Math.max(ratio(own, around), bordered ? ratio(border, around) : 1);
        return {text: button.innerText.trim(), plain: plain, edge: edge, label: ratio(rgb(style.color), own)};
    };
})();
"""


def _open(page, live_server, username: str, path: str, language: str = "zh-hans") -> None:
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    sign_in(page, live_server, username, path)


def test_radio_buttons_sit_by_their_labels(live_server, page, plain_static):
    """Appeals inbox: each radio is within 12 px of its label's text, on the same line."""
    make_user("chain_officer", username="inbox")
    _open(page, live_server, "inbox", "/appeals/")
    gaps = page.evaluate("""() => [...document.querySelectorAll('input[type=radio]')].map(radio => {
        const label = radio.closest('label');
        const range = document.createRange();
        const text = [...label.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
        range.selectNodeContents(text);
        const words = [...range.getClientRects()].filter(r => r.width > 0)[0];
        const box = radio.getBoundingClientRect();
        return {label: text.textContent.trim(), gap: words.left - box.right,
                dy: Math.abs((words.top + words.bottom) / 2 - (box.top + box.bottom) / 2), width: box.width};
    })""")
    assert len(gaps) >= 2
    for g in gaps:
        assert 0 <= g["gap"] <= 12, g
        assert g["dy"] <= 6, g
        assert g["width"] <= 20, g


def test_need_description_is_a_real_text_box(live_server, page, plain_static):
    """The need-posting form's description box shows at least four lines and the form's width."""
    make_enterprise_user(make_enterprise(name="天津整车制造有限公司"), username="poster")
    _open(page, live_server, "poster", "/matchmaking/")
    box = page.evaluate("""() => {
        const area = document.querySelector('#need-form textarea[name=text]');
        const style = getComputedStyle(area);
        const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6;
        return {height: area.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
                line: line, width: area.getBoundingClientRect().width,
                title: document.querySelector('#need-form input[name=title]').getBoundingClientRect().width};
    }""")
    assert box["height"] >= 4 * box["line"] - 1, box
    assert box["width"] >= box["title"], box


@pytest.mark.parametrize("where", ["appeals", "market", "need"])
def test_secondary_buttons_can_be_seen(live_server, page, plain_static, where):
    """Buttons that are not the primary action stand out from their background by 3:1 (WCAG 1.4.11)
    and their words by 4.5:1; a button drawn as a link (the need page's "which chain node?") by its
    words (they were #dbe8f5 on white)."""
    from liandong.matchmaking.index import reset
    from liandong.matchmaking.models import Need

    reset()
    make_user("chain_officer", username="seer")
    need = Need.objects.create(enterprise=make_enterprise(), title="车规级MCU", text="车身控制器用")
    path = {"appeals": "/appeals/", "market": "/matchmaking/", "need": f"/matchmaking/needs/{need.pk}/"}[where]
    _open(page, live_server, "seer", path)
    page.evaluate("() => {" + CONTRAST_JS + "}")  # not a <script> tag: the Content-Security-Policy refuses those
    found = page.evaluate("""() => [...document.querySelectorAll('main button')]
        .filter(b => b.offsetParent !== null).map(b => window.__contrast(b))""")
    assert found, "the page has buttons"
    if where == "need":
        assert any(f["plain"] for f in found), "the node confirmations are there"
    for f in found:
        if not f["plain"]:
            assert f["edge"] >= 3, f
        assert f["label"] >= 4.5, f
    reset()


NAV_JS = """() => {
    const links = [...document.querySelectorAll('.topbar nav a')];
    const lines = links.map(a => { const r = document.createRange(); r.selectNodeContents(a);
                                    return [...r.getClientRects()].filter(x => x.width > 0).length; });
    const tops = links.map(a => Math.round(a.getBoundingClientRect().top));
    const header = document.querySelector('.topbar').getBoundingClientRect();
    const boxes = ['.brand', '.topbar nav', '.lang', '#bell', '.who', '.topbar form[action$="logout/"]']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => [e.className || e.id || e.tagName, e.getBoundingClientRect()]);
    const text = ['.brand', '.who', '.topbar button.link'].map(s => document.querySelector(s)).filter(Boolean).map(e => {
        const r = document.createRange(); r.selectNodeContents(e);  // line boxes: rects that share no height start a row
        const rects = [...r.getClientRects()].filter(x => x.width > 0).sort((a, b) => a.top - b.top);
        let rows = 0, bottom = -Infinity;
        rects.forEach(x => { if (x.top >= bottom - 1) { rows += 1; bottom = x.bottom; } else bottom = Math.max(bottom, x.bottom); });
        return [e.className, rows]; });
    return {lines, tops, text, scroll: document.documentElement.scrollWidth, width: window.innerWidth,
            boxes: boxes.map(([n, b]) => ({n, left: b.left, right: b.right, top: b.top, bottom: b.bottom})),
            header: {top: header.top, bottom: header.bottom}};
}"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("who", ["admin", "enterprise"])
def test_navigation_is_one_line_at_1280(live_server, page, plain_static, language, who):
    """Every navigation link on one line, no link or name broken over two, nothing past the right
    edge and no two header parts on top of each other — in Chinese and in English."""
    if who == "admin":
        make_user("admin", username="navigator", is_staff=True)
    else:
        make_enterprise_user(make_enterprise(name="天津亿宇传感技术股份有限公司（演示）"), username="navigator")
    _open(page, live_server, "navigator", "/", language)
    nav = page.evaluate(NAV_JS)
    assert set(nav["lines"]) == {1}, nav["lines"]
    assert len(set(nav["tops"])) == 1, nav["tops"]
    assert all(rows == 1 for _, rows in nav["text"]), nav["text"]
    assert nav["scroll"] <= nav["width"], nav
    boxes = nav["boxes"]
    for i, a in enumerate(boxes):
        assert a["right"] <= nav["width"] and a["bottom"] <= nav["header"]["bottom"] + 0.5, a
        for b in boxes[i + 1:]:
            overlap_x = min(a["right"], b["right"]) - max(a["left"], b["left"])
            overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)


def test_bell_badge_covers_nothing(live_server, page, plain_static):
    """The unread count sits beside the bell: it covers neither the bell nor the user's name."""
    from liandong.notifications.models import Notification

    user = make_user("chain_officer", username="ringer")
    for n in range(17):
        Notification.objects.create(recipient=user, kind="test", title=f"提醒{n}", key=f"layout-test-{n}")
    _open(page, live_server, "ringer", "/")
    rects = page.evaluate("""() => {
        const bell = document.getElementById('bell'), badge = document.getElementById('unread');
        const icon = [...bell.childNodes].filter(n => n !== badge);
        const r = document.createRange(); r.setStartBefore(icon[0]); r.setEndAfter(icon[icon.length - 1]);
        const box = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
        return {icon: box(r), badge: box(badge), who: box(document.querySelector('.who')), text: badge.innerText};
    }""")
    assert rects["text"] == "17"
    for other in ("icon", "who"):
        a, b = rects["badge"], rects[other]
        overlap_x = min(a["right"], b["right"]) - max(a["left"], b["left"])
        overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
        assert overlap_x <= 0.5 or overlap_y <= 0.5, (other, rects)
