"""The JSON API under /api/v1/ (docs/api.md), OpenAPI at /api/v1/docs.

Authentication: ``Authorization: Bearer <token>`` from ``POST /api/v1/auth/token``, or the browser
session. Errors are ``{"message", "extra"}`` with 400, 401, 403, 404 (also for objects outside the
caller's scope) or 409 (stale write).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from liandong.accounts.tokens import BearerToken
from liandong.core.errors import ApplicationError
from liandong.core.registry import liandong_apps, resolve

api = NinjaAPI(
    title="Liandong API",
    version="1",
    description="链动 — industrial-chain platform API. Errors: {\"message\", \"extra\"}.",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
)


def _error(request, message: str, status: int, extra: dict | None = None):
    return api.create_response(request, {"message": message, "extra": extra or {}}, status=status)


@api.exception_handler(ApplicationError)
def application_error(request, exc: ApplicationError):
    return _error(request, exc.message, exc.status, exc.extra)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return _error(request, _("Invalid input."), 400, {"errors": exc.errors})


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return _error(request, _("Authentication required."), 401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, _("Not found."), 404)


def register_routers() -> None:
    """Mount every app's routers where it declares them (``LiandongApp.api_routers``)."""
    for app in liandong_apps():
        for mount in app.api_routers:
            api.add_router(mount.prefix, resolve(mount.router))


register_routers()
