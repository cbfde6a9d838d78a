from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liandong.engines.stats import amount_text, fmt1
from liandong.stats.models import OfficialTotal


@admin.register(OfficialTotal)
class OfficialTotalAdmin(admin.ModelAdmin):
    """The indicator by its Chinese name, the figures rounded as the report rounds them (亿元/万元, one
    decimal); the form keeps the exact published values (#13 item 13)."""

    list_display = ("period", "indicator", "cumulative", "amount", "growth")
    list_filter = ("indicator", "cumulative")

    @admin.display(description=_("published figure"), ordering="value")
    def amount(self, obj):
        return "—" if obj.value is None else amount_text(float(obj.value))

    @admin.display(description=_("Growth"), ordering="growth_pct")
    def growth(self, obj):
        return "—" if obj.growth_pct is None else f"{fmt1(float(obj.growth_pct))}%"
