"""Uploads of any size are refused before they are read (#13 item 9; docs/api.md#uploads).

Three guards, all at ``settings.LIANDONG_MAX_UPLOAD_MB`` (default 20):

- ``UploadLimitMiddleware`` looks at Content-Length before anything touches ``request.body`` or
  ``request.FILES`` and answers 413 (``{"message", "extra"}`` under /api/, a Chinese page elsewhere),
  for every role and every endpoint. A chunked body (no Content-Length) is counted while it streams
  into a spooled file and refused as soon as it passes the cap. (DATA_UPLOAD_MAX_MEMORY_SIZE and
  FILE_UPLOAD_MAX_MEMORY_SIZE do not cap files streamed to disk.)
- ``CappedUploadHandler``, first in FILE_UPLOAD_HANDLERS, counts what the multipart parser receives
  and raises ``UploadTooLarge`` past the cap: the last word if a request reaches a parser unchecked.
  Not ``StopUpload``: the parser swallows that and hands the view a silently truncated upload.
- ``upload_view`` (pages) and ``api_upload_gate`` (django-ninja operations) check the permission
  before the body is read: a refused user gets 403/404 and the server never parses the upload (Django's
  CSRF check, which reads ``request.POST``, runs after the permission on these views).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
CHUNK = 64 * 1024


class UploadTooLarge(Exception):
    """The request body passed ``LIANDONG_MAX_UPLOAD_MB``; answered with 413."""


def max_upload_bytes() -> int:
    return int(settings.LIANDONG_MAX_UPLOAD_MB) * 1024 * 1024


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def too_large_response(request: HttpRequest) -> HttpResponse:
    """413: JSON ``{"message", "extra"}`` for the API, a Chinese page for people."""
    mb = int(settings.LIANDONG_MAX_UPLOAD_MB)
    message = _("The file is too large: uploads may be at most %(mb)d MB. Split the file and upload the parts.") % {
        "mb": mb}
    if _is_api(request):
        return JsonResponse({"message": message, "extra": {"max_mb": mb}}, status=413)
    return render(request, "core/upload_too_large.html", {"message": message, "max_mb": mb}, status=413)


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _is_chunked(request: HttpRequest) -> bool:
    return "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()


def _spool_chunked(request: HttpRequest, cap: int) -> bool:
    """Read a chunked body (the server has undone the chunking) into a spooled file, counting; stop
    at the cap. On success the request reads the spooled copy with its now known length."""
    source = request.META["wsgi.input"]
    spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    total = 0
    while chunk := source.read(CHUNK):
        total += len(chunk)
        if total > cap:
            spool.close()
            return False
        spool.write(chunk)
    spool.seek(0)
    request.META["CONTENT_LENGTH"] = str(total)
    request._stream = LimitedStream(spool, total)
    request._upload_spool = spool  # closed with the request
    return True


class UploadLimitMiddleware:
    """413 before the body is read (see the module docstring). Placed after AuthenticationMiddleware,
    so the page can name the user, and before anything reads the body (nothing in the middleware
    chain before it does: CSRF reads ``request.POST`` only when views are processed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in BODY_METHODS:
            cap = max_upload_bytes()
            length = _declared_length(request)
            if length is not None and length > cap:
                return too_large_response(request)
            if length is None and _is_chunked(request) and not _spool_chunked(request, cap):
                return too_large_response(request)
        response = self.get_response(request)
        spool = getattr(request, "_upload_spool", None)
        if spool is not None:
            spool.close()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UploadTooLarge):
            return too_large_response(request)
        return None


class CappedUploadHandler(FileUploadHandler):
    """Counts the bytes of a multipart body as the parser receives them; raises ``UploadTooLarge``
    past the cap (the handlers after it store the data: memory, then temporary files)."""

    def __init__(self, request: HttpRequest | None = None):
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > max_upload_bytes():
            raise UploadTooLarge
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            raise UploadTooLarge
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


Check = Callable[..., HttpResponse | None]


def upload_view(check: Check) -> Callable:
    """Decorate a page that receives files: on POST, ``check(request, *args, **kwargs)`` runs first
    (raise Http404/PermissionDenied or return a response to refuse), then the CSRF check, then the
    view. Put ``@login_required`` above it."""

    def decorate(view: Callable) -> Callable:
        protected = csrf_protect(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if request.method in BODY_METHODS:
                    refused = check(request, *args, **kwargs)
                    if refused is not None:
                        return refused
                return protected(request, *args, **kwargs)
            except UploadTooLarge:
                return too_large_response(request)

        wrapper.csrf_exempt = True  # the middleware's CSRF check would read the body first; `protected` does it after
        return wrapper

    return decorate
