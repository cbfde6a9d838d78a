from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext as _

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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """Amounts are stored and edited here in yuan (the pages take 万元): the label says so."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in {"registered_capital", "planned_investment"}:
            field.label = _("%(label)s (yuan)") % {"label": capfirst(db_field.verbose_name)}
        return field


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "chain", "status", "owner", "created_at")
    list_filter = ("kind", "status", "chain")
    search_fields = ("name", "uscc", "source")


@admin.register(StageLimit)
class StageLimitAdmin(admin.ModelAdmin):
    list_display = ("stage", "days")
