"""The service record (issue #17, docs/domains/alliance.md#service-record): every source copied onto one
timeline in date order, idempotently; sources removed or changed follow; visits and a problem turned
into an appeal; 家次 counts by unit, chain and month; who sees what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from liandong.alliance import records, services_records
from liandong.alliance.models import Activity, Member, MemberType, ServiceRecord
from liandong.appeals.models import AppealCategory
from liandong.appeals.services import appeal_submit
from liandong.chains.models import Chain
from liandong.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from liandong.engines.calendar import SHANGHAI
from liandong.events.models import Event, Registration
from liandong.funds import services as funds_services
from liandong.funds.models import Program, ProgramYear
from liandong.matchmaking.models import Match, Need
from tests.factories import (
    make_admin,
    make_analyst,
    make_department,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
    make_position,
)

pytestmark = pytest.mark.django_db


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day} 10:00").replace(tzinfo=SHANGHAI)


def category() -> str:
    return AppealCategory.objects.order_by("order").first().code


@pytest.fixture
def world():
    """One enterprise served once by every source, on distinct dates."""
    admin = make_admin()
    dept = make_department("区科技局")
    ent = make_enterprise(name="天津台账测试科技有限公司")
    other = make_enterprise(name="天津供方测试有限公司")
    make_position(ent, "ic.mid.design")
    ic = Chain.objects.get(code="ic")
    # appeal, 2026-01-05
    appeal = appeal_submit(actor=admin, category=category(), title="用地指标咨询", body="扩产需要用地",
                           enterprise_uscc=ent.uscc, channel="phone", now=at("2026-01-05"))
    # introduction, 2026-02-10: the need is ours, the supplier the other side
    need = Need.objects.create(enterprise=ent, title="晶圆测试服务")
    match = Match.objects.create(need=need, supplier=other, status=Match.Status.INTRODUCED, introduced_by=admin,
                                 introduced_at=at("2026-02-10"))
    # briefing attended, 2026-03-15
    event = Event.objects.create(title="研发费用加计扣除政策宣讲会", kind=Event.Kind.BRIEFING, status=Event.Status.DONE,
                                 starts_at=at("2026-03-15"), ends_at=at("2026-03-15"), venue="区政务中心", organiser=dept)
    reg = Registration.objects.create(event=event, enterprise=ent, representatives="张伟", code="CHK001",
                                      checked_in_at=at("2026-03-15"))
    # award disbursed, 2026-04-20
    program = Program.objects.create(code="XQ-ZC", name="产业发展政策资金", department=dept)
    ProgramYear.objects.create(program=program, year=2026, budget=Decimal(10_000_000))
    award = funds_services.award_create(actor=admin, program="XQ-ZC", year=2026, uscc=ent.uscc, project="研发后补助",
                                        amount="50", status="disbursed", on=dt.date(2026, 4, 20))
    # alliance activity, 2026-05-08
    member = Member.objects.create(name=ent.name, name_key="台账测试", type=MemberType.ENTERPRISE, enterprise=ent)
    activity = Activity.objects.create(code="HD-001", title="集成电路链书记轮值活动", chain=ic, date=dt.date(2026, 5, 8))
    activity.participants.add(member)
    # a visit, 2026-06-01
    visit = services_records.visit_record(actor=admin, enterprise=ent.uscc, on="2026-06-01", unit=dept.pk,
                                          people="李明", topics="了解扩产计划", problems="缺少技术工人")
    return {"admin": admin, "dept": dept, "ent": ent, "other": other, "ic": ic, "appeal": appeal, "match": match,
            "event": event, "reg": reg, "award": award, "activity": activity, "member": member, "visit": visit}


def test_timeline_merges_every_source_in_date_order(world):
    result = records.service_records_sync()
    assert result["created"] == 6  # appeal, match ×2 (both sides), briefing, award, activity
    got = [(r.on.isoformat(), r.kind, r.source) for r in records.timeline(ServiceRecord.objects.all(), world["ent"].pk)]
    assert got == [("2026-06-01", "visit", ""), ("2026-05-08", "activity", "activity"),
                   ("2026-04-20", "award", "award"), ("2026-03-15", "briefing", "briefing"),
                   ("2026-02-10", "introduction", "match"), ("2026-01-05", "appeal", "appeal")]
    other = ServiceRecord.objects.get(enterprise=world["other"])
    assert (other.source, other.kind, other.title) == ("match-party", "introduction", "晶圆测试服务")
    by_source = {r.source: r for r in ServiceRecord.objects.filter(enterprise=world["ent"])}
    assert by_source["briefing"].unit == world["dept"] and by_source["award"].unit == world["dept"]
    assert by_source["award"].title == "产业发展政策资金 · 研发后补助"
    assert by_source["activity"].chain == world["ic"]
    assert by_source["appeal"].chain == world["ic"]  # the enterprise's key chain
    assert all(r.month == r.on.strftime("%Y-%m") for r in by_source.values())


def test_sync_is_idempotent_and_follows_its_sources(world):
    records.service_records_sync()
    before = list(ServiceRecord.objects.order_by("pk").values())
    assert records.service_records_sync() == {"created": 0, "updated": 0, "deleted": 0}
    assert list(ServiceRecord.objects.order_by("pk").values()) == before
    # a source deleted: its record goes; a source changed: its record follows
    world["activity"].participants.remove(world["member"])
    Event.objects.filter(pk=world["event"].pk).update(title="政策宣讲会（更正）")
    assert records.service_records_sync() == {"created": 0, "updated": 1, "deleted": 1}
    assert not ServiceRecord.objects.filter(source="activity").exists()
    assert ServiceRecord.objects.get(source="briefing").title == "政策宣讲会（更正）"
    # a check-in at an event that is an alliance activity's check-in counts once, as the activity
    world["activity"].event = world["event"]
    world["activity"].save()
    records.service_records_sync()
    assert not ServiceRecord.objects.filter(source="briefing").exists()
    # scoped to one enterprise: the others' records stay
    Match.objects.all().delete()
    records.service_records_sync([world["ent"].pk])
    assert set(ServiceRecord.objects.values_list("source", flat=True)) == {"", "appeal", "award", "match-party"}
    # entered visits are never touched by the sync
    assert ServiceRecord.objects.filter(pk=world["visit"].pk).exists()


def test_visit_raises_an_appeal_shown_on_the_timeline(world, django_capture_on_commit_callbacks):
    admin, visit = world["admin"], world["visit"]
    assert visit.chain == world["ic"] and visit.unit == world["dept"] and visit.month == "2026-06"
    appeal = services_records.visit_raise_appeal(actor=admin, record_id=visit.pk, category=category())
    visit.refresh_from_db()
    assert visit.appeal == appeal and appeal.channel == "visit" and appeal.body == "缺少技术工人"
    assert ServiceRecord.objects.filter(source="appeal", source_id=appeal.pk, enterprise=world["ent"]).exists()
    with pytest.raises(ConflictError):
        services_records.visit_raise_appeal(actor=admin, record_id=visit.pk, category=category())


def test_departments_record_visits_for_their_own_unit_only(world):
    staff = make_department_user(world["dept"])
    record = services_records.visit_record(actor=staff, enterprise=world["ent"].name, on="2026-06-02", topics="走访")
    assert record.unit == world["dept"] and record.created_by == staff
    with pytest.raises(PermissionDeniedError):
        services_records.visit_record(actor=staff, enterprise=world["ent"].uscc, on="2026-06-02",
                                      unit=make_department().pk)
    with pytest.raises(PermissionDeniedError):  # submitting an appeal on the enterprise's behalf is the office's
        services_records.visit_raise_appeal(actor=staff, record_id=record.pk, category=category())
    for outsider in (make_analyst(), make_enterprise_user(world["ent"])):
        with pytest.raises(PermissionDeniedError):
            services_records.visit_record(actor=outsider, enterprise=world["ent"].uscc, on="2026-06-02")


def test_counts_by_unit_chain_and_month(world):
    records.service_records_sync()
    data = records.counts("2026-01", "2026-06")
    assert data["total"] == 7
    assert [r["count"] for r in data["by_month"]] == [1, 2, 1, 1, 1, 1]
    units = {r["name"]: r["count"] for r in data["by_unit"]}
    assert units["区科技局"] == 3  # briefing, award, visit
    chains = {r["name"]: r["count"] for r in data["by_chain"]}
    assert chains[world["ic"].name] == 6 and chains[""] == 1  # the supplier is on no chain
    assert {k["kind"]: k["count"] for k in data["by_kind"]}["introduction"] == 2
    assert records.counts("2026-05", "2026-05")["total"] == 1


def test_an_enterprise_sees_its_own_timeline_only(world):
    from liandong.alliance.selectors import enterprise_for_timeline, service_records_visible

    records.service_records_sync()
    mine = make_enterprise_user(world["ent"])
    assert set(service_records_visible(mine).values_list("enterprise_id", flat=True)) == {world["ent"].pk}
    with pytest.raises(NotFoundError):
        enterprise_for_timeline(actor=mine, enterprise_id=world["other"].pk)
    supplier_record = ServiceRecord.objects.get(enterprise=world["other"])
    with pytest.raises(NotFoundError):
        services_records.visit_raise_appeal(actor=mine, record_id=supplier_record.pk, category=category())
    # links only to the sources the reader may open
    rows = records.entries(mine, records.timeline(service_records_visible(mine), world["ent"].pk))
    assert {e["kind"] for e in rows if e["link"]} >= {"appeal", "award"}
    assert all(not e["link"] for e in rows if e["kind"] == "visit")
