"""Organizations, users and their roles.

A user has exactly one role; the role and its scope (chains, department, enterprise) are all
that ``accounts.scoping`` needs to decide visibility.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Member department")
        PARK_OPERATOR = "park_operator", _("Park operator")
        UNIVERSITY = "university", _("University or institute")
        ASSOCIATION = "association", _("Association")
        FINANCIAL = "financial", _("Financial institution")
        ENTERPRISE = "enterprise", _("Enterprise")
        OFFICE = "office", _("Chain office")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    enterprise = models.OneToOneField(
        "enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="organization",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["kind", "order", "name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("District administrator")
        CHAIN_OFFICER = "chain_officer", _("Chain officer")
        DEPARTMENT = "department", _("Department staff")
        ENTERPRISE = "enterprise", _("Enterprise user")
        ANALYST = "analyst", _("Analyst (read-only)")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ANALYST)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="users",
        help_text=_("Required for enterprise users: the one enterprise they act for."),
    )
    chains = models.ManyToManyField(
        "chains.Chain", verbose_name=_("chains"), blank=True, related_name="officers",
        help_text=_("For chain officers: the chains they look after."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_department_head = models.BooleanField(
        _("head of the organization"), default=False,
        help_text=_("Receives the escalations (督办) of the organization's overdue appeals."))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    digest = models.CharField(_("token digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, *, now=None) -> tuple[ApiToken, str]:
        now = now or timezone.now()
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, digest=cls.hash(raw), created_at=now,
            expires_at=now + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
        )
        return token, raw
