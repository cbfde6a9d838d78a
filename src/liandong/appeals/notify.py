"""Notifications: in the app (the bell), by e-mail (Django mail) and to group robots (WeCom, DingTalk
markdown messages), each channel configurable per department (``DepartmentChannels``).

Alerts go to whoever holds the appeal (the office until it is dispatched, then the lead department's
staff); escalations at 100% also to the heads of that department and to the office."""

from __future__ import annotations

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liandong.accounts.models import Organization, User
from liandong.appeals.models import Appeal, AppealEvent, Delivery, DepartmentChannels, Notification

log = logging.getLogger(__name__)
CLOCK_ZH = {"respond": "响应", "dock": "对接", "resolve": "解决"}
WEBHOOK_TIMEOUT = 5
DELIVERY_BATCH = 200


def office_users(appeal: Appeal) -> list[User]:
    """District admins, and the chain officers of the chains the enterprise sits on."""
    chains = appeal.enterprise.positions.values("chain_id")
    return list(User.objects.filter(is_active=True).filter(
        Q(role=User.Role.ADMIN) | Q(role=User.Role.CHAIN_OFFICER, chains__in=chains)).distinct())


def department_users(org_id: int | None, *, heads_only: bool = False) -> list[User]:
    if not org_id:
        return []
    qs = User.objects.filter(is_active=True, role=User.Role.DEPARTMENT, organization_id=org_id)
    return list(qs.filter(is_department_head=True) if heads_only else qs)


def enterprise_users(enterprise_ids) -> list[User]:
    """The active users of these enterprises."""
    return list(User.objects.filter(is_active=True, role=User.Role.ENTERPRISE, enterprise_id__in=list(enterprise_ids)))


def holder_users(appeal: Appeal, clock: str) -> list[User]:
    if clock != "respond" and appeal.lead_department_id and appeal.status in {
            Appeal.Status.DISPATCHED, Appeal.Status.DOCKED, Appeal.Status.RESOLVED}:
        return department_users(appeal.lead_department_id)
    return office_users(appeal)


def notify_users(users, *, kind: str, title: str, key: str, body: str = "", appeal: Appeal | None = None) -> int:
    """In-app notifications (the bell), once per user and ``key`` however often this runs; returns how
    many were new. Every app notifies through this."""
    rows = [Notification(recipient=u, appeal=appeal, kind=kind, title=title, body=body[:500], key=f"{key}:{u.pk}")
            for u in {u.pk: u for u in users}.values()]
    before = Notification.objects.filter(key__in=[r.key for r in rows]).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.filter(key__in=[r.key for r in rows]).count() - before


def queue_mail(users, *, key: str, subject: str, body: str) -> None:
    """E-mails to these users (those with an address), once per user and ``key``; ``deliver_pending``
    sends them."""
    Delivery.objects.bulk_create([
        Delivery(key=f"{key}:mail:{u.pk}", channel=Delivery.Channel.EMAIL, target=u.email, subject=subject, body=body)
        for u in {u.pk: u for u in users}.values() if u.email], ignore_conflicts=True)


def _deliveries(users: list[User], orgs: list[Organization], subject: str, body: str, key: str) -> None:
    channels = {c.organization_id: c for c in DepartmentChannels.objects.filter(organization__in=orgs)}
    queue_mail([u for u in users if channels.get(u.organization_id) is None or channels[u.organization_id].email],
               key=key, subject=subject, body=body)
    rows = []
    for org in orgs:
        setting = channels.get(org.pk)
        if setting and setting.webhook_format and setting.webhook_url:
            rows.append(Delivery(key=f"{key}:hook:{org.pk}", channel=setting.webhook_format,
                                 target=setting.webhook_url, subject=subject, body=body))
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)


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
    made = notify_users(users, appeal=appeal, kind="escalation" if level == 100 else "warning", title=title,
                        body=body, key=key)
    _deliveries(users, orgs, title, body, key)
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
        notify_users(users, appeal=appeal, kind=event.kind, title=title, body=event.note, key=f"event:{event.pk}")


# --- delivery --------------------------------------------------------------------------------------
def webhook_payload(channel: str, subject: str, body: str) -> dict:
    """WeCom (企业微信群机器人) and DingTalk (钉钉自定义机器人) markdown messages."""
    text = f"**{subject}**\n\n" + body.replace("\n", "\n\n")
    if channel == Delivery.Channel.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": subject, "text": text}}


def _send(delivery: Delivery) -> None:
    if delivery.channel == Delivery.Channel.EMAIL:
        send_mail(delivery.subject, delivery.body, settings.DEFAULT_FROM_EMAIL, [delivery.target])
        return
    if not delivery.target.startswith(("http://", "https://")):
        raise ValueError("webhook URLs must be http(s)")
    data = json.dumps(webhook_payload(delivery.channel, delivery.subject, delivery.body), ensure_ascii=False)
    request = urllib.request.Request(delivery.target, data=data.encode(), method="POST",  # noqa: S310 (http(s) only)
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
        response.read()


def deliver_pending() -> int:
    """Send what is pending. Each delivery is claimed (pending → sending) by one atomic update, so a
    second worker or a restart never sends it twice; a crash while sending leaves it 'sending'
    (at most once), visible in the admin."""
    sent = 0
    for pk in list(Delivery.objects.filter(state=Delivery.State.PENDING).values_list("pk", flat=True)[:DELIVERY_BATCH]):
        if not Delivery.objects.filter(pk=pk, state=Delivery.State.PENDING).update(state=Delivery.State.SENDING):
            continue
        delivery = Delivery.objects.get(pk=pk)
        try:
            _send(delivery)
        except Exception as err:  # noqa: BLE001 — any transport failure is recorded, not raised
            log.warning("delivery %s failed: %s", delivery.key, err)
            Delivery.objects.filter(pk=pk).update(state=Delivery.State.FAILED, error=str(err)[:300])
            continue
        Delivery.objects.filter(pk=pk).update(state=Delivery.State.SENT, sent_at=timezone.now())
        sent += 1
    return sent
