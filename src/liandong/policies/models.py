"""What officials add to the shipped rule packs: confirmations of uncertain figures and draft
revisions, and simple policies written in a form (issue #5; rules in docs/domains/policies.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PackConfirmation(models.Model):
    """An official checked a pack version against the document: its uncertain figures are confirmed
    and, for a draft revision, it is in force from its effective date."""

    pack = models.CharField(_("policy"), max_length=60)
    version = models.CharField(_("version"), max_length=20)
    note = models.CharField(_("note"), max_length=300, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pack confirmation")
        verbose_name_plural = _("pack confirmations")
        constraints = [models.UniqueConstraint(fields=["pack", "version"], name="pack_version_confirmed_once")]

    def __str__(self) -> str:
        return f"{self.pack} {self.version}"


class CustomPolicy(models.Model):
    """A simple policy written by an official: conditions (fact, operator, value) all or any of which
    must hold, and an optional benefit (rate × fact, capped)."""

    class Mode(models.TextChoices):
        ALL = "all", _("All conditions")
        ANY = "any", _("Any condition")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    issuer = models.CharField(_("issuing body"), max_length=100)
    document = models.CharField(_("document number"), max_length=100)
    url = models.URLField(_("document URL"), blank=True)
    effective = models.DateField(_("effective from"))
    mode = models.CharField(_("combine"), max_length=3, choices=Mode.choices, default=Mode.ALL)
    conditions = models.JSONField(_("conditions"), default=list)
    benefit_field = models.CharField(_("benefit based on"), max_length=40, blank=True)
    benefit_rate = models.FloatField(_("benefit rate"), null=True, blank=True)
    benefit_cap = models.FloatField(_("benefit cap (10k yuan)"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("custom policy")
        verbose_name_plural = _("custom policies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def as_pack_data(self) -> dict:
        """The policy in the rule-pack shape the engine parses."""
        version = {"version": "1", "effective": self.effective.isoformat(),
                   "rule": {"id": "root", self.mode: [{**c, "id": f"c{i}"} for i, c in enumerate(self.conditions)]}}
        if self.benefit_field and self.benefit_rate:
            version["benefit"] = {"label": "预计兑现金额", "field": self.benefit_field, "rate": self.benefit_rate,
                                  **({"cap": self.benefit_cap} if self.benefit_cap else {})}
        return {"code": self.code, "name": self.name, "issuer": self.issuer,
                "reference": {"document": self.document, "url": self.url}, "versions": [version]}


class DeclaredFact(models.Model):
    """A fact an enterprise declares itself (自报), or an official records for it, for the rule packs'
    ``declared`` conditions (high-tech revenue share, R&D body level, digital level…). It counts for a
    policy's status, never for 免申即享. Each declaration is a new row; a screening on a date reads the
    latest made by then, so past screenings can be recomputed; a null value withdraws the fact."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="declared_facts")
    field = models.CharField(_("fact"), max_length=40)
    value = models.FloatField(_("value"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=200, blank=True)
    declared_on = models.DateField(_("declared on"), default=timezone.localdate)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("declared by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declared fact")
        verbose_name_plural = _("declared facts")
        indexes = [models.Index(fields=["enterprise", "field", "declared_on"], name="declared_fact_lookup")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.field}={self.value}"
