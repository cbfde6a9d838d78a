"""The third-party apps under Chinese names in the back office (#13 item 13: the admin showed
"AUDIT LOG" and "AXES"). INSTALLED_APPS names these configurations instead of ``auditlog`` and
``axes``; everything else (labels, models, ``ready``) is the apps' own.

Kept out of ``core/apps.py``: Django picks an app's default configuration from its ``apps`` module only
when that module holds exactly one."""

from __future__ import annotations

from auditlog.apps import AuditlogConfig as _AuditlogConfig
from axes.apps import AppConfig as _AxesConfig
from django.utils.translation import gettext_lazy as _


class AuditlogConfig(_AuditlogConfig):
    verbose_name = _("Operation audit")


class AxesConfig(_AxesConfig):
    verbose_name = _("Login security")
