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


KEY_LABELS = {"enterprise": _("enterprise"), "parent": _("parent code"), "user": _("user")}
"""Foreign keys without a verbose_name on the model (that needs a migration of the enterprises app),
named in the back office instead (#13 item 13)."""


class ChineseKeys:
    """The ``enterprise`` column, and the form fields of KEY_LABELS, under their Chinese names."""

    @admin.display(description=_("enterprise"), ordering="enterprise__name")
    def enterprise_column(self, obj):
        return obj.enterprise

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name in KEY_LABELS:
            field.label = KEY_LABELS[db_field.name]
        return field


@admin.register(IndustryCode)
class IndustryCodeAdmin(ChineseKeys, admin.ModelAdmin):
    list_display = ("code", "name", "level", "section")
    list_filter = ("level", "section")
    search_fields = ("code", "name", "note")


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "order")
    search_fields = ("name",)


@admin.register(QualificationType)
class QualificationTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "default_level", "validity_years", "issuer")


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "type", "level", "granted", "expires", "certificate_no")
    list_filter = ("type", "level")
    search_fields = ("enterprise__name", "enterprise__uscc", "certificate_no")
    raw_id_fields = ("enterprise",)


@admin.register(AnnualData)
class AnnualDataAdmin(ChineseKeys, admin.ModelAdmin):
    list_display = ("enterprise_column", "year", "revenue", "rd_expense", "employees")
    list_filter = ("year",)
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)


@admin.register(MonthlyIndicator)
class MonthlyIndicatorAdmin(ChineseKeys, admin.ModelAdmin):
    list_display = ("enterprise_column", "period", "output_value", "value_added", "above_scale")
    list_filter = ("above_scale",)
    search_fields = ("enterprise__name", "enterprise__uscc", "period")
    raw_id_fields = ("enterprise",)
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only record of web imports, worded as the import page words them (#13 item 13)."""

    list_display = ("filename", "kind_label", "user_column", "status", "created_at", "finished_at")
    list_filter = ("status", "kind")
    exclude = ("content", "user", "kind", "stage", "done", "total", "result", "language")
    readonly_fields = ("user_column", "kind_label", "filename", "dry_run", "status", "progress", "outcome",
                       "finished_at")

    @admin.display(description=_("user"), ordering="user__username")
    def user_column(self, obj):
        return obj.user

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        from liandong.enterprises.views import KIND_LABELS

        return KIND_LABELS.get(obj.kind, obj.kind)

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
