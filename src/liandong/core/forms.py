"""Errors of the hand-written forms, named by their field (Review #13 item 17).

Services refuse input with ``ApplicationError(message, {"field": key})``. Every page shows such an
error through ``field_message``: the field's label as the form shows it, then the message —
"地点：此项必填。" — never a bare "此项必填。" above the form. Each view module keeps one mapping of
its fields' keys to the labels its template uses (the same msgids, so the words match).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.utils.text import capfirst
from django.utils.translation import get_language

from liandong.core.errors import ApplicationError


def field_message(err: ApplicationError, labels: Mapping[str, str]) -> str:
    """The message, led by the label of the field it is about (when the error names a field the form
    labels; a message that already starts with the label is left as it is)."""
    key = err.extra.get("field")
    label = labels.get(key) if key else None
    if not label:
        return err.message
    label = capfirst(str(label))
    if err.message.startswith((f"{label}：", f"{label}: ")):
        return err.message
    colon = "：" if (get_language() or "").startswith("zh") else ": "  # the full-width colon in Chinese
    return f"{label}{colon}{err.message}"


def form_error(request, err: ApplicationError, labels: Mapping[str, str]) -> None:
    """Show a refused form's error on the next page (Django messages), named by its field."""
    messages.error(request, field_message(err, labels))
