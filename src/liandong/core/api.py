"""The JSON API under /api/v1/ (docs/api.md), OpenAPI at /api/v1/docs.

Authentication: ``Authorization: Bearer <token>`` from ``POST /api/v1/auth/token``, or the browser
session. Errors are ``{"message", "extra"}`` with 400, 401, 403, 404 (also for objects outside the
caller's scope) or 409 (stale write).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, django_auth

from liandong.core.errors import ApplicationError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        from liandong.accounts.models import ApiToken

        found = (ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token),
                                                                 expires_at__gt=timezone.now()).first())
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


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
    from liandong.accounts.api import router as auth_router
    from liandong.appeals.api import notifications_router
    from liandong.appeals.api import router as appeals_router
    from liandong.chains.api import router as chains_router
    from liandong.enterprises.api import imports_router
    from liandong.enterprises.api import router as enterprises_router
    from liandong.events.api import router as events_router
    from liandong.matchmaking.api import router as matchmaking_router
    from liandong.policies.api import router as policies_router
    from liandong.stats.api import router as stats_router

    api.add_router("/auth", auth_router)
    api.add_router("/enterprises", enterprises_router)
    api.add_router("/chains", chains_router)
    api.add_router("/imports", imports_router)
    api.add_router("/stats", stats_router)
    api.add_router("/appeals", appeals_router)
    api.add_router("/notifications", notifications_router)
    api.add_router("/events", events_router)
    api.add_router("/policies", policies_router)
    api.add_router("/matchmaking", matchmaking_router)


register_routers()
