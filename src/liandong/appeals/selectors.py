"""Reads of appeals, always through ``appeals_visible``: lists sorted by urgency, one
appeal with its timeline and the actions the actor may take, routing and merge suggestions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, DateTimeField, F, Q, QuerySet, When
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liandong.accounts import scoping
from liandong.accounts.models import Organization
from liandong.appeals.models import Appeal, AppealEvent
from liandong.appeals.workflow import OPEN, Action, allowed_actions
from liandong.core.errors import NotFoundError
from liandong.engines.calendar import working_days_hours

MERGE_WINDOW_DAYS = 60
MERGE_SIMILARITY = 0.5
IN_PROGRESS = OPEN - {Appeal.Status.RETURNED}
"""The 未结 list: open appeals except 已退单 ones, which wait for the office to dispatch them again."""


def appeals_visible(actor) -> QuerySet[Appeal]:
    """Appeals the actor may read: the office all; a department those it leads or co-handles; an
    enterprise user its own enterprise's; anyone else none (404). Roles: accounts.scoping."""
    role = scoping.role_of(actor)
    qs = Appeal.objects.all()
    if role in {scoping.ADMIN, scoping.CHAIN_OFFICER}:
        return qs
    if role == scoping.DEPARTMENT and actor.organization_id:
        return qs.filter(Q(lead_department_id=actor.organization_id)
                         | Q(co_departments__id=actor.organization_id)).distinct()
    if role == scoping.ENTERPRISE and actor.enterprise_id:
        return qs.filter(enterprise_id=actor.enterprise_id)
    return qs.none()


def _with_next_due(qs: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """``next_due``: the deadline of the first clock still running (respond, dock, resolve)."""
    return qs.annotate(next_due=Case(
        When(responded_at__isnull=True, then=F("respond_by")),
        When(docked_at__isnull=True, then=F("dock_by")),
        When(resolved_at__isnull=True, then=F("resolve_by")),
        default=None, output_field=DateTimeField()))


def appeal_list(*, actor, status: str = "", q: str = "", open_only: bool = False) -> QuerySet[Appeal]:
    """The actor's appeals: open ones first by urgency (earliest running deadline), then the rest by
    submission, newest first. ``open_only``: the 未结 list (``IN_PROGRESS``)."""
    qs = _with_next_due(appeals_visible(actor)).select_related("enterprise", "category", "lead_department")
    if status:
        qs = qs.filter(status=status)
    if open_only:  # 未结: in progress; 已退单 waits for the office in its own list
        qs = qs.filter(status__in=IN_PROGRESS)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    return qs.order_by(F("next_due").asc(nulls_last=True), "-submitted_at")


@dataclass
class ClockView:
    name: str
    label: str
    due: dt.datetime
    done_at: dt.datetime | None
    remaining_minutes: float | None  # working minutes left (negative when overdue); None when done
    state: str  # done, late_done, running, warning, overdue, paused, stopped (已退单)
    due_text: str = ""  # "12月5日 17:30"
    left_text: str = ""  # working time left or over: "4个工作日 2.5小时"


def working_time_text(minutes: float, day_minutes: int) -> str:
    """Working time as people read it: "4个工作日 2.5小时", "6.5小时", "40分钟" (one working day is
    ``LIANDONG_WORKING_HOURS``, 8.5 hours by default), never a count of working minutes."""
    minutes = abs(minutes)
    if minutes < 60:
        return _("%(minutes)s min") % {"minutes": round(minutes)}
    days, hours = working_days_hours(minutes, day_minutes)
    parts = [ngettext("%(days)s working day", "%(days)s working days", days) % {"days": days}] if days else []
    if hours or not days:
        parts.append(_("%(hours)s h") % {"hours": f"{hours:g}"})
    return " ".join(parts)


def moment_text(moment: dt.datetime, now: dt.datetime) -> str:
    """A deadline as a date and time: "12月5日 17:30", with the year when it is not this year's."""
    local, this_year = timezone.localtime(moment), timezone.localtime(now).year
    return dateformat.format(local, _("n/j H:i") if local.year == this_year else _("Y/n/j H:i"))


@dataclass
class AppealView:
    appeal: Appeal
    events: list[AppealEvent]
    clocks: list[ClockView]
    actions: list[Action]
    suggested_department: Organization | None = None
    suggestion_reason: str = ""
    merge_candidates: list[Appeal] = field(default_factory=list)
    departments: list[Organization] = field(default_factory=list)


CLOCK_LABELS = {"respond": "响应", "dock": "对接", "resolve": "解决"}


def clock_views(appeal: Appeal, now: dt.datetime) -> list[ClockView]:
    from liandong.appeals.calendar import work_calendar

    """The three clocks of an appeal as of ``now``: the deadline as a date and time and the working time
    left or over (docs/domains/appeals.md "Clocks"). A 已退单 appeal's open clocks stand stopped until
    the office dispatches it again."""
    calendar = work_calendar(timezone.localdate(appeal.submitted_at))
    day = calendar.hours.minutes
    out = []
    for name, due, done in (("respond", appeal.respond_by, appeal.responded_at),
                            ("dock", appeal.dock_by, appeal.docked_at),
                            ("resolve", appeal.resolve_by, appeal.resolved_at)):
        due_text = moment_text(due, now)
        if done:
            out.append(ClockView(name, CLOCK_LABELS[name], due, done, None, "done" if done <= due else "late_done",
                                 due_text))
            continue
        if not appeal.is_open:
            out.append(ClockView(name, CLOCK_LABELS[name], due, None, None, "done", due_text))
            continue
        if appeal.status == Appeal.Status.RETURNED:
            out.append(ClockView(name, CLOCK_LABELS[name], due, None, None, "stopped", due_text))
            continue
        if name == "resolve" and appeal.is_paused:
            out.append(ClockView(name, CLOCK_LABELS[name], due, None, None, "paused", due_text))
            continue
        left = calendar.between(now, due) if due > now else -calendar.between(due, now)
        total = calendar.between(appeal.resolve_from if name == "resolve" else appeal.submitted_at, due) or 1
        state = "overdue" if left < 0 else "warning" if left <= 0.2 * total else "running"
        out.append(ClockView(name, CLOCK_LABELS[name], due, None, left, state, due_text,
                             working_time_text(left, day)))
    return out


def suggest_department(appeal: Appeal) -> tuple[Organization | None, str]:
    """Where appeals of this category were docked before (not bounced), else the category's usual
    department."""
    past = Counter(AppealEvent.objects.filter(kind="accept", appeal__category_id=appeal.category_id)
                   .exclude(department__isnull=True).values_list("department_id", flat=True)[:500])
    if past:
        org_id, count = past.most_common(1)[0]
        org = Organization.objects.filter(pk=org_id).first()
        if org:
            return org, _("%(n)d earlier appeals of this category were handled there.") % {"n": count}
    if appeal.category.default_department_id:
        return appeal.category.default_department, _("The usual department for this category.")
    return None, ""


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if not ch.isspace())
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams (Chinese text needs no word segmentation for this)."""
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def merge_candidates(appeal: Appeal) -> list[Appeal]:
    """Open appeals of the same enterprise (same USCC) in the last 60 days with similar text."""
    since = appeal.submitted_at - dt.timedelta(days=MERGE_WINDOW_DAYS)
    others = (Appeal.objects.filter(enterprise_id=appeal.enterprise_id, status__in=OPEN, submitted_at__gte=since)
              .exclude(pk=appeal.pk).order_by("submitted_at"))
    text = f"{appeal.title}{appeal.body}"
    return [o for o in others if similarity(text, f"{o.title}{o.body}") >= MERGE_SIMILARITY]


def appeal_detail(*, actor, number: str, now: dt.datetime | None = None) -> AppealView:
    appeal = (appeals_visible(actor).select_related("enterprise", "category", "lead_department",
                                                             "merged_into").filter(number=number).first())
    if appeal is None:
        raise NotFoundError(_("Appeal not found."), {"number": number})
    now = now or timezone.now()
    view = AppealView(appeal=appeal, events=list(appeal.events.select_related("actor", "department")),
                      clocks=clock_views(appeal, now), actions=allowed_actions(actor, appeal))
    if scoping.is_office(actor):
        view.suggested_department, view.suggestion_reason = suggest_department(appeal)
        if appeal.is_open:
            view.merge_candidates = merge_candidates(appeal)
        view.departments = list(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT))
    return view


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """Times leave the API in Asia/Shanghai, like the deadlines contract."""
    return timezone.localtime(moment) if moment else None


def appeal_payload(appeal: Appeal) -> dict[str, Any]:
    """An appeal as the API returns it."""
    return {
        "number": appeal.number, "status": appeal.status, "version": appeal.version,
        "enterprise": {"uscc": appeal.enterprise.uscc, "name": appeal.enterprise.name},
        "category": appeal.category.code, "channel": appeal.channel, "title": appeal.title, "body": appeal.body,
        "submitted_at": local(appeal.submitted_at), "respond_by": local(appeal.respond_by), "dock_by": local(appeal.dock_by),
        "resolve_by": local(appeal.resolve_by), "calendar": "estimated" if appeal.calendar_estimated else "official",
        "responded_at": local(appeal.responded_at), "docked_at": local(appeal.docked_at), "resolved_at": local(appeal.resolved_at),
        "closed_at": local(appeal.closed_at), "paused": appeal.is_paused,
        "lead_department": appeal.lead_department.name if appeal.lead_department_id else None,
        "extension": appeal.extension_status or None, "solution": appeal.solution, "rating": appeal.rating or None,
        "merged_into": appeal.merged_into.number if appeal.merged_into_id else None,
    }
