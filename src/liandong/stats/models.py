"""Published district figures (the ``official-totals`` import kind)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.core.models import TimeStamped, money


class OfficialTotal(TimeStamped):
    """A figure the statistics bureau published for the whole district (month or year-to-date)."""

    class Indicator(models.TextChoices):
        """The indicators the official-totals import accepts and the report compares (by their keys)."""

        VALUE_ADDED = "value_added", pgettext_lazy("indicator", "value added")
        VALUE_ADDED_COMPARABLE = "value_added_comparable", pgettext_lazy("indicator", "value added (comparable prices)")
        OUTPUT_VALUE = "output_value", pgettext_lazy("indicator", "gross industrial output")
        REVENUE = "revenue", pgettext_lazy("indicator", "revenue")
        PROFIT = "profit", pgettext_lazy("indicator", "total profit")
        RD_EXPENSE = "rd_expense", pgettext_lazy("indicator", "R&D expense")

    period = models.CharField(_("period"), max_length=7)
    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices)
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
        return f"{self.period} {self.get_indicator_display()}"
