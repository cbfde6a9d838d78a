"""The one application error (HackSoft Django Styleguide, "Errors & exception handling").

Services raise ``ApplicationError(message, extra)``; the API renders it as
``{"message": ..., "extra": ...}`` with the status it carries (400 unless told otherwise).

    ApplicationError          bad input or a refused action        -> 400
    ├── PermissionDeniedError the actor may see it but not do this  -> 403
    ├── NotFoundError         missing, or outside the actor's scope -> 404
    └── ConflictError         stale write (version mismatch)        -> 409
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    status = 400

    def __init__(self, message: str, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = str(message)
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    status = 403


class NotFoundError(ApplicationError):
    status = 404


class ConflictError(ApplicationError):
    status = 409
