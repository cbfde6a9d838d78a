"""Base models and field helpers shared by every app."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """A file someone attached (an appeal's evidence, a project's document): its original name, size
    and type, who uploaded it and when (checked and stored by core.attachments). Subclasses add the
    ``file`` field with their own ``upload_to`` and the link to what the file belongs to."""

    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("file type"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


WAN = Decimal(10000)
"""万元: the unit of amounts in files, forms and pages; the database stores yuan."""


def yuan_to_wan(value: Decimal | None) -> float | None:
    """An amount stored in yuan as 万元, for charts and JSON (no rounding)."""
    return None if value is None else float(value / WAN)


def wan_text(value: Decimal | None) -> str:
    """An amount stored in yuan as the exact 万元 a form's box shows ("150", "0.0001"; "" for none):
    no rounding and no grouping, so the form posted back unchanged stores the same yuan."""
    if value is None:
        return ""
    text = f"{Decimal(value) / WAN:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(verbose_name, **kwargs) -> models.DecimalField:
    """Money in yuan (docs/architecture.md#data: 万元 at the edges, yuan in the database)."""
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.DecimalField(verbose_name, max_digits=20, decimal_places=2, **kwargs)
