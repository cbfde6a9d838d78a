"""Enterprise appeals (企业诉求) of the demo district: half a year of them, walked through the real
workflow so the inbox, the timelines and the metrics page read like a real district's.

``plan_appeals`` is the pure part: which enterprise, category, text, channel, who does what and how
many working minutes after the submission, and how long before "now" each appeal came in — all from
one seeded ``random.Random``, no clock, no Django. ``write_appeals`` turns the plans into appeals by
calling the real services (``appeal_submit``, ``appeal_act``) with ``now=`` set to each planned
moment, acting as the demo users: the office (``admin``) responds, dispatches, approves and rates
on the enterprise's behalf after a phone return visit; one staff user per department accepts,
pauses, asks for extensions, returns misrouted appeals and reports solutions; ``ent1``/``ent2``
submit and rate their own enterprise's appeals.

Moments are anchored to the time of the build (``timezone.now()`` floored to the hour), counted
backwards and forwards in working time on the district's calendar, so open appeals have live
clocks whenever the demo is opened; everything else is fixed by the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from liandong.demo import names as N

PER_ENTERPRISE = 0.25
MIN_APPEALS, MAX_APPEALS = 40, 400  # at most ~25 s of real service calls at benchmark scale
SPAN_DAYS = 124  # working days in the six months before "now"
OPEN_WITHIN_DAYS = 10  # open appeals came in during the last two weeks (working days)

CATEGORY_WEIGHTS: dict[str, float] = {
    "finance": 16, "labour": 14, "land": 10, "approval": 12, "policy": 14, "supply": 9, "tech": 8,
    "utilities": 6, "environment": 5, "market": 4, "other": 2,
}
# Where an appeal ends up by "now": closed, or open at one of these stages.
CLOSED = "closed"
FATE_WEIGHTS: dict[str, float] = {
    CLOSED: 80, "submitted": 2, "responded": 2, "dispatched": 2, "returned": 0.6, "docked": 5, "paused": 1.5,
    "extension": 1, "resolved": 2.5, "reviewed": 2.5,
}
OVERDUE_STAGES = frozenset({"submitted", "responded", "dispatched", "docked"})
# Open appeals every demo shows whatever the seed (random enterprises): (fate, overdue).
OPEN_MIX: tuple[tuple[str, bool], ...] = (
    ("submitted", False), ("submitted", True), ("responded", False), ("dispatched", False), ("returned", False),
    ("docked", False), ("docked", True), ("paused", False), ("extension", False), ("resolved", False),
    ("reviewed", False),
)
OVERDUE_SHARE = 0.2  # of appeals open at those stages
LATE_RESPONSE, LATE_DOCKING, MISROUTED, CO_HANDLED = 0.12, 0.08, 0.08, 0.12
PAUSED, EXTENDED, REPLIED, SENT_BACK = 0.10, 0.06, 0.15, 0.05
RATINGS = (("satisfied", 0.75), ("basic", 0.18), ("unsatisfied", 0.07))
OFFICE_CHANNELS = (("phone", 0.5), ("visit", 0.3), ("event", 0.2))
PHONE_VISIT = "电话回访："


@dataclass(frozen=True, slots=True)
class CategoryClocks:
    department: str  # the usual department's name
    respond_hours: float = 1
    dock_days: float = 1
    resolve_days: float = 5


@dataclass(frozen=True, slots=True)
class Act:
    at: float  # working minutes after the submission
    who: str  # "office", "lead" (the lead department), "wrong" (misrouted department), "enterprise"
    action: str
    params: dict[str, Any] = field(default_factory=dict)  # department names stand for their ids


@dataclass(slots=True)
class AppealPlan:
    enterprise: int  # index into the demo plan's enterprises
    category: str
    title: str
    body: str
    channel: str
    fate: str
    age: float  # working minutes from the submission to "now"
    lead: str
    wrong: str | None = None
    acts: list[Act] = field(default_factory=list)


def appeal_count(enterprises: int) -> int:
    return max(MIN_APPEALS, min(MAX_APPEALS, round(enterprises * PER_ENTERPRISE)))


def _pick(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _w in pairs], weights=[w for _k, w in pairs])[0]


def _fill(rng: random.Random, product: str) -> dict[str, Any]:
    return {"product": product, "amount": rng.choice((200, 300, 500, 800, 1000, 1500, 2000, 3000)),
            "count": rng.randint(3, 40), "area": rng.choice((800, 1500, 2000, 3000, 5000, 8000)),
            "mu": rng.choice((15, 20, 30, 50, 80)), "kva": rng.choice((630, 800, 1250, 2000, 2500)),
            "energy": rng.choice((1200, 1800, 3000, 5000)), "fair": rng.choice(N.APPEAL_FAIRS)}


def plan_appeals(rng: random.Random, *, count: int, enterprises: Sequence[tuple[int, float, str]],
                 forced: Sequence[tuple[int, str]], categories: dict[str, CategoryClocks],
                 with_users: set[int], day_minutes: int) -> list[AppealPlan]:
    """``count`` appeals: first the ``forced`` ones (enterprise index, fate), then ``OPEN_MIX``, then
    random fates; enterprises not forced are drawn from ``enterprises`` (index, weight, main
    product). ``with_users``: enterprises whose own user submits and rates (the others' appeals are
    recorded and rated by the office)."""
    products = {idx: product for idx, _w, product in enterprises}
    pool = [idx for idx, _w, _p in enterprises]
    cum_weights = list(accumulate(w for _i, w, _p in enterprises))  # once: choices() would redo it per call
    cats = [c for c in CATEGORY_WEIGHTS if c in categories] + [c for c in categories if c not in CATEGORY_WEIGHTS]
    cat_weights = [CATEGORY_WEIGHTS.get(c, 1) for c in cats]
    fates = list(FATE_WEIGHTS.items())
    fixed: list[tuple[int | None, str, bool | None]] = [(idx, fate, None) for idx, fate in forced]
    fixed += [(None, fate, overdue) for fate, overdue in OPEN_MIX]
    plans = []
    for i in range(count):
        idx, fate, overdue = fixed[i] if i < len(fixed) else (None, None, None)
        if idx is None:
            idx = rng.choices(pool, cum_weights=cum_weights)[0]
        if fate is None:
            fate = _pick(rng, fates)
        if overdue is None:
            overdue = fate in OVERDUE_STAGES and rng.random() < OVERDUE_SHARE
        code = rng.choices(cats, cat_weights)[0]
        clocks = categories[code]
        title, body = rng.choice(N.APPEAL_TEXTS.get(code) or N.APPEAL_TEXTS["other"])
        fill = _fill(rng, products.get(idx, "") or "产品")
        own = idx in with_users
        channel = "online" if own else _pick(rng, OFFICE_CHANNELS)
        related = [d for d in N.APPEAL_RELATED_DEPARTMENTS.get(code, ()) if d != clocks.department]
        wrong = rng.choice(related) if related and (fate == "returned" or rng.random() < MISROUTED) else None
        if fate == "returned" and wrong is None:
            fate = "dispatched"
        co = rng.choice(related) if related and not wrong and rng.random() < CO_HANDLED else None
        plan = AppealPlan(idx, code, title, body.format(**fill), channel, fate, 0.0, clocks.department, wrong)
        deadline = _lifecycle(rng, plan, clocks, co=co, own=own, fill=fill, day=day_minutes)
        last = plan.acts[-1].at if plan.acts else 0.0
        if fate == CLOSED:
            span = SPAN_DAYS * day_minutes
            plan.age = last + 30 + rng.random() ** 1.2 * max(0.0, span - last - 30)  # a little more lately
        elif overdue and deadline is not None:
            plan.age = max(last, deadline) + rng.uniform(30, 1.5 * day_minutes)
        elif fate == "submitted":  # just in: the hour's floor must not eat its one-hour respond clock
            plan.age = rng.uniform(1, 10)
        elif deadline is None:
            plan.age = last + rng.uniform(30, 4 * day_minutes)
        else:
            room = deadline - last - 5
            plan.age = last + (rng.uniform(5, room) if room > 10 else rng.uniform(10, 60))
        plan.age = round(plan.age, 1)
        plans.append(plan)
    return plans


def _lifecycle(rng: random.Random, p: AppealPlan, clocks: CategoryClocks, *, co: str | None, own: bool,
               fill: dict[str, Any], day: int) -> float | None:
    """Append the acts of ``p`` up to its fate; return the working-minute deadline (from the
    submission) of the clock still running at that stage, None when none runs."""
    t = 0.0
    paused = extended = 0.0
    respond, dock = clocks.respond_hours * 60, clocks.dock_days * day

    def act(delay: float, who: str, action: str, **params: Any) -> None:
        nonlocal t
        t = round(t + max(1.0, delay), 1)
        p.acts.append(Act(t, who, action, params))

    def resolve() -> float:
        return clocks.resolve_days * day + paused + extended

    if p.fate == "submitted":
        return respond
    late = rng.random() < LATE_RESPONSE
    act(rng.uniform(65, 240) if late else rng.uniform(3, 55), "office", "respond", note=rng.choice(N.APPEAL_RESPONSES))
    if p.fate == "responded":
        return dock
    note = rng.choice(N.APPEAL_DISPATCH_NOTES)
    if p.wrong:
        act(rng.uniform(5, 120), "office", "dispatch", department=p.wrong, note=note)
        reason = rng.choice(N.APPEAL_RETURN_REASONS).format(dept=dict(N.DEPARTMENTS).get(p.lead, p.lead))
        act(rng.uniform(30, 400), "wrong", "return", reason=reason)
        if p.fate == "returned":
            return dock
        act(rng.uniform(10, 90), "office", "dispatch", department=p.lead, note=note)
    else:
        act(rng.uniform(5, 120), "office", "dispatch", department=p.lead, co_departments=[co] if co else [],
            note=note)
    if p.fate == "dispatched":
        return dock
    delay = rng.uniform(15, 300)
    if rng.random() < LATE_DOCKING:
        delay = max(delay, dock - t + rng.uniform(10, 400))
    elif t + delay > dock:
        delay = max(1.0, (dock - t) * 0.8)
    act(delay, "lead", "accept", note=rng.choice(N.APPEAL_ACCEPT_NOTES))
    if rng.random() < REPLIED:
        who = "enterprise" if own and rng.random() < 0.5 else rng.choice(("lead", "office"))
        texts = {"lead": N.APPEAL_DEPARTMENT_REPLIES, "office": N.APPEAL_OFFICE_REPLIES,
                 "enterprise": N.APPEAL_ENTERPRISE_REPLIES}[who]
        act(rng.uniform(60, 600), who, "reply", message=rng.choice(texts))
    if p.fate == "docked":
        return resolve()
    if p.fate == "paused" or rng.random() < PAUSED:
        act(rng.uniform(60, 900), "lead", "pause", reason=rng.choice(N.APPEAL_PAUSE_REASONS))
        if p.fate == "paused":
            return None
        wait = rng.uniform(240, 1500)
        act(wait, "lead", "resume")
        paused += wait
    if p.fate == "extension" or rng.random() < EXTENDED:
        days = rng.choice((3, 5))
        act(rng.uniform(0.5 * day, 3 * day), "lead", "request_extension", days=days,
            reason=rng.choice(N.APPEAL_EXTENSION_REASONS))
        if p.fate == "extension":
            return resolve()
        approve = rng.random() < 0.85
        act(rng.uniform(30, 240), "office", "decide_extension", approve=approve,
            note=rng.choice(N.APPEAL_EXTENSION_NOTES) if approve else "请按原期限办结。")
        extended += days * day if approve else 0

    def solve(target: float) -> None:
        solution = rng.choice(N.APPEAL_SOLUTIONS.get(p.category) or N.APPEAL_SOLUTIONS["other"]).format(**fill)
        act(max(rng.uniform(60, 300), target - t), "lead", "report_solution", solution=solution)

    solve(rng.triangular(1, 8, 2) * day + paused)
    if p.fate == "resolved":
        return None
    if rng.random() < SENT_BACK:
        act(rng.uniform(60, 300), "office", "send_back", reason=rng.choice(N.APPEAL_SEND_BACK_REASONS))
        solve(t + rng.uniform(300, 1500))
    act(rng.uniform(20, 480), "office", "approve", note=rng.choice(N.APPEAL_APPROVE_NOTES))
    if p.fate == "reviewed":
        return None
    rating = _pick(rng, RATINGS)
    _rate(rng, p, act, rating, own)
    if rating == "unsatisfied":  # 重办: back to the department with a fresh resolve clock
        solve(t + rng.triangular(1, 4, 2) * day)
        act(rng.uniform(20, 480), "office", "approve", note=rng.choice(N.APPEAL_APPROVE_NOTES))
        _rate(rng, p, act, "satisfied" if rng.random() < 0.6 else "basic", own)
    return None


def _rate(rng: random.Random, p: AppealPlan, act: Callable[..., None], rating: str, own: bool) -> None:
    comment = rng.choice(N.APPEAL_RATING_COMMENTS[rating])
    if own:
        act(rng.uniform(30, 1500), "enterprise", "rate", rating=rating, comment=comment)
    else:
        act(rng.uniform(60, 1020), "office", "rate", rating=rating, comment=PHONE_VISIT + (comment or "企业表示认可。"))


# --- working time backwards ---------------------------------------------------------------------
def working_before(calendar, moment: dt.datetime, minutes: float) -> dt.datetime:
    """The moment ``minutes`` working minutes before ``moment`` on ``calendar`` (a WorkCalendar):
    the inverse of ``calendar.add``."""
    tz, hours = calendar.tz, calendar.hours

    def opening(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, hours.start, tzinfo=tz)

    def closing(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, hours.end, tzinfo=tz)

    def previous(day: dt.date) -> dt.date:
        day -= dt.timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    local = moment.astimezone(tz)
    day = local.date()
    if not calendar.is_working_day(day) or local <= opening(day):
        day = previous(day)
        current = closing(day)
    else:
        current = min(local, closing(day))
    remaining = dt.timedelta(minutes=minutes)
    while remaining > current - opening(day):
        remaining -= current - opening(day)
        day = previous(day)
        current = closing(day)
    return current - remaining


# --- writing ------------------------------------------------------------------------------------
def write_appeals(plans: list[AppealPlan], *, anchor: dt.datetime, usccs: dict[int, str],
                  departments: dict[str, int], office, enterprise_users: dict[int, Any],
                  department_users: dict[str, Any]) -> list[int]:
    """Submit and walk every plan through the services, oldest first (so appeal numbers follow the
    submission order); returns the appeal ids."""
    from django.utils import timezone

    from liandong.appeals.calendar import work_calendar
    from liandong.appeals.services import appeal_act, appeal_submit

    calendar = work_calendar(timezone.localdate(anchor))
    ids = []
    for p in sorted(plans, key=lambda p: -p.age):  # stable: equal ages keep the plan's order
        submitted = working_before(calendar, anchor, p.age)
        own = enterprise_users.get(p.enterprise)
        appeal = appeal_submit(actor=own or office, category=p.category, title=p.title, body=p.body,
                               enterprise_uscc=usccs[p.enterprise], channel=p.channel, now=submitted)
        actors = {"office": office, "lead": department_users.get(p.lead), "enterprise": own or office,
                  "wrong": department_users.get(p.wrong or "")}
        for a in p.acts:
            params = dict(a.params)
            if "department" in params:
                params["department"] = departments[params["department"]]
            if "co_departments" in params:
                params["co_departments"] = [departments[d] for d in params["co_departments"]]
            appeal_act(actor=actors[a.who], number=appeal.number, action=a.action, version=None,
                       now=calendar.add(submitted, a.at), **params)
        ids.append(appeal.pk)
    return ids


def settle_notifications(appeal_ids: list[int], anchor: dt.datetime, *, unread_days: int = 3) -> int:
    """Date the in-app notifications of the demo appeals at their events (not at the build) and mark
    those older than ``unread_days`` read, so the bell shows the last few days' news. Run after the
    notifications exist (they are written after the build's transaction commits)."""
    from liandong.appeals.models import AppealEvent
    from liandong.notifications.models import Notification

    when = dict(AppealEvent.objects.filter(appeal_id__in=appeal_ids).values_list("pk", "created_at"))
    rows = list(Notification.objects.filter(appeal__in=appeal_ids, key__startswith="event:"))
    read_before = anchor - dt.timedelta(days=unread_days)
    for n in rows:
        at = when.get(int(n.key.split(":")[1]))
        if at is None:
            continue
        n.created_at = at
        n.read_at = at + dt.timedelta(hours=2) if at < read_before else None
    Notification.objects.bulk_update(rows, ["created_at", "read_at"], batch_size=500)
    return len(rows)
