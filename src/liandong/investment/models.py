"""Investment promotion (招商引资): leads, projects followed from 线索 to 投产, and their timelines
(issue #15; rules in docs/domains/investment.md, columns in docs/imports.md#projects)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.core.models import StoredFile, TimeStamped, money


class Stage(models.TextChoices):
    """The stages in order; 终止 ends a project at any stage (engines.investment.STAGES)."""

    LEAD = "lead", pgettext_lazy("investment stage", "Lead")
    TALKS = "talks", pgettext_lazy("investment stage", "In talks")
    SIGNED = "signed", pgettext_lazy("investment stage", "Signed")
    REGISTERED = "registered", pgettext_lazy("investment stage", "Registered")
    STARTED = "started", pgettext_lazy("investment stage", "Construction started")
    PRODUCING = "producing", pgettext_lazy("investment stage", "In production")
    TERMINATED = "terminated", pgettext_lazy("investment stage", "Terminated")


class Lead(TimeStamped):
    """An investment lead kept on record: one the office entered by hand (a visit, a fair, a tip), or a
    lead the records suggested (以商招商, a chain master's supplier, 京津冀) once someone acts on it."""

    class Kind(models.TextChoices):
        CHAIN_GAP = "chain_gap", _("Gap on the chain (anchor-led)")
        MASTER_SUPPLIER = "master_supplier", _("Supplier of a chain master")
        JINGJINJI = "jingjinji", _("Beijing–Tianjin–Hebei transfer")
        MANUAL = "manual", _("Entered by hand")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONVERTED = "converted", _("Became a project")
        DROPPED = "dropped", _("Dropped")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MANUAL)
    name = models.CharField(_("company or investor"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="investment_leads")
    chain = models.ForeignKey("chains.Chain", verbose_name=_("chain"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="investment_leads")
    node = models.ForeignKey("chains.ChainNode", verbose_name=_("node"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="investment_leads")
    source = models.CharField(_("source"), max_length=100, blank=True,
                              help_text=_("Where it came from: a visit, a fair, a tip…"))
    reason = models.TextField(_("reason"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="investment_leads")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("investment lead")
        verbose_name_plural = _("investment leads")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Project(TimeStamped):
    """An investment project (招商项目), keyed by its code (项目编号)."""

    code = models.CharField(_("project code"), max_length=40, unique=True)
    name = models.CharField(_("project name"), max_length=200)
    investor = models.CharField(_("investor"), max_length=200, blank=True)
    chains = models.ManyToManyField("chains.Chain", verbose_name=_("chains"), blank=True,
                                    related_name="investment_projects")
    node = models.ForeignKey("chains.ChainNode", verbose_name=_("node"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="investment_projects")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.LEAD, db_index=True)
    stage_since = models.DateField(_("in this stage since"), null=True, blank=True)
    signed = models.DateField(_("signed on"), null=True, blank=True)
    registered = models.DateField(_("registered on"), null=True, blank=True, db_index=True)
    uscc = models.CharField(_("USCC of the landed enterprise"), max_length=18, blank=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("landed enterprise"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="investment_projects")
    registered_capital = money(_("registered capital"))
    planned_investment = money(_("planned total investment"))
    department = models.ForeignKey("accounts.Organization", verbose_name=_("responsible department"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="investment_projects")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible officer"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="investment_projects")
    park = models.ForeignKey("enterprises.Park", verbose_name=_("park"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="investment_projects")
    platform = models.BooleanField(_("major innovation platform"), default=False)
    termination_reason = models.CharField(_("reason for termination"), max_length=300, blank=True)
    lead = models.OneToOneField(Lead, verbose_name=_("from lead"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="project")
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["stage", "stage_since"], name="project_stage_since_idx"),
                   models.Index(fields=["updated_at", "id"], name="project_updated_idx")]

    def __str__(self) -> str:
        return self.name


class ProjectEvent(models.Model):
    """One step of a project's timeline: a stage change (dated, by whom) or a note."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(_("from stage"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=12, choices=Stage.choices, blank=True)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project timeline entry")
        verbose_name_plural = _("project timeline")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.project} {self.get_from_stage_display()}→{self.get_to_stage_display()}"


def document_path(instance: ProjectDocument, filename: str) -> str:
    return f"projects/{instance.project.code}/{filename}"


class ProjectDocument(StoredFile):
    """A document of a project (an agreement, a feasibility study, a business licence…)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path)

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["created_at", "id"]


class StageLimit(models.Model):
    """How long a project may stay in a stage before its department is reminded (the office sets it)."""

    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, unique=True)
    days = models.PositiveIntegerField(_("days allowed"))

    class Meta:
        verbose_name = _("stage time limit")
        verbose_name_plural = _("stage time limits")
        ordering = ["stage"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.days}"
