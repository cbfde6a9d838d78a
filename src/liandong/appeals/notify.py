"""Who hears about an appeal, and what they are told; the notifications app delivers it (bell,
e-mail, group robots).

Alerts go to whoever holds the appeal (the office until it is dispatched, then the lead department's
staff); escalations at 100% also to the heads of that department and to the office."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liandong.accounts.models import Organization, User
from liandong.appeals.models import Appeal, AppealEvent
from liandong.notifications import services as notifications
from liandong.notifications.recipients import department_users, enterprise_users

CLOCK_ZH = {"respond": "响应", "dock": "对接", "resolve": "解决"}


def office_users(appeal: Appeal) -> list[User]:
    """District admins, and the chain officers of the chains the enterprise sits on."""
    chains = appeal.enterprise.positions.values("chain_id")
    return list(User.objects.filter(is_active=True).filter(
        Q(role=User.Role.ADMIN) | Q(role=User.Role.CHAIN_OFFICER, chains__in=chains)).distinct())


def notify_about(appeal: Appeal, users, *, kind: str, title: str, key: str, body: str = "") -> int:
    """The bell, for a notice about ``appeal``: it shows the appeal's number and opens its page."""
    return notifications.notify_users(users, subject=appeal, reference=appeal.number,
                                      link=reverse("appeals:detail", args=[appeal.number]),
                                      kind=kind, title=title, key=key, body=body)


def holder_users(appeal: Appeal, clock: str) -> list[User]:
    if clock != "respond" and appeal.lead_department_id and appeal.status in {
            Appeal.Status.DISPATCHED, Appeal.Status.DOCKED, Appeal.Status.RESOLVED}:
        return department_users(appeal.lead_department_id)
    return office_users(appeal)


def alert(appeal: Appeal, clock: str, level: int) -> int:
    """The alert ``level`` (50, 80, 100) of ``clock``: notifications and deliveries, once each."""
    key = f"alert:{appeal.pk}:{clock}:{level}:{appeal.reopen_count}"
    due = timezone.localtime(appeal.resolve_by if clock == "resolve" else
                             appeal.dock_by if clock == "dock" else appeal.respond_by)
    users = holder_users(appeal, clock)
    orgs = [appeal.lead_department] if appeal.lead_department_id and users and \
        users[0].organization_id == appeal.lead_department_id else []
    if level == 100:
        title = f"【督办】诉求{appeal.number}已超过{CLOCK_ZH[clock]}时限"
        users = users + department_users(appeal.lead_department_id, heads_only=True) + office_users(appeal)
        if appeal.lead_department_id:
            orgs = [appeal.lead_department]
        orgs += list(Organization.objects.filter(kind=Organization.Kind.OFFICE))
    else:
        title = f"【预警】诉求{appeal.number}{CLOCK_ZH[clock]}时限已过{level}%"
    body = (f"{appeal.enterprise.name}：{appeal.title}\n{CLOCK_ZH[clock]}时限：{due:%Y-%m-%d %H:%M}"
            f"{'（按估算日历）' if appeal.calendar_estimated else ''}")
    made = notify_about(appeal, users, kind="escalation" if level == 100 else "warning", title=title,
                        body=body, key=key)
    notifications.queue_deliveries(users, orgs, title, body, key)
    return made


EVENT_TEXT = {
    "submit": ("office", "新诉求{n}：{t}"),
    "respond": ("enterprise", "您的诉求{n}已响应"),
    "dispatch": ("department", "新派单{n}：{t}"),
    "transfer": ("department", "转办诉求{n}：{t}"),
    "return": ("office", "诉求{n}被退单，请重新派单"),
    "accept": ("enterprise", "您的诉求{n}已由{d}对接"),
    "request_extension": ("office", "诉求{n}申请延期"),
    "decide_extension": ("department+enterprise", "诉求{n}延期申请已处理，新的解决时限为{r}"),
    "report_solution": ("office", "诉求{n}已办结，请审核"),
    "approve": ("enterprise", "您的诉求{n}已办结，请评价"),
    "send_back": ("department", "诉求{n}被退回重办"),
    "rate": ("office+department", "诉求{n}已评价"),
    "reopen": ("office+department", "诉求{n}被重新打开"),
    "reply": ("all", "诉求{n}有新回复"),
}


def on_event(event_id: int) -> None:
    """In-app notifications for a timeline event (after its transaction committed)."""
    event = AppealEvent.objects.select_related("appeal__enterprise", "appeal__lead_department", "actor").filter(
        pk=event_id).first()
    if event is None or event.kind not in EVENT_TEXT:
        return
    appeal = event.appeal
    audience, template = EVENT_TEXT[event.kind]
    users: list[User] = []
    if "office" in audience or audience == "all":
        users += office_users(appeal)
    if "department" in audience or audience == "all":
        users += department_users(appeal.lead_department_id or (event.department_id if event.department_id else None))
    if "enterprise" in audience or audience == "all":
        users += enterprise_users([appeal.enterprise_id])
    users = [u for u in users if u.pk != event.actor_id]
    title = template.format(n=appeal.number, t=appeal.title, d=appeal.lead_department or "",
                            r=f"{timezone.localtime(appeal.resolve_by):%Y-%m-%d %H:%M}")
    with transaction.atomic():
        notify_about(appeal, users, kind=event.kind, title=title, body=event.note, key=f"event:{event.pk}")


