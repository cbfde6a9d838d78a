"""The alliance's pages (issue #17)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from liandong.alliance import selectors


@login_required
def overview(request):
    if not selectors.can_read_alliance(request.user):
        raise Http404
    return render(request, "alliance/overview.html", {})
