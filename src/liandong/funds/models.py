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


# --- the guide fund (引导基金): sub-funds and their investments -------------------------------------
class EnterpriseStage(models.TextChoices):
    """An enterprise's stage of life, as investors and lenders name it."""

    STARTUP = "startup", pgettext_lazy("enterprise stage", "Start-up")
    GROWTH = "growth", pgettext_lazy("enterprise stage", "Growth")
    MATURE = "mature", pgettext_lazy("enterprise stage", "Mature")


class SubFund(TimeStamped):
    """A sub-fund (子基金) of the guide fund: run by a manager, with committed and paid-in capital."""

    program = models.ForeignKey(Program, verbose_name=_("guide fund"), on_delete=models.PROTECT,
                                related_name="sub_funds")
    name = models.CharField(_("sub-fund name"), max_length=200, unique=True)
    manager = models.ForeignKey("accounts.Organization", verbose_name=_("fund manager"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="sub_funds")
    committed = money(_("committed capital"), null=False, blank=False)
    paid_in = money(_("paid-in capital"), null=False, blank=False, default=0)

    class Meta:
        verbose_name = _("sub-fund")
        verbose_name_plural = _("sub-funds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FundInvestment(TimeStamped):
    """A sub-fund's investment in an enterprise (round, amount, date, the enterprise's stage then)."""

    sub_fund = models.ForeignKey(SubFund, verbose_name=_("sub-fund"), on_delete=models.CASCADE,
                                 related_name="investments")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="fund_investments")
    round = models.CharField(_("round"), max_length=30, blank=True)
    amount = money(_("amount"), null=False, blank=False)
    date = models.DateField(_("date"))
    stage = models.CharField(_("stage"), max_length=10, choices=EnterpriseStage.choices, blank=True)

    class Meta:
        verbose_name = _("fund investment")
        verbose_name_plural = _("fund investments")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.sub_fund} → {self.enterprise}"


# --- financing matchmaking (投融资对接) ---------------------------------------------------------------
class FinancingKind(models.TextChoices):
    EQUITY = "equity", _("Equity")
    DEBT = "debt", _("Debt")


class FinancingNeed(TimeStamped):
    """An enterprise's financing need: how much, for what, at which stage, with or without collateral."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="financing_needs")
    amount = money(_("amount"), null=False, blank=False)
    purpose = models.CharField(_("purpose"), max_length=300)
    stage = models.CharField(_("stage"), max_length=10, choices=EnterpriseStage.choices, blank=True)
    collateral = models.BooleanField(_("collateral available"), default=False)
    kind = models.CharField(_("kind"), max_length=6, choices=FinancingKind.choices, default=FinancingKind.DEBT)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("financing need")
        verbose_name_plural = _("financing needs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.purpose}"


class FinancingProduct(TimeStamped):
    """A financial institution's product (loan, guarantee, equity) and its criteria."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    institution = models.ForeignKey("accounts.Organization", verbose_name=_("financial institution"),
                                    on_delete=models.PROTECT, related_name="financing_products")
    name = models.CharField(_("product name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=6, choices=FinancingKind.choices, default=FinancingKind.DEBT)
    min_amount = money(_("minimum amount"))
    max_amount = money(_("maximum amount"))
    stages = models.JSONField(_("stages"), default=list, blank=True,
                              help_text=_("Empty: every stage."))
    chains = models.ManyToManyField("chains.Chain", verbose_name=_("chains"), blank=True,
                                    related_name="financing_products", help_text=_("Empty: every chain."))
    collateral_required = models.BooleanField(_("collateral required"), default=False)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("financing product")
        verbose_name_plural = _("financing products")
        ordering = ["institution__name", "name"]
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="financing_product_once")]

    def __str__(self) -> str:
        return f"{self.institution} · {self.name}"


class FinancingMatch(TimeStamped):
    """A product introduced to a need by the office, then contacted → negotiating → signed (amount) or
    closed (reason)."""

    class Status(models.TextChoices):
        INTRODUCED = "introduced", _("Introduced")
        CONTACTED = "contacted", _("Contacted")
        NEGOTIATING = "negotiating", _("Negotiating")
        SIGNED = "signed", _("Signed")
        CLOSED = "closed", _("Closed")

    need = models.ForeignKey(FinancingNeed, verbose_name=_("financing need"), on_delete=models.CASCADE,
                             related_name="matches")
    product = models.ForeignKey(FinancingProduct, verbose_name=_("financing product"), on_delete=models.CASCADE,
                                related_name="matches")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.INTRODUCED,
                              db_index=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    amount = money(_("signed amount (yuan)"))
    closed_reason = models.CharField(_("reason closed"), max_length=200, blank=True)
    introduced_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("introduced by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    introduced_at = models.DateTimeField(_("introduced at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("financing match")
        verbose_name_plural = _("financing matches")
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["need", "product"], name="financing_match_once")]

    def __str__(self) -> str:
        return f"{self.need_id}→{self.product_id}"
