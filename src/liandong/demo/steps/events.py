"""Demo step of the events: half a year of events and 1:1 meetings (``liandong.demo.activities``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from liandong.core.demo import DemoContext
from liandong.demo import names as N
from liandong.demo.generator import DEMO_USERNAMES, DEPARTMENT_USERNAME
from liandong.demo.steps.common import chains


def events(ctx: DemoContext) -> int:
    """Half a year of events (``liandong.demo.activities``): 13 policy briefings targeting the
    tiers, 26 matchmaking days on the chains with registrations, check-ins, 1:1 meetings placed by
    the real scheduler and their outcomes, a few rotating leaders' meetings and visits, and one
    matchmaking day open for registration ten days ahead (``ent1`` registered, with a request
    waiting for its answer; ``ent2`` invited but not registered). At most
    ``MAX_REGISTRATIONS`` registrations per event whatever the scale.

    Like the appeals: anchored to the build time (``timezone.now()`` floored to the hour), the
    rest from the seed; organised by the demo users and the department staff ``dept-<n>`` (created
    as the appeals step does when a department has none yet); auditlog off while they are
    written (the rows record who registered, and when). Skipped when the district's enterprises
    already have registrations. Returns the events written; registrations and 1:1 requests are
    counted as ``registrations`` and ``meeting_requests``.
    """
    from auditlog.context import disable_auditlog

    from liandong.accounts.models import Organization, User
    from liandong.chains.models import Chain
    from liandong.demo.activities import plan_events, write_events
    from liandong.events.models import Registration

    if set(Registration.objects.values_list("enterprise_id", flat=True).distinct()) & set(ctx.enterprise_ids):
        return 0  # already there
    c = chains(ctx)
    ent1, ent2 = ctx.plan.ent_users
    plans = plan_events(ctx.rng("events"), enterprises=ctx.plan.enterprises, nodes=c.nodes, edges=c.edges,
                        chain_names=dict(Chain.objects.values_list("code", "name")), ent1=ent1, ent2=ent2,
                        valid_on=ctx.today)
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    organisers: dict[str, Any] = dict(users)
    departments = dict(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).values_list("name", "id"))
    order = {name: n for n, (name, _short) in enumerate(N.DEPARTMENTS, start=1)}
    shorts = dict(N.DEPARTMENTS)
    unusable = make_password(None)
    for name in sorted({p.organiser for p in plans} - set(users), key=lambda name: order.get(name, 0)):
        dept = users.get("dept")
        if dept is not None and dept.organization_id == departments.get(name):
            organisers[name] = dept
        elif name in departments:  # the appeals step's department staff, or a new one alike
            n = order.get(name, len(order) + departments[name])
            organisers[name], _ = User.objects.get_or_create(username=f"dept-{n}", defaults={
                "password": unusable, "role": User.Role.DEPARTMENT, "organization_id": departments[name],
                "display_name": f"{shorts.get(name, name)}干部（演示）", "is_active": True})
    ctx.counts["department_users"] = User.objects.filter(username__regex=DEPARTMENT_USERNAME,
                                                         role=User.Role.DEPARTMENT).count()
    anchor = timezone.now().replace(minute=0, second=0, microsecond=0)
    with disable_auditlog():
        written = write_events(plans, anchor=anchor, usccs={e.idx: e.uscc for e in ctx.plan.enterprises},
                               ids=dict(enumerate(ctx.enterprise_ids)), office=users["admin"], organisers=organisers,
                               enterprise_users={ent1: users["ent1"], ent2: users["ent2"]})
    ctx.counts["registrations"] = written.registrations
    ctx.counts["meeting_requests"] = written.meeting_requests
    return written.events
