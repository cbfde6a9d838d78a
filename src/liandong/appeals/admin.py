import datetime as dt

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.appeals.models import (
    Appeal,
    AppealCategory,
    CalendarOverride,
    CalendarYear,
    Delivery,
    DepartmentChannels,
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


@admin.register(DepartmentChannels)
class DepartmentChannelsAdmin(admin.ModelAdmin):
    list_display = ("organization", "email", "webhook_format", "webhook_url")


DELIVERY_KINDS = {"invite": gettext_lazy("event invitation"), "alert": gettext_lazy("time limit warning")}
"""What a message is about, by the first part of its once-only key: ``invite:<event>`` (events.services),
``alert:<appeal>:<clock>:<level>:<round>`` (notify.alert, level 100 the 督办), then ``:mail:<user>`` or
``:hook:<department>``."""


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Outgoing messages by subject and kind; the once-only key (invite:47:mail:5) is the platform's, not
    an official's, and is left out (#13 item 13)."""

    list_display = ("subject", "kind", "channel", "target", "state", "sent_at", "error")
    list_filter = ("state", "channel")
    search_fields = ("subject", "target")
    fields = ("kind", "channel", "target", "subject", "body", "state", "error", "sent_at")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("message kind"))
    def kind(self, obj):
        parts = obj.key.split(":")
        if parts[0] == "alert" and len(parts) > 3 and parts[3] == "100":
            return gettext_lazy("overdue escalation")
        return DELIVERY_KINDS.get(parts[0], "—")
