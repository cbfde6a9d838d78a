"""The actor a CLI command works as: the operator (system) or a named user (``--user``)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from liandong.accounts.scoping import SYSTEM


def add_user_argument(parser) -> None:
    parser.add_argument("--user", help="act as this user (scope and audit); default: the operator")


def resolve_actor(username: str | None):
    if not username:
        return SYSTEM
    from liandong.accounts.models import User

    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise CommandError(_("No active user %(name)s.") % {"name": username}) from None
