"""Past periods are grouped by the memberships of their time (issue #13 item 7): an enterprise that
moved park or left a chain node in month M counts under the old park / node for the periods before
M and under the new one from M on, in the report, the trend and the drill-down."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from liandong.accounts.scoping import SYSTEM
from liandong.chains.models import EnterprisePosition
from liandong.enterprises.models import Enterprise, Park
from liandong.stats.selectors import group_drill, stats_report, stats_trend
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import make_admin, make_analyst

MOVED_ON = dt.datetime(2023, 4, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))  # during April 2023


def parks_of(period: str, ytd: bool = False) -> dict[str, int]:
    out = stats_report(actor=SYSTEM, period=period, ytd=ytd)
    return {g["name"]: g["enterprises"] for g in out["groups"] if g["kind"] == "park"}


def chain(period: str, code: str, ytd: bool = False) -> dict:
    out = stats_report(actor=SYSTEM, period=period, ytd=ytd)
    return next(g for g in out["groups"] if g["kind"] == "chain" and g["code"] == code)


def test_a_park_move_by_import_keeps_earlier_periods_under_the_old_park(published_district, tmp_path):
    mover = published_district[1]                        # in 学府工业园区 since before the data
    Park.objects.create(name="临港产业园")
    assert parks_of("2023-03") == {"学府工业园区": 3, "未入园": 3}
    with time_machine.travel(MOVED_ON, tick=False):
        result = run_import(SYSTEM, "enterprises", write_kind(tmp_path / "move.xlsx", "enterprises", [
            {"uscc": mover.uscc, "name": mover.name, "park": "临港产业园"}]))
        assert result.ok, result.errors
    mover.refresh_from_db()
    assert mover.park.name == "临港产业园"                 # today's registry has the new park
    assert parks_of("2023-03") == {"学府工业园区": 3, "未入园": 3}
    assert parks_of("2023-06") == {"学府工业园区": 2, "临港产业园": 1, "未入园": 3}
    assert parks_of("2023-06", ytd=True) == parks_of("2023-06")   # memberships at the period's end
    # the drill-down of March's old park still lists the mover
    drill = group_drill(actor=SYSTEM, period="2023-03", ytd=False, indicator="value_added", kind="park",
                        code=str(Park.objects.get(name="学府工业园区").pk))
    assert mover.uscc in {r["uscc"] for r in drill["up"] + drill["down"]}


def test_joining_and_leaving_a_park_through_the_api(published_district, api_client_for):
    outsider = published_district[6]                     # never in a park
    member = published_district[3]
    client = api_client_for(make_admin())
    with time_machine.travel(MOVED_ON, tick=False):
        for e, park in ((outsider, "学府工业园区"), (member, None)):
            response = client.patch(f"/api/v1/enterprises/{e.uscc}", {"park": park}, content_type="application/json")
            assert response.status_code == 200, response.content
    assert parks_of("2023-03") == {"学府工业园区": 3, "未入园": 3}
    assert parks_of("2023-06") == {"学府工业园区": 3, "未入园": 3}
    march = stats_report(actor=SYSTEM, period="2023-03")
    june = stats_report(actor=SYSTEM, period="2023-06")
    park_id = str(Park.objects.get(name="学府工业园区").pk)
    members = {p: {r["uscc"] for r in group_drill(actor=SYSTEM, period=p, ytd=False, indicator="value_added",
                                                   kind="park", code=park_id)["up"]} for p in ("2023-03", "2023-06")}
    assert outsider.uscc not in members["2023-03"] and outsider.uscc in members["2023-06"]
    assert member.uscc in members["2023-03"] and member.uscc not in members["2023-06"]
    assert march["total"] and june["total"]


def test_a_position_ended_in_the_back_office_counts_before_its_end_only(published_district):
    leaver = published_district[2]                       # the only enterprise on 集成电路
    position = EnterprisePosition.objects.get(enterprise=leaver)
    admin = Client()
    admin.force_login(make_admin(is_superuser=True, is_staff=True))
    form = {"enterprise": leaver.pk, "chain": position.chain_id, "node": position.node_id, "role": position.role,
            "products": "", "valid_from": "", "valid_to": "2023-04-14"}
    response = admin.post(f"/admin/chains/enterpriseposition/{position.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert chain("2023-03", "ic")["enterprises"] == 1
    assert chain("2023-06", "ic")["enterprises"] == 0
    # today's registry no longer places it on the chain, the history keeps the spell
    assert not Enterprise.objects.get(pk=leaver.pk).positions.exists()
    assert EnterprisePosition.spells.filter(enterprise=leaver, valid_to=dt.date(2023, 4, 14)).exists()
    # the trend reads each month by its own memberships
    trend = stats_trend(actor=SYSTEM, period="2023-06", ytd=False)
    months = dict(zip(trend["periods"], trend["ic"], strict=True))
    assert months["2023-03"] == chain("2023-03", "ic")["growth_pct"] == 11.0
    assert months["2023-06"] is None
    # the page of today's chain map and the enterprise list follow today's positions
    analyst = Client()
    analyst.force_login(make_analyst())
    listed = analyst.get("/enterprises/", {"chain": "ic", "local": "all"}).content.decode()
    assert leaver.uscc not in listed


@pytest.mark.parametrize("same_day", [False, True])
def test_the_import_reopens_a_position_after_its_end(published_district, tmp_path, same_day):
    leaver = published_district[2]
    position = EnterprisePosition.objects.get(enterprise=leaver)
    position.valid_to = dt.date(2023, 2, 28)
    position.save()
    back_on = MOVED_ON if not same_day else dt.datetime(2023, 3, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(back_on, tick=False):
        result = run_import(SYSTEM, "chain-links", write_kind(tmp_path / "links.xlsx", "chain-links", [
            {"uscc": leaver.uscc, "chain": "集成电路", "node": position.node.code}]))
        assert result.ok, result.errors
    spells = list(EnterprisePosition.spells.filter(enterprise=leaver).order_by("pk")
                  .values_list("valid_from", "valid_to"))
    assert spells == [(None, dt.date(2023, 2, 28)), (back_on.date(), None)]
    assert chain("2023-01", "ic")["enterprises"] == 1
    assert chain("2023-02", "ic")["enterprises"] == 1
    assert chain("2023-03", "ic")["enterprises"] == (1 if same_day else 0)
    assert chain("2023-06", "ic")["enterprises"] == 1
