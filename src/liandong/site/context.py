"""Template context shared by every page (settings.TEMPLATES context_processors)."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from liandong.accounts.scoping import actor_role_label
from liandong.core.registry import nav_entries
from liandong.notifications.selectors import unread_count


def is_back_office_user(user) -> bool:
    return bool(getattr(user, "is_staff", False))


def navigation(request: HttpRequest, user) -> list[dict]:
    """The top navigation: every app's entries (core.registry.NavEntry) the user may see, in order."""
    match = getattr(request, "resolver_match", None)
    return [{"label": entry.label, "url": reverse(entry.url_name), "active": entry.is_active(match)}
            for entry in nav_entries() if entry.shown_to(user)]


def site(request: HttpRequest) -> dict:
    """Site name, the actor's role label, the navigation and the unread-notification count."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "nav": navigation(request, user) if signed_in else [],
        "unread_notifications": unread_count(user) if signed_in else 0,
        "SITE_NAME": settings.SITE_NAME,
        "ACTOR_ROLE": actor_role_label(user) if signed_in else "",
    }
