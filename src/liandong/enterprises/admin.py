from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liandong.enterprises.models import (
    AnnualData,
    Contact,
    Enterprise,
    ImportJob,
    IndustryCode,
    MonthlyIndicator,
    Park,
    ParkMembership,
    Qualification,
    QualificationType,
)
from liandong.enterprises.services import record_park_moves


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class ParkMembershipInline(admin.TabularInline):
    """The enterprise's parks over time; today's is the enterprise's park."""

    model = ParkMembership
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "park", "industry", "above_scale", "employees", "updated_at")
    list_filter = ("above_scale", "park")
    search_fields = ("name", "uscc")
    autocomplete_fields = ("industry",)
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = [QualificationInline, ContactInline, ParkMembershipInline]
    list_per_page = 50
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        """A changed park ends the old membership and opens the new one today (#13 item 7)."""
        before = Enterprise.objects.filter(pk=obj.pk).values_list("park_id", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        if change and before != obj.park_id:
            record_park_moves({obj.pk: (before, obj.park_id)}, timezone.localdate(), actor=request.user)


@admin.register(IndustryCode)
class IndustryCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "section")
    list_filter = ("level", "section")
    search_fields = ("code", "name", "note")


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "order")
    search_fields = ("name",)


@admin.register(QualificationType)
class QualificationTypeAdmin(admin.ModelAdmin):
    """Listed by the Chinese name; the code (high-tech …, what policy packs and imports refer to) is
    edited on the form, as 代码 (#13 item 13: codes only where a code is what the official asked for)."""

    list_display = ("name", "default_level", "validity_years", "issuer")
    search_fields = ("name", "code")


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "type", "level", "granted", "expires", "certificate_no")
    list_filter = ("type", "level")
    search_fields = ("enterprise__name", "enterprise__uscc", "certificate_no")
    raw_id_fields = ("enterprise",)


@admin.register(AnnualData)
class AnnualDataAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "year", "revenue", "rd_expense", "employees")
    list_filter = ("year",)
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)


@admin.register(MonthlyIndicator)
class MonthlyIndicatorAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "period", "output_value", "value_added", "above_scale")
    list_filter = ("above_scale",)
    search_fields = ("enterprise__name", "enterprise__uscc", "period")
    raw_id_fields = ("enterprise",)
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only record of web imports, worded as the import page words them (#13 item 13)."""

    list_display = ("filename", "kind", "user", "status", "created_at", "finished_at")
    list_filter = ("status", "kind")
    list_select_related = ("user",)
    exclude = ("content", "stage", "done", "total", "result", "language")
    readonly_fields = ("user", "kind", "filename", "dry_run", "status", "progress", "outcome", "finished_at")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return f"{obj.percent}%"

    @admin.display(description=_("result"))
    def outcome(self, obj):
        r = obj.result or {}
        if not r:
            return "—"
        if r.get("ok"):
            return _("%(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
                "rows": r.get("rows", 0), "created": r.get("created", 0), "updated": r.get("updated", 0),
                "unchanged": r.get("unchanged", 0)}
        errors = r.get("errors") or []
        if not errors:
            return r.get("message") or _("Rejected")
        first = errors[0]
        return _("Rejected: %(n)d errors; first: row %(row)s, %(column)s: %(message)s") % {
            "n": r.get("notes", {}).get("errors_total", len(errors)), "row": first.get("row"),
            "column": first.get("label") or first.get("column"), "message": first.get("message")}
