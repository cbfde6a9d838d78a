"""The Content-Security-Policy header on every response (issue #14 item 7).

Pages carry no script of their own: every script is a static file (``liandong/*.js``, the vendored
ECharts and HTMX), chart data travels in ``json_script`` elements, handlers are attached by the static
files, and HTMX is configured (``htmx-config`` meta in base.html) not to ``eval`` nor to run scripts
in swapped content. So scripts come from ``'self'`` only, never ``'unsafe-inline'`` or
``'unsafe-eval'``. Styles keep ``'unsafe-inline'``: templates set a chart's height or a legend dot's
colour in ``style=""``, and ECharts and Swagger UI style their elements inline.

The admin site (Django's own static scripts, no inline script since Django 4.x) and ninja's Swagger
page at /api/v1/docs (``ninja`` is in INSTALLED_APPS, so it serves Swagger UI from its static files,
not a CDN, and starts it from ``swagger-ui-init.js``) need nothing more, so they get the same policy:
there is no exemption. A response that already sets the header keeps its own.
"""

from __future__ import annotations

POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
))


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
