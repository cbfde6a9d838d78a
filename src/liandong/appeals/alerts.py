"""The sweep: warnings at 50% and 80% of each running clock, escalation (督办) at 100%, driven by
``Appeal.next_alert_at`` in the database. Idempotent: every notification, delivery and escalation
has a unique key, so a second sweep, a restart or a second worker creates nothing twice; deliveries
are claimed with an atomic update before they are sent (``notifications.services.deliver_pending``)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from liandong.appeals.models import Appeal, AppealEvent
from liandong.engines.calendar import WorkCalendar, alert_times

SWEEP_BATCH = 500


def running_clocks(appeal: Appeal) -> list[str]:
    """Clocks still running: respond until responded, dock until docked, resolve until the solution is
    reported (stopped while paused); none while 已退单, until the office dispatches it again."""
    if not appeal.is_open or appeal.status == Appeal.Status.RETURNED:
        return []
    out = []
    if appeal.responded_at is None:
        out.append("respond")
    if appeal.docked_at is None:
        out.append("dock")
    if appeal.resolved_at is None and appeal.paused_at is None:
        out.append("resolve")
    return out


def schedule(appeal: Appeal, calendar: WorkCalendar) -> list[tuple[dt.datetime, str, int]]:
    """(when, clock, level) of every alert of the running clocks."""
    from liandong.appeals.calendar import policy_for

    policy = policy_for(appeal.category, calendar)
    out = []
    for clock in running_clocks(appeal):
        start = appeal.resolve_from if clock == "resolve" else appeal.submitted_at
        times = alert_times(start, clock, policy, calendar, paused=appeal.paused_minutes,
                            extension_minutes=appeal.extension_minutes)
        out += [(when, clock, level) for level, when in times.items()]
    return sorted(out)


def next_alert_at(appeal: Appeal, calendar: WorkCalendar, now: dt.datetime) -> dt.datetime | None:
    future = [when for when, _c, _l in schedule(appeal, calendar) if when > now]
    return min(future) if future else None


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Raise every alert due by ``now``; returns counts of what this run created and sent."""
    from liandong.appeals import notify
    from liandong.appeals.calendar import work_calendar
    from liandong.notifications.services import deliver_pending

    now = now or timezone.now()
    created = escalations = appeals = 0
    due = list(Appeal.objects.filter(next_alert_at__lte=now).exclude(status__in=[Appeal.Status.CLOSED,
                                                                                 Appeal.Status.MERGED])
               .select_related("category", "lead_department", "enterprise").order_by("next_alert_at")[:SWEEP_BATCH])
    for appeal in due:
        calendar = work_calendar(timezone.localdate(appeal.submitted_at))
        with transaction.atomic():
            for when, clock, level in schedule(appeal, calendar):
                if when > now:
                    continue
                created += notify.alert(appeal, clock, level)
                if level == 100 and _escalate(appeal, clock, when):
                    escalations += 1
            Appeal.objects.filter(pk=appeal.pk).update(next_alert_at=next_alert_at(appeal, calendar, now))
        appeals += 1
    sent = deliver_pending()
    return {"appeals": appeals, "notifications": created, "escalations": escalations, "sent": sent}


def _escalate(appeal: Appeal, clock: str, when: dt.datetime) -> bool:
    """督办: one timeline event per clock and round of work (a reopened appeal may escalate again)."""
    key = f"escalate:{appeal.pk}:{clock}:{appeal.reopen_count}"
    try:
        with transaction.atomic():
            AppealEvent.objects.create(appeal=appeal, kind="escalate", from_status=appeal.status,
                                       to_status=appeal.status, department=appeal.lead_department, key=key,
                                       data={"clock": clock, "due": when.isoformat()}, created_at=when)
        return True
    except IntegrityError:
        return False
