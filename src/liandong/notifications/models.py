"""Notifications every app sends: in the app (the bell), by e-mail and to group robots, each channel
configurable per department. Below the domains: it knows users and organizations, not appeals or
events (docs/architecture.md#layers)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """In-app notification (the bell). ``key`` makes one once per recipient, however often the sweep
    runs and however many workers run it. ``subject`` is what it is about (an appeal, an event…), read
    by the app that owns it; ``reference`` and ``link`` are what the bell shows and opens."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    subject_type = models.ForeignKey(ContentType, verbose_name=_("about (kind of record)"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField(_("about (record number)"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    reference = models.CharField(_("reference number"), max_length=40, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20)
    title = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message text"), blank=True)
    key = models.CharField(_("once-only key"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        db_table = "appeals_notification"  # kept from when notifications lived in appeals (no data moved)
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="appeals_not_recipie_d371cd_idx"),
                   models.Index(fields=["subject_type", "subject_id"], name="notification_subject_idx")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """A message out of the building (e-mail, WeCom or DingTalk group robot). Claimed by an atomic
    update before sending, so a restart or a second worker never sends it twice."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk group robot")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("message number"), max_length=160, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    target = models.CharField(_("recipient"), max_length=300)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message text"))
    state = models.CharField(_("sending state"), max_length=10, choices=State.choices, default=State.PENDING,
                             db_index=True)
    error = models.CharField(_("reason of failure"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        db_table = "appeals_delivery"  # kept from when notifications lived in appeals
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")

    def __str__(self) -> str:
        """By its subject, as the in-app notification: the key is an internal once-only number."""
        return self.subject or self.key


class DepartmentChannels(models.Model):
    """How a department (or the chain office) wants its alerts: e-mail to its staff, a group-robot
    webhook."""

    class Format(models.TextChoices):
        NONE = "", _("No webhook")
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk group robot")

    organization = models.OneToOneField("accounts.Organization", verbose_name=_("organization"),
                                        on_delete=models.CASCADE, related_name="alert_channels")
    email = models.BooleanField(_("e-mail the staff"), default=True)
    webhook_format = models.CharField(_("webhook"), max_length=10, choices=Format.choices, blank=True)
    webhook_url = models.URLField(_("webhook URL"), blank=True)

    class Meta:
        db_table = "appeals_departmentchannels"  # kept from when notifications lived in appeals
        verbose_name = _("alert channels")
        verbose_name_plural = _("alert channels")

    def __str__(self) -> str:
        return str(self.organization)
