import datetime as dt

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from liandong.appeals.models import (
    Appeal,
    AppealCategory,
    CalendarOverride,
    CalendarYear,
)
from liandong.engines.calendar import OFFICIAL_YEARS


@admin.register(AppealCategory)
class AppealCategoryAdmin(admin.ModelAdmin):
    """Listed by the Chinese name; the code (finance, labour …) is edited on the form (#13 item 13)."""

    list_display = ("name", "respond_hours", "dock_days", "resolve_days", "default_department", "order")
    list_editable = ("respond_hours", "dock_days", "resolve_days", "order")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Read-only: appeals change only through the workflow (pages and API), which audits every step."""

    list_display = ("number", "enterprise", "category", "status", "submitted_at", "lead_department")
    list_filter = ("status", "category", "lead_department")
    search_fields = ("number", "title", "enterprise__name", "enterprise__uscc")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _warn_estimated_years(request) -> None:
    """Years from this one on that run on the rule-based estimate until their official days are entered."""
    this_year = dt.date.today().year
    confirmed = set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
    missing = [y for y in (this_year, this_year + 1) if y not in OFFICIAL_YEARS and y not in confirmed]
    if missing:
        messages.warning(request, _("Holiday arrangements for %(years)s are estimated by rule: enter the official "
                                    "holidays and make-up working days as overrides, then mark the year confirmed.")
                         % {"years": "、".join(map(str, missing))})


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "working", "note")
    list_filter = ("working",)

    def changelist_view(self, request, extra_context=None):
        _warn_estimated_years(request)
        return super().changelist_view(request, extra_context)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "confirmed", "note")

    def changelist_view(self, request, extra_context=None):
        _warn_estimated_years(request)
        return super().changelist_view(request, extra_context)
