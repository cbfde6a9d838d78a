"""The back office in Chinese where third-party apps print English (#13 item 13).

django-axes and django-auditlog name their fields and columns with English msgids that ship no
Chinese; the catalogue translates them (our LOCALE_PATHS come before the apps' own). They are listed
below with ``gettext_noop`` so that the catalogue keeps them. The few labels the apps write without
gettext (auditlog's "Correlation ID" column and "system" actor, axes' "Status" column) are
overridden in subclasses of their admins, registered in place of theirs (this module is discovered
after theirs: core comes after them in INSTALLED_APPS), and so are the values they store in English:
axes' "<unknown>" (未知), auditlog's records of a new record's reverse relations ("enterprises.Enterprise.None").
"""

from __future__ import annotations

import datetime as dt
import re

from auditlog.admin import LogEntryAdmin as _LogEntryAdmin
from auditlog.filters import CIDFilter
from auditlog.filters import ResourceTypeFilter as _ResourceTypeFilter
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from axes.admin import AccessAttemptAdmin as _AccessAttemptAdmin
from axes.admin import AccessFailureLogAdmin as _AccessFailureLogAdmin
from axes.admin import AccessLogAdmin as _AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as _GroupAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import is_aware, localtime, make_aware
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
        changes = _readable_changes(obj)
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS) or not changes:
            return ""
        names = "、".join(str(_field_label(obj, field)) for field in changes)
        return _("%(n)d changed: %(fields)s") % {"n": len(changes),
                                                  "fields": names if len(names) <= 60 else names[:60] + "…"}

    @admin.display(description=_("Changes"))
    def msg(self, obj):
        """Each changed field by its Chinese name, before and after as an official reads them (``_shown``)."""
        rows = []
        for field, change in sorted(_readable_changes(obj).items()):
            name = _field_label(obj, field)
            if isinstance(change, dict) and change.get("type") == "m2m":
                before, after = _M2M.get(change.get("operation"), change.get("operation")), "、".join(
                    map(str, change.get("objects", [])))
            elif field == "password":
                before, after = "***", "***"
            else:
                before, after = (_shown(obj, field, v) for v in change)
            rows.append(format_html("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", name, before, after))
        if not rows:
            return ""
        head = format_html("<tr><th>{}</th><th>{}</th><th>{}</th></tr>", _("Field"), _("Before"), _("After"))
        return format_html("<table>{}{}</table>", head, mark_safe("".join(rows)))  # noqa: S308 (rows are escaped)


_M2M = {"add": _("added"), "delete": _("removed"), "clear": _("cleared")}


MANAGER_REPR = re.compile(r"^\w+\.\w+\.None$", re.ASCII)
"""How auditlog writes a reverse relation's value (its related manager): "enterprises.Enterprise.None"."""


def _model_field(entry, name: str):
    model = entry.content_type.model_class()
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def _readable_changes(entry) -> dict:
    """The entry's changes without the reverse relations auditlog records with a new record (its
    enterprises, its memberships …): their value is the related manager's name, nothing to read."""
    out = {}
    for name, change in (entry.changes_dict or {}).items():
        field = _model_field(entry, name)
        if (field is not None and field.auto_created and not field.concrete and isinstance(change, list | tuple)
                and all(v in (None, "None", "") or MANAGER_REPR.match(str(v)) for v in change)):
            continue
        out[name] = change
    return out


def _field_label(entry, name: str) -> str:
    """A changed field's Chinese name ("ID" stays "ID"); a reverse relation (a user's lead_appeals) by the
    related records'."""
    field = _model_field(entry, name)
    if field is not None and field.auto_created and not field.concrete and field.related_model is not None:
        return capfirst(field.related_model._meta.verbose_name_plural)
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(field.verbose_name)
    return get_field_verbose_name(entry, name)


def _shown(entry, name: str, value) -> str:
    """A recorded value: — for empty ("None"), a choice by its label (部门工作人员, not department), 是/否
    (not True/False), a date or time to the minute in local time, a related record by its name."""
    if value in (None, "None", ""):
        return "—"
    text, field = str(value), _model_field(entry, name)
    if field is None or not field.concrete:
        return text
    if field.choices:
        return str({str(key): label for key, label in field.flatchoices}.get(text, text))
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return {"True": _("Yes"), "False": _("No")}.get(text, text)
    if kind in ("DateTimeField", "DateField"):
        try:  # auditlog writes datetimes naive in UTC, bulk_log aware
            when = parse_datetime(text) if kind == "DateTimeField" else parse_date(text[:10])
        except ValueError:
            return text
        if when is None:
            return text
        return formats.localize(localtime(when if is_aware(when) else make_aware(when, dt.UTC))
                                if kind == "DateTimeField" else when)
    if field.many_to_one or field.one_to_one:
        try:
            related = field.related_model._base_manager.filter(pk=field.target_field.to_python(text)).first()
        except (TypeError, ValueError, ValidationError):
            return text
        return str(related) if related is not None else _("%(value)s (deleted)") % {"value": text}
    return text


AXES_UNKNOWN = "<unknown>"
"""What django-axes stores for a header (user agent, accept) or a path the request lacked (axes.helpers):
a sign-in through the API or by a script."""
AXES_SHOWN = {"user_agent": "user_agent_shown", "path_info": "path_shown", "http_accept": "http_accept_shown"}


def _known(value: str) -> str:
    return _("unknown") if value in (AXES_UNKNOWN, "", None) else value


def _axes_names(names):
    """The admin's field names with the stored-"<unknown>" fields swapped for their display methods."""
    return [AXES_SHOWN.get(name, name) for name in names]


class AxesPathFilter(admin.SimpleListFilter):
    """axes' filter by path, "<unknown>" named 未知."""

    title = _("Path")
    parameter_name = "path_info"

    def lookups(self, request, model_admin):
        paths = model_admin.get_queryset(request).order_by("path_info").values_list("path_info", flat=True)
        return [(path, _known(path)) for path in paths.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(path_info=self.value()) if self.value() is not None else queryset


class KnownValues:
    """The axes admins' columns, filters and form fields with "<unknown>" shown as 未知."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.list_display = _axes_names(cls.list_display)
        cls.readonly_fields = _axes_names(cls.readonly_fields)
        cls.fieldsets = tuple((title, {**options, "fields": _axes_names(options["fields"])})
                              for title, options in cls.fieldsets)
        cls.list_filter = [AxesPathFilter if name == "path_info" else name for name in cls.list_filter]

    @admin.display(description=_("User Agent"), ordering="user_agent")
    def user_agent_shown(self, obj):
        return _known(obj.user_agent)

    @admin.display(description=_("Path"), ordering="path_info")
    def path_shown(self, obj):
        return _known(obj.path_info)

    @admin.display(description=_("HTTP Accept"))
    def http_accept_shown(self, obj):
        return _known(obj.http_accept)


def _replace(model, model_admin) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)


class AccessAttemptAdmin(KnownValues, _AccessAttemptAdmin):
    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)


class AccessLogAdmin(KnownValues, _AccessLogAdmin):
    pass


class AccessFailureLogAdmin(KnownValues, _AccessFailureLogAdmin):
    pass


_replace(AccessAttempt, AccessAttemptAdmin)
_replace(AccessLog, AccessLogAdmin)
_replace(AccessFailureLog, AccessFailureLogAdmin)


def _attempt(obj) -> dict:
    return {"username": obj.username or _("unknown"),
            "time": formats.localize(localtime(obj.attempt_time)) if obj.attempt_time else "—"}


# axes names its records in English with the time to the microsecond ("Access Log for admin @ 2026-12-03
# 11:52:37.711812+00:00"): the title, breadcrumbs, history and delete pages of the back office print it.
AccessLog.__str__ = lambda self: str(_("%(username)s signed in at %(time)s") % _attempt(self))
AccessFailureLog.__str__ = lambda self: str(_("%(username)s failed to sign in at %(time)s") % _attempt(self))
AccessAttempt.__str__ = lambda self: str(_("%(username)s tried to sign in, last at %(time)s") % _attempt(self))
