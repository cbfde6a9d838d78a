"""The chain alliance (产业链党建联盟, issue #17; rules in docs/domains/alliance.md, columns in
docs/imports.md#alliance-members, #pairings and #alliance-activities).

Members are the units of each chain's "1+1+N+X" structure; pairings (结对) join two members;
activities (联建活动) gather members and record cooperation intentions; the rota (轮值) names each
month's host; the resource catalogue (资源目录) holds the member departments' policies, projects,
platforms and services; the service record (服务台账) is every time the district served an enterprise.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.core.models import TimeStamped


class MemberType(models.TextChoices):
    """The contract's 类型 (docs/imports.md#alliance-members)."""

    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University or institute")
    ASSOCIATION = "association", _("Industry association")
    DEPARTMENT = "department", _("Government department")
    SUBDISTRICT = "subdistrict", _("Sub-district office")
    FINANCIAL = "financial", _("Financial institution")
    OTHER = "other", pgettext_lazy("member type", "Other")


class MemberRole(models.TextChoices):
    """A member's place in the 1+1+N+X structure: one lead department, one chain master, N members,
    X partner units."""

    LEAD = "lead", pgettext_lazy("alliance role", "Lead department")
    MASTER = "master", _("Chain master")
    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner unit")


class Member(TimeStamped):
    """A unit of the alliance, once however its name is written (``name_key``, engines.names.org_key)."""

    name = models.CharField(_("unit name"), max_length=200)
    name_key = models.CharField(_("normalised name"), max_length=200, unique=True, editable=False)
    uscc = models.CharField(_("USCC"), max_length=18, null=True, blank=True, unique=True)
    type = models.CharField(_("unit type"), max_length=12, choices=MemberType.choices, default=MemberType.OTHER)
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    chains = models.ManyToManyField("chains.Chain", verbose_name=_("chains"), blank=True, related_name="alliance_members")
    joined = models.DateField(_("joined"), null=True, blank=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="alliance_memberships")
    organization = models.ForeignKey("accounts.Organization", verbose_name=_("organization"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="alliance_memberships")
    contact = models.CharField(_("contact person"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")
        ordering = ["type", "name"]
        indexes = [models.Index(fields=["joined"])]

    def __str__(self) -> str:
        return self.name


class PairingKind(models.TextChoices):
    ENTERPRISES = "ee", _("Enterprise–enterprise")
    DEPARTMENT = "de", _("Department–enterprise")
    UNIVERSITY = "ue", _("University–enterprise")
    OTHER = "other", pgettext_lazy("pairing kind", "Other")


class Pairing(TimeStamped):
    """Two members paired (结对); stored with ``a`` the lower id, so a pair is one row whichever way it is named."""

    a = models.ForeignKey(Member, verbose_name=_("unit A"), on_delete=models.CASCADE, related_name="pairings_as_a")
    b = models.ForeignKey(Member, verbose_name=_("unit B"), on_delete=models.CASCADE, related_name="pairings_as_b")
    kind = models.CharField(_("pairing type"), max_length=6, choices=PairingKind.choices, default=PairingKind.OTHER)
    since = models.DateField(_("paired since"), null=True, blank=True)
    goals = models.TextField(_("goals"), blank=True)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["-since", "id"]
        constraints = [models.UniqueConstraint(fields=["a", "b", "kind"], name="alliance_pairing_once"),
                       models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="alliance_pairing_ordered")]

    def __str__(self) -> str:
        return f"{self.a} — {self.b}"


class PairingLog(models.Model):
    """What a pairing did, dated (a visit, a joint project, an order placed)."""

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="logs")
    on = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pairing log")
        verbose_name_plural = _("pairing logs")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on} {self.text[:30]}"


class Activity(TimeStamped):
    """A joint activity (联建活动) of a chain's members; ``rota`` marks the monthly rotating-host one (书记轮值)."""

    code = models.CharField(_("activity code"), max_length=40, unique=True)
    title = models.CharField(_("activity title"), max_length=200)
    chain = models.ForeignKey("chains.Chain", verbose_name=_("chain"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="alliance_activities")
    date = models.DateField(_("date"))
    host = models.ForeignKey(Member, verbose_name=_("host unit"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="hosted_activities")
    participants = models.ManyToManyField(Member, verbose_name=_("participants"), blank=True, related_name="activities")
    rota = models.BooleanField(_("rotating-host activity"), default=False)
    summary = models.TextField(_("summary"), blank=True)
    event = models.ForeignKey("events.Event", verbose_name=_("check-in event"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="alliance_activities")

    class Meta:
        verbose_name = _("joint activity")
        verbose_name_plural = _("joint activities")
        ordering = ["-date", "code"]
        indexes = [models.Index(fields=["chain", "date"])]

    def __str__(self) -> str:
        return self.title


class Outcome(TimeStamped):
    """A cooperation intention between two participants of an activity (合作意向); ``match`` is the
    matchmaking introduction it became, followed there to a deal."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="outcomes")
    a = models.ForeignKey(Member, verbose_name=_("unit A"), on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Member, verbose_name=_("unit B"), on_delete=models.CASCADE, related_name="+")
    description = models.CharField(_("intention"), max_length=300)
    match = models.ForeignKey("matchmaking.Match", verbose_name=_("introduction"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="alliance_outcomes")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("cooperation intention")
        verbose_name_plural = _("cooperation intentions")
        ordering = ["activity", "id"]


class RotaSlot(models.Model):
    """The host the office set for a chain's rotating activity in a month (the rota as edited)."""

    chain = models.ForeignKey("chains.Chain", verbose_name=_("chain"), on_delete=models.CASCADE, related_name="rota_slots")
    month = models.CharField(_("month"), max_length=7)
    host = models.ForeignKey(Member, verbose_name=_("host unit"), on_delete=models.CASCADE, related_name="rota_slots")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rota month")
        verbose_name_plural = _("rota")
        ordering = ["chain", "month"]
        constraints = [models.UniqueConstraint(fields=["chain", "month"], name="alliance_rota_month_once")]

    def __str__(self) -> str:
        return f"{self.month} {self.host}"


class ResourceKind(models.TextChoices):
    POLICY = "policy", _("Policy")
    PROJECT = "project", pgettext_lazy("resource kind", "Project")
    PLATFORM = "platform", _("Platform")
    SERVICE = "service", pgettext_lazy("resource kind", "Service")


class Resource(TimeStamped):
    """One item of the member units' resource catalogue (资源目录): what a unit offers enterprises."""

    unit = models.ForeignKey("accounts.Organization", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="resources")
    kind = models.CharField(_("resource type"), max_length=10, choices=ResourceKind.choices)
    title = models.CharField(_("resource name"), max_length=200)
    summary = models.TextField(_("what it offers"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    chains = models.ManyToManyField("chains.Chain", verbose_name=_("chains"), blank=True, related_name="resources")
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resource catalogue")
        ordering = ["unit", "kind", "title"]

    def __str__(self) -> str:
        return self.title


class ServiceKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CONSULTATION = "consultation", _("Policy consultation")
    BRIEFING = "briefing", _("Briefing attended")
    APPEAL = "appeal", _("Appeal handled")
    INTRODUCTION = "introduction", _("Matchmaking introduction")
    AWARD = "award", _("Fund award")
    ACTIVITY = "activity", _("Alliance activity")


class ServiceRecord(models.Model):
    """One time the district served an enterprise (一家次, the service record 服务台账).

    Visits and consultations are entered here; the other kinds are copied from their source (an
    appeal, an introduction, a check-in, an award, an activity) by ``services.service_records_sync``,
    keyed by (``source``, ``source_id``), so a record is never counted twice.
    """

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="service_records")
    on = models.DateField(_("date"))
    month = models.CharField(_("month"), max_length=7, editable=False)
    kind = models.CharField(_("service type"), max_length=12, choices=ServiceKind.choices)
    unit = models.ForeignKey("accounts.Organization", verbose_name=_("serving unit"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="service_records")
    chain = models.ForeignKey("chains.Chain", verbose_name=_("chain"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="service_records")
    title = models.CharField(_("title"), max_length=200)
    people = models.CharField(_("people"), max_length=200, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    problems = models.TextField(_("problems found"), blank=True)
    source = models.CharField(_("source"), max_length=12, blank=True)
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True)
    link = models.CharField(_("link"), max_length=200, blank=True)
    appeal = models.ForeignKey("appeals.Appeal", verbose_name=_("appeal raised"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["enterprise", "on"]),
                   models.Index(fields=["month", "unit", "chain", "kind"], name="alliance_service_counts_idx")]
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], condition=models.Q(source_id__isnull=False),
                                               name="alliance_service_from_source_once")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.month = self.on.strftime("%Y-%m")
        super().save(*args, **kwargs)
