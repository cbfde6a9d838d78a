"""Pages answer the application's errors in one place (issue #14 item 6; core/errors.py).

A view lets ``NotFoundError`` and ``PermissionDeniedError`` from selectors and services escape; this
middleware turns them into Django's ``Http404`` and ``PermissionDenied``, which Django hands to the
project's handlers (``core.views.not_found`` / ``forbidden``):

- ``NotFoundError`` → the Chinese 404 page, with the same words whether the object is missing or
  outside the actor's scope: the error's message (which may name the object) is not passed on.
- ``PermissionDeniedError`` → the 403 page showing the error's message as the reason.

Other ``ApplicationError``s stay the view's to handle (a form error, a 400 page). The JSON API does
not come through here: django-ninja catches its errors inside the operation and ``core.api``'s
exception handlers answer ``{"message", "extra"}`` with the error's status.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from liandong.core.errors import NotFoundError, PermissionDeniedError


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        """Raised here, Django's exception handling answers with handler404/handler403 and the
        response still passes back through every middleware."""
        if isinstance(exception, NotFoundError):
            raise Http404 from None
        if isinstance(exception, PermissionDeniedError):
            raise PermissionDenied(exception.message) from None
        return None
