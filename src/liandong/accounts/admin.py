from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from liandong.accounts.models import ApiToken, Organization, User
from liandong.core.admin import ChinesePermissions


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "short_name", "enterprise")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    autocomplete_fields = ("enterprise",)


@admin.register(User)
class UserAdmin(ChinesePermissions, BaseUserAdmin):
    list_display = ("username", "display_name", "role", "organization", "enterprise", "is_active", "last_login")
    list_filter = ("role", "is_active", "organization__kind")
    search_fields = ("username", "display_name", "email")
    autocomplete_fields = ("organization", "enterprise")
    filter_horizontal = ("chains", "groups", "user_permissions")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "display_name", "phone", "organization", "enterprise", "chains")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "expires_at", "last_used_at")
    readonly_fields = ("user", "digest", "created_at", "last_used_at")
