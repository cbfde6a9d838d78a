"""The enterprise registry: enterprises keyed by 统一社会信用代码, their parks, industry codes,
qualifications, contacts, annual data and monthly indicators."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.core.models import TimeStamped, money
from liandong.enterprises.pinyin import MAX_LENGTH as NAME_SORT_LENGTH
from liandong.enterprises.pinyin import name_sort_key


class IndustryCode(models.Model):
    """GB/T 4754-2017 国民经济行业分类: sections A–T, 2-digit divisions, 3-digit groups, 4-digit classes."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"))
    section = models.CharField(_("section"), max_length=1)
    name = models.CharField(_("name"), max_length=100)
    note = models.TextField(_("note"), blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name=_("parent code"))

    class Meta:
        verbose_name = _("industry code (GB/T 4754-2017)")
        verbose_name_plural = _("industry codes (GB/T 4754-2017)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.section}{self.code} {self.name}" if self.level > 1 else f"{self.code} {self.name}"


class Park(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Enterprise(TimeStamped):
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    name_sort = models.CharField(_("pinyin sort key"), max_length=NAME_SORT_LENGTH, blank=True, editable=False,
                                 help_text=_("The name in pinyin with tones: lists sort by it."))
    established = models.DateField(_("established"), null=True, blank=True)
    registered_capital = money(_("registered capital (yuan)"))
    park = models.ForeignKey(Park, verbose_name=_("park"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="enterprises")
    industry = models.ForeignKey(IndustryCode, verbose_name=_("industry"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="enterprises")
    above_scale = models.BooleanField(_("above designated size"), default=False, db_index=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    address = models.CharField(_("registered address"), max_length=300, blank=True)
    main_products = models.TextField(_("main products"), blank=True)
    business_scope = models.TextField(_("business scope"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1,
                                          help_text=_("Raised on every change; a stale write is refused."))

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        # the registry's list order (pinyin, then the name, then the id) off one index
        indexes = [models.Index(fields=["name_sort", "name", "id"], name="enterprise_name_sort_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Keeps ``name_sort`` the pinyin of ``name`` (bulk writers set it themselves)."""
        self.name_sort = name_sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_sort"}
        super().save(*args, **kwargs)


class ParkMembership(models.Model):
    """An enterprise's membership of a park from ``valid_from`` to ``valid_to`` (both days included;
    empty = since before the platform's records / still a member). ``Enterprise.park`` is the park of
    today; a change of park ends the open membership the day before and opens the new one
    (``enterprises.services.record_park_moves``), so that statistics of past periods group each
    period by the park of its last day (issue #13 item 7)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="park_memberships",
                                   verbose_name=_("enterprise"))
    park = models.ForeignKey(Park, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("park"))
    valid_from = models.DateField(_("member from"), null=True, blank=True,
                                  help_text=_("Empty: since before the platform's records."))
    valid_to = models.DateField(_("member until"), null=True, blank=True,
                                help_text=_("The last day in the park; empty while the enterprise is in it."))

    class Meta:
        verbose_name = _("park membership")
        verbose_name_plural = _("park memberships")
        ordering = ["enterprise", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise"], condition=models.Q(valid_to__isnull=True),
                                    name="park_membership_one_open"),
            models.CheckConstraint(condition=models.Q(valid_from__isnull=True) | models.Q(valid_to__isnull=True)
                                   | models.Q(valid_to__gte=models.F("valid_from")), name="park_membership_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.park}"


class QualificationType(models.Model):
    """The qualification catalogue (资质目录): 高企, 创新型中小企业, 专精特新, 小巨人, 雏鹰, 瞪羚, 领军 ..."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial / municipal")
        DISTRICT = "district", _("District")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    default_level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"), null=True, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=100, blank=True)
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("qualification type")
        verbose_name_plural = _("qualification catalogue")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class QualificationQuerySet(models.QuerySet):
    def current(self, on: dt.date) -> QualificationQuerySet:
        """Grants in force on ``on``: granted on or before it (or undated) and not past expiry."""
        return (self.filter(models.Q(granted__isnull=True) | models.Q(granted__lte=on))
                .filter(models.Q(expires__isnull=True) | models.Q(expires__gte=on)))


class Qualification(TimeStamped):
    objects = QualificationQuerySet.as_manager()

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="qualifications",
                                   verbose_name=_("enterprise"))
    type = models.ForeignKey(QualificationType, on_delete=models.PROTECT, related_name="grants",
                             verbose_name=_("qualification"))
    level = models.CharField(_("level"), max_length=20, choices=QualificationType.Level.choices, blank=True)
    granted = models.DateField(_("granted"), null=True, blank=True)
    expires = models.DateField(_("expires"), null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [models.UniqueConstraint(fields=["enterprise", "type"], name="qualification_once_per_type")]
        # Covers "current grants of a type": type, validity window and the enterprise, index-only.
        indexes = [models.Index(fields=["type", "expires", "granted", "enterprise"], name="qualification_current_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.type}"

    def is_current(self, on: dt.date) -> bool:
        """Granted on or before ``on`` and not past its expiry date."""
        if self.granted and self.granted > on:
            return False
        return self.expires is None or self.expires >= on


class Contact(TimeStamped):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts",
                                   verbose_name=_("enterprise"))
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("title"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name


class AnnualData(TimeStamped):
    """One row per enterprise and year (the ``annual`` import kind). Money in yuan."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="annual",
                                   verbose_name=_("enterprise"))
    year = models.PositiveSmallIntegerField(_("year"))
    revenue = money(_("revenue"))
    main_revenue = money(_("main business revenue"))
    rd_expense = money(pgettext_lazy("amount in yuan", "R&D expense"))
    net_profit = money(_("net profit"))
    total_assets = money(_("total assets"))
    total_liabilities = money(_("total liabilities"))
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    rd_staff = models.PositiveIntegerField(_("R&D staff"), null=True, blank=True)
    ip_class1 = models.PositiveIntegerField(_("class I IP"), null=True, blank=True)
    ip_class2 = models.PositiveIntegerField(_("class II IP"), null=True, blank=True)
    equity_financing = money(_("new equity financing"))
    years_in_niche = models.PositiveSmallIntegerField(_("years in niche market"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual data")
        verbose_name_plural = _("annual data")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="annual_once_per_year")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"


class MonthlyIndicator(TimeStamped):
    """Monthly (当月) figures of one enterprise; ``above_scale`` is its status in that period."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="indicators",
                                   verbose_name=_("enterprise"))
    period = models.CharField(_("period"), max_length=7, db_index=True)
    output_value = money(_("gross industrial output"))
    value_added = money(_("value added (current prices)"))
    value_added_comparable = money(_("value added (comparable prices)"))
    revenue = money(_("revenue"))
    profit = money(_("total profit"))
    rd_expense = money(pgettext_lazy("amount in yuan", "R&D expense"))
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    above_scale = models.BooleanField(_("above designated size"), default=False)

    class Meta:
        verbose_name = _("monthly indicator")
        verbose_name_plural = _("monthly indicators")
        ordering = ["period"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "period"], name="indicator_once_per_period")]
        indexes = [models.Index(fields=["period", "above_scale"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.period}"


def import_kind_choices() -> list[tuple[str, object]]:
    """The installed apps' import kinds (enterprises.imports.columns.all_kinds), as the import page
    names them; a callable, so a new app's kind needs no migration here."""
    from liandong.enterprises.imports.columns import all_kinds

    return [(kind.key, kind.label) for kind in all_kinds().values()]


class ImportJob(models.Model):
    """An import started from the web page, run by the background worker, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="import_jobs",
                             verbose_name=_("uploaded by"))
    kind = models.CharField(_("kind"), max_length=30, choices=import_kind_choices)
    filename = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(_("content"))
    dry_run = models.BooleanField(_("dry run"), default=False)
    language = models.CharField(_("language"), max_length=10, default="zh-hans",
                                help_text=_("The uploader's language: error messages are written in it."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    done = models.PositiveIntegerField(_("rows processed"), default=0)
    total = models.PositiveIntegerField(_("rows in the stage"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        """"企业名录 · 企业名录.csv": the kind by its Chinese name, not its key (#13 item 13)."""
        return f"{self.get_kind_display()} · {self.filename}"

    @property
    def percent(self) -> int:
        stages = {"validate": 0, "resolve": 60, "write": 70}
        base = stages.get(self.stage, 0)
        span = {"validate": 60, "resolve": 10, "write": 30}.get(self.stage, 0)
        if self.status in {self.Status.DONE, self.Status.REJECTED, self.Status.FAILED}:
            return 100
        return base + (span * self.done // self.total if self.total else 0)
