"""Events (policy briefings, matchmaking days, roadshows…), their invitations, registrations with
check-in codes, and the 1:1 meetings of matchmaking days (issue #8; rules in docs/domains/events.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.core.models import TimeStamped, money


class Event(TimeStamped):
    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Policy briefing")
        MATCHMAKING = "matchmaking", _("Matchmaking day")
        ROADSHOW = "roadshow", _("Roadshow")
        ROTATION = "rotation", _("Rotating leaders' meeting")
        VISIT = "visit", _("Visit and survey")
        TRAINING = "training", _("Training")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for registration")
        CLOSED = "closed", _("Registration closed")
        DONE = "done", _("Held")

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200)
    organiser = models.ForeignKey("accounts.Organization", verbose_name=_("organiser"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="events")
    chains = models.ManyToManyField("chains.Chain", verbose_name=_("chains targeted"), blank=True)
    tiers = models.ManyToManyField("enterprises.QualificationType", verbose_name=_("tiers targeted"), blank=True)
    policy = models.CharField(_("policy briefed"), max_length=60, blank=True,
                              help_text=_("For a briefing: the rule pack; enterprises near it are invited first."))
    capacity = models.PositiveIntegerField(_("capacity (enterprises)"), default=100)
    agenda = models.TextField(_("agenda"), blank=True)
    materials = models.TextField(_("materials (one link per line)"), blank=True)
    # 1:1 meetings (matchmaking days)
    meetings_start = models.DateTimeField(_("1:1 meetings start"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per meeting"), default=20)
    slots = models.PositiveSmallIntegerField(_("meeting slots"), null=True, blank=True,
                                             help_text=_("Empty: as many as the requests need."))
    tables = models.PositiveSmallIntegerField(_("tables"), default=20)
    scheduled_at = models.DateTimeField(_("timetable made at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event"))
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="invitations",
                                   verbose_name=_("enterprise"))
    reason = models.CharField(_("why invited"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="invitation_once")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.enterprise_id}"


class Registration(TimeStamped):
    class Status(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("registrations", "Registered")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Side(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        SUPPLIER = "supplier", _("Supplier")
        BOTH = "both", _("Both")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="registrations",
                                   verbose_name=_("enterprise"))
    representatives = models.CharField(_("representatives"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    side = models.CharField(_("in 1:1 meetings"), max_length=10, choices=Side.choices, default=Side.BOTH)
    offer = models.CharField(_("what we offer / look for"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED)
    code = models.CharField(_("check-in code"), max_length=12, unique=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    unavailable_slots = models.JSONField(_("unavailable slots"), default=list, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    feedback = models.CharField(_("feedback"), max_length=300, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("registered by"))

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="registration_once")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.enterprise}"


class MeetingRequest(TimeStamped):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests",
                              verbose_name=_("event"))
    requester = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_made",
                                  verbose_name=_("requesting party"))
    target = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_received",
                               verbose_name=_("requested party"))
    message = models.CharField(_("message"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    suggested = models.BooleanField(_("suggested by the platform"), default=False)
    # the timetable
    slot = models.PositiveSmallIntegerField(_("slot"), null=True, blank=True)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    # outcome
    held = models.BooleanField(_("held"), null=True, blank=True)
    intention = models.BooleanField(_("intention to cooperate (意向)"), default=False)
    signed_amount = money(_("signed (yuan)"))

    class Meta:
        verbose_name = _("1:1 meeting request")
        verbose_name_plural = _("1:1 meeting requests")
        constraints = [models.UniqueConstraint(fields=["requester", "target"], name="meeting_request_once")]

    def __str__(self) -> str:
        return f"{self.requester_id}→{self.target_id}"
