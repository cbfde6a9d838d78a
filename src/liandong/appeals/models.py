"""Enterprise appeals (企业诉求) and their promise: respond in 1 working hour, dock with the right
department in 1 working day, resolve in 5 working days (issue #6; rules in docs/domains/appeals.md).

The workflow lives in ``workflow.py``; every change goes through ``services.py``. Deadlines are stored
on the appeal (``respond_by``, ``dock_by``, ``resolve_by``, and ``next_alert_at`` for the sweep), so the
background worker is driven by the database, never by a timer alone.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from liandong.core.models import StoredFile, TimeStamped


class AppealCategory(models.Model):
    """What an appeal is about, with its own clocks and the department it usually goes to."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    respond_hours = models.DecimalField(_("respond within (working hours)"), max_digits=5, decimal_places=2, default=1)
    dock_days = models.DecimalField(_("dock within (working days)"), max_digits=5, decimal_places=2, default=1)
    resolve_days = models.DecimalField(_("resolve within (working days)"), max_digits=5, decimal_places=2, default=5)
    default_department = models.ForeignKey("accounts.Organization", verbose_name=_("usual department"), null=True,
                                           blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("appeal category")
        verbose_name_plural = _("appeal categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Appeal(TimeStamped):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RESPONDED = "responded", _("Responded")
        DISPATCHED = "dispatched", _("Dispatched")
        RETURNED = "returned", _("Returned by the department")
        DOCKED = "docked", _("In progress")
        RESOLVED = "resolved", _("Solution reported")
        REVIEWED = "reviewed", _("Awaiting rating")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit")
        EVENT = "event", _("Event")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Not satisfied")

    class Extension(models.TextChoices):
        NONE = "", _("None")
        PENDING = "pending", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    number = models.CharField(_("number"), max_length=20, unique=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="appeals")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    category = models.ForeignKey(AppealCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="appeals")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    submitted_at = models.DateTimeField(_("submitted at"))
    respond_by = models.DateTimeField(_("respond by"))
    dock_by = models.DateTimeField(_("dock by"))
    resolve_by = models.DateTimeField(_("resolve by"))
    resolve_from = models.DateTimeField(_("resolve clock started"))
    calendar_estimated = models.BooleanField(_("deadlines on an estimated calendar"), default=False)
    next_alert_at = models.DateTimeField(_("next alert at"), null=True, blank=True, db_index=True)

    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responded by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    docked_at = models.DateTimeField(_("docked at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    lead_department = models.ForeignKey("accounts.Organization", verbose_name=_("lead department"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="lead_appeals")
    co_departments = models.ManyToManyField("accounts.Organization", verbose_name=_("co-handling departments"),
                                            blank=True, related_name="co_appeals")

    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    pause_reason = models.CharField(_("pause reason"), max_length=200, blank=True)
    paused_minutes = models.FloatField(_("paused (working minutes)"), default=0)
    extension_status = models.CharField(_("extension"), max_length=10, choices=Extension.choices, blank=True,
                                        default=Extension.NONE)
    extension_days = models.DecimalField(_("extension requested (working days)"), max_digits=5, decimal_places=2,
                                         null=True, blank=True)
    extension_reason = models.CharField(_("extension reason"), max_length=200, blank=True)
    extension_minutes = models.FloatField(_("extensions granted (working minutes)"), default=0)

    solution = models.TextField(_("solution"), blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("rating comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged")

    notifications = GenericRelation("notifications.Notification", content_type_field="subject_type",
                                    object_id_field="subject_id", related_query_name="appeal")
    """The bell's notifications about this appeal (``Notification.objects.filter(appeal=…)``)."""

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["enterprise", "submitted_at"]),
                   models.Index(fields=["lead_department", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.CLOSED, self.Status.MERGED}

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


EVENT_LABELS = {
    "submit": _("Submitted"), "respond": _("Responded"), "dispatch": _("Dispatched"), "transfer": _("Transferred"),
    "accept": _("Accepted and docked"), "return": _("Returned as misrouted"), "pause": _("Paused"),
    "resume": _("Resumed"), "request_extension": _("Extension requested"),
    "decide_extension": _("Extension decided"), "report_solution": _("Solution reported"),
    "approve": _("Solution approved"), "send_back": _("Sent back for rework"), "rate": _("Rated"),
    "reopen": _("Reopened"), "merge": _("Merged"), "reply": _("Reply"), "escalate": _("Escalated (督办)"),
    "attach": _("Files added"),
}


class AppealEvent(models.Model):
    """One line of an appeal's timeline: a transition, a reply, an escalation."""

    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=20)
    from_status = models.CharField(_("status before"), max_length=12, blank=True)
    to_status = models.CharField(_("status after"), max_length=12, blank=True)
    department = models.ForeignKey("accounts.Organization", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    key = models.CharField(_("once-only key"), max_length=80, null=True, blank=True, unique=True,
                           help_text="set for events that must happen once (escalations)")
    created_at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("appeal event")
        verbose_name_plural = _("appeal events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["appeal", "created_at"])]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.kind}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))


def attachment_path(instance: AppealAttachment, filename: str) -> str:
    return f"appeals/{instance.appeal.number}/{filename}"


class AppealAttachment(StoredFile):
    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)

    class Meta:
        verbose_name = _("appeal attachment")
        verbose_name_plural = _("appeal attachments")
        ordering = ["created_at"]


class CalendarOverride(models.Model):
    """A day made a holiday or a working day by the year's official notice, where the shipped data
    lacks it or is wrong."""

    date = models.DateField(_("date"), unique=True)
    working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'working' if self.working else 'holiday'}"


class CalendarYear(models.Model):
    """A year whose official holiday arrangements an administrator has entered as overrides."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    confirmed = models.BooleanField(_("official arrangements entered"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
