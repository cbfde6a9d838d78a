from django.contrib import admin

from liandong.enterprises.models import (
    AnnualData,
    Contact,
    Enterprise,
    ImportJob,
    IndustryCode,
    MonthlyIndicator,
    Park,
    Qualification,
    QualificationType,
)


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "park", "industry", "above_scale", "employees", "updated_at")
    list_filter = ("above_scale", "park")
    search_fields = ("name", "uscc")
    autocomplete_fields = ("industry",)
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = [QualificationInline, ContactInline]
    list_per_page = 50
    show_full_result_count = False


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
    list_display = ("filename", "kind", "user", "status", "created_at", "finished_at")
    list_filter = ("status", "kind")
    exclude = ("content",)
    readonly_fields = ("user", "kind", "filename", "dry_run", "status", "stage", "done", "total", "result",
                       "finished_at")
