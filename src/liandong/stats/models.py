"""Published district figures (the ``official-totals`` import kind)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from liandong.core.models import TimeStamped, money


class OfficialTotal(TimeStamped):
    """A figure the statistics bureau published for the whole district (month or year-to-date)."""

    period = models.CharField(_("period"), max_length=7)
    indicator = models.CharField(_("indicator"), max_length=40)
    cumulative = models.BooleanField(_("cumulative (year to date)"), default=False)
    value = money(_("value (yuan)"))
    growth_pct = models.DecimalField(_("growth (%)"), max_digits=9, decimal_places=3, null=True, blank=True)

    class Meta:
        verbose_name = _("official total")
        verbose_name_plural = _("official totals")
        ordering = ["-period", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["period", "indicator", "cumulative"], name="official_total_once"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.indicator}"
