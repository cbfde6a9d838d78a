"""Demo steps of the appeals: each category's usual department, and half a year of enterprise
appeals walked through the real services (``liandong.demo.appeals``)."""

from __future__ import annotations

import time

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from liandong.core.demo import DemoContext
from liandong.demo import names as N


def appeal_categories(ctx: DemoContext) -> int:
    """Link each appeal category to its usual department (by name), now that they exist."""
    from liandong.accounts.models import Organization
    from liandong.appeals.defaults import load_categories
    from liandong.appeals.models import AppealCategory

    return load_categories(AppealCategory, Organization)


def appeals(ctx: DemoContext) -> int:
    """Enterprise appeals (企业诉求) of the last six months, about 0.25 per enterprise (40 to
    3000), walked through the real services as the demo users (``liandong.demo.appeals``).

    Not deterministic in time: the moments are anchored to the build time (``timezone.now()``
    floored to the hour) and counted in working time from it, so the open appeals of the last
    two weeks have live clocks whenever someone opens the demo. Everything else — enterprise,
    category, text, channel, who acted, outcome, working-minute durations — comes from the seed.
    Department staff users ``dept-<n>`` (n: the department's place in ``names.DEPARTMENTS``;
    unusable password) are created for the departments the appeals go to; the 区工信局's work is
    done by the ``dept`` demo account. Skipped when the district's enterprises already have
    appeals. Like the other generated rows, the appeals get no audit entries (auditlog is off
    while they are written: ~1000 entries stamped with the build time, not the events' times,
    would tell nobody anything, and cost a third of the step); the timelines record who did
    what and when. The services' in-app notifications are written after the build commits
    (``transaction.on_commit``) and then dated at their events (``settle_notifications``).
    """
    from auditlog.context import disable_auditlog

    from liandong.accounts.models import Organization, User
    from liandong.appeals.calendar import working_hours
    from liandong.appeals.models import Appeal, AppealCategory
    from liandong.demo.appeals import (
        CLOSED,
        CategoryClocks,
        appeal_count,
        plan_appeals,
        settle_notifications,
        write_appeals,
    )

    if set(Appeal.objects.values_list("enterprise_id", flat=True).distinct()) & set(ctx.enterprise_ids):
        return 0  # already there (no `__in` over the ids: SQLite caps the parameters of a query)
    departments = dict(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).values_list("name", "id"))
    categories = {c.code: CategoryClocks(
        c.default_department.name if c.default_department_id else N.DEPT_USER_ORG, float(c.respond_hours),
        float(c.dock_days), float(c.resolve_days)) for c in AppealCategory.objects.select_related(
            "default_department")}
    if not categories:
        return 0
    ent1, ent2 = ctx.plan.ent_users
    forced = [(ent1, CLOSED), (ent1, CLOSED), (ent1, "docked"), (ent1, "reviewed"), (ent2, CLOSED),
              (ent2, "resolved")]
    candidates = [(e.idx, (3.0 if e.positions else 1.0) * (1.5 if e.above_scale else 1.0),
                   e.main_products.split("、")[0]) for e in ctx.plan.enterprises]
    plans = plan_appeals(ctx.rng("appeals"), count=appeal_count(len(ctx.plan.enterprises)),
                         enterprises=candidates, forced=forced, categories=categories,
                         with_users={ent1, ent2}, day_minutes=working_hours().minutes)

    users = {u.username: u for u in User.objects.filter(username__in=("admin", "dept", "ent1", "ent2"))}
    order = {name: n for n, (name, _short) in enumerate(N.DEPARTMENTS, start=1)}
    shorts = dict(N.DEPARTMENTS)
    staff = {}
    unusable = make_password(None)
    for name in sorted({p.lead for p in plans} | {p.wrong for p in plans if p.wrong},
                       key=lambda name: (order.get(name, len(order) + departments[name]), name)):
        dept = users.get("dept")
        if name == N.DEPT_USER_ORG and dept and dept.organization_id == departments[name]:
            staff[name] = dept
            continue
        n = order.get(name, len(order) + departments[name])
        staff[name], _ = User.objects.update_or_create(username=f"dept-{n}", defaults={
            "password": unusable, "role": User.Role.DEPARTMENT, "organization_id": departments[name],
            "display_name": f"{shorts.get(name, name)}干部（演示）", "enterprise": None, "is_active": True,
            "is_staff": False, "is_superuser": False})
    ctx.counts["department_users"] = sum(u.username.startswith("dept-") for u in staff.values())

    anchor = timezone.now().replace(minute=0, second=0, microsecond=0)
    notified: dict[str, float] = {}
    transaction.on_commit(lambda: notified.setdefault("from", time.perf_counter()))  # runs before the services'
    with disable_auditlog():
        ids = write_appeals(plans, anchor=anchor, usccs={e.idx: e.uscc for e in ctx.plan.enterprises},
                            departments=departments, office=users["admin"],
                            enterprise_users={ent1: users["ent1"], ent2: users["ent2"]},
                            department_users=staff)

    def settle() -> None:
        n = settle_notifications(ids, anchor)
        ctx.progress(f"  诉求站内通知（提交后写入）：{n} 条，{time.perf_counter() - notified['from']:.1f} 秒")

    transaction.on_commit(settle)
    return len(ids)
