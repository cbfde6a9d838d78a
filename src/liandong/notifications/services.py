"""Writes of notifications: the bell, e-mails and group-robot messages (WeCom, DingTalk markdown), each
channel configurable per department (``DepartmentChannels``). Every app notifies through here; each
notice has a once-only key, so a retry, a second sweep or a second worker creates nothing twice."""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from liandong.accounts.models import Organization, User
from liandong.core.audit import audited
from liandong.notifications.models import Delivery, DepartmentChannels, Notification

log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT = 5
DELIVERY_BATCH = 200


def notify_users(users, *, kind: str, title: str, key: str, body: str = "", subject: Any = None,
                 reference: str = "", link: str = "") -> int:
    """In-app notifications (the bell), once per user and ``key`` however often this runs; returns how
    many were new. ``subject`` is the record it is about (any model), ``reference`` the short name the
    bell shows (an appeal's number) and ``link`` the page it opens."""
    subject_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    rows = [Notification(recipient=u, subject_type=subject_type, subject_id=getattr(subject, "pk", None),
                         reference=reference, link=link, kind=kind, title=title, body=body[:500], key=f"{key}:{u.pk}")
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


def queue_deliveries(users: list[User], orgs: list[Organization], subject: str, body: str, key: str) -> None:
    """E-mail to ``users`` (unless their department turned e-mail off) and a group-robot message to each
    of ``orgs`` that set a webhook, once per ``key``."""
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


def mark_all_read(*, actor) -> int:
    """Mark all of ``actor``'s unread notifications read (only their own). Returns how many."""
    with transaction.atomic(), audited(actor):
        return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


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
