from django.contrib import admin

from liandong.stats.models import OfficialTotal


@admin.register(OfficialTotal)
class OfficialTotalAdmin(admin.ModelAdmin):
    list_display = ("period", "indicator", "cumulative", "value", "growth_pct")
    list_filter = ("indicator", "cumulative")
