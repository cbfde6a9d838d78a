"""API authentication: bearer tokens (``Authorization: Bearer <token>``, docs/api.md#authentication)
and the gate that authenticates an upload before its body is read (core.uploads)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

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


def api_upload_gate(check: Callable[..., None]) -> Callable:
    """For ``ninja.decorators.decorate_view`` on an upload operation: authenticate (bearer token or
    session) and run ``check(actor, **path_params)`` — raising ApplicationError subclasses to refuse —
    before django-ninja parses the multipart body. The operation authenticates again as usual."""

    def decorate(run: Callable) -> Callable:
        @wraps(run)
        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = BearerToken()(request)
            if actor is None and request.user.is_authenticated:
                actor = request.user
            if actor is None:
                return JsonResponse({"message": _("Authentication required."), "extra": {}}, status=401)
            try:
                check(actor, **kwargs)
            except ApplicationError as err:
                return JsonResponse({"message": err.message, "extra": err.extra}, status=err.status)
            return run(request, *args, **kwargs)

        return gated

    return decorate
