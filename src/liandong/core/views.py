from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


# --- error pages (review #13 item 12) --------------------------------------------------------------
def forbidden(request, exception=None):
    """403 in the site's layout, with the reason the view refused (``PermissionDenied("…")``)."""
    reason = str(exception or "").strip() or _("Your account may not open this page.")
    return render(request, "403.html", {"reason": reason}, status=403)


def not_found(request, exception=None):
    """404 in the site's layout; the same words whether the page is missing or outside the actor's
    scope, so a guessed identifier reveals nothing (accounts/scoping.py)."""
    return render(request, "404.html", status=404)


def server_error(request):
    """500: a plain page rendered without the request's context, so it needs no database."""
    return HttpResponseServerError(loader.get_template("500.html").render())
