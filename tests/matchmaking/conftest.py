"""A small market: a car maker (buyer), a local chip designer on the IC chain's automotive-chip node,
a local photoresist maker, an outside photoresist maker, the office and the users of the parties."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from liandong.matchmaking.index import reset
from tests.factories import make_admin, make_enterprise, make_enterprise_user, make_position, make_uscc


@dataclass
class Market:
    office: object
    buyer: object
    buyer_user: object
    chips: object
    chips_user: object
    resist: object
    outside: object
    stranger_user: object


@pytest.fixture
def market(db) -> Market:
    reset()
    buyer = make_enterprise(name="天津整车制造有限公司", above_scale=True, main_products="新能源乘用车")
    make_position(buyer, "auto.mid.mfg.pv", role="master")
    chips = make_enterprise(name="天津芯驰车规半导体有限公司", main_products="车规级MCU 功率器件")
    make_position(chips, "ic.mid.design.auto", products="车规级MCU")
    resist = make_enterprise(name="中芯光刻材料（天津）有限公司", main_products="KrF光刻胶")
    make_position(resist, "ic.up.mat.photoresist", products="光刻胶")
    outside = make_enterprise(uscc=make_uscc(division="110108"), name="北京远方光阻有限公司", main_products="光刻胶")
    yield Market(make_admin(), buyer, make_enterprise_user(buyer), chips, make_enterprise_user(chips), resist, outside,
                 make_enterprise_user())
    reset()
