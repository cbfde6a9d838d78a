"""The back office in Chinese where third-party apps print English (#13 item 13).

django-axes and django-auditlog name their fields and columns with English msgids that ship no
Chinese; the catalogue translates them (our LOCALE_PATHS come before the apps' own). They are listed
below with ``gettext_noop`` so that the catalogue keeps them. The few labels the apps write without
gettext (auditlog's "Correlation ID" column and "system" actor, axes' "Status" column) are
overridden in subclasses of their admins, registered in place of theirs (this module is discovered
after theirs: core comes after them in INSTALLED_APPS).
"""

from __future__ import annotations

from auditlog.admin import LogEntryAdmin as _LogEntryAdmin
from auditlog.filters import CIDFilter
from auditlog.filters import ResourceTypeFilter as _ResourceTypeFilter
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from axes.admin import AccessAttemptAdmin as _AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as _GroupAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

THIRD_PARTY_MSGIDS = (
    # django-axes: models, fields, filters, fieldsets, actions
    gettext_noop("access attempt"), gettext_noop("access attempts"), gettext_noop("access failure"),
    gettext_noop("access failures"), gettext_noop("access log"), gettext_noop("access logs"),
    gettext_noop("access attempt expiration"), gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"), gettext_noop("User Agent"), gettext_noop("IP Address"),
    gettext_noop("Username"), gettext_noop("HTTP Accept"), gettext_noop("Path"), gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"), gettext_noop("GET Data"), gettext_noop("POST Data"),
    gettext_noop("Failed Logins"), gettext_noop("Logout Time"), gettext_noop("Session key hash (sha256)"),
    gettext_noop("Expires At"), gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Locked Out"), gettext_noop("Attempt Remaining"), gettext_noop("Not set"),
    gettext_noop("Form Data"), gettext_noop("Meta Data"), gettext_noop("Clean up expired attempts"),
    # django-auditlog: fields, action choices, columns, filters
    gettext_noop("object pk"), gettext_noop("object id"), gettext_noop("object representation"),
    gettext_noop("action"), gettext_noop("actor"), gettext_noop("Correlation ID"), gettext_noop("remote address"),
    gettext_noop("remote port"), gettext_noop("timestamp"), gettext_noop("additional data"),
    gettext_noop("actor email"), gettext_noop("create"), gettext_noop("update"), gettext_noop("delete"),
    gettext_noop("access"), gettext_noop("User"), gettext_noop("Resource"), gettext_noop("Changes"),
    gettext_noop("Resource Type"), gettext_noop("Click to filter by records with this correlation id"),
    gettext_noop("Audit log"), gettext_noop("View"), gettext_noop("Created {repr:s}"),
    gettext_noop("Updated {repr:s}"), gettext_noop("Deleted {repr:s}"), gettext_noop("Logged {repr:s}"),
    # Django's admin sidebar (headers for screen readers) and user form, missing from Django's Chinese catalogue
    gettext_noop("Model name"), gettext_noop("Add link"), gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
)

PERMISSION_ACTIONS = {"add": _("may add"), "change": _("may change"), "delete": _("may delete"), "view": _("may view")}


def permission_label(permission) -> str:
    """"企业管理 | 企业 | 可修改" for Django's "enterprises | enterprise | Can change enterprise": the stored
    permission names are English (written at migrate time), the app and model names are translated."""
    action = PERMISSION_ACTIONS.get(permission.codename.split("_", 1)[0])
    return f"{permission.content_type} | {action if action is not None else _(permission.name)}"


class ChinesePermissions:
    """Permission choices (users, groups) labelled by ``permission_label``."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in {"permissions", "user_permissions"}:
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ChinesePermissions, _GroupAdmin):
    pass


admin.site.unregister(LogEntry)


class ResourceTypeFilter(_ResourceTypeFilter):
    """The kinds of records by their Chinese names (auditlog lists the model keys: appealcategory …)."""

    def lookups(self, request, model_admin):
        ids = model_admin.get_queryset(request).order_by().values_list("content_type_id", flat=True).distinct()
        return sorted(((ct.id, str(ct)) for ct in ContentType.objects.filter(id__in=list(ids))), key=lambda t: t[1])


@admin.register(LogEntry)
class LogEntryAdmin(_LogEntryAdmin):
    list_filter = ["action", ResourceTypeFilter, CIDFilter]
    @admin.display(description=_("Time"), ordering="timestamp")
    def created(self, obj):
        """To the minute, as dates are written elsewhere (auditlog prints 19:21:53.459604+08:00)."""
        return formats.localize(localtime(obj.timestamp))

    @admin.display(description=_("User"))
    def user_url(self, obj):
        return super().user_url(obj) if obj.actor else _("System")

    @admin.display(description=_("Correlation ID"))
    def cid_url(self, obj):
        return super().cid_url(obj)

    @admin.display(description=_("Changes"))
    def msg_short(self, obj):
        """"名称、所属园区" rather than "2 changes: name, park"."""
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS) or not obj.changes_dict:
            return ""
        names = "、".join(str(_field_label(obj, field)) for field in obj.changes_dict)
        return _("%(n)d changed: %(fields)s") % {"n": len(obj.changes_dict),
                                                  "fields": names if len(names) <= 60 else names[:60] + "…"}

    @admin.display(description=_("Changes"))
    def msg(self, obj):
        """Each changed field by its Chinese name, before and after ("None" shown as —)."""
        rows = []
        for field, change in sorted(obj.changes_dict.items()):
            name = _field_label(obj, field)
            if isinstance(change, dict) and change.get("type") == "m2m":
                before, after = _M2M.get(change.get("operation"), change.get("operation")), "、".join(
                    map(str, change.get("objects", [])))
            elif field == "password":
                before, after = "***", "***"
            else:
                before, after = (_shown(v) for v in change)
            rows.append(format_html("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", name, before, after))
        if not rows:
            return ""
        head = format_html("<tr><th>{}</th><th>{}</th><th>{}</th></tr>", _("Field"), _("Before"), _("After"))
        return format_html("<table>{}{}</table>", head, mark_safe("".join(rows)))  # noqa: S308 (rows are escaped)


_M2M = {"add": _("added"), "delete": _("removed"), "clear": _("cleared")}


def _field_label(entry, name: str) -> str:
    """A changed field's Chinese name; a reverse relation (a user's lead_appeals) by the related records'."""
    model = entry.content_type.model_class()
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    if field is not None and field.auto_created and not field.concrete and field.related_model is not None:
        return capfirst(field.related_model._meta.verbose_name_plural)
    return get_field_verbose_name(entry, name)


def _shown(value) -> str:
    return "—" if value in (None, "None", "") else str(value)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class AccessAttemptAdmin(_AccessAttemptAdmin):
        @admin.display(description=_("Status"))
        def status(self, obj):
            return super().status(obj)
