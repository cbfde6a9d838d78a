"""Pages as a signed-in user sees them: a logged-in test client and the visible text of a page."""

from __future__ import annotations

import re

from django.test import Client


def client_for(user) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def visible_text(html: str) -> str:
    """The visible text (scripts, styles and tags removed, whitespace collapsed)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
