"""A matchmaking day: an organiser, a buyer (car maker) and two suppliers on supply-linked chain nodes,
all registered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from liandong.events.services import event_create, registration_create
from tests.factories import make_admin, make_enterprise, make_enterprise_user, make_position


@dataclass
class Day:
    event: object
    organiser: object
    buyer: object
    suppliers: list
    outsider: object


@pytest.fixture
def day(db) -> Day:
    organiser = make_admin()
    start = timezone.now() + dt.timedelta(days=3)
    event = event_create(actor=organiser, title="汽车产业链供需对接会", kind="matchmaking", starts_at=start,
                         ends_at=start + dt.timedelta(hours=4), venue="西青区会展中心", capacity=3, status="open",
                         chains=["auto"], tables=2, meetings_start=start + dt.timedelta(hours=1), slot_minutes=20)
    buyer_ent = make_enterprise(name="天津整车制造有限公司", above_scale=True)
    make_position(buyer_ent, "auto.mid.mfg.pv", role="master")
    users = [make_enterprise_user(buyer_ent)]
    for i, node in enumerate(("auto.up.parts.chassis", "auto.up.parts.body")):
        e = make_enterprise(name=f"天津零部件{i}有限公司")
        make_position(e, node)
        users.append(make_enterprise_user(e))
    for user in users:
        registration_create(actor=user, event=event, representatives="王总", side="both")
    return Day(event=event, organiser=organiser, buyer=users[0], suppliers=users[1:],
               outsider=make_enterprise_user(make_enterprise(name="天津后来者有限公司")))
