"""Review #13 item 17 on the matchmaking pages: an offer's suggestions are buyers (推荐采购方), a need's
suppliers; the 撮合成效 tiles each say what they count; a refused posting names its field."""

from __future__ import annotations

import re

from django.test import Client

from liandong.matchmaking import selectors, services
from liandong.matchmaking.models import Match
from tests.factories import make_enterprise, make_position


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    """The page's words without tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_an_offer_suggests_buyers_not_suppliers(market):
    """An offer of 车规级MCU: the car maker that asked for MCUs and the ECU maker its node supplies
    (集成电路 车规芯片 → 汽车 电控系统) are suggested; the photoresist makers (suppliers, not buyers)
    and the offering enterprise itself are not."""
    ecu = make_enterprise(name="天津电控系统有限公司", above_scale=True)
    make_position(ecu, "auto.up.elec.ecu")
    services.need_create(actor=market.buyer_user, kind="need", title="车规级MCU", text="车身控制器用，年需求20万片")
    offer = services.need_create(actor=market.chips_user, kind="offer", title="车规级MCU",
                                 text="32位车规级MCU，AEC-Q100认证", node="ic.mid.design.auto")

    found = {s.name: s for s in selectors.suggestions(actor=market.chips_user, need=offer)}
    assert "天津整车制造有限公司" in found and "天津电控系统有限公司" in found
    assert {market.chips.name, market.resist.name, market.outside.name}.isdisjoint(found)
    assert any("车规级MCU" in r for r in found["天津整车制造有限公司"].reasons)
    assert any("电控系统" in r for r in found["天津电控系统有限公司"].reasons)

    page = _text(_client(market.chips_user).get(f"/matchmaking/needs/{offer.pk}/"))
    assert "推荐采购方" in page and "推荐供应商" not in page
    assert "天津电控系统有限公司" in page


def test_a_need_still_suggests_suppliers(market):
    need = services.need_create(actor=market.buyer_user, kind="need", title="车规级MCU", text="车身控制器用")
    names = [s.name for s in selectors.suggestions(actor=market.buyer_user, need=need)]
    assert market.chips.name in names
    page = _text(_client(market.buyer_user).get(f"/matchmaking/needs/{need.pk}/"))
    assert "推荐供应商" in page and "推荐采购方" not in page


def test_funnel_tiles_each_name_what_they_count(market):
    """撮合成效 had two tiles named 已撮合: every introduction so far, and those still waiting for the
    first contact. Each tile's name is unique and the two show their own counts."""
    need = services.need_create(actor=market.buyer_user, kind="need", title="车规级MCU", text="车身控制器用")
    services.match_introduce(actor=market.office, need=need, supplier=market.chips.uscc)
    later = services.match_introduce(actor=market.office, need=need, supplier=market.resist.uscc)
    services.match_advance(actor=market.office, match=later, status=Match.Status.CONTACTED)

    html = _client(market.office).get("/matchmaking/funnel/").content.decode()
    tiles = re.findall(r'<div class="tile"><b[^>]*>([^<]*)</b><span>([^<]*)</span>', html)
    names = [name for _, name in tiles]
    assert len(names) == len(set(names)), names
    counts = dict((name, value) for value, name in tiles)
    assert counts["累计撮合"] == "2"  # every introduction, whatever its stage now
    assert counts["待联系"] == "1"  # introduced, not yet contacted
    assert counts["已联系"] == "1"
