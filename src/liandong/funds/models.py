"""Funds (资金与投融资): programs with yearly budgets, awards paid from them, and their timelines
(issue #16; rules in docs/domains/funds.md, columns in docs/imports.md#fund-programs and #awards)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.core.models import TimeStamped, money


class Program(TimeStamped):
    """A fund (资金计划): a policy fund with a budget per year, a special fund (技改, 智能制造), the guide fund."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy fund")
        GUIDE = "guide", _("Government guide fund")
        SPECIAL = "special", _("Special fund")

    code = models.CharField(_("fund code"), max_length=40, unique=True)
    name = models.CharField(_("fund name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.POLICY)
    department = models.ForeignKey("accounts.Organization", verbose_name=_("department in charge"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="fund_programs")

    class Meta:
        verbose_name = _("fund program")
        verbose_name_plural = _("fund programs")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ProgramYear(models.Model):
    """A program's budget for one year; awards approved in that year may not commit more."""

    program = models.ForeignKey(Program, verbose_name=_("fund program"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    budget = money(_("budget"), null=False, blank=False)

    class Meta:
        verbose_name = _("yearly budget")
        verbose_name_plural = _("yearly budgets")
        ordering = ["program__code", "year"]
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="program_year_once")]

    def __str__(self) -> str:
        return f"{self.program} {self.year}"


class AwardStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("award status", "Applied")
    APPROVED = "approved", pgettext_lazy("award status", "Approved")
    PUBLISHED = "published", pgettext_lazy("award status", "Published for comment")
    DISBURSED = "disbursed", pgettext_lazy("award status", "Disbursed")
    REJECTED = "rejected", pgettext_lazy("award status", "Rejected")


class Award(TimeStamped):
    """Money a program gives an enterprise for a project in a year (兑现), from 申报 to 已拨付 (or 驳回)."""

    program_year = models.ForeignKey(ProgramYear, verbose_name=_("yearly budget"), on_delete=models.PROTECT,
                                     related_name="awards")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="fund_awards")
    project = models.CharField(_("project name"), max_length=200)
    policy = models.CharField(_("policy code"), max_length=60, blank=True)
    amount = money(_("amount"), null=False, blank=False)
    status = models.CharField(_("status"), max_length=10, choices=AwardStatus.choices, default=AwardStatus.APPLIED,
                              db_index=True)
    date = models.DateField(_("date"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["program_year", "enterprise", "project"], name="award_once")]
        indexes = [models.Index(fields=["enterprise", "project"], name="award_enterprise_project_idx"),
                   # covers the ledger's grouped sum (selectors.ledger_frame): 1M awards in ~0.1 s
                   models.Index(fields=["program_year", "status", "amount"], name="award_ledger_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.project}"


class AwardEvent(models.Model):
    """One status change of an award: dated, by whom."""

    award = models.ForeignKey(Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from status"), max_length=10, choices=AwardStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=AwardStatus.choices)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("award timeline entry")
        verbose_name_plural = _("award timeline")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.award} → {self.to_status}"
