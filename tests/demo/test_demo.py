"""The demo district 西青区（示例） and ``liandong demo``.

One build at scale 600 per module (module-scoped fixture, removed again at the end); the pure
planner is tested without the database.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from datetime import date

import pytest
from django.core.management import call_command

from liandong.demo.generator import DEMO_PASSWORD, DEMO_TODAY, DEMO_USERNAMES, build_demo, reset_demo
from liandong.demo.plan import (
    TIERS_AT_REFERENCE,
    demo_usccs,
    node_specs_from_defaults,
    organization_code,
    plan_demo,
    scaled,
    window_periods,
)
from liandong.engines.uscc import is_valid

SEED = 20240601
SCALE = 600
PUBLISHED = {"high-tech": 136, "tj-eaglet": 77, "tj-gazelle": 5, "innovative-sme": 85, "specialized-sme": 64,
             "little-giant": 7}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from auditlog.models import LogEntry

    with django_db_blocker.unblock():
        last_log = LogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        counts = build_demo(scale=SCALE, seed=SEED, today=DEMO_TODAY)
        yield counts
        reset_demo(today=DEMO_TODAY)
        LogEntry.objects.filter(id__gt=last_log).delete()


def _digest(pairs) -> str:
    return hashlib.sha256(json.dumps(list(pairs), ensure_ascii=False).encode()).hexdigest()


# --- pure planner -------------------------------------------------------------------------------
def test_plan_is_deterministic_per_seed():
    nodes = node_specs_from_defaults()
    a = plan_demo(seed=SEED, scale=300, today=DEMO_TODAY, nodes=nodes)
    b = plan_demo(seed=SEED, scale=300, today=DEMO_TODAY, nodes=nodes)
    c = plan_demo(seed=SEED + 1, scale=300, today=DEMO_TODAY, nodes=nodes)
    key = lambda p: _digest((e.uscc, e.name, e.node, e.above_scale) for e in p.enterprises)  # noqa: E731
    assert key(a) == key(b)
    assert key(a) != key(c)


def test_usccs_are_valid_unique_prefix_stable_and_in_xiqing():
    codes = demo_usccs(SEED, 5000)
    assert len(set(codes)) == 5000
    assert all(is_valid(c) and c.startswith("91120111") for c in codes)
    assert demo_usccs(SEED, 10) == codes[:10]
    assert demo_usccs(SEED + 1, 10) != codes[:10]
    # GB 11714 check digit of the organization code (positions 9-17)
    assert all(organization_code(c[8:16]) == c[8:17] for c in codes[:500])


def test_figures_scale_proportionally():
    assert scaled(56, 600) == 56 and scaled(56, 100_000) == 9333 and scaled(5, 60) == 1
    plan = plan_demo(seed=7, scale=1200, today=DEMO_TODAY, nodes=node_specs_from_defaults())
    grants = Counter(g.type for e in plan.enterprises for g in e.grants)
    assert sum(e.above_scale for e in plan.enterprises) == 112
    assert grants == {code: 2 * n for code, n in TIERS_AT_REFERENCE.items()}


def test_window_ends_with_the_last_complete_month():
    assert window_periods(date(2026, 10, 31))[-1] == "2026-10"
    assert window_periods(date(2026, 10, 30))[-1] == "2026-09"
    periods = window_periods(date(2026, 10, 31), 36)
    assert periods[0] == "2023-11" and len(set(periods)) == 36


def _appeal_plans(seed: int):
    import random

    from liandong.demo.appeals import CategoryClocks, plan_appeals

    cats = {"finance": CategoryClocks("区金融工作局"), "land": CategoryClocks("区规划和自然资源局"),
            "environment": CategoryClocks("区生态环境局", resolve_days=10)}
    return plan_appeals(random.Random(seed), count=60, enterprises=[(i, 1.0 + i % 3, "产品") for i in range(30)],
                        forced=[(7, "closed")], categories=cats, with_users={7}, day_minutes=510)


def test_appeal_plans_are_deterministic_and_ordered_in_working_time():
    key = lambda plans: [(p.enterprise, p.category, p.title, p.body, p.fate, p.age,  # noqa: E731
                          [(a.at, a.who, a.action, sorted(a.params.items())) for a in p.acts]) for p in plans]
    a, b = _appeal_plans(1), _appeal_plans(1)
    assert key(a) == key(b) and key(a) != key(_appeal_plans(2))
    assert a[0].enterprise == 7 and a[0].channel == "online" and a[0].acts[-1].who == "enterprise"
    assert {"submitted", "returned", "paused", "extension", "reviewed"} <= {p.fate for p in a}
    for p in a:
        times = [act.at for act in p.acts]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert p.age > 0 and (not times or times[-1] < p.age), p  # everything happened before "now"
        assert (p.acts[-1].action == "rate") == (p.fate == "closed") if p.acts else p.fate == "submitted"


def test_working_before_inverts_working_time():
    import datetime as dt

    from liandong.demo.appeals import working_before
    from liandong.engines.calendar import SHANGHAI, HolidayData, WorkCalendar

    cal = WorkCalendar(HolidayData(holidays=frozenset({date(2026, 10, 1), date(2026, 10, 2)}),
                                   workdays=frozenset({date(2026, 10, 10)})))
    for moment in (dt.datetime(2026, 10, 12, 11, 0, tzinfo=SHANGHAI), dt.datetime(2026, 10, 11, 3, 0, tzinfo=SHANGHAI),
                   dt.datetime(2026, 10, 5, 20, 0, tzinfo=SHANGHAI), dt.datetime(2026, 10, 9, 9, 0, tzinfo=SHANGHAI)):
        for minutes in (1, 45, 510, 1234.5, 5100):
            start = working_before(cal, moment, minutes)
            assert cal.between(start, moment) == pytest.approx(minutes)
            assert cal.add(start, 0) == start  # inside working hours


def _event_plans(seed: int):
    import random

    from liandong.chains.defaults import read_default_chains
    from liandong.demo.activities import plan_events

    nodes = node_specs_from_defaults()
    plan = plan_demo(seed=SEED, scale=300, today=DEMO_TODAY, nodes=nodes)
    edges = [(e["from"], e["to"]) for chain in read_default_chains() for e in chain.get("edges", ())]
    ent1, ent2 = plan.ent_users
    return ent1, ent2, plan_events(random.Random(seed), enterprises=plan.enterprises, nodes=nodes, edges=edges,
                                   chain_names={}, ent1=ent1, ent2=ent2, valid_on=DEMO_TODAY)


def test_event_plans_are_deterministic_and_consistent():
    key = lambda plans: [(p.kind, p.title, p.day, p.chains, p.tiers, [(r.enterprise, r.before, r.checked_in)  # noqa: E731
                                                                     for r in p.registrations],
                          [(m.requester, m.target, m.status, m.signed_wan) for m in p.meetings]) for p in plans]
    ent1, ent2, a = _event_plans(1)
    assert key(a) == key(_event_plans(1)[2]) and key(a) != key(_event_plans(2)[2])
    past = [p for p in a if not p.upcoming]
    assert Counter(p.kind for p in past) == {"matchmaking": 26, "briefing": 13, "rotation": 4, "visit": 3}
    assert all(-180 <= p.day <= -3 for p in past) and [p.day for p in a] == sorted(p.day for p in a)
    assert len({p.title for p in a}) == len(a)  # repeated titles are numbered
    assert sum("专精特新中小企业政策宣讲会（第" in p.title for p in a) == 5
    for p in a:
        regs = p.registrations
        assert len(regs) <= 150 and len({r.enterprise for r in regs}) == len(regs)
        for m in p.meetings:
            assert m.requester != m.target and not regs[m.requester].cancelled and not regs[m.target].cancelled
    (upcoming,) = [p for p in a if p.upcoming]
    assert upcoming.kind == "matchmaking" and upcoming.day == 10 and len(upcoming.registrations) == 30
    mine = [k for k, r in enumerate(upcoming.registrations) if r.enterprise == ent1]
    assert mine and ent2 not in {r.enterprise for r in upcoming.registrations}
    assert any(m.target == mine[0] and m.status == "pending" for m in upcoming.meetings)
    assert not any(r.checked_in for r in upcoming.registrations)


# --- the built district -------------------------------------------------------------------------
@pytest.mark.django_db
def test_published_figures_at_scale_600(demo):
    from liandong.chains.models import EnterprisePosition
    from liandong.enterprises.models import Enterprise, Qualification
    from liandong.enterprises.selectors import local_only, outside_only

    assert local_only(Enterprise.objects.all()).count() == SCALE == demo["enterprises"]
    assert Enterprise.objects.filter(above_scale=True).count() == 56
    outside = outside_only(Enterprise.objects.all())
    assert outside.count() == demo["outside_suppliers"] == 30
    assert not outside.filter(park__isnull=False).exists()
    # on no chain node, except those the investment office tracks on the node of their product (#15)
    tracked = EnterprisePosition.objects.filter(enterprise__in=outside)
    assert tracked.count() == demo["tracked_outside"] > 0
    assert all(p.products == p.node.name and p.role == "supporting" for p in tracked.select_related("node"))
    assert not Enterprise.objects.filter(above_scale=True, park__isnull=True).exists()
    counts = Counter(Qualification.objects.values_list("type__code", flat=True))
    for code, n in PUBLISHED.items():
        assert counts[code] == n, code
    assert counts["tj-leader"] >= 1 and counts["tech-sme"] >= 1
    holders = defaultdict(set)
    for eid, code in Qualification.objects.values_list("enterprise_id", "type__code"):
        holders[code].add(eid)
    assert holders["little-giant"] <= holders["specialized-sme"]
    assert holders["little-giant"] <= holders["high-tech"]
    assert len(holders["specialized-sme"] & holders["innovative-sme"]) >= 0.7 * len(holders["specialized-sme"])
    assert holders["tj-eaglet"] <= holders["tech-sme"]
    expired = Qualification.objects.filter(expires__lt=DEMO_TODAY).count()
    assert 0.05 <= expired / Qualification.objects.count() <= 0.16
    ht = Qualification.objects.filter(type__code="high-tech").values_list("certificate_no", flat=True)
    assert all(no.startswith("GR") and "120" in no for no in ht)


@pytest.mark.django_db
def test_codes_and_names(demo):
    from liandong.enterprises.models import Enterprise
    from liandong.enterprises.selectors import local_only, outside_only

    rows = list(local_only(Enterprise.objects.all()).values_list("uscc", "name", "industry_id", "address"))
    usccs = [r[0] for r in rows]
    outside = list(outside_only(Enterprise.objects.all()).values_list("uscc", "name"))
    assert all(is_valid(u) and u[2:8] != "120111" for u, _name in outside)
    assert len({u for u, _n in outside} | set(usccs)) == len(outside) + SCALE
    assert len(set(usccs)) == SCALE and all(is_valid(u) and u[2:8] == "120111" for u in usccs)
    assert len({r[1] for r in rows}) == SCALE
    assert all("天津" in r[1] and r[1].endswith("有限公司") for r in rows)
    assert all(r[2] for r in rows) and all(r[3].startswith("天津市西青区") for r in rows)


@pytest.mark.django_db
def test_database_matches_the_plan_of_the_seed(demo):
    """Same seed → same district: the rows written are the pure plan of that seed."""
    from liandong.enterprises.models import Enterprise

    plan = plan_demo(seed=SEED, scale=SCALE, today=DEMO_TODAY, nodes=node_specs_from_defaults())
    written = Enterprise.objects.filter(uscc__startswith="91120111").order_by("id").values_list("uscc", "name")
    assert _digest(written) == _digest((e.uscc, e.name) for e in plan.enterprises)


@pytest.mark.django_db
def test_demo_users(demo, settings):
    from liandong.accounts.models import Organization, User

    # the module's district was built outside any test, with the project's real hasher
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    from liandong.chains.models import EnterprisePosition

    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert {n: u.role for n, u in users.items()} == {
        "admin": "admin", "officer": "chain_officer", "dept": "department", "analyst": "analyst",
        "ent1": "enterprise", "ent2": "enterprise"}
    assert users["admin"].is_staff and users["admin"].is_superuser
    assert not users["officer"].is_superuser
    assert set(users["officer"].chains.values_list("code", flat=True)) == {"ic", "iov"}
    assert users["dept"].organization.kind == Organization.Kind.DEPARTMENT
    assert users["dept"].organization.name == "区工业和信息化局"
    e1, e2 = users["ent1"].enterprise, users["ent2"].enterprise
    assert e1 and e2 and e1.pk != e2.pk
    for user, ent in ((users["ent1"], e1), (users["ent2"], e2)):
        assert ent.above_scale
        assert EnterprisePosition.objects.filter(enterprise=ent, chain__code="ic").exists()
        assert user.organization.kind == Organization.Kind.ENTERPRISE and user.organization.enterprise_id == ent.pk
    # one hash for all, and it is the published password
    assert len({u.password for u in users.values()}) == 1
    assert users["analyst"].check_password(DEMO_PASSWORD)
    assert Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).count() >= 21
    for kind in ("park_operator", "university", "association", "financial", "office"):
        assert Organization.objects.filter(kind=kind).exists(), kind


@pytest.mark.django_db
def test_indicators_cover_36_months_for_above_scale(demo):
    from liandong.enterprises.models import Enterprise, MonthlyIndicator

    periods = window_periods(DEMO_TODAY, 36)
    above = set(Enterprise.objects.filter(above_scale=True).values_list("id", flat=True))
    per_ent = defaultdict(set)
    for eid, period in MonthlyIndicator.objects.values_list("enterprise_id", "period"):
        per_ent[eid].add(period)
    assert set(per_ent) == above
    assert all(p == set(periods) for p in per_ent.values())
    assert MonthlyIndicator.objects.filter(period=periods[-1], above_scale=True).count() == 56
    entrants = set(MonthlyIndicator.objects.filter(above_scale=False).values_list("enterprise_id", flat=True))
    assert 2 <= len(entrants) <= 3
    row = MonthlyIndicator.objects.filter(period=periods[-1]).first()
    assert row.value_added < row.output_value and row.value_added_comparable <= row.value_added


@pytest.mark.django_db
def test_chain_positions_have_gaps_and_single_points(demo):
    from django.db.models import Count

    from liandong.chains.models import ChainNode, EnterprisePosition
    from liandong.enterprises.models import Enterprise

    on_chain = Enterprise.objects.filter(positions__isnull=False).distinct().count()
    assert 0.75 * SCALE <= on_chain <= 0.95 * SCALE
    per_node = dict(EnterprisePosition.objects.values_list("node__code").annotate(n=Count("id")))
    leaves = ChainNode.objects.filter(level=3).values_list("code", flat=True)
    assert any(code not in per_node for code in leaves)
    assert any(n == 1 for n in per_node.values())
    roles = Counter(EnterprisePosition.objects.values_list("role", flat=True))
    assert roles["master"] >= 5 and roles["core"] > 0 and roles["supporting"] > roles["core"]


@pytest.mark.django_db
def test_annual_supply_and_official_totals(demo):
    from liandong.chains.models import SupplyRelation
    from liandong.enterprises.models import AnnualData, Contact, Enterprise
    from liandong.stats.models import OfficialTotal

    assert AnnualData.objects.values("enterprise").distinct().count() == SCALE
    assert set(AnnualData.objects.values_list("year", flat=True)) == {2023, 2024, 2025}
    assert AnnualData.objects.filter(rd_expense__isnull=True).exists()
    assert Contact.objects.filter(is_primary=True).count() == SCALE
    assert 100 <= SupplyRelation.objects.count() <= 3000
    from liandong.enterprises.selectors import outside_only as _outside

    bought_outside = SupplyRelation.objects.filter(supplier__in=_outside(Enterprise.objects.all()))
    assert bought_outside.count() == demo["outside_supply_relations"] > 0
    assert not bought_outside.filter(customer__in=_outside(Enterprise.objects.all())).exists()
    assert not SupplyRelation.objects.filter(supplier=models_F("customer")).exists()
    totals = OfficialTotal.objects.filter(indicator="value_added", cumulative=True)
    assert totals.count() == 24 and not totals.filter(growth_pct__isnull=True).exists()


def models_F(name):  # noqa: N802 - keeps the test readable
    from django.db.models import F

    return F(name)


@pytest.mark.django_db
def test_appeals_walked_through_the_workflow(demo):
    from liandong.accounts.models import User
    from liandong.appeals.metrics import appeal_metrics
    from liandong.appeals.models import Appeal, AppealCategory
    from liandong.appeals.selectors import appeals_visible
    from liandong.notifications.models import Notification

    assert demo["appeals"] == Appeal.objects.count() == 150  # 0.25 per enterprise
    assert not AppealCategory.objects.filter(default_department__isnull=True).exists()
    statuses = Counter(Appeal.objects.values_list("status", flat=True))
    assert statuses["closed"] >= 100
    assert {"submitted", "responded", "dispatched", "returned", "docked", "resolved", "reviewed"} <= set(statuses)
    assert Appeal.objects.filter(paused_at__isnull=False).exists()
    assert Appeal.objects.filter(extension_status="pending").exists()
    assert Appeal.objects.filter(reopen_count__gt=0, status="closed").exists()
    assert Appeal.objects.filter(events__kind="return").exists()
    users = {u.username: u for u in User.objects.filter(username__in=("admin", "dept", "ent1"))}
    assert Appeal.objects.filter(events__actor=users["dept"]).exists()
    assert User.objects.filter(username__startswith="dept-", role="department", organization__isnull=False).exists()

    overall = appeal_metrics(actor=users["admin"])["overall"]
    assert 60 <= overall["response_rate"] <= 100 and overall["rated"] >= 100

    ent1 = users["ent1"]
    mine = appeals_visible(ent1)
    assert 0 < mine.count() == Appeal.objects.filter(enterprise_id=ent1.enterprise_id).count() < Appeal.objects.count()
    assert set(mine.values_list("enterprise_id", flat=True)) == {ent1.enterprise_id}
    assert mine.filter(status="reviewed", submitted_by=ent1).exists()  # waiting for ent1's rating
    # notifications are dated at their events; only the last days' are unread
    assert Notification.objects.filter(read_at__isnull=True).count() < Notification.objects.count() / 3


@pytest.mark.django_db
def test_events_and_matchmaking(demo):
    """Half a year of events as the district reports them: 13 briefings, 26 matchmaking days (the
    dashboard counts them from the records), and the next matchmaking day open for ent1 and ent2."""
    import datetime as dt

    from django.utils import timezone

    from liandong.accounts.models import User
    from liandong.events.models import Event, MeetingRequest, Registration
    from liandong.events.selectors import dashboard, event_outcomes

    users = {u.username: u for u in User.objects.filter(username__in=("admin", "ent1", "ent2"))}
    board = dashboard(actor=users["admin"])
    assert board["matchmaking_events"] == 26 and board["briefings"] == 13
    assert board["events"] == demo["events"] - 1 == Event.objects.filter(status="done").count()
    assert 0.4 * SCALE <= board["matchmaking_enterprises"] <= 0.6 * SCALE
    assert board["enterprises_attended"] > 100 and board["meetings_held"] > 0 and board["signed_wan"] > 0
    assert {"rotation", "visit"} <= {row["kind"] for row in board["by_type"]}
    assert not Event.objects.filter(kind="briefing", tiers__isnull=True).exists()
    assert not Event.objects.filter(kind="matchmaking", chains__isnull=True).exists()
    assert Registration.objects.filter(registered_by=users["admin"]).count() > 1000
    assert Registration.objects.filter(rating__isnull=False).exists()
    past = Event.objects.filter(kind="matchmaking", status="done").order_by("-starts_at").first()
    outcomes = event_outcomes(past)
    assert outcomes["attended"] > 0 and outcomes["scheduled"] == outcomes["accepted"] > 0
    assert past.scheduled_at < past.starts_at
    # dated at what they stand for, not at the build: registered before the day, checked in at the door
    assert not Registration.objects.filter(event__status="done", created_at__gte=models_F("event__starts_at")).exists()
    checked = Registration.objects.filter(event=past, checked_in_at__isnull=False)
    assert all(abs((r.checked_in_at - past.starts_at).total_seconds()) < 3600 for r in checked)

    upcoming = Event.objects.get(status="open")
    assert upcoming.kind == "matchmaking" and upcoming.tables == 40 and upcoming.capacity == 120
    assert upcoming.starts_at > timezone.now() + dt.timedelta(days=9) and upcoming.scheduled_at is None
    assert upcoming.registrations.filter(status="registered").count() == 30
    mine = upcoming.registrations.get(enterprise_id=users["ent1"].enterprise_id)
    assert mine.status == "registered" and mine.registered_by == users["ent1"]
    assert not upcoming.registrations.filter(enterprise_id=users["ent2"].enterprise_id).exists()
    assert MeetingRequest.objects.filter(event=upcoming, target=mine, status="pending").exists()
    assert {"pending", "accepted"} <= set(upcoming.meeting_requests.values_list("status", flat=True))
    assert users["ent1"].notifications.filter(kind="meeting").exists()
    assert users["ent2"].notifications.filter(kind="invitation").exists()


# --- the command --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_some_enterprises_declared_what_the_registers_do_not_hold(demo):
    from liandong.accounts.scoping import SYSTEM
    from liandong.engines.eligibility import FIELDS
    from liandong.enterprises.models import Qualification
    from liandong.policies import screening
    from liandong.policies.models import DeclaredFact

    declared = DeclaredFact.objects.all()
    assert demo["declared_facts"] == declared.count() > 0
    assert {FIELDS[f].source for f in declared.values_list("field", flat=True).distinct()} == {"declared"}
    assert not declared.filter(declared_on__gt=DEMO_TODAY).exists()
    holders = set(Qualification.objects.filter(type__code="high-tech").values_list("enterprise_id", flat=True))
    firms = set(declared.values_list("enterprise_id", flat=True))
    assert len(firms & holders) >= 0.4 * len(holders) and firms - holders  # most high-tech firms, some others
    facts = screening.screening(actor=SYSTEM, as_of=DEMO_TODAY).facts
    shares = facts.filter(facts["enterprise"].is_in(list(firms)))["high_tech_revenue_share"].drop_nulls()
    assert shares.len() == len(firms) and shares.min() >= 0.1 and shares.max() <= 0.95
    # 战略性新兴产业 comes from what an enterprise declared, never from its chain (review #13 item 5)
    strategic = facts["strategic_emerging"]
    assert strategic.drop_nulls().len() == declared.filter(field="strategic_emerging").count() > 0
    assert facts.filter(~facts["enterprise"].is_in(list(firms)))["strategic_emerging"].null_count() == \
        facts.height - len(firms)


@pytest.mark.django_db
def test_command_skips_the_same_district_and_refuses_another(demo, capsys):
    call_command("demo", "--no-serve", "--json", "--seed", str(SEED), "--scale", str(SCALE))
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["built"] is False and out["counts"]["enterprises"] == SCALE
    assert {a["username"] for a in out["accounts"]} == set(DEMO_USERNAMES)
    assert all(a["password"] == DEMO_PASSWORD for a in out["accounts"])

    with pytest.raises(SystemExit) as exc:
        call_command("demo", "--no-serve", "--json", "--seed", str(SEED + 1))
    assert exc.value.code == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


@pytest.mark.django_db
def test_command_reset_rebuilds(demo, capsys):
    """Rolled back at the end of the test, so the module's district comes back."""
    from liandong.appeals.models import Appeal
    from liandong.enterprises.models import Enterprise
    from liandong.events.models import Event, Registration

    call_command("demo", "--no-serve", "--json", "--reset", "--scale", "20", "--seed", "3")
    out = json.loads(capsys.readouterr().out)
    assert out["built"] is True and out["counts"]["enterprises"] == 20
    assert out["counts"]["appeals"] == Appeal.objects.count() == 40  # at least 40
    assert out["counts"]["events"] == Event.objects.count() == 47  # the module's district's went with --reset
    assert Registration.objects.filter(enterprise__uscc__in=demo_usccs(3, 20)).count() == out["counts"][
        "registrations"] > 0
    assert Enterprise.objects.count() == 20 + out["counts"]["outside_suppliers"]
    assert set(Enterprise.objects.filter(uscc__startswith="91120111").values_list("uscc", flat=True)) == set(
        demo_usccs(3, 20))


@pytest.mark.django_db
def test_a_failing_build_writes_nothing(demo, monkeypatch):
    from liandong.demo.steps import stats
    from liandong.enterprises.models import Enterprise

    def boom(context):
        raise RuntimeError("disk full")

    monkeypatch.setattr(stats, "indicators", boom)
    with pytest.raises(RuntimeError):
        build_demo(scale=20, seed=99, today=DEMO_TODAY)
    assert Enterprise.objects.count() == SCALE + demo["outside_suppliers"]
    assert not Enterprise.objects.filter(uscc__in=demo_usccs(99, 20)).exists()

