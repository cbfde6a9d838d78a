"""The demo district's chain alliance (``liandong demo``, step ``alliance``): the source's figures as
records — 367 members, 26 pairings, 70+ activities with intentions, a year of rota, the 21 units'
catalogue, 100+ 家次 — reproducible from the seed, and removed by its reset.

One build of the demo district at its default scale for the module (tests/demo's fixture ``demo``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Max

from liandong.demo.generator import DEFAULT_SCALE, DEFAULT_SEED, DEMO_TODAY
from tests.demo.test_demo import SCALE, SEED, demo  # noqa: F401 - the module's demo district (fixture)

AS_OF = DEMO_TODAY.isoformat()
TYPES = ("企业", "高校院所", "行业组织", "职能部门", "属地街镇", "金融机构")
KEY_CHAINS = ("ic", "iov", "auto", "equip", "bio")


@pytest.fixture
def district(demo):  # noqa: F811 - the demo district of tests/demo, built once per module
    return demo


def _summary(capsys) -> dict:
    call_command("alliance", "summary", "--as-of", AS_OF, "--json")
    return json.loads(capsys.readouterr().out)


def _digest() -> str:
    """The alliance's rows by their natural keys (names, codes, dates), not by database ids."""
    from liandong.alliance.models import Activity, Member, Outcome, Pairing, Resource, RotaSlot, ServiceRecord

    rows = [
        sorted((m.name, m.uscc or "", m.type, m.role, str(m.joined), m.contact, m.phone,
                sorted(m.chains.values_list("code", flat=True))) for m in Member.objects.prefetch_related("chains")),
        sorted((p.a.name, p.b.name, p.kind, str(p.since), p.goals, sorted((str(lg.on), lg.text) for lg in p.logs.all()))
               for p in Pairing.objects.select_related("a", "b").prefetch_related("logs")),
        sorted((a.code, a.title, a.chain.code, str(a.date), a.host.name, a.rota, a.summary,
                sorted(a.participants.values_list("name", flat=True))) for a in Activity.objects.select_related(
                    "chain", "host")),
        sorted((o.activity.code, o.a.name, o.b.name, o.description, o.match.status if o.match else "")
               for o in Outcome.objects.select_related("activity", "a", "b", "match")),
        sorted(RotaSlot.objects.values_list("chain__code", "month", "host__name")),
        sorted(Resource.objects.values_list("unit__name", "kind", "title", "contact", "link")),
        sorted((str(on), *rest) for on, *rest in ServiceRecord.objects.values_list(
            "on", "enterprise__uscc", "kind", "unit__name", "title", "people", "topics", "problems")),
    ]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def _context(seed: int):
    from liandong.demo.generator import plan_context
    from liandong.enterprises.models import Enterprise

    ctx = plan_context(scale=SCALE, seed=SEED, today=DEMO_TODAY)
    by_uscc = dict(Enterprise.objects.values_list("uscc", "id"))
    ctx.enterprise_ids = [by_uscc[e.uscc] for e in ctx.plan.enterprises]
    ctx.seed = seed  # the alliance's draws from another seed, over the same district
    return ctx


@pytest.mark.django_db
def test_summary_reads_the_sources_figures(district, capsys):
    assert (SCALE, SEED) == (DEFAULT_SCALE, DEFAULT_SEED)  # the demo as `liandong demo` builds it
    out = _summary(capsys)
    assert out["members"] == 367 == district["alliance_members"]
    assert out["pairings"] == 26 == district["alliance_pairings"]
    assert 70 <= out["activities"] == district["alliance_activities"] <= 78
    assert all(out["by_type"][t] > 0 for t in TYPES), out["by_type"]
    assert out["by_type"]["职能部门"] == 21
    assert {c["code"] for c in out["by_chain"] if c["members"] > 0} >= set(KEY_CHAINS)
    call_command("alliance", "summary", "--as-of", AS_OF)
    assert "联盟成员单位367家" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_unit_on_two_chains_is_one_member(district, capsys):
    from liandong.alliance.models import Member, MemberType

    two = Member.objects.filter(chains__isnull=False).distinct()
    twice = [m for m in Member.objects.prefetch_related("chains") if m.chains.count() >= 2]
    assert any(m.type == MemberType.ENTERPRISE for m in twice) and any(m.type != MemberType.ENTERPRISE for m in twice)
    out = _summary(capsys)
    assert sum(c["members"] for c in out["by_chain"]) > out["members"] == two.count() == Member.objects.count()


@pytest.mark.django_db
def test_members_follow_the_structure(district):
    from liandong.accounts.models import Organization
    from liandong.alliance.models import Member, MemberRole, MemberType
    from liandong.chains.models import EnterprisePosition

    departments = Member.objects.filter(type=MemberType.DEPARTMENT)
    assert departments.count() == 21
    assert set(departments.values_list("organization__kind", flat=True)) == {Organization.Kind.DEPARTMENT}
    assert set(departments.values_list("organization__name", flat=True)) == set(departments.values_list("name", flat=True))
    for code in KEY_CHAINS:  # one lead department and a chain master on every key chain
        assert Member.objects.filter(chains__code=code, role=MemberRole.LEAD, type=MemberType.DEPARTMENT).exists()
        assert Member.objects.filter(chains__code=code, role=MemberRole.MASTER, type=MemberType.ENTERPRISE).exists()
    # enterprises are the district's, on a node of each chain they are members of
    for m in Member.objects.filter(type=MemberType.ENTERPRISE).prefetch_related("chains")[:120]:
        assert m.enterprise_id and m.uscc == m.enterprise.uscc
        held = set(EnterprisePosition.objects.filter(enterprise_id=m.enterprise_id).values_list("chain__code", flat=True))
        assert set(m.chains.values_list("code", flat=True)) <= held
    assert Member.objects.filter(type=MemberType.UNIVERSITY, name="天津理工大学").exists()
    assert Member.objects.filter(type=MemberType.SUBDISTRICT, name="杨柳青镇").exists()
    joined = set(Member.objects.values_list("joined", flat=True))
    assert None not in joined and max(joined) <= DEMO_TODAY and min(joined) >= dt.date(2023, 1, 1)
    assert {d.year for d in joined} == {2023, 2024, 2025, 2026}


@pytest.mark.django_db
def test_pairings_and_activities(district):
    from liandong.alliance.models import Activity, MemberType, Outcome, Pairing, PairingKind
    from liandong.matchmaking.models import Match

    pairings = list(Pairing.objects.select_related("a", "b").prefetch_related("logs"))
    assert {p.kind for p in pairings} == {PairingKind.ENTERPRISES, PairingKind.DEPARTMENT, PairingKind.UNIVERSITY}
    for p in pairings:
        assert p.goals and len(p.logs.all()) >= 2 and p.since <= DEMO_TODAY
        assert p.since >= max(p.a.joined, p.b.joined)
        assert all(p.since <= lg.on <= DEMO_TODAY for lg in p.logs.all())
    first = DEMO_TODAY - dt.timedelta(days=2 * 366)
    activities = list(Activity.objects.select_related("host").prefetch_related("participants"))
    assert all(first <= a.date <= DEMO_TODAY and a.summary and a.host in a.participants.all() for a in activities)
    assert all(m.joined <= a.date for a in activities for m in a.participants.all())
    rota = defaultdict(list)
    for a in sorted((a for a in activities if a.rota), key=lambda a: a.date):
        assert a.host.type == MemberType.ENTERPRISE and "书记轮值" in a.title
        rota[a.chain_id].append((a.date.strftime("%Y-%m"), a.host_id))
    assert len(rota) == 5
    for months in rota.values():  # monthly, never the same host two months running
        assert len({m for m, _h in months}) == len(months) >= 6
        assert all(x[1] != y[1] for x, y in zip(months, months[1:], strict=False))
    outcomes = list(Outcome.objects.select_related("activity", "a", "b", "match__need"))
    assert 18 <= len(outcomes) <= 24
    introduced = [o for o in outcomes if o.match]
    assert 0 < len(introduced) < len(outcomes)
    for o in outcomes:
        people = set(o.activity.participants.values_list("id", flat=True))
        assert {o.a_id, o.b_id} <= people and o.a.type == o.b.type == MemberType.ENTERPRISE
    for o in introduced:  # the buyer's need, the supplier introduced
        assert o.match.need.enterprise_id == o.b.enterprise_id and o.match.supplier_id == o.a.enterprise_id
        assert o.match.status != Match.Status.SUGGESTED and o.match.introduced_at.date() <= DEMO_TODAY


@pytest.mark.django_db
def test_the_rota_of_the_next_year_obeys_the_rules(district):
    from liandong.alliance.models import Activity, Member, MemberType, RotaSlot
    from liandong.engines.alliance.rota import months_from

    months = months_from("2026-11", 12)
    for code in KEY_CHAINS:
        slots = list(RotaSlot.objects.filter(chain__code=code).order_by("month").values_list("month", "host_id"))
        assert [m for m, _h in slots] == months
        hosts = [h for _m, h in slots]
        members = set(Member.objects.filter(chains__code=code, type=MemberType.ENTERPRISE).values_list("id", flat=True))
        assert set(hosts) <= members
        assert all(a != b for a, b in zip(hosts, hosts[1:], strict=False))
        assert len(set(hosts)) == len(hosts)  # ⌈12 / members⌉ = 1
        last = dict(Activity.objects.filter(chain__code=code, host_id__in=members).order_by()
                    .values_list("host_id").annotate(last=Max("date")))
        rank = {m: (1, last[m].isoformat()) if m in last else (0, "") for m in members}
        assert max(rank[h] for h in hosts) <= min(rank[m] for m in members - set(hosts))  # least recent first


@pytest.mark.django_db
def test_catalogue_and_service_record(district):
    from liandong.accounts.models import Organization
    from liandong.alliance.models import Resource, ResourceKind, ServiceKind, ServiceRecord

    per_unit = defaultdict(list)
    for r in Resource.objects.select_related("unit"):
        per_unit[r.unit.name].append(r)
        assert r.contact and r.link.startswith("https://www.tjxq.gov.cn/") and r.summary and r.conditions
    assert len(per_unit) == 21 and all(4 <= len(v) <= 6 for v in per_unit.values())
    assert {r.kind for v in per_unit.values() for r in v} == set(ResourceKind.values)
    titles = {r.title for r in per_unit["区科学技术局"]}
    assert {"科技型中小企业评价辅导", "研发费用加计扣除政策辅导", "天开园概念验证平台"} <= titles
    assert Resource.objects.filter(chains__code="bio").exists()

    records = ServiceRecord.objects.filter(on__year=DEMO_TODAY.year)
    assert 100 <= records.count() == ServiceRecord.objects.count() < 200
    assert set(records.values_list("kind", flat=True)) == {ServiceKind.VISIT, ServiceKind.CONSULTATION}
    assert not records.exclude(source="").exists() and not records.filter(source_id__isnull=False).exists()
    assert set(records.values_list("unit__kind", flat=True)) == {Organization.Kind.DEPARTMENT}
    assert all(r.month == r.on.strftime("%Y-%m") and r.on <= DEMO_TODAY and r.people and r.topics for r in records)
    assert records.exclude(problems="").exists()


@pytest.mark.django_db
def test_the_demo_users_enterprises_have_their_alliance(district):
    from liandong.accounts.models import User
    from liandong.alliance import selectors
    from liandong.alliance.models import ServiceRecord

    for username in ("ent1", "ent2"):
        user = User.objects.get(username=username)
        assert selectors.own_member_ids(user)
        assert selectors.pairings_visible(user).exists()
        assert selectors.activities_visible(user).count() >= 2
        assert ServiceRecord.objects.filter(enterprise_id=user.enterprise_id).count() >= 2


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_and_reset_removes_them(district):
    from liandong.alliance import demo as step
    from liandong.alliance.models import (
        Activity,
        Member,
        Outcome,
        Pairing,
        PairingLog,
        Resource,
        RotaSlot,
        ServiceRecord,
    )
    from liandong.matchmaking.models import Match, Need

    built = _digest()
    introduced = set(Outcome.objects.filter(match__isnull=False).values_list("match_id", flat=True))
    matches, needs = Match.objects.count(), Need.objects.count()
    assert step.reset() > 0
    for model in (Member, Pairing, PairingLog, Activity, Outcome, RotaSlot, Resource, ServiceRecord):
        assert not model.objects.exists(), model
    assert not Match.objects.filter(pk__in=introduced).exists()  # the introductions it made, and only those
    assert Match.objects.count() == matches - len(introduced) and Need.objects.count() == needs - len(introduced)
    assert not Need.objects.filter(text__startswith=step.INTENT_MARK).exists()

    step.build(_context(SEED))
    assert _digest() == built
    step.reset()
    step.build(_context(SEED + 1))
    assert _digest() != built
    assert Member.objects.count() == 367
