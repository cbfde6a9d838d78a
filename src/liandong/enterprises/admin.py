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
    list_display = ("name", "code", "default_level", "validity_years", "issuer")


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "type", "level", "granted", "expires", "certificate_no")
    list_filter = ("type", "level")
    search_fields = ("enterprise__name", "enterprise__uscc", "certificate_no")
    raw_id_fields = ("enterprise",)


class EnterpriseColumn:
    """The ``enterprise`` key of these models has no verbose_name (that needs a migration of the
    enterprises app): the column is named here (#13 item 13)."""

    @admin.display(description=_("enterprise"), ordering="enterprise__name")
    def enterprise_column(self, obj):
        return obj.enterprise


@admin.register(AnnualData)
class AnnualDataAdmin(EnterpriseColumn, admin.ModelAdmin):
    list_display = ("enterprise_column", "year", "revenue", "rd_expense", "employees")
    list_filter = ("year",)
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)


@admin.register(MonthlyIndicator)
class MonthlyIndicatorAdmin(EnterpriseColumn, admin.ModelAdmin):
    list_display = ("enterprise_column", "period", "output_value", "value_added", "above_scale")
    list_filter = ("above_scale",)
    search_fields = ("enterprise__name", "enterprise__uscc", "period")
    raw_id_fields = ("enterprise",)
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("filename", "kind", "user_column", "status", "created_at", "finished_at")
    list_filter = ("status", "kind")
    exclude = ("content",)
    readonly_fields = ("user", "kind", "filename", "dry_run", "status", "stage", "done", "total", "result",
                       "finished_at")

    @admin.display(description=_("user"), ordering="user__username")
    def user_column(self, obj):
        return obj.user
