"""Needs and offers (需求 / 供给) and the introductions that follow them to a deal (issue #7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liandong.core.models import TimeStamped, money


class Need(TimeStamped):
    class Kind(models.TextChoices):
        NEED = "need", _("Need (we buy)")
        OFFER = "offer", _("Offer (we supply)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="needs")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.NEED)
    title = models.CharField(_("product"), max_length=120)
    text = models.TextField(_("description"), blank=True)
    spec = models.CharField(_("specification"), max_length=200, blank=True)
    quantity = models.CharField(_("quantity / capacity"), max_length=100, blank=True)
    timeframe = models.CharField(_("timeframe"), max_length=100, blank=True)
    budget_band = models.CharField(_("budget band"), max_length=60, blank=True)
    certifications = models.CharField(_("certifications"), max_length=200, blank=True)
    node = models.ForeignKey("chains.ChainNode", verbose_name=_("chain node"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="needs")
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("need or offer")
        verbose_name_plural = _("needs and offers")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def search_text(self) -> str:
        return " ".join(p for p in (self.title, self.text, self.spec, self.certifications) if p)


class Match(TimeStamped):
    """A supplier for a need: suggested by the engine, introduced by an official (官方撮合), then
    contacted → negotiating → signed (amount) or closed (reason; a supplier's decline ranks it down)."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        INTRODUCED = "introduced", _("Introduced")
        CONTACTED = "contacted", _("Contacted")
        NEGOTIATING = "negotiating", _("Negotiating")
        SIGNED = "signed", _("Signed")
        CLOSED = "closed", _("Closed")

    need = models.ForeignKey(Need, verbose_name=_("need or offer"), on_delete=models.CASCADE, related_name="matches")
    supplier = models.ForeignKey("enterprises.Enterprise", verbose_name=_("supplier"), on_delete=models.CASCADE,
                                 related_name="supplier_matches")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUGGESTED,
                              db_index=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    amount = money(_("signed amount (yuan)"))
    closed_reason = models.CharField(_("reason closed"), max_length=200, blank=True)
    declined = models.BooleanField(_("declined by the supplier"), default=False)
    introduced_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("introduced by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    introduced_at = models.DateTimeField(_("introduced at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["need", "supplier"], name="match_once_per_supplier")]

    def __str__(self) -> str:
        return f"{self.need_id}→{self.supplier_id}"
