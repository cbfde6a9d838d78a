"""The alliance's services and scoping on a real database (issue #17): who writes what, the audit
trail, one member per unit, pairing suggestions that leave out traders and existing pairs, an
intention turned into a matchmaking introduction, the rota as the office edits it, and what an
enterprise or a department sees."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry

from liandong.alliance import selectors, services
from liandong.alliance.models import Activity, Member, Pairing, RotaSlot
from liandong.chains.models import Chain, SupplyRelation
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.matchmaking.models import Match
from tests.factories import (
    make_admin,
    make_analyst,
    make_chain_officer,
    make_department,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
    make_position,
)

pytestmark = pytest.mark.django_db
D = dt.date


def ic():
    return Chain.objects.get(code="ic")


def enterprise_member(admin, node: str, name: str, **extra):
    enterprise = make_enterprise(name=name)
    make_position(enterprise, node)
    return services.member_save(actor=admin, name=name, type="enterprise", uscc=enterprise.uscc,
                                chains=[node.split(".")[0]], joined=D(2025, 1, 1), **extra)


def test_one_member_per_unit_and_every_write_audited():
    admin = make_admin()
    member = services.member_save(actor=admin, name="天津（西青）甲科技有限公司", chains=["ic"])
    assert LogEntry.objects.get_for_object(member).filter(actor=admin).exists()
    with pytest.raises(ConflictError) as err:
        services.member_save(actor=admin, name="天津 (西青) 甲科技有限公司", chains=["iov"])
    assert err.value.extra["field"] == "name" and Member.objects.count() == 1
    with pytest.raises(ApplicationError) as err:
        services.member_save(actor=admin, name="乙", uscc="91120111MA05KXXXXX")
    assert err.value.extra["field"] == "uscc"


def test_a_chain_officer_writes_their_chains_and_keeps_the_others():
    admin, officer = make_admin(), make_chain_officer(("ic",))
    member = services.member_save(actor=admin, name="天津理工大学", type="university", chains=["ic", "bio"])
    services.member_save(actor=officer, member=member, name="天津理工大学", type="university", chains=["ic", "bio"],
                         contact="王明")
    with pytest.raises(PermissionDeniedError):  # removing another chain's link
        services.member_save(actor=officer, member=member, name="天津理工大学", type="university", chains=["ic"])
    with pytest.raises(PermissionDeniedError):
        services.member_save(actor=officer, name="天津中医药大学", type="university", chains=["bio"])
    for reader in (make_analyst(), make_department_user(), make_enterprise_user()):
        with pytest.raises(PermissionDeniedError):
            services.member_save(actor=reader, name="某单位", chains=["ic"])
    assert sorted(member.chains.values_list("code", flat=True)) == ["bio", "ic"]


def test_pairing_suggestions_leave_out_trading_partners_and_existing_pairs():
    admin = make_admin()
    mat = enterprise_member(admin, "ic.up.mat", "天津甲半导体材料有限公司")
    fab = enterprise_member(admin, "ic.mid.fab", "天津乙晶圆有限公司")
    pkg = enterprise_member(admin, "ic.mid.pkg", "天津丙封测有限公司")
    eda = enterprise_member(admin, "ic.up.eda", "天津丁EDA软件有限公司")
    design = enterprise_member(admin, "ic.mid.design", "天津戊芯片设计有限公司")
    found = {(s["upstream"].pk, s["downstream"].pk) for s in selectors.pairing_suggestions(actor=admin, chain=ic())}
    # the chain map's edges: materials → fab and packaging, EDA → design, design → fab, fab → packaging
    assert found == {(mat.pk, fab.pk), (mat.pk, pkg.pk), (eda.pk, design.pk), (design.pk, fab.pk), (fab.pk, pkg.pk)}
    SupplyRelation.objects.create(supplier=mat.enterprise, customer=pkg.enterprise, year=2025, amount=1)
    services.pairing_create(actor=admin, a=design, b=eda, kind="企企", since=D(2025, 9, 1))
    after = selectors.pairing_suggestions(actor=admin, chain=ic())
    assert {(s["upstream"].pk, s["downstream"].pk) for s in after} == {(mat.pk, fab.pk), (design.pk, fab.pk),
                                                                       (fab.pk, pkg.pk)}
    mat_fab = next(s for s in after if s["upstream"] == mat)
    assert mat_fab["reasons"][0] == "天津甲半导体材料有限公司位于「半导体材料」，天津乙晶圆有限公司位于其下游「晶圆制造」"
    assert selectors.pairing_suggestions(actor=make_enterprise_user(mat.enterprise), chain=ic()) == []
    with pytest.raises(ConflictError):
        services.pairing_create(actor=admin, a=eda, b=design, kind="ee")  # A–B is B–A


def test_an_intention_becomes_a_matchmaking_introduction():
    admin = make_admin()
    buyer = enterprise_member(admin, "ic.mid.pkg", "天津甲封测有限公司")
    seller = enterprise_member(admin, "ic.up.mat", "天津乙材料有限公司")
    outsider = enterprise_member(admin, "ic.up.eda", "天津丙软件有限公司")
    activity = services.activity_save(actor=admin, title="集成电路产业链书记轮值活动", date=D(2026, 3, 18), chain="ic",
                                      host=buyer, participants=[seller], rota=True)
    assert activity.code == "LJ2026-001"
    with pytest.raises(ApplicationError) as err:
        services.outcome_add(actor=admin, activity=activity, a=buyer, b=outsider, description="封装基板供货")
    assert err.value.extra["field"] == "b"
    outcome = services.outcome_add(actor=admin, activity=activity, a=buyer, b=seller, description="封装基板供货")
    services.outcome_introduce(actor=admin, outcome=outcome, buyer=buyer)
    match = Match.objects.get()
    assert (match.need.enterprise_id, match.supplier_id, match.status) == (buyer.enterprise_id, seller.enterprise_id,
                                                                             "introduced")
    assert outcome.match_id == match.pk
    with pytest.raises(ConflictError):
        services.outcome_introduce(actor=admin, outcome=outcome, buyer=buyer)


def test_the_office_sets_a_rota_month_and_the_plan_keeps_it():
    admin = make_admin()
    hosts = [enterprise_member(admin, "ic.mid.fab", f"天津{c}科技有限公司") for c in "甲乙丙"]
    services.rota_set(actor=admin, chain=ic(), month="2027-01", host=hosts[2])
    plan = selectors.rota(chain=ic(), first_month="2026-12", months=3)["rota"]
    assert plan[1] == {"month": "2027-01", "host": hosts[2].name, "member_id": hosts[2].pk, "uscc": hosts[2].uscc,
                       "set": True}
    assert plan[0]["host"] != hosts[2].name and plan[2]["host"] != hosts[2].name
    assert services.rota_adopt(actor=admin, chain=ic(), first_month="2026-12", months=3) == 2
    assert RotaSlot.objects.filter(chain=ic()).count() == 3
    university = services.member_save(actor=admin, name="天津大学", type="university", chains=["ic"])
    with pytest.raises(ApplicationError):
        services.rota_set(actor=admin, chain=ic(), month="2027-02", host=university)
    with pytest.raises(PermissionDeniedError):
        services.rota_set(actor=make_chain_officer(("bio",)), chain=ic(), month="2027-02", host=hosts[0])


def test_an_enterprise_and_a_department_see_their_own_pairings_and_activities_only():
    admin = make_admin()
    mine = enterprise_member(admin, "ic.mid.fab", "天津甲科技有限公司")
    other = enterprise_member(admin, "ic.mid.pkg", "天津乙科技有限公司")
    third = enterprise_member(admin, "ic.up.mat", "天津丙科技有限公司")
    bureau = make_department("区科学技术局")
    department = services.member_save(actor=admin, name="区科学技术局", type="department", chains=["ic"])
    assert department.organization_id == bureau.pk
    ours = services.pairing_create(actor=admin, a=mine, b=department, kind="部门企业")
    theirs = services.pairing_create(actor=admin, a=other, b=third)
    met = services.activity_save(actor=admin, title="对接会", date=D(2026, 5, 1), chain="ic", participants=[mine, other])
    apart = services.activity_save(actor=admin, title="座谈会", date=D(2026, 6, 1), chain="ic", participants=[third])
    user = make_enterprise_user(mine.enterprise)
    assert list(selectors.pairings_visible(user)) == [ours]
    assert list(selectors.activities_visible(user)) == [met]
    assert set(selectors.members_visible(user)) == {mine, department, other}
    with pytest.raises(NotFoundError):
        selectors.pairing_get(actor=user, pairing_id=theirs.pk)
    with pytest.raises(NotFoundError):
        selectors.activity_get(actor=user, activity_id=apart.pk)
    with pytest.raises(NotFoundError):
        selectors.member_get(actor=user, member_id=third.pk)
    staff = make_department_user(bureau)
    assert list(selectors.pairings_visible(staff)) == [ours] and not selectors.activities_visible(staff).exists()
    services.pairing_log_add(actor=user, pairing=ours, on=D(2026, 7, 1), text="走访座谈，梳理研发需求")
    with pytest.raises(PermissionDeniedError):
        services.pairing_log_add(actor=user, pairing=theirs, on=D(2026, 7, 1), text="越权记录")
    assert Pairing.objects.count() == 2 and Activity.objects.count() == 2
    assert selectors.pairings_visible(make_analyst()).count() == 2
