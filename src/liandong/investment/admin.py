from django.contrib import admin

from liandong.investment.models import Lead, Project, ProjectEvent, StageLimit


class ProjectEventInline(admin.TabularInline):
    model = ProjectEvent
    extra = 0
    fields = ("on", "from_stage", "to_stage", "actor", "note")
    readonly_fields = fields
    can_delete = False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Projects are changed through their pages (stages are dated and checked there); the back office
    reads them and their timelines."""

    list_display = ("name", "code", "stage", "registered", "department", "park")
    list_filter = ("stage", "platform", "chains")
    search_fields = ("name", "code", "investor", "uscc")
    readonly_fields = ("stage", "stage_since", "enterprise", "version")
    inlines = [ProjectEventInline]


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "chain", "status", "owner", "created_at")
    list_filter = ("kind", "status", "chain")
    search_fields = ("name", "uscc", "source")


@admin.register(StageLimit)
class StageLimitAdmin(admin.ModelAdmin):
    list_display = ("stage", "days")
