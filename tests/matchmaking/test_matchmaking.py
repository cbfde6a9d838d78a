"""Matchmaking over the database: posting (also on an enterprise's behalf by short name), suggestions
across chains with the buyer left out, introductions to a signed deal, declines ranked down, new
offers searchable at once, the CLI contract, scopes, the funnel."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from liandong.core.errors import ApplicationError, ConflictError, NotFoundError
from liandong.matchmaking import index, selectors, services
from liandong.matchmaking.models import Match
from liandong.notifications.models import Notification
from tests.factories import make_enterprise


def test_a_need_is_served_from_another_chain_and_never_by_the_buyer(market):
    need = services.need_create(actor=market.buyer_user, kind="need", title="车身控制器用车规MCU芯片",
                                text="年需求20万片", node="auto.up.elec.ecu")
    results = selectors.suggestions(actor=market.buyer_user, need=need)
    assert results[0].uscc == market.chips.uscc
    assert any(r.startswith("供应链路径：车规芯片（集成电路） → ") for r in results[0].reasons)
    assert market.buyer.uscc not in [r.uscc for r in results]


def test_the_office_posts_for_an_enterprise_named_in_short(market):
    need = services.need_create(actor=market.office, kind="need", title="KrF光刻胶", enterprise="整车制造")
    assert need.enterprise == market.buyer
    with pytest.raises(ApplicationError):
        services.need_create(actor=market.office, kind="need", title="x", enterprise="光")  # two names contain it
    results = selectors.suggestions(actor=market.office, need=need)
    assert [r.uscc for r in results][:2] == [market.resist.uscc, market.outside.uscc]  # local first


def test_introduction_to_a_signed_deal_and_a_decline_ranks_down(market):
    need = services.need_create(actor=market.buyer_user, kind="need", title="光刻胶", text="KrF")
    match = services.match_introduce(actor=market.office, need=need, supplier="中芯光刻")
    assert Notification.objects.filter(recipient=market.buyer_user, kind="match").exists()
    with pytest.raises(ConflictError):
        services.match_introduce(actor=market.office, need=need, supplier=market.resist.uscc)
    with pytest.raises(ConflictError):
        services.match_advance(actor=market.buyer_user, match=match, status="suggested")
    services.match_advance(actor=market.buyer_user, match=match, status="contacted")
    services.match_advance(actor=market.buyer_user, match=match, status="negotiating")
    with pytest.raises(ApplicationError):
        services.match_advance(actor=market.buyer_user, match=match, status="signed", amount_wan="-3")
    signed = services.match_advance(actor=market.buyer_user, match=match, status="signed", amount_wan="120")
    assert signed.amount == 1_200_000
    second = services.need_create(actor=market.buyer_user, kind="need", title="光刻胶", text="ArF")
    declined = services.match_introduce(actor=market.office, need=second, supplier=market.outside.uscc)
    outside_user = type(market.buyer_user).objects.create(username="outside", role="enterprise",
                                                          enterprise=market.outside)
    services.match_advance(actor=outside_user, match=declined, status="closed", reason="产能已满")
    assert Match.objects.get(pk=declined.pk).declined
    ranked = selectors.suggestions(actor=market.office, need=second)
    outside = next(r for r in ranked if r.uscc == market.outside.uscc)
    assert "此前谢绝过该需求，已降低排序" in outside.reasons
    with pytest.raises(NotFoundError):
        services.match_advance(actor=market.stranger_user, match=declined, status="contacted")


def test_a_new_offer_is_searchable_at_once(market, capsys):
    call_command("match", "--need", "激光焊接加工服务", "--json")
    assert market.chips.uscc not in [r["uscc"] for r in json.loads(capsys.readouterr().out)["results"]]
    services.need_create(actor=market.chips_user, kind="offer", title="激光焊接加工服务", text="汽车零部件激光焊接")
    call_command("match", "--need", "激光焊接加工服务", "--top", "3", "--json")
    results = json.loads(capsys.readouterr().out)["results"]
    assert results[0]["uscc"] == market.chips.uscc and set(results[0]) == {"uscc", "name", "score", "node", "reasons"}


def test_a_large_district_rebuilds_its_matcher_in_the_background(market, settings):
    settings.LIANDONG_MATCHER_SYNC_REBUILD = 0  # every district counts as large
    first = index.matcher()  # none yet: built at once
    newcomer = make_enterprise(name="天津点云激光雷达有限公司", main_products="激光雷达 点云处理")
    stale = index.matcher()  # the registry changed: the previous matcher answers meanwhile
    assert stale is first and newcomer.pk not in stale.row
    services.need_create(actor=market.chips_user, kind="offer", title="激光焊接加工服务", text="汽车零部件激光焊接")
    index.wait_for_rebuild(60)
    fresh = index.matcher()
    assert fresh is not first and newcomer.pk in fresh.row
    assert fresh.match("激光雷达 点云", top=1)[0].enterprise == newcomer.pk
    assert fresh.match("激光焊接加工服务", top=1)[0].enterprise == market.chips.pk  # posted during the rebuild
    assert index.matcher() is fresh


def test_names_are_indexed_once_per_state_of_the_registry_and_scoped(market):
    first = index.names(market.office)
    assert index.names(market.office) is first and first.resolve("中芯光刻") == [market.resist.uscc]
    newcomer = make_enterprise(name="天津中芯新材料有限公司")
    again = index.names(market.office)
    assert again is not first and newcomer.uscc in again.resolve("中芯")
    own = index.names(market.buyer_user)  # an enterprise user looks up only its own enterprise
    assert own.resolve("中芯") == [] and own.resolve(market.buyer.name) == [market.buyer.uscc]


def test_whom_an_enterprise_could_supply_covers_every_open_need(market):
    """The oldest open need is not cut off behind 200 newer ones; the rankings are reused until a need
    changes."""
    from liandong.matchmaking.models import Need

    oldest = services.need_create(actor=market.buyer_user, kind="need", title="车规级MCU", text="车身控制用")
    Need.objects.bulk_create([Need(enterprise=market.outside, kind="need", title=f"办公家具{i}号", text="会议桌椅")
                              for i in range(210)])
    first = selectors.enterprise_market(actor=market.office, enterprise=market.chips)
    assert oldest.pk in [need.pk for need, _rank, _s in first["customers"]]
    ranked = selectors.open_need_rankings(index.matcher(), 10)
    assert selectors.open_need_rankings(index.matcher(), 10) is ranked and len(ranked) == 211
    services.need_create(actor=market.buyer_user, kind="need", title="光刻胶", text="ArF")
    assert len(selectors.open_need_rankings(index.matcher(), 10)) == 212


def test_cli_batch_and_buyer(market, capsys, tmp_path):
    needs = tmp_path / "needs.csv"
    needs.write_text(f"id,text,buyer\nn1,光刻胶,{market.resist.uscc}\nn2,车规MCU,\n", encoding="utf-8")
    call_command("match", "--needs", str(needs), "--top", "5", "--json")
    out = json.loads(capsys.readouterr().out)
    assert [n["id"] for n in out["needs"]] == ["n1", "n2"]
    assert market.resist.uscc not in [r["uscc"] for r in out["needs"][0]["results"]]
    assert out["needs"][1]["results"][0]["uscc"] == market.chips.uscc


def test_scopes(market, api_client_for):
    need = services.need_create(actor=market.buyer_user, kind="need", title="光刻胶")
    stranger = api_client_for(market.stranger_user)
    assert stranger.get("/api/v1/matchmaking/needs").json()[0]["title"] == "光刻胶"   # open needs: the market
    assert stranger.get(f"/api/v1/matchmaking/needs/{need.pk}/suggestions").status_code == 404
    owner = api_client_for(market.buyer_user).get(f"/api/v1/matchmaking/needs/{need.pk}/suggestions").json()
    assert owner[0]["uscc"] == market.resist.uscc
    assert stranger.get("/api/v1/matchmaking/match", {"need": "光刻胶"}).status_code == 404
    names = api_client_for(market.office).get("/api/v1/matchmaking/resolve", {"q": "中芯光刻材料(天津)有限公司"}).json()
    assert names == [{"uscc": market.resist.uscc, "name": market.resist.name}]


def test_funnel_counts_stages_and_signed_amounts_by_chain(market):
    need = services.need_create(actor=market.buyer_user, kind="need", title="车规MCU", node="auto.up.elec.ecu")
    match = services.match_introduce(actor=market.office, need=need, supplier=market.chips.uscc)
    services.match_advance(actor=market.office, match=match, status="signed", amount_wan=300)
    data = selectors.funnel(actor=market.office)
    assert data["stages"]["signed"] == 1 and data["signed_wan"] == 300.0
    assert data["by_chain"] == {"汽车及新能源汽车": 300.0}
    page = Client()
    page.force_login(market.office)
    assert "300.0" in page.get("/matchmaking/funnel/").content.decode()
    assert "车规MCU" in page.get("/matchmaking/").content.decode()
    assert market.chips.name in page.get(f"/matchmaking/needs/{need.pk}/").content.decode()


def test_a_matchmaking_day_invites_those_with_open_needs_first(market):
    import datetime as dt

    from django.utils import timezone

    from liandong.events.services import event_create, invitation_candidates

    services.need_create(actor=market.buyer_user, kind="need", title="车规MCU", node="auto.up.elec.ecu")
    start = timezone.now() + dt.timedelta(days=5)
    event = event_create(actor=market.office, title="汽车芯片供需对接会", kind="matchmaking", starts_at=start,
                         ends_at=start + dt.timedelta(hours=3), venue="会展中心", chains=["auto", "ic"])
    candidates = invitation_candidates(event)
    assert candidates[0][0] == market.buyer and "车规MCU" in candidates[0][1]
