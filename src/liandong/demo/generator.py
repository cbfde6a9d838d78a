"""Write the demo district 西青区（示例） into the database: the orchestration.

``build_demo(scale=600, seed=20240601, today=DEMO_TODAY, progress=print)`` turns the pure plan
(``liandong.demo.plan``) into rows, all in one transaction, by running steps: first the base
district's (``BASE_STEPS``, functions in ``liandong.demo.steps`` by domain: parks, organizations,
enterprises, the demo users, qualifications, chain positions, contacts, annual data, monthly
indicators, supply relations, the published district totals, half a year of enterprise appeals
(``liandong.demo.appeals``) and of events and 1:1 matchmaking (``liandong.demo.activities``)), then
the steps the apps declare (``LiandongApp.demo_steps``, ``core.registry.demo_steps()``), in their
``order``. Every step is ``step(context) -> rows written`` with a ``core.demo.DemoContext``; the rows
it returns are counted under its key and reported with its label.

Deterministic: every random draw comes from ``random.Random`` streams seeded from ``seed`` and a
key per step (``context.rng(key)``; Faker ``zh_CN`` seeded with ``seed``); the demo "today" is an
argument, never the wall clock (``created_at`` stamps excepted, and the appeals and events, whose
moments are anchored to the build time so that their clocks are live and the next matchmaking day
lies ahead).

Speed: rows are generated lazily as tuples and written in batches of 2000 by
``core.bulk.insert_rows``, a thin ``executemany`` over the backend's own value adapters (its
docstring has the measurements against ``bulk_create``): ``--scale 100000`` (≈1.3 million rows) in
about 2 minutes on two cores with SQLite.

Audit: the demo district is system-generated. Enterprises get one LogEntry each (``bulk_log``,
no actor); the bulk child rows (qualifications, positions, contacts, annual data, indicators,
supply relations, official totals) get none — logging a million generated rows would double the
build time and tell nobody anything. Parks, organizations and users are saved one by one, so
auditlog's signals record them as usual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from liandong.core.demo import DemoContext
from liandong.core.registry import DemoStep, demo_steps, resolve
from liandong.demo import names as N
from liandong.demo.plan import demo_usccs, plan_demo, window_periods

DEMO_TODAY = date(2026, 10, 31)
DEFAULT_SCALE = 600
DEFAULT_SEED = 20240601
DEMO_PASSWORD = "liandong-demo"  # noqa: S105 - the published demo password (docs/cli.md#demo-accounts)
INDICATOR_MONTHS = 36
OFFICIAL_MONTHS = 24

# username, role, display name, organization, what they see (printed by `liandong demo`)
DEMO_USERS: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("admin", "admin", "演示管理员", "西青区产业链工作专班", "全部数据和功能，含后台管理 /admin/"),
    ("officer", "chain_officer", "产业链专员（演示）", "西青区产业链工作专班",
     "全部企业；可维护集成电路、车联网两条链及链上企业，可看其联系人"),
    ("dept", "department", "区工信局干部（演示）", N.DEPT_USER_ORG, "全部企业（只读），本部门工作"),
    ("analyst", "analyst", "分析员（演示）", "西青区产业链工作专班", "全部企业和统计数据（只读）"),
    ("ent1", "enterprise", "", None, "仅本企业"),
    ("ent2", "enterprise", "", None, "仅本企业"),
)
DEMO_USERNAMES = tuple(u[0] for u in DEMO_USERS)
DEPARTMENT_USERNAME = r"^dept-[0-9]+$"  # department staff of the demo appeals (not demo accounts)
OFFICER_CHAINS = ("ic", "iov")
ROLE_LABELS = {
    "admin": "区级管理员", "chain_officer": "产业链专员", "department": "成员单位人员",
    "analyst": "分析员（只读）", "enterprise": "企业用户",
}

Progress = Callable[[str], None]

_STEPS = "liandong.demo.steps"
BASE_STEPS: tuple[DemoStep, ...] = tuple(
    DemoStep(key, label, f"{_STEPS}.{run}", order) for order, (key, label, run) in enumerate((
        ("parks", "园区", "registry:parks"),
        ("organizations", "组织机构", "registry:organizations"),
        ("appeal_categories", "诉求分类关联成员单位", "appeals:appeal_categories"),
        ("enterprises", "企业（含审计记录）", "registry:enterprises"),
        ("users", "演示账号", "registry:users"),
        ("qualifications", "资质认定", "registry:qualifications"),
        ("honours", "荣誉（科技奖励、研发机构等）", "registry:honours"),
        ("declared_facts", "企业自报信息", "policies:declared_facts"),
        ("positions", "产业链位置", "chains:positions"),
        ("contacts", "联系人", "registry:contacts"),
        ("annual", "年度数据", "stats:annual"),
        ("indicators", "月度指标", "stats:indicators"),
        ("supply_relations", "供需关系", "chains:supply_relations"),
        ("outside_supply_relations", "区外供应商及其供货", "chains:outside_suppliers"),
        ("official_totals", "官方统计数", "stats:official_totals"),
        ("appeals", "企业诉求", "appeals:appeals"),
        ("events", "活动与对接", "events:events"),
        ("needs", "供需对接", "matchmaking:matchmaking"),
    ), start=1)
)
"""The base district, in the order it is written (later steps read what earlier ones wrote)."""


# --- recognising and removing a demo district ---------------------------------------------------
def demo_present(*, seed: int, scale: int) -> bool:
    """True when the database holds the demo district built with ``seed`` and ``scale``.

    No marker table or file: the USCC stream of a seed is prefix-stable, so the district built
    with (seed, scale) holds the seed's first and ``scale``-th codes but not the next one, and the
    demo ``admin`` user exists. This survives restarts, copies of the database and moving it, and
    it cannot go stale the way a file beside the database could.
    """
    from liandong.accounts.models import User
    from liandong.enterprises.models import Enterprise

    if not User.objects.filter(username="admin").exists():
        return False
    codes = demo_usccs(seed, scale + 1)
    want = {codes[0], codes[scale - 1]}
    found = set(Enterprise.objects.filter(uscc__in=[*want, codes[scale]]).values_list("uscc", flat=True))
    return found == want


def reset_demo(*, today: date = DEMO_TODAY) -> dict[str, int]:
    """Delete every enterprise and everything hanging off it (appeals included), the events the demo
    users organised (with their registrations and 1:1 requests), the demo users
    (with the department staff ``dept-<n>`` of the demo appeals), the demo organizations (those no
    other user belongs to), the demo parks and the demo district totals.

    Child tables are emptied with raw deletes, then enterprises go through Django's collector so
    that rows of other apps pointing at them are handled by their ``on_delete``. Deletions are not
    audited (auditlog is disabled for the reset; LogEntry rows already written stay).
    """
    from auditlog.context import disable_auditlog

    from liandong.accounts.models import Organization, User
    from liandong.appeals.models import Appeal
    from liandong.chains.models import EnterprisePosition, SupplyRelation
    from liandong.core.errors import ApplicationError
    from liandong.enterprises.models import (
        AnnualData,
        Contact,
        Enterprise,
        MonthlyIndicator,
        Park,
        Qualification,
    )
    from liandong.events.models import Event
    from liandong.policies.models import DeclaredFact
    from liandong.stats.models import OfficialTotal

    counts: dict[str, int] = {}
    with transaction.atomic(), disable_auditlog():
        for step in reversed(demo_steps()):  # what the apps' steps wrote, before their enterprises
            if step.reset:
                counts[step.key] = resolve(step.reset)()
        # the demo's events (registrations, invitations and 1:1 requests cascade): those the demo
        # users and department staff organised
        counts["events"] = Event.objects.filter(
            Q(created_by__username__in=DEMO_USERNAMES)
            | Q(created_by__username__regex=DEPARTMENT_USERNAME, created_by__role=User.Role.DEPARTMENT)
        ).delete()[1].get("events.Event", 0)
        # appeals protect their enterprises and departments; merged ones protect their originals
        Appeal.objects.filter(merged_into__isnull=False).update(merged_into=None)
        counts["appeals"] = Appeal.objects.all().delete()[1].get("appeals.Appeal", 0)
        for key, model in (("supply_relations", SupplyRelation), ("positions", EnterprisePosition),
                           ("indicators", MonthlyIndicator), ("annual", AnnualData), ("contacts", Contact),
                           ("qualifications", Qualification), ("declared_facts", DeclaredFact)):
            qs = model.objects.all()
            counts[key] = qs._raw_delete(qs.db)
        counts["users"] = User.objects.filter(
            Q(username__in=DEMO_USERNAMES) | Q(username__regex=DEPARTMENT_USERNAME, role=User.Role.DEPARTMENT)
        ).delete()[1].get("accounts.User", 0)
        try:
            counts["enterprises"] = Enterprise.objects.all().delete()[1].get("enterprises.Enterprise", 0)
        except ProtectedError as err:
            raise ApplicationError(_("Some enterprises are still referenced and cannot be deleted."),
                                   {"objects": [str(o) for o in list(err.protected_objects)[:10]]}) from err
        demo_orgs = [name for name, _short in N.DEPARTMENTS] + [o[0] for o in N.OTHER_ORGS]
        counts["organizations"] = Organization.objects.filter(name__in=demo_orgs, users__isnull=True).delete()[0]
        counts["parks"] = Park.objects.filter(name__in=[p[0] for p in N.PARKS], enterprises__isnull=True).delete()[0]
        periods = window_periods(today, OFFICIAL_MONTHS)
        counts["official_totals"] = OfficialTotal.objects.filter(
            indicator="value_added", cumulative=True, period__in=periods).delete()[0]
        counts["deliveries"] = _orphan_deliveries()
    return counts


def _orphan_deliveries() -> int:
    """Outgoing messages about the events and appeals just deleted (keys ``invite:<event>:…`` and
    ``alert:<appeal>:…``): the demo's mail and robot messages go with the demo."""
    from liandong.appeals.models import Appeal
    from liandong.events.models import Event
    from liandong.notifications.models import Delivery

    live = {"invite": set(Event.objects.values_list("pk", flat=True)),
            "alert": set(Appeal.objects.values_list("pk", flat=True))}
    gone = [pk for pk, key in Delivery.objects.filter(Q(key__startswith="invite:") | Q(key__startswith="alert:"))
            .values_list("pk", "key") if int(key.split(":")[1]) not in live[key.split(":")[0]]]
    return Delivery.objects.filter(pk__in=gone).delete()[0]



# --- the build ----------------------------------------------------------------------------------
def build_demo(*, scale: int = DEFAULT_SCALE, seed: int = DEFAULT_SEED, today: date = DEMO_TODAY,
               progress: Progress | None = None) -> dict[str, int]:
    """Build the demo district in one transaction: plan it, run the base steps, then the apps' demo
    steps; return the row counts written, by step key (and the extra counts steps add)."""
    with transaction.atomic():
        context = plan_context(scale=scale, seed=seed, today=today, progress=progress)
        for step in (*BASE_STEPS, *demo_steps()):
            run_step(context, step)
        return context.counts


def plan_context(*, scale: int, seed: int, today: date, progress: Progress | None = None) -> DemoContext:
    """Plan the district against the chains, industry codes and qualification types in the database
    and return the context the steps share (the chains and qualification types in ``shared``)."""
    from liandong.demo.steps.common import load_chains
    from liandong.demo.steps.registry import qualification_types
    from liandong.enterprises.models import IndustryCode

    started = time.perf_counter()
    chains = load_chains()
    qtypes = qualification_types()
    valid = set(IndustryCode.objects.filter(level=4).values_list("code", flat=True))
    validity = {code: years for code, (_pk, _lvl, years) in qtypes.items() if years}
    plan = plan_demo(seed=seed, scale=scale, today=today, nodes=chains.nodes, industry_codes=valid,
                     validity=validity)
    context = DemoContext(scale=scale, seed=seed, today=today, plan=plan,
                          shared={"chains": chains, "qualification_types": qtypes})
    if progress is not None:
        context.progress = progress
    context.progress(f"  规划 {scale} 家企业：{time.perf_counter() - started:.1f} 秒")
    return context


def run_step(context: DemoContext, step: DemoStep) -> int:
    """Run one step (its ``run`` resolved now), count its rows under its key and report them."""
    started = time.perf_counter()
    n = resolve(step.run)(context)
    context.add(step.key, n)
    context.progress(f"  {step.label}：{n} 条，{time.perf_counter() - started:.1f} 秒")
    return n


def demo_counts() -> dict[str, int]:
    """Row counts of a demo district already in the database (for ``liandong demo`` when it skips)."""
    from liandong.accounts.models import Organization, User
    from liandong.appeals.models import Appeal
    from liandong.chains.models import EnterprisePosition, SupplyRelation
    from liandong.enterprises.models import (
        AnnualData,
        Contact,
        Enterprise,
        MonthlyIndicator,
        Park,
        Qualification,
    )
    from liandong.enterprises.selectors import local_only, outside_only
    from liandong.events.models import Event, MeetingRequest, Registration
    from liandong.policies.models import DeclaredFact
    from liandong.stats.models import OfficialTotal

    return {
        "parks": Park.objects.count(), "organizations": Organization.objects.count(),
        "enterprises": local_only(Enterprise.objects.all()).count(),
        "outside_suppliers": outside_only(Enterprise.objects.all()).count(),
        "users": User.objects.filter(username__in=DEMO_USERNAMES).count(),
        "qualifications": Qualification.objects.count(), "declared_facts": DeclaredFact.objects.count(),
        "positions": EnterprisePosition.objects.count(),
        "contacts": Contact.objects.count(), "annual": AnnualData.objects.count(),
        "indicators": MonthlyIndicator.objects.count(), "supply_relations": SupplyRelation.objects.count(),
        "official_totals": OfficialTotal.objects.count(), "appeals": Appeal.objects.count(),
        "events": Event.objects.count(), "registrations": Registration.objects.count(),
        "meeting_requests": MeetingRequest.objects.count(),
    }


def demo_accounts() -> list[dict[str, str]]:
    """The demo accounts as printed by ``liandong demo`` (from the database, for display names)."""
    from liandong.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    out = []
    for username, role, display, _org, sees in DEMO_USERS:
        user = users.get(username)
        out.append({"username": username, "role": role, "password": DEMO_PASSWORD,
                    "display_name": (user.display_name if user else display) or display, "sees": sees})
    return out
